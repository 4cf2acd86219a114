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
