//! The store against a real SQLite file in a temporary folder.

use std::time::Duration;

use waba_core::audit::{AuditAction, Outcome, TamperKind};
use waba_core::profile::{Profile, ProfileKind};
use waba_store::{AuditRecord, Store, StoreError};

fn profile(id: &str, name: &str, kind: ProfileKind) -> Profile {
    Profile {
        id: id.into(),
        name: name.into(),
        kind,
        app_id: "634974688087057".into(),
        waba_id: "102290129340398".into(),
        phone_number_id: "106540352242922".into(),
        api_version: "v26.0".into(),
        base_url: None,
        scenario: (kind == ProfileKind::Sandbox).then(|| "healthy".into()),
        created_at: format!("2026-11-26T00:00:0{}Z", id.len()),
    }
}

#[tokio::test]
async fn profiles_survive_a_reopen_and_migrations_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/console.db");
    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.journal_mode().await.unwrap(), "wal");
    store
        .insert_profile(&profile("s", "Sandbox", ProfileKind::Sandbox))
        .await
        .unwrap();
    store
        .insert_profile(&profile("rr", "Acme", ProfileKind::Real))
        .await
        .unwrap();
    store.set_active_profile_id("rr").await.unwrap();
    store.close().await;

    let store = Store::open(&path).await.unwrap();
    let names: Vec<_> = store
        .list_profiles()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        ["Sandbox", "Acme"],
        "sandbox first, then real profiles"
    );
    assert_eq!(
        store.active_profile_id().await.unwrap().as_deref(),
        Some("rr")
    );
    assert_eq!(
        store
            .profile("s")
            .await
            .unwrap()
            .unwrap()
            .scenario
            .as_deref(),
        Some("healthy")
    );
    assert_eq!(
        store.profile_by_name("acme").await.unwrap().unwrap().id,
        "rr"
    );
}

#[tokio::test]
async fn names_are_unique_ignoring_case() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db")).await.unwrap();
    store
        .insert_profile(&profile("a", "Acme", ProfileKind::Real))
        .await
        .unwrap();
    let err = store
        .insert_profile(&profile("b", "ACME", ProfileKind::Real))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::DuplicateName(ref n) if n == "ACME"),
        "{err}"
    );
}

#[tokio::test]
async fn deleting_the_active_profile_clears_the_choice() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db")).await.unwrap();
    store
        .insert_profile(&profile("a", "Acme", ProfileKind::Real))
        .await
        .unwrap();
    store.set_active_profile_id("a").await.unwrap();
    assert!(store.delete_profile("a").await.unwrap());
    assert!(!store.delete_profile("a").await.unwrap());
    assert_eq!(store.active_profile_id().await.unwrap(), None);
}

#[tokio::test]
async fn only_sandbox_profiles_take_a_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db")).await.unwrap();
    store
        .insert_profile(&profile("s", "Sandbox", ProfileKind::Sandbox))
        .await
        .unwrap();
    store
        .insert_profile(&profile("a", "Acme", ProfileKind::Real))
        .await
        .unwrap();
    assert!(store.set_scenario("s", "fresh").await.unwrap());
    assert!(!store.set_scenario("a", "fresh").await.unwrap());
    assert_eq!(
        store
            .profile("s")
            .await
            .unwrap()
            .unwrap()
            .scenario
            .as_deref(),
        Some("fresh")
    );
}

/// `store` with a fresh audit key bound to its database (as `Console::open` does).
async fn keyed(store: Store) -> Store {
    let key = waba_store::AuditKey::generate().unwrap();
    let setup = store.begin_audit_key_setup().await.unwrap();
    setup.adopt(&key).await.unwrap();
    store.with_audit_key(key)
}

