//! The one path every message the console sends takes, single test sends and bursts alike:
//! reserved in the log first, paced by the number's limits, sent, retried with backoff when Meta
//! throttles or stumbles, and written back with what Meta answered.
//!
//! Why it is careful: Meta's limits bind the console like any client (80 messages per second per
//! number by default, about one per 6 s to the same recipient), so the console paces itself with
//! governor below them rather than provoking 130429 and 131056; and a send that got no answer
//! may have been accepted, so it is never sent again: it stays `unknown` in the log until its
//! first status webhook (matched by the console's reference, which Meta echoes as
//! `biz_opaque_callback_data`) settles it.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde_json::Value;
use time::OffsetDateTime;
use tokio::sync::watch;
use waba_core::send::throughput::{
    retry_decision, FailedAttempt, RetryDecision, DEFAULT_MESSAGES_PER_SECOND, PAIR_BURST,
    PAIR_INTERVAL,
};
use waba_core::send::{MessageKind, SendLimits};
use waba_core::CommandError;
use waba_graph::{GraphClient, GraphError};
use waba_secrets::Secret;
use waba_store::{NewMessage, SendOutcome, Store, StoredMessage};

use crate::errors;

/// The limits the console keeps unless the admin sets others: Meta's defaults.
pub const DEFAULT_SEND_LIMITS: SendLimits = SendLimits {
    messages_per_second: DEFAULT_MESSAGES_PER_SECOND,
    pair_interval_seconds: PAIR_INTERVAL.as_secs() as u32,
    pair_burst: PAIR_BURST,
};

/// The limiters of one set of limits.
struct Limiters {
    limits: SendLimits,
    throughput: DefaultDirectRateLimiter,
    pairs: Arc<DefaultKeyedRateLimiter<String>>,
}

fn throughput_limiter(limits: SendLimits) -> DefaultDirectRateLimiter {
    let per_second = NonZeroU32::new(limits.messages_per_second.max(1)).expect("at least 1");
    // A small burst (a tenth of a second's worth) keeps the console's pace at Meta's at every
    // instant, so the network's jitter never pushes two sends into one of Meta's slots.
    let burst = NonZeroU32::new((limits.messages_per_second / 10).max(1)).expect("at least 1");
    RateLimiter::direct(Quota::per_second(per_second).allow_burst(burst))
}

fn pair_limiter(limits: SendLimits) -> DefaultKeyedRateLimiter<String> {
    let period = Duration::from_secs(u64::from(limits.pair_interval_seconds.max(1)));
    let burst = NonZeroU32::new(limits.pair_burst.max(1)).expect("at least 1");
    RateLimiter::keyed(
        Quota::with_period(period)
            .expect("a period of at least 1 s")
            .allow_burst(burst),
    )
}

/// The pace of one number: its throughput and, per recipient, the pair limit. One per number for
/// the life of the console: new limits replace its limiters in place (the pair limiter is kept
/// when only the throughput changed), so a burst and the window's sends always share one pace.
pub(crate) struct Pacer(std::sync::Mutex<Arc<Limiters>>);

impl Pacer {
    fn new(limits: SendLimits) -> Self {
        Self(std::sync::Mutex::new(Arc::new(Limiters {
            limits,
            throughput: throughput_limiter(limits),
            pairs: Arc::new(pair_limiter(limits)),
        })))
    }

    fn current(&self) -> Arc<Limiters> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn limits(&self) -> SendLimits {
        self.current().limits
    }

    fn set_limits(&self, limits: SendLimits) {
        let mut current = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if current.limits == limits {
            return;
        }
        let same_pairs = current.limits.pair_interval_seconds == limits.pair_interval_seconds
            && current.limits.pair_burst == limits.pair_burst;
        *current = Arc::new(Limiters {
            limits,
            throughput: throughput_limiter(limits),
            pairs: if same_pairs {
                current.pairs.clone()
            } else {
                Arc::new(pair_limiter(limits))
            },
        });
    }

    /// Waits until one more message to `recipient` is within both limits.
    async fn ready(&self, recipient: &str) {
        let limiters = self.current();
        limiters.pairs.until_key_ready(&recipient.to_owned()).await;
        limiters.throughput.until_ready().await;
    }
}

