// ErrorCard: Graph facts up front, raw answers only behind the toggle.
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CommandError } from "../bindings/CommandError";
import { graphRejection } from "../test/fakeBackend";
import { ErrorCard } from "./ErrorCard";

describe("ErrorCard", () => {
  it("shows the message, what to do and the Graph facts, and the raw JSON only once toggled", async () => {
    const error = graphRejection();
    if (error.details?.kind !== "graph") throw new Error("fixture is not a Graph error");
    error.details.subcode = 463;
    const user = userEvent.setup();
    render(<ErrorCard error={error} />);

    const card = screen.getByTestId("error-card");
    expect(card).toHaveTextContent(error.message);
    expect(card).toHaveTextContent("What to do");
    expect(card).toHaveTextContent(error.action ?? "");
    expect(screen.getByText("Graph code").nextElementSibling).toHaveTextContent("190 / 463");
    expect(screen.getByText("Type").nextElementSibling).toHaveTextContent("OAuthException");
    expect(screen.getByText("HTTP status").nextElementSibling).toHaveTextContent("401");
    expect(screen.getByText("fbtrace_id").nextElementSibling).toHaveTextContent("AkX3vQmZ1pL9yD2f8sN0cRt");
    expect(card).not.toHaveTextContent('"fbtrace_id"');

    await user.click(screen.getByRole("button", { name: "Show details" }));
    expect(card).toHaveTextContent('"fbtrace_id": "AkX3vQmZ1pL9yD2f8sN0cRt"');
    await user.click(screen.getByRole("button", { name: "Hide details" }));
    expect(card).not.toHaveTextContent('"fbtrace_id"');
  });

  it("keeps a transport failure's URL and reason behind the toggle", async () => {
    const error: CommandError = {
      code: "timeout",
      message: "Meta did not answer within 20 seconds.",
      action: null,
      details: { kind: "transport", url: "https://graph.facebook.com/v26.0/me", reason: "operation timed out" },
    };
    const user = userEvent.setup();
    render(<ErrorCard error={error} />);

    expect(screen.queryByText("operation timed out")).not.toBeInTheDocument();
    expect(screen.queryByText("What to do")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Show details" }));
    expect(screen.getByText("operation timed out")).toBeInTheDocument();
    expect(screen.getByText("https://graph.facebook.com/v26.0/me")).toBeInTheDocument();
  });
});
