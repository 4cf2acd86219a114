//! Benchmark: the doctor's wall time in round trips. The sandbox adds 100 ms to every Graph call;
//! the doctor sends all its reads at once, so its wall time should be about one round trip: at
//! most 1.2 warm (token cached, connections open), at most 1.5 on the first run after a launch
//! (a console just opened on the same folder and keychain: the token read from the keychain and
//! every connection opened within the timed run). For scale it also times the same reads one after
//! another, as the seed's curl checklist does. Prints figures, and one tab-separated
//! `bench-figure` line per goal for `scripts/bench`; asserts nothing (these machines are noisy).
//!
//! Run: scripts/with-test-keychain cargo run -q -p waba-service --example doctor_bench

use std::time::{Duration, Instant};

use waba_graph::{ClientConfig, GraphClient};
use waba_secrets::secret;
use waba_sim::{SandboxConfig, Scenario, SANDBOX_TOKEN};

#[path = "support/sandbox_console.rs"]
mod sandbox_console;
use sandbox_console::BenchConsole;

const LATENCY: Duration = Duration::from_millis(100);
const RUNS: usize = 7;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let bench = BenchConsole::start(SandboxConfig {
        scenario: Scenario::Healthy,
        latency: LATENCY,
        ..SandboxConfig::default()
    })
    .await;
    let (sim, console, profile) = (&bench.sim, &bench.console, &bench.profile);

    let client = GraphClient::new(ClientConfig {
        base_url: sim.base_url(),
        version: "v26.0".into(),
        timeout: Duration::from_secs(10),
    })
    .expect("client");
    let token = secret(SANDBOX_TOKEN.into());
    let waba = waba_sim::WABA_ID;
    let phone = waba_sim::PHONE_NUMBER_ID;

    let (mut rtt, mut doctor, mut first, mut sequential) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut checks, mut reads, mut max_in_flight) = (0, 0, 0);
    for _ in 0..RUNS {
        let t = Instant::now();
        client.debug_token(&token).await.expect("debug_token");
        rtt.push(t.elapsed());

        sim.requests().reset();
        let t = Instant::now();
        let report = console.run_doctor(&profile.id, None).await.expect("doctor");
        doctor.push(t.elapsed());
        checks = report.checks.len();
        reads = report.graph_calls;
        max_in_flight = sim.requests().snapshot().max_in_flight;

        let launched = bench.fresh_console().await;
        let t = Instant::now();
        launched
            .run_doctor(&profile.id, None)
            .await
            .expect("doctor after launch");
        first.push(t.elapsed());
        drop(launched);

        let t = Instant::now();
        client.debug_token(&token).await.expect("debug_token");
        client
            .waba(&token, waba, &["id", "name"])
            .await
            .expect("waba");
        client
            .phone_numbers(&token, waba, &["id"])
            .await
            .expect("numbers");
        client
            .phone_number(&token, phone, &["status"])
            .await
            .expect("phone");
        client
            .subscribed_apps(&token, waba)
            .await
            .expect("subscribed");
        client
            .message_templates(&token, waba, &["name", "status"])
            .await
            .expect("templates");
        client
            .business_profile(&token, &client.describe_business_profile(phone))
            .await
            .expect("business profile");
        sequential.push(t.elapsed());
    }
    let (rtt, doctor, first, sequential) = (
        median(rtt),
        median(doctor),
        median(first),
        median(sequential),
    );
    let ratio = |d: Duration| d.as_secs_f64() / rtt.as_secs_f64();
    println!(
        "doctor benchmark: sandbox latency {} ms per call, median of {RUNS} runs",
        LATENCY.as_millis()
    );
    println!(
        "  one round trip (debug_token):           {:>6} ms",
        rtt.as_millis()
    );
    println!(
        "  doctor, {checks} checks, reads at once, warm: {:>6} ms  = {:.2} round trips (goal <= 1.2)",
        doctor.as_millis(),
        ratio(doctor)
    );
    println!(
        "  the same, first run after a launch:       {:>6} ms  = {:.2} round trips (goal <= 1.5)",
        first.as_millis(),
        ratio(first)
    );
    println!(
        "  doctor reads sent: {reads}; most in flight together at the sandbox: {max_in_flight}"
    );
    println!(
        "  the same 6 reads one after another:     {:>6} ms  = {:.2} round trips",
        sequential.as_millis(),
        ratio(sequential)
    );
    let anchor = format!(
        "one round trip {} ms (sandbox latency {} ms)",
        rtt.as_millis(),
        LATENCY.as_millis()
    );
    println!(
        "bench-figure\tdoctor, warm / one round trip\t{:.2}\t\t<=\t1.2\t{anchor}",
        ratio(doctor)
    );
    println!(
        "bench-figure\tdoctor, first run after launch / one round trip\t{:.2}\t\t<=\t1.5\t{anchor}",
        ratio(first)
    );
    bench.finish().await;
}
