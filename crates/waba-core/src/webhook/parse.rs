//! One webhook body (Meta's envelope, facts §12.3) into events.
//!
//! The envelope is checked strictly (`object`, `entry[]`, each entry's `id` and `changes[]`, each
//! change's `field`): a body without it is not a webhook and is refused with what is missing.
//! Everything inside a change value is read leniently: a key that is missing, of another type or
//! unknown leaves an essential empty, never fails, and the value itself is kept as sent.

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::event::{
    MessageEssentials, StatusEssentials, TemplateEssentials, WebhookError, WebhookEvent,
    WebhookPricing,
};

/// The largest body read: Meta's payloads are at most 3 MB (facts §12.2), with headroom.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The most events one body may give: Meta batches at most 1,000 updates in a POST.
pub const MAX_EVENTS: usize = 10_000;

/// The most bytes of change value copied into the events of one body. A value carrying several
/// updates is copied into each of their events (with only that event's item); Meta's bodies stay
/// far below this, a crafted one could otherwise make a small body take gigabytes.
const MAX_COPIED_BYTES: usize = 64 * 1024 * 1024;

/// The longest part of a kind taken from Meta's value (`message.<type>`, ...).
const MAX_KIND_PART: usize = 64;

/// Why a body is not a webhook the console can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("The body is empty: a webhook POST carries Meta's JSON envelope.")]
    Empty,
    #[error("The body is {bytes} bytes, more than the {max} a webhook body may have (Meta sends at most 3 MB).")]
    TooLarge { bytes: usize, max: usize },
    #[error("The body is not valid UTF-8 (from byte {at}); Meta sends JSON in UTF-8.")]
    NotUtf8 { at: usize },
    #[error("The body is not JSON: {reason}.")]
    NotJson { reason: String },
    #[error("The body is JSON but not a webhook envelope ({{\"object\": ..., \"entry\": [...]}}): {reason}.")]
    NotEnvelope { reason: String },
    #[error("The body carries more than {max} updates; Meta sends at most 1,000 in one POST.")]
    TooManyEvents { max: usize },
    #[error("The body repeats a large shared value across many updates (more than {max} bytes in all); Meta's webhooks do not.")]
    TooManyCopies { max: usize },
}

/// Reads one webhook body as received (the raw bytes of the POST).
pub fn parse_body(body: &[u8]) -> Result<Vec<WebhookEvent>, ParseError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(ParseError::TooLarge {
            bytes: body.len(),
            max: MAX_BODY_BYTES,
        });
    }
    let text = std::str::from_utf8(body).map_err(|e| ParseError::NotUtf8 {
        at: e.valid_up_to(),
    })?;
    parse_str(text)
}

/// Reads one webhook body given as text.
pub fn parse_str(body: &str) -> Result<Vec<WebhookEvent>, ParseError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(ParseError::TooLarge {
            bytes: body.len(),
            max: MAX_BODY_BYTES,
        });
    }
    if body.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    // serde_json refuses nesting deeper than 128 levels, so no input can exhaust the stack.
    let json: Value = serde_json::from_str(body).map_err(|e| ParseError::NotJson {
        reason: if e.to_string().contains("recursion limit") {
            format!(
                "it is nested more than 128 levels deep (line {}, column {})",
                e.line(),
                e.column()
            )
        } else {
            e.to_string()
        },
    })?;
    read_envelope(json)
}

