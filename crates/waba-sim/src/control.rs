//! The control API under `/__sandbox` (not a Graph path): lets the standalone binary, benchmarks
//! and out-of-process tests read the sandbox's identity and request counts and drive faults, the
//! clock, the provisioning delay, the template store, the recipients of sent messages and the
//! send limits. Faults never apply here and these calls
//! are not counted.
//!
//! Routes:
//! - `GET /__sandbox`: scenario, IDs, token, clock, faults, provisioning delay, the template
//!   store (`templates`: `count`, `limit`, `businessVerified`, `reviewDelaySeconds`), requests.
//! - `POST /__sandbox/faults` (`latencyMs`, `failNext {count, code, subcode?}`, `html500Next`,
//!   `resetNext`, `loseAnswerNext` (the call runs, a send is accepted, then the connection
//!   closes unanswered), `malformedJsonNext` (the call runs, then answers 200 `application/json`
//!   with its body cut in half), `neverAnswerNext` (the call does not run and is never answered;
//!   its connection stays open until the client gives up or the sandbox stops), `onlyPath` (the
//!   faults hit only calls whose method and path, as `GET /v26.0/upload:…`, contain it; `""`
//!   every call), `holdUntilInFlight`, `holdTimeoutMs`), each count for the next N Graph calls;
//!   `DELETE /__sandbox/faults` clears them all.
//! - `POST /__sandbox/clock/advance` `{"seconds": n}`: moves the sim clock (token expiry,
//!   72-hour windows, provisioning, template review, the template edit and name-reuse windows).
//! - `POST /__sandbox/provisioning` `{"delaySeconds": n}`: PENDING → CONNECTED after register.
//! - `DELETE /__sandbox/requests`: zeroes the request counts.
//! - `GET /__sandbox/numbers/{id}`: a number's registration state and counters.
//! - `GET /__sandbox/templates`: the template store's `count`, `limit` (6,000 when the business
//!   is verified, 250 when not: `fresh`'s business is not verified), `reviewDelaySeconds`.
//! - `POST /__sandbox/templates/review` `{"delaySeconds": n}`: how long a submitted or edited
//!   template stays PENDING before the sandbox's reviewer decides (default 60; 0 = at once).
//! - `POST /__sandbox/display-name/review` `{"delaySeconds": n}`: how long a requested display
//!   name (`new_display_name`) stays PENDING_REVIEW before the sandbox's reviewer decides
//!   (default 600; 0 = at the next call); answers `{"delaySeconds": n}`. `GET /__sandbox` shows
//!   it as `displayNameReviewDelaySeconds`.
//! - `GET /__sandbox/profile-photos/{photo-id}`: the bytes of a number's profile photo (the
//!   `profile_picture_url` the sandbox answers), 404 once replaced.
//! - `POST /__sandbox/templates/seed` `{"count": n}` (1..=10,000): adds n generated templates
//!   (`seeded_template_00001`...) to page through.
//! - `GET /__sandbox/webhooks`: the webhook emitter: `callback` (where events go now, `null`
//!   when the WABA is not subscribed or has no real callback), `delivered`, `pending`, `failed`,
//!   `attempts`, `lastError`, `faults`, `retry`.
//! - `POST /__sandbox/webhooks/faults` `{"duplicates": bool, "outOfOrder": bool}`: send each
//!   POST twice; reverse the changes of a batch. `DELETE /__sandbox/webhooks/faults` clears both.
//! - `POST /__sandbox/webhooks/inbound` `{"from": "16505551234", "text": "hi", "name"?,
//!   "phoneNumberId"?}`: a customer's text message to the number (default the profile number),
//!   sent as a `messages` webhook with a fresh `wamid`; answers `{id, sent, callback}`.
//! - `POST /__sandbox/webhooks/status` `{"to": "16505551234", "status": "sent" | "delivered" |
//!   "read" | "failed"` or `"statuses": [...]`, `"messageId"?, "errorCode"?, "phoneNumberId"?}`:
//!   the status webhooks of one message the number sent (default a fresh `wamid`), one change per
//!   status in one batch, in the order given. `errorCode` is the error a `failed` status
//!   carries (default 131026; also 131047, 131049, 131050, 130472, 131042, 131053, 131000) and is
//!   refused when no status is `failed`. Sent only when the app subscribed `messages`; answers
//!   `{messageId, sent, callback}`.
//! - `POST /__sandbox/quality` `{"rating": "GREEN" | "YELLOW" | "RED", "phoneNumberId"?}`: the
//!   number's `quality_rating` from now on (read as `NA` while it is not connected); `status`
//!   and `health_status` do not change with it, and no webhook is sent (see `emitter`). Answers
//!   `{phoneNumberId, rating}`.
//! - `POST /__sandbox/numbers/{id}/account-mode` `{"accountMode": "SANDBOX" | "LIVE"}`: a
//!   `SANDBOX` number is a test number and may message only the allow-listed recipients
//!   (131030); every seeded number is `LIVE`. Answers `{phoneNumberId, accountMode}`.
//! - `GET /__sandbox/recipients`: `testRecipients` (the allow list, seeded with
//!   16505551234, 16505551235 and 16505551236), `maxTestRecipients` (5) and `recipients`, each
//!   `{waId, reads, onWhatsApp, marketingLimited, reply, testRecipient, windows: [{phoneNumberId,
//!   lastInboundAt, open, closesAt}]}` (see `recipients`).
//! - `POST /__sandbox/recipients/{wa_id}` with any of `{"reads": bool, "onWhatsApp": bool,
//!   "marketingLimited": bool, "reply": "text" | null, "testRecipient": bool}`: how the
//!   recipient behaves (a `read` status after `delivered`; 131026 when not on WhatsApp; 131049
//!   for marketing templates at the ecosystem limit; a reply after each delivered message) and
//!   whether it is on the allow list (400 past 5). Answers the recipient.
//! - `POST /__sandbox/recipients/{wa_id}/reply` `{"text": "...", "name"?, "phoneNumberId"?}`:
//!   the recipient writes to the number now (an inbound `messages` webhook, as
//!   `/__sandbox/webhooks/inbound`, which also opens the window). Answers `{id, sent, callback}`.
//! - `GET /__sandbox/limits`: the send limits `{perSecond, pairIntervalMs, pairBurst}`
//!   (default 80, 6000, 45); `POST /__sandbox/limits` with any of them sets them, with full
//!   buckets (see `limits`).
//!
//! Moving the clock or a review delay announces the template and display-name reviews it decides
//! (`message_template_status_update`, `phone_number_name_update`) and the message statuses and replies that fall due to
//! the callback at once.
//!
//! Reads (`GET`) are open. Every `POST` and `DELETE` must send `Content-Type: application/json`
//! (else 415) and the sandbox's control secret in `X-Sandbox-Secret` (401 when the header is
//! missing, 403 when it does not match; compared in constant time). A web page can send neither
//! without a CORS preflight, which the sandbox never answers, so it cannot drive the sandbox even
//! when it finds the port. The secret is never part of any answer.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use crate::clock::rfc3339;
use crate::emitter::{Delivery, Failure};
use crate::state::{sim_duration, AppState};
use crate::{business_profile, emitter, messages, registration, templates, MessageLimits};
use crate::{
    Scenario, APP_ID, APP_NAME, CONTROL_SECRET_HEADER, DEFAULT_HOLD_TIMEOUT, MAX_HOLD_TIMEOUT,
    PHONE_NUMBER_ID, PHONE_NUMBER_IDS, SANDBOX_TOKEN, WABA_ID,
};

