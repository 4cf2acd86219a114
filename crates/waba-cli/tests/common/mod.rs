//! What the CLI's test files share: the `waba` binary run as a script would run it (its own data
//! folder, a test keychain namespace per test process, `--json`), a standalone `waba sim`, a real
//! profile on it, and `waba webhook serve` waited for by the URL it prints (no fixed sleeps).
// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdout, Command, Output, Stdio};

use serde_json::Value;

pub struct Cli {
    pub dir: tempfile::TempDir,
}

impl Cli {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// `waba` on this data folder and keychain namespace, printing text.
    pub fn text_command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_waba"));
        cmd.env("WABA_DATA_DIR", self.dir.path())
            .env(
                "WABA_KEYCHAIN_SERVICE",
                format!("waba-console-test-cli-{}", std::process::id()),
            )
            .env_remove("WABA_VERIFY_TOKEN");
        cmd
    }

    /// [`Cli::text_command`] with `--json`.
    pub fn command(&self) -> Command {
        let mut cmd = self.text_command();
        cmd.arg("--json");
        cmd
    }

    /// Runs `waba <args>` with `stdin`; its exit code and its JSON output.
    pub fn run(&self, args: &[&str], stdin: &str) -> (i32, Value) {
        let mut command = self.command();
        command.args(args);
        let Output {
            status,
            stdout,
            stderr,
        } = output_with_stdin(command, stdin);
        let json = serde_json::from_slice(&stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: not JSON ({e}): {} / {}",
                String::from_utf8_lossy(&stdout),
                String::from_utf8_lossy(&stderr)
            )
        });
        (status.code().unwrap(), json)
    }

    /// Starts `waba webhook serve --port 0 <extra>` and waits for the URL it prints. Its standard
    /// output stays open (returned) so the child can print when it stops.
    pub fn serve(&self, extra: &[&str]) -> (Child, String, BufReader<ChildStdout>) {
        let mut child = self
            .command()
            .args(["webhook", "serve", "--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut line).unwrap();
        let info: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("serve printed {line:?}: {e}"));
        let url = info["url"].as_str().unwrap().to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with("/webhook"),
            "{url}"
        );
        (child, url, stdout)
    }
}

/// A standalone `waba sim` on a free port, and its base URL.
pub fn start_sim(scenario: &str) -> (Child, String) {
    let mut sim = Command::new(env!("CARGO_BIN_EXE_waba"))
        .args(["sim", "--scenario", scenario, "--port", "0", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(sim.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let base_url = serde_json::from_str::<Value>(&first_line).unwrap()["baseUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    (sim, base_url)
}

/// `waba profile add` for a real profile `name` on the sandbox's WABA and number at `base_url`.
pub fn profile_add_args<'a>(name: &'a str, base_url: &'a str) -> [&'a str; 12] {
    [
        "profile",
        "add",
        "--name",
        name,
        "--app-id",
        waba_sim::APP_ID,
        "--waba-id",
        waba_sim::WABA_ID,
        "--phone-number-id",
        waba_sim::PHONE_NUMBER_ID,
        "--base-url",
        base_url,
    ]
}

/// A real profile "Local" on the sandbox at `base_url`, made active, with the sandbox's token.
pub fn use_local_profile(cli: &Cli, base_url: &str) {
    assert_eq!(cli.run(&profile_add_args("Local", base_url), "").0, 0);
    cli.run(&["profile", "use", "Local"], "");
    assert_eq!(cli.run(&["token", "set"], waba_sim::SANDBOX_TOKEN).0, 0);
}

/// `GET /__sandbox` over a plain socket: the Graph requests the sandbox has answered so far
/// (control calls are not counted).
pub fn graph_requests(base_url: &str) -> u64 {
    let host = base_url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /__sandbox HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (_, body) = answer.split_once("\r\n\r\n").unwrap();
    let state: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    state["requests"]["total"].as_u64().unwrap()
}

/// Runs `command` with `stdin` written to it and its output captured.
pub fn output_with_stdin(mut command: Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}
