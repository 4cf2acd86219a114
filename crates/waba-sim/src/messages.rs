//! `POST /{phone-number-id}/messages` (facts §10, §16 item 9): the sandbox sends messages as
//! Meta does. A send is checked in this order, each refusal in Meta's envelope:
//! 1. the token has `whatsapp_business_messaging` (403/10, in `routes`); the number is
//!    CONNECTED (133010);
//! 2. the body is a JSON object (100); `messaging_product` is `whatsapp` (131008 missing, 100
//!    otherwise); `recipient_type` is `individual` (100);
//! 3. `status: "read"` with `message_id` marks a message the number received as read (§10.7)
//!    and answers `{success: true}` (131008 without `message_id`, 131009 for one the number
//!    never received);
//! 4. `to` is a phone number (131008 missing, 131009 not 7 to 15 digits once `+`, spaces,
//!    dashes, dots and parentheses are dropped), not the sender's own (131021), and on the allow
//!    list when the number is a test number, `account_mode: SANDBOX` (131030);
//! 5. the message itself by `type` (text when absent): a missing required parameter is 131008,
//!    a wrong shape, length or count 100 (`Param text['body'] must be at most 4096 characters
//!    long.`), a value that names nothing usable 131009 (an unknown media ID, an `http://` link,
//!    duplicate button IDs); templates: not APPROVED in that language 404/132001 (paused
//!    132015, disabled 132016), a missing media header 132012 (`header: Format mismatch,
//!    expected IMAGE, received UNKNOWN`), a parameter count per component 132000 (`body: number
//!    of localizable_params (2) does not match the expected number of params (1)`), named versus
//!    positional parameters 132012, a dynamic URL button without its parameter 131008;
//! 6. the number's throughput, 130429 with subcode 2494055, then the pair limit, 131056
//!    (`limits`).
//!
//! An accepted send answers `{messaging_product, contacts: [{input, wa_id}], messages: [{id}]}`
//! (`message_status: "accepted"` for templates only) and its statuses follow through the
//! webhook emitter on the sim clock, batched on the server's tick (every 100 ms of real time,
//! or when a control call moves the clock): `sent` at once, `delivered` [`DELIVERED_AFTER`] later,
//! `read` [`READ_AFTER`] after that for recipients who read (`recipients`), then the
//! recipient's reply, if it has one, [`REPLY_AFTER`] later as an inbound message. Pricing is
//! per message (§10.9): a template at its category's regular rate (a utility template inside
//! the window free), anything else free customer service. Some sends are accepted and then
//! fail, as Meta's do, with one `failed` status at once: 131026 for a recipient not on
//! WhatsApp, 131047 for a free-form message (anything but a template) when the recipient has
//! not written in 24 hours, 131049 for a marketing template to a recipient at its ecosystem
//! limit, 131053 for a media `link` the sandbox cannot fetch. The sandbox fetches nothing:
//! a link whose host is under the reserved `.invalid` or `.example` top-level domains (RFC 2606)
//! is the one it cannot reach; every other https link counts as fetched.

use std::collections::HashSet;

use serde_json::{json, Map, Value};
use time::{Duration, OffsetDateTime};

use crate::emitter::{self, Delivery, Failure, StatusEvent};
use crate::envelope::GraphError;
use crate::limits::{Limits, Refusal};
use crate::media::Kind;
use crate::routes::Call;
use crate::state::AppState;
use crate::templates::{variable_names, Template};
use crate::world::{Phase, World};

/// How long after `sent` a message reads `delivered` (sim clock).
pub(crate) const DELIVERED_AFTER: Duration = Duration::seconds(1);
/// How long after `delivered` a reader's `read` follows (sim clock).
pub(crate) const READ_AFTER: Duration = Duration::seconds(2);
/// How long after the last status a recipient with a reply sends it (sim clock).
pub(crate) const REPLY_AFTER: Duration = Duration::seconds(1);

/// The longest text, list body and caption (facts §10.2, §10.4, §10.6).
const TEXT_MAX: usize = 4096;
const CAPTION_MAX: usize = 1024;
const BUTTON_BODY_MAX: usize = 1024;
const HEADER_MAX: usize = 60;
const FOOTER_MAX: usize = 60;
const BUTTON_TITLE_MAX: usize = 20;
const BUTTON_ID_MAX: usize = 256;
const LIST_BUTTON_MAX: usize = 20;
const SECTION_TITLE_MAX: usize = 24;
const ROW_TITLE_MAX: usize = 24;
const ROW_DESCRIPTION_MAX: usize = 72;
const ROW_ID_MAX: usize = 200;
const MAX_ROWS: usize = 10;
const MAX_SECTIONS: usize = 10;
const OPAQUE_MAX: usize = 512;
/// Hosts the sandbox cannot fetch media from (RFC 2606 reserved names).
const UNREACHABLE_TLDS: &[&str] = &["invalid", "example"];
/// The most status changes in one webhook POST (facts §12.2: up to 1,000 updates).
const MAX_BATCH: usize = 1_000;
/// The message types the sandbox simulates.
const TYPES: &str = "audio, document, image, interactive, reaction, sticker, template, text, video";

