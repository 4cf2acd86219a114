// Webhooks page, subscription and routing, against the "webhooks-routing" recordings of the fresh sandbox (not subscribed)
// with the receiver running: the app part without an app secret, a number override refused before subscribing (Meta's
// order), Subscribe, the app's webhook set to the receiver, the WABA override (an empty verify token refused first) and the
// number override each winning in turn, cleared the other way round, and Unsubscribe behind a confirmation.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp, storeSandboxToken } from "../../test/renderApp";
import { createReplay, recordedAnswer } from "../../test/replay";

const SANDBOX_APP_SECRET = recordedAnswer("sandbox_info", {}).sampleAppSecret;
const VERIFY_TOKEN = "console-verify-token";
/** The receiver's address as the recordings hold it. */
const RECEIVER = "http://127.0.0.1:41017/webhook";
const CALLBACK = { url: RECEIVER, verifyToken: VERIFY_TOKEN };
const PROPOSED_FIELDS = ["messages", "message_template_status_update", "phone_number_quality_update", "phone_number_name_update", "account_update"];

/** The fresh sandbox with its token, app secret and the receiver running, taken as far as `upTo` (as the CLI would). */
function withReceiver(upTo: "started" | "app webhook" = "started") {
  const replay = createReplay();
  storeSandboxToken(replay);
  replay.run("set_app_secret", { request: { profileId: "sandbox", appSecret: SANDBOX_APP_SECRET } });
  replay.run("start_local_receiver", { request: { profileId: "sandbox", port: 0, listenOnAllInterfaces: false, verifyToken: VERIFY_TOKEN } });
  if (upTo === "started") return replay;
  try {
    replay.run("set_number_override", { request: { profileId: "sandbox", phoneNumberId: null, overrideCallback: CALLBACK } });
  } catch {
    // Refused: the app is not subscribed yet.
  }
  replay.run("subscribe_app", { request: { profileId: "sandbox", overrideCallback: null } });
  replay.run("set_app_webhook", { request: { profileId: "sandbox", callbackUrl: RECEIVER, verifyToken: VERIFY_TOKEN, fields: PROPOSED_FIELDS } });
  return replay;
}

const winners = () => (["app", "waba", "number"] as const).filter((level) => screen.getByTestId(`routing-level-${level}`).dataset.winner === "true");

