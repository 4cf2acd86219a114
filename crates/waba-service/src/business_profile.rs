//! The Profile page's use cases (facts §17): reading the number's business profile, display name
//! and conversational components in one go, and saving each of them.
//!
//! Every save is checked with `waba_core::business_profile` first, so a value Meta would refuse
//! is refused here with the field and nothing is sent; each save is in the audit log and answers
//! what Meta reads back, not what was sent. The profile photo's upload is in `profile_photo`.

use base64::Engine as _;
use waba_core::audit::AuditAction;
use waba_core::business_profile::{
    check_automation, check_changes, check_display_name, check_photo, BusinessProfile,
    ConversationalAutomation, DisplayName, DisplayNameRequest, PhotoCheck, PhotoCheckRequest,
    ProfileChanges, ProfilePage, ProfileRules, SaveAutomationRequest, SaveProfileRequest,
};
use waba_core::profile::Profile;
use waba_core::token::Severity;
use waba_core::{CommandError, FieldError};
use waba_graph::{GraphClient, NumberProfileFields};
use waba_secrets::Secret;

use crate::doctor::now_rfc3339;
use crate::Console;

/// How long the photo fetch may take; the page shows the rest without it.
const PHOTO_FETCH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Fetches the profile photo from WhatsApp's CDN (or the sandbox) as a `data:` URL: https only
/// (http for a loopback host), no credentials, an image type, at most the photo size limit.
async fn photo_data_url(url: &str) -> Result<String, String> {
    let parsed =
        url::Url::parse(url).map_err(|e| format!("Meta's photo URL is not a URL ({e})."))?;
    let loopback = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    if !(parsed.scheme() == "https" || parsed.scheme() == "http" && loopback) {
        return Err(format!(
            "Meta's photo URL {url} is not https, so the console did not fetch it."
        ));
    }
    let unavailable = |e: reqwest::Error| {
        format!("The photo could not be fetched from {url} ({e}); WhatsApp still shows it. Reload the page to try again.")
    };
    let client = reqwest::Client::builder()
        .timeout(PHOTO_FETCH_TIMEOUT)
        .redirect(reqwest::redirect::Policy::limited(3))
        .build()
        .map_err(unavailable)?;
    let response = client.get(parsed).send().await.map_err(unavailable)?;
    if !response.status().is_success() {
        return Err(format!(
            "WhatsApp's CDN answered {} for the photo; it may have expired. Reload the page for a fresh link.",
            response.status()
        ));
    }
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if !matches!(
        content_type.as_str(),
        "image/jpeg" | "image/png" | "image/webp"
    ) {
        return Err(format!(
            "The photo link answered {content_type:?}, not an image, so it is not shown."
        ));
    }
    let too_large = || "The photo is larger than 5 MB, so it is not shown here.".to_owned();
    if response
        .content_length()
        .is_some_and(|n| n > waba_core::business_profile::PHOTO_MAX_BYTES)
    {
        return Err(too_large());
    }
    let bytes = response.bytes().await.map_err(unavailable)?;
    if bytes.len() as u64 > waba_core::business_profile::PHOTO_MAX_BYTES {
        return Err(too_large());
    }
    Ok(format!(
        "data:{content_type};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&bytes)
    ))
}

/// The changes a save may send: Meta's limits hold and something changes.
pub(crate) fn checked_changes(changes: &ProfileChanges) -> Result<&ProfileChanges, CommandError> {
    let errors = check_changes(changes);
    if !errors.is_empty() {
        return Err(CommandError::invalid_fields(errors));
    }
    if changes.is_empty() {
        return Err(CommandError::invalid_fields(vec![FieldError::new(
            "changes",
            "Nothing was changed, so there is nothing to save: edit a field first.",
        )]));
    }
    Ok(changes)
}

/// The name a change request may send (trimmed): no guideline it breaks outright. `current` is
/// the number's verified name when it is known.
pub(crate) fn checked_display_name<'a>(
    name: &'a str,
    current: Option<&str>,
) -> Result<&'a str, CommandError> {
    let fails: Vec<FieldError> = check_display_name(name, current)
        .into_iter()
        .filter(|finding| finding.severity == Severity::Fail)
        .map(|finding| FieldError::new("newName", finding.message))
        .collect();
    if fails.is_empty() {
        Ok(name.trim())
    } else {
        Err(CommandError::invalid_fields(fails))
    }
}

