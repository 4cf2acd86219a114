//! `waba business-profile show|set`, `waba automation show|set` and `waba display-name
//! show|request`: the number's public face from a terminal, through the same checks as the
//! Business profile page. Every value is checked against Meta's limits (and the photo against
//! WhatsApp's image rules) before anything is sent.
//!
//! Exit codes: 0 done (also when a new photo is set but the profile could not be read back
//! after it: the output says so, `--json` gives `{"readBackError": ...}`); 1 a check refused a value (each reason printed, `--json` prints them as
//! `errors`; nothing was sent); 2 the command could not be carried out (Meta refused, no token, a
//! file that cannot be read). Scripts call these commands: their flags and JSON field names are a
//! contract.

use std::fmt::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};
use waba_core::business_profile::{
    check_automation, check_changes, check_display_name, check_photo, check_warnings,
    vertical_label, AutomationCommand as Command, BusinessProfile, ConversationalAutomation,
    DisplayName, DisplayNameRequest, ProfileChanges, ProfilePage, SaveAutomationRequest,
    SaveProfileRequest,
};
use waba_core::token::Severity;
use waba_core::{CommandError, ErrorCode, FieldError};
use waba_service::{Console, PhotoSet};

use crate::{pick, to_json, Done, ProfileArg};

#[derive(Subcommand)]
pub(crate) enum BusinessProfileCommand {
    /// The profile, the display name and the conversational components, read fresh from Meta.
    Show(ProfileArg),
    /// Change the given fields (an empty value clears one), then upload --photo; every value is
    /// checked first, and nothing is sent when one breaks Meta's limits (exit 1).
    Set(SetProfileArgs),
}

#[derive(Args)]
pub(crate) struct SetProfileArgs {
    #[command(flatten)]
    profile: ProfileArg,
    /// What customers read under the name (1 to 139 characters).
    #[arg(long)]
    about: Option<String>,
    /// At most 512 characters.
    #[arg(long)]
    description: Option<String>,
    /// At most 256 characters.
    #[arg(long)]
    address: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// A website (http:// or https://); repeat for the second. Replaces the list.
    #[arg(long = "website", value_name = "URL")]
    websites: Vec<String>,
    /// The industry, as Meta spells it (RETAIL, PROF_SERVICES, ...).
    #[arg(long)]
    vertical: Option<String>,
    /// A JPEG or PNG, square, at least 192×192 (640×640 is best), at most 5 MB.
    #[arg(long, value_name = "FILE")]
    photo: Option<PathBuf>,
}

#[derive(Subcommand)]
pub(crate) enum AutomationCommand {
    /// The welcome message, ice breakers and commands, read fresh from Meta.
    Show(ProfileArg),
    /// Start from the set Meta has and replace what is given: --prompt and --command each
    /// replace their whole list. Checked first; nothing is sent when Meta would refuse it (exit 1).
    Set(SetAutomationArgs),
}

#[derive(Args)]
pub(crate) struct SetAutomationArgs {
    #[command(flatten)]
    profile: ProfileArg,
    /// Whether WhatsApp tells the business when a customer opens a chat for the first time.
    #[arg(long, value_name = "true|false")]
    welcome: Option<bool>,
    /// An ice breaker (at most 4, 80 characters each); repeat for each.
    #[arg(long = "prompt", value_name = "TEXT", conflicts_with = "clear_prompts")]
    prompts: Vec<String>,
    /// A command as name=description (at most 30; name without the slash); repeat for each.
    #[arg(long = "command", value_name = "NAME=DESCRIPTION", value_parser = command_arg, conflicts_with = "clear_commands")]
    commands: Vec<Command>,
    /// Remove every ice breaker.
    #[arg(long)]
    clear_prompts: bool,
    /// Remove every command.
    #[arg(long)]
    clear_commands: bool,
}

#[derive(Subcommand)]
pub(crate) enum DisplayNameCommand {
    /// The display name, its review and any requested change.
    Show(ProfileArg),
    /// Ask Meta to review NAME as the number's display name; checked against Meta's guidelines
    /// first (exit 1 when it breaks one).
    Request {
        name: String,
        #[command(flatten)]
        profile: ProfileArg,
    },
}

fn command_arg(text: &str) -> Result<Command, String> {
    let (name, description) = text.split_once('=').ok_or_else(|| {
        format!("\"{text}\" is not NAME=DESCRIPTION: write it as tickets=\"Book flight tickets\"")
    })?;
    Ok(Command {
        command_name: name.trim().to_owned(),
        command_description: description.trim().to_owned(),
    })
}

fn nothing_to_change(what: &str) -> CommandError {
    CommandError::new(
        ErrorCode::InvalidInput,
        format!("Nothing to change: {what}."),
    )
    .with_action("Run the command with --help to see what it changes.")
}

/// The values a check refused: exit 1, each reason printed, and `{"errors": [...]}` as JSON.
fn refused(errors: Vec<FieldError>) -> Done {
    let mut text = String::from("Nothing was sent: Meta would refuse these values.");
    for e in &errors {
        let _ = write!(text, "\n  - {}: {}", e.field, e.message);
    }
    Done {
        json: serde_json::json!({ "errors": errors }),
        text,
        passed: false,
    }
}

