//! The HTTP side: describing each call, sending exactly that description with a bearer token and
//! a timeout, and turning every kind of answer (success, Meta's error envelope, HTML, silence)
//! into a typed result.
//!
//! Every call is two methods: `describe_<call>(args)` builds the [`GraphRequest`] (URL, query,
//! body, with `$WA_TOKEN`, `$WA_APP_TOKEN`, `$WA_PIN` and `$WA_VERIFY_TOKEN` placeholders where
//! secrets go), and `<call>(token, args, secrets)` sends what `describe_<call>(args)` returns and
//! nothing else, filling the placeholders only at the last moment ([`GraphRequest::resolve`]).
//! So the description is the one source of truth: what the window shows as JSON or "Copy as
//! curl" ([`GraphRequest::to_curl`]) is what is sent. A caller that shows a call describes it
//! with the arguments it passes to the call. Edges read page by page describe their first page;
//! each next page is the same request with `after` added.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{HeaderValue, CONTENT_TYPE, WWW_AUTHENTICATE};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;
use waba_core::graph_request::{Credential, GraphRequest, HttpMethod, Placeholder, SecretValues};
use waba_core::GraphErrorDetails;
use waba_secrets::Secret;

use crate::budget::ReadBudget;
use crate::business_profile::CountedBody;
use crate::error::GraphError;
use crate::model::{
    AppSubscription, DataEnvelope, DebugToken, MessageTemplate, Page, PhoneNumber, SubscribedApp,
    Success, Waba,
};
use crate::usage::{
    keep_highest, parse_business_use_case_usage, UseCaseUsage, BUSINESS_USE_CASE_USAGE_HEADER,
};

/// Every call gives up after this long unless the profile says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// The most pages the client follows on one edge, against a server that never stops paging.
pub(crate) const MAX_PAGES: usize = 100;

/// Graph's largest `limit` for most edges.
const DEFAULT_PAGE_SIZE: u32 = 100;

#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// `https://graph.facebook.com`, or the sandbox's `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// `vNN.0`.
    pub version: String,
    pub timeout: Duration,
}

#[derive(Debug, Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    /// `{base_url}/{version}`, without a trailing slash.
    root: String,
    timeout: Duration,
    page_size: u32,
    reads: Option<ReadBudget>,
    /// HTTP requests sent by this client and its clones (each page of an edge counts).
    sent: Arc<AtomicU32>,
    /// The highest `X-Business-Use-Case-Usage` figures the answers to this client or its clones
    /// carried, per business and type (see [`keep_highest`]).
    usage: Arc<Mutex<Option<Vec<UseCaseUsage>>>>,
}

