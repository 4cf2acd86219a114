//! The local webhook receiver and its event feed as the window sees them (issue 10, part 4): what
//! the admin asks for when starting it, what it says about itself while it runs, the stored
//! events the feed lists, and the console's own signed test event.
//!
//! The receiver itself is `waba-receiver`; the service keeps the one the window runs. These are
//! only the shapes that cross IPC (and that `waba events list --json` prints).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::secret::Secret;

/// The port the window proposes the first time (then the last one used).
pub const DEFAULT_RECEIVER_PORT: u16 = 8787;

/// Start the profile's receiver.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StartReceiverRequest {
    pub profile_id: String,
    /// 0 picks a free port.
    pub port: u16,
    /// Listen on every interface (0.0.0.0) instead of 127.0.0.1: an explicit choice, warned about.
    #[serde(default)]
    pub listen_on_all_interfaces: bool,
    /// What Meta's verification GET must carry; without it every GET is refused (403).
    #[ts(type = "string | null")]
    pub verify_token: Option<Secret>,
}

/// The window's receiver, running or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReceiverStatus {
    pub running: bool,
    /// The profile whose app secret checks the signatures, while running.
    pub profile_id: Option<String>,
    /// `http://127.0.0.1:8787/webhook` while running: what a tunnel forwards to.
    pub local_url: Option<String>,
    /// The port it listens on, or the one it will propose (the last one used).
    pub port: u16,
    /// Whether it listens beyond loopback (0.0.0.0).
    pub listen_on_all_interfaces: bool,
    /// Whether a verify token is set, so Meta's verification GET can succeed.
    pub verify_token_set: bool,
    /// RFC 3339, when it started.
    pub started_at: Option<String>,
    /// What to do to receive Meta's webhooks here: expose the port with a tunnel, then paste
    /// its URL with `/webhook` as the callback.
    pub tunnel_hint: String,
    /// Said when it listens beyond loopback.
    pub warning: Option<String>,
}

/// Which stored events the feed shows.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WebhookEventFilter {
    /// Only events about this WABA (the feed shows the active profile's).
    pub waba_id: Option<String>,
    /// Only this kind (`status.read`, `message.text`, ...).
    pub kind: Option<String>,
    /// Only kinds that start with this (`status.`, `message.`, `template.`).
    pub kind_prefix: Option<String>,
    /// Only this Meta field (`messages`, `message_template_status_update`, ...).
    pub field: Option<String>,
    /// Only events whose summary contains this (case-insensitive).
    pub search: Option<String>,
    /// At most this many, newest first (the CLI's default is 50).
    pub limit: u32,
}

/// One stored webhook event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StoredWebhookEvent {
    pub id: i64,
    /// RFC 3339: when the receiver stored it.
    pub received_at: String,
    pub field: String,
    pub kind: String,
    pub waba_id: String,
    pub phone_number_id: Option<String>,
    pub summary: String,
    pub dedupe_key: String,
    /// The parsed event (`waba_core::webhook::WebhookEvent`), its value as Meta sent it.
    #[ts(type = "unknown")]
    pub event: serde_json::Value,
}

/// Stored events, newest first, with how many the filter takes in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WebhookEventList {
    pub total: u64,
    pub events: Vec<StoredWebhookEvent>,
}

/// What the console's signed test event did at the receiver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TestEventSent {
    /// Where it was posted.
    pub url: String,
    /// The receiver's HTTP status (200: stored).
    pub http_status: u16,
    /// The kinds of the events in the body, as the feed will show them.
    pub kinds: Vec<String>,
    /// What happened, in one sentence.
    pub message: String,
}
