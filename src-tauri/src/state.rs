//! The app's managed state: the service [`Console`], opened in the background as the window
//! loads (start-up never waits on the database or the keychain, and the first command finds it
//! open or joins the opening), and kept as an error (not a crash) if it cannot open.

use std::path::PathBuf;

use tauri::Manager;
use tokio::sync::OnceCell;
use tracing_appender::non_blocking::WorkerGuard;
use waba_core::CommandError;
use waba_service::{Console, ConsoleConfig};

pub struct AppState {
    config: ConsoleConfig,
    console: OnceCell<Result<Console, CommandError>>,
    /// Where exports go instead of the Downloads folder (tests).
    export_dir: std::sync::OnceLock<PathBuf>,
    _log_guard: Option<WorkerGuard>,
}

impl AppState {
    /// Data go to the OS app-data folder of this build's identifier (`WABA_DATA_DIR` overrides
    /// it, for tests); tokens to the keychain under the same identifier.
    pub fn new(
        app: &tauri::App,
        log_dir: PathBuf,
        log_guard: Option<WorkerGuard>,
    ) -> tauri::Result<Self> {
        let data_dir = match std::env::var_os("WABA_DATA_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => app.path().app_data_dir()?,
        };
        let mut config = ConsoleConfig::new(data_dir, app.config().identifier.clone());
        config.log_dir = Some(log_dir);
        if let Ok(scenario) = std::env::var("WABA_SANDBOX_SCENARIO") {
            config.initial_scenario = scenario;
        }
        tracing::info!(data_dir = %config.data_dir.display(), keychain = %config.keychain_service, "WABA Console starting");
        Ok(Self::from_config(config, log_guard))
    }

    /// The state for `config`; the console opens on the first command.
    pub fn from_config(config: ConsoleConfig, log_guard: Option<WorkerGuard>) -> Self {
        Self {
            config,
            console: OnceCell::new(),
            export_dir: std::sync::OnceLock::new(),
            _log_guard: log_guard,
        }
    }

    /// Sends exports to `dir` instead of the Downloads folder (for tests, which must not write
    /// to the user's folders).
    #[cfg(test)]
    pub fn set_export_dir(&self, dir: PathBuf) {
        let _ = self.export_dir.set(dir);
    }

    /// The export folder set by [`AppState::set_export_dir`], if any.
    pub fn export_dir(&self) -> Option<&PathBuf> {
        self.export_dir.get()
    }

    pub async fn console(&self) -> Result<&Console, CommandError> {
        let opened = self
            .console
            .get_or_init(|| Console::open(self.config.clone()))
            .await;
        opened.as_ref().map_err(|e| {
            tracing::error!(error = %e, "the console could not open its database");
            e.clone()
        })
    }
}
