//! The catalogue covers every code of our two reference tables: the seed's "Error Code Reference"
//! and section 2.3 of the Graph facts file. Both tables are copied verbatim under `fixtures/`, and
//! this test reads their first column, so a code added to either table fails here until the
//! catalogue explains it.

use std::path::PathBuf;

use waba_core::catalogue::{self, ErrorChannel, FixAction, GROUP_MESSAGING_CODE};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Codes in one first-column cell: `131047`, `3 / 10`, `134100 / 134101 / 134102`,
/// `2388001, 2388012`, and ranges `200–299` (returned as low, middle and high).
fn codes_in_cell(cell: &str) -> Vec<i64> {
    let mut out = Vec::new();
    for part in cell.split([',', '/']) {
        let part = part.trim().trim_matches('*').trim_matches('`');
        if part.is_empty() {
            continue;
        }
        if let Some((lo, hi)) = part.split_once(['–', '-']) {
            let lo: i64 = lo
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("range {part:?}"));
            let hi: i64 = hi
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("range {part:?}"));
            assert!(lo < hi, "range {part:?}");
            out.extend([lo, (lo + hi) / 2, hi]);
        } else {
            out.push(
                part.parse()
                    .unwrap_or_else(|_| panic!("not a code: {part:?} in {cell:?}")),
            );
        }
    }
    out
}

fn seed_codes() -> Vec<i64> {
    let text = fixture("seed-error-codes.md");
    let mut codes = Vec::new();
    for line in text.lines() {
        let Some((first, _)) = line.split_once('\t') else {
            continue;
        };
        if first.trim() == "Code" {
            continue;
        }
        codes.extend(codes_in_cell(first));
    }
    codes
}

/// Table rows of the facts excerpt, as (first cell, whole row).
fn facts_rows() -> Vec<(String, String)> {
    let text = fixture("facts-error-codes.md");
    text.lines()
        .filter(|l| l.starts_with('|'))
        .filter_map(|l| {
            let first = l.split('|').nth(1)?.trim().to_owned();
            let header = first == "Code" || first == "Number" || first.starts_with("---");
            (!header).then(|| (first, l.to_owned()))
        })
        .collect()
}

fn facts_codes() -> Vec<i64> {
    facts_rows()
        .iter()
        .flat_map(|(first, _)| codes_in_cell(first))
        .collect()
}

/// The legacy paragraph below the tables: `131001 Message too long, ..., 133001–133003 ...`.
fn legacy_codes() -> Vec<i64> {
    let text = fixture("facts-error-codes.md");
    let start = text
        .find("**Legacy/unverified names**")
        .expect("legacy paragraph");
    let mut out = Vec::new();
    for word in text[start..].split(|c: char| c.is_whitespace() || c == ',') {
        if word.len() >= 6 && word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            out.extend(codes_in_cell(word));
        }
    }
    out
}

fn assert_complete(code: i64, subcode: Option<i64>, origin: &str) {
    let entry = catalogue::lookup(code, subcode)
        .unwrap_or_else(|| panic!("{origin} code {code} {subcode:?} is not in the catalogue"));
    assert!(!entry.fix.is_empty(), "{code}: no fix");
    assert!(entry.doc_url.starts_with("https://"), "{code}: doc_url");
    assert!(!entry.title.is_empty(), "{code}: title");
    // The category exists by type; check it serialises to a known name.
    let category = serde_json::to_value(entry.category).unwrap();
    assert!(category.is_string(), "{code}: category");
}

#[test]
fn every_seed_code_resolves() {
    let codes = seed_codes();
    assert_eq!(
        codes,
        vec![
            190, 3, 10, 100, 130429, 131047, 131026, 131048, 131056, 131009, 131021, 131031,
            132001, 133010, 368, 1, 2
        ],
        "the seed table parser read something unexpected"
    );
    for code in codes {
        assert_complete(code, None, "seed");
    }
}

