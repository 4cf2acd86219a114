//! The language codes Meta accepts for templates, and the closest one to a code it does not.

/// Meta's "Supported languages" list for message templates (developers.facebook.com, message
/// templates reference), plus the regional codes Meta added since (ar_EG ... en_IE, as listed in
/// Meta's reference of 21 May 2026). Meta adds codes without notice: a well-formed `ll_CC` whose
/// language is listed is only a warning.
pub const LANGUAGES: &[&str] = &[
    "af", "sq", "ar", "ar_EG", "ar_AE", "ar_LB", "ar_MA", "ar_QA", "az", "be_BY", "bn", "bn_IN",
    "bg", "ca", "zh_CN", "zh_HK", "zh_TW", "hr", "cs", "da", "prs_AF", "nl", "nl_BE", "en",
    "en_GB", "en_US", "en_AE", "en_AU", "en_CA", "en_GH", "en_IE", "et", "fil", "fi", "fr", "ka",
    "de", "el", "gu", "ha", "he", "hi", "hu", "id", "ga", "it", "ja", "kn", "kk", "rw_RW", "ko",
    "ky_KG", "lo", "lv", "lt", "mk", "ms", "ml", "mr", "nb", "fa", "pl", "pt_BR", "pt_PT", "pa",
    "ro", "ru", "sr", "sk", "sl", "es", "es_AR", "es_ES", "es_MX", "sw", "sv", "ta", "te", "th",
    "tr", "uk", "ur", "uz", "vi", "zu",
];

/// What the linter makes of a language code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// On Meta's list.
    Known,
    /// Well formed (`ll_CC`), its language on the list, the region not (yet) known here.
    UnlistedRegion { listed: Vec<&'static str> },
    /// Not a code Meta accepts; the closest ones, best first (possibly none).
    Unknown { suggest: Vec<&'static str> },
}

fn base(code: &str) -> &str {
    code.split(['_', '-']).next().unwrap_or(code)
}

/// Judges `code` as Meta's create call would.
pub fn check(code: &str) -> Verdict {
    if LANGUAGES.contains(&code) {
        return Verdict::Known;
    }
    // `en-US`, `EN_us`, `pt-br`: the same code in Meta's spelling.
    let mut parts = code.trim().split(['_', '-']);
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    let region = parts.next().map(str::to_ascii_uppercase);
    let extra = parts.next().is_some();
    let normalized = match &region {
        Some(r) => format!("{lang}_{r}"),
        None => lang.clone(),
    };
    if !extra {
        if let Some(hit) = LANGUAGES.iter().find(|c| **c == normalized) {
            return Verdict::Unknown { suggest: vec![hit] };
        }
    }
    let same_language: Vec<&'static str> = LANGUAGES
        .iter()
        .copied()
        .filter(|c| base(c) == lang)
        .collect();
    let well_formed = code.len() == normalized.len()
        && code == normalized
        && region
            .as_deref()
            .is_some_and(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()));
    if well_formed && !same_language.is_empty() {
        return Verdict::UnlistedRegion {
            listed: same_language,
        };
    }
    Verdict::Unknown {
        suggest: same_language,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_and_suggestions() {
        assert_eq!(check("en_US"), Verdict::Known);
        assert_eq!(check("fil"), Verdict::Known);
        assert_eq!(
            check("en-US"),
            Verdict::Unknown {
                suggest: vec!["en_US"]
            }
        );
        assert_eq!(
            check("pt"),
            Verdict::Unknown {
                suggest: vec!["pt_BR", "pt_PT"]
            }
        );
        assert_eq!(
            check("de_AT"),
            Verdict::UnlistedRegion { listed: vec!["de"] }
        );
        assert_eq!(check("klingon"), Verdict::Unknown { suggest: vec![] });
        assert_eq!(check(""), Verdict::Unknown { suggest: vec![] });
    }
}
