//! The console's own budget of Graph reads, one per profile, shared by every client made for it.
//!
//! Meta allows 200 management calls an hour per app and WABA by default (5,000 for active
//! WABAs), and that budget is shared with every other tool using the same app. So the console
//! holds itself to 200 reads an hour per profile, whichever page, poll or check sends them: a read
//! past the budget fails here, before anything is sent, with the time until the next one is
//! possible. The budget is a GCRA bucket (`governor`): a full burst, then one read every 18 s.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// Meta's default management-call limit per app and WABA per hour.
pub const READS_PER_HOUR: u32 = 200;

/// A shared handle: clones draw from the same bucket.
#[derive(Clone)]
pub struct ReadBudget {
    limiter: Arc<DefaultDirectRateLimiter>,
    per_hour: u32,
}

impl std::fmt::Debug for ReadBudget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ReadBudget({}/h)", self.per_hour)
    }
}

impl ReadBudget {
    pub fn per_hour(reads: NonZeroU32) -> Self {
        Self {
            limiter: Arc::new(RateLimiter::direct(Quota::per_hour(reads))),
            per_hour: reads.get(),
        }
    }

    pub fn reads_per_hour(&self) -> u32 {
        self.per_hour
    }

    /// Takes one read, or says how long until one is possible.
    pub(crate) fn take(&self) -> Result<(), Duration> {
        self.limiter
            .check()
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

impl Default for ReadBudget {
    fn default() -> Self {
        Self::per_hour(NonZeroU32::new(READS_PER_HOUR).expect("non-zero"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_refusal_with_a_wait() {
        let budget = ReadBudget::per_hour(NonZeroU32::new(3).unwrap());
        let shared = budget.clone();
        assert!(budget.take().is_ok());
        assert!(shared.take().is_ok());
        assert!(budget.take().is_ok());
        let wait = shared.take().unwrap_err();
        assert!(
            wait > Duration::from_secs(60) && wait <= Duration::from_secs(1200),
            "{wait:?}"
        );
    }
}
