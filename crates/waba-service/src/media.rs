//! Media for test sends: uploading a file from this computer to the number's media (the way that
//! avoids Meta's link fetcher), and checking a media link as Meta's fetcher would meet it.
//!
//! An upload is checked first with `waba_core::send::check_media_content` (the kind's types and
//! size limit): a file Meta would refuse with 131053 is refused here with
//! [`ErrorCode::SendBlocked`] and `details.findings`, and nothing is sent. A link is checked
//! with its own rules first (`check_link`: HTTPS, no shortener, a public host; a link that fails
//! them is not fetched), then fetched as Meta's fetcher fetches it (no credentials, no cookies,
//! [`FETCH_TIMEOUT`], at most [`MAX_REDIRECTS`] redirects; a HEAD, and a GET of the first bytes
//! when the HEAD is refused); `waba_core::send::judge_fetched_link` judges what it met.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use base64::Engine as _;
use reqwest::header::{CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, RANGE};
use waba_core::audit::AuditAction;
use waba_core::send::{
    blocks_send, check_media_content, judge_fetched_link, link_size, media_limits,
    refused_before_fetch, CheckLinkRequest, LinkCheck, LinkFetch, MediaKind, SendFinding, SendRule,
    UploadMediaRequest, UploadedMedia, FETCH_TIMEOUT, MAX_REDIRECTS,
};
use waba_core::{CommandError, ErrorCode, FieldError};

use crate::probe::error_words;
use crate::Console;

/// Where an upload's findings point: the file, by its name.
const UPLOAD_PATH: &str = "/fileName";

/// The bytes a GET asks for when a link refuses a HEAD (its answer's `Content-Range` still
/// names the whole size).
const FIRST_BYTES: &str = "bytes=0-1023";

/// Fetches media links the way Meta's fetcher does, trusting the system's roots (and, for tests,
/// extra ones). Build it with [`LinkFetcher::builder`]; [`LinkFetcher::new`] is Meta's way as it
/// is.
#[derive(Debug, Clone)]
pub struct LinkFetcher {
    http: reqwest::Client,
}

/// The settings of a [`LinkFetcher`] other than Meta's: extra trusted roots, host names answered
/// without DNS, a shorter timeout (tests set them; the console uses none).
#[derive(Debug, Clone, Default)]
pub struct LinkFetcherBuilder {
    extra_root_certificates: Vec<Vec<u8>>,
    resolved: Vec<(String, SocketAddr)>,
    timeout: Option<Duration>,
}

impl LinkFetcherBuilder {
    /// Trusts the DER certificate `der` as a root, besides the system's (a test CA).
    pub fn trust_root_certificate(mut self, der: Vec<u8>) -> Self {
        self.extra_root_certificates.push(der);
        self
    }

    /// Connects to `address` for `host` instead of asking DNS (a public-looking name for a
    /// server on loopback, which the link rules would refuse by its address).
    pub fn resolve(mut self, host: &str, address: SocketAddr) -> Self {
        self.resolved.push((host.to_owned(), address));
        self
    }

    /// Gives up on a link after `timeout` instead of [`FETCH_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    pub fn build(self) -> Result<LinkFetcher, CommandError> {
        let fetcher_error = |what: &str, e: reqwest::Error| {
            CommandError::new(
                ErrorCode::Internal,
                format!(
                    "The link checker could not be set up: {what} ({}).",
                    error_words(e)
                ),
            )
        };
        let roots = self
            .extra_root_certificates
            .iter()
            .map(|der| reqwest::Certificate::from_der(der))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| fetcher_error("an extra root certificate is not DER", e))?;
        // No cookie store and no credentials: Meta's fetcher sends neither.
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!(
                "waba-console/",
                env!("CARGO_PKG_VERSION"),
                " media-link-check"
            ))
            .redirect(reqwest::redirect::Policy::custom(follow_like_meta))
            .timeout(self.timeout.unwrap_or(FETCH_TIMEOUT))
            .tls_certs_merge(roots);
        for (host, address) in &self.resolved {
            builder = builder.resolve(host, *address);
        }
        let http = builder
            .build()
            .map_err(|e| fetcher_error("the HTTP client failed", e))?;
        Ok(LinkFetcher { http })
    }
}

