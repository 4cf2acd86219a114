//! Graph behaviour: routing, authentication, debug_token, nodes, fields and paging.

use std::collections::HashSet;
use std::time::Duration;

use serde_json::json;
use waba_sim::{
    Scenario, APP_ID, APP_NAME, PHONE_NUMBER_ID, PHONE_NUMBER_IDS, SANDBOX_TOKEN, WABA_ID,
};

use crate::{assert_envelope, start, BASIC_KEYS, SUBCODE_KEYS};

const BOTH_WA_SCOPES: [&str; 2] = [
    "whatsapp_business_management",
    "whatsapp_business_messaging",
];

fn debug_path() -> String {
    format!("/v26.0/debug_token?input_token={SANDBOX_TOKEN}")
}

#[tokio::test]
async fn healthy_debug_token_is_a_never_expiring_system_user_token() {
    let h = start(Scenario::Healthy).await;
    let answer = h.get(&debug_path()).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let data = &answer.body["data"];
    let mut keys: Vec<&String> = data.as_object().expect("data").keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "app_id",
            "application",
            "data_access_expires_at",
            "expires_at",
            "granular_scopes",
            "is_valid",
            "issued_at",
            "scopes",
            "type",
            "user_id"
        ]
    );
    assert_eq!(data["app_id"], APP_ID);
    assert_eq!(data["application"], APP_NAME);
    assert_eq!(data["type"], "SYSTEM_USER");
    assert_eq!(data["expires_at"], 0);
    assert_eq!(data["data_access_expires_at"], 0);
    assert_eq!(data["is_valid"], true);
    assert!(data["user_id"].is_string());
    let issued = data["issued_at"].as_i64().expect("issued_at is an integer");
    let now = h.sandbox.clock().now().unix_timestamp();
    assert!(issued < now && issued > now - 365 * 86_400, "{issued}");
    assert_eq!(
        data["scopes"],
        json!([
            "whatsapp_business_management",
            "whatsapp_business_messaging",
            "business_management"
        ])
    );
    assert_eq!(
        data["granular_scopes"],
        json!([
            {"scope": "whatsapp_business_management", "target_ids": [WABA_ID]},
            {"scope": "whatsapp_business_messaging", "target_ids": [WABA_ID]},
        ])
    );
}

#[tokio::test]
async fn debug_token_reflects_each_scenario() {
    for scenario in [Scenario::Fresh, Scenario::UserToken, Scenario::MissingScope] {
        let h = start(scenario).await;
        let answer = h.get(&debug_path()).await;
        assert_eq!(answer.status, 200, "{scenario}: {}", answer.body);
        let data = &answer.body["data"];
        let now = h.sandbox.clock().now().unix_timestamp();
        assert_eq!(data["is_valid"], true, "{scenario}");
        let scopes: Vec<&str> = data["scopes"]
            .as_array()
            .expect("scopes")
            .iter()
            .filter_map(|s| s.as_str())
            .collect();
        match scenario {
            Scenario::UserToken => {
                assert_eq!(data["type"], "USER");
                let expires = data["expires_at"].as_i64().expect("expires_at");
                assert!((expires - (now + 86_400)).abs() < 120, "{expires} vs {now}");
                let data_access = data["data_access_expires_at"]
                    .as_i64()
                    .expect("data access");
                assert!(
                    (data_access - (now + 90 * 86_400)).abs() < 120,
                    "{data_access}"
                );
                assert_eq!(scopes, BOTH_WA_SCOPES);
                assert_eq!(data["granular_scopes"][1]["target_ids"], json!([WABA_ID]));
            }
            Scenario::MissingScope => {
                assert_eq!(data["type"], "SYSTEM_USER");
                assert_eq!(data["expires_at"], 0);
                assert_eq!(
                    scopes,
                    ["whatsapp_business_management", "business_management"]
                );
                assert_eq!(
                    data["granular_scopes"],
                    json!([{"scope": "whatsapp_business_management", "target_ids": [WABA_ID]}])
                );
            }
            _ => {
                assert_eq!(data["type"], "SYSTEM_USER");
                assert_eq!(data["expires_at"], 0);
                assert!(scopes.contains(&"whatsapp_business_messaging"));
            }
        }
    }
}

