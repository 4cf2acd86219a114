//! The webhook probe through the service against local endpoints on 127.0.0.1 that misbehave in
//! each way Meta's checks catch: a JSON-wrapped challenge, a verification GET that never
//! answers, a verify token not checked, forged events accepted, plain HTTP, a self-signed
//! certificate, a certificate for another host, one from an untrusted CA; a well-behaved https
//! endpoint with a certificate from a test CA passes every step; and the console's own receiver
//! passes every step but https and certificate over loopback http. Certificates are made in the
//! test with rcgen. No report, log or error carries the verify token or the app secret.

mod common;

use std::collections::HashMap;
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls;
use waba_core::probe::{ProbeReport, ProbeRequest, ProbeState, ProbeStepId};
use waba_core::receiver::WebhookEventFilter;
use waba_core::webhook::{parse_body, verify, SIGNATURE_HEADER};
use waba_core::ErrorCode;
use waba_secrets::secret;
use waba_service::ProbeOptions;
use waba_sim::Scenario;

use common::{fixture, Fixture};

const VERIFY_TOKEN: &str = "probe-verify-canary-5c1e";
const APP_SECRET: &str = "probe-app-secret-canary-93ab";

/// How a test endpoint goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Behaviour {
    Correct,
    /// Answers `{"hub.challenge": "..."}` instead of the raw value.
    JsonChallenge,
    /// Never answers the verification GET with the right token.
    StallsVerification,
    /// Echoes the challenge whatever the verify token.
    AnyToken,
    /// Answers 200 to every POST, signed or not.
    AcceptsForged,
}

/// What an endpoint saw, in order: `GET right-token`, `GET wrong-token`, `POST signed <kind>`,
/// `POST unsigned`.
#[derive(Clone)]
struct Endpoint {
    behaviour: Behaviour,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Endpoint {
    fn saw(&self, what: String) {
        self.seen.lock().unwrap().push(what);
    }
    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

async fn verification(
    State(endpoint): State<Endpoint>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let right = query.get("hub.verify_token").map(String::as_str) == Some(VERIFY_TOKEN)
        && query.get("hub.mode").map(String::as_str) == Some("subscribe");
    endpoint.saw(format!(
        "GET {}",
        if right { "right-token" } else { "wrong-token" }
    ));
    let challenge = query.get("hub.challenge").cloned().unwrap_or_default();
    match endpoint.behaviour {
        Behaviour::StallsVerification if right => std::future::pending().await,
        Behaviour::JsonChallenge if right => {
            axum::Json(serde_json::json!({ "hub.challenge": challenge })).into_response()
        }
        Behaviour::AnyToken => challenge.into_response(),
        _ if right => challenge.into_response(),
        _ => StatusCode::FORBIDDEN.into_response(),
    }
}

async fn event(State(endpoint): State<Endpoint>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    let signed = verify(&secret(APP_SECRET.into()), &body, signature).is_ok();
    if signed {
        let kinds: Vec<String> = parse_body(&body)
            .map(|events| events.into_iter().map(|e| e.kind).collect())
            .unwrap_or_default();
        endpoint.saw(format!("POST signed {}", kinds.join(",")));
    } else {
        endpoint.saw("POST unsigned".into());
    }
    if signed || endpoint.behaviour == Behaviour::AcceptsForged {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    }
}

async fn moved(uri: axum::http::Uri) -> axum::response::Redirect {
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    axum::response::Redirect::permanent(&format!("/webhook{query}"))
}

fn router(endpoint: &Endpoint) -> Router {
    Router::new()
        .route("/webhook", get(verification).post(event))
        // Moved: every request is sent on to /webhook with its query (and so its verify token).
        .route("/moved", get(moved).post(moved))
        .with_state(endpoint.clone())
}

fn endpoint(behaviour: Behaviour) -> Endpoint {
    Endpoint {
        behaviour,
        seen: Arc::default(),
    }
}

/// The endpoint over plain HTTP; its URL.
async fn serve_http(endpoint: &Endpoint) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhook", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, router(endpoint)).into_future());
    url
}

/// Accepts TLS connections with one certificate; a failed handshake is dropped.
struct TlsListener {
    tcp: TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((tcp, addr)) = self.tcp.accept().await else {
                continue;
            };
            if let Ok(tls) = self.acceptor.accept(tcp).await {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.tcp.local_addr()
    }
}

/// A certificate and its key, as the server presents them.
struct ServerIdentity {
    chain: Vec<Vec<u8>>,
    key: Vec<u8>,
}

/// The endpoint over TLS on 127.0.0.1 with `identity`; its URL (`https://127.0.0.1:PORT/webhook`).
async fn serve_https(endpoint: &Endpoint, identity: ServerIdentity) -> String {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            identity.chain.into_iter().map(Into::into).collect(),
            rustls::pki_types::PrivateKeyDer::Pkcs8(identity.key.into()),
        )
        .unwrap();
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}/webhook", tcp.local_addr().unwrap());
    let listener = TlsListener {
        tcp,
        acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
    };
    tokio::spawn(axum::serve(listener, router(endpoint)).into_future());
    url
}

