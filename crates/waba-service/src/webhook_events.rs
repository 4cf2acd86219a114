//! The local webhook receiver run for a profile (its app secret from the keychain, the console's
//! database), the one the window keeps running, and the events it stored.
//!
//! `waba webhook serve` owns its receiver ([`Console::start_webhook_receiver`]); the window's is
//! kept here ([`Console::start_local_receiver`]), one at a time, so every page and the test-event
//! button see the same one. Its port is remembered in the database for the next start.

use std::net::{Ipv4Addr, SocketAddr};

use time::OffsetDateTime;
use tokio::sync::Mutex;
use waba_core::profile::Profile;
use waba_core::receiver::{
    ReceiverStatus, StartReceiverRequest, StoredWebhookEvent, TestEventSent, WebhookEventFilter,
    WebhookEventList, DEFAULT_RECEIVER_PORT,
};
use waba_core::webhook::sample::{is_console_sample, status_body, SampleTarget, TEST_EVENT_PREFIX};
use waba_core::webhook::{parse_body, sign, SIGNATURE_HEADER};
use waba_core::{CommandError, ErrorCode};
use waba_receiver::{Receiver, ReceiverConfig, ReceiverError, ReceiverHandle};
use waba_secrets::{secret, ExposeSecret, Secret};
use waba_store::EventFilter;

use crate::doctor::{now_rfc3339, LastStatus};
use crate::errors;
use crate::Console;

/// The most events one list answers.
pub const MAX_EVENTS_LISTED: u32 = 1_000;

/// The window's receiver while it runs.
pub(crate) struct LocalReceiver {
    handle: ReceiverHandle,
    profile_id: String,
    listen_on_all_interfaces: bool,
    /// Kept to restart it as it was (a new app secret, a failed restart on its port).
    verify_token: Option<Secret>,
    started_at: String,
}

/// The slot of the window's receiver (none running: `None`).
#[derive(Default)]
pub(crate) struct LocalReceiverSlot(Mutex<Option<LocalReceiver>>);

const TUNNEL_HINT: &str = "Meta can only call a public https:// URL. Expose this port with a tunnel of your choice (for example `cloudflared tunnel --url http://127.0.0.1:PORT` or `ngrok http PORT`), then use the tunnel's https URL followed by /webhook as the callback URL, with the same verify token.";

const ALL_INTERFACES_WARNING: &str = "The receiver listens on every network interface (0.0.0.0): other machines that can reach this one can send it requests. Only correctly signed POSTs are stored, but prefer 127.0.0.1 with a tunnel.";

fn start_error(e: ReceiverError) -> CommandError {
    match e {
        ReceiverError::Bind { .. } => CommandError::new(
            ErrorCode::Unreachable,
            format!("The webhook receiver could not start: {e}."),
        )
        .with_action(
            "Pick another port (another program may use this one), or 0 for any free port.",
        ),
        other => CommandError::new(
            ErrorCode::InvalidInput,
            format!("The webhook receiver could not start: {other}."),
        ),
    }
}

impl Console {
    /// Starts a receiver on `addr` at `/webhook`, checking signatures with the profile's stored
    /// app secret and writing to the console's database. Refused when no app secret is stored,
    /// and for a non-loopback address unless `allow_non_loopback`.
    async fn bind_receiver(
        &self,
        profile_id: &str,
        addr: SocketAddr,
        allow_non_loopback: bool,
        verify_token: Option<Secret>,
    ) -> Result<ReceiverHandle, CommandError> {
        let app_secret = self.required_app_secret(profile_id).await?;
        let mut config = ReceiverConfig::new(app_secret);
        config.verify_token = verify_token;
        config.allow_non_loopback = allow_non_loopback;
        Receiver::bind(addr, config, self.store.clone())
            .await
            .map_err(start_error)
    }

