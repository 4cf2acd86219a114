//! The app secret (App Dashboard > App settings > Basic): kept in the OS keychain under
//! `<profile id>/app-secret`, behind `Secret`, never shown again. The webhook receiver checks
//! every POST's `X-Hub-Signature-256` with it.

use waba_core::audit::AuditAction;
use waba_core::{CommandError, ErrorCode, ErrorDetails, FieldError};
use waba_secrets::{secret, ExposeSecret, Secret};

use crate::errors;
use crate::Console;

/// The keychain account of a profile's app secret.
pub(crate) fn app_secret_account(profile_id: &str) -> String {
    format!("{profile_id}/app-secret")
}

/// The app access token `{app-id}|{app-secret}` that app-level calls (`/{app-id}/subscriptions`)
/// take instead of the System User token.
pub(crate) fn app_access_token(app_id: &str, app_secret: &Secret) -> Secret {
    secret(format!("{app_id}|{}", app_secret.expose_secret()))
}

/// A refusal of a call made with the app access token. Meta's 190 there means the stored app
/// secret is wrong or was reset (the System User token is not involved), so the message and the
/// fix say so, and the token's card ("replace the token") is not attached.
pub(crate) fn app_token_error(error: waba_graph::GraphError) -> CommandError {
    let mut e = CommandError::from(error);
    if e.graph().is_some_and(|g| g.code == 190) {
        e.message = "Meta refused the app access token built from the stored app secret (190): the app secret is wrong, or it was reset in the App Dashboard.".into();
        e.action = Some("Copy the app secret again from App Dashboard > App settings > Basic and store it on the Webhooks page (or: waba app-secret set).".into());
        if let Some(ErrorDetails::Graph(g)) = &mut e.details {
            g.diagnosis = None;
        }
    }
    e
}

/// The pasted value without surrounding whitespace; refused when empty or with inner spaces.
fn clean(input: &Secret) -> Result<Secret, CommandError> {
    let value = input.expose_secret().trim();
    let problem = if value.is_empty() {
        Some("The app secret is empty. Copy it from App Dashboard > App settings > Basic (\"App secret\", Show).")
    } else if value.chars().any(char::is_whitespace) {
        Some("The app secret has spaces or line breaks inside it; paste only the secret.")
    } else {
        None
    };
    match problem {
        Some(message) => Err(CommandError::invalid_fields(vec![FieldError::new(
            "appSecret",
            message,
        )])),
        None => Ok(secret(value.to_owned())),
    }
}

impl Console {
    /// Stores the profile's app secret in the keychain, replacing any previous one.
    pub async fn set_app_secret(
        &self,
        profile_id: &str,
        app_secret: &Secret,
    ) -> Result<(), CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let value = clean(app_secret)?;
        let stored = self
            .audited(
                Some(&profile.id),
                AuditAction::AppSecretSet,
                Some(&profile.name),
                async {
                    self.tokens
                        .set(&app_secret_account(&profile.id), &value)
                        .await
                        .map_err(|e| errors::keychain(e, "the app secret was not saved"))
                },
            )
            .await;
        self.app_secret_changed(&profile.id).await;
        stored
    }

    /// Removes the profile's app secret; whether one was stored.
    pub async fn clear_app_secret(&self, profile_id: &str) -> Result<bool, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let removed = self
            .audited(
                Some(&profile.id),
                AuditAction::AppSecretCleared,
                Some(&profile.name),
                async {
                    self.tokens
                        .delete(&[&app_secret_account(&profile.id)])
                        .await
                        .map_err(|e| errors::keychain(e, "the app secret was not removed"))
                },
            )
            .await;
        self.app_secret_changed(&profile.id).await;
        removed
    }

    /// `{app-id}|{app-secret}` from the app secret in the keychain (an error saying how to store
    /// one when there is none).
    pub(crate) async fn app_access_token_of(
        &self,
        profile: &waba_core::profile::Profile,
    ) -> Result<Secret, CommandError> {
        let app_secret = self.required_app_secret(&profile.id).await?;
        Ok(app_access_token(&profile.app_id, &app_secret))
    }

    /// Whether the profile has an app secret stored.
    pub async fn has_app_secret(&self, profile_id: &str) -> Result<bool, CommandError> {
        Ok(self.stored_app_secret(profile_id).await?.is_some())
    }

    pub(crate) async fn stored_app_secret(
        &self,
        profile_id: &str,
    ) -> Result<Option<Secret>, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        self.tokens
            .get(&app_secret_account(&profile.id))
            .await
            .map_err(|e| errors::keychain(e, "the app secret could not be read"))
    }

    /// The profile's app secret, or an error saying how to store one.
    pub(crate) async fn required_app_secret(
        &self,
        profile_id: &str,
    ) -> Result<Secret, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        self.stored_app_secret(&profile.id).await?.ok_or_else(|| {
            CommandError::new(
                ErrorCode::NotFound,
                format!(
                    "No app secret is stored for profile \"{}\", so webhook signatures cannot be checked and the receiver does not start.",
                    profile.name
                ),
            )
            .with_action("Store it first (App Dashboard > App settings > Basic > App secret) on the Webhooks page, or: waba app-secret set --profile NAME < secret.txt")
        })
    }
}
