//! Webhook probe reports in a real SQLite file: the newest per profile, kept across a reopen,
//! removed with the profile.

use waba_core::probe::{https_step, parse_callback_url, skipped_step, ProbeReport, ProbeStepId};
use waba_core::profile::{Profile, ProfileKind};
use waba_store::Store;

fn profile(id: &str) -> Profile {
    Profile {
        id: id.into(),
        name: format!("Profile {id}"),
        kind: ProfileKind::Real,
        app_id: "634974688087057".into(),
        waba_id: "102290129340398".into(),
        phone_number_id: "106540352242922".into(),
        api_version: "v26.0".into(),
        base_url: None,
        scenario: None,
        created_at: "2026-12-01T18:00:00Z".into(),
    }
}

fn report(url: &str, at: &str, skip_posts: bool) -> ProbeReport {
    let url = parse_callback_url(url).unwrap();
    let mut steps = vec![https_step(&url)];
    if skip_posts {
        steps.push(skipped_step(
            ProbeStepId::SignedPost,
            "store the app secret first",
        ));
    }
    ProbeReport::new(&url, at.into(), steps)
}

#[tokio::test]
async fn the_newest_probe_of_each_profile_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.db");
    let store = Store::open(&path).await.unwrap();
    for id in ["a", "b"] {
        store.insert_profile(&profile(id)).await.unwrap();
    }
    assert_eq!(store.last_probe("a").await.unwrap(), None);

    let first = report("https://one.example/webhook", "2026-12-01T18:00:00Z", true);
    let second = report("https://two.example/webhook", "2026-12-01T18:05:00Z", false);
    assert!(!first.passed && second.passed);
    store.record_probe("a", &first).await.unwrap();
    store.record_probe("a", &second).await.unwrap();
    store.record_probe("b", &first).await.unwrap();
    store.close().await;

    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.last_probe("a").await.unwrap(), Some(second));
    assert_eq!(store.last_probe("b").await.unwrap(), Some(first));

    store.delete_profile("b").await.unwrap();
    assert_eq!(store.last_probe("b").await.unwrap(), None);
}
