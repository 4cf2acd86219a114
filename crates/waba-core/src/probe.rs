//! The webhook probe: before the admin saves a callback URL at Meta, the console calls it the way
//! Meta does (facts §12.1, §12.2) and explains each result in plain words, like the seed's
//! "Webhook Not Verifying" list (corrected: Meta needs 200 with the raw challenge within 10 s, a
//! certificate from a trusted CA, and a signed POST answered 2xx).
//!
//! This module is the contract (the request, the report and its steps, sent over IPC) and every
//! verdict, pure: the service sends the requests and hands what came back (an answer, a timeout,
//! a refused certificate) to the `*_step` functions here, so each wording is unit-tested without a
//! network. The steps, in order:
//!
//! | id | what is checked |
//! |---|---|
//! | `https` | the URL is `https://` (Meta calls nothing else) |
//! | `certificate` | the certificate chains to a trusted CA and matches the host (self-signed fails) |
//! | `challenge` | `GET ?hub.mode=subscribe&hub.verify_token=T&hub.challenge=<digits>` answers 200 with exactly the challenge within 10 s |
//! | `wrongToken` | the same GET with a wrong verify token is refused |
//! | `signedPost` | a `messages` event signed with the app secret is answered 2xx within 10 s |
//! | `forgedPost` | the same body with a bad signature is refused |
//!
//! Redirects are never followed: Meta does not follow them either.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use crate::error::{CommandError, FieldError};
use crate::secret::{ExposeSecret, Secret};

/// How long Meta waits for an answer to the verification GET and to each event POST.
pub const META_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest part of an answer's body quoted in a step's detail.
const BODY_EXCERPT_CHARS: usize = 200;

/// "Probe this callback URL": what the window and `waba webhook probe` send. Deserialize only:
/// the verify token is the secret type, so this request can be neither serialized nor
/// debug-printed with its value.
#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProbeRequest {
    pub profile_id: String,
    /// The URL Meta is to call, as typed.
    pub callback_url: String,
    /// The verify token the endpoint expects in `hub.verify_token`.
    #[ts(type = "string")]
    pub verify_token: Secret,
}

impl fmt::Debug for ProbeRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProbeRequest")
            .field("profile_id", &self.profile_id)
            .field("callback_url", &self.callback_url)
            .field("verify_token", &"[redacted]")
            .finish()
    }
}

/// Which check a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ProbeStepId {
    Https,
    Certificate,
    Challenge,
    WrongToken,
    SignedPost,
    ForgedPost,
}

impl ProbeStepId {
    /// Every step, in the order the probe runs them.
    pub const ALL: [ProbeStepId; 6] = [
        ProbeStepId::Https,
        ProbeStepId::Certificate,
        ProbeStepId::Challenge,
        ProbeStepId::WrongToken,
        ProbeStepId::SignedPost,
        ProbeStepId::ForgedPost,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ProbeStepId::Https => "HTTPS",
            ProbeStepId::Certificate => "Certificate",
            ProbeStepId::Challenge => "Verification challenge",
            ProbeStepId::WrongToken => "Wrong verify token refused",
            ProbeStepId::SignedPost => "Signed event accepted",
            ProbeStepId::ForgedPost => "Forged event refused",
        }
    }
}

/// A step's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ProbeState {
    Pass,
    /// Meta would accept it, but something is wrong (an endpoint that takes forged events).
    Warn,
    Fail,
    /// The step could not run; `summary` says why.
    Skipped,
}

/// One check of the probe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProbeStep {
    pub id: ProbeStepId,
    pub title: String,
    pub state: ProbeState,
    /// What happened, in plain words.
    pub summary: String,
    /// The evidence: status code, body excerpt, elapsed time, certificate error.
    pub detail: Option<String>,
    /// What to change, when the step did not pass.
    pub fix: Option<String>,
}

/// What the probe found. Never holds the verify token or the app secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProbeReport {
    /// The URL probed, without the probe's query parameters.
    pub callback_url: String,
    /// RFC 3339.
    pub checked_at: String,
    /// Every step passed or only warned: Meta would verify this endpoint and deliver to it.
    pub passed: bool,
    pub steps: Vec<ProbeStep>,
    pub summary: String,
}

