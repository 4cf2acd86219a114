//! What Meta accepts per media kind (facts §11, media page of 11 Dec 2025) as data, and the
//! verdict over a file's content type and size, whether the file is on this computer (before the
//! upload) or behind a link (what the service's check of the link found). The seed document says
//! images may be 16 MB: that is the audio and video limit; images are limited to 5 MB, and the
//! message says so where the admin meets it.

use serde::Serialize;
use ts_rs::TS;

use super::message::MediaKind;
use super::validate::{SendFinding, SendRule};

const KB: u64 = 1024;
const MB: u64 = 1024 * 1024;

/// The content types and size limit of one media kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MediaLimits {
    pub kind: MediaKind,
    /// MIME types Meta accepts, lowercase, without parameters.
    pub content_types: Vec<&'static str>,
    /// The largest file Meta accepts, in bytes (MB read as 1,048,576 bytes).
    #[ts(type = "number")]
    pub max_bytes: u64,
    /// The limit and its conditions in the admin's words.
    pub note: &'static str,
}

/// The limits of `kind` (facts §11).
pub fn media_limits(kind: MediaKind) -> MediaLimits {
    let (content_types, max_bytes, note): (&[&'static str], u64, &'static str) = match kind {
        MediaKind::Image => (
            &["image/jpeg", "image/png"],
            5 * MB,
            "Images: JPEG or PNG, at most 5 MB (not 16 MB as the seed notes say: 16 MB is the audio and video limit). WebP goes only as a sticker.",
        ),
        MediaKind::Document => (
            &[
                "text/plain",
                "application/pdf",
                "application/msword",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.ms-excel",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/vnd.ms-powerpoint",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ],
            100 * MB,
            "Documents: text, PDF, Word, Excel or PowerPoint, at most 100 MB.",
        ),
        MediaKind::Audio => (
            &["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"],
            16 * MB,
            "Audio: AAC, AMR, MP3, MP4 audio or OGG (OPUS codec, mono, only), at most 16 MB.",
        ),
        MediaKind::Video => (
            &["video/mp4", "video/3gpp"],
            16 * MB,
            "Video: MP4 or 3GPP (H.264 video and AAC audio, one audio stream), at most 16 MB.",
        ),
        MediaKind::Sticker => (
            &["image/webp"],
            500 * KB,
            "Stickers: WebP, at most 100 KB static or 500 KB animated.",
        ),
    };
    MediaLimits {
        kind,
        content_types: content_types.to_vec(),
        max_bytes,
        note,
    }
}

/// The largest static sticker (an animated one may be up to 500 KB).
pub const STATIC_STICKER_MAX_BYTES: u64 = 100 * KB;

/// `5 MB`, `100 KB`, `4.2 MB`: sizes as the admin reads them.
fn size(bytes: u64) -> String {
    let in_unit = |unit: u64| bytes as f64 / unit as f64;
    if bytes >= MB {
        format!("{:.1} MB", in_unit(MB)).replace(".0 ", " ")
    } else if bytes >= KB {
        format!("{:.0} KB", in_unit(KB))
    } else {
        format!("{bytes} bytes")
    }
}

/// The verdict over a media file of `kind`: its content type (as the file's type or the link's
/// `Content-Type` header says) and its size in bytes, each when known. `path` is where the
/// findings point (the media source field of the message).
pub fn check_media_content(
    kind: MediaKind,
    content_type: Option<&str>,
    size_bytes: Option<u64>,
    path: &str,
) -> Vec<SendFinding> {
    let limits = media_limits(kind);
    let mut out = Vec::new();
    let what = kind.as_graph();
    let a_what = match what.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {what}"),
        _ => format!("a {what}"),
    };
    match content_type.map(essence) {
        None => out.push(SendFinding::warning(
            SendRule::ContentType,
            path,
            format!("The {what} has no content type, so Meta may refuse it (131053)."),
            format!(
                "Serve it with a Content-Type Meta accepts for {a_what}: {}.",
                limits.content_types.join(", ")
            ),
        )),
        Some(found) if !limits.content_types.contains(&found.as_str()) => {
            let fix = if kind == MediaKind::Image && found == "image/webp" {
                "Send a WebP image as a sticker, or convert it to JPEG or PNG.".to_owned()
            } else {
                format!(
                    "Use one of: {}. {}",
                    limits.content_types.join(", "),
                    limits.note
                )
            };
            out.push(SendFinding::error(
                SendRule::ContentType,
                path,
                format!("Meta does not accept {found} as {a_what} (it answers 131053)."),
                fix,
            ));
        }
        Some(_) => {}
    }
    if let Some(bytes) = size_bytes {
        if bytes > limits.max_bytes {
            out.push(SendFinding::error(
                SendRule::MediaTooLarge,
                path,
                format!(
                    "The {what} is {}: Meta accepts at most {} for this kind.",
                    size(bytes),
                    size(limits.max_bytes)
                ),
                format!("Make it smaller. {}", limits.note),
            ));
        } else if kind == MediaKind::Sticker && bytes > STATIC_STICKER_MAX_BYTES {
            out.push(SendFinding::warning(
                SendRule::MediaTooLarge,
                path,
                format!(
                    "The sticker is {}: only an animated sticker may be over {}.",
                    size(bytes),
                    size(STATIC_STICKER_MAX_BYTES)
                ),
                "If the sticker is static, make it 100 KB or smaller.",
            ));
        }
    }
    out
}

