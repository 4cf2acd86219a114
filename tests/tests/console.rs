//! The shared service (`waba_service::Console`) end to end: a real SQLite file in a temporary
//! folder, the real OS keychain (run under scripts/with-test-keychain) in a test-only namespace,
//! and the embedded sandbox over loopback HTTP.

use waba_core::app::{SetScenarioRequest, SetTokenRequest};
use waba_core::audit::{AuditAction, Outcome};
use waba_core::checklist::{Checklist, StepId, StepState, TokenState};
use waba_core::profile::{NewProfile, ProfileKind};
use waba_core::token::{TokenType, WabaAccess};
use waba_core::{ErrorCode, ErrorDetails};
use waba_service::{Console, ConsoleConfig};
use waba_sim::SANDBOX_TOKEN;

struct Fixture {
    console: Console,
    _dir: tempfile::TempDir,
}

async fn open(tag: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let service = format!("waba-console-test-{tag}-{}", std::process::id());
    let console = Console::open(ConsoleConfig::new(dir.path().to_path_buf(), service))
        .await
        .unwrap();
    Fixture { console, _dir: dir }
}

fn state(list: &Checklist, id: StepId) -> StepState {
    list.steps.iter().find(|s| s.id == id).unwrap().state
}

async fn sandbox_id(c: &Console) -> String {
    let list = c.list_profiles().await.unwrap();
    assert_eq!(
        list.profiles.len(),
        1,
        "first start creates exactly the Sandbox profile"
    );
    let p = &list.profiles[0];
    assert_eq!(
        (p.kind, p.name.as_str(), p.scenario.as_deref()),
        (ProfileKind::Sandbox, "Sandbox", Some("fresh"))
    );
    assert_eq!(
        p.api_version, "v27.0",
        "the sandbox profile uses the newest version"
    );
    assert_eq!(list.active_id.as_deref(), Some(p.id.as_str()));
    p.id.clone()
}

