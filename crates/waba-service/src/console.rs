//! [`Console`]: the state behind one running app or CLI invocation, and its use cases.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use std::path::Path;
use time::OffsetDateTime;

use waba_core::app::{
    AppInfo, ExportFormat, ExportedFile, SandboxInfo, SetScenarioRequest, SetTokenRequest,
    TokenSaved,
};
use waba_core::audit::AuditLog;
use waba_core::audit::{AuditAction, Outcome};
use waba_core::catalogue::FixAction;
use waba_core::checklist::{self, Checklist, TokenState};
use waba_core::diagnose::DiagnoseResult;
use waba_core::doctor::{CheckCounts, DoctorReport};
use waba_core::graph_states::GraphState;
use waba_core::numbers::{data_regions, PollSchedule};
use waba_core::profile::{NewProfile, Profile, ProfileKind, ProfileList};
use waba_core::quality::{QualityPoint, QualitySource};
use waba_core::token::clean_token_input;
use waba_core::versions::parse_version;
use waba_core::versions::{known_versions, table_updated, DEFAULT_API_VERSION};
use waba_core::FieldError;
use waba_core::{CommandError, ErrorCode};
use waba_graph::model::MessageTemplate;
use waba_graph::{ClientConfig, GraphClient, ReadBudget, DEFAULT_TIMEOUT, READS_PER_HOUR};
use waba_secrets::{secret, ExposeSecret, Keychain, Secret};
use waba_store::{AuditRecord, Store};

use crate::audit_key;
use crate::diagnose;
use crate::doctor::{self, now_rfc3339};
use crate::errors;
use crate::export;
use crate::sandbox::{parse_scenario, EmbeddedSandbox, SandboxSecrets};
use crate::token_check;
use crate::tokens::{pin_account, Tokens};

/// Where the console keeps its state and how it talks to Graph.
#[derive(Debug, Clone)]
pub struct ConsoleConfig {
    /// Holds `console.db`.
    pub data_dir: PathBuf,
    pub log_dir: Option<PathBuf>,
    /// Keychain service name: one per build identifier, so dev builds never see release tokens.
    pub keychain_service: String,
    /// Scenario of the Sandbox profile when it is first created.
    pub initial_scenario: String,
    pub timeout: Duration,
    /// How long a number registered on the embedded sandbox reads PENDING before CONNECTED
    /// (sim-clock time; tests lengthen it and move the sandbox clock).
    pub sandbox_provisioning_delay: Duration,
    /// The console's own budget of Graph reads per profile and hour (Meta's management-call
    /// limit, 200 by default, is shared with every tool using the app).
    pub reads_per_hour: NonZeroU32,
    /// What the embedded sandbox accepts besides its public samples (a test's canary token and
    /// app secret); from the environment by default ([`SandboxSecrets::from_env`]).
    pub sandbox_secrets: SandboxSecrets,
}

impl ConsoleConfig {
    pub fn new(data_dir: PathBuf, keychain_service: impl Into<String>) -> Self {
        Self {
            data_dir,
            log_dir: None,
            keychain_service: keychain_service.into(),
            initial_scenario: waba_sim::Scenario::Fresh.name().into(),
            timeout: DEFAULT_TIMEOUT,
            sandbox_provisioning_delay: waba_sim::DEFAULT_PROVISIONING_DELAY,
            reads_per_hour: NonZeroU32::new(READS_PER_HOUR).expect("non-zero"),
            sandbox_secrets: SandboxSecrets::from_env(),
        }
    }
}

pub struct Console {
    pub(crate) config: ConsoleConfig,
    pub(crate) store: Store,
    pub(crate) tokens: Tokens,
    sandbox: EmbeddedSandbox,
    /// Why the audit key could not be loaded, when the keychain itself failed.
    audit_key_problem: Option<audit_key::KeyProblem>,
    /// One read budget per profile id, shared by every client made for that profile.
    read_budgets: std::sync::Mutex<HashMap<String, ReadBudget>>,
    /// The window's webhook receiver, when it runs.
    pub(crate) local_receiver: crate::webhook_events::LocalReceiverSlot,
    /// The pace of each number's sends, shared by the window's sends and bursts.
    pub(crate) pacers: crate::sender::Pacers,
    /// The bursts started in this run, by ID.
    pub(crate) bursts: crate::burst::Bursts,
    /// The profile-photo uploads started in this run, by ID.
    pub(crate) photo_uploads: crate::profile_photo::PhotoUploads,
}

