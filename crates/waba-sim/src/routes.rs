//! Graph request routing: `/{vNN.0}/...` paths, token authentication, permission checks and the
//! read endpoints (debug_token, WABA, phone numbers, subscribed_apps), with the phone-number
//! state machine in `registration`, the template store in `templates`, sends in `messages`
//! (`POST /{phone-number-id}/messages`) and media in `media` (`POST /{phone-number-id}/media`,
//! `GET`/`DELETE /{media-id}`, and the download URL `/whatsapp_business/attachments/?mid=...`,
//! which takes the same bearer token), the business profile (`GET`/`POST
//! /{phone-number-id}/whatsapp_business_profile`, `business_profile`), resumable uploads
//! (`POST /{app-id}/uploads`, `GET`/`POST /upload:<id>`, `uploads`), display-name changes
//! (`POST /{phone-number-id}` with `new_display_name`, `display_name`) and conversational
//! components (`POST /{phone-number-id}/conversational_automation`, `automation`). Everything that is not a control call lands here, behind
//! the fault middleware.

use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::{middleware, Json, Router};
use serde_json::{json, Value};
use time::OffsetDateTime;

use crate::envelope::GraphError;
use crate::paging::{self, PageRequest};
use crate::registration::{self, Params};
use crate::state::AppState;
use crate::token::{self, Denial, Token, MANAGEMENT, MESSAGING};
use crate::world::{Phase, World};
use crate::{
    automation, business_profile, control, display_name, emitter, faults, media, messages, nodes,
    requests, subscriptions, templates, uploads, usage,
};

/// The whole app: control routes, and Graph (counted, then with faults) for everything else.
pub(crate) fn router(state: AppState) -> Router {
    let graph = Router::new()
        .fallback(graph)
        // Media uploads carry files of up to 100 MB (documents).
        .layer(DefaultBodyLimit::max(media::MAX_BODY))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        // Outermost, so a request is counted (and held) before any fault applies to it.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            requests::count,
        ))
        .with_state(state.clone());
    control::router(state.clone())
        .with_state(state)
        .fallback_service(graph)
}

/// One parsed Graph call.
pub(crate) struct Call<'a> {
    pub method: Method,
    /// `26` for `v26.0`
    pub major: u32,
    /// Path segments after the version.
    pub path: Vec<&'a str>,
    pub query: Vec<(String, String)>,
    /// Fields of a JSON or form body (JSON strings as-is, other JSON values as JSON text).
    pub body: Result<Vec<(String, String)>, String>,
    /// The body as received, and its `Content-Type`.
    raw_body: &'a [u8],
    content_type: Option<&'a str>,
    headers: &'a HeaderMap,
    token: Option<String>,
}

impl Call<'_> {
    /// The access token, from the `Authorization` header or the `access_token` parameter.
    pub(crate) fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    pub(crate) fn raw_body(&self) -> &[u8] {
        self.raw_body
    }

    /// A request header's value, when it is text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// A POST parameter: the body's field, else the query's.
    pub(crate) fn input(&self, name: &str) -> Option<String> {
        self.body
            .as_ref()
            .ok()
            .and_then(|fields| fields.iter().find(|(key, _)| key == name))
            .map(|(_, value)| value.as_str())
            .or_else(|| self.param(name))
            .map(str::to_owned)
    }
}

/// Parses a request body as JSON (when it says so or looks like an object) or as a form.
fn body_fields(headers: &HeaderMap, body: &[u8]) -> Result<Vec<(String, String)>, String> {
    let json_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    if !json_type && !trimmed.starts_with(b"{") {
        return Ok(form_urlencoded::parse(body)
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect());
    }
    match serde_json::from_slice::<Value>(trimmed) {
        Ok(Value::Object(map)) => Ok(map
            .into_iter()
            .map(|(key, value)| match value {
                Value::String(text) => (key, text),
                other => (key, other.to_string()),
            })
            .collect()),
        Ok(_) => Err("The request body must be a JSON object.".to_owned()),
        Err(error) => Err(format!("The request body is not valid JSON: {error}")),
    }
}

