//! Fuzzes the diagnoser (`waba_core::diagnose::diagnose`), which reads anything an admin pastes:
//! it must never panic, gives at most `MAX_DIAGNOSES` cards, always says what the input was
//! understood as, and says what was wrong whenever it found no card.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waba_core::diagnose::{diagnose, MAX_DIAGNOSES};

fuzz_target!(|data: &[u8]| {
    let pasted = String::from_utf8_lossy(data);
    let result = diagnose(&pasted);
    assert!(
        result.diagnoses.len() <= MAX_DIAGNOSES,
        "{} cards",
        result.diagnoses.len()
    );
    assert!(!result.input_kind.is_empty(), "no input kind: {result:?}");
    assert!(
        !result.diagnoses.is_empty() || result.problem.is_some(),
        "no card and no problem: {result:?}"
    );
});
