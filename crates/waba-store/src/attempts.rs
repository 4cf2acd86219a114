//! The register/deregister attempts the console made, per number, for its own 72-hour budget.
//!
//! The rail is one transaction: [`Store::reserve_attempt`] counts the window and writes the
//! reservation inside a single `BEGIN IMMEDIATE`, so two callers (a double click, or the window
//! and the CLI, each with its own connection to the same file) can never both take the last
//! attempt. The outcome is written after the call; a reservation whose outcome never arrives
//! (crash, timeout) still counts, as Meta counts the call whether or not its answer came back.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use waba_core::numbers::AttemptKind;

use crate::{Store, StoreError};

/// What became of a reserved attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    Ok,
    /// Meta answered with an error (it still counts the call).
    Failed,
    /// No answer: a timeout or a dropped connection; Meta may or may not have counted it.
    Unknown,
}

impl AttemptOutcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }
}

/// The count of attempts in the window, and the oldest of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptWindow {
    pub used: u32,
    /// RFC 3339.
    pub oldest: Option<String>,
}

/// The answer of [`Store::reserve_attempt`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reservation {
    /// The attempt is written as pending; make the call, then [`Store::finish_attempt`].
    Granted { id: i64, window: AttemptWindow },
    /// The admission rule refused; nothing was written.
    Refused { window: AttemptWindow },
}

fn rfc3339(at: OffsetDateTime) -> Result<String, StoreError> {
    at.format(&Rfc3339)
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl Store {
    /// Counts the attempts of `kind` since `since` and, when `admit` accepts that window, writes
    /// a pending attempt at `at`, all in one `BEGIN IMMEDIATE` transaction (the write lock is
    /// taken before the count, so no other connection can count in between).
    pub async fn reserve_attempt(
        &self,
        phone_number_id: &str,
        kind: AttemptKind,
        since: OffsetDateTime,
        at: OffsetDateTime,
        admit: impl FnOnce(&AttemptWindow) -> bool,
    ) -> Result<Reservation, StoreError> {
        let (_turn, mut tx) = self.begin_write().await?;
        let window = window(&mut tx, phone_number_id, kind, since).await?;
        if !admit(&window) {
            tx.rollback().await?;
            return Ok(Reservation::Refused { window });
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO registration_attempts (at, phone_number_id, kind, outcome) VALUES (?, ?, ?, 'pending') RETURNING id",
        )
        .bind(rfc3339(at)?)
        .bind(phone_number_id)
        .bind(kind.as_str())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Reservation::Granted { id, window })
    }

    /// Records what became of a reserved attempt. It counts whatever the outcome.
    pub async fn finish_attempt(
        &self,
        id: i64,
        outcome: AttemptOutcome,
        graph_code: Option<i64>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE registration_attempts SET outcome = ?, graph_code = ? WHERE id = ?")
            .bind(outcome.as_str())
            .bind(graph_code)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// How many attempts of `kind` since `since` (pending and unknown ones included).
    pub async fn attempts_since(
        &self,
        phone_number_id: &str,
        kind: AttemptKind,
        since: OffsetDateTime,
    ) -> Result<AttemptWindow, StoreError> {
        let mut conn = self.pool.acquire().await?;
        window(&mut conn, phone_number_id, kind, since).await
    }
}

async fn window(
    conn: &mut sqlx::SqliteConnection,
    phone_number_id: &str,
    kind: AttemptKind,
    since: OffsetDateTime,
) -> Result<AttemptWindow, StoreError> {
    let (count, oldest): (i64, Option<String>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM registration_attempts WHERE phone_number_id = ? AND kind = ? AND at >= ?",
    )
    .bind(phone_number_id)
    .bind(kind.as_str())
    .bind(rfc3339(since)?)
    .fetch_one(&mut *conn)
    .await?;
    Ok(AttemptWindow {
        used: u32::try_from(count).unwrap_or(u32::MAX),
        oldest,
    })
}
