//! Access tokens as Graph sees them: who issued them, when they expire, which scopes (and which
//! WABAs) they grant. Authentication, permission checks and `debug_token` all read from here.

use serde_json::{json, Value};
use time::OffsetDateTime;

use crate::envelope::GraphError;

pub(crate) const MANAGEMENT: &str = "whatsapp_business_management";
pub(crate) const MESSAGING: &str = "whatsapp_business_messaging";
pub(crate) const BUSINESS: &str = "business_management";

/// `type` in debug_token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    SystemUser,
    User,
}

impl TokenKind {
    fn as_str(self) -> &'static str {
        match self {
            TokenKind::SystemUser => "SYSTEM_USER",
            TokenKind::User => "USER",
        }
    }
}

/// One granted scope.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub scope: &'static str,
    /// `Some(ids)`: listed in `granular_scopes`, restricted to these assets (all assets when empty).
    /// `None`: only in `scopes`.
    pub targets: Option<Vec<String>>,
}

/// A token the sandbox issued.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub value: String,
    pub kind: TokenKind,
    pub user_id: String,
    pub issued_at: OffsetDateTime,
    /// `None` = never expires (`expires_at: 0`).
    pub expires_at: Option<OffsetDateTime>,
    /// `None` = no data-access expiry (`data_access_expires_at: 0`, system users).
    pub data_access_expires_at: Option<OffsetDateTime>,
    pub grants: Vec<Grant>,
}

/// Why a token may not touch an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Denial {
    /// The scope is not granted at all.
    MissingScope,
    /// The scope is granted for other assets only (Graph then hides the object).
    AssetNotGranted,
}

impl Token {
    /// The same token under another value: what an extra token the sandbox was told to accept
    /// grants (`SandboxConfig::extra_tokens`).
    pub(crate) fn with_value(&self, value: &str) -> Token {
        Token {
            value: value.to_owned(),
            ..self.clone()
        }
    }

    /// The expiry instant, if the token has expired by `now`.
    pub(crate) fn expired_at(&self, now: OffsetDateTime) -> Option<OffsetDateTime> {
        self.expires_at.filter(|&at| at <= now)
    }

    /// Whether the token may use `scope` on the asset `asset_id` (a WABA ID).
    pub(crate) fn allows(&self, scope: &str, asset_id: &str) -> Result<(), Denial> {
        let grant = self
            .grants
            .iter()
            .find(|grant| grant.scope == scope)
            .ok_or(Denial::MissingScope)?;
        match &grant.targets {
            Some(ids) if !ids.is_empty() && !ids.iter().any(|id| id == asset_id) => {
                Err(Denial::AssetNotGranted)
            }
            _ => Ok(()),
        }
    }

    /// The `data` object `debug_token` returns for this token.
    pub(crate) fn debug_data(&self, app_id: &str, app_name: &str, now: OffsetDateTime) -> Value {
        let scopes: Vec<&str> = self.grants.iter().map(|grant| grant.scope).collect();
        let granular: Vec<Value> = self
            .grants
            .iter()
            .filter_map(|grant| {
                let ids = grant.targets.as_ref()?;
                Some(if ids.is_empty() {
                    json!({ "scope": grant.scope })
                } else {
                    json!({ "scope": grant.scope, "target_ids": ids })
                })
            })
            .collect();
        let mut data = json!({
            "app_id": app_id,
            "type": self.kind.as_str(),
            "application": app_name,
            "data_access_expires_at": unix_or_zero(self.data_access_expires_at),
            "expires_at": unix_or_zero(self.expires_at),
            "is_valid": self.expired_at(now).is_none(),
            "issued_at": self.issued_at.unix_timestamp(),
            "scopes": scopes,
            "granular_scopes": granular,
            "user_id": self.user_id,
        });
        if let (Some(expired_at), Value::Object(map)) = (self.expired_at(now), &mut data) {
            let error = GraphError::expired_token(expired_at, now);
            map.insert(
                "error".into(),
                json!({"code": 190, "message": error.message(), "subcode": 463}),
            );
        }
        data
    }
}

/// debug_token's answer for an `input_token` Graph cannot parse (HTTP 200, facts §3).
pub(crate) fn unparsable_debug_data() -> Value {
    json!({
        "error": {"code": 190, "message": GraphError::unparsable_token().message()},
        "is_valid": false,
        "scopes": [],
    })
}

fn unix_or_zero(at: Option<OffsetDateTime>) -> i64 {
    at.map_or(0, OffsetDateTime::unix_timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn token(expires_at: Option<OffsetDateTime>, grants: Vec<Grant>) -> Token {
        Token {
            value: "t".into(),
            kind: TokenKind::SystemUser,
            user_id: "1".into(),
            issued_at: datetime!(2025-01-01 00:00 UTC),
            expires_at,
            data_access_expires_at: None,
            grants,
        }
    }

    #[test]
    fn allows_checks_scope_then_targets() {
        let t = token(
            None,
            vec![
                Grant {
                    scope: MANAGEMENT,
                    targets: Some(vec!["111".into()]),
                },
                Grant {
                    scope: BUSINESS,
                    targets: None,
                },
                Grant {
                    scope: MESSAGING,
                    targets: Some(vec![]),
                },
            ],
        );
        assert_eq!(t.allows(MANAGEMENT, "111"), Ok(()));
        assert_eq!(t.allows(MANAGEMENT, "222"), Err(Denial::AssetNotGranted));
        assert_eq!(t.allows(BUSINESS, "222"), Ok(()));
        assert_eq!(t.allows(MESSAGING, "222"), Ok(()));
        assert_eq!(t.allows("ads_management", "111"), Err(Denial::MissingScope));
    }

    #[test]
    fn debug_data_of_an_expired_token_is_invalid_with_an_error() {
        let now = datetime!(2025-01-10 00:00 UTC);
        let t = token(
            Some(datetime!(2025-01-09 00:00 UTC)),
            vec![Grant {
                scope: MESSAGING,
                targets: Some(vec![]),
            }],
        );
        let data = t.debug_data("9", "App", now);
        assert_eq!(data["is_valid"], false);
        assert_eq!(data["expires_at"], 1_736_380_800);
        assert_eq!(data["data_access_expires_at"], 0);
        assert_eq!(data["error"]["code"], 190);
        assert_eq!(data["error"]["subcode"], 463);
        assert_eq!(data["granular_scopes"], json!([{"scope": MESSAGING}]));
    }
}
