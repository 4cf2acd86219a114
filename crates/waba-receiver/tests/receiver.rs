//! The receiver over real loopback HTTP: Meta's verification, signatures over the raw bytes,
//! bad input refused with the right status and nothing stored, duplicates and out-of-order
//! statuses, and every 200 given only after its events are committed (checked through a second
//! connection pool on the same file).

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::Connection;
use waba_core::secret::secret;
use waba_core::webhook::{sign, SIGNATURE_HEADER};
use waba_receiver::{Receiver, ReceiverConfig, ReceiverError, ReceiverHandle};
use waba_store::Store;

const APP_SECRET: &str = "test-app-secret-1234";
const VERIFY_TOKEN: &str = "my-verify-token";

struct Running {
    dir: tempfile::TempDir,
    handle: ReceiverHandle,
    /// A second pool on the same database file: what another process would see.
    other: SqlitePool,
    http: reqwest::Client,
}

fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

async fn start_with(adjust: impl FnOnce(&mut ReceiverConfig)) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.db");
    let store = Store::open(&path).await.unwrap();
    let mut config = ReceiverConfig::new(secret(APP_SECRET.into()));
    config.verify_token = Some(secret(VERIFY_TOKEN.into()));
    adjust(&mut config);
    let handle = Receiver::bind(loopback(), config, store).await.unwrap();
    let other = SqlitePoolOptions::new()
        .connect_with(
            SqliteConnectOptions::from_str("sqlite://")
                .unwrap()
                .filename(&path)
                .read_only(true),
        )
        .await
        .unwrap();
    Running {
        dir,
        handle,
        other,
        http: reqwest::Client::new(),
    }
}

async fn start() -> Running {
    start_with(|_| {}).await
}

impl Running {
    async fn get(&self, query: &str) -> (u16, String, Option<String>) {
        let r = self
            .http
            .get(format!("{}?{query}", self.handle.url()))
            .send()
            .await
            .unwrap();
        let ct = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned());
        (r.status().as_u16(), r.text().await.unwrap(), ct)
    }

    async fn post_raw(&self, body: Vec<u8>, content_type: &str, signature: Option<String>) -> u16 {
        let mut req = self
            .http
            .post(self.handle.url())
            .header("content-type", content_type)
            .body(body);
        if let Some(s) = signature {
            req = req.header(SIGNATURE_HEADER, s);
        }
        req.send().await.unwrap().status().as_u16()
    }

    async fn post_signed(&self, body: &str) -> u16 {
        let sig = sign(&secret(APP_SECRET.into()), body.as_bytes());
        self.post_raw(body.as_bytes().to_vec(), "application/json", Some(sig))
            .await
    }

    async fn stored(&self) -> (i64, i64) {
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM webhook_events), (SELECT COUNT(*) FROM webhook_bodies)",
        )
        .fetch_one(&self.other)
        .await
        .unwrap()
    }

    async fn status_of(&self, message_id: &str) -> Option<String> {
        sqlx::query_scalar("SELECT status FROM message_statuses WHERE message_id = ?")
            .bind(message_id)
            .fetch_optional(&self.other)
            .await
            .unwrap()
    }
}

fn status_body(id: &str, status: &str, ts: u64) -> String {
    format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"102290129340398","changes":[{{"field":"messages","value":{{"messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550783881","phone_number_id":"106540352242922"}},"statuses":[{{"id":"{id}","status":"{status}","timestamp":"{ts}","recipient_id":"16505551234"}}]}}}}]}}]}}"#
    )
}

/// Meta's escaping: `\/` and `\u00e9`, which re-serialised JSON would write differently.
const TEXT_BODY: &str = r#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Ren\u00e9e"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.TEXT1","timestamp":"1739321024","type":"text","text":{"body":"see https:\/\/example.com caf\u00e9"}}]}}]}]}"#;