impl Console {
    /// Opens the database (migrating it), loads the audit key from the keychain (making it on
    /// first start) and makes sure a Sandbox profile exists on first start.
    pub async fn open(config: ConsoleConfig) -> Result<Self, CommandError> {
        parse_scenario(&config.initial_scenario)?;
        let store = Store::open(&config.data_dir.join("console.db"))
            .await
            .map_err(errors::store)?;
        let keychain = Keychain::new(&config.keychain_service);
        let (store, audit_key_problem) = audit_key::load(store, &keychain).await?;
        let console = Self {
            tokens: Tokens::new(keychain),
            store,
            audit_key_problem,
            sandbox: EmbeddedSandbox::new(
                config.sandbox_provisioning_delay,
                config.sandbox_secrets.clone(),
            ),
            read_budgets: std::sync::Mutex::default(),
            local_receiver: Default::default(),
            pacers: Default::default(),
            bursts: Default::default(),
            photo_uploads: Default::default(),
            config,
        };
        console.ensure_sandbox_profile().await?;
        crate::sender::settle_abandoned_sends(&console.store).await;
        console.rename_retired_scenarios().await?;
        Ok(console)
    }

    /// A Sandbox profile stored by an older console may name a retired scenario (`flagged`,
    /// whose `FLAGGED` number Meta retired on 7 Oct 2025); it gets the scenario that replaced it
    /// (`red-quality`), so the database opens and the Profiles page lists a scenario that exists.
    async fn rename_retired_scenarios(&self) -> Result<(), CommandError> {
        let profiles = self.store.list_profiles().await.map_err(errors::store)?;
        for p in profiles.iter().filter(|p| p.kind == ProfileKind::Sandbox) {
            let Some(stored) = p.scenario.as_deref() else {
                continue;
            };
            let Ok(scenario) = waba_sim::Scenario::parse(stored) else {
                continue;
            };
            if scenario.name() != stored {
                self.store
                    .set_scenario(&p.id, scenario.name())
                    .await
                    .map_err(errors::store)?;
                tracing::info!(
                    from = stored,
                    to = scenario.name(),
                    "renamed a retired sandbox scenario"
                );
            }
        }
        Ok(())
    }

    async fn ensure_sandbox_profile(&self) -> Result<(), CommandError> {
        let profiles = self.store.list_profiles().await.map_err(errors::store)?;
        if profiles.is_empty() {
            let sandbox = Profile {
                id: uuid::Uuid::new_v4().to_string(),
                name: "Sandbox".into(),
                kind: ProfileKind::Sandbox,
                app_id: waba_sim::APP_ID.into(),
                waba_id: waba_sim::WABA_ID.into(),
                phone_number_id: waba_sim::PHONE_NUMBER_ID.into(),
                api_version: DEFAULT_API_VERSION.into(),
                base_url: None,
                scenario: Some(parse_scenario(&self.config.initial_scenario)?.name().into()),
                created_at: now_rfc3339(),
            };
            self.store
                .insert_profile(&sandbox)
                .await
                .map_err(errors::store)?;
            self.store
                .set_active_profile_id(&sandbox.id)
                .await
                .map_err(errors::store)?;
            tracing::info!(scenario = %self.config.initial_scenario, "created the Sandbox profile");
        }
        Ok(())
    }

