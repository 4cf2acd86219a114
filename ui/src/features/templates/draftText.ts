// The template editor's pure side: the draft's text (Meta's create JSON as the admin typed it, the single source of truth)
// read into a TemplateDraft and written back, the form's edits of a draft (variables and their examples, header kinds,
// buttons), the defensive readers the form and the preview show a draft through (a field of the wrong type reads as absent:
// the linter reports it), what an edit sends, and where each linter finding belongs (a form field, a line of the JSON view).
import type { ComponentExample } from "../../bindings/ComponentExample";
import type { LintFinding } from "../../bindings/LintFinding";
import type { TemplateButton } from "../../bindings/TemplateButton";
import type { TemplateCategory } from "../../bindings/TemplateCategory";
import type { TemplateComponent } from "../../bindings/TemplateComponent";
import type { TemplateDraft } from "../../bindings/TemplateDraft";
import type { TemplateInfo } from "../../bindings/TemplateInfo";

/** Meta's limits (facts §9.3), in characters, as the counters show them. */
export const LIMITS = { header: 60, body: 1024, footer: 60, buttonText: 25 } as const;

/** What a new template starts as: a UTILITY template in en_US with an empty body. */
export const NEW_DRAFT: TemplateDraft = { name: "", language: "en_US", category: "UTILITY", components: [{ type: "BODY", text: "" }] };

/** Characters as Meta counts them (code points, so an emoji is one). */
export const charCount = (text: string) => [...text].length;

/** The text, read: a draft the form can edit, or why it cannot (the JSON view still holds every character). */
export type ParsedText = { ok: true; draft: TemplateDraft } | { ok: false; reason: "invalidJson" | "notATemplate" };

export function parseDraftText(text: string): ParsedText {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "invalidJson" };
  }
  if (!isObject(value) || !Array.isArray(value.components) || !value.components.every(isObject)) return { ok: false, reason: "notATemplate" };
  return { ok: true, draft: value as unknown as TemplateDraft };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---- Reading a draft for display ----
// The text is whatever the admin typed: valid JSON of the wrong shape (`"text": 5`, `"buttons": "x"`) must not break the
// form or the preview. These readers are the only way either reads a component: a field of the wrong type is absent.

/** The value when it is a string, else `undefined`. */
export const stringOr = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** A component's text (HEADER, BODY, FOOTER), `""` when absent or not a string. */
export const textOf = (component: TemplateComponent | undefined): string => stringOr(component?.text) ?? "";

/** A header's format, `TEXT` when absent or not a string. */
export const formatOf = (component: TemplateComponent): string => stringOr(component.format) ?? "TEXT";

/** A button as the form and the preview show it: its string fields; an entry that is not an object shows as empty. */
export function shownButton(value: unknown): TemplateButton {
  const button = isObject(value) ? value : {};
  const example = Array.isArray(button.example) ? button.example.filter((e): e is string => typeof e === "string") : stringOr(button.example);
  return {
    type: stringOr(button.type) ?? "",
    text: stringOr(button.text),
    url: stringOr(button.url),
    phone_number: stringOr(button.phone_number),
    example,
  };
}

/** A BUTTONS component's buttons as shown (none when `buttons` is not a list). */
export const shownButtons = (component: TemplateComponent | undefined): TemplateButton[] => (Array.isArray(component?.buttons) ? component.buttons.map(shownButton) : []);

/** A media header's example: the upload handle, `""` when there is none. */
export function headerHandleOf(component: TemplateComponent | undefined): string {
  const example: unknown = component?.example;
  const handles = isObject(example) ? example.header_handle : undefined;
  return (Array.isArray(handles) && stringOr(handles[0])) || "";
}

/** The draft with the media header at `index` given this upload handle (removed when empty); other example fields kept. */
export function withHeaderHandle(draft: TemplateDraft, index: number, handle: string): TemplateDraft {
  const component = draft.components[index];
  if (!component) return draft;
  const example = { ...(isObject(component.example) ? component.example : {}), header_handle: handle ? [handle] : undefined };
  return replaceComponent(draft, index, { ...component, example });
}

/** The component types the form and the preview show; any other (CAROUSEL, LIMITED_TIME_OFFER, ...) only the JSON view. */
const SHOWN_TYPES = ["HEADER", "BODY", "FOOTER", "BUTTONS"];

/** The types of the draft's components the form and the preview cannot show, each once ("CAROUSEL"). */
export function unshownTypes(components: TemplateComponent[]): string[] {
  const types = components.map((c) => stringOr(c.type) ?? "a component with no type").filter((type) => !SHOWN_TYPES.includes(type));
  return [...new Set(types)];
}

