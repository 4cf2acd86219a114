//! The template linter: a table of good and bad templates (each bad one asserting its rule id and
//! span), pywa's template examples linting clean, and bad input never panicking.

use std::fs;
use std::path::Path;

use serde_json::{json, Value};
use waba_core::graph_states::{TemplateCategory, TemplateStatus};
use waba_core::template_lint::{
    lint, lint_text, parse_draft, wording, ExistingTemplate, Finding, LintReport, RuleId, Severity,
    TemplateDraft,
};

/// A UTILITY template that breaks no rule, with every kind of component and button.
fn good() -> Value {
    json!({
        "name": "order_update",
        "language": "en_US",
        "category": "UTILITY",
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Order {{1}} update",
             "example": {"header_text": ["#4521"]}},
            {"type": "BODY",
             "text": "Hello {{1}}, your order {{2}} has shipped and will arrive on {{3}}. Reply here if you have questions.",
             "example": {"body_text": [["Ana", "#4521", "Friday"]]}},
            {"type": "FOOTER", "text": "Lucky Shrub customer care"},
            {"type": "BUTTONS", "buttons": [
                {"type": "QUICK_REPLY", "text": "Thanks"},
                {"type": "URL", "text": "Track order", "url": "https://www.luckyshrub.com/track/{{1}}",
                 "example": ["https://www.luckyshrub.com/track/4521"]},
                {"type": "PHONE_NUMBER", "text": "Call us", "phone_number": "15550051310"}
            ]}
        ]
    })
}

fn with(change: impl FnOnce(&mut Value)) -> Value {
    let mut v = good();
    change(&mut v);
    v
}

/// The good template with another body text and examples.
fn body(text: &str, examples: Value) -> Value {
    with(|v| {
        v["components"][1] = json!({"type": "BODY", "text": text, "example": examples});
    })
}

fn run(value: &Value, existing: &[ExistingTemplate]) -> LintReport {
    lint_text(&serde_json::to_string_pretty(value).unwrap(), existing)
}

fn find(report: &LintReport, rule: RuleId) -> Vec<&Finding> {
    report.findings.iter().filter(|f| f.rule == rule).collect()
}

/// Asserts a finding of `rule` at `path` with the UTF-16 range `start..end`.
#[track_caller]
fn assert_finding(report: &LintReport, rule: RuleId, path: &str, start: u32, end: u32) {
    assert!(
        report.findings.iter().any(|f| f.rule == rule
            && f.span.path == path
            && f.span.start == start
            && f.span.end == end),
        "expected {rule:?} at {path} {start}..{end}, got {:#?}",
        report.findings
    );
}

#[track_caller]
fn assert_clean(report: &LintReport) {
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

fn existing(name: &str, language: &str, body: &str) -> ExistingTemplate {
    ExistingTemplate {
        name: name.into(),
        language: language.into(),
        category: Some(TemplateCategory::Utility),
        status: Some(TemplateStatus::Approved),
        body: body.into(),
    }
}

#[test]
fn the_good_template_is_clean_and_round_trips() {
    let report = run(&good(), &[]);
    assert_clean(&report);
    assert!(!report.has_errors());
    let parsed = parse_draft(&good().to_string());
    assert!(parsed.findings.is_empty());
    assert_eq!(serde_json::to_value(&parsed.draft).unwrap(), good());
}

#[test]
fn the_report_is_camel_case_with_kebab_case_rule_ids() {
    let report = run(
        &body(
            "{{1}} is here today, all set.",
            json!({"body_text": [["Ana"]]}),
        ),
        &[],
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["errors"], 1);
    assert_eq!(json["findings"][0]["rule"], "variable-at-edge");
    assert_eq!(json["findings"][0]["severity"], "error");
    assert_eq!(json["findings"][0]["span"]["path"], "/components/1/text");
    assert!(json["findings"][0]["fix"].is_string());
    // The line and column of the variable in the text linted (ASCII here, so bytes are units).
    let value = body(
        "{{1}} is here today, all set.",
        json!({"body_text": [["Ana"]]}),
    );
    let pretty = serde_json::to_string_pretty(&value).unwrap();
    let (line, text) = pretty
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("is here today"))
        .unwrap();
    assert_eq!(json["findings"][0]["span"]["line"], line + 1);
    assert_eq!(
        json["findings"][0]["span"]["column"],
        text.find("{{1}}").unwrap() + 1
    );
}

// ---- variables -------------------------------------------------------------------------------

