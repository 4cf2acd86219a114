//! The sandbox's in-memory world: the app, its business portfolio, the WABA, the WABA's phone
//! numbers (each with a registration state), its message templates (`templates`), the issued
//! tokens, the recipients the numbers message (`recipients`), uploaded media (`media`),
//! what is still to happen to sent messages (`messages`), each number's business profile
//! (`business_profile`), display-name review (`display_name`) and conversational components
//! (`automation`), and resumable upload sessions (`uploads`). Scenarios seed it; endpoints read and
//! mutate it under one lock.

use std::collections::HashSet;

use secrecy::{ExposeSecret, SecretString};
use time::{Duration, OffsetDateTime};

use crate::automation::Automation;
use crate::business_profile::Profile;
use crate::display_name::{self, NameChange, NameDecision};
use crate::media::MediaStore;
use crate::messages::Outbox;
use crate::recipients::Customers;
use crate::templates::{self, Store};
use crate::token::{Grant, Token, TokenKind, BUSINESS, MANAGEMENT, MESSAGING};
use crate::uploads::Uploads;
use crate::{
    Scenario, APP_ID, APP_NAME, PHONE_NUMBER_ID, PHONE_NUMBER_IDS, SANDBOX_APP_SECRET, SANDBOX_PIN,
    SANDBOX_TOKEN, WABA_ID,
};

/// Default [`World::provisioning_delay`] ([`crate::DEFAULT_PROVISIONING_DELAY`]).
const DEFAULT_PROVISIONING_DELAY: Duration =
    Duration::seconds(crate::DEFAULT_PROVISIONING_DELAY.as_secs() as i64);

/// The business portfolio that owns the WABA (appears in `health_status`).
const BUSINESS_ID: &str = "104996122399160";
/// The system user behind the system-user tokens (Meta's own debug_token example value).
const SYSTEM_USER_ID: &str = "104169029247128";
/// The person behind the `user-token` scenario.
const PERSON_USER_ID: &str = "100089465234821";

#[derive(Debug)]
pub(crate) struct World {
    pub app: App,
    pub business_id: String,
    pub waba: Waba,
    pub numbers: Vec<PhoneNumber>,
    /// The WABA's message templates (`templates`).
    pub templates: Store,
    pub tokens: Vec<Token>,
    /// How long a registered number stays `PENDING` before it reads `CONNECTED` (sim clock).
    pub provisioning_delay: Duration,
    /// `register-fails`: every `/register` that passes the checks answers 100/2388001.
    pub register_fails: bool,
    /// The sent messages (`wamid`s) whose `delivered` or `read` status webhook has carried
    /// `pricing`: Meta puts it on `sent` and on the first of those two only (facts §12.5).
    pub priced_receipts: HashSet<String>,
    /// The recipients: the test numbers' allow list, behaviours, customer-service windows.
    pub customers: Customers,
    /// Media the numbers uploaded.
    pub media: MediaStore,
    /// Statuses and replies of sent messages, due later on the sim clock.
    pub outbox: Outbox,
    /// Resumable upload sessions and their handles (`uploads`).
    pub uploads: Uploads,
    /// How long a requested display name stays in review (sim clock, `display_name`).
    pub name_review_delay: Duration,
    /// Display-name reviews decided and not yet announced by the emitter.
    pub name_decisions: Vec<NameDecision>,
}

/// The app's callback URL as the App Dashboard shows it once Meta has verified it.
pub(crate) const APP_CALLBACK_URL: &str = "https://hooks.sandbox.example/whatsapp";

#[derive(Debug)]
pub(crate) struct App {
    pub id: String,
    pub name: String,
    /// The `whatsapp_business_account` fields the app's webhook delivers, each with the Graph
    /// version it was subscribed at (`/{app-id}/subscriptions`); meaningful while
    /// [`Waba::app_callback`] is set.
    pub fields: Vec<(String, String)>,
    /// The app secret: the app access token is `{id}|{secret}` ([`SandboxConfig::app_secret`]).
    ///
    /// [`SandboxConfig::app_secret`]: crate::SandboxConfig::app_secret
    pub secret: SecretString,
}

/// The fields the `healthy` app delivers (set in the App Dashboard).
pub(crate) const APP_FIELDS: [&str; 3] = [
    "messages",
    "message_template_status_update",
    "phone_number_quality_update",
];

