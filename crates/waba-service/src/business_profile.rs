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
    ConversationalAutomation, DisplayName, DisplayNameRequest, NameUpdate, PhotoCheck,
    PhotoCheckRequest, ProfileChanges, ProfilePage, ProfileRules, SaveAutomationRequest,
    SaveProfileRequest,
};
use waba_core::profile::Profile;
use waba_core::token::Severity;
use waba_core::webhook::WebhookEvent;
use waba_core::{CommandError, FieldError};
use waba_graph::{GraphClient, NumberProfileFields};
use waba_secrets::Secret;
use waba_store::EventFilter;

use crate::doctor::now_rfc3339;
use crate::Console;

/// How long the photo fetch may take; the page shows the rest without it.
const PHOTO_FETCH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How many redirects the photo fetch follows.
const PHOTO_MAX_REDIRECTS: usize = 3;

/// Whether the console may fetch a photo from `url`: https, or http to a loopback host (the
/// sandbox).
fn photo_url_allowed(url: &url::Url) -> bool {
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    url.scheme() == "https" || url.scheme() == "http" && loopback
}

/// Follows at most [`PHOTO_MAX_REDIRECTS`] redirects, each to an address
/// [`photo_url_allowed`] allows, so a redirect cannot turn the fetch into a cleartext one.
fn photo_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() > PHOTO_MAX_REDIRECTS {
            attempt.error(format!("more than {PHOTO_MAX_REDIRECTS} redirects"))
        } else if !photo_url_allowed(attempt.url()) {
            let to = attempt.url().to_string();
            attempt.error(format!("it redirected to {to}, which is not https"))
        } else {
            attempt.follow()
        }
    })
}

