//! Two browser-session refusals, worded so they do not contradict themselves: an
//! admin session refused when minting is not told it needs "the API key or an admin
//! session", and a scoped session asking for another context is told what differs,
//! not that it "cannot act as" its own installation.
//!
//! The wording lives in `src/hub/session.rs` (and `Hub::authorize_key` in
//! `src/hub/facade.rs`).

mod common;

use std::time::Duration;

use common::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

fn mint(hub: &TestHub, args: &[&str]) -> String {
    let mut all = vec!["browser-session", "-o", "raw"];
    all.extend(args);
    let out = frt_in(hub, &all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout.trim().to_string()
}

#[tokio::test]
async fn an_admin_session_refused_when_minting_is_told_only_the_key_mints() {
    let hub = TestHub::start(&[]);
    let admin = frt_in(&hub, &["ui", "--no-open", "-o", "json"]);
    let admin: Value = serde_json::from_str(admin.stdout.trim()).expect("json");
    let admin = admin["session"].as_str().expect("a session").to_string();
    let resp = reqwest::Client::new()
        .post(format!("{}/forge/realtime/v1/session", hub.endpoint))
        .bearer_auth(&admin)
        .body("{\"admin\":true}")
        .send()
        .await
        .expect("hub");
    assert_eq!(resp.status().as_u16(), 403);
    let body: Value = resp.json().await.expect("json");
    let error = &body["errors"][0];
    assert_eq!(error["code"], "SESSION_SCOPE", "{body}");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(
        !message.contains("or an admin session"),
        "an admin session is not told an admin session would do: {message}"
    );
    assert!(
        message.contains("needs the API key itself") && message.contains("admin session"),
        "{message}"
    );
}

#[tokio::test]
async fn a_scoped_session_asking_for_another_context_is_told_what_differs() {
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
    let url = format!(
        "{}/forge/realtime/v1/subscribe?session={session}",
        hub.endpoint.replace("http://", "ws://")
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(url)
        .await
        .expect("the session is admitted");
    // Same installation and module, another issue.
    let frame = json!({"type": "subscribe", "id": "b", "channel": "orders",
        "context": {"installationId": "i-1", "moduleKey": "jira:issuePanel", "extension": {"issue": "8"}}});
    ws.send(Message::Text(frame.to_string().into()))
        .await
        .expect("send");
    let refused = loop {
        match tokio::time::timeout(Duration::from_secs(10), ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => {
                break serde_json::from_str::<Value>(t.as_str()).expect("json");
            }
            Ok(Some(Ok(_))) => continue,
            other => panic!("no frame: {other:?}"),
        }
    };
    assert_eq!(refused["code"], "SESSION_SCOPE", "{refused}");
    let message = refused["message"].as_str().unwrap_or_default();
    assert!(
        !message.contains("cannot act as installation i-1"),
        "it is its own installation: {message}"
    );
    assert!(
        message.contains("context {issue=7}") && message.contains("asks for context {issue=8}"),
        "{message}"
    );
}
