//! The message log against a real SQLite file: each state move and that none goes backwards,
//! reconciliation of a send whose answer never came, timelines, the funnel, the 24-hour window's
//! last inbound message, filters and keyset paging, and the migration's backfill.

use std::path::Path;

use serde_json::{json, Value};
use time::OffsetDateTime;
use waba_core::profile::{Profile, ProfileKind};
use waba_core::send::MessageKind;
use waba_core::webhook::parse_str;
use waba_store::{
    MessageFilter, MessageFunnel, NewMessage, SendOutcome, SendStatus, Store, StoredMessage,
};

const NUMBER: &str = "106540352242922";
const PROFILE: &str = "p1";

fn profile(id: &str, name: &str) -> Profile {
    Profile {
        id: id.into(),
        name: name.into(),
        kind: ProfileKind::Sandbox,
        app_id: "634974688087057".into(),
        waba_id: "102290129340398".into(),
        phone_number_id: NUMBER.into(),
        api_version: "v26.0".into(),
        base_url: None,
        scenario: Some("healthy".into()),
        created_at: "2026-12-01T00:00:00Z".into(),
    }
}

async fn store(dir: &Path) -> Store {
    let store = Store::open(&dir.join("console.db")).await.unwrap();
    store
        .insert_profile(&profile(PROFILE, "One"))
        .await
        .unwrap();
    store
}

fn at(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap()
}

const T0: i64 = 1_764_547_200; // 2025-12-01T00:00:00Z

fn new_message(reference: &str, recipient: &str, kind: MessageKind, created: i64) -> NewMessage {
    NewMessage {
        reference: reference.into(),
        profile_id: PROFILE.into(),
        phone_number_id: NUMBER.into(),
        recipient: recipient.into(),
        kind,
        summary: format!("Hello {reference}"),
        request: json!({"messaging_product": "whatsapp", "to": recipient,
                        "biz_opaque_callback_data": reference}),
        created_at: at(created),
    }
}

async fn reserve(store: &Store, reference: &str) -> StoredMessage {
    store
        .reserve_message(&new_message(
            reference,
            "16505551234",
            MessageKind::Template,
            T0,
        ))
        .await
        .unwrap()
}

async fn finish(store: &Store, id: i64, outcome: SendOutcome, attempts: u32) -> StoredMessage {
    store
        .finish_message(id, &outcome, attempts, at(T0 + 1))
        .await
        .unwrap()
        .unwrap()
}

fn accepted(wamid: &str) -> SendOutcome {
    SendOutcome::Accepted {
        wamid: wamid.into(),
    }
}

fn envelope(field: &str, value: Value) -> String {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [
        {"field": field, "value": value}]}]})
    .to_string()
}

/// A status webhook; `extra` is merged into the status (pricing, errors, callback data).
fn status_body(wamid: &str, status: &str, timestamp: i64, extra: Value) -> String {
    let mut item = json!({"id": wamid, "status": status, "timestamp": timestamp.to_string(),
                          "recipient_id": "16505551234"});
    if let (Value::Object(item), Value::Object(extra)) = (&mut item, extra) {
        item.extend(extra);
    }
    envelope(
        "messages",
        json!({"messaging_product": "whatsapp",
               "metadata": {"display_phone_number": "15550783881", "phone_number_id": NUMBER},
               "statuses": [item]}),
    )
}

fn inbound_body(number: &str, from: &str, id: &str, timestamp: i64) -> String {
    envelope(
        "messages",
        json!({"messaging_product": "whatsapp",
               "metadata": {"display_phone_number": "15550783881", "phone_number_id": number},
               "contacts": [{"profile": {"name": "Sheena"}, "wa_id": from}],
               "messages": [{"from": from, "id": id, "timestamp": timestamp.to_string(),
                             "type": "text", "text": {"body": "Hi"}}]}),
    )
}

async fn put(store: &Store, body: &str) {
    let events = parse_str(body).unwrap();
    store
        .insert_webhook_events(body.as_bytes(), &events, OffsetDateTime::now_utc())
        .await
        .unwrap();
}

async fn status_of(store: &Store, id: i64) -> SendStatus {
    store.message(id).await.unwrap().unwrap().status
}

