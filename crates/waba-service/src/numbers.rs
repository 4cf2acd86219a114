//! Numbers and registration: the health panel, the two-step PIN, ownership codes, and register /
//! deregister with the console's safety rails (its own 72-hour attempt count, confirmation past 7,
//! never a retry it was not asked for).

use std::time::Instant;

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use waba_core::audit::AuditAction;
use waba_core::graph_states::{explain, GraphState, HealthEntityType};
use waba_core::ids::parse_graph_id;
use waba_core::numbers::{
    parse_pin, parse_region, AttemptBudget, AttemptKind, CodeMethod, IdCheck, IdField, IdKind,
    NumberHealth, PollSchedule, ATTEMPT_LIMIT, ATTEMPT_WINDOW_HOURS,
};
use waba_core::profile::Profile;
use waba_core::{CommandError, ErrorCode, FieldError};
use waba_graph::model::{HealthEntity, PhoneNumber, Success};
use waba_graph::{GraphClient, GraphError};
use waba_secrets::{secret, ExposeSecret, Secret};
use waba_store::{AttemptOutcome, AttemptWindow, Reservation};

use crate::console::Console;
use crate::doctor::{messaging_limit, now_rfc3339, phone_fields};
use crate::errors;
use crate::tokens::pin_account;

/// How following a number's provisioning ended.
#[derive(Debug)]
pub enum Provisioning {
    Connected(NumberHealth),
    /// Not CONNECTED when following stopped (the schedule gave up, or the caller stopped it);
    /// the last successful read, if any, and how many reads were sent.
    StillPending {
        last: Option<NumberHealth>,
        reads: u32,
    },
}

/// Fields of the health panel beyond the doctor's.
const HEALTH_FIELDS: &[&str] = &["throughput", "account_mode"];

/// An entity's type as Meta spells it, `?` when absent.
fn entity_name(e: &HealthEntity) -> &str {
    e.entity_type.as_ref().map_or("?", GraphState::as_graph)
}

