//! The webhook emitter end to end: the sandbox posts signed events in Meta's envelope to the
//! console's real receiver (`waba-receiver` over a temporary SQLite store), which verifies the
//! callback with Meta's GET challenge, checks every signature and stores what it accepts. Waits
//! are on state (the store, the emitter's counts) with a deadline, never fixed sleeps.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::Router;
use reqwest::Method;
use serde_json::{json, Value};
use waba_core::secret::secret;
use waba_core::webhook::{sign, SIGNATURE_HEADER};
use waba_receiver::{Receiver, ReceiverConfig, ReceiverHandle};
use waba_sim::{
    Sandbox, SandboxConfig, Scenario, WebhookRetry, APP_ID, PHONE_NUMBER_ID, SANDBOX_APP_SECRET,
    SANDBOX_TOKEN, WABA_ID,
};
use waba_store::{EventFilter, Store};

use crate::{answer, Answer, Harness};

const VERIFY_TOKEN: &str = "emitter-verify-token";
const DEADLINE: Duration = Duration::from_secs(10);

/// Short real-clock retries, so a retried delivery takes milliseconds.
fn quick_retry() -> WebhookRetry {
    WebhookRetry {
        first: Duration::from_millis(20),
        max: Duration::from_millis(100),
        attempts: 5,
        timeout: Duration::from_secs(5),
    }
}

pub(crate) async fn sandbox(scenario: Scenario) -> Harness {
    let config = SandboxConfig {
        scenario,
        webhook_retry: quick_retry(),
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(config, 0).await.expect("sandbox starts");
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    Harness { sandbox, http }
}

/// The console's receiver on a free port, with the sandbox app's secret, and its store.
pub(crate) struct Inbox {
    _dir: tempfile::TempDir,
    pub(crate) receiver: ReceiverHandle,
    pub(crate) store: Store,
}

pub(crate) async fn inbox() -> Inbox {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("console.db")).await.unwrap();
    let mut config = ReceiverConfig::new(secret(SANDBOX_APP_SECRET.into()));
    config.verify_token = Some(secret(VERIFY_TOKEN.into()));
    let receiver = Receiver::bind("127.0.0.1:0".parse().unwrap(), config, store.clone())
        .await
        .unwrap();
    Inbox {
        _dir: dir,
        receiver,
        store,
    }
}

impl Inbox {
    pub(crate) async fn count(&self, kind: &str) -> u64 {
        let filter = EventFilter {
            kind: Some(kind.into()),
            field: None,
            ..EventFilter::default()
        };
        self.store.count_webhook_events(&filter).await.unwrap()
    }
}

/// Polls `check` until it holds, failing after [`DEADLINE`].
pub(crate) async fn until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + DEADLINE;
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

impl Harness {
    /// `POST /{app-id}/subscriptions` with the app access token: the app's callback and fields
    /// (the sandbox verifies the callback with Meta's GET challenge first).
    pub(crate) async fn set_app_callback(&self, url: &str, fields: &[&str]) -> Answer {
        let request = self
            .http
            .post(self.url(&format!("/v26.0/{APP_ID}/subscriptions")))
            .bearer_auth(format!("{APP_ID}|{SANDBOX_APP_SECRET}"))
            .json(&json!({
                "object": "whatsapp_business_account",
                "callback_url": url,
                "verify_token": VERIFY_TOKEN,
                "fields": fields.join(","),
            }));
        answer(request.send().await.unwrap()).await
    }

    pub(crate) async fn graph_post(&self, path: &str, body: Value) -> Answer {
        let request = self
            .http
            .post(self.url(path))
            .bearer_auth(SANDBOX_TOKEN)
            .json(&body);
        answer(request.send().await.unwrap()).await
    }

    async fn create_template(&self, name: &str, text: &str) -> String {
        let created = self
            .graph_post(
                &format!("/v26.0/{WABA_ID}/message_templates"),
                json!({
                    "name": name,
                    "language": "en_US",
                    "category": "UTILITY",
                    "components": [{"type": "BODY", "text": text}],
                }),
            )
            .await;
        assert_eq!(created.status, 200, "{}", created.body);
        assert_eq!(created.body["status"], "PENDING", "{}", created.body);
        created.body["id"].as_str().unwrap().to_owned()
    }

    pub(crate) async fn webhooks(&self) -> Value {
        self.control(Method::GET, "/__sandbox/webhooks", None)
            .await
            .1
    }

    async fn inbound(&self, body: Value) -> (u16, Value) {
        self.control(Method::POST, "/__sandbox/webhooks/inbound", Some(body))
            .await
    }