#[tokio::test]
async fn a_send_is_reserved_then_accepted_then_moves_only_forwards() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let m = reserve(&store, "ref-1").await;
    assert_eq!(
        (m.status, m.wamid.as_deref(), m.attempts),
        (SendStatus::Pending, None, 0)
    );
    assert_eq!(m.kind, MessageKind::Template);
    assert_eq!(m.created_ms, T0 * 1000);
    let request: Value = serde_json::from_str(&m.request).unwrap();
    assert_eq!(request["biz_opaque_callback_data"], "ref-1");

    let m = finish(&store, m.id, accepted("wamid.A"), 2).await;
    assert_eq!(
        (m.status, m.wamid.as_deref(), m.attempts),
        (SendStatus::Accepted, Some("wamid.A"), 2)
    );

    let pricing = json!({"pricing": {"billable": true, "pricing_model": "PMP", "type": "regular",
                                     "category": "marketing"}});
    put(&store, &status_body("wamid.A", "sent", T0 + 2, pricing)).await;
    assert_eq!(status_of(&store, m.id).await, SendStatus::Sent);
    put(&store, &status_body("wamid.A", "read", T0 + 9, json!({}))).await;
    // A late delivered never overwrites read, nor does a repeated sent.
    put(
        &store,
        &status_body("wamid.A", "delivered", T0 + 5, json!({})),
    )
    .await;
    put(
        &store,
        &status_body("wamid.A", "sent", T0 + 3, json!({"conversation": {}})),
    )
    .await;
    let m = store.message(m.id).await.unwrap().unwrap();
    assert_eq!(m.status, SendStatus::Read);
    assert_eq!(m.status_at, "2025-12-01T00:00:09Z", "the status's own time");
    assert_eq!(
        (m.pricing_category.as_deref(), m.billable),
        (Some("marketing"), Some(true))
    );
    assert_eq!((m.error_code, m.error), (None, None));

    // The answer written again (a confused caller) moves nothing back.
    let again = finish(&store, m.id, SendOutcome::Unknown, 3).await;
    assert_eq!((again.status, again.attempts), (SendStatus::Read, 3));
    assert_eq!(
        store
            .finish_message(9999, &SendOutcome::Unknown, 1, at(T0))
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn refused_and_failed_are_final() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let graph_error = r#"{"message":"(#131030) Recipient phone number not in allowed list","type":"OAuthException","code":131030}"#;
    let refused = reserve(&store, "ref-refused").await;
    let m = finish(
        &store,
        refused.id,
        SendOutcome::Refused {
            error_code: Some(131030),
            error: graph_error.into(),
        },
        1,
    )
    .await;
    assert_eq!(
        (m.status, m.error_code, m.error.as_deref(), m.wamid),
        (SendStatus::Refused, Some(131030), Some(graph_error), None)
    );
    assert_eq!(
        finish(&store, m.id, accepted("wamid.late"), 1).await.status,
        SendStatus::Refused
    );
    // Even a status matched by its reference does not bring it back.
    put(
        &store,
        &status_body(
            "wamid.R",
            "sent",
            T0 + 2,
            json!({"biz_opaque_callback_data": "ref-refused"}),
        ),
    )
    .await;
    let m = store.message(m.id).await.unwrap().unwrap();
    assert_eq!((m.status, m.wamid), (SendStatus::Refused, None));

    let failing = reserve(&store, "ref-failing").await;
    finish(&store, failing.id, accepted("wamid.F"), 1).await;
    put(&store, &status_body("wamid.F", "sent", T0 + 2, json!({}))).await;
    let errors = json!({"errors": [{"code": 131047, "title": "Re-engagement message",
        "message": "Re-engagement message", "error_data": {"details": "More than 24 hours have passed"}}]});
    put(&store, &status_body("wamid.F", "failed", T0 + 3, errors)).await;
    put(
        &store,
        &status_body("wamid.F", "delivered", T0 + 4, json!({})),
    )
    .await;
    put(&store, &status_body("wamid.F", "read", T0 + 5, json!({}))).await;
    let m = store.message(failing.id).await.unwrap().unwrap();
    assert_eq!((m.status, m.error_code), (SendStatus::Failed, Some(131047)));
    let stored: Value = serde_json::from_str(m.error.as_deref().unwrap()).unwrap();
    assert_eq!(stored[0]["code"], 131047);
    assert_eq!(stored[0]["details"], "More than 24 hours have passed");
}

