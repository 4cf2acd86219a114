//! Message templates (facts §9): the list with its filters, cursors and `summary`, one template,
//! create, edit and delete. Every `GET` (each page too) draws from the read budget; creates,
//! edits and deletes are never retried here. Meta's refusals (100 with 2388xxx subcodes and
//! `error_user_title`/`error_user_msg`) arrive as [`GraphError::Api`] with the whole envelope.

use serde_json::Value;
use waba_secrets::Secret;

use crate::client::{GraphClient, MAX_PAGES};
use crate::error::GraphError;
use crate::model::{
    CreatedTemplate, MessageTemplate, Page, Success, TemplateList, TemplateSummary,
};

/// The template fields the console reads (facts §9.1, §9.2).
pub const TEMPLATE_FIELDS: &[&str] = &[
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
];

/// `summary=` of the list: the counts against the WABA's limit.
pub const TEMPLATE_SUMMARY: &str =
    "total_count,message_template_count,message_template_limit,are_translations_complete";

/// The list's filters (all optional; Meta's values, e.g. `status: ["APPROVED", "REJECTED"]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateQuery {
    pub status: Vec<String>,
    pub category: Option<String>,
    pub language: Option<String>,
    pub name: Option<String>,
    pub content: Option<String>,
    pub name_or_content: Option<String>,
    pub quality_score: Option<String>,
}

impl TemplateQuery {
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.status.is_empty() {
            out.push(("status", self.status.join(",")));
        }
        let optional = [
            ("category", &self.category),
            ("language", &self.language),
            ("name", &self.name),
            ("content", &self.content),
            ("name_or_content", &self.name_or_content),
            ("quality_score", &self.quality_score),
        ];
        for (key, value) in optional {
            if let Some(v) = value {
                out.push((key, v.clone()));
            }
        }
        out
    }
}

impl GraphClient {
    /// Every template of a WABA matching `query`: `GET /{waba-id}/message_templates` with
    /// `fields`, the filters and `summary`, following the `after` cursor until `next` is absent.
    pub async fn list_templates(
        &self,
        token: &Secret,
        waba_id: &str,
        query: &TemplateQuery,
    ) -> Result<TemplateList, GraphError> {
        let path = format!("{waba_id}/message_templates");
        let fields = TEMPLATE_FIELDS.join(",");
        let limit = self.page_size().to_string();
        let filters = query.params();
        let mut list = TemplateList::default();
        let mut after: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut params: Vec<(&str, &str)> = vec![
                ("fields", fields.as_str()),
                ("limit", limit.as_str()),
                ("summary", TEMPLATE_SUMMARY),
            ];
            params.extend(filters.iter().map(|(k, v)| (*k, v.as_str())));
            if let Some(cursor) = after.as_deref() {
                params.push(("after", cursor));
            }
            let page: Page<MessageTemplate> = self.get(token, &path, &params).await?;
            list.pages += 1;
            list.templates.extend(page.data);
            if list.summary.is_none() {
                list.summary = page.summary.and_then(|s| summary(&s));
            }
            let next = page
                .paging
                .and_then(|p| p.next.and(p.cursors).and_then(|c| c.after));
            match next {
                Some(cursor) => after = Some(cursor),
                None => return Ok(list),
            }
        }
        Err(GraphError::UnexpectedShape {
            url: self.url(&path),
            status: 200,
            reason: format!("still paging after {MAX_PAGES} pages"),
        })
    }

    /// One template: `GET /{template-id}` with [`TEMPLATE_FIELDS`].
    pub async fn template(
        &self,
        token: &Secret,
        template_id: &str,
    ) -> Result<MessageTemplate, GraphError> {
        self.get(
            token,
            template_id,
            &[("fields", &TEMPLATE_FIELDS.join(","))],
        )
        .await
    }

    /// `POST /{waba-id}/message_templates` with the draft in Meta's create format.
    pub async fn create_template(
        &self,
        token: &Secret,
        waba_id: &str,
        draft: &Value,
    ) -> Result<CreatedTemplate, GraphError> {
        self.post(token, &format!("{waba_id}/message_templates"), draft)
            .await
    }

    /// `POST /{template-id}`: `category` and/or `components` (replacing them all) and/or
    /// `message_send_ttl_seconds`.
    pub async fn edit_template(
        &self,
        token: &Secret,
        template_id: &str,
        changes: &Value,
    ) -> Result<Success, GraphError> {
        self.post(token, template_id, changes).await
    }

    /// `DELETE /{waba-id}/message_templates?name=…`: every language of `name`, or with `hsm_id`
    /// only that one template.
    pub async fn delete_template(
        &self,
        token: &Secret,
        waba_id: &str,
        name: &str,
        hsm_id: Option<&str>,
    ) -> Result<Success, GraphError> {
        let mut query = vec![("name", name)];
        if let Some(id) = hsm_id {
            query.push(("hsm_id", id));
        }
        self.delete(token, &format!("{waba_id}/message_templates"), &query)
            .await
    }
}

/// Meta sends `summary` as an object; a server that sends something else just has no summary.
fn summary(value: &Value) -> Option<TemplateSummary> {
    serde_json::from_value(value.clone()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_graph_query_parameters() {
        let q = TemplateQuery {
            status: vec!["APPROVED".into(), "REJECTED".into()],
            language: Some("en_US".into()),
            ..TemplateQuery::default()
        };
        assert_eq!(
            q.params(),
            vec![
                ("status", "APPROVED,REJECTED".to_owned()),
                ("language", "en_US".to_owned())
            ]
        );
    }

    #[test]
    fn a_full_template_parses_and_serializes_back_as_meta_sent_it() {
        let body = r#"{"id":"1166414785519855","name":"reservation_confirmation_short_banner","language":"en_US",
            "status":"REJECTED","category":"UTILITY","previous_category":"TRANSACTIONAL","rejected_reason":"INVALID_FORMAT",
            "parameter_format":"POSITIONAL","quality_score":{"score":"GREEN","date":1733011200},
            "components":[{"type":"BODY","text":"Hi {{1}}","example":{"body_text":[["Ana"]]}},
              {"type":"BUTTONS","buttons":[{"type":"URL","text":"Open","url":"https://x.example/{{1}}","example":["a"]}]},
              {"type":"LIMITED_TIME_OFFER","limited_time_offer":{"text":"Ends","has_expiration":true}}]}"#;
        let t: MessageTemplate = serde_json::from_str(body).unwrap();
        assert_eq!(
            t.previous_category,
            Some(waba_core::graph_states::TemplateCategory::Transactional)
        );
        assert_eq!(t.components[1].buttons[0].kind, "URL");
        assert!(t.components[2].other.contains_key("limited_time_offer"));
        let back = serde_json::to_value(&t).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(body).unwrap());
    }
}
