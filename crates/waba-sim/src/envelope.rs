//! Graph's error envelope, byte-for-byte in shape: `{"error":{message,type,code,error_subcode?,
//! error_data?,fbtrace_id}}` plus the `WWW-Authenticate` header, and the code table (HTTP status,
//! title, details) that fault injection and the endpoints draw from (facts §2).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use crate::clock::pacific_text;

const OAUTH: &str = "OAuthException";
const GRAPH_METHOD: &str = "GraphMethodException";
const UNPARSABLE_TOKEN: &str = "Invalid OAuth access token - Cannot parse access token";

/// One Graph error, ready to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GraphError {
    status: StatusCode,
    kind: &'static str,
    code: i64,
    subcode: Option<i64>,
    message: String,
    /// `error_data.details`; `None` means the envelope has no `error_data` (generic Graph errors).
    details: Option<String>,
    /// `error_user_title` and `error_user_msg` (Business-Management style errors).
    /// Boxed: rarely present, and it keeps `Result<_, GraphError>` small.
    user: Option<Box<(String, String)>>,
    /// `is_transient`, when the error states it.
    transient: Option<bool>,
    /// An `error_data` that is not the WhatsApp `{messaging_product, details}` object (template
    /// creation's `{"blame_field_specs": [["name"]]}`); replaces `details` when set.
    data: Option<Box<Value>>,
}

/// A row of the code table (facts §2.3).
struct Entry {
    status: StatusCode,
    title: &'static str,
    details: &'static str,
}

impl GraphError {
    /// A WhatsApp-style error from the table: `"(#code) title"` plus
    /// `error_data {messaging_product, details}`; `details` overrides the table's text.
    /// Codes Graph reports without `error_data` (1, 2, 4) keep it off; 2 and 4 say
    /// `is_transient: true`, as Graph does (facts §2.1).
    pub(crate) fn coded(code: i64, details: Option<String>) -> GraphError {
        let entry = entry(code);
        let generic = matches!(code, 1 | 2 | 4 | 15);
        GraphError {
            status: entry.status,
            kind: OAUTH,
            code,
            subcode: None,
            message: format!("(#{code}) {}", entry.title),
            details: (!generic).then(|| details.unwrap_or_else(|| entry.details.to_owned())),
            user: None,
            transient: matches!(code, 2 | 4).then_some(true),
            data: None,
        }
    }

    /// What `Faults::fail_next` answers: the table row for `code`, with the given subcode.
    /// Code 190 gets the token-error wording that matches the subcode.
    pub(crate) fn injected(code: i64, subcode: Option<i64>, now: OffsetDateTime) -> GraphError {
        if code == 190 {
            let mut error = match subcode {
                Some(463) => GraphError::expired_token(now - time::Duration::hours(1), now),
                _ => GraphError::unparsable_token(),
            };
            if let Some(sub) = subcode.filter(|&s| s != 463) {
                error.subcode = Some(sub);
                error.message = invalid_session_message(sub);
            }
            return error;
        }
        GraphError {
            subcode,
            ..GraphError::coded(code, None)
        }
    }

    /// HTTP 400, code 104: no token in the header or the query.
    pub(crate) fn token_required() -> GraphError {
        GraphError::plain(
            StatusCode::BAD_REQUEST,
            104,
            "An access token is required to request this resource.".to_owned(),
        )
    }

    /// HTTP 401, code 190, no subcode: the token is not one Graph issued.
    pub(crate) fn unparsable_token() -> GraphError {
        GraphError::plain(StatusCode::UNAUTHORIZED, 190, UNPARSABLE_TOKEN.to_owned())
    }

    /// HTTP 401, code 190, subcode 463: the token's session expired.
    pub(crate) fn expired_token(expired_at: OffsetDateTime, now: OffsetDateTime) -> GraphError {
        GraphError {
            subcode: Some(463),
            ..GraphError::plain(
                StatusCode::UNAUTHORIZED,
                190,
                expired_message(expired_at, now),
            )
        }
    }

