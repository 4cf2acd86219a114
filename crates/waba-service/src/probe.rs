//! The probe of a public callback URL: the console does to the admin's endpoint what Meta does
//! before it saves a callback and while it delivers events (a TLS handshake with the system's
//! trusted roots, the verification GET, a wrong-token GET, a signed and a forged `messages`
//! POST), then hands each outcome to `waba_core::probe` for its verdict and words. Each report is
//! kept in the store, so the checklist can read the last one.
//!
//! Redirects are never followed (Meta does not follow them). The verify token and the app secret
//! never reach the report, a log line or an error: the URL with its query is never printed, and
//! any echo of the token in an answer is redacted.

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};
use time::format_description::well_known::Rfc3339;
use url::{Host, Url};
use waba_core::probe::{
    certificate_step, challenge_step, forged_post_step, https_step, parse_callback_url,
    redact_token, signed_post_step, skipped_step, verification_url, wrong_token_step,
    CertificateOutcome, CertificateProblem, HttpOutcome, ProbeReport, ProbeRequest, ProbeStep,
    ProbeStepId, META_TIMEOUT, NOT_RUN_UNREACHABLE,
};
use waba_core::webhook::sample::{status_body, SampleTarget, PROBE_EVENT_PREFIX};
use waba_core::webhook::{sign, SIGNATURE_HEADER};
use waba_core::{CommandError, ErrorCode, FieldError};
use waba_secrets::{secret, ExposeSecret, Secret};

use crate::errors;
use crate::Console;

/// The most of an answer's body the probe reads.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// How the probe calls: Meta's 10 s by default; tests shorten it and add their own CA.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// How long each call may take, handshake included.
    pub timeout: Duration,
    /// DER certificates trusted as roots besides the system's (a test CA).
    pub extra_root_certificates: Vec<Vec<u8>>,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        Self {
            timeout: META_TIMEOUT,
            extra_root_certificates: Vec::new(),
        }
    }
}

/// Ten random digits, the shape of Meta's `hub.challenge`.
fn random_challenge() -> String {
    let n = uuid::Uuid::new_v4().as_u128() % 9_000_000_000;
    (1_000_000_000 + n).to_string()
}

fn probe_error(message: String) -> CommandError {
    CommandError::new(ErrorCode::Internal, message)
}

/// The innermost cause of an error in words ("Connection refused", "invalid peer certificate:
/// UnknownIssuer"): never reqwest's own "for url (...)", which carries the query and with it
/// the verify token.
pub(crate) fn error_words(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut innermost: &dyn std::error::Error = &error;
    while let Some(cause) = innermost.source() {
        innermost = cause;
    }
    innermost.to_string()
}

/// Sends one request and reads the start of its answer, all within `timeout`.
async fn exchange(
    request: reqwest::RequestBuilder,
    timeout: Duration,
    verify_token: &Secret,
) -> HttpOutcome {
    let started = Instant::now();
    let answer = tokio::time::timeout(timeout, async {
        let mut response = request.send().await?;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let mut body = Vec::new();
        while body.len() < MAX_BODY_BYTES {
            match response.chunk().await? {
                Some(chunk) => body.extend_from_slice(&chunk),
                None => break,
            }
        }
        body.truncate(MAX_BODY_BYTES);
        Ok::<_, reqwest::Error>((status, location, body))
    })
    .await;
    match answer {
        Err(_) => HttpOutcome::TimedOut { after: timeout },
        Ok(Err(e)) if e.is_timeout() => HttpOutcome::TimedOut { after: timeout },
        Ok(Err(e)) => HttpOutcome::Unreachable {
            reason: redact_token(&error_words(e), verify_token),
        },
        Ok(Ok((status, location, body))) => {
            // Judged as received (a short token may occur inside the challenge); only what a
            // report may quote is redacted.
            let body = String::from_utf8_lossy(&body).into_owned();
            HttpOutcome::Answered {
                status,
                location: location.map(|l| redact_token(&l, verify_token)),
                shown_body: redact_token(&body, verify_token),
                body,
                elapsed: started.elapsed(),
            }
        }
    }
}

/// The platform's verifier (system roots plus the extra ones), noting the certificate the
/// server presented so a refusal can say whether it was self-signed.
#[derive(Debug)]
struct NotingVerifier {
    inner: rustls_platform_verifier::Verifier,
    presented: Mutex<Option<CertificateDer<'static>>>,
}

impl ServerCertVerifier for NotingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut presented) = self.presented.lock() {
            *presented = Some(end_entity.clone().into_owned());
        }
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Whether `certificate` is signed by its own key: trusted as its own root, its chain builds.
fn is_self_signed(
    certificate: &CertificateDer<'static>,
    server_name: &ServerName<'static>,
    provider: &Arc<CryptoProvider>,
) -> bool {
    let mut roots = rustls::RootCertStore::empty();
    if roots.add(certificate.clone()).is_err() {
        return false;
    }
    let Ok(verifier) = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .build() else {
        return false;
    };
    !matches!(
        verifier.verify_server_cert(certificate, &[], server_name, &[], UnixTime::now()),
        Err(rustls::Error::InvalidCertificate(
            CertificateError::UnknownIssuer | CertificateError::BadSignature
        ))
    )
}