    pub fn app_info(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").into(),
            data_dir: self.config.data_dir.display().to_string(),
            log_dir: self
                .config
                .log_dir
                .as_ref()
                .map(|d| d.display().to_string()),
            keychain_service: self.config.keychain_service.clone(),
            default_api_version: DEFAULT_API_VERSION.into(),
            api_versions: known_versions(OffsetDateTime::now_utc().date()),
            api_versions_updated: table_updated(),
            provisioning_poll: PollSchedule::PROVISIONING,
            template_review_poll: PollSchedule::TEMPLATE_REVIEW,
            data_regions: data_regions(),
            fix_actions: FixAction::table(),
            media_limits: waba_core::send::MediaKind::ALL
                .into_iter()
                .map(waba_core::send::media_limits)
                .collect(),
        }
    }

    pub async fn list_profiles(&self) -> Result<ProfileList, CommandError> {
        let profiles = self.store.list_profiles().await.map_err(errors::store)?;
        let stored = self
            .store
            .active_profile_id()
            .await
            .map_err(errors::store)?;
        let active_id = stored
            .filter(|id| profiles.iter().any(|p| &p.id == id))
            .or_else(|| profiles.first().map(|p| p.id.clone()));
        Ok(ProfileList {
            profiles,
            active_id,
        })
    }

    /// A profile by id or (case-insensitive) name, as the CLI's `--profile` accepts either.
    pub async fn find_profile(&self, id_or_name: &str) -> Result<Profile, CommandError> {
        if let Some(p) = self
            .store
            .profile(id_or_name)
            .await
            .map_err(errors::store)?
        {
            return Ok(p);
        }
        self.store
            .profile_by_name(id_or_name)
            .await
            .map_err(errors::store)?
            .ok_or_else(|| errors::profile_not_found(id_or_name))
    }

    /// The active profile (the first one when none was chosen).
    pub async fn active_profile(&self) -> Result<Profile, CommandError> {
        let list = self.list_profiles().await?;
        list.active_id
            .and_then(|id| list.profiles.into_iter().find(|p| p.id == id))
            .ok_or_else(|| {
                CommandError::new(ErrorCode::NotFound, "There is no profile yet.")
                    .with_action("Add a profile first.")
            })
    }

    pub async fn add_profile(&self, form: NewProfile) -> Result<Profile, CommandError> {
        let valid = form.validate()?;
        let profile = Profile {
            id: uuid::Uuid::new_v4().to_string(),
            name: valid.name,
            kind: ProfileKind::Real,
            app_id: valid.app_id,
            waba_id: valid.waba_id,
            phone_number_id: valid.phone_number_id,
            api_version: valid.api_version,
            base_url: valid.base_url,
            scenario: None,
            created_at: now_rfc3339(),
        };
        let started = Instant::now();
        let result = self
            .store
            .insert_profile(&profile)
            .await
            .map_err(errors::store);
        self.audit(
            Some(&profile.id),
            AuditAction::ProfileAdded,
            Some(&profile.name),
            &result,
            started,
        )
        .await;
        result.map(|()| profile)
    }

    pub async fn remove_profile(&self, id: &str) -> Result<(), CommandError> {
        let profile = self.profile(id).await?;
        if profile.kind == ProfileKind::Sandbox {
            return Err(CommandError::new(ErrorCode::InvalidInput, "The Sandbox profile cannot be removed; it is the console's built-in practice account.")
                .with_action("Switch to another profile instead, or change the sandbox's scenario."));
        }
        let started = Instant::now();
        let result = async {
            let pins = self
                .store
                .kept_pins(&profile.id)
                .await
                .map_err(errors::store)?;
            let pin_accounts: Vec<String> =
                pins.iter().map(|n| pin_account(&profile.id, n)).collect();
            let app_secret = crate::app_secret::app_secret_account(&profile.id);
            let accounts: Vec<&str> = std::iter::once(profile.id.as_str())
                .chain(pin_accounts.iter().map(String::as_str))
                .chain(std::iter::once(app_secret.as_str()))
                .collect();
            self.tokens.delete(&accounts).await.map_err(|e| {
                errors::keychain(
                    e,
                    "the profile's secrets could not all be removed from the keychain and the profile was kept",
                )
            })?;
            self.store
                .delete_profile(&profile.id)
                .await
                .map_err(errors::store)
                .map(drop)
        }
        .await;
        self.audit(
            Some(&profile.id),
            AuditAction::ProfileRemoved,
            Some(&profile.name),
            &result,
            started,
        )
        .await;
        // Its app secret went with it: a receiver running for it stops.
        self.app_secret_changed(&profile.id).await;
        result
    }

    pub async fn set_active_profile(&self, id: &str) -> Result<(), CommandError> {
        let profile = self.profile(id).await?;
        let started = Instant::now();
        let result = self
            .store
            .set_active_profile_id(&profile.id)
            .await
            .map_err(errors::store);
        self.audit(
            Some(&profile.id),
            AuditAction::ProfileActivated,
            Some(&profile.name),
            &result,
            started,
        )
        .await;
        result
    }

    pub async fn set_sandbox_scenario(
        &self,
        request: SetScenarioRequest,
    ) -> Result<Profile, CommandError> {
        let scenario = parse_scenario(&request.scenario)?;
        let profile = self.profile(&request.profile_id).await?;
        if profile.kind != ProfileKind::Sandbox {
            return Err(CommandError::new(
                ErrorCode::InvalidInput,
                format!(
                    "\"{}\" is a real profile; only the Sandbox profile has scenarios.",
                    profile.name
                ),
            )
            .with_action("Pick the Sandbox profile to change its scenario."));
        }
        let started = Instant::now();
        let result = self
            .store
            .set_scenario(&profile.id, scenario.name())
            .await
            .map_err(errors::store)
            .map(drop);
        self.audit(
            Some(&profile.id),
            AuditAction::ScenarioChanged,
            Some(scenario.name()),
            &result,
            started,
        )
        .await;
        result?;
        self.profile(&profile.id).await
    }

    pub async fn sandbox_info(&self) -> SandboxInfo {
        self.sandbox.info().await
    }

    /// The embedded sandbox of the Sandbox profile (started for its scenario if it is not
    /// running), for in-process tests: its request counts, faults, clock, provisioning delay and
    /// control secret. A scenario change restarts the sandbox; take a new handle after one.
    pub async fn embedded_sandbox(&self) -> Result<waba_sim::SandboxHandle, CommandError> {
        let profiles = self.store.list_profiles().await.map_err(errors::store)?;
        let sandbox = profiles
            .iter()
            .find(|p| p.kind == ProfileKind::Sandbox)
            .ok_or_else(|| {
                CommandError::new(ErrorCode::NotFound, "There is no Sandbox profile.")
            })?;
        let scenario = parse_scenario(
            sandbox
                .scenario
                .as_deref()
                .unwrap_or(waba_sim::Scenario::Fresh.name()),
        )?;
        self.sandbox.handle(scenario).await
    }

    /// Cleans the pasted token and checks it with Meta; stores it only when Meta accepts it (or,
    /// when Meta cannot be reached, when the admin chose to store it unverified). Every path,
    /// a refusal included, is in the audit log.
    pub async fn set_token(&self, request: SetTokenRequest) -> Result<TokenSaved, CommandError> {
        let profile = self.profile(&request.profile_id).await?;
        let started = Instant::now();
        let result = self.check_then_store_token(&profile, &request).await;
        let (ok, graph_code, target) = match &result {
            Ok(TokenSaved {
                stored: true,
                report: None,
            }) => (true, None, format!("{} (unverified)", profile.name)),
            Ok(TokenSaved { stored, report }) => (
                *stored,
                report
                    .as_ref()
                    .and_then(|r| r.rejection.as_ref())
                    .and_then(|e| e.graph())
                    .map(|g| g.code),
                profile.name.clone(),
            ),
            Err(e) => (false, e.graph().map(|g| g.code), profile.name.clone()),
        };
        self.record(
            Some(&profile.id),
            AuditAction::TokenSet,
            Some(&target),
            ok,
            graph_code,
            started,
        )
        .await;
        result
    }

    async fn check_then_store_token(
        &self,
        profile: &Profile,
        request: &SetTokenRequest,
    ) -> Result<TokenSaved, CommandError> {
        let token = secret(
            clean_token_input(request.token.expose_secret())
                .map_err(|e| CommandError::invalid_fields(vec![e]))?,
        );
        let state = match self.graph(profile).await {
            Ok(client) => token_check::check(&client, profile, &token).await,
            Err(error) => TokenState::Unchecked { error },
        };
        let store = async || {
            self.tokens
                .set(&profile.id, &token)
                .await
                .map_err(|e| errors::keychain(e, "the token was not saved"))
        };
        match state {
            TokenState::Checked { report } if report.valid => {
                store().await?;
                Ok(TokenSaved {
                    stored: true,
                    report: Some(*report),
                })
            }
            TokenState::Checked { report } => Ok(TokenSaved {
                stored: false,
                report: Some(*report),
            }),
            TokenState::Unchecked { .. } if request.store_unverified => {
                store().await?;
                Ok(TokenSaved {
                    stored: true,
                    report: None,
                })
            }
            TokenState::Unchecked { error } => Err(CommandError {
                message: format!(
                    "The token could not be checked with Meta, so it was not stored and the profile keeps its current token: {}",
                    error.message
                ),
                action: Some(
                    "Retry when Meta can be reached, or store the token unverified (--unverified in the CLI); the checklist checks it on its next run.".into(),
                ),
                ..error
            }),
            TokenState::Missing => Err(CommandError::internal(
                "the token check answered that no token exists",
            )),
        }
    }

    pub async fn clear_token(&self, profile_id: &str) -> Result<bool, CommandError> {
        let profile = self.profile(profile_id).await?;
        let started = Instant::now();
        let result = self
            .tokens
            .delete(&[&profile.id])
            .await
            .map_err(|e| errors::keychain(e, "the token was not removed"));
        self.record(
            Some(&profile.id),
            AuditAction::TokenCleared,
            Some(&profile.name),
            result.is_ok(),
            None,
            started,
        )
        .await;
        result
    }

    /// What is known of the profile's token: missing, checked with Meta, or not checkable now.
    pub async fn token_state(&self, profile: &Profile) -> Result<TokenState, CommandError> {
        let stored = self.tokens.get(&profile.id).await;
        let token = match stored {
            Ok(Some(token)) => token,
            Ok(None) => return Ok(TokenState::Missing),
            Err(e) => {
                return Ok(TokenState::Unchecked {
                    error: errors::keychain(e, "the token could not be read"),
                })
            }
        };
        match self.graph(profile).await {
            Ok(client) => Ok(token_check::check(&client, profile, &token).await),
            Err(error) => Ok(TokenState::Unchecked { error }),
        }
    }

    /// The setup checklist: the doctor's checks, mapped onto the onboarding steps.
    pub async fn checklist(&self, profile_id: &str) -> Result<Checklist, CommandError> {
        let profile = self.profile(profile_id).await?;
        let inputs = self.doctor_inputs(&profile).await?;
        let checks = doctor::judge(&profile, &inputs, OffsetDateTime::now_utc().date());
        Ok(checklist::build(&profile, &inputs.token, &checks))
    }

    /// Runs every readiness check at once. `api_version` runs it against another version than
    /// the profile's (to try a version before switching to it).
    pub async fn run_doctor(
        &self,
        profile_id: &str,
        api_version: Option<&str>,
    ) -> Result<DoctorReport, CommandError> {
        let mut profile = self.profile(profile_id).await?;
        if let Some(version) = api_version {
            profile.api_version = parse_version(version).map_err(|m| {
                CommandError::invalid_fields(vec![FieldError::new("apiVersion", m)])
            })?;
        }
        let started = Instant::now();
        let started_at = now_rfc3339();
        let inputs = self.doctor_inputs(&profile).await?;
        let checks = doctor::judge(&profile, &inputs, OffsetDateTime::now_utc().date());
        Ok(DoctorReport {
            profile_id: profile.id.clone(),
            profile_name: profile.name.clone(),
            api_version: profile.api_version.clone(),
            started_at,
            wall_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            graph_calls: inputs.graph_calls,
            counts: CheckCounts::of(&checks),
            checks,
        })
    }

    /// One concurrent round of reads for the doctor, plus the local facts it judges.
    async fn doctor_inputs(&self, profile: &Profile) -> Result<doctor::Inputs, CommandError> {
        let (stored, app_secret, last_status, last_probe, sends) = tokio::join!(
            self.tokens.get(&profile.id),
            self.stored_app_secret(&profile.id),
            self.last_status_webhook(&profile.waba_id),
            self.last_probe(&profile.id),
            self.send_facts(profile),
        );
        let last_probe = last_probe.unwrap_or_else(|e| {
            tracing::warn!(error = %e.message, "could not read the last webhook probe");
            None
        });
        // Without the app secret the messages-field check says so; a keychain failure reading
        // it is logged, and the check reads as not stored.
        let app_token = app_secret
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e.message, "could not read the app secret for the doctor");
                None
            })
            .map(|s| crate::app_secret::app_access_token(&profile.app_id, &s));
        let at = now_rfc3339();
        let (token, reads, graph_calls) = match stored {
            Ok(Some(token)) => match self.graph(profile).await {
                Ok(client) => {
                    let (state, reads) =
                        doctor::gather(&client, profile, &token, app_token.as_ref()).await;
                    (state, Some(reads), client.requests_sent())
                }
                Err(error) => (TokenState::Unchecked { error }, None, 0),
            },
            Ok(None) => (TokenState::Missing, None, 0),
            Err(e) => (
                TokenState::Unchecked {
                    error: errors::keychain(e, "the token could not be read"),
                },
                None,
                0,
            ),
        };
        if let Some(Ok(phone)) = reads.as_ref().map(|r| &r.phone) {
            let limit = doctor::messaging_limit(phone).map(|(limit, _)| limit.as_graph());
            if let Err(e) = self
                .store
                .record_quality(
                    &profile.id,
                    &phone.id,
                    phone.quality_rating.as_ref().map(GraphState::as_graph),
                    limit,
                    QualitySource::Read,
                )
                .await
            {
                tracing::warn!(error = %e, "could not record the quality reading");
            }
        }
        Ok(doctor::Inputs {
            token,
            reads,
            graph_calls,
            at,
            last_status,
            last_probe,
            sends,
        })
    }

    /// What the message log says for the doctor; a store failure is logged and reads as no sends.
    async fn send_facts(&self, profile: &Profile) -> doctor::SendFacts {
        let now_ms = i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000)
            .unwrap_or(0);
        let hour_ago = now_ms - 3_600_000;
        let stale_before = now_ms - i64::from(waba_core::send::STALE_AFTER_MINUTES) * 60_000;
        let last_hour = waba_store::MessageFilter {
            since_ms: Some(hour_ago),
            ..waba_store::MessageFilter::profile(profile.id.clone())
        };
        let facts = async {
            Ok::<_, waba_store::StoreError>(doctor::SendFacts {
                newest_delivered: self
                    .store
                    .newest_delivered(&profile.id)
                    .await?
                    .map(|m| (m.recipient, m.status.as_str().to_owned(), m.status_at)),
                last_hour: self.store.count_messages(&last_hour).await?,
                throttled_last_hour: self
                    .store
                    .count_throttled(&profile.id, hour_ago, doctor::THROTTLE_CODES)
                    .await?,
                stale: self
                    .store
                    .count_stale_accepted(&profile.id, stale_before)
                    .await?,
            })
        };
        facts.await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "could not read the message log for the doctor");
            doctor::SendFacts::default()
        })
    }

    /// Explains whatever the admin pasted; with a profile, each card also says what this
    /// account's state means for it (the stored token for 190, approved templates for 132001, ...).
    pub async fn diagnose(
        &self,
        input: &str,
        profile_id: Option<&str>,
    ) -> Result<DiagnoseResult, CommandError> {
        let mut result = waba_core::diagnose::diagnose(input);
        let Some(profile_id) = profile_id else {
            return Ok(result);
        };
        let profile = self.profile(profile_id).await?;
        let has = |codes: &[i64]| result.diagnoses.iter().any(|d| codes.contains(&d.code));
        let token = if has(diagnose::TOKEN_CODES) {
            Some(self.token_state(&profile).await?)
        } else {
            None
        };
        let templates = if has(diagnose::TEMPLATE_CODES) {
            Some(self.read_templates(&profile).await)
        } else {
            None
        };
        for d in &mut result.diagnoses {
            d.context = match (&token, &templates) {
                (Some(state), _) if diagnose::TOKEN_CODES.contains(&d.code) => {
                    diagnose::token_context(state)
                }
                (_, Some(Ok(list))) if diagnose::TEMPLATE_CODES.contains(&d.code) => {
                    diagnose::template_context(d, list)
                }
                (_, Some(Err(e))) if diagnose::TEMPLATE_CODES.contains(&d.code) => {
                    vec![format!(
                        "The console could not read this WABA's templates: {}",
                        e.message
                    )]
                }
                _ if d.code == 131047 => diagnose::reengagement_context(d, &profile),
                _ => Vec::new(),
            };
        }
        Ok(result)
    }

    /// The WABA's templates for a diagnosis: the synced cache (synced first if it never was).
    async fn read_templates(
        &self,
        profile: &Profile,
    ) -> Result<Vec<MessageTemplate>, CommandError> {
        if let Some(cached) = self.cached_templates(profile).await? {
            return Ok(cached.templates);
        }
        self.sync_templates(&profile.id).await?;
        Ok(self
            .cached_templates(profile)
            .await?
            .map(|c| c.templates)
            .unwrap_or_default())
    }

    /// The Graph client and the stored token for `profile`, for calls that cannot run without one.
    pub(crate) async fn session(
        &self,
        profile: &Profile,
    ) -> Result<(GraphClient, Secret), CommandError> {
        let token = self
            .tokens
            .get(&profile.id)
            .await
            .map_err(|e| errors::keychain(e, "the token could not be read"))?
            .ok_or_else(|| {
                CommandError::new(
                    ErrorCode::NoToken,
                    format!("No token is stored for profile \"{}\".", profile.name),
                )
                .with_action(
                    "Open the Token page (or run waba token set) and paste the System User token.",
                )
            })?;
        Ok((self.graph(profile).await?, token))
    }

    /// The Quality page's history for a profile, oldest first.
    pub async fn quality_history(
        &self,
        profile_id: &str,
    ) -> Result<Vec<QualityPoint>, CommandError> {
        let profile = self.profile(profile_id).await?;
        self.store
            .quality_history(&profile.id)
            .await
            .map_err(errors::store)
    }

    /// Writes a doctor report to `dir` as Markdown or JSON.
    pub async fn export_doctor(
        &self,
        report: &DoctorReport,
        format: ExportFormat,
        dir: &Path,
    ) -> Result<ExportedFile, CommandError> {
        let contents = match format {
            ExportFormat::Markdown => report.to_markdown(),
            ExportFormat::Json => serde_json::to_string_pretty(report)
                .map_err(|e| CommandError::internal(e.to_string()))?,
            ExportFormat::Csv => {
                return Err(export::unsupported(
                    format,
                    "A doctor report",
                    "Markdown or JSON",
                ))
            }
        };
        export::write(
            dir,
            &export::file_name("doctor", &report.profile_name, format),
            contents,
        )
        .await
    }

    /// Writes the whole audit log (oldest first) and its verification to `dir` as CSV or JSON.
    pub async fn export_audit(
        &self,
        format: ExportFormat,
        dir: &Path,
    ) -> Result<ExportedFile, CommandError> {
        let log = self.audit_log(u32::MAX).await?;
        let mut entries = log.entries.clone();
        entries.reverse();
        let contents = match format {
            ExportFormat::Csv => waba_core::audit::to_csv(&entries),
            ExportFormat::Json => serde_json::to_string_pretty(&AuditLog {
                entries,
                verification: log.verification,
            })
            .map_err(|e| CommandError::internal(e.to_string()))?,
            ExportFormat::Markdown => {
                return Err(export::unsupported(format, "The audit log", "CSV or JSON"))
            }
        };
        export::write(dir, &export::file_name("audit", "", format), contents).await
    }

    /// The newest audit entries and the verdict on the whole chain.
    pub async fn audit_log(&self, limit: u32) -> Result<AuditLog, CommandError> {
        let entries = self
            .store
            .audit_entries(limit)
            .await
            .map_err(errors::store)?;
        let mut verification = self.store.verify_audit().await.map_err(errors::store)?;
        if let Some(problem) = &self.audit_key_problem {
            problem.apply(&mut verification);
        }
        Ok(AuditLog {
            entries,
            verification,
        })
    }

    /// The Graph client for `profile`: the embedded sandbox or the profile's base URL.
    pub(crate) async fn graph(&self, profile: &Profile) -> Result<GraphClient, CommandError> {
        let base_url = match profile.kind {
            ProfileKind::Sandbox => {
                let scenario = parse_scenario(
                    profile
                        .scenario
                        .as_deref()
                        .unwrap_or(waba_sim::Scenario::Fresh.name()),
                )?;
                self.sandbox.base_url(scenario).await?
            }
            ProfileKind::Real => profile.real_base_url().to_owned(),
        };
        let reads = self
            .read_budgets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(profile.id.clone())
            .or_insert_with(|| ReadBudget::per_hour(self.config.reads_per_hour))
            .clone();
        Ok(GraphClient::new(ClientConfig {
            base_url,
            version: profile.api_version.clone(),
            timeout: self.config.timeout,
        })?
        .with_read_budget(reads))
    }

    pub(crate) async fn profile(&self, id: &str) -> Result<Profile, CommandError> {
        self.store
            .profile(id)
            .await
            .map_err(errors::store)?
            .ok_or_else(|| errors::profile_not_found(id))
    }

    /// Runs `work` and records it in the audit log whatever its outcome, with its duration.
    pub(crate) async fn audited<T>(
        &self,
        profile_id: Option<&str>,
        action: AuditAction,
        target: Option<&str>,
        work: impl std::future::Future<Output = Result<T, CommandError>>,
    ) -> Result<T, CommandError> {
        let started = Instant::now();
        let result = work.await;
        self.audit(profile_id, action, target, &result, started)
            .await;
        result
    }

    pub(crate) async fn audit<T>(
        &self,
        profile_id: Option<&str>,
        action: AuditAction,
        target: Option<&str>,
        result: &Result<T, CommandError>,
        started: Instant,
    ) {
        let graph_code = result
            .as_ref()
            .err()
            .and_then(|e| e.graph())
            .map(|g| g.code);
        self.record(
            profile_id,
            action,
            target,
            result.is_ok(),
            graph_code,
            started,
        )
        .await;
    }

    /// Appends to the audit log. A failure to record is logged, never shown as the action failing.
    pub(crate) async fn record(
        &self,
        profile_id: Option<&str>,
        action: AuditAction,
        target: Option<&str>,
        ok: bool,
        graph_code: Option<i64>,
        started: Instant,
    ) {
        record_in(
            &self.store,
            profile_id,
            action,
            target,
            ok,
            graph_code,
            started,
        )
        .await;
    }
}

/// [`Console::record`] for work that outlives the call that started it (a background upload).
pub(crate) async fn record_in(
    store: &Store,
    profile_id: Option<&str>,
    action: AuditAction,
    target: Option<&str>,
    ok: bool,
    graph_code: Option<i64>,
    started: Instant,
) {
    let record = AuditRecord {
        profile_id: profile_id.map(str::to_owned),
        action,
        target: target.map(str::to_owned),
        outcome: if ok { Outcome::Ok } else { Outcome::Failed },
        graph_code,
        duration: started.elapsed(),
    };
    if let Err(e) = store.record(&record).await {
        tracing::error!(action = action.as_str(), error = %e, "could not write the audit log");
    }
}
