//! Fault injection for Graph calls: added latency, Meta error envelopes, proxy-style HTML 500s,
//! dropped connections, answers cut short (a 200 whose JSON is not valid) and calls that are never
//! answered, so clients can be tested against the failures they will meet in the field. Control
//! (`/__sandbox`) calls never see faults. A path filter aims the armed faults at one route (the
//! third call of a flow, say), the other calls passing untouched.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Serialize;

use crate::envelope::GraphError;
use crate::lock;
use crate::server::ConnAbort;
use crate::state::AppState;

/// Fault switches shared by the server and its handle; clones control the same sandbox.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    state: Arc<Mutex<FaultState>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FaultState {
    #[serde(rename = "latencyMs", serialize_with = "millis")]
    latency: Duration,
    fail_next: Option<FailNext>,
    #[serde(rename = "html500Next")]
    html_500_next: u32,
    reset_next: u32,
    /// Shown only while armed.
    #[serde(skip_serializing_if = "is_zero")]
    lose_answer_next: u32,
    /// Shown only while armed.
    #[serde(skip_serializing_if = "is_zero")]
    malformed_json_next: u32,
    /// Shown only while armed.
    #[serde(skip_serializing_if = "is_zero")]
    never_answer_next: u32,
    /// Faults hit only calls whose method and path (`GET /v26.0/upload:…`) contain this (empty:
    /// every call). Shown only when set.
    #[serde(skip_serializing_if = "String::is_empty")]
    only_path: String,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct FailNext {
    count: u32,
    code: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    subcode: Option<i64>,
}

/// What to do to one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Reset,
    /// The call runs (a send is accepted), then the connection closes without the answer.
    LoseAnswer,
    /// The call is received and never answered; the connection stays open until the client
    /// gives up or the sandbox stops. The call does not run.
    NeverAnswer,
    /// The call runs, then its answer comes back as a 200 whose JSON body is cut short.
    MalformedJson,
    Html500,
    Error {
        code: i64,
        subcode: Option<i64>,
    },
}

impl Faults {
    pub(crate) fn new(latency: Duration) -> Faults {
        let faults = Faults::default();
        faults.set_latency(latency);
        faults
    }

    /// Adds a fixed delay before every Graph answer (zero turns it off).
    pub fn set_latency(&self, d: Duration) {
        lock(&self.state).latency = d;
    }

    /// The next `count` Graph calls answer Meta's error envelope for `code` (HTTP status from
    /// the code table; 400 for codes it does not know), with `error_subcode` when given.
    /// Replaces any pending injected error; `count` 0 cancels it.
    pub fn fail_next(&self, count: u32, code: i64, subcode: Option<i64>) {
        lock(&self.state).fail_next = (count > 0).then_some(FailNext {
            count,
            code,
            subcode,
        });
    }

    /// The next `count` Graph calls answer HTTP 500 with an HTML page, like a proxy or CDN.
    pub fn html_500_next(&self, count: u32) {
        lock(&self.state).html_500_next = count;
    }

    /// The next `count` Graph calls get their connection closed without a response.
    pub fn reset_next(&self, count: u32) {
        lock(&self.state).reset_next = count;
    }

    /// The next `count` Graph calls run as usual (a message is accepted and its statuses
    /// follow), then their connection is closed without the answer: a timeout whose outcome
    /// the client cannot know.
    pub fn lose_answer_next(&self, count: u32) {
        lock(&self.state).lose_answer_next = count;
    }

    /// The next `count` Graph calls run as usual, then answer HTTP 200 with `Content-Type:
    /// application/json` and the first half of their JSON body, which no JSON parser accepts:
    /// what a client sees when a proxy or a broken connection cuts an answer short.
    pub fn malformed_json_next(&self, count: u32) {
        lock(&self.state).malformed_json_next = count;
    }

    /// The next `count` Graph calls are received and never answered: they do not run, and their
    /// connections stay open, without a byte of answer, until the client gives up or the sandbox
    /// stops. Other calls (on other connections) are answered meanwhile.
    pub fn never_answer_next(&self, count: u32) {
        lock(&self.state).never_answer_next = count;
    }

