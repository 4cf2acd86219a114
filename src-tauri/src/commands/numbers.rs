//! The Numbers page: the WABA's numbers, a number's health panel, the 2FA PIN, ownership codes,
//! register/deregister (with the attempt budget) and the ID check.

use tauri::State;
use waba_core::numbers::{
    AttemptBudget, BudgetRequest, CheckIdRequest, DeregisterRequest, IdCheck, NumberHealth,
    NumberRequest, RegisterRequest, RequestCodeRequest, SetPinRequest, VerifyCodeRequest,
};

use super::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn list_numbers(
    state: State<'_, AppState>,
    profile_id: String,
) -> CommandResult<Vec<NumberHealth>> {
    state
        .console()
        .await?
        .numbers(&profile_id)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn number_health(
    state: State<'_, AppState>,
    request: NumberRequest,
) -> CommandResult<NumberHealth> {
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
    request: BudgetRequest,
) -> CommandResult<AttemptBudget> {
    state
        .console()
        .await?
        .attempt_budget(&request.phone_number_id, request.kind)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn set_pin(state: State<'_, AppState>, request: SetPinRequest) -> CommandResult<()> {
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
    request: RequestCodeRequest,
) -> CommandResult<()> {
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
#[tracing::instrument(err, skip(state, request), fields(profile_id = %request.profile_id, phone_number_id = %request.phone_number_id))]
pub async fn verify_code(
    state: State<'_, AppState>,
    request: VerifyCodeRequest,
) -> CommandResult<()> {
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
    request: RegisterRequest,
) -> CommandResult<AttemptBudget> {
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
    request: DeregisterRequest,
) -> CommandResult<AttemptBudget> {
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
pub async fn check_id(
    state: State<'_, AppState>,
    request: CheckIdRequest,
) -> CommandResult<IdCheck> {
    state
        .console()
        .await?
        .check_id(&request.profile_id, &request.input, request.field)
        .await
        .map_err(Into::into)
}
