//! The load generator's bodies for `scripts/bench`'s webhook receiver figure: `count` distinct
//! status webhooks, each Meta's envelope from `webhook::sample` for its own made-up message
//! (`wamid.bench-<n>`, so the receiver de-duplicates none of them), signed `X-Hub-Signature-256`
//! with the app secret read from standard input. wrk's Lua has no HMAC, so the bodies are signed
//! here ahead of the run and `scripts/bench-webhook.lua` sends them.
//!
//! `echo "$APP_SECRET" | cargo run --release -p waba-core --example webhook_load_bodies -- \
//!     <count> <waba id> <phone number id> <output file>`
//! writes one line per body: the signature header's value, a tab, the JSON body (one line).

use std::io::{BufRead, BufWriter, Write};

use waba_core::secret::{secret, ExposeSecret};
use waba_core::webhook::sample::{status_body, SampleTarget};
use waba_core::webhook::sign;

/// The made-up messages' id prefix.
const MESSAGE_PREFIX: &str = "wamid.bench-";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [count, waba_id, phone_number_id, output] = args.as_slice() else {
        eprintln!("usage: webhook_load_bodies <count> <waba id> <phone number id> <output file> (app secret on standard input)");
        std::process::exit(2);
    };
    let count: u64 = count.parse().unwrap_or_else(|_| {
        eprintln!("webhook_load_bodies: the count must be a whole number, not {count:?}");
        std::process::exit(2);
    });
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .expect("standard input is readable");
    line.truncate(line.trim_end().len());
    let app_secret = secret(line);
    if app_secret.expose_secret().is_empty() {
        eprintln!("webhook_load_bodies: no app secret on standard input");
        std::process::exit(2);
    }

    let target = SampleTarget {
        waba_id,
        phone_number_id,
        display_phone_number: None,
    };
    let mut out = BufWriter::new(std::fs::File::create(output).expect("the output file"));
    let start = 1_764_000_000;
    for n in 0..count {
        let body = status_body(
            target,
            &format!("{MESSAGE_PREFIX}{n}"),
            start + i64::try_from(n).expect("count fits"),
        );
        let signature = sign(&app_secret, &body);
        out.write_all(signature.as_bytes()).expect("written");
        out.write_all(b"\t").expect("written");
        out.write_all(&body).expect("written");
        out.write_all(b"\n").expect("written");
    }
    out.flush().expect("written");
}
