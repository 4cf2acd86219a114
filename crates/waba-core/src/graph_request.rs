//! One Graph call as data: method, URL, query, which token authorizes it and its body, with every
//! secret held as a named placeholder (`$WA_TOKEN`, `$WA_APP_TOKEN`, `$WA_PIN`,
//! `$WA_VERIFY_TOKEN`), never as a value.
//!
//! It exists so that what the console shows is what it sends: the Graph client builds a
//! [`GraphRequest`] for every call and sends exactly that ([`GraphRequest::resolve`] fills the
//! placeholders with the call's secrets at the last moment), and the window renders the same
//! description as a copy-pasteable `curl` command ([`GraphRequest::to_curl`]) or shows its JSON.
//! Both come from one list of pieces per part (URL with query, headers, body), so the rendered
//! command and the sent bytes cannot drift apart.
//!
//! A description cannot hold a secret value: nothing here accepts a [`Secret`] except
//! [`SecretValues`], which is never stored in a description, and a `Secret` cannot be turned into
//! the `serde_json::Value` of a body or a query value without an explicit `expose_secret()`
//! (it is not `Serialize`). A secret field of a body is declared with
//! [`GraphRequest::with_secret_field`], which overwrites whatever the field held with the
//! placeholder's text.
//!
//! Placeholders are filled as the shell fills them: the value as it is, escaped for where it
//! stands (JSON-escaped inside a JSON string, form-encoded in a query). For the
//! values Meta uses (tokens, 6-digit PINs, verify tokens of letters, digits and `-._`) the
//! escaping changes nothing, so the command is byte for byte the request.
//!
//! A `multipart/form-data` body (the media upload) holds text fields and names one file part
//! (form field, file name, content type) but never the file's contents: `curl` renders it as
//! `-F 'type=image/jpeg' -F 'file=@photo.jpg;type=image/jpeg'` (reading the file from the
//! current directory), and the contents are supplied like a secret, when sent
//! ([`SecretValues::with_file_contents`]), with a boundary chosen then.
//!
//! A raw body (the Resumable Upload API's bytes, facts §17.2) is the file alone, named the same
//! way and filled the same way; `curl` renders it as `--data-binary '@logo.png'`. That call also
//! uses Graph's other header scheme (`Authorization: OAuth $WA_TOKEN`) and one header of its own
//! (`file_offset: 0`), so a request can name its scheme and extra headers.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;
use url::form_urlencoded;

use crate::secret::{ExposeSecret, Secret};

/// The form field a multipart body's file part usually goes in (Graph's media upload).
pub const FILE_FIELD: &str = "file";

/// The HTTP methods the console sends to Graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum HttpMethod {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
    #[serde(rename = "DELETE")]
    Delete,
}

impl HttpMethod {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }
}

/// A secret a request needs, by the environment variable the `curl` rendering reads it from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum Placeholder {
    /// The profile's System User (or user) access token.
    #[serde(rename = "WA_TOKEN")]
    Token,
    /// The app access token `{app-id}|{app-secret}`.
    #[serde(rename = "WA_APP_TOKEN")]
    AppToken,
    /// A number's two-step verification PIN.
    #[serde(rename = "WA_PIN")]
    Pin,
    /// A webhook callback's verify token.
    #[serde(rename = "WA_VERIFY_TOKEN")]
    VerifyToken,
}

impl Placeholder {
    /// The shell variable's name, e.g. `WA_PIN`.
    pub const fn variable(self) -> &'static str {
        match self {
            Self::Token => "WA_TOKEN",
            Self::AppToken => "WA_APP_TOKEN",
            Self::Pin => "WA_PIN",
            Self::VerifyToken => "WA_VERIFY_TOKEN",
        }
    }

    /// How the placeholder reads where its value would stand, e.g. `$WA_PIN`.
    pub fn text(self) -> String {
        format!("${}", self.variable())
    }
}

/// The token of a request's `Authorization: Bearer` header. A token never travels in the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum Credential {
    /// The profile's access token ([`Placeholder::Token`]).
    #[serde(rename = "WA_TOKEN")]
    Token,
    /// The app access token, for the app's own edges such as `/{app-id}/subscriptions`
    /// ([`Placeholder::AppToken`]).
    #[serde(rename = "WA_APP_TOKEN")]
    AppToken,
}

impl Credential {
    pub const fn placeholder(self) -> Placeholder {
        match self {
            Self::Token => Placeholder::Token,
            Self::AppToken => Placeholder::AppToken,
        }
    }
}

/// A query parameter's value: text sent as it is (form-encoded), or a secret's placeholder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum ParamValue {
    Text(String),
    Secret(Placeholder),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct QueryParam {
    pub name: String,
    pub value: ParamValue,
}

/// How a body is encoded, by its `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum BodyEncoding {
    /// The body's JSON, compact.
    #[serde(rename = "application/json")]
    Json,
    /// Text fields and one file part (curl's `-F`); the boundary is chosen when the request is
    /// sent.
    #[serde(rename = "multipart/form-data")]
    Multipart,
    /// The file's bytes as they are (curl's `--data-binary @file`).
    #[serde(rename = "application/octet-stream")]
    Binary,
}

impl BodyEncoding {
    pub const fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Multipart => "multipart/form-data",
            Self::Binary => "application/octet-stream",
        }
    }
}

/// The file of a multipart or raw body, named but not held: a description never carries a
/// file's contents, the send supplies them ([`SecretValues::with_file_contents`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct FilePart {
    /// The form field it goes in ([`FILE_FIELD`] for Graph's media upload); empty for a raw
    /// body, which is the file alone.
    pub field: String,
    /// The name it is sent under, and the file `curl` reads from the current directory.
    pub file_name: String,
    /// Its MIME type (`image/jpeg`).
    pub content_type: String,
}

/// A body field that holds a secret: its path of object keys from the body's top and the
/// placeholder standing in its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SecretField {
    pub path: Vec<String>,
    pub placeholder: Placeholder,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RequestBody {
    content_type: BodyEncoding,
    /// The body, each secret field holding its placeholder's text (`"$WA_PIN"`); for a
    /// multipart body, the object of its text fields.
    #[ts(type = "unknown")]
    value: Value,
    secret_fields: Vec<SecretField>,
    /// A multipart body's file part, or the file a raw body is.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    file: Option<FilePart>,
}

