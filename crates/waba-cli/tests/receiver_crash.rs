//! Crash safety of `waba webhook serve` (issue 13): the receiver is killed with SIGKILL at a
//! random moment while 16 concurrent senders POST signed status events to it, 20 times over the
//! same data folder. After each kill the database is opened read-only: every event whose POST was
//! answered 200 is stored exactly once with its body and its message status (one transaction, so
//! never half of it), nothing is stored that was not sent, at most the requests in flight at the
//! kill are stored unacknowledged, and SQLite's own check passes. Run under
//! scripts/with-test-keychain; `WABA_CRASH_SEED=<n>` replays the kill moments of a printed run.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use tokio::sync::watch;
use waba_core::secret::{secret, Secret};
use waba_core::webhook::sample::{status_body, SampleTarget};
use waba_core::webhook::{sign, SIGNATURE_HEADER};

mod common;
use common::Cli;

const APP_SECRET: &str = "crash-test-app-secret-0123456789";
const ROUNDS: usize = 20;
const SENDERS: usize = 16;
/// How long after a round's first acknowledgement the receiver is killed.
const KILL_DELAY_MS: std::ops::RangeInclusive<u64> = 50..=400;
/// How long a round may wait for its first acknowledgement (a safety net, not a pace).
const FIRST_ACK_DEADLINE: Duration = Duration::from_secs(60);
/// Statuses a receiver under this load may answer: stored, or rate-limited (nothing stored).
const EXPECTED_STATUSES: [u16; 2] = [200, 429];

const TARGET: SampleTarget<'static> = SampleTarget {
    waba_id: waba_sim::WABA_ID,
    phone_number_id: waba_sim::PHONE_NUMBER_ID,
    display_phone_number: None,
};

/// What one round's senders saw.
#[derive(Default)]
struct Observed {
    /// Every message ID whose POST was started (acknowledged or not).
    attempted: HashSet<String>,
    /// Statuses answered, by code.
    statuses: BTreeMap<u16, usize>,
    /// Requests that got no answer (the process was gone).
    failed: usize,
}

/// The senders of one round against one receiver URL.
struct Load {
    stop: Arc<AtomicBool>,
    /// The IDs acknowledged with 200 so far, in order.
    acked: watch::Receiver<Vec<String>>,
    observed: Arc<Mutex<Observed>>,
    senders: Vec<tokio::task::JoinHandle<()>>,
}

impl Load {
    fn start(url: &str, round: usize) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let (acks, acked) = watch::channel(Vec::new());
        let acks = Arc::new(acks);
        let observed = Arc::new(Mutex::new(Observed::default()));
        // A fresh client per round: no connection pooled to the previous, dead, receiver.
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let app_secret: Secret = secret(APP_SECRET.into());
        let senders = (0..SENDERS)
            .map(|sender| {
                let (stop, acks, observed, http) =
                    (stop.clone(), acks.clone(), observed.clone(), http.clone());
                let (url, app_secret) = (url.to_owned(), app_secret.clone());
                tokio::spawn(async move {
                    let mut n: i64 = 0;
                    while !stop.load(Ordering::SeqCst) {
                        n += 1;
                        let id = format!("wamid.crash-r{round}-s{sender}-n{n}");
                        let body = status_body(TARGET, &id, 1_764_000_000 + n);
                        let signature = sign(&app_secret, &body);
                        observed.lock().unwrap().attempted.insert(id.clone());
                        let answer = http
                            .post(&url)
                            .header("content-type", "application/json")
                            .header(SIGNATURE_HEADER, signature)
                            .body(body)
                            .send()
                            .await;
                        match answer {
                            Ok(response) => {
                                let status = response.status().as_u16();
                                *observed.lock().unwrap().statuses.entry(status).or_default() += 1;
                                if status == 200 {
                                    acks.send_modify(|ids| ids.push(id));
                                }
                            }
                            Err(_) => observed.lock().unwrap().failed += 1,
                        }
                    }
                })
            })
            .collect();
        Self {
            stop,
            acked,
            observed,
            senders,
        }
    }

    /// Waits until at least one POST was acknowledged; false when none was within the deadline.
    async fn first_ack(&mut self) -> bool {
        let acked = self.acked.wait_for(|ids| !ids.is_empty());
        matches!(
            tokio::time::timeout(FIRST_ACK_DEADLINE, acked).await,
            Ok(Ok(_))
        )
    }

    fn acked_so_far(&self) -> usize {
        self.acked.borrow().len()
    }

    /// Stops the senders and returns what they saw, with the acknowledged IDs.
    async fn stop(self) -> (Vec<String>, Observed) {
        self.stop.store(true, Ordering::SeqCst);
        for sender in self.senders {
            sender.await.unwrap();
        }
        let acked = self.acked.borrow().clone();
        let observed = std::mem::take(&mut *self.observed.lock().unwrap());
        (acked, observed)
    }
}

