//! Generates the app's capability permissions: one `allow-<command>` per IPC command, so the
//! window can call exactly these and nothing else.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_info",
        "log_webview_error",
        "list_profiles",
        "add_profile",
        "remove_profile",
        "set_active_profile",
        "sandbox_info",
        "set_sandbox_scenario",
        "set_token",
        "clear_token",
        "get_checklist",
        "diagnose",
        "run_doctor",
        "export_doctor",
        "audit_log",
        "export_audit",
        "quality_guide",
        "quality_history",
        "list_numbers",
        "number_health",
        "attempt_budget",
        "set_pin",
        "request_code",
        "verify_code",
        "register_number",
        "deregister_number",
        "check_id",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed");
}
