// The editor's pure functions: the text read and written back (nothing the admin typed dropped, Meta's field order), the
// variables and their examples, header and button edits, what an edit sends, and which form field each finding's JSON
// pointer lands under; and the form and the preview given valid JSON of the wrong shape (rendered, they must not throw).
import { render, screen } from "@testing-library/react";
import { createElement, Fragment } from "react";
import { describe, expect, it } from "vitest";
import type { LintFinding } from "../../bindings/LintFinding";
import type { TemplateDraft } from "../../bindings/TemplateDraft";
import type { TemplateInfo } from "../../bindings/TemplateInfo";
import {
  countsText,
  draftToText,
  editOf,
  examplesOf,
  fieldOfPath,
  findingsByField,
  formFields,
  hasExampleSlot,
  MAX_EXAMPLE_ROW,
  moved,
  NEW_DRAFT,
  parseDraftText,
  selectionOf,
  unshownTypes,
  variablesOf,
  withButtons,
  withComponentText,
  withExampleValue,
  withHeaderKind,
} from "./draftText";
import { TemplateForm } from "./TemplateForm";
import { TemplatePreview, withVariables } from "./TemplatePreview";

const finding = (path: string, extra: Partial<LintFinding["span"]> = {}): LintFinding => ({
  rule: "example-missing",
  severity: "error",
  span: { path, start: 0, end: 0, line: null, ...extra },
  message: "m",
  fix: "f",
});

const parsed = (text: string): TemplateDraft => {
  const result = parseDraftText(text);
  if (!result.ok) throw new Error(`not a draft: ${result.reason}`);
  return result.draft;
};

describe("the draft's text", () => {
  it("writes Meta's create JSON, two-space indented, with the fields in Meta's order and unknown ones kept after them", () => {
    const draft = { components: [{ text: "Hi", type: "BODY", cards: [1] }], message_send_ttl_seconds: 60, language: "en_US", name: "x" } as unknown as TemplateDraft;
    const text = draftToText(draft);
    expect(text).toBe(
      JSON.stringify({ name: "x", language: "en_US", components: [{ type: "BODY", text: "Hi", cards: [1] }], message_send_ttl_seconds: 60 }, null, 2),
    );
    expect(parsed(text)).toEqual(draft);
  });

  it("says why a text is not a draft the form can edit", () => {
    expect(parseDraftText('{"name": "x",')).toEqual({ ok: false, reason: "invalidJson" });
    expect(parseDraftText("[1]")).toEqual({ ok: false, reason: "notATemplate" });
    expect(parseDraftText('{"components": "BODY"}')).toEqual({ ok: false, reason: "notATemplate" });
    expect(parseDraftText(draftToText(NEW_DRAFT))).toEqual({ ok: true, draft: NEW_DRAFT });
  });
});

describe("variables and examples", () => {
  it("finds numbered variables in number order and named ones in order of appearance", () => {
    expect(variablesOf("{{2}} and {{1}} and {{2}}")).toEqual({ format: "POSITIONAL", names: ["1", "2"] });
    expect(variablesOf("Hi {{first_name}}, order {{order_id}}")).toEqual({ format: "NAMED", names: ["first_name", "order_id"] });
    expect(variablesOf("{{ 1 }} and {{1}")).toEqual({ format: "POSITIONAL", names: [] });
  });

  it("writes body_text for numbered variables, and the named form with parameter_format NAMED", () => {
    const positional = withExampleValue(withComponentText(NEW_DRAFT, 0, "Hi {{1}}, order {{2}}."), 0, "2", "A-1042");
    expect(positional.components[0]?.example).toEqual({ body_text: [["", "A-1042"]] });
    expect(positional.parameter_format).toBeUndefined();

    const named = withExampleValue(withComponentText(NEW_DRAFT, 0, "Hi {{first_name}}!"), 0, "first_name", "Maria");
    expect(named.components[0]?.example).toEqual({ body_text_named_params: [{ param_name: "first_name", example: "Maria" }] });
    expect(named.parameter_format).toBe("NAMED");
  });

  it("keeps the examples in step with the body once it has some, and adds none before", () => {
    const typed = withComponentText(NEW_DRAFT, 0, "Hi {{1}}, order {{2}}.");
    expect(typed.components[0]?.example).toBeUndefined();
    const filled = withExampleValue(withExampleValue(typed, 0, "1", "Maria"), 0, "2", "A-1042");
    expect(withComponentText(filled, 0, "Hi {{1}}.").components[0]?.example).toEqual({ body_text: [["Maria"]] });
    expect(withComponentText(filled, 0, "Hi.").components[0]?.example).toBeUndefined();
  });
});