/// A redirect to where a link may not point (http://, this computer or its network, a
/// shortener): the fetch stops there with the rule's words.
#[derive(Debug)]
enum RefusedRedirect {
    TooMany,
    To(String),
}

impl std::fmt::Display for RefusedRedirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooMany => write!(f, "it redirects more than {MAX_REDIRECTS} times"),
            Self::To(reason) => f.write_str(reason),
        }
    }
}

impl std::error::Error for RefusedRedirect {}

/// Follows at most [`MAX_REDIRECTS`] redirects, each to a link the rules allow.
fn follow_like_meta(attempt: reqwest::redirect::Attempt<'_>) -> reqwest::redirect::Action {
    if attempt.previous().len() >= MAX_REDIRECTS {
        return attempt.error(RefusedRedirect::TooMany);
    }
    let findings = waba_core::send::check_link(attempt.url().as_str(), "");
    match findings
        .iter()
        .find(|f| f.severity == waba_core::send::SendSeverity::Error)
    {
        Some(refused) => {
            let reason = format!("it redirects to {}: {}", attempt.url(), refused.message);
            attempt.error(RefusedRedirect::To(reason))
        }
        None => attempt.follow(),
    }
}

impl LinkFetcher {
    /// Meta's way: the system's trusted roots, [`FETCH_TIMEOUT`].
    pub fn new() -> Result<Self, CommandError> {
        Self::builder().build()
    }

    pub fn builder() -> LinkFetcherBuilder {
        LinkFetcherBuilder::default()
    }

    /// A HEAD of `url`, and a GET of its first bytes when the HEAD is refused (a server may not
    /// allow HEAD, and a link signed for GET refuses any other method): what the last answered.
    /// A HEAD that answers without a length (a chunked answer) is followed by the same GET, whose
    /// `Content-Range` tells the size.
    pub async fn fetch(&self, url: &str) -> LinkFetch {
        match self.exchange(self.http.head(url)).await {
            LinkFetch::Answered {
                status, size_bytes, ..
            } if !(200..300).contains(&status) || size_bytes.is_none() => {
                self.exchange(self.http.get(url).header(RANGE, FIRST_BYTES))
                    .await
            }
            head => head,
        }
    }

    /// Sends one request and reads its answer's status and headers (never its body).
    async fn exchange(&self, request: reqwest::RequestBuilder) -> LinkFetch {
        match request.send().await {
            Err(e) if e.is_timeout() => LinkFetch::TimedOut,
            Err(e) if e.is_redirect() => match refused_redirect(&e) {
                Some(reason) => LinkFetch::Unreachable { reason },
                None => LinkFetch::TooManyRedirects,
            },
            Err(e) => LinkFetch::Unreachable {
                reason: error_words(e),
            },
            Ok(response) => {
                let status = response.status().as_u16();
                let header = |name| {
                    response
                        .headers()
                        .get(name)
                        .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                };
                LinkFetch::Answered {
                    status,
                    content_type: header(CONTENT_TYPE).map(str::to_owned),
                    size_bytes: link_size(status, header(CONTENT_LENGTH), header(CONTENT_RANGE)),
                }
            }
        }
    }
}

/// The reason [`follow_like_meta`] stopped at a redirect, if it did.
fn refused_redirect(error: &reqwest::Error) -> Option<String> {
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        if let Some(RefusedRedirect::To(reason)) = inner.downcast_ref::<RefusedRedirect>() {
            return Some(reason.clone());
        }
        source = inner.source();
    }
    None
}

/// A content type a picker reports when it does not know the file's.
fn is_unknown_type(content_type: &str) -> bool {
    content_type.is_empty() || content_type.eq_ignore_ascii_case("application/octet-stream")
}