#[tokio::test]
async fn a_send_whose_answer_never_came_is_reconciled_by_its_reference() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let m = reserve(&store, "ref-timeout").await;
    let m = finish(&store, m.id, SendOutcome::Unknown, 1).await;
    assert_eq!((m.status, m.wamid), (SendStatus::Unknown, None));

    // Meta had accepted it: its status carries the reference back and fills in the wamid.
    put(
        &store,
        &status_body(
            "wamid.T",
            "sent",
            T0 + 2,
            json!({"biz_opaque_callback_data": "ref-timeout"}),
        ),
    )
    .await;
    let m = store.message(m.id).await.unwrap().unwrap();
    assert_eq!(
        (m.status, m.wamid.as_deref()),
        (SendStatus::Sent, Some("wamid.T"))
    );
    // Later statuses need no reference.
    put(
        &store,
        &status_body("wamid.T", "delivered", T0 + 3, json!({})),
    )
    .await;
    assert_eq!(status_of(&store, m.id).await, SendStatus::Delivered);

    // A reference never takes a second wamid, and an unknown reference moves nothing.
    put(
        &store,
        &status_body(
            "wamid.other",
            "read",
            T0 + 4,
            json!({"biz_opaque_callback_data": "ref-timeout"}),
        ),
    )
    .await;
    put(
        &store,
        &status_body(
            "wamid.stranger",
            "read",
            T0 + 4,
            json!({"biz_opaque_callback_data": "ref-none"}),
        ),
    )
    .await;
    let m = store.message(m.id).await.unwrap().unwrap();
    assert_eq!(
        (m.status, m.wamid.as_deref()),
        (SendStatus::Delivered, Some("wamid.T"))
    );
}

#[tokio::test]
async fn statuses_that_beat_the_answer_are_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;

    // With the reference: the status moves the pending send; the answer then moves nothing back.
    let a = reserve(&store, "ref-a").await;
    put(
        &store,
        &status_body(
            "wamid.a",
            "delivered",
            T0 + 2,
            json!({"biz_opaque_callback_data": "ref-a"}),
        ),
    )
    .await;
    assert_eq!(status_of(&store, a.id).await, SendStatus::Delivered);
    let a = finish(&store, a.id, accepted("wamid.a"), 1).await;
    assert_eq!(
        (a.status, a.wamid.as_deref(), a.attempts),
        (SendStatus::Delivered, Some("wamid.a"), 1)
    );

    // Without it: the statuses wait in the history and are applied when the wamid is known.
    let b = reserve(&store, "ref-b").await;
    let pricing = json!({"pricing": {"billable": false, "category": "utility"}});
    put(&store, &status_body("wamid.b", "read", T0 + 3, pricing)).await;
    put(&store, &status_body("wamid.b", "sent", T0 + 2, json!({}))).await;
    assert_eq!(status_of(&store, b.id).await, SendStatus::Pending);
    let b = finish(&store, b.id, accepted("wamid.b"), 1).await;
    assert_eq!(b.status, SendStatus::Read);
    assert_eq!(
        (b.pricing_category.as_deref(), b.billable),
        (Some("utility"), Some(false))
    );
}