#[tokio::test]
async fn audit_entries_come_back_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = keyed(Store::open(&dir.path().join("db")).await.unwrap()).await;
    for (action, outcome, code) in [
        (AuditAction::TokenSet, Outcome::Failed, Some(190)),
        (AuditAction::TokenCleared, Outcome::Ok, None),
    ] {
        store
            .record(&AuditRecord {
                profile_id: Some("p".into()),
                action,
                target: Some("Sandbox".into()),
                outcome,
                graph_code: code,
                duration: Duration::from_millis(42),
            })
            .await
            .unwrap();
    }
    let entries = store.audit_entries(10).await.unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].action, AuditAction::TokenCleared);
    assert_eq!(
        (
            entries[1].outcome,
            entries[1].graph_code,
            entries[1].duration_ms
        ),
        (Outcome::Failed, Some(190), 42)
    );
}

#[tokio::test]
async fn two_handles_on_one_file_see_each_others_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let (gui, cli) = (
        Store::open(&path).await.unwrap(),
        Store::open(&path).await.unwrap(),
    );
    cli.insert_profile(&profile("a", "Acme", ProfileKind::Real))
        .await
        .unwrap();
    assert_eq!(gui.list_profiles().await.unwrap().len(), 1);
}

async fn store_with_entries(path: &std::path::Path, n: usize) -> Store {
    let store = keyed(Store::open(path).await.unwrap()).await;
    for i in 0..n {
        store
            .record(&AuditRecord {
                profile_id: Some("p".into()),
                action: AuditAction::TokenSet,
                target: Some(format!("target {i}")),
                outcome: Outcome::Ok,
                graph_code: None,
                duration: Duration::from_millis(i as u64),
            })
            .await
            .unwrap();
    }
    store
}

/// Tampers with the file behind the store's back, as someone with the database would.
async fn tamper(path: &std::path::Path, sql: &'static str) {
    let url = format!("sqlite://{}", path.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query(sql).execute(&pool).await.unwrap();
    pool.close().await;
}

#[tokio::test]
async fn an_untouched_chain_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_entries(&dir.path().join("db"), 4).await;
    let v = store.verify_audit().await.unwrap();
    assert!(v.intact, "{:?}", v.findings);
    assert_eq!(v.entries_checked, 4);
    let entries = store.audit_entries(10).await.unwrap();
    assert_eq!(entries[0].hash.len(), 64);
    assert_ne!(entries[0].hash, entries[1].hash);
}

#[tokio::test]
async fn an_edited_entry_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = store_with_entries(&path, 4).await;
    tamper(
        &path,
        "UPDATE audit_log SET outcome = 'failed' WHERE id = 2",
    )
    .await;
    let v = store.verify_audit().await.unwrap();
    assert!(!v.intact);
    assert_eq!(v.findings.len(), 1, "{:?}", v.findings);
    assert_eq!(
        (v.findings[0].kind, v.findings[0].entry_id),
        (TamperKind::Edited, Some(2))
    );
}

#[tokio::test]
async fn a_deleted_entry_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = store_with_entries(&path, 4).await;
    tamper(&path, "DELETE FROM audit_log WHERE id = 2").await;
    let v = store.verify_audit().await.unwrap();
    assert!(!v.intact);
    assert!(
        v.findings
            .iter()
            .any(|f| f.kind == TamperKind::Missing && f.entry_id == Some(3)),
        "{:?}",
        v.findings
    );
}

#[tokio::test]
async fn deleting_the_newest_entries_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = store_with_entries(&path, 4).await;
    tamper(&path, "DELETE FROM audit_log WHERE id >= 3").await;
    let v = store.verify_audit().await.unwrap();
    assert_eq!(v.findings.len(), 1, "{:?}", v.findings);
    assert_eq!(v.findings[0].kind, TamperKind::Truncated);
    assert!(v.findings[0]
        .message
        .contains("holds 2 entries but 4 were recorded"));
}

#[tokio::test]
async fn quality_history_skips_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db")).await.unwrap();
    use waba_core::quality::QualitySource::Read;
    assert!(store
        .record_quality("p", "1", Some("GREEN"), Some("TIER_2K"), Read)
        .await
        .unwrap());
    assert!(!store
        .record_quality("p", "1", Some("GREEN"), Some("TIER_2K"), Read)
        .await
        .unwrap());
    assert!(store
        .record_quality("p", "1", Some("YELLOW"), Some("TIER_2K"), Read)
        .await
        .unwrap());
    let points = store.quality_history("p").await.unwrap();
    assert_eq!(
        points
            .iter()
            .map(|p| p.rating.as_deref().unwrap())
            .collect::<Vec<_>>(),
        ["GREEN", "YELLOW"]
    );
}

