//! The message log as the window and the CLI read it: pages with filters, one message with its
//! timeline, and the delivery funnel of a period; every error read through the catalogue.
//!
//! Why a module: the store keeps rows (status text, error JSON, unix milliseconds); this is where
//! they become verdicts: a refused or failed message carries its diagnosis, an accepted one with
//! no status after [`STALE_AFTER_MINUTES`] is flagged, and dates typed as `YYYY-MM-DD` mean whole
//! UTC days.

use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime, Time};
use waba_core::diagnose::{diagnosis_for, ErrorSource, MetaSaid};
use waba_core::send::{
    parse_recipient, DeliveryFunnel, FunnelReport, FunnelRequest, LoggedMessage, MessageDetail,
    MessageError, MessageLogPage, MessageLogQuery, MessageRef, SendStatus, SenderContext,
    TimelineStep, STALE_AFTER_MINUTES,
};
use waba_core::{CommandError, ErrorCode, FieldError};
use waba_store::{MessageFilter, StoredMessage};

use crate::errors;
use crate::Console;

/// A log page's default size and its most.
const DEFAULT_PAGE: u32 = 100;
const MAX_PAGE: u32 = 500;

fn unix_ms(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_else(|_| at.to_string())
}

/// A date as typed: RFC 3339, or `YYYY-MM-DD` for the start of that UTC day (`end_of_day`: the
/// start of the next, for an exclusive "until").
fn parse_date(field: &str, text: &str, end_of_day: bool) -> Result<OffsetDateTime, FieldError> {
    let text = text.trim();
    if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(at);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day = Date::parse(text, &format).map_err(|_| {
        FieldError::new(
            field,
            format!("\"{text}\" is not a date: type it as YYYY-MM-DD (2026-12-01) or RFC 3339."),
        )
    })?;
    let day = if end_of_day {
        day.next_day().ok_or_else(|| {
            FieldError::new(
                field,
                format!("{text} is the last day the calendar has: pick an earlier date."),
            )
        })?
    } else {
        day
    };
    Ok(day.with_time(Time::MIDNIGHT).assume_utc())
}

/// A period as typed (`since` inclusive, `until` the end of its day), each optional; both
/// fields' errors at once.
fn period(
    since: &Option<String>,
    until: &Option<String>,
) -> Result<(Option<OffsetDateTime>, Option<OffsetDateTime>), CommandError> {
    match (
        optional_date("since", since, false),
        optional_date("until", until, true),
    ) {
        (Ok(since), Ok(until)) => Ok((since, until)),
        (since, until) => Err(CommandError::invalid_fields(
            [since.err(), until.err()].into_iter().flatten().collect(),
        )),
    }
}

fn optional_date(
    field: &str,
    text: &Option<String>,
    end_of_day: bool,
) -> Result<Option<OffsetDateTime>, FieldError> {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => parse_date(field, t, end_of_day).map(Some),
        None => Ok(None),
    }
}

/// A recipient filter as typed: its E.164 digits when it parses as a number, else its digits.
fn recipient_digits(typed: &str) -> Option<String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    Some(match parse_recipient(typed, &SenderContext::default()) {
        Ok(recipient) => recipient.e164,
        Err(_) => typed.chars().filter(char::is_ascii_digit).collect(),
    })
}

/// The error of a refused message (Meta's error object) or a failed one (a status's
/// `errors[]`), with the catalogue's card.
fn message_error(stored: &StoredMessage) -> Option<MessageError> {
    if stored.error.is_none() && stored.error_code.is_none() {
        return None;
    }
    let value: Value = stored
        .error
        .as_deref()
        .and_then(|e| serde_json::from_str(e).ok())
        .unwrap_or(Value::Null);
    let object = match &value {
        Value::Array(items) => items.first().cloned().unwrap_or(Value::Null),
        other => other.clone(),
    };
    let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
    let details = object
        .pointer("/error_data/details")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let code = stored
        .error_code
        .or_else(|| object.get("code").and_then(Value::as_i64));
    let meta_message = match (text("title"), text("message")) {
        (Some(title), Some(message)) if title != message => format!("{title}: {message}"),
        (_, Some(message)) => message,
        (Some(title), None) => title,
        (None, None) => "Meta gave no message.".to_owned(),
    };
    let source = if stored.status == SendStatus::Failed {
        ErrorSource::StatusWebhook
    } else {
        ErrorSource::GraphResponse
    };
    let diagnosis = code.map(|code| {
        diagnosis_for(
            code,
            object.get("error_subcode").and_then(Value::as_i64),
            MetaSaid {
                message: text("message"),
                details,
                fbtrace_id: text("fbtrace_id"),
                where_: source,
                recipient: Some(stored.recipient.clone()),
                message_id: stored.wamid.clone(),
                ..MetaSaid::default()
            },
        )
    });
    Some(MessageError {
        code,
        meta_message,
        diagnosis,
    })
}

