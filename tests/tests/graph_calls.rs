//! "Copy as curl" shows what the console sends: each `GraphCall` the window can ask about is
//! described by `Console::describe_graph_call`, and the console's own call then sends exactly that
//! request (method, URL with its query, body), its placeholders filled with the call's secrets.
//!
//! A recording proxy stands between the console and the sandbox: the profile under test points at
//! it, so every request the console sends is seen byte for byte, and each description is compared
//! with what was really sent, resolved with the same secrets.

mod common;

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use serde_json::{json, Value};
use waba_core::app::SetTokenRequest;
use waba_core::doctor::DoctorReport;
use waba_core::graph_call::{DoctorRead, GraphCall};
use waba_core::graph_request::{GraphRequest, Placeholder, SecretValues};
use waba_core::numbers::CodeMethod;
use waba_core::profile::NewProfile;
use waba_core::template_lint::TemplateDraft;
use waba_core::templates::{
    CreateTemplateRequest, DeleteTemplateRequest, EditTemplateRequest, TemplateRef,
};
use waba_core::{CommandError, ErrorCode, ErrorDetails};
use waba_secrets::{secret, Secret};
use waba_service::{CallbackOverride, Console};
use waba_sim::{Scenario, APP_ID, PHONE_NUMBER_ID, SANDBOX_APP_SECRET, SANDBOX_TOKEN, WABA_ID};

use common::{fixture, pin, verifying_callback, Fixture};

const VERIFY_TOKEN: &str = "verify-copy-curl-1";

/// One request as it reached the proxy, and the sandbox's answer to it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// Path and query, as sent.
    target: String,
    body: Vec<u8>,
    answer: Value,
}

/// A proxy on a free loopback port that forwards everything to `upstream` and keeps each request.
struct Recorder {
    base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Recorder {
    async fn start(upstream: String) -> Self {
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let http = reqwest::Client::new();
        let kept = seen.clone();
        let forward = move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let (http, kept, upstream) = (http.clone(), kept.clone(), upstream.clone());
            async move {
                let target = uri
                    .path_and_query()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default();
                let mut request = http.request(method.clone(), format!("{upstream}{target}"));
                for name in ["authorization", "content-type"] {
                    if let Some(value) = headers.get(name) {
                        request = request.header(name, value.clone());
                    }
                }
                let answer = request.body(body.to_vec()).send().await.unwrap();
                let status = StatusCode::from_u16(answer.status().as_u16()).unwrap();
                let bytes = answer.bytes().await.unwrap();
                kept.lock().unwrap().push(Seen {
                    method: method.to_string(),
                    target,
                    body: body.to_vec(),
                    answer: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
                });
                (
                    status,
                    [("content-type", "application/json")],
                    bytes.to_vec(),
                )
                    .into_response()
            }
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            axum::serve(listener, axum::Router::new().fallback(forward))
                .await
                .unwrap()
        });
        Self { base_url, seen }
    }

    /// The requests seen since the last call (and forgets them).
    fn take(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// The console of the fixture with a second profile on the recording proxy in front of the
/// fixture's sandbox (the sandbox's token stored); answers the profile's ID.
async fn recorded_profile(f: &Fixture, recorder: &Recorder) -> String {
    let id = f
        .console
        .add_profile(NewProfile {
            name: "Recorded".into(),
            app_id: APP_ID.into(),
            waba_id: WABA_ID.into(),
            phone_number_id: PHONE_NUMBER_ID.into(),
            api_version: "v26.0".into(),
            base_url: Some(recorder.base_url.clone()),
        })
        .await
        .unwrap()
        .id;
    f.console
        .set_token(SetTokenRequest {
            profile_id: id.clone(),
            token: SANDBOX_TOKEN.into(),
            store_unverified: false,
        })
        .await
        .unwrap();
    f.console
        .set_app_secret(&id, &secret(SANDBOX_APP_SECRET.into()))
        .await
        .unwrap();
    recorder.take();
    id
}

/// The secrets the tests' calls use, by placeholder.
struct Secrets {
    token: Secret,
    app_token: Secret,
    pin: Secret,
    verify_token: Secret,
}

impl Secrets {
    fn new() -> Self {
        Self {
            token: secret(SANDBOX_TOKEN.into()),
            app_token: secret(format!("{APP_ID}|{SANDBOX_APP_SECRET}")),
            pin: pin("246810"),
            verify_token: secret(VERIFY_TOKEN.into()),
        }
    }

    fn values(&self) -> SecretValues<'_> {
        SecretValues::new()
            .with(Placeholder::Token, &self.token)
            .with(Placeholder::AppToken, &self.app_token)
            .with(Placeholder::Pin, &self.pin)
            .with(Placeholder::VerifyToken, &self.verify_token)
    }
}

