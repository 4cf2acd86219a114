//! The audit log as a hash chain. Each entry stores `prev_hash` (the hash of the entry before it)
//! and `hash` = SHA-256 over `prev_hash` and its own fields; the newest hash and the entry count
//! are kept as the chain's head. Editing an entry breaks its hash, deleting one breaks the link
//! of the next, and deleting the newest ones no longer matches the head.

use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use waba_core::audit::{
    AuditAction, AuditEntry, AuditVerification, Outcome, TamperFinding, TamperKind,
};

use crate::{AuditRecord, Store, StoreError};

/// The `prev_hash` of the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const HEAD_KEY: &str = "audit_head";
const COUNT_KEY: &str = "audit_count";

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: String,
    profile_id: Option<String>,
    action: String,
    target: Option<String>,
    outcome: String,
    graph_code: Option<i64>,
    duration_ms: i64,
    prev_hash: Option<String>,
    hash: Option<String>,
}

impl AuditRow {
    /// The hash this row should carry after `prev`.
    fn expected_hash(&self, prev: &str) -> String {
        let mut h = Sha256::new();
        for part in [
            prev,
            &self.at,
            self.profile_id.as_deref().unwrap_or(""),
            &self.action,
            self.target.as_deref().unwrap_or(""),
            &self.outcome,
            &self.graph_code.map(|c| c.to_string()).unwrap_or_default(),
            &self.duration_ms.to_string(),
        ] {
            h.update(part.as_bytes());
            h.update([0x1f]);
        }
        hex::encode(h.finalize())
    }

    fn into_entry(self) -> Result<AuditEntry, StoreError> {
        let action = AuditAction::parse(&self.action)
            .ok_or_else(|| StoreError::Corrupt(format!("audit action {:?}", self.action)))?;
        let outcome = match self.outcome.as_str() {
            "ok" => Outcome::Ok,
            "failed" => Outcome::Failed,
            other => return Err(StoreError::Corrupt(format!("audit outcome {other:?}"))),
        };
        Ok(AuditEntry {
            id: self.id,
            at: self.at,
            profile_id: self.profile_id,
            action,
            target: self.target,
            outcome,
            graph_code: self.graph_code,
            duration_ms: self.duration_ms,
            hash: self.hash.unwrap_or_default(),
        })
    }
}

/// The audit columns as a literal, so queries stay `&'static str` (sqlx refuses built strings).
macro_rules! select_rows {
    () => {
        "SELECT id, at, profile_id, action, target, outcome, graph_code, duration_ms, prev_hash, hash FROM audit_log"
    };
}

fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Ok => "ok",
        Outcome::Failed => "failed",
    }
}

impl Store {
    /// Appends one entry, chained to the newest one, and moves the head; all in one transaction.
    pub async fn record(&self, r: &AuditRecord) -> Result<AuditEntry, StoreError> {
        let at = time::OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.pool.begin().await?;
        let head: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = ?")
            .bind(HEAD_KEY)
            .fetch_optional(&mut *tx)
            .await?;
        let prev = head.map_or_else(|| GENESIS.to_owned(), |h| h.0);
        let mut row = AuditRow {
            id: 0,
            at,
            profile_id: r.profile_id.clone(),
            action: r.action.as_str().to_owned(),
            target: r.target.clone(),
            outcome: outcome_name(r.outcome).to_owned(),
            graph_code: r.graph_code,
            duration_ms: i64::try_from(r.duration.as_millis()).unwrap_or(i64::MAX),
            prev_hash: Some(prev.clone()),
            hash: None,
        };
        let hash = row.expected_hash(&prev);
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO audit_log (at, profile_id, action, target, outcome, graph_code, duration_ms, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&row.at)
        .bind(&row.profile_id)
        .bind(&row.action)
        .bind(&row.target)
        .bind(&row.outcome)
        .bind(row.graph_code)
        .bind(row.duration_ms)
        .bind(&prev)
        .bind(&hash)
        .fetch_one(&mut *tx)
        .await?;
        set(&mut tx, HEAD_KEY, &hash).await?;
        sqlx::query("INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")
            .bind(COUNT_KEY)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        row.id = id;
        row.hash = Some(hash);
        row.into_entry()
    }

