//! `waba`: the console without a window. It opens the same database and keychain namespace as the
//! desktop app (or the folder given by `--data-dir` / `WABA_DATA_DIR`) and calls the same
//! `waba-service` use cases, so a script sees exactly what the GUI shows.
//!
//! Exit codes: 0 success; 1 a check ran and failed; 2 the command could not be carried out.

mod business_profile;
mod events;
mod messages;
mod numbers;
mod render;
mod send;
mod subscriptions;
mod templates;
mod webhook;

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use waba_core::app::{ExportFormat, SetScenarioRequest, SetTokenRequest};
use waba_core::checklist::{StepState, TokenState};
use waba_core::profile::NewProfile;
use waba_core::secret::{secret, Secret};
use waba_core::versions::DEFAULT_API_VERSION;
use waba_core::{CommandError, ErrorCode};
use waba_service::{Console, ConsoleConfig};

/// The desktop app's bundle identifier: the CLI shares its data folder and keychain namespace.
const APP_IDENTIFIER: &str = "com.wabaconsole.desktop";

#[derive(Parser)]
#[command(
    name = "waba",
    version,
    about = "WABA Console on the command line: profiles, tokens, checks and the sandbox Graph API."
)]
struct Cli {
    /// Folder holding console.db (default: the desktop app's data folder).
    #[arg(long, global = true, env = "WABA_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// Keychain service name tokens are stored under (default: the desktop app's identifier).
    #[arg(long, global = true, env = "WABA_KEYCHAIN_SERVICE", default_value = APP_IDENTIFIER)]
    keychain_service: String,
    /// Seconds to wait for each Graph call.
    #[arg(long, global = true, default_value_t = 20)]
    timeout: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the simulated Graph API on loopback until Ctrl-C; prints its base URL.
    Sim {
        /// fresh, healthy, expired-token, user-token, missing-scope, red-quality, yellow or
        /// register-fails (the retired `flagged` means red-quality).
        #[arg(long, default_value = "healthy")]
        scenario: String,
        /// 0 picks a free port.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Added to every Graph call, to imitate a slow network.
        #[arg(long, default_value_t = 0)]
        latency_ms: u64,
        /// The secret control calls (POST/DELETE under /__sandbox) must send in the
        /// X-Sandbox-Secret header. Without it (or WABA_SIM_CONTROL_SECRET) a random one is made
        /// and printed with the base URL.
        #[arg(long, env = "WABA_SIM_CONTROL_SECRET", hide_env_values = true)]
        control_secret: Option<String>,
    },
    /// Manage profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Store, check or remove a profile's token (kept in the OS keychain only).
    #[command(subcommand)]
    Token(TokenCommand),
    /// The setup checklist of a profile.
    Checklist(ProfileArg),
    /// Explain a Graph error: JSON on standard input (an error response, a webhook, ...) or CODE [SUBCODE].
    Diagnose {
        code: Option<String>,
        subcode: Option<String>,
        /// Also say what this profile's state means for each error (its token, its templates).
        #[arg(long)]
        profile: Option<String>,
    },
    /// Run every readiness check at once; exit 0 only when each passes or warns.
    Doctor {
        #[command(flatten)]
        profile: ProfileArg,
        /// Run against this API version instead of the profile's.
        #[arg(long)]
        api_version: Option<String>,
        /// Also write the report to --out as md or json.
        #[arg(long, value_parser = ["md", "json"])]
        export: Option<String>,
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
    /// The tamper-evident audit log of admin actions.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The WABA's phone numbers.
    #[command(subcommand)]
    Numbers(NumbersCommand),
    /// One number: health, 2FA PIN, ownership code, register, deregister, ID check.
    #[command(subcommand)]
    Number(NumberCommand),
    /// The WABA's message templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// One template: show, lint, create, edit, delete.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Meta's webhooks: parse a body, run the local receiver, probe a callback URL, the app's
    /// webhook configuration, and which callback a number's webhooks go to.
    #[command(subcommand)]
    Webhook(webhook::WebhookCommand),
    /// The app secret, kept in the OS keychain for checking webhook signatures.
    #[command(subcommand)]
    AppSecret(events::AppSecretCommand),
    /// Webhook events the local receiver stored.
    #[command(subcommand)]
    Events(events::EventsCommand),
    /// Subscribe the profile's app to the WABA's webhooks (POST /{waba-id}/subscribed_apps),
    /// optionally with a WABA override callback.
    Subscribe(subscriptions::SubscribeArgs),
    /// Unsubscribe the profile's app from the WABA's webhooks.
    Unsubscribe(ProfileArg),
    /// The WABA's subscribed apps and, when the app secret is stored, the app's webhook
    /// configuration; exit 1 when the app is not subscribed or a warning stands.
    Subscriptions(ProfileArg),
    /// Send a test message to one recipient, checked first like the Send page (exit 1 when a
    /// check blocks it, also with --dry-run); `send limits` shows or sets the number's pace.
    #[command(subcommand)]
    Send(send::SendCommand),
    /// The log of the messages the console sent.
    #[command(subcommand)]
    Messages(messages::MessagesCommand),
    /// The number's business profile: about, description, address, email, websites, industry
    /// and photo (`show`, `set`, every value checked against Meta's limits first).
    #[command(subcommand)]
    BusinessProfile(business_profile::BusinessProfileCommand),
    /// The welcome message, ice breakers and commands a number offers in a new chat.
    #[command(subcommand)]
    Automation(business_profile::AutomationCommand),
    /// The number's display name and its review; request a new one.
    #[command(subcommand)]
    DisplayName(business_profile::DisplayNameCommand),
    /// Send N copies of an approved template, paced by the number's limits; prints sent,
    /// seconds, achievedPerSecond, allowedPerSecond and throttled (130429 answers). Exit 1 when
    /// a send failed.
    Burst(send::BurstArgs),
}

#[derive(Subcommand)]
enum TemplatesCommand {
    /// Sync every template of the WABA (all pages) and list them, with the count against the
    /// limit and each rejection explained.
    List {
        /// Profile name or id (default: the active profile).
        #[arg(long)]
        profile: Option<String>,
        /// Only this status (APPROVED, PENDING, REJECTED, PAUSED, ...).
        #[arg(long)]
        status: Option<String>,
        /// List the last synced templates without reading Meta.
        #[arg(long)]
        cached: bool,
    },
}

#[derive(Subcommand)]
enum TemplateCommand {
    /// A template read fresh from Meta: every language of NAME, or the one given.
    Show {
        name: String,
        #[arg(long)]
        language: Option<String>,
        #[arg(long)]
        profile: Option<String>,
    },
    /// Lint Meta's create JSON in FILE; exit 0 when no error is found, 1 when one is.
    Lint {
        file: PathBuf,
        /// Check duplicates against this profile's synced templates (default: the active one).
        #[arg(long)]
        profile: Option<String>,
    },
    /// Lint, then create the template in FILE (Meta's create JSON).
    Create {
        file: PathBuf,
        /// Send it although the linter warns.
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        profile: Option<String>,
    },
    /// Edit template ID with FILE (Meta's edit JSON: components, category, message_send_ttl_seconds).
    Edit {
        id: String,
        file: PathBuf,
        /// Send it although the linter warns.
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        profile: Option<String>,
    },
    /// Delete NAME in every language, or only --language (needs --yes: a deleted approved name
    /// cannot be used again for 30 days).
    Delete {
        name: String,
        #[arg(long)]
        language: Option<String>,
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        profile: Option<String>,
    },
}

#[derive(Subcommand)]
enum NumbersCommand {
    /// Every number of the profile's WABA, with its status.
    List(ProfileArg),
}

#[derive(Args)]
struct NumberArg {
    /// Profile name or id (default: the active profile).
    #[arg(long)]
    profile: Option<String>,
    /// Phone-number ID (default: the profile's).
    #[arg(long)]
    number: Option<String>,
}

#[derive(Subcommand)]
enum NumberCommand {
    /// The health panel: status, ownership, quality, limits, PIN, health_status.
    Show(NumberArg),
    /// Set or replace the six-digit 2FA PIN, read from standard input (never an argument).
    SetPin {
        #[command(flatten)]
        target: NumberArg,
        /// Keep the PIN in the OS keychain for `register --kept-pin`.
        #[arg(long)]
        remember: bool,
    },
    /// Ask Meta to send an ownership code.
    RequestCode {
        #[command(flatten)]
        target: NumberArg,
        #[arg(long, value_parser = ["sms", "voice"], default_value = "sms")]
        method: String,
        #[arg(long, default_value = "en_US")]
        language: String,
    },
    /// Enter the ownership code Meta sent.
    VerifyCode {
        code: String,
        #[command(flatten)]
        target: NumberArg,
    },
    /// Register the number with the PIN from standard input; then wait until it is CONNECTED.
    Register {
        #[command(flatten)]
        target: NumberArg,
        /// Data-localization (Local Storage) region, e.g. DE.
        #[arg(long)]
        region: Option<String>,
        /// Confirm using an attempt past the 7th in 72 hours.
        #[arg(long)]
        yes: bool,
        /// Use the PIN kept by `set-pin --remember` instead of reading one.
        #[arg(long)]
        kept_pin: bool,
        /// Return right after the call instead of waiting for CONNECTED.
        #[arg(long)]
        no_wait: bool,
        /// Give up waiting after this many seconds (the registration itself goes on at Meta).
        #[arg(long, default_value_t = 600)]
        wait_secs: u64,
    },
    /// Deregister the number (needs --yes).
    Deregister {
        #[command(flatten)]
        target: NumberArg,
        #[arg(long)]
        yes: bool,
    },
    /// Ask the API what an ID is (a WABA, a phone number, not visible...).
    CheckId {
        input: String,
        /// What the ID is meant to be.
        #[arg(long = "as", value_parser = ["waba", "phone"], default_value = "phone")]
        kind: String,
        #[arg(long)]
        profile: Option<String>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// The newest entries.
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Re-walk the hash chain; exit 1 when an entry was edited or deleted.
    Verify,
    /// Write the whole log to --out as csv or json.
    Export {
        #[arg(long, value_parser = ["csv", "json"], default_value = "csv")]
        format: String,
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ProfileCommand {
    /// List profiles; the active one is marked.
    List,
    /// Add a real profile.
    Add(AddProfile),
    /// Remove a real profile and its token.
    Remove { profile: String },
    /// Make a profile the active one.
    Use { profile: String },
    /// Choose the Sandbox profile's scenario.
    Scenario { scenario: String },
}

#[derive(Args)]
struct AddProfile {
    #[arg(long)]
    name: String,
    #[arg(long)]
    app_id: String,
    #[arg(long)]
    waba_id: String,
    #[arg(long)]
    phone_number_id: String,
    #[arg(long, default_value = DEFAULT_API_VERSION)]
    api_version: String,
    /// Defaults to Meta's https://graph.facebook.com.
    #[arg(long)]
    base_url: Option<String>,
}

#[derive(Args)]
pub(crate) struct ProfileArg {
    /// Profile name or id (default: the active profile).
    #[arg(long)]
    pub(crate) profile: Option<String>,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Read a token from standard input (never from an argument), check it with Meta, and store
    /// it if Meta accepts it (a refused token never replaces the stored one).
    Set {
        #[command(flatten)]
        profile: ProfileArg,
        /// Store the token even if Meta cannot be reached to check it.
        #[arg(long)]
        unverified: bool,
    },
    /// Check the stored token with Meta.
    Check(ProfileArg),
    /// Remove the stored token.
    Clear(ProfileArg),
}

/// What a command produced: a value to print, and whether the check it ran passed.
pub(crate) struct Done {
    json: serde_json::Value,
    text: String,
    passed: bool,
}

impl Done {
    fn ok(json: serde_json::Value, text: String) -> Self {
        Self {
            json,
            text,
            passed: true,
        }
    }
}

/// The `--json` form of an answer. Meta's explained values (`{value, tone, meaning}` over IPC)
/// stay flat here, as scripts have read them since the first release: `"status": "CONNECTED"`,
/// with the explanation added beside it (`statusTone`, `statusMeaning`), never in its place.
fn to_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    let mut json = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
    flatten_explained(&mut json);
    json
}

fn flatten_explained(json: &mut serde_json::Value) {
    use serde_json::Value;
    match json {
        Value::Array(items) => items.iter_mut().for_each(flatten_explained),
        Value::Object(fields) => {
            let mut added = Vec::new();
            for (key, field) in fields.iter_mut() {
                let explained = field.as_object().filter(|o| {
                    o.len() == 3
                        && ["value", "tone", "meaning"]
                            .iter()
                            .all(|k| o.contains_key(*k))
                });
                match explained.cloned() {
                    Some(mut o) => {
                        added.push((format!("{key}Tone"), o.remove("tone").unwrap_or_default()));
                        added.push((
                            format!("{key}Meaning"),
                            o.remove("meaning").unwrap_or_default(),
                        ));
                        *field = o.remove("value").unwrap_or_default();
                    }
                    None => flatten_explained(field),
                }
            }
            for (key, value) in added {
                fields.entry(key).or_insert(value);
            }
        }
        _ => {}
    }
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    if let Command::Send(send::SendCommand::List(list)) = &mut cli.command {
        if let Some(list_matches) = matches
            .subcommand_matches("send")
            .and_then(|send| send.subcommand_matches("list"))
        {
            list.place_rows(list_matches);
        }
    }
    // Pure: no runtime, database or keychain.
    if let Command::Webhook(webhook::WebhookCommand::Parse) = &cli.command {
        return webhook::run(cli.json);
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WABA_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let json = cli.json;
    match runtime.block_on(run(cli)) {
        Ok(done) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&done.json).unwrap_or_default()
                );
            } else {
                println!("{}", done.text);
            }
            if done.passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(error) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "error": error }))
                        .unwrap_or_default()
                );
            } else {
                eprintln!("{}", render::error(&error));
            }
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> Result<Done, CommandError> {
    match &cli.command {
        Command::Sim {
            scenario,
            port,
            latency_ms,
            control_secret,
        } => {
            return run_sim(
                scenario,
                *port,
                Duration::from_millis(*latency_ms),
                control_secret.clone().filter(|s| !s.is_empty()),
                cli.json,
            )
            .await
        }
        Command::Diagnose {
            code,
            subcode,
            profile: None,
        } => return diagnose(None, code.as_deref(), subcode.as_deref()).await,
        _ => {}
    }
    let data_dir = cli
        .data_dir
        .clone()
        .or_else(|| dirs::data_dir().map(|d| d.join(APP_IDENTIFIER)))
        .ok_or_else(|| {
            CommandError::new(
                ErrorCode::InvalidInput,
                "This system has no standard data folder.",
            )
            .with_action("Pass --data-dir DIR or set WABA_DATA_DIR.")
        })?;
    let mut config = ConsoleConfig::new(data_dir, cli.keychain_service.clone());
    config.timeout = Duration::from_secs(cli.timeout.max(1));
    let console = Console::open(config).await?;
    match cli.command {
        Command::Sim { .. } => unreachable!("handled above"),
        Command::Webhook(webhook::WebhookCommand::Parse) => unreachable!("handled in main"),
        Command::Webhook(webhook::WebhookCommand::Serve {
            port,
            verify_token,
            profile,
        }) => events::serve(&console, port, verify_token, profile.as_deref(), cli.json).await,
        Command::AppSecret(cmd) => events::app_secret(&console, cmd).await,
        Command::Events(cmd) => events::events(&console, cmd).await,
        Command::Subscribe(args) => subscriptions::subscribe(&console, args).await,
        Command::Unsubscribe(arg) => subscriptions::unsubscribe(&console, arg).await,
        Command::Subscriptions(arg) => subscriptions::overview(&console, arg).await,
        Command::Webhook(webhook::WebhookCommand::Config(args)) => {
            subscriptions::config(&console, args).await
        }
        Command::Webhook(webhook::WebhookCommand::Routing(args)) => {
            subscriptions::routing(&console, args).await
        }
        Command::Webhook(webhook::WebhookCommand::Probe(args)) => {
            webhook::probe(&console, args).await
        }
        Command::Webhook(webhook::WebhookCommand::Override(cmd)) => match cmd {
            subscriptions::OverrideCommand::Set(args) => {
                subscriptions::set_override(&console, args).await
            }
            subscriptions::OverrideCommand::Clear(args) => {
                subscriptions::clear_override(&console, args).await
            }
        },
        Command::Diagnose {
            code,
            subcode,
            profile,
        } => {
            let profile = pick(&console, profile.as_deref()).await?;
            diagnose(
                Some((&console, &profile.id)),
                code.as_deref(),
                subcode.as_deref(),
            )
            .await
        }
        Command::Doctor {
            profile,
            api_version,
            export,
            out,
        } => {
            let profile = pick(&console, profile.profile.as_deref()).await?;
            let report = console
                .run_doctor(&profile.id, api_version.as_deref())
                .await?;
            let mut text = render::doctor(&report);
            if let Some(format) = export {
                let format = if format == "md" {
                    ExportFormat::Markdown
                } else {
                    ExportFormat::Json
                };
                let file = console.export_doctor(&report, format, &out).await?;
                text.push_str(&format!("\nReport written to {}", file.path));
            }
            Ok(Done {
                text,
                passed: report.all_pass_or_warn(),
                json: to_json(&report),
            })
        }
        Command::Audit(cmd) => audit(&console, cmd).await,
        Command::Numbers(NumbersCommand::List(arg)) => {
            let profile = pick(&console, arg.profile.as_deref()).await?;
            let numbers = console.numbers(&profile.id).await?;
            Ok(Done::ok(
                to_json(&numbers),
                render::numbers(&profile, &numbers),
            ))
        }
        Command::Number(cmd) => numbers::run(&console, cmd).await,
        Command::Send(cmd) => send::run(&console, cmd).await,
        Command::Messages(cmd) => messages::run(&console, cmd).await,
        Command::Burst(args) => send::burst(&console, args).await,
        Command::BusinessProfile(cmd) => business_profile::business_profile(&console, cmd).await,
        Command::Automation(cmd) => business_profile::automation(&console, cmd).await,
        Command::DisplayName(cmd) => business_profile::display_name(&console, cmd).await,
        Command::Templates(cmd) => templates::list(&console, cmd).await,
        Command::Template(cmd) => templates::run(&console, cmd).await,
        Command::Profile(cmd) => profile(&console, cmd).await,
        Command::Token(cmd) => token(&console, cmd).await,
        Command::Checklist(arg) => {
            let profile = pick(&console, arg.profile.as_deref()).await?;
            let list = console.checklist(&profile.id).await?;
            let passed = list
                .steps
                .iter()
                .all(|s| !matches!(s.state, StepState::Fail));
            Ok(Done {
                text: render::checklist(&profile, &list),
                json: to_json(&list),
                passed,
            })
        }
    }
}

