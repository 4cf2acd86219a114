//! The Templates use cases: sync, the cached list, one template, lint, drafts, create, edit
//! (with Meta's limits) and delete. Each is a thin call into `waba_service::Console`.

use tauri::State;
use waba_core::ipc::{
    CreateTemplateArgs, DeleteTemplateArgs, DiscardTemplateDraftArgs, EditTemplateArgs,
    GetTemplateArgs, LintTemplateArgs, ListTemplateDraftsArgs, ListTemplatesArgs,
    SaveTemplateDraftArgs, SyncTemplatesArgs, TemplateEditLimitsArgs,
};

use super::{Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn sync_templates(
    state: State<'_, AppState>,
    args: Args<SyncTemplatesArgs>,
) -> Answer<SyncTemplatesArgs> {
    state
        .console()
        .await?
        .sync_templates(&args.profile_id)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn list_templates(
    state: State<'_, AppState>,
    args: Args<ListTemplatesArgs>,
) -> Answer<ListTemplatesArgs> {
    let Args(ListTemplatesArgs { filter }) = args;
    state
        .console()
        .await?
        .list_templates(filter)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn get_template(
    state: State<'_, AppState>,
    args: Args<GetTemplateArgs>,
) -> Answer<GetTemplateArgs> {
    let Args(GetTemplateArgs { template }) = args;
    state
        .console()
        .await?
        .get_template(template)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state, args), fields(text_chars = args.request.text.len(), profile_id = ?args.request.profile_id))]
pub async fn lint_template(
    state: State<'_, AppState>,
    args: Args<LintTemplateArgs>,
) -> Answer<LintTemplateArgs> {
    let Args(LintTemplateArgs { request }) = args;
    state
        .console()
        .await?
        .lint_template(request)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state, args), fields(text_chars = args.request.text.len(), draft_id = ?args.request.draft_id))]
pub async fn save_template_draft(
    state: State<'_, AppState>,
    args: Args<SaveTemplateDraftArgs>,
) -> Answer<SaveTemplateDraftArgs> {
    let Args(SaveTemplateDraftArgs { request }) = args;
    state
        .console()
        .await?
        .save_template_draft(request)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn list_template_drafts(
    state: State<'_, AppState>,
    args: Args<ListTemplateDraftsArgs>,
) -> Answer<ListTemplateDraftsArgs> {
    state
        .console()
        .await?
        .list_template_drafts(&args.profile_id)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn discard_template_draft(
    state: State<'_, AppState>,
    args: Args<DiscardTemplateDraftArgs>,
) -> Answer<DiscardTemplateDraftArgs> {
    state
        .console()
        .await?
        .discard_template_draft(&args.draft_id)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state, args), fields(name = %args.request.draft.name, language = %args.request.draft.language, confirm_warnings = args.request.confirm_warnings))]
pub async fn create_template(
    state: State<'_, AppState>,
    args: Args<CreateTemplateArgs>,
) -> Answer<CreateTemplateArgs> {
    let Args(CreateTemplateArgs { request }) = args;
    state
        .console()
        .await?
        .create_template(request)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn template_edit_limits(
    state: State<'_, AppState>,
    args: Args<TemplateEditLimitsArgs>,
) -> Answer<TemplateEditLimitsArgs> {
    state
        .console()
        .await?
        .template_edit_limits(&args.profile_id, &args.template_id)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state, args), fields(template_id = %args.request.template_id, confirm_warnings = args.request.confirm_warnings))]
pub async fn edit_template(
    state: State<'_, AppState>,
    args: Args<EditTemplateArgs>,
) -> Answer<EditTemplateArgs> {
    let Args(EditTemplateArgs { request }) = args;
    state
        .console()
        .await?
        .edit_template(request)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn delete_template(
    state: State<'_, AppState>,
    args: Args<DeleteTemplateArgs>,
) -> Answer<DeleteTemplateArgs> {
    let Args(DeleteTemplateArgs { request }) = args;
    state
        .console()
        .await?
        .delete_template(request)
        .await
        .map_err(Into::into)
}
