// Checklist page: steps with their states, overall progress, the token call to action, and failure.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../../test/renderApp";
import { recordedError } from "../../test/replay";

describe("ChecklistPage", () => {
  it("renders the fifteen steps with their states and the overall progress", async () => {
    renderApp({ withToken: true });

    // The fresh sandbox: token steps, "number in WABA", the approved display name and Meta's approved hello_world
    // sample pass; the empty business profile warns; the other doctor-fed onboarding steps fail.
    const progress = await screen.findByTestId("checklist-progress");
    expect(progress).toHaveTextContent("6 of 15 steps pass");
    expect(within(progress).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "6");
    const approved = screen.getByTestId("step-approvedTemplate");
    expect(approved).toHaveTextContent("hello_world (en_US)");
    // The approved template links to its page, and the step to the Templates page.
    expect(within(approved).getByRole("link", { name: /hello_world \(en_US\)/ }).getAttribute("href")).toMatch(/^\/templates\/\d+$/);
    expect(within(approved).getByRole("link", { name: /Checked on the Templates page/ })).toHaveAttribute("href", "/templates");

    const steps = screen.getAllByTestId(/^step-/);
    expect(steps).toHaveLength(15);
    expect(screen.getByTestId("step-token")).toHaveAttribute("data-state", "pass");
    expect(screen.getByTestId("step-numberInWaba")).toHaveAttribute("data-state", "pass");
    expect(screen.getByTestId("step-testMessage")).toHaveAttribute("data-state", "notChecked");
    expect(within(screen.getByTestId("step-testMessage")).getByText("Not checked yet")).toBeInTheDocument();
    expect(within(screen.getByTestId("step-token")).getByText("Passed")).toBeInTheDocument();
    expect(within(screen.getByTestId("step-token")).getByText("expires_at = 0 (never)")).toBeInTheDocument();
    expect(within(screen.getByTestId("step-token")).getByRole("link", { name: /Checked on the Token page/ })).toHaveAttribute("href", "/token");
    expect(screen.queryByRole("link", { name: "Paste your token" })).not.toBeInTheDocument();

    const registered = screen.getByTestId("step-registered");
    expect(registered).toHaveAttribute("data-state", "fail");
    expect(registered).toHaveTextContent("Not registered. PENDING");
    expect(within(registered).getByRole("link", { name: /Checked on the Numbers page/ })).toHaveAttribute("href", "/numbers");
    const subscribed = screen.getByTestId("step-wabaSubscribed");
    expect(subscribed).toHaveAttribute("data-state", "fail");
    expect(within(subscribed).getByRole("link", { name: /Checked on the Webhooks page/ })).toHaveAttribute("href", "/webhooks");
    // Nothing has reached the receiver on a first start: said, not failed.
    expect(screen.getByTestId("step-statusWebhook")).toHaveAttribute("data-state", "notChecked");
    // Registering is done on the Numbers page.
    expect(within(registered).getByTestId("fix-action-registerNumber")).toHaveAttribute("href", "/numbers");
    expect(within(screen.getByTestId("step-testMessage")).getByText("Checked on the Test send page (coming)")).toBeInTheDocument();
  });

  it("without a token fails the token step, shows how to fix it and links to the Token page", async () => {
    const { user } = renderApp();

    expect(await screen.findByTestId("checklist-progress")).toHaveTextContent("0 of 15 steps pass");
    const token = screen.getByTestId("step-token");
    expect(token).toHaveAttribute("data-state", "fail");
    expect(within(token).getByText("How to fix")).toBeInTheDocument();
    // A not-checked step keeps its fix to itself.
    expect(within(screen.getByTestId("step-metaApp")).queryByText("How to fix")).not.toBeInTheDocument();
    expect(screen.getByTestId("step-registered")).toHaveAttribute("data-state", "notChecked");
    expect(within(token).getByTestId("fix-action-replaceToken")).toHaveAttribute("href", "/token");

    await user.click(screen.getByRole("link", { name: "Paste your token" }));
    expect(await screen.findByTestId("token-input")).toBeInTheDocument();
  });

  it("shows the error card with a retry when the checklist cannot be built", async () => {
    // What the service answers when Meta cannot be reached (recorded with the sandbox offline).
    const unreachable = recordedError("set_token", { request: { profileId: "sandbox", token: "EAAnewButUnchecked", storeUnverified: false } });
    renderApp({
      overrides: {
        get_checklist: () => {
          throw unreachable;
        },
      },
    });

    const card = await screen.findByTestId("error-card");
    expect(card).toHaveAttribute("data-code", "unreachable");
    expect(card).toHaveTextContent(unreachable.message);
    expect(card).toHaveTextContent(unreachable.action ?? "");
    expect(within(card).getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
