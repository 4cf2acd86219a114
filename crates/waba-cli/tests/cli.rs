//! The `waba` binary as a script would use it: its own data folder, a test keychain namespace
//! (run under scripts/with-test-keychain), `--json` output and exit codes.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_json::Value;

mod common;
use common::{start_sim, use_local_profile, Cli};

#[test]
fn first_run_has_the_sandbox_and_its_token_checks_pass() {
    let cli = Cli::new();
    let (code, list) = cli.run(&["profile", "list"], "");
    assert_eq!(code, 0);
    assert_eq!(list["profiles"][0]["name"], "Sandbox");
    assert_eq!(list["profiles"][0]["kind"], "sandbox");
    assert_eq!(
        list["profiles"][0]["apiVersion"], "v27.0",
        "the newest version"
    );

    let (code, report) = cli.run(&["profile", "scenario", "healthy"], "");
    assert_eq!((code, report["scenario"].as_str()), (0, Some("healthy")));

    let (code, report) = cli.run(&["token", "set"], &format!("{}\n", waba_sim::SANDBOX_TOKEN));
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["valid"], true);
    assert_eq!(report["tokenType"], "systemUser");
    assert_eq!(report["neverExpires"], true);

    let (code, list) = cli.run(&["checklist"], "");
    assert_eq!((code, list["passed"].as_u64()), (0, Some(13)));

    let (code, _) = cli.run(&["profile", "scenario", "expired-token"], "");
    assert_eq!(code, 0);
    let (code, report) = cli.run(&["token", "check"], "");
    assert_eq!(code, 1, "a failed check exits 1");
    assert_eq!(report["findings"][0]["title"], "The token has expired.");

    let (code, cleared) = cli.run(&["token", "clear"], "");
    assert_eq!((code, cleared["removed"].as_bool()), (0, Some(true)));
    let (code, err) = cli.run(&["token", "check"], "");
    assert_eq!((code, err["error"]["code"].as_str()), (2, Some("noToken")));
}

