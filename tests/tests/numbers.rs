//! Numbers and registration through the service against a sandbox the test controls (its clock
//! and provisioning delay), with the real keychain and SQLite.

use std::time::Duration;

use waba_core::numbers::{AttemptKind, CodeMethod};
use waba_core::secret::secret;
use waba_core::ErrorCode;
use waba_service::{Console, ConsoleConfig};
use waba_sim::{Sandbox, Scenario, PHONE_NUMBER_ID, VERIFICATION_CODE};

mod common;

use common::{fixture, pin, value, Fixture};

#[tokio::test]
async fn fresh_number_goes_from_added_to_connected() {
    let f = fixture(Scenario::Fresh, "path").await;
    let (c, p) = (&f.console, f.profile.as_str());
    let numbers = c.numbers(p).await.unwrap();
    assert_eq!(numbers.len(), 3, "all of the WABA's numbers");
    let before = c.number(p, None).await.unwrap();
    assert_eq!(
        (
            value(&before.status),
            value(&before.code_verification_status)
        ),
        (Some("PENDING"), Some("NOT_VERIFIED"))
    );
    assert!(before.status.unwrap().meaning.contains("not registered"));

    let err = c
        .register(p, PHONE_NUMBER_ID, Some(&pin("135791")), None, false)
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
    c.set_pin(p, PHONE_NUMBER_ID, &pin("013579"), true)
        .await
        .unwrap();
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
        value(&c.number(p, None).await.unwrap().status),
        Some("PENDING"),
        "provisioning"
    );
    f.sim.clock().advance(Duration::from_secs(5));
    let after = c.number(p, None).await.unwrap();
    assert_eq!(
        (
            value(&after.status),
            value(&after.platform_type),
            value(&after.can_send)
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
        value(&c.number(p, None).await.unwrap().status),
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
        .register(p, PHONE_NUMBER_ID, Some(&pin("000000")), None, false)
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
        let err = c
            .set_pin(p, PHONE_NUMBER_ID, &secret(pin.into()), false)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(err.message.contains(says), "{}", err.message);
    }
    let err = c
        .register(p, PHONE_NUMBER_ID, Some(&pin("123456")), Some("FR"), false)
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
            .register(p, PHONE_NUMBER_ID, Some(&pin("111111")), None, false)
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
        .register(p, PHONE_NUMBER_ID, Some(&pin("111111")), None, false)
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
            .register(p, PHONE_NUMBER_ID, Some(&pin("111111")), None, true)
            .await;
    }
    let err = again
        .register(p, PHONE_NUMBER_ID, Some(&pin("111111")), None, true)
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

/// Register calls the sandbox received since its counters were last reset.
fn register_calls(sim: &Sandbox) -> u64 {
    sim.requests()
        .snapshot()
        .by_route
        .get("POST /{version}/{id}/register")
        .copied()
        .unwrap_or(0)
}

/// Reads of one node (`GET /{phone-number-id}`, `GET /{waba-id}`) since the last reset.
fn node_reads(sim: &Sandbox) -> u64 {
    sim.requests()
        .snapshot()
        .by_route
        .get("GET /{version}/{id}")
        .copied()
        .unwrap_or(0)
}

/// Uses 9 of the number's 10 register attempts (wrong PINs: each still counts, here and at Meta).
async fn use_nine_attempts(c: &Console, p: &str) {
    for _ in 0..9 {
        let err = c
            .register(p, PHONE_NUMBER_ID, Some(&pin("111111")), None, true)
            .await
            .unwrap_err();
        assert!(err.graph().is_some(), "{err:?}");
    }
}

#[tokio::test]
async fn concurrent_registers_never_pass_the_budget_at_the_sandbox() {
    let f = fixture(Scenario::Healthy, "race").await;
    let (c, p) = (&f.console, f.profile.as_str());
    use_nine_attempts(c, p).await;
    f.sim.requests().reset();
    // A double click and a second window at once: four calls for the one attempt left.
    let wrong = pin("111111");
    let one = || c.register(p, PHONE_NUMBER_ID, Some(&wrong), None, true);
    let (a, b, d, e) = tokio::join!(one(), one(), one(), one());
    let results = [a, b, d, e];
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(e) if e.code == ErrorCode::AttemptBudgetExhausted))
        .count();
    assert_eq!(refused, 3, "{results:?}");
    assert_eq!(register_calls(&f.sim), 1, "one call reached Meta");
    let budget = c
        .attempt_budget(PHONE_NUMBER_ID, AttemptKind::Register)
        .await
        .unwrap();
    assert_eq!(budget.used, 10);
    c.clear_token(p).await.unwrap();
}

