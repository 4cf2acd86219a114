//! Webhook subscriptions of a profile (facts §8, §12): whether the profile's app is subscribed to
//! the WABA (`/{waba-id}/subscribed_apps`: read, subscribe with or without an override callback,
//! unsubscribe) and the app's own webhook configuration (`/{app-id}/subscriptions` for
//! `object=whatsapp_business_account`: callback, fields), read and set with the app access
//! token `{app-id}|{app-secret}` built from the app secret in the keychain.
//!
//! A missing `messages` field is a warning in every answer that shows the app's fields: without
//! it no inbound message or delivery status arrives. Each change is in the audit log (Meta's
//! refusals included); the verify token and the app access token are `Secret`s and appear in no
//! answer, error or audit entry.

use serde::Serialize;
use waba_core::audit::AuditAction;
use waba_core::profile::Profile;
use waba_core::{CommandError, FieldError};
use waba_graph::model::{AppSubscription, SubscribedApp};
use waba_secrets::{secret, ExposeSecret, Secret};

use crate::Console;

/// The object the app's WhatsApp webhook is configured on.
pub const WEBHOOK_OBJECT: &str = "whatsapp_business_account";
/// The field without which no inbound message or status webhook arrives.
pub const MESSAGES_FIELD: &str = "messages";

/// One app subscribed to the WABA's webhooks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribedAppInfo {
    pub app_id: String,
    pub name: Option<String>,
    /// The WABA's `override_callback_uri`, when one is set.
    pub override_callback_uri: Option<String>,
}

/// The WABA's subscribed apps, and whether the profile's app is one of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WabaSubscriptions {
    pub waba_id: String,
    /// The profile's app.
    pub app_id: String,
    pub subscribed: bool,
    pub apps: Vec<SubscribedAppInfo>,
    pub message: String,
}

/// One field the app's webhook delivers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookField {
    pub name: String,
    pub version: Option<String>,
}

/// The app's webhook configuration for `whatsapp_business_account`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
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

/// `waba subscriptions`: the WABA's side, and the app's when its secret is stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionsOverview {
    pub waba: WabaSubscriptions,
    pub app_secret_stored: bool,
    /// `None` when no app secret is stored, or when reading it failed (`app_error`).
    pub app: Option<AppWebhookConfig>,
    pub app_error: Option<CommandError>,
}

/// A callback and its verify token, to be verified by Meta with a GET challenge.
pub struct CallbackRequest {
    pub url: String,
    pub verify_token: Secret,
}

impl std::fmt::Debug for CallbackRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackRequest")
            .field("url", &self.url)
            .field("verify_token", &"[redacted]")
            .finish()
    }
}

/// `https://`, or `http://` for a loopback host (a sandbox or a local test server; Meta itself
/// accepts only https with a CA-signed certificate, facts §12.2).
fn check_callback(field: &str, url: &str) -> Result<String, FieldError> {
    let url = url.trim();
    let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|prefix| {
            url.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        });
    if url.len() > "https://".len() && url.starts_with("https://") || loopback {
        Ok(url.to_owned())
    } else {
        Err(FieldError::new(
            field,
            format!("\"{url}\" is not an https:// URL; Meta delivers webhooks only to https:// callbacks with a certificate from a trusted CA."),
        ))
    }
}

fn check_verify_token(field: &str, token: &Secret) -> Result<Secret, FieldError> {
    let value = token.expose_secret().trim();
    if value.is_empty() {
        Err(FieldError::new(
            field,
            "The verify token is empty; give the string your endpoint compares hub.verify_token with.",
        ))
    } else {
        Ok(secret(value.to_owned()))
    }
}

fn validated(
    request: &CallbackRequest,
    url_field: &str,
    token_field: &str,
) -> Result<(String, Secret), CommandError> {
    let url = check_callback(url_field, &request.url);
    let token = check_verify_token(token_field, &request.verify_token);
    match (url, token) {
        (Ok(url), Ok(token)) => Ok((url, token)),
        (url, token) => Err(CommandError::invalid_fields(
            [url.err(), token.err()].into_iter().flatten().collect(),
        )),
    }
}