/// Fetches the profile photo from WhatsApp's CDN (or the sandbox) as a `data:` URL: https only
/// (http for a loopback host), on every redirect too; no credentials; an image type; at most
/// the photo size limit, read in chunks and given up as soon as it is past it.
async fn photo_data_url(url: &str) -> Result<String, String> {
    let parsed =
        url::Url::parse(url).map_err(|e| format!("Meta's photo URL is not a URL ({e})."))?;
    if !photo_url_allowed(&parsed) {
        return Err(format!(
            "Meta's photo URL {url} is not https, so the console did not fetch it."
        ));
    }
    let unavailable = |e: reqwest::Error| {
        let reason = match std::error::Error::source(&e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        };
        format!("The photo could not be fetched from {url} ({reason}); WhatsApp still shows it. Reload the page to try again.")
    };
    let client = reqwest::Client::builder()
        .timeout(PHOTO_FETCH_TIMEOUT)
        .redirect(photo_redirects())
        .build()
        .map_err(unavailable)?;
    let mut response = client.get(parsed).send().await.map_err(unavailable)?;
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
    let max = waba_core::business_profile::PHOTO_MAX_BYTES;
    let too_large = || "The photo is larger than 5 MB, so it is not shown here.".to_owned();
    if response.content_length().is_some_and(|n| n > max) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(unavailable)? {
        if (bytes.len() + chunk.len()) as u64 > max {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(format!(
        "data:{content_type};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&bytes)
    ))
}

/// `changes` as a save sends them, the same from the window and the CLI's raw flags: text fields
/// and the vertical trimmed, blank websites dropped (so a list of only blanks clears them).
fn normalized(changes: &ProfileChanges) -> ProfileChanges {
    let text = |value: &Option<String>| value.as_deref().map(|v| v.trim().to_owned());
    ProfileChanges {
        about: text(&changes.about),
        address: text(&changes.address),
        description: text(&changes.description),
        email: text(&changes.email),
        websites: changes.websites.as_ref().map(|sites| {
            sites
                .iter()
                .map(|site| site.trim())
                .filter(|site| !site.is_empty())
                .map(str::to_owned)
                .collect()
        }),
        vertical: text(&changes.vertical),
    }
}

/// The changes a save sends, normalized (see [`normalized`]): Meta's limits hold and something
/// changes.
pub(crate) fn checked_changes(changes: &ProfileChanges) -> Result<ProfileChanges, CommandError> {
    let changes = normalized(changes);
    let errors = check_changes(&changes);
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

/// How many stored display-name webhooks of the WABA are looked through for the number's.
const NAME_UPDATES_SCANNED: u32 = 50;

impl Console {
    /// The newest `phone_number_name_update` the receiver stored for the number: Meta names it
    /// only by its display number (digits), so it is matched on those. Local, no Graph call.
    async fn last_name_update(
        &self,
        profile: &Profile,
        display_phone_number: Option<&str>,
    ) -> Result<Option<NameUpdate>, CommandError> {
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        let Some(number) = display_phone_number.map(digits).filter(|d| !d.is_empty()) else {
            return Ok(None);
        };
        let filter = EventFilter {
            kind: Some("phone.name".into()),
            waba_id: Some(profile.waba_id.clone()),
            ..EventFilter::default()
        };
        let events = self
            .store
            .webhook_events(&filter, NAME_UPDATES_SCANNED)
            .await
            .map_err(crate::errors::store)?;
        Ok(events.iter().find_map(|stored| {
            let event: WebhookEvent = serde_json::from_str(&stored.event).ok()?;
            let value = &event.value;
            let sent_for = value.get("display_phone_number")?.as_str()?;
            (digits(sent_for) == number)
                .then(|| NameUpdate::from_value(value, &stored.received_at))
                .flatten()
        }))
    }

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
        let mut display_name = display_name(&fields, &profile);
        display_name.last_update = self
            .last_name_update(&profile, fields.display_phone_number.as_deref())
            .await?;
        Ok(ProfilePage {
            photo_data_url: None,
            photo_problem: None,
            profile_id: profile.id.clone(),
            phone_number_id: phone_number_id.to_owned(),
            display_phone_number: fields.display_phone_number.clone(),
            profile: business,
            display_name,
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
        let update = client.describe_update_business_profile(phone_number_id, &changes);
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
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A loopback server for the photo fetch: `/hop` redirects to `/photo.png`, `/away`
    /// redirects to plain http on another host, `/photo.png` is a small PNG, and `/endless`
    /// streams a PNG without a Content-Length that never ends. Answers its base URL.
    async fn photo_server() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buf = [0; 1024];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buf[..n]),
                        }
                    }
                    let path = String::from_utf8_lossy(&request)
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or_default()
                        .to_owned();
                    let redirect = |to: &str| {
                        format!("HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\n\r\n")
                    };
                    let answer = match path.as_str() {
                        "/hop" => redirect("/photo.png"),
                        "/away" => redirect("http://example.invalid/photo.png"),
                        "/photo.png" => "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 3\r\n\r\nPNG".to_owned(),
                        "/endless" => {
                            let head = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n";
                            if socket.write_all(head.as_bytes()).await.is_err() {
                                return;
                            }
                            let mut chunk = format!("{:x}\r\n", 64 * 1024).into_bytes();
                            chunk.extend(vec![0u8; 64 * 1024]);
                            chunk.extend_from_slice(b"\r\n");
                            while socket.write_all(&chunk).await.is_ok() {}
                            return;
                        }
                        _ => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_owned(),
                    };
                    let _ = socket.write_all(answer.as_bytes()).await;
                });
            }
        });
        base
    }

    #[tokio::test]
    async fn the_photo_fetch_follows_a_loopback_redirect_but_not_one_to_plain_http() {
        let base = photo_server().await;
        let photo = photo_data_url(&format!("{base}/hop")).await.unwrap();
        assert_eq!(photo, "data:image/png;base64,UE5H");
        let refused = photo_data_url(&format!("{base}/away")).await.unwrap_err();
        assert!(
            refused.contains("redirected to http://example.invalid/photo.png, which is not https"),
            "{refused}"
        );
    }

    #[tokio::test]
    async fn the_photo_fetch_stops_reading_once_past_5_mb_without_a_content_length() {
        let base = photo_server().await;
        let started = std::time::Instant::now();
        let err = photo_data_url(&format!("{base}/endless"))
            .await
            .unwrap_err();
        assert!(err.contains("larger than 5 MB"), "{err}");
        assert!(
            started.elapsed() < PHOTO_FETCH_TIMEOUT,
            "it read until the timeout: {:?}",
            started.elapsed()
        );
    }

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
    fn a_save_sends_trimmed_values_and_no_blank_websites() {
        let raw = ProfileChanges {
            about: Some("  Succulent specialists! ".into()),
            email: Some(" lucky@luckyshrub.com ".into()),
            websites: Some(vec!["".into()]),
            vertical: Some(" RETAIL ".into()),
            ..ProfileChanges::default()
        };
        let sent = checked_changes(&raw).unwrap();
        assert_eq!(sent.about.as_deref(), Some("Succulent specialists!"));
        assert_eq!(sent.email.as_deref(), Some("lucky@luckyshrub.com"));
        assert_eq!(
            sent.websites,
            Some(Vec::new()),
            "a blank website clears the list"
        );
        assert_eq!(sent.vertical.as_deref(), Some("RETAIL"));
        let padded_past_the_limit = ProfileChanges {
            about: Some(format!(" {} ", "x".repeat(139))),
            ..ProfileChanges::default()
        };
        assert!(checked_changes(&padded_past_the_limit).is_ok());
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
