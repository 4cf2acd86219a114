//! The webhook signature check and parser: signature vectors computed independently (openssl),
//! every pywa webhook body (`fixtures/pywa/updates`, MIT), Meta's examples in facts §12, and bad
//! input that must be refused without a panic.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::{json, Value};
use waba_core::secret::{secret, Secret};
use waba_core::webhook::{
    parse_body, parse_str, should_replace_status, sign, status_rank, verify, ParseError,
    SignatureError, StatusRank, WebhookEvent, MAX_BODY_BYTES, MAX_EVENTS,
};

// ---- signatures ---------------------------------------------------------------------------------

const SECRET: &str = "8d1b9c0e5f2a4b7c9e3d6f1a2b4c8e0f";

/// A text message as Meta writes it: non-ASCII escaped as `\uXXXX` and `/` escaped as `\/`.
const ESCAPED_BODY: &str = r#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Zo\u00eb M\u00fcller"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA","timestamp":"1739321024","type":"text","text":{"body":"Caf\u00e9 \u2615 https:\/\/example.com\/menu"}}]}}]}]}"#;
/// `printf '%s' "$ESCAPED_BODY" | openssl dgst -sha256 -hmac "$SECRET"`
const ESCAPED_SIG: &str = "5045eb16dc5d5cf6fc5d785fb2345498254642fcfeb8b6aaddcbac15772c6887";

/// The same kind of body with raw UTF-8 (accents, an emoji) and an escaped slash.
const UTF8_BODY: &str = r#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"messages":[{"from":"16505551234","id":"wamid.2","timestamp":"1739321025","type":"text","text":{"body":"¡Hola! 😀 ça va? see https:\/\/example.com\/a"}}]}}]}]}"#;
/// `printf '%s' "$UTF8_BODY" | openssl dgst -sha256 -hmac "$SECRET"`
const UTF8_SIG: &str = "f451532072ca9f79c75ef9ff6627e28751a5921b3dc9cb76d58d8459c1b34d9e";
/// `printf '%s' "$UTF8_BODY" | openssl dgst -sha256 -hmac another-secret`
const UTF8_SIG_OTHER_SECRET: &str =
    "7bee4909c791f2fb043ae6f5df399948dfcef3baf23b8c4d89542b03c376e0a7";
/// `printf '' | openssl dgst -sha256 -hmac "$SECRET"`
const EMPTY_SIG: &str = "e9d2419b5f8efd97897ce13d8ad2ffc850288e3a675335e43e9165744528a93a";

fn app_secret() -> Secret {
    secret(SECRET.to_owned())
}

fn header(hex: &str) -> String {
    format!("sha256={hex}")
}

#[test]
fn rfc_4231_test_case_2() {
    let key = secret("Jefe".to_owned());
    let body = b"what do ya want for nothing?";
    let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    assert_eq!(sign(&key, body), header(expected));
    assert_eq!(verify(&key, body, Some(&header(expected))), Ok(()));
}

#[test]
fn signs_and_verifies_the_raw_bytes() {
    let s = app_secret();
    assert_eq!(sign(&s, ESCAPED_BODY.as_bytes()), header(ESCAPED_SIG));
    assert_eq!(sign(&s, UTF8_BODY.as_bytes()), header(UTF8_SIG));
    assert_eq!(sign(&s, b""), header(EMPTY_SIG));
    for (body, sig) in [(ESCAPED_BODY, ESCAPED_SIG), (UTF8_BODY, UTF8_SIG)] {
        assert_eq!(verify(&s, body.as_bytes(), Some(&header(sig))), Ok(()));
        // Header values are trimmed by HTTP; uppercase hex is the same digest.
        let upper = format!("  sha256={}  ", sig.to_uppercase());
        assert_eq!(verify(&s, body.as_bytes(), Some(&upper)), Ok(()));
    }
    let other = secret("another-secret".to_owned());
    assert_eq!(
        sign(&other, UTF8_BODY.as_bytes()),
        header(UTF8_SIG_OTHER_SECRET)
    );
}

#[test]
fn re_serialised_json_no_longer_matches() {
    let s = app_secret();
    for (body, sig) in [(ESCAPED_BODY, ESCAPED_SIG), (UTF8_BODY, UTF8_SIG)] {
        assert!(body.contains(r"\/"), "the body escapes a slash");
        let value: Value = serde_json::from_str(body).unwrap();
        let again = serde_json::to_string(&value).unwrap();
        assert_ne!(again, body, "re-serialising changes the bytes");
        assert_eq!(
            verify(&s, again.as_bytes(), Some(&header(sig))),
            Err(SignatureError::Mismatch)
        );
        // The events are the same either way: only the signature tells them apart.
        assert_eq!(
            parse_str(body).unwrap()[0].message,
            parse_str(&again).unwrap()[0].message
        );
    }
    // What the escapes stand for.
    let events = parse_str(ESCAPED_BODY).unwrap();
    let m = events[0].message.as_ref().unwrap();
    assert_eq!(m.text.as_deref(), Some("Café ☕ https://example.com/menu"));
    assert_eq!(m.contact_name.as_deref(), Some("Zoë Müller"));
}

#[test]
fn refuses_missing_malformed_and_wrong_signatures() {
    let s = app_secret();
    let body = UTF8_BODY.as_bytes();
    assert_eq!(verify(&s, body, None), Err(SignatureError::Missing));
    assert_eq!(verify(&s, body, Some("  ")), Err(SignatureError::Missing));
    assert_eq!(
        verify(&s, body, Some(UTF8_SIG)),
        Err(SignatureError::NotSha256)
    );
    assert_eq!(
        verify(&s, body, Some(&format!("sha1={UTF8_SIG}"))),
        Err(SignatureError::NotSha256)
    );
    assert_eq!(
        verify(&s, body, Some("sha2")),
        Err(SignatureError::NotSha256)
    );
    assert_eq!(
        verify(&s, body, Some(&header(&UTF8_SIG.replace('f', "z")))),
        Err(SignatureError::NotHex)
    );
    assert_eq!(
        verify(&s, body, Some(&header(&UTF8_SIG[..62]))),
        Err(SignatureError::NotHex)
    );
    assert_eq!(
        verify(&s, body, Some("sha256=é")),
        Err(SignatureError::NotHex),
        "non-ASCII after the prefix"
    );
    assert_eq!(
        verify(&s, body, Some(&header(UTF8_SIG_OTHER_SECRET))),
        Err(SignatureError::Mismatch),
        "signed with another secret"
    );
    let mut changed = body.to_vec();
    changed[30] ^= 1;
    assert_eq!(
        verify(&s, &changed, Some(&header(UTF8_SIG))),
        Err(SignatureError::Mismatch),
        "one bit of the body changed"
    );
    assert_eq!(
        verify(&secret(String::new()), b"", Some(&header(EMPTY_SIG))),
        Err(SignatureError::NoSecret)
    );
    for e in [
        SignatureError::Missing,
        SignatureError::NotSha256,
        SignatureError::NotHex,
        SignatureError::Mismatch,
        SignatureError::NoSecret,
    ] {
        assert!(e.to_string().contains("X-Hub-Signature-256") || e.to_string().contains("secret"));
    }
}

