// Messages page against the "messages" recordings (the healthy sandbox with the receiver routed: a template read, one
// delivered, one Meta refused with 132001, a customer's reply, a burst of 3, the reply marked as read) and the
// "messages-waiting" ones (no receiver: templates accepted with no status since): the empty log, rows and filters, the
// keyboard and `?id=`, the detail with its timeline and a refusal's diagnosis, the funnel's figures, a burst's progress and
// final figures, mark as read, and a log that reads again while a message waits for Meta.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { withFakeTimers } from "../../test/fakeTimers";
import { renderApp, storeSandboxToken } from "../../test/renderApp";
import { createReplay, recordedAnswer, type Replay } from "../../test/replay";
import { BURST_POLL_MS, STATUS_POLL } from "./queries";

const SANDBOX_APP_SECRET = recordedAnswer("sandbox_info", {}).sampleAppSecret;
const VERIFY_TOKEN = "console-verify-token";
const RECEIVER_URL = "http://127.0.0.1:41017/webhook";

const template = (name: string) => ({ type: "template" as const, name, language: "en_US", components: [] });
const compose = (to: string, name = "hello_world") => ({ request: { profileId: "sandbox", to, message: template(name), sendOutsideWindow: false } });
const BURST = { profileId: "sandbox", template: "hello_world", language: "en_US", count: 3, to: ["+1 650 555 1236"], parameters: [], confirmed: false };

/** Runs a step the recordings answer with an error (Meta's refusal), as the CLI would. */
function runRefused(run: () => unknown) {
  try {
    run();
  } catch {
    return;
  }
  throw new Error("the step was expected to be refused");
}

/** The healthy sandbox of the "messages" session, taken as far as `upTo` (as the CLI and the Send page did). */
function messagesSandbox(upTo: "empty" | "sent" | "burst"): Replay {
  const replay = createReplay();
  storeSandboxToken(replay);
  replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
  if (upTo === "empty") return replay;
  replay.run("sync_templates", { profileId: "sandbox" });
  replay.run("set_app_secret", { request: { profileId: "sandbox", appSecret: SANDBOX_APP_SECRET } });
  replay.run("start_local_receiver", { request: { profileId: "sandbox", port: 0, listenOnAllInterfaces: false, verifyToken: VERIFY_TOKEN } });
  replay.run("subscribe_app", { request: { profileId: "sandbox", overrideCallback: { url: RECEIVER_URL, verifyToken: VERIFY_TOKEN } } });
  replay.run("send_message", compose("16505551234"));
  replay.run("send_message", compose("+1 650 555 1236"));
  runRefused(() => replay.run("send_message", compose("16505551234", "no_such_template")));
  if (upTo === "sent") return replay;
  replay.run("start_burst", { request: BURST });
  return replay;
}

const rows = () => screen.queryAllByTestId("message-row");
const rowIds = () => rows().map((r) => Number(r.getAttribute("data-id")));

/** jsdom lays nothing out: the log's scroll box gets a window's size so the virtualizer renders rows; Radix Select wants
 *  pointer capture and scrolling, which jsdom lacks. */
