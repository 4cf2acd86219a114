//! Media endpoints (facts §11): a multipart upload answers `{id}`, `GET /{media-id}` its URL,
//! type, hash and size, the URL gives the bytes back with the token, `DELETE` removes it; a file
//! of the wrong type or over its kind's limit is refused with 131053; an uploaded ID is sent as
//! the kind it is.

use reqwest::StatusCode;
use serde_json::{json, Value};
use waba_sim::{Scenario, PHONE_NUMBER_ID, PHONE_NUMBER_IDS, SANDBOX_TOKEN};

use crate::messages::{accepted, refused, CUSTOMER};
use crate::webhooks::sandbox;
use crate::{answer, Answer, Harness};

const BOUNDARY: &str = "sandbox-test-boundary";

/// A multipart form: text fields, then the file with its content type.
fn form(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    if let Some((content_type, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upload\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

impl Harness {
    async fn upload_to(&self, number: &str, mime: &str, bytes: &[u8]) -> Answer {
        let body = form(
            &[("messaging_product", "whatsapp"), ("type", mime)],
            Some((mime, bytes)),
        );
        self.upload_form(number, body).await
    }

    async fn upload_form(&self, number: &str, body: Vec<u8>) -> Answer {
        let request = self
            .http
            .post(self.url(&format!("/v26.0/{number}/media")))
            .bearer_auth(SANDBOX_TOKEN)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body);
        answer(request.send().await.unwrap()).await
    }

    async fn delete_graph(&self, path: &str) -> Answer {
        let request = self.http.delete(self.url(path)).bearer_auth(SANDBOX_TOKEN);
        answer(request.send().await.unwrap()).await
    }
}

fn image_message(id: &str) -> Value {
    json!({"messaging_product": "whatsapp", "to": CUSTOMER, "type": "image", "image": {"id": id}})
}

#[tokio::test]
async fn upload_read_download_send_and_delete() {
    let h = sandbox(Scenario::Healthy).await;
    let bytes = b"\x89PNG\r\n\x1a\n--not-a-boundary\r\nfake image bytes";
    let uploaded = h.upload_to(PHONE_NUMBER_ID, "image/png", bytes).await;
    assert_eq!(uploaded.status, 200, "{}", uploaded.body);
    let id = uploaded.body["id"].as_str().unwrap().to_owned();
    assert!(id.bytes().all(|b| b.is_ascii_digit()), "{id}");
    assert_eq!(uploaded.body.as_object().unwrap().len(), 1);

    let node = h.get(&format!("/v26.0/{id}")).await;
    assert_eq!(node.status, 200, "{}", node.body);
    assert_eq!(node.body["messaging_product"], "whatsapp");
    assert_eq!(node.body["id"], id.as_str());
    assert_eq!(node.body["mime_type"], "image/png");
    assert_eq!(node.body["file_size"], bytes.len().to_string());
    let sha = node.body["sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64, "{sha}");
    let url = node.body["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&h.sandbox.base_url()), "{url}");

    let without_token = h.http.get(&url).send().await.unwrap();
    assert_eq!(without_token.status(), StatusCode::BAD_REQUEST);
    let download = h
        .http
        .get(&url)
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "image/png");
    assert_eq!(download.bytes().await.unwrap().as_ref(), bytes);

    // Sent by ID as an image; not as a sticker; not from another number.
    accepted(
        &h.send_message(image_message(&id)).await,
        CUSTOMER,
        CUSTOMER,
    );
    let sticker = json!({"messaging_product": "whatsapp", "to": CUSTOMER, "type": "sticker", "sticker": {"id": id}});
    refused(
        &h.send_message(sticker).await,
        400,
        131053,
        "cannot be sent as sticker",
    );
    let other = h
        .graph_post(
            &format!("/v26.0/{}/messages", PHONE_NUMBER_IDS[1]),
            image_message(&id),
        )
        .await;
    refused(&other, 400, 131009, "media ID");

    let deleted = h.delete_graph(&format!("/v26.0/{id}")).await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(deleted.body, json!({"success": true}));
    let gone = h.get(&format!("/v26.0/{id}")).await;
    assert_eq!(gone.status, 400, "{}", gone.body);
    assert_eq!(gone.body["error"]["error_subcode"], 33);
    let stale = h
        .http
        .get(&url)
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::NOT_FOUND);
    refused(
        &h.send_message(image_message(&id)).await,
        400,
        131009,
        "media ID",
    );
}

#[tokio::test]
async fn the_download_url_expires_after_five_minutes() {
    let h = sandbox(Scenario::Healthy).await;
    let uploaded = h
        .upload_to(PHONE_NUMBER_ID, "application/pdf", b"%PDF-1.7")
        .await;
    let id = uploaded.body["id"].as_str().unwrap().to_owned();
    let url = h.get(&format!("/v26.0/{id}")).await.body["url"]
        .as_str()
        .unwrap()
        .to_owned();
    h.move_clock(301).await;
    let expired = h
        .http
        .get(&url)
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), StatusCode::NOT_FOUND);
    let fresh = h.get(&format!("/v26.0/{id}")).await.body["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let download = h
        .http
        .get(&fresh)
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_types_and_oversized_files_are_refused_with_131053() {
    let h = sandbox(Scenario::Healthy).await;
    let five_mb = vec![0u8; 5 * 1024 * 1024];
    let ok = h.upload_to(PHONE_NUMBER_ID, "image/jpeg", &five_mb).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let over = vec![0u8; 5 * 1024 * 1024 + 1];
    refused(
        &h.upload_to(PHONE_NUMBER_ID, "image/jpeg", &over).await,
        400,
        131053,
        "image files are limited to 5242880 bytes (5 MB)",
    );
    // 5 MB + 1 is fine as a video (16 MB).
    let video = h.upload_to(PHONE_NUMBER_ID, "video/mp4", &over).await;
    assert_eq!(video.status, 200, "{}", video.body);
    let sticker = vec![0u8; 500 * 1024 + 1];
    refused(
        &h.upload_to(PHONE_NUMBER_ID, "image/webp", &sticker).await,
        400,
        131053,
        "500 KB",
    );
    let zip = h.upload_to(PHONE_NUMBER_ID, "application/zip", b"PK").await;
    refused(&zip, 400, 131053, "application/zip");
    assert_eq!(zip.body["error"]["message"], "(#131053) Media upload error");
    let no_product = form(&[("type", "image/png")], Some(("image/png", b"x")));
    refused(
        &h.upload_form(PHONE_NUMBER_ID, no_product).await,
        400,
        131008,
        "messaging_product",
    );
    let no_file = form(
        &[("messaging_product", "whatsapp"), ("type", "image/png")],
        None,
    );
    refused(
        &h.upload_form(PHONE_NUMBER_ID, no_file).await,
        400,
        131008,
        "file",
    );
    let json_body = h
        .graph_post(
            &format!("/v26.0/{PHONE_NUMBER_ID}/media"),
            json!({"messaging_product": "whatsapp"}),
        )
        .await;
    refused(&json_body, 400, 100, "multipart/form-data");
}