#[test]
fn bad_input_gets_field_messages_and_exit_2() {
    let cli = Cli::new();
    let (code, err) = cli.run(&["token", "set"], "   \n");
    assert_eq!(code, 2);
    assert_eq!(err["error"]["code"], "invalidInput");
    assert_eq!(err["error"]["details"]["fields"][0]["field"], "token");

    let args = [
        "profile",
        "add",
        "--name",
        "Acme",
        "--app-id",
        "634974688087057",
        "--waba-id",
        "+1 415 555 0100",
        "--phone-number-id",
        "abc",
    ];
    let (code, err) = cli.run(&args, "");
    assert_eq!(code, 2);
    let fields: Vec<_> = err["error"]["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["wabaId", "phoneNumberId"]);
    assert!(err["error"]["details"]["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains("looks like a phone number"));

    let (code, err) = cli.run(&["profile", "remove", "Sandbox"], "");
    assert_eq!(
        (code, err["error"]["code"].as_str()),
        (2, Some("invalidInput"))
    );
}

#[test]
fn waba_sim_serves_a_real_profile_through_the_same_client() {
    let cli = Cli::new();
    let mut sim = Command::new(env!("CARGO_BIN_EXE_waba"))
        .args(["sim", "--scenario", "healthy", "--port", "0", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(sim.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let info: Value = serde_json::from_str(&first_line).unwrap();
    let base_url = info["baseUrl"].as_str().unwrap().to_owned();
    assert!(base_url.starts_with("http://127.0.0.1:"));

    let add = common::profile_add_args("Local", &base_url);
    let (code, profile) = cli.run(&add, "");
    assert_eq!(code, 0, "{profile}");
    assert_eq!(profile["baseUrl"], base_url);
    assert_eq!(
        profile["apiVersion"], "v27.0",
        "no --api-version: the newest"
    );
    let (code, report) = cli.run(
        &["token", "set", "--profile", "local"],
        waba_sim::SANDBOX_TOKEN,
    );
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["wabaAccess"]["state"], "granted");

    sim.kill().unwrap();
    sim.wait().unwrap();
    let (code, err) = cli.run(&["token", "check", "--profile", "Local"], "");
    assert_eq!(
        (code, err["error"]["code"].as_str()),
        (2, Some("unreachable"))
    );
    assert!(err["error"]["action"]
        .as_str()
        .unwrap()
        .contains("base URL"));
    cli.run(&["profile", "remove", "Local"], "");
}

#[test]
fn doctor_exits_by_verdict_and_exports() {
    let cli = Cli::new();
    cli.run(&["token", "set"], waba_sim::SANDBOX_TOKEN);
    let (code, report) = cli.run(&["doctor"], "");
    assert_eq!(code, 1, "the fresh sandbox fails onboarding checks");
    assert_eq!(report["graphCalls"], 7);
    let registered = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "registered")
        .unwrap();
    assert_eq!(
        (registered["state"].as_str(), registered["action"].as_str()),
        (Some("fail"), Some("registerNumber"))
    );

    cli.run(&["profile", "scenario", "healthy"], "");
    let out = cli.dir.path().join("reports");
    let (code, report) = cli.run(
        &["doctor", "--export", "md", "--out", out.to_str().unwrap()],
        "",
    );
    assert_eq!(code, 0, "{report}");
    let exported: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(exported.len(), 1);
    let md = std::fs::read_to_string(&exported[0]).unwrap();
    assert!(md.starts_with("# WABA Console doctor: Sandbox"));
    assert!(!md.contains(waba_sim::SANDBOX_TOKEN));
}

#[test]
fn diagnose_reads_stdin_or_a_code() {
    let cli = Cli::new();
    let (code, result) = cli.run(&["diagnose", "131047"], "");
    assert_eq!(code, 0);
    assert_eq!(result["diagnoses"][0]["action"], "sendTemplate");

    let body = r#"{"error":{"message":"(#100) Unsupported get request.","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"Ab"}}"#;
    let (code, result) = cli.run(&["diagnose"], body);
    assert_eq!(code, 0);
    assert_eq!(
        (
            result["diagnoses"][0]["code"].as_i64(),
            result["diagnoses"][0]["subcode"].as_i64()
        ),
        (Some(100), Some(33))
    );

    let (code, result) = cli.run(&["diagnose"], "<html><title>502 Bad Gateway</title></html>");
    assert_eq!(code, 1, "input that holds no error is a failed diagnosis");
    assert!(
        result["problem"].as_str().unwrap().contains("HTML"),
        "{result}"
    );
}

#[test]
fn audit_verify_detects_tampering() {
    let cli = Cli::new();
    cli.run(&["token", "set"], waba_sim::SANDBOX_TOKEN);
    cli.run(&["token", "clear"], "");
    let (code, v) = cli.run(&["audit", "verify"], "");
    assert_eq!((code, v["intact"].as_bool()), (0, Some(true)));
    let (code, log) = cli.run(&["audit", "list"], "");
    assert_eq!(code, 0);
    assert_eq!(log["entries"][0]["action"], "tokenCleared");

    let db = cli.dir.path().join("console.db");
    let status = Command::new("python3")
        .args(["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE audit_log SET outcome='failed' WHERE id=1\"); c.commit()", db.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let (code, v) = cli.run(&["audit", "verify"], "");
    assert_eq!((code, v["intact"].as_bool()), (1, Some(false)));
    assert_eq!(v["findings"][0]["kind"], "edited");

    let out = cli.dir.path().join("exports");
    let (code, file) = cli.run(
        &[
            "audit",
            "export",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0);
    let csv = std::fs::read_to_string(file["path"].as_str().unwrap()).unwrap();
    assert_eq!(csv.lines().count(), 3, "header and two entries: {csv}");
}

/// `GET /__sandbox/numbers/{id}` (readable without the control secret), over a plain socket.
fn sandbox_register_calls(base_url: &str) -> u64 {
    use std::io::Read;
    let host = base_url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /__sandbox/numbers/{} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
        waba_sim::PHONE_NUMBER_ID
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let body = &answer[answer.find("\r\n\r\n").unwrap() + 4..];
    let state: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {answer}"));
    state["counters"]["registerCalls72h"].as_u64().unwrap()
}

#[test]
fn registers_from_the_app_and_cli_processes_at_once_never_pass_the_budget() {
    let cli = Cli::new();
    let (mut sim, base_url) = start_sim("healthy");
    use_local_profile(&cli, &base_url);
    for _ in 0..9 {
        let (code, err) = cli.run(&["number", "register", "--yes", "--no-wait"], "111111");
        assert_eq!((code, err["error"]["code"].as_str()), (2, Some("graph")));
    }
    assert_eq!(sandbox_register_calls(&base_url), 9);

    // The one attempt left, wanted at once by four CLI processes and the app (a Console in this
    // process) on the same database.
    let clis: Vec<_> = (0..4)
        .map(|_| {
            let mut child = cli
                .command()
                .args(["number", "register", "--yes", "--no-wait"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(b"111111").unwrap();
            child
        })
        .collect();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let app = runtime.block_on(async {
        let mut config = waba_service::ConsoleConfig::new(
            cli.dir.path().to_path_buf(),
            format!("waba-console-test-cli-{}", std::process::id()),
        );
        config.timeout = std::time::Duration::from_secs(20);
        let console = waba_service::Console::open(config).await.unwrap();
        let profile = console.find_profile("Local").await.unwrap();
        let pin = waba_core::secret::secret("111111".into());
        console
            .register(
                &profile.id,
                waba_sim::PHONE_NUMBER_ID,
                Some(&pin),
                None,
                true,
            )
            .await
    });
    let mut codes: Vec<String> = clis
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            let json: Value = serde_json::from_slice(&out.stdout).unwrap();
            json["error"]["code"].as_str().unwrap_or("ok").to_owned()
        })
        .collect();
    codes.push(match &app {
        Ok(_) => "ok".into(),
        Err(e) => serde_json::to_value(e.code)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned(),
    });
    codes.sort();
    let refused = codes
        .iter()
        .filter(|c| *c == "attemptBudgetExhausted")
        .count();
    assert_eq!(
        refused, 4,
        "exactly one caller got the last attempt: {codes:?}"
    );
    assert_eq!(
        sandbox_register_calls(&base_url),
        10,
        "never an 11th call (133016)"
    );
    sim.kill().unwrap();
    sim.wait().unwrap();
    cli.run(&["token", "clear"], "");
}

#[test]
fn a_fresh_number_is_registered_from_the_terminal() {
    let cli = Cli::new();
    let (mut sim, base_url) = start_sim("fresh");
    use_local_profile(&cli, &base_url);

    let (code, list) = cli.run(&["numbers", "list"], "");
    assert_eq!((code, list.as_array().unwrap().len()), (0, 3));
    let (code, err) = cli.run(&["number", "set-pin"], "12345");
    assert_eq!(
        (code, err["error"]["details"]["fields"][0]["field"].as_str()),
        (2, Some("pin"))
    );

    assert_eq!(
        cli.run(&["number", "request-code", "--method", "voice"], "")
            .0,
        0
    );
    assert_eq!(
        cli.run(&["number", "verify-code", waba_sim::VERIFICATION_CODE], "")
            .0,
        0
    );
    assert_eq!(cli.run(&["number", "set-pin"], "024680\n").0, 0);
    let (code, health) = cli.run(&["number", "register", "--wait-secs", "30"], "024680");
    assert_eq!(code, 0, "{health}");
    // Meta's value stays a flat string (scripts read it so); its tone and meaning are added beside it.
    assert_eq!(health["status"], "CONNECTED");
    assert_eq!(health["statusTone"], "pass");
    assert!(health["statusMeaning"]
        .as_str()
        .unwrap()
        .contains("can send and receive"));
    assert_eq!(health["platformType"], "CLOUD_API");
    assert_eq!(health["platformTypeTone"], "pass");

    let (code, err) = cli.run(&["number", "deregister"], "");
    assert_eq!(code, 2);
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .contains("0 of 10 deregister attempts"));
    let (code, budget) = cli.run(&["number", "deregister", "--yes"], "");
    assert_eq!((code, budget["used"].as_u64()), (0, Some(1)));

    let (code, check) = cli.run(&["number", "check-id", waba_sim::WABA_ID], "");
    assert_eq!((code, check["kind"].as_str()), (1, Some("waba")));
    sim.kill().unwrap();
    sim.wait().unwrap();
    cli.run(&["token", "clear"], "");
}

/// A `waba sim --json` with extra arguments and environment; its first line, parsed.
fn start_sim_with(args: &[&str], env: Option<&str>) -> (std::process::Child, Value) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_waba"));
    command
        .args(["sim", "--port", "0", "--json"])
        .args(args)
        .env_remove("WABA_SIM_CONTROL_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(secret) = env {
        command.env("WABA_SIM_CONTROL_SECRET", secret);
    }
    let mut sim = command.spawn().unwrap();
    let mut first_line = String::new();
    BufReader::new(sim.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    (sim, serde_json::from_str(&first_line).unwrap())
}

/// `POST /__sandbox/clock/advance` as JSON over a plain socket, with `secret` in
/// X-Sandbox-Secret when given; the HTTP status.
fn advance_clock(base_url: &str, secret: Option<&str>) -> u16 {
    use std::io::Read;
    let host = base_url.trim_start_matches("http://");
    let body = r#"{"seconds": 1}"#;
    let secret_header = secret
        .map(|s| format!("X-Sandbox-Secret: {s}\r\n"))
        .unwrap_or_default();
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "POST /__sandbox/clock/advance HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n{secret_header}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
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
fn sim_control_calls_need_the_secret_it_prints_or_was_given() {
    let (mut sim, info) = start_sim_with(&[], None);
    let base_url = info["baseUrl"].as_str().unwrap();
    assert_eq!(info["controlSecretHeader"], "X-Sandbox-Secret");
    let made = info["controlSecret"]
        .as_str()
        .expect("a made secret is printed");
    assert_eq!(made.len(), 64);
    assert_eq!(advance_clock(base_url, None), 401);
    assert_eq!(advance_clock(base_url, Some("guess")), 403);
    assert_eq!(advance_clock(base_url, Some(made)), 200);
    sim.kill().unwrap();
    sim.wait().unwrap();

    let (mut flag, info) = start_sim_with(&["--control-secret", "from-the-flag"], None);
    assert_eq!(
        info["controlSecret"],
        Value::Null,
        "a chosen secret is not echoed"
    );
    let base_url = info["baseUrl"].as_str().unwrap();
    assert_eq!(advance_clock(base_url, Some("from-the-flag")), 200);
    assert_eq!(advance_clock(base_url, Some(made)), 403);
    flag.kill().unwrap();
    flag.wait().unwrap();

    let (mut env, info) = start_sim_with(&[], Some("from-the-environment"));
    assert_eq!(info["controlSecret"], Value::Null);
    let base_url = info["baseUrl"].as_str().unwrap();
    assert_eq!(advance_clock(base_url, Some("from-the-environment")), 200);
    env.kill().unwrap();
    env.wait().unwrap();
}

#[test]
fn templates_from_the_terminal_list_show_lint_create_edit_and_delete() {
    // A standalone sandbox: each `waba` run would start its own embedded one.
    let (mut sim, base_url) = start_sim("healthy");
    let cli = Cli::new();
    use_local_profile(&cli, &base_url);

    let (code, list) = cli.run(&["templates", "list"], "");
    assert_eq!(code, 0, "{list}");
    assert!(list["count"]["summary"].as_str().unwrap().contains(" of "));
    let names: Vec<&str> = list["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"order_update") && names.contains(&"spring_sale"));
    let (code, rejected) = cli.run(&["templates", "list", "--status", "REJECTED"], "");
    assert_eq!(code, 0);
    let spring = &rejected["templates"][0];
    assert_eq!(spring["status"], "REJECTED", "flat as scripts read it");
    assert_eq!(spring["rejection"]["reason"], "INVALID_FORMAT");

    let (code, shown) = cli.run(
        &["template", "show", "order_update", "--language", "es"],
        "",
    );
    assert_eq!(code, 0, "{shown}");
    assert_eq!(shown[0]["language"], "es");

    let dir = cli.dir.path();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"name":"late_order","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"{{1}}, your order is late."}]}"#).unwrap();
    let (code, lint) = cli.run(&["template", "lint", bad.to_str().unwrap()], "");
    assert_eq!(code, 1, "an error is found: {lint}");
    assert!(lint["errors"].as_u64().unwrap() >= 1);
    assert!(lint["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["severity"] == "error"));
    let (code, refused) = cli.run(&["template", "create", bad.to_str().unwrap()], "");
    assert_eq!(
        (code, refused["error"]["code"].as_str()),
        (2, Some("templateLintFailed"))
    );

    let good = dir.join("good.json");
    std::fs::write(&good, r#"{"name":"pickup_ready","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Hi {{1}}, your order {{2}} is ready for pickup at the front desk.","example":{"body_text":[["Maria","A-1042"]]}}]}"#).unwrap();
    let (code, lint) = cli.run(&["template", "lint", good.to_str().unwrap()], "");
    assert_eq!((code, lint["errors"].as_u64()), (0, Some(0)), "{lint}");
    let (code, created) = cli.run(&["template", "create", good.to_str().unwrap()], "");
    assert_eq!(code, 0, "{created}");
    assert_eq!(created["template"]["status"], "PENDING");

    let order_id = names_id(&list, "order_update", "en_US");
    let edit = dir.join("edit.json");
    std::fs::write(&edit, r#"{"components":[{"type":"BODY","text":"Hi {{1}}, your order {{2}} has shipped and should arrive within 2 days.","example":{"body_text":[["Maria","A-1042"]]}}]}"#).unwrap();
    let (code, edited) = cli.run(&["template", "edit", &order_id, edit.to_str().unwrap()], "");
    assert_eq!(code, 0, "{edited}");
    assert_eq!(edited["limits"]["editsLastDay"], 1);
    let (code, again) = cli.run(&["template", "edit", &order_id, edit.to_str().unwrap()], "");
    assert_eq!(
        (code, again["error"]["code"].as_str()),
        (2, Some("editLimitReached")),
        "{again}"
    );

    let (code, ask) = cli.run(&["template", "delete", "pickup_ready"], "");
    assert_eq!(
        (code, ask["error"]["code"].as_str()),
        (2, Some("confirmationRequired"))
    );
    assert!(ask["error"]["message"]
        .as_str()
        .unwrap()
        .contains("30 days"));
    let (code, deleted) = cli.run(
        &[
            "template",
            "delete",
            "pickup_ready",
            "--language",
            "en_US",
            "--yes",
        ],
        "",
    );
    assert_eq!(code, 0, "{deleted}");
    assert_eq!(deleted["languages"][0], "en_US");
    sim.kill().unwrap();
    sim.wait().unwrap();
}

fn names_id(list: &Value, name: &str, language: &str) -> String {
    list["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name && t["language"] == language)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}
