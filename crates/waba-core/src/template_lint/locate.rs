//! Where a finding is in the pasted text: each finding's JSON pointer (and, in a string, its
//! UTF-16 offset) turned into a line and column of the document, for `waba template lint FILE`
//! and the editor's JSON view. Escapes in string literals (`\n`, `\u00e9`) are decoded on the
//! way, so the position is the character the span starts at.

use std::collections::HashMap;

use super::finding::{utf16_len, Finding};

/// Deeper than serde_json reads (128), so every value it accepted is indexed.
const MAX_DEPTH: usize = 200;

/// The byte offset of every value of `text` (valid JSON), by JSON pointer.
fn index_values(text: &str) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    let mut i = 0;
    value(text, &mut i, String::new(), &mut map, 0);
    map
}

fn skip_ws(b: &[u8], i: &mut usize) {
    while b.get(*i).is_some_and(u8::is_ascii_whitespace) {
        *i += 1;
    }
}

/// Past a string literal starting at `*i` (a quote); answers the literal, quotes included.
fn string<'t>(text: &'t str, i: &mut usize) -> &'t str {
    let b = text.as_bytes();
    let start = *i;
    *i += 1;
    while let Some(&c) = b.get(*i) {
        *i += if c == b'\\' { 2 } else { 1 };
        if c == b'"' {
            break;
        }
    }
    *i = (*i).min(b.len());
    text.get(start..*i).unwrap_or("")
}

fn value(text: &str, i: &mut usize, path: String, map: &mut HashMap<String, usize>, depth: usize) {
    let b = text.as_bytes();
    skip_ws(b, i);
    if depth > MAX_DEPTH {
        return;
    }
    map.insert(path.clone(), *i);
    match b.get(*i) {
        Some(b'{') => {
            *i += 1;
            loop {
                skip_ws(b, i);
                match b.get(*i) {
                    None => return,
                    Some(b'}') => {
                        *i += 1;
                        return;
                    }
                    Some(b'"') => {
                        let key: String = serde_json::from_str(string(text, i)).unwrap_or_default();
                        skip_ws(b, i);
                        if b.get(*i) == Some(&b':') {
                            *i += 1;
                        }
                        let at = *i;
                        let child = format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"));
                        value(text, i, child, map, depth + 1);
                        if *i == at {
                            *i += 1;
                        }
                    }
                    Some(_) => *i += 1,
                }
            }
        }
        Some(b'[') => {
            *i += 1;
            let mut k = 0;
            loop {
                skip_ws(b, i);
                match b.get(*i) {
                    None => return,
                    Some(b']') => {
                        *i += 1;
                        return;
                    }
                    Some(b',') => {
                        *i += 1;
                        k += 1;
                    }
                    Some(_) => {
                        let at = *i;
                        value(text, i, format!("{path}/{k}"), map, depth + 1);
                        if *i == at {
                            *i += 1;
                        }
                    }
                }
            }
        }
        Some(b'"') => {
            string(text, i);
        }
        _ => {
            while b
                .get(*i)
                .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
            {
                *i += 1;
            }
        }
    }
}

/// The byte offset in the document of UTF-16 unit `units` of the string literal at `at`.
fn in_literal(text: &str, at: usize, units: u32) -> usize {
    let b = text.as_bytes();
    let mut j = at + 1;
    let mut seen = 0;
    while seen < units && j < b.len() && b[j] != b'"' {
        if b[j] == b'\\' {
            j += if b.get(j + 1) == Some(&b'u') { 6 } else { 2 };
            seen += 1;
        } else {
            let Some(c) = text.get(j..).and_then(|t| t.chars().next()) else {
                break;
            };
            j += c.len_utf8();
            seen += c.len_utf16() as u32;
        }
    }
    j.min(b.len())
}

/// 1-based line and column (in UTF-16 units, like the spans) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&c| c == b'\n').count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        utf16_len(&text[line_start..offset]).saturating_add(1),
    )
}

/// Fills in each finding's line and column from its path (the nearest enclosing value that
/// exists, for a field that is missing) and its start in a string.
pub fn locate(text: &str, findings: &mut [Finding]) {
    if findings.iter().all(|f| f.span.line.is_some()) {
        return;
    }
    let index = index_values(text);
    for f in findings.iter_mut().filter(|f| f.span.line.is_none()) {
        let mut path = f.span.path.as_str();
        let at = loop {
            if let Some(&at) = index.get(path) {
                break Some(at);
            }
            match path.rfind('/') {
                Some(cut) => path = &path[..cut],
                None => break None,
            }
        };
        let Some(mut at) = at else { continue };
        let exact = path == f.span.path;
        if exact && text.as_bytes().get(at) == Some(&b'"') {
            at = in_literal(text, at, f.span.start);
        }
        let (line, column) = line_column(text, at);
        f.span.line = Some(line);
        f.span.column = Some(column);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template_lint::{RuleId, Span};

    fn at(text: &str, path: &str, start: u32) -> (Option<u32>, Option<u32>) {
        let mut f = [Finding::error(
            RuleId::WrongType,
            Span {
                path: path.into(),
                start,
                end: start,
                line: None,
                column: None,
            },
            "m",
            "f",
        )];
        locate(text, &mut f);
        (f[0].span.line, f[0].span.column)
    }

    #[test]
    fn pointers_and_offsets_become_lines_and_columns() {
        let text = "{\n  \"name\": \"x\",\n  \"components\": [\n    {\"type\": \"BODY\", \"text\": \"\\n\u{e9}👋 {{1}\"}\n  ]\n}";
        assert_eq!(at(text, "/name", 0), (Some(2), Some(12)));
        assert_eq!(at(text, "/components/0", 0), (Some(4), Some(5)));
        // `\n` is one unit, é one, 👋 two, the space one: unit 5 is the `{`.
        assert_eq!(at(text, "/components/0/text", 5), (Some(4), Some(37)));
        // A missing field points at its object.
        assert_eq!(at(text, "/components/0/example", 0), (Some(4), Some(5)));
        assert_eq!(at(text, "/category", 0), (Some(1), Some(1)));
    }
}
