//! A log file in the OS log folder (`waba-console.log`), written off the UI thread.
//! Nothing logged anywhere carries a token: the service layer never formats one.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;

/// Installs the file logger; the returned guard flushes it when the app exits. Falls back to
/// stderr when the folder cannot be created, so a read-only home never stops the app.
pub fn init(log_dir: &Path) -> Option<WorkerGuard> {
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("WABA_LOG").unwrap_or_else(|_| "info".into());
    match std::fs::create_dir_all(log_dir) {
        Ok(()) => {
            let (writer, guard) = tracing_appender::non_blocking(tracing_appender::rolling::never(
                log_dir,
                "waba-console.log",
            ));
            tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_ansi(false)
                .with_writer(writer)
                .init();
            Some(guard)
        }
        Err(e) => {
            tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_writer(std::io::stderr)
                .init();
            tracing::warn!(dir = %log_dir.display(), error = %e, "cannot create the log folder; logging to stderr");
            None
        }
    }
}
