//! The message log: every message the console sent (or tried to), its status as Meta reports it,
//! and what the 24-hour customer-service window needs from the inbound messages.
//!
//! Why here: a send that times out may still have been accepted, so it is never retried blindly.
//! Each send is therefore reserved (`pending`) under a reference of the console's own before the
//! Graph call, its outcome written after ([`SendOutcome`]), and its status webhooks (written by
//! [`Store::insert_webhook_bodies`] in the receiver's transaction) matched by wamid, or by that
//! reference, which Meta echoes as `biz_opaque_callback_data`: that is how an `unknown` send is
//! reconciled. A status only ever moves forwards, whatever order the answer and the webhooks
//! arrive in. The log's queries are keyset-paged by id and each filter has an index that serves
//! its first page (a test checks the query plans), so it stays fast with a million rows.

use sqlx::SqliteConnection;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use waba_core::send::MessageKind;
pub use waba_core::send::SendStatus;
use waba_core::webhook::{StatusEssentials, WebhookEvent};

use crate::{Store, StoreError};

fn kind_name(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Text => "text",
        MessageKind::Template => "template",
        MessageKind::Image => "image",
        MessageKind::Document => "document",
        MessageKind::Audio => "audio",
        MessageKind::Video => "video",
        MessageKind::Sticker => "sticker",
        MessageKind::Buttons => "buttons",
        MessageKind::List => "list",
    }
}

fn parse_kind(text: &str) -> Result<MessageKind, StoreError> {
    Ok(match text {
        "text" => MessageKind::Text,
        "template" => MessageKind::Template,
        "image" => MessageKind::Image,
        "document" => MessageKind::Document,
        "audio" => MessageKind::Audio,
        "video" => MessageKind::Video,
        "sticker" => MessageKind::Sticker,
        "buttons" => MessageKind::Buttons,
        "list" => MessageKind::List,
        other => return Err(StoreError::Corrupt(format!("message kind {other:?}"))),
    })
}

/// A send about to be made, as [`Store::reserve_message`] writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage {
    /// The console's own ID of the send, unique, also sent as `biz_opaque_callback_data` (Meta
    /// allows 512 characters).
    pub reference: String,
    pub profile_id: String,
    pub phone_number_id: String,
    /// E.164 digits, without `+`.
    pub recipient: String,
    pub kind: MessageKind,
    /// One line for the log.
    pub summary: String,
    /// Meta's JSON body as it is sent (never a secret: the token travels in a header).
    pub request: serde_json::Value,
    pub created_at: OffsetDateTime,
}

/// What the Graph call of a reserved send answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// Meta accepted it and gave its message ID.
    Accepted { wamid: String },
    /// Meta refused it: its error code and its Graph error object as JSON.
    Refused {
        error_code: Option<i64>,
        error: String,
    },
    /// No answer came: it may or may not have been accepted.
    Unknown,
}

/// One message of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMessage {
    pub id: i64,
    pub reference: String,
    pub profile_id: String,
    pub phone_number_id: String,
    pub recipient: String,
    pub kind: MessageKind,
    pub summary: String,
    /// Meta's JSON body as sent.
    pub request: String,
    /// RFC 3339.
    pub created_at: String,
    /// Unix milliseconds.
    pub created_ms: i64,
    /// Meta's message ID, once known.
    pub wamid: Option<String>,
    pub status: SendStatus,
    /// RFC 3339: when the status was reached (a webhook status's own timestamp).
    pub status_at: String,
    /// The refusal's Graph error code, or the first error code of a failed status.
    pub error_code: Option<i64>,
    /// JSON: the refusal's Graph error object, or a failed status's `errors[]`.
    pub error: Option<String>,
    /// From the statuses' `pricing`.
    pub pricing_category: Option<String>,
    pub billable: Option<bool>,
    /// How many Graph calls the send took (retries included).
    pub attempts: u32,
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    reference: String,
    profile_id: String,
    phone_number_id: String,
    recipient: String,
    kind: String,
    summary: String,
    request: String,
    created_at: String,
    created_ms: i64,
    wamid: Option<String>,
    status: String,
    status_at: String,
    error_code: Option<i64>,
    error: Option<String>,
    pricing_category: Option<String>,
    billable: Option<bool>,
    attempts: i64,
}