/// What happens to a message later, on the sim clock.
#[derive(Debug, Default)]
pub(crate) struct Outbox {
    items: Vec<Scheduled>,
}

#[derive(Debug)]
struct Scheduled {
    due: OffsetDateTime,
    phone_number_id: String,
    event: Event,
}

#[derive(Debug)]
enum Event {
    Status {
        message_id: String,
        recipient: String,
        delivery: Delivery,
        failure: Option<Failure>,
        pricing: Value,
        biz_opaque_callback_data: Option<String>,
    },
    Reply {
        from: String,
        text: String,
    },
}

impl Outbox {
    /// Everything due by `now`, earliest first (in scheduling order among equals).
    fn take_due(&mut self, now: OffsetDateTime) -> Vec<Scheduled> {
        let (mut due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.items)
            .into_iter()
            .partition(|s| s.due <= now);
        self.items = later;
        due.sort_by_key(|s| s.due);
        due
    }
}

/// Emits every status and reply due on the sim clock: consecutive statuses of one number in
/// one batch (at most [`MAX_BATCH`] changes, as Meta batches). Called by the server's ticker
/// every [`crate::server::TICK`] and by the control call that moves the clock, so statuses
/// due together share a POST instead of one POST each.
pub(crate) fn flush_due(state: &AppState) {
    let now = state.clock.now();
    let mut world = state.world();
    let due = world.outbox.take_due(now);
    let mut batch: Vec<Scheduled> = Vec::new();
    let emit = |world: &mut World, batch: &mut Vec<Scheduled>| {
        let Some(number) = batch.first().map(|s| s.phone_number_id.clone()) else {
            return;
        };
        let events: Vec<StatusEvent<'_>> = batch
            .iter()
            .filter_map(|s| match &s.event {
                Event::Status {
                    message_id,
                    recipient,
                    delivery,
                    failure,
                    pricing,
                    biz_opaque_callback_data,
                } => Some(StatusEvent {
                    message_id,
                    recipient,
                    delivery: *delivery,
                    timestamp: s.due.unix_timestamp(),
                    failure: *failure,
                    pricing,
                    biz_opaque_callback_data: biz_opaque_callback_data.as_deref(),
                }),
                Event::Reply { .. } => None,
            })
            .collect();
        // The number was in the WABA when the message was sent; numbers are never removed.
        let _ = emitter::emit_statuses(&state.emitter, world, &number, &events);
        batch.clear();
    };
    for scheduled in due {
        match &scheduled.event {
            Event::Status { .. } => {
                if batch.len() >= MAX_BATCH
                    || batch
                        .first()
                        .is_some_and(|s| s.phone_number_id != scheduled.phone_number_id)
                {
                    emit(&mut world, &mut batch);
                }
                batch.push(scheduled);
            }
            Event::Reply { from, text } => {
                emit(&mut world, &mut batch);
                let _ = emitter::inbound_text_at(
                    &state.emitter,
                    &mut world,
                    from,
                    "Sandbox Customer",
                    text,
                    &scheduled.phone_number_id,
                    scheduled.due,
                );
            }
        }
    }
    emit(&mut world, &mut batch);
}

/// A place in the request body, named as Meta names it in its details (`text['body']`).
#[derive(Clone)]
struct Node<'v> {
    value: &'v Value,
    path: String,
}

impl<'v> Node<'v> {
    fn name(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}['{key}']", self.path)
        }
    }

    fn get(&self, key: &str) -> Option<&'v Value> {
        self.value.get(key).filter(|v| !v.is_null())
    }

    fn child(&self, key: &str, value: &'v Value) -> Node<'v> {
        Node {
            value,
            path: self.name(key),
        }
    }

    /// A string parameter: 131008 when `required` and absent or blank, 100 when not a string
    /// or longer than `max` characters.
    fn string(
        &self,
        key: &str,
        required: bool,
        max: Option<usize>,
    ) -> Result<Option<&'v str>, GraphError> {
        let name = self.name(key);
        match self.get(key) {
            None if required => Err(missing(&name)),
            None => Ok(None),
            Some(Value::String(text)) => {
                if required && text.trim().is_empty() {
                    return Err(missing(&name));
                }
                if let Some(max) = max.filter(|m| text.chars().count() > *m) {
                    return Err(GraphError::bad_param(format!(
                        "Param {name} must be at most {max} characters long."
                    )));
                }
                Ok(Some(text))
            }
            Some(_) => Err(GraphError::bad_param(format!(
                "Param {name} must be a string."
            ))),
        }
    }

    fn required_string(&self, key: &str, max: Option<usize>) -> Result<&'v str, GraphError> {
        Ok(self.string(key, true, max)?.unwrap_or_default())
    }

    fn object(&self, key: &str, required: bool) -> Result<Option<Node<'v>>, GraphError> {
        match self.get(key) {
            None if required => Err(missing(&self.name(key))),
            None => Ok(None),
            Some(value @ Value::Object(_)) => Ok(Some(self.child(key, value))),
            Some(_) => Err(GraphError::bad_param(format!(
                "Param {} must be an object.",
                self.name(key)
            ))),
        }
    }

    fn required_object(&self, key: &str) -> Result<Node<'v>, GraphError> {
        self.object(key, true)?
            .ok_or_else(|| missing(&self.name(key)))
    }

    /// An array parameter's elements, each as a node.
    fn array(&self, key: &str, required: bool) -> Result<Vec<Node<'v>>, GraphError> {
        let name = self.name(key);
        match self.get(key) {
            None if required => Err(missing(&name)),
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, value)| Node {
                    value,
                    path: format!("{name}[{i}]"),
                })
                .collect()),
            Some(_) => Err(GraphError::bad_param(format!(
                "Param {name} must be an array."
            ))),
        }
    }

    fn boolean(&self, key: &str) -> Result<(), GraphError> {
        match self.get(key) {
            None | Some(Value::Bool(_)) => Ok(()),
            Some(_) => Err(GraphError::bad_param(format!(
                "Param {} must be a boolean.",
                self.name(key)
            ))),
        }
    }
}

