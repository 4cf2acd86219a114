//! `waba send text|template|image|document|audio|video|sticker|buttons|list`, `waba send limits`
//! and `waba burst`: test sends from a terminal, through the same checks as the Send page (the
//! recipient parsed, the 24-hour window, every rule Meta would refuse the message for, a media
//! link fetched as Meta's fetcher would) before anything is sent.
//!
//! Exit codes: 0 sent (or, with `--dry-run`, nothing blocks the send); 1 a check blocks the
//! send, with or without `--dry-run` (nothing is sent or uploaded), or a burst ended with
//! failures; 2 the command could not be carried out (Meta refused the message: it is in the log
//! as refused; a bad flag; no token). Scripts outside the repository call these commands: their
//! flags and JSON field names are a contract.

use std::fmt::Write;
use std::path::PathBuf;

use clap::{ArgMatches, Args, Subcommand};
use waba_core::profile::Profile;
use waba_core::send::{
    blocks_send, check_media_content, BurstProgress, BurstRequest, BurstState, ButtonSubType,
    ButtonsMessage, CheckLinkRequest, ComposeRequest, InteractiveHeader, LineType, LinkCheck,
    ListMessage, ListRow, ListSection, MediaKind, MediaMessage, MediaSource, OutgoingMessage,
    ReplyButton, SendFinding, SendLimits, SendPreview, SendRule, SendSeverity, SendStatus,
    SentMessage, ServiceWindow, SetSendLimitsRequest, TemplateMessage, TemplateParameter,
    TemplateSendComponent, TextMessage,
};
use waba_core::template_lint::{ButtonType, ComponentType};
use waba_core::templates::TemplateFilter;
use waba_core::{CommandError, ErrorCode, ErrorDetails, FieldError};
use waba_service::Console;

use crate::{pick, render, to_json, Done};

/// What stands for the media ID in a dry run's request: the file is not uploaded, so Meta has
/// given no ID yet.
const MEDIA_ID_PLACEHOLDER: &str = "<media id after upload>";

