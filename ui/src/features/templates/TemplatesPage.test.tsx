// Templates page (list and detail), against the "templates-page" recordings of the healthy sandbox: every status and the
// count against the limit, the filters and the search, a rejected template's reason and fix with its preview, a delete of
// one language behind Rust's 30-day warning, the one sync of a first visit, the drafts, a new template followed from
// PENDING to APPROVED on the review schedule (fake timers), and a long list rendered a window at a time.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { renderApp, storeSandboxToken } from "../../test/renderApp";
import { createReplay, recordedAnswer, type Replay } from "../../test/replay";
import { pollTimes } from "../../lib/poll";
import { everyTemplate } from "./queries";
import { withFakeTimers } from "../../test/fakeTimers";

const SPRING_SALE = "594425479261597";
const ORDER_UPDATE_EN = "1166414785519855";
const ORDER_UPDATE_ES = "1166414785519856";
/** Every template of the healthy sandbox, by ID, with its status. */
const HEALTHY: Record<string, string> = {
  "1387372356726668": "APPROVED",
  "1137051647947974": "DISABLED",
  "1689556908129832": "APPROVED",
  [ORDER_UPDATE_EN]: "APPROVED",
  [ORDER_UPDATE_ES]: "APPROVED",
  [SPRING_SALE]: "REJECTED",
  "1137051647947973": "PAUSED",
};

const callsOf = (replay: Replay, command: string) => replay.calls.filter((c) => c.command === command);
const rows = () => within(screen.getByTestId("templates-list")).queryAllByTestId(/^template-row-/);
const rowIds = () => rows().map((r) => r.dataset.testid?.replace("template-row-", ""));

/** The healthy sandbox with the sandbox token, synced (the session's changes up to `upTo`, as the CLI would take them). */
function healthy(upTo: "scenario" | "synced" | "deleted" | "drafts" | "created" = "synced") {
  const replay = createReplay();
  storeSandboxToken(replay);
  replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
  const steps = ["scenario", "synced", "deleted", "drafts", "created"];
  const reach = (step: string) => steps.indexOf(step) <= steps.indexOf(upTo);
  if (reach("synced")) replay.run("sync_templates", { profileId: "sandbox" });
  if (reach("deleted")) replay.run("delete_template", { request: { profileId: "sandbox", name: "order_update", language: "es", confirmed: true } });
  if (reach("drafts")) {
    for (const text of [`{"name": "order_delayed", "language": "en_US", "category": "UTILITY", "components": []}`, `{"name": "ship`]) {
      replay.run("save_template_draft", { request: { profileId: "sandbox", draftId: null, text } });
    }
  }
  return replay;
}

