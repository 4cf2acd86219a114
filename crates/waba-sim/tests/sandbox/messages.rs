//! `POST /{phone-number-id}/messages` as Meta answers it: every validation refusal with a good
//! and a bad payload, the answer's shape, the statuses that follow at a real loopback callback,
//! the asynchronous failures (131047 outside the 24-hour window, 131026, 131049, 131053), test
//! numbers (131030), mark-as-read and scripted replies. Waits are on what the callback received,
//! with a deadline.

use reqwest::Method;
use serde_json::{json, Value};
use waba_sim::{Scenario, PHONE_NUMBER_ID, PHONE_NUMBER_IDS, TEST_RECIPIENTS, WABA_ID};

use crate::webhooks::{flaky, sandbox, until, Flaky};
use crate::{assert_envelope, Answer, Harness, WHATSAPP_KEYS};

pub(crate) const CUSTOMER: &str = TEST_RECIPIENTS[0];

pub(crate) fn messages_path(number: &str) -> String {
    format!("/v26.0/{number}/messages")
}

pub(crate) fn text_to(to: &str, body: &str) -> Value {
    json!({"messaging_product": "whatsapp", "to": to, "type": "text", "text": {"body": body}})
}

impl Harness {
    pub(crate) async fn send_message(&self, body: Value) -> Answer {
        self.graph_post(&messages_path(PHONE_NUMBER_ID), body).await
    }

    /// A customer's message to the profile number, which opens the window.
    pub(crate) async fn customer_writes(&self, from: &str) -> String {
        let (status, sent) = self
            .control(
                Method::POST,
                &format!("/__sandbox/recipients/{from}/reply"),
                Some(json!({"text": "hello"})),
            )
            .await;
        assert_eq!(status, 200, "{sent}");
        sent["id"].as_str().unwrap().to_owned()
    }

    pub(crate) async fn set_recipient(&self, wa_id: &str, body: Value) -> Value {
        let (status, answer) = self
            .control(
                Method::POST,
                &format!("/__sandbox/recipients/{wa_id}"),
                Some(body),
            )
            .await;
        assert_eq!(status, 200, "{answer}");
        answer
    }

    pub(crate) async fn move_clock(&self, seconds: u64) {
        let (status, body) = self
            .control(
                Method::POST,
                "/__sandbox/clock/advance",
                Some(json!({ "seconds": seconds })),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    /// Makes every template submitted from now on decided at once, then submits one.
    pub(crate) async fn approved_template(&self, body: Value) {
        let (status, review) = self
            .control(
                Method::POST,
                "/__sandbox/templates/review",
                Some(json!({"delaySeconds": 0})),
            )
            .await;
        assert_eq!(status, 200, "{review}");
        let created = self
            .graph_post(&format!("/v26.0/{WABA_ID}/message_templates"), body)
            .await;
        assert_eq!(created.status, 200, "{}", created.body);
        assert_eq!(created.body["status"], "APPROVED", "{}", created.body);
    }
}

/// Asserts an accepted send: Meta's answer shape with a fresh `wamid`; answers the `wamid`.
pub(crate) fn accepted(answer: &Answer, input: &str, wa_id: &str) -> String {
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["messaging_product"], "whatsapp");
    assert_eq!(
        answer.body["contacts"],
        json!([{"input": input, "wa_id": wa_id}])
    );
    let messages = answer.body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1, "{}", answer.body);
    let id = messages[0]["id"].as_str().unwrap();
    assert!(id.starts_with("wamid."), "{id}");
    id.to_owned()
}

/// Asserts a refusal with this HTTP status and code, and that the details mention `details`.
pub(crate) fn refused(answer: &Answer, status: u16, code: i64, details: &str) {
    let error = assert_envelope(answer, status, code, &WHATSAPP_KEYS);
    assert_eq!(error["type"], "OAuthException");
    assert_eq!(error["error_data"]["messaging_product"], "whatsapp");
    let text = error["error_data"]["details"].as_str().unwrap();
    assert!(text.contains(details), "{details:?} not in {text:?}");
}

