//! The business profile of each number (facts §17.1): `GET /{phone-number-id}/whatsapp_business_profile`
//! answers Meta's flat `{"data":[{...}]}` with only the requested fields that are set (plus
//! `messaging_product`, always; `vertical` reads `UNDEFINED` until set), and
//! `POST /{phone-number-id}/whatsapp_business_profile` (JSON or form) makes a partial update with
//! Meta's limits, answering `{"success":true}`. The profile photo is set with a
//! `profile_picture_handle` from the resumable upload API (`uploads`); its bytes are served at
//! `GET /__sandbox/profile-photos/{photo-id}` (open, like every control read) so a console shows
//! the real picture, and that URL is the profile's `profile_picture_url`.
//!
//! Sandbox choices where the facts are uncertain (400 code 100, `OAuthException`, unless said):
//! - Wording follows the conversational-automation answers Meta does send: "(#100) Param about
//!   must be at most 139 characters long.", "(#105) The parameter websites must have at most 2
//!   elements, 3 found." (code 105), "(#100) Param websites[0] must be a valid URL", "(#100) Param
//!   email must be a valid email address", "(#100) Param vertical must be one of {...}".
//! - `about` may not be empty ("(#100) Param about must be non-empty."); an empty `address`,
//!   `description`, `email` or `vertical` clears that field, and `websites: []` clears the
//!   websites (a cleared field is left out of reads; `vertical` reads `UNDEFINED` again).
//! - `vertical` accepts the 21 current values or `""`. The legacy `UNDEFINED` and `NOT_A_BIZ`
//!   are refused: they still appear on reads, but whether Meta still takes them on a save is
//!   unknown, and a console should not send them.
//! - A `profile_picture_handle` must be one the sandbox issued (for its app) and not used yet,
//!   else "(#100) Param profile_picture_handle is not a valid handle"; when the uploaded bytes
//!   do not start with a PNG or JPEG signature, "(#100) The uploaded file is not a valid image".
//!   Each photo set gets a new `profile_picture_url`; nothing is cropped or reviewed.
//! - The whole update is checked before anything changes: one bad field changes nothing.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use waba_core::business_profile::{
    check_changes, ProfileChanges, ABOUT_MAX, ADDRESS_MAX, DESCRIPTION_MAX, EMAIL_MAX,
    LEGACY_VERTICALS, VERTICALS, WEBSITES_MAX, WEBSITE_MAX,
};

use crate::envelope::GraphError;
use crate::nodes::field_names;
use crate::routes::Call;
use crate::state::AppState;
use crate::uploads::Upload;
use crate::world::World;

/// The node type named in "nonexisting field" errors on the profile edge.
const PROFILE_NODE: &str = "WhatsAppBusinessProfile";
/// Where the sandbox serves profile photos (a control read: open, never counted).
pub(crate) const PHOTO_PATH: &str = "/__sandbox/profile-photos";
/// What a read without `fields` returns (facts §17.1, the OpenAPI defaults).
const DEFAULT_FIELDS: &[&str] = &[
    "about",
    "address",
    "description",
    "email",
    "profile_picture_url",
    "websites",
    "vertical",
];
/// A vertical never set reads as this (recorded answer, facts §17.1).
const UNSET_VERTICAL: &str = "UNDEFINED";
/// The photo every seeded, set-up number starts with: a 64×64 PNG.
const SEEDED_PHOTO: &[u8] = include_bytes!("../assets/profile-photo.png");

/// One number's profile; `None` and empty lists are unset fields.
#[derive(Debug, Clone, Default)]
pub(crate) struct Profile {
    pub about: Option<String>,
    pub address: Option<String>,
    pub description: Option<String>,
    pub email: Option<String>,
    pub websites: Vec<String>,
    pub vertical: Option<String>,
    pub photo: Option<Photo>,
}

/// A profile photo: its bytes, served under [`PHOTO_PATH`]`/{id}`.
#[derive(Debug, Clone)]
pub(crate) struct Photo {
    /// A fresh ID for every photo set, so the URL changes with the picture.
    pub id: String,
    pub mime: String,
    pub bytes: Arc<[u8]>,
}

impl Profile {
    /// A filled-in profile for a number of the set-up scenarios; `n` tells the numbers apart.
    pub(crate) fn seeded(name: &str, n: usize) -> Profile {
        Profile {
            about: Some(format!("{name}: answers from the WABA Console sandbox.")),
            address: Some(format!("{n} Sandbox Way, Menlo Park, CA 94025")),
            description: Some(format!(
                "{name} is a simulated business used to try the WABA Console without Meta."
            )),
            email: Some(format!("hello{n}@sandbox.example")),
            websites: vec![format!("https://sandbox.example/{n}")],
            vertical: Some("PROF_SERVICES".into()),
            photo: Some(Photo {
                id: format!("sandbox-{n}"),
                mime: "image/png".into(),
                bytes: Arc::from(SEEDED_PHOTO),
            }),
        }
    }
}

