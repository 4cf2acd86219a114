//! The message log as the window and `waba messages list` see it: each message the console sent
//! (or tried to), where it stands, its timeline, its pricing and its error read through the
//! catalogue, and the delivery funnel of a period.
//!
//! Why here: the store keeps rows, the window needs verdicts ("accepted 12 minutes ago and no
//! status since: the first-contact trap"), and the CLI needs the same words; so the status enum
//! and the shapes that cross IPC are written once, in core, and the store's rows are turned into
//! them by the service.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::diagnose::Diagnosis;
use crate::send::MessageKind;
use crate::webhook::{should_replace_status, status_rank, StatusRank};

/// A message accepted by Meta with no status after this long is flagged. Meta sends `sent` within
/// seconds, and `failed` with 131047 (a free-form message outside the 24-hour window) or 131026
/// (a recipient not on WhatsApp) when it cannot deliver; no status at all usually means the
/// status webhooks do not reach the console.
pub const STALE_AFTER_MINUTES: u32 = 10;

/// Where a sent message stands: the console's own states of the Graph call, then Meta's statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "MessageStatus")]
pub enum SendStatus {
    /// Reserved; the Graph call has not answered yet.
    Pending,
    /// Meta answered with a wamid; no status webhook yet.
    Accepted,
    /// Meta answered with an error: final.
    Refused,
    /// No answer (a timeout, a dropped connection): Meta may have accepted it. Never sent again;
    /// its first status webhook (matched by the console's reference) settles it.
    Unknown,
    Sent,
    Delivered,
    Read,
    /// A voice message was played.
    Played,
    /// Meta failed it after accepting it (a status webhook): final.
    Failed,
}

impl SendStatus {
    pub const ALL: [SendStatus; 9] = [
        Self::Pending,
        Self::Accepted,
        Self::Refused,
        Self::Unknown,
        Self::Sent,
        Self::Delivered,
        Self::Read,
        Self::Played,
        Self::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Refused => "refused",
            Self::Unknown => "unknown",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Played => "played",
            Self::Failed => "failed",
        }
    }

    /// The status as the database (and Meta, for theirs) spells it.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether a message at this status takes Meta's status `incoming`: the console's own states
    /// (pending, accepted, unknown) give way to any status Meta sends, refused is final like
    /// failed, and between Meta's statuses `should_replace_status` decides (a late `delivered`
    /// never overwrites `read`).
    pub fn takes(self, incoming: &str) -> bool {
        match self {
            Self::Pending | Self::Accepted | Self::Unknown => {
                status_rank(incoming) != StatusRank::Unknown
            }
            Self::Refused => false,
            Self::Sent | Self::Delivered | Self::Read | Self::Played | Self::Failed => {
                should_replace_status(Some(self.as_str()), incoming)
            }
        }
    }

    /// Whether the recipient's phone has it: delivered, read or played.
    pub fn reached_phone(self) -> bool {
        matches!(self, Self::Delivered | Self::Read | Self::Played)
    }

    /// What the status means, in the admin's words, for the log's detail.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Pending => "The console is sending it; Meta has not answered yet.",
            Self::Accepted => "Meta accepted it and gave it an ID; no status webhook has arrived yet.",
            Self::Refused => "Meta refused it: nothing was sent. The error below says why.",
            Self::Unknown => "No answer came (a timeout or a dropped connection): Meta may have accepted it. It is not sent again; its first status webhook settles it.",
            Self::Sent => "Meta sent it; the recipient's phone has not confirmed it yet.",
            Self::Delivered => "It reached the recipient's phone.",
            Self::Read => "The recipient opened it (if they turned read receipts off, it stays delivered).",
            Self::Played => "The recipient played the voice message.",
            Self::Failed => "Meta accepted it, then could not deliver it. The error below says why.",
        }
    }
}

/// The error of a refused or failed message, read through the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MessageError {
    pub code: Option<i64>,
    /// Meta's own words (`title`/`message` of a status error, `message` of a Graph refusal).
    pub meta_message: String,
    /// The catalogue's card for the code, with its fix.
    pub diagnosis: Option<Diagnosis>,
}