// ---- pywa's webhook bodies ----------------------------------------------------------------------

fn fixtures() -> BTreeMap<(String, String), Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pywa/updates");
    let mut all = BTreeMap::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let file = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let cases: serde_json::Map<String, Value> =
            serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        for (case, body) in cases {
            all.insert((file.clone(), case), body);
        }
    }
    all
}

fn parse_fixture(
    all: &BTreeMap<(String, String), Value>,
    file: &str,
    case: &str,
) -> Vec<WebhookEvent> {
    let body = all
        .get(&(file.to_owned(), case.to_owned()))
        .unwrap_or_else(|| panic!("no fixture {file}/{case}"));
    parse_body(&serde_json::to_vec(body).unwrap()).unwrap_or_else(|e| panic!("{file}/{case}: {e}"))
}

/// Every case of every file, with the kinds its events must have.
const KINDS: &[(&str, &str, &[&str])] = &[
    ("account_update", "account_deleted", &["account.update"]),
    ("account_update", "account_restriction", &["account.update"]),
    ("account_update", "account_violation", &["account.update"]),
    ("account_update", "ad_account_linked", &["account.update"]),
    (
        "account_update",
        "authentication_international_eligibility",
        &["account.update"],
    ),
    ("account_update", "account_disabled", &["account.update"]),
    (
        "account_update",
        "mm_api_for_wa_terms_of_service",
        &["account.update"],
    ),
    ("account_update", "partner_added", &["account.update"]),
    (
        "account_update",
        "partner_app_installed",
        &["account.update"],
    ),
    (
        "account_update",
        "partner_app_uninstalled",
        &["account.update"],
    ),
    (
        "account_update",
        "partner_led_business_verification_status",
        &["account.update"],
    ),
    ("account_update", "partner_removed", &["account.update"]),
    (
        "account_update",
        "partner_removed_wa_app_disconnection",
        &["account.update"],
    ),
    (
        "account_update",
        "primary_business_location_set",
        &["account.update"],
    ),
    (
        "account_update",
        "pricing_tiering_update",
        &["account.update"],
    ),
    ("account_update", "account_offboarded", &["account.update"]),
    ("account_update", "account_reconnected", &["account.update"]),
    ("call_connect", "business_initiated", &["call.connect"]),
    ("call_connect", "user_initiated", &["call.connect"]),
    ("call_permission_update", "accept", &["message.interactive"]),
    ("call_permission_update", "reject", &["message.interactive"]),
    ("call_status", "call_status", &["call-status.RINGING"]),
    ("call_terminate", "call_terminate", &["call.terminate"]),
    ("callback_button", "button", &["message.interactive"]),
    ("callback_button", "quick_reply", &["message.button"]),
    (
        "callback_button",
        "quick_reply_without_context",
        &["message.button"],
    ),
    ("callback_selection", "callback", &["message.interactive"]),
    (
        "callback_selection",
        "description",
        &["message.interactive"],
    ),
    ("deleted_message", "revoke", &["message.revoke"]),
    ("edited_message", "image", &["message.edit"]),
    ("flow_completion", "completion", &["message.interactive"]),
    (
        "flow_completion",
        "without_flow_token",
        &["message.interactive"],
    ),
    ("message", "text", &["message.text"]),
    ("message", "image", &["message.image"]),
    ("message", "media_with_url", &["message.image"]),
    ("message", "video", &["message.video"]),
    ("message", "document", &["message.document"]),
    ("message", "audio", &["message.audio"]),
    ("message", "voice", &["message.audio"]),
    ("message", "static_sticker", &["message.sticker"]),
    ("message", "animated_sticker", &["message.sticker"]),
    ("message", "reaction", &["message.reaction"]),
    ("message", "unreaction_empty", &["message.reaction"]),
    ("message", "unreaction_no_emoji", &["message.reaction"]),
    ("message", "current_location", &["message.location"]),
    ("message", "chosen_location", &["message.location"]),
    ("message", "contacts", &["message.contacts"]),
    ("message", "order", &["message.order"]),
    ("message", "unsupported", &["message.unsupported"]),
    ("message", "unsupported_with_type", &["message.unsupported"]),
    ("message", "reply", &["message.text"]),
    ("message", "forwarded", &["message.text"]),
    ("message", "forwarded_many_times", &["message.text"]),
    (
        "message",
        "interactive_message_with_err",
        &["message.interactive"],
    ),
    ("message", "referral", &["message.text"]),
    ("message_status", "sent", &["status.sent"]),
    ("message_status", "delivered", &["status.delivered"]),
    ("message_status", "read", &["status.read"]),
    ("message_status", "played", &["status.played"]),
    ("message_status", "failed", &["status.failed"]),
    ("message_status", "with_tracker", &["status.sent"]),
    ("message_status", "group", &["status.read"]),
    ("outgoing_message", "text", &["echo.text"]),
    ("outgoing_message", "delete", &["echo.revoke"]),
    ("outgoing_message", "edit", &["echo.edit"]),
    ("system", "phone_number_change", &["message.system"]),
    ("system", "identity_change", &["message.system"]),
    (
        "template_category_update",
        "marketing",
        &["template.category"],
    ),
    (
        "template_components_update",
        "element",
        &["template.components"],
    ),
    ("template_quality_update", "yellow", &["template.quality"]),
    ("template_status_update", "approved", &["template.status"]),
    ("template_status_update", "rejected", &["template.status"]),
    (
        "user_marketing_preferences",
        "resume",
        &["user.preferences"],
    ),
    (
        "user_marketing_preferences",
        "signup",
        &["user.preferences"],
    ),
];