#[tokio::test]
async fn the_timeline_lists_every_status_event_in_time_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let body = status_body("wamid.L", "read", T0 + 9, json!({}));
    put(&store, &body).await;
    put(&store, &status_body("wamid.L", "sent", T0 + 2, json!({}))).await;
    put(
        &store,
        &status_body("wamid.L", "delivered", T0 + 5, json!({})),
    )
    .await;
    put(&store, &body).await; // a duplicate Meta sent again: one event, one entry
    put(&store, &status_body("wamid.other", "sent", T0, json!({}))).await;
    let timeline = store.message_timeline("wamid.L").await.unwrap();
    let steps: Vec<(&str, Option<i64>)> = timeline
        .iter()
        .map(|e| (e.status.as_str(), e.timestamp))
        .collect();
    assert_eq!(
        steps,
        [
            ("sent", Some(T0 + 2)),
            ("delivered", Some(T0 + 5)),
            ("read", Some(T0 + 9))
        ]
    );
    assert!(timeline.iter().all(|e| !e.received_at.is_empty()));
    let events = store
        .webhook_events(&waba_store::EventFilter::default(), 10)
        .await
        .unwrap();
    let read_event = events
        .iter()
        .find(|e| e.kind == "status.read" && e.event.contains("wamid.L"))
        .unwrap();
    assert_eq!(timeline[2].event_id, read_event.id);
    assert!(store
        .message_timeline("wamid.none")
        .await
        .unwrap()
        .is_empty());
}

/// Sends `n` messages, created `created` (unix seconds), and brings each to `status` the way the
/// console and Meta do. Returns their ids.
async fn sent_to(
    store: &Store,
    tag: &str,
    n: usize,
    status: SendStatus,
    created: i64,
    recipient: &str,
    kind: MessageKind,
) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..n {
        let reference = format!("{tag}-{i}");
        let m = store
            .reserve_message(&new_message(&reference, recipient, kind, created))
            .await
            .unwrap();
        let wamid = format!("wamid.{reference}");
        let outcome = match status {
            SendStatus::Pending => None,
            SendStatus::Refused => Some(SendOutcome::Refused {
                error_code: Some(100),
                error: "{}".into(),
            }),
            SendStatus::Unknown => Some(SendOutcome::Unknown),
            _ => Some(accepted(&wamid)),
        };
        if let Some(outcome) = outcome {
            finish(store, m.id, outcome, 1).await;
        }
        let steps: &[&str] = match status {
            SendStatus::Sent => &["sent"],
            SendStatus::Delivered => &["sent", "delivered"],
            SendStatus::Read => &["sent", "delivered", "read"],
            SendStatus::Played => &["sent", "delivered", "read", "played"],
            SendStatus::Failed => &["failed"],
            _ => &[],
        };
        for (t, step) in steps.iter().enumerate() {
            let ts = created + 1 + i64::try_from(t).unwrap();
            put(store, &status_body(&wamid, step, ts, json!({}))).await;
        }
        assert_eq!(status_of(store, m.id).await, status);
        ids.push(m.id);
    }
    ids
}