fn missing(name: &str) -> GraphError {
    GraphError::coded(131008, Some(format!("The parameter {name} is required.")))
}

fn invalid(details: String) -> GraphError {
    GraphError::coded(131009, Some(details))
}

/// The request body as one JSON object: a JSON body, or a form whose values may be JSON.
fn payload(call: &Call<'_>) -> Result<Value, GraphError> {
    if let Ok(value @ Value::Object(_)) = serde_json::from_slice::<Value>(call.raw_body()) {
        return Ok(value);
    }
    match &call.body {
        Err(problem) => Err(GraphError::bad_param(problem.clone())),
        Ok(fields) if fields.is_empty() => Err(GraphError::bad_param(
            "The request has no body: send the message as a JSON object.",
        )),
        Ok(fields) => Ok(Value::Object(
            fields
                .iter()
                .map(|(key, text)| {
                    let value = match text.trim_start().chars().next() {
                        Some('{' | '[') => serde_json::from_str(text)
                            .unwrap_or_else(|_| Value::String(text.clone())),
                        _ => Value::String(text.clone()),
                    };
                    (key.clone(), value)
                })
                .collect::<Map<String, Value>>(),
        )),
    }
}

/// What a valid message needs once it is accepted.
struct Plan {
    /// The template's category, for templates.
    template_category: Option<&'static str>,
    /// A media link the sandbox cannot fetch.
    unreachable_link: bool,
}

/// Everything the checks read.
struct Context<'w> {
    world: &'w World,
    phone_number_id: &'w str,
    now: OffsetDateTime,
}

/// `POST /{phone-number-id}/messages` (the token's permission was checked).
pub(crate) fn send(
    world: &mut World,
    limits: &Limits,
    call: &Call<'_>,
    phone_number_id: &str,
    now: OffsetDateTime,
) -> Result<Value, GraphError> {
    let number = world
        .number(phone_number_id)
        .ok_or_else(|| GraphError::no_such_object(&call.method, phone_number_id))?;
    if !matches!(
        number.phase(now, world.provisioning_delay),
        Phase::Connected { .. }
    ) {
        return Err(GraphError::coded(
            133010,
            Some(
                "The phone number is not registered on the WhatsApp Business Platform. Register \
                 it (POST /{phone-number-id}/register) before sending messages."
                    .into(),
            ),
        ));
    }
    let sender: String = number
        .display
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let test_number = number.account_mode == "SANDBOX";
    let body = payload(call)?;
    let root = Node {
        value: &body,
        path: String::new(),
    };
    match root.string("messaging_product", true, None)? {
        Some("whatsapp") => {}
        _ => {
            return Err(GraphError::bad_param(
                "Param messaging_product must be one of {WHATSAPP}.",
            ))
        }
    }
    if let Some(kind) = root.string("recipient_type", false, None)? {
        if kind != "individual" {
            return Err(GraphError::bad_param(format!(
                "Param recipient_type must be individual; the sandbox does not simulate \
                 \"{kind}\" recipients."
            )));
        }
    }
    if root.get("status").is_some() {
        return mark_read(world, &root, phone_number_id);
    }
    let to = root.required_string("to", None)?;
    let wa_id = wa_id(to).ok_or_else(|| {
        invalid(format!(
            "Param to must be a phone number with its country code, such as 16505551234 or \
             +1 650-555-1234; \"{to}\" is not one."
        ))
    })?;
    if wa_id == sender {
        return Err(GraphError::coded(131021, None));
    }
    if test_number && !world.customers.is_allowed(&wa_id) {
        return Err(GraphError::coded(
            131030,
            Some(format!(
                "Recipient phone number not in allowed list: Add recipient phone number to \
                 recipient list and try again. This test number may message only {}.",
                world.customers.allowed.join(", ")
            )),
        ));
    }
    let biz_opaque = root
        .string("biz_opaque_callback_data", false, Some(OPAQUE_MAX))?
        .map(str::to_owned);
    if let Some(context) = root.object("context", false)? {
        context.required_string("message_id", None)?;
    }
    let cx = Context {
        world,
        phone_number_id,
        now,
    };
    let kind = match root.get("type") {
        None => "text",
        Some(Value::String(kind)) => kind.as_str(),
        Some(_) => return Err(GraphError::bad_param("Param type must be a string.")),
    };
    let plan = match kind {
        "text" => text(&root)?,
        "template" => template(&cx, &root)?,
        "interactive" => interactive(&cx, &root)?,
        "reaction" => reaction(&root)?,
        other => match Kind::from_name(other) {
            Some(media_kind) => {
                let object = root.required_object(other)?;
                let unreachable_link = media(&cx, &object, media_kind, true)?;
                Plan {
                    template_category: None,
                    unreachable_link,
                }
            }
            None => {
                return Err(GraphError::bad_param(format!(
                    "Param type must be one of {{{TYPES}}}: the sandbox does not simulate \
                     \"{other}\" messages."
                )))
            }
        },
    };
    limits
        .admit(phone_number_id, &wa_id)
        .map_err(|refusal| match refusal {
            Refusal::Throughput => GraphError::coded(
                130429,
                Some(format!(
                    "Cloud API message throughput has been reached: this number sends at most \
                     {} messages per second.",
                    limits.get().per_second
                )),
            )
            .with_subcode(2_494_055),
            Refusal::Pair => GraphError::coded(131056, None),
        })?;
    let message_id = emitter::wamid();
    schedule(
        world,
        phone_number_id,
        &wa_id,
        &message_id,
        &plan,
        biz_opaque,
        now,
    );
    let mut message = json!({ "id": message_id });
    if plan.template_category.is_some() {
        message["message_status"] = "accepted".into();
    }
    Ok(json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": to, "wa_id": wa_id}],
        "messages": [message],
    }))
}

