// Beside the form: the exact call the send makes (`POST /{phone-number-id}/messages`), its JSON body and "Copy as curl"
// (the token as `$WA_TOKEN`), both copied to the clipboard with feedback; and whether the message's statuses will reach
// this console (they come only by webhook).
import { Check, Copy, Radio } from "lucide-react";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import type { DeliveryTracking } from "../../bindings/DeliveryTracking";
import type { GraphRequest } from "../../bindings/GraphRequest";
import { Chip } from "../../components/StatusChip";

type CopyState = "idle" | "copied" | "failed";

function CopyButton({ text, label, testId }: { text: string; label: string; testId: string }) {
  const [state, setState] = useState<CopyState>("idle");
  useEffect(() => {
    if (state === "idle") return;
    const id = window.setTimeout(() => setState("idle"), 2000);
    return () => window.clearTimeout(id);
  }, [state]);
  function copy() {
    if (!navigator.clipboard) {
      setState("failed");
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => setState("copied"),
      () => setState("failed"),
    );
  }
  return (
    <span className="row" style={{ gap: "var(--space-1)" }}>
      <button type="button" className="btn btn--sm" onClick={copy} data-testid={testId}>
        {state === "copied" ? <Check size={14} aria-hidden /> : <Copy size={14} aria-hidden />}
        {label}
      </button>
      <span role="status" className="send-copy-status" data-testid={`${testId}-status`}>
        {state === "copied" ? "Copied" : state === "failed" ? "The clipboard is not available: select the text and copy it." : ""}
      </span>
    </span>
  );
}

interface Props {
  request: GraphRequest | undefined;
  tracking: DeliveryTracking | undefined;
  /** The request shown is for an earlier version of the form (the latest one is being checked). */
  stale: boolean;
}

export function RequestPanel({ request, tracking, stale }: Props) {
  const body = request?.body ? JSON.stringify(request.body.value, null, 2) : "";
  return (
    <aside className="send-side stack" aria-label="The request">
      <section className="card" aria-labelledby="send-request-title" data-testid="request-panel" data-stale={stale}>
        <div className="card__header">
          <h2 className="card__title" id="send-request-title">
            Request
          </h2>
          {stale && <Chip tone="neutral">Checking…</Chip>}
        </div>
        <div className="card__body stack" style={{ gap: "var(--space-3)" }}>
          {request ? (
            <>
              <p className="mono send-request__line" data-testid="request-line">
                {request.method} {request.url}
              </p>
              <pre className="raw send-request__json" data-testid="request-json" tabIndex={0} aria-label="The request's JSON body">
                {body}
              </pre>
              <div className="row">
                <CopyButton text={body} label="Copy JSON" testId="copy-json" />
                <CopyButton text={request.curl} label="Copy as curl" testId="copy-curl" />
              </div>
              <p className="muted send-request__note">The curl command reads the token from $WA_TOKEN: export it in your shell first.</p>
            </>
          ) : (
            <p className="muted">The request shows here once the message is checked.</p>
          )}
        </div>
      </section>
      {tracking && (
        <section className="card" aria-labelledby="send-tracking-title" data-testid="tracking" data-receiver={tracking.receiverRunning}>
          <div className="card__header">
            <h2 className="card__title" id="send-tracking-title">
              Delivery statuses
            </h2>
            <Chip tone={tracking.receiverRunning ? "pass" : "warn"} icon={Radio}>
              {tracking.receiverRunning ? "Receiver running" : "Receiver stopped"}
            </Chip>
          </div>
          <div className="card__body stack" style={{ gap: "var(--space-2)" }}>
            <p>{tracking.note}</p>
            <Link to="/webhooks">{tracking.receiverRunning ? "See the webhook feed" : "Start the receiver on the Webhooks page"}</Link>
          </div>
        </section>
      )}
    </aside>
  );
}