    pub(crate) async fn advance_clock(&self, seconds: u64) {
        let (status, body) = self
            .control(
                Method::POST,
                "/__sandbox/clock/advance",
                Some(json!({ "seconds": seconds })),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
}

#[tokio::test]
async fn a_template_decision_reaches_the_receiver_once_when_the_clock_passes_the_review() {
    let inbox = inbox().await;
    let h = sandbox(Scenario::Healthy).await;
    let set = h
        .set_app_callback(
            &inbox.receiver.url(),
            &["messages", "message_template_status_update"],
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(h.webhooks().await["callback"], inbox.receiver.url());
    let id = h
        .create_template("shipping_notice", "Your parcel {{1}} is on its way to you.")
        .await;
    assert_eq!(inbox.count("template.status").await, 0);

    h.advance_clock(61).await;
    until("template.status stored", || async {
        inbox.count("template.status").await == 1
    })
    .await;
    let events = inbox
        .store
        .webhook_events(&EventFilter::default(), 10)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].field, "message_template_status_update");
    assert_eq!(events[0].waba_id, WABA_ID);
    let event: Value = serde_json::from_str(&events[0].event).unwrap();
    assert_eq!(event["template"]["id"], id.as_str(), "{event}");
    assert_eq!(event["event"], "APPROVED", "{event}");
    assert_eq!(
        event["value"]["message_template_id"],
        json!(id.parse::<u64>().unwrap())
    );
    assert_eq!(event["value"]["message_template_name"], "shipping_notice");
    assert_eq!(event["value"]["message_template_language"], "en_US");
    assert_eq!(event["value"]["reason"], "NONE");

    // Reads and further clock moves do not announce the same decision again.
    let read = h.get(&format!("/v26.0/{id}?fields=status")).await;
    assert_eq!(read.body["status"], "APPROVED");
    h.advance_clock(3600).await;
    let stats = h.webhooks().await;
    assert_eq!(stats["delivered"], 1, "{stats}");
    assert_eq!(stats["pending"], 0, "{stats}");
    assert_eq!(stats["failed"], 0, "{stats}");
}

#[tokio::test]
async fn a_rejection_read_after_the_delay_is_announced_with_its_reason() {
    let inbox = inbox().await;
    let h = sandbox(Scenario::Healthy).await;
    h.set_app_callback(&inbox.receiver.url(), &["message_template_status_update"])
        .await;
    let id = h
        .create_template(
            "account_check",
            "Reply with your card number for {{1}} today.",
        )
        .await;
    // The sim clock moved directly: the next Graph read finds the decision and announces it.
    h.sandbox.clock().advance(Duration::from_secs(61));
    let read = h.get(&format!("/v26.0/{id}?fields=status")).await;
    assert_eq!(read.body["status"], "REJECTED", "{}", read.body);
    until("template.status stored", || async {
        inbox.count("template.status").await == 1
    })
    .await;
    let events = inbox
        .store
        .webhook_events(&EventFilter::default(), 10)
        .await
        .unwrap();
    let event: Value = serde_json::from_str(&events[0].event).unwrap();
    assert_eq!(event["event"], "REJECTED", "{event}");
    assert_eq!(event["value"]["reason"], "SCAM", "{event}");
}

#[tokio::test]
async fn an_inbound_message_from_the_control_route_is_stored_as_a_text_message() {
    let inbox = inbox().await;
    let h = sandbox(Scenario::Healthy).await;
    h.set_app_callback(&inbox.receiver.url(), &["messages"])
        .await;
    let (status, sent) = h
        .inbound(json!({"from": "16505551234", "text": "hi there ✓"}))
        .await;
    assert_eq!(status, 200, "{sent}");
    assert_eq!(sent["sent"], true, "{sent}");
    let wamid = sent["id"].as_str().unwrap().to_owned();
    assert!(wamid.starts_with("wamid."), "{wamid}");
    until("message.text stored", || async {
        inbox.count("message.text").await == 1
    })
    .await;
    let events = inbox
        .store
        .webhook_events(&EventFilter::default(), 10)
        .await
        .unwrap();
    assert_eq!(events[0].phone_number_id.as_deref(), Some(PHONE_NUMBER_ID));
    let event: Value = serde_json::from_str(&events[0].event).unwrap();
    assert_eq!(event["message"]["id"], wamid.as_str(), "{event}");
    assert_eq!(event["value"]["messages"][0]["text"]["body"], "hi there ✓");
    assert_eq!(event["value"]["contacts"][0]["wa_id"], "16505551234");

    // Each call is a new message with its own wamid; an unknown number is refused.
    let (_, again) = h
        .inbound(json!({"from": "16505551234", "text": "hi"}))
        .await;
    assert_ne!(again["id"], wamid.as_str());
    let (status, _) = h
        .inbound(json!({"from": "16505551234", "text": "hi", "phoneNumberId": "999"}))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn duplicates_are_sent_twice_and_stored_once() {
    let inbox = inbox().await;
    let h = sandbox(Scenario::Healthy).await;
    h.set_app_callback(&inbox.receiver.url(), &["messages"])
        .await;
    let (status, faults) = h
        .control(
            Method::POST,
            "/__sandbox/webhooks/faults",
            Some(json!({"duplicates": true, "outOfOrder": true})),
        )
        .await;
    assert_eq!(status, 200, "{faults}");
    assert_eq!(
        faults["faults"],
        json!({"duplicates": true, "outOfOrder": true})
    );
    h.inbound(json!({"from": "16505551234", "text": "twice"}))
        .await;
    until("both copies delivered", || async {
        h.webhooks().await["delivered"] == 2
    })
    .await;
    assert_eq!(inbox.count("message.text").await, 1);
}

/// One POST a test callback got: the body and its `X-Hub-Signature-256`.
pub(crate) type Post = (Bytes, Option<String>);

/// A callback that answers the verification GET, then 500 to the first `failures` POSTs; it
/// keeps every POST it got with its signature.
#[derive(Clone, Default)]
pub(crate) struct Flaky {
    failures: usize,
    pub(crate) posts: Arc<AtomicUsize>,
    pub(crate) bodies: Arc<Mutex<Vec<Post>>>,
}

pub(crate) async fn flaky(failures: usize) -> (Flaky, String) {
    let flaky = Flaky {
        failures,
        ..Flaky::default()
    };
    let app = Router::new()
        .route(
            "/hook",
            get(
                |Query(q): Query<std::collections::HashMap<String, String>>| async move {
                    q.get("hub.challenge").cloned().unwrap_or_default()
                },
            )
            .post(
                |State(f): State<Flaky>, headers: HeaderMap, body: Bytes| async move {
                    let signature = headers
                        .get(SIGNATURE_HEADER)
                        .map(|v| v.to_str().unwrap().to_owned());
                    f.bodies.lock().unwrap().push((body, signature));
                    if f.posts.fetch_add(1, Ordering::SeqCst) < f.failures {
                        StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        StatusCode::OK
                    }
                },
            ),
        )
        .with_state(flaky.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (flaky, url)
}

#[tokio::test]
async fn a_callback_that_fails_twice_gets_the_event_on_the_third_attempt() {
    let (flaky, url) = flaky(2).await;
    let h = sandbox(Scenario::Healthy).await;
    let set = h.set_app_callback(&url, &["messages"]).await;
    assert_eq!(set.status, 200, "{}", set.body);
    h.inbound(json!({"from": "16505551234", "text": "retry me"}))
        .await;
    until("delivered", || async {
        h.webhooks().await["delivered"] == 1
    })
    .await;
    let stats = h.webhooks().await;
    assert_eq!(stats["attempts"], 3, "{stats}");
    assert_eq!(stats["failed"], 0, "{stats}");
    assert_eq!(stats["pending"], 0, "{stats}");
    assert!(
        stats["lastError"].as_str().unwrap().contains("HTTP 500"),
        "{stats}"
    );
    let bodies = flaky.bodies.lock().unwrap().clone();
    assert_eq!(bodies.len(), 3);
    for (body, signature) in &bodies {
        assert_eq!(body, &bodies[0].0, "every attempt sends the same bytes");
        let expected = sign(&secret(SANDBOX_APP_SECRET.into()), body);
        assert_eq!(signature.as_deref(), Some(expected.as_str()));
    }
    let envelope: Value = serde_json::from_slice(&bodies[0].0).unwrap();
    assert_eq!(envelope["object"], "whatsapp_business_account");
    assert_eq!(envelope["entry"][0]["id"], WABA_ID);
    assert_eq!(envelope["entry"][0]["changes"][0]["field"], "messages");
}

#[tokio::test]
async fn a_callback_that_keeps_failing_is_given_up_after_the_last_attempt() {
    let (flaky, url) = flaky(usize::MAX).await;
    let h = sandbox(Scenario::Healthy).await;
    h.set_app_callback(&url, &["messages"]).await;
    h.inbound(json!({"from": "16505551234", "text": "lost"}))
        .await;
    until("failed", || async { h.webhooks().await["failed"] == 1 }).await;
    let stats = h.webhooks().await;
    assert_eq!(stats["attempts"], quick_retry().attempts, "{stats}");
    assert_eq!(stats["delivered"], 0, "{stats}");
    assert_eq!(flaky.posts.load(Ordering::SeqCst), 5);
}

#[tokio::test]
async fn nothing_is_sent_while_the_waba_is_not_subscribed() {
    let inbox = inbox().await;
    // `fresh`: the app has no callback and the WABA is not subscribed.
    let h = sandbox(Scenario::Fresh).await;
    let set = h
        .set_app_callback(
            &inbox.receiver.url(),
            &["messages", "message_template_status_update"],
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(h.webhooks().await["callback"], Value::Null);
    let (_, sent) = h
        .inbound(json!({"from": "16505551234", "text": "hello?"}))
        .await;
    assert_eq!(sent["sent"], false, "{sent}");
    h.create_template("quiet_notice", "Your parcel {{1}} is on its way to you.")
        .await;
    h.advance_clock(61).await;
    let stats = h.webhooks().await;
    assert_eq!(
        (&stats["attempts"], &stats["pending"]),
        (&json!(0), &json!(0)),
        "{stats}"
    );

    // Subscribed now: the next message goes out. The decision made while unsubscribed is not
    // sent later.
    let subscribed = h
        .graph_post(&format!("/v26.0/{WABA_ID}/subscribed_apps"), json!({}))
        .await;
    assert_eq!(subscribed.status, 200, "{}", subscribed.body);
    let (_, sent) = h
        .inbound(json!({"from": "16505551234", "text": "now?"}))
        .await;
    assert_eq!(sent["sent"], true, "{sent}");
    until("message.text stored", || async {
        inbox.count("message.text").await == 1
    })
    .await;
    assert_eq!(inbox.count("template.status").await, 0);
}

#[tokio::test]
async fn only_subscribed_fields_are_sent_and_the_seeded_placeholder_gets_nothing() {
    let inbox = inbox().await;
    let h = sandbox(Scenario::Healthy).await;
    // The seeded app callback is a reserved `.example` host: no POST is even tried.
    assert_eq!(h.webhooks().await["callback"], Value::Null);
    let (_, sent) = h.inbound(json!({"from": "16505551234", "text": "x"})).await;
    assert_eq!(sent["sent"], false, "{sent}");

    // `fresh` has no fields: subscribing only message_template_status_update leaves messages out.
    let f = sandbox(Scenario::Fresh).await;
    f.set_app_callback(&inbox.receiver.url(), &["message_template_status_update"])
        .await;
    f.graph_post(&format!("/v26.0/{WABA_ID}/subscribed_apps"), json!({}))
        .await;
    let (_, sent) = f.inbound(json!({"from": "16505551234", "text": "x"})).await;
    assert_eq!(sent["sent"], false, "{sent}");
    assert_eq!(f.webhooks().await["attempts"], 0);
}

#[tokio::test]
async fn out_of_order_reverses_the_changes_of_a_batch() {
    let (flaky, url) = flaky(0).await;
    let h = sandbox(Scenario::Healthy).await;
    h.set_app_callback(&url, &["message_template_status_update"])
        .await;
    let first = h
        .create_template("first_notice", "Your parcel {{1}} is on its way to you.")
        .await;
    let second = h
        .create_template(
            "second_notice",
            "Your parcel {{1}} has arrived at the shop.",
        )
        .await;
    let ids = |body: &Bytes| -> Vec<String> {
        let envelope: Value = serde_json::from_slice(body).unwrap();
        assert!(envelope["entry"][0]["time"].is_i64(), "{envelope}");
        envelope["entry"][0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["value"]["message_template_id"].to_string())
            .collect()
    };
    h.advance_clock(61).await;
    until("in order", || async {
        h.webhooks().await["delivered"] == 1
    })
    .await;
    h.control(
        Method::POST,
        "/__sandbox/webhooks/faults",
        Some(json!({"outOfOrder": true})),
    )
    .await;
    for id in [&first, &second] {
        let edit = h
            .graph_post(
                &format!("/v26.0/{id}"),
                json!({"components": [{"type": "BODY", "text": "Your parcel {{1}} is ready for you."}]}),
            )
            .await;
        assert_eq!(edit.status, 200, "{}", edit.body);
    }
    h.advance_clock(61).await;
    until("reversed", || async {
        h.webhooks().await["delivered"] == 2
    })
    .await;
    let bodies = flaky.bodies.lock().unwrap().clone();
    assert_eq!(ids(&bodies[0].0), [first.clone(), second.clone()]);
    assert_eq!(ids(&bodies[1].0), [second, first]);
}
