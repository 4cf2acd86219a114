//! Templates against the sandbox over loopback: the Graph client (list with paging and summary,
//! create, review on the sandbox clock, edit, delete) and the service (sync, drafts across a
//! reopened console, lint before create, edit limits, delete confirmation, audit, the 132001
//! helper, the checklist's and the doctor's evidence).

use std::time::Duration;

use waba_core::audit::AuditAction;
use waba_core::checklist::StepId;
use waba_core::doctor::{CheckId, CheckState};
use waba_core::graph_states::{GraphState, TemplateStatus};
use waba_core::template_lint::TemplateDraft;
use waba_core::templates::{
    CreateTemplateRequest, DeleteTemplateRequest, EditTemplateRequest, LintRequest,
    SaveDraftRequest, TemplateFilter, TemplateRef,
};
use waba_core::ErrorCode;
use waba_graph::{ClientConfig, GraphClient, TemplateQuery, DEFAULT_TIMEOUT};
use waba_secrets::{secret, Secret};
use waba_service::{Console, ConsoleConfig};
use waba_sim::{Sandbox, SandboxConfig, Scenario, SANDBOX_TOKEN, WABA_ID};

mod common;

use common::fixture;

fn client(sim: &Sandbox) -> GraphClient {
    GraphClient::new(ClientConfig {
        base_url: sim.base_url(),
        version: "v26.0".into(),
        timeout: DEFAULT_TIMEOUT,
    })
    .unwrap()
}

fn token() -> Secret {
    secret(SANDBOX_TOKEN.to_owned())
}

fn draft(value: serde_json::Value) -> TemplateDraft {
    serde_json::from_value(value).unwrap()
}

fn utility(name: &str, body: &str) -> serde_json::Value {
    serde_json::json!({"name": name, "language": "en_US", "category": "UTILITY",
        "components": [{"type": "BODY", "text": body, "example": {"body_text": [["Maria", "A-1042"]]}}]})
}