fn not_envelope(reason: impl Into<String>) -> ParseError {
    ParseError::NotEnvelope {
        reason: reason.into(),
    }
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn read_envelope(json: Value) -> Result<Vec<WebhookEvent>, ParseError> {
    let Value::Object(mut envelope) = json else {
        return Err(not_envelope(format!("it is {}", describe(&json))));
    };
    let object = match envelope.get("object") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(not_envelope(format!(
                "\"object\" is {}, not a string such as \"whatsapp_business_account\"",
                describe(other)
            )))
        }
        None => {
            return Err(not_envelope(
                "it has no \"object\" (Meta's is \"whatsapp_business_account\")",
            ))
        }
    };
    let entries = match envelope.remove("entry") {
        Some(Value::Array(entries)) => entries,
        Some(other) => {
            return Err(not_envelope(format!(
                "\"entry\" is {}, not a list",
                describe(&other)
            )))
        }
        None => return Err(not_envelope("it has no \"entry\" list")),
    };
    let mut out = Vec::new();
    let mut copied = 0usize;
    for (i, entry) in entries.into_iter().enumerate() {
        let Value::Object(mut entry) = entry else {
            return Err(not_envelope(format!(
                "entry[{i}] is {}, not an object",
                describe(&entry)
            )));
        };
        let waba_id = entry
            .get("id")
            .and_then(id_of)
            .ok_or_else(|| not_envelope(format!("entry[{i}] has no \"id\" (the WABA ID)")))?;
        let time = entry.get("time").and_then(int_of);
        let changes = match entry.remove("changes") {
            Some(Value::Array(changes)) => changes,
            Some(other) => {
                return Err(not_envelope(format!(
                    "entry[{i}].changes is {}, not a list",
                    describe(&other)
                )))
            }
            None => return Err(not_envelope(format!("entry[{i}] has no \"changes\" list"))),
        };
        for (j, change) in changes.into_iter().enumerate() {
            let Value::Object(mut change) = change else {
                return Err(not_envelope(format!(
                    "entry[{i}].changes[{j}] is {}, not an object",
                    describe(&change)
                )));
            };
            let field = match change.get("field") {
                Some(Value::String(f)) => f.clone(),
                _ => {
                    return Err(not_envelope(format!(
                        "entry[{i}].changes[{j}] has no \"field\""
                    )))
                }
            };
            let value = change.remove("value").unwrap_or(Value::Null);
            let change = Change {
                object: &object,
                waba_id: &waba_id,
                time,
                field: &field,
            };
            read_change(&change, value, &mut out, &mut copied)?;
        }
    }
    Ok(out)
}

/// Where a change sits: the envelope and entry it came in.
struct Change<'a> {
    object: &'a str,
    waba_id: &'a str,
    time: Option<i64>,
    field: &'a str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Item {
    Message,
    Echo,
    Status,
    Call,
    CallStatus,
    UserPreference,
}

/// The lists of updates a field's value may carry, each item its own event.
fn item_lists(field: &str) -> &'static [(&'static str, Item)] {
    match field {
        "messages" => &[("messages", Item::Message), ("statuses", Item::Status)],
        "smb_message_echoes" => &[("message_echoes", Item::Echo)],
        "calls" => &[("calls", Item::Call), ("statuses", Item::CallStatus)],
        "user_preferences" => &[("user_preferences", Item::UserPreference)],
        _ => &[],
    }
}

/// The kind of a change that is one event (not a list of updates).
fn field_kind(field: &str) -> &'static str {
    match field {
        "message_template_status_update" => "template.status",
        "template_category_update" => "template.category",
        "message_template_quality_update" => "template.quality",
        "message_template_components_update" => "template.components",
        "phone_number_quality_update" => "phone.quality",
        "phone_number_name_update" => "phone.name",
        "account_update" => "account.update",
        "account_review_update" => "account.review",
        "account_alerts" => "account.alert",
        "business_capability_update" => "business.capability",
        "security" => "security",
        "history" => "history",
        "smb_app_state_sync" => "app-state.sync",
        "flows" => "flow.update",
        "payment_configuration_update" => "payment.configuration",
        "partner_solutions" => "partner.solution",
        "user_preferences" => "user.preferences",
        "group_lifecycle_update" => "group.lifecycle",
        "group_participants_update" => "group.participants",
        "group_settings_update" => "group.settings",
        "group_status_update" => "group.status",
        _ => "unknown",
    }
}

