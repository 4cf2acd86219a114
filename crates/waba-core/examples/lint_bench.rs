//! How long the template linter takes on every keystroke: a typical draft and a 1,024-character
//! body, each against 6,000 existing templates (the most a verified WABA can have). Figures only.
//!
//! `cargo run --release -p waba-core --example lint_bench`

use std::time::{Duration, Instant};

use waba_core::graph_states::TemplateStatus;
use waba_core::template_lint::{lint_text, lint_text_with_index, ExistingTemplate, TemplateIndex};

fn draft(body: &str) -> String {
    serde_json::json!({
        "name": "order_update", "language": "en_US", "category": "UTILITY",
        "components": [
            {"type": "BODY", "text": body, "example": {"body_text": [["Ana", "#4521", "Friday"]]}},
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Thanks"}]}
        ]
    })
    .to_string()
}

fn existing(n: usize) -> Vec<ExistingTemplate> {
    let words = [
        "order", "parcel", "account", "booking", "payment", "ticket", "delivery", "refund",
    ];
    (0..n)
        .map(|i| ExistingTemplate {
            name: format!("template_{i}"),
            language: "en_US".into(),
            category: None,
            status: Some(TemplateStatus::Approved),
            body: format!(
                "Hello {{{{1}}}}, your {} {i} was updated on {{{{2}}}}. {} Reply here with questions about {}.",
                words[i % words.len()],
                "Details follow in the app. ".repeat(i % 30),
                words[(i / 8) % words.len()],
            ),
        })
        .collect()
}

fn time(runs: u32, mut f: impl FnMut()) -> Duration {
    f();
    let started = Instant::now();
    for _ in 0..runs {
        f();
    }
    started.elapsed() / runs
}

fn main() {
    let templates = existing(6_000);
    let typical = draft(
        "Hello {{1}}, your order {{2}} has shipped and will arrive on {{3}}. Reply here if you have questions.",
    );
    let long_body = format!(
        "Hello {{{{1}}}}, your order {{{{2}}}} has shipped and arrives {{{{3}}}}. {}",
        "Thanks for shopping with us. ".repeat(34)
    );
    let long_body: String = long_body.chars().take(1024).collect();
    let long = draft(&long_body);

    let build = time(5, || drop(TemplateIndex::new(&templates)));
    let index = TemplateIndex::new(&templates);
    println!("6,000 existing templates, index built once: {build:?}");
    for (label, text) in [("typical draft", &typical), ("1,024-char body", &long)] {
        let with_index = time(50, || drop(lint_text_with_index(text, &index)));
        let cold = time(5, || drop(lint_text(text, &templates)));
        let findings = lint_text_with_index(text, &index).findings.len();
        println!(
            "{label}: {with_index:?} per lint with the index kept, {cold:?} building it each time ({findings} findings)"
        );
    }
}