/// The clock may be advanced by at most ten years per call; the provisioning delay is capped
/// the same way.
const MAX_ADVANCE_SECONDS: u64 = 10 * 366 * 24 * 3600;
const JSON: &str = "application/json";

pub(crate) fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/__sandbox", get(describe))
        .route("/__sandbox/faults", post(set_faults).delete(clear_faults))
        .route("/__sandbox/clock/advance", post(advance_clock))
        .route("/__sandbox/provisioning", post(set_provisioning))
        .route("/__sandbox/requests", delete(reset_requests))
        .route("/__sandbox/numbers/{id}", get(number_state))
        .route("/__sandbox/templates", get(template_state))
        .route("/__sandbox/templates/review", post(set_template_review))
        .route("/__sandbox/templates/seed", post(seed_templates))
        .route("/__sandbox/display-name/review", post(set_name_review))
        .route(
            &format!("{}/{{id}}", business_profile::PHOTO_PATH),
            get(business_profile::photo),
        )
        .route("/__sandbox/webhooks", get(webhook_state))
        .route(
            "/__sandbox/webhooks/faults",
            post(set_webhook_faults).delete(clear_webhook_faults),
        )
        .route("/__sandbox/webhooks/inbound", post(inbound))
        .route("/__sandbox/webhooks/status", post(status))
        .route("/__sandbox/quality", post(set_quality))
        .route(
            "/__sandbox/numbers/{id}/account-mode",
            post(set_account_mode),
        )
        .route("/__sandbox/recipients", get(recipients))
        .route("/__sandbox/recipients/{wa_id}", post(set_recipient))
        .route("/__sandbox/recipients/{wa_id}/reply", post(reply))
        .route("/__sandbox/limits", get(limits).post(set_limits))
        .route_layer(middleware::from_fn_with_state(state, guard))
}

