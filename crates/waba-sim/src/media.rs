//! Media (facts §11): `POST /{phone-number-id}/media` takes a multipart form (`file`, `type`,
//! `messaging_product=whatsapp`) and answers `{id}`; `GET /{media-id}` answers
//! `{messaging_product, url, mime_type, sha256, file_size, id}`; `DELETE /{media-id}` answers
//! `{success: true}`. The `url` is the sandbox's own stand-in for Meta's lookaside host,
//! `/whatsapp_business/attachments/?mid=...`, valid 5 minutes of sim time and downloaded with
//! the same bearer token (404 once it has expired or the media is gone).
//!
//! Each kind's MIME types and size limit are Meta's table: image JPEG/PNG 5 MB, audio 16 MB,
//! video MP4/3GPP 16 MB, documents 100 MB, stickers WebP 500 KB (animated; 100 KB static is not
//! told apart). A file of another type or over its kind's limit is refused with 131053 ("Media
//! upload error"), as Meta refuses it. Media lives in memory, at most [`MAX_ITEMS`] items and
//! [`MAX_BYTES`] in all; the oldest go first. Uploaded media is kept for 30 days of sim time.

use std::collections::VecDeque;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::envelope::GraphError;

/// The largest request body the Graph routes take: a 100 MB document plus its form.
pub(crate) const MAX_BODY: usize = 101 * 1024 * 1024;
/// Media kept at once, at most.
const MAX_ITEMS: usize = 1_000;
/// Bytes kept at once, at most.
const MAX_BYTES: usize = 256 * 1024 * 1024;
/// How long uploaded media can be used (facts §11: 30 days).
const KEPT_FOR: Duration = Duration::days(30);
/// How long a download URL is valid (facts §11: 5 minutes).
const URL_VALID_FOR: Duration = Duration::minutes(5);
/// The first media ID the sandbox hands out (16 digits, like Meta's).
const FIRST_ID: u64 = 1_037_543_291_500_000;
/// The download path, Meta's lookaside path.
pub(crate) const DOWNLOAD_PATH: &str = "/whatsapp_business/attachments/";

const KB: usize = 1024;
const MB: usize = 1024 * 1024;

/// The kinds a message can carry media as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Audio,
    Document,
    Image,
    Sticker,
    Video,
}

impl Kind {
    pub(crate) const ALL: [Kind; 5] = [
        Kind::Audio,
        Kind::Document,
        Kind::Image,
        Kind::Sticker,
        Kind::Video,
    ];

    /// The message `type` (and object key) for this kind.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Audio => "audio",
            Kind::Document => "document",
            Kind::Image => "image",
            Kind::Sticker => "sticker",
            Kind::Video => "video",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The MIME types Meta accepts for this kind (facts §11).
    pub(crate) fn mime_types(self) -> &'static [&'static str] {
        match self {
            Kind::Audio => &[
                "audio/aac",
                "audio/amr",
                "audio/mpeg",
                "audio/mp4",
                "audio/ogg",
            ],
            Kind::Document => &[
                "text/plain",
                "application/pdf",
                "application/msword",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.ms-excel",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/vnd.ms-powerpoint",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ],
            Kind::Image => &["image/jpeg", "image/png"],
            Kind::Sticker => &["image/webp"],
            Kind::Video => &["video/mp4", "video/3gpp"],
        }
    }

    /// The largest file of this kind, in bytes.
    pub(crate) fn max_size(self) -> usize {
        match self {
            Kind::Audio | Kind::Video => 16 * MB,
            Kind::Document => 100 * MB,
            Kind::Image => 5 * MB,
            Kind::Sticker => 500 * KB,
        }
    }

    /// Whether `mime` (parameters such as `; codecs=opus` ignored) is one of this kind's types.
    pub(crate) fn accepts(self, mime: &str) -> bool {
        self.mime_types().contains(&essence(mime).as_str())
    }

    /// The kind whose types include `mime`.
    fn of(mime: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.accepts(mime))
    }
}

