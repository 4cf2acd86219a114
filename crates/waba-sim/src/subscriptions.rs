//! Webhook subscriptions (facts §8, §12.1): `POST` and `DELETE /{waba-id}/subscribed_apps` (the
//! calling app subscribes or unsubscribes; an `override_callback_uri` is verified first), and
//! `GET`/`POST /{app-id}/subscriptions` with the app access token `{app-id}|{app-secret}` (the
//! app's own callback and fields for `object=whatsapp_business_account`), and a number's own
//! callback: `POST /{phone-number-id}` with `webhook_configuration: {override_callback_uri,
//! verify_token}` (facts §4.3; an empty `override_callback_uri` deletes it).
//!
//! Meta takes an override only once the app is subscribed to the WABA: for the WABA's override it
//! answers `(#100) Before override the current callback uri, your app must be subscribed to
//! receive messages for WhatsApp Business Account` (seen in chatwoot/chatwoot#13279). Meta's
//! override page documents no separate refusal for a number's override, so the sandbox refuses
//! that one the same way, before any verification GET; clearing a number's override is always
//! accepted (it sends nothing anywhere).
//!
//! A callback is verified the way Meta does it: a `GET` with `hub.mode=subscribe`, the verify
//! token and a random `hub.challenge`, which must answer 200 with the raw challenge as its body
//! within [`VERIFY_TIMEOUT`]; otherwise 2200 (no 200) or 2201 (a body that is not the challenge).
//! The verification is sent before the world is locked (a lock is never held across an await),
//! so [`callback_to_verify`] checks the token first and the handlers take its outcome.

use std::time::Duration;

use axum::http::Method;
use secrecy::ExposeSecret;
use serde_json::{json, Value};

use crate::envelope::GraphError;
use crate::routes::Call;
use crate::state::AppState;
use crate::token::MANAGEMENT;
use crate::world::World;

/// How long a callback has to answer the verification GET (Meta allows 10 s).
pub(crate) const VERIFY_TIMEOUT: Duration = Duration::from_secs(10);

/// The object `/{app-id}/subscriptions` configures for WhatsApp.
const OBJECT: &str = "whatsapp_business_account";

/// The `whatsapp_business_account` webhook fields Meta accepts (facts §12).
const FIELDS: &[&str] = &[
    "account_alerts",
    "account_review_update",
    "account_update",
    "automatic_events",
    "business_capability_update",
    "business_status_update",
    "calls",
    "flows",
    "group_lifecycle_update",
    "group_participants_update",
    "group_settings_update",
    "group_status_update",
    "history",
    "message_echoes",
    "message_template_components_update",
    "message_template_quality_update",
    "message_template_status_update",
    "messages",
    "partner_solutions",
    "payment_configuration_update",
    "phone_number_name_update",
    "phone_number_quality_update",
    "security",
    "smb_app_state_sync",
    "smb_message_echoes",
    "template_category_update",
    "tracking_events",
    "user_preferences",
];

/// A callback URL and the verify token to send it.
pub(crate) struct Callback {
    pub url: String,
    pub verify_token: String,
}

/// The callback this call asks the sandbox to verify, when the call is one that sets a callback,
/// its token may make it, and its parameters are valid; `None` otherwise (the handler then answers
/// the call's error, or it needs no verification).
pub(crate) fn callback_to_verify(state: &AppState, call: &Call<'_>) -> Option<Callback> {
    if call.method != Method::POST {
        return None;
    }
    let world = state.world();
    match call.path.as_slice() {
        [id, "subscribed_apps"] if *id == world.waba.id => {
            let token =
                crate::routes::authenticate(&world, call.token(), state.clock.now()).ok()?;
            token.allows(MANAGEMENT, &world.waba.id).ok()?;
            if !world.waba.subscribed {
                return None;
            }
            override_params(call).ok()?
        }
        [id] if world.number(id).is_some() => {
            let token =
                crate::routes::authenticate(&world, call.token(), state.clock.now()).ok()?;
            token.allows(MANAGEMENT, &world.waba.id).ok()?;
            if !world.waba.subscribed {
                return None;
            }
            number_override_params(&call.input("webhook_configuration")?).ok()?
        }
        [id, "subscriptions"] if *id == world.app.id => {
            app_token(&world, call.token()).ok()?;
            app_params(call).ok().map(|params| params.callback)
        }
        _ => None,
    }
}

