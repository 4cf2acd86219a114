// Webhooks page, app secret and local receiver, against the "webhooks-receiver" recordings of the fresh sandbox: an empty
// secret refused with Rust's message, the sandbox's secret stored and removed behind a confirmation, the receiver started
// on any free port, the callback URL for a tunnel, a restart, a signed test event found in the live feed (filtered, searched, opened,
// its raw JSON), and the receiver stopped.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderApp, storeSandboxToken } from "../../test/renderApp";
import { withFakeTimers } from "../../test/fakeTimers";
import { createReplay, recordedAnswer, type Replay } from "../../test/replay";
import { FEED_POLL_MS } from "./queries";

const SANDBOX_APP_SECRET = recordedAnswer("sandbox_info", {}).sampleAppSecret;
const VERIFY_TOKEN = "console-verify-token";
const START = { profileId: "sandbox", port: 0, listenOnAllInterfaces: false, verifyToken: VERIFY_TOKEN };

/** The fresh sandbox with its token, taken as far as `upTo` of the recorded session (as the CLI would). */
function sandbox(upTo: "token" | "secret" | "stopped") {
  const replay = createReplay();
  storeSandboxToken(replay);
  if (upTo === "token") return replay;
  replay.run("set_app_secret", { request: { profileId: "sandbox", appSecret: SANDBOX_APP_SECRET } });
  if (upTo === "secret") return replay;
  replay.run("start_local_receiver", { request: START });
  replay.run("send_test_webhook_event", { profileId: "sandbox" });
  replay.run("stop_local_receiver", {});
  return replay;
}

const feedRows = () => within(screen.getByTestId("event-feed")).queryAllByTestId("event-row");

