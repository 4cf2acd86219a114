//! The WABA's message-template store (facts §9, §2.3, §16 item 8), so the console's Templates
//! page, its CLI and the client tests meet Meta's shapes and rules without Meta: the list with
//! `fields`, filters, cursor paging and `summary`; the template node; create, edit and delete
//! with Meta's refusals (code 100 with 2388xxx subcodes, `error_user_title`/`error_user_msg`,
//! `is_transient: false`); and a review that decides each submission on the sim clock.
//!
//! Like the phone numbers' provisioning, nothing runs in the background: a submitted (or edited)
//! template is `InReview` from its submission time, and whoever reads it after the review delay
//! ([`crate::DEFAULT_TEMPLATE_REVIEW_DELAY`], `POST /__sandbox/templates/review`, `0` = decided
//! at once) sees the verdict of `review`. Moving the clock moves reviews on, deterministically.
//! After every Graph call and every control call that moves the clock or the review delay,
//! [`Store::settle_due`] writes the verdicts reached into their templates and keeps each as a
//! [`Decision`], which the webhook emitter takes once (`message_template_status_update`).
//!
//! The reviewer is the sandbox's own few rules, not the console's linter (whose job is to catch
//! these before Meta does): adjacent variables or a URL shortener → `INVALID_FORMAT`; asking for
//! a password, card number, CVV, PIN or social security number → `SCAM`; promotional wording in a
//! `UTILITY` template → `MARKETING` with `previous_category: UTILITY` when the submission allowed
//! a category change, else `INCORRECT_CATEGORY`. A body that starts or ends with a variable never
//! reaches review: creation refuses it with 2388299, as facts §9.3 says.
//!
//! Rules at creation, in the order checked (facts §9.3 unless noted): more than 100 accepted
//! creations in the rolling hour → 80008 (the per-WABA "too many calls" code the Graph reference
//! lists for this edge; the facts give no other for the creation limit); the name (lowercase
//! letters, digits, underscores, ≤ 512) → 100/2388046 with `blame_field_specs`; one of Meta's
//! sample-template names → 100/2388155; `language`, `category`, `parameter_format`,
//! `components` with a `BODY` text → plain 100; lengths (header 60, body 1,024, footer 60, button
//! 25) → 100/2388040; a variable at the start or end of the body → 100/2388299; the (name,
//! language) pair exists → 100/2388024; the name of an APPROVED template deleted less than 30 days
//! ago → 100/2388023 (not in the facts; the code public client code meets for this cooldown);
//! the WABA's template limit (250 for an unverified business portfolio, 6,000 for a verified one
//! with an approved display name; every language counts) → 100/2388019.
//!
//! Edit (`POST /{template-id}`, facts §9.4): only APPROVED, REJECTED or PAUSED; an approved one at
//! most once in 24 h and 10 times in 30 days, and not into another category; the edit sends it
//! back to review. The facts name no codes for these refusals, so they are code 100 "Invalid
//! parameter" with a user title and message and no subcode. Delete (facts §9.5): by name, every
//! language; with `hsm_id`, that one; a DISABLED template cannot be deleted; one with undelivered
//! messages becomes PENDING_DELETION instead of going away.

use serde_json::{json, Map, Value};
use time::{Duration, OffsetDateTime};
use waba_core::template_lint::rules::SAMPLE_TEMPLATE_NAMES;

use crate::envelope::GraphError;
use crate::nodes;
use crate::paging::{self, PageRequest};
// The same shape of language code request_code takes (`en`, `en_US`, `pt_BR`, `fil`).
use crate::registration::is_language;
use crate::routes::Call;
use crate::Scenario;

/// How long a submitted template waits for its verdict by default (sim clock).
pub(crate) const DEFAULT_REVIEW_DELAY: Duration =
    Duration::seconds(crate::DEFAULT_TEMPLATE_REVIEW_DELAY.as_secs() as i64);
/// Template limit of a WABA whose business portfolio is not verified (facts §9.3).
pub(crate) const UNVERIFIED_LIMIT: usize = 250;
/// Template limit of a verified portfolio with an approved display name (facts §9.3).
pub(crate) const VERIFIED_LIMIT: usize = 6_000;
/// Accepted creations per WABA per rolling hour (facts §9.3, §13).
const CREATIONS_PER_HOUR: usize = 100;
/// How long the name of a deleted APPROVED template stays taken (facts §9.3).
const NAME_COOLDOWN: Duration = Duration::days(30);
/// Edits of an approved template: at most one per day and ten per 30 days (facts §9.4).
const EDIT_SPACING: Duration = Duration::hours(24);
const EDITS_PER_30_DAYS: usize = 10;
/// At most this many templates can be seeded per control call.
pub(crate) const MAX_SEED: usize = 10_000;

