//! The Graph error catalogue: every error code an admin onboarding a number can meet, as data.
//!
//! Meta's answers carry a number and a terse title; an admin needs to know what it means, why it
//! happened, what to do, whether retrying helps, and which button in the console fixes it. The
//! catalogue says that once, as static data, so the desktop window, the `waba` CLI and the
//! diagnose parser ([`crate::diagnose`]) give the same advice. It also records where the seed
//! notes the project started from are wrong (`seed_note`), because admins copy those notes too.
//!
//! Sources: Meta's error-code page (Dec 2025) as summarised in `graph-api-facts.md` §2.3, the
//! Graph error-handling page for the `190` subcodes, and real payloads. Entries Meta does not list
//! (legacy names from old client libraries, codes seen only in libraries) are `uncertain`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What an error is about; the window groups and colours cards by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorCategory {
    Authorization,
    Integrity,
    Throttling,
    Sending,
    Templates,
    Registration,
    Media,
    Flows,
    Payments,
    Webhooks,
    Other,
}

/// How Meta reports the error: in the HTTP answer, only in the `messages` webhook, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorChannel {
    /// The request itself is refused (HTTP 4xx/5xx with the `error` envelope).
    Sync,
    /// The send is accepted (HTTP 200 with a `wamid`) and fails later in a status webhook.
    Webhook,
    /// Seen both ways; watch the HTTP answer and the webhook.
    Both,
}

/// The in-app button that fixes an error (or takes the admin where it can be fixed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FixAction {
    ReplaceToken,
    RegisterNumber,
    VerifyOwnership,
    SetPin,
    SendTemplate,
    PickTemplate,
    ManageAllowList,
    OpenMetaStatus,
    SubscribeWaba,
    ConfigureWebhook,
    CheckIds,
    WaitAndRetry,
    OpenWhatsAppManager,
    /// The Business profile page: the profile's fields, photo and display name.
    OpenBusinessProfile,
}

impl FixAction {
    pub const ALL: [FixAction; 14] = [
        Self::ReplaceToken,
        Self::RegisterNumber,
        Self::VerifyOwnership,
        Self::SetPin,
        Self::SendTemplate,
        Self::PickTemplate,
        Self::ManageAllowList,
        Self::OpenMetaStatus,
        Self::SubscribeWaba,
        Self::ConfigureWebhook,
        Self::CheckIds,
        Self::WaitAndRetry,
        Self::OpenWhatsAppManager,
        Self::OpenBusinessProfile,
    ];

    /// The button's text.
    pub fn label(self) -> &'static str {
        match self {
            Self::ReplaceToken => "Replace the token",
            Self::RegisterNumber => "Register this number",
            Self::VerifyOwnership => "Verify number ownership",
            Self::SetPin => "Set a new two-step PIN",
            Self::SendTemplate => "Send a template instead",
            Self::PickTemplate => "Pick an approved template",
            Self::ManageAllowList => "Manage the allowed recipients",
            Self::OpenMetaStatus => "Open Meta's status page",
            Self::SubscribeWaba => "Subscribe the app to this WABA",
            Self::ConfigureWebhook => "Set up webhooks",
            Self::CheckIds => "Check the WABA and phone-number IDs",
            Self::WaitAndRetry => "Wait, then retry",
            Self::OpenWhatsAppManager => "Open WhatsApp Manager",
            Self::OpenBusinessProfile => "Open the business profile",
        }
    }

    /// What the button does in the window.
    pub fn behaviour(self) -> FixBehaviour {
        let route = |path: &str| FixBehaviour::Route { path: path.into() };
        let external = |url: &str| FixBehaviour::External { url: url.into() };
        let unavailable = |page: &str| FixBehaviour::Unavailable { page: page.into() };
        match self {
            Self::ReplaceToken => route("/token"),
            Self::CheckIds => route("/profiles"),
            Self::RegisterNumber | Self::VerifyOwnership | Self::SetPin => route("/numbers"),
            Self::WaitAndRetry => FixBehaviour::Rerun,
            Self::OpenMetaStatus => external("https://metastatus.com"),
            Self::OpenWhatsAppManager => external("https://business.facebook.com/wa/manage/home/"),
            Self::SubscribeWaba | Self::ConfigureWebhook => route("/webhooks"),
            Self::SendTemplate | Self::ManageAllowList => unavailable("Test send"),
            Self::PickTemplate => route("/templates"),
            Self::OpenBusinessProfile => route(BUSINESS_PROFILE_PAGE),
        }
    }

    /// The outside page the button opens, for actions that leave the console.
    pub fn url(self) -> Option<String> {
        match self.behaviour() {
            FixBehaviour::External { url } => Some(url),
            _ => None,
        }
    }

    /// Every action with its label and behaviour: the window's whole table, sent once in
    /// `AppInfo.fixActions`.
    pub fn table() -> Vec<FixActionInfo> {
        Self::ALL
            .iter()
            .map(|&action| FixActionInfo {
                action,
                label: action.label().to_owned(),
                behaviour: action.behaviour(),
            })
            .collect()
    }
}

/// The window's route of the Business profile page.
pub const BUSINESS_PROFILE_PAGE: &str = "/business-profile";

/// What a fix button does: go to a page of the console, re-run the doctor, show an outside
/// address to copy (the window has no external opener), or say which page will bring it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum FixBehaviour {
    /// Navigate to a page of the console.
    Route { path: String },
    /// Run the doctor again (on the Doctor page: in place; elsewhere: open it and run).
    Rerun,
    /// An outside page, shown as selectable text with a Copy button.
    External { url: String },
    /// The page that performs it does not exist yet: a disabled button naming that page.
    Unavailable { page: String },
}

/// One fix button: the action, its text and its behaviour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FixActionInfo {
    pub action: FixAction,
    pub label: String,
    pub behaviour: FixBehaviour,
}

/// Whether retrying can help, and when. Each variant carries the sentence shown to the admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum RetryAdvice {
    /// Retrying the same request cannot succeed.
    Never { why: &'static str },
    /// Retrying helps only once the fix has been applied.
    AfterFix { note: &'static str },
    /// Retrying helps after waiting.
    Later { when: &'static str },
    /// The problem is transient: retry with exponential backoff.
    Backoff { when: &'static str },
}

impl RetryAdvice {
    pub fn can_help(&self) -> bool {
        !matches!(self, Self::Never { .. })
    }

    pub fn sentence(&self) -> &'static str {
        match *self {
            Self::Never { why } => why,
            Self::AfterFix { note } => note,
            Self::Later { when } | Self::Backoff { when } => when,
        }
    }
}

/// One catalogue entry. `code_max` makes the entry cover `code..=code_max` (Meta's "200-299").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub code: i64,
    /// Set on entries specific to one `error_subcode` (190/463, 100/33, ...).
    pub subcode: Option<i64>,
    pub code_max: Option<i64>,
    /// Meta's title (the text after `(#code)` in `message`).
    pub title: &'static str,
    pub category: ErrorCategory,
    /// What it means, in plain words.
    pub meaning: &'static str,
    pub causes: &'static [&'static str],
    /// Ordered steps.
    pub fix: &'static [&'static str],
    pub retry: RetryAdvice,
    pub channel: ErrorChannel,
    /// Meta's published HTTP status, when known.
    pub http_status: Option<u16>,
    pub doc_url: &'static str,
    pub action: Option<FixAction>,
    /// Where the seed notes are wrong on this subject, and what is true.
    pub seed_note: Option<&'static str>,
    /// Not in Meta's current table (legacy name, or seen only in client libraries).
    pub uncertain: bool,
}

impl Entry {
    /// Whether this entry answers for `code` (ignoring subcodes).
    pub fn covers(&self, code: i64) -> bool {
        match self.code_max {
            Some(max) => (self.code..=max).contains(&code),
            None => self.code == code,
        }
    }
}

/// Console-only pseudo-code for "group messaging". Meta has no error code for it; negative codes
/// never collide with Graph codes.
pub const GROUP_MESSAGING_CODE: i64 = -1;

/// Meta's error-code page.
pub const ERROR_CODES_URL: &str =
    "https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes";

/// All entries.
pub fn all() -> &'static [Entry] {
    ENTRIES
}

/// The entry for `code` (and `subcode`, when Meta sent one).
///
/// Order: the exact `code`+`subcode` entry; then, for the template/migration numbers (2388xxx,
/// 2494xxx, 2593xxx) that Graph sends as `error_subcode` under `100` or `200002`, the entry of
/// that number; then the code's generic entry; then a range entry (200-299).
pub fn lookup(code: i64, subcode: Option<i64>) -> Option<&'static Entry> {
    if let Some(sub) = subcode {
        if let Some(e) = ENTRIES
            .iter()
            .find(|e| e.code == code && e.subcode == Some(sub))
        {
            return Some(e);
        }
        if sub >= 1_000_000 {
            if let Some(e) = generic(sub) {
                return Some(e);
            }
        }
    }
    generic(code)
}

fn generic(code: i64) -> Option<&'static Entry> {
    ENTRIES
        .iter()
        .find(|e| e.subcode.is_none() && e.code_max.is_none() && e.code == code)
        .or_else(|| {
            ENTRIES
                .iter()
                .find(|e| e.subcode.is_none() && e.code_max.is_some() && e.covers(code))
        })
}

// ---- documentation pages -------------------------------------------------------------------

const ERRORS: &str = ERROR_CODES_URL;
const REGISTRATION: &str = "https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/registration";
const TWO_STEP: &str = "https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/two-step-verification";
const PHONE_NUMBERS: &str = "https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/phone-numbers";
const THROUGHPUT: &str =
    "https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput";
const ABOUT_PLATFORM: &str =
    "https://developers.facebook.com/documentation/business-messaging/whatsapp/about-the-platform";
const MEDIA: &str = "https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media";
const SEND_MESSAGES: &str =
    "https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages";
const TOKEN_DEBUG: &str =
    "https://developers.facebook.com/docs/facebook-login/access-tokens/debugging-and-error-handling";
const GRAPH_ERRORS: &str = "https://developers.facebook.com/docs/graph-api/guides/error-handling";
const SUBSCRIBED_APPS: &str = "https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/subscribed_apps/";
const GROUPS: &str =
    "https://developers.facebook.com/documentation/business-messaging/whatsapp/groups/";
const REQUEST_CODE: &str = "https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account-to-number-current-status/request_code";
const VERIFY_CODE: &str = "https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account-to-number-current-status/verify_code/";
const MESSAGE_TEMPLATES: &str = "https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/message_templates/";

// ---- seed corrections ----------------------------------------------------------------------

