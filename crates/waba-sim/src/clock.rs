//! The sandbox's notion of "now". Tests move it forward to cross expiry and rate-limit windows
//! (a 24 h user token, a 72 h register window) without waiting; it also renders times the way
//! Graph writes them (Pacific-time expiry messages, `+0000` datetimes).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use time::macros::{format_description, offset, time};
use time::{Date, Month, OffsetDateTime, Weekday};

use crate::lock;

/// The clock can be moved forward at most this far (about 100 years), so `now()` never overflows.
const MAX_OFFSET: Duration = Duration::from_secs(100 * 366 * 24 * 3600);

/// Wall-clock time plus an offset the tests control. Clones share the offset.
#[derive(Debug, Clone, Default)]
pub struct SimClock {
    offset: Arc<Mutex<Duration>>,
}

impl SimClock {
    /// The simulated current time (UTC).
    pub fn now(&self) -> OffsetDateTime {
        let offset = *lock(&self.offset);
        OffsetDateTime::now_utc() + offset
    }

    /// Moves the clock forward by `d` (saturating at about a century of total offset).
    pub fn advance(&self, d: Duration) {
        let mut offset = lock(&self.offset);
        *offset = offset.saturating_add(d).min(MAX_OFFSET);
    }
}

/// `Wednesday, 05-Mar-25 10:00:00 PST`: how Graph prints times in its expired-session message
/// (US Pacific time, with PDT during daylight saving time).
pub(crate) fn pacific_text(t: OffsetDateTime) -> String {
    let (local, zone) = if is_us_daylight_time(t) {
        (t.to_offset(offset!(-7)), "PDT")
    } else {
        (t.to_offset(offset!(-8)), "PST")
    };
    let text = local
        .format(format_description!(
            "[weekday], [day]-[month repr:short]-[year repr:last_two] [hour]:[minute]:[second]"
        ))
        .unwrap_or_default();
    format!("{text} {zone}")
}

/// `2025-08-22T19:12:43+0000`: Graph's datetime field format.
pub(crate) fn graph_datetime(t: OffsetDateTime) -> String {
    t.to_offset(offset!(UTC))
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]+0000"
        ))
        .unwrap_or_default()
}

/// RFC 3339 in UTC, for the control API.
pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    t.to_offset(offset!(UTC))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// US daylight time runs from 02:00 PST on the second Sunday of March (10:00 UTC) to 02:00 PDT on
/// the first Sunday of November (09:00 UTC).
fn is_us_daylight_time(t: OffsetDateTime) -> bool {
    let year = t.year();
    match (
        nth_sunday(year, Month::March, 2),
        nth_sunday(year, Month::November, 1),
    ) {
        (Some(start), Some(end)) => {
            let start = start.with_time(time!(10:00)).assume_utc();
            let end = end.with_time(time!(09:00)).assume_utc();
            t >= start && t < end
        }
        _ => false,
    }
}

fn nth_sunday(year: i32, month: Month, n: u8) -> Option<Date> {
    let first = Date::from_calendar_date(year, month, 1).ok()?;
    let to_sunday = (7 - first.weekday().number_days_from_sunday()) % 7;
    let day = 1 + to_sunday + 7 * (n - 1);
    let date = Date::from_calendar_date(year, month, day).ok()?;
    (date.weekday() == Weekday::Sunday).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn pacific_text_uses_pst_and_pdt() {
        assert_eq!(
            pacific_text(datetime!(2025-03-05 18:00:00 UTC)),
            "Wednesday, 05-Mar-25 10:00:00 PST"
        );
        assert_eq!(
            pacific_text(datetime!(2025-07-01 17:30:05 UTC)),
            "Tuesday, 01-Jul-25 10:30:05 PDT"
        );
        // 2025: DST from 9 March 10:00 UTC to 2 November 09:00 UTC.
        assert!(pacific_text(datetime!(2025-03-09 09:59:59 UTC)).ends_with("PST"));
        assert!(pacific_text(datetime!(2025-03-09 10:00:00 UTC)).ends_with("PDT"));
        assert!(pacific_text(datetime!(2025-11-02 08:59:59 UTC)).ends_with("PDT"));
        assert!(pacific_text(datetime!(2025-11-02 09:00:00 UTC)).ends_with("PST"));
    }

    #[test]
    fn graph_datetime_format() {
        assert_eq!(
            graph_datetime(datetime!(2025-08-22 19:12:43 UTC)),
            "2025-08-22T19:12:43+0000"
        );
    }

    #[test]
    fn advance_moves_now_and_is_shared_by_clones() {
        let clock = SimClock::default();
        let copy = clock.clone();
        let before = clock.now();
        copy.advance(Duration::from_secs(72 * 3600));
        let moved = clock.now() - before;
        assert!(moved >= time::Duration::hours(72), "{moved}");
        assert!(moved < time::Duration::hours(73), "{moved}");
        clock.advance(Duration::MAX);
        assert!(clock.now().year() > before.year() + 90);
    }
}