/// One message of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LoggedMessage {
    /// The log's own ID (local, not a Graph ID).
    #[ts(type = "number")]
    pub id: i64,
    /// The console's reference, sent to Meta as `biz_opaque_callback_data`.
    pub reference: String,
    pub phone_number_id: String,
    /// E.164 digits, without `+`.
    pub recipient: String,
    pub kind: MessageKind,
    /// One line: the text's start, the template and language, the file, ...
    pub summary: String,
    /// RFC 3339.
    pub created_at: String,
    /// Meta's message ID, once known.
    pub wamid: Option<String>,
    pub status: SendStatus,
    /// RFC 3339: when the status was reached.
    pub status_at: String,
    pub error: Option<MessageError>,
    /// From the statuses' `pricing` (`marketing`, `utility`, `authentication`, `service`, ...).
    pub pricing_category: Option<String>,
    pub billable: Option<bool>,
    /// How many Graph calls the send took (retries included).
    pub attempts: u32,
    /// Accepted more than [`STALE_AFTER_MINUTES`] ago with no status since.
    pub stale: bool,
}

/// Which messages a log page takes; every filter but the profile is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct MessageLogQuery {
    pub profile_id: String,
    #[serde(default)]
    pub status: Option<SendStatus>,
    /// A recipient as typed (`+1 650 555 1234` or digits): matched by its E.164 digits.
    #[serde(default)]
    pub recipient: Option<String>,
    #[serde(default)]
    pub kind: Option<MessageKind>,
    /// RFC 3339 or `YYYY-MM-DD` (the day's start, UTC), inclusive.
    #[serde(default)]
    pub since: Option<String>,
    /// RFC 3339 or `YYYY-MM-DD` (the end of that day, UTC), exclusive.
    #[serde(default)]
    pub until: Option<String>,
    /// Words of the summary or digits of the recipient.
    #[serde(default)]
    pub search: Option<String>,
    /// The last `id` of the previous page.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub before_id: Option<i64>,
    /// At most this many (default 100, at most 500).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// One page of the log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MessageLogPage {
    pub messages: Vec<LoggedMessage>,
    /// How many messages the filter takes in all.
    #[ts(type = "number")]
    pub total: u64,
    /// Pass as `beforeId` for the next page; `null` on the last.
    #[ts(type = "number | null")]
    pub next_before_id: Option<i64>,
}

/// One status webhook of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TimelineStep {
    /// Meta's status as sent.
    pub status: String,
    /// RFC 3339: the status's own time, else when it was received.
    pub at: String,
    /// RFC 3339: when the console's receiver stored it.
    pub received_at: String,
}

/// A message with its timeline and its request, for the log's detail.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MessageDetail {
    pub message: LoggedMessage,
    /// Each status webhook of the message, oldest first (its creation is `message.createdAt`).
    pub timeline: Vec<TimelineStep>,
    /// [`SendStatus::meaning`] of its status.
    pub meaning: String,
    /// The JSON body as it was sent.
    #[ts(type = "unknown")]
    pub request: serde_json::Value,
}

/// One message of a profile's log.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct MessageRef {
    pub profile_id: String,
    /// [`LoggedMessage::id`].
    #[ts(type = "number")]
    pub message_id: i64,
}

/// The period of a funnel: both RFC 3339 or `YYYY-MM-DD`; by default the last 7 days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct FunnelRequest {
    pub profile_id: String,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
}

/// The delivery funnel of a period: a message counts at every step it passed (a read message is
/// also delivered and sent).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeliveryFunnel {
    /// Meta gave it a wamid (failed ones included: Meta fails a message after accepting it).
    #[ts(type = "number")]
    pub accepted: u64,
    #[ts(type = "number")]
    pub sent: u64,
    #[ts(type = "number")]
    pub delivered: u64,
    /// Read, or played (a voice message).
    #[ts(type = "number")]
    pub read: u64,
    #[ts(type = "number")]
    pub failed: u64,
    /// Not accepted: Meta answered an error.
    #[ts(type = "number")]
    pub refused: u64,
    /// No answer came and no status since.
    #[ts(type = "number")]
    pub unknown: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FunnelReport {
    /// RFC 3339, inclusive.
    pub since: String,
    /// RFC 3339, exclusive.
    pub until: String,
    pub funnel: DeliveryFunnel,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_as_they_are_spelled_and_only_move_forwards() {
        for status in SendStatus::ALL {
            assert_eq!(SendStatus::parse(status.as_str()), Some(status));
            assert!(!status.meaning().is_empty());
        }
        assert_eq!(SendStatus::parse("delivered "), None);
        assert!(SendStatus::Unknown.takes("sent"));
        assert!(SendStatus::Accepted.takes("failed"));
        assert!(!SendStatus::Refused.takes("sent"));
        assert!(!SendStatus::Read.takes("delivered"));
        assert!(SendStatus::Delivered.takes("read"));
        assert!(!SendStatus::Pending.takes("deleted-by-meta"));
        assert_eq!(
            serde_json::to_string(&SendStatus::Unknown).unwrap(),
            "\"unknown\""
        );
    }
}
