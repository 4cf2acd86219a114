// A page that throws while rendering: its error card (what happened, "Reload this page", the log file), the report to the
// log, a sidebar and other pages that keep working, a reset on navigation, and a reload that refetches the page's queries.
import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { undeclaredAnswer } from "../test/commandHandlers";
import { renderApp, type Overrides } from "../test/renderApp";

describe("PageErrorBoundary", () => {
  beforeEach(() => {
    // React reports caught render errors on the console; keep the test output readable.
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    window.__wabaWebviewErrors = [];
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("shows the card in place of a page that throws; the sidebar and the other pages keep working", async () => {
    const logged: unknown[] = [];
    let guideReads = 0;
    // A quality guide the page cannot render (a contract mismatch): `ratings` is missing.
    const overrides: Overrides = {
      quality_guide: () => {
        guideReads += 1;
        // The one deliberate contract mismatch: an answer quality_guide does not declare.
        return undeclaredAnswer<"quality_guide">({ lowersIt: [], improvesIt: [], limits: [], seedCorrections: [] });
      },
      log_webview_error: (args) => {
        logged.push(args);
        return null;
      },
    };
    const { user } = renderApp({ route: "/quality", overrides });

    const card = await screen.findByTestId("page-error");
    expect(card).toHaveTextContent("This page stopped working");
    expect(card).toHaveTextContent("Reload this page");
    expect(await within(card).findByTestId("page-error-log")).toHaveTextContent("/home/admin/.local/share/com.wabaconsole.desktop/logs/waba-console.log");
    expect(screen.queryByRole("heading", { name: "Quality" })).not.toBeInTheDocument();
    await waitFor(() => expect(logged).toHaveLength(1));
    expect(logged[0]).toMatchObject({ kind: "boundary", page: "/quality", message: expect.stringContaining("TypeError") as unknown });
    expect(window.__wabaWebviewErrors).toEqual([expect.objectContaining({ kind: "boundary", page: "/quality" })]);

    // The shell still works: another page opens, without the card.
    await user.click(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "API versions" }));
    expect(await screen.findByRole("heading", { name: "API versions" })).toBeInTheDocument();
    expect(screen.queryByTestId("page-error")).not.toBeInTheDocument();
    expect(screen.getByTestId("profile-switcher")).toHaveTextContent("Sandbox");

    // Back on Quality it fails again (the same answer is cached); once the backend answers properly, Reload refetches it.
    await user.click(screen.getByRole("link", { name: "Quality" }));
    expect(await screen.findByTestId("page-error")).toBeInTheDocument();
    expect(guideReads).toBe(1);
    delete overrides.quality_guide;
    await user.click(screen.getByTestId("page-error-reload"));
    expect(await screen.findByRole("table", { name: "What each rating means" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Quality" })).toBeInTheDocument();
    expect(screen.queryByTestId("page-error")).not.toBeInTheDocument();
  });
});
