//! Finding the variables in a text: `{{1}}`, `{{first_name}}`, and the near misses Meta rejects
//! (`{{ 1 }}`, `{{1}`, `{1}}`, `{{First-Name}}`). One pass over the text, linear in its length
//! whatever it contains (the next `}}` and `{{` are found once and reused).

/// What a variable is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VarKey {
    /// `{{3}}`.
    Positional(u32),
    /// `{{first_name}}`.
    Named(String),
}

/// A well-formed variable, with its byte range in the text (braces included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Var {
    pub key: VarKey,
    pub start: usize,
    pub end: usize,
}

/// Something in the text that is meant as a variable but is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `{{ 1 }}`, `{{1}`, `{1}}`: the braces or spaces are wrong; `suggest` is the intended form.
    Malformed { suggest: Option<String> },
    /// `{{First-Name}}`: a named variable with characters Meta does not allow.
    BadName { suggest: String },
}

/// A near miss, with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    pub problem: Problem,
    pub start: usize,
    pub end: usize,
}

/// The variables and near misses of one text, in order of appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    pub vars: Vec<Var>,
    pub bad: Vec<Bad>,
}

/// Longest thing between braces still read as meant to be a variable.
const MAX_INNER: usize = 64;

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn key_of(inner: &str) -> Option<VarKey> {
    if !inner.is_empty() && inner.len() <= 9 && inner.bytes().all(|b| b.is_ascii_digit()) {
        return inner.parse().ok().map(VarKey::Positional);
    }
    is_name(inner).then(|| VarKey::Named(inner.to_owned()))
}

/// `First-Name` → `first_name`: what a named variable should probably have been.
fn suggest_name(inner: &str) -> String {
    let mut out = String::new();
    for c in inner.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_owned();
    if out.starts_with(|c: char| c.is_ascii_digit()) && !out.bytes().all(|b| b.is_ascii_digit()) {
        format!("v_{out}")
    } else if out.is_empty() {
        "name".to_owned()
    } else {
        out
    }
}

fn wrap(key: &str) -> String {
    format!("{{{{{key}}}}}")
}

/// Finds the next occurrence of `pat` at or after a position, remembering the last answer so
/// that a scan moving forward reads the text about once.
struct Next<'a> {
    text: &'a str,
    pat: &'static str,
    /// The last answer and the position it was asked from.
    last: Option<(usize, Option<usize>)>,
}

impl<'a> Next<'a> {
    fn new(text: &'a str, pat: &'static str) -> Self {
        Self {
            text,
            pat,
            last: None,
        }
    }

    fn from(&mut self, from: usize) -> Option<usize> {
        match self.last {
            Some((_, Some(at))) if at >= from => return Some(at),
            Some((asked, None)) if from >= asked => return None,
            _ => {}
        }
        let found = self
            .text
            .get(from..)
            .and_then(|t| t.find(self.pat))
            .map(|i| i + from);
        self.last = Some((from, found));
        found
    }
}

