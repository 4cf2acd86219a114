//! `waba subscribe`, `waba unsubscribe`, `waba subscriptions`, `waba webhook config`,
//! `waba webhook routing` and `waba webhook override set|clear`: the WABA's webhook subscription
//! of the profile's app, the app's own webhook configuration (callback, fields) read and set with
//! the app secret stored by `waba app-secret set`, and which callback a number's webhooks go to
//! (the number's override, the WABA's, the app's) with the overrides set and cleared.
//!
//! Exit codes: `subscriptions` and `webhook config` (showing) exit 1 when the app is not
//! subscribed to the WABA or a warning stands (no callback, `messages` missing); `webhook
//! routing` exits 1 when nothing would be delivered (not subscribed, or no callback at any
//! level); changes exit 0 once Meta accepted them, 2 when it refused.

use clap::{Args, Subcommand, ValueEnum};
use waba_core::secret::Secret;
use waba_core::subscriptions::{CallbackLevel, WebhookRouting};
use waba_core::{CommandError, FieldError};
use waba_service::{AppWebhookConfig, CallbackOverride, Console, WabaSubscriptions};

use crate::{pick, render, to_json, Done, ProfileArg};

#[derive(Args)]
pub(crate) struct SubscribeArgs {
    /// Also set the WABA's own callback (Meta verifies it with a GET challenge first).
    #[arg(long, requires = "verify_token")]
    pub override_callback: Option<String>,
    /// The verify token the override callback expects in hub.verify_token (used only with
    /// --override-callback).
    #[arg(long, env = "WABA_VERIFY_TOKEN", hide_env_values = true, value_parser = crate::secret_arg)]
    pub verify_token: Option<Secret>,
    #[command(flatten)]
    pub profile: ProfileArg,
}

#[derive(Args)]
pub(crate) struct ConfigArgs {
    /// Set the app's callback URL (https; Meta verifies it with a GET challenge first).
    #[arg(long, requires = "verify_token")]
    pub callback: Option<String>,
    /// The verify token the callback expects in hub.verify_token (used only with --callback).
    #[arg(long, env = "WABA_VERIFY_TOKEN", hide_env_values = true, value_parser = crate::secret_arg)]
    pub verify_token: Option<Secret>,
    /// A field to deliver (repeatable; default messages). Meta adds them to those subscribed.
    #[arg(long = "field", requires = "callback")]
    pub fields: Vec<String>,
    /// Profile name or id (default: the active profile).
    #[arg(long)]
    pub profile: Option<String>,
}

#[derive(Args)]
pub(crate) struct RoutingArgs {
    /// The phone number ID (default: the profile's number).
    #[arg(long)]
    pub number: Option<String>,
    #[command(flatten)]
    pub profile: ProfileArg,
}

/// Where an override is set.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OverrideLevel {
    /// The WABA's override_callback_uri, for all its numbers (set by subscribing with it).
    Waba,
    /// One number's own callback (POST /{phone-number-id} webhook_configuration).
    Number,
}

#[derive(Subcommand)]
pub(crate) enum OverrideCommand {
    /// Set an override callback (Meta verifies it with a GET challenge first, and takes one only
    /// once the app is subscribed to the WABA). Prints the number's routing.
    Set(OverrideSetArgs),
    /// Clear an override: the number's falls back to the WABA's, the WABA's to the app's
    /// callback. Clear the number's before the WABA's. Prints the number's routing.
    Clear(OverrideClearArgs),
}

#[derive(Args)]
pub(crate) struct OverrideSetArgs {
    #[arg(long, value_enum)]
    pub level: OverrideLevel,
    /// The callback URL (https; Meta verifies it with a GET challenge first).
    #[arg(long)]
    pub callback: String,
    /// The verify token the callback expects in hub.verify_token.
    #[arg(long, env = "WABA_VERIFY_TOKEN", hide_env_values = true, value_parser = crate::secret_arg)]
    pub verify_token: Secret,
    /// The phone number ID, with --level number (default: the profile's number).
    #[arg(long)]
    pub number: Option<String>,
    #[command(flatten)]
    pub profile: ProfileArg,
}

