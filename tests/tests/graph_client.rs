//! The real Graph client against the sandbox over loopback HTTP, for every scenario and fault.

mod common;

use std::time::Duration;

use waba_core::graph_states::GraphState;
use waba_graph::{ClientConfig, GraphClient, GraphError, DEFAULT_TIMEOUT};
use waba_secrets::{secret, Secret};
use waba_sim::{
    Sandbox, SandboxConfig, Scenario, PHONE_NUMBER_ID, PHONE_NUMBER_IDS, SANDBOX_TOKEN, WABA_ID,
};

async fn sandbox(scenario: Scenario) -> Sandbox {
    Sandbox::start(
        SandboxConfig {
            scenario,
            ..SandboxConfig::default()
        },
        0,
    )
    .await
    .expect("sandbox starts")
}

fn client(base_url: &str, timeout: Duration) -> GraphClient {
    GraphClient::new(ClientConfig {
        base_url: base_url.into(),
        version: "v26.0".into(),
        timeout,
    })
    .unwrap()
}

fn token() -> Secret {
    secret(SANDBOX_TOKEN.into())
}

#[tokio::test]
async fn debug_token_per_scenario() {
    for scenario in Scenario::ALL {
        let sim = sandbox(scenario).await;
        let answer = client(&sim.base_url(), DEFAULT_TIMEOUT)
            .debug_token(&token())
            .await;
        match scenario {
            Scenario::ExpiredToken => {
                let Err(GraphError::Api(g)) = answer else {
                    panic!("expired token accepted: {answer:?}")
                };
                assert_eq!((g.http_status, g.code, g.subcode), (401, 190, Some(463)));
                assert!(g
                    .www_authenticate
                    .as_deref()
                    .unwrap()
                    .starts_with("OAuth \"Facebook Platform\" \"invalid_token\""));
                assert!(g.fbtrace_id.is_some());
            }
            _ => {
                let t = answer.unwrap();
                assert!(t.is_valid, "{scenario:?}");
                assert_eq!(t.app_id.as_deref(), Some(waba_sim::APP_ID));
                let messaging = t.scopes.iter().any(|s| s == "whatsapp_business_messaging");
                assert_eq!(
                    messaging,
                    scenario != Scenario::MissingScope,
                    "{scenario:?}"
                );
                match scenario {
                    Scenario::UserToken => {
                        assert_eq!(t.token_type.as_deref(), Some("USER"));
                        assert!(t.expires_at > 0);
                    }
                    _ => {
                        assert_eq!(t.token_type.as_deref(), Some("SYSTEM_USER"));
                        assert_eq!(t.expires_at, 0);
                    }
                }
            }
        }
        sim.shutdown().await;
    }
}

#[tokio::test]
async fn a_garbage_token_is_refused_with_190_and_no_subcode() {
    let sim = sandbox(Scenario::Healthy).await;
    let err = client(&sim.base_url(), DEFAULT_TIMEOUT)
        .debug_token(&secret("EAAnot-a-real-token".into()))
        .await
        .unwrap_err();
    let GraphError::Api(g) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((g.http_status, g.code, g.subcode), (401, 190, None));
    let printed = format!("{err} {err:?}");
    assert!(
        !printed.contains("EAAnot-a-real-token"),
        "the token leaked into the error: {printed}"
    );
}

#[tokio::test]
async fn unknown_ids_get_the_100_33_envelope() {
    let sim = sandbox(Scenario::Healthy).await;
    let err = client(&sim.base_url(), DEFAULT_TIMEOUT)
        .phone_number(&token(), "999999999999999", &["id"])
        .await
        .unwrap_err();
    let GraphError::Api(g) = err else { panic!() };
    assert_eq!((g.http_status, g.code, g.subcode), (400, 100, Some(33)));
    assert_eq!(g.error_type.as_deref(), Some("GraphMethodException"));
    assert!(g
        .graph_message
        .starts_with("Unsupported get request. Object with ID '999999999999999' does not exist"));
    assert_eq!(g.details, None);
}

