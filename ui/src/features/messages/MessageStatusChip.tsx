// A message's status as a chip, in the tone the log uses everywhere: on the phone (delivered, read, played) green, with
// Meta (accepted, sent) neutral, waiting for an answer (pending, unknown) amber, refused or failed red.
import { CheckCheck, CircleDashed, CircleHelp, Send, XCircle, type LucideIcon } from "lucide-react";
import type { MessageKind } from "../../bindings/MessageKind";
import type { MessageStatus } from "../../bindings/MessageStatus";
import { Chip, type Tone } from "../../components/StatusChip";

export const STATUS_LOOK: Record<MessageStatus, { label: string; tone: Tone; icon: LucideIcon }> = {
  pending: { label: "Pending", tone: "warn", icon: CircleDashed },
  accepted: { label: "Accepted", tone: "neutral", icon: Send },
  refused: { label: "Refused", tone: "fail", icon: XCircle },
  unknown: { label: "Outcome unknown", tone: "warn", icon: CircleHelp },
  sent: { label: "Sent", tone: "neutral", icon: Send },
  delivered: { label: "Delivered", tone: "pass", icon: CheckCheck },
  read: { label: "Read", tone: "pass", icon: CheckCheck },
  played: { label: "Played", tone: "pass", icon: CheckCheck },
  failed: { label: "Failed", tone: "fail", icon: XCircle },
};

/** Every status, in the order a message goes through them, for the status filter. */
export const STATUSES: MessageStatus[] = ["pending", "accepted", "unknown", "sent", "delivered", "read", "played", "failed", "refused"];

export const KIND_LABEL: Record<MessageKind, string> = {
  text: "Text",
  template: "Template",
  image: "Image",
  document: "Document",
  audio: "Audio",
  video: "Video",
  sticker: "Sticker",
  buttons: "Reply buttons",
  list: "List",
};

/** Why a message accepted long ago has no status: Meta reports within seconds (sent, or failed with its reason), so the webhooks most likely do not reach the console. */
export const STALE_EXPLANATION =
  "Meta accepted it, then nothing came. Meta reports \"sent\" within seconds, or \"failed\" with the reason (131047 for a free-form message to someone who has not written in 24 hours, 131026 for a number not on WhatsApp), so the status webhooks most likely do not reach this console.";

export function MessageStatusChip({ status }: { status: MessageStatus }) {
  const look = STATUS_LOOK[status];
  return (
    <span data-testid="message-status" data-status={status} data-tone={look.tone}>
      <Chip tone={look.tone} icon={look.icon}>
        {look.label}
      </Chip>
    </span>
  );
}
