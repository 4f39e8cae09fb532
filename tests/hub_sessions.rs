//! Browser sessions at the protocol level: what a scoped session may do (subscribe, and
//! publish if allowed, in its pinned context) and every refusal, with its code.

mod common;

use std::time::Duration;

use common::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

fn mint(hub: &TestHub, args: &[&str]) -> String {
    let mut all = vec!["browser-session", "-o", "raw"];
    all.extend(args);
    let out = frt_in(hub, &all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout.trim().to_string()
}

fn ws_url(hub: &TestHub, session: &str) -> String {
    format!(
        "{}/forge/realtime/v1/subscribe?session={session}",
        hub.endpoint.replace("http://", "ws://")
    )
}

async fn open(hub: &TestHub, session: &str) -> Ws {
    tokio_tungstenite::connect_async(ws_url(hub, session))
        .await
        .expect("the session is admitted")
        .0
}

/// A socket whose session is refused: a page cannot read an upgrade's status, so the
/// hub accepts it, says why in one `error` frame and closes with 1008 and a reason
/// that starts with the code. Returns the code.
async fn refused(hub: &TestHub, session: &str) -> String {
    let mut ws = open(hub, session).await;
    let error = next(&mut ws).await;
    assert_eq!(error["type"], "error", "{error}");
    let code = error["code"].as_str().expect("a code").to_string();
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{error}"
    );
    let closed = next(&mut ws).await;
    assert_eq!(closed["close"], 1008, "{closed}");
    let reason = closed["reason"].as_str().unwrap_or_default();
    assert!(reason.starts_with(&format!("{code}: ")), "{closed}");
    assert!(
        reason.len() <= 123,
        "a close reason fits its frame: {closed}"
    );
    code
}

/// The same session on the subscribe endpoint without a WebSocket upgrade: plain HTTP.
async fn refused_over_http(hub: &TestHub, session: &str) -> (u16, String) {
    let resp = reqwest::Client::new()
        .get(format!(
            "{}/forge/realtime/v1/subscribe?session={session}",
            hub.endpoint
        ))
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

/// The next frame that is not a ping, as JSON; or the close reason.
async fn next(ws: &mut Ws) -> Value {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => return serde_json::from_str(t.as_str()).unwrap(),
            Ok(Some(Ok(Message::Close(f)))) => {
                let f = f.expect("a close frame");
                return json!({"close": u16::from(f.code), "reason": f.reason.to_string()});
            }
            Ok(Some(Ok(_))) => continue,
            other => panic!("no frame: {other:?}"),
        }
    }
}

async fn send(ws: &mut Ws, frame: Value) {
    ws.send(Message::Text(frame.to_string().into()))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_scoped_session_subscribes_in_its_context_only() {
    let hub = TestHub::start(&[]);
    let session = mint(
        &hub,
        &[
            "--installation",
            "i-1",
            "--module",
            "jira:issuePanel",
            "--context",
            "issue=7",
        ],
    );
    let mut ws = open(&hub, &session).await;
    // No context in the frame: the pinned one.
    send(
        &mut ws,
        json!({"type": "subscribe", "id": "a", "channel": "orders"}),
    )
    .await;
    assert_eq!(next(&mut ws).await["type"], "subscribed");
    let out = frt_in(
        &hub,
        &[
            "publish",
            "orders",
            "hi",
            "--installation",
            "i-1",
            "--module",
            "jira:issuePanel",
            "--context",
            "issue=7",
            "-o",
            "raw",
        ],
    );
    assert_eq!(out.stdout.trim().len(), 36, "delivered: {}", out.stderr);
    let event = next(&mut ws).await;
    assert_eq!(
        (event["type"].as_str(), event["payload"].as_str()),
        (Some("event"), Some("hi"))
    );
    // Another installation, named in the frame: refused.
    send(
        &mut ws,
        json!({"type": "subscribe", "id": "b", "channel": "orders",
               "context": {"installationId": "i-2", "moduleKey": "jira:issuePanel", "extension": {"issue": "7"}}}),
    )
    .await;
    let refused = next(&mut ws).await;
    assert_eq!(refused["code"], "SESSION_SCOPE", "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("installation i-1"),
        "{refused}"
    );
    // The tap is the API key's.
    send(&mut ws, json!({"type": "tap", "id": "t"})).await;
    assert_eq!(next(&mut ws).await["code"], "SESSION_SCOPE");
}

#[tokio::test]
async fn publishing_needs_allow_publish_and_global_only_means_global() {
    let hub = TestHub::start(&[]);
    let _sub = {
        let mut c = hub.frt();
        c.args(["subscribe", "news", "--global"]);
        SubProcess::spawn(c)
    };
    let read_only = mint(&hub, &[]);
    let mut ws = open(&hub, &read_only).await;
    send(
        &mut ws,
        json!({"type": "publish", "ref": 1, "channel": "news", "global": true, "payload": "x"}),
    )
    .await;
    let refused = next(&mut ws).await;
    assert_eq!(
        (refused["code"].as_str(), refused["ref"].as_u64()),
        (Some("SESSION_SCOPE"), Some(1))
    );
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("--allow-publish"),
        "{refused}"
    );

    let global_only = mint(&hub, &["--allow-publish", "--global-only"]);
    let mut ws = open(&hub, &global_only).await;
    send(
        &mut ws,
        json!({"type": "publish", "ref": 2, "channel": "news", "global": true, "payload": "y"}),
    )
    .await;
    let published = next(&mut ws).await;
    assert_eq!(published["type"], "published", "{published}");
    assert!(published["eventId"].is_string());
    send(
        &mut ws,
        json!({"type": "subscribe", "id": "s", "channel": "news"}),
    )
    .await;
    let refused = next(&mut ws).await;
    assert_eq!(refused["code"], "SESSION_SCOPE");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("global channels only"),
        "{refused}"
    );
}