/// A test certificate authority.
struct TestCa {
    issuer: Issuer<'static, KeyPair>,
    der: Vec<u8>,
}

impl TestCa {
    fn new() -> Self {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "WABA Console probe test CA");
        let der = params.self_signed(&key).unwrap().der().to_vec();
        Self {
            issuer: Issuer::new(params, key),
            der,
        }
    }

    /// A server certificate for `names`, signed by this CA.
    fn issue(&self, names: &[&str]) -> ServerIdentity {
        let key = KeyPair::generate().unwrap();
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let cert = CertificateParams::new(names)
            .unwrap()
            .signed_by(&key, &self.issuer)
            .unwrap();
        ServerIdentity {
            chain: vec![cert.der().to_vec()],
            key: key.serialize_der(),
        }
    }
}

fn self_signed(names: &[&str]) -> ServerIdentity {
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let made = rcgen::generate_simple_self_signed(names).unwrap();
    ServerIdentity {
        chain: vec![made.cert.der().to_vec()],
        key: made.signing_key.serialize_der(),
    }
}

/// A console profile with the app secret stored.
async fn console(tag: &str) -> Fixture {
    let f = fixture(Scenario::Healthy, tag).await;
    f.console
        .set_app_secret(&f.profile, &secret(APP_SECRET.into()))
        .await
        .unwrap();
    f
}

fn options(extra_roots: Vec<Vec<u8>>) -> ProbeOptions {
    ProbeOptions {
        timeout: Duration::from_millis(300),
        extra_root_certificates: extra_roots,
    }
}

async fn probe(f: &Fixture, url: &str, options: &ProbeOptions) -> ProbeReport {
    let request = ProbeRequest {
        profile_id: f.profile.clone(),
        callback_url: url.to_owned(),
        verify_token: secret(VERIFY_TOKEN.into()),
    };
    let report = f
        .console
        .probe_webhook_with(&request, options)
        .await
        .unwrap();
    let json = serde_json::to_string(&report).unwrap();
    assert!(
        !json.contains(VERIFY_TOKEN) && !json.contains(APP_SECRET),
        "a secret in the report: {json}"
    );
    report
}

fn states(report: &ProbeReport) -> Vec<(ProbeStepId, ProbeState)> {
    report.steps.iter().map(|s| (s.id, s.state)).collect()
}

fn step(report: &ProbeReport, id: ProbeStepId) -> &waba_core::probe::ProbeStep {
    report.steps.iter().find(|s| s.id == id).unwrap()
}

use ProbeState::{Fail, Pass, Skipped, Warn};
use ProbeStepId::{Certificate, Challenge, ForgedPost, Https, SignedPost, WrongToken};

