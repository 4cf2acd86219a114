//! The one secret type (token, app secret, 2FA PIN) for every place a secret travels: IPC
//! requests, the service, the Graph client and the keychain.
//!
//! It lives here, in the contract crate, so request types can hold it: `SecretString` deserializes
//! (a request arrives with the value), but it is never serialized (String is not a
//! `SerializableSecret`), has no `Display`, and its `Debug` prints a redaction. Reading the value
//! takes an explicit `expose_secret()`, which makes every use greppable.

pub use secrecy::{ExposeSecret, SecretString as Secret};

/// Wraps a freshly typed or read value; the `String` is moved, not copied.
pub fn secret(value: String) -> Secret {
    Secret::from(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    static_assertions::assert_not_impl_any!(Secret: serde::Serialize, std::fmt::Display);

    #[test]
    fn deserializes_but_debug_redacts() {
        let s: Secret = serde_json::from_str("\"EAAtopsecret\"").unwrap();
        assert!(!format!("{s:?}").contains("EAAtopsecret"));
        assert_eq!(s.expose_secret(), "EAAtopsecret");
    }
}
