// The linter's findings as the editor shows them: one finding (severity icon, what is wrong, how to fix it), the findings
// of one form field under it, and the counts ("2 errors, 1 warning"). The JSON view's clickable list is in EditorJsonView.
import { CircleAlert, CircleCheck, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import type { LintFinding } from "../../bindings/LintFinding";
import type { LintReport } from "../../bindings/LintReport";
import { countsText } from "./draftText";

export function SeverityIcon({ severity }: { severity: LintFinding["severity"] }) {
  return severity === "error" ? <CircleAlert size={15} aria-label="Error" /> : <TriangleAlert size={15} aria-label="Warning" />;
}

/** One finding; `where` adds its place (the JSON view's "line 3, column 5"). */
export function Finding({ finding, where }: { finding: LintFinding; where?: ReactNode }) {
  return (
    <div className={`finding finding--${finding.severity}`} data-testid="finding" data-rule={finding.rule} data-severity={finding.severity}>
      <SeverityIcon severity={finding.severity} />
      <div className="finding__text">
        <span>
          {where}
          {finding.message}
        </span>
        <span className="finding__fix">{finding.fix}</span>
      </div>
    </div>
  );
}

/** The findings of one form field, under it (nothing when there are none). */
export function FieldFindings({ findings, id }: { findings: LintFinding[] | undefined; id?: string }) {
  if (!findings?.length) return null;
  return (
    <div className="findings" id={id} role="list" aria-label="Problems with this field">
      {findings.map((finding, i) => (
        <div role="listitem" key={`${finding.rule}-${i}`}>
          <Finding finding={finding} />
        </div>
      ))}
    </div>
  );
}

/** "2 errors, 1 warning" with the worst severity's tone, marked while the latest text is being linted; "Checking…" before
 *  the first answer. */
export function FindingCounts({ report, checking }: { report: LintReport | undefined; checking: boolean }) {
  if (!report) {
    return (
      <span className="chip chip--neutral" data-testid="finding-counts" data-checking role="status">
        Checking the template…
      </span>
    );
  }
  const { errors, warnings } = report;
  const tone = errors ? "fail" : warnings ? "warn" : "pass";
  const Icon = errors ? CircleAlert : warnings ? TriangleAlert : CircleCheck;
  return (
    <span className={`chip chip--${tone}`} data-testid="finding-counts" data-checking={checking} role="status">
      <Icon size={14} aria-hidden />
      {countsText(errors, warnings)}
      {checking && <span className="muted"> (checking…)</span>}
    </span>
  );
}
