//! Webhook events: stored once per dedupe key, statuses never moving backwards, one transaction
//! per body, the WAL checkpointed beside the writer, a busy database told apart from a refused
//! body, against a real SQLite file.

use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use time::OffsetDateTime;
use waba_core::webhook::parse_str;
use waba_store::{EventFilter, Store};

fn statuses_body(items: &[(&str, &str, u64)]) -> String {
    let statuses: Vec<String> = items
        .iter()
        .map(|(id, status, ts)| {
            format!(
                r#"{{"id":"{id}","status":"{status}","timestamp":"{ts}","recipient_id":"16505551234"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"102290129340398","changes":[{{"field":"messages","value":{{"messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550783881","phone_number_id":"106540352242922"}},"statuses":[{}]}}}}]}}]}}"#,
        statuses.join(",")
    )
}

fn text_body(id: &str, text: &str) -> String {
    format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"102290129340398","changes":[{{"field":"messages","value":{{"messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550783881","phone_number_id":"106540352242922"}},"contacts":[{{"profile":{{"name":"Sheena"}},"wa_id":"16505551234"}}],"messages":[{{"from":"16505551234","id":"{id}","timestamp":"1739321024","type":"text","text":{{"body":"{text}"}}}}]}}}}]}}]}}"#
    )
}

async fn store(dir: &std::path::Path) -> Store {
    Store::open(&dir.join("console.db")).await.unwrap()
}

async fn all_events(store: &Store) -> u64 {
    store
        .count_webhook_events(&EventFilter::default())
        .await
        .unwrap()
}

async fn put(store: &Store, body: &str) -> waba_store::StoredBatch {
    let events = parse_str(body).unwrap();
    store
        .insert_webhook_events(body.as_bytes(), &events, OffsetDateTime::now_utc())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_duplicate_is_acknowledged_but_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let body = text_body("wamid.A", "Hi");
    let first = put(&store, &body).await;
    assert_eq!((first.inserted, first.duplicates), (1, 0));
    let again = put(&store, &body).await;
    assert_eq!((again.inserted, again.duplicates), (0, 1));
    assert_eq!(all_events(&store).await, 1);
    let listed = store
        .webhook_events(&EventFilter::default(), 10)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    let e = &listed[0];
    assert_eq!(
        (e.field.as_str(), e.kind.as_str(), e.waba_id.as_str()),
        ("messages", "message.text", "102290129340398")
    );
    assert_eq!(e.phone_number_id.as_deref(), Some("106540352242922"));
    let event: serde_json::Value = serde_json::from_str(&e.event).unwrap();
    assert_eq!(event["value"]["messages"][0]["text"]["body"], "Hi");
    // The body is kept once, byte for byte.
    assert_eq!(
        store.webhook_body(&e.body_sha256).await.unwrap().unwrap(),
        body.as_bytes()
    );

    // The same message in a body that differs (Meta retries need not be byte-identical) is
    // still one event.
    let other_bytes = format!("{body}\n");
    let retried = put(&store, &other_bytes).await;
    assert_eq!((retried.inserted, retried.duplicates), (0, 1));
    assert_eq!(all_events(&store).await, 1);
}

#[tokio::test]
async fn a_late_delivered_does_not_overwrite_read_and_failed_is_final() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    put(&store, &statuses_body(&[("wamid.M", "read", 1739321030)])).await;
    let late = put(
        &store,
        &statuses_body(&[("wamid.M", "delivered", 1739321025)]),
    )
    .await;
    assert_eq!(
        (late.inserted, late.statuses_moved),
        (1, 0),
        "kept as an event, moved nothing"
    );
    let s = store.message_status("wamid.M").await.unwrap().unwrap();
    assert_eq!((s.status.as_str(), s.timestamp), ("read", Some(1739321030)));

    // Within one body, out of order too; then failed is final.
    put(
        &store,
        &statuses_body(&[
            ("wamid.N", "delivered", 2),
            ("wamid.N", "sent", 1),
            ("wamid.N", "failed", 3),
        ]),
    )
    .await;
    put(&store, &statuses_body(&[("wamid.N", "read", 4)])).await;
    assert_eq!(
        store
            .message_status("wamid.N")
            .await
            .unwrap()
            .unwrap()
            .status,
        "failed"
    );
    assert_eq!(store.message_status("wamid.none").await.unwrap(), None);

    // Filters and order: newest first.
    let reads = store
        .webhook_events(
            &EventFilter {
                kind: Some("status.read".into()),
                field: None,
                ..EventFilter::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(reads.len(), 2);
    assert!(reads[0].id > reads[1].id);
    let all = store
        .webhook_events(
            &EventFilter {
                kind: None,
                field: Some("messages".into()),
                ..EventFilter::default()
            },
            3,
        )
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].kind, "status.read");
    assert_eq!(
        store
            .count_webhook_events(&EventFilter {
                kind: None,
                field: Some("account_update".into()),
                ..EventFilter::default()
            })
            .await
            .unwrap(),
        0
    );

    // By WABA, by kind prefix and by words of the summary (any case); blanks are literal.
    let count = |filter: EventFilter| {
        let store = store.clone();
        async move { store.count_webhook_events(&filter).await.unwrap() }
    };
    let all_statuses = count(EventFilter {
        kind_prefix: Some("status.".into()),
        ..EventFilter::default()
    })
    .await;
    assert!(all_statuses >= 3, "{all_statuses}");
    assert_eq!(
        count(EventFilter {
            kind_prefix: Some("status.re".into()),
            ..EventFilter::default()
        })
        .await,
        2
    );
    assert_eq!(
        count(EventFilter {
            kind_prefix: Some("%".into()),
            ..EventFilter::default()
        })
        .await,
        0,
        "a prefix is not a LIKE pattern"
    );
    let waba = reads[0].waba_id.clone();
    assert_eq!(
        count(EventFilter {
            waba_id: Some(waba),
            kind_prefix: Some("status.".into()),
            ..EventFilter::default()
        })
        .await,
        all_statuses
    );
    assert_eq!(
        count(EventFilter {
            waba_id: Some("000".into()),
            ..EventFilter::default()
        })
        .await,
        0
    );
    let summary = reads[0].summary.to_uppercase();
    assert!(
        count(EventFilter {
            search: Some(summary),
            ..EventFilter::default()
        })
        .await
            >= 1
    );
}

