//! Test sends: the checks the Send page shows as the admin types, the send itself, the pace the
//! console keeps for a number, and marking an inbound message as read.
//!
//! Why the checks run here and not only in the window: the CLI's `waba send --dry-run` and the
//! window must refuse the same messages for the same reasons, and two of the checks need local
//! state the window does not hold: the synced template (its variables) and the recipient's last
//! inbound message (the 24-hour window, from the webhooks the receiver stored).

use std::time::Instant;

use time::OffsetDateTime;
use waba_core::audit::AuditAction;
use waba_core::graph_states::AccountMode;
use waba_core::profile::Profile;
use waba_core::send::window::KEY_RULE;
use waba_core::send::{
    blocks_send, parse_recipient, send_blocked, service_window, validate, window_finding,
    ComposeRequest, DeliveryTracking, MarkReadRequest, MediaSource, OutgoingMessage, SendFinding,
    SendLimits, SendPreview, SendSeverity, SenderContext, SentMessage, SetSendLimitsRequest,
};
use waba_core::templates::TemplateInfo;
use waba_core::{CommandError, ErrorCode, ErrorDetails, FieldError};

use crate::errors;
use crate::sender::{Outgoing, Sender, DEFAULT_SEND_LIMITS};
use crate::templates::info;
use crate::Console;

/// The most messages per second the console paces a number at (Meta's highest tier).
const MAX_MESSAGES_PER_SECOND: u32 = 1_000;

/// One line for the log: what the message is, at a glance.
pub(crate) fn summary(message: &OutgoingMessage) -> String {
    let line = match message {
        OutgoingMessage::Text(t) => t.body.clone(),
        OutgoingMessage::Template(t) => format!("{} ({})", t.name, t.language),
        OutgoingMessage::Media(m) => {
            let source = match &m.source {
                MediaSource::Uploaded { id } => format!("media {id}"),
                MediaSource::Link { url } => url.clone(),
            };
            match m.filename.as_deref().filter(|f| !f.trim().is_empty()) {
                Some(name) => format!("{} {name} ({source})", m.kind.as_graph()),
                None => format!("{} {source}", m.kind.as_graph()),
            }
        }
        OutgoingMessage::Buttons(b) => format!("buttons: {}", b.body),
        OutgoingMessage::List(l) => format!("list: {}", l.body),
    };
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

fn sent_warnings(preview: &SendPreview) -> Vec<SendFinding> {
    preview
        .findings
        .iter()
        .filter(|f| f.severity == SendSeverity::Warning)
        .cloned()
        .collect()
}

fn blocked_error(preview: &SendPreview) -> CommandError {
    const ACTION: &str = "Fix what the checks list, then send again.";
    match &preview.recipient_error {
        Some(to) => CommandError::new(
            ErrorCode::SendBlocked,
            format!("Nothing was sent: {}", to.message),
        )
        .with_action(ACTION)
        .with_details(ErrorDetails::Fields {
            fields: vec![to.clone()],
        }),
        None => send_blocked("Nothing was sent", ACTION, preview.findings.clone()),
    }
}

/// The sending number as the Numbers page last read it (its display number and `account_mode`):
/// for the recipient checks that depend on it (a message to the number itself, a test number's
/// allow list). Kept so the checks, which run as the admin types, never call Graph.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct SenderFacts {
    business_number: Option<String>,
    test_number: bool,
}

impl Console {
    /// Keeps what a read of a number says about it as a sender (logged when it cannot).
    pub(crate) async fn remember_sender(&self, number: &waba_graph::model::PhoneNumber) {
        let facts = SenderFacts {
            business_number: number
                .display_phone_number
                .as_deref()
                .map(|d| d.chars().filter(char::is_ascii_digit).collect()),
            test_number: number.account_mode == Some(AccountMode::Sandbox),
        };
        let json = serde_json::to_string(&facts).unwrap_or_default();
        if let Err(e) = self.store.set_sender_facts(&number.id, &json).await {
            tracing::warn!(error = %e, "could not keep the number's sender facts");
        }
    }

