//! The Token page: store a pasted token in the keychain (then check it), or remove it.

use tauri::State;
use waba_core::app::SetTokenRequest;
use waba_core::token::TokenReport;

use super::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn set_token(
    state: State<'_, AppState>,
    request: SetTokenRequest,
) -> CommandResult<TokenReport> {
    state.console().await?.set_token(request).await
}

#[tauri::command]
pub async fn clear_token(state: State<'_, AppState>, profile_id: String) -> CommandResult<()> {
    state
        .console()
        .await?
        .clear_token(&profile_id)
        .await
        .map(drop)
}
