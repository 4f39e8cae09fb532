//! Bad input never panics or hangs the hub: each gets a 4xx naming the problem, and a
//! bad client does not disturb others.

mod common;

use std::time::Duration;

use common::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

struct Raw {
    http: reqwest::Client,
    base: String,
    key: String,
}

impl Raw {
    fn new(hub: &TestHub) -> Raw {
        Raw {
            http: reqwest::Client::builder()
                .no_proxy()
                .build()
                .expect("client"),
            base: hub.endpoint.clone(),
            key: hub.api_key.clone(),
        }
    }

    fn ctx_header(&self) -> String {
        ctx("i1", "m", &[("issue", "1")]).to_header_value()
    }

    async fn post(
        &self,
        path: &str,
        body: impl Into<reqwest::Body>,
        key: Option<&str>,
        ctx: Option<&str>,
    ) -> (u16, Value, reqwest::header::HeaderMap) {
        let mut req = self.http.post(format!("{}{path}", self.base)).body(body);
        if let Some(k) = key {
            req = req.header("authorization", format!("Bearer {k}"));
        }
        if let Some(c) = ctx {
            req = req.header("x-forge-context-token", c);
        }
        let resp = req.send().await.expect("send");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        (status, body, headers)
    }

    async fn publish(&self, body: Value) -> (u16, Value) {
        let (s, b, _) = self
            .post(
                "/forge/realtime/v1/publish",
                body.to_string(),
                Some(&self.key),
                Some(&self.ctx_header()),
            )
            .await;
        (s, b)
    }
}

fn error_of(body: &Value) -> (String, String) {
    assert_eq!(body["eventId"], Value::Null, "{body}");
    let e = &body["errors"][0];
    (
        e["code"].as_str().unwrap_or("").into(),
        e["message"].as_str().unwrap_or("").into(),
    )
}

#[tokio::test]
async fn api_key_is_required_everywhere_but_healthz() {
    let hub = TestHub::start(&[]);
    let raw = Raw::new(&hub);
    let ctx = raw.ctx_header();
    for path in [
        "/forge/realtime/v1/publish",
        "/forge/realtime/v1/publish/global",
        "/forge/realtime/v1/token",
    ] {
        let (s, b, _) = raw.post(path, "{}", None, Some(&ctx)).await;
        assert_eq!(s, 401, "{path} without a key");
        assert_eq!(error_of(&b).0, "UNAUTHORIZED");
        let (s, _, _) = raw.post(path, "{}", Some("wrong"), Some(&ctx)).await;
        assert_eq!(s, 401, "{path} with a wrong key");
    }
    let metrics = raw
        .http
        .get(format!("{}/metrics", raw.base))
        .send()
        .await
        .expect("get");
    assert_eq!(metrics.status().as_u16(), 401);
    let ws = raw
        .http
        .get(format!("{}/forge/realtime/v1/subscribe", raw.base))
        .send()
        .await
        .expect("get");
    assert_eq!(
        ws.status().as_u16(),
        401,
        "the WebSocket upgrade needs the key too"
    );
    let health = raw
        .http
        .get(format!("{}/healthz", raw.base))
        .send()
        .await
        .expect("get");
    assert_eq!(health.status().as_u16(), 200);
    // and the key never shows in the hub's log
    assert!(!hub.stderr_text().contains(&hub.api_key));
}