/// Sends Meta's verification GET to `callback` and checks the answer.
pub(crate) async fn verify(callback: &Callback) -> Result<(), GraphError> {
    let challenge = challenge();
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(VERIFY_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| failed(format!("curl_error = {e}")))?;
    let response = client
        .get(&callback.url)
        .query(&[
            ("hub.mode", "subscribe"),
            ("hub.challenge", challenge.as_str()),
            ("hub.verify_token", callback.verify_token.as_str()),
        ])
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                failed(format!(
                    "curl_errno = 28; curl_error = Operation timed out after {} milliseconds",
                    VERIFY_TIMEOUT.as_millis()
                ))
            } else {
                failed(format!(
                    "curl_errno = 7; curl_error = Failed to connect to {}",
                    callback.url
                ))
            }
        })?;
    let status = response.status();
    if status != reqwest::StatusCode::OK {
        return Err(failed(format!(
            "HTTP Status Code = {}; HTTP Message = {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        )));
    }
    let body = response
        .text()
        .await
        .map_err(|_| GraphError::coded(2201, None))?;
    if body == challenge {
        Ok(())
    } else {
        Err(GraphError::coded(2201, None))
    }
}

fn failed(details: String) -> GraphError {
    GraphError::coded(2200, Some(details))
}

/// A random `hub.challenge` (decimal digits, like Meta's).
fn challenge() -> String {
    let mut bytes = [0u8; 4];
    // Without an OS random source a fixed challenge still verifies; it is not a secret.
    let _ = getrandom::fill(&mut bytes);
    (u32::from_le_bytes(bytes) | 0x4000_0000).to_string()
}

/// `override_callback_uri` and `verify_token`: both or neither (facts §8).
fn override_params(call: &Call<'_>) -> Result<Option<Callback>, GraphError> {
    let uri = call
        .input("override_callback_uri")
        .filter(|v| !v.is_empty());
    let token = call.input("verify_token").filter(|v| !v.is_empty());
    match (uri, token) {
        (None, None) => Ok(None),
        (Some(url), Some(verify_token)) => {
            check_url(&url, "override_callback_uri")?;
            Ok(Some(Callback { url, verify_token }))
        }
        (Some(_), None) => Err(GraphError::invalid_parameter(
            "verify_token is required when override_callback_uri is set",
        )),
        (None, Some(_)) => Err(GraphError::invalid_parameter(
            "override_callback_uri is required when verify_token is set",
        )),
    }
}

fn check_url(url: &str, param: &str) -> Result<(), GraphError> {
    if url.starts_with("https://") || url.starts_with("http://") {
        Ok(())
    } else {
        Err(GraphError::invalid_parameter(&format!(
            "Param {param} must be a valid URL"
        )))
    }
}

/// `POST /{waba-id}/subscribed_apps`: subscribes the calling app; with an override, sets it once
/// `verified` (the outcome of [`verify`]) passed, and only when the app is already subscribed
/// (Meta's 100 otherwise). Without one, a previous override is cleared
/// (the WABA then uses the app's callback again).
pub(crate) fn subscribe(
    world: &mut World,
    call: &Call<'_>,
    verified: Option<Result<(), GraphError>>,
) -> Result<Value, GraphError> {
    let callback = override_params(call)?;
    if callback.is_some() {
        if !world.waba.subscribed {
            return Err(not_subscribed());
        }
        match verified {
            Some(Ok(())) => {}
            Some(Err(error)) => return Err(error),
            None => return Err(GraphError::coded(2200, None)),
        }
    }
    world.waba.subscribed = true;
    world.waba.override_callback = callback.map(|c| c.url);
    Ok(json!({ "success": true }))
}

/// The `webhook_configuration` object of `POST /{phone-number-id}` (a JSON object, or its text
/// in a form field): a callback to verify, or `None` for an empty `override_callback_uri` (delete).
fn number_override_params(raw: &str) -> Result<Option<Callback>, GraphError> {
    let config: serde_json::Map<String, Value> = serde_json::from_str(raw).map_err(|_| {
        GraphError::invalid_parameter("Param webhook_configuration must be a JSON object")
    })?;
    let text = |name: &str| config.get(name).and_then(Value::as_str).map(str::to_owned);
    let url = text("override_callback_uri").ok_or_else(|| {
        GraphError::invalid_parameter(
            "The parameter webhook_configuration[override_callback_uri] is required",
        )
    })?;
    if url.is_empty() {
        return Ok(None);
    }
    check_url(&url, "webhook_configuration[override_callback_uri]")?;
    let verify_token = text("verify_token")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            GraphError::invalid_parameter(
                "verify_token is required when override_callback_uri is set",
            )
        })?;
    Ok(Some(Callback { url, verify_token }))
}

