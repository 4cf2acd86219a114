//! The `/__sandbox` control API, as the standalone binary and benchmarks drive it: open reads,
//! and writes that need `Content-Type: application/json` and the per-run secret.

use std::time::{Duration, Instant};

use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use serde_json::{json, Value};
use waba_sim::{
    ExposeSecret, Sandbox, SandboxConfig, Scenario, APP_ID, CONTROL_SECRET_HEADER, PHONE_NUMBER_ID,
    PHONE_NUMBER_IDS, SANDBOX_TOKEN, WABA_ID,
};

use crate::{assert_envelope, start, Harness, SUBCODE_KEYS, WHATSAPP_KEYS};

impl Harness {
    /// A control call as a legitimate driver sends it: JSON content type and the secret.
    pub(crate) async fn control(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, self.url(path))
            .header(CONTENT_TYPE, "application/json")
            .header(
                CONTROL_SECRET_HEADER,
                self.sandbox.control_secret().expose_secret(),
            );
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        reply(request).await
    }
}

async fn reply(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.expect("control answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("control JSON"))
}

#[tokio::test]
async fn describe_reports_identity_and_state() {
    let h = start(Scenario::Fresh).await;
    let (status, body) = h.control(Method::GET, "/__sandbox", None).await;
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
        json!({"latencyMs": 0, "failNext": null, "html500Next": 0, "resetNext": 0,
               "holdUntilInFlight": null, "holdTimeoutMs": null})
    );
    assert_eq!(
        body["requests"],
        json!({"total": 0, "inFlight": 0, "maxInFlight": 0, "waiting": 0, "byRoute": {}})
    );
    assert_eq!(body["provisioningDelaySeconds"], 3);
    assert_eq!(body["control"]["secretHeader"], CONTROL_SECRET_HEADER);
    assert!(body["now"].as_str().is_some_and(|t| t.ends_with('Z')));
    let secret = h.sandbox.control_secret().expose_secret();
    assert_eq!(secret.len(), 64);
    assert!(!body.to_string().contains(secret), "{body}");
}

