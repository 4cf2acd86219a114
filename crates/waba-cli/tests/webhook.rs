//! `waba webhook parse` as a script would use it: a body on standard input, events on standard
//! output, exit 1 for what is not a webhook body, and no console opened (no database, no keychain).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn parse(data_dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waba"))
        .env("WABA_DATA_DIR", data_dir)
        .env(
            "WABA_KEYCHAIN_SERVICE",
            format!("waba-console-test-webhook-{}", std::process::id()),
        )
        .args(["webhook", "parse"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn fixture(file: &str, case: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../waba-core/fixtures/pywa/updates")
        .join(file);
    let all: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    serde_json::to_vec(&all[case]).unwrap()
}

#[test]
fn prints_each_event_with_field_and_kind() {
    let dir = tempfile::tempdir().unwrap();

    let run = parse(dir.path(), &[], &fixture("message.json", "reply"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run.stdout.trim();
    assert!(
        line.starts_with("messages  message.text  from 972987654321 (Test Name)"),
        "{line}"
    );
    assert!(
        line.contains("\"replied text\"") && line.contains("replying to wamid.xyzxyz=="),
        "{line}"
    );

    let run = parse(
        dir.path(),
        &["--json"],
        &fixture("message_status.json", "failed"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let events: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(events.as_array().unwrap().len(), 1);
    assert_eq!(events[0]["field"], "messages");
    assert_eq!(events[0]["kind"], "status.failed");
    assert_eq!(events[0]["dedupeKey"], "status:wamid.xyzxyz:failed");
    assert_eq!(events[0]["status"]["errors"][0]["code"], 130472);
    assert_eq!(events[0]["value"]["statuses"][0]["id"], "wamid.xyzxyz");

    let run = parse(
        dir.path(),
        &["--json"],
        &fixture("template_status_update.json", "rejected"),
    );
    let events: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (events[0]["field"].as_str(), events[0]["kind"].as_str()),
        (
            Some("message_template_status_update"),
            Some("template.status")
        )
    );
    assert_eq!(events[0]["template"]["reason"], "INVALID_FORMAT");

    // Several updates: one line each.
    let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"statuses":[{"id":"w1","status":"sent"},{"id":"w1","status":"read"}]}},{"field":"brand_new","value":{}}]}]}"#;
    let run = parse(dir.path(), &[], body);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kinds: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(kinds, ["status.sent", "status.read", "unknown"]);

    // An envelope with no changes is read: no events.
    let run = parse(
        dir.path(),
        &["--json"],
        br#"{"object":"whatsapp_business_account","entry":[]}"#,
    );
    assert_eq!((run.code, run.stdout.trim()), (0, "[]"));

    // Pure: nothing was written to the data folder (no console.db), so no keychain either.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn what_is_not_a_webhook_body_exits_1_with_the_reason_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    for (body, says) in [
        (&b"not json"[..], "not JSON"),
        (b"[]", "not a webhook envelope"),
        (br#"{"object":"whatsapp_business_account"}"#, "no \"entry\""),
        (b"", "empty"),
        (b"{\"object\":\"\xE9\"}", "UTF-8"),
    ] {
        let run = parse(dir.path(), &[], body);
        assert_eq!(run.code, 1, "{body:?}: {}", run.stdout);
        assert!(run.stderr.contains(says), "{body:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);

        let run = parse(dir.path(), &["--json"], body);
        assert_eq!(run.code, 1);
        let json: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(json["error"]["code"], "invalidInput");
        assert!(json["error"]["message"].as_str().unwrap().contains(says));
    }
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let run = parse(dir.path(), &[], deep.as_bytes());
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("nested"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
