//! Diagnosis with this account's state: the catalogue says what a code means in general; the
//! profile says what it means here (which token is stored, which templates are approved).

use waba_core::checklist::TokenState;
use waba_core::diagnose::Diagnosis;
use waba_core::profile::Profile;
use waba_core::token::TokenReport;
use waba_graph::model::MessageTemplate;

/// Codes whose card gets the stored token's facts.
pub(crate) const TOKEN_CODES: &[i64] = &[0, 190];
/// Codes whose card gets the closest approved templates.
pub(crate) const TEMPLATE_CODES: &[i64] = &[132000, 132001, 132012, 132015, 132016];

pub(crate) fn token_context(state: &TokenState) -> Vec<String> {
    match state {
        TokenState::Missing => {
            vec!["No token is stored for this profile: paste one on the Token page.".into()]
        }
        TokenState::Unchecked { error } => vec![format!(
            "The stored token could not be checked: {}",
            error.message
        )],
        TokenState::Checked { report } => vec![describe_token(report)],
    }
}

fn describe_token(r: &TokenReport) -> String {
    if let Some(f) = r.findings.first().filter(|_| r.rejection.is_some()) {
        return format!("The stored token is refused by Meta: {}", f.title);
    }
    let expiry = match &r.expires_at {
        None => "never expires".to_owned(),
        Some(at) => format!("expires {at}"),
    };
    format!(
        "The stored token is a {} token that {expiry}, with {}.",
        r.token_type.graph_name(),
        if r.scopes.is_empty() {
            "no scopes".to_owned()
        } else {
            r.scopes.join(", ")
        }
    )
}

/// Approved templates, closest to the name Meta mentioned (if any) first.
pub(crate) fn template_context(d: &Diagnosis, templates: &[MessageTemplate]) -> Vec<String> {
    let mentioned = d
        .from_meta
        .details
        .clone()
        .or_else(|| d.from_meta.message.clone())
        .unwrap_or_default()
        .to_lowercase();
    let mut approved: Vec<&MessageTemplate> = templates
        .iter()
        .filter(|t| t.status == Some(waba_core::graph_states::TemplateStatus::Approved))
        .collect();
    if approved.is_empty() {
        return vec![
            "This WABA has no APPROVED template yet: create one and wait for Meta's review.".into(),
        ];
    }
    approved.sort_by_key(|t| std::cmp::Reverse(similarity(&mentioned, &t.name)));
    let names: Vec<String> = approved
        .iter()
        .take(5)
        .map(|t| format!("{} ({})", t.name, t.language.as_deref().unwrap_or("?")))
        .collect();
    vec![format!(
        "Approved templates of this WABA, closest first: {}. Use the exact name and language code.",
        names.join(", ")
    )]
}

/// How many of `name`'s underscore-separated words appear in `text`, then shared prefix length.
fn similarity(text: &str, name: &str) -> (usize, usize) {
    let words = name
        .split('_')
        .filter(|w| w.len() > 2 && text.contains(*w))
        .count();
    let prefix = text
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .map(|w| {
            w.chars()
                .zip(name.chars())
                .take_while(|(a, b)| a == b)
                .count()
        })
        .max()
        .unwrap_or(0);
    (words, prefix)
}

pub(crate) fn reengagement_context(d: &Diagnosis, profile: &Profile) -> Vec<String> {
    let who = d.from_meta.recipient.as_deref().unwrap_or("this recipient");
    vec![format!(
        "The console has not received messages for {} yet (inbound webhooks arrive with the Webhooks page), so it cannot tell when {who} last replied. Outside 24 hours after their last message, send an approved template instead.",
        profile.name
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(name: &str, status: &str) -> MessageTemplate {
        MessageTemplate {
            status: Some(status.into()),
            language: Some("en_US".into()),
            ..MessageTemplate::named("1", name)
        }
    }

    #[test]
    fn closest_approved_template_comes_first() {
        let d = waba_core::diagnose::diagnose("132001").diagnoses.remove(0);
        let mut d = d;
        d.from_meta.details = Some("template name (order_updates) does not exist in en_US".into());
        let ctx = template_context(
            &d,
            &[
                template("hello_world", "APPROVED"),
                template("order_update", "APPROVED"),
                template("order_x", "REJECTED"),
            ],
        );
        assert!(
            ctx[0].contains("closest first: order_update (en_US), hello_world (en_US)."),
            "{}",
            ctx[0]
        );
    }
}
