//! What the linter reports: a finding (rule id, severity, span, message, fix) and the report of
//! `lint_text`. These are IPC and `waba template lint --json` types, so they are camelCase; the
//! rule ids are kebab-case and stable (a CLI JSON contract: never rename one). In TypeScript they
//! are `LintFinding`, `LintSeverity`, `LintSpan` and `LintRuleId` (`token` has its own `Finding`
//! and `Severity`, and ts-rs writes one file per name).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whether a finding blocks submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "LintSeverity")]
pub enum Severity {
    /// Meta rejects the template (or refuses the call): fix it before submitting.
    Error,
    /// Meta may reject or re-categorise it: submit only after confirming.
    Warning,
}

/// Which rule a finding comes from. Stable ids: the window and `--json` consumers match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "LintRuleId")]
pub enum RuleId {
    /// The text is not JSON.
    InvalidJson,
    /// A field has the wrong JSON type (a number where text belongs, ...).
    WrongType,
    /// A component type this console does not know (kept and sent as written).
    UnknownComponent,
    /// A button type this console does not know (kept and sent as written).
    UnknownButton,
    /// A header format this console does not know.
    UnknownHeaderFormat,
    /// The same component type twice.
    DuplicateComponent,
    /// Name empty or not lowercase letters, digits and underscores (2388046).
    NameFormat,
    /// Name over 512 characters.
    NameTooLong,
    /// The name of one of Meta's sample templates, e.g. `hello_world` (2388155).
    SampleName,
    /// A language code Meta does not list.
    LanguageCode,
    /// No category, or one Meta does not accept for new templates.
    Category,
    /// A `parameter_format` other than POSITIONAL or NAMED.
    ParameterFormat,
    /// A variable of the other kind than `parameter_format` says (or both kinds mixed).
    VariableFormat,
    /// Something that looks like a variable but is not one: `{{ 1 }}`, `{{1}`, `{1}}`.
    MalformedPlaceholder,
    /// A named variable with characters other than lowercase letters, digits and underscores.
    VariableName,
    /// Positional variables not numbered 1, 2, 3... in order of appearance.
    VariableSequence,
    /// A variable at the very start or end of the body (2388299).
    VariableAtEdge,
    /// Two variables with nothing but spaces or punctuation between them.
    AdjacentVariables,
    /// Too many variables for the amount of text (2388293; a heuristic).
    TooManyVariables,
    /// A link shortener (bit.ly, ...).
    UrlShortener,
    /// Promotional or warm wording in a UTILITY template.
    PromotionalUtility,
    /// The template asks for card numbers, CVV, SSN, passwords, PINs or bank logins.
    SensitiveData,
    /// The body is the same as, or very close to, an existing template's.
    NearDuplicate,
    /// An existing template has this name and language (2388024).
    DuplicateNameLanguage,
    /// A variable (or a media header) without an example.
    ExampleMissing,
    /// The examples do not match the variables (count or names).
    ExampleCount,
    /// No BODY component.
    BodyMissing,
    /// A BODY with no text.
    BodyEmpty,
    /// A TEXT header without text.
    HeaderTextMissing,
    /// Header text over 60 characters.
    HeaderTooLong,
    /// Body over 1,024 characters.
    BodyTooLong,
    /// Footer over 60 characters.
    FooterTooLong,
    /// Button label over 25 characters.
    ButtonTextTooLong,
    /// URL over 2,000 characters.
    UrlTooLong,
    /// Phone number over 20 characters.
    PhoneNumberTooLong,
    /// Copy-code example over 20 characters.
    CopyCodeTooLong,
    /// A variable in the footer.
    FooterVariable,
    /// More than one variable in the header.
    HeaderVariables,
    /// More than 10 buttons.
    TooManyButtons,
    /// Quick replies interleaved with other buttons.
    QuickRepliesNotGrouped,
    /// More than 2 URL buttons.
    TooManyUrlButtons,
    /// More than 1 phone-number button.
    TooManyPhoneButtons,
    /// More than 1 copy-code button.
    TooManyCopyCodeButtons,
    /// A URL with more than one variable, or a variable not at its end.
    UrlVariable,
    /// A URL that is not http(s).
    UrlInvalid,
    /// A button without the field its type needs (label, url, phone number).
    ButtonFieldMissing,
    /// AUTHENTICATION templates: Meta's fixed text and an OTP button.
    Authentication,
}

/// Where a finding points: a field of the draft and, for a text field, a range in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "LintSpan")]
pub struct Span {
    /// JSON pointer to the field, e.g. `/components/1/text`; `""` is the whole document (the
    /// pasted text itself, for JSON syntax errors).
    pub path: String,
    /// Start of the range within the string at `path`, in UTF-16 code units (what the editor's
    /// selection uses). `start == end == 0` for a finding about the field as a whole.
    pub start: u32,
    /// End of the range (exclusive), in UTF-16 code units.
    pub end: u32,
    /// 1-based line in the pasted text where the span starts, when linted from text (`lint_text`
    /// fills it for every finding; a missing field points at the object that lacks it).
    pub line: Option<u32>,
    /// 1-based column of that line, in UTF-16 code units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub column: Option<u32>,
}

impl Span {
    /// The field as a whole.
    pub fn field(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            start: 0,
            end: 0,
            line: None,
            column: None,
        }
    }

    /// The bytes `start..end` of `text`, the string at `path`, as UTF-16 offsets.
    pub fn text(path: impl Into<String>, text: &str, start: usize, end: usize) -> Self {
        let start = floor_char_boundary(text, start.min(text.len()));
        let end = floor_char_boundary(text, end.clamp(start, text.len()));
        let before = utf16_len(&text[..start]);
        Self {
            path: path.into(),
            start: before,
            end: before + utf16_len(&text[start..end]),
            line: None,
            column: None,
        }
    }

    /// All of `text`, the string at `path`.
    pub fn whole(path: impl Into<String>, text: &str) -> Self {
        Self::text(path, text, 0, text.len())
    }
}

/// Length in UTF-16 code units (saturating; a draft is never 4 GB).
pub fn utf16_len(s: &str) -> u32 {
    u32::try_from(s.encode_utf16().count()).unwrap_or(u32::MAX)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One thing wrong with a draft, in the admin's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "LintFinding")]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub span: Span,
    /// What is wrong, one sentence.
    pub message: String,
    /// How to fix it, one sentence.
    pub fix: String,
}

impl Finding {
    pub fn error(
        rule: RuleId,
        span: Span,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            severity: Severity::Error,
            span,
            message: message.into(),
            fix: fix.into(),
        }
    }

    pub fn warning(
        rule: RuleId,
        span: Span,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(rule, span, message, fix)
        }
    }
}

/// What `lint_text` answers: every finding, parse problems first, and the counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LintReport {
    pub findings: Vec<Finding>,
    pub errors: u32,
    pub warnings: u32,
}

impl LintReport {
    pub fn new(findings: Vec<Finding>) -> Self {
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            errors: count(errors),
            warnings: count(findings.len() - errors),
            findings,
        }
    }

    /// Whether anything blocks submission (`waba template lint` exits 1 when so).
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }
}
