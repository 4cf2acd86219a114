//! The Business profile page: the profile, its photo, the display name and the conversational
//! components. Reads and saves go through `waba_service::Console`; the checks as the admin types
//! are local (`waba_core::business_profile`), so the page and the CLI refuse the same values with
//! the same words. Typed texts and photo bytes are never logged: a failure logs the profile, the
//! file name or the upload and the error.

use tauri::State;
use waba_core::business_profile;
use waba_core::ipc::{
    CheckAutomationArgs, CheckDisplayNameArgs, CheckProfileDraftArgs, CheckProfilePhotoArgs,
    GetProfilePageArgs, ProfilePhotoUploadProgressArgs, RequestDisplayNameArgs,
    SaveBusinessProfileArgs, SaveConversationalAutomationArgs, StartProfilePhotoUploadArgs,
};

use super::{Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn get_profile_page(
    state: State<'_, AppState>,
    args: Args<GetProfilePageArgs>,
) -> Answer<GetProfilePageArgs> {
    Ok(state
        .console()
        .await?
        .profile_page(&args.profile_id)
        .await?)
}

#[tauri::command]
#[tracing::instrument(err, skip_all)]
pub async fn check_profile_draft(
    args: Args<CheckProfileDraftArgs>,
) -> Answer<CheckProfileDraftArgs> {
    Ok(business_profile::check_draft(&args.draft))
}

#[tauri::command]
#[tracing::instrument(err, skip_all, fields(profile = %args.request.profile_id))]
pub async fn save_business_profile(
    state: State<'_, AppState>,
    args: Args<SaveBusinessProfileArgs>,
) -> Answer<SaveBusinessProfileArgs> {
    Ok(state
        .console()
        .await?
        .save_business_profile(&args.request)
        .await?)
}

#[tauri::command]
#[tracing::instrument(err, skip_all, fields(file = %args.request.file_name))]
pub async fn check_profile_photo(
    args: Args<CheckProfilePhotoArgs>,
) -> Answer<CheckProfilePhotoArgs> {
    Ok(waba_service::check_profile_photo(&args.request)?)
}

#[tauri::command]
#[tracing::instrument(err, skip_all, fields(profile = %args.request.profile_id, file = %args.request.file_name))]
pub async fn start_profile_photo_upload(
    state: State<'_, AppState>,
    args: Args<StartProfilePhotoUploadArgs>,
) -> Answer<StartProfilePhotoUploadArgs> {
    let Args(StartProfilePhotoUploadArgs { request }) = args;
    Ok(state
        .console()
        .await?
        .start_profile_photo_upload(request)
        .await?)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn profile_photo_upload_progress(
    state: State<'_, AppState>,
    args: Args<ProfilePhotoUploadProgressArgs>,
) -> Answer<ProfilePhotoUploadProgressArgs> {
    Ok(state
        .console()
        .await?
        .profile_photo_upload_progress(&args.upload_id)
        .await?)
}

#[tauri::command]
#[tracing::instrument(err, skip_all)]
pub async fn check_display_name(args: Args<CheckDisplayNameArgs>) -> Answer<CheckDisplayNameArgs> {
    Ok(business_profile::check_display_name(
        &args.name,
        args.current.as_deref(),
    ))
}

#[tauri::command]
#[tracing::instrument(err, skip_all, fields(profile = %args.request.profile_id))]
pub async fn request_display_name(
    state: State<'_, AppState>,
    args: Args<RequestDisplayNameArgs>,
) -> Answer<RequestDisplayNameArgs> {
    Ok(state
        .console()
        .await?
        .request_display_name(&args.request)
        .await?)
}

#[tauri::command]
#[tracing::instrument(err, skip_all)]
pub async fn check_automation(args: Args<CheckAutomationArgs>) -> Answer<CheckAutomationArgs> {
    Ok(business_profile::check_automation(&args.automation))
}

#[tauri::command]
#[tracing::instrument(err, skip_all, fields(profile = %args.request.profile_id))]
pub async fn save_conversational_automation(
    state: State<'_, AppState>,
    args: Args<SaveConversationalAutomationArgs>,
) -> Answer<SaveConversationalAutomationArgs> {
    Ok(state
        .console()
        .await?
        .save_automation(&args.request)
        .await?)
}