async fn use_scenario(c: &Console, id: &str, scenario: &str) {
    c.set_sandbox_scenario(SetScenarioRequest {
        profile_id: id.into(),
        scenario: scenario.into(),
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn token_steps_pass_with_the_sandbox_token() {
    let f = open("pass").await;
    let id = sandbox_id(&f.console).await;

    let before = f.console.checklist(&id).await.unwrap();
    assert_eq!(before.token, TokenState::Missing);
    assert_eq!(state(&before, StepId::Token), StepState::Fail);

    let saved = f
        .console
        .set_token(SetTokenRequest {
            profile_id: id.clone(),
            token: format!("  {SANDBOX_TOKEN}\n").into(),
            store_unverified: false,
        })
        .await
        .unwrap();
    assert!(saved.stored);
    let report = saved.report.unwrap();
    assert!(report.passes(), "{:?}", report.findings);
    assert_eq!(report.token_type, TokenType::SystemUser);
    assert_eq!(report.waba_access, WabaAccess::Granted);
    assert!(report.waba_name.is_some());

    let after = f.console.checklist(&id).await.unwrap();
    for step in [StepId::MetaApp, StepId::SystemUser, StepId::Token] {
        assert_eq!(state(&after, step), StepState::Pass, "{step:?}");
    }
    assert_eq!(
        after.passed, 6,
        "the fresh number is in the WABA, its display name and Meta's hello_world sample are approved; the rest of onboarding is ahead"
    );
    assert_eq!(state(&after, StepId::DisplayName), StepState::Pass);
    assert_eq!(state(&after, StepId::BusinessProfile), StepState::Warn);
    assert_eq!(state(&after, StepId::ApprovedTemplate), StepState::Pass);
    assert_eq!(state(&after, StepId::NumberInWaba), StepState::Pass);
    assert_eq!(state(&after, StepId::Registered), StepState::Fail);
    assert_eq!(state(&after, StepId::TestMessage), StepState::NotChecked);

    assert!(f.console.clear_token(&id).await.unwrap());
    assert_eq!(
        f.console.checklist(&id).await.unwrap().token,
        TokenState::Missing
    );

    let actions: Vec<_> = f
        .console
        .audit_log(10)
        .await
        .unwrap()
        .entries
        .into_iter()
        .map(|e| (e.action, e.outcome))
        .collect();
    assert_eq!(
        actions,
        [
            (AuditAction::TokenCleared, Outcome::Ok),
            (AuditAction::TokenSet, Outcome::Ok)
        ]
    );
}

#[tokio::test]
async fn each_failing_scenario_fails_the_right_step_with_a_fix() {
    let f = open("scenarios").await;
    let id = sandbox_id(&f.console).await;
    f.console
        .set_token(SetTokenRequest {
            profile_id: id.clone(),
            token: SANDBOX_TOKEN.into(),
            store_unverified: false,
        })
        .await
        .unwrap();

    use_scenario(&f.console, &id, "expired-token").await;
    let list = f.console.checklist(&id).await.unwrap();
    let token = list.steps.iter().find(|s| s.id == StepId::Token).unwrap();
    assert_eq!(token.state, StepState::Fail);
    assert_eq!(token.summary, "The token has expired.");
    assert!(token.fix.as_deref().unwrap().contains("expiry to Never"));
    let TokenState::Checked { report } = &list.token else {
        panic!("{:?}", list.token)
    };
    assert_eq!(
        report.rejection.as_ref().unwrap().graph().unwrap().subcode,
        Some(463)
    );

    use_scenario(&f.console, &id, "user-token").await;
    let list = f.console.checklist(&id).await.unwrap();
    assert_eq!(state(&list, StepId::SystemUser), StepState::Fail);
    assert_eq!(
        state(&list, StepId::Token),
        StepState::Warn,
        "a 24 h token works today but expires"
    );

    use_scenario(&f.console, &id, "missing-scope").await;
    let list = f.console.checklist(&id).await.unwrap();
    let step = list
        .steps
        .iter()
        .find(|s| s.id == StepId::SystemUser)
        .unwrap();
    assert_eq!(step.state, StepState::Fail);
    assert!(step.summary.contains("whatsapp_business_messaging"));
    assert_eq!(state(&list, StepId::Token), StepState::Pass);

    use_scenario(&f.console, &id, "healthy").await;
    let healthy = f.console.checklist(&id).await.unwrap();
    assert_eq!(healthy.passed, 13, "everything but the test message passes");
    assert_eq!(state(&healthy, StepId::TestMessage), StepState::NotChecked);
}

#[tokio::test]
async fn bad_input_is_refused_with_field_messages_and_nothing_is_stored() {
    let f = open("bad-input").await;
    let id = sandbox_id(&f.console).await;

    let err = f
        .console
        .set_token(SetTokenRequest {
            profile_id: id.clone(),
            token: "  \n ".into(),
            store_unverified: false,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        f.console.checklist(&id).await.unwrap().token,
        TokenState::Missing,
        "nothing was stored"
    );

    let form = NewProfile {
        name: "Acme".into(),
        app_id: "1234".into(),
        waba_id: "+1 415 555 0100".into(),
        phone_number_id: "12ab".into(),
        api_version: "v26.0".into(),
        base_url: None,
    };
    let err = f.console.add_profile(form).await.unwrap_err();
    let Some(ErrorDetails::Fields { fields }) = err.details else {
        panic!()
    };
    assert_eq!(
        fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(),
        ["wabaId", "phoneNumberId"]
    );

    let err = f
        .console
        .set_sandbox_scenario(SetScenarioRequest {
            profile_id: id.clone(),
            scenario: "nope".into(),
        })
        .await
        .unwrap_err();
    assert!(
        err.message.contains("healthy"),
        "the error lists valid scenarios: {}",
        err.message
    );

    let err = f.console.remove_profile(&id).await.unwrap_err();
    assert!(err.message.contains("cannot be removed"));
}

#[tokio::test]
async fn a_real_profile_with_a_dead_base_url_reports_unreachable_and_keeps_running() {
    let f = open("real").await;
    let _sandbox = sandbox_id(&f.console).await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let form = NewProfile {
        name: "Acme".into(),
        app_id: "634974688087057".into(),
        waba_id: "102290129340398".into(),
        phone_number_id: "106540352242922".into(),
        api_version: "v25.0".into(),
        base_url: Some(dead),
    };
    let profile = f.console.add_profile(form.clone()).await.unwrap();
    assert_eq!(profile.kind, ProfileKind::Real);
    let dup = f.console.add_profile(form).await.unwrap_err();
    assert!(dup.message.contains("already exists"));

    let err = f
        .console
        .set_token(SetTokenRequest {
            profile_id: profile.id.clone(),
            token: "EAAreal".into(),
            store_unverified: false,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Unreachable);
    assert!(
        err.message
            .starts_with("The token could not be checked with Meta, so it was not stored"),
        "{}",
        err.message
    );
    assert_eq!(
        f.console.checklist(&profile.id).await.unwrap().token,
        TokenState::Missing,
        "an unchecked token is not stored unless the admin says so"
    );
    let saved = f
        .console
        .set_token(SetTokenRequest {
            profile_id: profile.id.clone(),
            token: "EAAreal".into(),
            store_unverified: true,
        })
        .await
        .unwrap();
    assert!(saved.stored && saved.report.is_none());
    let list = f.console.checklist(&profile.id).await.unwrap();
    assert!(matches!(list.token, TokenState::Unchecked { .. }));
    assert!(list.steps[2]
        .summary
        .starts_with("Could not check the token"));

    f.console.set_active_profile(&profile.id).await.unwrap();
    assert_eq!(f.console.active_profile().await.unwrap().id, profile.id);
    f.console.remove_profile(&profile.id).await.unwrap();
    assert_eq!(f.console.list_profiles().await.unwrap().profiles.len(), 1);
}

#[tokio::test]
async fn a_token_meta_refuses_never_replaces_the_working_one_and_every_path_is_audited() {
    let f = open("refused").await;
    let id = sandbox_id(&f.console).await;
    let set = |token: &str, store_unverified| SetTokenRequest {
        profile_id: id.clone(),
        token: token.to_owned().into(),
        store_unverified,
    };
    assert!(
        f.console
            .set_token(set(SANDBOX_TOKEN, false))
            .await
            .unwrap()
            .stored
    );
    let refused = f
        .console
        .set_token(set("EAAmistypedTokenThatMetaDoesNotKnow", true))
        .await
        .unwrap();
    assert!(
        !refused.stored,
        "refused even when unverified storing was allowed"
    );
    let report = refused.report.unwrap();
    assert!(!report.valid);
    assert!(report.rejection.is_some());
    let TokenState::Checked { report } = f.console.checklist(&id).await.unwrap().token else {
        panic!("the working token is gone")
    };
    assert!(report.valid, "the stored token is still the working one");
    let err = f.console.set_token(set("  ", false)).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);

    let entries = f.console.audit_log(10).await.unwrap().entries;
    let token_sets: Vec<_> = entries
        .iter()
        .filter(|e| e.action == AuditAction::TokenSet)
        .map(|e| e.outcome)
        .collect();
    assert_eq!(
        token_sets,
        [Outcome::Failed, Outcome::Failed, Outcome::Ok],
        "newest first: bad input, refused, stored"
    );
    assert_eq!(
        entries[1].graph_code,
        Some(190),
        "the refusal keeps Meta's code"
    );
}

#[tokio::test]
async fn profiles_and_tokens_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let service = format!("waba-console-test-restart-{}", std::process::id());
    let first = Console::open(ConsoleConfig::new(dir.path().to_path_buf(), &service))
        .await
        .unwrap();
    let id = sandbox_id(&first).await;
    first
        .set_token(SetTokenRequest {
            profile_id: id.clone(),
            token: SANDBOX_TOKEN.into(),
            store_unverified: false,
        })
        .await
        .unwrap();
    drop(first);

    let second = Console::open(ConsoleConfig::new(dir.path().to_path_buf(), &service))
        .await
        .unwrap();
    assert_eq!(
        sandbox_id(&second).await,
        id,
        "no second Sandbox profile is created"
    );
    assert!(matches!(
        second.checklist(&id).await.unwrap().token,
        TokenState::Checked { .. }
    ));
    second.clear_token(&id).await.unwrap();
}

#[tokio::test]
async fn a_database_whose_sandbox_stored_the_retired_flagged_scenario_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let service = format!("waba-console-test-retired-{}", std::process::id());
    let config = || ConsoleConfig::new(dir.path().to_path_buf(), service.clone());
    let console = Console::open(config()).await.unwrap();
    let id = sandbox_id(&console).await;
    drop(console);
    // What an older console wrote when the admin picked "flagged".
    let url = format!("sqlite://{}", dir.path().join("console.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("UPDATE profiles SET scenario = 'flagged' WHERE id = ?")
        .bind(&id)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let console = Console::open(config()).await.unwrap();
    let list = console.list_profiles().await.unwrap();
    assert_eq!(list.profiles[0].scenario.as_deref(), Some("red-quality"));
    let sandbox = console.embedded_sandbox().await.unwrap();
    assert_eq!(sandbox.scenario(), waba_sim::Scenario::RedQuality);
}
