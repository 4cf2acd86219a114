//! Turns whatever an admin pastes into error cards: a Graph error response, a whole webhook body,
//! one status, an `errors` array, a bare code, or a log line that contains `(#131030)`.
//!
//! Admins meet Meta's errors in many places (a curl answer, a status webhook in their server's
//! log, a screenshot from a colleague) and rarely in the exact shape a parser expects. This module
//! reads all of them, finds every error inside, and explains each with the catalogue
//! ([`crate::catalogue`]). When nothing can be read it says what was wrong with the input and what
//! to paste instead. It never panics, and it refuses inputs above [`MAX_INPUT_BYTES`] up front so
//! a pasted log file cannot freeze the window.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::catalogue::{
    self, Entry, ErrorCategory, ErrorChannel, FixAction, ERROR_CODES_URL, GROUP_MESSAGING_CODE,
};

/// The webhook fields of Meta's Groups API (facts §15).
pub const GROUP_WEBHOOK_FIELDS: [&str; 4] = [
    "group_lifecycle_update",
    "group_participants_update",
    "group_settings_update",
    "group_status_update",
];

/// Inputs larger than this are refused with a problem, unread.
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;
/// At most this many cards per input (a webhook batch can carry many failures).
pub const MAX_DIAGNOSES: usize = 200;
const MAX_FIELD_CHARS: usize = 2000;
const MAX_DEPTH: usize = 200;
/// Longest digit run read as an error code; longer runs are IDs or phone numbers.
const MAX_CODE_DIGITS: usize = 10;

/// Where in Meta's output the error was found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorSource {
    /// The `error` object of a Graph HTTP answer.
    GraphResponse,
    /// `statuses[].errors[]` of a `messages` webhook: a sent message failed.
    StatusWebhook,
    /// `value.errors[]` of a webhook: a system-level error.
    ValueErrors,
    /// `messages[].errors[]` of a webhook: an inbound message Cloud API could not pass on.
    MessageErrors,
    /// A lone error object or `errors` list, without the context it came from.
    ErrorObject,
    /// Read out of free text (a log line, Meta's message string, JSON that was cut off).
    Text,
    /// A code typed by hand.
    #[default]
    BareCode,
}

/// What Meta itself said, verbatim, next to the console's explanation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MetaSaid {
    pub message: Option<String>,
    /// `error_data.details` (object or plain string).
    pub details: Option<String>,
    pub fbtrace_id: Option<String>,
    pub user_title: Option<String>,
    pub user_msg: Option<String>,
    #[serde(rename = "where")]
    pub where_: ErrorSource,
    /// `recipient_id` of a failed status.
    pub recipient: Option<String>,
    /// The `wamid` of the failed or inbound message.
    pub message_id: Option<String>,
}

/// Whether retrying can help, and when, in one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetryHint {
    pub can_help: bool,
    pub when: String,
}

/// One error card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Diagnosis {
    pub code: i64,
    pub subcode: Option<i64>,
    /// `false`: the code is not in the catalogue; the card shows what Meta said.
    pub known: bool,
    pub title: String,
    pub category: Option<ErrorCategory>,
    pub meaning: String,
    pub causes: Vec<String>,
    /// Ordered steps.
    pub fix: Vec<String>,
    pub retry: RetryHint,
    pub channel: Option<ErrorChannel>,
    pub http_status: Option<u16>,
    pub doc_url: Option<String>,
    pub action: Option<FixAction>,
    /// The button text for `action` ([`FixAction::label`]).
    pub action_label: Option<String>,
    pub seed_note: Option<String>,
    pub uncertain: bool,
    pub from_meta: MetaSaid,
    /// What this account's own state says about the error (the stored token's type and expiry,
    /// the closest approved templates, ...); filled by the service when a profile is at hand.
    pub context: Vec<String>,
}

