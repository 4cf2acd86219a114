//! The number's public face over HTTP (facts §17): the business profile (flat reads, partial
//! updates in JSON or form, Meta's limits), the resumable upload of a profile photo and its
//! handle, display-name changes reviewed on the sim clock with their `phone_number_name_update`
//! webhook, and conversational components.

use reqwest::Method;
use serde_json::{json, Value};
use waba_sim::{Scenario, APP_ID, PHONE_NUMBER_ID, SANDBOX_TOKEN};

use crate::webhooks::{flaky, sandbox, until};
use crate::{answer, assert_envelope, start, Answer, Harness, BASIC_KEYS};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\nthe rest of a small picture";

fn profile_path(query: &str) -> String {
    format!("/v26.0/{PHONE_NUMBER_ID}/whatsapp_business_profile{query}")
}

/// Asserts a 400 refusal with this code and exact message.
fn assert_refused(answer: &Answer, code: i64, message: &str) {
    let error = assert_envelope(answer, 400, code, &BASIC_KEYS);
    assert_eq!(error["message"], message, "{error}");
    assert_eq!(error["type"], "OAuthException", "{error}");
}

impl Harness {
    async fn save_profile(&self, body: Value) -> Answer {
        self.graph_post(&profile_path(""), body).await
    }

    async fn save_profile_form(&self, form: &str) -> Answer {
        let request = self
            .http
            .post(self.url(&profile_path("")))
            .bearer_auth(SANDBOX_TOKEN)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.to_owned());
        answer(request.send().await.expect("request completes")).await
    }

    /// `POST /{app-id}/uploads`: the session ID as issued.
    async fn open_upload(&self, file_type: &str, length: usize) -> String {
        let opened = self
            .graph_post(
                &format!(
                    "/v26.0/{APP_ID}/uploads?file_name=logo.png&file_length={length}&file_type={file_type}"
                ),
                json!({}),
            )
            .await;
        assert_eq!(opened.status, 200, "{}", opened.body);
        opened.body["id"].as_str().expect("upload id").to_owned()
    }

    /// `POST /v26.0/{session}` with the `OAuth` scheme, `file_offset` and raw bytes.
    async fn send_bytes(&self, session: &str, offset: usize, bytes: &[u8]) -> Answer {
        let request = self
            .http
            .post(self.url(&format!("/v26.0/{session}")))
            .header("authorization", format!("OAuth {SANDBOX_TOKEN}"))
            .header("file_offset", offset.to_string())
            .header("content-type", "image/png")
            .body(bytes.to_vec());
        answer(request.send().await.expect("request completes")).await
    }

    /// A complete upload of `bytes`: the handle.
    async fn upload_photo(&self, bytes: &[u8]) -> String {
        let session = self.open_upload("image/png", bytes.len()).await;
        let done = self.send_bytes(&session, 0, bytes).await;
        assert_eq!(done.status, 200, "{}", done.body);
        done.body["h"].as_str().expect("handle").to_owned()
    }

    async fn profile(&self, fields: &str) -> Value {
        let read = self.get(&profile_path(fields)).await;
        assert_eq!(read.status, 200, "{}", read.body);
        read.body["data"][0].clone()
    }

    async fn number_read(&self, fields: &str) -> Value {
        let read = self
            .get(&format!("/v26.0/{PHONE_NUMBER_ID}?fields={fields}"))
            .await;
        assert_eq!(read.status, 200, "{}", read.body);
        read.body
    }

    async fn request_name(&self, name: &str) -> Answer {
        self.graph_post(
            &format!("/v26.0/{PHONE_NUMBER_ID}"),
            json!({"messaging_product": "whatsapp", "new_display_name": name}),
        )
        .await
    }

    async fn save_automation(&self, body: Value) -> Answer {
        self.graph_post(
            &format!("/v26.0/{PHONE_NUMBER_ID}/conversational_automation"),
            body,
        )
        .await
    }
}

#[tokio::test]
async fn a_fresh_profile_reads_only_the_undefined_vertical() {
    let h = start(Scenario::Fresh).await;
    let read = h.get(&profile_path("")).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(
        read.body,
        json!({"data": [{"vertical": "UNDEFINED", "messaging_product": "whatsapp"}]})
    );
}

