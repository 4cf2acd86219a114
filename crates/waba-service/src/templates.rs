//! Templates: sync (every page into the SQLite cache, with Meta's count and limit and the time),
//! the cached list with its filters, one template read fresh, drafts kept until submitted or
//! discarded, and the three changes with their rails:
//!
//! - **create** lints first (`waba_core::template_lint`): errors refuse it, warnings need the
//!   admin's confirmation; Meta's answer (PENDING, usually) goes into the cache at once;
//! - **edit** shows Meta's limits first (an APPROVED template: 1 edit per 24 h, 10 per 30 days)
//!   from the console's own count in SQLite, refuses locally when that count says the limit is
//!   reached, and otherwise lets Meta decide (edits made elsewhere are not counted);
//! - **delete** by name (every language) or one language (`hsm_id`) needs an explicit
//!   confirmation whose text says a deleted approved name is blocked for 30 days.
//!
//! Every create, edit and delete is in the audit log, refusals by Meta included.

use std::time::Instant;

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use waba_core::audit::AuditAction;
use waba_core::graph_states::{explain, GraphState, TemplateCategory, TemplateStatus};
use waba_core::profile::Profile;
use waba_core::template_lint::{
    self, ExistingTemplate, LintReport, TemplateComponent, TemplateDraft,
};
use waba_core::templates::{
    delete_warning, edit_limits, explain_rejection, template_count, CreateTemplateRequest,
    DeleteTemplateRequest, EditLimits, EditTemplateRequest, LintRequest, SaveDraftRequest,
    TemplateCreated, TemplateDeleted, TemplateDraftInfo, TemplateEdited, TemplateFilter,
    TemplateInfo, TemplateListing, TemplateRef, DELETED_NAME_BLOCK_DAYS, EDITS_PER_30_DAYS,
    EDITS_PER_DAY,
};
use waba_core::{CommandError, ErrorCode, FieldError};
use waba_graph::model::{MessageTemplate, TemplateSummary};
use waba_graph::TemplateQuery;
use waba_store::{DraftRow, TemplateCache};

use crate::console::Console;
use crate::doctor::now_rfc3339;
use crate::errors;

/// The cached list of a profile: the templates, Meta's summary and the time of the sync.
pub(crate) struct Cached {
    pub templates: Vec<MessageTemplate>,
    pub summary: Option<TemplateSummary>,
    pub synced_at: String,
}

/// A template as the console shows it.
pub(crate) fn info(t: &MessageTemplate) -> TemplateInfo {
    let components = t
        .components
        .iter()
        .filter_map(|c| {
            serde_json::to_value(c)
                .ok()
                .and_then(|v| serde_json::from_value::<TemplateComponent>(v).ok())
        })
        .collect();
    TemplateInfo {
        id: t.id.clone(),
        name: t.name.clone(),
        language: t.language.clone().unwrap_or_default(),
        status: t
            .status
            .clone()
            .unwrap_or_else(|| TemplateStatus::Other(String::new()))
            .explained(),
        category: explain(t.category.clone()),
        previous_category: t.previous_category.clone(),
        parameter_format: t.parameter_format.clone(),
        quality: explain(t.quality_score.as_ref().and_then(|q| q.score.clone())),
        rejection: explain_rejection(t.rejected_reason.as_deref()),
        components,
    }
}

/// The linter over a draft, as one report.
fn lint(draft: &TemplateDraft, others: &[ExistingTemplate]) -> LintReport {
    LintReport::new(template_lint::lint(draft, others))
}

/// The synced templates as the linter compares a draft with them.
fn existing(templates: &[MessageTemplate]) -> Vec<ExistingTemplate> {
    templates
        .iter()
        // A deleted template's (name, language) is free again (its name may be blocked for 30
        // days, which Meta says when asked).
        .filter(|t| !matches!(t.status, Some(TemplateStatus::Deleted)))
        .map(|t| ExistingTemplate {
            name: t.name.clone(),
            language: t.language.clone().unwrap_or_default(),
            category: t.category.clone(),
            status: t.status.clone(),
            body: t
                .components
                .iter()
                .find(|c| c.kind == "BODY")
                .and_then(|c| c.text.clone())
                .unwrap_or_default(),
        })
        .collect()
}