impl TryFrom<MessageRow> for StoredMessage {
    type Error = StoreError;
    fn try_from(r: MessageRow) -> Result<Self, StoreError> {
        let status = SendStatus::parse(&r.status)
            .ok_or_else(|| StoreError::Corrupt(format!("message status {:?}", r.status)))?;
        Ok(StoredMessage {
            id: r.id,
            reference: r.reference,
            profile_id: r.profile_id,
            phone_number_id: r.phone_number_id,
            recipient: r.recipient,
            kind: parse_kind(&r.kind)?,
            summary: r.summary,
            request: r.request,
            created_at: r.created_at,
            created_ms: r.created_ms,
            wamid: r.wamid,
            status,
            status_at: r.status_at,
            error_code: r.error_code,
            error: r.error,
            pricing_category: r.pricing_category,
            billable: r.billable,
            attempts: u32::try_from(r.attempts).unwrap_or(0),
        })
    }
}

/// The message columns, as a literal so queries stay `&'static str` (sqlx refuses built strings).
macro_rules! message_columns {
    () => {
        "id, reference, profile_id, phone_number_id, recipient, kind, summary, request, created_at,
         created_ms, wamid, status, status_at, error_code, error, pricing_category, billable, attempts"
    };
}

/// Which messages of a profile a log page or count takes; every filter but the profile is
/// optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageFilter {
    pub profile_id: String,
    pub status: Option<SendStatus>,
    /// E.164 digits, exactly.
    pub recipient: Option<String>,
    pub kind: Option<MessageKind>,
    /// Unix milliseconds, inclusive.
    pub since_ms: Option<i64>,
    /// Unix milliseconds, exclusive.
    pub until_ms: Option<i64>,
    /// Text found in the summary or the recipient's digits (a substring, ASCII case-insensitive).
    pub search: Option<String>,
}

/// The `WHERE` clause of every list and count of messages, after the one term that picks the
/// index (`$driving`); a macro, because sqlx takes only literal SQL. [`MessageFilter::bind`] binds
/// ?1 to ?7.
macro_rules! message_filter {
    ($($driving:tt)+) => {
        concat!(
            "WHERE profile_id = ?1 AND ",
            $($driving)+,
            " AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR recipient = ?3)
              AND (?4 IS NULL OR kind = ?4) AND (?5 IS NULL OR created_ms >= ?5)
              AND (?6 IS NULL OR created_ms < ?6)
              AND (?7 IS NULL OR instr(lower(summary), lower(?7)) > 0 OR instr(recipient, ?7) > 0)"
        )
    };
}

/// A log page: newest first, before the id ?8, at most ?9 (by id, unless another order and
/// keyset are given).
macro_rules! message_page {
    ($driving:literal) => {
        message_page!(" AND id < ?8 ORDER BY id DESC LIMIT ?9"; $driving)
    };
    ($order:literal; $($driving:tt)+) => {
        concat!(
            "SELECT ",
            message_columns!(),
            " FROM messages ",
            message_filter!($($driving)+),
            $order
        )
    };
}

macro_rules! message_count {
    ($($driving:tt)+) => {
        concat!("SELECT COUNT(*) FROM messages ", message_filter!($($driving)+))
    };
}

/// The range of creation times a date filter walks (`(profile_id, created_ms, id)`).
macro_rules! created_range {
    () => {
        "created_ms >= coalesce(?5, -9223372036854775807) AND created_ms < coalesce(?6, 9223372036854775807)"
    };
}

/// Which index serves a filter: `(?n IS NULL OR column = ?n)` cannot use one, so the filter that
/// bounds the walk best is also written as a plain term: a recipient (a few messages), else a
/// date range (a walk that ends at its edge, even when nothing else matches), else a status,
/// else a kind; without any the page walks `(profile_id, id)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LogIndex {
    Recipient,
    Created,
    Status,
    Kind,
    Newest,
}

impl LogIndex {
    fn of(filter: &MessageFilter) -> Self {
        if filter.recipient.is_some() {
            Self::Recipient
        } else if filter.since_ms.is_some() || filter.until_ms.is_some() {
            Self::Created
        } else if filter.status.is_some() {
            Self::Status
        } else if filter.kind.is_some() {
            Self::Kind
        } else {
            Self::Newest
        }
    }

