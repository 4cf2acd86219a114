//! Answers recorded from the real service, for the UI's tests.
//!
//! The UI's component tests and its browser tests with mocked IPC used to run against a
//! TypeScript re-implementation of this backend, which drifted from it. Instead, this test opens
//! the console on the embedded sandbox (a temporary data folder, a test keychain service name;
//! run under `scripts/with-test-keychain`) through the real IPC path (Tauri's mock runtime with
//! the real handler list) and plays scripted sessions: each step is a command with its arguments
//! and the answer or the `CommandError` exactly as the window receives it, or a sandbox control
//! (Meta offline, a provisioning delay, the sandbox clock moved on). Every session starts from a
//! first start and is written to `ui/src/test/recorded/<session>.json`; the UI's replay
//! (`ui/src/test/replay.ts`) walks them as a state machine, so a UI test can only get an answer
//! Rust really gave in that state.
//!
//! What changes from run to run is normalized here, in one place ([`Normalizer`]), so the files
//! are byte-identical across runs and `scripts/test` fails when they are stale: profile IDs (the
//! Sandbox profile is `sandbox`, added ones `p2`, `p3`...), the loopback port, temporary folders,
//! fbtrace ids, audit hashes, durations, and timestamps, written as `{{now+<seconds>s}}` (offsets
//! from the session's start, rounded to the minute) that the replay turns back into times
//! relative to the test's own clock; an export's time stamp is `{{stamp}}`. Webhooks add the port
//! the receiver got on port 0 (read as the loopback port), the made-up message IDs of the test
//! event and the probe, the probe's elapsed milliseconds and random challenge, and the Unix time
//! an event made during the session gives itself (a fixed time: the replay renders only RFC 3339).
//! A profile photo's upload adds the console's upload ID and what the sandbox makes up for it: the
//! upload session and its signature, the handle and the new photo's URL.
//!
//! A step "changes" the state when it adds to the audit log or the quality history, or is a
//! command that changes something and succeeded; the replay moves on only at such steps.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Map, Value};
use tauri::test::{get_ipc_response, MockRuntime};
use tauri::Manager;
use time::OffsetDateTime;
use waba_service::ConsoleConfig;

use super::tests::{invoke, mock_app};
use crate::state::AppState;

/// Where the recordings go, beside the UI tests that replay them.
fn out_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/test/recorded")
}

/// What the fixed folders read as in the recordings.
const DATA_DIR: &str = "/home/admin/.local/share/com.wabaconsole.desktop";
const LOG_DIR: &str = "/home/admin/.local/share/com.wabaconsole.desktop/logs";
const EXPORT_DIR: &str = "/home/admin/Downloads";
const KEYCHAIN: &str = "com.wabaconsole.desktop";
const LOOPBACK: &str = "127.0.0.1:41017";
/// The port of [`LOOPBACK`], for a port that stands alone (the webhook receiver's).
const LOOPBACK_PORT: u16 = 41017;
/// What a webhook the console made now says its time is (Unix seconds; 2026-12-01T00:00:00Z).
const EVENT_TIME: i64 = 1_796_083_200;

/// Commands that change something when they succeed (others change the state only if they add
/// to the audit log or the quality history).
const CHANGING: &[&str] = &[
    "add_profile",
    "remove_profile",
    "set_active_profile",
    "set_sandbox_scenario",
    "set_token",
    "clear_token",
    "set_pin",
    "request_code",
    "verify_code",
    "register_number",
    "deregister_number",
    "sync_templates",
    "save_template_draft",
    "discard_template_draft",
    "create_template",
    "edit_template",
    "delete_template",
    "set_app_secret",
    "clear_app_secret",
    "start_local_receiver",
    "stop_local_receiver",
    "send_test_webhook_event",
    "subscribe_app",
    "unsubscribe_app",
    "set_app_webhook",
    "set_number_override",
    "probe_webhook",
    "send_message",
    "mark_message_read",
    "start_burst",
    "cancel_burst",
    "save_business_profile",
    "start_profile_photo_upload",
    "request_display_name",
    "save_conversational_automation",
];

/// A sandbox control, recorded as a step of its own.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Control {
    /// Every Graph call's connection is dropped (Meta cannot be reached).
    Offline,
    /// How long a registered number reads PENDING (sandbox-clock time).
    ProvisioningDelay(Duration),
    /// The sandbox clock moves on; the replay applies this once the test's clock has moved as far
    /// since the step before.
    AdvanceClock(Duration),
    /// Time passes between two steps (Meta wants register calls 10 s apart); the sandbox clock
    /// moves on, and the replay applies it as soon as it reaches it.
    Wait(Duration),
}

impl Control {
    fn to_json(self) -> Value {
        let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        match self {
            Control::Offline => json!({ "offline": true }),
            Control::ProvisioningDelay(d) => json!({ "provisioningDelayMs": ms(d) }),
            Control::AdvanceClock(d) => json!({ "advanceClockMs": ms(d) }),
            Control::Wait(d) => json!({ "waitMs": ms(d) }),
        }
    }
}

/// Turns what changes from run to run into stable text.
struct Normalizer {
    /// Real text and what it reads as (profile IDs, folders); longest first when applied.
    replacements: Vec<(String, String)>,
    /// Audit hashes and fbtrace ids, in order of first appearance.
    stand_ins: BTreeMap<String, String>,
    /// Times the session pasted (into the Diagnose page): kept as they are.
    verbatim: Vec<String>,
    /// The ports the window's webhook receiver got (sessions start it on port 0: any free one).
    receiver_ports: Vec<u16>,
    started: OffsetDateTime,
}

impl Normalizer {
    fn new(started: OffsetDateTime) -> Self {
        Self {
            replacements: Vec::new(),
            stand_ins: BTreeMap::new(),
            verbatim: Vec::new(),
            receiver_ports: Vec::new(),
            started,
        }
    }

    fn replace(&mut self, real: impl Into<String>, stable: impl Into<String>) {
        let real = real.into();
        if !real.is_empty() && !self.replacements.iter().any(|(r, _)| *r == real) {
            self.replacements.push((real, stable.into()));
            self.replacements
                .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        }
    }

    /// The stable text for `real`, the other way round (for arguments written with stable IDs).
    fn real(&self, stable: &Value) -> Value {
        match stable {
            Value::String(s) => Value::String(
                self.replacements
                    .iter()
                    .find(|(_, st)| st == s)
                    .map_or_else(|| s.clone(), |(r, _)| r.clone()),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.real(v)).collect()),
            Value::Object(map) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), self.real(v))).collect())
            }
            other => other.clone(),
        }
    }

    fn value(&mut self, value: &Value) -> Value {
        self.collect_stand_ins(value);
        self.walk(value)
    }

    fn collect_stand_ins(&mut self, value: &Value) {
        match value {
            Value::Object(map) => {
                // A running receiver's status names the port it got.
                if let (Some(_), Some(port)) = (
                    map.get("tunnelHint"),
                    map.get("port").and_then(Value::as_u64),
                ) {
                    let port = u16::try_from(port).unwrap_or(0);
                    if port != 0
                        && map.get("running") == Some(&json!(true))
                        && !self.receiver_ports.contains(&port)
                    {
                        self.receiver_ports.push(port);
                    }
                }
                for (k, v) in map {
                    if let (Some(kind), Value::String(s)) = (stand_in_kind(k), v) {
                        // Only what the sandbox makes up (27-character trace ids, hashes); a pasted
                        // fbtrace_id is the admin's own text.
                        let generated = kind == "hash" || s.len() == 27;
                        if generated && !self.stand_ins.contains_key(s) {
                            let n = self.stand_ins.len() + 1;
                            self.stand_ins.insert(s.clone(), stand_in(kind, n, s.len()));
                        }
                    }
                    self.collect_stand_ins(v);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.collect_stand_ins(v)),
            Value::String(s) => {
                for (prefix, id) in made_up_ids(s) {
                    if !self.stand_ins.contains_key(id) {
                        let n = self.stand_ins.len() + 1;
                        let stable = format!("{prefix}{n:032x}");
                        self.stand_ins.insert(id.to_owned(), stable);
                    }
                }
                for id in sandbox_wamids(s) {
                    if !self.stand_ins.contains_key(id) {
                        let n = self.stand_ins.len() + 1;
                        let stable = format!("wamid.{}", stand_in("wamid", n, SANDBOX_WAMID_LEN));
                        self.stand_ins.insert(id.to_owned(), stable);
                    }
                }
                for (prefix, id) in sandbox_upload_ids(s) {
                    if !self.stand_ins.contains_key(id) {
                        let n = self.stand_ins.len() + 1;
                        self.stand_ins
                            .insert(id.to_owned(), format!("{prefix}{n:032x}"));
                    }
                }
            }
            _ => {}
        }
    }

    fn walk(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.text(s)),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.walk(v)).collect()),
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, v) in map {
                    let v = match (k.as_str(), v) {
                        // How long something took differs on every run.
                        ("durationMs" | "wallMs", Value::Number(_)) => json!(0),
                        // So do a burst's wall time and the rate it achieved.
                        ("seconds" | "achievedPerSecond", Value::Number(_))
                            if map.contains_key("burstId") =>
                        {
                            json!(0)
                        }
                        // A probe step's evidence: how long the endpoint took, the random challenge.
                        ("summary" | "detail", Value::String(t)) if is_probe_step(map) => {
                            json!(probe_evidence(&self.text(t)))
                        }
                        // The port the receiver got on port 0.
                        ("port", Value::Number(n)) if map.contains_key("tunnelHint") => {
                            match n.as_u64().and_then(|p| u16::try_from(p).ok()) {
                                Some(p) if self.receiver_ports.contains(&p) => {
                                    json!(LOOPBACK_PORT)
                                }
                                _ => v.clone(),
                            }
                        }
                        // When the console's own test event says it happened: now.
                        ("timestamp", Value::Number(n))
                            if n.as_i64().is_some_and(|t| self.is_now(t)) =>
                        {
                            json!(EVENT_TIME)
                        }
                        ("timestamp", Value::String(t))
                            if t.parse::<i64>().is_ok_and(|t| self.is_now(t)) =>
                        {
                            json!(EVENT_TIME.to_string())
                        }
                        // So does an export's size (it holds durations): whole KiB, at least one.
                        ("bytes", Value::Number(n)) if map.contains_key("path") => {
                            let kib = (n.as_u64().unwrap_or(0) as f64 / 1024.0).round().max(1.0);
                            json!(kib as u64 * 1024)
                        }
                        _ => self.walk(v),
                    };
                    out.insert(self.text(k), v);
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }

    fn text(&self, s: &str) -> String {
        let mut out = s.to_owned();
        for (real, stable) in self.stand_ins.iter() {
            if out.contains(real.as_str()) {
                out = out.replace(real.as_str(), stable);
            }
        }
        for (real, stable) in &self.replacements {
            if out.contains(real.as_str()) {
                out = out.replace(real.as_str(), stable);
            }
        }
        let out = loopback_ports(&out);
        let out = self
            .receiver_ports
            .iter()
            .fold(out, |out, port| whole_number(&out, *port, LOOPBACK_PORT));
        let out = replace_times(&out, self.started, &self.verbatim, parse_time, "");
        let out = replace_times(
            &out,
            self.started,
            &self.verbatim,
            parse_pacific,
            "|pacific",
        );
        export_stamps(&out)
    }
}

impl Normalizer {
    /// Whether Unix time `t` is within a day of the session's start (a time the session made).
    fn is_now(&self, t: i64) -> bool {
        (t - self.started.unix_timestamp()).abs() < 86_400
    }
}

/// How the console names the made-up messages of its test event and of the probe's signed POST
/// (`wamid.console-test-<32 hex>`, `wamid.probe-<32 hex>`) and the reference of each send
/// (`waba-console-<32 hex>`).
const MADE_UP_IDS: [&str; 3] = [
    waba_core::webhook::sample::TEST_EVENT_PREFIX,
    waba_core::webhook::sample::PROBE_EVENT_PREFIX,
    // The reference each send carries as `biz_opaque_callback_data`.
    "waba-console-",
];

/// The made-up message IDs in `s`, with their prefix.
fn made_up_ids(s: &str) -> Vec<(&'static str, &str)> {
    let mut found = Vec::new();
    for prefix in MADE_UP_IDS {
        let mut rest = s;
        while let Some(i) = rest.find(prefix) {
            let after = &rest[i + prefix.len()..];
            let hex = after.bytes().take_while(u8::is_ascii_hexdigit).count();
            if hex == 32 {
                found.push((prefix, &rest[i..i + prefix.len() + hex]));
            }
            rest = &after[hex..];
        }
    }
    found
}

/// How many base64 characters follow `wamid.` in a message ID the sandbox makes (30 random bytes).
const SANDBOX_WAMID_LEN: usize = 40;

/// The message IDs the sandbox made up in `s` (`wamid.` and 40 base64 characters).
fn sandbox_wamids(s: &str) -> Vec<&str> {
    const PREFIX: &str = "wamid.";
    let base64 = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    let mut found = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(PREFIX) {
        let after = &rest[i + PREFIX.len()..];
        let len = after.bytes().take_while(base64).count();
        if len == SANDBOX_WAMID_LEN {
            found.push(&rest[i..i + PREFIX.len() + len]);
        }
        rest = &after[len..];
    }
    found
}

