//! Counting the Graph requests the sandbox receives (control calls are not Graph requests and are
//! never counted), and the "hold" that makes concurrency observable without timing anything.
//!
//! Every Graph request is counted when it arrives, before any fault applies: the total, one
//! count per method and path template (`GET /{version}/{id}/phone_numbers`), how many are in
//! flight now (arrived, not yet answered or dropped) and the most that were in flight at once
//! since the last reset.
//!
//! A hold (`holdUntilInFlight: N`) makes each arriving Graph request wait until N requests are in
//! flight together, or until its timeout passes; then every waiting request proceeds and the hold
//! is released (it is one-shot). A client that sends N reads at once therefore shows
//! `maxInFlight == N` every time, and one that sends them one after another shows 1 (after one
//! timeout), so tests assert counts rather than wall times.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::lock;
use crate::state::AppState;

/// How long a held request waits for the others when the hold does not say.
pub const DEFAULT_HOLD_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest a hold may make a request wait.
pub const MAX_HOLD_TIMEOUT: Duration = Duration::from_secs(120);
/// Distinct route templates counted one by one; any further ones are counted under `other`.
const MAX_ROUTES: usize = 256;
const OTHER_ROUTE: &str = "other";

/// The Graph request counters of one sandbox, shared by the server and its handles.
#[derive(Debug, Clone, Default)]
pub struct Requests {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    counts: Mutex<Counts>,
    /// Woken on every change of the counts or the hold.
    changed: Notify,
}

#[derive(Debug, Default)]
struct Counts {
    stats: RequestStats,
    hold: Option<Hold>,
    /// Incremented each time a hold is armed, so a waiter knows whether its hold was released.
    hold_epoch: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hold {
    until_in_flight: u32,
    timeout: Duration,
    epoch: u64,
}

/// What the sandbox has received since it started or was last reset (`requests` in
/// `GET /__sandbox`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestStats {
    /// Graph requests received.
    pub total: u64,
    /// Received and not yet answered (or dropped).
    pub in_flight: u32,
    /// The most that were in flight at the same time.
    pub max_in_flight: u32,
    /// Of those in flight, how many are waiting at a hold.
    pub waiting: u32,
    /// Requests per `METHOD /path/template`: the version segment reads `{version}` and numeric
    /// IDs read `{id}`, e.g. `GET /{version}/{id}/phone_numbers`.
    pub by_route: BTreeMap<String, u64>,
}

/// The hold as the control API shows it (`holdUntilInFlight` and `holdTimeoutMs` in `faults`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HoldView {
    pub until_in_flight: u32,
    pub timeout: Duration,
}

impl Requests {
    /// The counts now.
    pub fn snapshot(&self) -> RequestStats {
        lock(&self.inner.counts).stats.clone()
    }

    /// Zeroes the total, the per-route counts and the maximum (which restarts from the requests
    /// still in flight) and releases any hold.
    pub fn reset(&self) {
        let mut counts = lock(&self.inner.counts);
        let in_flight = counts.stats.in_flight;
        let waiting = counts.stats.waiting;
        counts.stats = RequestStats {
            in_flight,
            max_in_flight: in_flight,
            waiting,
            ..RequestStats::default()
        };
        counts.hold = None;
        drop(counts);
        self.inner.changed.notify_waiters();
    }

    /// Arms a one-shot hold: each Graph request that arrives waits until `until_in_flight`
    /// requests are in flight, or until `timeout` (capped at [`MAX_HOLD_TIMEOUT`]) has passed
    /// for it; then all waiting requests proceed and the hold is released. 0 releases any hold.
    pub fn hold_until_in_flight(&self, until_in_flight: u32, timeout: Duration) {
        let mut counts = lock(&self.inner.counts);
        counts.hold_epoch += 1;
        counts.hold = (until_in_flight > 0).then_some(Hold {
            until_in_flight,
            timeout: timeout.min(MAX_HOLD_TIMEOUT),
            epoch: counts.hold_epoch,
        });
        // Already enough in flight (say, some are held by an earlier hold): release at once.
        if counts.stats.in_flight >= until_in_flight {
            counts.hold = None;
        }
        drop(counts);
        self.inner.changed.notify_waiters();
    }