impl GraphClient {
    pub fn new(config: ClientConfig) -> Result<Self, GraphError> {
        // The same rule as the profile form, again here: a profile stored before the rule
        // existed must not send its token in cleartext either.
        let base = waba_core::profile::parse_base_url(config.base_url.trim())
            .map_err(GraphError::InvalidConfig)?;
        let http = reqwest::Client::builder()
            .user_agent(concat!("waba-console/", env!("CARGO_PKG_VERSION")))
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| GraphError::InvalidConfig(e.without_url().to_string()))?;
        Ok(Self {
            http,
            root: format!("{base}/{}", config.version),
            timeout: config.timeout,
            page_size: DEFAULT_PAGE_SIZE,
            sent: Arc::default(),
            usage: Arc::default(),
            reads: None,
        })
    }

    /// Every `GET` (each page of an edge too) draws from `budget` first, and fails without being
    /// sent when it is used up.
    pub fn with_read_budget(mut self, budget: ReadBudget) -> Self {
        self.reads = Some(budget);
        self
    }

    /// How many HTTP requests this client and its clones have sent (each page of an edge is one;
    /// a read refused by the read budget is not sent).
    pub fn requests_sent(&self) -> u32 {
        self.sent.load(Ordering::Relaxed)
    }

    /// The Business Use Case usage the answers (to this client or a clone) carried in
    /// `X-Business-Use-Case-Usage`, each figure at its highest, or `None` when none did: concurrent
    /// answers arrive in any order, and the highest figure is the latest count. A client is made
    /// per command, so this is that command's figure. Entries of any `type` are kept.
    pub fn business_use_case_usage(&self) -> Option<Vec<UseCaseUsage>> {
        self.usage
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Asks for smaller pages on edges (Graph's `limit`), e.g. to exercise paging.
    pub fn with_page_size(mut self, page_size: u32) -> Self {
        self.page_size = page_size.clamp(1, DEFAULT_PAGE_SIZE);
        self
    }

    /// `GET /debug_token` for `token`, asked with the same token (Meta's documented pattern):
    /// `input_token` is the `$WA_TOKEN` placeholder, filled with `token` when sent.
    pub fn describe_debug_token(&self) -> GraphRequest {
        self.request(HttpMethod::Get, "debug_token", Credential::Token)
            .with_secret_query("input_token", Placeholder::Token)
    }

    /// [`Self::describe_debug_token`], sent.
    pub async fn debug_token(&self, token: &Secret) -> Result<DebugToken, GraphError> {
        let request = self.describe_debug_token();
        let envelope: DataEnvelope<DebugToken> =
            self.send(&request, bearer(&request, token)).await?;
        Ok(envelope.data)
    }

    /// `GET /{waba-id}` with the given fields.
    pub fn describe_waba(&self, waba_id: &str, fields: &[&str]) -> GraphRequest {
        self.request(HttpMethod::Get, waba_id, Credential::Token)
            .with_query("fields", fields.join(","))
    }

    /// [`Self::describe_waba`], sent.
    pub async fn waba(
        &self,
        token: &Secret,
        waba_id: &str,
        fields: &[&str],
    ) -> Result<Waba, GraphError> {
        let request = self.describe_waba(waba_id, fields);
        self.send(&request, bearer(&request, token)).await
    }

    /// `GET /{phone-number-id}` with the given fields.
    pub fn describe_phone_number(&self, phone_number_id: &str, fields: &[&str]) -> GraphRequest {
        self.request(HttpMethod::Get, phone_number_id, Credential::Token)
            .with_query("fields", fields.join(","))
    }

    /// [`Self::describe_phone_number`], sent.
    pub async fn phone_number(
        &self,
        token: &Secret,
        phone_number_id: &str,
        fields: &[&str],
    ) -> Result<PhoneNumber, GraphError> {
        let request = self.describe_phone_number(phone_number_id, fields);
        self.send(&request, bearer(&request, token)).await
    }

    /// The first page of `GET /{waba-id}/phone_numbers` (each further page adds `after`).
    pub fn describe_phone_numbers(&self, waba_id: &str, fields: &[&str]) -> GraphRequest {
        self.first_page(&format!("{waba_id}/phone_numbers"), fields)
    }

    /// Every number of a WABA: [`Self::describe_phone_numbers`], following the `after` cursor.
    pub async fn phone_numbers(
        &self,
        token: &Secret,
        waba_id: &str,
        fields: &[&str],
    ) -> Result<Vec<PhoneNumber>, GraphError> {
        self.all_pages(token, self.describe_phone_numbers(waba_id, fields))
            .await
    }

    /// The first page of `GET /{waba-id}/message_templates` (each further page adds `after`).
    pub fn describe_message_templates(&self, waba_id: &str, fields: &[&str]) -> GraphRequest {
        self.first_page(&format!("{waba_id}/message_templates"), fields)
    }

    /// Every template of a WABA: [`Self::describe_message_templates`], following the `after`
    /// cursor.
    pub async fn message_templates(
        &self,
        token: &Secret,
        waba_id: &str,
        fields: &[&str],
    ) -> Result<Vec<MessageTemplate>, GraphError> {
        self.all_pages(token, self.describe_message_templates(waba_id, fields))
            .await
    }

    /// The apps subscribed to a WABA's webhooks: `GET /{waba-id}/subscribed_apps`.
    pub fn describe_subscribed_apps(&self, waba_id: &str) -> GraphRequest {
        self.request(
            HttpMethod::Get,
            &format!("{waba_id}/subscribed_apps"),
            Credential::Token,
        )
    }

    /// [`Self::describe_subscribed_apps`], sent.
    pub async fn subscribed_apps(
        &self,
        token: &Secret,
        waba_id: &str,
    ) -> Result<Vec<SubscribedApp>, GraphError> {
        let request = self.describe_subscribed_apps(waba_id);
        let envelope: DataEnvelope<Vec<SubscribedApp>> =
            self.send(&request, bearer(&request, token)).await?;
        Ok(envelope.data)
    }

    /// `POST /{waba-id}/subscribed_apps`: subscribes the app that owns the token to the WABA's
    /// webhooks; with `override_callback_uri` also sets the WABA's callback, with the
    /// `$WA_VERIFY_TOKEN` placeholder as its verify token.
    pub fn describe_subscribe_app(
        &self,
        waba_id: &str,
        override_callback_uri: Option<&str>,
    ) -> GraphRequest {
        let request = self.request(
            HttpMethod::Post,
            &format!("{waba_id}/subscribed_apps"),
            Credential::Token,
        );
        match override_callback_uri {
            Some(url) => request
                .with_json_body(json!({ "override_callback_uri": url }))
                .with_secret_field(&["verify_token"], Placeholder::VerifyToken),
            None => request.with_json_body(json!({})),
        }
    }

    /// [`Self::describe_subscribe_app`], sent; `override_callback` is (URL, verify token). Meta
    /// verifies the callback with a GET challenge first (2200/2201 when it fails). Never retried.
    pub async fn subscribe_app(
        &self,
        token: &Secret,
        waba_id: &str,
        override_callback: Option<(&str, &Secret)>,
    ) -> Result<Success, GraphError> {
        let request = self.describe_subscribe_app(waba_id, override_callback.map(|(url, _)| url));
        let mut secrets = bearer(&request, token);
        if let Some((_, verify_token)) = override_callback {
            secrets = secrets.with(Placeholder::VerifyToken, verify_token);
        }
        self.send(&request, secrets).await
    }

    /// `DELETE /{waba-id}/subscribed_apps`: unsubscribes the app that owns the token.
    pub fn describe_unsubscribe_app(&self, waba_id: &str) -> GraphRequest {
        self.request(
            HttpMethod::Delete,
            &format!("{waba_id}/subscribed_apps"),
            Credential::Token,
        )
    }

    /// [`Self::describe_unsubscribe_app`], sent. Never retried.
    pub async fn unsubscribe_app(
        &self,
        token: &Secret,
        waba_id: &str,
    ) -> Result<Success, GraphError> {
        let request = self.describe_unsubscribe_app(waba_id);
        self.send(&request, bearer(&request, token)).await
    }

    /// The app's webhook subscriptions: `GET /{app-id}/subscriptions` with the app access token
    /// (`{app-id}|{app-secret}`, `$WA_APP_TOKEN`; a user or system-user token is refused with
    /// code 15).
    pub fn describe_app_subscriptions(&self, app_id: &str) -> GraphRequest {
        self.request(
            HttpMethod::Get,
            &format!("{app_id}/subscriptions"),
            Credential::AppToken,
        )
    }

    /// [`Self::describe_app_subscriptions`], sent with `app_token`.
    pub async fn app_subscriptions(
        &self,
        app_token: &Secret,
        app_id: &str,
    ) -> Result<Vec<AppSubscription>, GraphError> {
        let request = self.describe_app_subscriptions(app_id);
        let envelope: DataEnvelope<Vec<AppSubscription>> =
            self.send(&request, bearer(&request, app_token)).await?;
        Ok(envelope.data)
    }

    /// `POST /{app-id}/subscriptions` with `object=whatsapp_business_account`, the app access
    /// token, the app's callback, the fields to deliver and the `$WA_VERIFY_TOKEN` placeholder.
    pub fn describe_set_app_subscription(
        &self,
        app_id: &str,
        callback_url: &str,
        fields: &[&str],
    ) -> GraphRequest {
        self.request(
            HttpMethod::Post,
            &format!("{app_id}/subscriptions"),
            Credential::AppToken,
        )
        .with_json_body(json!({
            "object": "whatsapp_business_account",
            "callback_url": callback_url,
            "fields": fields.join(","),
        }))
        .with_secret_field(&["verify_token"], Placeholder::VerifyToken)
    }

    /// [`Self::describe_set_app_subscription`], sent. Meta verifies the callback with a GET
    /// challenge first. Never retried.
    pub async fn set_app_subscription(
        &self,
        app_token: &Secret,
        app_id: &str,
        callback_url: &str,
        verify_token: &Secret,
        fields: &[&str],
    ) -> Result<Success, GraphError> {
        let request = self.describe_set_app_subscription(app_id, callback_url, fields);
        let secrets = bearer(&request, app_token).with(Placeholder::VerifyToken, verify_token);
        self.send(&request, secrets).await
    }

    /// `POST /{phone-number-id}` `{"pin"}` (the `$WA_PIN` placeholder): sets or replaces the
    /// two-step verification PIN.
    pub fn describe_set_pin(&self, phone_number_id: &str) -> GraphRequest {
        self.request(HttpMethod::Post, phone_number_id, Credential::Token)
            .with_secret_field(&["pin"], Placeholder::Pin)
    }

    /// [`Self::describe_set_pin`], sent.
    pub async fn set_pin(
        &self,
        token: &Secret,
        phone_number_id: &str,
        pin: &Secret,
    ) -> Result<Success, GraphError> {
        let request = self.describe_set_pin(phone_number_id);
        self.send(
            &request,
            bearer(&request, token).with(Placeholder::Pin, pin),
        )
        .await
    }

    /// `POST /{phone-number-id}` `{"webhook_configuration"}` (facts §4.3): with
    /// `override_callback_uri` sets the number's own callback (verify token `$WA_VERIFY_TOKEN`);
    /// with `None` sends an empty `override_callback_uri`, which deletes it.
    pub fn describe_set_number_webhook_override(
        &self,
        phone_number_id: &str,
        override_callback_uri: Option<&str>,
    ) -> GraphRequest {
        let request = self.request(HttpMethod::Post, phone_number_id, Credential::Token);
        match override_callback_uri {
            Some(url) => request
                .with_json_body(
                    json!({ "webhook_configuration": { "override_callback_uri": url } }),
                )
                .with_secret_field(
                    &["webhook_configuration", "verify_token"],
                    Placeholder::VerifyToken,
                ),
            None => request.with_json_body(
                json!({ "webhook_configuration": { "override_callback_uri": "" } }),
            ),
        }
    }

    /// [`Self::describe_set_number_webhook_override`], sent; `override_callback` is (URL, verify
    /// token). Meta verifies the callback with a GET challenge first (2200/2201 when it fails).
    /// Never retried.
    pub async fn set_number_webhook_override(
        &self,
        token: &Secret,
        phone_number_id: &str,
        override_callback: Option<(&str, &Secret)>,
    ) -> Result<Success, GraphError> {
        let request = self.describe_set_number_webhook_override(
            phone_number_id,
            override_callback.map(|(url, _)| url),
        );
        let mut secrets = bearer(&request, token);
        if let Some((_, verify_token)) = override_callback {
            secrets = secrets.with(Placeholder::VerifyToken, verify_token);
        }
        self.send(&request, secrets).await
    }

    /// `POST /{phone-number-id}/request_code`: an ownership code by SMS or VOICE.
    pub fn describe_request_code(
        &self,
        phone_number_id: &str,
        method: &str,
        language: &str,
    ) -> GraphRequest {
        self.request(
            HttpMethod::Post,
            &format!("{phone_number_id}/request_code"),
            Credential::Token,
        )
        .with_json_body(json!({ "code_method": method, "language": language }))
    }

    /// [`Self::describe_request_code`], sent.
    pub async fn request_code(
        &self,
        token: &Secret,
        phone_number_id: &str,
        method: &str,
        language: &str,
    ) -> Result<Success, GraphError> {
        let request = self.describe_request_code(phone_number_id, method, language);
        self.send(&request, bearer(&request, token)).await
    }

    /// `POST /{phone-number-id}/verify_code`.
    pub fn describe_verify_code(&self, phone_number_id: &str, code: &str) -> GraphRequest {
        self.request(
            HttpMethod::Post,
            &format!("{phone_number_id}/verify_code"),
            Credential::Token,
        )
        .with_json_body(json!({ "code": code }))
    }

    /// [`Self::describe_verify_code`], sent.
    pub async fn verify_code(
        &self,
        token: &Secret,
        phone_number_id: &str,
        code: &str,
    ) -> Result<Success, GraphError> {
        let request = self.describe_verify_code(phone_number_id, code);
        self.send(&request, bearer(&request, token)).await
    }

    /// `POST /{phone-number-id}/register` with the `$WA_PIN` placeholder.
    pub fn describe_register(&self, phone_number_id: &str, region: Option<&str>) -> GraphRequest {
        let mut body = json!({ "messaging_product": "whatsapp" });
        if let Some(region) = region {
            body["data_localization_region"] = region.into();
        }
        self.request(
            HttpMethod::Post,
            &format!("{phone_number_id}/register"),
            Credential::Token,
        )
        .with_json_body(body)
        .with_secret_field(&["pin"], Placeholder::Pin)
    }

    /// [`Self::describe_register`], sent.
    pub async fn register(
        &self,
        token: &Secret,
        phone_number_id: &str,
        pin: &Secret,
        region: Option<&str>,
    ) -> Result<Success, GraphError> {
        let request = self.describe_register(phone_number_id, region);
        self.send(
            &request,
            bearer(&request, token).with(Placeholder::Pin, pin),
        )
        .await
    }

    /// `POST /{phone-number-id}/deregister`.
    pub fn describe_deregister(&self, phone_number_id: &str) -> GraphRequest {
        self.request(
            HttpMethod::Post,
            &format!("{phone_number_id}/deregister"),
            Credential::Token,
        )
        .with_json_body(json!({}))
    }

    /// [`Self::describe_deregister`], sent.
    pub async fn deregister(
        &self,
        token: &Secret,
        phone_number_id: &str,
    ) -> Result<Success, GraphError> {
        let request = self.describe_deregister(phone_number_id);
        self.send(&request, bearer(&request, token)).await
    }

    /// A request to `path` under this client's `{base}/{version}`.
    pub(crate) fn request(
        &self,
        method: HttpMethod,
        path: &str,
        token: Credential,
    ) -> GraphRequest {
        GraphRequest::new(
            method,
            format!("{}/{}", self.root, path.trim_start_matches('/')),
            token,
        )
    }

    /// The first page of an edge: `fields` and this client's `limit`.
    fn first_page(&self, path: &str, fields: &[&str]) -> GraphRequest {
        self.request(HttpMethod::Get, path, Credential::Token)
            .with_query("fields", fields.join(","))
            .with_query("limit", self.page_size.to_string())
    }

    /// Walks an edge page by page from `first`, adding the `after` cursor to each next page.
    async fn all_pages<T: DeserializeOwned>(
        &self,
        token: &Secret,
        first: GraphRequest,
    ) -> Result<Vec<T>, GraphError> {
        let mut items = Vec::new();
        let mut request = first.clone();
        for _ in 0..MAX_PAGES {
            let page: Page<T> = self.send(&request, bearer(&request, token)).await?;
            items.extend(page.data);
            let paging = page.paging.unwrap_or(crate::model::Paging {
                cursors: None,
                next: None,
            });
            match (paging.next, paging.cursors.and_then(|c| c.after)) {
                (Some(_), Some(cursor)) => request = first.clone().with_query("after", cursor),
                _ => return Ok(items),
            }
        }
        Err(GraphError::UnexpectedShape {
            url: first.url().to_owned(),
            status: 200,
            reason: format!("still paging after {MAX_PAGES} pages"),
        })
    }

    /// The `limit` this client asks for on edges.
    pub(crate) fn page_size(&self) -> u32 {
        self.page_size
    }

    /// Sends exactly `request`, its placeholders filled from `secrets`. Every `GET` draws from
    /// the read budget first. Nothing is retried here: writes count against Meta's limits.
    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        request: &GraphRequest,
        secrets: SecretValues<'_>,
    ) -> Result<T, GraphError> {
        self.send_body(request, secrets, None).await
    }

    /// [`Self::send`], the body handed to the connection in chunks, each added to `progress`
    /// as it goes (an upload's bytes), the whole request given `timeout` instead of the
    /// client's.
    pub(crate) async fn send_counted<T: DeserializeOwned>(
        &self,
        request: &GraphRequest,
        secrets: SecretValues<'_>,
        progress: &Arc<AtomicU64>,
        timeout: Duration,
    ) -> Result<T, GraphError> {
        self.send_body(request, secrets, Some((progress, timeout)))
            .await
    }

    /// The client's timeout for one request (an upload's may be longer).
    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    async fn send_body<T: DeserializeOwned>(
        &self,
        request: &GraphRequest,
        secrets: SecretValues<'_>,
        counted: Option<(&Arc<AtomicU64>, Duration)>,
    ) -> Result<T, GraphError> {
        // The description's URL has no query string, so never a secret: errors carry it.
        let url = request.url();
        if request.method() == HttpMethod::Get {
            if let Some(budget) = &self.reads {
                budget.take().map_err(|wait| GraphError::ReadBudget {
                    per_hour: budget.reads_per_hour(),
                    retry_after: wait,
                })?;
            }
        }
        let resolved = request
            .resolve(&secrets)
            .map_err(|missing| GraphError::InvalidConfig(missing.to_string()))?;
        let method = match resolved.method() {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self.http.request(method, resolved.url());
        for header in resolved.headers() {
            let mut value = HeaderValue::from_str(header.value()).map_err(|_| {
                GraphError::InvalidConfig(format!(
                    "the {} header would hold characters HTTP does not allow (a token or secret \
                     pasted with a line break or non-ASCII text?); paste it again",
                    header.name()
                ))
            })?;
            value.set_sensitive(header.is_sensitive());
            builder = builder.header(header.name(), value);
        }
        if let Some(body) = resolved.into_body() {
            builder = match counted {
                Some((progress, _)) => builder.body(reqwest::Body::wrap(CountedBody::new(
                    body,
                    Arc::clone(progress),
                ))),
                None => builder.body(body),
            };
        }
        let timeout = match counted {
            Some((_, timeout)) => {
                builder = builder.timeout(timeout);
                timeout
            }
            None => self.timeout,
        };
        self.sent.fetch_add(1, Ordering::Relaxed);
        let response = builder
            .send()
            .await
            .map_err(|e| transport_error(url, e, timeout))?;
        let status = response.status().as_u16();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let (content_type, www_authenticate) = (header(CONTENT_TYPE), header(WWW_AUTHENTICATE));
        let usage = response
            .headers()
            .get(BUSINESS_USE_CASE_USAGE_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if let Some(usage) = usage {
            let entries = parse_business_use_case_usage(&usage);
            if !entries.is_empty() {
                let mut kept = self
                    .usage
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                keep_highest(kept.get_or_insert_with(Vec::new), entries);
            }
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| transport_error(url, e, timeout))?;
        parse_answer(url, status, content_type, www_authenticate, &body)
    }
}

/// A request that got no answer, as a [`GraphError`]; `timeout` is the one it was given.
fn transport_error(url: &str, error: reqwest::Error, timeout: Duration) -> GraphError {
    let error = error.without_url();
    if error.is_timeout() {
        return GraphError::Timeout {
            url: url.to_owned(),
            after: timeout,
        };
    }
    let mut reason = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(inner) = source {
        reason = format!("{reason}: {inner}");
        source = inner.source();
    }
    GraphError::Unreachable {
        url: url.to_owned(),
        reason,
        request_sent: !error.is_connect(),
    }
}

/// The secrets of a request whose only one is its token (`$WA_TOKEN` or `$WA_APP_TOKEN`, and
/// `debug_token`'s `input_token`, the same token); add more with [`SecretValues::with`].
pub(crate) fn bearer<'a>(request: &GraphRequest, token: &'a Secret) -> SecretValues<'a> {
    SecretValues::new().with(request.token().placeholder(), token)
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: RawError,
}