impl Console {
    /// A stored message as the window shows it.
    pub(crate) fn logged(&self, stored: StoredMessage) -> LoggedMessage {
        let stale_before =
            unix_ms(OffsetDateTime::now_utc() - Duration::minutes(i64::from(STALE_AFTER_MINUTES)));
        LoggedMessage {
            error: message_error(&stored),
            stale: stored.status == SendStatus::Accepted && stored.created_ms < stale_before,
            id: stored.id,
            reference: stored.reference,
            phone_number_id: stored.phone_number_id,
            recipient: stored.recipient,
            kind: stored.kind,
            summary: stored.summary,
            created_at: stored.created_at,
            wamid: stored.wamid,
            status: stored.status,
            status_at: stored.status_at,
            pricing_category: stored.pricing_category,
            billable: stored.billable,
            attempts: stored.attempts,
        }
    }

    /// A page of the profile's log, newest first.
    pub async fn message_log(
        &self,
        query: &MessageLogQuery,
    ) -> Result<MessageLogPage, CommandError> {
        let profile = self.profile(&query.profile_id).await?;
        let (since, until) = period(&query.since, &query.until)?;
        let filter = MessageFilter {
            profile_id: profile.id,
            status: query.status,
            recipient: query.recipient.as_deref().and_then(recipient_digits),
            kind: query.kind,
            since_ms: since.map(unix_ms),
            until_ms: until.map(unix_ms),
            search: query
                .search
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
        };
        let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
        // One more than asked: whether it exists says if there is a next page.
        let mut rows = self
            .store
            .messages(&filter, query.before_id, limit + 1)
            .await
            .map_err(errors::store)?;
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let total = self
            .store
            .count_messages(&filter)
            .await
            .map_err(errors::store)?;
        let next_before_id = rows.last().filter(|_| more).map(|last| last.id);
        Ok(MessageLogPage {
            messages: rows.into_iter().map(|m| self.logged(m)).collect(),
            total,
            next_before_id,
        })
    }

    /// One message with its status webhooks, oldest first.
    pub async fn message_detail(&self, at: &MessageRef) -> Result<MessageDetail, CommandError> {
        let profile = self.profile(&at.profile_id).await?;
        let stored = self
            .store
            .message(at.message_id)
            .await
            .map_err(errors::store)?
            .filter(|m| m.profile_id == profile.id)
            .ok_or_else(|| {
                CommandError::new(
                    ErrorCode::NotFound,
                    format!(
                        "Message {} is not in the log of profile \"{}\".",
                        at.message_id, profile.name
                    ),
                )
                .with_action("Pick a message from the Messages page (waba messages list).")
            })?;
        let mut timeline = Vec::new();
        if let Some(wamid) = &stored.wamid {
            for entry in self
                .store
                .message_timeline(wamid)
                .await
                .map_err(errors::store)?
            {
                let at = entry
                    .timestamp
                    .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
                    .map_or_else(|| entry.received_at.clone(), rfc3339);
                timeline.push(TimelineStep {
                    status: entry.status,
                    at,
                    received_at: entry.received_at,
                });
            }
        }
        let request = serde_json::from_str(&stored.request).unwrap_or(Value::Null);
        let message = self.logged(stored);
        Ok(MessageDetail {
            meaning: message.status.meaning().to_owned(),
            message,
            timeline,
            request,
        })
    }

