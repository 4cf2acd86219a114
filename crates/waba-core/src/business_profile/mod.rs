//! The number's public face (facts §17): its business profile, profile photo, display name and
//! conversational components, as they cross IPC and the CLI, with every limit Meta sets.
//!
//! Why here: the Profile page (as the admin types) and `waba business-profile set` /
//! `waba automation set` (before any call) must refuse the same values with the same words, and
//! the sandbox enforces the same numbers. Pure types and functions, unit-tested; the service
//! does the Graph calls.

mod automation;
mod display_name;
mod fields;
mod photo;

pub use automation::{
    check_automation, AutomationCommand, ConversationalAutomation, SaveAutomationRequest,
    COMMANDS_MAX, COMMAND_DESCRIPTION_MAX, COMMAND_NAME_MAX, PROMPTS_MAX, PROMPT_MAX,
};
pub use display_name::{
    check_display_name, rejection_meaning, DisplayName, DisplayNameFinding, DisplayNameRequest,
    NameUpdate, DISPLAY_NAME_GUIDELINES, LIMITED_BY_NAME, MAX_NAME_CHANGES_PER_30_DAYS,
    NAME_REVIEW_HOW,
};
pub use fields::{
    changes_between, check_changes, check_warnings, diff, vertical_label, BusinessProfile,
    FieldChange, ProfileChanges, ABOUT_MAX, ADDRESS_MAX, DESCRIPTION_MAX, EMAIL_MAX,
    LEGACY_VERTICALS, VERTICALS, WEBSITES_MAX, WEBSITE_MAX,
};
pub use photo::{
    check_photo, PhotoCheck, PhotoCheckRequest, PhotoFormat, PhotoUploadProgress,
    PhotoUploadRequest, PhotoUploadState, PHOTO_MAX_BYTES, PHOTO_MIN_EDGE, PHOTO_RECOMMENDED_EDGE,
};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::FieldError;
use crate::graph_request::GraphRequest;

/// One industry of Meta's `vertical` list, with the label WhatsApp Manager shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VerticalOption {
    pub value: String,
    pub label: String,
}

/// Meta's limits for everything on the Profile page, sent with the page so the window shows
/// counters and lists without a table of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProfileRules {
    pub about_max: u32,
    pub address_max: u32,
    pub description_max: u32,
    pub email_max: u32,
    pub websites_max: u32,
    pub website_max: u32,
    pub verticals: Vec<VerticalOption>,
    pub prompts_max: u32,
    pub prompt_max: u32,
    pub commands_max: u32,
    pub command_name_max: u32,
    pub command_description_max: u32,
    #[ts(type = "number")]
    pub photo_max_bytes: u64,
    pub photo_min_edge: u32,
    pub photo_recommended_edge: u32,
    /// The display-name guidelines that get names rejected, each in one line.
    pub display_name_guidelines: Vec<String>,
    /// What an unapproved name does to the messaging limit.
    pub limited_by_name: String,
    /// Where and how a name change is requested and reviewed.
    pub name_review_how: String,
    pub max_name_changes_per_30_days: u32,
}

impl ProfileRules {
    pub fn current() -> Self {
        Self {
            about_max: ABOUT_MAX as u32,
            address_max: ADDRESS_MAX as u32,
            description_max: DESCRIPTION_MAX as u32,
            email_max: EMAIL_MAX as u32,
            websites_max: WEBSITES_MAX as u32,
            website_max: WEBSITE_MAX as u32,
            verticals: VERTICALS
                .iter()
                .map(|(value, label)| VerticalOption {
                    value: (*value).into(),
                    label: (*label).into(),
                })
                .collect(),
            prompts_max: PROMPTS_MAX as u32,
            prompt_max: PROMPT_MAX as u32,
            commands_max: COMMANDS_MAX as u32,
            command_name_max: COMMAND_NAME_MAX as u32,
            command_description_max: COMMAND_DESCRIPTION_MAX as u32,
            photo_max_bytes: PHOTO_MAX_BYTES,
            photo_min_edge: PHOTO_MIN_EDGE,
            photo_recommended_edge: PHOTO_RECOMMENDED_EDGE,
            display_name_guidelines: DISPLAY_NAME_GUIDELINES
                .iter()
                .map(|g| (*g).into())
                .collect(),
            limited_by_name: LIMITED_BY_NAME.into(),
            name_review_how: NAME_REVIEW_HOW.into(),
            max_name_changes_per_30_days: MAX_NAME_CHANGES_PER_30_DAYS,
        }
    }
}

/// Everything the Profile page shows for one number, read fresh from Meta.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProfilePage {
    pub profile_id: String,
    pub phone_number_id: String,
    /// As Meta formats it (`+1 555-010-0199`), for the preview's chat header.
    pub display_phone_number: Option<String>,
    pub profile: BusinessProfile,
    /// The current photo as a `data:` URL, fetched by the console from `profilePictureUrl`, so
    /// the window loads no remote content (its CSP allows images from itself and `data:` only).
    pub photo_data_url: Option<String>,
    /// Why the photo could not be fetched, when there is one and it could not.
    pub photo_problem: Option<String>,
    pub display_name: DisplayName,
    /// `None`: never configured on this number.
    pub automation: Option<ConversationalAutomation>,
    pub rules: ProfileRules,
    /// RFC 3339, when it was read.
    pub read_at: String,
    /// The reads it sent, for "Copy as curl".
    pub requests: Vec<GraphRequest>,
}

/// The Profile page's form as typed: the profile as read and the values in the fields.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct ProfileDraftCheck {
    pub current: BusinessProfile,
    pub edited: BusinessProfile,
}

/// What a save of the typed values would do: the changes to send, the diff to confirm, and
/// every value Meta would refuse (errors block the save) or that deserves a second look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProfileDraftReport {
    pub changes: ProfileChanges,
    pub diff: Vec<FieldChange>,
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
}

/// Checks the typed profile against what was read. Local.
pub fn check_draft(draft: &ProfileDraftCheck) -> ProfileDraftReport {
    let changes = changes_between(&draft.current, &draft.edited);
    ProfileDraftReport {
        diff: diff(&draft.current, &changes),
        errors: check_changes(&changes),
        warnings: check_warnings(&changes),
        changes,
    }
}

/// `save_business_profile`: only the changed fields go to Meta (it takes partial bodies).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct SaveProfileRequest {
    pub profile_id: String,
    pub changes: ProfileChanges,
}