#[test]
fn every_pywa_body_parses_with_its_kind_and_keeps_its_value() {
    let all = fixtures();
    assert_eq!(
        all.len(),
        KINDS.len(),
        "every fixture case is listed in KINDS"
    );
    for (file, case, kinds) in KINDS {
        let body = &all[&((*file).to_owned(), (*case).to_owned())];
        let events = parse_fixture(&all, file, case);
        let got: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(&got, kinds, "{file}/{case}");
        let change = &body["entry"][0]["changes"][0];
        for e in &events {
            assert_eq!(e.object, "whatsapp_business_account");
            assert_eq!(e.field, change["field"], "{file}/{case}");
            assert_eq!(e.waba_id, body["entry"][0]["id"].as_str().unwrap());
            // One update per value: the value is kept exactly as sent.
            assert_eq!(e.value, change["value"], "{file}/{case}");
            assert_eq!(
                e.phone_number_id.as_deref(),
                change["value"]["metadata"]["phone_number_id"].as_str()
            );
            assert!(!e.dedupe_key.is_empty() && !e.summary.is_empty());
            assert!(!e.summary.contains('\n'), "{}", e.summary);
            assert!(e.timestamp.is_some(), "{file}/{case} has a time");
            // It crosses IPC in camelCase.
            let json = serde_json::to_value(e).unwrap();
            for key in [
                "field",
                "kind",
                "wabaId",
                "phoneNumberId",
                "dedupeKey",
                "timestamp",
                "value",
            ] {
                assert!(json.get(key).is_some(), "{key} in {json}");
            }
        }
    }
}

#[test]
fn pywa_messages_have_their_essentials() {
    let all = fixtures();
    let one = |file: &str, case: &str| {
        let mut events = parse_fixture(&all, file, case);
        assert_eq!(events.len(), 1, "{file}/{case}");
        events.remove(0)
    };

    let e = one("message", "text");
    let m = e.message.as_ref().unwrap();
    assert_eq!(
        (
            m.id.as_str(),
            m.from.as_deref(),
            m.message_type.as_str(),
            m.text.as_deref()
        ),
        (
            "wamid.xyzxyz",
            Some("972987654321"),
            "text",
            Some("Body Text")
        )
    );
    assert_eq!(m.contact_name.as_deref(), Some("Test Name"));
    assert_eq!(m.from_user_id.as_deref(), Some("US.13491208655302741918"));
    assert_eq!(e.dedupe_key, "message:wamid.xyzxyz");
    assert_eq!(e.timestamp, Some(1697043223));
    assert_eq!(e.display_phone_number.as_deref(), Some("972123456789"));
    assert!(
        e.summary.contains("972987654321") && e.summary.contains("\"Body Text\""),
        "{}",
        e.summary
    );

    let m = one("message", "image").message.unwrap();
    assert_eq!(
        (m.media_id.as_deref(), m.mime_type.as_deref(), m.text),
        (Some("65463453"), Some("image/jpeg"), None)
    );
    let m = one("message", "video").message.unwrap();
    assert_eq!((m.text.as_deref(), m.forwarded), (Some("caption"), true));
    let m = one("message", "document").message.unwrap();
    assert_eq!(m.mime_type.as_deref(), Some("application/pdf"));

    let m = one("message", "reaction").message.unwrap();
    assert_eq!(
        (m.reaction_to.as_deref(), m.text.as_deref()),
        (Some("wamid.yzxyzx="), Some("😮"))
    );
    for case in ["unreaction_empty", "unreaction_no_emoji"] {
        let e = one("message", case);
        let m = e.message.as_ref().unwrap();
        assert_eq!(
            (m.reaction_to.as_deref(), m.text.as_deref()),
            (Some("wamid.yzxyzx="), None),
            "{case}"
        );
        assert!(e.summary.contains("removed"), "{}", e.summary);
    }

    for case in ["unsupported", "unsupported_with_type"] {
        let m = one("message", case).message.unwrap();
        assert_eq!(m.errors.len(), 1);
        assert_eq!(m.errors[0].code, Some(131051));
        assert_eq!(m.errors[0].title.as_deref(), Some("Message type unknown"));
        assert_eq!(
            m.errors[0].details.as_deref(),
            Some("Message type is currently not supported.")
        );
    }

    let m = one("message", "reply").message.unwrap();
    assert_eq!(
        (m.reply_to.as_deref(), m.text.as_deref()),
        (Some("wamid.xyzxyz=="), Some("replied text"))
    );
    assert!(one("message", "forwarded").message.unwrap().forwarded);
    assert!(
        one("message", "forwarded_many_times")
            .message
            .unwrap()
            .forwarded
    );
    assert!(!one("message", "text").message.unwrap().forwarded);

    // A message Meta could not read, with the error on the value.
    let e = one("message", "interactive_message_with_err");
    assert_eq!(e.errors[0].code, Some(131000));
    assert_eq!(
        e.message.unwrap().errors[0].details.as_deref(),
        Some("Unsupported webhook payload")
    );

    let m = one("message", "chosen_location").message.unwrap();
    assert_eq!(m.text.as_deref(), Some("Facebook HQ"));
    let m = one("message", "order").message.unwrap();
    assert_eq!(m.message_type, "order");

    // Replies to buttons and lists.
    let m = one("callback_button", "button").message.unwrap();
    assert_eq!(
        (
            m.interactive_type.as_deref(),
            m.reply_id.as_deref(),
            m.text.as_deref(),
            m.reply_to.as_deref()
        ),
        (
            Some("button_reply"),
            Some("callback_data"),
            Some("title"),
            Some("wamid.xyzxyz")
        )
    );
    let m = one("callback_button", "quick_reply").message.unwrap();
    assert_eq!(
        (m.reply_id.as_deref(), m.text.as_deref()),
        (Some("callback_data"), Some("title"))
    );
    assert_eq!(m.reply_to.as_deref(), Some("wamid.xyzxyz=="));
    let m = one("callback_button", "quick_reply_without_context")
        .message
        .unwrap();
    assert_eq!(
        (m.reply_to, m.from_user_id.as_deref()),
        (None, Some("US.13491208655302741918"))
    );
    let m = one("callback_selection", "description").message.unwrap();
    assert_eq!(
        (m.interactive_type.as_deref(), m.reply_id.as_deref()),
        (Some("list_reply"), Some("callback_data"))
    );
    let m = one("flow_completion", "completion").message.unwrap();
    assert_eq!(
        (m.interactive_type.as_deref(), m.text.as_deref()),
        (Some("nfm_reply"), Some("Sent"))
    );
    let m = one("call_permission_update", "accept").message.unwrap();
    assert_eq!(m.interactive_type.as_deref(), Some("call_permission_reply"));

    let m = one("system", "phone_number_change").message.unwrap();
    assert_eq!(
        m.text.as_deref(),
        Some("User A changed from 972987654321 to 972912345678")
    );
    let m = one("deleted_message", "revoke").message.unwrap();
    assert_eq!(
        m.original_message_id.as_deref(),
        Some("<ORIGINAL_WHATSAPP_MESSAGE_ID>")
    );
    let m = one("edited_message", "image").message.unwrap();
    assert_eq!(m.text.as_deref(), Some("Updated image caption"));
    assert!(m.original_message_id.unwrap().starts_with("wamid.HBgLMTQx"));

    // Echoes of what the business sent from the WhatsApp Business app.
    let e = one("outgoing_message", "text");
    let m = e.message.as_ref().unwrap();
    assert_eq!(
        (m.to.as_deref(), m.text.as_deref()),
        (Some("<WHATSAPP_USER_PHONE_NUMBER>"), Some("Test message"))
    );
    assert_eq!(e.dedupe_key, "echo:<WHATSAPP_MESSAGE_ID>");
}