async fn graph(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let segments: Vec<&str> = uri.path().split('/').filter(|s| !s.is_empty()).collect();
    if method == Method::GET
        && uri.path().trim_end_matches('/') == media::DOWNLOAD_PATH.trim_end_matches('/')
    {
        return download(&state, &uri, &headers);
    }
    let Some((version, major)) = segments.first().and_then(|v| Some((*v, major_version(v)?)))
    else {
        return GraphError::unknown_path(uri.path()).into_response();
    };
    let query: Vec<(String, String)> =
        form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
    let call = Call {
        token: bearer_token(&headers).or_else(|| {
            query
                .iter()
                .find(|(key, _)| key == "access_token")
                .map(|(_, value)| value.clone())
        }),
        method,
        major,
        path: segments[1..].to_vec(),
        query,
        body: body_fields(&headers, &body),
        raw_body: &body,
        content_type: headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        headers: &headers,
    };
    // A callback is verified (Meta's GET challenge) before the world is locked for the call.
    let verified = match subscriptions::callback_to_verify(&state, &call) {
        Some(callback) => Some(subscriptions::verify(&callback).await),
        None => None,
    };
    let mut usage_header = None;
    let mut response = match handle(&state, &call, uri.path(), &mut usage_header, verified) {
        Ok(body) => Json(body).into_response(),
        Err(error) => error.into_response(),
    };
    // Reviews the clock has decided by now are announced to the callback (once each).
    emitter::sweep(&state);
    if let Ok(value) = HeaderValue::from_str(version) {
        response.headers_mut().insert("facebook-api-version", value);
    }
    if let Some(value) = usage_header.and_then(|v| HeaderValue::from_str(&v).ok()) {
        response.headers_mut().insert(usage::HEADER, value);
    }
    response
}

/// `GET` of a media download URL (`media`): the bearer token first, as Meta's lookaside host
/// asks for it.
fn download(state: &AppState, uri: &Uri, headers: &HeaderMap) -> Response {
    let query: Vec<(String, String)> =
        form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
    let world = state.world();
    let now = state.clock.now();
    match authenticate(&world, bearer_token(headers).as_deref(), now) {
        Ok(_) => media::download(&world.media, &query, now),
        Err(error) => error.into_response(),
    }
}

/// Whether Meta counts this call against the WABA's management budget (facts §13).
fn counted(world: &World, call: &Call<'_>) -> bool {
    match (&call.method, call.path.as_slice()) {
        (&Method::GET, [id]) => *id == world.waba.id || world.number(id).is_some(),
        (&Method::GET, [id, "phone_numbers" | "message_templates" | "subscribed_apps"]) => {
            *id == world.waba.id
        }
        _ => false,
    }
}

/// The WABA's call budget per rolling hour: 5,000 once a number is registered, else 200.
fn usage_limit(world: &World, now: OffsetDateTime) -> u32 {
    let registered = world.numbers.iter().any(|number| {
        matches!(
            number.phase(now, world.provisioning_delay),
            Phase::Connected { .. }
        )
    });
    if registered {
        usage::REGISTERED_LIMIT
    } else {
        usage::DEFAULT_LIMIT
    }
}