/// Lets reads through; a `POST` or `DELETE` needs the JSON content type and the secret.
async fn guard(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, Refused> {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        return Ok(next.run(request).await);
    }
    check(request.headers(), state.control_secret.expose_secret())?;
    Ok(next.run(request).await)
}

fn check(headers: &HeaderMap, secret: &str) -> Result<(), Refused> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let media_type = content_type
        .as_deref()
        .and_then(|v| v.split(';').next())
        .map(str::trim);
    if !media_type.is_some_and(|m| m.eq_ignore_ascii_case(JSON)) {
        return Err(Refused {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            body: json!({
                "error": format!(
                    "Control calls must send Content-Type: {JSON}; this one sent {}.",
                    content_type.as_deref().map_or_else(|| "none".to_owned(), |t| format!("\"{t}\""))
                ),
                "expected": JSON,
            }),
        });
    }
    let Some(given) = headers.get(CONTROL_SECRET_HEADER) else {
        return Err(Refused {
            status: StatusCode::UNAUTHORIZED,
            body: json!({
                "error": format!(
                    "Control calls must send this sandbox's control secret in the {CONTROL_SECRET_HEADER} header; it is missing."
                ),
                "missing": CONTROL_SECRET_HEADER,
            }),
        });
    };
    if !bool::from(given.as_bytes().ct_eq(secret.as_bytes())) {
        return Err(Refused {
            status: StatusCode::FORBIDDEN,
            body: json!({
                "error": format!(
                    "The {CONTROL_SECRET_HEADER} header does not match this sandbox's control secret."
                ),
                "invalid": CONTROL_SECRET_HEADER,
            }),
        });
    }
    Ok(())
}

/// A control call refused before it ran.
#[derive(Debug)]
struct Refused {
    status: StatusCode,
    body: Value,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
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
    lose_answer_next: Option<u32>,
    malformed_json_next: Option<u32>,
    never_answer_next: Option<u32>,
    /// Aims the armed faults at the calls whose method and path contain it (`""`: every call).
    only_path: Option<String>,
    /// Arms the one-shot hold (0 releases it); see `requests`.
    hold_until_in_flight: Option<u32>,
    /// How long each held request waits at most (default 10 s, at most 120 s).
    hold_timeout_ms: Option<u64>,
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

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Provisioning {
    delay_seconds: u64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Review {
    delay_seconds: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Seed {
    count: usize,
}

/// The fault state as answered: the switches plus the hold.
fn faults_json(state: &AppState) -> Value {
    let mut faults = serde_json::to_value(state.faults.snapshot()).unwrap_or_default();
    let hold = state.requests.hold();
    if let Value::Object(map) = &mut faults {
        map.insert(
            "holdUntilInFlight".into(),
            json!(hold.map(|h| h.until_in_flight)),
        );
        map.insert(
            "holdTimeoutMs".into(),
            json!(hold.map(|h| u64::try_from(h.timeout.as_millis()).unwrap_or(u64::MAX))),
        );
    }
    faults
}

fn provisioning_seconds(state: &AppState) -> i64 {
    state.world().provisioning_delay.whole_seconds()
}

/// `GET /__sandbox`: scenario, IDs, token, clock, faults, provisioning delay and request counts.
/// Never the control secret.
async fn describe(State(state): State<AppState>) -> Json<Value> {
    let scenarios: Vec<Value> = Scenario::ALL
        .iter()
        .map(|s| json!({"name": s.name(), "summary": s.summary()}))
        .collect();
    let name_review_seconds = state.world().name_review_delay.whole_seconds();
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
        "faults": faults_json(&state),
        "provisioningDelaySeconds": provisioning_seconds(&state),
        "templates": template_summary(&state),
        "displayNameReviewDelaySeconds": name_review_seconds,
        "requests": state.requests.snapshot(),
        "control": {"secretHeader": CONTROL_SECRET_HEADER, "contentType": JSON},
    }))
}