describe("WebhooksPage, subscription and routing", () => {
  it("says the app secret is needed for the app's webhook, and that nothing is delivered while the WABA is not subscribed", async () => {
    renderApp({ route: "/webhooks", withToken: true });
    const state = await screen.findByTestId("subscription-state");
    expect(state).toHaveAttribute("data-subscribed", "false");
    expect(screen.getByTestId("subscription-card")).toHaveTextContent("is not subscribed to WABA 102290129340398, so none of its webhooks arrive");
    expect(screen.getByTestId("app-webhook-needs-secret")).toHaveTextContent("Store it in part 1 above");
    expect(winners()).toEqual([]);
    expect(screen.getByTestId("routing-level-app")).toHaveTextContent("not set");
    expect(screen.getByTestId("routing-order-note")).toHaveTextContent("subscribe the app to the WABA first");
    // Without a running receiver there is nothing to fill in.
    expect(screen.getByTestId("override-use-receiver")).toBeDisabled();
  });

  it("refuses a number override before subscribing, subscribes, and sets the app's webhook to the local receiver", async () => {
    const { user, replay } = renderApp({ route: "/webhooks", replay: withReceiver() });
    await waitFor(() => expect(screen.getByTestId("subscription-state")).toHaveAttribute("data-subscribed", "false"));

    // Meta takes an override only once the app is subscribed: the refusal says so.
    const numberForm = screen.getByTestId("override-number-form");
    await user.click(within(numberForm).getByTestId("override-number-use-receiver"));
    expect(within(numberForm).getByTestId("override-number-url")).toHaveValue(RECEIVER);
    await user.type(within(numberForm).getByTestId("override-number-verify-token"), VERIFY_TOKEN);
    await user.click(within(numberForm).getByTestId("override-number-save"));
    expect(await within(numberForm).findByTestId("error-card")).toHaveTextContent("Meta takes an override only after that");

    await user.click(screen.getByTestId("subscribe-button"));
    await waitFor(() => expect(screen.getByTestId("subscription-state")).toHaveAttribute("data-subscribed", "true"));
    expect(screen.getByTestId("unsubscribe-button")).toBeInTheDocument();

    // The app has no callback: both warnings, messages first among the proposed fields.
    const warnings = screen.getAllByTestId("app-webhook-warning").map((w) => w.textContent);
    expect(warnings.some((w) => w?.includes("does not deliver the messages field"))).toBe(true);
    for (const field of PROPOSED_FIELDS) expect(screen.getByTestId(`app-webhook-field-${field}`)).toBeChecked();
    expect(screen.getByTestId("app-webhook-field-security")).not.toBeChecked();
    await user.click(screen.getByTestId("app-webhook-field-messages"));
    expect(screen.getByTestId("app-webhook-messages-unchecked")).toHaveTextContent("Without messages");
    await user.click(screen.getByTestId("app-webhook-field-messages"));

    await user.click(screen.getByTestId("app-webhook-use-receiver"));
    await user.type(screen.getByTestId("app-webhook-verify-token"), VERIFY_TOKEN);
    await user.click(screen.getByTestId("app-webhook-save"));
    expect(await screen.findByTestId("app-webhook-saved")).toBeInTheDocument();
    await waitFor(() => expect(winners()).toEqual(["app"]));
    expect(screen.getByTestId("app-webhook-fields")).toHaveTextContent("messages v27.0");
    expect(screen.queryByTestId("app-webhook-warning")).not.toBeInTheDocument();
    expect(screen.getByTestId("routing-explanation")).toHaveTextContent("to the app's callback http://127.0.0.1:41017/webhook");
    expect(replay.calls.filter((c) => c.command === "set_app_webhook").map((c) => c.args)).toEqual([
      { request: { profileId: "sandbox", callbackUrl: RECEIVER, verifyToken: VERIFY_TOKEN, fields: PROPOSED_FIELDS } },
    ]);
  });

  it("sets the WABA override and then the number override, each winning, clears them the other way round, and unsubscribes after a confirmation", async () => {
    const { user, replay } = renderApp({ route: "/webhooks", replay: withReceiver("app webhook") });
    await waitFor(() => expect(winners()).toEqual(["app"]));

    const wabaForm = screen.getByTestId("override-waba-form");
    await user.click(within(wabaForm).getByTestId("override-use-receiver"));
    await user.click(within(wabaForm).getByTestId("override-waba-save"));
    expect(await within(wabaForm).findByText("The verify token is empty; give the string your endpoint compares hub.verify_token with.")).toBeInTheDocument();
    // Nothing typed is lost.
    expect(within(wabaForm).getByTestId("override-waba-url")).toHaveValue(RECEIVER);
    await user.type(within(wabaForm).getByTestId("override-waba-verify-token"), VERIFY_TOKEN);
    await user.click(within(wabaForm).getByTestId("override-waba-save"));
    await waitFor(() => expect(winners()).toEqual(["waba"]));
    expect(screen.getByTestId("routing-level-waba")).toHaveTextContent(RECEIVER);
    expect(within(wabaForm).getByTestId("override-waba-url")).toHaveValue("");

    const numberForm = screen.getByTestId("override-number-form");
    await user.click(within(numberForm).getByTestId("override-number-use-receiver"));
    await user.type(within(numberForm).getByTestId("override-number-verify-token"), VERIFY_TOKEN);
    await user.click(within(numberForm).getByTestId("override-number-save"));
    await waitFor(() => expect(winners()).toEqual(["number"]));

    await user.click(await screen.findByTestId("override-number-clear"));
    await waitFor(() => expect(winners()).toEqual(["waba"]));
    await user.click(screen.getByTestId("override-waba-clear"));
    await waitFor(() => expect(winners()).toEqual(["app"]));

    await user.click(screen.getByTestId("unsubscribe-button"));
    const dialog = await screen.findByTestId("unsubscribe-dialog");
    expect(dialog).toHaveTextContent("no message, status or template webhook arrives after this");
    await user.click(within(dialog).getByRole("button", { name: "Unsubscribe" }));
    await waitFor(() => expect(screen.getByTestId("subscription-state")).toHaveAttribute("data-subscribed", "false"));
    expect(replay.calls.filter((c) => c.command === "subscribe_app").map((c) => (c.args.request as { overrideCallback: unknown }).overrideCallback)).toEqual([
      // The subscription taken before the window opened.
      null,
      { url: RECEIVER, verifyToken: "" },
      CALLBACK,
      null,
    ]);
  });
});
