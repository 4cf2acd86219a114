//! Webhook subscription and routing across IPC (facts §4.2, §4.3, §8, §12): whether the profile's
//! app is subscribed to the WABA, the app's own webhook configuration, the callback URLs at the
//! three levels (app, WABA override, number override) with the one Meta delivers to, and the
//! requests that change them.
//!
//! The routing rule lives here so the window, the CLI and the service state it once: the most
//! specific callback that exists wins (the number's override, then the WABA's, then the app's),
//! and nothing is delivered while the app is not subscribed to the WABA. Meta applies overrides to
//! message-type fields only (`messages`, `message_echoes`, `calls`, `history`, ...); template and
//! account-level webhooks always go to the app's callback.
//!
//! Request types carry the verify token as a [`Secret`]: they deserialize, never serialize, and
//! their `Debug` redacts it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CommandError;
use crate::secret::Secret;

/// One app subscribed to the WABA's webhooks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SubscribedAppInfo {
    pub app_id: String,
    pub name: Option<String>,
    /// The WABA's `override_callback_uri`, when one is set.
    pub override_callback_uri: Option<String>,
}

/// The WABA's subscribed apps, and whether the profile's app is one of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WabaSubscriptions {
    pub waba_id: String,
    /// The profile's app.
    pub app_id: String,
    pub subscribed: bool,
    pub apps: Vec<SubscribedAppInfo>,
    pub message: String,
}

/// One field the app's webhook delivers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WebhookField {
    pub name: String,
    pub version: Option<String>,
}

/// The app's webhook configuration for `whatsapp_business_account`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppWebhookConfig {
    pub app_id: String,
    pub object: String,
    /// `None`: the app has no WhatsApp webhook configured.
    pub callback_url: Option<String>,
    pub active: bool,
    pub fields: Vec<WebhookField>,
    /// Said in words: no callback, `messages` missing, not active.
    pub warnings: Vec<String>,
}

/// A level a webhook callback can be set at, from the most specific.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CallbackLevel {
    /// The number's `webhook_configuration.override_callback_uri` (`POST /{phone-number-id}`).
    Number,
    /// The WABA's `override_callback_uri` (`POST /{waba-id}/subscribed_apps`).
    Waba,
    /// The app's callback (App Dashboard, or `POST /{app-id}/subscriptions`).
    App,
}

/// The callback URLs one number's webhooks could go to, and the one Meta uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WebhookRouting {
    pub waba_id: String,
    pub phone_number_id: String,
    pub app_callback: Option<String>,
    pub waba_override: Option<String>,
    pub number_override: Option<String>,
    /// The most specific level that has a callback; `None` when no level has one.
    pub winner: Option<CallbackLevel>,
    pub winner_url: Option<String>,
    /// Whether the profile's app is subscribed to the WABA; without it nothing is delivered,
    /// whichever callback is set.
    pub subscribed: bool,
    /// Which callback Meta will use for this number's message webhooks, and why.
    pub explanation: String,
    /// The order Meta requires when setting and clearing overrides.
    pub order_note: String,
}

/// The order Meta accepts changes in (it refuses an override while the app is not subscribed).
pub const ORDER_NOTE: &str = "Meta requires this order: subscribe the app to the WABA first (Subscribe on the Webhooks page, or waba subscribe), then set a WABA override, then a number override. Clear them the other way round: the number's override first, then the WABA's.";

/// What overrides leave alone, said whenever one wins (the app has a callback, or not).
const APP_ONLY_FIELDS: &str = "Template and account-level webhooks still go to the app's callback: Meta applies overrides to message webhooks only (messages, message_echoes, calls, history, ...).";
const APP_ONLY_FIELDS_LOST: &str = "Template and account-level webhooks go only to the app's callback, and the app has none, so they are not delivered: Meta applies overrides to message webhooks only (messages, message_echoes, calls, history, ...). Set the app's callback too.";