    /// The armed faults hit only Graph calls whose method and path, as `GET /v26.0/upload:…`,
    /// contain `part` (`"upload:"`, or `"GET /"` for reads only);
    /// other calls pass without using one up. Latency still applies to every call; `""` aims
    /// them at every call again.
    pub fn only_path(&self, part: &str) {
        lock(&self.state).only_path = part.to_owned();
    }

    /// Removes every fault, latency and path filter included.
    pub fn clear(&self) {
        *lock(&self.state) = FaultState::default();
    }

    pub(crate) fn snapshot(&self) -> FaultState {
        lock(&self.state).clone()
    }

    /// Consumes one fault for the current call (`call`: its method and path). When several are
    /// armed, resets go first, then unanswered calls, lost answers, malformed JSON, HTML 500s,
    /// then injected errors; each call uses up at most one, and none when `call` does not match
    /// the path filter.
    fn take(&self, call: &str) -> (Duration, Option<Fault>) {
        let mut state = lock(&self.state);
        let fault = if !call.contains(state.only_path.as_str()) {
            None
        } else if state.reset_next > 0 {
            state.reset_next -= 1;
            Some(Fault::Reset)
        } else if state.never_answer_next > 0 {
            state.never_answer_next -= 1;
            Some(Fault::NeverAnswer)
        } else if state.lose_answer_next > 0 {
            state.lose_answer_next -= 1;
            Some(Fault::LoseAnswer)
        } else if state.malformed_json_next > 0 {
            state.malformed_json_next -= 1;
            Some(Fault::MalformedJson)
        } else if state.html_500_next > 0 {
            state.html_500_next -= 1;
            Some(Fault::Html500)
        } else if let Some(fail) = state.fail_next {
            state.fail_next = (fail.count > 1).then_some(FailNext {
                count: fail.count - 1,
                ..fail
            });
            Some(Fault::Error {
                code: fail.code,
                subcode: fail.subcode,
            })
        } else {
            None
        };
        (state.latency, fault)
    }
}

/// Middleware in front of every Graph route.
pub(crate) async fn inject(
    State(state): State<AppState>,
    Extension(abort): Extension<ConnAbort>,
    request: Request,
    next: Next,
) -> Response {
    let call = format!("{} {}", request.method(), request.uri().path());
    let (latency, fault) = state.faults.take(&call);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match fault {
        None => next.run(request).await,
        Some(Fault::Reset) => {
            abort.trigger();
            // The connection task drops this request with the connection; never answer.
            std::future::pending().await
        }
        Some(Fault::LoseAnswer) => {
            drop(next.run(request).await);
            abort.trigger();
            std::future::pending().await
        }
        // Hyper drops this request when the client closes the connection, and the server drops
        // every connection when it stops, so a call held here holds nothing else up.
        Some(Fault::NeverAnswer) => std::future::pending().await,
        Some(Fault::MalformedJson) => {
            let answer = next.run(request).await;
            // In-memory bodies cannot fail; an empty body is no valid JSON either.
            let body = axum::body::to_bytes(answer.into_body(), usize::MAX)
                .await
                .unwrap_or_default();
            cut_short(&body)
        }
        Some(Fault::Html500) => html_500(),
        Some(Fault::Error { code, subcode }) => {
            GraphError::injected(code, subcode, state.clock.now()).into_response()
        }
    }
}

/// A 200 that claims JSON and carries the first half of `body` (a Graph answer, always a JSON
/// object, so never a complete one).
fn cut_short(body: &[u8]) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json; charset=UTF-8")],
        body[..body.len() / 2].to_vec(),
    )
        .into_response()
}

fn html_500() -> Response {
    const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
        <title>500 Internal Server Error</title></head>\n<body>\n<h1>Internal Server Error</h1>\n\
        <p>Sorry, something went wrong. We're working on getting this fixed as soon as we can.</p>\n\
        </body>\n</html>\n";
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        PAGE,
    )
        .into_response()
}

