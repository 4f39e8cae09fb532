//! The hub's core as a user meets it: a rate-limited stream reaches its subscriber
//! event by event (not in bursts), and credentials end on live sockets (an expired
//! admin session, rotated keys in a cluster), each socket closed with a reason. Hubs
//! run in-process with a clock the test moves, so nothing waits for time to pass.

mod common;

use std::time::Duration;

use common::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The binary, pointed at an in-process hub by flags, with a clean environment.
fn frt_at(hub: &InProcessHub, home: &tempfile::TempDir) -> std::process::Command {
    let mut cmd = clean_command(home.path());
    cmd.env("FRT_ENDPOINT", hub.hub.endpoint())
        .env("FRT_API_KEY", hub.hub.api_key());
    cmd
}

fn event_of(line: &str) -> (String, u64) {
    let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    let ts = v["eventTimestamp"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no eventTimestamp: {line}"));
    (v["payload"].as_str().unwrap_or_default().to_string(), ts)
}

/// At the default 50/s, `frt publish -c 100` used to reach its subscriber in bursts
/// of up to 256 (the connection handled frames and their budget waits before waking
/// anyone). Now each event is delivered as it is admitted: with the hub's clock
/// standing still, the first burst of the budget arrives at once and nothing more;
/// each 20 ms the clock moves admits exactly the next one, delivered at the same
/// moment of the hub's clock it was stamped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_stream_reaches_its_subscriber_event_by_event() {
    let hub = InProcessHub::start(|c| c.rate_limit = Some(50)).await;
    let home = tempfile::tempdir().unwrap();
    let mut sub = frt_at(&hub, &home);
    sub.args(["subscribe", "rl", "-o", "json"]);
    let sub = tokio::task::block_in_place(|| SubProcess::spawn(sub));
    let mut publisher = frt_at(&hub, &home);
    publisher.args(["publish", "rl", "x{{seq}}", "-c", "100"]);
    let mut publisher = SubProcess::spawn_plain(publisher);
    // 50 in the bucket, less the subscribe, less a tenth kept for the installation's
    // other operations.
    let burst = tokio::task::block_in_place(|| sub.take_lines(44, Duration::from_secs(20)));
    assert_eq!(burst.len(), 44, "stderr: {}", sub.stderr_text());
    let mut seen = burst.len();
    for line in &burst {
        let (_, ts) = event_of(line);
        assert!(hub.clock_ms() - ts <= 100, "{line}");
    }
    // Nothing more while the clock stands still (the next frame waits for budget).
    let early = tokio::task::block_in_place(|| sub.take_lines(1, Duration::from_millis(300)));
    assert!(early.is_empty(), "an event beyond the budget: {early:?}");
    while seen < 100 {
        hub.clock.advance(Duration::from_millis(20));
        let next = tokio::task::block_in_place(|| sub.take_lines(1, Duration::from_secs(10)));
        assert_eq!(next.len(), 1, "event {} after 20 ms of budget", seen + 1);
        let (payload, ts) = event_of(&next[0]);
        seen += 1;
        assert_eq!(payload, format!("x{seen}"));
        assert!(
            hub.clock_ms() - ts <= 100,
            "event {seen} reached the subscriber {} ms after it was stamped",
            hub.clock_ms() - ts
        );
    }
    let code = tokio::task::block_in_place(|| publisher.wait(Duration::from_secs(10)));
    assert_eq!(code, 0, "{}", publisher.stderr_text());
    assert!(
        publisher.stderr_text().contains("100 published"),
        "{}",
        publisher.stderr_text()
    );
}

async fn socket(url: &str, bearer: Option<&str>) -> Ws {
    let mut request = url.into_client_request().unwrap();
    if let Some(key) = bearer {
        request
            .headers_mut()
            .insert("authorization", format!("Bearer {key}").parse().unwrap());
    }
    tokio_tungstenite::connect_async(request).await.unwrap().0
}

async fn send(ws: &mut Ws, frame: Value) {
    ws.send(Message::Text(frame.to_string().into()))
        .await
        .unwrap();
}

/// The next text frame, or the close frame as `{"close": code, "reason": …}`.
async fn next(ws: &mut Ws) -> Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(15), ws.next())
            .await
            .expect("a frame within 15 s")
            .expect("the socket is open")
            .expect("a frame");
        match msg {
            Message::Text(t) => return serde_json::from_str(t.as_str()).unwrap(),
            Message::Close(Some(f)) => {
                return json!({"close": u16::from(f.code), "reason": f.reason.as_str()});
            }
            Message::Close(None) => return json!({"close": null}),
            _ => {}
        }
    }
}

fn ws_url(endpoint: &str) -> String {
    format!(
        "{}/forge/realtime/v1/subscribe",
        endpoint.replacen("http", "ws", 1)
    )
}

async fn mint(endpoint: &str, api_key: &str, body: Value) -> String {
    let resp: Value = reqwest::Client::new()
        .post(format!("{endpoint}/forge/realtime/v1/session"))
        .bearer_auth(api_key)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    resp["session"].as_str().expect("a session").to_string()
}

