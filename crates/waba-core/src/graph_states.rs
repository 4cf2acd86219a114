//! Meta's enumerated Graph values (a number's status, ownership, quality, name status, throughput,
//! platform, account mode, health availability, messaging limit; a template's status and
//! category), typed, each with its tone and its meaning for the admin, written once.
//!
//! Why: these values used to travel as strings and were matched on literals in the doctor, the
//! service, the CLI and again in the window, each with its own tone table and wording. Here each
//! value is an enum variant carrying Meta's spelling, a tone (pass/warn/fail/neutral) and one
//! sentence; the IPC answers carry `Explained { value, tone, meaning }`, so the window needs no
//! table and the doctor uses the same words.
//!
//! Meta adds values without notice, so every enum has an `Other(String)` fallback: an unknown
//! value is kept, shown and serialized back exactly as Meta spelled it, never dropped or refused.
//! On the wire (Graph, IPC, `--json`) a value is Meta's string, not camelCase: it is Meta's value.
//! In TypeScript each enum is the union of its known literals plus `(string & {})`, so the known
//! ones autocomplete and any other string still type-checks.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

/// How a value reads, for a chip's colour and the doctor's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Tone {
    /// As it should be.
    Pass,
    /// Works, but needs attention.
    Warn,
    /// Stops the number (or template) from doing its job.
    Fail,
    /// Neither good nor bad (a fact, or a value nobody can judge yet).
    Neutral,
}

/// One of Meta's enumerated values: its spelling, tone and meaning.
pub trait GraphState: Sized {
    /// Meta's spelling, e.g. `CONNECTED` (an `Other` value as Meta sent it).
    fn as_graph(&self) -> &str;
    fn tone(&self) -> Tone;
    /// One sentence for the admin.
    fn meaning(&self) -> &'static str;

    /// The value with its tone and meaning, as the IPC answers carry it.
    fn explained(self) -> Explained<Self> {
        Explained {
            tone: self.tone(),
            meaning: self.meaning().to_owned(),
            value: self,
        }
    }
}

/// A Graph value with how it reads and what it means, so the window renders it without a table of
/// its own (`meaning` as a tooltip or secondary text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Explained<T> {
    /// Meta's value, in Meta's spelling.
    pub value: T,
    pub tone: Tone,
    pub meaning: String,
}

impl<T: GraphState> Explained<T> {
    /// Meta's spelling of the value.
    pub fn as_graph(&self) -> &str {
        self.value.as_graph()
    }
}

/// [`GraphState::explained`] over an optional value (Graph omits fields freely).
pub fn explain<T: GraphState>(value: Option<T>) -> Option<Explained<T>> {
    value.map(GraphState::explained)
}

/// Declares one Graph enum: each variant's Meta spelling, tone and meaning, then the tone and
/// meaning of a value this console does not know (kept as `Other`).
macro_rules! graph_enum {
    (
        $(#[doc = $doc:literal])*
        $name:ident {
            $($variant:ident = $wire:literal, $tone:ident, $meaning:literal;)+
        }
        other: $other_tone:ident, $other_meaning:literal;
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $(#[doc = $meaning] $variant,)+
            /// A value this console does not know, kept as Meta sent it.
            Other(String),
        }

        impl $name {
            /// Every value this console knows, in declaration order.
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),+];

            /// Meta's spelling → the variant; anything else is kept as `Other`.
            pub fn from_graph(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }

            /// Whether this is a value the console knows (not `Other`).
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
        }

        impl GraphState for $name {
            fn as_graph(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Other(value) => value,
                }
            }

            fn tone(&self) -> Tone {
                match self {
                    $(Self::$variant => Tone::$tone,)+
                    Self::Other(_) => Tone::$other_tone,
                }
            }

            fn meaning(&self) -> &'static str {
                match self {
                    $(Self::$variant => $meaning,)+
                    Self::Other(_) => $other_meaning,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_graph(value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_graph())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_graph())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = String::deserialize(d)?;
                Ok(Self::from_graph(&value))
            }
        }

        impl TS for $name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;

            fn docs() -> Option<String> {
                Some(js_doc(&[$($doc),*]))
            }

            fn ident(_: &ts_rs::Config) -> String {
                stringify!($name).to_owned()
            }

            fn name(_: &ts_rs::Config) -> String {
                stringify!($name).to_owned()
            }

            fn inline(_: &ts_rs::Config) -> String {
                union(&[$($wire),+])
            }

            fn decl(cfg: &ts_rs::Config) -> String {
                format!("type {} = {};", stringify!($name), Self::inline(cfg))
            }

            fn decl_concrete(cfg: &ts_rs::Config) -> String {
                Self::decl(cfg)
            }

            fn output_path() -> Option<PathBuf> {
                Some(PathBuf::from(concat!(stringify!($name), ".ts")))
            }
        }
    };
}
/// Also used by `template_lint::draft` for the values of Meta's template create format.
pub(crate) use graph_enum;

