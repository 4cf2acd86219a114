//! The embedded sandbox: one simulated Graph API per console, started on first use on a free
//! loopback port, and restarted when the sandbox profile switches scenario.

use tokio::sync::Mutex;
use waba_core::app::{SandboxInfo, ScenarioInfo};
use waba_core::{CommandError, ErrorCode};
use waba_sim::{Sandbox, SandboxConfig, Scenario};

#[derive(Default)]
pub(crate) struct EmbeddedSandbox {
    running: Mutex<Option<Sandbox>>,
}

pub(crate) fn parse_scenario(name: &str) -> Result<Scenario, CommandError> {
    Scenario::parse(name).map_err(|reason| {
        CommandError::invalid_fields(vec![waba_core::FieldError::new("scenario", reason)])
    })
}

impl EmbeddedSandbox {
    /// The base URL of a sandbox running `scenario`, starting or restarting it as needed.
    pub(crate) async fn base_url(&self, scenario: Scenario) -> Result<String, CommandError> {
        let mut running = self.running.lock().await;
        if let Some(sandbox) = running.as_ref().filter(|s| s.scenario() == scenario) {
            return Ok(sandbox.base_url());
        }
        if let Some(old) = running.take() {
            old.shutdown().await;
        }
        let sandbox = Sandbox::start(
            SandboxConfig {
                scenario,
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
        let url = sandbox.base_url();
        *running = Some(sandbox);
        Ok(url)
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
            base_url: self.running.lock().await.as_ref().map(Sandbox::base_url),
        }
    }
}
