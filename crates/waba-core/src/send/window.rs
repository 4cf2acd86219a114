//! The 24-hour customer-service window (facts §10.8): an inbound message opens or refreshes it;
//! inside it any message may be sent, outside it only a template (Meta accepts a free-form
//! message anyway and fails it later with 131047). The last inbound time (from the webhooks the
//! receiver stored) and "now" are arguments, so the rule is tested with any clock.

use serde::{Deserialize, Serialize};
use time::{format_description::well_known::Rfc3339, Duration, OffsetDateTime};
use ts_rs::TS;

use super::message::MessageKind;
use super::validate::{SendFinding, SendRule};

/// How long an inbound message keeps the window open.
pub const SERVICE_WINDOW: Duration = Duration::hours(24);

/// The seed's key rule, in its corrected form (the seed says "free-form text"; the rule covers
/// every kind of message but a template), shown wherever a send is blocked by it.
pub const KEY_RULE: &str = "The first message to anyone must be an approved template. Free-form messages (text, media, buttons, lists) are allowed only within 24 hours of the recipient's last message to this number; each message they send opens the window again.";

/// Where a recipient stands with this number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum ServiceWindow {
    /// No inbound message from this recipient is stored: only a template can reach them.
    NeverWrote,
    /// Free-form messages allowed until `until` (RFC 3339).
    Open {
        last_inbound_at: String,
        until: String,
        /// Whole minutes left, for "closes in 2 h 5 min".
        minutes_left: u32,
    },
    /// Closed since `since` (RFC 3339): templates only until the recipient writes again.
    Closed {
        last_inbound_at: String,
        since: String,
        /// Whole hours since the last inbound message, for "last wrote 26 h ago".
        hours_since_inbound: u32,
    },
}

