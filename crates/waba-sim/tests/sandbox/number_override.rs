//! A number's own webhook callback over HTTP (facts §4.3): `POST /{phone-number-id}` with
//! `webhook_configuration`, verified with Meta's GET challenge first (2200/2201), refused while
//! the app is not subscribed to the WABA, deleted by an empty `override_callback_uri`, read back
//! in the number's `webhook_configuration`, and winning over the WABA's override when the
//! emitter delivers that number's messages. Waits are on channels with a deadline, never sleeps.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use reqwest::Method;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use waba_sim::{Scenario, PHONE_NUMBER_ID, PHONE_NUMBER_IDS, SANDBOX_TOKEN, WABA_ID};

use crate::{answer, assert_envelope, start, Answer, Harness, BASIC_KEYS, WHATSAPP_KEYS};

const VERIFY_TOKEN: &str = "number-override-token";
const DEADLINE: Duration = Duration::from_secs(10);

/// How a test callback answers Meta's verification GET.
#[derive(Clone, Copy)]
enum Answers {
    /// The raw challenge for [`VERIFY_TOKEN`], 403 for any other token.
    Challenge,
    /// 200 with a body that is not the challenge.
    WrongBody,
}

/// A test callback: its URL, the verification GETs it got, and the POST bodies it accepted.
struct Callback {
    url: String,
    gets: Arc<Mutex<Vec<HashMap<String, String>>>>,
    posts: mpsc::UnboundedReceiver<Value>,
}

#[derive(Clone)]
struct Seen {
    answers: Answers,
    gets: Arc<Mutex<Vec<HashMap<String, String>>>>,
    posts: mpsc::UnboundedSender<Value>,
}

async fn callback(answers: Answers) -> Callback {
    let (posts, received) = mpsc::unbounded_channel();
    let seen = Seen {
        answers,
        gets: Arc::default(),
        posts,
    };
    let gets = seen.gets.clone();
    let app = Router::new()
        .route(
            "/hook",
            get(
                |State(seen): State<Seen>, Query(query): Query<HashMap<String, String>>| async move {
                    seen.gets.lock().unwrap().push(query.clone());
                    let challenge = query.get("hub.challenge").cloned().unwrap_or_default();
                    match seen.answers {
                        Answers::Challenge
                            if query.get("hub.verify_token").map(String::as_str)
                                == Some(VERIFY_TOKEN) =>
                        {
                            (StatusCode::OK, challenge)
                        }
                        Answers::Challenge => (StatusCode::FORBIDDEN, String::new()),
                        Answers::WrongBody => (StatusCode::OK, format!("{challenge}-not-it")),
                    }
                },
            )
            .post(|State(seen): State<Seen>, body: Bytes| async move {
                let _ = seen.posts.send(serde_json::from_slice(&body).unwrap());
                StatusCode::OK
            }),
        )
        .with_state(seen);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    Callback {
        url,
        gets,
        posts: received,
    }
}

impl Callback {
    /// The next POST body, failing after [`DEADLINE`].
    async fn next_post(&mut self) -> Value {
        tokio::time::timeout(DEADLINE, self.posts.recv())
            .await
            .expect("a POST within the deadline")
            .expect("the callback is still running")
    }
}

async fn post(h: &Harness, path: &str, body: Value) -> Answer {
    let request = h
        .http
        .request(Method::POST, h.url(path))
        .bearer_auth(SANDBOX_TOKEN)
        .json(&body);
    answer(request.send().await.unwrap()).await
}

/// `POST /{number}` with `webhook_configuration` (an empty URL clears it).
async fn set_override(h: &Harness, number: &str, url: &str, token: &str) -> Answer {
    let configuration = if url.is_empty() {
        json!({ "override_callback_uri": "" })
    } else {
        json!({ "override_callback_uri": url, "verify_token": token })
    };
    post(
        h,
        &format!("/v26.0/{number}"),
        json!({ "webhook_configuration": configuration }),
    )
    .await
}

async fn webhook_configuration(h: &Harness, number: &str) -> Value {
    let read = h
        .get(&format!("/v26.0/{number}?fields=webhook_configuration"))
        .await;
    assert_eq!(read.status, 200, "{}", read.body);
    read.body["webhook_configuration"].clone()
}

#[tokio::test]
async fn a_number_override_is_verified_first_read_back_and_deleted_by_an_empty_string() {
    let h = start(Scenario::Healthy).await;
    let hook = callback(Answers::Challenge).await;
    let set = set_override(&h, PHONE_NUMBER_ID, &hook.url, VERIFY_TOKEN).await;
    assert_eq!(set.body, json!({"success": true}));
    {
        let gets = hook.gets.lock().unwrap();
        assert_eq!(gets.len(), 1, "one verification GET");
        assert_eq!(gets[0]["hub.mode"], "subscribe");
        assert_eq!(gets[0]["hub.verify_token"], VERIFY_TOKEN);
        assert!(gets[0]["hub.challenge"].parse::<u64>().is_ok());
    }
    let config = webhook_configuration(&h, PHONE_NUMBER_ID).await;
    assert_eq!(config["phone_number"], hook.url.as_str(), "{config}");
    assert_eq!(
        config["application"],
        "https://hooks.sandbox.example/whatsapp"
    );
    // Another number of the WABA keeps its own configuration.
    let other = webhook_configuration(&h, PHONE_NUMBER_IDS[1]).await;
    assert!(other.get("phone_number").is_none(), "{other}");

    let cleared = set_override(&h, PHONE_NUMBER_ID, "", "").await;
    assert_eq!(cleared.body, json!({"success": true}));
    let config = webhook_configuration(&h, PHONE_NUMBER_ID).await;
    assert!(config.get("phone_number").is_none(), "{config}");
    assert_eq!(hook.gets.lock().unwrap().len(), 1, "deleting sends no GET");
}

