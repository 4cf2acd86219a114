//! The webhook emitter (facts §12.2, §12.3): when the WABA is subscribed to the app and a
//! callback exists, the sandbox POSTs events to it in Meta's batched envelope, signed with
//! `X-Hub-Signature-256` (HMAC-SHA256 of the exact bytes sent, keyed with the app secret:
//! [`crate::SANDBOX_APP_SECRET`] unless `SandboxConfig::app_secret` says otherwise), and only
//! for fields the app subscribed to. Which callback:
//! for message-type fields the most specific that exists (the number's own override, then the
//! WABA's `override_callback_uri`, then the app's callback); template and account-level fields
//! always go to the app's callback, as Meta's webhook override page says.
//!
//! Events: `message_template_status_update` when the reviewer decides a template, and
//! `phone_number_name_update` when it decides a requested display name (`display_name`), both
//! emitted when a Graph call or a control call finds the review delay passed on the sim clock,
//! exactly once per decision, see [`sweep`]; `messages` with an inbound text from
//! `POST /__sandbox/webhooks/inbound`; and `messages` with the `statuses[]` of a message the
//! number sent (`sent`, `delivered`, `read`, or `failed` with its `errors[]`; `pricing` on `sent`
//! and on the first `delivered` or `read`), one change per status in one batch: those of
//! messages sent with `POST /{phone-number-id}/messages` as they fall due on the sim clock
//! (`messages`), and any a driver asks for with `POST /__sandbox/webhooks/status`. Statuses are
//! in the v24+ shape: no `conversation` object. Every inbound message (from the control routes
//! or a recipient's scripted reply) opens that recipient's 24-hour window (`recipients`).
//!
//! `POST /__sandbox/quality` changes a number's `quality_rating` and emits nothing: Meta's
//! `phone_number_quality_update` now reports only `ONBOARDING` and `THROUGHPUT_UPGRADE` (facts
//! §12.7; its rating events `UPGRADE`, `DOWNGRADE`, `FLAGGED`, `UNFLAGGED` are pre-Oct-2025
//! legacy) and no current webhook carries a number's rating, so a console learns it by reading
//! the number.
//!
//! Delivery runs on a background task fed by a queue: each POST has a 10 s timeout, and a non-2xx
//! answer or a connection error is retried on the real clock after the [`WebhookRetry`] backoff
//! (1 s, 2 s, 4 s ... capped, a bounded number of attempts). Counts are on
//! `GET /__sandbox/webhooks`; `POST /__sandbox/webhooks/faults` makes each POST go twice
//! (`duplicates`) or reverses the changes in a batch (`outOfOrder`). A callback under the
//! reserved `.example` domain (the seeded scenarios' placeholder) can never resolve, so nothing
//! is sent to it: without a real callback the emitter does nothing.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use time::OffsetDateTime;
use tokio::sync::mpsc;
use waba_core::webhook::{sign, SIGNATURE_HEADER};

use crate::display_name::{self, NAME_UPDATE_FIELD};
use crate::lock;
use crate::state::AppState;
use crate::templates::Decision;
use crate::world::{PhoneNumber, World};

/// The envelope's `object` for WhatsApp.
const OBJECT: &str = "whatsapp_business_account";
/// The field template status changes come in.
pub(crate) const TEMPLATE_STATUS_FIELD: &str = "message_template_status_update";
/// The field inbound messages and statuses come in.
pub(crate) const MESSAGES_FIELD: &str = "messages";

/// How the emitter retries a POST that failed (non-2xx, timeout, connection error): wait
/// `first`, then double, at most `max`, for at most `attempts` POSTs in all. Real-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebhookRetry {
    /// The wait before the second attempt.
    pub first: Duration,
    /// The longest wait between attempts.
    pub max: Duration,
    /// Attempts in all (the first included); at least 1.
    pub attempts: u32,
    /// How long one POST may take.
    pub timeout: Duration,
}

impl Default for WebhookRetry {
    fn default() -> Self {
        WebhookRetry {
            first: Duration::from_secs(1),
            max: Duration::from_secs(60),
            attempts: 8,
            timeout: Duration::from_secs(10),
        }
    }
}

impl WebhookRetry {
    /// The wait after failed attempt `n` (1-based).
    fn backoff(&self, n: u32) -> Duration {
        let factor = 1u32.checked_shl(n.saturating_sub(1)).unwrap_or(u32::MAX);
        self.first.saturating_mul(factor).min(self.max)
    }
}

