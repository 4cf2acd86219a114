//! Every rule Meta would refuse a test message for, checked before sending (facts §10.2-10.6,
//! §11, §2.3), as findings: a stable kebab-case rule id, a severity (an error blocks the send and
//! makes `waba send` exit 1; a warning is shown and sent anyway), the field as a JSON pointer into
//! the [`OutgoingMessage`] the form sends (`/buttons/1/title`), what is wrong and how to fix it.
//!
//! Lengths are counted in Unicode characters (code points, Rust's `chars()`, JavaScript's
//! `[...text].length`, not `text.length`), as the template linter counts them: Meta says
//! "characters" without naming a unit [uncertain], and code points never count an emoji twice,
//! where UTF-16 would.

use crate::templates::grouped;
use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::message::{
    present, ButtonSubType, ButtonsMessage, InteractiveHeader, ListMessage, MediaKind,
    MediaMessage, MediaSource, OutgoingMessage, TemplateMessage, TemplateParameter,
    TemplateSendComponent,
};
use crate::graph_states::{GraphState, TemplateStatus};
use crate::template_lint::vars::{scan, VarKey};
use crate::template_lint::wording::SHORTENERS;
use crate::template_lint::{ButtonType, ComponentType, HeaderFormat, TemplateComponent};
use crate::templates::TemplateInfo;

/// A text message's body (facts §10.2).
pub const TEXT_BODY_MAX: usize = 4_096;
/// A caption of an image, video or document (facts §10.4).
pub const CAPTION_MAX: usize = 1_024;
/// The body of reply buttons (facts §10.5).
pub const BUTTONS_BODY_MAX: usize = 1_024;
/// The body of a list per Meta's current docs (facts §10.6).
pub const LIST_BODY_MAX: usize = 4_096;
/// The list body limit of older docs and many libraries: above it, a warning (facts §10.6).
pub const LIST_BODY_OLD_MAX: usize = 1_024;
/// Header text and footer of interactive messages (facts §10.5, §10.6).
pub const HEADER_TEXT_MAX: usize = 60;
pub const FOOTER_MAX: usize = 60;
/// Reply buttons: 1 to 3, titles up to 20, IDs up to 256 (facts §10.5).
pub const BUTTONS_MAX: usize = 3;
pub const BUTTON_TITLE_MAX: usize = 20;
pub const BUTTON_ID_MAX: usize = 256;
/// Lists (facts §10.6).
pub const LIST_BUTTON_MAX: usize = 20;
pub const SECTIONS_MAX: usize = 10;
/// Rows in total, across sections.
pub const ROWS_MAX: usize = 10;
pub const ROW_TITLE_MAX: usize = 24;
pub const ROW_DESCRIPTION_MAX: usize = 72;
pub const ROW_ID_MAX: usize = 200;
pub const SECTION_TITLE_MAX: usize = 24;
/// A template's header and body once the values are in (132005; Meta's messages reference:
/// 1,024 for a body next to other components, 32,768 for a template that is only a body).
pub const TEMPLATE_HEADER_MAX: usize = 60;
pub const TEMPLATE_BODY_MAX: usize = 1_024;
pub const TEMPLATE_BODY_ALONE_MAX: usize = 32_768;

/// Whether a finding blocks the send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SendSeverity {
    /// Meta would refuse the message (or fail it later): fix it before sending.
    Error,
    /// Meta may refuse or misdeliver it: shown, and sent if the admin goes ahead.
    Warning,
}

/// Which rule a finding comes from. Stable ids (the window and `waba send --json` match on them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum SendRule {
    /// A required text is empty (a body, a button title, an ID, a media ID).
    Required,
    /// A text is over Meta's limit for that field.
    TooLong,
    /// A list body over 1,024 characters: accepted by current docs, refused by older ones.
    ListBodyLong,
    /// Reply buttons: not 1 to 3.
    ButtonCount,
    /// A list with no section or more than 10.
    SectionCount,
    /// A list with no row, more than 10 rows in total, or an empty section.
    RowCount,
    /// Two buttons (or two rows) with the same ID: the reply could not tell them apart.
    DuplicateId,
    /// Two reply buttons with the same title.
    DuplicateTitle,
    /// A list of several sections with a section that has no title (Meta's list reference: a
    /// title is required when there is more than one section; not in the facts file).
    SectionTitleMissing,
    /// A caption on audio or a sticker.
    CaptionNotAllowed,
    /// A filename on something other than a document.
    FilenameNotAllowed,
    /// A document without a filename, or a filename without an extension.
    Filename,
    /// Not a URL.
    LinkInvalid,
    /// Not `https://`.
    LinkNotHttps,
    /// A link shortener (bit.ly, ...).
    LinkShortener,
    /// A host Meta's fetcher cannot reach (localhost, a private address).
    LinkNotPublic,
    /// The link answered 401 or 403: it needs credentials, and Meta's fetcher sends none.
    LinkNeedsAuth,
    /// The link answered 404 or 410.
    LinkNotFound,
    /// The link answered another error status, or redirected too often.
    LinkFailed,
    /// The link could not be fetched at all (no connection, TLS refused, no answer in time).
    LinkUnreachable,
    /// A content type Meta does not accept for that media kind.
    ContentType,
    /// A file over that media kind's size limit.
    MediaTooLarge,
    /// The template's name or language is not the one picked.
    TemplateMismatch,
    /// The template cannot be sent in its current status.
    TemplateNotApproved,
    /// Not as many values as the component has variables (132000).
    TemplateParamCount,
    /// A button that needs a value has none (131008).
    TemplateParamMissing,
    /// A media header given as something else, or not given (132012).
    TemplateParamFormat,
    /// NAMED parameters: a value without `parameterName`, or a name the template lacks.
    TemplateParamName,
    /// The header or body is over Meta's limit once the values are in (132005).
    TemplateTooLong,
    /// Free-form message while the 24-hour window is closed (131047).
    WindowClosed,
    /// Free-form message to someone who never wrote to this number.
    NeverWrote,
}

/// One thing wrong with a message, in the admin's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SendFinding {
    pub rule: SendRule,
    pub severity: SendSeverity,
    /// JSON pointer into the message as the form sends it (`/sections/0/rows/2/title`); `""` is
    /// the message as a whole.
    pub path: String,
    /// What is wrong, one sentence.
    pub message: String,
    /// How to fix it, one sentence.
    pub fix: String,
}

impl SendFinding {
    pub fn error(
        rule: SendRule,
        path: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            severity: SendSeverity::Error,
            path: path.into(),
            message: message.into(),
            fix: fix.into(),
        }
    }

    pub fn warning(
        rule: SendRule,
        path: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            severity: SendSeverity::Warning,
            ..Self::error(rule, path, message, fix)
        }
    }
}

/// The [`crate::ErrorCode::SendBlocked`] error for `findings`: `lead` ("Nothing was sent"), then
/// the first blocking finding with its fix; every blocking finding in its details.
pub fn send_blocked(
    lead: &str,
    action: &str,
    mut findings: Vec<SendFinding>,
) -> crate::CommandError {
    findings.retain(|f| f.severity == SendSeverity::Error);
    let first = findings
        .first()
        .map_or_else(String::new, |f| format!(": {} {}", f.message, f.fix));
    crate::CommandError::new(crate::ErrorCode::SendBlocked, format!("{lead}{first}"))
        .with_action(action)
        .with_details(crate::ErrorDetails::Findings { findings })
}

/// Whether any finding blocks the send (`waba send` exits 1, also with `--dry-run`).
pub fn blocks_send(findings: &[SendFinding]) -> bool {
    findings.iter().any(|f| f.severity == SendSeverity::Error)
}

