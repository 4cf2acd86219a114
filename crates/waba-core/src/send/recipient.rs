//! The recipient of a test send as the admin types it (`+1 650-555-1234`, `0044 20 7946 0958`,
//! `16505551234`), read with libphonenumber's data (the `phonenumber` crate): the E.164 digits
//! without `+` that `to` carries (facts §10.1), the country, and the reason when it is not a
//! number that can exist. The seed document's rule (7 to 15 digits, not all the same digit) is
//! not used: it lets through numbers no country assigns and says nothing about which country.
//!
//! It also names the known traps: the "1" after +52 of old Mexican mobile numbers, the "9" after
//! +54 and the local "15" of Argentine mobiles (both countries' numbers are rewritten by Meta and
//! reported under another form in webhooks; what a test number's allowed list expects is what
//! developers report, not what Meta documents, so those hints are marked uncertain), and that a
//! test number reaches only its allowed recipients (131030).
//!
//! The number is always sent with its country code, so Meta never prepends the business number's
//! own one (which it does to a number without, and which can misroute: facts §10.1).

use phonenumber::metadata::DATABASE;
use phonenumber::{Mode, ParseError, PhoneNumber, Type};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::FieldError;

/// What the console knows about the sending number, for the checks that depend on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SenderContext {
    /// The business number as E.164 digits (`display_phone_number` without formatting).
    pub business_number: Option<String>,
    /// Whether it is one of Meta's test numbers (it reaches only its allowed list).
    pub test_number: bool,
}

/// A recipient the console can send to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Recipient {
    /// What the admin typed.
    pub input: String,
    /// E.164 digits without `+` (`16505551234`): the `to` of the request.
    pub e164: String,
    /// The number as people read it internationally (`+1 650-555-1234`).
    pub international: String,
    /// The country calling code (`1`, `44`, `52`).
    pub country_code: u16,
    /// ISO 3166-1 alpha-2 code of the country the number belongs to (`US`); `null` for numbers of
    /// no country (+800, ...). libphonenumber gives codes, not names: the window names them.
    pub region: Option<String>,
    pub line_type: LineType,
    /// Other forms under which WhatsApp may report this same person in webhooks (`wa_id`), so
    /// their messages are found: `521…` for a Mexican number, `549…`/`54…` for an Argentine one.
    pub also_known_as: Vec<String>,
    pub hints: Vec<RecipientHint>,
}

/// The kind of line libphonenumber says the number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum LineType {
    Mobile,
    FixedLine,
    /// The numbering plan does not tell them apart (the US, Canada, Mexico, ...).
    FixedLineOrMobile,
    TollFree,
    Voip,
    Other,
}

/// Which trap a hint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "RecipientTrap")]
pub enum Trap {
    /// Typed without `+` or `00`: read as starting with its country code.
    NoPlus,
    /// `+52 1 …`: Mexico's old mobile prefix.
    MexicoMobileOne,
    /// `+54 9 …`: an Argentine mobile.
    ArgentinaMobileNine,
    /// `+54 … 15 …`: the local mobile prefix, turned into the 9.
    ArgentinaFifteen,
    /// An Argentine number without the 9: a landline as typed, or a mobile missing it.
    ArgentinaNoNine,
    /// The sending number is a test number (131030 outside its allowed list).
    TestNumberAllowList,
}

/// Something the admin should know about this recipient before sending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecipientHint {
    pub trap: Trap,
    pub message: String,
    /// Reported by developers, not documented by Meta.
    pub uncertain: bool,
}

/// Why a typed recipient cannot be sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RefusalReason {
    Empty,
    /// Letters or other characters that are not part of a phone number.
    NotANumber,
    /// No country has this calling code.
    InvalidCountryCode,
    TooShort,
    TooLong,
    /// The right length, but not a number the country assigns.
    InvalidForCountry,
    /// The business number itself (Meta answers 131021).
    RecipientIsSender,
}

/// A refused recipient: the reason and what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecipientRefusal {
    pub reason: RefusalReason,
    pub message: String,
}

impl RecipientRefusal {
    fn new(reason: RefusalReason, message: impl Into<String>) -> Self {
        Self {
            reason,
            message: message.into(),
        }
    }

    /// As the `invalidInput` field error of the request field `field` (`to`).
    pub fn field_error(&self, field: &str) -> FieldError {
        FieldError::new(field, self.message.clone())
    }
}

