//! Graph nodes as JSON: the WABA and phone-number objects (the template node is in `templates`),
//! with Graph's `fields=` selection (defaults when absent, `id` always, nested `{...}` selections
//! accepted, unknown names rejected with code 100) and version-gated fields.

use serde_json::{json, Map, Value};

use crate::clock::graph_datetime;
use crate::envelope::GraphError;
use time::OffsetDateTime;

use crate::world::{Phase, PhoneNumber, World};
use crate::{automation, display_name};

pub(crate) const WABA_NODE: &str = "WhatsAppBusinessAccount";
pub(crate) const PHONE_NODE: &str = "WhatsAppBusinessPhoneNumber";

// Field lists: every field Meta documents for the node is accepted, not only those the console
// reads, because answering "(#100) Tried accessing nonexisting field" to a real field breaks
// client libraries. Fields without a value in the sandbox are accepted and omitted, as Graph
// omits unset fields.

const WABA_DEFAULT: &[&str] = &["id", "name"];
/// The WABA node: Graph reference `whats-app-business-account` (facts §0 sources), with
/// `health_status` from facts §4.2.1 and `whatsapp_business_manager_messaging_limit` (v24+) from
/// facts §1 and §13.
const WABA_FIELDS: &[&str] = &[
    "id",
    "name",
    "status",
    "account_review_status",
    "business_verification_status",
    "country",
    "currency",
    "timezone_id",
    "message_template_namespace",
    "ownership_type",
    "health_status",
    "on_behalf_of_business_info",
    "owner_business",
    "owner_business_info",
    "primary_business_location",
    "primary_funding_id",
    "purchase_order_number",
    "is_enabled_for_insights",
    "is_shared_with_partners",
    "auth_international_rate_eligibility",
    "marketing_messages_lite_api_status",
    "marketing_messages_onboarding_status",
];

/// What the phone-number list and node return without `fields` (facts §4.1).
const PHONE_DEFAULT: &[&str] = &[
    "verified_name",
    "code_verification_status",
    "display_phone_number",
    "quality_rating",
    "platform_type",
    "throughput",
    "last_onboarded_time",
    "id",
];
/// Every field the phone-number node knows (facts §4.2, the table of §4.2 "Read one"). Fields without a value for a number
/// (e.g. `certificate`, `webhook_configuration`) are accepted and omitted, as Graph does.
const PHONE_FIELDS: &[&str] = &[
    "id",
    "display_phone_number",
    "verified_name",
    "status",
    "code_verification_status",
    "quality_rating",
    "quality_score",
    "name_status",
    "new_display_name",
    "new_name_status",
    "platform_type",
    "throughput",
    "messaging_limit_tier",
    "account_mode",
    "is_pin_enabled",
    "is_official_business_account",
    "is_on_biz_app",
    "is_preverified_number",
    "health_status",
    "webhook_configuration",
    "search_visibility",
    "eligibility_for_api_business_global_search",
    "certificate",
    "new_certificate",
    "last_onboarded_time",
    "country_code",
    "country_dial_code",
    "conversational_automation",
];
/// Added in v24.0 (facts §1); older versions do not know it.
const PORTFOLIO_LIMIT_FIELD: &str = "whatsapp_business_manager_messaging_limit";
const PORTFOLIO_LIMIT_SINCE: u32 = 24;
/// The business portfolio's messaging limit (TIER_2K since the October 2025 change).
const PORTFOLIO_LIMIT: &str = "TIER_2K";

