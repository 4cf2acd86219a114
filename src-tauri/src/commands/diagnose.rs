//! The Diagnose page: explain whatever the admin pastes (an error response, a webhook, a code),
//! with what the active profile's state says about it.

use tauri::State;
use waba_core::diagnose::DiagnoseResult;

use super::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state, input), fields(input_chars = input.len()))]
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
        .map_err(Into::into)
}