/// What the sandbox makes up for a profile photo, each as the prefix it keeps: the Resumable
/// Upload session (`upload:<base64url>`) and its signature (`AR<32 hex>`), the handle
/// (`4:<name>:<type>:<opaque>:e:<expiry>:<app>:<user>:AR<32 hex>`) and the photo's URL path
/// (`profile-photos/<24 hex>`).
fn sandbox_upload_ids(s: &str) -> Vec<(&'static str, &str)> {
    let mut found = Vec::new();
    let starts_token = |i: usize| {
        s[..i]
            .chars()
            .last()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
    };
    let run = |from: usize, part: fn(u8) -> bool| {
        s.as_bytes()[from..]
            .iter()
            .take_while(|b| part(**b))
            .count()
    };
    fn base64url(b: u8) -> bool {
        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')
    }
    fn handle(b: u8) -> bool {
        base64url(b) || matches!(b, b'+' | b'/' | b'=' | b':')
    }
    for (i, _) in s.match_indices("upload:") {
        let len = run(i + 7, base64url);
        if len > 0 && starts_token(i) {
            found.push(("upload:", &s[i..i + 7 + len]));
        }
    }
    for (i, _) in s.match_indices("4:") {
        let len = run(i + 2, handle);
        let text = &s[i..i + 2 + len];
        if starts_token(i) && text.contains(":e:") {
            found.push(("4:", text));
        }
    }
    for (i, _) in s.match_indices("AR") {
        let hex = run(i + 2, |b| b.is_ascii_hexdigit());
        if hex == 32 && starts_token(i) {
            found.push(("AR", &s[i..i + 34]));
        }
    }
    for (i, _) in s.match_indices("profile-photos/") {
        let at = i + "profile-photos/".len();
        let hex = run(at, |b| b.is_ascii_hexdigit());
        if hex == 24 {
            found.push(("profile-photos/", &s[i..at + hex]));
        }
    }
    found
}

/// Whether `map` is one step of a webhook probe report.
fn is_probe_step(map: &Map<String, Value>) -> bool {
    ["id", "title", "state", "summary"]
        .iter()
        .all(|k| map.contains_key(*k))
        && map.contains_key("fix")
}

