// The IPC layer: arguments reach the backend by their exact names and every rejection arrives as a CommandError.
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { ipc, toCommandError } from ".";

describe("ipc", () => {
  it("sends each command with its documented argument object", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((command, args) => {
      calls.push([command, args]);
      return null;
    });
    await ipc.setToken({ profileId: "p1", token: "EAAx", storeUnverified: false });
    await ipc.logWebviewError({ kind: "error", message: "TypeError: x is undefined", source: "at App.tsx:1", page: "/quality" });
    await ipc.clearToken("p1");
    await ipc.setSandboxScenario({ profileId: "sandbox", scenario: "healthy" });
    await ipc.runDoctor({ profileId: "p1", apiVersion: "v25.0" });
    await ipc.diagnose("131047", "p1");
    await ipc.auditLog(50);
    await ipc.exportAudit("csv");
    await ipc.qualityGuide();
    await ipc.qualityHistory("p1");
    expect(calls).toEqual([
      ["set_token", { request: { profileId: "p1", token: "EAAx", storeUnverified: false } }],
      ["log_webview_error", { kind: "error", message: "TypeError: x is undefined", source: "at App.tsx:1", page: "/quality" }],
      ["clear_token", { profileId: "p1" }],
      ["set_sandbox_scenario", { request: { profileId: "sandbox", scenario: "healthy" } }],
      ["run_doctor", { request: { profileId: "p1", apiVersion: "v25.0" } }],
      ["diagnose", { input: "131047", profileId: "p1" }],
      ["audit_log", { limit: 50 }],
      ["export_audit", { format: "csv" }],
      ["quality_guide", {}],
      ["quality_history", { profileId: "p1" }],
    ]);
  });

  it("passes a CommandError through and wraps anything else as internal", async () => {
    mockIPC(() => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a backend error without the optional fields
      throw { code: "noToken", message: "No token is stored for this profile." };
    });
    await expect(ipc.getChecklist("p1")).rejects.toEqual({
      code: "noToken",
      message: "No token is stored for this profile.",
      action: null,
      details: null,
    });

    mockIPC(() => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- Tauri rejects unknown commands with a bare string
      throw "command get_checklist not found";
    });
    await expect(ipc.getChecklist("p1")).rejects.toEqual({
      code: "internal",
      message: "command get_checklist not found",
      action: null,
      details: null,
    });
    expect(toCommandError(new Error("boom"))).toMatchObject({ code: "internal", message: "boom" });
  });
});
