//! How fast the console sends, and which refused sends it tries again: Meta's throughput and pair
//! limits as constants (facts §13) for the per-number rate limiter, the codes retried with
//! backoff and jitter (facts §2.3), a bounded number of retries, and the schedule as a pure
//! function of the attempt and an injected random source, so tests choose the jitter.
//!
//! A send that got no answer (timed out, or the connection dropped after the request went out)
//! is never retried: Meta may have accepted it, and a second copy would reach the recipient. It
//! is recorded as "outcome unknown" and reconciled when a status webhook arrives.

use std::time::Duration;

/// Messages per second a registered number may send by default (facts §13).
pub const DEFAULT_MESSAGES_PER_SECOND: u32 = 80;
/// After Meta's automatic upgrade (facts §13: unlimited messaging limit, 100,000 unique users
/// outside the window in 24 h, quality YELLOW or better; nothing to request).
pub const UPGRADED_MESSAGES_PER_SECOND: u32 = 1_000;
/// Numbers on the WhatsApp Business app and the API at once (coexistence) (facts §13).
pub const COEXISTENCE_MESSAGES_PER_SECOND: u32 = 20;
/// The pair limit: one message every 6 seconds to the same recipient (facts §13) ...
pub const PAIR_INTERVAL: Duration = Duration::from_secs(6);
/// ... with bursts of up to 45 that borrow future quota: a burst of 20 costs about 2 minutes
/// (20 × 6 s) before the next message to that recipient (facts §13). Exceeding it: 131056.
pub const PAIR_BURST: u32 = 45;

/// Retries after the first attempt, at most.
pub const MAX_RETRIES: u32 = 4;
/// No wait is longer than this, jitter included.
pub const MAX_DELAY: Duration = Duration::from_secs(120);
/// The jitter adds up to this fraction of the nominal delay (never less than the nominal delay,
/// so a retry never comes sooner than the limit allows).
pub const JITTER: f64 = 0.25;

/// Why a refused send is tried again; each cause has its own schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryCause {
    /// 130429: the number's throughput is reached; it frees up within a second.
    Throughput,
    /// 131056: the pair limit; Meta suggests 4^X seconds, never sooner than 6 s.
    PairLimit,
    /// 4 (app) and 80007 (WABA): call-rate limits over a longer period.
    CallRate,
    /// 1, 2, 131000, 131016 and HTTP 5xx: Meta's own trouble, usually brief.
    Transient,
}

/// The Graph codes retried with backoff, with their cause (facts §2.3).
pub const RETRIED_CODES: &[(i64, RetryCause)] = &[
    (130429, RetryCause::Throughput),
    (131056, RetryCause::PairLimit),
    (4, RetryCause::CallRate),
    (80007, RetryCause::CallRate),
    (1, RetryCause::Transient),
    (2, RetryCause::Transient),
    (131000, RetryCause::Transient),
    (131016, RetryCause::Transient),
];

/// What came of one attempt that did not succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailedAttempt {
    /// Meta answered: the HTTP status and, when the body was Graph's error envelope, its code.
    Answered { http_status: u16, code: Option<i64> },
    /// No answer: timed out, or the connection dropped after the request was sent.
    NoAnswer,
}

/// What the sender does next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RetryDecision {
    /// Wait, then send again.
    RetryAfter(Duration),
    /// Give up: the answer is final (or the retries are used up); the send is failed.
    GiveUp,
    /// Do not send again and do not call it failed: Meta may have accepted it.
    OutcomeUnknown,
}

/// The cause for a refused send, `None` when retrying cannot help. A Graph code decides when
/// there is one (a 500 with 131045, a certificate problem, is not retried); without one, a 5xx is
/// transient and a bare 429 is throughput (capacity throttling sometimes comes without a code,
/// facts §13).
pub fn retry_cause(http_status: u16, code: Option<i64>) -> Option<RetryCause> {
    match code {
        Some(code) => RETRIED_CODES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, cause)| *cause),
        None if http_status == 429 => Some(RetryCause::Throughput),
        None => (500..600)
            .contains(&http_status)
            .then_some(RetryCause::Transient),
    }
}

