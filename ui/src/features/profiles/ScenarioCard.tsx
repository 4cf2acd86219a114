// For a sandbox profile: pick which situation the built-in sandbox simulates (a fresh number, a healthy setup, ...).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import type { Profile } from "../../bindings/Profile";
import { ErrorCard } from "../../components/ErrorCard";
import { Field } from "../../components/Field";
import { Skeleton } from "../../components/Loading";
import { Select } from "../../components/Select";
import { ipc } from "../../ipc";
import { queryKeys, useSandboxInfo } from "../../lib/queries";

export function ScenarioCard({ profile }: { profile: Profile }) {
  const queryClient = useQueryClient();
  const sandbox = useSandboxInfo();
  const setScenario = useMutation({
    mutationFn: ipc.setSandboxScenario,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.profiles }),
        queryClient.invalidateQueries({ queryKey: queryKeys.sandboxInfo }),
        queryClient.invalidateQueries({ queryKey: queryKeys.checklist(profile.id) }),
      ]),
  });
  const scenarios = sandbox.data?.scenarios ?? [];
  const current = scenarios.find((s) => s.name === profile.scenario);

  return (
    <section className="card" aria-labelledby={`scenario-${profile.id}`}>
      <header className="card__header">
        <div className="row">
          <FlaskConical size={17} aria-hidden className="muted" />
          <h2 className="card__title" id={`scenario-${profile.id}`}>
            Sandbox scenario · {profile.name}
          </h2>
        </div>
      </header>
      <div className="card__body stack">
        <p className="muted">
          The built-in sandbox simulates a WhatsApp Business Account. Choose the situation it plays; the checklist follows.
        </p>
        {sandbox.isError && <ErrorCard error={sandbox.error} onRetry={() => void sandbox.refetch()} />}
        {sandbox.isPending ? (
          <Skeleton height={36} width={320} />
        ) : (
          <Field id={`scenario-select-${profile.id}`} label="Scenario" hint={current?.summary}>
            {(control) => (
              <Select
                {...control}
                className="scenario-select"
                data-testid="scenario-select"
                value={profile.scenario ?? undefined}
                placeholder="Choose a scenario"
                disabled={setScenario.isPending}
                onValueChange={(scenario) => setScenario.mutate({ profileId: profile.id, scenario })}
                options={scenarios.map((s) => ({ value: s.name, label: s.name, description: s.summary }))}
              />
            )}
          </Field>
        )}
        {setScenario.error && <ErrorCard error={setScenario.error} />}
      </div>
    </section>
  );
}
