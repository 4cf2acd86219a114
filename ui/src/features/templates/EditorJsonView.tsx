// The editor's JSON view: the draft's text itself in a textarea (what the admin pasted or the form wrote, every character
// kept, valid JSON or not) and the linter's findings with their line and column; a click selects that place in the text.
import { useRef } from "react";
import type { LintFinding } from "../../bindings/LintFinding";
import { selectionOf } from "./draftText";
import { Finding } from "./Findings";

interface Props {
  text: string;
  onChange: (text: string) => void;
  findings: LintFinding[];
  readOnly?: boolean;
}

export function EditorJsonView({ text, onChange, findings, readOnly }: Props) {
  const textarea = useRef<HTMLTextAreaElement>(null);

  function select(finding: LintFinding) {
    const area = textarea.current;
    if (!area) return;
    const { start, end } = selectionOf(area.value, finding);
    area.focus();
    area.setSelectionRange(start, end);
  }

  return (
    <div className="editor-json stack">
      <label className="field__label" htmlFor="template-json">
        Meta&apos;s create JSON
      </label>
      <textarea
        id="template-json"
        ref={textarea}
        className="input input--mono editor-json__text"
        dir="auto"
        data-testid="template-json"
        spellCheck={false}
        autoComplete="off"
        rows={22}
        value={text}
        readOnly={readOnly}
        aria-describedby={findings.length ? "template-json-findings" : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {findings.length > 0 && (
        <ul className="findings editor-json__findings" id="template-json-findings" aria-label="Problems, by place in the JSON">
          {findings.map((finding, i) => (
            <li key={`${finding.rule}-${i}`}>
              <button type="button" className="editor-json__finding" onClick={() => select(finding)} title="Select this place in the JSON">
                <Finding finding={finding} where={finding.span.line !== null && <span className="mono editor-json__where">{`line ${finding.span.line}, column ${finding.span.column ?? 1}: `}</span>} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
