//! Webhook events the local receiver accepted, stored before it answers 200.
//!
//! Accepted POSTs are written in one `BEGIN IMMEDIATE` transaction, one or many at a time (the
//! receiver commits the bodies that arrived while the previous commit ran together): each raw
//! body once (`webhook_bodies`, keyed by SHA-256, the exact bytes that were signed), each event
//! with its dedupe key `UNIQUE` (a duplicate Meta sends again is acknowledged but not stored
//! twice), and the latest status of each message (`message_statuses`), moved only forwards
//! (`waba_core::webhook::should_replace_status`: a late `delivered` never overwrites `read`), and
//! what the message log takes from them (`messages`: each status's history and the console's sent
//! message it moves, each inbound sender's newest message for the 24-hour window).
//! Either all of it is committed or none of it; a batch ends as the same bodies stored one by one
//! in their order would.

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use waba_core::webhook::{should_replace_status, WebhookEvent};

use crate::messages::{message_status, NewEvent};
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

/// One accepted POST, for [`Store::insert_webhook_bodies`].
#[derive(Debug, Clone, Copy)]
pub struct ReceivedBody<'a> {
    /// The exact bytes that were signed.
    pub body: &'a [u8],
    /// The events parsed from exactly these bytes.
    pub events: &'a [WebhookEvent],
    pub received_at: OffsetDateTime,
}

impl Store {
    /// Stores one accepted body and its events in one `BEGIN IMMEDIATE` transaction; returns
    /// once it is committed.
    pub async fn insert_webhook_events(
        &self,
        body: &[u8],
        events: &[WebhookEvent],
        received_at: OffsetDateTime,
    ) -> Result<StoredBatch, StoreError> {
        let received = ReceivedBody {
            body,
            events,
            received_at,
        };
        let mut stored = self.insert_webhook_bodies(&[received]).await?;
        Ok(stored.pop().unwrap_or_default())
    }

