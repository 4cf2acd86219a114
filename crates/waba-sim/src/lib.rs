//! The sandbox: a simulated Meta Graph API (WhatsApp Cloud API) served by a real HTTP server on
//! 127.0.0.1, so the console, its CLI and the workspace tests can exercise every Graph code path
//! (auth failures, paging, field selection, injected faults) without touching Meta.
//!
//! Start one with [`Sandbox::start`]; point a Graph client at [`Sandbox::base_url`] with
//! [`SANDBOX_TOKEN`]. Behaviour follows `graph-api-facts.md` (the shared reference), not the seed
//! notes. Its numbers send messages as Meta's do (`messages`: Meta's validation and codes, then
//! status webhooks on the sim clock), within Meta's send limits ([`MessageLimits`]), to
//! recipients whose behaviour the control API scripts ([`TEST_RECIPIENTS`] are the test
//! numbers' allow list), with uploaded media (`media`). A control API under `/__sandbox` lets out-of-process drivers inject faults, move the
//! clock, set the template review delay, seed templates, read the request counts and drive the webhook emitter (`/__sandbox/webhooks`:
//! signed events to the subscribed callback, with retries, counts and faults); its `POST`s and `DELETE`s need `Content-Type:
//! application/json` and the sandbox's per-run secret in [`CONTROL_SECRET_HEADER`]
//! ([`Sandbox::control_secret`]), so a web page that finds the port cannot drive it.
//!
//! Tests that walk a secret of their own through a session (a canary, searched for afterwards)
//! give the sandbox that secret: [`SandboxConfig::extra_tokens`] are accepted exactly like
//! [`SANDBOX_TOKEN`], and [`SandboxConfig::app_secret`] replaces [`SANDBOX_APP_SECRET`] for the
//! webhook signatures and the app access token. The console's embedded sandbox reads them from
//! [`EXTRA_TOKENS_ENV`] and [`APP_SECRET_ENV`].

mod automation;
mod business_profile;
mod clock;
mod control;
mod display_name;
mod emitter;
mod envelope;
mod faults;
mod limits;
mod media;
mod messages;
mod nodes;
mod paging;
mod recipients;
mod registration;
mod requests;
mod routes;
mod scenario;
mod server;
mod state;
mod subscriptions;
mod templates;
mod token;
mod uploads;
mod usage;
mod world;

pub use clock::SimClock;
pub use emitter::WebhookRetry;
pub use faults::Faults;
pub use limits::MessageLimits;
pub use recipients::TEST_RECIPIENTS;
pub use requests::{RequestStats, Requests, DEFAULT_HOLD_TIMEOUT, MAX_HOLD_TIMEOUT};
pub use scenario::{SandboxConfig, Scenario};
pub use secrecy::{ExposeSecret, SecretString};
pub use server::{Sandbox, SandboxHandle};

/// The one access token the sandbox issues. Public test data: it opens nothing but the sandbox.
pub const SANDBOX_TOKEN: &str = "EAAWsandboxTokenForWabaConsoleTestsOnly";
/// The sandbox app's secret. Public test data like [`SANDBOX_TOKEN`]: the app access token
/// `{APP_ID}|{SANDBOX_APP_SECRET}` opens only the sandbox's `/{app-id}/subscriptions`.
pub const SANDBOX_APP_SECRET: &str = "5f4dcc3b5aa765d61d8327deb882cf99";
/// The Meta app that owns [`SANDBOX_TOKEN`] (the app ID from Meta's own debug_token example).
pub const APP_ID: &str = "634974688087057";
/// Display name of the sandbox app (`application` in debug_token, `name` in subscribed_apps).
pub const APP_NAME: &str = "WABA Console Sandbox";
/// The sandbox's WhatsApp Business Account.
pub const WABA_ID: &str = "102290129340398";
/// The profile's phone number (the one the scenarios put in different states).
pub const PHONE_NUMBER_ID: &str = "106540352242922";
/// Every phone number in the sandbox WABA, in the order `phone_numbers` lists them.
pub const PHONE_NUMBER_IDS: [&str; 3] = [PHONE_NUMBER_ID, "106853218861309", "110544395163118"];

/// The verification code `request_code` "sends" in the sandbox; `verify_code` accepts only this.
pub const VERIFICATION_CODE: &str = "123456";
/// The two-step verification PIN of every number the scenarios seed with a PIN (the connected
/// numbers, and the profile number of `register-fails`). `fresh` numbers have no PIN.
pub const SANDBOX_PIN: &str = "246810";
/// How long a number reads `status: PENDING` after a successful `/register` before it reads
/// `CONNECTED` (sim-clock time). Change it per sandbox with [`SandboxConfig::provisioning_delay`],
/// [`SandboxHandle::set_provisioning_delay`] or `POST /__sandbox/provisioning`.
pub const DEFAULT_PROVISIONING_DELAY: std::time::Duration = std::time::Duration::from_secs(3);

/// How long a submitted or edited message template reads `status: PENDING` before the sandbox's
/// reviewer decides (sim-clock time). Change it with [`SandboxHandle::set_template_review_delay`]
/// or `POST /__sandbox/templates/review`; zero decides at once.
pub const DEFAULT_TEMPLATE_REVIEW_DELAY: std::time::Duration = std::time::Duration::from_secs(60);

/// The header every control `POST`/`DELETE` must carry, holding the sandbox's control secret.
pub const CONTROL_SECRET_HEADER: &str = "X-Sandbox-Secret";
/// The environment variable the embedded sandbox and `waba sim` take their control secret from
/// when it is set (otherwise each run makes a fresh random one).
pub const CONTROL_SECRET_ENV: &str = "WABA_SIM_CONTROL_SECRET";
/// The environment variable the embedded sandbox takes [`SandboxConfig::extra_tokens`] from:
/// tokens separated by commas, each accepted like [`SANDBOX_TOKEN`] (tests that search for a
/// canary token of their own). Never logged.
pub const EXTRA_TOKENS_ENV: &str = "WABA_SIM_EXTRA_TOKENS";
/// The environment variable the embedded sandbox takes [`SandboxConfig::app_secret`] from (tests
/// that search for a canary app secret). The sandbox signs its webhooks with it instead of
/// [`SANDBOX_APP_SECRET`], so only a console that stores it verifies them; `sandbox_info` keeps
/// offering the public sample, which such a sandbox does not use. Never logged.
pub const APP_SECRET_ENV: &str = "WABA_SIM_APP_SECRET";

/// A fresh control secret: 32 bytes from the OS's random source, as 64 hex digits.
pub fn random_control_secret() -> SecretString {
    let mut bytes = [0u8; 32];
    // Without an OS random source nothing secret can be made; the sandbox must not start open.
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    bytes.fill(0);
    SecretString::from(hex)
}

/// Locks a mutex, recovering the data if a previous holder panicked (the sandbox state stays
/// usable; a poisoned lock must not take the whole server down).
fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
