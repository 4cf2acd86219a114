//! What a token is worth: the verdict on Meta's `debug_token` answer for one profile.
//!
//! The console wants a System User token that never expires, holds both WhatsApp permissions and
//! can reach this profile's WABA. Anything less is reported with the exact fix.

use serde::{Deserialize, Serialize};
use time::{format_description::well_known::Rfc3339, OffsetDateTime};
use ts_rs::TS;

use crate::error::{CommandError, FieldError};

pub const SCOPE_MANAGEMENT: &str = "whatsapp_business_management";
pub const SCOPE_MESSAGING: &str = "whatsapp_business_messaging";

/// Cleans a pasted token: trims it, drops a leading `Bearer `, refuses empty or multi-part input.
/// The messages never echo the token.
pub fn clean_token_input(input: &str) -> Result<String, FieldError> {
    let trimmed = input.trim();
    let token = trimmed
        .strip_prefix("Bearer ")
        .map(str::trim)
        .unwrap_or(trimmed);
    if token.is_empty() {
        return Err(FieldError::new(
            "token",
            "The token is empty. Paste the System User token from Meta Business Settings > System users > Generate token.",
        ));
    }
    if token.chars().any(char::is_whitespace) {
        return Err(FieldError::new(
            "token",
            "The token contains spaces or line breaks, so more than the token was pasted. Copy only the token (it starts with EAA) and paste it again.",
        ));
    }
    Ok(token.to_owned())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum TokenType {
    SystemUser,
    User,
    Page,
    App,
    Unknown,
}

impl TokenType {
    /// The name Graph uses in `debug_token`'s `type`.
    pub fn graph_name(self) -> &'static str {
        match self {
            Self::SystemUser => "SYSTEM_USER",
            Self::User => "USER",
            Self::Page => "PAGE",
            Self::App => "APP",
            Self::Unknown => "unknown",
        }
    }

    pub fn from_graph(value: Option<&str>) -> Self {
        match value {
            Some("SYSTEM_USER") => Self::SystemUser,
            Some("USER") => Self::User,
            Some("PAGE") => Self::Page,
            Some("APP") => Self::App,
            _ => Self::Unknown,
        }
    }
}

/// Whether the token's grants include this profile's WABA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum WabaAccess {
    /// The WhatsApp grants list this WABA among their target IDs.
    Granted,
    /// The grants are not restricted to listed assets, so access follows the system user's assigned assets.
    Unrestricted,
    /// The grants list other WABAs only.
    NotGranted { granted_ids: Vec<String> },
    /// The token carries no WhatsApp grant at all, or was not valid.
    Unknown,
}

/// `debug_token`'s `data`, reduced to what the verdict needs. Filled by the service layer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenFacts {
    pub is_valid: bool,
    pub token_type: Option<String>,
    pub app_id: Option<String>,
    pub application: Option<String>,
    /// Unix seconds; 0 means never.
    pub expires_at: i64,
    pub scopes: Vec<String>,
    /// `(scope, target_ids)`; `None` when the grant is not restricted to assets.
    pub granular_scopes: Vec<(String, Option<Vec<String>>)>,
    /// `data.error.message` when Meta says the token is not valid.
    pub error_message: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Severity {
    Fail,
    Warn,
}

/// Which property of the token a finding is about; the checklist routes findings by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Topic {
    Validity,
    Expiry,
    Kind,
    Scopes,
    App,
    WabaAccess,
}

/// One problem with the token, and its fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Finding {
    pub topic: Topic,
    pub severity: Severity,
    pub title: String,
    pub fix: String,
}

impl Finding {
    fn fail(topic: Topic, title: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            topic,
            severity: Severity::Fail,
            title: title.into(),
            fix: fix.into(),
        }
    }
    fn warn(topic: Topic, title: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            topic,
            severity: Severity::Warn,
            title: title.into(),
            fix: fix.into(),
        }
    }
}

