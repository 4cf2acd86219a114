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
pub mod locate;
pub mod parse;
pub mod rules;
pub mod vars;
pub mod wording;

pub use draft::{
    ButtonExample, ButtonType, ComponentExample, ComponentType, HeaderFormat, NamedParamExample,
    ParameterFormat, TemplateButton, TemplateComponent, TemplateDraft,
};
pub use existing::{ExistingTemplate, TemplateIndex};
pub use finding::{Finding, LintReport, RuleId, Severity, Span};
pub use parse::{parse_draft, Parsed};

/// Every rule over a draft, against the WABA's existing templates (for the duplicate rules).
/// Builds a [`TemplateIndex`] each call; a caller linting on every keystroke keeps one and calls
/// [`lint_with_index`].
pub fn lint(draft: &TemplateDraft, existing: &[ExistingTemplate]) -> Vec<Finding> {
    lint_with_index(draft, &TemplateIndex::new(existing))
}

/// [`lint`] against a prepared index.
pub fn lint_with_index(draft: &TemplateDraft, index: &TemplateIndex) -> Vec<Finding> {
    rules::lint(draft, index)
}

/// The admin's JSON text, read and linted: what `waba template lint FILE` and the editor's JSON
/// view show. Never fails: unreadable parts are findings. Errors mean "do not submit"
/// (`waba template lint` exits 1 when [`LintReport::has_errors`]).
pub fn lint_text(json_text: &str, existing: &[ExistingTemplate]) -> LintReport {
    lint_text_with_index(json_text, &TemplateIndex::new(existing))
}

/// [`lint_text`] against a prepared index.
pub fn lint_text_with_index(json_text: &str, index: &TemplateIndex) -> LintReport {
    let Parsed {
        draft,
        mut findings,
        positions,
    } = parse_draft(json_text);
    if findings.iter().any(|f| f.rule == RuleId::InvalidJson) {
        return LintReport::new(findings);
    }
    findings.extend(lint_with_index(&draft, index).into_iter().map(|mut f| {
        f.span.path = positions.to_text(&f.span.path);
        f
    }));
    locate::locate(json_text, &mut findings);
    LintReport::new(findings)
}
