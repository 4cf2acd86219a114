//! Quality rating and messaging limit: what each rating means, what it costs, how to recover, and
//! the history the console records from its reads (and, later, from quality webhooks).
//!
//! The seed's table is kept where it is right; where it is wrong the guide says what is true: it
//! suggests a "contacts check" to validate numbers, which Cloud API does not have, and it says a
//! YELLOW number must improve within 7 days or drop, with the limit cut. Since 7 Oct 2025 a
//! number cannot be `FLAGGED`, a falling rating does not lower the messaging limit, and limits
//! are per business portfolio: 250, 2K, 10K, 100K, unlimited (no 1K), read from
//! `whatsapp_business_manager_messaging_limit` (`messaging_limit_tier` is deprecated).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::graph_states::{GraphState, MessagingLimit, QualityRating, Tone};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RatingInfo {
    /// `GREEN`, `YELLOW`, `RED`, `NA` or `UNKNOWN` (or a limit, `TIER_2K`), as Graph sends it.
    pub rating: String,
    /// How the value reads (`graph_states`), so the window colours it without a table.
    pub tone: Tone,
    pub meaning: String,
    pub impact: String,
    pub recovery: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QualityGuide {
    pub ratings: Vec<RatingInfo>,
    pub lowers_it: Vec<String>,
    pub improves_it: Vec<String>,
    /// Messaging limits, lowest first, with what each allows.
    pub limits: Vec<RatingInfo>,
    pub seed_corrections: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum QualitySource {
    /// Read from the phone-number node (doctor, health panel).
    Read,
    /// From a `phone_number_quality_update` webhook.
    Webhook,
}

/// One observation of a number's rating and limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QualityPoint {
    /// RFC 3339.
    pub at: String,
    pub phone_number_id: String,
    pub rating: Option<String>,
    pub messaging_limit: Option<String>,
    pub source: QualitySource,
}

/// A row of the guide; its tone and meaning are the value's own (`graph_states`), said once.
fn info(value: impl GraphState, impact: &str, recovery: &str) -> RatingInfo {
    RatingInfo {
        rating: value.as_graph().to_owned(),
        tone: value.tone(),
        meaning: value.meaning().into(),
        impact: impact.into(),
        recovery: recovery.into(),
    }
}

/// What a rating means, costs and how it recovers, for the doctor.
pub fn rating_info(rating: &QualityRating) -> RatingInfo {
    guide()
        .ratings
        .into_iter()
        .find(|r| r.rating == rating.as_graph())
        .unwrap_or_else(|| {
            info(
                rating.clone(),
                "Unknown.",
                "Check WhatsApp Manager > Insights.",
            )
        })
}