#[tokio::test]
async fn the_funnel_counts_each_message_at_every_step_it_passed() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let day = 86_400;
    let to = "16505551234";
    let text = MessageKind::Text;
    for (tag, n, status) in [
        ("acc", 1, SendStatus::Accepted),
        ("snt", 2, SendStatus::Sent),
        ("dlv", 3, SendStatus::Delivered),
        ("red", 4, SendStatus::Read),
        ("ply", 1, SendStatus::Played),
        ("fld", 2, SendStatus::Failed),
        ("ref", 1, SendStatus::Refused),
        ("unk", 1, SendStatus::Unknown),
        ("pnd", 1, SendStatus::Pending),
    ] {
        sent_to(&store, tag, n, status, T0 + day, to, text).await;
    }
    // Outside the period, and another profile's: not counted.
    sent_to(&store, "old", 2, SendStatus::Read, T0 - day, to, text).await;
    sent_to(&store, "new", 2, SendStatus::Read, T0 + 40 * day, to, text).await;
    store.insert_profile(&profile("p2", "Two")).await.unwrap();
    let other = NewMessage {
        profile_id: "p2".into(),
        ..new_message("p2-0", to, text, T0 + day)
    };
    let other = store.reserve_message(&other).await.unwrap();
    finish(&store, other.id, accepted("wamid.p2"), 1).await;

    let funnel = store
        .message_funnel(PROFILE, T0 * 1000, (T0 + 30 * day) * 1000)
        .await
        .unwrap();
    assert_eq!(
        funnel,
        MessageFunnel {
            accepted: 1 + 2 + 3 + 4 + 1 + 2,
            sent: 2 + 3 + 4 + 1,
            delivered: 3 + 4 + 1,
            read: 4 + 1,
            failed: 2,
            refused: 1,
            unknown: 1,
        }
    );
    assert_eq!(
        store
            .message_funnel(PROFILE, 0, T0 * 1000)
            .await
            .unwrap()
            .read,
        2
    );
    assert_eq!(
        store
            .message_funnel("p2", 0, i64::MAX)
            .await
            .unwrap()
            .accepted,
        1
    );

    // Accepted with no status since: stale once older than the threshold.
    assert_eq!(
        store
            .count_stale_accepted(PROFILE, (T0 + day) * 1000 + 1)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .count_stale_accepted(PROFILE, (T0 + day) * 1000)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn the_window_takes_each_sender_s_newest_inbound_message() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let ids = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        store
            .last_inbound(NUMBER, &ids(&["16505551234"]))
            .await
            .unwrap(),
        None,
        "never wrote"
    );
    put(
        &store,
        &inbound_body(NUMBER, "16505551234", "wamid.i1", T0 + 100),
    )
    .await;
    // An older message arriving later does not move the window back.
    put(
        &store,
        &inbound_body(NUMBER, "16505551234", "wamid.i0", T0 + 50),
    )
    .await;
    put(
        &store,
        &inbound_body(NUMBER, "16505551235", "wamid.j1", T0 + 300),
    )
    .await;
    put(
        &store,
        &inbound_body(NUMBER, "16505551235", "wamid.j0", T0 + 200),
    )
    .await;
    // Another number's inbound, and an echo of the business's own message, do not count.
    put(
        &store,
        &inbound_body("999", "16505551234", "wamid.k", T0 + 900),
    )
    .await;
    let echo = envelope(
        "smb_message_echoes",
        json!({"messaging_product": "whatsapp",
               "metadata": {"display_phone_number": "15550783881", "phone_number_id": NUMBER},
               "message_echoes": [{"from": "16505551234", "to": "16505551235", "id": "wamid.e",
                                    "timestamp": (T0 + 999).to_string(), "type": "text",
                                    "text": {"body": "from the app"}}]}),
    );
    put(&store, &echo).await;

    let last = |wa: &'static [&'static str]| {
        let store = store.clone();
        async move { store.last_inbound(NUMBER, &ids(wa)).await.unwrap() }
    };
    assert_eq!(last(&["16505551234"]).await, Some(T0 + 100));
    assert_eq!(last(&["16505551235"]).await, Some(T0 + 300));
    assert_eq!(
        last(&["16505551234", "16505551235", "15550000000"]).await,
        Some(T0 + 300),
        "the newest across a recipient's spellings"
    );
    assert_eq!(last(&["15550000000"]).await, None);
    assert_eq!(last(&[]).await, None);
    assert_eq!(
        store
            .last_inbound("999", &ids(&["16505551234"]))
            .await
            .unwrap(),
        Some(T0 + 900)
    );
}