#[test]
fn pywa_statuses_have_their_essentials() {
    let all = fixtures();
    let status = |case: &str| parse_fixture(&all, "message_status", case).remove(0);

    let e = status("sent");
    let s = e.status.as_ref().unwrap();
    assert_eq!(
        (s.id.as_str(), s.status.as_str(), s.recipient_id.as_deref()),
        ("wamid.xyzxyz", "sent", Some("972987654321"))
    );
    let p = s.pricing.as_ref().unwrap();
    assert_eq!(
        (
            p.category.as_deref(),
            p.billable,
            p.model.as_deref(),
            p.pricing_type.as_deref()
        ),
        (Some("service"), Some(true), Some("CBP"), None)
    );
    assert_eq!(
        s.conversation_id.as_deref(),
        Some("7270432eae37498234f4444b35ffc5")
    );
    assert_eq!(e.dedupe_key, "status:wamid.xyzxyz:sent");
    assert_eq!(e.timestamp, Some(1698266945));

    // The same message's statuses dedupe apart, the same status together.
    assert_ne!(status("delivered").dedupe_key, status("read").dedupe_key);
    assert_eq!(status("sent").dedupe_key, status("with_tracker").dedupe_key);

    let s = status("failed").status.unwrap();
    assert_eq!(s.errors.len(), 1);
    assert_eq!(s.errors[0].code, Some(130472));
    assert_eq!(
        s.errors[0].title.as_deref(),
        Some("User's number is part of an experiment")
    );
    assert!(s.errors[0]
        .href
        .as_deref()
        .unwrap()
        .starts_with("https://developers.facebook.com/"));
    assert!(s.pricing.is_none());

    assert_eq!(
        status("with_tracker")
            .status
            .unwrap()
            .callback_data
            .as_deref(),
        Some("some data")
    );
    let s = status("group").status.unwrap();
    assert_eq!(
        (s.recipient_type.as_deref(), s.recipient_id.as_deref()),
        (Some("group"), Some("fowefinoewcnw"))
    );

    // Calls.
    let e = parse_fixture(&all, "call_status", "call_status").remove(0);
    assert_eq!(
        e.status.unwrap().callback_data.as_deref(),
        Some("random_string")
    );
    assert_eq!(e.dedupe_key, "call-status:wacid.ABGGFjFVU2AfAgo6V:RINGING");
    let e = parse_fixture(&all, "call_terminate", "call_terminate").remove(0);
    assert_eq!(
        (e.event.as_deref(), e.errors[0].code),
        (Some("terminate"), Some(12455))
    );
    assert!(e.summary.contains("COMPLETED"), "{}", e.summary);
    let e = parse_fixture(&all, "call_connect", "user_initiated").remove(0);
    assert_eq!(e.dedupe_key, "call:wacid.xxxx=:connect");
}

#[test]
fn pywa_template_account_and_preference_updates_have_their_essentials() {
    let all = fixtures();
    let one = |file: &str, case: &str| parse_fixture(&all, file, case).remove(0);

    let e = one("template_status_update", "rejected");
    let t = e.template.as_ref().unwrap();
    assert_eq!(
        (
            t.event.as_deref(),
            t.id.as_deref(),
            t.name.as_deref(),
            t.language.as_deref(),
            t.reason.as_deref(),
            t.category.as_deref()
        ),
        (
            Some("REJECTED"),
            Some("1689556908129835"),
            Some("abandoned_cart"),
            Some("en"),
            Some("INVALID_FORMAT"),
            Some("MARKETING")
        )
    );
    assert_eq!(e.timestamp, Some(1751247548));
    assert!(
        e.summary.starts_with("REJECTED: abandoned_cart (en)")
            && e.summary.contains("INVALID_FORMAT"),
        "{}",
        e.summary
    );
    let e = one("template_status_update", "approved");
    assert_eq!(
        e.template.as_ref().unwrap().event.as_deref(),
        Some("APPROVED")
    );
    assert!(!e.summary.contains("NONE"), "{}", e.summary);
    assert_ne!(
        e.dedupe_key,
        one("template_status_update", "rejected").dedupe_key
    );
    assert!(e
        .dedupe_key
        .starts_with("message_template_status_update:102290129340398:1751247548:"));

    let t = one("template_category_update", "marketing")
        .template
        .unwrap();
    assert_eq!(
        (t.category.as_deref(), t.id.as_deref()),
        (Some("MARKETING"), Some("12345678"))
    );
    let t = one("template_quality_update", "yellow").template.unwrap();
    assert_eq!(
        (t.previous_quality.as_deref(), t.quality.as_deref()),
        (Some("GREEN"), Some("YELLOW"))
    );
    let t = one("template_components_update", "element")
        .template
        .unwrap();
    assert_eq!(t.name.as_deref(), Some("my_message_template"));

    let e = one("account_update", "account_restriction");
    assert_eq!(e.event.as_deref(), Some("ACCOUNT_RESTRICTION"));
    assert_eq!(
        e.value["restriction_info"][0]["restriction_type"],
        "RESTRICTED_BIZ_INITIATED_MESSAGING"
    );
    assert_eq!(e.timestamp, Some(1641330498));
    assert_eq!(
        one("account_update", "account_disabled").event.as_deref(),
        Some("DISABLED_UPDATE")
    );

    let e = one("user_marketing_preferences", "signup");
    assert_eq!(e.event.as_deref(), Some("signup"));
    assert_eq!(e.timestamp, Some(1731705721));
    assert!(
        e.summary.contains("16505551234") && e.summary.contains("marketing_messages"),
        "{}",
        e.summary
    );
}

