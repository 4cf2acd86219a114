//! The phone-number state machine over HTTP: PIN, request/verify code, register, deregister and
//! their limits, moved through time with the sim clock.

use std::time::Duration;

use serde_json::{json, Value};
use waba_sim::{Scenario, PHONE_NUMBER_ID, SANDBOX_PIN, SANDBOX_TOKEN, VERIFICATION_CODE};

use crate::{
    answer, assert_envelope, start, Answer, Harness, BASIC_KEYS, SUBCODE_KEYS, WHATSAPP_KEYS,
};

fn number_path(edge: &str) -> String {
    format!("/v26.0/{PHONE_NUMBER_ID}{edge}")
}

impl Harness {
    async fn post_json(&self, path: &str, body: Value) -> Answer {
        let request = self
            .http
            .post(self.url(path))
            .bearer_auth(SANDBOX_TOKEN)
            .json(&body);
        answer(request.send().await.expect("request completes")).await
    }

    async fn post_form(&self, path: &str, form: &str) -> Answer {
        let request = self
            .http
            .post(self.url(path))
            .bearer_auth(SANDBOX_TOKEN)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.to_owned());
        answer(request.send().await.expect("request completes")).await
    }

    async fn register(&self, pin: &str) -> Answer {
        self.post_json(
            &number_path("/register"),
            json!({"messaging_product": "whatsapp", "pin": pin}),
        )
        .await
    }

    async fn number_fields(&self) -> Value {
        let fields = "status,code_verification_status,is_pin_enabled,platform_type,throughput,\
                      health_status,last_onboarded_time,quality_rating";
        let answer = self
            .get(&format!("{}?fields={fields}", number_path("")))
            .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        answer.body
    }

    async fn number_state(&self) -> Value {
        let response = self
            .http
            .get(self.url(&format!("/__sandbox/numbers/{PHONE_NUMBER_ID}")))
            .send()
            .await
            .expect("control answers");
        assert_eq!(response.status(), 200);
        response.json().await.expect("control JSON")
    }

    fn advance(&self, seconds: u64) {
        self.sandbox.clock().advance(Duration::from_secs(seconds));
    }
}

fn assert_success(answer: &Answer) {
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body, json!({"success": true}));
}

fn assert_code(answer: &Answer, status: u16, code: i64) -> Value {
    let error = assert_envelope(answer, status, code, &WHATSAPP_KEYS);
    assert_eq!(error["error_data"]["messaging_product"], "whatsapp");
    assert!(error["error_data"]["details"]
        .as_str()
        .is_some_and(|d| !d.is_empty()));
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.starts_with(&format!("(#{code}) "))),
        "{error}"
    );
    error
}

