//! What more than one fuzz target checks: that a template-lint finding's span points into the
//! document it was found in (`template_lint_text` and `template_lint_draft` both assert it).

use serde_json::Value;
use waba_core::template_lint::finding::utf16_len;
use waba_core::template_lint::Span;

/// Asserts what `Span` promises about a finding over `document` (the draft as JSON):
/// - `path` is a JSON pointer (`""` or starting with `/`);
/// - when it names a value, a string's range lies within that string (in UTF-16 units) and any
///   other value is pointed at as a whole (`0..0`);
/// - when it names nothing (a missing field), the deepest part of it that exists is an object or
///   a list, the container that lacks the field: a pointer that runs into text, a number or
///   `null` names a field that cannot exist there.
pub fn assert_span_within(document: &Value, span: &Span) {
    let path = span.path.as_str();
    assert!(
        path.is_empty() || path.starts_with('/'),
        "span path {path:?} is not a JSON pointer"
    );
    assert!(
        span.start <= span.end,
        "span {span:?} ends before it starts"
    );
    match document.pointer(path) {
        Some(Value::String(text)) => assert!(
            span.end <= utf16_len(text),
            "span {span:?} runs past the {} UTF-16 units of {text:?}",
            utf16_len(text)
        ),
        Some(_) => assert!(
            span.start == 0 && span.end == 0,
            "span {span:?} has a range in a value that is not text"
        ),
        None => {
            let container = deepest_existing(document, path);
            assert!(
                container.is_object() || container.is_array(),
                "span path {path:?} runs into {container}, which cannot hold the field it names"
            );
        }
    }
}

/// The value at the longest prefix of `path` that exists in `document` (the document itself at
/// worst, since `""` always exists).
fn deepest_existing<'d>(document: &'d Value, path: &str) -> &'d Value {
    let mut prefix = path;
    loop {
        match prefix.rfind('/') {
            Some(cut) => prefix = &prefix[..cut],
            None => return document,
        }
        if let Some(value) = document.pointer(prefix) {
            return value;
        }
    }
}