#[test]
fn parsing_is_stable_so_retries_dedupe() {
    let all = fixtures();
    for ((file, case), body) in &all {
        let bytes = serde_json::to_vec(body).unwrap();
        assert_eq!(
            parse_body(&bytes).unwrap(),
            parse_body(&bytes).unwrap(),
            "{file}/{case}"
        );
        // Pretty-printed (keys and spacing different, the same update): the same keys.
        let pretty = serde_json::to_string_pretty(body).unwrap();
        let keys = |events: Vec<WebhookEvent>| {
            events.into_iter().map(|e| e.dedupe_key).collect::<Vec<_>>()
        };
        assert_eq!(
            keys(parse_str(&pretty).unwrap()),
            keys(parse_body(&bytes).unwrap())
        );
    }
}

// ---- Meta's examples (facts §12) ----------------------------------------------------------------

fn envelope(field: &str, value: Value) -> String {
    json!({"object": "whatsapp_business_account",
           "entry": [{"id": "102290129340398", "changes": [{"field": field, "value": value}]}]})
    .to_string()
}

fn only(body: &str) -> WebhookEvent {
    let mut events = parse_str(body).unwrap();
    assert_eq!(events.len(), 1, "{events:#?}");
    events.remove(0)
}

fn message_value(message: Value) -> Value {
    json!({"messaging_product": "whatsapp",
           "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
           "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "16505551234", "user_id": "US.13491208655302741918"}],
           "messages": [message]})
}

#[test]
fn meta_inbound_message_examples() {
    // §12.4 text.
    let e = only(&envelope(
        "messages",
        message_value(json!(
        {"from": "16505551234", "id": "wamid.HBgL1", "timestamp": "1739321024", "type": "text", "text": {"body": "Hi"}})),
    ));
    assert_eq!(
        (e.field.as_str(), e.kind.as_str()),
        ("messages", "message.text")
    );
    assert_eq!(
        (e.waba_id.as_str(), e.phone_number_id.as_deref()),
        ("102290129340398", Some("106540352242922"))
    );
    let m = e.message.unwrap();
    assert_eq!(
        (
            m.from.as_deref(),
            m.text.as_deref(),
            m.contact_name.as_deref()
        ),
        (Some("16505551234"), Some("Hi"), Some("Sheena Nelson"))
    );
    assert_eq!(e.timestamp, Some(1739321024));

    // Reply-button tap.
    let e = only(&envelope(
        "messages",
        message_value(json!(
        {"context": {"from": "15550783881", "id": "wamid.ORIGINAL"}, "from": "16505551234", "id": "wamid.2",
         "timestamp": "1698266730", "type": "interactive",
         "interactive": {"type": "button_reply", "button_reply": {"id": "slot_am", "title": "Morning"}}})),
    ));
    assert_eq!(e.kind, "message.interactive");
    let m = e.message.unwrap();
    assert_eq!(
        (
            m.reply_to.as_deref(),
            m.reply_id.as_deref(),
            m.text.as_deref()
        ),
        (Some("wamid.ORIGINAL"), Some("slot_am"), Some("Morning"))
    );

    // List selection.
    let e = only(&envelope(
        "messages",
        message_value(json!(
        {"from": "16505551234", "id": "wamid.3", "timestamp": "1698266731", "type": "interactive",
         "interactive": {"type": "list_reply", "list_reply": {"id": "c1", "title": "Espresso", "description": "Double shot"}}})),
    ));
    let m = e.message.unwrap();
    assert_eq!(
        (
            m.interactive_type.as_deref(),
            m.reply_id.as_deref(),
            m.text.as_deref()
        ),
        (Some("list_reply"), Some("c1"), Some("Espresso"))
    );

    // Template quick-reply tap: a different type.
    let e = only(&envelope(
        "messages",
        message_value(json!(
        {"from": "16505551234", "id": "wamid.4", "timestamp": "1698266732", "type": "button",
         "button": {"payload": "STOP_PROMO", "text": "Unsubscribe from Promos"}})),
    ));
    assert_eq!(e.kind, "message.button");
    let m = e.message.unwrap();
    assert_eq!(
        (m.reply_id.as_deref(), m.text.as_deref()),
        (Some("STOP_PROMO"), Some("Unsubscribe from Promos"))
    );

    // Media.
    let e = only(&envelope(
        "messages",
        message_value(json!(
        {"from": "16505551234", "id": "wamid.5", "timestamp": "1697043379", "type": "image",
         "image": {"mime_type": "image/jpeg", "sha256": "abc", "id": "65463453", "caption": "optional",
                   "url": "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1"}})),
    ));
    assert_eq!(e.kind, "message.image");
    let m = e.message.unwrap();
    assert_eq!(
        (m.text.as_deref(), m.media_id.as_deref()),
        (Some("optional"), Some("65463453"))
    );

    // Unsupported content.
    let e = only(&envelope(
        "messages",
        message_value(json!(
        {"from": "16505551234", "id": "wamid.6", "timestamp": "1697044706", "type": "unsupported",
         "errors": [{"code": 131051, "title": "Message type unknown", "message": "Message type unknown",
                     "error_data": {"details": "Message type is currently not supported."}}]})),
    ));
    assert_eq!(e.kind, "message.unsupported");
    assert_eq!(e.message.unwrap().errors[0].code, Some(131051));
    assert!(e.summary.contains("131051"), "{}", e.summary);

    // A user known only by a business-scoped ID: no `from`.
    let e = only(&envelope(
        "messages",
        json!({"metadata": {"phone_number_id": "1"},
        "contacts": [{"profile": {"name": "Ana"}, "user_id": "CC.abc123"}],
        "messages": [{"from_user_id": "CC.abc123", "id": "wamid.7", "timestamp": "1", "type": "text", "text": {"body": "hey"}}]}),
    ));
    let m = e.message.unwrap();
    assert_eq!(
        (m.from, m.from_user_id.as_deref(), m.contact_name.as_deref()),
        (None, Some("CC.abc123"), Some("Ana"))
    );
    assert!(e.summary.contains("CC.abc123"), "{}", e.summary);
}