/// `type/subtype` in lower case, without parameters.
fn essence(mime: &str) -> String {
    mime.split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// One uploaded file.
#[derive(Debug)]
pub(crate) struct Media {
    pub id: String,
    /// The number that uploaded it; only it can send it.
    pub phone_number_id: String,
    pub mime_type: String,
    bytes: Vec<u8>,
    sha256: String,
    uploaded_at: OffsetDateTime,
}

impl Media {
    pub(crate) fn kind(&self) -> Option<Kind> {
        Kind::of(&self.mime_type)
    }
}

/// The uploaded media of every number.
#[derive(Debug)]
pub(crate) struct MediaStore {
    items: VecDeque<Media>,
    bytes: usize,
    last_id: u64,
}

impl Default for MediaStore {
    fn default() -> Self {
        MediaStore {
            items: VecDeque::new(),
            bytes: 0,
            last_id: FIRST_ID,
        }
    }
}

impl MediaStore {
    /// The media `id`, if it exists and has not expired at `now`.
    pub(crate) fn find(&self, id: &str, now: OffsetDateTime) -> Option<&Media> {
        self.items
            .iter()
            .find(|m| m.id == id && m.uploaded_at + KEPT_FOR > now)
    }

    fn insert(&mut self, media: Media) {
        self.bytes += media.bytes.len();
        self.items.push_back(media);
        while self.items.len() > MAX_ITEMS || self.bytes > MAX_BYTES {
            match self.items.pop_front() {
                Some(old) => self.bytes -= old.bytes.len(),
                None => break,
            }
        }
    }

    fn remove(&mut self, id: &str) -> bool {
        let Some(at) = self.items.iter().position(|m| m.id == id) else {
            return false;
        };
        if let Some(old) = self.items.remove(at) {
            self.bytes -= old.bytes.len();
        }
        true
    }
}

/// One part of a multipart form.
struct Part<'a> {
    name: String,
    content_type: Option<String>,
    data: &'a [u8],
}

/// The parts of a `multipart/form-data` body with this `Content-Type`; `Err` says what is wrong.
fn multipart<'a>(content_type: &str, body: &'a [u8]) -> Result<Vec<Part<'a>>, String> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))
        .map(|b| b.trim_matches('"'))
        .filter(|b| !b.is_empty())
        .ok_or("the multipart Content-Type has no boundary")?;
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    let start = find(rest, delimiter.as_bytes()).ok_or("the body has no multipart boundary")?;
    rest = &rest[start + delimiter.len()..];
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("a multipart boundary is malformed")?;
        let head_end = find(rest, b"\r\n\r\n").ok_or("a multipart part has no header end")?;
        let head = String::from_utf8_lossy(&rest[..head_end]).into_owned();
        rest = &rest[head_end + 4..];
        let end_marker = format!("\r\n{delimiter}");
        let end = find(rest, end_marker.as_bytes()).ok_or("a multipart part is not closed")?;
        let data = &rest[..end];
        rest = &rest[end + end_marker.len()..];
        let mut name = None;
        let mut part_type = None;
        for line in head.split("\r\n") {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            if key.trim().eq_ignore_ascii_case("content-disposition") {
                name = value.split(';').map(str::trim).find_map(|p| {
                    p.strip_prefix("name=")
                        .map(|n| n.trim_matches('"').to_owned())
                });
            } else if key.trim().eq_ignore_ascii_case("content-type") {
                part_type = Some(value.trim().to_owned());
            }
        }
        parts.push(Part {
            name: name.ok_or("a multipart part has no name")?,
            content_type: part_type,
            data,
        });
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn upload_error(details: String) -> GraphError {
    GraphError::coded(131053, Some(details))
}

