//! The diagnose parser against every shape an admin may paste, real payloads from pywa's webhook
//! fixtures (MIT, see `fixtures/PYWA-LICENSE`), and bad input: empty, cut off, HTML, huge, random.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::Value;
use waba_core::catalogue::{ErrorCategory, FixAction};
use waba_core::diagnose::{diagnose, diagnosis_for, DiagnoseResult, ErrorSource, MetaSaid};

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn codes(r: &DiagnoseResult) -> Vec<(i64, Option<i64>)> {
    r.diagnoses.iter().map(|d| (d.code, d.subcode)).collect()
}

fn one(input: &str) -> waba_core::diagnose::Diagnosis {
    let r = diagnose(input);
    assert_eq!(r.diagnoses.len(), 1, "{input}: {r:?}");
    r.diagnoses.into_iter().next().unwrap()
}

/// Real payload, HTTP 400, from Neurotech-HQ/heyoo#94.
const ALLOW_LIST: &str = r#"{
  "error": {
    "message": "(#131030) Recipient phone number not in allowed list",
    "type": "OAuthException",
    "code": 131030,
    "error_data": {
      "messaging_product": "whatsapp",
      "details": "Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again."
    },
    "fbtrace_id": "AbCdEf123"
  }
}"#;

const OBJECT_MISSING: &str = r#"{"error":{"message":"Unsupported post request. Object with ID '110544395163118' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"AF-q1"}}"#;

const WEBHOOK: &str = r#"{
  "object": "whatsapp_business_account",
  "entry": [
    {"id": "102290129340398", "changes": [
      {"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "statuses": [
          {"id": "wamid.AAA", "status": "sent", "timestamp": "1689380400", "recipient_id": "16505550001"},
          {"id": "wamid.BBB", "status": "failed", "timestamp": "1689380458", "recipient_id": "16505551234",
           "errors": [{"code": 131026, "title": "Message undeliverable", "message": "Message undeliverable",
                       "error_data": {"details": "Message Undeliverable."},
                       "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]}
        ]}},
      {"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "errors": [{"code": 131000, "title": "Something went wrong", "message": "Something went wrong",
                    "error_data": {"details": "Unsupported webhook payload"}}]}}
    ]},
    {"id": "102290129340399", "changes": [
      {"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783882", "phone_number_id": "106540352242923"},
        "messages": [{"from": "16505551234", "id": "wamid.CCC", "timestamp": "1697044706", "type": "unsupported",
                      "errors": [{"code": 131051, "title": "Message type unknown", "message": "Message type unknown",
                                  "error_data": {"details": "Message type is currently not supported."}}]}]}}
    ]}
  ]
}"#;

const WEBHOOK_ERROR: &str = r#"{"code":131047,"title":"Re-engagement message","message":"Re-engagement message",
 "error_data":{"details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."},
 "href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}"#;

// ---- Graph error responses ----

#[test]
fn graph_response_with_error_data_object() {
    let r = diagnose(ALLOW_LIST);
    assert_eq!(r.input_kind, "a Graph API error response");
    assert_eq!(r.problem, None);
    let d = &r.diagnoses[0];
    assert_eq!((d.code, d.subcode, d.known), (131030, None, true));
    assert_eq!(d.action, Some(FixAction::ManageAllowList));
    assert_eq!(
        d.action_label.as_deref(),
        Some(FixAction::ManageAllowList.label())
    );
    assert_eq!(d.from_meta.where_, ErrorSource::GraphResponse);
    assert_eq!(
        d.from_meta.message.as_deref(),
        Some("(#131030) Recipient phone number not in allowed list")
    );
    assert!(d
        .from_meta
        .details
        .as_deref()
        .unwrap()
        .starts_with("Recipient phone number"));
    assert_eq!(d.from_meta.fbtrace_id.as_deref(), Some("AbCdEf123"));
}

#[test]
fn graph_response_100_33_gets_the_ids_card() {
    let d = one(OBJECT_MISSING);
    assert_eq!((d.code, d.subcode), (100, Some(33)));
    assert_eq!(d.action, Some(FixAction::CheckIds));
    assert!(d.seed_note.unwrap().contains("opaque"));
    assert_eq!(d.from_meta.details, None);
}

