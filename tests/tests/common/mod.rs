//! The fixture the service tests share: a sandbox of their own on a free loopback port, a console
//! on a temporary data folder and a test keychain namespace, and a real profile on that sandbox
//! with the sandbox's token stored. Each test binary uses its own part of it.
#![allow(dead_code)]

use waba_core::app::SetTokenRequest;
use waba_core::graph_states::{Explained, GraphState};
use waba_core::profile::NewProfile;
use waba_core::secret::{secret, Secret};
use waba_service::{Console, ConsoleConfig};
use waba_sim::{Sandbox, SandboxConfig, Scenario, PHONE_NUMBER_ID, SANDBOX_TOKEN};

pub fn pin(digits: &str) -> Secret {
    secret(digits.to_owned())
}

pub struct Fixture {
    pub sim: Sandbox,
    pub dir: tempfile::TempDir,
    pub service: String,
    pub console: Console,
    pub profile: String,
}

/// Meta's spelling of an explained value of an IPC answer.
pub fn value<T: GraphState>(v: &Option<Explained<T>>) -> Option<&str> {
    v.as_ref().map(Explained::as_graph)
}

pub async fn fixture(scenario: Scenario, tag: &str) -> Fixture {
    fixture_on(scenario, tag, "v26.0").await
}

/// [`fixture`] with the profile on `api_version`.
pub async fn fixture_on(scenario: Scenario, tag: &str, api_version: &str) -> Fixture {
    let sim = Sandbox::start(
        SandboxConfig {
            scenario,
            ..SandboxConfig::default()
        },
        0,
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let service = format!("waba-console-test-{tag}-{}", std::process::id());
    let console = Console::open(ConsoleConfig::new(dir.path().to_path_buf(), &service))
        .await
        .unwrap();
    let profile = console
        .add_profile(NewProfile {
            name: "Local".into(),
            app_id: waba_sim::APP_ID.into(),
            waba_id: waba_sim::WABA_ID.into(),
            phone_number_id: PHONE_NUMBER_ID.into(),
            api_version: api_version.into(),
            base_url: Some(sim.base_url()),
        })
        .await
        .unwrap()
        .id;
    console
        .set_token(SetTokenRequest {
            profile_id: profile.clone(),
            token: SANDBOX_TOKEN.into(),
            store_unverified: false,
        })
        .await
        .unwrap();
    Fixture {
        sim,
        dir,
        service,
        console,
        profile,
    }
}
