//! The console's use cases, shared by the desktop app (`src-tauri`) and the `waba` CLI.
//!
//! Each public method of [`Console`] is one thing an admin does (add a profile, save a token,
//! read the checklist). It validates input with `waba-core`, talks to the store, the keychain and
//! the Graph client, records the action in the audit log, and returns either a contract type or a
//! [`CommandError`]. The GUI's commands and the CLI's subcommands are thin calls into it, so the
//! two front ends cannot drift apart.

mod app_secret;
mod audit_key;
mod burst;
mod business_profile;
mod console;
mod diagnose;
mod doctor;
mod errors;
mod export;
mod graph_calls;
mod media;
mod message_log;
mod numbers;
mod probe;
mod profile_photo;
mod sandbox;
mod sender;
mod sends;
mod subscriptions;
mod templates;
mod token_check;
mod tokens;
mod webhook_events;

pub use business_profile::check_profile_photo;
pub use console::{Console, ConsoleConfig};
pub use media::{LinkFetcher, LinkFetcherBuilder};
pub use numbers::Provisioning;
pub use probe::ProbeOptions;
pub use profile_photo::PhotoSet;
pub use sandbox::SandboxSecrets;
pub use sender::DEFAULT_SEND_LIMITS;
pub use subscriptions::{
    AppWebhookConfig, CallbackOverride, SubscribedAppInfo, SubscriptionsOverview,
    WabaSubscriptions, WebhookField, MESSAGES_FIELD, WEBHOOK_OBJECT,
};
pub use waba_core::CommandError;
pub use waba_receiver::ReceiverHandle;
pub use webhook_events::MAX_EVENTS_LISTED;