#[test]
fn variable_format_must_match_parameter_format_and_never_mix() {
    let text = "Hello {{first_name}}, your order is ready for pickup today.";
    let r = run(&body(text, json!({"body_text": [["Ana"]]})), &[]);
    assert_finding(&r, RuleId::VariableFormat, "/components/1/text", 6, 20);
    assert!(find(&r, RuleId::VariableFormat)[0].fix.contains("NAMED"));

    let mixed = "Hello {{1}}, your order {{order_id}} is ready for pickup today.";
    let r = run(&body(mixed, json!({"body_text": [["Ana"]]})), &[]);
    assert_finding(&r, RuleId::VariableFormat, "/components/1/text", 24, 36);
    assert!(find(&r, RuleId::VariableFormat)[0]
        .message
        .contains("both kinds"));

    // Named, declared and with examples: clean.
    let named = with(|v| {
        v["parameter_format"] = json!("NAMED");
        v["components"][0] = json!({"type": "HEADER", "format": "TEXT", "text": "Order {{order_id}} update",
            "example": {"header_text_named_params": [{"param_name": "order_id", "example": "#4521"}]}});
        v["components"][1] = json!({"type": "BODY",
            "text": "Hello {{first_name}}, your order is ready for pickup today.",
            "example": {"body_text_named_params": [{"param_name": "first_name", "example": "Ana"}]}});
    });
    assert_clean(&run(&named, &[]));
    // A numbered variable in a NAMED template.
    let r = run(
        &with(|v| {
            v["parameter_format"] = json!("NAMED");
            v["components"].as_array_mut().unwrap().remove(0);
        }),
        &[],
    );
    assert_finding(&r, RuleId::VariableFormat, "/components/0/text", 6, 11);
}

#[test]
fn malformed_placeholders_are_found_with_their_span() {
    for (text, start, end, suggest) in [
        (
            "Hello {{ 1 }}, your order is ready for pickup.",
            6,
            13,
            "{{1}}",
        ),
        (
            "Hello {{1}, your order is ready for pickup.",
            6,
            10,
            "{{1}}",
        ),
        (
            "Hello {1}}, your order is ready for pickup.",
            6,
            10,
            "{{1}}",
        ),
        (
            "Hello {{{1}}}, your order is ready for pickup.",
            6,
            13,
            "{{1}}",
        ),
    ] {
        let r = run(&body(text, json!({})), &[]);
        assert_finding(
            &r,
            RuleId::MalformedPlaceholder,
            "/components/1/text",
            start,
            end,
        );
        assert!(
            find(&r, RuleId::MalformedPlaceholder)[0]
                .fix
                .contains(suggest),
            "{text}"
        );
    }
}

#[test]
fn named_variables_with_special_characters() {
    let r = run(
        &with(|v| {
            v["parameter_format"] = json!("NAMED");
            v["components"][1] = json!({"type": "BODY", "text": "Dear {{First-Name}}, your order is ready.",
                "example": {"body_text_named_params": []}});
        }),
        &[],
    );
    assert_finding(&r, RuleId::VariableName, "/components/1/text", 5, 19);
    assert!(find(&r, RuleId::VariableName)[0]
        .fix
        .contains("{{first_name}}"));
    for bad in ["{{price$}}", "{{order#}}", "{{100%}}"] {
        let text = format!("Dear customer, {bad} is your total for today.");
        let r = run(&body(&text, json!({})), &[]);
        assert_eq!(
            find(&r, RuleId::VariableName).len(),
            1,
            "{bad}: {:#?}",
            r.findings
        );
    }
}

#[test]
fn numbering_starts_at_one_with_no_gaps_in_order() {
    let ex = json!({"body_text": [["a", "b"]]});
    let gap = run(
        &body(
            "Hello {{1}}, your order {{3}} is ready for pickup.",
            ex.clone(),
        ),
        &[],
    );
    assert_finding(&gap, RuleId::VariableSequence, "/components/1/text", 24, 29);
    let order = run(
        &body(
            "Hello {{2}}, your order {{1}} is ready for pickup.",
            ex.clone(),
        ),
        &[],
    );
    assert_finding(
        &order,
        RuleId::VariableSequence,
        "/components/1/text",
        6,
        11,
    );
    let repeat = run(
        &body(
            "Hello {{1}}, order {{2}} is ready, {{1}}, come and get it.",
            ex,
        ),
        &[],
    );
    assert!(find(&repeat, RuleId::VariableSequence).is_empty());
}

