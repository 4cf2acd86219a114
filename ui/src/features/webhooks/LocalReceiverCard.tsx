// Part 4 of the Webhooks page, the local receiver: start, restart or stop the window's receiver (port, verify token,
// loopback or every interface), where it runs and for which profile, the callback URL to paste once a tunnel exposes it,
// and the console's own signed test event. The feed of what it stored is EventFeed.
import { Play, RotateCw, Send, Square, TriangleAlert } from "lucide-react";
import { useState, type FormEvent, type ReactNode } from "react";
import type { Profile } from "../../bindings/Profile";
import type { ReceiverStatus } from "../../bindings/ReceiverStatus";
import { CopyableUrl } from "../../components/CopyableUrl";
import { ErrorCard } from "../../components/ErrorCard";
import { Field } from "../../components/Field";
import { LoadingLine, Spinner } from "../../components/Loading";
import { RelativeTime } from "../../components/RelativeTime";
import { Chip } from "../../components/StatusChip";
import { fieldErrors } from "../../ipc";
import { useProfiles } from "../../lib/queries";
import { useReceiverStatus, useSendTestEvent, useStartReceiver, useStopReceiver } from "./queries";

/** The path the receiver answers on (waba_receiver::DEFAULT_PATH). */
const RECEIVER_PATH = "/webhook";

/** The port as typed, or why it is not one: a whole number from 0 (any free port) to 65535. */
function parsePort(text: string): { port: number } | { error: string } {
  const trimmed = text.trim();
  const port = Number(trimmed);
  if (trimmed === "" || !/^\d+$/.test(trimmed) || port > 65535) {
    return { error: "The port is a whole number from 1 to 65535, or 0 to let the system pick any free port." };
  }
  return { port };
}

/** The callback URL for a tunnel's public base URL, or why it cannot be one (Meta calls https:// URLs only). */
export function callbackFromTunnel(base: string): { url: string } | { error: string } | null {
  const trimmed = base.trim();
  if (trimmed === "") return null;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return { error: "This is not a URL. Paste the tunnel's public address, for example https://example.trycloudflare.com." };
  }
  if (parsed.protocol !== "https:") return { error: "Meta calls https:// callback URLs only: paste the tunnel's https address." };
  const path = parsed.pathname.replace(/\/+$/, "");
  const withPath = path.endsWith(RECEIVER_PATH) ? path : `${path}${RECEIVER_PATH}`;
  return { url: `${parsed.origin}${withPath}` };
}

