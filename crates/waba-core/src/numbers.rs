//! Phone numbers and their registration: what each status means, the PIN rule, and the console's
//! own budget of register/deregister calls.
//!
//! Meta allows 10 register and 10 deregister calls per number in 72 hours, then locks the number
//! (133016). The console counts its own attempts, shows the budget before each call, asks for
//! confirmation past 7, and never retries either call by itself.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::FieldError;
use crate::graph_states::{
    AccountMode, Explained, HealthAvailability, MessagingLimit, NameStatus, NumberStatus,
    OwnershipStatus, PlatformType, QualityRating, ThroughputLevel,
};
use crate::secret::Secret;

pub const ATTEMPT_LIMIT: u32 = 10;
pub const ATTEMPT_WINDOW_HOURS: u32 = 72;
/// Past this many attempts in the window, the admin must confirm each further one.
pub const CONFIRM_AFTER: u32 = 7;

/// Meta's data-localization (Local Storage) regions for `/register` (facts §7.1): ISO 3166
/// alpha-2 code and country. The only list: the sandbox checks against it and the window reads it
/// from `AppInfo.dataRegions`.
pub const DATA_REGIONS: &[(&str, &str)] = &[
    ("AU", "Australia"),
    ("ID", "Indonesia"),
    ("IN", "India"),
    ("JP", "Japan"),
    ("SG", "Singapore"),
    ("KR", "South Korea"),
    ("DE", "Germany (EU)"),
    ("CH", "Switzerland"),
    ("GB", "United Kingdom"),
    ("BR", "Brazil"),
    ("BH", "Bahrain"),
    ("ZA", "South Africa"),
    ("AE", "United Arab Emirates"),
    ("CA", "Canada"),
];

/// One Local Storage region, for the register form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DataRegion {
    /// What `/register` takes as `data_localization_region`, e.g. `CH`.
    pub code: String,
    pub country: String,
}

/// [`DATA_REGIONS`] as IPC values.
pub fn data_regions() -> Vec<DataRegion> {
    DATA_REGIONS
        .iter()
        .map(|(code, country)| DataRegion {
            code: (*code).to_owned(),
            country: (*country).to_owned(),
        })
        .collect()
}

/// Whether `code` (exactly, upper case) is a Local Storage region.
pub fn is_data_region(code: &str) -> bool {
    DATA_REGIONS.iter().any(|(c, _)| *c == code)
}

/// The region codes, comma-separated, for messages.
pub fn region_codes() -> String {
    DATA_REGIONS
        .iter()
        .map(|(c, _)| *c)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A two-step verification PIN: exactly six digits, leading zeros kept. Never echoed.
pub fn parse_pin(input: &str) -> Result<String, FieldError> {
    let pin = input.trim();
    if pin.len() == 6 && pin.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(pin.to_owned());
    }
    let what = if pin.is_empty() {
        "is empty".to_owned()
    } else if pin.bytes().all(|b| b.is_ascii_digit()) {
        format!("has {} digits", pin.len())
    } else {
        "contains characters other than digits".to_owned()
    };
    Err(FieldError::new(
        "pin",
        format!(
            "The PIN {what}; it must be exactly six digits (leading zeros are fine, e.g. 012345)."
        ),
    ))
}

/// Checks a data-localization region code.
pub fn parse_region(input: &str) -> Result<String, FieldError> {
    let region = input.trim().to_ascii_uppercase();
    if is_data_region(&region) {
        Ok(region)
    } else {
        Err(FieldError::new(
            "dataLocalizationRegion",
            format!(
                "\"{}\" is not a Local Storage region; use one of {}.",
                input.trim(),
                region_codes()
            ),
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum AttemptKind {
    Register,
    Deregister,
}

impl AttemptKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::Deregister => "deregister",
        }
    }
}

/// How many register (or deregister) calls the console made for a number in the last 72 hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AttemptBudget {
    pub kind: AttemptKind,
    pub used: u32,
    pub limit: u32,
    pub window_hours: u32,
    /// The next call needs the admin's explicit confirmation.
    pub needs_confirmation: bool,
    /// RFC 3339: when the oldest counted attempt leaves the window.
    pub frees_up_at: Option<String>,
}

impl AttemptBudget {
    pub fn new(kind: AttemptKind, used: u32, frees_up_at: Option<String>) -> Self {
        Self {
            kind,
            used,
            limit: ATTEMPT_LIMIT,
            window_hours: ATTEMPT_WINDOW_HOURS,
            needs_confirmation: used >= CONFIRM_AFTER,
            frees_up_at,
        }
    }

    /// Whether one more call may be made now: never at the limit, and past the 7th only when the
    /// admin confirmed.
    pub fn admits(&self, confirmed: bool) -> bool {
        self.used < self.limit && (confirmed || !self.needs_confirmation)
    }

    /// "3 of 10 register attempts used in the last 72 h".
    pub fn sentence(&self) -> String {
        format!(
            "{} of {} {} attempts used in the last {} h",
            self.used,
            self.limit,
            self.kind.as_str(),
            self.window_hours
        )
    }
}

