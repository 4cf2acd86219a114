//! A burst: N copies of a template spread over recipients, sent in the background through the
//! same sender as a single send (reserved in the log, paced, retried with backoff), with live
//! figures (sent per second against the number's limit, 130429 answers, failures by code) and a
//! cancel that stops before the next send.
//!
//! Why it exists: "can this number take our campaign's pace?" is a question admins ask before a
//! launch, and the answer is only honest when the console paces itself as Meta limits it: the
//! achieved rate should sit just under the limit with no 130429 at all.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::{watch, Semaphore};
use waba_core::audit::{AuditAction, Outcome};
use waba_core::catalogue;
use waba_core::profile::ProfileKind;
use waba_core::send::{
    blocks_send, parse_recipient, send_blocked, validate, BurstProgress, BurstRequest, BurstState,
    CodeCount, OutgoingMessage, SendLimits, SendStatus, SenderContext, TemplateMessage,
    TemplateParameter, TemplateSendComponent,
};
use waba_core::{CommandError, ErrorCode, FieldError};
use waba_store::AuditRecord;

use crate::sender::{Outgoing, Sender};
use crate::sends::summary;
use crate::Console;

/// The most copies one burst sends.
pub const MAX_BURST: u32 = 10_000;

/// Sends in flight at once: enough to hide Meta's latency at 1,000 per second, few enough to stay
/// polite; the pacer, not this, sets the rate.
const IN_FLIGHT: usize = 64;

#[derive(Default)]
struct Figures {
    sent: u32,
    accepted: u32,
    throttled: u32,
    /// By code (`None`: no answer), with the catalogue's title.
    failures: BTreeMap<Option<i64>, (String, u32)>,
    finished: Option<Instant>,
    state: Option<BurstState>,
    error: Option<String>,
}

pub(crate) struct BurstJob {
    id: String,
    requested: u32,
    recipients: Vec<String>,
    allowed_per_second: u32,
    /// Why the burst cannot reach `allowed_per_second`, when it cannot.
    note: Option<String>,
    started: Instant,
    figures: std::sync::Mutex<Figures>,
    cancel: watch::Sender<bool>,
    done: watch::Sender<bool>,
}

impl BurstJob {
    fn is_cancelled(&self) -> bool {
        *self.cancel.borrow()
    }

    fn figures(&self) -> std::sync::MutexGuard<'_, Figures> {
        self.figures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn progress(&self) -> BurstProgress {
        let f = self.figures();
        let seconds = f
            .finished
            .unwrap_or_else(Instant::now)
            .duration_since(self.started)
            .as_secs_f64();
        BurstProgress {
            burst_id: self.id.clone(),
            state: f.state.unwrap_or(BurstState::Running),
            requested: self.requested,
            sent: f.sent,
            accepted: f.accepted,
            failures: f
                .failures
                .iter()
                .map(|(code, (title, count))| CodeCount {
                    code: *code,
                    title: title.clone(),
                    count: *count,
                })
                .collect(),
            throttled: f.throttled,
            seconds,
            achieved_per_second: if seconds > 0.0 {
                f64::from(f.sent) / seconds
            } else {
                0.0
            },
            allowed_per_second: self.allowed_per_second,
            recipients: self.recipients.clone(),
            note: self.note.clone(),
            error: f.error.clone(),
        }
    }

    fn count_failure(&self, code: Option<i64>) {
        let title = match code {
            Some(code) => catalogue::lookup(code, None)
                .map_or_else(|| format!("Graph error {code}"), |e| e.title.to_owned()),
            None => "No answer (outcome unknown, not sent again)".to_owned(),
        };
        self.figures().failures.entry(code).or_insert((title, 0)).1 += 1;
    }
}

/// The bursts of this run, by ID.
#[derive(Default)]
pub(crate) struct Bursts(std::sync::Mutex<HashMap<String, Arc<BurstJob>>>);

impl Bursts {
    fn get(&self, id: &str) -> Result<Arc<BurstJob>, CommandError> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(id)
            .cloned()
            .ok_or_else(|| {
                CommandError::new(ErrorCode::NotFound, format!("No burst \"{id}\" ran since the console started."))
                    .with_action("Start a burst from the Messages page (or waba burst); its figures last until the console closes, its messages stay in the log.")
            })
    }
}

