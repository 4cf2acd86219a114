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
import { APP_INFO, graphRejection } from "../test/fakeBackend";
import { ErrorCard } from "./ErrorCard";

/** Fix actions link to pages, so the card renders inside a router (as everywhere in the app), and read their labels
 * and behaviour from AppInfo.fixActions, so the app info is in the query cache. */
function renderInRouter(ui: ReactElement) {
  const client = new QueryClient();
  client.setQueryData(queryKeys.appInfo, APP_INFO);
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={["/profiles"]}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}

const EXPIRED: Diagnosis = {
  code: 190,
  subcode: 463,
  known: true,
  title: "Expired",
  category: "authorization",
  meaning: "The token's lifetime ended.",
  causes: ["A temporary 24-hour token from App Dashboard > WhatsApp > API Setup."],
  fix: ["Generate a System User token with expiry Never.", "Paste the new token with \"Replace the token\"."],
  retry: { canHelp: true, when: "Retry once a working token is stored; the same token keeps failing." },
  channel: "sync",
  httpStatus: 401,
  docUrl: "https://developers.facebook.com/docs/facebook-login/access-tokens/debugging-and-error-handling",
  action: "replaceToken",
  actionLabel: "Replace the token",
  seedNote: null,
  uncertain: false,
  fromMeta: {
    message: "Error validating access token: Session has expired on Tuesday, 25-Nov-26.",
    details: null,
    fbtraceId: "AkX3vQmZ1pL9yD2f8sN0cRt",
    userTitle: null,
    userMsg: null,
    where: "graphResponse",
    recipient: null,
    messageId: null,
  },
  context: ["The token stored for Sandbox is refused by Meta too."],
};

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
    expect(diagnosis).toHaveTextContent("The token stored for Sandbox is refused by Meta too.");
    expect(within(diagnosis).getByTestId("fix-action-replaceToken")).toHaveAttribute("href", "/token");
    // Meta's own words stay in the error card's facts, not repeated inside the embedded card.
    expect(within(diagnosis).queryByText("What Meta said")).not.toBeInTheDocument();
    expect(screen.getByText("fbtrace_id").nextElementSibling).toHaveTextContent("AkX3vQmZ1pL9yD2f8sN0cRt");

    expect(card).not.toHaveTextContent('"fbtrace_id"');
    await user.click(screen.getByRole("button", { name: "Show details" }));
    expect(card).toHaveTextContent('"fbtrace_id": "AkX3vQmZ1pL9yD2f8sN0cRt"');
  });
});