/// Every rule over `message`. `template` is the picked template as the console last synced it,
/// when known: the values are then checked against its variables.
pub fn validate(message: &OutgoingMessage, template: Option<&TemplateInfo>) -> Vec<SendFinding> {
    let mut out = Vec::new();
    match message {
        OutgoingMessage::Text(t) => {
            required(&mut out, "/body", &t.body, "The message text");
            too_long(
                &mut out,
                "/body",
                &t.body,
                TEXT_BODY_MAX,
                "The message text",
            );
        }
        OutgoingMessage::Template(t) => template_message(&mut out, t, template),
        OutgoingMessage::Media(m) => media_message(&mut out, m),
        OutgoingMessage::Buttons(b) => buttons_message(&mut out, b),
        OutgoingMessage::List(l) => list_message(&mut out, l),
    }
    out
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn required(out: &mut Vec<SendFinding>, path: &str, text: &str, what: &str) {
    if text.trim().is_empty() {
        out.push(SendFinding::error(
            SendRule::Required,
            path,
            format!("{what} is empty: Meta refuses the message without it."),
            format!("Type {}.", lowercase_first(what)),
        ));
    }
}

/// "The media ID" as it reads inside a sentence: "the media ID" (acronyms kept).
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "1 character", "1,024 characters".
fn characters(n: usize) -> String {
    if n == 1 {
        "1 character".to_owned()
    } else {
        format!("{} characters", grouped(n))
    }
}

fn too_long(out: &mut Vec<SendFinding>, path: &str, text: &str, max: usize, what: &str) {
    let n = chars(text);
    if n > max {
        out.push(SendFinding::error(
            SendRule::TooLong,
            path,
            format!(
                "{what} is {} characters long: Meta allows at most {}.",
                grouped(n),
                grouped(max)
            ),
            format!("Shorten it by {}.", characters(n - max)),
        ));
    }
}

/// Whether Meta's fetcher could reach an IPv4 address: not loopback, private, link-local,
/// shared (100.64.0.0/10, carrier-grade NAT), multicast, broadcast or unspecified.
fn is_public_v4(ip: std::net::Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_broadcast()
        || (a == 100 && (64..128).contains(&b)))
}

/// The checks of a link Meta will fetch: HTTPS only, not a shortener, a host Meta can reach.
/// Whether it answers without authentication, with a content type Meta accepts and under the size
/// limit needs a request: the service makes it and judges the answer with
/// [`crate::send::check_media_content`].
pub fn check_link(url: &str, path: &str) -> Vec<SendFinding> {
    let parsed = match url::Url::parse(url.trim()) {
        Ok(parsed) => parsed,
        Err(e) => {
            return vec![SendFinding::error(
                SendRule::LinkInvalid,
                path,
                format!("\"{url}\" is not a link Meta can fetch ({e})."),
                "Paste the full address, starting with https://.",
            )]
        }
    };
    let mut out = Vec::new();
    if parsed.scheme() != "https" {
        out.push(SendFinding::error(
            SendRule::LinkNotHttps,
            path,
            format!(
                "The link starts with {}://: Meta fetches media over HTTPS only.",
                parsed.scheme()
            ),
            "Serve the file over https://, or upload it from this computer instead.",
        ));
    }
    match parsed.host() {
        Some(url::Host::Domain(host)) => {
            let host = host.trim_end_matches('.').to_ascii_lowercase();
            if let Some(shortener) = SHORTENERS
                .iter()
                .find(|s| host == **s || host.ends_with(&format!(".{s}")))
            {
                out.push(SendFinding::error(
                    SendRule::LinkShortener,
                    path,
                    format!("{shortener} is a link shortener: Meta does not follow shortened links to media."),
                    "Use the file's full address on its own domain, or upload the file instead.",
                ));
            } else if host == "localhost" || host.ends_with(".localhost") {
                out.push(not_public(path, &host));
            }
        }
        Some(url::Host::Ipv4(ip)) => {
            if !is_public_v4(ip) {
                out.push(not_public(path, &ip.to_string()));
            }
        }
        Some(url::Host::Ipv6(ip)) => {
            let public = match ip.to_ipv4_mapped() {
                Some(v4) => is_public_v4(v4),
                None => {
                    let first = ip.segments()[0];
                    !(ip.is_loopback()
                        || ip.is_unspecified()
                        || ip.is_multicast()
                        || (first & 0xfe00) == 0xfc00 // unique local, fc00::/7
                        || (first & 0xffc0) == 0xfe80) // link local, fe80::/10
                }
            };
            if !public {
                out.push(not_public(path, &ip.to_string()));
            }
        }
        None => out.push(SendFinding::error(
            SendRule::LinkInvalid,
            path,
            "The link has no host name.",
            "Paste the full address, starting with https://.",
        )),
    }
    out
}

fn not_public(path: &str, host: &str) -> SendFinding {
    SendFinding::error(
        SendRule::LinkNotPublic,
        path,
        format!("{host} is only reachable from this computer or its network: Meta fetches links from the internet and answers 131053."),
        "Put the file on a public HTTPS address, or upload it from this computer instead.",
    )
}

fn media_source(out: &mut Vec<SendFinding>, path: &str, source: &MediaSource) {
    match source {
        MediaSource::Uploaded { id } => {
            required(out, &format!("{path}/id"), id, "The media ID");
        }
        MediaSource::Link { url } => out.extend(check_link(url, &format!("{path}/url"))),
    }
}

fn media_message(out: &mut Vec<SendFinding>, m: &MediaMessage) {
    let what = m.kind.as_graph();
    media_source(out, "/source", &m.source);
    if let Some(caption) = present(&m.caption) {
        if m.kind.takes_caption() {
            too_long(out, "/caption", caption, CAPTION_MAX, "The caption");
        } else {
            out.push(SendFinding::error(
                SendRule::CaptionNotAllowed,
                "/caption",
                format!(
                    "Meta takes no caption on {what}: only images, videos and documents have one."
                ),
                "Remove the caption, or send the text as a separate message.",
            ));
        }
    }
    let filename = present(&m.filename);
    match (m.kind, filename) {
        (MediaKind::Document, None) => out.push(SendFinding::warning(
            SendRule::Filename,
            "/filename",
            "The document has no filename: the recipient sees it without a name or a file-type icon.",
            "Give it a filename with its extension, for example invoice.pdf.",
        )),
        (MediaKind::Document, Some(name)) => filename_extension(out, "/filename", name),
        (_, Some(_)) => out.push(SendFinding::error(
            SendRule::FilenameNotAllowed,
            "/filename",
            format!("Only documents have a filename; Meta refuses one on {what}."),
            "Remove the filename, or send the file as a document.",
        )),
        (_, None) => {}
    }
}

fn filename_extension(out: &mut Vec<SendFinding>, path: &str, name: &str) {
    let has_extension = name
        .rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty() && !ext.contains(' '));
    if !has_extension {
        out.push(SendFinding::warning(
            SendRule::Filename,
            path,
            format!("\"{name}\" has no extension: WhatsApp picks the file-type icon from it."),
            "Add the extension, for example .pdf.",
        ));
    }
}

fn header_text_and_footer(
    out: &mut Vec<SendFinding>,
    header_text: Option<&str>,
    footer: &Option<String>,
) {
    if let Some(text) = header_text {
        too_long(out, "/header/text", text, HEADER_TEXT_MAX, "The header");
    }
    if let Some(footer) = present(footer) {
        too_long(out, "/footer", footer, FOOTER_MAX, "The footer");
    }
}

/// IDs (or titles) that appear more than once, with the paths of the repeats.
fn duplicates<'a>(items: impl Iterator<Item = (String, &'a str)>) -> Vec<(String, &'a str)> {
    let mut seen: HashSet<&str> = HashSet::new();
    items
        .filter(|(_, value)| !value.trim().is_empty() && !seen.insert(value.trim()))
        .collect()
}

