//! Meta's Resumable Upload API (facts §17.2), the way a profile photo reaches a number:
//! `POST /{app-id}/uploads?file_name=&file_length=&file_type=` opens a session and answers
//! `{"id":"upload:<base64>?sig=<sig>"}`; `POST /upload:<base64>?sig=<sig>` with a `file_offset`
//! header and the raw bytes as the body (not multipart, any `Content-Type`) appends them;
//! `GET /upload:<base64>?sig=<sig>` answers `{"id", "file_offset"}` to resume. Once all
//! `file_length` bytes are in, the POST answers `{"h":"4:<b64 name>:<b64 type>:<opaque>:e:<expiry>:
//! <app-id>:<user-id>:<sig>"}`, a handle `business_profile` takes once as
//! `profile_picture_handle`. The token may be `OAuth` or `Bearer` (`routes` accepts both).
//!
//! Sandbox choices where the facts are uncertain:
//! - The base64 in the session ID is the URL-safe alphabet without padding, so the ID never holds
//!   a `/` or `+` that would break the path a client builds from it.
//! - A partial POST answers `{"id":"<the session ID as issued>","file_offset":<bytes received>}`;
//!   `GET` answers the same object.
//! - Refusals (400): a `file_type` outside the five MIME types, a missing or zero `file_length`,
//!   one over [`MAX_FILE_LENGTH`] (the sandbox's own memory bound), a `file_offset` other than
//!   the bytes received so far (the message names the expected offset), or more bytes than
//!   `file_length`: code 100. A wrong or missing `sig`: code 104 "(#104) Incorrect signature".
//!   An `{app-id}` that is not the sandbox app: 100/33, as any unknown object.
//! - At most [`MAX_SESSIONS`] sessions are kept (the oldest go first); the handle's `e:` time is
//!   30 days ahead and not enforced; a handle works once.

use std::collections::VecDeque;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use crate::envelope::GraphError;
use crate::routes::Call;

/// The MIME types the Application Uploads reference lists.
const FILE_TYPES: &[&str] = &[
    "application/pdf",
    "image/jpeg",
    "image/jpg",
    "image/png",
    "video/mp4",
];
/// The largest upload the sandbox keeps (Meta's own limit here is not documented).
pub(crate) const MAX_FILE_LENGTH: usize = 10 * 1024 * 1024;
/// Upload sessions kept at once.
const MAX_SESSIONS: usize = 10;
/// The prefix of every session ID.
pub(crate) const SESSION_PREFIX: &str = "upload:";
/// The handle's `e:` part: this far after the upload completed.
const HANDLE_VALID_FOR: Duration = Duration::days(30);

/// A finished upload as `business_profile` takes it.
#[derive(Debug, Clone)]
pub(crate) struct Upload {
    pub file_type: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug)]
struct Session {
    /// `upload:<base64>`, the path segment.
    id: String,
    sig: String,
    file_name: String,
    file_length: usize,
    upload: Upload,
    /// Set once every byte is in; cleared when the handle is used.
    handle: Option<String>,
}

impl Session {
    fn issued_id(&self) -> String {
        format!("{}?sig={}", self.id, self.sig)
    }

    fn progress(&self) -> Value {
        json!({"id": self.issued_id(), "file_offset": self.upload.bytes.len()})
    }
}

/// The open and finished upload sessions, newest last.
#[derive(Debug, Default)]
pub(crate) struct Uploads {
    sessions: VecDeque<Session>,
}

impl Uploads {
    /// A finished upload by its handle, if the handle is one the sandbox issued and not used.
    pub(crate) fn handle(&self, handle: &str) -> Option<&Upload> {
        self.sessions
            .iter()
            .find(|s| s.handle.as_deref() == Some(handle))
            .map(|s| &s.upload)
    }

    /// Uses a handle up: the session goes, and the upload with it.
    pub(crate) fn take_handle(&mut self, handle: &str) -> Option<Upload> {
        let at = self
            .sessions
            .iter()
            .position(|s| s.handle.as_deref() == Some(handle))?;
        self.sessions.remove(at).map(|s| s.upload)
    }

    fn session(&mut self, id: &str, call: &Call<'_>) -> Result<&mut Session, GraphError> {
        let session = self
            .sessions
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or_else(|| GraphError::no_such_object(&call.method, id))?;
        if call.param("sig") != Some(session.sig.as_str()) {
            return Err(GraphError::incorrect_signature());
        }
        Ok(session)
    }
}

