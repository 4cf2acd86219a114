//! The register/deregister attempts the console made, per number, for its own 72-hour budget.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use waba_core::audit::Outcome;
use waba_core::numbers::AttemptKind;

use crate::{Store, StoreError};

impl Store {
    /// Records one call (successful or not: Meta counts both).
    pub async fn record_attempt(
        &self,
        phone_number_id: &str,
        kind: AttemptKind,
        outcome: Outcome,
        graph_code: Option<i64>,
        at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let at = at
            .format(&Rfc3339)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let outcome = match outcome {
            Outcome::Ok => "ok",
            Outcome::Failed => "failed",
        };
        sqlx::query("INSERT INTO registration_attempts (at, phone_number_id, kind, outcome, graph_code) VALUES (?, ?, ?, ?, ?)")
            .bind(at)
            .bind(phone_number_id)
            .bind(kind.as_str())
            .bind(outcome)
            .bind(graph_code)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// How many attempts of `kind` since `since`, and the oldest of them.
    pub async fn attempts_since(
        &self,
        phone_number_id: &str,
        kind: AttemptKind,
        since: OffsetDateTime,
    ) -> Result<(u32, Option<String>), StoreError> {
        let since = since
            .format(&Rfc3339)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let (count, oldest): (i64, Option<String>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(at) FROM registration_attempts WHERE phone_number_id = ? AND kind = ? AND at >= ?",
        )
        .bind(phone_number_id)
        .bind(kind.as_str())
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((u32::try_from(count).unwrap_or(u32::MAX), oldest))
    }
}