/// What the emitter has done, as `GET /__sandbox/webhooks` answers it.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Stats {
    /// POSTs the callback answered with a 2xx.
    pub delivered: u64,
    /// POSTs queued or being retried.
    pub pending: u64,
    /// POSTs given up after the last attempt.
    pub failed: u64,
    /// Every POST attempt sent.
    pub attempts: u64,
    /// The last failed attempt: the status or the connection error.
    pub last_error: Option<String>,
}

/// `POST /__sandbox/webhooks/faults`.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EmitFaults {
    /// Each POST is sent twice.
    pub duplicates: bool,
    /// The changes of a batch are sent in reverse order.
    pub out_of_order: bool,
}

/// One POST to make: the exact bytes and where.
#[derive(Debug)]
struct Job {
    url: String,
    body: Vec<u8>,
}

/// The emitter's handle, shared by every request handler. Dropping the last one ends the worker.
#[derive(Debug, Clone)]
pub(crate) struct Emitter {
    queue: mpsc::UnboundedSender<Job>,
    stats: Arc<Mutex<Stats>>,
    faults: Arc<Mutex<EmitFaults>>,
    retry: WebhookRetry,
}

impl Emitter {
    /// Starts the delivery task on the current Tokio runtime; it signs with `app_secret`.
    pub(crate) fn start(retry: WebhookRetry, app_secret: SecretString) -> Emitter {
        let retry = WebhookRetry {
            attempts: retry.attempts.max(1),
            ..retry
        };
        let (queue, jobs) = mpsc::unbounded_channel();
        let stats = Arc::new(Mutex::new(Stats::default()));
        tokio::spawn(work(jobs, stats.clone(), retry, app_secret));
        Emitter {
            queue,
            stats,
            faults: Arc::new(Mutex::new(EmitFaults::default())),
            retry,
        }
    }

    pub(crate) fn stats(&self) -> Stats {
        lock(&self.stats).clone()
    }

    pub(crate) fn faults(&self) -> EmitFaults {
        *lock(&self.faults)
    }

    pub(crate) fn set_faults(&self, duplicates: Option<bool>, out_of_order: Option<bool>) {
        let mut faults = lock(&self.faults);
        if let Some(d) = duplicates {
            faults.duplicates = d;
        }
        if let Some(o) = out_of_order {
            faults.out_of_order = o;
        }
    }

    pub(crate) fn retry(&self) -> WebhookRetry {
        self.retry
    }

    /// Queues one envelope with `changes` (each `(field, value)`) for the entry of `waba_id`.
    fn send(&self, url: &str, waba_id: &str, time: Option<i64>, mut changes: Vec<Value>) {
        let faults = self.faults();
        if faults.out_of_order {
            changes.reverse();
        }
        let mut entry = json!({"id": waba_id, "changes": changes});
        if let Some(time) = time {
            entry["time"] = json!(time);
        }
        let body = json!({"object": OBJECT, "entry": [entry]})
            .to_string()
            .into_bytes();
        let copies = if faults.duplicates { 2 } else { 1 };
        for _ in 0..copies {
            lock(&self.stats).pending += 1;
            let job = Job {
                url: url.to_owned(),
                body: body.clone(),
            };
            if self.queue.send(job).is_err() {
                // The worker is gone (the runtime is shutting down): nothing will be sent.
                lock(&self.stats).pending -= 1;
            }
        }
    }
}

/// The fields an override (the number's or the WABA's) applies to, from Meta's webhook override
/// page; every other field always goes to the app's callback.
const OVERRIDABLE_FIELDS: &[&str] = &[
    "messages",
    "message_echoes",
    "calls",
    "consumer_profile",
    "messaging_handovers",
    "standby",
    "group_lifecycle_update",
    "group_participants_update",
    "group_settings_update",
    "group_status_update",
    "smb_message_echoes",
    "smb_app_state_sync",
    "history",
    "account_settings_update",
];

