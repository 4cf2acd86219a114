//! A new profile photo (facts §17.2): checked, uploaded through Meta's Resumable Upload API
//! (open a session on the app, send the bytes, get a handle), set as the profile's
//! `profile_picture_handle`, then the profile read back.
//!
//! Why a job: a photo of a few megabytes takes a while on a slow line, so the window starts the
//! upload, polls its progress (bytes handed to the connection so far) and gets the new profile
//! at the end. A dropped connection during the bytes is resumed once from the offset Meta
//! reports, never sent blindly again; any failure leaves the old photo in place, as nothing is
//! set until the whole file is in. Once the handle is set the upload is done, even when the
//! profile cannot be read back afterwards: the new photo is live.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use waba_core::audit::AuditAction;
use waba_core::business_profile::{
    check_photo, BusinessProfile, PhotoFormat, PhotoUploadProgress, PhotoUploadRequest,
    PhotoUploadState,
};
use waba_core::graph_request::GraphRequest;
use waba_core::{CommandError, ErrorCode, FieldError};
use waba_graph::{GraphClient, GraphError};
use waba_secrets::Secret;
use waba_store::Store;

use crate::business_profile::{decoded_file, read_business_profile};
use crate::console::record_in;
use crate::Console;

struct JobStatus {
    state: PhotoUploadState,
    error: Option<CommandError>,
    profile: Option<BusinessProfile>,
    requests: Vec<GraphRequest>,
}

/// One upload's progress, shared by the task that runs it and the window that polls it.
pub(crate) struct PhotoJob {
    id: String,
    total_bytes: u64,
    /// Bytes handed to the connection (from the resume offset on, after a resume).
    sent: Arc<AtomicU64>,
    status: Mutex<JobStatus>,
}

impl PhotoJob {
    fn new(total_bytes: u64, sent: Arc<AtomicU64>) -> Self {
        Self {
            id: format!("photo-{}", uuid::Uuid::new_v4().simple()),
            total_bytes,
            sent,
            status: Mutex::new(JobStatus {
                state: PhotoUploadState::Uploading,
                error: None,
                profile: None,
                requests: Vec::new(),
            }),
        }
    }

    fn status(&self) -> MutexGuard<'_, JobStatus> {
        self.status.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Notes a call about to be sent.
    fn sending(&self, request: &GraphRequest) {
        self.status().requests.push(request.clone());
    }

    fn progress(&self) -> PhotoUploadProgress {
        let status = self.status();
        PhotoUploadProgress {
            upload_id: self.id.clone(),
            state: status.state,
            sent_bytes: self.sent.load(Ordering::Relaxed).min(self.total_bytes),
            total_bytes: self.total_bytes,
            error: status.error.clone(),
            profile: status.profile.clone(),
            requests: status.requests.clone(),
        }
    }

    fn finish(&self, result: &Result<PhotoSet, CommandError>) {
        let mut status = self.status();
        match result {
            Ok(set) => {
                status.state = PhotoUploadState::Done;
                status.profile = set.read_back.as_ref().ok().cloned();
            }
            Err(error) => {
                status.state = PhotoUploadState::Failed;
                status.error = Some(error.clone());
            }
        }
    }
}

/// A photo now on the profile, and the profile read back after it: `Err` when that read failed
/// (the photo is set all the same; `waba business-profile show` reads it again).
#[derive(Debug)]
pub struct PhotoSet {
    pub read_back: Result<BusinessProfile, CommandError>,
}

/// The photo uploads of this run, by ID.
#[derive(Default)]
pub(crate) struct PhotoUploads(Mutex<HashMap<String, Arc<PhotoJob>>>);

impl PhotoUploads {
    fn insert(&self, job: Arc<PhotoJob>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(job.id.clone(), job);
    }

    fn get(&self, id: &str) -> Result<Arc<PhotoJob>, CommandError> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(id)
            .cloned()
            .ok_or_else(|| {
                CommandError::new(
                    ErrorCode::NotFound,
                    format!("No photo upload \"{id}\" ran since the console started."),
                )
                .with_action("Pick the photo again on the Profile page to upload it.")
            })
    }
}

/// The photo's format, or the refusal listing every reason the photo cannot be used (nothing
/// is sent).
fn checked_photo(file_name: &str, bytes: &[u8]) -> Result<PhotoFormat, CommandError> {
    let check = check_photo(file_name, bytes);
    if !check.errors.is_empty() {
        return Err(CommandError::invalid_fields(
            check
                .errors
                .into_iter()
                .map(|message| FieldError::new("dataBase64", message))
                .collect(),
        ));
    }
    check
        .format
        .ok_or_else(|| CommandError::internal("a photo passed its checks without a format"))
}

/// Everything one upload needs, owned, so it can run in a task of its own.
struct PhotoUpload {
    store: Store,
    client: GraphClient,
    token: Secret,
    profile_id: String,
    app_id: String,
    phone_number_id: String,
    file_name: String,
    format: PhotoFormat,
    bytes: Vec<u8>,
}