impl ProbeReport {
    /// The report of `steps`, `passed` when none failed or was skipped.
    pub fn new(callback_url: &Url, checked_at: String, steps: Vec<ProbeStep>) -> Self {
        let passed = steps
            .iter()
            .all(|s| matches!(s.state, ProbeState::Pass | ProbeState::Warn));
        let titles = |state: ProbeState| {
            steps
                .iter()
                .filter(|s| s.state == state)
                .map(|s| s.title.as_str())
                .collect::<Vec<_>>()
        };
        let (failed, skipped, warned) = (
            titles(ProbeState::Fail),
            titles(ProbeState::Skipped),
            titles(ProbeState::Warn),
        );
        let summary = if passed && warned.is_empty() {
            "Every check passed: Meta can verify this endpoint and deliver signed events to it."
                .to_owned()
        } else if passed {
            format!(
                "Meta can verify this endpoint and deliver events to it, but look at: {}.",
                warned.join(", ")
            )
        } else {
            let mut parts = Vec::new();
            if !failed.is_empty() {
                parts.push(format!("failed: {}", failed.join(", ")));
            }
            if !skipped.is_empty() {
                parts.push(format!("not run: {}", skipped.join(", ")));
            }
            let first_failure = steps
                .iter()
                .find(|s| s.state == ProbeState::Fail)
                .map(|s| format!(" Fix {} first: the later checks depend on it.", s.title))
                .unwrap_or_default();
            format!(
                "Meta would not accept this endpoint yet ({}).{first_failure}",
                parts.join("; ")
            )
        };
        Self {
            callback_url: without_query_secrets(callback_url),
            checked_at,
            passed,
            steps,
            summary,
        }
    }
}

/// The URL as shown in a report: the admin's own query kept, any `hub.*` parameter dropped.
fn without_query_secrets(url: &Url) -> String {
    let mut shown = url.clone();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("hub."))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        shown.set_query(None);
    } else {
        shown.query_pairs_mut().clear().extend_pairs(kept);
    }
    shown.to_string()
}

/// What one HTTP exchange of the probe came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpOutcome {
    /// An answer arrived in time. `body` is the start of it, decoded lossily: what the steps
    /// judge; `shown_body` is the same with the verify token redacted: what a report may quote.
    Answered {
        status: u16,
        /// The `Location` header of a redirect (redacted like `shown_body`).
        location: Option<String>,
        body: String,
        shown_body: String,
        elapsed: Duration,
    },
    /// No complete answer within the timeout.
    TimedOut { after: Duration },
    /// No connection, or it broke: the reason in words (never the URL with its query).
    Unreachable { reason: String },
}

/// What the TLS handshake came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertificateOutcome {
    Trusted,
    Refused {
        problem: CertificateProblem,
        /// The TLS library's own words.
        reason: String,
    },
    TimedOut {
        after: Duration,
    },
    /// The handshake failed for a reason other than the certificate (plain HTTP on the port,
    /// no common TLS version).
    HandshakeFailed {
        reason: String,
    },
    /// No TCP connection: the certificate step is skipped, the challenge step says why.
    Unreachable {
        reason: String,
    },
}

/// Why a certificate is not trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateProblem {
    /// Signed by itself, not by a certificate authority.
    SelfSigned,
    /// Signed by an authority that is not trusted (a private CA, a missing intermediate).
    UnknownIssuer,
    /// Issued for another host name.
    WrongHost,
    Expired,
    NotYetValid,
    Revoked,
    Other,
}

/// The callback URL as typed, checked: `http://` or `https://` with a host. (Plain `http` is
/// accepted here so the probe can say why Meta refuses it, and can test a local server.)
pub fn parse_callback_url(input: &str) -> Result<Url, CommandError> {
    let refuse = |message: String| {
        CommandError::invalid_fields(vec![FieldError::new("callbackUrl", message)])
    };
    let input = input.trim();
    let mut url = Url::parse(input).map_err(|e| {
        refuse(format!(
            "\"{input}\" is not a URL ({e}). Give the full address Meta is to call, for example https://example.com/webhook."
        ))
    })?;
    if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
        return Err(refuse(format!(
            "\"{input}\" is not a web address Meta can call. Give an https:// URL with a host, for example https://example.com/webhook."
        )));
    }
    url.set_fragment(None);
    Ok(url)
}

/// Meta's verification GET for `url`: its own query kept, then `hub.mode=subscribe`,
/// `hub.challenge` and `hub.verify_token` appended.
pub fn verification_url(url: &Url, verify_token: &Secret, challenge: &str) -> Url {
    let mut with_query = url.clone();
    with_query
        .query_pairs_mut()
        .append_pair("hub.mode", "subscribe")
        .append_pair("hub.challenge", challenge)
        .append_pair("hub.verify_token", verify_token.expose_secret());
    with_query
}

