//! The audit log as a keyed hash chain.
//!
//! Each entry stores `prev_hash` (the hash of the entry before it) and `hash` = HMAC-SHA256 over
//! `prev_hash` and its own fields, keyed with the audit key (32 random bytes that live in the OS
//! keychain, never in this file). The newest hash and the entry count are the chain's head, kept
//! in `settings` with an HMAC of their own. Someone who can edit the database but does not hold
//! the key cannot recompute any of them, so an edited entry breaks its hash, a deleted one breaks
//! the link of the next, a moved one links to the wrong entry, and cutting off the newest ones
//! no longer matches the head (rewriting the head breaks its HMAC).
//!
//! Entries recorded before the chain was keyed ("legacy" entries, plain SHA-256 as before) stay:
//! when a key is first bound to the database, the number of entries and the last hash are
//! recorded as the boundary (with an HMAC), and the first keyed entry chains from that hash.
//! Legacy entries are verified with the old scheme and reported as unkeyed: anyone could have
//! rewritten them before the boundary, but changing them after it shows, since the keyed chain
//! (and the boundary's HMAC) vouch for their last hash.
//!
//! Limits: the chain cannot stop someone who has both the database and the key, and it cannot
//! tell a whole database replaced by an older copy of itself (with its own valid head).
//!
//! Appends run in a `BEGIN IMMEDIATE` transaction, so the app and the CLI writing at once queue
//! on SQLite's write lock instead of both chaining to the same head.

use std::collections::HashMap;
use std::fmt;

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox, SecretString};
use sha2::{Digest, Sha256};
use sqlx::{Sqlite, SqliteConnection, Transaction};
use time::format_description::well_known::Rfc3339;
use waba_core::audit::{
    AuditAction, AuditEntry, AuditKeyState, AuditVerification, Outcome, TamperFinding, TamperKind,
};

use crate::{AuditRecord, Store, StoreError};

/// The `prev_hash` of the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const HEAD_KEY: &str = "audit_head";
const COUNT_KEY: &str = "audit_count";
/// HMAC of the head and count.
const HEAD_MAC_KEY: &str = "audit_head_mac";
/// The boundary: the key the chain is bound to, and the legacy entries before it.
const KEY_ID_KEY: &str = "audit_key_id";
const LEGACY_COUNT_KEY: &str = "audit_legacy_count";
const LEGACY_HEAD_KEY: &str = "audit_legacy_head";
const BOUNDARY_MAC_KEY: &str = "audit_boundary_mac";
/// A random, public name for this database, so its key has its own keychain account.
const DATABASE_ID_KEY: &str = "audit_database_id";

type HmacSha256 = Hmac<Sha256>;

/// The keychain account of the audit key of the database `database_id`
/// ([`KeySetup::database_id`]).
pub fn key_account(database_id: &str) -> String {
    format!("audit-key/{database_id}")
}

/// The audit chain's key: 32 random bytes, zeroized on drop. `Debug` shows only its ID.
pub struct AuditKey(SecretBox<[u8; 32]>);

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AuditKey({})", self.id())
    }
}

/// One field of a MAC's input: absent and empty are different values.
type Part<'a> = Option<&'a str>;

impl AuditKey {
    /// A fresh key from the OS's random source.
    pub fn generate() -> Result<Self, StoreError> {
        let mut bytes = Box::new([0u8; 32]);
        getrandom::fill(&mut bytes[..])
            .map_err(|e| StoreError::AuditKey(format!("no random source for a key: {e}")))?;
        Ok(Self(SecretBox::new(bytes)))
    }

