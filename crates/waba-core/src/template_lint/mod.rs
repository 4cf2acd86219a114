//! The template linter: checks a draft in Meta's create format against the reasons Meta rejects
//! templates for (facts §9.3 and the seed's "Template Rejected" table), before Meta does.
//!
//! Why: a rejection costs the admin a review cycle (up to 24 h) and Meta's reasons are terse
//! (`INVALID_FORMAT`). The rules are pure functions of the draft and the WABA's existing
//! templates, fast enough to run on every keystroke, and written once here for the window and
//! `waba template lint`.

pub mod draft;
pub mod existing;
pub mod finding;
pub mod language;
pub mod parse;
pub mod vars;
pub mod wording;

pub use draft::{
    ButtonExample, ButtonType, ComponentExample, ComponentType, HeaderFormat, NamedParamExample,
    ParameterFormat, TemplateButton, TemplateComponent, TemplateDraft,
};
pub use finding::{Finding, LintReport, RuleId, Severity, Span};
pub use parse::{parse_draft, Parsed};
