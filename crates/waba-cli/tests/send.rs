//! `waba send`, `waba messages list` and `waba burst` as a script would use them (run under
//! scripts/with-test-keychain), against a standalone `waba sim` whose request count tells
//! whether anything reached "Meta": blocked sends and dry runs must leave it unchanged.

use std::io::{Read, Write};
use std::process::{Child, Stdio};

use serde_json::Value;
use waba_core::send::window::KEY_RULE;

mod common;
use common::{graph_requests, start_sim, use_local_profile, Cli};

const TO: &str = "16505551234";

/// A CLI with the "Local" profile on a fresh `healthy` sandbox, and the sandbox.
fn on_sandbox() -> (Cli, Child, String) {
    let cli = Cli::new();
    let (sim, base_url) = start_sim("healthy");
    use_local_profile(&cli, &base_url);
    (cli, sim, base_url)
}

fn stop(mut sim: Child) {
    sim.kill().unwrap();
    sim.wait().unwrap();
}

/// `waba <args>` without `--json`: its exit code and standard output, as a person reads it.
fn run_text(cli: &Cli, args: &[&str]) -> (i32, String) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_waba"));
    command
        .env("WABA_DATA_DIR", cli.dir.path())
        .env(
            "WABA_KEYCHAIN_SERVICE",
            format!("waba-console-test-cli-{}", std::process::id()),
        )
        .args(args)
        .stdin(Stdio::null());
    let output = command.output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn rules(preview: &Value) -> Vec<(String, String)> {
    preview["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings: {preview}"))
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn free_text_to_someone_who_never_wrote_is_blocked_with_the_key_rule() {
    let (cli, sim, base_url) = on_sandbox();
    let before = graph_requests(&base_url);

    let (code, preview) = cli.run(&["send", "text", "--to", TO, "--body", "Hi"], "");
    assert_eq!(code, 1, "a blocking finding exits 1: {preview}");
    assert_eq!(preview["sent"], false);
    assert_eq!(preview["blocked"], true);
    assert_eq!(preview["window"]["state"], "neverWrote");
    assert_eq!(rules(&preview), [("never-wrote".to_owned(), String::new())]);
    assert_eq!(preview["keyRule"], KEY_RULE);

    let (code, text) = run_text(&cli, &["send", "text", "--to", TO, "--body", "Hi"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains(KEY_RULE), "{text}");
    assert!(
        text.contains("Window: this recipient never wrote"),
        "{text}"
    );
    assert!(text.contains("nothing was sent"), "{text}");

    assert_eq!(graph_requests(&base_url), before, "nothing reached Meta");
    let (_, log) = cli.run(&["messages", "list"], "");
    assert_eq!(log["total"], 0, "{log}");
    stop(sim);
}

#[test]
fn a_dry_run_prints_the_request_and_its_curl_and_sends_nothing() {
    let (cli, sim, base_url) = on_sandbox();
    let before = graph_requests(&base_url);
    let args = [
        "send",
        "template",
        "--to",
        "+1 650 555 1234",
        "--name",
        "hello_world",
        "--language",
        "en_US",
        "--dry-run",
    ];
    let (code, preview) = cli.run(&args, "");
    assert_eq!(code, 0, "nothing blocks it: {preview}");
    assert_eq!(
        (preview["sent"].as_bool(), preview["dryRun"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(preview["recipient"]["e164"], TO);
    assert_eq!(preview["recipient"]["region"], "US");
    let request = &preview["request"];
    let curl = request["curl"].as_str().unwrap();
    assert!(curl.contains("$WA_TOKEN"), "{curl}");
    assert!(!curl.contains(waba_sim::SANDBOX_TOKEN), "{curl}");
    assert!(
        curl.contains(&format!("{}/messages", waba_sim::PHONE_NUMBER_ID)),
        "{curl}"
    );
    assert!(curl.contains(r#""to":"16505551234""#), "{curl}");
    assert!(curl.contains(r#""name":"hello_world""#), "{curl}");

    // A file is checked, not uploaded: the request shows where the media ID will stand.
    let file = cli.dir.path().join("photo.png");
    std::fs::write(&file, b"\x89PNG\r\n\x1a\n").unwrap();
    let (code, preview) = cli.run(
        &[
            "send",
            "image",
            "--to",
            TO,
            "--file",
            file.to_str().unwrap(),
            "--caption",
            "Hello",
            "--send-outside-window",
            "--dry-run",
        ],
        "",
    );
    assert_eq!(code, 0, "the window was overridden knowingly: {preview}");
    assert_eq!(preview["upload"]["sizeBytes"], 8);
    assert_eq!(preview["upload"]["mediaId"], "<media id after upload>");
    assert!(preview["request"]["curl"]
        .as_str()
        .unwrap()
        .contains(r#""id":"<media id after upload>""#));
    assert_eq!(preview["findings"][0]["severity"], "warning");

    let (code, text) = run_text(&cli, &args);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("curl -X POST"), "{text}");
    assert!(
        text.contains("\"messaging_product\": \"whatsapp\""),
        "{text}"
    );
    assert!(text.contains("Dry run: nothing was sent."), "{text}");

    assert_eq!(graph_requests(&base_url), before, "a dry run calls nothing");
    let (_, log) = cli.run(&["messages", "list"], "");
    assert_eq!(log["total"], 0, "{log}");
    stop(sim);
}

#[test]
fn sends_are_accepted_logged_and_listed() {
    let (cli, sim, base_url) = on_sandbox();
    let (code, sent) = cli.run(
        &[
            "send",
            "template",
            "--to",
            TO,
            "--name",
            "hello_world",
            "--language",
            "en_US",
        ],
        "",
    );
    assert_eq!(code, 0, "{sent}");
    assert_eq!(sent["sent"], true);
    let message = &sent["message"];
    assert_eq!(message["status"], "accepted");
    assert_eq!(message["kind"], "template");
    assert_eq!(message["recipient"], TO);
    let wamid = message["wamid"].as_str().unwrap().to_owned();
    assert!(wamid.starts_with("wamid."), "{wamid}");
    assert_eq!(sent["window"]["state"], "neverWrote");
    assert_eq!(sent["tracking"]["receiverRunning"], false);

    // A document from a file is uploaded first, then sent by the ID the upload answered.
    let before = graph_requests(&base_url);
    let file = cli.dir.path().join("invoice.pdf");
    std::fs::write(&file, b"%PDF-1.4 a test invoice").unwrap();
    let (code, document) = cli.run(
        &[
            "send",
            "document",
            "--to",
            TO,
            "--file",
            file.to_str().unwrap(),
            "--send-outside-window",
        ],
        "",
    );
    assert_eq!(code, 0, "{document}");
    assert_eq!(
        graph_requests(&base_url),
        before + 2,
        "the upload and the send"
    );
    let media_id = document["upload"]["mediaId"].as_str().unwrap();
    assert_eq!(document["upload"]["contentType"], "application/pdf");
    assert_eq!(
        document["message"]["summary"],
        format!("document invoice.pdf (media {media_id})")
    );
    assert_eq!(document["warnings"][0]["rule"], "never-wrote");

    let (code, log) = cli.run(&["messages", "list"], "");
    assert_eq!(code, 0, "{log}");
    assert_eq!(log["total"], 2);
    assert_eq!(log["messages"][0]["kind"], "document", "newest first");
    assert_eq!(log["messages"][1]["wamid"], wamid.as_str());

    let (_, templates) = cli.run(&["messages", "list", "--type", "template"], "");
    assert_eq!(templates["total"], 1);
    let (_, none) = cli.run(&["messages", "list", "--status", "refused"], "");
    assert_eq!(none["total"], 0);
    // Meta refuses a template it does not have: exit 2 with its error, and the log keeps it.
    let (code, err) = cli.run(
        &[
            "send",
            "template",
            "--to",
            TO,
            "--name",
            "no_such_template",
            "--language",
            "en_US",
        ],
        "",
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(err["error"]["details"]["code"], 132001, "{err}");
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .contains("in the log as refused"));
    let (_, refused) = cli.run(&["messages", "list", "--status", "refused"], "");
    assert_eq!(refused["total"], 1, "{refused}");
    assert_eq!(refused["messages"][0]["error"]["code"], 132001);

    let (_, found) = cli.run(&["messages", "list", "--search", "invoice"], "");
    assert_eq!(found["messages"][0]["kind"], "document");
    stop(sim);
}

#[test]
fn bad_input_is_blocked_before_sending_with_the_reason() {
    let (cli, sim, base_url) = on_sandbox();
    let before = graph_requests(&base_url);

    let long = "x".repeat(4_097);
    let (code, preview) = cli.run(
        &[
            "send",
            "text",
            "--to",
            TO,
            "--body",
            &long,
            "--send-outside-window",
        ],
        "",
    );
    assert_eq!(code, 1, "{preview}");
    assert_eq!(
        rules(&preview),
        [("too-long".to_owned(), "/body".to_owned())]
    );

    let (code, preview) = cli.run(
        &[
            "send",
            "template",
            "--to",
            "123",
            "--name",
            "hello_world",
            "--language",
            "en_US",
        ],
        "",
    );
    assert_eq!(code, 1, "{preview}");
    assert_eq!(preview["recipient"], Value::Null);
    assert_eq!(preview["recipientError"]["field"], "to");
    let reason = preview["recipientError"]["message"].as_str().unwrap();
    assert!(reason.contains("not a valid phone number"), "{reason}");
    let (code, text) = run_text(
        &cli,
        &[
            "send",
            "template",
            "--to",
            "123",
            "--name",
            "hello_world",
            "--language",
            "en_US",
        ],
    );
    assert_eq!(code, 1);
    assert!(text.contains(reason), "{text}");

    let title = "A".repeat(21);
    let (code, preview) = cli.run(
        &[
            "send",
            "buttons",
            "--to",
            TO,
            "--body",
            "Pick one",
            "--button",
            &format!("yes={title}"),
            "--button",
            "no=No",
            "--send-outside-window",
        ],
        "",
    );
    assert_eq!(code, 1, "{preview}");
    assert_eq!(
        rules(&preview),
        [("too-long".to_owned(), "/buttons/0/title".to_owned())]
    );

    // A file Meta would refuse is refused before the upload: a GIF is no image for WhatsApp.
    let gif = cli.dir.path().join("party.gif");
    std::fs::write(&gif, b"GIF89a").unwrap();
    let (code, refused) = cli.run(
        &[
            "send",
            "image",
            "--to",
            TO,
            "--file",
            gif.to_str().unwrap(),
            "--send-outside-window",
        ],
        "",
    );
    assert_eq!(code, 1, "{refused}");
    assert_eq!(refused["sent"], false);
    assert_eq!(refused["error"]["code"], "sendBlocked");
    assert_eq!(
        refused["error"]["details"]["findings"][0]["rule"],
        "content-type"
    );

    // Not a check but a malformed flag: the command cannot be carried out.
    let (code, _) = run_text(
        &cli,
        &[
            "send",
            "buttons",
            "--to",
            TO,
            "--body",
            "B",
            "--button",
            "no-equals",
        ],
    );
    assert_eq!(code, 2);

    assert_eq!(graph_requests(&base_url), before, "nothing was sent");
    let (_, log) = cli.run(&["messages", "list"], "");
    assert_eq!(log["total"], 0);
    stop(sim);
}

#[test]
fn a_burst_prints_its_figures_and_logs_every_send() {
    let (cli, sim, _) = on_sandbox();
    // A burst sends a synced template only.
    let (code, _) = cli.run(&["templates", "list"], "");
    assert_eq!(code, 0);
    let (code, burst) = cli.run(
        &[
            "burst",
            "--template",
            "hello_world",
            "--language",
            "en_US",
            "--count",
            "5",
            "--to",
            TO,
            "--to",
            "16505551235",
            "--yes",
        ],
        "",
    );
    assert_eq!(code, 0, "{burst}");
    assert_eq!(burst["sent"], 5);
    assert_eq!(burst["accepted"], 5);
    assert_eq!(burst["state"], "done");
    assert_eq!(burst["allowedPerSecond"], 80);
    assert!(burst["seconds"].as_f64().unwrap() > 0.0, "{burst}");
    assert!(
        burst["achievedPerSecond"].as_f64().unwrap() > 0.0,
        "{burst}"
    );
    assert!(burst["throttled"].is_u64(), "{burst}");

    let (_, log) = cli.run(&["messages", "list", "--recipient", "+1 650 555 1235"], "");
    assert!(
        log["total"].as_u64().unwrap() >= 2,
        "spread over both: {log}"
    );
    let (_, log) = cli.run(&["messages", "list"], "");
    assert_eq!(log["total"], 5);

    // The pace is the console's own, and changes what the next burst is held to.
    let (code, limits) = cli.run(&["send", "limits", "--set-mps", "20"], "");
    assert_eq!((code, limits["messagesPerSecond"].as_u64()), (0, Some(20)));
    let (_, limits) = cli.run(&["send", "limits"], "");
    assert_eq!(limits["messagesPerSecond"], 20);
    assert_eq!(limits["pairIntervalSeconds"], 6);
    let (code, err) = cli.run(&["send", "limits", "--set-mps", "0"], "");
    assert_eq!(
        (code, err["error"]["code"].as_str()),
        (2, Some("invalidInput"))
    );
    stop(sim);
}

/// POSTs `body`, signed with `app_secret`, to the receiver at `url`; the HTTP status.
fn post_signed(url: &str, app_secret: &str, body: &str) -> u16 {
    use waba_core::webhook::{sign, SIGNATURE_HEADER};
    let signature = sign(
        &waba_core::secret::secret(app_secret.into()),
        body.as_bytes(),
    );
    let rest = url.strip_prefix("http://").unwrap();
    let (addr, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n{SIGNATURE_HEADER}: {signature}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not HTTP: {answer}"))
}

#[test]
fn free_text_goes_out_once_the_recipient_wrote() {
    let (cli, sim, _) = on_sandbox();
    let secret = waba_sim::SANDBOX_APP_SECRET;
    assert_eq!(cli.run(&["app-secret", "set"], secret).0, 0);
    // The customer writes now: the receiver stores it, which opens the 24-hour window.
    let (mut receiver, url, _stdout) = cli.serve(&[]);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let inbound = format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"{waba}","changes":[{{"field":"messages","value":{{"messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550783881","phone_number_id":"{number}"}},"contacts":[{{"profile":{{"name":"Renee"}},"wa_id":"{TO}"}}],"messages":[{{"from":"{TO}","id":"wamid.INBOUND1","timestamp":"{now}","type":"text","text":{{"body":"hi there"}}}}]}}}}]}}]}}"#,
        waba = waba_sim::WABA_ID,
        number = waba_sim::PHONE_NUMBER_ID,
    );
    assert_eq!(post_signed(&url, secret, &inbound), 200);
    receiver.kill().unwrap();
    receiver.wait().unwrap();

    let (code, sent) = cli.run(&["send", "text", "--to", TO, "--body", "Thanks!"], "");
    assert_eq!(code, 0, "{sent}");
    assert_eq!(sent["window"]["state"], "open", "{sent}");
    assert!(sent["window"]["minutesLeft"].as_u64().unwrap() > 23 * 60);
    assert_eq!(sent["warnings"], serde_json::json!([]));
    assert_eq!(sent["message"]["status"], "accepted");
    assert_eq!(sent["message"]["kind"], "text");

    let (code, text) = run_text(
        &cli,
        &["send", "text", "--to", TO, "--body", "Again", "--dry-run"],
    );
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Window: open until"), "{text}");
    stop(sim);
}