/** The fields of each object of Meta's create shape, in the order Meta documents them (and the console's Rust types write
 *  them); fields the console does not model follow, as they were. */
const ORDER = {
  draft: ["name", "language", "category", "allow_category_change", "parameter_format", "components"],
  component: ["type", "format", "text", "example", "buttons"],
  example: ["header_text", "header_text_named_params", "header_handle", "body_text", "body_text_named_params"],
  button: ["type", "text", "url", "phone_number", "example"],
};

function ordered(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  for (const [key, v] of Object.entries(value)) if (!keys.includes(key)) out[key] = v;
  return out;
}

/** The text the form writes: the draft as Meta's create JSON, two-space indented, fields in Meta's order. */
export function draftToText(draft: TemplateDraft): string {
  const components = draft.components.map((c) => {
    const component = { ...(c as Record<string, unknown>) };
    if (isObject(component.example)) component.example = ordered(component.example, ORDER.example);
    if (Array.isArray(component.buttons)) component.buttons = component.buttons.map((b: unknown) => (isObject(b) ? ordered(b, ORDER.button) : b));
    return ordered(component, ORDER.component);
  });
  return JSON.stringify(ordered({ ...(draft as Record<string, unknown>), components }, ORDER.draft), null, 2);
}

/** A synced template as the editor opens it: its create JSON (name, language, category, variable format, components). */
export function draftFromTemplate(template: TemplateInfo): TemplateDraft {
  return {
    name: template.name,
    language: template.language,
    category: template.category?.value,
    parameter_format: template.parameterFormat ?? undefined,
    components: template.components,
  };
}

/** The statuses Meta lets a template be edited in (POST /{template-id}). */
export const EDITABLE_STATUSES: readonly string[] = ["APPROVED", "REJECTED", "PAUSED"];

/** A top-level field of the text an edit does not send, and why. */
export interface NotSent {
  field: string;
  reason: string;
}

/** The top-level fields an edit reads from the text; `components` is sent whole. */
const EDIT_READS = ["name", "language", "category", "allow_category_change", "parameter_format", "components", "message_send_ttl_seconds"];

/** What an edit of a synced template sends from the text (the category, unless the template is approved and keeps it, and
 *  `message_send_ttl_seconds`), and every top-level field of the text it leaves out, so none is dropped silently. */
export function editOf(draft: TemplateDraft, template: TemplateInfo, categoryLocked: boolean): { category: TemplateCategory | null; messageSendTtlSeconds: number | null; notSent: NotSent[] } {
  const fields = draft as Record<string, unknown>;
  const notSent: NotSent[] = [];
  if (fields.name !== template.name) notSent.push({ field: "name", reason: `Meta keeps ${template.name}` });
  if (fields.language !== template.language) notSent.push({ field: "language", reason: `Meta keeps ${template.language}` });
  const category = stringOr(fields.category);
  const changedCategory = category !== undefined && category !== template.category?.value;
  if (fields.category !== undefined && category === undefined) notSent.push({ field: "category", reason: "it is not a category name" });
  else if (changedCategory && categoryLocked) notSent.push({ field: "category", reason: `an approved template keeps ${template.category?.value ?? "its category"}` });
  if ((stringOr(fields.parameter_format) ?? "POSITIONAL") !== (template.parameterFormat ?? "POSITIONAL")) {
    notSent.push({ field: "parameter_format", reason: `an edit keeps ${template.parameterFormat ?? "POSITIONAL"}` });
  }
  if (fields.allow_category_change !== undefined) notSent.push({ field: "allow_category_change", reason: "only a new template asks for it" });
  for (const key of Object.keys(fields)) if (!EDIT_READS.includes(key)) notSent.push({ field: key, reason: "an edit does not send it" });
  const ttl = fields.message_send_ttl_seconds;
  return {
    category: changedCategory && !categoryLocked ? category : null,
    messageSendTtlSeconds: typeof ttl === "number" && Number.isInteger(ttl) ? ttl : null,
    notSent,
  };
}

// ---- Variables and their examples ----

/** The variables of a text, in order of first appearance, and how they are written. */
export interface Variables {
  /** `NAMED` when any variable is a name (`{{first_name}}`); otherwise positional (`{{1}}`). */
  format: "POSITIONAL" | "NAMED";
  /** Positional: the numbers, ascending (`1`, `2`); named: the names as they first appear. */
  names: string[];
}

/** What the linter reads as a variable: up to nine digits (`{{01}}` is `{{1}}`), or a name starting with a lowercase letter.
 *  Anything else between double braces (`{{ 1 }}`, `{{First}}`) is malformed. */