/// `POST /__sandbox/faults`: arms faults; answers the resulting fault state.
async fn set_faults(State(state): State<AppState>, body: Bytes) -> Result<Json<Value>, Refused> {
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
    if let Some(count) = patch.lose_answer_next {
        faults.lose_answer_next(count);
    }
    if let Some(count) = patch.malformed_json_next {
        faults.malformed_json_next(count);
    }
    if let Some(count) = patch.never_answer_next {
        faults.never_answer_next(count);
    }
    if let Some(part) = &patch.only_path {
        faults.only_path(part);
    }
    match (patch.hold_until_in_flight, patch.hold_timeout_ms) {
        (Some(count), timeout) => {
            let timeout = timeout.map_or(DEFAULT_HOLD_TIMEOUT, Duration::from_millis);
            if timeout > MAX_HOLD_TIMEOUT {
                return Err(bad_request(format!(
                    "holdTimeoutMs must be at most {}",
                    MAX_HOLD_TIMEOUT.as_millis()
                )));
            }
            state.requests.hold_until_in_flight(count, timeout);
        }
        (None, Some(_)) => {
            return Err(bad_request(
                "holdTimeoutMs needs holdUntilInFlight in the same call".into(),
            ))
        }
        (None, None) => {}
    }
    Ok(Json(faults_json(&state)))
}

/// `DELETE /__sandbox/faults`: clears every fault and releases the hold.
async fn clear_faults(State(state): State<AppState>) -> Json<Value> {
    state.faults.clear();
    state.requests.release_hold();
    Json(faults_json(&state))
}

/// `POST /__sandbox/clock/advance` with `{"seconds": n}`: answers the new time.
async fn advance_clock(State(state): State<AppState>, body: Bytes) -> Result<Json<Value>, Refused> {
    let advance: Advance = parse(&body)?;
    if advance.seconds > MAX_ADVANCE_SECONDS {
        return Err(bad_request(format!(
            "seconds must be at most {MAX_ADVANCE_SECONDS}"
        )));
    }
    state.clock.advance(Duration::from_secs(advance.seconds));
    emitter::sweep(&state);
    messages::flush_due(&state);
    Ok(Json(json!({ "now": rfc3339(state.clock.now()) })))
}

