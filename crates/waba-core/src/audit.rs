//! The audit log's vocabulary: which admin actions are recorded, and what a recorded entry says.
//!
//! Every action the console takes on the admin's behalf is recorded with its outcome, the Graph
//! error code if any, and how long it took. Never a secret: a token or PIN is not an audit field.
//! Each entry carries an HMAC-SHA256 over the one before it and its own fields, keyed with a key
//! kept in the OS keychain, so an entry edited, deleted, moved or cut off by someone without the
//! key shows. It does not stop someone who has both the database and the key, and it says
//! nothing about events the console never saw.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum AuditAction {
    ProfileAdded,
    ProfileRemoved,
    ProfileActivated,
    ScenarioChanged,
    TokenSet,
    TokenCleared,
    PinSet,
    CodeRequested,
    CodeVerified,
    Register,
    Deregister,
    TemplateCreated,
    TemplateEdited,
    TemplateDeleted,
    /// The app subscribed to the WABA's webhooks (`POST /{waba-id}/subscribed_apps`), with or
    /// without an override callback.
    Subscribed,
    /// The app unsubscribed from the WABA's webhooks (`DELETE /{waba-id}/subscribed_apps`).
    Unsubscribed,
    /// The app's webhook callback and fields set (`POST /{app-id}/subscriptions`).
    AppSubscriptionSet,
    /// A phone number's own webhook callback set (`POST /{phone-number-id}` with
    /// `webhook_configuration.override_callback_uri`), once Meta verified it.
    NumberOverrideSet,
    /// A phone number's own webhook callback removed (an empty `override_callback_uri`).
    NumberOverrideCleared,
    /// The app secret stored in the keychain (never the secret itself).
    AppSecretSet,
    /// The app secret removed from the keychain.
    AppSecretCleared,
    /// A test message sent from the Send page or `waba send` (`POST /{phone-number-id}/messages`);
    /// its target is the recipient.
    MessageSent,
    /// An inbound message marked as read.
    MessageMarkedRead,
    /// A burst of template sends, one entry for the whole burst.
    BurstSent,
    /// The pace the console keeps for a number changed.
    SendLimitsSet,
    /// A file uploaded to a number's media (`POST /{phone-number-id}/media`); its target is the
    /// file's name.
    MediaUploaded,
    /// The number's business profile saved (`POST /{phone-number-id}/whatsapp_business_profile`).
    BusinessProfileSaved,
    /// A new profile photo uploaded and set (`profile_picture_handle`); its target is the file's
    /// name.
    ProfilePhotoSet,
    /// A new display name sent for Meta's review (`new_display_name`); its target is the name.
    DisplayNameRequested,
    /// The number's conversational components saved (`POST .../conversational_automation`).
    AutomationSaved,
}

impl AuditAction {
    pub const ALL: [AuditAction; 30] = [
        Self::ProfileAdded,
        Self::ProfileRemoved,
        Self::ProfileActivated,
        Self::ScenarioChanged,
        Self::TokenSet,
        Self::TokenCleared,
        Self::PinSet,
        Self::CodeRequested,
        Self::CodeVerified,
        Self::Register,
        Self::Deregister,
        Self::TemplateCreated,
        Self::TemplateEdited,
        Self::TemplateDeleted,
        Self::Subscribed,
        Self::Unsubscribed,
        Self::AppSubscriptionSet,
        Self::NumberOverrideSet,
        Self::NumberOverrideCleared,
        Self::AppSecretSet,
        Self::AppSecretCleared,
        Self::MessageSent,
        Self::MessageMarkedRead,
        Self::BurstSent,
        Self::SendLimitsSet,
        Self::MediaUploaded,
        Self::BusinessProfileSaved,
        Self::ProfilePhotoSet,
        Self::DisplayNameRequested,
        Self::AutomationSaved,
    ];

