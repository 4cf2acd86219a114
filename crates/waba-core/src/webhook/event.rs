//! One webhook event as the console keeps it, and the order of message statuses.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One update read from a webhook body: a message, a status, a template or account change, ...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WebhookEvent {
    /// The envelope's `object`, `whatsapp_business_account` for WhatsApp.
    pub object: String,
    /// Meta's `changes[].field`: `messages`, `message_template_status_update`, ...
    pub field: String,
    /// The console's name for it: `message.text`, `status.read`, `template.status`, ...
    /// (the list is in `waba_core::webhook`); `unknown` for a field the console does not know.
    pub kind: String,
    /// `entry[].id`: the WABA the update is about.
    pub waba_id: String,
    /// `metadata.phone_number_id`, for updates about one number (messages, statuses, calls).
    pub phone_number_id: Option<String>,
    /// `metadata.display_phone_number`.
    pub display_phone_number: Option<String>,
    /// The same for the same update however often Meta sends it: the message ID, the status ID
    /// with the status, or the field, entry, time and a hash of the value.
    pub dedupe_key: String,
    /// Unix seconds: the item's `timestamp`, else the entry's `time`; `null` when neither is there.
    pub timestamp: Option<i64>,
    /// One line in plain words, for a feed or a terminal.
    pub summary: String,
    /// A message's essentials (inbound `message.*` and echoed `echo.*`).
    pub message: Option<MessageEssentials>,
    /// A status's essentials (`status.*`, `call-status.*`).
    pub status: Option<StatusEssentials>,
    /// A template update's essentials (`template.*`).
    pub template: Option<TemplateEssentials>,
    /// The value's `event` (account, phone quality, call and template updates) or `decision`
    /// (display-name updates), as Meta spells it.
    pub event: Option<String>,
    /// Errors Meta attached: the value's `errors[]` for `error`, a call's errors.
    pub errors: Vec<WebhookError>,
    /// The change value as Meta sent it. When one value carries several updates, each event keeps
    /// the value with only its own item in that list (every other key kept).
    #[ts(type = "unknown")]
    pub value: serde_json::Value,
}

/// What can be read reliably from a message (`messages[]` or `message_echoes[]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MessageEssentials {
    /// The message ID (`wamid....`).
    pub id: String,
    /// `type` as Meta sent it (`text`, `interactive`, ...); empty when missing.
    pub message_type: String,
    /// The sender's phone number; may be missing for users known by a business-scoped ID only.
    pub from: Option<String>,
    /// The sender's business-scoped user ID (`from_user_id`, or the contact's `user_id`).
    pub from_user_id: Option<String>,
    /// The recipient, for an echo of a message the business sent.
    pub to: Option<String>,
    /// The sender's profile name from `contacts[]`.
    pub contact_name: Option<String>,
    /// The text: `text.body`, a media caption, a button's text, a reply's title, a system body, a
    /// reaction's emoji.
    pub text: Option<String>,
    /// The message this one replies to (`context.id`).
    pub reply_to: Option<String>,
    /// `context.forwarded` or `context.frequently_forwarded`.
    pub forwarded: bool,
    /// `interactive.type`: `button_reply`, `list_reply`, `nfm_reply`, ...
    pub interactive_type: Option<String>,
    /// The tapped button's or chosen row's ID (`button_reply.id`, `list_reply.id`) or a template
    /// quick reply's `button.payload`.
    pub reply_id: Option<String>,
    /// The message a reaction is on (`reaction.message_id`); its emoji is `text` (none: un-react).
    pub reaction_to: Option<String>,
    /// The message a revoke or edit is about (`original_message_id`).
    pub original_message_id: Option<String>,
    /// A media message's media ID.
    pub media_id: Option<String>,
    /// A media message's MIME type.
    pub mime_type: Option<String>,
    /// The message's `errors[]` (`unsupported` carries 131051), else the value's.
    pub errors: Vec<WebhookError>,
}

