//! The domain of WABA Console, free of I/O so that every rule here is unit-testable.
//!
//! This crate is also the IPC contract: every type the desktop window receives or sends derives
//! `ts_rs::TS` and is exported to `ui/src/bindings` by `cargo test`. The GUI (`src-tauri`), the
//! `waba` CLI and the service layer all speak these types, so a rule (what a valid ID is, when a
//! token counts as healthy, what each checklist step means) is written exactly once.

pub mod app;
pub mod audit;
pub mod business_profile;
pub mod catalogue;
pub mod checklist;
pub mod diagnose;
pub mod doctor;
pub mod error;
pub mod graph_call;
pub mod graph_request;
pub mod graph_states;
pub mod ids;
pub mod ipc;
pub mod numbers;
pub mod probe;
pub mod profile;
pub mod quality;
pub mod receiver;
pub mod secret;
pub mod send;
pub mod subscriptions;
pub mod template_lint;
pub mod templates;
pub mod token;
pub mod versions;
pub mod webhook;

pub use error::{CommandError, ErrorCode, ErrorDetails, FieldError, GraphErrorDetails};
