//! Uploading media (facts §11): `POST /{phone-number-id}/media`, a multipart form of
//! `messaging_product=whatsapp`, the file's `type` and the `file` itself, answered `{"id"}` (the
//! media ID a message sends, valid 30 days). The description names the file without its bytes,
//! so the window's curl (`-F 'file=@photo.jpg;type=image/jpeg'`) is the call as sent. Never
//! retried: an upload that got no answer may have been stored, and each try counts.

use serde::Deserialize;
use waba_core::graph_request::{Credential, FilePart, GraphRequest, HttpMethod, FILE_FIELD};
use waba_secrets::Secret;

use crate::client::{bearer, GraphClient};
use crate::error::GraphError;

/// Meta's answer to an upload: the media ID (a string of digits).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MediaId {
    pub id: String,
}

impl GraphClient {
    /// `POST /{phone-number-id}/media` for a file named `file_name` of `content_type`.
    pub fn describe_upload_media(
        &self,
        phone_number_id: &str,
        file_name: &str,
        content_type: &str,
    ) -> GraphRequest {
        self.request(
            HttpMethod::Post,
            &format!("{phone_number_id}/media"),
            Credential::Token,
        )
        .with_multipart_body(
            &[("messaging_product", "whatsapp"), ("type", content_type)],
            FilePart {
                field: FILE_FIELD.to_owned(),
                file_name: file_name.to_owned(),
                content_type: content_type.to_owned(),
            },
        )
    }

    /// [`Self::describe_upload_media`] sent once, with `bytes` as the file's contents.
    pub async fn upload_media(
        &self,
        token: &Secret,
        phone_number_id: &str,
        file_name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<MediaId, GraphError> {
        let request = self.describe_upload_media(phone_number_id, file_name, content_type);
        let answer: MediaId = self
            .send(&request, bearer(&request, token).with_file_contents(&bytes))
            .await?;
        if answer.id.is_empty() {
            return Err(GraphError::UnexpectedShape {
                url: request.url().to_owned(),
                status: 200,
                reason: "an upload answered without a media id".into(),
            });
        }
        Ok(answer)
    }
}
