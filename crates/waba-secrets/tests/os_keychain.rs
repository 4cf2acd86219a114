//! Round trips through the real OS keychain (Secret Service on Linux).
//!
//! These tests do not skip when no keychain is reachable: CI runs them under a private D-Bus
//! session with an unlocked gnome-keyring (see scripts/test), and a missing keychain must fail the
//! run. Each test uses its own service name, so the user's real entries are never touched.

use waba_secrets::{secret, ExposeSecret, Keychain};

fn keychain(tag: &str) -> Keychain {
    Keychain::new(format!("waba-console-test-{tag}-{}", std::process::id()))
}

#[tokio::test]
async fn set_get_replace_delete() {
    let kc = keychain("roundtrip");
    assert!(kc.get("profile-1").await.unwrap().is_none());

    kc.set("profile-1", &secret("EAAfirst".into()))
        .await
        .unwrap();
    assert_eq!(
        kc.get("profile-1").await.unwrap().unwrap().expose_secret(),
        "EAAfirst"
    );

    kc.set("profile-1", &secret("EAAsecond".into()))
        .await
        .unwrap();
    assert_eq!(
        kc.get("profile-1").await.unwrap().unwrap().expose_secret(),
        "EAAsecond"
    );

    assert!(kc.delete("profile-1").await.unwrap());
    assert!(kc.get("profile-1").await.unwrap().is_none());
    assert!(
        !kc.delete("profile-1").await.unwrap(),
        "deleting twice reports nothing was there"
    );
}

#[tokio::test]
async fn accounts_and_services_are_separate() {
    let (a, b) = (keychain("ns-a"), keychain("ns-b"));
    a.set("p", &secret("EAAa".into())).await.unwrap();
    b.set("p", &secret("EAAb".into())).await.unwrap();
    a.set("q", &secret("EAAq".into())).await.unwrap();
    assert_eq!(a.get("p").await.unwrap().unwrap().expose_secret(), "EAAa");
    assert_eq!(b.get("p").await.unwrap().unwrap().expose_secret(), "EAAb");
    assert_eq!(a.get("q").await.unwrap().unwrap().expose_secret(), "EAAq");
    for (kc, acct) in [(&a, "p"), (&b, "p"), (&a, "q")] {
        kc.delete(acct).await.unwrap();
    }
}

#[tokio::test]
async fn a_value_survives_a_new_handle() {
    let service = format!("waba-console-test-persist-{}", std::process::id());
    Keychain::new(&service)
        .set("p", &secret("EAApersist".into()))
        .await
        .unwrap();
    let again = Keychain::new(&service);
    assert_eq!(
        again.get("p").await.unwrap().unwrap().expose_secret(),
        "EAApersist"
    );
    again.delete("p").await.unwrap();
}