#[test]
fn meta_status_examples() {
    // §12.5 sent, with per-message pricing.
    let e = only(&envelope(
        "messages",
        json!({"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "statuses": [{"id": "wamid.HBgL1", "status": "sent", "timestamp": "1739321024", "recipient_id": "16505551234",
            "biz_opaque_callback_data": "tracking-123",
            "pricing": {"billable": true, "pricing_model": "PMP", "type": "regular", "category": "marketing"}}]}),
    ));
    assert_eq!(
        (e.field.as_str(), e.kind.as_str()),
        ("messages", "status.sent")
    );
    let s = e.status.unwrap();
    assert_eq!(s.callback_data.as_deref(), Some("tracking-123"));
    let p = s.pricing.unwrap();
    assert_eq!(
        (
            p.category.as_deref(),
            p.billable,
            p.pricing_type.as_deref(),
            p.model.as_deref()
        ),
        (Some("marketing"), Some(true), Some("regular"), Some("PMP"))
    );
    assert!(
        e.summary.contains("marketing") && e.summary.contains("PMP"),
        "{}",
        e.summary
    );

    // Failed.
    let e = only(&envelope(
        "messages",
        json!({"metadata": {"phone_number_id": "106540352242922"},
        "statuses": [{"id": "wamid.X", "status": "failed", "timestamp": "1689380458", "recipient_id": "16505551234",
            "errors": [{"code": 131026, "title": "Message undeliverable", "message": "Message undeliverable",
                        "error_data": {"details": "Message Undeliverable."},
                        "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]}]}),
    ));
    assert_eq!(e.kind, "status.failed");
    let s = e.status.unwrap();
    assert_eq!(
        (s.errors[0].code, s.errors[0].details.as_deref()),
        (Some(131026), Some("Message Undeliverable."))
    );
    assert!(
        e.summary
            .contains("131026 Message undeliverable (Message Undeliverable.)"),
        "{}",
        e.summary
    );
    assert_eq!(e.dedupe_key, "status:wamid.X:failed");

    // A system-level error: `errors[]` without statuses.
    let e = only(&envelope(
        "messages",
        json!({"metadata": {"phone_number_id": "106540352242922"},
        "errors": [{"code": 131000, "title": "Something went wrong", "message": "Something went wrong",
                    "error_data": {"details": "Unsupported webhook payload"}}]}),
    ));
    assert_eq!((e.field.as_str(), e.kind.as_str()), ("messages", "error"));
    assert_eq!(e.errors[0].code, Some(131000));
    assert!(e.summary.contains("131000"), "{}", e.summary);
}

#[test]
fn meta_template_number_and_account_examples() {
    // §12.6, the whole envelope as written there.
    let e = only(
        r#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":1751247548,
 "changes":[{"field":"message_template_status_update","value":{
   "event":"REJECTED","message_template_id":1689556908129835,
   "message_template_name":"abandoned_cart","message_template_language":"en",
   "reason":"INVALID_FORMAT","message_template_category":"MARKETING",
   "rejection_info":{"reason":"Your template has parameters placed next to each other ...",
                     "recommendation":"Separate parameters with descriptive text ..."}}}]}]}"#,
    );
    assert_eq!(
        (e.field.as_str(), e.kind.as_str()),
        ("message_template_status_update", "template.status")
    );
    let t = e.template.unwrap();
    assert_eq!(
        t.id.as_deref(),
        Some("1689556908129835"),
        "a JSON number read as a string"
    );
    assert_eq!(
        (t.event.as_deref(), t.reason.as_deref()),
        (Some("REJECTED"), Some("INVALID_FORMAT"))
    );
    assert_eq!(e.timestamp, Some(1751247548));
    assert_eq!(e.phone_number_id, None);

    // Scheduled for deletion: reason null.
    let e = only(&envelope(
        "message_template_status_update",
        json!({"event": "PENDING_DELETION",
        "message_template_id": 1, "message_template_name": "x", "message_template_language": "en", "reason": null}),
    ));
    assert_eq!(e.template.unwrap().reason, None);

    // Quality update (§12.6 related).
    let e = only(&envelope(
        "message_template_quality_update",
        json!({"previous_quality_score": "GREEN",
        "new_quality_score": "RED", "message_template_id": 2, "message_template_name": "promo",
        "message_template_language": "en_US"}),
    ));
    assert_eq!(e.kind, "template.quality");
    assert!(e.summary.contains("GREEN → RED"), "{}", e.summary);

    // §12.7, the envelope as written there (`object` last).
    let e = only(
        r#"{"entry":[{"id":"102290129340398","time":1748454394,"changes":[{"field":"phone_number_quality_update",
 "value":{"display_phone_number":"15550783881","event":"THROUGHPUT_UPGRADE",
          "max_daily_conversations_per_business":"TIER_UNLIMITED"}}]}],
 "object":"whatsapp_business_account"}"#,
    );
    assert_eq!(
        (e.field.as_str(), e.kind.as_str()),
        ("phone_number_quality_update", "phone.quality")
    );
    assert_eq!(e.event.as_deref(), Some("THROUGHPUT_UPGRADE"));
    assert!(
        e.summary.contains("15550783881") && e.summary.contains("TIER_UNLIMITED"),
        "{}",
        e.summary
    );
    // The legacy limit field is still read.
    let e = only(&envelope(
        "phone_number_quality_update",
        json!({"display_phone_number": "1", "event": "DOWNGRADE", "current_limit": "TIER_250"}),
    ));
    assert!(e.summary.contains("TIER_250"), "{}", e.summary);

    // §12.8.
    let e = only(&envelope(
        "phone_number_name_update",
        json!({"display_phone_number": "15550783881",
        "decision": "REJECTED", "requested_verified_name": "Lucky Shrub", "rejection_reason": "NAME_FORMAT"}),
    ));
    assert_eq!(
        (e.kind.as_str(), e.event.as_deref()),
        ("phone.name", Some("REJECTED"))
    );
    assert!(
        e.summary.contains("\"Lucky Shrub\" REJECTED (NAME_FORMAT)"),
        "{}",
        e.summary
    );

    // §12.9.
    let e = only(&envelope(
        "account_update",
        json!({"event": "ACCOUNT_RESTRICTION",
        "restriction_info": [{"restriction_type": "RESTRICTED_ADD_PHONE_NUMBER_ACTION", "expiration": 1641330498}]}),
    ));
    assert_eq!(
        (e.kind.as_str(), e.event.as_deref()),
        ("account.update", Some("ACCOUNT_RESTRICTION"))
    );

    // §12.7's related updates.
    let e = only(&envelope(
        "business_capability_update",
        json!({"max_daily_conversations_per_business": 2000}),
    ));
    assert_eq!(e.kind, "business.capability");
    let e = only(&envelope(
        "account_alerts",
        json!({"alert_type": "INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED"}),
    ));
    assert_eq!(e.kind, "account.alert");
}