/// How the console follows a number after a register call: reads with a capped, doubling backoff,
/// and gives up after a bounded time with "still PENDING: check again". Meta counts every read of
/// `GET /{phone-number-id}` against the WABA's management budget (200 an hour by default), so a
/// fixed short interval is not an option: the default costs 14 reads in the first 5 minutes and
/// 24 in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PollSchedule {
    /// Delay before the second read (the first is immediate).
    pub first_ms: u32,
    /// The delay doubles up to this.
    pub max_ms: u32,
    /// No read is started this long after the first.
    pub give_up_after_ms: u32,
}

impl PollSchedule {
    /// 2 s doubling to 30 s, for at most 10 minutes.
    pub const PROVISIONING: Self = Self {
        first_ms: 2_000,
        max_ms: 30_000,
        give_up_after_ms: 600_000,
    };

    /// 5 s doubling to 5 minutes, for at most an hour: how the window follows a template in
    /// review. Meta usually decides within minutes but may take up to 24 hours; past the hour
    /// the window says "still in review" and the admin syncs when they want.
    pub const TEMPLATE_REVIEW: Self = Self {
        first_ms: 5_000,
        max_ms: 300_000,
        give_up_after_ms: 3_600_000,
    };

    /// The wait after read number `reads_done` (1 after the first read), in milliseconds.
    pub fn delay_ms(&self, reads_done: u32) -> u32 {
        let doublings = reads_done.saturating_sub(1).min(31);
        self.first_ms
            .saturating_mul(1u32 << doublings)
            .min(self.max_ms)
    }

    /// The times (ms after the first read) at which reads start, up to `horizon_ms`.
    pub fn read_times(&self, horizon_ms: u32) -> Vec<u32> {
        let mut times = vec![0];
        let mut at = 0u32;
        loop {
            at = at.saturating_add(self.delay_ms(u32::try_from(times.len()).unwrap_or(u32::MAX)));
            if at > horizon_ms.min(self.give_up_after_ms) {
                return times;
            }
            times.push(at);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CodeMethod {
    Sms,
    Voice,
}

impl CodeMethod {
    pub fn as_graph(self) -> &'static str {
        match self {
            Self::Sms => "SMS",
            Self::Voice => "VOICE",
        }
    }
}

/// A number's health panel: everything Graph says about it, each of Meta's values with its tone
/// and meaning (`graph_states`), so the window shows them without a table of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NumberHealth {
    pub id: String,
    pub display_phone_number: Option<String>,
    pub verified_name: Option<String>,
    /// Must be CONNECTED to send and receive.
    pub status: Option<Explained<NumberStatus>>,
    /// Ownership verification (`code_verification_status`): NOT_VERIFIED, VERIFIED or EXPIRED.
    pub code_verification_status: Option<Explained<OwnershipStatus>>,
    pub quality_rating: Option<Explained<QualityRating>>,
    pub name_status: Option<Explained<NameStatus>>,
    /// The v24+ portfolio limit, or the deprecated per-number tier on versions before v24.0.
    pub messaging_limit: Option<Explained<MessagingLimit>>,
    pub messaging_limit_is_deprecated_tier: bool,
    pub throughput: Option<Explained<ThroughputLevel>>,
    pub platform_type: Option<Explained<PlatformType>>,
    pub account_mode: Option<Explained<AccountMode>>,
    pub is_pin_enabled: Option<bool>,
    /// `health_status.can_send_message`: AVAILABLE, LIMITED or BLOCKED.
    pub can_send: Option<Explained<HealthAvailability>>,
    /// The BLOCKED entities' errors (Meta's health codes) with Meta's possible solution, e.g.
    /// "WABA (141006): ... Solution: ...".
    pub health_issues: Vec<String>,
    /// What LIMITED entities say in `additional_info`, e.g. "PHONE_NUMBER: Your display name has
    /// not been approved yet. ...". A LIMITED entity has no errors.
    pub health_notes: Vec<String>,
    /// The number's `can_receive_call_sip` (whether it can take WhatsApp calls over SIP):
    /// AVAILABLE, LIMITED or BLOCKED; `None` when Meta does not say.
    pub can_receive_call_sip: Option<Explained<HealthAvailability>>,
    /// RFC 3339, when this was read.
    pub read_at: String,
}

impl NumberHealth {
    /// Registered and CONNECTED: provisioning is over.
    pub fn is_connected(&self) -> bool {
        self.status
            .as_ref()
            .is_some_and(|s| s.value == NumberStatus::Connected)
    }
}

/// A call about one number of a profile (`phoneNumberId` defaults to the profile's own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NumberRequest {
    pub profile_id: String,
    pub phone_number_id: Option<String>,
}

