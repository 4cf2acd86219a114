//! The profiles' tokens: the OS keychain, fronted by an in-process cache.
//!
//! Each keychain read is a Secret Service round trip (a D-Bus session with a key exchange), which
//! would otherwise sit in front of every doctor run and checklist. The cache holds only what this
//! process stored or read; it is updated on every set and delete, and dropped (zeroized) with it.

use std::collections::HashMap;

use tokio::sync::Mutex;
use waba_secrets::{Keychain, KeychainError, Secret};

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

    pub(crate) async fn get(&self, profile_id: &str) -> Result<Option<Secret>, KeychainError> {
        if let Some(token) = self.cache.lock().await.get(profile_id) {
            return Ok(Some(token.clone()));
        }
        let stored = self.keychain.get(profile_id).await?;
        if let Some(token) = &stored {
            self.cache
                .lock()
                .await
                .insert(profile_id.to_owned(), token.clone());
        }
        Ok(stored)
    }

    pub(crate) async fn set(&self, profile_id: &str, token: &Secret) -> Result<(), KeychainError> {
        self.keychain.set(profile_id, token).await?;
        self.cache
            .lock()
            .await
            .insert(profile_id.to_owned(), token.clone());
        Ok(())
    }

    pub(crate) async fn delete(&self, profile_id: &str) -> Result<bool, KeychainError> {
        self.cache.lock().await.remove(profile_id);
        self.keychain.delete(profile_id).await
    }
}
