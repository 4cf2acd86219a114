//! The number's public face (facts §17): its business profile
//! (`/{phone-number-id}/whatsapp_business_profile`), the profile photo through the Resumable
//! Upload API, the display name and the conversational components.
//!
//! Why a module of its own: these calls share Meta's `{"success":true}` answer and the upload's
//! odd ways (an `OAuth` header, a `file_offset` header, a raw body, an upload ID that carries its
//! own query string), which no other call has. Like every call, each is described first and sent
//! exactly as described; writes are never retried here.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use serde::{Deserialize, Deserializer};
use serde_json::{json, Map, Value};
use waba_core::business_profile::{
    AutomationCommand, BusinessProfile, ConversationalAutomation, ProfileChanges,
};
use waba_core::graph_request::{AuthScheme, Credential, GraphRequest, HttpMethod};
use waba_core::graph_states::NameStatus;
use waba_secrets::Secret;

use crate::client::{bearer, GraphClient};
use crate::error::GraphError;
use crate::model::{DataEnvelope, Success};

/// The fields the Profile page reads.
pub const BUSINESS_PROFILE_FIELDS: &str =
    "about,address,description,email,profile_picture_url,websites,vertical";

/// The number's fields for its display name and conversational components: one read serves both.
pub const DISPLAY_NAME_FIELDS: &str = "verified_name,name_status,new_display_name,new_name_status,display_phone_number,conversational_automation";

/// How much of an upload's body is handed to the connection at a time, so its progress moves.
const UPLOAD_CHUNK: usize = 64 * 1024;

/// How long an upload's bytes may take: the client's timeout (for the answer) plus a second per
/// 64 KiB, so a 5 MB photo gets about 100 s, enough on a 0.5 Mbit/s uplink. The client's own
/// timeout covers a whole request and would cut a large photo off on a slow line.
fn upload_timeout(client_timeout: Duration, body_len: usize) -> Duration {
    client_timeout + Duration::from_secs(body_len.div_ceil(UPLOAD_CHUNK) as u64)
}

/// One `data[]` entry as Meta sends it: flat, or nested under `business_profile` as the v23.0
/// OpenAPI reference writes it (facts §17.1).
#[derive(Debug, Default, Deserialize)]
struct RawProfile {
    about: Option<String>,
    address: Option<String>,
    description: Option<String>,
    email: Option<String>,
    #[serde(default)]
    websites: Vec<String>,
    vertical: Option<String>,
    profile_picture_url: Option<String>,
    business_profile: Option<Box<RawProfile>>,
}

impl RawProfile {
    fn into_profile(self) -> BusinessProfile {
        if let Some(nested) = self.business_profile {
            return nested.into_profile();
        }
        BusinessProfile {
            about: self.about,
            address: self.address,
            description: self.description,
            email: self.email,
            websites: self.websites,
            vertical: self.vertical,
            profile_picture_url: self.profile_picture_url,
        }
    }
}

/// `GET /{phone-number-id}?fields=`[`DISPLAY_NAME_FIELDS`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct NumberProfileFields {
    pub verified_name: Option<String>,
    pub name_status: Option<NameStatus>,
    pub new_display_name: Option<String>,
    pub new_name_status: Option<NameStatus>,
    pub display_phone_number: Option<String>,
    /// `None`: never configured (Meta leaves the field out).
    #[serde(default, deserialize_with = "automation")]
    pub conversational_automation: Option<ConversationalAutomation>,
}

/// `conversational_automation` as Meta sends it (with an inner `id` the console does not use).
#[derive(Deserialize)]
struct RawAutomation {
    #[serde(default)]
    enable_welcome_message: bool,
    #[serde(default)]
    prompts: Vec<String>,
    #[serde(default)]
    commands: Vec<RawCommand>,
}

#[derive(Deserialize)]
struct RawCommand {
    command_name: String,
    #[serde(default)]
    command_description: String,
}

fn automation<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<ConversationalAutomation>, D::Error> {
    Ok(
        Option::<RawAutomation>::deserialize(d)?.map(|raw| ConversationalAutomation {
            enable_welcome_message: raw.enable_welcome_message,
            prompts: raw.prompts,
            commands: raw
                .commands
                .into_iter()
                .map(|c| AutomationCommand {
                    command_name: c.command_name,
                    command_description: c.command_description,
                })
                .collect(),
        }),
    )
}

