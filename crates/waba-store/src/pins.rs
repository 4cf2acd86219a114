//! Which numbers of a profile have a 2FA PIN kept in the keychain: the fact only, never the PIN,
//! so removing a profile can remove every keychain entry it owns.

use crate::{Store, StoreError};

impl Store {
    pub async fn record_kept_pin(
        &self,
        profile_id: &str,
        phone_number_id: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT OR IGNORE INTO kept_pins (profile_id, phone_number_id) VALUES (?, ?)")
            .bind(profile_id)
            .bind(phone_number_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn forget_kept_pin(
        &self,
        profile_id: &str,
        phone_number_id: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM kept_pins WHERE profile_id = ? AND phone_number_id = ?")
            .bind(profile_id)
            .bind(phone_number_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The numbers of `profile_id` whose PIN is kept, in ID order.
    pub async fn kept_pins(&self, profile_id: &str) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT phone_number_id FROM kept_pins WHERE profile_id = ? ORDER BY phone_number_id",
        )
        .bind(profile_id)
        .fetch_all(&self.pool)
        .await?)
    }
}
