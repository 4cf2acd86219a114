//! The console's local webhook receiver (issue 10, part 4): an HTTP server on loopback that
//! answers Meta's verification GET and accepts signed event POSTs, storing every accepted event
//! in SQLite **before** it answers 200.
//!
//! - `GET <path>?hub.mode=subscribe&hub.verify_token=T&hub.challenge=C`: 200 with `C` as the raw
//!   `text/plain` body when `T` matches the configured verify token (constant-time compare); 403
//!   when it does not (or no verify token is configured); 400 when a parameter is missing.
//! - `POST <path>`: 415 unless the content type is JSON; 413 past `max_body_bytes` (axum's body
//!   limit); 401 when `X-Hub-Signature-256` is missing or does not match the HMAC-SHA256 of the
//!   **raw bytes** with the app secret (nothing is parsed or stored); 400 when the signed body is
//!   not a webhook envelope; else the events are parsed, committed ([`waba_store::Store::insert_webhook_bodies`],
//!   duplicates acknowledged but stored once) and only then answered 200. A database failure
//!   answers 500, so Meta retries.
//! - Commits are grouped: one writer task takes every body that arrived while its previous
//!   commit ran and commits them in one transaction, then answers each. SQLite has one writer
//!   anyway, and a transaction per request spent its time on the round trips to SQLite's thread
//!   (about 1,400 requests/s on two cores, p99 over 20 ms); a group costs the same few statements
//!   whatever its size (BENCHMARKS.md). A body is acknowledged only after the commit that holds
//!   it, so what was answered 200 is stored, whatever kills the process. A group whose commit
//!   fails for something in it (not a busy or full database) is committed again body by body,
//!   so only a body that cannot be stored is answered 500.
//! - Every request first draws from a per-IP rate limit (governor, 5,000/s with a burst of
//!   10,000 by default); past it, 429. A request that takes longer than `request_timeout` (30 s by default; a body
//!   trickled in) is answered 408 and is not acknowledged, so it cannot hold the receiver or its
//!   shutdown open. A body still being read is never stored; one already with the writer may be
//!   (its commit had begun), and Meta's retry of it is then kept once.
//!
//! It binds 127.0.0.1 unless the config explicitly allows another address
//! (`allow_non_loopback`), which is logged as a warning. Refusals are logged with `tracing`
//! (the peer, the status and why), never with the secret or the body.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, RawQuery, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use waba_core::secret::{ExposeSecret, Secret};
use waba_core::webhook::{parse_body, verify, WebhookEvent, SIGNATURE_HEADER};
use waba_store::{ReceivedBody, Store, StoreError, StoredBatch};

/// The path Meta is told to call.
pub const DEFAULT_PATH: &str = "/webhook";

/// How long one request may take by default, body included, before it is answered 408 unstored:
/// a client trickling a body cannot hold the receiver (or its shutdown) open.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How long [`ReceiverHandle::shutdown`] waits for requests in flight.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Requests per second and burst each client IP may send before 429. Behind a tunnel (ngrok,
/// cloudflared) every request comes from one loopback address, so this is the whole receiver's
/// limit: it sits above what a number at Meta's top tier of 1,000 messages per second causes (a
/// sent, a delivered and a read status each, plus replies), and the receiver stores 2,000 signed
/// events per second on two cores (BENCHMARKS.md); what it stops is a runaway sender.
pub const DEFAULT_RATE_PER_SECOND: u32 = 5_000;
pub const DEFAULT_BURST: u32 = 10_000;

/// How the receiver checks what it is sent.
pub struct ReceiverConfig {
    /// The verify token Meta sends in the verification GET; without it every GET is refused.
    pub verify_token: Option<Secret>,
    /// The app secret every POST's `X-Hub-Signature-256` is checked with.
    pub app_secret: Secret,
    /// The largest body accepted (413 past it); Meta's payloads are at most 3 MB.
    pub max_body_bytes: usize,
    /// The path served, `/webhook` by default.
    pub path: String,
    /// Binding an address other than loopback needs this, and is logged as a warning.
    pub allow_non_loopback: bool,
    /// Per-IP requests per second.
    pub rate_per_second: NonZeroU32,
    /// Per-IP burst.
    pub burst: NonZeroU32,
    /// How long one request may take, its body included (408 past it).
    pub request_timeout: Duration,
}

