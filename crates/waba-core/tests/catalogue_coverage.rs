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
        0, 200, 299, 134101, 2201, 2494100, 2593108, 132069, 134011, 137000, 2388024, 2388046,
        2388155, 200005, 200006, 200007, 1752041, 2593109,
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
        vec![131001, 131002, 131006, 131043, 133001, 133002, 133003, 133007]
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
        FixAction::OpenMetaStatus.url().as_deref(),
        Some("https://metastatus.com")
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
fn group_card_says_groups_exist_for_official_business_accounts_and_the_console_does_not_manage_them(
) {
    let e = catalogue::lookup(GROUP_MESSAGING_CODE, None).unwrap();
    const {
        assert!(
            GROUP_MESSAGING_CODE < 0,
            "pseudo-codes never collide with Meta's"
        )
    };
    for fact in [
        "Groups API",
        "Official Business Account",
        "invite link",
        "at most 8 participants",
        "text, media and text or media templates",
        "recipient_type \"group\"",
        "group_lifecycle_update",
        "group_participants_update",
        "group_settings_update",
        "group_status_update",
        "does not manage groups yet",
    ] {
        assert!(e.meaning.contains(fact), "{fact}");
    }
    // The seed's "not supported" is what the card corrects, never what it repeats.
    let all = format!("{} {} {}", e.title, e.meaning, e.fix.join(" "));
    assert!(!all.contains("not supported"), "{all}");
    assert!(!all.contains("add the business number"), "{all}");
    let note = e.seed_note.unwrap();
    assert!(
        note.contains("outdated") && note.contains("8 participants"),
        "{note}"
    );
    assert!(e.doc_url.contains("/whatsapp/groups/"));
}

#[test]
fn number_migration_2388001_is_about_ownership_or_two_step_verification() {
    let e = catalogue::lookup(100, Some(2388001)).unwrap();
    assert_eq!(e.code, 2388001);
    assert_ne!(e.title, "Cannot Create Certificate");
    assert!(e.meaning.contains("migration"));
    let fix = e.fix.join(" ");
    assert!(
        fix.contains("request_code") && fix.contains("verify_code"),
        "{fix}"
    );
    assert!(fix.contains("two-step verification off"), "{fix}");
    let causes = e.causes.join(" ");
    assert!(!fix.contains("Delete the WhatsApp account") && !causes.contains("app on a phone"));
    assert_eq!(e.action, Some(FixAction::VerifyOwnership));
}

#[test]
fn migration_meanings_follow_the_facts_file() {
    let meaning = |code| catalogue::lookup(code, None).unwrap().meaning;
    assert!(meaning(2388012).contains("already in your WhatsApp account"));
    for code in [2388091, 2388093] {
        assert!(
            meaning(code).contains("because it is not being migrated"),
            "{code}"
        );
        let fix = catalogue::lookup(code, None).unwrap().fix.join(" ");
        assert!(fix.contains("normal way"), "{code}: {fix}");
    }
    let causes = catalogue::lookup(2388103, None).unwrap().causes.join(" ");
    for cause in [
        "webhooks on the destination WABA",
        "simply be added",
        "credit line",
        "MessagingFor",
        "different business",
    ] {
        assert!(causes.contains(cause), "{cause}");
    }
}

#[test]
fn the_2593_family_carries_metas_remedies() {
    let e = |code| catalogue::lookup(code, None).unwrap();
    assert!(e(2593079).fix.join(" ").contains("Contact Meta support"));
    assert!(!e(2593079).retry.can_help());
    assert_ne!(e(2593079).action, Some(FixAction::WaitAndRetry));
    assert!(e(2593085).meaning.contains("already owned by the client"));
    assert!(e(2593085).meaning.contains("OBO request"));
    assert!(!e(2593085).uncertain);
    for code in [2593107, 2593108] {
        assert!(
            e(code).fix.join(" ").contains("onboard them again"),
            "{code}"
        );
    }
    assert!(e(2593108).meaning.contains("24 hours"));
    assert_eq!(e(2593109).channel, ErrorChannel::Webhook);
    assert!(e(2593109).meaning.contains("value.history[].errors[]"));
}

