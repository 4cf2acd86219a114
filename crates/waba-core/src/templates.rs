//! Message templates across IPC: the synced list and its filters, one template, drafts, create,
//! edit and delete, with Meta's rules the console applies before calling (facts §9): the count
//! against the WABA's limit (250, or 6,000 for a verified portfolio), the edit limits of an
//! approved template (1 per 24 h, 10 per 30 days), the 30 days a deleted approved name cannot be
//! reused, and each `rejected_reason` in plain words with how to fix it (written once, here).
//!
//! Drafts cross as the text the admin typed (valid JSON or not); a create crosses as Meta's own
//! create JSON (`TemplateDraft`, snake_case as Meta spells it).

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

use crate::graph_states::{
    graph_enum, js_doc, union, Explained, GraphState, QualityRating, TemplateCategory,
    TemplateStatus, Tone,
};
use crate::template_lint::{TemplateComponent, TemplateDraft};

/// Templates per WABA while the business portfolio is unverified.
pub const TEMPLATE_LIMIT_UNVERIFIED: u32 = 250;
/// Templates per WABA once the portfolio is verified and a number has an approved display name.
pub const TEMPLATE_LIMIT_VERIFIED: u32 = 6_000;
/// Edits Meta allows an APPROVED template per 24 hours.
pub const EDITS_PER_DAY: u32 = 1;
/// Edits Meta allows an APPROVED template per 30 days.
pub const EDITS_PER_30_DAYS: u32 = 10;
/// Days a deleted APPROVED template's name cannot be used again.
pub const DELETED_NAME_BLOCK_DAYS: u32 = 30;

graph_enum! {
    /// A template's `rejected_reason` (facts §9.2). `NONE` on templates that are not rejected.
    RejectedReason {
        AbusiveContent = "ABUSIVE_CONTENT", Fail, "Meta found the content abusive or against its commerce and business policies.";
        IncorrectCategory = "INCORRECT_CATEGORY", Fail, "The category does not match the content (a UTILITY or AUTHENTICATION template that reads as MARKETING, most often).";
        InvalidFormat = "INVALID_FORMAT", Fail, "The template breaks a format rule: variables at the start or end, adjacent or out-of-order variables, missing examples, or too many variables for the text.";
        Promotional = "PROMOTIONAL", Fail, "Promotional content in a template whose category does not allow it.";
        Scam = "SCAM", Fail, "Meta judged the template a possible scam (asking for money, credentials or personal data, or a misleading link).";
        TagContentMismatch = "TAG_CONTENT_MISMATCH", Fail, "The content does not match the category or language the template was submitted with.";
        CategoryNotAvailable = "CATEGORY_NOT_AVAILABLE", Fail, "The category is not available for this template (a deprecated reason).";
        None = "NONE", Neutral, "Not rejected.";
    }
    other: Fail, "A rejection reason this console does not know: read it in WhatsApp Manager.";
}

/// How to fix a template rejected for `reason`, in the admin's words.
pub fn rejection_fix(reason: &RejectedReason) -> &'static str {
    match reason {
        RejectedReason::AbusiveContent => "Remove threatening, hateful or adult wording and anything the WhatsApp Commerce and Business policies forbid; if you think it was a mistake, appeal the decision in WhatsApp Manager.",
        RejectedReason::IncorrectCategory => "Submit it as MARKETING, or remove the promotional wording (offers, discounts, 'don't miss') so it only reports on something the user did or asked for; setting allow_category_change lets Meta move it instead of rejecting it.",
        RejectedReason::InvalidFormat => "Run the linter on it (waba template lint): put text before the first and after the last variable, number variables {{1}}, {{2}}... in order with text between them, and give an example for every variable.",
        RejectedReason::Promotional => "Remove promotional wording from the UTILITY or AUTHENTICATION template, or submit it as a MARKETING template.",
        RejectedReason::Scam => "Do not ask for card numbers, passwords or ID numbers in the message, use your own full domain instead of link shorteners, and say who you are; appeal in WhatsApp Manager if it is legitimate.",
        RejectedReason::TagContentMismatch => "Check that the language code matches the language of the text and that the category matches what the message does, then submit it again.",
        RejectedReason::CategoryNotAvailable => "Choose MARKETING, UTILITY or AUTHENTICATION and submit it again.",
        RejectedReason::None => "Nothing to fix.",
        RejectedReason::Other(_) => "Open the template in WhatsApp Manager to read Meta's reason, fix it, and submit again or appeal.",
    }
}

