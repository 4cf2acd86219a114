//! The message log with a million messages: fills a fresh database (in a temporary folder, or
//! the path given) with 1,000,000 sends of one profile spread over a year, then prints how long
//! the log's first pages (50 rows) take with each filter, a count and the funnel over a month.
//! Figures only, nothing asserted (the speed goal is a first page with a status filter under
//! 20 ms; the query plans behind it are guarded by the store's tests). The slowest of the
//! status-filtered first pages (median) is also printed as a tab-separated `bench-figure` line for
//! `scripts/bench`.
//!
//! `cargo run --release -p waba-store --example message_log_bench [-- [--messages N] [<database path>]]`
//! (a million messages by default; the database takes about 600 MB; the temporary folder is
//! removed at the end).

use std::time::{Duration, Instant};

use time::OffsetDateTime;
use waba_core::profile::{Profile, ProfileKind};
use waba_core::send::MessageKind;
use waba_store::{MessageFilter, SendStatus, Store};

const DEFAULT_MESSAGES: i64 = 1_000_000;
const BATCH: i64 = 50_000;
const PROFILE: &str = "bench";
const DAY_MS: i64 = 86_400_000;
/// The newest message's time: 2026-12-01T00:00:00Z.
const END_MS: i64 = 1_796_083_200_000;
const SPAN_MS: i64 = 365 * DAY_MS;

/// One batch of generated sends: 20,000 recipients, every kind, statuses in realistic shares
/// (45 % read, 25 % delivered, 10 % sent, 5 % failed, 7 % accepted, 4 % refused, 2 % unknown,
/// 1 % played, 1 % pending), in time order like real sends.
const FILL: &str = "
WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2),
g AS (
  SELECT i,
         '1650' || printf('%07d', (i * 48271) % 2147483647 % 20000) AS recipient,
         CASE i % 20 WHEN 0 THEN 'image' WHEN 1 THEN 'document' WHEN 2 THEN 'audio'
           WHEN 3 THEN 'video' WHEN 4 THEN 'sticker' WHEN 5 THEN 'buttons' WHEN 6 THEN 'list'
           WHEN 7 THEN 'text' WHEN 8 THEN 'text' WHEN 9 THEN 'text' ELSE 'template' END AS kind,
         (i * 2654435761) / 4096 % 100 AS dice,
         ?3 + i * ?4 AS created_ms
  FROM n
),
s AS (
  SELECT *, CASE WHEN dice < 45 THEN 'read' WHEN dice < 70 THEN 'delivered'
    WHEN dice < 80 THEN 'sent' WHEN dice < 85 THEN 'failed' WHEN dice < 92 THEN 'accepted'
    WHEN dice < 96 THEN 'refused' WHEN dice < 98 THEN 'unknown' WHEN dice < 99 THEN 'played'
    ELSE 'pending' END AS status
  FROM g
)
INSERT INTO messages (reference, profile_id, phone_number_id, recipient, kind, summary, request,
  created_at, created_ms, wamid, status, status_at, error_code, error, pricing_category, billable,
  attempts)
SELECT 'bench-' || i, 'bench', '106540352242922', recipient, kind,
       CASE kind WHEN 'template' THEN 'Template order_update_' || (i / 7 % 40) || ' (en_US)'
         ELSE 'A ' || kind || ' message, number ' || i END,
       json_object('messaging_product', 'whatsapp', 'recipient_type', 'individual',
         'to', recipient, 'type', kind, 'biz_opaque_callback_data', 'bench-' || i,
         kind, json_object('body', 'Your order ' || i || ' is on its way')),
       strftime('%Y-%m-%dT%H:%M:%SZ', created_ms / 1000, 'unixepoch'), created_ms,
       CASE WHEN status IN ('pending', 'refused', 'unknown') THEN NULL ELSE 'wamid.bench.' || i END,
       status, strftime('%Y-%m-%dT%H:%M:%SZ', created_ms / 1000 + 5, 'unixepoch'),
       CASE status WHEN 'failed' THEN 131026 WHEN 'refused' THEN 131030 END,
       CASE WHEN status IN ('failed', 'refused') THEN '[{\"code\":131026}]' END,
       CASE WHEN kind = 'template' AND status IN ('sent', 'delivered', 'read') THEN 'utility' END,
       CASE WHEN kind = 'template' AND status IN ('sent', 'delivered', 'read') THEN 1 END,
       1
FROM s";

fn ms(d: Duration) -> String {
    format!("{:8.2} ms", d.as_secs_f64() * 1000.0)
}

/// The first run and the median of five more, so a cold cache and a warm one both show; returns
/// the median.
async fn timed<T, F, Fut>(label: &str, mut run: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, waba_store::StoreError>>,
    T: Describe,
{
    let start = Instant::now();
    let first = run().await.expect(label);
    let cold = start.elapsed();
    let mut warm = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        run().await.expect(label);
        warm.push(start.elapsed());
    }
    warm.sort();
    println!(
        "{label:<52} first {}  median {}  ({})",
        ms(cold),
        ms(warm[2]),
        first.describe()
    );
    warm[2]
}

trait Describe {
    fn describe(&self) -> String;
}

impl Describe for Vec<waba_store::StoredMessage> {
    fn describe(&self) -> String {
        format!("{} rows", self.len())
    }
}