#[derive(Debug)]
pub(crate) struct Waba {
    pub id: String,
    pub name: String,
    pub currency: String,
    pub timezone_id: String,
    pub message_template_namespace: String,
    pub account_review_status: String,
    pub business_verification_status: String,
    pub country: String,
    /// Whether the app is subscribed to the WABA's webhooks (`subscribed_apps`).
    pub subscribed: bool,
    /// The app-level webhook callback, set (and so verified) in the App Dashboard or with
    /// `POST /{app-id}/subscriptions`.
    pub app_callback: Option<String>,
    /// The WABA's `override_callback_uri` (`POST /{waba-id}/subscribed_apps`), once verified.
    pub override_callback: Option<String>,
}

/// Where a number stands on the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Registration {
    /// Added to the WABA, not registered (`status: PENDING`, `platform_type: NOT_APPLICABLE`).
    Pending,
    /// A successful `/register` at the given time. The number reads `PENDING` until the
    /// provisioning delay has passed on the sim clock, then `CONNECTED`.
    Connected { since: OffsetDateTime },
}

/// What a number's registration looks like at one instant (computed at read time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Unregistered,
    /// Registered, still provisioning; connected at `ready_at`.
    Provisioning {
        ready_at: OffsetDateTime,
    },
    Connected {
        since: OffsetDateTime,
    },
}

/// Ownership (OTP) verification of the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeVerification {
    NotVerified,
    /// Verified; `until: None` never lapses (seeded numbers), otherwise valid 14 days.
    Verified {
        until: Option<OffsetDateTime>,
    },
}

impl CodeVerification {
    /// `code_verification_status` at `now`: `VERIFIED`, `NOT_VERIFIED`, or `EXPIRED` once a
    /// 14-day verification has lapsed.
    pub(crate) fn status(self, now: OffsetDateTime) -> &'static str {
        match self {
            CodeVerification::NotVerified => "NOT_VERIFIED",
            CodeVerification::Verified { until: Some(until) } if until <= now => "EXPIRED",
            CodeVerification::Verified { .. } => "VERIFIED",
        }
    }
}

#[derive(Debug)]
pub(crate) struct PhoneNumber {
    pub id: String,
    /// Formatted as Graph reads show it (`+1 555-010-0199`).
    pub display: String,
    pub verified_name: String,
    pub registration: Registration,
    /// `data_localization_region` of the current registration (Local Storage), if any.
    pub region: Option<String>,
    pub code_verification: CodeVerification,
    /// The two-step verification PIN; `Some` means `is_pin_enabled: true`. Never cleared.
    pub pin: Option<String>,
    /// When a verification code was last requested and not yet used.
    pub code_requested_at: Option<OffsetDateTime>,
    /// Every `/register` call (success or failure) in the last 72 h, oldest first.
    pub register_calls: Vec<OffsetDateTime>,
    /// Every `/deregister` call in the last 72 h, oldest first.
    pub deregister_calls: Vec<OffsetDateTime>,
    /// Consecutive PIN mismatches at `/register` (cleared by a matching PIN).
    pub pin_failures: Vec<OffsetDateTime>,
    /// Quality once connected (`NA` is reported while not connected): `GREEN`, `YELLOW` or
    /// `RED`, seeded by the scenario and set with `POST /__sandbox/quality`. It changes neither
    /// `status` nor `health_status` (no FLAGGED state since 7 Oct 2025).
    pub quality: &'static str,
    pub name_status: &'static str,
    /// The number's own webhook callback (`webhook_configuration.override_callback_uri`), once
    /// verified; it wins over the WABA's override and the app's callback for message webhooks.
    pub override_callback: Option<String>,
    /// `account_mode`: `LIVE`, or `SANDBOX` for a test number, which may message only the
    /// allow-listed recipients (131030). Every seeded number is `LIVE`; set with
    /// `POST /__sandbox/numbers/{id}/account-mode`.
    pub account_mode: &'static str,
    /// The business profile (`business_profile`).
    pub profile: Profile,
    /// The requested display name while it is in review or after it was declined.
    pub name_change: Option<NameChange>,
    /// When each display-name change was requested, oldest first (the 30-day limit).
    pub name_requests: Vec<OffsetDateTime>,
    /// The conversational components, once set (`automation`).
    pub automation: Option<Automation>,
}

impl PhoneNumber {
    /// The registration phase at `now`, given the sandbox's provisioning delay.
    pub(crate) fn phase(&self, now: OffsetDateTime, provisioning: Duration) -> Phase {
        match self.registration {
            Registration::Pending => Phase::Unregistered,
            Registration::Connected { since } if since + provisioning > now => {
                Phase::Provisioning {
                    ready_at: since + provisioning,
                }
            }
            Registration::Connected { since } => Phase::Connected { since },
        }
    }
}