/// The pacers of the running console, one per phone-number ID, shared by every send of that
/// number (the window's, a burst's). Another process (the CLI beside the window) paces itself
/// apart: Meta's 130429 or 131056 then meets the backoff.
#[derive(Default)]
pub(crate) struct Pacers(std::sync::Mutex<HashMap<String, Arc<Pacer>>>);

impl Pacers {
    /// The number's pacer, at `limits` from now on.
    pub(crate) fn get(&self, phone_number_id: &str, limits: SendLimits) -> Arc<Pacer> {
        let pacer = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(phone_number_id.to_owned())
            .or_insert_with(|| Arc::new(Pacer::new(limits)))
            .clone();
        pacer.set_limits(limits);
        pacer
    }
}

/// What one send needs, owned, so a burst can run it on its own task.
#[derive(Clone)]
pub(crate) struct Sender {
    pub store: Store,
    pub graph: GraphClient,
    pub token: Secret,
    pub pacer: Arc<Pacer>,
    pub profile_id: String,
    pub phone_number_id: String,
    /// Set by a burst's cancel: a send still waiting for its turn or a retry stops there.
    pub cancelled: Option<watch::Receiver<bool>>,
}

/// One message to send: the recipient's E.164 digits, its kind and log line, and Meta's body
/// without `biz_opaque_callback_data` (the sender adds its reference).
pub(crate) struct Outgoing {
    pub recipient: String,
    pub kind: MessageKind,
    pub summary: String,
    pub body: Value,
}

/// How a send ended.
pub(crate) struct SendReport {
    /// The message as the log holds it after the call.
    pub message: StoredMessage,
    /// Meta's refusal, when the send ended refused.
    pub refusal: Option<GraphError>,
    /// What came instead of an answer, when the send ended unknown (a timeout, a connection
    /// closed, an answer cut short).
    pub no_answer: Option<GraphError>,
    /// How many answers were 130429 (each retried).
    pub throttled: u32,
}

/// Longer than any send can stay `pending` in a running console: each attempt waits at most the
/// client's timeout, and the retries' waits are bounded (`throughput::MAX_DELAY`).
const ABANDONED_AFTER: Duration = Duration::from_secs(15 * 60);