fn health(p: PhoneNumber) -> NumberHealth {
    let (limit, deprecated) = match messaging_limit(&p) {
        Some((limit, deprecated)) => (Some(limit.clone()), deprecated),
        None => (None, false),
    };
    let health_issues = p
        .health_status
        .as_ref()
        .map(|h| {
            h.entities
                .iter()
                .flat_map(|e| {
                    e.errors.iter().map(move |err| {
                        format!(
                            "{} {}: {}{}",
                            entity_name(e),
                            err.error_code.map(|c| format!("({c})")).unwrap_or_default(),
                            err.error_description.as_deref().unwrap_or("?"),
                            err.possible_solution
                                .as_deref()
                                .map(|s| format!(" Solution: {s}"))
                                .unwrap_or_default()
                        )
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let entities = p
        .health_status
        .as_ref()
        .map(|h| h.entities.as_slice())
        .unwrap_or_default();
    let health_notes = entities
        .iter()
        .flat_map(|e| {
            e.additional_info
                .iter()
                .map(move |info| format!("{}: {info}", entity_name(e)))
        })
        .collect();
    let can_receive_call_sip = entities
        .iter()
        .find(|e| e.entity_type == Some(HealthEntityType::PhoneNumber))
        .and_then(|e| e.can_receive_call_sip.clone());
    NumberHealth {
        id: p.id,
        display_phone_number: p.display_phone_number,
        verified_name: p.verified_name,
        status: explain(p.status),
        code_verification_status: explain(p.code_verification_status),
        quality_rating: explain(p.quality_rating),
        name_status: explain(p.name_status),
        messaging_limit: explain(limit),
        messaging_limit_is_deprecated_tier: deprecated,
        throughput: explain(p.throughput.and_then(|t| t.level)),
        platform_type: explain(p.platform_type),
        account_mode: explain(p.account_mode),
        is_pin_enabled: p.is_pin_enabled,
        can_send: explain(p.health_status.and_then(|h| h.can_send_message)),
        health_issues,
        health_notes,
        can_receive_call_sip: explain(can_receive_call_sip),
        read_at: now_rfc3339(),
    }
}

/// The doctor's fields for `api_version` (its messaging-limit field included) and the panel's.
fn fields(api_version: &str) -> Vec<&'static str> {
    let mut fields = phone_fields(api_version);
    fields.extend(HEALTH_FIELDS);
    fields
}

/// The ownership code as Meta takes it: its digits, trimmed.
pub(crate) fn checked_code(code: &str) -> Result<&str, CommandError> {
    let code = code.trim();
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CommandError::invalid_fields(vec![FieldError::new(
            "code",
            "Enter the digits of the code Meta sent by SMS or voice call.",
        )]));
    }
    Ok(code)
}

/// The Local Storage region of a register call, checked against the region list.
pub(crate) fn checked_region(region: Option<&str>) -> Result<Option<String>, CommandError> {
    region
        .map(parse_region)
        .transpose()
        .map_err(|e| CommandError::invalid_fields(vec![e]))
}

impl Console {
    /// Every number of the profile's WABA (all pages), with its health fields.
    pub async fn numbers(&self, profile_id: &str) -> Result<Vec<NumberHealth>, CommandError> {
        let profile = self.profile(profile_id).await?;
        let (client, token) = self.session(&profile).await?;
        let list = client
            .phone_numbers(&token, &profile.waba_id, &fields(&profile.api_version))
            .await?;
        for number in &list {
            self.remember_sender(number).await;
        }
        Ok(list.into_iter().map(health).collect())
    }

    /// One number's health panel (`phone_number_id` defaults to the profile's).
    pub async fn number(
        &self,
        profile_id: &str,
        phone_number_id: Option<&str>,
    ) -> Result<NumberHealth, CommandError> {
        let profile = self.profile(profile_id).await?;
        let id = phone_number_id.unwrap_or(&profile.phone_number_id);
        let (client, token) = self.session(&profile).await?;
        let fields = fields(&profile.api_version);
        let number = client.phone_number(&token, id, &fields).await?;
        self.remember_sender(&number).await;
        Ok(health(number))
    }

    /// Follows a number after a register call: reads it on `schedule` until it is CONNECTED or
    /// the schedule gives up. `sleep` waits between reads (the CLI sleeps; a test moves the
    /// sandbox's clock) and returns `false` to stop early; `progress` sees every read and the
    /// schedule time elapsed. A failed read is reported and following goes on, except when the
    /// read budget is used up. Never registers again.
    pub async fn follow_provisioning(
        &self,
        profile_id: &str,
        phone_number_id: &str,
        schedule: PollSchedule,
        mut sleep: impl AsyncFnMut(std::time::Duration) -> bool,
        mut progress: impl FnMut(&Result<NumberHealth, CommandError>, std::time::Duration),
    ) -> Provisioning {
        let (mut reads, mut elapsed_ms, mut last) = (0u32, 0u32, None);
        loop {
            let read = self.number(profile_id, Some(phone_number_id)).await;
            reads += 1;
            let elapsed = std::time::Duration::from_millis(u64::from(elapsed_ms));
            progress(&read, elapsed);
            match read {
                Ok(h) if h.is_connected() => return Provisioning::Connected(h),
                Ok(h) => last = Some(h),
                Err(e) if e.code == ErrorCode::RateLimited => {
                    return Provisioning::StillPending { last, reads }
                }
                Err(_) => {}
            }
            let delay = schedule.delay_ms(reads);
            elapsed_ms = elapsed_ms.saturating_add(delay);
            if elapsed_ms > schedule.give_up_after_ms
                || !sleep(std::time::Duration::from_millis(u64::from(delay))).await
            {
                return Provisioning::StillPending { last, reads };
            }
        }
    }

    /// The console's count of register (or deregister) calls for a number in the last 72 hours.
    pub async fn attempt_budget(
        &self,
        phone_number_id: &str,
        kind: AttemptKind,
    ) -> Result<AttemptBudget, CommandError> {
        let window = self
            .store
            .attempts_since(phone_number_id, kind, window_start())
            .await
            .map_err(errors::store)?;
        Ok(budget(kind, &window))
    }

    /// Sets or replaces the two-step verification PIN (`POST /{phone-number-id}` `{"pin"}`);
    /// with `remember`, keeps it in the OS keychain for the register step.
    pub async fn set_pin(
        &self,
        profile_id: &str,
        phone_number_id: &str,
        pin: &Secret,
        remember: bool,
    ) -> Result<(), CommandError> {
        let pin = checked_pin(pin)?;
        let profile = self.profile(profile_id).await?;
        let call = async |client: &GraphClient, token: &Secret| {
            client.set_pin(token, phone_number_id, &pin).await
        };
        self.audited_call(&profile, AuditAction::PinSet, phone_number_id, call)
            .await?;
        let account = pin_account(&profile.id, phone_number_id);
        if remember {
            // The fact first: a PIN in the keychain that the store does not know of would outlive
            // its profile.
            self.store
                .record_kept_pin(&profile.id, phone_number_id)
                .await
                .map_err(errors::store)?;
            self.tokens.set(&account, &pin).await.map_err(|e| {
                errors::keychain(e, "the PIN was set at Meta but not kept in the keychain")
            })
        } else {
            self.tokens.delete(&[&account]).await.map_err(|e| {
                errors::keychain(e, "the PIN was set at Meta, but the one kept before could not be removed from the keychain")
            })?;
            self.store
                .forget_kept_pin(&profile.id, phone_number_id)
                .await
                .map_err(errors::store)
        }
    }

    /// Asks Meta to send an ownership code by SMS or voice.
    pub async fn request_code(
        &self,
        profile_id: &str,
        phone_number_id: &str,
        method: CodeMethod,
        language: &str,
    ) -> Result<(), CommandError> {
        let profile = self.profile(profile_id).await?;
        let call = async |client: &GraphClient, token: &Secret| {
            client
                .request_code(token, phone_number_id, method.as_graph(), language.trim())
                .await
        };
        self.audited_call(&profile, AuditAction::CodeRequested, phone_number_id, call)
            .await
    }

    /// Enters the ownership code Meta sent.
    pub async fn verify_code(
        &self,
        profile_id: &str,
        phone_number_id: &str,
        code: &str,
    ) -> Result<(), CommandError> {
        let code = checked_code(code)?;
        let profile = self.profile(profile_id).await?;
        let call = async |client: &GraphClient, token: &Secret| {
            client.verify_code(token, phone_number_id, code).await
        };
        self.audited_call(&profile, AuditAction::CodeVerified, phone_number_id, call)
            .await
    }

    /// Registers the number. Refuses past 7 attempts in 72 h unless `confirmed`, and at 10; makes
    /// exactly one call and records it whatever its outcome. Returns the budget after the call.
    /// `pin: None` uses the PIN kept in the keychain by [`Console::set_pin`] with `remember`.
    pub async fn register(
        &self,
        profile_id: &str,
        phone_number_id: &str,
        pin: Option<&Secret>,
        region: Option<&str>,
        confirmed: bool,
    ) -> Result<AttemptBudget, CommandError> {
        let region = checked_region(region)?;
        let profile = self.profile(profile_id).await?;
        let pin = match pin {
            Some(pin) => checked_pin(pin)?,
            None => self
                .tokens
                .get(&pin_account(&profile.id, phone_number_id))
                .await
                .map_err(|e| errors::keychain(e, "the kept PIN could not be read"))?
                .ok_or_else(|| {
                    CommandError::invalid_fields(vec![FieldError::new(
                        "pin",
                        "Enter the six-digit PIN: none is kept in the keychain for this number.",
                    )])
                })?,
        };
        let call = async |client: &GraphClient, token: &Secret| {
            client
                .register(token, phone_number_id, &pin, region.as_deref())
                .await
        };
        self.counted_call(
            &profile,
            phone_number_id,
            AttemptKind::Register,
            confirmed,
            call,
        )
        .await
    }

    /// Deregisters the number, with the same rails as [`Console::register`].
    pub async fn deregister(
        &self,
        profile_id: &str,
        phone_number_id: &str,
        confirmed: bool,
    ) -> Result<AttemptBudget, CommandError> {
        let profile = self.profile(profile_id).await?;
        let call = async |client: &GraphClient, token: &Secret| {
            client.deregister(token, phone_number_id).await
        };
        self.counted_call(
            &profile,
            phone_number_id,
            AttemptKind::Deregister,
            confirmed,
            call,
        )
        .await
    }

    /// One setting call about a number, recorded in the audit log whatever its outcome.
    async fn audited_call(
        &self,
        profile: &Profile,
        action: AuditAction,
        phone_number_id: &str,
        call: impl AsyncFnOnce(&GraphClient, &Secret) -> Result<Success, GraphError>,
    ) -> Result<(), CommandError> {
        self.audited(Some(&profile.id), action, Some(phone_number_id), async {
            let (client, token) = self.session(profile).await?;
            call(&client, &token)
                .await
                .map(drop)
                .map_err(CommandError::from)
        })
        .await
    }

    /// One register or deregister call behind the rails. The attempt is reserved (budget check
    /// and write in one transaction) before the call, so concurrent calls from this process or
    /// another never pass Meta's limit; no reservation, no call. Exactly one call, never retried;
    /// its outcome is recorded after, and an attempt whose outcome is unknown still counts.
    async fn counted_call(
        &self,
        profile: &Profile,
        phone_number_id: &str,
        kind: AttemptKind,
        confirmed: bool,
        call: impl AsyncFnOnce(&GraphClient, &Secret) -> Result<Success, GraphError>,
    ) -> Result<AttemptBudget, CommandError> {
        let (client, token) = self.session(profile).await?;
        let id = self.reserve(phone_number_id, kind, confirmed).await?;
        let started = Instant::now();
        let result = call(&client, &token)
            .await
            .map(drop)
            .map_err(CommandError::from);
        let (outcome, code) = match &result {
            Ok(()) => (AttemptOutcome::Ok, None),
            Err(e) => match e.graph() {
                Some(g) => (AttemptOutcome::Failed, Some(g.code)),
                None => (AttemptOutcome::Unknown, None),
            },
        };
        if let Err(e) = self.store.finish_attempt(id, outcome, code).await {
            // The reservation stays and keeps counting: the rail holds, only the outcome is lost.
            tracing::error!(error = %e, attempt = id, "could not record the outcome of a registration attempt");
        }
        let action = match kind {
            AttemptKind::Register => AuditAction::Register,
            AttemptKind::Deregister => AuditAction::Deregister,
        };
        self.audit(
            Some(&profile.id),
            action,
            Some(phone_number_id),
            &result,
            started,
        )
        .await;
        result?;
        self.attempt_budget(phone_number_id, kind).await
    }

    /// The rails before a register or deregister call: refuses at 10 in 72 h, asks for
    /// confirmation past 7, and otherwise writes the attempt as pending; returns its id.
    async fn reserve(
        &self,
        phone_number_id: &str,
        kind: AttemptKind,
        confirmed: bool,
    ) -> Result<i64, CommandError> {
        let admit = |w: &AttemptWindow| budget(kind, w).admits(confirmed);
        let reservation = self
            .store
            .reserve_attempt(
                phone_number_id,
                kind,
                window_start(),
                OffsetDateTime::now_utc(),
                admit,
            )
            .await
            .map_err(|e| {
                errors::store(e).with_action(
                    "The console did not call Meta because it could not record the attempt first; close other WABA Console windows or CLI runs and try again.",
                )
            })?;
        let window = match reservation {
            Reservation::Granted { id, .. } => return Ok(id),
            Reservation::Refused { window } => window,
        };
        let budget = budget(kind, &window);
        if budget.used >= ATTEMPT_LIMIT {
            return Err(CommandError::new(
                ErrorCode::AttemptBudgetExhausted,
                format!(
                    "{}: Meta would lock the number (133016), so the console did not call it.",
                    budget.sentence()
                ),
            )
            .with_action(format!(
                "Wait until {} before trying again.",
                budget
                    .frees_up_at
                    .as_deref()
                    .unwrap_or("the 72-hour window passes")
            )));
        }
        Err(CommandError::new(
            ErrorCode::ConfirmationRequired,
            format!(
                "{}; at {ATTEMPT_LIMIT} Meta locks the number for 72 hours (133016).",
                budget.sentence()
            ),
        )
        .with_action("Confirm that you want to use another attempt (--yes in the CLI)."))
    }
}

/// The start of the 72-hour window that ends now.
fn window_start() -> OffsetDateTime {
    OffsetDateTime::now_utc() - Duration::hours(i64::from(ATTEMPT_WINDOW_HOURS))
}

fn budget(kind: AttemptKind, window: &AttemptWindow) -> AttemptBudget {
    let frees_up_at = window
        .oldest
        .as_deref()
        .and_then(|o| OffsetDateTime::parse(o, &Rfc3339).ok())
        .and_then(|o| {
            (o + Duration::hours(i64::from(ATTEMPT_WINDOW_HOURS)))
                .format(&Rfc3339)
                .ok()
        });
    AttemptBudget::new(kind, window.used, frees_up_at)
}

/// The PIN as typed, checked (six digits) and still the secret type.
fn checked_pin(pin: &Secret) -> Result<Secret, CommandError> {
    parse_pin(pin.expose_secret())
        .map(secret)
        .map_err(|e| CommandError::invalid_fields(vec![e]))
}

impl Console {
    /// What `input` is, asked of the API: "a WABA ID, not a phone-number ID", "a phone number,
    /// not its ID: here are the WABA's numbers", or "not visible to this token". No digit-count rule.
    pub async fn check_id(
        &self,
        profile_id: &str,
        input: &str,
        field: IdField,
    ) -> Result<IdCheck, CommandError> {
        let profile = self.profile(profile_id).await?;
        let wanted = match field {
            IdField::WabaId => IdKind::Waba,
            IdField::PhoneNumberId => IdKind::PhoneNumber,
        };
        let label = match field {
            IdField::WabaId => "WABA ID",
            IdField::PhoneNumberId => "phone-number ID",
        };
        let answer = |kind: IdKind, message: String, numbers: Vec<NumberHealth>| IdCheck {
            input: input.to_owned(),
            kind,
            fits: kind == wanted,
            message,
            numbers,
        };
        let id = match parse_graph_id("input", label, input) {
            Ok(id) => id,
            Err(e) if e.message.contains("looks like a phone number") => {
                let numbers = self.numbers(profile_id).await.unwrap_or_default();
                let message = format!(
                    "{} Here are the numbers of WABA {} with their IDs.",
                    e.message, profile.waba_id
                );
                return Ok(answer(IdKind::PhoneNumberLike, message, numbers));
            }
            Err(e) => return Ok(answer(IdKind::Invalid, e.message, Vec::new())),
        };
        let (client, token) = self.session(&profile).await?;
        // A phone-number node has display_phone_number; any other node type names itself in the
        // "nonexisting field" error, and an invisible ID answers 100/33.
        let kind = match client
            .phone_number(&token, &id, &["id", "display_phone_number"])
            .await
        {
            Ok(_) => IdKind::PhoneNumber,
            Err(GraphError::Api(g)) if g.subcode == Some(33) => IdKind::NotVisible,
            Err(GraphError::Api(g))
                if g.code == 100 && g.graph_message.contains("(WhatsAppBusinessAccount)") =>
            {
                IdKind::Waba
            }
            Err(GraphError::Api(g))
                if g.code == 100 && g.graph_message.contains("nonexisting field") =>
            {
                IdKind::Other
            }
            Err(other) => return Err(other.into()),
        };
        let message = match kind {
            IdKind::PhoneNumber if wanted == IdKind::PhoneNumber => format!("{id} is the phone-number ID of a number this token can see."),
            IdKind::PhoneNumber => format!("{id} is a phone-number ID, not a WABA ID."),
            IdKind::Waba if wanted == IdKind::Waba => format!("{id} is a WhatsApp Business Account ID."),
            IdKind::Waba => format!("{id} is a WABA ID, not a phone-number ID."),
            IdKind::NotVisible => format!("No object with ID {id} is visible to this token: it does not exist, or the token's system user was not given it."),
            _ => format!("{id} is a Graph object, but neither a WABA nor a phone number."),
        };
        let numbers = if kind == wanted {
            Vec::new()
        } else {
            self.numbers(profile_id).await.unwrap_or_default()
        };
        Ok(answer(kind, message, numbers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use waba_core::graph_states::{HealthAvailability, Tone};

    #[test]
    fn the_panel_keeps_limited_notes_blocked_errors_and_call_capability_apart() {
        let body = r#"{"id":"106540352242922","status":"CONNECTED","health_status":{"can_send_message":"BLOCKED","entities":[
            {"entity_type":"PHONE_NUMBER","id":"106540352242922","can_send_message":"LIMITED","can_receive_call_sip":"BLOCKED",
             "additional_info":["Your display name has not been approved yet."]},
            {"entity_type":"WABA","id":"102290129340398","can_send_message":"BLOCKED",
             "errors":[{"error_code":141010,"error_description":"The business is not verified.","possible_solution":"Verify the business."}]},
            {"entity_type":"APP","id":"634974688087057","can_send_message":"AVAILABLE","can_receive_call_sip":"AVAILABLE"}]}}"#;
        let h = health(serde_json::from_str(body).unwrap());
        let can_send = h.can_send.clone().unwrap();
        assert_eq!(can_send.value, HealthAvailability::Blocked);
        assert_eq!(can_send.tone, Tone::Fail);
        assert_eq!(can_send.meaning, HealthAvailability::Blocked.meaning());
        assert_eq!(
            h.health_notes,
            ["PHONE_NUMBER: Your display name has not been approved yet."]
        );
        assert_eq!(
            h.health_issues,
            ["WABA (141010): The business is not verified. Solution: Verify the business."]
        );
        // The number's own call capability, not the app's.
        assert_eq!(
            h.can_receive_call_sip.as_ref().map(|s| &s.value),
            Some(&HealthAvailability::Blocked)
        );
        assert!(h.is_connected());
        assert_eq!(h.status.unwrap().tone, Tone::Pass);
    }
}
