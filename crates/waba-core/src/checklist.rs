//! The setup checklist on the home page: every step between "I have a Meta account" and "a test
//! message was delivered", in order.
//!
//! Steps whose checks exist are live and carry their evidence; the rest say honestly that they
//! are not checked yet, what they mean, and which page will check them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::FixAction;
use crate::doctor::{Check, CheckId, CheckState, PageLink};
use crate::error::CommandError;
use crate::profile::Profile;
use crate::token::{Finding, Severity, TokenReport, TokenType, Topic, WabaAccess};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum StepId {
    MetaApp,
    SystemUser,
    Token,
    NumberInWaba,
    OwnershipVerified,
    TwoStepPin,
    Registered,
    CanSend,
    DisplayName,
    BusinessProfile,
    WabaSubscribed,
    WebhookVerified,
    StatusWebhook,
    ApprovedTemplate,
    TestMessage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum StepState {
    Pass,
    Warn,
    Fail,
    /// No check exists for this step yet, or it needs something the admin has not given.
    NotChecked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChecklistStep {
    pub id: StepId,
    pub title: String,
    /// One line on what the step means.
    pub meaning: String,
    pub state: StepState,
    /// The verdict in one sentence.
    pub summary: String,
    /// What the API answered that supports the verdict.
    pub evidence: Vec<String>,
    /// What to do when the step does not pass.
    pub fix: Option<String>,
    /// The page of the console that checks (or will check) this step.
    pub checked_by: String,
    /// RFC 3339, when the evidence was read.
    pub checked_at: Option<String>,
    /// The in-app action that fixes the step, where one exists.
    pub action: Option<FixAction>,
    /// Pages that show what the step found (each approved template, for first contact).
    pub links: Vec<PageLink>,
}

/// The token as far as the checklist knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum TokenState {
    /// No token in the keychain for this profile.
    Missing,
    /// Meta answered; the report says what it is worth.
    Checked { report: Box<TokenReport> },
    /// The check itself could not run (network, keychain); the token may be fine.
    Unchecked { error: CommandError },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Checklist {
    pub profile_id: String,
    pub steps: Vec<ChecklistStep>,
    pub passed: u32,
    pub total: u32,
    pub token: TokenState,
}

struct Definition {
    id: StepId,
    title: &'static str,
    meaning: &'static str,
    checked_by: &'static str,
}

const STEPS: &[Definition] = &[
    Definition { id: StepId::MetaApp, title: "Meta app with the WhatsApp product", meaning: "A Business-type app in developers.facebook.com with the WhatsApp product added; its ID is the profile's App ID.", checked_by: "Token" },
    Definition { id: StepId::SystemUser, title: "System User with both WhatsApp permissions", meaning: "An admin system user in Business Settings, assigned this WABA, whose token carries whatsapp_business_management and whatsapp_business_messaging.", checked_by: "Token" },
    Definition { id: StepId::Token, title: "Token valid, never expiring, reaches this WABA", meaning: "The token stored in the keychain is valid, does not expire, and its grants include this profile's WABA.", checked_by: "Token" },
    Definition { id: StepId::NumberInWaba, title: "Phone number in the WABA", meaning: "The profile's phone-number ID is one of the numbers of its WhatsApp Business Account.", checked_by: "Numbers" },
    Definition { id: StepId::OwnershipVerified, title: "Ownership verified", meaning: "The number proved it is yours with an SMS or voice code (code_verification_status VERIFIED).", checked_by: "Numbers" },
    Definition { id: StepId::TwoStepPin, title: "Two-step verification PIN set", meaning: "A six-digit PIN protects the number; it is set with POST /{phone-number-id} {\"pin\"} (there is no /two_step_verification endpoint).", checked_by: "Numbers" },
    Definition { id: StepId::Registered, title: "Registered and CONNECTED", meaning: "POST /{phone-number-id}/register succeeded and the number's status is CONNECTED on the Cloud API.", checked_by: "Numbers" },
    Definition { id: StepId::CanSend, title: "Health: can send messages", meaning: "Meta's health_status for the number, its WABA, business and app says AVAILABLE.", checked_by: "Numbers" },
    Definition { id: StepId::DisplayName, title: "Display name approved", meaning: "Meta approved the name shown at the top of chats (name_status APPROVED); until then the number is LIMITED and its messaging limit stays at its starting tier.", checked_by: "Business profile" },
    Definition { id: StepId::BusinessProfile, title: "Business profile filled in", meaning: "The profile customers open from a chat has an about text, a profile photo and an email (GET /{phone-number-id}/whatsapp_business_profile).", checked_by: "Business profile" },
    Definition { id: StepId::WabaSubscribed, title: "WABA subscribed to the app", meaning: "POST /{waba-id}/subscribed_apps links the WABA to your app so its webhooks reach you.", checked_by: "Webhooks" },
    Definition { id: StepId::WebhookVerified, title: "Webhook verified", meaning: "Your callback URL answered Meta's verification challenge and checks the X-Hub-Signature-256 of each delivery.", checked_by: "Webhooks" },
    Definition { id: StepId::StatusWebhook, title: "A status webhook received", meaning: "A signed status webhook (sent, delivered, read or failed) reached the console's receiver and was stored: statuses of your sends can be tracked.", checked_by: "Webhooks" },
    Definition { id: StepId::ApprovedTemplate, title: "An approved template", meaning: "At least one message template is APPROVED, so you can start conversations outside the 24-hour window.", checked_by: "Templates" },
    Definition { id: StepId::TestMessage, title: "A test message delivered", meaning: "A message sent from the console reached a phone and its delivered status webhook arrived.", checked_by: "Test send" },
];

struct Verdict {
    state: StepState,
    summary: String,
    evidence: Vec<String>,
    fix: Option<String>,
}

impl Verdict {
    fn new(state: StepState, summary: impl Into<String>) -> Self {
        Self {
            state,
            summary: summary.into(),
            evidence: Vec::new(),
            fix: None,
        }
    }
    fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
    fn evidence(mut self, evidence: Vec<String>) -> Self {
        self.evidence = evidence;
        self
    }
}

/// The doctor check that decides a step, for the steps the doctor covers.
fn doctor_check(step: StepId) -> Option<CheckId> {
    Some(match step {
        StepId::NumberInWaba => CheckId::PhoneInWaba,
        StepId::OwnershipVerified => CheckId::OwnershipVerified,
        StepId::TwoStepPin => CheckId::TwoStepPin,
        StepId::Registered => CheckId::Registered,
        StepId::CanSend => CheckId::CanSend,
        StepId::DisplayName => CheckId::DisplayNameApproved,
        StepId::BusinessProfile => CheckId::BusinessProfileFilled,
        StepId::WabaSubscribed => CheckId::WabaSubscribed,
        StepId::WebhookVerified => CheckId::WebhookVerified,
        StepId::StatusWebhook => CheckId::StatusWebhook,
        StepId::ApprovedTemplate => CheckId::ApprovedTemplate,
        StepId::TestMessage => CheckId::TestMessage,
        _ => return None,
    })
}

fn from_check(check: &Check) -> (Verdict, Option<FixAction>) {
    let state = match check.state {
        CheckState::Pass => StepState::Pass,
        CheckState::Warn => StepState::Warn,
        CheckState::Fail => StepState::Fail,
        CheckState::Skipped | CheckState::NotChecked => StepState::NotChecked,
    };
    let mut verdict = Verdict::new(state, check.summary.clone()).evidence(
        check
            .evidence
            .iter()
            .map(|e| format!("{} → {}", e.source, e.answer))
            .collect(),
    );
    verdict.fix = check.fix.clone();
    (verdict, check.action)
}

/// The checklist for `profile`: the token steps from the token's state, the others from the
/// doctor's `checks` (empty when the doctor did not run).
pub fn build(profile: &Profile, token: &TokenState, checks: &[Check]) -> Checklist {
    let checked_at = match token {
        TokenState::Checked { report } => Some(report.checked_at.clone()),
        _ => None,
    };
    let steps: Vec<ChecklistStep> = STEPS
        .iter()
        .map(|def| {
            let token_step_id =
                matches!(def.id, StepId::MetaApp | StepId::SystemUser | StepId::Token);
            let check = doctor_check(def.id).and_then(|id| checks.iter().find(|c| c.id == id));
            let live = token_step_id || check.is_some();
            let (verdict, action) = match check {
                _ if token_step_id => {
                    let verdict = token_step(def.id, profile, token);
                    // A token that could not be checked (Meta unreachable, a proxy's page, a
                    // garbled answer) is not a reason to replace it: the fix is in the text.
                    let unchecked = matches!(token, TokenState::Unchecked { .. });
                    let action = (verdict.state == StepState::Fail && !unchecked)
                        .then_some(FixAction::ReplaceToken);
                    (verdict, action)
                }
                Some(check) => from_check(check),
                None => (
                    Verdict::new(
                        StepState::NotChecked,
                        format!(
                            "Not checked yet: the {} page will check this.",
                            def.checked_by
                        ),
                    ),
                    None,
                ),
            };
            ChecklistStep {
                id: def.id,
                title: def.title.to_owned(),
                meaning: def.meaning.to_owned(),
                state: verdict.state,
                summary: verdict.summary,
                evidence: verdict.evidence,
                fix: verdict.fix,
                checked_by: def.checked_by.to_owned(),
                checked_at: if live { checked_at.clone() } else { None },
                action,
                links: check.map(|c| c.links.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let passed = steps.iter().filter(|s| s.state == StepState::Pass).count() as u32;
    Checklist {
        profile_id: profile.id.clone(),
        total: steps.len() as u32,
        passed,
        steps,
        token: token.clone(),
    }
}

const PASTE_TOKEN: &str = "Open the Token page and paste the System User token.";

fn token_step(id: StepId, profile: &Profile, token: &TokenState) -> Verdict {
    let report = match token {
        TokenState::Missing if id == StepId::Token => {
            return Verdict::new(StepState::Fail, "No token is stored for this profile.")
                .fix(PASTE_TOKEN)
        }
        TokenState::Missing => {
            return Verdict::new(
                StepState::NotChecked,
                "Checked from the token, which is not set yet.",
            )
            .fix(PASTE_TOKEN)
        }
        TokenState::Unchecked { .. } if id != StepId::Token => {
            return Verdict::new(
                StepState::NotChecked,
                "Not checked: the token could not be checked, so Meta has not said which app and user it belongs to.",
            )
            .fix("See the token step: this one is checked with it.");
        }
        TokenState::Unchecked { error } => {
            return Verdict::new(
                StepState::Fail,
                format!("Could not check the token: {}", error.message),
            )
            .fix(
                error
                    .action
                    .clone()
                    .unwrap_or_else(|| "Retry once the problem is solved.".into()),
            )
        }
        TokenState::Checked { report } => report,
    };
    if let Some(rejection) = &report.rejection {
        if id != StepId::Token {
            return Verdict::new(
                StepState::NotChecked,
                "Not checked: Meta refused the token, so it cannot say which app and user it belongs to.",
            )
            .fix(PASTE_TOKEN);
        }
        let finding = &report.findings[0];
        return Verdict::new(StepState::Fail, finding.title.clone())
            .evidence(vec![rejection.graph().map_or_else(
                || rejection.message.clone(),
                |g| g.graph_message.clone(),
            )])
            .fix(finding.fix.clone());
    }
    match id {
        StepId::MetaApp => app_step(profile, report),
        StepId::SystemUser => system_user_step(report),
        _ => token_validity_step(profile, report),
    }
}

fn app_step(profile: &Profile, report: &TokenReport) -> Verdict {
    let app = format!(
        "{} ({})",
        report.application.as_deref().unwrap_or("unnamed app"),
        report.app_id.as_deref().unwrap_or("?")
    );
    match report.app_matches_profile {
        Some(true) => Verdict::new(
            StepState::Pass,
            format!("The token was issued by app {app}."),
        )
        .evidence(vec![format!("debug_token app_id = {}", profile.app_id)]),
        Some(false) => Verdict::new(
            StepState::Fail,
            format!(
                "The token was issued by app {app}, not by this profile's app {}.",
                profile.app_id
            ),
        )
        .fix("Generate the token for this profile's app, or correct the profile's App ID."),
        None => Verdict::new(
            StepState::Warn,
            "Meta did not say which app issued the token.",
        ),
    }
}

fn system_user_step(report: &TokenReport) -> Verdict {
    let evidence = vec![
        format!("type = {}", report.token_type.graph_name()),
        format!("scopes = {}", report.scopes.join(", ")),
    ];
    let failing: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Fail && matches!(f.topic, Topic::Kind | Topic::Scopes))
        .collect();
    if let Some(first) = failing.first() {
        let summary = failing
            .iter()
            .map(|f| f.title.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        return Verdict::new(StepState::Fail, summary)
            .evidence(evidence)
            .fix(first.fix.clone());
    }
    debug_assert_eq!(report.token_type, TokenType::SystemUser);
    Verdict::new(
        StepState::Pass,
        "A System User token with both WhatsApp permissions.",
    )
    .evidence(evidence)
}

fn token_validity_step(profile: &Profile, report: &TokenReport) -> Verdict {
    let mut evidence = vec![match &report.expires_at {
        None => "expires_at = 0 (never)".to_owned(),
        Some(at) => format!("expires_at = {at}"),
    }];
    evidence.push(match &report.waba_access {
        WabaAccess::Granted => format!("granular scopes list WABA {}", profile.waba_id),
        WabaAccess::Unrestricted => {
            "granular scopes are not restricted to listed assets".to_owned()
        }
        WabaAccess::NotGranted { granted_ids } => {
            format!("granular scopes list only {}", granted_ids.join(", "))
        }
        WabaAccess::Unknown => "no WhatsApp grant in granular scopes".to_owned(),
    });
    if let Some(name) = &report.waba_name {
        evidence.push(format!("GET /{} answered: {name}", profile.waba_id));
    }
    let relevant =
        |f: &&Finding| matches!(f.topic, Topic::Validity | Topic::Expiry | Topic::WabaAccess);
    if let Some(fail) = report
        .findings
        .iter()
        .filter(relevant)
        .find(|f| f.severity == Severity::Fail)
    {
        return Verdict::new(StepState::Fail, fail.title.clone())
            .evidence(evidence)
            .fix(fail.fix.clone());
    }
    if let Some(err) = &report.waba_read_error {
        return Verdict::new(
            StepState::Fail,
            format!(
                "The token could not read WABA {}: {}",
                profile.waba_id, err.message
            ),
        )
        .evidence(evidence)
        .fix(err.action.clone().unwrap_or_else(|| {
            "Assign the WABA to the system user, then generate a new token.".into()
        }));
    }
    if let Some(warn) = report
        .findings
        .iter()
        .filter(relevant)
        .find(|f| f.severity == Severity::Warn)
    {
        return Verdict::new(StepState::Warn, warn.title.clone())
            .evidence(evidence)
            .fix(warn.fix.clone());
    }
    Verdict::new(
        StepState::Pass,
        "Valid, never expires, and reaches this WABA.",
    )
    .evidence(evidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::profile::ProfileKind;
    use crate::token::{evaluate, TokenFacts, SCOPE_MANAGEMENT, SCOPE_MESSAGING};
    use time::macros::datetime;

    fn profile() -> Profile {
        Profile {
            id: "p1".into(),
            name: "Sandbox".into(),
            kind: ProfileKind::Sandbox,
            app_id: "634974688087057".into(),
            waba_id: "102290129340398".into(),
            phone_number_id: "106540352242922".into(),
            api_version: "v26.0".into(),
            base_url: None,
            scenario: Some("healthy".into()),
            created_at: "2026-11-26T00:00:00Z".into(),
        }
    }

    fn facts() -> TokenFacts {
        TokenFacts {
            is_valid: true,
            token_type: Some("SYSTEM_USER".into()),
            app_id: Some("634974688087057".into()),
            application: Some("Sandbox app".into()),
            expires_at: 0,
            scopes: vec![SCOPE_MANAGEMENT.into(), SCOPE_MESSAGING.into()],
            granular_scopes: vec![(
                SCOPE_MANAGEMENT.into(),
                Some(vec!["102290129340398".into()]),
            )],
            error_message: None,
        }
    }

    fn state(list: &Checklist, id: StepId) -> StepState {
        list.steps.iter().find(|s| s.id == id).unwrap().state
    }

    #[test]
    fn without_a_token_only_the_token_step_fails_and_the_rest_is_honest() {
        let list = build(&profile(), &TokenState::Missing, &[]);
        assert_eq!(list.total, 15);
        assert_eq!(list.passed, 0);
        assert_eq!(state(&list, StepId::Token), StepState::Fail);
        assert_eq!(state(&list, StepId::MetaApp), StepState::NotChecked);
        let later = list
            .steps
            .iter()
            .find(|s| s.id == StepId::Registered)
            .unwrap();
        assert_eq!(
            later.summary,
            "Not checked yet: the Numbers page will check this."
        );
        assert!(!later.meaning.is_empty());
    }

    #[test]
    fn a_good_token_passes_the_three_token_steps() {
        let report = evaluate(
            &facts(),
            "634974688087057",
            "102290129340398",
            datetime!(2026-11-26 12:00 UTC),
        );
        let list = build(
            &profile(),
            &TokenState::Checked {
                report: Box::new(report),
            },
            &[],
        );
        assert_eq!(list.passed, 3);
        for id in [StepId::MetaApp, StepId::SystemUser, StepId::Token] {
            assert_eq!(state(&list, id), StepState::Pass, "{id:?}");
        }
        let token = list.steps.iter().find(|s| s.id == StepId::Token).unwrap();
        assert!(token.evidence.iter().any(|e| e.contains("never")));
        assert!(token.checked_at.is_some());
    }

    #[test]
    fn a_missing_scope_fails_the_system_user_step_only() {
        let mut f = facts();
        f.scopes.pop();
        let report = evaluate(
            &f,
            "634974688087057",
            "102290129340398",
            datetime!(2026-11-26 12:00 UTC),
        );
        let list = build(
            &profile(),
            &TokenState::Checked {
                report: Box::new(report),
            },
            &[],
        );
        assert_eq!(state(&list, StepId::SystemUser), StepState::Fail);
        assert_eq!(state(&list, StepId::Token), StepState::Pass);
        let step = list
            .steps
            .iter()
            .find(|s| s.id == StepId::SystemUser)
            .unwrap();
        assert!(step.summary.contains(SCOPE_MESSAGING));
        assert!(step.fix.as_deref().unwrap().contains("tick both"));
    }

    #[test]
    fn a_rejected_token_fails_the_token_step_and_leaves_the_others_unchecked() {
        let report = crate::token::rejected(
            crate::token::expired_token_rejection(),
            datetime!(2026-11-26 12:00 UTC),
        );
        let list = build(
            &profile(),
            &TokenState::Checked {
                report: Box::new(report),
            },
            &[],
        );
        assert_eq!(state(&list, StepId::Token), StepState::Fail);
        assert_eq!(state(&list, StepId::MetaApp), StepState::NotChecked);
        assert_eq!(state(&list, StepId::SystemUser), StepState::NotChecked);
        let token = list.steps.iter().find(|s| s.id == StepId::Token).unwrap();
        assert_eq!(
            token.evidence,
            ["Error validating access token: Session has expired"]
        );
    }

    #[test]
    fn a_network_failure_says_the_check_could_not_run() {
        let error = CommandError::new(
            ErrorCode::Unreachable,
            "Nothing answers at http://127.0.0.1:9.",
        )
        .with_action("Check the base URL.");
        let list = build(&profile(), &TokenState::Unchecked { error }, &[]);
        let token = list.steps.iter().find(|s| s.id == StepId::Token).unwrap();
        assert_eq!(token.state, StepState::Fail);
        assert!(token.summary.starts_with("Could not check the token"));
        assert_eq!(token.fix.as_deref(), Some("Check the base URL."));
        // The token itself may be fine: no "Replace the token" button, and the steps read from
        // it are not checked rather than failed.
        assert_eq!(token.action, None);
        for id in [StepId::MetaApp, StepId::SystemUser] {
            let step = list.steps.iter().find(|s| s.id == id).unwrap();
            assert_eq!(
                (step.state, step.action),
                (StepState::NotChecked, None),
                "{id:?}"
            );
        }
        assert_eq!(list.passed, 0);
    }

    #[test]
    fn a_business_profile_warning_is_a_warning_step_linking_to_its_page() {
        let link = PageLink {
            label: "Business profile".into(),
            path: crate::catalogue::BUSINESS_PROFILE_PAGE.into(),
        };
        let check = Check {
            id: CheckId::BusinessProfileFilled,
            title: "Business profile filled in".into(),
            state: CheckState::Warn,
            summary: "The business profile has no profile photo.".into(),
            evidence: vec![crate::doctor::Evidence {
                source: "GET /v26.0/106540352242922/whatsapp_business_profile".into(),
                answer: "profile_picture_url: absent".into(),
                at: "2026-12-01T00:00:00Z".into(),
            }],
            fix: Some("Add a photo.".into()),
            action: Some(FixAction::OpenBusinessProfile),
            skipped_because: None,
            links: vec![link.clone()],
            reads: Vec::new(),
        };
        let list = build(&profile(), &TokenState::Missing, &[check]);
        let step = list
            .steps
            .iter()
            .find(|s| s.id == StepId::BusinessProfile)
            .unwrap();
        assert_eq!(step.state, StepState::Warn);
        assert_eq!(step.checked_by, "Business profile");
        assert_eq!(
            step.evidence,
            ["GET /v26.0/106540352242922/whatsapp_business_profile → profile_picture_url: absent"]
        );
        assert_eq!(step.action, Some(FixAction::OpenBusinessProfile));
        assert_eq!(step.links, [link]);
        assert_eq!(list.passed, 0, "a warning is not a pass");
        let name = list
            .steps
            .iter()
            .find(|s| s.id == StepId::DisplayName)
            .unwrap();
        assert_eq!(
            name.summary,
            "Not checked yet: the Business profile page will check this."
        );
    }
}
