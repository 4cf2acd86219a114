//! Facts about this install (version, folders, keychain namespace, API versions), and the web
//! view's own failures, written to the log file.

use tauri::State;
use waba_core::ipc::{AppInfoArgs, LogWebviewErrorArgs};

use super::{Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn app_info(state: State<'_, AppState>, args: Args<AppInfoArgs>) -> Answer<AppInfoArgs> {
    let Args(AppInfoArgs {}) = args;
    Ok(state.console().await?.app_info())
}

/// The longest message or stack kept: a runaway error string must not flood the log.
const MAX_CHARS: usize = 4000;

fn clip(text: &str) -> &str {
    match text.char_indices().nth(MAX_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// An uncaught error, an unhandled rejection or an error a page's error boundary caught in the web
/// view (`kind`: `error`, `unhandledrejection`, `boundary`), with its stack or source and the page
/// (route) it happened on. Logged at ERROR; never fails, so reporting cannot itself throw.
#[tauri::command]
pub async fn log_webview_error(args: Args<LogWebviewErrorArgs>) -> Answer<LogWebviewErrorArgs> {
    let Args(LogWebviewErrorArgs {
        kind,
        message,
        source,
        page,
    }) = args;
    tracing::error!(
        target: "webview",
        kind = clip(&kind),
        page = page.as_deref().map(clip).unwrap_or("unknown"),
        source = source.as_deref().map(clip).unwrap_or(""),
        "{}",
        clip(&message)
    );
    Ok(())
}