#[tokio::test]
async fn key_only_endpoints_refuse_a_scoped_session_and_admit_an_admin_one() {
    let hub = TestHub::start(&[]);
    let scoped = mint(&hub, &[]);
    let admin = frt_in(&hub, &["ui", "--no-open", "-o", "json"]);
    let admin: Value = serde_json::from_str(admin.stdout.trim()).unwrap();
    let admin = admin["session"].as_str().unwrap().to_string();
    let http = reqwest::Client::new();
    let base = &hub.endpoint;
    let calls = [
        ("GET", "/forge/realtime/v1/channels"),
        ("GET", "/metrics"),
        ("POST", "/forge/realtime/v1/token"),
        ("POST", "/graphql"),
        ("POST", "/forge/realtime/v1/session"),
        ("POST", "/forge/realtime/v1/publish"),
    ];
    for (method, path) in calls {
        let request = match method {
            "GET" => http.get(format!("{base}{path}")),
            _ => http.post(format!("{base}{path}")).body("{}"),
        };
        let resp = request.bearer_auth(&scoped).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 403, "{path}");
        let body: Value = resp.json().await.unwrap();
        // GraphQL answers in its own error shape, with the code under extensions.
        let error = &body["errors"][0];
        let code = error.get("code").unwrap_or(&error["extensions"]["code"]);
        assert_eq!(code, "SESSION_SCOPE", "{path}: {body}");
    }
    let resp = http
        .get(format!("{base}/forge/realtime/v1/channels"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status().as_u16(),
        200,
        "the inspector's admin session lists keys"
    );
    // An admin session cannot mint sessions: that stays with the API key.
    let resp = http
        .post(format!("{base}/forge/realtime/v1/session"))
        .bearer_auth(&admin)
        .body("{\"admin\":true}")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
}

#[tokio::test]
async fn expired_sessions_are_refused_and_end_their_subscriptions() {
    let hub = TestHub::start(&[]);
    let short = mint(&hub, &["--ttl", "2s"]);
    let mut ws = open(&hub, &short).await;
    send(
        &mut ws,
        json!({"type": "subscribe", "id": "a", "channel": "c"}),
    )
    .await;
    assert_eq!(next(&mut ws).await["type"], "subscribed");
    let ended = next(&mut ws).await;
    assert_eq!(
        (ended["id"].as_str(), ended["code"].as_str()),
        (Some("a"), Some("SESSION_EXPIRED")),
        "{ended}"
    );
    let closed = next(&mut ws).await;
    assert_eq!(closed["close"], 1008, "{closed}");
    assert!(
        closed["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("SESSION_EXPIRED: ")),
        "{closed}"
    );
    // Once expired, a socket is refused inside it (a browser cannot read the status
    // of an upgrade); a plain request still gets the 401.
    assert_eq!(refused(&hub, &short).await, "SESSION_EXPIRED");
    let (status, body) = refused_over_http(&hub, &short).await;
    assert_eq!(status, 401);
    assert!(body.contains("SESSION_EXPIRED"), "{body}");
}

#[tokio::test]
async fn sessions_and_channel_tokens_are_never_taken_for_each_other() {
    let hub = TestHub::start(&[]);
    let session = mint(&hub, &[]);
    let token = frt_in(&hub, &["sign-token", "orders"])
        .stdout
        .trim()
        .to_string();
    assert_eq!(refused(&hub, &token).await, "SESSION_INVALID");
    let out = frt_in(&hub, &["publish", "orders", "x", "--token", &session]);
    assert_eq!(out.code, 4, "a session is no channel token: {}", out.stderr);
}
