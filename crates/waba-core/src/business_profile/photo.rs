//! The profile photo (facts §17.2): the checks before an upload, and the upload's progress as it
//! crosses IPC. The Cloud API pages state no image rules; these are Meta's On-Premises rules,
//! which BSPs repeat for the Cloud API: JPEG or PNG, at most 5 MB, square, at least 192 px,
//! 640×640 recommended, a transparent background shown as black.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::business_profile::BusinessProfile;
use crate::error::CommandError;
use crate::graph_request::GraphRequest;

pub const PHOTO_MAX_BYTES: u64 = 5 * 1024 * 1024;
pub const PHOTO_MIN_EDGE: u32 = 192;
pub const PHOTO_RECOMMENDED_EDGE: u32 = 640;

/// The image formats WhatsApp takes for a profile photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PhotoFormat {
    Jpeg,
    Png,
}

impl PhotoFormat {
    /// The `file_type` of the upload session.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }
}

/// `check_profile_photo`: the picked file, before anything is sent.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PhotoCheckRequest {
    pub file_name: String,
    /// The file's bytes, base64.
    pub data_base64: String,
}

/// What the console found in a picked image. `errors` empty: it can be uploaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PhotoCheck {
    pub file_name: String,
    /// Read from the bytes, not from the file name.
    pub format: Option<PhotoFormat>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// Each a reason the photo cannot be used, with what to do.
    pub errors: Vec<String>,
    /// Usable, but worth knowing (a transparent background, scaling).
    pub warnings: Vec<String>,
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// Whether a PNG has an alpha channel or a transparency chunk (`tRNS` before the image data).
fn png_has_transparency(bytes: &[u8]) -> bool {
    // IHDR is the first chunk: its colour type sits at byte 25 (4 grey+alpha, 6 RGBA).
    if matches!(bytes.get(25), Some(4 | 6)) {
        return true;
    }
    let mut at = 8;
    while let Some(header) = bytes.get(at..at + 8) {
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        match &header[4..8] {
            b"tRNS" => return true,
            b"IDAT" | b"IEND" => return false,
            _ => at = at.saturating_add(12).saturating_add(length),
        }
    }
    false
}

