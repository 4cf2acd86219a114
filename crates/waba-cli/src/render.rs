//! Plain-text rendering of results for people at a terminal (`--json` skips all of this).

use std::fmt::Write;

use waba_core::audit::{AuditLog, AuditVerification, Outcome};
use waba_core::checklist::{Checklist, StepState};
use waba_core::diagnose::DiagnoseResult;
use waba_core::doctor::{CheckState, DoctorReport};
use waba_core::graph_states::{Explained, GraphState};
use waba_core::numbers::NumberHealth;
use waba_core::profile::{Profile, ProfileKind, ProfileList};
use waba_core::token::{
    Severity, TokenReport, TokenType, WabaAccess, SCOPE_MANAGEMENT, SCOPE_MESSAGING,
};
use waba_core::versions::{self, VersionStatus};
use waba_core::{CommandError, ErrorDetails};

pub fn error(e: &CommandError) -> String {
    let mut out = format!("error: {}", e.message);
    if let Some(action) = &e.action {
        let _ = write!(out, "\n  what to do: {action}");
    }
    match &e.details {
        Some(ErrorDetails::Fields { fields }) if fields.len() > 1 => {
            for f in fields {
                let _ = write!(out, "\n  - {}: {}", f.field, f.message);
            }
        }
        Some(ErrorDetails::Graph(g)) => {
            let _ = write!(
                out,
                "\n  graph: code {} subcode {} type {} HTTP {} fbtrace_id {}",
                g.code,
                opt(g.subcode),
                g.error_type.as_deref().unwrap_or("-"),
                g.http_status,
                g.fbtrace_id.as_deref().unwrap_or("-")
            );
            if let Some(d) = &g.details {
                let _ = write!(out, "\n  details: {d}");
            }
        }
        Some(ErrorDetails::Transport { url, reason }) => {
            let _ = write!(out, "\n  url: {url}\n  reason: {reason}");
        }
        _ => {}
    }
    out
}

fn opt(v: Option<i64>) -> String {
    v.map_or_else(|| "-".into(), |v| v.to_string())
}

fn kind(p: &Profile) -> String {
    match p.kind {
        ProfileKind::Sandbox => format!("sandbox:{}", p.scenario.as_deref().unwrap_or("?")),
        ProfileKind::Real => "real".into(),
    }
}

pub fn profiles(list: &ProfileList) -> String {
    let mut out = String::from("  NAME                  KIND                   WABA ID            PHONE-NUMBER ID    VERSION                 BASE URL");
    let today = time::OffsetDateTime::now_utc().date();
    for p in &list.profiles {
        let mark = if list.active_id.as_deref() == Some(p.id.as_str()) {
            '*'
        } else {
            ' '
        };
        let base = match p.kind {
            ProfileKind::Sandbox => "(built-in sandbox)",
            ProfileKind::Real => p.real_base_url(),
        };
        let version = versions::describe(&p.api_version, today);
        let status = match version.status {
            VersionStatus::Current => String::new(),
            VersionStatus::ExpiringSoon => {
                format!(" (ends {})", version.available_until.unwrap_or_default())
            }
            VersionStatus::Expired => " (EXPIRED)".to_owned(),
            VersionStatus::Newer => " (newer than this console knows)".to_owned(),
            VersionStatus::Unknown => " (unknown)".to_owned(),
        };
        let _ = write!(
            out,
            "\n{mark} {:<21} {:<22} {:<18} {:<18} {:<23} {base}",
            p.name,
            kind(p),
            p.waba_id,
            p.phone_number_id,
            format!("{}{status}", p.api_version)
        );
    }
    out
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "NO"
    }
}