#[tokio::test]
async fn a_body_is_stored_in_one_transaction_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.db");
    let store = Store::open(&path).await.unwrap();
    // A second connection to the same file makes the third event of a batch fail.
    let other = SqlitePoolOptions::new()
        .connect_with(
            SqliteConnectOptions::from_str("sqlite://")
                .unwrap()
                .filename(&path),
        )
        .await
        .unwrap();
    sqlx::query(
        "CREATE TRIGGER refuse_played BEFORE INSERT ON webhook_events WHEN NEW.kind = 'status.played'
         BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
    )
    .execute(&other)
    .await
    .unwrap();
    let body = statuses_body(&[
        ("wamid.T", "sent", 1),
        ("wamid.T", "read", 2),
        ("wamid.T", "played", 3),
    ]);
    let events = parse_str(&body).unwrap();
    assert_eq!(events.len(), 3);
    let failed = store
        .insert_webhook_events(body.as_bytes(), &events, OffsetDateTime::now_utc())
        .await;
    assert!(failed.is_err());
    let counts: (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM webhook_events), (SELECT COUNT(*) FROM webhook_bodies), (SELECT COUNT(*) FROM message_statuses)",
    )
    .fetch_one(&other)
    .await
    .unwrap();
    assert_eq!(counts, (0, 0, 0), "nothing of the failed body is stored");

    sqlx::query("DROP TRIGGER refuse_played")
        .execute(&other)
        .await
        .unwrap();
    let batch = store
        .insert_webhook_events(body.as_bytes(), &events, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!((batch.inserted, batch.statuses_moved), (3, 3));
    let counts: (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM webhook_events), (SELECT COUNT(*) FROM webhook_bodies), (SELECT COUNT(*) FROM message_statuses)",
    )
    .fetch_one(&other)
    .await
    .unwrap();
    assert_eq!(counts, (3, 1, 1), "three events referencing one body");
    assert_eq!(
        store
            .message_status("wamid.T")
            .await
            .unwrap()
            .unwrap()
            .status,
        "played"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wal_is_checkpointed_into_the_database_file_without_a_writer_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.db");
    let store = store(dir.path()).await;
    let file_size = || std::fs::metadata(&path).unwrap().len();
    // SQLite's own checkpoint waits for thousands of WAL pages, so only the background one
    // brings pages into the file here: first the migrations' (opening ends a write turn) ...
    let grew_past = |size: u64| async move {
        for _ in 0..1_000 {
            if file_size() > size {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        false
    };
    let empty = 4096;
    assert!(
        grew_past(empty).await,
        "the database file stayed at one page: nothing was checkpointed after opening"
    );
    let before = file_size();
    // ... then the pages of new events (each body and event holds its 2 KB of text).
    let text = "x".repeat(2_000);
    for n in 0..40 {
        put(&store, &text_body(&format!("wamid.CKPT{n}"), &text)).await;
    }
    assert!(
        grew_past(before).await,
        "the database file stayed at {before} bytes: the new events were not checkpointed"
    );
    assert_eq!(all_events(&store).await, 40);
}

#[tokio::test]
async fn a_busy_database_is_told_apart_from_a_body_it_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let other = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::from_str("sqlite://")
                .unwrap()
                .filename(dir.path().join("console.db")),
        )
        .await
        .unwrap();
    let body = text_body("wamid.REFUSED", "hello");
    let events = parse_str(&body).unwrap();
    let insert =
        || store.insert_webhook_events(body.as_bytes(), &events, OffsetDateTime::now_utc());

    sqlx::raw_sql(
        "CREATE TRIGGER refuse BEFORE INSERT ON webhook_events
         WHEN instr(NEW.event, 'wamid.REFUSED') > 0 BEGIN SELECT RAISE(ABORT, 'refused'); END;",
    )
    .execute(&other)
    .await
    .unwrap();
    let refused = insert().await.unwrap_err();
    assert!(!refused.is_the_database(), "{refused}");

    // Another process holds the write lock past the busy timeout.
    let mut lock = other.begin_with("BEGIN IMMEDIATE").await.unwrap();
    sqlx::query("DROP TRIGGER refuse")
        .execute(&mut *lock)
        .await
        .unwrap();
    let busy = insert().await.unwrap_err();
    assert!(busy.is_the_database(), "{busy}");
    lock.rollback().await.unwrap();
}
