// One error boundary per page: a page that throws while rendering shows what happened, a "Reload this page" button and
// where the log file is, while the shell, the sidebar and every other page keep working. Navigating resets it.
import { skipToken, useQueryClient } from "@tanstack/react-query";
import { CircleAlert, RotateCw } from "lucide-react";
import type { ReactNode } from "react";
import { ErrorBoundary, type FallbackProps } from "react-error-boundary";
import { useAppInfo } from "../lib/queries";
import { reportWebviewError } from "../lib/webviewErrors";

/** The log file's name in the log folder (`AppInfo.logDir`); src-tauri/src/logging.rs keeps it pointing at today's log. */
export const LOG_FILE = "waba-console.log";

function logFilePath(logDir: string): string {
  const separator = logDir.includes("\\") && !logDir.includes("/") ? "\\" : "/";
  return `${logDir.replace(/[\\/]+$/, "")}${separator}${LOG_FILE}`;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") return error.message;
  return String(error);
}

function LogLocation() {
  const appInfo = useAppInfo();
  if (appInfo.data?.logDir) {
    return (
      <>
        If it happens again, please report it with the log file: <span className="mono" data-testid="page-error-log">{logFilePath(appInfo.data.logDir)}</span>.
      </>
    );
  }
  if (appInfo.data) return <>If it happens again, please report it: the log folder could not be created, so the details went to the terminal that started the app.</>;
  return <>If it happens again, please report it with the log file ({LOG_FILE}, in the app&apos;s log folder).</>;
}

function PageErrorCard({ error, resetErrorBoundary }: FallbackProps) {
  return (
    <div className="callout error-card page-error" role="alert" data-testid="page-error">
      <CircleAlert size={18} aria-hidden />
      <div className="callout__body">
        <p className="error-card__title">This page stopped working: {messageOf(error)}</p>
        <p className="error-card__action">
          <strong>What to do</strong>
          Reload this page; the sidebar and the other pages keep working. <LogLocation />
        </p>
        <div className="error-card__actions">
          <button type="button" className="btn btn--sm" onClick={() => resetErrorBoundary()} data-testid="page-error-reload">
            <RotateCw size={14} aria-hidden />
            Reload this page
          </button>
        </div>
      </div>
    </div>
  );
}

export function PageErrorBoundary({ pageKey, children }: { pageKey: string; children: ReactNode }) {
  const queryClient = useQueryClient();
  // The page's queries are the ones nothing on screen observes now (the shell's stay observed). Reset them, so the page
  // mounts again on fresh answers rather than on the cached one it may have failed on: a page that throws during its
  // first render never subscribes, so invalidating would not refetch. Other pages' cached answers go too and are read
  // again on their next visit; the doctor's report (never fetched, only written) is kept.
  const resetPageQueries = () =>
    queryClient.resetQueries({ predicate: (query) => query.getObserversCount() === 0 && query.options.queryFn !== skipToken });
  return (
    <ErrorBoundary
      FallbackComponent={PageErrorCard}
      resetKeys={[pageKey]}
      onError={(error, info) => {
        const stack = error instanceof Error && error.stack ? error.stack : "";
        reportWebviewError("boundary", error, `${stack}${info.componentStack ?? ""}` || null, pageKey);
      }}
      onReset={(details) => {
        if (details.reason === "imperative-api") void resetPageQueries();
      }}
    >
      {children}
    </ErrorBoundary>
  );
}