    /// Releases the hold, letting every waiting request proceed.
    pub fn release_hold(&self) {
        lock(&self.inner.counts).hold = None;
        self.inner.changed.notify_waiters();
    }

    /// Waits until `condition` holds for the counts, or `timeout` passes; answers the counts
    /// that satisfied it, or the last ones seen as the error.
    pub async fn wait_for(
        &self,
        condition: impl Fn(&RequestStats) -> bool,
        timeout: Duration,
    ) -> Result<RequestStats, RequestStats> {
        let deadline = Instant::now() + timeout;
        loop {
            let changed = self.inner.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let stats = self.snapshot();
            if condition(&stats) {
                return Ok(stats);
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                let stats = self.snapshot();
                return if condition(&stats) {
                    Ok(stats)
                } else {
                    Err(stats)
                };
            }
        }
    }

    pub(crate) fn hold(&self) -> Option<HoldView> {
        lock(&self.inner.counts).hold.map(|hold| HoldView {
            until_in_flight: hold.until_in_flight,
            timeout: hold.timeout,
        })
    }

    /// Counts one arriving request; the guard counts it out when dropped (answered, or dropped
    /// with its connection).
    fn enter(&self, route: String) -> InFlight<'_> {
        let mut counts = lock(&self.inner.counts);
        let stats = &mut counts.stats;
        stats.total += 1;
        stats.in_flight += 1;
        stats.max_in_flight = stats.max_in_flight.max(stats.in_flight);
        let key = if stats.by_route.len() < MAX_ROUTES || stats.by_route.contains_key(&route) {
            route
        } else {
            OTHER_ROUTE.to_owned()
        };
        *stats.by_route.entry(key).or_default() += 1;
        let in_flight = stats.in_flight;
        if counts
            .hold
            .is_some_and(|hold| in_flight >= hold.until_in_flight)
        {
            counts.hold = None;
        }
        drop(counts);
        self.inner.changed.notify_waiters();
        InFlight { requests: self }
    }

    /// Waits at the hold, if one is armed, until it is released (enough requests in flight,
    /// released by the control API, or this request's timeout has passed).
    async fn pass_hold(&self) {
        let Some(hold) = lock(&self.inner.counts).hold else {
            return;
        };
        self.set_waiting(1);
        let deadline = Instant::now() + hold.timeout;
        loop {
            let changed = self.inner.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let released = lock(&self.inner.counts)
                .hold
                .is_none_or(|current| current.epoch != hold.epoch);
            if released {
                break;
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                // This request waited long enough: release the hold for everyone.
                let mut counts = lock(&self.inner.counts);
                if counts
                    .hold
                    .is_some_and(|current| current.epoch == hold.epoch)
                {
                    counts.hold = None;
                }
                break;
            }
        }
        self.set_waiting(-1);
    }

    fn set_waiting(&self, delta: i32) {
        let mut counts = lock(&self.inner.counts);
        let waiting = &mut counts.stats.waiting;
        *waiting = waiting.saturating_add_signed(delta);
        drop(counts);
        self.inner.changed.notify_waiters();
    }
}

/// One request in flight; counted out on drop.
struct InFlight<'a> {
    requests: &'a Requests,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        let mut counts = lock(&self.requests.inner.counts);
        counts.stats.in_flight = counts.stats.in_flight.saturating_sub(1);
        drop(counts);
        self.requests.inner.changed.notify_waiters();
    }
}