fn step(
    id: ProbeStepId,
    state: ProbeState,
    summary: impl Into<String>,
    detail: Option<String>,
    fix: Option<&str>,
) -> ProbeStep {
    ProbeStep {
        id,
        title: id.title().to_owned(),
        state,
        summary: summary.into(),
        detail,
        fix: fix.map(str::to_owned),
    }
}

/// A step that could not run, and why.
pub fn skipped_step(id: ProbeStepId, why: impl Into<String>) -> ProbeStep {
    step(id, ProbeState::Skipped, why, None, None)
}

/// "10 s", "300 ms".
fn duration_words(d: Duration) -> String {
    let ms = d.as_millis();
    if ms >= 1000 && ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

fn excerpt(body: &str) -> String {
    let mut cut: String = body.chars().take(BODY_EXCERPT_CHARS).collect();
    if cut.len() < body.len() {
        cut.push('…');
    }
    format!("{cut:?}")
}

fn answer_detail(status: u16, location: Option<&str>, body: &str, elapsed: Duration) -> String {
    let mut detail = format!("HTTP {status} in {} ms", elapsed.as_millis());
    if let Some(location) = location {
        // A redirect often repeats the query, and with it the verify token: the path only.
        let (path, query) = location.split_once('?').unwrap_or((location, ""));
        let more = if query.is_empty() { "" } else { "?…" };
        detail.push_str(&format!(", Location: {path}{more}"));
    }
    if body.is_empty() {
        detail.push_str(", empty body");
    } else {
        detail.push_str(&format!(", body {}", excerpt(body)));
    }
    detail
}

const REDIRECT_FIX: &str = "Give Meta the final URL (the one in Location) so it is answered directly, without a redirect: Meta does not follow redirects.";
const UNREACHABLE_FIX: &str = "Check the host name and port, that the server is running and reachable from the Internet (for a port on this machine, a tunnel such as cloudflared or ngrok), and that no firewall blocks it.";

/// `text` (an answer's body or header, which an endpoint may fill with the request's query) with
/// the verify token, as sent and as percent-encoded in the query, replaced by `[verify token]`.
pub fn redact_token(text: &str, verify_token: &Secret) -> String {
    let token = verify_token.expose_secret();
    if token.is_empty() {
        return text.to_owned();
    }
    let encoded: String = url::form_urlencoded::byte_serialize(token.as_bytes()).collect();
    let percent: String = url::form_urlencoded::byte_serialize(token.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let mut redacted = text.to_owned();
    for form in [token, encoded.as_str(), percent.as_str()] {
        redacted = redacted.replace(form, "[verify token]");
    }
    redacted
}

/// Why the steps after an unreachable server did not run (the step that met it says why).
pub const NOT_RUN_UNREACHABLE: &str = "Not run: the server could not be reached.";

/// `https`: Meta calls only https:// URLs.
pub fn https_step(url: &Url) -> ProbeStep {
    if url.scheme() == "https" {
        step(
            ProbeStepId::Https,
            ProbeState::Pass,
            "The URL is https://, as Meta requires.",
            None,
            None,
        )
    } else {
        step(
            ProbeStepId::Https,
            ProbeState::Fail,
            "The URL is plain http://: Meta only calls https:// callback URLs.",
            Some(format!("scheme {}", url.scheme())),
            Some("Serve the endpoint over HTTPS with a certificate from a trusted CA (for example Let's Encrypt), or put it behind a tunnel (cloudflared, ngrok) and give Meta the tunnel's https:// URL."),
        )
    }
}

/// `certificate`: the TLS handshake as Meta would do it.
pub fn certificate_step(host: &str, outcome: &CertificateOutcome) -> ProbeStep {
    let id = ProbeStepId::Certificate;
    match outcome {
        CertificateOutcome::Trusted => step(
            id,
            ProbeState::Pass,
            format!("The certificate chains to a trusted certificate authority and is valid for {host}."),
            None,
            None,
        ),
        CertificateOutcome::Refused { problem, reason } => {
            let (summary, fix) = match problem {
                CertificateProblem::SelfSigned => (
                    format!("The certificate of {host} is self-signed: Meta rejects self-signed certificates."),
                    "Use a certificate from a trusted CA (Let's Encrypt is free), or a tunnel (cloudflared, ngrok) that serves one.",
                ),
                CertificateProblem::UnknownIssuer => (
                    format!("The certificate of {host} is not signed by a trusted certificate authority (a private CA, or an intermediate certificate the server does not send)."),
                    "Serve the full chain (the certificate and its intermediates, e.g. fullchain.pem) from a trusted CA.",
                ),
                CertificateProblem::WrongHost => (
                    format!("The certificate is not issued for {host}: its names do not include this host."),
                    "Use a certificate whose names (subject alternative names) include the host of the callback URL, or use the host the certificate is for.",
                ),
                CertificateProblem::Expired => (
                    format!("The certificate of {host} has expired."),
                    "Renew the certificate (and set up automatic renewal).",
                ),
                CertificateProblem::NotYetValid => (
                    format!("The certificate of {host} is not valid yet (or this machine's clock is wrong)."),
                    "Check the certificate's start date and the server's and this machine's clocks.",
                ),
                CertificateProblem::Revoked => (
                    format!("The certificate of {host} has been revoked."),
                    "Get a new certificate from your certificate authority.",
                ),
                CertificateProblem::Other => (
                    format!("The certificate of {host} is not trusted."),
                    "Use a valid certificate from a trusted CA that matches the host.",
                ),
            };
            step(id, ProbeState::Fail, summary, Some(reason.clone()), Some(fix))
        }
        CertificateOutcome::TimedOut { after } => step(
            id,
            ProbeState::Fail,
            format!("The TLS handshake with {host} did not finish within {}.", duration_words(*after)),
            None,
            Some(UNREACHABLE_FIX),
        ),
        CertificateOutcome::HandshakeFailed { reason } => step(
            id,
            ProbeState::Fail,
            format!("The TLS handshake with {host} failed, before any certificate was checked."),
            Some(reason.clone()),
            Some("Check that this port serves HTTPS (TLS 1.2 or 1.3), not plain HTTP."),
        ),
        // Not a certificate problem: the challenge step says it, as a connection failure.
        CertificateOutcome::Unreachable { reason } => skipped_step(
            id,
            format!("Not run: could not connect to {host} ({reason})."),
        ),
    }
}

/// Whether `body` is `challenge` wrapped in JSON: a quoted string, or an object or array holding
/// it as a string or number.
fn json_wrapped(body: &str, challenge: &str) -> bool {
    fn holds(value: &serde_json::Value, challenge: &str) -> bool {
        match value {
            serde_json::Value::String(s) => s == challenge,
            serde_json::Value::Number(n) => n.to_string() == challenge,
            serde_json::Value::Array(items) => items.iter().any(|v| holds(v, challenge)),
            serde_json::Value::Object(map) => map.values().any(|v| holds(v, challenge)),
            _ => false,
        }
    }
    match serde_json::from_str::<serde_json::Value>(body.trim()) {
        // A bare number is the raw challenge itself, not a wrapping.
        Ok(serde_json::Value::Number(_)) | Err(_) => false,
        Ok(value) => holds(&value, challenge),
    }
}

/// What an endpoint answered, as a step judges it: the status, the body as received, the time it
/// took, and the detail the step may quote (the verify token redacted).
struct Answer<'a> {
    status: u16,
    body: &'a str,
    elapsed: Duration,
    detail: String,
}

/// The answer in `outcome`, or the failed step `id` when there was none in time (`timed_out`
/// says it, with `timeout_fix`) or no connection (`unreachable` and the reason).
fn answer_of<'a>(
    outcome: &'a HttpOutcome,
    id: ProbeStepId,
    timed_out: impl FnOnce(Duration) -> String,
    timeout_fix: &'static str,
    unreachable: &str,
) -> Result<Answer<'a>, ProbeStep> {
    match outcome {
        HttpOutcome::TimedOut { after } => Err(step(
            id,
            ProbeState::Fail,
            timed_out(*after),
            None,
            Some(timeout_fix),
        )),
        HttpOutcome::Unreachable { reason } => Err(step(
            id,
            ProbeState::Fail,
            format!("{unreachable}: {reason}."),
            None,
            Some(UNREACHABLE_FIX),
        )),
        HttpOutcome::Answered {
            status,
            location,
            body,
            shown_body,
            elapsed,
        } => Ok(Answer {
            status: *status,
            body,
            elapsed: *elapsed,
            detail: answer_detail(*status, location.as_deref(), shown_body, *elapsed),
        }),
    }
}

