//! The Diagnose page: explain whatever the admin pastes (an error response, a webhook, a code).

use waba_core::diagnose::{diagnose as explain, DiagnoseResult};

use super::CommandResult;

#[tauri::command]
pub async fn diagnose(input: String) -> CommandResult<DiagnoseResult> {
    Ok(explain(&input))
}