/// Where a webhook of `field` (about `number`, if it is about one) goes, if anywhere: nowhere
/// while the WABA is not subscribed; for a field an override applies to, the most specific
/// callback that exists (the number's, the WABA's, the app's); otherwise the app's. Never a
/// reserved `.example` placeholder.
pub(crate) fn route(world: &World, field: &str, number: Option<&PhoneNumber>) -> Option<String> {
    if !world.waba.subscribed {
        return None;
    }
    let app = world.waba.app_callback.as_ref();
    let url = if OVERRIDABLE_FIELDS.contains(&field) {
        number
            .and_then(|n| n.override_callback.as_ref())
            .or(world.waba.override_callback.as_ref())
            .or(app)
    } else {
        app
    }?;
    (!is_placeholder(url)).then(|| url.clone())
}

/// Where the WABA's message webhooks go for a number without a callback of its own.
pub(crate) fn callback(world: &World) -> Option<String> {
    route(world, MESSAGES_FIELD, None)
}

/// Whether the app subscribed to `field`.
fn wants(world: &World, field: &str) -> bool {
    world.app.fields.iter().any(|(name, _)| name == field)
}

/// A host under the reserved `.example` top-level domain (RFC 2606), which never resolves.
fn is_placeholder(url: &str) -> bool {
    host_under(url, &["example"])
}

/// Whether the host of `url` is one of the top-level domains `tlds` or under one of them.
pub(crate) fn host_under(url: &str, tlds: &[&str]) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host_port
        .split(':')
        .next()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    tlds.iter()
        .any(|tld| host == *tld || host.ends_with(&format!(".{tld}")))
}

/// Settles every template and display-name review that has passed on the sim clock and emits
/// one `message_template_status_update` or `phone_number_name_update` per decision (decisions
/// are taken from the world once, so each is emitted once). Called after every Graph call and
/// after control calls that move the clock or a review delay.
pub(crate) fn sweep(state: &AppState) {
    let now = state.clock.now();
    let mut world = state.world();
    announce_name_decisions(state, &mut world, now);
    world.templates.settle_due(now);
    let decisions = world.templates.take_decisions();
    if decisions.is_empty() || !wants(&world, TEMPLATE_STATUS_FIELD) {
        return;
    }
    let Some(url) = route(&world, TEMPLATE_STATUS_FIELD, None) else {
        return;
    };
    let changes = decisions
        .iter()
        .map(|d| json!({"field": TEMPLATE_STATUS_FIELD, "value": template_status(d)}))
        .collect();
    state
        .emitter
        .send(&url, &world.waba.id, Some(now.unix_timestamp()), changes);
}

/// Decides the display-name reviews that are due and emits one `phone_number_name_update`
/// change per decision (facts §17.3), to the app's callback when the app subscribed the field.
fn announce_name_decisions(state: &AppState, world: &mut World, now: OffsetDateTime) {
    display_name::settle_due(world, now);
    let decisions = std::mem::take(&mut world.name_decisions);
    if decisions.is_empty() || !wants(world, NAME_UPDATE_FIELD) {
        return;
    }
    let Some(url) = route(world, NAME_UPDATE_FIELD, None) else {
        return;
    };
    let changes = decisions
        .iter()
        .map(|d| json!({"field": NAME_UPDATE_FIELD, "value": d.value()}))
        .collect();
    state
        .emitter
        .send(&url, &world.waba.id, Some(now.unix_timestamp()), changes);
}

/// The `message_template_status_update` value (facts §12.6).
fn template_status(d: &Decision) -> Value {
    let id: Value =
        d.id.parse::<u64>()
            .map_or_else(|_| json!(d.id), |n| json!(n));
    json!({
        "event": d.status,
        "message_template_id": id,
        "message_template_name": d.name,
        "message_template_language": d.language,
        "reason": d.reason,
        "message_template_category": d.category,
    })
}

/// What `POST /__sandbox/webhooks/inbound` did.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Inbound {
    /// The message's `wamid`.
    pub id: String,
    /// Whether it was queued for the callback.
    pub sent: bool,
    /// Where it went.
    pub callback: Option<String>,
}

/// Emits an inbound text message from `from` to the number `phone_number_id` (facts §12.4),
/// received now on the sim clock. `Err` when the number is not in the WABA.
pub(crate) fn inbound_text(
    state: &AppState,
    from: &str,
    name: &str,
    text: &str,
    phone_number_id: &str,
) -> Result<Inbound, String> {
    let now = state.clock.now();
    inbound_text_at(
        &state.emitter,
        &mut state.world(),
        from,
        name,
        text,
        phone_number_id,
        now,
    )
}

