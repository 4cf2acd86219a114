//! The WABA's existing templates, as the duplicate rules need them: the (name, language) pairs
//! taken and each body's normalized form, computed once per list so that checking a draft against
//! 6,000 templates on every keystroke stays a few milliseconds.
//!
//! Near-duplicates: two bodies are compared after lowercasing, dropping punctuation and spacing,
//! and writing every variable as the same token; "the same" is equal normalized words, "very
//! similar" is a Jaccard similarity of their word pairs of at least [`NEAR_DUPLICATE`].

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::vars;
use crate::graph_states::{TemplateCategory, TemplateStatus};

/// One template the WABA already has (from the template list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExistingTemplate {
    pub name: String,
    pub language: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub category: Option<TemplateCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status: Option<TemplateStatus>,
    /// The BODY component's text (empty when it has none).
    #[serde(default)]
    pub body: String,
}

/// Word-pair similarity from which a body counts as a near-duplicate.
pub const NEAR_DUPLICATE: f64 = 0.8;

/// Fewer normalized words than this and a body is not compared (two "Hello {{1}}" are not the
/// kind of duplicate Meta means).
const MIN_WORDS: usize = 4;

/// A body's normalized form.
#[derive(Debug, Clone, Default)]
struct Shape {
    /// Hash of the normalized words, for "the same".
    words: u64,
    word_count: usize,
    /// Sorted, deduplicated hashes of consecutive word pairs, for "very similar".
    pairs: Vec<u64>,
}

fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

fn shape(body: &str) -> Shape {
    // Variables become one token, whatever their name or number.
    let scan = vars::scan(body);
    let mut text = String::with_capacity(body.len());
    let mut at = 0;
    for var in &scan.vars {
        text.push_str(&body[at..var.start]);
        text.push_str(" \u{1} ");
        at = var.end;
    }
    text.push_str(&body[at..]);
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\u{1}'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut pairs: Vec<u64> = if words.len() < 2 {
        words.iter().map(hash).collect()
    } else {
        words.windows(2).map(|p| hash(&(p[0], p[1]))).collect()
    };
    pairs.sort_unstable();
    pairs.dedup();
    Shape {
        words: hash(&words),
        word_count: words.len(),
        pairs,
    }
}

/// |A ∩ B| / |A ∪ B| of two sorted, deduplicated lists.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    }
}

/// What a draft's body is closest to among the existing templates.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate<'a> {
    pub template: &'a ExistingTemplate,
    /// 1.0 when the normalized bodies are the same.
    pub similarity: f64,
}

/// The existing templates, prepared once for the duplicate rules.
#[derive(Debug, Clone, Default)]
pub struct TemplateIndex {
    templates: Vec<ExistingTemplate>,
    shapes: Vec<Shape>,
    by_name_language: HashMap<(String, String), usize>,
}

impl TemplateIndex {
    pub fn new(existing: &[ExistingTemplate]) -> Self {
        let templates: Vec<ExistingTemplate> = existing
            .iter()
            .filter(|t| t.status != Some(TemplateStatus::Deleted))
            .cloned()
            .collect();
        let shapes = templates.iter().map(|t| shape(&t.body)).collect();
        let by_name_language = templates
            .iter()
            .enumerate()
            .map(|(i, t)| ((t.name.clone(), t.language.clone()), i))
            .collect();
        Self {
            templates,
            shapes,
            by_name_language,
        }
    }

    /// The existing template with this name and language, if any.
    pub fn same_name_language(&self, name: &str, language: &str) -> Option<&ExistingTemplate> {
        self.by_name_language
            .get(&(name.to_owned(), language.to_owned()))
            .map(|&i| &self.templates[i])
    }

    /// The existing template whose body is closest to `body`, when it is at least
    /// [`NEAR_DUPLICATE`] similar. The template with the draft's own name and language is
    /// skipped (it is the one being edited, or already reported as taken).
    pub fn closest(&self, name: &str, language: &str, body: &str) -> Option<Duplicate<'_>> {
        let draft = shape(body);
        if draft.word_count < MIN_WORDS {
            return None;
        }
        let mut best: Option<Duplicate<'_>> = None;
        let n = draft.pairs.len() as f64;
        for (template, other) in self.templates.iter().zip(&self.shapes) {
            if other.word_count < MIN_WORDS
                || (template.name == name && template.language == language)
            {
                continue;
            }
            let similarity = if other.words == draft.words {
                1.0
            } else {
                // Jaccard can reach the threshold only when the sizes are close.
                let m = other.pairs.len() as f64;
                if n.min(m) < NEAR_DUPLICATE * n.max(m) {
                    continue;
                }
                jaccard(&draft.pairs, &other.pairs)
            };
            if similarity >= NEAR_DUPLICATE
                && best.as_ref().is_none_or(|b| similarity > b.similarity)
            {
                best = Some(Duplicate {
                    template,
                    similarity,
                });
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn existing(name: &str, body: &str) -> ExistingTemplate {
        ExistingTemplate {
            name: name.into(),
            language: "en_US".into(),
            category: None,
            status: Some(TemplateStatus::Approved),
            body: body.into(),
        }
    }

    #[test]
    fn same_body_after_case_spacing_and_variables() {
        let index = TemplateIndex::new(&[
            existing("order_shipped", "Your order {{1}} has shipped and arrives {{2}}."),
            existing("other", "Something else entirely, nothing alike at all."),
            existing(
                "delivery_window",
                "Hello {{1}}, your parcel from our store is out for delivery and should reach your address between {{2}} and {{3}}.",
            ),
        ]);
        let dup = index
            .closest(
                "new",
                "en_US",
                "your ORDER {{order_id}}   has shipped and arrives {{day}}",
            )
            .unwrap();
        assert_eq!(dup.template.name, "order_shipped");
        assert_eq!(dup.similarity, 1.0);
        let near = index
            .closest(
                "new",
                "en_US",
                "Hello {{1}}, your parcel from our store is out for delivery and should reach your address between {{2}} and {{3}} today.",
            )
            .unwrap();
        assert_eq!(near.template.name, "delivery_window");
        assert!(near.similarity < 1.0 && near.similarity >= NEAR_DUPLICATE);
        assert!(index
            .closest(
                "new",
                "en_US",
                "A completely different message about {{1}} today."
            )
            .is_none());
        // The template being edited is not its own duplicate.
        assert!(index
            .closest(
                "order_shipped",
                "en_US",
                "Your order {{1}} has shipped and arrives {{2}}."
            )
            .is_none());
    }
}