/// `request` as the proxy sees it when sent with `secrets`: method, path with query, body.
fn as_sent(request: &GraphRequest, secrets: &Secrets, base_url: &str) -> (String, String, Vec<u8>) {
    let resolved = request.resolve(&secrets.values()).unwrap();
    let target = resolved
        .url()
        .strip_prefix(base_url)
        .unwrap_or_else(|| panic!("{} is not under {base_url}", resolved.url()))
        .to_owned();
    (
        request.method().as_str().to_owned(),
        target,
        resolved.body().map(<[u8]>::to_vec).unwrap_or_default(),
    )
}

fn key(seen: &Seen) -> (String, String, Vec<u8>) {
    (seen.method.clone(), seen.target.clone(), seen.body.clone())
}

async fn describe(console: &Console, profile: &str, call: &GraphCall) -> GraphRequest {
    console
        .describe_graph_call(profile, call)
        .await
        .unwrap_or_else(|e| panic!("{call:?}: {e:?}"))
}

/// Asserts that `seen` holds the request `call` describes, exactly.
async fn assert_sent(
    console: &Console,
    profile: &str,
    recorder: &Recorder,
    seen: &[Seen],
    call: GraphCall,
) -> GraphRequest {
    let request = describe(console, profile, &call).await;
    let expected = as_sent(&request, &Secrets::new(), &recorder.base_url);
    assert!(
        seen.iter().any(|s| key(s) == expected),
        "{call:?} was described as {expected:?}, but the console sent {:#?}",
        seen.iter().map(key).collect::<Vec<_>>()
    );
    let shown = serde_json::to_string(&request).unwrap();
    for secret in [SANDBOX_TOKEN, SANDBOX_APP_SECRET, "246810", VERIFY_TOKEN] {
        assert!(!shown.contains(secret), "{call:?} shows a secret: {shown}");
    }
    request
}

fn doctor_read(read: DoctorRead, report: &DoctorReport) -> GraphCall {
    GraphCall::DoctorRead {
        read,
        api_version: report.api_version.clone(),
    }
}

#[tokio::test]
async fn the_doctor_sends_exactly_the_reads_its_checks_name() {
    let f = fixture(Scenario::Healthy, "calls-doctor").await;
    let recorder = Recorder::start(f.sim.base_url()).await;
    let p = recorded_profile(&f, &recorder).await;
    let c = &f.console;

    for version in [None, Some("v23.0")] {
        let report = c.run_doctor(&p, version).await.unwrap();
        let seen = recorder.take();
        assert_eq!(seen.len(), usize::try_from(report.graph_calls).unwrap());
        let mut named: Vec<DoctorRead> = report
            .checks
            .iter()
            .flat_map(|check| check.reads.iter().copied())
            .collect();
        named.sort_by_key(|r| DoctorRead::ALL.iter().position(|a| a == r));
        named.dedup();
        assert_eq!(named, DoctorRead::ALL, "every read is some check's");
        let mut described = Vec::new();
        for read in DoctorRead::ALL {
            let request = describe(c, &p, &doctor_read(read, &report)).await;
            described.push(as_sent(&request, &Secrets::new(), &recorder.base_url));
        }
        let mut sent: Vec<_> = seen.iter().map(key).collect();
        sent.sort();
        described.sort();
        assert_eq!(sent, described, "run on {version:?}");
    }

    // Local checks name no read; a check judged from the number names the number's read.
    let report = c.run_doctor(&p, None).await.unwrap();
    let check = |id| report.check(id).unwrap();
    use waba_core::doctor::CheckId;
    assert!(check(CheckId::ApiVersion).reads.is_empty());
    assert!(check(CheckId::StatusWebhook).reads.is_empty());
    assert_eq!(check(CheckId::Registered).reads, [DoctorRead::PhoneNumber]);
    assert_eq!(
        check(CheckId::TokenWabaAccess).reads,
        [DoctorRead::DebugToken, DoctorRead::Waba]
    );
    assert_eq!(
        check(CheckId::MessagesField).reads,
        [DoctorRead::AppSubscriptions]
    );

    // A read that was never sent is not offered: the app's subscriptions without an app secret,
    // and nothing at all without a token.
    let without_secret = c.run_doctor(&f.profile, None).await.unwrap();
    let messages = without_secret.check(CheckId::MessagesField).unwrap();
    assert!(messages.reads.is_empty(), "{messages:?}");
    c.clear_token(&f.profile).await.unwrap();
    let without_token = c.run_doctor(&f.profile, None).await.unwrap();
    assert_eq!(without_token.graph_calls, 0);
    assert!(without_token.checks.iter().all(|c| c.reads.is_empty()));
}

