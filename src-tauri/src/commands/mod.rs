//! IPC commands, one module per feature. Each is async (never on the UI thread) and a thin call
//! into `waba_service::Console`; errors cross as `CommandError` (`{code, message, action, details}`).

pub mod app;
pub mod checklist;
pub mod profiles;
pub mod sandbox;
pub mod token;

/// The result every command returns.
pub type CommandResult<T> = Result<T, waba_core::CommandError>;