    /// The funnel of the messages created in a period (the last 7 days by default).
    pub async fn delivery_funnel(
        &self,
        request: &FunnelRequest,
    ) -> Result<FunnelReport, CommandError> {
        let profile = self.profile(&request.profile_id).await?;
        let now = OffsetDateTime::now_utc();
        let (since, until) = period(&request.since, &request.until)?;
        let until = until.unwrap_or(now);
        let since = since.unwrap_or(until - Duration::days(7));
        if since >= until {
            return Err(CommandError::invalid_fields(vec![FieldError::new(
                "since",
                "The period starts after it ends: pick a start date before the end date.",
            )]));
        }
        let f = self
            .store
            .message_funnel(&profile.id, unix_ms(since), unix_ms(until))
            .await
            .map_err(errors::store)?;
        Ok(FunnelReport {
            since: rfc3339(since),
            until: rfc3339(until),
            funnel: DeliveryFunnel {
                accepted: f.accepted,
                sent: f.sent,
                delivered: f.delivered,
                read: f.read,
                failed: f.failed,
                refused: f.refused,
                unknown: f.unknown,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_whole_utc_days_or_rfc3339() {
        let start = parse_date("since", "2026-12-01", false).unwrap();
        assert_eq!(rfc3339(start), "2026-12-01T00:00:00Z");
        let end = parse_date("until", "2026-12-01", true).unwrap();
        assert_eq!(rfc3339(end), "2026-12-02T00:00:00Z");
        let exact = parse_date("since", "2026-12-01T10:30:00+01:00", false).unwrap();
        assert_eq!(unix_ms(exact), unix_ms(start) + 9 * 3_600_000 + 30 * 60_000);
        let last = parse_date("until", "9999-12-31", true).unwrap_err();
        assert!(last.message.contains("earlier date"), "{}", last.message);
        let bad = parse_date("since", "01/12/2026", false).unwrap_err();
        assert_eq!(bad.field, "since");
        assert!(bad.message.contains("YYYY-MM-DD"), "{}", bad.message);
    }

    #[test]
    fn recipients_are_matched_by_their_digits() {
        assert_eq!(
            recipient_digits("+1 (650) 555-1234").as_deref(),
            Some("16505551234")
        );
        assert_eq!(recipient_digits("555").as_deref(), Some("555"));
        assert_eq!(recipient_digits("  "), None);
    }

    fn stored(status: SendStatus, error_code: Option<i64>, error: Option<&str>) -> StoredMessage {
        StoredMessage {
            id: 1,
            reference: "r".into(),
            profile_id: "p".into(),
            phone_number_id: "106540352242922".into(),
            recipient: "16505551234".into(),
            kind: waba_core::send::MessageKind::Text,
            summary: "Hi".into(),
            request: "{}".into(),
            created_at: "2026-12-01T00:00:00Z".into(),
            created_ms: 0,
            wamid: Some("wamid.X".into()),
            status,
            status_at: "2026-12-01T00:00:00Z".into(),
            error_code,
            error: error.map(str::to_owned),
            pricing_category: None,
            billable: None,
            attempts: 1,
        }
    }

    #[test]
    fn a_failed_status_reads_as_its_catalogue_card() {
        let failed = stored(
            SendStatus::Failed,
            Some(131047),
            Some(
                r#"[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."}}]"#,
            ),
        );
        let error = message_error(&failed).unwrap();
        assert_eq!(error.code, Some(131047));
        assert_eq!(error.meta_message, "Re-engagement message");
        let card = error.diagnosis.unwrap();
        assert!(card.known);
        assert_eq!(card.from_meta.where_, ErrorSource::StatusWebhook);
        assert!(card.from_meta.details.unwrap().contains("24 hours"));
    }

    #[test]
    fn a_refusal_reads_as_its_graph_error_and_no_error_as_none() {
        let refused = stored(
            SendStatus::Refused,
            Some(131030),
            Some(
                r#"{"message":"(#131030) Recipient phone number not in allowed list","type":"OAuthException","code":131030,"fbtrace_id":"A1"}"#,
            ),
        );
        let error = message_error(&refused).unwrap();
        assert!(error.meta_message.contains("allowed list"));
        let card = error.diagnosis.unwrap();
        assert_eq!(card.from_meta.fbtrace_id.as_deref(), Some("A1"));
        assert_eq!(card.from_meta.where_, ErrorSource::GraphResponse);
        assert!(message_error(&stored(SendStatus::Delivered, None, None)).is_none());
    }
}
