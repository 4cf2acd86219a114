//! The window's webhook receiver end to end: started for a profile with its app secret, the
//! console's signed test event stored and listed, the sandbox's own webhooks delivered to it
//! once the WABA's override points at it (verified by Meta's GET challenge against the real
//! receiver), and the doctor's webhook checks judging what arrived. Run under
//! scripts/with-test-keychain.

mod common;

use std::time::Duration;

use common::fixture;
use waba_core::doctor::{CheckId, CheckState, DoctorReport};
use waba_core::receiver::{StartReceiverRequest, WebhookEventFilter};
use waba_core::subscriptions::CallbackOverride;
use waba_core::ErrorCode;
use waba_secrets::secret;
use waba_sim::{Scenario, CONTROL_SECRET_HEADER, SANDBOX_APP_SECRET};

fn start(profile: &str, port: u16) -> StartReceiverRequest {
    StartReceiverRequest {
        profile_id: profile.to_owned(),
        port,
        listen_on_all_interfaces: false,
        verify_token: Some(secret("local-verify".into())),
    }
}

fn filter(waba: &str, kind_prefix: Option<&str>) -> WebhookEventFilter {
    WebhookEventFilter {
        waba_id: Some(waba.to_owned()),
        kind_prefix: kind_prefix.map(str::to_owned),
        limit: 50,
        ..WebhookEventFilter::default()
    }
}

fn check(report: &DoctorReport, id: CheckId) -> &waba_core::doctor::Check {
    report.checks.iter().find(|c| c.id == id).unwrap()
}

#[tokio::test]
async fn the_windows_receiver_stores_the_test_event_and_the_sandboxs_webhooks() {
    let f = fixture(Scenario::Healthy, "local-receiver").await;
    let console = &f.console;
    let waba = waba_sim::WABA_ID;

    // Idle: the port it proposes; a test event has nowhere to go; no app secret, no start.
    let idle = console.local_receiver_status().await.unwrap();
    assert!(!idle.running);
    assert_eq!(idle.port, waba_core::receiver::DEFAULT_RECEIVER_PORT);
    let nowhere = console
        .send_test_webhook_event(&f.profile)
        .await
        .unwrap_err();
    assert_eq!(nowhere.code, ErrorCode::InvalidInput);
    assert!(
        nowhere.message.contains("not running"),
        "{}",
        nowhere.message
    );
    let no_secret = console
        .start_local_receiver(&start(&f.profile, 0))
        .await
        .unwrap_err();
    assert_eq!(no_secret.code, ErrorCode::NotFound);

    // Before anything arrived, the doctor says so, and reads the app's fields once it can.
    let before = console.run_doctor(&f.profile, None).await.unwrap();
    assert_eq!(
        check(&before, CheckId::MessagesField).state,
        CheckState::NotChecked
    );
    assert_eq!(
        check(&before, CheckId::StatusWebhook).state,
        CheckState::NotChecked
    );

    console
        .set_app_secret(&f.profile, &secret(SANDBOX_APP_SECRET.into()))
        .await
        .unwrap();
    let running = console
        .start_local_receiver(&start(&f.profile, 0))
        .await
        .unwrap();
    assert!(running.running && running.verify_token_set);
    assert_eq!(running.profile_id.as_deref(), Some(f.profile.as_str()));
    let url = running.local_url.clone().unwrap();
    assert_eq!(url, format!("http://127.0.0.1:{}/webhook", running.port));
    assert!(running.tunnel_hint.contains(&running.port.to_string()));
    assert_eq!(running.warning, None);
    assert_eq!(console.local_receiver_status().await.unwrap(), running);

    // The console's test event: signed with the app secret, stored before the 200, listed.
    let sent = console.send_test_webhook_event(&f.profile).await.unwrap();
    assert_eq!(sent.http_status, 200, "{}", sent.message);
    assert_eq!(sent.kinds, ["status.sent"]);
    assert_eq!(sent.url, url);
    let listed = console
        .webhook_events(&filter(waba, Some("status.")))
        .await
        .unwrap();
    assert_eq!(listed.total, 1);
    let event = &listed.events[0];
    assert_eq!(event.kind, "status.sent");
    assert_eq!(
        event.phone_number_id.as_deref(),
        Some(waba_sim::PHONE_NUMBER_ID)
    );
    assert!(
        event.dedupe_key.contains("wamid.console-test-"),
        "{}",
        event.dedupe_key
    );
    // As Meta sends it: the number's display number in metadata, digits only.
    let display = event.event["displayPhoneNumber"].as_str().unwrap();
    assert!(
        !display.is_empty() && display.chars().all(|c| c.is_ascii_digit()),
        "{display}"
    );
    // Other WABAs' events and other kinds are filtered out.
    assert_eq!(
        console
            .webhook_events(&filter("999", None))
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        console
            .webhook_events(&filter(waba, Some("message.")))
            .await
            .unwrap()
            .total,
        0
    );

    let after = console.run_doctor(&f.profile, None).await.unwrap();
    let status = check(&after, CheckId::StatusWebhook);
    assert_eq!(status.state, CheckState::Pass, "{}", status.summary);
    assert!(status.summary.contains("test event"), "{}", status.summary);
    let messages = check(&after, CheckId::MessagesField);
    assert_ne!(
        messages.state,
        CheckState::NotChecked,
        "{}",
        messages.summary
    );

    // Route the WABA's webhooks to the receiver: the sandbox verifies the override with a GET
    // challenge against the real receiver, then delivers a simulated customer message to it.
    console
        .subscribe_app(
            &f.profile,
            Some(CallbackOverride {
                url: url.clone(),
                verify_token: secret("local-verify".into()),
            }),
        )
        .await
        .unwrap();
    let control = reqwest::Client::new()
        .post(format!("{}/__sandbox/webhooks/inbound", f.sim.base_url()))
        .header(
            CONTROL_SECRET_HEADER,
            waba_secrets::ExposeSecret::expose_secret(f.sim.control_secret()),
        )
        .json(&serde_json::json!({ "from": "16505551234", "text": "Is my order on its way?" }))
        .send()
        .await
        .unwrap();
    assert_eq!(control.status(), 200, "{}", control.text().await.unwrap());
    let inbound = wait_for_events(console, &filter(waba, Some("message."))).await;
    assert_eq!(inbound.events[0].kind, "message.text");
    assert!(
        inbound.events[0]
            .summary
            .contains("Is my order on its way?"),
        "{}",
        inbound.events[0].summary
    );
    let search = WebhookEventFilter {
        search: Some("ORDER ON ITS".into()),
        ..filter(waba, None)
    };
    assert_eq!(console.webhook_events(&search).await.unwrap().total, 1);

    // A second start replaces the first (its port is free again); stopping remembers the port.
    let port = running.port;
    let restarted = console
        .start_local_receiver(&start(&f.profile, port))
        .await
        .unwrap();
    assert_eq!(restarted.port, port);
    let stopped = console.stop_local_receiver().await.unwrap();
    assert!(!stopped.running);
    assert_eq!(stopped.port, port);
    assert!(console.send_test_webhook_event(&f.profile).await.is_err());
}