/// A rejection as the console explains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Rejection {
    /// Meta's value, e.g. `INVALID_FORMAT`.
    pub reason: RejectedReason,
    /// What it means, in plain words.
    pub meaning: String,
    /// How to fix it.
    pub fix: String,
}

/// The explanation of a `rejected_reason`, or `None` when there is none (absent or `NONE`).
pub fn explain_rejection(raw: Option<&str>) -> Option<Rejection> {
    let reason = RejectedReason::from_graph(raw?.trim());
    if reason == RejectedReason::None || reason.as_graph().is_empty() {
        return None;
    }
    Some(Rejection {
        meaning: reason.meaning().to_owned(),
        fix: rejection_fix(&reason).to_owned(),
        reason,
    })
}

/// One template of the WABA, as the console shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplateInfo {
    pub id: String,
    pub name: String,
    /// Meta's language code, e.g. `en_US`.
    pub language: String,
    pub status: Explained<TemplateStatus>,
    pub category: Option<Explained<TemplateCategory>>,
    /// The category before Meta changed it.
    pub previous_category: Option<TemplateCategory>,
    /// `POSITIONAL` or `NAMED`.
    pub parameter_format: Option<String>,
    pub quality: Option<Explained<QualityRating>>,
    /// For a rejected template: why, in plain words, and how to fix it.
    pub rejection: Option<Rejection>,
    /// Header, body, footer and buttons in Meta's create shape.
    pub components: Vec<TemplateComponent>,
}

/// The WABA's template count against its limit, from the list's `summary`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplateCount {
    /// `message_template_count` (each language counts), or the synced list's length.
    pub count: u32,
    /// `message_template_limit` (250 or 6,000), when Meta sent it.
    pub limit: Option<u32>,
    /// e.g. "12 of 250 templates (unverified portfolio limit)".
    pub summary: String,
}

/// `6000` as `6,000`: counts and limits as the admin reads them.
pub(crate) fn grouped(n: impl ToString) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// What Meta's summary (or the list's length) says about the count.
pub fn template_count(count: u32, limit: Option<u32>) -> TemplateCount {
    let (n, unverified, verified) = (
        grouped(count),
        grouped(TEMPLATE_LIMIT_UNVERIFIED),
        grouped(TEMPLATE_LIMIT_VERIFIED),
    );
    let summary = match limit {
        Some(TEMPLATE_LIMIT_UNVERIFIED) => format!("{n} of {unverified} templates (the limit of an unverified business portfolio; verifying it raises the limit to {verified})."),
        Some(TEMPLATE_LIMIT_VERIFIED) => format!("{n} of {verified} templates (the limit of a verified business portfolio)."),
        Some(limit) => format!("{n} of {} templates.", grouped(limit)),
        Option::None => format!("{n} templates (Meta did not say the limit: {unverified}, or {verified} for a verified portfolio)."),
    };
    TemplateCount {
        count,
        limit,
        summary,
    }
}

/// The filters of the cached list (all optional; `search` looks in names and texts).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct TemplateFilter {
    pub profile_id: String,
    #[serde(default)]
    pub status: Option<TemplateStatus>,
    #[serde(default)]
    pub category: Option<TemplateCategory>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub search: Option<String>,
}

/// The synced list, filtered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplateListing {
    pub profile_id: String,
    /// RFC 3339 time of the last sync; `null` before the first one (the list is then empty).
    pub synced_at: Option<String>,
    /// The count against the limit, from the last sync.
    pub count: Option<TemplateCount>,
    /// The templates that match the filters.
    pub templates: Vec<TemplateInfo>,
    /// How many templates the last sync cached, before filtering.
    pub cached: u32,
}

/// One template by ID, or by name (every language, or the one given).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct TemplateRef {
    pub profile_id: String,
    #[serde(default)]
    pub template_id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
}

/// A draft kept until it is submitted or discarded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplateDraftInfo {
    pub id: String,
    pub profile_id: String,
    /// The text as typed: Meta's create JSON, or not valid JSON yet.
    pub text: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
}

