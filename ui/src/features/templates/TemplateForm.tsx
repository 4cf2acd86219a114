// The editor's form view of a draft: name, language, category, header, body with one example per variable, footer and
// buttons, each field with its character counter and the linter's findings under it. Every edit is a new draft handed to
// `onChange`, which writes it back into the text (the single source of truth); findings with no field here are listed on top.
// It reads the draft through draftText's defensive readers (a field of the wrong type shows as absent) and remembers the
// example values it has seen, so a variable deleted for a moment gets its example back when it is typed again.
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useEffect, useRef, type ReactNode } from "react";
import type { LintFinding } from "../../bindings/LintFinding";
import type { TemplateButton } from "../../bindings/TemplateButton";
import type { TemplateDraft } from "../../bindings/TemplateDraft";
import { Field, type ControlProps } from "../../components/Field";
import { Select } from "../../components/Select";
import {
  LIMITS,
  NEW_BUTTONS,
  buttonsOf,
  charCount,
  componentIndex,
  examplesOf,
  exampleOwner,
  findingsByField,
  formFields,
  hasExampleSlot,
  headerHandleOf,
  headerKindOf,
  moved,
  stringOr,
  textOf,
  unshownTypes,
  variablesOf,
  withButtons,
  withComponent,
  withComponentText,
  withExampleValue,
  withHeaderHandle,
  withHeaderKind,
  writtenButtons,
  type ExampleOwner,
  type HeaderKind,
} from "./draftText";
import { FieldFindings, Finding } from "./Findings";

/** What the form may change: in an edit, Meta keeps the name and language (and an approved template's category). */
export interface Locks {
  nameAndLanguage: boolean;
  category: boolean;
}

interface Props {
  draft: TemplateDraft;
  onChange: (draft: TemplateDraft) => void;
  findings: LintFinding[];
  disabled: boolean;
  locks: Locks;
}

/** Codes admins use most; the linter checks any other against Meta's list. */
const LANGUAGES = ["en_US", "en_GB", "en", "es", "es_ES", "es_MX", "pt_BR", "pt_PT", "fr", "de", "it", "nl", "id", "hi", "ar", "tr", "ru", "ja", "ko", "zh_CN"];

const CATEGORIES = [
  { value: "UTILITY", label: "Utility", description: "About an order, an account or a request the recipient made." },
  { value: "MARKETING", label: "Marketing", description: "Promotions, offers, news and anything else." },
  { value: "AUTHENTICATION", label: "Authentication", description: "One-time passcodes, in Meta's fixed wording." },
];

const HEADER_KINDS: { value: HeaderKind; label: string }[] = [
  { value: "NONE", label: "No header" },
  { value: "TEXT", label: "Text" },
  { value: "IMAGE", label: "Image" },
  { value: "VIDEO", label: "Video" },
  { value: "DOCUMENT", label: "Document" },
];

/** "12 / 1,024", marked once over the limit. */
function Counter({ text, max }: { text: string; max: number }) {
  const count = charCount(text);
  return (
    <span className={count > max ? "editor-counter editor-counter--over" : "editor-counter"} aria-live="polite">
      {count.toLocaleString("en-US")} / {max.toLocaleString("en-US")}
    </span>
  );
}

/** A labelled field with its findings under the control. */
function FormField({ id, label, hint, findings, children }: { id: string; label: string; hint?: ReactNode; findings: LintFinding[] | undefined; children: (control: ControlProps) => ReactNode }) {
  return (
    <Field id={id} label={label} hint={hint}>
      {(control) => (
        <>
          {children(control)}
          <FieldFindings findings={findings} />
        </>
      )}
    </Field>
  );
}

/** The example values the form has seen, by owner and variable key, merged after every change: what a variable typed
 *  again gets when the text no longer has its example. */
function useRememberedExamples(draft: TemplateDraft) {
  const remembered = useRef(new Map<ExampleOwner, Map<string, string>>());
  useEffect(() => {
    for (const component of draft.components) {
      const owner = exampleOwner(component);
      if (!owner) continue;
      const seen = remembered.current.get(owner) ?? new Map<string, string>();
      examplesOf(owner, component.example).forEach((value, key) => seen.set(key, value));
      remembered.current.set(owner, seen);
    }
  }, [draft]);
  return (owner: ExampleOwner): ReadonlyMap<string, string> => remembered.current.get(owner) ?? new Map<string, string>();
}

