//! `frt replay` through the real binary: a capture from `frt subscribe -o json` or
//! `frt tap -o json` published again to fresh subscribers, in order and to the same
//! keys; the schedule `--speed` makes of the capture's timing; refusals by line; bad
//! captures refused whole.

mod common;

use std::time::Duration;

use common::*;
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(10);

/// A subscriber that has confirmed every one of its channels.
fn subscriber(hub: &TestHub, args: &[&str], channels: &[&str]) -> SubProcess {
    let mut cmd = hub.frt();
    cmd.arg("subscribe").args(args);
    let sub = SubProcess::spawn_plain(cmd);
    for c in channels {
        sub.wait_stderr(&format!("\"{c}\" ·"), WAIT);
    }
    sub
}

fn ok(hub: &TestHub, args: &[&str]) -> Output {
    let out = frt_in(hub, args);
    assert_eq!(out.code, 0, "frt {args:?}: {}", out.stderr);
    out
}

fn json_lines(lines: &[String]) -> Vec<Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

/// Writes `text` as a capture file in the hub's temporary home.
fn capture_file(hub: &TestHub, name: &str, text: &str) -> String {
    let path = hub.home.path().join(name);
    std::fs::write(&path, text).expect("write capture");
    path.to_str().expect("utf8").to_string()
}

const CALLER: [&str; 4] = ["--module", "jira:issuePanel", "--context", "issue=10001"];

#[test]
fn a_subscribe_capture_replays_in_order_to_the_keys_it_was_received_on() {
    let hub = TestHub::start(&[]);
    // Capture: two scoped channels as a page's caller, and one global channel.
    let mut scoped_args = vec!["a", "b", "-o", "json", "-c", "3"];
    scoped_args.extend(CALLER);
    let mut scoped = subscriber(&hub, &scoped_args, &["a", "b"]);
    let mut global = subscriber(&hub, &["g", "--global", "-o", "json", "-c", "1"], &["g"]);
    let publish = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(CALLER);
        ok(&hub, &all);
    };
    publish(&["publish", "a", "one"]);
    publish(&["publish-global", "g", "{\"n\":2}"]);
    publish(&["publish", "b", "{\"n\":3}"]);
    publish(&["publish", "a", "four"]);
    let mut lines = scoped.take_lines(3, WAIT);
    lines.extend(global.take_lines(1, WAIT));
    assert_eq!(scoped.wait(WAIT), 0);
    assert_eq!(global.wait(WAIT), 0);
    let captured = json_lines(&lines);
    assert_eq!(captured[0]["plane"], "scoped");
    assert_eq!(captured[0]["installation"], "local");
    assert_eq!(captured[0]["module"], "jira:issuePanel");
    assert_eq!(
        captured[0]["context"],
        serde_json::json!({"issue": "10001"})
    );
    assert_eq!(captured[3]["plane"], "global");
    let file = capture_file(&hub, "capture.ndjson", &(lines.join("\n") + "\n"));

    // Replay to fresh subscribers of the same keys, as fast as the hub accepts.
    let mut again_args = vec!["a", "b", "-o", "json", "-c", "3"];
    again_args.extend(CALLER);
    let mut again = subscriber(&hub, &again_args, &["a", "b"]);
    let mut again_global = subscriber(&hub, &["g", "--global", "-o", "json", "-c", "1"], &["g"]);
    let out = ok(&hub, &["replay", &file, "--speed", "0", "-o", "raw"]);
    assert_eq!(out.stdout.lines().filter(|l| !l.is_empty()).count(), 4);
    assert!(
        out.stderr
            .contains("events: 4 published, 0 no subscriber, 0 invalid, 0 failed"),
        "{}",
        out.stderr
    );
    let got = json_lines(&again.take_lines(3, WAIT));
    let seen: Vec<(&str, &str)> = got
        .iter()
        .map(|e| {
            (
                e["channel"].as_str().unwrap_or(""),
                e["payload"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(seen, [("a", "one"), ("b", "{\"n\":3}"), ("a", "four")]);
    assert_eq!(got[1]["data"]["n"], 3);
    let got = json_lines(&again_global.take_lines(1, WAIT));
    assert_eq!(got[0]["payload"], "{\"n\":2}");
    assert_eq!(again.wait(WAIT), 0);
    assert_eq!(again_global.wait(WAIT), 0);

    // The flags send every event elsewhere: one channel, the global plane.
    let mut moved = subscriber(
        &hub,
        &["elsewhere", "--global", "-o", "raw", "-c", "4"],
        &["elsewhere"],
    );
    ok(
        &hub,
        &[
            "replay",
            &file,
            "--speed",
            "0",
            "--channel",
            "elsewhere",
            "--global",
        ],
    );
    assert_eq!(
        moved.take_lines(4, WAIT),
        ["one", "{\"n\":3}", "four", "{\"n\":2}"]
    );
    assert_eq!(moved.wait(WAIT), 0);
}

#[test]
fn a_tap_capture_replays_to_the_tapped_keys_overrides_included() {
    let hub = TestHub::start(&[]);
    let mut tap_cmd = hub.frt();
    tap_cmd.args(["tap", "-o", "json", "-c", "2"]);
    let mut tap = SubProcess::spawn_plain(tap_cmd);
    tap.wait_stderr("tapping", WAIT);
    let page = [
        "--module",
        "jira:issueView",
        "--context",
        "project=P1",
        "--context-override",
        "project",
    ];
    let mut sub_args = vec!["orders", "-o", "raw", "-c", "1"];
    sub_args.extend(page);
    let mut first = subscriber(&hub, &sub_args, &["orders"]);
    // Another module meets the page through the same override.
    ok(
        &hub,
        &[
            "publish",
            "orders",
            "shipped",
            "--module",
            "jira:other",
            "--context",
            "project=P1",
            "--context-override",
            "project",
        ],
    );
    ok(&hub, &["publish", "nobody-here", "lost"]);
    assert_eq!(first.take_lines(1, WAIT), ["shipped"]);
    assert_eq!(first.wait(WAIT), 0);
    let lines = tap.take_lines(2, WAIT);
    assert_eq!(tap.wait(WAIT), 0);
    let file = capture_file(&hub, "tap.ndjson", &lines.join("\n"));

    let mut again = subscriber(&hub, &sub_args, &["orders"]);
    let out = ok(&hub, &["replay", &file, "--speed", "0"]);
    assert!(
        out.stderr
            .contains("events: 1 published, 1 no subscriber, 0 invalid, 0 failed"),
        "{}",
        out.stderr
    );
    assert_eq!(again.take_lines(1, WAIT), ["shipped"]);
    assert_eq!(again.wait(WAIT), 0);
}

/// A capture whose events were published at these epoch milliseconds.
fn timed_capture(times: &[u64]) -> String {
    times
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "{{\"channel\":\"timed\",\"eventTimestamp\":\"{t}\",\"payload\":\"e{}\",\"plane\":\"scoped\",\"installation\":\"local\",\"module\":\"frt-cli\",\"context\":{{}}}}\n",
                i + 1
            )
        })
        .collect()
}