/// `POST /{app-id}/uploads` → the upload session's ID (`upload:<base64>?sig=<signature>`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UploadSession {
    pub id: String,
}

/// `POST /{upload-id}` → the handle of the uploaded file, for `profile_picture_handle`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UploadHandle {
    pub h: String,
}

/// `GET /{upload-id}` → how many bytes Meta has; a resume sends the rest from there.
#[derive(Debug, Deserialize)]
struct UploadOffset {
    #[serde(deserialize_with = "offset")]
    file_offset: u64,
}

/// An offset sent as a JSON number or a string of digits.
fn offset<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Offset {
        Number(u64),
        Text(String),
    }
    match Offset::deserialize(d)? {
        Offset::Number(n) => Ok(n),
        Offset::Text(s) => s.parse().map_err(serde::de::Error::custom),
    }
}

/// The body of a profile update: `messaging_product` and the changed fields only.
fn profile_update_body(changes: &ProfileChanges) -> Value {
    let mut body = Map::new();
    body.insert("messaging_product".into(), json!("whatsapp"));
    let texts = [
        ("about", &changes.about),
        ("address", &changes.address),
        ("description", &changes.description),
        ("email", &changes.email),
        ("vertical", &changes.vertical),
    ];
    for (field, value) in texts {
        if let Some(value) = value {
            body.insert(field.into(), json!(value));
        }
    }
    if let Some(websites) = &changes.websites {
        body.insert("websites".into(), json!(websites));
    }
    Value::Object(body)
}

/// An upload ID (`upload:<base64>?sig=<signature>`) as a path and its query parameters: the `?`
/// starts a real query string when the ID is put in a URL (facts §17.2).
fn upload_path(upload_id: &str) -> (&str, Vec<(String, String)>) {
    match upload_id.split_once('?') {
        Some((path, query)) => (
            path,
            url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
        ),
        None => (upload_id, Vec::new()),
    }
}

impl GraphClient {
    /// `GET /{phone-number-id}/whatsapp_business_profile` with every field the page shows.
    pub fn describe_business_profile(&self, phone_number_id: &str) -> GraphRequest {
        self.request(
            HttpMethod::Get,
            &format!("{phone_number_id}/whatsapp_business_profile"),
            Credential::Token,
        )
        .with_query("fields", BUSINESS_PROFILE_FIELDS)
    }

    /// Sends `request` (a [`Self::describe_business_profile`]) and reads `data[0]`.
    pub async fn business_profile(
        &self,
        token: &Secret,
        request: &GraphRequest,
    ) -> Result<BusinessProfile, GraphError> {
        let envelope: DataEnvelope<Vec<RawProfile>> =
            self.send(request, bearer(request, token)).await?;
        let first =
            envelope
                .data
                .into_iter()
                .next()
                .ok_or_else(|| GraphError::UnexpectedShape {
                    url: request.url().to_owned(),
                    status: 200,
                    reason: "a business profile answer with an empty data list".into(),
                })?;
        Ok(first.into_profile())
    }

    /// `POST /{phone-number-id}/whatsapp_business_profile` with `messaging_product` and only the
    /// fields `changes` sets (`websites` as a real array).
    pub fn describe_update_business_profile(
        &self,
        phone_number_id: &str,
        changes: &ProfileChanges,
    ) -> GraphRequest {
        self.profile_update(phone_number_id, profile_update_body(changes))
    }

    /// `POST /{phone-number-id}/whatsapp_business_profile`
    /// `{"messaging_product":"whatsapp","profile_picture_handle"}`: sets the photo uploaded as
    /// `handle`.
    pub fn describe_set_profile_picture(
        &self,
        phone_number_id: &str,
        handle: &str,
    ) -> GraphRequest {
        self.profile_update(
            phone_number_id,
            json!({"messaging_product": "whatsapp", "profile_picture_handle": handle}),
        )
    }

    fn profile_update(&self, phone_number_id: &str, body: Value) -> GraphRequest {
        self.request(
            HttpMethod::Post,
            &format!("{phone_number_id}/whatsapp_business_profile"),
            Credential::Token,
        )
        .with_json_body(body)
    }

