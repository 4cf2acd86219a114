//! The Business Use Case usage that Graph reports in `X-Business-Use-Case-Usage` (facts §13).
//!
//! Meta limits the WhatsApp management calls per app and per WABA over a rolling hour: 200 calls
//! by default, 5,000 once the WABA has a registered number, counted on `GET /{waba}`,
//! `GET /{waba}/phone_numbers`, `/{waba}/message_templates`, `/{waba}/subscribed_apps` and
//! `GET /{phone-number-id}`. Graph tells the caller how much is used in a response header keyed by
//! the WABA (business) ID:
//!
//! ```text
//! x-business-use-case-usage: {"102290129340398":[{"type":"whatsapp","call_count":3,
//!   "total_cputime":3,"total_time":3,"estimated_time_to_regain_access":0}]}
//! ```
//!
//! Values are percentages of the limit (100 means throttled) and
//! `estimated_time_to_regain_access` is in minutes. The sandbox counts the calls above on the sim
//! clock; it has no CPU model, so `total_cputime` and `total_time` report the same share as
//! `call_count`. Nothing refuses calls here: the budget is reported, not enforced.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde_json::json;
use time::{Duration, OffsetDateTime};

use crate::lock;

/// The header's name, as Graph sends it.
pub(crate) const HEADER: &str = "x-business-use-case-usage";
/// Calls per rolling hour for a WABA without a registered number.
pub(crate) const DEFAULT_LIMIT: u32 = 200;
/// Calls per rolling hour once the WABA has a registered number.
pub(crate) const REGISTERED_LIMIT: u32 = 5_000;
const WINDOW: Duration = Duration::hours(1);

/// The counted calls of the sandbox's WABA, shared by every request handler.
#[derive(Debug, Clone, Default)]
pub(crate) struct Usage {
    calls: Arc<Mutex<VecDeque<OffsetDateTime>>>,
}

impl Usage {
    /// Counts one management call made at `now`.
    pub(crate) fn count(&self, now: OffsetDateTime) {
        let mut calls = lock(&self.calls);
        prune(&mut calls, now);
        calls.push_back(now);
    }

    /// The header value for `waba_id` at `now`, against `limit` calls per hour.
    pub(crate) fn header(&self, waba_id: &str, limit: u32, now: OffsetDateTime) -> String {
        let mut calls = lock(&self.calls);
        prune(&mut calls, now);
        let count = calls.len() as u64;
        let limit = u64::from(limit.max(1));
        // A share of the limit, rounded down, but never 0 once a call is counted (as Graph's
        // `"call_count":1` after a single call).
        let percent = match count * 100 / limit {
            0 if count > 0 => 1,
            p => p,
        };
        let regain_minutes = if count >= limit {
            // Access comes back when enough of the oldest calls have left the window.
            let index = (count - limit) as usize;
            let back_at = calls[index] + WINDOW;
            let seconds = (back_at - now).whole_seconds().max(0);
            (seconds + 59) / 60
        } else {
            0
        };
        json!({ waba_id: [{
            "type": "whatsapp",
            "call_count": percent,
            "total_cputime": percent,
            "total_time": percent,
            "estimated_time_to_regain_access": regain_minutes,
        }]})
        .to_string()
    }
}

fn prune(calls: &mut VecDeque<OffsetDateTime>, now: OffsetDateTime) {
    while calls.front().is_some_and(|&t| t + WINDOW <= now) {
        calls.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-01 10:00 UTC);

    fn entry(header: &str) -> Value {
        let value: Value = serde_json::from_str(header).unwrap();
        value["102290129340398"][0].clone()
    }

    #[test]
    fn grows_with_each_counted_call_and_keys_by_the_waba() {
        let usage = Usage::default();
        assert_eq!(
            entry(&usage.header("102290129340398", 200, NOW))["call_count"],
            0
        );
        usage.count(NOW);
        let one = entry(&usage.header("102290129340398", 200, NOW));
        assert_eq!(one["type"], "whatsapp");
        assert_eq!(one["call_count"], 1);
        assert_eq!(one["total_cputime"], 1);
        assert_eq!(one["total_time"], 1);
        assert_eq!(one["estimated_time_to_regain_access"], 0);
        for _ in 0..99 {
            usage.count(NOW);
        }
        assert_eq!(
            entry(&usage.header("102290129340398", 200, NOW))["call_count"],
            50
        );
        assert_eq!(
            entry(&usage.header("102290129340398", 5_000, NOW))["call_count"],
            2
        );
    }

    #[test]
    fn a_used_up_hour_says_when_access_comes_back_and_calls_age_out() {
        let usage = Usage::default();
        usage.count(NOW);
        for _ in 0..199 {
            usage.count(NOW + Duration::minutes(30));
        }
        let full = entry(&usage.header("102290129340398", 200, NOW + Duration::minutes(30)));
        assert_eq!(full["call_count"], 100);
        assert_eq!(full["estimated_time_to_regain_access"], 30);
        let later = entry(&usage.header("102290129340398", 200, NOW + Duration::minutes(61)));
        assert_eq!(later["call_count"], 99);
        assert_eq!(later["estimated_time_to_regain_access"], 0);
        let after = entry(&usage.header("102290129340398", 200, NOW + Duration::minutes(91)));
        assert_eq!(after["call_count"], 0);
    }
}
