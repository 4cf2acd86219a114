//! A log file in the OS log folder, written off the UI thread and rotated daily: one file per
//! day (`waba-console.YYYY-MM-DD.log`), the newest [`KEEP_FILES`] kept, and `waba-console.log`
//! always pointing at today's (a symbolic link; on Windows, where links need privileges, the
//! dated files only). Nothing logged anywhere carries a token: the service layer never formats
//! one, and the request types' secret fields print as redacted.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};

/// The name the About panel, the error card and the README give: today's log.
pub const LOG_FILE: &str = "waba-console.log";
/// Days of logs kept; older files are deleted when the log rolls over.
pub const KEEP_FILES: usize = 7;

/// Installs the file logger; the returned guard flushes it when the app exits. Falls back to
/// stderr when the folder cannot be used, so a read-only home never stops the app.
pub fn init(log_dir: &Path) -> Option<WorkerGuard> {
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("WABA_LOG").unwrap_or_else(|_| "info".into());
    match appender(log_dir) {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
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
            tracing::warn!(dir = %log_dir.display(), error = %e, "cannot write the log folder; logging to stderr");
            None
        }
    }
}

fn appender(log_dir: &Path) -> Result<RollingFileAppender, Box<dyn std::error::Error>> {
    // Builds before rotation wrote one plain `waba-console.log`; keep it as a dated-looking file
    // the pruning counts (it matches prefix and suffix), instead of letting the link replace it.
    // Created first: the appender prunes the folder before it creates today's file.
    std::fs::create_dir_all(log_dir)?;
    let legacy = log_dir.join(LOG_FILE);
    if legacy.is_file() && !legacy.is_symlink() {
        let _ = std::fs::rename(&legacy, log_dir.join("waba-console.before-rotation.log"));
    }
    let builder = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("waba-console")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES);
    #[cfg(unix)]
    let builder = builder.latest_symlink(LOG_FILE);
    Ok(builder.build(log_dir)?)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn writes_a_dated_file_linked_as_waba_console_log_and_keeps_an_old_plain_log() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LOG_FILE), "from an older build\n").unwrap();

        let mut appender = appender(dir.path()).unwrap();
        appender.write_all(b"today\n").unwrap();
        appender.flush().unwrap();

        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names.len(), 3, "{names:?}");
        assert!(names.contains(&"waba-console.before-rotation.log".to_string()));
        let dated = names
            .iter()
            .find(|n| n.len() == "waba-console.2026-11-20.log".len())
            .expect("a dated file");
        assert!(dated.starts_with("waba-console.20") && dated.ends_with(".log"));
        #[cfg(unix)]
        {
            let link = dir.path().join(LOG_FILE);
            assert!(link.is_symlink());
            assert_eq!(std::fs::read_to_string(link).unwrap(), "today\n");
        }
    }
}
