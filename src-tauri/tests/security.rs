//! The desktop shell's security settings as they ship (issue 13's security review), checked from
//! what the build really uses, so a grant or a source added anywhere fails here:
//!
//! - the capabilities tauri-build resolved and `generate_context!` embeds (`OUT_DIR`): one, for
//!   the window `main`, local only, every platform, granting exactly one `allow-<command>` per
//!   command declared in `waba_core::ipc::COMMANDS`, each allowing that command only and no scope
//!   (no `core:*`, plugin or scoped grant: the window calls the console's commands and nothing
//!   else; it needs none of Tauri's core permissions, since it uses no events, window, path or
//!   other core API), no capability folder or inlined capability that could add one;
//! - `tauri.conf.json`: no plugin configuration, no global `__TAURI__`, prototypes frozen, Tauri's
//!   CSP hashing kept, no asset protocol, one local window, devtools off in release builds;
//! - the CSP: `'self'` (and `data:` for images and fonts, inline styles) only, IPC for
//!   `connect-src`, `'none'` for objects, base URI, framing and forms; no host, wildcard or eval;
//! - no remote content: the UI's page, stylesheets and module imports load nothing from
//!   `http(s)://` (read from the sources, so no UI build is needed; the CSP is the backstop).
//!
//! Each checker returns what it found wrong, and is itself shown a bad example.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use tauri::utils::acl::{ACL_MANIFESTS_FILE_NAME, APP_ACL_KEY, CAPABILITIES_FILE_NAME};
use waba_core::ipc::COMMANDS;

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// A file tauri-build wrote for this build (the crate's build script output folder).
fn built(name: &str) -> Value {
    read_json(&Path::new(env!("OUT_DIR")).join(name))
}

fn tauri_conf(name: &str) -> Value {
    read_json(&crate_dir().join(name))
}

fn declared_commands() -> BTreeSet<String> {
    COMMANDS.iter().map(|c| c.name.to_owned()).collect()
}