#[test]
fn every_facts_code_resolves() {
    let codes = facts_codes();
    assert!(codes.len() >= 85, "only {} codes parsed", codes.len());
    for must in [
        0, 200, 299, 134101, 2201, 2494100, 2593108, 132069, 134011, 137000,
    ] {
        assert!(codes.contains(&must), "parser missed {must}");
    }
    for code in codes {
        assert_complete(code, None, "facts");
    }
}

#[test]
fn every_legacy_code_resolves_and_is_marked_uncertain() {
    let codes = legacy_codes();
    assert_eq!(
        codes,
        vec![131001, 131002, 131006, 131043, 133001, 133002, 133003, 133007, 136025]
    );
    for code in codes {
        assert_complete(code, None, "legacy");
        assert!(catalogue::lookup(code, None).unwrap().uncertain, "{code}");
    }
}

#[test]
fn each_190_subcode_of_the_facts_file_has_its_own_entry() {
    let (_, row) = facts_rows()
        .into_iter()
        .find(|(first, _)| first == "190")
        .expect("190 row");
    let list = row
        .split("subcodes ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("subcode list");
    let subcodes: Vec<i64> = list.split('/').map(|s| s.parse().unwrap()).collect();
    assert_eq!(subcodes, vec![458, 459, 460, 463, 464, 467, 492]);
    for sub in subcodes {
        let entry = catalogue::lookup(190, Some(sub)).unwrap();
        assert_eq!(entry.subcode, Some(sub));
        assert_eq!(entry.action, Some(FixAction::ReplaceToken));
        assert_complete(190, Some(sub), "facts 190");
    }
}

#[test]
fn code_100_and_100_33_are_separate_entries() {
    let generic = catalogue::lookup(100, None).unwrap();
    let missing = catalogue::lookup(100, Some(33)).unwrap();
    assert_eq!(generic.subcode, None);
    assert_eq!(missing.subcode, Some(33));
    assert_eq!(missing.action, Some(FixAction::CheckIds));
    assert!(missing.seed_note.unwrap().contains("opaque"));
    // Code 33 on its own is "the business phone number has been deleted".
    assert!(catalogue::lookup(33, None)
        .unwrap()
        .meaning
        .contains("deleted"));
}

#[test]
fn template_numbers_resolve_under_100_and_200002() {
    let template_rows: Vec<i64> = facts_rows()
        .iter()
        .flat_map(|(first, _)| codes_in_cell(first))
        .filter(|c| (2_388_000..2_389_000).contains(c))
        .collect();
    assert!(template_rows.len() >= 12);
    for n in template_rows {
        assert_eq!(catalogue::lookup(100, Some(n)).unwrap().code, n);
        assert_eq!(catalogue::lookup(200002, Some(n)).unwrap().code, n);
        assert_eq!(catalogue::lookup(n, None).unwrap().code, n);
    }
}

#[test]
fn every_entry_is_complete() {
    for e in catalogue::all() {
        let key = format!("{} {:?}", e.code, e.subcode);
        assert!(!e.title.is_empty(), "{key}: title");
        assert!(!e.meaning.is_empty(), "{key}: meaning");
        assert!(!e.causes.is_empty(), "{key}: causes");
        assert!(e.causes.iter().all(|c| !c.is_empty()), "{key}: empty cause");
        assert!(!e.fix.is_empty(), "{key}: fix");
        assert!(e.fix.iter().all(|f| !f.is_empty()), "{key}: empty step");
        assert!(!e.retry.sentence().is_empty(), "{key}: retry");
        assert!(
            e.doc_url.starts_with("https://developers.facebook.com/"),
            "{key}: doc_url"
        );
        if let Some(max) = e.code_max {
            assert!(max > e.code, "{key}: range");
        }
    }
    assert!(catalogue::all().len() >= 100, "{}", catalogue::all().len());
}

#[test]
fn required_actions_are_present() {
    let action = |code, sub| catalogue::lookup(code, sub).unwrap().action;
    assert_eq!(action(133010, None), Some(FixAction::RegisterNumber));
    assert_eq!(action(131047, None), Some(FixAction::SendTemplate));
    assert_eq!(action(190, None), Some(FixAction::ReplaceToken));
    assert_eq!(action(0, None), Some(FixAction::ReplaceToken));
    assert_eq!(action(132001, None), Some(FixAction::PickTemplate));
    assert_eq!(action(131030, None), Some(FixAction::ManageAllowList));
    for code in [1, 2, 131000, 131016, 133004] {
        let e = catalogue::lookup(code, None).unwrap();
        assert_eq!(e.action, Some(FixAction::OpenMetaStatus), "{code}");
        assert!(e.retry.can_help(), "{code}");
        assert!(e.fix.iter().any(|s| s.contains("metastatus.com")), "{code}");
    }
    assert_eq!(
        FixAction::OpenMetaStatus.url(),
        Some("https://metastatus.com/")
    );
}

#[test]
fn allow_list_entry_explains_the_five_recipients_and_the_mx_ar_quirk() {
    let e = catalogue::lookup(131030, None).unwrap();
    assert!(e.meaning.contains("at most 5"));
    let causes = e.causes.join(" ");
    assert!(causes.contains("+52") && causes.contains("+54"));
}

#[test]
fn group_messaging_has_a_documented_pseudo_code() {
    let e = catalogue::lookup(GROUP_MESSAGING_CODE, None).unwrap();
    const {
        assert!(
            GROUP_MESSAGING_CODE < 0,
            "pseudo-codes never collide with Meta's"
        )
    };
    assert!(e.meaning.contains("1:1"));
    assert!(e.fix.iter().any(|s| s.contains("add the business number")));
    assert!(!e.retry.can_help());
}

#[test]
fn seed_corrections_are_attached_where_the_seed_is_wrong() {
    let note = |code, sub| {
        catalogue::lookup(code, sub)
            .unwrap()
            .seed_note
            .unwrap_or("")
    };
    for code in [133005, 133010] {
        assert!(
            note(code, None).contains("POST /{phone-number-id}"),
            "{code}"
        );
        assert!(note(code, None).contains("two_step_verification"), "{code}");
    }
    assert!(note(133010, None).contains("CONNECTED"));
    assert!(note(133010, None).contains("REGISTERED"));
    assert!(note(131026, None).contains("contacts"));
    for code in [130429, 80007, 4] {
        assert!(note(code, None).contains("60 API calls/minute"), "{code}");
        assert!(note(code, None).contains("200 per hour"), "{code}");
        assert!(
            note(code, None).contains("80 messages per second"),
            "{code}"
        );
    }
    assert!(note(100, Some(33)).contains("15-17 digits"));
    for code in [132018, 131059, 134100] {
        assert!(note(code, None).contains("v26.0"), "{code}");
    }
}

#[test]
fn uncertain_and_channel_follow_the_facts_file() {
    for code in [80008, 131064, 132008, 132018, 131059] {
        assert!(catalogue::lookup(code, None).unwrap().uncertain, "{code}");
    }
    for code in [131047, 131026, 190, 133010] {
        assert!(!catalogue::lookup(code, None).unwrap().uncertain, "{code}");
    }
    let channel = |code| catalogue::lookup(code, None).unwrap().channel;
    assert_eq!(channel(131026), ErrorChannel::Both);
    assert_eq!(channel(131047), ErrorChannel::Both);
    assert_eq!(channel(131049), ErrorChannel::Webhook);
    assert_eq!(channel(137000), ErrorChannel::Webhook);
    assert_eq!(channel(190), ErrorChannel::Sync);
    assert_eq!(channel(133010), ErrorChannel::Sync);
    assert_eq!(
        catalogue::lookup(132001, None).unwrap().http_status,
        Some(404)
    );
    assert_eq!(catalogue::lookup(2, None).unwrap().http_status, Some(503));
}