#[derive(Deserialize)]
struct RawError {
    message: Option<String>,
    #[serde(rename = "type")]
    error_type: Option<String>,
    code: Option<i64>,
    error_subcode: Option<i64>,
    error_data: Option<serde_json::Value>,
    fbtrace_id: Option<String>,
    error_user_title: Option<String>,
    error_user_msg: Option<String>,
    is_transient: Option<bool>,
}

/// `error_data.details` when `error_data` is an object, or `error_data` itself when it is a string.
fn error_data_details(data: Option<&serde_json::Value>) -> Option<String> {
    match data? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(map) => map
            .get("details")
            .and_then(|d| d.as_str())
            .map(str::to_owned),
        _ => None,
    }
}

/// Whether an answer that does not parse meant to be JSON: its content type says so, or its body
/// opens an object or array (a Graph answer cut short, not an HTML page).
fn claims_json(content_type: Option<&str>, body: &[u8]) -> bool {
    content_type.is_some_and(|t| t.to_ascii_lowercase().contains("json"))
        || matches!(
            body.iter().find(|b| !b.is_ascii_whitespace()),
            Some(b'{' | b'[')
        )
}

/// An answer that is no JSON at all (an HTML error page, a proxy's login page), with its start.
fn not_json(url: &str, status: u16, content_type: Option<String>, body: &[u8]) -> GraphError {
    let text = String::from_utf8_lossy(body);
    GraphError::NotJson {
        url: url.to_owned(),
        status,
        content_type,
        snippet: text.chars().take(300).collect(),
    }
}

