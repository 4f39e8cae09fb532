//! What people who publish and subscribe by hand reach for: repeat and templates,
//! several channels on one connection, the tap, --jq, timestamps, --since, profiles
//! and offline signing. All through the real binary against a real hub.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

fn json_lines(lines: &[String]) -> Vec<Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect()
}

fn spawn(hub: &TestHub, args: &[&str]) -> SubProcess {
    let mut cmd = hub.frt();
    cmd.args(args);
    SubProcess::spawn(cmd)
}

// Repeat and template

#[test]
fn count_publishes_a_template_n_times_over_one_stream() {
    let hub = TestHub::start(&[]);
    let sub = spawn(&hub, &["subscribe", "ticks", "-o", "json", "-c", "5"]);
    let out = frt_in(
        &hub,
        &[
            "publish",
            "ticks",
            r#"{"n":{{seq}},"id":"{{uuid}}","at":"{{time}}","ms":{{unix_ms}},"r":{{random}}}"#,
            "--count",
            "5",
            "--interval",
            "10ms",
            "--json",
            "-o",
            "raw",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 5, "one id per event");
    assert!(
        out.stderr
            .contains("events: 5 published, 0 no subscriber, 0 invalid, 0 failed"),
        "{}",
        out.stderr
    );
    // Only the stream (one connection) reports a rate; one POST per event does not.
    assert!(out.stderr.contains(" events/s)"), "{}", out.stderr);
    let events = json_lines(&sub.take_lines(5, Duration::from_secs(10)));
    let mut ids = std::collections::HashSet::new();
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e["data"]["n"], i as u64 + 1);
        assert!(
            ids.insert(e["data"]["id"].as_str().unwrap().to_string()),
            "fresh UUIDs"
        );
        assert!(e["data"]["at"].as_str().unwrap().ends_with('Z'));
        assert!(e["data"]["ms"].as_u64().unwrap() > 1_700_000_000_000);
        assert!(e["data"]["r"].is_u64());
    }
}