/// The Quality page's fixed content.
pub fn guide() -> QualityGuide {
    QualityGuide {
        ratings: vec![
            info(QualityRating::Green, "No restrictions; with steady use the business portfolio's messaging limit scales up automatically.", "Keep doing what you do: message opted-in users with relevant content."),
            info(QualityRating::Yellow, "The number keeps sending and the portfolio keeps its messaging limit (a lower rating no longer lowers it); the limit does not scale up while quality is not high, and low-quality templates may be paused.", "Stop the campaign causing blocks and tighten opt-in; the rating recovers as recipients react better. There is no deadline after which the number is flagged or its limit cut."),
            info(QualityRating::Red, "The number stays CONNECTED and the portfolio keeps its messaging limit (since 7 Oct 2025 a low rating neither flags the number nor lowers the limit), but the limit will not scale up, the number loses the 1 000 messages/second upgrade, and low-quality templates may be paused or disabled.", "Stop marketing sends, review templates and audience, and let the rating recover; contact Meta support only if the number's status shows a restriction or ban."),
            info(QualityRating::Na, "No restriction.", "Nothing to do; the rating appears after the first conversations."),
            info(QualityRating::Unknown, "No restriction.", "Nothing to do; the rating appears after the first conversations."),
        ],
        lowers_it: vec![
            "Recipients blocking the number or reporting messages as spam (the main signal).".into(),
            "Messages to people who did not opt in, or too many marketing messages.".into(),
            "Sending to numbers that are not on WhatsApp (131026 failures) over and over.".into(),
            "Content that breaks WhatsApp's Business and Commerce policies.".into(),
        ],
        improves_it: vec![
            "Only message users who opted in, and make opting out easy; honour 131050 (stopped marketing).".into(),
            "Keep templates relevant and transactional where possible; watch each template's quality score.".into(),
            "Do not retry numbers that failed with 131026; remove them from your lists.".into(),
            "Spread campaigns out and check the rating (doctor or health panel) after each one.".into(),
        ],
        limits: vec![
            info(MessagingLimit::Tier250, "Start of every new business portfolio.", "Verify the business (or complete partner-led verification), or deliver 2 000 messages outside a service window to unique users in 30 days with high-quality templates, to reach 2 000."),
            info(MessagingLimit::Tier2K, "", "Raised automatically (within about 6 h) when at least half the limit was used in the last 7 days with high-quality messages."),
            info(MessagingLimit::Tier10K, "", "Raised automatically on the same terms."),
            info(MessagingLimit::Tier100K, "", "Raised automatically on the same terms."),
            info(MessagingLimit::TierUnlimited, "Also a condition for the 1 000 messages/second throughput upgrade.", ""),
        ],
        seed_corrections: vec![
            "The seed suggests validating numbers with a \"WhatsApp contacts check\" (POST /{phone-id}/contacts). Cloud API has no such endpoint; that was the On-Premises API, retired in October 2025. The only signal that a number is not on WhatsApp is a 131026 failure after sending.".into(),
            "Messaging limits are per business portfolio since 7 Oct 2025, shared by all its numbers, and go 250, 2 000, 10 000, 100 000, unlimited: the 1 000 step (TIER_1K) is gone. Read whatsapp_business_manager_messaging_limit (TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED); messaging_limit_tier is deprecated.".into(),
            "The common guide says a YELLOW number must improve within 7 days or drop to RED with its rate cut, and lists a FLAGGED status. Since 7 Oct 2025 a number cannot be FLAGGED and a falling rating does not lower the messaging limit; quality decides whether the limit scales up and whether the number gets the 1 000 messages/second upgrade.".into(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_graph_rating_has_an_explanation() {
        for rating in QualityRating::KNOWN {
            let info = rating_info(rating);
            assert_eq!(info.rating, rating.as_graph());
            assert_eq!(info.meaning, rating.meaning());
            assert_eq!(info.tone, rating.tone());
            assert!(!info.meaning.is_empty() && !info.recovery.is_empty());
        }
        let purple = rating_info(&QualityRating::from_graph("PURPLE"));
        assert_eq!(purple.rating, "PURPLE");
        assert!(purple.meaning.contains("does not know"));
    }

    #[test]
    fn a_low_rating_neither_flags_the_number_nor_lowers_the_limit() {
        for rating in [QualityRating::Yellow, QualityRating::Red] {
            let info = rating_info(&rating);
            let text = format!("{} {}", info.impact, info.recovery);
            assert!(!text.contains("can be lowered"), "{rating}: {text}");
            assert!(!text.contains("over 7 days"), "{rating}: {text}");
            assert!(!text.contains("within about 7 days"), "{rating}: {text}");
            assert!(
                info.impact.contains("keeps its messaging limit"),
                "{rating}: {text}"
            );
        }
        let limits: Vec<String> = guide().limits.into_iter().map(|l| l.rating).collect();
        assert_eq!(
            limits,
            [
                "TIER_250",
                "TIER_2K",
                "TIER_10K",
                "TIER_100K",
                "TIER_UNLIMITED"
            ]
        );
        let corrections = guide().seed_corrections.join(" ");
        assert!(corrections.contains("cannot be FLAGGED"), "{corrections}");
        assert!(corrections.contains("whatsapp_business_manager_messaging_limit"));
    }
}