const NODE: &str = "WhatsAppMessageTemplate";
const DEFAULT_FIELDS: &[&str] = &["name", "status", "category", "language", "id"];
/// The template node's fields (facts §9.2).
const FIELDS: &[&str] = &[
    "id",
    "name",
    "language",
    "status",
    "category",
    "previous_category",
    "correct_category",
    "sub_category",
    "components",
    "parameter_format",
    "rejected_reason",
    "quality_score",
    "message_send_ttl_seconds",
    "library_template_name",
    "cta_url_link_tracking_opted_out",
];
/// The `status` filter's values (facts §9.2, "Graph filter enum").
const STATUSES: &[&str] = &[
    "APPROVED",
    "PENDING",
    "REJECTED",
    "PAUSED",
    "DISABLED",
    "IN_APPEAL",
    "PENDING_DELETION",
    "DELETED",
    "LIMIT_EXCEEDED",
];
const CATEGORIES: &[&str] = &["MARKETING", "UTILITY", "AUTHENTICATION"];
const QUALITY_SCORES: &[&str] = &["GREEN", "YELLOW", "RED", "UNKNOWN"];
const SUMMARY_KEYS: &[&str] = &[
    "total_count",
    "message_template_count",
    "message_template_limit",
    "are_translations_complete",
];
/// Link shorteners that hide where a link goes; a reviewer rejects them.
const SHORTENERS: &[&str] = &[
    "bit.ly/",
    "tinyurl.com/",
    "goo.gl/",
    "t.co/",
    "ow.ly/",
    "is.gd/",
    "buff.ly/",
    "rebrand.ly/",
    "cutt.ly/",
    "shorturl.at/",
    "tiny.cc/",
];
/// Requests for secrets no business may ask for in a template.
const SENSITIVE: &[&str] = &[
    "password",
    "card number",
    "credit card",
    "cvv",
    "social security",
    "ssn",
    "your pin",
    "bank login",
];
/// Promotional wording that makes a "utility" template a marketing one.
const PROMOTIONAL: &[&str] = &[
    "sale",
    "discount",
    "% off",
    "offer",
    "promo",
    "coupon",
    "buy now",
    "deal",
    "limited time",
    "free gift",
    "shop now",
];

/// Where a template stands, apart from what the clock decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    /// Submitted or edited at `since`; decided by [`review`] once the review delay has passed.
    InReview { since: OffsetDateTime },
    /// A settled status (`APPROVED`, `REJECTED`, `PAUSED`, `DISABLED`, `PENDING_DELETION`, ...).
    Settled {
        status: &'static str,
        rejected_reason: &'static str,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Template {
    pub id: String,
    pub name: String,
    pub language: String,
    /// The category as submitted (or as the review settled it).
    pub category: &'static str,
    pub previous_category: Option<&'static str>,
    /// `components` as Meta stores them: an array of component objects, types upper-case.
    pub components: Vec<Value>,
    pub parameter_format: &'static str,
    pub message_send_ttl_seconds: Option<i64>,
    /// The submission's `allow_category_change`.
    pub allow_category_change: bool,
    pub state: State,
    /// `quality_score.score` once approved (`UNKNOWN` until Meta has enough signal).
    pub quality: &'static str,
    /// `quality_score.date` (unix seconds).
    pub quality_date: i64,
    /// Edits made while the template was APPROVED (the 24 h and 30-day edit limits).
    pub approved_edits: Vec<OffsetDateTime>,
    /// Messages sent with it are still being delivered: deleting it gives PENDING_DELETION.
    pub undelivered: bool,
}

/// What a template reads at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct View {
    pub status: &'static str,
    pub category: &'static str,
    pub previous_category: Option<&'static str>,
    pub rejected_reason: &'static str,
}

/// The reviewer's decision on a template's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Approved {
        category: &'static str,
        previous_category: Option<&'static str>,
    },
    Rejected(&'static str),
}

impl Template {
    /// The template at `now`, given the review delay.
    pub(crate) fn view(&self, now: OffsetDateTime, delay: Duration) -> View {
        let settled = |status, rejected_reason| View {
            status,
            category: self.category,
            previous_category: self.previous_category,
            rejected_reason,
        };
        match self.state {
            State::Settled {
                status,
                rejected_reason,
            } => settled(status, rejected_reason),
            State::InReview { since } if since + delay > now => settled("PENDING", "NONE"),
            State::InReview { .. } => match review(self) {
                Verdict::Approved {
                    category,
                    previous_category,
                } => View {
                    status: "APPROVED",
                    category,
                    previous_category: previous_category.or(self.previous_category),
                    rejected_reason: "NONE",
                },
                Verdict::Rejected(reason) => settled("REJECTED", reason),
            },
        }
    }

    /// Writes what the clock has decided into the template (before a change is made to it).
    fn settle(&mut self, now: OffsetDateTime, delay: Duration) -> View {
        let view = self.view(now, delay);
        if view.status != "PENDING" {
            self.category = view.category;
            self.previous_category = view.previous_category;
            self.state = State::Settled {
                status: view.status,
                rejected_reason: view.rejected_reason,
            };
        }
        view
    }

    fn body_text(&self) -> &str {
        self.components
            .iter()
            .find(|c| c["type"] == "BODY")
            .and_then(|c| c["text"].as_str())
            .unwrap_or_default()
    }

    /// Every text a reviewer reads: header, body, footer, button labels and URLs.
    fn all_text(&self) -> String {
        let mut text = String::new();
        for component in &self.components {
            if let Some(t) = component["text"].as_str() {
                text.push_str(t);
                text.push('\n');
            }
            for button in component["buttons"].as_array().into_iter().flatten() {
                for key in ["text", "url"] {
                    if let Some(t) = button[key].as_str() {
                        text.push_str(t);
                        text.push('\n');
                    }
                }
            }
        }
        text
    }

    /// `quality_score.score`: `UNKNOWN` while in review or rejected.
    fn score(&self, view: View) -> &'static str {
        if view.status == "PENDING" || view.status == "REJECTED" {
            "UNKNOWN"
        } else {
            self.quality
        }
    }

    /// Every field this template has a value for.
    fn values(&self, now: OffsetDateTime, delay: Duration) -> Map<String, Value> {
        let view = self.view(now, delay);
        let quality = self.score(view);
        let mut values = Map::new();
        values.insert("id".into(), self.id.clone().into());
        values.insert("name".into(), self.name.clone().into());
        values.insert("language".into(), self.language.clone().into());
        values.insert("status".into(), view.status.into());
        values.insert("category".into(), view.category.into());
        if let Some(previous) = view.previous_category {
            values.insert("previous_category".into(), previous.into());
        }
        values.insert("components".into(), Value::Array(self.components.clone()));
        values.insert("parameter_format".into(), self.parameter_format.into());
        values.insert("rejected_reason".into(), view.rejected_reason.into());
        values.insert(
            "quality_score".into(),
            json!({"score": quality, "date": self.quality_date}),
        );
        if let Some(ttl) = self.message_send_ttl_seconds {
            values.insert("message_send_ttl_seconds".into(), ttl.into());
        }
        values.insert("cta_url_link_tracking_opted_out".into(), false.into());
        values
    }
}