#[test]
fn templates_expand_only_when_asked_and_unknown_placeholders_are_refused() {
    let hub = TestHub::start(&[]);
    let sub = spawn(&hub, &["subscribe", "t", "-o", "raw", "-c", "2"]);
    assert_eq!(frt_in(&hub, &["publish", "t", "n={{seq}}"]).code, 0);
    assert_eq!(
        frt_in(&hub, &["publish", "t", "n={{seq}}", "--template"]).code,
        0
    );
    assert_eq!(
        sub.take_lines(2, Duration::from_secs(10)),
        vec!["n={{seq}}", "n=1"]
    );
    let out = frt_in(&hub, &["publish", "t", "{{sequence}}", "--count", "3"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown placeholder {{sequence}}") && out.stderr.contains("{{seq}}"),
        "{}",
        out.stderr
    );
    let out = frt_in(&hub, &["publish", "t", "x", "--count", "3", "--lines"]);
    assert_eq!(out.code, 2, "--count and --lines conflict");
}

// Several channels on one connection

#[test]
fn one_subscription_holds_several_channels_and_labels_every_event() {
    let hub = TestHub::start(&[]);
    let json = spawn(&hub, &["subscribe", "a", "b", "c", "-o", "json", "-c", "3"]);
    let raw = spawn(&hub, &["subscribe", "a", "b", "-o", "raw", "-c", "2"]);
    let human = spawn(
        &hub,
        &["subscribe", "a", "b", "--color", "never", "-c", "2"],
    );
    // One connection per process: three connections hold seven subscriptions.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let metrics = runtime.block_on(hub.metrics());
        if metrics.contains("\nfrt_subscriptions 7\n") {
            assert!(metrics.contains("\nfrt_connections 3\n"), "{metrics}");
            break;
        }
        assert!(Instant::now() < deadline, "{metrics}");
        std::thread::sleep(Duration::from_millis(10));
    }
    for (ch, p) in [("b", "two"), ("a", "one"), ("c", "three")] {
        assert_eq!(frt_in(&hub, &["publish", ch, p]).code, 0);
    }
    let got = json_lines(&json.take_lines(3, Duration::from_secs(10)));
    let labelled: Vec<(String, String)> = got
        .iter()
        .map(|e| {
            (
                e["channel"].as_str().unwrap().to_string(),
                e["payload"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        labelled,
        vec![
            ("b".to_string(), "two".to_string()),
            ("a".to_string(), "one".to_string()),
            ("c".to_string(), "three".to_string())
        ]
    );
    assert_eq!(
        raw.take_lines(2, Duration::from_secs(10)),
        vec!["b\ttwo", "a\tone"]
    );
    let lines = human.take_lines(4, Duration::from_secs(10));
    assert!(lines[0].contains(" b "), "{lines:?}");
    assert!(lines[2].contains(" a "), "{lines:?}");
}

// The tap

#[test]
fn the_tap_shows_every_routed_event_with_its_key_and_fate() {
    let hub = TestHub::start(&[]);
    let all = spawn_tap(&hub, &["-o", "json", "-c", "3"]);
    let undelivered = spawn_tap(&hub, &["--undelivered", "-o", "json", "-c", "2"]);
    let named = spawn_tap(
        &hub,
        &["--name", "ord*", "--scoped", "-o", "json", "-c", "1"],
    );
    let other = spawn_tap(&hub, &["--installation", "other", "-o", "raw", "-c", "1"]);
    let _sub = spawn(&hub, &["subscribe", "orders", "--context", "issue=7"]);
    for args in [
        &["publish", "orders", "{\"k\":1}", "--context", "issue=7"][..],
        &["publish", "nobody", "lost"],
        &["publish-global", "orders", "g"],
        &["publish", "x", "elsewhere", "--installation", "other"],
    ] {
        assert_eq!(frt_in(&hub, args).code, 0, "{args:?}");
    }
    let seen = json_lines(&all.take_lines(3, Duration::from_secs(10)));
    assert_eq!(seen[0]["name"], "orders");
    assert_eq!(seen[0]["installation"], "local");
    assert_eq!(seen[0]["plane"], "scoped");
    assert_eq!(seen[0]["scope"]["context"]["issue"], "7");
    assert_eq!(seen[0]["receivers"], 1);
    assert!(seen[0]["eventId"].is_string());
    assert_eq!(seen[0]["data"]["k"], 1);
    assert_eq!(seen[1]["name"], "nobody");
    assert_eq!(seen[1]["receivers"], 0);
    assert!(seen[1]["eventId"].is_null());
    assert_eq!(seen[2]["plane"], "global");
    let missed = json_lines(&undelivered.take_lines(2, Duration::from_secs(10)));
    assert_eq!(missed[0]["name"], "nobody");
    assert_eq!(
        missed[1]["name"], "orders",
        "the global publish reached nobody"
    );
    let named = json_lines(&named.take_lines(1, Duration::from_secs(10)));
    assert_eq!(named[0]["plane"], "scoped");
    assert_eq!(
        other.take_lines(1, Duration::from_secs(10)),
        vec!["elsewhere"]
    );
}

fn spawn_tap(hub: &TestHub, args: &[&str]) -> SubProcess {
    let mut cmd = hub.frt();
    cmd.arg("tap").args(args);
    let tap = SubProcess::spawn_plain(cmd);
    tap.wait_stderr("tapping", Duration::from_secs(10));
    tap
}

#[test]
fn the_tap_needs_the_api_key() {
    let hub = TestHub::start(&[]);
    let out = frt_in(
        &hub,
        &[
            "tap",
            "-e",
            &hub.endpoint,
            "--api-key",
            "wrong-key-wrong-key",
            "--retries",
            "0",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("(401 UNAUTHORIZED): wrong API key"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_bad_tap_glob_is_a_usage_error_named_by_the_hub() {
    let hub = TestHub::start(&[]);
    let out = frt_in(&hub, &["tap", "--name", "[", "-t", "5s"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("name pattern \"[\" is not a valid glob"),
        "{}",
        out.stderr
    );
    // The listing reads the same filters, with the same words.
    let out = frt_in(&hub, &["channels", "--name", "["]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("is not a valid glob"), "{}", out.stderr);
}

// --jq

#[test]
fn jq_filters_and_shapes_and_dropped_events_do_not_count() {
    let hub = TestHub::start(&[]);
    let sub = spawn(
        &hub,
        &[
            "subscribe",
            "m",
            "--jq",
            "select(.data.level == \"error\") | .data.msg",
            "-o",
            "raw",
            "-c",
            "2",
        ],
    );
    for (level, msg) in [("info", "a"), ("error", "b"), ("info", "c"), ("error", "d")] {
        let payload = format!("{{\"level\":\"{level}\",\"msg\":\"{msg}\"}}");
        assert_eq!(frt_in(&hub, &["publish", "m", &payload]).code, 0);
    }
    assert_eq!(sub.take_lines(2, Duration::from_secs(10)), vec!["b", "d"]);
    let out = frt_in(&hub, &["subscribe", "m", "--jq", ".data | map("]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("--jq") && out.stderr.contains("expected"),
        "{}",
        out.stderr
    );
}

// Timestamps and --since

#[test]
fn timestamps_show_arrival_and_json_always_has_them() {
    let hub = TestHub::start(&[]);
    let human = spawn(
        &hub,
        &[
            "subscribe",
            "t",
            "--timestamps",
            "--color",
            "never",
            "-c",
            "1",
        ],
    );
    let json = spawn(&hub, &["subscribe", "t", "-o", "json", "-c", "1"]);
    assert_eq!(frt_in(&hub, &["publish", "t", "x"]).code, 0);
    let head = &human.take_lines(2, Duration::from_secs(10))[0];
    assert!(
        head.contains("received 20") && head.contains(" ms)"),
        "{head}"
    );
    let e = &json_lines(&json.take_lines(1, Duration::from_secs(10)))[0];
    assert!(e["receivedAt"].as_str().unwrap().ends_with('Z'), "{e}");
    assert!(e["latencyMs"].is_i64(), "{e}");
}

#[test]
fn since_resumes_after_an_event_and_says_whether_it_could() {
    let hub = TestHub::start(&[]);
    let _keeper = spawn(&hub, &["subscribe", "s"]); // keeps the key (and its buffer) live
    let first = frt_in(&hub, &["publish", "s", "one", "-o", "raw"]).stdout;
    let first = first.trim();
    for p in ["two", "three"] {
        assert_eq!(frt_in(&hub, &["publish", "s", p]).code, 0);
    }
    let out = frt_in(
        &hub,
        &["subscribe", "s", "--since", first, "-c", "2", "-o", "raw"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "two\nthree\n");
    assert!(out.stderr.contains("resumed after event"), "{}", out.stderr);
    assert!(out.stderr.contains("recovered"), "{}", out.stderr);
    // An id from another hub run: not recovered, and said.
    let foreign = "01a221e6-20e2-7000-8000-0001deadbeef";
    let out = frt_in(&hub, &["subscribe", "s", "--since", foreign, "-t", "300ms"]);
    assert!(out.stderr.contains("could not resume"), "{}", out.stderr);
}

// Profiles

/// The hub's API key in a file of the user's, with this mode.
fn api_key_file(hub: &TestHub, mode: u32) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = hub.home.path().join("key");
    std::fs::write(&path, &hub.api_key).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

fn profile_cmd(hub: &TestHub, env: &[(&str, &str)], args: &[&str]) -> Output {
    run({
        let mut c = clean_command(hub.home.path());
        c.args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        c
    })
}

#[test]
fn profiles_select_a_hub_and_caller_with_the_documented_precedence() {
    let hub = TestHub::start(&[]);
    use std::os::unix::fs::PermissionsExt;
    let key_file = api_key_file(&hub, 0o600);
    let key = key_file.to_str().unwrap();
    // No hub.json in this environment: the profile is the only way to the hub.
    let add = profile_cmd(
        &hub,
        &[],
        &[
            "profile",
            "add",
            "dev",
            "-e",
            &hub.endpoint,
            "--api-key-file",
            key,
            "--installation",
            "prof-inst",
        ],
    );
    assert_eq!(add.code, 0, "{}", add.stderr);
    let add = profile_cmd(
        &hub,
        &[("DEV2_KEY", &hub.api_key)],
        &[
            "profile",
            "add",
            "dev2",
            "-e",
            &hub.endpoint,
            "--api-key-env",
            "DEV2_KEY",
        ],
    );
    assert_eq!(add.code, 0, "{}", add.stderr);
    let file = hub.home.path().join(".config/frt/profiles.json");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let list = profile_cmd(&hub, &[], &["profile", "list"]);
    assert!(
        list.stdout.contains("* dev"),
        "the first is current: {}",
        list.stdout
    );

    // The profile's installation, unless the variable or the flag says otherwise.
    let key_of = |env: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["publish", "nobody", "x", "-v"];
        args.extend(extra);
        let out = profile_cmd(&hub, env, &args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stderr
            .lines()
            .find(|l| l.starts_with("channel key:"))
            .unwrap_or_default()
            .to_string()
    };
    assert!(key_of(&[], &[]).contains("installation prof-inst"));
    assert!(key_of(&[("FRT_INSTALLATION", "env-inst")], &[]).contains("installation env-inst"));
    assert!(
        key_of(
            &[("FRT_INSTALLATION", "env-inst")],
            &["--installation", "flag-inst"]
        )
        .contains("installation flag-inst")
    );
    // --profile and FRT_PROFILE pick another; dev2 has no installation: the default.
    assert!(
        key_of(&[("DEV2_KEY", &hub.api_key)], &["--profile", "dev2"])
            .contains("installation local")
    );
    assert!(
        key_of(&[("DEV2_KEY", &hub.api_key), ("FRT_PROFILE", "dev2")], &[])
            .contains("installation local")
    );
    // The profile's endpoint beats hub.json; a flag beats the profile.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::set_permissions(elsewhere.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let hub_json = elsewhere.path().join("hub.json");
    std::fs::write(
        &hub_json,
        r#"{"endpoint":"http://127.0.0.1:9","apiKey":"not-this-hubs-key-at-all"}"#,
    )
    .unwrap();
    std::fs::set_permissions(&hub_json, std::fs::Permissions::from_mode(0o600)).unwrap();
    let state = [("FRT_STATE_DIR", elsewhere.path().to_str().unwrap())];
    let out = profile_cmd(&hub, &state, &["publish", "nobody", "x", "--retries", "0"]);
    assert_eq!(out.code, 0, "the profile, not hub.json: {}", out.stderr);
    let out = profile_cmd(
        &hub,
        &state,
        &[
            "publish",
            "nobody",
            "x",
            "-e",
            "http://127.0.0.1:9",
            "--retries",
            "0",
        ],
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("127.0.0.1:9"),
        "the flag: {}",
        out.stderr
    );

    // show never prints a key; use and remove.
    let show = profile_cmd(
        &hub,
        &[("DEV2_KEY", &hub.api_key)],
        &["profile", "show", "dev2"],
    );
    assert!(show.stdout.contains("$DEV2_KEY (set)"), "{}", show.stdout);
    let show_json = profile_cmd(&hub, &[], &["profile", "show", "-o", "json"]);
    assert!(!show_json.stdout.contains(&hub.api_key));
    assert!(!show.stdout.contains(&hub.api_key));
    assert_eq!(profile_cmd(&hub, &[], &["profile", "use", "dev2"]).code, 0);
    assert!(
        profile_cmd(&hub, &[], &["profile", "list"])
            .stdout
            .contains("* dev2")
    );
    assert_eq!(
        profile_cmd(&hub, &[], &["profile", "remove", "dev2"]).code,
        0
    );
    let out = profile_cmd(&hub, &[], &["--profile", "dev2", "publish", "x", "y"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("no profile named \"dev2\"; the profiles are dev"),
        "{}",
        out.stderr
    );
}

#[test]
fn profile_files_and_key_files_must_be_private() {
    let hub = TestHub::start(&[]);
    use std::os::unix::fs::PermissionsExt;
    let key_file = api_key_file(&hub, 0o644);
    let out = profile_cmd(
        &hub,
        &[],
        &[
            "profile",
            "add",
            "p",
            "-e",
            &hub.endpoint,
            "--api-key-file",
            key_file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("chmod 600"), "{}", out.stderr);
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = profile_cmd(
        &hub,
        &[],
        &[
            "profile",
            "add",
            "p",
            "-e",
            &hub.endpoint,
            "--api-key-file",
            key_file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let file = hub.home.path().join(".config/frt/profiles.json");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = profile_cmd(&hub, &[], &["publish", "x", "y"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("readable by others") && out.stderr.contains("chmod 600"),
        "{}",
        out.stderr
    );
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = profile_cmd(&hub, &[], &["profile", "add", "q", "-e", &hub.endpoint]);
    assert_eq!(out.code, 2, "an endpoint needs a key source");
    assert!(out.stderr.contains("--api-key-file"), "{}", out.stderr);
    let two = format!("{},127.0.0.1:9", hub.endpoint);
    let out = profile_cmd(
        &hub,
        &[("K", "x")],
        &["profile", "add", "r", "-e", &two, "--api-key-env", "K"],
    );
    assert_eq!(out.code, 2, "every endpoint of a list is a URL");
    assert!(
        out.stderr.contains("\"127.0.0.1:9\" must start with"),
        "{}",
        out.stderr
    );
}

// Offline signing

#[test]
fn offline_signing_makes_the_token_the_hub_makes() {
    let hub = TestHub::start(&[]);
    let key = hub.state_dir().join("signing-key.json");
    let args = [
        "sign-token",
        "orders",
        "--claim",
        "team=red",
        "--permission",
        "subscribe",
    ];
    let online = frt_in(&hub, &args).stdout.trim().to_string();
    let mut offline_args = args.to_vec();
    offline_args.extend(["--key-file", key.to_str().unwrap()]);
    // No hub needed: an environment that names none.
    let offline = run({
        let mut c = clean_command(hub.home.path());
        c.args(&offline_args);
        c
    });
    assert_eq!(offline.code, 0, "{}", offline.stderr);
    let offline = offline.stdout.trim().to_string();
    let decode = |t: &str| frt::token::decode_unverified(t).unwrap();
    let (a, b) = (decode(&online), decode(&offline));
    assert_eq!(a.header, b.header, "same kid and algorithm");
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&a.payload), keys(&b.payload), "same claims layout");
    assert_eq!(a.claims(), b.claims());
    for token in [&online, &offline] {
        let out = frt_in(
            &hub,
            &[
                "inspect-token",
                token,
                "--verify",
                "--permission",
                "subscribe",
            ],
        );
        assert_eq!(out.code, 0, "the hub accepts it: {}", out.stdout);
    }
    let sub = spawn(
        &hub,
        &[
            "subscribe",
            "orders",
            "--token",
            &offline,
            "-o",
            "raw",
            "-c",
            "1",
        ],
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    let publisher = frt_in(&hub, &["sign-token", "orders", "--claim", "team=red"]).stdout;
    while Instant::now() < deadline {
        let out = frt_in(
            &hub,
            &[
                "publish",
                "orders",
                "hi",
                "--token",
                publisher.trim(),
                "-o",
                "raw",
            ],
        );
        if !out.stdout.trim().is_empty() {
            break;
        }
    }
    assert_eq!(sub.take_lines(1, Duration::from_secs(5)), vec!["hi"]);
}

#[test]
fn profile_and_state_directories_are_made_private() {
    use std::os::unix::fs::PermissionsExt;
    let hub = TestHub::start(&[]);
    let key_file = api_key_file(&hub, 0o600);
    let out = profile_cmd(
        &hub,
        &[],
        &[
            "profile",
            "add",
            "p",
            "-e",
            &hub.endpoint,
            "--api-key-file",
            key_file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let dir = hub.home.path().join(".config/frt");
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "the profiles' directory");
    // A fresh state directory made by `frt serve`.
    let state = tempfile::tempdir().unwrap();
    let fresh = state.path().join("new-state");
    let mut serve = clean_command(hub.home.path())
        .args(["serve", "--addr", "127.0.0.1:0", "--state-dir"])
        .arg(&fresh)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("serve");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(serve.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert!(line.starts_with("listening on"), "{line:?}");
    let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
    terminate(&mut serve, Duration::from_secs(10));
    assert_eq!(mode, 0o700, "the hub's state directory");
}
