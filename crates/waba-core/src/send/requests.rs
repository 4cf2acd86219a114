//! The requests and answers of the Send page, the burst and `waba send` across IPC: a message to
//! check or send, what the checks found (the recipient parsed, the 24-hour window, every
//! finding, the exact Graph request), what a send answered, media uploads, link checks, the
//! number's send limits and a burst's live figures.
//!
//! Why a module of its own: the pure rules live in the sibling modules; these are the shapes the
//! window, the CLI and the service agree on, declared once (ts-rs writes them for the UI).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::FieldError;
use crate::graph_request::GraphRequest;
use crate::send::{
    LoggedMessage, MediaKind, OutgoingMessage, Recipient, SendFinding, ServiceWindow,
};

/// A message to one recipient, to check or to send.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct ComposeRequest {
    pub profile_id: String,
    /// The recipient as typed (`+1 650 555 1234`, `16505551234`).
    pub to: String,
    pub message: OutgoingMessage,
    /// The admin chose to send a free-form message although the 24-hour window is closed (or the
    /// recipient never wrote): the window finding becomes a warning. Meta may accept it and fail
    /// it later with 131047, which the log then shows.
    #[serde(default)]
    pub send_outside_window: bool,
}

/// Whether the statuses of a send will reach this console (they come only by webhook).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeliveryTracking {
    /// The window's receiver is running for this profile.
    pub receiver_running: bool,
    /// What to expect, and what to do when statuses will not arrive.
    pub note: String,
}

/// Everything the console checks before a send, without sending (the Send page as the admin
/// types, `waba send --dry-run`). Local but for the last inbound time, which is read from the
/// stored webhooks.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SendPreview {
    /// The recipient, when the input is a number the console can send to.
    pub recipient: Option<Recipient>,
    /// Why it is not (field `to`).
    pub recipient_error: Option<FieldError>,
    /// The recipient's 24-hour window, from the inbound messages the receiver stored.
    pub window: Option<ServiceWindow>,
    /// Every finding, the window's included; an error blocks the send.
    pub findings: Vec<SendFinding>,
    pub blocked: bool,
    /// The exact call (`POST /{phone-number-id}/messages`) with its JSON body and its curl; the
    /// `to` is the recipient's E.164 digits, or the input as typed when it is not a number.
    pub request: GraphRequest,
    /// The first-contact and 24-hour rule, shown when the window blocks the send.
    pub key_rule: String,
    pub tracking: DeliveryTracking,
}

/// What a send answered: the message as the log holds it now (accepted, or unknown when no
/// answer came), and the checks' warnings.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SentMessage {
    pub message: LoggedMessage,
    pub warnings: Vec<SendFinding>,
    /// Why no answer was read, when the message is `unknown`: a timeout, a closed connection, or
    /// an answer that came cut short (`notJson`), diagnosed like any Graph error.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub no_answer: Option<crate::error::CommandError>,
}

/// A link Meta will fetch, checked as Meta's fetcher would meet it (HTTPS, no shortener, no
/// authentication, the content type and size of the kind).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct CheckLinkRequest {
    pub kind: MediaKind,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LinkCheck {
    pub url: String,
    /// The HTTP status the link answered, when it was fetched.
    pub http_status: Option<u16>,
    pub content_type: Option<String>,
    #[ts(type = "number | null")]
    pub size_bytes: Option<u64>,
    /// Empty: Meta should be able to fetch it.
    pub findings: Vec<SendFinding>,
    pub blocked: bool,
}

/// A file from this computer, uploaded to the number's media (`POST /{phone-number-id}/media`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct UploadMediaRequest {
    pub profile_id: String,
    pub kind: MediaKind,
    /// The file's name, with its extension.
    pub file_name: String,
    /// The file's type as the picker reported it; guessed from the extension when empty.
    #[serde(default)]
    pub content_type: Option<String>,
    /// The file's bytes, base64.
    pub data_base64: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UploadedMedia {
    /// Meta's media ID, to send by `{"id": ...}` (valid 30 days).
    pub media_id: String,
    pub file_name: String,
    pub content_type: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// The exact upload call, as curl (`-F file=@...`).
    pub request: GraphRequest,
}

/// Marks an inbound message as read (the blue ticks the customer sees).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct MarkReadRequest {
    pub profile_id: String,
    /// The inbound message's wamid.
    pub wamid: String,
}

/// The sender's limits for a profile's number: Meta's throughput and pair limit as the console
/// paces itself (it sends no faster, so Meta's 130429 and 131056 do not happen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct SendLimits {
    /// Messages per second for the number (Meta: 80 by default, up to 1,000 after an upgrade).
    pub messages_per_second: u32,
    /// Seconds between two messages to the same recipient (Meta: about 6).
    pub pair_interval_seconds: u32,
    /// Messages to one recipient allowed at once before the pair interval applies.
    pub pair_burst: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct SetSendLimitsRequest {
    pub profile_id: String,
    pub limits: SendLimits,
}

/// N copies of a template, spread over recipients, paced by the number's limits.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct BurstRequest {
    pub profile_id: String,
    /// An approved template without variables, or with `parameters` for its body.
    pub template: String,
    pub language: String,
    /// 1 to 10,000.
    pub count: u32,
    /// Recipients, each as typed; empty: the sandbox's test recipients (sandbox profiles only).
    #[serde(default)]
    pub to: Vec<String>,
    /// The body's variables, in order.
    #[serde(default)]
    pub parameters: Vec<String>,
    /// Needed on a real profile: the burst sends real, billable messages.
    #[serde(default)]
    pub confirmed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BurstState {
    Running,
    Done,
    Cancelled,
    /// It stopped before the end (its `error` says why).
    Failed,
}

/// How many sends ended with one error code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CodeCount {
    /// The Graph code; `null` for sends with no answer (outcome unknown).
    pub code: Option<i64>,
    pub title: String,
    pub count: u32,
}

/// A burst's live figures (the CLI prints the final ones with these names).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BurstProgress {
    /// The console's ID of this burst.
    pub burst_id: String,
    pub state: BurstState,
    pub requested: u32,
    /// Sends that got an answer (accepted or refused) or none (unknown): all that were made.
    pub sent: u32,
    pub accepted: u32,
    /// Sends that ended refused, failed by code, or unknown.
    pub failures: Vec<CodeCount>,
    /// How many 130429 answers came (each retried with backoff).
    pub throttled: u32,
    /// Wall time so far.
    pub seconds: f64,
    /// `sent / seconds`.
    pub achieved_per_second: f64,
    /// The number's throughput as the console paces it.
    pub allowed_per_second: u32,
    /// The recipients it sends to, in turn (E.164 digits).
    pub recipients: Vec<String>,
    /// Why it cannot reach `allowedPerSecond`, when it cannot (the pair limit with few recipients).
    pub note: Option<String>,
    /// Why it stopped, when it failed.
    pub error: Option<String>,
}
