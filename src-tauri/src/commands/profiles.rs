//! The Profiles page and the profile switcher.

use tauri::State;
use waba_core::profile::{NewProfile, Profile, ProfileList};

use super::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn list_profiles(state: State<'_, AppState>) -> CommandResult<ProfileList> {
    state
        .console()
        .await?
        .list_profiles()
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn add_profile(
    state: State<'_, AppState>,
    profile: NewProfile,
) -> CommandResult<Profile> {
    state
        .console()
        .await?
        .add_profile(profile)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn remove_profile(state: State<'_, AppState>, profile_id: String) -> CommandResult<()> {
    state
        .console()
        .await?
        .remove_profile(&profile_id)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn set_active_profile(
    state: State<'_, AppState>,
    profile_id: String,
) -> CommandResult<()> {
    state
        .console()
        .await?
        .set_active_profile(&profile_id)
        .await
        .map_err(Into::into)
}