#[tokio::test]
async fn expired_token_answers_190_463_with_www_authenticate() {
    let h = start(Scenario::ExpiredToken).await;
    for path in [debug_path(), format!("/v26.0/{PHONE_NUMBER_ID}")] {
        let answer = h.get(&path).await;
        let error = assert_envelope(&answer, 401, 190, &SUBCODE_KEYS);
        assert_eq!(error["error_subcode"], 463);
        assert_eq!(error["type"], "OAuthException");
        let message = error["message"].as_str().expect("message");
        assert!(
            message.starts_with("Error validating access token: Session has expired on "),
            "{message}"
        );
        assert!(message.contains(". The current time is "), "{message}");
        assert!(
            message.ends_with(" PST.") || message.ends_with(" PDT."),
            "{message}"
        );
        let challenge = answer.headers["www-authenticate"]
            .to_str()
            .expect("ascii header");
        assert_eq!(
            challenge,
            format!("OAuth \"Facebook Platform\" \"invalid_token\" \"{message}\"")
        );
    }
}

#[tokio::test]
async fn garbage_token_answers_190_without_subcode() {
    let h = start(Scenario::Healthy).await;
    let answer = h
        .get_as(&format!("/v26.0/{WABA_ID}"), Some("EAAnotatoken"))
        .await;
    let error = assert_envelope(&answer, 401, 190, &BASIC_KEYS);
    assert_eq!(
        error["message"],
        "Invalid OAuth access token - Cannot parse access token"
    );
    assert_eq!(error["type"], "OAuthException");
    assert!(answer.headers["www-authenticate"]
        .to_str()
        .is_ok_and(|v| v.contains("\"invalid_token\"")));
}

#[tokio::test]
async fn missing_token_answers_104() {
    let h = start(Scenario::Healthy).await;
    let answer = h.get_as(&format!("/v26.0/{WABA_ID}"), None).await;
    let error = assert_envelope(&answer, 400, 104, &BASIC_KEYS);
    assert_eq!(
        error["message"],
        "An access token is required to request this resource."
    );
    assert!(answer.headers["www-authenticate"]
        .to_str()
        .is_ok_and(|v| v.contains("\"invalid_request\"")));
}

#[tokio::test]
async fn access_token_query_parameter_is_accepted() {
    let h = start(Scenario::Healthy).await;
    let path = format!("/v26.0/{PHONE_NUMBER_ID}?fields=status&access_token={SANDBOX_TOKEN}");
    let answer = h.get_as(&path, None).await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.body,
        json!({"id": PHONE_NUMBER_ID, "status": "CONNECTED"})
    );
}

#[tokio::test]
async fn debug_token_of_garbage_input_is_200_and_invalid() {
    let h = start(Scenario::Healthy).await;
    let answer = h.get("/v26.0/debug_token?input_token=garbage").await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.body,
        json!({"data": {
            "is_valid": false,
            "error": {"code": 190, "message": "Invalid OAuth access token - Cannot parse access token"},
            "scopes": [],
        }})
    );
    let missing = h.get("/v26.0/debug_token").await;
    let error = assert_envelope(&missing, 400, 100, &BASIC_KEYS);
    assert_eq!(
        error["message"],
        "(#100) The parameter input_token is required"
    );
}