#[test]
fn no_variable_at_the_start_or_end_of_the_body() {
    let ex = json!({"body_text": [["Ana"]]});
    let r = run(
        &body("{{1}} is your order number, thanks.", ex.clone()),
        &[],
    );
    assert_finding(&r, RuleId::VariableAtEdge, "/components/1/text", 0, 5);
    assert_eq!(
        find(&r, RuleId::VariableAtEdge)[0].message,
        "The body starts with {{1}}: Meta rejects templates that start or end with a variable (2388299)."
    );
    let r = run(
        &body("Thanks for your order, your number is {{1}}  ", ex),
        &[],
    );
    assert_finding(&r, RuleId::VariableAtEdge, "/components/1/text", 38, 43);
}

#[test]
fn no_adjacent_variables() {
    let ex = json!({"body_text": [["a", "b"]]});
    let r = run(
        &body(
            "Hello there {{1}}{{2}} and welcome to our shop.",
            ex.clone(),
        ),
        &[],
    );
    assert_finding(&r, RuleId::AdjacentVariables, "/components/1/text", 12, 22);
    let r = run(
        &body(
            "Hello there {{1}}, {{2}} and welcome to our shop.",
            ex.clone(),
        ),
        &[],
    );
    assert_finding(&r, RuleId::AdjacentVariables, "/components/1/text", 12, 24);
    let r = run(
        &body("Hello there {{1}} and {{2}}, welcome to our shop.", ex),
        &[],
    );
    assert!(find(&r, RuleId::AdjacentVariables).is_empty());
}

#[test]
fn too_many_variables_for_the_text_is_a_warning() {
    let text = "Hi {{1}} {{2}} and {{3}} ok.";
    let r = run(&body(text, json!({"body_text": [["a", "b", "c"]]})), &[]);
    let f = find(&r, RuleId::TooManyVariables);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!((f[0].span.start, f[0].span.end), (0, 28));
}

#[test]
fn header_has_at_most_one_variable_and_footer_none() {
    let r = run(
        &with(|v| {
            v["components"][0]["text"] = json!("Order {{1}} for {{2}}");
            v["components"][0]["example"]["header_text"] = json!(["#1", "Ana"]);
            v["components"][2]["text"] = json!("Sent to {{1}} by us");
        }),
        &[],
    );
    assert_finding(&r, RuleId::HeaderVariables, "/components/0/text", 16, 21);
    assert_finding(&r, RuleId::FooterVariable, "/components/2/text", 8, 13);
}

// ---- examples --------------------------------------------------------------------------------

#[test]
fn every_variable_needs_an_example() {
    let text = "Hello {{1}}, your order {{2}} is ready for pickup.";
    let r = run(&body(text, json!({})), &[]);
    assert_finding(&r, RuleId::ExampleMissing, "/components/1/text", 6, 11);
    let r = run(&body(text, json!({"body_text": [["Ana"]]})), &[]);
    assert_finding(
        &r,
        RuleId::ExampleCount,
        "/components/1/example/body_text/0",
        0,
        0,
    );
    let r = run(&body(text, json!({"body_text": [["Ana", " "]]})), &[]);
    assert_finding(
        &r,
        RuleId::ExampleMissing,
        "/components/1/example/body_text/0/1",
        0,
        0,
    );

    // Named: each name needs a `body_text_named_params` entry, and no entry names a stranger.
    let r = run(
        &with(|v| {
            v["parameter_format"] = json!("NAMED");
            v["components"].as_array_mut().unwrap().remove(0);
            v["components"][0] = json!({"type": "BODY", "text": "Hello {{first_name}}, order {{order_id}} is ready.",
                "example": {"body_text_named_params": [
                    {"param_name": "first_name", "example": "Ana"},
                    {"param_name": "ordr_id", "example": "1"}]}});
        }),
        &[],
    );
    assert_finding(&r, RuleId::ExampleMissing, "/components/0/text", 28, 40);
    assert_finding(
        &r,
        RuleId::ExampleCount,
        "/components/0/example/body_text_named_params/1/param_name",
        0,
        7,
    );

    // Header and URL button variables, and media headers.
    let r = run(
        &with(|v| {
            v["components"][0]
                .as_object_mut()
                .unwrap()
                .remove("example");
            v["components"][3]["buttons"][1]
                .as_object_mut()
                .unwrap()
                .remove("example");
        }),
        &[],
    );
    assert_finding(&r, RuleId::ExampleMissing, "/components/0/text", 6, 11);
    assert_finding(
        &r,
        RuleId::ExampleMissing,
        "/components/3/buttons/1/url",
        33,
        38,
    );
    let r = run(
        &with(|v| v["components"][0] = json!({"type": "HEADER", "format": "IMAGE"})),
        &[],
    );
    assert_finding(&r, RuleId::ExampleMissing, "/components/0/example", 0, 0);
}