/// The MIME type Meta takes for a `kind` file named `file_name`, by its extension.
fn guess_content_type(kind: MediaKind, file_name: &str) -> Option<&'static str> {
    let (_, extension) = file_name.rsplit_once('.')?;
    let guessed = match extension.to_ascii_lowercase().as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "mp4" if kind == MediaKind::Audio => "audio/mp4",
        "m4a" => "audio/mp4",
        "mp4" => "video/mp4",
        "3gp" | "3gpp" => "video/3gpp",
        "aac" => "audio/aac",
        "amr" => "audio/amr",
        "mp3" => "audio/mpeg",
        "ogg" | "opus" => "audio/ogg",
        "txt" => "text/plain",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => return None,
    };
    Some(guessed)
}

/// The type to upload a `kind` file as (the one given, or the one its name says), once the
/// checks pass; the refusal, with every finding, when they do not.
fn checked_content_type(
    kind: MediaKind,
    file_name: &str,
    given: Option<&str>,
    size_bytes: u64,
) -> Result<String, CommandError> {
    let content_type = given
        .map(str::trim)
        .filter(|t| !is_unknown_type(t))
        .map(str::to_owned)
        .or_else(|| guess_content_type(kind, file_name).map(str::to_owned));
    let mut findings =
        check_media_content(kind, content_type.as_deref(), Some(size_bytes), UPLOAD_PATH);
    if content_type.is_none() {
        // Meta needs the type with the upload: not knowing it is a refusal, not a warning.
        findings.retain(|f| f.rule != SendRule::ContentType);
        findings.insert(
            0,
            SendFinding::error(
                SendRule::ContentType,
                UPLOAD_PATH,
                format!("The type of \"{file_name}\" cannot be told from its name, and Meta needs it with the upload."),
                format!(
                    "Name the file with the extension of its type ({}), then upload it again.",
                    media_limits(kind).content_types.join(", ")
                ),
            ),
        );
    }
    if size_bytes == 0 {
        findings.push(SendFinding::error(
            SendRule::Required,
            UPLOAD_PATH,
            format!("\"{file_name}\" is empty: Meta refuses an empty upload (131053)."),
            "Pick the file again; it may not have been saved completely.",
        ));
    }
    match content_type {
        Some(content_type) if !blocks_send(&findings) => Ok(content_type),
        _ => Err(upload_refused(findings)),
    }
}

fn upload_refused(findings: Vec<SendFinding>) -> CommandError {
    waba_core::send::send_blocked(
        "Nothing was uploaded",
        "Pick a file Meta accepts for this kind of media, then upload again.",
        findings,
    )
}

fn file_error(path: &Path, error: &std::io::Error) -> CommandError {
    CommandError::invalid_fields(vec![FieldError::new(
        "file",
        format!(
            "{} could not be read ({error}). Check the path and that the file is readable.",
            path.display()
        ),
    )])
}