    fn page_sql(self) -> &'static str {
        match self {
            Self::Recipient => message_page!("recipient = ?3"),
            // By creation time, then id (the same order unless the clock went back between two
            // sends); the page before ?8 starts below that message's own place in this order.
            Self::Created => message_page!(
                " AND created_ms <= coalesce((SELECT created_ms FROM messages WHERE id = ?8),
                   9223372036854775807)
                 AND (created_ms, id) < (coalesce((SELECT created_ms FROM messages WHERE id = ?8),
                   9223372036854775807), ?8) ORDER BY created_ms DESC, id DESC LIMIT ?9";
                created_range!()
            ),
            Self::Status => message_page!("status = ?2"),
            Self::Kind => message_page!("kind = ?4"),
            Self::Newest => message_page!("1"),
        }
    }

    fn count_sql(self) -> &'static str {
        match self {
            Self::Recipient => message_count!("recipient = ?3"),
            Self::Created => message_count!(created_range!()),
            Self::Status => message_count!("status = ?2"),
            Self::Kind => message_count!("kind = ?4"),
            Self::Newest => message_count!("1"),
        }
    }
}

type SqliteQueryAs<'q, O> =
    sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments>;

impl MessageFilter {
    /// Every message of a profile.
    pub fn profile(profile_id: impl Into<String>) -> Self {
        Self {
            profile_id: profile_id.into(),
            ..Self::default()
        }
    }

    fn bind<'q, O>(&'q self, query: SqliteQueryAs<'q, O>) -> SqliteQueryAs<'q, O> {
        query
            .bind(&self.profile_id)
            .bind(self.status.map(SendStatus::as_str))
            .bind(&self.recipient)
            .bind(self.kind.map(kind_name))
            .bind(self.since_ms)
            .bind(self.until_ms)
            .bind(&self.search)
    }
}

/// One status event of a message, for its timeline.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TimelineEntry {
    /// Meta's status as sent (`sent`, `delivered`, `read`, `played`, `failed`, ...).
    pub status: String,
    /// Unix seconds, the status's own timestamp.
    pub timestamp: Option<i64>,
    /// The stored webhook event it came in.
    pub event_id: i64,
    /// RFC 3339: when the receiver stored it.
    pub received_at: String,
}

/// The delivery funnel of a period: a message counts at every step it passed (a read message is
/// also delivered and sent), by its current status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MessageFunnel {
    /// Meta gave it a wamid (failed ones included: Meta fails a message after accepting it).
    pub accepted: u64,
    pub sent: u64,
    pub delivered: u64,
    /// Read, or played (a voice message).
    pub read: u64,
    pub failed: u64,
    /// Not accepted: Meta answered an error.
    pub refused: u64,
    /// No answer came and no status since.
    pub unknown: u64,
}

impl MessageFunnel {
    fn add(&mut self, status: SendStatus, count: u64) {
        use SendStatus::*;
        let reached = |steps: &[SendStatus]| u64::from(steps.contains(&status)) * count;
        self.accepted += reached(&[Accepted, Sent, Delivered, Read, Played, Failed]);
        self.sent += reached(&[Sent, Delivered, Read, Played]);
        self.delivered += reached(&[Delivered, Read, Played]);
        self.read += reached(&[Read, Played]);
        self.failed += reached(&[Failed]);
        self.refused += reached(&[Refused]);
        self.unknown += reached(&[Unknown]);
    }
}

