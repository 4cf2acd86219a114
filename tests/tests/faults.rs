//! Every call of the console that reaches Graph, against every fault the sandbox injects (latency
//! past the timeout, Meta's error envelope, an HTML 500, a reset connection, an answer lost after
//! the call ran, a 200 whose JSON is cut short, a call never answered): each returns (a hang
//! detector of three client timeouts, plus the retry schedule where a send is retried) with a
//! typed error whose code the window can branch on and a next step, the doctor with its report,
//! and a send that may have reached Meta is sent exactly once and left `unknown`. Run under
//! scripts/with-test-keychain.

mod common;

use std::time::Duration;

use base64::Engine as _;
use common::{fixture_with, pin, Fixture, PIXEL_PNG};
use waba_core::business_profile::{ProfileChanges, SaveProfileRequest};
use waba_core::checklist::TokenState;
use waba_core::doctor::{CheckId, CheckState, DoctorReport};
use waba_core::send::throughput::{backoff_schedule, RetryCause, MAX_RETRIES};
use waba_core::send::{
    BurstRequest, BurstState, ComposeRequest, LoggedMessage, MediaKind, MessageLogQuery,
    OutgoingMessage, SendStatus, TemplateMessage, UploadMediaRequest,
};
use waba_core::template_lint::TemplateDraft;
use waba_core::templates::CreateTemplateRequest;
use waba_core::{CommandError, ErrorCode};
use waba_sim::{Scenario, PHONE_NUMBER_ID, SANDBOX_TOKEN, TEST_RECIPIENTS};

/// The console's Graph timeout in these tests, so a call never answered resolves quickly.
const TIMEOUT: Duration = Duration::from_secs(2);
/// "Every call from now on" for the count-based faults.
const EVERY_CALL: u32 = u32::MAX;
/// Meta's "service temporarily unavailable", which the sender retries.
const TRANSIENT_CODE: i64 = 2;
const SEND_ROUTE: &str = "POST /{version}/{id}/messages";
/// How many messages the burst sends (one per test recipient).
const BURST: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    LatencyPastTimeout,
    MetaError,
    Html500,
    Reset,
    LoseAnswer,
    MalformedJson,
    NeverAnswers,
}

impl Fault {
    fn arm(self, f: &Fixture) {
        let faults = f.sim.faults();
        match self {
            Fault::LatencyPastTimeout => faults.set_latency(TIMEOUT + Duration::from_secs(1)),
            Fault::MetaError => faults.fail_next(EVERY_CALL, TRANSIENT_CODE, None),
            Fault::Html500 => faults.html_500_next(EVERY_CALL),
            Fault::Reset => faults.reset_next(EVERY_CALL),
            Fault::LoseAnswer => faults.lose_answer_next(EVERY_CALL),
            Fault::MalformedJson => faults.malformed_json_next(EVERY_CALL),
            Fault::NeverAnswers => faults.never_answer_next(EVERY_CALL),
        }
    }

    /// The code every failed call carries under this fault.
    fn code(self) -> ErrorCode {
        match self {
            Fault::LatencyPastTimeout | Fault::NeverAnswers => ErrorCode::Timeout,
            Fault::MetaError => ErrorCode::Graph,
            Fault::Html500 | Fault::MalformedJson => ErrorCode::NotJson,
            Fault::Reset | Fault::LoseAnswer => ErrorCode::Unreachable,
        }
    }

