// Token page: paste the System User token for the active profile; it is checked with Meta before it is stored (a refused
// token never is; when Meta cannot be reached the admin keeps the current token or stores this one unverified); or clear it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound, ShieldAlert, ShieldCheck, ShieldX, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import type { CommandError } from "../../bindings/CommandError";
import type { ErrorCode } from "../../bindings/ErrorCode";
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

/** The check could not reach Meta (no answer, too slow, not JSON): the admin may keep the current token or store this one unchecked. */
const CANNOT_CHECK: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["unreachable", "timeout", "notJson"]);

/** Nothing was stored, and Meta could not say whether the token works: keep the current one, or store this one unverified. */
function UnverifiedChoice({ error, pending, onKeep, onStore }: { error: CommandError; pending: boolean; onKeep: () => void; onStore: () => void }) {
  return (
    <div className="stack token-choice" data-testid="token-unverified-choice" style={{ gap: "var(--space-3)" }}>
      <ErrorCard error={error} />
      <p className="muted">
        Nothing was stored. Store this token without Meta&apos;s check only if you are sure it is the right one: the checklist checks it as soon as
        Meta can be reached, and the token steps stay unchecked until then.
      </p>
      <div className="row">
        <button type="button" className="btn" data-testid="token-keep-current" onClick={onKeep} disabled={pending}>
          Keep the current token
        </button>
        <button type="button" className="btn btn--primary" data-testid="token-store-unverified" onClick={onStore} disabled={pending}>
          {pending ? <Spinner /> : <ShieldAlert size={16} aria-hidden />}
          Store it unverified
        </button>
      </div>
    </div>
  );
}

function NotStored({ hadToken }: { hadToken: boolean }) {
  return (
    <p className="callout callout--warn" data-testid="token-not-stored" role="status">
      <ShieldX size={18} aria-hidden />
      <span>
        <strong>Meta refused this token, so it was not stored.</strong>{" "}
        {hadToken ? "The profile keeps its current token." : "The profile still has no token."} The card below says what is wrong with
        this one; paste a working System User token instead.
      </span>
    </p>
  );
}

function ProfileToken({ profile }: { profile: Profile }) {
  const queryClient = useQueryClient();
  const checklist = useChecklist(profile.id);
  const [token, setToken] = useState("");
  const [kept, setKept] = useState(false);

  const save = useMutation({
    mutationFn: ipc.setToken,
    // The mutation's variables hold the token: drop them as soon as nothing observes the mutation.
    gcTime: 0,
    onSuccess: (saved) => {
      // A refused token is not stored: it stays in the field, and the stored one (if any) is unchanged.
      if (!saved.stored) return;
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
  const cannotCheck = save.error && CANNOT_CHECK.has(save.error.code) && !save.variables?.storeUnverified ? save.error : null;
  const otherError = save.error && !tokenError && !cannotCheck ? save.error : null;
  const hadToken = checklist.data?.token.state !== "missing";
  // Offer "Clear" unless the backend told us nothing is stored (a failed check may still hide a stored token).
  const knownMissing = !save.data?.stored && checklist.data?.token.state === "missing";

  function send(storeUnverified: boolean) {
    if (save.isPending) return;
    setKept(false);
    save.mutate({ profileId: profile.id, token, storeUnverified });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    send(false);
  }

  function keepCurrent() {
    save.reset();
    setKept(true);
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
            {cannotCheck && <UnverifiedChoice error={cannotCheck} pending={save.isPending} onKeep={keepCurrent} onStore={() => send(true)} />}
            {kept && (
              <p className="muted" data-testid="token-kept" role="status">
                {hadToken ? "Kept the current token." : "Nothing was stored."} The pasted token is still in the field: save it again once Meta
                can be reached.
              </p>
            )}
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
        {save.data && !save.data.stored && <NotStored hadToken={hadToken} />}
        {save.data?.stored && !save.data.report && (
          <p className="callout callout--info" data-testid="token-stored-unverified" role="status">
            <ShieldAlert size={18} aria-hidden />
            <span>
              <strong>Stored without Meta&apos;s check.</strong> The token is in the keychain; the checklist checks it when Meta can be reached.
            </span>
          </p>
        )}
        {save.data?.report ? (
          <TokenCard report={save.data.report} profile={profile} title={save.data.stored ? "Stored token" : "Pasted token (not stored)"} />
        ) : (
          <StoredTokenStatus profile={profile} />
        )}
      </div>
    </>
  );
}

export function TokenPage() {
  return <ActiveProfileGate>{(profile) => <ProfileToken key={profile.id} profile={profile} />}</ActiveProfileGate>;
}
