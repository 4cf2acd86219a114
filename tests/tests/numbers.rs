//! Numbers and registration through the service against a sandbox the test controls (its clock
//! and provisioning delay), with the real keychain and SQLite.

use std::time::Duration;

use waba_core::app::SetTokenRequest;
use waba_core::numbers::{AttemptKind, CodeMethod};
use waba_core::profile::NewProfile;
use waba_core::ErrorCode;
use waba_service::{Console, ConsoleConfig};
use waba_sim::{
    Sandbox, SandboxConfig, Scenario, PHONE_NUMBER_ID, SANDBOX_TOKEN, VERIFICATION_CODE,
};

struct Fixture {
    sim: Sandbox,
    dir: tempfile::TempDir,
    service: String,
    console: Console,
    profile: String,
}

async fn fixture(scenario: Scenario, tag: &str) -> Fixture {
    let sim = Sandbox::start(
        SandboxConfig {
            scenario,
            ..SandboxConfig::default()
        },
        0,
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let service = format!("waba-console-test-numbers-{tag}-{}", std::process::id());
    let console = Console::open(ConsoleConfig::new(dir.path().to_path_buf(), &service))
        .await
        .unwrap();
    let profile = console
        .add_profile(NewProfile {
            name: "Local".into(),
            app_id: waba_sim::APP_ID.into(),
            waba_id: waba_sim::WABA_ID.into(),
            phone_number_id: PHONE_NUMBER_ID.into(),
            api_version: "v26.0".into(),
            base_url: Some(sim.base_url()),
        })
        .await
        .unwrap()
        .id;
    console
        .set_token(SetTokenRequest {
            profile_id: profile.clone(),
            token: SANDBOX_TOKEN.into(),
        })
        .await
        .unwrap();
    Fixture {
        sim,
        dir,
        service,
        console,
        profile,
    }
}

#[tokio::test]
async fn fresh_number_goes_from_added_to_connected() {
    let f = fixture(Scenario::Fresh, "path").await;
    let (c, p) = (&f.console, f.profile.as_str());
    let numbers = c.numbers(p).await.unwrap();
    assert_eq!(numbers.len(), 3, "all of the WABA's numbers");
    let before = c.number(p, None).await.unwrap();
    assert_eq!(
        (
            before.status.as_deref(),
            before.code_verification_status.as_deref()
        ),
        (Some("PENDING"), Some("NOT_VERIFIED"))
    );
    assert!(before.status_meaning.contains("not registered"));

    let err = c
        .register(p, PHONE_NUMBER_ID, Some("135791"), None, false)
        .await
        .unwrap_err();
    assert_eq!(err.graph().unwrap().code, 133006, "ownership first");
    c.request_code(p, PHONE_NUMBER_ID, CodeMethod::Sms, "en_US")
        .await
        .unwrap();
    c.verify_code(p, PHONE_NUMBER_ID, VERIFICATION_CODE)
        .await
        .unwrap();
    // Opt in to keep the PIN in the keychain, so the register step can use it.
    c.set_pin(p, PHONE_NUMBER_ID, "013579", true).await.unwrap();
    assert_eq!(c.number(p, None).await.unwrap().is_pin_enabled, Some(true));

    f.sim.clock().advance(Duration::from_secs(11));
    let budget = c
        .register(p, PHONE_NUMBER_ID, None, Some("de"), false)
        .await
        .unwrap();
    assert_eq!(
        budget.sentence(),
        "2 of 10 register attempts used in the last 72 h"
    );
    assert_eq!(
        c.number(p, None).await.unwrap().status.as_deref(),
        Some("PENDING"),
        "provisioning"
    );
    f.sim.clock().advance(Duration::from_secs(5));
    let after = c.number(p, None).await.unwrap();
    assert_eq!(
        (
            after.status.as_deref(),
            after.platform_type.as_deref(),
            after.can_send.as_deref()
        ),
        (Some("CONNECTED"), Some("CLOUD_API"), Some("AVAILABLE"))
    );

    let report = c.run_doctor(p, None).await.unwrap();
    assert_eq!(
        report
            .check(waba_core::doctor::CheckId::Registered)
            .unwrap()
            .state,
        waba_core::doctor::CheckState::Pass
    );

    let budget = c.deregister(p, PHONE_NUMBER_ID, false).await.unwrap();
    assert_eq!(budget.used, 1);
    assert_eq!(
        c.number(p, None).await.unwrap().status.as_deref(),
        Some("PENDING")
    );
    let db = std::fs::read(f.dir.path().join("console.db")).unwrap();
    assert!(
        !String::from_utf8_lossy(&db).contains("013579"),
        "the PIN never reaches the database"
    );
    let log = c.audit_log(20).await.unwrap();
    let actions: Vec<_> = log.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        &actions[..6],
        [
            "deregister",
            "register",
            "pin_set",
            "code_verified",
            "code_requested",
            "register"
        ]
    );
    assert!(log.verification.intact);
    c.clear_token(p).await.unwrap();
}