/// `Audio/OGG; codecs=opus` → `audio/ogg`.
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::send::validate::SendSeverity;

    #[test]
    fn limits_are_the_facts_not_the_seed() {
        assert_eq!(media_limits(MediaKind::Image).max_bytes, 5 * MB);
        assert_eq!(media_limits(MediaKind::Audio).max_bytes, 16 * MB);
        assert_eq!(media_limits(MediaKind::Video).max_bytes, 16 * MB);
        assert_eq!(media_limits(MediaKind::Document).max_bytes, 100 * MB);
        assert_eq!(media_limits(MediaKind::Sticker).max_bytes, 500 * KB);
        assert!(media_limits(MediaKind::Image).note.contains("not 16 MB"));
        for kind in MediaKind::ALL {
            let limits = media_limits(kind);
            assert!(!limits.content_types.is_empty());
            assert!(limits
                .content_types
                .iter()
                .all(|c| c.to_ascii_lowercase() == *c));
        }
    }

    #[test]
    fn accepted_files_pass() {
        for (kind, content_type, bytes) in [
            (MediaKind::Image, "image/jpeg", 5 * MB),
            (MediaKind::Image, "IMAGE/PNG", 10),
            (MediaKind::Audio, "audio/ogg; codecs=opus", 16 * MB),
            (MediaKind::Video, "video/mp4", MB),
            (MediaKind::Document, "application/pdf", 100 * MB),
            (MediaKind::Sticker, "image/webp", 100 * KB),
        ] {
            assert_eq!(
                check_media_content(kind, Some(content_type), Some(bytes), "/source"),
                vec![],
                "{kind:?} {content_type}"
            );
        }
    }

    #[test]
    fn a_six_megabyte_image_is_refused_with_the_seed_correction() {
        let findings = check_media_content(
            MediaKind::Image,
            Some("image/jpeg"),
            Some(6 * MB),
            "/source",
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, SendRule::MediaTooLarge);
        assert_eq!(findings[0].severity, SendSeverity::Error);
        assert!(
            findings[0].message.contains("6 MB"),
            "{}",
            findings[0].message
        );
        assert!(
            findings[0].message.contains("5 MB"),
            "{}",
            findings[0].message
        );
        assert!(findings[0].fix.contains("not 16 MB"), "{}", findings[0].fix);
        // 16 MB is fine for a video.
        assert!(check_media_content(
            MediaKind::Video,
            Some("video/mp4"),
            Some(16 * MB),
            "/source"
        )
        .is_empty());
    }

    #[test]
    fn a_wrong_or_missing_content_type_is_reported() {
        let webp = check_media_content(MediaKind::Image, Some("image/webp"), None, "/source");
        assert_eq!(webp[0].rule, SendRule::ContentType);
        assert_eq!(webp[0].severity, SendSeverity::Error);
        assert!(webp[0].fix.contains("sticker"), "{}", webp[0].fix);
        let html = check_media_content(MediaKind::Video, Some("text/html"), None, "/source");
        assert!(html[0].message.contains("text/html"), "{}", html[0].message);
        let none = check_media_content(MediaKind::Audio, None, None, "/source");
        assert_eq!(none[0].severity, SendSeverity::Warning);
    }

    #[test]
    fn a_large_sticker_is_warned_about_and_an_oversized_one_refused() {
        let large =
            check_media_content(MediaKind::Sticker, Some("image/webp"), Some(300 * KB), "/s");
        assert_eq!(large.len(), 1);
        assert_eq!(large[0].severity, SendSeverity::Warning);
        let oversized =
            check_media_content(MediaKind::Sticker, Some("image/webp"), Some(600 * KB), "/s");
        assert_eq!(oversized[0].severity, SendSeverity::Error);
        assert!(
            oversized[0].message.contains("500 KB"),
            "{}",
            oversized[0].message
        );
    }
}
