//! The template store over HTTP (facts §9): the list's filters, fields, cursors and summary, the
//! node, create with Meta's refusals and limits, the review moved on by the sim clock, edit and
//! delete with their rules.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};
use waba_sim::{Scenario, SANDBOX_TOKEN, WABA_ID};

use crate::{answer, assert_envelope, start, Answer, Harness, BASIC_KEYS, WHATSAPP_KEYS};

/// Keys of a template-management refusal without a subcode.
const REFUSAL_KEYS: [&str; 7] = [
    "code",
    "error_user_msg",
    "error_user_title",
    "fbtrace_id",
    "is_transient",
    "message",
    "type",
];
/// Keys of a template-creation refusal with its 2388xxx subcode.
const SUBCODE_REFUSAL_KEYS: [&str; 8] = [
    "code",
    "error_subcode",
    "error_user_msg",
    "error_user_title",
    "fbtrace_id",
    "is_transient",
    "message",
    "type",
];

fn list_path(query: &str) -> String {
    format!("/v26.0/{WABA_ID}/message_templates?{query}")
}

/// A draft in Meta's create format with this body (and an example for each `{{n}}`).
fn draft(name: &str, language: &str, category: &str, body: &str) -> Value {
    let vars = body.matches("{{").count();
    let examples: Vec<String> = (1..=vars).map(|i| format!("example {i}")).collect();
    let mut component = json!({"type": "BODY", "text": body});
    if vars > 0 {
        component["example"] = json!({"body_text": [examples]});
    }
    json!({"name": name, "language": language, "category": category, "components": [component]})
}

impl Harness {
    async fn send_graph(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut request = self
            .http
            .request(method, self.url(path))
            .bearer_auth(SANDBOX_TOKEN);
        if let Some(body) = body {
            request = request.json(&body);
        }
        answer(request.send().await.expect("request completes")).await
    }

    /// A control `POST` with its JSON body: status and answer.
    async fn post_control(&self, path: &str, body: Value) -> (u16, Value) {
        self.control(Method::POST, path, Some(body)).await
    }

    async fn create(&self, body: Value) -> Answer {
        self.send_graph(
            Method::POST,
            &format!("/v26.0/{WABA_ID}/message_templates"),
            Some(body),
        )
        .await
    }

    async fn edit(&self, id: &str, body: Value) -> Answer {
        self.send_graph(Method::POST, &format!("/v26.0/{id}"), Some(body))
            .await
    }

    async fn delete_template(&self, query: &str) -> Answer {
        self.send_graph(Method::DELETE, &list_path(query), None)
            .await
    }

    /// The list's items for this query (one page), asserting success.
    async fn listed(&self, query: &str) -> Vec<Value> {
        let answer = self.get(&list_path(query)).await;
        assert_eq!(answer.status, 200, "{query}: {}", answer.body);
        answer.body["data"].as_array().cloned().unwrap_or_default()
    }

    async fn names(&self, query: &str) -> Vec<String> {
        self.listed(query)
            .await
            .iter()
            .map(|t| {
                format!(
                    "{}/{}",
                    t["name"].as_str().unwrap(),
                    t["language"].as_str().unwrap()
                )
            })
            .collect()
    }

    /// One template's `status` (and `category`, `previous_category`, `rejected_reason`).
    async fn template(&self, id: &str) -> Value {
        let answer = self
            .get(&format!(
                "/v26.0/{id}?fields=name,status,category,previous_category,rejected_reason,quality_score"
            ))
            .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        answer.body
    }

    /// The ID of the template `name` in `language`.
    async fn id_of(&self, name: &str, language: &str) -> String {
        self.listed(&format!("name={name}&language={language}"))
            .await
            .iter()
            .find(|t| t["name"] == name)
            .and_then(|t| t["id"].as_str())
            .unwrap_or_else(|| panic!("no {name}/{language}"))
            .to_owned()
    }

    fn wait(&self, seconds: u64) {
        self.sandbox.clock().advance(Duration::from_secs(seconds));
    }
}

fn assert_created(answer: &Answer, status: &str, category: &str) -> String {
    assert_eq!(answer.status, 200, "{}", answer.body);
    let keys: Vec<&String> = answer.body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["category", "id", "status"], "{}", answer.body);
    assert_eq!(answer.body["status"], status, "{}", answer.body);
    assert_eq!(answer.body["category"], category, "{}", answer.body);
    let id = answer.body["id"]
        .as_str()
        .expect("id is a string")
        .to_owned();
    assert!(
        id.len() >= 15 && id.bytes().all(|b| b.is_ascii_digit()),
        "{id}"
    );
    id
}

