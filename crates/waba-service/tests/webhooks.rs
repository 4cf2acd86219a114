//! The app secret in the keychain (`<profile id>/app-secret`, trimmed, removed with its profile)
//! and the receiver started for a profile only when it has one. Run under
//! scripts/with-test-keychain.

use waba_core::audit::AuditAction;
use waba_core::profile::NewProfile;
use waba_core::ErrorCode;
use waba_secrets::{secret, ExposeSecret, Keychain};
use waba_service::{Console, ConsoleConfig};

#[tokio::test]
async fn the_app_secret_is_kept_per_profile_gates_the_receiver_and_goes_with_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let service = format!("waba-console-test-webhooks-{}", std::process::id());
    let console = Console::open(ConsoleConfig::new(dir.path().to_path_buf(), &service))
        .await
        .unwrap();
    let profile = console
        .add_profile(NewProfile {
            name: "Acme".into(),
            app_id: "634974688087057".into(),
            waba_id: "102290129340398".into(),
            phone_number_id: "106540352242922".into(),
            api_version: "v26.0".into(),
            base_url: None,
        })
        .await
        .unwrap();
    assert!(!console.has_app_secret(&profile.id).await.unwrap());
    let refused = console
        .start_webhook_receiver(&profile.id, 0, None)
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotFound);
    assert!(
        refused.message.contains("No app secret"),
        "{}",
        refused.message
    );

    let empty = console
        .set_app_secret(&profile.id, &secret(" \n".into()))
        .await
        .unwrap_err();
    assert_eq!(empty.code, ErrorCode::InvalidInput);
    console
        .set_app_secret(&profile.id, &secret("  abc123secret\n".into()))
        .await
        .unwrap();
    let keychain = Keychain::new(&service);
    let account = format!("{}/app-secret", profile.id);
    assert_eq!(
        keychain
            .get(&account)
            .await
            .unwrap()
            .unwrap()
            .expose_secret(),
        "abc123secret"
    );

    let handle = console
        .start_webhook_receiver(&profile.id, 0, Some(secret("vt".into())))
        .await
        .unwrap();
    assert!(handle.local_addr().ip().is_loopback());
    assert!(handle.url().ends_with("/webhook"));
    handle.shutdown().await;
    let filter = waba_core::receiver::WebhookEventFilter {
        limit: 10,
        ..Default::default()
    };
    let events = console.webhook_events(&filter).await.unwrap();
    assert_eq!((events.total, events.events.len()), (0, 0));

    // Storing and removing it are audited; the entry names the profile, never the secret.
    assert!(console.clear_app_secret(&profile.id).await.unwrap());
    let log = console.audit_log(20).await.unwrap();
    let actions: Vec<AuditAction> = log.entries.iter().map(|e| e.action).collect();
    assert!(actions.contains(&AuditAction::AppSecretSet), "{actions:?}");
    assert!(
        actions.contains(&AuditAction::AppSecretCleared),
        "{actions:?}"
    );
    let logged = serde_json::to_string(&log.entries).unwrap();
    assert!(!logged.contains("abc123secret"));
    assert!(!console.has_app_secret(&profile.id).await.unwrap());
    console
        .set_app_secret(&profile.id, &secret("abc123secret".into()))
        .await
        .unwrap();

    console.remove_profile(&profile.id).await.unwrap();
    assert!(keychain.get(&account).await.unwrap().is_none());
}
