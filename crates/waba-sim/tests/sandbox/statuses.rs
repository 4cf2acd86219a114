//! Status webhooks from `POST /__sandbox/webhooks/status`: the `statuses[]` of a message the
//! number sent, in Meta's shape (pricing, errors), signed and batched like every emitted webhook,
//! through the emitter's duplicate and out-of-order faults. A loopback callback records each POST
//! and its signature, which is checked against the sandbox app's secret; the console's real
//! receiver shows what it makes of them.

use reqwest::Method;
use serde_json::{json, Value};
use waba_core::secret::secret;
use waba_core::webhook::sign;
use waba_sim::{Scenario, PHONE_NUMBER_ID, SANDBOX_APP_SECRET, WABA_ID};
use waba_store::EventFilter;

use crate::webhooks::{flaky, inbox, sandbox, until, Flaky, Post};
use crate::Harness;

const CUSTOMER: &str = "16505551234";

impl Harness {
    async fn status_webhook(&self, body: Value) -> (u16, Value) {
        self.control(Method::POST, "/__sandbox/webhooks/status", Some(body))
            .await
    }

    /// The profile number as webhook metadata shows it: digits only.
    async fn webhook_display_number(&self) -> String {
        let read = self
            .get(&format!(
                "/v26.0/{PHONE_NUMBER_ID}?fields=display_phone_number"
            ))
            .await;
        let display = read.body["display_phone_number"].as_str().unwrap();
        display.chars().filter(char::is_ascii_digit).collect()
    }

    /// Waits for the `n`th delivered POST and answers its statuses (see [`statuses_of`]).
    async fn delivered_post(&self, callback: &Flaky, n: u64) -> Vec<Value> {
        until(&format!("POST {n} delivered"), || async {
            self.webhooks().await["delivered"] == n
        })
        .await;
        let posts = callback.bodies.lock().unwrap().clone();
        let index = usize::try_from(n - 1).unwrap();
        statuses_of(&posts[index], &self.webhook_display_number().await)
    }
}

/// The statuses of one POST in the order sent, after checking its signature with the sandbox
/// app's secret and Meta's envelope around them: one `messages` change per status, no `time`.
fn statuses_of(post: &Post, display: &str) -> Vec<Value> {
    let (body, signature) = post;
    let expected = sign(&secret(SANDBOX_APP_SECRET.into()), body);
    assert_eq!(signature.as_deref(), Some(expected.as_str()));
    let envelope: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(envelope["object"], "whatsapp_business_account");
    let entries = envelope["entry"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{envelope}");
    assert_eq!(entries[0]["id"], WABA_ID);
    assert!(entries[0].get("time").is_none(), "{envelope}");
    entries[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| {
            assert_eq!(change["field"], "messages", "{change}");
            let value = &change["value"];
            assert_eq!(value["messaging_product"], "whatsapp");
            assert_eq!(
                value["metadata"],
                json!({"display_phone_number": display, "phone_number_id": PHONE_NUMBER_ID})
            );
            assert!(value.get("messages").is_none(), "{value}");
            let statuses = value["statuses"].as_array().unwrap();
            assert_eq!(statuses.len(), 1, "{value}");
            statuses[0].clone()
        })
        .collect()
}

fn names(statuses: &[Value]) -> Vec<&str> {
    statuses
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect()
}

/// The status named `name` in a batch.
fn named<'a>(statuses: &'a [Value], name: &str) -> &'a Value {
    statuses
        .iter()
        .find(|s| s["status"] == name)
        .unwrap_or_else(|| panic!("no {name} in {statuses:?}"))
}

fn billed() -> Value {
    json!({"billable": true, "pricing_model": "PMP", "type": "regular", "category": "utility"})
}

#[tokio::test]
async fn a_sent_delivered_read_batch_arrives_in_order_and_reversed_by_the_out_of_order_fault() {
    let (callback, url) = flaky(0).await;
    let h = sandbox(Scenario::Healthy).await;
    let set = h.set_app_callback(&url, &["messages"]).await;
    assert_eq!(set.status, 200, "{}", set.body);

    let (status, sent) = h
        .status_webhook(json!({"to": CUSTOMER, "statuses": ["sent", "delivered", "read"]}))
        .await;
    assert_eq!(status, 200, "{sent}");
    assert_eq!(sent["sent"], true, "{sent}");
    assert_eq!(sent["callback"], url.as_str(), "{sent}");
    let first = sent["messageId"].as_str().unwrap().to_owned();
    assert!(first.starts_with("wamid."), "{first}");
    let in_order = h.delivered_post(&callback, 1).await;
    assert_eq!(names(&in_order), ["sent", "delivered", "read"]);
    for status in &in_order {
        assert_eq!(status["id"], first.as_str(), "{status}");
        assert_eq!(status["recipient_id"], CUSTOMER, "{status}");
        let timestamp = status["timestamp"].as_str().unwrap();
        assert!(timestamp.parse::<i64>().unwrap() > 0, "{status}");
        assert!(status.get("errors").is_none(), "{status}");
        assert!(status.get("conversation").is_none(), "v24+: {status}");
    }
    assert_eq!(named(&in_order, "sent")["pricing"], billed());
    assert_eq!(named(&in_order, "delivered")["pricing"], billed());
    assert!(named(&in_order, "read").get("pricing").is_none());

    let (status, faults) = h
        .control(
            Method::POST,
            "/__sandbox/webhooks/faults",
            Some(json!({"outOfOrder": true})),
        )
        .await;
    assert_eq!(status, 200, "{faults}");
    let (_, again) = h
        .status_webhook(json!({"to": CUSTOMER, "statuses": ["sent", "delivered", "read"]}))
        .await;
    let second = again["messageId"].as_str().unwrap();
    assert_ne!(second, first, "a new message each call");
    let reversed = h.delivered_post(&callback, 2).await;
    assert_eq!(names(&reversed), ["read", "delivered", "sent"]);
    assert!(reversed.iter().all(|s| s["id"] == second));
    // Reversing moves the changes, not what each status says.
    assert_eq!(named(&reversed, "sent")["pricing"], billed());
    assert_eq!(named(&reversed, "delivered")["pricing"], billed());
    assert!(named(&reversed, "read").get("pricing").is_none());
}

