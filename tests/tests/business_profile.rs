//! The Profile page through the service against the sandbox (facts §17): the business profile,
//! display name and conversational components read together, each save read back fresh,
//! values Meta would refuse stopped before any call (the sandbox's request count does not move),
//! and a real 640×640 PNG uploaded through the Resumable Upload API and set as the photo.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use waba_core::business_profile::{
    AutomationCommand, ConversationalAutomation, DisplayNameRequest, PhotoCheckRequest,
    PhotoUploadProgress, PhotoUploadRequest, PhotoUploadState, ProfileChanges,
    SaveAutomationRequest, SaveProfileRequest,
};
use waba_core::graph_call::GraphCall;
use waba_core::graph_states::NameStatus;
use waba_core::{CommandError, ErrorCode, ErrorDetails};
use waba_graph::{ClientConfig, GraphClient, GraphError, DEFAULT_TIMEOUT};
use waba_secrets::secret;
use waba_sim::{Scenario, APP_ID, PHONE_NUMBER_ID, SANDBOX_TOKEN};

use common::{fixture, value, Fixture};

/// CRC-32 (ISO-HDLC), as PNG chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A valid grey PNG of `width`×`height` pixels of `shade`: IDAT is a zlib stream of stored
/// (uncompressed) deflate blocks.
fn png(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let mut raw = Vec::new();
    for _ in 0..height {
        raw.push(0); // filter: none
        raw.extend(std::iter::repeat_n(shade, width as usize));
    }
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend(len.to_le_bytes());
        zlib.extend((!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend(((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend((data.len() as u32).to_be_bytes());
        let mut typed = kind.to_vec();
        typed.extend_from_slice(data);
        out.extend_from_slice(&typed);
        out.extend(crc32(&typed).to_be_bytes());
    };
    let mut header = width.to_be_bytes().to_vec();
    header.extend(height.to_be_bytes());
    header.extend([8, 0, 0, 0, 0]); // 8-bit greyscale
    chunk(b"IHDR", &header);
    chunk(b"IDAT", &zlib);
    chunk(b"IEND", &[]);
    out
}

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn sent(f: &Fixture) -> u64 {
    f.sim.requests().snapshot().total
}

/// The fields a refusal names.
fn refused_fields(error: &CommandError) -> Vec<String> {
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error:?}");
    match &error.details {
        Some(ErrorDetails::Fields { fields }) => fields.iter().map(|f| f.field.clone()).collect(),
        other => panic!("no fields: {other:?}"),
    }
}

async fn newest_audit(f: &Fixture) -> (String, Option<String>, String) {
    let entry = f.console.audit_log(1).await.unwrap().entries.remove(0);
    (
        entry.action.as_str().to_owned(),
        entry.target,
        format!("{:?}", entry.outcome),
    )
}

#[tokio::test]
async fn the_page_reads_a_set_up_number_with_both_reads_together() {
    let f = fixture(Scenario::Healthy, "bp-read-healthy").await;
    f.sim
        .requests()
        .hold_until_in_flight(2, Duration::from_secs(5));
    let page = f.console.profile_page(&f.profile).await.unwrap();
    let stats = f.sim.requests().snapshot();
    assert_eq!(stats.max_in_flight, 2, "both reads were in flight at once");
    assert_eq!(page.phone_number_id, PHONE_NUMBER_ID);
    assert!(page.profile.about.is_some(), "{:?}", page.profile);
    assert_eq!(page.profile.websites.len(), 1);
    assert!(page.profile.profile_picture_url.is_some());
    assert!(page.display_phone_number.is_some());
    assert!(page.display_name.verified_name.is_some());
    assert_eq!(page.rules.about_max, 139);
    let curls: Vec<String> = page.requests.iter().map(|r| r.to_curl()).collect();
    assert_eq!(curls.len(), 2);
    assert!(
        curls[0].contains("/whatsapp_business_profile?fields=about%2Caddress%2Cdescription%2Cemail%2Cprofile_picture_url%2Cwebsites%2Cvertical"),
        "{curls:?}"
    );
    assert!(curls[1].contains("conversational_automation"), "{curls:?}");
    for curl in &curls {
        assert!(!curl.contains(SANDBOX_TOKEN), "{curl}");
        assert!(curl.contains("$WA_TOKEN"), "{curl}");
    }
}

#[tokio::test]
async fn a_fresh_number_reads_an_empty_profile_and_no_automation() {
    let f = fixture(Scenario::Fresh, "bp-read-fresh").await;
    let page = f.console.profile_page(&f.profile).await.unwrap();
    assert_eq!(page.profile.about, None);
    assert_eq!(page.profile.vertical.as_deref(), Some("UNDEFINED"));
    assert!(page.profile.websites.is_empty());
    assert_eq!(page.profile.profile_picture_url, None);
    assert_eq!((page.photo_data_url, page.photo_problem), (None, None));
    assert_eq!(page.automation, None, "never configured");
}

#[tokio::test]
async fn a_save_is_read_back_and_a_fresh_read_shows_it() {
    let f = fixture(Scenario::Healthy, "bp-save").await;
    let changes = ProfileChanges {
        about: Some("Succulent specialists!".into()),
        websites: Some(vec![
            "https://www.luckyshrub.com".into(),
            "https://shop.luckyshrub.com".into(),
        ]),
        vertical: Some("RETAIL".into()),
        ..ProfileChanges::default()
    };
    let saved = f
        .console
        .save_business_profile(&SaveProfileRequest {
            profile_id: f.profile.clone(),
            changes,
        })
        .await
        .unwrap();
    assert_eq!(saved.about.as_deref(), Some("Succulent specialists!"));
    assert_eq!(saved.websites.len(), 2);
    let page = f.console.profile_page(&f.profile).await.unwrap();
    assert_eq!(page.profile, saved);
    assert_eq!(page.profile.vertical.as_deref(), Some("RETAIL"));
    assert!(page.profile.address.is_some(), "an unchanged field stays");
    assert_eq!(
        newest_audit(&f).await,
        (
            "business_profile_saved".into(),
            Some(PHONE_NUMBER_ID.into()),
            "Ok".into()
        )
    );
}

#[tokio::test]
async fn a_value_over_metas_limit_or_no_change_is_refused_before_any_call() {
    let f = fixture(Scenario::Healthy, "bp-limit").await;
    let before = sent(&f);
    let save = |changes| SaveProfileRequest {
        profile_id: f.profile.clone(),
        changes,
    };
    let err = f
        .console
        .save_business_profile(&save(ProfileChanges {
            about: Some("x".repeat(140)),
            websites: Some(vec![
                "https://a.example".into(),
                "https://b.example".into(),
                "https://c.example".into(),
            ]),
            ..ProfileChanges::default()
        }))
        .await
        .unwrap_err();
    let fields = refused_fields(&err);
    assert!(fields.contains(&"about".to_owned()), "{fields:?}");
    assert!(
        fields.iter().any(|f| f.starts_with("websites")),
        "{fields:?}"
    );
    let err = f
        .console
        .save_business_profile(&save(ProfileChanges::default()))
        .await
        .unwrap_err();
    assert_eq!(refused_fields(&err), ["changes"]);
    assert_eq!(sent(&f), before, "nothing reached the sandbox");

    let described = f
        .console
        .describe_graph_call(
            &f.profile,
            &GraphCall::SaveBusinessProfile {
                changes: ProfileChanges {
                    about: Some("x".repeat(140)),
                    ..ProfileChanges::default()
                },
            },
        )
        .await
        .unwrap_err();
    assert_eq!(refused_fields(&described), ["about"]);
    let curl = f
        .console
        .describe_graph_call(
            &f.profile,
            &GraphCall::SaveBusinessProfile {
                changes: ProfileChanges {
                    about: Some("Hi there".into()),
                    ..ProfileChanges::default()
                },
            },
        )
        .await
        .unwrap()
        .to_curl();
    assert!(
        curl.contains(r#"-d '{"about":"Hi there","messaging_product":"whatsapp"}'"#),
        "{curl}"
    );
    assert_eq!(sent(&f), before, "describing sends nothing");
}

/// Polls an upload until it stops, for at most 10 s.
async fn finished(f: &Fixture, started: &PhotoUploadProgress) -> PhotoUploadProgress {
    for _ in 0..200 {
        let progress = f
            .console
            .profile_photo_upload_progress(&started.upload_id)
            .await
            .unwrap();
        if matches!(
            progress.state,
            PhotoUploadState::Done | PhotoUploadState::Failed
        ) {
            return progress;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the upload did not finish");
}

#[tokio::test]
async fn a_photo_is_uploaded_set_and_shown_with_a_new_url() {
    let f = fixture(Scenario::Healthy, "bp-photo").await;
    let old = f.console.profile_page(&f.profile).await.unwrap();
    let photo = png(640, 640, 0x80);
    let check = waba_service::check_profile_photo(&PhotoCheckRequest {
        file_name: "logo.png".into(),
        data_base64: base64(&photo),
    })
    .unwrap();
    assert!(check.errors.is_empty(), "{:?}", check.errors);
    assert_eq!((check.width, check.height), (Some(640), Some(640)));

    let done = upload_through_the_job(&f, &photo).await;
    assert_eq!(done.total_bytes, photo.len() as u64);
    assert_eq!(done.state, PhotoUploadState::Done, "{:?}", done.error);
    assert_eq!(
        done.sent_bytes, done.total_bytes,
        "progress reached the total"
    );
    let new_url = done
        .profile
        .as_ref()
        .and_then(|p| p.profile_picture_url.clone())
        .unwrap();
    assert_ne!(Some(&new_url), old.profile.profile_picture_url.as_ref());
    let served = reqwest::get(&new_url).await.unwrap().bytes().await.unwrap();
    assert_eq!(&served[..], &photo[..], "the sandbox shows the bytes sent");

    let curls: Vec<String> = done.requests.iter().map(|r| r.to_curl()).collect();
    assert_eq!(curls.len(), 3, "open, bytes, set: {curls:?}");
    assert!(
        curls[0].contains(&format!(
            "/{APP_ID}/uploads?file_name=logo.png&file_length={}&file_type=image%2Fpng",
            photo.len()
        )),
        "{}",
        curls[0]
    );
    assert!(
        curls[1].contains("?sig=")
            && curls[1].contains("-H \"Authorization: OAuth $WA_TOKEN\"")
            && curls[1].contains("-H 'file_offset: 0'")
            && curls[1].ends_with("--data-binary '@logo.png'"),
        "{}",
        curls[1]
    );
    assert!(curls[2].contains("profile_picture_handle"), "{}", curls[2]);
    for curl in &curls {
        assert!(!curl.contains(SANDBOX_TOKEN), "{curl}");
    }
    let page = f.console.profile_page(&f.profile).await.unwrap();
    assert_eq!(page.profile.profile_picture_url, Some(new_url));
    assert_eq!(
        page.photo_data_url,
        Some(format!("data:image/png;base64,{}", base64(&photo))),
        "the window gets the photo itself, not a remote URL"
    );
    assert_eq!(page.photo_problem, None);
    assert_eq!(
        newest_audit(&f).await.0,
        "profile_photo_set",
        "the read back is not audited"
    );
}

#[tokio::test]
async fn a_photo_counts_its_bytes_as_they_go_when_called_directly() {
    let f = fixture(Scenario::Fresh, "bp-photo-direct").await;
    let photo = png(320, 320, 0x20);
    let progress = Arc::new(AtomicU64::new(0));
    let profile = f
        .console
        .upload_profile_photo(&f.profile, "small.png", photo.clone(), progress.clone())
        .await
        .unwrap()
        .read_back
        .unwrap();
    assert_eq!(progress.load(Ordering::Relaxed), photo.len() as u64);
    assert!(profile.profile_picture_url.is_some(), "{profile:?}");
}

#[tokio::test]
async fn a_bad_photo_is_refused_without_a_call_and_a_failed_upload_keeps_the_old_one() {
    let f = fixture(Scenario::Healthy, "bp-photo-bad").await;
    let old = f.console.profile_page(&f.profile).await.unwrap();
    let before = sent(&f);
    for (name, bytes) in [
        ("wide.png", png(400, 200, 1)),
        ("tiny.png", png(100, 100, 1)),
        ("notes.png", b"just text".to_vec()),
    ] {
        let err = f
            .console
            .start_profile_photo_upload(PhotoUploadRequest {
                profile_id: f.profile.clone(),
                file_name: name.into(),
                data_base64: base64(&bytes),
            })
            .await
            .unwrap_err();
        assert!(
            refused_fields(&err).iter().all(|f| f == "dataBase64"),
            "{err:?}"
        );
    }
    let err = f
        .console
        .start_profile_photo_upload(PhotoUploadRequest {
            profile_id: f.profile.clone(),
            file_name: "x.png".into(),
            data_base64: "%%%".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(refused_fields(&err), ["dataBase64"]);
    assert_eq!(sent(&f), before, "nothing reached the sandbox");

    let unknown = f
        .console
        .profile_photo_upload_progress("photo-nope")
        .await
        .unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotFound);

    f.sim.faults().reset_next(1);
    let err = f
        .console
        .upload_profile_photo(&f.profile, "logo.png", png(640, 640, 9), Arc::default())
        .await
        .unwrap_err();
    assert_ne!(err.code, ErrorCode::InvalidInput, "{err:?}");
    assert_eq!(newest_audit(&f).await.2, "Failed");
    let page = f.console.profile_page(&f.profile).await.unwrap();
    assert_eq!(
        page.profile.profile_picture_url, old.profile.profile_picture_url,
        "the old photo stays"
    );
}

/// The profile photo's URL, read fresh.
async fn photo_url(f: &Fixture) -> Option<String> {
    let page = f
        .console
        .profile_page_without_photo(&f.profile)
        .await
        .unwrap();
    page.profile.profile_picture_url
}

/// Uploads `photo` as `logo.png` through the window's job and waits for it to stop.
async fn upload_through_the_job(f: &Fixture, photo: &[u8]) -> PhotoUploadProgress {
    let started = f
        .console
        .start_profile_photo_upload(PhotoUploadRequest {
            profile_id: f.profile.clone(),
            file_name: "logo.png".into(),
            data_base64: base64(photo),
        })
        .await
        .unwrap();
    finished(f, &started).await
}

#[tokio::test]
async fn a_lost_answer_to_the_bytes_is_resumed_once_from_metas_offset_and_the_job_is_done() {
    let f = fixture(Scenario::Healthy, "bp-photo-job-resume").await;
    let old = photo_url(&f).await;
    f.sim.faults().only_path("POST /v26.0/upload:");
    f.sim.faults().lose_answer_next(1);
    let photo = png(640, 640, 5);
    let done = upload_through_the_job(&f, &photo).await;
    assert_eq!(done.state, PhotoUploadState::Done, "{:?}", done.error);
    assert_eq!(done.sent_bytes, done.total_bytes);
    assert_eq!(done.total_bytes, photo.len() as u64);
    let curls: Vec<String> = done.requests.iter().map(|r| r.to_curl()).collect();
    assert_eq!(curls.len(), 5, "open, bytes, offset, rest, set: {curls:?}");
    let offset_reads: Vec<&String> = curls
        .iter()
        .filter(|c| c.contains("upload:") && !c.contains("file_offset"))
        .collect();
    assert_eq!(offset_reads.len(), 1, "one offset read: {curls:?}");
    assert!(
        curls[3].contains(&format!("-H 'file_offset: {}'", photo.len())),
        "the rest is sent from Meta's offset: {}",
        curls[3]
    );
    let new_url = done.profile.and_then(|p| p.profile_picture_url).unwrap();
    assert_ne!(Some(&new_url), old.as_ref());
    let served = reqwest::get(&new_url).await.unwrap().bytes().await.unwrap();
    assert_eq!(&served[..], &photo[..]);
}

#[tokio::test]
async fn a_refused_handle_fails_the_job_and_a_fresh_read_still_has_the_old_photo() {
    let f = fixture(Scenario::Healthy, "bp-photo-set-refused").await;
    let old = photo_url(&f).await;
    assert!(old.is_some());
    f.sim.faults().only_path(&format!(
        "POST /v26.0/{PHONE_NUMBER_ID}/whatsapp_business_profile"
    ));
    f.sim.faults().fail_next(1, 100, None);
    let done = upload_through_the_job(&f, &png(640, 640, 6)).await;
    assert_eq!(done.state, PhotoUploadState::Failed);
    let error = done.error.expect("the refusal");
    assert_eq!(error.graph().map(|g| g.code), Some(100), "{error:?}");
    assert_eq!(done.profile, None);
    assert_eq!(done.requests.len(), 3, "open, bytes, set");
    assert_eq!(newest_audit(&f).await.2, "Failed");
    assert_eq!(photo_url(&f).await, old, "the old photo stays");
}

#[tokio::test]
async fn a_failed_read_back_after_the_set_still_ends_the_job_done() {
    let f = fixture(Scenario::Healthy, "bp-photo-read-back").await;
    let old = photo_url(&f).await;
    f.sim.faults().only_path("GET /v26.0/");
    f.sim.faults().html_500_next(1);
    let done = upload_through_the_job(&f, &png(640, 640, 7)).await;
    assert_eq!(done.state, PhotoUploadState::Done, "{:?}", done.error);
    assert_eq!(done.profile, None, "the read back failed");
    f.sim.faults().clear();
    assert_ne!(photo_url(&f).await, old, "the new photo is live");
}

#[tokio::test]
async fn an_upload_cut_off_resumes_from_the_offset_meta_reports() {
    let f = fixture(Scenario::Healthy, "bp-photo-resume").await;
    let client = GraphClient::new(ClientConfig {
        base_url: f.sim.base_url(),
        version: "v26.0".into(),
        timeout: DEFAULT_TIMEOUT,
    })
    .unwrap();
    let token = secret(SANDBOX_TOKEN.to_owned());
    let photo = png(640, 640, 3);
    let open = client.describe_open_upload(APP_ID, "logo.png", photo.len() as u64, "image/png");
    let session = client.open_upload(&token, &open).await.unwrap();
    assert!(session.id.starts_with("upload:") && session.id.contains("?sig="));
    let progress = Arc::new(AtomicU64::new(0));
    f.sim.faults().lose_answer_next(1);
    let cut = client
        .upload_bytes(&token, &session.id, "logo.png", &photo, 0, &progress)
        .await
        .unwrap_err();
    assert!(matches!(cut, GraphError::Unreachable { .. }), "{cut:?}");
    let offset = client.upload_offset(&token, &session.id).await.unwrap();
    assert_eq!(offset, photo.len() as u64, "the sandbox kept the bytes");
    let handle = client
        .upload_bytes(&token, &session.id, "logo.png", &photo, offset, &progress)
        .await
        .unwrap();
    assert!(handle.h.starts_with("4:"), "{}", handle.h);
    let set = client.describe_set_profile_picture(PHONE_NUMBER_ID, &handle.h);
    client.update_business_profile(&token, &set).await.unwrap();
}

#[tokio::test]
async fn a_display_name_request_is_pending_then_approved_on_the_sandbox_clock() {
    let f = fixture(Scenario::Healthy, "bp-name").await;
    let before = sent(&f);
    let err = f
        .console
        .request_display_name(&DisplayNameRequest {
            profile_id: f.profile.clone(),
            new_name: "ab".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(refused_fields(&err), ["newName"]);
    assert_eq!(sent(&f), before, "refused before any call");

    let requested = f
        .console
        .request_display_name(&DisplayNameRequest {
            profile_id: f.profile.clone(),
            new_name: " Lucky Shrub Garden ".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        requested.new_display_name.as_deref(),
        Some("Lucky Shrub Garden")
    );
    assert_eq!(value(&requested.new_name_status), Some("PENDING_REVIEW"));
    assert!(
        requested.summary.contains("under review"),
        "{}",
        requested.summary
    );
    assert_eq!(
        newest_audit(&f).await,
        (
            "display_name_requested".into(),
            Some("Lucky Shrub Garden".into()),
            "Ok".into()
        )
    );

    f.sim.clock().advance(Duration::from_secs(3600));
    let page = f.console.profile_page(&f.profile).await.unwrap();
    assert_eq!(
        page.display_name.verified_name.as_deref(),
        Some("Lucky Shrub Garden")
    );
    assert_eq!(
        page.display_name.name_status.as_ref().map(|s| &s.value),
        Some(&NameStatus::Approved)
    );
    assert!(page.display_name.approved);

    let again = f
        .console
        .request_display_name(&DisplayNameRequest {
            profile_id: f.profile.clone(),
            new_name: "Lucky Shrub Garden".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(refused_fields(&again), ["newName"], "the current name");
}

#[tokio::test]
async fn automation_is_saved_read_back_and_refused_over_the_limits() {
    let f = fixture(Scenario::Fresh, "bp-automation").await;
    let automation = ConversationalAutomation {
        enable_welcome_message: true,
        prompts: vec!["Book a flight".into(), "Plan a vacation".into()],
        commands: vec![AutomationCommand {
            command_name: "tickets".into(),
            command_description: "Book flight tickets".into(),
        }],
    };
    let saved = f
        .console
        .save_automation(&SaveAutomationRequest {
            profile_id: f.profile.clone(),
            automation: automation.clone(),
        })
        .await
        .unwrap();
    assert_eq!(saved, automation);
    let page = f.console.profile_page(&f.profile).await.unwrap();
    assert_eq!(page.automation, Some(automation));
    assert_eq!(newest_audit(&f).await.0, "automation_saved");

    let before = sent(&f);
    let too_many = ConversationalAutomation {
        prompts: (1..=5).map(|i| format!("Prompt {i}")).collect(),
        ..ConversationalAutomation::default()
    };
    let err = f
        .console
        .save_automation(&SaveAutomationRequest {
            profile_id: f.profile.clone(),
            automation: too_many.clone(),
        })
        .await
        .unwrap_err();
    assert_eq!(refused_fields(&err), ["prompts"]);
    let described = f
        .console
        .describe_graph_call(
            &f.profile,
            &GraphCall::SaveAutomation {
                automation: too_many,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(refused_fields(&described), ["prompts"]);
    assert_eq!(sent(&f), before, "nothing reached the sandbox");
}