/// Answers one authenticated call. Calls on the WABA or its numbers also get the
/// `X-Business-Use-Case-Usage` value in `usage_header`, counting the call first when Meta does.
fn handle(
    state: &AppState,
    call: &Call<'_>,
    path: &str,
    usage_header: &mut Option<String>,
    verified: Option<Result<(), GraphError>>,
) -> Result<Value, GraphError> {
    let mut world = state.world();
    let now = state.clock.now();
    // A read after the review delay sees the decided name (the emitter announces it after).
    display_name::settle_due(&mut world, now);
    // App-level calls take the app access token, not a user or system-user token.
    if let [id, "subscriptions"] = call.path.as_slice() {
        if *id == world.app.id {
            return subscriptions::app_subscriptions(&mut world, call, verified);
        }
    }
    let token = authenticate(&world, call.token.as_deref(), now)?.clone();
    if let Some(id) = call.path.first() {
        if *id == world.waba.id || world.number(id).is_some() {
            if counted(&world, call) {
                state.usage.count(now);
            }
            let limit = usage_limit(&world, now);
            *usage_header = Some(state.usage.header(&world.waba.id, limit, now));
        }
    }
    let token = &token;
    let method = &call.method;
    match (method, call.path.as_slice()) {
        (&Method::POST, [id, "messages"]) if world.number(id).is_some() => {
            let waba_id = world.waba.id.clone();
            authorize(token, MESSAGING, 10, &waba_id, call, id)?;
            messages::send(&mut world, &state.limits, call, id, now)
        }
        (&Method::POST, [id, "media"]) if world.number(id).is_some() => {
            let waba_id = world.waba.id.clone();
            authorize(token, MESSAGING, 10, &waba_id, call, id)?;
            media::upload(&mut world.media, id, call.content_type, call.raw_body, now)
        }
        (&Method::GET | &Method::DELETE, [id]) if world.media.find(id, now).is_some() => {
            let waba_id = world.waba.id.clone();
            authorize(token, MESSAGING, 10, &waba_id, call, id)?;
            if call.method == Method::DELETE {
                Ok(media::delete(&mut world.media, id))
            } else {
                world
                    .media
                    .find(id, now)
                    .map(|m| media::node(m, &state.base_url, now))
                    .ok_or_else(|| GraphError::no_such_object(method, id))
            }
        }
        (&Method::POST, [id, "uploads"]) if *id == world.app.id => {
            uploads::open(&mut world.uploads, call)
        }
        (&Method::GET, [id]) if id.starts_with(uploads::SESSION_PREFIX) => {
            uploads::progress(&mut world.uploads, id, call)
        }
        (&Method::POST, [id]) if id.starts_with(uploads::SESSION_PREFIX) => {
            let app_id = world.app.id.clone();
            let ids = (app_id.as_str(), token.user_id.as_str());
            uploads::append(&mut world.uploads, id, call, ids, now)
        }
        (&Method::GET, [id, "whatsapp_business_profile"]) => {
            let number = world
                .number(id)
                .ok_or_else(|| GraphError::no_such_object(method, id))?;
            authorize(token, MANAGEMENT, 200, &world.waba.id, call, id)?;
            business_profile::read(&number.profile, &state.base_url, call.param("fields"))
        }
        (&Method::POST, [id, rest @ ..]) if world.number(id).is_some() => {
            number_post(&mut world, token, call, id, rest, now, verified)
        }
        (&Method::GET, ["debug_token"]) => debug_token(&world, call, now),
        (&Method::GET | &Method::POST, [id]) if world.templates.find(id).is_some() => {
            template_node(state, &mut world, token, call, path, id)
        }
        (&Method::GET, [id]) => read_node(&world, token, call, id, now),
        (&Method::GET, [id, "phone_numbers"]) if *id == world.waba.id => {
            phone_numbers(state, &world, token, call, path, now)
        }
        (&Method::GET, [id, "subscribed_apps"]) if *id == world.waba.id => {
            subscribed_apps(&world, token, call)
        }
        (&Method::POST | &Method::DELETE, [id, "subscribed_apps"]) if *id == world.waba.id => {
            authorize(token, MANAGEMENT, 200, &world.waba.id, call, &world.waba.id)?;
            if call.method == Method::POST {
                subscriptions::subscribe(&mut world, call, verified)
            } else {
                subscriptions::unsubscribe(&mut world)
            }
        }
        (&Method::GET | &Method::POST | &Method::DELETE, [id, "message_templates"])
            if *id == world.waba.id =>
        {
            message_templates(state, &mut world, token, call, path)
        }
        // A known object asked for an edge it does not have (facts §2.1, §16 item 1).
        (&Method::GET, [id, edge]) if *id == world.waba.id => {
            Err(GraphError::nonexisting_field(edge, nodes::WABA_NODE))
        }
        (&Method::GET, [id, edge]) if world.number(id).is_some() => {
            Err(GraphError::nonexisting_field(edge, nodes::PHONE_NODE))
        }
        // Deeper paths under a known object do not route at all.
        (&Method::GET, [id, rest @ ..]) if *id == world.waba.id || world.number(id).is_some() => {
            Err(GraphError::unknown_path(&format!("/{}", rest.join("/"))))
        }
        (_, [id, ..]) => Err(GraphError::no_such_object(method, id)),
        (_, []) => Err(GraphError::unknown_path(path)),
    }
}

/// `v26.0` → 26; anything else (`latest`, `v26`, `v26.1`) → None.
fn major_version(segment: &str) -> Option<u32> {
    let digits = segment.strip_prefix('v')?.strip_suffix(".0")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The token from `Authorization: Bearer|OAuth <token>`. Any other header value is passed on
/// as-is so it fails as an unparsable token.
fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let raw = headers.get(header::AUTHORIZATION)?;
    let text = String::from_utf8_lossy(raw.as_bytes());
    let text = text.trim();
    let token = match text.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth") =>
        {
            token.trim()
        }
        _ => text,
    };
    Some(token.to_owned())
}

