//! The `/__sandbox` control API, as the standalone binary and benchmarks drive it.

use std::time::Instant;

use serde_json::{json, Value};
use waba_sim::{Scenario, APP_ID, PHONE_NUMBER_ID, PHONE_NUMBER_IDS, SANDBOX_TOKEN, WABA_ID};

use crate::{assert_envelope, start, Harness, SUBCODE_KEYS, WHATSAPP_KEYS};

impl Harness {
    async fn control(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self.http.request(method, self.url(path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("control answers");
        let status = response.status().as_u16();
        (status, response.json().await.expect("control JSON"))
    }
}

#[tokio::test]
async fn describe_reports_identity_and_state() {
    let h = start(Scenario::Fresh).await;
    let (status, body) = h.control(reqwest::Method::GET, "/__sandbox", None).await;
    assert_eq!(status, 200);
    assert_eq!(body["scenario"], "fresh");
    assert_eq!(body["token"], SANDBOX_TOKEN);
    assert_eq!(body["appId"], APP_ID);
    assert_eq!(body["wabaId"], WABA_ID);
    assert_eq!(body["phoneNumberId"], PHONE_NUMBER_ID);
    assert_eq!(body["phoneNumberIds"], json!(PHONE_NUMBER_IDS));
    assert_eq!(body["baseUrl"], h.sandbox.base_url());
    assert_eq!(
        body["scenarios"].as_array().map(Vec::len),
        Some(Scenario::ALL.len())
    );
    assert_eq!(
        body["faults"],
        json!({"latencyMs": 0, "failNext": null, "html500Next": 0, "resetNext": 0})
    );
    assert!(body["now"].as_str().is_some_and(|t| t.ends_with('Z')));
}

#[tokio::test]
async fn faults_are_set_and_cleared_over_http() {
    let h = start(Scenario::Healthy).await;
    let path = format!("/v26.0/{PHONE_NUMBER_ID}?fields=status");
    let (status, state) = h
        .control(
            reqwest::Method::POST,
            "/__sandbox/faults",
            Some(json!({"latencyMs": 60, "failNext": {"count": 1, "code": 133010}, "html500Next": 1})),
        )
        .await;
    assert_eq!(status, 200, "{state}");
    assert_eq!(state["latencyMs"], 60);
    assert_eq!(state["failNext"], json!({"count": 1, "code": 133010}));

    let started = Instant::now();
    let html = h
        .http
        .get(h.url(&path))
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .expect("answer");
    assert_eq!(html.status(), 500);
    assert!(started.elapsed().as_millis() >= 60);
    let error = assert_envelope(&h.get(&path).await, 400, 133010, &WHATSAPP_KEYS);
    assert_eq!(error["message"], "(#133010) Account not registered");

    let (status, state) = h
        .control(reqwest::Method::DELETE, "/__sandbox/faults", None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(state["latencyMs"], 0);
    assert_eq!(h.get(&path).await.status, 200);

    let (status, error) = h
        .control(
            reqwest::Method::POST,
            "/__sandbox/faults",
            Some(json!({"latency": 5})),
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        error["error"]
            .as_str()
            .is_some_and(|e| e.contains("latency")),
        "{error}"
    );
}

#[tokio::test]
async fn clock_advance_over_http_expires_the_user_token() {
    let h = start(Scenario::UserToken).await;
    let before = h.sandbox.clock().now();
    let (status, body) = h
        .control(
            reqwest::Method::POST,
            "/__sandbox/clock/advance",
            Some(json!({"seconds": 90_000})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["now"].is_string());
    assert!(h.sandbox.clock().now() - before >= time::Duration::seconds(90_000));
    let answer = h.get(&format!("/v26.0/{WABA_ID}")).await;
    let error = assert_envelope(&answer, 401, 190, &SUBCODE_KEYS);
    assert_eq!(error["error_subcode"], 463);

    let (status, _) = h
        .control(
            reqwest::Method::POST,
            "/__sandbox/clock/advance",
            Some(json!({"seconds": -5})),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let h = start(Scenario::Healthy).await;
    let url = h.url("/__sandbox");
    assert!(h.http.get(&url).send().await.is_ok());
    let Harness { sandbox, http } = h;
    sandbox.shutdown().await;
    assert!(http.get(&url).send().await.is_err());
}
