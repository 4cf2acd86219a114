// The Send page's form as data: what the admin typed for every message type (switching the type keeps the others), the
// message it sends (`OutgoingMessage`, the shape whose JSON pointers the backend's findings use), the template's variable
// fields, and the draft kept in sessionStorage so nothing typed is lost when the admin leaves the page and comes back.
// No send rule lives here: every check is the backend's (`preview_send`); the limits below only drive the counters.
import type { CheckLinkRequest } from "../../bindings/CheckLinkRequest";
import type { ComposeRequest } from "../../bindings/ComposeRequest";
import type { MediaKind } from "../../bindings/MediaKind";
import type { MediaSource } from "../../bindings/MediaSource";
import type { OutgoingMessage } from "../../bindings/OutgoingMessage";
import type { SendFinding } from "../../bindings/SendFinding";
import type { TemplateComponent } from "../../bindings/TemplateComponent";
import type { TemplateInfo } from "../../bindings/TemplateInfo";
import type { TemplateSendComponent } from "../../bindings/TemplateSendComponent";
import type { TemplateSendParameter } from "../../bindings/TemplateSendParameter";
import type { UploadedMedia } from "../../bindings/UploadedMedia";
import { charCount, variablesOf } from "../templates/draftText";

export type MessageType = OutgoingMessage["type"];

export const MESSAGE_TYPES: { type: MessageType; label: string }[] = [
  { type: "text", label: "Text" },
  { type: "template", label: "Template" },
  { type: "media", label: "Media" },
  { type: "buttons", label: "Buttons" },
  { type: "list", label: "List" },
];

/** The character counters' maxima (facts §10.2-10.6). They only draw the counters: the backend's findings decide. */
export const COUNTER_MAX = {
  textBody: 4096,
  caption: 1024,
  buttonsBody: 1024,
  listBody: 4096,
  headerText: 60,
  footer: 60,
  buttonId: 256,
  buttonTitle: 20,
  listButton: 20,
  sectionTitle: 24,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
} as const;

/** How many rows a list may hold across its sections, and buttons a message (for the add buttons and the helper). */
export const MAX_ROWS = 10;
export const MAX_BUTTONS = 3;

export { charCount };

/** A file on this computer uploaded to the number's media, or a public link Meta fetches. */
export interface SourceDraft {
  mode: "upload" | "link";
  link: string;
  uploaded: UploadedMedia | null;
}

export interface MediaDraft {
  kind: MediaKind;
  source: SourceDraft;
  caption: string;
  filename: string;
}

export interface ButtonDraft {
  id: string;
  title: string;
}

export interface RowDraft {
  id: string;
  title: string;
  description: string;
}

export interface SectionDraft {
  title: string;
  rows: RowDraft[];
}

/** A template picked from the cached list (by name and language) and the values typed for its variables, by slot. */
export interface TemplateDraftValues {
  name: string;
  language: string;
  /** Text values by slot (`header:1`, `body:first_name`, `button:1`). */
  values: Record<string, string>;
  /** A media header's file or link. */
  headerSource: SourceDraft;
  headerFilename: string;
  /** A location header, in decimal degrees as typed. */
  latitude: string;
  longitude: string;
}

export interface ComposeDraft {
  to: string;
  type: MessageType;
  sendOutsideWindow: boolean;
  text: { body: string; previewUrl: boolean };
  template: TemplateDraftValues;
  media: MediaDraft;
  buttons: { body: string; header: string; footer: string; buttons: ButtonDraft[] };
  list: { body: string; header: string; footer: string; button: string; sections: SectionDraft[] };
}

export const emptySource = (): SourceDraft => ({ mode: "upload", link: "", uploaded: null });

export const emptyRow = (): RowDraft => ({ id: "", title: "", description: "" });

