//! The doctor: every readiness check of a profile in one run.
//!
//! Every Graph read needs only the token, not another check's answer, so all of them go out at
//! once and the run takes about one round trip; the verdicts are then ordered by dependence (a
//! check whose prerequisite failed is skipped, and says which one).

use time::{format_description::well_known::Rfc3339, OffsetDateTime};
use waba_core::business_profile::{
    BusinessProfile, DisplayName, LIMITED_BY_NAME, MAX_NAME_CHANGES_PER_30_DAYS,
};
use waba_core::catalogue::{FixAction, BUSINESS_PROFILE_PAGE};
use waba_core::checklist::TokenState;
use waba_core::doctor::{Check, CheckId, CheckState, Evidence, PageLink};
use waba_core::graph_call::DoctorRead;
use waba_core::graph_request::GraphRequest;
use waba_core::graph_states::{
    GraphState, HealthAvailability, MessagingLimit, NameStatus, NumberStatus, OwnershipStatus,
    PlatformType, TemplateStatus, Tone,
};
use waba_core::probe::ProbeReport;
use waba_core::profile::Profile;
use waba_core::token::{Severity, Topic, WabaAccess};
use waba_core::versions::{describe, messaging_limit_field, VersionStatus};
use waba_core::CommandError;
use waba_graph::model::{AppSubscription, MessageTemplate, PhoneNumber, SubscribedApp};
use waba_graph::{GraphClient, GraphError, UseCaseUsage};
use waba_secrets::Secret;

use crate::token_check;

/// Fields the doctor reads from the profile's number, besides the messaging limit's.
const PHONE_FIELDS: &[&str] = &[
    "id",
    "display_phone_number",
    "verified_name",
    "name_status",
    "new_display_name",
    "new_name_status",
    "status",
    "code_verification_status",
    "is_pin_enabled",
    "platform_type",
    "health_status",
    "quality_rating",
    "webhook_configuration",
];

/// Fields the doctor reads from each of the WABA's numbers (is the profile's one of them).
const NUMBERS_FIELDS: &[&str] = &["id", "display_phone_number"];

/// Fields the doctor reads from each template.
const TEMPLATE_FIELDS: &[&str] = &["id", "name", "status", "language", "rejected_reason"];

/// The fields the doctor (and the health panel, with its own) reads from a number on
/// `api_version`: the messaging limit is `whatsapp_business_manager_messaging_limit` from v24.0 and
/// `messaging_limit_tier` before, because older versions refuse the new field.
pub(crate) fn phone_fields(api_version: &str) -> Vec<&'static str> {
    let mut fields = PHONE_FIELDS.to_vec();
    fields.push(messaging_limit_field(api_version));
    fields
}

/// The number's messaging limit and whether it is the deprecated per-number tier (read from
/// `messaging_limit_tier`, on versions before v24.0).
pub(crate) fn messaging_limit(p: &PhoneNumber) -> Option<(&MessagingLimit, bool)> {
    match (
        &p.whatsapp_business_manager_messaging_limit,
        &p.messaging_limit_tier,
    ) {
        (Some(limit), _) => Some((limit, false)),
        (None, Some(tier)) => Some((tier, true)),
        (None, None) => None,
    }
}

/// The Graph answers besides the token's, from one concurrent round of reads.
pub(crate) struct Reads {
    pub numbers: Result<Vec<PhoneNumber>, GraphError>,
    pub phone: Result<PhoneNumber, GraphError>,
    pub subscribed: Result<Vec<SubscribedApp>, GraphError>,
    pub templates: Result<Vec<MessageTemplate>, GraphError>,
    /// The number's business profile (`whatsapp_business_profile`).
    pub business_profile: Result<BusinessProfile, GraphError>,
    /// The app's webhook subscriptions, read with the app access token; `None` when no app
    /// secret is stored to build one.
    pub app_subscriptions: Option<Result<Vec<AppSubscription>, GraphError>>,
    /// `X-Business-Use-Case-Usage` from the last of these answers that carried it (facts §13).
    pub usage: Option<Vec<UseCaseUsage>>,
}

/// Everything the checks judge.
pub(crate) struct Inputs {
    pub token: TokenState,
    /// `None` when there was no token to read with.
    pub reads: Option<Reads>,
    /// Graph requests [`gather`] sent (0 without a token).
    pub graph_calls: u32,
    /// RFC 3339 time of the reads.
    pub at: String,
    /// The newest status webhook the console's receiver stored for the profile's WABA.
    pub last_status: Option<LastStatus>,
    /// The console's most recent probe of a callback URL for this profile.
    pub last_probe: Option<ProbeReport>,
    /// What the message log says about the profile's sends.
    pub sends: SendFacts,
}

/// The message log's facts the doctor judges (local, no Graph call).
#[derive(Default)]
pub(crate) struct SendFacts {
    /// The newest message that reached a phone: its recipient, status and time.
    pub newest_delivered: Option<(String, String, String)>,
    /// Sends of the last hour.
    pub last_hour: u64,
    /// Of those, the ones Meta throttled (a rate-limit answer, or a retry).
    pub throttled_last_hour: u64,
    /// Accepted more than `STALE_AFTER_MINUTES` ago with no status since.
    pub stale: u64,
}

/// A stored status webhook, as the "status webhook received" check shows it.
pub(crate) struct LastStatus {
    pub kind: String,
    pub summary: String,
    pub received_at: String,
    /// Whether it is one of the console's own samples (its test event, a probe of the
    /// receiver) rather than one from Meta.
    pub console_test: bool,
}

/// Sends every read at once: the run costs one round trip, not one per check. `client` must be
/// fresh (its request count is the doctor's `graph_calls`). `app_token` (`{app-id}|{app-secret}`)
/// reads the app's webhook fields when the app secret is stored.
pub(crate) async fn gather(
    client: &GraphClient,
    profile: &Profile,
    token: &Secret,
    app_token: Option<&Secret>,
) -> (TokenState, Reads) {
    let phone_fields = phone_fields(&profile.api_version);
    let profile_request = client.describe_business_profile(&profile.phone_number_id);
    let app_subscriptions = async {
        match app_token {
            Some(app_token) => Some(client.app_subscriptions(app_token, &profile.app_id).await),
            None => None,
        }
    };
    let (debug, waba, numbers, phone, subscribed, templates, business_profile, app_subscriptions) = tokio::join!(
        client.debug_token(token),
        client.waba(token, &profile.waba_id, token_check::WABA_FIELDS),
        client.phone_numbers(token, &profile.waba_id, NUMBERS_FIELDS),
        client.phone_number(token, &profile.phone_number_id, &phone_fields),
        client.subscribed_apps(token, &profile.waba_id),
        client.message_templates(token, &profile.waba_id, TEMPLATE_FIELDS),
        client.business_profile(token, &profile_request),
        app_subscriptions,
    );
    (
        token_check::verdict(profile, debug, waba),
        Reads {
            numbers,
            phone,
            subscribed,
            templates,
            business_profile,
            app_subscriptions,
            // Read from the answers already received: no extra call.
            usage: client.business_use_case_usage(),
        },
    )
}

