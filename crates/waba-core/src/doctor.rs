//! The doctor's report: every readiness check of a profile, run at once, with its verdict, the
//! evidence Meta gave, and the fix.
//!
//! The checks themselves live in `waba-service` (they read Graph); this module is their contract,
//! shared by the Doctor page, `waba doctor`, the Markdown/JSON export and the setup checklist.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::FixAction;
use crate::graph_call::DoctorRead;

/// Every check, in order of dependence: a check may be skipped when one before it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CheckId {
    TokenValid,
    TokenNeverExpires,
    TokenScopes,
    TokenWabaAccess,
    PhoneInWaba,
    OwnershipVerified,
    TwoStepPin,
    Registered,
    CanSend,
    /// The number's display name is approved (until then it stays LIMITED).
    DisplayNameApproved,
    /// The business profile has its about text, photo and email.
    BusinessProfileFilled,
    ApiVersion,
    WabaSubscribed,
    WebhookVerified,
    /// The app's webhook delivers the `messages` field (read with the app access token).
    MessagesField,
    /// A status webhook reached the console's receiver (local, from the stored events).
    StatusWebhook,
    ApprovedTemplate,
    /// A REJECTED or PAUSED template (the console has no send log yet, so any such template).
    TemplateProblems,
    Quality,
    RecentThrottling,
    /// A message sent from the console reached a phone (local, from the message log).
    TestMessage,
}