/// `challenge`: Meta's verification GET with the right verify token.
pub fn challenge_step(outcome: &HttpOutcome, challenge: &str) -> ProbeStep {
    let id = ProbeStepId::Challenge;
    let Answer {
        status,
        body,
        elapsed,
        detail,
    } = match answer_of(
        outcome,
        id,
        |after| format!("No answer within {}: Meta gives up on the verification GET after 10 seconds.", duration_words(after)),
        "Answer the verification GET at once. A server that is asleep (a cold start), busy, or behind a tunnel that is down fails Meta's check.",
        "Could not connect",
    ) {
        Ok(answer) => answer,
        Err(failed) => return failed,
    };
    let detail = Some(detail);
    let raw_fix = "When hub.mode is \"subscribe\" and hub.verify_token matches, answer 200 with the hub.challenge value alone as the body (plain text, no JSON, no quotes, no newline).";
    let (state, summary, fix) = match status {
        200 if body == challenge => (
            ProbeState::Pass,
            format!(
                "Answered 200 with the raw challenge in {} ms.",
                elapsed.as_millis()
            ),
            None,
        ),
        200 if body.trim() == challenge => (
            ProbeState::Warn,
            "Answered 200 with the challenge, but with spaces or a line break around it; Meta compares the body with the challenge.".to_owned(),
            Some(raw_fix),
        ),
        200 if json_wrapped(body, challenge) => (
            ProbeState::Fail,
            "Answered 200, but with the challenge wrapped in JSON: Meta wants the raw hub.challenge value only, so the verification fails.".to_owned(),
            Some("Return the value itself, not JSON: for example res.status(200).send(req.query['hub.challenge']) in Express instead of res.json(...), or return request.args['hub.challenge'], 200 in Flask."),
        ),
        200 if body.contains(challenge) => (
            ProbeState::Fail,
            "Answered 200 with the challenge inside other text: the body must be the challenge and nothing else.".to_owned(),
            Some(raw_fix),
        ),
        200 => (
            ProbeState::Fail,
            "Answered 200 without the challenge: Meta counts that as a failed verification.".to_owned(),
            Some(raw_fix),
        ),
        300..=399 => (
            ProbeState::Fail,
            format!("Answered {status} with a redirect: Meta does not follow redirects."),
            Some(REDIRECT_FIX),
        ),
        401 | 403 => (
            ProbeState::Fail,
            format!("Refused the verify token (HTTP {status}): the token given here is not the one the endpoint expects. It must match exactly (case-sensitive)."),
            Some("Use the same verify token in the endpoint's configuration, here, and where the callback is set (App Dashboard > WhatsApp > Configuration, or the override)."),
        ),
        404 | 405 => (
            ProbeState::Fail,
            format!("HTTP {status}: nothing answers a GET at this URL."),
            Some("Check the path (for example /webhook) and that the endpoint answers GET (verification) as well as POST (events)."),
        ),
        500..=599 => (
            ProbeState::Fail,
            format!("The endpoint failed with HTTP {status}."),
            Some("Look at the endpoint's logs for the verification GET; it must answer 200 with the challenge."),
        ),
        _ => (
            ProbeState::Fail,
            format!("Answered HTTP {status} instead of 200 with the challenge."),
            Some(raw_fix),
        ),
    };
    step(id, state, summary, detail, fix)
}

