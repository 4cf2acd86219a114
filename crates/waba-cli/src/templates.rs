//! `waba templates list` and `waba template show|lint|create|edit|delete`: the Templates use cases
//! from a terminal, with the same rails as the window (lint before create, `--yes` for the
//! linter's warnings and for a delete, Meta's edit limits counted before the call).
//!
//! `lint` exits 0 when the draft has no error and 1 when it has one; the others exit 2 when the
//! command could not be carried out (a lint error refusing a create included).

use std::path::Path;

use waba_core::graph_states::{GraphState, TemplateStatus};
use waba_core::template_lint::{LintReport, Severity, TemplateComponent, TemplateDraft};
use waba_core::templates::{
    CreateTemplateRequest, DeleteTemplateRequest, EditTemplateRequest, LintRequest, TemplateFilter,
    TemplateInfo, TemplateListing, TemplateRef,
};
use waba_core::{CommandError, ErrorCode, GraphErrorDetails};
use waba_service::Console;

use crate::{pick, to_json, Done, TemplateCommand, TemplatesCommand};

fn read_file(path: &Path) -> Result<String, CommandError> {
    std::fs::read_to_string(path).map_err(|e| {
        CommandError::new(
            ErrorCode::InvalidInput,
            format!("Could not read {}: {e}.", path.display()),
        )
        .with_action("Give the path of a file holding Meta's template JSON.")
    })
}

fn bad_json(path: &Path, e: &serde_json::Error) -> CommandError {
    CommandError::new(
        ErrorCode::InvalidInput,
        format!("{} is not valid template JSON: {e}.", path.display()),
    )
    .with_action(format!(
        "Run waba template lint {} to see what is wrong.",
        path.display()
    ))
}

fn line(t: &TemplateInfo) -> String {
    let mut out = format!(
        "{:<32} {:<8} {:<16} {:<10} {}",
        t.name,
        t.language,
        t.status.as_graph(),
        t.category.as_ref().map_or("-", |c| c.as_graph()),
        t.id
    );
    if let Some(q) = &t.quality {
        out.push_str(&format!("  quality {}", q.as_graph()));
    }
    if let Some(r) = &t.rejection {
        out.push_str(&format!(
            "\n    rejected: {} {} Fix: {}",
            r.reason.as_graph(),
            r.meaning,
            r.fix
        ));
    }
    out
}

fn listing_text(l: &TemplateListing) -> String {
    let mut out = Vec::new();
    out.push(format!(
        "Synced {}. {}",
        l.synced_at.as_deref().unwrap_or("never"),
        l.count.as_ref().map_or("", |c| c.summary.as_str())
    ));
    if l.templates.is_empty() {
        out.push("No template matches.".into());
    }
    out.extend(l.templates.iter().map(line));
    out.join("\n")
}

fn detail(t: &TemplateInfo) -> String {
    let mut out = vec![line(t), format!("  {}", t.status.meaning)];
    for c in &t.components {
        let kind = serde_json::to_value(&c.kind).unwrap_or_default();
        let kind = kind.as_str().unwrap_or("?").to_owned();
        match (&c.text, &c.buttons) {
            (Some(text), _) => out.push(format!("  {kind}: {text}")),
            (None, Some(buttons)) => {
                for b in buttons {
                    out.push(format!(
                        "  BUTTON {}: {}",
                        b.kind.as_graph(),
                        b.text.as_deref().unwrap_or("")
                    ));
                }
            }
            _ => out.push(format!("  {kind}")),
        }
    }
    out.join("\n")
}

fn findings(report: &LintReport) -> String {
    if report.findings.is_empty() {
        return "No findings: Meta's known rejection reasons do not apply.".into();
    }
    let mut out: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            let severity = if f.severity == Severity::Error {
                "error"
            } else {
                "warning"
            };
            // Where it is: the line and column in the file (always known from a file), and the field.
            let place = match (f.span.line, f.span.column, f.span.path.as_str()) {
                (Some(line), Some(column), "") => format!("line {line}, column {column}"),
                (Some(line), Some(column), path) => {
                    format!("line {line}, column {column} ({path})")
                }
                (_, _, "") => "the file".to_owned(),
                (_, _, path) => path.to_owned(),
            };
            format!(
                "{severity} [{}] {place}: {} Fix: {}",
                serde_json::to_value(f.rule)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                f.message,
                f.fix
            )
        })
        .collect();
    out.push(format!(
        "{} error(s), {} warning(s).",
        report.errors, report.warnings
    ));
    out.join("\n")
}