impl Diagnosis {
    /// The card for a catalogue entry; `code` and `subcode` are what Meta sent.
    pub fn from_entry(entry: &Entry, code: i64, subcode: Option<i64>, said: MetaSaid) -> Self {
        let strings = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect();
        Self {
            code,
            subcode,
            known: true,
            title: entry.title.to_owned(),
            category: Some(entry.category),
            meaning: entry.meaning.to_owned(),
            causes: strings(entry.causes),
            fix: strings(entry.fix),
            retry: RetryHint {
                can_help: entry.retry.can_help(),
                when: entry.retry.sentence().to_owned(),
            },
            channel: Some(entry.channel),
            http_status: entry.http_status,
            doc_url: Some(entry.doc_url.to_owned()),
            action: entry.action,
            action_label: entry.action.map(|a| a.label().to_owned()),
            seed_note: entry.seed_note.map(str::to_owned),
            uncertain: entry.uncertain,
            from_meta: said,
            context: Vec::new(),
        }
    }

    fn unknown(code: i64, subcode: Option<i64>, said: MetaSaid) -> Self {
        let title = said
            .user_title
            .clone()
            .or_else(|| said.message.clone())
            .unwrap_or_else(|| format!("Error {code}"));
        let mut meaning = format!(
            "Code {code} is not in WABA Console's catalogue, so the console cannot explain it beyond what Meta sent."
        );
        if (300..=599).contains(&code) && said.where_ == ErrorSource::BareCode {
            meaning.push_str(&format!(
                " {code} looks like an HTTP status rather than a Graph error code: paste the body of the answer instead."
            ));
        }
        Self {
            code,
            subcode,
            known: false,
            title,
            category: None,
            meaning,
            causes: vec![
                "A code Meta added recently, a product the console does not cover (calling, groups, commerce), or a code from a provider or proxy rather than Meta.".to_owned(),
            ],
            fix: vec![
                "Read Meta's message and details on this card: they usually name the parameter or the reason.".to_owned(),
                "Look the code up on Meta's error-code page.".to_owned(),
                "If it keeps failing, contact Meta Direct Support and quote the fbtrace_id.".to_owned(),
            ],
            retry: RetryHint {
                can_help: false,
                when: "Unknown: retry only if Meta's details point to a temporary problem.".to_owned(),
            },
            channel: None,
            http_status: None,
            doc_url: Some(ERROR_CODES_URL.to_owned()),
            action: None,
            action_label: None,
            seed_note: None,
            uncertain: false,
            from_meta: said,
            context: Vec::new(),
        }
    }
}

/// The answer to one paste.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DiagnoseResult {
    pub diagnoses: Vec<Diagnosis>,
    /// What the input was understood as, in words ("a webhook body", "an error code typed by hand").
    pub input_kind: String,
    /// What was wrong with the input and what to paste instead. Set when nothing could be read,
    /// and also when something was read from damaged input (cut-off JSON).
    pub problem: Option<String>,
}

impl DiagnoseResult {
    fn problem(input_kind: &str, problem: impl Into<String>) -> Self {
        Self {
            diagnoses: Vec::new(),
            input_kind: input_kind.to_owned(),
            problem: Some(problem.into()),
        }
    }
}

/// The card for any Graph error: the catalogue's explanation plus what Meta said.
pub fn diagnosis_for(code: i64, subcode: Option<i64>, said: MetaSaid) -> Diagnosis {
    match catalogue::lookup(code, subcode) {
        Some(entry) => Diagnosis::from_entry(entry, code, subcode, said),
        None => Diagnosis::unknown(code, subcode, said),
    }
}

const PASTE_HINT: &str = "Paste the error response ({\"error\":{...}}), the status webhook (with statuses[].errors[]), or just the code, such as 131047 or 100/33.";

/// Reads anything an admin pastes and returns one card per error found.
pub fn diagnose(input: &str) -> DiagnoseResult {
    if input.len() > MAX_INPUT_BYTES {
        return DiagnoseResult::problem(
            "text too large to read",
            format!(
                "The pasted text is {:.1} MiB; the diagnoser reads at most 1 MiB. Paste only the error response or the one webhook that failed, not a whole log file.",
                input.len() as f64 / (1024.0 * 1024.0)
            ),
        );
    }
    let text = input.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if text.is_empty() {
        return DiagnoseResult::problem("nothing", format!("Nothing was pasted. {PASTE_HINT}"));
    }
    if let Some(result) = bare_codes(text) {
        return result;
    }
    if is_html(text) {
        return html_page(text);
    }
    if text.starts_with('{') || text.starts_with('[') {
        return json_input(text);
    }
    text_input(text)
}

