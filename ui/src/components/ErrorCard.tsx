// Shows any CommandError the same way: what happened, what to do, Graph facts (as a diagnosis card when the
// backend explained the code), and the raw answer behind a toggle.
import * as Collapsible from "@radix-ui/react-collapsible";
import { ChevronRight, CircleAlert, RotateCw } from "lucide-react";
import { useState, type ReactNode } from "react";
import type { CommandError } from "../bindings/CommandError";
import type { GraphErrorDetails } from "../bindings/GraphErrorDetails";
import { DiagnosisCard } from "./DiagnosisCard";

interface Props {
  error: CommandError;
  onRetry?: () => void;
}

function prettyJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

function GraphFacts({ graph }: { graph: GraphErrorDetails }) {
  const facts: [string, ReactNode][] = [
    ["Graph code", graph.subcode === null ? graph.code : `${graph.code} / ${graph.subcode}`],
    ["Type", graph.errorType],
    ["HTTP status", graph.httpStatus],
    ["fbtrace_id", graph.fbtraceId],
  ];
  return (
    <dl className="facts facts--inline">
      {facts
        .filter(([, value]) => value !== null && value !== "")
        .map(([label, value]) => (
          <div key={label}>
            <dt className="muted">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/** Meta's own words for the admin (`error_user_title`, `error_user_msg`, `error_data.details`): template and account
 *  refusals say exactly what to change there, so they are shown, not left in the raw answer. */
function MetaSays({ graph }: { graph: GraphErrorDetails }) {
  const lines = [graph.userMsg, graph.details].filter((line): line is string => Boolean(line));
  if (!graph.userTitle && lines.length === 0) return null;
  return (
    <div className="error-card__action error-card__meta" data-testid="error-meta-says">
      <strong>What Meta says</strong>
      {graph.userTitle && <span className="error-card__meta-title">{graph.userTitle}</span>}
      {lines.map((line) => (
        <span key={line} className="error-card__meta-line">
          {line}
        </span>
      ))}
    </div>
  );
}

function Details({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <Collapsible.Root className="stack" style={{ gap: "var(--space-2)" }} open={open} onOpenChange={setOpen}>
      <Collapsible.Trigger className="disclosure">
        <ChevronRight size={14} aria-hidden />
        {open ? "Hide details" : "Show details"}
      </Collapsible.Trigger>
      <Collapsible.Content>{children}</Collapsible.Content>
    </Collapsible.Root>
  );
}

export function ErrorCard({ error, onRetry }: Props) {
  const details = error.details;
  return (
    <div className="callout error-card" role="alert" data-testid="error-card" data-code={error.code}>
      <CircleAlert size={18} aria-hidden />
      <div className="callout__body">
        <p className="error-card__title">{error.message}</p>
        {error.action && (
          <p className="error-card__action">
            <strong>What to do</strong>
            {error.action}
          </p>
        )}
        {details?.kind === "fields" && (
          <ul className="error-card__fields">
            {details.fields.map((f) => (
              <li key={f.field}>{f.message}</li>
            ))}
          </ul>
        )}
        {details?.kind === "graph" && (
          <>
            <MetaSays graph={details} />
            {details.diagnosis && <DiagnosisCard diagnosis={details.diagnosis} embedded />}
            <GraphFacts graph={details} />
            <Details>
              <pre className="raw">{prettyJson(details.raw)}</pre>
            </Details>
          </>
        )}
        {details?.kind === "transport" && (
          <Details>
            <dl className="facts">
              <dt>URL</dt>
              <dd className="mono">{details.url}</dd>
              <dt>Reason</dt>
              <dd className="mono">{details.reason}</dd>
            </dl>
          </Details>
        )}
        {onRetry && (
          <div className="error-card__actions">
            <button type="button" className="btn btn--sm" onClick={onRetry}>
              <RotateCw size={14} aria-hidden />
              Try again
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