/// The sandbox reviewer (see the module documentation).
fn review(template: &Template) -> Verdict {
    let body = template.body_text();
    if has_adjacent_variables(body) {
        return Verdict::Rejected("INVALID_FORMAT");
    }
    let text = template.all_text().to_lowercase();
    if SHORTENERS.iter().any(|s| text.contains(s)) {
        return Verdict::Rejected("INVALID_FORMAT");
    }
    if SENSITIVE.iter().any(|s| contains_word(&text, s)) {
        return Verdict::Rejected("SCAM");
    }
    if template.category == "UTILITY" && PROMOTIONAL.iter().any(|s| contains_word(&text, s)) {
        return if template.allow_category_change {
            Verdict::Approved {
                category: "MARKETING",
                previous_category: Some("UTILITY"),
            }
        } else {
            Verdict::Rejected("INCORRECT_CATEGORY")
        };
    }
    Verdict::Approved {
        category: template.category,
        previous_category: None,
    }
}

/// `needle` in `text` not inside a longer word (`sale` in "our sale", not in "wholesale").
fn contains_word(text: &str, needle: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric();
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        let starts = needle.chars().next().is_some_and(is_word);
        let ends = needle.chars().next_back().is_some_and(is_word);
        (!starts || !before.is_some_and(is_word)) && (!ends || !after.is_some_and(is_word))
    })
}

/// The `{{...}}` variables of `text` as byte ranges.
fn variables(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let Some(close) = text[open + 2..].find("}}").map(|i| open + 2 + i + 2) else {
            break;
        };
        found.push((open, close));
        from = close;
    }
    found
}

/// The names inside the `{{...}}` variables of `text`, in order (`1`, `2` for positional
/// templates; `first_name` for named ones).
pub(crate) fn variable_names(text: &str) -> Vec<String> {
    variables(text)
        .into_iter()
        .map(|(start, end)| text[start + 2..end - 2].trim().to_owned())
        .collect()
}

fn has_adjacent_variables(text: &str) -> bool {
    variables(text)
        .windows(2)
        .any(|pair| text[pair[0].1..pair[1].0].trim().is_empty())
}

/// Whether the text's first or last non-blank content is a variable.
fn variable_at_edge(text: &str) -> bool {
    let trimmed = text.trim();
    let offset = text.len() - text.trim_start().len();
    let vars = variables(text);
    let first = vars.first().is_some_and(|(start, _)| *start == offset);
    let last = vars
        .last()
        .is_some_and(|(_, end)| *end == offset + trimmed.len());
    first || last
}

/// The WABA's templates and the counters Meta's limits need.
#[derive(Debug)]
pub(crate) struct Store {
    pub templates: Vec<Template>,
    pub review_delay: Duration,
    /// Accepted creations in the last hour, oldest first.
    creations: Vec<OffsetDateTime>,
    /// Names of APPROVED templates deleted, with when.
    deleted_approved: Vec<(String, OffsetDateTime)>,
    /// The last template ID handed out.
    last_id: u64,
    /// How many templates the seed control has made (for their names).
    seeded: usize,
    /// Reviews decided and not yet taken by the webhook emitter ([`Store::take_decisions`]).
    decisions: Vec<Decision>,
}

/// A review the sandbox's reviewer decided (`message_template_status_update`, facts §12.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decision {
    pub id: String,
    pub name: String,
    pub language: String,
    /// `APPROVED` or `REJECTED`.
    pub status: &'static str,
    /// The rejection reason, `NONE` when approved.
    pub reason: &'static str,
    pub category: &'static str,
}

/// First ID of templates made in the sandbox (16 digits, like Meta's, facts §14).
const FIRST_ID: u64 = 1_300_100_000_000_000;

impl Store {
    /// The templates a scenario starts with. `fresh` has what Meta gives a new WABA: its
    /// approved `hello_world` sample. The others add templates in every settled state.
    pub(crate) fn seed(scenario: Scenario, now: OffsetDateTime) -> Store {
        let mut templates = vec![hello_world(now)];
        if scenario != Scenario::Fresh {
            templates.extend(healthy_templates(now));
        }
        Store {
            templates,
            review_delay: DEFAULT_REVIEW_DELAY,
            creations: Vec::new(),
            deleted_approved: Vec::new(),
            last_id: FIRST_ID,
            seeded: 0,
            decisions: Vec::new(),
        }
    }

    /// Writes every verdict the clock has reached into its template, keeping a [`Decision`] for
    /// each: a review is decided once, so it is announced once.
    pub(crate) fn settle_due(&mut self, now: OffsetDateTime) {
        let delay = self.review_delay;
        for template in &mut self.templates {
            if !matches!(template.state, State::InReview { .. }) {
                continue;
            }
            let view = template.settle(now, delay);
            if view.status != "PENDING" {
                self.decisions.push(Decision {
                    id: template.id.clone(),
                    name: template.name.clone(),
                    language: template.language.clone(),
                    status: view.status,
                    reason: view.rejected_reason,
                    category: view.category,
                });
            }
        }
    }

    /// The decisions made since the last call, oldest first.
    pub(crate) fn take_decisions(&mut self) -> Vec<Decision> {
        std::mem::take(&mut self.decisions)
    }

    fn next_id(&mut self) -> String {
        self.last_id += 1;
        self.last_id.to_string()
    }