    /// Sends `request` (a [`Self::describe_update_business_profile`] or
    /// [`Self::describe_set_profile_picture`]) once.
    pub async fn update_business_profile(
        &self,
        token: &Secret,
        request: &GraphRequest,
    ) -> Result<(), GraphError> {
        self.expect_success(token, request).await
    }

    /// `GET /{phone-number-id}?fields=`[`DISPLAY_NAME_FIELDS`].
    pub fn describe_display_name_fields(&self, phone_number_id: &str) -> GraphRequest {
        self.request(HttpMethod::Get, phone_number_id, Credential::Token)
            .with_query("fields", DISPLAY_NAME_FIELDS)
    }

    /// Sends `request` (a [`Self::describe_display_name_fields`]).
    pub async fn display_name_fields(
        &self,
        token: &Secret,
        request: &GraphRequest,
    ) -> Result<NumberProfileFields, GraphError> {
        self.send(request, bearer(request, token)).await
    }

    /// `POST /{phone-number-id}` `{"new_display_name"}`: asks Meta to review a new name.
    pub fn describe_request_display_name(&self, phone_number_id: &str, name: &str) -> GraphRequest {
        self.request(HttpMethod::Post, phone_number_id, Credential::Token)
            .with_json_body(json!({ "new_display_name": name }))
    }

    /// Sends `request` (a [`Self::describe_request_display_name`]) once.
    pub async fn request_display_name(
        &self,
        token: &Secret,
        request: &GraphRequest,
    ) -> Result<(), GraphError> {
        self.expect_success(token, request).await
    }

    /// `POST /{phone-number-id}/conversational_automation` with the whole set (lists as real
    /// arrays).
    pub fn describe_save_automation(
        &self,
        phone_number_id: &str,
        automation: &ConversationalAutomation,
    ) -> GraphRequest {
        let commands: Vec<Value> = automation
            .commands
            .iter()
            .map(|c| {
                json!({"command_name": c.command_name, "command_description": c.command_description})
            })
            .collect();
        self.request(
            HttpMethod::Post,
            &format!("{phone_number_id}/conversational_automation"),
            Credential::Token,
        )
        .with_json_body(json!({
            "enable_welcome_message": automation.enable_welcome_message,
            "prompts": automation.prompts,
            "commands": commands,
        }))
    }

    /// Sends `request` (a [`Self::describe_save_automation`]) once.
    pub async fn save_automation(
        &self,
        token: &Secret,
        request: &GraphRequest,
    ) -> Result<(), GraphError> {
        self.expect_success(token, request).await
    }

    /// `POST /{app-id}/uploads?file_name&file_length&file_type`: opens a Resumable Upload API
    /// session for one file.
    pub fn describe_open_upload(
        &self,
        app_id: &str,
        file_name: &str,
        file_length: u64,
        file_type: &str,
    ) -> GraphRequest {
        self.request(
            HttpMethod::Post,
            &format!("{app_id}/uploads"),
            Credential::Token,
        )
        .with_query("file_name", file_name)
        .with_query("file_length", file_length.to_string())
        .with_query("file_type", file_type)
    }

    /// Sends `request` (a [`Self::describe_open_upload`]) once.
    pub async fn open_upload(
        &self,
        token: &Secret,
        request: &GraphRequest,
    ) -> Result<UploadSession, GraphError> {
        let session: UploadSession = self.send(request, bearer(request, token)).await?;
        if session.id.is_empty() {
            return Err(GraphError::UnexpectedShape {
                url: request.url().to_owned(),
                status: 200,
                reason: "an upload session answered without an id".into(),
            });
        }
        Ok(session)
    }

    /// `POST /{upload-id}` with `Authorization: OAuth`, `file_offset: <offset>` and the file's
    /// bytes from `offset` on as the raw body (curl: `--data-binary @file`, which for a resume
    /// must name a file holding only the rest).
    pub fn describe_upload_bytes(
        &self,
        upload_id: &str,
        file_name: &str,
        offset: u64,
    ) -> GraphRequest {
        self.upload_request(HttpMethod::Post, upload_id)
            .with_header("file_offset", offset.to_string())
            .with_file_body(file_name)
    }

