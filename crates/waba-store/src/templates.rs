//! Templates: the last synced list per profile (JSON as Meta sent it, with its time), drafts kept
//! until submitted or discarded (the text as typed, valid JSON or not), and the console's own
//! edits per template for Meta's edit limits.

use crate::{Store, StoreError};

/// The cached template list of one profile.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TemplateCache {
    /// RFC 3339.
    pub synced_at: String,
    /// A JSON array of templates in Meta's shape.
    pub templates: String,
    /// Meta's `summary` object as JSON, when it sent one.
    pub summary: Option<String>,
}

/// A kept draft.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DraftRow {
    pub id: String,
    pub profile_id: String,
    /// The text as typed.
    pub body: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
}

impl Store {
    /// Replaces the profile's cached list.
    pub async fn save_template_cache(
        &self,
        profile_id: &str,
        cache: &TemplateCache,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO template_cache (profile_id, synced_at, templates, summary) VALUES (?, ?, ?, ?)
             ON CONFLICT (profile_id) DO UPDATE SET synced_at = excluded.synced_at,
               templates = excluded.templates, summary = excluded.summary",
        )
        .bind(profile_id)
        .bind(&cache.synced_at)
        .bind(&cache.templates)
        .bind(&cache.summary)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The profile's cached list, or `None` before its first sync.
    pub async fn template_cache(
        &self,
        profile_id: &str,
    ) -> Result<Option<TemplateCache>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT synced_at, templates, summary FROM template_cache WHERE profile_id = ?",
        )
        .bind(profile_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Writes a draft: a new one, or the new text of the draft `id` (which must belong to
    /// `profile_id`). `at` is RFC 3339.
    pub async fn save_draft(
        &self,
        id: &str,
        profile_id: &str,
        body: &str,
        at: &str,
    ) -> Result<DraftRow, StoreError> {
        let row: Option<DraftRow> = sqlx::query_as(
            "INSERT INTO template_drafts (id, profile_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
               WHERE template_drafts.profile_id = excluded.profile_id
             RETURNING id, profile_id, body, created_at, updated_at",
        )
        .bind(id)
        .bind(profile_id)
        .bind(body)
        .bind(at)
        .bind(at)
        .fetch_optional(&self.pool)
        .await?;
        row.ok_or_else(|| StoreError::Corrupt(format!("draft {id} belongs to another profile")))
    }

    /// The profile's drafts, most recently changed first.
    pub async fn drafts(&self, profile_id: &str) -> Result<Vec<DraftRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, profile_id, body, created_at, updated_at FROM template_drafts
             WHERE profile_id = ? ORDER BY updated_at DESC, id",
        )
        .bind(profile_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn draft(&self, id: &str) -> Result<Option<DraftRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, profile_id, body, created_at, updated_at FROM template_drafts WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Removes a draft (discarded or submitted); whether it existed.
    pub async fn delete_draft(&self, id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM template_drafts WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records one edit the console sent for `template_id` at `at` (unix seconds).
    pub async fn record_template_edit(
        &self,
        profile_id: &str,
        template_id: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO template_edits (profile_id, template_id, at) VALUES (?, ?, ?)")
            .bind(profile_id)
            .bind(template_id)
            .bind(at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The console's edits of `template_id` at or after `since` (unix seconds), oldest first.
    pub async fn template_edits_since(
        &self,
        template_id: &str,
        since: i64,
    ) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT at FROM template_edits WHERE template_id = ? AND at >= ? ORDER BY at",
        )
        .bind(template_id)
        .bind(since)
        .fetch_all(&self.pool)
        .await?)
    }
}