export function TemplateForm({ draft, onChange, findings, disabled, locks }: Props) {
  const { byField, top } = findingsByField(findings, formFields(draft));
  const at = (key: string) => byField.get(key);
  const header = componentIndex(draft, "HEADER");
  const body = componentIndex(draft, "BODY");
  const footer = componentIndex(draft, "FOOTER");
  const headerKind = headerKindOf(draft);
  const remembered = useRememberedExamples(draft);
  const unshown = unshownTypes(draft.components);

  return (
    <fieldset className="editor-form stack" disabled={disabled} aria-label="Template form">
      {top.length > 0 && (
        <div className="findings findings--top" role="list" aria-label="Problems with the template as a whole" data-testid="form-top-findings">
          {top.map((finding, i) => (
            <div role="listitem" key={`${finding.rule}-${i}`}>
              <Finding finding={finding} />
            </div>
          ))}
        </div>
      )}

      {unshown.length > 0 && (
        <p className="callout callout--info" data-testid="form-unshown">
          {`This template also has ${unshown.join(", ")}: edit it in the JSON view.`}
        </p>
      )}

      <div className="editor-grid">
        <FormField id="template-name" label="Name" hint={locks.nameAndLanguage ? "Meta keeps a template's name." : "Lowercase letters, digits and underscores, e.g. order_update."} findings={at("name")}>
          {(control) => (
            <input
              {...control}
              className="input input--mono"
              data-testid="template-name"
              value={stringOr(draft.name) ?? ""}
              readOnly={locks.nameAndLanguage}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => onChange({ ...draft, name: e.target.value })}
            />
          )}
        </FormField>
        <FormField id="template-language" label="Language" hint={locks.nameAndLanguage ? "Meta keeps a template's language." : "Meta's code, with an underscore: en_US, pt_BR."} findings={at("language")}>
          {(control) => (
            <>
              <input
                {...control}
                className="input input--mono"
                data-testid="template-language"
                list="template-languages"
                value={stringOr(draft.language) ?? ""}
                readOnly={locks.nameAndLanguage}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => onChange({ ...draft, language: e.target.value })}
              />
              <datalist id="template-languages">
                {LANGUAGES.map((code) => (
                  <option key={code} value={code} />
                ))}
              </datalist>
            </>
          )}
        </FormField>
      </div>

      <FormField id="template-category" label="Category" hint={locks.category ? "Meta does not change the category of an approved template." : undefined} findings={at("category")}>
        {(control) => (
          <Select
            id={control.id}
            aria-describedby={control["aria-describedby"]}
            aria-invalid={control["aria-invalid"]}
            data-testid="template-category"
            value={stringOr(draft.category)}
            placeholder="Choose a category"
            disabled={disabled || locks.category}
            options={CATEGORIES}
            onValueChange={(category) => onChange({ ...draft, category })}
          />
        )}
      </FormField>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="template-allow-category-change"
          checked={draft.allow_category_change === true}
          onChange={(e) => onChange({ ...draft, allow_category_change: e.target.checked || undefined })}
        />
        Let Meta change the category instead of rejecting the template
      </label>
      <FieldFindings findings={[...(at("allow_category_change") ?? []), ...(at("parameter_format") ?? [])]} />

      <section className="editor-section stack" aria-labelledby="editor-header-title">
        <h3 className="editor-section__title" id="editor-header-title">
          Header
        </h3>
        <FormField id="template-header-kind" label="Kind" findings={header >= 0 ? at(`components/${header}/format`) : undefined}>
          {(control) => (
            <Select
              id={control.id}
              data-testid="template-header-kind"
              value={headerKind}
              disabled={disabled}
              options={HEADER_KINDS.some((k) => k.value === headerKind) ? HEADER_KINDS : [...HEADER_KINDS, { value: headerKind, label: headerKind }]}
              onValueChange={(kind) => onChange(withHeaderKind(draft, kind as HeaderKind))}
            />
          )}
        </FormField>
        {header >= 0 && headerKind === "TEXT" && (
          <>
            <FormField id="template-header-text" label="Header text" hint={<Counter text={textOf(draft.components[header])} max={LIMITS.header} />} findings={at(`components/${header}/text`)}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  dir="auto"
                  data-testid="template-header-text"
                  value={textOf(draft.components[header])}
                  onChange={(e) => onChange(withComponentText(draft, header, e.target.value, remembered("header")))}
                />
              )}
            </FormField>
            <Examples draft={draft} index={header} onChange={onChange} findings={at(`components/${header}/example`)} />
          </>
        )}
        {header >= 0 && ["IMAGE", "VIDEO", "DOCUMENT"].includes(headerKind) && (
          <FormField
            id="template-header-handle"
            label="Example media (upload handle)"
            hint="Meta reviews the template with a sample: the handle of a file uploaded with the Resumable Upload API."
            findings={at(`components/${header}/example`)}
          >
            {(control) => (
              <input
                {...control}
                className="input input--mono"
                data-testid="template-header-handle"
                value={headerHandleOf(draft.components[header])}
                onChange={(e) => onChange(withHeaderHandle(draft, header, e.target.value))}
              />
            )}
          </FormField>
        )}
      </section>

      {body >= 0 && (
        <section className="editor-section stack" aria-labelledby="editor-body-title">
          <h3 className="editor-section__title" id="editor-body-title">
            Body
          </h3>
          <FormField id="template-body" label="Body text" hint={<Counter text={textOf(draft.components[body])} max={LIMITS.body} />} findings={at(`components/${body}/text`)}>
            {(control) => (
              <textarea
                {...control}
                className="input editor-body"
                dir="auto"
                data-testid="template-body"
                rows={6}
                value={textOf(draft.components[body])}
                onChange={(e) => onChange(withComponentText(draft, body, e.target.value, remembered("body")))}
              />
            )}
          </FormField>
          <p className="muted editor-note">Variables: {"{{1}}"}, {"{{2}}"}… in order, or lowercase names such as {"{{first_name}}"}; never at the very start or end.</p>
          <Examples draft={draft} index={body} onChange={onChange} findings={at(`components/${body}/example`)} />
        </section>
      )}

      <section className="editor-section stack" aria-labelledby="editor-footer-title">
        <h3 className="editor-section__title" id="editor-footer-title">
          Footer
        </h3>
        <FormField
          id="template-footer"
          label="Footer text"
          hint={footer >= 0 ? <Counter text={textOf(draft.components[footer])} max={LIMITS.footer} /> : "Optional: a short line of plain text, no variables."}
          findings={footer >= 0 ? at(`components/${footer}/text`) : undefined}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              dir="auto"
              data-testid="template-footer"
              value={textOf(draft.components[footer])}
              onChange={(e) => onChange(withComponent(draft, "FOOTER", e.target.value ? { ...(draft.components[footer] ?? { type: "FOOTER" }), text: e.target.value } : null))}
            />
          )}
        </FormField>
      </section>

      <Buttons draft={draft} onChange={onChange} at={at} />
    </fieldset>
  );
}