pub fn token(p: &Profile, r: &TokenReport) -> String {
    let mut out = format!("Token of profile \"{}\" ({})", p.name, kind(p));
    let kind = match r.token_type {
        TokenType::SystemUser => "system user",
        TokenType::User => "user",
        TokenType::Page => "page",
        TokenType::App => "app",
        TokenType::Unknown => "unknown",
    };
    let expiry = if r.never_expires {
        "never".to_owned()
    } else {
        r.expires_at.clone().unwrap_or_else(|| "unknown".into())
    };
    let _ = write!(
        out,
        "\n  valid: {}   type: {kind}   expires: {expiry}",
        yes(r.valid)
    );
    if let Some(app) = &r.app_id {
        let matches = match r.app_matches_profile {
            Some(true) => "matches the profile",
            _ => "DOES NOT match the profile",
        };
        let _ = write!(
            out,
            "\n  app: {} ({app}), {matches}",
            r.application.as_deref().unwrap_or("?")
        );
    }
    let _ = write!(
        out,
        "\n  {SCOPE_MANAGEMENT}: {}   {SCOPE_MESSAGING}: {}",
        yes(r.has_management),
        yes(r.has_messaging)
    );
    let access = match &r.waba_access {
        WabaAccess::Granted => "granted".to_owned(),
        WabaAccess::Unrestricted => "not restricted to listed assets".to_owned(),
        WabaAccess::NotGranted { granted_ids } => {
            format!("NOT granted (grants cover {})", granted_ids.join(", "))
        }
        WabaAccess::Unknown => "unknown".to_owned(),
    };
    let _ = write!(
        out,
        "\n  WABA {}: {access}{}",
        p.waba_id,
        r.waba_name
            .as_ref()
            .map(|n| format!(", reads as \"{n}\""))
            .unwrap_or_default()
    );
    for f in &r.findings {
        let tag = if f.severity == Severity::Fail {
            "FAIL"
        } else {
            "WARN"
        };
        let _ = write!(out, "\n  {tag} {}\n       fix: {}", f.title, f.fix);
    }
    let _ = write!(out, "\n  {}", if r.passes() { "PASS" } else { "FAIL" });
    out
}

pub fn checklist(p: &Profile, list: &Checklist) -> String {
    let mut out = format!(
        "Setup checklist of \"{}\" ({}): {} of {} steps pass",
        p.name,
        kind(p),
        list.passed,
        list.total
    );
    for s in &list.steps {
        let tag = match s.state {
            StepState::Pass => "PASS",
            StepState::Warn => "WARN",
            StepState::Fail => "FAIL",
            StepState::NotChecked => "----",
        };
        let _ = write!(out, "\n[{tag}] {}: {}", s.title, s.summary);
        if let (Some(fix), StepState::Fail | StepState::Warn) = (&s.fix, s.state) {
            let _ = write!(out, "\n       fix: {fix}");
        }
    }
    out
}

pub fn doctor(r: &DoctorReport) -> String {
    let mut out = format!(
        "Doctor for \"{}\" ({}): {} pass, {} warn, {} fail, {} skipped in {} ms ({} Graph calls at once)",
        r.profile_name, r.api_version, r.counts.pass, r.counts.warn, r.counts.fail, r.counts.skipped, r.wall_ms, r.graph_calls
    );
    for c in &r.checks {
        let tag = match c.state {
            CheckState::Pass => "PASS",
            CheckState::Warn => "WARN",
            CheckState::Fail => "FAIL",
            CheckState::Skipped => "SKIP",
            CheckState::NotChecked => "----",
        };
        let _ = write!(out, "\n[{tag}] {}: {}", c.title, c.summary);
        for e in &c.evidence {
            let _ = write!(out, "\n       {} -> {}", e.source, e.answer);
        }
        if let Some(fix) = &c.fix {
            let _ = write!(out, "\n       fix: {fix}");
        }
        if let Some(action) = c.action {
            let _ = write!(out, "\n       in the console: {}", action.label());
        }
    }
    out
}

pub fn diagnoses(result: &DiagnoseResult) -> String {
    let mut out = format!("Input: {}", result.input_kind);
    if let Some(problem) = &result.problem {
        let _ = write!(out, "\n{problem}");
    }
    for d in &result.diagnoses {
        let code = d
            .subcode
            .map_or_else(|| d.code.to_string(), |s| format!("{}/{s}", d.code));
        let _ = write!(
            out,
            "\n\n{code} {}{}",
            d.title,
            if d.known {
                ""
            } else {
                " (not in the catalogue)"
            }
        );
        let _ = write!(out, "\n  {}", d.meaning);
        if let Some(m) = &d.from_meta.message {
            let _ = write!(out, "\n  Meta said: {m}");
        }
        if let Some(details) = &d.from_meta.details {
            let _ = write!(out, "\n  details: {details}");
        }
        for (i, step) in d.fix.iter().enumerate() {
            let _ = write!(out, "\n  {}. {step}", i + 1);
        }
        for line in &d.context {
            let _ = write!(out, "\n  here: {line}");
        }
        if let Some(note) = &d.seed_note {
            let _ = write!(out, "\n  note: {note}");
        }
        if let Some(url) = &d.doc_url {
            let _ = write!(out, "\n  docs: {url}");
        }
    }
    out
}