fn millis<S: serde::Serializer>(d: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_consumed_in_priority_order() {
        let faults = Faults::new(Duration::from_millis(5));
        faults.fail_next(2, 131056, None);
        faults.html_500_next(1);
        faults.reset_next(1);
        faults.lose_answer_next(1);
        faults.malformed_json_next(1);
        faults.never_answer_next(1);
        let kinds: Vec<Option<Fault>> = (0..8).map(|_| faults.take("GET /v1/x").1).collect();
        let error = Some(Fault::Error {
            code: 131056,
            subcode: None,
        });
        assert_eq!(
            kinds,
            [
                Some(Fault::Reset),
                Some(Fault::NeverAnswer),
                Some(Fault::LoseAnswer),
                Some(Fault::MalformedJson),
                Some(Fault::Html500),
                error,
                error,
                None
            ]
        );
        assert_eq!(faults.take("GET /v1/x").0, Duration::from_millis(5));
        faults.clear();
        assert_eq!(faults.snapshot(), FaultState::default());
    }

    #[test]
    fn a_path_filter_keeps_faults_for_the_calls_it_names() {
        let faults = Faults::new(Duration::from_millis(5));
        faults.reset_next(1);
        faults.only_path("upload:");
        assert_eq!(
            faults.take("POST /1234/uploads"),
            (Duration::from_millis(5), None)
        );
        assert_eq!(faults.take("POST /v26.0/upload:abc").1, Some(Fault::Reset));
        assert_eq!(faults.take("POST /v26.0/upload:abc").1, None, "used up");
        faults.only_path("GET /");
        faults.reset_next(1);
        assert_eq!(faults.take("POST /v26.0/upload:abc").1, None);
        assert_eq!(faults.take("GET /v26.0/upload:abc").1, Some(Fault::Reset));
        faults.only_path("");
        faults.reset_next(1);
        assert_eq!(faults.take("POST /1234/uploads").1, Some(Fault::Reset));
        faults.only_path("upload:");
        assert_eq!(
            serde_json::to_value(faults.snapshot()).unwrap()["onlyPath"],
            "upload:"
        );
        faults.clear();
        assert_eq!(faults.snapshot(), FaultState::default());
    }

    #[test]
    fn snapshot_serializes_camel_case() {
        let faults = Faults::new(Duration::from_millis(250));
        faults.fail_next(3, 190, Some(463));
        faults.html_500_next(2);
        let json = serde_json::to_value(faults.snapshot()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "latencyMs": 250,
                "failNext": {"count": 3, "code": 190, "subcode": 463},
                "html500Next": 2,
                "resetNext": 0,
            })
        );
        faults.malformed_json_next(4);
        faults.never_answer_next(5);
        let json = serde_json::to_value(faults.snapshot()).unwrap();
        assert_eq!(json["malformedJsonNext"], 4);
        assert_eq!(json["neverAnswerNext"], 5);
    }

    #[tokio::test]
    async fn an_answer_cut_short_claims_json_and_is_not_json() {
        let body = br#"{"messaging_product":"whatsapp","contacts":[{"input":"16505551234"}]}"#;
        let answer = cut_short(body);
        assert_eq!(answer.status(), StatusCode::OK);
        assert_eq!(
            answer.headers()[header::CONTENT_TYPE],
            "application/json; charset=UTF-8"
        );
        let sent = axum::body::to_bytes(answer.into_body(), usize::MAX)
            .await
            .unwrap();
        assert!(
            body.starts_with(&sent) && sent.len() < body.len(),
            "{sent:?}"
        );
        assert!(serde_json::from_slice::<serde_json::Value>(&sent).is_err());
        let empty = axum::body::to_bytes(cut_short(b"").into_body(), usize::MAX)
            .await
            .unwrap();
        assert!(serde_json::from_slice::<serde_json::Value>(&empty).is_err());
    }
}