/// `to` as a WhatsApp ID: digits only, 7 to 15 of them (E.164 without the `+`).
fn wa_id(to: &str) -> Option<String> {
    let kept: String = to
        .trim()
        .chars()
        .filter(|c| !matches!(c, '+' | ' ' | '-' | '(' | ')' | '.'))
        .collect();
    (kept.chars().all(|c| c.is_ascii_digit()) && (7..=15).contains(&kept.len())).then_some(kept)
}

/// `{"status": "read", "message_id": ...}` (facts §10.7).
fn mark_read(world: &World, root: &Node<'_>, phone_number_id: &str) -> Result<Value, GraphError> {
    if root.string("status", true, None)? != Some("read") {
        return Err(GraphError::bad_param(
            "Param status must be read: only messages the number received can be marked, as read.",
        ));
    }
    let message_id = root.required_string("message_id", None)?;
    if let Some(indicator) = root.object("typing_indicator", false)? {
        indicator.required_string("type", None)?;
    }
    if !world.customers.received(phone_number_id, message_id) {
        return Err(invalid(format!(
            "Param message_id is not a message this phone number received: {message_id}."
        )));
    }
    Ok(json!({ "success": true }))
}

fn text(root: &Node<'_>) -> Result<Plan, GraphError> {
    let text = root.required_object("text")?;
    text.required_string("body", Some(TEXT_MAX))?;
    text.boolean("preview_url")?;
    Ok(Plan {
        template_category: None,
        unreachable_link: false,
    })
}

fn reaction(root: &Node<'_>) -> Result<Plan, GraphError> {
    let reaction = root.required_object("reaction")?;
    reaction.required_string("message_id", None)?;
    // An empty or absent emoji removes the reaction.
    reaction.string("emoji", false, None)?;
    Ok(Plan {
        template_category: None,
        unreachable_link: false,
    })
}