#[tokio::test]
async fn a_healthy_profile_reads_flat_with_only_the_requested_fields() {
    let h = start(Scenario::Healthy).await;
    let all = h.profile("").await;
    for field in [
        "about",
        "address",
        "description",
        "email",
        "profile_picture_url",
        "websites",
        "vertical",
        "messaging_product",
    ] {
        assert!(all.get(field).is_some(), "{field} missing: {all}");
    }
    assert_eq!(all["websites"].as_array().unwrap().len(), 1);
    assert!(all["websites"][0].as_str().unwrap().starts_with("https://"));
    let some = h.profile("?fields=about,vertical").await;
    let mut keys: Vec<&String> = some.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["about", "messaging_product", "vertical"]);

    // The photo URL serves the picture's bytes.
    let url = all["profile_picture_url"].as_str().unwrap();
    assert!(url.starts_with(&h.sandbox.base_url()), "{url}");
    let photo = h.http.get(url).send().await.unwrap();
    assert_eq!(photo.status(), 200);
    assert_eq!(photo.headers()["content-type"], "image/png");
    assert!(photo.bytes().await.unwrap().starts_with(b"\x89PNG"));

    let unknown = h.get(&profile_path("?fields=about,account_name")).await;
    assert_envelope(&unknown, 400, 100, &BASIC_KEYS);
}

#[tokio::test]
async fn the_profile_needs_the_management_permission_and_a_known_number() {
    let h = start(Scenario::Healthy).await;
    let unknown = h
        .get("/v26.0/999999999999999/whatsapp_business_profile")
        .await;
    let error = assert_envelope(&unknown, 400, 100, &crate::SUBCODE_KEYS);
    assert_eq!(error["error_subcode"], 33);
    let anonymous = h.get_as(&profile_path(""), None).await;
    assert_envelope(&anonymous, 400, 104, &BASIC_KEYS);
}

#[tokio::test]
async fn a_partial_update_changes_only_what_it_names() {
    let h = start(Scenario::Fresh).await;
    let saved = h
        .save_profile(json!({
            "messaging_product": "whatsapp",
            "about": "Succulent specialists!",
            "websites": ["https://www.luckyshrub.com/", "http://shop.luckyshrub.com"],
            "vertical": "RETAIL",
        }))
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.body, json!({"success": true}));
    let saved = h
        .save_profile(json!({"messaging_product": "whatsapp", "email": "lucky@luckyshrub.com"}))
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(
        h.profile("").await,
        json!({
            "about": "Succulent specialists!",
            "email": "lucky@luckyshrub.com",
            "websites": ["https://www.luckyshrub.com/", "http://shop.luckyshrub.com"],
            "vertical": "RETAIL",
            "messaging_product": "whatsapp",
        })
    );
    // Empty values clear: the vertical reads UNDEFINED again, the websites go.
    let cleared = h
        .save_profile(
            json!({"messaging_product": "whatsapp", "vertical": "", "websites": [], "email": ""}),
        )
        .await;
    assert_eq!(cleared.status, 200, "{}", cleared.body);
    assert_eq!(
        h.profile("").await,
        json!({"about": "Succulent specialists!", "vertical": "UNDEFINED", "messaging_product": "whatsapp"})
    );
}

