// The free-form message forms: text (body with its counter, link preview), reply buttons (1 to 3, each an ID and a title)
// and lists (sections of rows, 10 rows in all), and the helper that turns a list of options into either: 3 or fewer
// become buttons, more a list.
import { ListPlus, Plus, Trash2, Wand2 } from "lucide-react";
import { useState } from "react";
import { COUNTER_MAX, MAX_BUTTONS, MAX_ROWS, emptyRow, findingsAt, fromOptions, type ComposeDraft, type RowDraft, type SectionDraft } from "./compose";
import { FindingList, TextField } from "./fields";
import type { FormProps } from "./formProps";

export function TextForm({ draft, change, findings }: FormProps) {
  const text = draft.text;
  const set = (edit: Partial<ComposeDraft["text"]>) => change((d) => ({ ...d, text: { ...d.text, ...edit } }));
  return (
    <div className="stack">
      <TextField id="send-text-body" label="Message" multiline value={text.body} onChange={(body) => set({ body })} max={COUNTER_MAX.textBody} findings={findingsAt(findings, "/body")} testId="text-body" />
      <label className="checkbox">
        <input type="checkbox" checked={text.previewUrl} onChange={(e) => set({ previewUrl: e.target.checked })} data-testid="text-preview-url" />
        Show a preview of the first link in the message
      </label>
    </div>
  );
}

/** Header text and footer, shared by buttons and lists. */
function HeaderAndFooter({ prefix, header, footer, findings, onHeader, onFooter }: { prefix: string; header: string; footer: string; findings: FormProps["findings"]; onHeader: (v: string) => void; onFooter: (v: string) => void }) {
  return (
    <div className="send-grid">
      <TextField id={`${prefix}-header`} label="Header" optional value={header} onChange={onHeader} max={COUNTER_MAX.headerText} findings={findingsAt(findings, "/header")} />
      <TextField id={`${prefix}-footer`} label="Footer" optional value={footer} onChange={onFooter} max={COUNTER_MAX.footer} findings={findingsAt(findings, "/footer")} />
    </div>
  );
}

export function ButtonsForm({ draft, change, findings }: FormProps) {
  const b = draft.buttons;
  const set = (edit: Partial<ComposeDraft["buttons"]>) => change((d) => ({ ...d, buttons: { ...d.buttons, ...edit } }));
  const setButton = (i: number, edit: Partial<{ id: string; title: string }>) => set({ buttons: b.buttons.map((button, j) => (j === i ? { ...button, ...edit } : button)) });
  return (
    <div className="stack">
      <OptionsHelper change={change} />
      <TextField id="send-buttons-body" label="Message" multiline value={b.body} onChange={(body) => set({ body })} max={COUNTER_MAX.buttonsBody} findings={findingsAt(findings, "/body")} testId="buttons-body" />
      <HeaderAndFooter prefix="send-buttons" header={b.header} footer={b.footer} findings={findings} onHeader={(header) => set({ header })} onFooter={(footer) => set({ footer })} />
      <fieldset className="send-group" data-testid="reply-buttons">
        <legend className="send-group__legend">
          Reply buttons ({b.buttons.length} of {MAX_BUTTONS})
        </legend>
        <FindingList findings={findings.filter((f) => f.path === "/buttons")} label="Problems with the buttons" />
        {b.buttons.map((button, i) => (
          <div key={i} className="send-item">
            <div className="send-grid">
              <TextField id={`send-button-${i}-title`} label={`Button ${i + 1} title`} value={button.title} onChange={(title) => setButton(i, { title })} max={COUNTER_MAX.buttonTitle} findings={findingsAt(findings, `/buttons/${i}/title`)} />
              <TextField id={`send-button-${i}-id`} label={`Button ${i + 1} ID`} value={button.id} onChange={(id) => setButton(i, { id })} max={COUNTER_MAX.buttonId} findings={findingsAt(findings, `/buttons/${i}/id`)} mono hint="Comes back in the webhook when tapped." />
            </div>
            <button type="button" className="btn btn--ghost btn--icon" aria-label={`Remove button ${i + 1}`} title="Remove" disabled={b.buttons.length <= 1} onClick={() => set({ buttons: b.buttons.filter((_, j) => j !== i) })}>
              <Trash2 size={15} aria-hidden />
            </button>
          </div>
        ))}
        <div>
          <button type="button" className="btn btn--sm" disabled={b.buttons.length >= MAX_BUTTONS} onClick={() => set({ buttons: [...b.buttons, { id: "", title: "" }] })}>
            <Plus size={14} aria-hidden />
            Add a button
          </button>
          {b.buttons.length >= MAX_BUTTONS && <span className="muted send-inline-note">Three is the most: send more options as a list.</span>}
        </div>
      </fieldset>
    </div>
  );
}