/// Meta's refusal of an override while the app is not subscribed to the WABA.
fn not_subscribed() -> GraphError {
    GraphError::invalid_parameter(
        "Before override the current callback uri, your app must be subscribed to receive messages for WhatsApp Business Account",
    )
}

/// `POST /{phone-number-id}` with `webhook_configuration`: sets the number's own callback once
/// `verified` (refused while the app is not subscribed to the WABA), or deletes it.
pub(crate) fn set_number_override(
    world: &mut World,
    id: &str,
    raw: &str,
    verified: Option<Result<(), GraphError>>,
) -> Result<Value, GraphError> {
    let callback = number_override_params(raw)?;
    if callback.is_some() {
        if !world.waba.subscribed {
            return Err(not_subscribed());
        }
        match verified {
            Some(Ok(())) => {}
            Some(Err(error)) => return Err(error),
            None => return Err(GraphError::coded(2200, None)),
        }
    }
    let number = world
        .number_mut(id)
        .ok_or_else(|| GraphError::no_such_object(&Method::POST, id))?;
    number.override_callback = callback.map(|c| c.url);
    Ok(json!({ "success": true }))
}

/// `DELETE /{waba-id}/subscribed_apps`: unsubscribes the calling app (its override goes too).
pub(crate) fn unsubscribe(world: &mut World) -> Result<Value, GraphError> {
    world.waba.subscribed = false;
    world.waba.override_callback = None;
    Ok(json!({ "success": true }))
}

/// `GET`/`POST /{app-id}/subscriptions`, after checking the app access token.
pub(crate) fn app_subscriptions(
    world: &mut World,
    call: &Call<'_>,
    verified: Option<Result<(), GraphError>>,
) -> Result<Value, GraphError> {
    app_token(world, call.token())?;
    match call.method {
        Method::GET => Ok(app_subscriptions_list(world)),
        Method::POST => set_app_subscription(world, call, verified),
        _ => Err(GraphError::no_such_object(&call.method, &world.app.id)),
    }
}

fn app_subscriptions_list(world: &World) -> Value {
    let data: Vec<Value> = match &world.waba.app_callback {
        Some(url) => vec![json!({
            "object": OBJECT,
            "callback_url": url,
            "active": true,
            "fields": world
                .app
                .fields
                .iter()
                .map(|(name, version)| json!({"name": name, "version": version}))
                .collect::<Vec<_>>(),
        })],
        None => Vec::new(),
    };
    json!({ "data": data })
}

struct AppParams {
    callback: Callback,
    fields: Vec<String>,
}

