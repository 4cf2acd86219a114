//! Webhook subscriptions through the service against the sandbox: subscribe (with and without an
//! override verified by Meta's GET challenge), unsubscribe, the app's webhook configuration read
//! and set with the app access token built from the keychain's app secret, the `messages`
//! warning, and every change in the audit log without a secret in it.

mod common;

use waba_core::audit::{AuditAction, Outcome};
use waba_core::ErrorCode;
use waba_secrets::secret;
use waba_service::CallbackOverride;
use waba_sim::{Scenario, APP_ID, SANDBOX_APP_SECRET, WABA_ID};

use common::{fixture, verifying_callback};

const VERIFY_TOKEN: &str = "verify-me-7d1f";

fn callback(url: &str, token: &str) -> CallbackOverride {
    CallbackOverride {
        url: url.to_owned(),
        verify_token: secret(token.to_owned()),
    }
}

#[tokio::test]
async fn subscribe_override_and_unsubscribe_are_audited() {
    let f = fixture(Scenario::Fresh, "subs-waba").await;
    let c = &f.console;
    let before = c.waba_subscriptions(&f.profile).await.unwrap();
    assert!(!before.subscribed);
    assert!(
        before.message.contains("waba subscribe"),
        "{}",
        before.message
    );

    let after = c.subscribe_app(&f.profile, None).await.unwrap();
    assert!(after.subscribed);
    assert_eq!(after.waba_id, WABA_ID);
    assert_eq!(after.apps[0].app_id, APP_ID);
    assert_eq!(after.apps[0].override_callback_uri, None);

    // The override is verified by the sandbox: a wrong verify token is Meta's 2200.
    let url = verifying_callback(VERIFY_TOKEN).await;
    let refused = c
        .subscribe_app(&f.profile, Some(callback(&url, "not-it")))
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Graph);
    assert_eq!(refused.graph().unwrap().code, 2200);
    let with_override = c
        .subscribe_app(&f.profile, Some(callback(&url, VERIFY_TOKEN)))
        .await
        .unwrap();
    assert_eq!(
        with_override.apps[0].override_callback_uri.as_deref(),
        Some(url.as_str())
    );
    assert!(with_override.message.contains(&url));

    // A cleartext callback off this machine is refused before anything is sent.
    let local = c
        .subscribe_app(
            &f.profile,
            Some(callback("http://hooks.example.com/wa", VERIFY_TOKEN)),
        )
        .await
        .unwrap_err();
    assert_eq!(local.code, ErrorCode::InvalidInput);

    let gone = c.unsubscribe_app(&f.profile).await.unwrap();
    assert!(!gone.subscribed);
    assert!(gone.apps.is_empty());

    let log = c.audit_log(20).await.unwrap();
    let actions: Vec<(AuditAction, Outcome, Option<i64>)> = log
        .entries
        .iter()
        .filter(|e| {
            matches!(
                e.action,
                AuditAction::Subscribed | AuditAction::Unsubscribed
            )
        })
        .map(|e| (e.action, e.outcome, e.graph_code))
        .collect();
    assert_eq!(actions.len(), 4, "{actions:?}");
    assert!(actions.contains(&(AuditAction::Subscribed, Outcome::Failed, Some(2200))));
    assert!(actions.contains(&(AuditAction::Unsubscribed, Outcome::Ok, None)));
    let text = format!("{:?}", log.entries);
    assert!(!text.contains(VERIFY_TOKEN));
}

