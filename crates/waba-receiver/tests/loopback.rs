//! The receiver stays on loopback unless the admin chooses otherwise (issue 13's security
//! review): with the default config every non-loopback address is refused before anything is
//! bound, with an error that names the address and the choice that allows it; opting in binds
//! and logs a warning naming the address, which a loopback bind never logs. The warning is read
//! from what `tracing` actually emits, through a subscriber installed for the test's thread.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use waba_core::secret::secret;
use waba_receiver::{Receiver, ReceiverConfig, ReceiverError};
use waba_store::Store;

const APP_SECRET: &str = "test-app-secret-1234";

/// Everything the test's subscriber wrote.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// The lines logged at WARN.
    fn warnings(&self) -> Vec<String> {
        String::from_utf8(self.0.lock().unwrap().clone())
            .unwrap()
            .lines()
            .filter(|line| line.contains("WARN"))
            .map(str::to_owned)
            .collect()
    }
}

#[tokio::test]
async fn the_default_config_refuses_every_non_loopback_address_and_opting_in_is_warned() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    // The test runs on one thread (tokio's current-thread runtime), so this catches every event.
    let _logging = tracing::subscriber::set_default(subscriber);

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("console.db")).await.unwrap();
    let default_config = || ReceiverConfig::new(secret(APP_SECRET.into()));
    assert!(
        !default_config().allow_non_loopback,
        "loopback only by default"
    );

    for address in ["0.0.0.0:0", "[::]:0", "192.0.2.10:8787", "10.0.0.1:0"] {
        let addr: SocketAddr = address.parse().unwrap();
        let refused = Receiver::bind(addr, default_config(), store.clone())
            .await
            .expect_err(address);
        // Refused as such, not as a failed bind (192.0.2.10 is not this machine's): nothing
        // was attempted on the network.
        assert!(
            matches!(refused, ReceiverError::NotLoopback(a) if a == addr),
            "{address}: {refused:?}"
        );
        let message = refused.to_string();
        assert!(
            message.contains(&addr.to_string())
                && message.contains("not a loopback address")
                && message.contains("allow_non_loopback"),
            "{address}: the error says what was refused and what allows it: {message}"
        );
    }
    assert!(captured.warnings().is_empty(), "{:?}", captured.warnings());

    let loopback = Receiver::bind(
        "127.0.0.1:0".parse().unwrap(),
        default_config(),
        store.clone(),
    )
    .await
    .unwrap();
    assert!(loopback.local_addr().ip().is_loopback());
    assert!(
        loopback.url().starts_with("http://127.0.0.1:"),
        "{}",
        loopback.url()
    );
    loopback.shutdown().await;
    assert!(
        captured.warnings().is_empty(),
        "a loopback bind warns about nothing: {:?}",
        captured.warnings()
    );

    let mut opted_in = default_config();
    opted_in.allow_non_loopback = true;
    let everywhere = Receiver::bind("0.0.0.0:0".parse().unwrap(), opted_in, store)
        .await
        .unwrap();
    assert!(everywhere.local_addr().ip().is_unspecified());
    everywhere.shutdown().await;
    let warnings = captured.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("non-loopback address") && warnings[0].contains("0.0.0.0:0"),
        "the warning says where it listens and why that matters: {}",
        warnings[0]
    );
}