// ---- bare codes ----------------------------------------------------------------------------

/// `131047`, `#131047`, `(#131047)`, `100 33`, `100/33`, `100, 2388040`, `code 100 subcode 33`.
fn bare_codes(text: &str) -> Option<DiagnoseResult> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | ',' | ';'))
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() || tokens.len() > 4 {
        return None;
    }
    let mut numbers = Vec::new();
    for token in tokens {
        if token.eq_ignore_ascii_case("code") || token.eq_ignore_ascii_case("subcode") {
            continue;
        }
        let digits = token.trim_matches(|c: char| matches!(c, '(' | ')' | '#' | ':'));
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        numbers.push(digits);
    }
    if numbers.is_empty() || numbers.len() > 2 {
        return None;
    }
    if let Some(long) = numbers.iter().find(|n| n.len() > MAX_CODE_DIGITS) {
        return Some(DiagnoseResult::problem(
            "a long number",
            format!(
                "{long} has {} digits: that is an ID or a phone number, not an error code (codes have at most 7 digits). {PASTE_HINT}",
                long.len()
            ),
        ));
    }
    let code = numbers[0].parse::<i64>().ok()?;
    let subcode = match numbers.get(1) {
        Some(n) => Some(n.parse::<i64>().ok()?),
        None => None,
    };
    let diagnosis = diagnosis_for(code, subcode, MetaSaid::default());
    let input_kind = if subcode.is_some() {
        "an error code and subcode typed by hand"
    } else {
        "an error code typed by hand"
    };
    Some(DiagnoseResult {
        diagnoses: vec![diagnosis],
        input_kind: input_kind.to_owned(),
        problem: None,
    })
}

// ---- HTML ----------------------------------------------------------------------------------

fn is_html(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first() == Some(&b'<')
        || find_ci(bytes, b"<!doctype html", 0).is_some()
        || find_ci(bytes, b"<html", 0).is_some()
}

fn html_page(text: &str) -> DiagnoseResult {
    let title = html_title(text);
    let named = title
        .as_deref()
        .map(|t| format!(" (title: \"{t}\")"))
        .unwrap_or_default();
    DiagnoseResult::problem(
        "an HTML page",
        format!(
            "This is an HTML page{named}, not an answer from Meta's Graph API: a proxy, CDN, firewall or captive portal answered instead of Meta, or the base URL points to a website. Graph always answers JSON. Check the network path and the profile's base URL, then paste the JSON body Graph returned."
        ),
    )
}

fn html_title(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let open = find_ci(bytes, b"<title", 0)?;
    let start = open + bytes[open..].iter().position(|&b| b == b'>')? + 1;
    let end = find_ci(bytes, b"</title", start).unwrap_or(bytes.len());
    // `start` and `end` sit next to ASCII bytes, so they are char boundaries.
    let raw = text.get(start..end)?;
    let decoded = raw
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let title = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then(|| cap(&title, 200))
}

/// ASCII case-insensitive search for `needle` (ASCII) in `hay`, from `from`.
fn find_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() || from > hay.len() - needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len())
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

// ---- JSON ----------------------------------------------------------------------------------

fn json_input(text: &str) -> DiagnoseResult {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => from_value(&value),
        Err(e) if e.is_eof() => cut_off(text, &e),
        Err(e) => {
            // Valid JSON followed by other text (a log line after the body)?
            let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
            if let Some(Ok(value)) = stream.next() {
                let mut result = from_value(&value);
                result
                    .input_kind
                    .push_str(", followed by other text that was ignored");
                return result;
            }
            let mut result = scanned(
                text,
                true,
                "text that looks like JSON but is not valid JSON",
            );
            result.problem = Some(if result.diagnoses.is_empty() {
                format!("This is not valid JSON ({e}) and no error code could be found in it. {PASTE_HINT}")
            } else {
                format!("This is not valid JSON ({e}); the code below was read from the text, so some details may be missing.")
            });
            result
        }
    }
}

