//! `waba app-secret`, `waba webhook serve` and `waba events list` as a script would use them (run
//! under scripts/with-test-keychain). The receiver is a child process; the test POSTs a signed
//! body, and on the 200 kills the child with SIGKILL at once: the event is in the database, since
//! the receiver commits before it answers.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::Command;

use serde_json::Value;

mod common;
use common::Cli;
use waba_core::secret::secret;
use waba_core::webhook::{sign, SIGNATURE_HEADER};

const APP_SECRET: &str = "0123456789abcdef0123456789abcdef";

const BODY: &str = r#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Ren\u00e9e"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.KILL1","timestamp":"1739321024","type":"text","text":{"body":"still here after kill -9"}}]}}]}]}"#;

/// One HTTP/1.1 request over a plain socket; returns the status code as soon as the status line
/// arrives.
fn request(url: &str, head: &str, body: &[u8]) -> u16 {
    let rest = url.strip_prefix("http://").unwrap();
    let (addr, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = TcpStream::connect(addr).unwrap();
    let (method, path) = match head.strip_prefix("GET ") {
        Some(query) => ("GET", format!("{path}?{query}")),
        None => ("POST", path.to_owned()),
    };
    let headers = if method == "POST" { head } else { "" };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(body).unwrap();
    let mut status_line = String::new();
    BufReader::new(stream.try_clone().unwrap())
        .read_line(&mut status_line)
        .unwrap();
    status_line
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {status_line:?}"))
}

fn post_signed(url: &str, body: &str) -> u16 {
    let signature = sign(&secret(APP_SECRET.into()), body.as_bytes());
    request(
        url,
        &format!("Content-Type: application/json\r\n{SIGNATURE_HEADER}: {signature}\r\n"),
        body.as_bytes(),
    )
}

#[test]
fn an_event_acknowledged_just_before_sigkill_is_in_the_database() {
    let cli = Cli::new();
    // No app secret yet: the receiver refuses to start and says how to fix it.
    let (code, refused) = cli.run(&["webhook", "serve", "--port", "0"], "");
    assert_eq!(code, 2, "{refused}");
    assert_eq!(refused["error"]["code"], "notFound");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("No app secret"),
        "{refused}"
    );
    assert!(refused["error"]["action"]
        .as_str()
        .unwrap()
        .contains("waba app-secret set"));

    let (code, empty) = cli.run(&["app-secret", "set"], "  \n");
    assert_eq!(code, 2, "an empty secret is refused: {empty}");
    let (code, stored) = cli.run(&["app-secret", "set"], &format!("{APP_SECRET}\n"));
    assert_eq!(
        (code, &stored["stored"]),
        (0, &Value::Bool(true)),
        "{stored}"
    );

    let (mut child, url, _stdout) = cli.serve(&["--verify-token", "vt-123"]);
    let challenge = request(
        &url,
        "GET hub.mode=subscribe&hub.verify_token=vt-123&hub.challenge=42",
        b"",
    );
    assert_eq!(challenge, 200);
    let unsigned = request(&url, "Content-Type: application/json\r\n", BODY.as_bytes());
    assert_eq!(unsigned, 401);
    assert_eq!(post_signed(&url, BODY), 200);
    // Killed the moment the 200 arrived: no shutdown, no flush, no chance to finish anything.
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success());

    let (code, list) = cli.run(&["events", "list"], "");
    assert_eq!(code, 0, "{list}");
    assert_eq!(list["total"], 1, "{list}");
    let event = &list["events"][0];
    assert_eq!(event["kind"], "message.text");
    assert_eq!(event["field"], "messages");
    assert_eq!(
        event["event"]["message"]["text"],
        "still here after kill -9"
    );

    // Meta retries to a restarted receiver: acknowledged, stored once.
    let (mut child, url, mut stdout) = cli.serve(&[]);
    assert_eq!(post_signed(&url, BODY), 200);
    assert_eq!(
        request(
            &url,
            "GET hub.mode=subscribe&hub.verify_token=&hub.challenge=42",
            b""
        ),
        403,
        "no --verify-token: verification is refused"
    );
    // SIGTERM stops it cleanly.
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    assert!(child.wait().unwrap().success(), "exit 0 after SIGTERM");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    assert!(
        rest.contains("/webhook"),
        "the final answer names the URL: {rest}"
    );
    let (_, list) = cli.run(&["events", "list", "--limit", "5"], "");
    assert_eq!(list["total"], 1, "{list}");

    let (code, cleared) = cli.run(&["app-secret", "clear"], "");
    assert_eq!((code, &cleared["removed"]), (0, &Value::Bool(true)));
    let (code, _) = cli.run(&["webhook", "serve", "--port", "0"], "");
    assert_eq!(code, 2);
}
