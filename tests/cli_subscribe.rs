//! `frt subscribe` through the real binary: stop conditions, outputs, reconnects,
//! token expiry, Ctrl-C, colour.

mod common;

use std::time::Duration;

use common::*;
use serde_json::Value;

fn publish(hub: &TestHub, channel: &str, payload: &str) {
    let out = run({
        let mut c = hub.frt();
        c.args(["publish", channel, payload]);
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn count_stops_with_0_and_timeout_with_124() {
    let hub = TestHub::start(&[]);
    let mut sub = SubProcess::spawn({
        let mut c = hub.frt();
        c.args(["subscribe", "demo", "--count", "2", "-o", "raw"]);
        c
    });
    publish(&hub, "demo", "one");
    publish(&hub, "demo", "two");
    assert_eq!(sub.wait(Duration::from_secs(10)), 0);
    assert_eq!(sub.take_lines(3, Duration::from_secs(1)), ["one", "two"]);

    let out = run({
        let mut c = hub.frt();
        c.args(["subscribe", "demo", "--count", "1", "--timeout", "300ms"]);
        c
    });
    assert_eq!(out.code, 124, "{}", out.stderr);
    let out = run({
        let mut c = hub.frt();
        c.args(["subscribe", "demo", "--timeout", "300ms"]);
        c
    });
    assert_eq!(
        out.code, 0,
        "a plain --timeout is a normal stop: {}",
        out.stderr
    );
    assert!(out.stderr.starts_with("subscribed to"), "{}", out.stderr);
}

#[test]
fn json_lines_parse_and_raw_is_the_payload_alone() {
    let hub = TestHub::start(&[]);
    let json_sub = SubProcess::spawn({
        let mut c = hub.frt();
        c.args(["subscribe", "demo", "-o", "json"]);
        c
    });
    let raw_sub = SubProcess::spawn({
        let mut c = hub.frt();
        c.args(["subscribe", "demo", "-o", "raw"]);
        c
    });
    let payloads = ["{\"a\":1}", "plain text", "ünï \"cödé\""];
    for p in payloads {
        publish(&hub, "demo", p);
    }
    let lines = json_sub.take_lines(3, Duration::from_secs(5));
    assert_eq!(lines.len(), 3);
    for (line, want) in lines.iter().zip(payloads) {
        let v: Value = serde_json::from_str(line).expect("each line is a JSON object");
        assert_eq!(v["payload"], want);
        assert_eq!(v["channel"], "demo");
        assert!(v["eventId"].is_string() && v["eventTimestamp"].is_string());
    }
    assert_eq!(raw_sub.take_lines(3, Duration::from_secs(5)), payloads);
}

#[test]
fn human_output_pretty_prints_json_and_no_color_means_no_escapes() {
    let hub = TestHub::start(&[]);
    let sub = SubProcess::spawn({
        let mut c = hub.frt();
        c.args(["subscribe", "demo", "--color", "always"]);
        c
    });
    publish(&hub, "demo", "{\"a\":1}");
    let lines = sub.take_lines(4, Duration::from_secs(5));
    assert!(
        lines[0].contains('\u{1b}'),
        "--color always colours: {lines:?}"
    );
    assert_eq!(lines[1..], ["{", "  \"a\": 1", "}"]);

    let plain = SubProcess::spawn({
        let mut c = hub.frt();
        c.args(["subscribe", "demo"]);
        c
    });
    publish(&hub, "demo", "{\"a\":1}");
    let lines = plain.take_lines(4, Duration::from_secs(5));
    assert!(
        lines.iter().all(|l| !l.contains('\u{1b}')),
        "no colour into a pipe: {lines:?}"
    );
}

#[test]
fn no_color_removes_every_escape_on_a_terminal() {
    let hub = TestHub::start(&[]);
    let _sub = SubProcess::spawn({
        let mut c = hub.frt();
        c.args(["subscribe", "demo"]);
        c
    });
    let cmd = format!("'{BIN}' publish demo x; '{BIN}' publish nobody-here x");
    let coloured = under_tty(&hub, &cmd, &[("NO_COLOR", None)], None);
    assert!(
        coloured.contains('\u{1b}'),
        "a terminal gets colour: {coloured:?}"
    );
    let plain = under_tty(&hub, &cmd, &[("NO_COLOR", Some("1"))], None);
    assert!(
        plain.contains("published") && plain.contains("no subscriber"),
        "{plain:?}"
    );
    assert!(!plain.contains('\u{1b}'), "NO_COLOR: {plain:?}");
}

#[test]
fn ctrl_c_unsubscribes_and_exits_130() {
    let hub = TestHub::start(&["--grace", "60s"]);
    let mut sub = SubProcess::spawn({
        let mut c = hub.frt();
        c.args(["subscribe", "demo"]);
        c
    });
    sub.signal(2);
    assert_eq!(sub.wait(Duration::from_secs(10)), 130);
    // A clean end: the hub holds nothing for it (no grace placeholder).
    let out = run({
        let mut c = hub.frt();
        c.args(["publish", "demo", "x", "-o", "json"]);
        c
    });
    let v: Value = serde_json::from_str(out.stdout.trim()).expect("json");
    assert_eq!(
        v["eventId"],
        Value::Null,
        "unsubscribed, not merely dropped"
    );
}

#[test]
fn a_token_that_expires_mid_subscription_ends_with_4() {
    let hub = TestHub::start(&[]);
    let out = run({
        let mut c = hub.frt();
        c.args(["sign-token", "demo", "--ttl", "2s"]);
        c
    });
    let token = out.stdout.trim().to_string();
    let mut sub = SubProcess::spawn({
        let mut c = hub.frt();
        c.args(["subscribe", "demo", "--token", &token]);
        c
    });
    assert_eq!(sub.wait(Duration::from_secs(10)), 4);
    assert!(
        sub.stderr_text().contains("TOKEN_EXPIRED"),
        "{}",
        sub.stderr_text()
    );
}

#[test]
fn token_prevalidation_fails_fast_without_a_request() {
    let hub = TestHub::start(&["--rate-limit", "1"]);
    let out = run({
        let mut c = hub.frt();
        c.args(["sign-token", "demo", "--permission", "subscribe"]);
        c
    });
    let token = out.stdout.trim().to_string();
    for (args, code) in [
        (
            vec!["publish", "demo", "x", "--token", &token],
            "MISSING_PERMISSION",
        ),
        (
            vec!["subscribe", "other", "--token", &token],
            "CHANNEL_NAME_MISMATCH",
        ),
        (
            vec!["publish", "demo", "x", "--token", "abc"],
            "INVALID_TOKEN",
        ),
    ] {
        let out = run({
            let mut c = hub.frt();
            c.args(&args);
            c
        });
        assert_eq!(out.code, 4, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(code), "{}", out.stderr);
    }
    // None of those reached the hub: the rate budget (1/s, spent by sign-token) would
    // have refused them, and the hub counted no token rejection.
    let rt = tokio::runtime::Runtime::new().expect("rt");
    let metrics = rt.block_on(hub.metrics());
    assert!(metrics.contains("frt_tokens_rejected_total 0"), "{metrics}");
    assert!(metrics.contains("frt_rate_limited_total 0"), "{metrics}");
}

#[test]
fn a_cut_connection_loses_nothing() {
    let hub = TestHub::start(&["--grace", "20s"]);
    let rt = tokio::runtime::Runtime::new().expect("rt");
    let proxy = rt.block_on(CutProxy::start(&hub.addr()));
    let sub = SubProcess::spawn({
        let mut c = hub.frt();
        c.args([
            "subscribe",
            "cut",
            "-o",
            "raw",
            "--endpoint",
            &proxy.endpoint(),
            "--api-key",
            &hub.api_key,
        ]);
        c
    });
    let client = hub.client();
    let send = |i: u32| {
        let r = rt
            .block_on(client.publish(&frt::client::Publish::new(
                "cut",
                i.to_string(),
                ctx("local", "frt-cli", &[]),
            )))
            .expect("publish");
        assert!(
            r.event_id.is_some(),
            "event {i} found a (possibly held) subscriber"
        );
    };
    for i in 0..20 {
        send(i);
    }
    assert_eq!(sub.take_lines(20, Duration::from_secs(5)).len(), 20);
    proxy.cut();
    for i in 20..60 {
        send(i);
        std::thread::sleep(Duration::from_millis(5));
    }
    let rest = sub.take_lines(40, Duration::from_secs(15));
    let want: Vec<String> = (20..60).map(|i| i.to_string()).collect();
    assert_eq!(rest, want, "stderr:\n{}", sub.stderr_text());
    // stderr is read on its own thread: wait for the lines rather than sample them.
    sub.wait_stderr("reconnecting", Duration::from_secs(5));
    sub.wait_stderr("reconnected: resumed after event", Duration::from_secs(5));
    // No duplicates: the next line after the 40 is a later event, not a repeat.
    send(60);
    assert_eq!(
        sub.take_lines(1, Duration::from_secs(5)),
        vec!["60".to_string()],
        "no duplicates"
    );
}

#[test]
fn no_reconnect_makes_a_loss_an_error() {
    let mut hub = TestHub::start(&[]);
    let mut sub = SubProcess::spawn({
        let mut c = hub.frt();
        c.args(["subscribe", "demo", "--no-reconnect"]);
        c
    });
    hub.stop();
    assert_eq!(sub.wait(Duration::from_secs(10)), 1);
    assert!(
        sub.stderr_text().contains("connection lost"),
        "{}",
        sub.stderr_text()
    );
}

#[test]
fn a_resume_the_hub_cannot_complete_is_reported() {
    let state = std::sync::Arc::new(tempfile::tempdir().expect("tmp"));
    let mut first = TestHub::start_in(state.clone(), &[]);
    let rt = tokio::runtime::Runtime::new().expect("rt");
    let proxy = rt.block_on(CutProxy::start(&first.addr()));
    let sub = SubProcess::spawn({
        let mut c = first.frt();
        c.args([
            "subscribe",
            "demo",
            "-o",
            "raw",
            "--endpoint",
            &proxy.endpoint(),
            "--api-key",
            &first.api_key,
        ]);
        c
    });
    publish(&first, "demo", "before");
    assert_eq!(sub.take_lines(1, Duration::from_secs(5)), ["before"]);
    first.stop();
    let second = TestHub::start_in(state.clone(), &[]);
    proxy.retarget(&second.addr());
    sub.wait_stderr("could not replay everything", Duration::from_secs(15));
    // and it keeps receiving from the new hub
    publish(&second, "demo", "after");
    assert_eq!(sub.take_lines(1, Duration::from_secs(5)), ["after"]);
}