#[derive(Subcommand)]
pub(crate) enum SendCommand {
    /// Free text (only inside the recipient's 24-hour window).
    Text {
        #[command(flatten)]
        target: SendTarget,
        /// The message text (at most 4,096 characters).
        #[arg(long)]
        body: String,
        /// Show a preview of the first link in the body.
        #[arg(long)]
        preview_url: bool,
    },
    /// An approved template, the only kind that reaches someone outside the 24-hour window.
    Template(TemplateArgs),
    /// An image (JPEG or PNG, at most 5 MB).
    Image {
        #[command(flatten)]
        target: SendTarget,
        #[command(flatten)]
        source: SourceArgs,
        /// A caption (at most 1,024 characters).
        #[arg(long)]
        caption: Option<String>,
    },
    /// A document (text, PDF, Word, Excel or PowerPoint, at most 100 MB).
    Document {
        #[command(flatten)]
        target: SendTarget,
        #[command(flatten)]
        source: SourceArgs,
        /// A caption (at most 1,024 characters).
        #[arg(long)]
        caption: Option<String>,
        /// The name the recipient sees, with its extension (default: the file's name).
        #[arg(long)]
        filename: Option<String>,
    },
    /// An audio file (AAC, AMR, MP3, MP4 audio or OGG/OPUS, at most 16 MB).
    Audio {
        #[command(flatten)]
        target: SendTarget,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// A video (MP4 or 3GPP, at most 16 MB).
    Video {
        #[command(flatten)]
        target: SendTarget,
        #[command(flatten)]
        source: SourceArgs,
        /// A caption (at most 1,024 characters).
        #[arg(long)]
        caption: Option<String>,
    },
    /// A sticker (WebP, at most 100 KB static or 500 KB animated).
    Sticker {
        #[command(flatten)]
        target: SendTarget,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Interactive reply buttons (1 to 3).
    Buttons(ButtonsArgs),
    /// An interactive list: --section TITLE starts a section, each --row goes to the last one.
    List(ListArgs),
    /// The pace the console keeps for the number (messages per second, the pair limit); the
    /// --set-* flags change it.
    Limits(LimitsArgs),
}

/// Who gets the message, from which profile, and whether to send it.
#[derive(Args)]
pub(crate) struct SendTarget {
    /// The recipient with its country code (`+1 650 555 1234`, `16505551234`).
    #[arg(long)]
    to: String,
    /// Profile name or id (default: the active profile).
    #[arg(long)]
    profile: Option<String>,
    /// Print the request (JSON and curl) and every finding; send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Send a free-form message although the 24-hour window is closed or the recipient never
    /// wrote (Meta may accept it, then fail it with 131047: the log shows it).
    #[arg(long)]
    send_outside_window: bool,
}

/// Where Meta gets the file: a public HTTPS link it fetches, or a file uploaded first.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub(crate) struct SourceArgs {
    /// A public HTTPS link to the file (checked as Meta's fetcher would meet it).
    #[arg(long)]
    link: Option<String>,
    /// A file on this computer, uploaded to the number's media first, then sent by its ID.
    #[arg(long)]
    file: Option<PathBuf>,
}

#[derive(Args)]
pub(crate) struct TemplateArgs {
    #[command(flatten)]
    target: SendTarget,
    /// The template's name.
    #[arg(long)]
    name: String,
    /// The template's language code, e.g. en_US.
    #[arg(long)]
    language: String,
    /// A body variable's value, in order (repeat for each).
    #[arg(long = "param")]
    params: Vec<String>,
    /// The header's text variable.
    #[arg(long = "header-param")]
    header_params: Vec<String>,
    /// A button's value as INDEX=VALUE, INDEX being Meta's 0-based position among the
    /// template's buttons (the checks' "button 1" is index 0): the end of a URL, a quick reply's
    /// payload or a code to copy, as the synced template's button takes it.
    #[arg(long = "button-param", value_parser = index_value)]
    button_params: Vec<(u32, String)>,
}

#[derive(Args)]
pub(crate) struct ButtonsArgs {
    #[command(flatten)]
    target: SendTarget,
    /// The message text (at most 1,024 characters).
    #[arg(long)]
    body: String,
    /// A button as ID=TITLE (the ID comes back in the webhook when it is tapped; title at most
    /// 20 characters). Repeat for each, 1 to 3.
    #[arg(long = "button", value_parser = reply_button, required = true)]
    buttons: Vec<ReplyButton>,
    /// A text header (at most 60 characters).
    #[arg(long)]
    header: Option<String>,
    /// A footer (at most 60 characters).
    #[arg(long)]
    footer: Option<String>,
}

#[derive(Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    target: SendTarget,
    /// The message text.
    #[arg(long)]
    body: String,
    /// The label of the button that opens the list (at most 20 characters).
    #[arg(long)]
    button_text: String,
    /// Starts a section with this title (at most 24 characters; required when there are several).
    #[arg(long = "section")]
    sections: Vec<String>,
    /// A row as ID=TITLE or ID=TITLE:DESCRIPTION, in the last --section given before it (up to 10
    /// rows in all).
    #[arg(long = "row", value_parser = list_row)]
    rows: Vec<ListRow>,
    /// For each row, how many --section flags came before it (from the command line's order).
    #[arg(skip)]
    sections_before_row: Vec<usize>,
    /// A text header (at most 60 characters).
    #[arg(long)]
    header: Option<String>,
    /// A footer (at most 60 characters).
    #[arg(long)]
    footer: Option<String>,
}

impl ListArgs {
    /// Records which section each row was given in: clap keeps the flags of each kind in order
    /// but not how --section and --row interleave, which the command line's indices tell.
    pub(crate) fn place_rows(&mut self, matches: &ArgMatches) {
        let sections: Vec<usize> = matches
            .indices_of("sections")
            .map(Iterator::collect)
            .unwrap_or_default();
        self.sections_before_row = matches
            .indices_of("rows")
            .map(|rows| {
                rows.map(|row| sections.iter().filter(|s| **s < row).count())
                    .collect()
            })
            .unwrap_or_default();
    }

    /// The sections with their rows; rows given before any --section open an untitled one.
    fn sections(&self) -> Vec<ListSection> {
        let section_of = |i: usize| self.sections_before_row.get(i).copied().unwrap_or(0);
        let rows_in = |section: usize| {
            self.rows
                .iter()
                .enumerate()
                .filter(|(i, _)| section_of(*i) == section)
                .map(|(_, row)| row.clone())
                .collect::<Vec<_>>()
        };
        let mut out = Vec::new();
        let leading = rows_in(0);
        if !leading.is_empty() || self.sections.is_empty() {
            out.push(ListSection {
                title: None,
                rows: leading,
            });
        }
        for (i, title) in self.sections.iter().enumerate() {
            out.push(ListSection {
                title: Some(title.clone()),
                rows: rows_in(i + 1),
            });
        }
        out
    }
}