#[tokio::test]
async fn faults_are_set_and_cleared_over_http() {
    let h = start(Scenario::Healthy).await;
    let path = format!("/v26.0/{PHONE_NUMBER_ID}?fields=status");
    let (status, state) = h
        .control(
            Method::POST,
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

    let (status, state) = h.control(Method::DELETE, "/__sandbox/faults", None).await;
    assert_eq!(status, 200);
    assert_eq!(state["latencyMs"], 0);
    assert_eq!(h.get(&path).await.status, 200);

    let (status, error) = h
        .control(
            Method::POST,
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
            Method::POST,
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
            Method::POST,
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

#[tokio::test]
async fn writes_need_json_and_the_secret_and_reads_stay_open() {
    let h = start(Scenario::Healthy).await;
    let faults = h.url("/__sandbox/faults");
    let patch = json!({"latencyMs": 500}).to_string();
    // What a web page can send without a preflight: a form or plain text, no custom header.
    for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
        let (status, body) = reply(
            h.http
                .post(&faults)
                .header(CONTENT_TYPE, content_type)
                .header(
                    CONTROL_SECRET_HEADER,
                    h.sandbox.control_secret().expose_secret(),
                )
                .body(patch.clone()),
        )
        .await;
        assert_eq!(status, 415, "{body}");
        assert_eq!(body["expected"], "application/json");
    }
    let (status, body) = reply(
        h.http
            .post(&faults)
            .header(CONTENT_TYPE, "application/json")
            .body(patch.clone()),
    )
    .await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["missing"], CONTROL_SECRET_HEADER);
    let (status, body) = reply(
        h.http
            .post(&faults)
            .header(CONTENT_TYPE, "application/json")
            .header(CONTROL_SECRET_HEADER, "not-the-secret")
            .body(patch.clone()),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["invalid"], CONTROL_SECRET_HEADER);
    for path in ["/__sandbox/faults", "/__sandbox/requests"] {
        let (status, _) = reply(h.http.delete(h.url(path))).await;
        assert_eq!(status, 415, "DELETE {path} without a content type");
        let (status, _) = reply(
            h.http
                .delete(h.url(path))
                .header(CONTENT_TYPE, "application/json"),
        )
        .await;
        assert_eq!(status, 401, "DELETE {path} without the secret");
    }
    let (status, _) = reply(
        h.http
            .post(h.url("/__sandbox/clock/advance"))
            .header(CONTENT_TYPE, "application/json")
            .body(json!({"seconds": 60}).to_string()),
    )
    .await;
    assert_eq!(status, 401);

    // Nothing above changed the sandbox, and reads need no secret.
    let (status, state) = reply(h.http.get(h.url("/__sandbox"))).await;
    assert_eq!(status, 200);
    assert_eq!(state["faults"]["latencyMs"], 0);
    let (status, _) = reply(
        h.http
            .get(h.url(&format!("/__sandbox/numbers/{PHONE_NUMBER_ID}"))),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = h
        .control(
            Method::POST,
            "/__sandbox/faults",
            Some(json!({"latencyMs": 5})),
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_secret_can_be_given_in_the_config() {
    let sandbox = Sandbox::start(
        SandboxConfig {
            control_secret: "a-fixed-secret-for-this-run".to_owned().into(),
            ..SandboxConfig::default()
        },
        0,
    )
    .await
    .expect("sandbox starts");
    assert!(!format!("{sandbox:?}").contains("a-fixed-secret-for-this-run"));
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let (status, body) = reply(
        http.post(format!("{}/__sandbox/clock/advance", sandbox.base_url()))
            .header(CONTENT_TYPE, "application/json")
            .header(CONTROL_SECRET_HEADER, "a-fixed-secret-for-this-run")
            .body(json!({"seconds": 1}).to_string()),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn graph_requests_are_counted_per_route_and_reset_and_control_calls_are_not() {
    let h = start(Scenario::Healthy).await;
    for path in [
        format!("/v26.0/{WABA_ID}"),
        format!("/v26.0/{PHONE_NUMBER_ID}?fields=status"),
        format!("/v21.0/{WABA_ID}/phone_numbers"),
        "/v26.0/debug_token?input_token=x".to_owned(),
    ] {
        h.get(&path).await;
    }
    h.control(Method::GET, "/__sandbox", None).await;
    let (_, state) = h.control(Method::GET, "/__sandbox", None).await;
    assert_eq!(
        state["requests"],
        json!({
            "total": 4, "inFlight": 0, "maxInFlight": 1, "waiting": 0,
            "byRoute": {
                "GET /{version}/{id}": 2,
                "GET /{version}/{id}/phone_numbers": 1,
                "GET /{version}/debug_token": 1,
            },
        })
    );
    assert_eq!(h.sandbox.requests().snapshot().total, 4);
    let (status, reset) = h.control(Method::DELETE, "/__sandbox/requests", None).await;
    assert_eq!(status, 200);
    assert_eq!(reset["total"], 0);
    assert_eq!(reset["maxInFlight"], 0);
    assert_eq!(reset["byRoute"], json!({}));
    // A request dropped by a reset fault is still counted.
    h.sandbox.faults().reset_next(1);
    assert!(h
        .http
        .get(h.url(&format!("/v26.0/{WABA_ID}")))
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .is_err());
    let counts = h
        .sandbox
        .requests()
        .wait_for(|s| s.in_flight == 0, Duration::from_secs(10))
        .await
        .expect("the dropped request is counted out");
    assert_eq!(counts.total, 1);
}

#[tokio::test]
async fn a_hold_has_concurrent_requests_in_flight_together_and_is_one_shot() {
    let h = start(Scenario::Healthy).await;
    let (status, faults) = h
        .control(
            Method::POST,
            "/__sandbox/faults",
            Some(json!({"holdUntilInFlight": 3, "holdTimeoutMs": 30_000})),
        )
        .await;
    assert_eq!(status, 200, "{faults}");
    assert_eq!(faults["holdUntilInFlight"], 3);
    assert_eq!(faults["holdTimeoutMs"], 30_000);
    let path = format!("/v26.0/{WABA_ID}");
    let (a, b, c) = tokio::join!(h.get(&path), h.get(&path), h.get(&path));
    assert_eq!([a.status, b.status, c.status].map(|s| s.as_u16()), [200; 3]);
    let (_, state) = h.control(Method::GET, "/__sandbox", None).await;
    assert_eq!(state["requests"]["maxInFlight"], 3);
    assert_eq!(state["faults"]["holdUntilInFlight"], Value::Null);

    // Released: calls one after another go straight through, one in flight at a time.
    h.control(Method::DELETE, "/__sandbox/requests", None).await;
    let started = Instant::now();
    for _ in 0..3 {
        assert_eq!(h.get(&path).await.status, 200);
    }
    assert!(started.elapsed() < Duration::from_secs(30));
    let counts = h.sandbox.requests().snapshot();
    assert_eq!((counts.total, counts.max_in_flight), (3, 1));

    // Two held requests wait; releasing the hold over HTTP lets them go.
    h.control(
        Method::POST,
        "/__sandbox/faults",
        Some(json!({"holdUntilInFlight": 5})),
    )
    .await;
    let pending = tokio::spawn({
        let (http, url) = (h.http.clone(), h.url(&path));
        async move {
            let send = || http.get(&url).bearer_auth(SANDBOX_TOKEN).send();
            let (x, y) = tokio::join!(send(), send());
            [x.unwrap().status().as_u16(), y.unwrap().status().as_u16()]
        }
    });
    h.sandbox
        .requests()
        .wait_for(|s| s.waiting == 2, Duration::from_secs(10))
        .await
        .expect("two requests wait at the hold");
    let (status, _) = h.control(Method::DELETE, "/__sandbox/faults", None).await;
    assert_eq!(status, 200);
    assert_eq!(pending.await.unwrap(), [200, 200]);

    let (status, error) = h
        .control(
            Method::POST,
            "/__sandbox/faults",
            Some(json!({"holdTimeoutMs": 5})),
        )
        .await;
    assert_eq!(status, 400, "{error}");
}