/// What can be read reliably from a status (`statuses[]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatusEssentials {
    /// The message (or call) the status is about.
    pub id: String,
    /// `sent`, `delivered`, `read`, `played`, `failed`, ... as Meta sent it; empty when missing.
    pub status: String,
    /// `recipient_id`: a phone number, or a group's ID.
    pub recipient_id: Option<String>,
    /// `recipient_type`: `group` for a group message.
    pub recipient_type: Option<String>,
    /// `biz_opaque_callback_data`, as given when sending.
    pub callback_data: Option<String>,
    /// `conversation.id`, on webhooks that still carry it.
    pub conversation_id: Option<String>,
    /// `pricing`, with `sent` and one of `delivered`/`read`.
    pub pricing: Option<WebhookPricing>,
    /// Why a `failed` message failed.
    pub errors: Vec<WebhookError>,
}

/// A status's `pricing`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WebhookPricing {
    /// `marketing`, `utility`, `authentication`, `service`, ...
    pub category: Option<String>,
    /// `billable` (slated for removal by Meta).
    pub billable: Option<bool>,
    /// `type`: `regular`, `free_customer_service`, `free_entry_point`.
    pub pricing_type: Option<String>,
    /// `pricing_model`: `PMP`, or `CBP` on older webhooks.
    pub model: Option<String>,
}

/// One of Meta's webhook error objects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WebhookError {
    pub code: Option<i64>,
    pub title: Option<String>,
    pub message: Option<String>,
    /// `error_data.details`.
    pub details: Option<String>,
    pub href: Option<String>,
}

/// What can be read reliably from a template update (`template.*`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplateEssentials {
    /// `message_template_id`, as a string (Meta sends a JSON number).
    pub id: Option<String>,
    /// `message_template_name`.
    pub name: Option<String>,
    /// `message_template_language`.
    pub language: Option<String>,
    /// A status update's `event`: `APPROVED`, `REJECTED`, `PAUSED`, ...
    pub event: Option<String>,
    /// A status update's `reason` (`null` when the template is scheduled for deletion).
    pub reason: Option<String>,
    /// `message_template_category`, or a category update's `new_category`.
    pub category: Option<String>,
    /// A category update's `previous_category`.
    pub previous_category: Option<String>,
    /// A quality update's `new_quality_score`.
    pub quality: Option<String>,
    /// A quality update's `previous_quality_score`.
    pub previous_quality: Option<String>,
}

/// Where a status stands in a message's life, so a late status never overwrites a later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusRank {
    /// `sent` (1) < `delivered` (2) < `read` (3) < `played` (4, voice messages).
    Progress(u8),
    /// `failed`: nothing comes after it.
    Terminal,
    /// A status the console does not know: the event is kept, it moves nothing.
    Unknown,
}

/// The rank of a message status as Meta spells it (`sent`, `delivered`, `read`, `played`,
/// `failed`); anything else is `Unknown`.
pub fn status_rank(status: &str) -> StatusRank {
    match status {
        "sent" => StatusRank::Progress(1),
        "delivered" => StatusRank::Progress(2),
        "read" => StatusRank::Progress(3),
        "played" => StatusRank::Progress(4),
        "failed" => StatusRank::Terminal,
        _ => StatusRank::Unknown,
    }
}

/// Whether a message whose current status is `current` should take `incoming`: only a status
/// further along does (a late `delivered` never overwrites `read`), `failed` is final, a repeat
/// changes nothing, and an unknown status never replaces a known one.
pub fn should_replace_status(current: Option<&str>, incoming: &str) -> bool {
    let new = status_rank(incoming);
    let Some(current) = current else {
        return new != StatusRank::Unknown;
    };
    match (status_rank(current), new) {
        (_, StatusRank::Unknown) | (StatusRank::Terminal, _) => false,
        (StatusRank::Unknown, _) | (StatusRank::Progress(_), StatusRank::Terminal) => true,
        (StatusRank::Progress(a), StatusRank::Progress(b)) => b > a,
    }
}