#[tokio::test]
async fn wrong_pin_and_bad_input() {
    let f = fixture(Scenario::Healthy, "pin").await;
    let (c, p) = (&f.console, f.profile.as_str());
    let err = c
        .register(p, PHONE_NUMBER_ID, Some("000000"), None, false)
        .await
        .unwrap_err();
    let g = err.graph().unwrap();
    assert_eq!(g.code, 133005);
    assert!(
        g.diagnosis.as_ref().unwrap().known,
        "the error carries its catalogue card"
    );

    for (pin, says) in [
        ("12345", "has 5 digits"),
        ("12a456", "other than digits"),
        ("1234567", "has 7 digits"),
    ] {
        let err = c.set_pin(p, PHONE_NUMBER_ID, pin, false).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(err.message.contains(says), "{}", err.message);
    }
    let err = c
        .register(p, PHONE_NUMBER_ID, Some("123456"), Some("FR"), false)
        .await
        .unwrap_err();
    assert!(err.message.contains("not a Local Storage region"));
    let err = c
        .verify_code(p, PHONE_NUMBER_ID, "12 34")
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    c.clear_token(p).await.unwrap();
}

#[tokio::test]
async fn the_console_counts_attempts_asks_past_seven_and_stops_at_ten_across_restarts() {
    let f = fixture(Scenario::Healthy, "rails").await;
    let (c, p) = (&f.console, f.profile.as_str());
    for _ in 0..7 {
        // Fast repeats: Meta answers 133009 (too fast) or 133005, and each still counts.
        let _ = c
            .register(p, PHONE_NUMBER_ID, Some("111111"), None, false)
            .await;
    }
    assert_eq!(
        c.attempt_budget(PHONE_NUMBER_ID, AttemptKind::Register)
            .await
            .unwrap()
            .used,
        7
    );
    let err = c
        .register(p, PHONE_NUMBER_ID, Some("111111"), None, false)
        .await
        .unwrap_err();
    assert!(
        err.message.starts_with("7 of 10 register attempts used"),
        "{}",
        err.message
    );
    assert!(err.graph().is_none(), "refused locally, no call made");

    // A restart keeps the count.
    let again = Console::open(ConsoleConfig::new(f.dir.path().to_path_buf(), &f.service))
        .await
        .unwrap();
    for _ in 0..3 {
        let _ = again
            .register(p, PHONE_NUMBER_ID, Some("111111"), None, true)
            .await;
    }
    let err = again
        .register(p, PHONE_NUMBER_ID, Some("111111"), None, true)
        .await
        .unwrap_err();
    assert!(
        err.message.contains("10 of 10") && err.message.contains("133016"),
        "{}",
        err.message
    );
    assert!(err.graph().is_none());
    again.clear_token(p).await.unwrap();
}

#[tokio::test]
async fn ids_are_checked_against_the_api() {
    use waba_core::numbers::{IdField, IdKind};
    let f = fixture(Scenario::Healthy, "ids").await;
    let (c, p) = (&f.console, f.profile.as_str());
    let check = c
        .check_id(p, waba_sim::WABA_ID, IdField::PhoneNumberId)
        .await
        .unwrap();
    assert_eq!((check.kind, check.fits), (IdKind::Waba, false));
    assert_eq!(
        check.message,
        format!("{} is a WABA ID, not a phone-number ID.", waba_sim::WABA_ID)
    );
    assert_eq!(
        check.numbers.len(),
        3,
        "the WABA's numbers help pick the right ID"
    );

    let check = c
        .check_id(p, PHONE_NUMBER_ID, IdField::PhoneNumberId)
        .await
        .unwrap();
    assert!(check.fits && check.numbers.is_empty());
    let check = c
        .check_id(p, waba_sim::WABA_ID, IdField::WabaId)
        .await
        .unwrap();
    assert!(check.fits);

    let check = c
        .check_id(p, "+1 555-010-0199", IdField::PhoneNumberId)
        .await
        .unwrap();
    assert_eq!(check.kind, IdKind::PhoneNumberLike);
    assert!(check.message.contains("looks like a phone number"));
    assert!(check.numbers.iter().any(|n| n.id == PHONE_NUMBER_ID));

    let check = c
        .check_id(p, "999999999999999", IdField::WabaId)
        .await
        .unwrap();
    assert_eq!(check.kind, IdKind::NotVisible);
    let check = c.check_id(p, "12ab", IdField::WabaId).await.unwrap();
    assert_eq!(check.kind, IdKind::Invalid);
    c.clear_token(p).await.unwrap();
}
