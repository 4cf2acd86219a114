//! The Diagnose page: explain whatever the admin pastes (an error response, a webhook, a code),
//! with what the active profile's state says about it.

use tauri::State;
use waba_core::ipc::DiagnoseArgs;

use super::{Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state, args), fields(input_chars = args.input.len(), profile_id = ?args.profile_id))]
pub async fn diagnose(
    state: State<'_, AppState>,
    args: Args<DiagnoseArgs>,
) -> Answer<DiagnoseArgs> {
    state
        .console()
        .await?
        .diagnose(&args.input, args.profile_id.as_deref())
        .await
        .map_err(Into::into)
}