/// The token card: everything the console learned about the stored token, without the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TokenReport {
    /// RFC 3339.
    pub checked_at: String,
    pub valid: bool,
    pub token_type: TokenType,
    pub app_id: Option<String>,
    pub application: Option<String>,
    /// `None` when the profile's app ID could not be compared (no app ID in the answer).
    pub app_matches_profile: Option<bool>,
    /// RFC 3339; `None` means the token never expires.
    pub expires_at: Option<String>,
    pub never_expires: bool,
    pub scopes: Vec<String>,
    pub has_management: bool,
    pub has_messaging: bool,
    pub waba_access: WabaAccess,
    /// The WABA's name as read with this token, when that read succeeded.
    pub waba_name: Option<String>,
    /// Why reading the profile's WABA with this token failed, if it did.
    pub waba_read_error: Option<CommandError>,
    /// Why Meta refused the token itself (expired, revoked, malformed), if it did.
    pub rejection: Option<CommandError>,
    pub findings: Vec<Finding>,
}

impl TokenReport {
    pub fn passes(&self) -> bool {
        self.findings.iter().all(|f| f.severity != Severity::Fail)
    }
}

const NEW_TOKEN_FIX: &str = "In Meta Business Settings > Users > System users, pick an admin system user, \
    click Generate token, choose your app, set expiry to Never, tick whatsapp_business_management and \
    whatsapp_business_messaging, then paste the new token here.";

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// The verdict on a token `debug_token` described.
pub fn evaluate(
    facts: &TokenFacts,
    profile_app_id: &str,
    profile_waba_id: &str,
    now: OffsetDateTime,
) -> TokenReport {
    let token_type = TokenType::from_graph(facts.token_type.as_deref());
    let has = |scope: &str| facts.scopes.iter().any(|s| s == scope);
    let (has_management, has_messaging) = (has(SCOPE_MANAGEMENT), has(SCOPE_MESSAGING));
    let expires = (facts.expires_at != 0)
        .then(|| OffsetDateTime::from_unix_timestamp(facts.expires_at).ok())
        .flatten();
    let app_matches_profile = facts.app_id.as_deref().map(|id| id == profile_app_id);
    let waba_access = waba_access(facts, profile_waba_id);
    let mut findings = Vec::new();

    if !facts.is_valid || expires.is_some_and(|e| e <= now) {
        let why = facts
            .error_message
            .clone()
            .unwrap_or_else(|| "Meta reports it as no longer valid.".into());
        findings.push(Finding::fail(
            Topic::Validity,
            format!("The token is not valid: {why}"),
            NEW_TOKEN_FIX,
        ));
    } else if let Some(expiry) = expires {
        let hours = (expiry - now).whole_hours();
        let when = if hours < 48 {
            format!("in {hours} h")
        } else {
            format!("on {}", expiry.date())
        };
        findings.push(Finding::warn(
            Topic::Expiry,
            format!("The token expires {when}; the number stops working then."),
            format!("Replace it with a System User token whose expiry is Never. {NEW_TOKEN_FIX}"),
        ));
    }
    match token_type {
        TokenType::SystemUser => {}
        TokenType::User => findings.push(Finding::fail(
            Topic::Kind,
            "This is a user token (from Graph API Explorer or the API Setup page). User tokens expire, usually within 24 hours.",
            NEW_TOKEN_FIX,
        )),
        other => findings.push(Finding::fail(
            Topic::Kind,
            format!("This is a {} token; WhatsApp calls need a System User token.", other.graph_name()),
            NEW_TOKEN_FIX,
        )),
    }
    let missing: Vec<&str> = [
        (SCOPE_MANAGEMENT, has_management),
        (SCOPE_MESSAGING, has_messaging),
    ]
    .into_iter()
    .filter_map(|(s, ok)| (!ok).then_some(s))
    .collect();
    if !missing.is_empty() {
        findings.push(Finding::fail(
            Topic::Scopes,
            format!("The token lacks {}.", missing.join(" and ")),
            "Generate a new token for the system user and tick both whatsapp_business_management and \
             whatsapp_business_messaging (a token cannot gain permissions after it is made).",
        ));
    }
    if app_matches_profile == Some(false) {
        findings.push(Finding::fail(
            Topic::App,
            format!(
                "The token belongs to app {} ({}), but this profile names app {profile_app_id}.",
                facts.application.as_deref().unwrap_or("?"),
                facts.app_id.as_deref().unwrap_or("?"),
            ),
            "Either generate the token for this profile's app, or correct the profile's App ID.",
        ));
    }
    if let WabaAccess::NotGranted { granted_ids } = &waba_access {
        findings.push(Finding::fail(
            Topic::WabaAccess,
            format!(
                "The token cannot reach WABA {profile_waba_id}; its WhatsApp grants cover {}.",
                if granted_ids.is_empty() { "no WABA".to_owned() } else { granted_ids.join(", ") }
            ),
            "In Business Settings > System users > Assign assets, give the system user full control of this \
             WhatsApp account, then generate a new token.",
        ));
    }

    TokenReport {
        checked_at: rfc3339(now),
        valid: facts.is_valid && expires.is_none_or(|e| e > now),
        token_type,
        app_id: facts.app_id.clone(),
        application: facts.application.clone(),
        app_matches_profile,
        expires_at: expires.map(rfc3339),
        never_expires: facts.expires_at == 0,
        scopes: facts.scopes.clone(),
        has_management,
        has_messaging,
        waba_access,
        waba_name: None,
        waba_read_error: None,
        rejection: None,
        findings,
    }
}

