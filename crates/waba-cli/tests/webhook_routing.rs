//! `waba webhook routing` and `waba webhook override set|clear` as a script would use them (run
//! under scripts/with-test-keychain), against a standalone `waba sim`: the JSON field names are a
//! contract, the winner follows the most specific override, Meta's order is enforced (no number
//! override before the subscription), and the verify token may come from `WABA_VERIFY_TOKEN`.
//! The callback Meta's GET challenge verifies is `waba webhook serve`, the console's receiver.

use std::process::Stdio;

use serde_json::Value;

mod common;
use common::{start_sim, use_local_profile, Cli};

const VERIFY_TOKEN: &str = "cli-routing-token-5b2a";

/// `waba <args>` with `WABA_VERIFY_TOKEN` set: its exit code and JSON output.
fn run_with_token_env(cli: &Cli, args: &[&str]) -> (i32, Value) {
    let output = cli
        .command()
        .env("WABA_VERIFY_TOKEN", VERIFY_TOKEN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not JSON ({e}): {} / {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap(), json)
}

fn keys(json: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {json}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

const ROUTING_KEYS: [&str; 10] = [
    "appCallback",
    "explanation",
    "numberOverride",
    "orderNote",
    "phoneNumberId",
    "subscribed",
    "wabaId",
    "wabaOverride",
    "winner",
    "winnerUrl",
];

#[test]
fn routing_and_overrides_from_the_terminal_in_the_order_meta_requires() {
    let cli = Cli::new();
    let (mut sim, base_url) = start_sim("fresh");
    use_local_profile(&cli, &base_url);

    let (code, routing) = cli.run(&["webhook", "routing"], "");
    assert_eq!(
        code, 1,
        "nothing is delivered before subscribing: {routing}"
    );
    assert_eq!(keys(&routing), ROUTING_KEYS);
    assert_eq!(routing["subscribed"], false);
    assert_eq!(routing["phoneNumberId"], waba_sim::PHONE_NUMBER_ID);
    assert_eq!(routing["winner"], Value::Null);

    assert_eq!(
        cli.run(&["app-secret", "set"], waba_sim::SANDBOX_APP_SECRET)
            .0,
        0
    );
    let (mut receiver, url, _stdout) = cli.serve(&["--verify-token", VERIFY_TOKEN]);

    // A number override before the subscription is Meta's refusal, with what to do first.
    let number_set = [
        "webhook",
        "override",
        "set",
        "--level",
        "number",
        "--callback",
        &url,
    ];
    let (code, refused) = run_with_token_env(&cli, &number_set);
    assert_eq!(code, 2, "{refused}");
    assert_eq!(refused["error"]["details"]["code"], 100, "{refused}");
    let action = refused["error"]["action"].as_str().unwrap_or_default();
    assert!(action.contains("waba subscribe"), "{action}");

    assert_eq!(cli.run(&["subscribe"], "").0, 0);
    let (code, waba) = cli.run(
        &[
            "webhook",
            "override",
            "set",
            "--level",
            "waba",
            "--callback",
            &url,
            "--verify-token",
            VERIFY_TOKEN,
        ],
        "",
    );
    assert_eq!(code, 0, "{waba}");
    assert_eq!(keys(&waba), ROUTING_KEYS);
    assert_eq!(
        (&waba["winner"], &waba["wabaOverride"]),
        (&Value::from("waba"), &Value::from(url.as_str()))
    );

    let (code, number) = run_with_token_env(&cli, &number_set);
    assert_eq!(code, 0, "{number}");
    assert_eq!(number["winner"], "number");
    assert_eq!(number["numberOverride"], url.as_str());
    assert_eq!(number["winnerUrl"], url.as_str());

    let other = waba_sim::PHONE_NUMBER_IDS[1];
    let (code, routing) = cli.run(&["webhook", "routing", "--number", other], "");
    assert_eq!(code, 0, "{routing}");
    assert_eq!(
        (&routing["phoneNumberId"], &routing["winner"]),
        (&Value::from(other), &Value::from("waba"))
    );

    // `waba subscriptions` keeps its fields and adds the routing of the profile's number.
    let (_, overview) = cli.run(&["subscriptions"], "");
    assert_eq!(
        keys(&overview),
        [
            "app",
            "appError",
            "appSecretStored",
            "routing",
            "routingError",
            "waba"
        ]
    );
    assert_eq!(overview["routing"]["winner"], "number");
    assert_eq!(
        overview["waba"]["apps"][0]["overrideCallbackUri"],
        url.as_str()
    );

    let (code, wrong) = cli.run(
        &[
            "webhook", "override", "clear", "--level", "waba", "--number", other,
        ],
        "",
    );
    assert_eq!(
        (code, wrong["error"]["code"].as_str()),
        (2, Some("invalidInput"))
    );

    let (code, cleared) = cli.run(&["webhook", "override", "clear", "--level", "number"], "");
    assert_eq!((code, &cleared["winner"]), (0, &Value::from("waba")));
    assert_eq!(cleared["numberOverride"], Value::Null);
    let (code, cleared) = cli.run(&["webhook", "override", "clear", "--level", "waba"], "");
    assert_eq!(code, 0, "{cleared}");
    assert_eq!(cleared["wabaOverride"], Value::Null);
    receiver.kill().unwrap();
    receiver.wait().unwrap();

    let (_, log) = cli.run(&["audit", "list"], "");
    let text = log.to_string();
    assert!(!text.contains(VERIFY_TOKEN), "{text}");
    for action in ["numberOverrideSet", "numberOverrideCleared"] {
        assert!(text.contains(&format!("\"{action}\"")), "{action}: {text}");
    }
    sim.kill().unwrap();
    sim.wait().unwrap();
}
