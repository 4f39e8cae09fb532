//! "Why did nobody get my event": `frt channels` and near-miss hints.

mod common;

use std::time::Duration;

use common::*;
use serde_json::Value;

fn frt_ok(hub: &TestHub, args: &[&str]) -> Output {
    let out = run({
        let mut c = hub.frt();
        c.args(args);
        c
    });
    assert!(out.code == 0, "{args:?}: {}{}", out.stdout, out.stderr);
    out
}

fn sub(hub: &TestHub, args: &[&str]) -> SubProcess {
    let mut c = hub.frt();
    c.arg("subscribe").args(args);
    SubProcess::spawn(c)
}

/// Publishes with `-o json` and returns the hint messages.
fn hints_of(hub: &TestHub, args: &[&str]) -> Vec<String> {
    let mut all = vec!["publish"];
    all.extend(args);
    all.extend(["-o", "json"]);
    let out = frt_ok(hub, &all);
    let v: Value = serde_json::from_str(out.stdout.trim()).expect("json");
    assert_eq!(
        v["eventId"],
        Value::Null,
        "a near miss is still a miss: {v}"
    );
    v.get("hints")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|h| h["message"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

const PANEL: [&str; 4] = ["--module", "jira:issuePanel", "--context", "issue=10001"];

#[test]
fn each_near_miss_is_named_in_the_publish_result() {
    let hub = TestHub::start(&[]);
    let token = frt_ok(
        &hub,
        &["sign-token", "orders", "--claim", "secret=s3cr3t-value"],
    )
    .stdout
    .trim()
    .to_string();
    let _case = sub(
        &hub,
        &[
            "Orders",
            "--module",
            "jira:issuePanel",
            "--context",
            "issue=10001",
        ],
    );
    let _g1 = sub(&hub, &["orders", "--global"]);
    let _g2 = sub(&hub, &["orders", "--global"]);
    let _module = sub(
        &hub,
        &[
            "orders",
            "--module",
            "jira:issueContext",
            "--context",
            "issue=10001",
        ],
    );
    let _context = sub(
        &hub,
        &[
            "orders",
            "--module",
            "jira:issuePanel",
            "--context",
            "issue=10002",
        ],
    );
    let _overrides = sub(
        &hub,
        &[
            "orders",
            "--module",
            "jira:issuePanel",
            "--context",
            "issue=10001",
            "--context-override",
            "issue",
        ],
    );
    let _claims = sub(
        &hub,
        &[
            "orders",
            "--module",
            "jira:issuePanel",
            "--context",
            "issue=10001",
            "--token",
            &token,
        ],
    );

    let mut args = vec!["orders", "hi"];
    args.extend(PANEL);
    let hints = hints_of(&hub, &args);
    for want in [
        "1 subscriber on \"Orders\" (case differs)",
        "2 subscribers on \"orders\" in the global plane — did you mean publish-global?",
        "1 subscriber on \"orders\" with module jira:issueContext (you published with module jira:issuePanel)",
        "1 subscriber on \"orders\" with module jira:issuePanel issue=10002 (you published with issue=10001)",
        "1 subscriber on \"orders\" with overrides [issue] (you published with no overrides)",
        "1 subscriber on \"orders\" with a token (you published without one)",
    ] {
        assert!(
            hints.iter().any(|h| h == want),
            "missing hint {want:?} in {hints:#?}"
        );
    }
    assert!(
        hints.iter().all(|h| !h.contains("s3cr3t")),
        "claims never leak: {hints:?}"
    );

    // human mode: the diagnostic and the hints on stderr, nothing on stdout
    let mut human = vec!["publish", "orders", "hi"];
    human.extend(PANEL);
    let out = frt_ok(&hub, &human);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(out.stderr.contains("no subscriber on this channel key"));
    assert!(
        out.stderr
            .contains("hint: 2 subscribers on \"orders\" in the global plane"),
        "{}",
        out.stderr
    );

    // different claims, both with tokens
    let other = frt_ok(&hub, &["sign-token", "orders", "--claim", "secret=other"])
        .stdout
        .trim()
        .to_string();
    let mut args = vec!["orders", "hi", "--token", &other];
    args.extend(PANEL);
    let hints = hints_of(&hub, &args);
    assert!(
        hints.contains(&"1 subscriber on \"orders\" with different token claims".to_string()),
        "{hints:?}"
    );

    // a delivered publish carries no hints at all
    let out = frt_ok(&hub, &["publish-global", "orders", "x", "-o", "json"]);
    let v: Value = serde_json::from_str(out.stdout.trim()).expect("json");
    assert!(v["eventId"].is_string() && v.get("hints").is_none(), "{v}");
}

#[test]
fn hints_never_cross_installations() {
    let hub = TestHub::start(&[]);
    let _a = sub(&hub, &["orders", "--installation", "acme", "--global"]);
    let _b = sub(&hub, &["Orders", "--installation", "acme"]);
    let hints = hints_of(&hub, &["orders", "x", "--installation", "globex"]);
    assert!(hints.is_empty(), "{hints:?}");
    let hints = hints_of(&hub, &["orders", "x", "--installation", "acme"]);
    assert_eq!(hints.len(), 2, "{hints:?}");
}

/// A publish to "orders" from jira:issuePanel on another issue: a near miss.
fn publish_to_issue(hub: &TestHub, issue: &str) {
    let context = format!("issue={issue}");
    frt_ok(
        hub,
        &[
            "publish",
            "orders",
            "x",
            "--module",
            "jira:issuePanel",
            "--context",
            &context,
        ],
    );
}

#[test]
fn subscribe_verbose_explains_an_idle_subscription() {
    let hub = TestHub::start(&[]);
    let s = sub(
        &hub,
        &[
            "orders",
            "-v",
            "--hint-after",
            "300ms",
            "--module",
            "jira:issuePanel",
            "--context",
            "issue=10001",
        ],
    );
    let _other = sub(&hub, &["orders", "--global"]);
    publish_to_issue(&hub, "10002");
    frt_ok(&hub, &["publish-global", "orders", "x"]);
    s.wait_stderr(
        "hint: 1 publish in the last 1m to \"orders\" with module jira:issuePanel issue=10002 (you subscribed with issue=10001)",
        Duration::from_secs(5),
    );
    s.wait_stderr(
        "hint: 1 publish in the last 1m to \"orders\" in the global plane — did you mean --global?",
        Duration::from_secs(5),
    );
    // Printed once each, not on every idle period: a new near miss is reported by a
    // later idle period, and the earlier hint has not been repeated by then.
    publish_to_issue(&hub, "10003");
    s.wait_stderr(
        "to \"orders\" with module jira:issuePanel issue=10003",
        Duration::from_secs(5),
    );
    assert_eq!(
        s.stderr_text().matches("issue=10002").count(),
        1,
        "{}",
        s.stderr_text()
    );
}

#[test]
fn channels_lists_keys_with_filters_and_outputs() {
    let hub = TestHub::start(&[]);
    let token = frt_ok(&hub, &["sign-token", "orders", "--claim", "team=red"])
        .stdout
        .trim()
        .to_string();
    let _a = sub(&hub, &["orders", "--token", &token]);
    let _b = sub(&hub, &["orders-eu", "--installation", "other"]);
    let _c = sub(&hub, &["prices", "--global"]);
    frt_ok(&hub, &["publish", "orders", "x", "--token", &token]);

    let out = frt_ok(&hub, &["channels"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines[0].starts_with("INSTALLATION") && lines[0].contains("LAST EVENT"),
        "{}",
        out.stdout
    );
    assert_eq!(lines.len(), 4, "{}", out.stdout);
    let orders = lines
        .iter()
        .find(|l| l.contains("\"orders\""))
        .expect("orders row");
    assert!(
        orders.contains(" 1 ") && orders.contains("ago") && orders.contains('#'),
        "{orders}"
    );
    assert!(
        !out.stdout.contains("red"),
        "claims are a digest unless asked: {}",
        out.stdout
    );

    let json = |args: &[&str]| -> Vec<Value> {
        let mut all = vec!["channels", "-o", "json"];
        all.extend(args);
        let out = frt_ok(&hub, &all);
        let v: Value = serde_json::from_str(out.stdout.trim()).expect("parseable JSON");
        v["channels"].as_array().expect("channels").clone()
    };
    assert_eq!(json(&[]).len(), 3);
    assert_eq!(json(&["--installation", "other"]).len(), 1);
    assert_eq!(json(&["--name", "orders"]).len(), 1, "exact name");
    assert_eq!(json(&["--name", "orders*"]).len(), 2, "glob");
    let global = json(&["--global"]);
    assert_eq!(global.len(), 1);
    assert_eq!(global[0]["plane"], "global");
    let shown = json(&["--name", "orders", "--show-claims"]);
    assert_eq!(
        shown[0]["claims"]["value"],
        serde_json::json!({"team": "red"})
    );
    assert_eq!(shown[0]["published"], 1);
    assert_eq!(shown[0]["delivered"], 1);
    assert_eq!(shown[0]["subscribers"], 1);
    assert!(
        json(&["--name", "orders"])[0]["claims"]
            .get("value")
            .is_none()
    );

    // --watch outside a terminal: one JSON snapshot per interval
    let mut c = hub.frt();
    c.args(["channels", "--watch", "200ms"]);
    let watch = SubProcess::spawn_plain(c);
    let snapshots = watch.take_lines(2, Duration::from_secs(5));
    assert_eq!(snapshots.len(), 2);
    for s in snapshots {
        let v: Value = serde_json::from_str(&s).expect("each snapshot is JSON");
        assert_eq!(v["channels"].as_array().map(Vec::len), Some(3));
    }
}

#[test]
fn the_channels_endpoint_needs_the_api_key() {
    let hub = TestHub::start(&[]);
    let out = run({
        let mut c = hub.frt();
        c.args([
            "channels",
            "--api-key",
            "wrong",
            "--endpoint",
            &hub.endpoint,
        ]);
        c
    });
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("401") && out.stderr.contains("wrong API key"),
        "{}",
        out.stderr
    );
}