#[derive(Args)]
pub(crate) struct LimitsArgs {
    /// Messages per second for the number (Meta: 80 by default, up to 1,000 after an upgrade).
    #[arg(long)]
    set_mps: Option<u32>,
    /// Seconds between two messages to the same recipient (Meta: about 6).
    #[arg(long)]
    pair_interval: Option<u32>,
    /// Messages to one recipient allowed at once before the pair interval applies.
    #[arg(long)]
    pair_burst: Option<u32>,
    /// Profile name or id (default: the active profile).
    #[arg(long)]
    profile: Option<String>,
}

#[derive(Args)]
pub(crate) struct BurstArgs {
    /// An approved template (synced: waba templates list).
    #[arg(long)]
    template: String,
    /// The template's language code, e.g. en_US.
    #[arg(long)]
    language: String,
    /// How many messages in all (1 to 10,000), spread over the recipients.
    #[arg(long)]
    count: u32,
    /// A recipient (repeat for each; default: the sandbox's test recipients, sandbox profile only).
    #[arg(long)]
    to: Vec<String>,
    /// A body variable's value, in order (repeat for each).
    #[arg(long = "param")]
    params: Vec<String>,
    /// Confirms a burst on a real profile (real, billable messages to real people).
    #[arg(long)]
    yes: bool,
    /// Profile name or id (default: the active profile).
    #[arg(long)]
    profile: Option<String>,
}

fn split_pair<'a>(input: &'a str, example: &str) -> Result<(&'a str, &'a str), String> {
    input
        .split_once('=')
        .ok_or_else(|| format!("\"{input}\" has no \"=\": write it as {example}"))
}

fn reply_button(input: &str) -> Result<ReplyButton, String> {
    let (id, title) = split_pair(input, "ID=TITLE, e.g. yes=Yes")?;
    Ok(ReplyButton {
        id: id.to_owned(),
        title: title.to_owned(),
    })
}

fn list_row(input: &str) -> Result<ListRow, String> {
    let (id, rest) = split_pair(
        input,
        "ID=TITLE or ID=TITLE:DESCRIPTION, e.g. r1=Red:Bright",
    )?;
    let (title, description) = match rest.split_once(':') {
        Some((title, description)) => (title, Some(description.to_owned())),
        None => (rest, None),
    };
    Ok(ListRow {
        id: id.to_owned(),
        title: title.to_owned(),
        description,
    })
}

fn index_value(input: &str) -> Result<(u32, String), String> {
    let (index, value) = split_pair(input, "INDEX=VALUE, e.g. 0=order-123")?;
    let index = index.trim().parse().map_err(|_| {
        format!("\"{index}\" is not a button index: give its 0-based position, e.g. 0=order-123")
    })?;
    Ok((index, value.to_owned()))
}

/// The message a command composes, and the file to upload first, if any.
struct Draft {
    message: OutgoingMessage,
    upload: Option<PathBuf>,
}

fn media(
    kind: MediaKind,
    source: SourceArgs,
    caption: Option<String>,
    filename: Option<String>,
) -> Draft {
    let (source, upload) = match (source.link, source.file) {
        (Some(url), _) => (MediaSource::Link { url }, None),
        (None, file) => (
            MediaSource::Uploaded {
                id: MEDIA_ID_PLACEHOLDER.to_owned(),
            },
            file,
        ),
    };
    // A document sent from a file keeps the file's name unless another is given.
    let filename = filename.or_else(|| {
        upload
            .as_ref()
            .filter(|_| kind == MediaKind::Document)
            .and_then(|path| path.file_name())
            .map(|name| name.to_string_lossy().into_owned())
    });
    Draft {
        message: OutgoingMessage::Media(MediaMessage {
            kind,
            source,
            caption,
            filename,
        }),
        upload,
    }
}

fn texts(values: &[String]) -> Vec<TemplateParameter> {
    values
        .iter()
        .map(|text| TemplateParameter::Text {
            text: text.clone(),
            parameter_name: None,
        })
        .collect()
}