/// [`inbound_text`] on a locked world, received at `at`: the message opens (or renews) the
/// customer-service window between `from` and the number (`recipients`), whether or not a
/// callback takes the webhook.
pub(crate) fn inbound_text_at(
    emitter: &Emitter,
    world: &mut World,
    from: &str,
    name: &str,
    text: &str,
    phone_number_id: &str,
    at: OffsetDateTime,
) -> Result<Inbound, String> {
    let number = world
        .number(phone_number_id)
        .ok_or_else(|| format!("no phone number with ID {phone_number_id} in the WABA"))?;
    let id = wamid();
    let value = json!({
        "messaging_product": "whatsapp",
        "metadata": metadata(number),
        "contacts": [{"profile": {"name": name}, "wa_id": from}],
        "messages": [{
            "from": from,
            "id": id,
            "timestamp": at.unix_timestamp().to_string(),
            "type": "text",
            "text": {"body": text},
        }],
    });
    let callback = message_callback(world, number);
    if let Some(url) = &callback {
        emitter.send(
            url,
            &world.waba.id,
            None,
            vec![json!({"field": MESSAGES_FIELD, "value": value})],
        );
    }
    world
        .customers
        .record_inbound(phone_number_id, from, &id, at);
    Ok(Inbound {
        id,
        sent: callback.is_some(),
        callback,
    })
}

/// Where a `messages` webhook about `number` goes: nowhere unless the app subscribed the field.
fn message_callback(world: &World, number: &PhoneNumber) -> Option<String> {
    route(world, MESSAGES_FIELD, Some(number)).filter(|_| wants(world, MESSAGES_FIELD))
}

/// A `messages` value's `metadata`: the number as webhooks show it (digits only, facts §4.2).
fn metadata(number: &PhoneNumber) -> Value {
    json!({
        "display_phone_number": digits(&number.display),
        "phone_number_id": number.id,
    })
}

fn digits(display: &str) -> String {
    display.chars().filter(char::is_ascii_digit).collect()
}

/// A status of a message the business sent, as a status webhook names it (facts §12.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Delivery {
    Sent,
    Delivered,
    Read,
    Failed,
}

impl Delivery {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Delivery::Sent => "sent",
            Delivery::Delivered => "delivered",
            Delivery::Read => "read",
            Delivery::Failed => "failed",
        }
    }
}

/// Why a `failed` status failed: one of Meta's webhook error objects (facts §2.2: no `type`,
/// `message` equal to `title`, the explanation in `error_data.details`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Failure {
    code: i64,
    title: &'static str,
    details: &'static str,
}

/// Where every webhook error object points.
const ERROR_CODES_HREF: &str =
    "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";

/// The codes a failed status can carry: those Meta reports in status webhooks (asynchronously
/// or both ways, facts §2.2, §2.3), with their webhook titles. 131050's details are not
/// documented; the sandbox repeats the title.
const FAILURES: [Failure; 8] = [
    Failure {
        code: Failure::UNDELIVERABLE,
        title: "Message undeliverable",
        details: "Message Undeliverable.",
    },
    Failure {
        code: Failure::RE_ENGAGEMENT,
        title: "Re-engagement message",
        details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    },
    Failure {
        code: Failure::ECOSYSTEM,
        title: "This message was not delivered to maintain healthy ecosystem engagement.",
        details: "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
    },
    Failure {
        code: 131050,
        title: "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business",
        details: "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business",
    },
    Failure {
        code: 130472,
        title: "User's number is part of an experiment",
        details: "Failed to send message because this user's phone number is part of an experiment",
    },
    Failure {
        code: 131042,
        title: "Business eligibility payment issue",
        details: "Message failed to send because there were one or more errors related to your payment method.",
    },
    Failure {
        code: Failure::MEDIA_UPLOAD,
        title: "Media upload error",
        details: "Downloading media from weblink failed: the host could not be reached.",
    },
    Failure {
        code: 131000,
        title: "Something went wrong",
        details: "Message failed to send because of an unknown error. Try again later.",
    },
];

impl Failure {
    /// The default: not a WhatsApp user, or one who has not accepted the current terms.
    pub(crate) const UNDELIVERABLE: i64 = 131026;
    /// More than 24 hours since the customer last wrote: only templates may be sent.
    pub(crate) const RE_ENGAGEMENT: i64 = 131047;
    /// Meta's healthy-ecosystem limit on marketing messages to this user.
    pub(crate) const ECOSYSTEM: i64 = 131049;
    /// Meta could not fetch the media the message links to.
    pub(crate) const MEDIA_UPLOAD: i64 = 131053;