async fn pick(
    console: &Console,
    profile: Option<&str>,
) -> Result<waba_core::profile::Profile, CommandError> {
    match profile {
        Some(p) => console.find_profile(p).await,
        None => console.active_profile().await,
    }
}

async fn profile(console: &Console, cmd: ProfileCommand) -> Result<Done, CommandError> {
    match cmd {
        ProfileCommand::List => {
            let list = console.list_profiles().await?;
            Ok(Done::ok(to_json(&list), render::profiles(&list)))
        }
        ProfileCommand::Add(a) => {
            let form = NewProfile {
                name: a.name,
                app_id: a.app_id,
                waba_id: a.waba_id,
                phone_number_id: a.phone_number_id,
                api_version: a.api_version,
                base_url: a.base_url,
            };
            let p = console.add_profile(form).await?;
            Ok(Done::ok(
                to_json(&p),
                format!("Added profile \"{}\" ({}).", p.name, p.id),
            ))
        }
        ProfileCommand::Remove { profile } => {
            let p = console.find_profile(&profile).await?;
            console.remove_profile(&p.id).await?;
            Ok(Done::ok(
                serde_json::json!({ "removed": p.id }),
                format!("Removed profile \"{}\" and its token.", p.name),
            ))
        }
        ProfileCommand::Use { profile } => {
            let p = console.find_profile(&profile).await?;
            console.set_active_profile(&p.id).await?;
            Ok(Done::ok(
                serde_json::json!({ "active": p.id }),
                format!("\"{}\" is now the active profile.", p.name),
            ))
        }
        ProfileCommand::Scenario { scenario } => {
            let list = console.list_profiles().await?;
            let sandbox = list
                .profiles
                .iter()
                .find(|p| p.kind == waba_core::profile::ProfileKind::Sandbox)
                .ok_or_else(|| {
                    CommandError::new(ErrorCode::NotFound, "There is no Sandbox profile.")
                        .with_action("It is created when the console starts with no profiles.")
                })?;
            let p = console
                .set_sandbox_scenario(SetScenarioRequest {
                    profile_id: sandbox.id.clone(),
                    scenario,
                })
                .await?;
            Ok(Done::ok(
                to_json(&p),
                format!(
                    "The Sandbox now simulates the \"{}\" scenario.",
                    p.scenario.unwrap_or_default()
                ),
            ))
        }
    }
}

