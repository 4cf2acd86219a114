//! Success bodies of the Graph endpoints the console reads, as Meta sends them.
//!
//! Every optional field is optional here too: Graph omits fields freely, and an answer with an
//! unexpected gap must still parse. IDs are strings; Graph sometimes sends them as numbers.

use serde::{Deserialize, Deserializer, Serialize};
use waba_core::graph_states::{
    AccountMode, HealthAvailability, HealthEntityType, MessagingLimit, NameStatus, NumberStatus,
    OwnershipStatus, PlatformType, QualityRating, TemplateCategory, TemplateStatus,
    ThroughputLevel,
};

/// Accepts an ID sent as a JSON string or number and keeps it as a string.
pub(crate) fn id_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(u64),
    }
    Ok(match Id::deserialize(d)? {
        Id::Text(s) => s,
        Id::Number(n) => n.to_string(),
    })
}

fn opt_id_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "id_string")] String);
    Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
}

fn ids_strings<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "id_string")] String);
    Ok(Option::<Vec<Wrap>>::deserialize(d)?.map(|v| v.into_iter().map(|w| w.0).collect()))
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct DataEnvelope<T> {
    pub data: T,
}

/// `{"success": true}`, the answer of Graph's setting and registration calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Success {
    pub success: bool,
}

/// `GET /debug_token` → `data`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct DebugToken {
    #[serde(default, deserialize_with = "opt_id_string")]
    pub app_id: Option<String>,
    #[serde(rename = "type")]
    pub token_type: Option<String>,
    pub application: Option<String>,
    /// Unix seconds; 0 means never.
    #[serde(default)]
    pub expires_at: i64,
    pub data_access_expires_at: Option<i64>,
    #[serde(default)]
    pub is_valid: bool,
    pub issued_at: Option<i64>,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub granular_scopes: Vec<GranularScope>,
    #[serde(default, deserialize_with = "opt_id_string")]
    pub user_id: Option<String>,
    /// Present when `is_valid` is false.
    pub error: Option<DebugTokenError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GranularScope {
    pub scope: String,
    /// Absent when the grant is not restricted to listed assets.
    #[serde(default, deserialize_with = "ids_strings")]
    pub target_ids: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DebugTokenError {
    pub code: Option<i64>,
    pub message: Option<String>,
    pub subcode: Option<i64>,
}

impl DebugToken {
    /// The facts the core's token verdict needs.
    pub fn facts(&self) -> waba_core::token::TokenFacts {
        waba_core::token::TokenFacts {
            is_valid: self.is_valid,
            token_type: self.token_type.clone(),
            app_id: self.app_id.clone(),
            application: self.application.clone(),
            expires_at: self.expires_at,
            scopes: self.scopes.clone(),
            granular_scopes: self
                .granular_scopes
                .iter()
                .map(|g| (g.scope.clone(), g.target_ids.clone()))
                .collect(),
            error_message: self.error.as_ref().and_then(|e| e.message.clone()),
        }
    }
}

/// `GET /{waba-id}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Waba {
    #[serde(deserialize_with = "id_string")]
    pub id: String,
    pub name: Option<String>,
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "opt_id_string")]
    pub timezone_id: Option<String>,
    pub message_template_namespace: Option<String>,
    pub account_review_status: Option<String>,
}

/// A phone-number node, from `GET /{phone-number-id}` or the WABA's `phone_numbers` edge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PhoneNumber {
    #[serde(deserialize_with = "id_string")]
    pub id: String,
    pub display_phone_number: Option<String>,
    pub verified_name: Option<String>,
    pub status: Option<NumberStatus>,
    pub code_verification_status: Option<OwnershipStatus>,
    pub quality_rating: Option<QualityRating>,
    pub name_status: Option<NameStatus>,
    /// A requested display name while Meta reviews it (or after it was declined).
    #[serde(default)]
    pub new_display_name: Option<String>,
    #[serde(default)]
    pub new_name_status: Option<NameStatus>,
    pub platform_type: Option<PlatformType>,
    pub throughput: Option<Throughput>,
    /// v24.0+ only: older versions refuse the field (see `waba_core::versions::messaging_limit_field`).
    pub whatsapp_business_manager_messaging_limit: Option<MessagingLimit>,
    pub messaging_limit_tier: Option<MessagingLimit>,
    pub account_mode: Option<AccountMode>,
    pub is_pin_enabled: Option<bool>,
    pub is_official_business_account: Option<bool>,
    pub health_status: Option<HealthStatus>,
    pub webhook_configuration: Option<WebhookConfiguration>,
    pub last_onboarded_time: Option<String>,
}

/// The callback URLs Meta would deliver this number's webhooks to, per level. The most specific
/// one that is set wins: phone number, then WABA, then app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct WebhookConfiguration {
    pub application: Option<String>,
    pub whatsapp_business_account: Option<String>,
    pub phone_number: Option<String>,
}