impl Console {
    /// Uploads a file the window read (base64) to the profile's number, once the checks pass.
    pub async fn upload_media(
        &self,
        request: &UploadMediaRequest,
    ) -> Result<UploadedMedia, CommandError> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(request.data_base64.trim())
            .map_err(|e| {
                CommandError::invalid_fields(vec![FieldError::new(
                    "dataBase64",
                    format!("The file's contents are not valid base64 ({e}); pick the file again."),
                )])
            })?;
        self.upload_checked(
            &request.profile_id,
            request.kind,
            &request.file_name,
            request.content_type.as_deref(),
            bytes,
        )
        .await
    }

    /// Uploads the file at `path` (`waba send --file PATH`), its type told by its extension. A
    /// file over the kind's limit is refused before it is read.
    pub async fn upload_media_file(
        &self,
        profile_id: &str,
        kind: MediaKind,
        path: &Path,
    ) -> Result<UploadedMedia, CommandError> {
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .ok_or_else(|| {
                CommandError::invalid_fields(vec![FieldError::new(
                    "file",
                    format!(
                        "{} names no file; give the path of the file to upload.",
                        path.display()
                    ),
                )])
            })?;
        let size = tokio::fs::metadata(path)
            .await
            .map_err(|e| file_error(path, &e))?
            .len();
        checked_content_type(kind, &file_name, None, size)?;
        let bytes = tokio::fs::read(path)
            .await
            .map_err(|e| file_error(path, &e))?;
        self.upload_checked(profile_id, kind, &file_name, None, bytes)
            .await
    }

    async fn upload_checked(
        &self,
        profile_id: &str,
        kind: MediaKind,
        file_name: &str,
        content_type: Option<&str>,
        bytes: Vec<u8>,
    ) -> Result<UploadedMedia, CommandError> {
        let profile = self.profile(profile_id).await?;
        let size_bytes = bytes.len() as u64;
        let content_type = checked_content_type(kind, file_name, content_type, size_bytes)?;
        let (client, token) = self.session(&profile).await?;
        let phone_number_id = profile.phone_number_id.as_str();
        let request = client.describe_upload_media(phone_number_id, file_name, &content_type);
        let media = self
            .audited(
                Some(&profile.id),
                AuditAction::MediaUploaded,
                Some(file_name),
                async {
                    client
                        .upload_media(&token, phone_number_id, file_name, &content_type, bytes)
                        .await
                        .map_err(CommandError::from)
                },
            )
            .await?;
        Ok(UploadedMedia {
            media_id: media.id,
            file_name: file_name.to_owned(),
            content_type,
            size_bytes,
            request,
        })
    }

    /// Checks a media link as Meta's fetcher would meet it, trusting the system's roots.
    pub async fn check_media_link(
        &self,
        request: &CheckLinkRequest,
    ) -> Result<LinkCheck, CommandError> {
        self.check_media_link_with(request, &LinkFetcher::new()?)
            .await
    }

    /// [`Console::check_media_link`] with `fetcher` (tests: a test CA, a host on loopback).
    pub async fn check_media_link_with(
        &self,
        request: &CheckLinkRequest,
        fetcher: &LinkFetcher,
    ) -> Result<LinkCheck, CommandError> {
        let url = request.url.trim();
        if let Some(refused) = refused_before_fetch(url) {
            return Ok(refused);
        }
        Ok(judge_fetched_link(
            request.kind,
            url,
            &fetcher.fetch(url).await,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_comes_from_the_picker_or_the_extension() {
        assert_eq!(
            checked_content_type(MediaKind::Image, "a.PNG", None, 10).unwrap(),
            "image/png"
        );
        assert_eq!(
            checked_content_type(MediaKind::Image, "a.bin", Some("image/jpeg"), 10).unwrap(),
            "image/jpeg"
        );
        assert_eq!(
            checked_content_type(
                MediaKind::Audio,
                "voice.mp4",
                Some("application/octet-stream"),
                10
            )
            .unwrap(),
            "audio/mp4"
        );
        assert_eq!(
            checked_content_type(MediaKind::Video, "clip.mp4", None, 10).unwrap(),
            "video/mp4"
        );
    }

    #[test]
    fn an_unknown_type_an_empty_file_and_a_wrong_type_are_refused() {
        let findings = |error: CommandError| match error.details {
            Some(waba_core::ErrorDetails::Findings { findings }) => {
                assert_eq!(error.code, ErrorCode::SendBlocked);
                findings.iter().map(|f| f.rule).collect::<Vec<_>>()
            }
            other => panic!("{other:?}"),
        };
        let unknown = checked_content_type(MediaKind::Document, "notes", None, 10).unwrap_err();
        assert!(unknown.message.contains("\"notes\""), "{}", unknown.message);
        assert_eq!(findings(unknown), vec![SendRule::ContentType]);
        let empty = checked_content_type(MediaKind::Image, "a.png", None, 0).unwrap_err();
        assert_eq!(findings(empty), vec![SendRule::Required]);
        let webp = checked_content_type(MediaKind::Image, "a.webp", None, 10).unwrap_err();
        assert!(webp.message.contains("sticker"), "{}", webp.message);
    }
}