#[test]
fn token_expired_with_subcode() {
    let d = one(
        r#"{"error":{"message":"Error validating access token: Session has expired on Friday, 01-Aug-26 10:00:00 PDT.","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"A1"}}"#,
    );
    assert_eq!((d.code, d.subcode), (190, Some(463)));
    assert_eq!(d.title, "Expired");
    assert_eq!(d.action, Some(FixAction::ReplaceToken));
    assert_eq!(d.http_status, Some(401));
}

#[test]
fn template_creation_error_with_error_data_as_string_and_user_fields() {
    let d = one(
        r#"{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,"error_subcode":2388299,"is_transient":false,"error_user_title":"Variables can't be at the start or end of the template","error_user_msg":"Variables can't be at the start or end of the template.","error_data":"Template body has a leading variable","fbtrace_id":"Ab"}}"#,
    );
    assert_eq!((d.code, d.subcode), (100, Some(2388299)));
    assert_eq!(
        d.title,
        "Variables at the start or end of the text are not allowed"
    );
    assert_eq!(d.category, Some(ErrorCategory::Templates));
    assert_eq!(
        d.from_meta.details.as_deref(),
        Some("Template body has a leading variable")
    );
    assert!(d.from_meta.user_title.unwrap().starts_with("Variables"));
    assert!(d.from_meta.user_msg.is_some());
}

