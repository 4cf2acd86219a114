//! The store against a real SQLite file in a temporary folder.

use std::time::Duration;

use waba_core::audit::{AuditAction, Outcome};
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

#[tokio::test]
async fn audit_entries_come_back_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db")).await.unwrap();
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