/// `"A" | "B" | (string & {})`: the known literals, and any other string.
pub(crate) fn union(known: &[&str]) -> String {
    let mut out: Vec<String> = known.iter().map(|k| format!("\"{k}\"")).collect();
    out.push("(string & {})".to_owned());
    out.join(" | ")
}

/// Doc lines as the JSDoc block ts-rs writes above a declaration.
pub(crate) fn js_doc(lines: &[&str]) -> String {
    let mut out = String::from("/**\n");
    for line in lines {
        out.push_str(&format!(" *{}\n", line.trim_end()));
    }
    out.push_str(" */\n");
    out
}

graph_enum! {
    /// A phone number's `status` (facts §4.2). "REGISTERED" is not one of them (the seed is
    /// wrong): a registered number is CONNECTED. `FLAGGED` cannot occur since 7 Oct 2025; a
    /// stored or old value reads as retired.
    NumberStatus {
        Connected = "CONNECTED", Pass, "Registered on the Cloud API: it can send and receive messages.";
        Pending = "PENDING", Warn, "Added to the WABA but not registered yet (or registration is still being provisioned).";
        RateLimited = "RATE_LIMITED", Warn, "Too many messages too fast; sending is throttled for now.";
        Unverified = "UNVERIFIED", Warn, "Ownership of the number is not verified.";
        Restricted = "RESTRICTED", Fail, "Meta restricted messaging for this number after policy problems.";
        Banned = "BANNED", Fail, "Meta banned the number from the platform; only an appeal in WhatsApp Manager can restore it.";
        Disconnected = "DISCONNECTED", Fail, "The number lost its connection to the platform; register it again.";
        Deleted = "DELETED", Fail, "The number was deleted from the WABA.";
        Migrated = "MIGRATED", Neutral, "The number moved to another WABA or provider.";
        Flagged = "FLAGGED", Neutral, "A state Meta retired on 7 Oct 2025 (the common guide still lists it): a number can no longer be flagged, and a falling quality rating no longer lowers the messaging limit. A low-quality number stays CONNECTED; read the number again.";
        Unknown = "UNKNOWN", Neutral, "Meta does not know the number's state; check WhatsApp Manager.";
    }
    other: Neutral, "A status this console does not know; check WhatsApp Manager.";
}

graph_enum! {
    /// A number's `code_verification_status`: the OTP ownership verification (valid 14 days),
    /// not two-step verification (facts §4.2, §6).
    OwnershipStatus {
        Verified = "VERIFIED", Pass, "Ownership is verified with a code sent by SMS or voice call (valid 14 days), so the number can be registered.";
        NotVerified = "NOT_VERIFIED", Warn, "Ownership is not verified: request a code by SMS or voice call and enter it before registering.";
        Unverified = "UNVERIFIED", Warn, "Ownership is not verified (Meta's newer spelling of NOT_VERIFIED): request a code and enter it before registering.";
        Expired = "EXPIRED", Fail, "The ownership verification expired (it lasts 14 days): request and enter a new code before registering.";
    }
    other: Warn, "An ownership state this console does not know; only a VERIFIED number can be registered.";
}