fn cut_off(text: &str, e: &serde_json::Error) -> DiagnoseResult {
    let mut result = scanned(text, false, "JSON that is cut off");
    let place = format!(
        "it stops before it is complete (at line {}, column {})",
        e.line(),
        e.column()
    );
    result.problem = Some(if result.diagnoses.is_empty() {
        format!("The JSON looks cut off: {place}, and no error code is in the part that is there. Copy the whole response or webhook again; if your tool shortens long output, copy it from the raw log.")
    } else {
        format!("The JSON looks cut off: {place}. The code below was read from the part that is there, so some details may be missing; paste the whole text for a complete card.")
    });
    result
}

fn from_value(value: &Value) -> DiagnoseResult {
    let mut walker = Walker::default();
    match value {
        Value::Object(o) if is_error_object(o) => {
            walker.push(o, lone_source(o), None, None);
        }
        Value::Array(items) if !items.is_empty() && items.iter().all(is_error_value) => {
            for item in items {
                if let Value::Object(o) = item {
                    walker.push(o, ErrorSource::ErrorObject, None, None);
                }
            }
        }
        _ => walker.walk(value, 0),
    }
    if walker.out.is_empty() {
        if let Some(s) = walker.error_text.take() {
            // `{"error": "(#131047) ..."}` from a wrapper: Meta's message inside a string.
            for (code, subcode, line) in scan_codes(&s, true) {
                let said = MetaSaid {
                    message: Some(line),
                    where_: ErrorSource::Text,
                    ..MetaSaid::default()
                };
                walker.out.push(diagnosis_for(code, subcode, said));
            }
            if walker.out.is_empty() {
                return DiagnoseResult::problem(
                    "JSON with an \"error\" text",
                    format!(
                        "This JSON has an \"error\" field, but not Meta's error object: \"{}\". It probably came from your own server, a proxy or a provider, not from Graph. Paste Meta's answer ({{\"error\":{{\"code\":...}}}}) instead.",
                        cap(&s, 300)
                    ),
                );
            }
        }
    }
    let mut input_kind = describe(value);
    // A Groups API payload (a send or status with recipient_type "group", or a group_* webhook
    // field) also gets the group card: what the Groups API is, and that the console does not
    // manage groups yet.
    if let Some(marker) = group_marker(value, 0) {
        input_kind.push_str(&format!(" from Meta's Groups API ({marker})"));
        if walker.out.len() < MAX_DIAGNOSES {
            walker.out.push(diagnosis_for(
                GROUP_MESSAGING_CODE,
                None,
                MetaSaid {
                    message: Some(marker),
                    where_: ErrorSource::Text,
                    ..MetaSaid::default()
                },
            ));
        }
    }
    if walker.statuses > 0 {
        input_kind.push_str(&format!(
            " with {} status update{} ({} failed)",
            walker.statuses,
            plural(walker.statuses),
            walker.failed
        ));
    }
    if walker.capped {
        input_kind.push_str(&format!(
            "; only the first {MAX_DIAGNOSES} errors are shown"
        ));
    }
    if !walker.out.is_empty() {
        return DiagnoseResult {
            diagnoses: walker.out,
            input_kind,
            problem: None,
        };
    }
    let problem = if walker.failed_without_errors > 0 {
        "This status says \"failed\" but carries no errors[], so there is nothing to explain. Paste the full webhook body as your server received it.".to_owned()
    } else if walker.statuses > 0 {
        format!(
            "This webhook has {} status update{} and none failed, so there is no error in it. Paste the status webhook whose status is \"failed\" (it carries errors[]), or the error response.",
            walker.statuses,
            plural(walker.statuses)
        )
    } else if let Some(wamid) = send_success_wamid(value) {
        format!("This is a successful send response: Meta accepted the message ({wamid}). Accepted is not delivered: if it never arrives, paste the status webhook for this message; a failure arrives there as status \"failed\" with errors[].")
    } else if value.get("success").and_then(Value::as_bool) == Some(true) {
        "This is a success answer ({\"success\": true}): there is no error in it.".to_owned()
    } else {
        format!("There is no error in this JSON. {PASTE_HINT}")
    };
    DiagnoseResult {
        diagnoses: Vec::new(),
        input_kind,
        problem: Some(problem),
    }
}

