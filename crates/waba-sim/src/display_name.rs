//! Display-name changes (facts §17.3): `POST /{phone-number-id}` with `new_display_name` (query
//! or body) answers `{"success":true}` and puts the name under review: the number then reads
//! `new_display_name` and `new_name_status: PENDING_REVIEW`. The review is decided on the sim
//! clock once the review delay has passed ([`DEFAULT_REVIEW_DELAY`], `POST
//! /__sandbox/display-name/review`), found by the same sweep that settles template reviews (a
//! Graph call, or a control call that moves the clock or the delay), and announced once as the
//! `phone_number_name_update` webhook (digits-only `display_phone_number`, `decision`,
//! `requested_verified_name`, `rejection_reason`).
//!
//! The sandbox's reviewer (deterministic; Meta's is people and policy): a name is REJECTED with
//! `NAME_FORMAT_UNACCEPTABLE` when it has one of the words WhatsApp, Facebook, Messenger, Meta,
//! Official or Verified (any case, as whole words), an emoji, ™ or ®, or is all capitals and longer
//! than 4 characters; otherwise APPROVED. APPROVED makes it the `verified_name` with `name_status`
//! APPROVED (which lifts the LIMITED `health_status`) and clears `new_*`; REJECTED leaves the
//! current name and reads `new_name_status: DECLINED` until the next request.
//!
//! Refusals, 400 code 100 (Meta documents no errors for `new_display_name`; the wording is the
//! sandbox's): an empty name, one under 3 characters, and the 11th change in a rolling 30 days
//! ("(#100) This number's display name was changed 10 times in the last 30 days ..."). A request
//! while another is in review replaces it (and counts as a change).

use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};
use waba_core::business_profile::MAX_NAME_CHANGES_PER_30_DAYS;

use crate::automation::is_emoji;
use crate::envelope::GraphError;
use crate::world::{PhoneNumber, World};

/// How long a requested name stays PENDING_REVIEW before the sandbox decides (sim clock).
pub(crate) const DEFAULT_REVIEW_DELAY: Duration = Duration::minutes(10);
/// Name changes allowed per rolling [`CHANGE_WINDOW`] (display-names page, 2026).
const MAX_CHANGES: usize = MAX_NAME_CHANGES_PER_30_DAYS as usize;
const CHANGE_WINDOW: Duration = Duration::days(30);
/// Meta's formatting rule: at least 3 characters.
const MIN_LENGTH: usize = 3;
/// Words the guidelines forbid in a display name.
const FORBIDDEN_WORDS: &[&str] = &[
    "whatsapp",
    "facebook",
    "messenger",
    "meta",
    "official",
    "verified",
];
/// The webhook field a decision is announced in.
pub(crate) const NAME_UPDATE_FIELD: &str = "phone_number_name_update";

/// A requested name and where its review stands.
#[derive(Debug, Clone)]
pub(crate) struct NameChange {
    pub name: String,
    pub requested_at: OffsetDateTime,
    /// `PENDING_REVIEW`, or `DECLINED` once rejected.
    pub status: &'static str,
}

/// A decided review, waiting for the emitter (`phone_number_name_update`).
#[derive(Debug, Clone)]
pub(crate) struct NameDecision {
    /// Digits only, as webhooks write the number.
    pub display_phone_number: String,
    pub name: String,
    /// `APPROVED` or `REJECTED`.
    pub decision: &'static str,
    pub rejection_reason: Option<&'static str>,
}

impl NameDecision {
    /// The webhook's `value` (facts §17.3).
    pub(crate) fn value(&self) -> Value {
        json!({
            "display_phone_number": self.display_phone_number,
            "decision": self.decision,
            "requested_verified_name": self.name,
            "rejection_reason": self.rejection_reason,
        })
    }
}

/// `POST /{phone-number-id}` with `new_display_name`.
pub(crate) fn request(
    number: &mut PhoneNumber,
    name: &str,
    now: OffsetDateTime,
) -> Result<Value, GraphError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(GraphError::invalid_parameter(
            "Param new_display_name must be non-empty.",
        ));
    }
    if name.chars().count() < MIN_LENGTH {
        return Err(GraphError::invalid_parameter(&format!(
            "Param new_display_name must be at least {MIN_LENGTH} characters long."
        )));
    }
    number.name_requests.retain(|&at| at + CHANGE_WINDOW > now);
    if number.name_requests.len() >= MAX_CHANGES {
        let next = number.name_requests[0] + CHANGE_WINDOW;
        return Err(GraphError::invalid_parameter(&format!(
            "This number's display name was changed {MAX_CHANGES} times in the last 30 days, \
             the most allowed. Try again after {}.",
            crate::clock::rfc3339(next)
        )));
    }
    number.name_requests.push(now);
    number.name_change = Some(NameChange {
        name: name.to_owned(),
        requested_at: now,
        status: "PENDING_REVIEW",
    });
    Ok(json!({"success": true}))
}

/// Decides every name review the clock has passed, keeping one [`NameDecision`] each in
/// `world.name_decisions` for the emitter.
pub(crate) fn settle_due(world: &mut World, now: OffsetDateTime) {
    let delay = world.name_review_delay;
    for number in &mut world.numbers {
        let Some(change) = number
            .name_change
            .as_ref()
            .filter(|c| c.status == "PENDING_REVIEW" && c.requested_at + delay <= now)
        else {
            continue;
        };
        let name = change.name.clone();
        let rejected = !acceptable(&name);
        if rejected {
            number.name_change = Some(NameChange {
                status: "DECLINED",
                ..change.clone()
            });
        } else {
            number.verified_name = name.clone();
            number.name_status = "APPROVED";
            number.name_change = None;
        }
        world.name_decisions.push(NameDecision {
            display_phone_number: number
                .display
                .chars()
                .filter(char::is_ascii_digit)
                .collect(),
            name,
            decision: if rejected { "REJECTED" } else { "APPROVED" },
            rejection_reason: rejected.then_some("NAME_FORMAT_UNACCEPTABLE"),
        });
    }
}

/// The sandbox reviewer's rule (see the module documentation).
fn acceptable(name: &str) -> bool {
    let forbidden_word = name
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| FORBIDDEN_WORDS.contains(&word.to_lowercase().as_str()));
    let symbol = name.chars().any(|c| matches!(c, '™' | '®') || is_emoji(c));
    let shouting = name.chars().count() > 4
        && name.chars().any(char::is_alphabetic)
        && !name.chars().any(char::is_lowercase);
    !(forbidden_word || symbol || shouting)
}

/// `new_display_name` and `new_name_status` of a number while a change exists.
pub(crate) fn fields(number: &PhoneNumber) -> Vec<(&'static str, Value)> {
    number
        .name_change
        .as_ref()
        .map(|change| {
            vec![
                ("new_display_name", change.name.clone().into()),
                ("new_name_status", change.status.into()),
            ]
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reviewer_rejects_what_the_guidelines_forbid() {
        for good in [
            "Lucky Shrub",
            "Lucky Shrub Support",
            "IBM",
            "Metal Works",
            "ACME",
        ] {
            assert!(acceptable(good), "{good}");
        }
        for bad in [
            "Lucky Shrub Official",
            "WhatsApp Store",
            "meta shop",
            "Shrub 🌵",
            "Shrub™",
            "Shrub®",
            "LUCKY SHRUB",
            "Verified Shrub",
        ] {
            assert!(!acceptable(bad), "{bad}");
        }
    }
}
