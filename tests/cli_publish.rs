//! `frt publish` / `publish-global` / `sign-token` through the real binary.

mod common;

use std::time::Duration;

use common::*;
use serde_json::Value;

fn subscriber(hub: &TestHub, args: &[&str]) -> SubProcess {
    let mut cmd = hub.frt();
    cmd.arg("subscribe").args(args).args(["-o", "json"]);
    SubProcess::spawn(cmd)
}

fn payloads(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            let v: Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}"));
            v["payload"].as_str().expect("payload").to_string()
        })
        .collect()
}

#[test]
fn each_payload_source_round_trips_exactly() {
    let hub = TestHub::start(&[]);
    let sub = subscriber(&hub, &["demo"]);
    let tricky = "héllo \"quoted\" 'single' \\ back\nsecond line\ttab 🎉 {\"a\":[1,2]}";

    let out = run({
        let mut c = hub.frt();
        c.args(["publish", "demo", tricky]);
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);

    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("p.json");
    std::fs::write(&file, "{\"from\":\"file\"}\n").expect("write");
    let out = run({
        let mut c = hub.frt();
        c.args(["publish", "demo", "--file"]).arg(&file);
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);

    let out = run_with_input(
        hub.frt().args(["publish", "demo", "-"]),
        Some("from stdin\n".as_bytes()),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);

    let got = payloads(&sub.take_lines(3, Duration::from_secs(10)));
    assert_eq!(got, [tricky, "{\"from\":\"file\"}", "from stdin"]);
}

#[test]
fn stdin_is_never_read_unless_asked() {
    let hub = TestHub::start(&[]);
    let script = format!(
        "printf 'first\\nsecond\\n' | {{ '{bin}' publish demo hi >/dev/null 2>&1; cat; }}",
        bin = BIN
    );
    let out = std::process::Command::new("sh")
        .args(["-c", &script])
        .env("FRT_STATE_DIR", hub.state_dir())
        .env("HOME", hub.home.path())
        .output()
        .expect("sh");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "first\nsecond\n");
}

#[test]
fn no_prompt_without_a_terminal() {
    let hub = TestHub::start(&[]);
    let out = run({
        let mut c = hub.frt();
        c.args(["publish", "demo"]);
        c
    });
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no payload"), "{}", out.stderr);
    assert!(out.stderr.contains("'-' to read stdin"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "one line: {}", out.stderr);
    assert!(out.stdout.is_empty());
}

#[test]
fn lines_keep_their_order_over_thousands_of_events() {
    let hub = TestHub::start(&[]);
    let sub = subscriber(&hub, &["lines"]);
    let n = 3000;
    let input: String = (0..n).map(|i| format!("{{\"n\":{i}}}\n")).collect();
    let out = run_with_input(
        hub.frt()
            .args(["publish", "lines", "-", "--lines", "--json"]),
        Some(input.as_bytes()),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "{n} published, 0 no subscriber, 0 invalid, 0 failed"
        )),
        "{}",
        out.stderr
    );
    let got = payloads(&sub.take_lines(n, Duration::from_secs(30)));
    assert_eq!(got.len(), n);
    for (i, p) in got.iter().enumerate() {
        assert_eq!(p, &format!("{{\"n\":{i}}}"));
    }
}

#[test]
fn lines_report_bad_lines_and_exit_non_zero() {
    let hub = TestHub::start(&[]);
    let _sub = subscriber(&hub, &["lines"]);
    let out = run_with_input(
        hub.frt()
            .args(["publish", "lines", "-", "--lines", "--json", "-o", "json"]),
        Some(b"{\"ok\":1}\n{broken\n{\"ok\":2}\n"),
    );
    // Bad input is a usage error (2), as for a single payload; the good lines went.
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("line 2: payload is not valid JSON"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("2 published, 0 no subscriber, 1 invalid, 0 failed"),
        "{}",
        out.stderr
    );
    let results: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(results.len(), 2);
    assert!(results.iter().all(|r| r["eventId"].is_string()));
}

#[test]
fn json_flag_names_the_fault() {
    let hub = TestHub::start(&[]);
    let out = run({
        let mut c = hub.frt();
        c.args(["publish", "demo", "{\"a\":\n tru}", "--json"]);
        c
    });
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("not valid JSON") && out.stderr.contains("line 2 column"),
        "{}",
        out.stderr
    );
}

