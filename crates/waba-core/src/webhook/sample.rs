//! The realistic webhook body the console sends itself: the "send a test event" button posts it to
//! the local receiver, and the probe posts it (signed, then forged) to the admin's callback. It is
//! Meta's batched envelope for the profile's WABA and number (facts §12.3, §12.5): a status, the
//! delivery Meta sends most, and one no bot answers, so what the endpoint accepts here it accepts
//! from Meta.

use serde_json::json;

/// Who the sample is about: the profile's WABA and number.
#[derive(Debug, Clone, Copy)]
pub struct SampleTarget<'a> {
    pub waba_id: &'a str,
    pub phone_number_id: &'a str,
    /// Digits only, as webhook `metadata` spells it (`15550783881`); left out when unknown.
    pub display_phone_number: Option<&'a str>,
}

/// How the console names the made-up message of its "send a test event" sample.
pub const TEST_EVENT_PREFIX: &str = "wamid.console-test-";
/// How the probe names the made-up message of the sample it posts.
pub const PROBE_EVENT_PREFIX: &str = "wamid.probe-";

/// Whether a stored event (by its message or dedupe key) is one of the console's own samples
/// rather than something Meta sent.
pub fn is_console_sample(key: &str) -> bool {
    key.contains(TEST_EVENT_PREFIX) || key.contains(PROBE_EVENT_PREFIX)
}

/// The recipient and sender the samples use: Meta's own example number.
pub const SAMPLE_CONTACT: &str = "16505551234";

/// A `messages` change with one `sent` status of the (made-up) message `message_id` to
/// [`SAMPLE_CONTACT`], with per-message pricing, at Unix time `timestamp`.
pub fn status_body(target: SampleTarget<'_>, message_id: &str, timestamp: i64) -> Vec<u8> {
    envelope(
        target,
        json!({
            "statuses": [{
                "id": message_id,
                "status": "sent",
                "timestamp": timestamp.to_string(),
                "recipient_id": SAMPLE_CONTACT,
                "pricing": {
                    "billable": false,
                    "pricing_model": "PMP",
                    "type": "free_customer_service",
                    "category": "service",
                },
            }],
        }),
    )
}

fn envelope(target: SampleTarget<'_>, mut value: serde_json::Value) -> Vec<u8> {
    value["messaging_product"] = json!("whatsapp");
    value["metadata"] = json!({ "phone_number_id": target.phone_number_id });
    if let Some(display) = target.display_phone_number {
        value["metadata"]["display_phone_number"] = json!(display);
    }
    let body = json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": target.waba_id, "changes": [{ "field": "messages", "value": value }] }],
    });
    serde_json::to_vec(&body).expect("a JSON value serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webhook::parse_body;

    const TARGET: SampleTarget<'static> = SampleTarget {
        waba_id: "102290129340398",
        phone_number_id: "106540352242922",
        display_phone_number: Some("15550783881"),
    };

    #[test]
    fn the_consoles_own_samples_are_told_apart() {
        let test = parse_body(&status_body(TARGET, &format!("{TEST_EVENT_PREFIX}1"), 1)).unwrap();
        assert!(is_console_sample(&test[0].dedupe_key));
        let probe = parse_body(&status_body(TARGET, &format!("{PROBE_EVENT_PREFIX}2"), 1)).unwrap();
        assert!(is_console_sample(&probe[0].dedupe_key));
        assert!(!is_console_sample("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI"));
    }

    #[test]
    fn the_sample_parses_as_the_status_it_stands_for() {
        let status = parse_body(&status_body(TARGET, "wamid.TEST1", 1_764_000_000)).unwrap();
        assert_eq!(status.len(), 1);
        assert_eq!(status[0].kind, "status.sent");
        assert_eq!(status[0].waba_id, TARGET.waba_id);
        assert_eq!(
            status[0].phone_number_id.as_deref(),
            Some(TARGET.phone_number_id)
        );
        assert_eq!(status[0].timestamp, Some(1_764_000_000));
    }
}