    async fn sender_context(&self, phone_number_id: &str) -> SenderContext {
        let stored = self
            .store
            .sender_facts(phone_number_id)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "could not read the number's sender facts");
                None
            });
        match stored.and_then(|json| serde_json::from_str::<SenderFacts>(&json).ok()) {
            Some(facts) => SenderContext {
                business_number: facts.business_number.filter(|n| !n.is_empty()),
                test_number: facts.test_number,
            },
            None => SenderContext::default(),
        }
    }

    /// Every check of a message to one recipient, without sending it.
    pub async fn preview_send(
        &self,
        request: &ComposeRequest,
    ) -> Result<SendPreview, CommandError> {
        let profile = self.profile(&request.profile_id).await?;
        self.preview_for(&profile, request).await
    }

    async fn preview_for(
        &self,
        profile: &Profile,
        request: &ComposeRequest,
    ) -> Result<SendPreview, CommandError> {
        let message = &request.message;
        let sender = self.sender_context(&profile.phone_number_id).await;
        let (recipient, recipient_error) = match parse_recipient(&request.to, &sender) {
            Ok(recipient) => (Some(recipient), None),
            Err(refusal) => (None, Some(refusal.field_error("to"))),
        };
        let template = match message {
            OutgoingMessage::Template(t) => {
                self.synced_template(profile, &t.name, &t.language).await?
            }
            _ => None,
        };
        let mut findings = validate(message, template.as_ref());
        let window = match &recipient {
            Some(recipient) => {
                let mut ids = vec![recipient.e164.clone()];
                ids.extend(recipient.also_known_as.iter().cloned());
                let last = self
                    .store
                    .last_inbound(&profile.phone_number_id, &ids)
                    .await
                    .map_err(errors::store)?
                    .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok());
                let window = service_window(last, OffsetDateTime::now_utc());
                findings.extend(window_finding(
                    message.kind(),
                    &window,
                    request.send_outside_window,
                ));
                Some(window)
            }
            None => None,
        };
        let to = recipient
            .as_ref()
            .map_or_else(|| request.to.trim().to_owned(), |r| r.e164.clone());
        let graph = self.graph(profile).await?;
        let blocked = recipient_error.is_some() || blocks_send(&findings);
        Ok(SendPreview {
            request: graph
                .describe_send_message(&profile.phone_number_id, message.to_graph_body(&to)),
            recipient,
            recipient_error,
            window,
            findings,
            blocked,
            key_rule: KEY_RULE.to_owned(),
            tracking: self.delivery_tracking(profile).await,
        })
    }

    /// A template by name and language as the console last synced it.
    pub(crate) async fn synced_template(
        &self,
        profile: &Profile,
        name: &str,
        language: &str,
    ) -> Result<Option<TemplateInfo>, CommandError> {
        Ok(self.cached_templates(profile).await?.and_then(|cache| {
            cache
                .templates
                .iter()
                .find(|c| c.name == name && c.language.as_deref() == Some(language))
                .map(info)
        }))
    }

    /// Whether statuses will reach this console: only by webhook, through its receiver.
    async fn delivery_tracking(&self, profile: &Profile) -> DeliveryTracking {
        let running = self.local_receiver_profile().await.as_deref() == Some(profile.id.as_str());
        DeliveryTracking {
            receiver_running: running,
            note: if running {
                "The receiver is running: statuses (sent, delivered, read, failed) reach the message log as long as the number's webhooks are routed to it (Webhooks page).".to_owned()
            } else {
                "Statuses arrive only by webhook, and the console's receiver is not running for this profile: the log will show \"accepted\" and nothing more. Start the receiver on the Webhooks page and route the number's webhooks to it.".to_owned()
            },
        }
    }

    /// Checks the message, then sends it (see [`Sender::send`]): refused with `sendBlocked`
    /// when a check finds an error; a refusal by Meta answers its Graph error, and the log
    /// keeps the message as refused. Audited, the recipient as target.
    pub async fn send_message(
        &self,
        request: &ComposeRequest,
    ) -> Result<SentMessage, CommandError> {
        let profile = self.profile(&request.profile_id).await?;
        let preview = self.preview_for(&profile, request).await?;
        let Some(recipient) = preview.recipient.as_ref().filter(|_| !preview.blocked) else {
            return Err(blocked_error(&preview));
        };
        let started = Instant::now();
        let sender = self.sender(&profile).await?;
        let result = sender
            .send(Outgoing {
                recipient: recipient.e164.clone(),
                kind: request.message.kind(),
                summary: summary(&request.message),
                body: request.message.to_graph_body(&recipient.e164),
            })
            .await;
        let result = match result {
            Ok(None) => Err(CommandError::internal(
                "a send without a cancel was cancelled",
            )),
            Ok(Some(report)) => match report.refusal {
                Some(refusal) => Err(CommandError::from(refusal)),
                None => Ok(SentMessage {
                    message: self.logged(report.message),
                    warnings: sent_warnings(&preview),
                    no_answer: report.no_answer.map(CommandError::from),
                }),
            },
            Err(e) => Err(e),
        };
        self.audit(
            Some(&profile.id),
            AuditAction::MessageSent,
            Some(&recipient.e164),
            &result,
            started,
        )
        .await;
        result
    }

    /// The sender of a profile's number: its client, token and pacer.
    pub(crate) async fn sender(&self, profile: &Profile) -> Result<Sender, CommandError> {
        let (graph, token) = self.session(profile).await?;
        let limits = self.send_limits_of(&profile.id).await?;
        Ok(Sender {
            store: self.store.clone(),
            graph,
            token,
            pacer: self.pacers.get(&profile.phone_number_id, limits),
            profile_id: profile.id.clone(),
            phone_number_id: profile.phone_number_id.clone(),
            cancelled: None,
        })
    }

    async fn send_limits_of(&self, profile_id: &str) -> Result<SendLimits, CommandError> {
        let stored = self
            .store
            .send_limits(profile_id)
            .await
            .map_err(errors::store)?;
        Ok(stored
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or(DEFAULT_SEND_LIMITS))
    }

    /// The pace the console keeps for the profile's number (Meta's defaults until changed).
    pub async fn send_limits(&self, profile_id: &str) -> Result<SendLimits, CommandError> {
        let profile = self.profile(profile_id).await?;
        self.send_limits_of(&profile.id).await
    }

    /// Sets the pace for the profile's number; each figure within what Meta allows. Audited.
    pub async fn set_send_limits(
        &self,
        request: &SetSendLimitsRequest,
    ) -> Result<SendLimits, CommandError> {
        let profile = self.profile(&request.profile_id).await?;
        let limits = request.limits;
        let mut fields = Vec::new();
        if !(1..=MAX_MESSAGES_PER_SECOND).contains(&limits.messages_per_second) {
            fields.push(FieldError::new(
                "messagesPerSecond",
                format!("Messages per second must be 1 to {MAX_MESSAGES_PER_SECOND} (Meta: 80 by default, 1,000 after an upgrade); enter a number in that range."),
            ));
        }
        if !(1..=60).contains(&limits.pair_interval_seconds) {
            fields.push(FieldError::new(
                "pairIntervalSeconds",
                "The pair interval must be 1 to 60 seconds (Meta: about 6); enter a number in that range.",
            ));
        }
        if !(1..=100).contains(&limits.pair_burst) {
            fields.push(FieldError::new(
                "pairBurst",
                "The pair burst must be 1 to 100 messages (Meta allows about 45); enter a number in that range.",
            ));
        }
        if !fields.is_empty() {
            return Err(CommandError::invalid_fields(fields));
        }
        self.audited(
            Some(&profile.id),
            AuditAction::SendLimitsSet,
            Some(&profile.phone_number_id),
            async {
                let json = serde_json::to_string(&limits)
                    .map_err(|e| CommandError::internal(e.to_string()))?;
                self.store
                    .set_send_limits(&profile.id, &json)
                    .await
                    .map_err(errors::store)?;
                Ok(limits)
            },
        )
        .await
    }

    /// Marks an inbound message as read: the customer sees blue ticks. Audited.
    pub async fn mark_message_read(&self, request: &MarkReadRequest) -> Result<(), CommandError> {
        let profile = self.profile(&request.profile_id).await?;
        let wamid = request.wamid.trim();
        if wamid.is_empty() {
            return Err(CommandError::invalid_fields(vec![FieldError::new(
                "wamid",
                "Give the inbound message's ID (wamid....) from the webhook that brought it.",
            )]));
        }
        self.audited(
            Some(&profile.id),
            AuditAction::MessageMarkedRead,
            Some(wamid),
            async {
                let (graph, token) = self.session(&profile).await?;
                graph
                    .mark_read(&token, &profile.phone_number_id, wamid)
                    .await?;
                Ok(())
            },
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use waba_core::send::{MediaKind, MediaMessage, TemplateMessage, TextMessage};

    #[test]
    fn summaries_are_one_short_line() {
        let text = OutgoingMessage::Text(TextMessage {
            body: format!("Hello\n\nthere {}", "x".repeat(300)),
            preview_url: false,
        });
        let line = summary(&text);
        assert!(line.starts_with("Hello there x"), "{line}");
        assert_eq!(line.chars().count(), 121, "{line}");
        let template = OutgoingMessage::Template(TemplateMessage {
            name: "hello_world".into(),
            language: "en_US".into(),
            components: vec![],
        });
        assert_eq!(summary(&template), "hello_world (en_US)");
        let document = OutgoingMessage::Media(MediaMessage {
            kind: MediaKind::Document,
            source: MediaSource::Uploaded { id: "42".into() },
            caption: None,
            filename: Some("invoice.pdf".into()),
        });
        assert_eq!(summary(&document), "document invoice.pdf (media 42)");
    }
}
