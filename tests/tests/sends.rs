//! Test sends end to end against the sandbox over loopback: the checks before a send, a
//! template accepted then delivered and read through the window's receiver, the 24-hour window
//! opened by a reply, a refusal kept in the log with its diagnosis, a send whose answer was
//! lost reconciled by its first status, the pacer below the sandbox's limits (no 130429) and
//! the backoff when the sandbox is stricter than the console. Run under
//! scripts/with-test-keychain.

mod common;

use std::time::Duration;

use common::{fixture, Fixture};
use waba_core::receiver::StartReceiverRequest;
use waba_core::send::{
    BurstRequest, BurstState, ComposeRequest, MessageLogQuery, MessageRef, OutgoingMessage,
    SendLimits, SendStatus, ServiceWindow, SetSendLimitsRequest, TemplateMessage, TextMessage,
};
use waba_core::subscriptions::CallbackOverride;
use waba_core::ErrorCode;
use waba_secrets::{secret, ExposeSecret};
use waba_sim::{MessageLimits, Scenario, CONTROL_SECRET_HEADER, SANDBOX_APP_SECRET};

const RECIPIENT: &str = "16505551234";

async fn control(f: &Fixture, path: &str, body: serde_json::Value) -> serde_json::Value {
    let answer = reqwest::Client::new()
        .post(format!("{}/__sandbox/{path}", f.sim.base_url()))
        .header(
            CONTROL_SECRET_HEADER,
            f.sim.control_secret().expose_secret(),
        )
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success(), "{path}: {}", answer.status());
    answer.json().await.unwrap()
}

/// Routes the sandbox's webhooks for the profile's WABA to a receiver the console runs.
async fn receive_webhooks(f: &Fixture) {
    let console = &f.console;
    console
        .set_app_secret(&f.profile, &secret(SANDBOX_APP_SECRET.into()))
        .await
        .unwrap();
    let running = console
        .start_local_receiver(&StartReceiverRequest {
            profile_id: f.profile.clone(),
            port: 0,
            listen_on_all_interfaces: false,
            verify_token: Some(secret("sends-verify".into())),
        })
        .await
        .unwrap();
    console
        .subscribe_app(
            &f.profile,
            Some(CallbackOverride {
                url: running.local_url.unwrap(),
                verify_token: secret("sends-verify".into()),
            }),
        )
        .await
        .unwrap();
}

fn compose(f: &Fixture, to: &str, message: OutgoingMessage) -> ComposeRequest {
    ComposeRequest {
        profile_id: f.profile.clone(),
        to: to.into(),
        message,
        send_outside_window: false,
    }
}

fn hello_world() -> OutgoingMessage {
    OutgoingMessage::Template(TemplateMessage {
        name: "hello_world".into(),
        language: "en_US".into(),
        components: vec![],
    })
}

fn text(body: &str) -> OutgoingMessage {
    OutgoingMessage::Text(TextMessage {
        body: body.into(),
        preview_url: false,
    })
}

