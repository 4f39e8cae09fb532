//! Inputs and peers that must not knock the hub over: each test attacks a real hub
//! and checks that it answers clearly and stays up.

mod common;

use std::time::Duration;

use common::*;
use serde_json::{Value, json};

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client")
}

async fn gql(hub: &TestHub, query: &str) -> (u16, Value) {
    let resp = http()
        .post(format!("{}/graphql", hub.endpoint))
        .header("authorization", format!("Bearer {}", hub.api_key))
        .header(
            "x-forge-context-token",
            ctx("i1", "m", &[]).to_header_value(),
        )
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("send");
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn assert_alive(hub: &TestHub) {
    let resp = http()
        .get(format!("{}/healthz", hub.endpoint))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("the hub still answers /healthz");
    assert_eq!(resp.status().as_u16(), 200);
}

fn code_and_message(body: &Value) -> (String, String) {
    let e = &body["errors"][0];
    (
        e["extensions"]["code"].as_str().unwrap_or("").to_string(),
        e["message"].as_str().unwrap_or("").to_string(),
    )
}

#[tokio::test]
async fn fragment_cycles_are_refused_and_named() {
    let hub = TestHub::start(&[]);
    for (query, cycle) in [
        ("mutation { ...A } fragment A on Mutation { ...A }", "A → A"),
        (
            "mutation { ...A } fragment A on Mutation { ...B } fragment B on Mutation { ...A }",
            "→ A",
        ),
    ] {
        let (status, body) = gql(&hub, query).await;
        assert_eq!(status, 400, "{body}");
        let (code, message) = code_and_message(&body);
        assert_eq!(code, "GRAPHQL_VALIDATION_FAILED");
        assert!(
            message.contains("fragment cycle") && message.contains(cycle),
            "{message}"
        );
    }
    assert_alive(&hub).await;
}

#[tokio::test]
async fn fragment_fan_out_and_deep_nesting_are_refused_before_they_cost() {
    let hub = TestHub::start(&[]);
    let mut q = String::from("mutation { ...F0 }\n");
    for i in 0..26 {
        q.push_str(&format!(
            "fragment F{i} on Mutation {{ ...F{n} ...F{n} }}\n",
            n = i + 1
        ));
    }
    q.push_str("fragment F26 on Mutation { __typename }\n");
    let (status, body) = gql(&hub, &q).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        code_and_message(&body).1.contains("more than 1000"),
        "{body}"
    );

    let deep = format!("mutation {}{}", "{ a ".repeat(20_000), "}".repeat(20_000));
    let (status, body) = gql(&hub, &deep).await;
    assert_eq!(status, 400, "{body}");
    assert!(code_and_message(&body).1.contains("deeper than"), "{body}");

    let (status, body) = gql(&hub, "mutation { ...Undefined }").await;
    assert_eq!(status, 400, "{body}");
    assert!(
        code_and_message(&body)
            .1
            .contains("unknown fragment \"Undefined\""),
        "{body}"
    );
    assert_alive(&hub).await;
}

fn batch(n: usize, channel: &str) -> String {
    let fields: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "p{i}: publishRealtimeChannel(installationId: \"i1\", name: \"{channel}\", payload: \"{i}\") {{ eventId }}"
            )
        })
        .collect();
    format!("mutation {{ ecosystem {{ {} }} }}", fields.join(" "))
}

#[tokio::test]
async fn a_batch_is_admitted_whole_or_refused_whole() {
    let hub = TestHub::start(&["--rate-limit", "50"]);
    let c = hub.client();
    let _sub = subscribed(&c, sub_opts("b", ctx("i1", "m", &[]))).await;
    // More operations than the limit allows per second can never run: refused, none done.
    let (status, body) = gql(&hub, &batch(100, "b")).await;
    assert_eq!(status, 400, "{body}");
    assert!(code_and_message(&body).1.contains("split it"), "{body}");
    // 30 fit (the subscribe took one); the next 30 do not: 429, and nothing of it ran.
    let (status, body) = gql(&hub, &batch(30, "b")).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = gql(&hub, &batch(30, "b")).await;
    assert_eq!(status, 429);
    let metrics = hub.metrics().await;
    assert!(
        metrics.contains("frt_events_published_total 30"),
        "the status and the events delivered agree:\n{metrics}"
    );
}
