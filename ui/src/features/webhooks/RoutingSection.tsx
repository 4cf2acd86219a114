// Which callback Meta uses for the profile's number: the app's callback, the WABA's override and the number's override side
// by side, the most specific one that is set highlighted with Meta's explanation and the order it requires; below, a form to
// set or clear each override with its verify token, each call also to copy as curl.
import { Crown, Eraser, Save, TriangleAlert } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import type { CallbackLevel } from "../../bindings/CallbackLevel";
import type { CommandError } from "../../bindings/CommandError";
import type { GraphCall } from "../../bindings/GraphCall";
import type { Profile } from "../../bindings/Profile";
import type { WebhookRouting } from "../../bindings/WebhookRouting";
import { CopyCurlButton } from "../../components/CopyCurlButton";
import { ErrorCard } from "../../components/ErrorCard";
import { Spinner } from "../../components/Loading";
import { Chip } from "../../components/StatusChip";
import { fieldErrors } from "../../ipc";
import { CallbackFields, NO_CALLBACK, type CallbackValue } from "./CallbackFields";
import { useSetNumberOverride, useSubscribe } from "./queries";

const LEVELS: { level: CallbackLevel; title: string; what: string }[] = [
  { level: "app", title: "App", what: "The app's callback (part above): for every WABA subscribed to the app." },
  { level: "waba", title: "WABA override", what: "override_callback_uri of this WABA's subscription: for all its numbers." },
  { level: "number", title: "Number override", what: "The number's webhook_configuration: for this number only." },
];

function urlAt(routing: WebhookRouting, level: CallbackLevel): string | null {
  switch (level) {
    case "app":
      return routing.appCallback;
    case "waba":
      return routing.wabaOverride;
    case "number":
      return routing.numberOverride;
  }
}

function Levels({ routing }: { routing: WebhookRouting }) {
  return (
    <ol className="webhooks-levels" aria-label="Callback levels, from the least to the most specific">
      {LEVELS.map(({ level, title, what }) => {
        const url = urlAt(routing, level);
        const winner = routing.winner === level;
        return (
          <li key={level} className={`webhooks-level${winner ? " is-winner" : ""}`} data-testid={`routing-level-${level}`} data-winner={winner}>
            <div className="row">
              <strong>{title}</strong>
              {winner && (
                <Chip tone={routing.subscribed ? "pass" : "warn"} icon={Crown}>
                  Meta uses this
                </Chip>
              )}
            </div>
            <span className={url ? "mono webhooks-level__url" : "muted"}>{url ?? "not set"}</span>
            <span className="muted webhooks-note">{what}</span>
          </li>
        );
      })}
    </ol>
  );
}

interface OverrideFormProps {
  profileId: string;
  level: "waba" | "number";
  /** The Graph call that sets the override to `url`, or with null clears it (to copy as curl). */
  callFor: (url: string | null) => GraphCall;
  current: string | null;
  receiverUrl: string | null;
  pending: boolean;
  error: CommandError | null;
  onSave: (callback: CallbackValue, done: () => void) => void;
  onClear: () => void;
}

function OverrideForm({ profileId, level, callFor, current, receiverUrl, pending, error, onSave, onClear }: OverrideFormProps) {
  const [callback, setCallback] = useState<CallbackValue>(NO_CALLBACK);
  const errors = fieldErrors(error);
  const otherError = error && Object.keys(errors).length === 0 ? error : null;
  const title = level === "waba" ? "WABA override" : "Number override";
  const saveLabel = level === "waba" ? "Set the WABA override" : "Set the number override";

  function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    onSave(callback, () => setCallback(NO_CALLBACK));
  }

  return (
    <form className="stack webhooks-form" onSubmit={submit} noValidate aria-label={`Set the ${title}`} data-testid={`override-${level}-form`}>
      <h4 className="webhooks-minor-title">{title}</h4>
      <CallbackFields
        id={`override-${level}`}
        value={callback}
        onChange={setCallback}
        receiverUrl={receiverUrl}
        urlError={errors.overrideCallbackUri}
        verifyTokenError={errors.verifyToken}
        testIds={{
          url: `override-${level}-url`,
          verifyToken: `override-${level}-verify-token`,
          useReceiver: level === "waba" ? "override-use-receiver" : "override-number-use-receiver",
        }}
      />
      {otherError && <ErrorCard error={otherError} />}
      <div className="row">
        <button type="submit" className="btn btn--primary" data-testid={`override-${level}-save`} disabled={pending}>
          {pending ? <Spinner /> : <Save size={15} aria-hidden />}
          {saveLabel}
        </button>
        <CopyCurlButton profileId={profileId} call={callFor(callback.url)} what={saveLabel} testId={`copy-curl-override-${level}`} />
        {current && (
          <>
            <button type="button" className="btn btn--ghost" data-testid={`override-${level}-clear`} disabled={pending} onClick={onClear}>
              <Eraser size={15} aria-hidden />
              Clear it
            </button>
            <CopyCurlButton profileId={profileId} call={callFor(null)} what={`Clear the ${title}`} label="Copy the clear as curl" testId={`copy-curl-clear-${level}`} />
          </>
        )}
      </div>
    </form>
  );
}

export function RoutingSection({ profile, routing, receiverUrl }: { profile: Profile; routing: WebhookRouting; receiverUrl: string | null }) {
  const waba = useSubscribe(profile.id);
  const number = useSetNumberOverride(profile.id);
  // A refusal about the order ("subscribe first") is out of date once the subscription changes.
  const { reset: resetWaba } = waba;
  const { reset: resetNumber } = number;
  useEffect(() => {
    resetWaba();
    resetNumber();
  }, [routing.subscribed, resetWaba, resetNumber]);
  return (
    <section className="stack webhooks-subsection" aria-labelledby="routing-title" data-testid="routing">
      <h3 className="webhooks-subtitle" id="routing-title">
        Which callback Meta uses for number {routing.phoneNumberId}
      </h3>
      <Levels routing={routing} />
      <p data-testid="routing-explanation">{routing.explanation}</p>
      {!routing.subscribed && (
        <p className="callout callout--warn">
          <TriangleAlert size={18} aria-hidden />
          <span>The app is not subscribed to the WABA: nothing is delivered to any of these until you subscribe above.</span>
        </p>
      )}
      <p className="callout callout--info" data-testid="routing-order-note">
        <span>{routing.orderNote}</span>
      </p>
      <div className="webhooks-overrides">
        <OverrideForm
          profileId={profile.id}
          level="waba"
          callFor={(url) => ({ kind: "subscribeApp", overrideCallbackUri: url })}
          current={routing.wabaOverride}
          receiverUrl={receiverUrl}
          pending={waba.isPending}
          error={waba.error}
          onSave={(callback, done) => waba.mutate(callback, { onSuccess: done })}
          onClear={() => waba.mutate(null)}
        />
        <OverrideForm
          profileId={profile.id}
          level="number"
          callFor={(url) => ({ kind: "setNumberOverride", phoneNumberId: null, overrideCallbackUri: url })}
          current={routing.numberOverride}
          receiverUrl={receiverUrl}
          pending={number.isPending}
          error={number.error}
          onSave={(callback, done) => number.mutate(callback, { onSuccess: done })}
          onClear={() => number.mutate(null)}
        />
      </div>
    </section>
  );
}
