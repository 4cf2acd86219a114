//! The send limits on the real clock: a number's throughput (130429 past it, with Meta's
//! subcode 2494055) and the pair limit to one recipient (131056), each measured against a small
//! configured limit, waiting on answers rather than on time.

use reqwest::Method;
use serde_json::json;
use waba_sim::{MessageLimits, Scenario, TEST_RECIPIENTS};

use crate::assert_envelope;
use crate::messages::{accepted, refused, text_to, CUSTOMER};
use crate::webhooks::{sandbox, until};

#[tokio::test]
async fn past_the_configured_throughput_sends_answer_130429_until_the_bucket_refills() {
    let h = sandbox(Scenario::Healthy).await;
    let (status, limits) = h.control(Method::GET, "/__sandbox/limits", None).await;
    assert_eq!(status, 200);
    assert_eq!(
        limits,
        json!({"perSecond": 80, "pairIntervalMs": 6000, "pairBurst": 45})
    );
    let (status, limits) = h
        .control(
            Method::POST,
            "/__sandbox/limits",
            Some(json!({"perSecond": 3})),
        )
        .await;
    assert_eq!(status, 200, "{limits}");
    assert_eq!(limits["perSecond"], 3);
    assert_eq!(h.sandbox.message_limits().per_second, 3);

    // Spread over recipients so the pair limit stays out of the way.
    let mut admitted = 0;
    let throttled = loop {
        let to = TEST_RECIPIENTS[admitted % TEST_RECIPIENTS.len()];
        let answer = h.send_message(text_to(to, "burst")).await;
        if answer.status != 200 {
            break answer;
        }
        admitted += 1;
        assert!(
            admitted < 50,
            "no 130429 after {admitted} sends at 3 per second"
        );
    };
    assert!(
        admitted >= 3,
        "a full second's worth goes at once: {admitted}"
    );
    let error = assert_envelope(
        &throttled,
        400,
        130429,
        &[
            "code",
            "error_data",
            "error_subcode",
            "fbtrace_id",
            "message",
            "type",
        ],
    );
    assert_eq!(error["error_subcode"], 2_494_055);
    assert_eq!(error["message"], "(#130429) Rate limit hit");
    assert!(error["error_data"]["details"]
        .as_str()
        .unwrap()
        .contains("3 messages per second"));

    // The bucket refills on the real clock.
    until("a send is admitted again", || async {
        h.send_message(text_to(CUSTOMER, "again")).await.status == 200
    })
    .await;
    let (status, refused_limits) = h
        .control(
            Method::POST,
            "/__sandbox/limits",
            Some(json!({"perSecond": 0})),
        )
        .await;
    assert_eq!(status, 400, "{refused_limits}");
}

#[tokio::test]
async fn the_pair_limit_holds_one_recipient_and_not_the_others() {
    let h = sandbox(Scenario::Healthy).await;
    h.sandbox.set_message_limits(MessageLimits {
        pair_burst: 2,
        pair_interval: std::time::Duration::from_secs(600),
        ..MessageLimits::default()
    });
    for _ in 0..2 {
        accepted(
            &h.send_message(text_to(CUSTOMER, "Hi")).await,
            CUSTOMER,
            CUSTOMER,
        );
    }
    let answer = h.send_message(text_to(CUSTOMER, "Hi")).await;
    refused(&answer, 400, 131056, "same recipient");
    assert_eq!(
        answer.body["error"]["message"],
        "(#131056) (Business Account, Consumer Account) pair rate limit hit"
    );
    let other = TEST_RECIPIENTS[1];
    accepted(&h.send_message(text_to(other, "Hi")).await, other, other);
    // An invalid message is refused before it counts.
    let mut bad = text_to(other, "Hi");
    bad["text"]["body"] = "".into();
    refused(&h.send_message(bad).await, 400, 131008, "body");
    accepted(&h.send_message(text_to(other, "Hi")).await, other, other);
}
