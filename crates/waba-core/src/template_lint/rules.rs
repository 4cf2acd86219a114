//! The rules, one function per concern, each pushing findings in the admin's words. Limits and
//! rules are facts §9.3; the rejection reasons are the seed's "Template Rejected" table (where
//! the seed and the facts disagree, the facts win: 132001 is a send error, not a rejection).

use std::collections::HashSet;

use super::draft::{
    ButtonExample, ButtonType, ComponentType, HeaderFormat, NamedParamExample, ParameterFormat,
    TemplateButton, TemplateComponent, TemplateDraft,
};
use super::existing::TemplateIndex;
use super::finding::{Finding, RuleId, Span};
use super::language::{self, Verdict};
use super::vars::{self, Problem, Scan, Var, VarKey};
use super::wording;
use crate::graph_states::{TemplateCategory, TemplateStatus};

/// Meta's limits (facts §9.3), in characters.
pub const NAME_MAX: usize = 512;
pub const HEADER_MAX: usize = 60;
pub const BODY_MAX: usize = 1024;
pub const FOOTER_MAX: usize = 60;
pub const BUTTON_TEXT_MAX: usize = 25;
pub const URL_MAX: usize = 2000;
pub const PHONE_MAX: usize = 20;
/// Coupon codes may be 20 characters since Dec 2025 (15 before).
pub const COPY_CODE_MAX: usize = 20;
pub const BUTTONS_MAX: usize = 10;
pub const URL_BUTTONS_MAX: usize = 2;

/// Heuristic for 2388293 ("too many variables for the message length"; Meta publishes no
/// number): at least this many words of fixed text per variable.
pub const WORDS_PER_VARIABLE: usize = 2;

/// At most this many findings of one rule in one text field (a pasted wall of `{{` would
/// otherwise give thousands, each with its own span).
pub const MAX_PER_FIELD: usize = 20;

/// Emoji from which a UTILITY text reads as promotional (a heuristic).
pub const EMOJI_HEAVY: usize = 3;