/// The database as another process sees it: read-only, nothing recovered or migrated by us.
async fn read_only(path: &std::path::Path) -> SqlitePool {
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::from_str("sqlite://")
                .unwrap()
                .filename(path)
                .read_only(true),
        )
        .await
        .unwrap()
}

/// What the database holds of the test's events.
struct Stored {
    /// Copies of each message's status event, by message ID.
    copies: HashMap<String, usize>,
    /// Message IDs whose event row lacks its body or its message status row.
    incomplete: Vec<String>,
    /// Bodies no event refers to.
    orphan_bodies: i64,
}

async fn stored(db: &SqlitePool) -> Stored {
    let rows: Vec<(String, bool, bool)> = sqlx::query_as(
        "SELECT json_extract(e.event, '$.status.id'),
                EXISTS (SELECT 1 FROM webhook_bodies b WHERE b.sha256 = e.body_sha256),
                EXISTS (SELECT 1 FROM message_statuses s WHERE s.message_id = json_extract(e.event, '$.status.id'))
         FROM webhook_events e WHERE e.kind = 'status.sent'",
    )
    .fetch_all(db)
    .await
    .unwrap();
    let mut copies = HashMap::new();
    let mut incomplete = Vec::new();
    for (id, has_body, has_status) in rows {
        if !(has_body && has_status) {
            incomplete.push(id.clone());
        }
        *copies.entry(id).or_default() += 1;
    }
    let orphan_bodies = sqlx::query_scalar(
        "SELECT COUNT(*) FROM webhook_bodies WHERE sha256 NOT IN (SELECT body_sha256 FROM webhook_events)",
    )
    .fetch_one(db)
    .await
    .unwrap();
    Stored {
        copies,
        incomplete,
        orphan_bodies,
    }
}

async fn pragma_check(db: &SqlitePool, pragma: &'static str) -> Vec<String> {
    sqlx::query_scalar(pragma).fetch_all(db).await.unwrap()
}