/// The kinds of the template's buttons, in order, as the console last synced it (empty when it
/// is not synced).
async fn synced_buttons(
    console: &Console,
    profile: &Profile,
    args: &TemplateArgs,
) -> Result<Vec<ButtonType>, CommandError> {
    let listing = console
        .list_templates(TemplateFilter {
            profile_id: profile.id.clone(),
            language: Some(args.language.clone()),
            ..TemplateFilter::default()
        })
        .await?;
    Ok(listing
        .templates
        .iter()
        .find(|t| t.name == args.name && t.language == args.language)
        .and_then(|t| {
            t.components
                .iter()
                .find(|c| c.kind == ComponentType::Buttons)
        })
        .and_then(|c| c.buttons.as_ref())
        .map(|buttons| buttons.iter().map(|b| b.kind.clone()).collect())
        .unwrap_or_default())
}

/// A button's value as its kind takes it: URL buttons the end of their URL, quick replies a
/// payload, copy-code buttons the code. A button the synced template does not show (or a
/// template not synced) is taken as a URL button, the commonest with a value.
fn button_component(kind: Option<&ButtonType>, index: u32, value: &str) -> TemplateSendComponent {
    let value = value.to_owned();
    let (sub_type, parameter) = match kind {
        Some(ButtonType::QuickReply) => (
            ButtonSubType::QuickReply,
            TemplateParameter::Payload { payload: value },
        ),
        Some(ButtonType::CopyCode) => (
            ButtonSubType::CopyCode,
            TemplateParameter::CouponCode { coupon_code: value },
        ),
        _ => (
            ButtonSubType::Url,
            TemplateParameter::Text {
                text: value,
                parameter_name: None,
            },
        ),
    };
    TemplateSendComponent::Button {
        sub_type,
        index,
        parameters: vec![parameter],
    }
}

async fn template(
    console: &Console,
    profile: &Profile,
    args: &TemplateArgs,
) -> Result<Draft, CommandError> {
    let mut components = Vec::new();
    if !args.header_params.is_empty() {
        components.push(TemplateSendComponent::Header {
            parameters: texts(&args.header_params),
        });
    }
    if !args.params.is_empty() {
        components.push(TemplateSendComponent::Body {
            parameters: texts(&args.params),
        });
    }
    if !args.button_params.is_empty() {
        let buttons = synced_buttons(console, profile, args).await?;
        for (index, value) in &args.button_params {
            components.push(button_component(
                buttons.get(*index as usize),
                *index,
                value,
            ));
        }
    }
    Ok(Draft {
        message: OutgoingMessage::Template(TemplateMessage {
            name: args.name.clone(),
            language: args.language.clone(),
            components,
        }),
        upload: None,
    })
}

pub(crate) async fn run(console: &Console, cmd: SendCommand) -> Result<Done, CommandError> {
    let (target, draft) = match cmd {
        SendCommand::Limits(args) => return limits(console, args).await,
        SendCommand::Template(args) => {
            let profile = pick(console, args.target.profile.as_deref()).await?;
            let draft = template(console, &profile, &args).await?;
            return send(console, &profile, &args.target, draft).await;
        }
        SendCommand::Text {
            target,
            body,
            preview_url,
        } => (
            target,
            Draft {
                message: OutgoingMessage::Text(TextMessage { body, preview_url }),
                upload: None,
            },
        ),
        SendCommand::Image {
            target,
            source,
            caption,
        } => (target, media(MediaKind::Image, source, caption, None)),
        SendCommand::Document {
            target,
            source,
            caption,
            filename,
        } => (
            target,
            media(MediaKind::Document, source, caption, filename),
        ),
        SendCommand::Audio { target, source } => {
            (target, media(MediaKind::Audio, source, None, None))
        }
        SendCommand::Video {
            target,
            source,
            caption,
        } => (target, media(MediaKind::Video, source, caption, None)),
        SendCommand::Sticker { target, source } => {
            (target, media(MediaKind::Sticker, source, None, None))
        }
        SendCommand::Buttons(args) => (
            args.target,
            Draft {
                message: OutgoingMessage::Buttons(ButtonsMessage {
                    body: args.body,
                    header: args.header.map(|text| InteractiveHeader::Text { text }),
                    footer: args.footer,
                    buttons: args.buttons,
                }),
                upload: None,
            },
        ),
        SendCommand::List(args) => {
            let sections = args.sections();
            (
                args.target,
                Draft {
                    message: OutgoingMessage::List(ListMessage {
                        body: args.body,
                        header: args.header,
                        footer: args.footer,
                        button: args.button_text,
                        sections,
                    }),
                    upload: None,
                },
            )
        }
    };
    let profile = pick(console, target.profile.as_deref()).await?;
    send(console, &profile, &target, draft).await
}