#[tokio::test]
async fn filters_and_keyset_pages_take_exactly_the_matching_messages() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let recipients = ["16505551234", "16505551235", "16505551236"];
    let kinds = [MessageKind::Text, MessageKind::Template, MessageKind::Image];
    let statuses = [
        SendStatus::Accepted,
        SendStatus::Delivered,
        SendStatus::Refused,
    ];
    let mut all = Vec::new();
    for i in 0..27_usize {
        let (r, k, s) = (recipients[i % 3], kinds[(i / 3) % 3], statuses[(i / 9) % 3]);
        // The clock went back before the last send.
        let hour = if i == 26 {
            7
        } else {
            i64::try_from(i).unwrap()
        };
        let created = T0 + hour * 3600 + 60;
        let id = sent_to(&store, &format!("m{i}"), 1, s, created, r, k).await[0];
        all.push((id, r, k, s, created * 1000, format!("Hello m{i}")));
    }
    store.insert_profile(&profile("p2", "Two")).await.unwrap();
    store
        .reserve_message(&NewMessage {
            profile_id: "p2".into(),
            ..new_message("p2-0", recipients[0], kinds[0], T0)
        })
        .await
        .unwrap();

    let filters = [
        MessageFilter::profile(PROFILE),
        MessageFilter {
            status: Some(SendStatus::Delivered),
            ..MessageFilter::profile(PROFILE)
        },
        MessageFilter {
            recipient: Some(recipients[1].into()),
            ..MessageFilter::profile(PROFILE)
        },
        MessageFilter {
            kind: Some(MessageKind::Image),
            ..MessageFilter::profile(PROFILE)
        },
        MessageFilter {
            recipient: Some(recipients[2].into()),
            status: Some(SendStatus::Refused),
            kind: Some(MessageKind::Template),
            ..MessageFilter::profile(PROFILE)
        },
        MessageFilter {
            since_ms: Some((T0 + 5 * 3600) * 1000),
            until_ms: Some((T0 + 20 * 3600) * 1000),
            status: Some(SendStatus::Accepted),
            ..MessageFilter::profile(PROFILE)
        },
        MessageFilter {
            since_ms: Some((T0 + 5 * 3600) * 1000),
            until_ms: Some((T0 + 20 * 3600) * 1000),
            ..MessageFilter::profile(PROFILE)
        },
        MessageFilter {
            since_ms: Some((T0 + 24 * 3600) * 1000),
            ..MessageFilter::profile(PROFILE)
        },
        MessageFilter {
            search: Some("HELLO M1".into()),
            ..MessageFilter::profile(PROFILE)
        },
        MessageFilter {
            search: Some("5551236".into()),
            kind: Some(MessageKind::Text),
            ..MessageFilter::profile(PROFILE)
        },
        MessageFilter {
            search: Some("%".into()),
            ..MessageFilter::profile(PROFILE)
        },
        MessageFilter::profile("nobody"),
    ];
    for filter in &filters {
        let mut newest_first = all.clone();
        if filter.since_ms.is_some() || filter.until_ms.is_some() {
            // By creation time, then id.
            newest_first.sort_by_key(|m| (m.4, m.0));
        }
        newest_first.reverse();
        let expected: Vec<i64> = newest_first
            .iter()
            .filter(|(_, r, k, s, ms, summary)| {
                filter.recipient.as_deref().is_none_or(|x| x == *r)
                    && filter.kind.is_none_or(|x| x == *k)
                    && filter.status.is_none_or(|x| x == *s)
                    && filter.since_ms.is_none_or(|x| *ms >= x)
                    && filter.until_ms.is_none_or(|x| *ms < x)
                    && filter.search.as_deref().is_none_or(|x| {
                        summary.to_lowercase().contains(&x.to_lowercase()) || r.contains(x)
                    })
            })
            .filter(|_| filter.profile_id == PROFILE)
            .map(|m| m.0)
            .collect();
        assert_eq!(
            store.count_messages(filter).await.unwrap(),
            u64::try_from(expected.len()).unwrap(),
            "{filter:?}"
        );
        // Pages of 4, each starting before the last id of the one before.
        let mut paged = Vec::new();
        let mut before = None;
        loop {
            let page = store.messages(filter, before, 4).await.unwrap();
            assert!(page.len() <= 4);
            paged.extend(page.iter().map(|m| m.id));
            match page.last() {
                Some(last) if page.len() == 4 => before = Some(last.id),
                _ => break,
            }
        }
        assert_eq!(paged, expected, "{filter:?}");
    }
    assert_eq!(
        store.count_messages(&filters[1]).await.unwrap(),
        9,
        "the fixture covers each status"
    );
}

#[tokio::test]
async fn deleting_a_profile_deletes_its_messages() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let m = reserve(&store, "ref-gone").await;
    store.insert_profile(&profile("p2", "Two")).await.unwrap();
    let kept = store
        .reserve_message(&NewMessage {
            profile_id: "p2".into(),
            ..new_message("ref-kept", "16505551234", MessageKind::Text, T0)
        })
        .await
        .unwrap();
    assert!(store.delete_profile(PROFILE).await.unwrap());
    assert_eq!(store.message(m.id).await.unwrap(), None);
    assert_eq!(
        store
            .count_messages(&MessageFilter::profile(PROFILE))
            .await
            .unwrap(),
        0
    );
    assert_eq!(store.message(kept.id).await.unwrap(), Some(kept));
}

