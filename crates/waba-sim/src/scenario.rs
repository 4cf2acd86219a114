//! Named starting states for the sandbox. A scenario picks the token's properties and the
//! account's setup stage, so the console can be shown each situation an admin meets on Meta.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use secrecy::SecretString;

/// Which world the sandbox starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// A number added to the WABA but neither verified nor registered; webhooks not subscribed;
    /// the business portfolio not verified (a 250-template limit); the only template is the
    /// approved `hello_world` sample Meta gives every new WABA.
    Fresh,
    /// Everything set up: never-expiring system-user token, number connected, webhooks subscribed,
    /// a verified business (6,000 templates), and templates in several states: approved
    /// (`hello_world`, `order_update` in en_US and es, `appointment_reminder` with messages still
    /// being delivered), rejected (`spring_sale`, INVALID_FORMAT), paused (`winter_promo`) and
    /// disabled (`flash_deal`). The other scenarios have the same WABA and templates.
    Healthy,
    /// The system-user token expired yesterday; every call answers 190/463.
    ExpiredToken,
    /// A personal USER token that expires 24 h after start; the account is healthy.
    UserToken,
    /// A system-user token without `whatsapp_business_messaging`; the account is healthy.
    MissingScope,
    /// Healthy, but the profile number's quality rating is RED. It stays `CONNECTED` with its
    /// portfolio's messaging limit: since 7 Oct 2025 a number cannot be `FLAGGED` and a falling
    /// rating does not lower the limit. Replaces the retired `flagged` scenario.
    RedQuality,
    /// Healthy, but the profile number's quality rating is YELLOW.
    Yellow,
    /// The profile number is verified and PIN-protected but unregistered, and every `/register`
    /// fails with 100/2388001, a number-migration error (confirm ownership, or turn two-step
    /// verification off at the source).
    RegisterFails,
}

impl Scenario {
    /// Every scenario, in the order a UI should list them.
    pub const ALL: [Scenario; 8] = [
        Scenario::Fresh,
        Scenario::Healthy,
        Scenario::ExpiredToken,
        Scenario::UserToken,
        Scenario::MissingScope,
        Scenario::RedQuality,
        Scenario::Yellow,
        Scenario::RegisterFails,
    ];

