// The audit entries as a readable table (newest first). Long logs are virtualized: only the rows in view are in the DOM.
import { useVirtualizer } from "@tanstack/react-virtual";
import { ShieldAlert } from "lucide-react";
import { useRef, type CSSProperties } from "react";
import type { AuditAction } from "../../bindings/AuditAction";
import type { AuditEntry } from "../../bindings/AuditEntry";
import { RelativeTime } from "../../components/RelativeTime";
import { Chip } from "../../components/StatusChip";
import { formatDateTime } from "../../lib/format";

export const ACTION_LABEL: Record<AuditAction, string> = {
  profileAdded: "Profile added",
  profileRemoved: "Profile removed",
  profileActivated: "Profile made active",
  scenarioChanged: "Scenario changed",
  tokenSet: "Token stored",
  tokenCleared: "Token cleared",
  pinSet: "2FA PIN set",
  codeRequested: "Ownership code requested",
  codeVerified: "Ownership code entered",
  register: "Register",
  deregister: "Deregister",
  templateCreated: "Template created",
  templateEdited: "Template edited",
  templateDeleted: "Template deleted",
  subscribed: "Webhooks subscribed",
  unsubscribed: "Webhooks unsubscribed",
  appSubscriptionSet: "App webhook set",
  numberOverrideSet: "Number webhook override set",
  numberOverrideCleared: "Number webhook override cleared",
  appSecretSet: "App secret stored",
  appSecretCleared: "App secret removed",
  messageSent: "Message sent",
  messageMarkedRead: "Message marked as read",
  burstSent: "Burst sent",
  sendLimitsSet: "Send limits changed",
  mediaUploaded: "Media uploaded",
  businessProfileSaved: "Business profile saved",
  profilePhotoSet: "Profile photo set",
  displayNameRequested: "Display name change requested",
  automationSaved: "Conversational components saved",
};

/** From this many entries on, only the rows in view are rendered. */
export const VIRTUALIZE_FROM = 100;
const ROW_HEIGHT = 52;

const COLUMNS = ["#", "When", "Action", "Target", "Outcome", "Graph code", "Duration", "Hash"] as const;

interface RowProps {
  entry: AuditEntry;
  flag: string | undefined;
  rowIndex: number;
  style?: CSSProperties;
  measure?: (el: HTMLElement | null) => void;
  virtualIndex?: number;
}

function Row({ entry, flag, rowIndex, style, measure, virtualIndex }: RowProps) {
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      className={`audit-row ${flag ? "audit-row--flagged" : ""}`}
      data-testid={`audit-row-${entry.id}`}
      data-flagged={Boolean(flag)}
      data-index={virtualIndex}
      ref={measure}
      style={style}
    >
      <div role="cell" className="audit-cell audit-cell--id">
        {flag && <ShieldAlert size={14} className="audit-flag" aria-label={flag} data-testid="audit-flag" />}
        <span className="mono">#{entry.id}</span>
      </div>
      <div role="cell" className="audit-cell audit-cell--when">
        <RelativeTime iso={entry.at} />
        <span className="audit-cell__sub">{formatDateTime(entry.at)}</span>
      </div>
      <div role="cell" className="audit-cell audit-cell--action">
        {ACTION_LABEL[entry.action]}
      </div>
      <div role="cell" className="audit-cell audit-cell--target" title={entry.target ?? undefined}>
        {entry.target ?? <span className="muted">—</span>}
      </div>
      <div role="cell" className="audit-cell">
        {entry.outcome === "ok" ? <Chip tone="pass">OK</Chip> : <Chip tone="fail">Failed</Chip>}
      </div>
      <div role="cell" className="audit-cell audit-cell--num mono">
        {entry.graphCode ?? <span className="muted">—</span>}
      </div>
      <div role="cell" className="audit-cell audit-cell--num">
        {entry.durationMs} ms
      </div>
      <div role="cell" className="audit-cell audit-cell--hash mono" title={entry.hash}>
        {entry.hash.slice(0, 10)}
      </div>
    </div>
  );
}

function Header() {
  return (
    <div role="rowgroup" className="audit-head">
      <div role="row" aria-rowindex={1} className="audit-row audit-row--head">
        {COLUMNS.map((c) => (
          <div key={c} role="columnheader" className={`audit-cell column-heading ${c === "Graph code" || c === "Duration" ? "audit-cell--num" : ""}`}>
            {c}
          </div>
        ))}
      </div>
    </div>
  );
}

function VirtualRows({ entries, flags }: { entries: AuditEntry[]; flags: Map<number, string> }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  return (
    <div className="audit-scroll" ref={scrollRef} tabIndex={0} aria-label="Audit entries (scrollable)" data-testid="audit-virtual">
      <Header />
      <div role="rowgroup" className="audit-body" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => {
          const entry = entries[item.index];
          if (!entry) return null;
          return (
            <Row
              key={entry.id}
              entry={entry}
              flag={flags.get(entry.id)}
              rowIndex={item.index + 2}
              virtualIndex={item.index}
              measure={virtualizer.measureElement}
              style={{ position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
            />
          );
        })}
      </div>
    </div>
  );
}

export function AuditTable({ entries, flags }: { entries: AuditEntry[]; flags: Map<number, string> }) {
  return (
    <div role="table" aria-label="Audit log" aria-rowcount={entries.length + 1} className="audit-table">
      {entries.length >= VIRTUALIZE_FROM ? (
        <VirtualRows entries={entries} flags={flags} />
      ) : (
        <>
          <Header />
          <div role="rowgroup" className="audit-body">
            {entries.map((entry, i) => (
              <Row key={entry.id} entry={entry} flag={flags.get(entry.id)} rowIndex={i + 2} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
