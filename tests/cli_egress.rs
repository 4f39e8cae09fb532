//! Inside a Forge container: publish, publish-global and sign-token go through the
//! platform's egress proxy. A recording stand-in checks exact paths, headers, bodies.

mod common;

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Uri};
use common::*;
use serde_json::{Value, json};

#[derive(Debug, Clone)]
struct Recorded {
    method: String,
    path: String,
    headers: HeaderMap,
    body: Value,
}

struct StandIn {
    endpoint: String,
    seen: Arc<Mutex<Vec<Recorded>>>,
    _rt: tokio::runtime::Runtime,
}

fn stand_in() -> StandIn {
    let rt = tokio::runtime::Runtime::new().expect("rt");
    let seen: Arc<Mutex<Vec<Recorded>>> = Arc::default();
    let sink = seen.clone();
    let endpoint = rt.block_on(async move {
        let app = axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let sink = sink.clone();
            async move {
                let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                let path = uri.path().to_string();
                let refused_override = body["options"]["contextOverrides"]
                    .as_array()
                    .is_some_and(|l| l.iter().any(|o| o == "board"));
                sink.lock().unwrap().push(Recorded { method: method.to_string(), path: path.clone(), headers, body });
                // The platform judges overrides against the caller it knows: this
                // stand-in's caller has no board.
                if refused_override {
                    (axum::http::StatusCode::BAD_REQUEST, axum::Json(json!({"eventId": null, "eventTimestamp": null,
                        "errors": [{"message": "the caller's context has no board", "code": "INVALID_CONTEXT_OVERRIDE"}]})))
                } else if path.ends_with("/token") {
                    (axum::http::StatusCode::OK, axum::Json(json!({"token": "header.payload.signature", "expiresAt": 2_000_000_000})))
                } else {
                    (axum::http::StatusCode::OK, axum::Json(json!({"eventId": "0193d1e2-0000-7000-8000-000000000001", "eventTimestamp": "1733000000000"})))
                }
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    });
    StandIn {
        endpoint,
        seen,
        _rt: rt,
    }
}

fn in_container(home: &std::path::Path, proxy: &str) -> std::process::Command {
    let mut c = clean_command(home);
    c.env("FORGE_EGRESS_PROXY_URL", proxy)
        .env("FORGE_INVOCATION_ID", "inv-123");
    c
}

#[test]
fn publish_publish_global_and_sign_token_use_the_egress_api() {
    let proxy = stand_in();
    let home = tempfile::tempdir().expect("tmp");
    let run_in = |args: &[&str]| {
        let out = run({
            let mut c = in_container(home.path(), &proxy.endpoint);
            c.args(args);
            c
        });
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        out
    };
    let out = run_in(&["publish", "orders", "{\"a\":1}", "-o", "raw"]);
    assert_eq!(out.stdout.trim(), "0193d1e2-0000-7000-8000-000000000001");
    run_in(&[
        "publish",
        "orders",
        "x",
        "--context-override",
        "project",
        "--context",
        "project=P",
    ]);
    run_in(&["publish-global", "news", "g"]);
    let out = run_in(&[
        "sign-token",
        "orders",
        "--claim",
        "user=42",
        "--permission",
        "subscribe",
    ]);
    assert_eq!(out.stdout.trim(), "header.payload.signature");
    run_in(&["publish", "lines", "-", "--lines"]);

    let seen = proxy.seen.lock().unwrap().clone();
    let paths: Vec<&str> = seen.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/forge/realtime/v1/publish",
            "/forge/realtime/v1/publish",
            "/forge/realtime/v1/publish/global",
            "/forge/realtime/v1/token",
        ]
    );
    for r in &seen {
        assert_eq!(r.method, "POST");
        assert_eq!(
            r.headers["forge-proxy-authorization"],
            "Forge as=app,id=inv-123"
        );
        assert!(
            r.headers.get("authorization").is_none(),
            "no hub API key goes to the platform"
        );
        assert_eq!(r.headers["content-type"], "application/json");
    }
    assert_eq!(
        seen[0].body,
        json!({"name": "orders", "payload": "{\"a\":1}", "options": {}})
    );
    assert_eq!(
        seen[1].body,
        json!({"name": "orders", "payload": "x", "options": {"contextOverrides": ["project"]}})
    );
    assert_eq!(
        seen[2].body,
        json!({"name": "news", "payload": "g", "options": {}})
    );
    assert_eq!(
        seen[3].body,
        json!({"channelName": "orders", "claims": {"user": 42}, "permissions": ["subscribe"]})
    );
}