/// Every status the callback received so far, in arrival order, from `messages` changes.
pub(crate) fn statuses(callback: &Flaky) -> Vec<Value> {
    callback
        .bodies
        .lock()
        .unwrap()
        .iter()
        .flat_map(|(body, _)| {
            let envelope: Value = serde_json::from_slice(body).unwrap();
            envelope["entry"][0]["changes"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|c| {
                    c["value"]["statuses"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Waits until the callback has `n` statuses of message `id`; answers them.
pub(crate) async fn statuses_of(callback: &Flaky, id: &str, n: usize) -> Vec<Value> {
    let of = || -> Vec<Value> {
        statuses(callback)
            .into_iter()
            .filter(|s| s["id"] == id)
            .collect()
    };
    until(&format!("{n} statuses of {id}"), || async {
        of().len() >= n
    })
    .await;
    of()
}

pub(crate) async fn with_callback(scenario: Scenario) -> (Harness, Flaky) {
    let (callback, url) = flaky(0).await;
    let h = sandbox(scenario).await;
    let set = h.set_app_callback(&url, &["messages"]).await;
    assert_eq!(set.status, 200, "{}", set.body);
    (h, callback)
}

fn names(statuses: &[Value]) -> Vec<&str> {
    statuses
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_text_inside_the_window_is_sent_delivered_and_read_with_free_pricing() {
    let (h, callback) = with_callback(Scenario::Healthy).await;
    h.customer_writes(CUSTOMER).await;
    let mut body = text_to("+1 (650) 555-1234", "Hi there");
    body["biz_opaque_callback_data"] = "tracking-123".into();
    let answer = h.send_message(body).await;
    let id = accepted(&answer, "+1 (650) 555-1234", CUSTOMER);
    assert!(answer.body["messages"][0].get("message_status").is_none());
    let sent = statuses_of(&callback, &id, 1).await;
    assert_eq!(names(&sent), ["sent"]);

    h.move_clock(5).await;
    let all = statuses_of(&callback, &id, 3).await;
    assert_eq!(names(&all), ["sent", "delivered", "read"]);
    let free = json!({"billable": false, "pricing_model": "PMP", "type": "free_customer_service", "category": "service"});
    assert_eq!(all[0]["pricing"], free);
    assert_eq!(all[1]["pricing"], free);
    assert!(all[2].get("pricing").is_none());
    for status in &all {
        assert_eq!(status["recipient_id"], CUSTOMER);
        assert_eq!(status["biz_opaque_callback_data"], "tracking-123");
    }
    let times: Vec<i64> = all
        .iter()
        .map(|s| s["timestamp"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(times[0] < times[1] && times[1] < times[2], "{times:?}");

    // The third test recipient does not read: delivered is the last status.
    let third = TEST_RECIPIENTS[2];
    h.customer_writes(third).await;
    let id = accepted(&h.send_message(text_to(third, "Hi")).await, third, third);
    h.move_clock(10).await;
    let all = statuses_of(&callback, &id, 2).await;
    assert_eq!(names(&all), ["sent", "delivered"]);
}

#[tokio::test]
async fn free_form_outside_the_window_fails_with_131047_and_a_template_does_not() {
    let (h, callback) = with_callback(Scenario::Healthy).await;
    let id = accepted(
        &h.send_message(text_to(CUSTOMER, "Hi")).await,
        CUSTOMER,
        CUSTOMER,
    );
    let failed = statuses_of(&callback, &id, 1).await;
    assert_eq!(names(&failed), ["failed"]);
    assert_eq!(failed[0]["errors"][0]["code"], 131047, "{}", failed[0]);
    assert!(failed[0].get("pricing").is_none());

    let template = json!({"messaging_product": "whatsapp", "to": CUSTOMER, "type": "template",
        "template": {"name": "hello_world", "language": {"code": "en_US"}}});
    let answer = h.send_message(template.clone()).await;
    let id = accepted(&answer, CUSTOMER, CUSTOMER);
    assert_eq!(answer.body["messages"][0]["message_status"], "accepted");
    let sent = statuses_of(&callback, &id, 1).await;
    assert_eq!(names(&sent), ["sent"]);
    assert_eq!(
        sent[0]["pricing"],
        json!({"billable": true, "pricing_model": "PMP", "type": "regular", "category": "utility"})
    );

    // The customer writes: free-form goes through, and a utility template is free.
    h.customer_writes(CUSTOMER).await;
    let id = accepted(
        &h.send_message(text_to(CUSTOMER, "Hi")).await,
        CUSTOMER,
        CUSTOMER,
    );
    assert_eq!(names(&statuses_of(&callback, &id, 1).await), ["sent"]);
    let id = accepted(&h.send_message(template).await, CUSTOMER, CUSTOMER);
    let sent = statuses_of(&callback, &id, 1).await;
    assert_eq!(sent[0]["pricing"]["type"], "free_customer_service");

    // 24 hours later the window has closed again.
    h.move_clock(24 * 3600).await;
    let (_, listed) = h.control(Method::GET, "/__sandbox/recipients", None).await;
    let customer = listed["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["waId"] == CUSTOMER)
        .unwrap()
        .clone();
    assert_eq!(customer["windows"][0]["open"], false, "{customer}");
    let id = accepted(
        &h.send_message(text_to(CUSTOMER, "Hi")).await,
        CUSTOMER,
        CUSTOMER,
    );
    let failed = statuses_of(&callback, &id, 1).await;
    assert_eq!(failed[0]["errors"][0]["code"], 131047);
}

#[tokio::test]
async fn a_recipient_marked_not_on_whatsapp_fails_with_131026() {
    let (h, callback) = with_callback(Scenario::Healthy).await;
    let someone = "4915112345678";
    h.customer_writes(someone).await;
    let id = accepted(
        &h.send_message(text_to(someone, "Hi")).await,
        someone,
        someone,
    );
    assert_eq!(names(&statuses_of(&callback, &id, 1).await), ["sent"]);

    let described = h.set_recipient(someone, json!({"onWhatsApp": false})).await;
    assert_eq!(described["onWhatsApp"], false, "{described}");
    let id = accepted(
        &h.send_message(text_to(someone, "Hi")).await,
        someone,
        someone,
    );
    let failed = statuses_of(&callback, &id, 1).await;
    assert_eq!(names(&failed), ["failed"]);
    assert_eq!(failed[0]["errors"][0]["code"], 131026);
    assert_eq!(failed[0]["errors"][0]["title"], "Message undeliverable");
}

#[tokio::test]
async fn a_marketing_template_to_a_limited_recipient_fails_with_131049() {
    let (h, callback) = with_callback(Scenario::Healthy).await;
    h.approved_template(
        json!({"name": "new_collection", "language": "en_US", "category": "MARKETING",
        "components": [{"type": "BODY", "text": "Hello {{1}}, our new collection is in store."}]}),
    )
    .await;
    let send = json!({"messaging_product": "whatsapp", "to": CUSTOMER, "type": "template",
        "template": {"name": "new_collection", "language": {"code": "en_US"},
            "components": [{"type": "body", "parameters": [{"type": "text", "text": "Maria"}]}]}});
    let id = accepted(&h.send_message(send.clone()).await, CUSTOMER, CUSTOMER);
    let sent = statuses_of(&callback, &id, 1).await;
    assert_eq!(sent[0]["pricing"]["category"], "marketing");

    h.set_recipient(CUSTOMER, json!({"marketingLimited": true}))
        .await;
    let id = accepted(&h.send_message(send).await, CUSTOMER, CUSTOMER);
    let failed = statuses_of(&callback, &id, 1).await;
    assert_eq!(failed[0]["errors"][0]["code"], 131049, "{}", failed[0]);
    // Only marketing is limited: a utility template still goes.
    let utility = json!({"messaging_product": "whatsapp", "to": CUSTOMER, "type": "template",
        "template": {"name": "hello_world", "language": {"code": "en_US"}}});
    let id = accepted(&h.send_message(utility).await, CUSTOMER, CUSTOMER);
    assert_eq!(names(&statuses_of(&callback, &id, 1).await), ["sent"]);
}

#[tokio::test]
async fn a_link_the_sandbox_cannot_fetch_fails_with_131053() {
    let (h, callback) = with_callback(Scenario::Healthy).await;
    h.customer_writes(CUSTOMER).await;
    let image = |link: &str| {
        json!({"messaging_product": "whatsapp", "to": CUSTOMER, "type": "image",
            "image": {"link": link, "caption": "Invoice"}})
    };
    let id = accepted(
        &h.send_message(image("https://cdn.shop.invalid/a.jpg"))
            .await,
        CUSTOMER,
        CUSTOMER,
    );
    let failed = statuses_of(&callback, &id, 1).await;
    assert_eq!(failed[0]["errors"][0]["code"], 131053, "{}", failed[0]);
    assert_eq!(failed[0]["errors"][0]["title"], "Media upload error");
    let id = accepted(
        &h.send_message(image("https://example.com/a.jpg")).await,
        CUSTOMER,
        CUSTOMER,
    );
    assert_eq!(names(&statuses_of(&callback, &id, 1).await), ["sent"]);
}

#[tokio::test]
async fn a_test_number_messages_only_its_allow_list() {
    let h = sandbox(Scenario::Healthy).await;
    let stranger = "4915112345678";
    let answer = h.send_message(text_to(stranger, "Hi")).await;
    accepted(&answer, stranger, stranger);

    let (status, mode) = h
        .control(
            Method::POST,
            &format!("/__sandbox/numbers/{PHONE_NUMBER_ID}/account-mode"),
            Some(json!({"accountMode": "SANDBOX"})),
        )
        .await;
    assert_eq!(status, 200, "{mode}");
    let read = h
        .get(&format!("/v26.0/{PHONE_NUMBER_ID}?fields=account_mode"))
        .await;
    assert_eq!(read.body["account_mode"], "SANDBOX");
    refused(
        &h.send_message(text_to(stranger, "Hi")).await,
        400,
        131030,
        "not in allowed list",
    );
    for recipient in TEST_RECIPIENTS {
        accepted(
            &h.send_message(text_to(recipient, "Hi")).await,
            recipient,
            recipient,
        );
    }
    let (_, listed) = h.control(Method::GET, "/__sandbox/recipients", None).await;
    assert_eq!(listed["testRecipients"], json!(TEST_RECIPIENTS));
    assert_eq!(h.sandbox.test_recipients(), TEST_RECIPIENTS);

    // Added to the list, the stranger can be messaged; a sixth recipient cannot be added.
    h.set_recipient(stranger, json!({"testRecipient": true}))
        .await;
    accepted(
        &h.send_message(text_to(stranger, "Hi")).await,
        stranger,
        stranger,
    );
    h.set_recipient("447700900123", json!({"testRecipient": true}))
        .await;
    let (status, full) = h
        .control(
            Method::POST,
            "/__sandbox/recipients/33612345678",
            Some(json!({"testRecipient": true})),
        )
        .await;
    assert_eq!(status, 400, "{full}");
}

#[tokio::test]
async fn the_envelope_and_the_recipient_are_checked_first() {
    let h = sandbox(Scenario::Healthy).await;
    accepted(
        &h.send_message(text_to(CUSTOMER, "Hi")).await,
        CUSTOMER,
        CUSTOMER,
    );

    let mut no_product = text_to(CUSTOMER, "Hi");
    no_product
        .as_object_mut()
        .unwrap()
        .remove("messaging_product");
    refused(
        &h.send_message(no_product).await,
        400,
        131008,
        "messaging_product",
    );
    let mut wrong_product = text_to(CUSTOMER, "Hi");
    wrong_product["messaging_product"] = "sms".into();
    refused(
        &h.send_message(wrong_product).await,
        400,
        100,
        "messaging_product",
    );
    let mut group = text_to(CUSTOMER, "Hi");
    group["recipient_type"] = "group".into();
    refused(&h.send_message(group).await, 400, 100, "recipient_type");
    let mut no_to = text_to(CUSTOMER, "Hi");
    no_to.as_object_mut().unwrap().remove("to");
    refused(&h.send_message(no_to).await, 400, 131008, "to");
    refused(
        &h.send_message(text_to("call me", "Hi")).await,
        400,
        131009,
        "to",
    );
    refused(
        &h.send_message(text_to("12345", "Hi")).await,
        400,
        131009,
        "to",
    );
    // The sandbox number's own number (+1 555-010-0199).
    let own = h.send_message(text_to("15550100199", "Hi")).await;
    let error = assert_envelope(&own, 400, 131021, &WHATSAPP_KEYS);
    assert_eq!(error["message"], "(#131021) Recipient cannot be sender");
    let mut unknown_type = text_to(CUSTOMER, "Hi");
    unknown_type["type"] = "hologram".into();
    refused(&h.send_message(unknown_type).await, 400, 100, "hologram");
    // Without a type a message is text.
    let mut untyped = text_to(CUSTOMER, "Hi");
    untyped.as_object_mut().unwrap().remove("type");
    accepted(&h.send_message(untyped).await, CUSTOMER, CUSTOMER);
    let not_json = h
        .http
        .post(h.url(&messages_path(PHONE_NUMBER_ID)))
        .bearer_auth(waba_sim::SANDBOX_TOKEN)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
}

#[tokio::test]
async fn sends_need_the_messaging_permission_and_a_connected_number() {
    let h = sandbox(Scenario::MissingScope).await;
    let answer = h.send_message(text_to(CUSTOMER, "Hi")).await;
    assert_envelope(&answer, 403, 10, &WHATSAPP_KEYS);

    let h = sandbox(Scenario::Healthy).await;
    // The third number is added but not registered.
    let answer = h
        .graph_post(&messages_path(PHONE_NUMBER_IDS[2]), text_to(CUSTOMER, "Hi"))
        .await;
    refused(&answer, 400, 133010, "not registered");
}

#[tokio::test]
async fn text_limits() {
    let h = sandbox(Scenario::Healthy).await;
    let longest = "a".repeat(4096);
    accepted(
        &h.send_message(text_to(CUSTOMER, &longest)).await,
        CUSTOMER,
        CUSTOMER,
    );
    refused(
        &h.send_message(text_to(CUSTOMER, &format!("{longest}a")))
            .await,
        400,
        100,
        "Param text['body'] must be at most 4096 characters long.",
    );
    refused(
        &h.send_message(text_to(CUSTOMER, " ")).await,
        400,
        131008,
        "text['body']",
    );
    let mut no_text = text_to(CUSTOMER, "Hi");
    no_text.as_object_mut().unwrap().remove("text");
    refused(&h.send_message(no_text).await, 400, 131008, "text");
    let mut preview = text_to(CUSTOMER, "https://example.com");
    preview["text"]["preview_url"] = true.into();
    accepted(&h.send_message(preview.clone()).await, CUSTOMER, CUSTOMER);
    preview["text"]["preview_url"] = "yes".into();
    refused(&h.send_message(preview).await, 400, 100, "preview_url");
}

fn media_message(kind: &str, object: Value) -> Value {
    json!({"messaging_product": "whatsapp", "to": CUSTOMER, "type": kind, kind: object})
}

#[tokio::test]
async fn media_by_link_needs_https_and_one_source() {
    let h = sandbox(Scenario::Healthy).await;
    for kind in ["image", "document", "audio", "video", "sticker"] {
        let good = media_message(kind, json!({"link": "https://example.com/file"}));
        accepted(&h.send_message(good).await, CUSTOMER, CUSTOMER);
        let http = media_message(kind, json!({"link": "http://example.com/file"}));
        refused(&h.send_message(http).await, 400, 131009, "https");
        let neither = media_message(kind, json!({}));
        refused(&h.send_message(neither).await, 400, 131008, "id");
        let both = media_message(kind, json!({"id": "1", "link": "https://example.com/f"}));
        refused(&h.send_message(both).await, 400, 131009, "not both");
    }
    let captioned = media_message(
        "document",
        json!({"link": "https://example.com/a.pdf", "caption": "Invoice", "filename": "a.pdf"}),
    );
    accepted(&h.send_message(captioned).await, CUSTOMER, CUSTOMER);
    let long = media_message(
        "image",
        json!({"link": "https://example.com/a.jpg", "caption": "c".repeat(1025)}),
    );
    refused(&h.send_message(long).await, 400, 100, "1024");
    let audio = media_message(
        "audio",
        json!({"link": "https://example.com/a.ogg", "caption": "no"}),
    );
    refused(&h.send_message(audio).await, 400, 100, "caption");
    let unknown = media_message("image", json!({"id": "999999"}));
    refused(&h.send_message(unknown).await, 400, 131009, "media ID");
}

fn buttons(buttons: Value) -> Value {
    json!({"messaging_product": "whatsapp", "to": CUSTOMER, "type": "interactive",
        "interactive": {"type": "button", "body": {"text": "Pick a slot"},
            "action": {"buttons": buttons}}})
}

fn reply(id: &str, title: &str) -> Value {
    json!({"type": "reply", "reply": {"id": id, "title": title}})
}

#[tokio::test]
async fn reply_buttons_one_to_three_short_unique() {
    let h = sandbox(Scenario::Healthy).await;
    let three = json!([
        reply("am", "Morning"),
        reply("pm", "Afternoon"),
        reply("ev", "Evening")
    ]);
    accepted(&h.send_message(buttons(three)).await, CUSTOMER, CUSTOMER);
    refused(
        &h.send_message(buttons(json!([]))).await,
        400,
        100,
        "between 1 and 3",
    );
    let four = json!([
        reply("a", "A"),
        reply("b", "B"),
        reply("c", "C"),
        reply("d", "D")
    ]);
    refused(
        &h.send_message(buttons(four)).await,
        400,
        100,
        "between 1 and 3",
    );
    let long = json!([reply("a", &"t".repeat(21))]);
    refused(
        &h.send_message(buttons(long)).await,
        400,
        100,
        "interactive['action']['buttons'][0]['reply']['title'] must be at most 20",
    );
    let twins = json!([reply("a", "Same id"), reply("a", "Other")]);
    refused(&h.send_message(buttons(twins)).await, 400, 131009, "unique");
    let same_title = json!([reply("a", "Same"), reply("b", "Same")]);
    refused(
        &h.send_message(buttons(same_title)).await,
        400,
        131009,
        "unique",
    );
    let untitled = json!([{"type": "reply", "reply": {"id": "a"}}]);
    refused(
        &h.send_message(buttons(untitled)).await,
        400,
        131008,
        "title",
    );
    let mut headed = buttons(json!([reply("a", "A")]));
    headed["interactive"]["header"] =
        json!({"type": "image", "image": {"link": "https://example.com/h.jpg"}});
    accepted(&h.send_message(headed.clone()).await, CUSTOMER, CUSTOMER);
    headed["interactive"]["header"] = json!({"type": "text", "text": "h".repeat(61)});
    refused(&h.send_message(headed).await, 400, 100, "60");
    let mut no_body = buttons(json!([reply("a", "A")]));
    no_body["interactive"]
        .as_object_mut()
        .unwrap()
        .remove("body");
    refused(
        &h.send_message(no_body).await,
        400,
        131008,
        "interactive['body']",
    );
}

fn list(sections: Value) -> Value {
    json!({"messaging_product": "whatsapp", "to": CUSTOMER, "type": "interactive",
        "interactive": {"type": "list", "body": {"text": "Choose"},
            "action": {"button": "View options", "sections": sections}}})
}

fn rows(n: usize) -> Value {
    (0..n)
        .map(|i| json!({"id": format!("r{i}"), "title": format!("Row {i}")}))
        .collect()
}

#[tokio::test]
async fn lists_ten_rows_in_all_with_metas_lengths() {
    let h = sandbox(Scenario::Healthy).await;
    let ten = json!([{"title": "Coffee", "rows": rows(6)}, {"title": "Tea", "rows": (6..10)
        .map(|i| json!({"id": format!("r{i}"), "title": "Tea", "description": "d".repeat(72)}))
        .collect::<Value>()}]);
    accepted(&h.send_message(list(ten)).await, CUSTOMER, CUSTOMER);
    let eleven = json!([{"title": "A", "rows": rows(6)}, {"title": "B", "rows": (6..11)
        .map(|i| json!({"id": format!("r{i}"), "title": "T"}))
        .collect::<Value>()}]);
    refused(
        &h.send_message(list(eleven)).await,
        400,
        100,
        "at most 10 rows",
    );
    let long_row = json!([{"rows": [{"id": "a", "title": "t".repeat(25)}]}]);
    refused(&h.send_message(list(long_row)).await, 400, 100, "24");
    let long_description =
        json!([{"rows": [{"id": "a", "title": "t", "description": "d".repeat(73)}]}]);
    refused(
        &h.send_message(list(long_description)).await,
        400,
        100,
        "72",
    );
    let untitled_sections = json!([{"rows": rows(1)}, {"rows": [{"id": "x", "title": "X"}]}]);
    refused(
        &h.send_message(list(untitled_sections)).await,
        400,
        131008,
        "sections'][0]['title']",
    );
    let twins = json!([{"rows": [{"id": "a", "title": "A"}, {"id": "a", "title": "B"}]}]);
    refused(&h.send_message(list(twins)).await, 400, 131009, "unique");
    let mut long_button = list(json!([{"rows": rows(1)}]));
    long_button["interactive"]["action"]["button"] = "b".repeat(21).into();
    refused(&h.send_message(long_button).await, 400, 100, "20");
    let mut media_header = list(json!([{"rows": rows(1)}]));
    media_header["interactive"]["header"] =
        json!({"type": "image", "image": {"link": "https://example.com/h.jpg"}});
    refused(&h.send_message(media_header).await, 400, 100, "header");
}

fn template(name: &str, code: &str, components: Value) -> Value {
    json!({"messaging_product": "whatsapp", "to": CUSTOMER, "type": "template",
        "template": {"name": name, "language": {"code": code}, "components": components}})
}

fn texts(values: &[&str]) -> Value {
    values
        .iter()
        .map(|v| json!({"type": "text", "text": v}))
        .collect()
}

#[tokio::test]
async fn templates_must_exist_approved_in_that_language_with_the_right_parameters() {
    let h = sandbox(Scenario::Healthy).await;
    let order = |body: Value, button: Option<Value>| {
        let mut components = vec![json!({"type": "body", "parameters": body})];
        components.extend(button);
        template("order_update", "en_US", Value::Array(components))
    };
    let track = json!({"type": "button", "sub_type": "url", "index": "0",
        "parameters": [{"type": "text", "text": "A-1042"}]});
    accepted(
        &h.send_message(order(texts(&["Maria", "A-1042"]), Some(track.clone())))
            .await,
        CUSTOMER,
        CUSTOMER,
    );
    refused(
        &h.send_message(order(texts(&["Maria"]), Some(track.clone())))
            .await,
        400,
        132000,
        "body: number of localizable_params (1) does not match the expected number of params (2)",
    );
    refused(
        &h.send_message(order(texts(&["Maria", "A-1042"]), None))
            .await,
        400,
        131008,
        "buttons: Button at index 0 of type Url requires a parameter",
    );
    let image = json!([{"type": "image", "image": {"link": "https://example.com/a.jpg"}}, {"type": "text", "text": "x"}]);
    refused(
        &h.send_message(order(image, Some(track))).await,
        400,
        132012,
        "body: Format mismatch, expected TEXT, received IMAGE",
    );
    // The es translation has no button.
    accepted(
        &h.send_message(template(
            "order_update",
            "es",
            json!([{"type": "body", "parameters": texts(&["María", "A-1"])}]),
        ))
        .await,
        CUSTOMER,
        CUSTOMER,
    );

    let missing = h
        .send_message(template("order_update", "fr", json!([])))
        .await;
    refused(
        &missing,
        404,
        132001,
        "template name (order_update) does not exist in fr",
    );
    let error = &missing.body["error"];
    assert_eq!(
        error["message"],
        "(#132001) Template name does not exist in the translation"
    );
    refused(
        &h.send_message(template("no_such_template", "en_US", json!([])))
            .await,
        404,
        132001,
        "no_such_template",
    );
    refused(
        &h.send_message(template("spring_sale", "en_US", json!([])))
            .await,
        404,
        132001,
        "spring_sale",
    );
    refused(
        &h.send_message(template("winter_promo", "en_US", json!([])))
            .await,
        400,
        132015,
        "paused",
    );
    refused(
        &h.send_message(template("flash_deal", "en_US", json!([])))
            .await,
        400,
        132016,
        "disabled",
    );
    let mut nameless = template("hello_world", "en_US", json!([]));
    nameless["template"].as_object_mut().unwrap().remove("name");
    refused(
        &h.send_message(nameless).await,
        400,
        131008,
        "template['name']",
    );
    let mut no_language = template("hello_world", "en_US", json!([]));
    no_language["template"]["language"] = json!({});
    refused(
        &h.send_message(no_language).await,
        400,
        131008,
        "template['language']['code']",
    );
    // A template without variables takes no parameters.
    refused(
        &h.send_message(template(
            "hello_world",
            "en_US",
            json!([{"type": "body", "parameters": texts(&["x"])}]),
        ))
        .await,
        400,
        132000,
        "body",
    );
}

#[tokio::test]
async fn named_templates_take_parameter_names_and_media_headers_their_media() {
    let h = sandbox(Scenario::Healthy).await;
    h.approved_template(json!({"name": "pickup_ready", "language": "en_US", "category": "UTILITY",
        "parameter_format": "NAMED",
        "components": [
            {"type": "HEADER", "format": "IMAGE"},
            {"type": "BODY", "text": "Hi {{first_name}}, order {{order_id}} is ready for pickup today."}]}))
        .await;
    let header = json!({"type": "header", "parameters": [{"type": "image", "image": {"link": "https://example.com/p.jpg"}}]});
    let named = json!({"type": "body", "parameters": [
        {"type": "text", "parameter_name": "order_id", "text": "A-1"},
        {"type": "text", "parameter_name": "first_name", "text": "Maria"}]});
    accepted(
        &h.send_message(template(
            "pickup_ready",
            "en_US",
            json!([header.clone(), named.clone()]),
        ))
        .await,
        CUSTOMER,
        CUSTOMER,
    );
    refused(
        &h.send_message(template("pickup_ready", "en_US", json!([named.clone()])))
            .await,
        400,
        132012,
        "header: Format mismatch, expected IMAGE, received UNKNOWN",
    );
    let video = json!({"type": "header", "parameters": [{"type": "video", "video": {"link": "https://example.com/p.mp4"}}]});
    refused(
        &h.send_message(template("pickup_ready", "en_US", json!([video, named])))
            .await,
        400,
        132012,
        "expected IMAGE, received VIDEO",
    );
    let positional = json!({"type": "body", "parameters": texts(&["Maria", "A-1"])});
    refused(
        &h.send_message(template(
            "pickup_ready",
            "en_US",
            json!([header.clone(), positional]),
        ))
        .await,
        400,
        132012,
        "expected NAMED",
    );
    let wrong_name = json!({"type": "body", "parameters": [
        {"type": "text", "parameter_name": "surname", "text": "A-1"},
        {"type": "text", "parameter_name": "first_name", "text": "Maria"}]});
    refused(
        &h.send_message(template(
            "pickup_ready",
            "en_US",
            json!([header.clone(), wrong_name]),
        ))
        .await,
        400,
        132012,
        "surname",
    );
    // A positional template refuses names.
    let named_for_positional = json!([{"type": "body", "parameters": [
        {"type": "text", "parameter_name": "a", "text": "Maria"},
        {"type": "text", "parameter_name": "b", "text": "A-1"}]},
        {"type": "button", "sub_type": "url", "index": 0, "parameters": [{"type": "text", "text": "x"}]}]);
    refused(
        &h.send_message(template("order_update", "en_US", named_for_positional))
            .await,
        400,
        132012,
        "expected POSITIONAL",
    );
}

#[tokio::test]
async fn mark_as_read_and_reactions() {
    let (h, callback) = with_callback(Scenario::Healthy).await;
    let received = h.customer_writes(CUSTOMER).await;
    let read = h
        .send_message(
            json!({"messaging_product": "whatsapp", "status": "read", "message_id": received}),
        )
        .await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body, json!({"success": true}));
    let unknown = h
        .send_message(
            json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.nope"}),
        )
        .await;
    refused(&unknown, 400, 131009, "message_id");
    let no_id = h
        .send_message(json!({"messaging_product": "whatsapp", "status": "read"}))
        .await;
    refused(&no_id, 400, 131008, "message_id");

    let react = json!({"messaging_product": "whatsapp", "to": CUSTOMER, "type": "reaction",
        "reaction": {"message_id": received, "emoji": "👍"}});
    let id = accepted(&h.send_message(react).await, CUSTOMER, CUSTOMER);
    assert_eq!(names(&statuses_of(&callback, &id, 1).await), ["sent"]);
    let bare = json!({"messaging_product": "whatsapp", "to": CUSTOMER, "type": "reaction",
        "reaction": {"emoji": "👍"}});
    refused(
        &h.send_message(bare).await,
        400,
        131008,
        "reaction['message_id']",
    );
}

#[tokio::test]
async fn a_recipient_with_a_reply_answers_and_opens_the_window() {
    let (h, callback) = with_callback(Scenario::Healthy).await;
    let someone = "447700900123";
    let described = h
        .set_recipient(someone, json!({"reads": true, "reply": "Thanks, got it"}))
        .await;
    assert_eq!(described["reply"], "Thanks, got it", "{described}");
    let send = json!({"messaging_product": "whatsapp", "to": someone, "type": "template",
        "template": {"name": "hello_world", "language": {"code": "en_US"}}});
    accepted(&h.send_message(send).await, someone, someone);
    h.move_clock(10).await;
    until("the reply arrives", || async {
        callback.bodies.lock().unwrap().iter().any(|(body, _)| {
            let envelope: Value = serde_json::from_slice(body).unwrap();
            envelope["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"]
                == "Thanks, got it"
        })
    })
    .await;
    // The reply opened the window: free-form now goes through.
    let id = accepted(
        &h.send_message(text_to(someone, "Welcome")).await,
        someone,
        someone,
    );
    assert_eq!(names(&statuses_of(&callback, &id, 1).await), ["sent"]);
    let (_, listed) = h.control(Method::GET, "/__sandbox/recipients", None).await;
    let entry = listed["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["waId"] == someone)
        .unwrap()
        .clone();
    assert_eq!(entry["windows"][0]["open"], true, "{entry}");
    assert_eq!(entry["windows"][0]["phoneNumberId"], PHONE_NUMBER_ID);
}

#[tokio::test]
async fn a_send_whose_answer_is_lost_was_accepted_and_its_statuses_still_arrive() {
    let (h, callback) = with_callback(Scenario::Healthy).await;
    let (status, faults) = h
        .control(
            Method::POST,
            "/__sandbox/faults",
            Some(json!({"loseAnswerNext": 1})),
        )
        .await;
    assert_eq!(status, 200, "{faults}");
    assert_eq!(faults["loseAnswerNext"], 1, "{faults}");
    let template = json!({"messaging_product": "whatsapp", "to": CUSTOMER, "type": "template",
        "template": {"name": "hello_world", "language": {"code": "en_US"}}});
    let lost = h
        .http
        .post(h.url(&messages_path(PHONE_NUMBER_ID)))
        .bearer_auth(waba_sim::SANDBOX_TOKEN)
        .json(&template)
        .send()
        .await;
    assert!(lost.is_err(), "the answer was lost: {lost:?}");
    until("the lost send's sent status", || async {
        statuses(&callback)
            .iter()
            .any(|s| s["status"] == "sent" && s["recipient_id"] == CUSTOMER)
    })
    .await;
    // The fault is used up: the next send is answered.
    accepted(&h.send_message(template).await, CUSTOMER, CUSTOMER);
}