#[tokio::test]
async fn a_form_body_with_websites_brackets_is_an_update() {
    let h = start(Scenario::Fresh).await;
    let saved = h
        .save_profile_form(
            "messaging_product=whatsapp&vertical=EDU&websites%5B%5D=https%3A%2F%2Fwww.google.com&websites%5B%5D=https%3A%2F%2Fexample.org",
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let read = h.profile("?fields=vertical,websites").await;
    assert_eq!(read["vertical"], "EDU");
    assert_eq!(
        read["websites"],
        json!(["https://www.google.com", "https://example.org"])
    );
}

#[tokio::test]
async fn every_profile_limit_is_refused_in_graph_wording_and_changes_nothing() {
    let h = start(Scenario::Healthy).await;
    let before = h.profile("").await;
    let long = |n: usize| "a".repeat(n);
    let cases: Vec<(Value, i64, String)> = vec![
        (
            json!({"about": long(140)}),
            100,
            "(#100) Param about must be at most 139 characters long.".into(),
        ),
        (
            json!({"about": "  "}),
            100,
            "(#100) Param about must be non-empty.".into(),
        ),
        (
            json!({"address": long(257)}),
            100,
            "(#100) Param address must be at most 256 characters long.".into(),
        ),
        (
            json!({"description": long(513)}),
            100,
            "(#100) Param description must be at most 512 characters long.".into(),
        ),
        (
            json!({"email": format!("{}@example.com", long(120))}),
            100,
            "(#100) Param email must be at most 128 characters long.".into(),
        ),
        (
            json!({"email": "not an address"}),
            100,
            "(#100) Param email must be a valid email address".into(),
        ),
        (
            json!({"websites": ["https://a.example", "https://b.example", "https://c.example"]}),
            105,
            "(#105) The parameter websites must have at most 2 elements, 3 found.".into(),
        ),
        (
            json!({"websites": ["www.example.com"]}),
            100,
            "(#100) Param websites[0] must be a valid URL".into(),
        ),
        (
            json!({"websites": [format!("https://{}.com", long(260))]}),
            100,
            "(#100) Param websites[0] must be at most 256 characters long.".into(),
        ),
        (
            json!({"profile_picture_handle": "4:bG9nbw==:aW1hZ2UvcG5n:forged:e:1:2:3:AR"}),
            100,
            "(#100) Param profile_picture_handle is not a valid handle".into(),
        ),
    ];
    for (fields, code, message) in cases {
        let mut body = fields.clone();
        body["messaging_product"] = json!("whatsapp");
        body["about"] = fields.get("about").cloned().unwrap_or(json!("Changed"));
        let refused = h.save_profile(body).await;
        assert_refused(&refused, code, &message);
    }
    for vertical in ["UNDEFINED", "NOT_A_BIZ", "SHOPPING"] {
        let refused = h
            .save_profile(json!({"messaging_product": "whatsapp", "vertical": vertical}))
            .await;
        let error = assert_envelope(&refused, 400, 100, &BASIC_KEYS);
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .starts_with("(#100) Param vertical must be one of {ALCOHOL, APPAREL"),
            "{error}"
        );
    }
    let no_product = h.save_profile(json!({"about": "Changed"})).await;
    assert_envelope(&no_product, 400, 100, &BASIC_KEYS);
    let wrong_product = h
        .save_profile(json!({"messaging_product": "instagram", "about": "Changed"}))
        .await;
    assert_envelope(&wrong_product, 400, 100, &BASIC_KEYS);
    assert_eq!(h.profile("").await, before);
}

#[tokio::test]
async fn a_photo_uploaded_in_two_parts_becomes_the_profile_picture_once() {
    let h = start(Scenario::Healthy).await;
    let old_url = h.profile("?fields=profile_picture_url").await["profile_picture_url"].clone();
    let session = h.open_upload("image/png", PNG.len()).await;
    let (path, sig) = session
        .split_once("?sig=")
        .expect("the sig is inside the ID");
    assert!(path.starts_with("upload:"), "{session}");
    assert!(!sig.is_empty());
    let inner = String::from_utf8(base64_url_decode(path.trim_start_matches("upload:"))).unwrap();
    assert!(inner.starts_with("1:attachment:"), "{inner}");
    assert!(
        inner.ends_with(&format!("?file_length={}&file_type=image%2Fpng", PNG.len())),
        "{inner}"
    );

    let first = h.send_bytes(&session, 0, &PNG[..10]).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.body, json!({"id": session, "file_offset": 10}));
    let progress = h.get(&format!("/v26.0/{session}")).await;
    assert_eq!(progress.status, 200, "{}", progress.body);
    assert_eq!(progress.body, json!({"id": session, "file_offset": 10}));

    let wrong_offset = h.send_bytes(&session, 0, &PNG[10..]).await;
    let error = assert_envelope(&wrong_offset, 400, 100, &BASIC_KEYS);
    assert!(
        error["message"].as_str().unwrap().contains("must be 10"),
        "{error}"
    );
    let too_long = h.send_bytes(&session, 10, &[PNG, PNG].concat()).await;
    assert_envelope(&too_long, 400, 100, &BASIC_KEYS);
    let bad_sig = h
        .send_bytes(&format!("{path}?sig=ARforged"), 10, &PNG[10..])
        .await;
    assert_refused(&bad_sig, 104, "(#104) Incorrect signature");

    // Bearer works as well as OAuth.
    let done = h
        .http
        .post(h.url(&format!("/v26.0/{session}")))
        .bearer_auth(SANDBOX_TOKEN)
        .header("file_offset", "10")
        .body(PNG[10..].to_vec())
        .send()
        .await
        .unwrap();
    let done = answer(done).await;
    assert_eq!(done.status, 200, "{}", done.body);
    let handle = done.body["h"].as_str().unwrap().to_owned();
    let parts: Vec<&str> = handle.split(':').collect();
    assert_eq!(parts[0], "4", "{handle}");
    assert_eq!(parts[1], "bG9nby5wbmc=", "{handle}");
    assert_eq!(parts[2], "aW1hZ2UvcG5n", "{handle}");
    assert_eq!(parts[4], "e", "{handle}");
    assert_eq!(parts[6], APP_ID, "{handle}");

    let set = h
        .save_profile(json!({"messaging_product": "whatsapp", "profile_picture_handle": handle}))
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    let new_url = h.profile("?fields=profile_picture_url").await["profile_picture_url"].clone();
    assert_ne!(new_url, old_url);
    let photo = h.http.get(new_url.as_str().unwrap()).send().await.unwrap();
    assert_eq!(photo.bytes().await.unwrap().as_ref(), PNG);
    let gone = h.http.get(old_url.as_str().unwrap()).send().await.unwrap();
    assert_eq!(gone.status(), 404);

    // A handle works once; the same picture again gets yet another URL.
    let again = h
        .save_profile(json!({"messaging_product": "whatsapp", "profile_picture_handle": handle}))
        .await;
    assert_refused(
        &again,
        100,
        "(#100) Param profile_picture_handle is not a valid handle",
    );
    let second = h.upload_photo(PNG).await;
    h.save_profile(json!({"messaging_product": "whatsapp", "profile_picture_handle": second}))
        .await;
    let third_url = h.profile("?fields=profile_picture_url").await["profile_picture_url"].clone();
    assert_ne!(third_url, new_url);
}

