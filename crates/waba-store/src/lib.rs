//! The console's own state in SQLite: profiles, settings, the audit log, templates (the synced
//! list, drafts, the console's own edits), webhook events and the message log.
//!
//! One file in the OS app-data folder, opened in WAL mode with a busy timeout so the GUI and a
//! `waba` CLI run can share it. Migrations are embedded in the binary and applied on open.
//! The audit log is a hash chain keyed with a key from the OS keychain (see `audit`), so edits,
//! deletions, moves and truncation of history by someone without the key show.
//! Queries are runtime-checked (`query_as` + `FromRow`) and every one is exercised by the tests,
//! so building needs no database.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use waba_core::audit::{AuditAction, Outcome};
use waba_core::profile::{Profile, ProfileKind};

mod attempts;
mod audit;
mod messages;
mod pins;
mod probes;
mod quality;
mod templates;
mod webhook_events;

pub use attempts::{AttemptOutcome, AttemptWindow, Reservation};
pub use messages::{
    MessageFilter, MessageFunnel, NewMessage, SendOutcome, SendStatus, StoredMessage, TimelineEntry,
};
pub use templates::{DraftRow, TemplateCache};
pub use webhook_events::{EventFilter, MessageStatus, ReceivedBody, StoredBatch, StoredEvent};

pub use audit::{key_account, AuditKey, KeyAdoption, KeySetup};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

const ACTIVE_PROFILE_KEY: &str = "active_profile_id";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("a profile named \"{0}\" already exists")]
    DuplicateName(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create the data folder {path}: {reason}")]
    Folder { path: String, reason: String },
    #[error("the database holds a value this version does not understand: {0}")]
    Corrupt(String),
    #[error("audit key: {0}")]
    AuditKey(String),
}

impl StoreError {
    /// Whether the database itself failed (busy or locked past the busy timeout, out of memory
    /// or disk, unreadable, read-only, closed) rather than what was being written: the same
    /// write tried again in smaller pieces fails the same way.
    pub fn is_the_database(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(e)) => e
                .code()
                .and_then(|code| code.parse::<i32>().ok())
                // SQLite's primary result code is the low byte of the extended one: BUSY,
                // LOCKED, NOMEM, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB.
                .is_some_and(|code| matches!(code & 0xff, 5 | 6 | 7 | 8 | 10 | 11 | 13 | 14 | 26)),
            StoreError::Database(
                sqlx::Error::Io(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed,
            ) => true,
            _ => false,
        }
    }
}

/// What an action to record says; the store adds the id and time.
#[derive(Debug, Clone)]
pub struct AuditRecord {
    pub profile_id: Option<String>,
    pub action: AuditAction,
    pub target: Option<String>,
    pub outcome: Outcome,
    pub graph_code: Option<i64>,
    pub duration: Duration,
}

#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    /// Taken for every write transaction, so this process's writers queue here in turn instead
    /// of meeting SQLite's busy handler, which sleeps in steps of up to 100 ms (the receiver's
    /// p99 at 2,000 events/s was 438 ms with four connections racing for `BEGIN IMMEDIATE`).
    /// Another process (the CLI beside the window) still waits through `busy_timeout`.
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// Tells [`checkpoint_in_background`] that a write transaction ended.
    wal_grew: tokio::sync::mpsc::Sender<()>,
    /// Signs and checks the audit chain; without it nothing can be appended (see `audit`).
    audit_key: Option<std::sync::Arc<AuditKey>>,
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    id: String,
    name: String,
    kind: String,
    app_id: String,
    waba_id: String,
    phone_number_id: String,
    api_version: String,
    base_url: Option<String>,
    scenario: Option<String>,
    created_at: String,
}

