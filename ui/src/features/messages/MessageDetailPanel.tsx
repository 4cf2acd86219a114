// One message of the log opened: where it stands and what that means, its timeline (the console's own steps and each
// status webhook), the error Meta gave with the catalogue's diagnosis, pricing, Meta's message ID and the console's
// reference (both copyable), and the request exactly as it was sent. Read again with a backoff while Meta has more to say,
// so delivered and then read show up without a reload.
import { Clock, X } from "lucide-react";
import { Link } from "react-router";
import type { MessageDetail } from "../../bindings/MessageDetail";
import { CopyableUrl } from "../../components/CopyableUrl";
import { DiagnosisCard } from "../../components/DiagnosisCard";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine } from "../../components/Loading";
import { RelativeTime } from "../../components/RelativeTime";
import { formatDateTime } from "../../lib/format";
import { KIND_LABEL, MessageStatusChip, STALE_EXPLANATION } from "./MessageStatusChip";
import { isInFlight, useMessageDetail, useStatusPolling } from "./queries";

function Timeline({ detail }: { detail: MessageDetail }) {
  return (
    <ol className="message-timeline" aria-label="Timeline, oldest first" data-testid="message-timeline">
      {detail.timeline.map((step, i) => (
        <li key={`${step.status}-${i}`} className="message-timeline__step" data-status={step.status}>
          <span className="message-timeline__dot" aria-hidden />
          <span className="message-timeline__status">{step.status}</span>
          <span className="muted" title={`Received ${formatDateTime(step.receivedAt)}`}>
            {formatDateTime(step.at)}
          </span>
        </li>
      ))}
    </ol>
  );
}

function Facts({ detail }: { detail: MessageDetail }) {
  const m = detail.message;
  return (
    <dl className="facts message-detail__facts">
      <dt>Recipient</dt>
      <dd className="mono">+{m.recipient}</dd>
      <dt>Type</dt>
      <dd>{KIND_LABEL[m.kind]}</dd>
      <dt>Sent from the console</dt>
      <dd>
        <RelativeTime iso={m.createdAt} />
      </dd>
      <dt>Pricing</dt>
      <dd data-testid="message-pricing">
        {m.pricingCategory === null && m.billable === null
          ? "Not known yet (it comes with the statuses)"
          : `${m.pricingCategory ?? "no category"}${m.billable === null ? "" : m.billable ? ", billable" : ", not billable"}`}
      </dd>
      <dt>Attempts</dt>
      <dd>{m.attempts === 1 ? "1 Graph call" : `${m.attempts} Graph calls (retried)`}</dd>
      <dt>Meta&apos;s message ID</dt>
      <dd data-testid="message-wamid">{m.wamid ? <CopyableUrl url={m.wamid} /> : <span className="muted">None: Meta did not accept it</span>}</dd>
      <dt title="Sent to Meta as biz_opaque_callback_data; its statuses carry it back">The console&apos;s reference</dt>
      <dd>
        <CopyableUrl url={m.reference} />
      </dd>
    </dl>
  );
}

function StaleNote({ statusAt }: { statusAt: string }) {
  return (
    <div className="callout callout--warn" data-testid="message-stale-note">
      <Clock size={16} aria-hidden />
      <div className="callout__body">
        <strong className="callout__title">
          No status since <RelativeTime iso={statusAt} />
        </strong>
        <p>
          {STALE_EXPLANATION} Check that the receiver runs and that the number's webhooks are routed to it on the{" "}
          <Link to="/webhooks">Webhooks page</Link>.
        </p>
      </div>
    </div>
  );
}

function DetailBody({ detail }: { detail: MessageDetail }) {
  const m = detail.message;
  return (
    <div className="stack message-detail__body">
      <div className="message-detail__state">
        <MessageStatusChip status={m.status} />
        <span className="muted">
          since <RelativeTime iso={m.statusAt} />
        </span>
      </div>
      <p data-testid="message-meaning">{detail.meaning}</p>
      {m.stale && <StaleNote statusAt={m.statusAt} />}
      {m.error && (
        <section className="stack message-detail__error" aria-label="The error" data-testid="message-error">
          <p>
            <strong>Meta said{m.error.code === null ? "" : ` (${m.error.code})`}:</strong> {m.error.metaMessage}
          </p>
          {m.error.diagnosis && <DiagnosisCard diagnosis={m.error.diagnosis} />}
        </section>
      )}
      <section className="stack message-detail__section" aria-labelledby="message-timeline-title">
        <h3 className="message-detail__subtitle" id="message-timeline-title">
          Timeline
        </h3>
        <Timeline detail={detail} />
      </section>
      <Facts detail={detail} />
      <section className="stack message-detail__section" aria-labelledby="message-request-title">
        <h3 className="message-detail__subtitle" id="message-request-title">
          The request as sent
        </h3>
        <pre className="raw" data-testid="message-request">
          {JSON.stringify(detail.request, null, 2)}
        </pre>
      </section>
    </div>
  );
}

export function MessageDetailPanel({ profileId, messageId, onClose }: { profileId: string; messageId: number; onClose: () => void }) {
  const detail = useMessageDetail(profileId, messageId);
  const data = detail.data;
  useStatusPolling(
    data !== undefined && isInFlight(data.message.status),
    data ? `${data.message.status}:${data.timeline.length}` : "",
    () => detail.refetch(),
  );
  return (
    <aside className="card message-detail" aria-labelledby="message-detail-title" data-testid="message-detail" data-id={messageId}>
      <header className="card__header">
        <h2 className="card__title message-detail__title" id="message-detail-title" title={data?.message.summary}>
          {data?.message.summary ?? "Message"}
        </h2>
        <button type="button" className="btn btn--ghost btn--icon" aria-label="Close the message" onClick={onClose}>
          <X size={16} aria-hidden />
        </button>
      </header>
      <div className="card__body">
        {detail.isPending && <LoadingLine>Reading the message…</LoadingLine>}
        {detail.isError && <ErrorCard error={detail.error} onRetry={() => void detail.refetch()} />}
        {data && <DetailBody detail={data} />}
      </div>
    </aside>
  );
}