#[tokio::test]
async fn the_app_webhook_needs_the_app_secret_and_warns_without_messages() {
    let f = fixture(Scenario::Fresh, "subs-app").await;
    let c = &f.console;
    let missing = c.app_webhook_config(&f.profile).await.unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
    let overview = c.subscriptions_overview(&f.profile).await.unwrap();
    assert!(!overview.app_secret_stored);
    assert_eq!(overview.app, None);

    c.set_app_secret(&f.profile, &secret(SANDBOX_APP_SECRET.into()))
        .await
        .unwrap();
    let empty = c.app_webhook_config(&f.profile).await.unwrap();
    assert_eq!(empty.callback_url, None);
    assert_eq!(empty.warnings.len(), 2, "{:?}", empty.warnings);

    let url = verifying_callback(VERIFY_TOKEN).await;
    let set = c
        .set_app_webhook_config(
            &f.profile,
            callback(&url, VERIFY_TOKEN),
            &["account_update".to_owned()],
        )
        .await
        .unwrap();
    assert_eq!(set.callback_url.as_deref(), Some(url.as_str()));
    assert!(set.active);
    assert_eq!(set.warnings.len(), 1);
    assert!(set.warnings[0].contains("messages"), "{:?}", set.warnings);

    let set = c
        .set_app_webhook_config(
            &f.profile,
            callback(&url, VERIFY_TOKEN),
            &["messages".to_owned()],
        )
        .await
        .unwrap();
    assert!(set.warnings.is_empty(), "{:?}", set.warnings);
    let names: Vec<&str> = set.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["account_update", "messages"]);

    let overview = c.subscriptions_overview(&f.profile).await.unwrap();
    assert!(overview.app_secret_stored);
    assert_eq!(overview.app, Some(set));

    // A wrong app secret is Meta's 190 for the app token, kept next to the WABA's side.
    c.set_app_secret(&f.profile, &secret("0123456789abcdef".into()))
        .await
        .unwrap();
    let overview = c.subscriptions_overview(&f.profile).await.unwrap();
    assert_eq!(overview.app_error.unwrap().graph().unwrap().code, 190);

    let log = c.audit_log(20).await.unwrap();
    let set_entries = log
        .entries
        .iter()
        .filter(|e| e.action == AuditAction::AppSubscriptionSet)
        .count();
    assert_eq!(set_entries, 2);
    let text = format!("{:?}", log.entries);
    assert!(!text.contains(VERIFY_TOKEN) && !text.contains(SANDBOX_APP_SECRET));
}

#[tokio::test]
async fn healthy_is_subscribed_with_an_app_callback() {
    let f = fixture(Scenario::Healthy, "subs-healthy").await;
    let c = &f.console;
    c.set_app_secret(&f.profile, &secret(SANDBOX_APP_SECRET.into()))
        .await
        .unwrap();
    let overview = c.subscriptions_overview(&f.profile).await.unwrap();
    assert!(overview.waba.subscribed);
    let app = overview.app.unwrap();
    assert!(app.callback_url.is_some());
    assert!(app.warnings.is_empty(), "{:?}", app.warnings);
    assert!(app.fields.iter().any(|f| f.name == "messages"));
}

/// Meta refuses an override from an app that is not subscribed yet (100); the console keeps
/// Meta's order: it subscribes first, in its own audited call, then sets the override.
#[tokio::test]
async fn an_override_on_an_unsubscribed_waba_subscribes_first() {
    let f = fixture(Scenario::Fresh, "subs-order").await;
    let c = &f.console;
    assert!(!c.waba_subscriptions(&f.profile).await.unwrap().subscribed);
    let url = verifying_callback(VERIFY_TOKEN).await;
    let done = c
        .subscribe_app(&f.profile, Some(callback(&url, VERIFY_TOKEN)))
        .await
        .unwrap();
    assert!(done.subscribed);
    assert_eq!(
        done.apps[0].override_callback_uri.as_deref(),
        Some(url.as_str())
    );
    let targets: Vec<String> = c
        .audit_log(10)
        .await
        .unwrap()
        .entries
        .iter()
        .filter(|e| e.action == AuditAction::Subscribed)
        .filter_map(|e| e.target.clone())
        .collect();
    assert_eq!(
        targets,
        [
            format!("WABA {WABA_ID} with override {url}"),
            format!("WABA {WABA_ID}")
        ],
        "newest first: the plain subscription, then the override"
    );
}