/// Deserialize only: the PIN is the secret type.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetPinRequest {
    pub profile_id: String,
    pub phone_number_id: String,
    /// Six digits; never logged or echoed, and stored only in the keychain when `remember` is set.
    #[ts(type = "string")]
    pub pin: Secret,
    /// Keep the PIN in the OS keychain for the register step (opt-in).
    pub remember: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RequestCodeRequest {
    pub profile_id: String,
    pub phone_number_id: String,
    pub method: CodeMethod,
    /// `en_US`-style language of the SMS or call.
    pub language: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VerifyCodeRequest {
    pub profile_id: String,
    pub phone_number_id: String,
    pub code: String,
}

/// Deserialize only: the PIN is the secret type.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RegisterRequest {
    pub profile_id: String,
    pub phone_number_id: String,
    /// `None`: use the PIN kept in the keychain by "set PIN" with `remember`.
    #[ts(type = "string | null")]
    pub pin: Option<Secret>,
    pub data_localization_region: Option<String>,
    /// The admin confirmed using an attempt past the 7th in 72 h.
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeregisterRequest {
    pub profile_id: String,
    pub phone_number_id: String,
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BudgetRequest {
    pub phone_number_id: String,
    pub kind: AttemptKind,
}

/// What an ID typed by the admin turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum IdKind {
    Waba,
    PhoneNumber,
    /// A phone number typed where its ID belongs.
    PhoneNumberLike,
    /// No object with this ID is visible to this token (100/33).
    NotVisible,
    /// Some other Graph object.
    Other,
    /// Not an ID at all (letters, empty).
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum IdField {
    WabaId,
    PhoneNumberId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckIdRequest {
    pub profile_id: String,
    pub input: String,
    pub field: IdField,
}

/// The answer to "what is this ID?", asked of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IdCheck {
    pub input: String,
    pub kind: IdKind,
    /// It is the kind of object the field asks for.
    pub fits: bool,
    pub message: String,
    /// The WABA's numbers with their IDs, when they help (a phone number or the wrong ID was typed).
    pub numbers: Vec<NumberHealth>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_admits_up_to_seven_then_with_confirmation_then_never() {
        let at = |used| AttemptBudget::new(AttemptKind::Register, used, None);
        assert!(at(6).admits(false));
        assert!(!at(7).admits(false) && at(7).admits(true));
        assert!(at(9).admits(true));
        assert!(!at(10).admits(true) && !at(11).admits(true));
    }

    #[test]
    fn template_review_polls_back_off_to_5_minutes_and_stop_after_an_hour() {
        let s = PollSchedule::TEMPLATE_REVIEW;
        let all = s.read_times(u32::MAX);
        // 0, 5, 15, 35, 75, 155, 315, 615, ... 3,315 s: 17 reads in the hour.
        assert_eq!(
            &all[..7],
            [0, 5_000, 15_000, 35_000, 75_000, 155_000, 315_000]
        );
        assert_eq!(all.len(), 17);
        assert!(*all.last().unwrap() <= s.give_up_after_ms);
    }

    #[test]
    fn provisioning_polls_back_off_to_30_s_and_stop() {
        let s = PollSchedule::PROVISIONING;
        let delays: Vec<u32> = (1..=6).map(|n| s.delay_ms(n)).collect();
        assert_eq!(delays, [2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
        // 5 minutes of provisioning: 0, 2, 6, 14, 30, 60, 90, ... 300 s.
        assert_eq!(s.read_times(300_000).len(), 14);
        let all = s.read_times(u32::MAX);
        assert_eq!(all.len(), 24);
        assert!(*all.last().unwrap() <= s.give_up_after_ms);
        // Far below Meta's 200 management calls an hour.
        assert!(all.len() < 200 / 4);
    }

    #[test]
    fn pins_are_six_digits_with_leading_zeros_kept() {
        assert_eq!(parse_pin(" 012345 ").unwrap(), "012345");
        assert!(parse_pin("12345")
            .unwrap_err()
            .message
            .contains("has 5 digits"));
        assert!(parse_pin("1234567")
            .unwrap_err()
            .message
            .contains("has 7 digits"));
        assert!(parse_pin("12a456")
            .unwrap_err()
            .message
            .contains("other than digits"));
        assert!(parse_pin("").unwrap_err().message.contains("is empty"));
        assert!(
            !parse_pin("98765x").unwrap_err().message.contains("98765"),
            "the PIN is never echoed"
        );
    }

    #[test]
    fn budget_asks_for_confirmation_past_seven() {
        assert!(!AttemptBudget::new(AttemptKind::Register, 6, None).needs_confirmation);
        let b = AttemptBudget::new(AttemptKind::Register, 7, None);
        assert!(b.needs_confirmation);
        assert_eq!(
            b.sentence(),
            "7 of 10 register attempts used in the last 72 h"
        );
    }

    #[test]
    fn regions_and_statuses() {
        assert_eq!(parse_region("de").unwrap(), "DE");
        let fr = parse_region("FR").unwrap_err();
        assert!(fr.message.contains("AU, ID, IN"), "{}", fr.message);
        assert_eq!(data_regions().len(), 14);
        assert_eq!(data_regions()[7].country, "Switzerland");
    }
}