    /// The key as the keychain keeps it: 64 hex digits.
    pub fn from_secret(secret: &SecretString) -> Result<Self, StoreError> {
        let text = secret.expose_secret().trim().as_bytes();
        let invalid =
            || StoreError::AuditKey("the keychain's audit key is not 64 hex digits".to_owned());
        if text.len() != 64 {
            return Err(invalid());
        }
        let mut bytes = Box::new([0u8; 32]);
        for (byte, pair) in bytes.iter_mut().zip(text.chunks(2)) {
            let digit = |c: u8| (c as char).to_digit(16).ok_or_else(invalid);
            *byte = u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).map_err(|_| invalid())?;
        }
        Ok(Self(SecretBox::new(bytes)))
    }

    /// The value to store in the keychain (see [`AuditKey::from_secret`]).
    pub fn to_secret(&self) -> SecretString {
        SecretString::from(hex::encode(self.0.expose_secret()))
    }

    /// A public fingerprint of the key (an HMAC of a constant, 16 hex digits), recorded in the
    /// database so a different key is told apart from tampering. It reveals nothing usable.
    pub fn id(&self) -> String {
        let mut id = self.mac("key-id", &[]);
        id.truncate(16);
        id
    }

    /// HMAC-SHA256 over a domain and length-prefixed parts, hex.
    fn mac(&self, domain: &str, parts: &[Part<'_>]) -> String {
        let mut mac =
            HmacSha256::new_from_slice(self.0.expose_secret()).expect("HMAC takes any key length");
        mac.update(b"waba-console-audit-v1\x00");
        mac.update(domain.as_bytes());
        for part in parts {
            match part {
                None => mac.update(&[0]),
                Some(text) => {
                    mac.update(&[1]);
                    mac.update(&(text.len() as u64).to_be_bytes());
                    mac.update(text.as_bytes());
                }
            }
        }
        hex::encode(mac.finalize().into_bytes())
    }

    fn entry_mac(&self, prev: &str, row: &AuditRow) -> String {
        let code = row.graph_code.map(|c| c.to_string());
        let duration = row.duration_ms.to_string();
        self.mac(
            "entry",
            &[
                Some(prev),
                Some(&row.at),
                row.profile_id.as_deref(),
                Some(&row.action),
                row.target.as_deref(),
                Some(&row.outcome),
                code.as_deref(),
                Some(&duration),
            ],
        )
    }

    fn head_mac(&self, count: u64, head: &str) -> String {
        self.mac("head", &[Some(&count.to_string()), Some(head)])
    }

    fn boundary_mac(&self, legacy_count: u64, legacy_head: &str, key_id: &str) -> String {
        self.mac(
            "boundary",
            &[
                Some(&legacy_count.to_string()),
                Some(legacy_head),
                Some(key_id),
            ],
        )
    }
}

/// What binding a key to the database found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyAdoption {
    /// The chain was not keyed (a new database, or one from before keyed chains), or was bound
    /// to a key nothing was signed with; it is now bound to this key. `legacy_entries` were
    /// recorded before.
    Bound { legacy_entries: u64 },
    /// The chain was already bound to this key.
    Matches,
    /// Entries are signed with another key (its ID); this key cannot extend or check them.
    Mismatch { chain_key_id: String },
}

/// The chain's bookkeeping in `settings`.
#[derive(Debug, Default)]
struct ChainState {
    database_id: Option<String>,
    head: Option<String>,
    count: u64,
    head_mac: Option<String>,
    boundary: Option<Boundary>,
}

#[derive(Debug)]
struct Boundary {
    key_id: String,
    legacy_count: u64,
    legacy_head: String,
    mac: String,
}

