// The template editor's pure side: the draft's text (Meta's create JSON as the admin typed it, the single source of truth)
// read into a TemplateDraft and written back, the form's edits of a draft (variables and their examples, header kinds,
// buttons), and where each linter finding belongs (the form field its JSON pointer names, a line of the JSON view).
import type { ComponentExample } from "../../bindings/ComponentExample";
import type { LintFinding } from "../../bindings/LintFinding";
import type { TemplateButton } from "../../bindings/TemplateButton";
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

// ---- Variables and their examples ----

/** The variables of a text, in order of first appearance, and how they are written. */
export interface Variables {
  /** `NAMED` when any variable is a name (`{{first_name}}`); otherwise positional (`{{1}}`). */
  format: "POSITIONAL" | "NAMED";
  /** Positional: the numbers, ascending (`1`, `2`); named: the names as they first appear. */
  names: string[];
}

const VARIABLE = /\{\{([a-z0-9_]+)\}\}/g;

export function variablesOf(text: string): Variables {
  const found = [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1] ?? ""))];
  const named = found.some((name) => !/^\d+$/.test(name));
  if (named) return { format: "NAMED", names: found.filter((name) => !/^\d+$/.test(name)) };
  return { format: "POSITIONAL", names: found.sort((a, b) => Number(a) - Number(b)) };
}

/** Which component's examples: a header's (`header_text…`) or a body's (`body_text…`). */
export type ExampleOwner = "header" | "body";

/** The example value of each variable of the component, by variable name. */
export function examplesOf(owner: ExampleOwner, example: ComponentExample | undefined): Map<string, string> {
  const values = new Map<string, string>();
  if (!example) return values;
  const positional = owner === "header" ? example.header_text : example.body_text?.[0];
  positional?.forEach((value, i) => values.set(String(i + 1), value));
  const named = owner === "header" ? example.header_text_named_params : example.body_text_named_params;
  named?.forEach((p) => values.set(p.param_name, p.example));
  return values;
}

/** The component's example written for `variables` with these values: `body_text: [[…]]` (or `header_text: […]`) for
 *  numbered variables, `…_named_params` for named ones; the other kind is dropped, other example fields kept. */
export function withExamples(component: TemplateComponent, owner: ExampleOwner, variables: Variables, values: Map<string, string>): TemplateComponent {
  const example: ComponentExample & Record<string, unknown> = { ...component.example };
  const positionalKey = owner === "header" ? "header_text" : "body_text";
  const namedKey = owner === "header" ? "header_text_named_params" : "body_text_named_params";
  delete example[positionalKey];
  delete example[namedKey];
  if (variables.names.length > 0) {
    if (variables.format === "NAMED") {
      example[namedKey] = variables.names.map((name) => ({ param_name: name, example: values.get(name) ?? "" }));
    } else {
      const count = Math.max(...variables.names.map(Number));
      const row = Array.from({ length: count }, (_, i) => values.get(String(i + 1)) ?? "");
      if (owner === "header") example.header_text = row;
      else example.body_text = [row];
    }
  }
  const next: TemplateComponent = { ...component, example };
  if (Object.keys(example).length === 0) delete next.example;
  return next;
}

/** The draft with the component at `index` replaced; its examples follow its text when it already has some. */
export function withComponentText(draft: TemplateDraft, index: number, text: string): TemplateDraft {
  const current = draft.components[index];
  if (!current) return draft;
  let component: TemplateComponent = { ...current, text };
  const owner = exampleOwner(component);
  if (owner && component.example) component = withExamples(component, owner, variablesOf(text), examplesOf(owner, component.example));
  return replaceComponent(draft, index, component);
}

/** Whose examples a component holds (headers of text and bodies have variables). */
export function exampleOwner(component: TemplateComponent): ExampleOwner | null {
  if (component.type === "BODY") return "body";
  if (component.type === "HEADER" && (component.format ?? "TEXT") === "TEXT") return "header";
  return null;
}

/** The draft with one example value set, and `parameter_format` following the kind of variables the body uses. */
export function withExampleValue(draft: TemplateDraft, index: number, name: string, value: string): TemplateDraft {
  const component = draft.components[index];
  const owner = component && exampleOwner(component);
  if (!component || !owner) return draft;
  const variables = variablesOf(component.text ?? "");
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
  return header.format ?? "TEXT";
}

/** The draft with a header of this kind: the text kept when it stays a text header. */
export function withHeaderKind(draft: TemplateDraft, kind: HeaderKind): TemplateDraft {
  if (kind === "NONE") return withComponent(draft, "HEADER", null);
  const current = draft.components[componentIndex(draft, "HEADER")];
  if (kind === "TEXT") return withComponent(draft, "HEADER", { type: "HEADER", format: "TEXT", text: current?.format === "TEXT" ? (current.text ?? "") : "" });
  return withComponent(draft, "HEADER", { type: "HEADER", format: kind });
}

/** The button types the form adds, with what a new one starts as. */
export const NEW_BUTTONS: { type: string; label: string; button: TemplateButton }[] = [
  { type: "QUICK_REPLY", label: "Quick reply", button: { type: "QUICK_REPLY", text: "" } },
  { type: "URL", label: "Link (URL)", button: { type: "URL", text: "", url: "" } },
  { type: "PHONE_NUMBER", label: "Phone number", button: { type: "PHONE_NUMBER", text: "", phone_number: "" } },
  { type: "COPY_CODE", label: "Copy code", button: { type: "COPY_CODE", example: "" } },
];

export const buttonsOf = (draft: TemplateDraft): TemplateButton[] => draft.components[componentIndex(draft, "BUTTONS")]?.buttons ?? [];

/** The draft with these buttons (the BUTTONS component removed when there are none left). */
export function withButtons(draft: TemplateDraft, buttons: TemplateButton[]): TemplateDraft {
  const current = draft.components[componentIndex(draft, "BUTTONS")];
  return withComponent(draft, "BUTTONS", buttons.length ? { ...(current ?? { type: "BUTTONS" }), buttons } : null);
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
