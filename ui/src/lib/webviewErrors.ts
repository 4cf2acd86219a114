// The web view's own failures: uncaught errors, unhandled rejections and errors a page's error boundary caught. Each is
// written to the log file through the ipc module and kept in `window.__wabaWebviewErrors`, which the real-window tests read.
import { ipc, type WebviewErrorKind } from "../ipc";

export interface WebviewError {
  kind: WebviewErrorKind;
  message: string;
  source: string | null;
  page: string;
  at: string;
}

declare global {
  interface Window {
    __wabaWebviewErrors?: WebviewError[];
  }
}

/** The page the user is on: the hash route of the app ("/quality"), or the path in tests. */
function currentPage(): string {
  const hash = window.location.hash.replace(/^#/, "");
  return hash || window.location.pathname || "/";
}

function describe(thrown: unknown): { message: string; stack: string | null } {
  if (thrown instanceof Error) return { message: `${thrown.name}: ${thrown.message}`, stack: thrown.stack ?? null };
  if (typeof thrown === "object" && thrown !== null && "message" in thrown && typeof thrown.message === "string") {
    // A CommandError that nobody handled, or another error-like object.
    const code = "code" in thrown && typeof thrown.code === "string" ? `${thrown.code}: ` : "";
    return { message: `${code}${thrown.message}`, stack: null };
  }
  return { message: String(thrown), stack: null };
}

/** Keeps the error in the window's list and sends it to the log file; never throws, even when logging fails. */
export function reportWebviewError(kind: WebviewErrorKind, thrown: unknown, source: string | null = null, page: string = currentPage()): WebviewError {
  const { message, stack } = describe(thrown);
  const entry: WebviewError = { kind, message, source: source ?? stack, page, at: new Date().toISOString() };
  (window.__wabaWebviewErrors ??= []).push(entry);
  ipc.logWebviewError({ kind, message: entry.message, source: entry.source, page: entry.page }).catch(() => {
    // The backend is unreachable: the list above and the console still have it.
  });
  return entry;
}

const installed = new WeakSet<Window>();

/** Installs the window-level handlers once; main.tsx calls it before rendering. */
export function installWebviewErrorLogging(target: Window = window): void {
  if (installed.has(target)) return;
  installed.add(target);
  target.__wabaWebviewErrors ??= [];
  target.addEventListener("error", (event: ErrorEvent) => {
    const where = event.filename ? `${event.filename}:${event.lineno}:${event.colno}` : null;
    const stack = event.error instanceof Error && event.error.stack ? event.error.stack : null;
    reportWebviewError("error", event.error ?? event.message, stack ?? where);
  });
  target.addEventListener("unhandledrejection", (event: PromiseRejectionEvent) => {
    reportWebviewError("unhandledrejection", event.reason);
  });
}