pub fn verification(v: &AuditVerification) -> String {
    let mut out = if v.intact {
        format!(
            "Audit log intact: {} entries, every hash checks out.",
            v.entries_checked
        )
    } else if v.findings.is_empty() {
        format!(
            "Audit log NOT VERIFIED: {} of {} entries could not be checked.",
            v.unverified_entries,
            v.entries_checked + v.unverified_entries
        )
    } else {
        format!("Audit log TAMPERED: {} entries checked.", v.entries_checked)
    };
    for f in &v.findings {
        let _ = write!(out, "\n  {:?}: {}", f.kind, f.message);
    }
    if let Some(problem) = &v.key_problem {
        let _ = write!(out, "\n  Key: {problem}");
    }
    if v.unkeyed_entries > 0 {
        let _ = write!(
            out,
            "\n  The oldest {} entries were recorded before the log was keyed: they are checked with the unkeyed hash only.",
            v.unkeyed_entries
        );
    }
    out
}

pub fn audit(log: &AuditLog) -> String {
    let mut out = String::from(
        "  ID  TIME                  ACTION             TARGET                OUTCOME  CODE    MS",
    );
    for e in &log.entries {
        let outcome = match e.outcome {
            Outcome::Ok => "ok",
            Outcome::Failed => "failed",
        };
        let _ = write!(
            out,
            "\n{:>4}  {:<20}  {:<17}  {:<20}  {:<7}  {:<6} {:>4}",
            e.id,
            e.at,
            e.action.as_str(),
            e.target.as_deref().unwrap_or("-"),
            outcome,
            e.graph_code
                .map(|c| c.to_string())
                .unwrap_or_else(|| "-".into()),
            e.duration_ms
        );
    }
    let _ = write!(out, "\n{}", verification(&log.verification));
    out
}

/// Meta's value, or `-` when Meta did not send it.
fn value<T: GraphState>(o: &Option<Explained<T>>) -> &str {
    o.as_ref().map_or("-", Explained::as_graph)
}

pub fn health(h: &NumberHealth) -> String {
    let v = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
    let mut out = format!(
        "{} {} ({})\n  status: {}: {}\n  ownership: {}   2FA PIN: {}   platform: {}   throughput: {}\n  quality: {}   messaging limit: {}{}   can send: {}",
        v(&h.display_phone_number),
        v(&h.verified_name),
        h.id,
        value(&h.status),
        h.status.as_ref().map_or("Meta did not return the number's status.", |s| s.meaning.as_str()),
        value(&h.code_verification_status),
        match h.is_pin_enabled {
            Some(true) => "set",
            Some(false) => "not set",
            None => "-",
        },
        value(&h.platform_type),
        value(&h.throughput),
        value(&h.quality_rating),
        value(&h.messaging_limit),
        if h.messaging_limit_is_deprecated_tier { " (deprecated per-number tier)" } else { "" },
        value(&h.can_send)
    );
    if let Some(sip) = &h.can_receive_call_sip {
        let _ = write!(out, "\n  calls over SIP: {}", sip.as_graph());
    }
    for note in &h.health_notes {
        let _ = write!(out, "\n  limited: {note}");
    }
    for issue in &h.health_issues {
        let _ = write!(out, "\n  blocked: {issue}");
    }
    out
}

pub fn numbers(p: &Profile, list: &[NumberHealth]) -> String {
    let mut out = format!("Numbers of WABA {} (profile \"{}\"):", p.waba_id, p.name);
    for n in list {
        let mark = if n.id == p.phone_number_id { '*' } else { ' ' };
        let _ = write!(
            out,
            "\n{mark} {:<18} {:<18} {:<11} {:<13} {}",
            n.id,
            n.display_phone_number.as_deref().unwrap_or("?"),
            n.status.as_ref().map_or("?", Explained::as_graph),
            n.code_verification_status
                .as_ref()
                .map_or("?", Explained::as_graph),
            n.verified_name.as_deref().unwrap_or("")
        );
    }
    out
}