impl ChainState {
    async fn read(conn: &mut SqliteConnection) -> Result<Self, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT key, value FROM settings WHERE key LIKE 'audit\\_%' ESCAPE '\\'",
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut map: HashMap<String, String> = rows.into_iter().collect();
        let number = |value: Option<String>| value.and_then(|v| v.parse().ok()).unwrap_or(0);
        let boundary = map.remove(KEY_ID_KEY).map(|key_id| Boundary {
            key_id,
            legacy_count: number(map.remove(LEGACY_COUNT_KEY)),
            legacy_head: map
                .remove(LEGACY_HEAD_KEY)
                .unwrap_or_else(|| GENESIS.to_owned()),
            mac: map.remove(BOUNDARY_MAC_KEY).unwrap_or_default(),
        });
        Ok(Self {
            database_id: map.remove(DATABASE_ID_KEY),
            head: map.remove(HEAD_KEY),
            count: number(map.remove(COUNT_KEY)),
            head_mac: map.remove(HEAD_MAC_KEY),
            boundary,
        })
    }
}

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
    /// The unkeyed (legacy) hash this row should carry after `prev`.
    fn legacy_hash(&self, prev: &str) -> String {
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

/// The database's write lock, held while the console finds or makes the audit key, so that two
/// processes starting at once agree on one key. Dropping it without [`KeySetup::adopt`] or
/// [`KeySetup::finish`] rolls back (nothing was written).
pub struct KeySetup {
    tx: Transaction<'static, Sqlite>,
    chain: ChainState,
    rows: u64,
    database_id: String,
    /// This process's turn to write (`Store::begin_write`), held as long as the transaction
    /// and dropped after it (fields drop in order).
    _turn: crate::WriteTurn,
}

impl fmt::Debug for KeySetup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySetup")
            .field("rows", &self.rows)
            .field("database_id", &self.database_id)
            .finish_non_exhaustive()
    }
}

impl KeySetup {
    /// This database's random public ID (made on first use): its key's keychain account is
    /// named after it, so databases never share, or race for, one account.
    pub fn database_id(&self) -> &str {
        &self.database_id
    }

    /// Whether entries were signed with the key the chain is bound to; then a missing key must
    /// be restored, not replaced (a new key could never check them).
    pub fn has_keyed_entries(&self) -> bool {
        self.chain
            .boundary
            .as_ref()
            .is_some_and(|b| self.rows > b.legacy_count)
    }

    /// The ID of the key the chain is bound to, if any.
    pub fn chain_key_id(&self) -> Option<&str> {
        self.chain.boundary.as_ref().map(|b| b.key_id.as_str())
    }