#[tokio::test]
async fn waba_and_phone_number_reads() {
    let sim = sandbox(Scenario::Fresh).await;
    let c = client(&sim.base_url(), DEFAULT_TIMEOUT);
    let waba = c.waba(&token(), WABA_ID, &["id", "name"]).await.unwrap();
    assert_eq!(waba.id, WABA_ID);
    assert!(waba.name.is_some());
    let fields = [
        "id",
        "status",
        "code_verification_status",
        "platform_type",
        "is_pin_enabled",
        "health_status",
    ];
    let phone = c
        .phone_number(&token(), PHONE_NUMBER_ID, &fields)
        .await
        .unwrap();
    assert_eq!(
        phone
            .code_verification_status
            .as_ref()
            .map(GraphState::as_graph),
        Some("NOT_VERIFIED")
    );
    assert_eq!(
        phone.platform_type.as_ref().map(GraphState::as_graph),
        Some("NOT_APPLICABLE")
    );
    assert_eq!(phone.is_pin_enabled, Some(false));
    assert_eq!(
        phone
            .health_status
            .unwrap()
            .can_send_message
            .as_ref()
            .map(GraphState::as_graph),
        Some("BLOCKED")
    );

    let healthy = sandbox(Scenario::Healthy).await;
    let phone = client(&healthy.base_url(), DEFAULT_TIMEOUT)
        .phone_number(&token(), PHONE_NUMBER_ID, &fields)
        .await
        .unwrap();
    assert_eq!(
        phone.status.as_ref().map(GraphState::as_graph),
        Some("CONNECTED")
    );
    assert_eq!(
        phone.platform_type.as_ref().map(GraphState::as_graph),
        Some("CLOUD_API")
    );
}

#[tokio::test]
async fn the_client_follows_every_page() {
    let sim = sandbox(Scenario::Healthy).await;
    let numbers = client(&sim.base_url(), DEFAULT_TIMEOUT)
        .with_page_size(1)
        .phone_numbers(&token(), WABA_ID, &["id", "display_phone_number"])
        .await
        .unwrap();
    let ids: Vec<_> = numbers.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, PHONE_NUMBER_IDS);
}

#[tokio::test]
async fn the_client_counts_the_requests_it_sends_each_page_too() {
    let sim = sandbox(Scenario::Healthy).await;
    let c = client(&sim.base_url(), DEFAULT_TIMEOUT).with_page_size(1);
    let clone = c.clone();
    c.phone_numbers(&token(), WABA_ID, &["id"]).await.unwrap();
    clone.debug_token(&token()).await.unwrap();
    // One request per page of three numbers, plus debug_token; clones share the count.
    assert_eq!((c.requests_sent(), clone.requests_sent()), (4, 4));
    let received = sim.requests().snapshot();
    assert_eq!(received.total, 4);
    assert_eq!(received.by_route["GET /{version}/{id}/phone_numbers"], 3);
    assert_eq!(client(&sim.base_url(), DEFAULT_TIMEOUT).requests_sent(), 0);
}

#[tokio::test]
async fn injected_graph_errors_html_pages_and_resets_are_typed() {
    let sim = sandbox(Scenario::Healthy).await;
    let c = client(&sim.base_url(), DEFAULT_TIMEOUT);

    sim.faults().fail_next(1, 131000, None);
    let GraphError::Api(g) = c.debug_token(&token()).await.unwrap_err() else {
        panic!()
    };
    assert_eq!(g.code, 131000);
    assert_eq!(g.http_status, 500);
    assert!(
        g.details.is_some(),
        "WhatsApp codes carry error_data.details"
    );

    sim.faults().html_500_next(1);
    match c.debug_token(&token()).await.unwrap_err() {
        GraphError::NotJson {
            status: 500,
            content_type,
            ..
        } => assert!(content_type.unwrap().starts_with("text/html")),
        other => panic!("{other:?}"),
    }

    sim.faults().reset_next(1);
    let err = c.debug_token(&token()).await.unwrap_err();
    assert!(matches!(err, GraphError::Unreachable { .. }), "{err:?}");
    assert!(
        !format!("{err} {err:?}").contains(SANDBOX_TOKEN),
        "token leaked: {err:?}"
    );

    assert!(
        c.debug_token(&token()).await.is_ok(),
        "faults are used up, the next call works"
    );
}