export function ListForm({ draft, change, findings }: FormProps) {
  const l = draft.list;
  const rows = l.sections.reduce((n, s) => n + s.rows.length, 0);
  const set = (edit: Partial<ComposeDraft["list"]>) => change((d) => ({ ...d, list: { ...d.list, ...edit } }));
  const setSection = (s: number, edit: (section: SectionDraft) => SectionDraft) => set({ sections: l.sections.map((section, j) => (j === s ? edit(section) : section)) });
  const setRow = (s: number, r: number, edit: Partial<RowDraft>) => setSection(s, (section) => ({ ...section, rows: section.rows.map((row, k) => (k === r ? { ...row, ...edit } : row)) }));
  return (
    <div className="stack">
      <OptionsHelper change={change} />
      <TextField id="send-list-body" label="Message" multiline value={l.body} onChange={(body) => set({ body })} max={COUNTER_MAX.listBody} findings={findingsAt(findings, "/body")} testId="list-body" />
      <HeaderAndFooter prefix="send-list" header={l.header} footer={l.footer} findings={findings} onHeader={(header) => set({ header })} onFooter={(footer) => set({ footer })} />
      <TextField id="send-list-button" label="Button that opens the list" value={l.button} onChange={(button) => set({ button })} max={COUNTER_MAX.listButton} findings={findingsAt(findings, "/button")} placeholder="View options" />
      <fieldset className="send-group" data-testid="list-sections">
        <legend className="send-group__legend">
          Sections ({rows} of {MAX_ROWS} rows)
        </legend>
        <FindingList findings={findings.filter((f) => f.path === "/sections")} label="Problems with the sections" />
        {l.sections.map((section, s) => (
          <div key={s} className="send-section-block">
            <div className="send-item">
              <TextField
                id={`send-section-${s}-title`}
                label={`Section ${s + 1} title`}
                optional={l.sections.length === 1}
                value={section.title}
                onChange={(title) => setSection(s, (x) => ({ ...x, title }))}
                max={COUNTER_MAX.sectionTitle}
                findings={findingsAt(findings, `/sections/${s}/title`)}
              />
              <button type="button" className="btn btn--ghost btn--icon" aria-label={`Remove section ${s + 1}`} title="Remove section" disabled={l.sections.length <= 1} onClick={() => set({ sections: l.sections.filter((_, j) => j !== s) })}>
                <Trash2 size={15} aria-hidden />
              </button>
            </div>
            <FindingList findings={findings.filter((f) => f.path === `/sections/${s}/rows`)} label={`Problems with the rows of section ${s + 1}`} />
            {section.rows.map((row, r) => (
              <div key={r} className="send-item send-row">
                <div className="stack" style={{ gap: "var(--space-2)" }}>
                  <div className="send-grid">
                    <TextField id={`send-row-${s}-${r}-title`} label={`Row ${r + 1} title`} value={row.title} onChange={(title) => setRow(s, r, { title })} max={COUNTER_MAX.rowTitle} findings={findingsAt(findings, `/sections/${s}/rows/${r}/title`)} />
                    <TextField id={`send-row-${s}-${r}-id`} label={`Row ${r + 1} ID`} value={row.id} onChange={(id) => setRow(s, r, { id })} max={COUNTER_MAX.rowId} findings={findingsAt(findings, `/sections/${s}/rows/${r}/id`)} mono />
                  </div>
                  <TextField
                    id={`send-row-${s}-${r}-description`}
                    label={`Row ${r + 1} description`}
                    optional
                    value={row.description}
                    onChange={(description) => setRow(s, r, { description })}
                    max={COUNTER_MAX.rowDescription}
                    findings={findingsAt(findings, `/sections/${s}/rows/${r}/description`)}
                  />
                </div>
                <button type="button" className="btn btn--ghost btn--icon" aria-label={`Remove row ${r + 1} of section ${s + 1}`} title="Remove row" onClick={() => setSection(s, (x) => ({ ...x, rows: x.rows.filter((_, k) => k !== r) }))}>
                  <Trash2 size={15} aria-hidden />
                </button>
              </div>
            ))}
            <div>
              <button type="button" className="btn btn--sm" disabled={rows >= MAX_ROWS} onClick={() => setSection(s, (x) => ({ ...x, rows: [...x.rows, emptyRow()] }))}>
                <Plus size={14} aria-hidden />
                Add a row
              </button>
            </div>
          </div>
        ))}
        <div className="row">
          <button type="button" className="btn btn--sm" disabled={rows >= MAX_ROWS} onClick={() => set({ sections: [...l.sections, { title: "", rows: [emptyRow()] }] })}>
            <ListPlus size={14} aria-hidden />
            Add a section
          </button>
          {rows >= MAX_ROWS && <span className="muted send-inline-note">A list holds 10 rows in all: remove one to add another.</span>}
        </div>
      </fieldset>
    </div>
  );
}

/** The seed's rule of thumb as a helper: options typed one per line become reply buttons (3 or fewer) or a list. */
function OptionsHelper({ change }: Pick<FormProps, "change">) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const options = text
    .split("\n")
    .map((o) => o.trim())
    .filter(Boolean);
  if (!open) {
    return (
      <div>
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => setOpen(true)} data-testid="options-helper-open">
          <Wand2 size={14} aria-hidden />
          Start from a list of options
        </button>
      </div>
    );
  }
  const verdict = options.length === 0 ? null : options.length <= MAX_BUTTONS ? `${options.length} option${options.length === 1 ? "" : "s"}: reply buttons` : `${options.length} options: a list`;
  return (
    <div className="send-helper" data-testid="options-helper">
      <label className="field__label" htmlFor="send-options">
        Options, one per line
      </label>
      <textarea id="send-options" className="input send-textarea" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      <p className="field__hint">3 or fewer options read best as reply buttons; more go in a list (up to {MAX_ROWS} rows). The titles replace the current buttons or rows.</p>
      <div className="row">
        <button
          type="button"
          className="btn btn--sm btn--primary"
          disabled={options.length === 0}
          onClick={() => {
            change((d) => fromOptions(d, options));
            setOpen(false);
            setText("");
          }}
        >
          {verdict ? `Use them (${verdict})` : "Use them"}
        </button>
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