graph_enum! {
    /// A number's `quality_rating` (facts §4.2). Since 7 Oct 2025 a low rating neither flags the
    /// number nor lowers the messaging limit, so RED reads as a warning, not a failure.
    QualityRating {
        Green = "GREEN", Pass, "High quality: recipients rarely block or report your messages.";
        Yellow = "YELLOW", Warn, "Medium quality: blocks and reports are rising.";
        Red = "RED", Warn, "Low quality: many recipients block or report your messages. The number still sends and keeps its messaging limit, but the limit cannot scale up, the 1,000 messages/second upgrade is out of reach, and templates can be paused.";
        Na = "NA", Neutral, "Not rated yet: the number has not sent enough messages for Meta to judge.";
        Unknown = "UNKNOWN", Neutral, "Not rated yet (some API answers and samples say UNKNOWN instead of NA).";
    }
    other: Neutral, "A rating this console does not know; check WhatsApp Manager > Insights.";
}

graph_enum! {
    /// A number's `name_status` / `new_name_status`: the display name's review (facts §4.2).
    NameStatus {
        Approved = "APPROVED", Pass, "Meta approved the display name.";
        AvailableWithoutReview = "AVAILABLE_WITHOUT_REVIEW", Pass, "The display name can be used without Meta's review.";
        PendingReview = "PENDING_REVIEW", Warn, "Meta is reviewing the display name; until it is approved the number may be limited.";
        Declined = "DECLINED", Fail, "Meta declined the display name; submit another one that follows the display-name guidelines.";
        Expired = "EXPIRED", Warn, "The display-name request expired; submit it again.";
        NoName = "NONE", Neutral, "No display name has been submitted.";
    }
    other: Neutral, "A display-name state this console does not know; check WhatsApp Manager.";
}

graph_enum! {
    /// A number's `throughput.level` (facts §4.2, §13).
    ThroughputLevel {
        Standard = "STANDARD", Neutral, "Up to 80 messages per second, the default for a registered number.";
        High = "HIGH", Pass, "Up to 1,000 messages per second (Meta upgrades automatically when the portfolio's limit is unlimited and quality is YELLOW or better).";
        NotApplicable = "NOT_APPLICABLE", Neutral, "No throughput yet: the number is not registered on the Cloud API.";
    }
    other: Neutral, "A throughput level this console does not know.";
}

graph_enum! {
    /// A number's `platform_type` (facts §4.2).
    PlatformType {
        CloudApi = "CLOUD_API", Pass, "Registered on the Cloud API.";
        OnPremise = "ON_PREMISE", Warn, "Registered on the On-Premises API, which Meta retired in October 2025; move it to the Cloud API.";
        NotApplicable = "NOT_APPLICABLE", Warn, "Not registered on any API yet: register it on the Cloud API.";
    }
    other: Neutral, "A platform this console does not know.";
}

graph_enum! {
    /// A number's `account_mode` (facts §4.2).
    AccountMode {
        Live = "LIVE", Pass, "Live: the number can message any WhatsApp user.";
        Sandbox = "SANDBOX", Neutral, "Sandbox: a test number, which can message only its allowed recipients (at most 5).";
    }
    other: Neutral, "An account mode this console does not know.";
}

graph_enum! {
    /// `health_status`'s `can_send_message` and `can_receive_call_sip`, overall and per entity
    /// (facts §4.2.1).
    HealthAvailability {
        Available = "AVAILABLE", Pass, "Meta reports no restriction.";
        Limited = "LIMITED", Warn, "Meta limits it; what Meta says (additional_info) is listed with the panel.";
        Blocked = "BLOCKED", Fail, "Meta blocks it; its errors and possible solutions are listed with the panel.";
    }
    other: Neutral, "A health state this console does not know; check WhatsApp Manager.";
}

graph_enum! {
    /// The `entity_type` of a `health_status` entity (facts §4.2.1).
    HealthEntityType {
        PhoneNumber = "PHONE_NUMBER", Neutral, "The phone number itself.";
        MessageTemplate = "MESSAGE_TEMPLATE", Neutral, "The message template itself.";
        Waba = "WABA", Neutral, "The WhatsApp Business Account.";
        Business = "BUSINESS", Neutral, "The business portfolio.";
        App = "APP", Neutral, "The Meta app.";
    }
    other: Neutral, "An entity type this console does not know.";
}