impl RequestBody {
    pub fn encoding(&self) -> BodyEncoding {
        self.content_type
    }

    /// The body with each secret field holding its placeholder's text: what the window shows.
    pub fn value(&self) -> &Value {
        &self.value
    }

    pub fn secret_fields(&self) -> &[SecretField] {
        &self.secret_fields
    }

    /// A multipart body's file part (name and type; never the contents).
    pub fn file(&self) -> Option<&FilePart> {
        self.file.as_ref()
    }

    fn is_multipart(&self) -> bool {
        self.content_type == BodyEncoding::Multipart
    }

    fn is_binary(&self) -> bool {
        self.content_type == BodyEncoding::Binary
    }
}

/// How the `Authorization` header presents the token: `Bearer` for Graph's calls, `OAuth` for
/// the Resumable Upload API's (facts §17.2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum AuthScheme {
    #[default]
    Bearer,
    OAuth,
}

impl AuthScheme {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Bearer => "Bearer",
            Self::OAuth => "OAuth",
        }
    }

    fn is_bearer(&self) -> bool {
        *self == Self::Bearer
    }
}

/// A header a call needs besides `Authorization` and `Content-Type` (`file_offset: 0`); never a
/// secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RequestHeader {
    pub name: String,
    pub value: String,
}

/// One Graph call, described. Build it with [`GraphRequest::new`] and the `with_` methods; the
/// serialized form carries the `curl` rendering too, for the window.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct GraphRequest {
    method: HttpMethod,
    /// `{base}/{version}/{path}`, without a query string.
    url: String,
    token: Credential,
    /// Left out when `Bearer`, the scheme of almost every call.
    #[serde(skip_serializing_if = "AuthScheme::is_bearer")]
    #[ts(as = "Option<AuthScheme>", optional)]
    auth_scheme: AuthScheme,
    /// Left out when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<RequestHeader>>", optional)]
    headers: Vec<RequestHeader>,
    query: Vec<QueryParam>,
    body: Option<RequestBody>,
    /// [`GraphRequest::to_curl`], kept in step by every builder method.
    curl: String,
}

impl GraphRequest {
    /// `url` is `{base}/{version}/{path}` without a query (the client builds it from the
    /// profile); `token` is the one the `Authorization` header carries.
    pub fn new(method: HttpMethod, url: impl Into<String>, token: Credential) -> Self {
        Self {
            method,
            url: url.into(),
            token,
            auth_scheme: AuthScheme::Bearer,
            headers: Vec::new(),
            query: Vec::new(),
            body: None,
            curl: String::new(),
        }
        .rendered()
    }

    /// Adds a query parameter sent as `value`. The token never goes here: it travels in the
    /// `Authorization` header.
    pub fn with_query(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.with_param(name.into(), ParamValue::Text(value.into()))
    }

    /// Adds a query parameter whose value is a secret (`input_token` of `debug_token`).
    pub fn with_secret_query(self, name: impl Into<String>, placeholder: Placeholder) -> Self {
        self.with_param(name.into(), ParamValue::Secret(placeholder))
    }

    fn with_param(mut self, name: String, value: ParamValue) -> Self {
        debug_assert_ne!(
            name, "access_token",
            "tokens travel in the Authorization header"
        );
        self.query.push(QueryParam { name, value });
        self.rendered()
    }

    /// Sets a JSON body (replacing any body and its secret fields).
    pub fn with_json_body(self, value: Value) -> Self {
        self.with_body(BodyEncoding::Json, value)
    }

    fn with_body(mut self, encoding: BodyEncoding, value: Value) -> Self {
        self.body = Some(RequestBody {
            content_type: encoding,
            value,
            secret_fields: Vec::new(),
            file: None,
        });
        self.rendered()
    }

    /// Sets a `multipart/form-data` body (replacing any body): the text `fields`, by name, then
    /// the `file` part. The description names the file; the send supplies its contents
    /// ([`SecretValues::with_file_contents`]).
    pub fn with_multipart_body(mut self, fields: &[(&str, &str)], file: FilePart) -> Self {
        let fields = fields
            .iter()
            .map(|(name, value)| (name.to_string(), Value::String(value.to_string())))
            .collect();
        self.body = Some(RequestBody {
            content_type: BodyEncoding::Multipart,
            value: Value::Object(fields),
            secret_fields: Vec::new(),
            file: Some(file),
        });
        self.rendered()
    }

    /// Sets a raw body (replacing any body): the file's bytes as they are, sent as
    /// `application/octet-stream`. The description names the file; the send supplies its
    /// contents ([`SecretValues::with_file_contents`]).
    pub fn with_file_body(mut self, file_name: &str) -> Self {
        self.body = Some(RequestBody {
            content_type: BodyEncoding::Binary,
            value: Value::Null,
            secret_fields: Vec::new(),
            file: Some(FilePart {
                field: String::new(),
                file_name: file_name.to_owned(),
                content_type: BodyEncoding::Binary.content_type().to_owned(),
            }),
        });
        self.rendered()
    }

    /// Presents the token with `scheme` in the `Authorization` header.
    pub fn with_auth_scheme(mut self, scheme: AuthScheme) -> Self {
        self.auth_scheme = scheme;
        self.rendered()
    }