    /// HTTP 400, code 2500: a path Graph cannot route.
    pub(crate) fn unknown_path(components: &str) -> GraphError {
        GraphError::plain(
            StatusCode::BAD_REQUEST,
            2500,
            format!("Unknown path components: {components}"),
        )
    }

    /// HTTP 400, code 100, subcode 33, `GraphMethodException`: the object is unknown, hidden by
    /// permissions, or does not support `method`.
    pub(crate) fn no_such_object(method: &Method, id: &str) -> GraphError {
        let verb = method.as_str().to_ascii_lowercase();
        GraphError {
            kind: GRAPH_METHOD,
            subcode: Some(33),
            ..GraphError::plain(
                StatusCode::BAD_REQUEST,
                100,
                format!(
                    "Unsupported {verb} request. Object with ID '{id}' does not exist, cannot be \
                     loaded due to missing permissions, or does not support this operation. \
                     Please read the Graph API documentation at \
                     https://developers.facebook.com/docs/graph-api"
                ),
            )
        }
    }

    /// HTTP 400, code 100: a field name the node type does not have.
    pub(crate) fn nonexisting_field(field: &str, node_type: &str) -> GraphError {
        GraphError::invalid_parameter(&format!(
            "Tried accessing nonexisting field ({field}) on node type ({node_type})"
        ))
    }

    /// HTTP 400, code 100, generic Graph wording (no `error_data`).
    pub(crate) fn invalid_parameter(text: &str) -> GraphError {
        GraphError::plain(StatusCode::BAD_REQUEST, 100, format!("(#100) {text}"))
    }

    /// HTTP 400, code 100: `(#100) Param {param} must be at most {max} characters long.`, the
    /// wording Meta answers for a too-long conversational-automation value (facts §17.4).
    pub(crate) fn too_long(param: &str, max: usize) -> GraphError {
        GraphError::invalid_parameter(&format!(
            "Param {param} must be at most {max} characters long."
        ))
    }

    /// HTTP 400, code 105: `(#105) The parameter {param} must have at most {max} elements,
    /// {found} found.` (facts §17.4).
    pub(crate) fn too_many_elements(param: &str, max: usize, found: usize) -> GraphError {
        GraphError::plain(
            StatusCode::BAD_REQUEST,
            105,
            format!(
                "(#105) The parameter {param} must have at most {max} elements, {found} found."
            ),
        )
    }

    /// HTTP 400, code 104: the `sig` of an upload session does not match (one of the errors the
    /// Application Uploads reference lists, facts §17.2).
    pub(crate) fn incorrect_signature() -> GraphError {
        GraphError::plain(
            StatusCode::BAD_REQUEST,
            104,
            "(#104) Incorrect signature".to_owned(),
        )
    }

    /// The token lacks `scope`: the table row for `code` (200 for management reads, 10 for
    /// messaging calls), HTTP 403.
    pub(crate) fn missing_permission(code: i64, scope: &str) -> GraphError {
        GraphError::coded(
            code,
            Some(format!(
                "The access token does not have the {scope} permission this call requires."
            )),
        )
    }

    /// `(#100) Invalid parameter` with `error_data.details` saying what is wrong (WhatsApp
    /// endpoints: PIN, register, request_code and verify_code parameters).
    pub(crate) fn bad_param(details: impl Into<String>) -> GraphError {
        GraphError::coded(100, Some(details.into()))
    }

    /// The `register-fails` answer: code 100, subcode 2388001 (a number-migration error, facts
    /// §2.3: confirm ownership first, or turn two-step verification off at the source), with
    /// `error_user_title`/`error_user_msg`, `is_transient: false`, no `error_data`
    /// (Business-Management style).
    pub(crate) fn migration_error() -> GraphError {
        GraphError {
            subcode: Some(2388001),
            user: Some(Box::new((
                "Phone number migration error".to_owned(),
                "The certificate for this phone number can be downloaded only after you confirm \
                 ownership of the number being migrated (request_code and verify_code), and \
                 two-step verification must be turned off for it at the source."
                    .to_owned(),
            ))),
            transient: Some(false),
            ..GraphError::plain(StatusCode::BAD_REQUEST, 100, "Invalid parameter".to_owned())
        }
    }