/// Every rule over one draft.
pub fn lint(draft: &TemplateDraft, index: &TemplateIndex) -> Vec<Finding> {
    let mut out = Vec::new();
    name(draft, &mut out);
    language_code(draft, &mut out);
    category(draft, &mut out);
    parameter_format(draft, &mut out);
    duplicate_name_language(draft, index, &mut out);
    components(draft, index, &mut out);
    out
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The byte offset of the `n`th character (or the end).
fn char_offset(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// A "too long" finding over the characters past the limit.
fn too_long(rule: RuleId, path: &str, text: &str, max: usize, what: &str) -> Option<Finding> {
    let n = chars(text);
    (n > max).then(|| {
        Finding::error(
            rule,
            Span::text(path, text, char_offset(text, max), text.len()),
            format!("{what} is {n} characters long: Meta allows at most {max}."),
            format!("Shorten it by {} characters.", n - max),
        )
    })
}

/// Names Meta gives its own sample templates: `hello_world` (facts §2.3, 2388155), plus the
/// `sample_*` templates WhatsApp Manager used to put in new accounts. Meta refuses a new
/// template with one of these names; the sandbox refuses them too.
pub const SAMPLE_TEMPLATE_NAMES: &[&str] = &[
    "hello_world",
    "sample_shipping_confirmation",
    "sample_issue_resolution",
    "sample_flight_confirmation",
    "sample_movie_ticket_confirmation",
    "sample_purchase_feedback",
    "sample_happy_hour_announcement",
];

fn name(draft: &TemplateDraft, out: &mut Vec<Finding>) {
    let name = &draft.name;
    if name.is_empty() {
        out.push(Finding::error(
            RuleId::NameFormat,
            Span::field("/name"),
            "The template has no name.",
            "Give it a name in lowercase letters, digits and underscores, e.g. order_update.",
        ));
        return;
    }
    if let Some((i, c)) = name
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'))
    {
        let suggestion: String = name
            .chars()
            .map(|c| match c {
                'A'..='Z' => c.to_ascii_lowercase(),
                'a'..='z' | '0'..='9' | '_' => c,
                _ => '_',
            })
            .collect();
        out.push(Finding::error(
            RuleId::NameFormat,
            Span::text("/name", name, i, i + c.len_utf8()),
            format!(
                "The name has {:?}: Meta accepts only lowercase letters, digits and underscores (2388046).",
                c
            ),
            format!("Rename it, e.g. {suggestion}."),
        ));
    }
    if SAMPLE_TEMPLATE_NAMES.contains(&name.as_str()) {
        out.push(Finding::error(
            RuleId::SampleName,
            Span::whole("/name", name),
            format!("{name} is the name of one of Meta's sample templates: Meta refuses a new template with it (2388155)."),
            format!("Use a name of your own, e.g. {name}_v2 or one that says what the message is for."),
        ));
    }
    out.extend(too_long(
        RuleId::NameTooLong,
        "/name",
        name,
        NAME_MAX,
        "The name",
    ));
}

fn language_code(draft: &TemplateDraft, out: &mut Vec<Finding>) {
    let code = &draft.language;
    let span = || Span::whole("/language", code);
    match language::check(code) {
        Verdict::Known => {}
        Verdict::UnlistedRegion { listed } => out.push(Finding::warning(
            RuleId::LanguageCode,
            span(),
            format!("{code} is not on Meta's list of template languages as this console knows it."),
            format!(
                "Check Meta's supported languages, or use {}.",
                listed.join(" or ")
            ),
        )),
        Verdict::Unknown { suggest } => {
            let message = if code.is_empty() {
                "The template has no language.".to_owned()
            } else {
                format!("{code} is not a language code Meta accepts for templates.")
            };
            let fix = if suggest.is_empty() {
                "Use one of Meta's codes, e.g. en_US, pt_BR or es_MX (an underscore, not a hyphen)."
                    .to_owned()
            } else {
                format!("Use {}.", suggest.join(" or "))
            };
            out.push(Finding::error(RuleId::LanguageCode, span(), message, fix));
        }
    }
}

fn category(draft: &TemplateDraft, out: &mut Vec<Finding>) {
    let fix = "Set \"category\" to MARKETING, UTILITY or AUTHENTICATION.";
    match &draft.category {
        None => out.push(Finding::error(
            RuleId::Category,
            Span::field("/category"),
            "The template has no category.",
            fix,
        )),
        Some(
            TemplateCategory::Marketing
            | TemplateCategory::Utility
            | TemplateCategory::Authentication,
        ) => {}
        Some(other) => out.push(Finding::error(
            RuleId::Category,
            Span::field("/category"),
            format!("{other} is not a category Meta accepts for new templates."),
            fix,
        )),
    }
}

fn parameter_format(draft: &TemplateDraft, out: &mut Vec<Finding>) {
    if let Some(ParameterFormat::Other(value)) = &draft.parameter_format {
        out.push(Finding::error(
            RuleId::ParameterFormat,
            Span::field("/parameter_format"),
            format!("parameter_format {value:?} is not one Meta knows."),
            "Use \"POSITIONAL\" ({{1}}, {{2}}) or \"NAMED\" ({{first_name}}).",
        ));
    }
}

fn duplicate_name_language(draft: &TemplateDraft, index: &TemplateIndex, out: &mut Vec<Finding>) {
    let Some(existing) = index.same_name_language(&draft.name, &draft.language) else {
        return;
    };
    let deleting = matches!(existing.status, Some(TemplateStatus::PendingDeletion));
    let message = if deleting {
        format!(
            "A template named {} in {} is being deleted: a deleted approved name cannot be reused for 30 days.",
            existing.name, existing.language
        )
    } else {
        format!(
            "The WABA already has a template named {} in {} (2388024).",
            existing.name, existing.language
        )
    };
    out.push(Finding::error(
        RuleId::DuplicateNameLanguage,
        Span::whole("/name", &draft.name),
        message,
        "Choose another name, or edit the existing template instead.",
    ));
}

/// The variables of one text field, with where it is.
struct Field<'a> {
    path: String,
    text: &'a str,
    scan: Scan,
}

impl<'a> Field<'a> {
    fn new(path: String, text: &'a str) -> Self {
        Self {
            scan: vars::scan(text),
            path,
            text,
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::text(self.path.as_str(), self.text, start, end)
    }

    fn var_span(&self, var: &Var) -> Span {
        self.span(var.start, var.end)
    }

    fn whole(&self) -> Span {
        Span::whole(self.path.as_str(), self.text)
    }

    fn var_text(&self, var: &Var) -> &str {
        &self.text[var.start..var.end]
    }
}

/// Malformed placeholders and named variables with characters Meta does not allow.
fn placeholders(field: &Field<'_>, out: &mut Vec<Finding>) {
    for bad in field.scan.bad.iter().take(MAX_PER_FIELD) {
        let written = &field.text[bad.start..bad.end];
        let span = field.span(bad.start, bad.end);
        out.push(match &bad.problem {
            Problem::Malformed { suggest } => Finding::error(
                RuleId::MalformedPlaceholder,
                span,
                format!("{written} is not a variable Meta reads: a variable is two braces on each side with nothing else inside."),
                match suggest {
                    Some(s) => format!("Write {s}."),
                    None => "Write it as {{1}} (or {{name}} with parameter_format NAMED), or remove the braces.".to_owned(),
                },
            ),
            Problem::BadName { suggest } => Finding::error(
                RuleId::VariableName,
                span,
                format!("{written} has characters Meta does not allow in a variable name (only lowercase letters, digits and underscores)."),
                format!("Write {{{{{suggest}}}}}."),
            ),
        });
    }
}

/// Each variable of the kind `parameter_format` says, never both kinds.
fn variable_format(field: &Field<'_>, format: &ParameterFormat, out: &mut Vec<Finding>) {
    let positional = field
        .scan
        .vars
        .iter()
        .any(|v| matches!(v.key, VarKey::Positional(_)));
    let named = field
        .scan
        .vars
        .iter()
        .any(|v| matches!(v.key, VarKey::Named(_)));
    let mut reported = 0;
    for var in &field.scan.vars {
        if reported == MAX_PER_FIELD {
            break;
        }
        let written = field.var_text(var);
        let finding = match (&var.key, format) {
            (VarKey::Named(_), ParameterFormat::Positional) => Some(if positional {
                (
                    format!("{written} is a named variable among numbered ones: Meta does not accept both kinds in one template."),
                    "Use numbered variables ({{1}}, {{2}}) throughout, or named ones with \"parameter_format\": \"NAMED\".".to_owned(),
                )
            } else {
                (
                    format!("{written} is a named variable, but the template's parameter_format is POSITIONAL (the default)."),
                    "Add \"parameter_format\": \"NAMED\", or use numbered variables ({{1}}, {{2}}).".to_owned(),
                )
            }),
            (VarKey::Positional(_), ParameterFormat::Named) => Some(if named {
                (
                    format!("{written} is a numbered variable among named ones: Meta does not accept both kinds in one template."),
                    "Use named variables ({{first_name}}) throughout.".to_owned(),
                )
            } else {
                (
                    format!("{written} is a numbered variable, but the template's parameter_format is NAMED."),
                    "Name it, e.g. {{first_name}}, or remove \"parameter_format\": \"NAMED\".".to_owned(),
                )
            }),
            _ => None,
        };
        if let Some((message, fix)) = finding {
            reported += 1;
            out.push(Finding::error(
                RuleId::VariableFormat,
                field.var_span(var),
                message,
                fix,
            ));
        }
    }
}

/// Positional variables numbered 1, 2, 3... in order of first appearance (a repeat is fine).
fn sequence(field: &Field<'_>, out: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for var in &field.scan.vars {
        let VarKey::Positional(n) = var.key else {
            continue;
        };
        if seen.contains(&n) {
            continue;
        }
        let expected = seen.len() as u32 + 1;
        if n != expected {
            let written = field.var_text(var);
            let message = if seen.contains(&expected) || n < expected {
                format!("{written} is out of order: Meta expects the variables numbered 1, 2, 3... in the order they appear.")
            } else if seen.is_empty() && n != 1 {
                format!(
                    "The variables start at {written}: Meta expects them to start at {{{{1}}}}."
                )
            } else {
                format!("{written} comes where {{{{{expected}}}}} is expected: Meta rejects gaps in the numbering.")
            };
            out.push(Finding::error(
                RuleId::VariableSequence,
                field.var_span(var),
                message,
                "Number the variables 1, 2, 3... with no gaps, in the order they appear.",
            ));
            return;
        }
        seen.insert(n);
    }
}

/// No variable at the very start or end of the body (2388299).
fn edges(field: &Field<'_>, out: &mut Vec<Finding>) {
    let text = field.text;
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    let vars = &field.scan.vars;
    if let Some(first) = vars.first().filter(|v| v.start == start) {
        out.push(Finding::error(
            RuleId::VariableAtEdge,
            field.var_span(first),
            format!(
                "The body starts with {}: Meta rejects templates that start or end with a variable (2388299).",
                field.var_text(first)
            ),
            "Put some words before it.",
        ));
    }
    if let Some(last) = vars.last().filter(|v| v.end == end) {
        out.push(Finding::error(
            RuleId::VariableAtEdge,
            field.var_span(last),
            format!(
                "The body ends with {}: Meta rejects templates that start or end with a variable (2388299).",
                field.var_text(last)
            ),
            "Put some words after it, e.g. end the sentence.",
        ));
    }
}

/// No two variables with only spaces or punctuation between them.
fn adjacent(field: &Field<'_>, out: &mut Vec<Finding>) {
    let mut reported = 0;
    for pair in field.scan.vars.windows(2) {
        if reported == MAX_PER_FIELD {
            break;
        }
        let between = &field.text[pair[0].end..pair[1].start];
        if between
            .chars()
            .all(|c| c.is_whitespace() || c.is_ascii_punctuation() || is_punctuation(c))
        {
            reported += 1;
            out.push(Finding::error(
                RuleId::AdjacentVariables,
                field.span(pair[0].start, pair[1].end),
                format!(
                    "{} and {} have no words between them: Meta rejects adjacent variables as INVALID_FORMAT.",
                    field.var_text(&pair[0]),
                    field.var_text(&pair[1])
                ),
                "Put words between them, or merge them into one variable.",
            ));
        }
    }
}

fn is_punctuation(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{303F}' | '\u{060C}' | '\u{061F}' | '\u{06D4}' | '\u{00A1}' | '\u{00BF}')
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{0E00}'..='\u{0EFF}')
}

/// Words of fixed text (variables left out). In scripts written without spaces (Chinese,
/// Japanese, Thai, ...) two characters count as a word.
fn fixed_words(field: &Field<'_>) -> usize {
    let mut words = 0;
    let mut at = 0;
    let mut count = |s: &str| {
        let mut in_word = false;
        let mut cjk = 0usize;
        for c in s.chars() {
            if is_cjk(c) {
                cjk += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                if !in_word {
                    words += 1;
                }
                in_word = true;
            } else {
                in_word = false;
            }
        }
        words += cjk.div_ceil(2);
    };
    for var in &field.scan.vars {
        count(&field.text[at..var.start]);
        at = var.end;
    }
    count(&field.text[at..]);
    words
}

/// 2388293, as a heuristic: [`WORDS_PER_VARIABLE`] words of fixed text per variable.
fn density(field: &Field<'_>, out: &mut Vec<Finding>) {
    let n = field.scan.vars.len();
    if n == 0 {
        return;
    }
    let words = fixed_words(field);
    if words < WORDS_PER_VARIABLE * n {
        out.push(Finding::warning(
            RuleId::TooManyVariables,
            field.whole(),
            format!(
                "The body has {n} variables and only {words} words of its own: Meta rejects templates with too many variables for their length (2388293)."
            ),
            format!(
                "Write at least {} words around the variables, or use fewer variables (this console's rule of thumb: {WORDS_PER_VARIABLE} words per variable).",
                WORDS_PER_VARIABLE * n
            ),
        ));
    }
}

fn shorteners(field: &Field<'_>, out: &mut Vec<Finding>) {
    for (start, end, host) in wording::shorteners(field.text)
        .into_iter()
        .take(MAX_PER_FIELD)
    {
        out.push(Finding::error(
            RuleId::UrlShortener,
            field.span(start, end),
            format!("{host} is a link shortener: Meta rejects templates with shortened links."),
            "Use the full link to your own domain.",
        ));
    }
}

fn promotional(field: &Field<'_>, utility: bool, out: &mut Vec<Finding>) {
    if !utility {
        return;
    }
    let hits = wording::promotional(field.text);
    if let Some(&(start, end, _)) = hits.first() {
        let mut words: Vec<&str> = hits.iter().map(|h| &field.text[h.0..h.1]).collect();
        words.dedup();
        out.push(Finding::warning(
            RuleId::PromotionalUtility,
            field.span(start, end),
            format!(
                "\"{}\" reads as promotional: Meta moves UTILITY templates with such wording to MARKETING (or rejects them when allow_category_change is false).",
                words.join("\", \"")
            ),
            "Keep to the facts of the transaction, or make it a MARKETING template.",
        ));
    }
    let emoji = wording::emoji_count(field.text);
    if emoji >= EMOJI_HEAVY {
        out.push(Finding::warning(
            RuleId::PromotionalUtility,
            field.whole(),
            format!("{emoji} emoji read as promotional in a UTILITY template: Meta may move it to MARKETING."),
            "Use one emoji at most, or none.",
        ));
    }
}

fn sensitive(field: &Field<'_>, out: &mut Vec<Finding>) {
    for (start, end, _) in wording::sensitive_requests(field.text)
        .into_iter()
        .take(MAX_PER_FIELD)
    {
        out.push(Finding::error(
            RuleId::SensitiveData,
            field.span(start, end),
            format!(
                "The template asks for {}: Meta rejects templates that request card numbers, CVVs, social security numbers, passwords, PINs or bank logins.",
                &field.text[start..end]
            ),
            "Remove the request; send people to your own secure site or app for such data.",
        ));
    }
}

/// The text checks every text component shares.
fn text_checks(field: &Field<'_>, draft: &TemplateDraft, out: &mut Vec<Finding>) {
    placeholders(field, out);
    variable_format(field, &draft.parameter_format(), out);
    shorteners(field, out);
    promotional(
        field,
        draft.category == Some(TemplateCategory::Utility),
        out,
    );
    sensitive(field, out);
}

fn components(draft: &TemplateDraft, index: &TemplateIndex, out: &mut Vec<Finding>) {
    let mut seen: Vec<&ComponentType> = Vec::new();
    let mut body_seen = false;
    for (i, component) in draft.components.iter().enumerate() {
        let path = format!("/components/{i}");
        let kind = &component.kind;
        if kind.is_known() && seen.contains(&kind) {
            out.push(Finding::error(
                RuleId::DuplicateComponent,
                Span::field(format!("{path}/type")),
                format!("The template has a second {kind} component: Meta accepts one of each."),
                "Merge the two, or remove one.",
            ));
            continue;
        }
        seen.push(kind);
        match kind {
            ComponentType::Header => header(draft, component, &path, out),
            ComponentType::Body => {
                body_seen = true;
                body(draft, component, &path, index, out);
            }
            ComponentType::Footer => footer(draft, component, &path, out),
            ComponentType::Buttons => buttons(draft, component, &path, out),
            ComponentType::Carousel | ComponentType::LimitedTimeOffer => {}
            ComponentType::Other(name) => out.push(Finding::warning(
                RuleId::UnknownComponent,
                Span::field(format!("{path}/type")),
                if name.is_empty() {
                    "This component has no type, so the console cannot check it.".to_owned()
                } else {
                    format!("{name} is a component type this console does not know: it is sent to Meta as written, unchecked.")
                },
                "Check the type's spelling (HEADER, BODY, FOOTER, BUTTONS, CAROUSEL, LIMITED_TIME_OFFER).",
            )),
        }
    }
    if !body_seen {
        out.push(Finding::error(
            RuleId::BodyMissing,
            Span::field("/components"),
            "The template has no BODY: Meta requires one.",
            "Add {\"type\": \"BODY\", \"text\": \"...\"} to the components.",
        ));
    }
    authentication(draft, out);
}

fn header(
    draft: &TemplateDraft,
    component: &TemplateComponent,
    path: &str,
    out: &mut Vec<Finding>,
) {
    let format = match (&component.format, &component.text) {
        (Some(format), _) => format.clone(),
        (None, Some(_)) => HeaderFormat::Text,
        (None, None) => {
            out.push(Finding::error(
                RuleId::UnknownHeaderFormat,
                Span::field(format!("{path}/format")),
                "The header has no format.",
                "Set \"format\" to TEXT (with a text), IMAGE, VIDEO, DOCUMENT or LOCATION.",
            ));
            return;
        }
    };
    match format {
        HeaderFormat::Text => {
            let Some(text) = component.text.as_deref().filter(|t| !t.trim().is_empty()) else {
                out.push(Finding::error(
                    RuleId::HeaderTextMissing,
                    Span::field(format!("{path}/text")),
                    "The TEXT header has no text.",
                    "Write the header's text, or remove the header.",
                ));
                return;
            };
            let field = Field::new(format!("{path}/text"), text);
            out.extend(too_long(
                RuleId::HeaderTooLong,
                &field.path,
                text,
                HEADER_MAX,
                "The header",
            ));
            text_checks(&field, draft, out);
            if let Some(second) = field.scan.vars.get(1) {
                out.push(Finding::error(
                    RuleId::HeaderVariables,
                    field.var_span(second),
                    format!(
                        "The header has {} variables: Meta allows one.",
                        field.scan.vars.len()
                    ),
                    "Keep one variable in the header; move the others to the body.",
                ));
            }
            sequence(&field, out);
            let example = component.example.as_ref();
            examples(
                &field,
                path,
                example.and_then(|e| e.header_text.as_deref()),
                example.and_then(|e| e.header_text_named_params.as_deref()),
                ("header_text", "header_text_named_params"),
                out,
            );
        }
        HeaderFormat::Image | HeaderFormat::Video | HeaderFormat::Document => {
            let has = component
                .example
                .as_ref()
                .and_then(|e| e.header_handle.as_ref())
                .is_some_and(|h| h.iter().any(|v| !v.trim().is_empty()));
            if !has {
                out.push(Finding::error(
                    RuleId::ExampleMissing,
                    Span::field(format!("{path}/example")),
                    format!("The {format} header has no example media: Meta needs a sample to review."),
                    "Upload a sample with the resumable upload API and put its handle in \"example\": {\"header_handle\": [\"...\"]}.",
                ));
            }
        }
        HeaderFormat::Location | HeaderFormat::Product => {}
        HeaderFormat::Other(value) => out.push(Finding::warning(
            RuleId::UnknownHeaderFormat,
            Span::field(format!("{path}/format")),
            format!("{value} is a header format this console does not know."),
            "Use TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION.",
        )),
    }
}

fn body(
    draft: &TemplateDraft,
    component: &TemplateComponent,
    path: &str,
    index: &TemplateIndex,
    out: &mut Vec<Finding>,
) {
    if draft.category == Some(TemplateCategory::Authentication) {
        // Meta writes an authentication body itself; `authentication` checks it.
        return;
    }
    let Some(text) = component.text.as_deref().filter(|t| !t.trim().is_empty()) else {
        out.push(Finding::error(
            RuleId::BodyEmpty,
            match &component.text {
                Some(text) => Span::whole(format!("{path}/text"), text),
                None => Span::field(format!("{path}/text")),
            },
            "The body is empty.",
            "Write the message's text.",
        ));
        return;
    };
    let field = Field::new(format!("{path}/text"), text);
    out.extend(too_long(
        RuleId::BodyTooLong,
        &field.path,
        text,
        BODY_MAX,
        "The body",
    ));
    text_checks(&field, draft, out);
    sequence(&field, out);
    edges(&field, out);
    adjacent(&field, out);
    density(&field, out);
    let example = component.example.as_ref();
    examples(
        &field,
        path,
        example
            .and_then(|e| e.body_text.as_ref())
            .map(|rows| rows.first().map(Vec::as_slice).unwrap_or_default()),
        example.and_then(|e| e.body_text_named_params.as_deref()),
        ("body_text", "body_text_named_params"),
        out,
    );
    if let Some(dup) = index.closest(&draft.name, &draft.language, text) {
        let t = dup.template;
        let message = if dup.similarity >= 1.0 {
            format!(
                "The body is the same as the existing template {} ({}) once case, spacing and variables are set aside: Meta rejects duplicates.",
                t.name, t.language
            )
        } else {
            format!(
                "The body is {:.0}% like the existing template {} ({}): Meta rejects near-duplicates.",
                dup.similarity * 100.0,
                t.name,
                t.language
            )
        };
        out.push(Finding::warning(
            RuleId::NearDuplicate,
            field.whole(),
            message,
            format!("Change the wording, or use {} instead.", t.name),
        ));
    }
}

/// The examples of a header or body: one per variable, none empty, named ones by name.
fn examples(
    field: &Field<'_>,
    component_path: &str,
    positional: Option<&[String]>,
    named: Option<&[NamedParamExample]>,
    keys: (&str, &str),
    out: &mut Vec<Finding>,
) {
    let mut numbers: HashSet<u32> = HashSet::new();
    let mut names: HashSet<&str> = HashSet::new();
    for var in &field.scan.vars {
        match &var.key {
            VarKey::Positional(n) => {
                numbers.insert(*n);
            }
            VarKey::Named(name) => {
                names.insert(name);
            }
        }
    }
    if !numbers.is_empty() {
        let first = field
            .scan
            .vars
            .iter()
            .find(|v| matches!(v.key, VarKey::Positional(_)));
        match positional {
            None | Some([]) => out.push(Finding::error(
                RuleId::ExampleMissing,
                first.map_or_else(|| field.whole(), |v| field.var_span(v)),
                if numbers.len() == 1 {
                    "The variable has no example value: Meta rejects variables without examples.".to_owned()
                } else {
                    format!(
                        "The {} variables have no example values: Meta rejects variables without examples.",
                        numbers.len()
                    )
                },
                format!(
                    "Add \"example\": {{\"{}\": {}}} with one value per variable, in order.",
                    keys.0,
                    if keys.0 == "body_text" { "[[\"...\"]]" } else { "[\"...\"]" }
                ),
            )),
            Some(values) => {
                let values_path = if keys.0 == "body_text" {
                    format!("{component_path}/example/body_text/0")
                } else {
                    format!("{component_path}/example/header_text")
                };
                if values.len() != numbers.len() {
                    out.push(Finding::error(
                        RuleId::ExampleCount,
                        Span::field(values_path.clone()),
                        format!(
                            "There are {} variables but {} example values.",
                            numbers.len(),
                            values.len()
                        ),
                        "Give exactly one example value per variable, in order.",
                    ));
                }
                for (k, value) in values.iter().enumerate().take(MAX_PER_FIELD) {
                    if value.trim().is_empty() {
                        out.push(Finding::error(
                            RuleId::ExampleMissing,
                            Span::field(format!("{values_path}/{k}")),
                            format!("The example for {{{{{}}}}} is empty.", k + 1),
                            "Write a realistic value, e.g. a name or an order number.",
                        ));
                    }
                }
            }
        }
    }
    if !names.is_empty() {
        let params = named.unwrap_or_default();
        let named_path = format!("{component_path}/example/{}", keys.1);
        let mut seen: Vec<&str> = Vec::new();
        for var in &field.scan.vars {
            let VarKey::Named(name) = &var.key else {
                continue;
            };
            if seen.contains(&name.as_str()) || seen.len() == MAX_PER_FIELD {
                continue;
            }
            seen.push(name);
            match params.iter().find(|p| &p.param_name == name) {
                None => out.push(Finding::error(
                    RuleId::ExampleMissing,
                    field.var_span(var),
                    format!(
                        "{} has no example value: Meta rejects variables without examples.",
                        field.var_text(var)
                    ),
                    format!(
                        "Add {{\"param_name\": \"{name}\", \"example\": \"...\"}} to \"{}\".",
                        keys.1
                    ),
                )),
                Some(p) if p.example.trim().is_empty() => out.push(Finding::error(
                    RuleId::ExampleMissing,
                    field.var_span(var),
                    format!("The example for {} is empty.", field.var_text(var)),
                    "Write a realistic value, e.g. a name or an order number.",
                )),
                Some(_) => {}
            }
        }
        for (k, p) in params.iter().enumerate().take(MAX_PER_FIELD) {
            if !names.contains(&p.param_name.as_str()) {
                out.push(Finding::error(
                    RuleId::ExampleCount,
                    Span::whole(format!("{named_path}/{k}/param_name"), &p.param_name),
                    format!(
                        "The example names {{{{{}}}}}, which the text does not have.",
                        p.param_name
                    ),
                    "Remove it, or correct the name to match the variable.",
                ));
            }
        }
    }
}

fn footer(
    draft: &TemplateDraft,
    component: &TemplateComponent,
    path: &str,
    out: &mut Vec<Finding>,
) {
    let Some(text) = component.text.as_deref() else {
        return;
    };
    let field = Field::new(format!("{path}/text"), text);
    out.extend(too_long(
        RuleId::FooterTooLong,
        &field.path,
        text,
        FOOTER_MAX,
        "The footer",
    ));
    for var in field.scan.vars.iter().take(MAX_PER_FIELD) {
        out.push(Finding::error(
            RuleId::FooterVariable,
            field.var_span(var),
            format!(
                "The footer has {}: Meta allows no variables in a footer.",
                field.var_text(var)
            ),
            "Move the variable to the body, or write the footer as fixed text.",
        ));
    }
    placeholders(&field, out);
    shorteners(&field, out);
    promotional(
        &field,
        draft.category == Some(TemplateCategory::Utility),
        out,
    );
    sensitive(&field, out);
}

fn buttons(
    draft: &TemplateDraft,
    component: &TemplateComponent,
    path: &str,
    out: &mut Vec<Finding>,
) {
    let buttons = component.buttons.as_deref().unwrap_or_default();
    let at = |j: usize| format!("{path}/buttons/{j}");
    if buttons.is_empty() {
        out.push(Finding::error(
            RuleId::ButtonFieldMissing,
            Span::field(format!("{path}/buttons")),
            "The BUTTONS component has no buttons.",
            "Add a button, or remove the component.",
        ));
        return;
    }
    if buttons.len() > BUTTONS_MAX {
        out.push(Finding::error(
            RuleId::TooManyButtons,
            Span::field(at(BUTTONS_MAX)),
            format!(
                "The template has {} buttons: Meta allows {BUTTONS_MAX}.",
                buttons.len()
            ),
            "Remove buttons until there are 10 or fewer.",
        ));
    }
    // Quick replies together: the kind (quick reply or not) changes at most once.
    let mut changes = 0;
    for (j, pair) in buttons.windows(2).enumerate() {
        let qr = |b: &TemplateButton| b.kind == ButtonType::QuickReply;
        if qr(&pair[0]) != qr(&pair[1]) {
            changes += 1;
            if changes == 2 {
                out.push(Finding::error(
                    RuleId::QuickRepliesNotGrouped,
                    Span::field(at(j + 1)),
                    "Quick replies are mixed in among the other buttons: Meta requires them grouped together.",
                    "Put all quick replies first (or last), then the other buttons.",
                ));
                break;
            }
        }
    }
    let limits: [(ButtonType, usize, RuleId, &str); 3] = [
        (
            ButtonType::Url,
            URL_BUTTONS_MAX,
            RuleId::TooManyUrlButtons,
            "URL buttons",
        ),
        (
            ButtonType::PhoneNumber,
            1,
            RuleId::TooManyPhoneButtons,
            "phone-number buttons",
        ),
        (
            ButtonType::CopyCode,
            1,
            RuleId::TooManyCopyCodeButtons,
            "copy-code buttons",
        ),
    ];
    for (kind, max, rule, what) in limits {
        let of_kind: Vec<usize> = buttons
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind == kind)
            .map(|(j, _)| j)
            .collect();
        if let Some(&extra) = of_kind.get(max) {
            out.push(Finding::error(
                rule,
                Span::field(at(extra)),
                format!(
                    "The template has {} {what}: Meta allows {max}.",
                    of_kind.len()
                ),
                format!("Keep at most {max} and remove the others."),
            ));
        }
    }
    let utility = draft.category == Some(TemplateCategory::Utility);
    for (j, button) in buttons.iter().enumerate() {
        let path = at(j);
        one_button(button, &path, utility, out);
    }
}

