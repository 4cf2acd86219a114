// Audit log page: readable entries, the hash chain's verdict (intact, or which entries were tampered with,
// flagged in the table), virtualization for long logs, and export.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../bindings/AuditEntry";
import type { AuditLog } from "../../bindings/AuditLog";
import { renderApp } from "../../test/renderApp";
import { VIRTUALIZE_FROM } from "./AuditTable";

function entry(id: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id,
    at: new Date(Date.parse("2026-11-26T12:00:00Z") - id * 60_000).toISOString(),
    profileId: "sandbox",
    action: "tokenSet",
    target: "Sandbox",
    outcome: "ok",
    graphCode: null,
    durationMs: 400 + id,
    hash: `${id.toString(16).padStart(4, "0")}9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08`,
    ...overrides,
  };
}

describe("AuditPage", () => {
  it("lists what the console did, newest first, under an intact verdict", async () => {
    const { user } = renderApp({ route: "/profiles" });
    // Make the fake backend record something: switch the scenario… by storing a token.
    await screen.findByTestId("profile-row-sandbox");
    await user.click(screen.getByRole("link", { name: "Audit log" }));

    const verdict = await screen.findByTestId("audit-verdict");
    expect(verdict).toHaveAttribute("data-intact", "true");
    expect(verdict).toHaveTextContent("Intact: 1 entry, every hash checks out");
    const row = screen.getByTestId("audit-row-1");
    expect(row).toHaveTextContent("Profile added");
    expect(row).toHaveTextContent("Sandbox");
    expect(within(row).getByText("OK")).toBeInTheDocument();
    expect(row).toHaveAttribute("data-flagged", "false");
  });

  it("shows a tampered chain in red, lists the findings and flags the changed rows", async () => {
    const log: AuditLog = {
      entries: [entry(3), entry(2, { action: "profileAdded", target: "Acme support", graphCode: 190, outcome: "failed" }), entry(1)],
      verification: {
        intact: false,
        entriesChecked: 3,
        findings: [{ kind: "edited", entryId: 2, message: "Entry #2 was changed after it was recorded." }],
      },
    };
    renderApp({ route: "/audit", overrides: { audit_log: () => log } });

    const verdict = await screen.findByTestId("audit-verdict");
    expect(verdict).toHaveAttribute("data-intact", "false");
    expect(verdict).toHaveAttribute("role", "alert");
    expect(verdict).toHaveTextContent("The log was changed after it was recorded");
    expect(within(verdict).getByRole("listitem")).toHaveTextContent("Entry #2 was changed after it was recorded.");

    const flagged = screen.getByTestId("audit-row-2");
    expect(flagged).toHaveAttribute("data-flagged", "true");
    expect(within(flagged).getByLabelText("Entry #2 was changed after it was recorded.")).toBeInTheDocument();
    expect(flagged).toHaveTextContent("Acme support");
    expect(flagged).toHaveTextContent("190");
    expect(within(flagged).getByText("Failed")).toBeInTheDocument();
    expect(screen.getByTestId("audit-row-3")).toHaveAttribute("data-flagged", "false");
    expect(screen.getByTestId("audit-row-1")).toHaveAttribute("data-flagged", "false");
  });

  it("virtualizes a long log instead of rendering every row", async () => {
    const count = VIRTUALIZE_FROM * 3;
    const entries = Array.from({ length: count }, (_, i) => entry(count - i));
    renderApp({
      route: "/audit",
      overrides: { audit_log: (): AuditLog => ({ entries, verification: { intact: true, entriesChecked: count, findings: [] } }) },
    });

    expect(await screen.findByTestId("audit-verdict")).toHaveTextContent(`Intact: ${count} entries`);
    expect(screen.getByTestId("audit-virtual")).toBeInTheDocument();
    expect(screen.getByRole("table", { name: "Audit log" })).toHaveAttribute("aria-rowcount", String(count + 1));
    expect(screen.queryAllByTestId(/^audit-row-/).length).toBeLessThan(count);
  });

  it("exports the log as CSV and says where it went", async () => {
    const { user } = renderApp({ route: "/audit" });

    await user.click(await screen.findByRole("button", { name: "Export CSV" }));
    expect(await screen.findByTestId("export-saved")).toHaveTextContent(/Saved to \/home\/admin\/Downloads\/waba-audit-\d{8}-\d{6}\.csv/);
  });
});
