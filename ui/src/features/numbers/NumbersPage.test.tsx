// Numbers page: the table and health panel, PIN validation, the ownership code, register with its budget,
// confirmation past the 7th attempt and progress until CONNECTED, errors with a diagnosis, deregister, and the ID check.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createReplay, type Replay } from "../../test/replay";
import { renderApp, storeSandboxToken } from "../../test/renderApp";

const OWN = "106540352242922";
/** The sandbox's third number, whose display name is still in review. */
const IN_REVIEW = "110544395163118";

/** The register calls sent so far (by the window and by "the CLI"), none retried automatically. */
const registerCalls = (replay: Replay) => replay.calls.filter((c) => c.command === "register_number").length;

/** A register call made outside the window (the CLI, meanwhile); Meta's refusal is what it gets. */
function registerElsewhere(replay: Replay, confirmed: boolean) {
  try {
    replay.run("register_number", { request: { profileId: "sandbox", phoneNumberId: OWN, pin: "111111", dataLocalizationRegion: null, confirmed } });
  } catch {
    // 133006: the number's ownership is not verified.
  }
}

describe("NumbersPage", () => {
  it("lists the WABA's numbers and opens the profile's own number in the health panel", async () => {
    const { user } = renderApp({ route: "/numbers", withToken: true });

    const table = await screen.findByTestId("numbers-table");
    expect(within(table).getByTestId(`number-row-${OWN}`)).toHaveTextContent("This profile");
    expect(within(table).getByTestId(`number-row-${OWN}`)).toHaveAttribute("aria-selected", "true");
    const panel = await screen.findByTestId("number-health");
    expect(panel).toHaveAttribute("data-status", "PENDING");
    expect(panel).toHaveTextContent("+1 555-010-0199");
    expect(panel).toHaveTextContent("not registered yet");
    expect(panel).toHaveTextContent("NOT_VERIFIED");
    expect(panel).toHaveTextContent("BLOCKED");
    // A BLOCKED number: Meta's errors under "blocks", no "limits" list.
    expect(within(panel).getByTestId("health-issues")).toHaveTextContent("What Meta says blocks sending");
    expect(within(panel).getByTestId("health-issues")).toHaveTextContent("(133010)");
    expect(within(panel).queryByTestId("health-notes")).not.toBeInTheDocument();
    expect(panel).toHaveTextContent("Shared by every number of the business portfolio. A falling quality rating does not lower it.");
    expect(screen.getByTestId("numbers-read-ago")).toHaveTextContent(/read \d+ s ago/);

    // Another row opens that number's panel: connected, YELLOW, and nothing limits or blocks its sending.
    await user.click(within(table).getByRole("link", { name: "+1 555-010-0142" }));
    await waitFor(() => expect(screen.getByTestId("number-health")).toHaveAttribute("data-status", "CONNECTED"));
    const other = screen.getByTestId("number-health");
    expect(other).toHaveTextContent("Sandbox Support");
    expect(other).toHaveTextContent("YELLOW");
    expect(within(other).queryByTestId("health-notes")).not.toBeInTheDocument();
    expect(within(other).queryByTestId("health-issues")).not.toBeInTheDocument();
    expect(within(other).getByText("Calls over SIP").nextElementSibling).toHaveTextContent("AVAILABLE");
  });

  it("shows a CONNECTED number whose display name is in review as LIMITED, with Meta's reason under what limits sending", async () => {
    // The healthy sandbox's third number, verified and registered from the CLI meanwhile (no provisioning wait).
    const replay = createReplay();
    storeSandboxToken(replay);
    replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
    replay.sandbox({ provisioningDelayMs: 0 });
    const number = { profileId: "sandbox", phoneNumberId: IN_REVIEW };
    replay.run("request_code", { request: { ...number, method: "sms", language: "en_US" } });
    replay.run("verify_code", { request: { ...number, code: "123456" } });
    replay.run("register_number", { request: { ...number, pin: "135790", dataLocalizationRegion: null, confirmed: false } });
    const { user } = renderApp({ route: "/numbers", replay });

    const table = await screen.findByTestId("numbers-table");
    await user.click(within(table).getByRole("link", { name: "+1 555-010-0173" }));
    await waitFor(() => expect(screen.getByTestId("number-health")).toHaveAttribute("data-status", "CONNECTED"));
    const panel = screen.getByTestId("number-health");
    expect(within(panel).getByTestId("health-can-send")).toHaveTextContent("LIMITED");
    expect(within(panel).getByTestId("health-notes")).toHaveTextContent("What Meta says limits sending");
    expect(within(panel).getByTestId("health-notes")).toHaveTextContent("Your display name has not been approved yet.");
    // LIMITED is not BLOCKED: no errors list.
    expect(within(panel).queryByTestId("health-issues")).not.toBeInTheDocument();
  });

  it("checks the PIN is six digits before sending it, and clears it after", async () => {
    const { user, replay } = renderApp({ route: "/numbers", withToken: true });
    const input = await screen.findByTestId("pin-input");
    expect(input).toHaveAttribute("type", "password");
    expect(input).toHaveAttribute("maxLength", "6");

    await user.type(input, "12a4");
    await user.click(screen.getByTestId("set-pin"));
    expect(await screen.findByText("The PIN must be exactly six digits (0–9).")).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(replay.calls.some((c) => c.command === "set_pin")).toBe(false);

    await user.clear(input);
    await user.type(input, "246810");
    await user.click(screen.getByTestId("set-pin"));
    expect(await screen.findByTestId("pin-saved")).toBeInTheDocument();
    expect(input).toHaveValue("");
    expect(replay.calls.filter((c) => c.command === "set_pin")).toEqual([
      { command: "set_pin", args: { request: { profileId: "sandbox", phoneNumberId: OWN, pin: "246810", remember: false } }, ok: true },
    ]);
  });

  it("refuses to register an unverified number with 133006, then verifies the code and registers until CONNECTED", async () => {
    const { user } = renderApp({ route: "/numbers", withToken: true });
    const card = await screen.findByTestId("register-card");
    expect(await within(card).findByTestId("register-budget")).toHaveTextContent("0 of 10 attempts used in the last 72 h");

    await user.type(within(card).getByTestId("register-pin"), "135790");
    await user.click(within(card).getByTestId("register-submit"));
    const error = await within(card).findByTestId("error-card");
    expect(within(error).getByTestId("diagnosis-card")).toHaveTextContent("Phone number re-verification needed");
    await waitFor(() => expect(within(card).getByTestId("register-budget")).toHaveTextContent("1 of 10 attempts used"));

    await user.click(screen.getByTestId("request-code"));
    expect(await screen.findByText(/Code sent by SMS/)).toBeInTheDocument();
    await user.type(screen.getByTestId("verify-code-input"), "123456");
    await user.click(screen.getByTestId("verify-code"));
    expect(await screen.findByTestId("ownership-verified")).toBeInTheDocument();

    await user.type(within(card).getByTestId("register-pin"), "135790");
    await user.click(within(card).getByTestId("register-submit"));
    expect(await screen.findByTestId("register-progress")).toHaveTextContent("this can take a few minutes");
    expect(await screen.findByTestId("register-done", {}, { timeout: 6000 })).toHaveTextContent("+1 555-010-0199 is CONNECTED");
    expect(screen.getByTestId("number-health")).toHaveAttribute("data-status", "CONNECTED");
    expect(screen.queryByTestId("register-progress")).not.toBeInTheDocument();
  }, 15000);

  it("asks before the 8th register attempt, naming the count, and sends it confirmed", async () => {
    const { user, replay } = renderApp({ route: "/numbers", withToken: true });
    for (let i = 0; i < 7; i++) registerElsewhere(replay, false);
    const card = await screen.findByTestId("register-card");
    expect(await within(card).findByTestId("register-budget")).toHaveTextContent("7 of 10 attempts used");

    await user.type(within(card).getByTestId("register-pin"), "111111");
    await user.click(within(card).getByTestId("register-submit"));
    const dialog = await screen.findByTestId("register-confirm");
    expect(dialog).toHaveTextContent("Use register attempt 8 of 10?");
    expect(dialog).toHaveTextContent("already registered 7 times in the last 72 hours");
    await user.click(within(dialog).getByRole("button", { name: "Use attempt 8" }));
    // Still not verified: Meta's 133006, and the budget moves on (no automatic retry).
    expect(await within(card).findByTestId("error-card")).toHaveTextContent("must verify ownership before it can be registered");
    await waitFor(() => expect(within(card).getByTestId("register-budget")).toHaveTextContent("8 of 10 attempts used"));
    expect(registerCalls(replay)).toBe(8);
  });

  it("opens the confirmation when the backend says confirmationRequired, and shows attemptBudgetExhausted as an error", async () => {
    const { user, replay } = renderApp({ route: "/numbers", withToken: true });
    const attempt = (confirmed: boolean) => registerElsewhere(replay, confirmed);
    for (let i = 0; i < 6; i++) attempt(false);
    const card = await screen.findByTestId("register-card");
    expect(await within(card).findByTestId("register-budget")).toHaveTextContent("6 of 10 attempts used");

    // The CLI used the 7th meanwhile: the window's budget is stale, the backend's rail asks for confirmation.
    attempt(false);
    await user.type(within(card).getByTestId("register-pin"), "111111");
    await user.click(within(card).getByTestId("register-submit"));
    const dialog = await screen.findByTestId("register-confirm");
    await waitFor(() => expect(dialog).toHaveTextContent("Use register attempt 8 of 10?"));
    expect(within(card).queryByTestId("error-card")).not.toBeInTheDocument();
    // The refused call reached the backend, which asked instead of calling Meta.
    expect(registerCalls(replay)).toBe(8);
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));

    // And the last three meanwhile: the console's own count is used up, so nothing is sent.
    for (let i = 0; i < 3; i++) attempt(true);
    await user.click(within(card).getByTestId("register-submit"));
    await user.click(within(await screen.findByTestId("register-confirm")).getByRole("button", { name: /Use attempt/ }));
    const error = await within(card).findByTestId("error-card");
    expect(error).toHaveAttribute("data-code", "attemptBudgetExhausted");
    expect(error).toHaveTextContent("so the console did not call it");
    await waitFor(() => expect(within(card).getByTestId("register-submit")).toBeDisabled());
    expect(registerCalls(replay)).toBe(12);
  });

  it("shows Meta's 133005 with its diagnosis when the PIN does not match", async () => {
    const { user, replay } = renderApp({ route: "/numbers", withToken: true });
    replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
    const card = await screen.findByTestId("register-card");
    await user.type(within(card).getByTestId("register-pin"), "999999");
    await user.click(within(card).getByTestId("register-submit"));
    expect(within(await within(card).findByTestId("error-card")).getByTestId("diagnosis-card")).toHaveTextContent("PIN mismatch");
  });

  it("deregisters only after a confirmation naming the number and the attempt", async () => {
    const { user, replay } = renderApp({ route: "/numbers", withToken: true });
    replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });
    await screen.findByTestId("deregister-budget");
    await waitFor(() => expect(screen.getByTestId("deregister")).toBeEnabled());
    await user.click(screen.getByTestId("deregister"));
    const dialog = await screen.findByTestId("deregister-confirm");
    expect(dialog).toHaveTextContent("Deregister +1 555-010-0199?");
    expect(dialog).toHaveTextContent("deregister attempt 1 of 10");
    await user.click(within(dialog).getByRole("button", { name: "Deregister" }));
    await waitFor(() => expect(screen.getByTestId("deregister-budget")).toHaveTextContent("1 of 10 attempts used"));
    expect(replay.path.at(-1)).toMatch(/^deregister_number\(/);
  });

  it("tells a phone number typed as an ID apart, with the WABA's numbers and their IDs", async () => {
    const { user } = renderApp({ route: "/numbers", withToken: true });
    await user.type(await screen.findByTestId("id-check-input"), "+1 555-010-0199");
    await user.click(screen.getByTestId("id-check-submit"));
    const result = await screen.findByTestId("id-check-result");
    expect(result).toHaveAttribute("data-kind", "phoneNumberLike");
    expect(result).toHaveTextContent("looks like a phone number");
    expect(within(result).getByRole("table")).toHaveTextContent(OWN);
  });
});
