//! The verdict on a media link as Meta's fetcher would meet it (facts §11): the link's own rules
//! first ([`check_link`]: HTTPS, no shortener, a public host), then what fetching it answered
//! (a 401 or 403 means it needs credentials, which Meta's fetcher never sends; a 404; another
//! error; no answer at all) and, when it answered, its `Content-Type` and size against the
//! kind's limits ([`check_media_content`]).
//!
//! Why here: the service only fetches (no credentials, no cookies, a HEAD and a ranged GET when
//! the HEAD is refused, [`FETCH_TIMEOUT`], at most [`MAX_REDIRECTS`] redirects) and hands the
//! outcome over; the judging is a pure function, unit-tested without a network.

use std::time::Duration;

use super::media::{check_media_content, media_limits};
use super::message::MediaKind;
use super::requests::LinkCheck;
use super::validate::{blocks_send, check_link, SendFinding, SendRule};

/// How long Meta's fetcher is taken to wait for a media link (the webhook timeout, facts §12;
/// Meta documents none for media fetches [uncertain]).
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// Redirects the check follows before it gives up (Meta documents no number [uncertain]).
pub const MAX_REDIRECTS: usize = 5;

/// Where a link check's findings point: the request's `url`.
pub const LINK_PATH: &str = "/url";

/// What fetching a link the way Meta's fetcher does met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkFetch {
    /// The link answered (after its redirects): the final status, `Content-Type` and the
    /// file's size ([`link_size`]), each when given.
    Answered {
        status: u16,
        content_type: Option<String>,
        size_bytes: Option<u64>,
    },
    /// It redirected more than [`MAX_REDIRECTS`] times.
    TooManyRedirects,
    /// No answer within [`FETCH_TIMEOUT`].
    TimedOut,
    /// No connection could be made, or TLS failed (the reason in words).
    Unreachable { reason: String },
}

/// The check of `url` when its own rules block it (the link is then not fetched); `None` when
/// it is worth fetching.
pub fn refused_before_fetch(url: &str) -> Option<LinkCheck> {
    let findings = check_link(url, LINK_PATH);
    blocks_send(&findings).then(|| LinkCheck {
        url: url.to_owned(),
        http_status: None,
        content_type: None,
        size_bytes: None,
        findings,
        blocked: true,
    })
}

/// The file's size from an answer's headers: the total of a ranged answer's `Content-Range`
/// (`bytes 0-1023/5242880`), or the `Content-Length` of a whole one.
pub fn link_size(
    status: u16,
    content_length: Option<&str>,
    content_range: Option<&str>,
) -> Option<u64> {
    if status == 206 {
        return content_range
            .and_then(|range| range.trim().rsplit_once('/'))
            .and_then(|(_, total)| total.trim().parse().ok());
    }
    content_length.and_then(|length| length.trim().parse().ok())
}

/// The check of a `kind` link at `url` from what fetching it met.
pub fn judge_fetched_link(kind: MediaKind, url: &str, fetch: &LinkFetch) -> LinkCheck {
    let mut findings = check_link(url, LINK_PATH);
    let (mut http_status, mut content_type, mut size_bytes) = (None, None, None);
    match fetch {
        LinkFetch::Answered {
            status,
            content_type: answered_type,
            size_bytes: size,
        } => {
            http_status = Some(*status);
            if (200..300).contains(status) {
                content_type = answered_type.clone();
                size_bytes = *size;
                findings.extend(check_media_content(
                    kind,
                    answered_type.as_deref(),
                    *size,
                    LINK_PATH,
                ));
            } else {
                findings.push(status_finding(kind, *status));
            }
        }
        LinkFetch::TooManyRedirects => findings.push(SendFinding::error(
            SendRule::LinkFailed,
            LINK_PATH,
            format!("The link redirected more than {MAX_REDIRECTS} times: Meta's fetcher gives up on such a chain and the message fails with 131053."),
            "Link to the file's final address (open the link in a browser and copy the address it ends on).",
        )),
        LinkFetch::TimedOut => findings.push(SendFinding::error(
            SendRule::LinkUnreachable,
            LINK_PATH,
            format!(
                "The link did not answer within {} s: Meta's fetcher would give up too and the message fails with 131053.",
                FETCH_TIMEOUT.as_secs()
            ),
            "Serve the file from a host that answers quickly, or upload it from this computer instead.",
        )),
        LinkFetch::Unreachable { reason } => findings.push(SendFinding::error(
            SendRule::LinkUnreachable,
            LINK_PATH,
            format!("The link could not be fetched ({reason}), so Meta's fetcher most likely cannot fetch it either."),
            "Check the address and that the server is up with a certificate from a public authority, or upload the file from this computer instead.",
        )),
    }
    let blocked = blocks_send(&findings);
    LinkCheck {
        url: url.to_owned(),
        http_status,
        content_type,
        size_bytes,
        findings,
        blocked,
    }
}