fn read_change(
    change: &Change<'_>,
    value: Value,
    out: &mut Vec<WebhookEvent>,
    copied: &mut usize,
) -> Result<(), ParseError> {
    let lists = item_lists(change.field);
    let counts: Vec<usize> = lists
        .iter()
        .map(|(key, _)| match value.get(*key) {
            Some(Value::Array(items)) => items.len(),
            _ => 0,
        })
        .collect();
    let total: usize = counts.iter().sum();
    if out.len() + total.max(1) > MAX_EVENTS {
        return Err(ParseError::TooManyEvents { max: MAX_EVENTS });
    }
    if total == 0 {
        out.push(single_event(change, value));
        return Ok(());
    }
    let one = lists.iter().zip(&counts).find(|(_, n)| **n == 1);
    if let (1, Some(((key, item), _))) = (total, one) {
        // One update: the value is kept exactly as it came.
        let own = value
            .get(*key)
            .and_then(|v| v.get(0))
            .cloned()
            .unwrap_or(Value::Null);
        out.push(item_event(change, *item, &own, value));
        return Ok(());
    }
    // Several updates in one value: each event keeps the value with only its own item.
    let mut shared = match value {
        Value::Object(shared) => shared,
        other => {
            out.push(single_event(change, other));
            return Ok(());
        }
    };
    let mut taken = Vec::new();
    for (key, item) in lists {
        if let Some(Value::Array(items)) = shared.remove(*key) {
            taken.push((*key, *item, items));
        }
    }
    let shared_bytes = serde_json::to_string(&shared).map_or(0, |s| s.len());
    *copied = copied.saturating_add(shared_bytes.saturating_mul(total));
    if *copied > MAX_COPIED_BYTES {
        return Err(ParseError::TooManyCopies {
            max: MAX_COPIED_BYTES,
        });
    }
    for (key, item, items) in taken {
        for own in items {
            let mut narrowed = shared.clone();
            narrowed.insert(key.to_owned(), Value::Array(vec![own.clone()]));
            out.push(item_event(change, item, &own, Value::Object(narrowed)));
        }
    }
    Ok(())
}

// ---- reading values leniently ------------------------------------------------------------------

/// A string, or a number written as one (Graph IDs are strings, but some arrive as numbers).
fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `obj[key]` as a string (or a number as its digits); `None` when missing, null or empty.
fn text(obj: &Value, key: &str) -> Option<String> {
    obj.get(key).and_then(id_of).filter(|s| !s.is_empty())
}

