//! `waba subscribe|unsubscribe|subscriptions` and `waba webhook config` as a script would use
//! them (run under scripts/with-test-keychain), against a standalone `waba sim` (its world lives
//! across the CLI's processes). The callback Meta's GET challenge verifies is `waba webhook
//! serve`, the console's own receiver.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

const VERIFY_TOKEN: &str = "cli-verify-token-42";

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_waba"));
        cmd.env("WABA_DATA_DIR", self.dir.path())
            .env(
                "WABA_KEYCHAIN_SERVICE",
                format!("waba-console-test-subscriptions-{}", std::process::id()),
            )
            .env_remove("WABA_VERIFY_TOKEN")
            .arg("--json");
        cmd
    }

    fn run(&self, args: &[&str], stdin: &str) -> (i32, Value) {
        let mut child = self
            .command()
            .args(args)
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
        let out = child.wait_with_output().unwrap();
        let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: not JSON ({e}): {} / {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().unwrap(), json)
    }

    /// `waba webhook serve` on a free port; its URL.
    fn serve(&self) -> (Child, String) {
        let mut child = self
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
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let info: Value = serde_json::from_str(&line).unwrap();
        (child, info["url"].as_str().unwrap().to_owned())
    }
}

/// A standalone `waba sim` on a free port, and its base URL.
fn start_sim(scenario: &str) -> (Child, String) {
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

fn use_local_profile(cli: &Cli, base_url: &str) {
    let add = [
        "profile",
        "add",
        "--name",
        "Local",
        "--app-id",
        waba_sim::APP_ID,
        "--waba-id",
        waba_sim::WABA_ID,
        "--phone-number-id",
        waba_sim::PHONE_NUMBER_ID,
        "--base-url",
        base_url,
    ];
    assert_eq!(cli.run(&add, "").0, 0);
    cli.run(&["profile", "use", "Local"], "");
    assert_eq!(cli.run(&["token", "set"], waba_sim::SANDBOX_TOKEN).0, 0);
}

#[test]
fn subscribe_configure_the_app_webhook_and_unsubscribe_from_the_terminal() {
    let cli = Cli {
        dir: tempfile::tempdir().unwrap(),
    };
    let (mut sim, base_url) = start_sim("fresh");
    use_local_profile(&cli, &base_url);

    let (code, overview) = cli.run(&["subscriptions"], "");
    assert_eq!(code, 1, "not subscribed is a failed check: {overview}");
    assert_eq!(overview["waba"]["subscribed"], false);
    assert_eq!(overview["appSecretStored"], false);

    let (code, subscribed) = cli.run(&["subscribe"], "");
    assert_eq!(code, 0, "{subscribed}");
    assert_eq!(subscribed["subscribed"], true);
    assert_eq!(subscribed["apps"][0]["appId"], waba_sim::APP_ID);

    // The app's side needs the app secret.
    let (code, err) = cli.run(&["webhook", "config"], "");
    assert_eq!((code, err["error"]["code"].as_str()), (2, Some("notFound")));
    assert_eq!(
        cli.run(&["app-secret", "set"], waba_sim::SANDBOX_APP_SECRET)
            .0,
        0
    );
    let (code, config) = cli.run(&["webhook", "config"], "");
    assert_eq!(code, 1, "no callback and no messages field: {config}");
    assert_eq!(config["callbackUrl"], Value::Null);
    assert_eq!(config["warnings"].as_array().unwrap().len(), 2);

    // The receiver answers Meta's verification GET; a wrong verify token is Meta's 2200.
    let (mut receiver, url) = cli.serve();
    let (code, err) = cli.run(
        &[
            "webhook",
            "config",
            "--callback",
            &url,
            "--verify-token",
            "wrong",
            "--field",
            "messages",
        ],
        "",
    );
    assert_eq!(
        (code, err["error"]["details"]["code"].as_i64()),
        (2, Some(2200)),
        "{err}"
    );
    let (code, set) = cli.run(
        &[
            "webhook",
            "config",
            "--callback",
            &url,
            "--verify-token",
            VERIFY_TOKEN,
            "--field",
            "messages",
            "--field",
            "account_update",
        ],
        "",
    );
    assert_eq!(code, 0, "{set}");
    assert_eq!(set["callbackUrl"], url.as_str());
    assert_eq!(set["warnings"], serde_json::json!([]));

    let (code, overrode) = cli.run(
        &[
            "subscribe",
            "--override-callback",
            &url,
            "--verify-token",
            VERIFY_TOKEN,
        ],
        "",
    );
    assert_eq!(code, 0, "{overrode}");
    assert_eq!(overrode["apps"][0]["overrideCallbackUri"], url.as_str());
    receiver.kill().unwrap();
    receiver.wait().unwrap();

    let (code, overview) = cli.run(&["subscriptions"], "");
    assert_eq!(code, 0, "{overview}");
    assert_eq!(overview["app"]["fields"][0]["name"], "messages");

    let (code, gone) = cli.run(&["unsubscribe"], "");
    assert_eq!((code, gone["subscribed"].as_bool()), (0, Some(false)));

    let (_, log) = cli.run(&["audit", "list"], "");
    let text = log.to_string();
    assert!(!text.contains(VERIFY_TOKEN) && !text.contains(waba_sim::SANDBOX_APP_SECRET));
    for action in ["subscribed", "unsubscribed", "appSubscriptionSet"] {
        assert!(text.contains(&format!("\"{action}\"")), "{action}: {text}");
    }
    sim.kill().unwrap();
    sim.wait().unwrap();
}
