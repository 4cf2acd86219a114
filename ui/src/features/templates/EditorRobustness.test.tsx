// The editor where it used to lose or refuse what the admin did: the draft keeper (a submit or discard waiting for the
// first save, the window hidden or closed, the page left while a create is sending, the kept drafts' cache), the form's
// memory of examples, a template Meta does not edit; and, against the recorded "template-editor-robust" session, a new
// draft in the drafts strip on going back and continued at its newest text, and a refusal gone once the text changes.
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, renderHook, screen, waitFor, within } from "@testing-library/react";
import { useState, type ReactNode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { TemplateDraft } from "../../bindings/TemplateDraft";
import type { TemplateDraftInfo } from "../../bindings/TemplateDraftInfo";
import { createQueryClient } from "../../lib/queryClient";
import { createReplay, type Replay } from "../../test/replay";
import { renderApp, storeSandboxToken } from "../../test/renderApp";
import { draftToText, NEW_DRAFT } from "./draftText";
import { useDraftKeeper } from "./EditorDraftKeeper";
import { templateKeys } from "./queries";
import { TemplateForm } from "./TemplateForm";

/** The "templates-page" session's first kept draft (saved as draft1 once order_update in Spanish was deleted). */
const ORDER_DELAYED = `{"name": "order_delayed", "language": "en_US", "category": "UTILITY", "components": []}`;
const OPENED = "{}";

/** The "templates-page" session where its drafts are first saved. */
function beforeTheDrafts(): Replay {
  const replay = createReplay();
  storeSandboxToken(replay);
  replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
  replay.run("sync_templates", { profileId: "sandbox" });
  replay.run("delete_template", { request: { profileId: "sandbox", name: "order_update", language: "es", confirmed: true } });
  return replay;
}

const saves = (replay: Replay) => replay.calls.filter((c) => c.command === "save_template_draft").map((c) => (c.args.request as { draftId: string | null; text: string }));

/** The keeper of a new draft opened as `OPENED`, its IPC answered by `replay`. */
function renderKeeper(replay: Replay, { paused = false, client = createQueryClient() }: { paused?: boolean; client?: QueryClient } = {}) {
  mockIPC((command, args) => replay.handle(command, (args ?? {}) as Record<string, unknown>));
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  return renderHook(
    ({ text, paused }: { text: string; paused: boolean }) => useDraftKeeper({ enabled: true, profileId: "sandbox", text, draftId: null, savedAt: null, initialText: OPENED, paused }),
    { wrapper, initialProps: { text: OPENED, paused } },
  );
}

describe("the draft keeper", () => {
  afterEach(() => {
    Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
  });

  it("lets a submit or discard wait for the first save under way, so it names the draft that save made", async () => {
    const replay = beforeTheDrafts();
    const keeper = renderKeeper(replay);
    keeper.rerender({ text: ORDER_DELAYED, paused: false });
    keeper.result.current.saveNow();
    // The save is under way: the id is not known yet, but flush waits for it.
    expect(await keeper.result.current.flush()).toBe("draft1");
    expect(saves(replay)).toEqual([{ profileId: "sandbox", draftId: null, text: ORDER_DELAYED }]);
  });

  it("saves at once when the window is closed or hidden, not after the pause", async () => {
    for (const leave of [() => window.dispatchEvent(new Event("pagehide")), () => document.dispatchEvent(new Event("visibilitychange"))]) {
      const replay = beforeTheDrafts();
      Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
      const keeper = renderKeeper(replay);
      keeper.rerender({ text: ORDER_DELAYED, paused: false });
      leave();
      await keeper.result.current.flush();
      expect(saves(replay)).toHaveLength(1);
      keeper.unmount();
    }
  });

  it("saves what is unsaved when the page is left while a create is sending (the create may still fail)", async () => {
    const replay = beforeTheDrafts();
    const keeper = renderKeeper(replay, { paused: true });
    keeper.rerender({ text: ORDER_DELAYED, paused: true });
    keeper.unmount();
    await waitFor(() => expect(saves(replay)).toEqual([{ profileId: "sandbox", draftId: null, text: ORDER_DELAYED }]));
  });

  it("saves nothing more once the template is submitted or the draft discarded", async () => {
    const replay = beforeTheDrafts();
    const keeper = renderKeeper(replay);
    keeper.rerender({ text: ORDER_DELAYED, paused: false });
    keeper.result.current.finish();
    keeper.unmount();
    expect(await keeper.result.current.flush()).toBeNull();
    expect(saves(replay)).toEqual([]);
  });

  it("writes each save into the kept drafts' cache, so the list and a continued draft show the newest text", async () => {
    const replay = beforeTheDrafts();
    const client = createQueryClient();
    client.setQueryData<TemplateDraftInfo[]>(templateKeys.drafts("sandbox"), []);
    const keeper = renderKeeper(replay, { client });
    keeper.rerender({ text: ORDER_DELAYED, paused: false });
    keeper.result.current.saveNow();
    await keeper.result.current.flush();
    const cached = client.getQueryData<TemplateDraftInfo[]>(templateKeys.drafts("sandbox"));
    expect(cached?.map((d) => [d.id, d.text])).toEqual([["draft1", ORDER_DELAYED]]);
  });
});

/** The form over a draft it owns, as the editor holds it. */
function FormOf({ initial }: { initial: TemplateDraft }) {
  const [draft, setDraft] = useState(initial);
  return (
    <>
      <TemplateForm draft={draft} onChange={setDraft} findings={[]} disabled={false} locks={{ nameAndLanguage: false, category: false }} />
      <output data-testid="form-draft">{JSON.stringify(draft)}</output>
    </>
  );
}

describe("the form's memory of examples", () => {
  it("gives a variable deleted for a moment its example back when it is typed again, and a renamed one when named back", () => {
    render(<FormOf initial={NEW_DRAFT} />);
    const body = screen.getByTestId("template-body");
    fireEvent.change(body, { target: { value: "Hi {{1}}!" } });
    fireEvent.change(screen.getByTestId("template-body-example-1"), { target: { value: "Maria" } });
    fireEvent.change(body, { target: { value: "Hi {{}}!" } });
    expect(screen.queryByTestId("template-body-example-1")).not.toBeInTheDocument();
    fireEvent.change(body, { target: { value: "Hi {{1}}!" } });
    expect(screen.getByTestId("template-body-example-1")).toHaveValue("Maria");

    fireEvent.change(body, { target: { value: "Hi {{name}}!" } });
    fireEvent.change(screen.getByTestId("template-body-example-name"), { target: { value: "Ana" } });
    fireEvent.change(body, { target: { value: "Hi {{nam}}!" } });
    expect(screen.getByTestId("template-body-example-nam")).toHaveValue("");
    fireEvent.change(body, { target: { value: "Hi {{name}}!" } });
    expect(screen.getByTestId("template-body-example-name")).toHaveValue("Ana");
    expect(JSON.parse(screen.getByTestId("form-draft").textContent ?? "")).toMatchObject({ components: [{ example: { body_text_named_params: [{ param_name: "name", example: "Ana" }] } }] });
  });

  it("keeps what is typed for {{01}}, and gives {{0}} no input, pointing at the linter", () => {
    render(<FormOf initial={NEW_DRAFT} />);
    fireEvent.change(screen.getByTestId("template-body"), { target: { value: "Hi {{01}} and {{0}}" } });
    fireEvent.change(screen.getByTestId("template-body-example-1"), { target: { value: "Maria" } });
    expect(screen.getByTestId("template-body-example-1")).toHaveValue("Maria");
    expect(screen.getByTestId("template-body-example-0")).toBeDisabled();
    expect(screen.getByTestId("template-body-example-0")).toHaveAttribute("placeholder", "No example: number the variables 1, 2, 3… (see the problem below)");
  });

  it("changes one button without touching the fields of another it cannot show", () => {
    const initial = { ...NEW_DRAFT, components: [...NEW_DRAFT.components, { type: "BUTTONS", buttons: [null, { type: "QUICK_REPLY", text: "Yes", extra: 1 }] }] } as unknown as TemplateDraft;
    render(<FormOf initial={initial} />);
    const second = screen.getAllByTestId("template-button")[1] as HTMLElement;
    fireEvent.change(within(second).getByLabelText("Label"), { target: { value: "No" } });
    expect(JSON.parse(screen.getByTestId("form-draft").textContent ?? "")).toMatchObject({ components: [{}, { buttons: [null, { type: "QUICK_REPLY", text: "No", extra: 1 }] }] });
  });
});

describe("a template Meta does not edit", () => {
  it("says why instead of opening the editor, with the way back to the template", async () => {
    // The "template-editor" session: order_update edited once, so it is PENDING again.
    const replay = createReplay();
    storeSandboxToken(replay);
    replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
    const listing = replay.run("sync_templates", { profileId: "sandbox" });
    const orderUpdate = listing.templates.find((t) => t.name === "order_update" && t.language === "en_US");
    const components = (orderUpdate?.components ?? []).map((c) => (c.type === "BODY" ? { ...c, text: "Hi {{1}}, your order {{2}} has shipped and should arrive within 2 days." } : c));
    replay.run("edit_template", { request: { profileId: "sandbox", templateId: orderUpdate?.id ?? "", category: null, components, messageSendTtlSeconds: null, confirmWarnings: false } });

    renderApp({ route: `/templates/${orderUpdate?.id}/edit`, replay });
    const refused = await screen.findByTestId("template-not-editable");
    expect(refused).toHaveTextContent("Meta does not edit a PENDING template");
    expect(refused).toHaveTextContent("Meta lets only APPROVED, REJECTED and PAUSED templates be edited.");
    expect(within(refused).getByRole("link", { name: "Back to order_update" })).toHaveAttribute("href", `/templates/${orderUpdate?.id}`);
    expect(screen.queryByTestId("template-editor")).not.toBeInTheDocument();
  });
});

const utility = (name: string, text: string, example?: TemplateDraft["components"][number]["example"]) =>
  draftToText({ ...NEW_DRAFT, name, components: [{ type: "BODY", text, ...(example ? { example } : {}) }] });
const TABLE = "Hi {{1}}, your table is ready.";
const TABLE_FOR_TWO = "Hi {{1}}, your table for two is ready.";
const REUSED = utility("order_update", "Hi {{1}}, your order is on its way.", { body_text: [["Maria"]] });

/** The "template-editor-robust" session up to a stage: synced; the draft kept twice; order_update deleted. */
function robust(stage: "synced" | "continued" | "deleted"): Replay {
  const replay = createReplay();
  storeSandboxToken(replay);
  replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
  replay.run("sync_templates", { profileId: "sandbox" });
  if (stage === "synced") return replay;
  replay.run("save_template_draft", { request: { profileId: "sandbox", draftId: null, text: utility("", TABLE) } });
  replay.run("save_template_draft", { request: { profileId: "sandbox", draftId: "draft1", text: utility("", TABLE_FOR_TWO) } });
  if (stage === "continued") return replay;
  replay.run("delete_template", { request: { profileId: "sandbox", name: "order_update", language: null, confirmed: true } });
  return replay;
}

const kept = () => waitFor(() => expect(screen.getByTestId("draft-status")).toHaveTextContent(/^Draft saved/), { timeout: 10_000 });

describe("kept drafts on the way back to the list", () => {
  it("shows a new draft in the strip on going back, and continues it at its newest text", async () => {
    const replay = robust("synced");
    const { user } = renderApp({ route: "/templates", replay });
    await screen.findByTestId("templates-list");
    expect(screen.queryByTestId("template-drafts")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("template-new"));
    fireEvent.change(await screen.findByTestId("template-body"), { target: { value: TABLE } });
    await kept();
    await user.click(screen.getByRole("link", { name: "Back to templates" }));
    const row = await screen.findByTestId("draft-row-draft1");

    await user.click(within(row).getByRole("link", { name: "Continue" }));
    const body = await screen.findByTestId("template-body");
    expect(body).toHaveValue(TABLE);
    fireEvent.change(body, { target: { value: TABLE_FOR_TWO } });
    await kept();
    await user.click(screen.getByRole("link", { name: "Back to templates" }));
    await user.click(within(await screen.findByTestId("draft-row-draft1")).getByRole("link", { name: "Continue" }));
    await waitFor(() => expect(screen.getByTestId("template-body")).toHaveValue(TABLE_FOR_TWO));
    // Opened only once the drafts were read again on opening, both times.
    expect(replay.calls.filter((c) => c.command === "list_template_drafts")).toHaveLength(3);
  });
});

describe("a refused submit", () => {
  it("shows Meta's refusal until the text changes, then the new text is checked and kept", async () => {
    const replay = robust("deleted");
    const { user } = renderApp({ route: "/templates/new?draft=draft1", replay });
    await waitFor(() => expect(screen.getByTestId("template-body")).toHaveValue(TABLE_FOR_TWO));
    await user.click(screen.getByTestId("editor-tab-json"));
    fireEvent.change(screen.getByTestId("template-json"), { target: { value: REUSED } });
    await user.click(screen.getByTestId("editor-tab-form"));
    await waitFor(() => expect(screen.getByTestId("template-submit")).toBeEnabled());
    // The submit keeps the text first (the draft then holds what was sent), whether or not the pause had passed.
    await user.click(screen.getByTestId("template-submit"));
    expect(await screen.findByTestId("template-submit-error")).toHaveTextContent("Meta answered error 100/2388023");
    expect(saves(replay).filter((save) => save.text === REUSED)).toHaveLength(1);

    fireEvent.change(screen.getByTestId("template-name"), { target: { value: "order_update_v2" } });
    expect(screen.queryByTestId("template-submit-error")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("template-submit")).toBeEnabled());
    await waitFor(() => expect(saves(replay).at(-1)).toEqual({ profileId: "sandbox", draftId: "draft1", text: utility("order_update_v2", "Hi {{1}}, your order is on its way.", { body_text: [["Maria"]] }) }), { timeout: 10_000 });
  });
});
