//! The control API under `/__sandbox` (not a Graph path): lets the standalone binary, benchmarks
//! and out-of-process tests read the sandbox's identity and drive faults and the clock. Faults
//! never apply here.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::clock::rfc3339;
use crate::faults::FaultState;
use crate::registration;
use crate::state::AppState;
use crate::{
    Scenario, APP_ID, APP_NAME, PHONE_NUMBER_ID, PHONE_NUMBER_IDS, SANDBOX_TOKEN, WABA_ID,
};

/// The clock may be advanced by at most ten years per call.
const MAX_ADVANCE_SECONDS: u64 = 10 * 366 * 24 * 3600;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/__sandbox", get(describe))
        .route("/__sandbox/faults", post(set_faults).delete(clear_faults))
        .route("/__sandbox/clock/advance", post(advance_clock))
        .route("/__sandbox/numbers/{id}", get(number_state))
}

/// `POST /__sandbox/faults` body; absent keys leave that fault unchanged.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FaultsPatch {
    latency_ms: Option<u64>,
    fail_next: Option<FailNextPatch>,
    #[serde(rename = "html500Next")]
    html_500_next: Option<u32>,
    reset_next: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FailNextPatch {
    count: u32,
    code: i64,
    subcode: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    seconds: u64,
}

/// `GET /__sandbox`: scenario, IDs, token, clock and faults.
async fn describe(State(state): State<AppState>) -> Json<Value> {
    let scenarios: Vec<Value> = Scenario::ALL
        .iter()
        .map(|s| json!({"name": s.name(), "summary": s.summary()}))
        .collect();
    Json(json!({
        "scenario": state.scenario.name(),
        "summary": state.scenario.summary(),
        "scenarios": scenarios,
        "baseUrl": state.base_url,
        "appId": APP_ID,
        "appName": APP_NAME,
        "wabaId": WABA_ID,
        "phoneNumberId": PHONE_NUMBER_ID,
        "phoneNumberIds": PHONE_NUMBER_IDS,
        "token": SANDBOX_TOKEN,
        "now": rfc3339(state.clock.now()),
        "faults": state.faults.snapshot(),
    }))
}

/// `POST /__sandbox/faults`: arms faults; answers the resulting fault state.
async fn set_faults(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<FaultState>, BadRequest> {
    let patch: FaultsPatch = parse(&body)?;
    let faults = &state.faults;
    if let Some(ms) = patch.latency_ms {
        faults.set_latency(Duration::from_millis(ms));
    }
    if let Some(fail) = patch.fail_next {
        faults.fail_next(fail.count, fail.code, fail.subcode);
    }
    if let Some(count) = patch.html_500_next {
        faults.html_500_next(count);
    }
    if let Some(count) = patch.reset_next {
        faults.reset_next(count);
    }
    Ok(Json(faults.snapshot()))
}

/// `DELETE /__sandbox/faults`: clears every fault.
async fn clear_faults(State(state): State<AppState>) -> Json<FaultState> {
    state.faults.clear();
    Json(state.faults.snapshot())
}

/// `POST /__sandbox/clock/advance` with `{"seconds": n}`: answers the new time.
async fn advance_clock(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, BadRequest> {
    let advance: Advance = parse(&body)?;
    if advance.seconds > MAX_ADVANCE_SECONDS {
        return Err(BadRequest(format!(
            "seconds must be at most {MAX_ADVANCE_SECONDS}"
        )));
    }
    state.clock.advance(Duration::from_secs(advance.seconds));
    Ok(Json(json!({ "now": rfc3339(state.clock.now()) })))
}

/// `GET /__sandbox/numbers/{id}`: a phone number's internal state (registration phase, PIN,
/// verification, rate-limit counters); 404 `{"error": ...}` for an unknown ID.
async fn number_state(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let now = state.clock.now();
    let world = state.world();
    match world.number(&id) {
        Some(number) => Json(registration::snapshot(
            number,
            now,
            world.provisioning_delay,
        ))
        .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": format!("no phone number with ID {id}") })),
        )
            .into_response(),
    }
}

/// A control call the sandbox cannot act on: HTTP 400 `{"error": "..."}`.
#[derive(Debug)]
struct BadRequest(String);

impl IntoResponse for BadRequest {
    fn into_response(self) -> Response {
        (StatusCode::BAD_REQUEST, Json(json!({ "error": self.0 }))).into_response()
    }
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, BadRequest> {
    serde_json::from_slice(body).map_err(|error| BadRequest(format!("invalid JSON body: {error}")))
}
