// Diagnose page: a paste becomes one card per error (meaning, causes, ordered fix, retry, channel, Meta's words,
// action); input that holds no error says what is wrong with it; the input stays after diagnosing.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../../test/renderApp";
import { EXAMPLES } from "./examples";

describe("DiagnosePage", () => {
  it("says what is wrong with input that holds no error", async () => {
    const { user } = renderApp({ route: "/diagnose" });

    await user.type(await screen.findByTestId("diagnose-input"), "the message did not arrive");
    await user.click(screen.getByTestId("diagnose-submit"));

    const problem = await screen.findByTestId("diagnose-problem");
    expect(problem).toHaveTextContent("No error code was found in this text.");
    expect(problem).toHaveTextContent("131047 or 100/33");
    expect(screen.getByTestId("diagnose-kind")).toHaveTextContent("Read as text");
    expect(screen.queryByTestId("diagnosis-card")).not.toBeInTheDocument();
    expect(screen.getByTestId("diagnose-input")).toHaveValue("the message did not arrive");
  });

  it("turns a 131047 status webhook into a card with its fix, what Meta said and the action", async () => {
    const { user } = renderApp({ route: "/diagnose" });

    await user.click(await screen.findByRole("button", { name: "131047 status webhook" }));
    const example = EXAMPLES[0]?.text ?? "";
    expect(screen.getByTestId("diagnose-input")).toHaveValue(example);
    await user.click(screen.getByTestId("diagnose-submit"));

    const card = await screen.findByTestId("diagnosis-card");
    expect(card).toHaveAttribute("data-code", "131047");
    expect(card).toHaveAttribute("data-known", "true");
    expect(screen.getByTestId("diagnose-kind")).toHaveTextContent("Read as a webhook body with 1 status update (1 failed) · 1 error found");
    expect(within(card).getByRole("heading", { name: "Re-engagement message" })).toBeInTheDocument();
    expect(within(card).getByText("Sending")).toBeInTheDocument();
    const fix = within(within(card).getByRole("region", { name: "How to fix" })).getAllByRole("listitem");
    expect(fix[0]).toHaveTextContent("Send an approved template instead.");
    expect(within(card).getByRole("region", { name: "Likely causes" })).toHaveTextContent("outside the 24-hour customer-service window");
    expect(card).toHaveTextContent("Synchronous or in a status webhook");
    expect(card).toHaveTextContent("The same free-form message fails until the user writes again");

    const meta = within(card).getByRole("region", { name: "What Meta said" });
    expect(meta).toHaveTextContent("more than 24 hours have passed since the customer last replied");
    expect(meta).toHaveTextContent("15550100123");
    expect(meta).toHaveTextContent("Found in a status webhook");
    expect(within(card).getByTestId("diagnosis-context")).toHaveTextContent("cannot tell when 15550100123 last replied");

    const action = within(card).getByTestId("fix-action-sendTemplate");
    expect(action).toHaveTextContent("Send a template instead");
    expect(action).toBeDisabled();
    expect(action).toHaveAccessibleDescription("Arrives with the Test send page");
    // The paste stays, to edit and diagnose again.
    expect(screen.getByTestId("diagnose-input")).toHaveValue(example);
  });

  it("submits with Ctrl+Enter and explains a code and subcode, with the Replace-token action", async () => {
    const { user } = renderApp({ route: "/diagnose" });

    await user.type(await screen.findByTestId("diagnose-input"), "190 463{Control>}{Enter}{/Control}");

    const card = await screen.findByTestId("diagnosis-card");
    expect(card).toHaveAttribute("data-code", "190");
    expect(within(card).getByText("190 / 463")).toBeInTheDocument();
    expect(within(card).getByRole("heading", { name: "Expired" })).toBeInTheDocument();
    expect(within(card).getByTestId("fix-action-replaceToken")).toHaveAttribute("href", "/token");
    expect(screen.getByTestId("diagnose-kind")).toHaveTextContent("an error code and subcode typed by hand");
  });

  it("shows Meta's own words up front for a code the catalogue does not know", async () => {
    const { user } = renderApp({ route: "/diagnose" });

    await user.type(
      await screen.findByTestId("diagnose-input"),
      '{{"error": {{"message": "(#2494010) Something new", "code": 2494010, "fbtrace_id": "AbCdEf123"}}',
    );
    await user.click(screen.getByTestId("diagnose-submit"));

    const card = await screen.findByTestId("diagnosis-card");
    expect(card).toHaveAttribute("data-known", "false");
    expect(within(card).getByText("Not in the catalogue")).toBeInTheDocument();
    const meta = within(card).getByRole("region", { name: "What Meta said" });
    expect(meta).toHaveTextContent("(#2494010) Something new");
    expect(meta).toHaveTextContent("AbCdEf123");
    // Meta's words come before the console's (generic) explanation.
    expect(card.textContent?.indexOf("What Meta said")).toBeLessThan(card.textContent?.indexOf("is not in WABA Console's catalogue") ?? 0);
  });
});
