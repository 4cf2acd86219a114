//! The HTTP server and its handle. Connections are served one hyper task each (rather than with
//! `axum::serve`) so a "reset" fault can drop a single connection mid-request, which is what a
//! client sees when a proxy or the network cuts it off. The accept loop also ticks the sent
//! messages' statuses out as they fall due on the sim clock (`messages`), so they arrive without
//! another request; it stops with the server.

use std::io;
use std::net::Ipv4Addr;
use std::sync::Arc;

use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Notify};
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt;

use secrecy::SecretString;

use crate::state::{sim_duration, AppState};
use crate::{routes, Faults, Requests, SandboxConfig, Scenario, SimClock};

/// A running sandbox. Dropping it (or calling [`Sandbox::shutdown`]) stops the server and closes
/// its open connections. It dereferences to its [`SandboxHandle`] (base URL, faults, clock,
/// request counts, provisioning delay, control secret); [`Sandbox::handle`] hands out a clone.
#[derive(Debug)]
pub struct Sandbox {
    handle: SandboxHandle,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

/// The controls of a running sandbox, cloneable so a caller that does not own the server (a
/// console's embedded sandbox, a test) can drive it in-process. Clones control the same
/// sandbox; once it is shut down they change nothing that anyone reads.
#[derive(Debug, Clone)]
pub struct SandboxHandle {
    base_url: String,
    state: AppState,
}

impl Sandbox {
    /// Binds `127.0.0.1:port` (0 picks a free port) and starts serving on the current Tokio
    /// runtime.
    pub async fn start(config: SandboxConfig, port: u16) -> io::Result<Sandbox> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let state = AppState::new(&config, base_url.clone());
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(serve(
            listener,
            routes::router(state.clone()),
            state.clone(),
            stopped,
        ));
        Ok(Sandbox {
            handle: SandboxHandle { base_url, state },
            stop,
            task,
        })
    }

    /// A handle on this sandbox's controls.
    pub fn handle(&self) -> SandboxHandle {
        self.handle.clone()
    }

    /// Stops accepting, closes open connections and waits for the server task to end.
    pub async fn shutdown(self) {
        let Sandbox { stop, task, .. } = self;
        // An Err means the server task is already gone, which is the goal anyway.
        let _ = stop.send(());
        let _ = task.await;
    }
}

impl std::ops::Deref for Sandbox {
    type Target = SandboxHandle;

    fn deref(&self) -> &SandboxHandle {
        &self.handle
    }
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT`, without a trailing slash or API version.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The scenario the sandbox started in.
    pub fn scenario(&self) -> Scenario {
        self.state.scenario
    }

    /// Fault injection for this sandbox's Graph calls.
    pub fn faults(&self) -> &Faults {
        &self.state.faults
    }

    /// The sandbox's clock (move it forward to cross expiry windows). Moved here, template
    /// decisions are announced to the webhook callback on the next Graph call;
    /// `POST /__sandbox/clock/advance` announces them at once.
    pub fn clock(&self) -> &SimClock {
        &self.state.clock
    }

    /// The Graph requests this sandbox received, and the hold that makes their concurrency
    /// observable.
    pub fn requests(&self) -> &Requests {
        &self.state.requests
    }

    /// The secret control `POST`s and `DELETE`s must send in [`crate::CONTROL_SECRET_HEADER`]
    /// (with `Content-Type: application/json`).
    pub fn control_secret(&self) -> &SecretString {
        &self.state.control_secret
    }

    /// How long a number reads `status: PENDING` after a successful `/register` before it reads
    /// `CONNECTED`, in sim-clock time (default [`crate::DEFAULT_PROVISIONING_DELAY`]). Applies
    /// to registrations already made too, since the status is computed when read.
    pub fn set_provisioning_delay(&self, delay: std::time::Duration) {
        self.state.world().provisioning_delay = sim_duration(delay);
    }

    /// How long a submitted or edited template reads `PENDING` before the sandbox's reviewer
    /// decides, in sim-clock time (default 60 s; zero decides at once). Applies to templates
    /// already in review too. Same as `POST /__sandbox/templates/review`.
    pub fn set_template_review_delay(&self, delay: std::time::Duration) {
        self.state.world().templates.review_delay = sim_duration(delay);
        crate::emitter::sweep(&self.state);
    }

    /// The current template review delay.
    pub fn template_review_delay(&self) -> std::time::Duration {
        std::time::Duration::try_from(self.state.world().templates.review_delay).unwrap_or_default()
    }

    /// The send limits of every number: throughput (130429 past it) and the pair limit
    /// (131056). Same as `POST /__sandbox/limits`; the buckets start full again.
    pub fn set_message_limits(&self, limits: crate::MessageLimits) {
        self.state.limits.set(limits);
    }

    /// The current send limits.
    pub fn message_limits(&self) -> crate::MessageLimits {
        self.state.limits.get()
    }

    /// The allow list a test number (`account_mode: SANDBOX`) may message: seeded with
    /// [`crate::TEST_RECIPIENTS`], changed with `POST /__sandbox/recipients/{wa_id}`.
    pub fn test_recipients(&self) -> Vec<String> {
        self.state.world().customers.allowed.clone()
    }

    /// The current provisioning delay.
    pub fn provisioning_delay(&self) -> std::time::Duration {
        std::time::Duration::try_from(self.state.world().provisioning_delay).unwrap_or_default()
    }
}

/// Lets a request handler close its own connection without answering.
#[derive(Debug, Clone, Default)]
pub(crate) struct ConnAbort(Arc<Notify>);

impl ConnAbort {
    pub(crate) fn trigger(&self) {
        self.0.notify_one();
    }
}

/// How often the accept loop sends the message statuses that have fallen due (a clock moved
/// through [`SandboxHandle::clock`] is noticed at the next tick).
pub(crate) const TICK: std::time::Duration = std::time::Duration::from_millis(100);

/// Accept loop; ends when the handle says stop or is dropped. Dropping `connections` on the way
/// out aborts every connection task.
async fn serve(
    listener: TcpListener,
    router: Router,
    state: AppState,
    mut stopped: oneshot::Receiver<()>,
) {
    let mut connections = JoinSet::new();
    let mut ticks = tokio::time::interval(TICK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            _ = ticks.tick() => crate::messages::flush_due(&state),
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    while connections.try_join_next().is_some() {}
                    connections.spawn(serve_connection(stream, router.clone()));
                }
                // Usually a transient resource limit (too many open files); back off briefly.
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
            },
        }
    }
}

async fn serve_connection(stream: TcpStream, router: Router) {
    let abort = ConnAbort::default();
    let per_request = abort.clone();
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(per_request.clone());
        router.clone().oneshot(request.map(Body::new))
    });
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        // Errors here are the client's (bad request bytes, early hang-up); nothing to report.
        _ = connection => {}
        () = abort.0.notified() => {}
    }
}
