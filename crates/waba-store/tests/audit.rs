//! The keyed audit chain against a real SQLite file: what someone who can edit the database but
//! does not hold the key can no longer hide, how entries from before the key are treated, a
//! missing or different key, and appends from two handles at once.

use std::path::Path;
use std::time::Duration;

use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use waba_core::audit::{AuditAction, AuditKeyState, AuditVerification, Outcome, TamperKind};
use waba_store::{AuditKey, AuditRecord, KeyAdoption, Store};

fn record(i: usize) -> AuditRecord {
    AuditRecord {
        profile_id: Some("p".into()),
        action: AuditAction::TokenSet,
        target: Some(format!("target {i}")),
        outcome: Outcome::Ok,
        graph_code: None,
        duration: Duration::from_millis(i as u64),
    }
}

/// A copy of `key` (the keychain hands out the same key to every process).
fn copy(key: &AuditKey) -> AuditKey {
    AuditKey::from_secret(&key.to_secret()).unwrap()
}

async fn bind(store: Store, key: AuditKey) -> (Store, KeyAdoption) {
    let adoption = store
        .begin_audit_key_setup()
        .await
        .unwrap()
        .adopt(&key)
        .await
        .unwrap();
    (store.with_audit_key(key), adoption)
}

/// A keyed store with `n` entries, and its key.
async fn keyed_with(path: &Path, n: usize) -> (Store, AuditKey) {
    let key = AuditKey::generate().unwrap();
    let (store, adoption) = bind(Store::open(path).await.unwrap(), copy(&key)).await;
    assert_eq!(adoption, KeyAdoption::Bound { legacy_entries: 0 });
    for i in 0..n {
        store.record(&record(i)).await.unwrap();
    }
    (store, key)
}

/// Runs SQL on the file behind the store's back, as someone with the database would.
async fn sql(path: &Path, statements: &[&str]) {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    for statement in statements {
        // Test-only SQL written in this file.
        sqlx::query(sqlx::AssertSqlSafe(statement.to_string()))
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;
}

/// The old, unkeyed hash of a row, as anyone could compute it.
fn sha_chain_hash(
    prev: &str,
    row: &(
        String,
        Option<String>,
        String,
        Option<String>,
        String,
        Option<i64>,
        i64,
    ),
) -> String {
    let (at, profile, action, target, outcome, code, ms) = row;
    let mut h = Sha256::new();
    for part in [
        prev,
        at,
        profile.as_deref().unwrap_or(""),
        action,
        target.as_deref().unwrap_or(""),
        outcome,
        &code.map(|c| c.to_string()).unwrap_or_default(),
        &ms.to_string(),
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// What the old scheme let anyone do after an edit: recompute every hash and the head.
async fn recompute_unkeyed(path: &Path) {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    type Row = (
        i64,
        String,
        Option<String>,
        String,
        Option<String>,
        String,
        Option<i64>,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, at, profile_id, action, target, outcome, graph_code, duration_ms FROM audit_log ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut prev = "0".repeat(64);
    for (id, at, profile, action, target, outcome, code, ms) in rows {
        let hash = sha_chain_hash(&prev, &(at, profile, action, target, outcome, code, ms));
        sqlx::query("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?")
            .bind(&prev)
            .bind(&hash)
            .bind(id)
            .execute(&pool)
            .await
            .unwrap();
        prev = hash;
    }
    sqlx::query("UPDATE settings SET value = ? WHERE key = 'audit_head'")
        .bind(&prev)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

fn kinds(v: &AuditVerification) -> Vec<(TamperKind, Option<i64>)> {
    v.findings.iter().map(|f| (f.kind, f.entry_id)).collect()
}

#[tokio::test]
async fn an_untouched_keyed_chain_verifies_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let (store, key) = keyed_with(&dir.path().join("db"), 4).await;
    let v = store.verify_audit().await.unwrap();
    assert!(v.intact, "{v:?}");
    assert_eq!(
        (
            v.entries_checked,
            v.key,
            v.unkeyed_entries,
            v.unverified_entries
        ),
        (4, AuditKeyState::Present, 0, 0)
    );
    assert_eq!(v.key_problem, None);
    let entries = store.audit_entries(10).await.unwrap();
    assert_eq!(entries[0].hash.len(), 64);
    // The key never shows: not in Debug, not in the database.
    let hex = key.to_secret().expose_secret().to_owned();
    let printed = format!("{key:?} {store:?}");
    assert!(!printed.contains(&hex), "{printed}");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.path().join("db").display()))
        .await
        .unwrap();
    let stored: Vec<(String,)> = sqlx::query_as(
        "SELECT value FROM settings UNION ALL SELECT COALESCE(hash, '') || COALESCE(prev_hash, '') FROM audit_log",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(stored.iter().all(|(v,)| !v.contains(&hex)));
}

#[tokio::test]
async fn an_edit_with_every_hash_recomputed_without_the_key_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let (store, _key) = keyed_with(&path, 4).await;
    sql(
        &path,
        &["UPDATE audit_log SET outcome = 'failed' WHERE id = 2"],
    )
    .await;
    // Under the unkeyed scheme this made the chain whole again; it does not any more.
    recompute_unkeyed(&path).await;
    let v = store.verify_audit().await.unwrap();
    assert!(!v.intact);
    assert!(
        kinds(&v).contains(&(TamperKind::Edited, Some(2))),
        "{:?}",
        v.findings
    );
    assert!(
        v.findings
            .iter()
            .any(|f| f.kind == TamperKind::Truncated
                && f.message.contains("rewritten without the key")),
        "the head was rewritten too: {:?}",
        v.findings
    );
}

#[tokio::test]
async fn a_deleted_entry_is_missing_and_swapped_entries_are_reordered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let (store, _key) = keyed_with(&path, 5).await;
    sql(&path, &["DELETE FROM audit_log WHERE id = 2"]).await;
    let v = store.verify_audit().await.unwrap();
    assert_eq!(kinds(&v), [(TamperKind::Missing, Some(3))]);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let (store, _key) = keyed_with(&path, 5).await;
    // Entries 2 and 3 trade places (every column but the id).
    sql(
        &path,
        &[
            "CREATE TABLE t AS SELECT * FROM audit_log WHERE id IN (2, 3)",
            "UPDATE audit_log SET (at, profile_id, action, target, outcome, graph_code, duration_ms, prev_hash, hash) = \
             (SELECT at, profile_id, action, target, outcome, graph_code, duration_ms, prev_hash, hash FROM t WHERE t.id = 5 - audit_log.id) \
             WHERE id IN (2, 3)",
            "DROP TABLE t",
        ],
    )
    .await;
    let v = store.verify_audit().await.unwrap();
    assert!(!v.intact);
    assert!(
        kinds(&v).contains(&(TamperKind::Reordered, Some(2))),
        "{:?}",
        v.findings
    );
    assert!(
        !v.findings.iter().any(|f| f.kind == TamperKind::Edited),
        "each moved entry is intact in itself: {:?}",
        v.findings
    );
}

#[tokio::test]
async fn cutting_off_the_newest_entries_is_detected_even_with_the_head_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let (store, _key) = keyed_with(&path, 4).await;
    sql(&path, &["DELETE FROM audit_log WHERE id >= 3"]).await;
    let v = store.verify_audit().await.unwrap();
    assert_eq!(kinds(&v), [(TamperKind::Truncated, Some(2))]);
    assert!(v.findings[0]
        .message
        .contains("holds 2 entries but 4 were recorded"));

    // Moving the head and count back, as the unkeyed scheme allowed, breaks the head's HMAC.
    sql(
        &path,
        &[
            "UPDATE settings SET value = (SELECT hash FROM audit_log WHERE id = 2) WHERE key = 'audit_head'",
            "UPDATE settings SET value = '2' WHERE key = 'audit_count'",
        ],
    )
    .await;
    let v = store.verify_audit().await.unwrap();
    assert_eq!(kinds(&v), [(TamperKind::Truncated, Some(2))]);
    assert!(v.findings[0].message.contains("rewritten without the key"));
}

