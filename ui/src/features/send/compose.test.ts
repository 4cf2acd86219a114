// The Send form's model without a window: the options helper (3 or fewer become buttons, more a list), the fields a
// synced template asks for and where each value lands in the message (the pointers the backend's findings use), and
// which findings belong to a field.
import { describe, expect, it } from "vitest";
import type { SendFinding } from "../../bindings/SendFinding";
import type { TemplateInfo } from "../../bindings/TemplateInfo";
import type { TemplateListing } from "../../bindings/TemplateListing";
import { recordings } from "../../test/replay";
import { emptyDraft, findingsAt, fromOptions, outgoingMessage, templateMessage, templateShape } from "./compose";

/** order_update (en_US) as the cache lists it on the healthy sandbox (the "send" recording, from the service). */
function orderUpdate(): TemplateInfo {
  const send = recordings().find((r) => r.session === "send");
  for (const step of send?.steps ?? []) {
    if (!("command" in step) || step.command !== "list_templates") continue;
    const found = (step.answer as TemplateListing).templates.find((t) => t.name === "order_update" && t.language === "en_US");
    if (found) return found;
  }
  throw new Error('order_update is in no list_templates answer of the "send" recording');
}

describe("fromOptions", () => {
  it("makes 3 or fewer options reply buttons, each with an ID from its title", () => {
    const draft = fromOptions(emptyDraft(), ["Morning", " Next week ", "", "Café!"]);
    expect(draft.type).toBe("buttons");
    expect(draft.buttons.buttons).toEqual([
      { id: "morning", title: "Morning" },
      { id: "next_week", title: "Next week" },
      { id: "cafe", title: "Café!" },
    ]);
  });

  it("makes more than 3 options one list section, and numbers an ID a title cannot give", () => {
    const draft = fromOptions(emptyDraft(), ["One", "Two", "Three", "!!!"]);
    expect(draft.type).toBe("list");
    expect(draft.list.sections).toEqual([
      {
        title: "",
        rows: [
          { id: "one", title: "One", description: "" },
          { id: "two", title: "Two", description: "" },
          { id: "three", title: "Three", description: "" },
          { id: "option_4", title: "!!!", description: "" },
        ],
      },
    ]);
  });
});

describe("templateMessage", () => {
  it("asks for each body variable and the URL button's value, and says where each lands", () => {
    const template = orderUpdate();
    const shape = templateShape(template);
    expect(shape.headerFormat).toBeNull();
    expect(shape.slots.map((s) => s.key)).toEqual(["body:1", "body:2", "button:0"]);
    const values = { ...emptyDraft().template, name: "order_update", language: "en_US", values: { "body:1": "Maria", "button:0": "A-1042" } };
    const { components, paths } = templateMessage(values, template);
    expect(components).toEqual([
      { type: "body", parameters: [{ type: "text", text: "Maria" }, { type: "text", text: "" }] },
      { type: "button", subType: "url", index: 0, parameters: [{ type: "text", text: "A-1042" }] },
    ]);
    expect(paths).toEqual({ "body:1": "/components/0/parameters/0", "body:2": "/components/0/parameters/1", body: "/components/0/parameters", "button:0": "/components/1/parameters/0" });
  });
});

describe("outgoingMessage", () => {
  it("sends blank optional texts as absent and a caption only for the kinds that take one", () => {
    const draft = { ...emptyDraft(), type: "media" as const, media: { kind: "audio" as const, source: { mode: "link" as const, link: "https://example.com/a.ogg", uploaded: null }, caption: "ignored", filename: "x.pdf" } };
    expect(outgoingMessage(draft, undefined)).toEqual({ type: "media", kind: "audio", source: { from: "link", url: "https://example.com/a.ogg" }, caption: null, filename: null });
    const buttons = { ...emptyDraft(), type: "buttons" as const, buttons: { body: "Pick", header: "  ", footer: "", buttons: [{ id: "a", title: "A" }] } };
    expect(outgoingMessage(buttons, undefined)).toEqual({ type: "buttons", body: "Pick", header: null, footer: null, buttons: [{ id: "a", title: "A" }] });
  });
});

describe("findingsAt", () => {
  const finding = (path: string): SendFinding => ({ rule: "too-long", severity: "error", path, message: path, fix: "" });
  it("gives a field its own findings and those inside it, never a sibling's", () => {
    const all = ["/sections", "/sections/0/title", "/sections/0/rows/1/id", "/sections/10/title", ""].map(finding);
    expect(findingsAt(all, "/sections/0").map((f) => f.path)).toEqual(["/sections/0/title", "/sections/0/rows/1/id"]);
    expect(findingsAt(all, "/sections/1").map((f) => f.path)).toEqual([]);
    expect(findingsAt(all, undefined)).toEqual([]);
  });
});
