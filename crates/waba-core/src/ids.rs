//! Graph object IDs (app, WABA, phone number) as the admin types them.
//!
//! IDs are opaque numeric strings. The seed document's rule ("phone-number IDs start with 120 and
//! have 11-12 digits, WABA IDs 9-10") is wrong: real IDs have 15-17 digits and varied prefixes, and
//! 16-17 digit IDs do not even fit a JavaScript number. So the only local rules are "digits only"
//! and "not a phone number"; whether an ID names the right kind of object is asked of the API.

use crate::error::FieldError;

/// Checks one ID field and returns it trimmed, or a message that says what to type instead.
pub fn parse_graph_id(field: &str, label: &str, input: &str) -> Result<String, FieldError> {
    let value = input.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, format!("{label} is required.")));
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(value.to_owned());
    }
    if let Some(formatted) = as_phone_number(value) {
        return Err(FieldError::new(
            field,
            format!(
                "{formatted} looks like a phone number, not its {label}. Meta shows the numeric \
                 {label} in WhatsApp Manager and under WhatsApp > API Setup in the app dashboard."
            ),
        ));
    }
    Err(FieldError::new(
        field,
        format!(
            "{label} must contain digits only (for example 106540352242922); \"{value}\" has other \
             characters. Copy the ID again without spaces or letters."
        ),
    ))
}

/// If `value` is a phone number as people type it (`+1 415-555-0100`), returns it formatted.
fn as_phone_number(value: &str) -> Option<String> {
    let looks_typed = value.starts_with('+') || value.chars().any(|c| " -().".contains(c));
    let only_phone_chars = value
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if !looks_typed || !only_phone_chars {
        return None;
    }
    let candidate = if value.starts_with('+') {
        value.to_owned()
    } else {
        format!("+{value}")
    };
    // Parsing is enough: a typed number need not be valid to be one (555 test numbers are not).
    let number = phonenumber::parse(None, &candidate).ok()?;
    Some(
        number
            .format()
            .mode(phonenumber::Mode::International)
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ids_of_any_length_and_prefix() {
        for id in [
            "106540352242922",
            "1906385232743451",
            "102290129340398",
            "12345",
        ] {
            assert_eq!(parse_graph_id("wabaId", "WABA ID", id).unwrap(), id);
        }
    }

    #[test]
    fn trims_surrounding_whitespace() {
        assert_eq!(
            parse_graph_id("appId", "App ID", "  634974688087057\n").unwrap(),
            "634974688087057"
        );
    }

    #[test]
    fn refuses_empty_input() {
        let err = parse_graph_id("wabaId", "WABA ID", "   ").unwrap_err();
        assert_eq!(err.field, "wabaId");
        assert_eq!(err.message, "WABA ID is required.");
    }

    #[test]
    fn recognises_a_phone_number_typed_where_an_id_belongs() {
        let err =
            parse_graph_id("phoneNumberId", "phone-number ID", "+1 415-555-0100").unwrap_err();
        assert!(
            err.message
                .starts_with("+1 415-555-0100 looks like a phone number"),
            "{}",
            err.message
        );
        let err =
            parse_graph_id("phoneNumberId", "phone-number ID", "+44 20 7946 0958").unwrap_err();
        assert!(
            err.message.contains("looks like a phone number"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_fictional_555_number_is_still_a_phone_number() {
        let err =
            parse_graph_id("phoneNumberId", "phone-number ID", "+1 555-010-0199").unwrap_err();
        assert!(
            err.message.contains("looks like a phone number"),
            "{}",
            err.message
        );
    }

    #[test]
    fn letters_get_a_digits_only_message() {
        let err = parse_graph_id("wabaId", "WABA ID", "12ab34").unwrap_err();
        assert!(err.message.contains("digits only"), "{}", err.message);
        assert!(err.message.contains("\"12ab34\""));
    }
}
