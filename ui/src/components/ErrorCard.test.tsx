// ErrorCard: Graph facts up front, a diagnosis card when the backend explained the code, raw answers only behind the toggle.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import type { CommandError } from "../bindings/CommandError";
import type { Diagnosis } from "../bindings/Diagnosis";
import { queryKeys } from "../lib/queries";
import { recordedAnswer } from "../test/replay";
import { ErrorCard } from "./ErrorCard";

/** Fix actions link to pages, so the card renders inside a router (as everywhere in the app), and read their labels
 * and behaviour from AppInfo.fixActions, so the app info is in the query cache. */
function renderInRouter(ui: ReactElement) {
  const client = new QueryClient();
  client.setQueryData(queryKeys.appInfo, recordedAnswer("app_info", {}));
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={["/profiles"]}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}

/** Meta's 190 for a token it cannot parse, as the service answered the Token page (recorded from the sandbox). */
function graphRejection(): CommandError {
  const saved = recordedAnswer("set_token", { request: { profileId: "sandbox", token: "EAAwrong", storeUnverified: false } });
  if (!saved.report?.rejection) throw new Error("the recorded refusal carries no rejection");
  return saved.report.rejection;
}

/** The service's diagnosis of 190/463 (an expired token), as the Diagnose page received it. */
function expired(): Diagnosis {
  const result = recordedAnswer("diagnose", { input: "190 463", profileId: "sandbox" });
  const diagnosis = result.diagnoses[0];
  if (!diagnosis) throw new Error("the recorded diagnosis of 190 463 is empty");
  return diagnosis;
}

/** The fbtrace_id Meta (the sandbox) sent with an error. */
function traceOf(error: CommandError): string {
  if (error.details?.kind !== "graph" || !error.details.fbtraceId) throw new Error("fixture has no fbtrace_id");
  return error.details.fbtraceId;
}

describe("ErrorCard", () => {
  it("shows the message, what to do and the Graph facts, and the raw JSON only once toggled", async () => {
    const error = graphRejection();
    if (error.details?.kind !== "graph") throw new Error("fixture is not a Graph error");
    error.details.subcode = 463;
    error.details.diagnosis = null;
    const user = userEvent.setup();
    renderInRouter(<ErrorCard error={error} />);

    const card = screen.getByTestId("error-card");
    expect(card).toHaveTextContent(error.message);
    expect(card).toHaveTextContent("What to do");
    expect(card).toHaveTextContent(error.action ?? "");
    expect(screen.getByText("Graph code").nextElementSibling).toHaveTextContent("190 / 463");
    expect(screen.getByText("Type").nextElementSibling).toHaveTextContent("OAuthException");
    expect(screen.getByText("HTTP status").nextElementSibling).toHaveTextContent("401");
    expect(screen.getByText("fbtrace_id").nextElementSibling).toHaveTextContent(traceOf(error));
    expect(card).not.toHaveTextContent('"fbtrace_id"');

    await user.click(screen.getByRole("button", { name: "Show details" }));
    expect(card).toHaveTextContent(`"fbtrace_id": "${traceOf(error)}"`);
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
    renderInRouter(<ErrorCard error={error} />);

    expect(screen.queryByText("operation timed out")).not.toBeInTheDocument();
    expect(screen.queryByText("What to do")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Show details" }));
    expect(screen.getByText("operation timed out")).toBeInTheDocument();
    expect(screen.getByText("https://graph.facebook.com/v26.0/me")).toBeInTheDocument();
  });

  it("renders the backend's diagnosis as a card, with the fix action, and keeps the raw JSON behind the toggle", async () => {
    const error = graphRejection();
    if (error.details?.kind !== "graph") throw new Error("fixture is not a Graph error");
    error.details.subcode = 463;
    const EXPIRED = expired();
    error.details.diagnosis = EXPIRED;
    const user = userEvent.setup();
    renderInRouter(<ErrorCard error={error} />);

    const card = screen.getByTestId("error-card");
    const diagnosis = within(card).getByTestId("diagnosis-card");
    expect(diagnosis).toHaveAttribute("data-code", "190");
    expect(within(diagnosis).getByText("190 / 463")).toBeInTheDocument();
    expect(within(diagnosis).getByRole("heading", { name: "Expired" })).toBeInTheDocument();
    expect(within(diagnosis).getByText("Authorization")).toBeInTheDocument();
    const steps = within(within(diagnosis).getByRole("region", { name: "How to fix" })).getAllByRole("listitem");
    expect(steps.map((li) => li.textContent)).toEqual(EXPIRED.fix);
    expect(diagnosis).toHaveTextContent("When to retry");
    for (const line of EXPIRED.context) expect(diagnosis).toHaveTextContent(line);
    expect(within(diagnosis).getByTestId("fix-action-replaceToken")).toHaveAttribute("href", "/token");
    // Meta's own words stay in the error card's facts, not repeated inside the embedded card.
    expect(within(diagnosis).queryByText("What Meta said")).not.toBeInTheDocument();
    expect(screen.getByText("fbtrace_id").nextElementSibling).toHaveTextContent(traceOf(error));

    expect(card).not.toHaveTextContent('"fbtrace_id"');
    await user.click(screen.getByRole("button", { name: "Show details" }));
    expect(card).toHaveTextContent(`"fbtrace_id": "${traceOf(error)}"`);
  });
});