/// `GET /{waba-id}`.
pub(crate) fn waba(world: &World, version: u32, fields: Option<&str>) -> Result<Value, GraphError> {
    let waba = &world.waba;
    let portfolio_limit = version >= PORTFOLIO_LIMIT_SINCE;
    let mut available = object(json!({
        "id": waba.id,
        "name": waba.name,
        "currency": waba.currency,
        "timezone_id": waba.timezone_id,
        "message_template_namespace": waba.message_template_namespace,
        "account_review_status": waba.account_review_status,
        "business_verification_status": waba.business_verification_status,
        "country": waba.country,
        "ownership_type": "SELF",
        "status": "ACTIVE",
        "is_enabled_for_insights": false,
        "health_status": waba_health_status(world),
    }));
    if portfolio_limit {
        available.insert(PORTFOLIO_LIMIT_FIELD.into(), PORTFOLIO_LIMIT.into());
    }
    let known =
        |f: &str| WABA_FIELDS.contains(&f) || (portfolio_limit && f == PORTFOLIO_LIMIT_FIELD);
    select(available, fields, WABA_DEFAULT, &known, WABA_NODE)
}

/// `GET /{phone-number-id}` and one item of `GET /{waba-id}/phone_numbers`.
pub(crate) fn phone_number(
    world: &World,
    number: &PhoneNumber,
    now: OffsetDateTime,
    version: u32,
    fields: Option<&str>,
) -> Result<Value, GraphError> {
    let portfolio_limit = version >= PORTFOLIO_LIMIT_SINCE;
    let known =
        |f: &str| PHONE_FIELDS.contains(&f) || (portfolio_limit && f == PORTFOLIO_LIMIT_FIELD);
    select(
        phone_values(world, number, now, version),
        fields,
        PHONE_DEFAULT,
        &known,
        PHONE_NODE,
    )
}

/// Every phone-number field that has a value.
/// The registration state is computed from the sim clock (`now`): a registered number reads
/// `PENDING` until the provisioning delay has passed, then `CONNECTED` (whatever its quality:
/// there is no `FLAGGED` state since 7 Oct 2025).
fn phone_values(
    world: &World,
    number: &PhoneNumber,
    now: OffsetDateTime,
    version: u32,
) -> Map<String, Value> {
    let connected = match number.phase(now, world.provisioning_delay) {
        Phase::Connected { since } => Some(since),
        Phase::Unregistered | Phase::Provisioning { .. } => None,
    };
    let status = match connected {
        Some(_) => "CONNECTED",
        None => "PENDING",
    };
    let mut values = object(json!({
        "id": number.id,
        "display_phone_number": number.display,
        "verified_name": number.verified_name,
        "status": status,
        "code_verification_status": number.code_verification.status(now),
        "quality_rating": if connected.is_some() { number.quality } else { "NA" },
        "name_status": number.name_status,
        "platform_type": if connected.is_some() { "CLOUD_API" } else { "NOT_APPLICABLE" },
        "throughput": {"level": if connected.is_some() { "STANDARD" } else { "NOT_APPLICABLE" }},
        // Deprecated; it reports the portfolio limit. TIER_1K no longer exists (replaced by
        // TIER_2K on 7 Oct 2025); what a <= v23 read returns is not documented, so the sandbox
        // answers the portfolio limit on every version.
        "messaging_limit_tier": PORTFOLIO_LIMIT,
        "account_mode": number.account_mode,
        "is_pin_enabled": number.pin.is_some(),
        "is_official_business_account": false,
        "is_on_biz_app": false,
        "is_preverified_number": false,
        "health_status": health_status(world, number, connected.is_some()),
        "country_code": "US",
        "country_dial_code": "1",
    }));
    if version >= PORTFOLIO_LIMIT_SINCE {
        values.insert(PORTFOLIO_LIMIT_FIELD.into(), PORTFOLIO_LIMIT.into());
    }
    if let Some(since) = connected {
        values.insert("last_onboarded_time".into(), graph_datetime(since).into());
    }
    let mut webhook = serde_json::Map::new();
    if let Some(url) = &world.waba.app_callback {
        webhook.insert("application".into(), url.clone().into());
    }
    if let Some(url) = world
        .waba
        .override_callback
        .as_ref()
        .filter(|_| world.waba.subscribed)
    {
        webhook.insert("whatsapp_business_account".into(), url.clone().into());
    }
    if let Some(url) = &number.override_callback {
        webhook.insert("phone_number".into(), url.clone().into());
    }
    if !webhook.is_empty() {
        values.insert("webhook_configuration".into(), webhook.into());
    }
    for (name, value) in display_name::fields(number) {
        values.insert(name.into(), value);
    }
    if let Some(automation) = &number.automation {
        values.insert(
            "conversational_automation".into(),
            automation::value(automation, &number.id),
        );
    }
    values
}