graph_enum! {
    /// The messaging limit: `whatsapp_business_manager_messaging_limit` (v24.0+, per business
    /// portfolio) or the deprecated `messaging_limit_tier` (facts §4.2, §13). Since 7 Oct 2025
    /// the steps are 250, 2K, 10K, 100K, unlimited; TIER_50 and TIER_1K are legacy.
    MessagingLimit {
        Tier50 = "TIER_50", Neutral, "50 unique users per 24 h: a legacy tier that no longer exists.";
        Tier250 = "TIER_250", Neutral, "250 unique users outside a customer-service window per rolling 24 h, for the whole business portfolio.";
        Tier1K = "TIER_1K", Neutral, "1,000 unique users per 24 h: a legacy tier, replaced by 2,000 on 7 Oct 2025.";
        Tier2K = "TIER_2K", Neutral, "2,000 unique users per 24 h (the step after 250 since 7 Oct 2025, replacing 1,000).";
        Tier10K = "TIER_10K", Neutral, "10,000 unique users per 24 h.";
        Tier100K = "TIER_100K", Neutral, "100,000 unique users per 24 h.";
        TierUnlimited = "TIER_UNLIMITED", Neutral, "No daily cap on unique users.";
    }
    other: Neutral, "A messaging limit this console does not know.";
}

graph_enum! {
    /// A message template's `status` (facts §9.2; the event values of §12.6 too).
    TemplateStatus {
        Approved = "APPROVED", Pass, "Approved: it can be sent.";
        Pending = "PENDING", Warn, "In Meta's review; it cannot be sent yet.";
        Rejected = "REJECTED", Fail, "Meta rejected it (see its rejected_reason); edit it and submit again, or appeal.";
        Paused = "PAUSED", Warn, "Paused by Meta for low quality; it cannot be sent while paused.";
        Disabled = "DISABLED", Fail, "Disabled by Meta after repeated low quality; it can no longer be sent.";
        InAppeal = "IN_APPEAL", Warn, "Its review decision is being appealed; it cannot be sent yet.";
        PendingDeletion = "PENDING_DELETION", Neutral, "Being deleted; it can no longer be sent.";
        Deleted = "DELETED", Neutral, "Deleted.";
        LimitExceeded = "LIMIT_EXCEEDED", Fail, "The WABA is over its template limit; delete unused templates.";
        Flagged = "FLAGGED", Warn, "Flagged for low quality; it is paused if its quality does not improve.";
        Reinstated = "REINSTATED", Pass, "Reinstated after a pause: it can be sent again.";
        Archived = "ARCHIVED", Neutral, "Archived; it cannot be sent until it is unarchived.";
        Unarchived = "UNARCHIVED", Neutral, "Unarchived.";
        Locked = "LOCKED", Warn, "Locked: it cannot be edited.";
    }
    other: Neutral, "A template status this console does not know; only APPROVED templates can be sent.";
}

graph_enum! {
    /// A message template's `category` (facts §9.2).
    TemplateCategory {
        Marketing = "MARKETING", Neutral, "Marketing: promotions, offers and other messages that are not a response to a transaction.";
        Utility = "UTILITY", Neutral, "Utility: updates about a transaction or an account the user asked for.";
        Authentication = "AUTHENTICATION", Neutral, "Authentication: one-time passcodes.";
        Transactional = "TRANSACTIONAL", Neutral, "A legacy category (now UTILITY).";
        Otp = "OTP", Neutral, "A legacy category (now AUTHENTICATION).";
        AccountUpdate = "ACCOUNT_UPDATE", Neutral, "A legacy category (now UTILITY).";
    }
    other: Neutral, "A template category this console does not know.";
}

/// Writes the enums' TypeScript declarations with `cargo test` (their `TS` is written by hand,
/// so no `#[ts(export)]` test exists for them; the types that carry them export them too).
#[cfg(test)]
mod tests {
    use super::*;