/// Scans `text` for variables and near misses.
pub fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut out = Scan::default();
    let mut closes = Next::new(text, "}}");
    let mut opens = Next::new(text, "{{");
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'{' {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) == Some(&b'{') {
            // `{{{1}}}`: read from the innermost pair of opening braces.
            let mut open = i;
            while bytes.get(open + 2) == Some(&b'{') {
                open += 1;
            }
            let close = closes.from(open + 2);
            let next_open = opens.from(open + 2);
            match close {
                Some(close)
                    if next_open.is_none_or(|n| close < n) && close - open <= MAX_INNER + 2 =>
                {
                    let inner = &text[open + 2..close];
                    let end = close + 2;
                    // `{{1}}}`: a stray closing brace.
                    let stray_close = bytes.get(end) == Some(&b'}');
                    let clean = open == i && !stray_close;
                    let problem = match key_of(inner) {
                        Some(key) if clean => {
                            out.vars.push(Var { key, start: i, end });
                            None
                        }
                        _ if key_of(inner.trim()).is_some() => Some(Problem::Malformed {
                            suggest: Some(wrap(inner.trim())),
                        }),
                        _ if inner.contains(['{', '}', '\n']) || inner.trim().is_empty() => {
                            Some(Problem::Malformed { suggest: None })
                        }
                        _ => Some(Problem::BadName {
                            suggest: suggest_name(inner),
                        }),
                    };
                    let end = if stray_close { end + 1 } else { end };
                    if let Some(problem) = problem {
                        out.bad.push(Bad {
                            problem,
                            start: i,
                            end,
                        });
                    }
                    i = end;
                }
                _ => {
                    // `{{1}` or `{{1`: no closing pair before the next opening one.
                    let end = word_end(text, open + 2);
                    let inner = text[open + 2..end].trim_end_matches('}');
                    let suggest = key_of(inner.trim()).map(|_| wrap(inner.trim()));
                    out.bad.push(Bad {
                        problem: Problem::Malformed { suggest },
                        start: i,
                        end,
                    });
                    i = end.max(open + 2);
                }
            }
            continue;
        }
        // A single `{`: `{1}}` or `{1}` is a near miss; any other brace is just text.
        let end = word_end(text, i + 1);
        let inner = text[i + 1..end].trim_end_matches('}');
        let closed = text[i + 1..end].ends_with('}');
        let digits = matches!(key_of(inner.trim()), Some(VarKey::Positional(_)));
        let named = matches!(key_of(inner.trim()), Some(VarKey::Named(_)));
        if closed && (digits || (named && text[i + 1..end].ends_with("}}"))) {
            out.bad.push(Bad {
                problem: Problem::Malformed {
                    suggest: Some(wrap(inner.trim())),
                },
                start: i,
                end,
            });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Where a near miss that starts at `from` ends: after the spaces and name-like characters (at
/// most `MAX_INNER`), and the spaces and closing braces after them when there are braces.
fn word_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let skip = |mut at: usize, pred: fn(u8) -> bool| {
        while at < bytes.len() && at - from < MAX_INNER && pred(bytes[at]) {
            at += 1;
        }
        at
    };
    let word = skip(skip(from, |b| b == b' '), |b| {
        b.is_ascii_alphanumeric() || b == b'_'
    });
    let spaces = skip(word, |b| b == b' ');
    let braces = skip(spaces, |b| b == b'}');
    if braces > spaces {
        braces
    } else {
        word
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<VarKey> {
        scan(text).vars.into_iter().map(|v| v.key).collect()
    }

    #[test]
    fn reads_positional_and_named_variables() {
        assert_eq!(
            keys("Hi {{1}}, order {{order_id}} ships {{2}}."),
            vec![
                VarKey::Positional(1),
                VarKey::Named("order_id".into()),
                VarKey::Positional(2)
            ]
        );
        let s = scan("Hi {{1}}.");
        assert_eq!((s.vars[0].start, s.vars[0].end), (3, 8));
        assert!(s.bad.is_empty());
    }

    #[test]
    fn near_misses_are_reported_with_their_range() {
        for (text, range, suggest) in [
            ("Hi {{ 1 }} there", (3, 10), Some("{{1}}")),
            ("Hi {{1} there", (3, 7), Some("{{1}}")),
            ("Hi {1}} there", (3, 7), Some("{{1}}")),
            ("Hi {1} there", (3, 6), Some("{{1}}")),
            ("Hi {{{1}}} there", (3, 10), Some("{{1}}")),
            ("Hi {{1 there", (3, 6), Some("{{1}}")),
        ] {
            let s = scan(text);
            assert!(s.vars.is_empty(), "{text}");
            assert_eq!(s.bad.len(), 1, "{text}: {:?}", s.bad);
            let bad = &s.bad[0];
            assert_eq!((bad.start, bad.end), range, "{text}");
            assert_eq!(
                bad.problem,
                Problem::Malformed {
                    suggest: suggest.map(str::to_owned)
                },
                "{text}"
            );
        }
        let s = scan("Dear {{First-Name}}!");
        assert_eq!(
            s.bad[0].problem,
            Problem::BadName {
                suggest: "first_name".into()
            }
        );
    }

    #[test]
    fn plain_braces_are_text_and_the_scan_is_linear() {
        assert_eq!(scan("a {b} c { d").bad, vec![]);
        assert_eq!(scan("a {name}} c").bad.len(), 1);
        let nasty = "{{".repeat(200_000);
        let s = scan(&nasty);
        assert!(s.vars.is_empty());
        let closes = "{{1}".repeat(100_000) + "}}";
        let _ = scan(&closes);
    }
}