impl std::fmt::Debug for ReceiverConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReceiverConfig")
            .field(
                "verify_token",
                &self.verify_token.as_ref().map(|_| "[redacted]"),
            )
            .field("app_secret", &"[redacted]")
            .field("max_body_bytes", &self.max_body_bytes)
            .field("path", &self.path)
            .field("allow_non_loopback", &self.allow_non_loopback)
            .field("rate_per_second", &self.rate_per_second)
            .field("burst", &self.burst)
            .field("request_timeout", &self.request_timeout)
            .finish()
    }
}

impl ReceiverConfig {
    /// The defaults: no verify token, `/webhook`, Meta's body size with headroom
    /// (`waba_core::webhook::MAX_BODY_BYTES`), loopback only, 5,000 requests/s burst 10,000 per IP.
    pub fn new(app_secret: Secret) -> Self {
        Self {
            verify_token: None,
            app_secret,
            max_body_bytes: waba_core::webhook::MAX_BODY_BYTES,
            path: DEFAULT_PATH.into(),
            allow_non_loopback: false,
            rate_per_second: NonZeroU32::new(DEFAULT_RATE_PER_SECOND).expect("non-zero"),
            burst: NonZeroU32::new(DEFAULT_BURST).expect("non-zero"),
            request_timeout: REQUEST_TIMEOUT,
        }
    }
}

/// Why the receiver could not start.
#[derive(Debug, thiserror::Error)]
pub enum ReceiverError {
    #[error("refusing to listen on {0}: it is not a loopback address, and binding one needs an explicit choice (allow_non_loopback)")]
    NotLoopback(SocketAddr),
    #[error("the app secret is empty, so no webhook signature could be checked")]
    NoAppSecret,
    #[error("the path {0:?} must start with \"/\"")]
    BadPath(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// The receiver's entry point.
#[derive(Debug)]
pub struct Receiver;

/// A running receiver. [`ReceiverHandle::shutdown`] stops it; dropping the handle stops it too.
#[derive(Debug)]
pub struct ReceiverHandle {
    addr: SocketAddr,
    path: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl ReceiverHandle {
    /// The address it listens on (the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr><path>`: what a tunnel forwards to.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.path)
    }

    /// Stops accepting, lets requests in flight finish (their events are committed) for up to
    /// [`SHUTDOWN_GRACE`], then drops what is left (unacknowledged, so Meta sends it again; a
    /// body the writer was already committing is stored, and the copy Meta sends is kept once).
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
            {
                tracing::warn!(addr = %self.addr, "requests still in flight after the grace period: dropped unacknowledged");
                task.abort();
            }
        }
    }

    /// Whether the server task ended on its own (its listener failed), so nothing is served.
    pub fn has_stopped(&self) -> bool {
        self.task.as_ref().is_none_or(|t| t.is_finished())
    }
}

impl Drop for ReceiverHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