#[derive(Default)]
struct Walker {
    out: Vec<Diagnosis>,
    statuses: usize,
    failed: usize,
    failed_without_errors: usize,
    /// An `"error": "<text>"` seen on the way (not Meta's shape).
    error_text: Option<String>,
    capped: bool,
}

impl Walker {
    fn push(
        &mut self,
        o: &Map<String, Value>,
        source: ErrorSource,
        recipient: Option<String>,
        message_id: Option<String>,
    ) {
        let Some(code) = int_of(o.get("code")) else {
            return;
        };
        if self.out.len() >= MAX_DIAGNOSES {
            self.capped = true;
            return;
        }
        let said = MetaSaid {
            message: str_of(o, "message").or_else(|| str_of(o, "title")),
            details: details_of(o.get("error_data")),
            fbtrace_id: str_of(o, "fbtrace_id"),
            user_title: str_of(o, "error_user_title"),
            user_msg: str_of(o, "error_user_msg"),
            where_: source,
            recipient,
            message_id,
        };
        self.out
            .push(diagnosis_for(code, int_of(o.get("error_subcode")), said));
    }

    fn walk(&mut self, value: &Value, depth: usize) {
        if depth > MAX_DEPTH || self.capped {
            return;
        }
        match value {
            Value::Array(items) => {
                for item in items {
                    self.walk(item, depth + 1);
                }
            }
            Value::Object(o) => self.walk_object(o, depth),
            _ => {}
        }
    }

    fn walk_object(&mut self, o: &Map<String, Value>, depth: usize) {
        match o.get("error") {
            Some(Value::Object(e)) => self.push(e, ErrorSource::GraphResponse, None, None),
            Some(Value::String(s)) if self.error_text.is_none() => {
                self.error_text = Some(cap(s, MAX_FIELD_CHARS));
            }
            _ => {}
        }
        let status = is_status_item(o);
        let failed = status && o.get("status").and_then(Value::as_str) == Some("failed");
        if status {
            self.statuses += 1;
            if failed {
                self.failed += 1;
            }
        }
        let before = self.out.len();
        if let Some(Value::Array(errors)) = o.get("errors") {
            let (source, recipient, message_id) = if status {
                (
                    ErrorSource::StatusWebhook,
                    str_of(o, "recipient_id"),
                    str_of(o, "id"),
                )
            } else if is_message_item(o) {
                (ErrorSource::MessageErrors, None, str_of(o, "id"))
            } else {
                (ErrorSource::ValueErrors, None, None)
            };
            for error in errors {
                if let Value::Object(e) = error {
                    self.push(e, source, recipient.clone(), message_id.clone());
                }
            }
        }
        if failed && self.out.len() == before {
            self.failed_without_errors += 1;
        }
        for (key, child) in o {
            if key != "error" && key != "errors" && (child.is_object() || child.is_array()) {
                self.walk(child, depth + 1);
            }
        }
    }
}

/// What marks `value` as a Groups API payload: `recipient_type "group"` or a group webhook field.
fn group_marker(value: &Value, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    match value {
        Value::Object(o) => {
            if o.get("recipient_type").and_then(Value::as_str) == Some("group") {
                return Some("recipient_type \"group\"".to_owned());
            }
            if let Some(field) = o.get("field").and_then(Value::as_str) {
                if GROUP_WEBHOOK_FIELDS.contains(&field) {
                    return Some(format!("webhook field {field}"));
                }
            }
            o.values().find_map(|v| group_marker(v, depth + 1))
        }
        Value::Array(items) => items.iter().find_map(|v| group_marker(v, depth + 1)),
        _ => None,
    }
}

fn is_error_object(o: &Map<String, Value>) -> bool {
    int_of(o.get("code")).is_some()
        && !["error", "errors", "entry", "statuses", "messages", "value"]
            .iter()
            .any(|k| o.contains_key(*k))
}

fn is_error_value(v: &Value) -> bool {
    v.as_object().is_some_and(is_error_object)
}

/// The inside of a Graph answer's `error` carries Graph-only fields; a webhook error does not.
fn lone_source(o: &Map<String, Value>) -> ErrorSource {
    if [
        "type",
        "fbtrace_id",
        "error_subcode",
        "is_transient",
        "error_user_msg",
    ]
    .iter()
    .any(|k| o.contains_key(*k))
    {
        ErrorSource::GraphResponse
    } else {
        ErrorSource::ErrorObject
    }
}