#[test]
fn outputs_and_exit_codes_of_publish() {
    let hub = TestHub::start(&[]);
    // no subscriber: 0, or 3 with --require-subscribers; json keeps the platform's shape
    let out = run({
        let mut c = hub.frt();
        c.args(["publish", "nobody", "x", "-o", "json"]);
        c
    });
    assert_eq!(out.code, 0);
    let v: Value = serde_json::from_str(out.stdout.trim()).expect("json");
    assert_eq!(
        v,
        serde_json::json!({"eventId": null, "eventTimestamp": null})
    );
    let out = run({
        let mut c = hub.frt();
        c.args(["publish", "nobody", "x", "--require-subscribers"]);
        c
    });
    assert_eq!(out.code, 3);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(
        out.stderr
            .contains("error: no subscriber on this channel key"),
        "{}",
        out.stderr
    );

    let sub = subscriber(&hub, &["demo"]);
    let out = run({
        let mut c = hub.frt();
        c.args(["publish", "demo", "x", "-o", "raw"]);
        c
    });
    assert_eq!(out.code, 0);
    let id = out.stdout.trim();
    assert_eq!(
        id.len(),
        36,
        "raw prints the event id alone: {:?}",
        out.stdout
    );
    let lines = sub.take_lines(1, Duration::from_secs(5));
    let v: Value = serde_json::from_str(&lines[0]).expect("json");
    assert_eq!(v["eventId"], id);
    assert_eq!(v["channel"], "demo");
    assert!(
        v["eventTimestamp"]
            .as_str()
            .is_some_and(|t| t.parse::<u64>().is_ok())
    );

    // -v shows the resolved channel key on stderr, never the API key
    let out = run({
        let mut c = hub.frt();
        c.args(["publish", "demo", "x", "-v", "--context", "issue=7"]);
        c
    });
    assert!(out.stderr.contains("channel key: installation local · scoped · \"demo\" · module frt-cli issue=7 · no token"), "{}", out.stderr);
    assert!(!out.stderr.contains(&hub.api_key));
    assert!(out.stderr.contains("Bearer <redacted>"));
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    let hub = TestHub::start(&[]);
    for (args, needle) in [
        (
            vec!["publish", "demo", "x", "--context-override", "ticket"],
            "possible values",
        ),
        (
            vec!["publish-global", "demo", "x", "--context-override", "issue"],
            "global channels have no scope",
        ),
        (
            vec!["publish", "demo", "x", "--context", "ticket=1"],
            "valid properties are",
        ),
        (
            vec!["publish", "demo", "x", "--context-override", "issue"],
            "has no \"issue\"",
        ),
        (vec!["publish", "", "x"], "invalid channel name"),
        (
            vec!["publish", "demo", "--file", "/nonexistent/file"],
            "cannot read payload file",
        ),
        (
            vec![
                "subscribe",
                "demo",
                "--global",
                "--context-override",
                "issue",
            ],
            "does not apply to --global",
        ),
        (
            vec!["sign-token", "demo", "--claims", "{bad"],
            "--claims is not valid JSON",
        ),
    ] {
        let out = run({
            let mut c = hub.frt();
            c.args(&args);
            c
        });
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(needle), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn payload_too_large_is_bad_input() {
    let hub = TestHub::start(&["--max-payload", "100"]);
    let _sub = subscriber(&hub, &["demo"]);
    let out = run({
        let mut c = hub.frt();
        c.args(["publish", "demo", &"x".repeat(101)]);
        c
    });
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("PAYLOAD_TOO_LARGE") && out.stderr.contains("--max-payload"),
        "{}",
        out.stderr
    );
}

#[test]
fn no_hub_is_a_clear_failure() {
    let home = tempfile::tempdir().expect("tmp");
    // a port nothing listens on
    let port = unused_port();
    let out = run({
        let mut c = clean_command(home.path());
        c.args([
            "publish",
            "demo",
            "x",
            "--retries",
            "0",
            "--api-key",
            "k",
            "--endpoint",
        ])
        .arg(format!("http://127.0.0.1:{port}"));
        c
    });
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(&format!(
            "no hub at http://127.0.0.1:{port} — start one with 'frt serve' or set FRT_ENDPOINT"
        )),
        "{}",
        out.stderr
    );
    let out = run({
        let mut c = clean_command(home.path());
        c.args(["publish", "demo", "x"]);
        c
    });
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no hub configured"), "{}", out.stderr);
}

#[test]
fn rate_limited_after_retries_exits_5() {
    let hub = TestHub::start(&["--rate-limit", "1"]);
    let mut last = None;
    for _ in 0..3 {
        let out = run({
            let mut c = hub.frt();
            c.args(["publish", "demo", "x", "--retries", "0"]);
            c
        });
        last = Some(out);
        if last.as_ref().is_some_and(|o| o.code != 0) {
            break;
        }
    }
    let out = last.expect("ran");
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(out.stderr.contains("rate limited"), "{}", out.stderr);
}

