//! The Graph calls the window shows, by name: what "Copy as curl" is asked about.
//!
//! It exists so that the window never builds a request itself: it names a call with the arguments
//! the admin gave (a number, a draft, a callback URL), the service describes it with the profile's
//! IDs through the same `describe_<call>` the real call sends
//! ([`crate::graph_request::GraphRequest`]), and the window copies that description's `curl`.
//! Nothing secret is ever part of a call: PINs, verify tokens and tokens are placeholders in the
//! description (`$WA_PIN`, `$WA_VERIFY_TOKEN`, `$WA_TOKEN`, `$WA_APP_TOKEN`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::business_profile::{ConversationalAutomation, ProfileChanges};
use crate::graph_states::TemplateCategory;
use crate::numbers::CodeMethod;
use crate::template_lint::{TemplateComponent, TemplateDraft};

/// One of the doctor's Graph reads, all sent at once on each run (a check names those it judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DoctorRead {
    /// `GET /debug_token` for the profile's token.
    DebugToken,
    /// `GET /{waba-id}?fields=id,name`.
    Waba,
    /// `GET /{waba-id}/phone_numbers`: is the profile's number one of them.
    PhoneNumbers,
    /// `GET /{phone-number-id}` with the status, health, quality and limit fields.
    PhoneNumber,
    /// `GET /{waba-id}/message_templates` with each template's status.
    Templates,
    /// `GET /{waba-id}/subscribed_apps`.
    SubscribedApps,
    /// `GET /{app-id}/subscriptions` with the app access token.
    AppSubscriptions,
    /// `GET /{phone-number-id}/whatsapp_business_profile`: the profile customers see.
    BusinessProfile,
}

impl DoctorRead {
    /// Every read, in the order the doctor sends them.
    pub const ALL: [Self; 8] = [
        Self::DebugToken,
        Self::Waba,
        Self::PhoneNumbers,
        Self::PhoneNumber,
        Self::Templates,
        Self::SubscribedApps,
        Self::AppSubscriptions,
        Self::BusinessProfile,
    ];
}

/// A Graph call of the profile, as the window names it. The service fills in the profile's WABA,
/// app and number IDs; the fields here are what the admin chose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum GraphCall {
    /// A doctor read, on the API version the doctor ran with (it may try another version than
    /// the profile's; the number's fields depend on it).
    DoctorRead {
        read: DoctorRead,
        api_version: String,
    },

    /// `POST /{phone-number-id}` `{"pin": "$WA_PIN"}`.
    SetPin { phone_number_id: String },
    /// `POST /{phone-number-id}/request_code`.
    RequestCode {
        phone_number_id: String,
        method: CodeMethod,
        /// `en_US`-style language of the SMS or call.
        language: String,
    },
    /// `POST /{phone-number-id}/verify_code` with the code Meta sent (not a secret: it is
    /// single-use and the admin typed it).
    VerifyCode {
        phone_number_id: String,
        code: String,
    },
    /// `POST /{phone-number-id}/register` with `$WA_PIN`.
    Register {
        phone_number_id: String,
        /// A Local Storage region, or none.
        region: Option<String>,
    },
    /// `POST /{phone-number-id}/deregister`.
    Deregister { phone_number_id: String },

    /// The first page of the template sync: `GET /{waba-id}/message_templates` with every field
    /// and the summary.
    SyncTemplates,
    /// `GET /{template-id}`: one template, read fresh.
    Template { template_id: String },
    /// `POST /{waba-id}/message_templates` with the draft in Meta's create format.
    CreateTemplate { draft: TemplateDraft },
    /// `POST /{template-id}` with the changes the edit sends.
    EditTemplate {
        template_id: String,
        #[serde(default)]
        category: Option<TemplateCategory>,
        #[serde(default)]
        components: Option<Vec<TemplateComponent>>,
        #[serde(default)]
        message_send_ttl_seconds: Option<i64>,
    },
    /// `DELETE /{waba-id}/message_templates?name=…`: every language of `name`, or with `hsmId`
    /// (the template's ID) only that one.
    DeleteTemplate {
        name: String,
        #[serde(default)]
        hsm_id: Option<String>,
    },

    /// `POST /{waba-id}/subscribed_apps`, with the WABA's override callback (and
    /// `$WA_VERIFY_TOKEN`) when one is given.
    SubscribeApp {
        #[serde(default)]
        override_callback_uri: Option<String>,
    },
    /// `DELETE /{waba-id}/subscribed_apps`.
    UnsubscribeApp,
    /// `POST /{app-id}/subscriptions` with the app access token, the callback and its fields.
    SetAppWebhook {
        callback_url: String,
        fields: Vec<String>,
    },
    /// `POST /{phone-number-id}` `{"webhook_configuration"}`: sets the number's own callback, or
    /// with `overrideCallbackUri` null removes it. `phoneNumberId` null: the profile's number.
    SetNumberOverride {
        #[serde(default)]
        phone_number_id: Option<String>,
        #[serde(default)]
        override_callback_uri: Option<String>,
    },

    /// `POST /{phone-number-id}/whatsapp_business_profile` with only the changed fields.
    SaveBusinessProfile { changes: ProfileChanges },
    /// `POST /{phone-number-id}` `{"new_display_name"}`: asks Meta to review a new name.
    RequestDisplayName { new_name: String },
    /// `POST /{phone-number-id}/conversational_automation` with the whole set.
    SaveAutomation {
        automation: ConversationalAutomation,
    },
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn calls_cross_ipc_tagged_by_kind_in_camel_case() {
        let call = GraphCall::DoctorRead {
            read: DoctorRead::PhoneNumbers,
            api_version: "v26.0".into(),
        };
        let wire = serde_json::to_value(&call).unwrap();
        assert_eq!(
            wire,
            json!({"kind": "doctorRead", "read": "phoneNumbers", "apiVersion": "v26.0"})
        );
        assert_eq!(serde_json::from_value::<GraphCall>(wire).unwrap(), call);

        let override_call: GraphCall = serde_json::from_value(
            json!({"kind": "setNumberOverride", "overrideCallbackUri": "https://example.com/hook"}),
        )
        .unwrap();
        assert_eq!(
            override_call,
            GraphCall::SetNumberOverride {
                phone_number_id: None,
                override_callback_uri: Some("https://example.com/hook".into()),
            }
        );
        let unsubscribe: GraphCall =
            serde_json::from_value(json!({"kind": "unsubscribeApp"})).unwrap();
        assert_eq!(unsubscribe, GraphCall::UnsubscribeApp);
    }
}