fn matches(t: &TemplateInfo, f: &TemplateFilter) -> bool {
    let search = f
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase);
    f.status.as_ref().is_none_or(|s| &t.status.value == s)
        && f.category
            .as_ref()
            .is_none_or(|c| t.category.as_ref().map(|e| &e.value) == Some(c))
        && f.language
            .as_deref()
            .is_none_or(|l| t.language.eq_ignore_ascii_case(l.trim()))
        && search.is_none_or(|s| {
            t.name.to_lowercase().contains(&s)
                || t.components.iter().any(|c| {
                    c.text
                        .as_deref()
                        .is_some_and(|text| text.to_lowercase().contains(&s))
                })
        })
}

fn draft_info(row: DraftRow) -> TemplateDraftInfo {
    TemplateDraftInfo {
        id: row.id,
        profile_id: row.profile_id,
        text: row.body,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

fn label(name: &str, language: Option<&str>) -> String {
    match language {
        Some(l) if !l.is_empty() => format!("{name} ({l})"),
        _ => name.to_owned(),
    }
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

fn internal(e: serde_json::Error) -> CommandError {
    CommandError::internal(format!("the template cache could not be written: {e}"))
}

/// A failed edit whose answer never came may still have been counted by Meta.
fn outcome_unknown(e: &CommandError) -> bool {
    matches!(
        e.code,
        ErrorCode::Timeout | ErrorCode::Unreachable | ErrorCode::NotJson
    )
}

fn lint_failed(report: &LintReport) -> CommandError {
    let fields = report
        .findings
        .iter()
        .filter(|f| f.severity == template_lint::Severity::Error)
        .map(|f| FieldError::new(&f.span.path, format!("{} {}", f.message, f.fix)))
        .collect::<Vec<_>>();
    let first = report
        .findings
        .iter()
        .find(|f| f.severity == template_lint::Severity::Error)
        .map(|f| f.message.clone())
        .unwrap_or_default();
    CommandError {
        code: ErrorCode::TemplateLintFailed,
        message: format!(
            "The linter found {} error(s) Meta would reject this template for, so it was not sent: {first}",
            report.errors
        ),
        ..CommandError::invalid_fields(fields)
    }
    .with_action("Fix the errors the linter shows (waba template lint FILE in the CLI), then submit again; the draft is kept.")
}

fn needs_confirmation(report: &LintReport) -> CommandError {
    let warnings: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.severity == template_lint::Severity::Warning)
        .map(|f| f.message.as_str())
        .collect();
    CommandError::new(
        ErrorCode::ConfirmationRequired,
        format!(
            "The linter has {} warning(s) about this template: {}",
            report.warnings,
            warnings.join(" ")
        ),
    )
    .with_action("Read the warnings; submit again with confirmWarnings (--yes in the CLI) to send it anyway.")
}

/// The name of the template(s) a delete removes, trimmed; never empty.
pub(crate) fn deleted_name(name: &str) -> Result<&str, CommandError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CommandError::invalid_fields(vec![FieldError::new(
            "name",
            "Give the name of the template to delete.",
        )]));
    }
    Ok(name)
}

/// The body of `POST /{waba-id}/message_templates`: the draft in Meta's create format.
pub(crate) fn create_body(draft: &TemplateDraft) -> Result<serde_json::Value, CommandError> {
    serde_json::to_value(draft).map_err(|e| CommandError::internal(e.to_string()))
}