/// `POST /{app-id}/uploads`: opens a session (parameters in the query or the body).
pub(crate) fn open(uploads: &mut Uploads, call: &Call<'_>) -> Result<Value, GraphError> {
    let file_type = call
        .input("file_type")
        .ok_or_else(|| GraphError::invalid_parameter("The parameter file_type is required"))?;
    if !FILE_TYPES.contains(&file_type.as_str()) {
        return Err(GraphError::invalid_parameter(&format!(
            "Param file_type must be one of {{{}}} - got \"{file_type}\"",
            FILE_TYPES.join(", ")
        )));
    }
    let file_length = call
        .input("file_length")
        .and_then(|n| n.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .ok_or_else(|| {
            GraphError::invalid_parameter("Param file_length must be a positive integer")
        })?;
    if file_length > MAX_FILE_LENGTH {
        return Err(GraphError::invalid_parameter(&format!(
            "Param file_length must be at most {MAX_FILE_LENGTH} (the sandbox keeps uploads of up to 10 MB)"
        )));
    }
    let file_name = call.input("file_name").unwrap_or_default();
    let inner = format!(
        "1:attachment:{}?file_length={file_length}&file_type={}",
        uuid(),
        form_urlencoded::byte_serialize(file_type.as_bytes()).collect::<String>()
    );
    let session = Session {
        id: format!("{SESSION_PREFIX}{}", URL_SAFE_NO_PAD.encode(inner)),
        sig: format!("AR{}", random_hex(16)),
        file_name,
        file_length,
        upload: Upload {
            file_type,
            bytes: Vec::new(),
        },
        handle: None,
    };
    let id = session.issued_id();
    if uploads.sessions.len() >= MAX_SESSIONS {
        uploads.sessions.pop_front();
    }
    uploads.sessions.push_back(session);
    Ok(json!({ "id": id }))
}

/// `GET /upload:<id>?sig=`: how many bytes the session has.
pub(crate) fn progress(
    uploads: &mut Uploads,
    id: &str,
    call: &Call<'_>,
) -> Result<Value, GraphError> {
    Ok(uploads.session(id, call)?.progress())
}

/// `POST /upload:<id>?sig=` with `file_offset` and raw bytes: appends them; the handle once
/// the file is complete. `app_id` and `user_id` go into the handle.
pub(crate) fn append(
    uploads: &mut Uploads,
    id: &str,
    call: &Call<'_>,
    ids: (&str, &str),
    now: OffsetDateTime,
) -> Result<Value, GraphError> {
    let session = uploads.session(id, call)?;
    let received = session.upload.bytes.len();
    let offset = call
        .header("file_offset")
        .or_else(|| call.param("file_offset"))
        .ok_or_else(|| {
            GraphError::invalid_parameter(&format!(
                "The file_offset header is required: send the bytes from offset {received}"
            ))
        })?;
    if offset.trim().parse::<usize>().ok() != Some(received) {
        return Err(GraphError::invalid_parameter(&format!(
            "Param file_offset must be {received}: the session has received {received} of {} bytes",
            session.file_length
        )));
    }
    let body = call.raw_body();
    if received + body.len() > session.file_length {
        return Err(GraphError::invalid_parameter(&format!(
            "The upload is longer than file_length: {} bytes were announced, {} sent",
            session.file_length,
            received + body.len()
        )));
    }
    session.upload.bytes.extend_from_slice(body);
    if session.upload.bytes.len() < session.file_length {
        return Ok(session.progress());
    }
    let (app_id, user_id) = ids;
    let handle = session.handle.get_or_insert_with(|| {
        format!(
            "4:{}:{}:{}:e:{}:{app_id}:{user_id}:AR{}",
            STANDARD.encode(&session.file_name),
            STANDARD.encode(&session.upload.file_type),
            URL_SAFE_NO_PAD.encode(random_hex(12)),
            (now + HANDLE_VALID_FOR).unix_timestamp(),
            random_hex(16),
        )
    });
    Ok(json!({ "h": handle }))
}

/// `n` random bytes as hex (the time stands in if the OS has no random source).
pub(crate) fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = OffsetDateTime::now_utc()
            .unix_timestamp_nanos()
            .to_le_bytes();
        for (byte, seed) in bytes.iter_mut().zip(nanos.iter().cycle()) {
            *byte = *seed;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn uuid() -> String {
    let hex = random_hex(16);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}
