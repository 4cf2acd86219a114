//! Fuzzes the template linter over pasted text (`waba_core::template_lint::lint_text`): it must
//! never panic, its counts add up, every finding has a line and column, and every span points
//! into the document (`waba_fuzz::assert_span_within`) when it is a JSON object, or into the text
//! itself when the text is not JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use waba_core::template_lint::finding::utf16_len;
use waba_core::template_lint::{lint_text, RuleId, Severity};
use waba_fuzz::assert_span_within;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let report = lint_text(&text, &[]);
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    assert_eq!(report.errors as usize, errors);
    assert_eq!(report.warnings as usize, report.findings.len() - errors);
    let document = serde_json::from_str::<Value>(&text).ok();
    for finding in &report.findings {
        let span = &finding.span;
        assert!(
            span.line.is_some() && span.column.is_some(),
            "no line and column: {finding:?}"
        );
        match &document {
            Some(document) if document.is_object() => assert_span_within(document, span),
            // JSON that is not an object: the rules still report the empty draft's missing
            // fields (no name, no BODY, ...), pointed at the document as a whole.
            Some(_) => assert!(
                report.findings[0].rule == RuleId::WrongType
                    && report.findings[0].span.path.is_empty(),
                "JSON that is not an object, not reported as such: {:?}",
                report.findings[0]
            ),
            None => assert!(
                span.path.is_empty() && span.start <= span.end && span.end <= utf16_len(&text),
                "a JSON syntax error outside the text: {finding:?}"
            ),
        }
    }
});
