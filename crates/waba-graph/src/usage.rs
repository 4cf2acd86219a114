//! `X-Business-Use-Case-Usage`: how much of a Business Use Case call limit is used (facts §13).
//!
//! Graph sends it on WhatsApp management and messaging calls, keyed by the WABA (or business) ID:
//! `{"102290129340398":[{"type":"whatsapp","call_count":3,"total_cputime":1,"total_time":2,
//! "estimated_time_to_regain_access":0}]}`. The numbers are percentages of the limit (100 means
//! throttled) and `estimated_time_to_regain_access` is in minutes. Meta's samples show more than
//! one `type` (`whatsapp`, `whatsapp_business_management`), so any type is accepted, and the header
//! is read when present, never required.

use serde_json::Value;

/// The header's name (HTTP header names are case-insensitive).
pub const BUSINESS_USE_CASE_USAGE_HEADER: &str = "x-business-use-case-usage";

/// One entry of the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UseCaseUsage {
    /// The key the entry was under: the WABA or business ID.
    pub business_id: String,
    /// `type`, as Meta sent it (`whatsapp`, ...); empty when absent.
    pub kind: String,
    /// Percent of the call-count limit used.
    pub call_count: u32,
    /// Percent of the CPU-time limit used.
    pub total_cputime: u32,
    /// Percent of the total-time limit used.
    pub total_time: u32,
    /// Minutes until calls are allowed again (0 when not throttled).
    pub estimated_time_to_regain_access: u32,
}

impl UseCaseUsage {
    /// The highest of the three percentages: how close this limit is to throttling.
    pub fn highest_percent(&self) -> u32 {
        self.call_count.max(self.total_cputime).max(self.total_time)
    }
}

/// Reads the header's value. Anything that is not Meta's shape gives no entries (never an error:
/// a missing or odd header must not fail a call).
pub fn parse_business_use_case_usage(header: &str) -> Vec<UseCaseUsage> {
    let Ok(Value::Object(by_id)) = serde_json::from_str::<Value>(header) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (business_id, entries) in by_id {
        let Value::Array(entries) = entries else {
            continue;
        };
        for entry in entries {
            let Value::Object(entry) = entry else {
                continue;
            };
            let number = |key: &str| percent(entry.get(key));
            out.push(UseCaseUsage {
                business_id: business_id.clone(),
                kind: entry
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                call_count: number("call_count"),
                total_cputime: number("total_cputime"),
                total_time: number("total_time"),
                estimated_time_to_regain_access: number("estimated_time_to_regain_access"),
            });
        }
    }
    out
}

/// Adds `answer`'s entries to `kept`, keeping per business and type the highest of each figure.
///
/// Answers to concurrent calls arrive in any order, and each carries the count from the moment it
/// was answered, so the last answer to arrive can be the oldest figure. The highest figures are the
/// latest ones whatever the order (a client lives for one command, well inside the hour the count
/// spans). `kept` stays sorted by business and type, so the result does not depend on the order
/// either.
pub(crate) fn keep_highest(kept: &mut Vec<UseCaseUsage>, answer: Vec<UseCaseUsage>) {
    for entry in answer {
        let key = |u: &UseCaseUsage| (u.business_id.clone(), u.kind.clone());
        match kept.binary_search_by_key(&key(&entry), key) {
            Ok(at) => {
                let old = &mut kept[at];
                old.call_count = old.call_count.max(entry.call_count);
                old.total_cputime = old.total_cputime.max(entry.total_cputime);
                old.total_time = old.total_time.max(entry.total_time);
                old.estimated_time_to_regain_access = old
                    .estimated_time_to_regain_access
                    .max(entry.estimated_time_to_regain_access);
            }
            Err(at) => kept.insert(at, entry),
        }
    }
}

/// A non-negative whole number from a JSON number or numeric string; anything else is 0.
fn percent(value: Option<&Value>) -> u32 {
    let f = match value {
        Some(Value::Number(n)) => n.as_f64().unwrap_or(0.0),
        Some(Value::String(s)) => s.trim().parse::<f64>().unwrap_or(0.0),
        _ => 0.0,
    };
    if f.is_finite() && f > 0.0 {
        f.round().min(f64::from(u32::MAX)) as u32
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_metas_shape_with_any_type() {
        let header = r#"{"109889978794644":[{"type":"whatsapp","call_count":1,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0},{"type":"whatsapp_business_management","call_count":"12","total_cputime":3.6,"total_time":95,"estimated_time_to_regain_access":7}]}"#;
        let entries = parse_business_use_case_usage(header);
        assert_eq!(entries.len(), 2);
        assert_eq!(
            entries[0],
            UseCaseUsage {
                business_id: "109889978794644".into(),
                kind: "whatsapp".into(),
                call_count: 1,
                total_cputime: 1,
                total_time: 1,
                estimated_time_to_regain_access: 0,
            }
        );
        assert_eq!(entries[1].kind, "whatsapp_business_management");
        assert_eq!(entries[1].call_count, 12);
        assert_eq!(entries[1].total_cputime, 4);
        assert_eq!(entries[1].highest_percent(), 95);
        assert_eq!(entries[1].estimated_time_to_regain_access, 7);
    }

    #[test]
    fn the_highest_figures_are_kept_whatever_order_answers_arrive_in() {
        let header = |waba: &str, kind: &str, calls: u32, time: u32, regain: u32| {
            format!(
                r#"{{"{waba}":[{{"type":"{kind}","call_count":{calls},"total_cputime":1,"total_time":{time},"estimated_time_to_regain_access":{regain}}}]}}"#
            )
        };
        let answers = [
            header("1", "whatsapp", 0, 0, 0),
            header("1", "whatsapp", 3, 2, 0),
            header("2", "whatsapp", 7, 1, 4),
            header("1", "whatsapp", 2, 5, 0),
        ];
        let kept_in = |order: &[usize]| {
            let mut kept = Vec::new();
            for &i in order {
                keep_highest(&mut kept, parse_business_use_case_usage(&answers[i]));
            }
            kept
        };
        let forward = kept_in(&[0, 1, 2, 3]);
        assert_eq!(forward, kept_in(&[3, 2, 1, 0]));
        assert_eq!(forward, kept_in(&[2, 0, 3, 1]));
        assert_eq!(forward.len(), 2);
        assert_eq!(forward[0].business_id, "1");
        assert_eq!(
            (forward[0].call_count, forward[0].total_time),
            (3, 5),
            "each figure at its highest"
        );
        assert_eq!(forward[1].estimated_time_to_regain_access, 4);
    }

    #[test]
    fn odd_headers_give_nothing() {
        for header in ["", "not json", "[]", r#"{"1":{}}"#, r#"{"1":[1,"x"]}"#] {
            assert!(parse_business_use_case_usage(header).is_empty(), "{header}");
        }
        let missing = parse_business_use_case_usage(r#"{"1":[{"call_count":-4}]}"#);
        assert_eq!(missing[0].kind, "");
        assert_eq!(missing[0].call_count, 0);
    }
}
