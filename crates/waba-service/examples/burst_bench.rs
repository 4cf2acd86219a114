//! Benchmark: a burst of 1,000 template sends against the sandbox limited to Meta's default 80
//! messages per second. The console paces itself just under the limit, so the achieved rate should
//! be at least 97 % of it with not one 130429. 25 recipients keep every recipient under Meta's pair
//! burst (45 per 6 s). Prints figures, and one tab-separated `bench-figure` line per goal for
//! `scripts/bench`; asserts nothing (these machines are noisy).
//!
//! Run: scripts/with-test-keychain cargo run -q --release -p waba-service --example burst_bench [count]

use waba_core::send::BurstRequest;
use waba_service::DEFAULT_SEND_LIMITS;
use waba_sim::{SandboxConfig, Scenario};

#[path = "support/sandbox_console.rs"]
mod sandbox_console;
use sandbox_console::BenchConsole;

#[tokio::main]
async fn main() {
    let count: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000);
    let bench = BenchConsole::start(SandboxConfig {
        scenario: Scenario::Healthy,
        ..SandboxConfig::default()
    })
    .await;
    let (sim, console, profile) = (&bench.sim, &bench.console, &bench.profile);
    console
        .sync_templates(&profile.id)
        .await
        .expect("templates");
    let limits = sim.message_limits();
    let burst = console
        .run_burst(&BurstRequest {
            profile_id: profile.id.clone(),
            template: "hello_world".into(),
            language: "en_US".into(),
            count,
            to: (0..25).map(|i| format!("1650555{:04}", 3000 + i)).collect(),
            parameters: vec![],
            confirmed: true,
        })
        .await
        .expect("burst");
    println!(
        "burst: {} sends in {:.2} s = {:.1}/s against the sandbox's {}/s (console paces at {}/s): achieved/allowed {:.3} (goal >= 0.97), 130429 answers {} (goal 0), accepted {}, failures {:?}",
        burst.sent,
        burst.seconds,
        burst.achieved_per_second,
        limits.per_second,
        DEFAULT_SEND_LIMITS.messages_per_second,
        burst.achieved_per_second / f64::from(limits.per_second),
        burst.throttled,
        burst.accepted,
        burst.failures,
    );
    let anchor = format!(
        "{} sends, sandbox limit {}/s",
        burst.sent, limits.per_second
    );
    println!(
        "bench-figure\tburst, achieved / allowed rate\t{:.3}\t\t>=\t0.97\t{anchor}",
        burst.achieved_per_second / f64::from(limits.per_second)
    );
    println!(
        "bench-figure\tburst, 130429 answers\t{}\t\t==\t0\t{anchor}",
        burst.throttled
    );
    bench.finish().await;
}
