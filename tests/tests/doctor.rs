//! The doctor against every sandbox scenario: the expected verdict of each check, with the real
//! keychain (scripts/with-test-keychain), SQLite and the sandbox over loopback.

use std::time::Duration;

use waba_core::app::{SetScenarioRequest, SetTokenRequest};
use waba_core::catalogue::FixAction;
use waba_core::checklist::{StepId, StepState};
use waba_core::doctor::{CheckId, CheckState, DoctorReport};
use waba_service::{Console, ConsoleConfig};
use waba_sim::SANDBOX_TOKEN;

use CheckId::*;
use CheckState::{Fail, NotChecked, Pass, Skipped, Warn};

async fn console_on(scenario: &str, with_token: bool) -> (Console, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let service = format!("waba-console-test-doctor-{scenario}-{}", std::process::id());
    let console = Console::open(ConsoleConfig::new(dir.path().to_path_buf(), service))
        .await
        .unwrap();
    let id = console.list_profiles().await.unwrap().profiles[0]
        .id
        .clone();
    console
        .set_sandbox_scenario(SetScenarioRequest {
            profile_id: id.clone(),
            scenario: scenario.into(),
        })
        .await
        .unwrap();
    if with_token {
        console
            .set_token(SetTokenRequest {
                profile_id: id.clone(),
                token: SANDBOX_TOKEN.into(),
                store_unverified: false,
            })
            .await
            .unwrap();
    }
    (console, id, dir)
}

fn states(report: &DoctorReport) -> Vec<(CheckId, CheckState)> {
    report.checks.iter().map(|c| (c.id, c.state)).collect()
}

fn expect(report: &DoctorReport, expected: &[(CheckId, CheckState)]) {
    assert_eq!(states(report), expected, "{}", report.to_markdown());
}

#[tokio::test]
async fn healthy_passes_every_check_in_one_round() {
    let (console, id, _dir) = console_on("healthy", true).await;
    let report = console.run_doctor(&id, None).await.unwrap();
    expect(
        &report,
        &[
            (TokenValid, Pass),
            (TokenNeverExpires, Pass),
            (TokenScopes, Pass),
            (TokenWabaAccess, Pass),
            (PhoneInWaba, Pass),
            (OwnershipVerified, Pass),
            (TwoStepPin, Pass),
            (Registered, Pass),
            (CanSend, Pass),
            (DisplayNameApproved, Pass),
            (BusinessProfileFilled, Pass),
            (ApiVersion, Pass),
            (WabaSubscribed, Pass),
            (WebhookVerified, Pass),
            // No app secret stored, nothing received yet.
            (MessagesField, NotChecked),
            (StatusWebhook, NotChecked),
            (ApprovedTemplate, Pass),
            // spring_sale is REJECTED and winter_promo PAUSED.
            (TemplateProblems, Warn),
            (Quality, Pass),
            (RecentThrottling, NotChecked),
            (TestMessage, NotChecked),
        ],
    );
    assert!(report.all_pass_or_warn());
    let throttling = report.check(RecentThrottling).unwrap();
    assert!(
        throttling.summary.starts_with("No sends in the last hour"),
        "{}",
        throttling.summary
    );
    let template = report.check(ApprovedTemplate).unwrap();
    assert!(template.summary.contains("hello_world"));
    assert!(template.evidence[0].source.contains("/message_templates"));
    // Each approved template links to its page; the rejected and paused ones to theirs.
    let labels = |id| -> Vec<String> {
        let check = report.check(id).unwrap();
        assert!(check
            .links
            .iter()
            .all(|l| l.path.starts_with("/templates/") && l.path.len() > "/templates/".len()));
        check.links.iter().map(|l| l.label.clone()).collect()
    };
    assert_eq!(
        labels(ApprovedTemplate),
        [
            "hello_world (en_US)",
            "order_update (en_US)",
            "order_update (es)",
            "appointment_reminder (en_US)"
        ]
    );
    assert_eq!(
        labels(TemplateProblems),
        ["spring_sale (en_US)", "winter_promo (en_US)"]
    );
    let checklist = console.checklist(&id).await.unwrap();
    let step = checklist
        .steps
        .iter()
        .find(|s| s.id == waba_core::checklist::StepId::ApprovedTemplate)
        .unwrap();
    assert_eq!(step.links, report.check(ApprovedTemplate).unwrap().links);
    assert_eq!(step.checked_by, "Templates");
    let history = console.quality_history(&id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].rating.as_deref(), Some("GREEN"));
}

