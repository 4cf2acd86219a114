// The rating history as a step line (GREEN 3, YELLOW 2, RED 1, not rated 0) in plain SVG: one point per reading, labelled
// with the messaging limit where it changes, a tooltip on hover or arrow keys, and the same readings as a table.
// Horizontal positions are percentages, so the chart follows the card's width without measuring it; colours come from
// the design tokens (quality.css), so light and dark themes both read well.
import * as Collapsible from "@radix-ui/react-collapsible";
import { ChevronRight } from "lucide-react";
import { useId, useState, type KeyboardEvent } from "react";
import type { QualityGuide } from "../../bindings/QualityGuide";
import type { QualityPoint } from "../../bindings/QualityPoint";
import { formatDateTime } from "../../lib/format";
import { LEVEL_NAMES, limitLabel, ratingLook } from "./rating";

const HEIGHT = 230;
const TOP = 34;
const BOTTOM = 30;
const PLOT = HEIGHT - TOP - BOTTOM;
/** Past this many readings the dots would touch: the line and the tooltip carry them. */
const MAX_DOTS = 60;
const MAX_TICKS = 8;

const shortDate = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const shortTime = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

/** Each shown tick's label: the day, or the time when the tick before it is on the same day. */
function tickLabels(history: QualityPoint[], shown: (i: number) => boolean): Map<number, string> {
  const labels = new Map<number, string>();
  let previousDay: string | null = null;
  history.forEach((point, i) => {
    if (!shown(i)) return;
    const at = new Date(point.at);
    const day = shortDate.format(at);
    labels.set(i, day === previousDay ? shortTime.format(at) : day);
    previousDay = day;
  });
  return labels;
}

const levelY = (level: number) => TOP + ((3 - level) / 3) * PLOT;
const sourceText = (source: QualityPoint["source"]) => (source === "webhook" ? "from a webhook" : "read by the doctor");

interface Reading {
  point: QualityPoint;
  /** Centre of the reading's slot, in percent of the plot's width. */
  x: number;
  y: number;
  level: number;
  tone: string;
  label: string;
  limit: string;
  /** The messaging limit differs from the reading before (or this is the first). */
  limitChanged: boolean;
}

function readingsOf(history: QualityPoint[], guide: QualityGuide | undefined): Reading[] {
  return history.map((point, i) => {
    const look = ratingLook(point.rating, guide);
    return {
      point,
      x: ((i + 0.5) / history.length) * 100,
      y: levelY(look.level),
      level: look.level,
      tone: look.tone,
      label: look.label,
      limit: limitLabel(point.messagingLimit),
      limitChanged: i === 0 || history[i - 1]?.messagingLimit !== point.messagingLimit,
    };
  });
}

function Tooltip({ reading }: { reading: Reading }) {
  const align = reading.x < 18 ? "start" : reading.x > 82 ? "end" : "middle";
  return (
    <div className={`quality-tooltip quality-tooltip--${align}`} style={{ left: `${reading.x}%`, top: reading.y }} data-testid="quality-tooltip" aria-hidden>
      <strong>{reading.label}</strong>
      <span>Messaging limit {reading.limit}</span>
      <span className="muted">
        {formatDateTime(reading.point.at)} · {sourceText(reading.point.source)}
      </span>
    </div>
  );
}

