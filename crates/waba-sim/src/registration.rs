//! The phone-number state machine (facts §5–§7, §16 items 5–6): two-step PIN, ownership
//! verification (request_code / verify_code), register and deregister, with Meta's limits.
//! Every time comes from the sim clock, so tests cross the 10 s, 1 h, 72 h and 14 day windows
//! by advancing it; nothing runs in the background (the PENDING → CONNECTED step is computed at
//! read time from the registration time and the provisioning delay).
//!
//! Rules, in the order they are checked:
//! - `POST /{id}` `pin`: exactly six ASCII digits, else 100; sets or replaces the PIN (no disable).
//! - `request_code`: `code_method` `SMS` or `VOICE` and a `language` (`en` or `en_US` style), else
//!   100; remembers [`crate::VERIFICATION_CODE`] as the pending code.
//! - `verify_code`: `code` required (100); no pending code → 100; wrong code → 136025 "Verify
//!   code error" (a current error, facts §6); right code → `VERIFIED` for 14 days.
//! - `register`: every authorized call is counted (success or failure), then: more than 10 calls
//!   in the rolling 72 h → 133016; previous call less than 10 s earlier → 133009; parameters
//!   (`messaging_product` "whatsapp", six-digit `pin`, `data_localization_region` from the Local
//!   Storage list) → 100; not `VERIFIED` → 133006; three PIN mismatches in the last hour → 133008
//!   until the hour has passed; PIN mismatch → 133005 (133008 on the third in an hour); the
//!   `register-fails` scenario → 100/2388001 (a migration error); otherwise success (sets the
//!   PIN if none was set).
//! - `deregister`: counted; more than 10 calls in the rolling 72 h → 133016; otherwise the number
//!   is unregistered again.

use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};
// `data_localization_region` values Cloud API Local Storage accepts (facts §7.1): the console's
// one list.
use waba_core::numbers::{is_data_region, region_codes};

use crate::clock::rfc3339;
use crate::envelope::GraphError;
use crate::world::{CodeVerification, Phase, PhoneNumber, Registration};
use crate::VERIFICATION_CODE;

/// Register and deregister are each limited to this many calls per number per window.
const CALL_LIMIT: usize = 10;
const CALL_WINDOW: Duration = Duration::hours(72);
/// Two register calls closer than this → 133009.
const GUESS_SPACING: Duration = Duration::seconds(10);
/// This many PIN mismatches within `GUESS_WINDOW` → 133008.
const GUESS_LIMIT: usize = 3;
const GUESS_WINDOW: Duration = Duration::hours(1);
/// How long a successful verify_code keeps the number `VERIFIED`.
const VERIFICATION_VALIDITY: Duration = Duration::days(14);

/// Request parameters: body fields first, then the query string.
pub(crate) type Params<'a> = &'a dyn Fn(&str) -> Option<String>;

fn success() -> Value {
    json!({ "success": true })
}

/// Why `pin` is not a two-step PIN, if it is not one.
fn pin_problem(pin: &str) -> Option<String> {
    if !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!(
            "The PIN must contain only the digits 0-9; \"{pin}\" has other characters."
        ));
    }
    let len = pin.len();
    (len != 6).then(|| format!("The PIN must be exactly 6 digits; it has {len}."))
}

fn required(params: Params<'_>, name: &str) -> Result<String, GraphError> {
    params(name)
        .filter(|value| !value.is_empty())
        .ok_or_else(|| GraphError::bad_param(format!("The parameter {name} is required.")))
}

fn valid_pin(params: Params<'_>) -> Result<String, GraphError> {
    let pin = required(params, "pin")?;
    match pin_problem(&pin) {
        Some(problem) => Err(GraphError::bad_param(problem)),
        None => Ok(pin),
    }
}

/// `POST /{phone-number-id}` with `pin`: sets (or replaces) the two-step verification PIN.
pub(crate) fn set_pin(number: &mut PhoneNumber, params: Params<'_>) -> Result<Value, GraphError> {
    let pin = valid_pin(params)?;
    number.pin = Some(pin);
    Ok(success())
}

/// `POST /{phone-number-id}/request_code`.
pub(crate) fn request_code(
    number: &mut PhoneNumber,
    params: Params<'_>,
    now: OffsetDateTime,
) -> Result<Value, GraphError> {
    let method = required(params, "code_method")?;
    if method != "SMS" && method != "VOICE" {
        return Err(GraphError::bad_param(format!(
            "code_method must be SMS or VOICE; got \"{method}\"."
        )));
    }
    let language = required(params, "language")?;
    if !is_language(&language) {
        return Err(GraphError::bad_param(format!(
            "language must be a language code such as en or en_US; got \"{language}\"."
        )));
    }
    number.code_requested_at = Some(now);
    Ok(success())
}