struct Shared {
    config: ReceiverConfig,
    /// To the writer task ([`commit_in_groups`]); it ends when the last request holding this ends.
    commits: mpsc::Sender<Pending>,
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

/// A checked, parsed body waiting for the writer; `done` hears whether its commit held.
struct Pending {
    body: Bytes,
    events: Vec<WebhookEvent>,
    received_at: OffsetDateTime,
    done: oneshot::Sender<Result<StoredBatch, String>>,
}

/// Most bodies one commit takes (Meta's bodies are small; a few hundred is milliseconds).
const MAX_GROUP: usize = 256;

/// Most body bytes one commit takes: a group is one JSON text per statement (bodies in hex),
/// which SQLite caps at 1 GB, and the writer holds it all in memory at once.
const MAX_GROUP_BYTES: usize = 32 * 1024 * 1024;

/// Bodies waiting for the writer before a request waits to hand its body over.
const QUEUE_DEPTH: usize = 1_024;

/// The writer: commits everything waiting in one transaction, answers each body, repeats.
async fn commit_in_groups(store: Store, mut queue: mpsc::Receiver<Pending>) {
    let mut group: Vec<Pending> = Vec::with_capacity(MAX_GROUP);
    let mut next = None;
    loop {
        let first = match next.take() {
            Some(first) => first,
            None => match queue.recv().await {
                Some(first) => first,
                None => return,
            },
        };
        let mut bytes = first.body.len();
        group.push(first);
        while group.len() < MAX_GROUP {
            let Ok(pending) = queue.try_recv() else { break };
            bytes += pending.body.len();
            if bytes > MAX_GROUP_BYTES {
                next = Some(pending);
                break;
            }
            group.push(pending);
        }
        // A request that timed out or whose client went away hears nothing: not stored now.
        group.retain(|pending| !pending.done.is_closed());
        if group.is_empty() {
            continue;
        }
        match commit(&store, &group).await {
            Ok(stored) => {
                for (pending, batch) in group.drain(..).zip(stored) {
                    let _ = pending.done.send(Ok(batch));
                }
            }
            // Nothing of the group was stored, and not for a reason every body shares (a busy
            // or full database): each body alone again, so one that cannot be stored does not
            // fail the others with it.
            Err(e) if group.len() > 1 && !e.is_the_database() => {
                tracing::warn!(bodies = group.len(), error = %e, "a group commit failed; committing its bodies one by one");
                for pending in group.drain(..) {
                    let alone = commit(&store, std::slice::from_ref(&pending)).await;
                    let _ = pending.done.send(
                        alone
                            .map(|mut stored| stored.pop().unwrap_or_default())
                            .map_err(|e| e.to_string()),
                    );
                }
            }
            Err(e) => {
                tracing::warn!(bodies = group.len(), error = %e, "a group commit failed");
                let why = e.to_string();
                for pending in group.drain(..) {
                    let _ = pending.done.send(Err(why.clone()));
                }
            }
        }
    }
}

/// Commits `group` in one transaction: what each body did, in order, or why none was stored.
async fn commit(store: &Store, group: &[Pending]) -> Result<Vec<StoredBatch>, StoreError> {
    let received: Vec<ReceivedBody<'_>> = group
        .iter()
        .map(|p| ReceivedBody {
            body: &p.body,
            events: &p.events,
            received_at: p.received_at,
        })
        .collect();
    store.insert_webhook_bodies(&received).await
}

impl Receiver {
    /// Binds `addr` (port 0 picks a free port) and serves until the handle is shut down or
    /// dropped. Events go to `store`.
    pub async fn bind(
        addr: SocketAddr,
        config: ReceiverConfig,
        store: Store,
    ) -> Result<ReceiverHandle, ReceiverError> {
        if config.app_secret.expose_secret().is_empty() {
            return Err(ReceiverError::NoAppSecret);
        }
        if !config.path.starts_with('/') {
            return Err(ReceiverError::BadPath(config.path));
        }
        if !addr.ip().is_loopback() {
            if !config.allow_non_loopback {
                return Err(ReceiverError::NotLoopback(addr));
            }
            tracing::warn!(%addr, "the webhook receiver listens on a non-loopback address: anyone who can reach it can send requests (only signed ones are stored)");
        }
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ReceiverError::Bind { addr, source })?;
        let local = listener
            .local_addr()
            .map_err(|source| ReceiverError::Bind { addr, source })?;
        let path = config.path.clone();
        let quota = Quota::per_second(config.rate_per_second).allow_burst(config.burst);
        let (commits, queue) = mpsc::channel(QUEUE_DEPTH);
        tokio::spawn(commit_in_groups(store, queue));
        let shared = Arc::new(Shared {
            limiter: RateLimiter::keyed(quota),
            commits,
            config,
        });
        let app = Router::new()
            .route(&path, get(verification).post(delivery))
            .layer(DefaultBodyLimit::max(shared.config.max_body_bytes))
            .layer(middleware::from_fn_with_state(shared.clone(), rate_limit))
            .layer(middleware::from_fn_with_state(shared.clone(), deadline))
            .with_state(shared);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "the webhook receiver stopped");
            }
        });
        tracing::info!(addr = %local, %path, "webhook receiver listening");
        Ok(ReceiverHandle {
            addr: local,
            path,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

fn refuse(peer: IpAddr, status: StatusCode, why: &str) -> Response {
    tracing::warn!(%peer, status = status.as_u16(), reason = why, "webhook request refused");
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{why}\n"),
    )
        .into_response()
}

/// Answers 408 when a request (its body included) takes longer than the configured
/// `request_timeout`; the handler is dropped with it, so nothing half-read is stored or
/// acknowledged, and a body waiting for the writer is left out of its next commit.
async fn deadline(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    match tokio::time::timeout(shared.config.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => refuse(
            peer.ip(),
            StatusCode::REQUEST_TIMEOUT,
            "The request took too long and was not acknowledged; send it again (a copy already stored is kept once).",
        ),
    }
}

/// The keyed limiter keeps one cell per client; past this many it forgets idle ones.
const LIMITER_KEYS: usize = 10_000;

async fn rate_limit(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let ip = peer.ip();
    if shared.limiter.len() > LIMITER_KEYS {
        shared.limiter.retain_recent();
    }
    if shared.limiter.check_key(&ip).is_err() {
        return refuse(
            ip,
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests from this address; slow down.",
        );
    }
    next.run(request).await
}

/// Meta's verification GET (facts §12.1).
async fn verification(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    RawQuery(query): RawQuery,
) -> Response {
    let ip = peer.ip();
    let (mut mode, mut token, mut challenge) = (None, None, None);
    for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "hub.mode" => mode = Some(value.into_owned()),
            "hub.verify_token" => token = Some(value.into_owned()),
            "hub.challenge" => challenge = Some(value.into_owned()),
            _ => {}
        }
    }
    let (Some(mode), Some(token), Some(challenge)) = (mode, token, challenge) else {
        return refuse(
            ip,
            StatusCode::BAD_REQUEST,
            "A verification request needs hub.mode, hub.verify_token and hub.challenge.",
        );
    };
    if mode != "subscribe" {
        return refuse(
            ip,
            StatusCode::BAD_REQUEST,
            "hub.mode must be \"subscribe\".",
        );
    }
    let matches = shared.config.verify_token.as_ref().is_some_and(|expected| {
        bool::from(expected.expose_secret().as_bytes().ct_eq(token.as_bytes()))
    });
    if !matches {
        return refuse(
            ip,
            StatusCode::FORBIDDEN,
            "The verify token does not match the one this receiver was given.",
        );
    }
    tracing::info!(%ip, "webhook verification answered");
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        challenge,
    )
        .into_response()
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// An event POST (facts §12.2): checked, parsed, committed, then answered.
async fn delivery(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let ip = peer.ip();
    if !is_json(&headers) {
        return refuse(
            ip,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Webhook POSTs must be Content-Type: application/json.",
        );
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let status = rejection.status();
            let why = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "The body is larger than this receiver accepts."
            } else {
                "The body could not be read."
            };
            return refuse(ip, status, why);
        }
    };
    let signature = headers
        .get(SIGNATURE_HEADER)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    if let Err(e) = verify(&shared.config.app_secret, &body, signature) {
        return refuse(ip, StatusCode::UNAUTHORIZED, &e.to_string());
    }
    let events = match parse_body(&body) {
        Ok(events) => events,
        Err(e) => return refuse(ip, StatusCode::BAD_REQUEST, &e.to_string()),
    };
    let (done, committed) = oneshot::channel();
    let pending = Pending {
        body,
        events,
        received_at: OffsetDateTime::now_utc(),
        done,
    };
    let committed = match shared.commits.send(pending).await {
        Ok(()) => committed
            .await
            .unwrap_or_else(|_| Err("the writer stopped before committing".into())),
        Err(_) => Err("the writer has stopped".into()),
    };
    match committed {
        Ok(batch) => {
            tracing::info!(
                %ip,
                inserted = batch.inserted,
                duplicates = batch.duplicates,
                "webhook events stored"
            );
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "EVENT_RECEIVED\n",
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(%ip, error = %e, "webhook events could not be stored; answered 500 so Meta retries");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "The events could not be stored; send them again.\n",
            )
                .into_response()
        }
    }
}
