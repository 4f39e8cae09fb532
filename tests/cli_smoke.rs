//! `frt smoke` on an embedded hub, on a separate hub, and against no hub.

mod common;

use common::*;
use serde_json::Value;

const CHECKS: usize = 9;

#[test]
fn smoke_passes_on_the_embedded_hub() {
    let home = tempfile::tempdir().expect("tmp");
    let out = run({
        let mut c = clean_command(home.path());
        c.arg("smoke");
        c
    });
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("embedded hub on http://127.0.0.1:"),
        "{}",
        out.stderr
    );
    let ticks = out
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with('✓'))
        .count();
    assert_eq!(ticks, CHECKS, "{}", out.stdout);
    assert!(out.stdout.lines().all(|l| !l.contains('✗')));
    assert!(
        out.stdout
            .contains(&format!("{CHECKS} of {CHECKS} checks passed"))
    );
    assert!(
        out.stdout
            .lines()
            .filter(|l| l.contains('✓'))
            .all(|l| l.contains(" ms")),
        "a time per check"
    );
    // nothing was written to the user's state directory
    assert!(!home.path().join("state").exists());
}

#[test]
fn smoke_passes_against_a_separate_hub_with_the_platform_rate_limit() {
    let hub = TestHub::start(&["--rate-limit", "50"]);
    let out = run({
        let mut c = hub.frt();
        c.args(["smoke", "-o", "json", "--endpoint", &hub.endpoint]);
        c
    });
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let v: Value = serde_json::from_str(out.stdout.trim()).expect("one JSON report");
    assert_eq!(v["passed"], true);
    let checks = v["checks"].as_array().expect("checks");
    assert_eq!(checks.len(), CHECKS);
    for c in checks {
        assert_eq!(c["ok"], true, "{c}");
        assert!(c["name"].is_string() && c["ms"].is_number());
    }
    assert!(v["hub"].as_str().is_some_and(|h| h.contains(&hub.endpoint)));
}

#[test]
fn smoke_fails_clearly_against_a_hub_that_is_down() {
    let home = tempfile::tempdir().expect("tmp");
    let port = unused_port();
    let out = run({
        let mut c = clean_command(home.path());
        c.args(["smoke", "--retries", "0", "--api-key", "k", "--endpoint"])
            .arg(format!("http://127.0.0.1:{port}"));
        c
    });
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("no hub at") && out.stderr.contains("frt serve"),
        "{}",
        out.stderr
    );
}