const VARIABLE = /\{\{(\d{1,9}|[a-z][a-z0-9_]*)\}\}/g;
const POSITIONAL = /^\d{1,9}$/;

/** The key of a variable's example value: a number as Meta counts it (`01` is `1`), a name as written; `null` when the
 *  text between the braces is not a variable. */
export function variableKey(inner: string): string | null {
  if (POSITIONAL.test(inner)) return String(Number(inner));
  return /^[a-z][a-z0-9_]*$/.test(inner) ? inner : null;
}

export function variablesOf(text: string): Variables {
  const found = [...new Set([...text.matchAll(VARIABLE)].map((m) => variableKey(m[1] ?? "") ?? ""))];
  const named = found.filter((name) => !POSITIONAL.test(name));
  if (named.length > 0) return { format: "NAMED", names: named };
  return { format: "POSITIONAL", names: found.sort((a, b) => Number(a) - Number(b)) };
}

/** The longest positional example row the editor writes: `{{50000000}}` must not make a row of fifty million values. A
 *  variable numbered beyond it (or `{{0}}`) has no example input; the linter says how to number them. */
export const MAX_EXAMPLE_ROW = 100;

/** Whether a variable has a place in its example list (a name always; a number from 1 to `MAX_EXAMPLE_ROW`). */
export const hasExampleSlot = (variables: Variables, name: string) => variables.format === "NAMED" || (Number(name) >= 1 && Number(name) <= MAX_EXAMPLE_ROW);

/** Which component's examples: a header's (`header_text…`) or a body's (`body_text…`). */
export type ExampleOwner = "header" | "body";

/** The example value of each variable of the component, by variable name. */
export function examplesOf(owner: ExampleOwner, example: unknown): Map<string, string> {
  const values = new Map<string, string>();
  if (!isObject(example)) return values;
  const rows = owner === "header" ? [example.header_text] : example.body_text;
  const positional: unknown = Array.isArray(rows) ? rows[0] : undefined;
  if (Array.isArray(positional)) positional.forEach((value, i) => typeof value === "string" && values.set(String(i + 1), value));
  const named = owner === "header" ? example.header_text_named_params : example.body_text_named_params;
  if (Array.isArray(named)) named.forEach((p) => isObject(p) && typeof p.param_name === "string" && typeof p.example === "string" && values.set(p.param_name, p.example));
  return values;
}

/** The component's example written for `variables` with these values: `body_text: [[…]]` (or `header_text: […]`) for
 *  numbered variables, `…_named_params` for named ones. Only the kind the text uses is rewritten (the other kind, which the
 *  admin may have written in the JSON view, is kept), both go when the text has no variables; other example fields stay. */
export function withExamples(component: TemplateComponent, owner: ExampleOwner, variables: Variables, values: Map<string, string>): TemplateComponent {
  const example: ComponentExample & Record<string, unknown> = isObject(component.example) ? { ...component.example } : {};
  const positionalKey = owner === "header" ? "header_text" : "body_text";
  const namedKey = owner === "header" ? "header_text_named_params" : "body_text_named_params";
  if (variables.names.length === 0) {
    delete example[positionalKey];
    delete example[namedKey];
  } else if (variables.format === "NAMED") {
    example[namedKey] = variables.names.map((name) => ({ param_name: name, example: values.get(name) ?? "" }));
  } else {
    // Up to the highest number (gaps are the linter's to report), never beyond `MAX_EXAMPLE_ROW`.
    const count = Math.min(Math.max(...variables.names.map(Number)), MAX_EXAMPLE_ROW);
    const row = Array.from({ length: count }, (_, i) => values.get(String(i + 1)) ?? "");
    if (owner === "header") example.header_text = row;
    else example.body_text = [row];
  }
  const next: TemplateComponent = { ...component, example };
  if (Object.keys(example).length === 0) delete next.example;
  return next;
}

/** The draft with the component at `index` given this text. Its examples follow the text when it has some, or when
 *  `remembered` (the values the form has seen, by variable key) has one for a variable of the text: each variable gets
 *  its current example, else the remembered one, so deleting `{{1}}` for a moment (or renaming `{{name}}` and back) does
 *  not lose its example. */
export function withComponentText(draft: TemplateDraft, index: number, text: string, remembered: ReadonlyMap<string, string> = new Map()): TemplateDraft {
  const current = draft.components[index];
  if (!current) return draft;
  let component: TemplateComponent = { ...current, text };
  const owner = exampleOwner(component);
  if (owner) {
    const variables = variablesOf(text);
    const values = new Map([...remembered, ...examplesOf(owner, component.example)]);
    if (component.example !== undefined || variables.names.some((name) => remembered.has(name))) component = withExamples(component, owner, variables, values);
  }
  return replaceComponent(draft, index, component);
}

