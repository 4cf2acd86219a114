// The inbound messages the window's receiver stored for the profile's WABA (webhook events of kind `message.*`), newest
// first, each with "Mark as read": the blue ticks the customer sees, sent to Meta with the message's ID. Each reply also
// opens that customer's 24-hour window, which the Send page reads from the same events.
import { CheckCheck, Inbox } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import type { CommandError } from "../../bindings/CommandError";
import type { Profile } from "../../bindings/Profile";
import type { StoredWebhookEvent } from "../../bindings/StoredWebhookEvent";
import { EmptyState } from "../../components/EmptyState";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine, Spinner } from "../../components/Loading";
import { RelativeTime } from "../../components/RelativeTime";
import { eventOf } from "../webhooks/EventDetail";
import { useInboundMessages, useMarkRead } from "./queries";

type Outcome = { wamid: string; ok: true } | { wamid: string; ok: false; error: CommandError };

function InboundRow({ stored, outcome, busy, onMarkRead }: { stored: StoredWebhookEvent; outcome: Outcome | undefined; busy: boolean; onMarkRead: (wamid: string) => void }) {
  const message = eventOf(stored)?.message ?? null;
  const from = message ? [message.contactName, message.from ? `+${message.from}` : message.fromUserId].filter(Boolean).join(" · ") : null;
  return (
    <li className="inbound-row" data-testid="inbound-message" data-wamid={message?.id}>
      <div className="inbound-row__main">
        <div className="row">
          <strong>{from ?? "Unknown sender"}</strong>
          <span className="muted">
            <RelativeTime iso={stored.receivedAt} />
          </span>
        </div>
        <p className="inbound-row__text">{message?.text ?? stored.summary}</p>
        {outcome?.ok && (
          <p className="inbound-row__done" role="status" data-testid="inbound-marked">
            <CheckCheck size={14} aria-hidden /> Marked as read: the sender now sees blue ticks.
          </p>
        )}
        {outcome && !outcome.ok && <ErrorCard error={outcome.error} />}
      </div>
      {message && (
        <button type="button" className="btn btn--sm" data-testid="inbound-mark-read" disabled={busy || outcome?.ok === true} onClick={() => onMarkRead(message.id)}>
          {busy ? <Spinner /> : <CheckCheck size={14} aria-hidden />}
          Mark as read
        </button>
      )}
    </li>
  );
}

export function InboundPanel({ profile }: { profile: Profile }) {
  const inbound = useInboundMessages(profile.wabaId);
  const markRead = useMarkRead(profile.id);
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const events = inbound.data?.events ?? [];

  function mark(wamid: string) {
    markRead.mutate(wamid, {
      onSuccess: () => setOutcomes((o) => ({ ...o, [wamid]: { wamid, ok: true } })),
      onError: (error) => setOutcomes((o) => ({ ...o, [wamid]: { wamid, ok: false, error } })),
    });
  }

  return (
    <section className="card" aria-labelledby="inbound-title" data-testid="inbound">
      <header className="card__header">
        <h2 className="card__title" id="inbound-title">
          Inbound messages
        </h2>
        <span className="muted">What customers wrote to the number, as the receiver stored it</span>
      </header>
      <div className="card__body stack">
        {inbound.isPending && <LoadingLine>Reading the stored messages…</LoadingLine>}
        {inbound.isError && <ErrorCard error={inbound.error} onRetry={() => void inbound.refetch()} />}
        {inbound.data &&
          (events.length === 0 ? (
            <EmptyState
              icon={Inbox}
              title="No inbound message stored yet"
              action={
                <Link className="btn" to="/webhooks">
                  Open the Webhooks page
                </Link>
              }
            >
              Messages customers send appear here once the local receiver runs and Meta calls it (the number&apos;s or the WABA&apos;s
              callback set to it).
            </EmptyState>
          ) : (
            <ul className="inbound-list">
              {events.map((stored) => {
                const wamid = eventOf(stored)?.message?.id ?? "";
                return (
                  <InboundRow
                    key={stored.id}
                    stored={stored}
                    outcome={outcomes[wamid]}
                    busy={markRead.isPending && markRead.variables === wamid}
                    onMarkRead={mark}
                  />
                );
              })}
            </ul>
          ))}
      </div>
    </section>
  );
}