/// When Meta's pair limit, not the number's throughput, sets the pace: more copies than the
/// recipients' pair burst allows, and too few recipients to keep the throughput busy after it.
fn pair_limit_note(limits: SendLimits, recipients: usize, count: u32) -> Option<String> {
    let recipients = u32::try_from(recipients).unwrap_or(u32::MAX).max(1);
    let interval = f64::from(limits.pair_interval_seconds.max(1));
    let after_burst = f64::from(recipients) / interval;
    let beyond_burst = count > recipients.saturating_mul(limits.pair_burst);
    (beyond_burst && after_burst < f64::from(limits.messages_per_second)).then(|| {
        format!(
            "With {recipients} recipient(s), Meta's pair limit sets the pace: after {} messages to each, one per {} s to the same person, so about {after_burst:.1} per second rather than {}. Add recipients to reach the number's throughput.",
            limits.pair_burst, limits.pair_interval_seconds, limits.messages_per_second
        )
    })
}

fn template_message(request: &BurstRequest) -> OutgoingMessage {
    let components = if request.parameters.is_empty() {
        Vec::new()
    } else {
        vec![TemplateSendComponent::Body {
            parameters: request
                .parameters
                .iter()
                .map(|text| TemplateParameter::Text {
                    text: text.clone(),
                    parameter_name: None,
                })
                .collect(),
        }]
    };
    OutgoingMessage::Template(TemplateMessage {
        name: request.template.trim().to_owned(),
        language: request.language.trim().to_owned(),
        components,
    })
}

