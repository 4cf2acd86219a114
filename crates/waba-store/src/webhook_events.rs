//! Webhook events the local receiver accepted, stored before it answers 200.
//!
//! One accepted POST is written in one `BEGIN IMMEDIATE` transaction: its raw body once
//! (`webhook_bodies`, keyed by SHA-256, the exact bytes that were signed), each event with its
//! dedupe key `UNIQUE` (a duplicate Meta sends again is acknowledged but not stored twice), and
//! the latest status of each message (`message_statuses`), moved only forwards
//! (`waba_core::webhook::should_replace_status`: a late `delivered` never overwrites `read`), and
//! what the message log takes from them (`messages`: each status's history and the console's sent
//! message it moves, each inbound sender's newest message for the 24-hour window).
//! Either all of it is committed or none of it.

use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use waba_core::webhook::{should_replace_status, WebhookEvent};

use crate::{Store, StoreError};

/// What one body's insert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StoredBatch {
    /// Events written now.
    pub inserted: usize,
    /// Events whose dedupe key was already stored (or repeated within the body).
    pub duplicates: usize,
    /// Message statuses moved forwards.
    pub statuses_moved: usize,
}

/// One stored event, newest first in lists.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredEvent {
    pub id: i64,
    pub dedupe_key: String,
    /// RFC 3339.
    pub received_at: String,
    pub field: String,
    pub kind: String,
    pub waba_id: String,
    pub phone_number_id: Option<String>,
    pub summary: String,
    /// SHA-256 (hex) of the body the event came in; see [`Store::webhook_body`].
    pub body_sha256: String,
    /// The parsed event (`WebhookEvent`) as JSON, its value as Meta sent it.
    pub event: String,
}

/// The `settings` key of the window's receiver port.
const RECEIVER_PORT_KEY: &str = "webhook_receiver_port";

/// Which events a list or count takes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Only this kind (`status.read`, `message.text`, ...).
    pub kind: Option<String>,
    /// Only this Meta field (`messages`, `message_template_status_update`, ...).
    pub field: Option<String>,
    /// Only events about this WABA.
    pub waba_id: Option<String>,
    /// Only kinds starting with this (`status.`).
    pub kind_prefix: Option<String>,
    /// Only events whose summary contains this (ASCII case-insensitive).
    pub search: Option<String>,
}

/// The `WHERE` clause every list and count of events uses (a macro, because sqlx takes only
/// literal SQL); [`EventFilter::bind`] binds its values.
macro_rules! event_filter {
    () => {
        "WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR field = ?2)
     AND (?3 IS NULL OR waba_id = ?3) AND (?4 IS NULL OR substr(kind, 1, length(?4)) = ?4)
     AND (?5 IS NULL OR instr(lower(summary), lower(?5)) > 0)"
    };
}

impl EventFilter {
    fn bind<'q, O>(
        &'q self,
        query: sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments>,
    ) -> sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments> {
        query
            .bind(&self.kind)
            .bind(&self.field)
            .bind(&self.waba_id)
            .bind(&self.kind_prefix)
            .bind(&self.search)
    }
}

/// The latest status of one message.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MessageStatus {
    pub message_id: String,
    pub status: String,
    /// Unix seconds, the status's own `timestamp`.
    pub timestamp: Option<i64>,
    /// RFC 3339: when the receiver stored it.
    pub updated_at: String,
    /// The event that set it.
    pub event_id: i64,
}

/// Whether an event is a message status (not a call status), and so moves `message_statuses`.
fn message_status(event: &WebhookEvent) -> Option<(&str, &str)> {
    if !event.kind.starts_with("status.") {
        return None;
    }
    let status = event.status.as_ref()?;
    (!status.id.is_empty()).then_some((status.id.as_str(), status.status.as_str()))
}