/// Saves a draft: a new one (`draftId` null) or the new text of one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct SaveDraftRequest {
    pub profile_id: String,
    #[serde(default)]
    pub draft_id: Option<String>,
    pub text: String,
}

/// A create: Meta's create JSON, and whether the linter's warnings were seen and accepted.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct CreateTemplateRequest {
    pub profile_id: String,
    pub draft: TemplateDraft,
    /// The linter's warnings were shown and the admin submits anyway.
    #[serde(default)]
    pub confirm_warnings: bool,
    /// The kept draft this create submits; it is removed once Meta accepts the template.
    #[serde(default)]
    pub draft_id: Option<String>,
}

/// The answer of a create: the template as the cache now holds it (PENDING until Meta decides,
/// or what Meta answered).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplateCreated {
    pub template: TemplateInfo,
    /// The linter's warnings the admin accepted.
    pub warnings_accepted: u32,
    pub message: String,
}

/// Lints a draft as typed; with a profile, the synced templates are checked for duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct LintRequest {
    #[serde(default)]
    pub profile_id: Option<String>,
    pub text: String,
    /// The ID of the template being edited: left out of the duplicate checks, as
    /// `edit_template` leaves it out (a template is not a duplicate of itself).
    #[serde(default)]
    pub editing: Option<String>,
}

/// An edit (`POST /{template-id}`): what to change. `components` replaces them all.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct EditTemplateRequest {
    pub profile_id: String,
    pub template_id: String,
    #[serde(default)]
    pub category: Option<TemplateCategory>,
    #[serde(default)]
    pub components: Option<Vec<TemplateComponent>>,
    #[serde(default)]
    pub message_send_ttl_seconds: Option<i64>,
    #[serde(default)]
    pub confirm_warnings: bool,
}

/// Meta's edit limits for one template, as far as the console knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EditLimits {
    pub template_id: String,
    /// Whether the limits apply (they do to APPROVED templates).
    pub limited: bool,
    /// The console's own edits in the last 24 hours and 30 days.
    pub edits_last_day: u32,
    pub edits_last_30_days: u32,
    pub per_day: u32,
    pub per_30_days: u32,
    /// Whether the console knows the limit is reached (it then refuses without calling Meta).
    pub reached: bool,
    /// RFC 3339: when the next edit is possible, if the limit is reached.
    pub next_edit_at: Option<String>,
    /// The limits in words, and that only this console's edits are counted.
    pub summary: String,
}

/// The limits of a template whose status is `status`, given the console's own edits.
pub fn edit_limits(
    template_id: &str,
    status: &TemplateStatus,
    edits_last_day: u32,
    edits_last_30_days: u32,
    next_edit_at: Option<String>,
) -> EditLimits {
    // An approved template the console edited is back in review (PENDING): the edit still
    // counts against the approved template's limits.
    let in_review_after_edit = matches!(status, TemplateStatus::Pending | TemplateStatus::InAppeal)
        && edits_last_30_days > 0;
    let limited = *status == TemplateStatus::Approved || in_review_after_edit;
    let editable = in_review_after_edit
        || matches!(
            status,
            TemplateStatus::Approved | TemplateStatus::Rejected | TemplateStatus::Paused
        );
    let reached =
        limited && (edits_last_day >= EDITS_PER_DAY || edits_last_30_days >= EDITS_PER_30_DAYS);
    let counted = format!("This console made {edits_last_day} edit(s) of it in the last 24 hours and {edits_last_30_days} in the last 30 days; edits made elsewhere (WhatsApp Manager, other tools) are not counted here, so Meta may refuse sooner.");
    let review = if in_review_after_edit {
        format!("It is {status} again after an edit by this console, which still counts. ")
    } else {
        String::new()
    };
    let summary = if !editable {
        format!("A {status} template cannot be edited: Meta edits only APPROVED, REJECTED and PAUSED templates.")
    } else if limited {
        let when = next_edit_at
            .as_deref()
            .filter(|_| reached)
            .map(|at| format!(" The limit is reached: the next edit is possible after {at}."))
            .unwrap_or_default();
        format!("{review}An APPROVED template can be edited {EDITS_PER_DAY} time per 24 hours and {EDITS_PER_30_DAYS} times per 30 days, and its category cannot change. {counted}{when}")
    } else {
        format!(
            "A {status} template can be edited without Meta's approved-template limits. {counted}"
        )
    };
    EditLimits {
        template_id: template_id.to_owned(),
        limited,
        edits_last_day,
        edits_last_30_days,
        per_day: EDITS_PER_DAY,
        per_30_days: EDITS_PER_30_DAYS,
        reached,
        next_edit_at: next_edit_at.filter(|_| reached),
        summary,
    }
}