impl World {
    /// The world a scenario starts in; token times are relative to `now` (the sim clock).
    pub(crate) fn seed(scenario: Scenario, now: OffsetDateTime) -> World {
        let connected = Registration::Connected {
            since: now - Duration::days(45),
        };
        let profile = match scenario {
            Scenario::Fresh => PhoneNumber {
                registration: Registration::Pending,
                code_verification: CodeVerification::NotVerified,
                pin: None,
                ..number(
                    PHONE_NUMBER_ID,
                    "+1 555-010-0199",
                    "WABA Console Sandbox",
                    connected,
                )
            },
            // Verified and PIN-protected, ready to register (which then fails).
            Scenario::RegisterFails => PhoneNumber {
                registration: Registration::Pending,
                ..number(
                    PHONE_NUMBER_ID,
                    "+1 555-010-0199",
                    "WABA Console Sandbox",
                    connected,
                )
            },
            // RED quality, still CONNECTED: no FLAGGED state since 7 Oct 2025.
            Scenario::RedQuality => PhoneNumber {
                quality: "RED",
                ..number(
                    PHONE_NUMBER_ID,
                    "+1 555-010-0199",
                    "WABA Console Sandbox",
                    connected,
                )
            },
            Scenario::Yellow => PhoneNumber {
                quality: "YELLOW",
                ..number(
                    PHONE_NUMBER_ID,
                    "+1 555-010-0199",
                    "WABA Console Sandbox",
                    connected,
                )
            },
            _ => number(
                PHONE_NUMBER_ID,
                "+1 555-010-0199",
                "WABA Console Sandbox",
                connected,
            ),
        };
        let support = PhoneNumber {
            quality: "YELLOW",
            ..number(
                PHONE_NUMBER_IDS[1],
                "+1 555-010-0142",
                "Sandbox Support",
                connected,
            )
        };
        let alerts = PhoneNumber {
            registration: Registration::Pending,
            code_verification: CodeVerification::NotVerified,
            pin: None,
            name_status: "PENDING_REVIEW",
            ..number(
                PHONE_NUMBER_IDS[2],
                "+1 555-010-0173",
                "Sandbox Alerts",
                connected,
            )
        };
        let mut numbers = vec![profile, support, alerts];
        if scenario != Scenario::Fresh {
            for (n, number) in numbers.iter_mut().enumerate() {
                number.profile = Profile::seeded(&number.verified_name, n + 1);
            }
        }
        World {
            app: App {
                id: APP_ID.into(),
                name: APP_NAME.into(),
                secret: SecretString::from(SANDBOX_APP_SECRET),
                fields: if scenario == Scenario::Fresh {
                    Vec::new()
                } else {
                    APP_FIELDS
                        .iter()
                        .map(|f| ((*f).to_owned(), "v26.0".to_owned()))
                        .collect()
                },
            },
            business_id: BUSINESS_ID.into(),
            waba: Waba {
                id: WABA_ID.into(),
                name: "WABA Console Sandbox WABA".into(),
                currency: "USD".into(),
                timezone_id: "1".into(),
                message_template_namespace: "5f1b6c8e_3d2a_4c7b_9e0f_a1b2c3d4e5f6".into(),
                account_review_status: "APPROVED".into(),
                // A new business is not verified yet: 250 templates instead of 6,000.
                business_verification_status: if scenario == Scenario::Fresh {
                    "not_verified".into()
                } else {
                    "verified".into()
                },
                country: "US".into(),
                subscribed: scenario != Scenario::Fresh,
                app_callback: (scenario != Scenario::Fresh).then(|| APP_CALLBACK_URL.into()),
                override_callback: None,
            },
            numbers,
            templates: Store::seed(scenario, now),
            tokens: vec![sandbox_token(scenario, now)],
            provisioning_delay: DEFAULT_PROVISIONING_DELAY,
            register_fails: scenario == Scenario::RegisterFails,
            priced_receipts: HashSet::new(),
            customers: Customers::seed(),
            media: MediaStore::default(),
            outbox: Outbox::default(),
            uploads: Uploads::default(),
            name_review_delay: display_name::DEFAULT_REVIEW_DELAY,
            name_decisions: Vec::new(),
        }
    }

    /// Accepts each of `values` as the sandbox token is accepted: same type, grants and expiry
    /// ([`SandboxConfig::extra_tokens`]).
    ///
    /// [`SandboxConfig::extra_tokens`]: crate::SandboxConfig::extra_tokens
    pub(crate) fn accept_extra_tokens(&mut self, values: &[SecretString]) {
        let Some(sandbox_token) = self.token(SANDBOX_TOKEN).cloned() else {
            return;
        };
        self.tokens.extend(
            values
                .iter()
                .map(|value| sandbox_token.with_value(value.expose_secret())),
        );
    }

