//! Secrets (the System User token, later an opt-in 2FA PIN) live only in the OS keychain.
//!
//! Two guarantees sit here so no other crate has to remember them:
//! - [`Secret`] (`secrecy::SecretString`, declared in `waba_core::secret`) cannot be serialized, `Display`ed or `Debug`-printed
//!   with its value; reading it takes an explicit `expose_secret()`.
//! - [`Keychain`] calls the blocking keyring API on tokio's blocking pool, never on an async
//!   worker or the UI thread, and one call at a time per process (see [`ONE_CALL_AT_A_TIME`]).
//!
//! The store is the platform's own (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows), chosen by explicit `keyring` features; the silent in-memory mock store
//! that `keyring` falls back to without features is never used.

pub use waba_core::secret::{secret, ExposeSecret, Secret};

#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    /// No keychain service is reachable or it is locked.
    #[error("the OS keychain is not available: {0}")]
    Unavailable(String),
    /// The keychain answered with an error.
    #[error("the OS keychain refused the request: {0}")]
    Refused(String),
}

/// Held for the whole of each keychain call. gnome-keyring-daemon (Debian 12's and later; upstream
/// work items 190, 196, 199) aborts with `gkd_secret_service_get_pkcs11_session: assertion
/// 'client' failed` when one process opens several Secret Service sessions at once, and a
/// D-Bus-activated replacement starts locked, so every later call fails too. Two consoles opening
/// together, or a token read beside an audit-key read, did exactly that. Keychain calls are few
/// (a token at start, a secret when it is used), so taking them in turn costs nothing visible.
static ONE_CALL_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// One namespace of the OS keychain: a service name (the app identifier) and one entry per account.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Keychain {
    /// `service` separates builds (the release and dev identifiers) and test runs.
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    /// Stores `secret` under `account`, replacing any previous value.
    pub async fn set(&self, account: &str, secret: &Secret) -> Result<(), KeychainError> {
        let value = secret.expose_secret().to_owned();
        self.blocking(account, move |entry| entry.set_password(&value))
            .await
    }

    /// The secret stored under `account`, or `None` when there is none.
    pub async fn get(&self, account: &str) -> Result<Option<Secret>, KeychainError> {
        let found = self
            .blocking(account, |entry| match entry.get_password() {
                Ok(value) => Ok(Some(secret(value))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(e),
            })
            .await?;
        Ok(found)
    }

    /// Removes the secret under `account`; returns whether there was one.
    pub async fn delete(&self, account: &str) -> Result<bool, KeychainError> {
        self.blocking(account, |entry| match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(e),
        })
        .await
    }

    async fn blocking<T, F>(&self, account: &str, op: F) -> Result<T, KeychainError>
    where
        T: Send + 'static,
        F: FnOnce(&keyring::Entry) -> keyring::Result<T> + Send + 'static,
    {
        let (service, account) = (self.service.clone(), account.to_owned());
        tokio::task::spawn_blocking(move || {
            // A panic inside a call leaves nothing half-done behind this lock: take it anyway.
            let _turn = ONE_CALL_AT_A_TIME
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let entry = keyring::Entry::new(&service, &account).map_err(classify)?;
            op(&entry).map_err(classify)
        })
        .await
        .map_err(|e| KeychainError::Refused(format!("keychain task failed: {e}")))?
    }
}

fn classify(error: keyring::Error) -> KeychainError {
    match error {
        keyring::Error::NoStorageAccess(inner) => KeychainError::Unavailable(inner.to_string()),
        keyring::Error::PlatformFailure(inner) => KeychainError::Unavailable(inner.to_string()),
        other => KeychainError::Refused(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_contains_the_value() {
        let s = secret("EAAtopsecret".to_owned());
        let printed = format!("{s:?}");
        assert!(!printed.contains("EAAtopsecret"), "{printed}");
        assert_eq!(s.expose_secret(), "EAAtopsecret");
    }
}
