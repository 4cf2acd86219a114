//! The Send and Messages pages: checks before a send, the send itself, media uploads and link
//! checks, the number's pace, the message log, its funnel, marking inbound messages as read and
//! bursts. Message texts, file contents and media links (a signed link carries its signature)
//! are never logged: a failure logs the profile and the error only.

use tauri::State;
use waba_core::ipc::{
    BurstProgressArgs, CancelBurstArgs, CheckMediaLinkArgs, DeliveryFunnelArgs,
    MarkMessageReadArgs, MessageDetailArgs, MessageLogArgs, PreviewSendArgs, SendLimitsArgs,
    SendMessageArgs, SetSendLimitsArgs, StartBurstArgs, UploadMediaArgs,
};

use super::{Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip_all, fields(profile = %args.request.profile_id))]
pub async fn preview_send(
    state: State<'_, AppState>,
    args: Args<PreviewSendArgs>,
) -> Answer<PreviewSendArgs> {
    Ok(state.console().await?.preview_send(&args.request).await?)
}

#[tauri::command]
#[tracing::instrument(err, skip_all, fields(profile = %args.request.profile_id))]
pub async fn send_message(
    state: State<'_, AppState>,
    args: Args<SendMessageArgs>,
) -> Answer<SendMessageArgs> {
    Ok(state.console().await?.send_message(&args.request).await?)
}

#[tauri::command]
#[tracing::instrument(err, skip_all, fields(kind = ?args.request.kind))]
pub async fn check_media_link(
    state: State<'_, AppState>,
    args: Args<CheckMediaLinkArgs>,
) -> Answer<CheckMediaLinkArgs> {
    Ok(state
        .console()
        .await?
        .check_media_link(&args.request)
        .await?)
}

#[tauri::command]
#[tracing::instrument(err, skip_all, fields(profile = %args.request.profile_id, file = %args.request.file_name))]
pub async fn upload_media(
    state: State<'_, AppState>,
    args: Args<UploadMediaArgs>,
) -> Answer<UploadMediaArgs> {
    Ok(state.console().await?.upload_media(&args.request).await?)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn send_limits(
    state: State<'_, AppState>,
    args: Args<SendLimitsArgs>,
) -> Answer<SendLimitsArgs> {
    Ok(state.console().await?.send_limits(&args.profile_id).await?)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn set_send_limits(
    state: State<'_, AppState>,
    args: Args<SetSendLimitsArgs>,
) -> Answer<SetSendLimitsArgs> {
    Ok(state
        .console()
        .await?
        .set_send_limits(&args.request)
        .await?)
}

#[tauri::command]
#[tracing::instrument(err, skip_all, fields(profile = %args.query.profile_id))]
pub async fn message_log(
    state: State<'_, AppState>,
    args: Args<MessageLogArgs>,
) -> Answer<MessageLogArgs> {
    Ok(state.console().await?.message_log(&args.query).await?)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn message_detail(
    state: State<'_, AppState>,
    args: Args<MessageDetailArgs>,
) -> Answer<MessageDetailArgs> {
    Ok(state.console().await?.message_detail(&args.message).await?)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn delivery_funnel(
    state: State<'_, AppState>,
    args: Args<DeliveryFunnelArgs>,
) -> Answer<DeliveryFunnelArgs> {
    Ok(state
        .console()
        .await?
        .delivery_funnel(&args.request)
        .await?)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn mark_message_read(
    state: State<'_, AppState>,
    args: Args<MarkMessageReadArgs>,
) -> Answer<MarkMessageReadArgs> {
    Ok(state
        .console()
        .await?
        .mark_message_read(&args.request)
        .await?)
}

#[tauri::command]
#[tracing::instrument(err, skip_all, fields(profile = %args.request.profile_id, count = args.request.count))]
pub async fn start_burst(
    state: State<'_, AppState>,
    args: Args<StartBurstArgs>,
) -> Answer<StartBurstArgs> {
    Ok(state.console().await?.start_burst(&args.request).await?)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn burst_progress(
    state: State<'_, AppState>,
    args: Args<BurstProgressArgs>,
) -> Answer<BurstProgressArgs> {
    Ok(state
        .console()
        .await?
        .burst_progress(&args.burst_id)
        .await?)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn cancel_burst(
    state: State<'_, AppState>,
    args: Args<CancelBurstArgs>,
) -> Answer<CancelBurstArgs> {
    Ok(state.console().await?.cancel_burst(&args.burst_id).await?)
}
