//! The Profiles page and the profile switcher.

use tauri::State;
use waba_core::ipc::{AddProfileArgs, ListProfilesArgs, RemoveProfileArgs, SetActiveProfileArgs};

use super::{Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn list_profiles(
    state: State<'_, AppState>,
    args: Args<ListProfilesArgs>,
) -> Answer<ListProfilesArgs> {
    let Args(ListProfilesArgs {}) = args;
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
    args: Args<AddProfileArgs>,
) -> Answer<AddProfileArgs> {
    let Args(AddProfileArgs { profile }) = args;
    state
        .console()
        .await?
        .add_profile(profile)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn remove_profile(
    state: State<'_, AppState>,
    args: Args<RemoveProfileArgs>,
) -> Answer<RemoveProfileArgs> {
    state
        .console()
        .await?
        .remove_profile(&args.profile_id)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn set_active_profile(
    state: State<'_, AppState>,
    args: Args<SetActiveProfileArgs>,
) -> Answer<SetActiveProfileArgs> {
    state
        .console()
        .await?
        .set_active_profile(&args.profile_id)
        .await
        .map_err(Into::into)
}