/// `en`, `pt_BR`, `fil`: two or three lowercase letters, optionally `_` and two capitals.
pub(crate) fn is_language(code: &str) -> bool {
    let (lang, region) = match code.split_once('_') {
        Some((lang, region)) => (lang, Some(region)),
        None => (code, None),
    };
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && region.is_none_or(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()))
}

/// `POST /{phone-number-id}/verify_code`.
pub(crate) fn verify_code(
    number: &mut PhoneNumber,
    params: Params<'_>,
    now: OffsetDateTime,
) -> Result<Value, GraphError> {
    let code = required(params, "code")?;
    if number.code_requested_at.is_none() {
        return Err(GraphError::bad_param(
            "No verification code was requested for this phone number. Call request_code first.",
        ));
    }
    if code != VERIFICATION_CODE {
        return Err(GraphError::coded(136025, None));
    }
    number.code_requested_at = None;
    number.code_verification = CodeVerification::Verified {
        until: Some(now + VERIFICATION_VALIDITY),
    };
    Ok(success())
}

/// Records a call at `now` in a 72 h log; 133016 if it is over the limit.
fn count_call(
    calls: &mut Vec<OffsetDateTime>,
    now: OffsetDateTime,
    what: &str,
) -> Result<(), GraphError> {
    calls.retain(|&at| at > now - CALL_WINDOW);
    calls.push(now);
    if calls.len() <= CALL_LIMIT {
        return Ok(());
    }
    // Once the call at this index leaves the window, a new call is the 10th again.
    let retry_at = calls[calls.len() - CALL_LIMIT] + CALL_WINDOW;
    Err(GraphError::coded(
        133016,
        Some(format!(
            "More than {CALL_LIMIT} {what} requests for this phone number in the last 72 hours \
             (every request counts, including failed ones). Try again after {}.",
            rfc3339(retry_at)
        )),
    ))
}

/// `POST /{phone-number-id}/register`.
pub(crate) fn register(
    number: &mut PhoneNumber,
    params: Params<'_>,
    now: OffsetDateTime,
    fails: bool,
) -> Result<Value, GraphError> {
    let previous = number.register_calls.last().copied();
    count_call(&mut number.register_calls, now, "register")?;
    if previous.is_some_and(|at| now - at < GUESS_SPACING) {
        return Err(GraphError::coded(
            133009,
            Some(format!(
                "Register requests for this phone number must be at least {} seconds apart.",
                GUESS_SPACING.whole_seconds()
            )),
        ));
    }
    let product = required(params, "messaging_product")?;
    if product != "whatsapp" {
        return Err(GraphError::bad_param(format!(
            "messaging_product must be \"whatsapp\"; got \"{product}\"."
        )));
    }
    let pin = valid_pin(params)?;
    let region = params("data_localization_region").filter(|r| !r.is_empty());
    if let Some(region) = &region {
        if !is_data_region(region) {
            return Err(GraphError::bad_param(format!(
                "data_localization_region \"{region}\" is not a Local Storage region; use one \
                 of {}.",
                region_codes()
            )));
        }
    }
    if number.code_verification.status(now) != "VERIFIED" {
        return Err(GraphError::coded(133006, None));
    }
    check_pin(number, &pin, now)?;
    if fails {
        return Err(GraphError::migration_error());
    }
    number.pin.get_or_insert(pin);
    number.registration = Registration::Connected { since: now };
    number.region = region;
    Ok(success())
}

/// The PIN check of `/register`: 133008 while locked out, 133005 on a mismatch (133008 on the
/// mismatch that reaches the limit). A number without a PIN accepts any valid PIN.
fn check_pin(number: &mut PhoneNumber, pin: &str, now: OffsetDateTime) -> Result<(), GraphError> {
    number.pin_failures.retain(|&at| at > now - GUESS_WINDOW);
    let too_many = |failures: &[OffsetDateTime]| {
        let retry_at = failures[failures.len() - GUESS_LIMIT] + GUESS_WINDOW;
        GraphError::coded(
            133008,
            Some(format!(
                "{GUESS_LIMIT} wrong two-step verification PINs within an hour. Try again after {}.",
                rfc3339(retry_at)
            )),
        )
    };
    if number.pin_failures.len() >= GUESS_LIMIT {
        return Err(too_many(&number.pin_failures));
    }
    match &number.pin {
        Some(current) if current != pin => {
            number.pin_failures.push(now);
            if number.pin_failures.len() >= GUESS_LIMIT {
                Err(too_many(&number.pin_failures))
            } else {
                Err(GraphError::coded(133005, None))
            }
        }
        _ => {
            number.pin_failures.clear();
            Ok(())
        }
    }
}

