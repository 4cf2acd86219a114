//! The profiles' secrets (tokens, and PINs the admin chose to keep): the OS keychain, fronted by
//! an in-process cache. Accounts are the profile id for its token and [`pin_account`] for a PIN.
//!
//! Each keychain read is a Secret Service round trip (a D-Bus session with a key exchange), which
//! would otherwise sit in front of every doctor run and checklist. The cache holds only what this
//! process stored or read; it is updated on every set and delete, and dropped (zeroized) with it.

use std::collections::HashMap;

use tokio::sync::Mutex;
use waba_secrets::{Keychain, KeychainError, Secret};

/// The keychain account of the 2FA PIN the admin chose to keep for a number of a profile.
pub(crate) fn pin_account(profile_id: &str, phone_number_id: &str) -> String {
    format!("{profile_id}/pin/{phone_number_id}")
}

pub(crate) struct Tokens {
    keychain: Keychain,
    cache: Mutex<HashMap<String, Secret>>,
}

impl Tokens {
    pub(crate) fn new(keychain: Keychain) -> Self {
        Self {
            keychain,
            cache: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) async fn get(&self, account: &str) -> Result<Option<Secret>, KeychainError> {
        if let Some(token) = self.cache.lock().await.get(account) {
            return Ok(Some(token.clone()));
        }
        let stored = self.keychain.get(account).await?;
        if let Some(token) = &stored {
            self.cache
                .lock()
                .await
                .insert(account.to_owned(), token.clone());
        }
        Ok(stored)
    }

    pub(crate) async fn set(&self, account: &str, token: &Secret) -> Result<(), KeychainError> {
        self.keychain.set(account, token).await?;
        self.cache
            .lock()
            .await
            .insert(account.to_owned(), token.clone());
        Ok(())
    }

    pub(crate) async fn delete(&self, account: &str) -> Result<bool, KeychainError> {
        self.cache.lock().await.remove(account);
        self.keychain.delete(account).await
    }
}