#[tokio::test]
async fn no_call_is_made_when_the_attempt_cannot_be_recorded_first() {
    use sqlx::Connection;
    let f = fixture(Scenario::Healthy, "busy").await;
    let (c, p) = (&f.console, f.profile.as_str());
    f.sim.requests().reset();
    // Another process holds the database's write lock past the console's busy timeout.
    let mut other = sqlx::SqliteConnection::connect(&format!(
        "sqlite://{}",
        f.dir.path().join("console.db").display()
    ))
    .await
    .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .unwrap();
    let err = c
        .register(p, PHONE_NUMBER_ID, Some(&pin("111111")), None, false)
        .await
        .unwrap_err();
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    assert_eq!(err.code, ErrorCode::Storage, "{err:?}");
    assert!(err.action.unwrap().contains("did not call Meta"));
    assert_eq!(register_calls(&f.sim), 0, "the rail failed closed");
    c.clear_token(p).await.unwrap();
}

/// Takes the fresh number to the register call, with `delay` of provisioning at the sandbox.
async fn register_fresh(f: &Fixture, delay: Duration) {
    let (c, p) = (&f.console, f.profile.as_str());
    c.request_code(p, PHONE_NUMBER_ID, CodeMethod::Sms, "en_US")
        .await
        .unwrap();
    c.verify_code(p, PHONE_NUMBER_ID, VERIFICATION_CODE)
        .await
        .unwrap();
    c.set_pin(p, PHONE_NUMBER_ID, &pin("024680"), false)
        .await
        .unwrap();
    f.sim.set_provisioning_delay(delay);
    c.register(p, PHONE_NUMBER_ID, Some(&pin("024680")), None, false)
        .await
        .unwrap();
    f.sim.requests().reset();
}

#[tokio::test]
async fn following_a_five_minute_provisioning_reads_on_the_backoff_schedule() {
    use waba_core::numbers::PollSchedule;
    use waba_service::Provisioning;
    let f = fixture(Scenario::Fresh, "follow").await;
    let (c, p) = (&f.console, f.profile.as_str());
    register_fresh(&f, Duration::from_secs(300)).await;
    let mut seen = Vec::new();
    // The test's sleep moves the sandbox's clock instead of waiting.
    let outcome = c
        .follow_provisioning(
            p,
            PHONE_NUMBER_ID,
            PollSchedule::PROVISIONING,
            async |d| {
                f.sim.clock().advance(d);
                true
            },
            |read, elapsed| {
                seen.push((
                    read.as_ref()
                        .ok()
                        .and_then(|h| value(&h.status).map(str::to_owned)),
                    elapsed.as_secs(),
                ))
            },
        )
        .await;
    assert!(matches!(outcome, Provisioning::Connected(_)), "{outcome:?}");
    assert_eq!(
        node_reads(&f.sim),
        14,
        "0, 2, 6, 14, 30 s, then every 30 s to 300 s: {seen:?}"
    );
    assert_eq!(seen.first().unwrap().0.as_deref(), Some("PENDING"));
    assert_eq!(seen.last().unwrap(), &(Some("CONNECTED".into()), 300));
}

#[tokio::test]
async fn following_stops_after_ten_minutes_with_the_number_still_pending() {
    use waba_core::numbers::PollSchedule;
    use waba_service::Provisioning;
    let f = fixture(Scenario::Fresh, "give-up").await;
    let (c, p) = (&f.console, f.profile.as_str());
    register_fresh(&f, Duration::from_secs(3600)).await;
    let outcome = c
        .follow_provisioning(
            p,
            PHONE_NUMBER_ID,
            PollSchedule::PROVISIONING,
            async |d| {
                f.sim.clock().advance(d);
                true
            },
            |_, _| {},
        )
        .await;
    let Provisioning::StillPending { last, reads } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(value(&last.unwrap().status), Some("PENDING"));
    assert_eq!((reads, node_reads(&f.sim)), (24, 24));
}

#[tokio::test]
async fn every_read_of_a_profile_draws_from_one_budget_and_none_is_sent_past_it() {
    let f = fixture(Scenario::Healthy, "budget").await;
    let mut config = ConsoleConfig::new(f.dir.path().to_path_buf(), &f.service);
    config.reads_per_hour = std::num::NonZeroU32::new(3).unwrap();
    let c = Console::open(config).await.unwrap();
    let p = f.profile.as_str();
    f.sim.requests().reset();
    c.number(p, None).await.unwrap();
    c.numbers(p).await.unwrap();
    c.number(p, Some(PHONE_NUMBER_ID)).await.unwrap();
    let err = c.number(p, None).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::RateLimited);
    assert!(err.action.as_deref().unwrap().contains("Wait about"));
    let err = c.run_doctor(p, None).await.map(drop).err();
    assert!(
        err.is_none() || err.unwrap().code == ErrorCode::RateLimited,
        "the doctor reports, it does not read past the budget"
    );
    assert_eq!(
        f.sim.requests().snapshot().total,
        3,
        "nothing past the budget was sent"
    );
    c.clear_token(p).await.unwrap();
}