/// A media object (`{id}` or `{link}`, caption, filename): answers whether its link cannot be
/// fetched. An `id` must be media this number uploaded, of a type `kind` takes.
fn media(
    cx: &Context<'_>,
    object: &Node<'_>,
    kind: Kind,
    captioned: bool,
) -> Result<bool, GraphError> {
    let id = object.string("id", false, None)?;
    let link = object.string("link", false, None)?;
    let takes_caption = captioned && matches!(kind, Kind::Image | Kind::Video | Kind::Document);
    if takes_caption {
        object.string("caption", false, Some(CAPTION_MAX))?;
    } else if object.get("caption").is_some() {
        return Err(GraphError::bad_param(format!(
            "Param {} is not allowed: {} media takes no caption here.",
            object.name("caption"),
            kind.name()
        )));
    }
    if kind == Kind::Document {
        object.string("filename", false, None)?;
    }
    if kind == Kind::Audio {
        object.boolean("voice")?;
    }
    match (id, link) {
        (Some(_), Some(_)) => Err(invalid(format!(
            "Param {} must have either id or link, not both.",
            object.path
        ))),
        (None, None) => Err(missing(&format!(
            "{} or {}",
            object.name("id"),
            object.name("link")
        ))),
        (Some(id), None) => {
            let uploaded = cx
                .world
                .media
                .find(id, cx.now)
                .filter(|m| m.phone_number_id == cx.phone_number_id)
                .ok_or_else(|| {
                    invalid(format!(
                        "Param {} is not a media ID this phone number uploaded (or it expired \
                         or was deleted): upload the file with POST /{{phone-number-id}}/media.",
                        object.name("id")
                    ))
                })?;
            if uploaded.kind() != Some(kind) {
                return Err(GraphError::coded(
                    131053,
                    Some(format!(
                        "Media {id} is {}, which cannot be sent as {}: {} takes {}.",
                        uploaded.mime_type,
                        kind.name(),
                        kind.name(),
                        kind.mime_types().join(", ")
                    )),
                ));
            }
            Ok(false)
        }
        (None, Some(link)) => {
            let https = link
                .get(..8)
                .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"));
            if !https || link.len() <= 8 {
                return Err(invalid(format!(
                    "Param {} must be an https URL: Meta fetches media links over HTTPS only.",
                    object.name("link")
                )));
            }
            Ok(emitter::host_under(link, UNREACHABLE_TLDS))
        }
    }
}

fn interactive(cx: &Context<'_>, root: &Node<'_>) -> Result<Plan, GraphError> {
    let interactive = root.required_object("interactive")?;
    let kind = interactive.required_string("type", None)?;
    let list = match kind {
        "button" => false,
        "list" => true,
        other => {
            return Err(GraphError::bad_param(format!(
                "Param interactive['type'] must be one of {{button, list}}: the sandbox does not \
                 simulate \"{other}\" interactive messages."
            )))
        }
    };
    let body = interactive.required_object("body")?;
    body.required_string("text", Some(if list { TEXT_MAX } else { BUTTON_BODY_MAX }))?;
    if let Some(footer) = interactive.object("footer", false)? {
        footer.required_string("text", Some(FOOTER_MAX))?;
    }
    let mut unreachable_link = false;
    if let Some(header) = interactive.object("header", false)? {
        match header.required_string("type", None)? {
            "text" => {
                header.required_string("text", Some(HEADER_MAX))?;
            }
            media_type @ ("image" | "video" | "document") if !list => {
                let kind = Kind::from_name(media_type).unwrap_or(Kind::Image);
                let object = header.required_object(media_type)?;
                unreachable_link = media(cx, &object, kind, false)?;
            }
            other => {
                return Err(GraphError::bad_param(format!(
                    "Param interactive['header']['type'] must be one of {{{}}}, not \"{other}\".",
                    if list {
                        "text"
                    } else {
                        "text, image, video, document"
                    }
                )))
            }
        }
    }
    let action = interactive.required_object("action")?;
    if list {
        list_action(&action)?;
    } else {
        buttons(&action)?;
    }
    Ok(Plan {
        template_category: None,
        unreachable_link,
    })
}

/// Reply buttons: 1 to 3, each `{type: reply, reply: {id, title}}`, IDs and titles unique.
fn buttons(action: &Node<'_>) -> Result<(), GraphError> {
    let buttons = action.array("buttons", true)?;
    if !(1..=3).contains(&buttons.len()) {
        return Err(GraphError::bad_param(format!(
            "Param {} must have between 1 and 3 buttons; it has {}.",
            action.name("buttons"),
            buttons.len()
        )));
    }
    let (mut ids, mut titles) = (HashSet::new(), HashSet::new());
    for button in &buttons {
        if button.required_string("type", None)? != "reply" {
            return Err(GraphError::bad_param(format!(
                "Param {} must be reply.",
                button.name("type")
            )));
        }
        let reply = button.required_object("reply")?;
        let id = reply.required_string("id", Some(BUTTON_ID_MAX))?;
        let title = reply.required_string("title", Some(BUTTON_TITLE_MAX))?;
        if !ids.insert(id) {
            return Err(invalid(format!(
                "Param {} must be unique: another button already has the ID \"{id}\".",
                reply.name("id")
            )));
        }
        if !titles.insert(title) {
            return Err(invalid(format!(
                "Param {} must be unique: another button already has the title \"{title}\".",
                reply.name("title")
            )));
        }
    }
    Ok(())
}