/// `POST /{phone-number-id}/media`.
pub(crate) fn upload(
    store: &mut MediaStore,
    phone_number_id: &str,
    content_type: Option<&str>,
    body: &[u8],
    now: OffsetDateTime,
) -> Result<Value, GraphError> {
    let content_type = content_type.unwrap_or_default();
    if !essence(content_type).starts_with("multipart/form-data") {
        return Err(GraphError::bad_param(
            "Upload media as multipart/form-data with the fields messaging_product, file and type.",
        ));
    }
    let parts = multipart(content_type, body).map_err(GraphError::bad_param)?;
    let field = |name: &str| parts.iter().find(|p| p.name == name);
    let text = |name: &str| field(name).map(|p| String::from_utf8_lossy(p.data).trim().to_owned());
    match text("messaging_product") {
        None => {
            return Err(GraphError::coded(
                131008,
                Some("The parameter messaging_product is required.".into()),
            ))
        }
        Some(p) if p != "whatsapp" => {
            return Err(GraphError::bad_param(
                "Param messaging_product must be one of {WHATSAPP}.",
            ))
        }
        Some(_) => {}
    }
    let file = field("file")
        .ok_or_else(|| GraphError::coded(131008, Some("The parameter file is required.".into())))?;
    let mime = text("type")
        .filter(|t| !t.is_empty())
        .or_else(|| file.content_type.clone())
        .ok_or_else(|| GraphError::coded(131008, Some("The parameter type is required.".into())))?;
    let kind = Kind::of(&mime).ok_or_else(|| {
        let all: Vec<&str> = Kind::ALL
            .iter()
            .flat_map(|k| k.mime_types())
            .copied()
            .collect();
        upload_error(format!(
            "Param file must be a file with one of the following types: {}. Received file of \
             type '{}'.",
            all.join(", "),
            essence(&mime)
        ))
    })?;
    if file.data.is_empty() {
        return Err(upload_error("The uploaded file is empty.".into()));
    }
    if file.data.len() > kind.max_size() {
        return Err(upload_error(format!(
            "{} files are limited to {} bytes ({}); this one has {} bytes.",
            kind.name(),
            kind.max_size(),
            size_text(kind.max_size()),
            file.data.len()
        )));
    }
    store.last_id += 1;
    let id = store.last_id.to_string();
    let sha256 = Sha256::digest(file.data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    store.insert(Media {
        id: id.clone(),
        phone_number_id: phone_number_id.to_owned(),
        mime_type: essence(&mime),
        bytes: file.data.to_vec(),
        sha256,
        uploaded_at: now,
    });
    Ok(json!({ "id": id }))
}

fn size_text(bytes: usize) -> String {
    if bytes >= MB {
        format!("{} MB", bytes / MB)
    } else {
        format!("{} KB", bytes / KB)
    }
}

/// `GET /{media-id}`: the download URL and what the file is.
pub(crate) fn node(media: &Media, base_url: &str, now: OffsetDateTime) -> Value {
    let expires = (now + URL_VALID_FOR).unix_timestamp();
    json!({
        "messaging_product": "whatsapp",
        "url": format!("{base_url}{DOWNLOAD_PATH}?mid={}&ext={expires}", media.id),
        "mime_type": media.mime_type,
        "sha256": media.sha256,
        "file_size": media.bytes.len().to_string(),
        "id": media.id,
    })
}

/// `DELETE /{media-id}`.
pub(crate) fn delete(store: &mut MediaStore, id: &str) -> Value {
    json!({ "success": store.remove(id) })
}

/// `GET` of a URL from [`node`] (the token was already checked): the bytes, or 404 when the
/// media is gone or the URL has expired.
pub(crate) fn download(
    store: &MediaStore,
    query: &[(String, String)],
    now: OffsetDateTime,
) -> Response {
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let expires = param("ext").and_then(|e| e.parse::<i64>().ok());
    let media = param("mid").and_then(|id| store.find(id, now));
    match (media, expires) {
        (Some(media), Some(expires)) if expires > now.unix_timestamp() => (
            [(header::CONTENT_TYPE, media.mime_type.clone())],
            media.bytes.clone(),
        )
            .into_response(),
        _ => (
            StatusCode::NOT_FOUND,
            "This media URL has expired or the media was deleted. Get a new URL with GET /{media-id}.",
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(boundary: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
        let mut body = Vec::new();
        for (name, content_type, data) in parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"").as_bytes(),
            );
            if let Some(t) = content_type {
                body.extend_from_slice(format!("; filename=\"f\"\r\nContent-Type: {t}").as_bytes());
            }
            body.extend_from_slice(b"\r\n\r\n");
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        body
    }

    #[test]
    fn multipart_parts_keep_their_bytes() {
        let body = form(
            "XyZ",
            &[
                ("messaging_product", None, b"whatsapp"),
                ("file", Some("image/png"), b"\x89PNG\r\n--Xy\r\n"),
            ],
        );
        let parts = multipart("multipart/form-data; boundary=XyZ", &body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[1].name, "file");
        assert_eq!(parts[1].content_type.as_deref(), Some("image/png"));
        assert_eq!(parts[1].data, b"\x89PNG\r\n--Xy\r\n");
        assert!(multipart("multipart/form-data", &body).is_err());
    }

    #[test]
    fn kinds_follow_metas_table() {
        assert!(Kind::Image.accepts("IMAGE/JPEG"));
        assert!(!Kind::Image.accepts("image/webp"), "WebP only as a sticker");
        assert!(Kind::Audio.accepts("audio/ogg; codecs=opus"));
        assert_eq!(Kind::Image.max_size(), 5 * MB);
        assert_eq!(Kind::of("video/3gpp"), Some(Kind::Video));
        assert_eq!(Kind::of("application/zip"), None);
    }

    #[test]
    fn the_store_forgets_the_oldest_past_its_bounds() {
        let mut store = MediaStore::default();
        let now = OffsetDateTime::now_utc();
        for _ in 0..=MAX_ITEMS {
            let body = form(
                "b",
                &[
                    ("messaging_product", None, b"whatsapp"),
                    ("file", Some("image/png"), b"x"),
                ],
            );
            upload(
                &mut store,
                "1",
                Some("multipart/form-data; boundary=b"),
                &body,
                now,
            )
            .unwrap();
        }
        assert_eq!(store.items.len(), MAX_ITEMS);
        assert!(store.find(&(FIRST_ID + 1).to_string(), now).is_none());
        assert!(store.find(&(FIRST_ID + 2).to_string(), now).is_some());
        assert!(store
            .find(&(FIRST_ID + 2).to_string(), now + KEPT_FOR)
            .is_none());
    }
}