/// `wrongToken`: the verification GET with a verify token that is not the admin's.
pub fn wrong_token_step(outcome: &HttpOutcome, challenge: &str) -> ProbeStep {
    let id = ProbeStepId::WrongToken;
    match outcome {
        HttpOutcome::Answered {
            status,
            location,
            body,
            shown_body,
            elapsed,
        } => {
            let detail = Some(answer_detail(
                *status,
                location.as_deref(),
                shown_body,
                *elapsed,
            ));
            if (200..300).contains(status) && body.contains(challenge) {
                step(
                    id,
                    ProbeState::Fail,
                    "Answered the challenge for a wrong verify token: the endpoint does not check hub.verify_token, so anyone can point Meta's subscription at it.",
                    detail,
                    Some("Compare hub.verify_token with your verify token and answer 403 when it differs."),
                )
            } else {
                step(
                    id,
                    ProbeState::Pass,
                    format!("Refused a wrong verify token (HTTP {status}, no challenge in the answer)."),
                    detail,
                    None,
                )
            }
        }
        HttpOutcome::TimedOut { after } => step(
            id,
            ProbeState::Warn,
            format!(
                "No answer within {} to a wrong verify token. Meta counts that as a refusal, but a prompt 403 is clearer.",
                duration_words(*after)
            ),
            None,
            Some("Answer 403 at once when hub.verify_token is wrong."),
        ),
        HttpOutcome::Unreachable { reason } => step(
            id,
            ProbeState::Fail,
            format!("Could not connect for the second GET: {reason}."),
            None,
            Some(UNREACHABLE_FIX),
        ),
    }
}