pub(crate) fn authenticate<'w>(
    world: &'w World,
    token: Option<&str>,
    now: OffsetDateTime,
) -> Result<&'w Token, GraphError> {
    let value = token
        .filter(|t| !t.is_empty())
        .ok_or_else(GraphError::token_required)?;
    let token = world
        .token(value)
        .ok_or_else(GraphError::unparsable_token)?;
    match token.expired_at(now) {
        Some(expired_at) => Err(GraphError::expired_token(expired_at, now)),
        None => Ok(token),
    }
}

/// Checks that `token` may use `scope` on the WABA `waba_id`; `denial_code` is the code for a
/// missing scope (200 for management, 10 for messaging). Objects the token has no grant for are
/// reported as nonexistent (`object_id`), as Graph does.
fn authorize(
    token: &Token,
    scope: &str,
    denial_code: i64,
    waba_id: &str,
    call: &Call<'_>,
    object_id: &str,
) -> Result<(), GraphError> {
    token.allows(scope, waba_id).map_err(|denial| match denial {
        Denial::MissingScope => GraphError::missing_permission(denial_code, scope),
        Denial::AssetNotGranted => GraphError::no_such_object(&call.method, object_id),
    })
}

/// `GET /debug_token?input_token=...` (the caller's token was already checked).
fn debug_token(world: &World, call: &Call<'_>, now: OffsetDateTime) -> Result<Value, GraphError> {
    let input = call
        .param("input_token")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| GraphError::invalid_parameter("The parameter input_token is required"))?;
    let data = match world.token(input) {
        Some(token) => token.debug_data(&world.app.id, &world.app.name, now),
        None => token::unparsable_debug_data(),
    };
    Ok(json!({ "data": data }))
}

/// `POST /{phone-number-id}[/edge]`: the phone-number state machine (see `registration`), the
/// number's own webhook callback (see `subscriptions`), a display-name change (`display_name`),
/// the business profile (`business_profile`) and conversational components (`automation`). PIN, request_code, verify_code,
/// register and deregister need only `whatsapp_business_management` (facts §3, §7: the Graph
/// reference of each edge), answering 200 when it is missing.
fn number_post(
    world: &mut World,
    token: &Token,
    call: &Call<'_>,
    id: &str,
    edge: &[&str],
    now: OffsetDateTime,
    verified: Option<Result<(), GraphError>>,
) -> Result<Value, GraphError> {
    let waba_id = world.waba.id.clone();
    authorize(token, MANAGEMENT, 200, &waba_id, call, id)?;
    if let Err(problem) = &call.body {
        return Err(GraphError::bad_param(problem.clone()));
    }
    // One endpoint, several settings (facts §4.3): the number's callback, or its PIN.
    if let ([], Some(configuration)) = (edge, call.input("webhook_configuration")) {
        return subscriptions::set_number_override(world, id, &configuration, verified);
    }
    match edge {
        ["whatsapp_business_profile"] => return business_profile::update(world, id, call),
        ["conversational_automation"] => {
            let number = world
                .number_mut(id)
                .ok_or_else(|| GraphError::no_such_object(&call.method, id))?;
            return automation::save(&mut number.automation, call);
        }
        _ => {}
    }
    let fails = world.register_fails;
    let number = world
        .number_mut(id)
        .ok_or_else(|| GraphError::no_such_object(&call.method, id))?;
    let input = |name: &str| call.input(name);
    let params: Params<'_> = &input;
    match edge {
        [] => match call.input("new_display_name") {
            Some(name) => display_name::request(number, &name, now),
            None => registration::set_pin(number, params),
        },
        ["request_code"] => registration::request_code(number, params, now),
        ["verify_code"] => registration::verify_code(number, params, now),
        ["register"] => registration::register(number, params, now, fails),
        ["deregister"] => registration::deregister(number, now),
        [name, ..] => Err(GraphError::nonexisting_field(name, nodes::PHONE_NODE)),
    }
}

/// `GET /{id}`: the WABA or one of its phone numbers.
fn read_node(
    world: &World,
    token: &Token,
    call: &Call<'_>,
    id: &str,
    now: OffsetDateTime,
) -> Result<Value, GraphError> {
    let fields = call.param("fields");
    if id == world.waba.id {
        authorize(token, MANAGEMENT, 200, &world.waba.id, call, id)?;
        return nodes::waba(world, call.major, fields);
    }
    let number = world
        .number(id)
        .ok_or_else(|| GraphError::no_such_object(&call.method, id))?;
    authorize(token, MANAGEMENT, 200, &world.waba.id, call, id)?;
    nodes::phone_number(world, number, now, call.major, fields)
}

