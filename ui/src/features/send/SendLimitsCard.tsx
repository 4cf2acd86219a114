// The pace the console keeps for the profile's number: messages per second (Meta's throughput, 80 by default) and the
// pair limit (about one message per 6 s to the same recipient, with a burst allowance). The console sends no faster,
// so Meta's 130429 and 131056 do not happen. The backend checks the values; its field errors show under each field.
import * as Collapsible from "@radix-ui/react-collapsible";
import { ChevronRight, Gauge } from "lucide-react";
import { useState, type FormEvent } from "react";
import type { SendLimits } from "../../bindings/SendLimits";
import { ErrorCard } from "../../components/ErrorCard";
import { Field } from "../../components/Field";
import { LoadingLine } from "../../components/Loading";
import { fieldErrors } from "../../ipc";
import { useSendLimits, useSetSendLimits } from "./queries";

type LimitField = keyof SendLimits;

const FIELDS: { field: LimitField; label: string; hint: string }[] = [
  { field: "messagesPerSecond", label: "Messages per second", hint: "The number's throughput: Meta's default is 80, up to 1,000 after an upgrade." },
  { field: "pairIntervalSeconds", label: "Seconds between messages to one recipient", hint: "Meta's pair limit: about one message every 6 seconds to the same person (131056 past it)." },
  { field: "pairBurst", label: "Messages to one recipient at once", hint: "How many may go to one person before the interval applies." },
];

type Typed = Record<LimitField, string>;

const typedOf = (limits: SendLimits): Typed => ({
  messagesPerSecond: String(limits.messagesPerSecond),
  pairIntervalSeconds: String(limits.pairIntervalSeconds),
  pairBurst: String(limits.pairBurst),
});

/** The typed values as limits, or which fields are not whole numbers. */
function parse(typed: Typed): { limits: SendLimits } | { errors: Partial<Record<LimitField, string>> } {
  const errors: Partial<Record<LimitField, string>> = {};
  const value = (field: LimitField) => {
    const text = typed[field].trim();
    if (!/^\d+$/.test(text)) errors[field] = "Type a whole number, without decimals or signs.";
    return Number(text);
  };
  const limits = { messagesPerSecond: value("messagesPerSecond"), pairIntervalSeconds: value("pairIntervalSeconds"), pairBurst: value("pairBurst") };
  return Object.keys(errors).length ? { errors } : { limits };
}

function LimitsForm({ profileId, limits }: { profileId: string; limits: SendLimits }) {
  const save = useSetSendLimits(profileId);
  const [typed, setTyped] = useState<Typed>(() => typedOf(limits));
  const [local, setLocal] = useState<Partial<Record<LimitField, string>>>({});
  const remote = fieldErrors(save.error);
  const changed = JSON.stringify(typedOf(limits)) !== JSON.stringify(typed);

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parse(typed);
    if ("errors" in parsed) {
      setLocal(parsed.errors);
      return;
    }
    setLocal({});
    save.mutate(parsed.limits, { onSuccess: (saved) => setTyped(typedOf(saved)) });
  }

  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="send-limits-form">
      <div className="send-grid send-grid--3">
        {FIELDS.map(({ field, label, hint }) => (
          <Field key={field} id={`send-limit-${field}`} label={label} hint={hint} error={local[field] ?? remote[field]}>
            {(control) => (
              <input
                {...control}
                className="input"
                inputMode="numeric"
                value={typed[field]}
                onChange={(e) => {
                  setTyped({ ...typed, [field]: e.target.value });
                  setLocal({ ...local, [field]: undefined });
                }}
                data-testid={`send-limit-${field}`}
              />
            )}
          </Field>
        ))}
      </div>
      {save.isError && Object.keys(remote).length === 0 && <ErrorCard error={save.error} />}
      <div className="row">
        <button type="submit" className="btn btn--primary btn--sm" disabled={save.isPending || !changed}>
          {save.isPending ? "Saving…" : "Save the limits"}
        </button>
        {save.isSuccess && !changed && (
          <span className="muted" role="status">
            Saved: the console paces this number&apos;s sends by these limits.
          </span>
        )}
      </div>
    </form>
  );
}

export function SendLimitsCard({ profileId }: { profileId: string }) {
  const [open, setOpen] = useState(false);
  const limits = useSendLimits(profileId);
  const summary = limits.data ? `${limits.data.messagesPerSecond} per second; one per ${limits.data.pairIntervalSeconds} s to a recipient after ${limits.data.pairBurst}` : "";
  return (
    <Collapsible.Root className="card" open={open} onOpenChange={setOpen} data-testid="send-limits">
      <div className="card__header">
        <Collapsible.Trigger className="disclosure send-limits__trigger">
          <ChevronRight size={14} aria-hidden />
          <Gauge size={15} aria-hidden />
          <span className="card__title">Send limits</span>
        </Collapsible.Trigger>
        <span className="muted" data-testid="send-limits-summary">
          {summary}
        </span>
      </div>
      <Collapsible.Content>
        <div className="card__body">
          {limits.isPending && <LoadingLine>Reading the send limits…</LoadingLine>}
          {limits.isError && <ErrorCard error={limits.error} onRetry={() => void limits.refetch()} />}
          {limits.data && <LimitsForm profileId={profileId} limits={limits.data} />}
        </div>
      </Collapsible.Content>
    </Collapsible.Root>
  );
}