#[tokio::test]
async fn removing_a_profile_removes_its_token_and_kept_pins_from_the_keychain() {
    let f = fixture(Scenario::Fresh, "remove").await;
    let (c, p) = (&f.console, f.profile.as_str());
    c.set_pin(p, PHONE_NUMBER_ID, &pin("013579"), true)
        .await
        .unwrap();
    let keychain = waba_secrets::Keychain::new(&f.service);
    let pin_account = format!("{p}/pin/{PHONE_NUMBER_ID}");
    assert!(keychain.get(&pin_account).await.unwrap().is_some());
    c.remove_profile(p).await.unwrap();
    assert!(
        keychain.get(p).await.unwrap().is_none(),
        "the token is gone"
    );
    assert!(
        keychain.get(&pin_account).await.unwrap().is_none(),
        "the kept PIN is gone"
    );
}

/// v22.0 and v23.0 are still served but have no `whatsapp_business_manager_messaging_limit`
/// (the sandbox refuses it there, as Graph does, with `(#100) Tried accessing nonexisting
/// field`): the doctor and the health panel read `messaging_limit_tier` instead, and from v24.0 the
/// portfolio limit.
#[tokio::test]
async fn a_v23_profile_reads_the_messaging_limit_from_the_field_its_version_has() {
    use waba_core::doctor::{CheckId, CheckState};
    use waba_core::graph_states::{MessagingLimit, QualityRating};
    let f = common::fixture_on(Scenario::Healthy, "v23-limit", "v23.0").await;
    let (c, p) = (&f.console, f.profile.as_str());

    let report = c.run_doctor(p, None).await.unwrap();
    assert_eq!(report.counts.fail, 0, "{}", report.to_markdown());
    let quality = report.check(CheckId::Quality).unwrap();
    assert_eq!(quality.state, CheckState::Pass, "{}", quality.summary);
    assert!(
        quality.evidence[0]
            .answer
            .contains("messaging_limit_tier: TIER_2K"),
        "{:?}",
        quality.evidence
    );
    assert!(quality
        .summary
        .contains("Messaging limit TIER_2K: 2,000 unique users"));
    assert_eq!(
        report.check(CheckId::Registered).unwrap().state,
        CheckState::Pass
    );

    let health = c.number(p, None).await.unwrap();
    let limit = health.messaging_limit.as_ref().unwrap();
    assert_eq!(limit.value, MessagingLimit::Tier2K);
    assert!(health.messaging_limit_is_deprecated_tier);
    assert_eq!(
        health.quality_rating.as_ref().map(|q| &q.value),
        Some(&QualityRating::Green)
    );
    let listed = c.numbers(p).await.unwrap();
    assert!(listed.iter().all(|n| n.messaging_limit.is_some()));

    // The same sandbox on v24.0 answers the portfolio limit, and the panel says it is one.
    let f = common::fixture_on(Scenario::Healthy, "v24-limit", "v24.0").await;
    let health = f.console.number(&f.profile, None).await.unwrap();
    assert_eq!(value(&health.messaging_limit), Some("TIER_2K"));
    assert!(!health.messaging_limit_is_deprecated_tier);
    let report = f.console.run_doctor(&f.profile, None).await.unwrap();
    let quality = report.check(CheckId::Quality).unwrap();
    assert!(quality.evidence[0]
        .answer
        .contains("whatsapp_business_manager_messaging_limit: TIER_2K"));
}

/// Since 7 Oct 2025 a RED rating neither flags the number nor lowers its limit: the doctor warns
/// (the number still sends) and says what RED still costs.
#[tokio::test]
async fn red_quality_is_a_warning_not_a_failure() {
    use waba_core::doctor::{CheckId, CheckState};
    use waba_core::graph_states::Tone;
    let f = fixture(Scenario::RedQuality, "red").await;
    let report = f.console.run_doctor(&f.profile, None).await.unwrap();
    let quality = report.check(CheckId::Quality).unwrap();
    assert_eq!(quality.state, CheckState::Warn, "{}", quality.summary);
    for words in [
        "still sends",
        "cannot scale up",
        "1,000 messages/second",
        "templates can be paused",
    ] {
        assert!(
            quality.summary.contains(words),
            "{words}: {}",
            quality.summary
        );
    }
    assert!(quality.fix.is_some());
    assert_eq!(
        report.check(CheckId::Registered).unwrap().state,
        CheckState::Pass
    );
    let health = f.console.number(&f.profile, None).await.unwrap();
    assert_eq!(health.quality_rating.unwrap().tone, Tone::Warn);
}