#[tokio::test]
async fn moving_the_legacy_boundary_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let (store, _key) = keyed_with(&path, 3).await;
    // Claim the first two keyed entries are from before the key, so that only the unkeyed hash
    // would be checked for them.
    sql(
        &path,
        &["UPDATE settings SET value = '2' WHERE key = 'audit_legacy_count'"],
    )
    .await;
    let v = store.verify_audit().await.unwrap();
    assert!(!v.intact);
    assert!(
        v.findings.iter().any(|f| f
            .message
            .contains("where the keyed chain starts was changed")),
        "{:?}",
        v.findings
    );
}

/// A database as the previous version left it: entries chained with the unkeyed SHA-256.
async fn legacy_database(path: &Path, n: usize) {
    let store = Store::open(path).await.unwrap();
    store.close().await;
    let mut statements = Vec::new();
    for i in 0..n {
        statements.push(format!(
            "INSERT INTO audit_log (at, profile_id, action, target, outcome, graph_code, duration_ms) \
             VALUES ('2026-11-0{}T10:00:00Z', 'p', 'profile_added', 'old {i}', 'ok', NULL, {i})",
            i + 1
        ));
    }
    let refs: Vec<&str> = statements.iter().map(String::as_str).collect();
    sql(path, &refs).await;
    // Opening chains them with the unkeyed scheme, as the previous version did.
    Store::open(path).await.unwrap().close().await;
}