#[tokio::test]
async fn uploads_refuse_bad_types_lengths_and_non_images() {
    let h = start(Scenario::Healthy).await;
    for query in [
        "file_length=10&file_type=image/gif",
        "file_length=0&file_type=image/png",
        "file_type=image/png",
    ] {
        let refused = h
            .graph_post(&format!("/v26.0/{APP_ID}/uploads?{query}"), json!({}))
            .await;
        assert_envelope(&refused, 400, 100, &BASIC_KEYS);
    }
    let other_app = h
        .graph_post(
            "/v26.0/123456789012345/uploads?file_length=10&file_type=image/png",
            json!({}),
        )
        .await;
    assert_envelope(&other_app, 400, 100, &crate::SUBCODE_KEYS);
    // Parameters in the body work too.
    let in_body = h
        .graph_post(
            &format!("/v26.0/{APP_ID}/uploads"),
            json!({"file_name": "a.pdf", "file_length": 4, "file_type": "application/pdf"}),
        )
        .await;
    assert_eq!(in_body.status, 200, "{}", in_body.body);

    let text = h.upload_photo(b"this is not a picture").await;
    let refused = h
        .save_profile(json!({"messaging_product": "whatsapp", "profile_picture_handle": text}))
        .await;
    assert_refused(
        &refused,
        100,
        "(#100) The uploaded file is not a valid image",
    );
}