const EXAMPLE: &str = "for example +1 650 555 1234";

fn e164_digits(number: &PhoneNumber) -> String {
    number
        .format()
        .mode(Mode::E164)
        .to_string()
        .trim_start_matches('+')
        .to_owned()
}

fn international(number: &PhoneNumber) -> String {
    number.format().mode(Mode::International).to_string()
}

fn parse_digits(digits: &str) -> Result<PhoneNumber, ParseError> {
    phonenumber::parse(None, format!("+{digits}"))
}

fn valid(digits: &str) -> Option<PhoneNumber> {
    parse_digits(digits).ok().filter(PhoneNumber::is_valid)
}

fn line_type(number: &PhoneNumber) -> LineType {
    match number.number_type(&DATABASE) {
        Type::Mobile => LineType::Mobile,
        Type::FixedLine => LineType::FixedLine,
        Type::FixedLineOrMobile => LineType::FixedLineOrMobile,
        Type::TollFree => LineType::TollFree,
        Type::Voip => LineType::Voip,
        _ => LineType::Other,
    }
}

/// `+1 (US)`, `+44 (GB)`: the country as libphonenumber knows it.
fn country(code: u16, region: Option<&str>) -> String {
    match region {
        Some(region) => format!("+{code} ({region})"),
        None => format!("+{code}"),
    }
}

/// Reads what the admin typed as a recipient. A number without `+` or `00` is read as starting
/// with its country code (the form of `wa_id` and of Meta's own examples).
pub fn parse_recipient(input: &str, sender: &SenderContext) -> Result<Recipient, RecipientRefusal> {
    let typed = input.trim();
    if typed.is_empty() {
        return Err(RecipientRefusal::new(
            RefusalReason::Empty,
            format!("Type the recipient's number with its country code, {EXAMPLE}."),
        ));
    }
    let plus_only_first = typed.rfind('+').is_none_or(|i| i == 0);
    if !plus_only_first
        || !typed
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        return Err(RecipientRefusal::new(
            RefusalReason::NotANumber,
            format!("\"{typed}\" is not a phone number: type digits only (spaces, dashes, parentheses and a leading + are fine), {EXAMPLE}."),
        ));
    }
    let all: String = typed.chars().filter(char::is_ascii_digit).collect();
    let had_plus = typed.starts_with('+');
    let (digits, explicit) = match all.strip_prefix("00") {
        Some(rest) if !had_plus => (rest.to_owned(), true),
        _ => (all.clone(), had_plus),
    };
    let without_plus = if explicit {
        String::new()
    } else {
        format!(" Without a + (or 00), the first digits are read as the country code; type a national number with its country code, {EXAMPLE}.")
    };
    let parsed = parse_digits(&digits).map_err(|e| {
        let (reason, what) = match e {
            ParseError::InvalidCountryCode => (
                RefusalReason::InvalidCountryCode,
                "no country has the calling code it starts with".to_owned(),
            ),
            ParseError::TooLong => (
                RefusalReason::TooLong,
                "it has more digits than any phone number".to_owned(),
            ),
            ParseError::NoNumber | ParseError::TooShortAfterIdd | ParseError::TooShortNsn => (
                RefusalReason::TooShort,
                "it has too few digits for a phone number".to_owned(),
            ),
            ParseError::MalformedInteger(_) => (
                RefusalReason::NotANumber,
                "it could not be read as a number".to_owned(),
            ),
        };
        RecipientRefusal::new(
            reason,
            format!("\"{typed}\" is not a phone number: {what}.{without_plus}"),
        )
    })?;
    let code = parsed.code().value();
    let national = e164_digits(&parsed)[code.to_string().len()..].to_owned();
    let mut hints = Vec::new();
    let mut also_known_as = Vec::new();

    // Mexico: `+52 1 …` is the pre-2019 mobile form; libphonenumber knows only 52 + 10 digits.
    let mexican_one = if code == 52 && national.len() == 11 && national.starts_with('1') {
        valid(&format!("52{}", &national[1..]))
    } else {
        None
    };
    let number = match mexican_one {
        Some(number) => {
            hints.push(RecipientHint {
                trap: Trap::MexicoMobileOne,
                message: format!("The 1 after +52 is Mexico's old mobile prefix, dropped in 2019: the number is {} and is sent without it. Meta rewrites Mexican numbers as needed (facts §10.1), and webhooks may still show this person as 521…: both are the same recipient.", international(&number)),
                uncertain: true,
            });
            number
        }
        None => parsed,
    };
    if !number.is_valid() {
        return Err(invalid(typed, &number, &national, &without_plus));
    }
    let e164 = e164_digits(&number);
    let national = e164[code.to_string().len()..].to_owned();
    let region = number.country().id().map(|id| id.as_ref().to_owned());
    if sender
        .business_number
        .as_deref()
        .is_some_and(|b| b.chars().filter(char::is_ascii_digit).collect::<String>() == e164)
    {
        return Err(RecipientRefusal::new(
            RefusalReason::RecipientIsSender,
            format!("{} is the sending number itself: Meta answers 131021 (recipient cannot be sender). Type another recipient.", international(&number)),
        ));
    }
    if !explicit {
        hints.push(RecipientHint {
            trap: Trap::NoPlus,
            message: format!("Read as {}, a number in {}: without a + the first digits are the country code. If you meant a national number, type it with its country code.", international(&number), country(code, region.as_deref())),
            uncertain: false,
        });
    }
    if code == 52 && national.len() == 10 {
        also_known_as.push(format!("521{national}"));
    }
    if code == 54 {
        argentina(
            typed,
            &digits,
            &national,
            &number,
            &mut hints,
            &mut also_known_as,
        );
    }
    if sender.test_number {
        hints.push(RecipientHint {
            trap: Trap::TestNumberAllowList,
            message: "The sending number is a test number: it can message only the numbers on its allowed list (up to 5, under WhatsApp > API Setup in the app dashboard); any other recipient is refused with 131030.".to_owned(),
            uncertain: false,
        });
    }
    Ok(Recipient {
        input: input.to_owned(),
        international: international(&number),
        country_code: code,
        line_type: line_type(&number),
        region,
        e164,
        also_known_as,
        hints,
    })
}