#[tokio::test]
async fn fresh_number_goes_all_the_way_to_connected_and_back() {
    let h = start(Scenario::Fresh).await;
    let node = h.number_fields().await;
    assert_eq!(node["status"], "PENDING");
    assert_eq!(node["code_verification_status"], "NOT_VERIFIED");
    assert_eq!(node["is_pin_enabled"], false);
    assert_eq!(node["platform_type"], "NOT_APPLICABLE");
    assert_eq!(node["health_status"]["can_send_message"], "BLOCKED");

    // verify_code before any request_code.
    let early = h
        .post_form(&number_path("/verify_code"), "code=123456")
        .await;
    let error = assert_code(&early, 400, 100);
    assert!(error["error_data"]["details"]
        .as_str()
        .is_some_and(|d| d.contains("request_code")));

    let requested = h
        .post_json(
            &number_path("/request_code?code_method=SMS&language=en_US"),
            json!({}),
        )
        .await;
    assert_success(&requested);
    assert_eq!(
        h.number_state().await["verification"]["pendingCode"],
        VERIFICATION_CODE
    );

    let wrong = h
        .post_form(&number_path("/verify_code"), "code=000000")
        .await;
    let error = assert_code(&wrong, 400, 136025);
    assert_eq!(error["message"], "(#136025) Verify code error");
    let verified = h
        .post_form(
            &number_path("/verify_code"),
            &format!("code={VERIFICATION_CODE}"),
        )
        .await;
    assert_success(&verified);
    assert_eq!(
        h.number_fields().await["code_verification_status"],
        "VERIFIED"
    );

    assert_success(
        &h.post_json(&number_path(""), json!({"pin": "013579"}))
            .await,
    );
    assert_eq!(h.number_fields().await["is_pin_enabled"], true);

    let registered = h
        .post_json(
            &number_path("/register"),
            json!({"messaging_product": "whatsapp", "pin": "013579", "data_localization_region": "DE"}),
        )
        .await;
    assert_success(&registered);
    let provisioning = h.number_fields().await;
    assert_eq!(provisioning["status"], "PENDING");
    assert_eq!(provisioning["platform_type"], "NOT_APPLICABLE");
    assert_eq!(provisioning["health_status"]["can_send_message"], "BLOCKED");
    let state = h.number_state().await;
    assert_eq!(state["registration"]["phase"], "provisioning");
    assert_eq!(state["registration"]["dataLocalizationRegion"], "DE");
    assert_eq!(state["counters"]["registerCalls72h"], 1);

    h.advance(3);
    let connected = h.number_fields().await;
    assert_eq!(connected["status"], "CONNECTED", "{connected}");
    assert_eq!(connected["platform_type"], "CLOUD_API");
    assert_eq!(connected["throughput"], json!({"level": "STANDARD"}));
    assert_eq!(connected["health_status"]["can_send_message"], "AVAILABLE");
    assert!(connected["last_onboarded_time"].is_string());
    assert_eq!(h.number_state().await["registration"]["phase"], "connected");

    assert_success(&h.post_json(&number_path("/deregister"), json!({})).await);
    let back = h.number_fields().await;
    assert_eq!(back["status"], "PENDING");
    assert_eq!(back["platform_type"], "NOT_APPLICABLE");
    assert_eq!(back["health_status"]["can_send_message"], "BLOCKED");
    assert_eq!(
        back["health_status"]["entities"][0]["errors"][0]["error_code"],
        133010
    );
    // Registration does not undo verification or the PIN.
    assert_eq!(back["code_verification_status"], "VERIFIED");
    assert_eq!(back["is_pin_enabled"], true);
    let state = h.number_state().await;
    assert_eq!(state["registration"]["phase"], "unregistered");
    assert_eq!(state["counters"]["deregisterCalls72h"], 1);

    // Verification lasts 14 days.
    h.advance(14 * 86_400);
    assert_eq!(
        h.number_fields().await["code_verification_status"],
        "EXPIRED"
    );
    assert_code(&h.register("013579").await, 400, 133006);
}

#[tokio::test]
async fn provisioning_delay_is_configurable() {
    let h = start(Scenario::Fresh).await;
    h.sandbox.set_provisioning_delay(Duration::from_secs(60));
    h.post_form(
        &number_path("/request_code"),
        "code_method=VOICE&language=en",
    )
    .await;
    h.post_form(&number_path("/verify_code"), "code=123456")
        .await;
    // No PIN yet: register sets it.
    assert_success(&h.register("111111").await);
    assert_eq!(h.number_fields().await["is_pin_enabled"], true);
    h.advance(30);
    assert_eq!(h.number_fields().await["status"], "PENDING");
    h.advance(31);
    assert_eq!(h.number_fields().await["status"], "CONNECTED");
    assert_eq!(h.number_state().await["pin"]["value"], "111111");
}

