//! The people the sandbox's numbers talk to: the allow list a test number may message (facts
//! §2.3, 131030: at most five recipients), how each recipient behaves (reads what it gets,
//! replies, is not on WhatsApp, has reached its marketing limit) and when each last wrote to
//! each number, which opens the 24-hour customer-service window (facts §10.8).
//!
//! A recipient nobody configured is on WhatsApp, does not read and does not reply. The seeded
//! test recipients are [`TEST_RECIPIENTS`]: the first two read what they receive, the third
//! only gets it delivered.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::clock::rfc3339;

/// The sandbox's test recipients, seeded on the allow list (and the console's default burst
/// list): Meta's own example customer number and two more in the same range.
pub const TEST_RECIPIENTS: [&str; 3] = ["16505551234", "16505551235", "16505551236"];
/// A test number may have at most this many allow-listed recipients (facts §2.3, 131030).
pub(crate) const MAX_TEST_RECIPIENTS: usize = 5;
/// How long an inbound message keeps the customer-service window open (facts §10.8).
pub(crate) const WINDOW: Duration = Duration::hours(24);
/// How many received message IDs are remembered for mark-as-read (oldest forgotten first).
const MAX_RECEIVED: usize = 10_000;

/// How one recipient behaves when the sandbox delivers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Behaviour {
    /// Reads what it receives: a `read` status follows `delivered`.
    pub reads: bool,
    /// Has WhatsApp: when false every message fails with 131026.
    #[serde(rename = "onWhatsApp")]
    pub on_whatsapp: bool,
    /// Meta's healthy-ecosystem limit is reached for it: marketing templates fail with 131049.
    pub marketing_limited: bool,
    /// Answers every delivered message with this text (an inbound message, opening the window).
    pub reply: Option<String>,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            reads: false,
            on_whatsapp: true,
            marketing_limited: false,
            reply: None,
        }
    }
}

/// Every recipient the sandbox knows about, per WABA.
#[derive(Debug)]
pub(crate) struct Customers {
    /// The allow list of test numbers (`account_mode: SANDBOX`), in the order added.
    pub allowed: Vec<String>,
    behaviours: HashMap<String, Behaviour>,
    /// When each recipient last wrote to each number: `(phone_number_id, wa_id)`.
    last_inbound: HashMap<(String, String), OffsetDateTime>,
    /// Inbound message IDs per number, for mark-as-read; bounded, oldest first.
    received: VecDeque<(String, String)>,
    received_ids: HashSet<(String, String)>,
}

impl Customers {
    pub(crate) fn seed() -> Customers {
        let mut behaviours = HashMap::new();
        for (i, wa_id) in TEST_RECIPIENTS.iter().enumerate() {
            behaviours.insert(
                (*wa_id).to_owned(),
                Behaviour {
                    reads: i < 2,
                    ..Behaviour::default()
                },
            );
        }
        Customers {
            allowed: TEST_RECIPIENTS.iter().map(|s| (*s).to_owned()).collect(),
            behaviours,
            last_inbound: HashMap::new(),
            received: VecDeque::new(),
            received_ids: HashSet::new(),
        }
    }

    pub(crate) fn behaviour(&self, wa_id: &str) -> Behaviour {
        self.behaviours.get(wa_id).cloned().unwrap_or_default()
    }

    pub(crate) fn behaviour_mut(&mut self, wa_id: &str) -> &mut Behaviour {
        self.behaviours.entry(wa_id.to_owned()).or_default()
    }

    pub(crate) fn is_allowed(&self, wa_id: &str) -> bool {
        self.allowed.iter().any(|a| a == wa_id)
    }

    /// Puts `wa_id` on the allow list; `Err` when the list is full.
    pub(crate) fn allow(&mut self, wa_id: &str) -> Result<(), String> {
        if self.is_allowed(wa_id) {
            return Ok(());
        }
        if self.allowed.len() >= MAX_TEST_RECIPIENTS {
            return Err(format!(
                "a test number can have at most {MAX_TEST_RECIPIENTS} allowed recipients; remove \
                 one first"
            ));
        }
        self.allowed.push(wa_id.to_owned());
        Ok(())
    }

    pub(crate) fn disallow(&mut self, wa_id: &str) {
        self.allowed.retain(|a| a != wa_id);
    }

    /// A message from `wa_id` to the number arrived at `at`: the window opens (or is renewed)
    /// and the message can be marked as read.
    pub(crate) fn record_inbound(
        &mut self,
        phone_number_id: &str,
        wa_id: &str,
        message_id: &str,
        at: OffsetDateTime,
    ) {
        let key = (phone_number_id.to_owned(), wa_id.to_owned());
        let last = self.last_inbound.entry(key).or_insert(at);
        *last = (*last).max(at);
        let received = (phone_number_id.to_owned(), message_id.to_owned());
        if self.received_ids.insert(received.clone()) {
            self.received.push_back(received);
        }
        while self.received.len() > MAX_RECEIVED {
            if let Some(old) = self.received.pop_front() {
                self.received_ids.remove(&old);
            }
        }
    }

