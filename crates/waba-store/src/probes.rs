//! The webhook probes run for each profile, kept so the checklist can say whether the callback
//! URL last passed (`webhook_probes`: one row per probe, the report as JSON beside the columns a
//! query needs).

use waba_core::probe::ProbeReport;

use crate::{Store, StoreError};

impl Store {
    /// Keeps one probe's report for the profile.
    pub async fn record_probe(
        &self,
        profile_id: &str,
        report: &ProbeReport,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(report)
            .map_err(|e| StoreError::Corrupt(format!("probe report not serializable: {e}")))?;
        sqlx::query(
            "INSERT INTO webhook_probes (profile_id, callback_url, passed, checked_at, report) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(profile_id)
        .bind(&report.callback_url)
        .bind(report.passed)
        .bind(&report.checked_at)
        .bind(json)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The profile's newest probe report, if it ever ran one.
    pub async fn last_probe(&self, profile_id: &str) -> Result<Option<ProbeReport>, StoreError> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT report FROM webhook_probes WHERE profile_id = ? ORDER BY id DESC LIMIT 1",
        )
        .bind(profile_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(json,)| {
            serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("probe report: {e}")))
        })
        .transpose()
    }
}
