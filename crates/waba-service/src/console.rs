//! [`Console`]: the state behind one running app or CLI invocation, and its use cases.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use time::{format_description::well_known::Rfc3339, OffsetDateTime};
use waba_core::app::{AppInfo, SandboxInfo, SetScenarioRequest, SetTokenRequest};
use waba_core::audit::{AuditAction, Outcome};
use waba_core::checklist::{self, Checklist, TokenState};
use waba_core::profile::{NewProfile, Profile, ProfileKind, ProfileList};
use waba_core::token::{clean_token_input, TokenReport};
use waba_core::versions::{known_versions, DEFAULT_API_VERSION};
use waba_core::{CommandError, ErrorCode};
use waba_graph::{ClientConfig, GraphClient, DEFAULT_TIMEOUT};
use waba_secrets::{secret, Keychain};
use waba_store::{AuditRecord, Store};

use crate::errors;
use crate::sandbox::{parse_scenario, EmbeddedSandbox};
use crate::token_check;

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
}

impl ConsoleConfig {
    pub fn new(data_dir: PathBuf, keychain_service: impl Into<String>) -> Self {
        Self {
            data_dir,
            log_dir: None,
            keychain_service: keychain_service.into(),
            initial_scenario: waba_sim::Scenario::Fresh.name().into(),
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

pub struct Console {
    config: ConsoleConfig,
    store: Store,
    keychain: Keychain,
    sandbox: EmbeddedSandbox,
}

fn now_rfc3339() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}

impl Console {
    /// Opens the database (migrating it) and makes sure a Sandbox profile exists on first start.
    pub async fn open(config: ConsoleConfig) -> Result<Self, CommandError> {
        parse_scenario(&config.initial_scenario)?;
        let store = Store::open(&config.data_dir.join("console.db"))
            .await
            .map_err(errors::store)?;
        let console = Self {
            keychain: Keychain::new(&config.keychain_service),
            store,
            sandbox: EmbeddedSandbox::default(),
            config,
        };
        console.ensure_sandbox_profile().await?;
        Ok(console)
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
                scenario: Some(self.config.initial_scenario.clone()),
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
            self.keychain.delete(&profile.id).await.map_err(|e| {
                errors::keychain(
                    e,
                    "the profile's token could not be removed and the profile was kept",
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

    /// Cleans the pasted token, stores it in the keychain, then checks it with Meta.
    pub async fn set_token(&self, request: SetTokenRequest) -> Result<TokenReport, CommandError> {
        let profile = self.profile(&request.profile_id).await?;
        let token = secret(
            clean_token_input(&request.token).map_err(|e| CommandError::invalid_fields(vec![e]))?,
        );
        let started = Instant::now();
        let saved = self
            .keychain
            .set(&profile.id, &token)
            .await
            .map_err(|e| errors::keychain(e, "the token was not saved"));
        let state = match &saved {
            Ok(()) => {
                Some(token_check::check(&self.graph(&profile).await?, &profile, &token).await)
            }
            Err(_) => None,
        };
        let graph_code = match &state {
            Some(TokenState::Checked { report }) => report
                .rejection
                .as_ref()
                .and_then(|r| r.graph())
                .map(|g| g.code),
            _ => None,
        };
        self.record(
            Some(&profile.id),
            AuditAction::TokenSet,
            Some(&profile.name),
            saved.is_ok(),
            graph_code,
            started,
        )
        .await;
        saved?;
        match state {
            Some(TokenState::Checked { report }) => Ok(*report),
            Some(TokenState::Unchecked { error }) => Err(CommandError {
                message: format!(
                    "The token was saved in the keychain, but it could not be checked: {}",
                    error.message
                ),
                ..error
            }),
            _ => Err(CommandError::internal("token check returned no state")),
        }
    }

    pub async fn clear_token(&self, profile_id: &str) -> Result<bool, CommandError> {
        let profile = self.profile(profile_id).await?;
        let started = Instant::now();
        let result = self
            .keychain
            .delete(&profile.id)
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
        let stored = self.keychain.get(&profile.id).await;
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

    pub async fn checklist(&self, profile_id: &str) -> Result<Checklist, CommandError> {
        let profile = self.profile(profile_id).await?;
        let token = self.token_state(&profile).await?;
        Ok(checklist::build(&profile, &token))
    }

    /// The Graph client for `profile`: the embedded sandbox or the profile's base URL.
    async fn graph(&self, profile: &Profile) -> Result<GraphClient, CommandError> {
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
        GraphClient::new(ClientConfig {
            base_url,
            version: profile.api_version.clone(),
            timeout: self.config.timeout,
        })
        .map_err(CommandError::from)
    }

    async fn profile(&self, id: &str) -> Result<Profile, CommandError> {
        self.store
            .profile(id)
            .await
            .map_err(errors::store)?
            .ok_or_else(|| errors::profile_not_found(id))
    }

    async fn audit<T>(
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
    async fn record(
        &self,
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
        if let Err(e) = self.store.record(&record).await {
            tracing::error!(action = action.as_str(), error = %e, "could not write the audit log");
        }
    }

    /// The most recent audit entries, newest first.
    pub async fn audit_entries(
        &self,
        limit: u32,
    ) -> Result<Vec<waba_core::audit::AuditEntry>, CommandError> {
        self.store.audit_entries(limit).await.map_err(errors::store)
    }
}