/// The set a save may send: Meta's limits hold.
pub(crate) fn checked_automation(
    automation: &ConversationalAutomation,
) -> Result<&ConversationalAutomation, CommandError> {
    let errors = check_automation(automation);
    if errors.is_empty() {
        Ok(automation)
    } else {
        Err(CommandError::invalid_fields(errors))
    }
}

/// A file's contents as the window sends them (base64), or the field error for `dataBase64`.
pub(crate) fn decoded_file(data_base64: &str) -> Result<Vec<u8>, CommandError> {
    base64::engine::general_purpose::STANDARD
        .decode(data_base64.trim())
        .map_err(|e| {
            CommandError::invalid_fields(vec![FieldError::new(
                "dataBase64",
                format!("The file's contents are not valid base64 ({e}); pick the file again."),
            )])
        })
}

/// Checks a picked profile photo (format, size, dimensions) before anything is sent. Local.
pub fn check_profile_photo(request: &PhotoCheckRequest) -> Result<PhotoCheck, CommandError> {
    let bytes = decoded_file(&request.data_base64)?;
    Ok(check_photo(&request.file_name, &bytes))
}

/// The display name as Meta reports it for the profile's number.
fn display_name(fields: &NumberProfileFields, profile: &Profile) -> DisplayName {
    DisplayName::explain(
        fields.verified_name.clone(),
        fields.name_status.clone(),
        fields.new_display_name.clone(),
        fields.new_name_status.clone(),
        &profile.waba_id,
    )
}

/// Reads the number's display-name and automation fields.
async fn number_fields(
    client: &GraphClient,
    token: &Secret,
    profile: &Profile,
) -> Result<NumberProfileFields, CommandError> {
    let request = client.describe_display_name_fields(&profile.phone_number_id);
    Ok(client.display_name_fields(token, &request).await?)
}

/// Reads the number's business profile.
pub(crate) async fn read_business_profile(
    client: &GraphClient,
    token: &Secret,
    phone_number_id: &str,
) -> Result<BusinessProfile, CommandError> {
    let request = client.describe_business_profile(phone_number_id);
    Ok(client.business_profile(token, &request).await?)
}

impl Console {
    /// Everything the Profile page shows, read fresh (see [`Self::profile_page_without_photo`]),
    /// with the current photo fetched as a `data:` URL for the window.
    pub async fn profile_page(&self, profile_id: &str) -> Result<ProfilePage, CommandError> {
        let mut page = self.profile_page_without_photo(profile_id).await?;
        if let Some(url) = &page.profile.profile_picture_url {
            match photo_data_url(url).await {
                Ok(data) => page.photo_data_url = Some(data),
                Err(problem) => page.photo_problem = Some(problem),
            }
        }
        Ok(page)
    }

    /// The business profile and the number's display-name and automation fields, read fresh,
    /// the two reads sent together; the photo only as Meta's URL (the CLI's `show`).
    pub async fn profile_page_without_photo(
        &self,
        profile_id: &str,
    ) -> Result<ProfilePage, CommandError> {
        let profile = self.profile(profile_id).await?;
        let (client, token) = self.session(&profile).await?;
        let phone_number_id = profile.phone_number_id.as_str();
        let profile_read = client.describe_business_profile(phone_number_id);
        let fields_read = client.describe_display_name_fields(phone_number_id);
        let (business, fields) = tokio::join!(
            client.business_profile(&token, &profile_read),
            client.display_name_fields(&token, &fields_read)
        );
        let (business, fields) = (business?, fields?);
        Ok(ProfilePage {
            photo_data_url: None,
            photo_problem: None,
            profile_id: profile.id.clone(),
            phone_number_id: phone_number_id.to_owned(),
            display_phone_number: fields.display_phone_number.clone(),
            profile: business,
            display_name: display_name(&fields, &profile),
            automation: fields.conversational_automation,
            rules: ProfileRules::current(),
            read_at: now_rfc3339(),
            requests: vec![profile_read, fields_read],
        })
    }

