//! The Doctor page: run every check at once, and export the report.

use tauri::{AppHandle, Runtime, State};
use waba_core::ipc::{ExportDoctorArgs, RunDoctorArgs};

use super::{export_dir, Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn run_doctor(
    state: State<'_, AppState>,
    args: Args<RunDoctorArgs>,
) -> Answer<RunDoctorArgs> {
    let request = &args.request;
    state
        .console()
        .await?
        .run_doctor(&request.profile_id, request.api_version.as_deref())
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(app, state, args), fields(profile = %args.report.profile_name, format = ?args.format))]
pub async fn export_doctor<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<ExportDoctorArgs>,
) -> Answer<ExportDoctorArgs> {
    state
        .console()
        .await?
        .export_doctor(&args.report, args.format, &export_dir(&app))
        .await
        .map_err(Into::into)
}
