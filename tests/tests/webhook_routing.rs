//! Which callback a number's webhooks go to, through the Graph client and the service against
//! the sandbox: the app's callback, the WABA's override and the number's override side by side,
//! the winner at each level as overrides are set and cleared (each audited, no verify token in
//! the log), and Meta's order (a number override is refused until the app is subscribed).

mod common;

use std::time::Duration;

use waba_core::audit::{AuditAction, Outcome};
use waba_core::subscriptions::CallbackLevel;
use waba_core::ErrorCode;
use waba_graph::{ClientConfig, GraphClient, GraphError};
use waba_secrets::secret;
use waba_service::CallbackOverride;
use waba_sim::{Scenario, PHONE_NUMBER_ID, PHONE_NUMBER_IDS, SANDBOX_TOKEN, WABA_ID};

use common::{fixture, verifying_callback};

const VERIFY_TOKEN: &str = "routing-token-3c9e";
/// The `healthy` app's callback as the sandbox seeds it.
const APP_CALLBACK: &str = "https://hooks.sandbox.example/whatsapp";

fn callback(url: &str, token: &str) -> CallbackOverride {
    CallbackOverride {
        url: url.to_owned(),
        verify_token: secret(token.to_owned()),
    }
}

#[tokio::test]
async fn the_client_sets_reads_and_deletes_a_number_override() {
    let f = fixture(Scenario::Healthy, "route-client").await;
    let client = GraphClient::new(ClientConfig {
        base_url: f.sim.base_url(),
        version: "v26.0".into(),
        timeout: Duration::from_secs(15),
    })
    .unwrap();
    let token = secret(SANDBOX_TOKEN.into());
    let url = verifying_callback(VERIFY_TOKEN).await;
    let wrong = client
        .set_number_webhook_override(
            &token,
            PHONE_NUMBER_ID,
            Some((&url, &secret("nope".into()))),
        )
        .await;
    assert!(
        matches!(&wrong, Err(GraphError::Api(g)) if g.code == 2200),
        "{wrong:?}"
    );
    let set = client
        .set_number_webhook_override(
            &token,
            PHONE_NUMBER_ID,
            Some((&url, &secret(VERIFY_TOKEN.into()))),
        )
        .await
        .unwrap();
    assert!(set.success);
    let read = client
        .phone_number(&token, PHONE_NUMBER_ID, &["webhook_configuration"])
        .await
        .unwrap()
        .webhook_configuration
        .unwrap();
    assert_eq!(read.phone_number.as_deref(), Some(url.as_str()));
    assert_eq!(read.application.as_deref(), Some(APP_CALLBACK));
    client
        .set_number_webhook_override(&token, PHONE_NUMBER_ID, None)
        .await
        .unwrap();
    let read = client
        .phone_number(&token, PHONE_NUMBER_ID, &["webhook_configuration"])
        .await
        .unwrap()
        .webhook_configuration
        .unwrap();
    assert_eq!(read.phone_number, None);
}

