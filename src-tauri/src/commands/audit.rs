//! The Audit log page: the newest entries, the hash chain's verdict, and the export.

use tauri::{AppHandle, State};
use waba_core::app::{ExportFormat, ExportedFile};
use waba_core::audit::AuditLog;

use super::{export_dir, CommandResult};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn audit_log(state: State<'_, AppState>, limit: u32) -> CommandResult<AuditLog> {
    state
        .console()
        .await?
        .audit_log(limit)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(app, state))]
pub async fn export_audit(
    app: AppHandle,
    state: State<'_, AppState>,
    format: ExportFormat,
) -> CommandResult<ExportedFile> {
    state
        .console()
        .await?
        .export_audit(format, &export_dir(&app))
        .await
        .map_err(Into::into)
}