/** Whose examples a component holds (headers of text and bodies have variables). */
export function exampleOwner(component: TemplateComponent): ExampleOwner | null {
  if (component.type === "BODY") return "body";
  if (component.type === "HEADER" && formatOf(component) === "TEXT") return "header";
  return null;
}

/** The draft with one example value set, and `parameter_format` following the kind of variables the body uses. */
export function withExampleValue(draft: TemplateDraft, index: number, name: string, value: string): TemplateDraft {
  const component = draft.components[index];
  const owner = component && exampleOwner(component);
  if (!component || !owner) return draft;
  const variables = variablesOf(textOf(component));
  const values = examplesOf(owner, component.example).set(name, value);
  const next = replaceComponent(draft, index, withExamples(component, owner, variables, values));
  if (owner !== "body") return next;
  if (variables.format === "NAMED") return { ...next, parameter_format: "NAMED" };
  if (next.parameter_format === "NAMED") return { ...next, parameter_format: undefined };
  return next;
}

// ---- Components and buttons ----

/** Where each component type goes: Meta shows them header, body, footer, buttons. */
const RANK: Record<string, number> = { HEADER: 0, BODY: 1, FOOTER: 2, BUTTONS: 3 };

/** The index of the first component of this type, or -1. */
export const componentIndex = (draft: TemplateDraft, type: string) => draft.components.findIndex((c) => c.type === type);

export function replaceComponent(draft: TemplateDraft, index: number, component: TemplateComponent): TemplateDraft {
  return { ...draft, components: draft.components.map((c, i) => (i === index ? component : c)) };
}

/** The draft with its first component of this type replaced, or the component added in Meta's order; `null` removes it. */
export function withComponent(draft: TemplateDraft, type: string, component: TemplateComponent | null): TemplateDraft {
  const index = componentIndex(draft, type);
  if (index >= 0) {
    if (component) return replaceComponent(draft, index, component);
    return { ...draft, components: draft.components.filter((_, i) => i !== index) };
  }
  if (!component) return draft;
  const rank = RANK[type] ?? 99;
  const at = draft.components.findIndex((c) => (RANK[c.type] ?? 99) > rank);
  const components = [...draft.components];
  components.splice(at < 0 ? components.length : at, 0, component);
  return { ...draft, components };
}

/** The header kinds the form offers. */
export type HeaderKind = "NONE" | "TEXT" | "IMAGE" | "VIDEO" | "DOCUMENT";

/** The header's kind as the form shows it: `NONE`, a `HeaderKind`, or a format the form has no choice for (`LOCATION`). */
export function headerKindOf(draft: TemplateDraft): string {
  const header = draft.components[componentIndex(draft, "HEADER")];
  if (!header) return "NONE";
  return formatOf(header);
}

/** The draft with a header of this kind: the text kept when it stays a text header. */
export function withHeaderKind(draft: TemplateDraft, kind: HeaderKind): TemplateDraft {
  if (kind === "NONE") return withComponent(draft, "HEADER", null);
  const current = draft.components[componentIndex(draft, "HEADER")];
  if (kind === "TEXT") return withComponent(draft, "HEADER", { type: "HEADER", format: "TEXT", text: current && formatOf(current) === "TEXT" ? textOf(current) : "" });
  return withComponent(draft, "HEADER", { type: "HEADER", format: kind });
}

/** The button types the form adds, with what a new one starts as. */
export const NEW_BUTTONS: { type: string; label: string; button: TemplateButton }[] = [
  { type: "QUICK_REPLY", label: "Quick reply", button: { type: "QUICK_REPLY", text: "" } },
  { type: "URL", label: "Link (URL)", button: { type: "URL", text: "", url: "" } },
  { type: "PHONE_NUMBER", label: "Phone number", button: { type: "PHONE_NUMBER", text: "", phone_number: "" } },
  { type: "COPY_CODE", label: "Copy code", button: { type: "COPY_CODE", example: "" } },
];

/** The draft's buttons as shown. */
export const buttonsOf = (draft: TemplateDraft): TemplateButton[] => shownButtons(draft.components[componentIndex(draft, "BUTTONS")]);

/** The buttons as written (entries of any shape kept, so an edit of one button changes nothing else); none when not a list. */
export function writtenButtons(draft: TemplateDraft): unknown[] {
  const buttons: unknown = draft.components[componentIndex(draft, "BUTTONS")]?.buttons;
  return Array.isArray(buttons) ? buttons : [];
}