fn waba_access(facts: &TokenFacts, waba_id: &str) -> WabaAccess {
    let whatsapp: Vec<&Option<Vec<String>>> = facts
        .granular_scopes
        .iter()
        .filter(|(scope, _)| scope == SCOPE_MANAGEMENT || scope == SCOPE_MESSAGING)
        .map(|(_, targets)| targets)
        .collect();
    if !facts.is_valid || whatsapp.is_empty() {
        return WabaAccess::Unknown;
    }
    let restricted: Vec<&Vec<String>> = whatsapp.iter().filter_map(|t| t.as_ref()).collect();
    if restricted.is_empty() {
        return WabaAccess::Unrestricted;
    }
    if restricted
        .iter()
        .all(|ids| ids.iter().any(|id| id == waba_id))
    {
        return WabaAccess::Granted;
    }
    let mut granted_ids: Vec<String> = restricted.into_iter().flatten().cloned().collect();
    granted_ids.sort();
    granted_ids.dedup();
    WabaAccess::NotGranted { granted_ids }
}

/// The report for a token Meta refused outright (a 190 error on the call itself).
pub fn rejected(rejection: CommandError, now: OffsetDateTime) -> TokenReport {
    let subcode = rejection.graph().and_then(|g| g.subcode);
    let title = match subcode {
        Some(463) => "The token has expired.",
        Some(460) => "The token was invalidated because the user changed their password.",
        Some(467) => "The token was invalidated because the user logged out or the session ended.",
        Some(458) => "The app was removed from the user's account, which revoked the token.",
        Some(492) => "The token's user is no longer an admin of the business.",
        _ => "Meta does not accept this token (mistyped, revoked or from another app).",
    };
    TokenReport {
        checked_at: rfc3339(now),
        valid: false,
        token_type: TokenType::Unknown,
        app_id: None,
        application: None,
        app_matches_profile: None,
        expires_at: None,
        never_expires: false,
        scopes: Vec::new(),
        has_management: false,
        has_messaging: false,
        waba_access: WabaAccess::Unknown,
        waba_name: None,
        waba_read_error: None,
        findings: vec![Finding::fail(Topic::Validity, title, NEW_TOKEN_FIX)],
        rejection: Some(rejection),
    }
}

