//! Template cache, drafts and the console's own edits, against a real SQLite file.

use waba_core::profile::{Profile, ProfileKind};
use waba_store::{Store, TemplateCache};

fn profile(id: &str, name: &str) -> Profile {
    Profile {
        id: id.into(),
        name: name.into(),
        kind: ProfileKind::Real,
        app_id: "634974688087057".into(),
        waba_id: "102290129340398".into(),
        phone_number_id: "106540352242922".into(),
        api_version: "v26.0".into(),
        base_url: None,
        scenario: None,
        created_at: "2026-12-01T00:00:00Z".into(),
    }
}

async fn store_with(dir: &std::path::Path, ids: &[&str]) -> Store {
    let store = Store::open(&dir.join("console.db")).await.unwrap();
    for id in ids {
        store.insert_profile(&profile(id, id)).await.unwrap();
    }
    store
}

#[tokio::test]
async fn the_cache_is_replaced_per_profile_and_goes_with_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(dir.path(), &["a", "b"]).await;
    assert_eq!(store.template_cache("a").await.unwrap(), None);
    let first = TemplateCache {
        synced_at: "2026-12-01T10:00:00Z".into(),
        templates: r#"[{"id":"1","name":"hello_world"}]"#.into(),
        summary: Some(r#"{"message_template_limit":250}"#.into()),
    };
    store.save_template_cache("a", &first).await.unwrap();
    let second = TemplateCache {
        synced_at: "2026-12-01T11:00:00Z".into(),
        templates: "[]".into(),
        summary: None,
    };
    store.save_template_cache("a", &second).await.unwrap();
    store.save_template_cache("b", &first).await.unwrap();
    assert_eq!(store.template_cache("a").await.unwrap(), Some(second));
    assert_eq!(store.template_cache("b").await.unwrap(), Some(first));
    store.delete_profile("b").await.unwrap();
    assert_eq!(store.template_cache("b").await.unwrap(), None);
}

#[tokio::test]
async fn a_draft_is_kept_as_typed_across_a_reopen_until_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(dir.path(), &["a", "b"]).await;
    let typed =
        "{\"name\": \"order_update\", \"components\": [{\"type\": \"BODY\", \"text\": \"{{1";
    let saved = store
        .save_draft("d1", "a", typed, "2026-12-01T10:00:00Z")
        .await
        .unwrap();
    assert_eq!(
        (saved.body.as_str(), saved.created_at.as_str()),
        (typed, "2026-12-01T10:00:00Z")
    );
    store
        .save_draft("d2", "a", "", "2026-12-01T10:05:00Z")
        .await
        .unwrap();
    let updated = store
        .save_draft("d1", "a", "{}", "2026-12-01T10:10:00Z")
        .await
        .unwrap();
    assert_eq!(updated.created_at, "2026-12-01T10:00:00Z");
    assert_eq!(updated.updated_at, "2026-12-01T10:10:00Z");
    // Another profile cannot overwrite it.
    assert!(store
        .save_draft("d1", "b", "stolen", "2026-12-01T10:11:00Z")
        .await
        .is_err());
    store.close().await;

    let store = Store::open(&dir.path().join("console.db")).await.unwrap();
    let drafts = store.drafts("a").await.unwrap();
    let ids: Vec<&str> = drafts.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["d1", "d2"], "most recently changed first");
    assert_eq!(drafts[0].body, "{}");
    assert!(store.drafts("b").await.unwrap().is_empty());
    assert_eq!(store.draft("d2").await.unwrap().unwrap().profile_id, "a");
    assert!(store.delete_draft("d2").await.unwrap());
    assert!(!store.delete_draft("d2").await.unwrap());
    assert_eq!(store.draft("d2").await.unwrap(), None);
}

#[tokio::test]
async fn edits_are_counted_per_template_since_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(dir.path(), &["a"]).await;
    for at in [100, 200, 300] {
        store.record_template_edit("a", "t1", at).await.unwrap();
    }
    store.record_template_edit("a", "t2", 250).await.unwrap();
    assert_eq!(
        store.template_edits_since("t1", 200).await.unwrap(),
        [200, 300]
    );
    assert_eq!(store.template_edits_since("t2", 0).await.unwrap(), [250]);
    assert!(store
        .template_edits_since("t3", 0)
        .await
        .unwrap()
        .is_empty());
}