async fn sim(scenario: Scenario) -> Sandbox {
    Sandbox::start(
        SandboxConfig {
            scenario,
            ..SandboxConfig::default()
        },
        0,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn the_client_reads_every_page_with_the_summary_and_filters() {
    let sim = sim(Scenario::Healthy).await;
    let small = client(&sim).with_page_size(2);
    let all = small
        .list_templates(&token(), WABA_ID, &TemplateQuery::default())
        .await
        .unwrap();
    assert!(all.pages >= 3, "{} pages", all.pages);
    let summary = all.summary.clone().expect("summary");
    assert_eq!(
        summary.message_template_count,
        Some(u32::try_from(all.templates.len()).unwrap())
    );
    assert!(summary.message_template_limit.is_some());
    let mut ids: Vec<&str> = all.templates.iter().map(|t| t.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.templates.len(), "no page read twice");
    let order = all
        .templates
        .iter()
        .find(|t| t.name == "order_update")
        .unwrap();
    assert!(!order.components.is_empty(), "components are read");

    let rejected = small
        .list_templates(
            &token(),
            WABA_ID,
            &TemplateQuery {
                status: vec!["REJECTED".into()],
                ..TemplateQuery::default()
            },
        )
        .await
        .unwrap();
    assert!(rejected
        .templates
        .iter()
        .all(|t| t.status == Some(TemplateStatus::Rejected)));
    let spring = rejected
        .templates
        .iter()
        .find(|t| t.name == "spring_sale")
        .unwrap();
    assert_eq!(spring.rejected_reason.as_deref(), Some("INVALID_FORMAT"));
    assert_eq!(
        small.template(&token(), &spring.id).await.unwrap().name,
        "spring_sale"
    );
}

#[tokio::test]
async fn the_client_creates_and_the_sandbox_reviews_edits_and_deletes() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let body = serde_json::to_value(draft(utility(
        "delivery_window",
        "Hi {{1}}, your delivery {{2}} arrives tomorrow between 9 and 12.",
    )))
    .unwrap();
    let created = c.create_template(&token(), WABA_ID, &body).await.unwrap();
    assert_eq!(created.status, Some(TemplateStatus::Pending));
    // The same (name, language) again: Meta's 2388024 with its user texts.
    let again = c
        .create_template(&token(), WABA_ID, &body)
        .await
        .unwrap_err();
    let waba_graph::GraphError::Api(g) = &again else {
        panic!("{again:?}")
    };
    assert_eq!(g.subcode, Some(2388024));
    assert!(g.user_title.is_some());

    let bad = serde_json::to_value(draft(utility(
        "delivery_bad",
        "Hi {{1}}{{2}}, your delivery arrives tomorrow.",
    )))
    .unwrap();
    let rejected = c.create_template(&token(), WABA_ID, &bad).await.unwrap();
    assert_eq!(
        c.template(&token(), &created.id).await.unwrap().status,
        Some(TemplateStatus::Pending)
    );
    sim.clock()
        .advance(sim.template_review_delay() + Duration::from_secs(1));
    assert_eq!(
        c.template(&token(), &created.id).await.unwrap().status,
        Some(TemplateStatus::Approved)
    );
    let r = c.template(&token(), &rejected.id).await.unwrap();
    assert_eq!(
        (r.status, r.rejected_reason.as_deref()),
        (Some(TemplateStatus::Rejected), Some("INVALID_FORMAT"))
    );

    let edit = serde_json::json!({"components": [{"type": "BODY",
        "text": "Hi {{1}}, your delivery {{2}} arrives tomorrow between 10 and 13.",
        "example": {"body_text": [["Maria", "A-1042"]]}}]});
    assert!(
        c.edit_template(&token(), &created.id, &edit)
            .await
            .unwrap()
            .success
    );
    sim.clock()
        .advance(sim.template_review_delay() + Duration::from_secs(1));
    let second = c
        .edit_template(&token(), &created.id, &edit)
        .await
        .unwrap_err();
    assert!(
        matches!(second, waba_graph::GraphError::Api(ref g) if g.code == 100),
        "{second:?}"
    );

    let deleted = c
        .delete_template(&token(), WABA_ID, "delivery_window", Some(&created.id))
        .await
        .unwrap();
    assert!(deleted.success);
    let left = c
        .list_templates(&token(), WABA_ID, &TemplateQuery::default())
        .await
        .unwrap();
    assert!(!left.templates.iter().any(|t| t.id == created.id));
    c.delete_template(&token(), WABA_ID, "delivery_bad", None)
        .await
        .unwrap();
}

#[tokio::test]
async fn sync_caches_every_template_with_the_count_and_lists_with_filters() {
    let f = fixture(Scenario::Healthy, "tpl-sync").await;
    let (c, p) = (&f.console, f.profile.clone());
    let before = c
        .list_templates(TemplateFilter {
            profile_id: p.clone(),
            ..TemplateFilter::default()
        })
        .await
        .unwrap();
    assert_eq!((before.synced_at, before.cached), (None, 0));
    let synced = c.sync_templates(&p).await.unwrap();
    assert!(synced.synced_at.is_some());
    let count = synced.count.clone().unwrap();
    assert!(
        count.limit.is_some() && count.summary.contains(" of "),
        "{}",
        count.summary
    );
    let spring = synced
        .templates
        .iter()
        .find(|t| t.name == "spring_sale")
        .unwrap();
    let rejection = spring.rejection.as_ref().unwrap();
    assert_eq!(rejection.reason.as_graph(), "INVALID_FORMAT");
    assert!(!rejection.fix.is_empty());

    let sent = f.sim.requests().snapshot().total;
    let spanish = c
        .list_templates(TemplateFilter {
            profile_id: p.clone(),
            language: Some("es".into()),
            ..TemplateFilter::default()
        })
        .await
        .unwrap();
    assert!(spanish.templates.iter().all(|t| t.language == "es"));
    assert!(!spanish.templates.is_empty());
    let paused = c
        .list_templates(TemplateFilter {
            profile_id: p.clone(),
            status: Some(TemplateStatus::Paused),
            ..TemplateFilter::default()
        })
        .await
        .unwrap();
    assert!(paused.templates.iter().any(|t| t.name == "winter_promo"));
    let search = c
        .list_templates(TemplateFilter {
            profile_id: p.clone(),
            search: Some("HAS SHIPPED".into()),
            ..TemplateFilter::default()
        })
        .await
        .unwrap();
    assert!(search.templates.iter().all(|t| t.name == "order_update"));
    assert_eq!(
        f.sim.requests().snapshot().total,
        sent,
        "listing reads the cache only"
    );

    let shown = c
        .get_template(TemplateRef {
            profile_id: p.clone(),
            template_id: None,
            name: Some("order_update".into()),
            language: None,
        })
        .await
        .unwrap();
    let mut languages: Vec<&str> = shown.iter().map(|t| t.language.as_str()).collect();
    languages.sort_unstable();
    assert_eq!(languages, ["en_US", "es"]);
    let missing = c
        .get_template(TemplateRef {
            profile_id: p,
            template_id: None,
            name: Some("order_update".into()),
            language: Some("fr".into()),
        })
        .await
        .unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn a_draft_is_kept_as_typed_across_a_reopened_console() {
    let f = fixture(Scenario::Healthy, "tpl-drafts").await;
    let typed = r#"{"name": "order_late", "components": [{"type": "BODY", "text": "{{1"#;
    let saved = f
        .console
        .save_template_draft(SaveDraftRequest {
            profile_id: f.profile.clone(),
            draft_id: None,
            text: typed.into(),
        })
        .await
        .unwrap();
    let lint = f
        .console
        .lint_template(LintRequest {
            profile_id: Some(f.profile.clone()),
            text: typed.into(),
            editing: None,
        })
        .await
        .unwrap();
    assert!(lint.has_errors(), "broken JSON is a finding, not a crash");
    drop(f.console);
    let console = Console::open(ConsoleConfig::new(f.dir.path().to_path_buf(), &f.service))
        .await
        .unwrap();
    let drafts = console.list_template_drafts(&f.profile).await.unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(
        (drafts[0].id.as_str(), drafts[0].text.as_str()),
        (saved.id.as_str(), typed)
    );
    console.discard_template_draft(&saved.id).await.unwrap();
    assert!(console
        .list_template_drafts(&f.profile)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        console
            .discard_template_draft(&saved.id)
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn create_is_linted_first_then_pending_in_the_cache_and_audited() {
    let f = fixture(Scenario::Healthy, "tpl-create").await;
    let (c, p) = (&f.console, f.profile.clone());
    c.sync_templates(&p).await.unwrap();
    let posts = |f: &common::Fixture| f.sim.requests().snapshot().total;

    let before = posts(&f);
    let err = c
        .create_template(CreateTemplateRequest {
            profile_id: p.clone(),
            draft: draft(utility("late_order", "{{1}}, your order {{2}} is late.")),
            confirm_warnings: false,
            draft_id: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::TemplateLintFailed, "{err:?}");
    assert_eq!(posts(&f), before, "nothing was sent");

    let promo = utility(
        "order_thanks",
        "Hi {{1}}, thanks for order {{2}}! Enjoy 20% off your next purchase with our exclusive discount.",
    );
    let err = c
        .create_template(CreateTemplateRequest {
            profile_id: p.clone(),
            draft: draft(promo.clone()),
            confirm_warnings: false,
            draft_id: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ConfirmationRequired, "{err:?}");
    assert_eq!(posts(&f), before);

    let kept = c
        .save_template_draft(SaveDraftRequest {
            profile_id: p.clone(),
            draft_id: None,
            text: promo.to_string(),
        })
        .await
        .unwrap();
    let created = c
        .create_template(CreateTemplateRequest {
            profile_id: p.clone(),
            draft: draft(promo),
            confirm_warnings: true,
            draft_id: Some(kept.id),
        })
        .await
        .unwrap();
    assert_eq!(created.template.status.value, TemplateStatus::Pending);
    assert!(created.warnings_accepted >= 1);
    assert!(
        c.list_template_drafts(&p).await.unwrap().is_empty(),
        "submitted draft removed"
    );
    let pending = c
        .list_templates(TemplateFilter {
            profile_id: p.clone(),
            status: Some(TemplateStatus::Pending),
            ..TemplateFilter::default()
        })
        .await
        .unwrap();
    assert!(pending
        .templates
        .iter()
        .any(|t| t.id == created.template.id));

    // The same (name, language) again: Meta's refusal, audited as failed with its code.
    let dup = c
        .create_template(CreateTemplateRequest {
            profile_id: p.clone(),
            draft: draft(utility(
                "hello_world",
                "Hi {{1}}, order {{2}} shipped today.",
            )),
            confirm_warnings: true,
            draft_id: None,
        })
        .await;
    let log = c.audit_log(10).await.unwrap();
    let created_entries: Vec<_> = log
        .entries
        .iter()
        .filter(|e| e.action == AuditAction::TemplateCreated)
        .collect();
    assert!(created_entries
        .iter()
        .any(|e| e.target.as_deref() == Some("order_thanks (en_US)")));
    if let Err(e) = dup {
        if e.code == ErrorCode::Graph {
            assert!(created_entries.iter().any(|e| e.graph_code.is_some()));
        }
    }

    f.sim
        .clock()
        .advance(f.sim.template_review_delay() + Duration::from_secs(1));
    let synced = c.sync_templates(&p).await.unwrap();
    let decided = synced
        .templates
        .iter()
        .find(|t| t.id == created.template.id)
        .unwrap();
    assert_ne!(decided.status.value, TemplateStatus::Pending);
}

#[tokio::test]
async fn edit_limits_are_shown_counted_and_enforced_before_the_call() {
    let f = fixture(Scenario::Healthy, "tpl-edit").await;
    let (c, p) = (&f.console, f.profile.clone());
    let listing = c.sync_templates(&p).await.unwrap();
    let order = listing
        .templates
        .iter()
        .find(|t| t.name == "order_update" && t.language == "en_US")
        .unwrap()
        .clone();
    assert_eq!(order.status.value, TemplateStatus::Approved);
    // The editor lints the template as it is being edited: not a duplicate of itself.
    let own_text = serde_json::json!({ "name": order.name, "language": order.language,
        "category": "UTILITY", "components": order.components })
    .to_string();
    let lint = |editing: Option<String>| {
        c.lint_template(LintRequest {
            profile_id: Some(p.clone()),
            text: own_text.clone(),
            editing,
        })
    };
    let rules = |r: &waba_core::template_lint::LintReport| -> Vec<String> {
        r.findings
            .iter()
            .map(|f| {
                serde_json::to_value(f.rule)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let as_new = lint(None).await.unwrap();
    assert!(
        rules(&as_new).contains(&"duplicate-name-language".to_owned()),
        "{:?}",
        rules(&as_new)
    );
    let as_edit = lint(Some(order.id.clone())).await.unwrap();
    assert!(
        !rules(&as_edit)
            .iter()
            .any(|r| r.starts_with("duplicate") || r == "near-duplicate"),
        "{:?}",
        rules(&as_edit)
    );

    let limits = c.template_edit_limits(&p, &order.id).await.unwrap();
    assert!(limits.limited && !limits.reached);
    assert!(
        limits.summary.contains("1 time per 24 hours") && limits.summary.contains("not counted")
    );

    let edit = || {
        EditTemplateRequest {
        profile_id: p.clone(),
        template_id: order.id.clone(),
        category: None,
        components: Some(order.components.iter().cloned().map(|mut comp| {
            if comp.text.as_deref().is_some_and(|t| t.contains("3 days")) {
                comp.text = Some("Hi {{1}}, your order {{2}} has shipped and should arrive within 2 days.".into());
            }
            comp
        }).collect()),
        message_send_ttl_seconds: None,
        confirm_warnings: true,
    }
    };
    let edited = c.edit_template(edit()).await.unwrap();
    assert!(edited.limits.reached && edited.limits.edits_last_day == 1);
    // The sandbox approves it again; the console's own count still says one edit today.
    f.sim
        .clock()
        .advance(f.sim.template_review_delay() + Duration::from_secs(1));
    c.sync_templates(&p).await.unwrap();
    let before = f.sim.requests().snapshot().total;
    let refused = c.edit_template(edit()).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::EditLimitReached, "{refused:?}");
    assert_eq!(
        f.sim.requests().snapshot().total,
        before,
        "refused without calling Meta"
    );

    let cat = c
        .edit_template(EditTemplateRequest {
            category: Some(waba_core::graph_states::TemplateCategory::Marketing),
            components: None,
            ..edit()
        })
        .await
        .unwrap_err();
    assert_eq!(cat.code, ErrorCode::EditLimitReached);
    let log = c.audit_log(10).await.unwrap();
    assert_eq!(
        log.entries
            .iter()
            .filter(|e| e.action == AuditAction::TemplateEdited)
            .count(),
        1
    );
}

#[tokio::test]
async fn delete_needs_confirmation_naming_the_30_day_block() {
    let f = fixture(Scenario::Healthy, "tpl-delete").await;
    let (c, p) = (&f.console, f.profile.clone());
    let synced = c.sync_templates(&p).await.unwrap().count.unwrap().count;
    let ask = |confirmed, language: Option<&str>| DeleteTemplateRequest {
        profile_id: p.clone(),
        name: "order_update".into(),
        language: language.map(Into::into),
        confirmed,
    };
    let before = f.sim.requests().snapshot().total;
    let err = c.delete_template(ask(false, Some("es"))).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::ConfirmationRequired);
    assert!(err.message.contains("30 days"), "{}", err.message);
    assert_eq!(f.sim.requests().snapshot().total, before);

    let one = c.delete_template(ask(true, Some("es"))).await.unwrap();
    assert_eq!(one.languages, ["es"]);
    assert!(one.message.contains("30 days"));
    let left = c
        .list_templates(TemplateFilter {
            profile_id: p.clone(),
            search: Some("order_update".into()),
            ..TemplateFilter::default()
        })
        .await
        .unwrap();
    let languages: Vec<&str> = left.templates.iter().map(|t| t.language.as_str()).collect();
    assert_eq!(languages, ["en_US"], "only that language went");
    // The count moves with the delete, before the next sync.
    let count = left.count.unwrap();
    assert_eq!(count.count, synced - 1);
    assert!(
        count
            .summary
            .starts_with(&format!("{} of 6,000", synced - 1)),
        "{}",
        count.summary
    );
    let all = c.delete_template(ask(true, None)).await.unwrap();
    assert_eq!(all.languages, ["en_US"]);
    let log = c.audit_log(10).await.unwrap();
    let targets: Vec<&str> = log
        .entries
        .iter()
        .filter(|e| e.action == AuditAction::TemplateDeleted)
        .filter_map(|e| e.target.as_deref())
        .collect();
    assert_eq!(targets, ["order_update", "order_update (es)"]);
}

#[tokio::test]
async fn a_132001_card_lists_the_closest_approved_name_and_language_pairs() {
    let f = fixture(Scenario::Healthy, "tpl-132001").await;
    let (c, p) = (&f.console, f.profile.clone());
    c.sync_templates(&p).await.unwrap();
    let pasted = r#"{"error":{"message":"(#132001) Template name does not exist in the translation","type":"OAuthException","code":132001,"error_data":{"messaging_product":"whatsapp","details":"template name (order_updates) does not exist in fr"},"fbtrace_id":"X"}}"#;
    let before = f.sim.requests().snapshot().total;
    let result = c.diagnose(pasted, Some(&p)).await.unwrap();
    let card = result.diagnoses.iter().find(|d| d.code == 132001).unwrap();
    let context = card.context.join(" ");
    assert!(
        context.contains("order_update (en_US)") && context.contains("order_update (es)"),
        "{context}"
    );
    assert!(
        !context.contains("spring_sale"),
        "only approved ones: {context}"
    );
    assert!(
        context.find("order_update").unwrap() < context.find("hello_world").unwrap_or(usize::MAX),
        "{context}"
    );
    assert_eq!(
        f.sim.requests().snapshot().total,
        before,
        "read from the synced cache"
    );
}

#[tokio::test]
async fn the_checklist_lists_approved_templates_and_the_doctor_warns_on_rejected_or_paused() {
    let f = fixture(Scenario::Healthy, "tpl-checks").await;
    let (c, p) = (&f.console, f.profile.clone());
    let list = c.checklist(&p).await.unwrap();
    let step = list
        .steps
        .iter()
        .find(|s| s.id == StepId::ApprovedTemplate)
        .unwrap();
    assert!(
        step.summary.contains("order_update (en_US)"),
        "{}",
        step.summary
    );
    assert!(
        step.evidence
            .iter()
            .any(|e| e.contains("approved: ") && e.contains("order_update (es)")),
        "{:?}",
        step.evidence
    );
    let report = c.run_doctor(&p, None).await.unwrap();
    let check = report.check(CheckId::TemplateProblems).unwrap();
    assert_eq!(check.state, CheckState::Warn);
    assert!(
        check
            .summary
            .contains("spring_sale (en_US, REJECTED: INVALID_FORMAT)"),
        "{}",
        check.summary
    );
    assert!(
        check.summary.contains("winter_promo (en_US, PAUSED)"),
        "{}",
        check.summary
    );
    assert!(check.summary.contains("no send log"), "{}", check.summary);

    let fresh = fixture(Scenario::Fresh, "tpl-checks-fresh").await;
    let report = fresh
        .console
        .run_doctor(&fresh.profile, None)
        .await
        .unwrap();
    assert_eq!(
        report.check(CheckId::TemplateProblems).unwrap().state,
        CheckState::Pass
    );
}