fn is_status_item(o: &Map<String, Value>) -> bool {
    o.get("status").is_some_and(Value::is_string)
        && (o.contains_key("recipient_id")
            || o.get("id")
                .and_then(Value::as_str)
                .is_some_and(|id| id.starts_with("wamid.")))
}

fn is_message_item(o: &Map<String, Value>) -> bool {
    o.contains_key("from") && (o.contains_key("type") || o.contains_key("timestamp"))
}

/// The `wamid` of a successful `POST /messages` answer.
fn send_success_wamid(value: &Value) -> Option<String> {
    let o = value.as_object()?;
    if !o.contains_key("contacts") {
        return None;
    }
    let id = o.get("messages")?.get(0)?.get("id")?.as_str()?;
    id.starts_with("wamid.").then(|| cap(id, 120))
}

fn describe(value: &Value) -> String {
    let kind = match value {
        Value::Object(o) if o.get("error").is_some_and(Value::is_object) => {
            "a Graph API error response"
        }
        Value::Object(o)
            if o.contains_key("entry")
                || o.get("object").and_then(Value::as_str) == Some("whatsapp_business_account") =>
        {
            "a webhook body"
        }
        Value::Object(o) if o.contains_key("field") && o.contains_key("value") => {
            "one webhook change (field and value)"
        }
        Value::Object(o) if is_status_item(o) => "one status from a status webhook",
        Value::Object(o) if is_error_object(o) => match lone_source(o) {
            ErrorSource::GraphResponse => "the error object of a Graph API response",
            _ => "a webhook error object",
        },
        Value::Object(_) if send_success_wamid(value).is_some() => "a successful send response",
        Value::Object(o)
            if ["statuses", "messages", "errors", "metadata", "contacts"]
                .iter()
                .any(|k| o.contains_key(*k)) =>
        {
            "the value object of a webhook"
        }
        Value::Object(_) => "a JSON object",
        Value::Array(items) if !items.is_empty() && items.iter().all(is_error_value) => {
            "a list of webhook errors"
        }
        Value::Array(items)
            if !items.is_empty()
                && items
                    .iter()
                    .all(|i| i.as_object().is_some_and(is_status_item)) =>
        {
            "a list of statuses"
        }
        Value::Array(_) => "a JSON list",
        _ => "a JSON value",
    };
    kind.to_owned()
}

fn int_of(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => {
            let s = s.trim();
            (!s.is_empty() && s.len() <= MAX_CODE_DIGITS && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        }
        _ => None,
    }
}