impl CheckId {
    /// The doctor's Graph reads whose answers this check judges: none for a check judged from
    /// local facts (the API version table, stored webhooks, the message log) or from what every
    /// answer carried (the throttling check reads the usage header the other reads brought back).
    pub const fn reads(self) -> &'static [DoctorRead] {
        match self {
            Self::TokenValid | Self::TokenNeverExpires | Self::TokenScopes => {
                &[DoctorRead::DebugToken]
            }
            Self::TokenWabaAccess => &[DoctorRead::DebugToken, DoctorRead::Waba],
            Self::PhoneInWaba => &[DoctorRead::PhoneNumbers],
            Self::OwnershipVerified
            | Self::TwoStepPin
            | Self::Registered
            | Self::CanSend
            | Self::DisplayNameApproved
            | Self::WebhookVerified
            | Self::Quality => &[DoctorRead::PhoneNumber],
            Self::BusinessProfileFilled => &[DoctorRead::BusinessProfile],
            Self::WabaSubscribed => &[DoctorRead::SubscribedApps],
            Self::MessagesField => &[DoctorRead::AppSubscriptions],
            Self::ApprovedTemplate | Self::TemplateProblems => &[DoctorRead::Templates],
            Self::ApiVersion | Self::StatusWebhook | Self::RecentThrottling | Self::TestMessage => {
                &[]
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CheckState {
    Pass,
    Warn,
    Fail,
    /// Not judged, because a check it depends on failed (see `skippedBecause`).
    Skipped,
    /// Nothing to judge yet (the summary says why, e.g. "No sends yet" for throttling before the
    /// console sends messages). Neither a pass nor a problem; `waba doctor` still exits 0.
    NotChecked,
}

/// What the API (or the local log) answered, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Evidence {
    /// The call, e.g. `GET /v26.0/106540352242922?fields=status`, or `local audit log`.
    pub source: String,
    /// The relevant part of the answer.
    pub answer: String,
    /// RFC 3339.
    pub at: String,
}

/// A page of the console that shows what a check is about, e.g. one approved template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PageLink {
    /// e.g. `hello_world (en_US)`.
    pub label: String,
    /// The window's route, e.g. `/templates/1234567890`.
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Check {
    pub id: CheckId,
    pub title: String,
    pub state: CheckState,
    pub summary: String,
    pub evidence: Vec<Evidence>,
    pub fix: Option<String>,
    /// The in-app action that fixes it, where one exists.
    pub action: Option<FixAction>,
    pub skipped_because: Option<CheckId>,
    /// Pages that show what the check found (the approved templates, the rejected ones).
    #[serde(default)]
    pub links: Vec<PageLink>,
    /// The doctor's Graph reads whose answers this check judged, each one the window can copy as
    /// curl (`describe_graph_call` with `GraphCall::DoctorRead` on the report's `apiVersion`);
    /// empty for a local check, a skipped one, or a read that was never sent (no token, no app
    /// secret).
    #[serde(default)]
    pub reads: Vec<DoctorRead>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckCounts {
    pub pass: u32,
    pub warn: u32,
    pub fail: u32,
    pub skipped: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DoctorReport {
    pub profile_id: String,
    pub profile_name: String,
    pub api_version: String,
    /// RFC 3339.
    pub started_at: String,
    /// Wall time of the whole run.
    pub wall_ms: u64,
    /// Graph requests the doctor actually sent (each page of an edge counts); they all go out at
    /// once.
    pub graph_calls: u32,
    pub checks: Vec<Check>,
    pub counts: CheckCounts,
}

impl DoctorReport {
    pub fn check(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// `waba doctor` exits 0 only when nothing failed or was skipped (a check with nothing to
    /// judge yet does not count against it).
    pub fn all_pass_or_warn(&self) -> bool {
        self.checks.iter().all(|c| {
            matches!(
                c.state,
                CheckState::Pass | CheckState::Warn | CheckState::NotChecked
            )
        })
    }

    /// The report as Markdown, for pasting into a ticket. Holds no secret: the report never does.
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "# WABA Console doctor: {}\n\nAPI version {} · run {} · {} ms · {} Graph calls\n\n**{} pass, {} warn, {} fail, {} skipped**\n",
            self.profile_name,
            self.api_version,
            self.started_at,
            self.wall_ms,
            self.graph_calls,
            self.counts.pass,
            self.counts.warn,
            self.counts.fail,
            self.counts.skipped
        );
        for c in &self.checks {
            let mark = match c.state {
                CheckState::Pass => "PASS",
                CheckState::Warn => "WARN",
                CheckState::Fail => "FAIL",
                CheckState::Skipped => "SKIPPED",
                CheckState::NotChecked => "NOT CHECKED",
            };
            out.push_str(&format!("\n## {mark} {}\n\n{}\n", c.title, c.summary));
            for e in &c.evidence {
                out.push_str(&format!("\n- `{}` → {} ({})", e.source, e.answer, e.at));
            }
            if let Some(fix) = &c.fix {
                out.push_str(&format!("\n\n**Fix:** {fix}"));
            }
            if let Some(action) = c.action {
                out.push_str(&format!(" (in the console: {})", action.label()));
            }
            out.push('\n');
        }
        out
    }
}

impl CheckCounts {
    /// Counts by state; a `NotChecked` check is in none of the counts (nothing was judged).
    pub fn of(checks: &[Check]) -> Self {
        let mut counts = Self::default();
        for c in checks {
            match c.state {
                CheckState::Pass => counts.pass += 1,
                CheckState::Warn => counts.warn += 1,
                CheckState::Fail => counts.fail += 1,
                CheckState::Skipped => counts.skipped += 1,
                CheckState::NotChecked => {}
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(id: CheckId, state: CheckState) -> Check {
        Check {
            id,
            title: format!("{id:?}"),
            state,
            summary: "No sends yet.".into(),
            evidence: Vec::new(),
            fix: None,
            action: None,
            skipped_because: None,
            links: Vec::new(),
            reads: Vec::new(),
        }
    }

    fn report(checks: Vec<Check>) -> DoctorReport {
        DoctorReport {
            profile_id: "p".into(),
            profile_name: "P".into(),
            api_version: "v26.0".into(),
            started_at: "2026-12-01T00:00:00Z".into(),
            wall_ms: 1,
            graph_calls: 6,
            counts: CheckCounts::of(&checks),
            checks,
        }
    }

    #[test]
    fn not_checked_is_neither_a_pass_nor_a_problem() {
        let r = report(vec![
            check(CheckId::TokenValid, CheckState::Pass),
            check(CheckId::RecentThrottling, CheckState::NotChecked),
        ]);
        assert_eq!(
            r.counts,
            CheckCounts {
                pass: 1,
                ..CheckCounts::default()
            }
        );
        assert!(r.all_pass_or_warn());
        assert!(r.to_markdown().contains("## NOT CHECKED RecentThrottling"));
        assert_eq!(
            serde_json::to_value(CheckState::NotChecked).unwrap(),
            "notChecked"
        );
        let skipped = report(vec![check(CheckId::TokenValid, CheckState::Skipped)]);
        assert!(!skipped.all_pass_or_warn());
    }
}