#[tokio::test]
async fn verification_answers_the_raw_challenge_only_for_the_right_token() {
    let r = start().await;
    let (status, body, ct) = r
        .get(&format!(
            "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={VERIFY_TOKEN}"
        ))
        .await;
    assert_eq!((status, body.as_str()), (200, "1158201444"));
    assert!(ct.unwrap().starts_with("text/plain"));
    let (status, ..) = r
        .get("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong")
        .await;
    assert_eq!(status, 403);
    let (status, ..) = r.get("hub.mode=subscribe&hub.challenge=1").await;
    assert_eq!(status, 400, "no verify token");
    let (status, ..) = r
        .get(&format!(
            "hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}"
        ))
        .await;
    assert_eq!(status, 400, "no challenge");
    let (status, ..) = r.get("").await;
    assert_eq!(status, 400);

    // Without a configured verify token, no GET is ever verified.
    let r = start_with(|c| c.verify_token = None).await;
    let (status, ..) = r
        .get("hub.mode=subscribe&hub.challenge=1&hub.verify_token=")
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn missing_or_bad_signatures_are_refused_and_nothing_is_stored() {
    let r = start().await;
    let body = TEXT_BODY.as_bytes().to_vec();
    assert_eq!(
        r.post_raw(body.clone(), "application/json", None).await,
        401
    );
    assert_eq!(
        r.post_raw(body.clone(), "application/json", Some(String::new()))
            .await,
        401
    );
    assert_eq!(
        r.post_raw(
            body.clone(),
            "application/json",
            Some(format!("sha256={}", "0".repeat(64)))
        )
        .await,
        401
    );
    let other_secret = sign(&secret("another-app".into()), &body);
    assert_eq!(
        r.post_raw(body.clone(), "application/json", Some(other_secret))
            .await,
        401
    );
    // Signed over the JSON re-serialised (escapes gone): not the bytes sent.
    let reserialised =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&body).unwrap()).unwrap();
    assert_ne!(reserialised, body);
    let sig = sign(&secret(APP_SECRET.into()), &reserialised);
    assert_eq!(
        r.post_raw(body.clone(), "application/json", Some(sig))
            .await,
        401
    );
    assert_eq!(r.stored().await, (0, 0));

    // The same bytes signed as sent are accepted, escapes and all.
    assert_eq!(r.post_signed(TEXT_BODY).await, 200);
    assert_eq!(r.stored().await, (1, 1));
}

#[tokio::test]
async fn bad_input_gets_the_right_status_and_is_never_stored() {
    let r = start_with(|c| c.max_body_bytes = 2048).await;
    let sig = |b: &[u8]| Some(sign(&secret(APP_SECRET.into()), b));
    let body = TEXT_BODY.as_bytes().to_vec();
    // Wrong content types, even when signed.
    assert_eq!(
        r.post_raw(body.clone(), "text/plain", sig(&body)).await,
        415
    );
    assert_eq!(
        r.post_raw(
            body.clone(),
            "application/x-www-form-urlencoded",
            sig(&body)
        )
        .await,
        415
    );
    // JSON with a charset is fine.
    assert_eq!(
        r.post_raw(body.clone(), "application/json; charset=utf-8", sig(&body))
            .await,
        200
    );
    // Oversized.
    let big = format!(
        r#"{{"object":"whatsapp_business_account","entry":[],"pad":"{}"}}"#,
        "x".repeat(4096)
    )
    .into_bytes();
    assert_eq!(
        r.post_raw(big.clone(), "application/json", sig(&big)).await,
        413
    );
    // Signed but malformed, not UTF-8, too deep, or not an envelope: 400.
    for bad in [
        b"{\"object\": \"whatsapp_business_account\", \"entry\": [".to_vec(),
        b"{\"object\":\"whatsapp_business_account\",\"entry\":[],\"x\":\"\xff\xfe\"}".to_vec(),
        format!("{}{}", "[".repeat(300), "]".repeat(300)).into_bytes(),
        b"{\"hello\": \"world\"}".to_vec(),
        Vec::new(),
    ] {
        assert_eq!(
            r.post_raw(bad.clone(), "application/json", sig(&bad)).await,
            400,
            "{}",
            String::from_utf8_lossy(&bad)
        );
    }
    assert_eq!(r.stored().await, (1, 1), "only the one good body");
}