#[tokio::test]
async fn an_old_database_opens_and_its_unkeyed_entries_are_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    legacy_database(&path, 3).await;
    let unkeyed = Store::open(&path)
        .await
        .unwrap()
        .verify_audit()
        .await
        .unwrap();
    assert!(unkeyed.intact, "{unkeyed:?}");
    assert_eq!(
        (unkeyed.unkeyed_entries, unkeyed.key),
        (3, AuditKeyState::Missing)
    );

    let key = AuditKey::generate().unwrap();
    let (store, adoption) = bind(Store::open(&path).await.unwrap(), key).await;
    assert_eq!(adoption, KeyAdoption::Bound { legacy_entries: 3 });
    store.record(&record(9)).await.unwrap();
    store.record(&record(10)).await.unwrap();
    let v = store.verify_audit().await.unwrap();
    assert!(v.intact, "{v:?}");
    assert_eq!(
        (v.entries_checked, v.unkeyed_entries, v.key),
        (5, 3, AuditKeyState::Present)
    );

    // Rewriting an old entry now, even with the unkeyed hashes recomputed, shows: the keyed
    // chain starts from the old entries' last hash.
    sql(
        &path,
        &["UPDATE audit_log SET target = 'rewritten' WHERE id = 2"],
    )
    .await;
    recompute_unkeyed(&path).await;
    let v = store.verify_audit().await.unwrap();
    assert!(!v.intact);
    assert!(
        v.findings
            .iter()
            .any(|f| f.entry_id == Some(3) && f.message.contains("before the log was keyed")),
        "{:?}",
        v.findings
    );
}

#[tokio::test]
async fn a_missing_key_is_reported_as_missing_not_as_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let (store, _key) = keyed_with(&path, 3).await;
    store.close().await;

    let without = Store::open(&path).await.unwrap();
    let setup = without.begin_audit_key_setup().await.unwrap();
    assert!(
        setup.has_keyed_entries(),
        "a new key must not replace this one"
    );
    setup.finish().await.unwrap();
    let v = without.verify_audit().await.unwrap();
    assert_eq!(
        (v.intact, v.key, v.unverified_entries, v.entries_checked),
        (false, AuditKeyState::Missing, 3, 0)
    );
    assert!(v.findings.is_empty(), "{:?}", v.findings);
    let problem = v.key_problem.unwrap();
    assert!(problem.contains("not a sign of tampering"), "{problem}");
    assert!(
        problem.contains("audit-key/"),
        "names the keychain entry: {problem}"
    );
    assert!(without.record(&record(4)).await.is_err());
}

#[tokio::test]
async fn another_key_cannot_check_or_extend_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let (store, key) = keyed_with(&path, 2).await;
    store.close().await;

    let other = AuditKey::generate().unwrap();
    let (store, adoption) = bind(Store::open(&path).await.unwrap(), other).await;
    assert_eq!(
        adoption,
        KeyAdoption::Mismatch {
            chain_key_id: key.id()
        }
    );
    let v = store.verify_audit().await.unwrap();
    assert_eq!((v.intact, v.key), (false, AuditKeyState::Mismatch));
    assert!(v.findings.is_empty(), "{:?}", v.findings);
    assert!(store.record(&record(3)).await.is_err());
    assert_eq!(store.audit_entries(10).await.unwrap().len(), 2);

    // With the right key back, all is well and appends continue.
    let (store, adoption) = bind(Store::open(&path).await.unwrap(), key).await;
    assert_eq!(adoption, KeyAdoption::Matches);
    store.record(&record(3)).await.unwrap();
    assert!(store.verify_audit().await.unwrap().intact);
}

#[tokio::test]
async fn a_key_lost_before_anything_was_signed_can_be_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let (store, _lost) = keyed_with(&path, 0).await;
    store.close().await;
    let setup = Store::open(&path)
        .await
        .unwrap()
        .begin_audit_key_setup()
        .await
        .unwrap();
    assert!(!setup.has_keyed_entries());
    let replacement = AuditKey::generate().unwrap();
    assert_eq!(
        setup.adopt(&replacement).await.unwrap(),
        KeyAdoption::Bound { legacy_entries: 0 }
    );
}

#[tokio::test]
async fn two_handles_appending_at_once_keep_one_valid_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let (app, key) = keyed_with(&path, 0).await;
    let (cli, adoption) = bind(Store::open(&path).await.unwrap(), copy(&key)).await;
    assert_eq!(adoption, KeyAdoption::Matches);
    let writer = |store: Store, from: usize| {
        tokio::spawn(async move {
            for i in from..from + 25 {
                store.record(&record(i)).await.unwrap();
            }
        })
    };
    let (a, b) = tokio::join!(writer(app.clone(), 0), writer(cli.clone(), 100));
    a.unwrap();
    b.unwrap();
    let v = app.verify_audit().await.unwrap();
    assert!(v.intact, "{:?}", v.findings);
    assert_eq!(v.entries_checked, 50);
    assert!(cli.verify_audit().await.unwrap().intact);
}

#[test]
fn keys_round_trip_through_the_keychain_form_and_reject_anything_else() {
    let key = AuditKey::generate().unwrap();
    let again = copy(&key);
    assert_eq!(key.id(), again.id());
    assert_eq!(key.id().len(), 16);
    assert_ne!(key.id(), AuditKey::generate().unwrap().id());
    for bad in ["", "abc", &"g".repeat(64), &"0".repeat(63)] {
        assert!(
            AuditKey::from_secret(&bad.to_owned().into()).is_err(),
            "{bad:?}"
        );
    }
}