/// What is wrong with the resolved capabilities, given the app's permission manifest: anything
/// but one local capability for `main` on every platform whose grants each allow one declared
/// command, unscoped, and together all of them.
fn capability_findings(capabilities: &Value, app_permissions: &Value) -> Vec<String> {
    let mut findings = Vec::new();
    let Some(capabilities) = capabilities.as_object() else {
        return vec![format!("capabilities are not a map: {capabilities}")];
    };
    let identifiers: Vec<&String> = capabilities.keys().collect();
    if identifiers != ["main"] {
        findings.push(format!(
            "expected exactly the capability \"main\", found {identifiers:?}"
        ));
    }
    let declared = declared_commands();
    for (identifier, capability) in capabilities {
        let Some(fields) = capability.as_object() else {
            findings.push(format!("{identifier}: not an object"));
            continue;
        };
        for key in fields.keys() {
            if ![
                "identifier",
                "description",
                "local",
                "windows",
                "permissions",
            ]
            .contains(&key.as_str())
            {
                // `remote` (remote URLs calling IPC), `webviews`, `platforms` and anything newer.
                findings.push(format!(
                    "{identifier}: unexpected key {key:?} = {}",
                    fields[key]
                ));
            }
        }
        if capability
            .get("local")
            .is_some_and(|l| l != &Value::Bool(true))
        {
            findings.push(format!("{identifier}: not a local capability"));
        }
        if capability["windows"] != serde_json::json!(["main"]) {
            findings.push(format!(
                "{identifier}: windows {} instead of [\"main\"]",
                capability["windows"]
            ));
        }
        let mut granted_commands = BTreeSet::new();
        let mut seen = BTreeSet::new();
        for entry in capability["permissions"].as_array().into_iter().flatten() {
            let Some(permission) = entry.as_str() else {
                findings.push(format!(
                    "{identifier}: a permission with its own scope: {entry}"
                ));
                continue;
            };
            if !seen.insert(permission) {
                findings.push(format!("{identifier}: {permission} granted twice"));
            }
            if permission.contains(':') {
                findings.push(format!(
                    "{identifier}: {permission} is not one of the app's own permissions"
                ));
                continue;
            }
            let Some(definition) = app_permissions.get(permission) else {
                findings.push(format!(
                    "{identifier}: {permission} is not defined by the app"
                ));
                continue;
            };
            let allowed: Vec<&str> = definition["commands"]["allow"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let [command] = allowed[..] else {
                findings.push(format!(
                    "{identifier}: {permission} allows {allowed:?}, not one command"
                ));
                continue;
            };
            if !declared.contains(command) {
                findings.push(format!("{identifier}: {permission} allows {command}, which waba_core::ipc does not declare"));
            }
            if definition.get("scope").is_some_and(|s| !s.is_null()) {
                findings.push(format!(
                    "{identifier}: {permission} carries a scope: {}",
                    definition["scope"]
                ));
            }
            granted_commands.insert(command.to_owned());
        }
        let missing: Vec<_> = declared.difference(&granted_commands).collect();
        if !missing.is_empty() {
            findings.push(format!(
                "{identifier}: declared commands the window cannot call: {missing:?}"
            ));
        }
    }
    findings
}

/// A CSP as directive → sources, from tauri.conf.json's map (values a string or a list) or a
/// policy string.
fn csp_directives(csp: &Value) -> BTreeMap<String, Vec<String>> {
    let split = |sources: &str| {
        sources
            .split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    match csp {
        Value::Object(map) => map
            .iter()
            .map(|(directive, sources)| {
                let sources = match sources {
                    Value::String(s) => split(s),
                    Value::Array(list) => list
                        .iter()
                        .filter_map(Value::as_str)
                        .flat_map(split)
                        .collect(),
                    other => vec![other.to_string()],
                };
                (directive.to_ascii_lowercase(), sources)
            })
            .collect(),
        Value::String(policy) => policy
            .split(';')
            .filter_map(|d| {
                let mut words = d.split_whitespace();
                let directive = words.next()?.to_ascii_lowercase();
                Some((directive, words.map(str::to_owned).collect()))
            })
            .collect(),
        other => BTreeMap::from([("<not a CSP>".to_owned(), vec![other.to_string()])]),
    }
}

/// The sources each directive may list: the app's own files, inline data for images and fonts
/// (the font is bundled), inline styles (the UI's components set `style`), Tauri's IPC for
/// `connect-src`; every other directive only `'self'` or `'none'`.
fn allowed_sources(directive: &str) -> &'static [&'static str] {
    match directive {
        "default-src" | "script-src" => &["'self'"],
        "style-src" => &["'self'", "'unsafe-inline'"],
        "img-src" | "font-src" => &["'self'", "data:"],
        "connect-src" => &["ipc:", "http://ipc.localhost"],
        _ => &["'self'", "'none'"],
    }
}

/// What is wrong with a CSP: a source beyond [`allowed_sources`], a required directive missing or
/// different (`default-src 'self'`, `script-src 'self'`, `object-src 'none'`, `base-uri 'none'`,
/// `frame-ancestors 'none'`), or `'none'` mixed with other sources.
fn csp_findings(csp: &Value) -> Vec<String> {
    let directives = csp_directives(csp);
    let mut findings = Vec::new();
    for (directive, sources) in &directives {
        for source in sources {
            if !allowed_sources(directive).contains(&source.to_ascii_lowercase().as_str()) {
                findings.push(format!("{directive}: {source} is not allowed"));
            }
        }
        if sources.len() > 1 && sources.iter().any(|s| s == "'none'") {
            findings.push(format!("{directive}: 'none' with other sources"));
        }
    }
    for (directive, required) in [
        ("default-src", "'self'"),
        ("script-src", "'self'"),
        ("object-src", "'none'"),
        ("base-uri", "'none'"),
        ("frame-ancestors", "'none'"),
    ] {
        if directives.get(directive).map(Vec::as_slice) != Some(&[required.to_owned()][..]) {
            findings.push(format!(
                "{directive} must be exactly {required}, found {:?}",
                directives.get(directive)
            ));
        }
    }
    findings
}

/// What is wrong with tauri.conf.json beyond its CSP.
fn config_findings(conf: &Value) -> Vec<String> {
    let mut findings = Vec::new();
    let app = &conf["app"];
    let security = &app["security"];
    if conf
        .get("plugins")
        .is_some_and(|p| p != &serde_json::json!({}))
    {
        findings.push(format!(
            "plugins are configured (scopes for fs, shell, http...): {}",
            conf["plugins"]
        ));
    }
    if app["withGlobalTauri"] != Value::Bool(false) {
        findings.push(format!(
            "app.withGlobalTauri is {}, not false",
            app["withGlobalTauri"]
        ));
    }
    if security["freezePrototype"] != Value::Bool(true) {
        findings.push(format!(
            "app.security.freezePrototype is {}, not true",
            security["freezePrototype"]
        ));
    }
    for key in [
        "dangerousDisableAssetCspModification",
        "capabilities",
        "devCsp",
        "headers",
    ] {
        if let Some(value) = security.get(key) {
            findings.push(format!("app.security.{key} is set: {value}"));
        }
    }
    if security["assetProtocol"]["enable"] == Value::Bool(true) {
        findings.push("app.security.assetProtocol is enabled (files served to the window)".into());
    }
    let frontend = conf["build"]["frontendDist"].as_str().unwrap_or_default();
    if frontend.contains("://") {
        findings.push(format!(
            "build.frontendDist is a URL ({frontend}): the window would load remote content"
        ));
    }
    let windows = app["windows"].as_array().cloned().unwrap_or_default();
    if windows.len() != 1 || windows[0]["label"] != "main" {
        findings.push(format!(
            "expected the one window \"main\", found {}",
            app["windows"]
        ));
    }
    for window in &windows {
        if window["url"]
            .as_str()
            .is_some_and(|url| url.contains("://"))
        {
            findings.push(format!(
                "window {} opens {}",
                window["label"], window["url"]
            ));
        }
        if window["devtools"] == Value::Bool(true) {
            findings.push(format!("window {} enables devtools", window["label"]));
        }
    }
    findings
}

/// What the dev configuration, merged over tauri.conf.json for dev builds, changes beyond naming.
fn dev_config_findings(dev: &Value) -> Vec<String> {
    let keys: Vec<&String> = dev
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    keys.into_iter()
        .filter(|k| !["$schema", "productName", "identifier"].contains(&k.as_str()))
        .map(|k| format!("tauri.dev.conf.json overrides {k}: {}", dev[k]))
        .collect()
}

/// Where `text` loads something from `http://`, `https://` or `//`: `src=`/`href=` attributes
/// (markup), `url(...)` and `@import` (stylesheets), `import(...)`, `import "..."` and
/// `from "..."` (modules). Text that merely mentions a URL is not a load.
fn remote_loads(text: &str, patterns: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for pattern in patterns {
        for (at, _) in text.match_indices(pattern) {
            // `@import url(...)` is read by the `url(` pattern; `@import` reads `@import "..."`.
            let rest = text[at + pattern.len()..].trim_start();
            let (quoted, rest) = match rest.chars().next() {
                Some('"' | '\'' | '`') => (true, &rest[1..]),
                _ => (false, rest),
            };
            // Only markup and CSS take an unquoted URL; in a module an unquoted word is code.
            if !quoted && !["src=", "href=", "url("].contains(pattern) {
                continue;
            }
            let lower = rest.to_ascii_lowercase();
            if lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("//")
            {
                let end = rest
                    .find(|c: char| c.is_whitespace() || "\"'`)>;".contains(c))
                    .unwrap_or(rest.len());
                found.push(format!("{pattern} {}", &rest[..end]));
            }
        }
    }
    found
}

const MARKUP: &[&str] = &["src=", "href=", "import(", "from "];
const STYLESHEET: &[&str] = &["url(", "@import"];
const MODULE: &[&str] = &["import(", "import ", "from "];

/// Every file under `dir` whose name ends with one of `endings`.
fn files_under(dir: &Path, endings: &[&str]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if endings.iter().any(|e| path.to_string_lossy().ends_with(e)) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_window_is_granted_exactly_the_consoles_own_commands() {
    let manifests = built(ACL_MANIFESTS_FILE_NAME);
    let app_permissions = &manifests[APP_ACL_KEY]["permissions"];
    assert!(
        app_permissions.is_object(),
        "no app permissions in {ACL_MANIFESTS_FILE_NAME}"
    );
    let findings = capability_findings(&built(CAPABILITIES_FILE_NAME), app_permissions);
    assert!(findings.is_empty(), "{findings:#?}");

    // Nothing can add a capability beside the generated one: no capability folder, none inlined
    // in the configuration, and only tauri-build's own permission files in permissions/.
    let folder = crate_dir().join("capabilities");
    assert!(
        !folder.exists(),
        "{} exists; the capability is generated by build.rs",
        folder.display()
    );
    assert_eq!(
        tauri_conf("tauri.conf.json")["app"]["security"].get("capabilities"),
        None
    );
    for file in files_under(&crate_dir().join("permissions"), &[""]) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            file.parent() == Some(&crate_dir().join("permissions/autogenerated"))
                && text.starts_with("# Automatically generated - DO NOT EDIT!"),
            "{} is not one of tauri-build's generated permission files",
            file.display()
        );
    }
}