impl ServiceWindow {
    pub fn is_open(&self) -> bool {
        matches!(self, Self::Open { .. })
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

fn whole(d: Duration, unit: Duration) -> u32 {
    u32::try_from(d.whole_seconds().max(0) / unit.whole_seconds()).unwrap_or(u32::MAX)
}

/// The window at `now`, given the time of the recipient's last inbound message. A last message
/// "in the future" (clocks disagree) counts as just now. At exactly 24 hours the window is
/// closed: Meta's wording is "more than 24 hours", and the console errs on the closed side.
pub fn service_window(
    last_inbound_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> ServiceWindow {
    let Some(last) = last_inbound_at else {
        return ServiceWindow::NeverWrote;
    };
    let closes = last.min(now) + SERVICE_WINDOW;
    if now < closes {
        ServiceWindow::Open {
            last_inbound_at: rfc3339(last),
            until: rfc3339(closes),
            minutes_left: whole(closes - now, Duration::MINUTE),
        }
    } else {
        ServiceWindow::Closed {
            last_inbound_at: rfc3339(last),
            since: rfc3339(closes),
            hours_since_inbound: whole(now - last, Duration::HOUR),
        }
    }
}

/// Whether a kind of message needs an open window: every free-form kind, that is everything but
/// a template.
pub fn needs_open_window(kind: MessageKind) -> bool {
    kind != MessageKind::Template
}

/// The finding when a free-form message meets a closed window or a recipient who never wrote:
/// an error, or a warning once the admin has chosen to send anyway (`acknowledged`), since Meta
/// may accept it and fail it later with 131047, which the message log then shows.
pub fn window_finding(
    kind: MessageKind,
    window: &ServiceWindow,
    acknowledged: bool,
) -> Option<SendFinding> {
    if !needs_open_window(kind) {
        return None;
    }
    let (rule, message) = match window {
        ServiceWindow::Open { .. } => return None,
        ServiceWindow::NeverWrote => (
            SendRule::NeverWrote,
            "This recipient has never written to this number, so only a template can reach them.".to_owned(),
        ),
        ServiceWindow::Closed { hours_since_inbound, .. } => (
            SendRule::WindowClosed,
            format!("The recipient last wrote {hours_since_inbound} h ago: the 24-hour window is closed, and Meta fails free-form messages with 131047."),
        ),
    };
    let fix = format!("Send a template instead. {KEY_RULE}");
    Some(if acknowledged {
        SendFinding::warning(rule, "", message, fix)
    } else {
        SendFinding::error(rule, "", message, fix)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::send::validate::SendSeverity;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-01 12:00 UTC);

    #[test]
    fn no_inbound_message_means_never_wrote() {
        assert_eq!(service_window(None, NOW), ServiceWindow::NeverWrote);
    }

    #[test]
    fn three_hours_ago_is_open_for_21_more_hours() {
        let window = service_window(Some(NOW - Duration::hours(3)), NOW);
        assert_eq!(
            window,
            ServiceWindow::Open {
                last_inbound_at: "2026-12-01T09:00:00Z".into(),
                until: "2026-12-02T09:00:00Z".into(),
                minutes_left: 21 * 60,
            }
        );
        assert!(window.is_open());
    }

    #[test]
    fn twenty_six_hours_ago_is_closed_since_two_hours() {
        assert_eq!(
            service_window(Some(NOW - Duration::hours(26)), NOW),
            ServiceWindow::Closed {
                last_inbound_at: "2026-11-30T10:00:00Z".into(),
                since: "2026-12-01T10:00:00Z".into(),
                hours_since_inbound: 26,
            }
        );
    }

    #[test]
    fn the_boundary_moves_with_the_clock() {
        let last = NOW - Duration::hours(24);
        assert!(service_window(Some(last), NOW - Duration::SECOND).is_open());
        assert!(!service_window(Some(last), NOW).is_open());
        // A reply after the window closed opens it again.
        assert!(service_window(Some(NOW), NOW + Duration::hours(23)).is_open());
        // A last message ahead of the clock counts as now.
        assert_eq!(
            service_window(Some(NOW + Duration::hours(2)), NOW),
            ServiceWindow::Open {
                last_inbound_at: "2026-12-01T14:00:00Z".into(),
                until: "2026-12-02T12:00:00Z".into(),
                minutes_left: 24 * 60,
            }
        );
    }

    #[test]
    fn only_templates_go_without_an_open_window() {
        assert!(!needs_open_window(MessageKind::Template));
        for kind in [
            MessageKind::Text,
            MessageKind::Image,
            MessageKind::Sticker,
            MessageKind::Buttons,
            MessageKind::List,
        ] {
            assert!(needs_open_window(kind));
        }
        let closed = service_window(Some(NOW - Duration::hours(26)), NOW);
        assert_eq!(window_finding(MessageKind::Template, &closed, false), None);
        assert_eq!(
            window_finding(MessageKind::Template, &ServiceWindow::NeverWrote, false),
            None
        );
        let open = service_window(Some(NOW - Duration::hours(3)), NOW);
        assert_eq!(window_finding(MessageKind::Text, &open, false), None);
    }

    #[test]
    fn free_form_is_blocked_unless_acknowledged_with_the_key_rule() {
        let closed = service_window(Some(NOW - Duration::hours(26)), NOW);
        let blocked = window_finding(MessageKind::Text, &closed, false).unwrap();
        assert_eq!(
            (blocked.rule, blocked.severity),
            (SendRule::WindowClosed, SendSeverity::Error)
        );
        assert!(blocked.message.contains("26 h ago"), "{}", blocked.message);
        assert!(blocked.message.contains("131047"));
        assert!(blocked.fix.ends_with(KEY_RULE));
        let never = window_finding(MessageKind::Image, &ServiceWindow::NeverWrote, false).unwrap();
        assert_eq!(never.rule, SendRule::NeverWrote);
        let overridden = window_finding(MessageKind::Text, &closed, true).unwrap();
        assert_eq!(overridden.severity, SendSeverity::Warning);
    }
}
