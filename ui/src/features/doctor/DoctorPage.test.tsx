// Doctor page: an explicit run, the checks in order with their states, skipped reasons, evidence, fixes and
// action buttons (enabled where the console can act, honestly disabled where its page is still to come), and export.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { DoctorReport } from "../../bindings/DoctorReport";
import type { RunDoctorRequest } from "../../bindings/RunDoctorRequest";
import { renderApp } from "../../test/renderApp";

describe("DoctorPage", () => {
  it("runs only on request, then shows every check with its state, evidence, fix and action", async () => {
    const { user } = renderApp({ route: "/doctor", withToken: true });

    expect(await screen.findByText("The doctor has not run for this profile yet")).toBeInTheDocument();
    expect(screen.queryByTestId("check-tokenValid")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("doctor-run"));
    const summary = await screen.findByTestId("doctor-summary");
    expect(summary).toHaveTextContent("6 of 21 checks fail");
    expect(within(summary).getByTestId("doctor-graph-calls")).toHaveTextContent("7 Graph calls sent at once");
    expect(within(summary).getByTestId("doctor-wall")).toHaveTextContent(/^\d+ ms$/);
    expect(within(summary).getByTestId("doctor-counts")).toHaveTextContent("10 passed1 warning6 failed0 skipped");

    const checks = screen.getAllByTestId(/^check-/);
    expect(checks).toHaveLength(21);
    expect(checks[0]).toHaveAttribute("data-testid", "check-tokenValid");
    expect(checks[0]).toHaveAttribute("data-state", "pass");

    const registered = screen.getByTestId("check-registered");
    expect(registered).toHaveAttribute("data-state", "fail");
    expect(within(registered).getByText("Failed")).toBeInTheDocument();
    expect(registered).toHaveTextContent('"REGISTERED" is not a status Graph uses');
    expect(within(registered).getByRole("list", { name: "Evidence" })).toHaveTextContent(
      "GET /v27.0/106540352242922?fields=status,platform_type → status: PENDING, platform_type: NOT_APPLICABLE",
    );
    expect(within(registered).getByText("How to fix")).toBeInTheDocument();
    // Registering happens on the Numbers page: the fix is a link there.
    const register = within(registered).getByTestId("fix-action-registerNumber");
    expect(register).toHaveTextContent("Register this number");
    expect(register).toHaveAttribute("href", "/numbers");

    for (const [id, action] of [
      ["ownershipVerified", "verifyOwnership"],
      ["twoStepPin", "setPin"],
    ] as const) {
      const check = screen.getByTestId(`check-${id}`);
      expect(check).toHaveAttribute("data-state", "fail");
      expect(within(check).getByTestId(`fix-action-${action}`)).toHaveAttribute("href", "/numbers");
    }
    // Subscribing is done on the Webhooks page, where its button is.
    const subscribed = screen.getByTestId("check-wabaSubscribed");
    expect(subscribed).toHaveAttribute("data-state", "fail");
    expect(within(subscribed).getByTestId("fix-action-subscribeWaba")).toHaveAttribute("href", "/webhooks");
    // Passing checks carry no fix and no action.
    expect(within(checks[0] as HTMLElement).queryByText("How to fix")).not.toBeInTheDocument();
    expect(within(checks[0] as HTMLElement).queryByTestId(/^fix-action-/)).not.toBeInTheDocument();
  });

  it("passes every check on the healthy sandbox but warns on its rejected and paused templates", async () => {
    const { user, replay } = renderApp({ route: "/doctor", withToken: true });
    replay.run("set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } });

    await user.click(await screen.findByTestId("doctor-run"));
    expect(await screen.findByTestId("doctor-summary")).toHaveTextContent("All checks pass, 1 with a warning; 4 have nothing to check yet");
    expect(screen.getAllByTestId(/^check-/).map((c) => c.getAttribute("data-state"))).toEqual([
      ...Array<string>(14).fill("pass"),
      // The messages field needs the app secret; nothing has reached the receiver yet.
      "notChecked",
      "notChecked",
      "pass",
      "warn",
      "pass",
      "notChecked",
      // No message sent from the console has been delivered yet.
      "notChecked",
    ]);
    expect(screen.getByTestId("check-templateProblems")).toHaveTextContent("spring_sale (en_US, REJECTED: INVALID_FORMAT)");
    expect(screen.getByTestId("check-recentThrottling")).toHaveTextContent("No sends in the last hour");
    expect(screen.queryByTestId(/^fix-action-/)).not.toBeInTheDocument();
  });

  it("without a token fails the token check with a working Replace button and skips what depends on it", async () => {
    const { user } = renderApp({ route: "/doctor" });

    await user.click(await screen.findByTestId("doctor-run"));
    const tokenValid = await screen.findByTestId("check-tokenValid");
    expect(tokenValid).toHaveAttribute("data-state", "fail");
    const replace = within(tokenValid).getByTestId("fix-action-replaceToken");
    expect(replace).toBeEnabled();
    expect(replace).toHaveAttribute("href", "/token");

    const registered = screen.getByTestId("check-registered");
    expect(registered).toHaveAttribute("data-state", "skipped");
    expect(within(registered).getByText("Skipped")).toBeInTheDocument();
    expect(within(registered).getByTestId("skipped-reason")).toHaveTextContent("Skipped because “Token valid” did not pass.");
    expect(within(registered).queryByTestId(/^fix-action-/)).not.toBeInTheDocument();
    expect(screen.getByTestId("doctor-graph-calls")).toHaveTextContent("no Graph call sent");

    await user.click(replace);
    expect(await screen.findByTestId("token-input")).toBeInTheDocument();
  });

  it("re-runs in place for Wait-then-retry and shows Meta's status page as an address to copy", async () => {
    let runs = 0;
    const at = "2026-11-26T12:00:00Z";
    const report: DoctorReport = {
      profileId: "sandbox",
      profileName: "Sandbox",
      apiVersion: "v26.0",
      startedAt: at,
      wallMs: 210,
      graphCalls: 6,
      counts: { pass: 0, warn: 1, fail: 1, skipped: 0 },
      checks: [
        {
          id: "canSend",
          title: "Health: can send messages",
          state: "fail",
          summary: "Meta reports the number cannot send messages (BLOCKED).",
          evidence: [{ source: "GET /v26.0/106540352242922?fields=health_status", answer: "can_send_message: BLOCKED", at }],
          fix: "Check Meta's status page for an incident.",
          action: "openMetaStatus",
          skippedBecause: null,
          links: [],
          reads: ["phoneNumber"],
        },
        {
          id: "recentThrottling",
          title: "No recent throttling",
          state: "warn",
          summary: "Throttling errors in the last 24 hours: 130429 × 3.",
          evidence: [{ source: "local audit log, last 24 h", answer: "130429 × 3", at }],
          fix: "Slow down, then retry.",
          action: "waitAndRetry",
          skippedBecause: null,
          links: [],
          reads: [],
        },
      ],
    };
    const { user } = renderApp({
      route: "/doctor",
      overrides: {
        run_doctor: () => {
          runs += 1;
          return report;
        },
      },
    });

    await user.click(await screen.findByTestId("doctor-run"));
    const status = within(await screen.findByTestId("check-canSend")).getByTestId("fix-action-openMetaStatus");
    expect(status).toHaveTextContent("Open Meta's status page");
    expect(within(status).getByText("https://metastatus.com")).toBeInTheDocument();
    expect(screen.getByTestId("doctor-summary")).toHaveTextContent("1 of 2 checks fail");

    await user.click(screen.getByTestId("fix-action-waitAndRetry"));
    await waitFor(() => expect(runs).toBe(2));
    expect(await screen.findByTestId("check-recentThrottling")).toHaveAttribute("data-state", "warn");
  });

  it("runs against another version when asked (as the API versions page does) and keeps the report for the next visit", async () => {
    const requests: RunDoctorRequest[] = [];
    const { user } = renderApp({
      route: "/doctor?version=v21.0&run=1",
      withToken: true,
      overrides: {
        run_doctor: (args, replay) => {
          requests.push(args.request);
          return replay.run("run_doctor", args);
        },
      },
    });

    const apiVersion = await screen.findByTestId("check-apiVersion");
    expect(apiVersion).toHaveAttribute("data-state", "warn");
    expect(apiVersion).toHaveTextContent("v21.0 stops being served on 2027-01-21.");
    expect(screen.getByTestId("doctor-summary")).toHaveTextContent("v21.0");
    expect(screen.getByTestId("doctor-version")).toHaveTextContent("v21.0");

    // Away and back: the last report is still there, without another run.
    await user.click(screen.getByRole("link", { name: "Checklist" }));
    await screen.findByTestId("checklist-progress");
    await user.click(screen.getByRole("link", { name: "Doctor" }));
    expect(await screen.findByTestId("check-apiVersion")).toHaveAttribute("data-state", "warn");
    expect(requests).toEqual([{ profileId: "sandbox", apiVersion: "v21.0" }]);
  });

  it("exports the report as Markdown and says where it went", async () => {
    const { user } = renderApp({ route: "/doctor", withToken: true });

    await user.click(await screen.findByTestId("doctor-run"));
    await user.click(await screen.findByRole("button", { name: "Export Markdown" }));
    expect(await screen.findByTestId("export-saved")).toHaveTextContent(/Saved to \/home\/admin\/Downloads\/waba-doctor-sandbox-\d{8}-\d{6}\.md/);
  });
});
