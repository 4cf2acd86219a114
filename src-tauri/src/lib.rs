//! The desktop shell: window, IPC commands, logging and single-instance handling around the
//! shared `waba-service` core. This is the only crate that depends on `tauri`; everything it does
//! beyond wiring lives in the core crates, where it is tested without a desktop.

mod commands;
mod logging;
mod state;

use tauri::Manager;

/// Starts the app. Errors before the window exists are fatal and printed; after that, every
/// failure reaches the window as a typed `CommandError`.
pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .setup(|app| {
            let log_dir = app.path().app_log_dir()?;
            let guard = logging::init(&log_dir);
            let state = state::AppState::new(app, log_dir, guard)?;
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::log_webview_error,
            commands::profiles::list_profiles,
            commands::profiles::add_profile,
            commands::profiles::remove_profile,
            commands::profiles::set_active_profile,
            commands::sandbox::sandbox_info,
            commands::sandbox::set_sandbox_scenario,
            commands::token::set_token,
            commands::token::clear_token,
            commands::checklist::get_checklist,
            commands::diagnose::diagnose,
            commands::doctor::run_doctor,
            commands::doctor::export_doctor,
            commands::audit::audit_log,
            commands::audit::export_audit,
            commands::quality::quality_guide,
            commands::quality::quality_history,
            commands::numbers::list_numbers,
            commands::numbers::number_health,
            commands::numbers::attempt_budget,
            commands::numbers::set_pin,
            commands::numbers::request_code,
            commands::numbers::verify_code,
            commands::numbers::register_number,
            commands::numbers::deregister_number,
            commands::numbers::check_id,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("WABA Console could not start: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
    use tauri::webview::InvokeRequest;
    use waba_service::ConsoleConfig;

    use super::{commands, logging, state::AppState};

    fn invoke(command: &str, args: serde_json::Value) -> InvokeRequest {
        InvokeRequest {
            cmd: command.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        }
    }

    /// Through the real IPC path (Tauri's mock runtime) and the real file logger: a refused
    /// command reaches the window as its `CommandError` and the log file names the command, its
    /// arguments and the error's code; a web view error reported by the window is logged too.
    /// Opening the console reads the audit key from the keychain: run under scripts/with-test-keychain.
    #[test]
    fn a_failing_command_is_logged_with_its_code_and_webview_errors_too() {
        let logs = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let guard = logging::init(logs.path()).expect("the log folder is writable");
        let config = ConsoleConfig::new(data.path().into(), "com.wabaconsole.test.logging");
        let app = mock_builder()
            .manage(AppState::from_config(config, None))
            .invoke_handler(tauri::generate_handler![
                commands::profiles::set_active_profile,
                commands::app::log_webview_error,
            ])
            .build(mock_context(noop_assets()))
            .unwrap();
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();

        let refused = get_ipc_response(
            &webview,
            invoke(
                "set_active_profile",
                serde_json::json!({ "profileId": "no-such-profile" }),
            ),
        )
        .expect_err("an unknown profile is refused");
        assert_eq!(refused["code"], "notFound", "{refused}");
        assert!(refused["message"].is_string() && refused.get("action").is_some());

        let reported = get_ipc_response(
            &webview,
            invoke(
                "log_webview_error",
                serde_json::json!({
                    "kind": "unhandledrejection",
                    "message": "TypeError: Attempted to assign to readonly property.",
                    "source": "at render (QualityChart.tsx:12)",
                    "page": "/quality",
                }),
            ),
        );
        assert!(reported.is_ok(), "{reported:?}");

        drop(guard); // flushes the non-blocking writer
        let log = std::fs::read_to_string(logs.path().join(logging::LOG_FILE)).unwrap();
        let failure = log
            .lines()
            // The failure event itself (the span's other events, e.g. the service's, come from other targets).
            .find(|l| {
                l.contains("ERROR set_active_profile{")
                    && l.contains("waba_console_lib::commands::profiles:")
            })
            .unwrap_or_else(|| panic!("the failure is not in the log:\n{log}"));
        assert!(failure.contains("error=notFound: "), "{failure}");
        assert!(failure.contains("no-such-profile"), "{failure}");
        let webview_line = log
            .lines()
            .find(|l| l.contains("readonly property"))
            .unwrap_or_else(|| panic!("the web view error is not in the log:\n{log}"));
        assert!(webview_line.contains("ERROR") && webview_line.contains("webview"));
        assert!(webview_line.contains("/quality") && webview_line.contains("unhandledrejection"));
    }
}
