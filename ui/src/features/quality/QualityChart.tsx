// The rating history as a step line (GREEN 3, YELLOW 2, RED 1, not rated 0), each reading labelled with its messaging limit.
import { CartesianGrid, LabelList, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { QualityPoint } from "../../bindings/QualityPoint";
import { formatDateTime } from "../../lib/format";
import { LEVEL_NAMES, limitLabel, ratingLook } from "./rating";

interface Datum {
  index: number;
  at: string;
  level: number;
  rating: string;
  limit: string;
  source: string;
}

const shortDate = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

function ChartTooltip({ active, payload }: TooltipContentProps) {
  const datum = active ? (payload[0]?.payload as Datum | undefined) : undefined;
  if (!datum) return null;
  return (
    <div className="quality-tooltip">
      <strong>{ratingLook(datum.rating).label}</strong>
      <span>Messaging limit {datum.limit}</span>
      <span className="muted">
        {formatDateTime(datum.at)} · {datum.source === "webhook" ? "from a webhook" : "read by the doctor"}
      </span>
    </div>
  );
}

interface DotProps {
  cx?: number;
  cy?: number;
  payload?: Datum;
}

function RatingDot({ cx, cy, payload }: DotProps) {
  if (cx === undefined || cy === undefined || !payload) return null;
  return <circle cx={cx} cy={cy} r={5} className={`quality-dot quality-dot--${ratingLook(payload.rating).tone}`} />;
}

export default function QualityChart({ history }: { history: QualityPoint[] }) {
  const data: Datum[] = history.map((p, index) => ({
    index,
    at: p.at,
    level: ratingLook(p.rating).level,
    rating: p.rating ?? "NA",
    limit: limitLabel(p.messagingLimit),
    source: p.source,
  }));
  return (
    <div className="quality-chart" data-testid="quality-chart" role="img" aria-label={`Quality rating over ${history.length} readings`}>
      <ResponsiveContainer width="100%" height={230} initialDimension={{ width: 600, height: 230 }}>
        <LineChart data={data} margin={{ top: 28, right: 28, bottom: 4, left: 8 }}>
          <CartesianGrid vertical={false} className="quality-chart__grid" />
          <XAxis
            dataKey="index"
            type="number"
            domain={[-0.3, Math.max(data.length - 0.7, 0.7)]}
            ticks={data.map((d) => d.index)}
            tickFormatter={(i: number) => (data[i] ? shortDate.format(new Date(data[i].at)) : "")}
            tickLine={false}
            axisLine={false}
            tickMargin={8}
          />
          <YAxis
            domain={[0, 3]}
            ticks={[0, 1, 2, 3]}
            tickFormatter={(level: number) => LEVEL_NAMES[level] ?? ""}
            tickLine={false}
            axisLine={false}
            width={64}
          />
          <Tooltip content={ChartTooltip} cursor={{ className: "quality-chart__cursor" }} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="level" className="quality-chart__line" strokeWidth={2.5} dot={RatingDot} activeDot={false} isAnimationActive={false}>
            <LabelList dataKey="limit" position="top" offset={12} className="quality-chart__label" />
          </Line>
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