/// A message template, from `GET /{waba-id}/message_templates` or `GET /{template-id}` (facts §9.2).
/// Serializable in Meta's own shape, so the console can cache a synced list as Meta sent it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct MessageTemplate {
    #[serde(deserialize_with = "id_string")]
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TemplateStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<TemplateCategory>,
    /// The category before Meta re-categorised it (legacy values such as `TRANSACTIONAL` too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_category: Option<TemplateCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct_category: Option<TemplateCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_category: Option<String>,
    /// `HEADER`, `BODY`, `FOOTER`, `BUTTONS` (and `CAROUSEL`, `LIMITED_TIME_OFFER`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<TemplateComponent>,
    /// `POSITIONAL` (Meta's default) or `NAMED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_format: Option<String>,
    /// `ABUSIVE_CONTENT`, `INCORRECT_CATEGORY`, `INVALID_FORMAT`, `PROMOTIONAL`, `SCAM`,
    /// `TAG_CONTENT_MISMATCH`, or `NONE` for a template that is not rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_score: Option<TemplateQualityScore>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_send_ttl_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library_template_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cta_url_link_tracking_opted_out: Option<bool>,
}

impl MessageTemplate {
    /// A template with only its ID and name (the rest unknown).
    pub fn named(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            status: None,
            language: None,
            category: None,
            previous_category: None,
            correct_category: None,
            sub_category: None,
            components: Vec::new(),
            parameter_format: None,
            rejected_reason: None,
            quality_score: None,
            message_send_ttl_seconds: None,
            library_template_name: None,
            cta_url_link_tracking_opted_out: None,
        }
    }
}

/// A template's `quality_score`: `{"score": "GREEN|YELLOW|RED|UNKNOWN", "date": <unix>}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct TemplateQualityScore {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<QualityRating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<i64>,
}

/// One component of a template. Fields Meta adds that the console does not name are kept in
/// `other`, so a cached template serializes back as Meta sent it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct TemplateComponent {
    #[serde(rename = "type")]
    pub kind: String,
    /// Header format: `TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT`, `LOCATION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// `header_text`, `body_text`, `body_text_named_params`, `header_handle`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<TemplateButton>,
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// One button of a `BUTTONS` component.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct TemplateButton {
    /// `QUICK_REPLY`, `URL`, `PHONE_NUMBER`, `COPY_CODE`, `OTP`, `FLOW`, ...
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// `summary` of the template list: `total_count`, `message_template_count`,
/// `message_template_limit` (250, or 6,000 for a verified portfolio), `are_translations_complete`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct TemplateSummary {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub are_translations_complete: Option<bool>,
}

/// Every template of a WABA (all pages) and the `summary` Meta sent with them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateList {
    pub templates: Vec<MessageTemplate>,
    pub summary: Option<TemplateSummary>,
    /// Pages read.
    pub pages: u32,
}

/// The answer to a create: `{"id", "status", "category"}` (status may already be APPROVED, or
/// REJECTED for a miscategorisation when `allow_category_change` is false).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CreatedTemplate {
    #[serde(deserialize_with = "id_string")]
    pub id: String,
    pub status: Option<TemplateStatus>,
    pub category: Option<TemplateCategory>,
}

/// One app subscribed to a WABA's webhooks (`GET /{waba-id}/subscribed_apps`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SubscribedApp {
    pub whatsapp_business_api_data: Option<SubscribedAppData>,
    pub override_callback_uri: Option<String>,
}

/// One of the app's webhook subscriptions (`GET /{app-id}/subscriptions`, app access token).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AppSubscription {
    /// `whatsapp_business_account` for WhatsApp (other objects are listed too: `page`, `user`...).
    pub object: String,
    pub callback_url: Option<String>,
    #[serde(default)]
    pub active: bool,
    #[serde(default)]
    pub fields: Vec<AppSubscriptionField>,
}