/// What Meta's LIMITED example says of a number whose display name is not approved yet.
const NAME_NOT_APPROVED: &str = "Your display name has not been approved yet. Your message limit will increase after the display name is approved.";

/// `health_status` of a number (facts §4.2.1): the number, WABA, business and app entities.
/// A `LIMITED` entity carries `additional_info` (strings), only a `BLOCKED` one carries `errors`;
/// the number and the app also say `can_receive_call_sip`. A connected number whose display name
/// is not approved is LIMITED; its quality rating changes nothing here (a RED number stays
/// AVAILABLE: quality no longer flags a number or lowers its limit). An unregistered (or still
/// provisioning) number is BLOCKED; which code Meta shows for that is not documented, so the
/// sandbox uses 133010, the send error for an unregistered number.
fn health_status(world: &World, number: &PhoneNumber, connected: bool) -> Value {
    let available = |entity_type: &str, id: &str| json!({"entity_type": entity_type, "id": id, "can_send_message": "AVAILABLE"});
    let name_approved = matches!(number.name_status, "APPROVED" | "AVAILABLE_WITHOUT_REVIEW");
    let phone = if !connected {
        json!({
            "entity_type": "PHONE_NUMBER",
            "id": number.id,
            "can_send_message": "BLOCKED",
            "can_receive_call_sip": "BLOCKED",
            "errors": [{
                "error_code": 133010,
                "error_description": "The phone number is not registered on the WhatsApp Business Platform.",
                "possible_solution": "Verify ownership of the number if needed (request_code, verify_code), then register it with POST /{phone-number-id}/register.",
            }],
        })
    } else if !name_approved {
        json!({
            "entity_type": "PHONE_NUMBER",
            "id": number.id,
            "can_send_message": "LIMITED",
            "can_receive_call_sip": "AVAILABLE",
            "additional_info": [NAME_NOT_APPROVED],
        })
    } else {
        json!({
            "entity_type": "PHONE_NUMBER",
            "id": number.id,
            "can_send_message": "AVAILABLE",
            "can_receive_call_sip": "AVAILABLE",
        })
    };
    let entities = [
        phone,
        available("WABA", &world.waba.id),
        available("BUSINESS", &world.business_id),
        json!({"entity_type": "APP", "id": world.app.id, "can_send_message": "AVAILABLE", "can_receive_call_sip": "AVAILABLE"}),
    ];
    // BLOCKED if any entity is, else LIMITED if any is, else AVAILABLE.
    let overall = ["BLOCKED", "LIMITED"]
        .into_iter()
        .find(|state| entities.iter().any(|e| e["can_send_message"] == *state))
        .unwrap_or("AVAILABLE");
    json!({
        "can_send_message": overall,
        "entities": entities,
    })
}

/// `health_status` of the WABA node: the WABA, business and app entities (facts §4.2.1: no
/// PHONE_NUMBER entity when the target is not a number).
fn waba_health_status(world: &World) -> Value {
    let entities: Vec<Value> = [
        ("WABA", world.waba.id.as_str()),
        ("BUSINESS", world.business_id.as_str()),
        ("APP", world.app.id.as_str()),
    ]
    .into_iter()
    .map(|(entity_type, id)| json!({"entity_type": entity_type, "id": id, "can_send_message": "AVAILABLE"}))
    .collect();
    json!({"can_send_message": "AVAILABLE", "entities": entities})
}