/// The request [`gather`] sends for `read` (its first page, for an edge), described: what the
/// Doctor page copies as curl. `profile.api_version` is the version the doctor ran with.
pub(crate) fn describe_read(
    client: &GraphClient,
    profile: &Profile,
    read: DoctorRead,
) -> GraphRequest {
    match read {
        DoctorRead::DebugToken => client.describe_debug_token(),
        DoctorRead::Waba => client.describe_waba(&profile.waba_id, token_check::WABA_FIELDS),
        DoctorRead::PhoneNumbers => client.describe_phone_numbers(&profile.waba_id, NUMBERS_FIELDS),
        DoctorRead::PhoneNumber => client.describe_phone_number(
            &profile.phone_number_id,
            &phone_fields(&profile.api_version),
        ),
        DoctorRead::Templates => {
            client.describe_message_templates(&profile.waba_id, TEMPLATE_FIELDS)
        }
        DoctorRead::SubscribedApps => client.describe_subscribed_apps(&profile.waba_id),
        DoctorRead::AppSubscriptions => client.describe_app_subscriptions(&profile.app_id),
        DoctorRead::BusinessProfile => client.describe_business_profile(&profile.phone_number_id),
    }
}

pub(crate) fn now_rfc3339() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}

fn title(id: CheckId) -> &'static str {
    match id {
        CheckId::TokenValid => "Token valid",
        CheckId::TokenNeverExpires => "Token never expires",
        CheckId::TokenScopes => "System User token with both WhatsApp permissions",
        CheckId::TokenWabaAccess => "Token reaches this WABA",
        CheckId::PhoneInWaba => "Phone-number ID belongs to the WABA",
        CheckId::OwnershipVerified => "Ownership verified",
        CheckId::TwoStepPin => "Two-step verification PIN set",
        CheckId::Registered => "Registered and CONNECTED",
        CheckId::CanSend => "Health: can send messages",
        CheckId::DisplayNameApproved => "Display name approved",
        CheckId::BusinessProfileFilled => "Business profile filled in",
        CheckId::ApiVersion => "API version supported",
        CheckId::WabaSubscribed => "WABA subscribed to the app",
        CheckId::WebhookVerified => "Webhook callback verified",
        CheckId::MessagesField => "Webhook delivers the messages field",
        CheckId::StatusWebhook => "A status webhook received",
        CheckId::ApprovedTemplate => "At least one approved template",
        CheckId::TemplateProblems => "No rejected or paused template",
        CheckId::Quality => "Quality rating and messaging limit",
        CheckId::RecentThrottling => "Recent throttling",
        CheckId::TestMessage => "A test message delivered",
    }
}

struct Judge<'a> {
    profile: &'a Profile,
    inputs: &'a Inputs,
    checks: Vec<Check>,
}

impl Judge<'_> {
    fn state_of(&self, id: CheckId) -> Option<CheckState> {
        self.checks.iter().find(|c| c.id == id).map(|c| c.state)
    }

    /// The first of `prerequisites` that did not pass (or warn), if any.
    fn blocked_by(&self, prerequisites: &[CheckId]) -> Option<CheckId> {
        prerequisites
            .iter()
            .copied()
            .find(|p| !matches!(self.state_of(*p), Some(CheckState::Pass | CheckState::Warn)))
    }

    fn evidence(&self, source: String, answer: impl Into<String>) -> Evidence {
        Evidence {
            source,
            answer: answer.into(),
            at: self.inputs.at.clone(),
        }
    }

    /// The reads; they exist whenever the token check passed, which every caller requires.
    fn reads(&self) -> Result<&Reads, Verdict> {
        self.inputs.reads.as_ref().ok_or_else(|| {
            (
                CheckState::Fail,
                "No Graph answer to judge: the token could not be used.".into(),
                Vec::new(),
                None,
                None,
            )
        })
    }

    fn call(&self, path: &str) -> String {
        format!("GET /{}/{path}", self.profile.api_version)
    }

    /// The reads of check `id` that [`gather`] sent: none without a token to read with, and the
    /// app's subscriptions only when the app secret was there to read them.
    fn sent_reads(&self, id: CheckId) -> Vec<DoctorRead> {
        let Some(reads) = &self.inputs.reads else {
            return Vec::new();
        };
        id.reads()
            .iter()
            .copied()
            .filter(|read| {
                *read != DoctorRead::AppSubscriptions || reads.app_subscriptions.is_some()
            })
            .collect()
    }

    fn push(
        &mut self,
        id: CheckId,
        state: CheckState,
        summary: impl Into<String>,
        evidence: Vec<Evidence>,
        fix: Option<String>,
        action: Option<FixAction>,
    ) {
        let reads = self.sent_reads(id);
        self.checks.push(Check {
            id,
            title: title(id).into(),
            state,
            summary: summary.into(),
            evidence,
            fix,
            action,
            skipped_because: None,
            links: Vec::new(),
            reads,
        });
    }

    fn skip(&mut self, id: CheckId, because: CheckId) {
        self.checks.push(Check {
            id,
            title: title(id).into(),
            state: CheckState::Skipped,
            summary: format!("Skipped: \"{}\" did not pass.", title(because)),
            evidence: Vec::new(),
            fix: None,
            action: None,
            skipped_because: Some(because),
            links: Vec::new(),
            reads: Vec::new(),
        });
    }

    /// Links check `id` to `links` when it was judged, not skipped.
    fn link(&mut self, id: CheckId, links: Vec<PageLink>) {
        if let Some(check) = self
            .checks
            .iter_mut()
            .find(|c| c.id == id && c.state != CheckState::Skipped)
        {
            check.links = links;
        }
    }

    /// Links check `id` to the Templates page of each read template whose status `keep` accepts.
    fn link_templates(&mut self, id: CheckId, keep: impl Fn(&TemplateStatus) -> bool) {
        let Some(Ok(templates)) = self.inputs.reads.as_ref().map(|r| &r.templates) else {
            return;
        };
        let links: Vec<PageLink> = templates
            .iter()
            .filter(|t| t.status.as_ref().is_some_and(&keep))
            .map(|t| PageLink {
                label: format!("{} ({})", t.name, t.language.as_deref().unwrap_or("?")),
                path: format!("/templates/{}", t.id),
            })
            .collect();
        self.link(id, links);
    }

    /// Links check `id` to the Business profile page, where its fields and name are edited.
    fn link_business_profile(&mut self, id: CheckId) {
        self.link(
            id,
            vec![PageLink {
                label: "Business profile".into(),
                path: BUSINESS_PROFILE_PAGE.into(),
            }],
        );
    }

    /// Runs `judge` unless a prerequisite failed; then records the check as skipped.
    fn judge(
        &mut self,
        id: CheckId,
        prerequisites: &[CheckId],
        judge: impl FnOnce(
            &Self,
        ) -> (
            CheckState,
            String,
            Vec<Evidence>,
            Option<String>,
            Option<FixAction>,
        ),
    ) {
        if let Some(blocker) = self.blocked_by(prerequisites) {
            return self.skip(id, blocker);
        }
        let (state, summary, evidence, fix, action) = judge(self);
        self.push(id, state, summary, evidence, fix, action);
    }
}

type Verdict = (
    CheckState,
    String,
    Vec<Evidence>,
    Option<String>,
    Option<FixAction>,
);

fn graph_failure(error: &GraphError) -> Verdict {
    let e = CommandError::from(error.clone());
    (
        CheckState::Fail,
        format!("The read failed: {}", e.message),
        Vec::new(),
        e.action,
        None,
    )
}