/// Waits (20 s at most) until the logged message reaches `status`.
async fn wait_for_status(
    f: &Fixture,
    id: i64,
    status: SendStatus,
) -> waba_core::send::MessageDetail {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let detail = f
            .console
            .message_detail(&MessageRef {
                profile_id: f.profile.clone(),
                message_id: id,
            })
            .await
            .unwrap();
        if detail.message.status == status {
            return detail;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "message {id} stayed {:?}, expected {status:?}",
            detail.message.status
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_template_is_delivered_then_read_and_a_reply_opens_the_window_for_free_text() {
    let f = fixture(Scenario::Healthy, "sends-window").await;
    let console = &f.console;
    console.sync_templates(&f.profile).await.unwrap();
    receive_webhooks(&f).await;

    // Free text to someone who never wrote is blocked before any call, with the key rule.
    let preview = console
        .preview_send(&compose(&f, "+1 650 555 1234", text("Hi")))
        .await
        .unwrap();
    assert_eq!(preview.recipient.as_ref().unwrap().e164, RECIPIENT);
    assert_eq!(preview.window, Some(ServiceWindow::NeverWrote));
    assert!(preview.blocked);
    assert!(preview.key_rule.contains("approved template"));
    assert!(preview.tracking.receiver_running);
    assert!(preview.request.to_curl().contains("$WA_TOKEN"));
    let before = f.sim.requests().snapshot().total;
    let blocked = console
        .send_message(&compose(&f, RECIPIENT, text("Hi")))
        .await
        .unwrap_err();
    assert_eq!(blocked.code, ErrorCode::SendBlocked);
    assert_eq!(
        f.sim.requests().snapshot().total,
        before,
        "nothing was sent"
    );

    // The template goes; the sandbox's statuses move it to delivered, then read.
    let sent = console
        .send_message(&compose(&f, RECIPIENT, hello_world()))
        .await
        .unwrap();
    assert_eq!(sent.message.status, SendStatus::Accepted);
    let wamid = sent.message.wamid.clone().unwrap();
    assert!(wamid.starts_with("wamid."), "{wamid}");
    control(&f, "clock/advance", serde_json::json!({"seconds": 5})).await;
    let read = wait_for_status(&f, sent.message.id, SendStatus::Read).await;
    let steps: Vec<&str> = read.timeline.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(steps, ["sent", "delivered", "read"]);
    assert_eq!(read.message.pricing_category.as_deref(), Some("utility"));
    assert_eq!(
        read.request["biz_opaque_callback_data"],
        sent.message.reference
    );

    // The recipient writes back: the window opens and free text goes.
    control(
        &f,
        &format!("recipients/{RECIPIENT}/reply"),
        serde_json::json!({"text": "Thanks!"}),
    )
    .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let open = loop {
        let preview = console
            .preview_send(&compose(&f, RECIPIENT, text("You're welcome")))
            .await
            .unwrap();
        if preview.window.as_ref().is_some_and(ServiceWindow::is_open) {
            break preview;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the reply never arrived"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(!open.blocked, "{:?}", open.findings);
    let free = console
        .send_message(&compose(&f, RECIPIENT, text("You're welcome")))
        .await
        .unwrap();
    assert_eq!(free.message.status, SendStatus::Accepted);

    let log = console
        .message_log(&MessageLogQuery {
            profile_id: f.profile.clone(),
            ..MessageLogQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(log.total, 2);
    assert_eq!(log.messages[0].id, free.message.id, "newest first");
    assert_eq!(log.next_before_id, None, "one page holds both");
    let first = console
        .message_log(&MessageLogQuery {
            profile_id: f.profile.clone(),
            limit: Some(1),
            ..MessageLogQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(first.next_before_id, Some(free.message.id));
    let second = console
        .message_log(&MessageLogQuery {
            profile_id: f.profile.clone(),
            limit: Some(1),
            before_id: first.next_before_id,
            ..MessageLogQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(second.messages[0].id, sent.message.id);
    assert_eq!(second.next_before_id, None, "the last page says so");
    let only_read = console
        .message_log(&MessageLogQuery {
            profile_id: f.profile.clone(),
            status: Some(SendStatus::Read),
            ..MessageLogQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(only_read.total, 1);
    let funnel = console
        .delivery_funnel(&waba_core::send::FunnelRequest {
            profile_id: f.profile.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .funnel;
    assert_eq!((funnel.accepted, funnel.read), (2, 1));
}

#[tokio::test]
async fn a_refusal_is_logged_with_its_diagnosis_and_a_lost_answer_is_reconciled_by_its_status() {
    let f = fixture(Scenario::Healthy, "sends-refused").await;
    let console = &f.console;
    console.sync_templates(&f.profile).await.unwrap();
    receive_webhooks(&f).await;

    // A template the console does not know is warned about, and Meta refuses it with 132001.
    let unknown = OutgoingMessage::Template(TemplateMessage {
        name: "no_such_template".into(),
        language: "en_US".into(),
        components: vec![],
    });
    let refused = console
        .send_message(&compose(&f, RECIPIENT, unknown))
        .await
        .unwrap_err();
    assert_eq!(refused.graph().map(|g| g.code), Some(132001));
    let log = console
        .message_log(&MessageLogQuery {
            profile_id: f.profile.clone(),
            status: Some(SendStatus::Refused),
            ..MessageLogQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(log.total, 1, "a refusal is never lost");
    let error = log.messages[0].error.clone().unwrap();
    assert_eq!(error.code, Some(132001));
    assert!(error.diagnosis.unwrap().known);

    // The sandbox accepts the next send and drops the answer: the console records "unknown",
    // does not send again, and the first status (carrying its reference) settles it.
    f.sim.faults().lose_answer_next(1);
    let before = f.sim.requests().snapshot().total;
    let lost = console
        .send_message(&compose(&f, RECIPIENT, hello_world()))
        .await
        .unwrap();
    assert_eq!(lost.message.status, SendStatus::Unknown);
    assert_eq!(lost.message.wamid, None);
    assert_eq!(lost.message.attempts, 1);
    assert_eq!(
        f.sim.requests().snapshot().total,
        before + 1,
        "never sent twice"
    );
    control(&f, "clock/advance", serde_json::json!({"seconds": 5})).await;
    let settled = wait_for_status(&f, lost.message.id, SendStatus::Read).await;
    assert!(settled.message.wamid.unwrap().starts_with("wamid."));
}

#[tokio::test]
async fn the_pacer_stays_under_the_sandboxs_limit_and_backs_off_when_it_is_stricter() {
    let f = fixture(Scenario::Healthy, "sends-pace").await;
    let console = &f.console;
    console.sync_templates(&f.profile).await.unwrap();
    let recipients: Vec<String> = (0..10).map(|i| format!("1650555{:04}", 2000 + i)).collect();
    let burst = |count| BurstRequest {
        profile_id: f.profile.clone(),
        template: "hello_world".into(),
        language: "en_US".into(),
        count,
        to: recipients.clone(),
        parameters: vec![],
        confirmed: true,
    };

    // The console at the sandbox's 20 per second: every send accepted, not one 130429.
    f.sim.set_message_limits(MessageLimits {
        per_second: 20,
        pair_interval: Duration::from_secs(6),
        pair_burst: 45,
    });
    console
        .set_send_limits(&SetSendLimitsRequest {
            profile_id: f.profile.clone(),
            limits: SendLimits {
                messages_per_second: 20,
                pair_interval_seconds: 6,
                pair_burst: 45,
            },
        })
        .await
        .unwrap();
    // The fixture's profile is a real one (on the sandbox's URL): a burst needs confirming.
    let unconfirmed = console
        .run_burst(&BurstRequest {
            confirmed: false,
            ..burst(60)
        })
        .await
        .unwrap_err();
    assert_eq!(unconfirmed.code, ErrorCode::ConfirmationRequired);
    assert!(
        unconfirmed.message.contains("60 real, billable"),
        "{}",
        unconfirmed.message
    );
    let paced = console.run_burst(&burst(60)).await.unwrap();
    assert_eq!(paced.state, BurstState::Done);
    assert_eq!(
        (paced.sent, paced.accepted, paced.throttled),
        (60, 60, 0),
        "{paced:?}"
    );
    assert!(paced.failures.is_empty(), "{paced:?}");
    assert!(
        paced.achieved_per_second <= 20.0 * 1.15,
        "faster than the limit: {paced:?}"
    );

    // The sandbox now allows 5 per second, the console still paces at 20: 130429 answers come,
    // each is retried after a backoff, and every message still gets through.
    f.sim.set_message_limits(MessageLimits {
        per_second: 5,
        pair_interval: Duration::from_secs(6),
        pair_burst: 45,
    });
    let throttled = console.run_burst(&burst(12)).await.unwrap();
    assert!(throttled.throttled > 0, "{throttled:?}");
    assert_eq!(throttled.accepted, 12, "{throttled:?}");
    // The doctor's "Recent throttling" counts them from the log.
    let report = console.run_doctor(&f.profile, None).await.unwrap();
    let check = report
        .check(waba_core::doctor::CheckId::RecentThrottling)
        .unwrap();
    assert_eq!(
        check.state,
        waba_core::doctor::CheckState::Warn,
        "{}",
        check.summary
    );
    assert!(
        check.summary.contains("of the 72 sends of the last hour"),
        "{}",
        check.summary
    );

    // Bad input is refused with the field to fix, before anything is sent.
    let bad = console
        .run_burst(&BurstRequest {
            count: 0,
            to: vec!["12".into()],
            template: "nope".into(),
            ..burst(1)
        })
        .await
        .unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);
    let Some(waba_core::ErrorDetails::Fields { fields }) = bad.details else {
        panic!("{bad:?}")
    };
    let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(named, ["count", "to", "template"]);
}

#[tokio::test]
async fn the_checks_know_the_sending_number_from_its_last_read() {
    let f = fixture(Scenario::Healthy, "sends-sender").await;
    let console = &f.console;
    control(
        &f,
        &format!("numbers/{}/account-mode", waba_sim::PHONE_NUMBER_ID),
        serde_json::json!({"accountMode": "SANDBOX"}),
    )
    .await;
    let traps = |preview: &waba_core::send::SendPreview| {
        preview
            .recipient
            .as_ref()
            .map(|r| r.hints.iter().map(|h| h.trap).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    // Before the number was read, the console cannot know it is a test number.
    let before = console
        .preview_send(&compose(&f, RECIPIENT, hello_world()))
        .await
        .unwrap();
    assert!(!traps(&before).contains(&waba_core::send::Trap::TestNumberAllowList));

    // The Numbers page reads it: a test number, and its own display number.
    let health = console.number(&f.profile, None).await.unwrap();
    let after = console
        .preview_send(&compose(&f, RECIPIENT, hello_world()))
        .await
        .unwrap();
    assert!(
        traps(&after).contains(&waba_core::send::Trap::TestNumberAllowList),
        "{:?}",
        after.recipient
    );
    let own = health.display_phone_number.unwrap();
    let itself = console
        .preview_send(&compose(&f, &own, hello_world()))
        .await
        .unwrap();
    assert!(itself.blocked, "a message to the number itself: {itself:?}");
    assert_eq!(itself.recipient_error.unwrap().field, "to");
}