    /// Binds the chain to `key` unless entries are signed with another key, and commits.
    pub async fn adopt(mut self, key: &AuditKey) -> Result<KeyAdoption, StoreError> {
        let key_id = key.id();
        let keyed = self.has_keyed_entries();
        let adoption = match &self.chain.boundary {
            Some(b) if b.key_id == key_id => KeyAdoption::Matches,
            Some(b) if keyed => KeyAdoption::Mismatch {
                chain_key_id: b.key_id.clone(),
            },
            bound => {
                // A rebind (bound to a key nothing was signed with) keeps the recorded legacy
                // boundary; a first bind takes the entries as they are now.
                let (legacy_count, legacy_head) = match bound {
                    Some(b) => (b.legacy_count, b.legacy_head.clone()),
                    None => {
                        let last: Option<(Option<String>,)> =
                            sqlx::query_as("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
                                .fetch_optional(&mut *self.tx)
                                .await?;
                        let head = last
                            .and_then(|(h,)| h)
                            .unwrap_or_else(|| GENESIS.to_owned());
                        (self.rows, head)
                    }
                };
                let tx = &mut *self.tx;
                set(tx, KEY_ID_KEY, &key_id).await?;
                set(tx, LEGACY_COUNT_KEY, &legacy_count.to_string()).await?;
                set(tx, LEGACY_HEAD_KEY, &legacy_head).await?;
                let boundary_mac = key.boundary_mac(legacy_count, &legacy_head, &key_id);
                set(tx, BOUNDARY_MAC_KEY, &boundary_mac).await?;
                let (count, head) = if bound.is_some() {
                    (
                        self.chain.count,
                        self.chain
                            .head
                            .clone()
                            .unwrap_or_else(|| GENESIS.to_owned()),
                    )
                } else {
                    (legacy_count, legacy_head)
                };
                set(tx, HEAD_KEY, &head).await?;
                set(tx, COUNT_KEY, &count.to_string()).await?;
                set(tx, HEAD_MAC_KEY, &key.head_mac(count, &head)).await?;
                KeyAdoption::Bound {
                    legacy_entries: legacy_count,
                }
            }
        };
        self.tx.commit().await?;
        Ok(adoption)
    }

    /// Releases the lock without binding a key.
    pub async fn finish(self) -> Result<(), StoreError> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Takes the database's write lock to find or make the audit key under it.
    pub async fn begin_audit_key_setup(&self) -> Result<KeySetup, StoreError> {
        let (turn, mut tx) = self.begin_write().await?;
        let chain = ChainState::read(&mut tx).await?;
        let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log")
            .fetch_one(&mut *tx)
            .await?;
        let stored: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = ?")
            .bind(DATABASE_ID_KEY)
            .fetch_optional(&mut *tx)
            .await?;
        let database_id = match stored {
            Some((id,)) => id,
            None => {
                let mut bytes = [0u8; 16];
                getrandom::fill(&mut bytes)
                    .map_err(|e| StoreError::AuditKey(format!("no random source: {e}")))?;
                let id = hex::encode(bytes);
                set(&mut tx, DATABASE_ID_KEY, &id).await?;
                id
            }
        };
        Ok(KeySetup {
            tx,
            chain,
            rows: u64::try_from(rows).unwrap_or(0),
            database_id,
            _turn: turn,
        })
    }

    /// Appends one entry, chained to the newest one with the audit key, and moves the head; all
    /// in one `BEGIN IMMEDIATE` transaction. Fails without a key, or with a key the chain is
    /// not bound to (nothing is written then).
    pub async fn record(&self, r: &AuditRecord) -> Result<AuditEntry, StoreError> {
        let key = self.audit_key.as_deref().ok_or_else(|| {
            StoreError::AuditKey(
                "no audit key is loaded, so nothing can be added to the audit log".into(),
            )
        })?;
        let at = time::OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let (_turn, mut tx) = self.begin_write().await?;
        let chain = ChainState::read(&mut tx).await?;
        match &chain.boundary {
            Some(b) if b.key_id == key.id() => {}
            Some(b) => {
                return Err(StoreError::AuditKey(format!(
                    "the audit log is signed with key {}, not the loaded key {}",
                    b.key_id,
                    key.id()
                )))
            }
            None => {
                return Err(StoreError::AuditKey(
                    "the audit log is not bound to the loaded key".into(),
                ))
            }
        }
        let prev = chain.head.unwrap_or_else(|| GENESIS.to_owned());
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
        let hash = key.entry_mac(&prev, &row);
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
        let count = chain.count + 1;
        set(&mut tx, HEAD_KEY, &hash).await?;
        set(&mut tx, COUNT_KEY, &count.to_string()).await?;
        set(&mut tx, HEAD_MAC_KEY, &key.head_mac(count, &hash)).await?;
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

    /// Re-walks the whole chain (legacy entries with the unkeyed scheme, the rest with the key)
    /// and reports every break, or that the key is missing or another one.
    pub async fn verify_audit(&self) -> Result<AuditVerification, StoreError> {
        // One read transaction: the rows and the head from the same moment, even while another
        // process appends.
        let mut tx = self.pool.begin().await?;
        let rows: Vec<AuditRow> = sqlx::query_as(concat!(select_rows!(), " ORDER BY id"))
            .fetch_all(&mut *tx)
            .await?;
        let chain = ChainState::read(&mut tx).await?;
        tx.commit().await?;
        Ok(verify(&rows, &chain, self.audit_key.as_deref()))
    }

    /// Chains entries written before the chain existed (NULL hash), in order, once; never once a
    /// key is bound (a NULL-hash row then is an insertion, which verification reports).
    pub(crate) async fn chain_unhashed_entries(&self) -> Result<(), StoreError> {
        let (_turn, mut tx) = self.begin_write().await?;
        if ChainState::read(&mut tx).await?.boundary.is_some() {
            tx.commit().await?;
            return Ok(());
        }
        let unhashed: Vec<AuditRow> =
            sqlx::query_as(concat!(select_rows!(), " WHERE hash IS NULL ORDER BY id"))
                .fetch_all(&mut *tx)
                .await?;
        if unhashed.is_empty() {
            tx.commit().await?;
            return Ok(());
        }
        let mut prev = GENESIS.to_owned();
        for row in &unhashed {
            let hash = row.legacy_hash(&prev);
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

/// Walks `rows` (in id order) against the chain's bookkeeping.
fn verify(rows: &[AuditRow], chain: &ChainState, key: Option<&AuditKey>) -> AuditVerification {
    let mut findings = Vec::new();
    let n = rows.len() as u64;
    let (legacy_count, anchor) = match &chain.boundary {
        Some(b) => (b.legacy_count, b.legacy_head.as_str()),
        None => (n, GENESIS),
    };
    // The key that can check the keyed entries, and why not when none can.
    let (state, problem, usable) = match (&chain.boundary, key) {
        (None, Some(_)) => (AuditKeyState::Present, None, None),
        (None, None) => (
            AuditKeyState::Missing,
            Some("The audit log is not keyed yet: no audit key is loaded.".to_owned()),
            None,
        ),
        (Some(b), Some(k)) if b.key_id == k.id() => (AuditKeyState::Present, None, Some(k)),
        (Some(b), Some(k)) => (
            AuditKeyState::Mismatch,
            Some(format!(
                "The audit log was signed with audit key {}, but the keychain holds key {}: its entries cannot be checked here. Restore the keychain entry this database was created with (or open the database on the account and machine it came from).",
                b.key_id,
                k.id()
            )),
            None,
        ),
        (Some(b), None) => (
            AuditKeyState::Missing,
            Some(format!(
                "The audit key {} is not in the keychain, so the entries signed with it cannot be checked and no entry can be added. Restore the keychain entry \"{}\" (from a backup of the keychain) to check them again. This alone is not a sign of tampering.",
                b.key_id,
                key_account(chain.database_id.as_deref().unwrap_or("?"))
            )),
            None,
        ),
    };
    let keyed_ok = chain.boundary.is_none() || usable.is_some();

    if n < legacy_count {
        findings.push(TamperFinding {
            kind: TamperKind::Truncated,
            entry_id: rows.last().map(|r| r.id),
            message: format!(
                "{legacy_count} entries were recorded before the log was keyed, but only {n} entries are left: entries were deleted."
            ),
        });
    }
    let position: HashMap<&str, i64> = rows
        .iter()
        .filter_map(|r| r.hash.as_deref().map(|h| (h, r.id)))
        .collect();
    let mut prev = GENESIS.to_owned();
    let mut unverified = 0u32;
    for (i, row) in rows.iter().enumerate() {
        let keyed = (i as u64) >= legacy_count;
        if keyed && i as u64 == legacy_count && chain.boundary.is_some() {
            // Where the keyed chain starts: the legacy entries must still end at the recorded
            // (and signed) hash.
            if prev != anchor && i > 0 {
                findings.push(TamperFinding {
                    kind: TamperKind::Edited,
                    entry_id: Some(rows[i - 1].id),
                    message: format!(
                        "The entries recorded before the log was keyed no longer end where the keyed chain starts: entries up to #{} were changed.",
                        rows[i - 1].id
                    ),
                });
            }
            prev = anchor.to_owned();
        }
        if keyed && !keyed_ok {
            unverified += 1;
            prev = row.hash.clone().unwrap_or_default();
            continue;
        }
        let stored_prev = row.prev_hash.as_deref().unwrap_or_default();
        if stored_prev != prev {
            let (kind, message) = match position.get(stored_prev) {
                Some(&other) => (
                    TamperKind::Reordered,
                    format!(
                        "Entry #{} follows entry #{other}, not the entry before it: entries were moved.",
                        row.id
                    ),
                ),
                None => (
                    TamperKind::Missing,
                    format!(
                        "Entries before #{} were deleted: it does not follow the entry before it.",
                        row.id
                    ),
                ),
            };
            findings.push(TamperFinding {
                kind,
                entry_id: Some(row.id),
                message,
            });
        }
        let expected = match usable.filter(|_| keyed) {
            Some(k) => k.entry_mac(stored_prev, row),
            None => row.legacy_hash(stored_prev),
        };
        let stored = row.hash.clone().unwrap_or_default();
        if expected != stored {
            findings.push(TamperFinding {
                kind: TamperKind::Edited,
                entry_id: Some(row.id),
                message: format!("Entry #{} was changed after it was recorded.", row.id),
            });
        }
        prev = stored;
    }
    if n == legacy_count && chain.boundary.is_some() && prev != anchor && n > 0 {
        findings.push(TamperFinding {
            kind: TamperKind::Edited,
            entry_id: rows.last().map(|r| r.id),
            message: "The entries recorded before the log was keyed no longer end where the keyed chain starts: they were changed.".into(),
        });
    }

    let head = chain.head.clone().unwrap_or_else(|| GENESIS.to_owned());
    match (&chain.boundary, usable) {
        (Some(b), Some(k)) => {
            if b.mac != k.boundary_mac(b.legacy_count, &b.legacy_head, &b.key_id) {
                findings.push(TamperFinding {
                    kind: TamperKind::Edited,
                    entry_id: None,
                    message:
                        "The record of where the keyed chain starts was changed without the key."
                            .into(),
                });
            }
            if chain.head_mac.as_deref() != Some(k.head_mac(chain.count, &head).as_str()) {
                findings.push(TamperFinding {
                    kind: TamperKind::Truncated,
                    entry_id: rows.last().map(|r| r.id),
                    message: "The chain's recorded end was rewritten without the key: the newest entries may have been deleted.".into(),
                });
            } else if let Some(finding) = end_mismatch(rows, chain, &head, &prev, &findings) {
                findings.push(finding);
            }
        }
        // Not keyed: the head is as unkeyed as the entries.
        (None, _) => findings.extend(end_mismatch(rows, chain, &head, &prev, &findings)),
        _ => {}
    }
    let unkeyed = u32::try_from(legacy_count.min(n)).unwrap_or(u32::MAX);
    AuditVerification {
        intact: findings.is_empty() && unverified == 0,
        entries_checked: u32::try_from(n).unwrap_or(u32::MAX) - unverified,
        findings,
        key: state,
        key_problem: problem,
        unkeyed_entries: unkeyed,
        unverified_entries: unverified,
    }
}

/// The chain's end against its recorded head: the newest entry must be the head, and the count
/// must match (a count off while the head is right is reported only when nothing else explains
/// it, e.g. a deleted entry whose gap is already a finding).
fn end_mismatch(
    rows: &[AuditRow],
    chain: &ChainState,
    head: &str,
    last: &str,
    findings: &[TamperFinding],
) -> Option<TamperFinding> {
    let (n, count) = (rows.len() as u64, chain.count);
    if head == last && (count == n || !findings.is_empty()) {
        return None;
    }
    Some(TamperFinding {
        kind: TamperKind::Truncated,
        entry_id: rows.last().map(|r| r.id),
        message: if n < count {
            format!("The log holds {n} entries but {count} were recorded: the newest entries were deleted.")
        } else if n > count {
            format!("The log holds {n} entries but {count} were recorded: entries were added outside the console.")
        } else {
            "The newest entry is not the chain's recorded end: entries were replaced.".to_owned()
        },
    })
}

async fn set(tx: &mut SqliteConnection, key: &str, value: &str) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(tx)
        .await?;
    Ok(())
}