/// `GET /{waba-id}/phone_numbers`.
fn phone_numbers(
    state: &AppState,
    world: &World,
    token: &Token,
    call: &Call<'_>,
    path: &str,
    now: OffsetDateTime,
) -> Result<Value, GraphError> {
    authorize(token, MANAGEMENT, 200, &world.waba.id, call, &world.waba.id)?;
    let ids: Vec<&str> = world
        .numbers
        .iter()
        .map(|number| number.id.as_str())
        .collect();
    let request = PageRequest {
        url: format!("{}{path}", state.base_url),
        query: &call.query,
    };
    let (start, end) = paging::select(&ids, &request)?;
    let items = world.numbers[start..end]
        .iter()
        .map(|number| nodes::phone_number(world, number, now, call.major, call.param("fields")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(paging::envelope(items, &ids, (start, end), &request))
}

/// `GET`, `POST` and `DELETE /{waba-id}/message_templates`: list, create, delete (`templates`).
fn message_templates(
    state: &AppState,
    world: &mut World,
    token: &Token,
    call: &Call<'_>,
    path: &str,
) -> Result<Value, GraphError> {
    authorize(token, MANAGEMENT, 200, &world.waba.id, call, &world.waba.id)?;
    let cx = templates::Context {
        now: state.clock.now(),
        limit: world.template_limit(),
        url: format!("{}{path}", state.base_url),
        call,
    };
    match call.method {
        Method::POST => templates::create(&mut world.templates, &cx),
        Method::DELETE => templates::delete(&mut world.templates, &cx),
        _ => templates::list(&world.templates, &cx),
    }
}

/// `GET /{template-id}` (the node) and `POST /{template-id}` (edit), see `templates`.
fn template_node(
    state: &AppState,
    world: &mut World,
    token: &Token,
    call: &Call<'_>,
    path: &str,
    id: &str,
) -> Result<Value, GraphError> {
    authorize(token, MANAGEMENT, 200, &world.waba.id, call, id)?;
    let cx = templates::Context {
        now: state.clock.now(),
        limit: world.template_limit(),
        url: format!("{}{path}", state.base_url),
        call,
    };
    if call.method == Method::POST {
        return templates::edit(&mut world.templates, id, &cx);
    }
    let store = &world.templates;
    match store.find(id) {
        Some(template) => templates::node(template, store, &cx),
        None => Err(GraphError::no_such_object(&call.method, id)),
    }
}

/// `GET /{waba-id}/subscribed_apps` (`override_callback_uri` only when one is set).
fn subscribed_apps(world: &World, token: &Token, call: &Call<'_>) -> Result<Value, GraphError> {
    authorize(token, MANAGEMENT, 200, &world.waba.id, call, &world.waba.id)?;
    let app = &world.app;
    let data = if world.waba.subscribed {
        let mut entry = json!({"whatsapp_business_api_data": {
            "id": app.id,
            "link": format!("https://www.facebook.com/games/?app_id={}", app.id),
            "name": app.name,
        }});
        if let (Some(url), Value::Object(map)) = (&world.waba.override_callback, &mut entry) {
            map.insert("override_callback_uri".into(), url.clone().into());
        }
        vec![entry]
    } else {
        Vec::new()
    };
    Ok(json!({ "data": data }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_vnn_dot_zero_is_a_version() {
        assert_eq!(major_version("v26.0"), Some(26));
        assert_eq!(major_version("v9.0"), Some(9));
        for bad in ["latest", "v26", "v26.1", "26.0", "v.0", "vx.0", "v+1.0"] {
            assert_eq!(major_version(bad), None, "{bad}");
        }
    }

    #[test]
    fn bearer_and_oauth_schemes() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer_token(&headers), None);
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer abc"),
        );
        assert_eq!(bearer_token(&headers).as_deref(), Some("abc"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("OAuth  xyz "),
        );
        assert_eq!(bearer_token(&headers).as_deref(), Some("xyz"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic dXNlcg=="),
        );
        assert_eq!(bearer_token(&headers).as_deref(), Some("Basic dXNlcg=="));
    }
}
