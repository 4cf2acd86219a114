//! Media through the service: uploads to the sandbox (`POST /{phone-number-id}/media`, then
//! `GET /{media-id}` and the download of what was stored), files Meta would refuse stopped before
//! any call (the sandbox's request count does not move), and media links checked against an
//! https server on loopback with a certificate from a test CA, reached under a public-looking
//! name (a loopback address is refused by the link rules themselves).

mod common;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;
use waba_core::send::{
    CheckLinkRequest, LinkCheck, MediaKind, SendFinding, SendRule, UploadMediaRequest,
};
use waba_core::{CommandError, ErrorCode, ErrorDetails};
use waba_graph::{ClientConfig, GraphClient, GraphError, DEFAULT_TIMEOUT};
use waba_secrets::secret;
use waba_service::LinkFetcher;
use waba_sim::{Scenario, PHONE_NUMBER_ID, SANDBOX_TOKEN};

use common::{fixture, Fixture, PIXEL_PNG};

const MB: usize = 1024 * 1024;

fn upload_request(f: &Fixture, file_name: &str, bytes: &[u8]) -> UploadMediaRequest {
    UploadMediaRequest {
        profile_id: f.profile.clone(),
        kind: MediaKind::Image,
        file_name: file_name.into(),
        content_type: None,
        data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

/// A Graph GET on the sandbox with its token.
async fn sandbox_get(url: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(url)
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .unwrap()
}

/// The rules of a refused upload's findings.
fn refused_rules(error: &CommandError) -> Vec<SendRule> {
    assert_eq!(error.code, ErrorCode::SendBlocked, "{error:?}");
    match &error.details {
        Some(ErrorDetails::Findings { findings }) => findings.iter().map(|f| f.rule).collect(),
        other => panic!("no findings: {other:?}"),
    }
}

#[tokio::test]
async fn a_small_png_is_uploaded_and_the_sandbox_keeps_its_bytes() {
    let f = fixture(Scenario::Healthy, "media-upload").await;
    let uploaded = f
        .console
        .upload_media(&upload_request(&f, "pixel.png", PIXEL_PNG))
        .await
        .unwrap();
    assert_eq!(uploaded.content_type, "image/png", "told by the extension");
    assert_eq!(uploaded.size_bytes, PIXEL_PNG.len() as u64);
    assert!(
        uploaded.request.to_curl().ends_with(
            "-F 'messaging_product=whatsapp' -F 'type=image/png' -F 'file=@pixel.png;type=image/png'"
        ),
        "{}",
        uploaded.request.to_curl()
    );
    assert_eq!(
        uploaded.request.url(),
        format!("{}/v26.0/{PHONE_NUMBER_ID}/media", f.sim.base_url())
    );

    let node: Value = sandbox_get(&format!("{}/v26.0/{}", f.sim.base_url(), uploaded.media_id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(node["id"], uploaded.media_id.as_str());
    assert_eq!(node["mime_type"], "image/png");
    assert_eq!(node["file_size"], PIXEL_PNG.len().to_string());
    let stored = sandbox_get(node["url"].as_str().unwrap())
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(&stored[..], PIXEL_PNG, "the bytes arrive as they were");

    let audit = f.console.audit_log(10).await.unwrap();
    let entry = &audit.entries[0];
    assert_eq!(
        (entry.action.as_str(), entry.target.as_deref()),
        ("media_uploaded", Some("pixel.png"))
    );
}

#[tokio::test]
async fn a_file_from_disk_is_uploaded_with_the_type_its_name_says() {
    let f = fixture(Scenario::Healthy, "media-file").await;
    let path = f.dir.path().join("Photo of the shop.JPG");
    tokio::fs::write(&path, PIXEL_PNG).await.unwrap();
    let uploaded = f
        .console
        .upload_media_file(&f.profile, MediaKind::Image, &path)
        .await
        .unwrap();
    assert_eq!(
        (uploaded.file_name.as_str(), uploaded.content_type.as_str()),
        ("Photo of the shop.JPG", "image/jpeg")
    );
    let node: Value = sandbox_get(&format!("{}/v26.0/{}", f.sim.base_url(), uploaded.media_id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(node["mime_type"], "image/jpeg");

    let missing = f
        .console
        .upload_media_file(&f.profile, MediaKind::Image, &f.dir.path().join("gone.png"))
        .await
        .unwrap_err();
    assert_eq!(missing.code, ErrorCode::InvalidInput);
    assert!(missing.message.contains("gone.png") || format!("{missing:?}").contains("gone.png"));
}

#[tokio::test]
async fn files_meta_would_refuse_are_stopped_before_any_call() {
    let f = fixture(Scenario::Healthy, "media-refused").await;
    let before = f.sim.requests().snapshot().total;

    let mut large = PIXEL_PNG.to_vec();
    large.resize(5 * MB + 1, 0);
    let too_large = f
        .console
        .upload_media(&upload_request(&f, "poster.png", &large))
        .await
        .unwrap_err();
    assert_eq!(refused_rules(&too_large), vec![SendRule::MediaTooLarge]);
    assert!(too_large.message.contains("5 MB"), "{}", too_large.message);

    let path = f.dir.path().join("poster.png");
    tokio::fs::write(&path, &large).await.unwrap();
    let from_disk = f
        .console
        .upload_media_file(&f.profile, MediaKind::Image, &path)
        .await
        .unwrap_err();
    assert_eq!(refused_rules(&from_disk), vec![SendRule::MediaTooLarge]);

    let mut wrong_type = upload_request(&f, "sticker.webp", PIXEL_PNG);
    let webp = f.console.upload_media(&wrong_type).await.unwrap_err();
    assert_eq!(refused_rules(&webp), vec![SendRule::ContentType]);
    wrong_type.file_name = "page.bin".into();
    wrong_type.content_type = Some("text/html".into());
    let html = f.console.upload_media(&wrong_type).await.unwrap_err();
    assert_eq!(refused_rules(&html), vec![SendRule::ContentType]);
    assert!(html.message.contains("text/html"), "{}", html.message);

    let mut garbled = upload_request(&f, "pixel.png", PIXEL_PNG);
    garbled.data_base64 = "not base64!".into();
    let garbled = f.console.upload_media(&garbled).await.unwrap_err();
    assert_eq!(garbled.code, ErrorCode::InvalidInput);

    assert_eq!(
        f.sim.requests().snapshot().total,
        before,
        "nothing reached the sandbox"
    );
}

#[tokio::test]
async fn the_client_passes_metas_refusal_of_an_upload_through() {
    let f = fixture(Scenario::Healthy, "media-client").await;
    let client = GraphClient::new(ClientConfig {
        base_url: f.sim.base_url(),
        version: "v26.0".into(),
        timeout: DEFAULT_TIMEOUT,
    })
    .unwrap();
    let token = secret(SANDBOX_TOKEN.into());
    let answer = client
        .upload_media(
            &token,
            PHONE_NUMBER_ID,
            "page.html",
            "text/html",
            b"<html></html>".to_vec(),
        )
        .await;
    let Err(GraphError::Api(g)) = answer else {
        panic!("a text/html upload was accepted: {answer:?}")
    };
    assert_eq!(g.code, 131053);
    assert!(g.details.unwrap_or_default().contains("text/html"));
    let sent = f.sim.requests().snapshot();
    assert_eq!(
        sent.by_route.get("POST /{version}/{id}/media"),
        Some(&1),
        "{sent:?}"
    );
}

/// The public-looking name the test server answers under.
const HOST: &str = "media.example.com";

/// One request the link server saw: method, path, and whether it carried credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    method: String,
    path: String,
    credentials: bool,
    range: Option<String>,
}

/// An https server on loopback that answers each path as a media host might: the answer to a
/// HEAD and to a GET (status, headers).
#[derive(Clone)]
struct LinkServer {
    address: SocketAddr,
    ca: Vec<u8>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

type Answer = (&'static str, Vec<(&'static str, String)>);

fn answer(method: &str, path: &str) -> Answer {
    let png = |length: usize| {
        vec![
            ("content-type", "image/png".to_owned()),
            ("content-length", length.to_string()),
        ]
    };
    match (method, path) {
        (_, "/shop/pixel.png") => ("200 OK", png(PIXEL_PNG.len())),
        (_, "/private/pixel.png") => ("401 Unauthorized", vec![]),
        (_, "/signed/pixel.png") => ("403 Forbidden", vec![]),
        (_, "/page.png") => (
            "200 OK",
            vec![("content-type", "text/html; charset=utf-8".to_owned())],
        ),
        (_, "/poster.jpg") => (
            "200 OK",
            vec![
                ("content-type", "image/jpeg".to_owned()),
                ("content-length", (6 * MB).to_string()),
            ],
        ),
        ("HEAD", "/no-head.png") => ("405 Method Not Allowed", vec![]),
        ("GET", "/no-head.png") => (
            "206 Partial Content",
            vec![
                ("content-type", "image/png".to_owned()),
                ("content-range", format!("bytes 0-1023/{}", 6 * MB)),
                ("content-length", "1024".to_owned()),
            ],
        ),
        (_, "/moved.png") => (
            "302 Found",
            vec![(
                "location",
                "http://media.example.com/shop/pixel.png".to_owned(),
            )],
        ),
        (_, "/inside.png") => (
            "302 Found",
            vec![("location", "https://10.0.0.7/pixel.png".to_owned())],
        ),
        _ => ("404 Not Found", vec![]),
    }
}

impl LinkServer {
    async fn start() -> Self {
        let ca_key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "WABA Console link check test CA");
        let ca = params.self_signed(&ca_key).unwrap().der().to_vec();
        let issuer = Issuer::new(params, ca_key);
        let key = KeyPair::generate().unwrap();
        let cert = CertificateParams::new(vec![HOST.to_owned()])
            .unwrap()
            .signed_by(&key, &issuer)
            .unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().to_vec().into()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = Self {
            address: listener.local_addr().unwrap(),
            ca,
            seen: Arc::default(),
        };
        let seen = server.seen.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let (acceptor, seen) = (acceptor.clone(), seen.clone());
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let mut head = Vec::new();
                    let mut buf = [0u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&head).into_owned();
                    let mut lines = head.split("\r\n");
                    let mut first = lines.next().unwrap_or_default().split(' ');
                    let (method, path) = (
                        first.next().unwrap_or_default().to_owned(),
                        first.next().unwrap_or_default().to_owned(),
                    );
                    let headers: HashMap<String, String> = lines
                        .filter_map(|line| line.split_once(':'))
                        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
                        .collect();
                    seen.lock().unwrap().push(Seen {
                        method: method.clone(),
                        credentials: headers.contains_key("authorization")
                            || headers.contains_key("cookie"),
                        range: headers.get("range").cloned(),
                        path: path.clone(),
                    });
                    if path == "/slow.png" {
                        // Holds the connection and never answers.
                        std::future::pending::<()>().await;
                    }
                    let (status, mut fields) = answer(&method, &path);
                    if !fields.iter().any(|(name, _)| *name == "content-length") {
                        fields.push(("content-length", "0".to_owned()));
                    }
                    let mut response = format!("HTTP/1.1 {status}\r\nconnection: close\r\n");
                    for (name, value) in &fields {
                        response.push_str(&format!("{name}: {value}\r\n"));
                    }
                    response.push_str("\r\n");
                    let _ = tls.write_all(response.as_bytes()).await;
                    if method == "GET" {
                        // The body, as much as the answer announced (the checker reads none).
                        let length = fields
                            .iter()
                            .find(|(name, _)| *name == "content-length")
                            .and_then(|(_, v)| v.parse::<usize>().ok())
                            .unwrap_or(0);
                        let _ = tls.write_all(&vec![0u8; length.min(MB)]).await;
                    }
                    let _ = tls.shutdown().await;
                });
            }
        });
        server
    }

    fn url(&self, path: &str) -> String {
        format!("https://{HOST}:{}{path}", self.address.port())
    }

    /// A fetcher that trusts the test CA and finds [`HOST`] on loopback.
    fn fetcher(&self) -> LinkFetcher {
        LinkFetcher::builder()
            .trust_root_certificate(self.ca.clone())
            .resolve(HOST, self.address)
            .build()
            .unwrap()
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn check(f: &Fixture, fetcher: &LinkFetcher, kind: MediaKind, url: &str) -> LinkCheck {
    f.console
        .check_media_link_with(
            &CheckLinkRequest {
                kind,
                url: url.to_owned(),
            },
            fetcher,
        )
        .await
        .unwrap()
}

fn rules(findings: &[SendFinding]) -> Vec<SendRule> {
    findings.iter().map(|f| f.rule).collect()
}

#[tokio::test]
async fn media_links_are_checked_as_metas_fetcher_meets_them() {
    let f = fixture(Scenario::Healthy, "media-links").await;
    let server = LinkServer::start().await;
    let fetcher = server.fetcher();

    let ok = check(
        &f,
        &fetcher,
        MediaKind::Image,
        &server.url("/shop/pixel.png"),
    )
    .await;
    assert_eq!(
        (
            ok.http_status,
            ok.content_type.as_deref(),
            ok.size_bytes,
            ok.blocked
        ),
        (
            Some(200),
            Some("image/png"),
            Some(PIXEL_PNG.len() as u64),
            false
        ),
        "{ok:?}"
    );
    assert!(ok.findings.is_empty(), "{:?}", ok.findings);

    let private = check(
        &f,
        &fetcher,
        MediaKind::Image,
        &server.url("/private/pixel.png"),
    )
    .await;
    assert_eq!(private.http_status, Some(401));
    assert_eq!(rules(&private.findings), vec![SendRule::LinkNeedsAuth]);
    assert!(
        private.findings[0]
            .message
            .contains("Meta's fetcher sends none"),
        "{}",
        private.findings[0].message
    );
    let signed = check(
        &f,
        &fetcher,
        MediaKind::Image,
        &server.url("/signed/pixel.png"),
    )
    .await;
    assert_eq!(rules(&signed.findings), vec![SendRule::LinkNeedsAuth]);

    let missing = check(&f, &fetcher, MediaKind::Image, &server.url("/gone.png")).await;
    assert_eq!(missing.http_status, Some(404));
    assert_eq!(rules(&missing.findings), vec![SendRule::LinkNotFound]);
    assert!(missing.blocked);

    let page = check(&f, &fetcher, MediaKind::Image, &server.url("/page.png")).await;
    assert_eq!(rules(&page.findings), vec![SendRule::ContentType]);
    assert!(page.findings[0].message.contains("text/html"));
    assert!(page.blocked);

    let poster = check(&f, &fetcher, MediaKind::Image, &server.url("/poster.jpg")).await;
    assert_eq!(poster.size_bytes, Some(6 * MB as u64));
    assert_eq!(rules(&poster.findings), vec![SendRule::MediaTooLarge]);
    assert!(poster.findings[0].message.contains("6 MB"));
    // The same file is fine as a video's size (and only its type is wrong then).
    let as_video = check(&f, &fetcher, MediaKind::Video, &server.url("/poster.jpg")).await;
    assert_eq!(rules(&as_video.findings), vec![SendRule::ContentType]);

    // A HEAD refused: the first bytes by GET, the whole size from Content-Range.
    let no_head = check(&f, &fetcher, MediaKind::Image, &server.url("/no-head.png")).await;
    assert_eq!(
        (no_head.http_status, no_head.size_bytes),
        (Some(206), Some(6 * MB as u64))
    );
    assert_eq!(rules(&no_head.findings), vec![SendRule::MediaTooLarge]);

    // A redirect is checked like the link itself: Meta would not follow it to http:// or inside
    // a network, and the checker does not go there either.
    for (path, words) in [("/moved.png", "http://"), ("/inside.png", "10.0.0.7")] {
        let redirected = check(&f, &fetcher, MediaKind::Image, &server.url(path)).await;
        assert!(redirected.blocked, "{path}: {redirected:?}");
        let text = &redirected.findings[0].message;
        assert!(
            text.contains("redirects to") && text.contains(words),
            "{path}: {text}"
        );
    }

    let seen = server.seen();
    assert!(
        seen.iter().all(|s| !s.credentials),
        "no credentials: {seen:?}"
    );
    let no_head_requests: Vec<(&str, Option<&str>)> = seen
        .iter()
        .filter(|s| s.path == "/no-head.png")
        .map(|s| (s.method.as_str(), s.range.as_deref()))
        .collect();
    assert_eq!(
        no_head_requests,
        vec![("HEAD", None), ("GET", Some("bytes=0-1023"))]
    );
    let ok_requests = seen.iter().filter(|s| s.path == "/shop/pixel.png").count();
    assert_eq!(ok_requests, 1, "a HEAD that answers is enough: {seen:?}");
}

#[tokio::test]
async fn links_the_rules_refuse_are_not_fetched() {
    let f = fixture(Scenario::Healthy, "media-links-refused").await;
    let server = LinkServer::start().await;
    let fetcher = server.fetcher();
    let plain = format!("http://{HOST}:{}/shop/pixel.png", server.address.port());
    let refused = check(&f, &fetcher, MediaKind::Image, &plain).await;
    assert!(refused.blocked);
    assert_eq!(refused.http_status, None);
    assert_eq!(rules(&refused.findings), vec![SendRule::LinkNotHttps]);
    let loopback = format!("https://{}/shop/pixel.png", server.address);
    let refused = check(&f, &fetcher, MediaKind::Image, &loopback).await;
    assert_eq!(rules(&refused.findings), vec![SendRule::LinkNotPublic]);
    assert_eq!(server.seen(), vec![], "nothing was fetched");
}

#[tokio::test]
async fn a_certificate_the_system_does_not_trust_is_unreachable_for_meta() {
    let f = fixture(Scenario::Healthy, "media-links-untrusted").await;
    let server = LinkServer::start().await;
    let untrusting = LinkFetcher::builder()
        .resolve(HOST, server.address)
        .build()
        .unwrap();
    let check = check(
        &f,
        &untrusting,
        MediaKind::Image,
        &server.url("/shop/pixel.png"),
    )
    .await;
    assert!(check.blocked);
    assert_eq!(check.http_status, None);
    assert_eq!(rules(&check.findings), vec![SendRule::LinkUnreachable]);
    assert!(
        check.findings[0]
            .message
            .to_lowercase()
            .contains("certificate"),
        "{}",
        check.findings[0].message
    );
}

#[tokio::test]
async fn a_link_that_never_answers_times_out_as_metas_fetcher_would() {
    let f = fixture(Scenario::Healthy, "media-links-slow").await;
    let server = LinkServer::start().await;
    let impatient = LinkFetcher::builder()
        .trust_root_certificate(server.ca.clone())
        .resolve(HOST, server.address)
        .timeout(std::time::Duration::from_millis(300))
        .build()
        .unwrap();
    let slow = check(&f, &impatient, MediaKind::Image, &server.url("/slow.png")).await;
    assert!(slow.blocked);
    assert_eq!(rules(&slow.findings), vec![SendRule::LinkUnreachable]);
    assert!(
        slow.findings[0].message.contains("did not answer"),
        "{}",
        slow.findings[0].message
    );
}