/// Runs the burst's sends, at most [`IN_FLIGHT`] at once, until all are made or it is cancelled.
async fn run(job: Arc<BurstJob>, mut sender: Sender, message: OutgoingMessage) {
    sender.cancelled = Some(job.cancel.subscribe());
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = tokio::task::JoinSet::new();
    let line = summary(&message);
    for i in 0..job.requested {
        if job.is_cancelled() || job.figures().error.is_some() {
            break;
        }
        let Ok(permit) = permits.clone().acquire_owned().await else {
            break;
        };
        let recipient = job.recipients[i as usize % job.recipients.len()].clone();
        let (job, sender, line) = (job.clone(), sender.clone(), line.clone());
        let body = message.to_graph_body(&recipient);
        let kind = message.kind();
        tasks.spawn(async move {
            let _permit = permit;
            if job.is_cancelled() {
                return;
            }
            let report = sender
                .send(Outgoing {
                    recipient,
                    kind,
                    summary: line,
                    body,
                })
                .await;
            match report {
                Ok(Some(report)) => {
                    {
                        let mut f = job.figures();
                        f.sent += 1;
                        f.throttled += report.throttled;
                    }
                    match report.message.status {
                        SendStatus::Refused => job.count_failure(report.message.error_code),
                        SendStatus::Unknown => job.count_failure(None),
                        _ => job.figures().accepted += 1,
                    }
                }
                Ok(None) => {}
                Err(e) => job.figures().error = Some(e.message),
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    let ok = {
        let mut f = job.figures();
        f.finished = Some(Instant::now());
        f.state = Some(if f.error.is_some() {
            BurstState::Failed
        } else if job.is_cancelled() {
            BurstState::Cancelled
        } else {
            BurstState::Done
        });
        f.error.is_none()
    };
    let record = AuditRecord {
        profile_id: Some(sender.profile_id.clone()),
        action: AuditAction::BurstSent,
        target: Some(format!("{} x{}", line, job.requested)),
        outcome: if ok { Outcome::Ok } else { Outcome::Failed },
        graph_code: None,
        duration: job.started.elapsed(),
    };
    if let Err(e) = sender.store.record(&record).await {
        tracing::error!(error = %e, "could not write the burst to the audit log");
    }
    job.done.send_replace(true);
}

impl Console {
    /// Checks the burst (count, template, recipients) and starts it in the background.
    pub async fn start_burst(&self, request: &BurstRequest) -> Result<BurstProgress, CommandError> {
        Ok(self.launch_burst(request).await?.progress())
    }

    /// A burst started and followed to its end (the CLI's `waba burst`).
    pub async fn run_burst(&self, request: &BurstRequest) -> Result<BurstProgress, CommandError> {
        let job = self.launch_burst(request).await?;
        let mut done = job.done.subscribe();
        while !*done.borrow_and_update() {
            if done.changed().await.is_err() {
                break;
            }
        }
        Ok(job.progress())
    }

    pub async fn burst_progress(&self, burst_id: &str) -> Result<BurstProgress, CommandError> {
        Ok(self.bursts.get(burst_id)?.progress())
    }

    /// Stops the burst before its next send; the sends in flight finish and stay in the log.
    pub async fn cancel_burst(&self, burst_id: &str) -> Result<BurstProgress, CommandError> {
        let job = self.bursts.get(burst_id)?;
        job.cancel.send_replace(true);
        Ok(job.progress())
    }

    async fn launch_burst(&self, request: &BurstRequest) -> Result<Arc<BurstJob>, CommandError> {
        let profile = self.profile(&request.profile_id).await?;
        let mut fields = Vec::new();
        if !(1..=MAX_BURST).contains(&request.count) {
            fields.push(FieldError::new(
                "count",
                format!("A burst sends 1 to {MAX_BURST} messages; enter a count in that range."),
            ));
        }
        let typed: Vec<String> = if request.to.iter().all(|t| t.trim().is_empty()) {
            match profile.kind {
                ProfileKind::Sandbox => waba_sim::TEST_RECIPIENTS
                    .iter()
                    .map(|r| (*r).to_owned())
                    .collect(),
                ProfileKind::Real => {
                    fields.push(FieldError::new(
                        "to",
                        "Give at least one recipient: on a real number a burst reaches real people, so the console never picks them.",
                    ));
                    Vec::new()
                }
            }
        } else {
            request
                .to
                .iter()
                .filter(|t| !t.trim().is_empty())
                .cloned()
                .collect()
        };
        let mut recipients = Vec::new();
        for to in &typed {
            match parse_recipient(to, &SenderContext::default()) {
                Ok(r) => recipients.push(r.e164),
                Err(refusal) => {
                    fields.push(FieldError::new("to", format!("{to}: {}", refusal.message)))
                }
            }
        }
        let message = template_message(request);
        let OutgoingMessage::Template(t) = &message else {
            unreachable!("a burst sends a template")
        };
        let template = self.synced_template(&profile, &t.name, &t.language).await?;
        if template.is_none() {
            fields.push(FieldError::new(
                "template",
                format!(
                    "No template \"{}\" in {} is in the synced list; sync the templates (Templates page or waba templates list), or check the name and language.",
                    t.name, t.language
                ),
            ));
        }
        if !fields.is_empty() {
            return Err(CommandError::invalid_fields(fields));
        }
        let findings = validate(&message, template.as_ref());
        if blocks_send(&findings) {
            return Err(send_blocked(
                "The burst was not started",
                "Fix the template's values, then start the burst again.",
                findings,
            ));
        }
        if profile.kind == ProfileKind::Real && !request.confirmed {
            return Err(CommandError::new(
                ErrorCode::ConfirmationRequired,
                format!(
                    "This burst sends {} real, billable template messages to {} people.",
                    request.count,
                    recipients.len().min(request.count as usize)
                ),
            )
            .with_action("Confirm to start it (waba burst --yes), or use the Sandbox profile to try the pace."));
        }
        recipients.truncate(request.count as usize);
        let sender = self.sender(&profile).await?;
        let note = pair_limit_note(sender.pacer.limits(), recipients.len(), request.count);
        let (done, _) = watch::channel(false);
        let job = Arc::new(BurstJob {
            id: format!("burst-{}", uuid::Uuid::new_v4().simple()),
            requested: request.count,
            recipients,
            allowed_per_second: sender.pacer.limits().messages_per_second,
            note,
            started: Instant::now(),
            figures: Default::default(),
            cancel: watch::channel(false).0,
            done,
        });
        self.bursts
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(job.id.clone(), job.clone());
        tokio::spawn(run(job.clone(), sender, message));
        Ok(job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sender::DEFAULT_SEND_LIMITS;

    #[test]
    fn the_pair_limit_note_appears_only_when_it_sets_the_pace() {
        let note = pair_limit_note(DEFAULT_SEND_LIMITS, 3, 1_000).unwrap();
        assert!(note.contains("With 3 recipient(s)"), "{note}");
        assert!(
            note.contains("about 0.5 per second rather than 80"),
            "{note}"
        );
        assert_eq!(
            pair_limit_note(DEFAULT_SEND_LIMITS, 3, 135),
            None,
            "within the pair burst"
        );
        assert_eq!(
            pair_limit_note(DEFAULT_SEND_LIMITS, 25, 1_000),
            None,
            "25 recipients keep up"
        );
    }
}