/// `GET /{phone-number-id}/whatsapp_business_profile`.
pub(crate) fn read(
    profile: &Profile,
    base_url: &str,
    fields: Option<&str>,
) -> Result<Value, GraphError> {
    let mut set = Map::new();
    let mut put = |name: &str, value: Option<Value>| {
        if let Some(value) = value {
            set.insert(name.to_owned(), value);
        }
    };
    put("about", profile.about.clone().map(Value::from));
    put("address", profile.address.clone().map(Value::from));
    put("description", profile.description.clone().map(Value::from));
    put("email", profile.email.clone().map(Value::from));
    put(
        "websites",
        (!profile.websites.is_empty()).then(|| json!(profile.websites)),
    );
    put(
        "vertical",
        Some(profile.vertical.as_deref().unwrap_or(UNSET_VERTICAL).into()),
    );
    put(
        "profile_picture_url",
        profile
            .photo
            .as_ref()
            .map(|photo| format!("{base_url}{PHOTO_PATH}/{}", photo.id).into()),
    );
    let requested = fields.map(field_names).filter(|names| !names.is_empty());
    let names = requested.unwrap_or_else(|| DEFAULT_FIELDS.to_vec());
    let mut out = Map::new();
    for name in names {
        if name == "messaging_product" {
            continue;
        }
        if !DEFAULT_FIELDS.contains(&name) {
            return Err(GraphError::nonexisting_field(name, PROFILE_NODE));
        }
        if let Some(value) = set.get(name) {
            out.insert(name.to_owned(), value.clone());
        }
    }
    out.insert("messaging_product".into(), "whatsapp".into());
    Ok(json!({ "data": [out] }))
}

/// `POST /{phone-number-id}/whatsapp_business_profile`: checks every given field, then applies
/// them all (see the module documentation for the wording and the choices).
pub(crate) fn update(world: &mut World, id: &str, call: &Call<'_>) -> Result<Value, GraphError> {
    match call.input("messaging_product") {
        Some(product) if product == "whatsapp" => {}
        Some(other) => {
            return Err(GraphError::invalid_parameter(&format!(
                "Param messaging_product must be \"whatsapp\", got \"{other}\""
            )))
        }
        None => {
            return Err(GraphError::invalid_parameter(
                "The parameter messaging_product is required",
            ))
        }
    }
    let about = call.input("about");
    if let Some(about) = &about {
        if about.trim().is_empty() {
            return Err(GraphError::invalid_parameter(
                "Param about must be non-empty.",
            ));
        }
        at_most("about", about, ABOUT_MAX)?;
    }
    let address = call.input("address");
    if let Some(address) = &address {
        at_most("address", address, ADDRESS_MAX)?;
    }
    let description = call.input("description");
    if let Some(description) = &description {
        at_most("description", description, DESCRIPTION_MAX)?;
    }
    let email = call.input("email");
    if let Some(email) = email.as_deref().filter(|e| !e.is_empty()) {
        at_most("email", email, EMAIL_MAX)?;
        let form = ProfileChanges {
            email: Some(email.to_owned()),
            ..ProfileChanges::default()
        };
        if !check_changes(&form).is_empty() {
            return Err(GraphError::invalid_parameter(
                "Param email must be a valid email address",
            ));
        }
    }
    let websites = websites(call)?;
    if let Some(websites) = &websites {
        if websites.len() > WEBSITES_MAX {
            return Err(GraphError::too_many_elements(
                "websites",
                WEBSITES_MAX,
                websites.len(),
            ));
        }
        for (i, site) in websites.iter().enumerate() {
            let param = format!("websites[{i}]");
            at_most(&param, site, WEBSITE_MAX)?;
            if !web_address(site) {
                return Err(GraphError::invalid_parameter(&format!(
                    "Param {param} must be a valid URL"
                )));
            }
        }
    }
    let vertical = call.input("vertical");
    if let Some(vertical) = vertical.as_deref().filter(|v| !v.is_empty()) {
        // The legacy values are refused on purpose (see the module documentation).
        let known = VERTICALS.iter().any(|(value, _)| *value == vertical);
        if !known || LEGACY_VERTICALS.contains(&vertical) {
            let values: Vec<&str> = VERTICALS.iter().map(|(value, _)| *value).collect();
            return Err(GraphError::invalid_parameter(&format!(
                "Param vertical must be one of {{{}}} - got \"{vertical}\"",
                values.join(", ")
            )));
        }
    }
    let handle = call.input("profile_picture_handle");
    if let Some(handle) = &handle {
        let upload = world.uploads.handle(handle).ok_or_else(|| {
            GraphError::invalid_parameter("Param profile_picture_handle is not a valid handle")
        })?;
        if !is_image(upload) {
            return Err(GraphError::invalid_parameter(
                "The uploaded file is not a valid image",
            ));
        }
    }
    let photo = match &handle {
        Some(handle) => world.uploads.take_handle(handle).map(|upload| Photo {
            id: crate::uploads::random_hex(12),
            mime: upload.file_type,
            bytes: Arc::from(upload.bytes),
        }),
        None => None,
    };
    let profile = &mut world
        .number_mut(id)
        .ok_or_else(|| GraphError::no_such_object(&call.method, id))?
        .profile;
    let cleared = |value: String| (!value.is_empty()).then_some(value);
    if let Some(about) = about {
        profile.about = Some(about);
    }
    if let Some(address) = address {
        profile.address = cleared(address);
    }
    if let Some(description) = description {
        profile.description = cleared(description);
    }
    if let Some(email) = email {
        profile.email = cleared(email);
    }
    if let Some(websites) = websites {
        profile.websites = websites;
    }
    if let Some(vertical) = vertical {
        profile.vertical = cleared(vertical);
    }
    if photo.is_some() {
        profile.photo = photo;
    }
    Ok(json!({"success": true}))
}

