//! The client's request descriptions are exact: each one, rendered as `curl` and run by a real
//! shell and a real `curl` against the sandbox with the secrets only in its environment, gets the
//! answer the client gets for the same call.

mod common;

use serde::de::DeserializeOwned;
use serde_json::Value;
use waba_core::graph_request::GraphRequest;
use waba_graph::model::{
    AppSubscription, DebugToken, MessageTemplate, PhoneNumber, SubscribedApp, Success, Waba,
};
use waba_graph::{ClientConfig, GraphClient, GraphError, TemplateQuery, DEFAULT_TIMEOUT};
use waba_secrets::{secret, ExposeSecret, Secret};
use waba_sim::{
    Sandbox, SandboxConfig, Scenario, APP_ID, PHONE_NUMBER_ID, SANDBOX_APP_SECRET, SANDBOX_TOKEN,
    WABA_ID,
};

async fn sandbox(scenario: Scenario) -> Sandbox {
    Sandbox::start(
        SandboxConfig {
            scenario,
            ..SandboxConfig::default()
        },
        0,
    )
    .await
    .expect("sandbox starts")
}

fn client(sim: &Sandbox) -> GraphClient {
    GraphClient::new(ClientConfig {
        base_url: sim.base_url(),
        version: "v26.0".into(),
        timeout: DEFAULT_TIMEOUT,
    })
    .unwrap()
}

fn token() -> Secret {
    secret(SANDBOX_TOKEN.into())
}

fn app_token() -> Secret {
    secret(format!("{APP_ID}|{SANDBOX_APP_SECRET}"))
}

/// Graph's `{"data": ...}` (an edge's page too, its `paging` left out).
#[derive(serde::Deserialize)]
struct Data<T> {
    data: T,
}

/// What `curl` printed for one request: the HTTP status and the body as JSON.
struct CurlAnswer {
    status: u16,
    body: Value,
}

impl CurlAnswer {
    fn parse<T: DeserializeOwned>(&self) -> T {
        assert!(
            (200..300).contains(&self.status),
            "HTTP {}: {}",
            self.status,
            self.body
        );
        serde_json::from_value(self.body.clone()).unwrap()
    }

    /// The error envelope's code and message, checked against the client's error for the same call.
    fn assert_same_error(&self, client: GraphError) {
        let GraphError::Api(g) = client else {
            panic!("the client got no Graph error: {client:?}")
        };
        let error = &self.body["error"];
        assert_eq!(self.status, g.http_status, "{}", self.body);
        assert_eq!(error["code"].as_i64(), Some(g.code), "{}", self.body);
        assert_eq!(error["error_subcode"].as_i64(), g.subcode);
        assert_eq!(error["message"].as_str(), Some(g.graph_message.as_str()));
    }
}

/// Runs `request.to_curl()` with `sh`, the secrets (variable, value) as its only environment
/// besides `PATH`, and no proxy.
async fn run_curl(request: &GraphRequest, secrets: &[(&str, &Secret)]) -> CurlAnswer {
    // Output flags after the command change what curl prints, not what it sends.
    let command = format!("{} -sS -w '\\n%{{http_code}}'", request.to_curl());
    let mut env: Vec<(String, String)> = secrets
        .iter()
        .map(|(name, value)| (name.to_string(), value.expose_secret().to_owned()))
        .collect();
    env.push(("PATH".into(), std::env::var("PATH").unwrap_or_default()));
    env.push(("NO_PROXY".into(), "*".into()));
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .env_clear()
            .envs(env)
            .output()
            .expect("sh runs")
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let (body, status) = stdout.rsplit_once('\n').expect("curl printed the status");
    CurlAnswer {
        status: status.parse().unwrap(),
        body: serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}")),
    }
}

#[test]
fn curl_is_installed() {
    let version = std::process::Command::new("curl")
        .arg("--version")
        .output()
        .expect("curl runs");
    assert!(version.status.success());
}