    pub(crate) fn token(&self, value: &str) -> Option<&Token> {
        self.tokens.iter().find(|token| token.value == value)
    }

    pub(crate) fn number(&self, id: &str) -> Option<&PhoneNumber> {
        self.numbers.iter().find(|number| number.id == id)
    }

    /// The WABA's template limit (facts §9.3): 6,000 when its business portfolio is verified
    /// and one of its numbers has an approved display name, else 250.
    pub(crate) fn template_limit(&self) -> usize {
        let verified = self.waba.business_verification_status == "verified";
        let name_approved = self
            .numbers
            .iter()
            .any(|n| matches!(n.name_status, "APPROVED" | "AVAILABLE_WITHOUT_REVIEW"));
        templates::limit(verified, name_approved)
    }

    pub(crate) fn number_mut(&mut self, id: &str) -> Option<&mut PhoneNumber> {
        self.numbers.iter_mut().find(|number| number.id == id)
    }
}

/// A connected, verified, PIN-protected number with GREEN quality; scenarios override fields.
fn number(id: &str, display: &str, verified_name: &str, registration: Registration) -> PhoneNumber {
    PhoneNumber {
        id: id.into(),
        display: display.into(),
        verified_name: verified_name.into(),
        registration,
        region: None,
        code_verification: CodeVerification::Verified { until: None },
        pin: Some(SANDBOX_PIN.to_owned()),
        code_requested_at: None,
        register_calls: Vec::new(),
        deregister_calls: Vec::new(),
        pin_failures: Vec::new(),
        quality: "GREEN",
        name_status: "APPROVED",
        override_callback: None,
        account_mode: "LIVE",
        profile: Profile::default(),
        name_change: None,
        name_requests: Vec::new(),
        automation: None,
    }
}

/// [`SANDBOX_TOKEN`] with the properties the scenario calls for.
fn sandbox_token(scenario: Scenario, now: OffsetDateTime) -> Token {
    let waba_only = || Some(vec![WABA_ID.to_owned()]);
    let management = Grant {
        scope: MANAGEMENT,
        targets: waba_only(),
    };
    let messaging = Grant {
        scope: MESSAGING,
        targets: waba_only(),
    };
    let business = Grant {
        scope: BUSINESS,
        targets: None,
    };
    let system_user = Token {
        value: SANDBOX_TOKEN.into(),
        kind: TokenKind::SystemUser,
        user_id: SYSTEM_USER_ID.into(),
        issued_at: now - Duration::days(30),
        expires_at: None,
        data_access_expires_at: None,
        grants: vec![management.clone(), messaging.clone(), business.clone()],
    };
    match scenario {
        Scenario::Fresh
        | Scenario::Healthy
        | Scenario::RedQuality
        | Scenario::Yellow
        | Scenario::RegisterFails => system_user,
        Scenario::ExpiredToken => {
            // A 60-day system-user token issued 61 days ago: it expired yesterday.
            let issued_at = now - Duration::days(61);
            Token {
                issued_at,
                expires_at: Some(issued_at + Duration::days(60)),
                ..system_user
            }
        }
        Scenario::UserToken => Token {
            kind: TokenKind::User,
            user_id: PERSON_USER_ID.into(),
            issued_at: now,
            expires_at: Some(now + Duration::hours(24)),
            data_access_expires_at: Some(now + Duration::days(90)),
            grants: vec![management, messaging],
            ..system_user
        },
        Scenario::MissingScope => Token {
            grants: vec![management, business],
            ..system_user
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extra_token_is_accepted_exactly_like_the_sandbox_token() {
        let now = OffsetDateTime::now_utc();
        for scenario in Scenario::ALL {
            let mut world = World::seed(scenario, now);
            world.accept_extra_tokens(&[SecretString::from("EAAWcanary01")]);
            let (sample, extra) = (
                world.token(SANDBOX_TOKEN).unwrap(),
                world.token("EAAWcanary01").unwrap(),
            );
            assert_eq!(extra.kind, sample.kind, "{scenario}");
            assert_eq!(extra.expires_at, sample.expires_at, "{scenario}");
            let scopes = |t: &Token| -> Vec<&str> { t.grants.iter().map(|g| g.scope).collect() };
            assert_eq!(scopes(extra), scopes(sample), "{scenario}");
            assert!(world.token("EAAWcanary02").is_none());
        }
    }
}