#[tokio::test]
async fn the_most_specific_callback_wins_as_overrides_are_set_and_cleared() {
    let f = fixture(Scenario::Healthy, "route-levels").await;
    let c = &f.console;
    let app = c.webhook_routing(&f.profile, None).await.unwrap();
    assert_eq!(app.phone_number_id, PHONE_NUMBER_ID);
    assert_eq!(app.waba_id, WABA_ID);
    assert!(app.subscribed);
    assert_eq!(app.winner, Some(CallbackLevel::App));
    assert_eq!(app.app_callback.as_deref(), Some(APP_CALLBACK));
    assert_eq!(app.winner_url.as_deref(), Some(APP_CALLBACK));
    assert!(
        app.explanation.contains(APP_CALLBACK),
        "{}",
        app.explanation
    );

    let waba_url = verifying_callback(VERIFY_TOKEN).await;
    let waba = c
        .set_waba_override(&f.profile, callback(&waba_url, VERIFY_TOKEN))
        .await
        .unwrap();
    assert_eq!(waba.winner, Some(CallbackLevel::Waba));
    assert_eq!(waba.waba_override.as_deref(), Some(waba_url.as_str()));
    assert_eq!(waba.winner_url.as_deref(), Some(waba_url.as_str()));
    assert!(
        waba.explanation.contains("WABA's override"),
        "{}",
        waba.explanation
    );

    let number_url = verifying_callback(VERIFY_TOKEN).await;
    let refused = c
        .set_number_override(&f.profile, None, callback(&number_url, "not-it"))
        .await
        .unwrap_err();
    assert_eq!(refused.graph().map(|g| g.code), Some(2200));
    let number = c
        .set_number_override(&f.profile, None, callback(&number_url, VERIFY_TOKEN))
        .await
        .unwrap();
    assert_eq!(number.winner, Some(CallbackLevel::Number));
    assert_eq!(number.number_override.as_deref(), Some(number_url.as_str()));
    assert_eq!(number.waba_override.as_deref(), Some(waba_url.as_str()));
    assert_eq!(number.app_callback.as_deref(), Some(APP_CALLBACK));
    assert!(number.explanation.contains(&number_url));
    // The WABA's other numbers still go to the WABA's override.
    let other = c
        .webhook_routing(&f.profile, Some(PHONE_NUMBER_IDS[1]))
        .await
        .unwrap();
    assert_eq!(
        (other.winner, other.number_override),
        (Some(CallbackLevel::Waba), None)
    );
    let overview = c.subscriptions_overview(&f.profile).await.unwrap();
    assert_eq!(overview.routing.as_ref(), Some(&number));
    assert_eq!(overview.routing_error, None);

    // Cleared in the reverse order: number, then WABA.
    let back_to_waba = c.clear_number_override(&f.profile, None).await.unwrap();
    assert_eq!(back_to_waba.winner, Some(CallbackLevel::Waba));
    assert_eq!(back_to_waba.number_override, None);
    let back_to_app = c.clear_waba_override(&f.profile).await.unwrap();
    assert_eq!(back_to_app.winner, Some(CallbackLevel::App));
    assert_eq!(back_to_app.waba_override, None);

    let log = c.audit_log(30).await.unwrap();
    let overrides: Vec<(AuditAction, Outcome, Option<i64>)> = log
        .entries
        .iter()
        .filter(|e| {
            matches!(
                e.action,
                AuditAction::NumberOverrideSet | AuditAction::NumberOverrideCleared
            )
        })
        .map(|e| (e.action, e.outcome, e.graph_code))
        .collect();
    assert_eq!(overrides.len(), 3, "{overrides:?}");
    assert!(overrides.contains(&(AuditAction::NumberOverrideSet, Outcome::Failed, Some(2200))));
    assert!(overrides.contains(&(AuditAction::NumberOverrideSet, Outcome::Ok, None)));
    assert!(overrides.contains(&(AuditAction::NumberOverrideCleared, Outcome::Ok, None)));
    assert!(!format!("{:?}", log.entries).contains(VERIFY_TOKEN));
}

#[tokio::test]
async fn a_number_override_waits_for_the_subscription_and_says_so() {
    let f = fixture(Scenario::Fresh, "route-order").await;
    let c = &f.console;
    let before = c.webhook_routing(&f.profile, None).await.unwrap();
    assert!(!before.subscribed);
    assert_eq!(before.winner, None);
    assert!(
        before.explanation.contains("no callback receives anything"),
        "{}",
        before.explanation
    );
    assert!(before
        .order_note
        .contains("subscribe the app to the WABA first"));

    let url = verifying_callback(VERIFY_TOKEN).await;
    let refused = c
        .set_number_override(&f.profile, None, callback(&url, VERIFY_TOKEN))
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Graph);
    assert_eq!(refused.graph().map(|g| g.code), Some(100));
    let action = refused.action.as_deref().unwrap_or_default();
    assert!(action.contains("waba subscribe"), "{action}");

    let bad_id = c
        .set_number_override(
            &f.profile,
            Some("+1 555 0100"),
            callback(&url, VERIFY_TOKEN),
        )
        .await
        .unwrap_err();
    assert_eq!(bad_id.code, ErrorCode::InvalidInput);

    c.subscribe_app(&f.profile, None).await.unwrap();
    let set = c
        .set_number_override(&f.profile, None, callback(&url, VERIFY_TOKEN))
        .await
        .unwrap();
    assert!(set.subscribed);
    assert_eq!(set.winner, Some(CallbackLevel::Number));
    assert_eq!(set.app_callback, None, "the fresh app has no callback");

    let log = c.audit_log(20).await.unwrap();
    assert!(log
        .entries
        .iter()
        .any(|e| e.action == AuditAction::NumberOverrideSet
            && e.outcome == Outcome::Failed
            && e.graph_code == Some(100)));
}