#[tokio::test]
async fn a_well_behaved_https_endpoint_with_a_trusted_ca_passes_every_step() {
    let f = console("probe-good").await;
    let ca = TestCa::new();
    let server = endpoint(Behaviour::Correct);
    let url = serve_https(&server, ca.issue(&["localhost", "127.0.0.1"])).await;
    let report = probe(&f, &url, &options(vec![ca.der.clone()])).await;
    assert_eq!(
        states(&report),
        [
            (Https, Pass),
            (Certificate, Pass),
            (Challenge, Pass),
            (WrongToken, Pass),
            (SignedPost, Pass),
            (ForgedPost, Pass)
        ],
        "{report:#?}"
    );
    assert!(report.passed, "{}", report.summary);
    assert_eq!(report.callback_url, url);
    assert!(
        time::OffsetDateTime::parse(
            &report.checked_at,
            &time::format_description::well_known::Rfc3339
        )
        .is_ok(),
        "{}",
        report.checked_at
    );
    // What Meta sends, as the endpoint saw it: a realistic messages event, signed and forged.
    assert_eq!(
        server.seen(),
        [
            "GET right-token",
            "GET wrong-token",
            "POST signed status.sent",
            "POST unsigned"
        ]
    );
    // Kept for the checklist.
    assert_eq!(
        f.console.last_probe(&f.profile).await.unwrap(),
        Some(report)
    );
}

#[tokio::test]
async fn the_same_endpoint_is_untrusted_without_the_test_ca() {
    let f = console("probe-unknown-ca").await;
    let ca = TestCa::new();
    let server = endpoint(Behaviour::Correct);
    let url = serve_https(&server, ca.issue(&["localhost", "127.0.0.1"])).await;
    let report = probe(&f, &url, &options(vec![])).await;
    let certificate = step(&report, Certificate);
    assert_eq!(certificate.state, Fail);
    assert!(
        certificate
            .summary
            .contains("not signed by a trusted certificate authority"),
        "{}",
        certificate.summary
    );
    assert!(!report.passed);
    assert!(
        server.seen().is_empty(),
        "nothing is sent over an untrusted connection"
    );
}

#[tokio::test]
async fn a_self_signed_certificate_fails_and_says_so() {
    let f = console("probe-self-signed").await;
    let server = endpoint(Behaviour::Correct);
    let url = serve_https(&server, self_signed(&["localhost", "127.0.0.1"])).await;
    let report = probe(&f, &url, &options(vec![])).await;
    assert_eq!(
        states(&report),
        [
            (Https, Pass),
            (Certificate, Fail),
            (Challenge, Skipped),
            (WrongToken, Skipped),
            (SignedPost, Skipped),
            (ForgedPost, Skipped)
        ]
    );
    let certificate = step(&report, Certificate);
    assert!(
        certificate.summary.contains("self-signed"),
        "{}",
        certificate.summary
    );
    assert!(
        certificate.detail.is_some(),
        "the TLS error is the evidence"
    );
    assert!(step(&report, Challenge).summary.contains("certificate"));
    assert!(!report.passed);
    assert_eq!(
        f.console.last_probe(&f.profile).await.unwrap(),
        Some(report)
    );
}

#[tokio::test]
async fn a_certificate_for_another_host_fails_as_such() {
    let f = console("probe-wrong-host").await;
    let ca = TestCa::new();
    let server = endpoint(Behaviour::Correct);
    let url = serve_https(&server, ca.issue(&["other.example"])).await;
    let report = probe(&f, &url, &options(vec![ca.der.clone()])).await;
    let certificate = step(&report, Certificate);
    assert_eq!(certificate.state, Fail);
    assert!(
        certificate.summary.contains("not issued for 127.0.0.1"),
        "{}",
        certificate.summary
    );
}

#[tokio::test]
async fn plain_http_on_an_https_url_fails_the_handshake() {
    let f = console("probe-no-tls").await;
    let server = endpoint(Behaviour::Correct);
    let url = serve_http(&server).await.replacen("http://", "https://", 1);
    let report = probe(&f, &url, &options(vec![])).await;
    let certificate = step(&report, Certificate);
    assert_eq!(certificate.state, Fail);
    assert!(
        certificate.summary.contains("TLS handshake") && certificate.fix.is_some(),
        "{certificate:?}"
    );
    assert_eq!(step(&report, Challenge).state, Skipped);
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let f = console("probe-redirect").await;
    let server = endpoint(Behaviour::Correct);
    let url = serve_http(&server).await.replace("/webhook", "/moved");
    // `probe` also checks that the Location, which repeats the query, leaks no token.
    let report = probe(&f, &url, &options(vec![])).await;
    let challenge = step(&report, Challenge);
    assert_eq!(challenge.state, Fail);
    assert!(
        challenge.summary.contains("does not follow redirects"),
        "{}",
        challenge.summary
    );
    assert!(
        challenge
            .detail
            .as_deref()
            .unwrap()
            .contains("Location: /webhook?…"),
        "{:?}",
        challenge.detail
    );
    assert_eq!(step(&report, SignedPost).state, Fail);
    assert!(
        server.seen().is_empty(),
        "nothing reached /webhook: {:?}",
        server.seen()
    );
}