#[test]
fn the_captured_gaps_are_scaled_by_speed_and_speed_0_does_not_wait() {
    let hub = TestHub::start(&[]);
    // Line 3 repeats line 2's time and line 5 goes back in time: neither waits.
    let file = capture_file(
        &hub,
        "timed.ndjson",
        &timed_capture(&[1_000, 1_400, 1_400, 2_400, 2_000]),
    );
    let mut sub = subscriber(&hub, &["timed", "-o", "raw", "-c", "5"], &["timed"]);
    let out = ok(&hub, &["replay", &file, "--speed", "4", "-v"]);
    let waits: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("waiting"))
        .collect();
    assert_eq!(
        waits,
        [
            "line 2: waiting 100 ms (400 ms captured, --speed 4)",
            "line 4: waiting 250 ms (1000 ms captured, --speed 4)",
        ],
        "{}",
        out.stderr
    );
    assert_eq!(sub.take_lines(5, WAIT), ["e1", "e2", "e3", "e4", "e5"]);
    assert_eq!(sub.wait(WAIT), 0);

    let out = ok(&hub, &["replay", &file, "--speed", "0", "-v"]);
    assert!(!out.stderr.contains("waiting"), "{}", out.stderr);
    assert!(
        out.stderr.contains("events: 0 published, 5 no subscriber"),
        "{}",
        out.stderr
    );
    // --require-subscribers makes that exit 3.
    let out = frt_in(
        &hub,
        &["replay", &file, "--speed", "0", "--require-subscribers"],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
}

