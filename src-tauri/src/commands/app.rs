//! Facts about this install: version, folders, keychain namespace, API versions.

use tauri::State;
use waba_core::app::AppInfo;

use super::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    Ok(state.console().await?.app_info())
}