/// The local check of a file to upload: it can be read, and its size is within the kind's
/// limit. Its type is told from its name by the upload itself.
fn check_file(
    kind: MediaKind,
    path: &std::path::Path,
) -> Result<(u64, Vec<SendFinding>), CommandError> {
    let size = std::fs::metadata(path)
        .map_err(|e| {
            CommandError::invalid_fields(vec![FieldError::new(
                "file",
                format!(
                    "{} could not be read ({e}). Check the path and that the file is readable.",
                    path.display()
                ),
            )])
        })?
        .len();
    let mut findings = check_media_content(kind, None, Some(size), "/source");
    findings.retain(|f| f.rule != SendRule::ContentType);
    Ok((size, findings))
}

/// Adds the findings of fetching a media link (those the preview's own link rules did not
/// already give), pointed at the message's link.
fn merge_link_check(preview: &mut SendPreview, link: &LinkCheck) {
    for finding in &link.findings {
        let known = preview
            .findings
            .iter()
            .any(|f| f.rule == finding.rule && f.message == finding.message);
        if !known {
            preview.findings.push(SendFinding {
                path: "/source/url".to_owned(),
                ..finding.clone()
            });
        }
    }
    preview.blocked = preview.blocked || link.blocked;
}

/// A refusal of the checks (`sendBlocked`) read as the findings it carries.
fn blocked_findings(error: &CommandError) -> Option<Vec<SendFinding>> {
    if error.code != ErrorCode::SendBlocked {
        return None;
    }
    Some(match &error.details {
        Some(ErrorDetails::Findings { findings }) => findings.clone(),
        _ => Vec::new(),
    })
}

/// A refusal of the checks that came at the last moment (the upload's, or the send's own):
/// exit 1 as any blocking finding, the refusal printed as it is.
fn blocked_late(error: CommandError, findings: &[SendFinding]) -> Done {
    let mut text = render::error(&error);
    for f in findings {
        let _ = write!(text, "\n  {}", finding_line(f));
    }
    Done {
        json: serde_json::json!({ "sent": false, "blocked": true, "error": error }),
        text,
        passed: false,
    }
}

async fn send(
    console: &Console,
    profile: &Profile,
    target: &SendTarget,
    draft: Draft,
) -> Result<Done, CommandError> {
    let mut request = ComposeRequest {
        profile_id: profile.id.clone(),
        to: target.to.clone(),
        message: draft.message,
        send_outside_window: target.send_outside_window,
    };
    let mut preview = console.preview_send(&request).await?;
    let media_kind = match &request.message {
        OutgoingMessage::Media(m) => Some(m.kind),
        _ => None,
    };
    let mut upload_json = None;
    if let (Some(path), Some(kind)) = (&draft.upload, media_kind) {
        let (size, findings) = check_file(kind, path)?;
        preview.blocked = preview.blocked || blocks_send(&findings);
        preview.findings.extend(findings);
        upload_json = Some(serde_json::json!({
            "file": path.display().to_string(),
            "sizeBytes": size,
            "mediaId": MEDIA_ID_PLACEHOLDER,
        }));
    }
    let mut link_check = None;
    if let OutgoingMessage::Media(MediaMessage {
        kind,
        source: MediaSource::Link { url },
        ..
    }) = &request.message
    {
        if !preview.blocked {
            let link = console
                .check_media_link(&CheckLinkRequest {
                    kind: *kind,
                    url: url.clone(),
                })
                .await?;
            merge_link_check(&mut preview, &link);
            link_check = Some(link);
        }
    }
    if target.dry_run || preview.blocked {
        let mut json = to_json(&preview);
        json["sent"] = false.into();
        json["dryRun"] = target.dry_run.into();
        if let Some(upload) = upload_json {
            json["upload"] = upload;
        }
        if let Some(link) = &link_check {
            json["linkCheck"] = to_json(link);
        }
        return Ok(Done {
            text: preview_text(&preview, target.dry_run, draft.upload.as_deref()),
            json,
            passed: !preview.blocked,
        });
    }

    let mut uploaded = None;
    if let (Some(path), OutgoingMessage::Media(m)) = (&draft.upload, &mut request.message) {
        let media = match console.upload_media_file(&profile.id, m.kind, path).await {
            Ok(media) => media,
            Err(e) => match blocked_findings(&e) {
                Some(findings) => return Ok(blocked_late(e, &findings)),
                None => return Err(e),
            },
        };
        m.source = MediaSource::Uploaded {
            id: media.media_id.clone(),
        };
        uploaded = Some(media);
    }
    let sent = match console.send_message(&request).await {
        Ok(sent) => sent,
        Err(e) => {
            if let Some(findings) = blocked_findings(&e) {
                return Ok(blocked_late(e, &findings));
            }
            return Err(refused_in_log(e));
        }
    };
    let mut json = to_json(&sent);
    json["sent"] = true.into();
    json["recipient"] = to_json(&preview.recipient);
    json["window"] = to_json(&preview.window);
    json["tracking"] = to_json(&preview.tracking);
    if let Some(media) = &uploaded {
        json["upload"] = to_json(media);
    }
    Ok(Done::ok(
        json,
        sent_text(&preview, &sent, uploaded.as_ref()),
    ))
}