#[tokio::test]
async fn a_provisioning_delay_set_over_http_lasts_until_the_clock_passes_it() {
    let h = start(Scenario::Fresh).await;
    let (status, body) = h
        .control(
            reqwest::Method::POST,
            "/__sandbox/provisioning",
            Some(json!({"delaySeconds": 300})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, json!({"delaySeconds": 300}));
    assert_eq!(h.sandbox.provisioning_delay(), Duration::from_secs(300));
    h.post_form(&number_path("/request_code"), "code_method=SMS&language=en")
        .await;
    h.post_form(&number_path("/verify_code"), "code=123456")
        .await;
    assert_success(&h.register("111111").await);
    // However often it is read, the number stays PENDING until the sim clock moves.
    for _ in 0..3 {
        assert_eq!(h.number_fields().await["status"], "PENDING");
    }
    assert_eq!(
        h.number_state().await["registration"]["phase"],
        "provisioning"
    );
    h.advance(299);
    assert_eq!(h.number_fields().await["status"], "PENDING");
    let (status, _) = h
        .control(
            reqwest::Method::POST,
            "/__sandbox/clock/advance",
            Some(json!({"seconds": 1})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(h.number_fields().await["status"], "CONNECTED");

    let (status, _) = h
        .control(
            reqwest::Method::POST,
            "/__sandbox/provisioning",
            Some(json!({"delay": 5})),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn the_provisioning_delay_can_be_set_when_the_sandbox_starts() {
    let sandbox = waba_sim::Sandbox::start(
        waba_sim::SandboxConfig {
            scenario: Scenario::Fresh,
            provisioning_delay: Duration::from_secs(600),
            ..waba_sim::SandboxConfig::default()
        },
        0,
    )
    .await
    .unwrap();
    assert_eq!(sandbox.provisioning_delay(), Duration::from_secs(600));
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let state: Value = http
        .get(format!("{}/__sandbox", sandbox.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["provisioningDelaySeconds"], 600);
}

#[tokio::test]
async fn wrong_pins_lock_out_and_fast_retries_are_refused() {
    let h = start(Scenario::Healthy).await;
    let first = assert_code(&h.register("000000").await, 400, 133005);
    assert_eq!(
        first["message"],
        "(#133005) Two step verification PIN mismatch"
    );
    h.advance(11);
    assert_code(&h.register("000001").await, 400, 133005);
    h.advance(11);
    let third = assert_code(&h.register("000002").await, 400, 133008);
    assert_eq!(
        third["message"],
        "(#133008) Too many two step verification PIN guesses for this phone number"
    );
    h.advance(11);
    // Locked even with the right PIN, until an hour has passed.
    assert_code(&h.register(SANDBOX_PIN).await, 400, 133008);
    assert_eq!(h.number_state().await["counters"]["pinFailures1h"], 3);
    h.advance(3600);
    assert_success(&h.register(SANDBOX_PIN).await);
    assert_eq!(h.number_state().await["counters"]["pinFailures1h"], 0);

    // A second call within 10 s is refused whatever its PIN.
    let fast = assert_code(&h.register(SANDBOX_PIN).await, 400, 133009);
    assert_eq!(
        fast["message"],
        "(#133009) Two step verification PIN guessed too fast"
    );
    h.advance(10);
    assert_success(&h.register(SANDBOX_PIN).await);
}

#[tokio::test]
async fn eleventh_register_in_72_hours_is_refused_until_the_window_passes() {
    let h = start(Scenario::Healthy).await;
    for call in 1..=10 {
        let answer = h.register(SANDBOX_PIN).await;
        assert_eq!(answer.status, 200, "call {call}: {}", answer.body);
        h.advance(11);
    }
    let error = assert_code(&h.register(SANDBOX_PIN).await, 400, 133016);
    assert_eq!(
        error["message"],
        "(#133016) Account register deregister rate limit exceeded"
    );
    assert_eq!(h.number_state().await["counters"]["registerCalls72h"], 11);
    h.advance(72 * 3600);
    assert_success(&h.register(SANDBOX_PIN).await);

    // Deregister has its own counter.
    for _ in 0..10 {
        assert_success(&h.post_json(&number_path("/deregister"), json!({})).await);
    }
    assert_code(
        &h.post_json(&number_path("/deregister"), json!({})).await,
        400,
        133016,
    );
    h.advance(72 * 3600);
    assert_success(&h.post_json(&number_path("/deregister"), json!({})).await);
}

#[tokio::test]
async fn register_needs_verification_first() {
    let h = start(Scenario::Fresh).await;
    let error = assert_code(&h.register("123123").await, 400, 133006);
    assert_eq!(
        error["message"],
        "(#133006) Phone number re-verification needed"
    );
    assert_eq!(h.number_fields().await["is_pin_enabled"], false);
}

#[tokio::test]
async fn malformed_pins_and_parameters_are_100() {
    let h = start(Scenario::Fresh).await;
    for pin in ["12345", "12a456", "1234567", ""] {
        let answer = h.post_json(&number_path(""), json!({"pin": pin})).await;
        let error = assert_code(&answer, 400, 100);
        assert_eq!(error["message"], "(#100) Invalid parameter", "{pin}");
    }
    let form = h.post_form(&number_path(""), "pin=abcdef").await;
    assert_code(&form, 400, 100);
    assert_eq!(h.number_fields().await["is_pin_enabled"], false);
    let good = h.post_form(&number_path(""), "pin=000123").await;
    assert_success(&good);

    let method = h
        .post_form(
            &number_path("/request_code"),
            "code_method=EMAIL&language=en",
        )
        .await;
    let error = assert_code(&method, 400, 100);
    assert!(error["error_data"]["details"]
        .as_str()
        .is_some_and(|d| d.contains("code_method")));

    // Verify, then check register's own parameter checks (spaced past the 10 s rule).
    h.post_form(&number_path("/request_code"), "code_method=SMS&language=en")
        .await;
    h.post_form(&number_path("/verify_code"), "code=123456")
        .await;
    let missing = h
        .post_json(&number_path("/register"), json!({"pin": "000123"}))
        .await;
    let error = assert_code(&missing, 400, 100);
    assert!(error["error_data"]["details"]
        .as_str()
        .is_some_and(|d| d.contains("messaging_product")));
    h.advance(11);
    assert_code(&h.register("00012").await, 400, 100);
    h.advance(11);
    let region = h
        .post_json(
            &number_path("/register"),
            json!({"messaging_product": "whatsapp", "pin": "000123", "data_localization_region": "US"}),
        )
        .await;
    assert_code(&region, 400, 100);
    h.advance(11);
    assert_success(&h.register("000123").await);
}

#[tokio::test]
async fn register_fails_scenario_answers_the_migration_error() {
    let h = start(Scenario::RegisterFails).await;
    let node = h.number_fields().await;
    assert_eq!(node["code_verification_status"], "VERIFIED");
    assert_eq!(node["is_pin_enabled"], true);
    assert_eq!(node["status"], "PENDING");
    let answer = h.register(SANDBOX_PIN).await;
    let mut keys = SUBCODE_KEYS.to_vec();
    keys.extend(["error_user_title", "error_user_msg", "is_transient"]);
    let error = assert_envelope(&answer, 400, 100, &keys);
    assert_eq!(error["error_subcode"], 2388001);
    assert_eq!(error["error_user_title"], "Phone number migration error");
    assert!(error["error_user_msg"]
        .as_str()
        .is_some_and(|m| m.contains("confirm ownership") && m.contains("two-step verification")));
    assert_eq!(h.number_fields().await["status"], "PENDING");
}

#[tokio::test]
async fn red_quality_and_yellow_numbers_stay_connected_and_can_send() {
    // No FLAGGED state since 7 Oct 2025: a RED number stays CONNECTED with its portfolio limit.
    let h = start(Scenario::RedQuality).await;
    let node = h.number_fields().await;
    assert_eq!(node["status"], "CONNECTED");
    assert_eq!(node["quality_rating"], "RED");
    let health = &node["health_status"];
    assert_eq!(health["can_send_message"], "AVAILABLE");
    let phone = &health["entities"][0];
    assert_eq!(phone["entity_type"], "PHONE_NUMBER");
    assert_eq!(phone["can_receive_call_sip"], "AVAILABLE");
    assert!(phone.get("errors").is_none() && phone.get("additional_info").is_none());

    let h = start(Scenario::Yellow).await;
    let node = h.number_fields().await;
    assert_eq!(node["status"], "CONNECTED");
    assert_eq!(node["quality_rating"], "YELLOW");
    assert_eq!(node["health_status"]["can_send_message"], "AVAILABLE");
}

#[tokio::test]
async fn unknown_numbers_scopes_and_control_lookups() {
    let h = start(Scenario::Healthy).await;
    let answer = h
        .post_json("/v26.0/999999999999999/register", json!({"pin": "123456"}))
        .await;
    let error = assert_envelope(&answer, 400, 100, &SUBCODE_KEYS);
    assert_eq!(error["error_subcode"], 33);
    assert!(error["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("Unsupported post request.")));

    let unknown = h
        .http
        .get(h.url("/__sandbox/numbers/999"))
        .send()
        .await
        .expect("control answers");
    assert_eq!(unknown.status(), 404);

    // A POST to an edge the number does not have: 100 "nonexisting field" (facts §2.1).
    let edge = h.post_json(&number_path("/nonsense"), json!({})).await;
    let error = assert_envelope(&edge, 400, 100, &BASIC_KEYS);
    assert_eq!(
        error["message"],
        "(#100) Tried accessing nonexisting field (nonsense) on node type (WhatsAppBusinessPhoneNumber)"
    );

    // Without whatsapp_business_messaging: management alone is enough for the PIN, the
    // ownership code, register and deregister (facts §3, §7: the Graph reference of each edge).
    let h = start(Scenario::MissingScope).await;
    assert_success(
        &h.post_json(&number_path(""), json!({"pin": "222222"}))
            .await,
    );
    assert_success(
        &h.post_json(
            &number_path("/request_code"),
            json!({"code_method": "SMS", "language": "en_US"}),
        )
        .await,
    );
    assert_success(
        &h.post_json(
            &number_path("/verify_code"),
            json!({"code": VERIFICATION_CODE}),
        )
        .await,
    );
    assert_success(&h.post_json(&number_path("/deregister"), json!({})).await);
    assert_success(&h.register("222222").await);
}