// ---- wording ---------------------------------------------------------------------------------

#[test]
fn url_shorteners_anywhere() {
    let r = run(
        &body(
            "Track your parcel at https://bit.ly/3xYz today, thanks.",
            json!({}),
        ),
        &[],
    );
    assert_finding(&r, RuleId::UrlShortener, "/components/1/text", 29, 35);
    let r = run(
        &with(|v| {
            v["components"][3]["buttons"][1]["url"] = json!("https://tinyurl.com/{{1}}");
        }),
        &[],
    );
    assert_finding(
        &r,
        RuleId::UrlShortener,
        "/components/3/buttons/1/url",
        8,
        19,
    );
    for host in wording::SHORTENERS {
        let text = format!("See https://{host}/abc for your order details, thanks.");
        assert_eq!(
            find(&run(&body(&text, json!({})), &[]), RuleId::UrlShortener).len(),
            1,
            "{host}"
        );
    }
    assert!(find(&run(&good(), &[]), RuleId::UrlShortener).is_empty());
}

#[test]
fn language_codes_meta_accepts_with_the_closest_suggested() {
    let r = run(&with(|v| v["language"] = json!("en-US")), &[]);
    assert_finding(&r, RuleId::LanguageCode, "/language", 0, 5);
    assert!(find(&r, RuleId::LanguageCode)[0].fix.contains("en_US"));
    let r = run(&with(|v| v["language"] = json!("pt")), &[]);
    assert!(find(&r, RuleId::LanguageCode)[0]
        .fix
        .contains("pt_BR or pt_PT"));
    let r = run(&with(|v| v["language"] = json!("de_AT")), &[]);
    assert_eq!(
        find(&r, RuleId::LanguageCode)[0].severity,
        Severity::Warning
    );
    for ok in ["en", "en_GB", "fil", "zh_TW", "rw_RW", "ky_KG", "es_MX"] {
        assert!(find(
            &run(&with(|v| v["language"] = json!(ok)), &[]),
            RuleId::LanguageCode
        )
        .is_empty());
    }
}

#[test]
fn promotional_wording_in_a_utility_template_is_a_warning() {
    let text = "Your order has shipped! Enjoy 20% off your next purchase with this exclusive deal.";
    let r = run(&body(text, json!({})), &[]);
    let f = find(&r, RuleId::PromotionalUtility);
    assert_eq!(f[0].severity, Severity::Warning);
    assert_finding(&r, RuleId::PromotionalUtility, "/components/1/text", 32, 37);
    assert!(f[0].message.contains("exclusive"));
    let marketing = with(|v| {
        v["category"] = json!("MARKETING");
        v["components"][1] = json!({"type": "BODY", "text": text});
    });
    assert!(find(&run(&marketing, &[]), RuleId::PromotionalUtility).is_empty());
    let emoji = run(
        &body("Your order has shipped 🎉🎁🚚 and arrives soon.", json!({})),
        &[],
    );
    assert_eq!(find(&emoji, RuleId::PromotionalUtility).len(), 1);
    let warm = run(
        &body(
            "Thank you for being a loyal customer of our shop.",
            json!({}),
        ),
        &[],
    );
    assert_eq!(find(&warm, RuleId::PromotionalUtility).len(), 1);
}

#[test]
fn requests_for_sensitive_data_are_errors() {
    for (text, start, end) in [
        (
            "To finish, reply with your card number and the CVV on the back.",
            27,
            38,
        ),
        (
            "Please send us your social security number to verify your account.",
            20,
            35,
        ),
        (
            "Enter your online banking password here to continue today.",
            11,
            25,
        ),
    ] {
        let r = run(&body(text, json!({})), &[]);
        assert_finding(&r, RuleId::SensitiveData, "/components/1/text", start, end);
    }
    let warning = body(
        "Never share your PIN or password with anyone, including us.",
        json!({}),
    );
    assert!(find(&run(&warning, &[]), RuleId::SensitiveData).is_empty());
}

