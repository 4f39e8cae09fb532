//! Several endpoints: a client fails over to the next hub in order, publish under the
//! usual retry rules and subscribe with its resume point, when one hub dies.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;

/// Two hubs that share one API key and signing key (the second's state is seeded
/// from the first's), as hubs behind one name would.
fn twin_hubs() -> (TestHub, TestHub) {
    let first = TestHub::start(&[]);
    let state = Arc::new(tempfile::tempdir().unwrap());
    for file in ["api-key", "signing-key.json"] {
        std::fs::copy(first.state_dir().join(file), state.path().join(file)).unwrap();
    }
    let second = TestHub::start_in(state, &[]);
    assert_eq!(first.api_key, second.api_key);
    (first, second)
}

#[test]
fn publish_and_subscribe_move_to_the_next_endpoint_when_a_hub_dies() {
    let (mut first, second) = twin_hubs();
    let both = format!("{},{}", first.endpoint, second.endpoint);
    let with_both = |args: &[&str]| {
        let mut c = clean_command(first.home.path());
        c.args(args)
            .args(["-e", &both, "--api-key", &first.api_key]);
        c
    };
    let sub = SubProcess::spawn(with_both(&["subscribe", "f", "-o", "raw"]));
    let out = run(with_both(&["publish", "f", "one", "-o", "raw"]));
    assert_eq!(
        out.stdout.trim().len(),
        36,
        "on the first hub: {}",
        out.stderr
    );
    assert_eq!(sub.take_lines(1, Duration::from_secs(10)), vec!["one"]);

    // The first hub dies without a word.
    if let Some(child) = first.child.as_mut() {
        send_signal(child.id(), 9);
        let _ = child.wait();
    }
    first.child = None;
    // The subscriber moves to the second hub (another hub run: it says it could not
    // replay everything) ...
    sub.wait_stderr("resubscribed", Duration::from_secs(20));
    // ... and so does a publish, within its retries.
    let out = run(with_both(&["publish", "f", "two", "-o", "raw", "-v"]));
    assert_eq!(
        out.code,
        0,
        "{}\nsecond hub: {}\nsub: {}",
        out.stderr,
        second.stderr_text(),
        sub.stderr_text()
    );
    assert!(
        out.stderr.contains("trying the next endpoint"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout.trim().len(), 36, "{}", out.stderr);
    assert_eq!(sub.take_lines(1, Duration::from_secs(10)), vec!["two"]);
}

#[test]
fn every_endpoint_in_the_list_must_be_a_url() {
    let hub = TestHub::start(&[]);
    let list = format!("{},127.0.0.1:9", hub.endpoint);
    let out = frt_in(
        &hub,
        &["publish", "x", "y", "-e", &list, "--api-key", &hub.api_key],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("endpoint \"127.0.0.1:9\" must start with http:// or https://"),
        "{}",
        out.stderr
    );
}