/// `object`, `callback_url`, `verify_token` and `fields` (a comma-separated list or a JSON array).
fn app_params(call: &Call<'_>) -> Result<AppParams, GraphError> {
    let object = call.input("object").unwrap_or_default();
    if object != OBJECT {
        return Err(GraphError::invalid_parameter(&format!(
            "Param object must be one of {{{OBJECT}, page, user, permissions, ...}}"
        )));
    }
    let url = call
        .input("callback_url")
        .filter(|v| !v.is_empty())
        .ok_or_else(|| GraphError::invalid_parameter("The parameter callback_url is required"))?;
    check_url(&url, "callback_url")?;
    let verify_token = call
        .input("verify_token")
        .filter(|v| !v.is_empty())
        .ok_or_else(|| GraphError::invalid_parameter("The parameter verify_token is required"))?;
    let raw = call.input("fields").unwrap_or_default();
    let fields: Vec<String> = match serde_json::from_str::<Vec<String>>(&raw) {
        Ok(list) => list,
        Err(_) => raw
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    if fields.is_empty() {
        return Err(GraphError::invalid_parameter(
            "The parameter fields is required",
        ));
    }
    if let Some((index, _)) = fields
        .iter()
        .enumerate()
        .find(|(_, f)| !FIELDS.contains(&f.as_str()))
    {
        return Err(GraphError::invalid_parameter(&format!(
            "Param fields[{index}] must be one of {{{}}}",
            FIELDS.join(", ")
        )));
    }
    Ok(AppParams {
        callback: Callback { url, verify_token },
        fields,
    })
}

/// `POST /{app-id}/subscriptions`: sets the app's callback (once verified) and adds the fields
/// to those already subscribed, as Graph does **[uncertain: Meta's reference says fields are
/// added; removing one takes `DELETE` with `fields`, which the sandbox does not model]**.
fn set_app_subscription(
    world: &mut World,
    call: &Call<'_>,
    verified: Option<Result<(), GraphError>>,
) -> Result<Value, GraphError> {
    let params = app_params(call)?;
    match verified {
        Some(Ok(())) => {}
        Some(Err(error)) => return Err(error),
        None => return Err(GraphError::coded(2200, None)),
    }
    let version = format!("v{}.0", call.major);
    for field in params.fields {
        match world.app.fields.iter_mut().find(|(name, _)| *name == field) {
            Some(existing) => existing.1.clone_from(&version),
            None => world.app.fields.push((field, version.clone())),
        }
    }
    world.waba.app_callback = Some(params.callback.url);
    Ok(json!({ "success": true }))
}

/// The app access token check: `{app-id}|{app-secret}` passes; a user or system-user token the
/// sandbox issued is refused with 15 (wrong token type); a wrong secret with 190.
fn app_token(world: &World, token: Option<&str>) -> Result<(), GraphError> {
    let value = token
        .filter(|t| !t.is_empty())
        .ok_or_else(GraphError::token_required)?;
    if let Some((app, secret)) = value.split_once('|') {
        return if app == world.app.id && secret == world.app.secret.expose_secret() {
            Ok(())
        } else {
            Err(GraphError::unparsable_token())
        };
    }
    if world.token(value).is_some() {
        return Err(GraphError::coded(15, None));
    }
    Err(GraphError::unparsable_token())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_access_token_takes_the_configured_app_secret_only() {
        let mut world = World::seed(crate::Scenario::Healthy, time::OffsetDateTime::now_utc());
        let with = |secret: &str| format!("{}|{secret}", crate::APP_ID);
        assert!(app_token(&world, Some(&with(crate::SANDBOX_APP_SECRET))).is_ok());
        world.app.secret = secrecy::SecretString::from("canary-app-secret");
        assert!(app_token(&world, Some(&with("canary-app-secret"))).is_ok());
        assert!(app_token(&world, Some(&with(crate::SANDBOX_APP_SECRET))).is_err());
    }
}
