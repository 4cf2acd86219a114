//! Profiles: one per WhatsApp Business Account setup the admin works on.
//!
//! A profile holds only public identifiers. Its token lives in the OS keychain under the
//! profile's `id`, never in the database.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CommandError, FieldError};
use crate::ids::parse_graph_id;
use crate::versions::parse_version;

/// Meta's production Graph endpoint, used when a real profile names no base URL.
pub const META_GRAPH_BASE_URL: &str = "https://graph.facebook.com";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ProfileKind {
    /// Talks to the simulated Graph API built into the console.
    Sandbox,
    /// Talks to Meta (or to the base URL the admin set).
    Real,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub kind: ProfileKind,
    pub app_id: String,
    pub waba_id: String,
    pub phone_number_id: String,
    pub api_version: String,
    /// Real profiles: `None` means Meta's Graph endpoint. Sandbox profiles: always `None`; the
    /// embedded sandbox picks a free loopback port each start.
    pub base_url: Option<String>,
    /// Sandbox profiles: the simulated scenario (`fresh`, `healthy`, ...).
    pub scenario: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

impl Profile {
    /// The base URL the Graph client should use, for real profiles.
    pub fn real_base_url(&self) -> &str {
        self.base_url.as_deref().unwrap_or(META_GRAPH_BASE_URL)
    }
}

/// What the "Add profile" form (and `waba profile add`) sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewProfile {
    pub name: String,
    pub app_id: String,
    pub waba_id: String,
    pub phone_number_id: String,
    pub api_version: String,
    /// Empty or absent means Meta's Graph endpoint.
    pub base_url: Option<String>,
}

/// A `NewProfile` whose every field passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidNewProfile {
    pub name: String,
    pub app_id: String,
    pub waba_id: String,
    pub phone_number_id: String,
    pub api_version: String,
    pub base_url: Option<String>,
}

impl NewProfile {
    /// Validates every field at once so the form can highlight all problems in one go.
    pub fn validate(&self) -> Result<ValidNewProfile, CommandError> {
        let mut errors = Vec::new();
        let mut keep =
            |r: Result<String, FieldError>| r.map_err(|e| errors.push(e)).unwrap_or_default();

        let name = self.name.trim().to_owned();
        let name = keep(match name.chars().count() {
            0 => Err(FieldError::new(
                "name",
                "Name is required, for example \"Acme support line\".",
            )),
            n if n > 80 => Err(FieldError::new(
                "name",
                format!("Name is {n} characters long; keep it to 80."),
            )),
            _ => Ok(name),
        });
        let app_id = keep(parse_graph_id("appId", "App ID", &self.app_id));
        let waba_id = keep(parse_graph_id("wabaId", "WABA ID", &self.waba_id));
        let phone_number_id = keep(parse_graph_id(
            "phoneNumberId",
            "phone-number ID",
            &self.phone_number_id,
        ));
        let api_version =
            keep(parse_version(&self.api_version).map_err(|m| FieldError::new("apiVersion", m)));
        let base_url = self
            .base_url
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|url| keep(parse_base_url(url).map_err(|m| FieldError::new("baseUrl", m))));
        if !errors.is_empty() {
            return Err(CommandError::invalid_fields(errors));
        }
        if waba_id == phone_number_id {
            return Err(CommandError::invalid_fields(vec![FieldError::new(
                "phoneNumberId",
                "The phone-number ID equals the WABA ID; they are different objects. Copy the \
                 phone-number ID from WhatsApp > API Setup.",
            )]));
        }
        Ok(ValidNewProfile {
            name,
            app_id,
            waba_id,
            phone_number_id,
            api_version,
            base_url,
        })
    }
}

