//! Facts about this install (version, folders, keychain namespace, API versions), the web view's
//! own failures, written to the log file, and the window's first paint, a startup figure.

use std::sync::OnceLock;
use std::time::Instant;

use tauri::State;
use waba_core::ipc::{AppInfoArgs, LogWebviewErrorArgs, ReportFirstPaintArgs};

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

/// When the process started the app, for the first paint's figure.
static LAUNCHED: OnceLock<Instant> = OnceLock::new();

/// Notes the launch time; called first thing by [`crate::run`].
pub fn note_launch() {
    LAUNCHED.get_or_init(Instant::now);
}

/// With this variable set to `1`, the first paint is also printed to standard output as the one
/// line `first-paint <page>`, which `scripts/bench` times from the process's spawn.
pub const REPORT_FIRST_PAINT_VAR: &str = "WABA_REPORT_FIRST_PAINT";

/// The window's first interactive paint of `page`, sent once per launch by the page when its
/// content is on screen: logged at INFO with the time since launch, so an admin can read how long
/// the app takes to start. Never fails.
#[tauri::command]
pub async fn report_first_paint(args: Args<ReportFirstPaintArgs>) -> Answer<ReportFirstPaintArgs> {
    let Args(ReportFirstPaintArgs { page }) = args;
    let page = clip(&page);
    match LAUNCHED.get() {
        Some(launched) => tracing::info!(
            target: "startup",
            page,
            "first interactive paint {} ms after launch",
            launched.elapsed().as_millis()
        ),
        None => tracing::info!(target: "startup", page, "first interactive paint"),
    }
    if std::env::var(REPORT_FIRST_PAINT_VAR).as_deref() == Ok("1") {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "first-paint {page}");
        let _ = out.flush();
    }
    Ok(())
}
