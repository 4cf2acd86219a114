// The delivery funnel of a period: how many of the messages Meta accepted were sent, delivered and read, and how many
// failed, as a plain SVG bar chart (no chart library: the window freezes JavaScript's prototypes) with the same figures in
// a table for screen readers and for copying; refused and unknown sends are counted beside it, since Meta never took them.
import { useState } from "react";
import type { DeliveryFunnel } from "../../bindings/DeliveryFunnel";
import type { FunnelRequest } from "../../bindings/FunnelRequest";
import { ErrorCard } from "../../components/ErrorCard";
import { LoadingLine } from "../../components/Loading";
import { formatDateTime } from "../../lib/format";
import { useDeliveryFunnel } from "./queries";

type Period = "day" | "week" | "month" | "custom";

const PERIODS: { period: Period; label: string; hours: number | null }[] = [
  { period: "day", label: "Last 24 hours", hours: 24 },
  // The backend's own default period: no dates.
  { period: "week", label: "Last 7 days", hours: null },
  { period: "month", label: "Last 30 days", hours: 30 * 24 },
  { period: "custom", label: "Dates…", hours: null },
];

const STEPS: { key: keyof DeliveryFunnel; label: string; tone: "neutral" | "info" | "pass" | "fail" }[] = [
  { key: "accepted", label: "Accepted", tone: "neutral" },
  { key: "sent", label: "Sent", tone: "info" },
  { key: "delivered", label: "Delivered", tone: "pass" },
  { key: "read", label: "Read", tone: "pass" },
  { key: "failed", label: "Failed", tone: "fail" },
];

const BAR_HEIGHT = 26;
const BAR_GAP = 12;
const CHART_WIDTH = 600;
/** The step's name on the left, its count and share on the right of the bar. */
const LABEL_WIDTH = 90;
const FIGURE_WIDTH = 110;
const BAR_SPACE = CHART_WIDTH - LABEL_WIDTH - FIGURE_WIDTH;

/** `part` of `whole` as a whole percentage ("—" when nothing was accepted). */
function share(part: number, whole: number): string {
  return whole === 0 ? "—" : `${Math.round((part / whole) * 100)} %`;
}

/** RFC 3339 time `hours` before now: where a rolling period starts. */
function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3_600_000).toISOString();
}

function FunnelChart({ funnel }: { funnel: DeliveryFunnel }) {
  const base = Math.max(funnel.accepted, 1);
  const height = STEPS.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP;
  return (
    <svg className="funnel-chart" viewBox={`0 0 ${CHART_WIDTH} ${height}`} width="100%" aria-hidden focusable="false">
      {STEPS.map((step, i) => {
        const y = i * (BAR_HEIGHT + BAR_GAP);
        const count = funnel[step.key];
        const width = count === 0 ? 0 : Math.max(2, (count / base) * BAR_SPACE);
        return (
          <g key={step.key}>
            <text className="funnel-chart__label" x={0} y={y + BAR_HEIGHT / 2} dominantBaseline="middle">
              {step.label}
            </text>
            <rect className="funnel-chart__track" x={LABEL_WIDTH} y={y} width={BAR_SPACE} height={BAR_HEIGHT} rx={4} />
            <rect className={`funnel-chart__bar funnel-chart__bar--${step.tone}`} x={LABEL_WIDTH} y={y} width={width} height={BAR_HEIGHT} rx={4} data-testid={`funnel-bar-${step.key}`} />
            <text className="funnel-chart__figure" x={CHART_WIDTH} y={y + BAR_HEIGHT / 2} dominantBaseline="middle" textAnchor="end">
              {count} · {share(count, funnel.accepted)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function FunnelFigures({ funnel }: { funnel: DeliveryFunnel }) {
  return (
    <table className="table funnel-table" data-testid="funnel-table">
      <caption className="visually-hidden">Delivery funnel: each step with its count and its share of the accepted messages</caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Messages</th>
          <th scope="col">Of accepted</th>
        </tr>
      </thead>
      <tbody>
        {STEPS.map((step) => (
          <tr key={step.key} data-testid={`funnel-${step.key}`}>
            <th scope="row">
              <span className={`legend legend--${step.tone === "info" ? "neutral" : step.tone}`}>
                <span className="legend__dot" aria-hidden />
                {step.label}
              </span>
            </th>
            <td className="funnel-table__count">{funnel[step.key]}</td>
            <td className="funnel-table__share">{share(funnel[step.key], funnel.accepted)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FunnelPanel({ profileId }: { profileId: string }) {
  const [period, setPeriod] = useState<Period>("week");
  // A rolling period's start is fixed when it is picked, so the query (and its key) stays the same while it is shown.
  const [since, setSince] = useState<string | null>(null);
  const [customSince, setCustomSince] = useState("");
  const [customUntil, setCustomUntil] = useState("");
  const request: FunnelRequest =
    period === "custom"
      ? { profileId, since: customSince || null, until: customUntil || null }
      : { profileId, since, until: null };
  const funnel = useDeliveryFunnel(request, period !== "custom" || customSince !== "" || customUntil !== "");

  function pick(next: Period) {
    setPeriod(next);
    const hours = PERIODS.find((p) => p.period === next)?.hours ?? null;
    setSince(hours === null ? null : hoursAgo(hours));
  }

  const report = funnel.data;
  return (
    <section className="card" aria-labelledby="funnel-title" data-testid="funnel">
      <header className="card__header">
        <h2 className="card__title" id="funnel-title">
          Delivery funnel
        </h2>
      </header>
      <div className="card__body stack">
        <div className="row" role="group" aria-label="Period">
          {PERIODS.map((p) => (
            <button
              key={p.period}
              type="button"
              className={`btn btn--sm${period === p.period ? " btn--primary" : ""}`}
              aria-pressed={period === p.period}
              data-testid={`funnel-period-${p.period}`}
              onClick={() => pick(p.period)}
            >
              {p.label}
            </button>
          ))}
        </div>
        {period === "custom" && (
          <div className="row funnel-dates">
            <label className="message-filters__field">
              <span className="message-filters__label">From</span>
              <input className="input" type="date" data-testid="funnel-since" value={customSince} max={customUntil || undefined} onChange={(e) => setCustomSince(e.target.value)} />
            </label>
            <label className="message-filters__field">
              <span className="message-filters__label">To (inclusive)</span>
              <input className="input" type="date" data-testid="funnel-until" value={customUntil} min={customSince || undefined} onChange={(e) => setCustomUntil(e.target.value)} />
            </label>
            {customSince === "" && customUntil === "" && <p className="muted">Pick a first or a last day.</p>}
          </div>
        )}
        {funnel.isLoading && <LoadingLine>Counting the messages…</LoadingLine>}
        {funnel.isError && <ErrorCard error={funnel.error} onRetry={() => void funnel.refetch()} />}
        {report && (
          <>
            <p className="muted" data-testid="funnel-period">
              From {formatDateTime(report.since)} to {formatDateTime(report.until)}.{" "}
              {report.funnel.accepted === 0 ? "Meta accepted no message in this period." : `Meta accepted ${report.funnel.accepted}.`}
            </p>
            <div className="funnel">
              <FunnelChart funnel={report.funnel} />
              <FunnelFigures funnel={report.funnel} />
            </div>
            <p className="muted" data-testid="funnel-outside">
              Not in the funnel: {report.funnel.refused} refused by Meta (never sent) and {report.funnel.unknown} with no answer and no status
              since (the outcome is unknown).
            </p>
          </>
        )}
      </div>
    </section>
  );
}