fn missing(path: String, message: &str, fix: &str) -> Finding {
    Finding::error(RuleId::ButtonFieldMissing, Span::field(path), message, fix)
}

fn one_button(button: &TemplateButton, path: &str, utility: bool, out: &mut Vec<Finding>) {
    let needs_text = matches!(
        button.kind,
        ButtonType::QuickReply | ButtonType::Url | ButtonType::PhoneNumber
    );
    match button.text.as_deref() {
        Some(text) if !text.trim().is_empty() => {
            let field = Field::new(format!("{path}/text"), text);
            out.extend(too_long(
                RuleId::ButtonTextTooLong,
                &field.path,
                text,
                BUTTON_TEXT_MAX,
                "The button's label",
            ));
            promotional(&field, utility, out);
        }
        _ if needs_text => out.push(missing(
            format!("{path}/text"),
            "This button has no label.",
            "Write its label (at most 25 characters).",
        )),
        _ => {}
    }
    match &button.kind {
        ButtonType::Url => url_button(button, path, out),
        ButtonType::PhoneNumber => match button.phone_number.as_deref() {
            None | Some("") => out.push(missing(
                format!("{path}/phone_number"),
                "The phone-number button has no phone number.",
                "Add \"phone_number\" with the country code, e.g. 15550051310.",
            )),
            Some(phone) => out.extend(too_long(
                RuleId::PhoneNumberTooLong,
                &format!("{path}/phone_number"),
                phone,
                PHONE_MAX,
                "The phone number",
            )),
        },
        ButtonType::CopyCode => {
            let code = button
                .example
                .as_ref()
                .and_then(|e| e.values().first().map(|v| v.to_string()));
            match code.as_deref() {
                None | Some("") => out.push(Finding::error(
                    RuleId::ExampleMissing,
                    Span::field(format!("{path}/example")),
                    "The copy-code button has no example code.",
                    "Add \"example\": \"SUMMER25\" (the kind of code you will send).",
                )),
                Some(code) => out.extend(too_long(
                    RuleId::CopyCodeTooLong,
                    &example_path(button, path, 0),
                    code,
                    COPY_CODE_MAX,
                    "The example code",
                )),
            }
        }
        ButtonType::Other(name) => out.push(Finding::warning(
            RuleId::UnknownButton,
            Span::field(format!("{path}/type")),
            format!("{name:?} is a button type this console does not know: it is sent to Meta as written, unchecked."),
            "Check the type's spelling (QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, ...).",
        )),
        _ => {}
    }
}