impl Store {
    /// Stores one accepted body and its events (already parsed from exactly these bytes) in one
    /// `BEGIN IMMEDIATE` transaction; returns once it is committed.
    pub async fn insert_webhook_events(
        &self,
        body: &[u8],
        events: &[WebhookEvent],
        received_at: OffsetDateTime,
    ) -> Result<StoredBatch, StoreError> {
        let at = received_at
            .format(&Rfc3339)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let sha = hex::encode(Sha256::digest(body));
        let (_turn, mut tx) = self.begin_write().await?;
        let body_is_new = sqlx::query(
            "INSERT INTO webhook_bodies (sha256, body, received_at) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&sha)
        .bind(body)
        .bind(&at)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        let mut batch = StoredBatch::default();
        for event in events {
            let json = serde_json::to_string(event)
                .map_err(|e| StoreError::Corrupt(format!("event not serializable: {e}")))?;
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO webhook_events (dedupe_key, received_at, field, kind, waba_id, phone_number_id, summary, body_sha256, event)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
            )
            .bind(&event.dedupe_key)
            .bind(&at)
            .bind(&event.field)
            .bind(&event.kind)
            .bind(&event.waba_id)
            .bind(&event.phone_number_id)
            .bind(&event.summary)
            .bind(&sha)
            .bind(&json)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = id else {
                batch.duplicates += 1;
                continue;
            };
            batch.inserted += 1;
            crate::messages::track_event(&mut tx, id, event, &at).await?;
            let Some((message_id, status)) = message_status(event) else {
                continue;
            };
            let current: Option<String> =
                sqlx::query_scalar("SELECT status FROM message_statuses WHERE message_id = ?")
                    .bind(message_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if should_replace_status(current.as_deref(), status) {
                sqlx::query(
                    "INSERT INTO message_statuses (message_id, status, timestamp, updated_at, event_id) VALUES (?, ?, ?, ?, ?)
                     ON CONFLICT (message_id) DO UPDATE SET status = excluded.status, timestamp = excluded.timestamp,
                       updated_at = excluded.updated_at, event_id = excluded.event_id",
                )
                .bind(message_id)
                .bind(status)
                .bind(event.timestamp)
                .bind(&at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                batch.statuses_moved += 1;
            }
        }
        if body_is_new && batch.inserted == 0 {
            // Every event was a duplicate (or there were none): keep no body nothing refers to.
            sqlx::query("DELETE FROM webhook_bodies WHERE sha256 = ?")
                .bind(&sha)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(batch)
    }

    /// Stored events, newest first, at most `limit`.
    pub async fn webhook_events(
        &self,
        filter: &EventFilter,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        Ok(filter
            .bind(sqlx::query_as(concat!(
                "SELECT id, dedupe_key, received_at, field, kind, waba_id, phone_number_id, summary, body_sha256, event
                 FROM webhook_events ",
                event_filter!(),
                " ORDER BY id DESC LIMIT ?6"
            )))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?)
    }

    /// How many stored events the filter takes.
    pub async fn count_webhook_events(&self, filter: &EventFilter) -> Result<u64, StoreError> {
        let (count,): (i64,) = filter
            .bind(sqlx::query_as(concat!(
                "SELECT COUNT(*) FROM webhook_events ",
                event_filter!()
            )))
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// The latest status stored for a message ID (`wamid....`), if any.
    pub async fn message_status(
        &self,
        message_id: &str,
    ) -> Result<Option<MessageStatus>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT message_id, status, timestamp, updated_at, event_id FROM message_statuses WHERE message_id = ?",
        )
        .bind(message_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The port the window's receiver last listened on, if it ever ran.
    pub async fn receiver_port(&self) -> Result<Option<u16>, StoreError> {
        Ok(self
            .setting(RECEIVER_PORT_KEY)
            .await?
            .and_then(|v| v.parse().ok()))
    }

    pub async fn set_receiver_port(&self, port: u16) -> Result<(), StoreError> {
        self.set_setting(RECEIVER_PORT_KEY, &port.to_string()).await
    }

    /// The raw bytes of a stored body, by its SHA-256 (hex).
    pub async fn webhook_body(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT body FROM webhook_bodies WHERE sha256 = ?")
                .bind(sha256)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}
