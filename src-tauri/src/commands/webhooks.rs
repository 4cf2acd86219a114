//! The Webhooks page: the app secret, the WABA's subscription and the callback routing, the probe
//! of a callback URL, the window's local receiver, its test event and the feed of stored events.

use tauri::State;
use waba_core::ipc::{
    AppSecretStoredArgs, ClearAppSecretArgs, LastWebhookProbeArgs, LocalReceiverStatusArgs,
    ProbeWebhookArgs, SendTestWebhookEventArgs, SetAppSecretArgs, SetAppWebhookArgs,
    SetNumberOverrideArgs, StartLocalReceiverArgs, StopLocalReceiverArgs, SubscribeAppArgs,
    SubscriptionsOverviewArgs, UnsubscribeAppArgs, WebhookEventsArgs, WebhookRoutingArgs,
};

use super::{Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn set_app_secret(
    state: State<'_, AppState>,
    args: Args<SetAppSecretArgs>,
) -> Answer<SetAppSecretArgs> {
    let request = &args.request;
    state
        .console()
        .await?
        .set_app_secret(&request.profile_id, &request.app_secret)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn clear_app_secret(
    state: State<'_, AppState>,
    args: Args<ClearAppSecretArgs>,
) -> Answer<ClearAppSecretArgs> {
    state
        .console()
        .await?
        .clear_app_secret(&args.profile_id)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn app_secret_stored(
    state: State<'_, AppState>,
    args: Args<AppSecretStoredArgs>,
) -> Answer<AppSecretStoredArgs> {
    state
        .console()
        .await?
        .has_app_secret(&args.profile_id)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn local_receiver_status(
    state: State<'_, AppState>,
    _args: Args<LocalReceiverStatusArgs>,
) -> Answer<LocalReceiverStatusArgs> {
    state
        .console()
        .await?
        .local_receiver_status()
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn start_local_receiver(
    state: State<'_, AppState>,
    args: Args<StartLocalReceiverArgs>,
) -> Answer<StartLocalReceiverArgs> {
    state
        .console()
        .await?
        .start_local_receiver(&args.request)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn stop_local_receiver(
    state: State<'_, AppState>,
    _args: Args<StopLocalReceiverArgs>,
) -> Answer<StopLocalReceiverArgs> {
    state
        .console()
        .await?
        .stop_local_receiver()
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn send_test_webhook_event(
    state: State<'_, AppState>,
    args: Args<SendTestWebhookEventArgs>,
) -> Answer<SendTestWebhookEventArgs> {
    state
        .console()
        .await?
        .send_test_webhook_event(&args.profile_id)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn webhook_events(
    state: State<'_, AppState>,
    args: Args<WebhookEventsArgs>,
) -> Answer<WebhookEventsArgs> {
    state
        .console()
        .await?
        .webhook_events(&args.filter)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn subscriptions_overview(
    state: State<'_, AppState>,
    args: Args<SubscriptionsOverviewArgs>,
) -> Answer<SubscriptionsOverviewArgs> {
    state
        .console()
        .await?
        .subscriptions_overview(&args.profile_id)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn subscribe_app(
    state: State<'_, AppState>,
    args: Args<SubscribeAppArgs>,
) -> Answer<SubscribeAppArgs> {
    let Args(SubscribeAppArgs { request }) = args;
    state
        .console()
        .await?
        .subscribe_app(&request.profile_id, request.override_callback)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn unsubscribe_app(
    state: State<'_, AppState>,
    args: Args<UnsubscribeAppArgs>,
) -> Answer<UnsubscribeAppArgs> {
    state
        .console()
        .await?
        .unsubscribe_app(&args.profile_id)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn set_app_webhook(
    state: State<'_, AppState>,
    args: Args<SetAppWebhookArgs>,
) -> Answer<SetAppWebhookArgs> {
    let Args(SetAppWebhookArgs { request }) = args;
    let callback = waba_core::subscriptions::CallbackOverride {
        url: request.callback_url,
        verify_token: request.verify_token,
    };
    state
        .console()
        .await?
        .set_app_webhook_config(&request.profile_id, callback, &request.fields)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn webhook_routing(
    state: State<'_, AppState>,
    args: Args<WebhookRoutingArgs>,
) -> Answer<WebhookRoutingArgs> {
    state
        .console()
        .await?
        .webhook_routing(&args.profile_id, args.phone_number_id.as_deref())
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn set_number_override(
    state: State<'_, AppState>,
    args: Args<SetNumberOverrideArgs>,
) -> Answer<SetNumberOverrideArgs> {
    let Args(SetNumberOverrideArgs { request }) = args;
    let console = state.console().await?;
    let number = request.phone_number_id.as_deref();
    match request.override_callback {
        Some(callback) => {
            console
                .set_number_override(&request.profile_id, number, callback)
                .await
        }
        None => {
            console
                .clear_number_override(&request.profile_id, number)
                .await
        }
    }
    .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn probe_webhook(
    state: State<'_, AppState>,
    args: Args<ProbeWebhookArgs>,
) -> Answer<ProbeWebhookArgs> {
    state
        .console()
        .await?
        .probe_webhook(&args.request)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn last_webhook_probe(
    state: State<'_, AppState>,
    args: Args<LastWebhookProbeArgs>,
) -> Answer<LastWebhookProbeArgs> {
    state
        .console()
        .await?
        .last_probe(&args.profile_id)
        .await
        .map_err(Into::into)
}