/** The draft with these buttons (the BUTTONS component removed when there are none left). */
export function withButtons(draft: TemplateDraft, buttons: unknown[]): TemplateDraft {
  const current = draft.components[componentIndex(draft, "BUTTONS")];
  return withComponent(draft, "BUTTONS", buttons.length ? { ...(current ?? { type: "BUTTONS" }), buttons: buttons as TemplateButton[] } : null);
}

/** `items` with the one at `from` moved by `by` places (unchanged at the ends). */
export function moved<T>(items: T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= items.length) return items;
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

// ---- Where findings belong ----

/** The key of the form field a finding's JSON pointer points at (`name`, `components/1/text`, `components/3/buttons/0/url`),
 *  or `null` for a place the form has no field for (the whole document, the components list, a component's type). */
export function fieldOfPath(path: string): string | null {
  const parts = path.split("/").slice(1);
  const [first, index, field, button, buttonField] = parts;
  if (parts.length === 1 && first && ["name", "language", "category", "allow_category_change", "parameter_format"].includes(first)) return first;
  if (first !== "components" || index === undefined || !/^\d+$/.test(index)) return null;
  const component = `components/${index}`;
  if (field === "text" || field === "format") return `${component}/${field}`;
  if (field === "example") return `${component}/example`;
  if (field !== "buttons") return null;
  if (button === undefined) return `${component}/buttons`;
  if (!/^\d+$/.test(button)) return null;
  if (buttonField && ["text", "url", "phone_number", "example"].includes(buttonField)) return `${component}/buttons/${button}/${buttonField}`;
  return `${component}/buttons/${button}`;
}

/** The field keys the form shows for this draft: findings on any other key are listed above the form. */
export function formFields(draft: TemplateDraft): Set<string> {
  const keys = new Set(["name", "language", "category", "allow_category_change", "parameter_format"]);
  const header = componentIndex(draft, "HEADER");
  if (header >= 0) ["format", "text", "example"].forEach((f) => keys.add(`components/${header}/${f}`));
  const body = componentIndex(draft, "BODY");
  if (body >= 0) ["text", "example"].forEach((f) => keys.add(`components/${body}/${f}`));
  const footer = componentIndex(draft, "FOOTER");
  if (footer >= 0) keys.add(`components/${footer}/text`);
  const buttons = componentIndex(draft, "BUTTONS");
  if (buttons >= 0) {
    keys.add(`components/${buttons}/buttons`);
    buttonsOf(draft).forEach((_, j) => {
      const at = `components/${buttons}/buttons/${j}`;
      [at, `${at}/text`, `${at}/url`, `${at}/phone_number`, `${at}/example`].forEach((k) => keys.add(k));
    });
  }
  return keys;
}

/** The findings by the form field they show under; `top` holds those with no field on the form. */
export function findingsByField(findings: LintFinding[], fields: Set<string>): { byField: Map<string, LintFinding[]>; top: LintFinding[] } {
  const byField = new Map<string, LintFinding[]>();
  const top: LintFinding[] = [];
  for (const finding of findings) {
    const key = fieldOfPath(finding.span.path);
    if (key === null || !fields.has(key)) {
      top.push(finding);
      continue;
    }
    byField.set(key, [...(byField.get(key) ?? []), finding]);
  }
  return { byField, top };
}

/** "2 errors, 1 warning", "No problems found". */
export function countsText(errors: number, warnings: number): string {
  if (errors === 0 && warnings === 0) return "No problems found";
  const part = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
  return [errors && part(errors, "error"), warnings && part(warnings, "warning")].filter(Boolean).join(", ");
}

/** The range of the JSON view a finding selects: a syntax error's own characters; in a string, as many characters from
 *  the span's line and column as the span covers (best effort: an escape such as `\n` is two there); a field as a whole,
 *  from there to the end of the line. Offsets are UTF-16, like the textarea's selection. */
export function selectionOf(text: string, finding: LintFinding): { start: number; end: number } {
  const line = finding.span.line ?? 1;
  let start = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", start);
    if (next < 0) break;
    start = next + 1;
  }
  const lineEnd = text.indexOf("\n", start);
  const end = lineEnd < 0 ? text.length : lineEnd;
  const { span } = finding;
  if (span.path === "" && span.end > span.start) return { start: span.start, end: Math.min(span.end, text.length) };
  const from = Math.min(start + (span.column ?? 1) - 1, end);
  return { start: from, end: span.end > span.start ? Math.min(from + span.end - span.start, end) : end };
}
