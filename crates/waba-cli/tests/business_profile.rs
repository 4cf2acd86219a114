//! `waba business-profile`, `waba automation` and `waba display-name` as a script would use them
//! (run under scripts/with-test-keychain), against a standalone `waba sim` whose request count
//! tells whether anything reached "Meta": a value a check refuses must leave it unchanged.

use std::process::Child;

use serde_json::{json, Value};

mod common;
use common::{graph_requests, start_sim, use_local_profile, Cli};

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

fn fields(errors: &Value) -> Vec<&str> {
    errors["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors: {errors}"))
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect()
}

#[test]
fn a_value_past_metas_limits_exits_1_with_each_reason_and_sends_nothing() {
    let (cli, sim, base_url) = on_sandbox();
    let before = graph_requests(&base_url);

    let about = "a".repeat(140);
    let (code, refused) = cli.run(
        &[
            "business-profile",
            "set",
            "--about",
            &about,
            "--website",
            "https://luckyshrub.example",
            "--website",
            "javascript:alert(1)",
        ],
        "",
    );
    assert_eq!(code, 1, "{refused}");
    assert_eq!(fields(&refused), ["about", "websites.1"], "{refused}");
    let message = refused["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("at most 139"), "{message}");

    let photo = cli.dir.path().join("notes.png");
    std::fs::write(&photo, "not a picture").unwrap();
    let (code, refused) = cli.run(
        &[
            "business-profile",
            "set",
            "--photo",
            photo.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 1, "{refused}");
    assert_eq!(fields(&refused), ["photo"], "{refused}");

    assert_eq!(graph_requests(&base_url), before, "nothing reached Meta");
    stop(sim);
}

#[test]
fn a_saved_about_shows_in_the_profile_read_back() {
    let (cli, sim, _) = on_sandbox();
    let about = "Succulents and cacti, shipped in 48 h.";

    let (code, saved) = cli.run(
        &[
            "business-profile",
            "set",
            "--about",
            about,
            "--vertical",
            "RETAIL",
        ],
        "",
    );
    assert_eq!(code, 0, "{saved}");
    assert_eq!(saved["about"], about, "{saved}");

    let (code, page) = cli.run(&["business-profile", "show"], "");
    assert_eq!(code, 0, "{page}");
    assert_eq!(page["profile"]["about"], about, "{page}");
    assert_eq!(page["profile"]["vertical"], "RETAIL", "{page}");
    assert_eq!(
        page["displayName"]["verifiedName"], "WABA Console Sandbox",
        "{page}"
    );
    stop(sim);
}

#[test]
fn five_ice_breakers_exit_1_and_a_valid_set_replaces_only_what_is_given() {
    let (cli, sim, base_url) = on_sandbox();
    let before = graph_requests(&base_url);
    let mut five = vec!["automation", "set"];
    for prompt in ["One", "Two", "Three", "Four", "Five"] {
        five.extend(["--prompt", prompt]);
    }
    let (code, refused) = cli.run(&five, "");
    assert_eq!(code, 1, "{refused}");
    assert_eq!(fields(&refused), ["prompts"], "{refused}");
    assert_eq!(graph_requests(&base_url), before, "nothing reached Meta");

    let (code, saved) = cli.run(
        &[
            "automation",
            "set",
            "--welcome",
            "true",
            "--prompt",
            "Book a flight",
            "--prompt",
            "Plan a vacation",
            "--command",
            "tickets=Book flight tickets",
        ],
        "",
    );
    assert_eq!(code, 0, "{saved}");
    // Only the ice breakers change; the welcome message and the commands stay as Meta has them.
    let (code, saved) = cli.run(&["automation", "set", "--prompt", "Track my order"], "");
    assert_eq!(code, 0, "{saved}");
    let (code, shown) = cli.run(&["automation", "show"], "");
    assert_eq!(code, 0, "{shown}");
    assert_eq!(
        shown,
        json!({
            "enableWelcomeMessage": true,
            "prompts": ["Track my order"],
            "commands": [{ "commandName": "tickets", "commandDescription": "Book flight tickets" }],
        })
    );
    stop(sim);
}

#[test]
fn a_display_name_against_the_guidelines_exits_1_and_a_good_one_is_requested() {
    let (cli, sim, base_url) = on_sandbox();
    let before = graph_requests(&base_url);
    let (code, refused) = cli.run(&["display-name", "request", "Lucky Shrub WhatsApp"], "");
    assert_eq!(code, 1, "{refused}");
    assert_eq!(fields(&refused), ["name"], "{refused}");
    assert_eq!(graph_requests(&base_url), before, "nothing reached Meta");

    let (code, requested) = cli.run(&["display-name", "request", "Lucky Shrub Garden"], "");
    assert_eq!(code, 0, "{requested}");
    assert_eq!(
        requested["newDisplayName"], "Lucky Shrub Garden",
        "{requested}"
    );
    assert_eq!(requested["newNameStatus"], "PENDING_REVIEW", "{requested}");
    stop(sim);
}

/// The start of a PNG of `width`×`height`: the signature and the header chunk, which is all the
/// photo checks and the sandbox read.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

#[test]
fn a_photo_is_uploaded_after_the_changes_and_the_profile_shows_it() {
    let (cli, sim, _) = on_sandbox();
    let (_, before) = cli.run(&["business-profile", "show"], "");
    let photo = cli.dir.path().join("lucky-shrub.png");
    std::fs::write(&photo, png_header(640, 640)).unwrap();

    let (code, saved) = cli.run(
        &[
            "business-profile",
            "set",
            "--email",
            "hello@luckyshrub.example",
            "--photo",
            photo.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{saved}");
    assert_eq!(saved["email"], "hello@luckyshrub.example", "{saved}");
    let url = saved["profilePictureUrl"].as_str().unwrap();
    assert_ne!(url, before["profile"]["profilePictureUrl"], "{saved}");
    stop(sim);
}

#[test]
fn an_empty_website_clears_the_websites_and_a_long_one_is_refused_before_any_call() {
    let (cli, sim, base_url) = on_sandbox();
    let (code, page) = cli.run(&["business-profile", "show"], "");
    assert_eq!(code, 0, "{page}");
    assert_ne!(
        page["profile"]["websites"],
        json!([]),
        "the sandbox starts with websites"
    );

    let before = graph_requests(&base_url);
    let long = format!("https://luckyshrub.example/{}", "a".repeat(256));
    let (code, refused) = cli.run(&["business-profile", "set", "--website", &long], "");
    assert_eq!(code, 1, "{refused}");
    assert_eq!(fields(&refused), ["websites.0"], "{refused}");
    assert_eq!(graph_requests(&base_url), before, "nothing reached Meta");

    let (code, saved) = cli.run(&["business-profile", "set", "--website", ""], "");
    assert_eq!(code, 0, "{saved}");
    assert_eq!(saved["websites"], json!([]), "{saved}");
    let (code, page) = cli.run(&["business-profile", "show"], "");
    assert_eq!(code, 0, "{page}");
    assert_eq!(page["profile"]["websites"], json!([]), "{page}");
    stop(sim);
}
