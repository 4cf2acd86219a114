//! `waba subscribe|unsubscribe|subscriptions` and `waba webhook config` as a script would use
//! them (run under scripts/with-test-keychain), against a standalone `waba sim` (its world lives
//! across the CLI's processes). The callback Meta's GET challenge verifies is `waba webhook
//! serve`, the console's own receiver.

use serde_json::Value;

mod common;
use common::{start_sim, use_local_profile, Cli};

const VERIFY_TOKEN: &str = "cli-verify-token-42";

#[test]
fn subscribe_configure_the_app_webhook_and_unsubscribe_from_the_terminal() {
    let cli = Cli::new();
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
    let (mut receiver, url, _stdout) = cli.serve(&["--verify-token", VERIFY_TOKEN]);
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