    pub(crate) fn find(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == id)
    }

    /// Adds `count` generated templates (mostly APPROVED, some REJECTED, PAUSED, PENDING) in
    /// several languages and categories, so paging and long lists can be tried with thousands.
    /// Not limited by the creation rate or the template limit.
    pub(crate) fn seed_generated(&mut self, count: usize, now: OffsetDateTime) {
        const LANGUAGES: [&str; 4] = ["en_US", "es", "pt_BR", "fr"];
        const CATEGORIES: [&str; 3] = ["UTILITY", "MARKETING", "AUTHENTICATION"];
        for _ in 0..count {
            let n = self.seeded;
            self.seeded += 1;
            let state = match n % 10 {
                7 => State::Settled {
                    status: "REJECTED",
                    rejected_reason: "INVALID_FORMAT",
                },
                8 => State::Settled {
                    status: "PAUSED",
                    rejected_reason: "NONE",
                },
                9 => State::InReview { since: now },
                _ => State::Settled {
                    status: "APPROVED",
                    rejected_reason: "NONE",
                },
            };
            let id = self.next_id();
            self.templates.push(Template {
                state,
                quality: ["GREEN", "GREEN", "YELLOW", "UNKNOWN"][n % 4],
                ..template(
                    &id,
                    &format!("seeded_template_{:05}", n + 1),
                    LANGUAGES[n % LANGUAGES.len()],
                    CATEGORIES[(n / 4) % CATEGORIES.len()],
                    vec![body(
                        &format!(
                            "Hello {{{{1}}}}, this is seeded template number {} of the sandbox.",
                            n + 1
                        ),
                        &["Maria"],
                    )],
                    now,
                )
            });
        }
    }
}

/// A settled APPROVED template with GREEN quality; callers override fields.
fn template(
    id: &str,
    name: &str,
    language: &str,
    category: &'static str,
    components: Vec<Value>,
    now: OffsetDateTime,
) -> Template {
    Template {
        id: id.into(),
        name: name.into(),
        language: language.into(),
        category,
        previous_category: None,
        components,
        parameter_format: "POSITIONAL",
        message_send_ttl_seconds: None,
        allow_category_change: false,
        state: State::Settled {
            status: "APPROVED",
            rejected_reason: "NONE",
        },
        quality: "GREEN",
        quality_date: (now - Duration::days(2)).unix_timestamp(),
        approved_edits: Vec::new(),
        undelivered: false,
    }
}

fn body(text: &str, example: &[&str]) -> Value {
    if example.is_empty() {
        json!({"type": "BODY", "text": text})
    } else {
        json!({"type": "BODY", "text": text, "example": {"body_text": [example]}})
    }
}

fn settled(status: &'static str, rejected_reason: &'static str) -> State {
    State::Settled {
        status,
        rejected_reason,
    }
}

/// Meta's sample template, approved, as a new WABA has it.
fn hello_world(now: OffsetDateTime) -> Template {
    template(
        "1689556908129832",
        "hello_world",
        "en_US",
        "UTILITY",
        vec![
            json!({"type": "HEADER", "format": "TEXT", "text": "Hello World"}),
            body("Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.", &[]),
            json!({"type": "FOOTER", "text": "WhatsApp Business Platform sample message"}),
        ],
        now,
    )
}

/// A WABA in use: approved templates (one in two languages, one still delivering), a rejected,
/// a paused and a disabled one.
fn healthy_templates(now: OffsetDateTime) -> Vec<Template> {
    vec![
        Template {
            state: settled("REJECTED", "INVALID_FORMAT"),
            quality: "UNKNOWN",
            ..template(
                "594425479261597",
                "spring_sale",
                "en_US",
                "MARKETING",
                vec![body(
                    "Our spring sale is on: {{1}}{{2}} off everything in store this week.",
                    &["25", "%"],
                )],
                now,
            )
        },
        template(
            "1166414785519855",
            "order_update",
            "en_US",
            "UTILITY",
            vec![
                body(
                    "Hi {{1}}, your order {{2}} has shipped and should arrive within 3 days.",
                    &["Maria", "A-1042"],
                ),
                json!({"type": "BUTTONS", "buttons": [
                    {"type": "URL", "text": "Track order", "url": "https://shop.sandbox.example/track/{{1}}", "example": ["https://shop.sandbox.example/track/A-1042"]}
                ]}),
            ],
            now,
        ),
        template(
            "1166414785519856",
            "order_update",
            "es",
            "UTILITY",
            vec![body(
                "Hola {{1}}, tu pedido {{2}} fue enviado y llegará en 3 días.",
                &["María", "A-1042"],
            )],
            now,
        ),
        Template {
            quality: "YELLOW",
            undelivered: true,
            ..template(
                "1387372356726668",
                "appointment_reminder",
                "en_US",
                "UTILITY",
                vec![body(
                    "Hi {{1}}, this is a reminder of your appointment on {{2}}. Reply to change it.",
                    &["Maria", "3 March at 10:00"],
                )],
                now,
            )
        },
        Template {
            state: settled("PAUSED", "NONE"),
            quality: "RED",
            ..template(
                "1137051647947973",
                "winter_promo",
                "en_US",
                "MARKETING",
                vec![
                    body(
                        "Winter is here, {{1}}! Warm up with our new collection in store now.",
                        &["Maria"],
                    ),
                    json!({"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Stop promotions"}]}),
                ],
                now,
            )
        },
        Template {
            state: settled("DISABLED", "NONE"),
            quality: "RED",
            ..template(
                "1137051647947974",
                "flash_deal",
                "en_US",
                "MARKETING",
                vec![body(
                    "Only today, {{1}}: everything in the shop at half price.",
                    &["Maria"],
                )],
                now,
            )
        },
    ]
}

/// The template limit of the WABA: 6,000 when the business portfolio is verified and a number's
/// display name is approved, else 250 (facts §9.3).
pub(crate) fn limit(verified: bool, name_approved: bool) -> usize {
    if verified && name_approved {
        VERIFIED_LIMIT
    } else {
        UNVERIFIED_LIMIT
    }
}