#[test]
fn graph_response_with_only_a_code_and_a_string_code() {
    let d = one(r#"{"error":{"code":131047}}"#);
    assert_eq!(d.code, 131047);
    assert_eq!(d.from_meta.message, None);
    assert_eq!(d.from_meta.fbtrace_id, None);
    assert_eq!(
        one(r#"{"error":{"code":"133010","message":"(#133010) Account not registered"}}"#).code,
        133010
    );
    assert_eq!(
        one(r#"{"error":{"code":131047,"error_data":null,"error_subcode":null}}"#).subcode,
        None
    );
}

#[test]
fn inner_error_object_alone() {
    let r = diagnose(
        r#"{"message":"(#200) Permissions error","type":"OAuthException","code":200,"fbtrace_id":"x"}"#,
    );
    assert_eq!(r.input_kind, "the error object of a Graph API response");
    assert_eq!(r.diagnoses[0].from_meta.where_, ErrorSource::GraphResponse);
    assert_eq!(r.diagnoses[0].title, "API Permission");
}

// ---- webhooks ----

#[test]
fn whole_webhook_body_gives_one_card_per_error_across_entries_and_changes() {
    let r = diagnose(WEBHOOK);
    assert_eq!(
        codes(&r),
        vec![(131026, None), (131000, None), (131051, None)]
    );
    assert!(
        r.input_kind.starts_with("a webhook body"),
        "{}",
        r.input_kind
    );
    assert!(
        r.input_kind.contains("2 status updates (1 failed)"),
        "{}",
        r.input_kind
    );
    let [status, value, message] = &r.diagnoses[..] else {
        panic!()
    };
    assert_eq!(status.from_meta.where_, ErrorSource::StatusWebhook);
    assert_eq!(status.from_meta.recipient.as_deref(), Some("16505551234"));
    assert_eq!(status.from_meta.message_id.as_deref(), Some("wamid.BBB"));
    assert_eq!(
        status.from_meta.details.as_deref(),
        Some("Message Undeliverable.")
    );
    assert!(status.seed_note.as_deref().unwrap().contains("contacts"));
    assert_eq!(value.from_meta.where_, ErrorSource::ValueErrors);
    assert_eq!(value.action, Some(FixAction::OpenMetaStatus));
    assert_eq!(message.from_meta.where_, ErrorSource::MessageErrors);
    assert_eq!(message.from_meta.message_id.as_deref(), Some("wamid.CCC"));
}

#[test]
fn bare_value_bare_status_errors_array_and_single_error_object() {
    let body: Value = serde_json::from_str(WEBHOOK).unwrap();
    let value = &body["entry"][0]["changes"][0]["value"];
    let r = diagnose(&value.to_string());
    assert_eq!(
        r.input_kind,
        "the value object of a webhook with 2 status updates (1 failed)"
    );
    assert_eq!(codes(&r), vec![(131026, None)]);

    let status = &value["statuses"][1];
    let r = diagnose(&status.to_string());
    assert!(r.input_kind.starts_with("one status from a status webhook"));
    assert_eq!(
        r.diagnoses[0].from_meta.recipient.as_deref(),
        Some("16505551234")
    );

    let errors = &body["entry"][0]["changes"][1]["value"]["errors"];
    let r = diagnose(&errors.to_string());
    assert_eq!(r.input_kind, "a list of webhook errors");
    assert_eq!(r.diagnoses[0].from_meta.where_, ErrorSource::ErrorObject);

    let r = diagnose(WEBHOOK_ERROR);
    assert_eq!(r.input_kind, "a webhook error object");
    let d = &r.diagnoses[0];
    assert_eq!(d.code, 131047);
    assert_eq!(d.action, Some(FixAction::SendTemplate));
    assert_eq!(
        d.from_meta.message.as_deref(),
        Some("Re-engagement message")
    );
    assert!(d.from_meta.details.as_deref().unwrap().contains("24 hours"));

    let change = &body["entry"][1]["changes"][0];
    assert_eq!(codes(&diagnose(&change.to_string())), vec![(131051, None)]);
}

#[test]
fn pywa_failed_status_fixtures() {
    let cases = fixture("pywa-status-errors.json");
    let cases = cases.as_object().unwrap();
    assert!(!cases.is_empty());
    for (name, body) in cases {
        let r = diagnose(&serde_json::to_string_pretty(body).unwrap());
        assert!(r.problem.is_none(), "{name}: {r:?}");
        assert!(!r.diagnoses.is_empty(), "{name}");
        for d in &r.diagnoses {
            assert!(d.known, "{name}: {}", d.code);
            assert_eq!(d.from_meta.where_, ErrorSource::StatusWebhook, "{name}");
            assert!(d.from_meta.recipient.is_some(), "{name}");
            assert!(d
                .from_meta
                .message_id
                .as_deref()
                .unwrap()
                .starts_with("wamid."));
        }
    }
    let failed = diagnose(&cases["failed"].to_string());
    assert_eq!(failed.diagnoses[0].code, 130472);
    assert!(!failed.diagnoses[0].retry.can_help);
}

#[test]
fn pywa_message_and_value_error_fixtures() {
    let cases = fixture("pywa-message-errors.json");
    let get = |name: &str| diagnose(&cases[name].to_string());

    for name in ["unsupported", "unsupported_with_type"] {
        let r = get(name);
        assert_eq!(codes(&r), vec![(131051, None)], "{name}");
        assert_eq!(r.diagnoses[0].from_meta.where_, ErrorSource::MessageErrors);
        assert_eq!(
            r.diagnoses[0].from_meta.message_id.as_deref(),
            Some("wamid.xyzxyz")
        );
    }
    let r = get("interactive_message_with_err");
    assert_eq!(codes(&r), vec![(131000, None)]);
    assert_eq!(r.diagnoses[0].from_meta.where_, ErrorSource::ValueErrors);
    assert_eq!(
        r.diagnoses[0].from_meta.details.as_deref(),
        Some("Unsupported webhook payload")
    );

    // A calling webhook with a placeholder code: not in the catalogue, Meta's words kept.
    let r = get("call_terminate");
    let d = &r.diagnoses[0];
    assert_eq!((d.code, d.known), (12455, false));
    assert_eq!(d.title, "ERROR_TITLE");
    assert_eq!(d.from_meta.details.as_deref(), Some("ERROR_DETAILS"));
    assert!(d.doc_url.is_some());
    assert!(!d.fix.is_empty());
}

// ---- codes typed by hand and free text ----

#[test]
fn bare_codes_and_code_subcode_pairs() {
    for input in [
        "131047",
        "#131047",
        "(#131047)",
        "  131047\n",
        "code 131047",
    ] {
        let d = one(input);
        assert_eq!((d.code, d.subcode), (131047, None), "{input}");
        assert_eq!(d.from_meta.where_, ErrorSource::BareCode);
    }
    for input in [
        "100 33",
        "100/33",
        "100, 33",
        "100 / 33",
        "code 100 subcode 33",
    ] {
        let d = one(input);
        assert_eq!((d.code, d.subcode), (100, Some(33)), "{input}");
        assert_eq!(d.action, Some(FixAction::CheckIds));
    }
    let d = one("100, 2388040");
    assert_eq!((d.code, d.subcode), (100, Some(2388040)));
    assert_eq!(d.title, "A field exceeds its character limit");
    assert_eq!(
        diagnose("100 33").input_kind,
        "an error code and subcode typed by hand"
    );
}

#[test]
fn unknown_code_gives_a_not_in_catalogue_card() {
    let d = one("999999");
    assert!(!d.known);
    assert_eq!(d.category, None);
    assert!(d.meaning.contains("not in WABA Console's catalogue"));
    assert!(one("429").meaning.contains("HTTP status"));
}

#[test]
fn long_numbers_are_ids_not_codes() {
    let r = diagnose("106540352242922");
    assert!(r.diagnoses.is_empty());
    assert!(r.problem.unwrap().contains("ID or a phone number"));
}

#[test]
fn text_with_meta_message_string() {
    let line = "2026-08-01T10:00:00Z ERROR whatsapp send failed: (#131030) Recipient phone number not in allowed list";
    let r = diagnose(&format!("starting worker\n{line}\nretrying later"));
    assert_eq!(codes(&r), vec![(131030, None)]);
    assert_eq!(r.diagnoses[0].from_meta.where_, ErrorSource::Text);
    assert_eq!(r.diagnoses[0].from_meta.message.as_deref(), Some(line));
    assert_eq!(r.input_kind, "text mentioning error 131030");
    assert_eq!(r.problem, None);
    assert_eq!(
        one("(#132001) Template name does not exist in the translation").code,
        132001
    );
}

#[test]
fn log_line_with_the_json_body_inside() {
    let r = diagnose(&format!(
        "POST /v26.0/106540352242922/messages -> 400 {ALLOW_LIST} (took 120 ms)"
    ));
    assert_eq!(codes(&r), vec![(131030, None)]);
    assert_eq!(r.diagnoses[0].from_meta.where_, ErrorSource::GraphResponse);
    assert!(r
        .input_kind
        .starts_with("text with a Graph API error response"));
}

#[test]
fn python_dict_repr_is_read_by_the_scanner() {
    let r = diagnose("{'error': {'message': '(#100) Invalid parameter', 'type': 'OAuthException', 'code': 100, 'error_subcode': 33, 'fbtrace_id': 'A'}}");
    assert_eq!(codes(&r), vec![(100, Some(33))]);
    assert!(r.problem.unwrap().contains("not valid JSON"));
}

#[test]
fn json_followed_by_other_text() {
    let r = diagnose(&format!("{WEBHOOK_ERROR}\n-- end of webhook --"));
    assert_eq!(codes(&r), vec![(131047, None)]);
    assert!(r.input_kind.contains("followed by other text"));
}

// ---- bad input ----

#[test]
fn empty_and_whitespace() {
    for input in ["", "   \n\t ", "\u{feff}"] {
        let r = diagnose(input);
        assert!(r.diagnoses.is_empty());
        assert!(r.problem.unwrap().contains("Paste"), "{input:?}");
    }
}

#[test]
fn text_without_a_code() {
    let r = diagnose("my messages are not arriving, please help");
    assert!(r.diagnoses.is_empty());
    assert!(r.problem.unwrap().starts_with("No error code was found"));
}

#[test]
fn truncated_json_says_cut_off_and_still_reads_the_code() {
    let cut = &ALLOW_LIST[..ALLOW_LIST.find("\"error_data\"").unwrap()];
    let r = diagnose(cut);
    let problem = r.problem.clone().unwrap();
    assert!(problem.contains("cut off"), "{problem}");
    assert!(
        problem.contains("read from the part that is there"),
        "{problem}"
    );
    assert_eq!(codes(&r), vec![(131030, None)]);
    assert_eq!(
        r.diagnoses[0].from_meta.message.as_deref(),
        Some("(#131030) Recipient phone number not in allowed list")
    );

    let early = &ALLOW_LIST[..20];
    let r = diagnose(early);
    assert!(r.diagnoses.is_empty());
    assert!(r.problem.unwrap().contains("cut off"));

    // A number cut in the middle is not trusted.
    let r = diagnose(r#"{"error":{"code": 1310"#);
    assert!(r.diagnoses.is_empty(), "{r:?}");
}

#[test]
fn html_error_page() {
    let page = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    let r = diagnose(page);
    assert!(r.diagnoses.is_empty());
    assert_eq!(r.input_kind, "an HTML page");
    let problem = r.problem.unwrap();
    assert!(problem.contains("HTML page"));
    assert!(problem.contains("\"502 Bad Gateway\""));
    assert!(problem.contains("proxy"));
    let r =
        diagnose("HTTP/1.1 403 Forbidden\r\n\r\n<html><TITLE>Access &amp; Denied</TITLE></html>");
    assert!(r.problem.unwrap().contains("\"Access & Denied\""));
    assert!(diagnose("<html><title>unterminated").problem.is_some());
}

#[test]
fn json_without_an_error() {
    let r = diagnose(r#"{"success":true}"#);
    assert!(r.problem.unwrap().contains("success"));
    let r = diagnose(
        r#"{"messaging_product":"whatsapp","contacts":[{"input":"+16505551234","wa_id":"16505551234"}],"messages":[{"id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA="}]}"#,
    );
    assert_eq!(r.input_kind, "a successful send response");
    assert!(r.problem.unwrap().contains("Accepted is not delivered"));
    let r =
        diagnose(r#"{"data":[{"id":"106540352242922","display_phone_number":"+1 555-078-3881"}]}"#);
    assert!(r
        .problem
        .unwrap()
        .starts_with("There is no error in this JSON"));
    let body: Value = serde_json::from_str(WEBHOOK).unwrap();
    let sent = &body["entry"][0]["changes"][0]["value"]["statuses"][0];
    let r = diagnose(&serde_json::json!({"statuses": [sent]}).to_string());
    assert!(r.problem.unwrap().contains("none failed"));
    let r = diagnose(r#"{"error":"upstream timeout"}"#);
    assert!(r.problem.unwrap().contains("not Meta's error object"));
    assert_eq!(
        codes(&diagnose(r#"{"error":"(#131047) Re-engagement message"}"#)),
        vec![(131047, None)]
    );
    assert!(diagnose("[1, 2, 3]").problem.is_some());
    assert!(diagnose("null").problem.is_some());
}

#[test]
fn five_mebibytes_return_promptly_with_a_problem() {
    let huge = format!(
        "{{\"error\":{{\"code\":131047,\"message\":\"{}\"}}}}",
        "x".repeat(5 * 1024 * 1024)
    );
    let start = Instant::now();
    let r = diagnose(&huge);
    assert!(
        start.elapsed() < Duration::from_millis(200),
        "{:?}",
        start.elapsed()
    );
    assert!(r.diagnoses.is_empty());
    assert!(r.problem.unwrap().contains("at most 1 MiB"));
}

#[test]
fn pathological_inputs_just_under_the_cap_stay_fast() {
    let n = 1024 * 1024 - 64;
    let inputs = [
        "[".repeat(n),
        "{\"a\":".repeat(n / 5),
        "(#".repeat(n / 2),
        "code ".repeat(n / 5),
        "error ".repeat(n / 6),
        format!("<{}", "x".repeat(n)),
        format!("log {}", "{".repeat(n)),
        format!("[{}]", "{\"code\":1},".repeat(n / 12).trim_end_matches(',')),
    ];
    for input in &inputs {
        assert!(input.len() <= waba_core::diagnose::MAX_INPUT_BYTES);
        let start = Instant::now();
        let r = diagnose(input);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?} for {}",
            start.elapsed(),
            &input[..20]
        );
        assert!(r.diagnoses.len() <= waba_core::diagnose::MAX_DIAGNOSES);
    }
}

// ---- never panic ----

#[test]
fn every_truncation_of_valid_payloads_is_handled() {
    let pywa = fixture("pywa-message-errors.json").to_string();
    for payload in [
        ALLOW_LIST,
        OBJECT_MISSING,
        WEBHOOK,
        WEBHOOK_ERROR,
        pywa.as_str(),
        "€ (#131047) ünïcödé",
    ] {
        for end in 0..=payload.len() {
            if payload.is_char_boundary(end) {
                let r = diagnose(&payload[..end]);
                assert!(
                    !r.diagnoses.is_empty() || r.problem.is_some(),
                    "silent answer for {:?}",
                    &payload[..end]
                );
            }
        }
        for start in 0..payload.len() {
            if payload.is_char_boundary(start) {
                diagnose(&payload[start..]);
            }
        }
    }
}

#[test]
fn random_inputs_never_panic() {
    const ALPHABET: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        "\"",
        "'",
        ":",
        ",",
        " ",
        "\n",
        "(#",
        ")",
        "#",
        "/",
        "code",
        "error",
        "error_subcode",
        "1",
        "3",
        "0",
        "131047",
        "100",
        "<",
        ">",
        "<title>",
        "html",
        "\\",
        "é",
        "€",
        "statuses",
        "errors",
        "null",
        "true",
        "-",
        ".",
        "e5",
    ];
    let mut seed: u64 = 0x5eed_1234_abcd_ef01;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let len = (next() % 60) as usize;
        let input: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let r = diagnose(&input);
        assert!(
            !r.diagnoses.is_empty() || r.problem.is_some(),
            "silent answer for {input:?}"
        );
    }
}

// ---- the IPC shape ----

#[test]
fn wire_shape_is_camel_case() {
    let said = MetaSaid {
        message: Some("(#133010) Account not registered".into()),
        where_: ErrorSource::StatusWebhook,
        recipient: Some("16505551234".into()),
        ..MetaSaid::default()
    };
    let d = diagnosis_for(133010, None, said);
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["action"], "registerNumber");
    assert_eq!(json["actionLabel"], "Register this number");
    assert_eq!(json["category"], "registration");
    assert_eq!(json["channel"], "sync");
    assert_eq!(json["httpStatus"], 400);
    assert_eq!(json["retry"]["canHelp"], true);
    assert_eq!(json["fromMeta"]["where"], "statusWebhook");
    assert_eq!(json["fromMeta"]["recipient"], "16505551234");
    assert!(json["seedNote"].as_str().unwrap().contains("CONNECTED"));
    assert!(json["docUrl"].as_str().unwrap().contains("registration"));
    let back: waba_core::diagnose::Diagnosis = serde_json::from_value(json).unwrap();
    assert_eq!(back, d);
}

#[test]
fn group_payloads_get_the_groups_api_card() {
    use waba_core::catalogue::GROUP_MESSAGING_CODE;
    // A Groups API send: no error in it, but the card says what groups are and that the console
    // does not manage them yet (it used to answer "there is no error in this JSON").
    let send = r#"{"messaging_product":"whatsapp","recipient_type":"group","to":"120363025246125486@g.us","type":"text","text":{"body":"Hi all"}}"#;
    let r = diagnose(send);
    assert_eq!(codes(&r), vec![(GROUP_MESSAGING_CODE, None)], "{r:?}");
    assert!(r.problem.is_none());
    assert!(
        r.input_kind
            .contains("Groups API (recipient_type \"group\")"),
        "{}",
        r.input_kind
    );
    let card = &r.diagnoses[0];
    assert!(card.meaning.contains("Official Business Account"));
    assert!(card.meaning.contains("does not manage groups yet"));

    // Every group webhook field is recognised.
    for field in waba_core::diagnose::GROUP_WEBHOOK_FIELDS {
        let body = format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"id":"102290129340398","changes":[{{"field":"{field}","value":{{"messaging_product":"whatsapp"}}}}]}}]}}"#
        );
        let r = diagnose(&body);
        assert_eq!(codes(&r), vec![(GROUP_MESSAGING_CODE, None)], "{field}");
        assert!(r.input_kind.contains(field), "{}", r.input_kind);
    }

    // A failed status to a group keeps its error card first, then the group card.
    let failed = r#"{"statuses":[{"id":"wamid.HBgL","status":"failed","timestamp":"1739321024","recipient_id":"120363025246125486","recipient_type":"group","errors":[{"code":131053,"title":"Media upload error","message":"Media upload error"}]}]}"#;
    let r = diagnose(failed);
    assert_eq!(
        codes(&r),
        vec![(131053, None), (GROUP_MESSAGING_CODE, None)]
    );

    // Not a group: nothing added.
    let r = diagnose(
        r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"text","text":{"body":"Hi"}}"#,
    );
    assert!(r.diagnoses.is_empty());
}
