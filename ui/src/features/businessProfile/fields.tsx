// The page's form building blocks: a labelled field with its character counter, the backend's errors under it (they block
// the save) and its warnings in a calmer tone, wired together for screen readers.
import { CircleAlert, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { charCount } from "./draft";

/** "12 / 139", marked when over. */
export function Counter({ text, max }: { text: string; max: number }) {
  const n = charCount(text);
  return (
    <span className="bp-counter" data-over={n > max} aria-label={`${n} of ${max} characters`}>
      {n.toLocaleString()} / {max.toLocaleString()}
    </span>
  );
}

/** Errors then warnings, each with its icon; nothing when there are none. */
export function Findings({ id, errors, warnings = [] }: { id: string; errors: string[]; warnings?: string[] }) {
  if (!errors.length && !warnings.length) return null;
  return (
    <ul className="bp-findings" id={id}>
      {errors.map((message) => (
        <li key={`e-${message}`} className="field__error" data-testid="field-error">
          <CircleAlert size={14} aria-label="Error" />
          {message}
        </li>
      ))}
      {warnings.map((message) => (
        <li key={`w-${message}`} className="bp-warning" data-testid="field-warning">
          <TriangleAlert size={14} aria-label="Warning" />
          {message}
        </li>
      ))}
    </ul>
  );
}

export interface FieldControl {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
}

interface Props {
  id: string;
  label: string;
  /** The counter's maximum, with `value`; no counter without it. */
  max?: number;
  value?: string;
  errors?: string[];
  warnings?: string[];
  hint?: ReactNode;
  /** The label for screen readers only, where the row around the field already says what it is. */
  labelHidden?: boolean;
  children: (control: FieldControl) => ReactNode;
}

export function CheckedField({ id, label, max, value = "", errors = [], warnings = [], hint, labelHidden, children }: Props) {
  const findingsId = errors.length || warnings.length ? `${id}-findings` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field bp-field">
      <div className="bp-field__label-row">
        <label className={labelHidden ? "visually-hidden" : "field__label"} htmlFor={id}>
          {label}
        </label>
        {max !== undefined && <Counter text={value} max={max} />}
      </div>
      {children({ id, "aria-invalid": errors.length > 0, "aria-describedby": [findingsId, hintId].filter(Boolean).join(" ") || undefined })}
      {findingsId && <Findings id={findingsId} errors={errors} warnings={warnings} />}
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