    /// [`Self::describe_upload_bytes`] sent once with `file[offset..]`, adding each chunk's
    /// length to `progress` as it is handed to the connection; the request may take
    /// [`upload_timeout`] for its size, not just the client's timeout.
    pub async fn upload_bytes(
        &self,
        token: &Secret,
        upload_id: &str,
        file_name: &str,
        file: &[u8],
        offset: u64,
        progress: &Arc<AtomicU64>,
    ) -> Result<UploadHandle, GraphError> {
        let request = self.describe_upload_bytes(upload_id, file_name, offset);
        let rest = usize::try_from(offset)
            .ok()
            .and_then(|at| file.get(at..))
            .ok_or_else(|| {
                GraphError::InvalidConfig(format!(
                    "an upload cannot resume at byte {offset} of a {}-byte file",
                    file.len()
                ))
            })?;
        let handle: UploadHandle = self
            .send_counted(
                &request,
                bearer(&request, token).with_file_contents(rest),
                progress,
                upload_timeout(self.timeout(), rest.len()),
            )
            .await?;
        if handle.h.is_empty() {
            return Err(GraphError::UnexpectedShape {
                url: request.url().to_owned(),
                status: 200,
                reason: "an upload answered without a handle".into(),
            });
        }
        Ok(handle)
    }

    /// `GET /{upload-id}` with `Authorization: OAuth`: how many bytes Meta has received.
    pub fn describe_upload_offset(&self, upload_id: &str) -> GraphRequest {
        self.upload_request(HttpMethod::Get, upload_id)
    }

    /// [`Self::describe_upload_offset`], sent: the `file_offset` to resume from.
    pub async fn upload_offset(&self, token: &Secret, upload_id: &str) -> Result<u64, GraphError> {
        let request = self.describe_upload_offset(upload_id);
        let answer: UploadOffset = self.send(&request, bearer(&request, token)).await?;
        Ok(answer.file_offset)
    }

    /// A request to an upload session: its ID's `sig` goes in the query, the token in an `OAuth`
    /// header.
    fn upload_request(&self, method: HttpMethod, upload_id: &str) -> GraphRequest {
        let (path, query) = upload_path(upload_id);
        query
            .into_iter()
            .fold(
                self.request(method, path, Credential::Token),
                |r, (k, v)| r.with_query(k, v),
            )
            .with_auth_scheme(AuthScheme::OAuth)
    }

    /// Sends `request` once and expects `{"success":true}`.
    async fn expect_success(
        &self,
        token: &Secret,
        request: &GraphRequest,
    ) -> Result<(), GraphError> {
        let answer: Success = self.send(request, bearer(request, token)).await?;
        if !answer.success {
            return Err(GraphError::UnexpectedShape {
                url: request.url().to_owned(),
                status: 200,
                reason: "Meta answered {\"success\": false} without an error".into(),
            });
        }
        Ok(())
    }
}

/// A request body handed to the connection in [`UPLOAD_CHUNK`]s, each counted in `progress`
/// as it goes.
pub(crate) struct CountedBody {
    rest: Bytes,
    progress: Arc<AtomicU64>,
}

impl CountedBody {
    pub(crate) fn new(body: Vec<u8>, progress: Arc<AtomicU64>) -> Self {
        Self {
            rest: Bytes::from(body),
            progress,
        }
    }
}

