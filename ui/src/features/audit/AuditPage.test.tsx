// Audit log page: readable entries, the keyed hash chain's verdict (intact, which entries were tampered with,
// flagged in the table, or a key that is not available, which is not tampering), what the chain proves,
// virtualization for long logs, and export.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../bindings/AuditEntry";
import type { AuditLog } from "../../bindings/AuditLog";
import type { AuditVerification } from "../../bindings/AuditVerification";
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

function verified(overrides: Partial<AuditVerification>): AuditVerification {
  return { intact: true, entriesChecked: 0, findings: [], key: "present", keyProblem: null, unkeyedEntries: 0, unverifiedEntries: 0, ...overrides };
}

describe("AuditPage", () => {
  it("lists what the console did, newest first, under an intact verdict", async () => {
    // The sandbox token stored: the service's first audit entry.
    const { user } = renderApp({ route: "/profiles", withToken: true });
    await screen.findByTestId("profile-row-sandbox");
    await user.click(screen.getByRole("link", { name: "Audit log" }));

    const verdict = await screen.findByTestId("audit-verdict");
    expect(verdict).toHaveAttribute("data-intact", "true");
    expect(verdict).toHaveTextContent("Intact: 1 entry, every hash checks out");
    const row = screen.getByTestId("audit-row-1");
    expect(row).toHaveTextContent("Token stored");
    expect(row).toHaveTextContent("Sandbox");
    expect(within(row).getByText("OK")).toBeInTheDocument();
    expect(row).toHaveAttribute("data-flagged", "false");
  });

  it("shows a tampered chain in red, lists the findings and flags the changed rows", async () => {
    const log: AuditLog = {
      entries: [entry(3), entry(2, { action: "profileAdded", target: "Acme support", graphCode: 190, outcome: "failed" }), entry(1)],
      verification: verified({
        intact: false,
        entriesChecked: 3,
        findings: [{ kind: "edited", entryId: 2, message: "Entry #2 was changed after it was recorded." }],
      }),
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

  it("says what the chain proves and what it does not", async () => {
    renderApp({ route: "/audit" });
    const proof = await screen.findByTestId("audit-proof");
    expect(proof).toHaveTextContent("HMAC-SHA256");
    expect(proof).toHaveTextContent("OS keychain");
    expect(proof).toHaveTextContent("does not stop someone who has both the database and the keychain key");
    expect(proof).toHaveTextContent("actions taken elsewhere");
  });

  it("reports a missing key as a key problem, not as tampering", async () => {
    const problem = 'The audit key 1a2b3c4d5e6f7a8b is not in the keychain, so the entries signed with it cannot be checked and no entry can be added. Restore the keychain entry "audit-key/ab12" (from a backup of the keychain) to check them again. This alone is not a sign of tampering.';
    const log: AuditLog = {
      entries: [entry(2), entry(1)],
      verification: verified({ intact: false, entriesChecked: 0, key: "missing", keyProblem: problem, unverifiedEntries: 2 }),
    };
    renderApp({ route: "/audit", overrides: { audit_log: () => log } });

    const verdict = await screen.findByTestId("audit-verdict");
    expect(verdict).toHaveAttribute("data-intact", "false");
    expect(verdict).toHaveAttribute("data-key", "missing");
    expect(verdict).toHaveTextContent("The log could not be checked: its key is not available");
    expect(verdict).not.toHaveTextContent("changed after it was recorded");
    expect(screen.getByTestId("audit-key-problem")).toHaveTextContent('Restore the keychain entry "audit-key/ab12"');
    expect(verdict).toHaveTextContent("2 entries could not be checked and 0 could. This is not a sign of tampering");
    expect(screen.getByTestId("audit-row-2")).toHaveAttribute("data-flagged", "false");
  });

  it("says which entries predate the key", async () => {
    const log: AuditLog = { entries: [entry(3), entry(2), entry(1)], verification: verified({ entriesChecked: 3, unkeyedEntries: 2 }) };
    renderApp({ route: "/audit", overrides: { audit_log: () => log } });

    const verdict = await screen.findByTestId("audit-verdict");
    expect(verdict).toHaveAttribute("data-intact", "true");
    expect(within(verdict).getByTestId("audit-unkeyed")).toHaveTextContent(
      "The oldest 2 entries were recorded before the log was keyed, so they are checked with an unkeyed hash only",
    );
  });

  it("virtualizes a long log instead of rendering every row", async () => {
    const count = VIRTUALIZE_FROM * 3;
    const entries = Array.from({ length: count }, (_, i) => entry(count - i));
    renderApp({
      route: "/audit",
      overrides: { audit_log: (): AuditLog => ({ entries, verification: verified({ entriesChecked: count }) }) },
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
