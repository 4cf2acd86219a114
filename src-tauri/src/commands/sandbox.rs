//! The built-in sandbox: its scenarios and sample token, and switching scenario.

use tauri::State;
use waba_core::ipc::{SandboxInfoArgs, SetSandboxScenarioArgs};

use super::{Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn sandbox_info(
    state: State<'_, AppState>,
    args: Args<SandboxInfoArgs>,
) -> Answer<SandboxInfoArgs> {
    let Args(SandboxInfoArgs {}) = args;
    Ok(state.console().await?.sandbox_info().await)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn set_sandbox_scenario(
    state: State<'_, AppState>,
    args: Args<SetSandboxScenarioArgs>,
) -> Answer<SetSandboxScenarioArgs> {
    let Args(SetSandboxScenarioArgs { request }) = args;
    state
        .console()
        .await?
        .set_sandbox_scenario(request)
        .await
        .map_err(Into::into)
}