/// The answer of an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplateEdited {
    pub template_id: String,
    /// The limits after this edit.
    pub limits: EditLimits,
    pub message: String,
}

/// A delete: every language of `name`, or only `language` (sent as `hsm_id`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct DeleteTemplateRequest {
    pub profile_id: String,
    pub name: String,
    #[serde(default)]
    pub language: Option<String>,
    /// The admin read [`delete_warning`] and confirms.
    #[serde(default)]
    pub confirmed: bool,
}

/// The answer of a delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplateDeleted {
    pub name: String,
    /// The languages deleted (every cached one when deleted by name).
    pub languages: Vec<String>,
    pub message: String,
}

/// What a delete confirmation says: which templates go, and the 30-day block on a deleted
/// approved name.
pub fn delete_warning(name: &str, language: Option<&str>) -> String {
    let which = match language {
        Some(l) => format!("the {l} version of template {name}"),
        Option::None => format!("template {name} in every language"),
    };
    format!("This deletes {which}. A deleted APPROVED template's name cannot be used again for {DELETED_NAME_BLOCK_DAYS} days; templates with messages still being delivered go to PENDING_DELETION first.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_bindings() {
        let cfg = ts_rs::Config::from_env();
        RejectedReason::export_all(&cfg).unwrap();
    }

    #[test]
    fn every_rejection_reason_has_a_meaning_and_a_fix() {
        for reason in RejectedReason::KNOWN {
            assert!(!reason.meaning().is_empty());
            assert!(!rejection_fix(reason).is_empty());
        }
        let r = explain_rejection(Some("INVALID_FORMAT")).unwrap();
        assert!(r.fix.contains("waba template lint"), "{}", r.fix);
        assert_eq!(explain_rejection(Some("NONE")), Option::None);
        assert_eq!(explain_rejection(Option::None), Option::None);
        let unknown = explain_rejection(Some("NEW_2027")).unwrap();
        assert_eq!(unknown.reason.as_graph(), "NEW_2027");
    }

    #[test]
    fn edit_limits_apply_to_approved_templates_and_say_what_is_counted() {
        let fresh = edit_limits("1", &TemplateStatus::Approved, 0, 3, Option::None);
        assert!(fresh.limited && !fresh.reached);
        assert!(
            fresh.summary.contains("not counted here"),
            "{}",
            fresh.summary
        );
        let day = edit_limits(
            "1",
            &TemplateStatus::Approved,
            1,
            1,
            Some("2026-12-02T10:00:00Z".into()),
        );
        assert!(day.reached);
        assert!(day.summary.contains("2026-12-02T10:00:00Z"));
        let month = edit_limits("1", &TemplateStatus::Approved, 0, 10, Option::None);
        assert!(month.reached);
        let rejected = edit_limits("1", &TemplateStatus::Rejected, 5, 12, Option::None);
        assert!(!rejected.limited && !rejected.reached);
        let pending = edit_limits("1", &TemplateStatus::Pending, 0, 0, Option::None);
        assert!(pending.summary.contains("cannot be edited"));
        let edited = edit_limits(
            "1",
            &TemplateStatus::Pending,
            1,
            1,
            Some("2026-12-02T10:00:00Z".into()),
        );
        assert!(edited.limited && edited.reached, "{}", edited.summary);
        assert!(edited.summary.contains("after an edit by this console"));
    }

    #[test]
    fn the_count_names_the_limit_meta_sent() {
        assert!(template_count(12, Some(250))
            .summary
            .starts_with("12 of 250"));
        assert!(template_count(12, Some(6000)).summary.contains("verified"));
        assert!(template_count(1234, Some(6000))
            .summary
            .starts_with("1,234 of 6,000 "));
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(grouped(999), "999");
        assert!(template_count(3, Option::None)
            .summary
            .contains("did not say"));
        assert!(delete_warning("promo", Option::None).contains("30 days"));
    }
}