    /// Stores many accepted bodies in one `BEGIN IMMEDIATE` transaction (the receiver's group
    /// commit), exactly as if each had been stored alone in their order; returns what each did,
    /// in the same order, once all of it is committed. Either all of it is stored or none.
    ///
    /// Each step is one statement for the whole batch (its rows as one JSON text, read with
    /// `json_each`), and the statements go in two queries, so the cost of a commit does not grow
    /// with the events in it the way one statement per event did: each query is a round trip to
    /// SQLite's worker thread.
    pub async fn insert_webhook_bodies(
        &self,
        received: &[ReceivedBody<'_>],
    ) -> Result<Vec<StoredBatch>, StoreError> {
        let prepared = received
            .iter()
            .map(|r| {
                let at = r
                    .received_at
                    .format(&Rfc3339)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                Ok((hex::encode(Sha256::digest(r.body)), at))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let (_turn, mut tx) = self.begin_write().await?;
        let stored = write_bodies(&mut tx, received, &prepared).await?;
        tx.commit().await?;
        Ok(stored)
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

/// [`Store::insert_webhook_bodies`]'s statements, in its transaction; `prepared` holds each
/// body's SHA-256 (hex) and its received time (RFC 3339).
///
/// Two round trips to SQLite's thread for the whole batch, whatever its size (each is a wait
/// for another thread, and the writer's time is what the receiver's latency is made of): one
/// reads what the batch meets (the messages and latest statuses of its wamids) and inserts the
/// bodies and events, one writes what follows from them (history, latest statuses, inbound
/// windows, no orphaned body). Only a status of a message the console sent takes more.
async fn write_bodies(
    conn: &mut SqliteConnection,
    received: &[ReceivedBody<'_>],
    prepared: &[(String, String)],
) -> Result<Vec<StoredBatch>, StoreError> {
    let bodies: Vec<_> = received
        .iter()
        .zip(prepared)
        .map(
            |(r, (sha, at))| serde_json::json!({"sha": sha, "body": hex::encode(r.body), "at": at}),
        )
        .collect();
    let mut rows = Vec::new();
    let mut wamids = Vec::new();
    for (r, (sha, at)) in received.iter().zip(prepared) {
        for event in r.events {
            let json = serde_json::to_string(event)
                .map_err(|e| StoreError::Corrupt(format!("event not serializable: {e}")))?;
            rows.push(serde_json::json!({
                "dedupeKey": event.dedupe_key, "at": at, "field": event.field, "kind": event.kind,
                "wabaId": event.waba_id, "phoneNumberId": event.phone_number_id,
                "summary": event.summary, "sha": sha, "event": json,
            }));
            wamids.extend(message_status(event).map(|s| s.id.as_str()));
        }
    }
    // Each row: what it is, its key, and an id or a status. The statements take the bindings
    // in order, one `?` each.
    let wamids = json_text(&wamids)?;
    let met: Vec<(String, String, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT 'message', wamid, id, NULL FROM messages WHERE wamid IN (SELECT value FROM json_each(?));
         SELECT 'status', message_id, NULL, status FROM message_statuses
         WHERE message_id IN (SELECT value FROM json_each(?));
         INSERT INTO webhook_bodies (sha256, body, received_at)
         SELECT value ->> 'sha', unhex(value ->> 'body'), value ->> 'at' FROM json_each(?) WHERE true ORDER BY key
         ON CONFLICT (sha256) DO NOTHING RETURNING 'body', sha256, NULL, NULL;
         INSERT INTO webhook_events (dedupe_key, received_at, field, kind, waba_id, phone_number_id, summary, body_sha256, event)
         SELECT value ->> 'dedupeKey', value ->> 'at', value ->> 'field', value ->> 'kind', value ->> 'wabaId',
                value ->> 'phoneNumberId', value ->> 'summary', value ->> 'sha', value ->> 'event'
         FROM json_each(?) WHERE true ORDER BY key
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING 'event', dedupe_key, id, NULL;",
    )
    .bind(&wamids)
    .bind(&wamids)
    .bind(json_text(&bodies)?)
    .bind(json_text(&rows)?)
    .fetch_all(&mut *conn)
    .await?;
    let mut sent_messages = HashMap::new();
    let mut current_statuses = HashMap::new();
    let mut new_bodies = HashSet::new();
    let mut inserted_ids = HashMap::new();
    for (what, key, id, status) in met {
        match (what.as_str(), id, status) {
            ("message", Some(id), _) => {
                sent_messages.insert(key, id);
            }
            ("status", _, Some(status)) => {
                current_statuses.insert(key, status);
            }
            ("body", _, _) => {
                new_bodies.insert(key);
            }
            ("event", Some(id), _) => {
                inserted_ids.insert(key, id);
            }
            _ => return Err(StoreError::Corrupt(format!("batch row {what} {key}"))),
        }
    }

    // In the order received: the first event with a key is the one stored; any other is a
    // duplicate, whether stored before or repeated within the batch.
    let mut stored = vec![StoredBatch::default(); received.len()];
    let mut new_events = Vec::new();
    let mut with_events = HashSet::new();
    for (index, (r, (sha, at))) in received.iter().zip(prepared).enumerate() {
        for event in r.events {
            match inserted_ids.remove(&event.dedupe_key) {
                Some(id) => {
                    stored[index].inserted += 1;
                    with_events.insert(sha.as_str());
                    new_events.push((
                        index,
                        NewEvent {
                            id,
                            event,
                            received_at: at,
                        },
                    ));
                }
                None => stored[index].duplicates += 1,
            }
        }
    }
    let tracked: Vec<NewEvent<'_>> = new_events.iter().map(|(_, e)| *e).collect();
    crate::messages::move_sent_messages(conn, &tracked, &mut sent_messages).await?;
    let latest = latest_statuses(&new_events, current_statuses, &mut stored);
    let (history, windows) = crate::messages::log_rows(&tracked);
    // A new body whose every event was a duplicate (or that had none): keep no body nothing refers to.
    let orphans: Vec<&str> = new_bodies
        .iter()
        .map(String::as_str)
        .filter(|sha| !with_events.contains(sha))
        .collect();
    // One `?` per statement, bound in order.
    sqlx::query(
        "INSERT INTO message_statuses (message_id, status, timestamp, updated_at, event_id)
         SELECT value ->> 'messageId', value ->> 'status', value ->> 'timestamp', value ->> 'at', value ->> 'eventId'
         FROM json_each(?) WHERE true
         ON CONFLICT (message_id) DO UPDATE SET status = excluded.status, timestamp = excluded.timestamp,
           updated_at = excluded.updated_at, event_id = excluded.event_id;
         INSERT INTO message_status_history (wamid, status, timestamp, event_id)
         SELECT value ->> 'wamid', value ->> 'status', value ->> 'timestamp', value ->> 'eventId'
         FROM json_each(?) ORDER BY key;
         INSERT INTO inbound_contacts (phone_number_id, wa_id, last_inbound_at, last_message_id)
         SELECT value ->> 'number', value ->> 'from', value ->> 'at', value ->> 'messageId'
         FROM json_each(?) WHERE true ORDER BY key
         ON CONFLICT (phone_number_id, wa_id) DO UPDATE SET
           last_inbound_at = excluded.last_inbound_at, last_message_id = excluded.last_message_id
         WHERE excluded.last_inbound_at > inbound_contacts.last_inbound_at;
         DELETE FROM webhook_bodies WHERE sha256 IN (SELECT value FROM json_each(?));",
    )
    .bind(json_text(&latest)?)
    .bind(json_text(&history)?)
    .bind(json_text(&windows)?)
    .bind(json_text(&orphans)?)
    .execute(&mut *conn)
    .await?;
    Ok(stored)
}

/// A list as one JSON text, which a statement reads row by row with `json_each`: one statement
/// for a batch, whatever its size, where SQL text must stay literal.
fn json_text<T: serde::Serialize + ?Sized>(rows: &T) -> Result<String, StoreError> {
    serde_json::to_string(rows).map_err(|e| StoreError::Corrupt(format!("batch rows: {e}")))
}

/// The `message_statuses` rows the new events leave, moved forwards in their order from
/// `current` (each message's stored status), counting in `stored` (by each event's body) the
/// statuses moved.
fn latest_statuses(
    new_events: &[(usize, NewEvent<'_>)],
    mut current: HashMap<String, String>,
    stored: &mut [StoredBatch],
) -> Vec<serde_json::Value> {
    let mut latest: HashMap<&str, serde_json::Value> = HashMap::new();
    for (index, e) in new_events {
        let Some(essentials) = message_status(e.event) else {
            continue;
        };
        let (message_id, status) = (essentials.id.as_str(), essentials.status.as_str());
        if !should_replace_status(current.get(message_id).map(String::as_str), status) {
            continue;
        }
        current.insert(message_id.to_owned(), status.to_owned());
        latest.insert(
            message_id,
            serde_json::json!({
                "messageId": message_id, "status": status, "timestamp": e.event.timestamp,
                "at": e.received_at, "eventId": e.id,
            }),
        );
        stored[*index].statuses_moved += 1;
    }
    latest.into_values().collect()
}