#[test]
fn the_capability_check_refuses_more_than_the_commands() {
    let manifests = built(ACL_MANIFESTS_FILE_NAME);
    let app_permissions = &manifests[APP_ACL_KEY]["permissions"];
    let real = built(CAPABILITIES_FILE_NAME);
    let with = |change: &dyn Fn(&mut Value)| {
        let mut capabilities = real.clone();
        change(&mut capabilities);
        capability_findings(&capabilities, app_permissions)
    };
    let push = |grant: Value| {
        move |c: &mut Value| {
            c["main"]["permissions"]
                .as_array_mut()
                .unwrap()
                .push(grant.clone())
        }
    };
    assert!(!with(&push("core:default".into())).is_empty());
    assert!(!with(&push(
        serde_json::json!({"identifier": "fs:allow-read", "allow": [{"path": "$HOME/**"}]})
    ))
    .is_empty());
    assert!(!with(
        &|c| c["main"]["remote"] = serde_json::json!({"urls": ["https://*.example.com"]})
    )
    .is_empty());
    assert!(!with(&|c| c["main"]["windows"] = serde_json::json!(["*"])).is_empty());
    assert!(!with(&|c| c["main"]["platforms"] = serde_json::json!(["linux"])).is_empty());
    assert!(!with(&|c| {
        c["main"]["permissions"].as_array_mut().unwrap().pop();
    })
    .is_empty());
    assert!(!with(&|c| c["other"] = c["main"].clone()).is_empty());
}