fn rfc3339(at: OffsetDateTime) -> Result<String, StoreError> {
    at.format(&Rfc3339)
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn unix_ms(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

impl Store {
    /// Writes a send as `pending` before its Graph call, so a send is in the log even if the
    /// console stops before the answer.
    pub async fn reserve_message(&self, new: &NewMessage) -> Result<StoredMessage, StoreError> {
        let at = rfc3339(new.created_at)?;
        let row: MessageRow = sqlx::query_as(concat!(
            "INSERT INTO messages (reference, profile_id, phone_number_id, recipient, kind, summary,
               request, created_at, created_ms, status, status_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) RETURNING ",
            message_columns!()
        ))
        .bind(&new.reference)
        .bind(&new.profile_id)
        .bind(&new.phone_number_id)
        .bind(&new.recipient)
        .bind(kind_name(new.kind))
        .bind(&new.summary)
        .bind(new.request.to_string())
        .bind(&at)
        .bind(unix_ms(new.created_at))
        .bind(&at)
        .fetch_one(&self.pool)
        .await?;
        row.try_into()
    }

    /// Records what the Graph call of a reserved send answered, after `attempts` calls. The
    /// outcome moves only a `pending` send (a status webhook may have come first, through the
    /// reference); the attempts are always written. An accepted send also takes the statuses
    /// already stored for its wamid. `None` when there is no such message.
    pub async fn finish_message(
        &self,
        id: i64,
        outcome: &SendOutcome,
        attempts: u32,
        at: OffsetDateTime,
    ) -> Result<Option<StoredMessage>, StoreError> {
        let at = rfc3339(at)?;
        let (_turn, mut tx) = self.begin_write().await?;
        let exists = sqlx::query("UPDATE messages SET attempts = ? WHERE id = ?")
            .bind(i64::from(attempts))
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        if !exists {
            return Ok(None);
        }
        match outcome {
            SendOutcome::Accepted { wamid } => {
                let moved = sqlx::query(
                    "UPDATE messages SET wamid = coalesce(wamid, ?), status = 'accepted', status_at = ?
                     WHERE id = ? AND status = 'pending'",
                )
                .bind(wamid)
                .bind(&at)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    > 0;
                if moved {
                    replay_statuses(&mut tx, id, wamid).await?;
                }
            }
            SendOutcome::Refused { error_code, error } => {
                sqlx::query(
                    "UPDATE messages SET status = 'refused', status_at = ?, error_code = ?, error = ?
                     WHERE id = ? AND status = 'pending'",
                )
                .bind(&at)
                .bind(error_code)
                .bind(error)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            SendOutcome::Unknown => {
                sqlx::query("UPDATE messages SET status = 'unknown', status_at = ? WHERE id = ? AND status = 'pending'")
                    .bind(&at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let row: MessageRow = sqlx::query_as(concat!(
            "SELECT ",
            message_columns!(),
            " FROM messages WHERE id = ?"
        ))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        row.try_into().map(Some)
    }

    /// One message by its id.
    pub async fn message(&self, id: i64) -> Result<Option<StoredMessage>, StoreError> {
        let row: Option<MessageRow> = sqlx::query_as(concat!(
            "SELECT ",
            message_columns!(),
            " FROM messages WHERE id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(StoredMessage::try_from).transpose()
    }

    /// A page of the log, newest first: at most `limit` messages the filter takes, after
    /// `before_id` (the last id of the previous page) when given. Newest is by id, or with a date
    /// filter by creation time then id: the same order unless the clock went back between sends.
    pub async fn messages(
        &self,
        filter: &MessageFilter,
        before_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        let rows: Vec<MessageRow> = filter
            .bind(sqlx::query_as(LogIndex::of(filter).page_sql()))
            .bind(before_id.unwrap_or(i64::MAX))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(StoredMessage::try_from).collect()
    }

    /// How many messages the filter takes.
    pub async fn count_messages(&self, filter: &MessageFilter) -> Result<u64, StoreError> {
        let (count,): (i64,) = filter
            .bind(sqlx::query_as(LogIndex::of(filter).count_sql()))
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Every status event stored for a message ID, in the statuses' own time order.
    pub async fn message_timeline(&self, wamid: &str) -> Result<Vec<TimelineEntry>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT h.status, h.timestamp, h.event_id, e.received_at
             FROM message_status_history h JOIN webhook_events e ON e.id = h.event_id
             WHERE h.wamid = ? ORDER BY h.timestamp, h.id",
        )
        .bind(wamid)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The delivery funnel of a profile's messages created in `[since_ms, until_ms)` (unix ms).
    pub async fn message_funnel(
        &self,
        profile_id: &str,
        since_ms: i64,
        until_ms: i64,
    ) -> Result<MessageFunnel, StoreError> {
        let counts: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*) FROM messages
             WHERE profile_id = ? AND created_ms >= ? AND created_ms < ? GROUP BY status",
        )
        .bind(profile_id)
        .bind(since_ms)
        .bind(until_ms)
        .fetch_all(&self.pool)
        .await?;
        let mut funnel = MessageFunnel::default();
        for (status, count) in counts {
            let status = SendStatus::parse(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("message status {status:?}")))?;
            funnel.add(status, u64::try_from(count).unwrap_or(0));
        }
        Ok(funnel)
    }

    /// How many of a profile's messages created before `older_than_ms` (unix ms) Meta accepted
    /// but sent no status for: the sign of a first message that was not a template, or of a
    /// webhook that does not arrive.
    pub async fn count_stale_accepted(
        &self,
        profile_id: &str,
        older_than_ms: i64,
    ) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages WHERE profile_id = ? AND status = 'accepted' AND created_ms < ?",
        )
        .bind(profile_id)
        .bind(older_than_ms)
        .fetch_one(&self.pool)
        .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// The newest of a profile's messages that reached the recipient's phone (delivered, read or
    /// played), if any: the checklist's "A test message delivered".
    pub async fn newest_delivered(
        &self,
        profile_id: &str,
    ) -> Result<Option<StoredMessage>, StoreError> {
        let row: Option<MessageRow> = sqlx::query_as(concat!(
            "SELECT ",
            message_columns!(),
            " FROM messages INDEXED BY messages_profile_status
             WHERE profile_id = ? AND status IN ('delivered', 'read', 'played')
             ORDER BY id DESC LIMIT 1"
        ))
        .bind(profile_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(StoredMessage::try_from).transpose()
    }

    /// How many of a profile's sends created since `since_ms` (unix ms) Meta throttled: ended
    /// with a rate-limit code (`codes`), or needed more than one call (each retry follows a
    /// throttling or transient answer).
    pub async fn count_throttled(
        &self,
        profile_id: &str,
        since_ms: i64,
        codes: &[i64],
    ) -> Result<u64, StoreError> {
        let codes =
            serde_json::to_string(codes).map_err(|e| StoreError::Corrupt(format!("codes: {e}")))?;
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages
             WHERE profile_id = ? AND created_ms >= ?
               AND (attempts > 1 OR error_code IN (SELECT value FROM json_each(?)))",
        )
        .bind(profile_id)
        .bind(since_ms)
        .bind(codes)
        .fetch_one(&self.pool)
        .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Moves sends still `pending` that were reserved before `older_than_ms` (unix ms) to
    /// `unknown`: their process stopped between the reservation and the answer (closed, killed),
    /// so Meta may or may not have them; their first status settles them. How many moved.
    pub async fn settle_abandoned_sends(
        &self,
        older_than_ms: i64,
        at: OffsetDateTime,
    ) -> Result<u64, StoreError> {
        let at = rfc3339(at)?;
        Ok(sqlx::query(
            "UPDATE messages SET status = 'unknown', status_at = ? WHERE status = 'pending' AND created_ms < ?",
        )
        .bind(at)
        .bind(older_than_ms)
        .execute(&self.pool)
        .await?
        .rows_affected())
    }

    /// What the console last read about a sending number (JSON, as the service wrote it).
    pub async fn sender_facts(&self, phone_number_id: &str) -> Result<Option<String>, StoreError> {
        self.setting(&format!("sender/{phone_number_id}")).await
    }

    pub async fn set_sender_facts(
        &self,
        phone_number_id: &str,
        json: &str,
    ) -> Result<(), StoreError> {
        self.set_setting(&format!("sender/{phone_number_id}"), json)
            .await
    }

    /// The pace kept for a profile's number, as the service wrote it (JSON).
    pub async fn send_limits(&self, profile_id: &str) -> Result<Option<String>, StoreError> {
        self.setting(&format!("send-limits/{profile_id}")).await
    }

    pub async fn set_send_limits(&self, profile_id: &str, json: &str) -> Result<(), StoreError> {
        self.set_setting(&format!("send-limits/{profile_id}"), json)
            .await
    }

    /// The newest inbound message time (unix seconds) to a number from any of `wa_ids` (the
    /// spellings one recipient may have, such as a Mexican number with and without its extra
    /// digit), if any of them ever wrote.
    pub async fn last_inbound(
        &self,
        phone_number_id: &str,
        wa_ids: &[String],
    ) -> Result<Option<i64>, StoreError> {
        let ids = serde_json::to_string(wa_ids)
            .map_err(|e| StoreError::Corrupt(format!("recipient IDs: {e}")))?;
        Ok(sqlx::query_scalar(
            "SELECT MAX(last_inbound_at) FROM inbound_contacts
             WHERE phone_number_id = ? AND wa_id IN (SELECT value FROM json_each(?))",
        )
        .bind(phone_number_id)
        .bind(ids)
        .fetch_one(&self.pool)
        .await?)
    }
}

/// One event just stored, as the log takes it: its row id, the event, when it was received.
#[derive(Clone, Copy)]
pub(crate) struct NewEvent<'a> {
    pub id: i64,
    pub event: &'a WebhookEvent,
    pub received_at: &'a str,
}

/// What the new events do to the messages the console sent, in the receiver's transaction, in
/// the order they were received: a status moves its message (found by wamid in `sent_messages`,
/// which the batch's first statement read, or else by the reference of a send whose answer
/// never came, which gives it its wamid). One message at a time: they are few beside the rest.
pub(crate) async fn move_sent_messages(
    conn: &mut SqliteConnection,
    events: &[NewEvent<'_>],
    sent_messages: &mut std::collections::HashMap<String, i64>,
) -> Result<(), StoreError> {
    for e in events {
        let Some(status) = message_status(e.event) else {
            continue;
        };
        let message = match (sent_messages.get(&status.id), &status.callback_data) {
            (Some(&id), _) => Some(id),
            (None, Some(reference)) => {
                let id: Option<i64> = sqlx::query_scalar(
                    "UPDATE messages SET wamid = ? WHERE reference = ? AND wamid IS NULL AND status <> 'refused'
                     RETURNING id",
                )
                .bind(&status.id)
                .bind(reference)
                .fetch_optional(&mut *conn)
                .await?;
                if let Some(id) = id {
                    sent_messages.insert(status.id.clone(), id);
                }
                id
            }
            (None, None) => None,
        };
        if let Some(id) = message {
            apply_status(conn, id, e.event, e.received_at).await?;
        }
    }
    Ok(())
}

/// What the new events add to the log, as rows for the batch's second query: each message
/// status's history (`wamid`, `status`, `timestamp`, `eventId`), and each inbound message's
/// sender window (`number`, `from`, `at`, `messageId`; not an echo of the business's own).
pub(crate) fn log_rows(
    events: &[NewEvent<'_>],
) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
    let history = events
        .iter()
        .filter_map(|e| {
            let status = message_status(e.event)?;
            Some(serde_json::json!({
                "wamid": status.id, "status": status.status,
                "timestamp": e.event.timestamp, "eventId": e.id,
            }))
        })
        .collect();
    let windows = events
        .iter()
        .filter(|e| e.event.kind.starts_with("message."))
        .filter_map(|e| {
            let message = e.event.message.as_ref()?;
            Some(serde_json::json!({
                "number": e.event.phone_number_id.as_ref()?,
                "from": message.from.as_ref()?,
                "at": e.event.timestamp?,
                "messageId": message.id,
            }))
        })
        .collect();
    (history, windows)
}

/// A message status event's status (not a call status's, which moves nothing), with the wamid
/// it is about.
pub(crate) fn message_status(event: &WebhookEvent) -> Option<&StatusEssentials> {
    event
        .status
        .as_ref()
        .filter(|s| event.kind.starts_with("status.") && !s.id.is_empty())
}

/// Moves message `id` to a status event's status when it is further along, with a failed
/// status's errors, and keeps the status's pricing whenever it has one.
async fn apply_status(
    conn: &mut SqliteConnection,
    id: i64,
    event: &WebhookEvent,
    received_at: &str,
) -> Result<(), StoreError> {
    let Some(status) = &event.status else {
        return Ok(());
    };
    let current: String = sqlx::query_scalar("SELECT status FROM messages WHERE id = ?")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let current = SendStatus::parse(&current)
        .ok_or_else(|| StoreError::Corrupt(format!("message status {current:?}")))?;
    if current.takes(&status.status) {
        let at = event
            .timestamp
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
            .map(rfc3339)
            .transpose()?
            .unwrap_or_else(|| received_at.to_owned());
        let failed = status.status == SendStatus::Failed.as_str();
        let (error_code, error) = if failed {
            let errors = serde_json::to_string(&status.errors)
                .map_err(|e| StoreError::Corrupt(format!("status errors: {e}")))?;
            (status.errors.iter().find_map(|e| e.code), Some(errors))
        } else {
            (None, None)
        };
        sqlx::query(
            "UPDATE messages SET status = ?, status_at = ?,
               error_code = CASE WHEN ? THEN ? ELSE error_code END,
               error = CASE WHEN ? THEN ? ELSE error END
             WHERE id = ?",
        )
        .bind(&status.status)
        .bind(at)
        .bind(failed)
        .bind(error_code)
        .bind(failed)
        .bind(error)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    if let Some(pricing) = &status.pricing {
        sqlx::query(
            "UPDATE messages SET pricing_category = coalesce(?, pricing_category),
               billable = coalesce(?, billable) WHERE id = ?",
        )
        .bind(&pricing.category)
        .bind(pricing.billable)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Applies to a message that just learned its wamid the statuses that came before it did (the
/// webhook can beat the Graph call's answer), in the order they were received.
async fn replay_statuses(
    conn: &mut SqliteConnection,
    id: i64,
    wamid: &str,
) -> Result<(), StoreError> {
    let earlier: Vec<(String, String)> = sqlx::query_as(
        "SELECT e.event, e.received_at FROM message_status_history h
         JOIN webhook_events e ON e.id = h.event_id WHERE h.wamid = ? ORDER BY h.id",
    )
    .bind(wamid)
    .fetch_all(&mut *conn)
    .await?;
    for (json, received_at) in earlier {
        let event: WebhookEvent = serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt(format!("stored webhook event: {e}")))?;
        apply_status(conn, id, &event, &received_at).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The query plans of the log's pages, checked on the very SQL the store runs: each filter's
    //! first page must be served by an index, never a scan of the table (the speed goal, a page
    //! under 20 ms with a million messages, guarded without timing anything).

    use super::*;

    async fn plan(store: &Store, filter: &MessageFilter) -> String {
        let rows: Vec<(i64, i64, i64, String)> = filter
            .bind(sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "EXPLAIN QUERY PLAN {}",
                LogIndex::of(filter).page_sql()
            ))))
            .bind(i64::MAX)
            .bind(50_i64)
            .fetch_all(&store.pool)
            .await
            .unwrap();
        rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join("; ")
    }

    #[tokio::test]
    async fn every_filter_s_first_page_is_served_by_its_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("console.db")).await.unwrap();
        let by = |f: fn(&mut MessageFilter)| {
            let mut filter = MessageFilter::profile("p");
            f(&mut filter);
            filter
        };
        let cases = [
            (by(|_| {}), "messages_profile "),
            (
                by(|f| f.status = Some(SendStatus::Delivered)),
                "messages_profile_status",
            ),
            (
                by(|f| f.recipient = Some("16505551234".into())),
                "messages_profile_recipient",
            ),
            (
                by(|f| f.kind = Some(MessageKind::Template)),
                "messages_profile_kind",
            ),
            (by(|f| f.since_ms = Some(0)), "messages_profile_created"),
            (
                by(|f| {
                    f.until_ms = Some(1);
                    f.status = Some(SendStatus::Read);
                }),
                "messages_profile_created",
            ),
            (
                by(|f| {
                    f.status = Some(SendStatus::Failed);
                    f.kind = Some(MessageKind::Text);
                    f.search = Some("hello".into());
                }),
                "messages_profile_status",
            ),
        ];
        for (filter, index) in cases {
            let plan = plan(&store, &filter).await;
            assert!(
                plan.contains(&format!("USING INDEX {index}"))
                    || plan.contains(&format!("USING COVERING INDEX {index}")),
                "{filter:?}: {plan}"
            );
            assert!(!plan.contains("SCAN messages"), "{filter:?}: {plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{filter:?}: sorted: {plan}");
        }
    }
}
