//! Application-level IPC types: facts about the install, the sandbox, and command requests that
//! carry more than one argument.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::FixActionInfo;
use crate::numbers::{DataRegion, PollSchedule};
use crate::secret::Secret;
use crate::token::TokenReport;
use crate::versions::ApiVersionInfo;

/// Where the console keeps things, and the version table, for the About panel and the README.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: Option<String>,
    /// The keychain service name tokens are stored under (one per build identifier).
    pub keychain_service: String,
    pub default_api_version: String,
    pub api_versions: Vec<ApiVersionInfo>,
    /// ISO date the version table was last checked against Meta's changelog; a version newer
    /// than the table reads `newer`.
    pub api_versions_updated: String,
    /// How the window follows a number's provisioning after a register call.
    pub provisioning_poll: PollSchedule,
    /// How the window follows a template Meta is reviewing (PENDING) after a create or edit.
    pub template_review_poll: PollSchedule,
    /// The Local Storage regions `/register` accepts (`numbers::DATA_REGIONS`).
    pub data_regions: Vec<DataRegion>,
    /// Every fix button's label and behaviour (`FixAction::table`).
    pub fix_actions: Vec<FixActionInfo>,
    /// Each media kind's content types and size limit (facts §11), shown where the admin picks
    /// a file or pastes a link, before any check runs.
    pub media_limits: Vec<crate::send::MediaLimits>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScenarioInfo {
    pub name: String,
    pub summary: String,
}

/// The built-in sandbox: which scenario runs, which exist, and the token it accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SandboxInfo {
    pub scenarios: Vec<ScenarioInfo>,
    /// The token the simulated Graph API accepts. It is public test data (like the sample tokens
    /// in Meta's docs), not a secret: it opens nothing but the sandbox.
    pub sample_token: String,
    /// The app secret the sandbox signs its webhooks with and builds its app access token from;
    /// public test data too, valid nowhere else.
    pub sample_app_secret: String,
    /// Base URL of the running sandbox, once a sandbox profile has used it.
    pub base_url: Option<String>,
}

/// Deserialize only: the token is the secret type, so this request can be neither serialized nor
/// debug-printed with its value.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetTokenRequest {
    pub profile_id: String,
    /// As pasted; trimmed, then checked with Meta before it reaches the keychain.
    #[ts(type = "string")]
    pub token: Secret,
    /// Store the token even though Meta could not be reached to check it (the admin chose to).
    /// A token Meta refuses is never stored.
    #[serde(default)]
    pub store_unverified: bool,
}

/// Keep a profile's app secret (App Dashboard > App settings > Basic) in the keychain.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetAppSecretRequest {
    pub profile_id: String,
    /// As pasted; trimmed. Never shown again.
    #[ts(type = "string")]
    pub app_secret: Secret,
}

/// The answer to "set token": the console checks a pasted token with Meta before it stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TokenSaved {
    /// Whether the pasted token is now the profile's token in the keychain. A token Meta refuses
    /// (`report.valid == false`) is never stored: the profile keeps the token it had.
    pub stored: bool,
    /// Meta's verdict; `None` only when the admin chose to store the token unverified because
    /// Meta could not be reached.
    pub report: Option<TokenReport>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetScenarioRequest {
    pub profile_id: String,
    pub scenario: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ExportFormat {
    Markdown,
    Json,
    Csv,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Json => "json",
            Self::Csv => "csv",
        }
    }
}

/// Where an export was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportedFile {
    pub path: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RunDoctorRequest {
    pub profile_id: String,
    /// Run against this version instead of the profile's (`vNN.0`), to try it before switching.
    pub api_version: Option<String>,
}