    fn export<T: TS + 'static>() {
        T::export_all(&ts_rs::Config::from_env()).unwrap();
    }

    #[test]
    fn export_bindings() {
        export::<NumberStatus>();
        export::<OwnershipStatus>();
        export::<QualityRating>();
        export::<NameStatus>();
        export::<ThroughputLevel>();
        export::<PlatformType>();
        export::<AccountMode>();
        export::<HealthAvailability>();
        export::<HealthEntityType>();
        export::<MessagingLimit>();
        export::<TemplateStatus>();
        export::<TemplateCategory>();
    }

    #[test]
    fn an_unknown_value_is_kept_as_other_and_serialized_back_unchanged() {
        let v: NumberStatus = serde_json::from_str("\"ON_HOLD_2027\"").unwrap();
        assert_eq!(v, NumberStatus::Other("ON_HOLD_2027".into()));
        assert!(!v.is_known());
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"ON_HOLD_2027\"");
        assert_eq!(v.tone(), Tone::Neutral);
        assert!(v.meaning().contains("does not know"));
        // Meta's spelling is case-sensitive: a lower-case value is not CONNECTED.
        let lower: NumberStatus = serde_json::from_str("\"connected\"").unwrap();
        assert_eq!(lower, NumberStatus::Other("connected".into()));
        let explained = serde_json::to_value(v.explained()).unwrap();
        assert_eq!(explained["value"], "ON_HOLD_2027");
        assert_eq!(explained["tone"], "neutral");
    }

    fn round_trips<
        T: GraphState + Serialize + for<'de> Deserialize<'de> + PartialEq + fmt::Debug,
    >(
        known: &[T],
    ) {
        for value in known {
            let wire = serde_json::to_value(value).unwrap();
            assert_eq!(wire, value.as_graph(), "Meta's spelling, not camelCase");
            let back: T = serde_json::from_value(wire).unwrap();
            assert_eq!(&back, value);
            assert!(!value.meaning().is_empty());
        }
    }

    #[test]
    fn every_known_value_round_trips_in_metas_spelling() {
        round_trips(NumberStatus::KNOWN);
        round_trips(OwnershipStatus::KNOWN);
        round_trips(QualityRating::KNOWN);
        round_trips(NameStatus::KNOWN);
        round_trips(ThroughputLevel::KNOWN);
        round_trips(PlatformType::KNOWN);
        round_trips(AccountMode::KNOWN);
        round_trips(HealthAvailability::KNOWN);
        round_trips(HealthEntityType::KNOWN);
        round_trips(MessagingLimit::KNOWN);
        round_trips(TemplateStatus::KNOWN);
        round_trips(TemplateCategory::KNOWN);
        assert_eq!(
            serde_json::to_value(MessagingLimit::TierUnlimited).unwrap(),
            "TIER_UNLIMITED"
        );
        assert_eq!(
            NumberStatus::from_graph("RATE_LIMITED"),
            NumberStatus::RateLimited
        );
    }

    #[test]
    fn the_typescript_type_lists_the_literals_and_admits_other_strings() {
        let cfg = ts_rs::Config::default();
        let decl = NumberStatus::decl(&cfg);
        assert!(
            decl.starts_with("type NumberStatus = \"CONNECTED\" | \"PENDING\" | "),
            "{decl}"
        );
        assert!(decl.ends_with("| \"UNKNOWN\" | (string & {});"), "{decl}");
        assert_eq!(
            AccountMode::inline(&cfg),
            "\"LIVE\" | \"SANDBOX\" | (string & {})"
        );
        let file = QualityRating::export_to_string(&cfg).unwrap();
        assert!(
            file.contains("/**\n * A number's `quality_rating`"),
            "{file}"
        );
        assert!(file.contains(
            "export type QualityRating = \"GREEN\" | \"YELLOW\" | \"RED\" | \"NA\" | \"UNKNOWN\" | (string & {});"
        ));
        let explained = Explained::<QualityRating>::decl(&cfg);
        assert_eq!(
            explained,
            "type Explained<T> = { \n/**\n * Meta's value, in Meta's spelling.\n */\nvalue: T, tone: Tone, meaning: string, };"
        );
    }

    #[test]
    fn flagged_reads_as_retired_and_red_as_a_warning() {
        let flagged = NumberStatus::Flagged;
        assert!(flagged.meaning().contains("retired on 7 Oct 2025"));
        assert!(flagged
            .meaning()
            .contains("no longer lowers the messaging limit"));
        assert!(!flagged.meaning().contains("within 7 days"));
        assert_eq!(flagged.tone(), Tone::Neutral);
        let red = QualityRating::Red;
        assert_eq!(red.tone(), Tone::Warn);
        assert!(red.meaning().contains("still sends"));
        assert!(red.meaning().contains("1,000 messages/second"));
        assert!(red.meaning().contains("templates can be paused"));
    }
}