fn buttons_message(out: &mut Vec<SendFinding>, b: &ButtonsMessage) {
    required(out, "/body", &b.body, "The message text");
    too_long(out, "/body", &b.body, BUTTONS_BODY_MAX, "The message text");
    let header_text = match &b.header {
        Some(InteractiveHeader::Text { text }) => {
            required(out, "/header/text", text, "The header text");
            Some(text.as_str())
        }
        Some(
            InteractiveHeader::Image { source }
            | InteractiveHeader::Video { source }
            | InteractiveHeader::Document { source, .. },
        ) => {
            media_source(out, "/header/source", source);
            None
        }
        None => None,
    };
    header_text_and_footer(out, header_text, &b.footer);
    let n = b.buttons.len();
    if n == 0 || n > BUTTONS_MAX {
        out.push(SendFinding::error(
            SendRule::ButtonCount,
            "/buttons",
            format!("{n} reply buttons: Meta takes 1 to {BUTTONS_MAX}."),
            if n == 0 {
                "Add at least one button.".to_owned()
            } else {
                "Remove buttons, or send the options as a list (up to 10 rows).".to_owned()
            },
        ));
    }
    for (i, button) in b.buttons.iter().enumerate() {
        let path = format!("/buttons/{i}");
        required(
            out,
            &format!("{path}/title"),
            &button.title,
            "The button title",
        );
        too_long(
            out,
            &format!("{path}/title"),
            &button.title,
            BUTTON_TITLE_MAX,
            "The button title",
        );
        required(out, &format!("{path}/id"), &button.id, "The button ID");
        too_long(
            out,
            &format!("{path}/id"),
            &button.id,
            BUTTON_ID_MAX,
            "The button ID",
        );
    }
    let ids = b
        .buttons
        .iter()
        .enumerate()
        .map(|(i, x)| (format!("/buttons/{i}/id"), x.id.as_str()));
    for (path, id) in duplicates(ids) {
        out.push(SendFinding::error(
            SendRule::DuplicateId,
            path,
            format!("Two buttons have the ID \"{id}\": the reply would not say which was tapped."),
            "Give each button its own ID.",
        ));
    }
    let titles = b
        .buttons
        .iter()
        .enumerate()
        .map(|(i, x)| (format!("/buttons/{i}/title"), x.title.as_str()));
    for (path, title) in duplicates(titles) {
        out.push(SendFinding::error(
            SendRule::DuplicateTitle,
            path,
            format!("Two buttons are titled \"{title}\": Meta requires unique titles."),
            "Give each button its own title.",
        ));
    }
}

fn list_message(out: &mut Vec<SendFinding>, l: &ListMessage) {
    required(out, "/body", &l.body, "The message text");
    too_long(out, "/body", &l.body, LIST_BODY_MAX, "The message text");
    let body = chars(&l.body);
    if body > LIST_BODY_OLD_MAX && body <= LIST_BODY_MAX {
        out.push(SendFinding::warning(
            SendRule::ListBodyLong,
            "/body",
            format!("The list text is {} characters: Meta's current docs allow 4,096, older ones 1,024, and the answer may depend on the API version.", grouped(body)),
            "Keep it under 1,024 characters to be safe.",
        ));
    }
    header_text_and_footer(out, present(&l.header), &l.footer);
    required(out, "/button", &l.button, "The list button text");
    too_long(
        out,
        "/button",
        &l.button,
        LIST_BUTTON_MAX,
        "The list button text",
    );
    let sections = l.sections.len();
    if sections == 0 || sections > SECTIONS_MAX {
        out.push(SendFinding::error(
            SendRule::SectionCount,
            "/sections",
            format!("{sections} sections: a list has 1 to {SECTIONS_MAX}."),
            if sections == 0 {
                "Add a section with at least one row."
            } else {
                "Merge sections."
            },
        ));
    }
    let rows: usize = l.sections.iter().map(|s| s.rows.len()).sum();
    if rows == 0 || rows > ROWS_MAX {
        out.push(SendFinding::error(
            SendRule::RowCount,
            "/sections",
            format!(
                "{rows} rows: a list has 1 to {ROWS_MAX} rows in total, across all its sections."
            ),
            if rows == 0 {
                "Add at least one row."
            } else {
                "Remove rows until 10 are left."
            },
        ));
    }
    for (s, section) in l.sections.iter().enumerate() {
        let path = format!("/sections/{s}");
        match present(&section.title) {
            Some(title) => too_long(out, &format!("{path}/title"), title, SECTION_TITLE_MAX, "The section title"),
            None if sections > 1 => out.push(SendFinding::error(
                SendRule::SectionTitleMissing,
                format!("{path}/title"),
                format!("Section {} has no title: Meta requires one on every section of a list with several.", s + 1),
                "Give each section a title.",
            )),
            None => {}
        }
        if section.rows.is_empty() && rows > 0 {
            out.push(SendFinding::error(
                SendRule::RowCount,
                format!("{path}/rows"),
                format!("Section {} has no rows.", s + 1),
                "Add a row to it, or remove the section.",
            ));
        }
        for (r, row) in section.rows.iter().enumerate() {
            let path = format!("{path}/rows/{r}");
            required(out, &format!("{path}/title"), &row.title, "The row title");
            too_long(
                out,
                &format!("{path}/title"),
                &row.title,
                ROW_TITLE_MAX,
                "The row title",
            );
            required(out, &format!("{path}/id"), &row.id, "The row ID");
            too_long(
                out,
                &format!("{path}/id"),
                &row.id,
                ROW_ID_MAX,
                "The row ID",
            );
            if let Some(description) = present(&row.description) {
                too_long(
                    out,
                    &format!("{path}/description"),
                    description,
                    ROW_DESCRIPTION_MAX,
                    "The row description",
                );
            }
        }
    }
    let ids = l.sections.iter().enumerate().flat_map(|(s, section)| {
        section
            .rows
            .iter()
            .enumerate()
            .map(move |(r, row)| (format!("/sections/{s}/rows/{r}/id"), row.id.as_str()))
    });
    for (path, id) in duplicates(ids) {
        out.push(SendFinding::error(
            SendRule::DuplicateId,
            path,
            format!("Two rows have the ID \"{id}\": the reply would not say which was picked."),
            "Give each row its own ID.",
        ));
    }
}

fn template_message(
    out: &mut Vec<SendFinding>,
    t: &TemplateMessage,
    template: Option<&TemplateInfo>,
) {
    required(out, "/name", &t.name, "The template name");
    required(out, "/language", &t.language, "The template language");
    for (c, component) in t.components.iter().enumerate() {
        for (p, parameter) in parameters(component).iter().enumerate() {
            template_parameter(out, &format!("/components/{c}/parameters/{p}"), parameter);
        }
    }
    if let Some(info) = template {
        against_template(out, t, info);
    }
}

fn parameters(component: &TemplateSendComponent) -> &[TemplateParameter] {
    match component {
        TemplateSendComponent::Header { parameters }
        | TemplateSendComponent::Body { parameters }
        | TemplateSendComponent::Button { parameters, .. } => parameters,
    }
}