/// A random source for the jitter: each call gives a number in `[0, 1)`. Any `FnMut() -> f64`
/// is one, so tests pass a closure with fixed values.
pub trait Jitter {
    fn fraction(&mut self) -> f64;
}

impl<F: FnMut() -> f64> Jitter for F {
    fn fraction(&mut self) -> f64 {
        self()
    }
}

/// The nominal wait before retry `retry` (1-based) for `cause`, without jitter.
fn nominal(cause: RetryCause, retry: u32) -> Duration {
    let exponent = retry.saturating_sub(1).min(16);
    match cause {
        // 1, 2, 4, 8 s.
        RetryCause::Throughput | RetryCause::Transient => Duration::from_secs(1 << exponent),
        // Meta's 4^X s (1, 4, 16, 64), never under the 6-second pair interval: 6, 6, 16, 64 s.
        RetryCause::PairLimit => Duration::from_secs(4u64.pow(exponent)).max(PAIR_INTERVAL),
        // 10, 20, 40, 80 s.
        RetryCause::CallRate => Duration::from_secs(10 << exponent),
    }
}

/// The wait before retry `retry` (1-based): the nominal delay plus up to [`JITTER`] of it, drawn
/// from `jitter`, capped at [`MAX_DELAY`].
pub fn backoff_delay(cause: RetryCause, retry: u32, jitter: &mut impl Jitter) -> Duration {
    let base = nominal(cause, retry);
    let fraction = jitter.fraction().clamp(0.0, 1.0);
    base.mul_f64(1.0 + JITTER * fraction).min(MAX_DELAY)
}

/// Every wait of a cause's schedule, [`MAX_RETRIES`] of them.
pub fn backoff_schedule(cause: RetryCause, jitter: &mut impl Jitter) -> Vec<Duration> {
    (1..=MAX_RETRIES)
        .map(|retry| backoff_delay(cause, retry, jitter))
        .collect()
}

