//! How failures of the store and the keychain read for the admin.

use waba_core::{CommandError, ErrorCode};
use waba_secrets::KeychainError;
use waba_store::StoreError;

pub(crate) fn store(error: StoreError) -> CommandError {
    match error {
        StoreError::DuplicateName(name) => {
            CommandError::invalid_fields(vec![waba_core::FieldError::new(
                "name",
                format!("A profile named \"{name}\" already exists; choose another name."),
            )])
        }
        other => CommandError::new(
            ErrorCode::Storage,
            format!("The console's database failed: {other}."),
        )
        .with_action(
            "Check that the data folder is writable and the disk is not full, then retry.",
        ),
    }
}

pub(crate) fn keychain(error: KeychainError, what: &str) -> CommandError {
    let message = match &error {
        KeychainError::Unavailable(reason) => {
            format!("The OS keychain is not available ({reason}), so {what}.")
        }
        KeychainError::Refused(reason) => {
            format!("The OS keychain refused the request ({reason}), so {what}.")
        }
    };
    CommandError::new(ErrorCode::KeychainUnavailable, message).with_action(
        "Start or unlock your keyring (GNOME Keyring or KWallet on Linux, Keychain on macOS, Credential Manager on Windows), then try again. The token is never written anywhere else.",
    )
}

pub(crate) fn profile_not_found(id: &str) -> CommandError {
    CommandError::new(ErrorCode::NotFound, format!("No profile \"{id}\" exists."))
        .with_action("Pick a profile from the list (`waba profile list` in the CLI).")
}