// ---- unknown things are kept --------------------------------------------------------------------

#[test]
fn an_unknown_field_is_kept_raw_with_a_generic_kind() {
    let value = json!({"something_new": {"deep": [1, 2, {"x": null}]}, "event": "BRAND_NEW"});
    let e = only(&envelope("brand_new_field", value.clone()));
    assert_eq!(
        (e.field.as_str(), e.kind.as_str()),
        ("brand_new_field", "unknown")
    );
    assert_eq!(e.value, value);
    assert_eq!(e.event.as_deref(), Some("BRAND_NEW"));
    assert!(e
        .dedupe_key
        .starts_with("brand_new_field:102290129340398:-:"));
    // A value that is not even an object.
    let e = only(&envelope("brand_new_field", json!([1, "two"])));
    assert_eq!(
        (e.kind.as_str(), e.value.clone()),
        ("unknown", json!([1, "two"]))
    );
    let e = only(&envelope("messages", json!("text")));
    assert_eq!(e.kind, "unknown");
}

#[test]
fn an_unknown_message_type_is_kept_raw_with_its_type() {
    let value = message_value(
        json!({"from": "16505551234", "id": "wamid.new", "timestamp": "5",
        "type": "hologram", "hologram": {"depth": 3}, "extra_key": true}),
    );
    let e = only(&envelope("messages", value.clone()));
    assert_eq!(e.kind, "message.hologram");
    assert_eq!(e.value, value);
    let m = e.message.unwrap();
    assert_eq!(
        (m.id.as_str(), m.from.as_deref(), m.text),
        ("wamid.new", Some("16505551234"), None)
    );

    // No type at all, a type that is not a string, odd characters, an unknown status.
    let e = only(&envelope(
        "messages",
        json!({"messages": [{"id": "wamid.a"}]}),
    ));
    assert_eq!(e.kind, "message.unknown");
    let e = only(&envelope(
        "messages",
        json!({"messages": [{"id": "wamid.b", "type": {"x": 1}}]}),
    ));
    assert_eq!(e.kind, "message.unknown");
    let e = only(&envelope(
        "messages",
        json!({"messages": [{"id": "wamid.c", "type": "we\nird type"}]}),
    ));
    assert_eq!(e.kind, "message.we_ird_type");
    assert_eq!(e.message.unwrap().message_type, "we\nird type");
    let e = only(&envelope(
        "messages",
        json!({"statuses": [{"id": "wamid.d", "status": "vanished"}]}),
    ));
    assert_eq!(e.kind, "status.vanished");
    // Items that are not objects are still events.
    let events = parse_str(&envelope("messages", json!({"messages": ["x", 1]}))).unwrap();
    assert_eq!(
        events.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
        ["message.unknown", "message.unknown"]
    );
    assert_ne!(events[0].dedupe_key, events[1].dedupe_key);
}

#[test]
fn several_updates_in_one_value_are_one_event_each() {
    let value = json!({"metadata": {"phone_number_id": "9"}, "later_key": "kept",
        "contacts": [{"wa_id": "a", "profile": {"name": "A"}}, {"wa_id": "b", "profile": {"name": "B"}}],
        "messages": [{"from": "a", "id": "w1", "timestamp": "1", "type": "text", "text": {"body": "x"}},
                     {"from": "b", "id": "w2", "timestamp": "2", "type": "brand_new", "brand_new": {}}],
        "statuses": [{"id": "w0", "status": "read", "timestamp": "3", "recipient_id": "c"}]});
    let body = json!({"object": "whatsapp_business_account", "entry": [
        {"id": "1", "changes": [{"field": "messages", "value": value}]},
        {"id": "2", "time": 7, "changes": [{"field": "account_update", "value": {"event": "PARTNER_ADDED"}},
                                           {"field": "messages", "value": {"statuses": [{"id": "w1", "status": "delivered"}]}}]}]});
    let events = parse_str(&body.to_string()).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "message.text",
            "message.brand_new",
            "status.read",
            "account.update",
            "status.delivered"
        ]
    );
    assert_eq!(
        events[1].message.as_ref().unwrap().contact_name.as_deref(),
        Some("B")
    );
    // Each keeps the value with only its own item; every other key kept.
    assert_eq!(events[0].value["messages"], json!([value["messages"][0]]));
    assert_eq!(events[0].value.get("statuses"), None);
    assert_eq!(events[2].value["statuses"], value["statuses"]);
    assert_eq!(events[2].value.get("messages"), None);
    for e in &events[..3] {
        assert_eq!(
            (e.value["later_key"].clone(), e.value["contacts"].clone()),
            (json!("kept"), value["contacts"].clone())
        );
        assert_eq!(e.phone_number_id.as_deref(), Some("9"));
    }
    assert_eq!(
        (events[3].waba_id.as_str(), events[3].timestamp),
        ("2", Some(7))
    );
    assert_eq!(
        events[4].timestamp,
        Some(7),
        "no timestamp of its own: the entry's time"
    );
    let mut keys: Vec<&str> = events.iter().map(|e| e.dedupe_key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 5);
}

#[test]
fn an_empty_entry_list_is_no_events() {
    assert_eq!(
        parse_str(r#"{"object":"whatsapp_business_account","entry":[]}"#).unwrap(),
        vec![]
    );
    assert_eq!(
        parse_str(r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}]}"#)
            .unwrap(),
        vec![]
    );
}

// ---- bad input ----------------------------------------------------------------------------------

fn refused(body: &[u8]) -> ParseError {
    match parse_body(body) {
        Err(e) => e,
        Ok(events) => panic!("{} parsed: {events:?}", String::from_utf8_lossy(body)),
    }
}

