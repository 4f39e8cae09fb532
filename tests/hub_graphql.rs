//! `POST /graphql`: parsed as GraphQL, answered with exactly the selected fields.

mod common;

use common::*;
use serde_json::{Value, json};

async fn gql(hub: &TestHub, query: &str, variables: Value) -> (u16, Value) {
    let resp = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(format!("{}/graphql", hub.endpoint))
        .header("authorization", format!("Bearer {}", hub.api_key))
        .header(
            "x-forge-context-token",
            ctx("i1", "m", &[("project", "P")]).to_header_value(),
        )
        .json(&json!({"query": query, "variables": variables}))
        .send()
        .await
        .expect("send");
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn selections_aliases_fragments_and_literals() {
    let hub = TestHub::start(&[]);
    let c = hub.client();
    let mut sub = subscribed(&c, sub_opts("g", ctx("i1", "m", &[("project", "P")]))).await;
    let query = r#"
        mutation Pub($p: String!, $inst: ID!) {
          eco: ecosystem {
            first: publishRealtimeChannel(installationId: $inst, name: "g", payload: $p) { id: eventId }
            ...F
          }
        }
        fragment F on EcosystemMutation {
          second: publishRealtimeChannel(installationId: "i1", name: "nobody", payload: "x") { eventId eventTimestamp __typename }
        }"#;
    let (status, body) = gql(&hub, query, json!({"p": "hello", "inst": "i1"})).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    let eco = &body["data"]["eco"];
    let first = eco["first"].as_object().expect("first");
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        ["id"],
        "exactly the selected fields, aliased"
    );
    assert_eq!(eco["second"]["eventId"], Value::Null);
    assert_eq!(eco["second"]["__typename"], "RealtimePublishResult");
    let ev = next_event(&mut sub, std::time::Duration::from_secs(5))
        .await
        .expect("event");
    assert_eq!(ev.payload, "hello");
    assert_eq!(Some(ev.event_id.as_str()), first["id"].as_str());
}

#[tokio::test]
async fn errors_come_back_in_the_graphql_shape() {
    let hub = TestHub::start(&[]);
    let (status, body) = gql(
        &hub,
        "mutation { ecosystem { publishRealtimeChannel(",
        json!({}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not valid GraphQL"),
        "{body}"
    );

    let (status, body) = gql(&hub, "query { ecosystem { x } }", json!({})).await;
    assert_eq!(status, 400);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("only the mutations"),
        "{body}"
    );

    let (status, body) = gql(
        &hub,
        "mutation { ecosystem { deleteEverything { ok } } }",
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["ecosystem"]["deleteEverything"], Value::Null);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Cannot query field \"deleteEverything\"")
    );

    let q = r#"mutation { ecosystem { publishRealtimeChannel(installationId: "i1", name: "c", payload: "p", token: "bad") { eventId } } }"#;
    let (_, body) = gql(&hub, q, json!({})).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "INVALID_TOKEN",
        "{body}"
    );
    assert_eq!(body["errors"][0]["extensions"]["statusCode"], 403);
    assert_eq!(
        body["errors"][0]["path"],
        json!(["ecosystem", "publishRealtimeChannel"])
    );

    let q = r#"mutation { ecosystem { publishRealtimeChannel(installationId: "other", name: "c", payload: "p") { eventId } } }"#;
    let (_, body) = gql(&hub, q, json!({})).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "INVALID_CONTEXT",
        "{body}"
    );

    let q = r#"mutation { ecosystem { signRealtimeToken(channelName: "c", claims: {a: 1}, permissions: [SUBSCRIBE]) { success forgeRealtimeToken { jwt expiresAt } } } }"#;
    let (_, body) = gql(&hub, q, json!({})).await;
    let t = &body["data"]["ecosystem"]["signRealtimeToken"];
    assert_eq!(t["success"], true, "{body}");
    let d =
        frt::token::decode_unverified(t["forgeRealtimeToken"]["jwt"].as_str().unwrap()).unwrap();
    assert_eq!(d.payload["claims"], json!({"a": 1}));
    assert_eq!(d.payload["permissions"], json!(["subscribe"]));
    assert_eq!(t["forgeRealtimeToken"]["expiresAt"], d.payload["exp"]);
}

#[tokio::test]
async fn the_rate_limit_is_an_http_429_too_many_requests() {
    let hub = TestHub::start(&["--rate-limit", "2"]);
    let q = r#"mutation { ecosystem { publishRealtimeChannel(installationId: "i1", name: "c", payload: "p") { eventId } } }"#;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(gql(&hub, q, json!({})).await.0);
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    // the reason phrase the SDK maps to RATE_LIMIT_EXCEEDED
    let mut stream = tokio::net::TcpStream::connect(hub.addr()).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = json!({"query": q}).to_string();
    let req = format!(
        "POST /graphql HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {}\r\nx-forge-context-token: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        hub.api_key,
        ctx("i1", "m", &[]).to_header_value(),
        body.len()
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).await.unwrap();
    assert!(
        text.starts_with("HTTP/1.1 429 Too Many Requests\r\n"),
        "{text}"
    );
}