#[test]
fn duplicates_of_existing_templates() {
    let body_text = good()["components"][1]["text"].as_str().unwrap().to_owned();
    let same = [existing(
        "shipping_notice",
        "en_US",
        &body_text.to_uppercase().replace("{{1}}", "{{name}}"),
    )];
    let r = run(&good(), &same);
    let f = find(&r, RuleId::NearDuplicate);
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].message.contains("shipping_notice"));
    assert_eq!(f[0].span.path, "/components/1/text");

    let taken = [existing(
        "order_update",
        "en_US",
        "Something else entirely here.",
    )];
    let r = run(&good(), &taken);
    assert_finding(&r, RuleId::DuplicateNameLanguage, "/name", 0, 12);
    assert!(find(&r, RuleId::DuplicateNameLanguage)[0]
        .message
        .contains("2388024"));
    // Same name in another language is fine.
    let other_language = [existing("order_update", "pt_BR", "Outra coisa.")];
    assert_clean(&run(&good(), &other_language));
}

// ---- name, lengths, structure ----------------------------------------------------------------

#[test]
fn name_rules() {
    let r = run(&with(|v| v["name"] = json!("Order-Update")), &[]);
    assert_finding(&r, RuleId::NameFormat, "/name", 0, 1);
    assert!(find(&r, RuleId::NameFormat)[0].fix.contains("order_update"));
    let r = run(&with(|v| v["name"] = json!("")), &[]);
    assert_finding(&r, RuleId::NameFormat, "/name", 0, 0);
    let r = run(&with(|v| v["name"] = json!("a".repeat(513))), &[]);
    assert_finding(&r, RuleId::NameTooLong, "/name", 512, 513);
    // Meta's sample names are refused (2388155).
    let r = run(&with(|v| v["name"] = json!("hello_world")), &[]);
    assert_finding(&r, RuleId::SampleName, "/name", 0, 11);
    assert!(find(&r, RuleId::SampleName)[0].message.contains("2388155"));
    assert!(run(&with(|v| v["name"] = json!("hello_world_2")), &[])
        .findings
        .iter()
        .all(|f| f.rule != RuleId::SampleName));
}

#[test]
fn length_limits() {
    let r = run(
        &with(|v| {
            v["components"][0] =
                json!({"type": "HEADER", "format": "TEXT", "text": "h".repeat(61)});
            v["components"][2]["text"] = json!("f".repeat(62));
            v["components"][3]["buttons"][0]["text"] = json!("b".repeat(26));
            v["components"][3]["buttons"][1]["url"] =
                json!(format!("https://example.com/{}", "u".repeat(2000)));
            v["components"][3]["buttons"][2]["phone_number"] = json!("1".repeat(21));
        }),
        &[],
    );
    assert_finding(&r, RuleId::HeaderTooLong, "/components/0/text", 60, 61);
    assert_finding(&r, RuleId::FooterTooLong, "/components/2/text", 60, 62);
    assert_finding(
        &r,
        RuleId::ButtonTextTooLong,
        "/components/3/buttons/0/text",
        25,
        26,
    );
    assert_finding(
        &r,
        RuleId::UrlTooLong,
        "/components/3/buttons/1/url",
        2000,
        2020,
    );
    assert_finding(
        &r,
        RuleId::PhoneNumberTooLong,
        "/components/3/buttons/2/phone_number",
        20,
        21,
    );
    let long = format!("Your order is ready. {}", "word ".repeat(210));
    let r = run(&body(&long, json!({})), &[]);
    assert_finding(&r, RuleId::BodyTooLong, "/components/1/text", 1024, 1071);
    assert!(r.findings[0].message.contains("1071 characters"));
    let r = run(
        &with(|v| {
            v["components"][3]["buttons"] =
                json!([{"type": "COPY_CODE", "example": "C".repeat(21)}]);
        }),
        &[],
    );
    assert_finding(
        &r,
        RuleId::CopyCodeTooLong,
        "/components/3/buttons/0/example",
        20,
        21,
    );
}