/// The body of an edit (`POST /{template-id}`): only the parts that change.
pub(crate) fn edit_body(
    category: Option<&TemplateCategory>,
    components: Option<&[TemplateComponent]>,
    message_send_ttl_seconds: Option<i64>,
) -> Result<serde_json::Value, CommandError> {
    let mut body = serde_json::Map::new();
    if let Some(c) = category {
        body.insert("category".into(), c.as_graph().into());
    }
    if let Some(components) = components {
        body.insert(
            "components".into(),
            serde_json::to_value(components).map_err(|e| CommandError::internal(e.to_string()))?,
        );
    }
    if let Some(ttl) = message_send_ttl_seconds {
        body.insert("message_send_ttl_seconds".into(), ttl.into());
    }
    Ok(serde_json::Value::Object(body))
}

impl Console {
    /// The profile's cached templates, or `None` before its first sync.
    pub(crate) async fn cached_templates(
        &self,
        profile: &Profile,
    ) -> Result<Option<Cached>, CommandError> {
        let Some(row) = self
            .store
            .template_cache(&profile.id)
            .await
            .map_err(errors::store)?
        else {
            return Ok(None);
        };
        let templates = serde_json::from_str(&row.templates).map_err(|e| {
            CommandError::new(
                ErrorCode::Storage,
                format!("The cached template list cannot be read ({e})."),
            )
            .with_action("Sync the templates again.")
        })?;
        let summary = row
            .summary
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok());
        Ok(Some(Cached {
            templates,
            summary,
            synced_at: row.synced_at,
        }))
    }

    async fn write_cache(
        &self,
        profile: &Profile,
        templates: &[MessageTemplate],
        summary: Option<&TemplateSummary>,
        synced_at: &str,
    ) -> Result<(), CommandError> {
        let cache = TemplateCache {
            synced_at: synced_at.to_owned(),
            templates: serde_json::to_string(templates).map_err(internal)?,
            summary: summary
                .map(serde_json::to_string)
                .transpose()
                .map_err(internal)?,
        };
        self.store
            .save_template_cache(&profile.id, &cache)
            .await
            .map_err(errors::store)
    }

    /// Changes the cached list (after a create, edit or delete) without a new sync.
    async fn update_cache(
        &self,
        profile: &Profile,
        change: impl FnOnce(&mut Vec<MessageTemplate>),
    ) -> Result<(), CommandError> {
        let cached = self.cached_templates(profile).await?;
        let (mut templates, mut summary, synced_at) = match cached {
            Some(c) => (c.templates, c.summary, c.synced_at),
            None => (Vec::new(), None, now_rfc3339()),
        };
        let before = templates.len();
        change(&mut templates);
        // Meta's count from the last sync, moved by what this change added or removed, so a
        // create or delete shows in the count before the next sync.
        if let Some(count) = summary
            .as_mut()
            .and_then(|s| s.message_template_count.as_mut())
        {
            let after = templates.len();
            *count = if after >= before {
                count.saturating_add(u32::try_from(after - before).unwrap_or(u32::MAX))
            } else {
                count.saturating_sub(u32::try_from(before - after).unwrap_or(u32::MAX))
            };
        }
        self.write_cache(profile, &templates, summary.as_ref(), &synced_at)
            .await
    }

    /// The cached list, synced first when the profile has never been synced.
    async fn cached_or_synced(&self, profile: &Profile) -> Result<Cached, CommandError> {
        if let Some(cached) = self.cached_templates(profile).await? {
            return Ok(cached);
        }
        self.sync_templates(&profile.id).await?;
        self.cached_templates(profile)
            .await?
            .ok_or_else(|| CommandError::internal("the synced templates were not cached"))
    }

    /// Reads every page of the WABA's templates into the cache and answers the whole list.
    pub async fn sync_templates(&self, profile_id: &str) -> Result<TemplateListing, CommandError> {
        let profile = self.profile(profile_id).await?;
        let (client, token) = self.session(&profile).await?;
        let list = client
            .list_templates(&token, &profile.waba_id, &TemplateQuery::default())
            .await?;
        self.write_cache(
            &profile,
            &list.templates,
            list.summary.as_ref(),
            &now_rfc3339(),
        )
        .await?;
        self.list_templates(TemplateFilter {
            profile_id: profile.id.clone(),
            ..TemplateFilter::default()
        })
        .await
    }

    /// The cached list, filtered. No Graph call.
    pub async fn list_templates(
        &self,
        filter: TemplateFilter,
    ) -> Result<TemplateListing, CommandError> {
        let profile = self.profile(&filter.profile_id).await?;
        let Some(cached) = self.cached_templates(&profile).await? else {
            return Ok(TemplateListing {
                profile_id: profile.id,
                synced_at: None,
                count: None,
                templates: Vec::new(),
                cached: 0,
            });
        };
        let total = u32::try_from(cached.templates.len()).unwrap_or(u32::MAX);
        let summary = cached.summary.unwrap_or_default();
        let mut templates: Vec<TemplateInfo> = cached
            .templates
            .iter()
            .map(info)
            .filter(|t| matches(t, &filter))
            .collect();
        templates.sort_by(|a, b| (&a.name, &a.language).cmp(&(&b.name, &b.language)));
        Ok(TemplateListing {
            profile_id: profile.id,
            synced_at: Some(cached.synced_at),
            count: Some(template_count(
                summary.message_template_count.unwrap_or(total),
                summary.message_template_limit,
            )),
            templates,
            cached: total,
        })
    }

    /// One template by ID, or every language of a name (or the one given), read fresh from Meta
    /// (one read each) and written back to the cache.
    pub async fn get_template(&self, r: TemplateRef) -> Result<Vec<TemplateInfo>, CommandError> {
        let profile = self.profile(&r.profile_id).await?;
        let ids: Vec<String> = match (&r.template_id, &r.name) {
            (Some(id), _) => vec![id.trim().to_owned()],
            (None, Some(name)) => {
                let cached = self.cached_or_synced(&profile).await?;
                let ids: Vec<String> = cached
                    .templates
                    .iter()
                    .filter(|t| t.name == name.trim())
                    .filter(|t| {
                        r.language.as_deref().is_none_or(|l| {
                            t.language
                                .as_deref()
                                .is_some_and(|tl| tl.eq_ignore_ascii_case(l.trim()))
                        })
                    })
                    .map(|t| t.id.clone())
                    .collect();
                if ids.is_empty() {
                    return Err(CommandError::new(
                        ErrorCode::NotFound,
                        format!(
                            "The synced templates have no {}.",
                            label(name, r.language.as_deref())
                        ),
                    )
                    .with_action("Check the name and language, or sync the templates again."));
                }
                ids
            }
            (None, None) => {
                return Err(CommandError::invalid_fields(vec![FieldError::new(
                    "name",
                    "Give a template's name or its ID.",
                )]))
            }
        };
        let (client, token) = self.session(&profile).await?;
        let mut fresh = Vec::new();
        for id in &ids {
            fresh.push(client.template(&token, id).await?);
        }
        let written = fresh.clone();
        self.update_cache(&profile, move |list| {
            for t in written {
                match list.iter_mut().find(|c| c.id == t.id) {
                    Some(slot) => *slot = t,
                    None => list.push(t),
                }
            }
        })
        .await?;
        Ok(fresh.iter().map(info).collect())
    }

    /// Lints a draft as typed; with a profile, its synced templates are checked for duplicates.
    pub async fn lint_template(&self, request: LintRequest) -> Result<LintReport, CommandError> {
        let others = match &request.profile_id {
            Some(id) => {
                let profile = self.profile(id).await?;
                let cached = self.cached_templates(&profile).await?;
                let others: Vec<MessageTemplate> = cached
                    .map(|c| c.templates)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|t| request.editing.as_deref() != Some(t.id.as_str()))
                    .collect();
                existing(&others)
            }
            None => Vec::new(),
        };
        Ok(template_lint::lint_text(&request.text, &others))
    }

    pub async fn save_template_draft(
        &self,
        request: SaveDraftRequest,
    ) -> Result<TemplateDraftInfo, CommandError> {
        let profile = self.profile(&request.profile_id).await?;
        let id = request
            .draft_id
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        self.store
            .save_draft(&id, &profile.id, &request.text, &now_rfc3339())
            .await
            .map(draft_info)
            .map_err(errors::store)
    }

    pub async fn list_template_drafts(
        &self,
        profile_id: &str,
    ) -> Result<Vec<TemplateDraftInfo>, CommandError> {
        let profile = self.profile(profile_id).await?;
        let rows = self
            .store
            .drafts(&profile.id)
            .await
            .map_err(errors::store)?;
        Ok(rows.into_iter().map(draft_info).collect())
    }

    pub async fn discard_template_draft(&self, draft_id: &str) -> Result<(), CommandError> {
        if self
            .store
            .delete_draft(draft_id)
            .await
            .map_err(errors::store)?
        {
            Ok(())
        } else {
            Err(CommandError::new(
                ErrorCode::NotFound,
                format!("No draft \"{draft_id}\" is kept."),
            ))
        }
    }

    /// Lints, then creates. The template is cached as Meta answered; the kept draft is removed
    /// once Meta accepted it.
    pub async fn create_template(
        &self,
        request: CreateTemplateRequest,
    ) -> Result<TemplateCreated, CommandError> {
        let profile = self.profile(&request.profile_id).await?;
        let cached = self.cached_templates(&profile).await?;
        let others = cached
            .as_ref()
            .map(|c| existing(&c.templates))
            .unwrap_or_default();
        let report = lint(&request.draft, &others);
        if report.has_errors() {
            return Err(lint_failed(&report));
        }
        if report.warnings > 0 && !request.confirm_warnings {
            return Err(needs_confirmation(&report));
        }
        let draft = &request.draft;
        let target = label(&draft.name, Some(&draft.language));
        let template = self
            .audited(
                Some(&profile.id),
                AuditAction::TemplateCreated,
                Some(&target),
                self.send_create(&profile, draft),
            )
            .await?;
        if let Some(id) = &request.draft_id {
            if let Err(e) = self.store.delete_draft(id).await {
                tracing::warn!(error = %e, "could not remove the submitted draft");
            }
        }
        let status = template.status.value.as_graph().to_owned();
        Ok(TemplateCreated {
            message: format!(
                "Meta accepted {target} as {status} (ID {}). Review normally takes up to 24 hours; sync the templates to see Meta's decision.",
                template.id
            ),
            template,
            warnings_accepted: report.warnings,
        })
    }

    async fn send_create(
        &self,
        profile: &Profile,
        draft: &TemplateDraft,
    ) -> Result<TemplateInfo, CommandError> {
        let (client, token) = self.session(profile).await?;
        let body = create_body(draft)?;
        let created = client
            .create_template(&token, &profile.waba_id, &body)
            .await?;
        let components = draft
            .components
            .iter()
            .filter_map(|c| {
                serde_json::to_value(c)
                    .ok()
                    .and_then(|v| serde_json::from_value(v).ok())
            })
            .collect();
        let template = MessageTemplate {
            status: Some(created.status.unwrap_or(TemplateStatus::Pending)),
            language: Some(draft.language.clone()),
            category: created.category.or_else(|| draft.category.clone()),
            parameter_format: draft
                .parameter_format
                .as_ref()
                .map(|p| p.as_graph().to_owned()),
            components,
            ..MessageTemplate::named(created.id, draft.name.clone())
        };
        let cached = template.clone();
        self.update_cache(profile, move |list| {
            list.retain(|t| t.id != cached.id);
            list.push(cached);
        })
        .await?;
        Ok(info(&template))
    }

    /// The template as cached, read from Meta when the cache does not hold it.
    async fn known_template(
        &self,
        profile: &Profile,
        template_id: &str,
    ) -> Result<MessageTemplate, CommandError> {
        if let Some(t) = self
            .cached_templates(profile)
            .await?
            .and_then(|c| c.templates.into_iter().find(|t| t.id == template_id))
        {
            return Ok(t);
        }
        let (client, token) = self.session(profile).await?;
        Ok(client.template(&token, template_id).await?)
    }

    async fn limits_of(
        &self,
        profile: &Profile,
        template: &MessageTemplate,
    ) -> Result<EditLimits, CommandError> {
        let now = OffsetDateTime::now_utc();
        let day_ago = now - Duration::hours(24);
        let month_ago = now - Duration::days(30);
        let edits = self
            .store
            .template_edits_since(&template.id, month_ago.unix_timestamp())
            .await
            .map_err(errors::store)?;
        let in_day: Vec<i64> = edits
            .iter()
            .copied()
            .filter(|at| *at >= day_ago.unix_timestamp())
            .collect();
        let count = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        let mut next: Option<i64> = None;
        if count(in_day.len()) >= EDITS_PER_DAY {
            next = in_day.first().map(|at| at + 24 * 3600);
        }
        if count(edits.len()) >= EDITS_PER_30_DAYS {
            let month = edits.first().map(|at| at + 30 * 24 * 3600);
            next = next.max(month);
        }
        let next = next
            .and_then(|at| OffsetDateTime::from_unix_timestamp(at).ok())
            .map(rfc3339);
        let _ = profile;
        Ok(edit_limits(
            &template.id,
            template
                .status
                .as_ref()
                .unwrap_or(&TemplateStatus::Other(String::new())),
            count(in_day.len()),
            count(edits.len()),
            next,
        ))
    }

    /// Meta's edit limits for a template and the console's own count of its edits.
    pub async fn template_edit_limits(
        &self,
        profile_id: &str,
        template_id: &str,
    ) -> Result<EditLimits, CommandError> {
        let profile = self.profile(profile_id).await?;
        let template = self.known_template(&profile, template_id.trim()).await?;
        self.limits_of(&profile, &template).await
    }

    /// Edits a template; refused locally when the console's own count says the limit is reached.
    pub async fn edit_template(
        &self,
        request: EditTemplateRequest,
    ) -> Result<TemplateEdited, CommandError> {
        let profile = self.profile(&request.profile_id).await?;
        let template = self
            .known_template(&profile, request.template_id.trim())
            .await?;
        let limits = self.limits_of(&profile, &template).await?;
        let status = template
            .status
            .clone()
            .unwrap_or(TemplateStatus::Other(String::new()));
        if limits.reached {
            return Err(CommandError::new(
                ErrorCode::EditLimitReached,
                format!(
                    "{} was not edited: {}",
                    label(&template.name, template.language.as_deref()),
                    limits.summary
                ),
            )
            .with_action(format!(
                "Wait until {} and edit it then, or create a new template.",
                limits
                    .next_edit_at
                    .as_deref()
                    .unwrap_or("the limit's window passes")
            )));
        }
        if status == TemplateStatus::Approved
            && request
                .category
                .as_ref()
                .is_some_and(|c| Some(c) != template.category.as_ref())
        {
            return Err(CommandError::invalid_fields(vec![FieldError::new(
                "category",
                "The category of an APPROVED template cannot change; create a new template in the other category instead.",
            )]));
        }
        if request.category.is_none()
            && request.components.is_none()
            && request.message_send_ttl_seconds.is_none()
        {
            return Err(CommandError::invalid_fields(vec![FieldError::new(
                "components",
                "Nothing to change: give components, a category or message_send_ttl_seconds.",
            )]));
        }
        if let Some(components) = &request.components {
            let draft = TemplateDraft {
                name: template.name.clone(),
                language: template.language.clone().unwrap_or_default(),
                category: request
                    .category
                    .clone()
                    .or_else(|| template.category.clone()),
                components: components.clone(),
                ..TemplateDraft::default()
            };
            let cached = self.cached_templates(&profile).await?;
            let others: Vec<_> = cached
                .map(|c| existing(&c.templates))
                .unwrap_or_default()
                .into_iter()
                .filter(|o| {
                    !(o.name == template.name && Some(&o.language) == template.language.as_ref())
                })
                .collect();
            let report = lint(&draft, &others);
            if report.has_errors() {
                return Err(lint_failed(&report));
            }
            if report.warnings > 0 && !request.confirm_warnings {
                return Err(needs_confirmation(&report));
            }
        }
        let body = edit_body(
            request.category.as_ref(),
            request.components.as_deref(),
            request.message_send_ttl_seconds,
        )?;
        let target = label(&template.name, template.language.as_deref());
        let started = Instant::now();
        let result = async {
            let (client, token) = self.session(&profile).await?;
            client
                .edit_template(&token, &template.id, &body)
                .await
                .map_err(CommandError::from)
        }
        .await;
        if result.is_ok() || result.as_ref().is_err_and(outcome_unknown) {
            self.store
                .record_template_edit(
                    &profile.id,
                    &template.id,
                    OffsetDateTime::now_utc().unix_timestamp(),
                )
                .await
                .map_err(errors::store)?;
        }
        self.audit(
            Some(&profile.id),
            AuditAction::TemplateEdited,
            Some(&target),
            &result,
            started,
        )
        .await;
        result?;
        // Meta reviews an edited template again: read what it says now (one read).
        let fresh = match self.session(&profile).await {
            Ok((client, token)) => client.template(&token, &template.id).await.ok(),
            Err(_) => None,
        };
        if let Some(fresh) = fresh {
            self.update_cache(&profile, move |list| {
                match list.iter_mut().find(|t| t.id == fresh.id) {
                    Some(slot) => *slot = fresh,
                    None => list.push(fresh),
                }
            })
            .await?;
        }
        let limits = self.limits_of(&profile, &template).await?;
        Ok(TemplateEdited {
            template_id: template.id.clone(),
            message: format!("Meta accepted the edit of {target}. {}", limits.summary),
            limits,
        })
    }

    /// Deletes every language of a name, or one language (sent as `hsm_id`), once confirmed.
    pub async fn delete_template(
        &self,
        request: DeleteTemplateRequest,
    ) -> Result<TemplateDeleted, CommandError> {
        let profile = self.profile(&request.profile_id).await?;
        let name = deleted_name(&request.name)?.to_owned();
        let language = request
            .language
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned);
        let warning = delete_warning(&name, language.as_deref());
        if !request.confirmed {
            return Err(CommandError::new(ErrorCode::ConfirmationRequired, warning)
                .with_action("Confirm the delete (--yes in the CLI)."));
        }
        let cached = self.cached_or_synced(&profile).await?;
        let of_name: Vec<&MessageTemplate> =
            cached.templates.iter().filter(|t| t.name == name).collect();
        let hsm_id = match &language {
            Some(l) => Some(
                of_name
                    .iter()
                    .find(|t| {
                        t.language
                            .as_deref()
                            .is_some_and(|tl| tl.eq_ignore_ascii_case(l))
                    })
                    .map(|t| t.id.clone())
                    .ok_or_else(|| {
                        CommandError::new(
                            ErrorCode::NotFound,
                            format!("The synced templates have no {}.", label(&name, Some(l))),
                        )
                        .with_action("Check the name and language, or sync the templates again.")
                    })?,
            ),
            None => None,
        };
        let languages: Vec<String> = match &language {
            Some(l) => vec![l.clone()],
            None => of_name.iter().filter_map(|t| t.language.clone()).collect(),
        };
        let target = label(&name, language.as_deref());
        self.audited(
            Some(&profile.id),
            AuditAction::TemplateDeleted,
            Some(&target),
            async {
                let (client, token) = self.session(&profile).await?;
                client
                    .delete_template(&token, &profile.waba_id, &name, hsm_id.as_deref())
                    .await
                    .map_err(CommandError::from)
            },
        )
        .await?;
        let removed_name = name.clone();
        let removed_id = hsm_id.clone();
        self.update_cache(&profile, move |list| {
            list.retain(|t| match &removed_id {
                Some(id) => &t.id != id,
                None => t.name != removed_name,
            });
        })
        .await?;
        Ok(TemplateDeleted {
            message: format!(
                "Deleted {target}. If it was APPROVED, the name {name} cannot be used again for {DELETED_NAME_BLOCK_DAYS} days."
            ),
            name,
            languages,
        })
    }
}