/// A probe step's words with what differs on every run made fixed: `in 12 ms` reads `in 0 ms`,
/// and a quoted run of digits (the random `hub.challenge` echoed in a body) `"1000000000"`.
fn probe_evidence(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        let next = [rest.find("in "), rest.find('"')]
            .into_iter()
            .flatten()
            .min();
        let Some(i) = next else { break };
        out.push_str(&rest[..i]);
        let at = &rest[i..];
        if let Some(after) = at.strip_prefix("in ") {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && after[digits..].starts_with(" ms") {
                out.push_str("in 0 ms");
                rest = &after[digits + 3..];
            } else {
                out.push_str("in ");
                rest = after;
            }
        } else {
            let after = &at[1..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 10 && after[digits..].starts_with('"') {
                out.push_str("\"1000000000\"");
                rest = &after[digits + 1..];
            } else {
                out.push('"');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `port` as a whole number in `s` (not inside a longer run of letters or digits) reads as `stable`.
fn whole_number(s: &str, port: u16, stable: u16) -> String {
    let digits = port.to_string();
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(&digits) {
        let before = rest[..i].chars().last().or_else(|| out.chars().last());
        let after = rest[i + digits.len()..].chars().next();
        let alone = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
        out.push_str(&rest[..i]);
        if alone(before) && alone(after) {
            out.push_str(&stable.to_string());
        } else {
            out.push_str(&digits);
        }
        rest = &rest[i + digits.len()..];
    }
    out.push_str(rest);
    out
}

fn stand_in_kind(key: &str) -> Option<&'static str> {
    match key {
        "hash" => Some("hash"),
        "fbtraceId" | "fbtrace_id" => Some("trace"),
        _ => None,
    }
}

/// A stand-in as long as the value it replaces: hashes stay 64 hex digits, trace ids 27 characters.
fn stand_in(kind: &str, n: usize, len: usize) -> String {
    let body = match kind {
        "hash" => format!("{n:x}"),
        "wamid" => format!("Sandbox{n}"),
        _ => format!("Trace{n}"),
    };
    let fill = if kind == "hash" { '0' } else { 'x' };
    let pad = len.saturating_sub(body.len());
    if kind == "hash" {
        format!("{}{body}", fill.to_string().repeat(pad))
    } else {
        format!("{body}{}", fill.to_string().repeat(pad))
    }
}

/// `127.0.0.1:<any port>` reads as one fixed port.
fn loopback_ports(s: &str) -> String {
    const HOST: &str = "127.0.0.1:";
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(HOST) {
        out.push_str(&rest[..i]);
        let after = &rest[i + HOST.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            out.push_str(LOOPBACK);
        } else {
            out.push_str(HOST);
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// Every RFC 3339 time (`2026-12-01T11:40:11Z`, with fractions, `+00:00` or Graph's `+0000`)
/// becomes `{{now+<seconds>s}}`, its offset from `started` rounded to the minute.
#[cfg(test)]
fn timestamps(s: &str, started: OffsetDateTime) -> String {
    replace_times(s, started, &[], parse_time, "")
}

/// How one form of time is found: the time and the length of its text at the start of a string.
type TimeParser = fn(&str) -> Option<(OffsetDateTime, usize)>;

/// Replaces every time `parse` finds by `{{now+<seconds>s<suffix>}}`, except texts in `verbatim`
/// (times the admin pasted, which are the same on every run).
fn replace_times(
    s: &str,
    started: OffsetDateTime,
    verbatim: &[String],
    parse: TimeParser,
    suffix: &str,
) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copied = 0;
    while i < s.len() {
        let Some((at, len)) = s.is_char_boundary(i).then(|| parse(&s[i..])).flatten() else {
            i += 1;
            continue;
        };
        if !verbatim.iter().any(|v| *v == s[i..i + len]) {
            out.push_str(&s[copied..i]);
            let rounded = ((at - started).whole_seconds() as f64 / 60.0).round() as i64 * 60;
            out.push_str(&format!("{{{{now{rounded:+}s{suffix}}}}}"));
            copied = i + len;
        }
        i += len;
    }
    out.push_str(&s[copied..]);
    out
}

/// Every time text in `s`, in both forms.
fn time_texts(s: &str) -> Vec<String> {
    let mut found = Vec::new();
    for parse in [parse_time as TimeParser, parse_pacific] {
        let mut i = 0;
        while i < s.len() {
            match s.is_char_boundary(i).then(|| parse(&s[i..])).flatten() {
                Some((_, len)) => {
                    found.push(s[i..i + len].to_owned());
                    i += len;
                }
                None => i += 1,
            }
        }
    }
    found
}

fn parse_time(s: &str) -> Option<(OffsetDateTime, usize)> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let shape = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && b.get(10) == Some(&b'T')
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19);
    if !shape {
        return None;
    }
    let mut len = 19;
    if b.get(len) == Some(&b'.') {
        len += 1;
        while b.get(len).is_some_and(u8::is_ascii_digit) {
            len += 1;
        }
    }
    let zone = match b.get(len) {
        Some(b'Z') => 1,
        Some(b'+' | b'-')
            if digits(len + 1..len + 3)
                && b.get(len + 3) == Some(&b':')
                && digits(len + 4..len + 6) =>
        {
            6
        }
        Some(b'+' | b'-') if digits(len + 1..len + 5) => 5,
        _ => return None,
    };
    let text = &s[..len + zone];
    let rfc = if zone == 5 {
        format!("{}{}:{}", &text[..len + 3], "", &text[len + 3..])
    } else {
        text.to_owned()
    };
    OffsetDateTime::parse(&rfc, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| (t, len + zone))
}

/// Graph's US Pacific times in its expired-session message (`Monday, 30-Nov-26 03:53:29 PST`)
/// become `{{now+<seconds>s|pacific}}`.
#[cfg(test)]
fn pacific_times(s: &str, started: OffsetDateTime) -> String {
    replace_times(s, started, &[], parse_pacific, "|pacific")
}

fn parse_pacific(t: &str) -> Option<(OffsetDateTime, usize)> {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let day = DAYS.iter().find(|d| t.starts_with(&format!("{d}, ")))?;
    let rest = t.get(day.len() + 2..)?;
    // DD-Mon-YY HH:MM:SS PST
    let text = rest.get(..22)?;
    let month = MONTHS.iter().position(|m| text.get(3..6) == Some(*m))? + 1;
    let offset = match text.get(19..22)? {
        "PST" => "-08:00",
        "PDT" => "-07:00",
        _ => return None,
    };
    let rfc = format!(
        "20{}-{month:02}-{}T{}{offset}",
        text.get(7..9)?,
        text.get(0..2)?,
        text.get(10..18)?
    );
    let at = OffsetDateTime::parse(&rfc, &time::format_description::well_known::Rfc3339).ok()?;
    Some((at, day.len() + 2 + 22))
}

/// An export's file name stamp (`waba-doctor-sandbox-20261201-114011.md`) reads `{{stamp}}`.
fn export_stamps(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copied = 0;
    while i + 15 <= b.len() {
        let stamp = s.is_char_boundary(i)
            && b[i..i + 8].iter().all(u8::is_ascii_digit)
            && b[i + 8] == b'-'
            && b[i + 9..i + 15].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 15).is_none_or(|c| !c.is_ascii_digit());
        if stamp && s[..i].ends_with('-') && s[..i].contains("waba-") {
            out.push_str(&s[copied..i]);
            out.push_str("{{stamp}}");
            i += 15;
            copied = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[copied..]);
    out
}

/// One scripted session: a console on its first start, and the steps played on it.
pub(crate) struct Session {
    name: String,
    about: &'static str,
    app: tauri::App<MockRuntime>,
    webview: tauri::WebviewWindow<MockRuntime>,
    _data: tempfile::TempDir,
    _exports: tempfile::TempDir,
    norm: Normalizer,
    steps: Vec<Value>,
    added: usize,
    drafts: usize,
    /// Bursts started so far (each ID reads `burst-<n as 32 hex>`).
    bursts: usize,
    /// Profile photo uploads started so far (each ID reads `photo-upload-<n as 32 hex>`).
    photo_uploads: usize,
    registered: bool,
}

impl Session {
    /// A console opened for the first time, on the embedded sandbox (`fresh` scenario); a
    /// registered number reads PENDING for one second unless a step says otherwise.
    pub(crate) fn open(name: impl Into<String>, about: &'static str) -> Self {
        Self::open_with(name, about, |_| {})
    }

    /// [`Session::open`] with a console configured by `configure` (a smaller read budget).
    pub(crate) fn open_with(
        name: impl Into<String>,
        about: &'static str,
        configure: impl FnOnce(&mut ConsoleConfig),
    ) -> Self {
        let name = name.into();
        let data = tempfile::tempdir().unwrap();
        let exports = tempfile::tempdir().unwrap();
        let mut config = ConsoleConfig::new(
            data.path().into(),
            format!("com.wabaconsole.test.recorded.{name}"),
        );
        config.log_dir = Some(data.path().join("logs"));
        config.sandbox_provisioning_delay = Duration::from_secs(1);
        configure(&mut config);
        let mut norm = Normalizer::new(OffsetDateTime::now_utc());
        norm.replace(data.path().join("logs").display().to_string(), LOG_DIR);
        norm.replace(data.path().display().to_string(), DATA_DIR);
        norm.replace(exports.path().display().to_string(), EXPORT_DIR);
        norm.replace(config.keychain_service.clone(), KEYCHAIN);
        let (app, webview) = mock_app(config);
        app.state::<AppState>()
            .set_export_dir(exports.path().to_path_buf());
        let mut session = Self {
            name,
            about,
            app,
            webview,
            _data: data,
            _exports: exports,
            norm,
            steps: Vec::new(),
            added: 1,
            drafts: 0,
            bursts: 0,
            photo_uploads: 0,
            registered: false,
        };
        let profiles = session.invoke_raw("list_profiles", json!({})).unwrap();
        let sandbox = profiles["profiles"][0]["id"].as_str().unwrap().to_owned();
        session.norm.replace(sandbox, "sandbox");
        session
    }

    fn invoke_raw(&self, command: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(&self.webview, invoke(command, args))
            .map(|body| body.deserialize::<Value>().unwrap())
    }

    fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        tauri::async_runtime::block_on(f)
    }

    /// Audit entries and quality readings so far: a step that adds to either changes the state.
    fn footprint(&self) -> (usize, usize) {
        let state = self.app.state::<AppState>();
        self.block_on(async {
            let console = state.console().await.unwrap();
            let audit = console.audit_log(u32::MAX).await.unwrap().entries.len();
            let mut quality = 0;
            for p in console.list_profiles().await.unwrap().profiles {
                quality += console.quality_history(&p.id).await.unwrap().len();
            }
            (audit, quality)
        })
    }

    /// Sends `command` with `args` (written with stable IDs) as the window does, and records the
    /// answer or the error as the window receives it.
    pub(crate) fn call(&mut self, command: &str, args: Value) -> Result<Value, Value> {
        if let Some(pasted) = args["input"].as_str() {
            self.norm.verbatim.extend(time_texts(pasted));
        }
        let before = self.footprint();
        let result = self.invoke_raw(command, self.norm.real(&args));
        if let (Ok(answer), "add_profile") = (&result, command) {
            self.added += 1;
            let id = answer["id"].as_str().unwrap().to_owned();
            self.norm.replace(id, format!("p{}", self.added));
        }
        if let (Ok(answer), "start_burst") = (&result, command) {
            self.bursts += 1;
            let id = answer["burstId"].as_str().unwrap().to_owned();
            self.norm.replace(id, format!("burst-{:032x}", self.bursts));
        }
        if let (Ok(answer), "start_profile_photo_upload") = (&result, command) {
            self.photo_uploads += 1;
            let id = answer["uploadId"].as_str().unwrap().to_owned();
            self.norm
                .replace(id, format!("photo-upload-{:032x}", self.photo_uploads));
        }
        if let (Ok(answer), "save_template_draft", true) =
            (&result, command, args["request"]["draftId"].is_null())
        {
            self.drafts += 1;
            let id = answer["id"].as_str().unwrap().to_owned();
            self.norm.replace(id, format!("draft{}", self.drafts));
        }
        let changes = self.footprint() != before || (result.is_ok() && CHANGING.contains(&command));
        let mut step = Map::new();
        step.insert("command".into(), json!(command));
        step.insert("args".into(), args);
        match &result {
            Ok(answer) => step.insert("answer".into(), self.norm.value(answer)),
            Err(error) => step.insert("error".into(), self.norm.value(error)),
        };
        step.insert("changes".into(), json!(changes));
        self.steps.push(Value::Object(step));
        result
            .map(|v| self.norm.value(&v))
            .map_err(|e| self.norm.value(&e))
    }

    /// [`Session::call`], for a step that must succeed.
    pub(crate) fn ok(&mut self, command: &str, args: Value) -> Value {
        let name = self.name.clone();
        self.call(command, args)
            .unwrap_or_else(|e| panic!("{name}: {command} failed: {e}"))
    }

    /// [`Session::call`], for a step that must fail.
    pub(crate) fn err(&mut self, command: &str, args: Value) -> Value {
        let name = self.name.clone();
        self.call(command, args)
            .err()
            .unwrap_or_else(|| panic!("{name}: {command} did not fail"))
    }

    /// Applies a sandbox control and records it as a step.
    pub(crate) fn control(&mut self, control: Control) {
        let state = self.app.state::<AppState>();
        self.block_on(async {
            let console = state.console().await.unwrap();
            let sandbox = console.embedded_sandbox().await.unwrap();
            match control {
                Control::Offline => sandbox.faults().reset_next(u32::MAX),
                Control::ProvisioningDelay(d) => sandbox.set_provisioning_delay(d),
                Control::AdvanceClock(d) | Control::Wait(d) => sandbox.clock().advance(d),
            }
        });
        self.steps
            .push(json!({ "control": control.to_json(), "changes": true }));
    }

    /// The session as the replay reads it.
    fn to_json(&self) -> Value {
        json!({
            "session": self.name,
            "about": self.about,
            "steps": self.steps,
        })
    }

    /// Writes `ui/src/test/recorded/<name>.json`.
    pub(crate) fn write(self) -> String {
        let mut text = serde_json::to_string_pretty(&self.to_json()).unwrap();
        text.push('\n');
        let file = format!("{}.json", self.name);
        std::fs::write(out_dir().join(&file), text).unwrap();
        file
    }
}

const OWN: &str = "106540352242922";
const OTHER: &str = "106853218861309";
/// The sandbox's third number, whose display name is still in review.
const IN_REVIEW: &str = "110544395163118";
const WABA: &str = "102290129340398";
const AUDIT_LIMIT: u32 = 1000;
/// What the Diagnose page's tests paste.
const UNKNOWN_CODE: &str = r#"{"error": {"message": "(#2494010) Something new", "code": 2494010, "fbtrace_id": "AbCdEf123"}}"#;

/// What the e2e test pastes: a 131047 status webhook of its own.
const E2E_WEBHOOK: &str = r#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550100199","phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3RjY3","status":"failed","timestamp":"1764158400","recipient_id":"16505551234","errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."}}]}]}}]}]}"#;

/// The Diagnose page's example pastes (`ui/src/features/diagnose/examples.json`).
fn examples() -> Vec<String> {
    let examples: Vec<Value> =
        serde_json::from_str(include_str!("../../ui/src/features/diagnose/examples.json")).unwrap();
    examples
        .iter()
        .map(|e| e["text"].as_str().unwrap().to_owned())
        .collect()
}

/// The verify token the sessions start the webhook receiver with.
const RECEIVER_VERIFY_TOKEN: &str = "console-verify-token";

/// The Webhooks page's feed filter: the profile's WABA, the newest 500.
fn webhook_feed(kind_prefix: Option<&str>, search: Option<&str>) -> Value {
    json!({ "filter": { "wabaId": WABA, "kind": null, "kindPrefix": kind_prefix,
        "field": null, "search": search, "limit": 500 } })
}

/// The Messages page's log query: the first page (100) with `filters` over no filter.
fn message_log(filters: Value) -> Value {
    let mut query = json!({ "profileId": "sandbox", "status": null, "recipient": null,
        "kind": null, "since": null, "until": null, "search": null, "beforeId": null,
        "limit": 100 });
    for (key, value) in filters.as_object().unwrap() {
        query[key] = value.clone();
    }
    json!({ "query": query })
}

/// The Messages page's inbound list: the WABA's stored `message.*` events, the newest 50.
fn inbound_messages() -> Value {
    json!({ "filter": { "wabaId": WABA, "kind": null, "kindPrefix": "message.",
        "field": null, "search": null, "limit": 50 } })
}

/// The approved templates of the cache, which the Messages page's burst picks from.
fn approved_templates() -> Value {
    json!({ "filter": { "profileId": "sandbox", "status": "APPROVED", "category": null,
        "language": null, "search": null } })
}

/// A message to one recipient, as the Send page sends it.
fn compose(to: &str, message: Value) -> Value {
    request(
        json!({ "profileId": "sandbox", "to": to, "message": message, "sendOutsideWindow": false }),
    )
}

fn template(name: &str) -> Value {
    json!({ "type": "template", "name": name, "language": "en_US", "components": [] })
}

/// The sandbox's test recipients: the first two read what they get, the third only has it
/// delivered.
const READER: &str = "16505551234";
const REPLIER: &str = "16505551235";
const NON_READER: &str = "16505551236";

fn profile(id: &str) -> Value {
    json!({ "profileId": id })
}

fn request(fields: Value) -> Value {
    json!({ "request": fields })
}

impl Session {
    fn token(&mut self, token: &str, store_unverified: bool) -> Result<Value, Value> {
        self.call(
            "set_token",
            request(json!({ "profileId": "sandbox", "token": token, "storeUnverified": store_unverified })),
        )
    }

    fn sandbox_token(&mut self) -> String {
        let info = self.invoke_raw("sandbox_info", json!({})).unwrap();
        info["sampleToken"].as_str().unwrap().to_owned()
    }

    /// Stores the sandbox's own token.
    fn with_token(&mut self) {
        let token = self.sandbox_token();
        self.token(&token, false).unwrap();
    }

    fn scenario(&mut self, scenario: &str) {
        self.ok(
            "set_sandbox_scenario",
            request(json!({ "profileId": "sandbox", "scenario": scenario })),
        );
    }

    /// What every page's frame reads: the profiles, and the audit log (the Audit page).
    fn shell(&mut self) {
        self.ok("list_profiles", json!({}));
        self.ok("audit_log", json!({ "limit": AUDIT_LIMIT }));
    }

    /// What the Checklist and Token pages read (the token's state comes with the checklist).
    fn checklist_page(&mut self) {
        self.shell();
        let _ = self.checklist();
    }

    fn export_doctor(&mut self, report: Value) {
        self.ok(
            "export_doctor",
            json!({ "report": report, "format": "markdown" }),
        );
    }

    /// The ownership code requested by SMS and entered, then the Numbers page again.
    fn verify_ownership(&mut self) {
        self.ok(
            "request_code",
            request(json!({ "profileId": "sandbox", "phoneNumberId": OWN, "method": "sms", "language": "en_US" })),
        );
        self.ok(
            "verify_code",
            request(json!({ "profileId": "sandbox", "phoneNumberId": OWN, "code": "123456" })),
        );
        self.numbers_page();
    }

    fn set_pin(&mut self, pin: &str) {
        self.ok(
            "set_pin",
            request(json!({ "profileId": "sandbox", "phoneNumberId": OWN, "pin": pin, "remember": false })),
        );
        self.numbers_page();
    }

    /// Registers the number with `pin` and follows it: PENDING, then CONNECTED once the sandbox
    /// clock has passed the provisioning delay.
    fn register_until_connected(&mut self, pin: &str, delay: Duration) {
        self.register(pin, false).unwrap();
        self.numbers_page();
        self.control(Control::AdvanceClock(delay));
        self.numbers_page();
    }

    fn checklist(&mut self) -> Result<Value, Value> {
        self.call("get_checklist", profile("sandbox"))
    }

    fn doctor(&mut self, api_version: Option<&str>) -> Result<Value, Value> {
        self.call(
            "run_doctor",
            request(json!({ "profileId": "sandbox", "apiVersion": api_version })),
        )
    }

    fn quality(&mut self) {
        self.ok("quality_history", profile("sandbox"));
    }

    fn health(&mut self, number: Option<&str>) -> Result<Value, Value> {
        self.call(
            "number_health",
            request(json!({ "profileId": "sandbox", "phoneNumberId": number })),
        )
    }

    fn budgets(&mut self, number: &str) {
        for kind in ["register", "deregister"] {
            self.ok(
                "attempt_budget",
                request(json!({ "phoneNumberId": number, "kind": kind })),
            );
        }
    }

    /// The Numbers page: the table, the profile's own number and its budgets.
    fn numbers_page(&mut self) {
        let _ = self.call("list_numbers", profile("sandbox"));
        let _ = self.health(None);
        let _ = self.health(Some(OWN));
        self.budgets(OWN);
    }

    /// Registers the profile's number; a register call after another one waits the 10 s Meta
    /// wants between them first.
    fn register(&mut self, pin: &str, confirmed: bool) -> Result<Value, Value> {
        if std::mem::replace(&mut self.registered, true) {
            self.control(Control::Wait(Duration::from_secs(11)));
        }
        self.call(
            "register_number",
            request(json!({
                "profileId": "sandbox",
                "phoneNumberId": OWN,
                "pin": pin,
                "dataLocalizationRegion": null,
                "confirmed": confirmed,
            })),
        )
    }

    fn diagnose(&mut self, input: &str) {
        self.ok(
            "diagnose",
            json!({ "input": input, "profileId": "sandbox" }),
        );
    }

    /// What the Webhooks page reads on a visit and after each change: the frame, the app secret's
    /// presence, the subscription overview, the last probe, the receiver and the feed.
    fn webhooks_page(&mut self) {
        self.shell();
        self.ok("app_secret_stored", profile("sandbox"));
        let _ = self.call("subscriptions_overview", profile("sandbox"));
        self.ok("last_webhook_probe", profile("sandbox"));
        self.ok("local_receiver_status", json!({}));
        self.ok("webhook_events", webhook_feed(None, None));
    }

    /// Stores the sandbox's app secret and starts the receiver on any free port with
    /// [`RECEIVER_VERIFY_TOKEN`]; answers the receiver's URL as recorded (its real one, with the
    /// port it got, stands behind it in the arguments of later steps).
    fn receiver_with_secret(&mut self) -> String {
        let info = self.invoke_raw("sandbox_info", json!({})).unwrap();
        let app_secret = info["sampleAppSecret"].as_str().unwrap().to_owned();
        self.ok(
            "set_app_secret",
            request(json!({ "profileId": "sandbox", "appSecret": app_secret })),
        );
        self.ok(
            "start_local_receiver",
            request(
                json!({ "profileId": "sandbox", "port": 0, "listenOnAllInterfaces": false,
                "verifyToken": RECEIVER_VERIFY_TOKEN }),
            ),
        );
        let real = self.invoke_raw("local_receiver_status", json!({})).unwrap()["localUrl"]
            .as_str()
            .unwrap()
            .to_owned();
        let stable = self.norm.text(&real);
        self.norm.replace(real, stable.clone());
        stable
    }

    /// Reads `command` (not recorded) until `done` holds for its answer, as the window would
    /// see it settle; fails after 20 s.
    fn wait_for(&self, what: &str, command: &str, args: Value, done: impl Fn(&Value) -> bool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let answer = self.invoke_raw(command, self.norm.real(&args)).unwrap();
            if done(&answer) {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{}: {what} never happened; {command} answers {answer}",
                self.name
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Drives the embedded sandbox as its control API does (`POST /__sandbox/<path>`).
    fn sandbox_post(&self, path: &str, body: Value) {
        use waba_secrets::ExposeSecret;
        let state = self.app.state::<AppState>();
        self.block_on(async {
            let console = state.console().await.unwrap();
            let sandbox = console.embedded_sandbox().await.unwrap();
            let answer = reqwest::Client::new()
                .post(format!("{}/__sandbox/{path}", sandbox.base_url()))
                .header(
                    waba_sim::CONTROL_SECRET_HEADER,
                    sandbox.control_secret().expose_secret(),
                )
                .json(&body)
                .send()
                .await
                .unwrap();
            assert!(answer.status().is_success(), "{path}: {}", answer.status());
        });
    }

    /// What the Messages page reads as it opens: the frame and the log's first page.
    fn messages_page(&mut self) {
        self.shell();
        self.ok("message_log", message_log(json!({})));
    }

    /// Sends `message` to `to` from the Send page and waits until the log holds it at `settled`
    /// (its statuses come by webhook); answers its ID in the log.
    fn send_until(&mut self, to: &str, message: Value, settled: &str) -> i64 {
        let sent = self.ok("send_message", compose(to, message));
        let id = sent["message"]["id"].as_i64().unwrap();
        let detail = json!({ "message": { "profileId": "sandbox", "messageId": id } });
        self.wait_for(
            &format!("message {id} {settled}"),
            "message_detail",
            detail,
            |d| d["message"]["status"] == json!(settled),
        );
        id
    }

    fn check_id(&mut self, input: &str, field: &str) {
        let _ = self.call(
            "check_id",
            request(json!({ "profileId": "sandbox", "input": input, "field": field })),
        );
    }
}

/// A real PNG of `width`×`height` in one colour (1-bit palette, so every pixel byte and every
/// row's filter byte is 0), a few hundred bytes whatever its size: the Business profile page's
/// photo picks, small enough to sit in the recording and in the UI tests that send them.
fn solid_png(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        png.extend((data.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend(kind);
        png.extend(data);
        let crc = crc32(&png[start..]);
        png.extend(crc.to_be_bytes());
    }
    /// Deflate bits, least significant first; Huffman codes go in most significant bit first.
    #[derive(Default)]
    struct Bits {
        out: Vec<u8>,
        acc: u32,
        used: u32,
    }
    impl Bits {
        fn value(&mut self, value: u32, len: u32) {
            self.acc |= value << self.used;
            self.used += len;
            while self.used >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.used -= 8;
            }
        }
        fn code(&mut self, code: u32, len: u32) {
            self.value(code.reverse_bits() >> (32 - len), len);
        }
        fn finish(mut self) -> Vec<u8> {
            if self.used > 0 {
                self.out.push(self.acc as u8);
            }
            self.out
        }
    }
    // The image data is `height` rows of 1 + ceil(width / 8) zero bytes: one literal zero, then
    // copies at distance 1 with fixed Huffman codes (length 258 is symbol 285, lengths 3 to 10
    // symbols 257 to 264, distance 1 the 5-bit code 0).
    let raw = height as usize * (1 + (width as usize).div_ceil(8));
    let mut bits = Bits::default();
    bits.value(1, 1); // the last block
    bits.value(1, 2); // fixed Huffman codes
    bits.code(0x30, 8); // literal 0
    let mut left = raw - 1;
    while left >= 3 {
        let length = if left >= 258 { 258 } else { left.min(10) };
        if length == 258 {
            bits.code(0xC5, 8);
        } else {
            bits.code(length as u32 - 2, 7);
        }
        bits.code(0, 5);
        left -= length;
    }
    for _ in 0..left {
        bits.code(0x30, 8);
    }
    bits.code(0, 7); // end of block
    let adler = {
        let (a, b) = (0..raw).fold((1u32, 0u32), |(a, b), _| (a, (b + a) % 65_521));
        (b << 16) | a
    };
    let mut zlib = vec![0x78, 0x01];
    zlib.extend(bits.finish());
    zlib.extend(adler.to_be_bytes());

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([1, 3, 0, 0, 0]); // 1 bit per pixel, palette, deflate, no filter, no interlace
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"PLTE", &[0x2E, 0x7D, 0x32]); // a garden green
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// The sessions, each from a first start. Add the steps a UI test needs here: the replay refuses
/// any call it has no recorded answer for.
fn sessions() -> Vec<Session> {
    let mut all = Vec::new();

    // A first start, no token: what every page reads, the pastes the Diagnose page's tests use,
    // and adding, activating and removing a profile (with a field error first).
    let mut s = Session::open("first-start", "A first start on the fresh sandbox, without a token; then a profile added, used and removed.");
    s.ok("app_info", json!({}));
    s.ok("sandbox_info", json!({}));
    s.ok("quality_guide", json!({}));
    s.ok(
        "log_webview_error",
        json!({ "kind": "boundary", "message": "TypeError: x is undefined", "source": null, "page": "/quality" }),
    );
    s.ok("report_first_paint", json!({ "page": "/" }));
    s.shell();
    s.checklist().unwrap();
    s.doctor(None).unwrap();
    s.quality();
    s.numbers_page();
    s.ok("export_audit", json!({ "format": "csv" }));
    for input in [
        "the message did not arrive",
        "190 463",
        UNKNOWN_CODE,
        "not an error at all",
        E2E_WEBHOOK,
    ] {
        s.diagnose(input);
    }
    for example in examples() {
        s.diagnose(&example);
    }
    let draft = |waba: &str| {
        json!({ "profile": {
            "name": "Acme support",
            "appId": "634974688087057",
            "wabaId": waba,
            "phoneNumberId": OWN,
            "apiVersion": "v27.0",
            "baseUrl": null,
        } })
    };
    s.err("add_profile", draft("+1 415-555-0100"));
    s.ok("add_profile", draft(WABA));
    s.shell();
    s.ok("set_active_profile", profile("p2"));
    s.shell();
    s.ok("remove_profile", profile("p2"));
    s.shell();
    all.push(s);

    // The Token page: a paste with spaces...
    let mut s = Session::open(
        "token-paste",
        "The Token page: a paste with spaces, refused before Meta is asked.",
    );
    s.checklist_page();
    s.token("EAAabc EAAdef", false).unwrap_err();
    s.checklist_page();
    all.push(s);

    // ...the sandbox's token, then a token Meta refuses...
    let mut s = Session::open(
        "token",
        "The Token page: the sandbox token stored, then a token Meta refuses.",
    );
    s.with_token();
    s.checklist_page();
    s.checklist_page();
    s.quality();
    s.token("EAAwrong", false).unwrap();
    s.checklist_page();
    all.push(s);

    // ...or the token cleared.
    let mut s = Session::open(
        "token-clear",
        "The Token page: the sandbox token stored, then cleared.",
    );
    s.with_token();
    s.checklist_page();
    s.ok("clear_token", profile("sandbox"));
    s.checklist_page();
    all.push(s);

    // Meta cannot be reached while a token is pasted: the current one is kept...
    let mut s = Session::open(
        "token-offline-keep",
        "A token stored; Meta cannot be reached when another is pasted.",
    );
    s.with_token();
    s.checklist_page();
    s.control(Control::Offline);
    s.token("EAAnewButUnchecked", false).unwrap_err();
    s.checklist_page();
    all.push(s);

    // ...or the pasted one is stored unverified.
    let mut s = Session::open(
        "token-offline-store",
        "No token; Meta cannot be reached; the sandbox token is stored unverified.",
    );
    let token = s.sandbox_token();
    s.control(Control::Offline);
    s.token(&token, false).unwrap_err();
    s.token(&token, true).unwrap();
    s.checklist_page();
    all.push(s);

    // The checklist and the doctor with the sandbox token, the Markdown export, then the checklist
    // and Quality pages again.
    let mut s = Session::open(
        "doctor",
        "The sandbox token stored; the checklist, the doctor and its Markdown export.",
    );
    s.with_token();
    s.shell();
    s.quality();
    let report = s.doctor(None).unwrap();
    s.export_doctor(report);
    s.checklist().unwrap();
    s.quality();
    s.shell();
    all.push(s);

    let mut s = Session::open(
        "checklist",
        "The sandbox token stored; the checklist first, then the doctor.",
    );
    s.with_token();
    s.checklist_page();
    s.doctor(None).unwrap();
    s.quality();
    all.push(s);

    let mut s = Session::open(
        "doctor-v21",
        "The doctor run against v21.0, as the API versions page offers.",
    );
    s.with_token();
    s.shell();
    s.doctor(Some("v21.0")).unwrap();
    s.checklist().unwrap();
    all.push(s);

    let mut s = Session::open(
        "healthy",
        "The healthy sandbox: its numbers, and a PIN that does not match.",
    );
    s.with_token();
    s.shell();
    s.scenario("healthy");
    s.shell();
    s.numbers_page();
    s.register("999999", false).unwrap_err();
    s.numbers_page();
    all.push(s);

    let mut s = Session::open("healthy-doctor", "The healthy sandbox: the doctor.");
    s.with_token();
    s.shell();
    s.scenario("healthy");
    s.shell();
    s.doctor(None).unwrap();
    s.checklist().unwrap();
    s.quality();
    all.push(s);

    let mut s = Session::open("deregister", "The healthy sandbox's number deregistered.");
    s.with_token();
    s.scenario("healthy");
    s.numbers_page();
    s.call(
        "deregister_number",
        request(json!({ "profileId": "sandbox", "phoneNumberId": OWN, "confirmed": true })),
    )
    .unwrap();
    s.numbers_page();
    all.push(s);

    // A number whose display name is still in review, verified and registered: CONNECTED but
    // LIMITED, with Meta's reason in additional_info (the health panel's notes).
    let mut s = Session::open("limited", "The healthy sandbox's third number (display name in review) verified and registered: CONNECTED, but LIMITED with Meta's additional_info.");
    s.with_token();
    s.scenario("healthy");
    s.control(Control::ProvisioningDelay(Duration::ZERO));
    let number = |fields: Value| {
        let mut fields = fields;
        fields["profileId"] = json!("sandbox");
        fields["phoneNumberId"] = json!(IN_REVIEW);
        request(fields)
    };
    s.ok(
        "request_code",
        number(json!({ "method": "sms", "language": "en_US" })),
    );
    s.ok("verify_code", number(json!({ "code": "123456" })));
    s.ok(
        "register_number",
        number(json!({ "pin": "135790", "dataLocalizationRegion": null, "confirmed": false })),
    );
    s.shell();
    s.numbers_page();
    s.health(Some(IN_REVIEW)).unwrap();
    s.budgets(IN_REVIEW);
    all.push(s);

    // The Numbers page on the fresh sandbox: the table, another number, the PIN, the ID check.
    let mut s = Session::open(
        "numbers",
        "The fresh sandbox's numbers: the health panels, a PIN set, an ID check.",
    );
    s.with_token();
    s.shell();
    s.numbers_page();
    let _ = s.health(Some(OTHER));
    s.budgets(OTHER);
    s.check_id("+1 555-010-0199", "phoneNumberId");
    s.check_id(WABA, "phoneNumberId");
    s.set_pin("246810");
    all.push(s);

    // Registering before ownership is verified, then the code, then registering until CONNECTED.
    let mut s = Session::open("register", "The fresh sandbox's number: 133006 before its code is verified, then registered until CONNECTED.");
    s.with_token();
    s.shell();
    s.numbers_page();
    s.register("135790", false).unwrap_err();
    s.numbers_page();
    s.verify_ownership();
    s.register_until_connected("135790", Duration::from_secs(1));
    s.checklist().unwrap();
    all.push(s);

    // The 8th attempt asks first; past the 10th the console refuses without calling Meta.
    let mut s = Session::open(
        "register-budget",
        "Register attempts on an unverified number up to the console's limit of 10 in 72 h.",
    );
    s.with_token();
    s.shell();
    for attempt in 1..=10 {
        s.numbers_page();
        let confirmed = attempt > 7;
        if attempt == 8 {
            s.register("111111", false).unwrap_err();
        }
        s.register("111111", confirmed).unwrap_err();
    }
    s.numbers_page();
    s.register("111111", true).unwrap_err();
    s.numbers_page();
    all.push(s);

    // Provisioning that takes 5 or 60 minutes on the healthy sandbox.
    for minutes in [5, 60] {
        let name = if minutes == 5 {
            "provisioning-5min"
        } else {
            "provisioning-60min"
        };
        let mut s = Session::open(name, "The healthy sandbox's number registered again; it reads PENDING until the provisioning delay has passed.");
        s.with_token();
        s.scenario("healthy");
        s.control(Control::ProvisioningDelay(Duration::from_secs(
            minutes * 60,
        )));
        s.shell();
        s.numbers_page();
        s.register_until_connected("246810", Duration::from_secs(minutes * 60));
        all.push(s);
    }

    // A real profile on an older, an expired and a newer version than the table's, made the
    // active one (the API versions page), and the doctor offered there.
    for version in ["v21.0", "v20.0", "v28.0"] {
        let mut s = Session::open(
            format!("versions-{version}"),
            "A real profile on this API version added and made active; the doctor run against v27.0.",
        );
        s.ok(
            "add_profile",
            json!({ "profile": {
                "name": "Acme support",
                "appId": "634974688087057",
                "wabaId": WABA,
                "phoneNumberId": OWN,
                "apiVersion": version,
                "baseUrl": null,
            } }),
        );
        s.ok("set_active_profile", profile("p2"));
        s.shell();
        let _ = s.call(
            "run_doctor",
            request(json!({ "profileId": "p2", "apiVersion": "v27.0" })),
        );
        all.push(s);
    }

    // The console's own read budget used up (3 reads an hour here: the token check takes two),
    // so a read is refused before anything is sent.
    let mut s = Session::open_with(
        "read-budget",
        "A read budget of 3 Graph reads an hour: the token check and one health read use it up.",
        |config| config.reads_per_hour = std::num::NonZeroU32::new(3).unwrap(),
    );
    s.with_token();
    s.health(Some(OWN)).unwrap();
    s.health(Some(OWN)).unwrap_err();
    all.push(s);

    // The browser tests' walks through the app (ui/e2e/mock-ipc.test.mjs), where the Token page
    // reads the checklist after a token is stored.
    let mut s = Session::open(
        "e2e-doctor",
        "The sandbox token stored from the Token page; the doctor, its export, the checklist.",
    );
    s.checklist_page();
    s.with_token();
    s.checklist_page();
    let report = s.doctor(None).unwrap();
    s.export_doctor(report);
    s.checklist().unwrap();
    s.quality();
    all.push(s);

    let mut s = Session::open("e2e-audit", "A token Meta refuses, the sandbox token, the healthy scenario, the doctor on v21.0, the audit log and its export.");
    s.checklist_page();
    s.token("EAAnot-a-real-token", false).unwrap();
    s.checklist_page();
    s.with_token();
    s.checklist_page();
    s.scenario("healthy");
    s.shell();
    s.doctor(Some("v21.0")).unwrap();
    s.checklist().unwrap();
    s.shell();
    s.ok("export_audit", json!({ "format": "csv" }));
    all.push(s);

    let mut s = Session::open("e2e-numbers", "The sandbox token stored from the Token page; the fresh number verified, given a PIN and registered until CONNECTED; an ID check.");
    s.checklist_page();
    s.with_token();
    s.checklist_page();
    s.numbers_page();
    s.register("135790", false).unwrap_err();
    s.numbers_page();
    s.verify_ownership();
    s.set_pin("135790");
    s.register_until_connected("135790", Duration::from_secs(1));
    s.checklist().unwrap();
    s.numbers_page();
    s.check_id(WABA, "phoneNumberId");
    all.push(s);

    // The scenarios the Profiles page offers, each read by the token card, the doctor and the
    // Numbers page.
    for scenario in [
        "expired-token",
        "user-token",
        "red-quality",
        "register-fails",
        "missing-scope",
        "yellow",
    ] {
        let mut s = Session::open(
            format!("scenario-{scenario}"),
            "The sandbox token stored, then the sandbox switched to this scenario.",
        );
        s.with_token();
        s.scenario(scenario);
        s.shell();
        let _ = s.checklist();
        let _ = s.doctor(None);
        s.quality();
        s.numbers_page();
        let _ = s.register("246810", false);
        s.numbers_page();
        all.push(s);
    }

    // Templates on the healthy sandbox: sync, the list and its filters, one template, a draft
    // kept and discarded, lint, a create refused by the linter, one needing confirmation, then
    // sent and approved on the sandbox clock; the edit limits, an edit and the next one refused;
    // a delete asked to confirm, then confirmed.
    let mut s = Session::open(
        "templates",
        "The healthy sandbox's templates synced, filtered, shown, linted, created, edited and deleted.",
    );
    s.with_token();
    s.scenario("healthy");
    s.shell();
    let filter = |fields: Value| {
        let mut f = json!({ "profileId": "sandbox", "status": null, "category": null, "language": null, "search": null });
        for (k, v) in fields.as_object().unwrap() {
            f[k] = v.clone();
        }
        json!({ "filter": f })
    };
    s.ok("list_templates", filter(json!({})));
    s.ok("sync_templates", profile("sandbox"));
    s.ok("list_templates", filter(json!({})));
    s.ok("list_templates", filter(json!({ "status": "REJECTED" })));
    s.ok(
        "list_templates",
        filter(json!({ "language": "es", "search": "pedido" })),
    );
    s.ok(
        "get_template",
        json!({ "template": { "profileId": "sandbox", "templateId": null, "name": "order_update", "language": null } }),
    );
    let typed = r#"{"name": "order_late", "language": "en_US", "components": [{"type": "BODY", "text": "{{1}} your order"#;
    s.ok(
        "lint_template",
        request(json!({ "profileId": "sandbox", "text": typed })),
    );
    s.ok(
        "save_template_draft",
        request(json!({ "profileId": "sandbox", "draftId": null, "text": typed })),
    );
    s.ok("list_template_drafts", profile("sandbox"));
    s.ok("discard_template_draft", json!({ "draftId": "draft1" }));
    s.ok("list_template_drafts", profile("sandbox"));
    let create = |draft: Value, confirm: bool| {
        request(
            json!({ "profileId": "sandbox", "draft": draft, "confirmWarnings": confirm, "draftId": null }),
        )
    };
    let utility = |name: &str, text: &str| {
        json!({ "name": name, "language": "en_US", "category": "UTILITY", "components": [
            { "type": "BODY", "text": text, "example": { "body_text": [["Maria", "A-1042"]] } }] })
    };
    s.err(
        "create_template",
        create(
            utility("order_late", "{{1}}, your order {{2}} is late."),
            false,
        ),
    );
    let promo = utility(
        "order_thanks",
        "Hi {{1}}, thanks for order {{2}}! Enjoy 20% off your next purchase with our exclusive discount.",
    );
    s.err("create_template", create(promo.clone(), false));
    let good = utility(
        "pickup_ready",
        "Hi {{1}}, your order {{2}} is ready for pickup at the front desk.",
    );
    s.ok(
        "lint_template",
        request(json!({ "profileId": "sandbox", "text": good.to_string() })),
    );
    let created = s.ok("create_template", create(good, false));
    let created_id = created["template"]["id"].as_str().unwrap().to_owned();
    s.ok("list_templates", filter(json!({ "status": "PENDING" })));
    s.control(Control::AdvanceClock(Duration::from_secs(61)));
    s.ok("sync_templates", profile("sandbox"));
    let limits = json!({ "profileId": "sandbox", "templateId": created_id });
    s.ok("template_edit_limits", limits.clone());
    let edit = request(
        json!({ "profileId": "sandbox", "templateId": created_id, "category": null,
        "components": [{ "type": "BODY", "text": "Hi {{1}}, your order {{2}} is ready for pickup at the back door.",
            "example": { "body_text": [["Maria", "A-1042"]] } }],
        "messageSendTtlSeconds": null, "confirmWarnings": false }),
    );
    s.ok("edit_template", edit.clone());
    s.ok("template_edit_limits", limits);
    s.err("edit_template", edit);
    let delete = |confirmed: bool| {
        request(
            json!({ "profileId": "sandbox", "name": "pickup_ready", "language": null, "confirmed": confirmed }),
        )
    };
    s.err("delete_template", delete(false));
    s.ok("delete_template", delete(true));
    s.ok("list_templates", filter(json!({})));
    s.shell();
    all.push(s);

    // The Templates page (list and detail) on the healthy sandbox: a first visit that syncs once,
    // the filters (one matching nothing), a rejected and an approved template's edit limits and a
    // refresh, the delete warning for one language and for the name, then one language deleted;
    // two drafts kept (one not valid JSON yet) and one discarded; a template created and followed
    // from PENDING until the sandbox clock approves it.
    {
        const SPRING_SALE: &str = "594425479261597";
        const ORDER_UPDATE_ES: &str = "1166414785519856";
        const HELLO_WORLD: &str = "1689556908129832";
        let mut s = Session::open(
            "templates-page",
            "The Templates page on the healthy sandbox: first sync, filters, details, a delete, drafts, and a new template followed until APPROVED.",
        );
        s.with_token();
        s.scenario("healthy");
        let filter = |fields: Value| {
            let mut f = json!({ "profileId": "sandbox", "status": null, "category": null, "language": null, "search": null });
            for (k, v) in fields.as_object().unwrap() {
                f[k] = v.clone();
            }
            json!({ "filter": f })
        };
        // What the page reads in every state: the frame, the whole cached list and the drafts.
        let page = |s: &mut Session| {
            s.shell();
            s.ok("list_templates", filter(json!({})));
            s.ok("list_template_drafts", profile("sandbox"));
        };
        let limits = |s: &mut Session, id: &str| {
            s.ok(
                "template_edit_limits",
                json!({ "profileId": "sandbox", "templateId": id }),
            );
        };
        let by_id = |id: &str| json!({ "template": { "profileId": "sandbox", "templateId": id, "name": null, "language": null } });
        page(&mut s);
        s.ok("sync_templates", profile("sandbox"));
        page(&mut s);
        s.ok("list_templates", filter(json!({ "status": "REJECTED" })));
        s.ok("list_templates", filter(json!({ "search": "order" })));
        s.ok(
            "list_templates",
            filter(json!({ "status": "REJECTED", "search": "order" })),
        );
        limits(&mut s, SPRING_SALE);
        limits(&mut s, ORDER_UPDATE_ES);
        limits(&mut s, HELLO_WORLD);
        s.ok("get_template", by_id(SPRING_SALE));
        let delete = |language: Option<&str>, confirmed: bool| {
            request(
                json!({ "profileId": "sandbox", "name": "order_update", "language": language, "confirmed": confirmed }),
            )
        };
        s.err("delete_template", delete(Some("es"), false));
        s.err("delete_template", delete(None, false));
        s.ok("delete_template", delete(Some("es"), true));
        page(&mut s);
        for text in [
            r#"{"name": "order_delayed", "language": "en_US", "category": "UTILITY", "components": []}"#,
            r#"{"name": "ship"#,
        ] {
            s.ok(
                "save_template_draft",
                request(json!({ "profileId": "sandbox", "draftId": null, "text": text })),
            );
        }
        page(&mut s);
        s.ok("discard_template_draft", json!({ "draftId": "draft2" }));
        page(&mut s);
        let draft = json!({ "name": "table_ready", "language": "en_US", "category": "UTILITY", "components": [
            { "type": "BODY", "text": "Hi {{1}}, your table for {{2}} is ready at the front desk.",
              "example": { "body_text": [["Maria", "four"]] } }] });
        let created = s.ok(
            "create_template",
            request(
                json!({ "profileId": "sandbox", "draft": draft, "confirmWarnings": false, "draftId": null }),
            ),
        );
        let created_id = created["template"]["id"].as_str().unwrap().to_owned();
        s.ok("get_template", by_id(&created_id));
        page(&mut s);
        s.control(Control::AdvanceClock(Duration::from_secs(61)));
        s.ok("get_template", by_id(&created_id));
        page(&mut s);
        limits(&mut s, &created_id);
        all.push(s);
    }

    // The template editor (ui/src/features/templates/TemplateEditorPage.test.tsx) on the healthy
    // sandbox, synced: an approved template's edit with its limits, and the next edit refused
    // within 24 h; then a new template typed in the form (a body starting with {{1}}, fixed),
    // kept as a draft and continued, edited in the JSON view (valid, then broken), and finally a
    // promotional UTILITY text confirmed and created from the draft. The texts are what the
    // editor writes: its draft serialized as Meta's create JSON, two-space indented, in the
    // order of the draft's fields (the editor's `draftToText`).
    {
        use waba_core::template_lint::TemplateDraft;

        const ORDER_UPDATE: &str = "1166414785519855";
        let every = json!({ "filter": { "profileId": "sandbox", "status": null, "category": null, "language": null, "search": null } });
        let text_of = |draft: Value| -> String {
            let draft: TemplateDraft = serde_json::from_value(draft).unwrap();
            serde_json::to_string_pretty(&draft).unwrap()
        };
        // The synced template as the editor opens it: its create JSON.
        let opened = |listing: &Value| -> Value {
            let t = listing["templates"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["id"] == ORDER_UPDATE)
                .unwrap();
            let mut draft = json!({ "name": t["name"], "language": t["language"],
                "category": t["category"]["value"], "components": t["components"] });
            if !t["parameterFormat"].is_null() {
                draft["parameter_format"] = t["parameterFormat"].clone();
            }
            draft
        };
        let lint = |s: &mut Session, text: &str| {
            s.ok(
                "lint_template",
                request(json!({ "profileId": "sandbox", "text": text })),
            );
        };
        // An edit's lint leaves the edited template out of the duplicate checks.
        let lint_edit = |s: &mut Session, text: &str| {
            s.ok(
                "lint_template",
                request(json!({ "profileId": "sandbox", "text": text, "editing": ORDER_UPDATE })),
            );
        };
        let limits = json!({ "profileId": "sandbox", "templateId": ORDER_UPDATE });
        // What the editor of order_update reads: the cached list, the edit limits, its lint.
        let edit_page = |s: &mut Session| -> Value {
            s.shell();
            let listing = s.ok("list_templates", every.clone());
            s.ok("template_edit_limits", limits.clone());
            let draft = opened(&listing);
            lint_edit(s, &text_of(draft.clone()));
            draft
        };
        // What the detail view reads after a submit (the template refreshed from Meta while it is
        // in review), and the kept drafts read again.
        let detail = |s: &mut Session, id: &str| {
            s.ok("list_templates", every.clone());
            s.ok(
                "template_edit_limits",
                json!({ "profileId": "sandbox", "templateId": id }),
            );
            s.ok(
                "get_template",
                json!({ "template": { "profileId": "sandbox", "templateId": id, "name": null, "language": null } }),
            );
            s.ok("list_template_drafts", profile("sandbox"));
        };
        let utility = |name: &str, text: &str, example: Option<Value>| {
            let mut body = json!({ "type": "BODY", "text": text });
            if let Some(example) = example {
                body["example"] = example;
            }
            text_of(
                json!({ "name": name, "language": "en_US", "category": "UTILITY", "components": [body] }),
            )
        };
        let maria = || Some(json!({ "body_text": [["Maria"]] }));
        let save = |s: &mut Session, draft_id: Option<&str>, text: &str| {
            s.ok(
                "save_template_draft",
                request(json!({ "profileId": "sandbox", "draftId": draft_id, "text": text })),
            );
        };
        let kept_draft = |s: &mut Session, text: &str| {
            s.shell();
            s.ok("list_template_drafts", profile("sandbox"));
            lint(s, text);
        };

        let mut s = Session::open(
            "template-editor",
            "The template editor on the synced healthy sandbox: an approved template edited once, then refused; a new template typed, kept, continued, broken and fixed in JSON, confirmed and created.",
        );
        s.with_token();
        s.scenario("healthy");
        s.ok("sync_templates", profile("sandbox"));

        // order_update's body edited once: the limits before, then the next edit refused.
        let mut draft = edit_page(&mut s);
        draft["components"][0]["text"] =
            json!("Hi {{1}}, your order {{2}} has shipped and should arrive within 2 days.");
        lint_edit(&mut s, &text_of(draft.clone()));
        s.ok(
            "edit_template",
            request(
                json!({ "profileId": "sandbox", "templateId": ORDER_UPDATE, "category": null,
                "components": draft["components"], "messageSendTtlSeconds": null, "confirmWarnings": false }),
            ),
        );
        s.ok("template_edit_limits", limits.clone());
        detail(&mut s, ORDER_UPDATE);
        edit_page(&mut s);

        // A new template: the body typed starting with {{1}}, then fixed; kept and continued.
        s.shell();
        lint(&mut s, &utility("", "", None));
        let fixed = utility("", "Hi {{1}}, your order is late.", None);
        lint(&mut s, &fixed);
        lint(&mut s, &utility("", "{{1}} your order is late.", None));
        save(&mut s, None, &fixed);
        kept_draft(&mut s, &fixed);

        // In the JSON view: a name and an example, then a comma lost (kept as typed).
        let named = utility("order_late", "Hi {{1}}, your order is late.", maria());
        lint(&mut s, &named);
        let broken = named.replacen("\"order_late\",", "\"order_late\"", 1);
        lint(&mut s, &broken);
        save(&mut s, Some("draft1"), &broken);

        // The kept broken draft replaced by a promotional UTILITY text: a warning, confirmed.
        kept_draft(&mut s, &broken);
        let promo = utility(
            "order_thanks",
            "Hi {{1}}, thanks for your order! Enjoy 20% off your next purchase with our exclusive discount.",
            maria(),
        );
        lint(&mut s, &promo);
        save(&mut s, Some("draft1"), &promo);
        let created = s.ok(
            "create_template",
            request(json!({ "profileId": "sandbox", "draft": serde_json::from_str::<Value>(&promo).unwrap(),
                "confirmWarnings": true, "draftId": "draft1" })),
        );
        detail(&mut s, created["template"]["id"].as_str().unwrap());
        // The submitted draft opened again: it is gone. A new one typed, kept, then discarded.
        s.shell();
        lint(&mut s, &utility("", "", None));
        let throwaway = utility("", "Not this one.", None);
        lint(&mut s, &throwaway);
        save(&mut s, None, &throwaway);
        s.ok("discard_template_draft", json!({ "draftId": "draft2" }));
        s.shell();
        s.ok("list_templates", every.clone());
        s.ok("list_template_drafts", profile("sandbox"));
        all.push(s);
    }

    // A create Meta refuses although the linter passes (TemplateEditorPage.test.tsx): the approved
    // order_update deleted (both languages), then a new template of that name typed in the form,
    // kept as a draft, and submitted twice; Meta refuses the name for 30 days (100/2388023).
    {
        use waba_core::template_lint::TemplateDraft;

        let mut s = Session::open(
            "template-editor-refused",
            "The template editor on the synced healthy sandbox: the approved order_update deleted, then a new order_update that lints clean refused by Meta (2388023), twice.",
        );
        s.with_token();
        s.scenario("healthy");
        s.ok("sync_templates", profile("sandbox"));
        s.ok(
            "delete_template",
            request(
                json!({ "profileId": "sandbox", "name": "order_update", "language": null, "confirmed": true }),
            ),
        );

        // The texts are what the editor writes (its `draftToText`), as in "template-editor".
        let text_of = |draft: &Value| -> String {
            let draft: TemplateDraft = serde_json::from_value(draft.clone()).unwrap();
            serde_json::to_string_pretty(&draft).unwrap()
        };
        let lint = |s: &mut Session, text: &str| -> Value {
            s.ok(
                "lint_template",
                request(json!({ "profileId": "sandbox", "text": text })),
            )
        };
        s.shell();
        lint(
            &mut s,
            &text_of(
                &json!({ "name": "", "language": "en_US", "category": "UTILITY",
                "components": [{ "type": "BODY", "text": "" }] }),
            ),
        );
        let reused = json!({ "name": "order_update", "language": "en_US", "category": "UTILITY",
            "components": [{ "type": "BODY", "text": "Hi {{1}}, your order is on its way.",
                "example": { "body_text": [["Maria"]] } }] });
        // The linter cannot know the name was deleted: it passes.
        let report = lint(&mut s, &text_of(&reused));
        assert_eq!(
            (&report["errors"], &report["warnings"]),
            (&json!(0), &json!(0)),
            "{report}"
        );
        s.ok(
            "save_template_draft",
            request(json!({ "profileId": "sandbox", "draftId": null, "text": text_of(&reused) })),
        );
        let create = request(
            json!({ "profileId": "sandbox", "draft": reused, "confirmWarnings": false, "draftId": "draft1" }),
        );
        for _ in 0..2 {
            let refused = s.err("create_template", create.clone());
            assert_eq!(refused["code"], "graph", "{refused}");
            assert_eq!(refused["details"]["subcode"], 2388023, "{refused}");
        }
        all.push(s);
    }

    // The template editor where it used to lose what the admin did (EditorRobustness.test.tsx),
    // on the synced healthy sandbox: a new template kept as a draft shows in the drafts strip on
    // going back, and continuing it opens its newest text (read again on opening); then, with the
    // approved order_update deleted, the continued draft renamed order_update and refused by Meta
    // (2388023), and the refusal gone once the text changes.
    {
        use waba_core::template_lint::TemplateDraft;

        let mut s = Session::open(
            "template-editor-robust",
            "The template editor on the synced healthy sandbox: a new draft in the drafts strip on going back and continued at its newest text; a create Meta refuses, whose refusal goes once the text changes.",
        );
        s.with_token();
        s.scenario("healthy");
        s.ok("sync_templates", profile("sandbox"));

        // The texts are what the editor writes (its `draftToText`), as in "template-editor".
        let utility = |name: &str, text: &str, example: Option<Value>| -> String {
            let mut body = json!({ "type": "BODY", "text": text });
            if let Some(example) = example {
                body["example"] = example;
            }
            let draft: TemplateDraft = serde_json::from_value(
                json!({ "name": name, "language": "en_US", "category": "UTILITY", "components": [body] }),
            )
            .unwrap();
            serde_json::to_string_pretty(&draft).unwrap()
        };
        let lint = |s: &mut Session, text: &str| -> Value {
            s.ok(
                "lint_template",
                request(json!({ "profileId": "sandbox", "text": text })),
            )
        };
        let save = |s: &mut Session, draft_id: Option<&str>, text: &str| {
            s.ok(
                "save_template_draft",
                request(json!({ "profileId": "sandbox", "draftId": draft_id, "text": text })),
            );
        };
        // What the Templates page reads: the frame, the whole cached list and the drafts.
        let page = |s: &mut Session| {
            s.shell();
            s.ok(
                "list_templates",
                json!({ "filter": { "profileId": "sandbox", "status": null, "category": null, "language": null, "search": null } }),
            );
            s.ok("list_template_drafts", profile("sandbox"));
        };
        // What a continued draft reads: the drafts (always read again on opening), its lint.
        let continued = |s: &mut Session, text: &str| {
            s.shell();
            s.ok("list_template_drafts", profile("sandbox"));
            lint(s, text);
        };

        // A new template typed and kept; back on the list, then continued, changed and kept again.
        page(&mut s);
        lint(&mut s, &utility("", "", None));
        let table = utility("", "Hi {{1}}, your table is ready.", None);
        lint(&mut s, &table);
        save(&mut s, None, &table);
        page(&mut s);
        continued(&mut s, &table);
        let table_for_two = utility("", "Hi {{1}}, your table for two is ready.", None);
        lint(&mut s, &table_for_two);
        save(&mut s, Some("draft1"), &table_for_two);
        page(&mut s);
        continued(&mut s, &table_for_two);

        // order_update deleted; the draft renamed order_update: clean for the linter, refused by
        // Meta; then renamed again.
        s.ok(
            "delete_template",
            request(
                json!({ "profileId": "sandbox", "name": "order_update", "language": null, "confirmed": true }),
            ),
        );
        continued(&mut s, &table_for_two);
        let maria = || Some(json!({ "body_text": [["Maria"]] }));
        let reused = utility(
            "order_update",
            "Hi {{1}}, your order is on its way.",
            maria(),
        );
        let report = lint(&mut s, &reused);
        assert_eq!(
            (&report["errors"], &report["warnings"]),
            (&json!(0), &json!(0)),
            "{report}"
        );
        save(&mut s, Some("draft1"), &reused);
        let refused = s.err(
            "create_template",
            request(json!({ "profileId": "sandbox", "draft": serde_json::from_str::<Value>(&reused).unwrap(),
                "confirmWarnings": false, "draftId": "draft1" })),
        );
        assert_eq!(refused["details"]["subcode"], 2388023, "{refused}");
        let renamed = utility(
            "order_update_v2",
            "Hi {{1}}, your order is on its way.",
            maria(),
        );
        lint(&mut s, &renamed);
        save(&mut s, Some("draft1"), &renamed);
        all.push(s);
    }

    // The Webhooks page's app secret and local receiver (WebhooksPage.test.tsx), on the fresh
    // sandbox with its token: an empty app secret refused, the sandbox's stored, the receiver
    // started on any free port with a verify token, a signed test event sent and found in the
    // feed (filtered and searched), the receiver stopped, then the app secret removed.
    {
        let mut s = Session::open(
            "webhooks-receiver",
            "The Webhooks page on the fresh sandbox: the sandbox's app secret stored, the local receiver started on port 0, a signed test event in the feed, the receiver stopped, the app secret removed.",
        );
        s.with_token();
        s.webhooks_page();
        s.err(
            "set_app_secret",
            request(json!({ "profileId": "sandbox", "appSecret": "" })),
        );
        s.receiver_with_secret();
        s.webhooks_page();
        let sent = s.ok("send_test_webhook_event", profile("sandbox"));
        assert_eq!(sent["httpStatus"], json!(200), "{sent}");
        s.webhooks_page();
        for prefix in ["status.", "message."] {
            s.ok("webhook_events", webhook_feed(Some(prefix), None));
        }
        s.ok("webhook_events", webhook_feed(None, Some("sent")));
        s.ok(
            "webhook_events",
            webhook_feed(None, Some("nothing like this")),
        );
        s.ok("stop_local_receiver", json!({}));
        s.webhooks_page();
        s.ok("clear_app_secret", profile("sandbox"));
        s.webhooks_page();
        all.push(s);
    }

    // The Webhooks page's receiver before it is started, then started twice (a restart) and
    // stopped (WebhooksPage.test.tsx), on the fresh sandbox with its token and app secret.
    {
        let mut s = Session::open(
            "webhooks-receiver-restart",
            "The Webhooks page on the fresh sandbox with the sandbox's app secret: the local receiver started on port 0, restarted, stopped.",
        );
        s.with_token();
        let info = s.invoke_raw("sandbox_info", json!({})).unwrap();
        let app_secret = info["sampleAppSecret"].as_str().unwrap().to_owned();
        s.ok(
            "set_app_secret",
            request(json!({ "profileId": "sandbox", "appSecret": app_secret })),
        );
        s.webhooks_page();
        let start = request(
            json!({ "profileId": "sandbox", "port": 0, "listenOnAllInterfaces": false,
                "verifyToken": RECEIVER_VERIFY_TOKEN }),
        );
        for _ in 0..2 {
            let started = s.ok("start_local_receiver", start.clone());
            assert_eq!(started["running"], json!(true), "{started}");
            s.webhooks_page();
        }
        s.ok("stop_local_receiver", json!({}));
        s.webhooks_page();
        all.push(s);
    }

    // The Webhooks page's subscription and routing (WebhooksRouting.test.tsx), on the fresh
    // sandbox (not subscribed) with its token, app secret and the receiver running: a number
    // override refused before subscribing (Meta's order), the app subscribed, the app's webhook
    // set to the receiver, the WABA override (an empty verify token refused first) and the
    // number override set to the receiver, each checked by the sandbox's GET challenge; then
    // cleared the other way round, and the app unsubscribed.
    {
        let mut s = Session::open(
            "webhooks-routing",
            "The Webhooks page on the fresh sandbox with the receiver running: subscribed, the app's webhook, the WABA and number overrides set to the receiver and cleared, unsubscribed.",
        );
        s.with_token();
        let receiver = s.receiver_with_secret();
        s.webhooks_page();
        let callback = json!({ "url": receiver, "verifyToken": RECEIVER_VERIFY_TOKEN });
        let number_override = |over: Value| {
            request(
                json!({ "profileId": "sandbox", "phoneNumberId": null, "overrideCallback": over }),
            )
        };
        let subscribe =
            |over: Value| request(json!({ "profileId": "sandbox", "overrideCallback": over }));
        s.err("set_number_override", number_override(callback.clone()));
        s.ok("subscribe_app", subscribe(Value::Null));
        s.webhooks_page();
        s.ok(
            "set_app_webhook",
            request(json!({ "profileId": "sandbox", "callbackUrl": receiver,
                "verifyToken": RECEIVER_VERIFY_TOKEN,
                "fields": ["messages", "message_template_status_update", "phone_number_quality_update",
                    "phone_number_name_update", "account_update"] })),
        );
        s.webhooks_page();
        s.err(
            "subscribe_app",
            subscribe(json!({ "url": receiver, "verifyToken": "" })),
        );
        s.ok("subscribe_app", subscribe(callback.clone()));
        s.webhooks_page();
        s.ok("set_number_override", number_override(callback.clone()));
        s.webhooks_page();
        // The routing alone (the CLI's `waba webhook routing`; the page reads it in the overview).
        s.ok(
            "webhook_routing",
            json!({ "profileId": "sandbox", "phoneNumberId": null }),
        );
        s.ok("set_number_override", number_override(Value::Null));
        s.webhooks_page();
        s.ok("subscribe_app", subscribe(Value::Null));
        s.webhooks_page();
        s.ok("unsubscribe_app", profile("sandbox"));
        s.webhooks_page();
        all.push(s);
    }

    // The Webhooks page's probe (WebhooksProbe.test.tsx), on the fresh sandbox with its token,
    // app secret and the receiver running: a URL that is not one refused, then the receiver
    // itself probed (everything passes but HTTPS: it is plain http on this machine), its signed
    // event in the feed and the report kept as the last probe.
    {
        let mut s = Session::open(
            "webhooks-probe",
            "The Webhooks page on the fresh sandbox with the receiver running: a probe refused for a URL that is not one, then the receiver probed (all but HTTPS pass).",
        );
        s.with_token();
        let receiver = s.receiver_with_secret();
        s.webhooks_page();
        let probe = |url: &str| {
            request(json!({ "profileId": "sandbox", "callbackUrl": url,
                "verifyToken": RECEIVER_VERIFY_TOKEN }))
        };
        s.err("probe_webhook", probe("not a url"));
        let report = s.ok("probe_webhook", probe(&receiver));
        assert_eq!(report["passed"], json!(false), "{report}");
        s.webhooks_page();
        all.push(s);
    }

    // The Messages page (MessagesPage.test.tsx) on the healthy sandbox with its token and the
    // receiver routed as the WABA's override: the empty log; a template read by its recipient,
    // one only delivered, one Meta refuses (132001), each awaited until it settles; a reply from
    // a test recipient; the log filtered, each message opened, the funnel, the approved
    // templates; a burst of 3 to one recipient followed to its end and its messages settled;
    // the reply marked as read; the finished burst cancelled (it stays done).
    {
        let mut s = Session::open(
            "messages",
            "The Messages page on the healthy sandbox with the receiver routed: templates read, delivered and refused, a reply, the log filtered and opened, the funnel, a burst of 3, the reply marked as read.",
        );
        s.with_token();
        s.scenario("healthy");
        s.messages_page();
        s.ok("sync_templates", profile("sandbox"));
        let receiver = s.receiver_with_secret();
        s.ok(
            "subscribe_app",
            request(json!({ "profileId": "sandbox",
                "overrideCallback": { "url": receiver, "verifyToken": RECEIVER_VERIFY_TOKEN } })),
        );
        let read = s.send_until(READER, template("hello_world"), "read");
        // As typed, with spaces and a +: the log holds its E.164 digits.
        let delivered = s.send_until("+1 650 555 1236", template("hello_world"), "delivered");
        let refused = s.err(
            "send_message",
            compose(READER, template("no_such_template")),
        );
        assert_eq!(refused["details"]["code"], json!(132001), "{refused}");
        s.sandbox_post(
            &format!("recipients/{REPLIER}/reply"),
            json!({ "text": "Thanks, got it!" }),
        );
        s.wait_for(
            "the reply stored",
            "webhook_events",
            inbound_messages(),
            |a| a["events"].as_array().is_some_and(|e| !e.is_empty()),
        );
        s.messages_page();
        for filters in [
            json!({ "status": "read" }),
            json!({ "recipient": "+1 650 555 1236" }),
            // A search, then a type added to it; a first day, then a last day (none match).
            json!({ "search": "hello" }),
            json!({ "search": "hello", "kind": "template" }),
            json!({ "since": "2020-01-01" }),
            json!({ "since": "2020-01-01", "until": "2020-01-31" }),
        ] {
            s.ok("message_log", message_log(filters));
        }
        for id in [read, delivered, read + 2] {
            s.ok(
                "message_detail",
                json!({ "message": { "profileId": "sandbox", "messageId": id } }),
            );
        }
        s.ok(
            "delivery_funnel",
            request(json!({ "profileId": "sandbox", "since": null, "until": null })),
        );
        s.ok("list_templates", approved_templates());
        let inbound = s.ok("webhook_events", inbound_messages());

        let burst = s.ok(
            "start_burst",
            request(json!({ "profileId": "sandbox", "template": "hello_world",
                "language": "en_US", "count": 3, "to": ["+1 650 555 1236"], "parameters": [], "confirmed": false })),
        );
        assert_eq!(burst["state"], json!("running"), "{burst}");
        let progress = json!({ "burstId": burst["burstId"] });
        s.wait_for("the burst's end", "burst_progress", progress.clone(), |p| {
            p["state"] != json!("running")
        });
        s.wait_for(
            "the burst audited",
            "audit_log",
            json!({ "limit": AUDIT_LIMIT }),
            |a| {
                a["entries"]
                    .as_array()
                    .is_some_and(|e| e.iter().any(|e| e["action"] == json!("burstSent")))
            },
        );
        s.wait_for(
            "the burst's messages delivered",
            "message_log",
            message_log(json!({})),
            |page| {
                page["messages"].as_array().is_some_and(|m| {
                    m.iter().all(|m| {
                        !matches!(
                            m["status"].as_str(),
                            Some("pending" | "accepted" | "sent" | "unknown")
                        )
                    })
                })
            },
        );
        let done = s.ok("burst_progress", progress.clone());
        assert_eq!(
            (done["state"].clone(), done["accepted"].clone()),
            (json!("done"), json!(3)),
            "{done}"
        );
        s.messages_page();
        s.ok("list_templates", approved_templates());
        s.ok(
            "delivery_funnel",
            request(json!({ "profileId": "sandbox", "since": null, "until": null })),
        );
        s.ok("webhook_events", inbound_messages());

        // The reply's ID as recorded; the real one stands behind it in the arguments.
        let wamid = inbound["events"][0]["event"]["message"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let real = s.invoke_raw("webhook_events", inbound_messages()).unwrap()["events"][0]
            ["event"]["message"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        s.norm.replace(real, wamid.clone());
        s.ok(
            "mark_message_read",
            request(json!({ "profileId": "sandbox", "wamid": wamid })),
        );
        s.ok("webhook_events", inbound_messages());
        // Cancel after the end changes nothing: the burst stays done with its figures.
        let cancelled = s.ok("cancel_burst", progress);
        assert_eq!(cancelled["state"], json!("done"), "{cancelled}");
        all.push(s);
    }

    // The Messages page following messages Meta accepted (MessagesPage.test.tsx), on the healthy
    // sandbox with its token and no receiver: no status comes, so each stays accepted; the log
    // and the opened message read again while they wait, and a second send (from the CLI)
    // shows up without a reload.
    {
        let mut s = Session::open(
            "messages-waiting",
            "The Messages page on the healthy sandbox without a receiver: two templates accepted, one after the other, no status since.",
        );
        s.with_token();
        s.scenario("healthy");
        for to in [REPLIER, NON_READER] {
            let sent = s.ok("send_message", compose(to, template("hello_world")));
            assert_eq!(sent["message"]["status"], json!("accepted"), "{sent}");
            s.messages_page();
            s.ok(
                "message_detail",
                json!({ "message": { "profileId": "sandbox", "messageId": sent["message"]["id"] } }),
            );
        }
        all.push(s);
    }

    // The Send page (SendPage.test.tsx) on the healthy sandbox with its token and the templates
    // synced, the window's receiver not running: the recipient parsed as typed (a Mexican number
    // with its old mobile 1, digits without a +, words), a text to a recipient who never wrote
    // (blocked by the window, then sent anyway knowingly), "Use a template instead", order_update
    // filled in one value at a time and sent; a text send refused before Meta is asked.
    {
        /// The Send page's text message.
        fn text(body: &str) -> Value {
            json!({ "type": "text", "body": body, "previewUrl": false })
        }
        /// The Send page's order_update (en_US): its two body values and the end of its URL.
        fn order_update(name: &str, order: &str, track: &str) -> Value {
            let value = |text: &str| json!({ "type": "text", "text": text });
            json!({ "type": "template", "name": "order_update", "language": "en_US", "components": [
                { "type": "body", "parameters": [value(name), value(order)] },
                { "type": "button", "subType": "url", "index": 0, "parameters": [value(track)] },
            ] })
        }
        let mut s = Session::open(
            "send",
            "The Send page on the healthy sandbox, templates synced, no receiver: recipients parsed, a text blocked by the 24-hour window and sent anyway, a template filled in and sent, a blocked send refused.",
        );
        s.with_token();
        s.scenario("healthy");
        s.ok("sync_templates", profile("sandbox"));
        let every_template = json!({ "filter": { "profileId": "sandbox", "status": null,
            "category": null, "language": null, "search": null } });
        // What the page reads as it opens (and the Templates page, visited in between).
        s.shell();
        s.ok("list_templates", every_template.clone());
        s.ok("list_template_drafts", profile("sandbox"));
        s.ok("send_limits", profile("sandbox"));
        let preview = |s: &mut Session, compose: Value| s.ok("preview_send", compose);
        let empty = preview(&mut s, compose("", text("")));
        assert_eq!(empty["blocked"], json!(true), "{empty}");
        for to in ["+52 1 55 1234 5678", READER, "call me maybe"] {
            preview(&mut s, compose(to, text("")));
        }
        let never_wrote = preview(&mut s, compose(READER, text("Hello there")));
        assert_eq!(
            never_wrote["window"]["state"],
            json!("neverWrote"),
            "{never_wrote}"
        );
        assert_eq!(never_wrote["blocked"], json!(true), "{never_wrote}");
        let mut anyway = compose(READER, text("Hello there"));
        anyway["request"]["sendOutsideWindow"] = json!(true);
        let knowingly = preview(&mut s, anyway);
        assert_eq!(knowingly["blocked"], json!(false), "{knowingly}");
        let no_template =
            json!({ "type": "template", "name": "", "language": "", "components": [] });
        preview(&mut s, compose(READER, no_template));
        for (name, order, track) in [
            ("", "", ""),
            ("Maria", "", ""),
            ("Maria", "A-1042", ""),
            ("Maria", "A-1042", "A-1042"),
        ] {
            preview(&mut s, compose(READER, order_update(name, order, track)));
        }
        let filled = compose(READER, order_update("Maria", "A-1042", "A-1042"));
        let sent = s.ok("send_message", filled);
        assert_eq!(sent["message"]["status"], json!("accepted"), "{sent}");
        let blocked = s.err("send_message", compose(READER, text("Hello there")));
        assert_eq!(blocked["code"], json!("sendBlocked"), "{blocked}");
        // A template kept in a draft that the WABA no longer has: Meta refuses it (132001), and
        // the log keeps it as refused.
        s.shell();
        s.ok("list_templates", every_template.clone());
        s.ok("send_limits", profile("sandbox"));
        let gone = compose(READER, template("no_such_template"));
        s.ok("preview_send", gone.clone());
        let refused = s.err("send_message", gone);
        assert_eq!(refused["details"]["code"], json!(132001), "{refused}");
        all.push(s);
    }

    // The Send page's send limits (SendPage.test.tsx) on the fresh sandbox with its token: the
    // defaults, a figure out of range refused field by field, then new limits saved.
    {
        let mut s = Session::open(
            "send-limits",
            "The Send page's send limits on the fresh sandbox: the defaults, an out-of-range figure refused, new limits saved.",
        );
        s.with_token();
        let page = |s: &mut Session| {
            s.shell();
            s.ok(
                "list_templates",
                json!({ "filter": { "profileId": "sandbox", "status": null, "category": null,
                    "language": null, "search": null } }),
            );
            s.ok("send_limits", profile("sandbox"));
            s.ok(
                "preview_send",
                compose(
                    "",
                    json!({ "type": "text", "body": "", "previewUrl": false }),
                ),
            );
        };
        page(&mut s);
        let limits = |mps: u32| {
            request(json!({ "profileId": "sandbox", "limits": {
                "messagesPerSecond": mps, "pairIntervalSeconds": 6, "pairBurst": 45 } }))
        };
        let refused = s.err("set_send_limits", limits(0));
        assert_eq!(
            refused["details"]["fields"][0]["field"],
            json!("messagesPerSecond"),
            "{refused}"
        );
        s.ok("set_send_limits", limits(40));
        page(&mut s);
        all.push(s);
    }

    // The Send page inside the 24-hour window (SendPage.test.tsx), on the healthy sandbox with its
    // token and the app's webhook on the receiver: a test recipient writes, then reply buttons
    // with a title over Meta's limit, and a text sent inside the window.
    {
        let mut s = Session::open(
            "send-window",
            "The Send page on the healthy sandbox with the receiver as the app's webhook, after a test recipient wrote: reply buttons with a title too long, a text sent inside the window.",
        );
        s.with_token();
        s.scenario("healthy");
        let receiver = s.receiver_with_secret();
        s.ok(
            "set_app_webhook",
            request(json!({ "profileId": "sandbox", "callbackUrl": receiver,
                "verifyToken": RECEIVER_VERIFY_TOKEN, "fields": ["messages"] })),
        );
        // The customer writes between two steps: every read below sees the window open.
        s.sandbox_post(
            &format!("recipients/{READER}/reply"),
            json!({ "text": "Hi, is my order on its way?" }),
        );
        s.wait_for(
            "the reply stored",
            "webhook_events",
            webhook_feed(Some("message."), None),
            |a| a["total"].as_u64().is_some_and(|n| n > 0),
        );
        s.shell();
        s.ok(
            "list_templates",
            json!({ "filter": { "profileId": "sandbox", "status": null, "category": null,
                "language": null, "search": null } }),
        );
        s.ok("send_limits", profile("sandbox"));
        let buttons = |title: &str| {
            json!({ "type": "buttons", "body": "Pick a slot", "header": null, "footer": null,
                "buttons": [{ "id": "am", "title": title }] })
        };
        let fine = s.ok("preview_send", compose(READER, buttons("Morning")));
        assert_eq!(fine["window"]["state"], json!("open"), "{fine}");
        assert_eq!(fine["blocked"], json!(false), "{fine}");
        let long = s.ok(
            "preview_send",
            compose(READER, buttons("Morning, before lunch")),
        );
        assert_eq!(long["blocked"], json!(true), "{long}");
        let thanks = compose(
            READER,
            json!({ "type": "text", "body": "Thanks for writing: it ships today.", "previewUrl": false }),
        );
        s.ok("preview_send", thanks.clone());
        s.ok("send_message", thanks);
        all.push(s);
    }

    // "Copy as curl" (CopyCurlButton): the number actions of the Numbers page (a code not typed
    // yet refused as the call refuses it), then every read the doctor's checks name after a run,
    // on the fresh sandbox with its token.
    {
        let mut s = Session::open(
            "graph-calls",
            "Copy as curl on the fresh sandbox with its token: the Numbers page's actions, then each doctor check's reads after a run.",
        );
        s.with_token();
        s.numbers_page();
        let describe = |call: Value| json!({ "profileId": "sandbox", "call": call });
        for call in [
            json!({ "kind": "setPin", "phoneNumberId": OWN }),
            json!({ "kind": "requestCode", "phoneNumberId": OWN, "method": "sms", "language": "en_US" }),
            json!({ "kind": "verifyCode", "phoneNumberId": OWN, "code": "123456" }),
            json!({ "kind": "register", "phoneNumberId": OWN, "region": null }),
            json!({ "kind": "deregister", "phoneNumberId": OWN }),
        ] {
            s.ok("describe_graph_call", describe(call));
        }
        s.err(
            "describe_graph_call",
            describe(json!({ "kind": "verifyCode", "phoneNumberId": OWN, "code": "" })),
        );
        s.shell();
        let report = s.doctor(None).unwrap();
        let mut reads: Vec<Value> = Vec::new();
        for check in report["checks"].as_array().unwrap() {
            for read in check["reads"].as_array().unwrap() {
                if !reads.contains(read) {
                    reads.push(read.clone());
                }
            }
        }
        assert!(reads.len() >= 6, "{reads:?}");
        for read in reads {
            s.ok(
                "describe_graph_call",
                describe(json!({ "kind": "doctorRead", "read": read, "apiVersion": report["apiVersion"] })),
            );
        }
        all.push(s);
    }

    // The Send page's media (SendPage.test.tsx) on the fresh sandbox with its token: an image
    // whose file is a text file refused before anything is uploaded, a PNG uploaded and sent by
    // its media ID, then a link Meta would not fetch (plain http), checked when the field is left.
    {
        /// An image message as the Send page sends it.
        fn image(source: Value) -> Value {
            json!({ "type": "media", "kind": "image", "source": source, "caption": null, "filename": null })
        }
        let mut s = Session::open(
            "send-media",
            "The Send page's media on the fresh sandbox: a text file refused as an image, a PNG uploaded, a plain-http link checked.",
        );
        s.with_token();
        s.shell();
        s.ok(
            "list_templates",
            json!({ "filter": { "profileId": "sandbox", "status": null, "category": null,
                "language": null, "search": null } }),
        );
        s.ok("send_limits", profile("sandbox"));
        let text = json!({ "type": "text", "body": "", "previewUrl": false });
        s.ok("preview_send", compose("", text.clone()));
        s.ok("preview_send", compose(READER, text));
        s.ok(
            "preview_send",
            compose(READER, image(json!({ "from": "uploaded", "id": "" }))),
        );
        let upload = |name: &str, content_type: &str, base64: &str| {
            request(
                json!({ "profileId": "sandbox", "kind": "image", "fileName": name,
                "contentType": content_type, "dataBase64": base64 }),
            )
        };
        // "hello" and the eight bytes every PNG starts with, in base64.
        let refused = s.err(
            "upload_media",
            upload("notes.txt", "text/plain", "aGVsbG8="),
        );
        assert_eq!(refused["code"], json!("sendBlocked"), "{refused}");
        let uploaded = s.ok(
            "upload_media",
            upload("photo.png", "image/png", "iVBORw0KGgo="),
        );
        let id = uploaded["mediaId"].as_str().unwrap().to_owned();
        s.ok(
            "preview_send",
            compose(READER, image(json!({ "from": "uploaded", "id": id }))),
        );
        for url in ["", "http://example.com/photo.jpg"] {
            s.ok(
                "preview_send",
                compose(READER, image(json!({ "from": "link", "url": url }))),
            );
        }
        let check = s.ok(
            "check_media_link",
            request(json!({ "kind": "image", "url": "http://example.com/photo.jpg" })),
        );
        assert_eq!(check["blocked"], json!(true), "{check}");
        all.push(s);
    }

    // The Send page's template picker before any sync (SendPage.test.tsx), on the fresh sandbox
    // with its token: no templates cached, synced from the page, hello_world picked.
    {
        let mut s = Session::open(
            "send-sync",
            "The Send page on the fresh sandbox before any template sync: synced from the template picker, hello_world picked.",
        );
        s.with_token();
        let every_template = json!({ "filter": { "profileId": "sandbox", "status": null,
            "category": null, "language": null, "search": null } });
        s.shell();
        let empty = s.ok("list_templates", every_template.clone());
        assert_eq!(empty["syncedAt"], Value::Null, "{empty}");
        s.ok("send_limits", profile("sandbox"));
        s.ok(
            "preview_send",
            compose(
                "",
                json!({ "type": "text", "body": "", "previewUrl": false }),
            ),
        );
        let no_template =
            json!({ "type": "template", "name": "", "language": "", "components": [] });
        s.ok("preview_send", compose("", no_template));
        s.ok("sync_templates", profile("sandbox"));
        s.ok("list_templates", every_template);
        s.ok("preview_send", compose("", template("hello_world")));
        all.push(s);
    }

    // The Business profile page (BusinessProfilePage.test.tsx) on the healthy sandbox with its
    // token: the page read; the form checked as typed (unchanged, the about edited, 140 characters,
    // a third website, a javascript: one, a plain-http one), the save's curl, the save and the
    // page again; photos checked (640×640, too small, not square, not an image), the good one
    // uploaded and followed until done, the page with its new photo; display names checked (one
    // fine, one with a Meta product name, one in capitals), one requested, pending, then approved
    // once the sandbox clock passes the review; the conversational components checked (a valid
    // set, five ice breakers), saved and shown.
    {
        let mut s = Session::open(
            "business-profile",
            "The Business profile page on the healthy sandbox: the profile checked, saved and shown; photos checked and one uploaded; a display name checked, requested and approved; the welcome message, ice breakers and commands checked and saved.",
        );
        s.with_token();
        s.scenario("healthy");
        s.shell();
        let page = s.ok("get_profile_page", profile("sandbox"));
        let current = page["profile"].clone();
        let draft = |edits: Value| {
            let mut edited = current.clone();
            for (field, value) in edits.as_object().unwrap() {
                edited[field] = value.clone();
            }
            json!({ "draft": { "current": current, "edited": edited } })
        };
        let unchanged = s.ok("check_profile_draft", draft(json!({})));
        assert_eq!(unchanged["diff"], json!([]), "{unchanged}");
        let about = "Succulents and cacti, shipped in 48 h.";
        let edited = s.ok("check_profile_draft", draft(json!({ "about": about })));
        assert_eq!(edited["errors"], json!([]), "{edited}");
        assert_eq!(edited["changes"]["about"], json!(about), "{edited}");
        let mut websites = current["websites"].as_array().unwrap().clone();
        websites.extend([
            json!("https://luckyshrub.example/shop"),
            json!("https://luckyshrub.example/blog"),
        ]);
        for (edits, refused) in [
            (json!({ "about": "a".repeat(140) }), true),
            (json!({ "websites": websites }), true),
            (json!({ "websites": ["javascript:alert(1)"] }), true),
            (json!({ "websites": ["http://luckyshrub.example"] }), false),
        ] {
            let report = s.ok("check_profile_draft", draft(edits));
            let errors = report["errors"].as_array().unwrap();
            assert_eq!(errors.is_empty(), !refused, "{report}");
            if !refused {
                assert_eq!(report["warnings"].as_array().unwrap().len(), 1, "{report}");
            }
        }
        let changes = edited["changes"].clone();
        s.ok(
            "describe_graph_call",
            json!({ "profileId": "sandbox", "call": { "kind": "saveBusinessProfile", "changes": changes } }),
        );
        let saved = s.ok(
            "save_business_profile",
            request(json!({ "profileId": "sandbox", "changes": changes })),
        );
        assert_eq!(saved["about"], json!(about), "{saved}");
        let page = s.ok("get_profile_page", profile("sandbox"));
        assert_eq!(page["profile"]["about"], json!(about), "{page}");

        let photo = |name: &str, bytes: &[u8]| {
            use base64::Engine;
            let data = base64::engine::general_purpose::STANDARD.encode(bytes);
            json!({ "fileName": name, "dataBase64": data })
        };
        let good = photo("lucky-shrub.png", &solid_png(640, 640));
        for (pick, usable) in [
            (good.clone(), true),
            (photo("icon.png", &solid_png(100, 100)), false),
            (photo("banner.png", &solid_png(640, 480)), false),
            (
                photo("notes.png", b"Succulents and cacti, shipped in 48 h."),
                false,
            ),
        ] {
            let check = s.ok("check_profile_photo", request(pick));
            assert_eq!(check["errors"] == json!([]), usable, "{check}");
        }
        let mut upload = good;
        upload["profileId"] = json!("sandbox");
        let started = s.ok("start_profile_photo_upload", request(upload));
        let progress = json!({ "uploadId": started["uploadId"] });
        s.wait_for(
            "the photo upload's end",
            "profile_photo_upload_progress",
            progress.clone(),
            |p| p["state"] != json!("uploading") && p["state"] != json!("setting"),
        );
        let done = s.ok("profile_photo_upload_progress", progress);
        assert_eq!(done["state"], json!("done"), "{done}");
        let after = s.ok("get_profile_page", profile("sandbox"));
        assert_ne!(
            after["profile"]["profilePictureUrl"], page["profile"]["profilePictureUrl"],
            "{after}"
        );

        let name = page["displayName"]["verifiedName"].clone();
        for (typed, failing) in [
            ("Lucky Shrub Garden", false),
            ("Lucky Shrub WhatsApp", true),
            ("LUCKY SHRUB", false),
        ] {
            let findings = s.ok(
                "check_display_name",
                json!({ "name": typed, "current": name }),
            );
            let fails = findings
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["severity"] == json!("fail"));
            assert_eq!(fails, failing, "{typed}: {findings}");
        }
        s.sandbox_post("display-name/review", json!({ "delaySeconds": 60 }));
        s.ok(
            "request_display_name",
            request(json!({ "profileId": "sandbox", "newName": "Lucky Shrub Garden" })),
        );
        let pending = s.ok("get_profile_page", profile("sandbox"));
        assert_eq!(
            pending["displayName"]["newDisplayName"],
            json!("Lucky Shrub Garden"),
            "{pending}"
        );
        s.control(Control::AdvanceClock(Duration::from_secs(61)));
        let approved = s.ok("get_profile_page", profile("sandbox"));
        assert_eq!(
            approved["displayName"]["verifiedName"],
            json!("Lucky Shrub Garden"),
            "{approved}"
        );

        let automation = json!({
            "enableWelcomeMessage": true,
            "prompts": ["Book a flight", "Plan a vacation"],
            "commands": [{ "commandName": "tickets", "commandDescription": "Book flight tickets" }],
        });
        let valid = s.ok("check_automation", json!({ "automation": automation }));
        assert_eq!(valid, json!([]));
        let mut five = automation.clone();
        five["prompts"] = json!(["One", "Two", "Three", "Four", "Five"]);
        let refused = s.ok("check_automation", json!({ "automation": five }));
        assert_eq!(refused[0]["field"], json!("prompts"), "{refused}");
        s.ok(
            "save_conversational_automation",
            request(json!({ "profileId": "sandbox", "automation": automation })),
        );
        let shown = s.ok("get_profile_page", profile("sandbox"));
        assert_eq!(shown["automation"], automation, "{shown}");
        all.push(s);
    }

    all
}

/// Plays every session and writes it; removes recordings of sessions that no longer exist.
#[test]
fn record_answers_for_the_ui_tests() {
    let dir = out_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let written: Vec<String> = sessions().into_iter().map(Session::write).collect();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !written.contains(&name) {
            std::fs::remove_file(dir.join(name)).unwrap();
        }
    }
}

/// The photo picks are what the Business profile page's checks expect: PNGs of their size.
#[test]
fn solid_pngs_read_as_pngs_of_their_size() {
    use waba_core::business_profile::{check_photo, PhotoFormat};
    let good = check_photo("good.png", &solid_png(640, 640));
    assert_eq!(
        (good.format, good.width, good.height),
        (Some(PhotoFormat::Png), Some(640), Some(640))
    );
    assert!(
        good.errors.is_empty() && good.warnings.is_empty(),
        "{good:?}"
    );
    let wide = check_photo("wide.png", &solid_png(641, 480));
    assert_eq!((wide.width, wide.height), (Some(641), Some(480)));
    assert!(solid_png(640, 640).len() < 1024);
}

#[cfg(test)]
mod normalizer_tests {
    use super::*;

    #[test]
    fn times_become_offsets_from_the_start_rounded_to_the_minute() {
        let start = OffsetDateTime::parse(
            "2026-12-01T11:40:11Z",
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        assert_eq!(
            timestamps(
                "at 2026-12-01T11:40:20.123456Z and 2026-12-02T07:40:11+0000.",
                start
            ),
            "at {{now+0s}} and {{now+72000s}}."
        );
        assert_eq!(
            timestamps("2026-12-01T10:40:11+00:00", start),
            "{{now-3600s}}"
        );
        assert_eq!(
            timestamps("v27.0 (2026-11-04)", start),
            "v27.0 (2026-11-04)"
        );
        assert_eq!(
            pacific_times("expired on Monday, 30-Nov-26 03:40:11 PST. The", start),
            "expired on {{now-86400s|pacific}}. The"
        );
    }

    #[test]
    fn ports_stamps_and_stand_ins() {
        assert_eq!(
            loopback_ports("http://127.0.0.1:39211/v27.0/me"),
            "http://127.0.0.1:41017/v27.0/me"
        );
        assert_eq!(
            export_stamps("/x/waba-doctor-sandbox-20261201-114011.md"),
            "/x/waba-doctor-sandbox-{{stamp}}.md"
        );
        assert_eq!(export_stamps("12345678-123456"), "12345678-123456");
        assert_eq!(stand_in("hash", 10, 64).len(), 64);
        assert_eq!(stand_in("trace", 1, 27), "Trace1xxxxxxxxxxxxxxxxxxxxx");
    }

    #[test]
    fn the_webhook_receivers_port_challenges_durations_and_made_up_ids() {
        assert_eq!(
            whole_number("ngrok http 39211, not 1392110 or a39211", 39211, 41017),
            "ngrok http 41017, not 1392110 or a39211"
        );
        assert_eq!(
            probe_evidence(r#"HTTP 200 in 12 ms, body "1158201444"; in 3 s, "12""#),
            r#"HTTP 200 in 0 ms, body "1000000000"; in 3 s, "12""#
        );
        let id = format!("wamid.console-test-{}", "ab".repeat(16));
        let text = format!("{id} sent; wamid.probe-short stays");
        assert_eq!(
            made_up_ids(&text),
            vec![("wamid.console-test-", id.as_str())]
        );
    }

    #[test]
    fn the_sandboxs_upload_sessions_handles_and_photo_urls() {
        let sig = format!("AR{}", "c3".repeat(16));
        let session = format!("upload:MTphdHRhY2htZW50OmFi?sig={sig}");
        let handle =
            format!("4:bG9nby5wbmc=:aW1hZ2UvcG5n:YWJj:e:1799000000:634974688087057:42:{sig}");
        let photo = format!(
            "http://127.0.0.1:41017/__sandbox/profile-photos/{}",
            "0a".repeat(12)
        );
        let text =
            format!("{session} then {handle}, shown at {photo}; sandbox-1 and 12:34:56 stay");
        let found: Vec<&str> = sandbox_upload_ids(&text)
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        assert_eq!(
            found,
            [
                "upload:MTphdHRhY2htZW50OmFi",
                handle.as_str(),
                sig.as_str(),
                sig.as_str(),
                &photo[photo.len() - 39..],
            ]
        );
        let mut norm = Normalizer::new(OffsetDateTime::now_utc());
        let stable = norm.value(&json!([session, handle, photo]));
        assert_eq!(
            stable,
            json!([
                format!("upload:{:032x}?sig=AR{:032x}", 1, 2),
                format!("4:{:032x}", 3),
                format!("http://127.0.0.1:41017/__sandbox/profile-photos/{:032x}", 4),
            ])
        );
    }

    #[test]
    fn sends_references_sandbox_message_ids_and_a_bursts_wall_time() {
        let reference = format!("waba-console-{}", "0f".repeat(16));
        let sandbox = format!("wamid.{}", "Ab+/".repeat(10));
        let text =
            format!("{reference} is {sandbox}; wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3RjY3 was pasted");
        assert_eq!(
            made_up_ids(&text),
            vec![("waba-console-", reference.as_str())]
        );
        assert_eq!(sandbox_wamids(&text), vec![sandbox.as_str()]);

        let mut norm = Normalizer::new(OffsetDateTime::now_utc());
        let answer = json!({ "burstId": "b", "seconds": 0.0413, "achievedPerSecond": 72.6,
            "message": { "wamid": sandbox, "reference": reference } });
        let stable = norm.value(&answer);
        assert_eq!(stable["seconds"], json!(0));
        assert_eq!(stable["achievedPerSecond"], json!(0));
        assert_eq!(
            stable["message"]["wamid"],
            json!("wamid.Sandbox2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
        );
        assert_eq!(
            stable["message"]["reference"],
            json!(format!("waba-console-{:032x}", 1))
        );
        // A rate elsewhere (not a burst's) is kept.
        assert_eq!(norm.value(&json!({ "seconds": 3 }))["seconds"], json!(3));
    }
}
