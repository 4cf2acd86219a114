//! The app secret (App Dashboard > App settings > Basic): kept in the OS keychain under
//! `<profile id>/app-secret`, behind `Secret`, never shown again. The webhook receiver checks
//! every POST's `X-Hub-Signature-256` with it.

use waba_core::audit::AuditAction;
use waba_core::{CommandError, ErrorCode, FieldError};
use waba_secrets::{secret, ExposeSecret, Secret};

use crate::errors;
use crate::Console;

/// The keychain account of a profile's app secret.
pub(crate) fn app_secret_account(profile_id: &str) -> String {
    format!("{profile_id}/app-secret")
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
        self.audited(
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
        .await
    }

    /// Removes the profile's app secret; whether one was stored.
    pub async fn clear_app_secret(&self, profile_id: &str) -> Result<bool, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        self.audited(
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
        .await
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
            .with_action("Store it first (App Dashboard > App settings > Basic > App secret): waba app-secret set --profile NAME < secret.txt")
        })
    }
}