/// What the template handlers need besides the store.
pub(crate) struct Context<'a> {
    pub now: OffsetDateTime,
    /// The template limit of the WABA ([`limit`]).
    pub limit: usize,
    /// `http://127.0.0.1:PORT/v26.0/{waba}/message_templates`, for `paging.next`.
    pub url: String,
    pub call: &'a Call<'a>,
}

/// A query parameter's values: repeated keys, `key[]`, a JSON array or a comma list.
fn multi(call: &Call<'_>, key: &str) -> Vec<String> {
    let array_key = format!("{key}[]");
    let mut values = Vec::new();
    for (k, v) in &call.query {
        if k != key && *k != array_key {
            continue;
        }
        let v = v.trim();
        if v.starts_with('[') {
            if let Ok(list) = serde_json::from_str::<Vec<String>>(v) {
                values.extend(list);
                continue;
            }
        }
        values.extend(v.split(',').map(|s| s.trim().to_owned()));
    }
    values.retain(|v| !v.is_empty());
    values
}

/// An enum filter's values, upper-cased and checked.
fn enum_filter(call: &Call<'_>, key: &str, allowed: &[&str]) -> Result<Vec<String>, GraphError> {
    let values: Vec<String> = multi(call, key)
        .into_iter()
        .map(|v| v.to_ascii_uppercase())
        .collect();
    if let Some((i, _)) = values
        .iter()
        .enumerate()
        .find(|(_, v)| !allowed.contains(&v.as_str()))
    {
        return Err(GraphError::invalid_parameter(&format!(
            "Param {key}[{i}] must be one of {{{}}}",
            allowed.join(", ")
        )));
    }
    Ok(values)
}

/// `GET /{waba-id}/message_templates`: filters, `fields`, cursor paging, `summary`.
pub(crate) fn list(store: &Store, cx: &Context<'_>) -> Result<Value, GraphError> {
    let call = cx.call;
    let delay = store.review_delay;
    let statuses = enum_filter(call, "status", STATUSES)?;
    let categories = enum_filter(call, "category", CATEGORIES)?;
    let qualities = enum_filter(call, "quality_score", QUALITY_SCORES)?;
    let languages = multi(call, "language");
    let text_filter = |key: &str| {
        call.param(key)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_lowercase)
    };
    let name = text_filter("name");
    let content = text_filter("content");
    let name_or_content = text_filter("name_or_content");
    let fields = call.param("fields");
    // Unknown field names are refused even when nothing matches.
    nodes::select(
        Map::new(),
        fields,
        DEFAULT_FIELDS,
        &|f| FIELDS.contains(&f),
        NODE,
    )?;
    let matching: Vec<&Template> = store
        .templates
        .iter()
        .filter(|t| {
            let view = t.view(cx.now, delay);
            let body = t.body_text().to_lowercase();
            let quality = t.score(view).to_owned();
            (statuses.is_empty() || statuses.iter().any(|s| s == view.status))
                && (categories.is_empty() || categories.iter().any(|c| c == view.category))
                && (qualities.is_empty() || qualities.contains(&quality))
                && (languages.is_empty() || languages.contains(&t.language))
                && name.as_ref().is_none_or(|n| t.name.contains(n.as_str()))
                && content.as_ref().is_none_or(|c| body.contains(c.as_str()))
                && name_or_content
                    .as_ref()
                    .is_none_or(|q| t.name.contains(q.as_str()) || body.contains(q.as_str()))
        })
        .collect();
    let ids: Vec<&str> = matching.iter().map(|t| t.id.as_str()).collect();
    let request = PageRequest {
        url: cx.url.clone(),
        query: &call.query,
    };
    let major = call.major;
    let (start, end) = paging::select_or(&ids, &request, &|name| {
        if major >= 24 {
            GraphError::coded(
                131059,
                Some(format!(
                    "The {name} cursor is not valid. Retry without before and after."
                )),
            )
        } else {
            GraphError::invalid_parameter(&format!("The {name} cursor is not valid"))
        }
    })?;
    let items = matching[start..end]
        .iter()
        .map(|t| select(t, fields, cx.now, delay))
        .collect::<Result<Vec<_>, _>>()?;
    let mut answer = paging::envelope(items, &ids, (start, end), &request);
    if let Some(summary) = summary(store, cx, matching.len()) {
        answer["summary"] = summary;
    }
    Ok(answer)
}

/// The `summary` object for the keys asked (`summary=true` asks for `total_count`).
fn summary(store: &Store, cx: &Context<'_>, total: usize) -> Option<Value> {
    let asked = multi(cx.call, "summary");
    if asked.is_empty() || asked.iter().any(|a| a == "false") {
        return None;
    }
    let mut summary = Map::new();
    for key in asked {
        let key = if key == "true" {
            "total_count".to_owned()
        } else {
            key
        };
        let value = match key.as_str() {
            "total_count" => json!(total),
            "message_template_count" => json!(store.templates.len()),
            "message_template_limit" => json!(cx.limit),
            "are_translations_complete" => json!(translations_complete(store)),
            _ => continue,
        };
        summary.insert(key, value);
    }
    debug_assert!(summary.keys().all(|k| SUMMARY_KEYS.contains(&k.as_str())));
    Some(Value::Object(summary))
}

