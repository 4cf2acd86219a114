// The editor's pure functions: the text read and written back (nothing the admin typed dropped, Meta's field order), the
// variables and their examples, header and button edits, and which form field each finding's JSON pointer lands under.
import { describe, expect, it } from "vitest";
import type { LintFinding } from "../../bindings/LintFinding";
import type { TemplateDraft } from "../../bindings/TemplateDraft";
import {
  countsText,
  draftToText,
  fieldOfPath,
  findingsByField,
  formFields,
  moved,
  NEW_DRAFT,
  parseDraftText,
  selectionOf,
  variablesOf,
  withButtons,
  withComponentText,
  withExampleValue,
  withHeaderKind,
} from "./draftText";

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