#[tokio::test]
async fn a_reference_is_unique() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    reserve(&store, "ref-once").await;
    let twice = store
        .reserve_message(&new_message(
            "ref-once",
            "16505551234",
            MessageKind::Text,
            T0,
        ))
        .await;
    assert!(twice.is_err());
}

/// The migration fills the window and the timelines from the events received before it.
#[tokio::test]
async fn the_migration_backfills_from_stored_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.db");
    // A database made by the previous migrations only.
    let earlier = dir.path().join("earlier-migrations");
    std::fs::create_dir(&earlier).unwrap();
    let migrations = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut copied = 0;
    for entry in std::fs::read_dir(&migrations).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if name.as_str() < "20261201190000" {
            std::fs::copy(entry.path(), earlier.join(&name)).unwrap();
            copied += 1;
        }
    }
    assert!(copied >= 7, "{copied}");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::migrate::Migrator::new(earlier.as_path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    // Events as the store of that version wrote them.
    let bodies = [
        inbound_body(NUMBER, "16505551234", "wamid.i1", T0 + 100),
        inbound_body(NUMBER, "16505551234", "wamid.i2", T0 + 400),
        inbound_body(NUMBER, "16505551234", "wamid.i0", T0 + 10),
        inbound_body(NUMBER, "16505551235", "wamid.j", T0 + 200),
        status_body("wamid.S", "delivered", T0 + 5, json!({})),
        status_body("wamid.S", "sent", T0 + 2, json!({})),
    ];
    for (n, body) in bodies.iter().enumerate() {
        let sha = format!("sha{n}");
        sqlx::query("INSERT INTO webhook_bodies (sha256, body, received_at) VALUES (?, ?, ?)")
            .bind(&sha)
            .bind(body.as_bytes())
            .bind("2026-12-01T10:00:00Z")
            .execute(&pool)
            .await
            .unwrap();
        for event in parse_str(body).unwrap() {
            sqlx::query(
                "INSERT INTO webhook_events (dedupe_key, received_at, field, kind, waba_id, phone_number_id, summary, body_sha256, event)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&event.dedupe_key)
            .bind("2026-12-01T10:00:00Z")
            .bind(&event.field)
            .bind(&event.kind)
            .bind(&event.waba_id)
            .bind(&event.phone_number_id)
            .bind(&event.summary)
            .bind(&sha)
            .bind(serde_json::to_string(&event).unwrap())
            .execute(&pool)
            .await
            .unwrap();
        }
    }
    pool.close().await;

    let store = Store::open(&path).await.unwrap();
    let wa = |id: &str| vec![id.to_string()];
    assert_eq!(
        store
            .last_inbound(NUMBER, &wa("16505551234"))
            .await
            .unwrap(),
        Some(T0 + 400)
    );
    assert_eq!(
        store
            .last_inbound(NUMBER, &wa("16505551235"))
            .await
            .unwrap(),
        Some(T0 + 200)
    );
    let timeline = store.message_timeline("wamid.S").await.unwrap();
    let steps: Vec<&str> = timeline.iter().map(|e| e.status.as_str()).collect();
    assert_eq!(steps, ["sent", "delivered"]);

    // And the new tables are written from then on.
    put(
        &store,
        &inbound_body(NUMBER, "16505551235", "wamid.j2", T0 + 500),
    )
    .await;
    assert_eq!(
        store
            .last_inbound(NUMBER, &wa("16505551235"))
            .await
            .unwrap(),
        Some(T0 + 500)
    );
}

/// Every row the webhook bodies write, in a form two databases can be compared by.
async fn webhook_rows(path: &Path) -> Vec<String> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let mut rows = Vec::new();
    for sql in [
        "SELECT sha256 || ' ' || hex(body) || ' ' || received_at FROM webhook_bodies ORDER BY sha256",
        "SELECT json_array(id, dedupe_key, received_at, field, kind, waba_id, phone_number_id, summary, body_sha256, event)
         FROM webhook_events ORDER BY id",
        "SELECT json_array(message_id, status, timestamp, updated_at, event_id) FROM message_statuses ORDER BY message_id",
        "SELECT json_array(id, wamid, status, timestamp, event_id) FROM message_status_history ORDER BY id",
        "SELECT json_array(phone_number_id, wa_id, last_inbound_at, last_message_id) FROM inbound_contacts ORDER BY wa_id",
        "SELECT json_array(id, wamid, status, status_at, error_code, error, pricing_category, billable) FROM messages ORDER BY id",
    ] {
        let table: Vec<String> = sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap();
        rows.push(table.join("\n"));
    }
    pool.close().await;
    rows
}