/// `POST /{phone-number-id}/deregister`.
pub(crate) fn deregister(
    number: &mut PhoneNumber,
    now: OffsetDateTime,
) -> Result<Value, GraphError> {
    count_call(&mut number.deregister_calls, now, "deregister")?;
    number.registration = Registration::Pending;
    number.region = None;
    Ok(success())
}

/// The number's internal state for `GET /__sandbox/numbers/{id}`.
pub(crate) fn snapshot(number: &PhoneNumber, now: OffsetDateTime, provisioning: Duration) -> Value {
    let in_window = |calls: &[OffsetDateTime], window: Duration| {
        calls.iter().filter(|&&at| at > now - window).count()
    };
    let (phase, registered_at, connected_at) = match number.phase(now, provisioning) {
        Phase::Unregistered => ("unregistered", None, None),
        Phase::Provisioning { ready_at } => (
            "provisioning",
            Some(ready_at - provisioning),
            Some(ready_at),
        ),
        Phase::Connected { since } => ("connected", Some(since), Some(since + provisioning)),
    };
    let verified_until = match number.code_verification {
        CodeVerification::Verified { until } => until.map(rfc3339),
        CodeVerification::NotVerified => None,
    };
    json!({
        "id": number.id,
        "now": rfc3339(now),
        "registration": {
            "phase": phase,
            "registeredAt": registered_at.map(rfc3339),
            "connectedAt": connected_at.map(rfc3339),
            "dataLocalizationRegion": number.region,
            "provisioningDelaySeconds": provisioning.whole_seconds(),
            // Kept for callers of this answer; always null since Meta retired FLAGGED (7 Oct 2025).
            "flag": Value::Null,
        },
        "pin": {
            "enabled": number.pin.is_some(),
            "value": number.pin,
        },
        "verification": {
            "status": number.code_verification.status(now),
            "verifiedUntil": verified_until,
            "codeRequestedAt": number.code_requested_at.map(rfc3339),
            "pendingCode": number.code_requested_at.map(|_| VERIFICATION_CODE),
        },
        "counters": {
            "registerCalls72h": in_window(&number.register_calls, CALL_WINDOW),
            "deregisterCalls72h": in_window(&number.deregister_calls, CALL_WINDOW),
            "callLimit72h": CALL_LIMIT,
            "pinFailures1h": in_window(&number.pin_failures, GUESS_WINDOW),
            "pinFailureLimit": GUESS_LIMIT,
            "lastRegisterAt": number.register_calls.last().copied().map(rfc3339),
            "lastDeregisterAt": number.deregister_calls.last().copied().map(rfc3339),
        },
        "quality": number.quality,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_six_ascii_digits() {
        assert_eq!(pin_problem("012345"), None);
        for bad in ["12345", "1234567", "12a456", "١٢٣٤٥٦", "12 456", ""] {
            assert!(pin_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn language_codes() {
        for good in ["en", "en_US", "pt_BR", "fil"] {
            assert!(is_language(good), "{good}");
        }
        for bad in ["", "EN", "en-US", "en_us", "english", "e"] {
            assert!(!is_language(bad), "{bad}");
        }
    }

    #[test]
    fn the_eleventh_call_in_72_hours_is_refused_until_the_window_moves() {
        let start = time::macros::datetime!(2026-01-01 00:00 UTC);
        let mut calls = Vec::new();
        for i in 0..10 {
            assert!(count_call(&mut calls, start + Duration::minutes(i), "register").is_ok());
        }
        let err = count_call(&mut calls, start + Duration::hours(1), "register").unwrap_err();
        assert_eq!(err.code(), 133016);
        // The 11th call itself counts: the first two must leave the window.
        assert!(count_call(&mut calls, start + Duration::hours(72), "register").is_err());
        assert!(count_call(&mut calls, start + Duration::minutes(4322), "register").is_ok());
    }
}
