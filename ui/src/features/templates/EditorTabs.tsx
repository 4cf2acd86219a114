// The editor's two views of one text, as tabs: "Form" and "JSON"; the panel below is the chosen view.
import { Tabs, type TabItem } from "../../components/Tabs";

export type EditorView = "form" | "json";

const VIEWS: { view: EditorView; label: string }[] = [
  { view: "form", label: "Form" },
  { view: "json", label: "JSON" },
];

export const tabId = (view: EditorView) => `editor-tab-${view}`;
export const panelId = (view: EditorView) => `editor-panel-${view}`;

const ITEMS: TabItem<EditorView>[] = VIEWS.map(({ view, label }) => ({ value: view, label, id: tabId(view), controls: panelId(view) }));

export function EditorTabs({ view, onChange }: { view: EditorView; onChange: (view: EditorView) => void }) {
  return <Tabs label="Edit the template as" items={ITEMS} value={view} onChange={onChange} />;
}