#[tokio::test]
async fn unknown_object_answers_100_33() {
    let h = start(Scenario::Healthy).await;
    let answer = h.get("/v26.0/999999999999999?fields=status").await;
    let error = assert_envelope(&answer, 400, 100, &SUBCODE_KEYS);
    assert_eq!(error["error_subcode"], 33);
    assert_eq!(error["type"], "GraphMethodException");
    assert_eq!(
        error["message"],
        "Unsupported get request. Object with ID '999999999999999' does not exist, cannot be \
         loaded due to missing permissions, or does not support this operation. Please read the \
         Graph API documentation at https://developers.facebook.com/docs/graph-api"
    );
    let post = h
        .http
        .post(h.url("/v26.0/999999999999999/register"))
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .expect("request completes");
    let post = crate::answer(post).await;
    let error = assert_envelope(&post, 400, 100, &SUBCODE_KEYS);
    assert!(error["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("Unsupported post request.")));
}

#[tokio::test]
async fn phone_numbers_pages_one_at_a_time() {
    let h = start(Scenario::Healthy).await;
    let first = h
        .get(&format!("/v26.0/{WABA_ID}/phone_numbers?limit=1"))
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(first.body["paging"].get("previous").is_none());

    let mut seen = Vec::new();
    let mut page = first.body;
    let mut path_of_after: Option<String> = None;
    loop {
        let data = page["data"].as_array().expect("data array");
        assert_eq!(data.len(), 1, "{page}");
        seen.push(data[0]["id"].as_str().expect("id").to_owned());
        let cursors = &page["paging"]["cursors"];
        assert!(
            cursors["before"].is_string() && cursors["after"].is_string(),
            "{page}"
        );
        let Some(next) = page["paging"]["next"].as_str() else {
            break;
        };
        assert!(next.starts_with(&h.sandbox.base_url()), "{next}");
        // Walk with our own `after=` request, and check `next` says the same thing.
        let after = cursors["after"].as_str().expect("after cursor");
        let path = format!("/v26.0/{WABA_ID}/phone_numbers?limit=1&after={after}");
        let via_next = h
            .http
            .get(next)
            .bearer_auth(SANDBOX_TOKEN)
            .send()
            .await
            .expect("next");
        let via_next = crate::answer(via_next).await.body;
        page = h.get(&path).await.body;
        assert_eq!(page["data"], via_next["data"]);
        path_of_after = Some(path);
    }
    assert_eq!(seen, PHONE_NUMBER_IDS);
    assert!(path_of_after.is_some());
    assert!(page["paging"]["previous"].is_string(), "{page}");

    // Default fields on each item.
    let all = h.get(&format!("/v26.0/{WABA_ID}/phone_numbers")).await.body;
    let first_item = &all["data"][0];
    for field in [
        "id",
        "display_phone_number",
        "verified_name",
        "quality_rating",
    ] {
        assert!(
            first_item.get(field).is_some(),
            "{field} missing: {first_item}"
        );
    }
    assert_eq!(first_item["code_verification_status"], "VERIFIED");
    assert!(all["paging"].get("next").is_none());

    let bad = h
        .get(&format!("/v26.0/{WABA_ID}/phone_numbers?after=bogus"))
        .await;
    assert_envelope(&bad, 400, 100, &BASIC_KEYS);
}

#[tokio::test]
async fn fields_select_and_unknown_fields_fail() {
    let h = start(Scenario::Healthy).await;
    let answer = h
        .get(&format!(
            "/v26.0/{PHONE_NUMBER_ID}?fields=status,is_pin_enabled,health_status"
        ))
        .await;
    assert_eq!(answer.status, 200);
    let mut keys: Vec<&String> = answer.body.as_object().expect("object").keys().collect();
    keys.sort();
    assert_eq!(keys, ["health_status", "id", "is_pin_enabled", "status"]);
    assert_eq!(answer.body["is_pin_enabled"], true);
    assert_eq!(
        answer.body["health_status"]["can_send_message"],
        "AVAILABLE"
    );

    let unknown = h
        .get(&format!("/v26.0/{PHONE_NUMBER_ID}?fields=status,colour"))
        .await;
    let error = assert_envelope(&unknown, 400, 100, &BASIC_KEYS);
    assert_eq!(
        error["message"],
        "(#100) Tried accessing nonexisting field (colour) on node type (WhatsAppBusinessPhoneNumber)"
    );
}

#[tokio::test]
async fn phone_number_node_follows_the_scenario() {
    let all_fields = "display_phone_number,verified_name,status,code_verification_status,\
        quality_rating,name_status,platform_type,throughput,\
        whatsapp_business_manager_messaging_limit,messaging_limit_tier,account_mode,\
        is_pin_enabled,is_official_business_account,health_status,last_onboarded_time";
    let path = format!("/v26.0/{PHONE_NUMBER_ID}?fields={all_fields}");

    let healthy = start(Scenario::Healthy).await.get(&path).await.body;
    assert_eq!(healthy["status"], "CONNECTED");
    assert_eq!(healthy["code_verification_status"], "VERIFIED");
    assert_eq!(healthy["quality_rating"], "GREEN");
    assert_eq!(healthy["platform_type"], "CLOUD_API");
    assert_eq!(healthy["throughput"], json!({"level": "STANDARD"}));
    assert_eq!(
        healthy["whatsapp_business_manager_messaging_limit"],
        "TIER_2K"
    );
    assert_eq!(healthy["account_mode"], "LIVE");
    assert_eq!(healthy["is_pin_enabled"], true);
    assert_eq!(healthy["is_official_business_account"], false);
    assert_eq!(healthy["display_phone_number"], "+1 555-010-0199");
    assert!(healthy["last_onboarded_time"]
        .as_str()
        .is_some_and(|t| t.ends_with("+0000")));

    let fresh = start(Scenario::Fresh).await.get(&path).await.body;
    assert_eq!(fresh["status"], "PENDING");
    assert_eq!(fresh["code_verification_status"], "NOT_VERIFIED");
    assert_eq!(fresh["is_pin_enabled"], false);
    assert_eq!(fresh["platform_type"], "NOT_APPLICABLE");
    assert_eq!(fresh["throughput"], json!({"level": "NOT_APPLICABLE"}));
    assert_eq!(fresh["quality_rating"], "NA");
    assert!(fresh.get("last_onboarded_time").is_none());
    let health = &fresh["health_status"];
    assert_eq!(health["can_send_message"], "BLOCKED");
    let phone = &health["entities"][0];
    assert_eq!(phone["entity_type"], "PHONE_NUMBER");
    assert_eq!(phone["id"], PHONE_NUMBER_ID);
    assert_eq!(phone["can_send_message"], "BLOCKED");
    let problem = &phone["errors"][0];
    assert!(problem["error_code"].is_i64());
    assert!(problem["error_description"]
        .as_str()
        .is_some_and(|d| d.contains("not registered")));
    assert!(problem["possible_solution"]
        .as_str()
        .is_some_and(|s| s.contains("register")));
}

#[tokio::test]
async fn versions_route_and_others_are_unknown_paths() {
    let h = start(Scenario::Healthy).await;
    for version in ["v19.0", "v26.0"] {
        let answer = h
            .get(&format!("/{version}/{PHONE_NUMBER_ID}?fields=status"))
            .await;
        assert_eq!(answer.status, 200, "{version}");
        assert_eq!(answer.headers["facebook-api-version"], version);
    }
    for version in ["latest", "v26"] {
        let path = format!("/{version}/{PHONE_NUMBER_ID}");
        let answer = h.get(&path).await;
        let error = assert_envelope(&answer, 400, 2500, &BASIC_KEYS);
        assert_eq!(error["message"], format!("Unknown path components: {path}"));
        assert_eq!(error["type"], "OAuthException");
    }
    // A known object asked for an edge it does not have: 100 "nonexisting field", naming the
    // node type (facts §2.1), not 2500.
    let edge = h.get(&format!("/v26.0/{PHONE_NUMBER_ID}/nonsense")).await;
    let error = assert_envelope(&edge, 400, 100, &BASIC_KEYS);
    assert_eq!(
        error["message"],
        "(#100) Tried accessing nonexisting field (nonsense) on node type (WhatsAppBusinessPhoneNumber)"
    );
    let templates_on_number = h
        .get(&format!("/v26.0/{PHONE_NUMBER_ID}/message_templates"))
        .await;
    let error = assert_envelope(&templates_on_number, 400, 100, &BASIC_KEYS);
    assert_eq!(
        error["message"],
        "(#100) Tried accessing nonexisting field (message_templates) on node type (WhatsAppBusinessPhoneNumber)"
    );
    let on_waba = h.get(&format!("/v26.0/{WABA_ID}/register")).await;
    let error = assert_envelope(&on_waba, 400, 100, &BASIC_KEYS);
    assert_eq!(
        error["message"],
        "(#100) Tried accessing nonexisting field (register) on node type (WhatsAppBusinessAccount)"
    );

    let deep = h
        .get(&format!("/v26.0/{WABA_ID}/phone_numbers/extra"))
        .await;
    let error = assert_envelope(&deep, 400, 2500, &BASIC_KEYS);
    assert_eq!(
        error["message"],
        "Unknown path components: /phone_numbers/extra"
    );
    // The portfolio limit field is v24+.
    let old = h
        .get(&format!(
            "/v23.0/{PHONE_NUMBER_ID}?fields=whatsapp_business_manager_messaging_limit"
        ))
        .await;
    assert_envelope(&old, 400, 100, &BASIC_KEYS);
}

#[tokio::test]
async fn waba_node_and_subscribed_apps() {
    let h = start(Scenario::Healthy).await;
    let waba = h.get(&format!("/v26.0/{WABA_ID}")).await;
    assert_eq!(waba.status, 200);
    let mut keys: Vec<&String> = waba.body.as_object().expect("object").keys().collect();
    keys.sort();
    assert_eq!(keys, ["id", "name"]);
    let detailed = h
        .get(&format!(
            "/v26.0/{WABA_ID}?fields=currency,timezone_id,message_template_namespace,account_review_status"
        ))
        .await
        .body;
    assert_eq!(detailed["id"], WABA_ID);
    assert_eq!(detailed["currency"], "USD");
    assert!(detailed["timezone_id"].is_string());
    assert_eq!(detailed["account_review_status"], "APPROVED");

    let subscribed = h
        .get(&format!("/v26.0/{WABA_ID}/subscribed_apps"))
        .await
        .body;
    assert_eq!(
        subscribed,
        json!({"data": [{"whatsapp_business_api_data": {
            "id": APP_ID,
            "link": format!("https://www.facebook.com/games/?app_id={APP_ID}"),
            "name": APP_NAME,
        }}]})
    );
    let fresh = start(Scenario::Fresh).await;
    let none = fresh
        .get(&format!("/v26.0/{WABA_ID}/subscribed_apps"))
        .await
        .body;
    assert_eq!(none, json!({"data": []}));
}

#[tokio::test]
async fn missing_scope_still_reads_the_account() {
    let h = start(Scenario::MissingScope).await;
    let answer = h
        .get(&format!("/v26.0/{WABA_ID}/phone_numbers?fields=status"))
        .await;
    assert_eq!(answer.status, 200);
    let statuses: HashSet<&str> = answer.body["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|n| n["status"].as_str())
        .collect();
    assert!(statuses.contains("CONNECTED"), "{statuses:?}");
}

#[tokio::test]
async fn user_token_expires_when_the_clock_passes_24_hours() {
    let h = start(Scenario::UserToken).await;
    let path = format!("/v26.0/{PHONE_NUMBER_ID}?fields=status");
    assert_eq!(h.get(&path).await.status, 200);
    h.sandbox.clock().advance(Duration::from_secs(25 * 3600));
    let answer = h.get(&path).await;
    let error = assert_envelope(&answer, 401, 190, &SUBCODE_KEYS);
    assert_eq!(error["error_subcode"], 463);
}

/// The `call_count` of the sandbox WABA's entry in `X-Business-Use-Case-Usage`.
fn buc_call_count(answer: &crate::Answer) -> i64 {
    let header = answer.headers["x-business-use-case-usage"]
        .to_str()
        .expect("ASCII header");
    let value: serde_json::Value = serde_json::from_str(header).expect("JSON header");
    let entries = value[WABA_ID].as_array().expect("keyed by the WABA id");
    assert_eq!(entries.len(), 1, "{value}");
    let entry = &entries[0];
    assert_eq!(entry["type"], "whatsapp");
    for key in [
        "total_cputime",
        "total_time",
        "estimated_time_to_regain_access",
    ] {
        assert!(entry[key].is_i64(), "{key}: {value}");
    }
    entry["call_count"].as_i64().expect("call_count")
}

#[tokio::test]
async fn business_use_case_usage_grows_with_counted_calls() {
    let h = start(Scenario::Healthy).await;
    let read = format!("/v26.0/{WABA_ID}?fields=name");
    // One management call shows as 1 % of the 5,000-an-hour budget (a number is registered).
    assert_eq!(buc_call_count(&h.get(&read).await), 1);
    for _ in 0..148 {
        h.get(&format!("/v26.0/{WABA_ID}/phone_numbers")).await;
    }
    // 150 calls of 5,000 are 3 %.
    assert_eq!(buc_call_count(&h.get(&read).await), 3);
    // Errors on the WABA carry it too, and an unknown edge is not a counted call.
    let edge = h.get(&format!("/v26.0/{WABA_ID}/nonsense")).await;
    assert_eq!(edge.status, 400);
    assert_eq!(buc_call_count(&edge), 3);
    // debug_token is not about the WABA: no header.
    let debug = h
        .get(&format!("/v26.0/debug_token?input_token={SANDBOX_TOKEN}"))
        .await;
    assert!(debug.headers.get("x-business-use-case-usage").is_none());
    // The window is a rolling hour on the sim clock.
    h.sandbox.clock().advance(Duration::from_secs(3601));
    assert_eq!(buc_call_count(&h.get(&read).await), 1);
}
