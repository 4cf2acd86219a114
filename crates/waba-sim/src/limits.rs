//! The two send limits Meta applies to `POST /{phone-number-id}/messages` (facts §13), on the
//! real clock (GCRA buckets from `governor`), so a client's own limiter can be measured against
//! them:
//! - throughput: messages per second per number (80 by default), a full second's worth as the
//!   burst; past it 130429;
//! - the pair limit: one message every 6 s from a number to the same recipient, with a burst of
//!   45 that borrows future quota; past it 131056. Other recipients are unaffected.
//!
//! Both are set with [`MessageLimits`] (`SandboxConfig::message_limits`,
//! `SandboxHandle::set_message_limits`, `POST /__sandbox/limits`); a change starts with full
//! buckets.

use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::Serialize;

use crate::lock;

/// How many distinct keys a limiter keeps before it forgets the ones back at full quota.
const MAX_KEYS: usize = 10_000;

/// The send limits of every number in the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageLimits {
    /// Messages per second per number (Meta's default throughput: 80). At least 1.
    pub per_second: u32,
    /// The pair limit's pace: one message to the same recipient per this interval (6 s).
    #[serde(rename = "pairIntervalMs", serialize_with = "millis")]
    pub pair_interval: Duration,
    /// How many messages to the same recipient may go at once (Meta: 45 in 6 s). At least 1.
    pub pair_burst: u32,
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Default for MessageLimits {
    fn default() -> Self {
        MessageLimits {
            per_second: 80,
            pair_interval: Duration::from_secs(6),
            pair_burst: 45,
        }
    }
}

/// Which limit refused a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// 130429: the number's throughput.
    Throughput,
    /// 131056: the pair limit for this recipient.
    Pair,
}

#[derive(Debug, Clone)]
pub(crate) struct Limits {
    inner: Arc<Mutex<Buckets>>,
}

struct Buckets {
    limits: MessageLimits,
    throughput: DefaultKeyedRateLimiter<String>,
    pair: DefaultKeyedRateLimiter<(String, String)>,
}

impl std::fmt::Debug for Buckets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Buckets")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Buckets {
    fn new(limits: MessageLimits) -> Buckets {
        let one = NonZeroU32::MIN;
        let per_second = NonZeroU32::new(limits.per_second).unwrap_or(one);
        let burst = NonZeroU32::new(limits.pair_burst).unwrap_or(one);
        let pair = Quota::with_period(limits.pair_interval)
            .unwrap_or_else(|| Quota::per_second(one))
            .allow_burst(burst);
        Buckets {
            limits,
            throughput: RateLimiter::keyed(Quota::per_second(per_second)),
            pair: RateLimiter::keyed(pair),
        }
    }
}

impl Limits {
    pub(crate) fn new(limits: MessageLimits) -> Limits {
        Limits {
            inner: Arc::new(Mutex::new(Buckets::new(limits))),
        }
    }

    pub(crate) fn get(&self) -> MessageLimits {
        lock(&self.inner).limits
    }

    /// New limits, with full buckets.
    pub(crate) fn set(&self, limits: MessageLimits) {
        *lock(&self.inner) = Buckets::new(limits);
    }

    /// Takes one message from `number` to `recipient` out of both buckets, throughput first.
    /// A message the throughput refuses does not count against the pair.
    pub(crate) fn admit(&self, number: &str, recipient: &str) -> Result<(), Refusal> {
        let buckets = lock(&self.inner);
        let number = number.to_owned();
        if buckets.throughput.check_key(&number).is_err() {
            return Err(Refusal::Throughput);
        }
        let pair = (number, recipient.to_owned());
        let admitted = buckets.pair.check_key(&pair).is_ok();
        if buckets.pair.len() > MAX_KEYS {
            buckets.pair.retain_recent();
        }
        if admitted {
            Ok(())
        } else {
            Err(Refusal::Pair)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throughput_allows_a_seconds_worth_at_once() {
        let limits = Limits::new(MessageLimits {
            per_second: 5,
            pair_burst: 100,
            ..MessageLimits::default()
        });
        for i in 0..5 {
            assert_eq!(limits.admit("1", &format!("1650555{i:04}")), Ok(()));
        }
        assert_eq!(limits.admit("1", "16505559999"), Err(Refusal::Throughput));
        assert_eq!(limits.admit("2", "16505559999"), Ok(()), "per number");
    }

    #[test]
    fn the_pair_limit_is_per_recipient_with_a_burst() {
        let limits = Limits::new(MessageLimits {
            per_second: 1000,
            pair_burst: 3,
            ..MessageLimits::default()
        });
        for _ in 0..3 {
            assert_eq!(limits.admit("1", "16505551234"), Ok(()));
        }
        assert_eq!(limits.admit("1", "16505551234"), Err(Refusal::Pair));
        assert_eq!(limits.admit("1", "16505551235"), Ok(()));
        limits.set(limits.get());
        assert_eq!(limits.admit("1", "16505551234"), Ok(()), "refilled");
    }
}
