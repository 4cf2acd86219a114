//! The embedded sandbox: one simulated Graph API per console, started on first use on a free
//! loopback port, and restarted when the sandbox profile switches scenario.
//!
//! Each start gets a fresh random control secret (the `X-Sandbox-Secret` that `/__sandbox`
//! writes need), unless `WABA_SIM_CONTROL_SECRET` is set: the real-window tests give the app one
//! that way and find the sandbox through `sandbox_info`'s base URL. The secret is never logged.
//!
//! Tests that search for a canary of their own give the sandbox that token and app secret
//! ([`SandboxSecrets`], read from `WABA_SIM_EXTRA_TOKENS` and `WABA_SIM_APP_SECRET` when the
//! console's configuration is made), so a session with them really runs: the token is accepted like
//! the sample one and the webhooks are signed with that app secret. Neither is ever logged or
//! answered; `sandbox_info` keeps offering the public samples.

use std::time::Duration;

use tokio::sync::Mutex;
use waba_core::app::{SandboxInfo, ScenarioInfo};
use waba_core::{CommandError, ErrorCode};
use waba_sim::{Sandbox, SandboxConfig, SandboxHandle, Scenario, SecretString};

/// What the embedded sandbox accepts besides its public samples (tests with a canary).
#[derive(Debug, Clone, Default)]
pub struct SandboxSecrets {
    /// Accepted exactly like [`waba_sim::SANDBOX_TOKEN`] ([`SandboxConfig::extra_tokens`]).
    pub extra_tokens: Vec<SecretString>,
    /// The app secret the sandbox signs its webhooks with instead of
    /// [`waba_sim::SANDBOX_APP_SECRET`] ([`SandboxConfig::app_secret`]).
    pub app_secret: Option<SecretString>,
}

impl SandboxSecrets {
    /// From [`waba_sim::EXTRA_TOKENS_ENV`] (comma-separated) and [`waba_sim::APP_SECRET_ENV`];
    /// unset or empty means none.
    pub fn from_env() -> Self {
        let extra_tokens = std::env::var(waba_sim::EXTRA_TOKENS_ENV)
            .map(|tokens| {
                tokens
                    .split(',')
                    .map(str::trim)
                    .filter(|token| !token.is_empty())
                    .map(SecretString::from)
                    .collect()
            })
            .unwrap_or_default();
        let app_secret = std::env::var(waba_sim::APP_SECRET_ENV)
            .ok()
            .filter(|s| !s.is_empty())
            .map(SecretString::from);
        Self {
            extra_tokens,
            app_secret,
        }
    }
}

pub(crate) struct EmbeddedSandbox {
    provisioning_delay: Duration,
    secrets: SandboxSecrets,
    running: Mutex<Option<Sandbox>>,
}

pub(crate) fn parse_scenario(name: &str) -> Result<Scenario, CommandError> {
    Scenario::parse(name).map_err(|reason| {
        CommandError::invalid_fields(vec![waba_core::FieldError::new("scenario", reason)])
    })
}

/// `WABA_SIM_CONTROL_SECRET` when set (and not empty), else a fresh random secret.
fn control_secret() -> SecretString {
    std::env::var(waba_sim::CONTROL_SECRET_ENV)
        .ok()
        .filter(|s| !s.is_empty())
        .map_or_else(waba_sim::random_control_secret, SecretString::from)
}

impl EmbeddedSandbox {
    /// `provisioning_delay`: how long a number registered on this sandbox reads PENDING;
    /// `secrets`: what it accepts besides its samples.
    pub(crate) fn new(provisioning_delay: Duration, secrets: SandboxSecrets) -> Self {
        Self {
            provisioning_delay,
            secrets,
            running: Mutex::new(None),
        }
    }

    /// The base URL of a sandbox running `scenario`, starting or restarting it as needed.
    pub(crate) async fn base_url(&self, scenario: Scenario) -> Result<String, CommandError> {
        Ok(self.handle(scenario).await?.base_url())
    }

    /// The controls of a sandbox running `scenario`, starting or restarting it as needed.
    pub(crate) async fn handle(&self, scenario: Scenario) -> Result<SandboxHandle, CommandError> {
        let mut running = self.running.lock().await;
        if let Some(sandbox) = running.as_ref().filter(|s| s.scenario() == scenario) {
            return Ok(sandbox.handle());
        }
        if let Some(old) = running.take() {
            old.shutdown().await;
        }
        let sandbox = Sandbox::start(
            SandboxConfig {
                scenario,
                provisioning_delay: self.provisioning_delay,
                control_secret: control_secret(),
                extra_tokens: self.secrets.extra_tokens.clone(),
                app_secret: self
                    .secrets
                    .app_secret
                    .clone()
                    .unwrap_or_else(|| SecretString::from(waba_sim::SANDBOX_APP_SECRET)),
                ..SandboxConfig::default()
            },
            0,
        )
        .await
        .map_err(|e| {
            CommandError::new(
                ErrorCode::Internal,
                format!("The built-in sandbox could not start: {e}."),
            )
            .with_action(
                "Another program may be exhausting local ports; restart the console and retry.",
            )
        })?;
        tracing::info!(scenario = scenario.name(), url = %sandbox.base_url(), "sandbox started");
        let handle = sandbox.handle();
        *running = Some(sandbox);
        Ok(handle)
    }

    pub(crate) async fn info(&self) -> SandboxInfo {
        SandboxInfo {
            scenarios: Scenario::ALL
                .iter()
                .map(|s| ScenarioInfo {
                    name: s.name().into(),
                    summary: s.summary().into(),
                })
                .collect(),
            sample_token: waba_sim::SANDBOX_TOKEN.into(),
            sample_app_secret: waba_sim::SANDBOX_APP_SECRET.into(),
            base_url: self.running.lock().await.as_ref().map(|s| s.base_url()),
        }
    }
}
