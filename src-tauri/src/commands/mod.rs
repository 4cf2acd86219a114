//! IPC commands, one module per feature. Each is async (never on the UI thread) and a thin call
//! into `waba_service::Console`; errors cross as `CommandError` (`{code, message, action, details}`).
//!
//! Each command is declared in `waba_core::ipc` (name, arguments, answer): its function here has
//! that name, takes [`Args`] of the declared arguments type and returns [`Answer`] of it, so the
//! declaration and the function cannot disagree on types, and [`Args`] refuses to serve a function
//! whose name is not the declared one.
//!
//! Every command carries `#[tracing::instrument(err, skip(..))]`: a failure is logged once, at
//! ERROR, with the command's name, its arguments (secret fields print as redacted; free text and
//! large values are skipped) and the error's code, in the form [`CommandFailure`] displays.

pub mod app;
pub mod audit;
pub mod business_profile;
pub mod checklist;
pub mod diagnose;
pub mod doctor;
pub mod graph_calls;
pub mod numbers;
pub mod profiles;
pub mod quality;
pub mod sandbox;
pub mod sends;
pub mod templates;
pub mod token;
pub mod webhooks;

use std::fmt;
use std::ops::Deref;
use std::path::PathBuf;

use serde::Serialize;
use tauri::ipc::{CommandArg, CommandItem, InvokeBody, InvokeError};
use tauri::Manager;
use waba_core::ipc::Command;
use waba_core::{CommandError, ErrorCode};

/// The result every command returns.
pub type CommandResult<T> = Result<T, CommandFailure>;

/// What the command declared with arguments `C` answers.
pub type Answer<C> = CommandResult<<C as Command>::Answer>;

/// A command's whole argument object, read as its declared arguments type `C` (camelCase keys,
/// unknown keys refused). Taken by the function named `C::NAME` only: any other function taking
/// it fails every call, which the handler-list test catches.
pub struct Args<C>(pub C);

impl<C> Deref for Args<C> {
    type Target = C;

    fn deref(&self) -> &C {
        &self.0
    }
}

impl<C: fmt::Debug> fmt::Debug for Args<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<'de, R: tauri::Runtime, C: Command> CommandArg<'de, R> for Args<C> {
    fn from_command(item: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let refuse = |error: CommandError| {
            tracing::error!(command = item.name, error = %CommandFailure(error.clone()), "refused before running");
            Err(InvokeError::from(CommandFailure(error)))
        };
        if item.name != C::NAME {
            return refuse(CommandError::internal(format!(
                "The command {} reads the arguments declared for {}.",
                item.name,
                C::NAME
            )));
        }
        let InvokeBody::Json(value) = item.message.payload() else {
            return refuse(CommandError::new(
                ErrorCode::InvalidInput,
                format!("The command {} takes a JSON argument object.", C::NAME),
            ));
        };
        match C::deserialize(value) {
            Ok(args) => Ok(Args(args)),
            Err(e) => refuse(CommandError::new(
                ErrorCode::InvalidInput,
                format!(
                    "The window sent {} arguments it does not take: {e}",
                    C::NAME
                ),
            )),
        }
    }
}

/// A command's `CommandError` on its way to the window: serialized exactly as the error itself,
/// and displayed for the log with its code first (`notFound: There is no profile ...`) and, for
/// Meta's answers, the Graph code and fbtrace_id. `?` converts any `CommandError` into it.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct CommandFailure(pub CommandError);

impl From<CommandError> for CommandFailure {
    fn from(error: CommandError) -> Self {
        Self(error)
    }
}

impl fmt::Display for CommandFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = &self.0;
        // The code as it crosses IPC (camelCase), so the log and the UI name it the same way.
        let code = serde_json::to_value(error.code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| format!("{:?}", error.code));
        write!(f, "{code}: {}", error.message)?;
        if let Some(graph) = error.graph() {
            write!(f, " (Graph {}", graph.code)?;
            if let Some(subcode) = graph.subcode {
                write!(f, "/{subcode}")?;
            }
            write!(f, ", HTTP {}", graph.http_status)?;
            if let Some(trace) = &graph.fbtrace_id {
                write!(f, ", fbtrace_id {trace}")?;
            }
            write!(f, ")")?;
        }
        if let Some(waba_core::ErrorDetails::Transport { url, reason }) = &error.details {
            write!(f, " ({url}: {reason})")?;
        }
        Ok(())
    }
}

/// Exports go to the user's Downloads folder (`WABA_EXPORT_DIR` or the state's export folder
/// override it, for tests), or the home folder where there is none.
fn export_dir<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> PathBuf {
    app.try_state::<crate::state::AppState>()
        .and_then(|state| state.export_dir().cloned())
        .or_else(|| std::env::var_os("WABA_EXPORT_DIR").map(PathBuf::from))
        .or_else(|| app.path().download_dir().ok())
        .or_else(|| app.path().home_dir().ok())
        .unwrap_or_else(std::env::temp_dir)
}
