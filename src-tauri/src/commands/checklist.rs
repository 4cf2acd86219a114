//! The home page: the setup checklist with its live checks.

use tauri::State;
use waba_core::ipc::GetChecklistArgs;

use super::{Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn get_checklist(
    state: State<'_, AppState>,
    args: Args<GetChecklistArgs>,
) -> Answer<GetChecklistArgs> {
    state
        .console()
        .await?
        .checklist(&args.profile_id)
        .await
        .map_err(Into::into)
}
