//! The business profile's fields (facts §17.1): what Meta keeps, the `vertical` list, and every
//! limit Meta sets, checked before a save so a bad value gets a clear message instead of Meta's
//! terse 100; and the diff between the profile as read and as typed.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::FieldError;

/// `about`: 1 to 139 characters, never empty.
pub const ABOUT_MAX: usize = 139;
pub const ADDRESS_MAX: usize = 256;
/// Meta's guide says 512; its Postman collection and one BSP say 256 (facts §17.1).
pub const DESCRIPTION_MAX: usize = 512;
pub const EMAIL_MAX: usize = 128;
pub const WEBSITES_MAX: usize = 2;
pub const WEBSITE_MAX: usize = 256;

/// The `vertical` values Meta accepts on a save, with the label WhatsApp Manager shows.
pub const VERTICALS: &[(&str, &str)] = &[
    ("ALCOHOL", "Alcoholic beverages"),
    ("APPAREL", "Clothing and apparel"),
    ("AUTO", "Automotive"),
    ("BEAUTY", "Beauty, spa and salon"),
    ("EDU", "Education"),
    ("ENTERTAIN", "Entertainment"),
    ("EVENT_PLAN", "Event planning and service"),
    ("FINANCE", "Finance and banking"),
    ("GOVT", "Public service"),
    ("GROCERY", "Food and grocery"),
    ("HEALTH", "Medical and health"),
    ("HOTEL", "Hotel and lodging"),
    ("NONPROFIT", "Non-profit"),
    ("ONLINE_GAMBLING", "Online gambling and gaming"),
    ("OTC_DRUGS", "Over-the-counter drugs"),
    ("OTHER", "Other"),
    ("PHYSICAL_GAMBLING", "Non-online gambling and gaming"),
    ("PROF_SERVICES", "Professional services"),
    ("RESTAURANT", "Restaurant"),
    ("RETAIL", "Shopping and retail"),
    ("TRAVEL", "Travel and transportation"),
];

/// Values a profile may still read as (a never-set vertical reads `UNDEFINED`) but that a save
/// should not send.
pub const LEGACY_VERTICALS: &[&str] = &["UNDEFINED", "NOT_A_BIZ"];

/// A number's business profile as Meta answers it; a field Meta left out is `None` (or no
/// websites).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct BusinessProfile {
    pub about: Option<String>,
    pub address: Option<String>,
    pub description: Option<String>,
    pub email: Option<String>,
    pub websites: Vec<String>,
    /// Meta's value (`RETAIL`); `UNDEFINED` on a profile never edited.
    pub vertical: Option<String>,
    /// The photo on WhatsApp's CDN; changed only by uploading a new one.
    pub profile_picture_url: Option<String>,
}

/// The fields a save changes; `None` leaves a field as it is (Meta takes partial bodies), an
/// empty string clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct ProfileChanges {
    #[serde(default)]
    pub about: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub websites: Option<Vec<String>>,
    #[serde(default)]
    pub vertical: Option<String>,
}

