//! The Doctor page: run every check at once, and export the report.

use tauri::{AppHandle, State};
use waba_core::app::{ExportFormat, ExportedFile, RunDoctorRequest};
use waba_core::doctor::DoctorReport;

use super::{export_dir, CommandResult};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn run_doctor(
    state: State<'_, AppState>,
    request: RunDoctorRequest,
) -> CommandResult<DoctorReport> {
    state
        .console()
        .await?
        .run_doctor(&request.profile_id, request.api_version.as_deref())
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(app, state, report), fields(profile = %report.profile_name))]
pub async fn export_doctor(
    app: AppHandle,
    state: State<'_, AppState>,
    report: DoctorReport,
    format: ExportFormat,
) -> CommandResult<ExportedFile> {
    state
        .console()
        .await?
        .export_doctor(&report, format, &export_dir(&app))
        .await
        .map_err(Into::into)
}