/// What to do after `failure`, when `retries_done` retries have already been made.
pub fn retry_decision(
    failure: FailedAttempt,
    retries_done: u32,
    jitter: &mut impl Jitter,
) -> RetryDecision {
    match failure {
        FailedAttempt::NoAnswer => RetryDecision::OutcomeUnknown,
        FailedAttempt::Answered { http_status, code } => match retry_cause(http_status, code) {
            Some(cause) if retries_done < MAX_RETRIES => {
                RetryDecision::RetryAfter(backoff_delay(cause, retries_done + 1, jitter))
            }
            _ => RetryDecision::GiveUp,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{lookup, RetryAdvice};

    fn none() -> impl Jitter {
        || 0.0
    }

    fn secs(list: &[u64]) -> Vec<Duration> {
        list.iter().map(|s| Duration::from_secs(*s)).collect()
    }

    #[test]
    fn the_retried_codes_are_the_ones_the_catalogue_says_to_back_off_on() {
        for (code, _) in RETRIED_CODES {
            let entry =
                lookup(*code, None).unwrap_or_else(|| panic!("{code} is not in the catalogue"));
            assert!(
                matches!(entry.retry, RetryAdvice::Backoff { .. }),
                "{code}: {:?}",
                entry.retry
            );
        }
    }

    #[test]
    fn which_answers_are_retried() {
        assert_eq!(retry_cause(400, Some(130429)), Some(RetryCause::Throughput));
        assert_eq!(retry_cause(400, Some(131056)), Some(RetryCause::PairLimit));
        assert_eq!(retry_cause(400, Some(80007)), Some(RetryCause::CallRate));
        assert_eq!(retry_cause(503, Some(2)), Some(RetryCause::Transient));
        assert_eq!(retry_cause(502, None), Some(RetryCause::Transient));
        assert_eq!(retry_cause(500, Some(131016)), Some(RetryCause::Transient));
        assert_eq!(retry_cause(429, None), Some(RetryCause::Throughput));
        for (status, code) in [
            (400, Some(131047)),
            (400, Some(131030)),
            (404, Some(132001)),
            (401, Some(190)),
            (400, None),
        ] {
            assert_eq!(retry_cause(status, code), None, "{status} {code:?}");
        }
        // A code that retrying cannot help is not retried on a 5xx either: the code decides.
        assert_eq!(retry_cause(500, Some(131045)), None);
    }

    #[test]
    fn schedules_without_jitter() {
        assert_eq!(
            backoff_schedule(RetryCause::Throughput, &mut none()),
            secs(&[1, 2, 4, 8])
        );
        assert_eq!(
            backoff_schedule(RetryCause::Transient, &mut none()),
            secs(&[1, 2, 4, 8])
        );
        assert_eq!(
            backoff_schedule(RetryCause::PairLimit, &mut none()),
            secs(&[6, 6, 16, 64])
        );
        assert_eq!(
            backoff_schedule(RetryCause::CallRate, &mut none()),
            secs(&[10, 20, 40, 80])
        );
    }

    #[test]
    fn jitter_only_lengthens_the_wait_and_is_capped() {
        let mut high = || 0.999_999;
        let delays = backoff_schedule(RetryCause::PairLimit, &mut high);
        for (delay, nominal) in delays.iter().zip(secs(&[6, 6, 16, 64])) {
            assert!(
                *delay >= nominal && *delay <= nominal.mul_f64(1.0 + JITTER),
                "{delay:?} vs {nominal:?}"
            );
        }
        let mut values = [0.5, 0.0, 1.0, 7.0, -3.0].into_iter();
        let mut scripted = move || values.next().unwrap();
        assert_eq!(
            backoff_delay(RetryCause::Throughput, 3, &mut scripted),
            Duration::from_millis(4_500)
        );
        assert_eq!(
            backoff_delay(RetryCause::Throughput, 3, &mut scripted),
            Duration::from_secs(4)
        );
        assert_eq!(
            backoff_delay(RetryCause::Throughput, 3, &mut scripted),
            Duration::from_secs(5)
        );
        // Out-of-range fractions are clamped.
        assert_eq!(
            backoff_delay(RetryCause::Throughput, 3, &mut scripted),
            Duration::from_secs(5)
        );
        assert_eq!(
            backoff_delay(RetryCause::Throughput, 3, &mut scripted),
            Duration::from_secs(4)
        );
        assert_eq!(
            backoff_delay(RetryCause::CallRate, 30, &mut || 1.0),
            MAX_DELAY
        );
    }

    #[test]
    fn retries_are_bounded_and_a_missing_answer_is_never_retried() {
        let throttled = FailedAttempt::Answered {
            http_status: 400,
            code: Some(130429),
        };
        assert_eq!(
            retry_decision(throttled, 0, &mut none()),
            RetryDecision::RetryAfter(Duration::from_secs(1))
        );
        assert_eq!(
            retry_decision(throttled, MAX_RETRIES - 1, &mut none()),
            RetryDecision::RetryAfter(Duration::from_secs(8))
        );
        assert_eq!(
            retry_decision(throttled, MAX_RETRIES, &mut none()),
            RetryDecision::GiveUp
        );
        let final_answer = FailedAttempt::Answered {
            http_status: 400,
            code: Some(131047),
        };
        assert_eq!(
            retry_decision(final_answer, 0, &mut none()),
            RetryDecision::GiveUp
        );
        assert_eq!(
            retry_decision(FailedAttempt::NoAnswer, 0, &mut none()),
            RetryDecision::OutcomeUnknown
        );
    }
}