/// The events `filter` takes once at least one is stored (the sandbox delivers on its own task).
async fn wait_for_events(
    console: &waba_service::Console,
    filter: &WebhookEventFilter,
) -> waba_core::receiver::WebhookEventList {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let list = console.webhook_events(filter).await.unwrap();
        if list.total > 0 {
            return list;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no event arrived within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A failed start keeps the receiver that runs; a new app secret restarts it on its port, and
/// removing the secret or the profile stops it (it never checks signatures with a secret that
/// is gone); a blank verify token is no verify token.
#[tokio::test]
async fn the_windows_receiver_follows_its_app_secret_and_survives_a_failed_start() {
    let f = fixture(Scenario::Healthy, "local-receiver-life").await;
    let console = &f.console;
    console
        .set_app_secret(&f.profile, &secret(SANDBOX_APP_SECRET.into()))
        .await
        .unwrap();
    let running = console
        .start_local_receiver(&StartReceiverRequest {
            verify_token: Some(secret("   ".into())),
            ..start(&f.profile, 0)
        })
        .await
        .unwrap();
    assert!(!running.verify_token_set, "a blank verify token is none");

    // Another program holds the asked port: refused, the running receiver is untouched.
    let busy = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let busy_port = busy.local_addr().unwrap().port();
    let refused = console
        .start_local_receiver(&start(&f.profile, busy_port))
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Unreachable, "{}", refused.message);
    assert_eq!(console.local_receiver_status().await.unwrap(), running);
    assert_eq!(
        console
            .send_test_webhook_event(&f.profile)
            .await
            .unwrap()
            .http_status,
        200
    );

    // A rotated secret: restarted on the same port, checking with the new secret.
    console
        .set_app_secret(&f.profile, &secret("rotated-app-secret".into()))
        .await
        .unwrap();
    let rotated = console.local_receiver_status().await.unwrap();
    assert!(rotated.running);
    assert_eq!(rotated.port, running.port);
    let body = br#"{"object":"whatsapp_business_account","entry":[]}"#.to_vec();
    let post = |key: &str| {
        let signature = waba_core::webhook::sign(&secret(key.to_owned()), &body);
        reqwest::Client::builder()
            .no_proxy()
            .build()
            .unwrap()
            .post(rotated.local_url.clone().unwrap())
            .header("Content-Type", "application/json")
            .header(waba_core::webhook::SIGNATURE_HEADER, signature)
            .body(body.clone())
            .send()
    };
    assert_eq!(post(SANDBOX_APP_SECRET).await.unwrap().status(), 401);
    assert_eq!(post("rotated-app-secret").await.unwrap().status(), 200);

    // The secret removed: the receiver stops rather than trust the old one.
    assert!(console.clear_app_secret(&f.profile).await.unwrap());
    assert!(!console.local_receiver_status().await.unwrap().running);
    assert!(post("rotated-app-secret").await.is_err(), "nothing listens");

    // Running again, then the profile removed: stopped with it.
    console
        .set_app_secret(&f.profile, &secret(SANDBOX_APP_SECRET.into()))
        .await
        .unwrap();
    console
        .start_local_receiver(&start(&f.profile, 0))
        .await
        .unwrap();
    console.remove_profile(&f.profile).await.unwrap();
    assert!(!console.local_receiver_status().await.unwrap().running);
    drop(busy);
}