impl TryFrom<ProfileRow> for Profile {
    type Error = StoreError;
    fn try_from(r: ProfileRow) -> Result<Self, StoreError> {
        let kind = match r.kind.as_str() {
            "sandbox" => ProfileKind::Sandbox,
            "real" => ProfileKind::Real,
            other => return Err(StoreError::Corrupt(format!("profile kind {other:?}"))),
        };
        Ok(Profile {
            id: r.id,
            name: r.name,
            kind,
            app_id: r.app_id,
            waba_id: r.waba_id,
            phone_number_id: r.phone_number_id,
            api_version: r.api_version,
            base_url: r.base_url,
            scenario: r.scenario,
            created_at: r.created_at,
        })
    }
}

/// This process's turn to write ([`Store::begin_write`]); when it ends, the WAL may have grown,
/// and [`checkpoint_in_background`] hears of it.
struct WriteTurn {
    _writer: tokio::sync::OwnedMutexGuard<()>,
    wal_grew: tokio::sync::mpsc::Sender<()>,
}

impl Drop for WriteTurn {
    fn drop(&mut self) {
        // Full: a checkpoint is already due, which covers this write too.
        let _ = self.wal_grew.try_send(());
    }
}

/// The WAL is checkpointed at most this often, after writes: under steady writes, almost
/// continuously, so each checkpoint has little to copy and its sync little to flush, and the
/// writer's own writes never queue behind a large flush. In 30 s runs of the receiver's
/// benchmark (BENCHMARKS.md) the p99 was 1.9-4.1 ms at 1 ms, 6.6-17.6 ms at 2 ms, 12 ms at
/// 5 ms, 15 ms at 10 ms, 17-21 ms at 25 ms, and 98-155 ms (15 s runs) with only SQLite's own
/// checkpoint in the writer. Without writes, nothing runs.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(1);

/// SQLite's own checkpoint (in the writer that commits past this many WAL pages) only when the
/// background one falls behind: it syncs the files while the writer, and every acknowledgement
/// waiting for it, stands still.
const WAL_PAGES_BEFORE_A_WRITER_CHECKPOINTS: u32 = 16_384;

/// Copies the WAL back into the database file on a connection of its own, so no writer waits
/// for it: a `PASSIVE` checkpoint runs beside writers and readers. It ends when the pool is
/// closed ([`Store::close`]) or at most [`CHECKPOINT_EVERY`] after the last [`Store`] handle
/// is dropped (until then its pool keeps the file open).
async fn checkpoint_in_background(pool: SqlitePool, mut wal_grew: tokio::sync::mpsc::Receiver<()>) {
    let closed = pool.close_event();
    tokio::pin!(closed);
    loop {
        tokio::select! {
            grew = wal_grew.recv() => if grew.is_none() { return },
            () = &mut closed => return,
        }
        match sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            Ok(_) => {}
            Err(sqlx::Error::PoolClosed) => return,
            Err(e) => {
                tracing::warn!(error = %e, "the background WAL checkpoint failed; SQLite's own checkpoint takes over")
            }
        }
        tokio::select! {
            () = tokio::time::sleep(CHECKPOINT_EVERY) => {}
            () = &mut closed => return,
        }
    }
}

/// The profile columns, as a literal so queries stay `&'static str` (sqlx refuses built strings).
macro_rules! profile_columns {
    () => {
        "id, name, kind, app_id, waba_id, phone_number_id, api_version, base_url, scenario, created_at"
    };
}

fn kind_name(kind: ProfileKind) -> &'static str {
    match kind {
        ProfileKind::Sandbox => "sandbox",
        ProfileKind::Real => "real",
    }
}