    /// Adds a header (never a secret: its value is shown as it is).
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push(RequestHeader {
            name: name.into(),
            value: value.into(),
        });
        self.rendered()
    }

    /// Declares the body field at `path` (object keys from the top, created when missing) a
    /// secret: it holds `placeholder` in the description and the secret's value only when sent.
    /// Without a body, the body becomes a JSON object. A multipart body's fields are one key
    /// deep.
    pub fn with_secret_field(mut self, path: &[&str], placeholder: Placeholder) -> Self {
        let body = self.body.get_or_insert_with(|| RequestBody {
            content_type: BodyEncoding::Json,
            value: Value::Object(Map::new()),
            secret_fields: Vec::new(),
            file: None,
        });
        debug_assert!(
            body.content_type != BodyEncoding::Multipart || path.len() == 1,
            "a form field is one key deep"
        );
        debug_assert!(!body.is_binary(), "a raw body has no fields");
        let mut slot = &mut body.value;
        for key in path {
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            slot = slot
                .as_object_mut()
                .expect("made an object above")
                .entry(key.to_string())
                .or_insert(Value::Null);
        }
        *slot = Value::String(placeholder.text());
        let path: Vec<String> = path.iter().map(|key| key.to_string()).collect();
        body.secret_fields.retain(|field| field.path != path);
        body.secret_fields.push(SecretField { path, placeholder });
        self.rendered()
    }

    pub fn method(&self) -> HttpMethod {
        self.method
    }

    /// The URL without its query string: safe for errors and logs.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn token(&self) -> Credential {
        self.token
    }

    pub fn auth_scheme(&self) -> AuthScheme {
        self.auth_scheme
    }

    pub fn query(&self) -> &[QueryParam] {
        &self.query
    }

    pub fn body(&self) -> Option<&RequestBody> {
        self.body.as_ref()
    }

    /// A POSIX shell command that sends this request with `curl`, each secret read from its
    /// environment variable, e.g. `curl -X GET 'https://graph.facebook.com/v27.0/1?fields=id'
    /// -H "Authorization: Bearer $WA_TOKEN"`.
    pub fn to_curl(&self) -> String {
        self.curl.clone()
    }

    /// The request with `secrets` in place of its placeholders (and a multipart body's file
    /// contents in its file part), ready to send; `Err` names what `secrets` has no value for.
    pub fn resolve(&self, secrets: &SecretValues<'_>) -> Result<ResolvedRequest, MissingSecret> {
        let mut headers: Vec<ResolvedHeader> = self
            .headers()
            .into_iter()
            .map(|(name, pieces)| {
                Ok(ResolvedHeader {
                    name,
                    sensitive: pieces.iter().any(|p| matches!(p, Piece::Secret(..))),
                    value: fill(&pieces, secrets)?,
                })
            })
            .collect::<Result<_, MissingSecret>>()?;
        let body = match &self.body {
            Some(body) if body.is_multipart() => {
                let (content_type, bytes) = multipart_body(body, secrets)?;
                headers.push(ResolvedHeader {
                    name: "Content-Type".to_owned(),
                    value: content_type,
                    sensitive: false,
                });
                Some(bytes)
            }
            Some(body) if body.is_binary() => Some(
                secrets
                    .file_contents
                    .ok_or(MissingSecret::FileContents)?
                    .to_vec(),
            ),
            _ => self
                .body_pieces()
                .map(|pieces| fill(&pieces, secrets).map(String::into_bytes))
                .transpose()?,
        };
        Ok(ResolvedRequest {
            method: self.method,
            url: fill(&self.url_pieces(), secrets)?,
            headers,
            body,
        })
    }

    fn rendered(mut self) -> Self {
        self.curl = self.render_curl();
        self
    }

    fn render_curl(&self) -> String {
        let url = self.url_pieces();
        let mut words = vec![
            "curl".to_owned(),
            "-X".to_owned(),
            self.method.as_str().to_owned(),
        ];
        // curl reads `[]{}` in a URL as a glob pattern unless told not to.
        if url.iter().any(|piece| match piece {
            Piece::Text(text) => text.contains(['[', ']', '{', '}']),
            Piece::Secret(..) => false,
        }) {
            words.push("--globoff".to_owned());
        }
        words.push(shell_word(&url));
        for (name, value) in self.headers() {
            let mut header = vec![Piece::Text(format!("{name}: "))];
            header.extend(value);
            words.push("-H".to_owned());
            words.push(shell_word(&header));
        }
        if let Some(body) = self.body_pieces() {
            words.push("-d".to_owned());
            words.push(shell_word(&body));
        }
        if let Some(body) = self.body.as_ref().filter(|b| b.is_multipart()) {
            words.extend(form_words(body));
        }
        if let Some(file) = self
            .body
            .as_ref()
            .filter(|b| b.is_binary())
            .and_then(RequestBody::file)
        {
            words.push("--data-binary".to_owned());
            words.push(single_quoted(&format!("@{}", file.file_name)));
        }
        words.join(" ")
    }

    /// The URL and its query string as sent.
    fn url_pieces(&self) -> Vec<Piece> {
        let mut pieces = vec![Piece::Text(self.url.clone())];
        for (i, param) in self.query.iter().enumerate() {
            let separator = if i == 0 { "?" } else { "&" };
            pieces.push(Piece::Text(format!(
                "{separator}{}=",
                form_encode(&param.name)
            )));
            pieces.push(match &param.value {
                ParamValue::Text(text) => Piece::Text(form_encode(text)),
                ParamValue::Secret(placeholder) => Piece::Secret(*placeholder, Escape::Form),
            });
        }
        pieces
    }

    /// The headers the request depends on, by name; values as pieces. A multipart body's
    /// `Content-Type` names its boundary, so it is added when sent (curl's `-F` adds its own).
    fn headers(&self) -> Vec<(String, Vec<Piece>)> {
        let mut headers = vec![(
            "Authorization".to_owned(),
            vec![
                Piece::Text(format!("{} ", self.auth_scheme.as_str())),
                Piece::Secret(self.token.placeholder(), Escape::None),
            ],
        )];
        if let Some(body) = self.body.as_ref().filter(|b| !b.is_multipart()) {
            headers.push((
                "Content-Type".to_owned(),
                vec![Piece::Text(body.content_type.content_type().to_owned())],
            ));
        }
        for header in &self.headers {
            headers.push((header.name.clone(), vec![Piece::Text(header.value.clone())]));
        }
        headers
    }

    /// A JSON body as pieces (a multipart body is made when sent, from [`form_fields`]; a raw
    /// body is the file's contents).
    fn body_pieces(&self) -> Option<Vec<Piece>> {
        let body = self
            .body
            .as_ref()
            .filter(|b| b.encoding() == BodyEncoding::Json)?;
        let mut pieces = Vec::new();
        let mut path = Vec::new();
        json_pieces(
            &body.value,
            Some(&mut path),
            &body.secret_fields,
            &mut pieces,
        );
        Some(pieces)
    }
}

/// The secrets one send fills a request's placeholders with, and the contents of a multipart
/// body's file part. Never stored in a description; its `Debug` names the placeholders only.
#[derive(Default)]
pub struct SecretValues<'a> {
    values: Vec<(Placeholder, &'a Secret)>,
    file_contents: Option<&'a [u8]>,
}

