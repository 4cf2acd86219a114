//! Sending messages (facts §10): `POST /{phone-number-id}/messages` with the body
//! `waba_core::send::OutgoingMessage::to_graph_body` makes, and marking an inbound message as
//! read. Never retried here: a send that got no answer may have been accepted, so whether to try
//! again is the sender's decision (`waba_core::send::throughput::retry_decision`), not the client's.

use serde::Deserialize;
use serde_json::{json, Value};
use waba_core::graph_request::{Credential, GraphRequest, HttpMethod};
use waba_secrets::Secret;

use crate::client::{bearer, GraphClient};
use crate::error::GraphError;
use crate::model::Success;

/// Meta's answer to an accepted send.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SendAnswer {
    #[serde(default)]
    pub contacts: Vec<SentContact>,
    pub messages: Vec<SentMessageId>,
}

impl SendAnswer {
    /// The message's ID (`wamid.`...), the first of `messages`.
    pub fn wamid(&self) -> Option<&str> {
        self.messages.first().map(|m| m.id.as_str())
    }
}

/// `contacts[]`: the `to` as sent and the WhatsApp ID Meta resolved it to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SentContact {
    #[serde(default)]
    pub input: Option<String>,
    #[serde(default)]
    pub wa_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SentMessageId {
    pub id: String,
    /// `accepted` (or `held_for_quality_assessment`) for templates.
    #[serde(default)]
    pub message_status: Option<String>,
}

impl GraphClient {
    /// `POST /{phone-number-id}/messages` with `body` as it is.
    pub fn describe_send_message(&self, phone_number_id: &str, body: Value) -> GraphRequest {
        self.request(
            HttpMethod::Post,
            &format!("{phone_number_id}/messages"),
            Credential::Token,
        )
        .with_json_body(body)
    }

    /// Sends exactly `request` (a [`Self::describe_send_message`]), once.
    pub async fn send_message(
        &self,
        token: &Secret,
        request: &GraphRequest,
    ) -> Result<SendAnswer, GraphError> {
        let answer: SendAnswer = self.send(request, bearer(request, token)).await?;
        if answer.wamid().is_none() {
            return Err(GraphError::UnexpectedShape {
                url: request.url().to_owned(),
                status: 200,
                reason: "an accepted send without messages[0].id".into(),
            });
        }
        Ok(answer)
    }

    /// `POST /{phone-number-id}/messages` `{"status": "read", "message_id"}` (facts §10.7).
    pub fn describe_mark_read(&self, phone_number_id: &str, wamid: &str) -> GraphRequest {
        self.describe_send_message(
            phone_number_id,
            json!({"messaging_product": "whatsapp", "status": "read", "message_id": wamid}),
        )
    }

    /// [`Self::describe_mark_read`], sent.
    pub async fn mark_read(
        &self,
        token: &Secret,
        phone_number_id: &str,
        wamid: &str,
    ) -> Result<Success, GraphError> {
        let request = self.describe_mark_read(phone_number_id, wamid);
        self.send(&request, bearer(&request, token)).await
    }
}