#[tokio::test]
async fn plain_http_fails_https_and_skips_the_certificate() {
    let f = console("probe-http").await;
    let server = endpoint(Behaviour::Correct);
    let url = serve_http(&server).await;
    let report = probe(&f, &url, &options(vec![])).await;
    assert_eq!(
        states(&report),
        [
            (Https, Fail),
            (Certificate, Skipped),
            (Challenge, Pass),
            (WrongToken, Pass),
            (SignedPost, Pass),
            (ForgedPost, Pass)
        ]
    );
    assert!(step(&report, Https).summary.contains("only calls https://"));
    assert!(!report.passed);
    assert!(report.summary.contains("HTTPS"), "{}", report.summary);
}

#[tokio::test]
async fn a_json_wrapped_challenge_is_named() {
    let f = console("probe-json").await;
    let server = endpoint(Behaviour::JsonChallenge);
    let url = serve_http(&server).await;
    let report = probe(&f, &url, &options(vec![])).await;
    let challenge = step(&report, Challenge);
    assert_eq!(challenge.state, Fail);
    assert!(
        challenge.summary.contains("wrapped in JSON"),
        "{}",
        challenge.summary
    );
    assert!(
        challenge
            .detail
            .as_deref()
            .unwrap()
            .contains("hub.challenge"),
        "the body is the evidence: {:?}",
        challenge.detail
    );
}

#[tokio::test]
async fn a_verification_get_that_never_answers_is_a_timeout() {
    let f = console("probe-slow").await;
    let server = endpoint(Behaviour::StallsVerification);
    let url = serve_http(&server).await;
    let report = probe(&f, &url, &options(vec![])).await;
    let challenge = step(&report, Challenge);
    assert_eq!(challenge.state, Fail);
    assert!(
        challenge.summary.contains("No answer within 300 ms"),
        "{}",
        challenge.summary
    );
    // The GET reached the endpoint, which held it: a slow answer, not a connection failure.
    assert_eq!(server.seen()[0], "GET right-token");
    assert_eq!(step(&report, WrongToken).state, Pass);
    assert_eq!(step(&report, SignedPost).state, Pass);
}

#[tokio::test]
async fn an_endpoint_that_ignores_the_verify_token_fails() {
    let f = console("probe-any-token").await;
    let server = endpoint(Behaviour::AnyToken);
    let url = serve_http(&server).await;
    let report = probe(&f, &url, &options(vec![])).await;
    assert_eq!(step(&report, Challenge).state, Pass);
    let wrong = step(&report, WrongToken);
    assert_eq!(wrong.state, Fail);
    assert!(
        wrong.summary.contains("does not check hub.verify_token"),
        "{}",
        wrong.summary
    );
}

#[tokio::test]
async fn an_endpoint_that_accepts_forged_events_is_a_warning() {
    let f = console("probe-forged").await;
    let server = endpoint(Behaviour::AcceptsForged);
    let url = serve_http(&server).await;
    let report = probe(&f, &url, &options(vec![])).await;
    assert_eq!(step(&report, SignedPost).state, Pass);
    let forged = step(&report, ForgedPost);
    assert_eq!(forged.state, Warn);
    assert!(
        forged
            .summary
            .contains("anyone who knows this URL can forge events"),
        "{}",
        forged.summary
    );
    assert_eq!(
        server.seen().last().map(String::as_str),
        Some("POST unsigned")
    );
}

#[tokio::test]
async fn without_an_app_secret_the_posts_are_skipped() {
    let f = fixture(Scenario::Healthy, "probe-no-secret").await;
    let server = endpoint(Behaviour::Correct);
    let url = serve_http(&server).await;
    let report = probe(&f, &url, &options(vec![])).await;
    for id in [SignedPost, ForgedPost] {
        let s = step(&report, id);
        assert_eq!(s.state, Skipped);
        assert!(
            s.summary.contains("store the app secret first"),
            "{}",
            s.summary
        );
    }
    assert_eq!(server.seen(), ["GET right-token", "GET wrong-token"]);
}

