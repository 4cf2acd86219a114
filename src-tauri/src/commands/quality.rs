//! The Quality page: what ratings mean, and the history the console recorded.

use tauri::State;
use waba_core::ipc::{QualityGuideArgs, QualityHistoryArgs};
use waba_core::quality::guide;

use super::{Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err)]
pub async fn quality_guide(args: Args<QualityGuideArgs>) -> Answer<QualityGuideArgs> {
    let Args(QualityGuideArgs {}) = args;
    Ok(guide())
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn quality_history(
    state: State<'_, AppState>,
    args: Args<QualityHistoryArgs>,
) -> Answer<QualityHistoryArgs> {
    state
        .console()
        .await?
        .quality_history(&args.profile_id)
        .await
        .map_err(Into::into)
}
