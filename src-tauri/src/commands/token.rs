//! The Token page: check a pasted token with Meta and store it in the keychain, or remove it.

use tauri::State;
use waba_core::app::{SetTokenRequest, TokenSaved};

use super::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn set_token(
    state: State<'_, AppState>,
    request: SetTokenRequest,
) -> CommandResult<TokenSaved> {
    state
        .console()
        .await?
        .set_token(request)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn clear_token(state: State<'_, AppState>, profile_id: String) -> CommandResult<()> {
    state
        .console()
        .await?
        .clear_token(&profile_id)
        .await
        .map(drop)
        .map_err(Into::into)
}
