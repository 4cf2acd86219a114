//! `waba messages list`: the message log from a terminal, newest first, with the window's
//! filters (status, recipient, type, period, search) and its verdicts: a message accepted long
//! ago with no status since is flagged, a refused or failed one shows Meta's error read through
//! the catalogue with its fix.

use std::fmt::Write;

use clap::{Args, Subcommand};
use waba_core::send::{
    LoggedMessage, MediaKind, MessageKind, MessageLogPage, MessageLogQuery, SendStatus,
    STALE_AFTER_MINUTES,
};
use waba_core::CommandError;
use waba_service::Console;

use crate::{pick, to_json, Done};

#[derive(Subcommand)]
pub(crate) enum MessagesCommand {
    /// The messages the console sent (or tried to), newest first.
    List(ListArgs),
}

#[derive(Args)]
pub(crate) struct ListArgs {
    /// Only this status: pending, accepted, refused, unknown, sent, delivered, read, played or
    /// failed.
    #[arg(long, value_parser = status)]
    status: Option<SendStatus>,
    /// Only messages to this recipient (as typed: `+1 650 555 1234` or digits).
    #[arg(long)]
    recipient: Option<String>,
    /// Only this type: text, template, image, document, audio, video, sticker, buttons or list.
    #[arg(long = "type", value_parser = message_kind)]
    kind: Option<MessageKind>,
    /// From this time on (RFC 3339, or YYYY-MM-DD for the start of that day, UTC).
    #[arg(long)]
    since: Option<String>,
    /// Before this time (RFC 3339, or YYYY-MM-DD for the end of that day, UTC).
    #[arg(long)]
    until: Option<String>,
    /// Words of the summary or digits of the recipient.
    #[arg(long)]
    search: Option<String>,
    /// At most this many (default 100, at most 500).
    #[arg(long)]
    limit: Option<u32>,
    /// The next page: the log ID the previous page said to continue before.
    #[arg(long)]
    before_id: Option<i64>,
    /// Profile name or id (default: the active profile).
    #[arg(long)]
    profile: Option<String>,
}

fn status(input: &str) -> Result<SendStatus, String> {
    SendStatus::parse(&input.to_ascii_lowercase()).ok_or_else(|| {
        let known: Vec<_> = SendStatus::ALL.iter().map(|s| s.as_str()).collect();
        format!(
            "\"{input}\" is not a status; use one of: {}",
            known.join(", ")
        )
    })
}

fn message_kind(input: &str) -> Result<MessageKind, String> {
    serde_json::from_value(serde_json::Value::String(input.to_ascii_lowercase())).map_err(|_| {
        let media: Vec<_> = MediaKind::ALL.iter().map(|k| k.as_graph()).collect();
        format!(
            "\"{input}\" is not a message type; use text, template, buttons, list or a media kind ({})",
            media.join(", ")
        )
    })
}

/// A value's wire spelling (`buttons`, `delivered`).
fn wire<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// An RFC 3339 time to the second (`2026-12-01T20:24:34Z`), for the table.
fn to_the_second(time: &str) -> String {
    match time.split_once('.') {
        Some((seconds, fraction)) if fraction.ends_with('Z') => format!("{seconds}Z"),
        _ => time.to_owned(),
    }
}

fn message_line(out: &mut String, m: &LoggedMessage) {
    let _ = write!(
        out,
        "\n{:>6}  {:<20}  {:<15}  {:<9}  {:<9}  {}",
        m.id,
        to_the_second(&m.created_at),
        m.recipient,
        wire(&m.kind),
        m.status.as_str(),
        m.summary
    );
    if let Some(wamid) = &m.wamid {
        let _ = write!(out, "\n        wamid: {wamid}");
    }
    if m.stale {
        let _ = write!(
            out,
            "\n        no status for over {STALE_AFTER_MINUTES} min: Meta reports sent (or failed, with 131047 or 131026) within seconds, so the status webhooks most likely do not reach the console; check the receiver and the routing (waba webhook routing)."
        );
    }
    if let Some(error) = &m.error {
        let code = error
            .code
            .map_or_else(|| "no code".to_owned(), |c| c.to_string());
        let _ = write!(out, "\n        error {code}: {}", error.meta_message);
        if let Some(d) = &error.diagnosis {
            let _ = write!(out, "\n        {}: {}", d.title, d.meaning);
            if let Some(fix) = d.fix.first() {
                let _ = write!(out, " Fix: {fix}");
            }
        }
    }
    if let (Some(category), billable) = (&m.pricing_category, m.billable) {
        let billed = match billable {
            Some(true) => ", billable",
            Some(false) => ", not billable",
            None => "",
        };
        let _ = write!(out, "\n        pricing: {category}{billed}");
    }
}

fn page_text(page: &MessageLogPage, first_page: bool) -> String {
    if page.messages.is_empty() {
        return if page.total == 0 {
            "No message matches. Send one with: waba send template --to NUMBER --name hello_world --language en_US".to_owned()
        } else {
            format!("No more messages: {} match in all.", page.total)
        };
    }
    let mut out = format!(
        "{} message(s) match; {} shown, newest first.\n{:>6}  {:<20}  {:<15}  {:<9}  {:<9}  SUMMARY",
        page.total,
        page.messages.len(),
        "ID",
        "CREATED",
        "TO",
        "TYPE",
        "STATUS"
    );
    for m in &page.messages {
        message_line(&mut out, m);
    }
    // The first page that shows every match has no next page, whatever the store's cursor says.
    let all_shown = first_page && page.messages.len() as u64 >= page.total;
    if let Some(before) = page.next_before_id.filter(|_| !all_shown) {
        let _ = write!(
            out,
            "\nMore: add --before-id {before} (with the same filters) for the next page."
        );
    }
    out
}

pub(crate) async fn run(console: &Console, cmd: MessagesCommand) -> Result<Done, CommandError> {
    let MessagesCommand::List(args) = cmd;
    let first_page = args.before_id.is_none();
    let profile = pick(console, args.profile.as_deref()).await?;
    let page = console
        .message_log(&MessageLogQuery {
            profile_id: profile.id.clone(),
            status: args.status,
            recipient: args.recipient,
            kind: args.kind,
            since: args.since,
            until: args.until,
            search: args.search,
            before_id: args.before_id,
            limit: args.limit,
        })
        .await?;
    Ok(Done::ok(to_json(&page), page_text(&page, first_page)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_types_parse_as_the_log_spells_them() {
        assert_eq!(status("Delivered"), Ok(SendStatus::Delivered));
        assert!(status("gone").unwrap_err().contains("accepted"));
        assert_eq!(message_kind("buttons"), Ok(MessageKind::Buttons));
        assert_eq!(message_kind("IMAGE"), Ok(MessageKind::Image));
        assert!(message_kind("photo").unwrap_err().contains("sticker"));
    }
}