#[tokio::test]
async fn the_doctors_reads_are_all_in_flight_together_and_counted() {
    let (console, id, _dir) = console_on("healthy", true).await;
    let sim = console.embedded_sandbox().await.unwrap();
    let requests = sim.requests();

    // The reads the report counts are the requests the sandbox received.
    requests.reset();
    let report = console.run_doctor(&id, None).await.unwrap();
    let received = requests.snapshot();
    assert!(report.graph_calls > 1, "{}", report.graph_calls);
    assert_eq!(
        received.total,
        u64::from(report.graph_calls),
        "{received:?}"
    );

    // Held until that many are in flight: sent at once, they all are; sent one by one, the
    // first would wait out the hold's timeout alone and the maximum would stay 1.
    requests.reset();
    requests.hold_until_in_flight(report.graph_calls, Duration::from_secs(10));
    let report = console.run_doctor(&id, None).await.unwrap();
    let received = requests.snapshot();
    assert_eq!(
        (received.total, received.max_in_flight),
        (u64::from(report.graph_calls), report.graph_calls),
        "{received:?}"
    );
    assert_eq!(report.counts.fail, 0, "{}", report.to_markdown());
}

#[tokio::test]
async fn fresh_fails_the_onboarding_steps_with_their_fix_actions() {
    let (console, id, _dir) = console_on("fresh", true).await;
    let report = console.run_doctor(&id, None).await.unwrap();
    expect(
        &report,
        &[
            (TokenValid, Pass),
            (TokenNeverExpires, Pass),
            (TokenScopes, Pass),
            (TokenWabaAccess, Pass),
            (PhoneInWaba, Pass),
            (OwnershipVerified, Fail),
            (TwoStepPin, Fail),
            (Registered, Fail),
            (CanSend, Fail),
            // The sandbox's number has an approved name, but the fresh profile is empty.
            (DisplayNameApproved, Pass),
            (BusinessProfileFilled, Warn),
            (ApiVersion, Pass),
            (WabaSubscribed, Fail),
            (WebhookVerified, Fail),
            (MessagesField, NotChecked),
            (StatusWebhook, NotChecked),
            // Meta's hello_world sample, approved.
            (ApprovedTemplate, Pass),
            (TemplateProblems, Pass),
            (Quality, Pass),
            (RecentThrottling, NotChecked),
            (TestMessage, NotChecked),
        ],
    );
    assert!(!report.all_pass_or_warn());
    let action = |id| report.check(id).unwrap().action;
    assert_eq!(action(OwnershipVerified), Some(FixAction::VerifyOwnership));
    assert_eq!(action(TwoStepPin), Some(FixAction::SetPin));
    assert_eq!(action(Registered), Some(FixAction::RegisterNumber));
    assert_eq!(action(WabaSubscribed), Some(FixAction::SubscribeWaba));
    assert!(report
        .check(Registered)
        .unwrap()
        .summary
        .contains("REGISTERED\" is not a status"));
    assert!(report
        .check(TwoStepPin)
        .unwrap()
        .fix
        .as_deref()
        .unwrap()
        .contains("/two_step_verification path does not exist"));

    let list = console.checklist(&id).await.unwrap();
    let step = |s| list.steps.iter().find(|x| x.id == s).unwrap().state;
    assert_eq!(step(StepId::NumberInWaba), StepState::Pass);
    assert_eq!(step(StepId::Registered), StepState::Fail);
    assert_eq!(step(StepId::TestMessage), StepState::NotChecked);
    assert_eq!(step(StepId::DisplayName), StepState::Pass);
    assert_eq!(step(StepId::BusinessProfile), StepState::Warn);
    assert_eq!(list.passed, 6);
}

