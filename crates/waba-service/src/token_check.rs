//! The live token check: `debug_token` and a read of the profile's WABA, sent together.

use time::OffsetDateTime;
use waba_core::checklist::TokenState;
use waba_core::profile::Profile;
use waba_core::token::{evaluate, rejected};
use waba_core::CommandError;
use waba_graph::model::{DebugToken, Waba};
use waba_graph::{GraphClient, GraphError};
use waba_secrets::Secret;

/// The fields of the WABA read that goes with `debug_token` (here and in the doctor).
pub(crate) const WABA_FIELDS: &[&str] = &["id", "name"];

/// Codes by which Graph refuses the caller's token itself.
fn is_token_rejection(error: &GraphError) -> bool {
    matches!(error.code(), Some(190) | Some(102))
}

/// Asks Meta about `token` for `profile`. Both reads go out at once; the answer is one round trip.
pub(crate) async fn check(client: &GraphClient, profile: &Profile, token: &Secret) -> TokenState {
    let (debug, waba) = tokio::join!(
        client.debug_token(token),
        client.waba(token, &profile.waba_id, WABA_FIELDS)
    );
    verdict(profile, debug, waba)
}

/// The token's state from the two answers (the doctor sends them with its other reads).
pub(crate) fn verdict(
    profile: &Profile,
    debug: Result<DebugToken, GraphError>,
    waba: Result<Waba, GraphError>,
) -> TokenState {
    let now = OffsetDateTime::now_utc();
    match debug {
        Ok(answer) => {
            let mut report = evaluate(&answer.facts(), &profile.app_id, &profile.waba_id, now);
            match waba {
                Ok(w) => report.waba_name = Some(w.name.unwrap_or(w.id)),
                Err(e) if report.valid => report.waba_read_error = Some(CommandError::from(e)),
                Err(_) => {}
            }
            TokenState::Checked {
                report: Box::new(report),
            }
        }
        Err(e) if is_token_rejection(&e) => TokenState::Checked {
            report: Box::new(rejected(CommandError::from(e), now)),
        },
        Err(e) => TokenState::Unchecked {
            error: CommandError::from(e),
        },
    }
}
