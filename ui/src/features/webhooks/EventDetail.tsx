// One stored webhook event opened from the feed: what the console read from it (the parsed essentials of a message, a
// status or a template update, and Meta's errors) and, behind a toggle, the change value exactly as Meta sent it.
import * as Collapsible from "@radix-ui/react-collapsible";
import { ChevronRight } from "lucide-react";
import { Fragment, useState, type ReactNode } from "react";
import type { StoredWebhookEvent } from "../../bindings/StoredWebhookEvent";
import type { WebhookError } from "../../bindings/WebhookError";
import type { WebhookEvent } from "../../bindings/WebhookEvent";
import { Chip, type Tone } from "../../components/StatusChip";
import { formatDateTime } from "../../lib/format";

/** The parsed event a stored one carries (`event`, typed `unknown` across IPC), or null when it is not one. */
export function eventOf(stored: StoredWebhookEvent): WebhookEvent | null {
  const event = stored.event;
  return typeof event === "object" && event !== null && "kind" in event && "field" in event ? (event as WebhookEvent) : null;
}

/** A kind's chip tone: failures and errors stand out, inbound messages are the accent, statuses information. */
export function kindTone(kind: string): Tone {
  if (kind === "error" || kind.endsWith(".failed")) return "fail";
  if (kind === "unknown" || kind.endsWith(".unknown")) return "warn";
  if (kind.startsWith("message.")) return "accent";
  if (kind.startsWith("status.")) return "info";
  return "neutral";
}

type Fact = [label: string, value: ReactNode];

const present = (fact: [string, ReactNode | null | undefined | false]): fact is Fact => fact[1] !== null && fact[1] !== undefined && fact[1] !== false && fact[1] !== "";

function essentials(event: WebhookEvent): Fact[] {
  const message = event.message;
  const status = event.status;
  const template = event.template;
  const pricing = status?.pricing;
  const facts: [string, ReactNode | null | undefined | false][] = [
    ["Meta's field", <code key="field">{event.field}</code>],
    ["WABA", event.wabaId],
    ["Phone number", event.displayPhoneNumber],
    ["Phone number ID", event.phoneNumberId],
    ["Time Meta gives", event.timestamp === null ? null : formatDateTime(new Date(event.timestamp * 1000).toISOString())],
    ["Message ID", message?.id ?? status?.id],
    ["Type", message?.messageType],
    ["From", message && [message.contactName, message.from ?? message.fromUserId].filter(Boolean).join(" · ")],
    ["To", message?.to],
    ["Text", message?.text],
    ["Replies to", message?.replyTo],
    ["Forwarded", message?.forwarded && "Yes"],
    ["Interactive", message?.interactiveType],
    ["Reply ID", message?.replyId],
    ["Reaction to", message?.reactionTo],
    ["About message", message?.originalMessageId],
    ["Media", message?.mediaId && [message.mediaId, message.mimeType].filter(Boolean).join(" · ")],
    ["Status", status?.status],
    ["Recipient", status && [status.recipientId, status.recipientType].filter(Boolean).join(" · ")],
    ["Conversation", status?.conversationId],
    ["Callback data", status?.callbackData],
    [
      "Pricing",
      pricing &&
        [pricing.category, pricing.pricingType, pricing.model, pricing.billable === null ? null : pricing.billable ? "billable" : "not billable"]
          .filter(Boolean)
          .join(" · "),
    ],
    ["Template", template && [template.name, template.language, template.id && `(${template.id})`].filter(Boolean).join(" ")],
    ["Template event", template?.event],
    ["Reason", template?.reason],
    ["Category", template?.category && (template.previousCategory ? `${template.previousCategory} → ${template.category}` : template.category)],
    ["Quality", template?.quality && (template.previousQuality ? `${template.previousQuality} → ${template.quality}` : template.quality)],
    ["Event", event.event],
  ];
  return facts.filter(present);
}

function Errors({ errors }: { errors: WebhookError[] }) {
  return (
    <ul className="event-detail__errors" data-testid="event-errors">
      {errors.map((error, i) => (
        <li key={`${error.code ?? "none"}-${i}`}>
          <Chip tone="fail">{error.code ?? "no code"}</Chip> {[error.title, error.message, error.details].filter(Boolean).join(" — ")}
        </li>
      ))}
    </ul>
  );
}

export function EventDetail({ stored }: { stored: StoredWebhookEvent }) {
  const [rawOpen, setRawOpen] = useState(false);
  const event = eventOf(stored);
  const errors = [...(event?.errors ?? []), ...(event?.message?.errors ?? []), ...(event?.status?.errors ?? [])];
  return (
    <section className="event-detail stack" aria-labelledby="event-detail-title" data-testid="event-detail" data-kind={stored.kind}>
      <header className="row">
        <h3 className="webhooks-subtitle" id="event-detail-title">
          Event #{stored.id}
        </h3>
        <Chip tone={kindTone(stored.kind)}>{stored.kind}</Chip>
        <span className="muted">received {formatDateTime(stored.receivedAt)}</span>
      </header>
      <p>{stored.summary}</p>
      {event ? (
        <dl className="facts">
          {essentials(event).map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
      ) : (
        <p className="muted">The console could not read this stored event back; its raw JSON is below.</p>
      )}
      {errors.length > 0 && <Errors errors={errors} />}
      <Collapsible.Root className="stack" style={{ gap: "var(--space-2)" }} open={rawOpen} onOpenChange={setRawOpen}>
        <Collapsible.Trigger className="disclosure" data-testid="event-raw-toggle">
          <ChevronRight size={14} aria-hidden />
          {rawOpen ? "Hide raw JSON" : "Show raw JSON"}
        </Collapsible.Trigger>
        <Collapsible.Content>
          <pre className="raw" data-testid="event-raw">
            {JSON.stringify(event?.value ?? stored.event, null, 2)}
          </pre>
        </Collapsible.Content>
      </Collapsible.Root>
    </section>
  );
}
