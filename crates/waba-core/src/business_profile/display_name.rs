//! The display name (facts §17.3): the verified name, its review, and a requested change, in
//! plain words; the guidelines that get names rejected, checked before a change is requested
//! (each request uses one of 10 per 30 days, and a rejection costs days).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::graph_states::{Explained, GraphState, NameStatus};
use crate::token::Severity;

pub const MAX_NAME_CHANGES_PER_30_DAYS: u32 = 10;

/// Meta's display-name guidelines in short (Help Center "Display name guidelines").
pub const DISPLAY_NAME_GUIDELINES: &[&str] = &[
    "Represent the business, a product, a service or a department, consistent with the business's own branding (its website).",
    "Not a generic word (\"Fashion\"), a generic place (\"New York\"), a person's full name or a slogan.",
    "No \"Official\" or \"verified\", and no Meta product names (WhatsApp, Facebook, Messenger, Instagram).",
    "At least 3 characters; grammatical capitalization, no all capitals except acronyms or established branding.",
    "No emojis, no ™ or ® symbols, no extra punctuation, no web address formatting.",
    "When the relationship to the business is not obvious, show it: \"Product by Company\".",
];

/// What an unapproved name does to sending (facts §17.3, §4.2.1).
pub const LIMITED_BY_NAME: &str = "Until Meta approves the display name the number can send, but its health_status is LIMITED (\"Your display name has not been approved yet. Your message limit will increase after the display name is approved.\"), so its messaging limit stays at its starting tier, and the name does not show at the top of chats. Meta-provided 555 test numbers cannot send at all (131037) until the name is approved.";

/// Where a change is requested and how it is reviewed.
pub const NAME_REVIEW_HOW: &str = "A change is requested with POST /{phone-number-id} new_display_name (the button here) or in WhatsApp Manager (Account tools > Phone numbers > the number > Profile > Display name > Edit). Meta reviews it, usually within a few days, and sends a phone_number_name_update webhook with the decision. At most 10 changes per 30 days; once approved, register the number again within 14 days or the name must be reviewed again.";

/// The number's display name as Meta reports it, explained.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DisplayName {
    pub verified_name: Option<String>,
    pub name_status: Option<Explained<NameStatus>>,
    /// The requested new name while its review runs (or after it was declined).
    pub new_display_name: Option<String>,
    pub new_name_status: Option<Explained<NameStatus>>,
    /// The current name can be shown to customers (approved, or usable without review).
    pub approved: bool,
    /// The verdict in plain words, with what to do next.
    pub summary: String,
    /// WhatsApp Manager's phone-numbers page of the profile's WABA.
    pub manager_url: String,
    /// The newest `phone_number_name_update` webhook the console's receiver stored for this
    /// number, if any: Meta's decision as it arrived.
    pub last_update: Option<NameUpdate>,
}

/// A `phone_number_name_update` webhook (facts §17.3), as stored by the receiver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NameUpdate {
    /// `APPROVED`, `DEFERRED`, `PENDING` or `REJECTED`, as Meta sent it.
    pub decision: String,
    pub requested_name: Option<String>,
    pub rejection_reason: Option<String>,
    /// The decision and reason in plain words, with what to do next.
    pub meaning: String,
    /// RFC 3339, when the receiver stored it.
    pub received_at: String,
}

impl NameUpdate {
    /// Reads a stored event's `value` (`decision`, `requested_verified_name`,
    /// `rejection_reason`); `None` when it has no decision.
    pub fn from_value(value: &serde_json::Value, received_at: &str) -> Option<Self> {
        let text = |key: &str| {
            value
                .get(key)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        };
        let decision = text("decision")?;
        let requested_name = text("requested_verified_name");
        let rejection_reason = text("rejection_reason");
        let name = requested_name
            .as_deref()
            .map_or_else(|| "the requested name".to_owned(), |n| format!("\"{n}\""));
        let meaning = match decision.as_str() {
            "APPROVED" => format!("Meta approved {name}. Register the number again within 14 days if it was a change, so customers see it."),
            "REJECTED" => format!(
                "Meta rejected {name}: {} Request a name that follows the guidelines, or appeal through Meta's Developer Support.",
                rejection_meaning(rejection_reason.as_deref())
            ),
            "DEFERRED" => format!("Meta deferred the review of {name}: it is decided when the number reaches a higher messaging limit."),
            "PENDING" => format!("{name} is waiting for Meta's review."),
            other => format!("Meta sent the decision {other} for {name}; check it in WhatsApp Manager."),
        };
        Some(Self {
            decision,
            requested_name,
            rejection_reason,
            meaning,
            received_at: received_at.to_owned(),
        })
    }
}