/// `signedPost`: an event signed with the app secret, as Meta sends it.
pub fn signed_post_step(outcome: &HttpOutcome) -> ProbeStep {
    let id = ProbeStepId::SignedPost;
    let Answer {
        status,
        elapsed,
        detail,
        ..
    } = match answer_of(
        outcome,
        id,
        |after| {
            format!("No answer within {} to a signed event: Meta counts it as failed and sends it again, so slow endpoints get duplicates and, after the retries, lose events.", duration_words(after))
        },
        "Store the event and answer 200 at once; do the slow work after the answer.",
        "Could not connect to post the event",
    ) {
        Ok(answer) => answer,
        Err(failed) => return failed,
    };
    let detail = Some(detail);
    let (state, summary, fix) = match status {
        200..=299 => (
            ProbeState::Pass,
            format!(
                "Accepted a signed messages event (HTTP {status}) in {} ms.",
                elapsed.as_millis()
            ),
            None,
        ),
        300..=399 => (
            ProbeState::Fail,
            format!("Answered {status} with a redirect: Meta does not follow redirects, so the event is lost."),
            Some(REDIRECT_FIX),
        ),
        401 | 403 => (
            ProbeState::Fail,
            format!("Refused an event correctly signed with this profile's app secret (HTTP {status})."),
            Some("Check X-Hub-Signature-256 with this app's secret (App Dashboard > App settings > Basic) over the raw request bytes, not over re-serialized JSON."),
        ),
        415 => (
            ProbeState::Fail,
            "Refused the content type application/json (HTTP 415), which is how Meta posts events.".to_owned(),
            Some("Accept POSTs with Content-Type: application/json."),
        ),
        _ => (
            ProbeState::Fail,
            format!("Answered HTTP {status} to a signed event: Meta retries non-2xx answers and drops the event when the retries run out."),
            Some("Answer 2xx to every POST whose signature is valid (log and handle unknown events instead of refusing them)."),
        ),
    };
    step(id, state, summary, detail, fix)
}