fn argentina(
    typed: &str,
    digits: &str,
    national: &str,
    number: &PhoneNumber,
    hints: &mut Vec<RecipientHint>,
    also_known_as: &mut Vec<String>,
) {
    if let Some(without_nine) = national.strip_prefix('9') {
        let typed_national = digits.strip_prefix("54").unwrap_or(digits);
        if !typed_national.starts_with('9') {
            hints.push(RecipientHint {
                trap: Trap::ArgentinaFifteen,
                message: format!("\"{typed}\" has the local mobile prefix 15: internationally an Argentine mobile drops the 15 and takes a 9 after +54, so it is sent as {}.", international(number)),
                uncertain: false,
            });
        }
        also_known_as.push(format!("54{without_nine}"));
        hints.push(RecipientHint {
            trap: Trap::ArgentinaMobileNine,
            message: format!("Argentine mobiles are written with a 9 after +54, as sent here, and WhatsApp reports them as 549… in webhooks. A test number's allowed list has been seen to hold them without the 9: if Meta answers 131030 although the number is on the list, add it there and send to +54 {without_nine} (without the 9)."),
            uncertain: true,
        });
    } else if line_type(number) == LineType::FixedLine && valid(&format!("549{national}")).is_some()
    {
        also_known_as.push(format!("549{national}"));
        hints.push(RecipientHint {
            trap: Trap::ArgentinaNoNine,
            message: "As typed this is an Argentine landline number. If it is a mobile, its international form has a 9 after +54, and WhatsApp reports it as 549… in webhooks; on a test number's allowed list it has been seen without the 9, as typed here.".to_owned(),
            uncertain: true,
        });
    }
}