/// A `rejection_reason` of `phone_number_name_update` in plain words (facts §17.3).
pub fn rejection_meaning(reason: Option<&str>) -> String {
    match reason {
        Some("NAME_EMPLOYEE_ISSUE") | Some("NAME_INDIVIDUAL_ISSUE") => {
            "the name reads as a person's name or an employee's, not the business's.".into()
        }
        Some("NAME_ENDCLIENT_NOTRELATED") => {
            "the name does not show a clear relationship with the business (write it as \"Product by Company\").".into()
        }
        Some("NAME_FORMAT_UNACCEPTABLE") => {
            "the formatting breaks the rules (capitals, punctuation, emojis, symbols, Meta's product names or \"Official\").".into()
        }
        Some("NAME_NOT_CONSISTENT") => {
            "the name is not consistent with the business's branding, such as its website.".into()
        }
        Some("UNKNOWN") | None => "Meta gave no reason; contact Meta's support for it.".into(),
        Some(other) => format!("Meta's reason is {other}."),
    }
}

fn usable(status: Option<&NameStatus>) -> bool {
    matches!(
        status,
        Some(NameStatus::Approved | NameStatus::AvailableWithoutReview)
    )
}

impl DisplayName {
    /// Explains the fields Meta answered for the number.
    pub fn explain(
        verified_name: Option<String>,
        name_status: Option<NameStatus>,
        new_display_name: Option<String>,
        new_name_status: Option<NameStatus>,
        waba_id: &str,
    ) -> Self {
        let approved = usable(name_status.as_ref());
        let name = verified_name.as_deref().unwrap_or("(none)");
        let mut summary = match &name_status {
            _ if approved => format!("\"{name}\" is approved: customers see it at the top of chats."),
            Some(NameStatus::PendingReview) => format!(
                "\"{name}\" is waiting for Meta's review. Until it is approved the number's messaging limit stays LIMITED; Meta reviews names when the number reaches a higher limit, and the decision arrives as a phone_number_name_update webhook."
            ),
            Some(NameStatus::Declined) => format!(
                "Meta declined \"{name}\": the number stays LIMITED. Request a name that follows the guidelines below."
            ),
            Some(NameStatus::Expired) => format!(
                "The certificate for \"{name}\" expired, so the number cannot be registered with it. Request the name again."
            ),
            Some(NameStatus::NoName) | None => {
                "No display name has been submitted: request one below, or the number stays LIMITED.".to_owned()
            }
            Some(other) => format!(
                "Meta reports the name's status as {}: check it in WhatsApp Manager.",
                other.as_graph()
            ),
        };
        if let Some(new) = &new_display_name {
            summary.push(' ');
            summary.push_str(&match &new_name_status {
                Some(NameStatus::Declined) => format!(
                    "The requested change to \"{new}\" was declined: the current name stays. Fix what the guidelines flag and request it again."
                ),
                Some(NameStatus::Approved) => format!(
                    "The change to \"{new}\" is approved: register the number again within 14 days to start using it."
                ),
                _ => format!(
                    "A change to \"{new}\" is under review; the current name stays until it is approved."
                ),
            });
        }
        Self {
            verified_name,
            name_status: name_status.map(|s| s.explained()),
            new_display_name,
            new_name_status: new_name_status.map(|s| s.explained()),
            approved,
            summary,
            manager_url: format!(
                "https://business.facebook.com/wa/manage/phone-numbers/?waba_id={waba_id}"
            ),
            last_update: None,
        }
    }
}

/// `request_display_name`: checked first; a finding that fails refuses it before any call.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct DisplayNameRequest {
    pub profile_id: String,
    pub new_name: String,
}

/// One guideline a typed name breaks: `fail` refuses the request (Meta rejects such names
/// outright), `warn` is a judgement call left to the admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DisplayNameFinding {
    pub severity: Severity,
    pub message: String,
}

/// Whether `c` is an emoji (pictographs and regional indicators, symbols and dingbats, and the
/// variation selector and zero-width joiner they come with).
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE0F | 0x200D)
}

const PRODUCT_WORDS: &[&str] = &["whatsapp", "facebook", "messenger", "instagram", "meta"];
const STATUS_WORDS: &[&str] = &["official", "verified"];

