// Token page: paste the System User token for the active profile, have it checked with Meta, see the verdict, or clear it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound, ShieldCheck, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import type { Profile } from "../../bindings/Profile";
import { ActiveProfileGate } from "../../components/ActiveProfileGate";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { Field } from "../../components/Field";
import { LoadingLine, Skeleton, Spinner } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { fieldErrors, ipc } from "../../ipc";
import { queryKeys, useChecklist } from "../../lib/queries";
import { SandboxCallout } from "./SandboxCallout";
import { TokenCard } from "./TokenCard";
import "./token.css";

function StoredTokenStatus({ profile }: { profile: Profile }) {
  const checklist = useChecklist(profile.id);
  if (checklist.isPending) {
    return (
      <section className="card card__body stack" aria-busy>
        <LoadingLine>Checking the stored token with Meta…</LoadingLine>
        <Skeleton width="60%" />
        <Skeleton width="40%" />
      </section>
    );
  }
  if (checklist.isError) return <ErrorCard error={checklist.error} onRetry={() => void checklist.refetch()} />;
  const token = checklist.data.token;
  switch (token.state) {
    case "checked":
      return <TokenCard report={token.report} profile={profile} />;
    case "unchecked":
      return (
        <section className="card card__body stack">
          <h2 className="card__title">The stored token could not be checked</h2>
          <ErrorCard error={token.error} onRetry={() => void checklist.refetch()} />
        </section>
      );
    case "missing":
      return (
        <section className="card">
          <EmptyState icon={KeyRound} title="No token stored for this profile">
            Paste the System User token above. It is checked with Meta as soon as you save it.
          </EmptyState>
        </section>
      );
  }
}

function ProfileToken({ profile }: { profile: Profile }) {
  const queryClient = useQueryClient();
  const checklist = useChecklist(profile.id);
  const [token, setToken] = useState("");

  const save = useMutation({
    mutationFn: ipc.setToken,
    // The mutation's variables hold the token: drop them as soon as nothing observes the mutation.
    gcTime: 0,
    onSuccess: () => {
      setToken("");
      return queryClient.invalidateQueries({ queryKey: queryKeys.checklist(profile.id) });
    },
  });
  const clear = useMutation({
    mutationFn: ipc.clearToken,
    onSuccess: () => {
      save.reset();
      return queryClient.resetQueries({ queryKey: queryKeys.checklist(profile.id) });
    },
  });

  const tokenError = fieldErrors(save.error).token;
  const otherError = save.error && !tokenError ? save.error : null;
  // Offer "Clear" unless the backend told us nothing is stored (a failed check may still hide a stored token).
  const knownMissing = !save.data && checklist.data?.token.state === "missing";

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!save.isPending) save.mutate({ profileId: profile.id, token });
  }

  return (
    <>
      <PageHeader
        eyebrow={profile.name}
        title="Token"
        description="The System User token WABA Console uses for this profile. It is kept in your OS keychain and never shown again after you save it."
      />
      <div className="stack" style={{ gap: "var(--space-6)" }}>
        {profile.kind === "sandbox" && <SandboxCallout onUseSample={setToken} />}
        <form className="card" onSubmit={submit} noValidate aria-label="System User token">
          <div className="card__body stack">
            <Field
              id="token"
              label="System User token"
              error={tokenError}
              hint={
                <>
                  Meta Business Settings › Users › System users › Generate token. Pick this profile&apos;s app, expiry
                  Never, and both WhatsApp permissions. It starts with <code>EAA</code>.
                </>
              }
            >
              {(control) => (
                <input
                  {...control}
                  className="input input--mono"
                  type="password"
                  name="token"
                  data-testid="token-input"
                  autoComplete="off"
                  autoCapitalize="off"
                  autoCorrect="off"
                  spellCheck={false}
                  placeholder="EAA…"
                  value={token}
                  onChange={(e) => setToken(e.target.value)}
                />
              )}
            </Field>
            {otherError && <ErrorCard error={otherError} />}
            {clear.error && <ErrorCard error={clear.error} />}
          </div>
          <div className="card__footer">
            <button type="submit" className="btn btn--primary" data-testid="token-save" disabled={save.isPending}>
              {save.isPending ? <Spinner /> : <ShieldCheck size={16} aria-hidden />}
              {save.isPending ? "Checking with Meta…" : "Save & check"}
            </button>
            {!knownMissing && (
              <ConfirmDialog
                title="Clear the stored token?"
                description={`The token for “${profile.name}” is removed from the OS keychain. The checklist cannot check anything until you paste a token again.`}
                confirmLabel="Clear token"
                onConfirm={() => clear.mutate(profile.id)}
              >
                <button type="button" className="btn btn--ghost btn--ghost-danger token-clear" disabled={clear.isPending}>
                  <Trash2 size={15} aria-hidden />
                  Clear token
                </button>
              </ConfirmDialog>
            )}
          </div>
        </form>
        {save.data ? <TokenCard report={save.data} profile={profile} /> : <StoredTokenStatus profile={profile} />}
      </div>
    </>
  );
}

export function TokenPage() {
  return <ActiveProfileGate>{(profile) => <ProfileToken key={profile.id} profile={profile} />}</ActiveProfileGate>;
}