/// What an edit file may say (Meta's edit body, facts §9.4).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EditFile {
    #[serde(default)]
    category: Option<waba_core::graph_states::TemplateCategory>,
    #[serde(default)]
    components: Option<Vec<TemplateComponent>>,
    #[serde(default)]
    message_send_ttl_seconds: Option<i64>,
}

/// Meta's own words for a refused change, after the console's (the envelope's user title and
/// message are what WhatsApp Manager would show).
fn with_meta_words(mut e: CommandError) -> CommandError {
    if let Some(GraphErrorDetails {
        user_title: Some(title),
        user_msg,
        ..
    }) = e.graph().cloned()
    {
        e.message = format!(
            "{} Meta says: {title}: {}",
            e.message,
            user_msg.unwrap_or_default()
        );
    }
    e
}

pub(crate) async fn list(console: &Console, cmd: TemplatesCommand) -> Result<Done, CommandError> {
    let TemplatesCommand::List {
        profile,
        status,
        cached,
    } = cmd;
    let profile = pick(console, profile.as_deref()).await?;
    if !cached {
        console.sync_templates(&profile.id).await?;
    }
    let listing = console
        .list_templates(TemplateFilter {
            profile_id: profile.id.clone(),
            status: status
                .as_deref()
                .map(|s| TemplateStatus::from_graph(&s.to_uppercase())),
            ..TemplateFilter::default()
        })
        .await?;
    Ok(Done::ok(to_json(&listing), listing_text(&listing)))
}

pub(crate) async fn run(console: &Console, cmd: TemplateCommand) -> Result<Done, CommandError> {
    match cmd {
        TemplateCommand::Show {
            name,
            language,
            profile,
        } => {
            let profile = pick(console, profile.as_deref()).await?;
            let found = console
                .get_template(TemplateRef {
                    profile_id: profile.id.clone(),
                    template_id: None,
                    name: Some(name),
                    language,
                })
                .await?;
            let text = found.iter().map(detail).collect::<Vec<_>>().join("\n\n");
            Ok(Done::ok(to_json(&found), text))
        }
        TemplateCommand::Lint { file, profile } => {
            let text = read_file(&file)?;
            let profile = pick(console, profile.as_deref()).await.ok();
            let report = console
                .lint_template(LintRequest {
                    profile_id: profile.map(|p| p.id),
                    text,
                    editing: None,
                })
                .await?;
            Ok(Done {
                text: findings(&report),
                passed: !report.has_errors(),
                json: to_json(&report),
            })
        }
        TemplateCommand::Create { file, yes, profile } => {
            let text = read_file(&file)?;
            let draft: TemplateDraft =
                serde_json::from_str(&text).map_err(|e| bad_json(&file, &e))?;
            let profile = pick(console, profile.as_deref()).await?;
            let created = console
                .create_template(CreateTemplateRequest {
                    profile_id: profile.id.clone(),
                    draft,
                    confirm_warnings: yes,
                    draft_id: None,
                })
                .await
                .map_err(with_meta_words)?;
            Ok(Done::ok(to_json(&created), created.message.clone()))
        }
        TemplateCommand::Edit {
            id,
            file,
            yes,
            profile,
        } => {
            let text = read_file(&file)?;
            let edit: EditFile = serde_json::from_str(&text).map_err(|e| bad_json(&file, &e))?;
            let profile = pick(console, profile.as_deref()).await?;
            let before = console.template_edit_limits(&profile.id, &id).await?;
            eprintln!("{}", before.summary);
            let edited = console
                .edit_template(EditTemplateRequest {
                    profile_id: profile.id.clone(),
                    template_id: id,
                    category: edit.category,
                    components: edit.components,
                    message_send_ttl_seconds: edit.message_send_ttl_seconds,
                    confirm_warnings: yes,
                })
                .await
                .map_err(with_meta_words)?;
            Ok(Done::ok(to_json(&edited), edited.message.clone()))
        }
        TemplateCommand::Delete {
            name,
            language,
            yes,
            profile,
        } => {
            let profile = pick(console, profile.as_deref()).await?;
            let deleted = console
                .delete_template(DeleteTemplateRequest {
                    profile_id: profile.id.clone(),
                    name,
                    language,
                    confirmed: yes,
                })
                .await?;
            Ok(Done::ok(to_json(&deleted), deleted.message.clone()))
        }
    }
}