/// A subscribed field and the Graph version it is delivered in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AppSubscriptionField {
    pub name: String,
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SubscribedAppData {
    #[serde(deserialize_with = "id_string")]
    pub id: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Throughput {
    pub level: Option<ThroughputLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HealthStatus {
    pub can_send_message: Option<HealthAvailability>,
    #[serde(default)]
    pub entities: Vec<HealthEntity>,
}

/// One entity of `health_status` (facts §4.2.1): `PHONE_NUMBER` or `MESSAGE_TEMPLATE` (the node
/// read), `WABA`, `BUSINESS`, `APP`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HealthEntity {
    pub entity_type: Option<HealthEntityType>,
    #[serde(default, deserialize_with = "opt_id_string")]
    pub id: Option<String>,
    pub can_send_message: Option<HealthAvailability>,
    /// `AVAILABLE`, `LIMITED` or `BLOCKED`, on `PHONE_NUMBER` and `APP` entities only.
    pub can_receive_call_sip: Option<HealthAvailability>,
    /// Why a `LIMITED` entity is limited, as plain sentences.
    #[serde(default)]
    pub additional_info: Vec<String>,
    /// Why a `BLOCKED` entity is blocked (Meta's health codes, 141xxx/138xxx).
    #[serde(default)]
    pub errors: Vec<HealthError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HealthError {
    pub error_code: Option<i64>,
    pub error_description: Option<String>,
    pub possible_solution: Option<String>,
}

/// One page of an edge.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct Page<T> {
    pub data: Vec<T>,
    pub paging: Option<Paging>,
    /// Edges that take `summary=` (the template list) answer it beside `data`.
    #[serde(default)]
    pub summary: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct Paging {
    pub cursors: Option<Cursors>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct Cursors {
    pub after: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_token_of_a_system_user_parses() {
        let body = r#"{"data":{"app_id":"634974688087057","type":"SYSTEM_USER","application":"Lucky Shrub",
            "data_access_expires_at":0,"expires_at":0,"is_valid":true,"issued_at":1712099387,
            "scopes":["whatsapp_business_management","whatsapp_business_messaging"],
            "granular_scopes":[{"scope":"whatsapp_business_management"},{"scope":"whatsapp_business_messaging","target_ids":["102290129340398",102289599326934]}],
            "user_id":"104169029247128"}}"#;
        let t: DataEnvelope<DebugToken> = serde_json::from_str(body).unwrap();
        let t = t.data;
        assert_eq!(t.app_id.as_deref(), Some("634974688087057"));
        assert_eq!(t.granular_scopes[0].target_ids, None);
        assert_eq!(
            t.granular_scopes[1].target_ids.as_ref().unwrap()[1],
            "102289599326934"
        );
        let facts = t.facts();
        assert!(facts.is_valid && facts.expires_at == 0);
    }

    #[test]
    fn an_invalid_input_token_parses_with_its_error() {
        let body = r#"{"data":{"is_valid":false,"error":{"code":190,"message":"Invalid OAuth access token - Cannot parse access token"},"scopes":[]}}"#;
        let t: DataEnvelope<DebugToken> = serde_json::from_str(body).unwrap();
        assert!(!t.data.is_valid);
        assert_eq!(
            t.data.facts().error_message.as_deref(),
            Some("Invalid OAuth access token - Cannot parse access token")
        );
    }

    #[test]
    fn a_phone_number_with_health_parses_and_numeric_ids_become_strings() {
        // Meta's shapes: LIMITED carries additional_info, BLOCKED carries errors, and the number
        // and the app say whether they can receive calls over SIP.
        let body = r#"{"id":106540352242922,"status":"CONNECTED","throughput":{"level":"STANDARD"},
            "health_status":{"can_send_message":"BLOCKED","entities":[
            {"entity_type":"PHONE_NUMBER","id":106540352242922,"can_send_message":"LIMITED","can_receive_call_sip":"AVAILABLE",
             "additional_info":["Your display name has not been approved yet."]},
            {"entity_type":"WABA","id":"102290129340398","can_send_message":"BLOCKED",
             "errors":[{"error_code":141006,"error_description":"payment","possible_solution":"add a card"}]},
            {"entity_type":"APP","id":"634974688087057","can_send_message":"AVAILABLE","can_receive_call_sip":"BLOCKED"}]}}"#;
        let p: PhoneNumber = serde_json::from_str(body).unwrap();
        assert_eq!(p.id, "106540352242922");
        let health = p.health_status.unwrap();
        let [phone, waba, app] = &health.entities[..] else {
            panic!("three entities")
        };
        assert_eq!(phone.id.as_deref(), Some("106540352242922"));
        assert_eq!(
            phone.additional_info,
            ["Your display name has not been approved yet."]
        );
        assert!(phone.errors.is_empty());
        assert_eq!(
            phone.can_receive_call_sip,
            Some(HealthAvailability::Available)
        );
        assert_eq!(waba.errors[0].error_code, Some(141006));
        assert!(waba.additional_info.is_empty() && waba.can_receive_call_sip.is_none());
        assert_eq!(app.can_receive_call_sip, Some(HealthAvailability::Blocked));
        assert_eq!(p.status, Some(NumberStatus::Connected));
    }

    #[test]
    fn a_value_meta_adds_tomorrow_is_kept_not_refused() {
        let body = r#"{"id":"1","status":"SUSPENDED_2027","quality_rating":"GREEN",
            "throughput":{"level":"ULTRA"},"whatsapp_business_manager_messaging_limit":"TIER_1M"}"#;
        let p: PhoneNumber = serde_json::from_str(body).unwrap();
        assert_eq!(p.status, Some(NumberStatus::Other("SUSPENDED_2027".into())));
        assert_eq!(p.quality_rating, Some(QualityRating::Green));
        assert_eq!(
            p.throughput.unwrap().level,
            Some(ThroughputLevel::Other("ULTRA".into()))
        );
        assert_eq!(
            p.whatsapp_business_manager_messaging_limit,
            Some(MessagingLimit::Other("TIER_1M".into()))
        );
        let t: MessageTemplate = serde_json::from_str(
            r#"{"id":1,"name":"hello","status":"APPROVED","category":"UTILITY"}"#,
        )
        .unwrap();
        assert_eq!(t.status, Some(TemplateStatus::Approved));
        assert_eq!(t.category, Some(TemplateCategory::Utility));
    }
}