    /// The stable name stored in the database and shown in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProfileAdded => "profile_added",
            Self::ProfileRemoved => "profile_removed",
            Self::ProfileActivated => "profile_activated",
            Self::ScenarioChanged => "scenario_changed",
            Self::TokenSet => "token_set",
            Self::TokenCleared => "token_cleared",
            Self::PinSet => "pin_set",
            Self::CodeRequested => "code_requested",
            Self::CodeVerified => "code_verified",
            Self::Register => "register",
            Self::Deregister => "deregister",
            Self::TemplateCreated => "template_created",
            Self::TemplateEdited => "template_edited",
            Self::TemplateDeleted => "template_deleted",
            Self::Subscribed => "subscribed",
            Self::Unsubscribed => "unsubscribed",
            Self::AppSubscriptionSet => "app_subscription_set",
            Self::NumberOverrideSet => "number_override_set",
            Self::NumberOverrideCleared => "number_override_cleared",
            Self::AppSecretSet => "app_secret_set",
            Self::AppSecretCleared => "app_secret_cleared",
            Self::MessageSent => "message_sent",
            Self::MessageMarkedRead => "message_marked_read",
            Self::BurstSent => "burst_sent",
            Self::SendLimitsSet => "send_limits_set",
            Self::MediaUploaded => "media_uploaded",
            Self::BusinessProfileSaved => "business_profile_saved",
            Self::ProfilePhotoSet => "profile_photo_set",
            Self::DisplayNameRequested => "display_name_requested",
            Self::AutomationSaved => "automation_saved",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Outcome {
    Ok,
    Failed,
}

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339.
    pub at: String,
    pub profile_id: Option<String>,
    pub action: AuditAction,
    /// What the action was about (a profile name, a scenario, a phone-number ID).
    pub target: Option<String>,
    pub outcome: Outcome,
    pub graph_code: Option<i64>,
    pub duration_ms: i64,
    /// HMAC-SHA256 (keyed with the audit key) of the previous entry's hash and this entry's
    /// fields, hex; plain SHA-256 for entries recorded before the chain was keyed.
    pub hash: String,
}

/// What `verify` found wrong with one place of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum TamperKind {
    /// The entry's content no longer matches its hash: it was edited.
    Edited,
    /// The entry does not follow the one before it: entries in between were deleted.
    Missing,
    /// The entry follows another entry than the one before it: entries were moved.
    Reordered,
    /// The newest entries were deleted (the chain is shorter than its recorded head).
    Truncated,
}

/// Whether the chain could be checked with its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum AuditKeyState {
    /// The keychain holds the key the chain was keyed with; every keyed entry was checked.
    Present,
    /// The keychain has no audit key although entries were signed with one: they cannot be
    /// checked (nor new ones added) until it is restored. Not a sign of tampering by itself.
    Missing,
    /// The keychain holds another key than the one the chain was keyed with (a database moved
    /// from another account or machine, or a replaced keychain entry).
    Mismatch,
    /// The keychain could not be read, so the key is unknown for now.
    Unavailable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TamperFinding {
    pub kind: TamperKind,
    /// The entry where the break shows.
    pub entry_id: Option<i64>,
    pub message: String,
}

/// The result of re-walking the hash chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditVerification {
    /// No break was found and every entry could be checked (keyed entries with the key, entries
    /// from before the key with the unkeyed scheme).
    pub intact: bool,
    pub entries_checked: u32,
    /// Breaks in the chain: each is a sign of tampering.
    pub findings: Vec<TamperFinding>,
    pub key: AuditKeyState,
    /// What is wrong with the key, when `key` is not `present`, in one sentence with the way out.
    pub key_problem: Option<String>,
    /// The oldest entries, recorded before the chain was keyed: checked with the unkeyed SHA-256
    /// scheme, so anyone who could edit the database could have rewritten them then. Since the
    /// keyed chain starts from their last hash, changing them now does show.
    pub unkeyed_entries: u32,
    /// Keyed entries that could not be checked, because the key is not usable (see `key`).
    pub unverified_entries: u32,
}

/// The Audit log page: the newest entries and the chain's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditLog {
    pub entries: Vec<AuditEntry>,
    pub verification: AuditVerification,
}

/// The entries as CSV (header first, oldest last as given), for the Audit log page's export.
pub fn to_csv(entries: &[AuditEntry]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record([
        "id",
        "at",
        "profile_id",
        "action",
        "target",
        "outcome",
        "graph_code",
        "duration_ms",
        "hash",
    ]);
    for e in entries {
        let _ = out.write_record([
            e.id.to_string(),
            e.at.clone(),
            e.profile_id.clone().unwrap_or_default(),
            e.action.as_str().to_owned(),
            e.target.clone().unwrap_or_default(),
            match e.outcome {
                Outcome::Ok => "ok".to_owned(),
                Outcome::Failed => "failed".to_owned(),
            },
            e.graph_code.map(|c| c.to_string()).unwrap_or_default(),
            e.duration_ms.to_string(),
            e.hash.clone(),
        ]);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_fields_with_commas_and_quotes() {
        let e = AuditEntry {
            id: 1,
            at: "2026-11-26T12:00:00Z".into(),
            profile_id: Some("p".into()),
            action: AuditAction::ProfileAdded,
            target: Some("Acme, \"Inc\"".into()),
            outcome: Outcome::Failed,
            graph_code: Some(190),
            duration_ms: 5,
            hash: "ab".into(),
        };
        let csv = to_csv(&[e]);
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("id,at,profile_id,action,target,outcome,graph_code,duration_ms,hash")
        );
        assert_eq!(
            lines.next(),
            Some("1,2026-11-26T12:00:00Z,p,profile_added,\"Acme, \"\"Inc\"\"\",failed,190,5,ab")
        );
    }
}