    /// A template-management refusal as Meta sends it (facts §2.3): code 100, `message`
    /// "Invalid parameter", the 2388xxx number in `error_subcode` when there is one,
    /// `error_user_title` / `error_user_msg`, `is_transient: false`.
    pub(crate) fn template(
        subcode: Option<i64>,
        title: &str,
        msg: impl Into<String>,
    ) -> GraphError {
        GraphError {
            subcode,
            user: Some(Box::new((title.to_owned(), msg.into()))),
            transient: Some(false),
            ..GraphError::plain(StatusCode::BAD_REQUEST, 100, "Invalid parameter".to_owned())
        }
    }

    /// The same error with this `error_data` (e.g. `{"blame_field_specs": [["name"]]}`).
    pub(crate) fn with_error_data(self, data: Value) -> GraphError {
        GraphError {
            details: None,
            data: Some(Box::new(data)),
            ..self
        }
    }

    /// The same error with this `error_subcode`.
    pub(crate) fn with_subcode(self, subcode: i64) -> GraphError {
        GraphError {
            subcode: Some(subcode),
            ..self
        }
    }

    /// The envelope's `code`.
    #[cfg(test)]
    pub(crate) fn code(&self) -> i64 {
        self.code
    }

    /// The envelope's `message`.
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    fn plain(status: StatusCode, code: i64, message: String) -> GraphError {
        GraphError {
            status,
            kind: OAUTH,
            code,
            subcode: None,
            message,
            details: None,
            user: None,
            transient: None,
            data: None,
        }
    }

    fn body(&self) -> Value {
        let mut error = Map::new();
        error.insert("message".into(), self.message.clone().into());
        error.insert("type".into(), self.kind.into());
        error.insert("code".into(), self.code.into());
        if let Some(subcode) = self.subcode {
            error.insert("error_subcode".into(), subcode.into());
        }
        if let Some(transient) = self.transient {
            error.insert("is_transient".into(), transient.into());
        }
        if let Some(user) = &self.user {
            let (title, msg) = &**user;
            error.insert("error_user_title".into(), title.clone().into());
            error.insert("error_user_msg".into(), msg.clone().into());
        }
        if let Some(data) = &self.data {
            error.insert("error_data".into(), (**data).clone());
        } else if let Some(details) = &self.details {
            error.insert(
                "error_data".into(),
                json!({"messaging_product": "whatsapp", "details": details}),
            );
        }
        error.insert("fbtrace_id".into(), fbtrace_id().into());
        json!({ "error": error })
    }
}

impl IntoResponse for GraphError {
    fn into_response(self) -> Response {
        let reason = if self.code == 190 {
            "invalid_token"
        } else {
            "invalid_request"
        };
        let challenge = format!(
            "OAuth \"Facebook Platform\" \"{reason}\" \"{}\"",
            self.message.replace('\\', "\\\\").replace('"', "\\\"")
        );
        let mut response = (self.status, Json(self.body())).into_response();
        // A message echoing odd request bytes may not be a valid header value; then skip it.
        if let Ok(value) = HeaderValue::from_str(&challenge) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, value);
        }
        response
    }
}

/// Graph's expired-session message, times in US Pacific.
fn expired_message(expired_at: OffsetDateTime, now: OffsetDateTime) -> String {
    format!(
        "Error validating access token: Session has expired on {}. The current time is {}.",
        pacific_text(expired_at),
        pacific_text(now)
    )
}

/// Token-error wording for the other 190 subcodes.
fn invalid_session_message(subcode: i64) -> String {
    let reason = match subcode {
        458 => "The user has not authorized the application.",
        459 => "The user is enrolled in a blocking, logged-in checkpoint.",
        460 => {
            "The session has been invalidated because the user changed their password or \
             Facebook has changed the session for security reasons."
        }
        464 => "The user is not a confirmed user.",
        467 => "The session is invalid because the user logged out.",
        492 => "The user has no role on the application that issued this token.",
        _ => "The session is invalid.",
    };
    format!("Error validating access token: {reason}")
}