/// An admin session (what `frt ui` opens) ends at its expiry on a live socket too:
/// its tap stops and the socket closes saying why.
#[tokio::test]
async fn an_expired_admin_session_s_socket_is_closed_with_a_reason() {
    let hub = InProcessHub::start(|_| {}).await;
    let endpoint = hub.hub.endpoint();
    let admin = mint(
        &endpoint,
        &hub.hub.api_key(),
        json!({"admin": true, "ttlSeconds": 60}),
    )
    .await;
    let mut ws = socket(&format!("{}?session={admin}", ws_url(&endpoint)), None).await;
    send(&mut ws, json!({"type": "tap", "id": "t"})).await;
    assert_eq!(next(&mut ws).await["type"], "tapping");
    hub.clock.advance(Duration::from_secs(61));
    let closed = next(&mut ws).await;
    assert_eq!(closed["close"], 1008, "{closed}");
    assert!(
        closed["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("SESSION_EXPIRED: ")),
        "{closed}"
    );
}

/// Every hub of a cluster adopts rotated keys; what the old ones let in ends then,
/// on live sockets: a tap and a subscriber opened with the old API key, and a page
/// with a session the old signing key signed, are each told why and closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotated_keys_end_what_the_old_ones_let_in() {
    let redis = TestRedis::start();
    let url = redis.url();
    let hub =
        InProcessHub::start(|c| c.redis = Some(frt::hub::config::RedisUrl(url.clone()))).await;
    let endpoint = hub.hub.endpoint();
    let old_key = hub.hub.api_key();
    let mut tap = socket(&ws_url(&endpoint), Some(&old_key)).await;
    send(&mut tap, json!({"type": "tap", "id": "t"})).await;
    assert_eq!(next(&mut tap).await["type"], "tapping");
    let scoped = mint(
        &endpoint,
        &old_key,
        json!({"context": {"installationId": "i1", "moduleKey": "m"}}),
    )
    .await;
    let mut page = socket(&format!("{}?session={scoped}", ws_url(&endpoint)), None).await;
    send(
        &mut page,
        json!({"type": "subscribe", "id": "p", "channel": "c"}),
    )
    .await;
    assert_eq!(next(&mut page).await["type"], "subscribed");
    let mut holder = socket(&ws_url(&endpoint), Some(&old_key)).await;
    send(
        &mut holder,
        json!({"type": "subscribe", "id": "s", "channel": "orders",
               "context": {"installationId": "local", "moduleKey": "frt-cli"}}),
    )
    .await;
    assert_eq!(next(&mut holder).await["type"], "subscribed");

    // Another hub starts with --rotate-keys; this one adopts at its next heartbeat.
    let rotating = InProcessHub::start(|c| {
        c.redis = Some(frt::hub::config::RedisUrl(url.clone()));
        c.rotate_keys = true;
    })
    .await;
    assert_ne!(rotating.hub.api_key(), old_key);
    hub.clock.advance(Duration::from_secs(11));

    let closed = next(&mut tap).await;
    assert_eq!(closed["close"], 1008, "{closed}");
    assert!(
        closed["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("API_KEY_ROTATED: ")),
        "{closed}"
    );
    let ended = next(&mut page).await;
    assert_eq!(ended["code"], "SESSION_INVALID", "{ended}");
    assert_eq!(next(&mut page).await["close"], 1008);
    let ended = next(&mut holder).await;
    assert_eq!(
        (ended["id"].as_str(), ended["code"].as_str()),
        (Some("s"), Some("API_KEY_ROTATED")),
        "a subscription is told before its socket closes: {ended}"
    );
    assert_eq!(next(&mut holder).await["close"], 1008);
    assert_eq!(hub.hub.api_key(), rotating.hub.api_key(), "adopted");
}

/// Taps are bounded like subscriptions: together at most `--max-subscriptions` on one
/// connection (20,000 taps on one socket once made every publish crawl).
#[tokio::test]
async fn taps_and_subscriptions_share_the_connection_s_limit() {
    let hub = InProcessHub::start(|c| c.max_subscriptions = 3).await;
    let endpoint = hub.hub.endpoint();
    let mut ws = socket(&ws_url(&endpoint), Some(&hub.hub.api_key())).await;
    send(
        &mut ws,
        json!({"type": "subscribe", "id": "s", "channel": "c",
               "context": {"installationId": "i", "moduleKey": "m"}}),
    )
    .await;
    assert_eq!(next(&mut ws).await["type"], "subscribed");
    for id in ["t1", "t2"] {
        send(&mut ws, json!({"type": "tap", "id": id})).await;
        assert_eq!(next(&mut ws).await["type"], "tapping");
    }
    send(&mut ws, json!({"type": "tap", "id": "t3"})).await;
    let refused = next(&mut ws).await;
    assert_eq!(refused["code"], "TOO_MANY_SUBSCRIPTIONS", "{refused}");
    send(&mut ws, json!({"type": "unsubscribe", "id": "t1"})).await;
    assert_eq!(next(&mut ws).await["type"], "unsubscribed");
    send(&mut ws, json!({"type": "tap", "id": "t3"})).await;
    assert_eq!(next(&mut ws).await["type"], "tapping", "room again");
}