/// Reads a secret (`what`: "the System User token", "the 2FA PIN") from standard input: without
/// echo on a terminal, else the whole stream. Secrets are never command-line arguments.
/// Reads a secret given on the command line (a verify token) straight into the secret type, so
/// it is never a `String` the program could print.
pub(crate) fn secret_arg(value: &str) -> Result<Secret, std::convert::Infallible> {
    Ok(secret(value.to_owned()))
}

fn read_secret(what: &str) -> Result<Secret, CommandError> {
    let failed = |e: std::io::Error| {
        CommandError::new(
            ErrorCode::InvalidInput,
            format!("Could not read {what} from standard input: {e}."),
        )
    };
    if std::io::stdin().is_terminal() {
        eprint!("Enter {what}, then press Enter (it is not shown): ");
        rpassword::read_password().map(secret).map_err(failed)
    } else {
        let mut input = String::new();
        std::io::stdin()
            .read_to_string(&mut input)
            .map_err(failed)?;
        Ok(secret(input))
    }
}

async fn token(console: &Console, cmd: TokenCommand) -> Result<Done, CommandError> {
    match cmd {
        TokenCommand::Set {
            profile: arg,
            unverified,
        } => {
            let profile = pick(console, arg.profile.as_deref()).await?;
            let token = read_secret("the System User token")?;
            let saved = console
                .set_token(SetTokenRequest {
                    profile_id: profile.id.clone(),
                    token,
                    store_unverified: unverified,
                })
                .await?;
            let Some(report) = saved.report else {
                return Ok(Done {
                    text: "Token stored in the OS keychain unverified: Meta could not be reached. Check it with: waba token check".into(),
                    json: serde_json::json!({ "stored": true, "verified": false }),
                    passed: true,
                });
            };
            let mut json = to_json(&report);
            json["stored"] = saved.stored.into();
            let head = if saved.stored {
                "Token checked with Meta and saved in the OS keychain."
            } else {
                "Meta refused this token, so it was not stored; the profile keeps the token it had."
            };
            Ok(Done {
                text: format!("{head}\n{}", render::token(&profile, &report)),
                json,
                passed: saved.stored && report.passes(),
            })
        }
        TokenCommand::Check(arg) => {
            let profile = pick(console, arg.profile.as_deref()).await?;
            match console.token_state(&profile).await? {
                TokenState::Checked { report } => Ok(Done {
                    text: render::token(&profile, &report),
                    json: to_json(&report),
                    passed: report.passes(),
                }),
                TokenState::Missing => Err(CommandError::new(
                    ErrorCode::NoToken,
                    format!("No token is stored for profile \"{}\".", profile.name),
                )
                .with_action("Store one with: waba token set --profile NAME < token.txt")),
                TokenState::Unchecked { error } => Err(error),
            }
        }
        TokenCommand::Clear(arg) => {
            let profile = pick(console, arg.profile.as_deref()).await?;
            let removed = console.clear_token(&profile.id).await?;
            let text = if removed {
                format!(
                    "Removed the token of \"{}\" from the keychain.",
                    profile.name
                )
            } else {
                format!("\"{}\" had no token stored.", profile.name)
            };
            Ok(Done::ok(serde_json::json!({ "removed": removed }), text))
        }
    }
}