fn waba_subscriptions(profile: &Profile, apps: Vec<SubscribedApp>) -> WabaSubscriptions {
    let apps: Vec<SubscribedAppInfo> = apps
        .into_iter()
        .filter_map(|app| {
            let data = app.whatsapp_business_api_data?;
            Some(SubscribedAppInfo {
                app_id: data.id,
                name: data.name,
                override_callback_uri: app.override_callback_uri,
            })
        })
        .collect();
    let ours = apps.iter().find(|a| a.app_id == profile.app_id);
    let message = match ours {
        Some(SubscribedAppInfo {
            override_callback_uri: Some(url),
            ..
        }) => format!(
            "App {} is subscribed to WABA {}; its webhooks go to the WABA's override {url}.",
            profile.app_id, profile.waba_id
        ),
        Some(_) => format!(
            "App {} is subscribed to WABA {}; its webhooks go to the app's callback URL.",
            profile.app_id, profile.waba_id
        ),
        None => format!(
            "App {} is not subscribed to WABA {}, so none of its webhooks arrive. Subscribe it: waba subscribe.",
            profile.app_id, profile.waba_id
        ),
    };
    WabaSubscriptions {
        waba_id: profile.waba_id.clone(),
        app_id: profile.app_id.clone(),
        subscribed: ours.is_some(),
        apps,
        message,
    }
}

/// The app's `whatsapp_business_account` subscription, with its warnings.
pub fn app_webhook_config(app_id: &str, subscriptions: Vec<AppSubscription>) -> AppWebhookConfig {
    let ours = subscriptions
        .into_iter()
        .find(|s| s.object == WEBHOOK_OBJECT);
    let (callback_url, active, fields) = match ours {
        Some(s) => (
            s.callback_url,
            s.active,
            s.fields
                .into_iter()
                .map(|f| WebhookField {
                    name: f.name,
                    version: f.version,
                })
                .collect::<Vec<_>>(),
        ),
        None => (None, false, Vec::new()),
    };
    let mut warnings = Vec::new();
    if callback_url.is_none() {
        warnings.push(format!(
            "App {app_id} has no WhatsApp webhook callback, so no webhook is delivered. Set one: waba webhook config --callback URL --verify-token T --field messages."
        ));
    } else if !active {
        warnings.push(format!(
            "App {app_id}'s WhatsApp webhook subscription is not active."
        ));
    }
    if !fields.iter().any(|f| f.name == MESSAGES_FIELD) {
        warnings.push(
            "The app's webhook does not deliver the messages field: no inbound message and no delivery status (sent, delivered, read, failed) will arrive. Add it: waba webhook config --callback URL --verify-token T --field messages."
                .to_owned(),
        );
    }
    AppWebhookConfig {
        app_id: app_id.to_owned(),
        object: WEBHOOK_OBJECT.to_owned(),
        callback_url,
        active,
        fields,
        warnings,
    }
}

