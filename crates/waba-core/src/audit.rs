//! The audit log's vocabulary: which admin actions are recorded, and what a recorded entry says.
//!
//! Every action the console takes on the admin's behalf is recorded with its outcome, the Graph
//! error code if any, and how long it took. Never a secret: a token or PIN is not an audit field.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum AuditAction {
    ProfileAdded,
    ProfileRemoved,
    ProfileActivated,
    ScenarioChanged,
    TokenSet,
    TokenCleared,
}

impl AuditAction {
    pub const ALL: [AuditAction; 6] = [
        Self::ProfileAdded,
        Self::ProfileRemoved,
        Self::ProfileActivated,
        Self::ScenarioChanged,
        Self::TokenSet,
        Self::TokenCleared,
    ];

    /// The stable name stored in the database and shown in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProfileAdded => "profile_added",
            Self::ProfileRemoved => "profile_removed",
            Self::ProfileActivated => "profile_activated",
            Self::ScenarioChanged => "scenario_changed",
            Self::TokenSet => "token_set",
            Self::TokenCleared => "token_cleared",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Outcome {
    Ok,
    Failed,
}

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339.
    pub at: String,
    pub profile_id: Option<String>,
    pub action: AuditAction,
    /// What the action was about (a profile name, a scenario, a phone-number ID).
    pub target: Option<String>,
    pub outcome: Outcome,
    pub graph_code: Option<i64>,
    pub duration_ms: i64,
}