#[tokio::test]
async fn malformed_requests_are_400s_that_say_what_is_wrong() {
    let hub = TestHub::start(&[]);
    let raw = Raw::new(&hub);

    let (s, b, _) = raw
        .post(
            "/forge/realtime/v1/publish",
            "{\"name\": \"x\",",
            Some(&raw.key),
            Some(&raw.ctx_header()),
        )
        .await;
    assert_eq!(s, 400);
    let (code, msg) = error_of(&b);
    assert_eq!(code, "INVALID_REQUEST");
    assert!(msg.contains("line 1 column"), "{msg}");

    let cases: Vec<(Value, &str, &str)> = vec![
        (
            json!({"name": "", "payload": "p"}),
            "INVALID_CHANNEL_NAME",
            "empty",
        ),
        (
            json!({"name": "a\u{7}b", "payload": "p"}),
            "INVALID_CHANNEL_NAME",
            "control character",
        ),
        (
            json!({"name": "x".repeat(256), "payload": "p"}),
            "INVALID_CHANNEL_NAME",
            "256 bytes",
        ),
        (
            json!({"name": "c", "payload": "p", "options": {"contextOverrides": ["ticket"]}}),
            "INVALID_CONTEXT_OVERRIDE",
            "valid values are",
        ),
        (
            json!({"name": "c", "payload": "p", "options": {"contextOverrides": ["board"]}}),
            "INVALID_CONTEXT_OVERRIDE",
            "has no \"board\"",
        ),
        (
            json!({"name": "c", "payload": {"not": "a string"}}),
            "INVALID_REQUEST",
            "expected a string",
        ),
        (
            json!({"name": "c"}),
            "INVALID_REQUEST",
            "missing field `payload`",
        ),
        (
            json!({"name": "c", "payload": "p", "extra": 1}),
            "INVALID_REQUEST",
            "unknown field `extra`",
        ),
    ];
    for (body, want_code, want_text) in cases {
        let (s, b) = raw.publish(body.clone()).await;
        assert_eq!(s, 400, "{body}");
        let (code, msg) = error_of(&b);
        assert_eq!(code, want_code, "{body}: {msg}");
        assert!(msg.contains(want_text), "{body}: {msg}");
    }

    // missing and malformed context headers
    let body = json!({"name": "c", "payload": "p"}).to_string();
    let (s, b, _) = raw
        .post(
            "/forge/realtime/v1/publish",
            body.clone(),
            Some(&raw.key),
            None,
        )
        .await;
    assert_eq!(s, 400);
    assert!(error_of(&b).1.contains("missing x-forge-context-token"));
    let (s, b, _) = raw
        .post(
            "/forge/realtime/v1/publish",
            body.clone(),
            Some(&raw.key),
            Some("%%%"),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(error_of(&b).0, "INVALID_CONTEXT");
    let weird = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        br#"{"installationId":"i","moduleKey":"m","extension":{"ticket":"1"}}"#,
    );
    let (s, b, _) = raw
        .post(
            "/forge/realtime/v1/publish",
            body,
            Some(&raw.key),
            Some(&weird),
        )
        .await;
    assert_eq!(s, 400);
    assert!(
        error_of(&b)
            .1
            .contains("unknown extension property \"ticket\""),
        "{b}"
    );

    // global publishes refuse overrides; tokens refuse bad permissions
    let (s, b, _) = raw
        .post(
            "/forge/realtime/v1/publish/global",
            json!({"name": "c", "payload": "p", "options": {"contextOverrides": ["issue"]}})
                .to_string(),
            Some(&raw.key),
            Some(&raw.ctx_header()),
        )
        .await;
    assert_eq!(s, 400, "{b}");
    let (s, b, _) = raw
        .post(
            "/forge/realtime/v1/token",
            json!({"channelName": "c", "claims": {}, "permissions": ["admin"]}).to_string(),
            Some(&raw.key),
            Some(&raw.ctx_header()),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(error_of(&b).0, "INVALID_PERMISSIONS");
}

#[tokio::test]
async fn oversized_payloads_and_bodies_are_413s() {
    let hub = TestHub::start(&["--max-payload", "1KiB"]);
    let raw = Raw::new(&hub);
    let (s, b) = raw
        .publish(json!({"name": "c", "payload": "x".repeat(1025)}))
        .await;
    assert_eq!(s, 413);
    let (code, msg) = error_of(&b);
    assert_eq!(code, "PAYLOAD_TOO_LARGE");
    assert!(
        msg.contains("1025 bytes") && msg.contains("--max-payload"),
        "{msg}"
    );
    let (s, _) = raw
        .publish(json!({"name": "c", "payload": "x".repeat(1024)}))
        .await;
    assert_eq!(s, 200, "exactly the limit is accepted");
    let huge = vec![b'x'; 20 * 1024 * 1024];
    let (s, b, _) = raw
        .post(
            "/forge/realtime/v1/publish",
            huge,
            Some(&raw.key),
            Some(&raw.ctx_header()),
        )
        .await;
    assert_eq!(s, 413, "{b}");
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let hub = TestHub::start(&["--rate-limit", "5"]);
    let raw = Raw::new(&hub);
    let mut limited = None;
    for _ in 0..20 {
        let (s, b, h) = raw
            .post(
                "/forge/realtime/v1/publish",
                json!({"name": "c", "payload": "p"}).to_string(),
                Some(&raw.key),
                Some(&raw.ctx_header()),
            )
            .await;
        if s == 429 {
            limited = Some((b, h));
            break;
        }
    }
    let (b, h) = limited.expect("a 429 within 20 requests at 5/s");
    assert_eq!(error_of(&b).0, "RATE_LIMIT_EXCEEDED");
    let retry: u64 = h
        .get("retry-after")
        .expect("Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .expect("seconds");
    assert!(retry >= 1);
    // Another installation has its own budget.
    let other = ctx("i2", "m", &[]).to_header_value();
    let (s, _, _) = raw
        .post(
            "/forge/realtime/v1/publish",
            json!({"name": "c", "payload": "p"}).to_string(),
            Some(&raw.key),
            Some(&other),
        )
        .await;
    assert_eq!(s, 200);
    // The client core retries with backoff and gets through once the budget refills.
    let client = frt::client::Client::new(
        hub.endpoint.clone(),
        hub.api_key.clone(),
        &frt::client::ConnectOptions {
            retries: Some(5),
            ..Default::default()
        },
    )
    .expect("client");
    let p = frt::client::Publish::new("c", "p", ctx("i1", "m", &[("issue", "1")]));
    client.publish(&p).await.expect("retried past the 429");
    // With no retries it surfaces as rate limited (exit 5).
    let no_retry = hub.client();
    let mut last = None;
    for _ in 0..20 {
        if let Err(e) = no_retry.publish(&p).await {
            last = Some(e);
            break;
        }
    }
    let e = last.expect("a rate-limit error");
    assert_eq!(e.exit_status().code(), 5, "{e}");
    let metrics = hub.metrics().await;
    let limited: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("frt_rate_limited_total "))
        .and_then(|v| v.trim().parse().ok())
        .expect("the rate-limited counter");
    assert!(limited >= 2, "each refusal is counted: {metrics}");
}

#[tokio::test]
async fn bad_frames_get_error_frames_and_the_connection_lives_on() {
    let hub = TestHub::start(&[]);
    let url = format!("ws://{}/forge/realtime/v1/subscribe", hub.addr());
    let mut req = url.into_client_request().expect("req");
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {}", hub.api_key).parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(req)
        .await
        .expect("connect");
    async fn next_json(
        ws: &mut (impl StreamExt<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin),
    ) -> Value {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(5), ws.next())
                .await
                .expect("a frame")
                .expect("open")
                .expect("ok");
            if let Message::Text(t) = msg {
                return serde_json::from_str(t.as_str()).expect("json frame");
            }
        }
    }
    for bad in [
        "not json",
        "{\"type\":\"dance\"}",
        "{\"type\":\"subscribe\"}",
        "[1,2,3]",
    ] {
        ws.send(Message::Text(bad.into())).await.expect("send");
        let f = next_json(&mut ws).await;
        assert_eq!(f["type"], "error", "{bad}");
        assert_eq!(f["code"], "INVALID_FRAME", "{bad}");
    }
    ws.send(Message::Binary(vec![0, 1, 2].into()))
        .await
        .expect("send");
    assert_eq!(next_json(&mut ws).await["code"], "INVALID_FRAME");
    // no context at all: neither in the frame nor in the upgrade header
    ws.send(Message::Text(
        json!({"type":"subscribe","id":"a","channel":"c"})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    let f = next_json(&mut ws).await;
    assert_eq!(
        (f["id"].as_str(), f["code"].as_str()),
        (Some("a"), Some("INVALID_CONTEXT"))
    );
    let context = json!({"installationId": "i1", "moduleKey": "m"});
    ws.send(Message::Text(
        json!({"type":"subscribe","id":"b","channel":"","context":context})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    assert_eq!(next_json(&mut ws).await["code"], "INVALID_CHANNEL_NAME");
    ws.send(Message::Text(
        json!({"type":"subscribe","id":"c","channel":"c","context":context,"since":"nope"})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    assert_eq!(next_json(&mut ws).await["code"], "INVALID_REQUEST");
    ws.send(Message::Text(
        json!({"type":"unsubscribe","id":"zz"}).to_string().into(),
    ))
    .await
    .unwrap();
    assert_eq!(next_json(&mut ws).await["code"], "UNKNOWN_SUBSCRIPTION");
    // after all that, the same connection still subscribes and receives
    ws.send(Message::Text(
        json!({"type":"subscribe","id":"ok","channel":"c","context":context})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    let f = next_json(&mut ws).await;
    assert_eq!(f["type"], "subscribed");
    assert_eq!(f["recovered"], true);
    assert_eq!(f["epoch"].as_str().map(str::len), Some(8));
    ws.send(Message::Text(
        json!({"type":"subscribe","id":"ok","channel":"c","context":context})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    assert_eq!(next_json(&mut ws).await["code"], "DUPLICATE_SUBSCRIPTION");
    let client = hub.client();
    let r = client
        .publish(&frt::client::Publish::new(
            "c",
            "still here",
            ctx("i1", "m", &[]),
        ))
        .await
        .expect("publish");
    let f = next_json(&mut ws).await;
    assert_eq!(f["type"], "event");
    assert_eq!(f["id"], "ok");
    assert_eq!(f["payload"], "still here");
    assert_eq!(f["eventId"].as_str(), r.event_id.as_deref());
    ws.send(Message::Text(
        json!({"type":"unsubscribe","id":"ok"}).to_string().into(),
    ))
    .await
    .unwrap();
    assert_eq!(next_json(&mut ws).await["type"], "unsubscribed");
}

#[test]
fn a_stream_at_full_speed_leaves_room_for_the_installation_s_other_operations() {
    let hub = TestHub::start(&["--rate-limit", "20"]);
    // 60 lines at 20/s: the stream runs for about two seconds, waiting for its budget.
    let mut stream = hub.frt();
    stream.args(["publish", "busy", "-", "--lines", "--installation", "i1"]);
    stream.stdin(std::process::Stdio::piped());
    stream.stdout(std::process::Stdio::null());
    stream.stderr(std::process::Stdio::piped());
    let mut child = stream.spawn().expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        let lines: String = (0..60).map(|i| format!("{i}\n")).collect();
        stdin.write_all(lines.as_bytes()).expect("write");
    }
    // Once the burst is spent, the stream waits for each operation; one operation of
    // the same installation every 200 ms, with no retry, still gets through.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !rt
        .block_on(hub.metrics())
        .lines()
        .any(|l| l.starts_with("frt_rate_limited_total ") && !l.ends_with(" 0"))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the stream never waited"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let client = hub.client();
    for i in 0..5 {
        let p = frt::client::Publish::new("other", format!("{i}"), ctx("i1", "frt-cli", &[]));
        rt.block_on(client.publish(&p))
            .unwrap_or_else(|e| panic!("operation {i} refused beside the stream: {e}"));
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(
        child.try_wait().expect("try_wait").is_none(),
        "the stream was still running beside them"
    );
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "the stream still publishes every line: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