/// Meta's answer to an expired token (190/463), for tests here and in the checklist.
#[cfg(test)]
pub(crate) fn expired_token_rejection() -> CommandError {
    use crate::error::{ErrorCode, ErrorDetails, GraphErrorDetails};
    let g = GraphErrorDetails {
        http_status: 401,
        code: 190,
        subcode: Some(463),
        error_type: Some("OAuthException".into()),
        graph_message: "Error validating access token: Session has expired".into(),
        details: None,
        fbtrace_id: None,
        user_title: None,
        user_msg: None,
        is_transient: None,
        www_authenticate: None,
        raw: String::new(),
        diagnosis: None,
    };
    CommandError::new(ErrorCode::Graph, "x").with_details(ErrorDetails::Graph(Box::new(g)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const APP: &str = "634974688087057";
    const WABA: &str = "102290129340398";
    const NOW: OffsetDateTime = datetime!(2026-11-26 12:00 UTC);

    fn system_user() -> TokenFacts {
        TokenFacts {
            is_valid: true,
            token_type: Some("SYSTEM_USER".into()),
            app_id: Some(APP.into()),
            application: Some("Lucky Shrub".into()),
            expires_at: 0,
            scopes: vec![SCOPE_MANAGEMENT.into(), SCOPE_MESSAGING.into()],
            granular_scopes: vec![
                (SCOPE_MANAGEMENT.into(), None),
                (SCOPE_MESSAGING.into(), None),
            ],
            error_message: None,
        }
    }

    #[test]
    fn pasted_input_is_cleaned() {
        assert_eq!(clean_token_input("  EAAx\n").unwrap(), "EAAx");
        assert_eq!(clean_token_input("Bearer EAAx").unwrap(), "EAAx");
        assert!(clean_token_input(" \t ")
            .unwrap_err()
            .message
            .contains("empty"));
        let err = clean_token_input("EAAx EAAy").unwrap_err();
        assert!(err.message.contains("spaces") && !err.message.contains("EAAx"));
    }

    #[test]
    fn a_never_expiring_system_user_token_with_both_scopes_passes() {
        let r = evaluate(&system_user(), APP, WABA, NOW);
        assert!(r.passes(), "{:?}", r.findings);
        assert!(r.findings.is_empty());
        assert!(r.never_expires && r.expires_at.is_none());
        assert_eq!(r.token_type, TokenType::SystemUser);
        assert_eq!(r.waba_access, WabaAccess::Unrestricted);
        assert_eq!(r.app_matches_profile, Some(true));
    }

    #[test]
    fn a_24h_user_token_fails_and_warns_with_its_expiry() {
        let mut f = system_user();
        f.token_type = Some("USER".into());
        f.expires_at = (NOW + time::Duration::hours(23)).unix_timestamp();
        let r = evaluate(&f, APP, WABA, NOW);
        assert!(!r.passes());
        assert_eq!(r.expires_at.as_deref(), Some("2026-11-27T11:00:00Z"));
        assert!(r
            .findings
            .iter()
            .any(|x| x.severity == Severity::Warn && x.title.contains("in 23 h")));
        assert!(r.findings.iter().any(|x| x.title.contains("user token")));
    }

    #[test]
    fn a_missing_scope_is_named() {
        let mut f = system_user();
        f.scopes.retain(|s| s != SCOPE_MESSAGING);
        let r = evaluate(&f, APP, WABA, NOW);
        assert!(!r.has_messaging && r.has_management);
        assert!(r
            .findings
            .iter()
            .any(|x| x.title == "The token lacks whatsapp_business_messaging."));
    }

    #[test]
    fn target_ids_decide_waba_access() {
        let mut f = system_user();
        f.granular_scopes = vec![
            (
                SCOPE_MANAGEMENT.into(),
                Some(vec![WABA.into(), "999".into()]),
            ),
            (SCOPE_MESSAGING.into(), Some(vec![WABA.into()])),
        ];
        assert_eq!(
            evaluate(&f, APP, WABA, NOW).waba_access,
            WabaAccess::Granted
        );
        f.granular_scopes[1].1 = Some(vec!["999".into()]);
        let r = evaluate(&f, APP, WABA, NOW);
        assert_eq!(
            r.waba_access,
            WabaAccess::NotGranted {
                granted_ids: vec![WABA.into(), "999".into()]
            }
        );
        assert!(!r.passes());
    }

    #[test]
    fn an_expired_expiry_is_invalid_even_if_flagged_valid() {
        let mut f = system_user();
        f.expires_at = (NOW - time::Duration::hours(1)).unix_timestamp();
        let r = evaluate(&f, APP, WABA, NOW);
        assert!(!r.valid && !r.passes());
    }

    #[test]
    fn another_apps_token_is_flagged() {
        let r = evaluate(&system_user(), "111", WABA, NOW);
        assert_eq!(r.app_matches_profile, Some(false));
        assert!(!r.passes());
    }

    #[test]
    fn a_rejected_token_explains_the_subcode() {
        let r = rejected(expired_token_rejection(), NOW);
        assert!(!r.valid);
        assert_eq!(r.findings[0].title, "The token has expired.");
        assert!(r.findings[0].fix.contains("Never"));
    }
}