impl ProfileChanges {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One field a save would change, for the confirmation before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldChange {
    /// Meta's field name (`about`, `websites`).
    pub field: String,
    /// How the page labels it.
    pub label: String,
    /// The value now (websites joined by a new line); `None` when unset.
    pub before: Option<String>,
    /// The value after the save; `None` when the save clears it.
    pub after: Option<String>,
}

fn trimmed(value: &Option<String>) -> String {
    value
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned()
}

fn sites(list: &[String]) -> Vec<String> {
    list.iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The changes that turn `current` into `edited`: each field whose trimmed value differs
/// (websites compared as a list without blanks). The photo is not a field here.
pub fn changes_between(current: &BusinessProfile, edited: &BusinessProfile) -> ProfileChanges {
    let text = |before: &Option<String>, after: &Option<String>| {
        let after = trimmed(after);
        (trimmed(before) != after).then_some(after)
    };
    let vertical = {
        let before = trimmed(&current.vertical);
        let after = trimmed(&edited.vertical);
        // A never-set vertical reads UNDEFINED; leaving the picker empty changes nothing.
        let unset = |v: &str| v.is_empty() || LEGACY_VERTICALS.contains(&v);
        (before != after && !(unset(&before) && after.is_empty())).then_some(after)
    };
    let websites = {
        let after = sites(&edited.websites);
        (sites(&current.websites) != after).then_some(after)
    };
    ProfileChanges {
        about: text(&current.about, &edited.about),
        address: text(&current.address, &edited.address),
        description: text(&current.description, &edited.description),
        email: text(&current.email, &edited.email),
        websites,
        vertical,
    }
}

/// How a `vertical` reads to a person: WhatsApp Manager's label with Meta's value
/// (`Shopping and retail (RETAIL)`), or the value itself when Meta no longer lists it.
pub fn vertical_label(value: &str) -> String {
    VERTICALS
        .iter()
        .find(|(v, _)| *v == value)
        .map_or_else(|| value.to_owned(), |(v, label)| format!("{label} ({v})"))
}

/// What `changes` does to `current`, field by field, in the page's order.
pub fn diff(current: &BusinessProfile, changes: &ProfileChanges) -> Vec<FieldChange> {
    let non_empty = |v: String| (!v.is_empty()).then_some(v);
    let mut out = Vec::new();
    let mut text = |field: &str, label: &str, before: &Option<String>, after: &Option<String>| {
        if let Some(after) = after {
            out.push(FieldChange {
                field: field.into(),
                label: label.into(),
                before: non_empty(trimmed(before)),
                after: non_empty(after.trim().to_owned()),
            });
        }
    };
    text("about", "About", &current.about, &changes.about);
    text(
        "description",
        "Description",
        &current.description,
        &changes.description,
    );
    text("address", "Address", &current.address, &changes.address);
    text("email", "Email", &current.email, &changes.email);
    if let Some(after) = &changes.websites {
        out.push(FieldChange {
            field: "websites".into(),
            label: "Websites".into(),
            before: non_empty(sites(&current.websites).join("\n")),
            after: non_empty(sites(after).join("\n")),
        });
    }
    if let Some(after) = &changes.vertical {
        out.push(FieldChange {
            field: "vertical".into(),
            label: "Industry".into(),
            before: non_empty(trimmed(&current.vertical)).map(|v| vertical_label(&v)),
            after: non_empty(after.trim().to_owned()).map(|v| vertical_label(&v)),
        });
    }
    out
}

/// Values Meta accepts that still deserve a second look: a website on plain `http://` (WhatsApp
/// opens it, and the visitor's browser warns that the page is not secure).
pub fn check_warnings(changes: &ProfileChanges) -> Vec<FieldError> {
    let Some(websites) = &changes.websites else {
        return Vec::new();
    };
    sites(websites)
        .iter()
        .enumerate()
        .filter(|(_, site)| site.to_ascii_lowercase().starts_with("http://"))
        .map(|(i, site)| {
            FieldError::new(
                &format!("websites.{i}"),
                format!(
                    "\"{site}\" uses http://: Meta accepts it, but customers' browsers will warn that the page is not secure. Use the https:// address if the site has one."
                ),
            )
        })
        .collect()
}

fn length(text: &str) -> usize {
    text.chars().count()
}

/// The error for `text` (shown as `what`) when it is longer than Meta's `max` characters.
pub(super) fn too_long(field: &str, what: &str, text: &str, max: usize) -> Option<FieldError> {
    let n = length(text);
    (n > max).then(|| {
        FieldError::new(
            field,
            format!(
                "{what} is {n} characters long: Meta allows at most {max}. Shorten it by {}.",
                n - max
            ),
        )
    })
}

/// Whether `email` has the form Meta checks: one `@`, something before it, a domain with a dot
/// after it, no spaces.
fn email_form(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain.split_once('.').is_some_and(|(name, rest)| {
            !name.is_empty() && !rest.is_empty() && !rest.ends_with('.')
        })
}

fn website_errors(index: usize, site: &str) -> Option<FieldError> {
    let field = format!("websites.{index}");
    let site = site.trim();
    if let Some(error) = too_long(&field, &format!("Website {}", index + 1), site, WEBSITE_MAX) {
        return Some(error);
    }
    let scheme_ok = match url::Url::parse(site) {
        Ok(url) => matches!(url.scheme(), "https" | "http") && url.host().is_some(),
        Err(_) => false,
    };
    (!scheme_ok).then(|| {
        FieldError::new(
            &field,
            format!(
                "\"{site}\" is not a web address Meta accepts: it must start with https:// (or http://) and name a site. Type the full address, for example https://www.example.com."
            ),
        )
    })
}

/// Every value of `changes` that breaks Meta's limits, each with the field to fix (`websites.1`
/// for the second website). Empty: the save can go.
pub fn check_changes(changes: &ProfileChanges) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Some(about) = &changes.about {
        if about.trim().is_empty() {
            errors.push(FieldError::new(
                "about",
                "The about text cannot be empty: Meta refuses a profile without one. Type a short line (up to 139 characters).",
            ));
        }
        errors.extend(too_long("about", "The about text", about, ABOUT_MAX));
    }
    if let Some(address) = &changes.address {
        errors.extend(too_long("address", "The address", address, ADDRESS_MAX));
    }
    if let Some(description) = &changes.description {
        errors.extend(too_long(
            "description",
            "The description",
            description,
            DESCRIPTION_MAX,
        ));
    }
    if let Some(email) = changes
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        if let Some(error) = too_long("email", "The email", email, EMAIL_MAX) {
            errors.push(error);
        } else if !email_form(email) {
            errors.push(FieldError::new(
                "email",
                format!("\"{email}\" is not an email address: type it as name@example.com."),
            ));
        }
    }
    if let Some(websites) = &changes.websites {
        let given: Vec<&String> = websites.iter().filter(|w| !w.trim().is_empty()).collect();
        if given.len() > WEBSITES_MAX {
            errors.push(FieldError::new(
                "websites",
                format!(
                    "{} websites given: a WhatsApp profile shows at most {WEBSITES_MAX}. Remove {}.",
                    given.len(),
                    given.len() - WEBSITES_MAX
                ),
            ));
        }
        errors.extend(
            given
                .iter()
                .enumerate()
                .filter_map(|(i, site)| website_errors(i, site)),
        );
    }
    if let Some(vertical) = changes
        .vertical
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        if LEGACY_VERTICALS.contains(&vertical) {
            errors.push(FieldError::new(
                "vertical",
                format!("{vertical} is an old value Meta still reads but no longer lists: pick the industry from the list."),
            ));
        } else if !VERTICALS.iter().any(|(value, _)| *value == vertical) {
            errors.push(FieldError::new(
                "vertical",
                format!("\"{vertical}\" is not one of Meta's industries: pick one from the list (RETAIL, EDU, ...)."),
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(changes: &ProfileChanges) -> Vec<String> {
        check_changes(changes)
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn good_values_pass() {
        let changes = ProfileChanges {
            about: Some("Succulent specialists! 🌵".into()),
            address: Some("1 Hacker Way, Menlo Park, CA 94025".into()),
            description: Some("d".repeat(DESCRIPTION_MAX)),
            email: Some("lucky@luckyshrub.com".into()),
            websites: Some(vec![
                "https://www.luckyshrub.com".into(),
                "http://shop.luckyshrub.com/spring".into(),
            ]),
            vertical: Some("RETAIL".into()),
        };
        assert_eq!(check_changes(&changes), vec![]);
        assert!(
            check_changes(&ProfileChanges::default()).is_empty(),
            "nothing changed"
        );
        let cleared = ProfileChanges {
            vertical: Some(String::new()),
            email: Some(String::new()),
            websites: Some(vec![]),
            ..ProfileChanges::default()
        };
        assert!(check_changes(&cleared).is_empty(), "cleared fields");
    }

    #[test]
    fn about_is_required_and_at_most_139_characters() {
        let empty = ProfileChanges {
            about: Some("  ".into()),
            ..ProfileChanges::default()
        };
        assert_eq!(fields(&empty), ["about"]);
        let at_limit = ProfileChanges {
            about: Some("é".repeat(ABOUT_MAX)),
            ..ProfileChanges::default()
        };
        assert!(check_changes(&at_limit).is_empty(), "characters, not bytes");
        let over = ProfileChanges {
            about: Some("a".repeat(ABOUT_MAX + 1)),
            ..ProfileChanges::default()
        };
        let errors = check_changes(&over);
        assert_eq!(errors[0].field, "about");
        assert!(
            errors[0].message.contains("140 characters long"),
            "{}",
            errors[0].message
        );
        assert!(
            errors[0].message.contains("Shorten it by 1"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn lengths_of_address_description_and_email() {
        let over = ProfileChanges {
            address: Some("a".repeat(ADDRESS_MAX + 1)),
            description: Some("d".repeat(DESCRIPTION_MAX + 1)),
            email: Some(format!("{}@example.com", "n".repeat(EMAIL_MAX))),
            ..ProfileChanges::default()
        };
        assert_eq!(fields(&over), ["address", "description", "email"]);
    }

    #[test]
    fn emails_must_have_the_form_meta_checks() {
        for bad in [
            "lucky",
            "lucky@",
            "@shrub.com",
            "lucky@shrub",
            "lucky@@shrub.com",
            "lucky shrub@x.com",
            "a@b.",
        ] {
            let changes = ProfileChanges {
                email: Some(bad.into()),
                ..ProfileChanges::default()
            };
            let errors = check_changes(&changes);
            assert_eq!(errors.len(), 1, "{bad}");
            assert!(
                errors[0].message.contains("name@example.com"),
                "{bad}: {}",
                errors[0].message
            );
        }
    }

    #[test]
    fn at_most_two_websites_each_a_web_address() {
        let three = ProfileChanges {
            websites: Some(vec![
                "https://a.example".into(),
                "https://b.example".into(),
                "https://c.example".into(),
            ]),
            ..ProfileChanges::default()
        };
        let errors = check_changes(&three);
        assert_eq!(errors[0].field, "websites");
        assert!(
            errors[0].message.contains("at most 2. Remove 1"),
            "{}",
            errors[0].message
        );
        for bad in [
            "javascript:alert(1)",
            "www.example.com",
            "ftp://example.com/x",
            "https://",
        ] {
            let changes = ProfileChanges {
                websites: Some(vec!["https://ok.example".into(), bad.into()]),
                ..ProfileChanges::default()
            };
            assert_eq!(fields(&changes), ["websites.1"], "{bad}");
        }
        let long = ProfileChanges {
            websites: Some(vec![format!(
                "https://example.com/{}",
                "p".repeat(WEBSITE_MAX)
            )]),
            ..ProfileChanges::default()
        };
        assert_eq!(fields(&long), ["websites.0"]);
    }

    #[test]
    fn verticals_come_from_metas_list() {
        assert_eq!(VERTICALS.len(), 21);
        for (value, label) in VERTICALS {
            assert!(!label.is_empty());
            let changes = ProfileChanges {
                vertical: Some((*value).into()),
                ..ProfileChanges::default()
            };
            assert!(check_changes(&changes).is_empty(), "{value}");
        }
        for bad in ["UNDEFINED", "NOT_A_BIZ", "retail", "SHOPS"] {
            let changes = ProfileChanges {
                vertical: Some(bad.into()),
                ..ProfileChanges::default()
            };
            assert_eq!(fields(&changes), ["vertical"], "{bad}");
        }
    }

    fn read() -> BusinessProfile {
        BusinessProfile {
            about: Some("Succulent specialists!".into()),
            email: Some("lucky@luckyshrub.com".into()),
            websites: vec!["https://www.luckyshrub.com/".into()],
            vertical: Some("UNDEFINED".into()),
            profile_picture_url: Some("https://pps.whatsapp.net/p.jpg".into()),
            ..BusinessProfile::default()
        }
    }

    #[test]
    fn only_fields_that_differ_are_changes_and_the_diff_names_them() {
        let current = read();
        let mut edited = current.clone();
        edited.about = Some(" Succulent specialists! ".into());
        assert!(changes_between(&current, &edited).is_empty(), "trimmed");
        edited.vertical = Some(String::new());
        assert!(
            changes_between(&current, &edited).is_empty(),
            "an empty picker over UNDEFINED is no change"
        );
        edited.about = Some("Cacti too".into());
        edited.email = Some(String::new());
        edited.websites = vec!["https://www.luckyshrub.com/".into(), " ".into()];
        edited.vertical = Some("RETAIL".into());
        let changes = changes_between(&current, &edited);
        assert_eq!(
            changes,
            ProfileChanges {
                about: Some("Cacti too".into()),
                email: Some(String::new()),
                vertical: Some("RETAIL".into()),
                ..ProfileChanges::default()
            },
            "a blank website row is no change"
        );
        let diff = diff(&current, &changes);
        let fields: Vec<&str> = diff.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["about", "email", "vertical"]);
        assert_eq!(diff[1].after, None, "the email is cleared");
        assert_eq!(diff[2].before.as_deref(), Some("UNDEFINED"));
        assert_eq!(
            diff[2].after.as_deref(),
            Some("Shopping and retail (RETAIL)")
        );
    }

    #[test]
    fn a_plain_http_website_is_a_warning_not_an_error() {
        let changes = ProfileChanges {
            websites: Some(vec!["https://a.example".into(), "http://b.example".into()]),
            ..ProfileChanges::default()
        };
        assert!(check_changes(&changes).is_empty());
        let warnings = check_warnings(&changes);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].field, "websites.1");
        assert!(warnings[0].message.contains("not secure"));
    }
}
