//! The Diagnose page: explain whatever the admin pastes (an error response, a webhook, a code),
//! with what the active profile's state says about it.

use tauri::State;
use waba_core::diagnose::DiagnoseResult;

use super::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn diagnose(
    state: State<'_, AppState>,
    input: String,
    profile_id: Option<String>,
) -> CommandResult<DiagnoseResult> {
    state
        .console()
        .await?
        .diagnose(&input, profile_id.as_deref())
        .await
}