#[tokio::test]
async fn bodies_committed_together_end_as_the_same_bodies_stored_one_by_one() {
    let pricing = json!({"pricing": {"billable": true, "category": "marketing"}});
    let errors = json!({"errors": [{"code": 131026, "title": "Message undeliverable"}]});
    let by_reference = json!({"biz_opaque_callback_data": "ref-2"});
    let non_ascii = envelope(
        "messages",
        json!({"messaging_product": "whatsapp",
               "metadata": {"display_phone_number": "15550783881", "phone_number_id": NUMBER},
               "messages": [{"from": "5511987654321", "id": "wamid.IN2", "timestamp": (T0 + 9).to_string(),
                             "type": "text", "text": {"body": "Olá ✓ \u{1F600}\\u00e9"}}]}),
    );
    let first = status_body("wamid.A", "sent", T0 + 2, json!({}));
    let bodies = [
        first.clone(),
        // Matched by its reference, then by the wamid that gave it, within the same batch.
        status_body("wamid.B", "delivered", T0 + 3, by_reference),
        status_body("wamid.B", "read", T0 + 4, json!({})),
        first,
        inbound_body(NUMBER, "16505551234", "wamid.IN1", T0 + 5),
        inbound_body(NUMBER, "16505551234", "wamid.IN0", T0 + 1),
        status_body("wamid.A", "read", T0 + 6, pricing),
        status_body("wamid.A", "delivered", T0 + 7, json!({})),
        status_body("wamid.C", "failed", T0 + 8, errors),
        non_ascii,
    ];
    let events: Vec<_> = bodies.iter().map(|b| parse_str(b).unwrap()).collect();
    let received_at = |i: usize| at(T0 + 100 + i64::try_from(i).unwrap());

    let mut results = Vec::new();
    for batched in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path()).await;
        let a = reserve(&store, "ref-1").await;
        finish(&store, a.id, accepted("wamid.A"), 1).await;
        reserve(&store, "ref-2").await;
        let stored = if batched {
            let received: Vec<_> = bodies
                .iter()
                .zip(&events)
                .enumerate()
                .map(|(i, (body, events))| waba_store::ReceivedBody {
                    body: body.as_bytes(),
                    events,
                    received_at: received_at(i),
                })
                .collect();
            store.insert_webhook_bodies(&received).await.unwrap()
        } else {
            let mut stored = Vec::new();
            for (i, (body, events)) in bodies.iter().zip(&events).enumerate() {
                stored.push(
                    store
                        .insert_webhook_events(body.as_bytes(), events, received_at(i))
                        .await
                        .unwrap(),
                );
            }
            stored
        };
        store.close().await;
        results.push((stored, webhook_rows(&dir.path().join("console.db")).await));
    }
    let (one_by_one, together) = (&results[0], &results[1]);
    assert_eq!(together.0, one_by_one.0, "what each body did");
    for (table, (alone, batched)) in one_by_one.1.iter().zip(&together.1).enumerate() {
        assert_eq!(batched, alone, "table {table}");
    }
    // The comparison has something to compare: the batch moved the sent messages and kept the
    // exact bytes.
    let moved: Vec<usize> = together.0.iter().map(|b| b.statuses_moved).collect();
    assert_eq!(moved, [1, 1, 1, 0, 0, 0, 1, 0, 1, 0]);
    assert_eq!(together.0[3].duplicates, 1);
    assert!(
        together.1[5].contains(r#""wamid.B","read""#),
        "{}",
        together.1[5]
    );
    assert!(
        together.1[5].contains(r#""wamid.A","read""#),
        "{}",
        together.1[5]
    );
    let non_ascii_hex: String = bodies[9].bytes().map(|b| format!("{b:02X}")).collect();
    assert!(together.1[0].contains(&non_ascii_hex));
}
