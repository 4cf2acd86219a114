//! The audit log's key: 32 random bytes in the OS keychain (one account per database,
//! `audit-key/<database id>`, behind [`Secret`]), made on first start and loaded by
//! `Console::open`. The database's write lock is held while the key is found or made, so the
//! app and the CLI starting at once agree on one key.
//!
//! Without a usable key the console still opens: nothing can be appended to the audit log then
//! (each failure is logged), and the Audit page and `waba audit verify` say what is wrong with
//! the key instead of reporting tampering.

use waba_core::audit::{AuditKeyState, AuditVerification};
use waba_core::CommandError;
use waba_secrets::{Keychain, Secret};
use waba_store::{key_account, AuditKey, KeyAdoption, Store};

use crate::errors;

/// Why the key could not be used, when the store alone cannot tell (the keychain failed, or its
/// entry is not a key).
#[derive(Debug, Clone)]
pub(crate) struct KeyProblem(String);

impl KeyProblem {
    /// The verification as the admin should read it: not "missing" but unavailable, and why.
    pub(crate) fn apply(&self, verification: &mut AuditVerification) {
        if verification.key != AuditKeyState::Present {
            verification.key = AuditKeyState::Unavailable;
            verification.key_problem = Some(self.0.clone());
        }
    }
}

/// `store` with its audit key, or without one and the reason when the store cannot report it.
pub(crate) async fn load(
    store: Store,
    keychain: &Keychain,
) -> Result<(Store, Option<KeyProblem>), CommandError> {
    let setup = store.begin_audit_key_setup().await.map_err(errors::store)?;
    let account = key_account(setup.database_id());
    let unavailable = |what: String| {
        KeyProblem(format!(
            "{what}, so the audit log can be neither checked with its key nor added to. Start or unlock the OS keychain and restart the console."
        ))
    };
    let key = match keychain.get(&account).await {
        Ok(Some(secret)) => match AuditKey::from_secret(&secret) {
            Ok(key) => key,
            Err(e) => {
                setup.finish().await.map_err(errors::store)?;
                tracing::error!(%account, error = %e, "the audit key in the keychain is unusable");
                return Ok((
                    store,
                    Some(KeyProblem(format!(
                        "The keychain entry \"{account}\" does not hold an audit key ({e}); the audit log can be neither checked with its key nor added to. Restore the entry from a backup of the keychain."
                    ))),
                ));
            }
        },
        // Entries are signed with a key that is gone: only restoring it helps; a new key could
        // never check them. The store reports this itself.
        Ok(None) if setup.has_keyed_entries() => {
            setup.finish().await.map_err(errors::store)?;
            tracing::error!(%account, "the audit key is missing from the keychain");
            return Ok((store, None));
        }
        Ok(None) => {
            let key = AuditKey::generate().map_err(errors::store)?;
            let secret: Secret = key.to_secret();
            if let Err(e) = keychain.set(&account, &secret).await {
                setup.finish().await.map_err(errors::store)?;
                tracing::error!(%account, error = %e, "could not store a new audit key");
                return Ok((
                    store,
                    Some(unavailable(format!(
                        "The audit key could not be stored in the OS keychain ({e})"
                    ))),
                ));
            }
            key
        }
        Err(e) => {
            setup.finish().await.map_err(errors::store)?;
            tracing::error!(%account, error = %e, "could not read the audit key");
            return Ok((
                store,
                Some(unavailable(format!(
                    "The audit key could not be read from the OS keychain ({e})"
                ))),
            ));
        }
    };
    match setup.adopt(&key).await.map_err(errors::store)? {
        KeyAdoption::Bound { legacy_entries } => {
            tracing::info!(key_id = %key.id(), legacy_entries, "audit log bound to its key");
        }
        KeyAdoption::Matches => {}
        KeyAdoption::Mismatch { chain_key_id } => {
            tracing::error!(%account, key_id = %key.id(), %chain_key_id, "the keychain holds another audit key than the log's");
        }
    }
    Ok((store.with_audit_key(key), None))
}