fn profile_text(profile: &BusinessProfile) -> String {
    let field = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".into());
    let websites = if profile.websites.is_empty() {
        "-".to_owned()
    } else {
        profile.websites.join(", ")
    };
    format!(
        "  About:        {}\n  Description:  {}\n  Address:      {}\n  Email:        {}\n  Websites:     {websites}\n  Industry:     {}\n  Photo:        {}",
        field(&profile.about),
        field(&profile.description),
        field(&profile.address),
        field(&profile.email),
        profile.vertical.as_deref().map_or_else(|| "-".into(), vertical_label),
        field(&profile.profile_picture_url),
    )
}

fn display_name_text(name: &DisplayName) -> String {
    let status = |s: &Option<waba_core::graph_states::Explained<_>>| {
        s.as_ref()
            .map_or("-", waba_core::graph_states::Explained::as_graph)
            .to_owned()
    };
    let mut out = format!(
        "Display name: {} ({})",
        name.verified_name.as_deref().unwrap_or("(none)"),
        status(&name.name_status)
    );
    if let Some(new) = &name.new_display_name {
        let _ = write!(
            out,
            "\n  requested: {new} ({})",
            status(&name.new_name_status)
        );
    }
    let _ = write!(
        out,
        "\n  {}\n  WhatsApp Manager: {}",
        name.summary, name.manager_url
    );
    out
}

fn automation_text(automation: Option<&ConversationalAutomation>) -> String {
    let Some(a) = automation else {
        return "Conversational components: never configured on this number.".into();
    };
    let mut out = format!(
        "Conversational components: welcome message {}, {} ice breaker(s), {} command(s)",
        if a.enable_welcome_message {
            "on"
        } else {
            "off"
        },
        a.prompts.len(),
        a.commands.len()
    );
    for (i, prompt) in a.prompts.iter().enumerate() {
        let _ = write!(out, "\n  ice breaker {}: {prompt}", i + 1);
    }
    for c in &a.commands {
        let _ = write!(out, "\n  /{}: {}", c.command_name, c.command_description);
    }
    out
}

fn page_text(page: &ProfilePage) -> String {
    format!(
        "Business profile of {} (phone-number ID {}), read {}\n{}\n{}\n{}",
        page.display_phone_number.as_deref().unwrap_or("?"),
        page.phone_number_id,
        page.read_at,
        profile_text(&page.profile),
        display_name_text(&page.display_name),
        automation_text(page.automation.as_ref())
    )
}

/// Uploads the photo, printing on standard error how many bytes went out while it runs.
async fn upload_photo(
    console: &Console,
    profile_id: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<PhotoSet, CommandError> {
    let total = bytes.len();
    let sent = Arc::new(AtomicU64::new(0));
    let upload = console.upload_profile_photo(profile_id, file_name, bytes, sent.clone());
    tokio::pin!(upload);
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    let mut shown = None;
    let set = loop {
        tokio::select! {
            done = &mut upload => break done?,
            _ = tick.tick() => {
                let now = sent.load(Ordering::Relaxed);
                if shown != Some(now) {
                    eprintln!("Photo: {now} of {total} bytes sent.");
                    shown = Some(now);
                }
            }
        }
    };
    eprintln!("Photo: all {total} bytes sent and set on the profile.");
    Ok(set)
}

pub(crate) async fn business_profile(
    console: &Console,
    cmd: BusinessProfileCommand,
) -> Result<Done, CommandError> {
    match cmd {
        BusinessProfileCommand::Show(arg) => {
            let profile = pick(console, arg.profile.as_deref()).await?;
            let page = console.profile_page_without_photo(&profile.id).await?;
            Ok(Done::ok(to_json(&page), page_text(&page)))
        }
        BusinessProfileCommand::Set(args) => set_profile(console, args).await,
    }
}

async fn set_profile(console: &Console, args: SetProfileArgs) -> Result<Done, CommandError> {
    let changes = ProfileChanges {
        about: args.about,
        address: args.address,
        description: args.description,
        email: args.email,
        websites: (!args.websites.is_empty()).then_some(args.websites),
        vertical: args.vertical,
    };
    let photo = match &args.photo {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                CommandError::new(
                    ErrorCode::InvalidInput,
                    format!("Could not read {}: {e}.", path.display()),
                )
                .with_action("Give the path of a JPEG or PNG file.")
            })?;
            let name = path
                .file_name()
                .map_or_else(|| "photo".into(), |n| n.to_string_lossy().into_owned());
            Some((name, bytes))
        }
        None => None,
    };
    if changes.is_empty() && photo.is_none() {
        return Err(nothing_to_change(
            "give at least one of --about, --description, --address, --email, --website, --vertical or --photo",
        ));
    }
    let mut errors = check_changes(&changes);
    if let Some((name, bytes)) = &photo {
        let check = check_photo(name, bytes);
        errors.extend(
            check
                .errors
                .into_iter()
                .map(|e| FieldError::new("photo", e)),
        );
        for warning in check.warnings {
            eprintln!("photo: {warning}");
        }
    }
    if !errors.is_empty() {
        return Ok(refused(errors));
    }
    for warning in check_warnings(&changes) {
        eprintln!("{}: {}", warning.field, warning.message);
    }
    let profile = pick(console, args.profile.profile.as_deref()).await?;
    let mut read_back = None;
    if !changes.is_empty() {
        let request = SaveProfileRequest {
            profile_id: profile.id.clone(),
            changes,
        };
        read_back = Some(console.save_business_profile(&request).await?);
    }
    if let Some((name, bytes)) = photo {
        match upload_photo(console, &profile.id, &name, bytes).await?.read_back {
            Ok(profile) => read_back = Some(profile),
            Err(error) => {
                return Ok(Done::ok(
                    serde_json::json!({ "readBackError": error }),
                    format!(
                        "Saved: the new photo is on the profile, but reading the profile back failed ({}). Run `waba business-profile show` to see it.",
                        error.message
                    ),
                ))
            }
        }
    }
    let read_back = read_back.expect("a change or a photo was given");
    Ok(Done::ok(
        to_json(&read_back),
        format!(
            "Saved. The profile as Meta has it now:\n{}",
            profile_text(&read_back)
        ),
    ))
}

