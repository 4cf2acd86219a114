// The app's own webhook configuration for whatsapp_business_account (GET/POST /{app-id}/subscriptions with the app access
// token), so the admin needs no App Dashboard: the callback and fields Meta reports, its warnings (messages missing above
// all), and a form that sets the callback, verify token and fields.
import { Save, TriangleAlert } from "lucide-react";
import { useState, type FormEvent } from "react";
import type { AppWebhookConfig } from "../../bindings/AppWebhookConfig";
import type { Profile } from "../../bindings/Profile";
import { CopyCurlButton } from "../../components/CopyCurlButton";
import { ErrorCard } from "../../components/ErrorCard";
import { Spinner } from "../../components/Loading";
import { Chip } from "../../components/StatusChip";
import { fieldErrors } from "../../ipc";
import { CallbackFields, type CallbackValue } from "./CallbackFields";
import { useSetAppWebhook } from "./queries";

/** The fields worth delivering, `messages` first; the first five are proposed for a new configuration. */
const FIELDS: { name: string; what: string; proposed: boolean }[] = [
  { name: "messages", what: "inbound messages and the statuses of your sends", proposed: true },
  { name: "message_template_status_update", what: "a template approved, rejected, paused or disabled", proposed: true },
  { name: "phone_number_quality_update", what: "the number's quality rating and messaging limit", proposed: true },
  { name: "phone_number_name_update", what: "the display name's review", proposed: true },
  { name: "account_update", what: "the account's bans, restrictions and verification", proposed: true },
  { name: "account_review_update", what: "the account's review decision", proposed: false },
  { name: "account_alerts", what: "alerts about the account", proposed: false },
  { name: "template_category_update", what: "a template's category changed by Meta", proposed: false },
  { name: "message_template_quality_update", what: "a template's quality score", proposed: false },
  { name: "business_capability_update", what: "limits such as the number of phone numbers", proposed: false },
  { name: "security", what: "changes to the number's two-step verification", proposed: false },
  { name: "user_preferences", what: "a customer stopping or resuming marketing messages", proposed: false },
  { name: "history", what: "chat history shared by a WhatsApp Business app user", proposed: false },
  { name: "smb_message_echoes", what: "messages sent from the WhatsApp Business app", proposed: false },
  { name: "flows", what: "WhatsApp Flows' status and health", proposed: false },
];

function ConfigSummary({ config }: { config: AppWebhookConfig }) {
  return (
    <div className="stack" style={{ gap: "var(--space-2)" }} data-testid="app-webhook-config" data-active={config.active}>
      <dl className="facts">
        <dt>Callback URL</dt>
        <dd className="mono">{config.callbackUrl ?? <span className="muted">none</span>}</dd>
        <dt>State</dt>
        <dd>{config.active ? <Chip tone="pass">Active</Chip> : <Chip tone="warn">Not active</Chip>}</dd>
        <dt>Fields delivered</dt>
        <dd className="webhooks-chips" data-testid="app-webhook-fields">
          {config.fields.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            config.fields.map((field) => (
              <Chip key={field.name} tone={field.name === "messages" ? "accent" : "neutral"}>
                {field.name}
                {field.version ? ` ${field.version}` : ""}
              </Chip>
            ))
          )}
        </dd>
      </dl>
      {config.warnings.map((warning) => (
        <p key={warning} className="callout callout--warn" data-testid="app-webhook-warning">
          <TriangleAlert size={18} aria-hidden />
          <span>{warning}</span>
        </p>
      ))}
    </div>
  );
}

export function AppWebhookSection({ profile, config, receiverUrl }: { profile: Profile; config: AppWebhookConfig; receiverUrl: string | null }) {
  const save = useSetAppWebhook(profile.id);
  const delivered = new Set(config.fields.map((f) => f.name));
  const [callback, setCallback] = useState<CallbackValue>({ url: config.callbackUrl ?? "", verifyToken: "" });
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(FIELDS.filter((f) => f.proposed || delivered.has(f.name)).map((f) => f.name)));
  const errors = fieldErrors(save.error);
  const otherError = save.error && Object.keys(errors).length === 0 ? save.error : null;

  function toggle(name: string, on: boolean) {
    const next = new Set(chosen);
    if (on) next.add(name);
    else next.delete(name);
    setChosen(next);
  }

  const chosenFields = FIELDS.map((f) => f.name).filter((name) => chosen.has(name));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    save.mutate(
      { callbackUrl: callback.url, verifyToken: callback.verifyToken, fields: chosenFields },
      { onSuccess: () => setCallback((c) => ({ ...c, verifyToken: "" })) },
    );
  }

  return (
    <section className="stack webhooks-subsection" aria-labelledby="app-webhook-title">
      <h3 className="webhooks-subtitle" id="app-webhook-title">
        The app&apos;s webhook configuration
      </h3>
      <p className="muted">
        App {config.appId}&apos;s callback for <code>{config.object}</code>: where every WABA subscribed to the app delivers, unless an override
        below wins.
      </p>
      <ConfigSummary config={config} />
      <form className="stack webhooks-form" onSubmit={submit} noValidate aria-label="Set the app's webhook">
        <CallbackFields
          id="app-webhook"
          value={callback}
          onChange={setCallback}
          receiverUrl={receiverUrl}
          urlError={errors.callbackUrl}
          verifyTokenError={errors.verifyToken}
          testIds={{ url: "app-webhook-url", verifyToken: "app-webhook-verify-token", useReceiver: "app-webhook-use-receiver" }}
        />
        <fieldset className="webhooks-fields" aria-describedby="app-webhook-fields-hint">
          <legend className="field__label">Fields</legend>
          {FIELDS.map((field) => (
            <label key={field.name} className="checkbox">
              <input
                type="checkbox"
                data-testid={`app-webhook-field-${field.name}`}
                checked={chosen.has(field.name) || delivered.has(field.name)}
                disabled={delivered.has(field.name)}
                onChange={(e) => toggle(field.name, e.target.checked)}
              />
              <span>
                <code>{field.name}</code> <span className="muted">{field.what}</span>
              </span>
            </label>
          ))}
          <p className="field__hint" id="app-webhook-fields-hint">
            Fields already delivered stay delivered: Meta adds fields this way and never removes one (remove them in the App Dashboard).
          </p>
          {errors.fields && <p className="field__error">{errors.fields}</p>}
        </fieldset>
        {!chosen.has("messages") && !delivered.has("messages") && (
          <p className="callout callout--warn" data-testid="app-webhook-messages-unchecked">
            <TriangleAlert size={18} aria-hidden />
            <span>Without messages, no inbound message and no status of your sends reaches the callback.</span>
          </p>
        )}
        {otherError && <ErrorCard error={otherError} />}
        {save.isSuccess && (
          <p className="muted" role="status" data-testid="app-webhook-saved">
            Meta verified the callback and now delivers the chosen fields to it.
          </p>
        )}
        <div className="row">
          <button type="submit" className="btn btn--primary" data-testid="app-webhook-save" disabled={save.isPending}>
            {save.isPending ? <Spinner /> : <Save size={15} aria-hidden />}
            Set the app&apos;s webhook
          </button>
          <CopyCurlButton
            profileId={profile.id}
            call={{ kind: "setAppWebhook", callbackUrl: callback.url, fields: chosenFields }}
            what="Set the app's webhook"
            testId="copy-curl-app-webhook"
          />
        </div>
      </form>
    </section>
  );
}