#[test]
fn the_configuration_grants_nothing_beyond_the_window() {
    let conf = tauri_conf("tauri.conf.json");
    let findings = config_findings(&conf);
    assert!(findings.is_empty(), "{findings:#?}");
    let dev = dev_config_findings(&tauri_conf("tauri.dev.conf.json"));
    assert!(dev.is_empty(), "{dev:#?}");

    // Devtools exist in debug builds only: the release build would need tauri's `devtools`
    // feature, which nothing turns on.
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(crate_dir().join("Cargo.toml")).unwrap()).unwrap();
    let tauri_features = manifest["dependencies"]["tauri"]["features"]
        .as_array()
        .unwrap();
    assert!(
        !tauri_features
            .iter()
            .any(|f| f.as_str() == Some("devtools")),
        "{tauri_features:?}"
    );
    let features = manifest
        .get("features")
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(!features.contains("devtools"), "{features}");

    let mut bad = conf.clone();
    bad["plugins"] = serde_json::json!({"fs": {"scope": ["$HOME/**"]}});
    bad["app"]["withGlobalTauri"] = true.into();
    bad["app"]["security"]["dangerousDisableAssetCspModification"] = true.into();
    bad["app"]["windows"][0]["devtools"] = true.into();
    bad["build"]["frontendDist"] = "https://app.example.com".into();
    assert_eq!(
        config_findings(&bad).len(),
        5,
        "{:#?}",
        config_findings(&bad)
    );
    assert!(
        !dev_config_findings(&serde_json::json!({"app": {"security": {"csp": null}}})).is_empty()
    );
}

