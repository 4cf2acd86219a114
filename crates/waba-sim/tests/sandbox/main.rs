//! End-to-end tests of the sandbox over real loopback HTTP: a reqwest client against a server
//! started on a free port, as the console's Graph client will use it.

mod business_profile;
mod control;
mod faults;
mod graph;
mod media;
mod messages;
mod number_override;
mod quality;
mod registration;
mod send_limits;
mod statuses;
mod subscriptions;
mod templates;
mod webhooks;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::Value;
use waba_sim::{Sandbox, SandboxConfig, Scenario, SANDBOX_TOKEN};

/// A started sandbox plus an HTTP client for it.
struct Harness {
    sandbox: Sandbox,
    http: reqwest::Client,
}

/// One answer: status, headers, parsed JSON body.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

async fn start(scenario: Scenario) -> Harness {
    let config = SandboxConfig {
        scenario,
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(config, 0).await.expect("sandbox starts");
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client builds");
    Harness { sandbox, http }
}

impl Harness {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    /// `GET path` with the sandbox token as a bearer token.
    async fn get(&self, path: &str) -> Answer {
        self.get_as(path, Some(SANDBOX_TOKEN)).await
    }

    async fn get_as(&self, path: &str, token: Option<&str>) -> Answer {
        let mut request = self.http.get(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        answer(request.send().await.expect("request completes")).await
    }
}

async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body arrives");
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    Answer {
        status,
        headers,
        body,
    }
}

/// Asserts Meta's error envelope: exactly these keys inside `error`, and the code/subcode.
fn assert_envelope(answer: &Answer, status: u16, code: i64, keys: &[&str]) -> Value {
    assert_eq!(answer.status.as_u16(), status, "{}", answer.body);
    let top: Vec<&String> = answer.body.as_object().expect("object").keys().collect();
    assert_eq!(top, ["error"], "{}", answer.body);
    let error = answer.body["error"].clone();
    let mut found: Vec<&str> = error
        .as_object()
        .expect("error object")
        .keys()
        .map(String::as_str)
        .collect();
    found.sort_unstable();
    let mut wanted = keys.to_vec();
    wanted.sort_unstable();
    assert_eq!(found, wanted, "{error}");
    assert_eq!(error["code"], code, "{error}");
    let trace = error["fbtrace_id"].as_str().expect("fbtrace_id");
    assert!(trace.len() >= 20, "{trace}");
    error
}

const BASIC_KEYS: [&str; 4] = ["code", "fbtrace_id", "message", "type"];
const SUBCODE_KEYS: [&str; 5] = ["code", "error_subcode", "fbtrace_id", "message", "type"];
const WHATSAPP_KEYS: [&str; 5] = ["code", "error_data", "fbtrace_id", "message", "type"];
