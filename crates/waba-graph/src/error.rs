//! Everything that can go wrong on a Graph call, and how each case reads for the admin.

use std::time::Duration;

use waba_core::diagnose::{diagnosis_for, ErrorSource, MetaSaid};
use waba_core::{CommandError, ErrorCode, ErrorDetails, GraphErrorDetails};

/// A failed Graph call. URLs kept here never carry a query string, so never a token.
#[derive(Debug, Clone, PartialEq)]
pub enum GraphError {
    /// Meta answered with its error envelope.
    Api(Box<GraphErrorDetails>),
    Timeout {
        url: String,
        after: Duration,
    },
    Unreachable {
        url: String,
        reason: String,
        /// Whether the request may have reached the server: `false` when the connection itself
        /// failed (DNS, refused, TLS handshake), so nothing was sent.
        request_sent: bool,
    },
    NotJson {
        url: String,
        status: u16,
        content_type: Option<String>,
        snippet: String,
    },
    /// The answer said it was JSON (or began as JSON) but is not valid JSON: cut short or garbled
    /// on the way, by a proxy or a connection that broke mid-answer.
    MalformedJson {
        url: String,
        status: u16,
        /// How many bytes of body arrived.
        received: usize,
        /// Where the JSON broke, as the parser says it.
        reason: String,
    },
    UnexpectedShape {
        url: String,
        status: u16,
        reason: String,
    },
    InvalidConfig(String),
    /// The console's own read budget for the profile is used up; nothing was sent.
    ReadBudget {
        per_hour: u32,
        retry_after: Duration,
    },
}

impl std::fmt::Display for GraphError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Api(g) => write!(
                f,
                "Graph error {} (HTTP {}): {}",
                g.code, g.http_status, g.graph_message
            ),
            Self::Timeout { url, after } => {
                write!(f, "no answer from {url} within {} s", after.as_secs())
            }
            Self::Unreachable { url, reason, .. } => write!(f, "cannot reach {url}: {reason}"),
            Self::NotJson { url, status, .. } => {
                write!(f, "{url} answered HTTP {status} without JSON")
            }
            Self::MalformedJson {
                url,
                status,
                reason,
                ..
            } => {
                write!(
                    f,
                    "{url} answered HTTP {status} with invalid JSON: {reason}"
                )
            }
            Self::UnexpectedShape { url, reason, .. } => {
                write!(f, "{url} answered unexpected JSON: {reason}")
            }
            Self::InvalidConfig(reason) => write!(f, "invalid Graph client settings: {reason}"),
            Self::ReadBudget {
                per_hour,
                retry_after,
            } => write!(
                f,
                "the budget of {per_hour} Graph reads an hour is used up for {} s",
                retry_after.as_secs()
            ),
        }
    }
}

impl std::error::Error for GraphError {}

impl GraphError {
    /// The Graph error code, when Meta answered with one.
    pub fn code(&self) -> Option<i64> {
        match self {
            Self::Api(g) => Some(g.code),
            _ => None,
        }
    }
}

impl From<GraphError> for CommandError {
    fn from(error: GraphError) -> Self {
        match error {
            GraphError::Api(mut g) => {
                let said = MetaSaid {
                    message: Some(g.graph_message.clone()),
                    details: g.details.clone(),
                    fbtrace_id: g.fbtrace_id.clone(),
                    user_title: g.user_title.clone(),
                    user_msg: g.user_msg.clone(),
                    where_: ErrorSource::GraphResponse,
                    recipient: None,
                    message_id: None,
                };
                let diagnosis = diagnosis_for(g.code, g.subcode, said);
                // The catalogue's first fix step is the one-line "what to do".
                let action = diagnosis.fix.first().cloned().unwrap_or_else(|| {
                    "Read Meta's message and details below; retry after fixing what they name.".to_owned()
                });
                g.diagnosis = Some(diagnosis);
                let subcode = g.subcode.map(|s| format!("/{s}")).unwrap_or_default();
                CommandError::new(ErrorCode::Graph, format!("Meta answered error {}{subcode}: {}", g.code, g.graph_message))
                    .with_action(action)
                    .with_details(ErrorDetails::Graph(g))
            }
            GraphError::Timeout { url, after } => CommandError::new(
                ErrorCode::Timeout,
                format!("{url} did not answer within {} seconds.", after.as_secs()),
            )
            .with_action("Check your internet connection (or that the base URL's server is running), then retry.")
            .with_details(ErrorDetails::Transport { url, reason: "timeout".into() }),
            GraphError::Unreachable { url, reason, .. } => CommandError::new(
                ErrorCode::Unreachable,
                format!("Could not reach {url}."),
            )
            .with_action("Check the profile's base URL and your network connection, then retry.")
            .with_details(ErrorDetails::Transport { url, reason }),
            GraphError::NotJson { url, status, content_type, snippet } => CommandError::new(
                ErrorCode::NotJson,
                format!(
                    "{url} answered HTTP {status} with {} instead of Graph JSON.",
                    content_type.as_deref().unwrap_or("no content type")
                ),
            )
            .with_action("The base URL may point at a proxy or a web page instead of the Graph API; check it, or retry if Meta is having an outage.")
            .with_details(ErrorDetails::Transport { url, reason: snippet }),
            GraphError::MalformedJson { url, status, received, reason } => CommandError::new(
                ErrorCode::NotJson,
                format!(
                    "The answer from {url} was cut short or garbled on the way: HTTP {status} said JSON, but its {received} bytes are not valid JSON."
                ),
            )
            .with_action("Try again in a moment; if it keeps happening, check Meta's status page (metastatus.com) and any proxy or VPN between this computer and Meta. A change (a send, a registration, a template) may have been made even so: check its result before repeating it.")
            .with_details(ErrorDetails::Transport { url, reason }),
            GraphError::UnexpectedShape { url, status, reason } => CommandError::new(
                ErrorCode::UnexpectedResponse,
                format!("{url} answered HTTP {status} with JSON the console did not expect."),
            )
            .with_action("Check that the base URL is Meta's Graph API and the API version is supported.")
            .with_details(ErrorDetails::Transport { url, reason }),
            GraphError::InvalidConfig(reason) => CommandError::new(ErrorCode::InvalidInput, reason)
                .with_action("Correct the profile's base URL or API version."),
            GraphError::ReadBudget { per_hour, retry_after } => CommandError::new(
                ErrorCode::RateLimited,
                format!("The console has used this profile's budget of {per_hour} Graph reads an hour, which keeps it inside Meta's management-call limit (shared with every other tool using this app). Nothing was sent."),
            )
            .with_action(format!(
                "Wait about {} s and try again; pages that refresh on their own slow down meanwhile.",
                retry_after.as_secs().max(1)
            )),
        }
    }
}