impl WebhookRouting {
    /// The routing of `phone_number_id` from what Meta reports at each level (empty URLs count
    /// as not set): the number's override wins over the WABA's, which wins over the app's.
    pub fn resolve(
        waba_id: &str,
        phone_number_id: &str,
        subscribed: bool,
        app_callback: Option<String>,
        waba_override: Option<String>,
        number_override: Option<String>,
    ) -> WebhookRouting {
        let set = |url: Option<String>| url.filter(|u| !u.trim().is_empty());
        let (app_callback, waba_override, number_override) =
            (set(app_callback), set(waba_override), set(number_override));
        let (winner, winner_url) = [
            (CallbackLevel::Number, &number_override),
            (CallbackLevel::Waba, &waba_override),
            (CallbackLevel::App, &app_callback),
        ]
        .into_iter()
        .find_map(|(level, url)| url.clone().map(|url| (level, url)))
        .unzip();
        let explanation = explain(
            waba_id,
            phone_number_id,
            subscribed,
            winner,
            winner_url.as_deref(),
            app_callback.is_some(),
        );
        WebhookRouting {
            waba_id: waba_id.to_owned(),
            phone_number_id: phone_number_id.to_owned(),
            app_callback,
            waba_override,
            number_override,
            winner,
            winner_url,
            subscribed,
            explanation,
            order_note: ORDER_NOTE.to_owned(),
        }
    }
}

fn explain(
    waba_id: &str,
    number: &str,
    subscribed: bool,
    winner: Option<CallbackLevel>,
    url: Option<&str>,
    app_has_callback: bool,
) -> String {
    let app_only = if app_has_callback {
        APP_ONLY_FIELDS
    } else {
        APP_ONLY_FIELDS_LOST
    };
    const RULE: &str = "the most specific callback that exists wins (number, then WABA, then app)";
    if !subscribed {
        return format!(
            "The app is not subscribed to WABA {waba_id}, so no callback receives anything for number {number}, whichever is set. Subscribe it first (Subscribe on the Webhooks page, or waba subscribe)."
        );
    }
    match (winner, url) {
        (Some(CallbackLevel::Number), Some(url)) => format!(
            "Meta sends number {number}'s webhooks to the number's own override {url}: {RULE}. {app_only}"
        ),
        (Some(CallbackLevel::Waba), Some(url)) => format!(
            "Meta sends number {number}'s webhooks to the WABA's override {url}: {RULE}, and the number has none. {app_only}"
        ),
        (Some(CallbackLevel::App), Some(url)) => format!(
            "Meta sends number {number}'s webhooks to the app's callback {url}: {RULE}, and neither the number nor the WABA has an override."
        ),
        _ => format!(
            "No callback is set at any level, so Meta has nowhere to send number {number}'s webhooks. Set the app's callback on the Webhooks page (or: waba webhook config --callback URL --verify-token T --field messages)."
        ),
    }
}

/// `waba subscriptions`: the WABA's side, the app's when its secret is stored, and the routing
/// of the profile's number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SubscriptionsOverview {
    pub waba: WabaSubscriptions,
    pub app_secret_stored: bool,
    /// `None` when no app secret is stored, or when reading it failed (`app_error`).
    pub app: Option<AppWebhookConfig>,
    pub app_error: Option<CommandError>,
    /// The profile's number's routing; `None` when reading it failed (`routing_error`).
    pub routing: Option<WebhookRouting>,
    pub routing_error: Option<CommandError>,
}

/// A callback and its verify token, which Meta verifies with a GET challenge before using it.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CallbackOverride {
    pub url: String,
    /// What the callback compares `hub.verify_token` with.
    #[ts(type = "string")]
    pub verify_token: Secret,
}

/// Subscribe the profile's app to the WABA, with a WABA override or without one (which clears a
/// previous override).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SubscribeRequest {
    pub profile_id: String,
    #[serde(default)]
    pub override_callback: Option<CallbackOverride>,
}

/// Set the app's callback, verify token and fields (`POST /{app-id}/subscriptions`).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetAppWebhookRequest {
    pub profile_id: String,
    pub callback_url: String,
    #[ts(type = "string")]
    pub verify_token: Secret,
    /// Added to the fields already delivered (Meta does not remove any this way).
    pub fields: Vec<String>,
}

