//! The HTTP side: building URLs, sending with a bearer token and a timeout, and turning every kind
//! of answer (success, Meta's error envelope, HTML, silence) into a typed result.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, WWW_AUTHENTICATE};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use waba_core::GraphErrorDetails;
use waba_secrets::{ExposeSecret, Secret};

use crate::budget::ReadBudget;
use crate::error::GraphError;
use crate::model::{
    AppSubscription, DataEnvelope, DebugToken, MessageTemplate, Page, PhoneNumber, SubscribedApp,
    Success, Waba,
};
use crate::usage::{parse_business_use_case_usage, UseCaseUsage, BUSINESS_USE_CASE_USAGE_HEADER};

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
    /// The last `X-Business-Use-Case-Usage` an answer to this client or its clones carried.
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

    /// The Business Use Case usage from the last answer (to this client or a clone) that carried
    /// `X-Business-Use-Case-Usage`, or `None` when none did. Entries of any `type` are kept.
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

    /// `GET /debug_token` for `token`, asked with the same token (Meta's documented pattern).
    pub async fn debug_token(&self, token: &Secret) -> Result<DebugToken, GraphError> {
        let query = [("input_token", token.expose_secret())];
        let envelope: DataEnvelope<DebugToken> = self.get(token, "debug_token", &query).await?;
        Ok(envelope.data)
    }

    /// `GET /{waba-id}` with the given fields.
    pub async fn waba(
        &self,
        token: &Secret,
        waba_id: &str,
        fields: &[&str],
    ) -> Result<Waba, GraphError> {
        self.get(token, waba_id, &[("fields", &fields.join(","))])
            .await
    }

    /// `GET /{phone-number-id}` with the given fields.
    pub async fn phone_number(
        &self,
        token: &Secret,
        phone_number_id: &str,
        fields: &[&str],
    ) -> Result<PhoneNumber, GraphError> {
        self.get(token, phone_number_id, &[("fields", &fields.join(","))])
            .await
    }

    /// Every number of a WABA: `GET /{waba-id}/phone_numbers`, following the `after` cursor.
    pub async fn phone_numbers(
        &self,
        token: &Secret,
        waba_id: &str,
        fields: &[&str],
    ) -> Result<Vec<PhoneNumber>, GraphError> {
        self.all_pages(
            token,
            &format!("{waba_id}/phone_numbers"),
            &fields.join(","),
        )
        .await
    }

    /// Every template of a WABA: `GET /{waba-id}/message_templates`, following the `after` cursor.
    pub async fn message_templates(
        &self,
        token: &Secret,
        waba_id: &str,
        fields: &[&str],
    ) -> Result<Vec<MessageTemplate>, GraphError> {
        self.all_pages(
            token,
            &format!("{waba_id}/message_templates"),
            &fields.join(","),
        )
        .await
    }

    /// The apps subscribed to a WABA's webhooks: `GET /{waba-id}/subscribed_apps`.
    pub async fn subscribed_apps(
        &self,
        token: &Secret,
        waba_id: &str,
    ) -> Result<Vec<SubscribedApp>, GraphError> {
        let envelope: DataEnvelope<Vec<SubscribedApp>> = self
            .get(token, &format!("{waba_id}/subscribed_apps"), &[])
            .await?;
        Ok(envelope.data)
    }

    /// `POST /{waba-id}/subscribed_apps`: subscribes the app that owns `token` to the WABA's
    /// webhooks; with `override_callback` (URL, verify token) also sets the WABA's callback,
    /// which Meta verifies with a GET challenge first (2200/2201 when it fails). Never retried.
    pub async fn subscribe_app(
        &self,
        token: &Secret,
        waba_id: &str,
        override_callback: Option<(&str, &Secret)>,
    ) -> Result<Success, GraphError> {
        let body = match override_callback {
            Some((url, verify_token)) => serde_json::json!({
                "override_callback_uri": url,
                "verify_token": verify_token.expose_secret(),
            }),
            None => serde_json::json!({}),
        };
        self.post(token, &format!("{waba_id}/subscribed_apps"), &body)
            .await
    }

    /// `DELETE /{waba-id}/subscribed_apps`: unsubscribes the app that owns `token`. Never retried.
    pub async fn unsubscribe_app(
        &self,
        token: &Secret,
        waba_id: &str,
    ) -> Result<Success, GraphError> {
        self.delete(token, &format!("{waba_id}/subscribed_apps"), &[])
            .await
    }

    /// The app's webhook subscriptions: `GET /{app-id}/subscriptions` with the app access token
    /// (`{app-id}|{app-secret}`; a user or system-user token is refused with code 15).
    pub async fn app_subscriptions(
        &self,
        app_token: &Secret,
        app_id: &str,
    ) -> Result<Vec<AppSubscription>, GraphError> {
        let envelope: DataEnvelope<Vec<AppSubscription>> = self
            .get(app_token, &format!("{app_id}/subscriptions"), &[])
            .await?;
        Ok(envelope.data)
    }

    /// `POST /{app-id}/subscriptions` with `object=whatsapp_business_account`: the app's callback,
    /// its verify token (Meta verifies the callback with a GET challenge first) and the fields to
    /// deliver. Never retried.
    pub async fn set_app_subscription(
        &self,
        app_token: &Secret,
        app_id: &str,
        callback_url: &str,
        verify_token: &Secret,
        fields: &[&str],
    ) -> Result<Success, GraphError> {
        let body = serde_json::json!({
            "object": "whatsapp_business_account",
            "callback_url": callback_url,
            "verify_token": verify_token.expose_secret(),
            "fields": fields.join(","),
        });
        self.post(app_token, &format!("{app_id}/subscriptions"), &body)
            .await
    }

    /// Walks an edge page by page, `page_size` items at a time.
    async fn all_pages<T: DeserializeOwned>(
        &self,
        token: &Secret,
        path: &str,
        fields: &str,
    ) -> Result<Vec<T>, GraphError> {
        let limit = self.page_size.to_string();
        let mut items = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut query = vec![("fields", fields), ("limit", limit.as_str())];
            if let Some(cursor) = after.as_deref() {
                query.push(("after", cursor));
            }
            let page: Page<T> = self.get(token, path, &query).await?;
            items.extend(page.data);
            let paging = page.paging.unwrap_or(crate::model::Paging {
                cursors: None,
                next: None,
            });
            match (paging.next, paging.cursors.and_then(|c| c.after)) {
                (Some(_), Some(cursor)) => after = Some(cursor),
                _ => return Ok(items),
            }
        }
        Err(GraphError::UnexpectedShape {
            url: self.url(path),
            status: 200,
            reason: format!("still paging after {MAX_PAGES} pages"),
        })
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}/{}", self.root, path.trim_start_matches('/'))
    }

    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        token: &Secret,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, GraphError> {
        let url = self.url(path);
        if let Some(budget) = &self.reads {
            budget.take().map_err(|wait| GraphError::ReadBudget {
                per_hour: budget.reads_per_hour(),
                retry_after: wait,
            })?;
        }
        self.send(
            &url,
            self.http
                .get(&url)
                .bearer_auth(token.expose_secret())
                .query(query),
        )
        .await
    }

    /// `POST` with a JSON body. Never retried here: registration calls count against Meta's limits.
    pub(crate) async fn post<T: DeserializeOwned>(
        &self,
        token: &Secret,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<T, GraphError> {
        let url = self.url(path);
        self.send(
            &url,
            self.http
                .post(&url)
                .bearer_auth(token.expose_secret())
                .json(body),
        )
        .await
    }

    /// `DELETE` with a query. Never retried here.
    pub(crate) async fn delete<T: DeserializeOwned>(
        &self,
        token: &Secret,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, GraphError> {
        let url = self.url(path);
        self.send(
            &url,
            self.http
                .delete(&url)
                .bearer_auth(token.expose_secret())
                .query(query),
        )
        .await
    }

    /// The `limit` this client asks for on edges.
    pub(crate) fn page_size(&self) -> u32 {
        self.page_size
    }

    async fn send<T: DeserializeOwned>(
        &self,
        url: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<T, GraphError> {
        self.sent.fetch_add(1, Ordering::Relaxed);
        let response = request
            .send()
            .await
            .map_err(|e| self.transport_error(url, e))?;
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
                *self
                    .usage
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(entries);
            }
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(url, e))?;
        parse_answer(url, status, content_type, www_authenticate, &body)
    }

    /// `POST /{phone-number-id}` `{"pin"}`: sets or replaces the two-step verification PIN.
    pub async fn set_pin(
        &self,
        token: &Secret,
        phone_number_id: &str,
        pin: &Secret,
    ) -> Result<Success, GraphError> {
        self.post(
            token,
            phone_number_id,
            &serde_json::json!({ "pin": pin.expose_secret() }),
        )
        .await
    }

    /// `POST /{phone-number-id}` `{"webhook_configuration"}` (facts §4.3): with `override_callback`
    /// (URL, verify token) sets the number's own callback, which Meta verifies with a GET
    /// challenge first (2200/2201 when it fails); with `None` sends an empty
    /// `override_callback_uri`, which deletes it. Never retried.
    pub async fn set_number_webhook_override(
        &self,
        token: &Secret,
        phone_number_id: &str,
        override_callback: Option<(&str, &Secret)>,
    ) -> Result<Success, GraphError> {
        let configuration = match override_callback {
            Some((url, verify_token)) => serde_json::json!({
                "override_callback_uri": url,
                "verify_token": verify_token.expose_secret(),
            }),
            None => serde_json::json!({ "override_callback_uri": "" }),
        };
        self.post(
            token,
            phone_number_id,
            &serde_json::json!({ "webhook_configuration": configuration }),
        )
        .await
    }

    /// `POST /{phone-number-id}/request_code`: an ownership code by SMS or VOICE.
    pub async fn request_code(
        &self,
        token: &Secret,
        phone_number_id: &str,
        method: &str,
        language: &str,
    ) -> Result<Success, GraphError> {
        let body = serde_json::json!({ "code_method": method, "language": language });
        self.post(token, &format!("{phone_number_id}/request_code"), &body)
            .await
    }

    /// `POST /{phone-number-id}/verify_code`.
    pub async fn verify_code(
        &self,
        token: &Secret,
        phone_number_id: &str,
        code: &str,
    ) -> Result<Success, GraphError> {
        self.post(
            token,
            &format!("{phone_number_id}/verify_code"),
            &serde_json::json!({ "code": code }),
        )
        .await
    }

    /// `POST /{phone-number-id}/register`.
    pub async fn register(
        &self,
        token: &Secret,
        phone_number_id: &str,
        pin: &Secret,
        region: Option<&str>,
    ) -> Result<Success, GraphError> {
        let mut body =
            serde_json::json!({ "messaging_product": "whatsapp", "pin": pin.expose_secret() });
        if let Some(region) = region {
            body["data_localization_region"] = region.into();
        }
        self.post(token, &format!("{phone_number_id}/register"), &body)
            .await
    }

    /// `POST /{phone-number-id}/deregister`.
    pub async fn deregister(
        &self,
        token: &Secret,
        phone_number_id: &str,
    ) -> Result<Success, GraphError> {
        self.post(
            token,
            &format!("{phone_number_id}/deregister"),
            &serde_json::json!({}),
        )
        .await
    }

    fn transport_error(&self, url: &str, error: reqwest::Error) -> GraphError {
        let error = error.without_url();
        if error.is_timeout() {
            return GraphError::Timeout {
                url: url.to_owned(),
                after: self.timeout,
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
        }
    }
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

/// Turns one HTTP answer into the success type or the matching [`GraphError`].
fn parse_answer<T: DeserializeOwned>(
    url: &str,
    status: u16,
    content_type: Option<String>,
    www_authenticate: Option<String>,
    body: &[u8],
) -> Result<T, GraphError> {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) else {
        let text = String::from_utf8_lossy(body);
        let snippet: String = text.chars().take(300).collect();
        return Err(GraphError::NotJson {
            url: url.to_owned(),
            status,
            content_type,
            snippet,
        });
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
    fn truncated_json_is_not_json() {
        let r = parse_answer::<serde_json::Value>("u", 200, None, None, br#"{"data":[{"id":"1""#);
        assert!(matches!(r, Err(GraphError::NotJson { status: 200, .. })));
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
