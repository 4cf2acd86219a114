//! `waba subscribe`, `waba unsubscribe`, `waba subscriptions` and `waba webhook config`: the
//! WABA's webhook subscription of the profile's app, and the app's own webhook configuration
//! (callback, fields) read and set with the app secret stored by `waba app-secret set`.
//!
//! Exit codes: `subscriptions` and `webhook config` (showing) exit 1 when the app is not
//! subscribed to the WABA or a warning stands (no callback, `messages` missing); changes exit 0
//! once Meta accepted them, 2 when it refused.

use clap::Args;
use waba_core::secret::secret;
use waba_core::CommandError;
use waba_service::{AppWebhookConfig, CallbackRequest, Console, WabaSubscriptions};

use crate::{pick, render, to_json, Done, ProfileArg};

#[derive(Args)]
pub(crate) struct SubscribeArgs {
    /// Also set the WABA's own callback (Meta verifies it with a GET challenge first).
    #[arg(long, requires = "verify_token")]
    pub override_callback: Option<String>,
    /// The verify token the override callback expects in hub.verify_token (used only with
    /// --override-callback).
    #[arg(long, env = "WABA_VERIFY_TOKEN", hide_env_values = true)]
    pub verify_token: Option<String>,
    #[command(flatten)]
    pub profile: ProfileArg,
}

#[derive(Args)]
pub(crate) struct ConfigArgs {
    /// Set the app's callback URL (https; Meta verifies it with a GET challenge first).
    #[arg(long, requires = "verify_token")]
    pub callback: Option<String>,
    /// The verify token the callback expects in hub.verify_token (used only with --callback).
    #[arg(long, env = "WABA_VERIFY_TOKEN", hide_env_values = true)]
    pub verify_token: Option<String>,
    /// A field to deliver (repeatable; default messages). Meta adds them to those subscribed.
    #[arg(long = "field", requires = "callback")]
    pub fields: Vec<String>,
    /// Profile name or id (default: the active profile).
    #[arg(long)]
    pub profile: Option<String>,
}

fn waba_text(s: &WabaSubscriptions) -> String {
    let mut lines = vec![s.message.clone()];
    for app in &s.apps {
        let name = app.name.as_deref().unwrap_or("(no name)");
        let route = match &app.override_callback_uri {
            Some(url) => format!("override {url}"),
            None => "the app's callback".to_owned(),
        };
        lines.push(format!("  app {} {name}: {route}", app.app_id));
    }
    lines.join("\n")
}

fn app_text(c: &AppWebhookConfig) -> String {
    let mut lines = vec![match &c.callback_url {
        Some(url) => format!(
            "App {} webhook ({}): {url}{}",
            c.app_id,
            c.object,
            if c.active { "" } else { " (not active)" }
        ),
        None => format!("App {} has no {} webhook.", c.app_id, c.object),
    }];
    if !c.fields.is_empty() {
        let fields: Vec<String> = c
            .fields
            .iter()
            .map(|f| match &f.version {
                Some(v) => format!("{} ({v})", f.name),
                None => f.name.clone(),
            })
            .collect();
        lines.push(format!("  fields: {}", fields.join(", ")));
    }
    for warning in &c.warnings {
        lines.push(format!("  warning: {warning}"));
    }
    lines.join("\n")
}

pub(crate) async fn subscribe(
    console: &Console,
    args: SubscribeArgs,
) -> Result<Done, CommandError> {
    let profile = pick(console, args.profile.profile.as_deref()).await?;
    let over = match (args.override_callback, args.verify_token) {
        (Some(url), Some(token)) => Some(CallbackRequest {
            url,
            verify_token: secret(token),
        }),
        _ => None,
    };
    let answer = console.subscribe_app(&profile.id, over).await?;
    Ok(Done::ok(to_json(&answer), waba_text(&answer)))
}

pub(crate) async fn unsubscribe(console: &Console, arg: ProfileArg) -> Result<Done, CommandError> {
    let profile = pick(console, arg.profile.as_deref()).await?;
    let answer = console.unsubscribe_app(&profile.id).await?;
    Ok(Done::ok(to_json(&answer), waba_text(&answer)))
}

pub(crate) async fn overview(console: &Console, arg: ProfileArg) -> Result<Done, CommandError> {
    let profile = pick(console, arg.profile.as_deref()).await?;
    let answer = console.subscriptions_overview(&profile.id).await?;
    let mut text = waba_text(&answer.waba);
    let mut passed = answer.waba.subscribed;
    match (&answer.app, &answer.app_error) {
        (Some(app), _) => {
            passed &= app.warnings.is_empty();
            text.push('\n');
            text.push_str(&app_text(app));
        }
        (None, Some(error)) => {
            passed = false;
            text.push_str("\nThe app's webhook configuration could not be read:\n");
            text.push_str(&render::error(error));
        }
        (None, None) => text.push_str(
            "\nNo app secret is stored, so the app's webhook configuration is not read (waba app-secret set).",
        ),
    }
    Ok(Done {
        json: to_json(&answer),
        text,
        passed,
    })
}

pub(crate) async fn config(console: &Console, args: ConfigArgs) -> Result<Done, CommandError> {
    let profile = pick(console, args.profile.as_deref()).await?;
    let answer = match (args.callback, args.verify_token) {
        (Some(url), Some(token)) => {
            let fields = if args.fields.is_empty() {
                vec![waba_service::MESSAGES_FIELD.to_owned()]
            } else {
                args.fields
            };
            let callback = CallbackRequest {
                url,
                verify_token: secret(token),
            };
            let set = console
                .set_app_webhook_config(&profile.id, callback, &fields)
                .await?;
            return Ok(Done::ok(to_json(&set), app_text(&set)));
        }
        _ => console.app_webhook_config(&profile.id).await?,
    };
    Ok(Done {
        json: to_json(&answer),
        text: app_text(&answer),
        passed: answer.warnings.is_empty(),
    })
}