/// The finding for a link that answered an error status (or a redirect it did not follow).
fn status_finding(kind: MediaKind, status: u16) -> SendFinding {
    let what = kind.as_graph();
    match status {
        401 | 403 => SendFinding::error(
            SendRule::LinkNeedsAuth,
            LINK_PATH,
            format!("The link answered {status}: it needs authentication, and Meta's fetcher sends none (no login, cookie, token or allowed IP address)."),
            "Make the file public at that address (or use a link that carries its own signature and is valid for GET), or upload it from this computer instead.",
        ),
        404 | 410 => SendFinding::error(
            SendRule::LinkNotFound,
            LINK_PATH,
            format!("The link answered {status}: there is no file at that address."),
            format!("Check the address (open it in a browser: it should show or download the {what}), or upload the file from this computer instead."),
        ),
        429 => SendFinding::error(
            SendRule::LinkFailed,
            LINK_PATH,
            "The link answered 429 (too many requests): the server throttles fetchers, so Meta's download may be refused too.",
            "Serve the file from a host without such limits, or upload it from this computer instead.",
        ),
        500..=599 => SendFinding::error(
            SendRule::LinkFailed,
            LINK_PATH,
            format!("The link answered {status}: the server failed to serve the file."),
            "Fix the server or try again later, or upload the file from this computer instead.",
        ),
        300..=399 => SendFinding::error(
            SendRule::LinkFailed,
            LINK_PATH,
            format!("The link answered {status} without a usable redirect address."),
            "Link to the file's final address, or upload the file from this computer instead.",
        ),
        _ => SendFinding::error(
            SendRule::LinkFailed,
            LINK_PATH,
            format!("The link answered {status} instead of the {what}: Meta's fetcher would fail the same way (131053)."),
            format!(
                "Link to the file itself, served with 200 and a type Meta accepts ({}), or upload it from this computer instead.",
                media_limits(kind).content_types.join(", ")
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::send::validate::SendSeverity;

    const URL: &str = "https://cdn.example.com/media/photo.png";

    fn answered(status: u16, content_type: Option<&str>, size: Option<u64>) -> LinkFetch {
        LinkFetch::Answered {
            status,
            content_type: content_type.map(str::to_owned),
            size_bytes: size,
        }
    }

    fn rules(check: &LinkCheck) -> Vec<SendRule> {
        check.findings.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn a_public_png_passes_with_what_it_answered() {
        let check = judge_fetched_link(
            MediaKind::Image,
            URL,
            &answered(200, Some("image/png"), Some(2_048)),
        );
        assert_eq!(
            check,
            LinkCheck {
                url: URL.into(),
                http_status: Some(200),
                content_type: Some("image/png".into()),
                size_bytes: Some(2_048),
                findings: vec![],
                blocked: false,
            }
        );
    }

    #[test]
    fn credentials_are_named_as_what_metas_fetcher_lacks() {
        for status in [401, 403] {
            let check = judge_fetched_link(MediaKind::Image, URL, &answered(status, None, None));
            assert_eq!(rules(&check), vec![SendRule::LinkNeedsAuth]);
            assert!(check.blocked);
            assert_eq!(check.http_status, Some(status));
            let finding = &check.findings[0];
            assert!(
                finding.message.contains(&status.to_string()),
                "{}",
                finding.message
            );
            assert!(
                finding.message.contains("Meta's fetcher sends none"),
                "{}",
                finding.message
            );
            assert!(finding.fix.contains("upload"), "{}", finding.fix);
        }
    }

    #[test]
    fn each_error_status_has_its_finding() {
        for (status, rule) in [
            (404, SendRule::LinkNotFound),
            (410, SendRule::LinkNotFound),
            (429, SendRule::LinkFailed),
            (503, SendRule::LinkFailed),
            (302, SendRule::LinkFailed),
            (400, SendRule::LinkFailed),
        ] {
            let check = judge_fetched_link(
                MediaKind::Video,
                URL,
                &answered(status, Some("text/html"), Some(10)),
            );
            assert_eq!(rules(&check), vec![rule], "{status}");
            assert!(check.blocked, "{status}");
            // An error page's type and size are not the file's.
            assert_eq!((check.content_type.clone(), check.size_bytes), (None, None));
        }
    }

    #[test]
    fn the_answered_type_and_size_are_held_to_the_kinds_limits() {
        let html = judge_fetched_link(
            MediaKind::Image,
            URL,
            &answered(200, Some("text/html; charset=utf-8"), Some(512)),
        );
        assert_eq!(rules(&html), vec![SendRule::ContentType]);
        assert!(html.blocked);
        assert!(
            html.findings[0].message.contains("text/html"),
            "{}",
            html.findings[0].message
        );

        let large = judge_fetched_link(
            MediaKind::Image,
            URL,
            &answered(200, Some("image/jpeg"), Some(6 * 1024 * 1024)),
        );
        assert_eq!(rules(&large), vec![SendRule::MediaTooLarge]);
        assert!(
            large.findings[0].message.contains("6 MB"),
            "{}",
            large.findings[0].message
        );

        let untyped = judge_fetched_link(MediaKind::Audio, URL, &answered(200, None, None));
        assert_eq!(rules(&untyped), vec![SendRule::ContentType]);
        assert_eq!(untyped.findings[0].severity, SendSeverity::Warning);
        assert!(!untyped.blocked);
    }

    #[test]
    fn no_answer_is_a_finding_with_its_reason() {
        let unreachable = judge_fetched_link(
            MediaKind::Document,
            URL,
            &LinkFetch::Unreachable {
                reason: "invalid peer certificate: UnknownIssuer".into(),
            },
        );
        assert_eq!(rules(&unreachable), vec![SendRule::LinkUnreachable]);
        assert!(unreachable.findings[0].message.contains("UnknownIssuer"));
        assert_eq!(unreachable.http_status, None);
        let slow = judge_fetched_link(MediaKind::Document, URL, &LinkFetch::TimedOut);
        assert!(
            slow.findings[0].message.contains("10 s"),
            "{}",
            slow.findings[0].message
        );
        let looping = judge_fetched_link(MediaKind::Document, URL, &LinkFetch::TooManyRedirects);
        assert_eq!(rules(&looping), vec![SendRule::LinkFailed]);
    }

    #[test]
    fn links_the_fetcher_cannot_use_are_refused_before_fetching() {
        for (url, rule) in [
            ("http://cdn.example.com/a.png", SendRule::LinkNotHttps),
            ("https://bit.ly/abc", SendRule::LinkShortener),
            ("https://127.0.0.1/a.png", SendRule::LinkNotPublic),
            ("not a link", SendRule::LinkInvalid),
        ] {
            let check = refused_before_fetch(url).unwrap_or_else(|| panic!("{url} is fetched"));
            assert!(check.blocked);
            assert!(rules(&check).contains(&rule), "{url}: {:?}", rules(&check));
            assert_eq!(check.http_status, None);
        }
        assert_eq!(refused_before_fetch(URL), None);
    }

    #[test]
    fn the_size_is_the_whole_files() {
        assert_eq!(link_size(200, Some("5242880"), None), Some(5_242_880));
        assert_eq!(
            link_size(206, Some("1024"), Some("bytes 0-1023/7340032")),
            Some(7_340_032)
        );
        assert_eq!(link_size(206, Some("1024"), Some("bytes 0-1023/*")), None);
        assert_eq!(link_size(200, None, None), None);
        assert_eq!(link_size(200, Some("lots"), None), None);
    }
}