#[tokio::test]
async fn duplicates_are_stored_once_statuses_never_move_back_and_every_ack_follows_the_commit() {
    let r = start().await;
    let bodies = [
        status_body("wamid.OUT1", "sent", 10),
        status_body("wamid.OUT1", "read", 30),
        status_body("wamid.OUT1", "read", 30),
        status_body("wamid.OUT1", "delivered", 20),
        TEXT_BODY.to_owned(),
        TEXT_BODY.to_owned(),
    ];
    let expected_events = [1, 2, 2, 3, 4, 4];
    for (body, expected) in bodies.iter().zip(expected_events) {
        assert_eq!(r.post_signed(body).await, 200);
        // The 200 came after the commit: another connection sees the row at once.
        assert_eq!(r.stored().await.0, expected, "{body}");
    }
    assert_eq!(r.status_of("wamid.OUT1").await.as_deref(), Some("read"));
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM webhook_events ORDER BY id")
        .fetch_all(&r.other)
        .await
        .unwrap();
    assert_eq!(
        kinds,
        [
            "status.sent",
            "status.read",
            "status.delivered",
            "message.text"
        ]
    );
    r.handle.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_cannot_be_stored_fails_alone_when_it_arrives_with_others() {
    let r = start().await;
    let path = r.handle.url();
    // Another process's connection: a trigger refuses one body's event, and a write lock held
    // while the bodies arrive makes them wait for the writer together, as one group.
    let mut other_writer = sqlx::SqliteConnection::connect_with(
        &SqliteConnectOptions::from_str("sqlite://")
            .unwrap()
            .filename(r.dir.path().join("console.db")),
    )
    .await
    .unwrap();
    sqlx::raw_sql(
        "CREATE TRIGGER poison BEFORE INSERT ON webhook_events
         WHEN instr(NEW.event, 'wamid.POISON') > 0 BEGIN SELECT RAISE(ABORT, 'poisoned'); END;
         BEGIN IMMEDIATE;",
    )
    .execute(&mut other_writer)
    .await
    .unwrap();
    let mut posts = tokio::task::JoinSet::new();
    for n in 0..24 {
        let id = if n == 11 {
            "wamid.POISON".to_owned()
        } else {
            format!("wamid.G{n}")
        };
        let body = status_body(&id, "sent", 10);
        let sig = sign(&secret(APP_SECRET.into()), body.as_bytes());
        let request = r
            .http
            .post(&path)
            .header("content-type", "application/json")
            .header(SIGNATURE_HEADER, sig)
            .body(body);
        posts.spawn(async move { (id, request.send().await.unwrap().status().as_u16()) });
    }
    // Only to let the requests reach the writer while it waits; the outcome is checked below
    // whatever the grouping was.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut other_writer)
        .await
        .unwrap();
    let mut answers = Vec::new();
    while let Some(answer) = posts.join_next().await {
        answers.push(answer.unwrap());
    }
    for (id, status) in &answers {
        let expected = if id == "wamid.POISON" { 500 } else { 200 };
        assert_eq!(*status, expected, "{id}: {answers:?}");
    }
    assert_eq!(r.stored().await, (23, 23));
    assert_eq!(r.status_of("wamid.POISON").await, None);
    assert_eq!(r.status_of("wamid.G12").await.as_deref(), Some("sent"));
    r.handle.shutdown().await;
}

#[tokio::test]
async fn a_flood_from_one_address_is_limited_with_429() {
    let r = start_with(|c| {
        c.rate_per_second = NonZeroU32::new(1).unwrap();
        c.burst = NonZeroU32::new(3).unwrap();
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(r.get("hub.mode=subscribe").await.0);
    }
    assert_eq!(&statuses[..3], &[400, 400, 400]);
    assert!(statuses[3..].iter().all(|s| *s == 429), "{statuses:?}");
    assert_eq!(r.post_signed(TEXT_BODY).await, 429);
    assert_eq!(r.stored().await, (0, 0));
}

#[tokio::test]
async fn a_non_loopback_address_needs_an_explicit_choice() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("console.db")).await.unwrap();
    let any: SocketAddr = "0.0.0.0:0".parse().unwrap();
    let refused = Receiver::bind(
        any,
        ReceiverConfig::new(secret(APP_SECRET.into())),
        store.clone(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(refused, ReceiverError::NotLoopback(_)),
        "{refused}"
    );
    let mut config = ReceiverConfig::new(secret(APP_SECRET.into()));
    config.allow_non_loopback = true;
    let handle = Receiver::bind(any, config, store.clone()).await.unwrap();
    assert_ne!(handle.local_addr().port(), 0);
    handle.shutdown().await;

    let empty = Receiver::bind(
        loopback(),
        ReceiverConfig::new(secret(String::new())),
        store,
    )
    .await
    .unwrap_err();
    assert!(matches!(empty, ReceiverError::NoAppSecret));
}

/// A client that sends the headers and then trickles the body is answered 408 once the request
/// timeout passes, nothing of it stored; and while such a request is open the receiver still
/// shuts down, within its grace period.
#[tokio::test]
async fn a_trickled_body_times_out_unstored_and_cannot_hold_the_shutdown() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let running = start_with(|c| c.request_timeout = std::time::Duration::from_millis(300)).await;
    let addr = running.handle.local_addr();
    let head = |length: usize| {
        format!(
            "POST /webhook HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nX-Hub-Signature-256: sha256=00\r\nContent-Length: {length}\r\n\r\n{{\"obj"
        )
    };
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(head(1000).as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 512];
    let n = tokio::time::timeout(std::time::Duration::from_secs(10), slow.read(&mut answer))
        .await
        .expect("answered within the test's safety net")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(running.stored().await, (0, 0));

    // A request that outlives the shutdown (no request timeout to end it first): the shutdown
    // still returns, after its grace period.
    let patient = start_with(|c| c.request_timeout = std::time::Duration::from_secs(600)).await;
    let addr = patient.handle.local_addr();
    let mut stuck = tokio::net::TcpStream::connect(addr).await.unwrap();
    stuck
        .write_all(
            head(1000)
                .replace(&running.handle.local_addr().to_string(), &addr.to_string())
                .as_bytes(),
        )
        .await
        .unwrap();
    // The request is being read (a plain GET on another connection is answered meanwhile).
    assert_eq!(patient.get("hub.mode=subscribe").await.0, 400);
    let Running { handle, .. } = patient;
    tokio::time::timeout(
        waba_receiver::SHUTDOWN_GRACE + std::time::Duration::from_secs(10),
        handle.shutdown(),
    )
    .await
    .expect("the shutdown returned");
}