impl Describe for u64 {
    fn describe(&self) -> String {
        format!("{self}")
    }
}

impl Describe for waba_store::MessageFunnel {
    fn describe(&self) -> String {
        format!(
            "accepted {}, sent {}, delivered {}, read {}, failed {}",
            self.accepted, self.sent, self.delivered, self.read, self.failed
        )
    }
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut args = std::env::args().skip(1).peekable();
    let messages: i64 = if args.peek().map(String::as_str) == Some("--messages") {
        args.next();
        args.next()
            .and_then(|n| n.parse().ok())
            .filter(|n| *n >= BATCH)
            .unwrap_or_else(|| panic!("--messages takes a whole number of at least {BATCH}"))
    } else {
        DEFAULT_MESSAGES
    };
    let path = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("console.db"));
    let store = Store::open(&path).await.expect("the database");
    store
        .insert_profile(&Profile {
            id: PROFILE.into(),
            name: "Bench".into(),
            kind: ProfileKind::Sandbox,
            app_id: "634974688087057".into(),
            waba_id: "102290129340398".into(),
            phone_number_id: "106540352242922".into(),
            api_version: "v26.0".into(),
            base_url: None,
            scenario: Some("healthy".into()),
            created_at: "2026-12-01T00:00:00Z".into(),
        })
        .await
        .expect("the profile");
    store.close().await;

    let pool = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Normal),
    )
    .await
    .expect("a second connection");
    let start = Instant::now();
    let step = SPAN_MS / messages;
    for first in (0..messages).step_by(usize::try_from(BATCH).unwrap()) {
        let mut tx = pool.begin().await.expect("a transaction");
        sqlx::query(FILL)
            .bind(first)
            .bind((first + BATCH).min(messages))
            .bind(END_MS - SPAN_MS)
            .bind(step)
            .execute(&mut *tx)
            .await
            .expect("a batch");
        tx.commit().await.expect("the batch committed");
    }
    let fill = start.elapsed();
    pool.close().await;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(path.with_extension("db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!(
        "filled {messages} messages in {:.1} s ({} batches of {BATCH}); database {} MB",
        fill.as_secs_f64(),
        messages / BATCH,
        size / 1_000_000
    );

    let store = Store::open(&path).await.expect("the database again");
    let filter = |f: fn(&mut MessageFilter)| {
        let mut filter = MessageFilter::profile(PROFILE);
        f(&mut filter);
        filter
    };
    let pages = [
        ("first page, no filter", filter(|_| {})),
        (
            "first page, status failed (5 %)",
            filter(|f| f.status = Some(SendStatus::Failed)),
        ),
        (
            "first page, status delivered (25 %)",
            filter(|f| f.status = Some(SendStatus::Delivered)),
        ),
        (
            "first page, status pending (1 %)",
            filter(|f| f.status = Some(SendStatus::Pending)),
        ),
        (
            "first page, by recipient (50 messages)",
            filter(|f| f.recipient = Some("16500012345".into())),
        ),
        (
            "first page, kind document (5 %)",
            filter(|f| f.kind = Some(MessageKind::Document)),
        ),
        (
            "first page, status failed + kind text",
            filter(|f| {
                f.status = Some(SendStatus::Failed);
                f.kind = Some(MessageKind::Text);
            }),
        ),
        (
            "first page, last 7 days",
            filter(|f| f.since_ms = Some(END_MS - 7 * DAY_MS)),
        ),
        (
            "first page, a month 6 months ago",
            filter(|f| {
                f.since_ms = Some(END_MS - 210 * DAY_MS);
                f.until_ms = Some(END_MS - 180 * DAY_MS);
            }),
        ),
        (
            "first page, search a common word (\"order_update_7\")",
            filter(|f| f.search = Some("ORDER_UPDATE_7".into())),
        ),
        (
            "first page, search matching nothing (reads all)",
            filter(|f| f.search = Some("no such words".into())),
        ),
    ];
    let mut slowest_status_page = Duration::ZERO;
    for (label, filter) in &pages {
        let median = timed(label, || store.messages(filter, None, 50)).await;
        if filter.status.is_some() {
            slowest_status_page = slowest_status_page.max(median);
        }
    }
    println!(
        "bench-figure\tmessage log, first page with a status filter (slowest filter, median)\t{:.2}\tms\t<=\t20\t{messages} messages",
        slowest_status_page.as_secs_f64() * 1000.0
    );
    let middle = filter(|f| f.status = Some(SendStatus::Delivered));
    timed(
        "a page before id 500,000 (keyset), status delivered",
        || store.messages(&middle, Some(messages / 2), 50),
    )
    .await;
    let month = &pages[8].1;
    timed("a page before id 470,000, the month 6 months ago", || {
        store.messages(month, Some(470_000), 50)
    })
    .await;
    timed("count, status failed", || store.count_messages(&pages[1].1)).await;
    timed("count, no filter", || store.count_messages(&pages[0].1)).await;
    timed("funnel, the last 30 days", || {
        store.message_funnel(PROFILE, END_MS - 30 * DAY_MS, END_MS + 1)
    })
    .await;
    timed("stale accepted (older than 10 minutes)", || {
        store.count_stale_accepted(PROFILE, unix_ms_now() - 600_000)
    })
    .await;
}

fn unix_ms_now() -> i64 {
    i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(0)
}