/// A short random base64url trace id like Graph's `fbtrace_id` (27 characters).
fn fbtrace_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0u8; 20];
    for chunk in bytes.chunks_mut(8) {
        // `RandomState` is seeded from OS randomness; hashing a counter gives fresh bytes.
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        let word = hasher.finish().to_le_bytes();
        chunk.copy_from_slice(&word[..chunk.len()]);
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

/// HTTP status, title and details per code (facts §2.3). Unknown codes: 400 "Simulated error".
fn entry(code: i64) -> Entry {
    use StatusCode as S;
    let (status, title, details) = match code {
        0 => (S::UNAUTHORIZED, "AuthException", "We were unable to authenticate the app user. The access token may have expired or been invalidated, or app access was removed."),
        1 => (S::BAD_REQUEST, "API Unknown", "Invalid request or possible server error."),
        2 => (S::SERVICE_UNAVAILABLE, "Service temporarily unavailable", "Temporary downtime or overload. Retry the request later."),
        3 => (S::INTERNAL_SERVER_ERROR, "API Method", "The app lacks a capability or permission for this call. Check the token's scopes with the token debugger."),
        4 => (S::BAD_REQUEST, "Application request limit reached", "The app reached its API call rate limit."),
        15 => (S::BAD_REQUEST, "This method must be called with an app access_token.", "Call this endpoint with the app access token {app-id}|{app-secret}, not a user or system-user token."),
        10 => (S::FORBIDDEN, "Permission Denied", "The permission is not granted or has been removed."),
        100 => (S::BAD_REQUEST, "Invalid parameter", "The request has an unknown, misspelled or invalid parameter."),
        200..=299 => (S::FORBIDDEN, "Permissions error", "The permission is not granted or has been removed."),
        368 => (S::FORBIDDEN, "Temporarily blocked for policies violations", "The WhatsApp Business Account is restricted or disabled for violating a platform policy."),
        2200 => (S::BAD_REQUEST, "Callback verification failed with the following errors", "The callback URL did not answer Meta's verification GET with HTTP 200."),
        2201 => (S::BAD_REQUEST, "received invalid hub.challenge while validating callback", "The callback URL answered the verification GET, but its body was not the raw hub.challenge."),
        80007 => (S::BAD_REQUEST, "Rate limit issues", "The WhatsApp Business Account reached its rate limit."),
        80008 => (S::BAD_REQUEST, "There have been too many calls to this WhatsApp Business account", "Too many calls to this WhatsApp Business Account. Wait and try again later."),
        130429 => (S::BAD_REQUEST, "Rate limit hit", "Cloud API message throughput has been reached."),
        131000 => (S::INTERNAL_SERVER_ERROR, "Something went wrong", "Message failed to send because of an unknown error. Try again later."),
        131005 => (S::FORBIDDEN, "Access denied", "The permission is not granted or has been removed."),
        131008 => (S::BAD_REQUEST, "Required parameter is missing", "The request is missing a required parameter."),
        131009 => (S::BAD_REQUEST, "Parameter value is not valid", "One or more parameter values are invalid."),
        131016 => (S::INTERNAL_SERVER_ERROR, "Service unavailable", "A service is temporarily unavailable. Try again later."),
        131021 => (S::BAD_REQUEST, "Recipient cannot be sender", "Sender and recipient phone number is the same."),
        131026 => (S::BAD_REQUEST, "Message undeliverable", "Unable to deliver message. The recipient may not be a WhatsApp user or may not have accepted the current terms."),
        131030 => (S::BAD_REQUEST, "Recipient phone number not in allowed list", "Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again."),
        131031 => (S::FORBIDDEN, "Account has been locked", "The account is restricted or disabled, or request data failed validation against the account."),
        131042 => (S::BAD_REQUEST, "Business eligibility payment issue", "There was an error related to the payment method."),
        131045 => (S::INTERNAL_SERVER_ERROR, "Incorrect certificate", "Message failed to send due to a phone number registration error. Register the number again."),
        131047 => (S::BAD_REQUEST, "Re-engagement message", "Message failed to send because more than 24 hours have passed since the customer last replied to this number."),
        131053 => (S::BAD_REQUEST, "Media upload error", "The media could not be uploaded or fetched: check its type and size, or upload it and send it by ID."),
        131056 => (S::BAD_REQUEST, "(Business Account, Consumer Account) pair rate limit hit", "Too many messages sent from the sender phone number to the same recipient phone number in a short period of time."),
        131057 => (S::INTERNAL_SERVER_ERROR, "Account in maintenance mode", "The business account is in maintenance mode, for example during a throughput upgrade."),
        131059 => (S::BAD_REQUEST, "Invalid pagination cursor", "The before or after cursor is not valid. Retry without before/after."),
        132000 => (S::BAD_REQUEST, "Template Param Count Mismatch", "The number of parameter values does not match the number of variables in the template."),
        132001 => (S::NOT_FOUND, "Template name does not exist in the translation", "The template does not exist in this language or has not been approved."),
        132005 => (S::BAD_REQUEST, "Template Hydrated Text Too Long", "The text after substituting parameters is too long."),
        132007 => (S::BAD_REQUEST, "Template Format Character Policy Violated", "The template content violates a WhatsApp policy."),
        132012 => (S::BAD_REQUEST, "Template Parameter Format Mismatch", "A parameter value does not match the format the template declares."),
        132015 => (S::BAD_REQUEST, "Template is Paused", "The template is paused because of low quality."),
        132016 => (S::BAD_REQUEST, "Template is Disabled", "The template was paused too many times and is permanently disabled."),
        133000 => (S::INTERNAL_SERVER_ERROR, "Incomplete deregistration", "A previous deregistration attempt failed. Deregister the number again before registering."),
        133004 => (S::SERVICE_UNAVAILABLE, "Server temporarily unavailable", "The server is temporarily unavailable. Try again later."),
        133005 => (S::BAD_REQUEST, "Two step verification PIN mismatch", "The two-step verification PIN is incorrect."),
        133006 => (S::BAD_REQUEST, "Phone number re-verification needed", "The phone number must be verified (request_code / verify_code) before it can be registered."),
        133008 => (S::BAD_REQUEST, "Too many two step verification PIN guesses for this phone number", "Too many PIN guesses. Try again after the waiting period."),
        133009 => (S::BAD_REQUEST, "Two step verification PIN guessed too fast", "PIN guesses arrived too fast. Wait before trying again."),
        133010 => (S::BAD_REQUEST, "Account not registered", "The phone number is not registered on the WhatsApp Business Platform."),
        133015 => (S::BAD_REQUEST, "Please wait a few minutes before attempting to register this phone number", "The number was recently deleted and deletion has not finished. Wait about 5 minutes and try again."),
        133016 => (S::BAD_REQUEST, "Account register deregister rate limit exceeded", "Too many register or deregister requests for this number in the last 72 hours."),
        136024 => (S::BAD_REQUEST, "Request code error", "The verification code could not be sent. Check code_method and language, or wait before requesting again."),
        136025 => (S::BAD_REQUEST, "Verify code error", "The verification code is incorrect. Check the code or request a new one."),
        135000 => (S::BAD_REQUEST, "Generic user error", "The request failed because of an unknown problem with its parameters."),
        _ => (S::BAD_REQUEST, "Simulated error", "Error injected by the WABA Console sandbox."),
    };
    Entry {
        status,
        title,
        details,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn error_object(error: &GraphError) -> Map<String, Value> {
        match error.body() {
            Value::Object(mut top) => match top.remove("error") {
                Some(Value::Object(inner)) => inner,
                other => panic!("no error object: {other:?}"),
            },
            other => panic!("not an object: {other}"),
        }
    }

    fn keys(error: &GraphError) -> Vec<String> {
        let mut keys: Vec<String> = error_object(error).keys().cloned().collect();
        keys.sort();
        keys
    }

    #[test]
    fn whatsapp_codes_carry_error_data_and_table_status() {
        let error = GraphError::coded(131030, None);
        assert_eq!(error.status, StatusCode::BAD_REQUEST);
        let body = error_object(&error);
        assert_eq!(
            body["message"],
            "(#131030) Recipient phone number not in allowed list"
        );
        assert_eq!(body["type"], "OAuthException");
        assert_eq!(body["error_data"]["messaging_product"], "whatsapp");
        assert!(body["error_data"]["details"]
            .as_str()
            .is_some_and(|d| !d.is_empty()));
        assert_eq!(
            keys(&error),
            ["code", "error_data", "fbtrace_id", "message", "type"]
        );

        assert_eq!(
            GraphError::coded(132001, None).status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            GraphError::coded(2, None).status,
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(GraphError::coded(200, None).status, StatusCode::FORBIDDEN);
        assert_eq!(GraphError::coded(4, None).details, None);
    }

    #[test]
    fn codes_2_and_4_carry_graphs_real_messages_and_are_transient() {
        for (code, message) in [
            (2, "(#2) Service temporarily unavailable"),
            (4, "(#4) Application request limit reached"),
        ] {
            let body = error_object(&GraphError::coded(code, None));
            assert_eq!(body["message"], message);
            assert_eq!(body["is_transient"], true, "{code}");
            assert!(!body.contains_key("error_data"), "{code}");
        }
        assert!(!error_object(&GraphError::coded(100, None)).contains_key("is_transient"));
    }

    #[test]
    fn register_fails_answers_a_migration_error() {
        let body = error_object(&GraphError::migration_error());
        assert_eq!(body["error_subcode"], 2388001);
        assert_eq!(body["error_user_title"], "Phone number migration error");
        let msg = body["error_user_msg"].as_str().unwrap();
        assert!(msg.contains("confirm ownership") && msg.contains("two-step verification"));
        assert!(!msg.contains("display name"));
    }

    #[test]
    fn unknown_code_is_a_400_simulated_error() {
        let error = GraphError::injected(999_999, Some(7), datetime!(2025-01-01 00:00 UTC));
        assert_eq!(error.status, StatusCode::BAD_REQUEST);
        let body = error_object(&error);
        assert_eq!(body["message"], "(#999999) Simulated error");
        assert_eq!(body["error_subcode"], 7);
    }

    #[test]
    fn injected_190_matches_the_subcode() {
        let now = datetime!(2025-01-15 20:00 UTC);
        let expired = GraphError::injected(190, Some(463), now);
        assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
        assert_eq!(expired.subcode, Some(463));
        assert_eq!(
            expired.message,
            "Error validating access token: Session has expired on Wednesday, 15-Jan-25 \
             11:00:00 PST. The current time is Wednesday, 15-Jan-25 12:00:00 PST."
        );
        let bare = GraphError::injected(190, None, now);
        assert_eq!(bare.message, UNPARSABLE_TOKEN);
        assert_eq!(keys(&bare), ["code", "fbtrace_id", "message", "type"]);
        let logged_out = GraphError::injected(190, Some(467), now);
        assert!(logged_out.message.contains("logged out"));
        assert_eq!(logged_out.subcode, Some(467));
    }

    #[test]
    fn no_such_object_is_a_graph_method_exception() {
        let error = GraphError::no_such_object(&Method::POST, "123");
        let body = error_object(&error);
        assert_eq!(body["type"], "GraphMethodException");
        assert_eq!(body["error_subcode"], 33);
        assert!(body["message"].as_str().is_some_and(|m| m.starts_with(
            "Unsupported post request. Object with ID '123' does not exist, cannot be loaded"
        )));
    }

    #[test]
    fn www_authenticate_names_the_reason() {
        let response = GraphError::unparsable_token().into_response();
        assert_eq!(
            response.headers()[header::WWW_AUTHENTICATE],
            "OAuth \"Facebook Platform\" \"invalid_token\" \"Invalid OAuth access token - Cannot parse access token\""
        );
        let response = GraphError::token_required().into_response();
        assert!(response.headers()[header::WWW_AUTHENTICATE]
            .to_str()
            .is_ok_and(|v| v.contains("\"invalid_request\"")));
    }

    #[test]
    fn fbtrace_ids_look_like_graphs() {
        let a = fbtrace_id();
        let b = fbtrace_id();
        assert_eq!(a.len(), 27);
        assert_ne!(a, b);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }
}