    /// Whether a send may have reached Meta without an answer the console can read (so it is
    /// never sent again); otherwise Meta said it did not take it, and the sender retries.
    fn leaves_sends_unknown(self) -> bool {
        !matches!(self, Fault::MetaError | Fault::Html500)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    TokenCheck,
    TokenPaste,
    Doctor,
    Numbers,
    NumberHealth,
    Register,
    TemplatesSync,
    TemplateCreate,
    Send,
    Burst,
    ProfileRead,
    ProfileSave,
    Subscriptions,
    MediaUpload,
}

const OPS: [Op; 14] = [
    Op::TokenCheck,
    Op::TokenPaste,
    Op::Doctor,
    Op::Numbers,
    Op::NumberHealth,
    Op::Register,
    Op::TemplatesSync,
    Op::TemplateCreate,
    Op::Send,
    Op::Burst,
    Op::ProfileRead,
    Op::ProfileSave,
    Op::Subscriptions,
    Op::MediaUpload,
];

impl Op {
    /// How many messages the operation sends.
    fn messages(self) -> u32 {
        match self {
            Op::Send => 1,
            Op::Burst => BURST,
            _ => 0,
        }
    }
}

/// What an operation ended with.
enum Outcome {
    Failed(CommandError),
    Doctor(Box<DoctorReport>),
    /// A send or burst: the error the send answered (a burst answers none), what a send left
    /// unknown said came instead of an answer, and the rows it wrote.
    Sends {
        error: Option<CommandError>,
        no_answer: Option<CommandError>,
        rows: Vec<LoggedMessage>,
    },
}

/// A hang detector, not a timing assertion: three client timeouts, plus the whole retry
/// schedule (at its longest jitter) for a send the sender retries.
fn hang_bound(fault: Fault, op: Op) -> Duration {
    let retries = if op.messages() > 0 && !fault.leaves_sends_unknown() {
        backoff_schedule(RetryCause::Transient, &mut || 1.0)
            .iter()
            .sum()
    } else {
        Duration::ZERO
    };
    TIMEOUT * 3 + retries
}

fn compose(f: &Fixture, to: &str) -> ComposeRequest {
    ComposeRequest {
        profile_id: f.profile.clone(),
        to: to.into(),
        message: OutgoingMessage::Template(TemplateMessage {
            name: "hello_world".into(),
            language: "en_US".into(),
            components: vec![],
        }),
        send_outside_window: false,
    }
}

/// The newest rows of the message log, newest first.
async fn log_rows(f: &Fixture) -> Vec<LoggedMessage> {
    f.console
        .message_log(&MessageLogQuery {
            profile_id: f.profile.clone(),
            ..MessageLogQuery::default()
        })
        .await
        .unwrap()
        .messages
}

async fn run(f: &Fixture, op: Op) -> Outcome {
    let console = &f.console;
    let id = f.profile.as_str();
    let failed = |result: Result<(), CommandError>| match result {
        Ok(()) => panic!("{op:?} succeeded under a fault"),
        Err(e) => Outcome::Failed(e),
    };
    let newest_before = log_rows(f).await.first().map_or(0, |m| m.id);
    let sends = |error, no_answer, rows: Vec<LoggedMessage>| Outcome::Sends {
        error,
        no_answer,
        rows: rows.into_iter().filter(|m| m.id > newest_before).collect(),
    };
    match op {
        Op::TokenCheck => {
            let profile = console.find_profile(id).await.unwrap();
            match console.token_state(&profile).await.unwrap() {
                TokenState::Unchecked { error } => Outcome::Failed(error),
                other => panic!("the token check answered {other:?}"),
            }
        }
        Op::TokenPaste => failed(
            console
                .set_token(waba_core::app::SetTokenRequest {
                    profile_id: id.into(),
                    token: SANDBOX_TOKEN.into(),
                    store_unverified: false,
                })
                .await
                .map(drop),
        ),
        Op::Doctor => Outcome::Doctor(Box::new(console.run_doctor(id, None).await.unwrap())),
        Op::Numbers => failed(console.numbers(id).await.map(drop)),
        Op::NumberHealth => failed(console.number(id, None).await.map(drop)),
        Op::Register => failed(
            console
                .register(id, PHONE_NUMBER_ID, Some(&pin("123456")), None, false)
                .await
                .map(drop),
        ),
        Op::TemplatesSync => failed(console.sync_templates(id).await.map(drop)),
        Op::TemplateCreate => {
            let draft: TemplateDraft = serde_json::from_value(serde_json::json!({
                "name": "fault_probe", "language": "en_US", "category": "UTILITY",
                "components": [{"type": "BODY",
                    "text": "Hello {{1}}, your order {{2}} has shipped and arrives soon.",
                    "example": {"body_text": [["Maria", "A-1042"]]}}]}))
            .unwrap();
            failed(
                console
                    .create_template(CreateTemplateRequest {
                        profile_id: id.into(),
                        draft,
                        confirm_warnings: true,
                        draft_id: None,
                    })
                    .await
                    .map(drop),
            )
        }
        Op::Send => {
            let (error, no_answer) =
                match console.send_message(&compose(f, TEST_RECIPIENTS[0])).await {
                    Ok(sent) => (None, sent.no_answer),
                    Err(error) => (Some(error), None),
                };
            sends(error, no_answer, log_rows(f).await)
        }
        Op::Burst => {
            let progress = console
                .run_burst(&BurstRequest {
                    profile_id: id.into(),
                    template: "hello_world".into(),
                    language: "en_US".into(),
                    count: BURST,
                    to: TEST_RECIPIENTS.iter().map(|r| (*r).to_owned()).collect(),
                    parameters: vec![],
                    confirmed: true,
                })
                .await
                .unwrap();
            assert_eq!(progress.state, BurstState::Done, "{progress:?}");
            assert_eq!(
                (progress.sent, progress.accepted),
                (BURST, 0),
                "{progress:?}"
            );
            let failures: u32 = progress.failures.iter().map(|c| c.count).sum();
            assert_eq!(failures, BURST, "{progress:?}");
            sends(None, None, log_rows(f).await)
        }
        Op::ProfileRead => failed(console.profile_page(id).await.map(drop)),
        Op::ProfileSave => failed(
            console
                .save_business_profile(&SaveProfileRequest {
                    profile_id: id.into(),
                    changes: ProfileChanges {
                        about: Some("Open again after the outage.".into()),
                        ..ProfileChanges::default()
                    },
                })
                .await
                .map(drop),
        ),
        Op::Subscriptions => failed(console.waba_subscriptions(id).await.map(drop)),
        Op::MediaUpload => failed(
            console
                .upload_media(&UploadMediaRequest {
                    profile_id: id.into(),
                    kind: MediaKind::Image,
                    file_name: "pixel.png".into(),
                    content_type: None,
                    data_base64: base64::engine::general_purpose::STANDARD.encode(PIXEL_PNG),
                })
                .await
                .map(drop),
        ),
    }
}

/// The error is the fault's typed code, with what happened and what to do next; Meta's error is
/// diagnosed from the catalogue.
fn assert_diagnosed(fault: Fault, op: Op, error: &CommandError) {
    assert_eq!(error.code, fault.code(), "{fault:?} {op:?}: {error:?}");
    assert!(!error.message.is_empty(), "{fault:?} {op:?}: {error:?}");
    assert!(
        error
            .action
            .as_deref()
            .is_some_and(|a| !a.trim().is_empty()),
        "{fault:?} {op:?}: no next step: {error:?}"
    );
    match fault {
        Fault::MetaError => {
            let diagnosis = error.graph().and_then(|g| g.diagnosis.as_ref());
            assert!(
                diagnosis.is_some_and(|d| d.known && d.code == TRANSIENT_CODE),
                "{fault:?} {op:?}: {error:?}"
            );
        }
        Fault::MalformedJson => assert!(
            error.message.contains("not valid JSON"),
            "{fault:?} {op:?}: {}",
            error.message
        ),
        _ => {}
    }
}

/// Every check failed with a fix, was skipped for a named cause, had nothing to judge, or
/// judged no Graph read; the token check failed with the token check's own error.
fn assert_doctor_diagnosed(fault: Fault, report: &DoctorReport, token_error: &CommandError) {
    let token = report.check(CheckId::TokenValid).unwrap();
    assert_eq!(token.state, CheckState::Fail, "{fault:?}: {token:?}");
    assert!(
        token.summary.contains(&token_error.message),
        "{fault:?}: {} / {}",
        token.summary,
        token_error.message
    );
    assert_eq!(token.fix, token_error.action, "{fault:?}");
    for check in &report.checks {
        let diagnosed = match check.state {
            CheckState::Fail => check.fix.as_deref().is_some_and(|f| !f.is_empty()),
            CheckState::Skipped => check.skipped_because.is_some(),
            CheckState::NotChecked => !check.summary.is_empty(),
            CheckState::Pass | CheckState::Warn => check.reads.is_empty(),
        };
        assert!(diagnosed, "{fault:?}: {check:?}");
    }
}

/// Sends that may have reached Meta: each sent exactly once and left `unknown`; sends Meta said
/// it did not take: retried to the end of the schedule, then refused with the fault's error.
fn assert_sends(
    fault: Fault,
    op: Op,
    (error, no_answer): (Option<&CommandError>, Option<&CommandError>),
    rows: &[LoggedMessage],
    posts: u64,
) {
    let messages = op.messages();
    assert_eq!(rows.len(), messages as usize, "{fault:?} {op:?}: {rows:?}");
    let (status, attempts) = if fault.leaves_sends_unknown() {
        assert!(error.is_none(), "{fault:?} {op:?}: {error:?}");
        if op == Op::Send {
            // The window says what came instead of an answer (an answer cut short is not a
            // lost one).
            assert_diagnosed(fault, op, no_answer.expect("an unknown send says why"));
        }
        (SendStatus::Unknown, 1)
    } else {
        if op == Op::Send {
            assert_diagnosed(fault, op, error.expect("a refused send answers its error"));
        }
        (SendStatus::Refused, 1 + MAX_RETRIES)
    };
    for row in rows {
        assert_eq!(
            (row.status, row.attempts),
            (status, attempts),
            "{fault:?} {op:?}: {row:?}"
        );
    }
    assert_eq!(
        posts,
        u64::from(messages * attempts),
        "{fault:?} {op:?}: sends received by the sandbox"
    );
}

async fn every_call_under(fault: Fault) {
    let tag = format!("faults-{fault:?}").to_lowercase();
    let f = fixture_with(Scenario::Healthy, &tag, "v26.0", |config| {
        config.timeout = TIMEOUT;
    })
    .await;
    // The sends name a synced template.
    f.console.sync_templates(&f.profile).await.unwrap();
    let requests = f.sim.requests();
    let mut token_error = None;
    for op in OPS {
        let before = requests.snapshot();
        fault.arm(&f);
        let outcome = tokio::time::timeout(hang_bound(fault, op), run(&f, op))
            .await
            .unwrap_or_else(|_| panic!("{op:?} hung under {fault:?}"));
        f.sim.faults().clear();
        let after = requests.snapshot();
        assert!(
            after.total > before.total,
            "{fault:?} {op:?} never reached Graph"
        );
        match outcome {
            Outcome::Failed(error) => {
                assert_diagnosed(fault, op, &error);
                if op == Op::TokenCheck {
                    token_error = Some(error);
                }
            }
            Outcome::Doctor(report) => assert_doctor_diagnosed(
                fault,
                &report,
                token_error.as_ref().expect("the token check runs first"),
            ),
            Outcome::Sends {
                error,
                no_answer,
                rows,
            } => {
                let posts = |s: &waba_sim::RequestStats| s.by_route.get(SEND_ROUTE).copied();
                let sent = posts(&after).unwrap_or(0) - posts(&before).unwrap_or(0);
                assert_sends(fault, op, (error.as_ref(), no_answer.as_ref()), &rows, sent);
            }
        }
    }
    // The stored token survived every failed paste and check.
    let profile = f.console.find_profile(&f.profile).await.unwrap();
    assert!(
        matches!(
            f.console.token_state(&profile).await.unwrap(),
            TokenState::Checked { report } if report.valid
        ),
        "{fault:?}"
    );
    f.console.clear_token(&f.profile).await.unwrap();
}

#[tokio::test]
async fn latency_past_the_timeout() {
    every_call_under(Fault::LatencyPastTimeout).await;
}

#[tokio::test]
async fn meta_error_envelopes() {
    every_call_under(Fault::MetaError).await;
}

#[tokio::test]
async fn html_500_pages() {
    every_call_under(Fault::Html500).await;
}

#[tokio::test]
async fn reset_connections() {
    every_call_under(Fault::Reset).await;
}

#[tokio::test]
async fn answers_lost_after_the_call_ran() {
    every_call_under(Fault::LoseAnswer).await;
}

#[tokio::test]
async fn malformed_json() {
    every_call_under(Fault::MalformedJson).await;
}

#[tokio::test]
async fn a_server_that_never_answers() {
    every_call_under(Fault::NeverAnswers).await;
}