/** jsdom lays nothing out: the feed's scroll box gets the size a window would give it, so the virtualizer renders rows. */
beforeEach(() => {
  const isScrollBox = (el: HTMLElement) => el.classList.contains("event-feed__scroll");
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(function (this: HTMLElement) {
    return isScrollBox(this) ? 480 : 0;
  });
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockImplementation(function (this: HTMLElement) {
    return isScrollBox(this) ? 900 : 0;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("WebhooksPage", () => {
  it("is in the sidebar under Setup, after Numbers and the business profile", async () => {
    renderApp({ route: "/webhooks", withToken: true });
    expect(await screen.findByRole("heading", { level: 1 })).toHaveTextContent(/^Webhooks$/);
    const links = within(screen.getByRole("navigation")).getAllByRole("link").map((l) => l.textContent);
    expect(links.indexOf("Webhooks")).toBe(links.indexOf("Business profile") + 1);
    expect(links.indexOf("Business profile")).toBe(links.indexOf("Numbers") + 1);
  });

  it("refuses an empty app secret with what to paste, and stores the sandbox's one without showing it again", async () => {
    const { user, replay } = renderApp({ route: "/webhooks", replay: sandbox("token") });
    const state = await screen.findByTestId("app-secret-state");
    expect(state).toHaveAttribute("data-stored", "false");
    expect(screen.getByTestId("receiver-start")).toBeDisabled();
    expect(screen.getByTestId("receiver-needs-secret")).toHaveTextContent("store it above first");

    const input = screen.getByTestId("app-secret-input");
    expect(input).toHaveAttribute("type", "password");
    await user.click(screen.getByTestId("app-secret-save"));
    expect(await screen.findByText(/The app secret is empty\. Copy it from App Dashboard > App settings > Basic/)).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-invalid", "true");

    await user.click(await screen.findByTestId("app-secret-use-sample"));
    expect(input).toHaveValue(SANDBOX_APP_SECRET);
    // Enter submits.
    await user.type(input, "{Enter}");
    await waitFor(() => expect(screen.getByTestId("app-secret-state")).toHaveAttribute("data-stored", "true"));
    expect(input).toHaveValue("");
    expect(screen.getByTestId("app-secret-saved")).toHaveTextContent("Stored in the keychain");
    expect(screen.getByTestId("receiver-start")).toBeEnabled();
    expect(replay.calls.filter((c) => c.command === "set_app_secret").map((c) => c.ok)).toEqual([false, true]);
    // The stored value is never read back into the page.
    expect(document.body.innerHTML.split(SANDBOX_APP_SECRET).length - 1).toBe(1); // the sandbox callout's public sample only
  });

  it("removes a stored app secret only after the confirmation", async () => {
    const { user, replay } = renderApp({ route: "/webhooks", replay: sandbox("stopped") });
    await waitFor(() => expect(screen.getByTestId("app-secret-state")).toHaveAttribute("data-stored", "true"));

    await user.click(screen.getByTestId("app-secret-remove"));
    const dialog = await screen.findByTestId("app-secret-remove-dialog");
    expect(dialog).toHaveTextContent("The receiver can no longer start");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(replay.calls.some((c) => c.command === "clear_app_secret")).toBe(false);

    await user.click(screen.getByTestId("app-secret-remove"));
    await user.click(within(await screen.findByTestId("app-secret-remove-dialog")).getByRole("button", { name: "Remove app secret" }));
    await waitFor(() => expect(screen.getByTestId("app-secret-state")).toHaveAttribute("data-stored", "false"));
    expect(screen.getByTestId("app-secret-removed")).toHaveTextContent("removed from the keychain");
    expect(screen.getByTestId("receiver-start")).toBeDisabled();
  });

  it("starts the receiver on any free port, gives the callback URL for a tunnel, restarts and stops it", async () => {
    const { user, replay } = renderApp({ route: "/webhooks", replay: sandbox("secret") });
    const state = await screen.findByTestId("receiver-state");
    expect(state).toHaveAttribute("data-running", "false");
    const port = screen.getByTestId("receiver-port");
    // The port the receiver proposes the first time.
    expect(port).toHaveValue("8787");

    fireEvent.change(port, { target: { value: "70000" } });
    await user.click(screen.getByTestId("receiver-start"));
    expect(await screen.findByText(/The port is a whole number from 1 to 65535, or 0/)).toBeInTheDocument();
    expect(replay.calls.some((c) => c.command === "start_local_receiver")).toBe(false);

    await user.click(screen.getByTestId("receiver-all-interfaces"));
    expect(screen.getByTestId("receiver-all-interfaces-warning")).toHaveTextContent("Other machines that can reach this one");
    await user.click(screen.getByTestId("receiver-all-interfaces"));
    expect(screen.queryByTestId("receiver-all-interfaces-warning")).not.toBeInTheDocument();

    fireEvent.change(port, { target: { value: "0" } });
    const verifyToken = screen.getByTestId("receiver-verify-token");
    expect(verifyToken).toHaveAttribute("type", "password");
    fireEvent.change(verifyToken, { target: { value: VERIFY_TOKEN } });
    await user.type(verifyToken, "{Enter}");

    await waitFor(() => expect(screen.getByTestId("receiver-state")).toHaveAttribute("data-running", "true"));
    expect(screen.getByTestId("receiver-url")).toHaveTextContent("http://127.0.0.1:41017/webhook");
    expect(screen.getByTestId("receiver-state")).toHaveTextContent("checking signatures with the app secret of “Sandbox”");
    expect(screen.getByTestId("receiver-start")).toHaveTextContent("Restart");
    expect(screen.getByTestId("receiver-tunnel-hint")).toHaveTextContent("cloudflared tunnel --url http://127.0.0.1:41017");

    const base = screen.getByTestId("receiver-tunnel-base");
    fireEvent.change(base, { target: { value: "http://plain.example.com" } });
    expect(screen.getByText("Meta calls https:// callback URLs only: paste the tunnel's https address.")).toBeInTheDocument();
    fireEvent.change(base, { target: { value: "https://quiet-fox.trycloudflare.com/" } });
    expect(screen.getByTestId("receiver-callback-url")).toHaveTextContent("https://quiet-fox.trycloudflare.com/webhook");
    expect(within(screen.getByTestId("receiver-callback-url")).getByRole("button", { name: /Copy/ })).toBeInTheDocument();

    // Restart sends the same form again (the verify token stays in its field).
    await user.click(screen.getByTestId("receiver-start"));
    await waitFor(() => expect(replay.calls.filter((c) => c.command === "start_local_receiver")).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId("receiver-start")).toBeEnabled());
    expect(screen.getByTestId("receiver-state")).toHaveAttribute("data-running", "true");

    await user.click(screen.getByTestId("receiver-stop"));
    await waitFor(() => expect(screen.getByTestId("receiver-state")).toHaveAttribute("data-running", "false"));
    expect(screen.getByTestId("send-test-event")).toBeDisabled();
    expect(replay.calls.filter((c) => c.command === "start_local_receiver").map((c) => c.args)).toEqual([{ request: START }, { request: START }]);
  });

  it("sends a signed test event and finds it in the live feed, filtered, searched and opened with its raw JSON", async () => {
    const replay = sandbox("secret");
    replay.run("start_local_receiver", { request: START });
    const { user } = renderApp({ route: "/webhooks", replay });

    expect(await screen.findByText("No webhook event stored yet")).toBeInTheDocument();
    expect(screen.getByTestId("event-feed")).toHaveTextContent("press “Send a test event”");
    await user.click(await screen.findByTestId("send-test-event"));
    expect(await screen.findByTestId("test-event-result")).toHaveTextContent(
      /The receiver checked the signature and stored a signed status\.sent event for message wamid\.console-test-\w+ before answering 200/,
    );
    await waitFor(() => expect(feedRows()).toHaveLength(1));
    const row = feedRows()[0]!;
    expect(row).toHaveAttribute("data-kind", "status.sent");
    expect(row).toHaveTextContent("sent for 16505551234");
    // The number as the webhook's metadata displays it.
    expect(row).toHaveTextContent("15550100199");
    expect(screen.getByTestId("event-count")).toHaveTextContent("1 event.");

    await user.click(row);
    const detail = await screen.findByTestId("event-detail");
    expect(detail).toHaveTextContent("service · free_customer_service · PMP · not billable");
    expect(within(detail).getByText("Recipient").nextElementSibling).toHaveTextContent("16505551234");
    expect(within(detail).getByText("Phone number ID").nextElementSibling).toHaveTextContent("106540352242922");
    expect(screen.queryByTestId("event-raw")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("event-raw-toggle"));
    expect(screen.getByTestId("event-raw")).toHaveTextContent('"recipient_id": "16505551234"');
    expect(screen.getByTestId("event-raw")).toHaveTextContent('"pricing_model": "PMP"');

    await user.click(screen.getByTestId("event-filter-message."));
    expect(await screen.findByText("No event matches this filter")).toBeInTheDocument();
    await user.click(screen.getByTestId("event-filter-status."));
    await waitFor(() => expect(feedRows()).toHaveLength(1));
    await user.click(screen.getByTestId("event-filter-all"));

    fireEvent.change(screen.getByTestId("event-search"), { target: { value: "nothing like this" } });
    expect(await screen.findByText("No event matches this filter")).toBeInTheDocument();
    fireEvent.change(screen.getByTestId("event-search"), { target: { value: "sent" } });
    await waitFor(() => expect(feedRows()).toHaveLength(1));

    // One read per filter, none per keystroke.
    const filters = replay.calls.filter((c) => c.command === "webhook_events").map((c) => c.args.filter as { kindPrefix: string | null; search: string | null });
    expect(filters.every((f) => [null, "message.", "status."].includes(f.kindPrefix) && [null, "sent", "nothing like this"].includes(f.search))).toBe(true);
  });
});

describe("WebhooksPage's live feed", () => {
  withFakeTimers();

  const feedReads = (replay: Replay) => replay.calls.filter((c) => c.command === "webhook_events").length;
  function setVisibility(state: "visible" | "hidden") {
    vi.spyOn(document, "visibilityState", "get").mockReturnValue(state);
    act(() => {
      document.dispatchEvent(new Event("visibilitychange"));
    });
  }

  it("shows an event stored meanwhile within one poll, and reads nothing while the window is hidden", async () => {
    const replay = sandbox("secret");
    replay.run("start_local_receiver", { request: START });
    renderApp({ route: "/webhooks", replay });
    expect(await screen.findByText("No webhook event stored yet")).toBeInTheDocument();

    // The CLI (or Meta through a tunnel) gets an event to the receiver; the feed shows it at its next read.
    replay.run("send_test_webhook_event", { profileId: "sandbox" });
    await act(() => vi.advanceTimersByTimeAsync(FEED_POLL_MS));
    await waitFor(() => expect(feedRows()).toHaveLength(1));

    setVisibility("hidden");
    const whileVisible = feedReads(replay);
    await act(() => vi.advanceTimersByTimeAsync(FEED_POLL_MS * 5));
    expect(feedReads(replay)).toBe(whileVisible);

    setVisibility("visible");
    await act(() => vi.advanceTimersByTimeAsync(FEED_POLL_MS));
    expect(feedReads(replay)).toBeGreaterThan(whileVisible);
  });
});