#[tokio::test]
async fn reads_run_with_curl_get_the_clients_answers() {
    let sim = sandbox(Scenario::Healthy).await;
    let c = client(&sim);
    let t = token();
    let with_token = [("WA_TOKEN", &t)];

    let request = c.describe_debug_token();
    assert!(!request.to_curl().contains(SANDBOX_TOKEN));
    let curl: Data<DebugToken> = run_curl(&request, &with_token).await.parse();
    assert_eq!(curl.data, c.debug_token(&t).await.unwrap());

    let fields = [
        "id",
        "name",
        "currency",
        "timezone_id",
        "message_template_namespace",
    ];
    let curl: Waba = run_curl(&c.describe_waba(WABA_ID, &fields), &with_token)
        .await
        .parse();
    assert_eq!(curl, c.waba(&t, WABA_ID, &fields).await.unwrap());

    let fields = [
        "display_phone_number",
        "verified_name",
        "quality_rating",
        "webhook_configuration",
    ];
    let curl: PhoneNumber = run_curl(
        &c.describe_phone_number(PHONE_NUMBER_ID, &fields),
        &with_token,
    )
    .await
    .parse();
    assert_eq!(
        curl,
        c.phone_number(&t, PHONE_NUMBER_ID, &fields).await.unwrap()
    );

    let curl: Data<Vec<PhoneNumber>> =
        run_curl(&c.describe_phone_numbers(WABA_ID, &fields), &with_token)
            .await
            .parse();
    assert_eq!(
        curl.data,
        c.phone_numbers(&t, WABA_ID, &fields).await.unwrap()
    );

    let curl: Data<Vec<SubscribedApp>> =
        run_curl(&c.describe_subscribed_apps(WABA_ID), &with_token)
            .await
            .parse();
    assert_eq!(curl.data, c.subscribed_apps(&t, WABA_ID).await.unwrap());
}

#[tokio::test]
async fn a_template_query_is_encoded_as_the_client_sends_it() {
    let sim = sandbox(Scenario::Healthy).await;
    let c = client(&sim);
    let t = token();
    let all = c
        .list_templates(&t, WABA_ID, &TemplateQuery::default())
        .await
        .unwrap();
    // A body text has spaces, punctuation and `{{1}}`: it matches only if it arrives intact.
    let body = all
        .templates
        .iter()
        .flat_map(|t| &t.components)
        .find_map(|c| c.text.clone().filter(|_| c.kind == "BODY"))
        .expect("the sandbox has a template with a body");
    let queries = [
        TemplateQuery {
            content: Some(body),
            ..TemplateQuery::default()
        },
        TemplateQuery {
            name: Some("it's \"x\" $HOME & more=%+".into()),
            status: vec!["APPROVED".into(), "REJECTED".into()],
            ..TemplateQuery::default()
        },
    ];
    let mut found = Vec::new();
    for query in queries {
        let request = c.describe_list_templates(WABA_ID, &query);
        let curl: Data<Vec<MessageTemplate>> =
            run_curl(&request, &[("WA_TOKEN", &t)]).await.parse();
        let listed = c.list_templates(&t, WABA_ID, &query).await.unwrap();
        assert_eq!(curl.data, listed.templates, "{}", request.to_curl());
        found.push(listed.templates.len());
    }
    assert_ne!(found[0], 0, "the body text finds its template");
    assert_eq!(found[1], 0);
}

