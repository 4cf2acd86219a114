//! Fuzzes the reader of Graph's HTTP answers (`waba_graph::parse_answer`) and what the window is
//! then shown (`CommandError::from(GraphError)`, which looks the code up in the catalogue). The
//! input is `<HTTP status>\n<body>`; a first line that is not a status makes the whole input a
//! body answered with HTTP 400. It must never panic; an answer outside 2xx is never a success, a
//! 2xx JSON answer without `error` always is, and an error envelope keeps the status and the
//! body as received.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use waba_core::{CommandError, ErrorCode};
use waba_graph::{parse_answer, GraphError};

const URL: &str = "https://graph.facebook.com/v23.0/106540352242922/messages";

/// The input's HTTP status and body.
fn split(data: &[u8]) -> (u16, &[u8]) {
    if let Some(end) = data.iter().position(|&b| b == b'\n') {
        let first_line = std::str::from_utf8(&data[..end]).ok();
        if let Some(status) = first_line.and_then(|line| line.trim().parse().ok()) {
            return (status, &data[end + 1..]);
        }
    }
    (400, data)
}

fuzz_target!(|data: &[u8]| {
    let (status, body) = split(data);
    let answer = parse_answer::<Value>(URL, status, None, None, body);
    let success = (200..300).contains(&status);
    if !success {
        assert!(
            answer.is_err(),
            "HTTP {status} read as a success: {answer:?}"
        );
    }
    let plain_json = serde_json::from_slice::<Value>(body).is_ok_and(|v| v.get("error").is_none());
    if success && plain_json {
        assert!(answer.is_ok(), "a 2xx JSON answer refused: {answer:?}");
    }
    let Err(error) = answer else {
        return;
    };
    let from_meta = matches!(error, GraphError::Api(_));
    match &error {
        GraphError::Api(details) => {
            assert_eq!(details.http_status, status);
            assert_eq!(details.raw, String::from_utf8_lossy(body));
        }
        GraphError::NotJson { snippet, .. } => assert!(snippet.chars().count() <= 300),
        _ => {}
    }
    let shown = CommandError::from(error);
    if from_meta {
        assert_eq!(shown.code, ErrorCode::Graph);
        assert!(
            shown.action.as_deref().is_some_and(|a| !a.is_empty()),
            "a Graph error with no next step: {shown:?}"
        );
    }
    serde_json::to_string(&shown).expect("every CommandError crosses IPC as JSON");
});