/** Rust's words with `backquoted` commands shown as code. */
function withCode(text: string): ReactNode[] {
  return text.split("`").map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

function StatusLine({ status, profile }: { status: ReceiverStatus; profile: Profile }) {
  const profiles = useProfiles();
  const owner = profiles.data?.profiles.find((p) => p.id === status.profileId);
  if (!status.running) {
    return (
      <div className="webhooks-status" data-testid="receiver-state" data-running="false">
        <Chip tone="neutral">Stopped</Chip>
        <span className="muted">Nothing listens for webhooks on this machine. Start the receiver to get events here.</span>
      </div>
    );
  }
  const forThisProfile = status.profileId === profile.id;
  return (
    <div className="stack" style={{ gap: "var(--space-2)" }}>
      <div className="webhooks-status" data-testid="receiver-state" data-running="true">
        <Chip tone="pass">Running</Chip>
        <span>
          at <span className="mono" data-testid="receiver-url">{status.localUrl}</span>
          {status.startedAt && (
            <>
              {" "}
              since <RelativeTime iso={status.startedAt} />
            </>
          )}
          , checking signatures with the app secret of “{owner?.name ?? status.profileId}”.{" "}
          {status.verifyTokenSet ? "Meta's verification GET is answered for its verify token." : "No verify token: Meta's verification GET is refused."}
        </span>
      </div>
      {!forThisProfile && (
        <p className="callout callout--warn" role="status">
          <TriangleAlert size={18} aria-hidden />
          <span>
            It runs for another profile, so events signed with “{profile.name}”&apos;s app secret are refused. Restart it here to receive this
            profile&apos;s webhooks.
          </span>
        </p>
      )}
      {status.warning && (
        <p className="callout callout--warn" role="status" data-testid="receiver-warning">
          <TriangleAlert size={18} aria-hidden />
          <span>{status.warning}</span>
        </p>
      )}
    </div>
  );
}

/** Where Meta must call: the tunnel's https base URL followed by the receiver's path, with the status's advice. */
function TunnelCallback({ status }: { status: ReceiverStatus }) {
  const [base, setBase] = useState("");
  const callback = callbackFromTunnel(base);
  return (
    <section className="stack webhooks-subsection" aria-labelledby="tunnel-title">
      <h3 className="webhooks-subtitle" id="tunnel-title">
        The callback URL for Meta
      </h3>
      <p className="muted" data-testid="receiver-tunnel-hint">
        {withCode(status.tunnelHint)}
      </p>
      <Field id="tunnel-base" label="Your tunnel's public URL" optional error={callback && "error" in callback ? callback.error : undefined}>
        {(control) => (
          <input
            {...control}
            className="input input--mono"
            type="url"
            data-testid="receiver-tunnel-base"
            placeholder="https://…trycloudflare.com"
            autoComplete="off"
            spellCheck={false}
            value={base}
            onChange={(e) => setBase(e.target.value)}
          />
        )}
      </Field>
      {callback && "url" in callback && (
        <p className="webhooks-callback" data-testid="receiver-callback-url">
          <span className="muted">Paste as the callback URL, with the same verify token:</span> <CopyableUrl url={callback.url} />
        </p>
      )}
    </section>
  );
}

function TestEvent({ profile, status }: { profile: Profile; status: ReceiverStatus }) {
  const send = useSendTestEvent(profile.id);
  const ready = status.running && status.profileId === profile.id;
  return (
    <section className="stack webhooks-subsection" aria-labelledby="test-event-title">
      <h3 className="webhooks-subtitle" id="test-event-title">
        Test event
      </h3>
      <div className="row">
        <button type="button" className="btn" data-testid="send-test-event" disabled={!ready || send.isPending} onClick={() => send.mutate()}>
          {send.isPending ? <Spinner /> : <Send size={15} aria-hidden />}
          Send a test event
        </button>
        <span className="muted">
          {ready
            ? "Signs a sample status webhook with the app secret, as Meta does, and posts it to the receiver."
            : "Start the receiver for this profile first."}
        </span>
      </div>
      {send.data && (
        <p
          className={`callout ${send.data.httpStatus === 200 ? "callout--pass" : "callout--warn"}`}
          role="status"
          data-testid="test-event-result"
          data-http-status={send.data.httpStatus}
        >
          <span>{send.data.message}</span>
        </p>
      )}
      {send.error && <ErrorCard error={send.error} />}
    </section>
  );
}

function ReceiverForm({ profile, status, appSecretStored }: { profile: Profile; status: ReceiverStatus; appSecretStored: boolean | undefined }) {
  const start = useStartReceiver();
  const stop = useStopReceiver();
  const [portText, setPortText] = useState(String(status.port));
  const [verifyToken, setVerifyToken] = useState("");
  const [allInterfaces, setAllInterfaces] = useState(status.listenOnAllInterfaces);
  const [portError, setPortError] = useState<string>();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (start.isPending) return;
    const parsed = parsePort(portText);
    if ("error" in parsed) {
      setPortError(parsed.error);
      return;
    }
    setPortError(undefined);
    stop.reset();
    start.mutate({ profileId: profile.id, port: parsed.port, listenOnAllInterfaces: allInterfaces, verifyToken: verifyToken === "" ? null : verifyToken });
  }

  const fields = fieldErrors(start.error);
  const otherError = start.error && Object.keys(fields).length === 0 ? start.error : null;
  const busy = start.isPending || stop.isPending;
  const noSecret = appSecretStored === false;

  return (
    <form onSubmit={submit} noValidate aria-label="Local receiver">
      <div className="card__body stack">
        <StatusLine status={status} profile={profile} />
        <div className="webhooks-form-row">
          <Field id="receiver-port" label="Port" error={portError ?? fields.port} hint="0 picks any free port.">
            {(control) => (
              <input
                {...control}
                className="input input--mono webhooks-port"
                inputMode="numeric"
                data-testid="receiver-port"
                value={portText}
                onChange={(e) => setPortText(e.target.value)}
              />
            )}
          </Field>
          <Field
            id="receiver-verify-token"
            label="Verify token"
            optional
            error={fields.verifyToken}
            hint="Meta's verification GET carries it (hub.verify_token); the receiver answers the challenge only when it matches. Use the same text in the callback's settings."
          >
            {(control) => (
              <input
                {...control}
                className="input input--mono"
                type="password"
                data-testid="receiver-verify-token"
                autoComplete="off"
                spellCheck={false}
                value={verifyToken}
                onChange={(e) => setVerifyToken(e.target.value)}
              />
            )}
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" data-testid="receiver-all-interfaces" checked={allInterfaces} onChange={(e) => setAllInterfaces(e.target.checked)} />
          Listen on all interfaces (0.0.0.0)
        </label>
        {allInterfaces && (
          <p className="callout callout--warn" data-testid="receiver-all-interfaces-warning">
            <TriangleAlert size={18} aria-hidden />
            <span>
              Other machines that can reach this one will be able to send the receiver requests. Only correctly signed POSTs are stored, but
              prefer 127.0.0.1 with a tunnel.
            </span>
          </p>
        )}
        {noSecret && (
          <p className="callout callout--warn" data-testid="receiver-needs-secret">
            <TriangleAlert size={18} aria-hidden />
            <span>The receiver checks every webhook&apos;s signature with the app secret: store it above first.</span>
          </p>
        )}
        {otherError && <ErrorCard error={otherError} />}
        {stop.error && <ErrorCard error={stop.error} />}
      </div>
      <div className="card__footer">
        <button type="submit" className="btn btn--primary" data-testid="receiver-start" disabled={busy || noSecret}>
          {start.isPending ? <Spinner /> : status.running ? <RotateCw size={15} aria-hidden /> : <Play size={15} aria-hidden />}
          {status.running ? "Restart" : "Start"}
        </button>
        {status.running && (
          <button type="button" className="btn" data-testid="receiver-stop" disabled={busy} onClick={() => stop.mutate()}>
            {stop.isPending ? <Spinner /> : <Square size={15} aria-hidden />}
            Stop
          </button>
        )}
      </div>
    </form>
  );
}

export function LocalReceiverCard({ profile, appSecretStored }: { profile: Profile; appSecretStored: boolean | undefined }) {
  const status = useReceiverStatus();
  return (
    <section className="card" aria-labelledby="receiver-title" data-testid="receiver-card">
      <header className="card__header">
        <h2 className="card__title" id="receiver-title">
          4. Local receiver
        </h2>
      </header>
      <p className="card__body muted webhooks-intro">
        A receiver inside the app, on this machine, for onboarding and test sends: it answers Meta&apos;s verification GET with the raw
        challenge, accepts only POSTs signed with the app secret, and stores every event before it answers 200.
      </p>
      {status.isPending && (
        <div className="card__body">
          <LoadingLine>Reading the receiver&apos;s state…</LoadingLine>
        </div>
      )}
      {status.isError && (
        <div className="card__body">
          <ErrorCard error={status.error} onRetry={() => void status.refetch()} />
        </div>
      )}
      {status.data && (
        <>
          <ReceiverForm profile={profile} status={status.data} appSecretStored={appSecretStored} />
          <div className="card__body stack webhooks-divided">
            <TunnelCallback status={status.data} />
            <TestEvent profile={profile} status={status.data} />
          </div>
        </>
      )}
    </section>
  );
}