/// Accepts `https://host[:port][/path]`, or `http://` for a loopback host only (the token
/// travels in the `Authorization` header, so cleartext is allowed only where it never leaves the
/// machine: a local proxy or a sandbox). Strips a trailing slash.
pub fn parse_base_url(input: &str) -> Result<String, String> {
    let url = url::Url::parse(input).map_err(|e| {
        format!("\"{input}\" is not a URL ({e}); use one such as {META_GRAPH_BASE_URL}.")
    })?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => {
            return Err(format!(
                "\"{input}\" has no host name; use a URL such as {META_GRAPH_BASE_URL}."
            ))
        }
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(format!(
                "\"{input}\" uses http://, which would send the token unencrypted; use https:// (http:// is allowed only for localhost or 127.0.0.1)."
            ))
        }
        other => {
            return Err(format!(
                "Base URL must start with https://; \"{input}\" uses {other}:."
            ))
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "\"{input}\" has a user name or password in it; remove it (the console signs in with the token)."
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "\"{input}\" has a query or fragment; give only the scheme, host, port and path."
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// What `list_profiles` returns: every profile and which one is active.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProfileList {
    pub profiles: Vec<Profile>,
    pub active_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorCode, ErrorDetails};

    fn form() -> NewProfile {
        NewProfile {
            name: " Acme ".into(),
            app_id: "634974688087057".into(),
            waba_id: "102290129340398".into(),
            phone_number_id: "106540352242922".into(),
            api_version: "v24.0".into(),
            base_url: None,
        }
    }

    #[test]
    fn a_good_form_is_trimmed_and_accepted() {
        let valid = form().validate().unwrap();
        assert_eq!(valid.name, "Acme");
        assert_eq!(valid.base_url, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = NewProfile {
            name: "".into(),
            app_id: "abc".into(),
            waba_id: "+1 415 555 0100".into(),
            phone_number_id: "".into(),
            api_version: "24".into(),
            base_url: Some("graph.example".into()),
        };
        let err = bad.validate().unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        let Some(ErrorDetails::Fields { fields }) = err.details else {
            panic!("no field details")
        };
        let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            names,
            [
                "name",
                "appId",
                "wabaId",
                "phoneNumberId",
                "apiVersion",
                "baseUrl"
            ]
        );
    }

    #[test]
    fn same_id_twice_is_refused() {
        let mut f = form();
        f.phone_number_id = f.waba_id.clone();
        assert!(f
            .validate()
            .unwrap_err()
            .message
            .contains("equals the WABA ID"));
    }

    #[test]
    fn base_url_is_normalised() {
        let mut f = form();
        f.base_url = Some(" http://127.0.0.1:8080/ ".into());
        assert_eq!(
            f.validate().unwrap().base_url.as_deref(),
            Some("http://127.0.0.1:8080")
        );
        f.base_url = Some("   ".into());
        assert_eq!(f.validate().unwrap().base_url, None);
        f.base_url = Some("https://graph.example/proxy/".into());
        assert_eq!(
            f.validate().unwrap().base_url.as_deref(),
            Some("https://graph.example/proxy")
        );
    }

    #[test]
    fn cleartext_base_urls_are_for_loopback_hosts_only() {
        for ok in [
            "http://localhost:8080",
            "http://127.0.0.1",
            "http://127.1.2.3:9",
            "http://[::1]:8080",
            "https://graph.facebook.com",
        ] {
            assert!(parse_base_url(ok).is_ok(), "{ok}");
        }
        let refused = |url: &str| parse_base_url(url).unwrap_err();
        assert!(refused("http://graph.example").contains("unencrypted"));
        assert!(refused("http://10.0.0.5:8080").contains("unencrypted"));
        assert!(refused("http://localhost.evil.example").contains("unencrypted"));
        assert!(refused("ftp://graph.example").contains("https://"));
        assert!(refused("graph.example").contains("not a URL"));
        assert!(refused("https://user:pw@graph.example").contains("password"));
        assert!(refused("https://graph.example/?access_token=x").contains("query"));
        let mut f = form();
        f.base_url = Some("http://graph.example".into());
        let err = f.validate().unwrap_err();
        assert_eq!(err.code, crate::ErrorCode::InvalidInput);
        assert!(err.message.contains("baseUrl"));
    }
}