/// Reserves an attempt at `at` unless 10 are already in the 72 h before `now`.
async fn reserve(
    store: &Store,
    number: &str,
    kind: waba_core::numbers::AttemptKind,
    at: time::OffsetDateTime,
) -> waba_store::Reservation {
    let now = time::OffsetDateTime::now_utc();
    store
        .reserve_attempt(number, kind, now - time::Duration::hours(72), at, |w| {
            w.used < 10
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn register_attempts_are_counted_per_window_and_survive_a_restart() {
    use time::{Duration as TimeDuration, OffsetDateTime};
    use waba_core::numbers::AttemptKind;
    use waba_store::{AttemptOutcome, Reservation};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let now = OffsetDateTime::now_utc();
    let store = Store::open(&path).await.unwrap();
    for (hours_ago, outcome) in [
        (80, AttemptOutcome::Failed),
        (50, AttemptOutcome::Failed),
        (10, AttemptOutcome::Unknown),
        (1, AttemptOutcome::Ok),
    ] {
        let at = now - TimeDuration::hours(hours_ago);
        let Reservation::Granted { id, .. } =
            reserve(&store, "106", AttemptKind::Register, at).await
        else {
            panic!("refused");
        };
        store
            .finish_attempt(id, outcome, Some(133005))
            .await
            .unwrap();
    }
    // A reservation whose outcome never came (a crash mid-call) counts too.
    reserve(&store, "106", AttemptKind::Register, now).await;
    reserve(&store, "106", AttemptKind::Deregister, now).await;
    reserve(&store, "999", AttemptKind::Register, now).await;
    store.close().await;

    let store = Store::open(&path).await.unwrap();
    let window = store
        .attempts_since("106", AttemptKind::Register, now - TimeDuration::hours(72))
        .await
        .unwrap();
    assert_eq!(
        window.used, 4,
        "the 80-hour-old attempt is outside the window"
    );
    assert!(window.oldest.is_some());
    let deregisters = store
        .attempts_since(
            "106",
            AttemptKind::Deregister,
            now - TimeDuration::hours(72),
        )
        .await
        .unwrap();
    assert_eq!(deregisters.used, 1);
}

#[tokio::test]
async fn concurrent_reservations_from_two_handles_never_pass_the_budget() {
    use waba_core::numbers::AttemptKind;
    use waba_store::Reservation;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    // Two handles with their own pools stand for the window and a CLI run on the same file.
    let (a, b) = (
        Store::open(&path).await.unwrap(),
        Store::open(&path).await.unwrap(),
    );
    let now = time::OffsetDateTime::now_utc();
    let tries = (0..30).map(|i| {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        tokio::spawn(async move { reserve(&store, "106", AttemptKind::Register, now).await })
    });
    let mut granted = 0;
    for t in tries {
        if let Reservation::Granted { window, .. } = t.await.unwrap() {
            assert!(
                window.used < 10,
                "granted with {} already used",
                window.used
            );
            granted += 1;
        }
    }
    assert_eq!(granted, 10);
    let window = a
        .attempts_since("106", AttemptKind::Register, now - time::Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(window.used, 10);
}

#[tokio::test]
async fn kept_pins_are_listed_per_profile_and_go_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db")).await.unwrap();
    store
        .insert_profile(&profile("p1", "Acme", ProfileKind::Real))
        .await
        .unwrap();
    for number in ["106", "107", "106"] {
        store.record_kept_pin("p1", number).await.unwrap();
    }
    assert_eq!(store.kept_pins("p1").await.unwrap(), ["106", "107"]);
    store.forget_kept_pin("p1", "107").await.unwrap();
    assert_eq!(store.kept_pins("p1").await.unwrap(), ["106"]);
    store.delete_profile("p1").await.unwrap();
    assert!(store.kept_pins("p1").await.unwrap().is_empty());
}
