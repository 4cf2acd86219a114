//! The home page: the setup checklist with its live checks.

use tauri::State;
use waba_core::checklist::Checklist;

use super::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn get_checklist(
    state: State<'_, AppState>,
    profile_id: String,
) -> CommandResult<Checklist> {
    state
        .console()
        .await?
        .checklist(&profile_id)
        .await
        .map_err(Into::into)
}
