// Token page: saving checks the token and clears the input only on success; errors keep what was typed.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { CommandError } from "../../bindings/CommandError";
import { SAMPLE_TOKEN } from "../../test/fakeBackend";
import { renderApp } from "../../test/renderApp";

describe("TokenPage", () => {
  it("saves the sample token, shows the valid token card and clears the input", async () => {
    const { user, backend } = renderApp({ route: "/token" });

    expect(await screen.findByText("No token stored for this profile")).toBeInTheDocument();
    await user.click(await screen.findByTestId("token-use-sample"));
    const input = screen.getByTestId("token-input");
    expect(input).toHaveValue(SAMPLE_TOKEN);
    expect(input).toHaveAttribute("type", "password");

    await user.click(screen.getByTestId("token-save"));

    const card = await screen.findByTestId("token-card");
    expect(card).toHaveAttribute("data-valid", "true");
    expect(within(card).getByText("Valid")).toBeInTheDocument();
    expect(within(card).getByText("System user")).toBeInTheDocument();
    expect(within(card).getByText("Never expires")).toBeInTheDocument();
    expect(within(card).getByText("Lucky Shrub (sandbox)")).toBeInTheDocument();
    expect(input).toHaveValue("");
    expect(backend.tokens.get("sandbox")).toBe(SAMPLE_TOKEN);
  });

  it("keeps the input and shows the field message when the backend refuses the token", async () => {
    const refused: CommandError = {
      code: "invalidInput",
      message: "token: The token contains spaces or line breaks.",
      action: "Correct the highlighted field and try again; nothing you typed was lost.",
      details: { kind: "fields", fields: [{ field: "token", message: "The token contains spaces or line breaks." }] },
    };
    const { user } = renderApp({
      route: "/token",
      overrides: {
        set_token: () => {
          throw refused;
        },
      },
    });

    const input = await screen.findByTestId("token-input");
    await user.type(input, "EAAabc EAAdef{Enter}");

    expect(await screen.findByText("The token contains spaces or line breaks.")).toBeInTheDocument();
    expect(input).toHaveValue("EAAabc EAAdef");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("error-card")).not.toBeInTheDocument();
  });

  it("shows Meta's rejection of a wrong token inside the card", async () => {
    const { user } = renderApp({ route: "/token" });

    await user.type(await screen.findByTestId("token-input"), "EAAwrong{Enter}");

    const card = await screen.findByTestId("token-card");
    expect(card).toHaveAttribute("data-valid", "false");
    expect(within(card).getByTestId("error-card")).toHaveTextContent("Invalid OAuth access token");
    expect(within(card).getByText("Graph code").nextElementSibling).toHaveTextContent("190");
  });

  it("clears the stored token after confirmation", async () => {
    const { user, backend } = renderApp({ route: "/token", tokens: { sandbox: SAMPLE_TOKEN } });

    expect(await screen.findByTestId("token-card")).toHaveAttribute("data-valid", "true");
    await user.click(screen.getByRole("button", { name: "Clear token" }));
    const dialog = await screen.findByRole("alertdialog");
    await user.click(within(dialog).getByRole("button", { name: "Clear token" }));

    expect(await screen.findByText("No token stored for this profile")).toBeInTheDocument();
    expect(backend.tokens.has("sandbox")).toBe(false);
  });
});