#[tokio::test]
async fn pricing_goes_on_sent_and_on_the_first_delivered_or_read_of_a_message() {
    let (callback, url) = flaky(0).await;
    let h = sandbox(Scenario::Healthy).await;
    h.set_app_callback(&url, &["messages"]).await;

    // Read at once: no delivered, so the read carries the pricing.
    let (_, sent) = h
        .status_webhook(json!({"to": CUSTOMER, "status": "sent"}))
        .await;
    let quick = sent["messageId"].as_str().unwrap().to_owned();
    let post = h.delivered_post(&callback, 1).await;
    assert_eq!(post[0]["pricing"], billed());
    let (_, read) = h
        .status_webhook(json!({"to": CUSTOMER, "status": "read", "messageId": quick}))
        .await;
    assert_eq!(read["messageId"], quick.as_str(), "{read}");
    let post = h.delivered_post(&callback, 2).await;
    assert_eq!(names(&post), ["read"]);
    assert_eq!(post[0]["id"], quick.as_str());
    assert_eq!(post[0]["pricing"], billed());

    // Delivered, then read in a later call: only the delivered is priced.
    let slow = "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";
    h.status_webhook(json!({"to": CUSTOMER, "status": "delivered", "messageId": slow}))
        .await;
    let post = h.delivered_post(&callback, 3).await;
    assert_eq!(post[0]["pricing"], billed());
    h.status_webhook(json!({"to": CUSTOMER, "status": "read", "messageId": slow}))
        .await;
    let post = h.delivered_post(&callback, 4).await;
    assert_eq!(
        (post[0]["id"].as_str(), names(&post)),
        (Some(slow), vec!["read"])
    );
    assert!(post[0].get("pricing").is_none(), "{}", post[0]);
}

#[tokio::test]
async fn a_failed_status_carries_its_error_and_no_pricing() {
    let (callback, url) = flaky(0).await;
    let h = sandbox(Scenario::Healthy).await;
    h.set_app_callback(&url, &["messages"]).await;

    let (status, sent) = h
        .status_webhook(json!({"to": CUSTOMER, "statuses": ["sent", "failed"]}))
        .await;
    assert_eq!(status, 200, "{sent}");
    let post = h.delivered_post(&callback, 1).await;
    assert_eq!(names(&post), ["sent", "failed"]);
    let failed = named(&post, "failed");
    assert_eq!(failed["id"], sent["messageId"]);
    assert!(failed.get("pricing").is_none(), "{failed}");
    assert_eq!(
        failed["errors"],
        json!([{
            "code": 131026,
            "title": "Message undeliverable",
            "message": "Message undeliverable",
            "error_data": {"details": "Message Undeliverable."},
            "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
        }])
    );

    let (status, other) = h
        .status_webhook(json!({
            "to": CUSTOMER,
            "status": "failed",
            "errorCode": 131047,
            "messageId": "wamid.given-by-the-test",
        }))
        .await;
    assert_eq!(status, 200, "{other}");
    assert_eq!(other["messageId"], "wamid.given-by-the-test");
    let post = h.delivered_post(&callback, 2).await;
    let error = &post[0]["errors"][0];
    assert_eq!(error["code"], 131047, "{error}");
    assert_eq!(error["title"], "Re-engagement message");
    assert_eq!(error["message"], error["title"]);
    assert!(error["error_data"]["details"]
        .as_str()
        .unwrap()
        .contains("24 hours"));

    // Refused, with nothing sent: a code Meta only answers synchronously, an error code on a
    // status that is not a failure, and malformed requests.
    for (body, wanted) in [
        (
            json!({"to": CUSTOMER, "status": "failed", "errorCode": 131030}),
            "131026",
        ),
        (
            json!({"to": CUSTOMER, "status": "sent", "errorCode": 131026}),
            "failed",
        ),
        (
            json!({"to": CUSTOMER, "status": "sent", "statuses": ["read"]}),
            "not both",
        ),
        (json!({"to": CUSTOMER, "statuses": []}), "statuses"),
        (json!({"to": CUSTOMER}), "status"),
        (
            json!({"to": CUSTOMER, "status": "played"}),
            "unknown variant",
        ),
        (json!({"to": " ", "status": "sent"}), "to must not be empty"),
        (
            json!({"to": CUSTOMER, "status": "sent", "messageId": ""}),
            "messageId",
        ),
    ] {
        let (status, refused) = h.status_webhook(body.clone()).await;
        assert_eq!(status, 400, "{body} -> {refused}");
        let error = refused["error"].as_str().unwrap();
        assert!(error.contains(wanted), "{body} -> {error}");
    }
    let (status, refused) = h
        .status_webhook(json!({"to": CUSTOMER, "status": "sent", "phoneNumberId": "999"}))
        .await;
    assert_eq!(status, 404, "{refused}");
    let stats = h.webhooks().await;
    assert_eq!(
        (&stats["attempts"], &stats["pending"]),
        (&json!(2), &json!(0)),
        "{stats}"
    );
}

