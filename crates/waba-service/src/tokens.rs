//! The profiles' secrets (tokens, and PINs the admin chose to keep): the OS keychain, fronted by
//! an in-process cache. Accounts are the profile id for its token and [`pin_account`] for a PIN.
//!
//! Each keychain read is a Secret Service round trip (a D-Bus session with a key exchange), which
//! would otherwise sit in front of every doctor run and checklist. The cache holds only what this
//! process stored or read, and it is dropped (zeroized) with it.
//!
//! The keychain and the cache change under one lock, held across the keychain call: a read that
//! misses the cache cannot run between a delete's keychain call and its cache update, so a
//! deleted secret is never cached again. An account found empty is remembered as empty for
//! [`ABSENT_FOR`] only (the doctor asks for an app secret that is usually not there on every
//! run), so a secret another process (the CLI) stores meanwhile shows up soon.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;
use waba_secrets::{Keychain, KeychainError, Secret};

/// The keychain account of the 2FA PIN the admin chose to keep for a number of a profile.
pub(crate) fn pin_account(profile_id: &str, phone_number_id: &str) -> String {
    format!("{profile_id}/pin/{phone_number_id}")
}

/// How long an account found empty is answered as empty without asking the keychain again.
const ABSENT_FOR: Duration = Duration::from_secs(30);

enum Cached {
    Stored(Secret),
    /// Found empty at this time.
    Absent(Instant),
}

pub(crate) struct Tokens {
    keychain: Keychain,
    cache: Mutex<HashMap<String, Cached>>,
}

impl Tokens {
    pub(crate) fn new(keychain: Keychain) -> Self {
        Self {
            keychain,
            cache: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) async fn get(&self, account: &str) -> Result<Option<Secret>, KeychainError> {
        let mut cache = self.cache.lock().await;
        match cache.get(account) {
            Some(Cached::Stored(token)) => return Ok(Some(token.clone())),
            Some(Cached::Absent(at)) if at.elapsed() < ABSENT_FOR => return Ok(None),
            _ => {}
        }
        let stored = self.keychain.get(account).await?;
        let entry = match &stored {
            Some(token) => Cached::Stored(token.clone()),
            None => Cached::Absent(Instant::now()),
        };
        cache.insert(account.to_owned(), entry);
        Ok(stored)
    }

    pub(crate) async fn set(&self, account: &str, token: &Secret) -> Result<(), KeychainError> {
        let mut cache = self.cache.lock().await;
        self.keychain.set(account, token).await?;
        cache.insert(account.to_owned(), Cached::Stored(token.clone()));
        Ok(())
    }

    /// Removes each account; returns whether the first had a value. Stops at the first failure,
    /// leaving the cache consistent with what the keychain still holds.
    pub(crate) async fn delete(&self, accounts: &[&str]) -> Result<bool, KeychainError> {
        let mut cache = self.cache.lock().await;
        let mut first = None;
        for account in accounts {
            let had = self.keychain.delete(account).await?;
            cache.insert((*account).to_owned(), Cached::Absent(Instant::now()));
            first.get_or_insert(had);
        }
        Ok(first.unwrap_or(false))
    }
}
