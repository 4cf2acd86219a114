//! The Numbers page: the WABA's numbers, a number's health panel, the 2FA PIN, ownership codes,
//! register/deregister (with the attempt budget) and the ID check.

use tauri::State;
use waba_core::ipc::{
    AttemptBudgetArgs, CheckIdArgs, DeregisterNumberArgs, ListNumbersArgs, NumberHealthArgs,
    RegisterNumberArgs, RequestCodeArgs, SetPinArgs, VerifyCodeArgs,
};

use super::{Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn list_numbers(
    state: State<'_, AppState>,
    args: Args<ListNumbersArgs>,
) -> Answer<ListNumbersArgs> {
    state
        .console()
        .await?
        .numbers(&args.profile_id)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn number_health(
    state: State<'_, AppState>,
    args: Args<NumberHealthArgs>,
) -> Answer<NumberHealthArgs> {
    let Args(NumberHealthArgs { request }) = args;
    state
        .console()
        .await?
        .number(&request.profile_id, request.phone_number_id.as_deref())
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn attempt_budget(
    state: State<'_, AppState>,
    args: Args<AttemptBudgetArgs>,
) -> Answer<AttemptBudgetArgs> {
    let Args(AttemptBudgetArgs { request }) = args;
    state
        .console()
        .await?
        .attempt_budget(&request.phone_number_id, request.kind)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn set_pin(state: State<'_, AppState>, args: Args<SetPinArgs>) -> Answer<SetPinArgs> {
    let Args(SetPinArgs { request }) = args;
    state
        .console()
        .await?
        .set_pin(
            &request.profile_id,
            &request.phone_number_id,
            &request.pin,
            request.remember,
        )
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn request_code(
    state: State<'_, AppState>,
    args: Args<RequestCodeArgs>,
) -> Answer<RequestCodeArgs> {
    let Args(RequestCodeArgs { request }) = args;
    let console = state.console().await?;
    console
        .request_code(
            &request.profile_id,
            &request.phone_number_id,
            request.method,
            &request.language,
        )
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state, args), fields(profile_id = %args.request.profile_id, phone_number_id = %args.request.phone_number_id))]
pub async fn verify_code(
    state: State<'_, AppState>,
    args: Args<VerifyCodeArgs>,
) -> Answer<VerifyCodeArgs> {
    let Args(VerifyCodeArgs { request }) = args;
    state
        .console()
        .await?
        .verify_code(&request.profile_id, &request.phone_number_id, &request.code)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn register_number(
    state: State<'_, AppState>,
    args: Args<RegisterNumberArgs>,
) -> Answer<RegisterNumberArgs> {
    let Args(RegisterNumberArgs { request }) = args;
    let console = state.console().await?;
    let region = request
        .data_localization_region
        .as_deref()
        .filter(|r| !r.is_empty());
    console
        .register(
            &request.profile_id,
            &request.phone_number_id,
            request.pin.as_ref(),
            region,
            request.confirmed,
        )
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn deregister_number(
    state: State<'_, AppState>,
    args: Args<DeregisterNumberArgs>,
) -> Answer<DeregisterNumberArgs> {
    let Args(DeregisterNumberArgs { request }) = args;
    state
        .console()
        .await?
        .deregister(
            &request.profile_id,
            &request.phone_number_id,
            request.confirmed,
        )
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn check_id(state: State<'_, AppState>, args: Args<CheckIdArgs>) -> Answer<CheckIdArgs> {
    let Args(CheckIdArgs { request }) = args;
    state
        .console()
        .await?
        .check_id(&request.profile_id, &request.input, request.field)
        .await
        .map_err(Into::into)
}
