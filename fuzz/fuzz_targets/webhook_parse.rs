//! Fuzzes the webhook reader (`waba_core::webhook::parse_body`) with arbitrary bytes as the body
//! of a POST: it must never panic, and every event it reads keeps the module's promises: a
//! non-empty dedupe key, a kind of letters, digits, `_`, `-` and `.` only, at most `MAX_EVENTS`
//! events, and a one-line summary (no control characters, whatever Meta's text held).
#![no_main]

use libfuzzer_sys::fuzz_target;
use waba_core::webhook::{parse_body, MAX_EVENTS};

fuzz_target!(|body: &[u8]| {
    let Ok(events) = parse_body(body) else {
        return;
    };
    assert!(events.len() <= MAX_EVENTS, "{} events", events.len());
    for event in &events {
        assert!(!event.dedupe_key.is_empty(), "no dedupe key: {event:?}");
        assert!(
            !event.kind.is_empty()
                && event
                    .kind
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')),
            "kind {:?} has characters the module says it never has",
            event.kind
        );
        assert!(
            !event.summary.chars().any(char::is_control),
            "summary {:?} is not one line of plain text",
            event.summary
        );
    }
});