#[tokio::test]
async fn a_doctor_read_run_with_curl_gets_the_answer_the_doctor_got() {
    let f = fixture(Scenario::Healthy, "calls-curl").await;
    let recorder = Recorder::start(f.sim.base_url()).await;
    let p = recorded_profile(&f, &recorder).await;
    let report = f.console.run_doctor(&p, None).await.unwrap();
    let seen = recorder.take();
    let request = describe(
        &f.console,
        &p,
        &doctor_read(DoctorRead::PhoneNumber, &report),
    )
    .await;
    let expected = as_sent(&request, &Secrets::new(), &recorder.base_url);
    let doctors = seen.iter().find(|s| key(s) == expected).unwrap();

    let command = format!("{} -sS", request.to_curl());
    assert!(command.contains("$WA_TOKEN") && !command.contains(SANDBOX_TOKEN));
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("NO_PROXY", "*")
            .env("WA_TOKEN", SANDBOX_TOKEN)
            .output()
            .expect("sh runs")
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{output:?}");
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer, doctors.answer);
    assert_eq!(answer["id"], PHONE_NUMBER_ID);
    // The curl run went through the proxy too, as the same request.
    assert_eq!(
        recorder.take().iter().map(key).collect::<Vec<_>>(),
        [expected]
    );
}

#[tokio::test]
async fn number_actions_send_what_they_describe() {
    let f = fixture(Scenario::Healthy, "calls-numbers").await;
    let recorder = Recorder::start(f.sim.base_url()).await;
    let p = recorded_profile(&f, &recorder).await;
    let (c, secrets) = (&f.console, Secrets::new());
    let number = PHONE_NUMBER_ID.to_owned();

    c.set_pin(&p, &number, &secrets.pin, false).await.unwrap();
    let sent = recorder.take();
    let request = assert_sent(
        c,
        &p,
        &recorder,
        &sent,
        GraphCall::SetPin {
            phone_number_id: number.clone(),
        },
    )
    .await;
    assert_eq!(request.body().unwrap().value(), &json!({"pin": "$WA_PIN"}));

    let _ = c
        .request_code(&p, &number, CodeMethod::Voice, " en_US ")
        .await;
    let sent = recorder.take();
    let call = GraphCall::RequestCode {
        phone_number_id: number.clone(),
        method: CodeMethod::Voice,
        language: " en_US ".into(),
    };
    assert_sent(c, &p, &recorder, &sent, call).await;

    let _ = c.verify_code(&p, &number, " 123456 ").await;
    let sent = recorder.take();
    let call = GraphCall::VerifyCode {
        phone_number_id: number.clone(),
        code: " 123456 ".into(),
    };
    assert_sent(c, &p, &recorder, &sent, call).await;

    let _ = c.deregister(&p, &number, true).await;
    let sent = recorder.take();
    let call = GraphCall::Deregister {
        phone_number_id: number.clone(),
    };
    assert_sent(c, &p, &recorder, &sent, call).await;

    let _ = c
        .register(&p, &number, Some(&secrets.pin), Some("de"), true)
        .await;
    let sent = recorder.take();
    let call = GraphCall::Register {
        phone_number_id: number.clone(),
        region: Some("de".into()),
    };
    let request = assert_sent(c, &p, &recorder, &sent, call).await;
    assert_eq!(
        request.body().unwrap().value()["data_localization_region"],
        "DE"
    );
}