/** One input per variable of the component's text: Meta reviews the template with these values. A variable with no place
 *  in the example list (`{{0}}`, a number past `MAX_EXAMPLE_ROW`) gets none: the linter's finding says how to number it. */
function Examples({ draft, index, onChange, findings }: { draft: TemplateDraft; index: number; onChange: (draft: TemplateDraft) => void; findings: LintFinding[] | undefined }) {
  const component = draft.components[index];
  const owner = component && exampleOwner(component);
  if (!component || !owner) return null;
  const variables = variablesOf(textOf(component));
  if (variables.names.length === 0) return <FieldFindings findings={findings} />;
  const values = examplesOf(owner, component.example);
  return (
    <div className="editor-examples stack" data-testid={`template-${owner}-examples`}>
      <span className="field__label">Example values (what Meta's reviewer sees)</span>
      {variables.names.map((name) => {
        const slot = hasExampleSlot(variables, name);
        const id = `template-${owner}-example-${name}`;
        return (
          <div className="editor-example" key={name}>
            <label className="mono" htmlFor={id}>{`{{${name}}}`}</label>
            <input
              id={id}
              className="input"
              dir="auto"
              data-testid={id}
              value={slot ? (values.get(name) ?? "") : ""}
              disabled={!slot}
              placeholder={slot ? undefined : "No example: number the variables 1, 2, 3… (see the problem below)"}
              onChange={(e) => onChange(withExampleValue(draft, index, name, e.target.value))}
            />
          </div>
        );
      })}
      <FieldFindings findings={findings} />
    </div>
  );
}

function Buttons({ draft, onChange, at }: { draft: TemplateDraft; onChange: (draft: TemplateDraft) => void; at: (key: string) => LintFinding[] | undefined }) {
  const buttons = buttonsOf(draft);
  // Edits go to the buttons as written, so changing one keeps every field of the others as typed.
  const written = writtenButtons(draft);
  const index = componentIndex(draft, "BUTTONS");
  const base = `components/${index}/buttons`;
  const set = (next: unknown[]) => onChange(withButtons(draft, next));
  const patch = (j: number, fields: Partial<TemplateButton>) => set(written.map((b, k) => (k === j ? { ...(typeof b === "object" && b !== null ? b : {}), ...fields } : b)));
  return (
    <section className="editor-section stack" aria-labelledby="editor-buttons-title">
      <h3 className="editor-section__title" id="editor-buttons-title">
        Buttons
      </h3>
      {index >= 0 && <FieldFindings findings={at(base)} />}
      {buttons.length === 0 && <p className="muted">No buttons. Add quick replies, a link, a phone number or a copy-code button.</p>}
      <ol className="editor-buttons">
        {buttons.map((button, j) => (
          <li key={j} className="editor-button stack" data-testid="template-button" data-type={button.type}>
            <div className="row editor-button__head">
              <strong>{NEW_BUTTONS.find((b) => b.type === button.type)?.label ?? (button.type || "Button with no type")}</strong>
              <span className="row">
                <button type="button" className="btn btn--sm btn--icon" aria-label={`Move button ${j + 1} up`} disabled={j === 0} onClick={() => set(moved(written, j, -1))}>
                  <ArrowUp size={14} aria-hidden />
                </button>
                <button type="button" className="btn btn--sm btn--icon" aria-label={`Move button ${j + 1} down`} disabled={j === buttons.length - 1} onClick={() => set(moved(written, j, 1))}>
                  <ArrowDown size={14} aria-hidden />
                </button>
                <button type="button" className="btn btn--sm btn--ghost-danger" aria-label={`Remove button ${j + 1}`} onClick={() => set(written.filter((_, k) => k !== j))}>
                  <Trash2 size={14} aria-hidden />
                  Remove
                </button>
              </span>
            </div>
            <FieldFindings findings={at(`${base}/${j}`)} />
            <ButtonFields button={button} id={`template-button-${j}`} findings={(field) => at(`${base}/${j}/${field}`)} onChange={(fields) => patch(j, fields)} />
          </li>
        ))}
      </ol>
      <div className="row editor-add-buttons">
        {NEW_BUTTONS.map((b) => (
          <button key={b.type} type="button" className="btn btn--sm" data-testid={`template-add-${b.type}`} onClick={() => set([...written, b.button])}>
            <Plus size={14} aria-hidden />
            {b.label}
          </button>
        ))}
      </div>
    </section>
  );
}

function ButtonFields({ button, id, findings, onChange }: { button: TemplateButton; id: string; findings: (field: string) => LintFinding[] | undefined; onChange: (fields: Partial<TemplateButton>) => void }) {
  const example = Array.isArray(button.example) ? button.example[0] : button.example;
  return (
    <>
      {button.type !== "COPY_CODE" && (
        <FormField id={`${id}-text`} label="Label" hint={<Counter text={button.text ?? ""} max={LIMITS.buttonText} />} findings={findings("text")}>
          {(control) => <input {...control} className="input" value={button.text ?? ""} onChange={(e) => onChange({ text: e.target.value })} />}
        </FormField>
      )}
      {button.type === "URL" && (
        <>
          <FormField id={`${id}-url`} label="URL" hint="https://…; one variable at most, at the very end: https://shop.example/track/{{1}}" findings={findings("url")}>
            {(control) => <input {...control} className="input input--mono" value={button.url ?? ""} onChange={(e) => onChange({ url: e.target.value })} />}
          </FormField>
          {/\{\{/.test(button.url ?? "") && (
            <FormField id={`${id}-example`} label="Example URL (with the variable filled in)" findings={findings("example")}>
              {(control) => (
                <input {...control} className="input input--mono" value={example ?? ""} onChange={(e) => onChange({ example: e.target.value ? [e.target.value] : undefined })} />
              )}
            </FormField>
          )}
        </>
      )}
      {button.type === "PHONE_NUMBER" && (
        <FormField id={`${id}-phone`} label="Phone number" hint="With the country code: +15550100199." findings={findings("phone_number")}>
          {(control) => <input {...control} className="input input--mono" type="tel" value={button.phone_number ?? ""} onChange={(e) => onChange({ phone_number: e.target.value })} />}
        </FormField>
      )}
      {button.type === "COPY_CODE" && (
        <FormField id={`${id}-example`} label="Example code" hint="At most 20 characters, e.g. SAVE20." findings={findings("example")}>
          {(control) => <input {...control} className="input input--mono" value={example ?? ""} onChange={(e) => onChange({ example: e.target.value })} />}
        </FormField>
      )}
    </>
  );
}