/// Turns one HTTP answer into the success type or the matching [`GraphError`]: `url` is the
/// request's URL without its query string (errors carry it), `status` the HTTP status and `body`
/// the raw bytes. Public so that the answer reader can be tested and fuzzed without a server.
pub fn parse_answer<T: DeserializeOwned>(
    url: &str,
    status: u16,
    content_type: Option<String>,
    www_authenticate: Option<String>,
    body: &[u8],
) -> Result<T, GraphError> {
    let json = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(json) => json,
        Err(e) if claims_json(content_type.as_deref(), body) => {
            return Err(GraphError::MalformedJson {
                url: url.to_owned(),
                status,
                received: body.len(),
                reason: e.to_string(),
            })
        }
        Err(_) => return Err(not_json(url, status, content_type, body)),
    };
    if json.get("error").is_some() {
        return match serde_json::from_value::<ErrorEnvelope>(json) {
            Ok(ErrorEnvelope {
                error: RawError { code: None, .. },
            }) => Err(GraphError::UnexpectedShape {
                url: url.to_owned(),
                status,
                reason: format!(
                    "an error envelope without a code: {}",
                    String::from_utf8_lossy(body)
                        .chars()
                        .take(300)
                        .collect::<String>()
                ),
            }),
            Ok(ErrorEnvelope { error: e }) => Err(GraphError::Api(Box::new(GraphErrorDetails {
                http_status: status,
                code: e.code.unwrap_or_default(),
                subcode: e.error_subcode,
                error_type: e.error_type,
                graph_message: e.message.unwrap_or_default(),
                details: error_data_details(e.error_data.as_ref()),
                fbtrace_id: e.fbtrace_id,
                user_title: e.error_user_title,
                user_msg: e.error_user_msg,
                is_transient: e.is_transient,
                www_authenticate,
                raw: String::from_utf8_lossy(body).into_owned(),
                diagnosis: None,
            }))),
            Err(e) => Err(GraphError::UnexpectedShape {
                url: url.to_owned(),
                status,
                reason: e.to_string(),
            }),
        };
    }
    if !(200..300).contains(&status) {
        return Err(GraphError::UnexpectedShape {
            url: url.to_owned(),
            status,
            reason: "error status without an error envelope".into(),
        });
    }
    serde_json::from_value(json).map_err(|e| GraphError::UnexpectedShape {
        url: url.to_owned(),
        status,
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use waba_core::CommandError;

    fn api(status: u16, body: &str) -> GraphErrorDetails {
        match parse_answer::<serde_json::Value>("u", status, None, None, body.as_bytes()) {
            Err(GraphError::Api(g)) => *g,
            other => panic!("expected an API error, got {other:?}"),
        }
    }

    #[test]
    fn an_error_envelope_without_a_code_is_an_unexpected_answer_not_code_0() {
        let answer = parse_answer::<serde_json::Value>(
            "u",
            401,
            None,
            None,
            br#"{"error":{"message":"Something went wrong","type":"OAuthException"}}"#,
        );
        let Err(GraphError::UnexpectedShape { status, reason, .. }) = &answer else {
            panic!("{answer:?}")
        };
        assert_eq!(*status, 401);
        assert!(reason.contains("without a code"), "{reason}");
        let err = CommandError::from(answer.unwrap_err());
        assert_eq!(err.code, waba_core::ErrorCode::UnexpectedResponse);
        assert!(
            err.graph().is_none(),
            "no Graph code to read as a token rejection"
        );
    }

    #[test]
    fn cleartext_base_urls_are_refused_for_hosts_off_this_machine() {
        let config = |base_url: &str| ClientConfig {
            base_url: base_url.into(),
            version: "v27.0".into(),
            timeout: DEFAULT_TIMEOUT,
        };
        let err = GraphClient::new(config("http://graph.example")).unwrap_err();
        assert!(err.to_string().contains("unencrypted"), "{err}");
        assert!(GraphClient::new(config("http://127.0.0.1:9")).is_ok());
        assert!(GraphClient::new(config("https://graph.facebook.com/")).is_ok());
    }

    #[test]
    fn whatsapp_envelope_with_error_data_object() {
        let g = api(
            400,
            r#"{"error":{"message":"(#131030) Recipient phone number not in allowed list","type":"OAuthException","code":131030,"error_data":{"messaging_product":"whatsapp","details":"Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again."},"fbtrace_id":"AbCdEf123"}}"#,
        );
        assert_eq!((g.http_status, g.code, g.subcode), (400, 131030, None));
        assert!(g
            .details
            .unwrap()
            .starts_with("Recipient phone number not in allowed list:"));
        assert_eq!(g.fbtrace_id.as_deref(), Some("AbCdEf123"));
        assert_eq!(g.error_type.as_deref(), Some("OAuthException"));
    }

    #[test]
    fn template_envelope_with_error_data_string_and_user_texts() {
        let g = api(
            400,
            r#"{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,"error_subcode":2388040,"is_transient":false,"error_user_title":"Message Cannot Be Submitted","error_user_msg":"This message template cannot be created.","error_data":"Body too long","fbtrace_id":"X"}}"#,
        );
        assert_eq!(g.subcode, Some(2388040));
        assert_eq!(g.details.as_deref(), Some("Body too long"));
        assert_eq!(g.user_title.as_deref(), Some("Message Cannot Be Submitted"));
        assert_eq!(
            g.user_msg.as_deref(),
            Some("This message template cannot be created.")
        );
        assert_eq!(g.is_transient, Some(false));
    }

    #[test]
    fn minimal_envelope_keeps_the_raw_body() {
        let body = r#"{"error":{"message":"Unsupported get request.","type":"GraphMethodException","code":100,"error_subcode":33}}"#;
        let g = api(400, body);
        assert_eq!(
            (g.code, g.subcode, g.fbtrace_id.clone(), g.details.clone()),
            (100, Some(33), None, None)
        );
        assert_eq!(g.raw, body);
    }

    #[test]
    fn html_answer_is_not_json() {
        let r = parse_answer::<serde_json::Value>(
            "u",
            502,
            Some("text/html".into()),
            None,
            b"<html><body>Bad Gateway</body></html>",
        );
        match r {
            Err(GraphError::NotJson {
                status: 502,
                snippet,
                content_type,
                ..
            }) => {
                assert!(snippet.contains("Bad Gateway"));
                assert_eq!(content_type.as_deref(), Some("text/html"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_cut_short_is_malformed_json_with_a_next_step() {
        let body = br#"{"data":[{"id":"1""#;
        for content_type in [Some("application/json; charset=UTF-8".to_owned()), None] {
            let r = parse_answer::<serde_json::Value>("u", 200, content_type, None, body);
            let Err(GraphError::MalformedJson {
                status, received, ..
            }) = &r
            else {
                panic!("{r:?}")
            };
            assert_eq!((*status, *received), (200, body.len()));
            let err = CommandError::from(r.unwrap_err());
            assert_eq!(err.code, waba_core::ErrorCode::NotJson);
            assert!(err.message.contains("cut short"), "{}", err.message);
            let action = err.action.unwrap();
            assert!(
                action.starts_with("Try again") && action.contains("metastatus.com"),
                "{action}"
            );
            let Some(waba_core::ErrorDetails::Transport { reason, .. }) = err.details else {
                panic!("no transport details")
            };
            assert!(reason.contains("EOF"), "{reason}");
        }
        // A page that is no JSON at all stays "not JSON", even when it claims to be.
        let page = parse_answer::<serde_json::Value>("u", 200, None, None, b"<html>login</html>");
        assert!(matches!(page, Err(GraphError::NotJson { .. })), "{page:?}");
    }

    #[test]
    fn wrong_shape_is_reported() {
        let r = parse_answer::<crate::model::Waba>("u", 200, None, None, br#"{"name":"no id"}"#);
        assert!(matches!(r, Err(GraphError::UnexpectedShape { .. })));
    }

    #[test]
    fn invalid_base_url_is_refused() {
        let cfg = ClientConfig {
            base_url: "graph.facebook.com".into(),
            version: "v26.0".into(),
            timeout: DEFAULT_TIMEOUT,
        };
        assert!(matches!(
            GraphClient::new(cfg),
            Err(GraphError::InvalidConfig(_))
        ));
    }
}