fn template_parameter(out: &mut Vec<SendFinding>, path: &str, parameter: &TemplateParameter) {
    let value = |field: &str| format!("{path}/{field}");
    match parameter {
        TemplateParameter::Text { text, .. } => required(out, &value("text"), text, "The value"),
        TemplateParameter::Payload { payload } => {
            required(out, &value("payload"), payload, "The payload")
        }
        TemplateParameter::CouponCode { coupon_code } => {
            required(out, &value("couponCode"), coupon_code, "The code")
        }
        TemplateParameter::Currency { fallback_value, .. }
        | TemplateParameter::DateTime { fallback_value } => required(
            out,
            &value("fallbackValue"),
            fallback_value,
            "The fallback value",
        ),
        TemplateParameter::Image { source } | TemplateParameter::Video { source } => {
            media_source(out, &value("source"), source)
        }
        TemplateParameter::Document { source, filename } => {
            media_source(out, &value("source"), source);
            if let Some(name) = present(filename) {
                filename_extension(out, &value("filename"), name);
            }
        }
        TemplateParameter::Location {
            latitude,
            longitude,
            ..
        } => {
            if !(-90.0..=90.0).contains(latitude) || !(-180.0..=180.0).contains(longitude) {
                out.push(SendFinding::error(
                    SendRule::TemplateParamFormat,
                    path,
                    format!("{latitude}, {longitude} is not a place on Earth: latitude runs from -90 to 90, longitude from -180 to 180."),
                    "Give the location in decimal degrees.",
                ));
            }
        }
    }
}

/// The variables of a text: positional numbers or names, each once.
fn variables(text: Option<&str>) -> Vec<VarKey> {
    let mut keys: Vec<VarKey> = Vec::new();
    for var in scan(text.unwrap_or_default()).vars {
        if !keys.contains(&var.key) {
            keys.push(var.key);
        }
    }
    keys
}

/// What the template needs: its header (text variables or one media value), its body
/// variables, and the buttons that take a value, by index.
fn against_template(out: &mut Vec<SendFinding>, t: &TemplateMessage, info: &TemplateInfo) {
    if t.name.trim() != info.name || t.language.trim() != info.language {
        out.push(SendFinding::warning(
            SendRule::TemplateMismatch,
            "/name",
            format!(
                "The values were checked against {} ({}), not the {} ({}) being sent.",
                info.name, info.language, t.name, t.language
            ),
            "Pick the template again so the name and language match.",
        ));
    }
    if !matches!(
        info.status.value,
        TemplateStatus::Approved | TemplateStatus::Reinstated
    ) {
        let code = match info.status.value {
            TemplateStatus::Paused => "132015",
            TemplateStatus::Disabled => "132016",
            _ => "132001",
        };
        out.push(SendFinding::error(
            SendRule::TemplateNotApproved,
            "/name",
            format!(
                "{} ({}) is {}: {} Meta would answer {code}.",
                info.name,
                info.language,
                info.status.value.as_graph(),
                info.status.meaning
            ),
            "Pick an APPROVED template; the Templates page shows each template's status.",
        ));
    }
    let named = info.parameter_format.as_deref() == Some("NAMED");
    let find = |kind: &ComponentType| info.components.iter().find(|c| &c.kind == kind);
    let given = |want: fn(&TemplateSendComponent) -> bool| {
        t.components.iter().enumerate().find(|(_, c)| want(c))
    };
    let header = given(|c| matches!(c, TemplateSendComponent::Header { .. }));
    let body = given(|c| matches!(c, TemplateSendComponent::Body { .. }));
    match find(&ComponentType::Header) {
        Some(h) => match &h.format {
            Some(
                format @ (HeaderFormat::Image
                | HeaderFormat::Video
                | HeaderFormat::Document
                | HeaderFormat::Location),
            ) => media_header(out, format, header),
            Some(HeaderFormat::Text) | None => {
                text_values(out, "header", h, header, named, TEMPLATE_HEADER_MAX)
            }
            Some(_) => {}
        },
        None => text_values(
            out,
            "header",
            &TemplateComponent::new(ComponentType::Header),
            header,
            named,
            TEMPLATE_HEADER_MAX,
        ),
    }
    let body_max = if info
        .components
        .iter()
        .all(|c| c.kind == ComponentType::Body)
    {
        TEMPLATE_BODY_ALONE_MAX
    } else {
        TEMPLATE_BODY_MAX
    };
    let empty_body = TemplateComponent::new(ComponentType::Body);
    text_values(
        out,
        "body",
        find(&ComponentType::Body).unwrap_or(&empty_body),
        body,
        named,
        body_max,
    );
    template_buttons(out, t, find(&ComponentType::Buttons));
}

/// The text a value puts in the message.
fn value_text(parameter: &TemplateParameter) -> Option<&str> {
    match parameter {
        TemplateParameter::Text { text, .. } => Some(text),
        TemplateParameter::Currency { fallback_value, .. }
        | TemplateParameter::DateTime { fallback_value } => Some(fallback_value),
        _ => None,
    }
}

/// The length of `text` with each variable replaced by its value (positional by number, named
/// by `parameterName`), or `None` when a variable has no text value (other findings say so).
fn hydrated_length(text: Option<&str>, values: &[TemplateParameter]) -> Option<usize> {
    let text = text?;
    let mut length = chars(text);
    for var in scan(text).vars {
        let value = match &var.key {
            VarKey::Positional(n) => values.get((*n as usize).checked_sub(1)?),
            VarKey::Named(name) => values.iter().find(|p| {
                matches!(p, TemplateParameter::Text { parameter_name: Some(given), .. } if given == name)
            }),
        };
        length = length - chars(&text[var.start..var.end]) + chars(value_text(value?)?);
    }
    Some(length)
}

/// The values of a text header or the body against the component's variables.
fn text_values(
    out: &mut Vec<SendFinding>,
    what: &str,
    component: &TemplateComponent,
    given: Option<(usize, &TemplateSendComponent)>,
    named: bool,
    max: usize,
) {
    let expected = variables(component.text.as_deref());
    let (path, values) = match given {
        Some((i, c)) => (format!("/components/{i}/parameters"), parameters(c)),
        None => ("/components".to_owned(), &[][..]),
    };
    if values.len() != expected.len() {
        out.push(SendFinding::error(
            SendRule::TemplateParamCount,
            path.clone(),
            format!(
                "The template's {what} has {} variable{} and {} value{} {} given: Meta would answer 132000 (parameter count mismatch).",
                expected.len(),
                if expected.len() == 1 { "" } else { "s" },
                values.len(),
                if values.len() == 1 { "" } else { "s" },
                if values.len() == 1 { "is" } else { "are" },
            ),
            if expected.is_empty() {
                format!("Remove the {what} values.")
            } else {
                format!("Give one value per variable of the {what}, in order.")
            },
        ));
    } else if let Some(length) = hydrated_length(component.text.as_deref(), values) {
        if length > max {
            out.push(SendFinding::error(
                SendRule::TemplateTooLong,
                path.clone(),
                format!("With these values the template's {what} is {} characters long: Meta allows at most {} and would answer 132005 (hydrated text too long).", grouped(length), grouped(max)),
                format!("Shorten the values by {}.", characters(length - max)),
            ));
        }
    }
    if !named {
        return;
    }
    let names: Vec<&str> = expected
        .iter()
        .filter_map(|k| match k {
            VarKey::Named(n) => Some(n.as_str()),
            VarKey::Positional(_) => None,
        })
        .collect();
    for (p, value) in values.iter().enumerate() {
        let TemplateParameter::Text { parameter_name, .. } = value else {
            continue;
        };
        match present(parameter_name) {
            None => out.push(SendFinding::error(
                SendRule::TemplateParamName,
                format!("{path}/{p}/parameterName"),
                format!(
                    "The template uses named variables, and value {} of the {what} has no name.",
                    p + 1
                ),
                format!("Name it after its variable: {}.", names.join(", ")),
            )),
            Some(name) if !names.contains(&name) => out.push(SendFinding::error(
                SendRule::TemplateParamName,
                format!("{path}/{p}/parameterName"),
                format!("The template's {what} has no variable {{{{{name}}}}}."),
                format!("Use one of its variables: {}.", names.join(", ")),
            )),
            Some(_) => {}
        }
    }
}