fn draft(value: Value) -> TemplateDraft {
    serde_json::from_value(value).unwrap()
}

#[tokio::test]
async fn template_calls_send_what_they_describe() {
    let f = fixture(Scenario::Healthy, "calls-templates").await;
    let recorder = Recorder::start(f.sim.base_url()).await;
    let p = recorded_profile(&f, &recorder).await;
    let c = &f.console;

    let listing = c.sync_templates(&p).await.unwrap();
    let sent = recorder.take();
    assert_sent(c, &p, &recorder, &sent, GraphCall::SyncTemplates).await;

    let approved = listing
        .templates
        .iter()
        .find(|t| t.status.value == waba_core::graph_states::TemplateStatus::Approved)
        .unwrap()
        .clone();
    c.get_template(TemplateRef {
        profile_id: p.clone(),
        template_id: Some(approved.id.clone()),
        name: None,
        language: None,
    })
    .await
    .unwrap();
    let sent = recorder.take();
    let call = GraphCall::Template {
        template_id: approved.id.clone(),
    };
    assert_sent(c, &p, &recorder, &sent, call).await;

    let new = draft(
        json!({"name": "copy_as_curl", "language": "en_US", "category": "UTILITY",
        "components": [{"type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped.",
            "example": {"body_text": [["Maria", "A-1042"]]}}]}),
    );
    let created = c
        .create_template(CreateTemplateRequest {
            profile_id: p.clone(),
            draft: new.clone(),
            confirm_warnings: true,
            draft_id: None,
        })
        .await
        .unwrap();
    let sent = recorder.take();
    assert_sent(
        c,
        &p,
        &recorder,
        &sent,
        GraphCall::CreateTemplate { draft: new },
    )
    .await;

    let mut components = approved.components.clone();
    for component in &mut components {
        if let Some(text) = component.text.as_mut() {
            text.push_str(" Thank you.");
            break;
        }
    }
    let _ = c
        .edit_template(EditTemplateRequest {
            profile_id: p.clone(),
            template_id: approved.id.clone(),
            category: None,
            components: Some(components.clone()),
            message_send_ttl_seconds: Some(3600),
            confirm_warnings: true,
        })
        .await;
    let sent = recorder.take();
    let call = GraphCall::EditTemplate {
        template_id: approved.id.clone(),
        category: None,
        components: Some(components),
        message_send_ttl_seconds: Some(3600),
    };
    assert_sent(c, &p, &recorder, &sent, call).await;

    let delete = |language: Option<&str>| DeleteTemplateRequest {
        profile_id: p.clone(),
        name: "copy_as_curl".into(),
        language: language.map(Into::into),
        confirmed: true,
    };
    c.delete_template(delete(Some("en_US"))).await.unwrap();
    let sent = recorder.take();
    let call = GraphCall::DeleteTemplate {
        name: "copy_as_curl".into(),
        hsm_id: Some(created.template.id.clone()),
    };
    assert_sent(c, &p, &recorder, &sent, call).await;

    let _ = c.delete_template(delete(None)).await;
    let sent = recorder.take();
    let call = GraphCall::DeleteTemplate {
        name: " copy_as_curl ".into(),
        hsm_id: None,
    };
    assert_sent(c, &p, &recorder, &sent, call).await;
}