export function emptyDraft(): ComposeDraft {
  return {
    to: "",
    type: "text",
    sendOutsideWindow: false,
    text: { body: "", previewUrl: false },
    template: { name: "", language: "", values: {}, headerSource: emptySource(), headerFilename: "", latitude: "", longitude: "" },
    media: { kind: "image", source: emptySource(), caption: "", filename: "" },
    buttons: { body: "", header: "", footer: "", buttons: [{ id: "", title: "" }] },
    list: { body: "", header: "", footer: "", button: "", sections: [{ title: "", rows: [emptyRow()] }] },
  };
}

const orNull = (text: string): string | null => (text.trim() ? text : null);

export function mediaSource(source: SourceDraft): MediaSource {
  return source.mode === "upload" ? { from: "uploaded", id: source.uploaded?.mediaId ?? "" } : { from: "link", url: source.link };
}

// ---- Templates: which fields a template needs ----

/** One value the template needs: a text variable of the header or body, or a button's value. */
export interface TemplateSlot {
  key: string;
  component: "header" | "body" | "button";
  /** The variable's name (`1`, `first_name`) for header and body; the button's label for a button. */
  label: string;
  /** Named templates send the variable's name with the value. */
  parameterName: string | null;
  /** Buttons: the 0-based position, what the value is, and the URL it ends (URL buttons). */
  button?: { index: number; subType: "url" | "copy_code"; url?: string };
}

const NON_TEXT_HEADERS = ["IMAGE", "VIDEO", "DOCUMENT", "LOCATION"] as const;

/** What the picked template asks for: its media or location header (if any) and its text slots in Meta's order. */
export interface TemplateShape {
  headerFormat: (typeof NON_TEXT_HEADERS)[number] | null;
  slots: TemplateSlot[];
}

const componentOf = (template: TemplateInfo, type: string): TemplateComponent | undefined => template.components.find((c) => c.type === type);

function textSlots(component: TemplateComponent | undefined, owner: "header" | "body", named: boolean): TemplateSlot[] {
  if (!component?.text) return [];
  return variablesOf(component.text).names.map((name) => ({
    key: `${owner}:${name}`,
    component: owner,
    label: name,
    parameterName: named ? name : null,
  }));
}

export function templateShape(template: TemplateInfo): TemplateShape {
  const named = template.parameterFormat === "NAMED";
  const header = componentOf(template, "HEADER");
  const format = header?.format ?? "TEXT";
  const headerFormat = NON_TEXT_HEADERS.find((f) => f === format) ?? null;
  const buttons: TemplateSlot[] = [];
  (componentOf(template, "BUTTONS")?.buttons ?? []).forEach((button, index) => {
    const url = button.type === "URL" && button.url && variablesOf(button.url).names.length > 0;
    if (!url && button.type !== "COPY_CODE") return;
    buttons.push({
      key: `button:${index}`,
      component: "button",
      label: button.text || button.type,
      parameterName: null,
      button: url ? { index, subType: "url", url: button.url } : { index, subType: "copy_code" },
    });
  });
  return {
    headerFormat,
    slots: [...(headerFormat ? [] : textSlots(header, "header", named)), ...textSlots(componentOf(template, "BODY"), "body", named), ...buttons],
  };
}

/** Where each field's value lands in the message (`/components/1/parameters/0`), by slot key, plus `header`, `body` (a
 *  component's parameters) and `headerMedia`. */
export type SlotPaths = Record<string, string>;

/** Decimal degrees as typed, or null while the text is not a number. */
function degrees(text: string): number | null {
  const value = text.trim() ? Number(text) : NaN;
  return Number.isFinite(value) ? value : null;
}

function headerParameter(shape: TemplateShape, values: TemplateDraftValues): TemplateSendParameter | null {
  const source = mediaSource(values.headerSource);
  switch (shape.headerFormat) {
    case "IMAGE":
      return { type: "image", source };
    case "VIDEO":
      return { type: "video", source };
    case "DOCUMENT":
      return values.headerFilename.trim() ? { type: "document", source, filename: values.headerFilename } : { type: "document", source };
    case "LOCATION": {
      // Until both read as numbers no header is given, and the backend's finding says the header is missing.
      const latitude = degrees(values.latitude);
      const longitude = degrees(values.longitude);
      return latitude !== null && longitude !== null ? { type: "location", latitude, longitude } : null;
    }
    default:
      return null;
  }
}

