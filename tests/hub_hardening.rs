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
            "A → B → A",
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

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn ws_connect(hub: &TestHub) -> Ws {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let url = format!("ws://{}/forge/realtime/v1/subscribe", hub.addr());
    let mut req = url.into_client_request().expect("req");
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {}", hub.api_key).parse().expect("header"),
    );
    tokio_tungstenite::connect_async(req)
        .await
        .expect("connect")
        .0
}

async fn send_json(ws: &mut Ws, v: Value) {
    use futures_util::SinkExt;
    ws.send(tokio_tungstenite::tungstenite::Message::Text(
        v.to_string().into(),
    ))
    .await
    .expect("send");
}

/// The next text frame as JSON.
async fn next_json(ws: &mut Ws) -> Value {
    use futures_util::StreamExt;
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .expect("a frame within 5 s")
            .expect("open")
            .expect("frame");
        if let tokio_tungstenite::tungstenite::Message::Text(t) = msg {
            return serde_json::from_str(t.as_str()).expect("json");
        }
    }
}

/// Polls /metrics until `line` is there (bounded).
async fn await_metric(hub: &TestHub, line: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let m = hub.metrics().await;
        if m.lines().any(|l| l == line) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {line:?} within 10 s:\n{m}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_token_that_expires_in_the_far_future_does_not_break_a_connection() {
    let hub = TestHub::start(&[]);
    let now = std::time::SystemTime::now();
    let iat = now
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let token = sign_with_hub_key(
        &hub,
        "far",
        "i1",
        None,
        now,
        Duration::from_secs(9_200_000_000_000_000_000 - iat),
    );
    let mut ws = ws_connect(&hub).await;
    send_json(
        &mut ws,
        json!({"type": "subscribe", "id": "s", "channel": "far", "token": token,
               "context": {"installationId": "i1", "moduleKey": "m"}}),
    )
    .await;
    assert_eq!(next_json(&mut ws).await["type"], "subscribed");
    let c = hub.client();
    let r = c
        .publish(
            &frt::client::Publish::new("far", "still alive", ctx("i1", "m", &[]))
                .token(Some(token)),
        )
        .await
        .expect("publish");
    assert!(r.event_id.is_some());
    assert_eq!(next_json(&mut ws).await["payload"], "still alive");
    drop(ws);
    // The connection is released: not counted, its subscription only held for grace.
    await_metric(&hub, "frt_connections 0").await;
    await_metric(&hub, "frt_subscriptions_detached 1").await;
}

#[test]
fn periods_and_timeouts_that_would_overflow_are_usage_errors() {
    let hub = TestHub::start(&[]);
    for args in [
        &["serve", "--addr", "127.0.0.1:0", "--ping-interval", "0s"][..],
        &["subscribe", "demo", "--timeout", "500000000000y"][..],
        &["publish", "demo", "x", "--request-timeout", "0ms"][..],
    ] {
        let out = run({
            let mut c = hub.frt();
            c.args(args);
            c
        });
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("zero") || out.stderr.contains("too long"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

async fn publish_raw(hub: &TestHub, auth: &str, context_header: &str) -> (u16, Value) {
    let resp = http()
        .post(format!("{}/forge/realtime/v1/publish", hub.endpoint))
        .header("authorization", auth)
        .header("x-forge-context-token", context_header)
        .json(&json!({"name": "c", "payload": "p"}))
        .send()
        .await
        .expect("send");
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

fn encoded(context: Value) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(context.to_string())
}

#[tokio::test]
async fn context_texts_are_bounded_and_free_of_control_characters() {
    let hub = TestHub::start(&[]);
    let auth = format!("Bearer {}", hub.api_key);
    let long = "i".repeat(300);
    for (context, field) in [
        (
            json!({"installationId": long, "moduleKey": "m"}),
            "installationId",
        ),
        (
            json!({"installationId": "i", "moduleKey": "m\u{1b}]0;pwned\u{7}"}),
            "moduleKey",
        ),
        (
            json!({"installationId": "i", "moduleKey": "m", "extension": {"issue": "1\n2"}}),
            "extension.issue",
        ),
    ] {
        let (status, body) = publish_raw(&hub, &auth, &encoded(context)).await;
        assert_eq!(status, 400, "{body}");
        let e = &body["errors"][0];
        assert_eq!(e["code"], "INVALID_CONTEXT");
        assert!(
            e["message"].as_str().unwrap_or("").contains(field),
            "the message names {field}: {body}"
        );
    }
    // A flood of header bytes is refused before it is looked at.
    let (status, body) = publish_raw(&hub, &auth, &"A".repeat(40 * 1024)).await;
    assert_eq!(status, 431, "{body}");
    assert_eq!(body["errors"][0]["code"], "HEADERS_TOO_LARGE");
    // The CLI refuses the same before sending anything.
    let out = run({
        let mut c = hub.frt();
        c.args(["publish", "c", "p", "--installation", &long]);
        c
    });
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--installation"), "{}", out.stderr);
    assert_alive(&hub).await;
}

#[tokio::test]
async fn small_protocol_faults_are_answered_properly() {
    let hub = TestHub::start(&[]);
    // The auth scheme is case-insensitive.
    let (status, body) = publish_raw(
        &hub,
        &format!("bearer {}", hub.api_key),
        &ctx("i1", "m", &[]).to_header_value(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // A 405 has the error shape.
    let resp = http()
        .get(format!("{}/forge/realtime/v1/publish", hub.endpoint))
        .header("authorization", format!("Bearer {}", hub.api_key))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status().as_u16(), 405);
    let body: Value = resp.json().await.expect("a JSON body");
    assert_eq!(body["errors"][0]["code"], "METHOD_NOT_ALLOWED");
    // Claims are an object, and a token the hub would refuse is never signed.
    let token_req = |claims: Value| {
        http()
            .post(format!("{}/forge/realtime/v1/token", hub.endpoint))
            .header("authorization", format!("Bearer {}", hub.api_key))
            .header(
                "x-forge-context-token",
                ctx("i1", "m", &[]).to_header_value(),
            )
            .json(&json!({"channelName": "c", "claims": claims}))
            .send()
    };
    for claims in [
        json!("string"),
        json!([1]),
        json!({"big": "x".repeat(60 * 1024)}),
    ] {
        let resp = token_req(claims).await.expect("send");
        assert_eq!(resp.status().as_u16(), 400);
        let body: Value = resp.json().await.expect("json");
        assert_eq!(body["errors"][0]["code"], "INVALID_CLAIMS", "{body}");
    }
}

#[test]
fn tokens_with_an_unknown_kid_or_a_future_nbf_are_invalid() {
    use frt::token::{self, SigningKey, TokenErrorCode};
    let key = SigningKey::generate().expect("key");
    let other = SigningKey::generate().expect("key");
    let claims = json!({});
    let spec = token::TokenSpec {
        channel: "c",
        installation: "i",
        claims: &claims,
        permissions: None,
        ttl: Duration::from_secs(60),
    };
    let now = std::time::SystemTime::now();
    let (t, _) = token::sign(&other, &spec, now).expect("sign");
    let e = token::verify(&t, &key).unwrap_err();
    assert_eq!(e.code, TokenErrorCode::InvalidToken);
    assert!(e.message.contains("unknown key id"), "{}", e.message);
    // nbf in the future: not yet valid.
    let (t, _) = token::sign(&key, &spec, now).expect("sign");
    let mut d = token::verify(&t, &key).expect("valid");
    d.payload["nbf"] = json!(token::DecodedToken::exp(&d).expect("exp"));
    let e = d.check(None, None, now).unwrap_err();
    assert!(e.message.contains("not valid before"), "{}", e.message);
}

#[test]
fn sign_token_never_prints_the_token_in_its_trace() {
    let hub = TestHub::start(&[]);
    let out = run({
        let mut c = hub.frt();
        c.args(["sign-token", "c", "-vv"]);
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    let token = out.stdout.trim();
    assert!(token.len() > 20);
    assert!(!out.stderr.contains(token), "{}", out.stderr);
    assert!(out.stderr.contains("<redacted>"), "{}", out.stderr);
}

async fn subscribe_raw(ws: &mut Ws, id: &str, channel: &str, extra: Value) -> Value {
    let mut frame = json!({"type": "subscribe", "id": id, "channel": channel,
                           "context": {"installationId": "i1", "moduleKey": "m"}});
    if let (Some(f), Some(e)) = (frame.as_object_mut(), extra.as_object()) {
        f.extend(e.clone());
    }
    send_json(ws, frame).await;
    next_json(ws).await
}

/// Reads until the close frame; its code and reason.
async fn close_of(ws: &mut Ws) -> Option<(u16, String)> {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Ok(Some(Ok(Message::Close(Some(f))))) => {
                return Some((f.code.into(), f.reason.to_string()));
            }
            Ok(Some(Ok(_))) => {}
            _ => return None,
        }
    }
}

#[tokio::test]
async fn a_reader_that_never_reads_is_cut_by_bytes_not_frames() {
    let hub = TestHub::start(&["--queue-bytes", "1MiB", "--queue-limit", "100000"]);
    let mut silent = ws_connect(&hub).await;
    assert_eq!(
        subscribe_raw(&mut silent, "s", "big", json!({})).await["type"],
        "subscribed"
    );
    let c = hub.client();
    let payload = "x".repeat(60 * 1024);
    let mut cut = false;
    for i in 0..1000 {
        c.publish(&frt::client::Publish::new(
            "big",
            payload.clone(),
            ctx("i1", "m", &[]),
        ))
        .await
        .expect("publishing never fails because of a slow reader");
        if i % 10 == 9
            && hub
                .metrics()
                .await
                .contains("frt_subscribers_dropped_slow_total 1")
        {
            cut = true;
            break;
        }
    }
    assert!(
        cut,
        "a reader holding megabytes is cut long before 4096 frames"
    );
    let (code, reason) = close_of(&mut silent).await.expect("a close frame");
    assert_eq!(code, 1008);
    assert!(reason.contains("bytes"), "{reason}");
}

#[tokio::test]
async fn a_replay_larger_than_the_budget_sends_the_newest_events_and_says_so() {
    let hub = TestHub::start(&["--queue-bytes", "1MiB"]);
    let c = hub.client();
    let mut anchor = subscribed(&c, sub_opts("r", ctx("i1", "m", &[]))).await;
    let payload = "y".repeat(10 * 1024);
    for i in 0..200 {
        c.publish(&frt::client::Publish::new(
            "r",
            format!("{i:03}{payload}"),
            ctx("i1", "m", &[]),
        ))
        .await
        .expect("publish");
        next_event(&mut anchor, Duration::from_secs(5))
            .await
            .expect("the anchor reads along");
    }
    let mut ws = ws_connect(&hub).await;
    let confirmation = subscribe_raw(&mut ws, "late", "r", json!({"replaySeconds": 300})).await;
    assert_eq!(confirmation["type"], "subscribed");
    assert_eq!(confirmation["recovered"], false, "{confirmation}");
    let mut replayed = Vec::new();
    c.publish(&frt::client::Publish::new("r", "live", ctx("i1", "m", &[])))
        .await
        .expect("publish");
    loop {
        let f = next_json(&mut ws).await;
        let p = f["payload"].as_str().unwrap_or("").to_string();
        if p == "live" {
            break;
        }
        replayed.push(p[..3].to_string());
    }
    assert!(
        !replayed.is_empty() && replayed.len() < 200,
        "{} replayed",
        replayed.len()
    );
    assert_eq!(
        replayed.last().map(String::as_str),
        Some("199"),
        "the newest, without a gap"
    );
}

#[tokio::test]
async fn subscriptions_per_connection_are_capped_by_a_flag() {
    let hub = TestHub::start(&["--max-subscriptions", "2"]);
    let mut ws = ws_connect(&hub).await;
    for id in ["a", "b"] {
        assert_eq!(
            subscribe_raw(&mut ws, id, id, json!({})).await["type"],
            "subscribed"
        );
    }
    let refused = subscribe_raw(&mut ws, "c", "c", json!({})).await;
    assert_eq!(refused["type"], "error");
    assert_eq!(refused["code"], "TOO_MANY_SUBSCRIPTIONS");
    assert!(
        refused["message"]
            .as_str()
            .unwrap_or("")
            .contains("--max-subscriptions"),
        "{refused}"
    );
}

/// Reads until the peer closes; the bytes read, or None if it stays open past `limit`.
async fn read_to_close(stream: &mut tokio::net::TcpStream, limit: Duration) -> Option<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(got),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test]
async fn trickled_headers_and_idle_keep_alive_connections_are_closed() {
    use tokio::io::AsyncWriteExt;
    let hub = TestHub::start(&["--header-timeout", "500ms"]);
    let mut trickle = tokio::net::TcpStream::connect(hub.addr())
        .await
        .expect("connect");
    trickle
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n")
        .await
        .expect("write");
    assert!(
        read_to_close(&mut trickle, Duration::from_secs(5))
            .await
            .is_some(),
        "headers that never finish are cut"
    );
    let mut idle = tokio::net::TcpStream::connect(hub.addr())
        .await
        .expect("connect");
    idle.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .expect("write");
    let answer = read_to_close(&mut idle, Duration::from_secs(5))
        .await
        .expect("an idle keep-alive connection is closed");
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{answer:?}");
    assert_alive(&hub).await;
}

#[tokio::test]
async fn a_flood_of_silent_connections_does_not_lock_out_real_clients() {
    let hub = TestHub::start(&["--max-pending", "8"]);
    let mut silent = Vec::new();
    for _ in 0..64 {
        silent.push(
            tokio::net::TcpStream::connect(hub.addr())
                .await
                .expect("connect"),
        );
    }
    // A real client still gets through, at once.
    assert_alive(&hub).await;
    let c = hub.client();
    c.publish(&frt::client::Publish::new("c", "p", ctx("i1", "m", &[])))
        .await
        .expect("an authenticated client gets through");
    // The oldest silent ones were closed to make room.
    let first = silent.first_mut().expect("a connection");
    assert!(
        read_to_close(first, Duration::from_secs(5)).await.is_some(),
        "the oldest silent connection was closed"
    );
}

#[tokio::test]
async fn a_peer_that_answers_no_ping_is_dropped() {
    let hub = TestHub::start(&["--ping-interval", "200ms"]);
    let mut ws = ws_connect(&hub).await;
    assert_eq!(
        subscribe_raw(&mut ws, "s", "p", json!({})).await["type"],
        "subscribed"
    );
    // From now on nothing is read, so no pong goes back.
    await_metric(&hub, "frt_subscriptions_detached 1").await;
    await_metric(&hub, "frt_connections 0").await;
    drop(ws);
}

/// `frt serve` on `state` with the given extra arguments, run to completion (it must
/// refuse to start).
fn serve_refused(state: &std::path::Path, home: &std::path::Path) -> Output {
    run({
        let mut c = clean_command(home);
        c.args(["serve", "--addr", "127.0.0.1:0", "--state-dir"])
            .arg(state);
        c
    })
}

#[test]
fn a_state_directory_others_control_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("tmp");
    // Writable by others: refused with the fix, not made private and used (what was
    // planted there before would be trusted), and nothing in it is read or written.
    for mode in [0o777, 0o770] {
        let open_dir = tempfile::tempdir().expect("tmp");
        std::fs::write(
            open_dir.path().join("api-key"),
            "frt_planted_by_someone_else",
        )
        .expect("plant");
        std::fs::set_permissions(open_dir.path(), std::fs::Permissions::from_mode(mode))
            .expect("chmod");
        let out = serve_refused(open_dir.path(), home.path());
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(
            out.stderr.contains("writable by")
                && out
                    .stderr
                    .contains(&format!("chmod 700 {}", open_dir.path().display()))
                && out.stderr.contains("--state-dir"),
            "{}",
            out.stderr
        );
        let left = std::fs::metadata(open_dir.path())
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(left & 0o777, mode, "left as it was: {left:o}");
        assert!(!open_dir.path().join("hub.json").exists());
        assert!(!open_dir.path().join("signing-key.json").exists());
    }
    // A key file that is a link is refused, not read or written through.
    let state = tempfile::tempdir().expect("tmp");
    let target = state.path().join("elsewhere");
    std::fs::write(&target, "precious").expect("write");
    std::os::unix::fs::symlink(&target, state.path().join("signing-key.json")).expect("link");
    let out = serve_refused(state.path(), home.path());
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("symbolic link"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "precious");
}

#[test]
fn a_second_hub_on_the_same_state_directory_is_refused_and_a_stopped_hub_withdraws() {
    let mut first = TestHub::start(&[]);
    let out = serve_refused(first.state_dir(), first.home.path());
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("already running") && out.stderr.contains(&first.endpoint),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--state-dir"), "{}", out.stderr);
    // hub.json still names the first hub.
    let hub_json = std::fs::read_to_string(first.state_dir().join("hub.json")).expect("hub.json");
    assert!(hub_json.contains(&first.endpoint), "{hub_json}");
    let key_before = first.api_key.clone();
    let state = first.state.clone();
    assert!(first.stop().expect("exited").success());
    assert!(
        !state.path().join("hub.json").exists(),
        "a stopped hub withdraws its hub.json"
    );
    // The next hub on that directory keeps the API key.
    let again = TestHub::start_in(state, &[]);
    assert_eq!(again.api_key, key_before);
}

#[test]
fn a_subscriber_follows_a_hub_that_restarts_on_another_port() {
    let mut hub = TestHub::start(&[]);
    let mut sub = SubProcess::spawn({
        let mut c = hub.frt();
        c.args(["subscribe", "moving", "-o", "raw"]);
        c
    });
    let state = hub.state.clone();
    hub.stop();
    sub.wait_stderr("reconnecting", Duration::from_secs(10));
    // Another loopback address, so the new endpoint certainly differs.
    let moved = TestHub::start_in(state, &["--addr", "127.0.0.2:0"]);
    assert_ne!(moved.endpoint, hub.endpoint);
    sub.wait_stderr("resubscribed", Duration::from_secs(20));
    let out = run({
        let mut c = moved.frt();
        c.args(["publish", "moving", "here"]);
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(sub.take_lines(1, Duration::from_secs(5)), ["here"]);
    sub.signal(2);
    assert_eq!(sub.wait(Duration::from_secs(10)), 130);
}

#[test]
fn remote_control_characters_never_reach_the_terminal_raw() {
    let hub = TestHub::start(&[]);
    // A hostile payload is shown escaped in human mode, and kept byte for byte in raw.
    let human = SubProcess::spawn({
        let mut c = hub.frt();
        c.args(["subscribe", "esc"]);
        c
    });
    let raw = SubProcess::spawn({
        let mut c = hub.frt();
        c.args(["subscribe", "esc", "-o", "raw"]);
        c
    });
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2J";
    let out = run({
        let mut c = hub.frt();
        c.args(["publish", "esc", hostile]);
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    let shown = human.take_lines(2, Duration::from_secs(5)).join("\n");
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    assert!(shown.contains("\\u{1b}]0;pwned"), "{shown:?}");
    assert_eq!(raw.take_lines(1, Duration::from_secs(5)), [hostile]);
}

#[tokio::test]
async fn a_silent_reader_on_a_busy_channel_is_dropped_by_pings() {
    let hub = TestHub::start(&["--ping-interval", "300ms"]);
    let mut ws = ws_connect(&hub).await;
    assert_eq!(
        subscribe_raw(&mut ws, "s", "busy", json!({})).await["type"],
        "subscribed"
    );
    let c = hub.client();
    let publishing = {
        let c = c.clone();
        tokio::spawn(async move {
            for i in 0..2000 {
                let _ = c
                    .publish(&frt::client::Publish::new(
                        "busy",
                        format!("{i}"),
                        ctx("i1", "m", &[]),
                    ))
                    .await;
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        })
    };
    await_metric(&hub, "frt_connections 0").await;
    publishing.abort();
    drop(ws);
}
