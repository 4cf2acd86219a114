//! The Quality page: what ratings mean, and the history the console recorded.

use tauri::State;
use waba_core::quality::{guide, QualityGuide, QualityPoint};

use super::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err)]
pub async fn quality_guide() -> CommandResult<QualityGuide> {
    Ok(guide())
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn quality_history(
    state: State<'_, AppState>,
    profile_id: String,
) -> CommandResult<Vec<QualityPoint>> {
    state
        .console()
        .await?
        .quality_history(&profile_id)
        .await
        .map_err(Into::into)
}
