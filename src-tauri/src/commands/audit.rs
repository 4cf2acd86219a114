//! The Audit log page: the newest entries, the hash chain's verdict, and the export.

use tauri::{AppHandle, Runtime, State};
use waba_core::ipc::{AuditLogArgs, ExportAuditArgs};

use super::{export_dir, Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn audit_log(
    state: State<'_, AppState>,
    args: Args<AuditLogArgs>,
) -> Answer<AuditLogArgs> {
    state
        .console()
        .await?
        .audit_log(args.limit)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(app, state))]
pub async fn export_audit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<ExportAuditArgs>,
) -> Answer<ExportAuditArgs> {
    state
        .console()
        .await?
        .export_audit(args.format, &export_dir(&app))
        .await
        .map_err(Into::into)
}