fn str_of(o: &Map<String, Value>, key: &str) -> Option<String> {
    match o.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(cap(s.trim(), MAX_FIELD_CHARS)),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `error_data.details`, whether `error_data` is an object or a plain string.
fn details_of(error_data: Option<&Value>) -> Option<String> {
    match error_data? {
        Value::Object(o) => str_of(o, "details"),
        Value::String(s) if !s.trim().is_empty() => Some(cap(s.trim(), MAX_FIELD_CHARS)),
        _ => None,
    }
}

// ---- free text -----------------------------------------------------------------------------

fn text_input(text: &str) -> DiagnoseResult {
    // A log line with the JSON body inside: try the first few `{`.
    let mut cut = false;
    for (i, _) in text.match_indices('{').take(8) {
        let mut stream = serde_json::Deserializer::from_str(&text[i..]).into_iter::<Value>();
        match stream.next() {
            Some(Ok(value @ Value::Object(_))) => {
                let mut result = from_value(&value);
                if !result.diagnoses.is_empty() {
                    result.input_kind = format!("text with {} inside", result.input_kind);
                    return result;
                }
            }
            Some(Err(e)) if e.is_eof() => cut = true,
            _ => {}
        }
    }
    let mut result = scanned(text, !cut, "text");
    if result.diagnoses.is_empty() {
        result.problem = Some(if cut {
            format!("The JSON in this text looks cut off and no error code could be found in it. {PASTE_HINT}")
        } else {
            format!("No error code was found in this text. {PASTE_HINT}")
        });
    } else if cut {
        result.problem = Some("The JSON in this text looks cut off. The code below was read from the part that is there, so some details may be missing.".to_owned());
    }
    result
}

/// Cards for the codes found in `text` by [`scan_codes`]; details are filled from JSON-style
/// `"message": "..."` fields when a single error is found.
fn scanned(text: &str, allow_trailing: bool, kind: &str) -> DiagnoseResult {
    let found = scan_codes(text, allow_trailing);
    let single = found.len() == 1;
    let diagnoses: Vec<Diagnosis> = found
        .into_iter()
        .map(|(code, subcode, line)| {
            let mut said = MetaSaid {
                message: Some(line),
                where_: ErrorSource::Text,
                ..MetaSaid::default()
            };
            if single {
                if let Some(m) = json_string_field(text, "message") {
                    said.message = Some(m);
                }
                said.details = json_string_field(text, "details");
                said.fbtrace_id = json_string_field(text, "fbtrace_id");
                said.user_title = json_string_field(text, "error_user_title");
                said.user_msg = json_string_field(text, "error_user_msg");
            }
            diagnosis_for(code, subcode, said)
        })
        .collect();
    let input_kind = match diagnoses.first() {
        Some(d) if kind == "text" => format!("text mentioning error {}", d.code),
        _ => kind.to_owned(),
    };
    DiagnoseResult {
        diagnoses,
        input_kind,
        problem: None,
    }
}

/// Finds error codes in free text without a regex: `(#131030)`, `"code": 131030`,
/// `'code': 131030`, `code=131030`, `Error code: 131030`, `errorCode: 131030`, `error 131030`.
/// A subcode (`"error_subcode": 33`, `subcode 33`) is attached when exactly one code is found.
/// Returns (code, subcode, the line it was found on). When `allow_trailing` is false (cut-off
/// JSON), a number that runs to the end of the text is ignored: it may be missing digits.
fn scan_codes(text: &str, allow_trailing: bool) -> Vec<(i64, Option<i64>, String)> {
    let bytes = text.as_bytes();
    let mut codes: Vec<(usize, i64)> = Vec::new();
    let mut subcodes: Vec<i64> = Vec::new();

    // `(#N)`
    let mut from = 0;
    while let Some(i) = find_ci(bytes, b"(#", from) {
        from = i + 2;
        if let Some((n, end)) = digits_at(bytes, i + 2) {
            if bytes.get(end) == Some(&b')') {
                codes.push((i, n));
            }
        }
    }
    // `code` keys and words
    let mut from = 0;
    while let Some(i) = find_ci(bytes, b"code", from) {
        from = i + 4;
        let sub = is_sub_prefix(bytes, i);
        if !sub && !word_start(bytes, i) {
            continue;
        }
        if let Some((n, end)) = value_after_key(bytes, i + 4, false) {
            if allow_trailing || end < bytes.len() {
                if sub {
                    subcodes.push(n);
                } else {
                    codes.push((i, n));
                }
            }
        }
    }
    // `error 131047`, `Error #133010`
    let mut from = 0;
    while let Some(i) = find_ci(bytes, b"error", from) {
        from = i + 5;
        if !word_start(bytes, i) {
            continue;
        }
        if let Some((n, end)) = value_after_key(bytes, i + 5, true) {
            if n >= 100 && (allow_trailing || end < bytes.len()) {
                codes.push((i, n));
            }
        }
    }

    codes.sort_by_key(|&(pos, _)| pos);
    let mut seen: Vec<i64> = Vec::new();
    let mut out = Vec::new();
    for (pos, code) in codes {
        if seen.contains(&code) {
            continue;
        }
        seen.push(code);
        out.push((code, None, line_at(text, pos)));
        if out.len() >= MAX_DIAGNOSES {
            break;
        }
    }
    subcodes.dedup();
    if out.len() == 1 && subcodes.len() == 1 {
        out[0].1 = Some(subcodes[0]);
    }
    out
}

/// A run of 1..=MAX_CODE_DIGITS ASCII digits at `at`, not followed by another digit.
fn digits_at(bytes: &[u8], at: usize) -> Option<(i64, usize)> {
    let len = bytes
        .get(at..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if len == 0 || len > MAX_CODE_DIGITS {
        return None;
    }
    let s = std::str::from_utf8(&bytes[at..at + len]).ok()?;
    Some((s.parse().ok()?, at + len))
}

/// After a key such as `code`: optional closing quote, separators (`:`, `=`, spaces, `#`),
/// optional opening quote, then digits. `word_only` (for `error`) allows only spaces and `#`,
/// so `"error": {` and `error_subcode` do not match.
fn value_after_key(bytes: &[u8], mut at: usize, word_only: bool) -> Option<(i64, usize)> {
    if !word_only && matches!(bytes.get(at), Some(b'"' | b'\'')) {
        at += 1;
    }
    let start = at;
    while let Some(&b) = bytes.get(at) {
        let ok = if word_only {
            matches!(b, b' ' | b'\t' | b'#' | b':')
        } else {
            matches!(b, b' ' | b'\t' | b':' | b'=' | b'#')
        };
        if !ok || at - start > 8 {
            break;
        }
        at += 1;
    }
    if at == start {
        return None;
    }
    if !word_only && matches!(bytes.get(at), Some(b'"' | b'\'')) {
        at += 1;
    }
    digits_at(bytes, at)
}

/// `code` at `i` starts a word (or is the `Code` of a camelCase key like `errorCode`).
fn word_start(bytes: &[u8], i: usize) -> bool {
    match i.checked_sub(1).map(|j| bytes[j]) {
        None => true,
        Some(prev) if prev.is_ascii_alphanumeric() || prev == b'_' => {
            bytes[i].is_ascii_uppercase() && prev.is_ascii_lowercase()
        }
        Some(_) => true,
    }
}

/// `code` at `i` is the end of `subcode`, `error_subcode` or `subCode`.
fn is_sub_prefix(bytes: &[u8], i: usize) -> bool {
    i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"sub")
}

/// The trimmed line around byte `pos` (a char boundary), capped.
fn line_at(text: &str, pos: usize) -> String {
    let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    cap(text[start..end].trim(), 500)
}

/// The value of the first `"key": "<string>"` in text that may not be valid JSON as a whole.
fn json_string_field(text: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let mut from = 0;
    while let Some(found) = text[from..].find(&needle) {
        let after = from + found + needle.len();
        from = after;
        let rest = text[after..].trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        if !rest.starts_with('"') {
            continue;
        }
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<String>();
        if let Some(Ok(value)) = stream.next() {
            let value = value.trim();
            if !value.is_empty() {
                return Some(cap(value, MAX_FIELD_CHARS));
            }
        }
    }
    None
}

fn cap(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_reads_meta_message_and_keys() {
        let found = scan_codes(
            "ERROR send failed: (#131030) Recipient phone number not in allowed list",
            true,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 131030);
        let found = scan_codes("{'error': {'code': 100, 'error_subcode': 33}}", true);
        assert_eq!(
            found,
            vec![(
                100,
                Some(33),
                "{'error': {'code': 100, 'error_subcode': 33}}".to_owned()
            )]
        );
        assert_eq!(scan_codes("errorCode=131047 ", true)[0].0, 131047);
        assert_eq!(
            scan_codes("Got error 133010 while sending", true)[0].0,
            133010
        );
    }

    #[test]
    fn scan_ignores_digits_cut_at_the_end() {
        assert!(scan_codes("{\"error\":{\"code\": 1310", false).is_empty());
        assert_eq!(
            scan_codes("{\"error\":{\"code\": 131047,", false)[0].0,
            131047
        );
    }

    #[test]
    fn scan_does_not_read_subcode_or_language_code_as_code() {
        assert!(scan_codes(
            "\"error_subcode\": 33, \"language\": {\"code\": \"en_US\"}",
            true
        )
        .is_empty());
    }

    #[test]
    fn find_ci_handles_short_haystacks() {
        assert_eq!(find_ci(b"ab", b"abc", 0), None);
        assert_eq!(find_ci(b"xHTML", b"html", 0), Some(1));
        assert_eq!(find_ci(b"html", b"html", 1), None);
    }

    #[test]
    fn cap_cuts_on_char_boundaries() {
        assert_eq!(cap("ééé", 2), "éé…");
        assert_eq!(cap("ab", 5), "ab");
    }
}
