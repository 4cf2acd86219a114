//! A secret travels as the secret type everywhere: a canary token and a canary PIN go through
//! every request type that carries one and through the service, and appear in no `Debug` output,
//! no serialized answer or error, no audit entry or export, and nowhere in the database files.

use waba_core::app::SetTokenRequest;
use waba_core::numbers::{RegisterRequest, SetPinRequest};
use waba_core::secret::{secret, ExposeSecret};
use waba_sim::{Scenario, PHONE_NUMBER_ID, SANDBOX_TOKEN};

mod common;

const CANARY_TOKEN: &str = "EAACanaryTokenQ7xZ3vW9mK2pL5";
const CANARY_PIN: &str = "739128";

// The request types that carry a secret can be deserialized (the window sends them) but never
// serialized (nothing can send them on, or write them anywhere).
static_assertions::assert_not_impl_any!(SetTokenRequest: serde::Serialize);
static_assertions::assert_not_impl_any!(SetPinRequest: serde::Serialize);
static_assertions::assert_not_impl_any!(RegisterRequest: serde::Serialize);

fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains(CANARY_TOKEN),
        "{what} shows the token: {text}"
    );
    assert!(!text.contains(CANARY_PIN), "{what} shows the PIN: {text}");
}

#[test]
fn requests_with_secrets_deserialize_and_debug_print_redacted() {
    let token: SetTokenRequest = serde_json::from_value(serde_json::json!({
        "profileId": "p", "token": CANARY_TOKEN, "storeUnverified": false
    }))
    .unwrap();
    assert_eq!(token.token.expose_secret(), CANARY_TOKEN);
    assert_clean("SetTokenRequest", &format!("{token:?} {token:#?}"));
    let pin: SetPinRequest = serde_json::from_value(serde_json::json!({
        "profileId": "p", "phoneNumberId": "1", "pin": CANARY_PIN, "remember": true
    }))
    .unwrap();
    assert_eq!(pin.pin.expose_secret(), CANARY_PIN);
    assert_clean("SetPinRequest", &format!("{pin:?} {pin:#?}"));
    let register: RegisterRequest = serde_json::from_value(serde_json::json!({
        "profileId": "p", "phoneNumberId": "1", "pin": CANARY_PIN,
        "dataLocalizationRegion": null, "confirmed": false
    }))
    .unwrap();
    assert_eq!(register.pin.as_ref().unwrap().expose_secret(), CANARY_PIN);
    assert_clean("RegisterRequest", &format!("{register:?} {register:#?}"));
}

/// Serializes and debug-prints an answer or an error and checks both.
fn check<T: serde::Serialize + std::fmt::Debug>(what: &str, value: &T) {
    assert_clean(what, &serde_json::to_string(value).unwrap());
    assert_clean(what, &format!("{value:?}"));
}

#[tokio::test]
async fn canaries_through_the_service_appear_in_no_answer_log_or_file() {
    let common::Fixture {
        sim: _sim,
        dir,
        console,
        profile,
        ..
    } = common::fixture(Scenario::Healthy, "canary").await;
    let request = |token: &str, store_unverified| SetTokenRequest {
        profile_id: profile.clone(),
        token: secret(token.to_owned()),
        store_unverified,
    };

    // Meta refuses the canary token: the answer says so without quoting it, and the sandbox's
    // token stays stored.
    let refused = console
        .set_token(request(CANARY_TOKEN, true))
        .await
        .unwrap();
    assert!(!refused.stored, "{refused:?}");
    check("the refused token's answer", &refused);
    check("the checklist", &console.checklist(&profile).await.unwrap());

    console
        .set_token(request(SANDBOX_TOKEN, false))
        .await
        .unwrap();
    let canary_pin = secret(CANARY_PIN.to_owned());
    console
        .set_pin(&profile, PHONE_NUMBER_ID, &canary_pin, true)
        .await
        .unwrap();
    let typed = console
        .register(&profile, PHONE_NUMBER_ID, Some(&canary_pin), None, false)
        .await;
    check("a register with the typed PIN", &typed);
    let kept = console
        .register(&profile, PHONE_NUMBER_ID, None, None, false)
        .await;
    check("a register with the kept PIN", &kept);
    let bad_pin = console
        .set_pin(
            &profile,
            PHONE_NUMBER_ID,
            &secret(format!("{CANARY_PIN}0")),
            false,
        )
        .await
        .unwrap_err();
    check("a refused PIN", &bad_pin);
    check(
        "the doctor",
        &console.run_doctor(&profile, None).await.unwrap(),
    );
    let audit = console.audit_log(100).await.unwrap();
    assert!(audit.entries.len() >= 5);
    check("the audit log", &audit);
    let export = console
        .export_audit(waba_core::app::ExportFormat::Csv, dir.path())
        .await
        .unwrap();
    assert_clean(
        "the audit export",
        &std::fs::read_to_string(&export.path).unwrap(),
    );

    console.clear_token(&profile).await.unwrap();
    drop(console);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert_clean(
                &path.display().to_string(),
                &String::from_utf8_lossy(&bytes),
            );
        }
    }
}