#[test]
fn button_rules() {
    let qr = |t: &str| json!({"type": "QUICK_REPLY", "text": t});
    let url = json!({"type": "URL", "text": "Open", "url": "https://example.com/a"});
    let phone = json!({"type": "PHONE_NUMBER", "text": "Call", "phone_number": "15550051310"});
    let code = json!({"type": "COPY_CODE", "example": "SAVE10"});
    let set = |buttons: Value| run(&with(|v| v["components"][3]["buttons"] = buttons), &[]);
    let p = |j: usize| format!("/components/3/buttons/{j}");

    let eleven: Vec<Value> = (0..11).map(|i| qr(&format!("Option {i}"))).collect();
    assert_finding(&set(json!(eleven)), RuleId::TooManyButtons, &p(10), 0, 0);
    let r = set(json!([qr("Yes"), url, qr("No")]));
    assert_finding(&r, RuleId::QuickRepliesNotGrouped, &p(2), 0, 0);
    assert!(find(
        &set(json!([qr("Yes"), qr("No"), url, phone])),
        RuleId::QuickRepliesNotGrouped
    )
    .is_empty());
    assert!(find(
        &set(json!([url, phone, qr("Yes"), qr("No")])),
        RuleId::QuickRepliesNotGrouped
    )
    .is_empty());
    assert_finding(
        &set(json!([url, url, url])),
        RuleId::TooManyUrlButtons,
        &p(2),
        0,
        0,
    );
    assert_finding(
        &set(json!([phone, phone])),
        RuleId::TooManyPhoneButtons,
        &p(1),
        0,
        0,
    );
    assert_finding(
        &set(json!([code, code])),
        RuleId::TooManyCopyCodeButtons,
        &p(1),
        0,
        0,
    );

    let url_var = |u: &str| json!({"type": "URL", "text": "Open", "url": u, "example": ["https://example.com/x/1"]});
    let r = set(json!([url_var("https://example.com/{{1}}/orders")]));
    assert_finding(&r, RuleId::UrlVariable, &format!("{}/url", p(0)), 20, 25);
    let r = set(json!([url_var("https://example.com/{{1}}/{{2}}")]));
    assert_finding(&r, RuleId::UrlVariable, &format!("{}/url", p(0)), 26, 31);
    let r = set(json!([url_var("www.example.com/{{1}}")]));
    assert_finding(&r, RuleId::UrlInvalid, &format!("{}/url", p(0)), 0, 21);
    let r = set(json!([{"type": "URL", "text": "Open"}, {"type": "QUICK_REPLY"}]));
    assert_finding(
        &r,
        RuleId::ButtonFieldMissing,
        &format!("{}/url", p(0)),
        0,
        0,
    );
    assert_finding(
        &r,
        RuleId::ButtonFieldMissing,
        &format!("{}/text", p(1)),
        0,
        0,
    );
    let r = set(json!([{"type": "HOLOGRAM", "text": "?"}]));
    assert_eq!(
        find(&r, RuleId::UnknownButton)[0].severity,
        Severity::Warning
    );
}

#[test]
fn a_body_is_required_and_not_empty() {
    let r = run(
        &with(|v| {
            v["components"].as_array_mut().unwrap().remove(1);
        }),
        &[],
    );
    assert_finding(&r, RuleId::BodyMissing, "/components", 0, 0);
    let r = run(&body("   ", json!({})), &[]);
    assert_finding(&r, RuleId::BodyEmpty, "/components/1/text", 0, 3);
    let r = run(&with(|v| v["components"][1] = json!({"type": "BODY"})), &[]);
    assert_finding(&r, RuleId::BodyEmpty, "/components/1/text", 0, 0);
    let r = run(&with(|v| v["components"][2]["type"] = json!("BODY")), &[]);
    assert_finding(&r, RuleId::DuplicateComponent, "/components/2/type", 0, 0);
}

#[test]
fn category_and_authentication() {
    let r = run(
        &with(|v| {
            v.as_object_mut().unwrap().remove("category");
        }),
        &[],
    );
    assert_finding(&r, RuleId::Category, "/category", 0, 0);
    let r = run(&with(|v| v["category"] = json!("TRANSACTIONAL")), &[]);
    assert_finding(&r, RuleId::Category, "/category", 0, 0);
    let auth = json!({"name": "login_code", "language": "en_US", "category": "AUTHENTICATION",
        "components": [{"type": "BODY", "text": "Your code is {{1}} for login today."}]});
    let r = run(&auth, &[]);
    assert_finding(&r, RuleId::Authentication, "/components", 0, 0);
    assert_finding(&r, RuleId::Authentication, "/components/0/text", 0, 35);
}

// ---- emoji and right-to-left text: spans in UTF-16 code units -------------------------------

