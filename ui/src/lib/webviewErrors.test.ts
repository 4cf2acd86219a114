// Uncaught errors and unhandled rejections of the web view reach the log file (log_webview_error) and the window's list.
import { mockIPC } from "@tauri-apps/api/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { installWebviewErrorLogging } from "./webviewErrors";

describe("web view error logging", () => {
  const logged: unknown[] = [];
  beforeEach(() => {
    logged.length = 0;
    window.__wabaWebviewErrors = [];
    window.location.hash = "#/quality";
    mockIPC((command, args) => {
      if (command === "log_webview_error") logged.push(args);
      return null;
    });
    installWebviewErrorLogging();
  });

  it("logs an uncaught error with its stack and page, and keeps it in window.__wabaWebviewErrors", async () => {
    const error = new TypeError("Attempted to assign to readonly property.");
    window.dispatchEvent(new ErrorEvent("error", { error, message: error.message, filename: "app.js", lineno: 1, colno: 2 }));

    await expect.poll(() => logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ kind: "error", message: "TypeError: Attempted to assign to readonly property.", page: "/quality" });
    expect((logged[0] as { source: string }).source).toContain("readonly property");
    expect(window.__wabaWebviewErrors).toEqual([expect.objectContaining({ kind: "error", page: "/quality" })]);
  });

  it("logs an unhandled rejection, a CommandError nobody handled included, once however often it is installed", async () => {
    installWebviewErrorLogging();
    const event = new Event("unhandledrejection");
    Object.assign(event, { reason: { code: "internal", message: "The console could not open its database." } });
    window.dispatchEvent(event);

    await expect.poll(() => logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ kind: "unhandledrejection", message: "internal: The console could not open its database.", page: "/quality" });
    expect(window.__wabaWebviewErrors).toHaveLength(1);
  });

  it("never throws when the log cannot be written", async () => {
    mockIPC(() => {
      throw new Error("backend gone");
    });
    window.dispatchEvent(new ErrorEvent("error", { error: new Error("boom"), message: "boom" }));
    await expect.poll(() => window.__wabaWebviewErrors).toHaveLength(1);
  });
});
