// Webhooks page, the probe, against the "webhooks-probe" recordings of the fresh sandbox with the receiver running: no probe
// yet, a URL that is not one refused with Rust's message, then the receiver itself probed with its progress shown while it
// runs: every step as a row (HTTPS fails, it is plain http on this machine; the rest pass), the report kept as the last
// probe on the next visit, and the probe's signed event in the feed.
import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderApp, storeSandboxToken } from "../../test/renderApp";
import { createReplay, recordedAnswer } from "../../test/replay";

const SANDBOX_APP_SECRET = recordedAnswer("sandbox_info", {}).sampleAppSecret;
const VERIFY_TOKEN = "console-verify-token";
const RECEIVER = "http://127.0.0.1:41017/webhook";

function withReceiver() {
  const replay = createReplay();
  storeSandboxToken(replay);
  replay.run("set_app_secret", { request: { profileId: "sandbox", appSecret: SANDBOX_APP_SECRET } });
  replay.run("start_local_receiver", { request: { profileId: "sandbox", port: 0, listenOnAllInterfaces: false, verifyToken: VERIFY_TOKEN } });
  return replay;
}

const steps = (): Record<string, string | undefined> =>
  Object.fromEntries(screen.getAllByTestId("probe-step").map((row) => [row.dataset.step ?? "", row.dataset.state]));

/** The feed's scroll box gets a window's size, so the virtualizer renders its rows in jsdom. */
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(function (this: HTMLElement) {
    return this.classList.contains("event-feed__scroll") ? 480 : 0;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("WebhooksPage, probe", () => {
  it("refuses a URL that is not one, probes the receiver like Meta with progress, and explains each step", async () => {
    /** The probe of a real URL answers when the test says so, so its progress can be seen. */
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const { user, replay } = renderApp({
      route: "/webhooks",
      replay: withReceiver(),
      overrides: {
        probe_webhook: async (args, replay) => {
          if (args.request.callbackUrl !== "not a url") await answered;
          return replay.run("probe_webhook", args);
        },
      },
    });
    expect(await screen.findByText("No probe yet")).toBeInTheDocument();

    const url = screen.getByTestId("probe-url");
    await user.type(url, "not a url");
    await user.type(screen.getByTestId("probe-verify-token"), VERIFY_TOKEN);
    expect(screen.getByTestId("probe-verify-token")).toHaveAttribute("type", "password");
    await user.click(screen.getByTestId("probe-run"));
    expect(await screen.findByText(/"not a url" is not a URL/)).toBeInTheDocument();
    expect(url).toHaveAttribute("aria-invalid", "true");

    await user.clear(url);
    await user.type(url, `${RECEIVER}{Enter}`);
    expect(await screen.findByTestId("probe-running")).toHaveTextContent("up to about 50 s");
    expect(screen.getByTestId("probe-run")).toBeDisabled();
    answer();

    const report = await screen.findByTestId("probe-report");
    expect(report).toHaveAttribute("data-passed", "false");
    expect(screen.queryByTestId("probe-running")).not.toBeInTheDocument();
    expect(steps()).toEqual({ https: "fail", certificate: "skipped", challenge: "pass", wrongToken: "pass", signedPost: "pass", forgedPost: "pass" });
    const https = screen.getAllByTestId("probe-step")[0]!;
    expect(https).toHaveTextContent("The URL is plain http://: Meta only calls https:// callback URLs.");
    expect(https).toHaveTextContent("What to do Serve the endpoint over HTTPS");
    const challenge = screen.getAllByTestId("probe-step").find((row) => row.dataset.step === "challenge")!;
    expect(challenge).toHaveTextContent("Answered 200 with the raw challenge");
    expect(challenge).toHaveTextContent(/HTTP 200 in \d+ ms/);
    expect(screen.getByTestId("probe-summary")).toHaveTextContent("Meta would not accept this endpoint yet (failed: HTTPS");
    expect(replay.calls.filter((c) => c.command === "probe_webhook").map((c) => c.ok)).toEqual([false, true]);

    // The probe's signed event reached the receiver, which stored it.
    await waitFor(() => expect(within(screen.getByTestId("event-feed")).getAllByTestId("event-row")).toHaveLength(1), { timeout: 5000 });
  });

  it("shows the last probe on the next visit", async () => {
    const replay = withReceiver();
    replay.run("probe_webhook", { request: { profileId: "sandbox", callbackUrl: RECEIVER, verifyToken: VERIFY_TOKEN } });
    renderApp({ route: "/webhooks", replay });
    const report = await screen.findByTestId("probe-report");
    expect(report).toHaveTextContent("Last probe");
    expect(report).toHaveTextContent(RECEIVER);
    expect(steps()).toMatchObject({ https: "fail", challenge: "pass" });
  });
});
