//! Webhook subscriptions of a profile (facts §8, §12): whether the profile's app is subscribed to
//! the WABA (`/{waba-id}/subscribed_apps`: read, subscribe with or without an override callback,
//! unsubscribe) and the app's own webhook configuration (`/{app-id}/subscriptions` for
//! `object=whatsapp_business_account`: callback, fields), read and set with the app access
//! token `{app-id}|{app-secret}` built from the app secret in the keychain.
//!
//! The routing of one number (facts §4.2, §4.3): the callbacks at the three levels from the
//! number's `webhook_configuration` and the WABA's `subscribed_apps`, the one Meta uses, and the
//! number's own override set or cleared (`POST /{phone-number-id}` `webhook_configuration`). The
//! WABA's override is set by subscribing with one and cleared by subscribing without one.
//!
//! A missing `messages` field is a warning in every answer that shows the app's fields: without
//! it no inbound message or delivery status arrives. Each change is in the audit log (Meta's
//! refusals included); the verify token and the app access token are `Secret`s and appear in no
//! answer, error or audit entry.

use waba_core::audit::AuditAction;
use waba_core::ids::parse_graph_id;
use waba_core::profile::Profile;
pub use waba_core::subscriptions::{
    AppWebhookConfig, CallbackOverride, SubscribedAppInfo, SubscriptionsOverview,
    WabaSubscriptions, WebhookField, WebhookRouting,
};
use waba_core::{CommandError, FieldError};
use waba_graph::model::{AppSubscription, SubscribedApp};
use waba_secrets::{secret, ExposeSecret, Secret};

use crate::app_secret::app_token_error;
use crate::Console;

/// The object the app's WhatsApp webhook is configured on.
pub const WEBHOOK_OBJECT: &str = "whatsapp_business_account";
/// The field without which no inbound message or status webhook arrives.
pub const MESSAGES_FIELD: &str = "messages";