#[test]
fn spans_are_utf16_with_emoji_and_rtl_text() {
    // "Hi " (3) + 👋🏽 (two astral code points: 4 units) + " " → the placeholder starts at 8.
    let r = run(
        &body("Hi 👋🏽 {{ 1 }}, your order is ready for pickup.", json!({})),
        &[],
    );
    assert_finding(
        &r,
        RuleId::MalformedPlaceholder,
        "/components/1/text",
        8,
        15,
    );

    // Arabic, right to left: "مرحبا " is 6 units; the adjacent pair spans 6..16.
    let rtl = with(|v| {
        v["language"] = json!("ar");
        v["components"][1] = json!({"type": "BODY", "text": "مرحبا {{1}}{{2}} شكرا لك على طلبك اليوم",
            "example": {"body_text": [["أحمد", "١٢٣"]]}});
    });
    let r = run(&rtl, &[]);
    assert_finding(&r, RuleId::AdjacentVariables, "/components/1/text", 6, 16);

    // Hebrew ending in a variable, after an emoji.
    let he = with(|v| {
        v["language"] = json!("he");
        v["components"][1] = json!({"type": "BODY", "text": "שלום 😀 ההזמנה שלך מוכנה {{1}}",
            "example": {"body_text": [["12"]]}});
    });
    let r = run(&he, &[]);
    let text = "שלום 😀 ההזמנה שלך מוכנה ";
    let start = text.encode_utf16().count() as u32;
    assert_finding(
        &r,
        RuleId::VariableAtEdge,
        "/components/1/text",
        start,
        start + 5,
    );

    // An over-long body of emoji: the overflow starts at character 1,024, unit 2,048.
    let emoji = format!("Hello {}", "🎉".repeat(1100));
    let r = run(
        &with(|v| v["components"][1] = json!({"type": "BODY", "text": emoji})),
        &[],
    );
    let f = find(&r, RuleId::BodyTooLong);
    assert_eq!(
        (f[0].span.start, f[0].span.end),
        (6 + 2 * 1018, 6 + 2 * 1100)
    );
}

// ---- bad input -------------------------------------------------------------------------------

#[test]
fn malformed_json_gives_a_finding_with_line_and_column() {
    let text = "{\n  \"name\": \"a\",\n  \"language\" \"en_US\"\n}";
    let r = lint_text(text, &[]);
    assert_eq!(r.findings.len(), 1);
    let f = &r.findings[0];
    assert_eq!(f.rule, RuleId::InvalidJson);
    assert_eq!((f.span.line, f.span.column), (Some(3), Some(14)));
    assert_eq!(f.span.path, "");
    assert!(f.message.contains("line 3, column 14"), "{}", f.message);
    for text in [
        "",
        "{",
        "[1,2",
        "\"just text\"",
        "nul",
        "{\"name\": }",
        "{\"a\":1}}",
    ] {
        let r = lint_text(text, &[]);
        assert!(r.has_errors(), "{text:?}");
    }
}

#[test]
fn wrong_types_and_unknown_components_are_findings_and_kept() {
    let text = r#"{"name": 42, "language": "en_US", "category": "UTILITY",
        "components": [
          {"type": "BODY", "text": ["not", "text"]},
          {"type": "STICKER", "sticker": {"id": "1"}},
          "oops",
          {"type": "BUTTONS", "buttons": [7, {"type": "QUICK_REPLY", "text": "Ok"}]}
        ]}"#;
    let parsed = parse_draft(text);
    let wrong: Vec<&str> = parsed
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::WrongType)
        .map(|f| f.span.path.as_str())
        .collect();
    assert_eq!(
        wrong,
        vec![
            "/name",
            "/components/0/text",
            "/components/2",
            "/components/3/buttons/0"
        ]
    );
    // The unknown component is kept, and written back as typed.
    let sticker = &parsed.draft.components[1];
    assert_eq!(sticker.extra["sticker"], json!({"id": "1"}));
    let back = serde_json::to_value(&parsed.draft).unwrap();
    assert_eq!(back["name"], 42);
    assert_eq!(back["components"][1]["type"], "STICKER");
    let r = lint_text(text, &[]);
    assert_finding(&r, RuleId::UnknownComponent, "/components/1/type", 0, 0);
    assert_eq!(
        find(&r, RuleId::UnknownComponent)[0].severity,
        Severity::Warning
    );
}

#[test]
fn huge_bodies_are_quick_and_reported() {
    let huge = format!("Hello {{{{1}}}} {}", "{{ {1} }} {{x".repeat(100_000));
    let started = std::time::Instant::now();
    let r = run(&body(&huge, json!({})), &[]);
    assert!(r.has_errors());
    assert_eq!(find(&r, RuleId::BodyTooLong).len(), 1);
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    let nested = "[".repeat(100_000);
    assert!(lint_text(&nested, &[]).has_errors());
}