/// Checks a name against the guidelines before a change is requested; `current` is the number's
/// verified name (requesting it again is refused).
pub fn check_display_name(name: &str, current: Option<&str>) -> Vec<DisplayNameFinding> {
    let fail = |message: String| DisplayNameFinding {
        severity: Severity::Fail,
        message,
    };
    let warn = |message: String| DisplayNameFinding {
        severity: Severity::Warn,
        message,
    };
    let name = name.trim();
    let mut findings = Vec::new();
    if name.chars().count() < 3 {
        findings.push(fail(
            "A display name needs at least 3 characters: type the business's name.".into(),
        ));
        return findings;
    }
    if current.is_some_and(|c| c.trim() == name) {
        findings.push(fail(format!(
            "\"{name}\" is already the number's name: type the new name."
        )));
    }
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if let Some(word) = words.iter().find(|w| PRODUCT_WORDS.contains(&w.as_str())) {
        findings.push(fail(format!(
            "The name contains \"{word}\": Meta rejects names with its product names. Remove it."
        )));
    }
    if let Some(word) = words.iter().find(|w| STATUS_WORDS.contains(&w.as_str())) {
        findings.push(fail(format!(
            "The name contains \"{word}\": Meta rejects names that claim official or verified status. Remove it."
        )));
    }
    if name.chars().any(is_emoji) {
        findings.push(fail(
            "The name contains an emoji: display names may not have emojis. Remove it.".into(),
        ));
    }
    if name.contains(['™', '®', '©']) {
        findings.push(fail(
            "The name contains ™, ® or ©: display names may not have these symbols. Remove them."
                .into(),
        ));
    }
    let lower = name.to_lowercase();
    if lower.starts_with("www.")
        || lower.contains("://")
        || [".com", ".net", ".org", ".io"]
            .iter()
            .any(|tld| lower.ends_with(tld))
    {
        findings.push(fail(
            "The name looks like a web address: use the business's name, not its URL.".into(),
        ));
    }
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 4 && letters.iter().all(|c| c.is_uppercase()) {
        findings.push(warn(
            "The name is all capitals: Meta accepts that only for acronyms or established branding. Use normal capitalization unless the brand is written this way.".into(),
        ));
    }
    if name.contains("  ") || name.contains("!!") || name.contains("??") || name.contains("..") {
        findings.push(warn(
            "The name has doubled spaces or punctuation: Meta rejects extra punctuation and inconsistent spacing.".into(),
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn severities(name: &str) -> Vec<Severity> {
        check_display_name(name, Some("Lucky Shrub"))
            .into_iter()
            .map(|f| f.severity)
            .collect()
    }

    #[test]
    fn a_plain_business_name_passes() {
        for good in [
            "Lucky Shrub Garden",
            "IBM",
            "Shrub & Co",
            "Lucky Shrub by Acme",
        ] {
            assert!(severities(good).is_empty(), "{good}");
        }
    }

    #[test]
    fn names_meta_rejects_are_refused_with_the_reason() {
        for (bad, words) in [
            ("LS", "at least 3"),
            ("Lucky Shrub", "already"),
            ("Lucky Shrub WhatsApp", "\"whatsapp\""),
            ("Official Lucky Shrub", "\"official\""),
            ("Lucky Shrub 🌵", "emoji"),
            ("Lucky Shrub™", "™"),
            ("luckyshrub.com", "web address"),
        ] {
            let findings = check_display_name(bad, Some("Lucky Shrub"));
            assert!(
                findings
                    .iter()
                    .any(|f| f.severity == Severity::Fail && f.message.contains(words)),
                "{bad}: {findings:?}"
            );
        }
    }

    #[test]
    fn capitals_and_punctuation_are_warnings() {
        assert_eq!(severities("LUCKY SHRUB"), [Severity::Warn]);
        assert_eq!(severities("Lucky  Shrub!!"), [Severity::Warn]);
    }

    #[test]
    fn a_name_update_webhook_reads_in_plain_words() {
        let rejected = NameUpdate::from_value(
            &serde_json::json!({"display_phone_number": "15550783881", "decision": "REJECTED",
                "requested_verified_name": "LUCKY SHRUB", "rejection_reason": "NAME_FORMAT_UNACCEPTABLE"}),
            "2026-12-01T10:00:00Z",
        )
        .unwrap();
        assert_eq!(rejected.decision, "REJECTED");
        assert!(
            rejected.meaning.contains("rejected \"LUCKY SHRUB\""),
            "{}",
            rejected.meaning
        );
        assert!(
            rejected.meaning.contains("formatting"),
            "{}",
            rejected.meaning
        );
        let approved = NameUpdate::from_value(
            &serde_json::json!({"decision": "APPROVED", "requested_verified_name": "Lucky Shrub", "rejection_reason": null}),
            "t",
        )
        .unwrap();
        assert_eq!(approved.rejection_reason, None);
        assert!(approved.meaning.contains("approved \"Lucky Shrub\""));
        assert!(NameUpdate::from_value(&serde_json::json!({}), "t").is_none());
    }

    #[test]
    fn the_summary_says_what_the_status_means() {
        let approved = DisplayName::explain(
            Some("Lucky Shrub".into()),
            Some(NameStatus::Approved),
            None,
            None,
            "102290129340398",
        );
        assert!(approved.approved);
        assert!(
            approved.summary.contains("approved"),
            "{}",
            approved.summary
        );
        assert!(approved.manager_url.ends_with("waba_id=102290129340398"));
        let pending = DisplayName::explain(
            Some("Lucky Shrub".into()),
            Some(NameStatus::PendingReview),
            Some("Lucky Shrub Garden".into()),
            Some(NameStatus::PendingReview),
            "1",
        );
        assert!(!pending.approved);
        assert!(pending.summary.contains("LIMITED"), "{}", pending.summary);
        assert!(pending
            .summary
            .contains("\"Lucky Shrub Garden\" is under review"));
        let declined_change = DisplayName::explain(
            Some("Lucky Shrub".into()),
            Some(NameStatus::Approved),
            Some("Lucky Shrub WhatsApp".into()),
            Some(NameStatus::Declined),
            "1",
        );
        assert!(declined_change.approved, "the current name stays");
        assert!(declined_change.summary.contains("was declined"));
    }
}
