// What the last send did: the message as the log holds it (its status, Meta's message ID, a link to the Messages log) and
// the checks' warnings; or why nothing was sent (the findings); or Meta's refusal, diagnosed, with the message kept in the
// log as refused.
import { CheckCircle2, CircleAlert, ScrollText } from "lucide-react";
import { Link } from "react-router";
import type { CommandError } from "../../bindings/CommandError";
import type { SentMessage } from "../../bindings/SentMessage";
import { ErrorCard } from "../../components/ErrorCard";
import { RelativeTime } from "../../components/RelativeTime";
import { MessageStatusChip } from "../messages/MessageStatusChip";
import { FindingList } from "./fields";

const logLink = (id?: number) => (id === undefined ? "/messages" : `/messages?id=${id}`);

/** Accepted; or unknown, told apart by what came instead of an answer (one cut short, or none). */
function headline(sent: SentMessage): string {
  if (sent.message.status !== "unknown") return "Meta accepted the message";
  return sent.noAnswer?.code === "notJson" ? "Sent, but Meta's answer could not be read" : "Sent, but no answer came";
}

export function SendOutcome({ sent, error }: { sent: SentMessage | undefined; error: CommandError | null }) {
  if (sent) {
    const m = sent.message;
    return (
      <section className="callout callout--pass send-outcome" role="status" aria-label="The message was sent" data-testid="send-outcome" data-status={m.status}>
        <CheckCircle2 size={18} aria-hidden />
        <div className="callout__body stack" style={{ gap: "var(--space-2)" }}>
          <p className="row">
            <strong>{headline(sent)}</strong>
            <MessageStatusChip status={m.status} />
            <span className="muted">
              <RelativeTime iso={m.createdAt} />
            </span>
          </p>
          <p className="muted">
            {m.summary} to <span className="mono">+{m.recipient}</span>
            {m.wamid && (
              <>
                {" "}
                · <code data-testid="sent-wamid">{m.wamid}</code>
              </>
            )}
          </p>
          {m.status === "unknown" && sent.noAnswer && <p data-testid="send-no-answer">{sent.noAnswer.message}</p>}
          {m.status === "unknown" && <p>It was not sent again, since Meta may have accepted it; the log will show it once its first status arrives.</p>}
          <FindingList findings={sent.warnings} label="Warnings of the checks" />
          <p>
            <Link to={logLink(m.id)} data-testid="open-in-log">
              <ScrollText size={14} aria-hidden /> Follow it in the Messages log
            </Link>
          </p>
        </div>
      </section>
    );
  }
  if (!error) return null;
  if (error.code === "sendBlocked") {
    return (
      <section className="callout callout--fail send-outcome" role="alert" data-testid="send-outcome" data-code={error.code}>
        <CircleAlert size={18} aria-hidden />
        <div className="callout__body stack" style={{ gap: "var(--space-2)" }}>
          <p>
            <strong>Not sent.</strong> {error.message}
          </p>
          {error.details?.kind === "findings" && <FindingList findings={error.details.findings} label="Why it was not sent" />}
        </div>
      </section>
    );
  }
  return (
    <div className="stack send-outcome" style={{ gap: "var(--space-2)" }} data-testid="send-outcome" data-code={error.code}>
      <ErrorCard error={error} />
      {error.code === "graph" && (
        <p className="muted">
          The message is in the <Link to={logLink()}>Messages log</Link> as refused, with this diagnosis.
        </p>
      )}
    </div>
  );
}