fn assert_success(answer: &Answer) {
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body, json!({"success": true}));
}

/// A refusal with code 100, "Invalid parameter", `is_transient: false` and this subcode.
fn assert_refused(answer: &Answer, subcode: Option<i64>) -> Value {
    let error = match subcode {
        Some(_) => assert_envelope(answer, 400, 100, &SUBCODE_REFUSAL_KEYS),
        None => assert_envelope(answer, 400, 100, &REFUSAL_KEYS),
    };
    assert_eq!(error["message"], "Invalid parameter");
    assert_eq!(error["is_transient"], false);
    assert_eq!(error["error_subcode"], json!(subcode));
    assert!(error["error_user_title"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    assert!(error["error_user_msg"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    error
}

#[tokio::test]
async fn the_list_filters_selects_fields_and_sums_up() {
    let h = start(Scenario::Healthy).await;
    let all = h.listed("").await;
    assert_eq!(all.len(), 7);
    let keys: Vec<&String> = all[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["category", "id", "language", "name", "status"]);
    assert_eq!(
        all[0],
        json!({"name": "hello_world", "language": "en_US", "category": "UTILITY",
               "status": "APPROVED", "id": "1689556908129832"})
    );

    // Only the fields asked for, plus id.
    let only_name = h.listed("fields=name").await;
    assert_eq!(
        only_name[0],
        json!({"name": "hello_world", "id": "1689556908129832"})
    );
    let rejected = h
        .listed("fields=name,rejected_reason,quality_score&name=spring_sale")
        .await;
    assert_eq!(rejected[0]["rejected_reason"], "INVALID_FORMAT");
    assert_eq!(rejected[0]["quality_score"]["score"], "UNKNOWN");
    assert!(rejected[0]["quality_score"]["date"].is_i64());

    for (query, expected) in [
        (
            "status=APPROVED",
            &[
                "hello_world/en_US",
                "order_update/en_US",
                "order_update/es",
                "appointment_reminder/en_US",
            ][..],
        ),
        (
            "status=REJECTED,PAUSED",
            &["spring_sale/en_US", "winter_promo/en_US"],
        ),
        (
            "status=[\"REJECTED\",\"DISABLED\"]",
            &["spring_sale/en_US", "flash_deal/en_US"],
        ),
        (
            "status=PAUSED&status=DISABLED",
            &["winter_promo/en_US", "flash_deal/en_US"],
        ),
        (
            "category=MARKETING",
            &[
                "spring_sale/en_US",
                "winter_promo/en_US",
                "flash_deal/en_US",
            ],
        ),
        ("language=es", &["order_update/es"]),
        ("name=order", &["order_update/en_US", "order_update/es"]),
        ("content=appointment", &["appointment_reminder/en_US"]),
        ("name_or_content=spring", &["spring_sale/en_US"]),
        ("name_or_content=pedido", &["order_update/es"]),
        (
            "quality_score=RED",
            &["winter_promo/en_US", "flash_deal/en_US"],
        ),
        (
            "quality_score=YELLOW&category=UTILITY",
            &["appointment_reminder/en_US"],
        ),
        ("status=APPROVED&language=en_US&category=MARKETING", &[]),
    ] {
        assert_eq!(h.names(query).await, expected, "{query}");
    }

    let bad = h.get(&list_path("status=LIVE")).await;
    let error = assert_envelope(&bad, 400, 100, &BASIC_KEYS);
    assert!(error["message"]
        .as_str()
        .is_some_and(|m| m.contains("status[0] must be one of")));
    let bad_field = h.get(&list_path("fields=name,colour")).await;
    let error = assert_envelope(&bad_field, 400, 100, &BASIC_KEYS);
    assert!(error["message"]
        .as_str()
        .is_some_and(|m| m.contains("nonexisting field (colour)")));

    let summed = h
        .get(&list_path(
            "status=APPROVED&summary=total_count,message_template_count,message_template_limit,are_translations_complete",
        ))
        .await;
    assert_eq!(summed.status, 200);
    assert_eq!(
        summed.body["summary"],
        json!({"total_count": 4, "message_template_count": 7,
               "message_template_limit": 6000, "are_translations_complete": false})
    );
    let total = h.get(&list_path("summary=true&limit=1")).await;
    assert_eq!(total.body["summary"], json!({"total_count": 7}));
    assert!(h.get(&list_path("")).await.body.get("summary").is_none());

    // A new WABA: only Meta's sample, and an unverified business's limit.
    let fresh = start(Scenario::Fresh).await;
    let answer = fresh
        .get(&list_path(
            "fields=name,status,category,language&summary=message_template_count,message_template_limit,are_translations_complete",
        ))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.body["data"],
        json!([{"name": "hello_world", "status": "APPROVED", "category": "UTILITY",
                "language": "en_US", "id": "1689556908129832"}])
    );
    assert_eq!(
        answer.body["summary"],
        json!({"message_template_count": 1, "message_template_limit": 250,
               "are_translations_complete": true})
    );
}

#[tokio::test]
async fn the_template_node_has_metas_fields() {
    let h = start(Scenario::Healthy).await;
    let fields = "id,name,language,status,category,previous_category,components,parameter_format,\
                  rejected_reason,quality_score,message_send_ttl_seconds";
    let hello = h
        .get(&format!("/v26.0/1689556908129832?fields={fields}"))
        .await;
    assert_eq!(hello.status, 200, "{}", hello.body);
    let body = &hello.body;
    assert_eq!(body["rejected_reason"], "NONE");
    assert_eq!(body["parameter_format"], "POSITIONAL");
    assert_eq!(body["quality_score"]["score"], "GREEN");
    assert!(body["quality_score"]["date"].is_i64());
    assert!(body.get("previous_category").is_none());
    assert!(body.get("message_send_ttl_seconds").is_none());
    let types: Vec<&str> = body["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["HEADER", "BODY", "FOOTER"]);

    let default = h.get("/v26.0/594425479261597").await;
    assert_eq!(
        default.body,
        json!({"name": "spring_sale", "status": "REJECTED", "category": "MARKETING",
               "language": "en_US", "id": "594425479261597"})
    );
    let unknown = h.get("/v26.0/594425479261597?fields=health").await;
    let error = assert_envelope(&unknown, 400, 100, &BASIC_KEYS);
    assert_eq!(
        error["message"],
        "(#100) Tried accessing nonexisting field (health) on node type (WhatsAppMessageTemplate)"
    );
    let missing = h.get("/v26.0/1999999999999999").await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.body["error"]["error_subcode"], 33);
}

#[tokio::test]
async fn paging_walks_thousands_of_templates_by_cursor() {
    let h = start(Scenario::Healthy).await;
    let (status, seeded) = h
        .post_control("/__sandbox/templates/seed", json!({"count": 3000}))
        .await;
    assert_eq!(status, 200, "{seeded}");
    assert_eq!(seeded["seeded"], 3000);
    assert_eq!(seeded["count"], 3007);

    let mut url = h.url(&list_path(
        "fields=name,status&limit=100&summary=total_count",
    ));
    let mut seen = std::collections::HashSet::new();
    let mut pages = 0;
    let last_page = loop {
        let page = answer(
            h.http
                .get(&url)
                .bearer_auth(SANDBOX_TOKEN)
                .send()
                .await
                .expect("page"),
        )
        .await;
        assert_eq!(page.status, 200, "{}", page.body);
        pages += 1;
        assert_eq!(page.body["summary"]["total_count"], 3007);
        for item in page.body["data"].as_array().unwrap() {
            assert!(
                seen.insert(item["id"].as_str().unwrap().to_owned()),
                "{item}"
            );
        }
        let cursors = &page.body["paging"]["cursors"];
        assert!(cursors["before"].is_string() && cursors["after"].is_string());
        match page.body["paging"]["next"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break page.body,
        }
    };
    assert_eq!(pages, 31);
    assert_eq!(seen.len(), 3007);
    assert_eq!(last_page["data"].as_array().map(Vec::len), Some(7));
    assert!(last_page["paging"]["previous"].is_string());

    // Filters page too, and `before` walks back.
    let first = h.get(&list_path("status=PAUSED&limit=50")).await;
    assert_eq!(first.body["data"].as_array().map(Vec::len), Some(50));
    let after = first.body["paging"]["cursors"]["after"].as_str().unwrap();
    let second = h
        .get(&list_path(&format!("status=PAUSED&limit=50&after={after}")))
        .await;
    let before = second.body["paging"]["cursors"]["before"].as_str().unwrap();
    let back = h
        .get(&list_path(&format!(
            "status=PAUSED&limit=50&before={before}"
        )))
        .await;
    assert_eq!(back.body["data"], first.body["data"]);

    // A bad cursor: 131059 on v24+, a plain 100 before.
    let bad = h
        .get(&format!(
            "/v24.0/{WABA_ID}/message_templates?after=bm90LWEtY3Vyc29y"
        ))
        .await;
    let error = assert_envelope(&bad, 400, 131059, &WHATSAPP_KEYS);
    assert_eq!(error["message"], "(#131059) Invalid pagination cursor");
    let old = h
        .get(&format!(
            "/v23.0/{WABA_ID}/message_templates?before=bm90LWEtY3Vyc29y"
        ))
        .await;
    assert_envelope(&old, 400, 100, &BASIC_KEYS);

    let (status, refused) = h
        .post_control("/__sandbox/templates/seed", json!({"count": 0}))
        .await;
    assert_eq!(status, 400, "{refused}");
}

#[tokio::test]
async fn a_submission_is_pending_until_the_clock_passes_the_review_delay() {
    let h = start(Scenario::Healthy).await;
    let (_, state) = h.control(Method::GET, "/__sandbox", None).await;
    assert_eq!(
        state["templates"],
        json!({"count": 7, "limit": 6000, "businessVerified": true, "reviewDelaySeconds": 60})
    );
    let created = h
        .create(draft(
            "delivery_window",
            "en_US",
            "UTILITY",
            "Hi {{1}}, your delivery arrives between {{2}} and {{3}} today.",
        ))
        .await;
    let id = assert_created(&created, "PENDING", "UTILITY");
    assert_eq!(h.template(&id).await["status"], "PENDING");
    assert_eq!(h.template(&id).await["quality_score"]["score"], "UNKNOWN");
    assert!(h
        .names("status=PENDING")
        .await
        .contains(&"delivery_window/en_US".to_owned()));
    h.wait(59);
    assert_eq!(h.template(&id).await["status"], "PENDING");
    h.wait(2);
    let approved = h.template(&id).await;
    assert_eq!(approved["status"], "APPROVED");
    assert_eq!(approved["rejected_reason"], "NONE");

    // The delay is a control; the clock control moves reviews on too.
    let (status, delay) = h
        .post_control("/__sandbox/templates/review", json!({"delaySeconds": 600}))
        .await;
    assert_eq!((status, delay), (200, json!({"delaySeconds": 600})));
    assert_eq!(h.sandbox.template_review_delay(), Duration::from_secs(600));
    let id = assert_created(
        &h.create(draft(
            "pickup_ready",
            "en_US",
            "UTILITY",
            "Your order {{1}} is ready for pickup.",
        ))
        .await,
        "PENDING",
        "UTILITY",
    );
    let (status, _) = h
        .post_control("/__sandbox/clock/advance", json!({"seconds": 600}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(h.template(&id).await["status"], "APPROVED");

    // 0 decides at once: create answers the verdict.
    h.sandbox.set_template_review_delay(Duration::ZERO);
    assert_created(
        &h.create(draft(
            "pickup_today",
            "en_US",
            "UTILITY",
            "Your order {{1}} can be picked up today.",
        ))
        .await,
        "APPROVED",
        "UTILITY",
    );
    let (status, refused) = h
        .post_control("/__sandbox/templates/review", json!({"delay": 5}))
        .await;
    assert_eq!(status, 400, "{refused}");
}

#[tokio::test]
async fn the_reviewer_rejects_with_a_reason_and_recategorises_promotions() {
    let h = start(Scenario::Healthy).await;
    h.sandbox.set_template_review_delay(Duration::ZERO);
    for (name, category, body, reason) in [
        (
            "two_together",
            "MARKETING",
            "Save {{1}}{{2}} on your next visit to us.",
            "INVALID_FORMAT",
        ),
        (
            "short_link",
            "UTILITY",
            "Track order {{1}} at https://bit.ly/3xYz today.",
            "INVALID_FORMAT",
        ),
        (
            "card_check",
            "UTILITY",
            "Hi {{1}}, reply with your card number to keep your account.",
            "SCAM",
        ),
        (
            "promo_utility",
            "UTILITY",
            "Hi {{1}}, our summer sale starts tomorrow with 30% off.",
            "INCORRECT_CATEGORY",
        ),
    ] {
        let created = h.create(draft(name, "en_US", category, body)).await;
        let id = assert_created(&created, "REJECTED", category);
        let read = h.template(&id).await;
        assert_eq!(read["status"], "REJECTED", "{name}");
        assert_eq!(read["rejected_reason"], reason, "{name}");
    }
    assert_eq!(
        h.listed("status=REJECTED&fields=rejected_reason&name=card_check")
            .await[0]["rejected_reason"],
        "SCAM"
    );

    // With allow_category_change, Meta approves it as MARKETING and says what it was.
    let mut promo = draft(
        "promo_allowed",
        "en_US",
        "UTILITY",
        "Hi {{1}}, our summer sale starts tomorrow with 30% off.",
    );
    promo["allow_category_change"] = json!(true);
    let id = assert_created(&h.create(promo).await, "APPROVED", "MARKETING");
    let read = h.template(&id).await;
    assert_eq!(read["category"], "MARKETING");
    assert_eq!(read["previous_category"], "UTILITY");
    assert!(h
        .names("category=MARKETING")
        .await
        .contains(&"promo_allowed/en_US".to_owned()));
}

#[tokio::test]
async fn creation_refuses_like_meta() {
    let h = start(Scenario::Healthy).await;
    let body = "Hi {{1}}, thanks for your order.";

    let bad_name = h
        .create(draft("Order-Update", "en_US", "UTILITY", body))
        .await;
    let error = assert_envelope(
        &bad_name,
        400,
        100,
        &[&SUBCODE_REFUSAL_KEYS[..], &["error_data"]].concat(),
    );
    assert_eq!(error["error_subcode"], 2388046);
    assert_eq!(error["error_user_title"], "Name Format is Incorrect");
    assert_eq!(
        error["error_data"],
        json!({"blame_field_specs": [["name"]]})
    );
    assert_eq!(error["is_transient"], false);

    let duplicate = h
        .create(draft("order_update", "en_US", "UTILITY", body))
        .await;
    let error = assert_refused(&duplicate, Some(2388024));
    assert_eq!(
        error["error_user_title"],
        "Content in This Language Already Exists"
    );
    // The same name in another language is another template.
    assert_created(
        &h.create(draft("order_update", "fr", "UTILITY", body)).await,
        "PENDING",
        "UTILITY",
    );
    assert_eq!(h.names("name=order_update").await.len(), 3);

    let sample = h.create(draft("hello_world", "es", "UTILITY", body)).await;
    assert_refused(&sample, Some(2388155));

    let edge = h
        .create(draft(
            "edge_variable",
            "en_US",
            "UTILITY",
            "{{1}} is your code for today.",
        ))
        .await;
    assert_refused(&edge, Some(2388299));
    let long = h
        .create(draft("too_long", "en_US", "UTILITY", &"word ".repeat(210)))
        .await;
    assert_refused(&long, Some(2388040));

    let mut no_components = draft("no_components", "en_US", "UTILITY", body);
    no_components.as_object_mut().unwrap().remove("components");
    let error = assert_envelope(&h.create(no_components).await, 400, 100, &BASIC_KEYS);
    assert!(error["message"].as_str().unwrap().contains("components"));
    let mut no_body = draft("no_body", "en_US", "UTILITY", body);
    no_body["components"] = json!([{"type": "FOOTER", "text": "Thanks"}]);
    let error = assert_envelope(&h.create(no_body).await, 400, 100, &BASIC_KEYS);
    assert!(error["message"].as_str().unwrap().contains("BODY"));
    let bad_category = h.create(draft("bad_category", "en_US", "OTP", body)).await;
    assert_envelope(&bad_category, 400, 100, &BASIC_KEYS);
    let bad_language = h
        .create(draft("bad_language", "English", "UTILITY", body))
        .await;
    assert_envelope(&bad_language, 400, 100, &BASIC_KEYS);
    assert_eq!(
        h.listed("").await.len(),
        8,
        "only the fr translation was added"
    );
}

#[tokio::test]
async fn at_most_100_creations_an_hour_and_the_template_limit() {
    let h = start(Scenario::Fresh).await;
    for i in 0..100 {
        let created = h
            .create(draft(
                &format!("batch_{i}"),
                "en_US",
                "UTILITY",
                "Your code {{1}} is ready.",
            ))
            .await;
        assert_eq!(created.status, 200, "{i}: {}", created.body);
    }
    let limited = h
        .create(draft(
            "batch_100",
            "en_US",
            "UTILITY",
            "Your code {{1}} is ready.",
        ))
        .await;
    let error = assert_envelope(&limited, 400, 80008, &WHATSAPP_KEYS);
    assert_eq!(
        error["message"],
        "(#80008) There have been too many calls to this WhatsApp Business account"
    );
    h.wait(3601);
    assert_eq!(
        h.create(draft(
            "batch_100",
            "en_US",
            "UTILITY",
            "Your code {{1}} is ready."
        ))
        .await
        .status,
        200
    );

    // fresh's business is unverified: 250 templates, every language counting.
    let (_, state) = h.control(Method::GET, "/__sandbox/templates", None).await;
    assert_eq!(state["limit"], 250);
    assert_eq!(state["businessVerified"], false);
    assert_eq!(state["count"], 102);
    let (status, _) = h
        .post_control("/__sandbox/templates/seed", json!({"count": 148}))
        .await;
    assert_eq!(status, 200);
    let full = h
        .create(draft(
            "one_too_many",
            "en_US",
            "UTILITY",
            "Your code {{1}} is ready.",
        ))
        .await;
    let error = assert_refused(&full, Some(2388019));
    assert!(error["error_user_msg"].as_str().unwrap().contains("250"));
}

#[tokio::test]
async fn edits_follow_metas_rules() {
    let h = start(Scenario::Healthy).await;
    let order = h.id_of("order_update", "en_US").await;
    let new_body = json!({"components": [{"type": "BODY",
        "text": "Hi {{1}}, your order {{2}} is on its way.",
        "example": {"body_text": [["Maria", "A-1042"]]}}]});

    // An approved template: the category stays.
    let recategorise = h.edit(&order, json!({"category": "MARKETING"})).await;
    assert_refused(&recategorise, None);

    assert_success(&h.edit(&order, new_body.clone()).await);
    let read = h.template(&order).await;
    assert_eq!(read["status"], "PENDING", "an edit goes back to review");
    // In review: not editable.
    let error = assert_refused(&h.edit(&order, new_body.clone()).await, None);
    assert!(error["error_user_msg"]
        .as_str()
        .unwrap()
        .contains("PENDING"));
    h.wait(61);
    assert_eq!(h.template(&order).await["status"], "APPROVED");
    let body = h
        .get(&format!("/v26.0/{order}?fields=components"))
        .await
        .body;
    assert_eq!(
        body["components"][0]["text"],
        "Hi {{1}}, your order {{2}} is on its way."
    );

    // Once in 24 hours...
    let error = assert_refused(&h.edit(&order, new_body.clone()).await, None);
    assert!(error["error_user_msg"]
        .as_str()
        .unwrap()
        .contains("24 hours"));
    // ... and 10 times in 30 days.
    for day in 1..10 {
        h.wait(24 * 3600);
        assert_success(
            &h.edit(&order, json!({"message_send_ttl_seconds": 3600 + day}))
                .await,
        );
    }
    h.wait(24 * 3600);
    let error = assert_refused(&h.edit(&order, new_body.clone()).await, None);
    assert!(error["error_user_msg"]
        .as_str()
        .unwrap()
        .contains("10 times in 30 days"));
    let ttl = h
        .get(&format!("/v26.0/{order}?fields=message_send_ttl_seconds"))
        .await;
    assert_eq!(ttl.body["message_send_ttl_seconds"], 3609);
    h.wait(21 * 24 * 3600);
    assert_success(&h.edit(&order, new_body.clone()).await);

    // A rejected one can change category and is reviewed again.
    let spring = "594425479261597";
    assert_success(
        &h.edit(
            spring,
            json!({"category": "MARKETING", "components": [{"type": "BODY",
                "text": "Our spring sale is on: {{1}} off everything in store this week.",
                "example": {"body_text": [["25%"]]}}]}),
        )
        .await,
    );
    h.wait(61);
    let read = h.template(spring).await;
    assert_eq!(
        (read["status"].clone(), read["rejected_reason"].clone()),
        (json!("APPROVED"), json!("NONE"))
    );

    // A paused one too; a disabled one cannot be edited.
    let paused = h.id_of("winter_promo", "en_US").await;
    assert_success(&h.edit(&paused, new_body.clone()).await);
    let disabled = h.id_of("flash_deal", "en_US").await;
    let error = assert_refused(&h.edit(&disabled, new_body.clone()).await, None);
    assert!(error["error_user_msg"]
        .as_str()
        .unwrap()
        .contains("DISABLED"));
    let nothing = h.edit(&paused, json!({})).await;
    assert_envelope(&nothing, 400, 100, &BASIC_KEYS);
}

#[tokio::test]
async fn deletes_by_name_or_hsm_id_with_metas_rules() {
    let h = start(Scenario::Healthy).await;
    // Another language first: once an approved one is deleted, the name is taken (below).
    assert_created(
        &h.create(draft(
            "order_update",
            "de",
            "UTILITY",
            "Hallo {{1}}, Ihre Bestellung ist unterwegs.",
        ))
        .await,
        "PENDING",
        "UTILITY",
    );
    // One language by hsm_id.
    let es = h.id_of("order_update", "es").await;
    assert_success(
        &h.delete_template(&format!("name=order_update&hsm_id={es}"))
            .await,
    );
    assert_eq!(
        h.names("name=order_update").await,
        ["order_update/en_US", "order_update/de"]
    );
    let gone = h.get(&format!("/v26.0/{es}")).await;
    assert_eq!(gone.body["error"]["error_subcode"], 33);

    // Every language by name.
    assert_success(&h.delete_template("name=order_update").await);
    assert!(h.names("name=order_update").await.is_empty());

    // A deleted approved name is taken for 30 days.
    let again = draft(
        "order_update",
        "en_US",
        "UTILITY",
        "Hi {{1}}, your order is on its way.",
    );
    let error = assert_refused(&h.create(again.clone()).await, Some(2388023));
    assert!(error["error_user_msg"]
        .as_str()
        .unwrap()
        .contains("30 days"));
    h.wait(30 * 24 * 3600);
    assert_created(&h.create(again).await, "PENDING", "UTILITY");
    // A name only ever pending or rejected is free again at once.
    assert_success(&h.delete_template("name=spring_sale").await);
    assert_created(
        &h.create(draft(
            "spring_sale",
            "en_US",
            "MARKETING",
            "Our spring sale is on with {{1}} off.",
        ))
        .await,
        "PENDING",
        "MARKETING",
    );

    // Messages still being delivered: PENDING_DELETION, not gone.
    assert_success(&h.delete_template("name=appointment_reminder").await);
    let pending = h.listed("name=appointment_reminder").await;
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["status"], "PENDING_DELETION");
    assert_eq!(
        h.names("status=PENDING_DELETION").await,
        ["appointment_reminder/en_US"]
    );

    // Disabled ones stay.
    let error = assert_refused(&h.delete_template("name=flash_deal").await, None);
    assert!(error["error_user_msg"]
        .as_str()
        .unwrap()
        .contains("disabled"));
    assert_eq!(h.names("name=flash_deal").await, ["flash_deal/en_US"]);

    // Unknown names and IDs, and no name at all.
    assert_refused(&h.delete_template("name=no_such_template").await, None);
    assert_refused(&h.delete_template("name=winter_promo&hsm_id=1").await, None);
    assert_envelope(&h.delete_template("hsm_id=1").await, 400, 100, &BASIC_KEYS);
}

#[tokio::test]
async fn template_controls_need_json_and_the_secret() {
    let h = start(Scenario::Healthy).await;
    for path in ["/__sandbox/templates/review", "/__sandbox/templates/seed"] {
        let response = h
            .http
            .post(h.url(path))
            .header("content-type", "application/json")
            .body(json!({"delaySeconds": 1, "count": 1}).to_string())
            .send()
            .await
            .expect("answer");
        assert_eq!(response.status(), 401, "{path}");
        let response = h
            .http
            .post(h.url(path))
            .body("{}")
            .send()
            .await
            .expect("answer");
        assert_eq!(response.status(), 415, "{path}");
    }
    let (status, state) = h.control(Method::GET, "/__sandbox/templates", None).await;
    assert_eq!(status, 200);
    assert_eq!(state["reviewDelaySeconds"], 60);
}
