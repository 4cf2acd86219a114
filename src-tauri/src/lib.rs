//! The desktop shell: window, IPC commands, logging and single-instance handling around the
//! shared `waba-service` core. This is the only crate that depends on `tauri`; everything it does
//! beyond wiring lives in the core crates, where it is tested without a desktop.

mod commands;
mod logging;
#[cfg(test)]
mod recorded_answers;
mod state;

use tauri::Manager;

/// The first-paint report, also used by the bare window of `examples/bare_window.rs`, the anchor
/// of `scripts/bench`'s start-up figure, so both report the same way.
pub use commands::app::report_first_paint;

/// Every command the window can call: `commands::<feature>::<name>`, one per command declared in
/// `waba_core::ipc` (the capability is generated from that declaration, and a test checks this
/// list against it). `handlers!(names)` is the same list as strings.
macro_rules! handlers {
    (@list $then:ident) => {
        $then!(
            app::app_info,
            app::log_webview_error,
            app::report_first_paint,
            profiles::list_profiles,
            profiles::add_profile,
            profiles::remove_profile,
            profiles::set_active_profile,
            sandbox::sandbox_info,
            sandbox::set_sandbox_scenario,
            token::set_token,
            token::clear_token,
            checklist::get_checklist,
            diagnose::diagnose,
            doctor::run_doctor,
            doctor::export_doctor,
            audit::audit_log,
            audit::export_audit,
            quality::quality_guide,
            quality::quality_history,
            numbers::list_numbers,
            numbers::number_health,
            numbers::attempt_budget,
            numbers::set_pin,
            numbers::request_code,
            numbers::verify_code,
            numbers::register_number,
            numbers::deregister_number,
            numbers::check_id,
            templates::sync_templates,
            templates::list_templates,
            templates::get_template,
            templates::lint_template,
            templates::save_template_draft,
            templates::list_template_drafts,
            templates::discard_template_draft,
            templates::create_template,
            templates::template_edit_limits,
            templates::edit_template,
            templates::delete_template,
            webhooks::set_app_secret,
            webhooks::clear_app_secret,
            webhooks::app_secret_stored,
            webhooks::local_receiver_status,
            webhooks::start_local_receiver,
            webhooks::stop_local_receiver,
            webhooks::send_test_webhook_event,
            webhooks::webhook_events,
            webhooks::subscriptions_overview,
            webhooks::subscribe_app,
            webhooks::unsubscribe_app,
            webhooks::set_app_webhook,
            webhooks::webhook_routing,
            webhooks::set_number_override,
            webhooks::probe_webhook,
            webhooks::last_webhook_probe,
            sends::preview_send,
            sends::send_message,
            sends::check_media_link,
            sends::upload_media,
            sends::send_limits,
            sends::set_send_limits,
            sends::message_log,
            sends::message_detail,
            sends::delivery_funnel,
            sends::mark_message_read,
            sends::start_burst,
            sends::burst_progress,
            sends::cancel_burst,
            business_profile::get_profile_page,
            business_profile::check_profile_draft,
            business_profile::save_business_profile,
            business_profile::check_profile_photo,
            business_profile::start_profile_photo_upload,
            business_profile::profile_photo_upload_progress,
            business_profile::check_display_name,
            business_profile::request_display_name,
            business_profile::check_automation,
            business_profile::save_conversational_automation,
            graph_calls::describe_graph_call,
        )
    };
    () => {
        handlers!(@list invoke_handler)
    };
    (names) => {
        handlers!(@list handler_names)
    };
}

macro_rules! invoke_handler {
    ($($feature:ident::$name:ident),* $(,)?) => {
        tauri::generate_handler![$($crate::commands::$feature::$name),*]
    };
}

#[cfg(test)]
macro_rules! handler_names {
    ($($feature:ident::$name:ident),* $(,)?) => {
        [$(stringify!($name)),*]
    };
}

/// Starts the app. Errors before the window exists are fatal and printed; after that, every
/// failure reaches the window as a typed `CommandError`.
pub fn run() {
    commands::app::note_launch();
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
            // Open the database and read the audit key while the web view loads the page,
            // instead of after its first command (`AppState::console` joins this).
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let _ = handle.state::<state::AppState>().console().await;
            });
            Ok(())
        })
        .invoke_handler(handlers!())
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
    use waba_core::ipc::COMMANDS;
    use waba_service::ConsoleConfig;

    use super::{logging, state::AppState};

    /// The app with the real handler list, over Tauri's mock runtime.
    pub(crate) fn mock_app(
        config: ConsoleConfig,
    ) -> (
        tauri::App<tauri::test::MockRuntime>,
        tauri::WebviewWindow<tauri::test::MockRuntime>,
    ) {
        let app = mock_builder()
            .manage(AppState::from_config(config, None))
            .invoke_handler(handlers!())
            .build(mock_context(noop_assets()))
            .unwrap();
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        (app, webview)
    }

    /// The handler list is the declared command list, name for name and in order.
    #[test]
    fn the_handler_list_is_the_declared_command_list() {
        let declared: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        assert_eq!(handlers!(names).to_vec(), declared);
    }

    /// Every declared command answers under its name through the registered handlers, and the
    /// function registered under that name reads the arguments declared for it: a key it does not
    /// take is refused by `Args` with the command's own name, before anything runs (a function
    /// with hand-written arguments, or one reading another command's arguments, answers otherwise).
    #[test]
    fn every_declared_command_reads_its_declared_arguments() {
        let data = tempfile::tempdir().unwrap();
        let config = ConsoleConfig::new(data.path().into(), "com.wabaconsole.test.commands");
        let (_app, webview) = mock_app(config);
        for command in COMMANDS {
            let refused = get_ipc_response(
                &webview,
                invoke(command.name, serde_json::json!({ "notAnArgument": true })),
            )
            .expect_err(command.name);
            assert_eq!(
                refused["code"], "invalidInput",
                "{}: {refused}",
                command.name
            );
            let message = refused["message"].as_str().unwrap();
            assert!(
                message.starts_with(&format!(
                    "The window sent {} arguments it does not take: unknown field `notAnArgument`",
                    command.name
                )),
                "{}: {message}",
                command.name
            );
            for arg in command.args {
                assert!(
                    message.contains(&format!("`{}`", arg.wire_name())),
                    "{message}"
                );
            }
        }
        let unknown = get_ipc_response(&webview, invoke("no_such_command", serde_json::json!({})))
            .expect_err("an undeclared command is not registered");
        assert!(unknown.to_string().contains("not found"), "{unknown}");
    }

    pub(crate) fn invoke(command: &str, args: serde_json::Value) -> InvokeRequest {
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
        let (_app, webview) = mock_app(config);

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