/// Every check, in order of dependence.
pub(crate) fn judge(profile: &Profile, inputs: &Inputs, today: time::Date) -> Vec<Check> {
    let mut j = Judge {
        profile,
        inputs,
        checks: Vec::new(),
    };
    token_checks(&mut j);
    let token = &[CheckId::TokenValid][..];
    j.judge(CheckId::PhoneInWaba, token, phone_in_waba);
    let phone = &[CheckId::TokenValid, CheckId::PhoneInWaba][..];
    j.judge(CheckId::OwnershipVerified, phone, on_phone(ownership));
    j.judge(CheckId::TwoStepPin, phone, on_phone(two_step_pin));
    j.judge(CheckId::Registered, phone, on_phone(registered));
    j.judge(CheckId::CanSend, phone, on_phone(can_send));
    j.judge(CheckId::DisplayNameApproved, phone, on_phone(display_name));
    j.link_business_profile(CheckId::DisplayNameApproved);
    j.judge(
        CheckId::BusinessProfileFilled,
        phone,
        business_profile_filled,
    );
    j.link_business_profile(CheckId::BusinessProfileFilled);
    j.judge(CheckId::ApiVersion, &[], |j| api_version(j, today));
    j.judge(CheckId::WabaSubscribed, token, waba_subscribed);
    j.judge(CheckId::WebhookVerified, phone, on_phone(webhook_verified));
    j.judge(CheckId::MessagesField, token, messages_field);
    j.judge(CheckId::StatusWebhook, &[], status_webhook);
    j.judge(CheckId::ApprovedTemplate, token, approved_template);
    j.link_templates(CheckId::ApprovedTemplate, |s| {
        *s == TemplateStatus::Approved
    });
    j.judge(CheckId::TemplateProblems, token, template_problems);
    j.link_templates(CheckId::TemplateProblems, |s| {
        matches!(s, TemplateStatus::Rejected | TemplateStatus::Paused)
    });
    j.judge(CheckId::Quality, phone, on_phone(quality));
    j.judge(CheckId::RecentThrottling, &[], recent_throttling);
    j.judge(CheckId::TestMessage, &[], test_message);
    j.checks
}

