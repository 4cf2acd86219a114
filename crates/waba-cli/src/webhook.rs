//! `waba webhook parse`: one webhook body on standard input, its events on standard output
//! (`waba_core::webhook`). Pure: it opens no database and no keychain, and needs no profile.
//! (`waba webhook serve` is in `events`, `waba webhook config` in `subscriptions`.)
//!
//! Exit codes: 0 the body was read (even with no events); 1 it is not a webhook body (why on
//! standard error, and as `{"error": ...}` on standard output with `--json`); 2 standard input
//! could not be read.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::Subcommand;
use waba_core::webhook::{parse_body, WebhookEvent, MAX_BODY_BYTES};
use waba_core::{CommandError, ErrorCode};

use crate::render;

#[derive(Subcommand)]
pub(crate) enum WebhookCommand {
    /// Read one webhook body (Meta's JSON envelope) on standard input and print its events:
    /// each with Meta's field, the console's kind and the essentials. Exit 1 when the input is
    /// not a webhook body.
    Parse,
    /// Run the local webhook receiver on 127.0.0.1 (path /webhook) until Ctrl-C or SIGTERM:
    /// signed POSTs are checked with the profile's stored app secret and their events stored in
    /// the console's database before the 200. Prints the URL it listens on.
    Serve {
        /// 0 picks a free port.
        #[arg(long)]
        port: u16,
        /// The verify token Meta's verification GET must carry (without it, every GET is refused).
        #[arg(long, env = "WABA_VERIFY_TOKEN", hide_env_values = true)]
        verify_token: Option<String>,
        /// Profile name or id whose app secret checks signatures (default: the active profile).
        #[arg(long)]
        profile: Option<String>,
    },
    /// The app's webhook configuration (GET /{app-id}/subscriptions with the app access token
    /// built from the stored app secret); with --callback and --verify-token, set it
    /// (POST /{app-id}/subscriptions). Showing exits 1 when a warning stands.
    Config(crate::subscriptions::ConfigArgs),
}

/// One line per event: field, kind, then the essentials in plain words.
fn text(events: &[WebhookEvent]) -> String {
    if events.is_empty() {
        return "No events: the body's entry list has no changes.".into();
    }
    let width = events.iter().map(|e| e.field.len()).max().unwrap_or(0);
    let kind_width = events.iter().map(|e| e.kind.len()).max().unwrap_or(0);
    events
        .iter()
        .map(|e| {
            format!(
                "{:<width$}  {:<kind_width$}  {}",
                e.field, e.kind, e.summary
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn fail(error: &CommandError, json: bool, code: u8) -> ExitCode {
    eprintln!("{}", render::error(error));
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "error": error }))
                .unwrap_or_default()
        );
    }
    ExitCode::from(code)
}

/// Runs `waba webhook parse` without the console (`serve` runs with it, from `main`).
pub(crate) fn run(json: bool) -> ExitCode {
    let mut body = Vec::new();
    if let Err(e) = std::io::stdin()
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut body)
    {
        let error = CommandError::new(
            ErrorCode::InvalidInput,
            format!("Could not read standard input: {e}."),
        );
        return fail(&error, json, 2);
    }
    let events = match parse_body(&body) {
        Ok(events) => events,
        Err(e) => {
            let error = CommandError::new(ErrorCode::InvalidInput, e.to_string()).with_action(
                "Give the body of one webhook POST as Meta sent it, e.g. waba webhook parse < body.json",
            );
            return fail(&error, json, 1);
        }
    };
    let out = if json {
        serde_json::to_string_pretty(&events).unwrap_or_default()
    } else {
        text(&events)
    };
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{out}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}