    /// Stable kebab-case name (used on the command line and in the control API).
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Fresh => "fresh",
            Scenario::Healthy => "healthy",
            Scenario::ExpiredToken => "expired-token",
            Scenario::UserToken => "user-token",
            Scenario::MissingScope => "missing-scope",
            Scenario::RedQuality => "red-quality",
            Scenario::Yellow => "yellow",
            Scenario::RegisterFails => "register-fails",
        }
    }

    /// One sentence describing the scenario, for a dropdown.
    pub fn summary(self) -> &'static str {
        match self {
            Scenario::Fresh => {
                "Number added to the WABA but not yet verified or registered; webhooks not subscribed; only Meta's hello_world sample template."
            }
            Scenario::Healthy => {
                "Fully set up: never-expiring system-user token, number connected, webhooks subscribed; templates approved, rejected, paused and disabled."
            }
            Scenario::ExpiredToken => {
                "The system-user token expired yesterday, so every Graph call fails with 190/463."
            }
            Scenario::UserToken => {
                "A personal USER token that expires in 24 hours; the account itself is healthy."
            }
            Scenario::MissingScope => {
                "A system-user token lacking whatsapp_business_messaging; the account is healthy."
            }
            Scenario::RedQuality => {
                "Fully set up, but the number's quality rating is RED; it stays CONNECTED and keeps its portfolio's messaging limit (numbers are no longer FLAGGED)."
            }
            Scenario::Yellow => {
                "Fully set up, but the number's quality rating has dropped to YELLOW."
            }
            Scenario::RegisterFails => {
                "The number is verified with a PIN set, but registering fails with 2388001, a number-migration error (confirm ownership, or turn two-step verification off at the source)."
            }
        }
    }

    /// Names of retired scenarios and what they became, so an old database (or script) that
    /// names one still works: `flagged` showed a `FLAGGED` number, a state Meta retired on
    /// 7 Oct 2025; its RED-quality number is now `red-quality`.
    pub const RETIRED: [(&'static str, Scenario); 1] = [("flagged", Scenario::RedQuality)];

    /// Parses a scenario name (case-insensitive), retired names included; the error lists the
    /// valid names.
    pub fn parse(s: &str) -> Result<Scenario, String> {
        let wanted = s.trim();
        Scenario::ALL
            .into_iter()
            .find(|scenario| scenario.name().eq_ignore_ascii_case(wanted))
            .or_else(|| {
                Scenario::RETIRED
                    .into_iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
                    .map(|(_, scenario)| scenario)
            })
            .ok_or_else(|| {
                let names: Vec<&str> = Scenario::ALL.iter().map(|s| s.name()).collect();
                format!(
                    "unknown scenario \"{wanted}\"; valid scenarios: {}",
                    names.join(", ")
                )
            })
    }
}

impl FromStr for Scenario {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scenario::parse(s)
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How to start a sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Starting world.
    pub scenario: Scenario,
    /// Latency added to every Graph call from the start (changeable later through `Faults`).
    pub latency: Duration,
    /// How long a registered number reads `PENDING` before `CONNECTED`, in sim-clock time
    /// (changeable later with `set_provisioning_delay` or `POST /__sandbox/provisioning`).
    pub provisioning_delay: Duration,
    /// What every control `POST`/`DELETE` must send in [`crate::CONTROL_SECRET_HEADER`]. The
    /// default is a fresh random one ([`crate::random_control_secret`]); `Debug` redacts it.
    pub control_secret: SecretString,
    /// How the webhook emitter retries a POST its callback did not take (real-clock time;
    /// default 1 s doubling to 60 s, 8 attempts, 10 s per POST). Tests shorten it.
    pub webhook_retry: crate::WebhookRetry,
    /// The send limits of every number: 80 messages per second (throughput, 130429 past it)
    /// and one message per 6 s to the same recipient with a burst of 45 (the pair limit,
    /// 131056), on the real clock. Changeable later with `SandboxHandle::set_message_limits` or
    /// `POST /__sandbox/limits`.
    pub message_limits: crate::MessageLimits,
    /// Tokens accepted besides [`crate::SANDBOX_TOKEN`], each exactly like it (same type, grants
    /// and expiry in every scenario), so a test can walk a distinctive token of its own (a
    /// canary) through a real session and search for it afterwards. `Debug` redacts them.
    pub extra_tokens: Vec<SecretString>,
    /// The app secret the sandbox signs its webhooks with and accepts in its app access token
    /// `{APP_ID}|{app_secret}`; the public [`crate::SANDBOX_APP_SECRET`] by default. A test that
    /// sets its own must store that same secret in the console for the webhooks to verify.
    pub app_secret: SecretString,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            scenario: Scenario::Healthy,
            latency: Duration::ZERO,
            provisioning_delay: crate::DEFAULT_PROVISIONING_DELAY,
            control_secret: crate::random_control_secret(),
            webhook_retry: crate::WebhookRetry::default(),
            message_limits: crate::MessageLimits::default(),
            extra_tokens: Vec::new(),
            app_secret: SecretString::from(crate::SANDBOX_APP_SECRET),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for scenario in Scenario::ALL {
            assert_eq!(Scenario::parse(scenario.name()), Ok(scenario));
            assert_eq!(scenario.to_string().parse::<Scenario>(), Ok(scenario));
            assert!(!scenario.summary().is_empty());
        }
        assert_eq!(
            Scenario::parse(" Expired-Token "),
            Ok(Scenario::ExpiredToken)
        );
    }

    #[test]
    fn default_configs_get_distinct_secrets_that_debug_hides() {
        use secrecy::ExposeSecret;
        let (a, b) = (SandboxConfig::default(), SandboxConfig::default());
        assert_ne!(
            a.control_secret.expose_secret(),
            b.control_secret.expose_secret()
        );
        let printed = format!("{a:?}");
        assert!(
            !printed.contains(a.control_secret.expose_secret()),
            "{printed}"
        );
    }

    #[test]
    fn the_retired_flagged_scenario_reads_as_red_quality() {
        assert_eq!(Scenario::parse("flagged"), Ok(Scenario::RedQuality));
        assert_eq!(Scenario::parse(" Flagged "), Ok(Scenario::RedQuality));
        assert_eq!(Scenario::RedQuality.name(), "red-quality");
        assert!(Scenario::ALL.iter().all(|s| s.name() != "flagged"));
        assert!(!Scenario::parse("nope").unwrap_err().contains("flagged"));
    }

    #[test]
    fn unknown_name_lists_valid_ones() {
        let err = Scenario::parse("broken").unwrap_err();
        assert!(err.contains("broken"), "{err}");
        for scenario in Scenario::ALL {
            assert!(err.contains(scenario.name()), "{err}");
        }
    }
}
