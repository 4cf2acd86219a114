//! A display-name decision that reaches the console as Meta sends it: the sandbox reviews a
//! requested name on its clock and posts `phone_number_name_update` to the app's callback, the
//! window's receiver stores it, and the Profile page's next read shows it in plain words.

mod common;

use std::time::Duration;

use waba_core::business_profile::DisplayNameRequest;
use waba_core::graph_states::NameStatus;
use waba_core::receiver::{StartReceiverRequest, WebhookEventFilter};
use waba_secrets::secret;
use waba_service::CallbackOverride;
use waba_sim::{Scenario, SANDBOX_APP_SECRET, WABA_ID};

use common::fixture;

#[tokio::test]
async fn a_name_update_webhook_stored_by_the_receiver_shows_on_the_page() {
    let f = fixture(Scenario::Healthy, "bp-name-webhook").await;
    let console = &f.console;
    console
        .set_app_secret(&f.profile, &secret(SANDBOX_APP_SECRET.into()))
        .await
        .unwrap();
    let receiver = console
        .start_local_receiver(&StartReceiverRequest {
            profile_id: f.profile.clone(),
            port: 0,
            listen_on_all_interfaces: false,
            verify_token: Some(secret("name-verify".into())),
        })
        .await
        .unwrap();
    console
        .set_app_webhook_config(
            &f.profile,
            CallbackOverride {
                url: receiver.local_url.clone().unwrap(),
                verify_token: secret("name-verify".into()),
            },
            &["phone_number_name_update".to_owned()],
        )
        .await
        .unwrap();
    let before = console.profile_page(&f.profile).await.unwrap();
    assert_eq!(before.display_name.last_update, None, "nothing stored yet");

    // All capitals is only a warning for the console; the sandbox's review rejects it.
    let pending = console
        .request_display_name(&DisplayNameRequest {
            profile_id: f.profile.clone(),
            new_name: "LUCKY SHRUB GARDEN".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        pending.new_name_status.map(|s| s.value),
        Some(NameStatus::PendingReview)
    );
    f.sim.clock().advance(Duration::from_secs(3600));
    // A Graph call finds the decision due; the emitter then posts the webhook.
    let decided = console.profile_page(&f.profile).await.unwrap();
    assert_eq!(
        decided.display_name.new_name_status.map(|s| s.value),
        Some(NameStatus::Declined)
    );

    let filter = WebhookEventFilter {
        waba_id: Some(WABA_ID.to_owned()),
        kind_prefix: Some("phone.name".into()),
        limit: 10,
        ..WebhookEventFilter::default()
    };
    let mut stored = false;
    for _ in 0..100 {
        if !console
            .webhook_events(&filter)
            .await
            .unwrap()
            .events
            .is_empty()
        {
            stored = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(stored, "the receiver never stored the name update");

    let page = console.profile_page(&f.profile).await.unwrap();
    let update = page.display_name.last_update.expect("the stored webhook");
    assert_eq!(update.decision, "REJECTED");
    assert_eq!(update.requested_name.as_deref(), Some("LUCKY SHRUB GARDEN"));
    assert_eq!(
        update.rejection_reason.as_deref(),
        Some("NAME_FORMAT_UNACCEPTABLE")
    );
    assert!(update.meaning.contains("formatting"), "{}", update.meaning);
}