impl Store {
    /// Opens (creating if needed) the database file at `path` and applies pending migrations.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Folder {
                path: dir.display().to_string(),
                reason: e.to_string(),
            })?;
        }
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .pragma(
                "wal_autocheckpoint",
                WAL_PAGES_BEFORE_A_WRITER_CHECKPOINTS.to_string(),
            )
            .foreign_keys(true);
        // No ping before each use: a connection to a local file does not go stale, and a ping
        // is one more round trip to SQLite's thread on every query.
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        let (wal_grew, writes) = tokio::sync::mpsc::channel(1);
        tokio::spawn(checkpoint_in_background(pool.clone(), writes));
        let store = Self {
            pool,
            writer: std::sync::Arc::default(),
            wal_grew,
            audit_key: None,
        };
        store.chain_unhashed_entries().await?;
        Ok(store)
    }

    /// A write transaction (`BEGIN IMMEDIATE`) and this process's turn to write, held until
    /// both are dropped; bind them as `let (_turn, mut tx)` so the transaction ends first.
    async fn begin_write(
        &self,
    ) -> Result<(WriteTurn, sqlx::Transaction<'static, sqlx::Sqlite>), sqlx::Error> {
        let turn = WriteTurn {
            _writer: self.writer.clone().lock_owned().await,
            wal_grew: self.wal_grew.clone(),
        };
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok((turn, tx))
    }

    /// This handle with the audit key that signs and checks the audit chain (bind it to the
    /// database first with [`Store::begin_audit_key_setup`]).
    pub fn with_audit_key(mut self, key: AuditKey) -> Self {
        self.audit_key = Some(std::sync::Arc::new(key));
        self
    }

    pub async fn list_profiles(&self) -> Result<Vec<Profile>, StoreError> {
        let sql = concat!(
            "SELECT ",
            profile_columns!(),
            " FROM profiles ORDER BY kind = 'real', created_at, name"
        );
        let rows: Vec<ProfileRow> = sqlx::query_as(sql).fetch_all(&self.pool).await?;
        rows.into_iter().map(Profile::try_from).collect()
    }

    pub async fn profile(&self, id: &str) -> Result<Option<Profile>, StoreError> {
        let sql = concat!("SELECT ", profile_columns!(), " FROM profiles WHERE id = ?");
        let row: Option<ProfileRow> = sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(Profile::try_from).transpose()
    }

    pub async fn profile_by_name(&self, name: &str) -> Result<Option<Profile>, StoreError> {
        let sql = concat!(
            "SELECT ",
            profile_columns!(),
            " FROM profiles WHERE name = ? COLLATE NOCASE"
        );
        let row: Option<ProfileRow> = sqlx::query_as(sql)
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        row.map(Profile::try_from).transpose()
    }

    pub async fn insert_profile(&self, p: &Profile) -> Result<(), StoreError> {
        let sql = concat!(
            "INSERT INTO profiles (",
            profile_columns!(),
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        );
        let result = sqlx::query(sql)
            .bind(&p.id)
            .bind(&p.name)
            .bind(kind_name(p.kind))
            .bind(&p.app_id)
            .bind(&p.waba_id)
            .bind(&p.phone_number_id)
            .bind(&p.api_version)
            .bind(&p.base_url)
            .bind(&p.scenario)
            .bind(&p.created_at)
            .execute(&self.pool)
            .await;
        match result {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(StoreError::DuplicateName(p.name.clone()))
            }
            other => other.map(drop).map_err(StoreError::from),
        }
    }

    /// Removes the profile; returns whether it existed. Clears the active choice if it was active.
    pub async fn delete_profile(&self, id: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let removed = sqlx::query("DELETE FROM profiles WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        sqlx::query("DELETE FROM settings WHERE key = ? AND value = ?")
            .bind(ACTIVE_PROFILE_KEY)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(removed)
    }

    pub async fn set_scenario(&self, id: &str, scenario: &str) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE profiles SET scenario = ? WHERE id = ? AND kind = 'sandbox'")
                .bind(scenario)
                .bind(id)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn active_profile_id(&self) -> Result<Option<String>, StoreError> {
        self.setting(ACTIVE_PROFILE_KEY).await
    }

    pub async fn set_active_profile_id(&self, id: &str) -> Result<(), StoreError> {
        self.set_setting(ACTIVE_PROFILE_KEY, id).await
    }

    /// One value of the `settings` table.
    pub(crate) async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let value: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(value.map(|v| v.0))
    }

    pub(crate) async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// SQLite's own view of the connection settings, for tests and the About panel.
    pub async fn journal_mode(&self) -> Result<String, StoreError> {
        let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(&self.pool)
            .await?;
        Ok(mode)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