/// Whether every template name has content in the same languages as every other.
fn translations_complete(store: &Store) -> bool {
    let mut all: Vec<&str> = store
        .templates
        .iter()
        .map(|t| t.language.as_str())
        .collect();
    all.sort_unstable();
    all.dedup();
    let mut names: Vec<&str> = store.templates.iter().map(|t| t.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.iter().all(|name| {
        all.iter().all(|language| {
            store
                .templates
                .iter()
                .any(|t| t.name == *name && t.language == *language)
        })
    })
}

fn select(
    template: &Template,
    fields: Option<&str>,
    now: OffsetDateTime,
    delay: Duration,
) -> Result<Value, GraphError> {
    nodes::select(
        template.values(now, delay),
        fields,
        DEFAULT_FIELDS,
        &|f| FIELDS.contains(&f),
        NODE,
    )
}

/// `GET /{template-id}`.
pub(crate) fn node(
    template: &Template,
    store: &Store,
    cx: &Context<'_>,
) -> Result<Value, GraphError> {
    select(
        template,
        cx.call.param("fields"),
        cx.now,
        store.review_delay,
    )
}

/// A submission's content: what create and edit both check.
struct Content {
    components: Vec<Value>,
}

/// Parses and checks `components` (facts §9.3): an array of objects with a `BODY` that has
/// text; lengths → 2388040; a variable at the start or end of the body → 2388299.
fn parse_components(raw: &str) -> Result<Content, GraphError> {
    let parsed: Value = serde_json::from_str(raw).map_err(|_| {
        GraphError::invalid_parameter("Param components must be a JSON array of components")
    })?;
    let Value::Array(items) = parsed else {
        return Err(GraphError::invalid_parameter(
            "Param components must be an array",
        ));
    };
    let mut components = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let Value::Object(mut map) = item else {
            return Err(GraphError::invalid_parameter(&format!(
                "Param components[{i}] must be an object"
            )));
        };
        let kind = map
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_ascii_uppercase)
            .unwrap_or_default();
        const TYPES: &[&str] = &[
            "HEADER",
            "BODY",
            "FOOTER",
            "BUTTONS",
            "CAROUSEL",
            "LIMITED_TIME_OFFER",
        ];
        if !TYPES.contains(&kind.as_str()) {
            return Err(GraphError::invalid_parameter(&format!(
                "Param components[{i}]['type'] must be one of {{{}}}",
                TYPES.join(", ")
            )));
        }
        map.insert("type".into(), kind.clone().into());
        if let Some(format) = map.get("format").and_then(Value::as_str) {
            let upper = format.to_ascii_uppercase();
            map.insert("format".into(), upper.into());
        }
        components.push(Value::Object(map));
    }
    let body = components
        .iter()
        .find(|c| c["type"] == "BODY")
        .and_then(|c| c["text"].as_str())
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| {
            GraphError::invalid_parameter(
                "Param components must include a BODY component with text",
            )
        })?;
    if variable_at_edge(body) {
        return Err(GraphError::template(
            Some(2388299),
            "Variables can't be at the start or end of the template",
            "The body text starts or ends with a variable. Add text before the first variable \
             and after the last one.",
        ));
    }
    for component in &components {
        let kind = component["type"].as_str().unwrap_or_default();
        let limit = match kind {
            "HEADER" => 60,
            "BODY" => 1024,
            "FOOTER" => 60,
            _ => 0,
        };
        if let Some(text) = component["text"].as_str() {
            if limit > 0 && text.chars().count() > limit {
                return Err(too_long(&kind.to_lowercase(), limit));
            }
        }
        for button in component["buttons"].as_array().into_iter().flatten() {
            if button["text"]
                .as_str()
                .is_some_and(|t| t.chars().count() > 25)
            {
                return Err(too_long("button text", 25));
            }
        }
    }
    Ok(Content { components })
}

fn too_long(field: &str, limit: usize) -> GraphError {
    GraphError::template(
        Some(2388040),
        "Field Exceeds Character Limit",
        format!("The {field} is longer than {limit} characters. Shorten it and try again."),
    )
}

fn required(call: &Call<'_>, name: &str) -> Result<String, GraphError> {
    call.input(name)
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| GraphError::invalid_parameter(&format!("The parameter {name} is required")))
}

fn category_param(value: &str) -> Result<&'static str, GraphError> {
    let upper = value.trim().to_ascii_uppercase();
    CATEGORIES
        .iter()
        .find(|c| **c == upper)
        .copied()
        .ok_or_else(|| {
            GraphError::invalid_parameter(&format!(
                "Param category must be one of {{{}}}",
                CATEGORIES.join(", ")
            ))
        })
}

fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 512
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn body_problem(call: &Call<'_>) -> Result<(), GraphError> {
    match &call.body {
        Err(problem) => Err(GraphError::bad_param(problem.clone())),
        Ok(_) => Ok(()),
    }
}