#[tokio::test]
async fn a_slow_server_times_out_without_leaking_the_token() {
    let sim = sandbox(Scenario::Healthy).await;
    sim.faults().set_latency(Duration::from_millis(1500));
    let err = client(&sim.base_url(), Duration::from_millis(300))
        .debug_token(&token())
        .await
        .unwrap_err();
    assert!(matches!(err, GraphError::Timeout { .. }), "{err:?}");
    let printed = format!("{err} {err:?}");
    assert!(
        !printed.contains(SANDBOX_TOKEN) && !printed.contains("input_token"),
        "{printed}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_unreachable() {
    let sim = sandbox(Scenario::Healthy).await;
    let url = sim.base_url();
    sim.shutdown().await;
    let err = client(&url, Duration::from_secs(5))
        .debug_token(&token())
        .await
        .unwrap_err();
    assert!(matches!(err, GraphError::Unreachable { .. }), "{err:?}");
    let command_error = waba_core::CommandError::from(err);
    assert_eq!(command_error.code, waba_core::ErrorCode::Unreachable);
    assert!(command_error.action.unwrap().contains("base URL"));
}

/// The registration calls through the real client, with each of Meta's refusals typed.
#[tokio::test]
async fn registration_calls_and_their_errors() {
    let code_of = |r: Result<waba_graph::model::Success, GraphError>| match r {
        Err(GraphError::Api(g)) => (g.code, g.subcode),
        other => panic!("expected a Graph error, got {other:?}"),
    };
    let pin = |p: &str| secret(p.into());

    // fresh: 133006 before ownership, then the happy path.
    let sim = sandbox(Scenario::Fresh).await;
    let c = client(&sim.base_url(), DEFAULT_TIMEOUT);
    assert_eq!(
        code_of(
            c.register(&token(), PHONE_NUMBER_ID, &pin("123456"), None)
                .await
        ),
        (133006, None)
    );
    c.request_code(&token(), PHONE_NUMBER_ID, "SMS", "en_US")
        .await
        .unwrap();
    c.verify_code(&token(), PHONE_NUMBER_ID, waba_sim::VERIFICATION_CODE)
        .await
        .unwrap();
    assert!(
        c.set_pin(&token(), PHONE_NUMBER_ID, &pin("012345"))
            .await
            .unwrap()
            .success
    );
    sim.clock().advance(Duration::from_secs(11));
    assert!(
        c.register(&token(), PHONE_NUMBER_ID, &pin("012345"), Some("DE"))
            .await
            .unwrap()
            .success
    );
    assert!(
        c.deregister(&token(), PHONE_NUMBER_ID)
            .await
            .unwrap()
            .success
    );
    assert_eq!(
        code_of(c.set_pin(&token(), PHONE_NUMBER_ID, &pin("12345")).await),
        (100, None)
    );
    assert_eq!(
        code_of(c.deregister(&token(), "999999999999999").await),
        (100, Some(33))
    );

    // healthy (PIN set): mismatch, too fast, too many guesses, then 133016 past 10 in 72 h.
    let sim = sandbox(Scenario::Healthy).await;
    let c = client(&sim.base_url(), DEFAULT_TIMEOUT);
    let next = || sim.clock().advance(Duration::from_secs(11));
    assert_eq!(
        code_of(
            c.register(&token(), PHONE_NUMBER_ID, &pin("000000"), None)
                .await
        ),
        (133005, None)
    );
    assert_eq!(
        code_of(
            c.register(&token(), PHONE_NUMBER_ID, &pin("000000"), None)
                .await
        ),
        (133009, None)
    );
    next();
    assert_eq!(
        code_of(
            c.register(&token(), PHONE_NUMBER_ID, &pin("000000"), None)
                .await
        ),
        (133005, None)
    );
    next();
    assert_eq!(
        code_of(
            c.register(&token(), PHONE_NUMBER_ID, &pin("000000"), None)
                .await
        ),
        (133008, None)
    );
    for _ in 0..6 {
        next();
        let _ = c
            .register(&token(), PHONE_NUMBER_ID, &pin(waba_sim::SANDBOX_PIN), None)
            .await;
    }
    next();
    assert_eq!(
        code_of(
            c.register(&token(), PHONE_NUMBER_ID, &pin(waba_sim::SANDBOX_PIN), None)
                .await
        ),
        (133016, None)
    );

    // register-fails: 100 with subcode 2388001 and Meta's user-facing texts.
    let sim = sandbox(Scenario::RegisterFails).await;
    let c = client(&sim.base_url(), DEFAULT_TIMEOUT);
    match c
        .register(&token(), PHONE_NUMBER_ID, &pin(waba_sim::SANDBOX_PIN), None)
        .await
    {
        Err(GraphError::Api(g)) => {
            assert_eq!((g.code, g.subcode), (100, Some(2388001)));
            assert!(g.user_title.is_some() && g.user_msg.is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn webhook_subscriptions_through_the_client() {
    let code_of = |r: Result<waba_graph::model::Success, GraphError>| match r {
        Err(GraphError::Api(g)) => g.code,
        other => panic!("expected a Graph error, got {other:?}"),
    };
    let sim = sandbox(Scenario::Fresh).await;
    let c = client(&sim.base_url(), DEFAULT_TIMEOUT);
    assert!(c
        .subscribed_apps(&token(), WABA_ID)
        .await
        .unwrap()
        .is_empty());
    assert!(
        c.subscribe_app(&token(), WABA_ID, None)
            .await
            .unwrap()
            .success
    );
    let apps = c.subscribed_apps(&token(), WABA_ID).await.unwrap();
    assert_eq!(
        apps[0].whatsapp_business_api_data.as_ref().unwrap().id,
        waba_sim::APP_ID
    );
    assert_eq!(apps[0].override_callback_uri, None);

    // An override is verified first: a wrong verify token is refused with 2200 and not kept.
    let url = common::verifying_callback("right").await;
    let wrong = secret("wrong".into());
    assert_eq!(
        code_of(
            c.subscribe_app(&token(), WABA_ID, Some((&url, &wrong)))
                .await
        ),
        2200
    );
    let right = secret("right".into());
    c.subscribe_app(&token(), WABA_ID, Some((&url, &right)))
        .await
        .unwrap();
    let apps = c.subscribed_apps(&token(), WABA_ID).await.unwrap();
    assert_eq!(apps[0].override_callback_uri.as_deref(), Some(url.as_str()));
    assert!(c.unsubscribe_app(&token(), WABA_ID).await.unwrap().success);
    assert!(c
        .subscribed_apps(&token(), WABA_ID)
        .await
        .unwrap()
        .is_empty());

    // The app's own subscription takes the app access token; a system-user token gets 15.
    let app_token = secret(format!(
        "{}|{}",
        waba_sim::APP_ID,
        waba_sim::SANDBOX_APP_SECRET
    ));
    assert!(c
        .app_subscriptions(&app_token, waba_sim::APP_ID)
        .await
        .unwrap()
        .is_empty());
    match c.app_subscriptions(&token(), waba_sim::APP_ID).await {
        Err(GraphError::Api(g)) => assert_eq!((g.http_status, g.code), (400, 15)),
        other => panic!("a system-user token was accepted: {other:?}"),
    }
    c.set_app_subscription(
        &app_token,
        waba_sim::APP_ID,
        &url,
        &right,
        &["messages", "account_update"],
    )
    .await
    .unwrap();
    let subs = c
        .app_subscriptions(&app_token, waba_sim::APP_ID)
        .await
        .unwrap();
    assert_eq!(subs[0].object, "whatsapp_business_account");
    assert_eq!(subs[0].callback_url.as_deref(), Some(url.as_str()));
    assert!(subs[0].active);
    let names: Vec<&str> = subs[0].fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["messages", "account_update"]);
}
