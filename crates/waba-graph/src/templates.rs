//! Message templates (facts §9): the list with its filters, cursors and `summary`, one template,
//! create, edit and delete. Every `GET` (each page too) draws from the read budget; creates,
//! edits and deletes are never retried here. Meta's refusals (100 with 2388xxx subcodes and
//! `error_user_title`/`error_user_msg`) arrive as [`GraphError::Api`] with the whole envelope.

use serde_json::Value;
use waba_core::graph_request::{Credential, GraphRequest, HttpMethod};
use waba_secrets::Secret;

use crate::client::{bearer, GraphClient, MAX_PAGES};
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
    /// The first page of `GET /{waba-id}/message_templates` matching `query`, with
    /// [`TEMPLATE_FIELDS`], the filters and `summary` (each further page adds `after`).
    pub fn describe_list_templates(&self, waba_id: &str, query: &TemplateQuery) -> GraphRequest {
        let mut request = self
            .request(
                HttpMethod::Get,
                &format!("{waba_id}/message_templates"),
                Credential::Token,
            )
            .with_query("fields", TEMPLATE_FIELDS.join(","))
            .with_query("limit", self.page_size().to_string())
            .with_query("summary", TEMPLATE_SUMMARY);
        for (name, value) in query.params() {
            request = request.with_query(name, value);
        }
        request
    }

    /// Every template of a WABA matching `query`: [`Self::describe_list_templates`], following
    /// the `after` cursor until `next` is absent.
    pub async fn list_templates(
        &self,
        token: &Secret,
        waba_id: &str,
        query: &TemplateQuery,
    ) -> Result<TemplateList, GraphError> {
        let first = self.describe_list_templates(waba_id, query);
        let mut request = first.clone();
        let mut list = TemplateList::default();
        for _ in 0..MAX_PAGES {
            let page: Page<MessageTemplate> = self.send(&request, bearer(&request, token)).await?;
            list.pages += 1;
            list.templates.extend(page.data);
            if list.summary.is_none() {
                list.summary = page.summary.and_then(|s| summary(&s));
            }
            let next = page
                .paging
                .and_then(|p| p.next.and(p.cursors).and_then(|c| c.after));
            match next {
                Some(cursor) => request = first.clone().with_query("after", cursor),
                None => return Ok(list),
            }
        }
        Err(GraphError::UnexpectedShape {
            url: first.url().to_owned(),
            status: 200,
            reason: format!("still paging after {MAX_PAGES} pages"),
        })
    }

    /// One template: `GET /{template-id}` with [`TEMPLATE_FIELDS`].
    pub fn describe_template(&self, template_id: &str) -> GraphRequest {
        self.request(HttpMethod::Get, template_id, Credential::Token)
            .with_query("fields", TEMPLATE_FIELDS.join(","))
    }

    /// [`Self::describe_template`], sent.
    pub async fn template(
        &self,
        token: &Secret,
        template_id: &str,
    ) -> Result<MessageTemplate, GraphError> {
        let request = self.describe_template(template_id);
        self.send(&request, bearer(&request, token)).await
    }

    /// `POST /{waba-id}/message_templates` with the draft in Meta's create format.
    pub fn describe_create_template(&self, waba_id: &str, draft: &Value) -> GraphRequest {
        self.request(
            HttpMethod::Post,
            &format!("{waba_id}/message_templates"),
            Credential::Token,
        )
        .with_json_body(draft.clone())
    }

    /// [`Self::describe_create_template`], sent.
    pub async fn create_template(
        &self,
        token: &Secret,
        waba_id: &str,
        draft: &Value,
    ) -> Result<CreatedTemplate, GraphError> {
        let request = self.describe_create_template(waba_id, draft);
        self.send(&request, bearer(&request, token)).await
    }

    /// `POST /{template-id}`: `category` and/or `components` (replacing them all) and/or
    /// `message_send_ttl_seconds`.
    pub fn describe_edit_template(&self, template_id: &str, changes: &Value) -> GraphRequest {
        self.request(HttpMethod::Post, template_id, Credential::Token)
            .with_json_body(changes.clone())
    }

    /// [`Self::describe_edit_template`], sent.
    pub async fn edit_template(
        &self,
        token: &Secret,
        template_id: &str,
        changes: &Value,
    ) -> Result<Success, GraphError> {
        let request = self.describe_edit_template(template_id, changes);
        self.send(&request, bearer(&request, token)).await
    }

    /// `DELETE /{waba-id}/message_templates?name=…`: every language of `name`, or with `hsm_id`
    /// only that one template.
    pub fn describe_delete_template(
        &self,
        waba_id: &str,
        name: &str,
        hsm_id: Option<&str>,
    ) -> GraphRequest {
        let request = self
            .request(
                HttpMethod::Delete,
                &format!("{waba_id}/message_templates"),
                Credential::Token,
            )
            .with_query("name", name);
        match hsm_id {
            Some(id) => request.with_query("hsm_id", id),
            None => request,
        }
    }

    /// [`Self::describe_delete_template`], sent.
    pub async fn delete_template(
        &self,
        token: &Secret,
        waba_id: &str,
        name: &str,
        hsm_id: Option<&str>,
    ) -> Result<Success, GraphError> {
        let request = self.describe_delete_template(waba_id, name, hsm_id);
        self.send(&request, bearer(&request, token)).await
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