/// The refusal of a number that parses but that no one can have: why, in the country's terms.
fn invalid(
    typed: &str,
    number: &PhoneNumber,
    national: &str,
    without_plus: &str,
) -> RecipientRefusal {
    let code = number.code().value();
    let all = DATABASE.by_code(&code).unwrap_or_default();
    let metadata = all
        .iter()
        .find(|m| m.is_main_country_for_code())
        .or(all.first());
    let region = metadata.map(|m| m.id().to_owned()).filter(|id| id != "001");
    let where_ = country(code, region.as_deref());
    // Lengths are per kind of line (the general description often lists none).
    let lengths: Vec<u16> = metadata
        .map(|m| {
            let d = m.descriptors();
            [
                d.fixed_line(),
                d.mobile(),
                d.toll_free(),
                d.premium_rate(),
                d.shared_cost(),
                d.personal_number(),
                d.voip(),
                d.uan(),
            ]
            .into_iter()
            .flatten()
            .flat_map(|desc| desc.possible_length().iter().copied())
            .collect()
        })
        .unwrap_or_default();
    let (min, max) = (lengths.iter().min().copied(), lengths.iter().max().copied());
    let n = u16::try_from(national.len()).unwrap_or(u16::MAX);
    // Argentina: the 9 and the 15 together (`+54 9 11 15 …`): the 15 goes.
    if code == 54 {
        if let Some(fixed) = (2..=5).find_map(|i| {
            (national.get(i..i + 2) == Some("15") && national.starts_with('9'))
                .then(|| valid(&format!("54{}{}", &national[..i], &national[i + 2..])))
                .flatten()
        }) {
            return RecipientRefusal::new(
                RefusalReason::InvalidForCountry,
                format!("\"{typed}\" has both the 9 and the local prefix 15 of an Argentine mobile: internationally the 15 is dropped. Type {}.", international(&fixed)),
            );
        }
    }
    let (reason, why) = match (min, max) {
        (Some(min), _) if n < min => (RefusalReason::TooShort, format!("{where_} numbers have at least {min} digits after the country code, and it has {n}")),
        (_, Some(max)) if n > max => (RefusalReason::TooLong, format!("{where_} numbers have at most {max} digits after the country code, and it has {n}")),
        _ => (RefusalReason::InvalidForCountry, format!("no {where_} number starts that way")),
    };
    let fiction = if code == 1 && national.starts_with("555") {
        " (555 is not an area code in use: numbers like +1 555-010-0199 appear only in examples and placeholders)"
    } else {
        ""
    };
    RecipientRefusal::new(
        reason,
        format!(
            "{} is not a valid phone number: {why}{fiction}. Check the digits.{without_plus}",
            international(number)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(input: &str) -> Result<Recipient, RecipientRefusal> {
        parse_recipient(input, &SenderContext::default())
    }

    fn traps(r: &Recipient) -> Vec<Trap> {
        r.hints.iter().map(|h| h.trap).collect()
    }

    #[test]
    fn typed_forms_of_one_number_give_the_same_wire_digits() {
        for input in [
            "+1 650-555-1234",
            "+1 (650) 555.1234",
            "0016505551234",
            " +16505551234 ",
        ] {
            let r = parse(input).unwrap();
            assert_eq!(r.e164, "16505551234", "{input}");
            assert_eq!(r.international, "+1 650-555-1234");
            assert_eq!((r.country_code, r.region.as_deref()), (1, Some("US")));
            assert_eq!(r.line_type, LineType::FixedLineOrMobile);
            assert_eq!(traps(&r), vec![], "{input}");
        }
        let uk = parse("+44 20 7946 0958").unwrap();
        assert_eq!(
            (uk.e164.as_str(), uk.region.as_deref(), uk.line_type),
            ("442079460958", Some("GB"), LineType::FixedLine)
        );
        let br = parse("+55 11 91234 5678").unwrap();
        assert_eq!(
            (br.e164.as_str(), br.line_type),
            ("5511912345678", LineType::Mobile)
        );
    }

    #[test]
    fn digits_without_a_plus_are_read_with_their_country_code_and_say_so() {
        let r = parse("16505551234").unwrap();
        assert_eq!(r.e164, "16505551234");
        assert_eq!(traps(&r), vec![Trap::NoPlus]);
        assert!(
            r.hints[0].message.contains("+1 (US)"),
            "{}",
            r.hints[0].message
        );
    }

    #[test]
    fn what_is_not_a_number_is_refused_with_the_reason() {
        let reason = |input: &str| parse(input).unwrap_err().reason;
        assert_eq!(reason(""), RefusalReason::Empty);
        assert_eq!(reason("call me"), RefusalReason::NotANumber);
        assert_eq!(reason("+1 650 555 1234 ext. 5"), RefusalReason::NotANumber);
        assert_eq!(reason("1+6505551234"), RefusalReason::NotANumber);
        assert_eq!(reason("+999 123456"), RefusalReason::InvalidCountryCode);
        assert_eq!(reason("+12"), RefusalReason::TooShort);
        assert_eq!(reason("+1 650 555 12345678"), RefusalReason::TooLong);
        assert_eq!(reason("+33 1 23"), RefusalReason::TooShort);
        // Not the seed's 7-15 digit rule: 11 digits of no real number are refused.
        let fiction = parse("+1 555 010 0199").unwrap_err();
        assert_eq!(fiction.reason, RefusalReason::InvalidForCountry);
        assert!(
            fiction.message.contains("555 is not an area code"),
            "{}",
            fiction.message
        );
        let refusal = parse("+33 1 23").unwrap_err();
        assert!(
            refusal
                .message
                .contains("+33 (FR) numbers have at least 9 digits"),
            "{}",
            refusal.message
        );
        assert_eq!(refusal.field_error("to").field, "to");
    }

    #[test]
    fn a_national_number_typed_without_country_code_says_to_add_it() {
        let refusal = parse("(020) 7946 0958").unwrap_err();
        assert!(
            refusal
                .message
                .contains("type a national number with its country code"),
            "{}",
            refusal.message
        );
    }

    #[test]
    fn the_business_number_itself_is_refused() {
        let sender = SenderContext {
            business_number: Some("+1 650-555-1234".into()),
            test_number: false,
        };
        assert_eq!(
            parse_recipient("16505551234", &sender).unwrap_err().reason,
            RefusalReason::RecipientIsSender
        );
        assert!(parse_recipient("+1 201 555 0123", &sender).is_ok());
    }

    #[test]
    fn a_test_number_s_allowed_list_is_mentioned() {
        let sender = SenderContext {
            business_number: None,
            test_number: true,
        };
        let r = parse_recipient("+1 650 555 1234", &sender).unwrap();
        assert_eq!(traps(&r), vec![Trap::TestNumberAllowList]);
        assert!(r.hints[0].message.contains("131030"));
    }

    #[test]
    fn mexico_s_old_mobile_one_is_dropped_and_the_other_form_kept() {
        let old = parse("+52 1 55 1234 5678").unwrap();
        assert_eq!(old.e164, "525512345678");
        assert_eq!(old.region.as_deref(), Some("MX"));
        assert_eq!(traps(&old), vec![Trap::MexicoMobileOne]);
        assert!(old.hints[0].uncertain);
        assert!(
            old.hints[0].message.contains("+52 55 1234 5678"),
            "{}",
            old.hints[0].message
        );
        assert_eq!(old.also_known_as, vec!["5215512345678".to_owned()]);
        let new = parse("+52 55 1234 5678").unwrap();
        assert_eq!((new.e164.as_str(), traps(&new)), ("525512345678", vec![]));
        assert_eq!(new.also_known_as, vec!["5215512345678".to_owned()]);
    }

    #[test]
    fn argentine_mobiles_take_the_nine_and_lose_the_fifteen() {
        let mobile = parse("+54 9 11 1234 5678").unwrap();
        assert_eq!(
            (mobile.e164.as_str(), mobile.line_type),
            ("5491112345678", LineType::Mobile)
        );
        assert_eq!(traps(&mobile), vec![Trap::ArgentinaMobileNine]);
        assert!(mobile.hints[0].uncertain);
        assert!(mobile.hints[0].message.contains("131030"));
        assert_eq!(mobile.also_known_as, vec!["541112345678".to_owned()]);
        let fifteen = parse("+54 11 15 1234 5678").unwrap();
        assert_eq!(fifteen.e164, "5491112345678");
        assert_eq!(
            traps(&fifteen),
            vec![Trap::ArgentinaFifteen, Trap::ArgentinaMobileNine]
        );
        assert!(
            fifteen.hints[0].message.contains("+54 9 11"),
            "{}",
            fifteen.hints[0].message
        );
        let both = parse("+54 9 11 15 1234 5678").unwrap_err();
        assert_eq!(both.reason, RefusalReason::InvalidForCountry);
        assert!(
            both.message.contains("Type +54 9 11 1234-5678"),
            "{}",
            both.message
        );
        let landline = parse("+54 11 1234 5678").unwrap();
        assert_eq!(
            (landline.e164.as_str(), landline.line_type),
            ("541112345678", LineType::FixedLine)
        );
        assert_eq!(traps(&landline), vec![Trap::ArgentinaNoNine]);
        assert_eq!(landline.also_known_as, vec!["5491112345678".to_owned()]);
    }
}