fn token_checks(j: &mut Judge<'_>) {
    let replace = Some(FixAction::ReplaceToken);
    let debug = j.call("debug_token");
    let report = match &j.inputs.token {
        TokenState::Checked { report } => report.clone(),
        unusable => {
            let (summary, fix, action) = match unusable {
                TokenState::Unchecked { error } => (
                    format!("Could not check the token: {}", error.message),
                    error.action.clone(),
                    None,
                ),
                _ => (
                    "No token is stored for this profile.".to_owned(),
                    Some("Open the Token page and paste the System User token.".to_owned()),
                    replace,
                ),
            };
            j.push(
                CheckId::TokenValid,
                CheckState::Fail,
                summary,
                Vec::new(),
                fix,
                action,
            );
            for id in [
                CheckId::TokenNeverExpires,
                CheckId::TokenScopes,
                CheckId::TokenWabaAccess,
            ] {
                j.skip(id, CheckId::TokenValid);
            }
            return;
        }
    };
    let first = |topics: &[Topic]| {
        report
            .findings
            .iter()
            .find(|f| topics.contains(&f.topic))
            .cloned()
    };
    if let Some(f) = first(&[Topic::Validity]) {
        let said = report
            .rejection
            .as_ref()
            .and_then(|r| r.graph())
            .map(|g| g.graph_message.clone())
            .unwrap_or_else(|| "is_valid: false".into());
        j.push(
            CheckId::TokenValid,
            CheckState::Fail,
            f.title,
            vec![j.evidence(debug.clone(), said)],
            Some(f.fix),
            replace,
        );
    } else {
        j.push(
            CheckId::TokenValid,
            CheckState::Pass,
            "Meta accepts the token.",
            vec![j.evidence(debug.clone(), "is_valid: true")],
            None,
            None,
        );
    }
    let needs = &[CheckId::TokenValid][..];
    j.judge(CheckId::TokenNeverExpires, needs, |j| {
        let ev = vec![j.evidence(
            debug.clone(),
            report.expires_at.clone().map_or_else(
                || "expires_at: 0 (never)".into(),
                |e| format!("expires_at: {e}"),
            ),
        )];
        match first(&[Topic::Expiry]) {
            Some(f) => (CheckState::Warn, f.title, ev, Some(f.fix), replace),
            None => (
                CheckState::Pass,
                "The token never expires.".into(),
                ev,
                None,
                None,
            ),
        }
    });
    j.judge(CheckId::TokenScopes, needs, |j| {
        let ev = vec![j.evidence(
            debug.clone(),
            format!(
                "type: {}, scopes: {}",
                report.token_type.graph_name(),
                report.scopes.join(", ")
            ),
        )];
        let fails: Vec<_> = report
            .findings
            .iter()
            .filter(|f| {
                f.severity == Severity::Fail && matches!(f.topic, Topic::Kind | Topic::Scopes)
            })
            .collect();
        match fails.first() {
            Some(f) => (
                CheckState::Fail,
                fails
                    .iter()
                    .map(|f| f.title.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                ev,
                Some(f.fix.clone()),
                replace,
            ),
            None => (
                CheckState::Pass,
                "A System User token with both WhatsApp permissions.".into(),
                ev,
                None,
                None,
            ),
        }
    });
    j.judge(CheckId::TokenWabaAccess, needs, |j| {
        let mut ev = vec![j.evidence(
            debug.clone(),
            match &report.waba_access {
                WabaAccess::Granted => format!("granular_scopes list {}", j.profile.waba_id),
                WabaAccess::Unrestricted => "granular_scopes not restricted to assets".into(),
                WabaAccess::NotGranted { granted_ids } => {
                    format!("granular_scopes list only {}", granted_ids.join(", "))
                }
                WabaAccess::Unknown => "no WhatsApp grant".into(),
            },
        )];
        if let Some(name) = &report.waba_name {
            ev.push(j.evidence(j.call(&j.profile.waba_id), format!("name: {name}")));
        }
        if let Some(f) = first(&[Topic::WabaAccess, Topic::App]) {
            return (CheckState::Fail, f.title, ev, Some(f.fix), replace);
        }
        match &report.waba_read_error {
            Some(e) => (
                CheckState::Fail,
                format!(
                    "The token could not read WABA {}: {}",
                    j.profile.waba_id, e.message
                ),
                ev,
                e.action.clone(),
                Some(FixAction::CheckIds),
            ),
            None => (
                CheckState::Pass,
                format!("The token reads WABA {}.", j.profile.waba_id),
                ev,
                None,
                None,
            ),
        }
    });
}

fn phone_in_waba(j: &Judge<'_>) -> Verdict {
    let numbers = match j.reads().map(|r| &r.numbers) {
        Ok(Ok(n)) => n,
        Ok(Err(e)) => return graph_failure(e),
        Err(v) => return v,
    };
    let id = &j.profile.phone_number_id;
    let listed: Vec<String> = numbers
        .iter()
        .map(|n| {
            format!(
                "{} ({})",
                n.id,
                n.display_phone_number.as_deref().unwrap_or("?")
            )
        })
        .collect();
    let ev = vec![j.evidence(
        j.call(&format!("{}/phone_numbers", j.profile.waba_id)),
        listed.join(", "),
    )];
    match numbers.iter().find(|n| &n.id == id) {
        Some(n) => (
            CheckState::Pass,
            format!(
                "{id} is {} in this WABA.",
                n.display_phone_number.as_deref().unwrap_or("a number")
            ),
            ev,
            None,
            None,
        ),
        None => {
            // The read of the ID itself says what it is: a WABA names its node type in the
            // "nonexisting field" error, an invisible ID answers 100/33.
            let what = match j.reads().map(|r| &r.phone) {
                _ if id == &j.profile.waba_id => "is the WABA's own ID, not a phone-number ID",
                Ok(Err(GraphError::Api(g))) if g.graph_message.contains("(WhatsAppBusinessAccount)") => {
                    "is a WABA ID, not a phone-number ID"
                }
                Ok(Err(GraphError::Api(g))) if g.subcode == Some(33) => {
                    "is not visible to this token: no such object, or it belongs to a WABA the system user was not given"
                }
                Ok(Ok(_)) => "is a phone number of another WABA",
                _ => "is not one of this WABA's numbers",
            };
            (CheckState::Fail, format!("{id} {what}. The WABA has: {}.", listed.join(", ")), ev, Some("Correct the profile's phone-number ID: pick one of the WABA's numbers listed above.".into()), Some(FixAction::CheckIds))
        }
    }
}

/// The profile's number as read, or the failure as a verdict.
fn phone<'a>(j: &'a Judge<'_>) -> Result<&'a PhoneNumber, Verdict> {
    j.reads()?.phone.as_ref().map_err(graph_failure)
}

/// Adapts a check of the profile's number: it runs on the number as read, or reports the read's failure.
fn on_phone(check: fn(&Judge<'_>, &PhoneNumber) -> Verdict) -> impl FnOnce(&Judge<'_>) -> Verdict {
    move |j| match phone(j) {
        Ok(p) => check(j, p),
        Err(v) => v,
    }
}

fn phone_call(j: &Judge<'_>, field: &str) -> String {
    j.call(&format!("{}?fields={field}", j.profile.phone_number_id))
}

/// Meta's value as the evidence shows it, or `absent`.
fn shown<T: GraphState>(value: Option<&T>) -> &str {
    value.map_or("absent", GraphState::as_graph)
}

/// "VERIFIED: <its meaning>", the words the health panel shows for the value too; `absent` when
/// Meta did not send it.
fn said<T: GraphState>(value: Option<&T>, absent: &str) -> String {
    match value {
        Some(v) => format!("{}: {}", v.as_graph(), v.meaning()),
        None => absent.to_owned(),
    }
}

fn ownership(j: &Judge<'_>, p: &PhoneNumber) -> Verdict {
    let status = p.code_verification_status.as_ref();
    let ev = vec![j.evidence(phone_call(j, "code_verification_status"), shown(status))];
    match status {
        Some(OwnershipStatus::Verified) => (CheckState::Pass, said(status, ""), ev, None, None),
        _ => (CheckState::Fail, said(status, "Meta did not return code_verification_status; only a VERIFIED number can be registered."), ev, Some("Request a code by SMS or voice (POST /{phone-number-id}/request_code) and enter it (verify_code). A verification lasts 14 days.".into()), Some(FixAction::VerifyOwnership)),
    }
}

fn two_step_pin(j: &Judge<'_>, p: &PhoneNumber) -> Verdict {
    let ev = vec![j.evidence(
        phone_call(j, "is_pin_enabled"),
        format!("{:?}", p.is_pin_enabled),
    )];
    match p.is_pin_enabled {
        Some(true) => (CheckState::Pass, "A two-step verification PIN is set.".into(), ev, None, None),
        _ => (CheckState::Fail, "No two-step verification PIN is set.".into(), ev, Some("Set a six-digit PIN with POST /{phone-number-id} {\"pin\": \"NNNNNN\"} (the seed's /two_step_verification path does not exist); registering also sets it.".into()), Some(FixAction::SetPin)),
    }
}

fn registered(j: &Judge<'_>, p: &PhoneNumber) -> Verdict {
    let (status, platform) = (p.status.as_ref(), p.platform_type.as_ref());
    let ev = vec![j.evidence(
        phone_call(j, "status,platform_type"),
        format!(
            "status: {}, platform_type: {}",
            shown(status),
            shown(platform)
        ),
    )];
    // The value that stands in the way: the status, or the platform of a CONNECTED number.
    let what = match status {
        Some(NumberStatus::Connected) => said(platform, "Meta did not return platform_type."),
        _ => said(status, "Meta did not return the number's status."),
    };
    match (status, platform) {
        (Some(NumberStatus::Connected), Some(PlatformType::CloudApi)) => (CheckState::Pass, said(status, ""), ev, None, None),
        (Some(NumberStatus::Pending), _) | (_, Some(PlatformType::NotApplicable)) => (CheckState::Fail, format!("Not registered. {what} \"REGISTERED\" is not a status Graph uses; CONNECTED is the goal."), ev, Some("Register the number: POST /{phone-number-id}/register with messaging_product and the PIN. Meta allows 10 register calls per 72 h.".into()), Some(FixAction::RegisterNumber)),
        _ => (CheckState::Fail, format!("{what} The number cannot send or receive until it is CONNECTED on the Cloud API."), ev, Some("Open WhatsApp Manager to see why (a restriction or ban), follow its instructions, then re-check.".into()), Some(FixAction::OpenWhatsAppManager)),
    }
}

fn can_send(j: &Judge<'_>, p: &PhoneNumber) -> Verdict {
    let Some(health) = &p.health_status else {
        return (
            CheckState::Warn,
            "Meta did not return health_status for this number.".into(),
            Vec::new(),
            None,
            None,
        );
    };
    let overall = health.can_send_message.as_ref();
    let mut ev = vec![j.evidence(
        phone_call(j, "health_status"),
        format!("can_send_message: {}", shown(overall)),
    )];
    let mut solutions = Vec::new();
    for entity in &health.entities {
        // A LIMITED entity says why in additional_info (it has no errors).
        for info in &entity.additional_info {
            ev.push(j.evidence(
                phone_call(j, "health_status"),
                format!(
                    "{} {} (LIMITED): {info}",
                    entity.entity_type.as_ref().map_or("?", GraphState::as_graph),
                    entity.id.as_deref().unwrap_or(""),
                ),
            ));
        }
        for e in &entity.errors {
            ev.push(j.evidence(
                phone_call(j, "health_status"),
                format!(
                    "{} {}: {} ({})",
                    entity.entity_type.as_ref().map_or("?", GraphState::as_graph),
                    entity.id.as_deref().unwrap_or(""),
                    e.error_description.as_deref().unwrap_or("?"),
                    e.error_code.map(|c| c.to_string()).unwrap_or_default()
                ),
            ));
            solutions.extend(e.possible_solution.clone());
        }
    }
    let fix = (!solutions.is_empty()).then(|| solutions.join(" "));
    match overall {
        Some(HealthAvailability::Available) => (
            CheckState::Pass,
            format!("can_send_message {}", said(overall, "")),
            ev,
            None,
            None,
        ),
        Some(HealthAvailability::Limited) => (
            CheckState::Warn,
            format!("can_send_message {}", said(overall, "")),
            ev,
            fix,
            None,
        ),
        _ => (
            CheckState::Fail,
            format!(
                "Meta reports the number cannot send messages: can_send_message {}",
                said(overall, "absent.")
            ),
            ev,
            fix,
            Some(FixAction::RegisterNumber)
                .filter(|_| p.platform_type == Some(PlatformType::NotApplicable)),
        ),
    }
}

/// The current name decides: approved passes; waiting for Meta's review (or a status the console
/// does not know) warns; declined, expired or never submitted fails, as only a new request ends
/// LIMITED. A requested change is in the summary and the evidence.
fn display_name(j: &Judge<'_>, p: &PhoneNumber) -> Verdict {
    let mut answer = format!(
        "verified_name: {}, name_status: {}",
        p.verified_name.as_deref().unwrap_or("absent"),
        shown(p.name_status.as_ref())
    );
    if let Some(new) = &p.new_display_name {
        answer.push_str(&format!(
            ", new_display_name: {new}, new_name_status: {}",
            shown(p.new_name_status.as_ref())
        ));
    }
    let ev = vec![j.evidence(
        phone_call(
            j,
            "verified_name,name_status,new_display_name,new_name_status",
        ),
        answer,
    )];
    let name = DisplayName::explain(
        p.verified_name.clone(),
        p.name_status.clone(),
        p.new_display_name.clone(),
        p.new_name_status.clone(),
        &j.profile.waba_id,
    );
    if name.approved {
        return (CheckState::Pass, name.summary, ev, None, None);
    }
    let summary = format!("{} {LIMITED_BY_NAME}", name.summary);
    let action = Some(FixAction::OpenBusinessProfile);
    match &p.name_status {
        Some(NameStatus::Declined | NameStatus::Expired | NameStatus::NoName) | None => (
            CheckState::Fail,
            summary,
            ev,
            Some(format!("Request a display name that follows Meta's guidelines on the Business profile page (at most {MAX_NAME_CHANGES_PER_30_DAYS} requests per 30 days), or in WhatsApp Manager: {}", name.manager_url)),
            action,
        ),
        _ => (
            CheckState::Warn,
            summary,
            ev,
            Some("Meta decides the review: nothing to change meanwhile. The Business profile page shows the name's status; the decision also arrives as a phone_number_name_update webhook.".into()),
            action,
        ),
    }
}

/// What customers see when they open the business from a chat: without an about text, a photo
/// and an email it looks unfinished, which is a warning, never a failure (sending is unaffected).
fn business_profile_filled(j: &Judge<'_>) -> Verdict {
    let profile = match j.reads().map(|r| &r.business_profile) {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => return graph_failure(e),
        Err(v) => return v,
    };
    // A value of only spaces shows nothing, so it counts as missing.
    let present = |value: &Option<String>| -> Option<String> {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let fields = [
        ("about", "an about text", &profile.about),
        (
            "profile_picture_url",
            "a profile photo",
            &profile.profile_picture_url,
        ),
        ("email", "an email", &profile.email),
    ];
    let ev = vec![j.evidence(
        j.call(&format!(
            "{}/whatsapp_business_profile",
            j.profile.phone_number_id
        )),
        fields
            .iter()
            .map(|(field, _, value)| {
                let said = match present(value) {
                    None => "absent".to_owned(),
                    // The photo's address is a long signed CDN URL: that it is there is the answer.
                    Some(_) if *field == "profile_picture_url" => "set".to_owned(),
                    Some(v) => format!("\"{v}\""),
                };
                format!("{field}: {said}")
            })
            .collect::<Vec<_>>()
            .join(", "),
    )];
    let missing: Vec<&str> = fields
        .iter()
        .filter(|(_, _, value)| present(value).is_none())
        .map(|(_, words, _)| *words)
        .collect();
    if missing.is_empty() {
        return (
            CheckState::Pass,
            "The business profile has an about text, a profile photo and an email.".into(),
            ev,
            None,
            None,
        );
    }
    (
        CheckState::Warn,
        format!(
            "The business profile is missing {}: customers who open the business from a chat see an unfinished profile. Sending is not affected.",
            join_words(&missing)
        ),
        ev,
        Some(format!(
            "Add {} on the Business profile page (or POST /{{phone-number-id}}/whatsapp_business_profile).",
            join_words(&missing)
        )),
        Some(FixAction::OpenBusinessProfile),
    )
}

/// "a", "a and b", "a, b and c".
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn api_version(j: &Judge<'_>, today: time::Date) -> Verdict {
    let v = describe(&j.profile.api_version, today);
    let until = v
        .available_until
        .clone()
        .unwrap_or_else(|| "not announced".into());
    let ev = vec![j.evidence(
        "built-in version table (Meta's changelog)".into(),
        format!("{}: available until {until}", v.name),
    )];
    let switch = Some(format!(
        "Switch the profile to {} (run the doctor against it first).",
        waba_core::versions::DEFAULT_API_VERSION
    ));
    match v.status {
        VersionStatus::Current => (CheckState::Pass, format!("{} is served until {until}.", v.name), ev, None, None),
        VersionStatus::ExpiringSoon => (CheckState::Warn, format!("{} stops being served on {until}.", v.name), ev, switch, None),
        VersionStatus::Expired => (CheckState::Fail, format!("{} expired on {until}; Meta serves the oldest live version instead, which can change behaviour.", v.name), ev, switch, None),
        VersionStatus::Newer => (CheckState::Pass, format!("{} is newer than this console knows (its version table was last updated on {}); Meta's changelog has its end date.", v.name, waba_core::versions::table_updated()), ev, None, None),
        VersionStatus::Unknown => (CheckState::Warn, format!("{} is not in the console's table (older than every version it lists, or mistyped).", v.name), ev, switch, None),
    }
}

fn waba_subscribed(j: &Judge<'_>) -> Verdict {
    let apps = match j.reads().map(|r| &r.subscribed) {
        Ok(Ok(a)) => a,
        Ok(Err(e)) => return graph_failure(e),
        Err(v) => return v,
    };
    let listed: Vec<String> = apps
        .iter()
        .filter_map(|a| a.whatsapp_business_api_data.as_ref())
        .map(|d| format!("{} ({})", d.name.as_deref().unwrap_or("?"), d.id))
        .collect();
    let ev = vec![j.evidence(
        j.call(&format!("{}/subscribed_apps", j.profile.waba_id)),
        if listed.is_empty() {
            "data: []".into()
        } else {
            listed.join(", ")
        },
    )];
    let ours = apps.iter().find(|a| {
        a.whatsapp_business_api_data
            .as_ref()
            .is_some_and(|d| d.id == j.profile.app_id)
    });
    match ours {
        Some(app) => {
            let route = app.override_callback_uri.as_deref().map(|u| format!(" Its override callback {u} replaces the app's callback for this WABA.")).unwrap_or_default();
            (CheckState::Pass, format!("The WABA is subscribed to app {}.{route}", j.profile.app_id), ev, None, None)
        }
        None => (CheckState::Fail, format!("App {} is not subscribed to the WABA, so its webhooks never arrive.", j.profile.app_id), ev, Some("Subscribe the app: POST /{waba-id}/subscribed_apps (before setting any override_callback_uri).".into()), Some(FixAction::SubscribeWaba)),
    }
}

fn webhook_verified(j: &Judge<'_>, p: &PhoneNumber) -> Verdict {
    let config = p.webhook_configuration.clone().unwrap_or_default();
    let levels = [
        ("phone number", &config.phone_number),
        ("WABA", &config.whatsapp_business_account),
        ("app", &config.application),
    ];
    let set: Vec<String> = levels
        .iter()
        .filter_map(|(l, u)| u.as_ref().map(|u| format!("{l}: {u}")))
        .collect();
    let mut ev = vec![j.evidence(
        phone_call(j, "webhook_configuration"),
        if set.is_empty() {
            "none".into()
        } else {
            set.join(", ")
        },
    )];
    let probe = j.inputs.last_probe.as_ref();
    if let Some(probe) = probe {
        ev.push(Evidence {
            source: format!("The console's probe of {}", probe.callback_url),
            answer: probe.summary.clone(),
            at: probe.checked_at.clone(),
        });
    }
    let winner = levels
        .iter()
        .find_map(|(level, url)| url.as_ref().map(|u| (level, u)));
    let probe_fix = || {
        Some("Fix what the probe names on the Webhooks page, then probe the URL again.".to_owned())
    };
    match (winner, probe) {
        (Some((_, url)), Some(probe)) if same_url(&probe.callback_url, url) && !probe.passed => (CheckState::Warn, format!("Webhooks for this number go to {url}, which Meta verified when it was saved, but the console's last probe of it failed: {}", probe.summary), ev, probe_fix(), Some(FixAction::ConfigureWebhook)),
        (Some((level, url)), _) => (CheckState::Pass, format!("Webhooks for this number go to {url} (the {level} callback wins: phone number over WABA over app). Meta saved it only after its verification challenge succeeded."), ev, None, None),
        (None, Some(probe)) if probe.passed => (CheckState::Pass, format!("{} answered the probe as Meta requires (challenge, signatures). No callback is set at Meta yet: set it as the app's callback or an override on the Webhooks page.", probe.callback_url), ev, None, Some(FixAction::ConfigureWebhook)),
        (None, _) => (CheckState::Fail, "No webhook callback URL is set for this number, its WABA or the app, and no probe of one passed.".into(), ev, Some("On the Webhooks page, probe your HTTPS callback URL with its verify token, then set it as the app's callback (or in App Dashboard > WhatsApp > Configuration); Meta saves it once your endpoint answers the hub.challenge.".into()), Some(FixAction::ConfigureWebhook)),
    }
}

/// Whether two callback URLs are the same address however they are spelled (the probe keeps the
/// parsed form: a lowercased host, a `/` path), so Meta's saved URL meets the probed one.
fn same_url(a: &str, b: &str) -> bool {
    match (url::Url::parse(a.trim()), url::Url::parse(b.trim())) {
        (Ok(a), Ok(b)) => a == b,
        _ => a.trim() == b.trim(),
    }
}

/// Without the `messages` field no inbound message and no delivery status arrives, whatever the
/// callback: the seed's "most common silent failure" after an unsubscribed WABA.
fn messages_field(j: &Judge<'_>) -> Verdict {
    let subscriptions = match j.reads().map(|r| &r.app_subscriptions) {
        Ok(Some(Ok(s))) => s,
        Ok(Some(Err(e))) => {
            let e = crate::app_secret::app_token_error(e.clone());
            return (
                CheckState::Fail,
                format!("The app's webhook fields could not be read: {}", e.message),
                Vec::new(),
                e.action,
                Some(FixAction::ConfigureWebhook),
            );
        }
        Ok(None) => {
            return (
                CheckState::NotChecked,
                "No app secret is stored, so the app's webhook fields cannot be read (they need the app access token).".into(),
                Vec::new(),
                Some("Store the app secret on the Webhooks page (App Dashboard > App settings > Basic > App secret).".into()),
                Some(FixAction::ConfigureWebhook),
            )
        }
        Err(v) => return v,
    };
    let config = crate::subscriptions::app_webhook_config(&j.profile.app_id, subscriptions.clone());
    let fields: Vec<&str> = config.fields.iter().map(|f| f.name.as_str()).collect();
    let ev = vec![j.evidence(
        j.call(&format!("{}/subscriptions", j.profile.app_id)),
        match &config.callback_url {
            Some(url) => format!(
                "{} → {url}, fields: {}",
                crate::subscriptions::WEBHOOK_OBJECT,
                if fields.is_empty() {
                    "none".into()
                } else {
                    fields.join(", ")
                }
            ),
            None => format!("no {} subscription", crate::subscriptions::WEBHOOK_OBJECT),
        },
    )];
    let fix = Some("Add the messages field to the app's webhook on the Webhooks page (or: waba webhook config --callback URL --verify-token T --field messages).".to_owned());
    if config.callback_url.is_none() {
        (
            CheckState::Fail,
            format!(
                "App {} has no WhatsApp webhook callback, so no webhook is delivered at all.",
                j.profile.app_id
            ),
            ev,
            fix,
            Some(FixAction::ConfigureWebhook),
        )
    } else if !fields.contains(&crate::subscriptions::MESSAGES_FIELD) {
        (CheckState::Fail, "The app's webhook does not deliver the messages field: no inbound message and no delivery status (sent, delivered, read, failed) will arrive.".into(), ev, fix, Some(FixAction::ConfigureWebhook))
    } else if !config.active {
        (
            CheckState::Warn,
            "The app's webhook lists the messages field but its subscription is not active.".into(),
            ev,
            fix,
            Some(FixAction::ConfigureWebhook),
        )
    } else {
        (
            CheckState::Pass,
            format!(
                "The app's webhook delivers messages (and {} other field{}).",
                fields.len() - 1,
                if fields.len() == 2 { "" } else { "s" }
            ),
            ev,
            None,
            None,
        )
    }
}

/// Local: the newest status webhook the console's receiver stored for this WABA.
fn status_webhook(j: &Judge<'_>) -> Verdict {
    let Some(last) = &j.inputs.last_status else {
        return (
            CheckState::NotChecked,
            "No status webhook has reached the console's receiver yet. If your webhooks go to your own server, check its log; to receive them here, run the receiver on the Webhooks page and point a callback at it.".into(),
            Vec::new(),
            Some("Start the local receiver on the Webhooks page, route a callback to it (a tunnel for Meta), then send a message or the test event.".into()),
            Some(FixAction::ConfigureWebhook),
        );
    };
    let ev = vec![Evidence {
        source: "Webhook events stored by the console's receiver".into(),
        answer: format!("{}: {}", last.kind, last.summary),
        at: last.received_at.clone(),
    }];
    let summary = if last.console_test {
        "The receiver stored a correctly signed status webhook: one of the console's own (its test event or a probe). Signature checks and storage work; Meta's statuses arrive here once a callback routes them to the receiver and a message is sent.".to_owned()
    } else {
        format!(
            "A status webhook from Meta reached the receiver and was stored ({}).",
            last.kind
        )
    };
    (CheckState::Pass, summary, ev, None, None)
}

/// Local: the newest message sent from the console that reached a phone.
fn test_message(j: &Judge<'_>) -> Verdict {
    let sends = &j.inputs.sends;
    match &sends.newest_delivered {
        Some((recipient, status, at)) => (
            CheckState::Pass,
            format!("A message sent from the console to {recipient} was {status}: the number delivers messages."),
            vec![Evidence {
                source: "Message log".into(),
                answer: format!("{recipient}: {status}"),
                at: at.clone(),
            }],
            None,
            None,
        ),
        None if sends.stale > 0 => (
            CheckState::Warn,
            format!("{} message(s) sent from the console were accepted by Meta but no status came after {} minutes. Meta sends \"sent\" within seconds, or \"failed\" (131047 outside the 24-hour window, 131026 not on WhatsApp), so the status webhooks most likely do not reach the console.", sends.stale, waba_core::send::STALE_AFTER_MINUTES),
            Vec::new(),
            Some("On the Webhooks page, start the receiver and route the number's webhooks to it; then send an approved template.".into()),
            Some(FixAction::ConfigureWebhook),
        ),
        None => (
            CheckState::NotChecked,
            "No message sent from the console has been delivered yet (statuses arrive by webhook).".into(),
            Vec::new(),
            Some("Send a template to a test recipient from the Send page, with the receiver running on the Webhooks page.".into()),
            None,
        ),
    }
}

fn approved_template(j: &Judge<'_>) -> Verdict {
    let templates = match j.reads().map(|r| &r.templates) {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => return graph_failure(e),
        Err(v) => return v,
    };
    let listed: Vec<String> = templates
        .iter()
        .map(|t| {
            format!(
                "{} ({}, {})",
                t.name,
                t.language.as_deref().unwrap_or("?"),
                t.status.as_ref().map_or("?", GraphState::as_graph)
            )
        })
        .collect();
    let ev = vec![j.evidence(
        j.call(&format!("{}/message_templates", j.profile.waba_id)),
        if listed.is_empty() {
            "data: []".into()
        } else {
            listed.join(", ")
        },
    )];
    let approved: Vec<String> = templates
        .iter()
        .filter(|t| t.status == Some(TemplateStatus::Approved))
        .map(|t| format!("{} ({})", t.name, t.language.as_deref().unwrap_or("?")))
        .collect();
    if approved.is_empty() {
        (CheckState::Fail, "No template is APPROVED, so the number cannot start a conversation.".into(), ev, Some("Create a template (a UTILITY one is approved fastest) and wait for Meta's review; the first message to any user must be a template.".into()), None)
    } else {
        let mut ev = ev;
        ev.insert(
            0,
            j.evidence(
                j.call(&format!("{}/message_templates", j.profile.waba_id)),
                format!("approved: {}", approved.join(", ")),
            ),
        );
        (
            CheckState::Pass,
            format!(
                "{} approved, for first contact: {}.",
                approved.len(),
                approved.join(", ")
            ),
            ev,
            None,
            None,
        )
    }
}

/// A REJECTED or PAUSED template is a warning. The console keeps no send log yet, so it cannot
/// tell whether one was used recently: it warns on any, and says so.
fn template_problems(j: &Judge<'_>) -> Verdict {
    let templates = match j.reads().map(|r| &r.templates) {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => return graph_failure(e),
        Err(v) => return v,
    };
    let problems: Vec<String> = templates
        .iter()
        .filter(|t| {
            matches!(
                t.status,
                Some(TemplateStatus::Rejected | TemplateStatus::Paused)
            )
        })
        .map(|t| {
            let mut said = format!(
                "{} ({}, {}",
                t.name,
                t.language.as_deref().unwrap_or("?"),
                t.status.as_ref().map_or("?", GraphState::as_graph)
            );
            if let Some(r) = waba_core::templates::explain_rejection(t.rejected_reason.as_deref()) {
                said.push_str(&format!(": {}", r.reason.as_graph()));
            }
            said.push(')');
            said
        })
        .collect();
    let ev = vec![j.evidence(
        j.call(&format!("{}/message_templates", j.profile.waba_id)),
        if problems.is_empty() {
            "no REJECTED or PAUSED template".into()
        } else {
            problems.join(", ")
        },
    )];
    if problems.is_empty() {
        (
            CheckState::Pass,
            "No template is REJECTED or PAUSED.".into(),
            ev,
            None,
            None,
        )
    } else {
        (
            CheckState::Warn,
            format!(
                "{} template(s) cannot be sent: {}. The console keeps no send log yet, so it cannot tell whether your systems still use them; a send with one fails.",
                problems.len(),
                problems.join(", ")
            ),
            ev,
            Some("Open the Templates page (waba templates list --status REJECTED): edit a rejected template as its reason explains and submit it again, and improve or replace a paused one; stop sending them meanwhile.".into()),
            None,
        )
    }
}

/// Since 7 Oct 2025 a low rating neither flags the number nor lowers its limit, so even RED is a
/// warning (the number still sends); the verdict is the rating's tone.
fn quality(j: &Judge<'_>, p: &PhoneNumber) -> Verdict {
    let limit_field = messaging_limit_field(&j.profile.api_version);
    let limit = messaging_limit(p).map(|(limit, _)| limit);
    let ev = vec![j.evidence(
        phone_call(j, &format!("quality_rating,{limit_field}")),
        format!(
            "quality_rating: {}, {limit_field}: {}",
            shown(p.quality_rating.as_ref()),
            shown(limit)
        ),
    )];
    let limit_said = format!("Messaging limit {}", said(limit, "not returned by Meta."));
    let Some(rating) = &p.quality_rating else {
        return (
            CheckState::Warn,
            format!("Meta did not return a quality rating. {limit_said}"),
            ev,
            None,
            None,
        );
    };
    let info = waba_core::quality::rating_info(rating);
    let summary = format!("Quality {} {limit_said}", said(Some(rating), ""));
    match rating.tone() {
        Tone::Pass | Tone::Neutral => (CheckState::Pass, summary, ev, None, None),
        Tone::Warn => (CheckState::Warn, summary, ev, Some(info.recovery), None),
        Tone::Fail => (CheckState::Fail, summary, ev, Some(info.recovery), None),
    }
}

const NO_SENDS: &str = "No sends in the last hour: throttling (130429, 131056) shows in the answers to messages sent, so there is nothing to count.";

/// The Graph codes that say a send was throttled (facts §2.3, §13); 131048 is a spam-rate
/// restriction, not a pace, and is diagnosed as such in the log.
pub(crate) const THROTTLE_CODES: &[i64] = &[130429, 131056, 4, 80007];

/// Two sources: the message log (sends of the last hour that Meta throttled: a rate-limit answer
/// or a retry) and the management-call budget Meta reports in `X-Business-Use-Case-Usage` on the
/// doctor's own reads (warns from 75 %, fails when throttled). The worse one decides.
fn recent_throttling(j: &Judge<'_>) -> Verdict {
    let sends = &j.inputs.sends;
    let log_ev = Evidence {
        source: "Message log (sends of the last hour)".into(),
        answer: format!(
            "{} sent, {} throttled",
            sends.last_hour, sends.throttled_last_hour
        ),
        at: j.inputs.at.clone(),
    };
    let (log_state, log_sentence) = match (sends.last_hour, sends.throttled_last_hour) {
        (0, _) => (CheckState::NotChecked, NO_SENDS.to_owned()),
        (sent, 0) => (
            CheckState::Pass,
            format!("None of the {sent} sends of the last hour was throttled."),
        ),
        (sent, throttled) => (
            CheckState::Warn,
            format!("{throttled} of the {sent} sends of the last hour met a rate limit or Meta's transient trouble and were retried after a backoff (or refused): if they were 130429 or 131056, lower the pace on the Send page or spread sends to one recipient (about one per 6 s); the Messages page shows each one's answer."),
        ),
    };
    let usage = j.inputs.reads.as_ref().and_then(|r| r.usage.as_deref());
    let Some((state, sentence, answer)) = usage.and_then(|u| call_budget(u, &j.profile.waba_id))
    else {
        let ev = if sends.last_hour > 0 {
            vec![log_ev]
        } else {
            Vec::new()
        };
        return (log_state, log_sentence, ev, None, None);
    };
    let ev = vec![
        j.evidence(
            "X-Business-Use-Case-Usage (response header of the doctor's reads)".into(),
            answer,
        ),
        log_ev,
    ];
    match state {
        CheckState::NotChecked => (log_state, format!("{log_sentence} {sentence}"), ev, None, None),
        _ => (
            state,
            format!("{sentence} {log_sentence}"),
            ev,
            Some("Read less often: stop other tools polling this WABA with the same app, and wait for the rolling hour to free calls (the limit is 200 an hour, 5,000 once a number is registered).".into()),
            Some(FixAction::WaitAndRetry),
        ),
    }
}

/// Judges the usage entries for `waba_id` (or, when none is keyed by it, all of them): the
/// state (`NotChecked` below 75 %, as the send part still has nothing to judge), a sentence, and
/// the evidence text.
fn call_budget(usage: &[UseCaseUsage], waba_id: &str) -> Option<(CheckState, String, String)> {
    let ours: Vec<&UseCaseUsage> = usage.iter().filter(|u| u.business_id == waba_id).collect();
    let entries: Vec<&UseCaseUsage> = if ours.is_empty() {
        usage.iter().collect()
    } else {
        ours
    };
    let worst = entries.iter().max_by_key(|u| u.highest_percent())?;
    let answer = entries
        .iter()
        .map(|u| {
            format!(
                "{}: type {}, call_count {} %, total_cputime {} %, total_time {} %, estimated_time_to_regain_access {} min",
                u.business_id,
                if u.kind.is_empty() { "?" } else { &u.kind },
                u.call_count,
                u.total_cputime,
                u.total_time,
                u.estimated_time_to_regain_access
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let percent = worst.highest_percent();
    let verdict = if percent >= 100 {
        (
            CheckState::Fail,
            format!(
                "Meta is throttling this WABA's calls: {percent} % of its hourly call limit is used; access returns in about {} min.",
                worst.estimated_time_to_regain_access
            ),
        )
    } else if percent >= 75 {
        (
            CheckState::Warn,
            format!("{percent} % of this WABA's hourly call limit is used; at 100 % Meta refuses calls (80007/80008/4)."),
        )
    } else {
        (
            CheckState::NotChecked,
            format!("Management calls: {percent} % of this WABA's hourly call limit is used."),
        )
    };
    Some((verdict.0, verdict.1, answer))
}

#[cfg(test)]
mod tests {
    #[test]
    fn callback_urls_compare_as_addresses() {
        assert!(super::same_url(
            "https://Hooks.Example.com",
            "https://hooks.example.com/"
        ));
        assert!(!super::same_url(
            "https://hooks.example.com/a",
            "https://hooks.example.com/b"
        ));
    }

    use super::*;

    fn usage(id: &str, call_count: u32, total_time: u32, regain: u32) -> UseCaseUsage {
        UseCaseUsage {
            business_id: id.into(),
            kind: "whatsapp".into(),
            call_count,
            total_cputime: 1,
            total_time,
            estimated_time_to_regain_access: regain,
        }
    }

    #[test]
    fn missing_fields_are_listed_as_a_sentence() {
        assert_eq!(join_words(&["an email"]), "an email");
        assert_eq!(
            join_words(&["an about text", "a profile photo", "an email"]),
            "an about text, a profile photo and an email"
        );
    }

    #[test]
    fn a_declined_or_missing_name_fails_and_a_name_in_review_warns() {
        let profile = Profile {
            id: "p1".into(),
            name: "Sandbox".into(),
            kind: waba_core::profile::ProfileKind::Sandbox,
            app_id: "634974688087057".into(),
            waba_id: "102290129340398".into(),
            phone_number_id: "106540352242922".into(),
            api_version: "v26.0".into(),
            base_url: None,
            scenario: None,
            created_at: "2026-12-01T00:00:00Z".into(),
        };
        let inputs = Inputs {
            token: TokenState::Missing,
            reads: None,
            graph_calls: 0,
            at: "2026-12-01T00:00:00Z".into(),
            last_status: None,
            last_probe: None,
            sends: SendFacts::default(),
        };
        let j = Judge {
            profile: &profile,
            inputs: &inputs,
            checks: Vec::new(),
        };
        let verdict = |status: Option<NameStatus>| {
            display_name(
                &j,
                &PhoneNumber {
                    verified_name: Some("Lucky Shrub".into()),
                    name_status: status,
                    ..PhoneNumber::default()
                },
            )
        };
        for status in [None, Some(NameStatus::Declined), Some(NameStatus::NoName)] {
            let (state, summary, _, fix, action) = verdict(status.clone());
            assert_eq!(state, CheckState::Fail, "{status:?}");
            assert!(summary.ends_with(LIMITED_BY_NAME), "{summary}");
            assert!(fix.unwrap().contains("Request a display name"));
            assert_eq!(action, Some(FixAction::OpenBusinessProfile));
        }
        let (state, _, evidence, fix, _) = verdict(Some(NameStatus::PendingReview));
        assert_eq!(state, CheckState::Warn);
        assert!(fix.unwrap().starts_with("Meta decides the review"));
        assert_eq!(
            evidence[0].answer,
            "verified_name: Lucky Shrub, name_status: PENDING_REVIEW"
        );
        let (state, _, _, fix, action) = verdict(Some(NameStatus::AvailableWithoutReview));
        assert_eq!((state, fix, action), (CheckState::Pass, None, None));
    }

    #[test]
    fn call_budget_shows_how_close_the_waba_is_to_its_limit() {
        let (state, sentence, answer) = call_budget(&[usage("1", 3, 2, 0)], "1").unwrap();
        assert_eq!(state, CheckState::NotChecked);
        assert!(sentence.contains("3 % of this WABA's hourly call limit"));
        assert!(answer.contains("1: type whatsapp, call_count 3 %"));
        let (state, sentence, _) = call_budget(&[usage("1", 10, 80, 0)], "1").unwrap();
        assert_eq!(state, CheckState::Warn);
        assert!(sentence.starts_with("80 %"));
        let (state, sentence, _) = call_budget(&[usage("1", 100, 40, 12)], "1").unwrap();
        assert_eq!(state, CheckState::Fail);
        assert!(sentence.contains("about 12 min"));
        // The profile's WABA wins over other keys; without it every entry counts.
        let mixed = [usage("other", 100, 100, 5), usage("1", 5, 5, 0)];
        assert_eq!(call_budget(&mixed, "1").unwrap().0, CheckState::NotChecked);
        assert_eq!(call_budget(&mixed, "2").unwrap().0, CheckState::Fail);
        assert!(call_budget(&[], "1").is_none());
    }
}
