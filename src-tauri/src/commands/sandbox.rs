//! The built-in sandbox: its scenarios and sample token, and switching scenario.

use tauri::State;
use waba_core::app::{SandboxInfo, SetScenarioRequest};
use waba_core::profile::Profile;

use super::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn sandbox_info(state: State<'_, AppState>) -> CommandResult<SandboxInfo> {
    Ok(state.console().await?.sandbox_info().await)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn set_sandbox_scenario(
    state: State<'_, AppState>,
    request: SetScenarioRequest,
) -> CommandResult<Profile> {
    state
        .console()
        .await?
        .set_sandbox_scenario(request)
        .await
        .map_err(Into::into)
}
