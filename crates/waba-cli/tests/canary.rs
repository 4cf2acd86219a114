//! No secret leaks from the terminal: a canary token and a canary app secret, made fresh for this
//! run and accepted by the sandbox like its own samples (`SandboxConfig::extra_tokens`,
//! `SandboxConfig::app_secret`), go through a whole scripted session of the real `waba` binary
//! (token set and check, checklist, doctor and its exports, numbers and a PIN, templates,
//! sends, the webhook receiver taking the sandbox's signed status webhooks, events, the business
//! profile, the audit log and its exports), in `--json` and in text. Then every captured output
//! and every file under the data and export folders (the SQLite database with its `-wal` and
//! `-shm`, any log, every export) is searched as raw bytes for each secret, its URL-encoded form
//! and its base64 (standard and URL-safe, at every alignment); a hit names the file or command.
//! Run under scripts/with-test-keychain.

use std::hash::{BuildHasher, Hasher};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use waba_sim::{Sandbox, SandboxConfig, Scenario, SecretString};

mod common;
use common::Cli;

const VERIFY_TOKEN: &str = "canary-session-verify-token";
const PIN: &str = "024680";
const READER: &str = "16505551234";

/// `n` random hex digits (std's per-process random hasher keys, no extra dependency).
fn random_hex(n: usize) -> String {
    let mut out = String::new();
    while out.len() < n {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_usize(out.len());
        out.push_str(&format!("{:016x}", hasher.finish()));
    }
    out.truncate(n);
    out
}

/// The secrets of this run: a token and an app secret the sandbox accepts, and a token it
/// refuses (the refusal path must not quote it either).
struct Canaries {
    token: String,
    refused_token: String,
    app_secret: String,
}

impl Canaries {
    fn new() -> Self {
        Self {
            token: format!("EAAWcanary{}", random_hex(32)),
            refused_token: format!("EAAWcanaryRefused{}", random_hex(24)),
            app_secret: random_hex(32),
        }
    }

    fn all(&self) -> [(&'static str, &str); 3] {
        [
            ("the canary token", &self.token),
            ("the refused canary token", &self.refused_token),
            ("the canary app secret", &self.app_secret),
        ]
    }
}

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64 of `bytes`' whole 3-byte groups (what follows the last group cannot change them).
fn base64_groups(bytes: &[u8], alphabet: &[u8; 64]) -> String {
    bytes
        .chunks_exact(3)
        .flat_map(|group| {
            let n = u32::from(group[0]) << 16 | u32::from(group[1]) << 8 | u32::from(group[2]);
            [18, 12, 6, 0].map(|shift| alphabet[(n >> shift & 63) as usize] as char)
        })
        .collect()
}

/// Every form a secret could be written in: as is, URL-encoded, and its base64 in either
/// alphabet at each of the three alignments it can have inside a longer encoded text (the
/// characters that also depend on the neighbouring bytes left out).
fn forms(secret: &str) -> Vec<(String, String)> {
    let mut forms = vec![("raw".to_owned(), secret.to_owned())];
    let encoded: String = secret
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    if encoded != secret {
        forms.push(("URL-encoded".to_owned(), encoded));
    }
    for (name, alphabet) in [("base64", STANDARD), ("URL-safe base64", URL_SAFE)] {
        for (offset, skip) in [(0, 0), (1, 2), (2, 3)] {
            let mut bytes = vec![0u8; offset];
            bytes.extend_from_slice(secret.as_bytes());
            let text = base64_groups(&bytes, alphabet);
            forms.push((
                format!("{name} at offset {offset}"),
                text[skip..].to_owned(),
            ));
        }
    }
    forms
}

/// Which secret, in which form, `haystack` contains.
fn leaks(canaries: &Canaries, haystack: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for (what, secret) in canaries.all() {
        for (form, needle) in forms(secret) {
            if haystack
                .windows(needle.len())
                .any(|window| window == needle.as_bytes())
            {
                found.push(format!("{what} ({form})"));
            }
        }
    }
    found
}

/// Everything the session printed, command by command.
#[derive(Default)]
struct Transcript {
    outputs: Vec<(String, Vec<u8>)>,
}

impl Transcript {
    fn record(&mut self, what: String, stdout: &[u8], stderr: &[u8]) {
        self.outputs
            .push((format!("{what} (standard output)"), stdout.to_vec()));
        self.outputs
            .push((format!("{what} (standard error)"), stderr.to_vec()));
    }
}

/// The session: the console's CLI with its folders, and what it printed.
struct Session {
    cli: Cli,
    exports: tempfile::TempDir,
    transcript: Transcript,
}

impl Session {
    /// Runs `waba [--json] <args>` with `stdin`; its exit code and standard output.
    fn run(&mut self, json: bool, args: &[&str], stdin: &str) -> (i32, String) {
        let mut command = if json {
            self.cli.command()
        } else {
            self.cli.text_command()
        };
        command.args(args);
        let output = common::output_with_stdin(command, stdin);
        let what = format!(
            "waba{} {}",
            if json { " --json" } else { "" },
            args.join(" ")
        );
        self.transcript.record(what, &output.stdout, &output.stderr);
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    }