impl Console {
    /// The WABA's subscribed apps (`GET /{waba-id}/subscribed_apps`).
    pub async fn waba_subscriptions(
        &self,
        profile_id: &str,
    ) -> Result<WabaSubscriptions, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let (client, token) = self.session(&profile).await?;
        let apps = client.subscribed_apps(&token, &profile.waba_id).await?;
        Ok(waba_subscriptions(&profile, apps))
    }

    /// Subscribes the profile's app to the WABA's webhooks; with `override_callback`, also sets
    /// the WABA's callback, which Meta verifies with a GET challenge first (a failure is Meta's
    /// 2200/2201). Subscribing without one clears a previous override. Audited; not retried.
    pub async fn subscribe_app(
        &self,
        profile_id: &str,
        override_callback: Option<CallbackRequest>,
    ) -> Result<WabaSubscriptions, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let checked = override_callback
            .as_ref()
            .map(|c| validated(c, "overrideCallbackUri", "verifyToken"))
            .transpose()?;
        let target = match &checked {
            Some((url, _)) => format!("WABA {} with override {url}", profile.waba_id),
            None => format!("WABA {}", profile.waba_id),
        };
        self.audited(
            Some(&profile.id),
            AuditAction::Subscribed,
            Some(&target),
            async {
                let (client, token) = self.session(&profile).await?;
                let over = checked.as_ref().map(|(url, t)| (url.as_str(), t));
                client
                    .subscribe_app(&token, &profile.waba_id, over)
                    .await
                    .map_err(CommandError::from)
            },
        )
        .await?;
        self.waba_subscriptions(&profile.id).await
    }

    /// Unsubscribes the profile's app from the WABA's webhooks (its override goes too). Audited.
    pub async fn unsubscribe_app(
        &self,
        profile_id: &str,
    ) -> Result<WabaSubscriptions, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let target = format!("WABA {}", profile.waba_id);
        self.audited(
            Some(&profile.id),
            AuditAction::Unsubscribed,
            Some(&target),
            async {
                let (client, token) = self.session(&profile).await?;
                client
                    .unsubscribe_app(&token, &profile.waba_id)
                    .await
                    .map_err(CommandError::from)
            },
        )
        .await?;
        self.waba_subscriptions(&profile.id).await
    }

    /// `{app-id}|{app-secret}` from the app secret in the keychain (an error saying how to store
    /// one when there is none).
    async fn app_access_token(&self, profile: &Profile) -> Result<Secret, CommandError> {
        let app_secret = self.required_app_secret(&profile.id).await?;
        Ok(secret(format!(
            "{}|{}",
            profile.app_id,
            app_secret.expose_secret()
        )))
    }

    /// The app's webhook configuration (`GET /{app-id}/subscriptions`, app access token).
    pub async fn app_webhook_config(
        &self,
        profile_id: &str,
    ) -> Result<AppWebhookConfig, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let app_token = self.app_access_token(&profile).await?;
        let client = self.graph(&profile).await?;
        let subscriptions = client
            .app_subscriptions(&app_token, &profile.app_id)
            .await?;
        Ok(app_webhook_config(&profile.app_id, subscriptions))
    }

    /// Sets the app's callback, verify token and fields (`POST /{app-id}/subscriptions`; Meta
    /// verifies the callback with a GET challenge first and adds the fields to those already
    /// subscribed). Audited; not retried. The answer is the configuration read back.
    pub async fn set_app_webhook_config(
        &self,
        profile_id: &str,
        callback: CallbackRequest,
        fields: &[String],
    ) -> Result<AppWebhookConfig, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let (url, verify_token) = validated(&callback, "callbackUrl", "verifyToken")?;
        let fields: Vec<&str> = fields
            .iter()
            .map(|f| f.trim())
            .filter(|f| !f.is_empty())
            .collect();
        if fields.is_empty() {
            return Err(CommandError::invalid_fields(vec![FieldError::new(
                "fields",
                "Give at least one field to deliver (messages above all).",
            )]));
        }
        let target = format!(
            "app {} callback {url} fields {}",
            profile.app_id,
            fields.join(",")
        );
        self.audited(
            Some(&profile.id),
            AuditAction::AppSubscriptionSet,
            Some(&target),
            async {
                let app_token = self.app_access_token(&profile).await?;
                let client = self.graph(&profile).await?;
                client
                    .set_app_subscription(&app_token, &profile.app_id, &url, &verify_token, &fields)
                    .await
                    .map_err(CommandError::from)
            },
        )
        .await?;
        self.app_webhook_config(&profile.id).await
    }

    /// The WABA's subscribed apps and, when the app secret is stored, the app's webhook
    /// configuration (a failure to read it is kept in `app_error`, the WABA's side still shown).
    pub async fn subscriptions_overview(
        &self,
        profile_id: &str,
    ) -> Result<SubscriptionsOverview, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let waba = self.waba_subscriptions(&profile.id).await?;
        let app_secret_stored = self.has_app_secret(&profile.id).await?;
        let (app, app_error) = if app_secret_stored {
            match self.app_webhook_config(&profile.id).await {
                Ok(config) => (Some(config), None),
                Err(error) => (None, Some(error)),
            }
        } else {
            (None, None)
        };
        Ok(SubscriptionsOverview {
            waba,
            app_secret_stored,
            app,
            app_error,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use waba_graph::model::AppSubscriptionField;

    #[test]
    fn callbacks_are_https_or_loopback_http() {
        for ok in [
            "https://hooks.example.com/wa",
            "http://127.0.0.1:8080/webhook",
            "http://localhost/webhook",
            "http://[::1]:9/x",
        ] {
            assert!(check_callback("c", ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://hooks.example.com/wa",
            "http://localhost.evil.example/wa",
            "ftp://x",
            "https://",
            "",
        ] {
            assert!(check_callback("c", bad).is_err(), "{bad}");
        }
        assert!(check_verify_token("t", &secret("  ".into())).is_err());
    }

    #[test]
    fn a_missing_messages_field_is_a_warning() {
        let sub = |fields: &[&str]| AppSubscription {
            object: WEBHOOK_OBJECT.into(),
            callback_url: Some("https://x.example/wa".into()),
            active: true,
            fields: fields
                .iter()
                .map(|f| AppSubscriptionField {
                    name: (*f).into(),
                    version: Some("v26.0".into()),
                })
                .collect(),
        };
        let with = app_webhook_config("1", vec![sub(&["messages", "account_update"])]);
        assert!(with.warnings.is_empty(), "{:?}", with.warnings);
        let without = app_webhook_config("1", vec![sub(&["account_update"])]);
        assert_eq!(without.warnings.len(), 1);
        assert!(without.warnings[0].contains("messages"));
        let none = app_webhook_config("1", Vec::new());
        assert_eq!(none.callback_url, None);
        assert_eq!(none.warnings.len(), 2);
    }
}