/// `POST /{waba-id}/message_templates`: answers `{id, status, category}`.
pub(crate) fn create(store: &mut Store, cx: &Context<'_>) -> Result<Value, GraphError> {
    let call = cx.call;
    let now = cx.now;
    body_problem(call)?;
    store.creations.retain(|t| *t + Duration::hours(1) > now);
    if store.creations.len() >= CREATIONS_PER_HOUR {
        return Err(GraphError::coded(
            80008,
            Some(format!(
                "At most {CREATIONS_PER_HOUR} message templates can be created per WhatsApp \
                 Business Account per hour. Try again later."
            )),
        ));
    }
    let name = required(call, "name")?;
    if !is_name(&name) {
        return Err(GraphError::template(
            Some(2388046),
            "Name Format is Incorrect",
            "Message template names can only have lowercase letters, numbers and underscores.",
        )
        .with_error_data(json!({"blame_field_specs": [["name"]]})));
    }
    if SAMPLE_TEMPLATE_NAMES.contains(&name.as_str()) {
        return Err(GraphError::template(
            Some(2388155),
            "Template name is already used as a sample template",
            "Please use a different name.",
        ));
    }
    let language = required(call, "language")?;
    if !is_language(&language) {
        return Err(GraphError::invalid_parameter(&format!(
            "Param language must be a template language code such as en_US; got \"{language}\""
        )));
    }
    let category = category_param(&required(call, "category")?)?;
    let parameter_format = match call.input("parameter_format") {
        None => "POSITIONAL",
        Some(f) => match f.trim().to_ascii_uppercase().as_str() {
            "POSITIONAL" => "POSITIONAL",
            "NAMED" => "NAMED",
            _ => {
                return Err(GraphError::invalid_parameter(
                    "Param parameter_format must be one of {POSITIONAL, NAMED}",
                ))
            }
        },
    };
    let allow_category_change = call
        .input("allow_category_change")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let ttl = ttl_param(call)?;
    let content = parse_components(&required(call, "components")?)?;
    if store
        .templates
        .iter()
        .any(|t| t.name == name && t.language == language)
    {
        return Err(GraphError::template(
            Some(2388024),
            "Content in This Language Already Exists",
            format!(
                "There is already {language} content for this template. You can create a new \
                 template and try again."
            ),
        ));
    }
    if store
        .deleted_approved
        .iter()
        .any(|(deleted, at)| *deleted == name && *at + NAME_COOLDOWN > now)
    {
        return Err(GraphError::template(
            Some(2388023),
            "Message Template Language Is Being Deleted",
            format!(
                "An approved template named {name} was deleted less than 30 days ago, so the \
                 name can't be used again yet. Try again after 30 days or use a new name."
            ),
        ));
    }
    if store.templates.len() >= cx.limit {
        return Err(GraphError::template(
            Some(2388019),
            "Message Template Limit Reached",
            format!(
                "This WhatsApp Business Account already has {} message templates, its limit. \
                 Delete templates you no longer use and try again.",
                cx.limit
            ),
        ));
    }
    let id = store.next_id();
    let template = Template {
        previous_category: None,
        parameter_format,
        message_send_ttl_seconds: ttl,
        allow_category_change,
        state: State::InReview { since: now },
        quality: "UNKNOWN",
        quality_date: now.unix_timestamp(),
        ..template(&id, &name, &language, category, content.components, now)
    };
    let view = template.view(now, store.review_delay);
    store.templates.push(template);
    store.creations.push(now);
    Ok(json!({"id": id, "status": view.status, "category": view.category}))
}

fn ttl_param(call: &Call<'_>) -> Result<Option<i64>, GraphError> {
    match call.input("message_send_ttl_seconds") {
        None => Ok(None),
        Some(raw) => raw.trim().parse::<i64>().map(Some).map_err(|_| {
            GraphError::invalid_parameter("Param message_send_ttl_seconds must be an integer")
        }),
    }
}

/// `POST /{template-id}`: category, components and/or message_send_ttl_seconds.
pub(crate) fn edit(store: &mut Store, id: &str, cx: &Context<'_>) -> Result<Value, GraphError> {
    let call = cx.call;
    let now = cx.now;
    body_problem(call)?;
    let category = call
        .input("category")
        .map(|c| category_param(&c))
        .transpose()?;
    let content = call
        .input("components")
        .map(|c| parse_components(&c))
        .transpose()?;
    let ttl = ttl_param(call)?;
    if category.is_none() && content.is_none() && ttl.is_none() {
        return Err(GraphError::invalid_parameter(
            "Nothing to edit: send category, components or message_send_ttl_seconds",
        ));
    }
    // Every verdict reached is recorded (and announced) before the edit starts a new review.
    store.settle_due(now);
    let delay = store.review_delay;
    let Some(template) = store.templates.iter_mut().find(|t| t.id == id) else {
        return Err(GraphError::no_such_object(&call.method, id));
    };
    let view = template.settle(now, delay);
    if !matches!(view.status, "APPROVED" | "REJECTED" | "PAUSED") {
        return Err(GraphError::template(
            None,
            "Message Template Can't Be Edited",
            format!(
                "Only templates that are APPROVED, REJECTED or PAUSED can be edited; this one is \
                 {}.",
                view.status
            ),
        ));
    }
    if view.status == "APPROVED" {
        if category.is_some_and(|c| c != view.category) {
            return Err(GraphError::template(
                None,
                "Category Can't Be Changed",
                format!(
                    "The category of an approved template can't be changed; this one stays {}.",
                    view.category
                ),
            ));
        }
        template
            .approved_edits
            .retain(|t| *t + Duration::days(30) > now);
        if template
            .approved_edits
            .last()
            .is_some_and(|last| *last + EDIT_SPACING > now)
        {
            return Err(GraphError::template(
                None,
                "Edit Limit Reached",
                "An approved template can be edited once in 24 hours. Try again later.",
            ));
        }
        if template.approved_edits.len() >= EDITS_PER_30_DAYS {
            return Err(GraphError::template(
                None,
                "Edit Limit Reached",
                "An approved template can be edited 10 times in 30 days. Try again later.",
            ));
        }
        template.approved_edits.push(now);
    }
    if let Some(category) = category {
        template.category = category;
    }
    if let Some(content) = content {
        template.components = content.components;
    }
    if let Some(ttl) = ttl {
        template.message_send_ttl_seconds = Some(ttl);
    }
    template.previous_category = None;
    template.state = State::InReview { since: now };
    Ok(json!({"success": true}))
}