describe("examples kept through edits of the text", () => {
  const maria = withExampleValue(withComponentText(NEW_DRAFT, 0, "Hi {{1}}!"), 0, "1", "Maria");

  it("gives a variable typed again its remembered example, and a renamed one back its own", () => {
    const remembered = examplesOf("body", maria.components[0]?.example);
    const deleted = withComponentText(maria, 0, "Hi {{}}!", remembered);
    expect(deleted.components[0]?.example).toBeUndefined();
    expect(withComponentText(deleted, 0, "Hi {{1}}!", remembered).components[0]?.example).toEqual({ body_text: [["Maria"]] });
    // Without a memory the example is gone for good (what the form's memory is for).
    expect(withComponentText(deleted, 0, "Hi {{1}}!").components[0]?.example).toBeUndefined();

    const named = withExampleValue(withComponentText(NEW_DRAFT, 0, "Hi {{name}}!"), 0, "name", "Maria");
    const seen = new Map([...examplesOf("body", named.components[0]?.example)]);
    const renamed = withComponentText(named, 0, "Hi {{nam}}!", seen);
    examplesOf("body", renamed.components[0]?.example).forEach((v, k) => seen.set(k, v));
    expect(withComponentText(renamed, 0, "Hi {{name}}!", seen).components[0]?.example).toEqual({ body_text_named_params: [{ param_name: "name", example: "Maria" }] });
  });

  it("rewrites only the kind of examples the text uses, keeping the other kind as the admin wrote it", () => {
    const both = parsed(
      JSON.stringify({ ...NEW_DRAFT, components: [{ type: "BODY", text: "Hi {{1}}", example: { body_text: [["Maria"]], body_text_named_params: [{ param_name: "first_name", example: "Ana" }] } }] }),
    );
    expect(withComponentText(both, 0, "Hi {{1}}, {{2}}").components[0]?.example).toEqual({
      body_text: [["Maria", ""]],
      body_text_named_params: [{ param_name: "first_name", example: "Ana" }],
    });
    expect(withComponentText(both, 0, "Hi {{first_name}}").components[0]?.example).toEqual({
      body_text: [["Maria"]],
      body_text_named_params: [{ param_name: "first_name", example: "Ana" }],
    });
  });

  it("keys a numbered variable by its number, so {{01}} keeps what is typed for it and {{0}} has no input", () => {
    expect(variablesOf("Hi {{01}}")).toEqual({ format: "POSITIONAL", names: ["1"] });
    const typed = withExampleValue(withComponentText(NEW_DRAFT, 0, "Hi {{01}}"), 0, "1", "Maria");
    expect(typed.components[0]?.example).toEqual({ body_text: [["Maria"]] });
    expect(hasExampleSlot(variablesOf("Hi {{0}}"), "0")).toBe(false);
    expect(hasExampleSlot(variablesOf("Hi {{1}}"), "1")).toBe(true);
  });

  it("never writes a row longer than MAX_EXAMPLE_ROW, and reads {{99999999999}} as malformed rather than throwing", () => {
    expect(variablesOf("Hi {{99999999999}}").names).toEqual([]);
    const huge = withExampleValue(withComponentText(maria, 0, "Hi {{1}} {{50000000}}"), 0, "1", "Maria");
    expect(huge.components[0]?.example?.body_text?.[0]).toHaveLength(MAX_EXAMPLE_ROW);
    expect(huge.components[0]?.example?.body_text?.[0]?.[0]).toBe("Maria");
    expect(hasExampleSlot(variablesOf("{{50000000}}"), "50000000")).toBe(false);
  });
});