const NOTE_RATE: &str = "The seed's \"60 API calls/minute\" limit does not exist. Management calls are limited per app and per WABA to 200 per hour (5,000 per hour once the WABA has a registered number); sending is limited to 80 messages per second per number (1,000 after Meta's upgrade, which is automatic: unlike the seed says, there is nothing to request to go beyond 80 mps), to about one message every 6 seconds to the same user (pair limit), and by the daily messaging limit.";
const NOTE_PIN: &str = "The seed's POST /{phone-number-id}/two_step_verification does not exist. The two-step PIN is set with POST /{phone-number-id} and the body {\"pin\":\"123456\"}; it works without the old PIN, and there is no API to read or disable the PIN.";
const NOTE_133010: &str = "Two seed mistakes: it sets the PIN with POST /{phone-number-id}/two_step_verification, which does not exist (the PIN is set with POST /{phone-number-id} and {\"pin\":\"123456\"}); and it says to look for status REGISTERED, which is not a status. A registered number reads status CONNECTED (PENDING before registration) and platform_type CLOUD_API.";
const NOTE_CONTACTS: &str = "The seed's contacts check (POST /{phone-number-id}/contacts) does not exist on Cloud API: it was an On-Premises endpoint, answered \"valid\" for every number after 2022 and was shut down in Oct 2025. Sending and reading 131026 in the status webhook is the only signal that a number is not on WhatsApp (the wa_id in the send response proves nothing), and probing numbers with throwaway messages, as the seed's is_registered_on_whatsapp does, hurts the quality rating.";
const NOTE_IDS: &str = "The seed says phone-number IDs start with 120 and have 11-12 digits, and WABA IDs 9-10 digits. Both are wrong: Graph IDs are opaque numeric strings, 15-17 digits in practice, with any prefix. Judge an ID by what GET /{waba-id}/phone_numbers returns, not by its shape.";
const NOTE_VERSION: &str = "The seed pins v21.0 and calls it current, and lists versions with GET /versions, which does not exist. v27.0 (4 Nov 2026) is the newest Graph API version; v20.0 ended on 24 Sep 2026 and v21.0 is served until 21 Jan 2027.";
const NOTE_131031: &str = "The seed says only \"Contact Meta Support\". When this follows a /register call it usually means the PIN in the request was wrong: set a new PIN (POST /{phone-number-id} {\"pin\"}) before contacting support.";
const NOTE_GROUPS: &str = "The seed says the Cloud API does not support group messaging and that a business can only be added to groups by users. That is outdated: Meta's Groups API lets a number of an Official Business Account create invite-only groups (joined through an invite link, at most 8 participants) and send them text, media and text or media templates, with recipient_type \"group\" and the group_lifecycle_update, group_participants_update, group_settings_update and group_status_update webhook fields.";
const NOTE_MEDIA: &str = "The seed says images may be up to 16 MB. They may not: JPEG and PNG images are limited to 5 MB (16 MB is the audio and video limit; WebP goes only as a sticker, 100 KB static or 500 KB animated).";
const NOTE_PRICING: &str = "The seed says the first 1,000 service conversations a month are free. That rule is gone twice over: service conversations have been free and unlimited since 1 Nov 2024, and since 1 Jul 2025 Meta charges per delivered template message (by category and the recipient's country), not per conversation; non-template messages, which only fit inside a customer-service window, are free.";

// ---- shared text ---------------------------------------------------------------------------

const NEW_TOKEN: &str = "Generate a System User token: Meta Business Settings > Users > System users > an admin system user > Generate token; choose your app, expiry Never, and tick whatsapp_business_management and whatsapp_business_messaging.";
const ASSIGN_WABA: &str = "Make sure the WABA is assigned to that system user (Assign assets > WhatsApp accounts, full control).";
const PASTE_TOKEN: &str =
    "Paste the new token with \"Replace the token\"; the console checks it with debug_token.";
const STATUS_PAGE: &str =
    "Check metastatus.com for an ongoing WhatsApp Business Platform incident.";
const DIRECT_SUPPORT: &str =
    "If it keeps failing, contact Meta Direct Support and quote the fbtrace_id from the answer.";
const READ_DETAILS: &str =
    "Read Meta's details on this card: they usually name the parameter or the reason.";

const RETRY_TOKEN: RetryAdvice = RetryAdvice::AfterFix {
    note: "Retry once a working token is stored; the same token keeps failing.",
};
const RETRY_FIX: RetryAdvice = RetryAdvice::AfterFix {
    note: "Retrying the same request fails the same way; retry after the fix.",
};
const RETRY_TRANSIENT: RetryAdvice = RetryAdvice::Backoff {
    when: "Yes: the problem is usually temporary. Retry with exponential backoff (for example after 1, 2, 4, 8 minutes).",
};

/// Defaults that most entries share; every entry overrides what differs.
const BASE: Entry = Entry {
    code: 0,
    subcode: None,
    code_max: None,
    title: "",
    category: ErrorCategory::Other,
    meaning: "",
    causes: &[],
    fix: &[],
    retry: RETRY_FIX,
    channel: ErrorChannel::Sync,
    http_status: Some(400),
    doc_url: ERRORS,
    action: None,
    seed_note: None,
    uncertain: false,
};

const TOKEN_190: Entry = Entry {
    code: 190,
    category: ErrorCategory::Authorization,
    http_status: Some(401),
    doc_url: TOKEN_DEBUG,
    action: Some(FixAction::ReplaceToken),
    retry: RETRY_TOKEN,
    ..BASE
};

const LEGACY: Entry = Entry {
    http_status: None,
    channel: ErrorChannel::Both,
    uncertain: true,
    causes: &["A legacy code from the retired On-Premises API or an old client library; Meta's current table does not list it."],
    ..BASE
};

