//! `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw request body, keyed with the app
//! secret (facts §12.2).
//!
//! The signature covers the exact bytes Meta sent. Never parse and re-serialise the body before
//! checking it: Meta escapes `/` as `\/` and non-ASCII characters as `\uXXXX`, which a JSON
//! library writes differently, so the same event re-serialised no longer matches.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secret::{ExposeSecret, Secret};

/// The header Meta signs every webhook POST with.
pub const SIGNATURE_HEADER: &str = "X-Hub-Signature-256";

const PREFIX: &str = "sha256=";

/// Why a webhook POST's signature is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("The request has no X-Hub-Signature-256 header, so it cannot be from Meta.")]
    Missing,
    #[error("X-Hub-Signature-256 does not start with \"sha256=\".")]
    NotSha256,
    #[error("X-Hub-Signature-256 is not \"sha256=\" followed by 64 hexadecimal digits.")]
    NotHex,
    #[error("X-Hub-Signature-256 does not match the body: it was not signed with this app secret, or the body was changed on the way.")]
    Mismatch,
    #[error("No app secret is set, so no signature can be checked.")]
    NoSecret,
}

fn mac(secret: &Secret, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes())
        .expect("HMAC accepts any key length");
    mac.update(body);
    mac
}

/// The `X-Hub-Signature-256` value for `body`: `sha256=` and the lowercase hex HMAC-SHA256 of
/// the bytes, keyed with the app secret, as Meta sends it.
pub fn sign(app_secret: &Secret, body: &[u8]) -> String {
    format!(
        "{PREFIX}{}",
        hex::encode(mac(app_secret, body).finalize().into_bytes())
    )
}

/// Checks `header` (the `X-Hub-Signature-256` value, `None` when the request has none) against
/// the raw `body` in constant time.
pub fn verify(
    app_secret: &Secret,
    body: &[u8],
    header: Option<&str>,
) -> Result<(), SignatureError> {
    if app_secret.expose_secret().is_empty() {
        return Err(SignatureError::NoSecret);
    }
    let header = header.map(str::trim).ok_or(SignatureError::Missing)?;
    if header.is_empty() {
        return Err(SignatureError::Missing);
    }
    let hex_digits = header
        .get(..PREFIX.len())
        .filter(|p| p.eq_ignore_ascii_case(PREFIX))
        .map(|_| &header[PREFIX.len()..])
        .ok_or(SignatureError::NotSha256)?;
    if hex_digits.len() != 64 {
        return Err(SignatureError::NotHex);
    }
    let expected = hex::decode(hex_digits).map_err(|_| SignatureError::NotHex)?;
    mac(app_secret, body)
        .verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}
