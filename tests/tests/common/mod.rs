//! The fixture the service tests share: a sandbox of their own on a free loopback port, a console
//! on a temporary data folder and a test keychain namespace, and a real profile on that sandbox
//! with the sandbox's token stored. Each test binary uses its own part of it.
#![allow(dead_code)]

use waba_core::app::SetTokenRequest;
use waba_core::graph_states::{Explained, GraphState};
use waba_core::profile::NewProfile;
use waba_core::secret::{secret, Secret};
use waba_service::{Console, ConsoleConfig};
use waba_sim::{Sandbox, SandboxConfig, Scenario, PHONE_NUMBER_ID, SANDBOX_TOKEN};

pub fn pin(digits: &str) -> Secret {
    secret(digits.to_owned())
}

pub struct Fixture {
    pub sim: Sandbox,
    pub dir: tempfile::TempDir,
    pub service: String,
    pub console: Console,
    pub profile: String,
}

/// Meta's spelling of an explained value of an IPC answer.
pub fn value<T: GraphState>(v: &Option<Explained<T>>) -> Option<&str> {
    v.as_ref().map(Explained::as_graph)
}

pub async fn fixture(scenario: Scenario, tag: &str) -> Fixture {
    fixture_on(scenario, tag, "v26.0").await
}

/// [`fixture`] with the profile on `api_version`.
pub async fn fixture_on(scenario: Scenario, tag: &str, api_version: &str) -> Fixture {
    fixture_with(scenario, tag, api_version, |_| {}).await
}

/// [`fixture_on`] with the console's settings changed by `configure` first (a shorter Graph
/// timeout, say).
pub async fn fixture_with(
    scenario: Scenario,
    tag: &str,
    api_version: &str,
    configure: impl FnOnce(&mut ConsoleConfig),
) -> Fixture {
    let sim = Sandbox::start(
        SandboxConfig {
            scenario,
            ..SandboxConfig::default()
        },
        0,
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let service = format!("waba-console-test-{tag}-{}", std::process::id());
    let mut config = ConsoleConfig::new(dir.path().to_path_buf(), &service);
    configure(&mut config);
    let console = Console::open(config).await.unwrap();
    let profile = console
        .add_profile(NewProfile {
            name: "Local".into(),
            app_id: waba_sim::APP_ID.into(),
            waba_id: waba_sim::WABA_ID.into(),
            phone_number_id: PHONE_NUMBER_ID.into(),
            api_version: api_version.into(),
            base_url: Some(sim.base_url()),
        })
        .await
        .unwrap()
        .id;
    console
        .set_token(SetTokenRequest {
            profile_id: profile.clone(),
            token: SANDBOX_TOKEN.into(),
            store_unverified: false,
        })
        .await
        .unwrap();
    Fixture {
        sim,
        dir,
        service,
        console,
        profile,
    }
}

/// A webhook callback on a free loopback port that answers Meta's verification GET with the raw
/// `hub.challenge` when `hub.verify_token` is `verify_token`, and 403 otherwise. Its URL.
pub async fn verifying_callback(verify_token: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhook", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let n = stream.read(&mut buf).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&buf[..n]).into_owned();
                let target = head.split_whitespace().nth(1).unwrap_or("").to_owned();
                let query = target.split_once('?').map(|(_, q)| q).unwrap_or("");
                let param = |name: &str| {
                    query
                        .split('&')
                        .filter_map(|kv| kv.split_once('='))
                        .find(|(k, _)| *k == name)
                        .map(|(_, v)| v.to_owned())
                };
                let (status, body) = match (param("hub.verify_token"), param("hub.challenge")) {
                    (Some(t), Some(c)) if t == verify_token => ("200 OK", c),
                    _ => ("403 Forbidden", String::new()),
                };
                let answer = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    url
}

/// A 1×1 PNG (its bytes hold `\r\n`, as a multipart body's delimiters do).
pub const PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];
