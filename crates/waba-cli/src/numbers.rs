//! `waba numbers` and `waba number …`: the registration flow from a terminal, with the same rails
//! as the window (the attempt budget, `--yes` past 7, no automatic retries).

use std::time::Duration;

use waba_core::numbers::{AttemptKind, CodeMethod, IdField, NumberHealth, PollSchedule};
use waba_core::profile::Profile;
use waba_core::{CommandError, ErrorCode};
use waba_service::{Console, Provisioning};

use crate::{pick, read_secret, render, to_json, Done, NumberArg, NumberCommand};

async fn target(console: &Console, arg: &NumberArg) -> Result<(Profile, String), CommandError> {
    let profile = pick(console, arg.profile.as_deref()).await?;
    let number = arg
        .number
        .clone()
        .unwrap_or_else(|| profile.phone_number_id.clone());
    Ok((profile, number))
}

pub(crate) async fn run(console: &Console, cmd: NumberCommand) -> Result<Done, CommandError> {
    match cmd {
        NumberCommand::Show(arg) => {
            let (profile, number) = target(console, &arg).await?;
            let health = console.number(&profile.id, Some(&number)).await?;
            let budget = console
                .attempt_budget(&number, AttemptKind::Register)
                .await?;
            Ok(Done::ok(
                to_json(&health),
                format!("{}\n{}", render::health(&health), budget.sentence()),
            ))
        }
        NumberCommand::SetPin {
            target: arg,
            remember,
        } => {
            let (profile, number) = target(console, &arg).await?;
            let pin = read_secret("the six-digit 2FA PIN")?;
            console
                .set_pin(&profile.id, &number, &pin, remember)
                .await?;
            Ok(Done::ok(serde_json::json!({ "pinSet": number }), format!("2FA PIN set for {number}. The API can replace it later but cannot turn 2FA off (WhatsApp Manager does).")))
        }
        NumberCommand::RequestCode {
            target: arg,
            method,
            language,
        } => {
            let (profile, number) = target(console, &arg).await?;
            let method = if method == "voice" {
                CodeMethod::Voice
            } else {
                CodeMethod::Sms
            };
            console
                .request_code(&profile.id, &number, method, &language)
                .await?;
            Ok(Done::ok(serde_json::json!({ "requested": number }), format!("Meta is sending a code by {} to {number}. Enter it with: waba number verify-code CODE", method.as_graph())))
        }
        NumberCommand::VerifyCode { code, target: arg } => {
            let (profile, number) = target(console, &arg).await?;
            console.verify_code(&profile.id, &number, &code).await?;
            Ok(Done::ok(
                serde_json::json!({ "verified": number }),
                format!("Ownership of {number} verified (valid 14 days)."),
            ))
        }
        NumberCommand::Register {
            target: arg,
            region,
            yes,
            kept_pin,
            no_wait,
            wait_secs,
        } => {
            let (profile, number) = target(console, &arg).await?;
            let before = console
                .attempt_budget(&number, AttemptKind::Register)
                .await?;
            eprintln!("{} before this call.", before.sentence());
            let pin = if kept_pin {
                None
            } else {
                Some(read_secret("the six-digit 2FA PIN")?)
            };
            let after = console
                .register(&profile.id, &number, pin.as_ref(), region.as_deref(), yes)
                .await?;
            eprintln!("Registered ({}).", after.sentence());
            if no_wait {
                return Ok(Done::ok(
                    to_json(&after),
                    "Registration accepted; check progress with: waba number show".into(),
                ));
            }
            let health =
                wait_connected(console, &profile, &number, Duration::from_secs(wait_secs)).await?;
            let connected = health.is_connected();
            Ok(Done {
                text: render::health(&health),
                json: to_json(&health),
                passed: connected,
            })
        }
        NumberCommand::Deregister { target: arg, yes } => {
            let (profile, number) = target(console, &arg).await?;
            let budget = console
                .attempt_budget(&number, AttemptKind::Deregister)
                .await?;
            if !yes {
                return Err(CommandError::new(
                    ErrorCode::ConfirmationRequired,
                    format!(
                        "Deregistering {number} stops it sending and receiving; {}.",
                        budget.sentence()
                    ),
                )
                .with_action("Run again with --yes to deregister."));
            }
            let after = console.deregister(&profile.id, &number, true).await?;
            Ok(Done::ok(
                to_json(&after),
                format!("Deregistered {number} ({}).", after.sentence()),
            ))
        }
        NumberCommand::CheckId {
            input,
            kind,
            profile,
        } => {
            let profile = pick(console, profile.as_deref()).await?;
            let field = if kind == "waba" {
                IdField::WabaId
            } else {
                IdField::PhoneNumberId
            };
            let check = console.check_id(&profile.id, &input, field).await?;
            let mut text = check.message.clone();
            for n in &check.numbers {
                text.push_str(&format!(
                    "\n  {}  {}  {}",
                    n.id,
                    n.display_phone_number.as_deref().unwrap_or("?"),
                    n.verified_name.as_deref().unwrap_or("")
                ));
            }
            Ok(Done {
                text,
                passed: check.fits,
                json: to_json(&check),
            })
        }
    }
}

/// Follows the number until it is CONNECTED, on the console's backoff schedule (2 s doubling to
/// 30 s), showing progress on stderr; gives up after `limit`. A failed read is reported and
/// following goes on; registration is never called again.
async fn wait_connected(
    console: &Console,
    profile: &Profile,
    number: &str,
    limit: Duration,
) -> Result<waba_core::numbers::NumberHealth, CommandError> {
    let schedule = PollSchedule {
        give_up_after_ms: u32::try_from(limit.as_millis()).unwrap_or(u32::MAX),
        ..PollSchedule::PROVISIONING
    };
    let sleep = async |d: Duration| {
        tokio::select! {
            _ = tokio::time::sleep(d) => true,
            _ = tokio::signal::ctrl_c() => false,
        }
    };
    let progress = |read: &Result<NumberHealth, CommandError>, elapsed: Duration| {
        match read {
        Ok(h) if h.is_connected() => {
            eprintln!("CONNECTED after {} s.", elapsed.as_secs());
        }
        Ok(h) => eprintln!(
            "{} after {} s; this can take a few minutes (Ctrl-C stops waiting, not the registration).",
            h.status
                .as_ref()
                .map_or("?", waba_core::graph_states::Explained::as_graph),
            elapsed.as_secs()
        ),
        Err(e) => eprintln!("Could not read the number ({}); trying again.", e.message),
    }
    };
    match console
        .follow_provisioning(&profile.id, number, schedule, sleep, progress)
        .await
    {
        Provisioning::Connected(h) | Provisioning::StillPending { last: Some(h), .. } => Ok(h),
        Provisioning::StillPending { last: None, .. } => Err(CommandError::new(
            ErrorCode::Timeout,
            "The number could not be read while waiting.",
        )
        .with_action("Check it later with: waba number show")),
    }
}