describe("what an edit sends", () => {
  const template = {
    id: "1",
    name: "order_update",
    language: "en_US",
    category: { value: "UTILITY", tone: "neutral", meaning: "" },
    parameterFormat: null,
    components: [],
  } as unknown as TemplateInfo;
  const draft = (fields: Record<string, unknown>) => ({ name: "order_update", language: "en_US", category: "UTILITY", components: [], ...fields }) as TemplateDraft;

  it("sends message_send_ttl_seconds and a changed category from the text", () => {
    expect(editOf(draft({ message_send_ttl_seconds: 600, category: "MARKETING" }), template, false)).toEqual({ category: "MARKETING", messageSendTtlSeconds: 600, notSent: [] });
    expect(editOf(draft({}), template, false)).toEqual({ category: null, messageSendTtlSeconds: null, notSent: [] });
  });

  it("lists every top-level field it leaves out: an approved template's category, the name, the language and the rest", () => {
    const edit = editOf(draft({ name: "x", language: "es", category: "MARKETING", parameter_format: "NAMED", allow_category_change: true, cta_url_link_tracking_opted_out: true }), template, true);
    expect(edit.category).toBeNull();
    expect(edit.notSent.map((n) => n.field)).toEqual(["name", "language", "category", "parameter_format", "allow_category_change", "cta_url_link_tracking_opted_out"]);
    expect(edit.notSent[2]?.reason).toBe("an approved template keeps UTILITY");
  });
});

describe("the form and the preview given valid JSON of the wrong shape", () => {
  const component = (fields: Record<string, unknown>) => JSON.stringify({ name: "x", language: "en_US", components: [fields] });
  const cases: [string, string][] = [
    ["a number as the body", component({ type: "BODY", text: 5 })],
    ["a string as the buttons", component({ type: "BUTTONS", buttons: "x" })],
    ["null as a button", component({ type: "BUTTONS", buttons: [null] })],
    ["a button with an object label", component({ type: "BUTTONS", buttons: [{ type: "URL", text: {}, url: 7, example: {} }] })],
    ["a string as body_text", component({ type: "BODY", text: "Hi {{1}}", example: { body_text: "abc" } })],
    ["a row of numbers as body_text", component({ type: "BODY", text: "Hi {{1}}", example: { body_text: [[1, 2]] } })],
    ["null in the header's named examples", component({ type: "HEADER", format: "TEXT", text: "Hi {{a}}", example: { header_text_named_params: [null] } })],
    ["a string as the example", component({ type: "HEADER", format: "IMAGE", example: "abc" })],
    ["an object as a header format", component({ type: "HEADER", format: {}, text: 3 })],
    ["an object as the footer", component({ type: "FOOTER", text: {} })],
    ["a number as the name and a list as the category", JSON.stringify({ name: 5, language: [], category: [], allow_category_change: "yes", components: [{ type: "BODY", text: "Hi" }] })],
  ];

  it.each(cases)("renders %s without throwing", (_, text) => {
    const draft = parsed(text);
    const preview = render(createElement(TemplatePreview, { components: draft.components }));
    preview.unmount();
    render(createElement(TemplateForm, { draft, onChange: () => undefined, findings: [], disabled: false, locks: { nameAndLanguage: false, category: false } }));
    expect(screen.getByTestId("template-name")).toBeInTheDocument();
  });
});

describe("the preview's placeholders and what it cannot show", () => {
  it("marks a malformed placeholder as malformed, never filled, and fills {{01}} as {{1}}", () => {
    render(createElement(Fragment, null, ...withVariables("A {{ 1 }} B {{01}} C {{First}}", new Map([["1", "Maria"]]))));
    const marks = screen.getAllByTestId("preview-variable");
    expect(marks.map((m) => [m.textContent, m.dataset.filled, m.dataset.malformed])).toEqual([
      ["{{ 1 }}", "false", "true"],
      ["Maria", "true", undefined],
      ["{{First}}", "false", "true"],
    ]);
    expect(marks[0]).toHaveAttribute("title", "{{ 1 }} is malformed: write {{1}} or {{first_name}} (see the finding)");
  });

  it("names the components the form and the preview do not show", () => {
    const draft = parsed(JSON.stringify({ name: "x", language: "en_US", components: [{ type: "BODY", text: "Hi" }, { type: "CAROUSEL", cards: [] }, { type: "CAROUSEL" }] }));
    expect(unshownTypes(draft.components)).toEqual(["CAROUSEL"]);
    render(createElement(TemplatePreview, { components: draft.components }));
    expect(screen.getByTestId("preview-unshown")).toHaveTextContent("(CAROUSEL not shown)");
    render(createElement(TemplateForm, { draft, onChange: () => undefined, findings: [], disabled: false, locks: { nameAndLanguage: false, category: false } }));
    expect(screen.getByTestId("form-unshown")).toHaveTextContent("This template also has CAROUSEL: edit it in the JSON view.");
  });

  it("lets the browser set the direction of every text the admin types", () => {
    const draft = parsed(JSON.stringify({ name: "x", language: "ar", components: [{ type: "HEADER", format: "TEXT", text: "مرحبا" }, { type: "BODY", text: "مرحبا {{1}}" }, { type: "FOOTER", text: "شكرا" }] }));
    const { container } = render(createElement(TemplatePreview, { components: draft.components }));
    expect([...container.querySelectorAll("p")].map((p) => p.getAttribute("dir"))).toEqual(["auto", "auto", "auto"]);
    render(createElement(TemplateForm, { draft, onChange: () => undefined, findings: [], disabled: false, locks: { nameAndLanguage: false, category: false } }));
    for (const id of ["template-header-text", "template-body", "template-footer"]) expect(screen.getByTestId(id)).toHaveAttribute("dir", "auto");
  });
});