function ReadingsTable({ history }: { history: QualityPoint[] }) {
  const [open, setOpen] = useState(false);
  return (
    <Collapsible.Root className="stack quality-chart__table" style={{ gap: "var(--space-2)" }} open={open} onOpenChange={setOpen}>
      <Collapsible.Trigger className="disclosure">
        <ChevronRight size={14} aria-hidden />
        {open ? "Hide the readings table" : "Show the readings as a table"}
      </Collapsible.Trigger>
      <Collapsible.Content>
        <table className="table" data-testid="quality-readings">
          <caption className="visually-hidden">Quality readings, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Read</th>
              <th scope="col">Rating</th>
              <th scope="col">Messaging limit</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {history
              .map((p, i) => ({ p, i }))
              .reverse()
              .map(({ p, i }) => (
                <tr key={`${p.at}-${i}`}>
                  <td>{formatDateTime(p.at)}</td>
                  <td>
                    {ratingLook(p.rating, undefined).label} <span className="muted mono">{p.rating ?? "—"}</span>
                  </td>
                  <td>
                    <span className="mono">{p.messagingLimit ?? "not sent"}</span>
                  </td>
                  <td>{sourceText(p.source)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </Collapsible.Content>
    </Collapsible.Root>
  );
}

export function QualityChart({ history, guide }: { history: QualityPoint[]; guide: QualityGuide | undefined }) {
  const [active, setActive] = useState<number | null>(null);
  const summaryId = useId();
  const readings = readingsOf(history, guide);
  const first = readings[0];
  const last = readings.at(-1);
  const tickEvery = Math.ceil(readings.length / MAX_TICKS);
  const ticks = tickLabels(history, (i) => i % tickEvery === 0 || i === history.length - 1);
  const shown = active === null ? undefined : readings[active];

  function onKeyDown(event: KeyboardEvent) {
    const lastIndex = readings.length - 1;
    const current = active ?? lastIndex;
    const next = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: lastIndex }[event.key];
    if (next !== undefined) {
      event.preventDefault();
      setActive(Math.min(lastIndex, Math.max(0, next)));
    } else if (event.key === "Escape") {
      setActive(null);
    }
  }

  return (
    <div className="quality-chart stack" style={{ gap: "var(--space-3)" }}>
      <div
        className="quality-chart__frame"
        role="img"
        aria-label={`Quality rating over ${history.length} ${history.length === 1 ? "reading" : "readings"}`}
        aria-describedby={summaryId}
        data-testid="quality-chart"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={() => setActive((a) => a ?? readings.length - 1)}
        onBlur={() => setActive(null)}
      >
        <svg className="quality-chart__svg" width="100%" height={HEIGHT} onPointerLeave={() => setActive(null)} aria-hidden focusable="false">
          {LEVEL_NAMES.map((name, level) => (
            <g key={name}>
              <line className="quality-chart__grid" x1="0" x2="100%" y1={levelY(level)} y2={levelY(level)} />
              <text className="quality-chart__axis" x={-12} y={levelY(level)} textAnchor="end" dominantBaseline="middle">
                {name}
              </text>
            </g>
          ))}
          {shown && <line className="quality-chart__cursor" x1={`${shown.x}%`} x2={`${shown.x}%`} y1={TOP - 8} y2={HEIGHT - BOTTOM} />}
          {readings.slice(1).map((r, i) => {
            const prev = readings[i] as Reading;
            return (
              <g key={`step-${i}`} className="quality-chart__line">
                <line x1={`${prev.x}%`} x2={`${r.x}%`} y1={prev.y} y2={prev.y} />
                {r.y !== prev.y && <line x1={`${r.x}%`} x2={`${r.x}%`} y1={prev.y} y2={r.y} />}
              </g>
            );
          })}
          {readings.map((r, i) => (
            <g key={`point-${i}`}>
              {r.limitChanged && (
                <text className="quality-chart__label" x={`${r.x}%`} y={r.y - 14} textAnchor="middle">
                  {r.limit}
                </text>
              )}
              {(readings.length <= MAX_DOTS || i === active) && (
                <circle className={`quality-dot quality-dot--${r.tone}`} cx={`${r.x}%`} cy={r.y} r={i === active ? 7 : 5} />
              )}
              {ticks.has(i) && (
                <text className="quality-chart__axis" x={`${r.x}%`} y={HEIGHT - 8} textAnchor="middle">
                  {ticks.get(i)}
                </text>
              )}
              <rect
                className="quality-chart__hit"
                x={`${(i / readings.length) * 100}%`}
                width={`${100 / readings.length}%`}
                y={0}
                height={HEIGHT}
                onPointerEnter={() => setActive(i)}
              />
            </g>
          ))}
        </svg>
        {shown && <Tooltip reading={shown} />}
      </div>
      {first && last && (
        <p className="visually-hidden" id={summaryId}>
          {history.length === 1
            ? `One reading: ${last.label}, messaging limit ${last.limit}, ${formatDateTime(last.point.at)}.`
            : `From ${first.label} (limit ${first.limit}) on ${formatDateTime(first.point.at)} to ${last.label} (limit ${last.limit}) on ${formatDateTime(last.point.at)}. The table below lists every reading.`}
        </p>
      )}
      <ReadingsTable history={history} />
    </div>
  );
}