/** The template message for the picked template and the typed values, and where each field's findings point. */
export function templateMessage(values: TemplateDraftValues, template: TemplateInfo | undefined): { components: TemplateSendComponent[]; paths: SlotPaths } {
  const components: TemplateSendComponent[] = [];
  const paths: SlotPaths = {};
  if (!template) return { components, paths };
  const shape = templateShape(template);
  const text = (slot: TemplateSlot): TemplateSendParameter => {
    const value = values.values[slot.key] ?? "";
    return slot.parameterName ? { type: "text", text: value, parameterName: slot.parameterName } : { type: "text", text: value };
  };
  const header = headerParameter(shape, values);
  if (header) {
    paths.headerMedia = `/components/${components.length}/parameters`;
    components.push({ type: "header", parameters: [header] });
  }
  for (const owner of ["header", "body"] as const) {
    const slots = shape.slots.filter((s) => s.component === owner);
    if (!slots.length) continue;
    const c = components.length;
    slots.forEach((slot, p) => (paths[slot.key] = `/components/${c}/parameters/${p}`));
    paths[owner] = `/components/${c}/parameters`;
    components.push({ type: owner, parameters: slots.map(text) });
  }
  for (const slot of shape.slots.filter((s) => s.button)) {
    const button = slot.button;
    if (!button) continue;
    const value = values.values[slot.key] ?? "";
    paths[slot.key] = `/components/${components.length}/parameters/0`;
    components.push({
      type: "button",
      subType: button.subType,
      index: button.index,
      parameters: [button.subType === "url" ? { type: "text", text: value } : { type: "couponCode", couponCode: value }],
    });
  }
  return { components, paths };
}

/** The picked template's components with the typed values as their examples, so the preview shows them in place. */
export function previewComponents(template: TemplateInfo, values: TemplateDraftValues): TemplateComponent[] {
  const filled = (owner: "header" | "body") =>
    Object.entries(values.values)
      .filter(([key, value]) => key.startsWith(`${owner}:`) && value !== "")
      .map(([key, value]) => ({ param_name: key.slice(owner.length + 1), example: value }));
  return template.components.map((component) => {
    if (component.type === "HEADER" && (component.format ?? "TEXT") === "TEXT") return { ...component, example: { header_text_named_params: filled("header") } };
    if (component.type === "BODY") return { ...component, example: { body_text_named_params: filled("body") } };
    return component;
  });
}

// ---- The message and the request ----

/** The message of the draft's type, as the form sends it (the findings' JSON pointers point into this). */
export function outgoingMessage(draft: ComposeDraft, template: TemplateInfo | undefined): OutgoingMessage {
  switch (draft.type) {
    case "text":
      return { type: "text", body: draft.text.body, previewUrl: draft.text.previewUrl };
    case "template":
      return { type: "template", name: draft.template.name, language: draft.template.language, components: templateMessage(draft.template, template).components };
    case "media": {
      const { kind, source, caption, filename } = draft.media;
      const takesCaption = kind === "image" || kind === "video" || kind === "document";
      return {
        type: "media",
        kind,
        source: mediaSource(source),
        caption: takesCaption ? orNull(caption) : null,
        filename: kind === "document" ? orNull(filename) : null,
      };
    }
    case "buttons": {
      const b = draft.buttons;
      return {
        type: "buttons",
        body: b.body,
        header: orNull(b.header) === null ? null : { type: "text", text: b.header },
        footer: orNull(b.footer),
        buttons: b.buttons.map((button) => ({ id: button.id, title: button.title })),
      };
    }
    case "list": {
      const l = draft.list;
      return {
        type: "list",
        body: l.body,
        header: orNull(l.header),
        footer: orNull(l.footer),
        button: l.button,
        sections: l.sections.map((s) => ({ title: orNull(s.title), rows: s.rows.map((r) => ({ id: r.id, title: r.title, description: orNull(r.description) })) })),
      };
    }
  }
}

