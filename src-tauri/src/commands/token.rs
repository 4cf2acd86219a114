//! The Token page: check a pasted token with Meta and store it in the keychain, or remove it.

use tauri::State;
use waba_core::ipc::{ClearTokenArgs, SetTokenArgs};

use super::{Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn set_token(
    state: State<'_, AppState>,
    args: Args<SetTokenArgs>,
) -> Answer<SetTokenArgs> {
    let Args(SetTokenArgs { request }) = args;
    state
        .console()
        .await?
        .set_token(request)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn clear_token(
    state: State<'_, AppState>,
    args: Args<ClearTokenArgs>,
) -> Answer<ClearTokenArgs> {
    state
        .console()
        .await?
        .clear_token(&args.profile_id)
        .await
        .map(drop)
        .map_err(Into::into)
}