/// `DELETE /{waba-id}/message_templates?name=…[&hsm_id=…]`.
pub(crate) fn delete(store: &mut Store, cx: &Context<'_>) -> Result<Value, GraphError> {
    let call = cx.call;
    let now = cx.now;
    body_problem(call)?;
    let name = required(call, "name")?;
    let hsm_id = call.input("hsm_id").filter(|v| !v.trim().is_empty());
    let targets = |t: &Template| t.name == name && hsm_id.as_ref().is_none_or(|id| t.id == *id);
    store.settle_due(now);
    let delay = store.review_delay;
    let mut found = false;
    for template in store.templates.iter_mut().filter(|t| targets(t)) {
        found = true;
        if template.settle(now, delay).status == "DISABLED" {
            return Err(GraphError::template(
                None,
                "Message Template Can't Be Deleted",
                format!(
                    "The {} template {name} is disabled; disabled templates can't be deleted.",
                    template.language
                ),
            ));
        }
    }
    if !found {
        let which = hsm_id.map_or_else(String::new, |id| format!(" with ID {id}"));
        return Err(GraphError::template(
            None,
            "Message Template Not Found",
            format!("There is no message template named {name}{which} in this account."),
        ));
    }
    let mut kept = Vec::with_capacity(store.templates.len());
    for mut template in std::mem::take(&mut store.templates) {
        if !targets(&template) {
            kept.push(template);
            continue;
        }
        let status = template.view(now, delay).status;
        if status == "APPROVED" {
            store.deleted_approved.push((template.name.clone(), now));
        }
        if template.undelivered {
            template.state = settled("PENDING_DELETION", "NONE");
            kept.push(template);
        }
    }
    store.templates = kept;
    Ok(json!({"success": true}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_field_is_accepted() {
        let now = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
        let store = Store::seed(Scenario::Healthy, now);
        let t = &store.templates[0];
        let value = select(t, Some(&FIELDS.join(",")), now, DEFAULT_REVIEW_DELAY).unwrap();
        assert_eq!(value["quality_score"]["score"], "GREEN");
        assert_eq!(value["parameter_format"], "POSITIONAL");
        assert_eq!(value["rejected_reason"], "NONE");
        // Accepted even without a value: Graph omits unset fields.
        let ttl = select(
            t,
            Some("message_send_ttl_seconds"),
            now,
            DEFAULT_REVIEW_DELAY,
        )
        .unwrap();
        assert_eq!(ttl, json!({"id": t.id}));
    }

    #[test]
    fn each_review_decision_is_taken_once() {
        let now = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
        let mut store = Store::seed(Scenario::Fresh, now);
        store.templates.push(Template {
            state: State::InReview { since: now },
            ..template(
                "7",
                "notice",
                "en_US",
                "UTILITY",
                vec![body("Hi {{1}}{{2}} there.", &[])],
                now,
            )
        });
        store.settle_due(now + Duration::seconds(59));
        assert!(store.take_decisions().is_empty());
        store.settle_due(now + Duration::seconds(60));
        store.settle_due(now + Duration::hours(1));
        let decisions = store.take_decisions();
        assert_eq!(decisions.len(), 1, "{decisions:?}");
        assert_eq!(
            (decisions[0].status, decisions[0].reason),
            ("REJECTED", "INVALID_FORMAT")
        );
        store.settle_due(now + Duration::days(1));
        assert!(store.take_decisions().is_empty());
    }

    #[test]
    fn variables_at_edges_and_adjacent() {
        assert!(variable_at_edge("{{1}} is here"));
        assert!(variable_at_edge("  Hi {{1}} "));
        assert!(!variable_at_edge("Hi {{1}}, welcome."));
        assert!(has_adjacent_variables("Get {{1}}{{2}} off"));
        assert!(has_adjacent_variables("Get {{1}} {{2}} off"));
        assert!(!has_adjacent_variables("Get {{1}} and {{2}} off"));
        assert!(!has_adjacent_variables("No variables"));
    }

    #[test]
    fn words_match_whole() {
        assert!(contains_word("our sale starts", "sale"));
        assert!(!contains_word("wholesale prices", "sale"));
        assert!(contains_word("get 20% off now", "% off"));
        assert!(contains_word("send your password.", "password"));
    }

    #[test]
    fn names_and_languages() {
        assert!(is_name("order_update_2"));
        for bad in ["Order", "order-update", "order update", ""] {
            assert!(!is_name(bad), "{bad}");
        }
        assert!(!is_name(&"a".repeat(513)));
        assert!(is_language("en_US") && is_language("es") && is_language("fil"));
        assert!(!is_language("EN") && !is_language("en-US") && !is_language("english"));
    }

    #[test]
    fn the_reviewer_decides_from_content() {
        let now = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
        let make = |category, text: &str, allow| Template {
            allow_category_change: allow,
            state: State::InReview { since: now },
            ..template("1", "t", "en_US", category, vec![body(text, &[])], now)
        };
        let verdict = |category, text, allow| review(&make(category, text, allow));
        let approved = Verdict::Approved {
            category: "UTILITY",
            previous_category: None,
        };
        assert_eq!(
            verdict("UTILITY", "Your order {{1}} shipped.", false),
            approved
        );
        assert_eq!(
            verdict("UTILITY", "Hi {{1}}{{2}} there.", false),
            Verdict::Rejected("INVALID_FORMAT")
        );
        assert_eq!(
            verdict("UTILITY", "Track it at https://bit.ly/x now.", false),
            Verdict::Rejected("INVALID_FORMAT")
        );
        assert_eq!(
            verdict("MARKETING", "Reply with your card number today.", false),
            Verdict::Rejected("SCAM")
        );
        assert_eq!(
            verdict("UTILITY", "Big sale on {{1}} today.", false),
            Verdict::Rejected("INCORRECT_CATEGORY")
        );
        assert_eq!(
            verdict("UTILITY", "Big sale on {{1}} today.", true),
            Verdict::Approved {
                category: "MARKETING",
                previous_category: Some("UTILITY"),
            }
        );
        let t = make("UTILITY", "Big sale on {{1}} today.", true);
        assert_eq!(t.view(now, Duration::seconds(60)).status, "PENDING");
        let later = t.view(now + Duration::seconds(60), Duration::seconds(60));
        assert_eq!(
            (later.status, later.category, later.previous_category),
            ("APPROVED", "MARKETING", Some("UTILITY"))
        );
    }
}