#[tokio::test]
async fn subscription_calls_send_what_they_describe() {
    let f = fixture(Scenario::Fresh, "calls-subs").await;
    let recorder = Recorder::start(f.sim.base_url()).await;
    let p = recorded_profile(&f, &recorder).await;
    let c = &f.console;
    let url = verifying_callback(VERIFY_TOKEN).await;
    let callback = || CallbackOverride {
        url: url.clone(),
        verify_token: secret(VERIFY_TOKEN.into()),
    };

    c.subscribe_app(&p, None).await.unwrap();
    let sent = recorder.take();
    let call = GraphCall::SubscribeApp {
        override_callback_uri: None,
    };
    assert_sent(c, &p, &recorder, &sent, call).await;

    c.subscribe_app(&p, Some(callback())).await.unwrap();
    let sent = recorder.take();
    let call = GraphCall::SubscribeApp {
        override_callback_uri: Some(url.clone()),
    };
    let request = assert_sent(c, &p, &recorder, &sent, call).await;
    assert!(request.to_curl().contains("$WA_VERIFY_TOKEN"));

    c.set_app_webhook_config(
        &p,
        callback(),
        &["messages".into(), " message_template_status_update ".into()],
    )
    .await
    .unwrap();
    let sent = recorder.take();
    let call = GraphCall::SetAppWebhook {
        callback_url: url.clone(),
        fields: vec!["messages".into(), " message_template_status_update ".into()],
    };
    let request = assert_sent(c, &p, &recorder, &sent, call).await;
    assert!(request.to_curl().contains("Bearer $WA_APP_TOKEN"));

    c.set_number_override(&p, None, callback()).await.unwrap();
    let sent = recorder.take();
    let call = GraphCall::SetNumberOverride {
        phone_number_id: None,
        override_callback_uri: Some(url.clone()),
    };
    assert_sent(c, &p, &recorder, &sent, call).await;

    c.clear_number_override(&p, Some(PHONE_NUMBER_ID))
        .await
        .unwrap();
    let sent = recorder.take();
    let call = GraphCall::SetNumberOverride {
        phone_number_id: Some(PHONE_NUMBER_ID.into()),
        override_callback_uri: None,
    };
    assert_sent(c, &p, &recorder, &sent, call).await;

    c.unsubscribe_app(&p).await.unwrap();
    let sent = recorder.take();
    assert_sent(c, &p, &recorder, &sent, GraphCall::UnsubscribeApp).await;
}

#[tokio::test]
async fn a_call_the_console_would_refuse_is_refused_with_the_same_field() {
    let f = fixture(Scenario::Fresh, "calls-refused").await;
    let (c, p) = (&f.console, f.profile.as_str());
    let field_of = |e: CommandError| {
        assert_eq!(e.code, ErrorCode::InvalidInput, "{e:?}");
        match e.details {
            Some(ErrorDetails::Fields { fields }) => {
                fields.into_iter().map(|f| f.field).collect::<Vec<_>>()
            }
            other => panic!("no field errors: {other:?}"),
        }
    };
    let refused = [
        (
            GraphCall::VerifyCode {
                phone_number_id: PHONE_NUMBER_ID.into(),
                code: "12a456".into(),
            },
            "code",
        ),
        (
            GraphCall::Register {
                phone_number_id: PHONE_NUMBER_ID.into(),
                region: Some("Atlantis".into()),
            },
            "dataLocalizationRegion",
        ),
        (
            GraphCall::SetAppWebhook {
                callback_url: "http://example.com/hook".into(),
                fields: vec!["messages".into()],
            },
            "callbackUrl",
        ),
        (
            GraphCall::SetAppWebhook {
                callback_url: "https://example.com/hook".into(),
                fields: vec![" ".into()],
            },
            "fields",
        ),
        (
            GraphCall::DeleteTemplate {
                name: "  ".into(),
                hsm_id: None,
            },
            "name",
        ),
        (
            GraphCall::DoctorRead {
                read: DoctorRead::Waba,
                api_version: "latest".into(),
            },
            "apiVersion",
        ),
    ];
    let before = f.sim.requests().snapshot().total;
    for (call, field) in refused {
        let error = c.describe_graph_call(p, &call).await.unwrap_err();
        assert_eq!(field_of(error), [field], "{call:?}");
    }
    let missing = c
        .describe_graph_call("no-such-profile", &GraphCall::UnsubscribeApp)
        .await
        .unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound, "{missing:?}");
    assert_eq!(f.sim.requests().snapshot().total, before, "nothing is sent");
}
