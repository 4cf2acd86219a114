// Token page: saving checks the token with Meta first and clears the input only once it is stored; a refused token is never
// stored; when Meta cannot be reached the admin keeps the current token or stores the pasted one unverified.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp, SANDBOX_TOKEN } from "../../test/renderApp";

const setTokenCalls = (calls: { command: string; args: Record<string, unknown>; ok: boolean }[]) =>
  calls.filter((c) => c.command === "set_token").map((c) => ({ ...(c.args.request as object), ok: c.ok }));

describe("TokenPage", () => {
  it("saves the sandbox token, shows the valid token card and clears the input", async () => {
    const { user, replay } = renderApp({ route: "/token" });

    expect(await screen.findByText("No token stored for this profile")).toBeInTheDocument();
    await user.click(await screen.findByTestId("token-use-sample"));
    const input = screen.getByTestId("token-input");
    expect(input).toHaveValue(SANDBOX_TOKEN);
    expect(input).toHaveAttribute("type", "password");

    await user.click(screen.getByTestId("token-save"));

    const card = await screen.findByTestId("token-card");
    expect(card).toHaveAttribute("data-valid", "true");
    expect(within(card).getByText("Valid")).toBeInTheDocument();
    expect(within(card).getByText("System user")).toBeInTheDocument();
    expect(within(card).getByText("Never expires")).toBeInTheDocument();
    expect(within(card).getByText("WABA Console Sandbox WABA")).toBeInTheDocument();
    expect(input).toHaveValue("");
    expect(setTokenCalls(replay.calls)).toEqual([{ profileId: "sandbox", token: SANDBOX_TOKEN, storeUnverified: false, ok: true }]);
  });

  it("keeps the input and shows the field message when the backend refuses the paste", async () => {
    const { user } = renderApp({ route: "/token" });

    const input = await screen.findByTestId("token-input");
    await user.type(input, "EAAabc EAAdef{Enter}");

    expect(await screen.findByText(/The token contains spaces or line breaks, so more than the token was pasted/)).toBeInTheDocument();
    expect(input).toHaveValue("EAAabc EAAdef");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("error-card")).not.toBeInTheDocument();
  });

  it("does not store a token Meta refuses: the pasted one stays in the field, the card says why", async () => {
    const { user } = renderApp({ route: "/token", withToken: true });
    expect(await screen.findByTestId("token-card")).toHaveAttribute("data-valid", "true");

    const input = screen.getByTestId("token-input");
    await user.type(input, "EAAwrong{Enter}");

    expect(await screen.findByTestId("token-not-stored")).toHaveTextContent("The profile keeps its current token.");
    const card = screen.getByTestId("token-card");
    expect(card).toHaveAttribute("data-valid", "false");
    expect(card).toHaveTextContent("Pasted token (not stored)");
    expect(within(card).getByTestId("error-card")).toHaveTextContent("Invalid OAuth access token");
    expect(within(card).getByText("Graph code").nextElementSibling).toHaveTextContent("190");
    expect(input).toHaveValue("EAAwrong");
  });

  it("when Meta cannot be reached, keeps the current token on request and leaves the pasted value in the field", async () => {
    const { user, replay } = renderApp({ route: "/token", withToken: true });
    await screen.findByTestId("token-card");
    replay.sandbox({ offline: true });

    const input = screen.getByTestId("token-input");
    await user.type(input, "EAAnewButUnchecked{Enter}");
    const choice = await screen.findByTestId("token-unverified-choice");
    expect(within(choice).getByTestId("error-card")).toHaveAttribute("data-code", "unreachable");
    expect(choice).toHaveTextContent("Nothing was stored.");

    await user.click(within(choice).getByTestId("token-keep-current"));
    expect(screen.queryByTestId("token-unverified-choice")).not.toBeInTheDocument();
    expect(screen.getByTestId("token-kept")).toHaveTextContent("Kept the current token.");
    expect(input).toHaveValue("EAAnewButUnchecked");
    // Keeping the current token sends nothing more.
    expect(setTokenCalls(replay.calls)).toEqual([
      { profileId: "sandbox", token: SANDBOX_TOKEN, storeUnverified: false, ok: true },
      { profileId: "sandbox", token: "EAAnewButUnchecked", storeUnverified: false, ok: false },
    ]);
  });

  it("when Meta cannot be reached, stores the token unverified on request (resent with storeUnverified)", async () => {
    const { user, replay } = renderApp({ route: "/token" });
    const input = await screen.findByTestId("token-input");
    replay.sandbox({ offline: true });

    await user.type(input, `${SANDBOX_TOKEN}{Enter}`);
    await user.click(within(await screen.findByTestId("token-unverified-choice")).getByTestId("token-store-unverified"));

    expect(await screen.findByTestId("token-stored-unverified")).toHaveTextContent("Stored without Meta's check.");
    expect(screen.queryByTestId("token-unverified-choice")).not.toBeInTheDocument();
    expect(input).toHaveValue("");
    expect(setTokenCalls(replay.calls)).toEqual([
      { profileId: "sandbox", token: SANDBOX_TOKEN, storeUnverified: false, ok: false },
      { profileId: "sandbox", token: SANDBOX_TOKEN, storeUnverified: true, ok: true },
    ]);
  });

  it("clears the stored token after confirmation", async () => {
    const { user, replay } = renderApp({ route: "/token", withToken: true });

    expect(await screen.findByTestId("token-card")).toHaveAttribute("data-valid", "true");
    await user.click(screen.getByRole("button", { name: "Clear token" }));
    const dialog = await screen.findByRole("alertdialog");
    await user.click(within(dialog).getByRole("button", { name: "Clear token" }));

    expect(await screen.findByText("No token stored for this profile")).toBeInTheDocument();
    expect(replay.path.at(-1)).toBe('clear_token({"profileId":"sandbox"})');
  });
});