fn at_most(param: &str, text: &str, max: usize) -> Result<(), GraphError> {
    if text.chars().count() > max {
        return Err(GraphError::too_long(param, max));
    }
    Ok(())
}

/// `websites` as given: a JSON array (or a JSON-encoded array inside the body, as one Meta
/// sample sends it), one plain address, or the form's `websites[]` / `websites[0]` fields.
fn websites(call: &Call<'_>) -> Result<Option<Vec<String>>, GraphError> {
    if let Some(text) = call.input("websites") {
        return match serde_json::from_str::<Value>(&text) {
            Ok(Value::Array(items)) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(site) => Ok(site),
                    _ => Err(GraphError::invalid_parameter(
                        "Param websites must be an array of strings",
                    )),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            _ => Ok(Some(vec![text])),
        };
    }
    let form_item = |key: &str| {
        key.strip_prefix("websites[")
            .and_then(|rest| rest.strip_suffix(']'))
            .is_some_and(|index| index.bytes().all(|b| b.is_ascii_digit()))
    };
    let body = call.body.as_deref().unwrap_or_default();
    let given: Vec<String> = body
        .iter()
        .chain(call.query.iter())
        .filter(|(key, _)| form_item(key))
        .map(|(_, value)| value.clone())
        .collect();
    Ok((!given.is_empty()).then_some(given))
}

/// An `http://` or `https://` address with a host.
fn web_address(site: &str) -> bool {
    let rest = site
        .strip_prefix("https://")
        .or_else(|| site.strip_prefix("http://"));
    rest.and_then(|rest| rest.split(['/', '?', '#']).next())
        .is_some_and(|host| !host.is_empty() && !host.contains(char::is_whitespace))
}

/// Whether the upload is a PNG or JPEG by its first bytes (its declared type must be an image).
fn is_image(upload: &Upload) -> bool {
    upload.file_type.starts_with("image/")
        && (upload.bytes.starts_with(b"\x89PNG\r\n\x1a\n")
            || upload.bytes.starts_with(&[0xFF, 0xD8, 0xFF]))
}

/// `GET /__sandbox/profile-photos/{photo-id}`: the bytes of a number's current photo, 404 once
/// it has been replaced.
pub(crate) async fn photo(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let world = state.world();
    let found = world
        .numbers
        .iter()
        .filter_map(|number| number.profile.photo.as_ref())
        .find(|photo| photo.id == id);
    match found {
        Some(photo) => (
            [(header::CONTENT_TYPE, photo.mime.clone())],
            photo.bytes.to_vec(),
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            axum::Json(
                json!({"error": format!("no profile photo {id}: it was replaced or never set")}),
            ),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_addresses_with_a_host_pass() {
        for good in [
            "https://example.com",
            "http://example.com/a?b",
            "https://x.y#z",
        ] {
            assert!(web_address(good), "{good}");
        }
        for bad in [
            "example.com",
            "ftp://example.com",
            "https://",
            "https:// x",
            "https:///a",
        ] {
            assert!(!web_address(bad), "{bad}");
        }
    }

    #[test]
    fn a_fresh_profile_reads_undefined_vertical_only() {
        let read = read(&Profile::default(), "http://h", None).unwrap();
        assert_eq!(
            read,
            json!({"data": [{"vertical": "UNDEFINED", "messaging_product": "whatsapp"}]})
        );
    }
}