/// `GET /v26.0/106540352242922/phone_numbers` → `GET /{version}/{id}/phone_numbers`.
pub(crate) fn route_template(method: &str, path: &str) -> String {
    let mut template = String::from(method);
    template.push(' ');
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() {
        template.push('/');
    }
    for (i, segment) in segments.iter().enumerate() {
        template.push('/');
        let is_version = i == 0
            && segment
                .strip_prefix('v')
                .and_then(|v| v.strip_suffix(".0"))
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        if is_version {
            template.push_str("{version}");
        } else if segment.bytes().all(|b| b.is_ascii_digit()) {
            template.push_str("{id}");
        } else {
            template.push_str(segment);
        }
    }
    template
}

/// Middleware in front of every Graph route, outside the fault injection: counts the request
/// and holds it while a hold is armed.
pub(crate) async fn count(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = route_template(request.method().as_str(), request.uri().path());
    let _in_flight = state.requests.enter(route);
    state.requests.pass_hold().await;
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_hide_versions_and_ids() {
        assert_eq!(
            route_template("GET", "/v26.0/106540352242922/phone_numbers"),
            "GET /{version}/{id}/phone_numbers"
        );
        assert_eq!(
            route_template("GET", "/v26.0/debug_token"),
            "GET /{version}/debug_token"
        );
        assert_eq!(
            route_template("POST", "/v21.0/106540352242922/register"),
            "POST /{version}/{id}/register"
        );
        assert_eq!(route_template("GET", "/latest/123"), "GET /latest/{id}");
        assert_eq!(route_template("GET", "/"), "GET /");
    }

    #[tokio::test]
    async fn counts_in_flight_and_the_maximum_and_resets() {
        let requests = Requests::default();
        let a = requests.enter("GET /a".into());
        let b = requests.enter("GET /a".into());
        drop(a);
        let c = requests.enter("GET /b".into());
        let stats = requests.snapshot();
        assert_eq!(
            (stats.total, stats.in_flight, stats.max_in_flight),
            (3, 2, 2)
        );
        assert_eq!(stats.by_route["GET /a"], 2);
        assert_eq!(stats.by_route["GET /b"], 1);
        requests.reset();
        let stats = requests.snapshot();
        assert_eq!(
            (stats.total, stats.in_flight, stats.max_in_flight),
            (0, 2, 2)
        );
        assert!(stats.by_route.is_empty());
        drop((b, c));
        assert_eq!(requests.snapshot().in_flight, 0);
    }

    #[tokio::test]
    async fn a_hold_lets_requests_through_once_enough_are_in_flight() {
        let requests = Requests::default();
        requests.hold_until_in_flight(3, Duration::from_secs(60));
        let held = |requests: Requests| async move {
            let _in_flight = requests.enter("GET /x".into());
            requests.pass_hold().await;
        };
        let first = tokio::spawn(held(requests.clone()));
        let second = tokio::spawn(held(requests.clone()));
        let waiting = requests
            .wait_for(|s| s.waiting == 2, Duration::from_secs(10))
            .await
            .expect("two requests wait at the hold");
        assert_eq!(waiting.in_flight, 2);
        assert!(requests.hold().is_some());
        // The third arrival releases the hold; all three proceed.
        held(requests.clone()).await;
        first.await.unwrap();
        second.await.unwrap();
        let stats = requests.snapshot();
        assert_eq!(
            (stats.max_in_flight, stats.in_flight, stats.waiting),
            (3, 0, 0)
        );
        assert!(requests.hold().is_none(), "the hold is one-shot");
    }

    #[tokio::test(start_paused = true)]
    async fn a_hold_times_out_for_a_lone_request() {
        let requests = Requests::default();
        requests.hold_until_in_flight(2, Duration::from_secs(5));
        let _in_flight = requests.enter("GET /x".into());
        let started = Instant::now();
        requests.pass_hold().await;
        assert_eq!(started.elapsed(), Duration::from_secs(5));
        assert!(requests.hold().is_none());
        assert_eq!(requests.snapshot().waiting, 0);
    }
}
