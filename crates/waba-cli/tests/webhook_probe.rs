//! `waba webhook probe` as a script would use it (run under scripts/with-test-keychain): exit 0
//! for an https endpoint whose certificate the system trusts (a test CA made here with rcgen,
//! given to the child as its system roots with `SSL_CERT_FILE`), exit 1 for the console's own
//! receiver over loopback http (Meta calls https only) and for a wrong verify token, exit 2 for
//! a URL that is not one; the `--json` report's field names; the verify token from
//! `WABA_VERIFY_TOKEN`; and no secret in anything printed.

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::Query;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls;
use waba_core::secret::secret;
use waba_core::webhook::{verify, SIGNATURE_HEADER};

mod common;
use common::{start_sim, use_local_profile, Cli};

const VERIFY_TOKEN: &str = "cli-probe-verify-canary-71";
const APP_SECRET: &str = "cli-probe-app-secret-canary-0d";

/// An endpoint that does what Meta expects: the raw challenge for the right token, 403 for any
/// other, 200 for a POST signed with the app secret and 401 otherwise.
fn correct_endpoint() -> Router {
    async fn verification(
        Query(query): Query<std::collections::HashMap<String, String>>,
    ) -> Response {
        match (query.get("hub.verify_token"), query.get("hub.challenge")) {
            (Some(token), Some(challenge)) if token == VERIFY_TOKEN => {
                challenge.clone().into_response()
            }
            _ => StatusCode::FORBIDDEN.into_response(),
        }
    }
    async fn event(headers: HeaderMap, body: Bytes) -> StatusCode {
        let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
        match verify(&secret(APP_SECRET.into()), &body, signature) {
            Ok(()) => StatusCode::OK,
            Err(_) => StatusCode::UNAUTHORIZED,
        }
    }
    Router::new().route("/webhook", get(verification).post(event))
}

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

/// The endpoint over TLS on 127.0.0.1 with a certificate from a new test CA: its URL and the
/// CA certificate as PEM.
async fn serve_https_with_test_ca() -> (String, String) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_pem = ca_params.self_signed(&ca_key).unwrap().pem();
    let issuer = Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}/webhook", tcp.local_addr().unwrap());
    let listener = TlsListener {
        tcp,
        acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
    };
    tokio::spawn(axum::serve(listener, correct_endpoint()).into_future());
    (url, ca_pem)
}

/// Runs `waba --json webhook probe <args>` with `env`; its exit code and JSON output, after
/// checking no secret was printed on either stream.
fn probe(cli: &Cli, args: &[&str], env: &[(&str, &str)]) -> (i32, Value) {
    let mut command: Command = cli.command();
    command
        .args(["webhook", "probe"])
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null());
    let output = tokio::task::block_in_place(|| command.output().unwrap());
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    for canary in [VERIFY_TOKEN, APP_SECRET] {
        assert!(
            !stdout.contains(canary) && !stderr.contains(canary),
            "a secret was printed: {stdout} / {stderr}"
        );
    }
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {stdout} / {stderr}"));
    (output.status.code().unwrap(), json)
}

fn states(report: &Value) -> Vec<(String, String)> {
    report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn probe_exit_codes_and_json() {
    let (mut sim, base_url) = start_sim("healthy");
    let cli = Cli::new();
    use_local_profile(&cli, &base_url);
    assert_eq!(cli.run(&["app-secret", "set"], APP_SECRET).0, 0);

    // A trusted https endpoint that behaves: exit 0. The child trusts the test CA as a system
    // root, so this is the default path (no test options).
    let (url, ca_pem) = serve_https_with_test_ca().await;
    let roots = cli.dir.path().join("test-ca.pem");
    std::fs::write(&roots, ca_pem).unwrap();
    let roots = roots.to_str().unwrap().to_owned();
    let (code, report) = probe(
        &cli,
        &[&url, "--verify-token", VERIFY_TOKEN],
        &[("SSL_CERT_FILE", &roots)],
    );
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["passed"], true);
    assert_eq!(report["callbackUrl"], url.as_str());
    assert!(report["checkedAt"].is_string() && report["summary"].is_string());
    let first = report["steps"][0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["detail", "fix", "id", "state", "summary", "title"]);
    assert_eq!(
        states(&report),
        pairs(&[
            ("https", "pass"),
            ("certificate", "pass"),
            ("challenge", "pass"),
            ("wrongToken", "pass"),
            ("signedPost", "pass"),
            ("forgedPost", "pass"),
        ])
    );

    // The same endpoint without the test CA among the roots: its certificate is not trusted.
    let (code, report) = probe(&cli, &[&url, "--verify-token", VERIFY_TOKEN], &[]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["steps"][1]["state"], "fail");

    // The console's own receiver over loopback http, the token from the environment: exit 1,
    // only https fails (and certificate is not run).
    let (mut receiver, receiver_url, _stdout) = cli.serve(&["--verify-token", VERIFY_TOKEN]);
    let (code, report) = probe(
        &cli,
        &[&receiver_url],
        &[("WABA_VERIFY_TOKEN", VERIFY_TOKEN)],
    );
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["passed"], false);
    assert_eq!(
        states(&report),
        pairs(&[
            ("https", "fail"),
            ("certificate", "skipped"),
            ("challenge", "pass"),
            ("wrongToken", "pass"),
            ("signedPost", "pass"),
            ("forgedPost", "pass"),
        ])
    );
    assert!(report["steps"][0]["fix"].is_string());
    assert!(report["steps"][2]["fix"].is_null());

    // A verify token the receiver does not expect: the challenge is refused.
    let (code, report) = probe(&cli, &[&receiver_url, "--verify-token", "not-it"], &[]);
    assert_eq!(code, 1);
    assert_eq!(report["steps"][2]["state"], "fail");
    receiver.kill().unwrap();
    receiver.wait().unwrap();

    // Not a URL: the probe does not run.
    let (code, report) = probe(&cli, &["example.com/webhook", "--verify-token", "t"], &[]);
    assert_eq!(code, 2);
    assert_eq!(report["error"]["code"], "invalidInput");

    sim.kill().unwrap();
    sim.wait().unwrap();
}

#[test]
fn the_human_output_has_a_line_per_step_and_the_fixes() {
    let (mut sim, base_url) = start_sim("healthy");
    let cli = Cli::new();
    use_local_profile(&cli, &base_url);
    assert_eq!(cli.run(&["app-secret", "set"], APP_SECRET).0, 0);
    let (mut receiver, receiver_url, _stdout) = cli.serve(&["--verify-token", VERIFY_TOKEN]);
    let output = Command::new(env!("CARGO_BIN_EXE_waba"))
        .env("WABA_DATA_DIR", cli.dir.path())
        .env(
            "WABA_KEYCHAIN_SERVICE",
            format!("waba-console-test-cli-{}", std::process::id()),
        )
        .env("WABA_VERIFY_TOKEN", VERIFY_TOKEN)
        .args(["webhook", "probe", &receiver_url])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    receiver.kill().unwrap();
    receiver.wait().unwrap();
    sim.kill().unwrap();
    sim.wait().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(!text.contains(VERIFY_TOKEN), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[1].trim_start().starts_with("FAIL") && lines[1].contains("HTTPS"),
        "{text}"
    );
    assert!(lines[2].trim_start().starts_with("skipped"), "{text}");
    for line in &lines[3..7] {
        assert!(line.trim_start().starts_with("pass"), "{text}");
    }
    let fix = lines
        .iter()
        .position(|l| *l == "Fix:")
        .expect("a Fix: section");
    assert!(lines[fix + 1].contains("HTTPS: "), "{text}");
}