/// Applies a `fields=` parameter to a node's values. `id` is always returned.
pub(crate) fn select(
    mut available: Map<String, Value>,
    fields: Option<&str>,
    defaults: &[&str],
    known: &dyn Fn(&str) -> bool,
    node_type: &str,
) -> Result<Value, GraphError> {
    let requested = fields.map(field_names).filter(|names| !names.is_empty());
    let names: Vec<&str> = match &requested {
        Some(names) => names.clone(),
        None => defaults.to_vec(),
    };
    if let Some(unknown) = names.iter().find(|name| !known(name)) {
        return Err(GraphError::nonexisting_field(unknown, node_type));
    }
    let mut out = Map::new();
    for name in names.into_iter().chain(["id"]) {
        if let Some(value) = available.remove(name) {
            out.insert(name.to_owned(), value);
        }
    }
    Ok(Value::Object(out))
}

/// Splits `a,b{c,d},e.limit(2)` into `["a", "b", "e"]`: top-level names only.
pub(crate) fn field_names(param: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in param.char_indices() {
        match c {
            '{' | '(' => depth += 1,
            '}' | ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                names.push(&param[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    names.push(&param[start..]);
    names
        .into_iter()
        .filter_map(|part| {
            let name = part
                .split(['{', '.', '('])
                .next()
                .unwrap_or_default()
                .trim();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Scenario, PHONE_NUMBER_ID};
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-08-01 12:00 UTC);

    fn world(scenario: Scenario) -> World {
        World::seed(scenario, NOW)
    }

    #[test]
    fn field_names_keep_top_level_names_only() {
        assert_eq!(
            field_names(
                "id, status,health_status{can_send_message,entities{id}},throughput.x(1),,"
            ),
            ["id", "status", "health_status", "throughput"]
        );
        assert!(field_names(" , ").is_empty());
    }

    #[test]
    fn selection_returns_id_and_requested_fields() {
        let w = world(Scenario::Healthy);
        let Some(number) = w.number(PHONE_NUMBER_ID) else {
            panic!("profile number missing")
        };
        let value = phone_number(&w, number, NOW, 26, Some("status")).unwrap();
        assert_eq!(value, json!({"id": PHONE_NUMBER_ID, "status": "CONNECTED"}));
    }

    #[test]
    fn portfolio_limit_exists_from_v24() {
        let w = world(Scenario::Healthy);
        let Some(number) = w.number(PHONE_NUMBER_ID) else {
            panic!("profile number missing")
        };
        let fields = Some("whatsapp_business_manager_messaging_limit,messaging_limit_tier");
        let v24 = phone_number(&w, number, NOW, 24, fields).unwrap();
        assert_eq!(v24["whatsapp_business_manager_messaging_limit"], "TIER_2K");
        assert_eq!(v24["messaging_limit_tier"], "TIER_2K");
        let v23 = phone_number(&w, number, NOW, 23, fields).unwrap_err();
        assert!(v23
            .message()
            .contains("(whatsapp_business_manager_messaging_limit)"));
        let legacy = phone_number(&w, number, NOW, 23, Some("messaging_limit_tier")).unwrap();
        // No TIER_1K since 7 Oct 2025, on any version.
        assert_eq!(legacy["messaging_limit_tier"], "TIER_2K");
    }

    #[test]
    fn unregistered_number_is_blocked_and_has_no_onboarding_time() {
        let w = world(Scenario::Fresh);
        let Some(number) = w.number(PHONE_NUMBER_ID) else {
            panic!("profile number missing")
        };
        let value = phone_number(
            &w,
            number,
            NOW,
            26,
            Some("health_status,last_onboarded_time,certificate"),
        )
        .unwrap();
        assert_eq!(value["health_status"]["can_send_message"], "BLOCKED");
        assert_eq!(
            value["health_status"]["entities"][0]["errors"][0]["error_code"],
            133010
        );
        assert!(value.get("last_onboarded_time").is_none());
        assert!(value.get("certificate").is_none());
    }

    #[test]
    fn a_red_quality_number_stays_connected_and_available_with_its_limit() {
        let w = world(Scenario::RedQuality);
        let Some(number) = w.number(PHONE_NUMBER_ID) else {
            panic!("profile number missing")
        };
        let fields =
            "status,quality_rating,health_status,whatsapp_business_manager_messaging_limit";
        let value = phone_number(&w, number, NOW, 26, Some(fields)).unwrap();
        assert_eq!(value["status"], "CONNECTED");
        assert_eq!(value["quality_rating"], "RED");
        assert_eq!(
            value["whatsapp_business_manager_messaging_limit"],
            "TIER_2K"
        );
        let health = &value["health_status"];
        assert_eq!(health["can_send_message"], "AVAILABLE");
        for entity in health["entities"].as_array().unwrap() {
            assert_eq!(entity["can_send_message"], "AVAILABLE", "{entity}");
            assert!(entity.get("errors").is_none() && entity.get("additional_info").is_none());
        }
    }

    #[test]
    fn a_limited_number_says_why_in_additional_info_and_only_blocked_ones_carry_errors() {
        let mut w = world(Scenario::Healthy);
        let alerts = crate::PHONE_NUMBER_IDS[2];
        // Register the number whose display name is still in review.
        if let Some(n) = w.number_mut(alerts) {
            n.registration = crate::world::Registration::Connected {
                since: NOW - time::Duration::days(1),
            };
        }
        let Some(number) = w.number(alerts) else {
            panic!("alerts number missing")
        };
        let value = phone_number(&w, number, NOW, 26, Some("health_status")).unwrap();
        let health = &value["health_status"];
        assert_eq!(health["can_send_message"], "LIMITED");
        let phone = &health["entities"][0];
        assert_eq!(phone["entity_type"], "PHONE_NUMBER");
        assert_eq!(phone["can_send_message"], "LIMITED");
        assert!(phone.get("errors").is_none(), "{phone}");
        assert!(phone["additional_info"][0]
            .as_str()
            .is_some_and(|i| i.contains("display name has not been approved")));
        // Calling capability on the number and the app only.
        let sip: Vec<_> = health["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e.get("can_receive_call_sip").is_some())
            .map(|e| e["entity_type"].as_str().unwrap())
            .collect();
        assert_eq!(sip, ["PHONE_NUMBER", "APP"]);

        let fresh = world(Scenario::Fresh);
        let Some(number) = fresh.number(PHONE_NUMBER_ID) else {
            panic!("profile number missing")
        };
        let blocked = phone_number(&fresh, number, NOW, 26, Some("health_status")).unwrap();
        let phone = &blocked["health_status"]["entities"][0];
        assert_eq!(phone["can_send_message"], "BLOCKED");
        assert!(phone.get("additional_info").is_none());
        assert!(phone["errors"][0]["possible_solution"].is_string());
    }

    #[test]
    fn every_documented_field_is_accepted() {
        let w = world(Scenario::Healthy);
        let waba_value = waba(&w, 26, Some(&WABA_FIELDS.join(","))).unwrap();
        for field in [
            "status",
            "account_review_status",
            "business_verification_status",
            "ownership_type",
            "health_status",
            "currency",
            "timezone_id",
            "message_template_namespace",
        ] {
            assert!(waba_value.get(field).is_some(), "WABA {field}");
        }
        assert!(waba_value["health_status"]["entities"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["entity_type"] != "PHONE_NUMBER"));
        let limit = waba(&w, 24, Some("whatsapp_business_manager_messaging_limit")).unwrap();
        assert_eq!(
            limit["whatsapp_business_manager_messaging_limit"],
            "TIER_2K"
        );
        let Some(number) = w.number(PHONE_NUMBER_ID) else {
            panic!("profile number missing")
        };
        phone_number(&w, number, NOW, 26, Some(&PHONE_FIELDS.join(","))).unwrap();
    }

    #[test]
    fn waba_defaults_and_unknown_fields() {
        let w = world(Scenario::Healthy);
        assert_eq!(
            waba(&w, 26, None).unwrap(),
            json!({"id": crate::WABA_ID, "name": "WABA Console Sandbox WABA"})
        );
        let err = waba(&w, 26, Some("id,display_phone_number")).unwrap_err();
        assert_eq!(
            err.message(),
            "(#100) Tried accessing nonexisting field (display_phone_number) on node type \
             (WhatsAppBusinessAccount)"
        );
    }
}
