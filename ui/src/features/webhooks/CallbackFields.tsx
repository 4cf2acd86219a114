// A callback URL and its verify token, as the app's webhook and both overrides take them, with "Use the local receiver",
// which fills in the window's receiver (on this machine: only the sandbox can reach it, Meta cannot).
import { HardDriveDownload } from "lucide-react";
import { Field } from "../../components/Field";

export interface CallbackValue {
  url: string;
  verifyToken: string;
}

export const NO_CALLBACK: CallbackValue = { url: "", verifyToken: "" };

interface Props {
  /** Prefix of the inputs' ids. */
  id: string;
  value: CallbackValue;
  onChange: (value: CallbackValue) => void;
  /** The running receiver's local URL (null: not running). */
  receiverUrl: string | null;
  urlError?: string;
  verifyTokenError?: string;
  testIds: { url: string; verifyToken: string; useReceiver: string };
}

export function CallbackFields({ id, value, onChange, receiverUrl, urlError, verifyTokenError, testIds }: Props) {
  return (
    <div className="stack webhooks-callback-fields">
      <div className="webhooks-form-row webhooks-form-row--url">
        <Field id={`${id}-url`} label="Callback URL" error={urlError} hint="https:// with a certificate from a trusted CA; Meta verifies it with a GET challenge before using it.">
          {(control) => (
            <input
              {...control}
              className="input input--mono"
              type="url"
              data-testid={testIds.url}
              placeholder="https://example.com/webhook"
              autoComplete="off"
              spellCheck={false}
              value={value.url}
              onChange={(e) => onChange({ ...value, url: e.target.value })}
            />
          )}
        </Field>
        <Field id={`${id}-verify-token`} label="Verify token" error={verifyTokenError} hint="What your endpoint compares hub.verify_token with.">
          {(control) => (
            <input
              {...control}
              className="input input--mono"
              type="password"
              data-testid={testIds.verifyToken}
              autoComplete="off"
              spellCheck={false}
              value={value.verifyToken}
              onChange={(e) => onChange({ ...value, verifyToken: e.target.value })}
            />
          )}
        </Field>
      </div>
      <div className="row">
        <button
          type="button"
          className="btn btn--sm"
          data-testid={testIds.useReceiver}
          disabled={!receiverUrl}
          onClick={() => receiverUrl && onChange({ ...value, url: receiverUrl })}
        >
          <HardDriveDownload size={14} aria-hidden />
          Use the local receiver
        </button>
        <span className="muted webhooks-note">
          {receiverUrl
            ? "Fills in the receiver's address on this machine, with its verify token to type. Only the sandbox can reach 127.0.0.1: for Meta, use your tunnel's https URL."
            : "Start the local receiver (part 4) to use it here; only the sandbox can reach it."}
        </span>
      </div>
    </div>
  );
}