#[test]
fn template_create_subcodes_have_metas_titles() {
    let title = |sub| catalogue::lookup(100, Some(sub)).unwrap().title;
    assert_eq!(title(2388024), "Content in This Language Already Exists");
    assert_eq!(title(2388046), "Name Format is Incorrect");
    assert_eq!(
        title(2388155),
        "Template name is already used as a sample template"
    );
    assert!(catalogue::lookup(2388046, None)
        .unwrap()
        .meaning
        .contains("blame_field_specs"));
    assert!(catalogue::lookup(200006, None)
        .unwrap()
        .meaning
        .contains("cannot be turned off"));
    assert!(catalogue::lookup(1752041, None)
        .unwrap()
        .meaning
        .contains("already invited"));
}

#[test]
fn request_code_and_verify_code_errors_are_current() {
    for (code, title, edge) in [
        (136024, "Request code error", "request_code"),
        (136025, "Verify code error", "verify_code"),
    ] {
        let e = catalogue::lookup(code, None).unwrap();
        assert_eq!(e.title, title);
        assert!(!e.uncertain, "{code}");
        assert!(!e.meaning.contains("Legacy"), "{code}");
        assert!(e.doc_url.contains(edge), "{code}");
        assert_eq!(e.channel, ErrorChannel::Sync);
        assert_eq!(e.action, Some(FixAction::VerifyOwnership));
    }
}

#[test]
fn generic_codes_2_and_4_carry_graphs_real_messages() {
    assert_eq!(
        catalogue::lookup(2, None).unwrap().title,
        "Service temporarily unavailable"
    );
    assert_eq!(
        catalogue::lookup(4, None).unwrap().title,
        "Application request limit reached"
    );
    for code in [2, 4] {
        assert!(catalogue::lookup(code, None)
            .unwrap()
            .meaning
            .contains("is_transient: true"));
    }
}

#[test]
fn media_upload_error_can_be_temporary() {
    let e = catalogue::lookup(131053, None).unwrap();
    assert!(e.retry.can_help());
    assert!(e.retry.sentence().contains("429"));
    let fix = e.fix.join(" ");
    assert!(
        fix.contains("retry later") && fix.contains("media id"),
        "{fix}"
    );
    assert!(e.meaning.contains("rate-limited"));
}

#[test]
fn seed_claims_on_pricing_media_size_and_throughput_are_corrected_where_met() {
    let note = |code| {
        catalogue::lookup(code, None)
            .unwrap()
            .seed_note
            .unwrap_or("")
    };
    for code in [131042, 131047] {
        let n = note(code);
        assert!(n.contains("first 1,000 service conversations"), "{code}");
        assert!(
            n.contains("1 Nov 2024") && n.contains("1 Jul 2025"),
            "{code}"
        );
        assert!(n.contains("per delivered template message"), "{code}");
    }
    for code in [131052, 131053] {
        assert!(
            note(code).contains("16 MB") && note(code).contains("5 MB"),
            "{code}"
        );
    }
    assert!(catalogue::lookup(131053, None)
        .unwrap()
        .causes
        .join(" ")
        .contains("images 5 MB"));
    for code in [130429, 4, 80007] {
        assert!(note(code).contains("automatic"), "{code}");
        assert!(note(code).contains("nothing to request"), "{code}");
    }
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
        assert!(note(code, None).contains("v27.0"), "{code}");
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
    // Sync and in status webhooks (facts §2.2, the December 2026 correction).
    for code in [131031, 131042, 131048, 131053, 132012] {
        assert_eq!(channel(code), ErrorChannel::Both, "{code}");
    }
    assert_eq!(channel(133010), ErrorChannel::Sync);
    assert_eq!(
        catalogue::lookup(132001, None).unwrap().http_status,
        Some(404)
    );
    assert_eq!(catalogue::lookup(2, None).unwrap().http_status, Some(503));
}
