//! `waba webhook parse`: one webhook body on standard input, its events on standard output
//! (`waba_core::webhook`). Pure: it opens no database and no keychain, and needs no profile.
//! (`waba webhook serve` is in `events`; `waba webhook config`, `routing` and `override` are in
//! `subscriptions`.)
//!
//! Exit codes: 0 the body was read (even with no events); 1 it is not a webhook body (why on
//! standard error, and as `{"error": ...}` on standard output with `--json`); 2 standard input
//! could not be read.
//!
//! `waba webhook probe URL --verify-token T`: the console calls the URL as Meta does
//! (`Console::probe_webhook`) and prints one line per step, then the fixes; exit 0 when Meta
//! would accept the endpoint, 1 when not, 2 when the probe could not run (a bad URL, no profile).

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use waba_core::probe::{ProbeReport, ProbeRequest, ProbeState};
use waba_core::secret::Secret;
use waba_core::webhook::{parse_body, WebhookEvent, MAX_BODY_BYTES};
use waba_core::{CommandError, ErrorCode};
use waba_service::Console;

use crate::{pick, render, to_json, Done};

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
        #[arg(long, env = "WABA_VERIFY_TOKEN", hide_env_values = true, value_parser = crate::secret_arg)]
        verify_token: Option<Secret>,
        /// Profile name or id whose app secret checks signatures (default: the active profile).
        #[arg(long)]
        profile: Option<String>,
    },
    /// The app's webhook configuration (GET /{app-id}/subscriptions with the app access token
    /// built from the stored app secret); with --callback and --verify-token, set it
    /// (POST /{app-id}/subscriptions). Showing exits 1 when a warning stands.
    Config(crate::subscriptions::ConfigArgs),
    /// Which callback a number's webhooks go to: the number's override, the WABA's override and
    /// the app's callback side by side, the one Meta uses (the most specific) and why. Exit 1
    /// when nothing would be delivered.
    Routing(crate::subscriptions::RoutingArgs),
    /// Set or clear a WABA or number override callback, in the order Meta requires.
    #[command(subcommand)]
    Override(crate::subscriptions::OverrideCommand),
    /// Call URL as Meta does (HTTPS, certificate, the verification GET, a wrong verify token, a
    /// signed and a forged messages event, no redirects followed) and explain each result. Exit 1
    /// when Meta would not accept the endpoint.
    Probe(ProbeArgs),
}

#[derive(Args)]
pub(crate) struct ProbeArgs {
    /// The callback URL Meta is to call, e.g. https://example.com/webhook.
    url: String,
    /// The verify token the endpoint expects in hub.verify_token.
    #[arg(long, env = "WABA_VERIFY_TOKEN", hide_env_values = true, value_parser = crate::secret_arg)]
    verify_token: Secret,
    /// Profile name or id whose app secret signs the test events (default: the active profile).
    #[arg(long)]
    profile: Option<String>,
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

/// One line per step (its state and what happened), then what to fix, then the verdict.
fn probe_text(report: &ProbeReport) -> String {
    let state = |s: ProbeState| match s {
        ProbeState::Pass => "pass",
        ProbeState::Warn => "warn",
        ProbeState::Fail => "FAIL",
        ProbeState::Skipped => "skipped",
    };
    let width = report
        .steps
        .iter()
        .map(|s| s.title.len())
        .max()
        .unwrap_or(0);
    let mut lines = vec![format!(
        "Probe of {} at {}",
        report.callback_url, report.checked_at
    )];
    for step in &report.steps {
        lines.push(format!(
            "  {:<7}  {:<width$}  {}",
            state(step.state),
            step.title,
            step.summary
        ));
    }
    let fixes: Vec<String> = report
        .steps
        .iter()
        .filter_map(|s| s.fix.as_ref().map(|fix| format!("  {}: {fix}", s.title)))
        .collect();
    if !fixes.is_empty() {
        lines.push("Fix:".into());
        lines.extend(fixes);
    }
    lines.push(report.summary.clone());
    lines.join("\n")
}

/// `waba webhook probe URL --verify-token T`: the report, exit 1 when it did not pass.
pub(crate) async fn probe(console: &Console, args: ProbeArgs) -> Result<Done, CommandError> {
    let profile = pick(console, args.profile.as_deref()).await?;
    let report = console
        .probe_webhook(&ProbeRequest {
            profile_id: profile.id,
            callback_url: args.url,
            verify_token: args.verify_token,
        })
        .await?;
    Ok(Done {
        text: probe_text(&report),
        passed: report.passed,
        json: to_json(&report),
    })
}
