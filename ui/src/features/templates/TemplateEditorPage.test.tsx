// The template editor against the recorded "template-editor" session (healthy sandbox, synced): an approved template's
// edit with its limits and the next one refused; a new template's findings inline as it is typed, kept as a draft and
// continued; the JSON view both ways and broken JSON kept as typed; a warning confirmed, then the template created.
// The session is one story: each test starts where the ones before it left the sandbox (`upTo`). The last test replays its
// own session, "template-editor-refused": a create that lints clean but Meta refuses (a name deleted less than 30 days ago).
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { TemplateDraft } from "../../bindings/TemplateDraft";
import { createReplay, type Replay } from "../../test/replay";
import { renderApp, storeSandboxToken } from "../../test/renderApp";
import { draftToText, NEW_DRAFT } from "./draftText";

const ORDER_UPDATE = "1166414785519855";
const SHIPPED_IN_2_DAYS = "Hi {{1}}, your order {{2}} has shipped and should arrive within 2 days.";

const utility = (name: string, text: string, example?: TemplateDraft["components"][number]["example"]) =>
  draftToText({ ...NEW_DRAFT, name, components: [{ type: "BODY", text, ...(example ? { example } : {}) }] });
/** The body typed and fixed in the form: kept as the first draft. */
const FIXED = utility("", "Hi {{1}}, your order is late.");
/** The JSON view's edit: a name and an example. */
const NAMED = utility("order_late", "Hi {{1}}, your order is late.", { body_text: [["Maria"]] });
/** The same with the comma after the name lost: line 3, column 3 is where the parser stops. */
const BROKEN = NAMED.replace('"order_late",', '"order_late"');
/** A new template named after the approved order_update, deleted first: clean for the linter, refused by Meta (2388023). */
const REUSED_BODY = "Hi {{1}}, your order is on its way.";
const REUSED = utility("order_update", REUSED_BODY, { body_text: [["Maria"]] });
const PROMO = utility("order_thanks", "Hi {{1}}, thanks for your order! Enjoy 20% off your next purchase with our exclusive discount.", { body_text: [["Maria"]] });

const saves = (replay: Replay, text: string) => replay.calls.filter((c) => c.command === "save_template_draft" && (c.args.request as { text: string }).text === text && c.ok);

/** Where the recorded session stands when a test starts: what the tests before it did, replayed. */
function upTo(replay: Replay, stage: "synced" | "edited" | "kept" | "broken") {
  storeSandboxToken(replay);
  replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
  const listing = replay.run("sync_templates", { profileId: "sandbox" });
  if (stage === "synced") return;
  // order_update's body edited (the first test).
  const components = listing.templates.find((t) => t.id === ORDER_UPDATE)?.components ?? [];
  replay.run("edit_template", {
    request: {
      profileId: "sandbox",
      templateId: ORDER_UPDATE,
      category: null,
      components: components.map((c) => (c.type === "BODY" ? { ...c, text: SHIPPED_IN_2_DAYS } : c)),
      messageSendTtlSeconds: null,
      confirmWarnings: false,
    },
  });
  if (stage === "edited") return;
  replay.run("save_template_draft", { request: { profileId: "sandbox", draftId: null, text: FIXED } });
  if (stage === "kept") return;
  replay.run("save_template_draft", { request: { profileId: "sandbox", draftId: "draft1", text: BROKEN } });
}

/** The findings shown under the form field of this control. */
const findingsUnder = (control: HTMLElement) => within(control.closest(".field") as HTMLElement).queryAllByTestId("finding");
const rulesUnder = (control: HTMLElement) => findingsUnder(control).map((f) => f.dataset.rule);

/** The finding of this rule, once it is shown. */
const findingOf = (rule: string) =>
  waitFor(() => {
    const found = screen.queryAllByTestId("finding").find((f) => f.dataset.rule === rule);
    if (!found) throw new Error(`no ${rule} finding shown`);
    return found;
  });