#[test]
fn the_csp_allows_only_the_apps_own_files_and_ipc() {
    let conf = tauri_conf("tauri.conf.json");
    let csp = &conf["app"]["security"]["csp"];
    assert!(!csp.is_null(), "no CSP: the window would allow anything");
    let findings = csp_findings(csp);
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(
        csp_directives(csp)["connect-src"],
        ["ipc:", "http://ipc.localhost"]
    );

    for bad in [
        "default-src 'self'; script-src 'self' https://cdn.example.com; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        "default-src 'self'; script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        "default-src *; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        "default-src 'self'; script-src 'self'; connect-src ipc: https:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        "default-src 'self'; script-src 'self'; img-src 'self' https://images.example.com; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'",
    ] {
        assert!(!csp_findings(&bad.into()).is_empty(), "not refused: {bad}");
    }
    let mut map = csp.clone();
    map["style-src"] = "'self' 'unsafe-inline' https://fonts.googleapis.com".into();
    assert!(!csp_findings(&map).is_empty());
}

#[test]
fn the_ui_loads_nothing_remote() {
    let ui = crate_dir().join("../ui");
    let mut found = Vec::new();
    let mut scanned = 0;
    let mut scan = |path: &Path, patterns: &[&str]| {
        let text = std::fs::read_to_string(path).unwrap();
        scanned += 1;
        for load in remote_loads(&text, patterns) {
            found.push(format!("{}: {load}", path.display()));
        }
    };
    scan(&ui.join("index.html"), MARKUP);
    for css in files_under(&ui.join("src"), &[".css"]) {
        scan(&css, STYLESHEET);
    }
    for module in files_under(&ui.join("src"), &[".ts", ".tsx"]) {
        scan(&module, MODULE);
    }
    assert!(
        scanned > 3,
        "the UI sources were not found under {}",
        ui.display()
    );
    assert!(found.is_empty(), "{found:#?}");

    let remote = [
        (
            r#"<script type="module" src="https://cdn.example.com/app.js"></script>"#,
            MARKUP,
        ),
        (
            r#"<link rel="stylesheet" href=//fonts.example.com/inter.css>"#,
            MARKUP,
        ),
        (
            r#"@import url("https://fonts.googleapis.com/css2?family=Inter");"#,
            STYLESHEET,
        ),
        (r#"@import 'http://example.com/a.css';"#, STYLESHEET),
        (
            r#"src: url(https://fonts.gstatic.com/inter.woff2) format("woff2");"#,
            STYLESHEET,
        ),
        (
            r#"const chart = await import("https://esm.sh/recharts");"#,
            MODULE,
        ),
        (
            r#"import confetti from 'https://cdn.skypack.dev/canvas-confetti';"#,
            MODULE,
        ),
        (r#"import "https://example.com/polyfill.js";"#, MODULE),
    ];
    for (text, patterns) in remote {
        assert_eq!(remote_loads(text, patterns).len(), 1, "not found in {text}");
    }
    let local = [
        (
            r#"<script type="module" src="/src/main.tsx"></script>"#,
            MARKUP,
        ),
        (
            r#"src: url(@fontsource-variable/inter/files/inter-latin-wght-normal.woff2) format("woff2-variations");"#,
            STYLESHEET,
        ),
        (r#"import { call } from "../ipc";"#, MODULE),
        (
            r#"const hint = "Meta calls your https:// callback, imported from https://developers.facebook.com";"#,
            MODULE,
        ),
        // A link in the page opens in the OS browser: not a load into the window.
        (
            r#"<a href="https://developers.facebook.com/docs">Meta's reference</a>"#,
            MODULE,
        ),
    ];
    for (text, patterns) in local {
        assert!(
            remote_loads(text, patterns).is_empty(),
            "{text}: {:?}",
            remote_loads(text, patterns)
        );
    }
}