#[test]
fn lines_through_the_proxy_are_posted_in_order() {
    let proxy = stand_in();
    let home = tempfile::tempdir().expect("tmp");
    let out = run_with_input(
        in_container(home.path(), &proxy.endpoint).args(["publish", "l", "-", "--lines"]),
        Some(b"one\ntwo\nthree\n"),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("3 published"), "{}", out.stderr);
    let payloads: Vec<Value> = proxy
        .seen
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.body["payload"].clone())
        .collect();
    assert_eq!(payloads, [json!("one"), json!("two"), json!("three")]);
}

#[test]
fn subscribe_explains_there_is_no_platform_subscribe_api() {
    let proxy = stand_in();
    let home = tempfile::tempdir().expect("tmp");
    let out = run({
        let mut c = in_container(home.path(), &proxy.endpoint);
        c.args(["subscribe", "orders"]);
        c
    });
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("no subscribe API outside the UI bridge"),
        "{}",
        out.stderr
    );
    assert!(proxy.seen.lock().unwrap().is_empty(), "nothing was sent");
}

#[test]
fn the_proxy_needs_an_invocation_id() {
    let proxy = stand_in();
    let home = tempfile::tempdir().expect("tmp");
    let out = run({
        let mut c = clean_command(home.path());
        c.env("FORGE_EGRESS_PROXY_URL", &proxy.endpoint)
            .args(["publish", "orders", "x"]);
        c
    });
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("FORGE_INVOCATION_ID"), "{}", out.stderr);
}

#[test]
fn context_overrides_go_to_the_platform_without_a_local_context() {
    let proxy = stand_in();
    let home = tempfile::tempdir().expect("tmp");
    let out = run({
        let mut c = in_container(home.path(), &proxy.endpoint);
        c.args([
            "publish",
            "orders",
            "{\"a\":1}",
            "--context-override",
            "issue",
        ]);
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    let seen = proxy.seen.lock().unwrap().clone();
    assert_eq!(
        seen[0].body,
        json!({"name": "orders", "payload": "{\"a\":1}", "options": {"contextOverrides": ["issue"]}})
    );
    assert!(seen[0].headers.get("x-forge-context-token").is_none());
}

#[test]
fn the_platforms_refusal_of_an_override_is_reported() {
    let proxy = stand_in();
    let home = tempfile::tempdir().expect("tmp");
    let out = run({
        let mut c = in_container(home.path(), &proxy.endpoint);
        c.args(["publish", "orders", "x", "--context-override", "board"]);
        c
    });
    assert_eq!(out.code, 2, "a 400 is bad input: {}", out.stderr);
    assert!(
        out.stderr.contains("INVALID_CONTEXT_OVERRIDE")
            && out.stderr.contains("the caller's context has no board"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("the Forge egress proxy refused the request"),
        "says who refused: {}",
        out.stderr
    );
}

#[test]
fn caller_flags_that_are_not_sent_are_named() {
    let proxy = stand_in();
    let home = tempfile::tempdir().expect("tmp");
    for args in [
        &[
            "publish",
            "orders",
            "x",
            "--context",
            "issue=1",
            "--module",
            "jira:issuePanel",
        ][..],
        &[
            "sign-token",
            "orders",
            "--context",
            "issue=1",
            "--module",
            "jira:issuePanel",
        ][..],
    ] {
        let out = run({
            let mut c = in_container(home.path(), &proxy.endpoint);
            c.args(args);
            c
        });
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("warning: --module, --context are not sent inside a Forge container"),
            "{args:?}: {}",
            out.stderr
        );
    }
    let seen = proxy.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "both calls still went out");
    assert!(
        seen.iter()
            .all(|r| r.headers.get("x-forge-context-token").is_none()),
        "no context is sent"
    );
}
