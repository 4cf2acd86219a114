// The recipient as typed and as the backend parsed it (libphonenumber data): the international form, the country (named
// here from its region code), the E.164 digits that go on the wire, the traps worth knowing (a Mexican or Argentine extra
// digit, a test number's allow list: 131030), or why the input is not a number the console can send to.
import { CircleAlert, Info, Phone } from "lucide-react";
import type { ReactNode } from "react";
import type { FieldError } from "../../bindings/FieldError";
import type { Recipient } from "../../bindings/Recipient";
import { Chip } from "../../components/StatusChip";

const regionNames = new Intl.DisplayNames(undefined, { type: "region" });

/** "United States" for `US`; the code itself when the runtime has no name for it. */
function countryName(region: string): string {
  try {
    return regionNames.of(region) ?? region;
  } catch {
    return region;
  }
}

const LINE_TYPE: Record<Recipient["lineType"], string> = {
  mobile: "mobile",
  fixedLine: "landline",
  fixedLineOrMobile: "landline or mobile",
  tollFree: "toll-free",
  voip: "VoIP",
  other: "other line",
};

interface Props {
  to: string;
  onChange: (to: string) => void;
  recipient: Recipient | null | undefined;
  error: FieldError | null | undefined;
  /** Where the recipient stands with the number (the 24-hour window), under the recipient. */
  children?: ReactNode;
}

export function RecipientPanel({ to, onChange, recipient, error, children }: Props) {
  // An empty field is not an error yet: the Send button says what is missing.
  const shownError = to.trim() && error ? error : null;
  const describedBy = shownError ? "send-to-error" : recipient ? "send-to-parsed" : "send-to-hint";
  return (
    <section className="card send-section" aria-labelledby="send-to-label">
      <div className="card__body stack" style={{ gap: "var(--space-3)" }}>
        <div className="field">
          <label className="field__label" id="send-to-label" htmlFor="send-to">
            To
          </label>
          <input
            id="send-to"
            className="input input--mono"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            spellCheck={false}
            placeholder="+1 650 555 1234"
            value={to}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={Boolean(shownError)}
            aria-describedby={describedBy}
            data-testid="send-to"
          />
          {shownError && (
            <p className="field__error" id="send-to-error" data-testid="recipient-error">
              <CircleAlert size={14} aria-hidden />
              {shownError.message}
            </p>
          )}
          {!shownError && !recipient && (
            <p className="field__hint" id="send-to-hint">
              The number with its country code, as people write it (+52 55 1234 5678) or as digits.
            </p>
          )}
        </div>
        {recipient && !shownError && (
          <div className="send-recipient" id="send-to-parsed" data-testid="recipient">
            <Phone size={16} aria-hidden />
            <div className="send-recipient__body">
              <p className="send-recipient__line">
                <strong className="mono" data-testid="recipient-international">
                  {recipient.international}
                </strong>
                <span data-testid="recipient-country">{recipient.region ? countryName(recipient.region) : `+${recipient.countryCode} (no country)`}</span>
                <Chip tone="neutral">{LINE_TYPE[recipient.lineType]}</Chip>
              </p>
              <p className="muted">
                Sent as <code data-testid="recipient-e164">{recipient.e164}</code>
                {recipient.alsoKnownAs.length > 0 && <> (webhooks may report it as {recipient.alsoKnownAs.map((id) => <code key={id}>{id}</code>)})</>}
              </p>
              {recipient.hints.length > 0 && (
                <ul className="send-hints" aria-label="About this recipient">
                  {recipient.hints.map((hint) => (
                    <li key={hint.trap} className="send-hint" data-testid="recipient-hint" data-trap={hint.trap}>
                      <Info size={14} aria-hidden />
                      <span>
                        {hint.message}
                        {hint.uncertain && <span className="muted"> (reported by developers, not documented by Meta)</span>}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        )}
        {children}
      </div>
    </section>
  );
}
