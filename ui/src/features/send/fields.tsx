// The Send form's building blocks: a labelled text field with its character counter and the backend's findings under it
// (each finding points at its field by JSON pointer), one finding, and the list of all of them.
import { CircleAlert, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import type { SendFinding } from "../../bindings/SendFinding";
import { charCount } from "./compose";

export function FindingItem({ finding }: { finding: SendFinding }) {
  const Icon = finding.severity === "error" ? CircleAlert : TriangleAlert;
  return (
    <div className={`send-finding send-finding--${finding.severity}`} data-testid="send-finding" data-rule={finding.rule} data-severity={finding.severity} data-path={finding.path}>
      <Icon size={15} aria-label={finding.severity === "error" ? "Error" : "Warning"} />
      <div className="send-finding__text">
        <span>{finding.message}</span>
        <span className="send-finding__fix">{finding.fix}</span>
      </div>
    </div>
  );
}

export function FindingList({ findings, id, label }: { findings: SendFinding[]; id?: string; label: string }) {
  if (!findings.length) return null;
  return (
    <ul className="send-findings" id={id} aria-label={label}>
      {findings.map((finding, i) => (
        <li key={`${finding.rule}-${finding.path}-${i}`}>
          <FindingItem finding={finding} />
        </li>
      ))}
    </ul>
  );
}

/** "12 / 20", marked when over. */
export function Counter({ text, max }: { text: string; max: number }) {
  const n = charCount(text);
  return (
    <span className="send-counter" data-over={n > max} aria-label={`${n} of ${max} characters`}>
      {n.toLocaleString()} / {max.toLocaleString()}
    </span>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The counter's maximum; no counter without it. */
  max?: number;
  findings: SendFinding[];
  multiline?: boolean;
  optional?: boolean;
  placeholder?: string;
  hint?: ReactNode;
  mono?: boolean;
  onBlur?: () => void;
  testId?: string;
}

export function TextField({ id, label, value, onChange, max, findings, multiline, optional, placeholder, hint, mono, onBlur, testId }: TextFieldProps) {
  const findingsId = findings.length ? `${id}-findings` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  const control = {
    id,
    value,
    placeholder,
    onBlur,
    className: `input ${mono ? "input--mono" : ""} ${multiline ? "send-textarea" : ""}`,
    "aria-invalid": findings.some((f) => f.severity === "error"),
    "aria-describedby": [findingsId, hintId].filter(Boolean).join(" ") || undefined,
    "data-testid": testId,
  };
  return (
    <div className="field send-field">
      <div className="send-field__label-row">
        <label className="field__label" htmlFor={id}>
          {label}
          {optional && <span className="field__optional"> (optional)</span>}
        </label>
        {max !== undefined && <Counter text={value} max={max} />}
      </div>
      {multiline ? (
        <textarea {...control} rows={4} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...control} type="text" spellCheck={false} onChange={(e) => onChange(e.target.value)} />
      )}
      <FindingList findings={findings} id={findingsId} label={`Problems with ${label.toLowerCase()}`} />
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