    /// When `wa_id` last wrote to the number.
    pub(crate) fn last_inbound(
        &self,
        phone_number_id: &str,
        wa_id: &str,
    ) -> Option<OffsetDateTime> {
        self.last_inbound
            .get(&(phone_number_id.to_owned(), wa_id.to_owned()))
            .copied()
    }

    /// Whether the customer-service window between the number and `wa_id` is open at `now`.
    pub(crate) fn window_open(
        &self,
        phone_number_id: &str,
        wa_id: &str,
        now: OffsetDateTime,
    ) -> bool {
        self.last_inbound(phone_number_id, wa_id)
            .is_some_and(|at| at + WINDOW > now)
    }

    /// Whether the number received the message `message_id`.
    pub(crate) fn received(&self, phone_number_id: &str, message_id: &str) -> bool {
        self.received_ids
            .contains(&(phone_number_id.to_owned(), message_id.to_owned()))
    }

    /// `GET /__sandbox/recipients`: the allow list and every configured recipient, with when
    /// it last wrote to each number and whether that window is still open.
    pub(crate) fn snapshot(&self, now: OffsetDateTime) -> serde_json::Value {
        let mut ids: Vec<&String> = self.behaviours.keys().collect();
        for (_, wa_id) in self.last_inbound.keys() {
            ids.push(wa_id);
        }
        ids.sort();
        ids.dedup();
        let recipients: Vec<serde_json::Value> = ids
            .into_iter()
            .map(|wa_id| self.describe(wa_id, now))
            .collect();
        serde_json::json!({
            "testRecipients": self.allowed,
            "maxTestRecipients": MAX_TEST_RECIPIENTS,
            "recipients": recipients,
        })
    }

    /// One recipient as the control API shows it.
    pub(crate) fn describe(&self, wa_id: &str, now: OffsetDateTime) -> serde_json::Value {
        let mut windows: Vec<serde_json::Value> = self
            .last_inbound
            .iter()
            .filter(|((_, who), _)| who == wa_id)
            .map(|((number, _), at)| {
                serde_json::json!({
                    "phoneNumberId": number,
                    "lastInboundAt": rfc3339(*at),
                    "open": *at + WINDOW > now,
                    "closesAt": rfc3339(*at + WINDOW),
                })
            })
            .collect();
        windows.sort_by(|a, b| {
            a["phoneNumberId"]
                .as_str()
                .cmp(&b["phoneNumberId"].as_str())
        });
        let mut value = serde_json::to_value(self.behaviour(wa_id)).unwrap_or_default();
        value["waId"] = wa_id.into();
        value["testRecipient"] = self.is_allowed(wa_id).into();
        value["windows"] = windows.into();
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_window_is_open_for_24_hours_after_the_last_inbound_message() {
        let mut customers = Customers::seed();
        let at = datetime!(2026-01-01 10:00 UTC);
        assert!(!customers.window_open("1", "16505551234", at));
        customers.record_inbound("1", "16505551234", "wamid.a", at);
        assert!(customers.window_open("1", "16505551234", at + Duration::hours(23)));
        assert!(!customers.window_open("1", "16505551234", at + Duration::hours(24)));
        assert!(!customers.window_open("2", "16505551234", at), "per number");
        // An older message does not move the window back.
        customers.record_inbound("1", "16505551234", "wamid.b", at - Duration::hours(5));
        assert!(customers.window_open("1", "16505551234", at + Duration::hours(23)));
        assert!(customers.received("1", "wamid.b"));
        assert!(!customers.received("2", "wamid.b"));
    }

    #[test]
    fn the_allow_list_holds_five() {
        let mut customers = Customers::seed();
        assert!(TEST_RECIPIENTS.iter().all(|r| customers.is_allowed(r)));
        customers.allow("4915112345678").unwrap();
        customers.allow("4915112345678").unwrap();
        customers.allow("447700900123").unwrap();
        assert!(customers.allow("33612345678").is_err());
        customers.disallow("447700900123");
        customers.allow("33612345678").unwrap();
        assert_eq!(customers.allowed.len(), MAX_TEST_RECIPIENTS);
    }

    #[test]
    fn seeded_recipients_read_except_the_third() {
        let customers = Customers::seed();
        let reads: Vec<bool> = TEST_RECIPIENTS
            .iter()
            .map(|r| customers.behaviour(r).reads)
            .collect();
        assert_eq!(reads, [true, true, false]);
        assert_eq!(customers.behaviour("19995550000"), Behaviour::default());
    }
}