/// A list: the button text, 1 to 10 sections (a title each when there are several), 1 to 10
/// rows in all, row IDs unique.
fn list_action(action: &Node<'_>) -> Result<(), GraphError> {
    action.required_string("button", Some(LIST_BUTTON_MAX))?;
    let sections = action.array("sections", true)?;
    if !(1..=MAX_SECTIONS).contains(&sections.len()) {
        return Err(GraphError::bad_param(format!(
            "Param {} must have between 1 and {MAX_SECTIONS} sections; it has {}.",
            action.name("sections"),
            sections.len()
        )));
    }
    let mut ids = HashSet::new();
    let mut rows_in_all = 0;
    for section in &sections {
        section.string("title", sections.len() > 1, Some(SECTION_TITLE_MAX))?;
        let rows = section.array("rows", true)?;
        if rows.is_empty() {
            return Err(GraphError::bad_param(format!(
                "Param {} must have at least one row.",
                section.name("rows")
            )));
        }
        rows_in_all += rows.len();
        if rows_in_all > MAX_ROWS {
            return Err(GraphError::bad_param(format!(
                "Param {} must have at most {MAX_ROWS} rows across all sections.",
                action.name("sections")
            )));
        }
        for row in &rows {
            let id = row.required_string("id", Some(ROW_ID_MAX))?;
            row.required_string("title", Some(ROW_TITLE_MAX))?;
            row.string("description", false, Some(ROW_DESCRIPTION_MAX))?;
            if !ids.insert(id) {
                return Err(invalid(format!(
                    "Param {} must be unique: another row already has the ID \"{id}\".",
                    row.name("id")
                )));
            }
        }
    }
    Ok(())
}

/// A template send: the template must be APPROVED in that language, and each component's
/// parameters must match its variables in count and format.
fn template(cx: &Context<'_>, root: &Node<'_>) -> Result<Plan, GraphError> {
    let object = root.required_object("template")?;
    let name = object.required_string("name", None)?;
    let language = object.required_object("language")?;
    let code = language.required_string("code", None)?;
    let store = &cx.world.templates;
    let found = store
        .templates
        .iter()
        .find(|t| t.name == name && t.language == code);
    let view = found.map(|t| t.view(cx.now, store.review_delay));
    let template = match (found, view.map(|v| v.status)) {
        (Some(t), Some("APPROVED")) => t,
        (_, Some("PAUSED")) => {
            return Err(GraphError::coded(
                132015,
                Some(format!(
                    "Template {name} ({code}) is paused because of its low quality; edit it or \
                     wait until Meta unpauses it."
                )),
            ))
        }
        (_, Some("DISABLED")) => {
            return Err(GraphError::coded(
                132016,
                Some(format!(
                    "Template {name} ({code}) was paused too many times and is disabled; create a \
                     new template."
                )),
            ))
        }
        _ => {
            return Err(GraphError::coded(
                132001,
                Some(format!("template name ({name}) does not exist in {code}")),
            ))
        }
    };
    let given = object.array("components", false)?;
    let mut header = None;
    let mut body = None;
    let mut buttons: Vec<(usize, Node<'_>)> = Vec::new();
    for component in &given {
        let kind = component
            .required_string("type", None)?
            .to_ascii_lowercase();
        match kind.as_str() {
            "header" => header = Some(component.clone()),
            "body" => body = Some(component.clone()),
            "button" => {
                let index = match component.get("index") {
                    Some(Value::String(i)) => i.trim().parse::<usize>().ok(),
                    Some(Value::Number(n)) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
                    None => return Err(missing(&component.name("index"))),
                    Some(_) => None,
                }
                .ok_or_else(|| {
                    GraphError::bad_param(format!(
                        "Param {} must be the button's position, such as \"0\".",
                        component.name("index")
                    ))
                })?;
                buttons.push((index, component.clone()));
            }
            other => {
                return Err(GraphError::bad_param(format!(
                    "Param {} must be one of {{HEADER, BODY, BUTTON}}, not \"{other}\".",
                    component.name("type")
                )))
            }
        }
    }
    let unreachable_link = check_header(cx, template, header.as_ref())?;
    check_body(template, body.as_ref())?;
    check_buttons(template, &buttons)?;
    Ok(Plan {
        template_category: Some(template.category),
        unreachable_link,
    })
}

/// The template's component of this type (`HEADER`, `BODY`, `BUTTONS`).
fn component<'t>(template: &'t Template, kind: &str) -> Option<&'t Value> {
    template.components.iter().find(|c| c["type"] == kind)
}

fn count_mismatch(component: &str, given: usize, expected: usize) -> GraphError {
    GraphError::coded(
        132000,
        Some(format!(
            "{component}: number of localizable_params ({given}) does not match the expected \
             number of params ({expected})"
        )),
    )
}

fn format_mismatch(component: &str, expected: &str, received: &str) -> GraphError {
    GraphError::coded(
        132012,
        Some(format!(
            "{component}: Format mismatch, expected {expected}, received {received}"
        )),
    )
}

/// A parameter's `type`, upper case as Meta's mismatch details name it (`UNKNOWN` if none).
fn parameter_type(parameter: &Node<'_>) -> String {
    parameter
        .get("type")
        .and_then(Value::as_str)
        .map_or_else(|| "UNKNOWN".to_owned(), str::to_ascii_uppercase)
}

