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

struct Known {
    name: &'static str,
    released: Date,
    available_until: Option<Date>,
}

const KNOWN: &[Known] = &[
    Known {
        name: "v26.0",
        released: date!(2026 - 07 - 29),
        available_until: None,
    },
    Known {
        name: "v25.0",
        released: date!(2026 - 02 - 18),
        available_until: Some(date!(2028 - 07 - 29)),
    },
    Known {
        name: "v24.0",
        released: date!(2025 - 10 - 08),
        available_until: Some(date!(2028 - 02 - 18)),
    },
    Known {
        name: "v23.0",
        released: date!(2025 - 05 - 29),
        available_until: Some(date!(2027 - 10 - 08)),
    },
    Known {
        name: "v22.0",
        released: date!(2025 - 01 - 21),
        available_until: Some(date!(2027 - 05 - 20)),
    },
    Known {
        name: "v21.0",
        released: date!(2024 - 10 - 02),
        available_until: Some(date!(2027 - 01 - 21)),
    },
    Known {
        name: "v20.0",
        released: date!(2024 - 05 - 21),
        available_until: Some(date!(2026 - 09 - 24)),
    },
    Known {
        name: "v19.0",
        released: date!(2024 - 01 - 23),
        available_until: Some(date!(2026 - 05 - 21)),
    },
    Known {
        name: "v18.0",
        released: date!(2023 - 09 - 12),
        available_until: Some(date!(2026 - 01 - 26)),
    },
    Known {
        name: "v17.0",
        released: date!(2023 - 05 - 23),
        available_until: Some(date!(2025 - 09 - 12)),
    },
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

/// The whole table, newest first, with each version's status on `today`.
pub fn known_versions(today: Date) -> Vec<ApiVersionInfo> {
    KNOWN
        .iter()
        .map(|k| ApiVersionInfo {
            name: k.name.to_owned(),
            released: Some(iso(k.released)),
            available_until: k.available_until.map(iso),
            status: status_of(k.available_until, today),
        })
        .collect()
}

/// What the console knows of one version string.
pub fn describe(name: &str, today: Date) -> ApiVersionInfo {
    KNOWN.iter().find(|k| k.name == name).map_or_else(
        || ApiVersionInfo {
            name: name.to_owned(),
            released: None,
            available_until: None,
            status: VersionStatus::Unknown,
        },
        |k| ApiVersionInfo {
            name: k.name.to_owned(),
            released: Some(iso(k.released)),
            available_until: k.available_until.map(iso),
            status: status_of(k.available_until, today),
        },
    )
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
        assert_eq!(KNOWN[0].name, DEFAULT_API_VERSION);
        assert!(KNOWN.windows(2).all(|w| w[0].released > w[1].released));
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