#[derive(Args)]
pub(crate) struct OverrideClearArgs {
    #[arg(long, value_enum)]
    pub level: OverrideLevel,
    /// The phone number ID, with --level number (default: the profile's number).
    #[arg(long)]
    pub number: Option<String>,
    #[command(flatten)]
    pub profile: ProfileArg,
}

fn routing_text(r: &WebhookRouting) -> String {
    let used = |level: CallbackLevel| {
        if r.winner == Some(level) && r.subscribed {
            "  <- used"
        } else {
            ""
        }
    };
    let line = |label: &str, url: &Option<String>, level: CallbackLevel| {
        format!(
            "  {label:<16} {}{}",
            url.as_deref().unwrap_or("(none)"),
            if url.is_some() { used(level) } else { "" }
        )
    };
    [
        format!(
            "Number {} of WABA {} ({}):",
            r.phone_number_id,
            r.waba_id,
            if r.subscribed {
                "app subscribed"
            } else {
                "app not subscribed"
            }
        ),
        line("number override", &r.number_override, CallbackLevel::Number),
        line("WABA override", &r.waba_override, CallbackLevel::Waba),
        line("app callback", &r.app_callback, CallbackLevel::App),
        r.explanation.clone(),
        r.order_note.clone(),
    ]
    .join("\n")
}

fn routing_done(routing: WebhookRouting) -> Done {
    Done {
        json: to_json(&routing),
        text: routing_text(&routing),
        passed: routing.subscribed && routing.winner.is_some(),
    }
}

/// `--number` names a number; the WABA's override covers all of them.
fn number_for(
    level: OverrideLevel,
    number: Option<String>,
) -> Result<Option<String>, CommandError> {
    match (level, number) {
        (OverrideLevel::Waba, Some(_)) => Err(CommandError::invalid_fields(vec![FieldError::new(
            "number",
            "--number goes with --level number only: the WABA's override applies to all of its numbers.",
        )])),
        (_, number) => Ok(number),
    }
}

pub(crate) async fn routing(console: &Console, args: RoutingArgs) -> Result<Done, CommandError> {
    let profile = pick(console, args.profile.profile.as_deref()).await?;
    let routing = console
        .webhook_routing(&profile.id, args.number.as_deref())
        .await?;
    Ok(routing_done(routing))
}

pub(crate) async fn set_override(
    console: &Console,
    args: OverrideSetArgs,
) -> Result<Done, CommandError> {
    let profile = pick(console, args.profile.profile.as_deref()).await?;
    let number = number_for(args.level, args.number)?;
    let callback = CallbackOverride {
        url: args.callback,
        verify_token: args.verify_token,
    };
    let routing = match args.level {
        OverrideLevel::Waba => console.set_waba_override(&profile.id, callback).await?,
        OverrideLevel::Number => {
            console
                .set_number_override(&profile.id, number.as_deref(), callback)
                .await?
        }
    };
    Ok(Done {
        passed: true,
        ..routing_done(routing)
    })
}

pub(crate) async fn clear_override(
    console: &Console,
    args: OverrideClearArgs,
) -> Result<Done, CommandError> {
    let profile = pick(console, args.profile.profile.as_deref()).await?;
    let number = number_for(args.level, args.number)?;
    let routing = match args.level {
        OverrideLevel::Waba => console.clear_waba_override(&profile.id).await?,
        OverrideLevel::Number => {
            console
                .clear_number_override(&profile.id, number.as_deref())
                .await?
        }
    };
    Ok(Done {
        passed: true,
        ..routing_done(routing)
    })
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
        (Some(url), Some(token)) => Some(CallbackOverride {
            url,
            verify_token: token,
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
    match (&answer.routing, &answer.routing_error) {
        (Some(routing), _) => {
            text.push('\n');
            text.push_str(&routing_text(routing));
        }
        (None, Some(error)) => {
            text.push_str("\nThe number's webhook routing could not be read:\n");
            text.push_str(&render::error(error));
        }
        (None, None) => {}
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
            let callback = CallbackOverride {
                url,
                verify_token: token,
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