impl http_body::Body for CountedBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if self.rest.is_empty() {
            return Poll::Ready(None);
        }
        let n = self.rest.len().min(UPLOAD_CHUNK);
        let chunk = self.rest.split_to(n);
        self.progress.fetch_add(n as u64, Ordering::Relaxed);
        Poll::Ready(Some(Ok(http_body::Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        self.rest.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.rest.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{ClientConfig, DEFAULT_TIMEOUT};

    fn client() -> GraphClient {
        GraphClient::new(ClientConfig {
            base_url: "https://graph.facebook.com".into(),
            version: "v27.0".into(),
            timeout: DEFAULT_TIMEOUT,
        })
        .unwrap()
    }

    fn profile(json: &str) -> BusinessProfile {
        let envelope: DataEnvelope<Vec<RawProfile>> = serde_json::from_str(json).unwrap();
        envelope.data.into_iter().next().unwrap().into_profile()
    }

    #[test]
    fn the_flat_and_the_nested_profile_read_the_same() {
        let flat = profile(
            r#"{"data":[{"about":"Succulent specialists!","websites":["https://www.luckyshrub.com/"],"vertical":"RETAIL","messaging_product":"whatsapp"}]}"#,
        );
        let nested = profile(
            r#"{"data":[{"business_profile":{"about":"Succulent specialists!","websites":["https://www.luckyshrub.com/"],"vertical":"RETAIL","messaging_product":"whatsapp"},"id":"1"}]}"#,
        );
        assert_eq!(flat, nested);
        assert_eq!(flat.about.as_deref(), Some("Succulent specialists!"));
        assert_eq!(flat.websites, ["https://www.luckyshrub.com/"]);
        assert_eq!(flat.profile_picture_url, None);
    }

    #[test]
    fn an_update_sends_only_the_changed_fields_with_real_arrays() {
        let changes = ProfileChanges {
            about: Some("Hi".into()),
            websites: Some(vec!["https://a.example".into()]),
            vertical: Some(String::new()),
            ..ProfileChanges::default()
        };
        let request = client().describe_update_business_profile("106540352242922", &changes);
        assert_eq!(
            request.body().unwrap().value(),
            &json!({"messaging_product": "whatsapp", "about": "Hi", "vertical": "", "websites": ["https://a.example"]})
        );
        assert_eq!(
            request.url(),
            "https://graph.facebook.com/v27.0/106540352242922/whatsapp_business_profile"
        );
    }

    #[test]
    fn the_upload_id_keeps_its_signature_as_a_query_parameter() {
        let request = client().describe_upload_bytes("upload:MTph+/=?sig=ARaN-x_y", "logo.png", 0);
        assert_eq!(
            request.url(),
            "https://graph.facebook.com/v27.0/upload:MTph+/="
        );
        assert_eq!(
            request.to_curl(),
            "curl -X POST 'https://graph.facebook.com/v27.0/upload:MTph+/=?sig=ARaN-x_y' \
             -H \"Authorization: OAuth $WA_TOKEN\" -H 'Content-Type: application/octet-stream' \
             -H 'file_offset: 0' --data-binary '@logo.png'"
        );
        let resume = client().describe_upload_offset("upload:MTph?sig=AR");
        assert!(
            resume.to_curl().contains("OAuth $WA_TOKEN"),
            "{}",
            resume.to_curl()
        );
    }

    #[test]
    fn automation_reads_without_its_inner_id_and_is_absent_when_never_set() {
        let fields: NumberProfileFields = serde_json::from_str(
            r#"{"verified_name":"Lucky Shrub","name_status":"APPROVED","conversational_automation":{"enable_welcome_message":false,"prompts":["Book a flight"],"commands":[{"command_name":"tickets","command_description":"Book flight tickets"}],"id":"9"},"id":"1"}"#,
        )
        .unwrap();
        let automation = fields.conversational_automation.unwrap();
        assert_eq!(automation.prompts, ["Book a flight"]);
        assert_eq!(automation.commands[0].command_name, "tickets");
        assert_eq!(fields.name_status, Some(NameStatus::Approved));
        let never: NumberProfileFields = serde_json::from_str(r#"{"id":"1"}"#).unwrap();
        assert_eq!(never.conversational_automation, None);
    }

    #[test]
    fn the_counted_body_moves_progress_chunk_by_chunk() {
        use http_body::Body;
        let progress = Arc::new(AtomicU64::new(0));
        let mut body = CountedBody::new(vec![7; UPLOAD_CHUNK + 10], progress.clone());
        assert_eq!(body.size_hint().exact(), Some(UPLOAD_CHUNK as u64 + 10));
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut seen = Vec::new();
        while let Poll::Ready(Some(Ok(frame))) = Pin::new(&mut body).poll_frame(&mut cx) {
            seen.push((
                frame.into_data().unwrap().len(),
                progress.load(Ordering::Relaxed),
            ));
        }
        assert_eq!(
            seen,
            [
                (UPLOAD_CHUNK, UPLOAD_CHUNK as u64),
                (10, UPLOAD_CHUNK as u64 + 10)
            ]
        );
    }

    #[test]
    fn an_upload_gets_a_second_per_64_kib_on_top_of_the_client_timeout() {
        let base = Duration::from_secs(20);
        assert_eq!(upload_timeout(base, 0), base);
        assert_eq!(upload_timeout(base, 1), Duration::from_secs(21));
        let five_mb = 5 * 1024 * 1024;
        assert_eq!(upload_timeout(base, five_mb), Duration::from_secs(100));
    }
}