#[test]
fn an_event_the_hub_refuses_is_reported_by_its_capture_line() {
    let hub = TestHub::start(&["--max-payload", "16"]);
    let line = |payload: &str| {
        format!(
            "{{\"channel\":\"small\",\"payload\":\"{payload}\",\"plane\":\"scoped\",\"installation\":\"local\",\"module\":\"frt-cli\",\"context\":{{}}}}"
        )
    };
    // A blank line counts: the refused event is on line 3 of the file.
    let text = format!(
        "{}\n\n{}\n{}\n",
        line("ok"),
        line("far too long for this hub"),
        line("ok too")
    );
    let file = capture_file(&hub, "refused.ndjson", &text);
    let out = frt_in(&hub, &["replay", &file, "--speed", "0"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let refusal = out
        .stderr
        .lines()
        .find(|l| l.starts_with("line "))
        .unwrap_or_default();
    assert!(
        refusal.starts_with("line 3: ") && refusal.contains("PAYLOAD_TOO_LARGE"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("events: 0 published, 2 no subscriber, 0 invalid, 1 failed"),
        "{}",
        out.stderr
    );
}

#[test]
fn bad_captures_are_refused_whole_naming_the_line_and_the_fix() {
    let hub = TestHub::start(&[]);
    let good = "{\"channel\":\"c\",\"payload\":\"p\",\"plane\":\"scoped\",\"installation\":\"local\",\"module\":\"frt-cli\",\"context\":{}}";
    let cases: [(&str, String, &str); 5] = [
        (
            "truncated.ndjson",
            format!("{good}\n{{\"channel\":"),
            "line 2: not JSON",
        ),
        (
            "human.txt",
            "2026-01-01T00:00:00.000Z demo 01a2…\nhello\n".into(),
            "line 1: not JSON",
        ),
        (
            "no-payload.ndjson",
            "{\"channel\":\"c\"}\n".into(),
            "line 1: not a capture record: missing field `payload`",
        ),
        (
            "other.ndjson",
            format!("{good}\n{good}\n{{\"hello\":1}}\n"),
            "line 3: neither an event of 'frt subscribe -o json'",
        ),
        (
            "context.ndjson",
            "{\"channel\":\"c\",\"payload\":\"p\",\"context\":{\"colour\":\"red\"}}\n".into(),
            "line 1: invalid context",
        ),
    ];
    for (name, text, says) in cases {
        let file = capture_file(&hub, name, &text);
        let out = frt_in(&hub, &["replay", &file]);
        assert_eq!(out.code, 2, "{name}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{name}: {}", out.stdout);
        assert_eq!(
            out.stderr.lines().count(),
            1,
            "{name}: one line: {}",
            out.stderr
        );
        assert!(
            out.stderr.starts_with(&format!("error: {file} {says}")),
            "{name}: {}",
            out.stderr
        );
        if !name.starts_with("context") {
            assert!(
                out.stderr
                    .contains("'frt subscribe -o json' or 'frt tap -o json'"),
                "{name} names the fix: {}",
                out.stderr
            );
        }
    }
    let empty = capture_file(&hub, "empty.ndjson", "\n");
    let out = frt_in(&hub, &["replay", &empty]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("holds no events"), "{}", out.stderr);
    let out = frt_in(&hub, &["replay", "/nonexistent/capture.ndjson"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot read"), "{}", out.stderr);
    let out = frt_in(&hub, &["replay", &empty, "--speed", "-1"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("is not a speed"), "{}", out.stderr);
    // Nothing of any of them was published.
    let metrics = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(hub.metrics());
    assert!(
        metrics
            .lines()
            .any(|l| l == "frt_publishes_no_subscriber_total 0"),
        "{metrics}"
    );
}

#[test]
fn captures_hold_a_digest_of_the_claims_never_the_token() {
    let hub = TestHub::start(&[]);
    let token = ok(&hub, &["sign-token", "secret", "--claim", "team=red"])
        .stdout
        .trim()
        .to_string();
    let mut sub = subscriber(
        &hub,
        &["secret", "--token", &token, "-o", "json", "-c", "1"],
        &["secret"],
    );
    ok(&hub, &["publish", "secret", "hi", "--token", &token]);
    let lines = sub.take_lines(1, WAIT);
    assert_eq!(sub.wait(WAIT), 0);
    assert!(!lines[0].contains(&token), "{}", lines[0]);
    let record: Value = serde_json::from_str(&lines[0]).expect("json");
    assert!(
        record["claimsDigest"]
            .as_str()
            .is_some_and(|d| d.starts_with('#')),
        "{record}"
    );
    let file = capture_file(&hub, "secret.ndjson", &lines[0]);
    let out = ok(&hub, &["replay", &file, "--speed", "0"]);
    assert!(
        out.stderr.contains("received under a token") && out.stderr.contains("--token"),
        "{}",
        out.stderr
    );
    let mut again = subscriber(
        &hub,
        &["secret", "--token", &token, "-o", "raw", "-c", "1"],
        &["secret"],
    );
    let out = ok(&hub, &["replay", &file, "--speed", "0", "--token", &token]);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    assert_eq!(again.take_lines(1, WAIT), ["hi"]);
    assert_eq!(again.wait(WAIT), 0);
}