#[tokio::test]
async fn an_expired_token_skips_what_depends_on_it() {
    let (console, id, _dir) = console_on("expired-token", true).await;
    let report = console.run_doctor(&id, None).await.unwrap();
    expect(
        &report,
        &[
            (TokenValid, Fail),
            (TokenNeverExpires, Skipped),
            (TokenScopes, Skipped),
            (TokenWabaAccess, Skipped),
            (PhoneInWaba, Skipped),
            (OwnershipVerified, Skipped),
            (TwoStepPin, Skipped),
            (Registered, Skipped),
            (CanSend, Skipped),
            (DisplayNameApproved, Skipped),
            (BusinessProfileFilled, Skipped),
            (ApiVersion, Pass),
            (WabaSubscribed, Skipped),
            (WebhookVerified, Skipped),
            (MessagesField, Skipped),
            (StatusWebhook, NotChecked),
            (ApprovedTemplate, Skipped),
            (TemplateProblems, Skipped),
            (Quality, Skipped),
            (RecentThrottling, NotChecked),
            (TestMessage, NotChecked),
        ],
    );
    let valid = report.check(TokenValid).unwrap();
    assert_eq!(valid.action, Some(FixAction::ReplaceToken));
    assert_eq!(
        report.check(Registered).unwrap().skipped_because,
        Some(TokenValid)
    );
    assert!(
        report.check(ApprovedTemplate).unwrap().links.is_empty(),
        "a skipped check links nowhere"
    );
}

#[tokio::test]
async fn user_and_missing_scope_tokens_fail_the_scope_check_only() {
    let (console, id, _dir) = console_on("user-token", true).await;
    let report = console.run_doctor(&id, None).await.unwrap();
    assert_eq!(report.check(TokenNeverExpires).unwrap().state, Warn);
    assert_eq!(report.check(TokenScopes).unwrap().state, Fail);
    assert_eq!(report.check(Registered).unwrap().state, Pass);

    let (console, id, _dir) = console_on("missing-scope", true).await;
    let report = console.run_doctor(&id, None).await.unwrap();
    let scopes = report.check(TokenScopes).unwrap();
    assert_eq!(scopes.state, Fail);
    assert!(scopes.summary.contains("whatsapp_business_messaging"));
    assert_eq!(report.counts.fail, 1);
}

#[tokio::test]
async fn no_token_and_an_old_api_version() {
    let (console, id, _dir) = console_on("healthy", false).await;
    let report = console.run_doctor(&id, Some("v20.0")).await.unwrap();
    assert_eq!(report.check(TokenValid).unwrap().state, Fail);
    assert_eq!(report.graph_calls, 0);
    let version = report.check(ApiVersion).unwrap();
    assert_eq!(
        (version.state, report.api_version.as_str()),
        (Fail, "v20.0")
    );
    assert!(version.summary.contains("expired on 2026-09-24"));
    // A version released after the console's table is accepted and reported as newer.
    let report = console.run_doctor(&id, Some("v28.0")).await.unwrap();
    let version = report.check(ApiVersion).unwrap();
    assert_eq!(version.state, Pass, "{}", version.summary);
    assert!(
        version
            .summary
            .starts_with("v28.0 is newer than this console knows"),
        "{}",
        version.summary
    );
    let err = console.run_doctor(&id, Some("26")).await.unwrap_err();
    assert_eq!(err.code, waba_core::ErrorCode::InvalidInput);
}

#[tokio::test]
async fn a_sandbox_that_times_out_is_reported_per_check_and_the_run_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let sim = waba_sim::Sandbox::start(
        waba_sim::SandboxConfig {
            scenario: waba_sim::Scenario::Healthy,
            ..Default::default()
        },
        0,
    )
    .await
    .unwrap();
    let mut config = ConsoleConfig::new(
        dir.path().to_path_buf(),
        format!("waba-console-test-doctor-slow-{}", std::process::id()),
    );
    config.timeout = std::time::Duration::from_millis(400);
    let console = Console::open(config).await.unwrap();
    let form = waba_core::profile::NewProfile {
        name: "Slow".into(),
        app_id: waba_sim::APP_ID.into(),
        waba_id: waba_sim::WABA_ID.into(),
        phone_number_id: waba_sim::PHONE_NUMBER_ID.into(),
        api_version: "v26.0".into(),
        base_url: Some(sim.base_url()),
    };
    let profile = console.add_profile(form).await.unwrap();
    console
        .set_token(SetTokenRequest {
            profile_id: profile.id.clone(),
            token: SANDBOX_TOKEN.into(),
            store_unverified: false,
        })
        .await
        .unwrap();
    sim.faults()
        .set_latency(std::time::Duration::from_millis(1500));
    let report = console.run_doctor(&profile.id, None).await.unwrap();
    let valid = report.check(TokenValid).unwrap();
    assert_eq!(valid.state, Fail);
    assert!(
        valid.summary.contains("did not answer within"),
        "{}",
        valid.summary
    );
    assert!(report
        .checks
        .iter()
        .all(|c| c.id == TokenValid || matches!(c.state, Skipped | Pass | NotChecked)));

    sim.shutdown().await;
    let report = console.run_doctor(&profile.id, None).await.unwrap();
    assert!(report
        .check(TokenValid)
        .unwrap()
        .summary
        .contains("Could not reach"));
    console.clear_token(&profile.id).await.unwrap();
}

