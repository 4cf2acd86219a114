//! The HTTP server and its handle. Connections are served one hyper task each (rather than with
//! `axum::serve`) so a "reset" fault can drop a single connection mid-request, which is what a
//! client sees when a proxy or the network cuts it off.

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

use crate::state::AppState;
use crate::{routes, Faults, SandboxConfig, Scenario, SimClock};

/// A running sandbox. Dropping it (or calling [`Sandbox::shutdown`]) stops the server and closes
/// its open connections.
#[derive(Debug)]
pub struct Sandbox {
    base_url: String,
    scenario: Scenario,
    faults: Faults,
    clock: SimClock,
    state: AppState,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Sandbox {
    /// Binds `127.0.0.1:port` (0 picks a free port) and starts serving on the current Tokio
    /// runtime.
    pub async fn start(config: SandboxConfig, port: u16) -> io::Result<Sandbox> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let clock = SimClock::default();
        let faults = Faults::new(config.latency);
        let state = AppState::new(
            config.scenario,
            base_url.clone(),
            clock.clone(),
            faults.clone(),
        );
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(serve(listener, routes::router(state.clone()), stopped));
        Ok(Sandbox {
            base_url,
            scenario: config.scenario,
            faults,
            clock,
            state,
            stop,
            task,
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash or API version.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The scenario the sandbox started in.
    pub fn scenario(&self) -> Scenario {
        self.scenario
    }

    /// Fault injection for this sandbox's Graph calls.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// The sandbox's clock (move it forward to cross expiry windows).
    pub fn clock(&self) -> &SimClock {
        &self.clock
    }

    /// How long a number reads `status: PENDING` after a successful `/register` before it reads
    /// `CONNECTED`, in sim-clock time (default [`crate::DEFAULT_PROVISIONING_DELAY`]). Applies
    /// to registrations already made too, since the status is computed when read.
    pub fn set_provisioning_delay(&self, delay: std::time::Duration) {
        let delay = time::Duration::try_from(delay).unwrap_or(time::Duration::MAX);
        self.state.world().provisioning_delay = delay;
    }

    /// Stops accepting, closes open connections and waits for the server task to end.
    pub async fn shutdown(self) {
        let Sandbox { stop, task, .. } = self;
        // An Err means the server task is already gone, which is the goal anyway.
        let _ = stop.send(());
        let _ = task.await;
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

/// Accept loop; ends when the handle says stop or is dropped. Dropping `connections` on the way
/// out aborts every connection task.
async fn serve(listener: TcpListener, router: Router, mut stopped: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
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