/// A failure that may have cut the bytes off midway: Meta can say how many arrived.
fn cut_off(error: &GraphError) -> bool {
    matches!(
        error,
        GraphError::Unreachable { .. } | GraphError::Timeout { .. }
    )
}

impl PhotoUpload {
    /// Uploads, sets and reads back, recording the upload in the audit log; a failed read-back
    /// does not fail an upload whose photo is set.
    async fn run(self, job: &PhotoJob) -> Result<PhotoSet, CommandError> {
        let started = Instant::now();
        let result = self.upload_and_set(job).await;
        record_in(
            &self.store,
            Some(&self.profile_id),
            AuditAction::ProfilePhotoSet,
            Some(&self.file_name),
            result.is_ok(),
            result
                .as_ref()
                .err()
                .and_then(|e| e.graph())
                .map(|g| g.code),
            started,
        )
        .await;
        result?;
        Ok(PhotoSet {
            read_back: read_business_profile(&self.client, &self.token, &self.phone_number_id)
                .await,
        })
    }

    async fn upload_and_set(&self, job: &PhotoJob) -> Result<(), CommandError> {
        let (client, token) = (&self.client, &self.token);
        let open = client.describe_open_upload(
            &self.app_id,
            &self.file_name,
            self.bytes.len() as u64,
            self.format.mime(),
        );
        job.sending(&open);
        let session = client.open_upload(token, &open).await?;
        let handle = match self.send_bytes(job, &session.id, 0).await {
            Err(e) if cut_off(&e) => {
                job.sending(&client.describe_upload_offset(&session.id));
                let offset = client.upload_offset(token, &session.id).await?;
                job.sent.store(offset, Ordering::Relaxed);
                self.send_bytes(job, &session.id, offset).await?
            }
            other => other?,
        };
        job.status().state = PhotoUploadState::Setting;
        let set = client.describe_set_profile_picture(&self.phone_number_id, &handle.h);
        job.sending(&set);
        Ok(client.update_business_profile(token, &set).await?)
    }

    async fn send_bytes(
        &self,
        job: &PhotoJob,
        upload_id: &str,
        offset: u64,
    ) -> Result<waba_graph::UploadHandle, GraphError> {
        job.sending(
            &self
                .client
                .describe_upload_bytes(upload_id, &self.file_name, offset),
        );
        self.client
            .upload_bytes(
                &self.token,
                upload_id,
                &self.file_name,
                &self.bytes,
                offset,
                &job.sent,
            )
            .await
    }
}

impl Console {
    /// Checks the photo (nothing is sent when it cannot be used) and prepares its upload.
    async fn prepare_photo(
        &self,
        profile_id: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Result<PhotoUpload, CommandError> {
        let format = checked_photo(file_name, &bytes)?;
        let profile = self.profile(profile_id).await?;
        let (client, token) = self.session(&profile).await?;
        Ok(PhotoUpload {
            store: self.store.clone(),
            client,
            token,
            profile_id: profile.id,
            app_id: profile.app_id,
            phone_number_id: profile.phone_number_id,
            file_name: file_name.to_owned(),
            format,
            bytes,
        })
    }

    /// Uploads `bytes` as the number's new profile photo and answers the profile read back
    /// (see [`PhotoSet`]); `progress` counts the bytes handed to the connection. A failure
    /// (`Err`) leaves the old photo.
    pub async fn upload_profile_photo(
        &self,
        profile_id: &str,
        file_name: &str,
        bytes: Vec<u8>,
        progress: Arc<AtomicU64>,
    ) -> Result<PhotoSet, CommandError> {
        let total = bytes.len() as u64;
        let upload = self.prepare_photo(profile_id, file_name, bytes).await?;
        upload.run(&PhotoJob::new(total, progress)).await
    }

    /// Checks the photo (refusing it with the reasons, nothing sent) and starts its upload in
    /// the background; follow it with [`Console::profile_photo_upload_progress`].
    pub async fn start_profile_photo_upload(
        &self,
        request: PhotoUploadRequest,
    ) -> Result<PhotoUploadProgress, CommandError> {
        let bytes = decoded_file(&request.data_base64)?;
        let total = bytes.len() as u64;
        let upload = self
            .prepare_photo(&request.profile_id, &request.file_name, bytes)
            .await?;
        let job = Arc::new(PhotoJob::new(total, Arc::default()));
        self.photo_uploads.insert(job.clone());
        let progress = job.progress();
        tokio::spawn(async move {
            let result = upload.run(&job).await;
            job.finish(&result);
        });
        Ok(progress)
    }

    /// Where an upload started by [`Console::start_profile_photo_upload`] is.
    pub async fn profile_photo_upload_progress(
        &self,
        upload_id: &str,
    ) -> Result<PhotoUploadProgress, CommandError> {
        Ok(self.photo_uploads.get(upload_id)?.progress())
    }
}