#[tokio::test]
async fn a_failed_verification_answers_2200_or_2201_and_keeps_the_previous_override() {
    let h = start(Scenario::Healthy).await;
    let good = callback(Answers::Challenge).await;
    let wrong_body = callback(Answers::WrongBody).await;
    assert_eq!(
        set_override(&h, PHONE_NUMBER_ID, &good.url, VERIFY_TOKEN)
            .await
            .body,
        json!({"success": true})
    );
    let cases = [
        (good.url.clone(), "not-the-token", 2200),
        // Nothing listens there: the callback does not answer.
        ("http://127.0.0.1:9/hook".to_owned(), VERIFY_TOKEN, 2200),
        (wrong_body.url.clone(), VERIFY_TOKEN, 2201),
    ];
    for (url, token, code) in cases {
        let refused = set_override(&h, PHONE_NUMBER_ID, &url, token).await;
        let error = assert_envelope(&refused, 400, code, &WHATSAPP_KEYS);
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .starts_with(&format!("(#{code}) ")),
            "{error}"
        );
    }
    assert_eq!(wrong_body.gets.lock().unwrap().len(), 1);
    let config = webhook_configuration(&h, PHONE_NUMBER_ID).await;
    assert_eq!(config["phone_number"], good.url.as_str(), "{config}");

    // A URL without its verify token is a parameter error, checked before any GET.
    let half = post(
        &h,
        &format!("/v26.0/{PHONE_NUMBER_ID}"),
        json!({"webhook_configuration": {"override_callback_uri": good.url}}),
    )
    .await;
    assert_envelope(&half, 400, 100, &BASIC_KEYS);
    assert_eq!(
        good.gets.lock().unwrap().len(),
        2,
        "no GET for the half request"
    );
}

#[tokio::test]
async fn a_number_override_is_refused_until_the_app_is_subscribed() {
    let h = start(Scenario::Fresh).await;
    let hook = callback(Answers::Challenge).await;
    let refused = set_override(&h, PHONE_NUMBER_ID, &hook.url, VERIFY_TOKEN).await;
    let error = assert_envelope(&refused, 400, 100, &BASIC_KEYS);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("your app must be subscribed"),
        "{error}"
    );
    assert!(
        hook.gets.lock().unwrap().is_empty(),
        "refused before the GET"
    );
    // Deleting is accepted either way.
    assert_eq!(
        set_override(&h, PHONE_NUMBER_ID, "", "").await.body,
        json!({"success": true})
    );

    let subscribed = post(&h, &format!("/v26.0/{WABA_ID}/subscribed_apps"), json!({})).await;
    assert_eq!(subscribed.body, json!({"success": true}));
    let set = set_override(&h, PHONE_NUMBER_ID, &hook.url, VERIFY_TOKEN).await;
    assert_eq!(set.body, json!({"success": true}));
}

#[tokio::test]
async fn the_emitter_sends_a_numbers_messages_to_its_override_over_the_wabas() {
    let h = start(Scenario::Healthy).await;
    let mut waba_hook = callback(Answers::Challenge).await;
    let mut number_hook = callback(Answers::Challenge).await;
    let waba = post(
        &h,
        &format!("/v26.0/{WABA_ID}/subscribed_apps"),
        json!({"override_callback_uri": waba_hook.url, "verify_token": VERIFY_TOKEN}),
    )
    .await;
    assert_eq!(waba.body, json!({"success": true}));
    let number = set_override(&h, PHONE_NUMBER_ID, &number_hook.url, VERIFY_TOKEN).await;
    assert_eq!(number.body, json!({"success": true}));
    let config = webhook_configuration(&h, PHONE_NUMBER_ID).await;
    assert_eq!(config["whatsapp_business_account"], waba_hook.url.as_str());
    assert_eq!(config["phone_number"], number_hook.url.as_str());

    let inbound = |number: &str| json!({"from": "16505551234", "text": format!("to {number}"), "phoneNumberId": number});
    let (status, to_number) = h
        .control(
            Method::POST,
            "/__sandbox/webhooks/inbound",
            Some(inbound(PHONE_NUMBER_ID)),
        )
        .await;
    assert_eq!(
        (status, &to_number["callback"]),
        (200, &json!(number_hook.url))
    );
    let (_, to_other) = h
        .control(
            Method::POST,
            "/__sandbox/webhooks/inbound",
            Some(inbound(PHONE_NUMBER_IDS[1])),
        )
        .await;
    assert_eq!(to_other["callback"], json!(waba_hook.url));

    let metadata = |body: &Value| body["entry"][0]["changes"][0]["value"]["metadata"].clone();
    let got = number_hook.next_post().await;
    assert_eq!(metadata(&got)["phone_number_id"], PHONE_NUMBER_ID);
    let got = waba_hook.next_post().await;
    assert_eq!(metadata(&got)["phone_number_id"], PHONE_NUMBER_IDS[1]);
    // Each event went to one callback only.
    assert!(number_hook.posts.try_recv().is_err());
    assert!(waba_hook.posts.try_recv().is_err());

    // Cleared, the number's messages go to the WABA's override again.
    set_override(&h, PHONE_NUMBER_ID, "", "").await;
    let (_, again) = h
        .control(
            Method::POST,
            "/__sandbox/webhooks/inbound",
            Some(inbound(PHONE_NUMBER_ID)),
        )
        .await;
    assert_eq!(again["callback"], json!(waba_hook.url));
    let got = waba_hook.next_post().await;
    assert_eq!(metadata(&got)["phone_number_id"], PHONE_NUMBER_ID);
}