/// Set (`override_callback`) or clear (`None`) a number's own callback.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NumberOverrideRequest {
    pub profile_id: String,
    /// `None`: the profile's number.
    #[serde(default)]
    pub phone_number_id: Option<String>,
    /// `None`: clear the number's override.
    #[serde(default)]
    pub override_callback: Option<CallbackOverride>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn the_most_specific_callback_wins() {
        let all = WebhookRouting::resolve(
            "w",
            "n",
            true,
            url("https://app.example/a"),
            url("https://waba.example/w"),
            url("https://number.example/n"),
        );
        assert_eq!(all.winner, Some(CallbackLevel::Number));
        assert_eq!(all.winner_url.as_deref(), Some("https://number.example/n"));
        assert!(all
            .explanation
            .contains("number's own override https://number.example/n"));

        let waba = WebhookRouting::resolve(
            "w",
            "n",
            true,
            url("https://app.example/a"),
            url("https://waba.example/w"),
            url(""),
        );
        assert_eq!(waba.winner, Some(CallbackLevel::Waba));
        assert_eq!(waba.number_override, None, "an empty URL is no override");
        assert!(waba
            .explanation
            .contains("WABA's override https://waba.example/w"));

        let app = WebhookRouting::resolve("w", "n", true, url("https://app.example/a"), None, None);
        assert_eq!(app.winner, Some(CallbackLevel::App));
        assert!(app
            .explanation
            .contains("app's callback https://app.example/a"));

        assert!(all.explanation.contains("still go to the app's callback"));
        // Without an app callback, what overrides do not carry is lost, and said so.
        let no_app =
            WebhookRouting::resolve("w", "n", true, None, url("https://waba.example/w"), None);
        assert_eq!(no_app.winner, Some(CallbackLevel::Waba));
        assert!(
            no_app.explanation.contains("not delivered"),
            "{}",
            no_app.explanation
        );

        let none = WebhookRouting::resolve("w", "n", true, None, None, None);
        assert_eq!((none.winner, none.winner_url), (None, None));
        assert!(none.explanation.contains("waba webhook config"));
    }

    #[test]
    fn nothing_is_delivered_while_not_subscribed() {
        let r = WebhookRouting::resolve(
            "w",
            "n",
            false,
            url("https://app.example/a"),
            None,
            url("https://number.example/n"),
        );
        // The level that would win is still named, but the words say nothing arrives.
        assert_eq!(r.winner, Some(CallbackLevel::Number));
        assert!(r.explanation.contains("no callback receives anything"));
        assert!(r.explanation.contains("waba subscribe"));
        assert_eq!(r.order_note, ORDER_NOTE);
    }

    #[test]
    fn routing_crosses_ipc_in_camel_case() {
        let r = WebhookRouting::resolve("w", "n", true, url("https://a.example"), None, None);
        let json = serde_json::to_value(&r).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "appCallback",
                "explanation",
                "numberOverride",
                "orderNote",
                "phoneNumberId",
                "subscribed",
                "wabaId",
                "wabaOverride",
                "winner",
                "winnerUrl"
            ]
        );
        assert_eq!(json["winner"], "app");
    }

    #[test]
    fn requests_deserialize_and_never_show_the_verify_token() {
        let request: NumberOverrideRequest = serde_json::from_str(
            r#"{"profileId":"p","overrideCallback":{"url":"https://x.example/h","verifyToken":"vt-s3cret"}}"#,
        )
        .unwrap();
        assert_eq!(request.phone_number_id, None);
        assert!(!format!("{request:?}").contains("vt-s3cret"));
        let clear: NumberOverrideRequest =
            serde_json::from_str(r#"{"profileId":"p","phoneNumberId":"1"}"#).unwrap();
        assert!(clear.override_callback.is_none());
        let subscribe: SubscribeRequest = serde_json::from_str(r#"{"profileId":"p"}"#).unwrap();
        assert!(subscribe.override_callback.is_none());
        let app: SetAppWebhookRequest = serde_json::from_str(
            r#"{"profileId":"p","callbackUrl":"https://x.example/h","verifyToken":"vt-s3cret","fields":["messages"]}"#,
        )
        .unwrap();
        assert!(!format!("{app:?}").contains("vt-s3cret"));
    }

    static_assertions::assert_not_impl_any!(CallbackOverride: Serialize);
    static_assertions::assert_not_impl_any!(NumberOverrideRequest: Serialize);
}
