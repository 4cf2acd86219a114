// The doctor's verdict at a glance: counts as a segmented bar, how long the run took, how many Graph calls went out at once, and export.
import type { DoctorReport } from "../../bindings/DoctorReport";
import { ExportButtons } from "../../components/ExportButtons";
import { RelativeTime } from "../../components/RelativeTime";
import { STATE_TONE } from "../../components/StatusChip";
import { ipc } from "../../ipc";

const SEGMENTS = ["pass", "warn", "fail", "skipped"] as const;

const LEGEND: Record<(typeof SEGMENTS)[number], (n: number) => string> = {
  pass: (n) => `${n} passed`,
  warn: (n) => `${n} ${n === 1 ? "warning" : "warnings"}`,
  fail: (n) => `${n} failed`,
  skipped: (n) => `${n} skipped`,
};

/** Checks with nothing to judge yet (throttling before any send): neither a pass nor a problem. */
function notChecked({ counts, checks }: DoctorReport): number {
  return checks.length - counts.pass - counts.warn - counts.fail - counts.skipped;
}

function headline(report: DoctorReport): string {
  const { counts, checks } = report;
  if (counts.fail) return `${counts.fail} of ${checks.length} checks fail${counts.skipped ? `, ${counts.skipped} skipped` : ""}`;
  if (counts.skipped) return `${counts.skipped} of ${checks.length} checks could not run`;
  const idle = notChecked(report);
  const rest = idle ? `; ${idle} ${idle === 1 ? "has" : "have"} nothing to check yet` : "";
  if (counts.warn) return `All checks pass, ${counts.warn} with ${counts.warn === 1 ? "a warning" : "warnings"}${rest}`;
  return idle ? `All ${counts.pass} checks that could run pass${rest}` : `All ${checks.length} checks pass`;
}

function graphCalls(n: number): string {
  if (n === 0) return "no Graph call sent";
  if (n === 1) return "1 Graph call";
  return `${n} Graph calls sent at once`;
}

export function DoctorSummary({ report }: { report: DoctorReport }) {
  const total = report.checks.length || 1;
  const tone = report.counts.fail ? "fail" : report.counts.warn || report.counts.skipped ? "warn" : "pass";
  return (
    <section className={`card doctor-summary doctor-summary--${tone}`} data-testid="doctor-summary" aria-label="Summary">
      <div className="doctor-summary__top">
        <div className="stack" style={{ gap: "var(--space-1)" }}>
          <p className="doctor-summary__headline">{headline(report)}</p>
          <p className="doctor-summary__meta">
            <span className="mono">{report.apiVersion}</span>
            <span aria-hidden>·</span>
            <span data-testid="doctor-wall">{report.wallMs} ms</span>
            <span aria-hidden>·</span>
            <span data-testid="doctor-graph-calls">{graphCalls(report.graphCalls)}</span>
            <span aria-hidden>·</span>
            <span>
              ran <RelativeTime iso={report.startedAt} />
            </span>
          </p>
        </div>
        <ExportButtons
          choices={[
            { format: "markdown", label: "Export Markdown" },
            { format: "json", label: "Export JSON" },
          ]}
          onExport={(format) => ipc.exportDoctor(report, format)}
        />
      </div>
      <div className="segments" aria-hidden>
        {SEGMENTS.map((state) =>
          report.counts[state] ? (
            <span key={state} className={`segments__part segments__part--${state}`} style={{ flexGrow: report.counts[state] / total }} />
          ) : null,
        )}
      </div>
      <ul className="progress-card__legend" data-testid="doctor-counts">
        {SEGMENTS.map((state) => (
          <li key={state} className={`legend legend--${STATE_TONE[state].tone}`}>
            <span className="legend__dot" aria-hidden />
            {LEGEND[state](report.counts[state])}
          </li>
        ))}
      </ul>
    </section>
  );
}
