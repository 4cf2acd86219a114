//! Word lists and the matching behind the wording rules: link shorteners, promotional wording in
//! a UTILITY template, and requests for sensitive data. English word lists (most templates that
//! reach this console are in English); matching is ASCII case-insensitive on word boundaries, so
//! byte offsets in the lowered text are offsets in the original.

/// Link shorteners Meta's reviewers reject ("use full, unshortened URLs to your own domain").
pub const SHORTENERS: &[&str] = &[
    "bit.ly",
    "tinyurl.com",
    "t.co",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "buff.ly",
    "cutt.ly",
    "rebrand.ly",
    "shorturl.at",
    "tiny.cc",
    "rb.gy",
    "bl.ink",
    "t.ly",
    "lnkd.in",
    "s.id",
    "v.gd",
    "short.io",
    "shorte.st",
    "adf.ly",
    "bitly.com",
];

/// Wording that makes Meta re-categorise a UTILITY template as MARKETING.
pub const PROMOTIONAL: &[&str] = &[
    "offer",
    "offers",
    "discount",
    "discounts",
    "% off",
    "sale",
    "free",
    "hurry",
    "exclusive",
    "deal",
    "deals",
    "promo",
    "promotion",
    "coupon",
    "limited time",
    "buy now",
    "shop now",
    "don't miss",
    "last chance",
    "special offer",
    "thank you for being a loyal",
    "loyal customer",
    "we miss you",
    "upgrade now",
    "best price",
];

/// Phrases in which a promotional word is not promotional.
const NOT_PROMOTIONAL: &[&str] = &["feel free", "toll free", "toll-free", "free of errors"];

/// Data a template must never ask for.
pub const SENSITIVE: &[&str] = &[
    "card number",
    "cvv",
    "cvv2",
    "cvc",
    "card security code",
    "social security",
    "ssn",
    "password",
    "pin",
    "pin code",
    "bank login",
    "banking login",
    "online banking",
    "login details",
    "login credentials",
    "mother's maiden name",
];

/// Words that make a sentence a request.
const REQUEST: &[&str] = &[
    "send",
    "share",
    "reply",
    "provide",
    "enter",
    "tell",
    "give",
    "confirm",
    "type",
    "text us",
    "submit",
    "verify",
    "what is your",
    "what's your",
    "let us know",
    "respond",
];

/// Words that make a sentence a warning, not a request ("never share your PIN").
const NEGATION: &[&str] = &[
    "never",
    "do not",
    "don't",
    "dont",
    "not share",
    "won't",
    "will not",
];

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Every occurrence of each term in `lower` (already ASCII-lowercased), on word boundaries, as
/// `(start, end, term)`, in order of position.
pub fn find_terms<'t>(lower: &str, terms: &[&'t str]) -> Vec<(usize, usize, &'t str)> {
    let bytes = lower.as_bytes();
    let mut out = Vec::new();
    for term in terms {
        let first_is_word = term.bytes().next().is_some_and(is_word);
        let last_is_word = term.bytes().last().is_some_and(is_word);
        for (start, _) in lower.match_indices(term) {
            let end = start + term.len();
            let before_ok = !first_is_word || start == 0 || !is_word(bytes[start - 1]);
            let after_ok = !last_is_word || end == bytes.len() || !is_word(bytes[end]);
            if before_ok && after_ok {
                out.push((start, end, *term));
            }
        }
    }
    out.sort_unstable();
    out
}

/// Link shorteners in `text`: byte ranges of their host names.
pub fn shorteners(text: &str) -> Vec<(usize, usize, &'static str)> {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut out = Vec::new();
    for host in SHORTENERS {
        for (start, _) in lower.match_indices(host) {
            let end = start + host.len();
            let before = start.checked_sub(1).map(|i| bytes[i]);
            let before_ok = before.is_none_or(|b| !is_word(b) && b != b'-');
            let after_ok = bytes.get(end).is_none_or(|&b| !is_word(b) && b != b'-');
            if before_ok && after_ok {
                out.push((start, end, *host));
            }
        }
    }
    out.sort_unstable();
    out
}

/// Promotional wording in `text`.
pub fn promotional(text: &str) -> Vec<(usize, usize, &'static str)> {
    let lower = text.to_ascii_lowercase();
    let harmless = find_terms(&lower, NOT_PROMOTIONAL);
    find_terms(&lower, PROMOTIONAL)
        .into_iter()
        .filter(|(s, e, _)| !harmless.iter().any(|(hs, he, _)| hs <= s && e <= he))
        .collect()
}

/// How many emoji `text` has (pictographs and dingbats; a heuristic, not Unicode's full
/// `Extended_Pictographic`).
pub fn emoji_count(text: &str) -> usize {
    text.chars()
        .filter(|c| matches!(u32::from(*c), 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B50 | 0x2B55))
        .count()
}

/// Requests for sensitive data: the sensitive term of each sentence that asks for it (a
/// sentence that has a request word and no negation).
pub fn sensitive_requests(text: &str) -> Vec<(usize, usize, &'static str)> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut sentence_start = 0;
    for (i, b) in lower
        .bytes()
        .enumerate()
        .chain(std::iter::once((lower.len(), b'.')))
    {
        if !matches!(b, b'.' | b'!' | b'?' | b'\n') {
            continue;
        }
        let sentence = &lower[sentence_start..i];
        let terms = find_terms(sentence, SENSITIVE);
        if !terms.is_empty()
            && !find_terms(sentence, REQUEST).is_empty()
            && find_terms(sentence, NEGATION).is_empty()
        {
            let (s, e, term) = terms[0];
            out.push((sentence_start + s, sentence_start + e, term));
        }
        sentence_start = i + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorteners_on_host_boundaries() {
        assert_eq!(
            shorteners("Track it at https://bit.ly/x1"),
            vec![(20, 26, "bit.ly")]
        );
        assert!(shorteners("Visit https://at.com/t.company").is_empty());
        assert_eq!(shorteners("see T.CO/abc").len(), 1);
    }

    #[test]
    fn promotional_and_sensitive_wording() {
        assert_eq!(promotional("Feel free to call us.").len(), 0);
        assert_eq!(promotional("Get 20% off today!")[0].2, "% off");
        assert_eq!(
            sensitive_requests("Please reply with your PIN to confirm."),
            vec![(23, 26, "pin")]
        );
        assert!(sensitive_requests("Never share your PIN with anyone.").is_empty());
        assert!(sensitive_requests("Your password was changed.").is_empty());
        assert_eq!(emoji_count("Hi 🎉🎉 ok ⭐"), 3);
    }
}
