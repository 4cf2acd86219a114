//! Fuzzes the recipient reader (`waba_core::send::recipient::parse_recipient`) with arbitrary
//! typed text, for each of a few sending numbers: it must never panic; a recipient it accepts is
//! E.164 digits without `+`, starting with its country code, never the sending number itself,
//! and read again from `+<those digits>` it is the same number; a test number always adds its
//! allowed-list hint.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waba_core::send::recipient::{parse_recipient, SenderContext, Trap};

/// Sending numbers: none known, a US one, a test number, a Mexican and an Argentine one (the
/// countries whose numbers the reader rewrites).
fn senders() -> [SenderContext; 5] {
    let number = |digits: &str, test_number| SenderContext {
        business_number: Some(digits.to_owned()),
        test_number,
    };
    [
        SenderContext::default(),
        number("+1 650-555-1234", false),
        number("15550100199", true),
        number("525512345678", false),
        number("5491112345678", false),
    ]
}

fuzz_target!(|data: &[u8]| {
    let typed = String::from_utf8_lossy(data);
    for sender in &senders() {
        let Ok(recipient) = parse_recipient(&typed, sender) else {
            continue;
        };
        let e164 = recipient.e164.as_str();
        assert!(
            !e164.is_empty() && e164.bytes().all(|b| b.is_ascii_digit()),
            "{typed:?} gave {e164:?}, not E.164 digits"
        );
        assert!(
            e164.starts_with(&recipient.country_code.to_string()),
            "{e164:?} does not start with its country code {}",
            recipient.country_code
        );
        let sender_digits: Option<String> = sender
            .business_number
            .as_deref()
            .map(|b| b.chars().filter(char::is_ascii_digit).collect());
        assert_ne!(
            sender_digits.as_deref(),
            Some(e164),
            "the sender accepted as its own recipient"
        );
        if sender.test_number {
            assert!(recipient
                .hints
                .iter()
                .any(|h| h.trap == Trap::TestNumberAllowList));
        }
        let again = parse_recipient(&format!("+{e164}"), sender).unwrap_or_else(|refusal| {
            panic!("{typed:?} gave {e164:?}, which is then refused: {refusal:?}")
        });
        assert_eq!(
            again.e164, e164,
            "{typed:?}: +{e164} reads as another number"
        );
    }
});