describe("components and buttons", () => {
  it("adds a header before the body and removes it again", () => {
    const withHeader = withHeaderKind(NEW_DRAFT, "TEXT");
    expect(withHeader.components.map((c) => c.type)).toEqual(["HEADER", "BODY"]);
    expect(withHeaderKind(withHeader, "IMAGE").components[0]).toEqual({ type: "HEADER", format: "IMAGE" });
    expect(withHeaderKind(withHeader, "NONE").components).toEqual(NEW_DRAFT.components);
  });

  it("puts buttons last, and drops the component when the last one is removed", () => {
    const draft = withButtons(NEW_DRAFT, [{ type: "QUICK_REPLY", text: "Yes" }]);
    expect(draft.components.map((c) => c.type)).toEqual(["BODY", "BUTTONS"]);
    expect(withButtons(draft, []).components).toEqual(NEW_DRAFT.components);
    expect(moved(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moved(["a", "b"], 0, -1)).toEqual(["a", "b"]);
  });
});

describe("where findings go", () => {
  it("maps JSON pointers to the form's fields", () => {
    expect(fieldOfPath("/name")).toBe("name");
    expect(fieldOfPath("/parameter_format")).toBe("parameter_format");
    expect(fieldOfPath("/components/1/text")).toBe("components/1/text");
    expect(fieldOfPath("/components/1/example/body_text/0/1")).toBe("components/1/example");
    expect(fieldOfPath("/components/3/buttons/0/url")).toBe("components/3/buttons/0/url");
    expect(fieldOfPath("/components/3/buttons/0/example/0")).toBe("components/3/buttons/0/example");
    expect(fieldOfPath("/components/3/buttons/2")).toBe("components/3/buttons/2");
    expect(fieldOfPath("/components/3/buttons")).toBe("components/3/buttons");
    expect(fieldOfPath("")).toBeNull();
    expect(fieldOfPath("/components")).toBeNull();
    expect(fieldOfPath("/components/0/type")).toBeNull();
    expect(fieldOfPath("/name/0")).toBeNull();
  });

  it("lists findings on top when the form has no field for them", () => {
    const draft = parsed(JSON.stringify({ name: "x", language: "en_US", components: [{ type: "CAROUSEL" }, { type: "BODY", text: "Hi" }] }));
    const { byField, top } = findingsByField(
      [finding("/components/1/text"), finding("/components/0/cards"), finding("/components"), finding("/name")],
      formFields(draft),
    );
    expect([...byField.keys()]).toEqual(["components/1/text", "name"]);
    expect(top.map((f) => f.span.path)).toEqual(["/components/0/cards", "/components"]);
  });

  it("counts in words", () => {
    expect(countsText(2, 1)).toBe("2 errors, 1 warning");
    expect(countsText(0, 3)).toBe("3 warnings");
    expect(countsText(0, 0)).toBe("No problems found");
  });

  it("selects a finding's place in the JSON view: its characters in a string, a field to the end of its line", () => {
    const text = '{\n  "name": "",\n  "text": "{{1}} late"\n}';
    const at = text.indexOf('"{{1}}') + 1;
    expect(selectionOf(text, finding("/text", { line: 3, column: 12, start: 0, end: 5 }))).toEqual({ start: at, end: at + 5 });
    const nameLine = text.indexOf('  "name"');
    expect(selectionOf(text, finding("/name", { line: 2, column: 11 }))).toEqual({ start: nameLine + 10, end: text.indexOf("\n", nameLine) });
    expect(selectionOf(text, finding("", { line: 1, column: 1, start: 3, end: 4 }))).toEqual({ start: 3, end: 4 });
  });
});
