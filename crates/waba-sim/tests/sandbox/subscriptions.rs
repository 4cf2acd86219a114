//! Webhook subscriptions over HTTP: `POST`/`DELETE /{waba-id}/subscribed_apps` (the override
//! verified with Meta's GET challenge against a local callback server), and
//! `GET`/`POST /{app-id}/subscriptions` with the app access token.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::Query;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use waba_sim::{Scenario, APP_ID, SANDBOX_APP_SECRET, SANDBOX_TOKEN, WABA_ID};

use crate::{answer, assert_envelope, start, Answer, Harness, BASIC_KEYS, WHATSAPP_KEYS};

fn app_token() -> String {
    format!("{APP_ID}|{SANDBOX_APP_SECRET}")
}

fn apps_path() -> String {
    format!("/v26.0/{WABA_ID}/subscribed_apps")
}

fn app_path() -> String {
    format!("/v26.0/{APP_ID}/subscriptions")
}

impl Harness {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self.http.request(method, self.url(path)).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        answer(request.send().await.expect("request completes")).await
    }
}

/// How a local callback answers Meta's verification GET.
#[derive(Clone, Copy)]
enum Behaviour {
    /// 200 with the raw challenge, for the right verify token only (403 otherwise).
    Echo,
    /// 200 with the challenge wrapped in JSON.
    JsonChallenge,
    /// 403 whatever is sent.
    Forbidden,
}

/// A callback server on a free loopback port; returns its URL and the queries it received.
async fn callback(behaviour: Behaviour) -> (String, Arc<Mutex<Vec<HashMap<String, String>>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = Router::new().route(
        "/hook",
        get(move |Query(query): Query<HashMap<String, String>>| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(query.clone());
                let challenge = query.get("hub.challenge").cloned().unwrap_or_default();
                match behaviour {
                    Behaviour::Echo
                        if query.get("hub.verify_token").map(String::as_str) == Some("right") =>
                    {
                        (StatusCode::OK, challenge)
                    }
                    Behaviour::JsonChallenge => (
                        StatusCode::OK,
                        json!({ "hub.challenge": challenge }).to_string(),
                    ),
                    _ => (StatusCode::FORBIDDEN, String::new()),
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

#[tokio::test]
async fn subscribe_and_unsubscribe_the_calling_app() {
    let h = start(Scenario::Fresh).await;
    assert_eq!(h.get(&apps_path()).await.body, json!({"data": []}));
    let post = h
        .send(reqwest::Method::POST, &apps_path(), SANDBOX_TOKEN, None)
        .await;
    assert_eq!(post.status, 200);
    assert_eq!(post.body, json!({"success": true}));
    let listed = h.get(&apps_path()).await.body;
    assert_eq!(
        listed["data"][0]["whatsapp_business_api_data"]["id"],
        APP_ID
    );
    assert!(listed["data"][0].get("override_callback_uri").is_none());

    let delete = h
        .send(reqwest::Method::DELETE, &apps_path(), SANDBOX_TOKEN, None)
        .await;
    assert_eq!(delete.body, json!({"success": true}));
    assert_eq!(h.get(&apps_path()).await.body, json!({"data": []}));
}

#[tokio::test]
async fn an_override_is_verified_with_a_get_challenge_first() {
    let h = start(Scenario::Healthy).await;
    let (url, seen) = callback(Behaviour::Echo).await;
    let post = h
        .send(
            reqwest::Method::POST,
            &apps_path(),
            SANDBOX_TOKEN,
            Some(json!({"override_callback_uri": url, "verify_token": "right"})),
        )
        .await;
    assert_eq!(post.body, json!({"success": true}));
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0]["hub.mode"], "subscribe");
        assert_eq!(seen[0]["hub.verify_token"], "right");
        assert!(seen[0]["hub.challenge"].parse::<u64>().is_ok());
    }
    let listed = h.get(&apps_path()).await.body;
    assert_eq!(listed["data"][0]["override_callback_uri"], url.as_str());

    // Subscribing again without an override returns the WABA to the app's callback.
    h.send(reqwest::Method::POST, &apps_path(), SANDBOX_TOKEN, None)
        .await;
    let listed = h.get(&apps_path()).await.body;
    assert!(listed["data"][0].get("override_callback_uri").is_none());
}

#[tokio::test]
async fn a_failed_verification_answers_2200_or_2201_and_changes_nothing() {
    let h = start(Scenario::Fresh).await;
    let (echo, _) = callback(Behaviour::Echo).await;
    let (json_challenge, _) = callback(Behaviour::JsonChallenge).await;
    let (forbidden, _) = callback(Behaviour::Forbidden).await;
    // Meta takes an override only once the app is subscribed: 100, and nothing is verified.
    let early = h
        .send(
            reqwest::Method::POST,
            &apps_path(),
            SANDBOX_TOKEN,
            Some(json!({"override_callback_uri": echo, "verify_token": "right"})),
        )
        .await;
    let error = assert_envelope(&early, 400, 100, &BASIC_KEYS);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("your app must be subscribed"),
        "{error}"
    );
    assert_eq!(h.get(&apps_path()).await.body, json!({"data": []}));
    let plain = h
        .send(reqwest::Method::POST, &apps_path(), SANDBOX_TOKEN, None)
        .await;
    assert_eq!(plain.status, 200, "{}", plain.body);
    let subscribed = h.get(&apps_path()).await.body;

    let cases = [
        (echo.clone(), "wrong", 2200),
        (forbidden, "right", 2200),
        (json_challenge, "right", 2201),
        // Nothing listens there.
        ("http://127.0.0.1:9/hook".to_owned(), "right", 2200),
    ];
    for (url, token, code) in cases {
        let post = h
            .send(
                reqwest::Method::POST,
                &apps_path(),
                SANDBOX_TOKEN,
                Some(json!({"override_callback_uri": url, "verify_token": token})),
            )
            .await;
        let error = assert_envelope(&post, 400, code, &WHATSAPP_KEYS);
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .starts_with(&format!("(#{code}) ")),
            "{error}"
        );
    }
    assert_eq!(
        h.get(&apps_path()).await.body,
        subscribed,
        "no override was set"
    );

    // Both parameters or neither.
    let half = h
        .send(
            reqwest::Method::POST,
            &apps_path(),
            SANDBOX_TOKEN,
            Some(json!({ "override_callback_uri": echo })),
        )
        .await;
    assert_envelope(&half, 400, 100, &BASIC_KEYS);
}