    /// Saves the changed fields of the business profile (checked first; nothing is sent when a
    /// value breaks Meta's limits or nothing changes) and answers the profile read back.
    pub async fn save_business_profile(
        &self,
        request: &SaveProfileRequest,
    ) -> Result<BusinessProfile, CommandError> {
        let changes = checked_changes(&request.changes)?;
        let profile = self.profile(&request.profile_id).await?;
        let (client, token) = self.session(&profile).await?;
        let phone_number_id = profile.phone_number_id.as_str();
        let update = client.describe_update_business_profile(phone_number_id, changes);
        self.audited(
            Some(&profile.id),
            AuditAction::BusinessProfileSaved,
            Some(phone_number_id),
            async { Ok(client.update_business_profile(&token, &update).await?) },
        )
        .await?;
        read_business_profile(&client, &token, phone_number_id).await
    }

    /// Asks Meta to review a new display name, once it breaks no guideline outright and differs
    /// from the current one; answers the display name read back (the request under review).
    pub async fn request_display_name(
        &self,
        request: &DisplayNameRequest,
    ) -> Result<DisplayName, CommandError> {
        checked_display_name(&request.new_name, None)?;
        let profile = self.profile(&request.profile_id).await?;
        let (client, token) = self.session(&profile).await?;
        let current = number_fields(&client, &token, &profile).await?;
        let name = checked_display_name(&request.new_name, current.verified_name.as_deref())?;
        let change = client.describe_request_display_name(&profile.phone_number_id, name);
        self.audited(
            Some(&profile.id),
            AuditAction::DisplayNameRequested,
            Some(name),
            async { Ok(client.request_display_name(&token, &change).await?) },
        )
        .await?;
        let fields = number_fields(&client, &token, &profile).await?;
        Ok(display_name(&fields, &profile))
    }

    /// Saves the number's conversational components as a whole (checked first) and answers the
    /// set read back.
    pub async fn save_automation(
        &self,
        request: &SaveAutomationRequest,
    ) -> Result<ConversationalAutomation, CommandError> {
        let automation = checked_automation(&request.automation)?;
        let profile = self.profile(&request.profile_id).await?;
        let (client, token) = self.session(&profile).await?;
        let save = client.describe_save_automation(&profile.phone_number_id, automation);
        self.audited(
            Some(&profile.id),
            AuditAction::AutomationSaved,
            Some(&profile.phone_number_id),
            async { Ok(client.save_automation(&token, &save).await?) },
        )
        .await?;
        let fields = number_fields(&client, &token, &profile).await?;
        // Meta leaves the field out when nothing is configured, which an all-empty save is.
        Ok(fields.conversational_automation.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_without_changes_or_with_a_bad_value_is_refused_by_field() {
        let none = checked_changes(&ProfileChanges::default()).unwrap_err();
        assert_eq!(none.code, waba_core::ErrorCode::InvalidInput);
        assert!(
            none.message.contains("Nothing was changed"),
            "{}",
            none.message
        );
        let long = ProfileChanges {
            about: Some("x".repeat(140)),
            ..ProfileChanges::default()
        };
        let err = checked_changes(&long).unwrap_err();
        assert!(err.message.starts_with("about:"), "{}", err.message);
    }

    #[test]
    fn a_name_that_breaks_a_guideline_outright_is_refused_on_new_name() {
        let err = checked_display_name("ab", None).unwrap_err();
        assert!(err.message.starts_with("newName:"), "{}", err.message);
        assert_eq!(
            checked_display_name("  Lucky Shrub ", None).unwrap(),
            "Lucky Shrub"
        );
        assert!(checked_display_name("Lucky Shrub", Some("Lucky Shrub")).is_err());
    }

    #[test]
    fn a_photo_that_is_not_base64_is_refused_on_its_field() {
        let err = check_profile_photo(&PhotoCheckRequest {
            file_name: "logo.png".into(),
            data_base64: "not base64!".into(),
        })
        .unwrap_err();
        assert!(err.message.starts_with("dataBase64:"), "{}", err.message);
    }
}
