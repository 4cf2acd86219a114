//! Fault injection through the in-process handle: latency, error envelopes, HTML 500s, resets.

use std::time::{Duration, Instant};

use waba_sim::{Scenario, PHONE_NUMBER_ID, SANDBOX_TOKEN};

use crate::{assert_envelope, start, SUBCODE_KEYS, WHATSAPP_KEYS};

fn status_path() -> String {
    format!("/v26.0/{PHONE_NUMBER_ID}?fields=status")
}

#[tokio::test]
async fn latency_delays_every_graph_call() {
    let h = start(Scenario::Healthy).await;
    h.sandbox.faults().set_latency(Duration::from_millis(150));
    for _ in 0..2 {
        let started = Instant::now();
        assert_eq!(h.get(&status_path()).await.status, 200);
        assert!(
            started.elapsed() >= Duration::from_millis(150),
            "{:?}",
            started.elapsed()
        );
    }
    h.sandbox.faults().clear();
    assert_eq!(h.get(&status_path()).await.status, 200);
}

#[tokio::test]
async fn fail_next_answers_envelopes_then_recovers() {
    let h = start(Scenario::Healthy).await;
    h.sandbox.faults().fail_next(2, 131056, None);
    for _ in 0..2 {
        let answer = h.get(&status_path()).await;
        let error = assert_envelope(&answer, 400, 131056, &WHATSAPP_KEYS);
        assert_eq!(
            error["message"],
            "(#131056) (Business Account, Consumer Account) pair rate limit hit"
        );
        assert_eq!(error["type"], "OAuthException");
        assert_eq!(error["error_data"]["messaging_product"], "whatsapp");
        assert!(error["error_data"]["details"]
            .as_str()
            .is_some_and(|d| !d.is_empty()));
    }
    assert_eq!(h.get(&status_path()).await.status, 200);

    // Status follows the code table; subcodes are passed through.
    h.sandbox.faults().fail_next(1, 132001, None);
    assert_envelope(&h.get(&status_path()).await, 404, 132001, &WHATSAPP_KEYS);
    h.sandbox.faults().fail_next(1, 131000, None);
    assert_envelope(&h.get(&status_path()).await, 500, 131000, &WHATSAPP_KEYS);
    h.sandbox.faults().fail_next(1, 130429, Some(2_494_055));
    let answer = h.get(&status_path()).await;
    let keys = [
        "code",
        "error_data",
        "error_subcode",
        "fbtrace_id",
        "message",
        "type",
    ];
    let error = assert_envelope(&answer, 400, 130429, &keys);
    assert_eq!(error["error_subcode"], 2_494_055);
    h.sandbox.faults().fail_next(1, 424_242, None);
    let error = assert_envelope(&h.get(&status_path()).await, 400, 424_242, &WHATSAPP_KEYS);
    assert_eq!(error["message"], "(#424242) Simulated error");

    // An injected 190/463 looks like a real expiry, header included.
    h.sandbox.faults().fail_next(1, 190, Some(463));
    let answer = h.get(&status_path()).await;
    let error = assert_envelope(&answer, 401, 190, &SUBCODE_KEYS);
    assert!(error["message"]
        .as_str()
        .is_some_and(|m| m.contains("Session has expired")));
    assert!(answer.headers["www-authenticate"]
        .to_str()
        .is_ok_and(|v| v.contains("\"invalid_token\"")));
    assert_eq!(h.get(&status_path()).await.status, 200);
}

#[tokio::test]
async fn html_500_looks_like_a_proxy_page() {
    let h = start(Scenario::Healthy).await;
    h.sandbox.faults().html_500_next(1);
    let response = h
        .http
        .get(h.url(&status_path()))
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .expect("request completes");
    assert_eq!(response.status(), 500);
    let content_type = response.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let body = response.text().await.expect("body");
    assert!(body.contains("<html"), "{body}");
    assert_eq!(h.get(&status_path()).await.status, 200);
}

#[tokio::test]
async fn reset_drops_the_connection_and_the_server_survives() {
    let h = start(Scenario::Healthy).await;
    // Warm a pooled keep-alive connection first, so the reset hits a reused one too.
    assert_eq!(h.get(&status_path()).await.status, 200);
    h.sandbox.faults().reset_next(2);
    for _ in 0..2 {
        let outcome = h
            .http
            .get(h.url(&status_path()))
            .bearer_auth(SANDBOX_TOKEN)
            .send()
            .await;
        let error = outcome.expect_err("connection is dropped");
        assert!(!error.is_status(), "{error}");
    }
    assert_eq!(h.get(&status_path()).await.status, 200);
}

#[tokio::test]
async fn faults_skip_the_control_api() {
    let h = start(Scenario::Healthy).await;
    h.sandbox.faults().fail_next(1, 2, None);
    h.sandbox.faults().reset_next(1);
    h.sandbox.faults().html_500_next(1);
    let control = h
        .http
        .get(h.url("/__sandbox"))
        .send()
        .await
        .expect("control answers");
    assert_eq!(control.status(), 200);
    let state: serde_json::Value = control.json().await.expect("json");
    assert_eq!(state["faults"]["resetNext"], 1);
    assert_eq!(state["faults"]["html500Next"], 1);
    assert_eq!(state["faults"]["failNext"]["count"], 1);
    h.sandbox.faults().clear();
    assert_eq!(h.get(&status_path()).await.status, 200);
}