/// The header: a media header needs one parameter of its type; a text header one text
/// parameter per variable. Answers whether a media link cannot be fetched.
fn check_header(
    cx: &Context<'_>,
    template: &Template,
    given: Option<&Node<'_>>,
) -> Result<bool, GraphError> {
    let parameters = match given {
        Some(header) => header.array("parameters", false)?,
        None => Vec::new(),
    };
    let declared = component(template, "HEADER");
    let format = declared
        .and_then(|h| h["format"].as_str())
        .unwrap_or("TEXT");
    if declared.is_some() && matches!(format, "IMAGE" | "VIDEO" | "DOCUMENT") {
        let Some(first) = parameters.first() else {
            return Err(format_mismatch("header", format, "UNKNOWN"));
        };
        let received = parameter_type(first);
        if received != format {
            return Err(format_mismatch("header", format, &received));
        }
        if parameters.len() > 1 {
            return Err(count_mismatch("header", parameters.len(), 1));
        }
        let key = format.to_ascii_lowercase();
        let kind = Kind::from_name(&key).unwrap_or(Kind::Image);
        let object = first.required_object(&key)?;
        return media(cx, &object, kind, false);
    }
    let expected = declared
        .and_then(|h| h["text"].as_str())
        .map(variable_names)
        .unwrap_or_default();
    check_texts("header", template, &expected, &parameters)?;
    Ok(false)
}

fn check_body(template: &Template, given: Option<&Node<'_>>) -> Result<(), GraphError> {
    let parameters = match given {
        Some(body) => body.array("parameters", false)?,
        None => Vec::new(),
    };
    let expected = component(template, "BODY")
        .and_then(|b| b["text"].as_str())
        .map(variable_names)
        .unwrap_or_default();
    check_texts("body", template, &expected, &parameters)
}