/// `forgedPost`: the same body with a signature that is not the app secret's.
pub fn forged_post_step(outcome: &HttpOutcome) -> ProbeStep {
    let id = ProbeStepId::ForgedPost;
    let fix = "Check X-Hub-Signature-256 on every POST: the HMAC-SHA256 of the raw body keyed with the app secret, compared in constant time; answer 401 when it is missing or does not match.";
    match outcome {
        HttpOutcome::Answered {
            status,
            location,
            shown_body,
            elapsed,
            ..
        } => {
            let detail = Some(answer_detail(
                *status,
                location.as_deref(),
                shown_body,
                *elapsed,
            ));
            if (200..300).contains(status) {
                step(
                    id,
                    ProbeState::Warn,
                    format!("Accepted an event with a bad signature (HTTP {status}): anyone who knows this URL can forge events to it."),
                    detail,
                    Some(fix),
                )
            } else {
                step(
                    id,
                    ProbeState::Pass,
                    format!("Refused an event with a bad signature (HTTP {status})."),
                    detail,
                    None,
                )
            }
        }
        HttpOutcome::TimedOut { after } => step(
            id,
            ProbeState::Warn,
            format!(
                "No answer within {} to an event with a bad signature, so whether the endpoint checks signatures is unknown.",
                duration_words(*after)
            ),
            None,
            Some(fix),
        ),
        HttpOutcome::Unreachable { reason } => step(
            id,
            ProbeState::Warn,
            format!("Could not connect to post the forged event: {reason}."),
            None,
            Some(UNREACHABLE_FIX),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::secret;

    fn answered(status: u16, body: &str) -> HttpOutcome {
        HttpOutcome::Answered {
            status,
            location: None,
            body: body.to_owned(),
            shown_body: body.to_owned(),
            elapsed: Duration::from_millis(12),
        }
    }

    #[test]
    fn request_deserializes_and_debug_redacts_the_token() {
        let request: ProbeRequest = serde_json::from_str(
            r#"{"profileId":"p1","callbackUrl":"https://example.com/webhook","verifyToken":"vt-canary-31"}"#,
        )
        .unwrap();
        assert_eq!(request.verify_token.expose_secret(), "vt-canary-31");
        let debug = format!("{request:?}");
        assert!(!debug.contains("vt-canary-31"), "{debug}");
        assert!(debug.contains("[redacted]"));
    }

    static_assertions::assert_not_impl_any!(ProbeRequest: Serialize, Clone);

    #[test]
    fn the_verification_url_keeps_the_query_and_the_report_drops_the_token() {
        let url = parse_callback_url(" https://example.com/hook?tenant=7#frag ").unwrap();
        let get = verification_url(&url, &secret("a b&c".into()), "1158201444");
        assert_eq!(
            get.as_str(),
            "https://example.com/hook?tenant=7&hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=a+b%26c"
        );
        let report = ProbeReport::new(&get, "now".into(), vec![]);
        assert_eq!(report.callback_url, "https://example.com/hook?tenant=7");
        let bare = parse_callback_url("https://example.com/hook").unwrap();
        let report = ProbeReport::new(
            &verification_url(&bare, &secret("t".into()), "1"),
            "now".into(),
            vec![],
        );
        assert_eq!(report.callback_url, "https://example.com/hook");
    }

    #[test]
    fn only_web_urls_are_probed() {
        for bad in [
            "",
            "example.com/webhook",
            "ftp://example.com/x",
            "mailto:a@b.c",
        ] {
            let e = parse_callback_url(bad).unwrap_err();
            assert_eq!(e.code, crate::ErrorCode::InvalidInput, "{bad}");
        }
        assert!(parse_callback_url("http://127.0.0.1:8080/webhook").is_ok());
    }

    #[test]
    fn plain_http_fails_https() {
        let url = parse_callback_url("http://example.com/webhook").unwrap();
        assert_eq!(https_step(&url).state, ProbeState::Fail);
        let url = parse_callback_url("https://example.com/webhook").unwrap();
        assert_eq!(https_step(&url).state, ProbeState::Pass);
    }

    #[test]
    fn the_raw_challenge_passes_and_each_wrong_answer_is_named() {
        let c = "1158201444";
        assert_eq!(challenge_step(&answered(200, c), c).state, ProbeState::Pass);
        let newline = challenge_step(&answered(200, "1158201444\n"), c);
        assert_eq!(newline.state, ProbeState::Warn);
        for wrapped in [
            r#"{"hub.challenge":"1158201444"}"#,
            r#""1158201444""#,
            r#"{"challenge":1158201444}"#,
            r#"["1158201444"]"#,
        ] {
            let s = challenge_step(&answered(200, wrapped), c);
            assert_eq!(s.state, ProbeState::Fail, "{wrapped}");
            assert!(s.summary.contains("wrapped in JSON"), "{}", s.summary);
            assert!(s.detail.unwrap().contains("HTTP 200"));
        }
        let other = challenge_step(&answered(200, "ok 1158201444"), c);
        assert!(
            other.summary.contains("inside other text"),
            "{}",
            other.summary
        );
        let none = challenge_step(&answered(200, "EVENT_RECEIVED"), c);
        assert!(none.summary.contains("without the challenge"));
        let refused = challenge_step(&answered(403, "Forbidden"), c);
        assert!(refused.summary.contains("Refused the verify token"));
        assert!(refused.detail.unwrap().starts_with("HTTP 403"));
        let slow = challenge_step(
            &HttpOutcome::TimedOut {
                after: META_TIMEOUT,
            },
            c,
        );
        assert_eq!(slow.state, ProbeState::Fail);
        assert!(slow.summary.contains("within 10 s"), "{}", slow.summary);
        let redirect = challenge_step(
            &HttpOutcome::Answered {
                status: 301,
                location: Some("https://example.com/webhook/".into()),
                body: String::new(),
                shown_body: String::new(),
                elapsed: Duration::from_millis(3),
            },
            c,
        );
        assert!(redirect.summary.contains("does not follow redirects"));
        assert!(redirect
            .detail
            .unwrap()
            .contains("Location: https://example.com/webhook/"));
    }

    #[test]
    fn the_token_is_redacted_from_echoed_answers() {
        let token = secret("s3cret tok&en".into());
        let echoed =
            "GET /webhook?hub.verify_token=s3cret+tok%26en and s3cret tok&en and s3cret%20tok%26en";
        let redacted = redact_token(echoed, &token);
        assert!(!redacted.contains("s3cret"), "{redacted}");
        assert_eq!(redacted.matches("[verify token]").count(), 3);
        let redirect = challenge_step(
            &HttpOutcome::Answered {
                status: 308,
                location: Some("/webhook/?hub.verify_token=x".into()),
                body: String::new(),
                shown_body: String::new(),
                elapsed: Duration::from_millis(1),
            },
            "1",
        );
        let detail = redirect.detail.unwrap();
        assert!(
            detail.contains("Location: /webhook/?…") && !detail.contains("hub."),
            "{detail}"
        );
    }

    #[test]
    fn steps_judge_the_body_as_received_and_quote_it_redacted() {
        // A verify token of "1" redacted inside the challenge must not fail a correct endpoint.
        let outcome = HttpOutcome::Answered {
            status: 200,
            location: None,
            body: "1158201444".into(),
            shown_body: "[verify token]158201444".into(),
            elapsed: Duration::from_millis(4),
        };
        let judged = challenge_step(&outcome, "1158201444");
        assert_eq!(judged.state, ProbeState::Pass, "{}", judged.summary);
        assert!(judged.detail.unwrap().contains("[verify token]158201444"));
        assert_eq!(
            wrong_token_step(&outcome, "1158201444").state,
            ProbeState::Fail
        );
    }

    #[test]
    fn a_long_body_is_cut_in_the_detail() {
        let body = "x".repeat(5000);
        let detail = challenge_step(&answered(500, &body), "1").detail.unwrap();
        assert!(detail.len() < 300, "{detail}");
        assert!(detail.contains('…'));
    }

    #[test]
    fn an_echo_for_a_wrong_token_fails() {
        let c = "2222";
        assert_eq!(
            wrong_token_step(&answered(200, c), c).state,
            ProbeState::Fail
        );
        assert_eq!(
            wrong_token_step(&answered(403, ""), c).state,
            ProbeState::Pass
        );
        assert_eq!(
            wrong_token_step(&answered(200, "no"), c).state,
            ProbeState::Pass
        );
    }

    #[test]
    fn posts_are_judged_by_status() {
        assert_eq!(signed_post_step(&answered(200, "")).state, ProbeState::Pass);
        assert_eq!(signed_post_step(&answered(204, "")).state, ProbeState::Pass);
        assert_eq!(signed_post_step(&answered(401, "")).state, ProbeState::Fail);
        assert_eq!(forged_post_step(&answered(401, "")).state, ProbeState::Pass);
        let forged = forged_post_step(&answered(200, ""));
        assert_eq!(forged.state, ProbeState::Warn);
        assert!(forged.summary.contains("anyone"), "{}", forged.summary);
    }

    #[test]
    fn a_report_passes_only_without_failures_or_skips() {
        let url = parse_callback_url("https://example.com/webhook").unwrap();
        let pass = https_step(&url);
        let warn = forged_post_step(&answered(200, ""));
        let report = ProbeReport::new(&url, "t".into(), vec![pass.clone(), warn.clone()]);
        assert!(report.passed);
        assert!(
            report.summary.contains("Forged event refused"),
            "{}",
            report.summary
        );
        let skipped = skipped_step(ProbeStepId::SignedPost, "store the app secret first");
        let report = ProbeReport::new(&url, "t".into(), vec![pass, skipped]);
        assert!(!report.passed);
        assert!(
            report.summary.contains("not run: Signed event accepted"),
            "{}",
            report.summary
        );
    }

    #[test]
    fn certificate_problems_are_named() {
        let self_signed = certificate_step(
            "localhost",
            &CertificateOutcome::Refused {
                problem: CertificateProblem::SelfSigned,
                reason: "invalid peer certificate: UnknownIssuer".into(),
            },
        );
        assert_eq!(self_signed.state, ProbeState::Fail);
        assert!(self_signed.summary.contains("self-signed"));
        assert_eq!(
            self_signed.detail.as_deref(),
            Some("invalid peer certificate: UnknownIssuer")
        );
        let wrong = certificate_step(
            "localhost",
            &CertificateOutcome::Refused {
                problem: CertificateProblem::WrongHost,
                reason: String::new(),
            },
        );
        assert!(wrong.summary.contains("not issued for localhost"));
        let unreachable = certificate_step(
            "localhost",
            &CertificateOutcome::Unreachable {
                reason: "Connection refused".into(),
            },
        );
        assert_eq!(unreachable.state, ProbeState::Skipped);
        assert!(unreachable.summary.contains("Connection refused"));
    }
}
