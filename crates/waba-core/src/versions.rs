//! Graph API versions and their end of life.
//!
//! Graph has no endpoint that lists versions, so the console ships Meta's table. The seed's "v21 is
//! current" is out of date: v26.0 (29 Jul 2026) is the newest and new profiles default to it.

use serde::{Deserialize, Serialize};
use time::{macros::date, Date};
use ts_rs::TS;

/// The version new profiles use.
pub const DEFAULT_API_VERSION: &str = "v26.0";

/// Warn this many days before a version stops being served.
pub const EXPIRY_WARNING_DAYS: i64 = 90;

/// Meta's table: name, release date, last day served (`None`: not announced).
#[rustfmt::skip]
const KNOWN: &[(&str, Date, Option<Date>)] = &[
    ("v26.0", date!(2026 - 07 - 29), None),
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
    /// Not in the console's table (newer than it, or mistyped).
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

/// What the console knows of one version string.
pub fn describe(name: &str, today: Date) -> ApiVersionInfo {
    match KNOWN.iter().find(|k| k.0 == name) {
        Some(k) => info(k, today),
        None => ApiVersionInfo {
            name: name.to_owned(),
            released: None,
            available_until: None,
            status: VersionStatus::Unknown,
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
    fn statuses_follow_the_calendar() {
        let today = date!(2026 - 11 - 26);
        assert_eq!(describe("v26.0", today).status, VersionStatus::Current);
        assert_eq!(describe("v21.0", today).status, VersionStatus::ExpiringSoon);
        assert_eq!(describe("v20.0", today).status, VersionStatus::Expired);
        assert_eq!(describe("v99.0", today).status, VersionStatus::Unknown);
        assert_eq!(
            describe("v21.0", today).available_until.as_deref(),
            Some("2027-01-21")
        );
    }

    #[test]
    fn version_strings_are_checked() {
        assert_eq!(parse_version(" v24.0 ").unwrap(), "v24.0");
        assert!(parse_version("24.0").is_err());
        assert!(parse_version("v24").is_err());
        assert!(parse_version("v24.1").is_err());
        assert!(parse_version("vx.0").is_err());
    }
}
