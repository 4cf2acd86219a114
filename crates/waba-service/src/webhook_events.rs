//! The local webhook receiver run for a profile (its app secret from the keychain, the console's
//! database), and the events it stored.

use std::net::{Ipv4Addr, SocketAddr};

use serde::Serialize;
use waba_core::{CommandError, ErrorCode};
use waba_receiver::{Receiver, ReceiverConfig, ReceiverError, ReceiverHandle};
use waba_secrets::Secret;
use waba_store::EventFilter;

use crate::errors;
use crate::Console;

/// One stored webhook event, as the CLI's `--json` prints it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredWebhookEvent {
    pub id: i64,
    /// RFC 3339: when the receiver stored it.
    pub received_at: String,
    pub field: String,
    pub kind: String,
    pub waba_id: String,
    pub phone_number_id: Option<String>,
    pub summary: String,
    pub dedupe_key: String,
    /// The parsed event (`waba_core::webhook::WebhookEvent`), its value as Meta sent it.
    pub event: serde_json::Value,
}

/// Stored events, newest first, with how many the filter takes in all.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEventList {
    pub total: u64,
    pub events: Vec<StoredWebhookEvent>,
}

impl Console {
    /// Starts the receiver on 127.0.0.1:`port` (0: any free port) at `/webhook`, checking
    /// signatures with the profile's stored app secret and writing to the console's database.
    /// Refused when no app secret is stored.
    pub async fn start_webhook_receiver(
        &self,
        profile_id: &str,
        port: u16,
        verify_token: Option<Secret>,
    ) -> Result<ReceiverHandle, CommandError> {
        let app_secret = self.required_app_secret(profile_id).await?;
        let mut config = ReceiverConfig::new(app_secret);
        config.verify_token = verify_token;
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        Receiver::bind(addr, config, self.store.clone())
            .await
            .map_err(|e| match e {
                ReceiverError::Bind { .. } => CommandError::new(
                    ErrorCode::Unreachable,
                    format!("The webhook receiver could not start: {e}."),
                )
                .with_action("Pick another --port, or 0 for any free port."),
                other => CommandError::new(
                    ErrorCode::InvalidInput,
                    format!("The webhook receiver could not start: {other}."),
                ),
            })
    }

    /// The stored webhook events, newest first, at most `limit`, optionally of one kind or field.
    pub async fn webhook_events(
        &self,
        limit: u32,
        kind: Option<String>,
        field: Option<String>,
    ) -> Result<WebhookEventList, CommandError> {
        let filter = EventFilter { kind, field };
        let total = self
            .store
            .count_webhook_events(&filter)
            .await
            .map_err(errors::store)?;
        let rows = self
            .store
            .webhook_events(&filter, limit)
            .await
            .map_err(errors::store)?;
        let events = rows
            .into_iter()
            .map(|r| StoredWebhookEvent {
                event: serde_json::from_str(&r.event).unwrap_or(serde_json::Value::Null),
                id: r.id,
                received_at: r.received_at,
                field: r.field,
                kind: r.kind,
                waba_id: r.waba_id,
                phone_number_id: r.phone_number_id,
                summary: r.summary,
                dedupe_key: r.dedupe_key,
            })
            .collect();
        Ok(WebhookEventList { total, events })
    }
}
