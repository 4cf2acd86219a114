//! The anchor of the start-up and memory benchmarks (`scripts/bench`): a bare Tauri window, built
//! by the same toolchain and profile as the app, showing one static page the size of the app's
//! window. It reports its first interactive paint through the app's own `report_first_paint`
//! command (the same handler, the same capability: the example shares the crate's build script,
//! so its context carries the ACL that `build.rs` generates), which prints `first-paint bare` when
//! `WABA_REPORT_FIRST_PAINT=1`. Nothing else: no plugins, no state, no console.
//!
//! `cargo build --release -p waba-console --example bare_window --features tauri/custom-protocol`

fn main() {
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![
            waba_console_lib::report_first_paint
        ])
        .run(tauri::generate_context!(
            "examples/bare_window/tauri.conf.json"
        ));
    if let Err(e) = result {
        eprintln!("The bare window could not start: {e}");
        std::process::exit(1);
    }
}
