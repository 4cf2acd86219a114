//! The one error shape that crosses IPC and the CLI's `--json` output.
//!
//! The window never matches on message text: it branches on `code`, shows `message` (what
//! happened) and `action` (what to do next), and keeps `details` (the Graph envelope, the fields
//! that failed validation) behind a toggle.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Stable, machine-readable category of a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorCode {
    /// The user typed something the console cannot use; `details.fields` says which field and why.
    InvalidInput,
    /// The console's own count of register (or deregister) calls in 72 hours is used up: one more
    /// would make Meta lock the number (133016). No call was made.
    AttemptBudgetExhausted,
    /// The call needs the admin's explicit confirmation first (one of the last register or
    /// deregister attempts of the 72-hour window, a template the linter warns about, a template
    /// delete). No call was made.
    ConfirmationRequired,
    /// The template linter found errors Meta would reject the template for; `details.fields`
    /// lists them. No call was made.
    TemplateLintFailed,
    /// The console's own count says Meta's edit limit of this template is reached (1 per 24 h,
    /// 10 per 30 days for an approved one). No call was made.
    EditLimitReached,
    /// A check before a send found something Meta would refuse (or fail) the message for;
    /// `details.findings` lists them. Nothing was sent.
    SendBlocked,
    /// The console's own budget of Graph reads for this profile (Meta's management-call limit) is
    /// used up for now; `action` says when reads are possible again. No call was made.
    RateLimited,
    /// Meta's Graph API (or the sandbox) answered with its error envelope.
    Graph,
    /// The call did not complete within the client's timeout.
    Timeout,
    /// The base URL could not be reached: DNS failure, connection refused or reset.
    Unreachable,
    /// The server answered, but not with JSON (an HTML error page, a proxy login page, ...).
    NotJson,
    /// The server answered JSON of an unexpected shape.
    UnexpectedResponse,
    /// The OS keychain is missing, locked or refused the request.
    KeychainUnavailable,
    /// No token is stored for this profile yet.
    NoToken,
    /// The named profile, or another local object, does not exist.
    NotFound,
    /// The local database failed.
    Storage,
    /// A bug: something that should not happen did.
    Internal,
}

/// A field the user typed that the console refuses, with the reason and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldError {
    /// camelCase name of the input field (`wabaId`, `token`, ...).
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// Everything Meta put in an error envelope, typed. `raw` is the body exactly as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GraphErrorDetails {
    pub http_status: u16,
    pub code: i64,
    pub subcode: Option<i64>,
    pub error_type: Option<String>,
    pub graph_message: String,
    /// `error_data.details`, whether Meta sent `error_data` as an object or as a plain string.
    pub details: Option<String>,
    pub fbtrace_id: Option<String>,
    pub user_title: Option<String>,
    pub user_msg: Option<String>,
    pub is_transient: Option<bool>,
    /// The `WWW-Authenticate` header Graph adds to authentication failures.
    pub www_authenticate: Option<String>,
    pub raw: String,
    /// The error catalogue's card for this code, so every Graph error reads as a diagnosis.
    pub diagnosis: Option<crate::diagnose::Diagnosis>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum ErrorDetails {
    Fields {
        fields: Vec<FieldError>,
    },
    Graph(Box<GraphErrorDetails>),
    /// What the checks before a send found ([`ErrorCode::SendBlocked`]).
    Findings {
        findings: Vec<crate::send::SendFinding>,
    },
    /// A transport failure: which URL (never with a token in it) and the low-level reason.
    Transport {
        url: String,
        reason: String,
    },
}

/// The error every command and CLI call returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
#[error("{message}")]
pub struct CommandError {
    pub code: ErrorCode,
    /// What happened, in one sentence a business admin understands.
    pub message: String,
    /// What to do next.
    pub action: Option<String>,
    pub details: Option<ErrorDetails>,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            action: None,
            details: None,
        }
    }

    pub fn with_action(mut self, action: impl Into<String>) -> Self {
        self.action = Some(action.into());
        self
    }

    pub fn with_details(mut self, details: ErrorDetails) -> Self {
        self.details = Some(details);
        self
    }

    /// One or more fields were refused. The message names each field so the CLI reads well too.
    pub fn invalid_fields(fields: Vec<FieldError>) -> Self {
        let message = fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; ");
        Self::new(ErrorCode::InvalidInput, message)
            .with_action("Correct the highlighted field and try again; nothing you typed was lost.")
            .with_details(ErrorDetails::Fields { fields })
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message).with_action(
            "This is a bug in WABA Console. The log file has the details; please report it.",
        )
    }

    /// The Graph envelope, if this error came from Meta (or the sandbox).
    pub fn graph(&self) -> Option<&GraphErrorDetails> {
        match &self.details {
            Some(ErrorDetails::Graph(g)) => Some(g),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_shape_is_code_message_action_details() {
        let err = CommandError::invalid_fields(vec![FieldError::new("wabaId", "must be digits")]);
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "invalidInput");
        assert_eq!(json["message"], "wabaId: must be digits");
        assert_eq!(json["details"]["kind"], "fields");
        assert_eq!(json["details"]["fields"][0]["field"], "wabaId");
        assert!(json["action"]
            .as_str()
            .unwrap()
            .contains("nothing you typed was lost"));
    }

    #[test]
    fn graph_details_are_flattened_under_kind() {
        let g = GraphErrorDetails {
            http_status: 401,
            code: 190,
            subcode: Some(463),
            error_type: Some("OAuthException".into()),
            graph_message: "Error validating access token".into(),
            details: None,
            fbtrace_id: Some("Abc".into()),
            user_title: None,
            user_msg: None,
            is_transient: None,
            www_authenticate: None,
            raw: "{}".into(),
            diagnosis: None,
        };
        let err = CommandError::new(ErrorCode::Graph, "expired")
            .with_details(ErrorDetails::Graph(Box::new(g)));
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["details"]["kind"], "graph");
        assert_eq!(json["details"]["httpStatus"], 401);
        assert_eq!(json["details"]["subcode"], 463);
        assert_eq!(err.graph().unwrap().code, 190);
    }
}