/// Moves the sends a stopped console left `pending` to `unknown` (logged, never fatal). Another
/// process's sends in progress are younger than [`ABANDONED_AFTER`] and are left alone.
pub(crate) async fn settle_abandoned_sends(store: &Store) {
    let now = OffsetDateTime::now_utc();
    let cutoff = now - ABANDONED_AFTER;
    let cutoff_ms = i64::try_from(cutoff.unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
    match store.settle_abandoned_sends(cutoff_ms, now).await {
        Ok(0) => {}
        Ok(n) => tracing::warn!(
            sends = n,
            "sends left pending by a stopped console are now 'unknown'"
        ),
        Err(e) => tracing::warn!(error = %e, "could not settle sends left pending"),
    }
}

/// A new reference of the console's own: unique, short, and recognisable in Meta's webhooks.
pub(crate) fn new_reference() -> String {
    format!("waba-console-{}", uuid::Uuid::new_v4().simple())
}

fn jitter() -> f64 {
    (uuid::Uuid::new_v4().as_u128() >> 64) as f64 / u64::MAX as f64
}

/// The attempt's failure as the retry rule reads it, `None` when nothing reached Meta (a bad
/// configuration, a connection that never opened): that is a refusal, since nothing was sent.
/// An answer that may hide an accepted send is no answer: a 2xx the console cannot read, and a
/// gateway's 502 or 504 without Graph's envelope (the proxy gave up waiting; the send may have run).
fn failed_attempt(error: &GraphError) -> Option<FailedAttempt> {
    let unreadable = |status: u16| {
        if (200..300).contains(&status) || status == 502 || status == 504 {
            FailedAttempt::NoAnswer
        } else {
            FailedAttempt::Answered {
                http_status: status,
                code: None,
            }
        }
    };
    match error {
        GraphError::Api(g) => Some(FailedAttempt::Answered {
            http_status: g.http_status,
            code: Some(g.code),
        }),
        GraphError::NotJson { status, .. }
        | GraphError::MalformedJson { status, .. }
        | GraphError::UnexpectedShape { status, .. } => Some(unreadable(*status)),
        GraphError::Timeout { .. } => Some(FailedAttempt::NoAnswer),
        GraphError::Unreachable { request_sent, .. } => {
            request_sent.then_some(FailedAttempt::NoAnswer)
        }
        GraphError::InvalidConfig(_) | GraphError::ReadBudget { .. } => None,
    }
}

/// The refusal as the log keeps it: the Graph code and Meta's error object (or the console's
/// own words when Meta sent none).
fn refusal_outcome(error: &GraphError) -> SendOutcome {
    match error {
        GraphError::Api(g) => SendOutcome::Refused {
            error_code: Some(g.code),
            error: serde_json::from_str::<Value>(&g.raw)
                .ok()
                .and_then(|v| v.get("error").cloned())
                .unwrap_or_else(|| serde_json::json!({"code": g.code, "message": g.graph_message}))
                .to_string(),
        },
        other => SendOutcome::Refused {
            error_code: None,
            error: serde_json::json!({ "message": other.to_string() }).to_string(),
        },
    }
}

/// What stopped a send that was never made, or a retry that was not.
const CANCELLED: &str = "The burst was cancelled before this send was made (or retried).";

impl Sender {
    /// Waits for `wait` unless the burst is cancelled first (`false` then).
    async fn wait_unless_cancelled(&self, wait: impl std::future::Future<Output = ()>) -> bool {
        let Some(mut cancelled) = self.cancelled.clone() else {
            wait.await;
            return true;
        };
        let watched = cancelled.clone();
        tokio::select! {
            () = wait => !*watched.borrow(),
            _ = cancelled.wait_for(|c| *c) => false,
        }
    }

    /// Waits for its turn (the pacer), reserves the message in the log, then sends it until Meta
    /// accepts it, refuses it for good, the retries run out, or no answer comes (never sent again
    /// then). `Ok(None)`: a burst was cancelled before the send was made; nothing is logged.
    pub(crate) async fn send(
        &self,
        outgoing: Outgoing,
    ) -> Result<Option<SendReport>, CommandError> {
        if !self
            .wait_unless_cancelled(self.pacer.ready(&outgoing.recipient))
            .await
        {
            return Ok(None);
        }
        let reference = new_reference();
        let mut body = outgoing.body;
        body["biz_opaque_callback_data"] = Value::String(reference.clone());
        let request = self
            .graph
            .describe_send_message(&self.phone_number_id, body.clone());
        let reserved = self
            .store
            .reserve_message(&NewMessage {
                reference,
                profile_id: self.profile_id.clone(),
                phone_number_id: self.phone_number_id.clone(),
                recipient: outgoing.recipient.clone(),
                kind: outgoing.kind,
                summary: outgoing.summary,
                request: body,
                created_at: OffsetDateTime::now_utc(),
            })
            .await
            .map_err(errors::store)?;
        let mut attempts = 0;
        let mut throttled = 0;
        let (outcome, refusal, no_answer) = loop {
            attempts += 1;
            let error = match self.graph.send_message(&self.token, &request).await {
                Ok(answer) => {
                    let wamid = answer.wamid().unwrap_or_default().to_owned();
                    break (SendOutcome::Accepted { wamid }, None, None);
                }
                Err(error) => error,
            };
            if matches!(&error, GraphError::Api(g) if g.code == 130429) {
                throttled += 1;
            }
            let decision = match failed_attempt(&error) {
                Some(failure) => retry_decision(failure, attempts - 1, &mut jitter),
                None => RetryDecision::GiveUp,
            };
            match decision {
                RetryDecision::RetryAfter(wait) => {
                    let pace = async {
                        tokio::time::sleep(wait).await;
                        self.pacer.ready(&outgoing.recipient).await;
                    };
                    if !self.wait_unless_cancelled(pace).await {
                        tracing::info!(%error, "{CANCELLED}");
                        break (refusal_outcome(&error), Some(error), None);
                    }
                }
                RetryDecision::GiveUp => break (refusal_outcome(&error), Some(error), None),
                RetryDecision::OutcomeUnknown => {
                    tracing::warn!(%error, "a send got no answer; it is not sent again");
                    break (SendOutcome::Unknown, None, Some(error));
                }
            }
        };
        let message = self
            .store
            .finish_message(reserved.id, &outcome, attempts, OffsetDateTime::now_utc())
            .await
            .map_err(errors::store)?
            .ok_or_else(|| CommandError::internal("a reserved message vanished from the log"))?;
        Ok(Some(SendReport {
            message,
            refusal,
            no_answer,
            throttled,
        }))
    }
}