    /// `waba --json <args>`, which must exit with one of `codes`; its JSON.
    fn json(&mut self, args: &[&str], stdin: &str, codes: &[i32]) -> Value {
        let (code, out) = self.run(true, args, stdin);
        assert!(codes.contains(&code), "{args:?} exited {code}: {out}");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
    }

    /// `waba <args>` in text, which must exit with one of `codes`.
    fn text(&mut self, args: &[&str], stdin: &str, codes: &[i32]) {
        let (code, out) = self.run(false, args, stdin);
        assert!(codes.contains(&code), "{args:?} exited {code}: {out}");
    }

    /// A read run both ways, in `--json` and in text; its JSON.
    fn both(&mut self, args: &[&str], codes: &[i32]) -> Value {
        self.text(args, "", codes);
        self.json(args, "", codes)
    }

    fn export_dir(&self) -> String {
        self.exports.path().display().to_string()
    }

    /// Reads `events list` until `done` holds; fails after 30 s.
    fn wait_for_events(&mut self, what: &str, done: impl Fn(&[Value]) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let list = self.json(&["events", "list", "--limit", "200"], "", &[0]);
            let events = list["events"].as_array().cloned().unwrap_or_default();
            if done(&events) {
                return;
            }
            assert!(Instant::now() < deadline, "{what} never arrived: {list}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// `waba webhook serve` on a free port with [`VERIFY_TOKEN`], its standard error written to
    /// `stderr`; the child, its URL and its standard output.
    fn serve(&self, stderr: &Path) -> (Child, String, BufReader<std::process::ChildStdout>) {
        let mut child = self
            .cli
            .command()
            .args([
                "webhook",
                "serve",
                "--port",
                "0",
                "--verify-token",
                VERIFY_TOKEN,
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(stderr).unwrap())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let info: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("serve printed {line:?}: {e}"));
        (child, info["url"].as_str().unwrap().to_owned(), stdout)
    }
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn the_finder_sees_each_form_of_a_secret_anywhere_in_a_text() {
    let canaries = Canaries::new();
    assert!(leaks(&canaries, b"nothing secret here").is_empty());
    let secret = canaries.app_secret.as_bytes();
    for offset in 0..3 {
        let mut text = b"xyz"[..offset].to_vec();
        text.extend_from_slice(secret);
        text.extend_from_slice(b"tail");
        for alphabet in [STANDARD, URL_SAFE] {
            let embedded = format!("Basic {}==", base64_groups(&text, alphabet));
            assert!(
                !leaks(&canaries, embedded.as_bytes()).is_empty(),
                "offset {offset}: {embedded}"
            );
        }
    }
    let query = format!("access_token=634974688087057%7C{}&x=1", canaries.app_secret);
    assert_eq!(
        leaks(&canaries, query.as_bytes()),
        ["the canary app secret (raw)"]
    );
    let refused = format!("{{\"token\":\"{}\"}}", canaries.refused_token);
    assert!(leaks(&canaries, refused.as_bytes())
        .iter()
        .any(|leak| leak.starts_with("the refused canary token")));
}

#[test]
fn a_canary_token_and_app_secret_appear_in_no_output_and_no_file() {
    let canaries = Canaries::new();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sandbox = runtime
        .block_on(Sandbox::start(
            SandboxConfig {
                scenario: Scenario::Healthy,
                extra_tokens: vec![SecretString::from(canaries.token.clone())],
                app_secret: SecretString::from(canaries.app_secret.clone()),
                ..SandboxConfig::default()
            },
            0,
        ))
        .unwrap();
    let base_url = sandbox.base_url();
    let mut session = Session {
        cli: Cli::new(),
        exports: tempfile::tempdir().unwrap(),
        transcript: Transcript::default(),
    };
    let receiver_log = tempfile::tempdir().unwrap();

    // A profile on the sandbox; the refused token first (it must not replace anything or be
    // quoted), then the canary, in text and in JSON.
    session.json(&common::profile_add_args("Canary", &base_url), "", &[0]);
    session.json(&["profile", "use", "Canary"], "", &[0]);
    session.text(&["token", "set"], &canaries.refused_token, &[1, 2]);
    let refused = session.json(&["token", "set"], &canaries.refused_token, &[1, 2]);
    assert_eq!(
        (&refused["stored"], &refused["rejection"]["details"]["code"]),
        (&Value::Bool(false), &Value::from(190)),
        "{refused}"
    );
    session.text(&["token", "set"], &format!("{}\n", canaries.token), &[0]);
    session.json(&["token", "set"], &format!("{}\n", canaries.token), &[0]);
    session.both(&["token", "check"], &[0]);
    session.both(&["checklist"], &[0, 1]);
    session.both(&["profile", "list"], &[0]);

    // The doctor, and its report exported both ways.
    session.both(&["doctor"], &[0, 1]);
    let out = session.export_dir();
    for format in ["md", "json"] {
        session.json(&["doctor", "--export", format, "--out", &out], "", &[0, 1]);
    }

    // The number (connected in `healthy`, whose app delivers the message fields): its PIN
    // changed, then its panel.
    session.both(&["numbers", "list"], &[0]);
    session.json(&["number", "set-pin"], &format!("{PIN}\n"), &[0]);
    session.both(&["number", "show"], &[0, 1]);
    session.both(
        &["number", "check-id", waba_sim::WABA_ID, "--as", "waba"],
        &[0, 1],
    );

    // Templates: the list synced, one created, shown and linted.
    session.both(&["templates", "list"], &[0]);
    let template = session.exports.path().join("canary_template.json");
    std::fs::write(&template, r#"{"name":"canary_pickup","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Hi {{1}}, your order {{2}} is ready for pickup at the front desk.","example":{"body_text":[["Maria","A-1042"]]}}]}"#).unwrap();
    let template = template.display().to_string();
    session.both(&["template", "lint", &template], &[0]);
    session.json(&["template", "create", &template], "", &[0]);
    session.both(&["template", "show", "canary_pickup"], &[0]);
    session.both(&["templates", "list", "--cached"], &[0]);

    // Webhooks: the canary app secret stored, the app's configuration read with the app access
    // token built from it, the receiver started and made the WABA's callback.
    session.json(
        &["app-secret", "set"],
        &format!("{}\n", canaries.app_secret),
        &[0],
    );
    session.both(&["webhook", "config"], &[0, 1]);
    let receiver_stderr = receiver_log.path().join("serve.stderr");
    let (receiver, url, mut receiver_stdout) = session.serve(&receiver_stderr);
    session.json(
        &[
            "subscribe",
            "--override-callback",
            &url,
            "--verify-token",
            VERIFY_TOKEN,
        ],
        "",
        &[0],
    );
    session.both(&["subscriptions"], &[0, 1]);
    session.both(&["webhook", "routing"], &[0, 1]);

    // Sends: an approved template to a reader (sent, delivered, read) and a text outside the
    // window (Meta fails it by webhook); each status is signed by the sandbox with the canary
    // app secret, so the receiver stores it only if it checks signatures with the stored one.
    session.json(
        &[
            "send",
            "template",
            "--to",
            READER,
            "--name",
            "hello_world",
            "--language",
            "en_US",
        ],
        "",
        &[0],
    );
    let outside_window = [
        "send",
        "text",
        "--to",
        READER,
        "--body",
        "Canary session",
        "--send-outside-window",
    ];
    session.text(&[&outside_window[..], &["--dry-run"]].concat(), "", &[0, 1]);
    session.json(&outside_window, "", &[0]);
    session.wait_for_events("the sandbox's signed status webhooks", |events| {
        let has = |kind: &str| events.iter().any(|e| e["kind"] == kind);
        has("status.read") && has("status.failed")
    });
    session.both(&["events", "list"], &[0]);
    session.both(&["messages", "list"], &[0]);
    session.both(&["business-profile", "show"], &[0, 1]);
    session.both(&["display-name", "show"], &[0, 1]);
    session.both(&["automation", "show"], &[0, 1]);

    // The receiver stops cleanly and prints its final answer.
    let term = Command::new("kill")
        .args(["-TERM", &receiver.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let mut receiver = receiver;
    assert!(receiver.wait().unwrap().success(), "exit 0 after SIGTERM");
    let mut rest = Vec::new();
    receiver_stdout.read_to_end(&mut rest).unwrap();
    let serve_stderr = std::fs::read(&receiver_stderr).unwrap();
    session
        .transcript
        .record("waba --json webhook serve".into(), &rest, &serve_stderr);

    // The audit log, verified and exported both ways.
    session.both(&["audit", "list", "--limit", "500"], &[0]);
    session.both(&["audit", "verify"], &[0]);
    for format in ["csv", "json"] {
        session.json(
            &["audit", "export", "--format", format, "--out", &out],
            "",
            &[0],
        );
    }
    session.both(&["diagnose", "190"], &[0, 1]);

    runtime.block_on(sandbox.shutdown());

    // The session really ran with the canaries: the sandbox took the token (the number is
    // read, the sends were accepted) and the receiver verified the sandbox's signatures.
    let exported = files_under(session.exports.path());
    assert!(
        exported.len() >= 5,
        "the exports were written: {exported:?}"
    );
    let mut searched = Vec::new();
    for file in files_under(session.cli.dir.path())
        .into_iter()
        .chain(exported)
    {
        searched.push((file.display().to_string(), std::fs::read(&file).unwrap()));
    }
    assert!(
        searched
            .iter()
            .any(|(name, _)| name.ends_with("console.db")),
        "the database is searched: {:?}",
        searched.iter().map(|(name, _)| name).collect::<Vec<_>>()
    );
    searched.append(&mut session.transcript.outputs);
    let found: Vec<String> = searched
        .iter()
        .flat_map(|(name, bytes)| {
            leaks(&canaries, bytes)
                .into_iter()
                .map(move |leak| format!("{leak} in {name}"))
        })
        .collect();
    assert!(found.is_empty(), "secrets leaked:\n{}", found.join("\n"));
    session.json(&["token", "clear"], "", &[0]);
    session.json(&["app-secret", "clear"], "", &[0]);
}