#[tokio::test]
async fn a_pin_set_with_wa_pin_gets_the_clients_answer() {
    let sim = sandbox(Scenario::Healthy).await;
    let c = client(&sim);
    let t = token();
    let request = c.describe_set_pin(PHONE_NUMBER_ID);
    assert!(request.to_curl().contains(r#""pin":"'"$WA_PIN"'"}'"#));

    let good = common::pin("135790");
    let curl: Success = run_curl(&request, &[("WA_TOKEN", &t), ("WA_PIN", &good)])
        .await
        .parse();
    assert_eq!(curl, c.set_pin(&t, PHONE_NUMBER_ID, &good).await.unwrap());

    // The value reaches the sandbox: a PIN it refuses is refused alike.
    let bad = common::pin("12345");
    let curl = run_curl(&request, &[("WA_TOKEN", &t), ("WA_PIN", &bad)]).await;
    assert_eq!(curl.body["error"]["code"], 100, "{}", curl.body);
    curl.assert_same_error(c.set_pin(&t, PHONE_NUMBER_ID, &bad).await.unwrap_err());
}

#[tokio::test]
async fn verify_tokens_and_the_app_token_travel_through_their_variables() {
    let sim = sandbox(Scenario::Fresh).await;
    let c = client(&sim);
    let t = token();
    let url = common::verifying_callback("right").await;
    let (right, wrong) = (secret("right".into()), secret("wrong".into()));

    let plain = c.describe_subscribe_app(WABA_ID, None);
    let curl: Success = run_curl(&plain, &[("WA_TOKEN", &t)]).await.parse();
    assert_eq!(curl, c.subscribe_app(&t, WABA_ID, None).await.unwrap());

    // The WABA override: the sandbox's GET challenge sees the verify token (2200 when wrong).
    let request = c.describe_subscribe_app(WABA_ID, Some(&url));
    let refused = run_curl(&request, &[("WA_TOKEN", &t), ("WA_VERIFY_TOKEN", &wrong)]).await;
    assert_eq!(refused.body["error"]["code"], 2200, "{}", refused.body);
    refused.assert_same_error(
        c.subscribe_app(&t, WABA_ID, Some((&url, &wrong)))
            .await
            .unwrap_err(),
    );
    let curl: Success = run_curl(&request, &[("WA_TOKEN", &t), ("WA_VERIFY_TOKEN", &right)])
        .await
        .parse();
    assert_eq!(
        curl,
        c.subscribe_app(&t, WABA_ID, Some((&url, &right)))
            .await
            .unwrap()
    );

    // The number's override, a secret field inside `webhook_configuration`.
    let request = c.describe_set_number_webhook_override(PHONE_NUMBER_ID, Some(&url));
    let curl: Success = run_curl(&request, &[("WA_TOKEN", &t), ("WA_VERIFY_TOKEN", &right)])
        .await
        .parse();
    assert!(curl.success);
    let configuration = c
        .phone_number(&t, PHONE_NUMBER_ID, &["webhook_configuration"])
        .await
        .unwrap()
        .webhook_configuration
        .unwrap();
    assert_eq!(configuration.phone_number.as_deref(), Some(url.as_str()));

    // The app's own edges take the app access token, never rendered.
    let app = app_token();
    let request = c.describe_set_app_subscription(APP_ID, &url, &["messages"]);
    assert!(!request.to_curl().contains(SANDBOX_APP_SECRET));
    assert!(request
        .to_curl()
        .contains("-H \"Authorization: Bearer $WA_APP_TOKEN\""));
    let curl: Success = run_curl(
        &request,
        &[("WA_APP_TOKEN", &app), ("WA_VERIFY_TOKEN", &right)],
    )
    .await
    .parse();
    assert!(curl.success);
    let read = c.describe_app_subscriptions(APP_ID);
    let curl: Data<Vec<AppSubscription>> = run_curl(&read, &[("WA_APP_TOKEN", &app)]).await.parse();
    let listed = c.app_subscriptions(&app, APP_ID).await.unwrap();
    assert_eq!(curl.data, listed);
    assert_eq!(listed[0].callback_url.as_deref(), Some(url.as_str()));
    // And the profile's token is refused there by curl as by the client.
    run_curl(&read, &[("WA_APP_TOKEN", &t)])
        .await
        .assert_same_error(c.app_subscriptions(&t, APP_ID).await.unwrap_err());
}
