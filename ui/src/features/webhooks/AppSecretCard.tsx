// Part 1 of the Webhooks page, the app secret: whether the keychain holds it, a field to store (or replace) it, and Remove
// behind a confirmation. The stored value is never read back; the field holds a pasted secret only until it is saved.
import { FlaskConical, KeyRound, ShieldCheck, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import type { Profile } from "../../bindings/Profile";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorCard } from "../../components/ErrorCard";
import { Field } from "../../components/Field";
import { Skeleton, Spinner } from "../../components/Loading";
import { Chip } from "../../components/StatusChip";
import { fieldErrors } from "../../ipc";
import { useSandboxInfo } from "../../lib/queries";
import { useAppSecretStored, useClearAppSecret, useSetAppSecret } from "./queries";

function SecretState({ stored }: { stored: boolean | undefined }) {
  if (stored === undefined) return <Skeleton width={120} height={22} />;
  return (
    <span data-testid="app-secret-state" data-stored={stored}>
      {stored ? (
        <Chip tone="pass" icon={ShieldCheck}>
          Stored in the keychain
        </Chip>
      ) : (
        <Chip tone="warn" icon={KeyRound}>
          Not stored
        </Chip>
      )}
    </span>
  );
}

/** On a Sandbox profile: the sandbox's public test app secret, pasted into the field by one click. */
function SandboxSecret({ onUse }: { onUse: (secret: string) => void }) {
  const sandbox = useSandboxInfo();
  if (sandbox.isError) return <ErrorCard error={sandbox.error} onRetry={() => void sandbox.refetch()} />;
  return (
    <div className="callout callout--info">
      <FlaskConical size={18} aria-hidden />
      <div className="callout__body">
        <p>
          This profile talks to the built-in sandbox, which signs its webhooks with its own public test app secret{" "}
          {sandbox.data ? <code>{sandbox.data.sampleAppSecret}</code> : <Skeleton width={160} height={14} style={{ display: "inline-block" }} />}.
        </p>
      </div>
      <button
        type="button"
        className="btn"
        data-testid="app-secret-use-sample"
        disabled={!sandbox.data}
        onClick={() => sandbox.data && onUse(sandbox.data.sampleAppSecret)}
      >
        Use the sandbox&apos;s app secret
      </button>
    </div>
  );
}

export function AppSecretCard({ profile }: { profile: Profile }) {
  const stored = useAppSecretStored(profile.id);
  const save = useSetAppSecret(profile.id);
  const clear = useClearAppSecret(profile.id);
  const [secret, setSecret] = useState("");
  const [saved, setSaved] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    setSaved(false);
    clear.reset();
    save.mutate(secret, {
      onSuccess: () => {
        setSecret("");
        setSaved(true);
      },
    });
  }

  const secretError = fieldErrors(save.error).appSecret;
  const otherError = save.error && !secretError ? save.error : null;

  return (
    <section className="card" aria-labelledby="app-secret-title" data-testid="app-secret-card">
      <header className="card__header">
        <h2 className="card__title" id="app-secret-title">
          1. App secret
        </h2>
        <SecretState stored={stored.data} />
      </header>
      <form onSubmit={submit} noValidate aria-label="App secret">
        <div className="card__body stack">
          <p className="muted">
            With the app secret the console checks the <code>X-Hub-Signature-256</code> of every webhook the local receiver gets, and
            builds the app access token (<code>{"{app-id}|{app-secret}"}</code>) that reads and sets app {profile.appId}&apos;s webhook
            configuration. It is kept in your OS keychain and never shown again.
          </p>
          {stored.isError && <ErrorCard error={stored.error} onRetry={() => void stored.refetch()} />}
          {profile.kind === "sandbox" && <SandboxSecret onUse={setSecret} />}
          <Field
            id="app-secret"
            label={stored.data ? "Replace the app secret" : "App secret"}
            error={secretError}
            hint={
              <>
                App Dashboard › your app › App settings › Basic › App secret (Show). 32 hexadecimal characters. Press Enter or Save to store
                it.
              </>
            }
          >
            {(control) => (
              <input
                {...control}
                className="input input--mono"
                type="password"
                name="appSecret"
                data-testid="app-secret-input"
                autoComplete="off"
                autoCapitalize="off"
                autoCorrect="off"
                spellCheck={false}
                value={secret}
                onChange={(e) => {
                  setSecret(e.target.value);
                  setSaved(false);
                }}
              />
            )}
          </Field>
          {saved && (
            <p className="muted" role="status" data-testid="app-secret-saved">
              Stored in the keychain. The receiver checks signatures with it from its next start.
            </p>
          )}
          {clear.data !== undefined && !saved && (
            <p className="muted" role="status" data-testid="app-secret-removed">
              {clear.data ? "The app secret was removed from the keychain." : "There was no app secret to remove."}
            </p>
          )}
          {otherError && <ErrorCard error={otherError} />}
          {clear.error && <ErrorCard error={clear.error} />}
        </div>
        <div className="card__footer">
          <button type="submit" className="btn btn--primary" data-testid="app-secret-save" disabled={save.isPending}>
            {save.isPending ? <Spinner /> : <ShieldCheck size={16} aria-hidden />}
            Save
          </button>
          {stored.data && (
            <ConfirmDialog
              testId="app-secret-remove-dialog"
              title="Remove the app secret?"
              description={`The app secret of “${profile.name}” is removed from the OS keychain. The receiver can no longer start (a running one keeps checking with the secret it started with until it stops), and the app's webhook configuration cannot be read or set until you paste it again.`}
              confirmLabel="Remove app secret"
              onConfirm={() => {
                setSaved(false);
                clear.mutate();
              }}
            >
              <button type="button" className="btn btn--ghost btn--ghost-danger webhooks-push-right" data-testid="app-secret-remove" disabled={clear.isPending}>
                <Trash2 size={15} aria-hidden />
                Remove
              </button>
            </ConfirmDialog>
          )}
        </div>
      </form>
    </section>
  );
}