fn media_header(
    out: &mut Vec<SendFinding>,
    format: &HeaderFormat,
    given: Option<(usize, &TemplateSendComponent)>,
) {
    let expected = format.as_graph();
    let found = given
        .and_then(|(_, c)| parameters(c).first())
        .map(|p| match p {
            TemplateParameter::Image { .. } => "IMAGE",
            TemplateParameter::Video { .. } => "VIDEO",
            TemplateParameter::Document { .. } => "DOCUMENT",
            TemplateParameter::Location { .. } => "LOCATION",
            _ => "TEXT",
        });
    if found != Some(expected) {
        let path = given.map_or("/components".to_owned(), |(i, _)| {
            format!("/components/{i}/parameters")
        });
        out.push(SendFinding::error(
            SendRule::TemplateParamFormat,
            path,
            format!(
                "The template has a{} {expected} header and {}: Meta would answer 132012 (expected {expected}, received {}).",
                if expected.starts_with(['I', 'E']) { "n" } else { "" },
                found.map_or("none is given".to_owned(), |f| format!("a {f} value is given")),
                found.unwrap_or("UNKNOWN"),
            ),
            format!("Give the header's {} (uploaded, or a public HTTPS link).", expected.to_lowercase()),
        ));
    }
}

/// Buttons that need a value: a URL with a variable (the end of the URL) and a copy code.
fn template_buttons(
    out: &mut Vec<SendFinding>,
    t: &TemplateMessage,
    buttons: Option<&TemplateComponent>,
) {
    let buttons = buttons
        .and_then(|b| b.buttons.as_deref())
        .unwrap_or_default();
    for (i, button) in buttons.iter().enumerate() {
        let needs = match button.kind {
            ButtonType::Url
                if button
                    .url
                    .as_deref()
                    .is_some_and(|u| !scan(u).vars.is_empty()) =>
            {
                Some(ButtonSubType::Url)
            }
            ButtonType::CopyCode => Some(ButtonSubType::CopyCode),
            _ => None,
        };
        let Some(needs) = needs else { continue };
        let given = t.components.iter().any(|c| {
            matches!(c, TemplateSendComponent::Button { sub_type, index, parameters }
                if *index as usize == i && *sub_type == needs && !parameters.is_empty())
        });
        if !given {
            let label = button.text.as_deref().unwrap_or_default();
            let value = if needs == ButtonSubType::Url {
                "the end of its URL"
            } else {
                "the code to copy"
            };
            out.push(SendFinding::error(
                SendRule::TemplateParamMissing,
                "/components",
                format!("Button {} (\"{label}\") needs a value and has none: Meta would answer 131008 (required parameter is missing).", i + 1),
                format!("Give button {} {value}.", i + 1),
            ));
        }
    }
    for (c, component) in t.components.iter().enumerate() {
        let TemplateSendComponent::Button {
            sub_type, index, ..
        } = component
        else {
            continue;
        };
        let template_button = buttons.get(*index as usize);
        let matches = template_button.is_some_and(|b| match sub_type {
            ButtonSubType::QuickReply => b.kind == ButtonType::QuickReply,
            ButtonSubType::Url => b.kind == ButtonType::Url,
            ButtonSubType::CopyCode => b.kind == ButtonType::CopyCode,
            ButtonSubType::Flow => b.kind == ButtonType::Flow,
            ButtonSubType::Catalog => b.kind == ButtonType::Catalog,
        });
        if !matches {
            out.push(SendFinding::error(
                SendRule::TemplateParamCount,
                format!("/components/{c}/index"),
                match template_button {
                    Some(b) => format!(
                        "Button {} of the template is {}, not the {} button given a value.",
                        index + 1,
                        b.kind.as_graph(),
                        sub_type.as_graph()
                    ),
                    None => format!(
                        "The template has {} button{}: there is no button {} to give a value to.",
                        buttons.len(),
                        if buttons.len() == 1 { "" } else { "s" },
                        index + 1
                    ),
                },
                "Remove this value, or give it to the right button.",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph_states::explain;
    use crate::send::message::{ListRow, ListSection, ReplyButton, TextMessage};
    use crate::template_lint::TemplateButton;

    fn rules(findings: &[SendFinding]) -> Vec<(SendRule, &str)> {
        findings.iter().map(|f| (f.rule, f.path.as_str())).collect()
    }

    fn text(body: &str) -> OutgoingMessage {
        OutgoingMessage::Text(TextMessage {
            body: body.into(),
            preview_url: false,
        })
    }

    #[test]
    fn text_up_to_4096_characters_passes_counted_as_meta_counts() {
        assert_eq!(validate(&text("Hi"), None), vec![]);
        assert_eq!(validate(&text(&"a".repeat(4_096)), None), vec![]);
        // 4,096 emoji are 8,192 UTF-16 units but 4,096 characters.
        assert_eq!(validate(&text(&"😀".repeat(4_096)), None), vec![]);
    }

    #[test]
    fn text_over_4096_or_empty_is_refused() {
        let over = validate(&text(&"a".repeat(4_100)), None);
        assert_eq!(rules(&over), vec![(SendRule::TooLong, "/body")]);
        assert_eq!(
            over[0].message,
            "The message text is 4,100 characters long: Meta allows at most 4,096."
        );
        assert_eq!(over[0].fix, "Shorten it by 4 characters.");
        assert_eq!(characters(1), "1 character");
        for private in [
            "https://[::ffff:127.0.0.1]/a.png",
            "https://[fe80::1]/a.png",
            "https://[fd00::1]/a.png",
            "https://100.64.0.1/a.png",
            "https://169.254.169.254/a.png",
        ] {
            assert!(
                check_link(private, "/link")
                    .iter()
                    .any(|f| f.rule == SendRule::LinkNotPublic),
                "{private}"
            );
        }
        assert!(check_link("https://[2606:4700::1]/a.png", "/link").is_empty());
        assert_eq!(lowercase_first("The media ID"), "the media ID");
        assert!(blocks_send(&over));
        assert_eq!(
            rules(&validate(&text("  "), None)),
            vec![(SendRule::Required, "/body")]
        );
    }

    fn buttons(list: &[(&str, &str)]) -> ButtonsMessage {
        ButtonsMessage {
            body: "Pick a slot".into(),
            header: None,
            footer: None,
            buttons: list
                .iter()
                .map(|(id, title)| ReplyButton {
                    id: (*id).into(),
                    title: (*title).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn one_to_three_buttons_with_short_unique_titles_pass() {
        for list in [
            &[("a", "Morning")][..],
            &[
                ("a", "Morning"),
                ("b", "Afternoon"),
                ("c", "12345678901234567890"),
            ],
        ] {
            assert_eq!(
                validate(&OutgoingMessage::Buttons(buttons(list)), None),
                vec![]
            );
        }
        let mut with_header = buttons(&[("a", "Yes")]);
        with_header.header = Some(InteractiveHeader::Text {
            text: "h".repeat(60),
        });
        with_header.footer = Some("f".repeat(60));
        with_header.buttons[0].id = "i".repeat(256);
        assert_eq!(
            validate(&OutgoingMessage::Buttons(with_header), None),
            vec![]
        );
    }

    #[test]
    fn button_count_titles_and_ids_are_checked() {
        let none = validate(&OutgoingMessage::Buttons(buttons(&[])), None);
        assert_eq!(rules(&none), vec![(SendRule::ButtonCount, "/buttons")]);
        let four = validate(
            &OutgoingMessage::Buttons(buttons(&[("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")])),
            None,
        );
        assert_eq!(rules(&four), vec![(SendRule::ButtonCount, "/buttons")]);
        assert!(four[0].fix.contains("list"));
        let long = validate(
            &OutgoingMessage::Buttons(buttons(&[("a", "123456789012345678901")])),
            None,
        );
        assert_eq!(rules(&long), vec![(SendRule::TooLong, "/buttons/0/title")]);
        let twins = validate(
            &OutgoingMessage::Buttons(buttons(&[("a", "Yes"), ("a", "No"), ("c", "Yes")])),
            None,
        );
        assert_eq!(
            rules(&twins),
            vec![
                (SendRule::DuplicateId, "/buttons/1/id"),
                (SendRule::DuplicateTitle, "/buttons/2/title")
            ]
        );
        let empty = validate(&OutgoingMessage::Buttons(buttons(&[("", " ")])), None);
        assert_eq!(
            rules(&empty),
            vec![
                (SendRule::Required, "/buttons/0/title"),
                (SendRule::Required, "/buttons/0/id")
            ]
        );
        let mut over = buttons(&[("a", "Yes")]);
        over.body = "b".repeat(1_025);
        over.header = Some(InteractiveHeader::Text {
            text: "h".repeat(61),
        });
        over.footer = Some("f".repeat(61));
        over.buttons[0].id = "i".repeat(257);
        assert_eq!(
            rules(&validate(&OutgoingMessage::Buttons(over), None)),
            vec![
                (SendRule::TooLong, "/body"),
                (SendRule::TooLong, "/header/text"),
                (SendRule::TooLong, "/footer"),
                (SendRule::TooLong, "/buttons/0/id")
            ]
        );
        let mut media_header = buttons(&[("a", "Yes")]);
        media_header.header = Some(InteractiveHeader::Image {
            source: MediaSource::Link {
                url: "http://example.com/a.jpg".into(),
            },
        });
        assert_eq!(
            rules(&validate(&OutgoingMessage::Buttons(media_header), None)),
            vec![(SendRule::LinkNotHttps, "/header/source/url")]
        );
    }

    fn row(id: &str, title: &str) -> ListRow {
        ListRow {
            id: id.into(),
            title: title.into(),
            description: None,
        }
    }

    fn list(sections: Vec<ListSection>) -> OutgoingMessage {
        OutgoingMessage::List(ListMessage {
            body: "Choose".into(),
            header: Some("Menu".into()),
            footer: None,
            button: "View options".into(),
            sections,
        })
    }

    #[test]
    fn a_list_of_ten_rows_across_titled_sections_passes() {
        let section = |t: &str, from: usize| ListSection {
            title: Some(t.into()),
            rows: (from..from + 5)
                .map(|i| ListRow {
                    description: Some("d".repeat(72)),
                    ..row(&format!("r{i}"), &"t".repeat(24))
                })
                .collect(),
        };
        assert_eq!(
            validate(
                &list(vec![section(&"s".repeat(24), 0), section("Tea", 5)]),
                None
            ),
            vec![]
        );
        // One section needs no title.
        assert_eq!(
            validate(
                &list(vec![ListSection {
                    title: None,
                    rows: vec![row("a", "A")]
                }]),
                None
            ),
            vec![]
        );
    }

    #[test]
    fn list_limits_are_checked() {
        let eleven = ListSection {
            title: None,
            rows: (0..11).map(|i| row(&format!("r{i}"), "Row")).collect(),
        };
        assert_eq!(
            rules(&validate(&list(vec![eleven]), None)),
            vec![(SendRule::RowCount, "/sections")]
        );
        assert_eq!(
            rules(&validate(&list(vec![]), None)),
            vec![
                (SendRule::SectionCount, "/sections"),
                (SendRule::RowCount, "/sections")
            ]
        );
        let long = ListSection {
            title: Some("s".repeat(25)),
            rows: vec![ListRow {
                description: Some("d".repeat(73)),
                ..row("a", &"t".repeat(25))
            }],
        };
        assert_eq!(
            rules(&validate(&list(vec![long]), None)),
            vec![
                (SendRule::TooLong, "/sections/0/title"),
                (SendRule::TooLong, "/sections/0/rows/0/title"),
                (SendRule::TooLong, "/sections/0/rows/0/description")
            ]
        );
        let untitled = vec![
            ListSection {
                title: Some("A".into()),
                rows: vec![row("a", "A")],
            },
            ListSection {
                title: None,
                rows: vec![row("a", "B")],
            },
            ListSection {
                title: Some("C".into()),
                rows: vec![],
            },
        ];
        assert_eq!(
            rules(&validate(&list(untitled), None)),
            vec![
                (SendRule::SectionTitleMissing, "/sections/1/title"),
                (SendRule::RowCount, "/sections/2/rows"),
                (SendRule::DuplicateId, "/sections/1/rows/0/id")
            ]
        );
        let OutgoingMessage::List(mut l) = list(vec![ListSection {
            title: None,
            rows: vec![row(&"i".repeat(201), "A")],
        }]) else {
            unreachable!()
        };
        l.button = "b".repeat(21);
        l.header = Some("h".repeat(61));
        assert_eq!(
            rules(&validate(&OutgoingMessage::List(l.clone()), None)),
            vec![
                (SendRule::TooLong, "/header/text"),
                (SendRule::TooLong, "/button"),
                (SendRule::TooLong, "/sections/0/rows/0/id")
            ]
        );
        l.body = "b".repeat(2_000);
        l.button = "Open".into();
        l.header = None;
        l.sections[0].rows[0].id = "a".into();
        let body = validate(&OutgoingMessage::List(l.clone()), None);
        assert_eq!(rules(&body), vec![(SendRule::ListBodyLong, "/body")]);
        assert!(!blocks_send(&body));
        l.body = "b".repeat(4_097);
        assert_eq!(
            rules(&validate(&OutgoingMessage::List(l), None)),
            vec![(SendRule::TooLong, "/body")]
        );
    }

    fn media(
        kind: MediaKind,
        url: &str,
        caption: Option<&str>,
        filename: Option<&str>,
    ) -> OutgoingMessage {
        OutgoingMessage::Media(MediaMessage {
            kind,
            source: MediaSource::Link { url: url.into() },
            caption: caption.map(Into::into),
            filename: filename.map(Into::into),
        })
    }

    #[test]
    fn media_with_captions_where_meta_takes_them_passes() {
        let ok = "https://example.com/a";
        assert_eq!(
            validate(
                &media(MediaKind::Image, ok, Some(&"c".repeat(1_024)), None),
                None
            ),
            vec![]
        );
        assert_eq!(
            validate(&media(MediaKind::Video, ok, Some("Demo"), None), None),
            vec![]
        );
        assert_eq!(
            validate(
                &media(
                    MediaKind::Document,
                    ok,
                    Some("Invoice"),
                    Some("invoice.pdf")
                ),
                None
            ),
            vec![]
        );
        assert_eq!(
            validate(&media(MediaKind::Audio, ok, None, None), None),
            vec![]
        );
        let uploaded = OutgoingMessage::Media(MediaMessage {
            kind: MediaKind::Sticker,
            source: MediaSource::Uploaded { id: "1037".into() },
            caption: None,
            filename: None,
        });
        assert_eq!(validate(&uploaded, None), vec![]);
    }

    #[test]
    fn media_captions_filenames_and_ids_are_checked() {
        let ok = "https://example.com/a";
        for kind in [MediaKind::Audio, MediaKind::Sticker] {
            assert_eq!(
                rules(&validate(&media(kind, ok, Some("Hi"), None), None)),
                vec![(SendRule::CaptionNotAllowed, "/caption")]
            );
        }
        assert_eq!(
            rules(&validate(
                &media(MediaKind::Image, ok, Some(&"c".repeat(1_025)), None),
                None
            )),
            vec![(SendRule::TooLong, "/caption")]
        );
        assert_eq!(
            rules(&validate(
                &media(MediaKind::Image, ok, None, Some("a.jpg")),
                None
            )),
            vec![(SendRule::FilenameNotAllowed, "/filename")]
        );
        let unnamed = validate(&media(MediaKind::Document, ok, None, None), None);
        assert_eq!(rules(&unnamed), vec![(SendRule::Filename, "/filename")]);
        assert!(!blocks_send(&unnamed));
        assert_eq!(
            rules(&validate(
                &media(MediaKind::Document, ok, None, Some("invoice")),
                None
            )),
            vec![(SendRule::Filename, "/filename")]
        );
        let no_id = OutgoingMessage::Media(MediaMessage {
            kind: MediaKind::Image,
            source: MediaSource::Uploaded { id: " ".into() },
            caption: None,
            filename: None,
        });
        assert_eq!(
            rules(&validate(&no_id, None)),
            vec![(SendRule::Required, "/source/id")]
        );
    }

    #[test]
    fn https_links_on_real_domains_pass() {
        for url in [
            "https://example.com/a.jpg",
            "https://cdn.example.org/x/y.pdf?sig=1",
            "https://bit.lyrics.example/a.jpg",
            "https://8.8.8.8/a.png",
        ] {
            assert_eq!(check_link(url, "/source/url"), vec![], "{url}");
        }
    }

    #[test]
    fn http_shortener_private_and_malformed_links_are_refused() {
        assert_eq!(
            rules(&check_link("http://example.com/a.jpg", "/p")),
            vec![(SendRule::LinkNotHttps, "/p")]
        );
        for url in [
            "https://bit.ly/x1",
            "https://TinyURL.com/abc",
            "https://t.co/x",
            "https://www.goo.gl/x",
            "https://ow.ly/x",
            "https://is.gd/x",
            "https://buff.ly/x",
            "https://rebrand.ly/x",
            "https://cutt.ly/x",
            "https://shorturl.at/x",
        ] {
            assert_eq!(
                rules(&check_link(url, "/p")),
                vec![(SendRule::LinkShortener, "/p")],
                "{url}"
            );
        }
        assert_eq!(
            rules(&check_link("http://bit.ly/x", "/p")),
            vec![
                (SendRule::LinkNotHttps, "/p"),
                (SendRule::LinkShortener, "/p")
            ]
        );
        for url in [
            "https://localhost:8443/a.jpg",
            "https://127.0.0.1/a.jpg",
            "https://192.168.1.20/a.jpg",
            "https://[::1]/a.jpg",
        ] {
            assert_eq!(
                rules(&check_link(url, "/p")),
                vec![(SendRule::LinkNotPublic, "/p")],
                "{url}"
            );
        }
        for url in ["example.com/a.jpg", "", "https://"] {
            assert_eq!(
                rules(&check_link(url, "/p")),
                vec![(SendRule::LinkInvalid, "/p")],
                "{url}"
            );
        }
    }

    fn info(
        status: TemplateStatus,
        format: Option<&str>,
        components: Vec<TemplateComponent>,
    ) -> TemplateInfo {
        TemplateInfo {
            id: "594425479261596".into(),
            name: "order_update".into(),
            language: "en_US".into(),
            status: explain(Some(status)).unwrap(),
            category: None,
            previous_category: None,
            parameter_format: format.map(Into::into),
            quality: None,
            rejection: None,
            components,
        }
    }

    fn component(
        kind: ComponentType,
        format: Option<HeaderFormat>,
        text: Option<&str>,
    ) -> TemplateComponent {
        TemplateComponent {
            format,
            text: text.map(Into::into),
            ..TemplateComponent::new(kind)
        }
    }

    fn order_template() -> TemplateInfo {
        let mut buttons = component(ComponentType::Buttons, None, None);
        buttons.buttons = Some(vec![
            TemplateButton {
                text: Some("Stop".into()),
                ..TemplateButton::new(ButtonType::QuickReply)
            },
            TemplateButton {
                text: Some("Track".into()),
                url: Some("https://a.example/{{1}}".into()),
                ..TemplateButton::new(ButtonType::Url)
            },
            TemplateButton {
                text: Some("Copy".into()),
                ..TemplateButton::new(ButtonType::CopyCode)
            },
        ]);
        info(
            TemplateStatus::Approved,
            None,
            vec![
                component(ComponentType::Header, Some(HeaderFormat::Image), None),
                component(
                    ComponentType::Body,
                    None,
                    Some("Hi {{1}}, order {{2}} ships {{1}} today."),
                ),
                buttons,
            ],
        )
    }

    fn texts(values: &[&str]) -> Vec<TemplateParameter> {
        values
            .iter()
            .map(|v| TemplateParameter::Text {
                text: (*v).into(),
                parameter_name: None,
            })
            .collect()
    }

    fn order_message(body: &[&str]) -> TemplateMessage {
        TemplateMessage {
            name: "order_update".into(),
            language: "en_US".into(),
            components: vec![
                TemplateSendComponent::Header {
                    parameters: vec![TemplateParameter::Image {
                        source: MediaSource::Uploaded { id: "1037".into() },
                    }],
                },
                TemplateSendComponent::Body {
                    parameters: texts(body),
                },
                TemplateSendComponent::Button {
                    sub_type: ButtonSubType::Url,
                    index: 1,
                    parameters: texts(&["860198"]),
                },
                TemplateSendComponent::Button {
                    sub_type: ButtonSubType::CopyCode,
                    index: 2,
                    parameters: vec![TemplateParameter::CouponCode {
                        coupon_code: "25OFF".into(),
                    }],
                },
            ],
        }
    }

    #[test]
    fn a_template_given_every_value_it_needs_passes() {
        let template = order_template();
        assert_eq!(
            validate(
                &OutgoingMessage::Template(order_message(&["Pablo", "860198"])),
                Some(&template)
            ),
            vec![]
        );
        let mut with_payload = order_message(&["Pablo", "860198"]);
        with_payload.components.push(TemplateSendComponent::Button {
            sub_type: ButtonSubType::QuickReply,
            index: 0,
            parameters: vec![TemplateParameter::Payload {
                payload: "STOP".into(),
            }],
        });
        assert_eq!(
            validate(&OutgoingMessage::Template(with_payload), Some(&template)),
            vec![]
        );
        let hello = info(
            TemplateStatus::Approved,
            None,
            vec![component(ComponentType::Body, None, Some("Hello World"))],
        );
        let plain = TemplateMessage {
            name: "order_update".into(),
            language: "en_US".into(),
            components: vec![],
        };
        assert_eq!(
            validate(&OutgoingMessage::Template(plain.clone()), Some(&hello)),
            vec![]
        );
        // Unknown template: only the values themselves are checked.
        assert_eq!(validate(&OutgoingMessage::Template(plain), None), vec![]);
    }

    #[test]
    fn the_wrong_number_of_values_is_132000() {
        let template = order_template();
        let findings = validate(
            &OutgoingMessage::Template(order_message(&["Pablo"])),
            Some(&template),
        );
        assert_eq!(
            rules(&findings),
            vec![(SendRule::TemplateParamCount, "/components/1/parameters")]
        );
        assert_eq!(findings[0].message, "The template's body has 2 variables and 1 value is given: Meta would answer 132000 (parameter count mismatch).");
        let mut no_body = order_message(&[]);
        no_body.components.remove(1);
        assert_eq!(
            rules(&validate(
                &OutgoingMessage::Template(no_body),
                Some(&template)
            )),
            vec![(SendRule::TemplateParamCount, "/components")]
        );
        let hello = info(
            TemplateStatus::Approved,
            None,
            vec![component(ComponentType::Body, None, Some("Hello World"))],
        );
        let extra = TemplateMessage {
            name: "order_update".into(),
            language: "en_US".into(),
            components: vec![TemplateSendComponent::Body {
                parameters: texts(&["x"]),
            }],
        };
        let findings = validate(&OutgoingMessage::Template(extra), Some(&hello));
        assert_eq!(
            rules(&findings),
            vec![(SendRule::TemplateParamCount, "/components/0/parameters")]
        );
        assert_eq!(findings[0].fix, "Remove the body values.");
    }

    #[test]
    fn media_header_and_button_values_are_checked() {
        let template = order_template();
        let mut wrong = order_message(&["Pablo", "860198"]);
        wrong.components[0] = TemplateSendComponent::Header {
            parameters: texts(&["banner"]),
        };
        let findings = validate(&OutgoingMessage::Template(wrong), Some(&template));
        assert_eq!(
            rules(&findings),
            vec![(SendRule::TemplateParamFormat, "/components/0/parameters")]
        );
        assert!(
            findings[0].message.contains("132012"),
            "{}",
            findings[0].message
        );
        let mut missing = order_message(&["Pablo", "860198"]);
        missing.components.remove(0);
        missing.components.retain(|c| {
            !matches!(
                c,
                TemplateSendComponent::Button {
                    sub_type: ButtonSubType::Url,
                    ..
                }
            )
        });
        let findings = validate(&OutgoingMessage::Template(missing), Some(&template));
        assert_eq!(
            rules(&findings),
            vec![
                (SendRule::TemplateParamFormat, "/components"),
                (SendRule::TemplateParamMissing, "/components")
            ]
        );
        assert!(
            findings[0].message.contains("received UNKNOWN"),
            "{}",
            findings[0].message
        );
        assert!(
            findings[1].message.contains("Button 2 (\"Track\")"),
            "{}",
            findings[1].message
        );
        assert!(findings[1].message.contains("131008"));
        let mut stray = order_message(&["Pablo", "860198"]);
        stray.components.push(TemplateSendComponent::Button {
            sub_type: ButtonSubType::Url,
            index: 5,
            parameters: texts(&["x"]),
        });
        stray.components.push(TemplateSendComponent::Button {
            sub_type: ButtonSubType::Url,
            index: 0,
            parameters: texts(&["x"]),
        });
        assert_eq!(
            rules(&validate(
                &OutgoingMessage::Template(stray),
                Some(&template)
            )),
            vec![
                (SendRule::TemplateParamCount, "/components/4/index"),
                (SendRule::TemplateParamCount, "/components/5/index")
            ]
        );
    }

    #[test]
    fn values_that_make_the_text_too_long_are_132005() {
        let template = order_template();
        // "Hi {{1}}, order {{2}} ships {{1}} today." has 25 characters besides its variables, and
        // {{1}} appears twice: 25 + 2 × 499 + 1 = 1,024.
        let fits = "x".repeat(499);
        let message = |first: &str| OutgoingMessage::Template(order_message(&[first, "1"]));
        assert_eq!(validate(&message(&fits), Some(&template)), vec![]);
        let over = validate(&message(&format!("{fits}x")), Some(&template));
        assert_eq!(
            rules(&over),
            vec![(SendRule::TemplateTooLong, "/components/1/parameters")]
        );
        assert!(
            over[0].message.contains("1,026 characters"),
            "{}",
            over[0].message
        );
        // A template that is only a body may be much longer.
        let alone = info(
            TemplateStatus::Approved,
            None,
            vec![component(ComponentType::Body, None, Some("Note: {{1}}."))],
        );
        let long = TemplateMessage {
            name: "order_update".into(),
            language: "en_US".into(),
            components: vec![TemplateSendComponent::Body {
                parameters: texts(&[&"x".repeat(5_000)]),
            }],
        };
        assert_eq!(
            validate(&OutgoingMessage::Template(long), Some(&alone)),
            vec![]
        );
    }

    #[test]
    fn named_parameters_need_their_names() {
        let template = info(
            TemplateStatus::Approved,
            Some("NAMED"),
            vec![component(
                ComponentType::Body,
                None,
                Some("Hi {{first_name}}, order {{order_id}} is ready."),
            )],
        );
        let named = |pairs: &[(&str, Option<&str>)]| TemplateMessage {
            name: "order_update".into(),
            language: "en_US".into(),
            components: vec![TemplateSendComponent::Body {
                parameters: pairs
                    .iter()
                    .map(|(v, n)| TemplateParameter::Text {
                        text: (*v).into(),
                        parameter_name: n.map(Into::into),
                    })
                    .collect(),
            }],
        };
        let good = named(&[("Pablo", Some("first_name")), ("860198", Some("order_id"))]);
        assert_eq!(
            validate(&OutgoingMessage::Template(good), Some(&template)),
            vec![]
        );
        let bad = named(&[("Pablo", None), ("860198", Some("order"))]);
        assert_eq!(
            rules(&validate(&OutgoingMessage::Template(bad), Some(&template))),
            vec![
                (
                    SendRule::TemplateParamName,
                    "/components/0/parameters/0/parameterName"
                ),
                (
                    SendRule::TemplateParamName,
                    "/components/0/parameters/1/parameterName"
                )
            ]
        );
    }

    #[test]
    fn a_template_that_is_not_approved_or_not_the_one_picked_is_reported() {
        let hello = |status| {
            info(
                status,
                None,
                vec![component(ComponentType::Body, None, Some("Hello"))],
            )
        };
        let message = |name: &str| {
            OutgoingMessage::Template(TemplateMessage {
                name: name.into(),
                language: "en_US".into(),
                components: vec![],
            })
        };
        for (status, code) in [
            (TemplateStatus::Pending, "132001"),
            (TemplateStatus::Paused, "132015"),
            (TemplateStatus::Disabled, "132016"),
        ] {
            let findings = validate(&message("order_update"), Some(&hello(status)));
            assert_eq!(
                rules(&findings),
                vec![(SendRule::TemplateNotApproved, "/name")]
            );
            assert!(
                findings[0].message.contains(code),
                "{}",
                findings[0].message
            );
        }
        assert_eq!(
            validate(
                &message("order_update"),
                Some(&hello(TemplateStatus::Reinstated))
            ),
            vec![]
        );
        assert_eq!(
            rules(&validate(
                &message("other"),
                Some(&hello(TemplateStatus::Approved))
            )),
            vec![(SendRule::TemplateMismatch, "/name")]
        );
    }

    #[test]
    fn empty_template_values_and_bad_places_are_refused() {
        let message = OutgoingMessage::Template(TemplateMessage {
            name: " ".into(),
            language: "".into(),
            components: vec![TemplateSendComponent::Header {
                parameters: vec![
                    TemplateParameter::Text {
                        text: "".into(),
                        parameter_name: None,
                    },
                    TemplateParameter::Location {
                        latitude: 91.0,
                        longitude: 0.0,
                        name: None,
                        address: None,
                    },
                    TemplateParameter::Document {
                        source: MediaSource::Link {
                            url: "https://bit.ly/x".into(),
                        },
                        filename: Some("x".into()),
                    },
                ],
            }],
        });
        assert_eq!(
            rules(&validate(&message, None)),
            vec![
                (SendRule::Required, "/name"),
                (SendRule::Required, "/language"),
                (SendRule::Required, "/components/0/parameters/0/text"),
                (SendRule::TemplateParamFormat, "/components/0/parameters/1"),
                (
                    SendRule::LinkShortener,
                    "/components/0/parameters/2/source/url"
                ),
                (SendRule::Filename, "/components/0/parameters/2/filename"),
            ]
        );
    }
}