    /// The newest `limit` entries, newest first.
    pub async fn audit_entries(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        let sql = concat!(select_rows!(), " ORDER BY id DESC LIMIT ?");
        let rows: Vec<AuditRow> = sqlx::query_as(sql)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(AuditRow::into_entry).collect()
    }

    /// How many entries with one of `codes` were recorded since `since` (RFC 3339).
    pub async fn count_graph_codes_since(
        &self,
        codes: &[i64],
        since: &str,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        let mut counts = Vec::new();
        for &code in codes {
            let (n,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE graph_code = ? AND at >= ?")
                    .bind(code)
                    .bind(since)
                    .fetch_one(&self.pool)
                    .await?;
            counts.push((code, n));
        }
        Ok(counts)
    }

    /// Re-walks the whole chain and reports every break.
    pub async fn verify_audit(&self) -> Result<AuditVerification, StoreError> {
        let rows: Vec<AuditRow> = sqlx::query_as(concat!(select_rows!(), " ORDER BY id"))
            .fetch_all(&self.pool)
            .await?;
        let mut findings = Vec::new();
        let mut prev = GENESIS.to_owned();
        for row in &rows {
            let stored_prev = row.prev_hash.as_deref().unwrap_or_default();
            if stored_prev != prev {
                findings.push(TamperFinding {
                    kind: TamperKind::Missing,
                    entry_id: Some(row.id),
                    message: format!(
                        "Entries before #{} were deleted: it does not follow the entry before it.",
                        row.id
                    ),
                });
            }
            let stored = row.hash.clone().unwrap_or_default();
            if row.expected_hash(stored_prev) != stored {
                findings.push(TamperFinding {
                    kind: TamperKind::Edited,
                    entry_id: Some(row.id),
                    message: format!("Entry #{} was changed after it was recorded.", row.id),
                });
            }
            prev = stored;
        }
        let head = get(self, HEAD_KEY)
            .await?
            .unwrap_or_else(|| GENESIS.to_owned());
        let count: usize = get(self, COUNT_KEY)
            .await?
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        if head != prev || count != rows.len() {
            findings.push(TamperFinding {
                kind: TamperKind::Truncated,
                entry_id: rows.last().map(|r| r.id),
                message: format!(
                    "The log holds {} entries but {count} were recorded: the newest entries were deleted.",
                    rows.len()
                ),
            });
        }
        Ok(AuditVerification {
            intact: findings.is_empty(),
            entries_checked: u32::try_from(rows.len()).unwrap_or(u32::MAX),
            findings,
        })
    }

    /// Chains entries written before the chain existed (NULL hash), in order, once.
    pub(crate) async fn chain_unhashed_entries(&self) -> Result<(), StoreError> {
        let unhashed: Vec<AuditRow> =
            sqlx::query_as(concat!(select_rows!(), " WHERE hash IS NULL ORDER BY id"))
                .fetch_all(&self.pool)
                .await?;
        if unhashed.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        let mut prev = GENESIS.to_owned();
        for row in &unhashed {
            let hash = row.expected_hash(&prev);
            sqlx::query("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?")
                .bind(&prev)
                .bind(&hash)
                .bind(row.id)
                .execute(&mut *tx)
                .await?;
            prev = hash;
        }
        set(&mut tx, HEAD_KEY, &prev).await?;
        set(&mut tx, COUNT_KEY, &unhashed.len().to_string()).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn set(tx: &mut sqlx::SqliteConnection, key: &str, value: &str) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(tx)
        .await?;
    Ok(())
}

async fn get(store: &Store, key: &str) -> Result<Option<String>, StoreError> {
    let v: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = ?")
        .bind(key)
        .fetch_optional(&store.pool)
        .await?;
    Ok(v.map(|v| v.0))
}