/// `POST /__sandbox/provisioning` with `{"delaySeconds": n}`: how long a registered number reads
/// `PENDING` before `CONNECTED` (sim-clock time, so it ends when the clock is advanced past it).
/// Answers `{"delaySeconds": n}`.
async fn set_provisioning(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, Refused> {
    let provisioning: Provisioning = parse(&body)?;
    if provisioning.delay_seconds > MAX_ADVANCE_SECONDS {
        return Err(bad_request(format!(
            "delaySeconds must be at most {MAX_ADVANCE_SECONDS}"
        )));
    }
    state.world().provisioning_delay =
        sim_duration(Duration::from_secs(provisioning.delay_seconds));
    Ok(Json(
        json!({ "delaySeconds": provisioning_seconds(&state) }),
    ))
}

/// `DELETE /__sandbox/requests`: zeroes the request counts (see [`crate::Requests::reset`]);
/// answers them.
async fn reset_requests(State(state): State<AppState>) -> Json<Value> {
    state.requests.reset();
    Json(json!(state.requests.snapshot()))
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

/// The template store at a glance: count, limit (and whether the portfolio is verified, which
/// decides it), review delay.
fn template_summary(state: &AppState) -> Value {
    let world = state.world();
    json!({
        "count": world.templates.templates.len(),
        "limit": world.template_limit(),
        "businessVerified": world.waba.business_verification_status == "verified",
        "reviewDelaySeconds": world.templates.review_delay.whole_seconds(),
    })
}

/// `GET /__sandbox/templates`: count, limit, review delay.
async fn template_state(State(state): State<AppState>) -> Json<Value> {
    Json(template_summary(&state))
}

/// `POST /__sandbox/templates/review` with `{"delaySeconds": n}`: how long a submitted or edited
/// template reads `PENDING` before the sandbox's reviewer decides (sim-clock time; `0` decides
/// at once, so create can answer APPROVED or REJECTED). Applies to templates already in review.
/// Answers `{"delaySeconds": n}`.
async fn set_template_review(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, Refused> {
    let delay = review_delay(&body)?;
    state.world().templates.review_delay = delay;
    emitter::sweep(&state);
    Ok(Json(json!({ "delaySeconds": delay.whole_seconds() })))
}

/// The `{"delaySeconds": n}` of a review-delay control call, at most [`MAX_ADVANCE_SECONDS`].
fn review_delay(body: &[u8]) -> Result<time::Duration, Refused> {
    let review: Review = parse(body)?;
    if review.delay_seconds > MAX_ADVANCE_SECONDS {
        return Err(bad_request(format!(
            "delaySeconds must be at most {MAX_ADVANCE_SECONDS}"
        )));
    }
    Ok(sim_duration(Duration::from_secs(review.delay_seconds)))
}

/// `POST /__sandbox/display-name/review` with `{"delaySeconds": n}`: how long a requested display
/// name reads `PENDING_REVIEW` before the sandbox's reviewer decides (sim-clock time). Applies to
/// names already in review. Answers `{"delaySeconds": n}`.
async fn set_name_review(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, Refused> {
    let delay = review_delay(&body)?;
    state.world().name_review_delay = delay;
    emitter::sweep(&state);
    Ok(Json(json!({ "delaySeconds": delay.whole_seconds() })))
}

/// `POST /__sandbox/templates/seed` with `{"count": n}` (1 to 10,000): adds n generated
/// templates (`seeded_template_00001`, ...: mostly APPROVED, some REJECTED, PAUSED and PENDING,
/// in en_US, es, pt_BR and fr, all three categories) for paging and long lists. They bypass the
/// creation rate and the template limit, so creating more afterwards may answer 2388019.
/// Answers the store summary (as `GET /__sandbox/templates`) plus `"seeded": n`.
async fn seed_templates(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, Refused> {
    let seed: Seed = parse(&body)?;
    if !(1..=templates::MAX_SEED).contains(&seed.count) {
        return Err(bad_request(format!(
            "count must be from 1 to {}",
            templates::MAX_SEED
        )));
    }
    let now = state.clock.now();
    state.world().templates.seed_generated(seed.count, now);
    let mut answer = template_summary(&state);
    answer["seeded"] = json!(seed.count);
    Ok(Json(answer))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WebhookFaults {
    duplicates: Option<bool>,
    out_of_order: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct InboundText {
    from: String,
    text: String,
    name: Option<String>,
    phone_number_id: Option<String>,
}

fn webhook_json(state: &AppState) -> Value {
    let callback = emitter::callback(&state.world());
    let stats = state.emitter.stats();
    let retry = state.emitter.retry();
    let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    json!({
        "callback": callback,
        "delivered": stats.delivered,
        "pending": stats.pending,
        "failed": stats.failed,
        "attempts": stats.attempts,
        "lastError": stats.last_error,
        "faults": state.emitter.faults(),
        "retry": {
            "firstMs": ms(retry.first),
            "maxMs": ms(retry.max),
            "attempts": retry.attempts,
            "timeoutMs": ms(retry.timeout),
        },
    })
}

/// `GET /__sandbox/webhooks`: where events go and what the emitter has done.
async fn webhook_state(State(state): State<AppState>) -> Json<Value> {
    Json(webhook_json(&state))
}

/// `POST /__sandbox/webhooks/faults`: absent keys stay as they are; answers the emitter state.
async fn set_webhook_faults(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Value>, Refused> {
    let faults: WebhookFaults = parse(&body)?;
    state
        .emitter
        .set_faults(faults.duplicates, faults.out_of_order);
    Ok(Json(webhook_json(&state)))
}

/// `DELETE /__sandbox/webhooks/faults`: back to one POST per batch, in order.
async fn clear_webhook_faults(State(state): State<AppState>) -> Json<Value> {
    state.emitter.set_faults(Some(false), Some(false));
    Json(webhook_json(&state))
}

/// `POST /__sandbox/webhooks/inbound`: a customer's text message, as a `messages` webhook.
async fn inbound(State(state): State<AppState>, body: Bytes) -> Result<Json<Value>, Refused> {
    let message: InboundText = parse(&body)?;
    if message.from.trim().is_empty() || message.text.is_empty() {
        return Err(bad_request("from and text must not be empty".into()));
    }
    let number = message
        .phone_number_id
        .unwrap_or_else(|| PHONE_NUMBER_ID.to_owned());
    let name = message
        .name
        .unwrap_or_else(|| "Sandbox Customer".to_owned());
    let sent = emitter::inbound_text(&state, message.from.trim(), &name, &message.text, &number)
        .map_err(not_found)?;
    Ok(Json(json!(sent)))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StatusWebhook {
    to: String,
    status: Option<Delivery>,
    statuses: Option<Vec<Delivery>>,
    message_id: Option<String>,
    error_code: Option<i64>,
    phone_number_id: Option<String>,
}

/// `POST /__sandbox/webhooks/status`: the statuses of a message the number sent, as `messages`
/// webhooks (one batch).
async fn status(State(state): State<AppState>, body: Bytes) -> Result<Json<Value>, Refused> {
    let request: StatusWebhook = parse(&body)?;
    let to = request.to.trim();
    if to.is_empty() {
        return Err(bad_request(
            "to must not be empty: give the recipient's phone number, e.g. 16505551234".into(),
        ));
    }
    let statuses = match (request.status, request.statuses) {
        (Some(one), None) => vec![one],
        (None, Some(list)) if !list.is_empty() => list,
        (Some(_), Some(_)) => {
            return Err(bad_request(
                "give either status or statuses, not both".into(),
            ))
        }
        _ => return Err(bad_request(
            "give status (sent, delivered, read or failed) or statuses (a non-empty list of them)"
                .into(),
        )),
    };
    if request.error_code.is_some() && !statuses.contains(&Delivery::Failed) {
        return Err(bad_request(
            "errorCode goes with a failed status: add \"failed\" or leave errorCode out".into(),
        ));
    }
    let code = request.error_code.unwrap_or(Failure::UNDELIVERABLE);
    let failure = Failure::from_code(code).ok_or_else(|| {
        bad_request(format!(
            "errorCode {code} is not one the sandbox sends in failed statuses; use one of {:?}",
            Failure::codes()
        ))
    })?;
    let message_id = match request.message_id {
        Some(id) if id.trim().is_empty() => {
            return Err(bad_request(
                "messageId must not be empty: give a wamid or leave it out for a new one".into(),
            ))
        }
        id => id.map(|id| id.trim().to_owned()),
    };
    let number = request
        .phone_number_id
        .unwrap_or_else(|| PHONE_NUMBER_ID.to_owned());
    let sent = emitter::statuses(&state, &number, to, message_id, &statuses, failure)
        .map_err(not_found)?;
    Ok(Json(json!(sent)))
}

/// A number's quality rating as `POST /__sandbox/quality` takes it.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
enum Rating {
    Green,
    Yellow,
    Red,
}

impl Rating {
    fn as_str(self) -> &'static str {
        match self {
            Rating::Green => "GREEN",
            Rating::Yellow => "YELLOW",
            Rating::Red => "RED",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct QualityChange {
    rating: Rating,
    phone_number_id: Option<String>,
}

/// `POST /__sandbox/quality`: sets a number's quality rating (no webhook: see `emitter`).
async fn set_quality(State(state): State<AppState>, body: Bytes) -> Result<Json<Value>, Refused> {
    let change: QualityChange = parse(&body)?;
    let id = change
        .phone_number_id
        .unwrap_or_else(|| PHONE_NUMBER_ID.to_owned());
    let mut world = state.world();
    let number = world
        .number_mut(&id)
        .ok_or_else(|| not_found(format!("no phone number with ID {id} in the WABA")))?;
    number.quality = change.rating.as_str();
    Ok(Json(
        json!({ "phoneNumberId": id, "rating": number.quality }),
    ))
}

/// A control call about something the sandbox does not have: HTTP 404 `{"error": "..."}`.
fn not_found(message: String) -> Refused {
    Refused {
        status: StatusCode::NOT_FOUND,
        body: json!({ "error": message }),
    }
}

/// A control call the sandbox cannot act on: HTTP 400 `{"error": "..."}`.
fn bad_request(message: String) -> Refused {
    Refused {
        status: StatusCode::BAD_REQUEST,
        body: json!({ "error": message }),
    }
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Refused> {
    serde_json::from_slice(body).map_err(|error| bad_request(format!("invalid JSON body: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(content_type: Option<&'static str>, secret: Option<&'static str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(t) = content_type {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(t));
        }
        if let Some(s) = secret {
            headers.insert(CONTROL_SECRET_HEADER, HeaderValue::from_static(s));
        }
        headers
    }

    #[test]
    fn control_calls_need_json_and_the_exact_secret() {
        let status = |h: HeaderMap| check(&h, "s3cret").err().map(|r| r.status.as_u16());
        assert_eq!(
            status(headers(Some("application/json"), Some("s3cret"))),
            None
        );
        assert_eq!(
            status(headers(
                Some("Application/JSON; charset=utf-8"),
                Some("s3cret")
            )),
            None
        );
        assert_eq!(status(headers(None, Some("s3cret"))), Some(415));
        assert_eq!(
            status(headers(Some("text/plain"), Some("s3cret"))),
            Some(415)
        );
        assert_eq!(
            status(headers(Some("application/x-www-form-urlencoded"), None)),
            Some(415)
        );
        assert_eq!(status(headers(Some("application/json"), None)), Some(401));
        for wrong in ["s3cre", "s3cret!", "S3CRET", ""] {
            let mut h = headers(Some("application/json"), None);
            h.insert(CONTROL_SECRET_HEADER, HeaderValue::from_str(wrong).unwrap());
            assert_eq!(status(h), Some(403), "{wrong:?}");
        }
    }

    #[test]
    fn refusals_say_what_is_missing_and_never_echo_the_secret() {
        let missing = check(&headers(Some("application/json"), None), "s3cret").unwrap_err();
        assert_eq!(missing.body["missing"], CONTROL_SECRET_HEADER);
        let wrong = check(&headers(Some("application/json"), Some("nope")), "s3cret").unwrap_err();
        assert_eq!(wrong.body["invalid"], CONTROL_SECRET_HEADER);
        let text = check(&headers(Some("text/plain"), None), "s3cret").unwrap_err();
        assert_eq!(text.body["expected"], JSON);
        for refusal in [missing, wrong, text] {
            assert!(!refusal.body.to_string().contains("s3cret"));
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AccountModeChange {
    account_mode: String,
}

/// `POST /__sandbox/numbers/{id}/account-mode` with `{"accountMode": "SANDBOX" | "LIVE"}`: a
/// `SANDBOX` number is a test number, which may message only the allow-listed recipients.
async fn set_account_mode(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, Refused> {
    let change: AccountModeChange = parse(&body)?;
    let mode = match change.account_mode.trim().to_ascii_uppercase().as_str() {
        "SANDBOX" => "SANDBOX",
        "LIVE" => "LIVE",
        other => {
            return Err(bad_request(format!(
                "accountMode must be SANDBOX (a test number) or LIVE, not \"{other}\""
            )))
        }
    };
    let mut world = state.world();
    let number = world
        .number_mut(&id)
        .ok_or_else(|| not_found(format!("no phone number with ID {id} in the WABA")))?;
    number.account_mode = mode;
    Ok(Json(json!({ "phoneNumberId": id, "accountMode": mode })))
}

/// `GET /__sandbox/recipients`: the allow list (`testRecipients`) and every recipient the
/// sandbox knows, with its behaviour and windows.
async fn recipients(State(state): State<AppState>) -> Json<Value> {
    let now = state.clock.now();
    Json(state.world().customers.snapshot(now))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RecipientChange {
    reads: Option<bool>,
    #[serde(rename = "onWhatsApp")]
    on_whatsapp: Option<bool>,
    marketing_limited: Option<bool>,
    /// A string sets the reply, `null` removes it; absent leaves it.
    #[serde(default, deserialize_with = "present")]
    reply: Option<Option<String>>,
    test_recipient: Option<bool>,
}

/// Tells an absent key (`None`) from `null` (`Some(None)`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// A recipient's WhatsApp ID as the control API takes it: 7 to 15 digits.
fn recipient_id(wa_id: &str) -> Result<&str, Refused> {
    let id = wa_id.trim();
    if (7..=15).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(id)
    } else {
        Err(bad_request(format!(
            "{wa_id} is not a WhatsApp ID: give 7 to 15 digits with the country code, e.g. 16505551234"
        )))
    }
}

/// `POST /__sandbox/recipients/{wa_id}` with any of `{"reads": bool, "onWhatsApp": bool,
/// "marketingLimited": bool, "reply": "text" | null, "testRecipient": bool}`; answers the
/// recipient as `GET /__sandbox/recipients` lists it.
async fn set_recipient(
    State(state): State<AppState>,
    Path(wa_id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, Refused> {
    let change: RecipientChange = parse(&body)?;
    let wa_id = recipient_id(&wa_id)?;
    if matches!(&change.reply, Some(Some(text)) if text.is_empty()) {
        return Err(bad_request(
            "reply must not be empty: give the text, or null for no reply".into(),
        ));
    }
    let now = state.clock.now();
    let mut world = state.world();
    let customers = &mut world.customers;
    match change.test_recipient {
        Some(true) => customers.allow(wa_id).map_err(bad_request)?,
        Some(false) => customers.disallow(wa_id),
        None => {}
    }
    let behaviour = customers.behaviour_mut(wa_id);
    if let Some(reads) = change.reads {
        behaviour.reads = reads;
    }
    if let Some(on_whatsapp) = change.on_whatsapp {
        behaviour.on_whatsapp = on_whatsapp;
    }
    if let Some(limited) = change.marketing_limited {
        behaviour.marketing_limited = limited;
    }
    if let Some(reply) = change.reply {
        behaviour.reply = reply;
    }
    Ok(Json(customers.describe(wa_id, now)))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Reply {
    text: String,
    name: Option<String>,
    phone_number_id: Option<String>,
}

/// `POST /__sandbox/recipients/{wa_id}/reply` with `{"text": "...", "name"?, "phoneNumberId"?}`:
/// the recipient writes to the number now (an inbound `messages` webhook), which opens the
/// 24-hour window. Answers `{id, sent, callback}` like `/__sandbox/webhooks/inbound`.
async fn reply(
    State(state): State<AppState>,
    Path(wa_id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, Refused> {
    let reply: Reply = parse(&body)?;
    let wa_id = recipient_id(&wa_id)?;
    if reply.text.is_empty() {
        return Err(bad_request("text must not be empty".into()));
    }
    let number = reply
        .phone_number_id
        .unwrap_or_else(|| PHONE_NUMBER_ID.to_owned());
    let name = reply.name.unwrap_or_else(|| "Sandbox Customer".to_owned());
    let sent =
        emitter::inbound_text(&state, wa_id, &name, &reply.text, &number).map_err(not_found)?;
    Ok(Json(json!(sent)))
}

/// `GET /__sandbox/limits`: `{perSecond, pairInterval (ms), pairBurst}`.
async fn limits(State(state): State<AppState>) -> Json<Value> {
    Json(json!(state.limits.get()))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LimitsChange {
    per_second: Option<u32>,
    pair_interval_ms: Option<u64>,
    pair_burst: Option<u32>,
}

/// The most messages per second a number can be set to (Meta's highest throughput is 1,000).
const MAX_PER_SECOND: u32 = 100_000;

/// `POST /__sandbox/limits` with any of `{"perSecond": n, "pairIntervalMs": n, "pairBurst": n}`:
/// the send limits from now on, with full buckets. Answers them as `GET /__sandbox/limits`.
async fn set_limits(State(state): State<AppState>, body: Bytes) -> Result<Json<Value>, Refused> {
    let change: LimitsChange = parse(&body)?;
    let current = state.limits.get();
    let limits = MessageLimits {
        per_second: change.per_second.unwrap_or(current.per_second),
        pair_interval: change
            .pair_interval_ms
            .map_or(current.pair_interval, Duration::from_millis),
        pair_burst: change.pair_burst.unwrap_or(current.pair_burst),
    };
    if !(1..=MAX_PER_SECOND).contains(&limits.per_second) {
        return Err(bad_request(format!(
            "perSecond must be from 1 to {MAX_PER_SECOND}"
        )));
    }
    if limits.pair_burst == 0 || limits.pair_interval.is_zero() {
        return Err(bad_request(
            "pairBurst and pairIntervalMs must be at least 1".into(),
        ));
    }
    state.limits.set(limits);
    Ok(Json(json!(state.limits.get())))
}
