//! "Copy as curl": the request behind any Graph call the window shows, described by the service
//! with the profile's IDs and placeholders for every secret. Nothing is sent.

use tauri::State;
use waba_core::ipc::DescribeGraphCallArgs;

use super::{Answer, Args};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(err, skip(state))]
pub async fn describe_graph_call(
    state: State<'_, AppState>,
    args: Args<DescribeGraphCallArgs>,
) -> Answer<DescribeGraphCallArgs> {
    state
        .console()
        .await?
        .describe_graph_call(&args.profile_id, &args.call)
        .await
        .map_err(Into::into)
}
