//! The quality history: one row per observation of a number's rating and messaging limit.

use time::format_description::well_known::Rfc3339;
use waba_core::quality::{QualityPoint, QualitySource};

use crate::{Store, StoreError};

#[derive(sqlx::FromRow)]
struct QualityRow {
    at: String,
    phone_number_id: String,
    rating: Option<String>,
    messaging_limit: Option<String>,
    source: String,
}

impl Store {
    /// Records an observation, unless it repeats the newest one for that number (a doctor run
    /// every minute must not fill the chart with identical points).
    pub async fn record_quality(
        &self,
        profile_id: &str,
        phone_number_id: &str,
        rating: Option<&str>,
        messaging_limit: Option<&str>,
        source: QualitySource,
    ) -> Result<bool, StoreError> {
        let last: Option<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT rating, messaging_limit FROM quality_history WHERE profile_id = ? AND phone_number_id = ? ORDER BY id DESC LIMIT 1",
        )
        .bind(profile_id)
        .bind(phone_number_id)
        .fetch_optional(&self.pool)
        .await?;
        if last
            .as_ref()
            .is_some_and(|(r, l)| r.as_deref() == rating && l.as_deref() == messaging_limit)
        {
            return Ok(false);
        }
        let at = time::OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let source = match source {
            QualitySource::Read => "read",
            QualitySource::Webhook => "webhook",
        };
        sqlx::query("INSERT INTO quality_history (at, profile_id, phone_number_id, rating, messaging_limit, source) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(at)
            .bind(profile_id)
            .bind(phone_number_id)
            .bind(rating)
            .bind(messaging_limit)
            .bind(source)
            .execute(&self.pool)
            .await?;
        Ok(true)
    }

    /// Every observation for a profile, oldest first.
    pub async fn quality_history(&self, profile_id: &str) -> Result<Vec<QualityPoint>, StoreError> {
        let rows: Vec<QualityRow> = sqlx::query_as(
            "SELECT at, phone_number_id, rating, messaging_limit, source FROM quality_history WHERE profile_id = ? ORDER BY id",
        )
        .bind(profile_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let source = match r.source.as_str() {
                    "read" => QualitySource::Read,
                    "webhook" => QualitySource::Webhook,
                    other => return Err(StoreError::Corrupt(format!("quality source {other:?}"))),
                };
                Ok(QualityPoint {
                    at: r.at,
                    phone_number_id: r.phone_number_id,
                    rating: r.rating,
                    messaging_limit: r.messaging_limit,
                    source,
                })
            })
            .collect()
    }
}
