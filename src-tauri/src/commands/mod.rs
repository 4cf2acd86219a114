//! IPC commands, one module per feature. Each is async (never on the UI thread) and a thin call
//! into `waba_service::Console`; errors cross as `CommandError` (`{code, message, action, details}`).

pub mod app;
pub mod audit;
pub mod checklist;
pub mod diagnose;
pub mod doctor;
pub mod numbers;
pub mod profiles;
pub mod quality;
pub mod sandbox;
pub mod token;

use std::path::PathBuf;

use tauri::Manager;

/// The result every command returns.
pub type CommandResult<T> = Result<T, waba_core::CommandError>;

/// Exports go to the user's Downloads folder (`WABA_EXPORT_DIR` overrides it, for tests), or the
/// home folder where there is none.
fn export_dir(app: &tauri::AppHandle) -> PathBuf {
    std::env::var_os("WABA_EXPORT_DIR")
        .map(PathBuf::from)
        .or_else(|| app.path().download_dir().ok())
        .or_else(|| app.path().home_dir().ok())
        .unwrap_or_else(std::env::temp_dir)
}