fn url_button(button: &TemplateButton, path: &str, out: &mut Vec<Finding>) {
    let Some(url) = button.url.as_deref().filter(|u| !u.trim().is_empty()) else {
        out.push(missing(
            format!("{path}/url"),
            "The URL button has no URL.",
            "Add \"url\": \"https://...\".",
        ));
        return;
    };
    let field = Field::new(format!("{path}/url"), url);
    out.extend(too_long(
        RuleId::UrlTooLong,
        &field.path,
        url,
        URL_MAX,
        "The URL",
    ));
    let lower = url.trim_start().to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        out.push(Finding::error(
            RuleId::UrlInvalid,
            field.whole(),
            "The URL does not start with https:// (or http://).",
            "Write the full address, e.g. https://www.example.com/orders/{{1}}.",
        ));
    }
    placeholders(&field, out);
    shorteners(&field, out);
    let end = url.trim_end().len();
    for (k, var) in field.scan.vars.iter().enumerate().take(MAX_PER_FIELD) {
        let written = field.var_text(var);
        let problem = if k > 0 {
            Some((
                format!("The URL has a second variable, {written}: Meta allows one, at the end."),
                "Keep one variable, at the end of the URL.".to_owned(),
            ))
        } else if var.end != end {
            Some((
                format!("{written} is not at the end of the URL: Meta allows a URL variable only at the end."),
                "Move the variable to the end, e.g. https://www.example.com/orders/{{1}}.".to_owned(),
            ))
        } else if var.key != VarKey::Positional(1) {
            Some((
                format!("A URL button's variable is written {{{{1}}}}, not {written}."),
                "Write {{1}}.".to_owned(),
            ))
        } else {
            None
        };
        if let Some((message, fix)) = problem {
            out.push(Finding::error(
                RuleId::UrlVariable,
                field.var_span(var),
                message,
                fix,
            ));
        }
    }
    if let Some(var) = field.scan.vars.first() {
        let values = button
            .example
            .as_ref()
            .map(|e| e.values())
            .unwrap_or_default();
        if values.iter().all(|v| v.trim().is_empty()) {
            out.push(Finding::error(
                RuleId::ExampleMissing,
                field.var_span(var),
                format!("The URL's {} has no example: Meta rejects variables without examples.", field.var_text(var)),
                "Add \"example\": [\"https://www.example.com/orders/12345\"] (the full URL with a sample value).",
            ));
        }
        for (k, value) in values.iter().enumerate().take(MAX_PER_FIELD) {
            let example = Field::new(example_path(button, path, k), value);
            shorteners(&example, out);
        }
    }
}