#[tokio::test]
async fn exports_hold_no_token() {
    let (console, id, dir) = console_on("fresh", true).await;
    let report = console.run_doctor(&id, None).await.unwrap();
    for format in [
        waba_core::app::ExportFormat::Markdown,
        waba_core::app::ExportFormat::Json,
    ] {
        let file = console
            .export_doctor(&report, format, dir.path())
            .await
            .unwrap();
        let text = std::fs::read_to_string(&file.path).unwrap();
        assert!(text.contains("Registered and CONNECTED"));
        assert!(!text.contains(SANDBOX_TOKEN), "the export leaked the token");
    }
    let audit = console
        .export_audit(waba_core::app::ExportFormat::Csv, dir.path())
        .await
        .unwrap();
    let csv = std::fs::read_to_string(&audit.path).unwrap();
    assert!(csv.starts_with("id,at,profile_id,action"));
    assert!(csv.contains("token_set") && !csv.contains(SANDBOX_TOKEN));
}

#[tokio::test]
async fn diagnoses_say_what_this_accounts_state_means() {
    let (console, id, _dir) = console_on("user-token", true).await;
    let result = console.diagnose(r#"{"error":{"message":"Error validating access token","type":"OAuthException","code":190,"error_subcode":463}}"#, Some(&id)).await.unwrap();
    let card = &result.diagnoses[0];
    assert_eq!(
        (card.code, card.action),
        (190, Some(FixAction::ReplaceToken))
    );
    assert!(
        card.context[0].contains("USER token that expires"),
        "{:?}",
        card.context
    );

    let (console, id, _dir) = console_on("healthy", true).await;
    let result = console.diagnose("132001", Some(&id)).await.unwrap();
    assert!(
        result.diagnoses[0].context[0].contains("hello_world (en_US)"),
        "{:?}",
        result.diagnoses[0].context
    );
    let plain = console.diagnose("132001", None).await.unwrap();
    assert!(plain.diagnoses[0].context.is_empty());
}

/// A console on its own data folder and a standalone sandbox for its profiles (`tag` names its
/// keychain service).
async fn console_beside_a_sandbox(tag: &str) -> (tempfile::TempDir, waba_sim::Sandbox, Console) {
    let dir = tempfile::tempdir().unwrap();
    let sim = waba_sim::Sandbox::start(waba_sim::SandboxConfig::default(), 0)
        .await
        .unwrap();
    let console = Console::open(ConsoleConfig::new(
        dir.path().to_path_buf(),
        format!("waba-console-test-doctor-{tag}-{}", std::process::id()),
    ))
    .await
    .unwrap();
    (dir, sim, console)
}

/// A profile of the sandbox's WABA for `phone_number_id`, with the sandbox token stored.
async fn sandbox_profile(
    console: &Console,
    sim: &waba_sim::Sandbox,
    name: &str,
    phone_number_id: &str,
) -> String {
    let profile = console
        .add_profile(waba_core::profile::NewProfile {
            name: name.into(),
            app_id: waba_sim::APP_ID.into(),
            waba_id: waba_sim::WABA_ID.into(),
            phone_number_id: phone_number_id.into(),
            api_version: "v26.0".into(),
            base_url: Some(sim.base_url()),
        })
        .await
        .unwrap();
    console
        .set_token(SetTokenRequest {
            profile_id: profile.id.clone(),
            token: SANDBOX_TOKEN.into(),
            store_unverified: false,
        })
        .await
        .unwrap();
    profile.id
}

#[tokio::test]
async fn a_phone_number_id_the_token_cannot_see_is_explained_with_the_wabas_numbers() {
    let (_dir, sim, console) = console_beside_a_sandbox("ids").await;
    let profile = sandbox_profile(&console, &sim, "Mixed up", "999999999999999").await;
    let report = console.run_doctor(&profile, None).await.unwrap();
    let check = report.check(PhoneInWaba).unwrap();
    assert_eq!(
        (check.state, check.action),
        (Fail, Some(FixAction::CheckIds))
    );
    assert!(
        check.summary.contains("is not visible to this token"),
        "{}",
        check.summary
    );
    assert!(
        check.summary.contains(waba_sim::PHONE_NUMBER_ID),
        "the WABA's numbers are listed"
    );
    console.clear_token(&profile).await.unwrap();
}

#[tokio::test]
async fn the_doctor_shows_the_wabas_call_budget_from_metas_usage_header() {
    let (console, id, _dir) = console_on("healthy", true).await;
    let sim = console.embedded_sandbox().await.unwrap();
    let requests = sim.requests();
    requests.reset();
    let report = console.run_doctor(&id, None).await.unwrap();
    // Read from the answers' X-Business-Use-Case-Usage header: no extra Graph call.
    assert_eq!(requests.snapshot().total, u64::from(report.graph_calls));
    let throttling = report.check(RecentThrottling).unwrap();
    assert_eq!(throttling.state, NotChecked, "{}", throttling.summary);
    assert!(
        throttling.summary.starts_with("No sends in the last hour")
            && throttling
                .summary
                .contains("% of this WABA's hourly call limit is used"),
        "{}",
        throttling.summary
    );
    let evidence = &throttling.evidence[0];
    assert!(evidence.source.contains("X-Business-Use-Case-Usage"));
    assert!(
        evidence.answer.starts_with(&format!(
            "{}: type whatsapp, call_count ",
            waba_sim::WABA_ID
        )),
        "{}",
        evidence.answer
    );
}

/// With the app secret stored, the doctor reads the app's webhook fields with the app access
/// token in the same round: the healthy app delivers `messages`; the fresh app has no callback.
#[tokio::test]
async fn the_messages_field_is_checked_with_the_app_access_token() {
    for (scenario, state) in [("healthy", Pass), ("fresh", Fail)] {
        let (console, id, _dir) = console_on(scenario, true).await;
        console
            .set_app_secret(
                &id,
                &waba_secrets::secret(waba_sim::SANDBOX_APP_SECRET.into()),
            )
            .await
            .unwrap();
        let report = console.run_doctor(&id, None).await.unwrap();
        let check = report.check(MessagesField).unwrap();
        assert_eq!(check.state, state, "{scenario}: {}", check.summary);
        assert!(
            check.evidence[0].source.ends_with("/subscriptions"),
            "{:?}",
            check.evidence
        );
        if state == Fail {
            assert_eq!(check.action, Some(FixAction::ConfigureWebhook));
            assert!(
                check.summary.contains("no WhatsApp webhook callback"),
                "{}",
                check.summary
            );
        } else {
            assert!(
                check.summary.contains("delivers messages"),
                "{}",
                check.summary
            );
        }
        // Nothing in the report or its export carries the app secret.
        assert!(!report.to_markdown().contains(waba_sim::SANDBOX_APP_SECRET));
    }
}

/// A wrong (or reset) app secret makes Meta refuse the app access token with 190: the check
/// says the app secret is at fault, not the System User token, and offers the Webhooks page.
#[tokio::test]
async fn a_wrong_app_secret_is_blamed_on_the_app_secret_not_the_token() {
    let (console, id, _dir) = console_on("healthy", true).await;
    console
        .set_app_secret(&id, &waba_secrets::secret("not-the-app-secret".into()))
        .await
        .unwrap();
    let report = console.run_doctor(&id, None).await.unwrap();
    let check = report.check(MessagesField).unwrap();
    assert_eq!(check.state, Fail, "{}", check.summary);
    assert!(check.summary.contains("app secret"), "{}", check.summary);
    assert_eq!(check.action, Some(FixAction::ConfigureWebhook));
    assert!(check
        .fix
        .as_deref()
        .unwrap()
        .contains("App settings > Basic"));
    // The token itself is fine.
    assert_eq!(report.check(TokenValid).unwrap().state, Pass);
    let direct = console.app_webhook_config(&id).await.unwrap_err();
    assert!(direct.message.contains("app secret"), "{}", direct.message);
    assert!(direct.graph().unwrap().diagnosis.is_none());
}

/// The fresh number's business profile is empty: a warning naming each missing field, linked to
/// the Business profile page, in the doctor and in the checklist; the healthy one is filled in.
#[tokio::test]
async fn an_empty_business_profile_warns_with_what_is_missing() {
    let (console, id, _dir) = console_on("fresh", true).await;
    let report = console.run_doctor(&id, None).await.unwrap();
    let check = report.check(BusinessProfileFilled).unwrap();
    assert_eq!(check.state, Warn, "{}", check.summary);
    assert!(
        check
            .summary
            .contains("is missing an about text, a profile photo and an email"),
        "{}",
        check.summary
    );
    assert_eq!(check.action, Some(FixAction::OpenBusinessProfile));
    assert_eq!(
        check
            .links
            .iter()
            .map(|l| l.path.as_str())
            .collect::<Vec<_>>(),
        ["/business-profile"]
    );
    assert_eq!(
        check.reads,
        [waba_core::graph_call::DoctorRead::BusinessProfile]
    );
    let evidence = &check.evidence[0];
    assert!(
        evidence.source.ends_with(&format!(
            "/{}/whatsapp_business_profile",
            waba_sim::PHONE_NUMBER_ID
        )),
        "{}",
        evidence.source
    );
    assert_eq!(
        evidence.answer,
        "about: absent, profile_picture_url: absent, email: absent"
    );

    let list = console.checklist(&id).await.unwrap();
    let step = list
        .steps
        .iter()
        .find(|s| s.id == StepId::BusinessProfile)
        .unwrap();
    assert_eq!(
        (step.state, step.checked_by.as_str()),
        (StepState::Warn, "Business profile")
    );
    assert_eq!(step.links, check.links);
    assert_eq!(step.action, Some(FixAction::OpenBusinessProfile));

    let (console, id, _dir) = console_on("healthy", true).await;
    let report = console.run_doctor(&id, None).await.unwrap();
    let check = report.check(BusinessProfileFilled).unwrap();
    assert_eq!(
        (check.state, check.action),
        (Pass, None),
        "{}",
        check.summary
    );
    assert!(
        check.evidence[0]
            .answer
            .contains("profile_picture_url: set, email: \"hello1@sandbox.example\""),
        "{}",
        check.evidence[0].answer
    );
}

/// A name still in review warns and explains LIMITED; a change requested for an approved name
/// is mentioned while the current name passes.
#[tokio::test]
async fn the_display_name_check_explains_limited_and_a_pending_change() {
    let (_dir, sim, console) = console_beside_a_sandbox("name").await;
    // The sandbox's third number is unregistered with its name PENDING_REVIEW.
    let profiles = [
        sandbox_profile(&console, &sim, "Alerts", waba_sim::PHONE_NUMBER_IDS[2]).await,
        sandbox_profile(&console, &sim, "Main", waba_sim::PHONE_NUMBER_ID).await,
    ];

    let report = console.run_doctor(&profiles[0], None).await.unwrap();
    let check = report.check(DisplayNameApproved).unwrap();
    assert_eq!(check.state, Warn, "{}", check.summary);
    assert!(
        check.summary.contains("is waiting for Meta's review")
            && check
                .summary
                .contains(waba_core::business_profile::LIMITED_BY_NAME),
        "{}",
        check.summary
    );
    assert_eq!(
        check.evidence[0].answer,
        "verified_name: Sandbox Alerts, name_status: PENDING_REVIEW"
    );
    assert_eq!(check.action, Some(FixAction::OpenBusinessProfile));
    assert_eq!(check.links[0].path, "/business-profile");

    // Ask Meta (the sandbox) for a new name of the approved number, as the Profile page does.
    let answer = reqwest::Client::new()
        .post(format!(
            "{}/v26.0/{}",
            sim.base_url(),
            waba_sim::PHONE_NUMBER_ID
        ))
        .bearer_auth(SANDBOX_TOKEN)
        .json(&serde_json::json!({ "new_display_name": "Sandbox Garden" }))
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success(), "{:?}", answer.text().await);
    let report = console.run_doctor(&profiles[1], None).await.unwrap();
    let check = report.check(DisplayNameApproved).unwrap();
    assert_eq!(
        (check.state, check.action),
        (Pass, None),
        "{}",
        check.summary
    );
    assert!(
        check
            .summary
            .contains("A change to \"Sandbox Garden\" is under review"),
        "{}",
        check.summary
    );
    assert_eq!(
        check.evidence[0].answer,
        "verified_name: WABA Console Sandbox, name_status: APPROVED, new_display_name: Sandbox Garden, new_name_status: PENDING_REVIEW"
    );
    for id in &profiles {
        console.clear_token(id).await.unwrap();
    }
}