#[rustfmt::skip]
const ENTRIES: &[Entry] = &[
    // ---- Authorization ----
    Entry {
        code: 0, title: "AuthException", category: ErrorCategory::Authorization,
        meaning: "Meta could not authenticate the app user behind the token: the token expired, was invalidated, or the app's access was removed.",
        causes: &[
            "The token expired (temporary tokens from App Dashboard > API Setup last about 24 hours).",
            "The token was invalidated: regenerated, revoked, or the system user or app lost access.",
            "The app was removed from the business, or the user blocked apps from their data.",
        ],
        fix: &[NEW_TOKEN, ASSIGN_WABA, PASTE_TOKEN],
        retry: RETRY_TOKEN, http_status: Some(401), doc_url: TOKEN_DEBUG, action: Some(FixAction::ReplaceToken),
        ..BASE
    },
    Entry {
        code: 3, title: "API Method", category: ErrorCategory::Authorization,
        meaning: "A capability or permission problem: the token or the app may not call this method.",
        causes: &[
            "The token lacks whatsapp_business_management or whatsapp_business_messaging.",
            "The app has not been granted the capability this endpoint needs.",
        ],
        fix: &[
            "Open the token card (or Meta's Access Token Debugger) and check the scopes.",
            NEW_TOKEN, PASTE_TOKEN,
        ],
        retry: RETRY_TOKEN, http_status: Some(500), doc_url: TOKEN_DEBUG, action: Some(FixAction::ReplaceToken),
        ..BASE
    },
    Entry {
        code: 10, title: "Permission Denied", category: ErrorCategory::Authorization,
        meaning: "A permission is not granted or was removed; also returned when the app is not eligible for this endpoint.",
        causes: &[
            "A WhatsApp permission is missing from the token.",
            "The system user is not assigned to this WABA or phone number.",
            "The app lacks access to this API (a feature it was not approved for).",
        ],
        fix: &[
            "Check the token's scopes and WABA access on the token card.",
            ASSIGN_WABA, NEW_TOKEN, PASTE_TOKEN,
        ],
        retry: RETRY_TOKEN, http_status: Some(403), action: Some(FixAction::ReplaceToken),
        ..BASE
    },
    Entry {
        title: "Access token has expired",
        meaning: "The token is expired or otherwise invalid. Graph's error_subcode, when sent, says why (458, 459, 460, 463, 464, 467, 492).",
        causes: &[
            "A temporary or personal user token was used where a never-expiring System User token belongs.",
            "The token was revoked or regenerated, or the session behind it ended.",
            "Only part of the token was pasted (Meta then says \"Cannot parse access token\").",
        ],
        fix: &[NEW_TOKEN, ASSIGN_WABA, PASTE_TOKEN],
        ..TOKEN_190
    },
    Entry {
        subcode: Some(458), title: "App Not Installed",
        meaning: "The user or system user behind the token no longer has the app the token was issued for.",
        causes: &[
            "The app was removed from the system user or from the business.",
            "The token was generated for a different app than the one this profile uses.",
        ],
        fix: &[
            "In Business Settings > Users > System users, add the app to the system user (Add assets > Apps).",
            NEW_TOKEN, PASTE_TOKEN,
        ],
        ..TOKEN_190
    },
    Entry {
        subcode: Some(459), title: "User Checkpointed",
        meaning: "The Facebook account that created the token must log in at facebook.com to clear a security checkpoint.",
        causes: &["Meta flagged the account and suspended its sessions until the checkpoint is cleared."],
        fix: &[
            "The owner of that Facebook account logs in at facebook.com and completes the checkpoint.",
            "Better: use a System User token, which does not depend on a person's login.",
            NEW_TOKEN, PASTE_TOKEN,
        ],
        ..TOKEN_190
    },
    Entry {
        subcode: Some(460), title: "Password Changed",
        meaning: "The token belonged to a person's session and that person changed their Facebook password, which invalidated it.",
        causes: &["A personal user token was used instead of a System User token."],
        fix: &[NEW_TOKEN, ASSIGN_WABA, PASTE_TOKEN],
        ..TOKEN_190
    },
    Entry {
        subcode: Some(463), title: "Expired",
        meaning: "The token's lifetime ended (Meta's message: \"Session has expired on ...\").",
        causes: &[
            "A temporary 24-hour token from App Dashboard > WhatsApp > API Setup.",
            "A personal user token (short-lived or 60-day) instead of a System User token set to never expire.",
        ],
        fix: &[NEW_TOKEN, ASSIGN_WABA, PASTE_TOKEN],
        ..TOKEN_190
    },
    Entry {
        subcode: Some(464), title: "Unconfirmed User",
        meaning: "The Facebook account behind the token is unconfirmed or must log in at facebook.com to fix an issue.",
        causes: &["The person who created the token has not confirmed their account, or Meta asks them to act."],
        fix: &[
            "The owner of that account logs in at facebook.com and follows the prompts.",
            NEW_TOKEN, PASTE_TOKEN,
        ],
        ..TOKEN_190
    },
    Entry {
        subcode: Some(467), title: "Invalid access token",
        meaning: "The token was revoked or invalidated: the user logged out, the token was regenerated, or the app's access was removed.",
        causes: &[
            "Someone generated a new token for the same system user and app, or revoked this one.",
            "The person behind a user token logged out.",
        ],
        fix: &[NEW_TOKEN, ASSIGN_WABA, PASTE_TOKEN],
        ..TOKEN_190
    },
    Entry {
        subcode: Some(492), title: "Invalid Session",
        meaning: "The session behind the token is no longer valid for this asset; usually the user or system user lost its role on the business or on the WABA.",
        causes: &[
            "The system user was removed, or lost its admin role.",
            "The WABA was unassigned from the system user.",
        ],
        fix: &[
            "In Business Settings > Users > System users, check that the system user exists, has a role, and has the WABA assigned.",
            NEW_TOKEN, PASTE_TOKEN,
        ],
        ..TOKEN_190
    },
    Entry {
        code: 200, code_max: Some(299), title: "API Permission", category: ErrorCategory::Authorization,
        meaning: "A permission is not granted or was removed for this call (for example \"(#200) Permissions error\"); 200 is also returned for a WABA your app has no advanced access to.",
        causes: &[
            "The token misses a WhatsApp permission.",
            "The system user does not have this WABA assigned, or only with partial access.",
            "Another partner's app has full control of the WABA, so your app can receive but not send.",
            "The app has only standard access and the WABA belongs to another business.",
        ],
        fix: &[
            "Check the token's scopes and WABA access on the token card.",
            ASSIGN_WABA, NEW_TOKEN, PASTE_TOKEN,
            "If another partner controls the WABA, check its partners in Business Settings and GET /{waba-id}/subscribed_apps.",
        ],
        retry: RETRY_TOKEN, http_status: Some(403), action: Some(FixAction::ReplaceToken),
        ..BASE
    },
    Entry {
        code: 131005, title: "Access denied", category: ErrorCategory::Authorization,
        meaning: "Permission for this WhatsApp call is not granted or was removed.",
        causes: &[
            "The token lacks whatsapp_business_messaging (sending) or whatsapp_business_management.",
            "The system user lost access to the WABA or number.",
        ],
        fix: &[ASSIGN_WABA, NEW_TOKEN, PASTE_TOKEN],
        retry: RETRY_TOKEN, http_status: Some(403), action: Some(FixAction::ReplaceToken),
        ..BASE
    },

    // ---- Integrity ----
    Entry {
        code: 368, title: "Temporarily blocked for policies violations", category: ErrorCategory::Integrity,
        meaning: "Meta restricted or disabled the WABA because it found a policy violation.",
        causes: &[
            "Messages or templates broke the WhatsApp Business or Commerce policy.",
            "Many users blocked or reported the number.",
        ],
        fix: &[
            "Open WhatsApp Manager > Account quality to see the violation and when the restriction ends.",
            "If you think it is a mistake, request a review in Business Support Home.",
            "Fix the content or the opt-in practice that caused it before sending again.",
        ],
        retry: RetryAdvice::Later { when: "Only after the restriction ends or the review succeeds; retrying now fails the same way." },
        http_status: Some(403), action: Some(FixAction::OpenWhatsAppManager),
        ..BASE
    },
    Entry {
        code: 130497, title: "Business account is restricted from messaging users in this country", category: ErrorCategory::Integrity,
        meaning: "Businesses in your category may not message users in the recipient's country.",
        causes: &["The WhatsApp Business Messaging Policy restricts your business category in that country."],
        fix: &[
            "Check the messaging policy for the countries allowed for your business category.",
            "Do not send to recipients in that country from this WABA.",
        ],
        retry: RetryAdvice::Never { why: "No: messages to that country stay blocked for this business category." },
        channel: ErrorChannel::Both, http_status: Some(403), action: Some(FixAction::OpenWhatsAppManager),
        ..BASE
    },
    Entry {
        code: 131031, title: "Account has been locked", category: ErrorCategory::Integrity,
        meaning: "The WABA is restricted or disabled, or data in the request failed validation against the account; Meta's example is a wrong two-step PIN.",
        causes: &[
            "A wrong two-step verification PIN was sent (for example to /register).",
            "The account was locked for a policy violation.",
        ],
        fix: &[
            "Read the number's health_status (WhatsApp Manager > Account quality) for the reason.",
            "If it followed a register attempt, set a new PIN with POST /{phone-number-id} {\"pin\":\"123456\"} and register again with it, within the 10-per-72-hours budget.",
            "If the account is locked for policy, request a review in Business Support Home or contact Meta Direct Support.",
        ],
        channel: ErrorChannel::Both, http_status: Some(403), action: Some(FixAction::OpenWhatsAppManager), seed_note: Some(NOTE_131031),
        ..BASE
    },

    // ---- Throttling ----
    Entry {
        code: 4, title: "Application request limit reached", category: ErrorCategory::Throttling,
        meaning: "The app hit its app-level call-rate limit. Graph sends \"(#4) Application request limit reached\" with is_transient: true (Meta's table calls the code \"API Too Many Calls\"). (Meta publishes HTTP 400; older copies of the table and some providers say 429.)",
        causes: &[
            "Too many Graph calls from this app in a short time (App Dashboard > Application Rate Limit shows usage).",
            "A loop or retry storm in another tool that uses the same app.",
        ],
        fix: &[
            "Stop and wait: the limit is a rolling window.",
            "Retry with exponential backoff.",
            "Spread bulk reads over time; the X-App-Usage header shows how close you are.",
        ],
        retry: RetryAdvice::Backoff { when: "Yes, after a pause: back off exponentially (for example 1, 2, 4, 8 minutes)." },
        doc_url: ABOUT_PLATFORM, action: Some(FixAction::WaitAndRetry), seed_note: Some(NOTE_RATE),
        ..BASE
    },
    Entry {
        code: 80007, title: "Rate limit issues", category: ErrorCategory::Throttling,
        meaning: "The WABA hit its management-API rate limit: 200 calls per hour per app and WABA, or 5,000 per hour once the WABA has a registered number.",
        causes: &[
            "Many reads of the WABA, its phone numbers, templates or subscribed apps within an hour.",
            "Several tools polling the same WABA with the same app.",
        ],
        fix: &[
            "Wait: the budget is a rolling hour.",
            "Retry with exponential backoff and poll less often.",
            "Register a number on the WABA to get the 5,000-per-hour budget.",
        ],
        retry: RetryAdvice::Backoff { when: "Yes, within the hour: wait and retry with exponential backoff." },
        doc_url: ABOUT_PLATFORM, action: Some(FixAction::WaitAndRetry), seed_note: Some(NOTE_RATE),
        ..BASE
    },
    Entry {
        code: 80008, title: "There have been too many calls to this WhatsApp Business account", category: ErrorCategory::Throttling,
        meaning: "Listed in the Graph reference for message_templates, phone_numbers and subscribed_apps: the per-WABA call budget (200 or 5,000 per hour) is used up.",
        causes: &["Too many management calls to this WABA within the rolling hour."],
        fix: &["Wait: the budget is a rolling hour.", "Retry with exponential backoff and poll less often."],
        retry: RetryAdvice::Backoff { when: "Yes, within the hour: wait and retry with exponential backoff." },
        doc_url: MESSAGE_TEMPLATES, action: Some(FixAction::WaitAndRetry), seed_note: Some(NOTE_RATE), uncertain: true,
        ..BASE
    },
    Entry {
        code: 130429, title: "Rate limit hit", category: ErrorCategory::Throttling,
        meaning: "This number's message throughput was exceeded: 80 messages per second by default (1,000 after Meta's automatic upgrade, 20 for coexistence numbers). (Meta publishes HTTP 400; some providers map it to 429.)",
        causes: &[
            "A burst of sends faster than the number's throughput.",
            "Several systems sending from the same number at once.",
        ],
        fix: &[
            "Queue sends and pace them below the number's throughput (GET /{phone-number-id}?fields=throughput).",
            "Retry the refused messages with exponential backoff.",
        ],
        retry: RetryAdvice::Backoff { when: "Yes: the limit is per second; retry with exponential backoff." },
        doc_url: THROUGHPUT, action: Some(FixAction::WaitAndRetry), seed_note: Some(NOTE_RATE),
        ..BASE
    },
    Entry {
        code: 131048, title: "Spam rate limit hit", category: ErrorCategory::Throttling,
        meaning: "Meta restricts sending from this number because many earlier messages were blocked or reported by users.",
        causes: &[
            "Messages to users who did not opt in, or content users see as spam.",
            "A sudden jump in volume with low-quality messages.",
        ],
        fix: &[
            "Check the number's quality rating in WhatsApp Manager.",
            "Message only opted-in users, make opting out easy, and review the content.",
            "Lower the volume until quality recovers.",
        ],
        retry: RetryAdvice::Later { when: "Only after quality recovers; retrying at once makes it worse." },
        channel: ErrorChannel::Both, action: Some(FixAction::OpenWhatsAppManager),
        ..BASE
    },
    Entry {
        code: 131056, title: "(Business Account, Consumer Account) pair rate limit hit", category: ErrorCategory::Throttling,
        meaning: "Too many messages from this number to the same user in a short time. Other recipients are not affected.",
        causes: &[
            "More than about one message every 6 seconds to one user (bursts of up to 45 borrow future quota).",
            "A loop resending to the same test recipient.",
        ],
        fix: &[
            "Wait before sending to this user again.",
            "Retry after 4^X seconds (1, 4, 16, 64 ...), as Meta suggests.",
            "When testing, send to another allowed recipient meanwhile.",
        ],
        retry: RetryAdvice::Backoff { when: "Yes: wait at least 6 seconds, then back off 4^X seconds (X = 0, 1, 2, ...)." },
        doc_url: ABOUT_PLATFORM, action: Some(FixAction::WaitAndRetry), seed_note: Some(NOTE_RATE),
        ..BASE
    },
    Entry {
        code: 133016, title: "Account register deregister rate limit exceeded", category: ErrorCategory::Throttling,
        meaning: "More than 10 register (or 10 deregister) calls for this number within 72 hours; Meta refuses more until the window passes.",
        causes: &["Repeated /register attempts, often with a wrong PIN or before ownership was verified."],
        fix: &[
            "Stop calling /register and /deregister for this number.",
            "Wait until the oldest of the last 10 calls is 72 hours old; the console's audit log shows when they were made.",
            "Fix what made the earlier attempts fail (PIN, ownership verification) before the next attempt.",
        ],
        retry: RetryAdvice::Later { when: "Only once the 72-hour window has room again." },
        doc_url: REGISTRATION, action: Some(FixAction::WaitAndRetry),
        ..BASE
    },
    Entry {
        code: 131064, title: "Messaging limit reached due to template classification violations", category: ErrorCategory::Throttling,
        meaning: "Seen in client libraries, not in Meta's table: the messaging limit was reduced or reached because templates were found in the wrong category.",
        causes: &["Templates submitted as UTILITY or AUTHENTICATION that Meta classifies as MARKETING."],
        fix: &[
            "Check template categories in WhatsApp Manager and recreate misclassified templates in the right category.",
            "Wait for the messaging limit to reset (rolling 24 hours).",
        ],
        retry: RetryAdvice::Later { when: "After the messaging limit resets and the templates are fixed." },
        channel: ErrorChannel::Both, http_status: None, action: Some(FixAction::OpenWhatsAppManager), uncertain: true,
        ..BASE
    },

    // ---- Other / sending ----
    Entry {
        code: 1, title: "API Unknown",
        meaning: "An invalid request or a possible server error at Meta.",
        causes: &["A temporary problem at Meta.", "A malformed request Graph could not classify."],
        fix: &[
            STATUS_PAGE,
            "Retry with exponential backoff.",
            "If it keeps failing, compare the request with the endpoint's reference and contact Meta Direct Support with the fbtrace_id.",
        ],
        retry: RETRY_TRANSIENT, action: Some(FixAction::OpenMetaStatus),
        ..BASE
    },
    Entry {
        code: 2, title: "Service temporarily unavailable",
        meaning: "Temporary downtime or overload at Meta. Graph sends \"(#2) Service temporarily unavailable\" with is_transient: true (Meta's table calls the code \"API Service\"); HTTP 503, 400 on some WhatsApp sends.",
        causes: &["Meta's service is down or overloaded."],
        fix: &[STATUS_PAGE, "Retry with exponential backoff.", DIRECT_SUPPORT],
        retry: RETRY_TRANSIENT, http_status: Some(503), action: Some(FixAction::OpenMetaStatus),
        ..BASE
    },
    Entry {
        code: 33, title: "Parameter value is not valid",
        meaning: "The business phone number has been deleted.",
        causes: &[
            "The number was deleted from the WABA, so its phone-number ID no longer exists.",
            "The profile still holds an old phone-number ID.",
        ],
        fix: &[
            "List the WABA's numbers (GET /{waba-id}/phone_numbers) and use a current phone-number ID.",
            "If the number should exist, add it again in WhatsApp Manager.",
        ],
        action: Some(FixAction::CheckIds),
        ..BASE
    },
    Entry {
        code: 100, title: "Invalid parameter",
        meaning: "A parameter is unknown, misspelled, of the wrong type or length, or the phone-number ID does not match on registration. Template creation reports its reason as a 2388xxx subcode with a user title and message.",
        causes: &[
            "A misspelled field, or a field this API version does not know.",
            "A value of the wrong format or length (Meta's details name it).",
            "The phone-number ID in the URL does not match the number being registered.",
            "A WABA ID where a phone-number ID belongs, or the reverse.",
        ],
        fix: &[
            READ_DETAILS,
            "Compare the request with the endpoint's reference for the API version in use.",
            "Check the IDs: /register and /messages take the phone-number ID; /phone_numbers, /message_templates and /subscribed_apps take the WABA ID.",
        ],
        ..BASE
    },
    Entry {
        code: 100, subcode: Some(33),
        title: "Object does not exist, cannot be loaded due to missing permissions, or does not support this operation",
        meaning: "Graph cannot find the object in the URL for this token (\"Unsupported get/post request. Object with ID '...' does not exist ...\", type GraphMethodException).",
        causes: &[
            "A WABA ID was used where a phone-number ID belongs, or the reverse (the most common case).",
            "The phone number itself (its digits) was used instead of its phone-number ID.",
            "The token's system user does not have this WABA or number assigned.",
            "The object was deleted, or the edge does not exist on this kind of object.",
        ],
        fix: &[
            "Check the IDs: take the phone-number ID from GET /{waba-id}/phone_numbers (or App Dashboard > WhatsApp > API Setup), never the E.164 number.",
            "Check that the token's system user has the WABA assigned.",
            "Use the right object for the edge: /register and /messages on the phone-number ID; /phone_numbers, /message_templates and /subscribed_apps on the WABA ID.",
        ],
        doc_url: GRAPH_ERRORS, action: Some(FixAction::CheckIds), seed_note: Some(NOTE_IDS),
        ..BASE
    },
    Entry {
        code: 130472, title: "User's number is part of an experiment", category: ErrorCategory::Sending,
        meaning: "Meta withheld this marketing message because the user is in Meta's marketing-message experiment group.",
        causes: &["The recipient was picked for the experiment; nothing is wrong with the message."],
        fix: &[
            "Nothing to fix on your side.",
            "If the content matters, reach the user another way or with a utility message.",
        ],
        retry: RetryAdvice::Never { why: "No: the same marketing message to this user is withheld again while the experiment runs." },
        channel: ErrorChannel::Webhook,
        ..BASE
    },
    Entry {
        code: 131000, title: "Something went wrong", category: ErrorCategory::Sending,
        meaning: "The message failed for an unknown reason. Meta also uses this code in webhooks for payloads it could not process.",
        causes: &["A temporary failure at Meta.", "An unusual request Meta could not process."],
        fix: &[STATUS_PAGE, "Retry with exponential backoff.", DIRECT_SUPPORT],
        retry: RETRY_TRANSIENT, channel: ErrorChannel::Both, http_status: Some(500), action: Some(FixAction::OpenMetaStatus),
        ..BASE
    },
    Entry {
        code: 131008, title: "Required parameter is missing", category: ErrorCategory::Sending,
        meaning: "A parameter the endpoint requires is missing.",
        causes: &["A required field (for example messaging_product, to, type, or the object named by type) is absent."],
        fix: &[READ_DETAILS, "Add the missing parameter and send again."],
        ..BASE
    },
    Entry {
        code: 131009, title: "Parameter value is not valid", category: ErrorCategory::Sending,
        meaning: "One or more parameter values are invalid; also returned when the phone number is not part of this WABA.",
        causes: &[
            "A value of the wrong format (Meta's details name it).",
            "The sending phone-number ID is not in the WABA the token is for.",
        ],
        fix: &[
            READ_DETAILS,
            "Check that the phone-number ID is listed by GET /{waba-id}/phone_numbers for this profile's WABA.",
        ],
        action: Some(FixAction::CheckIds),
        ..BASE
    },
    Entry {
        code: 131016, title: "Service unavailable", category: ErrorCategory::Sending,
        meaning: "A WhatsApp service is temporarily unavailable.",
        causes: &["Temporary downtime or overload at Meta."],
        fix: &[STATUS_PAGE, "Retry with exponential backoff.", DIRECT_SUPPORT],
        retry: RETRY_TRANSIENT, channel: ErrorChannel::Both, http_status: Some(500), action: Some(FixAction::OpenMetaStatus),
        ..BASE
    },
    Entry {
        code: 131021, title: "Recipient cannot be sender", category: ErrorCategory::Sending,
        meaning: "The recipient (to) is this business phone number itself.",
        causes: &["The test send was addressed to the business number instead of a personal WhatsApp number."],
        fix: &["Send to a different WhatsApp number, for example your personal number (allow-listed, if this is a test number)."],
        retry: RetryAdvice::Never { why: "No: the same request always fails; change the recipient." },
        ..BASE
    },
    Entry {
        code: 131026, title: "Message undeliverable", category: ErrorCategory::Sending,
        meaning: "WhatsApp could not deliver the message to this recipient.",
        causes: &[
            "The number is not on WhatsApp.",
            "The user has not accepted WhatsApp's current Terms of Service and Privacy Policy.",
            "The user's WhatsApp is too old (minimum: Android 2.21.15.15, iOS 2.21.170.4, KaiOS 2.2130.10, Web 2.2132.6).",
            "The user may have blocked your business; Meta does not say which cause applies.",
        ],
        fix: &[
            "Confirm the number with the user (country code, no leading zero) and that WhatsApp is installed and up to date.",
            "Ask the user to open WhatsApp and accept the latest terms.",
            "Do not resend in a loop: it lowers your quality rating and fails again.",
        ],
        retry: RetryAdvice::Later { when: "Only after the user has fixed their side (installed or updated WhatsApp, accepted the terms); an immediate retry fails again." },
        channel: ErrorChannel::Both, seed_note: Some(NOTE_CONTACTS),
        ..BASE
    },
    Entry {
        code: 131030, title: "Recipient phone number not in allowed list", category: ErrorCategory::Sending,
        meaning: "This is a test (sandbox) number: it can message only the recipients on its allowed list, at most 5. Meta's Dec 2025 table omits the code, but it is real.",
        causes: &[
            "The recipient is not on the test number's allowed list.",
            "Mexico (+52) and Argentina (+54): the wa_id WhatsApp uses has an extra digit (52 1..., 54 9...) that the number you typed or allow-listed may lack, or the reverse, so they do not match.",
            "You meant to send from your real number, but the profile still uses the test number's ID.",
        ],
        fix: &[
            "Add the recipient in App Dashboard > WhatsApp > API Setup > To (5 at most); the recipient confirms with a code sent on WhatsApp.",
            "For +52 and +54 numbers, send to the number exactly as it appears on the allowed list, or to the wa_id of a message the user sent you.",
            "For real traffic, register your own number and send from it; real numbers have no allowed list.",
        ],
        action: Some(FixAction::ManageAllowList),
        ..BASE
    },
    Entry {
        code: 131037, title: "WhatsApp provided number needs display name approval before message can be sent", category: ErrorCategory::Registration,
        meaning: "A Meta-provided 555 number cannot send until its display name is approved.",
        causes: &["The display name was not set, not submitted, or is still under review."],
        fix: &[
            "Set and submit the display name in WhatsApp Manager > Phone numbers.",
            "Wait for approval (phone_number_name_update webhook), then send again.",
        ],
        retry: RetryAdvice::Later { when: "After the display name is approved." },
        action: Some(FixAction::OpenWhatsAppManager),
        ..BASE
    },
    Entry {
        code: 131042, title: "Business eligibility payment issue", category: ErrorCategory::Payments,
        meaning: "Meta cannot bill the business for this message.",
        causes: &[
            "No valid payment method on the WABA, or the credit line is over its limit.",
            "The WABA was deleted or suspended.",
            "The WABA's timezone or currency is not set.",
            "A pending or declined MessagingFor (on-behalf-of) request.",
        ],
        fix: &[
            "In WhatsApp Manager (or Business Settings > Payments), add a valid payment method and check the credit line.",
            "Set the WABA's timezone and currency.",
            "Resolve any pending MessagingFor request with your partner.",
        ],
        channel: ErrorChannel::Both, action: Some(FixAction::OpenWhatsAppManager), seed_note: Some(NOTE_PRICING),
        ..BASE
    },
    Entry {
        code: 131045, title: "Incorrect certificate", category: ErrorCategory::Registration,
        meaning: "The number's registration is broken (its certificate is not valid), so it cannot send.",
        causes: &["Registration did not complete, or the display name changed and the number was not registered again."],
        fix: &[
            "Register the number again: POST /{phone-number-id}/register with its PIN.",
            "After an approved display-name change, always register again.",
        ],
        http_status: Some(500), doc_url: REGISTRATION, action: Some(FixAction::RegisterNumber),
        ..BASE
    },
    Entry {
        code: 131047, title: "Re-engagement message", category: ErrorCategory::Sending,
        meaning: "More than 24 hours have passed since the user last messaged this number, so only an approved template may be sent.",
        causes: &[
            "A free-form message (text, media, interactive) outside the 24-hour customer-service window.",
            "First contact: the user has never written to this number, so the first message must be a template.",
            "The window was checked when a batch started, not right before each send.",
        ],
        fix: &[
            "Send an approved template instead.",
            "Once the user replies, free-form messages are allowed again for 24 hours.",
            "Track the time of each user's last inbound message and check it right before sending.",
        ],
        retry: RetryAdvice::AfterFix { note: "The same free-form message fails until the user writes again; send a template now." },
        channel: ErrorChannel::Both, action: Some(FixAction::SendTemplate), seed_note: Some(NOTE_PRICING),
        ..BASE
    },
    Entry {
        code: 131049, title: "Meta chose not to deliver", category: ErrorCategory::Sending,
        meaning: "To keep the ecosystem healthy, Meta did not deliver this marketing message (per-user marketing limit).",
        causes: &["The user already received several marketing messages recently, from you or other businesses."],
        fix: &[
            "Do not retry at once.",
            "Wait at least 24 hours before sending this user another marketing message.",
            "Use utility templates for transactional content.",
        ],
        retry: RetryAdvice::Later { when: "Not before 24 hours have passed; space further attempts out." },
        channel: ErrorChannel::Webhook, action: Some(FixAction::WaitAndRetry),
        ..BASE
    },
    Entry {
        code: 131050, title: "User has stopped marketing messages", category: ErrorCategory::Sending,
        meaning: "The user opted out of marketing messages from your business.",
        causes: &["The user chose to stop marketing messages from this business in WhatsApp."],
        fix: &[
            "Remove the user from marketing audiences.",
            "Utility and service messages can still be sent.",
        ],
        retry: RetryAdvice::Never { why: "No: respect the opt-out; retrying will not deliver." },
        channel: ErrorChannel::Webhook,
        ..BASE
    },
    Entry {
        code: 131051, title: "Unsupported message type", category: ErrorCategory::Sending,
        meaning: "Outbound: the message type is not supported. Inbound: the user sent something Cloud API cannot pass on (webhook message with type \"unsupported\").",
        causes: &[
            "A type Cloud API does not send (or a typo in type).",
            "The user sent content Cloud API does not support (for example some polls or newer message kinds).",
        ],
        fix: &[
            "Outbound: use a supported message type.",
            "Inbound: nothing to fix; ask the user to send text or a supported media type.",
        ],
        channel: ErrorChannel::Both, doc_url: SEND_MESSAGES,
        ..BASE
    },
    Entry {
        code: 131052, title: "Media download error", category: ErrorCategory::Media,
        meaning: "Meta could not download media the user sent you.",
        causes: &["The file is too large (over 100 MB) or unsupported."],
        fix: &[READ_DETAILS, "Ask the user to send the file again, smaller or as a document."],
        retry: RetryAdvice::Later { when: "Only when the user sends the media again." },
        channel: ErrorChannel::Webhook, doc_url: MEDIA, seed_note: Some(NOTE_MEDIA),
        ..BASE
    },
    Entry {
        code: 131053, title: "Media upload error", category: ErrorCategory::Media,
        meaning: "Meta could not fetch or accept the media you sent. It can be temporary: Meta's media fetcher is rate-limited, and a link fetch refused with HTTP 429 (details \"Downloading media from weblink failed with http code 429 ... ratelimit\") succeeds later.",
        causes: &[
            "Unsupported or mismatched MIME type, or the file is too large for its type (images 5 MB, audio and video 16 MB, documents 100 MB).",
            "The link is not publicly reachable over HTTPS (login, redirect, geo-block, 403/404, wrong Content-Type).",
            "Meta's media fetcher was rate-limited while downloading the link (http code 429 in the details): temporary.",
        ],
        fix: &[
            READ_DETAILS,
            "If the details name http code 429 or a rate limit, retry later, or upload the file once (POST /{phone-number-id}/media) and send it by its media id, which needs no fetch.",
            "Otherwise check the MIME type and size against Meta's media limits.",
            "Serve the file at a public HTTPS URL with the right Content-Type, or upload it first and send it by id.",
        ],
        retry: RetryAdvice::Later { when: "Yes, later, when the details show a fetch rate limit (http code 429); otherwise only after fixing the file or link. Uploading the media and sending by id avoids the fetch." },
        channel: ErrorChannel::Both, doc_url: MEDIA, seed_note: Some(NOTE_MEDIA),
        ..BASE
    },
    Entry {
        code: 131055, title: "Method not allowed", category: ErrorCategory::Templates,
        meaning: "Marketing Messages API: only marketing templates may be sent through this API.",
        causes: &["A non-marketing message or template was sent through the Marketing Messages API."],
        fix: &[
            "Send utility, authentication and free-form messages through the Cloud API /messages endpoint.",
            "Use a MARKETING template with the Marketing Messages API.",
        ],
        channel: ErrorChannel::Both, action: Some(FixAction::PickTemplate),
        ..BASE
    },
    Entry {
        code: 131057, title: "Account in maintenance mode",
        meaning: "The account is in maintenance, for example during a throughput upgrade (about a minute).",
        causes: &["Meta is upgrading the number's throughput or doing other maintenance."],
        fix: &["Wait a minute or two, then retry."],
        retry: RetryAdvice::Later { when: "Yes, after a minute or two." },
        channel: ErrorChannel::Both, http_status: Some(500), doc_url: THROUGHPUT, action: Some(FixAction::WaitAndRetry),
        ..BASE
    },
    Entry {
        code: 131059, title: "Invalid pagination cursor", category: ErrorCategory::Templates,
        meaning: "v24.0+: GET /{waba-id}/message_templates was called with a before/after cursor that is no longer valid. The Groups API reuses the code.",
        causes: &["A stale or mistyped paging cursor."],
        fix: &["Fetch the first page again without before/after, then follow the new cursors."],
        http_status: None, doc_url: MESSAGE_TEMPLATES, seed_note: Some(NOTE_VERSION), uncertain: true,
        ..BASE
    },
    Entry {
        code: 135000, title: "Generic user error", category: ErrorCategory::Sending,
        meaning: "Meta found an unspecified problem with the request parameters.",
        causes: &["A parameter value Meta rejects without a specific code."],
        fix: &[READ_DETAILS, "Compare the request with the endpoint's reference.", DIRECT_SUPPORT],
        ..BASE
    },
    Entry {
        code: 137000, title: "Identity key hash mismatch", category: ErrorCategory::Sending,
        meaning: "The recipient's identity key changed since the recipient_identity_key_hash you sent (reinstall or new device), so the message was not delivered.",
        causes: &["The user reinstalled WhatsApp or moved to a new device."],
        fix: &[
            "If identity matters, confirm the user through another channel.",
            "Send again with the current identity hash, or without the check.",
        ],
        channel: ErrorChannel::Webhook, http_status: None,
        ..BASE
    },

    // ---- Templates (sending) ----
    Entry {
        code: 132000, title: "Template Param Count Mismatch", category: ErrorCategory::Templates,
        meaning: "The number of parameter values does not match the number of variables in the template.",
        causes: &["Too few or too many values for a component, e.g. \"body: number of localizable_params (2) does not match the expected number of params (1)\"."],
        fix: &[
            "Count the {{n}} variables of the approved template per component (header, body, buttons).",
            "Send exactly that many values for each component.",
        ],
        action: Some(FixAction::PickTemplate),
        ..BASE
    },
    Entry {
        code: 132001, title: "Template does not exist", category: ErrorCategory::Templates,
        meaning: "No approved template with this name exists in the requested language. (Often \"(#132001) Template name does not exist in the translation\".)",
        causes: &[
            "A typo in the name (names are lowercase with underscores).",
            "The language code does not match: en is not en_US.",
            "The template is not approved yet (PENDING or REJECTED), or was deleted.",
            "The template belongs to another WABA than the sending number.",
        ],
        fix: &[
            "Pick the template from this WABA's approved list, with its exact name and exact language code.",
            "Refresh the template list (GET /{waba-id}/message_templates).",
            "If it was just submitted, wait for approval.",
        ],
        http_status: Some(404), action: Some(FixAction::PickTemplate),
        ..BASE
    },
    Entry {
        code: 132005, title: "Template Hydrated Text Too Long", category: ErrorCategory::Templates,
        meaning: "The text is too long once the parameter values are filled in.",
        causes: &["Long parameter values push a component over its length limit."],
        fix: &["Shorten the parameter values, or use a template with less fixed text."],
        ..BASE
    },
    Entry {
        code: 132007, title: "Template Format Character Policy Violated", category: ErrorCategory::Templates,
        meaning: "The message content, usually a parameter value, breaks WhatsApp's format or content policy.",
        causes: &[
            "Characters the template format does not allow in a parameter (newlines, tabs and runs of spaces are common culprits).",
            "Content that breaks the commerce or business policy.",
        ],
        fix: &[READ_DETAILS, "Clean the parameter values and send again."],
        ..BASE
    },
    Entry {
        code: 132012, title: "Template Parameter Format Mismatch", category: ErrorCategory::Templates,
        meaning: "The parameter values are not in the format the template declares.",
        causes: &[
            "A text value where the template expects currency or date_time, or the reverse.",
            "A header of the wrong media type (image vs video vs document).",
        ],
        fix: &[READ_DETAILS, "Send each value in the format of the approved template's component."],
        channel: ErrorChannel::Both, action: Some(FixAction::PickTemplate),
        ..BASE
    },
    Entry {
        code: 132015, title: "Template is Paused", category: ErrorCategory::Templates,
        meaning: "The template is paused for low quality. The same code arrives in a webhook when template pacing dropped a held message.",
        causes: &["Users blocked or reported messages sent with this template."],
        fix: &[
            "Check the template's quality in WhatsApp Manager; edit and resubmit it, or pick another template.",
            "Wait for the pause to end before using it again.",
        ],
        retry: RetryAdvice::Later { when: "After the pause ends, or now with another template." },
        channel: ErrorChannel::Both, action: Some(FixAction::PickTemplate),
        ..BASE
    },
    Entry {
        code: 132016, title: "Template is Disabled", category: ErrorCategory::Templates,
        meaning: "The template was paused too often and is permanently disabled.",
        causes: &["Repeated low-quality pauses."],
        fix: &["Create a new, improved template and use it instead."],
        retry: RetryAdvice::Never { why: "No: a disabled template does not come back; use another one." },
        action: Some(FixAction::PickTemplate),
        ..BASE
    },
    Entry {
        code: 132008, title: "Template param value invalid", category: ErrorCategory::Templates,
        meaning: "Seen in client libraries, not in Meta's table: a template parameter value is invalid.",
        causes: &["A parameter value Meta refuses (empty, wrong type or forbidden characters)."],
        fix: &[READ_DETAILS, "Correct the value and send again."],
        channel: ErrorChannel::Both, http_status: None, action: Some(FixAction::PickTemplate), uncertain: true,
        ..BASE
    },
    Entry {
        code: 132018, title: "Template parameter problem", category: ErrorCategory::Templates,
        meaning: "v23.0+ (changelog 29 May 2025): a more detailed report of a problem with the parameters of a template send; the details name the parameter.",
        causes: &["A template parameter value Meta refuses."],
        fix: &[READ_DETAILS, "Correct that parameter and send again."],
        channel: ErrorChannel::Both, http_status: None, action: Some(FixAction::PickTemplate),
        seed_note: Some(NOTE_VERSION), uncertain: true,
        ..BASE
    },
    Entry {
        code: 134100, title: "Marketing Messages API: only marketing templates are supported", category: ErrorCategory::Templates,
        meaning: "v23.0+: the Marketing Messages API accepts only MARKETING templates.",
        causes: &["A utility or authentication template was sent through the Marketing Messages API."],
        fix: &["Pick a MARKETING template, or send this one through the Cloud API /messages endpoint."],
        channel: ErrorChannel::Both, action: Some(FixAction::PickTemplate), seed_note: Some(NOTE_VERSION),
        ..BASE
    },
    Entry {
        code: 134101, title: "Marketing Messages API: template still syncing", category: ErrorCategory::Templates,
        meaning: "v23.0+: the template is not yet available to the Marketing Messages API.",
        causes: &["The template was created or approved moments ago."],
        fix: &["Wait a few minutes, then send again."],
        retry: RetryAdvice::Later { when: "In a few minutes, once the template has synced." },
        channel: ErrorChannel::Both, action: Some(FixAction::WaitAndRetry), seed_note: Some(NOTE_VERSION),
        ..BASE
    },
    Entry {
        code: 134102, title: "Marketing Messages API: template unavailable", category: ErrorCategory::Templates,
        meaning: "v23.0+: the template cannot be used through the Marketing Messages API right now.",
        causes: &["A problem at Meta, or the template is not eligible."],
        fix: &["Retry with backoff.", DIRECT_SUPPORT],
        retry: RETRY_TRANSIENT, channel: ErrorChannel::Both, http_status: Some(500),
        action: Some(FixAction::WaitAndRetry), seed_note: Some(NOTE_VERSION),
        ..BASE
    },

    // ---- Flows and payments ----
    Entry {
        code: 132068, title: "Flow is blocked", category: ErrorCategory::Flows,
        meaning: "The Flow in this message is blocked, so it cannot be sent.",
        causes: &["The Flow's endpoint is unhealthy, or the Flow was blocked for policy."],
        fix: &[
            "Open the Flow in WhatsApp Manager > Flows and check its status and health.",
            "Fix the endpoint or content and publish a new version.",
        ],
        channel: ErrorChannel::Both, action: Some(FixAction::OpenWhatsAppManager),
        ..BASE
    },
    Entry {
        code: 132069, title: "Flow is throttled", category: ErrorCategory::Flows,
        meaning: "This throttled Flow was already sent in 10 messages during the last hour.",
        causes: &["The Flow is throttled (usually for endpoint health) and the hourly allowance is used up."],
        fix: &["Wait until the hourly count drops.", "Fix the Flow's endpoint health so the throttle is lifted."],
        retry: RetryAdvice::Later { when: "Within the hour, as older sends leave the window." },
        channel: ErrorChannel::Both, action: Some(FixAction::WaitAndRetry),
        ..BASE
    },
    Entry {
        code: 134011, title: "WhatsApp Payments terms of service not accepted", category: ErrorCategory::Payments,
        meaning: "The business has not accepted the WhatsApp Payments terms, so payment messages cannot be sent.",
        causes: &["Payments were never set up for this WABA, or the terms were updated."],
        fix: &["Accept the WhatsApp Payments terms in WhatsApp Manager (payment settings), then send again."],
        channel: ErrorChannel::Both, action: Some(FixAction::OpenWhatsAppManager),
        ..BASE
    },

    // ---- Registration ----
    Entry {
        code: 133000, title: "Incomplete deregistration", category: ErrorCategory::Registration,
        meaning: "A previous deregistration did not finish, so the number cannot be registered.",
        causes: &["An earlier POST /{phone-number-id}/deregister failed midway."],
        fix: &[
            "Call POST /{phone-number-id}/deregister again.",
            "Then register the number. Both calls count toward the 10-per-72-hours budget.",
        ],
        http_status: Some(500), doc_url: REGISTRATION, action: Some(FixAction::RegisterNumber),
        ..BASE
    },
    Entry {
        code: 133004, title: "Server temporarily unavailable", category: ErrorCategory::Registration,
        meaning: "The registration service is temporarily unavailable.",
        causes: &["Temporary downtime at Meta."],
        fix: &[STATUS_PAGE, READ_DETAILS, "Retry with exponential backoff; each attempt counts toward 10 per 72 hours."],
        retry: RETRY_TRANSIENT, http_status: Some(503), doc_url: REGISTRATION, action: Some(FixAction::OpenMetaStatus),
        ..BASE
    },
    Entry {
        code: 133005, title: "Two step verification PIN mismatch", category: ErrorCategory::Registration,
        meaning: "The PIN sent to /register is not the number's current two-step verification PIN.",
        causes: &["The PIN was set earlier by someone else, in WhatsApp Manager, or by a previous provider."],
        fix: &[
            "Set a new PIN with POST /{phone-number-id} {\"pin\":\"123456\"}; it works without the old PIN (\"Set a new two-step PIN\" does this).",
            "Register again with that PIN.",
            "Mind the limits: repeated wrong PINs give 133008/133009, and every /register counts toward 10 per 72 hours.",
        ],
        doc_url: TWO_STEP, action: Some(FixAction::SetPin), seed_note: Some(NOTE_PIN),
        ..BASE
    },
    Entry {
        code: 133006, title: "Phone number re-verification needed", category: ErrorCategory::Registration,
        meaning: "The number must verify ownership before it can be registered.",
        causes: &["Ownership was never verified, or the 14-day verification expired."],
        fix: &[
            "Request a code: POST /{phone-number-id}/request_code?code_method=SMS&language=en_US.",
            "Enter it: POST /{phone-number-id}/verify_code with code=<6 digits>.",
            "Register while code_verification_status reads VERIFIED (it lasts 14 days).",
        ],
        doc_url: PHONE_NUMBERS, action: Some(FixAction::VerifyOwnership),
        ..BASE
    },
    Entry {
        code: 133008, title: "Too many two step verification PIN guesses for this phone number", category: ErrorCategory::Registration,
        meaning: "Too many wrong PINs; Meta blocks further attempts for a while.",
        causes: &["Repeated /register calls with wrong PINs."],
        fix: &[
            "Wait for the period Meta gives in the details.",
            "Before the next attempt, set a PIN you know with POST /{phone-number-id} {\"pin\"}.",
        ],
        retry: RetryAdvice::Later { when: "After the period stated in Meta's details." },
        doc_url: TWO_STEP, action: Some(FixAction::WaitAndRetry), seed_note: Some(NOTE_PIN),
        ..BASE
    },
    Entry {
        code: 133009, title: "Two step verification PIN guessed too fast", category: ErrorCategory::Registration,
        meaning: "PIN attempts came too quickly one after another.",
        causes: &["A script or repeated clicks retried /register without pause."],
        fix: &["Read the wait time in Meta's details.", "Try once more after it, with a PIN you know."],
        retry: RetryAdvice::Later { when: "After the wait given in Meta's details; do not loop." },
        doc_url: TWO_STEP, action: Some(FixAction::WaitAndRetry),
        ..BASE
    },
    Entry {
        code: 133010, title: "Phone number not registered", category: ErrorCategory::Registration,
        meaning: "The number is not registered on Cloud API, so it cannot send. (Often \"(#133010) Account not registered\".)",
        causes: &[
            "The number was added to the WABA (in WhatsApp Manager or Embedded Signup) but /register was never called; its status reads PENDING.",
            "The number was deregistered, or an approved display-name change requires registering again.",
            "The send used another phone-number ID than the registered one.",
        ],
        fix: &[
            "Check the number: GET /{phone-number-id}?fields=status,code_verification_status,platform_type,name_status.",
            "Register it: POST /{phone-number-id}/register {\"messaging_product\":\"whatsapp\",\"pin\":\"<6 digits>\"}. With two-step verification on, use its PIN; with it off, this PIN becomes the PIN.",
            "Check that status reads CONNECTED and platform_type CLOUD_API, then send again.",
        ],
        doc_url: REGISTRATION, action: Some(FixAction::RegisterNumber), seed_note: Some(NOTE_133010),
        ..BASE
    },
    Entry {
        code: 133015, title: "Please wait a few minutes before attempting to register this phone number", category: ErrorCategory::Registration,
        meaning: "The number was deleted recently and the deletion has not finished.",
        causes: &["The number was removed from a WABA or account moments ago."],
        fix: &["Wait about 5 minutes, then register again."],
        retry: RetryAdvice::Later { when: "After about 5 minutes." },
        doc_url: REGISTRATION, action: Some(FixAction::WaitAndRetry),
        ..BASE
    },
    Entry {
        code: 136024, title: "Request code error", category: ErrorCategory::Registration,
        meaning: "POST /{phone-number-id}/request_code failed: Meta did not send the ownership verification code (Graph reference for request_code).",
        causes: &[
            "A code_method other than SMS or VOICE, or a language Meta does not accept.",
            "The number cannot receive the code by that method (for example SMS to a landline).",
            "Codes were requested many times in a short time.",
        ],
        fix: &[
            READ_DETAILS,
            "Request the code again with code_method=SMS or VOICE and a language such as en_US; use VOICE for a landline.",
            "If codes were requested repeatedly, wait before the next request.",
        ],
        retry: RetryAdvice::Later { when: "After fixing the method or language, or after a wait if codes were requested repeatedly." },
        doc_url: REQUEST_CODE, action: Some(FixAction::VerifyOwnership),
        ..BASE
    },
    Entry {
        code: 136025, title: "Verify code error", category: ErrorCategory::Registration,
        meaning: "POST /{phone-number-id}/verify_code failed: the ownership verification code is wrong or expired (Graph reference for verify_code).",
        causes: &["A mistyped code.", "An expired code, or a code from an earlier request."],
        fix: &["Request a new code (POST /{phone-number-id}/request_code) and enter it promptly (POST /{phone-number-id}/verify_code)."],
        retry: RetryAdvice::AfterFix { note: "Retry with the right code; a new code replaces the old one." },
        doc_url: VERIFY_CODE, action: Some(FixAction::VerifyOwnership),
        ..BASE
    },

    // ---- Template creation and management (bare numbers; usually error_subcode under 100 or 200002) ----
    Entry {
        code: 2388024, title: "Content in This Language Already Exists", category: ErrorCategory::Templates,
        meaning: "Template creation: this template name already has content in this language. A (name, language) pair exists once; Meta sends it as code 100 with this subcode and is_transient: false.",
        causes: &["A template with the same name and language was created before (it may be PENDING, REJECTED or PAUSED)."],
        fix: &[
            "Edit the existing template (POST /{template-id}) instead of creating it again.",
            "Or create the new content under a different name, or in another language.",
        ],
        retry: RetryAdvice::Never { why: "No: the same name and language keep being refused." },
        http_status: None, doc_url: MESSAGE_TEMPLATES,
        ..BASE
    },
    Entry {
        code: 2388046, title: "Name Format is Incorrect", category: ErrorCategory::Templates,
        meaning: "Template creation: the template name is not in a valid format; names may only have lowercase letters, digits and underscores. Meta points at the field with error_data {\"blame_field_specs\":[[\"name\"]]}.",
        causes: &["Capital letters, spaces, hyphens or other characters in the name."],
        fix: &["Rename the template with lowercase letters, digits and underscores only (for example order_update_2), then submit again."],
        retry: RETRY_FIX,
        http_status: None, doc_url: MESSAGE_TEMPLATES,
        ..BASE
    },
    Entry {
        code: 2388155, title: "Template name is already used as a sample template", category: ErrorCategory::Templates,
        meaning: "Template creation: the name belongs to one of Meta's sample templates (for example hello_world). Please use a different name.",
        causes: &["A sample template's name, such as hello_world, was reused for a new template."],
        fix: &["Pick a name of your own and submit again."],
        retry: RETRY_FIX,
        http_status: None, doc_url: MESSAGE_TEMPLATES,
        ..BASE
    },
    Entry {
        code: 2388040, title: "A field exceeds its character limit", category: ErrorCategory::Templates,
        meaning: "A template component is longer than allowed.",
        causes: &["Body over 1,024 characters, header or footer over 60, or button text over 25."],
        fix: &["Read Meta's user message for the field, shorten it, and submit again."],
        http_status: None, doc_url: MESSAGE_TEMPLATES,
        ..BASE
    },
    Entry {
        code: 2388047, title: "Header format incorrect", category: ErrorCategory::Templates,
        meaning: "The template header is not in a valid format.",
        causes: &["Wrong header format for its type, more than one variable in a text header, or a missing example."],
        fix: &["Fix the header per Meta's user message, add an example for any variable, and submit again."],
        http_status: None, doc_url: MESSAGE_TEMPLATES,
        ..BASE
    },
    Entry {
        code: 2388072, title: "Body format incorrect", category: ErrorCategory::Templates,
        meaning: "The template body is not in a valid format.",
        causes: &["Malformed or non-sequential variables ({{1}}, {{3}}), mixed named and numbered variables, or missing examples."],
        fix: &["Number variables {{1}}, {{2}}, ... without gaps, give an example for each, and submit again."],
        http_status: None, doc_url: MESSAGE_TEMPLATES,
        ..BASE
    },
    Entry {
        code: 2388073, title: "Footer format incorrect", category: ErrorCategory::Templates,
        meaning: "The template footer is not in a valid format.",
        causes: &["A variable or unsupported content in the footer."],
        fix: &["Use plain text in the footer (no variables) and submit again."],
        http_status: None, doc_url: MESSAGE_TEMPLATES,
        ..BASE
    },
    Entry {
        code: 2388293, title: "Too many variables for the text length", category: ErrorCategory::Templates,
        meaning: "The text has too many variables for its length (parameter-to-word ratio).",
        causes: &["Short text carrying many variables."],
        fix: &["Add fixed words around the variables (a common rule of thumb: at least 2x+1 words for x variables) or use fewer variables."],
        http_status: None, doc_url: MESSAGE_TEMPLATES,
        ..BASE
    },
    Entry {
        code: 2388299, title: "Variables at the start or end of the text are not allowed", category: ErrorCategory::Templates,
        meaning: "The text starts or ends with a variable.",
        causes: &["A variable such as {{1}} is the first or last thing in the body."],
        fix: &["Put fixed words before the first and after the last variable, then submit again."],
        http_status: None, doc_url: MESSAGE_TEMPLATES,
        ..BASE
    },
    Entry {
        code: 2388019, title: "Template count limit for the WABA exceeded", category: ErrorCategory::Templates,
        meaning: "The WABA already has the maximum number of templates.",
        causes: &["Too many templates, including rejected and paused ones."],
        fix: &["Delete templates you no longer use in WhatsApp Manager, then create the new one."],
        http_status: None, doc_url: MESSAGE_TEMPLATES, action: Some(FixAction::OpenWhatsAppManager),
        ..BASE
    },
    Entry {
        code: 200002, title: "HSM Template creation failed", category: ErrorCategory::Templates,
        meaning: "Template creation failed; the error_subcode and Meta's user title and message say why (for example 2388109 \"Message Cannot Be Submitted\").",
        causes: &["Content or format that Meta refused at submission."],
        fix: &["Read Meta's user title and message on this card.", "Fix the template and submit again (at most 100 creations per WABA per hour)."],
        http_status: None, doc_url: MESSAGE_TEMPLATES,
        ..BASE
    },
    Entry {
        code: 192, title: "Invalid phone number", category: ErrorCategory::Templates,
        meaning: "Listed for POST /{waba-id}/message_templates: a phone number in the request, usually the number of a call button, is not valid.",
        causes: &["A phone number without country code, or with characters that are not digits."],
        fix: &["Write the number in international format (country code and digits), then submit again."],
        http_status: None, doc_url: MESSAGE_TEMPLATES,
        ..BASE
    },
    Entry {
        code: 200005, title: "Template insights not available yet", category: ErrorCategory::Templates,
        meaning: "Template insights are not available for this WABA yet (error-code page).",
        causes: &["Meta has not made template insights available to this WABA yet."],
        fix: &["Try again later; nothing in the request needs to change."],
        retry: RetryAdvice::Later { when: "Later, once Meta makes insights available to the WABA." },
        http_status: None, action: Some(FixAction::WaitAndRetry),
        ..BASE
    },
    Entry {
        code: 200006, title: "Template insights cannot be disabled", category: ErrorCategory::Templates,
        meaning: "Template insights cannot be turned off once they are enabled for the WABA (error-code page).",
        causes: &["A request to disable template insights."],
        fix: &["Nothing to fix: leave insights on; stop sending the request to disable them."],
        retry: RetryAdvice::Never { why: "No: insights stay enabled." },
        http_status: None,
        ..BASE
    },
    Entry {
        code: 200007, title: "Template insights not enabled", category: ErrorCategory::Templates,
        meaning: "Template insights are not enabled for this WABA, so they cannot be read (error-code page).",
        causes: &["Insights were requested before they were enabled on the WABA."],
        fix: &["Enable template insights for the WABA (is_enabled_for_insights), then read them again."],
        http_status: None,
        ..BASE
    },
    Entry {
        code: 1752041, title: "Duplicate Request", category: ErrorCategory::Templates,
        meaning: "Marketing Messages API onboarding: the client was already invited to onboard by a partner. No action is needed; eligible WABAs are onboarded automatically.",
        causes: &["A second invitation for a client that was already invited."],
        fix: &["Nothing to fix: do not send the invitation again; the WABA is onboarded automatically when eligible."],
        retry: RetryAdvice::Never { why: "No: the invitation already exists." },
        ..BASE
    },

    // ---- Webhook subscription ----
    Entry {
        code: 2200, title: "Subscription validation failed", category: ErrorCategory::Webhooks,
        meaning: "POST /{waba-id}/subscribed_apps with override_callback_uri: Meta's verification request to that callback failed.",
        causes: &[
            "The callback did not answer the GET verification with HTTP 200.",
            "The verify_token does not match what the callback expects (it is case-sensitive).",
            "The URL is not public HTTPS with a certificate from a trusted CA, or it answers too slowly.",
        ],
        fix: &[
            "Make the callback answer GET ?hub.mode=subscribe&hub.verify_token=...&hub.challenge=... with HTTP 200 and the challenge.",
            "Use the same verify_token on both sides.",
            "Subscribe the app first (POST /{waba-id}/subscribed_apps without override), then set the override.",
        ],
        http_status: None, doc_url: SUBSCRIBED_APPS, action: Some(FixAction::SubscribeWaba),
        ..BASE
    },
    Entry {
        code: 15, title: "This method must be called with an app access_token", category: ErrorCategory::Webhooks,
        meaning: "An app-level call (GET or POST /{app-id}/subscriptions, the app's webhook configuration) was made with a user or system-user token; it takes the app access token {app-id}|{app-secret}.",
        causes: &["The call carried the profile's System User token instead of the app access token."],
        fix: &["Store the app secret (App Dashboard > App settings > Basic; waba app-secret set): the console builds the app access token from it."],
        retry: RetryAdvice::Never { why: "No: the same token is refused the same way." },
        uncertain: true,
        ..BASE
    },
    Entry {
        code: 2201, title: "Invalid hub.challenge", category: ErrorCategory::Webhooks,
        meaning: "The override callback answered Meta's verification, but not with the exact hub.challenge value.",
        causes: &["The endpoint returned JSON, quotes, or extra text instead of the raw challenge."],
        fix: &["Return only the hub.challenge value as the response body (plain text, HTTP 200), then subscribe again."],
        http_status: None, doc_url: SUBSCRIBED_APPS, action: Some(FixAction::SubscribeWaba),
        ..BASE
    },

    // ---- Phone-number migration ----
    Entry {
        code: 2388001, title: "Phone number migration error", category: ErrorCategory::Registration,
        meaning: "A phone-number migration error (Meta's \"phone migration errors\"), not a plain registration failure. Meta documents two cases: the certificate of the number being migrated can be downloaded only after its ownership is confirmed, or two-step verification must be turned off for the number at the source. Meta documents no \"cannot create certificate\" meaning, and deleting the WhatsApp account is not the fix.",
        causes: &[
            "Ownership of the number being migrated is not confirmed yet (no request_code and verify_code on the destination).",
            "Two-step verification is still on for the number at the source WABA.",
        ],
        fix: &[
            "Confirm ownership first: POST /{phone-number-id}/request_code (code_method SMS or VOICE), then POST /{phone-number-id}/verify_code with the code.",
            "Or have the source turn two-step verification off for the number (WhatsApp Manager > Phone numbers > Settings > Two-step verification).",
            "Then continue the migration and register the number (its register attempts count against 10 per 72 hours).",
        ],
        retry: RetryAdvice::AfterFix { note: "Retry once ownership is confirmed or two-step verification is off; the same request fails the same way until then." },
        http_status: None, doc_url: PHONE_NUMBERS, action: Some(FixAction::VerifyOwnership),
        ..BASE
    },
    Entry {
        code: 2388012, title: "Phone number already exists in your account", category: ErrorCategory::Registration,
        meaning: "Migration: the number you are trying to migrate is already in your WhatsApp account.",
        causes: &["The number was migrated or added earlier, or the wrong number was picked for migration."],
        fix: &[
            "List the WABA's numbers (GET /{waba-id}/phone_numbers): if it is there, no migration is needed.",
            "To migrate, use a number that is not yet in your account.",
        ],
        retry: RetryAdvice::Never { why: "No: the number is already there." },
        http_status: None, doc_url: PHONE_NUMBERS, action: Some(FixAction::CheckIds),
        ..BASE
    },
    Entry {
        code: 2388091, title: "Phone number not eligible to receive a registration code", category: ErrorCategory::Registration,
        meaning: "The number is not eligible to receive a registration code because it is not being migrated; the migration's ownership-verification APIs are not for this case.",
        causes: &["The number is not being migrated, so the migration code flow does not apply."],
        fix: &[
            "Register and verify the number the normal way: request_code and verify_code on the phone-number ID, then POST /{phone-number-id}/register.",
            "If you did mean to migrate it, start the migration from the destination WABA first.",
        ],
        http_status: None, doc_url: PHONE_NUMBERS, action: Some(FixAction::RegisterNumber),
        ..BASE
    },
    Entry {
        code: 2388093, title: "Phone number not eligible to verify a registration code", category: ErrorCategory::Registration,
        meaning: "The number is not eligible to verify a registration code because it is not being migrated; the migration's ownership-verification APIs are not for this case.",
        causes: &["The number is not being migrated, so the migration code flow does not apply."],
        fix: &[
            "Register and verify the number the normal way: request_code and verify_code on the phone-number ID, then POST /{phone-number-id}/register.",
            "If you did mean to migrate it, start the migration from the destination WABA first.",
        ],
        http_status: None, doc_url: PHONE_NUMBERS, action: Some(FixAction::RegisterNumber),
        ..BASE
    },
    Entry {
        code: 2388103, title: "Phone number cannot be migrated", category: ErrorCategory::Registration,
        meaning: "Migration: the number cannot be moved to this WABA. Meta lists several causes; its details say which one applies.",
        causes: &[
            "The app is not subscribed to webhooks on the destination WABA.",
            "The number can simply be added to the WABA: no migration is needed.",
            "The display name is not approved, or a name change is pending.",
            "The source WABA or its on-behalf-of (OBO) setup is not approved (the OBO model is deprecated).",
            "No active credit line is shared with the client.",
            "The number belongs to a different business.",
            "The destination WABA is not approved (business verification or account review).",
            "The client has not accepted the MessagingFor request.",
            "A generic error at Meta.",
        ],
        fix: &[
            READ_DETAILS,
            "Subscribe the app on the destination WABA (POST /{waba-id}/subscribed_apps) if that is the cause.",
            "Fix the named cause in WhatsApp Manager or Business Settings (display name, credit line, verification, MessagingFor request), then start the migration again.",
            "For a deprecated OBO setup, contact Meta support; for a generic error, retry later, then contact support.",
        ],
        http_status: None, doc_url: PHONE_NUMBERS, action: Some(FixAction::OpenWhatsAppManager),
        ..BASE
    },
    Entry {
        code: 2494100, title: "Account is in maintenance mode", category: ErrorCategory::Registration,
        meaning: "Migration: the account is in maintenance mode.",
        causes: &["Meta is doing maintenance on the account."],
        fix: &["Wait, then try again."],
        retry: RetryAdvice::Later { when: "After a while; maintenance is temporary." },
        http_status: None, doc_url: PHONE_NUMBERS, action: Some(FixAction::WaitAndRetry),
        ..BASE
    },

    // ---- WABA / on-behalf-of and coexistence sync ----
    Entry {
        code: 2593079, title: "WABA already marked for migration",
        meaning: "This WABA is already marked for migration to a different solution ID. The on-behalf-of (OBO) ownership model it belongs to is deprecated, so waiting does not clear it. (Meta's page shows a copied title, \"template insights unavailable\", for this code.)",
        causes: &["An OBO migration of the WABA to another solution was started earlier."],
        fix: &["Contact Meta support to resolve the pending migration; quote the fbtrace_id.", "Do not keep retrying: the WABA stays marked."],
        retry: RetryAdvice::Never { why: "No: waiting does not clear it; Meta support must." },
        http_status: None,
        ..BASE
    },
    Entry {
        code: 2593085, title: "Invalid WABA for OBO mobility",
        meaning: "The WABA is not valid for on-behalf-of (OBO) mobility: it is already owned by the client (sharing model), or the client has not accepted the OBO request in Meta Business Suite.",
        causes: &[
            "The client already owns the WABA (sharing model), so there is nothing to move.",
            "The client has not accepted the OBO request in Meta Business Suite.",
        ],
        fix: &[
            "Check in Business Settings who owns the WABA; if the client owns it, no OBO move is needed.",
            "Otherwise have the client accept the OBO request in Meta Business Suite, then try again.",
        ],
        http_status: None, action: Some(FixAction::OpenWhatsAppManager),
        ..BASE
    },
    Entry {
        code: 2593107, title: "Synchronization limit exceeded", category: ErrorCategory::Registration,
        meaning: "Coexistence: contacts and message history can each be synced only once, and this sync was already requested.",
        causes: &["The contacts or history sync was already requested for this onboarding."],
        fix: &["To sync again, offboard the customer and onboard them again (Embedded Signup), then request the sync once."],
        retry: RetryAdvice::AfterFix { note: "Only after offboarding and onboarding the customer again." },
        doc_url: ERRORS,
        ..BASE
    },
    Entry {
        code: 2593108, title: "Synchronization outside allowed window", category: ErrorCategory::Registration,
        meaning: "Coexistence: the contacts or message-history sync was requested outside the allowed window; it must be requested within 24 hours of onboarding.",
        causes: &["More than 24 hours passed between onboarding the number and requesting the sync."],
        fix: &["Offboard the customer and onboard them again, then request the sync within 24 hours."],
        retry: RetryAdvice::AfterFix { note: "Only after offboarding and onboarding again, within 24 hours of the new onboarding." },
        ..BASE
    },
    Entry {
        code: 2593109, title: "History sync is turned off by the business from the WhatsApp Business App", category: ErrorCategory::Registration,
        meaning: "Coexistence: the business turned message-history sharing off in the WhatsApp Business app, so no history is sent. It arrives in the history webhook (value.history[].errors[]), not as an HTTP answer.",
        causes: &["The business declined or turned off history sharing in the WhatsApp Business app during onboarding."],
        fix: &["Nothing to fix in the API: continue without the history, or offboard and onboard again with history sharing on in the app."],
        retry: RetryAdvice::Never { why: "No: the business chose not to share history." },
        channel: ErrorChannel::Webhook, http_status: None,
        ..BASE
    },

    // ---- Legacy names (not in Meta's current table) ----
    Entry {
        code: 131001, title: "Message too long", category: ErrorCategory::Sending,
        meaning: "Legacy: the message is longer than allowed (text bodies are limited to 4,096 characters).",
        fix: &["Shorten the message and send again."],
        ..LEGACY
    },
    Entry {
        code: 131002, title: "Invalid recipient type", category: ErrorCategory::Sending,
        meaning: "Legacy: recipient_type is not valid.",
        fix: &["Use recipient_type \"individual\" (or leave it out) and send again."],
        ..LEGACY
    },
    Entry {
        code: 131006, title: "Resource not found", category: ErrorCategory::Sending,
        meaning: "Legacy: the referenced resource (for example a media ID) was not found.",
        fix: &["Check the ID you referenced (media IDs expire), upload again if needed, and resend."],
        ..LEGACY
    },
    Entry {
        code: 131043, title: "Message expired", category: ErrorCategory::Sending,
        meaning: "Legacy: the message expired before it could be delivered.",
        fix: &["Send the message again if it is still relevant."],
        retry: RetryAdvice::Later { when: "Yes, if the message still matters." },
        ..LEGACY
    },
    Entry {
        code: 133001, title: "Decryption error", category: ErrorCategory::Registration,
        meaning: "Legacy (On-Premises): a registration or backup payload could not be decrypted.",
        fix: &["Register again; on Cloud API this code should not occur."],
        ..LEGACY
    },
    Entry {
        code: 133002, title: "Decryption error", category: ErrorCategory::Registration,
        meaning: "Legacy (On-Premises): a registration or backup payload could not be decrypted.",
        fix: &["Register again; on Cloud API this code should not occur."],
        ..LEGACY
    },
    Entry {
        code: 133003, title: "Decryption error", category: ErrorCategory::Registration,
        meaning: "Legacy (On-Premises): a registration or backup payload could not be decrypted.",
        fix: &["Register again; on Cloud API this code should not occur."],
        ..LEGACY
    },
    Entry {
        code: 133007, title: "Account blocked", category: ErrorCategory::Integrity,
        meaning: "Legacy: the account is blocked.",
        fix: &["Check WhatsApp Manager > Account quality, then contact Meta Direct Support."],
        retry: RetryAdvice::Later { when: "Only after the block is lifted." },
        action: Some(FixAction::OpenWhatsAppManager),
        ..LEGACY
    },

    // ---- Console-only pseudo-code ----
    Entry {
        code: GROUP_MESSAGING_CODE, title: "Groups: Meta's Groups API, not managed by this console yet", category: ErrorCategory::Sending,
        meaning: "WhatsApp groups exist on the Cloud API: Meta's Groups API serves numbers of Official Business Accounts. A business creates invite-only groups that people join through an invite link, with at most 8 participants, and sends them text, media and text or media templates only (no interactive, authentication, commerce or calling messages); sends use recipient_type \"group\" and group events arrive in the group_lifecycle_update, group_participants_update, group_settings_update and group_status_update webhook fields. WABA Console does not manage groups yet: it onboards numbers and explains errors, including those of group payloads.",
        causes: &[
            "A Groups API payload or group webhook was pasted (recipient_type \"group\" or a group_* field).",
            "The number is not an Official Business Account, so the Groups API is not available to it.",
        ],
        fix: &[
            "Check that the number is an Official Business Account (GET /{phone-number-id}?fields=is_official_business_account).",
            "Create groups and invite links with Meta's Groups API (see Meta's Groups API pages), not in this console.",
            "Subscribe the app to the group_* webhook fields in the App Dashboard to receive group events.",
        ],
        retry: RetryAdvice::Never { why: "This console does not send to groups; use the Groups API directly." },
        http_status: None, doc_url: GROUPS, seed_note: Some(NOTE_GROUPS),
        ..BASE
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_subcode_first_then_generic() {
        assert_eq!(lookup(190, Some(463)).unwrap().title, "Expired");
        assert_eq!(lookup(190, Some(999)).unwrap().subcode, None);
        assert_eq!(lookup(190, None).unwrap().title, "Access token has expired");
        assert_eq!(
            lookup(100, Some(33)).unwrap().action,
            Some(FixAction::CheckIds)
        );
        assert_eq!(lookup(100, None).unwrap().subcode, None);
    }

    #[test]
    fn template_numbers_resolve_as_subcode_and_bare() {
        assert_eq!(lookup(100, Some(2388040)).unwrap().code, 2388040);
        assert_eq!(lookup(200002, Some(2388299)).unwrap().code, 2388299);
        assert_eq!(lookup(2388019, None).unwrap().code, 2388019);
        // An unknown template subcode falls back to the code's own entry.
        assert_eq!(lookup(200002, Some(2388109)).unwrap().code, 200002);
    }

    #[test]
    fn range_covers_200_to_299_but_exact_codes_win() {
        for code in [200, 250, 299] {
            assert_eq!(lookup(code, None).unwrap().code_max, Some(299));
        }
        assert!(lookup(300, None).is_none());
        assert_eq!(lookup(200002, None).unwrap().code, 200002);
    }

    #[test]
    fn no_duplicate_keys() {
        for (i, a) in ENTRIES.iter().enumerate() {
            for b in &ENTRIES[i + 1..] {
                assert!(
                    !(a.code == b.code && a.subcode == b.subcode),
                    "duplicate {} {:?}",
                    a.code,
                    a.subcode
                );
            }
        }
    }

    #[test]
    fn every_action_has_a_label() {
        for a in FixAction::ALL {
            assert!(!a.label().is_empty());
        }
        assert_eq!(FixAction::RegisterNumber.label(), "Register this number");
    }

    #[test]
    fn the_fix_table_has_every_action_once_with_its_behaviour_in_the_windows_shape() {
        let table = FixAction::table();
        assert_eq!(table.len(), FixAction::ALL.len());
        let json = serde_json::to_value(&table).unwrap();
        assert_eq!(
            json[0],
            serde_json::json!({ "action": "replaceToken", "label": "Replace the token",
                "behaviour": { "kind": "route", "path": "/token" } })
        );
        let of = |a: FixAction| {
            table
                .iter()
                .find(|i| i.action == a)
                .unwrap()
                .behaviour
                .clone()
        };
        assert_eq!(of(FixAction::WaitAndRetry), FixBehaviour::Rerun);
        assert_eq!(
            serde_json::to_value(of(FixAction::SubscribeWaba)).unwrap(),
            serde_json::json!({ "kind": "route", "path": "/webhooks" })
        );
        assert_eq!(
            serde_json::to_value(of(FixAction::SendTemplate)).unwrap(),
            serde_json::json!({ "kind": "unavailable", "page": "Test send" })
        );
        assert_eq!(
            FixAction::OpenWhatsAppManager.url().as_deref(),
            Some("https://business.facebook.com/wa/manage/home/")
        );
        assert_eq!(FixAction::ManageAllowList.url(), None);
        assert_eq!(
            serde_json::to_value(of(FixAction::OpenBusinessProfile)).unwrap(),
            serde_json::json!({ "kind": "route", "path": "/business-profile" })
        );
    }
}