/// Meta's refusal, saying where the message is now (the log keeps it as refused).
fn refused_in_log(mut error: CommandError) -> CommandError {
    if error.graph().is_some() {
        error.message = format!(
            "{} The message is in the log as refused: waba messages list --status refused.",
            error.message
        );
    }
    error
}

fn line_type(t: LineType) -> &'static str {
    match t {
        LineType::Mobile => "mobile",
        LineType::FixedLine => "fixed line",
        LineType::FixedLineOrMobile => "fixed line or mobile",
        LineType::TollFree => "toll free",
        LineType::Voip => "VoIP",
        LineType::Other => "other line",
    }
}

fn duration_words(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

fn recipient_lines(out: &mut String, preview: &SendPreview) {
    match (&preview.recipient, &preview.recipient_error) {
        (Some(r), _) => {
            let _ = write!(
                out,
                "To: {} ({}, {}), sent as {}",
                r.international,
                r.region.as_deref().unwrap_or("no country"),
                line_type(r.line_type),
                r.e164
            );
            for hint in &r.hints {
                let uncertain = if hint.uncertain {
                    " (reported by developers, not documented by Meta)"
                } else {
                    ""
                };
                let _ = write!(out, "\n  hint: {}{uncertain}", hint.message);
            }
        }
        (None, Some(error)) => {
            let _ = write!(out, "To: cannot send to this number: {}", error.message);
        }
        (None, None) => {}
    }
    match &preview.window {
        Some(ServiceWindow::NeverWrote) => out.push_str(
            "\nWindow: this recipient never wrote to this number: only a template reaches them.",
        ),
        Some(ServiceWindow::Open {
            last_inbound_at,
            until,
            minutes_left,
        }) => {
            let _ = write!(
                out,
                "\nWindow: open until {until} ({} left; last wrote {last_inbound_at}).",
                duration_words(*minutes_left)
            );
        }
        Some(ServiceWindow::Closed {
            since,
            hours_since_inbound,
            ..
        }) => {
            let _ = write!(
                out,
                "\nWindow: closed since {since} (last wrote {hours_since_inbound} h ago): templates only until they write again."
            );
        }
        None => {}
    }
}

fn finding_line(f: &SendFinding) -> String {
    let severity = match f.severity {
        SendSeverity::Error => "ERROR",
        SendSeverity::Warning => "WARN",
    };
    let rule = serde_json::to_value(f.rule)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let place = if f.path.is_empty() {
        String::new()
    } else {
        format!(" {}", f.path)
    };
    format!("{severity} [{rule}]{place}: {} Fix: {}", f.message, f.fix)
}

fn preview_text(preview: &SendPreview, dry_run: bool, upload: Option<&std::path::Path>) -> String {
    let mut out = String::new();
    recipient_lines(&mut out, preview);
    if preview.findings.is_empty() && preview.recipient_error.is_none() {
        out.push_str("\nChecks: nothing Meta would refuse this message for.");
    }
    for f in &preview.findings {
        let _ = write!(out, "\n{}", finding_line(f));
    }
    let window_rule = preview
        .findings
        .iter()
        .any(|f| matches!(f.rule, SendRule::WindowClosed | SendRule::NeverWrote));
    if window_rule
        && !preview
            .findings
            .iter()
            .any(|f| f.fix.contains(&preview.key_rule))
    {
        let _ = write!(out, "\nKey rule: {}", preview.key_rule);
    }
    if dry_run {
        let request = &preview.request;
        let _ = write!(
            out,
            "\nRequest: {} {}",
            request.method().as_str(),
            request.url()
        );
        if let Some(body) = request.body() {
            let _ = write!(
                out,
                "\n{}",
                serde_json::to_string_pretty(body.value()).unwrap_or_default()
            );
        }
        let _ = write!(out, "\ncurl: {}", request.to_curl());
        if let Some(path) = upload {
            let _ = write!(
                out,
                "\nUpload: {} is not uploaded in a dry run; the request shows \"{MEDIA_ID_PLACEHOLDER}\" where the ID Meta gives the upload will stand.",
                path.display()
            );
        }
        let _ = write!(out, "\nStatuses: {}", preview.tracking.note);
    }
    let _ = write!(
        out,
        "\n{}",
        if preview.blocked {
            "Blocked: nothing was sent. Fix the errors above, then run the command again."
        } else {
            "Dry run: nothing was sent. Run it again without --dry-run to send it."
        }
    );
    out
}

fn sent_text(
    preview: &SendPreview,
    sent: &SentMessage,
    uploaded: Option<&waba_core::send::UploadedMedia>,
) -> String {
    let mut out = String::new();
    recipient_lines(&mut out, preview);
    for f in &sent.warnings {
        let _ = write!(out, "\n{}", finding_line(f));
    }
    if let Some(media) = uploaded {
        let _ = write!(
            out,
            "\nUploaded {} ({}, {} bytes) as media {}.",
            media.file_name, media.content_type, media.size_bytes, media.media_id
        );
    }
    let m = &sent.message;
    match m.status {
        SendStatus::Unknown => {
            let _ = write!(
                out,
                "\nNo answer came from Meta: logged as unknown (log {}). It is not sent again; its first status webhook settles it (waba messages list).",
                m.id
            );
        }
        status => {
            let _ = write!(
                out,
                "\nSent: logged as {} with {} (log {}).",
                status.as_str(),
                m.wamid.as_deref().unwrap_or("no wamid"),
                m.id
            );
        }
    }
    let _ = write!(out, "\nStatuses: {}", preview.tracking.note);
    out
}

fn limits_text(profile: &Profile, limits: &SendLimits, changed: bool) -> String {
    format!(
        "{} pace of number {} (profile \"{}\"): {} messages per second; to one recipient {} at once, then one every {} s.",
        if changed { "New" } else { "The" },
        profile.phone_number_id,
        profile.name,
        limits.messages_per_second,
        limits.pair_burst,
        limits.pair_interval_seconds
    )
}

async fn limits(console: &Console, args: LimitsArgs) -> Result<Done, CommandError> {
    let profile = pick(console, args.profile.as_deref()).await?;
    let current = console.send_limits(&profile.id).await?;
    if args.set_mps.is_none() && args.pair_interval.is_none() && args.pair_burst.is_none() {
        return Ok(Done::ok(
            to_json(&current),
            limits_text(&profile, &current, false),
        ));
    }
    let limits = console
        .set_send_limits(&SetSendLimitsRequest {
            profile_id: profile.id.clone(),
            limits: SendLimits {
                messages_per_second: args.set_mps.unwrap_or(current.messages_per_second),
                pair_interval_seconds: args.pair_interval.unwrap_or(current.pair_interval_seconds),
                pair_burst: args.pair_burst.unwrap_or(current.pair_burst),
            },
        })
        .await?;
    Ok(Done::ok(
        to_json(&limits),
        limits_text(&profile, &limits, true),
    ))
}

fn burst_text(args: &BurstArgs, p: &BurstProgress) -> String {
    let mut out = format!(
        "Burst of {} x {} ({}) to {}: {}.",
        p.requested,
        args.template,
        args.language,
        p.recipients.join(", "),
        match p.state {
            BurstState::Running => "still running",
            BurstState::Done => "done",
            BurstState::Cancelled => "cancelled",
            BurstState::Failed => "stopped before the end",
        }
    );
    let _ = write!(
        out,
        "\nSent {} in {:.2} s: {:.1} per second (the number's limit: {}); {} accepted; {} throttled (130429, each retried).",
        p.sent, p.seconds, p.achieved_per_second, p.allowed_per_second, p.accepted, p.throttled
    );
    for failure in &p.failures {
        let code = failure
            .code
            .map_or_else(|| "no answer".to_owned(), |c| c.to_string());
        let _ = write!(out, "\n  {} x {code}: {}", failure.count, failure.title);
    }
    if let Some(note) = &p.note {
        let _ = write!(out, "\n{note}");
    }
    if let Some(error) = &p.error {
        let _ = write!(out, "\nStopped: {error}");
    }
    out
}

pub(crate) async fn burst(console: &Console, args: BurstArgs) -> Result<Done, CommandError> {
    let profile = pick(console, args.profile.as_deref()).await?;
    let progress = console
        .run_burst(&BurstRequest {
            profile_id: profile.id.clone(),
            template: args.template.clone(),
            language: args.language.clone(),
            count: args.count,
            to: args.to.clone(),
            parameters: args.params.clone(),
            confirmed: args.yes,
        })
        .await?;
    Ok(Done {
        text: burst_text(&args, &progress),
        passed: progress.state == BurstState::Done && progress.failures.is_empty(),
        json: to_json(&progress),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, FromArgMatches};

    #[derive(clap::Parser)]
    struct Harness {
        #[command(subcommand)]
        send: SendCommand,
    }

    fn list(args: &[&str]) -> Vec<ListSection> {
        let matches = Harness::command()
            .try_get_matches_from(args)
            .unwrap_or_else(|e| panic!("{e}"));
        let harness = Harness::from_arg_matches(&matches).unwrap();
        let SendCommand::List(mut list) = harness.send else {
            panic!("not a list")
        };
        list.place_rows(matches.subcommand_matches("list").unwrap());
        list.sections()
    }

    #[test]
    fn rows_go_to_the_last_section_given_before_them() {
        let base = [
            "h",
            "list",
            "--to",
            "1",
            "--body",
            "B",
            "--button-text",
            "Pick",
        ];
        let sections = list(
            &[
                &base[..],
                &[
                    "--row",
                    "a=A",
                    "--section",
                    "Warm",
                    "--row",
                    "r=Red:Bright",
                    "--row",
                    "o=Orange",
                    "--section",
                    "Cold",
                    "--row",
                    "b=Blue",
                ],
            ]
            .concat(),
        );
        let shape: Vec<(Option<&str>, Vec<&str>)> = sections
            .iter()
            .map(|s| {
                (
                    s.title.as_deref(),
                    s.rows.iter().map(|r| r.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (None, vec!["a"]),
                (Some("Warm"), vec!["r", "o"]),
                (Some("Cold"), vec!["b"]),
            ]
        );
        assert_eq!(sections[1].rows[0].description.as_deref(), Some("Bright"));
        assert_eq!(sections[1].rows[0].title, "Red");

        let untitled = list(&[&base[..], &["--row", "a=A", "--row", "b=B"]].concat());
        assert_eq!(untitled.len(), 1);
        assert_eq!(untitled[0].title, None);
        assert_eq!(untitled[0].rows.len(), 2);
    }

    #[test]
    fn a_button_value_takes_the_shape_of_the_synced_button() {
        let wire = |kind: Option<ButtonType>| {
            let component = button_component(kind.as_ref(), 1, "v");
            OutgoingMessage::Template(TemplateMessage {
                name: "t".into(),
                language: "en_US".into(),
                components: vec![component],
            })
            .to_graph_body(TO_FOR_TESTS)["template"]["components"][0]
                .clone()
        };
        let quick = wire(Some(ButtonType::QuickReply));
        assert_eq!(quick["sub_type"], "quick_reply");
        assert_eq!(quick["parameters"][0]["payload"], "v");
        let code = wire(Some(ButtonType::CopyCode));
        assert_eq!(code["parameters"][0]["coupon_code"], "v");
        let unknown = wire(None);
        assert_eq!(unknown["sub_type"], "url");
        assert_eq!(unknown["parameters"][0]["text"], "v");
    }

    const TO_FOR_TESTS: &str = "16505551234";

    #[test]
    fn pairs_without_an_equals_sign_say_how_to_write_them() {
        assert!(reply_button("yes").unwrap_err().contains("ID=TITLE"));
        assert_eq!(index_value("1=abc").unwrap(), (1, "abc".to_owned()));
        assert!(index_value("x=abc").unwrap_err().contains("0-based"));
        assert_eq!(reply_button("id=A=B").unwrap().title, "A=B");
    }
}
