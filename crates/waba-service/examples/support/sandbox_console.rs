//! What the service benchmarks share: a sandbox of their own on a free loopback port, a console on
//! a temporary data folder with its own keychain namespace, and a profile on that sandbox with the
//! sandbox's token stored (removed again by [`BenchConsole::finish`]), and further consoles opened
//! afresh on the same folder and keychain, as after a launch.

use waba_core::app::SetTokenRequest;
use waba_core::profile::{NewProfile, Profile};
use waba_service::{Console, ConsoleConfig};
use waba_sim::{Sandbox, SandboxConfig, SANDBOX_TOKEN};

pub struct BenchConsole {
    pub sim: Sandbox,
    pub console: Console,
    pub profile: Profile,
    config: ConsoleConfig,
    _dir: tempfile::TempDir,
}

impl BenchConsole {
    pub async fn start(config: SandboxConfig) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let sim = Sandbox::start(config, 0).await.expect("sandbox");
        let config = ConsoleConfig::new(
            dir.path().to_path_buf(),
            format!("waba-console-bench-{}", std::process::id()),
        );
        let console = Console::open(config.clone()).await.expect("console");
        let profile = console
            .add_profile(NewProfile {
                name: "Bench".into(),
                app_id: waba_sim::APP_ID.into(),
                waba_id: waba_sim::WABA_ID.into(),
                phone_number_id: waba_sim::PHONE_NUMBER_ID.into(),
                api_version: "v26.0".into(),
                base_url: Some(sim.base_url()),
            })
            .await
            .expect("profile");
        console
            .set_token(SetTokenRequest {
                profile_id: profile.id.clone(),
                token: SANDBOX_TOKEN.into(),
                store_unverified: false,
            })
            .await
            .expect("token");
        Self {
            sim,
            console,
            profile,
            config,
            _dir: dir,
        }
    }

    // Used by doctor_bench only; burst_bench compiles this file too.
    #[allow(dead_code)]
    /// Another console on the same folder and keychain namespace, as a launch opens it: nothing
    /// cached, so its first command reads the token from the keychain.
    pub async fn fresh_console(&self) -> Console {
        Console::open(self.config.clone())
            .await
            .expect("console reopened")
    }

    /// Removes the token from the keychain.
    pub async fn finish(self) {
        self.console
            .clear_token(&self.profile.id)
            .await
            .expect("token removed");
    }
}