impl<'a> SecretValues<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    /// `placeholder` is filled with `secret` (a later value for the same placeholder wins).
    pub fn with(mut self, placeholder: Placeholder, secret: &'a Secret) -> Self {
        self.values.retain(|(p, _)| *p != placeholder);
        self.values.push((placeholder, secret));
        self
    }

    /// The bytes of the multipart body's file part (kept out of the description like a secret).
    pub fn with_file_contents(mut self, contents: &'a [u8]) -> Self {
        self.file_contents = Some(contents);
        self
    }

    fn get(&self, placeholder: Placeholder) -> Option<&'a Secret> {
        self.values
            .iter()
            .find(|(p, _)| *p == placeholder)
            .map(|(_, secret)| *secret)
    }
}

impl fmt::Debug for SecretValues<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self
            .file_contents
            .map(|bytes| format!("file of {} bytes", bytes.len()));
        f.debug_list()
            .entries(self.values.iter().map(|(p, _)| p.variable().to_owned()))
            .entries(file)
            .finish()
    }
}

/// What a request needs and the call supplied no value for (a bug in the caller, not the
/// admin's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingSecret {
    /// A placeholder's secret.
    Placeholder(Placeholder),
    /// The contents of the multipart body's file part.
    FileContents,
}

impl fmt::Display for MissingSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Placeholder(placeholder) => write!(
                f,
                "the request needs ${} and the call supplied no value for it",
                placeholder.variable()
            ),
            Self::FileContents => write!(
                f,
                "the request uploads a file and the call supplied no contents for it"
            ),
        }
    }
}

impl std::error::Error for MissingSecret {}

/// A request with its secrets in place: what goes on the wire. Holds secret values, so it is
/// neither serialized nor printed; the client sends it and drops it.
pub struct ResolvedRequest {
    method: HttpMethod,
    url: String,
    headers: Vec<ResolvedHeader>,
    body: Option<Vec<u8>>,
}

impl ResolvedRequest {
    pub fn method(&self) -> HttpMethod {
        self.method
    }

    /// The URL with its query string (which holds a secret for `debug_token`: never log it).
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn headers(&self) -> &[ResolvedHeader] {
        &self.headers
    }

    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The body's bytes, moved out.
    pub fn into_body(self) -> Option<Vec<u8>> {
        self.body
    }
}

impl fmt::Debug for ResolvedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResolvedRequest")
            .field("method", &self.method)
            .field("url", &"[redacted]")
            .field("headers", &self.headers)
            .field("body", &self.body.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

pub struct ResolvedHeader {
    name: String,
    value: String,
    sensitive: bool,
}

impl ResolvedHeader {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    /// Whether the value holds a secret (the HTTP client marks such headers sensitive).
    pub fn is_sensitive(&self) -> bool {
        self.sensitive
    }
}

impl fmt::Debug for ResolvedHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value: &dyn fmt::Debug = if self.sensitive {
            &"[redacted]"
        } else {
            &self.value
        };
        f.debug_struct("ResolvedHeader")
            .field("name", &self.name)
            .field("value", value)
            .finish()
    }
}

/// A part of a URL, header or body: literal text, or a secret escaped for where it stands.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Secret(Placeholder, Escape),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    None,
    /// Inside a JSON string.
    Json,
    /// A query value.
    Form,
}

impl Escape {
    fn apply(self, value: &str) -> String {
        match self {
            Self::None => value.to_owned(),
            Self::Json => json_string_content(value),
            Self::Form => form_encode(value),
        }
    }
}

fn json_string_content(value: &str) -> String {
    let quoted = Value::String(value.to_owned()).to_string();
    quoted[1..quoted.len() - 1].to_owned()
}

fn form_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Compact JSON of `value` (byte for byte `serde_json::to_string`), a secret field's string
/// replaced by its placeholder. `path` is the object-key path of `value`, `None` inside arrays
/// (secret fields are reached through object keys only).
fn json_pieces(
    value: &Value,
    mut path: Option<&mut Vec<String>>,
    secrets: &[SecretField],
    out: &mut Vec<Piece>,
) {
    if let Some(field) = path
        .as_deref()
        .and_then(|path| secrets.iter().find(|field| &field.path == path))
    {
        push_text(out, "\"");
        out.push(Piece::Secret(field.placeholder, Escape::Json));
        push_text(out, "\"");
        return;
    }
    match value {
        Value::Object(map) => {
            push_text(out, "{");
            for (i, (key, member)) in map.iter().enumerate() {
                if i > 0 {
                    push_text(out, ",");
                }
                push_text(out, &Value::String(key.clone()).to_string());
                push_text(out, ":");
                match path.as_deref_mut() {
                    Some(path) => {
                        path.push(key.clone());
                        json_pieces(member, Some(path), secrets, out);
                        path.pop();
                    }
                    None => json_pieces(member, None, secrets, out),
                }
            }
            push_text(out, "}");
        }
        Value::Array(items) => {
            push_text(out, "[");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    push_text(out, ",");
                }
                json_pieces(item, None, secrets, out);
            }
            push_text(out, "]");
        }
        scalar => push_text(out, &scalar.to_string()),
    }
}

fn push_text(out: &mut Vec<Piece>, text: &str) {
    match out.last_mut() {
        Some(Piece::Text(last)) => last.push_str(text),
        _ => out.push(Piece::Text(text.to_owned())),
    }
}

/// The pieces with each secret's value in place, escaped for where it stands.
fn fill(pieces: &[Piece], secrets: &SecretValues<'_>) -> Result<String, MissingSecret> {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Secret(placeholder, escape) => {
                let secret = secrets
                    .get(*placeholder)
                    .ok_or(MissingSecret::Placeholder(*placeholder))?;
                out.push_str(&escape.apply(secret.expose_secret()));
            }
        }
    }
    Ok(out)
}

/// Each text field of a multipart body, by name, its value as pieces (a secret field as its
/// placeholder).
fn form_fields(body: &RequestBody) -> Vec<(&str, Vec<Piece>)> {
    let Some(fields) = body.value.as_object() else {
        return Vec::new();
    };
    fields
        .iter()
        .map(|(name, value)| {
            let secret = body
                .secret_fields
                .iter()
                .find(|field| field.path.len() == 1 && field.path[0] == *name);
            let piece = match (secret, value) {
                (Some(field), _) => Piece::Secret(field.placeholder, Escape::None),
                (None, Value::String(text)) => Piece::Text(text.clone()),
                (None, other) => Piece::Text(other.to_string()),
            };
            (name.as_str(), vec![piece])
        })
        .collect()
}