/// `waba diagnose`: without `--profile` it needs no database or network.
async fn diagnose(
    with: Option<(&Console, &str)>,
    code: Option<&str>,
    subcode: Option<&str>,
) -> Result<Done, CommandError> {
    let input = match code {
        Some(code) => format!("{code} {}", subcode.unwrap_or_default()),
        None => {
            let mut input = String::new();
            std::io::stdin()
                .take(waba_core::diagnose::MAX_INPUT_BYTES as u64 + 1)
                .read_to_string(&mut input)
                .map_err(|e| {
                    CommandError::new(
                        ErrorCode::InvalidInput,
                        format!("Could not read standard input: {e}."),
                    )
                })?;
            input
        }
    };
    let result = match with {
        Some((console, profile_id)) => console.diagnose(&input, Some(profile_id)).await?,
        None => waba_core::diagnose::diagnose(&input),
    };
    let passed = result.problem.is_none();
    Ok(Done {
        text: render::diagnoses(&result),
        json: to_json(&result),
        passed,
    })
}

async fn audit(console: &Console, cmd: AuditCommand) -> Result<Done, CommandError> {
    match cmd {
        AuditCommand::List { limit } => {
            let log = console.audit_log(limit).await?;
            Ok(Done {
                text: render::audit(&log),
                passed: log.verification.intact,
                json: to_json(&log),
            })
        }
        AuditCommand::Verify => {
            let v = console.audit_log(0).await?.verification;
            Ok(Done {
                text: render::verification(&v),
                passed: v.intact,
                json: to_json(&v),
            })
        }
        AuditCommand::Export { format, out } => {
            let format = if format == "json" {
                ExportFormat::Json
            } else {
                ExportFormat::Csv
            };
            let file = console.export_audit(format, &out).await?;
            Ok(Done::ok(
                to_json(&file),
                format!("Audit log written to {} ({} bytes).", file.path, file.bytes),
            ))
        }
    }
}