fn seed() -> u64 {
    match std::env::var("WABA_CRASH_SEED") {
        Ok(seed) => seed
            .parse()
            .unwrap_or_else(|e| panic!("WABA_CRASH_SEED={seed:?} is not a number: {e}")),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_event_survives_sigkill_under_load() {
    let seed = seed();
    println!("receiver_crash: seed {seed} (replay the kill moments with WABA_CRASH_SEED={seed})");
    let mut rng = StdRng::seed_from_u64(seed);

    let cli = Cli::new();
    let (code, stored_secret) = cli.run(&["app-secret", "set"], &format!("{APP_SECRET}\n"));
    assert_eq!(code, 0, "{stored_secret}");
    let db_path = cli.dir.path().join("console.db");

    let mut acked_ever: HashSet<String> = HashSet::new();
    let mut attempted_ever: HashSet<String> = HashSet::new();
    let mut kill_moments = Vec::new();
    for round in 0..ROUNDS {
        let delay = Duration::from_millis(rng.random_range(KILL_DELAY_MS));
        let (mut child, url, _stdout) = tokio::task::block_in_place(|| cli.serve(&[]));
        let started = Instant::now();
        let mut load = Load::start(&url, round);
        if !load.first_ack().await {
            let _ = child.kill();
            panic!("round {round}: no POST was acknowledged within {FIRST_ACK_DEADLINE:?}");
        }
        let first_ack = started.elapsed();
        // The random moment of the kill; the state it is measured from is the first ack.
        tokio::time::sleep(delay).await;
        let acked_at_kill = load.acked_so_far();
        child.kill().unwrap();
        let killed_at = started.elapsed();
        let status = child.wait().unwrap();
        assert!(!status.success(), "round {round}: killed, so no clean exit");
        let (acked, observed) = load.stop().await;

        let unexpected: Vec<_> = observed
            .statuses
            .keys()
            .filter(|s| !EXPECTED_STATUSES.contains(s))
            .collect();
        assert!(
            unexpected.is_empty(),
            "round {round}: statuses {:?}",
            observed.statuses
        );
        acked_ever.extend(acked.iter().cloned());
        attempted_ever.extend(observed.attempted.iter().cloned());

        let db = read_only(&db_path).await;
        let now = stored(&db).await;
        let missing: Vec<_> = acked_ever
            .iter()
            .filter(|id| !now.copies.contains_key(*id))
            .collect();
        assert!(
            missing.is_empty(),
            "round {round} (seed {seed}): {} acknowledged events are not in the database: {:?}",
            missing.len(),
            missing.iter().take(10).collect::<Vec<_>>()
        );
        let repeated: Vec<_> = now.copies.iter().filter(|(_, n)| **n != 1).collect();
        assert!(
            repeated.is_empty(),
            "round {round}: stored more than once: {repeated:?}"
        );
        assert!(
            now.incomplete.is_empty(),
            "round {round}: events stored without their body or status: {:?}",
            now.incomplete
        );
        assert_eq!(
            now.orphan_bodies, 0,
            "round {round}: bodies without their events"
        );
        let unknown: Vec<_> = now
            .copies
            .keys()
            .filter(|id| !attempted_ever.contains(*id))
            .collect();
        assert!(
            unknown.is_empty(),
            "round {round}: stored but never sent: {unknown:?}"
        );
        let round_prefix = format!("wamid.crash-r{round}-");
        let stored_this_round = now
            .copies
            .keys()
            .filter(|id| id.starts_with(&round_prefix))
            .count();
        let committed_unacked = stored_this_round - acked.len();
        // Each sender has one request at a time: only those in flight at the kill can have been
        // committed without their 200 arriving.
        assert!(
            committed_unacked <= SENDERS,
            "round {round}: {committed_unacked} stored without an ack, more than the {SENDERS} in flight"
        );
        assert_eq!(
            pragma_check(&db, "PRAGMA quick_check").await,
            ["ok"],
            "round {round}"
        );
        db.close().await;

        println!(
            "round {round:>2}: first ack after {:>4} ms, killed {:>3} ms later (at {:>4} ms, {acked_at_kill} acks); \
             {} acked, {stored_this_round} stored ({committed_unacked} committed in flight), statuses {:?}, {} unanswered",
            first_ack.as_millis(),
            delay.as_millis(),
            killed_at.as_millis(),
            acked.len(),
            observed.statuses,
            observed.failed,
        );
        kill_moments.push(delay.as_millis());
    }

    let db = read_only(&db_path).await;
    let total = stored(&db).await.copies.len();
    assert_eq!(pragma_check(&db, "PRAGMA integrity_check").await, ["ok"]);
    db.close().await;
    // The console itself reads all of it after twenty crashes.
    let (code, list) = cli.run(&["events", "list", "--limit", "1"], "");
    assert_eq!(code, 0, "{list}");
    assert_eq!(list["total"], total, "{list}");
    println!(
        "receiver_crash: {ROUNDS} rounds, {} acked, {total} stored, integrity ok; kill delays after the first ack (ms): {kill_moments:?}; seed {seed}",
        acked_ever.len()
    );

    let (code, cleared) = cli.run(&["app-secret", "clear"], "");
    assert_eq!(code, 0, "{cleared}");
}
