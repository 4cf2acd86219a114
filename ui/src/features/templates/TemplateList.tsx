// The templates as a grid of fixed-height rows, virtualized so a WABA with thousands stays smooth (only the rows in
// view are in the DOM). A row opens its template; the keyboard moves between rows (arrows, Home, End) and Enter opens.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { TemplateInfo } from "../../bindings/TemplateInfo";
import { ExplainedChip } from "../../components/ExplainedChip";

const ROW_HEIGHT = 52;
/** The sticky column headers above the rows, inside the same scroll box (templates.css gives them this height). */
const HEAD_HEIGHT = 40;
const OVERSCAN = 10;

interface Props {
  templates: TemplateInfo[];
  selectedId: string | undefined;
  /** Beside the detail panel: the quality and rejection columns give way. */
  compact: boolean;
  onOpen: (templateId: string) => void;
}

const dash = <span className="muted">—</span>;

function RejectionCell({ template }: { template: TemplateInfo }) {
  const rejection = template.rejection;
  if (!rejection) return dash;
  const line = `${rejection.reason}: ${rejection.meaning}`;
  return (
    <span className="templates-row__reason" title={`${line} ${rejection.fix}`}>
      <span className="mono">{rejection.reason}</span> {rejection.meaning}
    </span>
  );
}

function Row({ template, index, active, selected, compact, top, onOpen, onKeyDown }: {
  template: TemplateInfo;
  index: number;
  active: boolean;
  selected: boolean;
  compact: boolean;
  top: number;
  onOpen: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={active ? 0 : -1}
      className={`templates-row${selected ? " is-selected" : ""}`}
      data-testid={`template-row-${template.id}`}
      data-status={template.status.value}
      data-index={index}
      style={{ height: ROW_HEIGHT, transform: `translateY(${top}px)` }}
      onClick={onOpen}
      onKeyDown={onKeyDown}
    >
      <div role="gridcell" className="templates-cell templates-cell--name mono" title={template.name}>
        {template.name}
      </div>
      <div role="gridcell" className="templates-cell mono">
        {template.language}
      </div>
      <div role="gridcell" className="templates-cell templates-cell--category">
        <ExplainedChip explained={template.category} />
        {template.previousCategory && <span className="templates-cell__sub">was {template.previousCategory}</span>}
      </div>
      <div role="gridcell" className="templates-cell">
        <ExplainedChip explained={template.status} />
      </div>
      {!compact && (
        <>
          <div role="gridcell" className="templates-cell">
            {template.quality ? <ExplainedChip explained={template.quality} /> : dash}
          </div>
          <div role="gridcell" className="templates-cell templates-cell--reason">
            <RejectionCell template={template} />
          </div>
        </>
      )}
    </div>
  );
}

export function TemplateList({ templates, selectedId, compact, onOpen }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const selectedIndex = templates.findIndex((t) => t.id === selectedId);
  const [activeIndex, setActiveIndex] = useState(Math.max(0, selectedIndex));
  const active = Math.min(activeIndex, templates.length - 1);
  /** The row the keyboard moved to, focused once the virtualizer has rendered it. */
  const pendingFocus = useRef<number | null>(null);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: templates.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: HEAD_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const activeRendered = items.some((item) => item.index === active);

  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (row) {
      pendingFocus.current = null;
      row.focus();
    }
  });

  function moveTo(index: number) {
    const next = Math.max(0, Math.min(templates.length - 1, index));
    setActiveIndex(next);
    pendingFocus.current = next;
    virtualizer.scrollToIndex(next);
  }

  function onRowKey(event: KeyboardEvent<HTMLDivElement>, index: number, id: string) {
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: templates.length - 1 };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onOpen(id);
    }
  }

  const columns = compact ? ["Name", "Language", "Category", "Status"] : ["Name", "Language", "Category", "Status", "Quality", "Why rejected"];
  return (
    <div
      role="grid"
      aria-label="Templates"
      aria-rowcount={templates.length + 1}
      className={`templates-grid${compact ? " templates-grid--compact" : ""}`}
      data-testid="templates-list"
    >
      <div
        ref={scrollRef}
        className="templates-scroll"
        // When the active row is scrolled out of the DOM, the list itself keeps the tab stop and hands focus back to it.
        tabIndex={activeRendered ? -1 : 0}
        aria-label={activeRendered ? undefined : "Templates (scrollable); press an arrow key to move to a row"}
        onKeyDown={(e) => {
          if (e.target === e.currentTarget && ["ArrowDown", "ArrowUp", "Home", "End"].includes(e.key)) {
            e.preventDefault();
            moveTo(active);
          }
        }}
      >
        <div role="rowgroup" className="templates-head">
          <div role="row" aria-rowindex={1} className="templates-row templates-row--head">
            {columns.map((c) => (
              <div key={c} role="columnheader" className="templates-cell column-heading">
                {c}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="templates-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const template = templates[item.index];
            if (!template) return null;
            return (
              <Row
                key={template.id}
                template={template}
                index={item.index}
                active={item.index === active}
                selected={template.id === selectedId}
                compact={compact}
                top={item.start - HEAD_HEIGHT}
                onOpen={() => {
                  setActiveIndex(item.index);
                  onOpen(template.id);
                }}
                onKeyDown={(e) => onRowKey(e, item.index, template.id)}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
