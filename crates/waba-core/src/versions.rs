//! Graph API versions and their end of life.
//!
//! Graph has no endpoint that lists versions, so the console ships Meta's table and says when it was
//! last updated. The seed's "v21 is current" is out of date: v27.0 (4 Nov 2026) is the newest, new
//! profiles default to it, and v21.0 stops being served on 21 Jan 2027. A version newer than the
//! table (Meta releases one every few months) is accepted and reported as such, not as unknown.

use serde::{Deserialize, Serialize};
use time::{macros::date, Date};
use ts_rs::TS;

/// The version new profiles use.
pub const DEFAULT_API_VERSION: &str = "v27.0";

/// Warn this many days before a version stops being served.
pub const EXPIRY_WARNING_DAYS: i64 = 90;

/// When [`KNOWN`] was last checked against Meta's changelog.
pub const TABLE_UPDATED: Date = date!(2026 - 12 - 01);

/// Meta's table, newest first: name, release date, the day it stops being served (`None`: not
/// announced). A version stops two years after the next one is released, so v26.0 ends about
/// 4 Nov 2028 (v27.0's release plus two years) although Meta's page still says TBD.
#[rustfmt::skip]
const KNOWN: &[(&str, Date, Option<Date>)] = &[
    ("v27.0", date!(2026 - 11 - 04), None),
    ("v26.0", date!(2026 - 07 - 29), Some(date!(2028 - 11 - 04))),
    ("v25.0", date!(2026 - 02 - 18), Some(date!(2028 - 07 - 29))),
    ("v24.0", date!(2025 - 10 - 08), Some(date!(2028 - 02 - 18))),
    ("v23.0", date!(2025 - 05 - 29), Some(date!(2027 - 10 - 08))),
    ("v22.0", date!(2025 - 01 - 21), Some(date!(2027 - 05 - 20))),
    ("v21.0", date!(2024 - 10 - 02), Some(date!(2027 - 01 - 21))),
    ("v20.0", date!(2024 - 05 - 21), Some(date!(2026 - 09 - 24))),
    ("v19.0", date!(2024 - 01 - 23), Some(date!(2026 - 05 - 21))),
    ("v18.0", date!(2023 - 09 - 12), Some(date!(2026 - 01 - 26))),
    ("v17.0", date!(2023 - 05 - 23), Some(date!(2025 - 09 - 12))),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum VersionStatus {
    Current,
    ExpiringSoon,
    Expired,
    /// Newer than every version in the console's table (released after [`TABLE_UPDATED`]):
    /// accepted, with no dates the console could know.
    Newer,
    /// Not in the console's table and not newer than it (older than its oldest entry, or mistyped).
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ApiVersionInfo {
    pub name: String,
    /// ISO date.
    pub released: Option<String>,
    /// ISO date; `None` while Meta has not announced it.
    pub available_until: Option<String>,
    pub status: VersionStatus,
}

fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn status_of(available_until: Option<Date>, today: Date) -> VersionStatus {
    match available_until {
        Some(end) if end < today => VersionStatus::Expired,
        Some(end) if (end - today).whole_days() <= EXPIRY_WARNING_DAYS => {
            VersionStatus::ExpiringSoon
        }
        _ => VersionStatus::Current,
    }
}

fn info(
    &(name, released, available_until): &(&str, Date, Option<Date>),
    today: Date,
) -> ApiVersionInfo {
    ApiVersionInfo {
        name: name.to_owned(),
        released: Some(iso(released)),
        available_until: available_until.map(iso),
        status: status_of(available_until, today),
    }
}

/// The whole table, newest first, with each version's status on `today`.
pub fn known_versions(today: Date) -> Vec<ApiVersionInfo> {
    KNOWN.iter().map(|k| info(k, today)).collect()
}

/// [`TABLE_UPDATED`] as an ISO date.
pub fn table_updated() -> String {
    iso(TABLE_UPDATED)
}

/// `v27.0` → 27; anything not shaped `vNN.0` → `None`.
fn major(name: &str) -> Option<u32> {
    name.strip_prefix('v')?.strip_suffix(".0")?.parse().ok()
}

/// The first version that has `whatsapp_business_manager_messaging_limit` (facts §1, §4.2).
pub const PORTFOLIO_LIMIT_SINCE: u32 = 24;

/// The field that reads a number's messaging limit on `version`: the portfolio limit
/// `whatsapp_business_manager_messaging_limit` from v24.0, which v23.0 and older refuse with
/// `(#100) Tried accessing nonexisting field`, so the deprecated `messaging_limit_tier` before it.
/// A version string of another shape is taken as new.
pub fn messaging_limit_field(version: &str) -> &'static str {
    match major(version) {
        Some(m) if m < PORTFOLIO_LIMIT_SINCE => "messaging_limit_tier",
        _ => "whatsapp_business_manager_messaging_limit",
    }
}

/// What the console knows of one version string.
pub fn describe(name: &str, today: Date) -> ApiVersionInfo {
    if let Some(k) = KNOWN.iter().find(|k| k.0 == name) {
        return info(k, today);
    }
    let newest = KNOWN.iter().filter_map(|k| major(k.0)).max();
    let newer = matches!((major(name), newest), (Some(m), Some(n)) if m > n);
    ApiVersionInfo {
        name: name.to_owned(),
        released: None,
        available_until: None,
        status: if newer {
            VersionStatus::Newer
        } else {
            VersionStatus::Unknown
        },
    }
}

/// Checks the shape `vNN.0` and returns it trimmed, or why it is refused.
pub fn parse_version(input: &str) -> Result<String, String> {
    let v = input.trim();
    let ok = v
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| {
            !major.is_empty() && major.bytes().all(|b| b.is_ascii_digit()) && minor == "0"
        });
    if ok {
        Ok(v.to_owned())
    } else {
        Err(format!(
            "API version must look like {DEFAULT_API_VERSION} (a \"v\", the major number, \".0\"); \"{v}\" does not."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_the_newest_known_version() {
        assert_eq!(KNOWN[0].0, DEFAULT_API_VERSION);
        assert!(KNOWN.windows(2).all(|w| w[0].1 > w[1].1));
    }

    #[test]
    fn the_table_matches_metas_december_2026_changelog() {
        assert_eq!(DEFAULT_API_VERSION, "v27.0");
        assert_eq!(table_updated(), "2026-12-01");
        let at = |name: &str| {
            let v = describe(name, TABLE_UPDATED);
            (v.released, v.available_until)
        };
        let day = |d: &str| Some(d.to_owned());
        assert_eq!(at("v27.0"), (day("2026-11-04"), None));
        assert_eq!(at("v26.0"), (day("2026-07-29"), day("2028-11-04")));
        assert_eq!(at("v21.0"), (day("2024-10-02"), day("2027-01-21")));
        assert_eq!(at("v20.0"), (day("2024-05-21"), day("2026-09-24")));
        // v26.0's end is not announced yet; the two-year rule gives v27.0's release + 2 years.
        let (v27, v26) = (KNOWN[0], KNOWN[1]);
        assert_eq!(v26.2, v27.1.replace_year(v27.1.year() + 2).ok());
    }

    #[test]
    fn statuses_follow_the_calendar() {
        let today = date!(2026 - 12 - 01);
        assert_eq!(describe("v27.0", today).status, VersionStatus::Current);
        assert_eq!(describe("v26.0", today).status, VersionStatus::Current);
        assert_eq!(describe("v21.0", today).status, VersionStatus::ExpiringSoon);
        assert_eq!(describe("v20.0", today).status, VersionStatus::Expired);
    }

    #[test]
    fn the_warning_starts_90_days_before_the_end() {
        // v21.0 stops on 2027-01-21: 90 days before is 2026-10-23.
        let status = |today| describe("v21.0", today).status;
        assert_eq!(status(date!(2026 - 10 - 22)), VersionStatus::Current);
        assert_eq!(status(date!(2026 - 10 - 23)), VersionStatus::ExpiringSoon);
        assert_eq!(status(date!(2027 - 01 - 20)), VersionStatus::ExpiringSoon);
        assert_eq!(status(date!(2027 - 01 - 22)), VersionStatus::Expired);
    }

    #[test]
    fn a_version_newer_than_the_table_is_newer_not_unknown() {
        let today = date!(2027 - 06 - 01);
        for name in ["v28.0", "v30.0"] {
            let v = describe(name, today);
            assert_eq!(v.status, VersionStatus::Newer, "{name}");
            assert_eq!((v.released, v.available_until), (None, None));
            assert_eq!(parse_version(name).as_deref(), Ok(name));
        }
        // Older than the table's oldest entry, or not a version at all: unknown.
        assert_eq!(describe("v16.0", today).status, VersionStatus::Unknown);
        assert_eq!(describe("latest", today).status, VersionStatus::Unknown);
    }

    #[test]
    fn version_strings_are_checked() {
        assert_eq!(parse_version(" v24.0 ").unwrap(), "v24.0");
        assert!(parse_version("24.0").is_err());
        assert!(parse_version("v24").is_err());
        assert!(parse_version("v24.1").is_err());
        assert!(parse_version("vx.0").is_err());
    }

    #[test]
    fn the_portfolio_limit_field_is_asked_for_from_v24_only() {
        for v in ["v24.0", "v27.0", "v28.0"] {
            assert_eq!(
                messaging_limit_field(v),
                "whatsapp_business_manager_messaging_limit",
                "{v}"
            );
        }
        for v in ["v23.0", "v22.0", "v17.0"] {
            assert_eq!(messaging_limit_field(v), "messaging_limit_tier", "{v}");
        }
    }
}