#[tokio::test]
async fn an_unreachable_server_skips_the_rest() {
    let f = console("probe-unreachable").await;
    // A port nothing listens on: bound, then closed.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/webhook");
    let report = probe(&f, &url, &options(vec![])).await;
    let challenge = step(&report, Challenge);
    assert_eq!(challenge.state, Fail);
    assert!(
        challenge.summary.starts_with("Could not connect"),
        "{}",
        challenge.summary
    );
    for id in [WrongToken, SignedPost, ForgedPost] {
        assert_eq!(step(&report, id).state, Skipped);
    }
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let f = console("probe-bad-input").await;
    let request = |url: &str, token: &str| ProbeRequest {
        profile_id: f.profile.clone(),
        callback_url: url.to_owned(),
        verify_token: secret(token.to_owned()),
    };
    let no_url = f
        .console
        .probe_webhook(&request("example.com/webhook", VERIFY_TOKEN))
        .await
        .unwrap_err();
    assert_eq!(no_url.code, ErrorCode::InvalidInput);
    let no_token = f
        .console
        .probe_webhook(&request("https://example.com/webhook", ""))
        .await
        .unwrap_err();
    assert_eq!(no_token.code, ErrorCode::InvalidInput);
    assert_eq!(f.console.last_probe(&f.profile).await.unwrap(), None);
}

#[tokio::test]
async fn the_consoles_own_receiver_passes_all_but_https_over_loopback() {
    let f = console("probe-receiver").await;
    let receiver = f
        .console
        .start_webhook_receiver(&f.profile, 0, Some(secret(VERIFY_TOKEN.into())))
        .await
        .unwrap();
    let report = probe(&f, &receiver.url(), &options(vec![])).await;
    assert_eq!(
        states(&report),
        [
            (Https, Fail),
            (Certificate, Skipped),
            (Challenge, Pass),
            (WrongToken, Pass),
            (SignedPost, Pass),
            (ForgedPost, Pass)
        ],
        "{report:#?}"
    );
    // The signed probe event was stored by the receiver, the forged one was not.
    let events = f
        .console
        .webhook_events(&WebhookEventFilter {
            kind: Some("status.sent".into()),
            limit: 10,
            ..WebhookEventFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(events.events.len(), 1, "{events:?}");
    receiver.shutdown().await;
}

/// The checklist's "Webhook verified" reads the last probe: on the fresh WABA (no callback at any
/// level) a failed probe leaves it failing, a passing one makes it pass, and says that Meta still
/// needs the callback set.
#[tokio::test]
async fn the_doctor_counts_a_passing_probe_as_a_verified_webhook() {
    let f = fixture(Scenario::Fresh, "probe-doctor").await;
    f.console
        .set_app_secret(&f.profile, &secret(APP_SECRET.into()))
        .await
        .unwrap();
    let verified = |report: &waba_core::doctor::DoctorReport| {
        let check = report
            .checks
            .iter()
            .find(|c| c.id == waba_core::doctor::CheckId::WebhookVerified)
            .unwrap()
            .clone();
        (check.state, check.summary)
    };
    let server = endpoint(Behaviour::Correct);
    let http = serve_http(&server).await;
    assert!(!probe(&f, &http, &options(vec![])).await.passed);
    let (state, summary) = verified(&f.console.run_doctor(&f.profile, None).await.unwrap());
    assert_eq!(state, waba_core::doctor::CheckState::Fail, "{summary}");

    let ca = TestCa::new();
    let https = serve_https(&server, ca.issue(&["localhost", "127.0.0.1"])).await;
    assert!(
        probe(&f, &https, &options(vec![ca.der.clone()]))
            .await
            .passed
    );
    let (state, summary) = verified(&f.console.run_doctor(&f.profile, None).await.unwrap());
    assert_eq!(state, waba_core::doctor::CheckState::Pass, "{summary}");
    assert!(
        summary.contains("No callback is set at Meta yet"),
        "{summary}"
    );
}