/// The pointer to a button's `k`th example: the text itself when the example is one text, the
/// list's `k`th item when it is a list.
fn example_path(button: &TemplateButton, path: &str, k: usize) -> String {
    match &button.example {
        Some(ButtonExample::Many(_)) => format!("{path}/example/{k}"),
        _ => format!("{path}/example"),
    }
}

/// AUTHENTICATION templates (kept simple): Meta writes the body itself ("{{1}} is your
/// verification code"), so a custom text is a warning, and the template needs an OTP button.
/// Meta's other authentication rules (code expiry, app signatures) are not checked here.
fn authentication(draft: &TemplateDraft, out: &mut Vec<Finding>) {
    if draft.category != Some(TemplateCategory::Authentication) {
        return;
    }
    if let Some((i, body)) = draft.component(&ComponentType::Body) {
        if let Some(text) = body.text.as_deref().filter(|t| !t.trim().is_empty()) {
            out.push(Finding::warning(
                RuleId::Authentication,
                Span::whole(format!("/components/{i}/text"), text),
                "Authentication templates use Meta's fixed text (\"{{1}} is your verification code.\"): your own text is not used.",
                "Remove the text; use \"add_security_recommendation\": true to add Meta's security line.",
            ));
        }
    }
    let has_otp = draft.components.iter().any(|c| {
        c.buttons
            .as_deref()
            .unwrap_or_default()
            .iter()
            .any(|b| b.kind == ButtonType::Otp)
    });
    if !has_otp {
        out.push(Finding::error(
            RuleId::Authentication,
            Span::field("/components"),
            "An authentication template needs a one-time-passcode button, and this one has none.",
            "Add {\"type\": \"BUTTONS\", \"buttons\": [{\"type\": \"OTP\", \"otp_type\": \"COPY_CODE\", \"text\": \"Copy code\"}]}.",
        ));
    }
}