/// A whole number given as a number or as a string of digits (Meta's timestamps are both).
fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn flag(obj: &Value, key: &str) -> bool {
    obj.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn errors_of(v: Option<&Value>) -> Vec<WebhookError> {
    let Some(Value::Array(items)) = v else {
        return Vec::new();
    };
    items
        .iter()
        .map(|e| WebhookError {
            code: e.get("code").and_then(int_of),
            title: text(e, "title"),
            message: text(e, "message"),
            details: e.get("error_data").and_then(|d| text(d, "details")),
            href: text(e, "href"),
        })
        .collect()
}

/// The part of a kind taken from Meta's value: as sent, but only letters, digits, `_`, `-` and
/// `.`, and not too long; `unknown` when there is none.
fn kind_part(raw: Option<&str>) -> String {
    let raw = raw.unwrap_or_default();
    if raw.is_empty() {
        return "unknown".into();
    }
    raw.chars()
        .take(MAX_KIND_PART)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A stable hash of a JSON value: keys in sorted order whatever order they came in.
fn hash_value(v: &Value) -> String {
    fn feed(h: &mut Sha256, v: &Value) {
        match v {
            Value::Null => h.update(b"n"),
            Value::Bool(b) => h.update(if *b { b"t" } else { b"f" }),
            Value::Number(n) => {
                h.update(b"#");
                h.update(n.to_string().as_bytes());
                h.update(b";");
            }
            Value::String(s) => {
                h.update(b"\"");
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
            Value::Array(items) => {
                h.update(b"[");
                h.update((items.len() as u64).to_be_bytes());
                for item in items {
                    feed(h, item);
                }
            }
            Value::Object(map) => {
                h.update(b"{");
                h.update((map.len() as u64).to_be_bytes());
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                for key in keys {
                    h.update((key.len() as u64).to_be_bytes());
                    h.update(key.as_bytes());
                    feed(h, &map[key]);
                }
            }
        }
    }
    let mut h = Sha256::new();
    feed(&mut h, v);
    hex::encode(&h.finalize()[..16])
}

/// A short, single-line, quoted rendering of text from a message (control characters escaped).
fn quoted(s: &str) -> String {
    const MAX: usize = 80;
    let mut cut: String = s.chars().take(MAX).collect();
    if s.chars().count() > MAX {
        cut.push('…');
    }
    format!("{cut:?}")
}

/// A value from Meta put in a summary: on one line, not too long.
fn plain(s: &str) -> String {
    s.chars()
        .take(120)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

// ---- events -------------------------------------------------------------------------------------

fn base(change: &Change<'_>, kind: String, value: Value) -> WebhookEvent {
    let metadata = value.get("metadata");
    WebhookEvent {
        object: change.object.to_owned(),
        field: change.field.to_owned(),
        kind,
        waba_id: change.waba_id.to_owned(),
        phone_number_id: metadata.and_then(|m| text(m, "phone_number_id")),
        display_phone_number: metadata.and_then(|m| text(m, "display_phone_number")),
        dedupe_key: String::new(),
        timestamp: change.time,
        summary: String::new(),
        message: None,
        status: None,
        template: None,
        event: None,
        errors: errors_of(value.get("errors")),
        value,
    }
}

/// The generic dedupe key: the field, the WABA, the time and a hash of the value.
fn generic_key(e: &WebhookEvent) -> String {
    format!(
        "{}:{}:{}:{}",
        e.field,
        e.waba_id,
        e.timestamp
            .map_or_else(|| "-".to_owned(), |t| t.to_string()),
        hash_value(&e.value)
    )
}

/// A change that is one event: a template, number or account update, or a value with no list.
fn single_event(change: &Change<'_>, value: Value) -> WebhookEvent {
    let has_errors = matches!(value.get("errors"), Some(Value::Array(e)) if !e.is_empty());
    let kind = if !item_lists(change.field).is_empty() && has_errors {
        "error"
    } else {
        field_kind(change.field)
    };
    let mut e = base(change, kind.to_owned(), value);
    let v = &e.value;
    e.event = text(v, "event").or_else(|| text(v, "decision"));
    e.summary = match kind {
        "template.status" | "template.category" | "template.quality" | "template.components" => {
            let t = template_essentials(v);
            let summary = template_summary(kind, &t);
            e.template = Some(t);
            summary
        }
        "phone.quality" => {
            let limit = text(v, "max_daily_conversations_per_business")
                .or_else(|| text(v, "current_limit"));
            format!(
                "{}: {}{}",
                text(v, "display_phone_number").map_or_else(|| "number".into(), |n| plain(&n)),
                e.event
                    .as_deref()
                    .map_or_else(|| "quality update".into(), plain),
                limit.map_or_else(String::new, |l| format!(", limit {}", plain(&l)))
            )
        }
        "phone.name" => {
            let mut s = format!(
                "{}: display name {} {}",
                text(v, "display_phone_number").map_or_else(|| "number".into(), |n| plain(&n)),
                text(v, "requested_verified_name").map_or_else(|| "?".into(), |n| quoted(&n)),
                e.event.as_deref().map_or_else(|| "updated".into(), plain)
            );
            if let Some(reason) = text(v, "rejection_reason") {
                s.push_str(&format!(" ({})", plain(&reason)));
            }
            s
        }
        "error" => errors_summary(&e.errors),
        "unknown" => format!(
            "a \"{}\" update the console does not know, kept as sent",
            plain(change.field)
        ),
        _ => e.event.as_deref().map_or_else(
            || format!("{} update", plain(change.field)),
            |ev| format!("event {}", plain(ev)),
        ),
    };
    e.dedupe_key = generic_key(&e);
    e
}

fn template_essentials(v: &Value) -> TemplateEssentials {
    TemplateEssentials {
        id: text(v, "message_template_id"),
        name: text(v, "message_template_name"),
        language: text(v, "message_template_language"),
        event: text(v, "event"),
        reason: text(v, "reason"),
        category: text(v, "message_template_category").or_else(|| text(v, "new_category")),
        previous_category: text(v, "previous_category"),
        quality: text(v, "new_quality_score"),
        previous_quality: text(v, "previous_quality_score"),
    }
}

fn template_summary(kind: &str, t: &TemplateEssentials) -> String {
    let who = format!(
        "{} ({}){}",
        t.name.as_deref().map_or_else(|| "template".into(), plain),
        t.language.as_deref().map_or_else(|| "?".into(), plain),
        t.id.as_deref()
            .map_or_else(String::new, |id| format!(" id {}", plain(id)))
    );
    match kind {
        "template.status" => {
            let mut s = format!(
                "{}: {who}",
                t.event.as_deref().map_or_else(|| "status".into(), plain)
            );
            if let Some(reason) = t.reason.as_deref().filter(|r| *r != "NONE") {
                s.push_str(&format!(", reason {}", plain(reason)));
            }
            s
        }
        "template.category" => format!(
            "{who}: category {}{}",
            t.category.as_deref().map_or_else(|| "?".into(), plain),
            t.previous_category
                .as_deref()
                .map_or_else(String::new, |p| format!(" (was {})", plain(p)))
        ),
        "template.quality" => format!(
            "{who}: quality {} → {}",
            t.previous_quality
                .as_deref()
                .map_or_else(|| "?".into(), plain),
            t.quality.as_deref().map_or_else(|| "?".into(), plain)
        ),
        _ => format!("{who}: components changed"),
    }
}

fn errors_summary(errors: &[WebhookError]) -> String {
    let parts: Vec<String> = errors
        .iter()
        .map(|e| {
            let mut s = e.code.map_or_else(|| "error".into(), |c| c.to_string());
            if let Some(t) = e.title.as_deref().or(e.message.as_deref()) {
                s.push_str(&format!(" {}", plain(t)));
            }
            if let Some(d) = &e.details {
                s.push_str(&format!(" ({})", plain(d)));
            }
            s
        })
        .collect();
    if parts.is_empty() {
        "error".into()
    } else {
        parts.join("; ")
    }
}

/// One update of a list: `own` is the item, `value` the change value it is kept with.
fn item_event(change: &Change<'_>, item: Item, own: &Value, value: Value) -> WebhookEvent {
    let item_time = own.get("timestamp").and_then(int_of);
    match item {
        Item::Message | Item::Echo => {
            let m = message_essentials(own, &value);
            let prefix = if item == Item::Message {
                "message"
            } else {
                "echo"
            };
            let kind = format!(
                "{prefix}.{}",
                kind_part(Some(m.message_type.as_str()).filter(|t| !t.is_empty()))
            );
            let mut e = base(change, kind, value);
            e.timestamp = item_time.or(change.time);
            e.summary = message_summary(item, &m);
            e.dedupe_key = if m.id.is_empty() {
                generic_key(&e)
            } else {
                format!("{prefix}:{}", m.id)
            };
            e.message = Some(m);
            e
        }
        Item::Status | Item::CallStatus => {
            let s = status_essentials(own);
            let prefix = if item == Item::Status {
                "status"
            } else {
                "call-status"
            };
            let kind = format!(
                "{prefix}.{}",
                kind_part(Some(s.status.as_str()).filter(|t| !t.is_empty()))
            );
            let mut e = base(change, kind, value);
            e.timestamp = item_time.or(change.time);
            e.summary = status_summary(&s);
            e.dedupe_key = if s.id.is_empty() {
                generic_key(&e)
            } else {
                format!("{prefix}:{}:{}", s.id, s.status)
            };
            e.status = Some(s);
            e
        }
        Item::Call => {
            let event = text(own, "event");
            let kind = format!("call.{}", kind_part(event.as_deref()));
            let mut e = base(change, kind, value);
            e.timestamp = item_time.or(change.time);
            e.event = event;
            let mut summary = format!(
                "call {}{} from {} to {}",
                e.event.as_deref().map_or_else(|| "update".into(), plain),
                text(own, "direction").map_or_else(String::new, |d| format!(" ({})", plain(&d))),
                text(own, "from").map_or_else(|| "?".into(), |f| plain(&f)),
                text(own, "to").map_or_else(|| "?".into(), |t| plain(&t)),
            );
            if let Some(status) = text(own, "status") {
                summary.push_str(&format!(", {}", plain(&status)));
            }
            if !e.errors.is_empty() {
                summary.push_str(&format!(", {}", errors_summary(&e.errors)));
            }
            e.summary = summary;
            e.dedupe_key = match text(own, "id") {
                Some(id) => format!("call:{id}:{}", e.event.as_deref().unwrap_or("unknown")),
                None => generic_key(&e),
            };
            e
        }
        Item::UserPreference => {
            let mut e = base(change, "user.preferences".into(), value);
            e.timestamp = item_time.or(change.time);
            e.event = text(own, "value");
            e.summary = format!(
                "{}: {} {}",
                text(own, "wa_id")
                    .or_else(|| text(own, "user_id"))
                    .map_or_else(|| "a user".into(), |w| plain(&w)),
                text(own, "category").map_or_else(|| "preference".into(), |c| plain(&c)),
                e.event.as_deref().map_or_else(|| "changed".into(), plain)
            );
            e.dedupe_key = generic_key(&e);
            e
        }
    }
}

fn message_essentials(own: &Value, value: &Value) -> MessageEssentials {
    let message_type = text(own, "type").unwrap_or_default();
    let from = text(own, "from");
    let contacts = match value.get("contacts") {
        Some(Value::Array(c)) => c.as_slice(),
        _ => &[],
    };
    let contact = contacts
        .iter()
        .find(|c| from.is_some() && text(c, "wa_id") == from)
        .or(if contacts.len() == 1 {
            contacts.first()
        } else {
            None
        });
    let context = own.get("context").cloned().unwrap_or(Value::Null);
    let body = own.get(&message_type).cloned().unwrap_or(Value::Null);
    let mut m = MessageEssentials {
        id: text(own, "id").unwrap_or_default(),
        from,
        from_user_id: text(own, "from_user_id")
            .or_else(|| contact.and_then(|c| text(c, "user_id"))),
        to: text(own, "to"),
        contact_name: contact
            .and_then(|c| c.get("profile"))
            .and_then(|p| text(p, "name")),
        reply_to: text(&context, "id"),
        forwarded: flag(&context, "forwarded") || flag(&context, "frequently_forwarded"),
        errors: match own.get("errors") {
            Some(Value::Array(e)) if !e.is_empty() => errors_of(own.get("errors")),
            _ => errors_of(value.get("errors")),
        },
        message_type,
        ..MessageEssentials::default()
    };
    match m.message_type.as_str() {
        "text" => m.text = text(&body, "body"),
        "image" | "video" | "document" | "audio" | "sticker" => {
            m.text = text(&body, "caption");
            m.media_id = text(&body, "id");
            m.mime_type = text(&body, "mime_type");
        }
        "button" => {
            m.text = text(&body, "text");
            m.reply_id = text(&body, "payload");
        }
        "interactive" => {
            m.interactive_type = text(&body, "type");
            if let Some(kind) = &m.interactive_type {
                let reply = body.get(kind).cloned().unwrap_or(Value::Null);
                m.reply_id = text(&reply, "id");
                m.text = text(&reply, "title").or_else(|| text(&reply, "body"));
            }
        }
        "reaction" => {
            m.reaction_to = text(&body, "message_id");
            m.text = text(&body, "emoji");
        }
        "system" => m.text = text(&body, "body"),
        "order" => m.text = text(&body, "text"),
        "location" => {
            m.text = text(&body, "name").or_else(|| text(&body, "address"));
        }
        "revoke" => m.original_message_id = text(&body, "original_message_id"),
        "edit" => {
            m.original_message_id = text(&body, "original_message_id");
            let edited = body.get("message").cloned().unwrap_or(Value::Null);
            if let Some(t) = text(&edited, "type") {
                let inner = edited.get(&t).cloned().unwrap_or(Value::Null);
                m.text = text(&inner, "body").or_else(|| text(&inner, "caption"));
            }
        }
        _ => {}
    }
    m
}

fn message_summary(item: Item, m: &MessageEssentials) -> String {
    let who = |id: &Option<String>| {
        id.as_deref()
            .or(m.from_user_id.as_deref())
            .map_or_else(|| "?".into(), plain)
    };
    let mut s = if item == Item::Echo {
        format!("sent from the WhatsApp Business app to {}", who(&m.to))
    } else {
        let mut s = format!("from {}", who(&m.from));
        if let Some(name) = &m.contact_name {
            s.push_str(&format!(" ({})", plain(name)));
        }
        s
    };
    let kind = if m.message_type.is_empty() {
        "message of no type".to_owned()
    } else {
        plain(&m.message_type)
    };
    s.push_str(&format!(": {kind}"));
    if let Some(t) = &m.interactive_type {
        s.push_str(&format!(" {}", plain(t)));
    }
    if let Some(id) = &m.reply_id {
        s.push_str(&format!(" [{}]", plain(id)));
    }
    match (m.message_type.as_str(), &m.text) {
        ("reaction", None) => s.push_str(" removed"),
        (_, Some(t)) => s.push_str(&format!(" {}", quoted(t))),
        _ => {}
    }
    if let Some(to) = &m.reaction_to {
        s.push_str(&format!(" on {}", plain(to)));
    }
    if let Some(original) = &m.original_message_id {
        s.push_str(&format!(" of {}", plain(original)));
    }
    if let Some(r) = &m.reply_to {
        s.push_str(&format!(", replying to {}", plain(r)));
    }
    if m.forwarded {
        s.push_str(", forwarded");
    }
    if !m.errors.is_empty() {
        s.push_str(&format!(", {}", errors_summary(&m.errors)));
    }
    s
}

fn status_essentials(own: &Value) -> StatusEssentials {
    let pricing = own
        .get("pricing")
        .filter(|p| p.is_object())
        .map(|p| WebhookPricing {
            category: text(p, "category"),
            billable: p.get("billable").and_then(Value::as_bool),
            pricing_type: text(p, "type"),
            model: text(p, "pricing_model"),
        });
    StatusEssentials {
        id: text(own, "id").unwrap_or_default(),
        status: text(own, "status").unwrap_or_default(),
        recipient_id: text(own, "recipient_id"),
        recipient_type: text(own, "recipient_type"),
        callback_data: text(own, "biz_opaque_callback_data"),
        conversation_id: own.get("conversation").and_then(|c| text(c, "id")),
        pricing,
        errors: errors_of(own.get("errors")),
    }
}

fn status_summary(s: &StatusEssentials) -> String {
    let mut out = format!(
        "{} {} for {}",
        if s.id.is_empty() {
            "?".into()
        } else {
            plain(&s.id)
        },
        if s.status.is_empty() {
            "(no status)".into()
        } else {
            plain(&s.status)
        },
        s.recipient_id.as_deref().map_or_else(|| "?".into(), plain)
    );
    if s.recipient_type.as_deref() == Some("group") {
        out.push_str(" (group)");
    }
    if let Some(p) = &s.pricing {
        let parts: Vec<String> = [
            p.category.as_deref().map(plain),
            p.pricing_type.as_deref().map(plain),
            p.model.as_deref().map(plain),
            p.billable
                .map(|b| if b { "billable" } else { "not billable" }.to_owned()),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !parts.is_empty() {
            out.push_str(&format!(", pricing {}", parts.join(" ")));
        }
    }
    if !s.errors.is_empty() {
        out.push_str(&format!(": {}", errors_summary(&s.errors)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_hash_ignores_key_order() {
        let a: Value = serde_json::from_str(r#"{"a":1,"b":{"c":"x","d":[1,2]}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"b":{"d":[1,2],"c":"x"},"a":1}"#).unwrap();
        assert_eq!(hash_value(&a), hash_value(&b));
        let c: Value = serde_json::from_str(r#"{"a":1,"b":{"c":"x","d":[2,1]}}"#).unwrap();
        assert_ne!(hash_value(&a), hash_value(&c));
    }

    #[test]
    fn kind_parts_are_safe() {
        assert_eq!(kind_part(Some("text")), "text");
        assert_eq!(kind_part(Some("a b\nc")), "a_b_c");
        assert_eq!(kind_part(None), "unknown");
        assert_eq!(kind_part(Some(&"x".repeat(500))).len(), MAX_KIND_PART);
    }
}