describe("TemplateEditorPage", () => {
  it("edits an approved template with Meta's edit limits shown first, and does not open it again while Meta reviews the edit", async () => {
    const replay = createReplay();
    upTo(replay, "synced");
    const first = renderApp({ route: `/templates/${ORDER_UPDATE}/edit`, replay });

    expect(await screen.findByRole("heading", { name: "Edit order_update" })).toBeInTheDocument();
    const limits = await screen.findByTestId("edit-limits");
    await waitFor(() => expect(limits).toHaveTextContent("0 of 1 in 24 h, 0 of 10 in 30 days"));
    expect(screen.getByTestId("template-name")).toHaveAttribute("readonly");
    expect(screen.getByTestId("template-category")).toBeDisabled();
    // The template itself is not a duplicate of itself: nothing blocks the edit.
    const submit = screen.getByTestId("template-submit");
    await waitFor(() => expect(submit).toBeEnabled());
    expect(submit).toHaveTextContent("Save edit");
    expect(screen.getByTestId("template-submit-reason")).toHaveTextContent("Ready");

    fireEvent.change(screen.getByTestId("template-body"), { target: { value: SHIPPED_IN_2_DAYS } });
    expect(screen.getByTestId("template-preview")).toHaveTextContent("within 2 days");
    await waitFor(() => expect(submit).toBeEnabled());
    await first.user.click(submit);
    expect(await screen.findByTestId("template-detail")).toBeInTheDocument();
    const edit = replay.calls.find((c) => c.command === "edit_template");
    expect(edit?.args.request).toMatchObject({ templateId: ORDER_UPDATE, category: null, confirmWarnings: false });
    first.unmount();

    // The edited template is in Meta's review again (PENDING), and Meta edits only APPROVED, REJECTED and PAUSED ones:
    // the page says so instead of opening the editor, and sends nothing.
    renderApp({ route: `/templates/${ORDER_UPDATE}/edit`, replay });
    const refused = await screen.findByTestId("template-not-editable");
    expect(refused).toHaveTextContent("Meta does not edit a PENDING template");
    expect(within(refused).getByRole("link", { name: "Back to order_update" })).toHaveAttribute("href", `/templates/${ORDER_UPDATE}`);
    expect(screen.queryByTestId("template-submit")).not.toBeInTheDocument();
    expect(replay.calls.filter((c) => c.command === "edit_template")).toHaveLength(1);
  });

  it("shows a body starting with {{1}} under the body and in the submit reason until it is fixed, and keeps the draft", async () => {
    const replay = createReplay();
    upTo(replay, "edited");
    const view = renderApp({ route: "/templates/new", replay });

    expect(await screen.findByRole("heading", { name: "New template" })).toBeInTheDocument();
    const body = screen.getByTestId("template-body");
    expect(screen.getByTestId("draft-status")).toHaveTextContent("Not saved yet");
    fireEvent.change(body, { target: { value: "{{1}} your order is late." } });

    await waitFor(() => expect(rulesUnder(body)).toContain("variable-at-edge"));
    const atEdge = findingsUnder(body).find((f) => f.dataset.rule === "variable-at-edge");
    expect(atEdge).toHaveAttribute("data-severity", "error");
    expect(atEdge).toHaveTextContent("The body starts with {{1}}");
    expect(rulesUnder(screen.getByTestId("template-name"))).toEqual(["name-format"]);
    expect(screen.getByTestId("template-submit")).toBeDisabled();
    expect(screen.getByTestId("template-submit-reason")).toHaveTextContent("Fix 3 errors first: name-format, variable-at-edge, example-missing");
    expect(screen.getByTestId("finding-counts")).toHaveTextContent("3 errors");

    fireEvent.change(body, { target: { value: "Hi {{1}}, your order is late." } });

    await waitFor(() => expect(rulesUnder(body)).not.toContain("variable-at-edge"));
    expect(screen.getByTestId("template-submit-reason")).toHaveTextContent("Fix 2 errors first: name-format, example-missing");
    // One example input per variable of the body.
    expect(screen.getByTestId("template-body-example-1")).toHaveValue("");

    // Kept a moment later, once, then continued from the kept draft.
    await waitFor(() => expect(screen.getByTestId("draft-status")).toHaveTextContent(/^Draft saved/), { timeout: 10_000 });
    expect(saves(replay, FIXED)).toHaveLength(1);
    view.unmount();
    renderApp({ route: "/templates/new?draft=draft1", replay });
    await waitFor(() => expect(screen.getByTestId("template-body")).toHaveValue("Hi {{1}}, your order is late."));
    expect(screen.getByTestId("draft-status")).toHaveTextContent(/^Draft saved/);
    await waitFor(() => expect(screen.getByTestId("template-submit-reason")).toHaveTextContent("Fix 2 errors first"));
  });

  it("shows one text in both views, and keeps broken JSON as typed while the form says where the error is", async () => {
    const replay = createReplay();
    upTo(replay, "kept");
    const { user } = renderApp({ route: "/templates/new?draft=draft1", replay });

    await waitFor(() => expect(screen.getByTestId("template-body")).toHaveValue("Hi {{1}}, your order is late."));
    await user.click(screen.getByTestId("editor-tab-json"));
    const json = screen.getByTestId("template-json");
    expect(json).toHaveValue(FIXED);

    fireEvent.change(json, { target: { value: NAMED } });
    // The arrow keys move between the tabs (the JSON tab kept the focus: the text was pasted).
    expect(screen.getByTestId("editor-tab-json")).toHaveFocus();
    await user.keyboard("{ArrowLeft}");
    expect(screen.getByTestId("editor-tab-form")).toHaveFocus();
    expect(screen.getByTestId("editor-tab-form")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("template-name")).toHaveValue("order_late");
    expect(screen.getByTestId("template-body-example-1")).toHaveValue("Maria");
    await waitFor(() => expect(screen.getByTestId("template-submit")).toBeEnabled());
    expect(screen.getByTestId("finding-counts")).toHaveTextContent("No problems found");

    await user.click(screen.getByTestId("editor-tab-json"));
    fireEvent.change(screen.getByTestId("template-json"), { target: { value: BROKEN } });
    const syntax = await findingOf("invalid-json");
    expect(syntax).toHaveTextContent(/^line 3, column 3: The JSON is not valid/);
    await user.click(syntax);
    expect(screen.getByTestId("template-json")).toHaveProperty("selectionStart", BROKEN.indexOf('"language"'));

    await user.click(screen.getByTestId("editor-tab-form"));
    expect(screen.getByTestId("form-json-error")).toHaveTextContent("The JSON has an error at line 3, column 3: fix it in the JSON view");
    expect(screen.getByTestId("template-name")).toBeDisabled();
    expect(screen.getByTestId("template-submit")).toBeDisabled();
    expect(screen.getByTestId("template-submit-reason")).toHaveTextContent("Fix the JSON first: it has an error at line 3, column 3.");
    await user.click(screen.getByTestId("editor-tab-json"));
    expect(screen.getByTestId("template-json")).toHaveValue(BROKEN);
    // Kept as typed, broken as it is.
    await waitFor(() => expect(saves(replay, BROKEN)).toHaveLength(1), { timeout: 10_000 });
  });

  it("asks to confirm a warning, then creates the template from the draft and opens it; a new draft can be discarded", async () => {
    const replay = createReplay();
    upTo(replay, "broken");
    const view = renderApp({ route: "/templates/new?draft=draft1", replay });
    const { user } = view;

    expect(await screen.findByTestId("form-json-error")).toBeInTheDocument();
    await user.click(screen.getByTestId("editor-tab-json"));
    expect(screen.getByTestId("template-json")).toHaveValue(BROKEN);
    fireEvent.change(screen.getByTestId("template-json"), { target: { value: PROMO } });

    const warning = await findingOf("promotional-utility");
    expect(warning).toHaveTextContent(/^line 8, column 57: /);
    expect(warning).toHaveAttribute("data-severity", "warning");
    expect(screen.getByTestId("finding-counts")).toHaveTextContent("1 warning");
    expect(screen.getByTestId("template-submit-reason")).toHaveTextContent("1 warning: you will be asked to confirm");
    await waitFor(() => expect(saves(replay, PROMO)).toHaveLength(1), { timeout: 10_000 });

    await user.click(screen.getByTestId("template-submit"));
    const dialog = await screen.findByTestId("template-confirm");
    expect(dialog).toHaveTextContent("promotional-utility");
    expect(replay.calls.some((c) => c.command === "create_template")).toBe(false);
    await user.click(within(dialog).getByRole("button", { name: "Submit anyway" }));

    const detail = await screen.findByTestId("template-detail");
    expect(detail).toHaveTextContent("order_thanks");
    expect(screen.queryByTestId("template-editor")).not.toBeInTheDocument();
    const create = replay.calls.find((c) => c.command === "create_template");
    expect(create?.args.request).toMatchObject({ confirmWarnings: true, draftId: "draft1", draft: { name: "order_thanks" } });
    view.unmount();

    // The submitted draft is gone (the create removed it): the editor says so and offers a new one.
    const again = renderApp({ route: "/templates/new?draft=draft1", replay });
    const gone = await screen.findByTestId("draft-gone");
    expect(gone).toHaveTextContent("This draft is gone");
    await again.user.click(within(gone).getByRole("link", { name: "Start a new template" }));

    // A new draft, kept, then discarded: removed for good, and the list again.
    const body = await screen.findByTestId("template-body");
    expect(body).toHaveValue("");
    fireEvent.change(body, { target: { value: "Not this one." } });
    await waitFor(() => expect(screen.getByTestId("draft-status")).toHaveTextContent(/^Draft saved/), { timeout: 10_000 });
    await again.user.click(screen.getByTestId("template-discard"));
    await again.user.click(await screen.findByRole("button", { name: "Discard draft" }));
    expect(await screen.findByTestId("template-new")).toBeInTheDocument();
    expect(replay.calls.filter((c) => c.command === "discard_template_draft").map((c) => c.args)).toEqual([{ draftId: "draft2" }]);
  });

  it("shows Meta's refusal of a create the linter passed with its diagnosis, keeps the text, and lets it be sent again", async () => {
    // The "template-editor-refused" session: synced, then the approved order_update deleted (both languages).
    const replay = createReplay();
    upTo(replay, "synced");
    replay.run("delete_template", { request: { profileId: "sandbox", name: "order_update", language: null, confirmed: true } });
    const { user } = renderApp({ route: "/templates/new", replay });

    const body = await screen.findByTestId("template-body");
    fireEvent.change(screen.getByTestId("template-name"), { target: { value: "order_update" } });
    fireEvent.change(body, { target: { value: REUSED_BODY } });
    fireEvent.change(screen.getByTestId("template-body-example-1"), { target: { value: "Maria" } });
    // The linter cannot know Meta keeps a deleted approved name for 30 days: nothing blocks the submit.
    await waitFor(() => expect(screen.getByTestId("finding-counts")).toHaveTextContent("No problems found"));
    expect(screen.getByTestId("template-submit-reason")).toHaveTextContent("Ready");
    await waitFor(() => expect(saves(replay, REUSED)).toHaveLength(1), { timeout: 10_000 });

    const submit = screen.getByTestId("template-submit");
    await user.click(submit);
    const refusal = await screen.findByTestId("template-submit-error");
    const card = within(refusal).getByTestId("error-card");
    expect(card).toHaveAttribute("data-code", "graph");
    expect(card).toHaveTextContent("Meta answered error 100/2388023: Invalid parameter");
    expect(card).toHaveTextContent("100 / 2388023");
    // The catalogue has no entry of its own for 2388023: the diagnosis is code 100's, which sends the admin to Meta's words.
    const diagnosis = within(card).getByTestId("diagnosis-card");
    expect(diagnosis).toHaveAttribute("data-known", "true");
    expect(diagnosis).toHaveTextContent("Template creation reports its reason as a 2388xxx subcode with a user title and message.");
    expect(diagnosis).toHaveTextContent("Read Meta's details on this card: they usually name the parameter or the reason.");
    expect(diagnosis).toHaveTextContent("Retrying the same request fails the same way; retry after the fix.");
    // Meta's error_user_title and error_user_msg, shown on the card (not only in the raw answer behind the toggle).
    const metaSays = within(card).getByTestId("error-meta-says");
    expect(metaSays).toHaveTextContent("Message Template Language Is Being Deleted");
    expect(metaSays).toHaveTextContent("An approved template named order_update was deleted less than 30 days ago, so the name can't be used again yet.");
    expect(refusal).toHaveTextContent("Your text is unchanged: fix it here and submit again.");

    // Still the new template's editor, with every character typed.
    expect(screen.getByRole("heading", { name: "New template" })).toBeInTheDocument();
    expect(screen.getByTestId("template-editor")).toHaveAttribute("data-mode", "create");
    expect(screen.queryByTestId("template-detail")).not.toBeInTheDocument();
    expect(screen.getByTestId("template-name")).toHaveValue("order_update");
    expect(screen.getByTestId("template-body")).toHaveValue(REUSED_BODY);
    expect(screen.getByTestId("template-body-example-1")).toHaveValue("Maria");

    // Sent again as it is: Meta refuses it the same way, and the refusal is shown again.
    await waitFor(() => expect(submit).toBeEnabled());
    await user.click(submit);
    await waitFor(() => expect(replay.calls.filter((c) => c.command === "create_template" && !c.ok)).toHaveLength(2));
    for (const create of replay.calls.filter((c) => c.command === "create_template")) {
      expect(create.args.request).toMatchObject({ confirmWarnings: false, draftId: "draft1", draft: { name: "order_update" } });
    }
    expect(await screen.findByTestId("template-submit-error")).toHaveTextContent("Meta answered error 100/2388023");
    expect(screen.getByTestId("template-body")).toHaveValue(REUSED_BODY);
  });
});