#[test]
fn what_is_not_a_webhook_body_is_refused_with_what_is_wrong() {
    let cases: &[(&str, &str)] = &[
        ("", "empty"),
        ("   \n", "empty"),
        ("hello", "not JSON"),
        ("<html><body>502 Bad Gateway</body></html>", "not JSON"),
        (
            r#"{"object":"whatsapp_business_account","entry":[{"id":"1""#,
            "not JSON",
        ),
        ("[]", "it is an array"),
        ("null", "it is null"),
        ("42", "it is a number"),
        ("{}", "no \"object\""),
        (r#"{"object":7,"entry":[]}"#, "\"object\" is a number"),
        (r#"{"object":"whatsapp_business_account"}"#, "no \"entry\""),
        (
            r#"{"object":"whatsapp_business_account","entry":{}}"#,
            "\"entry\" is an object, not a list",
        ),
        (
            r#"{"object":"whatsapp_business_account","entry":["x"]}"#,
            "entry[0] is a string",
        ),
        (
            r#"{"object":"whatsapp_business_account","entry":[{"changes":[]}]}"#,
            "entry[0] has no \"id\"",
        ),
        (
            r#"{"object":"whatsapp_business_account","entry":[{"id":"1"}]}"#,
            "entry[0] has no \"changes\"",
        ),
        (
            r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[1]}]}"#,
            "entry[0].changes[0] is a number",
        ),
        (
            r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{}}]}]}"#,
            "entry[0].changes[0] has no \"field\"",
        ),
    ];
    for (body, says) in cases {
        let e = refused(body.as_bytes());
        let text = e.to_string();
        assert!(text.contains(says), "{body:?}: {text}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for depth in [200, 10_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let e = refused(arrays.as_bytes());
        assert!(e.to_string().contains("nested more than 128 levels"), "{e}");
        let objects = format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
        assert!(matches!(
            refused(objects.as_bytes()),
            ParseError::NotJson { .. }
        ));
        // Inside an otherwise good envelope.
        let inside = envelope("messages", json!(null)).replace("null", &arrays);
        assert!(matches!(
            refused(inside.as_bytes()),
            ParseError::NotJson { .. }
        ));
    }
    // Nesting within the limit is kept as it came.
    let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let e = only(&envelope("brand_new", json!(null)).replace("null", &fine));
    assert_eq!(e.kind, "unknown");
}

#[test]
fn invalid_utf8_is_an_error() {
    let mut body = envelope(
        "messages",
        message_value(json!({"id": "w", "type": "text", "text": {"body": "caf"}})),
    )
    .into_bytes();
    let at = body.windows(3).position(|w| w == b"caf").unwrap() + 3;
    body.insert(at, 0xE9); // Latin-1 é
    let e = refused(&body);
    assert_eq!(e, ParseError::NotUtf8 { at });
    assert!(e.to_string().contains("UTF-8"), "{e}");
    assert!(matches!(
        refused(&[0xFF, 0xFE, b'{', b'}']),
        ParseError::NotUtf8 { at: 0 }
    ));
}

#[test]
fn huge_bodies_and_floods_of_updates_are_refused() {
    let big = vec![b' '; MAX_BODY_BYTES + 1];
    assert!(matches!(refused(&big), ParseError::TooLarge { .. }));
    assert!(matches!(
        parse_str(&" ".repeat(MAX_BODY_BYTES + 1)),
        Err(ParseError::TooLarge { .. })
    ));

    // More updates than Meta ever batches.
    let many = vec![json!({}); MAX_EVENTS + 1];
    let e = refused(envelope("messages", json!({ "messages": many })).as_bytes());
    assert_eq!(e, ParseError::TooManyEvents { max: MAX_EVENTS });
    let many = vec![json!({}); MAX_EVENTS];
    assert_eq!(
        parse_str(&envelope("messages", json!({ "messages": many })))
            .unwrap()
            .len(),
        MAX_EVENTS
    );

    // A small body whose shared part would be copied into thousands of events.
    let shared = "x".repeat(40_000);
    let many = vec![json!({}); 2_000];
    let e =
        refused(envelope("messages", json!({ "messages": many, "padding": shared })).as_bytes());
    assert!(matches!(e, ParseError::TooManyCopies { .. }), "{e}");
}

#[test]
fn no_prefix_or_mutation_of_a_real_body_panics() {
    let all = fixtures();
    let bodies: Vec<Vec<u8>> = [
        ("message", "reply"),
        ("message_status", "failed"),
        ("template_status_update", "rejected"),
    ]
    .iter()
    .map(|(f, c)| serde_json::to_vec(&all[&((*f).to_owned(), (*c).to_owned())]).unwrap())
    .collect();
    for body in &bodies {
        for end in 0..body.len() {
            let _ = parse_body(&body[..end]);
        }
        // Deterministic byte mutations.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..2_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut mutated = body.clone();
            let at = (seed as usize) % mutated.len();
            mutated[at] = (seed >> 32) as u8;
            if let Ok(events) = parse_body(&mutated) {
                for e in events {
                    assert!(!e.kind.is_empty() && !e.dedupe_key.is_empty());
                }
            }
        }
    }
}

// ---- status order -------------------------------------------------------------------------------

#[test]
fn a_status_never_moves_backwards() {
    assert_eq!(status_rank("sent"), StatusRank::Progress(1));
    assert!(
        matches!((status_rank("delivered"), status_rank("read")), (StatusRank::Progress(a), StatusRank::Progress(b)) if a < b)
    );
    assert_eq!(status_rank("failed"), StatusRank::Terminal);
    assert_eq!(status_rank("vanished"), StatusRank::Unknown);
    assert_eq!(
        status_rank("READ"),
        StatusRank::Unknown,
        "Meta's spelling only"
    );

    assert!(should_replace_status(None, "sent"));
    assert!(should_replace_status(Some("sent"), "delivered"));
    assert!(
        should_replace_status(Some("sent"), "read"),
        "delivered may be skipped"
    );
    assert!(
        !should_replace_status(Some("read"), "delivered"),
        "a late delivered"
    );
    assert!(!should_replace_status(Some("read"), "sent"));
    assert!(!should_replace_status(Some("read"), "read"), "a duplicate");
    assert!(should_replace_status(Some("read"), "played"));
    assert!(should_replace_status(Some("sent"), "failed"));
    assert!(
        !should_replace_status(Some("failed"), "delivered"),
        "failed is final"
    );
    assert!(!should_replace_status(Some("failed"), "failed"));
    assert!(
        !should_replace_status(Some("delivered"), "vanished"),
        "unknown moves nothing"
    );
    assert!(!should_replace_status(None, "vanished"));
    assert!(should_replace_status(Some("vanished"), "sent"));
}