pub(crate) async fn automation(
    console: &Console,
    cmd: AutomationCommand,
) -> Result<Done, CommandError> {
    match cmd {
        AutomationCommand::Show(arg) => {
            let profile = pick(console, arg.profile.as_deref()).await?;
            let page = console.profile_page_without_photo(&profile.id).await?;
            Ok(Done::ok(
                to_json(&page.automation),
                automation_text(page.automation.as_ref()),
            ))
        }
        AutomationCommand::Set(args) => set_automation(console, args).await,
    }
}

async fn set_automation(console: &Console, args: SetAutomationArgs) -> Result<Done, CommandError> {
    let prompts = (!args.prompts.is_empty() || args.clear_prompts).then_some(args.prompts);
    let commands = (!args.commands.is_empty() || args.clear_commands).then_some(args.commands);
    if args.welcome.is_none() && prompts.is_none() && commands.is_none() {
        return Err(nothing_to_change(
            "give --welcome, --prompt, --command, --clear-prompts or --clear-commands",
        ));
    }
    // A list given replaces the number's, so its limits can be checked before anything is read.
    let given = ConversationalAutomation {
        enable_welcome_message: args.welcome.unwrap_or_default(),
        prompts: prompts.clone().unwrap_or_default(),
        commands: commands.clone().unwrap_or_default(),
    };
    let errors = check_automation(&given);
    if !errors.is_empty() {
        return Ok(refused(errors));
    }
    let profile = pick(console, args.profile.profile.as_deref()).await?;
    let current = console
        .profile_page_without_photo(&profile.id)
        .await?
        .automation
        .unwrap_or_default();
    let automation = ConversationalAutomation {
        enable_welcome_message: args.welcome.unwrap_or(current.enable_welcome_message),
        prompts: prompts.unwrap_or(current.prompts),
        commands: commands.unwrap_or(current.commands),
    };
    let errors = check_automation(&automation);
    if !errors.is_empty() {
        return Ok(refused(errors));
    }
    let saved = console
        .save_automation(&SaveAutomationRequest {
            profile_id: profile.id.clone(),
            automation,
        })
        .await?;
    Ok(Done::ok(
        to_json(&saved),
        format!("Saved. {}", automation_text(Some(&saved))),
    ))
}

pub(crate) async fn display_name(
    console: &Console,
    cmd: DisplayNameCommand,
) -> Result<Done, CommandError> {
    match cmd {
        DisplayNameCommand::Show(arg) => {
            let profile = pick(console, arg.profile.as_deref()).await?;
            let page = console.profile_page_without_photo(&profile.id).await?;
            Ok(Done::ok(
                to_json(&page.display_name),
                display_name_text(&page.display_name),
            ))
        }
        DisplayNameCommand::Request { name, profile } => {
            let findings = check_display_name(&name, None);
            let (fails, warns): (Vec<_>, Vec<_>) = findings
                .into_iter()
                .partition(|f| f.severity == Severity::Fail);
            for warn in &warns {
                eprintln!("warning: {}", warn.message);
            }
            if !fails.is_empty() {
                let errors = fails
                    .into_iter()
                    .map(|f| FieldError::new("name", f.message))
                    .collect();
                return Ok(refused(errors));
            }
            let profile = pick(console, profile.profile.as_deref()).await?;
            let answer = console
                .request_display_name(&DisplayNameRequest {
                    profile_id: profile.id.clone(),
                    new_name: name,
                })
                .await?;
            Ok(Done::ok(
                to_json(&answer),
                format!("Requested. {}", display_name_text(&answer)),
            ))
        }
    }
}
