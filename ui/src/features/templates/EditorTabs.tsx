// The editor's two views of one text, as tabs: "Form" and "JSON". Arrow keys, Home and End move between them (the WAI-ARIA
// tabs pattern); the panel below is the chosen view.
import { useRef, type KeyboardEvent } from "react";

export type EditorView = "form" | "json";

const VIEWS: { view: EditorView; label: string }[] = [
  { view: "form", label: "Form" },
  { view: "json", label: "JSON" },
];

export const tabId = (view: EditorView) => `editor-tab-${view}`;
export const panelId = (view: EditorView) => `editor-panel-${view}`;

export function EditorTabs({ view, onChange }: { view: EditorView; onChange: (view: EditorView) => void }) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(e: KeyboardEvent, index: number) {
    const last = VIEWS.length - 1;
    const to = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = VIEWS[to];
    if (!next) return;
    onChange(next.view);
    tabs.current[to]?.focus();
  }

  return (
    <div className="editor-tabs" role="tablist" aria-label="Edit the template as">
      {VIEWS.map(({ view: v, label }, i) => (
        <button
          key={v}
          ref={(el) => {
            tabs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={tabId(v)}
          data-testid={tabId(v)}
          aria-selected={view === v}
          aria-controls={panelId(v)}
          tabIndex={view === v ? 0 : -1}
          className="editor-tabs__tab"
          onClick={() => onChange(v)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