    pub(crate) fn from_code(code: i64) -> Option<Failure> {
        FAILURES.into_iter().find(|f| f.code == code)
    }

    /// Every code [`Failure::from_code`] knows, for a refusal to list.
    pub(crate) fn codes() -> Vec<i64> {
        FAILURES.iter().map(|f| f.code).collect()
    }

    fn to_json(self) -> Value {
        json!({
            "code": self.code,
            "title": self.title,
            "message": self.title,
            "error_data": {"details": self.details},
            "href": ERROR_CODES_HREF,
        })
    }
}

/// What `POST /__sandbox/webhooks/status` bills a message at: a utility template at the regular
/// rate (facts §10.9). Messages the sandbox sends itself are priced by `messages`.
fn pricing() -> Value {
    json!({"billable": true, "pricing_model": "PMP", "type": "regular", "category": "utility"})
}

/// What `POST /__sandbox/webhooks/status` did.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Outbound {
    /// The `wamid` the statuses are about.
    pub message_id: String,
    /// Whether they were queued for the callback.
    pub sent: bool,
    /// Where they went.
    pub callback: Option<String>,
}

/// Emits `statuses`, in order, for the message `message_id` (a fresh `wamid` when `None`) that
/// the number `phone_number_id` sent to `recipient` (facts §12.5), at the sim clock's now, billed
/// as a utility template. A `failed` status carries `failure`. `Err` when the number is not in
/// the WABA.
pub(crate) fn statuses(
    state: &AppState,
    phone_number_id: &str,
    recipient: &str,
    message_id: Option<String>,
    statuses: &[Delivery],
    failure: Failure,
) -> Result<Outbound, String> {
    let now = state.clock.now().unix_timestamp();
    let id = message_id.unwrap_or_else(wamid);
    let pricing = pricing();
    let events: Vec<StatusEvent<'_>> = statuses
        .iter()
        .map(|&delivery| StatusEvent {
            message_id: &id,
            recipient,
            delivery,
            timestamp: now,
            failure: (delivery == Delivery::Failed).then_some(failure),
            pricing: &pricing,
            biz_opaque_callback_data: None,
        })
        .collect();
    let callback = emit_statuses(&state.emitter, &mut state.world(), phone_number_id, &events)?;
    Ok(Outbound {
        message_id: id.clone(),
        sent: callback.is_some(),
        callback,
    })
}

/// One status of a message the number sent.
#[derive(Debug, Clone)]
pub(crate) struct StatusEvent<'a> {
    pub message_id: &'a str,
    pub recipient: &'a str,
    pub delivery: Delivery,
    /// Unix seconds (sim clock).
    pub timestamp: i64,
    /// What a `failed` status carries in `errors[]`.
    pub failure: Option<Failure>,
    /// The `pricing` object, put on `sent` and on the first `delivered` or `read` of the message.
    pub pricing: &'a Value,
    /// Echoed from the send, when it had one.
    pub biz_opaque_callback_data: Option<&'a str>,
}

/// Emits `events` (statuses of messages the number `phone_number_id` sent) in one batch, one
/// change per status in the order given, so the out-of-order fault reverses them. Answers where
/// the batch went (`None`: nowhere, the app does not take `messages` or has no callback). `Err`
/// when the number is not in the WABA.
pub(crate) fn emit_statuses(
    emitter: &Emitter,
    world: &mut World,
    phone_number_id: &str,
    events: &[StatusEvent<'_>],
) -> Result<Option<String>, String> {
    let number = world
        .number(phone_number_id)
        .ok_or_else(|| format!("no phone number with ID {phone_number_id} in the WABA"))?;
    let metadata = metadata(number);
    let callback = message_callback(world, number);
    let changes = events
        .iter()
        .map(|event| {
            let mut status = json!({
                "id": event.message_id,
                "status": event.delivery.as_str(),
                "timestamp": event.timestamp.to_string(),
                "recipient_id": event.recipient,
            });
            if let Some(data) = event.biz_opaque_callback_data {
                status["biz_opaque_callback_data"] = data.into();
            }
            let priced = match event.delivery {
                Delivery::Sent => true,
                Delivery::Delivered | Delivery::Read => {
                    world.priced_receipts.insert(event.message_id.to_owned())
                }
                Delivery::Failed => false,
            };
            if priced {
                status["pricing"] = event.pricing.clone();
            }
            if let (Delivery::Failed, Some(failure)) = (event.delivery, event.failure) {
                status["errors"] = json!([failure.to_json()]);
            }
            json!({
                "field": MESSAGES_FIELD,
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": metadata,
                    "statuses": [status],
                },
            })
        })
        .collect();
    if let Some(url) = &callback {
        emitter.send(url, &world.waba.id, None, changes);
    }
    Ok(callback)
}