/// No proptest in this workspace: a loop over generated strings (a fixed xorshift seed, so a
/// failure reproduces) made of the characters that trouble a linter.
#[test]
fn generated_input_never_panics() {
    let pieces = [
        "{",
        "}",
        "{{",
        "}}",
        "1",
        "a",
        "_",
        " ",
        "\n",
        "\"",
        "\\",
        ":",
        ",",
        "[",
        "]",
        "é",
        "👋🏽",
        "مرحبا",
        "‏",
        "{{1}}",
        "{{ 1 }}",
        "bit.ly",
        "% off",
        "PIN",
        "https://",
        "\u{0}",
        "\u{FEFF}",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..2_000 {
        let len = (next() % 40) as usize;
        let text: String = (0..len)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        let _ = lint_text(&text, &[]);
        let wrapped = json!({"name": text, "language": text, "category": "UTILITY", "components": [
            {"type": "HEADER", "format": "TEXT", "text": text},
            {"type": "BODY", "text": text},
            {"type": "FOOTER", "text": text},
            {"type": "BUTTONS", "buttons": [{"type": "URL", "text": text, "url": text, "example": [text]},
                {"type": "COPY_CODE", "example": text}]}]});
        let r = run(&wrapped, &[existing("x", "en_US", &text)]);
        for f in &r.findings {
            assert!(f.span.start <= f.span.end);
            assert!(!f.message.is_empty() && !f.fix.is_empty());
        }
    }
}

// ---- pywa's examples ---------------------------------------------------------------------------

#[test]
fn pywa_template_examples_lint_without_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pywa");
    let mut count = 0;
    for file in [
        "buttons.json",
        "authentication.json",
        "carousel.json",
        "limited_time_offer.json",
    ] {
        let all: serde_json::Map<String, Value> =
            serde_json::from_str(&fs::read_to_string(dir.join(file)).unwrap()).unwrap();
        for (case, template) in all {
            let draft: TemplateDraft = serde_json::from_value(template.clone()).unwrap();
            let findings = lint(&draft, &[]);
            let errors: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{file} {case}: {errors:#?}");
            // Read from text too, and back unchanged.
            let parsed = parse_draft(&template.to_string());
            assert!(
                parsed.findings.is_empty(),
                "{file} {case}: {:#?}",
                parsed.findings
            );
            assert_eq!(
                serde_json::to_value(&parsed.draft).unwrap(),
                template,
                "{file} {case}"
            );
            count += 1;
        }
    }
    assert!(count >= 12, "{count}");
}

/// Found by the fuzzer: a component or button that is not an object is left out of the draft,
/// and the rules' paths (draft indexes) then pointed at the item before the one they meant.
#[test]
fn findings_point_at_the_texts_items_when_one_before_them_is_not_an_object() {
    let text = r#"{"name": "order_update", "language": "en_US", "category": "UTILITY",
        "components": [
          1,
          {"type": "BODY", "text": "Your order {{1}} ships today."},
          {"type": "BUTTONS", "buttons": ["x", 2, {"type": "URL", "text": "Track"}]}
        ]}"#;
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    let r = lint_text(text, &[]);
    let from_rules: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.rule != RuleId::WrongType)
        .collect();
    assert!(
        from_rules
            .iter()
            .any(|f| f.span.path.starts_with("/components/1")),
        "the body's missing example is reported at the text's component 1: {from_rules:#?}"
    );
    assert!(
        from_rules
            .iter()
            .any(|f| f.span.path.starts_with("/components/2/buttons/2")),
        "the button's missing url is reported at the text's button 2: {from_rules:#?}"
    );
    for f in &from_rules {
        // Every component and button a path passes through is an object of the text, never
        // the number or text before it.
        let parts: Vec<&str> = f.span.path.split('/').collect();
        for depth in [3, 5] {
            if parts.len() >= depth {
                let item = parts[..depth].join("/");
                let target = value.pointer(&item);
                assert!(
                    target.is_some_and(serde_json::Value::is_object),
                    "{} passes through {item}: {target:?}",
                    f.span.path
                );
            }
        }
    }
}

/// Found by the fuzzer: a copy-code button whose example is a list had its too-long finding
/// pointed at the list, with a text range, instead of at the list's first text.
#[test]
fn a_copy_code_example_given_as_a_list_is_pointed_at_its_text() {
    let text = r#"{"name": "offer", "language": "en_US", "category": "MARKETING",
        "components": [
          {"type": "BODY", "text": "Use the code below."},
          {"type": "BUTTONS", "buttons": [
            {"type": "COPY_CODE", "example": ["A-CODE-FAR-TOO-LONG-FOR-META"]}
          ]}
        ]}"#;
    let r = lint_text(text, &[]);
    let found = find(&r, RuleId::CopyCodeTooLong);
    assert_eq!(found.len(), 1, "{:#?}", r.findings);
    assert_eq!(found[0].span.path, "/components/1/buttons/0/example/0");
    assert!(
        found[0].span.end > found[0].span.start,
        "{:?}",
        found[0].span
    );
}