#[tokio::test]
async fn app_subscriptions_need_the_app_access_token() {
    let h = start(Scenario::Healthy).await;
    let read = h
        .send(reqwest::Method::GET, &app_path(), &app_token(), None)
        .await;
    assert_eq!(read.status, 200);
    let entry = &read.body["data"][0];
    assert_eq!(entry["object"], "whatsapp_business_account");
    assert_eq!(
        entry["callback_url"],
        "https://hooks.sandbox.example/whatsapp"
    );
    assert_eq!(entry["active"], true);
    assert_eq!(
        entry["fields"][0],
        json!({"name": "messages", "version": "v26.0"})
    );

    // A system-user token is the wrong type of token here.
    let refused = h
        .send(reqwest::Method::GET, &app_path(), SANDBOX_TOKEN, None)
        .await;
    let error = assert_envelope(&refused, 400, 15, &BASIC_KEYS);
    assert_eq!(
        error["message"],
        "(#15) This method must be called with an app access_token."
    );
    let wrong_secret = h
        .send(
            reqwest::Method::GET,
            &app_path(),
            &format!("{APP_ID}|nope"),
            None,
        )
        .await;
    assert_envelope(&wrong_secret, 401, 190, &BASIC_KEYS);

    let fresh = start(Scenario::Fresh).await;
    let none = fresh
        .send(reqwest::Method::GET, &app_path(), &app_token(), None)
        .await;
    assert_eq!(none.body, json!({"data": []}));
}

#[tokio::test]
async fn setting_the_app_subscription_verifies_the_callback_and_adds_fields() {
    let h = start(Scenario::Fresh).await;
    let (url, seen) = callback(Behaviour::Echo).await;
    let wrong = h
        .send(
            reqwest::Method::POST,
            &app_path(),
            &app_token(),
            Some(
                json!({"object": "whatsapp_business_account", "callback_url": url,
                        "verify_token": "wrong", "fields": "messages"}),
            ),
        )
        .await;
    assert_envelope(&wrong, 400, 2200, &WHATSAPP_KEYS);
    let unknown_field = h
        .send(
            reqwest::Method::POST,
            &app_path(),
            &app_token(),
            Some(
                json!({"object": "whatsapp_business_account", "callback_url": url,
                        "verify_token": "right", "fields": "messages,nonsense"}),
            ),
        )
        .await;
    assert_envelope(&unknown_field, 400, 100, &BASIC_KEYS);
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "no GET for invalid parameters"
    );

    let set = h
        .send(
            reqwest::Method::POST,
            &app_path(),
            &app_token(),
            Some(
                json!({"object": "whatsapp_business_account", "callback_url": url,
                        "verify_token": "right", "fields": "account_update"}),
            ),
        )
        .await;
    assert_eq!(set.body, json!({"success": true}));
    let again = h
        .send(
            reqwest::Method::POST,
            &app_path(),
            &app_token(),
            Some(
                json!({"object": "whatsapp_business_account", "callback_url": url,
                        "verify_token": "right", "fields": ["messages"]}),
            ),
        )
        .await;
    assert_eq!(again.body, json!({"success": true}));
    let read = h
        .send(reqwest::Method::GET, &app_path(), &app_token(), None)
        .await;
    assert_eq!(
        read.body,
        json!({"data": [{"object": "whatsapp_business_account", "callback_url": url, "active": true,
            "fields": [{"name": "account_update", "version": "v26.0"},
                       {"name": "messages", "version": "v26.0"}]}]})
    );
}
