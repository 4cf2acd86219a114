// The diagnosis card's vocabulary: how categories, channels and Meta's "where" read (types generated from waba-core/src/diagnose.rs).
import type { Diagnosis } from "../bindings/Diagnosis";
import type { ErrorCategory } from "../bindings/ErrorCategory";
import type { ErrorChannel } from "../bindings/ErrorChannel";
import type { ErrorSource } from "../bindings/ErrorSource";
import type { Tone } from "../components/StatusChip";

export type { DiagnoseResult } from "../bindings/DiagnoseResult";
export type { Diagnosis } from "../bindings/Diagnosis";
export type { MetaSaid } from "../bindings/MetaSaid";

export const CATEGORY: Record<ErrorCategory, { label: string; tone: Tone }> = {
  authorization: { label: "Authorization", tone: "accent" },
  integrity: { label: "Integrity", tone: "fail" },
  throttling: { label: "Throttling", tone: "warn" },
  sending: { label: "Sending", tone: "info" },
  templates: { label: "Templates", tone: "info" },
  registration: { label: "Registration", tone: "accent" },
  media: { label: "Media", tone: "neutral" },
  flows: { label: "Flows", tone: "neutral" },
  payments: { label: "Payments", tone: "neutral" },
  webhooks: { label: "Webhooks", tone: "info" },
  other: { label: "Other", tone: "neutral" },
};

export const CHANNEL: Record<ErrorChannel, { label: string; detail: string }> = {
  sync: { label: "Usually synchronous", detail: "the request itself is refused with an HTTP error." },
  webhook: { label: "Arrives in a status webhook", detail: "the send is accepted (HTTP 200 with a wamid) and fails later." },
  both: { label: "Synchronous or in a status webhook", detail: "watch both the HTTP answer and the status webhook." },
};

export const SOURCE: Record<ErrorSource, string> = {
  graphResponse: "a Graph API response",
  statusWebhook: "a status webhook (statuses[].errors)",
  valueErrors: "a webhook's value.errors",
  messageErrors: "an inbound message's errors",
  errorObject: "an error object",
  text: "free text",
  bareCode: "a code typed by hand",
};

/** "131047" or "190 / 463". */
export function codeLabel(d: Pick<Diagnosis, "code" | "subcode">): string {
  return d.subcode === null ? String(d.code) : `${d.code} / ${d.subcode}`;
}