async fn run_sim(
    scenario: &str,
    port: u16,
    latency: Duration,
    control_secret: Option<String>,
    json: bool,
) -> Result<Done, CommandError> {
    use waba_sim::ExposeSecret;
    let scenario = waba_sim::Scenario::parse(scenario).map_err(|reason| {
        CommandError::invalid_fields(vec![waba_core::FieldError::new("scenario", reason)])
    })?;
    // A secret the user chose is not echoed; a generated one is printed, since it is the only
    // way to learn it.
    let generated = control_secret.is_none();
    let config = waba_sim::SandboxConfig {
        scenario,
        latency,
        control_secret: control_secret.map_or_else(waba_sim::random_control_secret, Into::into),
        ..waba_sim::SandboxConfig::default()
    };
    let sandbox = waba_sim::Sandbox::start(config, port).await.map_err(|e| {
        CommandError::new(
            ErrorCode::Unreachable,
            format!("Could not listen on 127.0.0.1:{port}: {e}."),
        )
        .with_action("Pick another --port, or 0 for any free port.")
    })?;
    let mut info = serde_json::json!({ "baseUrl": sandbox.base_url(), "scenario": scenario.name(), "token": waba_sim::SANDBOX_TOKEN,
        "appId": waba_sim::APP_ID, "wabaId": waba_sim::WABA_ID, "phoneNumberId": waba_sim::PHONE_NUMBER_ID,
        "controlSecretHeader": waba_sim::CONTROL_SECRET_HEADER });
    if generated {
        info["controlSecret"] = sandbox.control_secret().expose_secret().into();
    }
    if json {
        println!("{info}");
    } else {
        println!("{}", sandbox.base_url());
        if generated {
            println!(
                "{}: {}",
                waba_sim::CONTROL_SECRET_HEADER,
                sandbox.control_secret().expose_secret()
            );
        }
        eprintln!(
            "Sandbox Graph API, scenario \"{}\". Token: {}  App {}  WABA {}  phone-number ID {}. Control calls (POST/DELETE under /__sandbox) need Content-Type: application/json and the {} header. Ctrl-C stops it.",
            scenario.name(),
            waba_sim::SANDBOX_TOKEN,
            waba_sim::APP_ID,
            waba_sim::WABA_ID,
            waba_sim::PHONE_NUMBER_ID,
            waba_sim::CONTROL_SECRET_HEADER
        );
    }
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    Ok(Done::ok(info, "Sandbox stopped.".into()))
}