/** jsdom lays nothing out: the list's scroll box gets the size a window would give it, so the virtualizer renders a window. */
const SCROLL_BOX = { width: 1000, height: 480 };
beforeEach(() => {
  const isScrollBox = (el: HTMLElement) => el.classList.contains("templates-scroll");
  const height = vi.spyOn(HTMLElement.prototype, "clientHeight", "get");
  height.mockImplementation(function (this: HTMLElement) {
    return isScrollBox(this) ? SCROLL_BOX.height : 0;
  });
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockImplementation(function (this: HTMLElement) {
    return isScrollBox(this) ? SCROLL_BOX.width : 0;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("TemplatesPage", () => {
  it("lists every template with its status, the rejection reason and the count against the limit, without a sync", async () => {
    const replay = healthy();
    const { user } = renderApp({ route: "/templates", replay });

    await screen.findByTestId("templates-list");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent(/^Templates$/);
    expect(Object.fromEntries(rows().map((r) => [r.dataset.testid?.replace("template-row-", ""), r.dataset.status]))).toEqual(HEALTHY);
    expect(screen.getByTestId("template-count")).toHaveTextContent("7 of 6,000 templates");
    expect(screen.getByTestId("template-count")).toHaveAttribute("data-tone", "ok");
    expect(screen.getByRole("meter")).toHaveAttribute("aria-valuenow", "7");
    expect(screen.getByTestId("templates-synced")).toHaveTextContent("Synced just now");
    expect(screen.getByTestId("templates-showing")).toHaveTextContent("7 templates");

    const rejected = screen.getByTestId(`template-row-${SPRING_SALE}`);
    expect(rejected).toHaveTextContent("spring_sale");
    expect(rejected).toHaveTextContent("INVALID_FORMAT The template breaks a format rule");
    expect(screen.getByTestId(`template-row-${ORDER_UPDATE_ES}`)).toHaveTextContent("es");
    expect(screen.queryByTestId("template-drafts")).not.toBeInTheDocument();
    expect(screen.getByTestId("template-new")).toHaveAttribute("href", "/templates/new");
    // The list is the cache: opening the page reads nothing from Meta (the one sync is the CLI's, before the window opened).
    expect(callsOf(replay, "sync_templates")).toHaveLength(1);
    expect(callsOf(replay, "get_template")).toHaveLength(0);

    // The keyboard: rows take focus, the arrows move between them, Enter opens one.
    const first = rows()[0]!;
    first.focus();
    await user.keyboard("{ArrowDown}");
    expect(rows()[1]).toHaveFocus();
    await user.keyboard("{ArrowDown}{ArrowUp}{ArrowDown}{Enter}");
    const detail = await screen.findByTestId("template-detail");
    expect(detail).toHaveTextContent("hello_world");
    expect(screen.getByTestId("template-row-1689556908129832")).toHaveAttribute("aria-selected", "true");
  });

  it("filters by status through list_templates, searches, says what matches nothing and clears", async () => {
    const replay = healthy();
    const { user } = renderApp({ route: "/templates", replay });
    await screen.findByTestId("templates-list");
    const statusFilter = () => document.querySelector<HTMLSelectElement>('select[name="status"]')!;
    expect([...statusFilter().options].map((o) => o.value)).toEqual(["all", "APPROVED", "DISABLED", "PAUSED", "REJECTED"]);

    fireEvent.change(statusFilter(), { target: { value: "REJECTED" } });
    await waitFor(() => expect(rowIds()).toEqual([SPRING_SALE]));
    expect(screen.getByTestId("templates-showing")).toHaveTextContent("Showing 1 of 7");
    expect(replay.calls.at(-1)?.args).toEqual({ filter: { ...everyTemplate("sandbox"), status: "REJECTED" } });

    // REJECTED and "order": nothing matches.
    await user.click(screen.getByTestId("templates-search"));
    await user.paste("order");
    expect(await screen.findByText("No template matches these filters")).toBeInTheDocument();
    await user.click(screen.getByTestId("templates-clear"));
    await waitFor(() => expect(rows()).toHaveLength(7));
    expect(screen.getByTestId("templates-search")).toHaveValue("");

    // The search alone, then Escape clears it.
    await user.click(screen.getByTestId("templates-search"));
    await user.paste("order");
    await waitFor(() => expect(rowIds()).toEqual([ORDER_UPDATE_EN, ORDER_UPDATE_ES]));
    expect(screen.getByTestId("templates-showing")).toHaveTextContent("Showing 2 of 7");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(rows()).toHaveLength(7));
    // One call per filter, none per keystroke.
    expect(callsOf(replay, "list_templates").map((c) => (c.args.filter as { search: string | null; status: string | null })).filter((f) => f.search || f.status)).toEqual([
      expect.objectContaining({ status: "REJECTED", search: null }),
      expect.objectContaining({ status: "REJECTED", search: "order" }),
      expect.objectContaining({ status: null, search: "order" }),
    ]);
  });

  it("shows a rejected template's reason in plain words with the fix, its preview with the examples, and its edit limits", async () => {
    renderApp({ route: `/templates/${SPRING_SALE}`, replay: healthy() });

    const detail = await screen.findByTestId("template-detail");
    expect(detail).toHaveAttribute("data-status", "REJECTED");
    expect(detail).toHaveTextContent("spring_sale");
    const rejection = within(detail).getByTestId("template-rejection");
    expect(rejection).toHaveTextContent("Meta rejected it: The template breaks a format rule: variables at the start or end, adjacent or out-of-order variables");
    expect(rejection).toHaveTextContent("(INVALID_FORMAT)");
    expect(rejection).toHaveTextContent("How to fix it: Run the linter on it (waba template lint)");
    expect(within(detail).getByTestId("template-category")).toHaveTextContent("MARKETING");
    expect(within(detail).getByTestId("template-quality")).toHaveTextContent("UNKNOWN");

    const preview = within(detail).getByTestId("template-preview");
    expect(preview).toHaveTextContent("Our spring sale is on: 25% off everything in store this week.");
    expect(within(preview).getAllByTestId("preview-variable").map((v) => [v.textContent, v.dataset.filled])).toEqual([
      ["25", "true"],
      ["%", "true"],
    ]);

    expect(await within(detail).findByTestId("template-edit-limits")).toHaveTextContent("A REJECTED template can be edited without Meta's approved-template limits.");
    expect(within(detail).getByTestId("template-edit")).toHaveAttribute("href", `/templates/${SPRING_SALE}/edit`);
    expect(screen.getByTestId(`template-row-${SPRING_SALE}`)).toHaveAttribute("aria-selected", "true");
  });

  it("reads one template again from Meta with Refresh", async () => {
    const replay = healthy();
    const { user } = renderApp({ route: `/templates/${SPRING_SALE}`, replay });
    await user.click(await screen.findByTestId("template-refresh"));
    await waitFor(() => expect(callsOf(replay, "get_template")).toHaveLength(1));
    expect(callsOf(replay, "get_template")[0]?.args).toEqual({ template: { profileId: "sandbox", templateId: SPRING_SALE, name: null, language: null } });
    expect(screen.getByTestId("template-detail")).toHaveAttribute("data-status", "REJECTED");
  });

  it("offers no edit for a DISABLED template and says why, without reading its edit limits", async () => {
    const replay = healthy();
    renderApp({ route: "/templates/1137051647947974", replay });
    const detail = await screen.findByTestId("template-detail");
    expect(detail).toHaveAttribute("data-status", "DISABLED");
    expect(within(detail).getByTestId("template-edit")).toBeDisabled();
    expect(detail).toHaveTextContent("Meta lets only APPROVED, REJECTED and PAUSED templates be edited; this one is DISABLED.");
    expect(within(detail).getByTestId("template-quality")).toHaveTextContent("RED");
    expect(within(detail).queryByTestId("template-rejection")).not.toBeInTheDocument();
    expect(callsOf(replay, "template_edit_limits")).toHaveLength(0);
  });

  it("says so when the URL names a template the synced list does not have", async () => {
    renderApp({ route: "/templates/1999999999999999", replay: healthy() });
    const detail = await screen.findByTestId("template-detail");
    expect(detail).toHaveTextContent("This template is not in the synced list");
    expect(within(detail).getByRole("link", { name: "Back to all templates" })).toHaveAttribute("href", "/templates");
  });

  it("deletes one language after showing Rust's warning about the 30-day block, then lists the rest", async () => {
    const replay = healthy();
    const { user } = renderApp({ route: `/templates/${ORDER_UPDATE_ES}`, replay });

    await user.click(await screen.findByTestId("template-delete"));
    const dialog = await screen.findByTestId("template-delete-dialog");
    expect(within(dialog).getByTestId("delete-scope-language")).toBeChecked();
    expect(dialog).toHaveTextContent("Every language of order_update (2)");
    expect(await within(dialog).findByTestId("delete-warning")).toHaveTextContent(
      "This deletes the es version of template order_update. A deleted APPROVED template's name cannot be used again for 30 days",
    );
    await user.click(within(dialog).getByTestId("delete-scope-name"));
    await waitFor(() => expect(within(dialog).getByTestId("delete-warning")).toHaveTextContent("This deletes template order_update in every language."));
    await user.click(within(dialog).getByTestId("delete-scope-language"));
    await waitFor(() => expect(within(dialog).getByTestId("delete-warning")).toHaveTextContent("the es version"));
    expect(within(dialog).getByTestId("delete-confirm")).toHaveTextContent("Delete es");

    await user.click(within(dialog).getByTestId("delete-confirm"));
    expect(await screen.findByTestId("template-deleted")).toHaveTextContent("Deleted order_update (es). If it was APPROVED, the name order_update cannot be used again for 30 days.");
    expect(screen.queryByTestId("template-detail")).not.toBeInTheDocument();
    await waitFor(() => expect(rows()).toHaveLength(6));
    expect(screen.queryByTestId(`template-row-${ORDER_UPDATE_ES}`)).not.toBeInTheDocument();
    expect(screen.getByTestId(`template-row-${ORDER_UPDATE_EN}`)).toBeInTheDocument();
    expect(callsOf(replay, "delete_template").map((c) => c.args.request)).toEqual([
      { profileId: "sandbox", name: "order_update", language: "es", confirmed: false },
      { profileId: "sandbox", name: "order_update", language: null, confirmed: false },
      { profileId: "sandbox", name: "order_update", language: "es", confirmed: true },
    ]);
  });

  it("syncs once on the first visit of a profile that never synced, then lists what Meta has", async () => {
    const replay = healthy("scenario");
    // Meta takes its time: the sync answers when the test lets it.
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    renderApp({
      route: "/templates",
      replay,
      overrides: {
        sync_templates: async (args) => {
          await answered;
          return replay.run("sync_templates", args);
        },
      },
    });

    expect(await screen.findByText("Reading your templates from Meta…")).toBeInTheDocument();
    expect(screen.getByTestId("templates-sync")).toBeDisabled();
    answer();
    await waitFor(() => expect(rows()).toHaveLength(7));
    expect(screen.getByTestId("templates-synced")).toHaveTextContent("Synced just now");
    expect(callsOf(replay, "sync_templates")).toHaveLength(1);
  });

  it("shows the kept drafts with their names, continues one in the editor and discards another after asking", async () => {
    const replay = healthy("drafts");
    const { user } = renderApp({ route: "/templates", replay });

    const drafts = await screen.findByTestId("template-drafts");
    expect(within(drafts).getByTestId("draft-row-draft1")).toHaveTextContent("order_delayed");
    expect(within(drafts).getByTestId("draft-row-draft2")).toHaveTextContent("Untitled draft");
    expect(within(within(drafts).getByTestId("draft-row-draft1")).getByRole("link", { name: "Continue" })).toHaveAttribute("href", "/templates/new?draft=draft1");

    await user.click(within(within(drafts).getByTestId("draft-row-draft2")).getByRole("button", { name: "Discard" }));
    const confirm = await screen.findByTestId("draft-discard-confirm");
    expect(confirm).toHaveTextContent("Discard Untitled draft?");
    await user.click(within(confirm).getByRole("button", { name: "Discard draft" }));
    await waitFor(() => expect(screen.queryByTestId("draft-row-draft2")).not.toBeInTheDocument());
    expect(screen.getByTestId("draft-row-draft1")).toBeInTheDocument();
    expect(callsOf(replay, "discard_template_draft").map((c) => c.args)).toEqual([{ draftId: "draft2" }]);
  });

  it("virtualizes a long list: only a window of the rows is in the DOM", async () => {
    const replay = healthy();
    const count = 2000;
    renderApp({
      route: "/templates",
      replay,
      overrides: {
        // The recorded listing, its templates repeated under new IDs and names (as a big WABA's sync would give).
        list_templates: (args) => {
          const listing = replay.run("list_templates", args);
          const base = listing.templates;
          const templates = Array.from({ length: count }, (_, i) => {
            const t = base[i % base.length]!;
            return { ...t, id: `77${String(i).padStart(8, "0")}`, name: `${t.name}_${String(i).padStart(4, "0")}` };
          });
          return { ...listing, templates, cached: count };
        },
      },
    });

    await screen.findByTestId("templates-list");
    expect(screen.getByRole("grid", { name: "Templates" })).toHaveAttribute("aria-rowcount", String(count + 1));
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().length).toBeLessThan(50);
  });
});

describe("TemplatesPage following a new template's review", () => {
  const SCHEDULE = recordedAnswer("app_info", {}).templateReviewPoll;
  const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

  // The page is lazy; load it with real time, so fake time never outruns the import.
  beforeAll(() => import("./TemplatesPage"));
  withFakeTimers();

  it("reads a PENDING template on the review schedule until Meta approves it, and updates its row", async () => {
    const replay = healthy("drafts");
    replay.run("discard_template_draft", { draftId: "draft2" });
    // Submitted in the editor, which then opens /templates/<id>.
    const created = replay.run("create_template", {
      request: {
        profileId: "sandbox",
        draft: {
          name: "table_ready",
          language: "en_US",
          category: "UTILITY",
          components: [{ type: "BODY", text: "Hi {{1}}, your table for {{2}} is ready at the front desk.", example: { body_text: [["Maria", "four"]] } }],
        },
        confirmWarnings: false,
        draftId: null,
      },
    });
    const id = created.template.id;
    const createdAt = Date.now();
    const reads: number[] = [];
    renderApp({
      route: `/templates/${id}`,
      replay,
      userOptions: { advanceTimers: (ms) => vi.advanceTimersByTime(ms) },
      overrides: {
        get_template: (args) => {
          reads.push(Date.now() - createdAt);
          return replay.run("get_template", args);
        },
      },
    });
    await advance(0);
    const detail = await screen.findByTestId("template-detail");
    await advance(0);
    expect(detail).toHaveAttribute("data-status", "PENDING");
    expect(screen.getByTestId(`template-row-${id}`)).toHaveAttribute("data-status", "PENDING");
    expect(within(detail).getByTestId("template-review")).toHaveTextContent("In review: checked 1 time, next check in 5 s");
    expect(within(detail).queryByTestId("template-edit-limits")).not.toBeInTheDocument();

    const sinceFirst = () => reads.map((at) => at - (reads[0] ?? 0));
    await advance(40_000);
    expect(sinceFirst()).toEqual([0, 5000, 15_000, 35_000]);
    expect(within(detail).getByTestId("template-review")).toHaveTextContent("checked 4 times, next check in 35 s");

    // The sandbox's reviewer decides after 60 s: the read at 75 s sees APPROVED, and the row changes with it.
    await advance(40_000);
    await waitFor(() => expect(screen.getByTestId("template-detail")).toHaveAttribute("data-status", "APPROVED"));
    expect(screen.getByTestId(`template-row-${id}`)).toHaveAttribute("data-status", "APPROVED");
    expect(screen.queryByTestId("template-review")).not.toBeInTheDocument();
    expect(await screen.findByTestId("template-edit-limits")).toHaveTextContent("An APPROVED template can be edited 1 time per 24 hours");

    // Then no read at all, however long the panel stays open: at most the schedule's reads up to the decision.
    await advance(2 * 3600_000);
    expect(sinceFirst()).toEqual(pollTimes(SCHEDULE).filter((t) => t <= 75_000));
    expect(reads).toHaveLength(5);
  });
});