#[tokio::test]
async fn nothing_is_sent_until_the_app_subscribes_the_messages_field() {
    let (callback, url) = flaky(0).await;
    // `fresh`: no fields, no subscription. Subscribe the WABA and only the template field.
    let h = sandbox(Scenario::Fresh).await;
    let set = h
        .set_app_callback(&url, &["message_template_status_update"])
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    let subscribed = h
        .graph_post(&format!("/v26.0/{WABA_ID}/subscribed_apps"), json!({}))
        .await;
    assert_eq!(subscribed.status, 200, "{}", subscribed.body);

    let (status, sent) = h
        .status_webhook(json!({"to": CUSTOMER, "statuses": ["sent", "delivered"]}))
        .await;
    assert_eq!(status, 200, "{sent}");
    assert_eq!(sent["sent"], false, "{sent}");
    assert_eq!(sent["callback"], Value::Null, "{sent}");
    assert!(sent["messageId"].as_str().unwrap().starts_with("wamid."));
    let stats = h.webhooks().await;
    assert_eq!(
        (&stats["attempts"], &stats["pending"]),
        (&json!(0), &json!(0)),
        "{stats}"
    );
    assert!(callback.bodies.lock().unwrap().is_empty());

    // With `messages` added the same call goes out.
    h.set_app_callback(&url, &["messages"]).await;
    let (_, sent) = h
        .status_webhook(json!({"to": CUSTOMER, "status": "sent"}))
        .await;
    assert_eq!(sent["sent"], true, "{sent}");
    let post = h.delivered_post(&callback, 1).await;
    assert_eq!(post[0]["id"], sent["messageId"]);
}

#[tokio::test]
async fn the_console_stores_each_status_once_however_often_and_in_whatever_order_it_comes() {
    let inbox = inbox().await;
    let h = sandbox(Scenario::Healthy).await;
    h.set_app_callback(&inbox.receiver.url(), &["messages"])
        .await;
    h.control(
        Method::POST,
        "/__sandbox/webhooks/faults",
        Some(json!({"duplicates": true, "outOfOrder": true})),
    )
    .await;
    let (_, sent) = h
        .status_webhook(json!({"to": CUSTOMER, "statuses": ["sent", "delivered", "read"]}))
        .await;
    let (_, failed) = h
        .status_webhook(json!({"to": CUSTOMER, "statuses": ["sent", "failed"]}))
        .await;
    until("both copies of both batches delivered", || async {
        h.webhooks().await["delivered"] == 4
    })
    .await;
    for (kind, count) in [
        ("status.sent", 2),
        ("status.delivered", 1),
        ("status.read", 1),
        ("status.failed", 1),
    ] {
        assert_eq!(inbox.count(kind).await, count, "{kind}");
    }
    let filter = EventFilter {
        kind: Some("status.failed".into()),
        ..EventFilter::default()
    };
    let events = inbox.store.webhook_events(&filter, 10).await.unwrap();
    assert_eq!(events[0].phone_number_id.as_deref(), Some(PHONE_NUMBER_ID));
    let event: Value = serde_json::from_str(&events[0].event).unwrap();
    assert_eq!(event["status"]["id"], failed["messageId"], "{event}");
    assert_eq!(event["status"]["errors"][0]["code"], 131026, "{event}");
    let filter = EventFilter {
        kind: Some("status.delivered".into()),
        ..EventFilter::default()
    };
    let events = inbox.store.webhook_events(&filter, 10).await.unwrap();
    let event: Value = serde_json::from_str(&events[0].event).unwrap();
    assert_eq!(event["status"]["id"], sent["messageId"], "{event}");
    assert_eq!(event["status"]["pricing"]["model"], "PMP", "{event}");
    assert_eq!(event["status"]["pricing"]["category"], "utility", "{event}");
}