/// The `-F` words of a multipart body: each text field (`--form-string` when curl would read
/// the value as a file (`@`, `<`), a quoted word or parameters (`;`), or when it is a secret,
/// whose value is unknown here), then the file part, read from the current directory.
fn form_words(body: &RequestBody) -> Vec<String> {
    let mut words = Vec::new();
    for (name, value) in form_fields(body) {
        let literal = match value.as_slice() {
            [Piece::Text(text)] => !text.contains(';') && !text.starts_with(['@', '<', '"']),
            _ => false,
        };
        words.push(if literal { "-F" } else { "--form-string" }.to_owned());
        let mut word = vec![Piece::Text(format!("{name}="))];
        word.extend(value);
        words.push(shell_word(&word));
    }
    if let Some(file) = &body.file {
        words.push("-F".to_owned());
        words.push(single_quoted(&format!(
            "{}=@{};type={}",
            file.field,
            curl_file_name(&file.file_name),
            file.content_type
        )));
    }
    words
}

/// A file name as curl's `-F` reads it after `@`: as it is, or double-quoted (`\"` and `\\`
/// escaped) when it holds a character `-F` would split on. (A `type=` runs to the end of the
/// word, `; codecs=opus` included, so it is never quoted: curl would send the quotes.)
fn curl_file_name(text: &str) -> String {
    if text.contains([';', ',', '"', '\\']) || text.trim() != text {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        text.to_owned()
    }
}

/// A name in a part's `Content-Disposition`, quoted as browsers quote it (`"`, CR and LF
/// percent-encoded).
fn disposition_quoted(name: &str) -> String {
    let escaped = name
        .replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    format!("\"{escaped}\"")
}

/// A multipart body's `Content-Type` (with its boundary) and bytes: its text fields with their
/// secrets in place, then the file part with `secrets`' file contents. The boundary is random
/// and chosen again until it occurs nowhere in the parts.
fn multipart_body(
    body: &RequestBody,
    secrets: &SecretValues<'_>,
) -> Result<(String, Vec<u8>), MissingSecret> {
    let mut parts: Vec<(String, Cow<'_, [u8]>)> = Vec::new();
    for (name, pieces) in form_fields(body) {
        let head = format!(
            "Content-Disposition: form-data; name={}",
            disposition_quoted(name)
        );
        parts.push((head, Cow::Owned(fill(&pieces, secrets)?.into_bytes())));
    }
    if let Some(file) = &body.file {
        let contents = secrets.file_contents.ok_or(MissingSecret::FileContents)?;
        let content_type: String = file
            .content_type
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        let head = format!(
            "Content-Disposition: form-data; name={}; filename={}\r\nContent-Type: {content_type}",
            disposition_quoted(&file.field),
            disposition_quoted(&file.file_name)
        );
        parts.push((head, Cow::Borrowed(contents)));
    }
    let boundary = loop {
        let candidate = format!("waba-console-{}", uuid::Uuid::new_v4().simple());
        let occurs = |bytes: &[u8]| {
            bytes
                .windows(candidate.len())
                .any(|window| window == candidate.as_bytes())
        };
        if !parts
            .iter()
            .any(|(head, data)| occurs(head.as_bytes()) || occurs(data))
        {
            break candidate;
        }
    };
    let size: usize = parts.iter().map(|(h, d)| h.len() + d.len() + 64).sum();
    let mut bytes = Vec::with_capacity(size + boundary.len() * (parts.len() + 1));
    for (head, data) in &parts {
        bytes.extend_from_slice(format!("--{boundary}\r\n{head}\r\n\r\n").as_bytes());
        bytes.extend_from_slice(data);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((
        format!(
            "{}; boundary={boundary}",
            BodyEncoding::Multipart.content_type()
        ),
        bytes,
    ))
}

/// One shell word that expands to the pieces, each secret read from its variable: text in single
/// quotes, or the whole word in double quotes when its text needs no escaping there.
fn shell_word(pieces: &[Piece]) -> String {
    let mut merged = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => push_text(&mut merged, text),
            secret => merged.push(secret.clone()),
        }
    }
    let pieces = merged.as_slice();
    let plain = |text: &str| {
        text.chars()
            .all(|c| (c.is_ascii_graphic() || c == ' ') && !"$`\"\\!".contains(c))
    };
    let has_secret = pieces.iter().any(|p| matches!(p, Piece::Secret(..)));
    let all_plain = pieces.iter().all(|p| match p {
        Piece::Text(text) => plain(text),
        Piece::Secret(..) => true,
    });
    if !has_secret {
        let text: String = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(text) => text.as_str(),
                Piece::Secret(..) => unreachable!("no secrets here"),
            })
            .collect();
        return single_quoted(&text);
    }
    let mut word = String::new();
    if all_plain {
        word.push('"');
        for (i, piece) in pieces.iter().enumerate() {
            match piece {
                Piece::Text(text) => word.push_str(text),
                Piece::Secret(placeholder, _) => {
                    // `$WA_PINx` would read the variable `WA_PINx`.
                    let joins = match pieces.get(i + 1) {
                        Some(Piece::Text(next)) => next
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_'),
                        _ => false,
                    };
                    if joins {
                        word.push_str(&format!("${{{}}}", placeholder.variable()));
                    } else {
                        word.push_str(&placeholder.text());
                    }
                }
            }
        }
        word.push('"');
        return word;
    }
    for piece in pieces {
        match piece {
            Piece::Text(text) if text.is_empty() => {}
            Piece::Text(text) => word.push_str(&single_quoted(text)),
            Piece::Secret(placeholder, _) => {
                word.push_str(&format!("\"{}\"", placeholder.text()));
            }
        }
    }
    word
}

