//! Fuzzes the `X-Hub-Signature-256` check (`waba_core::webhook::signature::verify`) with an
//! arbitrary header, app secret and body. The input is `<header>\n<app secret>\n<body>` (so the
//! seeds are real signed webhooks); without two line breaks, all of it is the body and there is
//! no header. It must never panic, must accept the body's own signature (in either hex case),
//! and must accept nothing else.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waba_core::secret::{secret, ExposeSecret};
use waba_core::webhook::signature::{sign, verify};

/// The input's header (`None`: the request has none), app secret and body.
fn split(data: &[u8]) -> (Option<String>, String, &[u8]) {
    let mut parts = data.splitn(3, |&b| b == b'\n');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(header), Some(app_secret), Some(body)) => (
            Some(String::from_utf8_lossy(header).into_owned()),
            String::from_utf8_lossy(app_secret).into_owned(),
            body,
        ),
        _ => (None, "fuzz-app-secret".to_owned(), data),
    }
}

fuzz_target!(|data: &[u8]| {
    let (header, app_secret, body) = split(data);
    let app_secret = secret(app_secret);
    let verdict = verify(&app_secret, body, header.as_deref());
    if app_secret.expose_secret().is_empty() {
        assert!(
            verdict.is_err(),
            "a signature was accepted without an app secret"
        );
        return;
    }
    let signature = sign(&app_secret, body);
    if verdict.is_ok() {
        let header = header.as_deref().unwrap_or_default().trim();
        assert!(
            header.eq_ignore_ascii_case(&signature),
            "accepted {header:?}, but the body's signature is {signature:?}"
        );
    }
    assert_eq!(verify(&app_secret, body, Some(&signature)), Ok(()));
    assert_eq!(
        verify(&app_secret, body, Some(&signature.to_ascii_uppercase())),
        Ok(())
    );
});