#[test]
fn publish_global_reaches_global_subscribers_only() {
    let hub = TestHub::start(&[]);
    let global = subscriber(&hub, &["news", "--global", "--module", "another"]);
    let scoped = subscriber(&hub, &["news"]);
    let out = run({
        let mut c = hub.frt();
        c.args(["publish-global", "news", "g"]);
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        payloads(&global.take_lines(1, Duration::from_secs(5))),
        ["g"]
    );
    // The scoped subscriber's next event is its own: the global one never came.
    let out = run({
        let mut c = hub.frt();
        c.args(["publish", "news", "s"]);
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        payloads(&scoped.take_lines(1, Duration::from_secs(5))),
        ["s"]
    );
}

#[test]
fn sign_token_prints_the_token_alone_and_json_on_request() {
    let hub = TestHub::start(&[]);
    let out = run({
        let mut c = hub.frt();
        c.args([
            "sign-token",
            "demo",
            "--claim",
            "user=42",
            "--claim",
            "roles=[\"a\"]",
            "--claim",
            "name=ann",
            "--permission",
            "subscribe",
        ]);
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    let token = out.stdout.trim_end_matches('\n');
    assert_eq!(token.lines().count(), 1);
    let d = frt::token::decode_unverified(token).expect("a JWT");
    assert_eq!(
        d.payload["claims"],
        serde_json::json!({"user": 42, "roles": ["a"], "name": "ann"})
    );
    assert_eq!(d.payload["permissions"], serde_json::json!(["subscribe"]));
    assert!(
        out.stderr.is_empty(),
        "no terminal, no expiry line: {}",
        out.stderr
    );

    let out = run({
        let mut c = hub.frt();
        c.args(["sign-token", "demo", "-o", "json", "--ttl", "2h"]);
        c
    });
    let v: Value = serde_json::from_str(out.stdout.trim()).expect("json");
    assert!(v["token"].is_string() && v["expiresAt"].is_i64(), "{v}");
    assert!(
        out.stderr.contains("capped the lifetime at 1h"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_missing_payload_is_prompted_for_on_a_terminal() {
    let hub = TestHub::start(&[]);
    let sub = subscriber(&hub, &["demo"]);
    let screen = under_tty(
        &hub,
        &format!("'{BIN}' publish demo"),
        &[],
        Some(("payload", "typed at the prompt\n")),
    );
    assert!(screen.contains("payload"), "{screen:?}");
    assert_eq!(
        payloads(&sub.take_lines(1, Duration::from_secs(5))),
        ["typed at the prompt"]
    );
    let screen = under_tty(&hub, &format!("'{BIN}' publish demo --no-input"), &[], None);
    assert!(
        screen.contains("no payload"),
        "--no-input turns the prompt off: {screen:?}"
    );
}

#[test]
fn lines_show_progress_on_a_terminal_once_the_run_lasts_a_second() {
    let hub = TestHub::start(&[]);
    let slow_input = "(for i in 1 2 3 4 5; do echo $i; sleep 0.4; done)";
    // The same slow run into a pipe, at the same time, must stay quiet.
    let piped = std::process::Command::new("sh")
        .args([
            "-c",
            &format!("{slow_input} | '{BIN}' publish demo - --lines"),
        ])
        .env("FRT_STATE_DIR", hub.state_dir())
        .env("HOME", hub.home.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("sh");
    let screen = under_tty(
        &hub,
        &format!("{slow_input} | '{BIN}' publish demo - --lines"),
        &[],
        None,
    );
    // Events nobody received are not counted as published, and rates are whole.
    assert!(screen.contains("acknowledged: 0 published,"), "{screen:?}");
    assert!(
        screen.contains("lines: 0 published, 5 no subscriber, 0 invalid, 0 failed ("),
        "{screen:?}"
    );
    let rate = screen
        .split("lines: ")
        .nth(1)
        .and_then(|s| s.split(" (").nth(1))
        .and_then(|s| s.split(" events/s").next())
        .unwrap_or("?");
    assert!(
        rate.chars().all(|c| c.is_ascii_digit() || c == ','),
        "a whole rate: {rate:?}"
    );
    let out = piped.wait_with_output().expect("sh");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("acknowledged:"),
        "no progress line into a pipe: {err:?}"
    );
}

#[test]
fn sign_token_shows_the_expiry_on_a_terminal() {
    let hub = TestHub::start(&[]);
    let screen = under_tty(
        &hub,
        &format!("'{BIN}' sign-token demo --ttl 1h"),
        &[],
        None,
    );
    assert!(
        screen.contains("expires 20") && screen.contains("Z (in 59m"),
        "{screen:?}"
    );
}

#[test]
fn every_subcommand_help_has_examples() {
    for sub in [
        "publish",
        "publish-global",
        "sign-token",
        "inspect-token",
        "subscribe",
        "serve",
    ] {
        let out = std::process::Command::new(BIN)
            .args([sub, "--help"])
            .output()
            .expect("help");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success());
        assert!(
            text.contains("Examples:") && text.contains(&format!("frt {sub}")),
            "{sub}: {text}"
        );
    }
    let out = std::process::Command::new(BIN)
        .arg("--version")
        .output()
        .expect("version");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("frt "));
}