/// A fresh message ID in Meta's shape: `wamid.` and base64 of random bytes.
pub(crate) fn wamid() -> String {
    use base64::Engine as _;
    let mut bytes = [0u8; 30];
    // Without an OS random source the time still makes IDs distinct enough for a sandbox.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = OffsetDateTime::now_utc()
            .unix_timestamp_nanos()
            .to_le_bytes();
        bytes[..16].copy_from_slice(&nanos);
    }
    format!(
        "wamid.{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// The delivery task: each job is delivered on its own task so one slow callback's retries do
/// not hold back the rest. Ends when every [`Emitter`] is dropped.
async fn work(
    mut jobs: mpsc::UnboundedReceiver<Job>,
    stats: Arc<Mutex<Stats>>,
    retry: WebhookRetry,
    app_secret: SecretString,
) {
    let client = match reqwest::Client::builder()
        .no_proxy()
        .timeout(retry.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(client) => client,
        Err(_) => return,
    };
    while let Some(job) = jobs.recv().await {
        let signature = sign(&app_secret, &job.body);
        tokio::spawn(deliver(
            client.clone(),
            job,
            signature,
            stats.clone(),
            retry,
        ));
    }
}

async fn deliver(
    client: reqwest::Client,
    job: Job,
    signature: String,
    stats: Arc<Mutex<Stats>>,
    retry: WebhookRetry,
) {
    for attempt in 1..=retry.attempts {
        lock(&stats).attempts += 1;
        let outcome = client
            .post(&job.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, &signature)
            .body(job.body.clone())
            .send()
            .await;
        let error = match outcome {
            Ok(response) if response.status().is_success() => {
                let mut stats = lock(&stats);
                stats.delivered += 1;
                stats.pending -= 1;
                return;
            }
            Ok(response) => format!("HTTP {} from {}", response.status().as_u16(), job.url),
            Err(e) if e.is_timeout() => format!(
                "no answer from {} within {} ms",
                job.url,
                retry.timeout.as_millis()
            ),
            Err(_) => format!("could not connect to {}", job.url),
        };
        lock(&stats).last_error = Some(error);
        if attempt < retry.attempts {
            tokio::time::sleep(retry.backoff(attempt)).await;
        }
    }
    let mut stats = lock(&stats);
    stats.failed += 1;
    stats.pending -= 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let retry = WebhookRetry::default();
        let waits: Vec<u64> = (1..=8).map(|n| retry.backoff(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(retry.backoff(200), retry.max);
    }

    #[test]
    fn placeholder_hosts_are_never_called() {
        assert!(is_placeholder("https://hooks.sandbox.example/whatsapp"));
        assert!(is_placeholder("https://user@HOOKS.EXAMPLE:8443/x"));
        assert!(!is_placeholder("http://127.0.0.1:8080/webhook"));
        assert!(!is_placeholder("https://example.com/webhook"));
    }

    #[test]
    fn a_failed_status_carries_the_webhook_error_object() {
        let Some(failure) = Failure::from_code(Failure::UNDELIVERABLE) else {
            panic!("131026 missing")
        };
        assert_eq!(
            failure.to_json(),
            json!({
                "code": 131026,
                "title": "Message undeliverable",
                "message": "Message undeliverable",
                "error_data": {"details": "Message Undeliverable."},
                "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
            })
        );
        assert_eq!(Failure::from_code(131030), None, "a sync-only code");
        let codes = Failure::codes();
        let mut unique = codes.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), codes.len(), "{codes:?}");
    }

    #[test]
    fn wamids_are_fresh() {
        let (a, b) = (wamid(), wamid());
        assert!(a.starts_with("wamid.") && a != b, "{a} {b}");
    }
}
