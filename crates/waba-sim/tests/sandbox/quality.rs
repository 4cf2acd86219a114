//! `POST /__sandbox/quality`: a number's quality rating is what Graph reads return from then on,
//! a RED number stays CONNECTED and AVAILABLE (no FLAGGED state since 7 Oct 2025), and no
//! webhook announces it (Meta's `phone_number_quality_update` no longer carries ratings).

use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use serde_json::{json, Value};
use waba_sim::{Scenario, PHONE_NUMBER_ID, PHONE_NUMBER_IDS};

use crate::webhooks::{flaky, sandbox};
use crate::Harness;

impl Harness {
    async fn set_quality(&self, body: Value) -> (u16, Value) {
        self.control(Method::POST, "/__sandbox/quality", Some(body))
            .await
    }

    async fn read_quality(&self, id: &str) -> Value {
        let read = self
            .get(&format!(
                "/v26.0/{id}?fields=quality_rating,status,health_status"
            ))
            .await;
        assert_eq!(read.status, 200, "{}", read.body);
        read.body
    }
}

#[tokio::test]
async fn the_rating_set_is_read_back_and_changes_nothing_else_and_sends_nothing() {
    let (callback, url) = flaky(0).await;
    let h = sandbox(Scenario::Healthy).await;
    let set = h
        .set_app_callback(&url, &["messages", "phone_number_quality_update"])
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(
        h.read_quality(PHONE_NUMBER_ID).await["quality_rating"],
        "GREEN"
    );

    for rating in ["RED", "YELLOW", "GREEN", "RED"] {
        let (status, answer) = h.set_quality(json!({ "rating": rating })).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(
            answer,
            json!({"phoneNumberId": PHONE_NUMBER_ID, "rating": rating})
        );
        let read = h.read_quality(PHONE_NUMBER_ID).await;
        assert_eq!(read["quality_rating"], rating, "{read}");
        assert_eq!(read["status"], "CONNECTED", "{read}");
        assert_eq!(
            read["health_status"]["can_send_message"], "AVAILABLE",
            "{read}"
        );
    }
    let (_, internal) = h
        .control(
            Method::GET,
            &format!("/__sandbox/numbers/{PHONE_NUMBER_ID}"),
            None,
        )
        .await;
    assert_eq!(internal["quality"], "RED", "{internal}");
    // Only the number named changes.
    assert_eq!(
        h.read_quality(PHONE_NUMBER_IDS[1]).await["quality_rating"],
        "YELLOW"
    );
    let stats = h.webhooks().await;
    assert_eq!(
        (&stats["attempts"], &stats["pending"]),
        (&json!(0), &json!(0)),
        "{stats}"
    );
    assert!(callback.bodies.lock().unwrap().is_empty());
}

#[tokio::test]
async fn another_number_can_be_rated_and_an_unregistered_one_reads_na_until_connected() {
    let h = sandbox(Scenario::Healthy).await;
    let (status, answer) = h
        .set_quality(json!({"rating": "RED", "phoneNumberId": PHONE_NUMBER_IDS[2]}))
        .await;
    assert_eq!(status, 200, "{answer}");
    let read = h.read_quality(PHONE_NUMBER_IDS[2]).await;
    assert_eq!(
        (&read["quality_rating"], &read["status"]),
        (&json!("NA"), &json!("PENDING")),
        "{read}"
    );
    let (_, internal) = h
        .control(
            Method::GET,
            &format!("/__sandbox/numbers/{}", PHONE_NUMBER_IDS[2]),
            None,
        )
        .await;
    assert_eq!(internal["quality"], "RED", "{internal}");
    assert_eq!(
        h.read_quality(PHONE_NUMBER_ID).await["quality_rating"],
        "GREEN"
    );
}

#[tokio::test]
async fn unknown_ratings_and_numbers_and_calls_without_the_secret_are_refused() {
    let h = sandbox(Scenario::Healthy).await;
    for rating in ["BLUE", "red", "NA", "UNKNOWN"] {
        let (status, refused) = h.set_quality(json!({ "rating": rating })).await;
        assert_eq!(status, 400, "{rating}: {refused}");
        assert!(
            refused["error"].as_str().unwrap().contains("GREEN"),
            "{refused}"
        );
    }
    let (status, refused) = h
        .set_quality(json!({"rating": "RED", "phoneNumberId": "999"}))
        .await;
    assert_eq!(status, 404, "{refused}");
    assert!(
        refused["error"].as_str().unwrap().contains("999"),
        "{refused}"
    );
    let response = h
        .http
        .post(h.url("/__sandbox/quality"))
        .header(CONTENT_TYPE, "application/json")
        .body(json!({"rating": "RED"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(
        h.read_quality(PHONE_NUMBER_ID).await["quality_rating"],
        "GREEN"
    );
}