    /// `waba webhook serve`: a receiver on 127.0.0.1:`port` (0: any free port) the caller owns.
    pub async fn start_webhook_receiver(
        &self,
        profile_id: &str,
        port: u16,
        verify_token: Option<Secret>,
    ) -> Result<ReceiverHandle, CommandError> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        self.bind_receiver(profile_id, addr, false, verify_token)
            .await
    }

    /// Binds the window's receiver for `profile_id` with these settings.
    async fn bind_local(
        &self,
        profile_id: &str,
        port: u16,
        listen_on_all_interfaces: bool,
        verify_token: Option<Secret>,
    ) -> Result<LocalReceiver, CommandError> {
        let ip = if listen_on_all_interfaces {
            Ipv4Addr::UNSPECIFIED
        } else {
            Ipv4Addr::LOCALHOST
        };
        let handle = self
            .bind_receiver(
                profile_id,
                SocketAddr::from((ip, port)),
                listen_on_all_interfaces,
                verify_token.clone(),
            )
            .await?;
        tracing::info!(url = %handle.url(), profile = %profile_id, "the window's webhook receiver started");
        Ok(LocalReceiver {
            handle,
            profile_id: profile_id.to_owned(),
            listen_on_all_interfaces,
            verify_token,
            started_at: now_rfc3339(),
        })
    }

    /// Starts the window's receiver, replacing one already running. A start that fails keeps
    /// the running one: a new port is bound before the old receiver stops, and when the same
    /// port is asked for and cannot be bound again, the old receiver is restarted as it was.
    /// The port is remembered for the next start.
    pub async fn start_local_receiver(
        &self,
        request: &StartReceiverRequest,
    ) -> Result<ReceiverStatus, CommandError> {
        let profile = self.find_profile(&request.profile_id).await?;
        // Refused before the running receiver is touched.
        self.required_app_secret(&profile.id).await?;
        let verify_token = request
            .verify_token
            .as_ref()
            .map(|t| t.expose_secret().trim().to_owned())
            .filter(|t| !t.is_empty())
            .map(secret);
        let mut slot = self.local_receiver.0.lock().await;
        let same_port = slot
            .as_ref()
            .is_some_and(|r| request.port != 0 && r.handle.local_addr().port() == request.port);
        let started = if same_port {
            let previous = slot.take().expect("a running receiver");
            previous.handle.shutdown().await;
            match self
                .bind_local(
                    &profile.id,
                    request.port,
                    request.listen_on_all_interfaces,
                    verify_token,
                )
                .await
            {
                Ok(started) => started,
                Err(error) => {
                    let restored = self
                        .bind_local(
                            &previous.profile_id,
                            request.port,
                            previous.listen_on_all_interfaces,
                            previous.verify_token,
                        )
                        .await;
                    let kept = restored.is_ok();
                    *slot = restored.ok();
                    return Err(if kept {
                        error.with_action(
                            "The previous receiver was restarted as it was; it still runs.",
                        )
                    } else {
                        error
                    });
                }
            }
        } else {
            let started = self
                .bind_local(
                    &profile.id,
                    request.port,
                    request.listen_on_all_interfaces,
                    verify_token,
                )
                .await?;
            if let Some(previous) = slot.take() {
                previous.handle.shutdown().await;
            }
            started
        };
        if let Err(e) = self
            .store
            .set_receiver_port(started.handle.local_addr().port())
            .await
        {
            tracing::warn!(error = %e, "could not remember the receiver's port");
        }
        *slot = Some(started);
        Ok(status_of(slot.as_ref(), 0))
    }

    /// Stops the window's receiver; requests in flight finish (their events are committed).
    pub async fn stop_local_receiver(&self) -> Result<ReceiverStatus, CommandError> {
        let running = self.local_receiver.0.lock().await.take();
        let port = match running {
            Some(running) => {
                let port = running.handle.local_addr().port();
                running.handle.shutdown().await;
                tracing::info!(port, "the window's webhook receiver stopped");
                port
            }
            None => self.remembered_port().await,
        };
        Ok(status_of(None, port))
    }

    /// After `profile_id`'s app secret changed or went (with its profile): a receiver running
    /// for it must not go on checking signatures with the old secret, so it is restarted with
    /// the new one, or stopped when there is none.
    pub(crate) async fn app_secret_changed(&self, profile_id: &str) {
        let mut slot = self.local_receiver.0.lock().await;
        if slot.as_ref().is_none_or(|r| r.profile_id != profile_id) {
            return;
        }
        let previous = slot.take().expect("a running receiver");
        let port = previous.handle.local_addr().port();
        previous.handle.shutdown().await;
        match self
            .bind_local(
                profile_id,
                port,
                previous.listen_on_all_interfaces,
                previous.verify_token,
            )
            .await
        {
            Ok(restarted) => *slot = Some(restarted),
            Err(e) => {
                tracing::info!(reason = %e.message, "the window's webhook receiver stopped with its app secret")
            }
        }
    }

    /// The profile the window's receiver runs for, if it runs.
    pub(crate) async fn local_receiver_profile(&self) -> Option<String> {
        let slot = self.local_receiver.0.lock().await;
        slot.as_ref().map(|r| r.profile_id.clone())
    }

    /// The window's receiver: running (where, for which profile) or the port it would use.
    pub async fn local_receiver_status(&self) -> Result<ReceiverStatus, CommandError> {
        let slot = self.local_receiver.0.lock().await;
        let port = match slot.as_ref() {
            Some(_) => 0,
            None => self.remembered_port().await,
        };
        Ok(status_of(slot.as_ref(), port))
    }

    async fn remembered_port(&self) -> u16 {
        match self.store.receiver_port().await {
            Ok(port) => port.unwrap_or(DEFAULT_RECEIVER_PORT),
            Err(e) => {
                tracing::warn!(error = %e, "could not read the receiver's last port");
                DEFAULT_RECEIVER_PORT
            }
        }
    }

    /// Signs a sample status webhook for the profile's WABA and number with its app secret, the
    /// way Meta does, and posts it to the window's running receiver, which stores it before it
    /// answers. Refused when the receiver is not running for this profile.
    pub async fn send_test_webhook_event(
        &self,
        profile_id: &str,
    ) -> Result<TestEventSent, CommandError> {
        let profile = self.find_profile(profile_id).await?;
        let url = {
            let slot = self.local_receiver.0.lock().await;
            match slot.as_ref() {
                Some(running) if running.profile_id == profile.id => {
                    loopback_url(&running.handle)
                }
                Some(_) => {
                    return Err(CommandError::new(
                        ErrorCode::InvalidInput,
                        format!(
                            "The receiver is running for another profile, so it checks signatures with another app secret than \"{}\"'s.",
                            profile.name
                        ),
                    )
                    .with_action("Restart the receiver for this profile, then send the test event again."))
                }
                None => {
                    return Err(CommandError::new(
                        ErrorCode::InvalidInput,
                        "The local receiver is not running, so there is nowhere to send the test event.",
                    )
                    .with_action("Start the receiver first (Webhooks > Local receiver > Start)."))
                }
            }
        };
        let app_secret = self.required_app_secret(&profile.id).await?;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let message_id = format!("{TEST_EVENT_PREFIX}{}", uuid::Uuid::new_v4().simple());
        let display = self.metadata_display_number(&profile).await;
        let body = status_body(
            SampleTarget {
                waba_id: &profile.waba_id,
                phone_number_id: &profile.phone_number_id,
                display_phone_number: display.as_deref(),
            },
            &message_id,
            now,
        );
        let kinds = parse_body(&body)
            .map(|events| events.into_iter().map(|e| e.kind).collect())
            .unwrap_or_default();
        let signature = sign(&app_secret, &body);
        // Straight to the loopback receiver, never through a system proxy.
        let client = reqwest::Client::builder().no_proxy().build().map_err(|e| {
            CommandError::internal(format!("The HTTP client could not be built: {e}."))
        })?;
        let answer = client
            .post(&url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, signature)
            .timeout(self.config.timeout)
            .body(body)
            .send()
            .await
            .map_err(|e| {
                CommandError::new(
                    ErrorCode::Unreachable,
                    format!("The test event could not be posted to {url}: {e}."),
                )
                .with_action("Restart the receiver, then try again.")
            })?;
        let http_status = answer.status().as_u16();
        let message = if answer.status().is_success() {
            format!("The receiver checked the signature and stored a signed status.sent event for message {message_id} before answering {http_status}: it is in the feed.")
        } else {
            format!("The receiver answered {http_status} to the signed test event, so it did not store it. The app log says why.")
        };
        Ok(TestEventSent {
            url,
            http_status,
            kinds,
            message,
        })
    }

    /// The profile's number as webhook `metadata` spells it (digits only, `15550783881`), read
    /// from Graph for the samples the console sends, since Meta always sends it and strict
    /// endpoints read it; `None` when it cannot be read (no token, Meta unreachable).
    pub(crate) async fn metadata_display_number(&self, profile: &Profile) -> Option<String> {
        let read = async {
            let (client, token) = self.session(profile).await?;
            client
                .phone_number(&token, &profile.phone_number_id, &["display_phone_number"])
                .await
                .map_err(CommandError::from)
        };
        match read.await {
            Ok(number) => number
                .display_phone_number
                .map(|d| d.chars().filter(char::is_ascii_digit).collect()),
            Err(e) => {
                tracing::info!(reason = %e.message, "the sample webhook goes without display_phone_number");
                None
            }
        }
    }

    /// The newest status webhook stored for `waba_id` (a store failure is logged and reads as
    /// none: the doctor still runs).
    pub(crate) async fn last_status_webhook(&self, waba_id: &str) -> Option<LastStatus> {
        let filter = EventFilter {
            waba_id: Some(waba_id.to_owned()),
            kind_prefix: Some("status.".into()),
            ..EventFilter::default()
        };
        match self.store.webhook_events(&filter, 1).await {
            Ok(rows) => rows.into_iter().next().map(|r| LastStatus {
                console_test: is_console_sample(&r.dedupe_key),
                kind: r.kind,
                summary: r.summary,
                received_at: r.received_at,
            }),
            Err(e) => {
                tracing::warn!(error = %e, "could not read the stored status webhooks");
                None
            }
        }
    }

    /// The stored webhook events, newest first, that `filter` takes (at most
    /// [`MAX_EVENTS_LISTED`]).
    pub async fn webhook_events(
        &self,
        filter: &WebhookEventFilter,
    ) -> Result<WebhookEventList, CommandError> {
        let blank = |s: &Option<String>| {
            s.as_ref()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let filter_in_store = EventFilter {
            kind: blank(&filter.kind),
            field: blank(&filter.field),
            waba_id: blank(&filter.waba_id),
            kind_prefix: blank(&filter.kind_prefix),
            search: blank(&filter.search),
        };
        let total = self
            .store
            .count_webhook_events(&filter_in_store)
            .await
            .map_err(errors::store)?;
        let rows = self
            .store
            .webhook_events(&filter_in_store, filter.limit.min(MAX_EVENTS_LISTED))
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

/// Where this machine reaches the receiver (127.0.0.1 even when it listens on 0.0.0.0).
fn loopback_url(handle: &ReceiverHandle) -> String {
    format!(
        "http://127.0.0.1:{}{}",
        handle.local_addr().port(),
        waba_receiver::DEFAULT_PATH
    )
}

fn status_of(running: Option<&LocalReceiver>, idle_port: u16) -> ReceiverStatus {
    match running.filter(|r| !r.handle.has_stopped()) {
        Some(r) => {
            let port = r.handle.local_addr().port();
            ReceiverStatus {
                running: true,
                profile_id: Some(r.profile_id.clone()),
                local_url: Some(loopback_url(&r.handle)),
                port,
                listen_on_all_interfaces: r.listen_on_all_interfaces,
                verify_token_set: r.verify_token.is_some(),
                started_at: Some(r.started_at.clone()),
                tunnel_hint: TUNNEL_HINT.replace("PORT", &port.to_string()),
                warning: r
                    .listen_on_all_interfaces
                    .then(|| ALL_INTERFACES_WARNING.to_owned()),
            }
        }
        None => ReceiverStatus {
            running: false,
            profile_id: None,
            local_url: None,
            port: idle_port,
            listen_on_all_interfaces: false,
            verify_token_set: false,
            started_at: None,
            tunnel_hint: TUNNEL_HINT.replace("PORT", &idle_port.to_string()),
            warning: None,
        },
    }
}