fn certificate_problem(error: &CertificateError, self_signed: bool) -> CertificateProblem {
    match error {
        CertificateError::UnknownIssuer if self_signed => CertificateProblem::SelfSigned,
        CertificateError::UnknownIssuer => CertificateProblem::UnknownIssuer,
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            CertificateProblem::WrongHost
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            CertificateProblem::Expired
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            CertificateProblem::NotYetValid
        }
        CertificateError::Revoked => CertificateProblem::Revoked,
        _ => CertificateProblem::Other,
    }
}

/// The TLS handshake with the callback's host, checked as Meta checks it.
async fn handshake(url: &Url, options: &ProbeOptions) -> Result<CertificateOutcome, CommandError> {
    let (server_name, address): (ServerName<'static>, (String, u16)) = {
        let port = url.port_or_known_default().unwrap_or(443);
        match url.host() {
            Some(Host::Domain(domain)) => (
                ServerName::try_from(domain.to_owned()).map_err(|e| {
                    CommandError::invalid_fields(vec![FieldError::new(
                        "callbackUrl",
                        format!("The host \"{domain}\" is not a valid name for TLS ({e})."),
                    )])
                })?,
                (domain.to_owned(), port),
            ),
            Some(Host::Ipv4(ip)) => (IpAddr::V4(ip).into(), (ip.to_string(), port)),
            Some(Host::Ipv6(ip)) => (IpAddr::V6(ip).into(), (ip.to_string(), port)),
            None => return Err(probe_error("the callback URL has no host".into())),
        }
    };
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let extra = options
        .extra_root_certificates
        .iter()
        .map(|der| CertificateDer::from(der.clone()));
    let inner = rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider.clone())
        .map_err(|e| {
        probe_error(format!(
            "The system's certificate store could not be read: {e}."
        ))
    })?;
    let verifier = Arc::new(NotingVerifier {
        inner,
        presented: Mutex::new(None),
    });
    let config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| probe_error(format!("TLS could not be set up: {e}.")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let connected = tokio::time::timeout(options.timeout, async {
        let tcp = tokio::net::TcpStream::connect((address.0.as_str(), address.1))
            .await
            .map_err(|e| (e, false))?;
        connector
            .connect(server_name.clone(), tcp)
            .await
            .map_err(|e| (e, true))
    })
    .await;
    Ok(match connected {
        Err(_) => CertificateOutcome::TimedOut {
            after: options.timeout,
        },
        Ok(Ok(_)) => CertificateOutcome::Trusted,
        Ok(Err((e, false))) => CertificateOutcome::Unreachable {
            reason: e.to_string(),
        },
        Ok(Err((e, true))) => {
            let tls = e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>());
            match tls {
                Some(rustls::Error::InvalidCertificate(problem)) => {
                    let presented = verifier.presented.lock().ok().and_then(|p| p.clone());
                    let self_signed = presented
                        .is_some_and(|cert| is_self_signed(&cert, &server_name, &provider));
                    CertificateOutcome::Refused {
                        problem: certificate_problem(problem, self_signed),
                        reason: e.to_string(),
                    }
                }
                _ => CertificateOutcome::HandshakeFailed {
                    reason: e.to_string(),
                },
            }
        }
    })
}

fn http_client(options: &ProbeOptions) -> Result<reqwest::Client, CommandError> {
    let roots = options
        .extra_root_certificates
        .iter()
        .map(|der| reqwest::Certificate::from_der(der))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            probe_error(format!(
                "An extra root certificate is not DER: {}.",
                e.without_url()
            ))
        })?;
    reqwest::Client::builder()
        .user_agent(concat!(
            "waba-console/",
            env!("CARGO_PKG_VERSION"),
            " webhook-probe"
        ))
        // Meta does not follow redirects, so neither does the probe.
        .redirect(reqwest::redirect::Policy::none())
        .tls_certs_merge(roots)
        .build()
        .map_err(|e| {
            probe_error(format!(
                "The HTTP client could not be built: {}.",
                e.without_url()
            ))
        })
}

fn skip_rest(steps: &mut Vec<ProbeStep>, why: &str) {
    let done = steps.len();
    steps.extend(
        ProbeStepId::ALL[done..]
            .iter()
            .map(|&id| skipped_step(id, why)),
    );
}

impl Console {
    /// Probes the callback URL with Meta's 10-second timeout and the system's trusted roots;
    /// records the report for the profile.
    pub async fn probe_webhook(&self, request: &ProbeRequest) -> Result<ProbeReport, CommandError> {
        self.probe_webhook_with(request, &ProbeOptions::default())
            .await
    }