/// Text parameters for the variables `expected`: the count first (132000), then each value's
/// type (`text`, `currency`, `date_time`) and, for a NAMED template, `parameter_name` naming one
/// of its variables (a POSITIONAL template takes none): 132012.
fn check_texts(
    component: &str,
    template: &Template,
    expected: &[String],
    parameters: &[Node<'_>],
) -> Result<(), GraphError> {
    if parameters.len() != expected.len() {
        return Err(count_mismatch(component, parameters.len(), expected.len()));
    }
    let named = template.parameter_format == "NAMED";
    for parameter in parameters {
        let kind = parameter_type(parameter);
        match kind.as_str() {
            "TEXT" => {
                parameter.required_string("text", None)?;
            }
            "CURRENCY" => {
                let currency = parameter.required_object("currency")?;
                currency.required_string("fallback_value", None)?;
                currency.required_string("code", None)?;
                if !currency.get("amount_1000").is_some_and(Value::is_i64) {
                    return Err(missing(&currency.name("amount_1000")));
                }
            }
            "DATE_TIME" => {
                parameter
                    .required_object("date_time")?
                    .required_string("fallback_value", None)?;
            }
            other => return Err(format_mismatch(component, "TEXT", other)),
        }
        let name = parameter.string("parameter_name", false, None)?;
        match (named, name) {
            (true, None) => return Err(format_mismatch(component, "NAMED", "POSITIONAL")),
            (false, Some(_)) => return Err(format_mismatch(component, "POSITIONAL", "NAMED")),
            (true, Some(name)) if !expected.iter().any(|e| e == name) => {
                return Err(GraphError::coded(
                    132012,
                    Some(format!(
                        "{component}: parameter_name ({name}) is not a variable of the template; \
                         it has {}",
                        expected.join(", ")
                    )),
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Buttons: a URL button with a variable needs one text parameter, a COPY_CODE button one
/// `coupon_code`, a QUICK_REPLY button takes an optional `payload`.
fn check_buttons(template: &Template, given: &[(usize, Node<'_>)]) -> Result<(), GraphError> {
    let declared: Vec<&Value> = component(template, "BUTTONS")
        .and_then(|b| b["buttons"].as_array())
        .map(|b| b.iter().collect())
        .unwrap_or_default();
    for (index, node) in given {
        let Some(button) = declared.get(*index) else {
            return Err(invalid(format!(
                "buttons: the template has no button at index {index}"
            )));
        };
        let kind = button["type"].as_str().unwrap_or_default();
        let sub_type = node.required_string("sub_type", None)?;
        if !sub_type.eq_ignore_ascii_case(kind) {
            return Err(invalid(format!(
                "Param {} must be {} for the button at index {index}.",
                node.name("sub_type"),
                kind.to_ascii_lowercase()
            )));
        }
        let parameters = node.array("parameters", false)?;
        let expected = match kind {
            "URL" => usize::from(button["url"].as_str().is_some_and(|u| u.contains("{{"))),
            "COPY_CODE" => 1,
            _ => parameters.len().min(1),
        };
        if parameters.len() != expected {
            return Err(count_mismatch("button", parameters.len(), expected));
        }
        for parameter in &parameters {
            let (wanted, key) = match kind {
                "URL" => ("TEXT", "text"),
                "COPY_CODE" => ("COUPON_CODE", "coupon_code"),
                _ => ("PAYLOAD", "payload"),
            };
            let received = parameter_type(parameter);
            if received != wanted {
                return Err(format_mismatch("button", wanted, &received));
            }
            parameter.required_string(key, None)?;
        }
    }
    for (index, button) in declared.iter().enumerate() {
        let kind = button["type"].as_str().unwrap_or_default();
        let needs = match kind {
            "URL" => button["url"].as_str().is_some_and(|u| u.contains("{{")),
            "COPY_CODE" => true,
            _ => false,
        };
        if needs && !given.iter().any(|(i, _)| *i == index) {
            let name = if kind == "URL" { "Url" } else { "CopyCode" };
            return Err(GraphError::coded(
                131008,
                Some(format!(
                    "buttons: Button at index {index} of type {name} requires a parameter"
                )),
            ));
        }
    }
    Ok(())
}

/// The `pricing` of a message (facts §10.9, §12.5).
fn pricing(category: Option<&str>, window_open: bool) -> Value {
    match category {
        Some("UTILITY") if window_open => json!({
            "billable": false, "pricing_model": "PMP", "type": "free_customer_service",
            "category": "utility",
        }),
        Some(category) => json!({
            "billable": true, "pricing_model": "PMP", "type": "regular",
            "category": category.to_ascii_lowercase(),
        }),
        None => json!({
            "billable": false, "pricing_model": "PMP", "type": "free_customer_service",
            "category": "service",
        }),
    }
}

/// Schedules what happens to an accepted message: one `failed` status at once when Meta would
/// fail it, else `sent`, `delivered`, `read` for a reader, and the recipient's reply.
fn schedule(
    world: &mut World,
    phone_number_id: &str,
    wa_id: &str,
    message_id: &str,
    plan: &Plan,
    biz_opaque_callback_data: Option<String>,
    now: OffsetDateTime,
) {
    let behaviour = world.customers.behaviour(wa_id);
    let window_open = world.customers.window_open(phone_number_id, wa_id, now);
    let failure = if !behaviour.on_whatsapp {
        Some(Failure::UNDELIVERABLE)
    } else if plan.template_category.is_none() && !window_open {
        Some(Failure::RE_ENGAGEMENT)
    } else if plan.template_category == Some("MARKETING") && behaviour.marketing_limited {
        Some(Failure::ECOSYSTEM)
    } else if plan.unreachable_link {
        Some(Failure::MEDIA_UPLOAD)
    } else {
        None
    }
    .and_then(Failure::from_code);
    let pricing = pricing(plan.template_category, window_open);
    let mut status = |due: OffsetDateTime, delivery: Delivery, failure: Option<Failure>| {
        world.outbox.items.push(Scheduled {
            due,
            phone_number_id: phone_number_id.to_owned(),
            event: Event::Status {
                message_id: message_id.to_owned(),
                recipient: wa_id.to_owned(),
                delivery,
                failure,
                pricing: pricing.clone(),
                biz_opaque_callback_data: biz_opaque_callback_data.clone(),
            },
        });
    };
    if let Some(failure) = failure {
        status(now, Delivery::Failed, Some(failure));
        return;
    }
    status(now, Delivery::Sent, None);
    let mut last = now + DELIVERED_AFTER;
    status(last, Delivery::Delivered, None);
    if behaviour.reads {
        last += READ_AFTER;
        status(last, Delivery::Read, None);
    }
    if let Some(text) = behaviour.reply {
        world.outbox.items.push(Scheduled {
            due: last + REPLY_AFTER,
            phone_number_id: phone_number_id.to_owned(),
            event: Event::Reply {
                from: wa_id.to_owned(),
                text,
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_becomes_digits_with_the_country_code() {
        assert_eq!(wa_id("+1 (650) 555-1234").as_deref(), Some("16505551234"));
        assert_eq!(wa_id("16505551234").as_deref(), Some("16505551234"));
        for bad in ["", "12345", "1650555123456789", "1650abc1234", "+"] {
            assert_eq!(wa_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn templates_are_billed_by_category_and_the_rest_is_free() {
        assert_eq!(pricing(Some("MARKETING"), true)["category"], "marketing");
        assert_eq!(pricing(Some("MARKETING"), true)["billable"], true);
        assert_eq!(
            pricing(Some("UTILITY"), true)["type"],
            "free_customer_service"
        );
        assert_eq!(pricing(Some("UTILITY"), false)["billable"], true);
        assert_eq!(pricing(None, true)["category"], "service");
        assert_eq!(pricing(None, true)["billable"], false);
    }

    #[test]
    fn node_names_follow_metas_details() {
        let value = json!({"interactive": {"action": {"buttons": [{"reply": {}}]}}});
        let root = Node {
            value: &value,
            path: String::new(),
        };
        let action = root
            .required_object("interactive")
            .and_then(|i| i.required_object("action"))
            .unwrap();
        let buttons = action.array("buttons", true).unwrap();
        let reply = buttons[0].required_object("reply").unwrap();
        assert_eq!(
            reply.name("title"),
            "interactive['action']['buttons'][0]['reply']['title']"
        );
    }
}