/// Checks a picked image as WhatsApp will meet it: format from the bytes, size, dimensions.
pub fn check_photo(file_name: &str, bytes: &[u8]) -> PhotoCheck {
    let size_bytes = bytes.len() as u64;
    let mut check = PhotoCheck {
        file_name: file_name.to_owned(),
        format: None,
        width: None,
        height: None,
        size_bytes,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    if bytes.is_empty() {
        check
            .errors
            .push("The file is empty: pick the image file again.".into());
        return check;
    }
    if size_bytes > PHOTO_MAX_BYTES {
        check.errors.push(format!(
            "The file is {}: a profile photo may be at most 5 MB. Save it smaller (a 640×640 JPEG is usually under 200 KB).",
            megabytes(size_bytes)
        ));
    }
    check.format = match imagesize::image_type(bytes) {
        Ok(imagesize::ImageType::Jpeg) => Some(PhotoFormat::Jpeg),
        Ok(imagesize::ImageType::Png) => Some(PhotoFormat::Png),
        Ok(other) => {
            check.errors.push(format!(
                "This is a {other:?} image: WhatsApp takes a profile photo as JPEG or PNG. Export it as one of those."
            ));
            None
        }
        Err(_) => {
            check.errors.push(
                "This file is not an image the console can read: pick a JPEG or PNG photo.".into(),
            );
            return check;
        }
    };
    let Ok(size) = imagesize::blob_size(bytes) else {
        check.errors.push(
            "The image's dimensions cannot be read: the file may be damaged. Export it again as JPEG or PNG."
                .into(),
        );
        return check;
    };
    let (width, height) = (size.width as u32, size.height as u32);
    check.width = Some(width);
    check.height = Some(height);
    if width.min(height) < PHOTO_MIN_EDGE {
        check.errors.push(format!(
            "The image is {width}×{height} pixels: WhatsApp needs at least {PHOTO_MIN_EDGE}×{PHOTO_MIN_EDGE} or it shows blurred. Use a larger image, ideally {PHOTO_RECOMMENDED_EDGE}×{PHOTO_RECOMMENDED_EDGE}."
        ));
    }
    if width != height {
        check.errors.push(format!(
            "The image is {width}×{height} pixels, not square: WhatsApp crops a profile photo to a square and shows it as a circle, so parts of it would be cut off. Crop it to a square first ({PHOTO_RECOMMENDED_EDGE}×{PHOTO_RECOMMENDED_EDGE} is best)."
        ));
    } else if width > PHOTO_RECOMMENDED_EDGE {
        check.warnings.push(format!(
            "WhatsApp scales the photo down to {PHOTO_RECOMMENDED_EDGE}×{PHOTO_RECOMMENDED_EDGE}; a {width}×{height} image only makes the upload larger."
        ));
    }
    if check.format == Some(PhotoFormat::Png) && png_has_transparency(bytes) {
        check.warnings.push(
            "The PNG has a transparent background, which WhatsApp shows as black. Fill the background with a colour if black is not what you want."
                .into(),
        );
    }
    check
}

/// `start_profile_photo_upload`: checked as [`check_photo`] first; nothing is sent when it
/// finds an error.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PhotoUploadRequest {
    pub profile_id: String,
    pub file_name: String,
    /// The file's bytes, base64.
    pub data_base64: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PhotoUploadState {
    /// The bytes are going to Meta's Resumable Upload API.
    Uploading,
    /// Uploaded; the handle is being set as the profile's `profile_picture_handle`.
    Setting,
    /// The profile shows the new photo.
    Done,
    /// Stopped with `error`; the old photo is still in place.
    Failed,
}

/// Where a photo upload is. Polled by the window while it runs.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PhotoUploadProgress {
    pub upload_id: String,
    pub state: PhotoUploadState,
    #[ts(type = "number")]
    pub sent_bytes: u64,
    #[ts(type = "number")]
    pub total_bytes: u64,
    pub error: Option<CommandError>,
    /// The profile read back once `done` (`None` when the read-back failed: the photo is set,
    /// and the page reads it again).
    pub profile: Option<BusinessProfile>,
    /// The calls sent so far (open the session, send the bytes, set the handle), for curl.
    pub requests: Vec<GraphRequest>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG header of `width`×`height` with colour type `colour` (2 RGB, 6 RGBA).
    fn png(width: u32, height: u32, colour: u8) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, colour, 0, 0, 0]);
        bytes.extend([0, 0, 0, 0]); // CRC, not checked
        bytes.extend(b"\0\0\0\0IDAT\0\0\0\0");
        bytes
    }

    /// A baseline JPEG's SOI and SOF0 marker with the given size.
    fn jpeg(width: u16, height: u16) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08];
        bytes.extend(height.to_be_bytes());
        bytes.extend(width.to_be_bytes());
        bytes.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        bytes
    }

    #[test]
    fn a_square_jpeg_or_png_of_the_right_size_passes() {
        let check = check_photo("logo.jpg", &jpeg(640, 640));
        assert_eq!(check.format, Some(PhotoFormat::Jpeg));
        assert_eq!((check.width, check.height), (Some(640), Some(640)));
        assert!(
            check.errors.is_empty() && check.warnings.is_empty(),
            "{check:?}"
        );
        let check = check_photo("logo.png", &png(192, 192, 2));
        assert_eq!(check.format, Some(PhotoFormat::Png));
        assert!(
            check.errors.is_empty() && check.warnings.is_empty(),
            "{check:?}"
        );
    }

    #[test]
    fn too_small_not_square_and_too_large_are_refused_with_the_reason() {
        let small = check_photo("s.png", &png(191, 191, 2));
        assert!(small.errors[0].contains("at least 192×192"), "{small:?}");
        let wide = check_photo("w.png", &png(1280, 640, 2));
        assert_eq!(wide.errors.len(), 1);
        assert!(wide.errors[0].contains("not square"), "{wide:?}");
        let mut big = jpeg(640, 640);
        big.resize(PHOTO_MAX_BYTES as usize + 1, 0);
        let big = check_photo("big.jpg", &big);
        assert!(big.errors[0].contains("5.0 MB"), "{big:?}");
        assert!(big.errors[0].contains("at most 5 MB"), "{big:?}");
    }

    #[test]
    fn not_an_image_or_another_format_is_refused() {
        let text = check_photo("notes.png", b"hello, this is not a picture");
        assert_eq!(text.format, None);
        assert!(text.errors[0].contains("not an image"), "{text:?}");
        let gif = check_photo("anim.gif", b"GIF89a\x80\x02\x80\x02\0\0\0;");
        assert!(gif.errors[0].contains("JPEG or PNG"), "{gif:?}");
        assert!(check_photo("e.png", b"").errors[0].contains("empty"));
    }

    #[test]
    fn transparency_and_oversize_are_warnings() {
        let rgba = check_photo("a.png", &png(640, 640, 6));
        assert!(rgba.errors.is_empty());
        assert!(rgba.warnings[0].contains("black"), "{rgba:?}");
        let mut trns = png(640, 640, 2);
        let at = trns.len() - 12;
        trns.splice(at..at, b"\0\0\0\x02tRNS\0\0\0\0\0\0".iter().copied());
        assert!(check_photo("t.png", &trns).warnings[0].contains("transparent"));
        let large = check_photo("l.jpg", &jpeg(2000, 2000));
        assert!(large.errors.is_empty());
        assert!(
            large.warnings[0].contains("scales the photo down"),
            "{large:?}"
        );
    }
}
