//! Fault injection through the in-process handle and the control API: latency, error envelopes,
//! HTML 500s, resets, answers cut short and calls never answered.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};
use waba_sim::{Scenario, PHONE_NUMBER_ID, SANDBOX_TOKEN};

use crate::{assert_envelope, start, Harness, SUBCODE_KEYS, WHATSAPP_KEYS};

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

#[tokio::test]
async fn malformed_json_is_a_200_carrying_half_of_the_real_answer() {
    let h = start(Scenario::Healthy).await;
    let (status, faults) = h
        .control(
            Method::POST,
            "/__sandbox/faults",
            Some(json!({"malformedJsonNext": 1})),
        )
        .await;
    assert_eq!(status, 200, "{faults}");
    assert_eq!(faults["malformedJsonNext"], 1, "{faults}");
    let read = || {
        h.http
            .get(h.url(&status_path()))
            .bearer_auth(SANDBOX_TOKEN)
            .send()
    };
    let response = read().await.expect("answered");
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let cut = response.bytes().await.expect("body");
    assert!(serde_json::from_slice::<Value>(&cut).is_err(), "{cut:?}");
    // The call ran: its answer is the first half of the real one (the fault is used up).
    let real = read().await.expect("answered").bytes().await.expect("body");
    assert!(serde_json::from_slice::<Value>(&real).is_ok(), "{real:?}");
    assert!(
        real.starts_with(&cut) && cut.len() == real.len() / 2,
        "{cut:?} of {real:?}"
    );
}

#[tokio::test]
async fn a_call_never_answered_holds_only_itself_until_the_client_or_the_sandbox_gives_up() {
    let h = start(Scenario::Healthy).await;
    let (status, faults) = h
        .control(
            Method::POST,
            "/__sandbox/faults",
            Some(json!({"neverAnswerNext": 2})),
        )
        .await;
    assert_eq!(status, 200, "{faults}");
    assert_eq!(faults["neverAnswerNext"], 2, "{faults}");
    let requests = h.sandbox.requests().clone();
    let counted = |what: &'static str, condition: fn(&waba_sim::RequestStats) -> bool| {
        let requests = requests.clone();
        async move {
            requests
                .wait_for(condition, Duration::from_secs(10))
                .await
                .unwrap_or_else(|last| panic!("{what}: {last:?}"))
        }
    };

    // A client that gives up: its call times out, and the sandbox counts it out.
    let gave_up = h
        .http
        .get(h.url(&status_path()))
        .bearer_auth(SANDBOX_TOKEN)
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .expect_err("never answered");
    assert!(gave_up.is_timeout(), "{gave_up}");
    counted("the abandoned call is counted out", |s| {
        s.total == 1 && s.in_flight == 0
    })
    .await;

    // A client that waits is held while other calls, Graph and control, are answered.
    let (http, url) = (h.http.clone(), h.url(&status_path()));
    let waiting =
        tokio::spawn(async move { http.get(url).bearer_auth(SANDBOX_TOKEN).send().await });
    counted("the second call is held", |s| {
        s.total == 2 && s.in_flight == 1
    })
    .await;
    assert_eq!(h.get(&status_path()).await.status, 200);
    let (status, state) = h.control(Method::GET, "/__sandbox", None).await;
    assert_eq!(status, 200);
    assert_eq!(state["requests"]["inFlight"], 1, "{state}");
    assert!(!waiting.is_finished(), "answered");

    // Stopping the sandbox closes the held connection: shutdown is not held up, and the waiting
    // client gets an error instead of waiting for ever.
    let Harness { sandbox, http: _ } = h;
    tokio::time::timeout(Duration::from_secs(10), sandbox.shutdown())
        .await
        .expect("the held call does not hold up shutdown");
    let ended = tokio::time::timeout(Duration::from_secs(10), waiting)
        .await
        .expect("the held call ends with the sandbox")
        .expect("the task ran");
    let error = ended.expect_err("never answered");
    assert!(!error.is_timeout(), "{error}");
}