/** The link Meta would fetch for the draft's message (a media message's, or a template's media header), if any. */
export function mediaLink(draft: ComposeDraft, template: TemplateInfo | undefined): CheckLinkRequest | null {
  if (draft.type === "media") return draft.media.source.mode === "link" ? { kind: draft.media.kind, url: draft.media.source.link.trim() } : null;
  if (draft.type !== "template" || !template || draft.template.headerSource.mode !== "link") return null;
  const kind = MEDIA_HEADER_KIND[templateShape(template).headerFormat ?? "LOCATION"];
  return kind ? { kind, url: draft.template.headerSource.link.trim() } : null;
}

/** The media kind of a template's media header (a location header has none). */
export const MEDIA_HEADER_KIND: Record<(typeof NON_TEXT_HEADERS)[number], MediaKind | null> = { IMAGE: "image", VIDEO: "video", DOCUMENT: "document", LOCATION: null };

/** The free-form types: the 24-hour window decides whether they may be sent. */
export const isFreeForm = (type: MessageType) => type !== "template";

export function composeRequest(profileId: string, draft: ComposeDraft, template: TemplateInfo | undefined): ComposeRequest {
  return {
    profileId,
    to: draft.to,
    message: outgoingMessage(draft, template),
    sendOutsideWindow: isFreeForm(draft.type) && draft.sendOutsideWindow,
  };
}

// ---- Findings by field ----

/** The findings of a field: those whose pointer is the field's path or inside it (`/sections/0` holds its rows'). */
export function findingsAt(findings: readonly SendFinding[] | undefined, path: string | undefined): SendFinding[] {
  if (!findings || path === undefined) return [];
  return findings.filter((f) => f.path === path || f.path.startsWith(`${path}/`));
}

/** The rules of the 24-hour window's finding (path `""`), shown in the window panel, not under a field. */
export const WINDOW_RULES: readonly SendFinding["rule"][] = ["window-closed", "never-wrote"];

// ---- The helper: 3 or fewer options as buttons, more as a list ----

/** An ID for an option's title: lowercase words joined by `_` (`Next week` → `next_week`), numbered when empty. */
function optionId(title: string, i: number): string {
  const id = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return id || `option_${i + 1}`;
}

/** The draft with `options` (one per line) as reply buttons when there are 3 or fewer, else as one list section. */
export function fromOptions(draft: ComposeDraft, options: string[]): ComposeDraft {
  const titles = options.map((o) => o.trim()).filter(Boolean);
  if (titles.length <= MAX_BUTTONS) {
    return { ...draft, type: "buttons", buttons: { ...draft.buttons, buttons: titles.map((title, i) => ({ id: optionId(title, i), title })) } };
  }
  const rows = titles.map((title, i) => ({ id: optionId(title, i), title, description: "" }));
  return { ...draft, type: "list", list: { ...draft.list, sections: [{ title: draft.list.sections[0]?.title ?? "", rows }] } };
}

// ---- The kept draft ----

const STORAGE_PREFIX = "waba.send.draft.";

/** The profile's kept draft, or an empty one (also when what is kept cannot be read). */
export function loadDraft(profileId: string): ComposeDraft {
  try {
    const kept = sessionStorage.getItem(STORAGE_PREFIX + profileId);
    if (!kept) return emptyDraft();
    const parsed = JSON.parse(kept) as Partial<ComposeDraft>;
    return { ...emptyDraft(), ...parsed };
  } catch {
    return emptyDraft();
  }
}

export function saveDraft(profileId: string, draft: ComposeDraft) {
  try {
    sessionStorage.setItem(STORAGE_PREFIX + profileId, JSON.stringify(draft));
  } catch {
    // Storage full or unavailable: the draft still lives in the page while it is open.
  }
}
