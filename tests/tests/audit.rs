//! The audit log's key through the console: made on first start and kept in the OS keychain
//! (scripts/with-test-keychain), a missing key reported as missing rather than as tampering,
//! two consoles on one database appending at once, and a database from before the key.

use std::path::Path;

use waba_core::audit::AuditKeyState;
use waba_secrets::Keychain;
use waba_service::{Console, ConsoleConfig};

fn config(dir: &Path, tag: &str) -> ConsoleConfig {
    ConsoleConfig::new(
        dir.to_path_buf(),
        format!("waba-console-test-audit-{tag}-{}", std::process::id()),
    )
}

/// The keychain account of the database's audit key: `audit-key/<database id>`.
async fn key_account(dir: &Path) -> String {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.join("console.db").display()))
        .await
        .unwrap();
    let (id,): (String,) =
        sqlx::query_as("SELECT value FROM settings WHERE key = 'audit_database_id'")
            .fetch_one(&pool)
            .await
            .unwrap();
    pool.close().await;
    format!("audit-key/{id}")
}

/// Something every console can do that is recorded: make the Sandbox profile active.
async fn act(console: &Console) {
    let id = console.list_profiles().await.unwrap().profiles[0]
        .id
        .clone();
    console.set_active_profile(&id).await.unwrap();
}

async fn many(console: &Console) {
    for _ in 0..15 {
        act(console).await;
    }
}

async fn entries(console: &Console) -> usize {
    console.audit_log(u32::MAX).await.unwrap().entries.len()
}

#[tokio::test]
async fn the_key_is_made_once_in_the_keychain_and_a_missing_key_is_not_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), "missing");
    let keychain = Keychain::new(&config.keychain_service);
    let console = Console::open(config.clone()).await.unwrap();
    act(&console).await;
    let log = console.audit_log(10).await.unwrap();
    assert!(log.verification.intact, "{:?}", log.verification);
    assert_eq!(log.verification.key, AuditKeyState::Present);
    let account = key_account(dir.path()).await;
    let key = keychain
        .get(&account)
        .await
        .unwrap()
        .expect("the key is in the keychain");
    drop(console);

    // Reopening uses the same key.
    let console = Console::open(config.clone()).await.unwrap();
    act(&console).await;
    assert!(console.audit_log(10).await.unwrap().verification.intact);
    let recorded = entries(&console).await;
    drop(console);

    // The key is gone: reported as such, nothing is flagged as tampered, nothing is added, and
    // no new key takes its place.
    assert!(keychain.delete(&account).await.unwrap());
    let console = Console::open(config.clone()).await.unwrap();
    let v = console.audit_log(10).await.unwrap().verification;
    assert_eq!((v.intact, v.key), (false, AuditKeyState::Missing));
    assert!(v.findings.is_empty(), "{:?}", v.findings);
    assert_eq!(v.unverified_entries as usize, recorded);
    assert!(
        v.key_problem
            .as_deref()
            .is_some_and(|p| p.contains("not a sign of tampering") && p.contains(&account)),
        "{v:?}"
    );
    act(&console).await;
    assert_eq!(entries(&console).await, recorded);
    assert!(keychain.get(&account).await.unwrap().is_none());
    drop(console);

    // Restored, the chain checks out again and recording resumes.
    keychain.set(&account, &key).await.unwrap();
    let console = Console::open(config).await.unwrap();
    act(&console).await;
    let log = console.audit_log(u32::MAX).await.unwrap();
    assert!(log.verification.intact, "{:?}", log.verification);
    assert_eq!(log.entries.len(), recorded + 1);
    keychain.delete(&account).await.unwrap();
}

#[tokio::test]
async fn two_consoles_on_one_database_append_at_once_and_the_chain_holds() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), "two");
    let app = Console::open(config.clone()).await.unwrap();
    let cli = Console::open(config.clone()).await.unwrap();
    tokio::join!(many(&app), many(&cli));
    let log = app.audit_log(u32::MAX).await.unwrap();
    assert_eq!(log.entries.len(), 30, "no append was lost");
    assert!(log.verification.intact, "{:?}", log.verification);
    assert_eq!(log.verification.entries_checked, 30);
    Keychain::new(&config.keychain_service)
        .delete(&key_account(dir.path()).await)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_database_with_unkeyed_entries_opens_and_keeps_them_as_unkeyed() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), "legacy");
    // The previous version's database: its entries carry the unkeyed SHA-256 chain.
    let path = dir.path().join("console.db");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    sqlx::migrate::Migrator::new(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/waba-store/migrations"),
    )
    .await
    .unwrap()
    .run(&pool)
    .await
    .unwrap();
    for i in 0..3 {
        sqlx::query("INSERT INTO audit_log (at, profile_id, action, target, outcome, graph_code, duration_ms) VALUES (?, NULL, 'profile_added', ?, 'ok', NULL, 1)")
            .bind(format!("2026-11-2{i}T10:00:00Z"))
            .bind(format!("Old {i}"))
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;

    let console = Console::open(config.clone()).await.unwrap();
    act(&console).await;
    let log = console.audit_log(u32::MAX).await.unwrap();
    let v = &log.verification;
    assert!(v.intact, "{v:?}");
    assert_eq!(
        (v.entries_checked, v.unkeyed_entries, v.key),
        (4, 3, AuditKeyState::Present)
    );
    assert_eq!(log.entries[3].target.as_deref(), Some("Old 0"));
    Keychain::new(&config.keychain_service)
        .delete(&key_account(dir.path()).await)
        .await
        .unwrap();
}