fn base64_url_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in text.bytes() {
        let value = ALPHABET
            .iter()
            .position(|&a| a == byte)
            .expect("URL-safe base64") as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

#[tokio::test]
async fn a_requested_name_is_reviewed_on_the_sim_clock_and_announced() {
    let (callback, url) = flaky(0).await;
    let h = sandbox(Scenario::Healthy).await;
    let set = h
        .set_app_callback(&url, &["phone_number_name_update"])
        .await;
    assert_eq!(set.status, 200, "{}", set.body);

    let asked = h.request_name("Lucky Shrub").await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert_eq!(asked.body, json!({"success": true}));
    let pending = h
        .number_read("verified_name,name_status,new_display_name,new_name_status,health_status")
        .await;
    assert_eq!(pending["verified_name"], "WABA Console Sandbox");
    assert_eq!(pending["new_display_name"], "Lucky Shrub");
    assert_eq!(pending["new_name_status"], "PENDING_REVIEW");
    assert_eq!(pending["health_status"]["can_send_message"], "AVAILABLE");

    h.advance_clock(599).await;
    assert_eq!(
        h.number_read("new_name_status").await["new_name_status"],
        "PENDING_REVIEW"
    );
    h.advance_clock(1).await;
    let approved = h
        .number_read("verified_name,name_status,new_display_name,new_name_status")
        .await;
    assert_eq!(
        approved,
        json!({"verified_name": "Lucky Shrub", "name_status": "APPROVED", "id": PHONE_NUMBER_ID})
    );
    until("the name decision is posted", || async {
        !callback.bodies.lock().unwrap().is_empty()
    })
    .await;
    let body: Value = serde_json::from_slice(&callback.bodies.lock().unwrap()[0].0).unwrap();
    let change = &body["entry"][0]["changes"][0];
    assert_eq!(change["field"], "phone_number_name_update");
    assert_eq!(
        change["value"],
        json!({
            "display_phone_number": "15550100199",
            "decision": "APPROVED",
            "requested_verified_name": "Lucky Shrub",
            "rejection_reason": null,
        })
    );
    assert!(body["entry"][0]["time"].is_i64(), "{body}");

    // A rejected name: DECLINED stays on new_name_status, the current name is kept.
    let (status, delay) = h
        .control(
            Method::POST,
            "/__sandbox/display-name/review",
            Some(json!({"delaySeconds": 5})),
        )
        .await;
    assert_eq!(status, 200, "{delay}");
    assert_eq!(delay["delaySeconds"], 5);
    assert_eq!(h.request_name("LUCKY SHRUB OFFICIAL").await.status, 200);
    h.advance_clock(5).await;
    let declined = h
        .number_read("verified_name,new_display_name,new_name_status")
        .await;
    assert_eq!(declined["verified_name"], "Lucky Shrub");
    assert_eq!(declined["new_display_name"], "LUCKY SHRUB OFFICIAL");
    assert_eq!(declined["new_name_status"], "DECLINED");
    until("the rejection is posted", || async {
        callback.bodies.lock().unwrap().len() == 2
    })
    .await;
    let body: Value = serde_json::from_slice(&callback.bodies.lock().unwrap()[1].0).unwrap();
    let value = &body["entry"][0]["changes"][0]["value"];
    assert_eq!(value["decision"], "REJECTED");
    assert_eq!(value["rejection_reason"], "NAME_FORMAT_UNACCEPTABLE");
}

#[tokio::test]
async fn a_number_waiting_for_its_name_is_limited_until_approval() {
    let h = sandbox(Scenario::Healthy).await;
    // The alerts number's name is PENDING_REVIEW; register it so only the name limits it.
    let alerts = waba_sim::PHONE_NUMBER_IDS[2];
    let number = |edge: &str| format!("/v26.0/{alerts}{edge}");
    for (path, body) in [
        (
            number("/request_code?code_method=SMS&language=en_US"),
            json!({}),
        ),
        (
            number("/verify_code"),
            json!({"code": waba_sim::VERIFICATION_CODE}),
        ),
        (
            number("/register"),
            json!({"messaging_product": "whatsapp", "pin": waba_sim::SANDBOX_PIN}),
        ),
    ] {
        let done = h.graph_post(&path, body).await;
        assert_eq!(done.status, 200, "{path}: {}", done.body);
    }
    h.advance_clock(10).await;
    let health = number("?fields=name_status,health_status");
    let limited = h.get(&health).await.body;
    assert_eq!(limited["name_status"], "PENDING_REVIEW", "{limited}");
    assert_eq!(limited["health_status"]["can_send_message"], "LIMITED");
    assert_eq!(
        limited["health_status"]["entities"][0]["additional_info"],
        json!(["Your display name has not been approved yet. Your message limit will increase after the display name is approved."])
    );
    // The name as a query parameter, as Meta's page shows it.
    let asked = h
        .graph_post(
            &number("?new_display_name=Sandbox%20Alerts%20Desk"),
            json!({}),
        )
        .await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    h.advance_clock(600).await;
    let approved = h.get(&health).await.body;
    assert_eq!(approved["name_status"], "APPROVED", "{approved}");
    assert_eq!(approved["health_status"]["can_send_message"], "AVAILABLE");
}

#[tokio::test]
async fn name_requests_are_checked_and_limited_to_ten_in_thirty_days() {
    let h = sandbox(Scenario::Healthy).await;
    for (name, message) in [
        ("   ", "(#100) Param new_display_name must be non-empty."),
        (
            "Ab",
            "(#100) Param new_display_name must be at least 3 characters long.",
        ),
    ] {
        assert_refused(&h.request_name(name).await, 100, message);
    }
    for i in 0..10 {
        let asked = h.request_name(&format!("Lucky Shrub {i}")).await;
        assert_eq!(asked.status, 200, "{}", asked.body);
    }
    let eleventh = h.request_name("Lucky Shrub Eleven").await;
    let error = assert_envelope(&eleventh, 400, 100, &BASIC_KEYS);
    assert!(
        error["message"].as_str().unwrap().starts_with(
            "(#100) This number's display name was changed 10 times in the last 30 days"
        ),
        "{error}"
    );
    h.advance_clock(30 * 86_400).await;
    assert_eq!(h.request_name("Lucky Shrub Again").await.status, 200);
}

#[tokio::test]
async fn conversational_automation_is_saved_read_and_limited() {
    let h = start(Scenario::Healthy).await;
    let never = h.number_read("conversational_automation").await;
    assert_eq!(never, json!({"id": PHONE_NUMBER_ID}));

    let saved = h
        .save_automation(json!({
            "enable_welcome_message": true,
            "prompts": ["Book a flight", "Plan a vacation"],
            "commands": [
                {"command_name": "tickets", "command_description": "Book flight tickets"},
                {"command_name": "hotel", "command_description": "Book hotel"},
            ],
        }))
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.body, json!({"success": true}));
    let read = h.number_read("conversational_automation").await;
    let automation = &read["conversational_automation"];
    assert_eq!(automation["enable_welcome_message"], true);
    assert_eq!(
        automation["prompts"],
        json!(["Book a flight", "Plan a vacation"])
    );
    assert_eq!(automation["commands"][1]["command_name"], "hotel");
    let inner_id = automation["id"].as_str().unwrap().to_owned();
    assert_ne!(inner_id, PHONE_NUMBER_ID);

    // pywa's shape: commands as a JSON-encoded string; omitted keys keep their value.
    let pywa = h
        .save_automation(json!({"commands": "[{\"command_name\":\"help\",\"command_description\":\"Get help\"}]"}))
        .await;
    assert_eq!(pywa.status, 200, "{}", pywa.body);
    let read = h.number_read("conversational_automation").await;
    let automation = &read["conversational_automation"];
    assert_eq!(automation["enable_welcome_message"], true);
    assert_eq!(automation["prompts"].as_array().unwrap().len(), 2);
    assert_eq!(
        automation["commands"],
        json!([{"command_name": "help", "command_description": "Get help"}])
    );
    assert_eq!(automation["id"], inner_id.as_str());
    // Query parameters; [] clears.
    let query = h
        .graph_post(
            &format!("/v26.0/{PHONE_NUMBER_ID}/conversational_automation?enable_welcome_message=false&prompts=%5B%5D"),
            json!({}),
        )
        .await;
    assert_eq!(query.status, 200, "{}", query.body);
    let read = h.number_read("conversational_automation").await;
    assert_eq!(
        read["conversational_automation"]["enable_welcome_message"],
        false
    );
    assert_eq!(read["conversational_automation"]["prompts"], json!([]));

    let command = |name: String, description: &str| json!({"command_name": name, "command_description": description});
    let many: Vec<Value> = (0..31).map(|i| command(format!("c{i}"), "d")).collect();
    let mut long_name: Vec<Value> = (0..8).map(|i| command(format!("c{i}"), "d")).collect();
    long_name.push(command("n".repeat(33), "d"));
    let cases = [
        (
            json!({"prompts": ["a", "b", "c", "d", "e"]}),
            105,
            "(#105) The parameter prompts must have at most 4 elements, 5 found.",
        ),
        (
            json!({"prompts": ["fine", "p".repeat(81)]}),
            100,
            "(#100) Param prompts[1] must be at most 80 characters long.",
        ),
        (
            json!({"commands": many}),
            105,
            "(#105) The parameter commands must have at most 30 elements, 31 found.",
        ),
        (
            json!({"commands": long_name}),
            100,
            "(#100) Param commands[8]['command_name'] must be at most 32 characters long.",
        ),
        (
            json!({"commands": [command("x".into(), &"d".repeat(257))]}),
            100,
            "(#100) Param commands[0]['command_description'] must be at most 256 characters long.",
        ),
        (
            json!({"commands": [command("x".into(), "d"), command("x".into(), "e")]}),
            100,
            "(#100) Param commands[1]['command_name'] must be unique: \"x\" is already used by commands[0]",
        ),
        (
            json!({"prompts": ["Book a flight ✈️"]}),
            100,
            "(#100) Param prompts[0] must not contain emojis",
        ),
    ];
    for (body, code, message) in cases {
        assert_refused(&h.save_automation(body).await, code, message);
    }
    // Nothing changed.
    let read = h.number_read("conversational_automation").await;
    assert_eq!(
        read["conversational_automation"]["commands"],
        json!([{"command_name": "help", "command_description": "Get help"}])
    );
}