beforeEach(() => {
  const isScrollBox = (el: HTMLElement) => el.classList.contains("message-log__scroll");
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(function (this: HTMLElement) {
    return isScrollBox(this) ? 560 : 0;
  });
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockImplementation(function (this: HTMLElement) {
    return isScrollBox(this) ? 900 : 0;
  });
  const missing = { hasPointerCapture: () => false, releasePointerCapture: () => undefined, scrollIntoView: () => undefined };
  for (const [name, value] of Object.entries(missing)) {
    if (!(name in Element.prototype)) Object.defineProperty(Element.prototype, name, { value, configurable: true });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Picks `label` in the Radix Select `testId` with the keyboard, as an admin would. */
async function pick(user: ReturnType<typeof renderApp>["user"], testId: string, label: string) {
  await user.click(screen.getByTestId(testId));
  await user.click(await screen.findByRole("option", { name: new RegExp(`^${label}`) }));
}

describe("MessagesPage", () => {
  it("is in the sidebar under Messaging, and says where to send a first message when the log is empty", async () => {
    renderApp({ route: "/messages", replay: messagesSandbox("empty") });
    expect(await screen.findByRole("heading", { level: 1 })).toHaveTextContent(/^Messages$/);
    const links = within(screen.getByRole("navigation")).getAllByRole("link").map((l) => l.textContent);
    expect(links.indexOf("Messages")).toBeGreaterThan(links.indexOf("Templates"));
    expect(await screen.findByText("No message sent yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open the Send page" })).toHaveAttribute("href", "/send");
  });

  it("lists the log newest first with status, pricing and attempts, and filters it", async () => {
    const { user } = renderApp({ route: "/messages", replay: messagesSandbox("sent") });
    await waitFor(() => expect(rowIds()).toEqual([3, 2, 1]));
    expect(screen.getByTestId("message-count")).toHaveTextContent("3 messages, newest first");
    const [refused, delivered, read] = rows();
    expect(within(refused!).getByTestId("message-status")).toHaveAttribute("data-tone", "fail");
    expect(refused).toHaveTextContent("Refused");
    expect(within(delivered!).getByTestId("message-status")).toHaveAttribute("data-tone", "pass");
    expect(delivered).toHaveTextContent("+16505551236");
    expect(read).toHaveTextContent("Read");
    expect(read).toHaveTextContent("utility · billable");
    expect(read).toHaveTextContent("hello_world (en_US)");

    // The recipient as typed, with spaces and a +.
    await user.type(screen.getByTestId("filter-recipient"), "+1 650 555 1236");
    await waitFor(() => expect(rowIds()).toEqual([2]));
    expect(screen.getByTestId("message-count")).toHaveTextContent("1 message matches these filters");
    await user.clear(screen.getByTestId("filter-recipient"));
    await waitFor(() => expect(rowIds()).toEqual([3, 2, 1]));

    await pick(user, "filter-status", "Read");
    await waitFor(() => expect(rowIds()).toEqual([1]));
    await pick(user, "filter-status", "Any status");
    await waitFor(() => expect(rowIds()).toEqual([3, 2, 1]));

    // A search, then a type on top of it: the refused template's name does not match "hello".
    await user.type(screen.getByTestId("filter-search"), "hello");
    await waitFor(() => expect(rowIds()).toEqual([2, 1]));
    await pick(user, "filter-kind", "Template");
    await waitFor(() => expect(screen.getByTestId("message-count")).toHaveTextContent("2 messages match these filters"));
    await pick(user, "filter-kind", "Any type");
    await waitFor(() => expect(rowIds()).toEqual([2, 1]));
    // Escape clears the search.
    await user.click(screen.getByTestId("filter-search"));
    await user.keyboard("{Escape}");
    await waitFor(() => expect(rowIds()).toEqual([3, 2, 1]));

    // Dates that hold nothing: an empty state that clears the filters.
    fireEvent.change(screen.getByTestId("filter-since"), { target: { value: "2020-01-01" } });
    await waitFor(() => expect(rowIds()).toEqual([3, 2, 1]));
    fireEvent.change(screen.getByTestId("filter-until"), { target: { value: "2020-01-31" } });
    expect(await screen.findByText("No message matches these filters")).toBeInTheDocument();
    await user.click(screen.getByTestId("clear-filters"));
    await waitFor(() => expect(rowIds()).toEqual([3, 2, 1]));
    expect(screen.getByTestId("filter-since")).toHaveValue("");
  }, 20_000);

  it("opens the message named by ?id= with its timeline, pricing, IDs and request; arrow keys and Enter open another", async () => {
    const { user } = renderApp({ route: "/messages?id=1", replay: messagesSandbox("sent") });
    const detail = await screen.findByTestId("message-detail");
    await within(detail).findByTestId("message-timeline");
    expect(within(detail).getByTestId("message-status")).toHaveAttribute("data-status", "read");
    expect(within(detail).getByTestId("message-meaning")).toHaveTextContent("The recipient opened it");
    const steps = within(within(detail).getByTestId("message-timeline")).getAllByRole("listitem");
    expect(steps.map((s) => s.getAttribute("data-status"))).toEqual(["sent", "delivered", "read"]);
    expect(within(detail).getByTestId("message-pricing")).toHaveTextContent("utility, billable");
    const wamid = within(detail).getByTestId("message-wamid");
    expect(wamid).toHaveTextContent(/^wamid\./);
    expect(within(wamid).getByRole("button", { name: /^Copy wamid\./ })).toBeInTheDocument();
    expect(within(detail).getByTestId("message-request")).toHaveTextContent('"name": "hello_world"');
    expect(detail).toHaveTextContent(/waba-console-[0-9a-f]{32}/);

    // The opened message is selected in the list; arrow up moves to the newer one and Enter opens it.
    await waitFor(() => expect(rows().find((r) => r.getAttribute("aria-selected") === "true")).toHaveAttribute("data-id", "1"));
    const list = screen.getByTestId("message-list");
    list.focus();
    await user.keyboard("{ArrowUp}");
    expect(list).toHaveAttribute("aria-activedescendant", "message-2");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("message-detail")).toHaveAttribute("data-id", "2"));
    expect(await screen.findByText("It reached the recipient's phone.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Close the message" }));
    expect(screen.queryByTestId("message-detail")).not.toBeInTheDocument();
  });

  it("shows a refused message's error with the catalogue's diagnosis", async () => {
    const { user } = renderApp({ route: "/messages", replay: messagesSandbox("sent") });
    await waitFor(() => expect(rowIds()).toEqual([3, 2, 1]));
    await user.click(rows()[0]!);
    const error = await screen.findByTestId("message-error");
    expect(error).toHaveTextContent("(132001)");
    const card = within(error).getByTestId("diagnosis-card");
    expect(card).toHaveAttribute("data-code", "132001");
    expect(card).toHaveAttribute("data-known", "true");
    expect(within(screen.getByTestId("message-detail")).getByTestId("message-wamid")).toHaveTextContent("Meta did not accept it");
  });

  it("draws the delivery funnel of the last 7 days with counts and shares, refusals beside it", async () => {
    const { user } = renderApp({ route: "/messages", replay: messagesSandbox("sent") });
    await user.click(await screen.findByTestId("messages-tab-funnel"));
    const table = await screen.findByTestId("funnel-table");
    const figures = (step: string) => within(table).getByTestId(`funnel-${step}`).textContent;
    expect(figures("accepted")).toBe("Accepted2100 %");
    expect(figures("delivered")).toBe("Delivered2100 %");
    expect(figures("read")).toBe("Read150 %");
    expect(figures("failed")).toBe("Failed00 %");
    expect(screen.getByTestId("funnel-outside")).toHaveTextContent("1 refused by Meta");
    expect(screen.getByTestId("funnel-period-week")).toHaveAttribute("aria-pressed", "true");
    const bar = (step: string) => Number(screen.getByTestId(`funnel-bar-${step}`).getAttribute("width"));
    expect(bar("read")).toBeCloseTo(bar("accepted") / 2);
    expect(bar("failed")).toBe(0);
  });

  it("runs a burst of an approved template with its live figures, and keeps the final ones", async () => {
    const { user, replay } = renderApp({ route: "/messages?tab=burst", replay: messagesSandbox("sent") });
    expect(await screen.findByText(/Leave it empty to send to the sandbox's test recipients/)).toBeInTheDocument();
    expect(screen.getByTestId("burst-start")).toBeDisabled();
    await pick(user, "burst-template", "hello_world · en_US");
    await user.clear(screen.getByTestId("burst-count"));
    await user.type(screen.getByTestId("burst-count"), "3");
    await user.type(screen.getByTestId("burst-recipients"), "+1 650 555 1236");
    await user.click(screen.getByTestId("burst-start"));

    // The start answers the first figures: running, with Cancel offered.
    const progress = await screen.findByTestId("burst-progress");
    expect(progress).toHaveAttribute("data-state", "running");
    expect(screen.getByTestId("burst-cancel")).toBeEnabled();
    expect(replay.calls.filter((c) => c.command === "start_burst")).toHaveLength(1);
    // Read again about four times a second until it ends; then the final figures stay.
    await waitFor(() => expect(screen.getByTestId("burst-progress")).toHaveAttribute("data-state", "done"), { timeout: BURST_POLL_MS * 8 });
    expect(screen.getByTestId("burst-state")).toHaveTextContent("Done");
    expect(progress).toHaveTextContent("3 of 3 sent");
    expect(screen.getByTestId("burst-accepted")).toHaveTextContent("3");
    expect(screen.getByTestId("burst-throttled")).toHaveTextContent("0");
    expect(screen.getByTestId("burst-rate")).toHaveTextContent("of 80 allowed");
    expect(screen.getByRole("progressbar", { name: "Messages sent" })).toHaveAttribute("aria-valuenow", "3");
    expect(screen.queryByTestId("burst-cancel")).not.toBeInTheDocument();
    const reads = replay.calls.filter((c) => c.command === "burst_progress").length;
    await act(() => new Promise((resolve) => setTimeout(resolve, BURST_POLL_MS * 3)));
    expect(replay.calls.filter((c) => c.command === "burst_progress")).toHaveLength(reads);
  });

  it("lists the customer's reply and marks it as read", async () => {
    const { user, replay } = renderApp({ route: "/messages?tab=inbound", replay: messagesSandbox("burst") });
    const reply = await screen.findByTestId("inbound-message");
    expect(reply).toHaveTextContent("Thanks, got it!");
    expect(reply).toHaveTextContent("+16505551235");
    await user.click(within(reply).getByTestId("inbound-mark-read"));
    expect(await within(reply).findByTestId("inbound-marked")).toHaveTextContent("Marked as read");
    expect(within(reply).getByTestId("inbound-mark-read")).toBeDisabled();
    expect(replay.calls.filter((c) => c.command === "mark_message_read").map((c) => c.ok)).toEqual([true]);
  });
});

describe("MessagesPage while Meta has not answered", () => {
  withFakeTimers();

  it("reads the log again while a message waits for its statuses, so a new one shows up without a reload", async () => {
    const replay = createReplay();
    storeSandboxToken(replay);
    replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
    replay.run("send_message", compose("16505551235"));
    renderApp({ route: "/messages", replay, userOptions: { advanceTimers: (ms) => vi.advanceTimersByTime(ms) } });
    await waitFor(() => expect(rowIds()).toEqual([1]));
    expect(rows()[0]).toHaveAttribute("data-status", "accepted");
    expect(within(rows()[0]!).getByTestId("message-status")).toHaveAttribute("data-tone", "neutral");

    // The CLI sends another; the page reads the log again after the first wait of its backoff.
    replay.run("send_message", compose("16505551236"));
    const reads = () => replay.calls.filter((c) => c.command === "message_log").length;
    const before = reads();
    await act(() => vi.advanceTimersByTimeAsync(STATUS_POLL.firstMs));
    await waitFor(() => expect(rowIds()).toEqual([2, 1]));
    expect(reads()).toBe(before + 1);
    // A new message waiting restarts the backoff at its first wait; after that, less and less often.
    await act(() => vi.advanceTimersByTimeAsync(STATUS_POLL.firstMs));
    expect(reads()).toBe(before + 2);
    await act(() => vi.advanceTimersByTimeAsync(STATUS_POLL.firstMs));
    expect(reads()).toBe(before + 2);
    await act(() => vi.advanceTimersByTimeAsync(STATUS_POLL.firstMs));
    expect(reads()).toBe(before + 3);
  });
});
