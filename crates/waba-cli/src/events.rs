//! `waba app-secret set|clear`, `waba webhook serve` and `waba events list`: the local webhook
//! receiver without a window, writing to the console's database, and the events it stored.

use std::io::Write;

use clap::Subcommand;
use waba_core::receiver::{WebhookEventFilter, WebhookEventList};
use waba_core::secret::Secret;
use waba_core::CommandError;
use waba_service::Console;

use crate::{pick, read_secret, Done, ProfileArg};

#[derive(Subcommand)]
pub(crate) enum AppSecretCommand {
    /// Read the app secret (App Dashboard > App settings > Basic) from standard input (never an
    /// argument) and keep it in the OS keychain; the webhook receiver checks signatures with it.
    Set(ProfileArg),
    /// Remove the stored app secret.
    Clear(ProfileArg),
}

#[derive(Subcommand)]
pub(crate) enum EventsCommand {
    /// The webhook events the receiver stored, newest first.
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Only this kind (message.text, status.read, template.status, ...).
        #[arg(long)]
        kind: Option<String>,
        /// Only this Meta field (messages, message_template_status_update, ...).
        #[arg(long)]
        field: Option<String>,
    },
}

pub(crate) async fn app_secret(
    console: &Console,
    cmd: AppSecretCommand,
) -> Result<Done, CommandError> {
    match cmd {
        AppSecretCommand::Set(arg) => {
            let profile = pick(console, arg.profile.as_deref()).await?;
            let value = read_secret("the app secret")?;
            console.set_app_secret(&profile.id, &value).await?;
            Ok(Done::ok(
                serde_json::json!({ "stored": true }),
                format!(
                    "The app secret of \"{}\" is stored in the OS keychain.",
                    profile.name
                ),
            ))
        }
        AppSecretCommand::Clear(arg) => {
            let profile = pick(console, arg.profile.as_deref()).await?;
            let removed = console.clear_app_secret(&profile.id).await?;
            let text = if removed {
                format!(
                    "Removed the app secret of \"{}\" from the keychain.",
                    profile.name
                )
            } else {
                format!("\"{}\" had no app secret stored.", profile.name)
            };
            Ok(Done::ok(serde_json::json!({ "removed": removed }), text))
        }
    }
}

/// Resolves when the process is asked to stop: Ctrl-C (SIGINT) or SIGTERM.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// `waba webhook serve`: prints the URL it listens on (first line of standard output, as
/// `{"url": ...}` with `--json`), then serves until SIGINT or SIGTERM.
pub(crate) async fn serve(
    console: &Console,
    port: u16,
    verify_token: Option<Secret>,
    profile: Option<&str>,
    json: bool,
) -> Result<Done, CommandError> {
    let profile = pick(console, profile).await?;
    let has_verify_token = verify_token.is_some();
    let handle = console
        .start_webhook_receiver(&profile.id, port, verify_token)
        .await?;
    let url = handle.url();
    let info = serde_json::json!({ "url": url, "profile": profile.name });
    {
        let mut out = std::io::stdout().lock();
        let line = if json { info.to_string() } else { url.clone() };
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }
    eprintln!(
        "Webhook receiver for \"{}\" on {url}: signed POSTs (checked with the stored app secret) are stored before the 200. {} Expose the port with a tunnel of your choice (cloudflared, ngrok) and give Meta the tunnel's https URL with the path /webhook. Ctrl-C stops it.",
        profile.name,
        if has_verify_token {
            "Verification GETs are answered for the given verify token."
        } else {
            "No --verify-token was given, so Meta's verification GET is refused."
        }
    );
    stop_signal().await;
    handle.shutdown().await;
    Ok(Done::ok(info, "Webhook receiver stopped.".into()))
}

fn text(list: &WebhookEventList, filtered: bool) -> String {
    if list.events.is_empty() && filtered {
        return "No stored webhook event matches --kind/--field.".into();
    }
    if list.events.is_empty() {
        return "No webhook events stored yet. Run the receiver: waba webhook serve --port N"
            .into();
    }
    let field_width = list.events.iter().map(|e| e.field.len()).max().unwrap_or(0);
    let kind_width = list.events.iter().map(|e| e.kind.len()).max().unwrap_or(0);
    let mut lines: Vec<String> = list
        .events
        .iter()
        .map(|e| {
            format!(
                "{}  {:<field_width$}  {:<kind_width$}  {}",
                e.received_at, e.field, e.kind, e.summary
            )
        })
        .collect();
    if list.total > list.events.len() as u64 {
        lines.push(format!(
            "({} of {} shown; --limit N shows more)",
            list.events.len(),
            list.total
        ));
    }
    lines.join("\n")
}

pub(crate) async fn events(console: &Console, cmd: EventsCommand) -> Result<Done, CommandError> {
    let EventsCommand::List { limit, kind, field } = cmd;
    let filtered = kind.is_some() || field.is_some();
    let filter = WebhookEventFilter {
        kind,
        field,
        limit,
        ..WebhookEventFilter::default()
    };
    let list = console.webhook_events(&filter).await?;
    Ok(Done::ok(
        serde_json::to_value(&list).unwrap_or_default(),
        text(&list, filtered),
    ))
}