/// `https://`, or `http://` for a loopback host (a sandbox or a local test server; Meta itself
/// accepts only https with a CA-signed certificate, facts §12.2).
pub(crate) fn check_callback(field: &str, url: &str) -> Result<String, FieldError> {
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
    request: &CallbackOverride,
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
            "App {} is not subscribed to WABA {}, so none of its webhooks arrive. Subscribe it (Subscribe on the Webhooks page, or waba subscribe).",
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
            "App {app_id} has no WhatsApp webhook callback, so no webhook is delivered. Set one on the Webhooks page (or: waba webhook config --callback URL --verify-token T --field messages)."
        ));
    } else if !active {
        warnings.push(format!(
            "App {app_id}'s WhatsApp webhook subscription is not active."
        ));
    }
    if !fields.iter().any(|f| f.name == MESSAGES_FIELD) {
        warnings.push(
            "The app's webhook does not deliver the messages field: no inbound message and no delivery status (sent, delivered, read, failed) will arrive. Add it on the Webhooks page (or: waba webhook config --callback URL --verify-token T --field messages)."
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
    /// 2200/2201). Meta takes an override only from a subscribed app, so an unsubscribed one is
    /// subscribed first, in its own audited call. Subscribing without one clears a previous
    /// override. Audited; not retried.
    pub async fn subscribe_app(
        &self,
        profile_id: &str,
        override_callback: Option<CallbackOverride>,
    ) -> Result<WabaSubscriptions, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let checked = override_callback
            .as_ref()
            .map(|c| validated(c, "overrideCallbackUri", "verifyToken"))
            .transpose()?;
        if checked.is_some() && !self.waba_subscriptions(&profile.id).await?.subscribed {
            Box::pin(self.subscribe_app(&profile.id, None)).await?;
        }
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

    /// The app's webhook configuration (`GET /{app-id}/subscriptions`, app access token).
    pub async fn app_webhook_config(
        &self,
        profile_id: &str,
    ) -> Result<AppWebhookConfig, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let app_token = self.app_access_token_of(&profile).await?;
        let client = self.graph(&profile).await?;
        let subscriptions = client
            .app_subscriptions(&app_token, &profile.app_id)
            .await
            .map_err(app_token_error)?;
        Ok(app_webhook_config(&profile.app_id, subscriptions))
    }

    /// Sets the app's callback, verify token and fields (`POST /{app-id}/subscriptions`; Meta
    /// verifies the callback with a GET challenge first and adds the fields to those already
    /// subscribed). Audited; not retried. The answer is the configuration read back.
    pub async fn set_app_webhook_config(
        &self,
        profile_id: &str,
        callback: CallbackOverride,
        fields: &[String],
    ) -> Result<AppWebhookConfig, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let (url, verify_token) = validated(&callback, "callbackUrl", "verifyToken")?;
        let fields = checked_fields(fields)?;
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
                let app_token = self.app_access_token_of(&profile).await?;
                let client = self.graph(&profile).await?;
                client
                    .set_app_subscription(&app_token, &profile.app_id, &url, &verify_token, &fields)
                    .await
                    .map_err(app_token_error)
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
        let (routing, routing_error) = match self
            .routing_of(&profile, &profile.phone_number_id, &waba)
            .await
        {
            Ok(routing) => (Some(routing), None),
            Err(error) => (None, Some(error)),
        };
        Ok(SubscriptionsOverview {
            waba,
            app_secret_stored,
            app,
            app_error,
            routing,
            routing_error,
        })
    }

    /// The callbacks that could receive `phone_number_id`'s webhooks (default: the profile's
    /// number) and the one Meta uses: `GET /{phone-number-id}?fields=webhook_configuration` for
    /// the URLs, `GET /{waba-id}/subscribed_apps` for whether anything is delivered at all.
    pub async fn webhook_routing(
        &self,
        profile_id: &str,
        phone_number_id: Option<&str>,
    ) -> Result<WebhookRouting, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let number = number_id(&profile, phone_number_id)?;
        let waba = self.waba_subscriptions(&profile.id).await?;
        self.routing_of(&profile, &number, &waba).await
    }

    async fn routing_of(
        &self,
        profile: &Profile,
        phone_number_id: &str,
        waba: &WabaSubscriptions,
    ) -> Result<WebhookRouting, CommandError> {
        let (client, token) = self.session(profile).await?;
        let phone = client
            .phone_number(&token, phone_number_id, &["webhook_configuration"])
            .await?;
        let config = phone.webhook_configuration.unwrap_or_default();
        // The number's read names the WABA's override too; `subscribed_apps` is the fallback.
        let waba_override = config.whatsapp_business_account.or_else(|| {
            waba.apps
                .iter()
                .find(|a| a.app_id == profile.app_id)
                .and_then(|a| a.override_callback_uri.clone())
        });
        Ok(WebhookRouting::resolve(
            &profile.waba_id,
            phone_number_id,
            waba.subscribed,
            config.application,
            waba_override,
            config.phone_number,
        ))
    }

    /// Sets the number's own callback (default: the profile's number). Meta verifies it with a
    /// GET challenge first (2200/2201) and refuses it while the app is not subscribed to the WABA
    /// (code 100; the answer then says to subscribe first). Audited; not retried. The answer is
    /// the number's routing read back.
    pub async fn set_number_override(
        &self,
        profile_id: &str,
        phone_number_id: Option<&str>,
        callback: CallbackOverride,
    ) -> Result<WebhookRouting, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let number = number_id(&profile, phone_number_id)?;
        let (url, verify_token) = validated(&callback, "overrideCallbackUri", "verifyToken")?;
        let target = format!("number {number} override {url}");
        let changed = self
            .audited(
                Some(&profile.id),
                AuditAction::NumberOverrideSet,
                Some(&target),
                async {
                    let (client, token) = self.session(&profile).await?;
                    client
                        .set_number_webhook_override(&token, &number, Some((&url, &verify_token)))
                        .await
                        .map_err(CommandError::from)
                },
            )
            .await;
        if let Err(error) = changed {
            return Err(self.explain_order(&profile, error).await);
        }
        self.webhook_routing(&profile.id, Some(&number)).await
    }

    /// Removes the number's own callback (an empty `override_callback_uri`); its webhooks go to
    /// the WABA's override again, else the app's callback. Audited. The answer is the routing.
    pub async fn clear_number_override(
        &self,
        profile_id: &str,
        phone_number_id: Option<&str>,
    ) -> Result<WebhookRouting, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let number = number_id(&profile, phone_number_id)?;
        let target = format!("number {number}");
        self.audited(
            Some(&profile.id),
            AuditAction::NumberOverrideCleared,
            Some(&target),
            async {
                let (client, token) = self.session(&profile).await?;
                client
                    .set_number_webhook_override(&token, &number, None)
                    .await
                    .map_err(CommandError::from)
            },
        )
        .await?;
        self.webhook_routing(&profile.id, Some(&number)).await
    }

    /// Sets the WABA's override: subscribes the app with it (verified by Meta first). The answer
    /// is the routing of the profile's number.
    pub async fn set_waba_override(
        &self,
        profile_id: &str,
        callback: CallbackOverride,
    ) -> Result<WebhookRouting, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        self.subscribe_app(&profile.id, Some(callback)).await?;
        self.webhook_routing(&profile.id, None).await
    }

    /// Clears the WABA's override: subscribes the app again without one, so the WABA's numbers
    /// fall back to the app's callback (a number's own override still wins).
    pub async fn clear_waba_override(
        &self,
        profile_id: &str,
    ) -> Result<WebhookRouting, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        self.subscribe_app(&profile.id, None).await?;
        self.webhook_routing(&profile.id, None).await
    }

    /// Meta refuses an override with code 100 while the app is not subscribed to the WABA; when
    /// that is why, the error says to subscribe first.
    async fn explain_order(&self, profile: &Profile, error: CommandError) -> CommandError {
        if error.graph().map(|g| g.code) != Some(100) {
            return error;
        }
        match self.waba_subscriptions(&profile.id).await {
            Ok(waba) if !waba.subscribed => error.with_action(format!(
                "App {} is not subscribed to WABA {}, and Meta takes an override only after that: subscribe it first (Subscribe on the Webhooks page, or waba subscribe), then set the override again.",
                profile.app_id, profile.waba_id
            )),
            _ => error,
        }
    }
}

/// `phone_number_id` checked as a Graph ID, or the profile's number.
/// The webhook fields an app subscription delivers, trimmed; at least one.
pub(crate) fn checked_fields(fields: &[String]) -> Result<Vec<&str>, CommandError> {
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
    Ok(fields)
}

pub(crate) fn number_id(
    profile: &Profile,
    phone_number_id: Option<&str>,
) -> Result<String, CommandError> {
    match phone_number_id {
        Some(id) => parse_graph_id("phoneNumberId", "phone number ID", id)
            .map_err(|e| CommandError::invalid_fields(vec![e])),
        None => Ok(profile.phone_number_id.clone()),
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