    /// [`Console::probe_webhook`] with its timeout and extra trusted roots set.
    pub async fn probe_webhook_with(
        &self,
        request: &ProbeRequest,
        options: &ProbeOptions,
    ) -> Result<ProbeReport, CommandError> {
        let profile = self.find_profile(&request.profile_id).await?;
        let url = parse_callback_url(&request.callback_url)?;
        let verify_token = &request.verify_token;
        if verify_token.expose_secret().is_empty() {
            return Err(CommandError::invalid_fields(vec![FieldError::new(
                "verifyToken",
                "The verify token is empty. Give the one the endpoint expects (the string it compares hub.verify_token with).",
            )]));
        }
        let app_secret = self.stored_app_secret(&profile.id).await?;
        let client = http_client(options)?;
        let timeout = options.timeout;

        let mut steps = vec![https_step(&url)];
        if url.scheme() == "https" {
            let outcome = handshake(&url, options).await?;
            let host = url.host_str().unwrap_or_default().to_owned();
            steps.push(certificate_step(&host, &outcome));
            match outcome {
                // A connection failure is the challenge step's to report.
                CertificateOutcome::Trusted | CertificateOutcome::Unreachable { .. } => {}
                CertificateOutcome::TimedOut { .. } => skip_rest(
                    &mut steps,
                    "Not run: the TLS handshake did not finish in time.",
                ),
                CertificateOutcome::HandshakeFailed { .. } => skip_rest(
                    &mut steps,
                    "Not run: no TLS connection could be made; fix the HTTPS setup first.",
                ),
                CertificateOutcome::Refused { .. } => skip_rest(
                    &mut steps,
                    "Not run: Meta does not call an endpoint whose certificate it does not trust; fix the certificate first.",
                ),
            }
        } else {
            steps.push(skipped_step(
                ProbeStepId::Certificate,
                "Not run: a plain http:// URL has no certificate to check.",
            ));
        }

        if steps.len() < ProbeStepId::ALL.len() {
            let challenge = random_challenge();
            let outcome = exchange(
                client.get(verification_url(&url, verify_token, &challenge)),
                timeout,
                verify_token,
            )
            .await;
            steps.push(challenge_step(&outcome, &challenge));
            if let HttpOutcome::Unreachable { .. } = outcome {
                skip_rest(&mut steps, NOT_RUN_UNREACHABLE);
            }
        }

        if steps.len() < ProbeStepId::ALL.len() {
            let challenge = random_challenge();
            let wrong_token = secret(format!("not-the-token-{}", uuid::Uuid::new_v4().simple()));
            let outcome = exchange(
                client.get(verification_url(&url, &wrong_token, &challenge)),
                timeout,
                verify_token,
            )
            .await;
            steps.push(wrong_token_step(&outcome, &challenge));
        }

        if steps.len() < ProbeStepId::ALL.len() {
            match &app_secret {
                None => skip_rest(
                    &mut steps,
                    "Not run: store the app secret first (App Dashboard > App settings > Basic; waba app-secret set), so the probe can sign events as Meta does.",
                ),
                Some(app_secret) => {
                    // A status rather than a customer message: Meta's most frequent
                    // delivery, and one no bot answers.
                    let display = self.metadata_display_number(&profile).await;
                    let body = status_body(
                        SampleTarget {
                            waba_id: &profile.waba_id,
                            phone_number_id: &profile.phone_number_id,
                            display_phone_number: display.as_deref(),
                        },
                        &format!("{PROBE_EVENT_PREFIX}{}", uuid::Uuid::new_v4().simple()),
                        time::OffsetDateTime::now_utc().unix_timestamp(),
                    );
                    let post = |signature: String| {
                        client
                            .post(url.clone())
                            .header(reqwest::header::CONTENT_TYPE, "application/json")
                            .header(SIGNATURE_HEADER, signature)
                            .body(body.clone())
                    };
                    let signed = exchange(post(sign(app_secret, &body)), timeout, verify_token).await;
                    steps.push(signed_post_step(&signed));
                    let forged_key = secret(format!("forged-{}", uuid::Uuid::new_v4().simple()));
                    let forged = exchange(post(sign(&forged_key, &body)), timeout, verify_token).await;
                    steps.push(forged_post_step(&forged));
                }
            }
        }

        let checked_at = time::OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .map_err(|e| probe_error(e.to_string()))?;
        let report = ProbeReport::new(&url, checked_at, steps);
        self.store
            .record_probe(&profile.id, &report)
            .await
            .map_err(errors::store)?;
        tracing::info!(
            profile = %profile.id,
            url = %report.callback_url,
            passed = report.passed,
            "webhook probe"
        );
        Ok(report)
    }

    /// The newest probe report of the profile, if one ever ran.
    pub async fn last_probe(&self, profile_id: &str) -> Result<Option<ProbeReport>, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        self.store
            .last_probe(&profile.id)
            .await
            .map_err(errors::store)
    }
}