/// `text` in single quotes, each `'` closed, escaped and reopened (`'\''`).
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use serde_json::json;

    use super::*;
    use crate::secret::secret;

    const ROOT: &str = "https://graph.facebook.com/v27.0";

    fn post(path: &str, token: Credential) -> GraphRequest {
        GraphRequest::new(HttpMethod::Post, format!("{ROOT}/{path}"), token)
    }

    /// The arguments `sh` passes to `curl` when it runs `command` with `env` set (curl itself
    /// replaced by a function that prints its arguments).
    fn shell_arguments(command: &str, env: &[(&str, &str)]) -> Vec<Vec<u8>> {
        let script =
            format!("curl() {{ for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }}\n{command}");
        let output = Command::new("sh")
            .arg("-c")
            .arg(script)
            .env_clear()
            .envs(env.iter().copied())
            .output()
            .expect("sh runs");
        assert!(output.status.success(), "{output:?}");
        let mut words: Vec<Vec<u8>> = output
            .stdout
            .split(|b| *b == 0)
            .map(<[u8]>::to_vec)
            .collect();
        assert_eq!(words.pop().as_deref(), Some(&b""[..]), "NUL-terminated");
        words
    }

    /// The arguments a faithful `curl` command for `resolved` has.
    fn sent_arguments(request: &GraphRequest, resolved: &ResolvedRequest) -> Vec<Vec<u8>> {
        let mut words = vec![b"-X".to_vec(), request.method().as_str().into()];
        if request.to_curl().contains("--globoff") {
            words.push(b"--globoff".to_vec());
        }
        words.push(resolved.url().into());
        for header in resolved.headers() {
            words.push(b"-H".to_vec());
            words.push(format!("{}: {}", header.name(), header.value()).into_bytes());
        }
        if let Some(body) = resolved.body() {
            words.push(b"-d".to_vec());
            words.push(body.to_vec());
        }
        words
    }

    /// Runs the rendered command through `sh` with the secrets in its environment and checks
    /// that curl would receive exactly what the client sends.
    fn assert_shell_sends_the_request(request: &GraphRequest) {
        let (token, app_token, pin, verify) = (
            secret("EAAGtoken123".into()),
            secret("634974688087057|5f4dcc3b5aa765d6".into()),
            secret("246810".into()),
            secret("verify-Me_1.".into()),
        );
        let secrets = SecretValues::new()
            .with(Placeholder::Token, &token)
            .with(Placeholder::AppToken, &app_token)
            .with(Placeholder::Pin, &pin)
            .with(Placeholder::VerifyToken, &verify);
        let resolved = request.resolve(&secrets).unwrap();
        let env = [
            ("WA_TOKEN", token.expose_secret()),
            ("WA_APP_TOKEN", app_token.expose_secret()),
            ("WA_PIN", pin.expose_secret()),
            ("WA_VERIFY_TOKEN", verify.expose_secret()),
        ];
        assert_eq!(
            shell_arguments(&request.to_curl(), &env),
            sent_arguments(request, &resolved),
            "{}",
            request.to_curl()
        );
    }

    #[test]
    fn a_send_renders_as_meta_documents_it() {
        let body = json!({"messaging_product": "whatsapp", "to": "16505551234", "type": "text", "text": {"body": "Hi"}});
        let request =
            post("106540352242922/messages", Credential::Token).with_json_body(body.clone());
        assert_eq!(
            request.to_curl(),
            format!(
                "curl -X POST 'https://graph.facebook.com/v27.0/106540352242922/messages' \
                 -H \"Authorization: Bearer $WA_TOKEN\" -H 'Content-Type: application/json' -d '{}'",
                serde_json::to_string(&body).unwrap()
            )
        );
        assert_shell_sends_the_request(&request);
    }

    #[test]
    fn debug_token_shows_its_input_token_as_the_placeholder() {
        let request = GraphRequest::new(
            HttpMethod::Get,
            format!("{ROOT}/debug_token"),
            Credential::Token,
        )
        .with_secret_query("input_token", Placeholder::Token);
        assert_eq!(
            request.to_curl(),
            "curl -X GET \"https://graph.facebook.com/v27.0/debug_token?input_token=$WA_TOKEN\" \
             -H \"Authorization: Bearer $WA_TOKEN\""
        );
        assert_shell_sends_the_request(&request);
    }

    #[test]
    fn app_calls_use_the_app_token_and_secret_fields_their_placeholders() {
        let request = post("634974688087057/subscriptions", Credential::AppToken)
            .with_json_body(json!({"object": "whatsapp_business_account", "callback_url": "https://example.com/webhook", "fields": "messages"}))
            .with_secret_field(&["verify_token"], Placeholder::VerifyToken);
        let curl = request.to_curl();
        assert!(
            curl.contains("-H \"Authorization: Bearer $WA_APP_TOKEN\""),
            "{curl}"
        );
        assert!(
            curl.contains(r#""verify_token":"'"$WA_VERIFY_TOKEN"'"}'"#),
            "{curl}"
        );
        assert_eq!(
            request.body().unwrap().value()["verify_token"],
            "$WA_VERIFY_TOKEN"
        );
        assert_shell_sends_the_request(&request);
    }

    #[test]
    fn a_secret_field_replaces_whatever_the_field_held() {
        let request = post("106540352242922", Credential::Token)
            .with_json_body(json!({"pin": "135790", "webhook_configuration": "x"}))
            .with_secret_field(&["pin"], Placeholder::Pin)
            .with_secret_field(
                &["webhook_configuration", "verify_token"],
                Placeholder::VerifyToken,
            );
        let shown = serde_json::to_string(&request).unwrap();
        assert!(!shown.contains("135790"), "{shown}");
        assert_eq!(
            request.body().unwrap().value(),
            &json!({"pin": "$WA_PIN", "webhook_configuration": {"verify_token": "$WA_VERIFY_TOKEN"}})
        );
        assert_shell_sends_the_request(&request);
    }

    #[test]
    fn every_part_is_quoted_for_the_shell() {
        let awkward = "it's \"quoted\" $HOME `id` \\ ! a b\nnext line é 日本 %41 & = + ? #";
        let mut body = Map::new();
        body.insert(awkward.into(), json!(awkward));
        body.insert(
            "nested".into(),
            json!({"list": [awkward, 1, true, null, 2.5], "k": {}}),
        );
        let json_request = GraphRequest::new(
            HttpMethod::Post,
            format!("{ROOT}/1/it's $HOME [x]"),
            Credential::Token,
        )
        .with_query(awkward, awkward)
        .with_query("fields", "id,name{a,b}")
        .with_json_body(Value::Object(body.clone()))
        .with_secret_field(&["nested", "secret"], Placeholder::Pin);
        assert!(json_request.to_curl().contains("--globoff"));
        assert_shell_sends_the_request(&json_request);

        let delete = GraphRequest::new(
            HttpMethod::Delete,
            format!("{ROOT}/1/message_templates"),
            Credential::Token,
        )
        .with_query("name", "o'brien");
        assert_shell_sends_the_request(&delete);
    }

    #[test]
    fn the_sent_json_is_serde_jsons_own() {
        let value =
            json!({"b": [1, {"c": "d\"\n\u{7f}é"}, [], {}], "a": -0.5, "z": null, "': ": "x"});
        let request = post("1", Credential::Token).with_json_body(value.clone());
        let token = secret("t".into());
        let resolved = request
            .resolve(&SecretValues::new().with(Placeholder::Token, &token))
            .unwrap();
        assert_eq!(
            resolved.body().unwrap(),
            serde_json::to_vec(&value).unwrap()
        );
    }

    #[test]
    fn the_query_is_encoded_as_a_form_like_the_http_client_does() {
        let request = GraphRequest::new(
            HttpMethod::Get,
            format!("{ROOT}/1/message_templates"),
            Credential::Token,
        )
        .with_query("fields", "id,name")
        .with_query("name_or_content", "50% off & more");
        let token = secret("t".into());
        let resolved = request
            .resolve(&SecretValues::new().with(Placeholder::Token, &token))
            .unwrap();
        assert_eq!(
            resolved.url(),
            format!(
                "{ROOT}/1/message_templates?fields=id%2Cname&name_or_content=50%25+off+%26+more"
            )
        );
    }

    #[test]
    fn secrets_are_escaped_where_they_stand_when_sent() {
        let request = post("1/subscriptions", Credential::AppToken)
            .with_json_body(json!({}))
            .with_secret_field(&["verify_token"], Placeholder::VerifyToken);
        let (app, verify) = (secret("1|s".into()), secret("a\"b\\c".into()));
        let resolved = request
            .resolve(
                &SecretValues::new()
                    .with(Placeholder::AppToken, &app)
                    .with(Placeholder::VerifyToken, &verify),
            )
            .unwrap();
        let sent: Value = serde_json::from_slice(resolved.body().unwrap()).unwrap();
        assert_eq!(sent, json!({"verify_token": "a\"b\\c"}));
        let auth = &resolved.headers()[0];
        assert_eq!(
            (auth.name(), auth.value(), auth.is_sensitive()),
            ("Authorization", "Bearer 1|s", true)
        );
    }

    #[test]
    fn a_missing_secret_is_named_and_nothing_is_printed() {
        let request = post("1", Credential::Token)
            .with_json_body(json!({}))
            .with_secret_field(&["pin"], Placeholder::Pin);
        let token = secret("EAAsecret".into());
        let secrets = SecretValues::new().with(Placeholder::Token, &token);
        assert_eq!(
            request.resolve(&secrets).unwrap_err(),
            MissingSecret::Placeholder(Placeholder::Pin)
        );
        let pin = secret("918273".into());
        let secrets = secrets.with(Placeholder::Pin, &pin);
        let resolved = request.resolve(&secrets).unwrap();
        let printed = format!("{secrets:?} {resolved:?}");
        assert!(
            !printed.contains("EAAsecret") && !printed.contains("918273"),
            "{printed}"
        );
    }

    fn upload(file_name: &str, content_type: &str) -> GraphRequest {
        post("106540352242922/media", Credential::Token).with_multipart_body(
            &[("messaging_product", "whatsapp"), ("type", content_type)],
            FilePart {
                field: FILE_FIELD.into(),
                file_name: file_name.into(),
                content_type: content_type.into(),
            },
        )
    }

    /// One part of a `multipart/form-data` body: its header lines and its bytes.
    #[derive(Debug, PartialEq)]
    struct FormPart {
        head: Vec<String>,
        data: Vec<u8>,
    }

    /// The parts of `body`, split on the boundary `content_type` names (RFC 7578).
    fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<FormPart> {
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("a multipart type with its boundary");
        let delimiter = format!("\r\n--{boundary}");
        let find = |haystack: &[u8], needle: &[u8]| {
            haystack.windows(needle.len()).position(|w| w == needle)
        };
        // The first delimiter has no line break before it.
        let mut rest = body
            .strip_prefix(format!("--{boundary}").as_bytes())
            .expect("the body opens with the boundary");
        let mut parts = Vec::new();
        while let Some(after) = rest.strip_prefix(b"\r\n") {
            let head_end = find(after, b"\r\n\r\n").expect("a part's header ends");
            let end = find(after, delimiter.as_bytes()).expect("a part is closed");
            parts.push(FormPart {
                head: String::from_utf8(after[..head_end].to_vec())
                    .unwrap()
                    .split("\r\n")
                    .map(str::to_owned)
                    .collect(),
                data: after[head_end + 4..end].to_vec(),
            });
            rest = &after[end + delimiter.len()..];
        }
        assert_eq!(rest, b"--\r\n", "the body closes with the last boundary");
        parts
    }

    #[test]
    fn an_upload_renders_as_meta_documents_it() {
        let request = upload("photo.jpg", "image/jpeg");
        assert_eq!(
            request.to_curl(),
            "curl -X POST 'https://graph.facebook.com/v27.0/106540352242922/media' \
             -H \"Authorization: Bearer $WA_TOKEN\" -F 'messaging_product=whatsapp' \
             -F 'type=image/jpeg' -F 'file=@photo.jpg;type=image/jpeg'"
        );
        let wire = serde_json::to_value(&request).unwrap();
        assert_eq!(
            wire["body"],
            json!({
                "contentType": "multipart/form-data",
                "value": {"messaging_product": "whatsapp", "type": "image/jpeg"},
                "secretFields": [],
                "file": {"field": "file", "fileName": "photo.jpg", "contentType": "image/jpeg"},
            })
        );
        // A JSON body serializes as before: no `file` key.
        let json_body = post("1", Credential::Token).with_json_body(json!({}));
        let wire = serde_json::to_value(&json_body).unwrap();
        assert!(wire["body"].get("file").is_none(), "{wire}");
    }

    #[test]
    fn the_sent_upload_is_a_multipart_form_with_the_files_bytes() {
        let request = upload("photo.jpg", "image/jpeg");
        // Bytes that look like a boundary and a part's end must pass through untouched.
        let contents = b"\xff\xd8\xff\r\n--waba-console-\r\n\r\n\x00end".to_vec();
        let token = secret("EAAtoken".into());
        let resolved = request
            .resolve(
                &SecretValues::new()
                    .with(Placeholder::Token, &token)
                    .with_file_contents(&contents),
            )
            .unwrap();
        let header = |name: &str| {
            resolved
                .headers()
                .iter()
                .find(|h| h.name() == name)
                .map(|h| h.value().to_owned())
                .unwrap_or_else(|| panic!("no {name} header"))
        };
        assert_eq!(header("Authorization"), "Bearer EAAtoken");
        let content_type = header("Content-Type");
        let parts = parse_multipart(&content_type, resolved.body().unwrap());
        assert_eq!(
            parts,
            vec![
                FormPart {
                    head: vec!["Content-Disposition: form-data; name=\"messaging_product\"".into()],
                    data: b"whatsapp".to_vec(),
                },
                FormPart {
                    head: vec!["Content-Disposition: form-data; name=\"type\"".into()],
                    data: b"image/jpeg".to_vec(),
                },
                FormPart {
                    head: vec![
                        "Content-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\""
                            .into(),
                        "Content-Type: image/jpeg".into(),
                    ],
                    data: contents.clone(),
                },
            ]
        );
        // The boundary is chosen per send.
        let again = request
            .resolve(
                &SecretValues::new()
                    .with(Placeholder::Token, &token)
                    .with_file_contents(&contents),
            )
            .unwrap();
        let again_type = again
            .headers()
            .iter()
            .find(|h| h.name() == "Content-Type")
            .unwrap()
            .value()
            .to_owned();
        assert_ne!(again_type, content_type);
    }

    #[test]
    fn awkward_file_names_and_types_reach_curl_as_written() {
        let request = upload("it's a;b \"c\" $HOME.ogg", "audio/ogg; codecs=opus");
        let words = shell_arguments(&request.to_curl(), &[("WA_TOKEN", "t")]);
        let words: Vec<String> = words
            .into_iter()
            .map(|w| String::from_utf8(w).unwrap())
            .collect();
        assert_eq!(
            words[words.len() - 6..],
            [
                "-F",
                "messaging_product=whatsapp",
                // `-F` would read `; codecs=opus` as a parameter of the part.
                "--form-string",
                "type=audio/ogg; codecs=opus",
                "-F",
                "file=@\"it's a;b \\\"c\\\" $HOME.ogg\";type=audio/ogg; codecs=opus",
            ]
        );
        let token = secret("t".into());
        let resolved = request
            .resolve(
                &SecretValues::new()
                    .with(Placeholder::Token, &token)
                    .with_file_contents(b"OggS"),
            )
            .unwrap();
        let content_type = resolved.headers()[1].value().to_owned();
        let parts = parse_multipart(&content_type, resolved.body().unwrap());
        assert_eq!(
            parts[2].head[0],
            "Content-Disposition: form-data; name=\"file\"; filename=\"it's a;b %22c%22 $HOME.ogg\""
        );
    }

    #[test]
    fn an_upload_without_its_contents_is_not_sent_and_prints_none() {
        let request = upload("photo.png", "image/png");
        let token = secret("t".into());
        let secrets = SecretValues::new().with(Placeholder::Token, &token);
        assert_eq!(
            request.resolve(&secrets).unwrap_err(),
            MissingSecret::FileContents
        );
        let contents = b"\x89PNG secret pixels".to_vec();
        let secrets = secrets.with_file_contents(&contents);
        let resolved = request.resolve(&secrets).unwrap();
        let printed = format!("{secrets:?} {resolved:?} {request:?}");
        assert!(!printed.contains("secret pixels"), "{printed}");
    }

    fn upload_bytes() -> GraphRequest {
        post("upload:MTphdHRhY2htZW50", Credential::Token)
            .with_query("sig", "ARaN")
            .with_auth_scheme(AuthScheme::OAuth)
            .with_header("file_offset", "0")
            .with_file_body("logo.png")
    }

    #[test]
    fn a_raw_upload_renders_as_meta_documents_it() {
        let request = upload_bytes();
        assert_eq!(
            request.to_curl(),
            "curl -X POST 'https://graph.facebook.com/v27.0/upload:MTphdHRhY2htZW50?sig=ARaN' \
             -H \"Authorization: OAuth $WA_TOKEN\" -H 'Content-Type: application/octet-stream' \
             -H 'file_offset: 0' --data-binary '@logo.png'"
        );
        let wire = serde_json::to_value(&request).unwrap();
        assert_eq!(wire["authScheme"], "OAuth");
        assert_eq!(
            wire["headers"],
            json!([{"name": "file_offset", "value": "0"}])
        );
        assert_eq!(wire["body"]["file"]["fileName"], "logo.png", "{wire}");
    }

    #[test]
    fn the_sent_raw_upload_is_the_files_bytes_and_needs_them() {
        let request = upload_bytes();
        let token = secret("EAAtoken".into());
        let secrets = SecretValues::new().with(Placeholder::Token, &token);
        assert_eq!(
            request.resolve(&secrets).unwrap_err(),
            MissingSecret::FileContents
        );
        let contents = b"\x89PNG\r\n\x1a\n\x00pixels".to_vec();
        let resolved = request
            .resolve(&secrets.with_file_contents(&contents))
            .unwrap();
        assert_eq!(
            resolved.url(),
            format!("{ROOT}/upload:MTphdHRhY2htZW50?sig=ARaN")
        );
        let headers: Vec<(&str, &str, bool)> = resolved
            .headers()
            .iter()
            .map(|h| (h.name(), h.value(), h.is_sensitive()))
            .collect();
        assert_eq!(
            headers,
            [
                ("Authorization", "OAuth EAAtoken", true),
                ("Content-Type", "application/octet-stream", false),
                ("file_offset", "0", false),
            ]
        );
        assert_eq!(resolved.body(), Some(&contents[..]));
    }

    #[test]
    fn serializes_for_the_window_with_its_curl() {
        let request = GraphRequest::new(HttpMethod::Get, format!("{ROOT}/1"), Credential::Token)
            .with_query("fields", "id")
            .with_secret_query("input_token", Placeholder::Token);
        let wire = serde_json::to_value(&request).unwrap();
        assert_eq!(
            wire,
            json!({
                "method": "GET",
                "url": format!("{ROOT}/1"),
                "token": "WA_TOKEN",
                "query": [{"name": "fields", "value": {"text": "id"}}, {"name": "input_token", "value": {"secret": "WA_TOKEN"}}],
                "body": null,
                "curl": request.to_curl(),
            })
        );
    }
}
