//! The command line behaves like the best Unix tools: environment variables the way CI
//! sets them, pipes that close early, one line on stderr for every failure, the exit
//! status table, help that shows only what a command honours, and the input edge
//! cases. Everything runs through the real binary; terminal behaviour under a pty.

mod common;

use std::io::{Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

use common::*;
use serde_json::Value;

fn frt_env(hub: &TestHub, env: &[(&str, &str)], args: &[&str]) -> Output {
    run({
        let mut c = hub.frt();
        c.args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        c
    })
}

fn subscriber(hub: &TestHub, args: &[&str]) -> SubProcess {
    let mut cmd = hub.frt();
    cmd.arg("subscribe").args(args);
    SubProcess::spawn(cmd)
}

// 1. Environment variables

#[test]
fn empty_variables_count_as_unset_and_booleans_take_the_usual_words() {
    let hub = TestHub::start(&[]);
    for word in ["1", "yes", "true", "on"] {
        let out = frt_env(&hub, &[("FRT_NO_INPUT", word)], &["channels"]);
        assert_eq!(out.code, 0, "FRT_NO_INPUT={word}: {}", out.stderr);
    }
    for word in ["0", "no", "false", "off"] {
        let out = frt_env(&hub, &[("FRT_QUIET", word)], &["channels"]);
        assert_eq!(out.code, 0, "FRT_QUIET={word}: {}", out.stderr);
    }
    // A template that expanded to nothing is no value at all.
    let empty = [
        ("FRT_TOKEN", ""),
        ("FRT_OUTPUT", ""),
        ("FRT_COLOR", ""),
        ("FRT_RETRIES", ""),
        ("FRT_ENDPOINT", ""),
        ("FRT_COUNT", ""),
        ("FRT_QUIET", ""),
    ];
    let _sub = subscriber(&hub, &["demo"]);
    let out = frt_env(&hub, &empty, &["publish", "demo", "hi", "-o", "raw"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.trim().len(), 36, "an event id: {:?}", out.stdout);
}

#[test]
fn subscribe_and_sign_token_take_their_settings_from_the_environment() {
    let hub = TestHub::start(&[]);
    // FRT_COUNT and FRT_TIMEOUT: a CI wait with no flags.
    let out = frt_env(
        &hub,
        &[("FRT_COUNT", "1"), ("FRT_TIMEOUT", "300ms")],
        &["subscribe", "quiet-channel"],
    );
    assert_eq!(out.code, 124, "{}", out.stderr);
    assert!(
        out.stderr.contains("timed out after 300ms: 0 of 1 events"),
        "{}",
        out.stderr
    );
    // FRT_TTL: the lifetime the token gets.
    let out = frt_env(
        &hub,
        &[("FRT_TTL", "2m")],
        &["sign-token", "demo", "-o", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(out.stdout.trim()).expect("json");
    let left = v["expiresAt"].as_i64().expect("expiresAt")
        - SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
    assert!((100..=120).contains(&left), "about two minutes: {left}");
}

#[test]
fn serve_takes_its_tuning_from_the_environment() {
    let state = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let home = tempfile::tempdir().unwrap();
    let mut child = clean_command(home.path())
        .args(["serve", "--addr", "127.0.0.1:0", "--state-dir"])
        .arg(state.path())
        .env("FRT_MAX_PAYLOAD", "16")
        .env("FRT_WORKERS", "2")
        .env("FRT_RATE_LIMIT", "")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let mut first = String::new();
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    while !first.ends_with('\n') && stdout.read(&mut byte).unwrap_or(0) == 1 {
        first.push(byte[0] as char);
    }
    assert!(first.starts_with("listening on"), "{first:?}");
    let out = run({
        let mut c = clean_command(home.path());
        c.env("FRT_STATE_DIR", state.path()).args([
            "publish",
            "demo",
            "this payload is longer than sixteen bytes",
        ]);
        c
    });
    assert_eq!(out.code, 2, "FRT_MAX_PAYLOAD=16 applies: {}", out.stderr);
    assert!(out.stderr.contains("16"), "{}", out.stderr);
    terminate(&mut child, Duration::from_secs(10));
}

#[test]
fn the_readme_lists_every_variable_the_command_line_reads() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let mut names = Vec::new();
    let mut root = frt::cli::command();
    root.build();
    let mut collect = |c: &clap::Command| {
        for arg in c.get_arguments().filter(|a| !a.is_hide_set()) {
            if let Some(env) = arg.get_env() {
                names.push(env.to_string_lossy().into_owned());
            }
        }
    };
    collect(&root);
    for sub in root.get_subcommands() {
        collect(sub);
    }
    assert!(names.iter().any(|n| n == "FRT_WORKERS"));
    for name in names {
        assert!(
            readme.contains(&format!("`{name}`")),
            "README.md does not list {name}"
        );
    }
}

// 2. Broken pipes

/// Runs frt with stdout a pipe whose reader is already gone.
fn into_closed_pipe(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let child = clean_command(home.path())
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .expect("frt");
    let out = child.wait_with_output().expect("wait");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn every_printing_command_ends_quietly_when_its_reader_goes_away() {
    for args in [
        &["completions", "bash"][..],
        &["completions", "zsh"],
        &["sdk-shim"],
        &["--help"],
        &["publish", "--help"],
        &["--version"],
    ] {
        let out = into_closed_pipe(args);
        assert_eq!(out.code, 0, "frt {args:?}: {}", out.stderr);
        assert!(out.stderr.is_empty(), "frt {args:?}: {}", out.stderr);
    }
}

#[test]
fn subscribe_ends_quietly_when_its_reader_goes_away() {
    let hub = TestHub::start(&[]);
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let mut child = hub
        .frt()
        .args(["subscribe", "demo", "-o", "raw"])
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .expect("frt");
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while !String::from_utf8_lossy(&seen).contains("subscribed") {
        let n = stderr.read(&mut buf).expect("stderr");
        assert!(
            n > 0,
            "subscribe ended early: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
    }
    assert_eq!(frt_in(&hub, &["publish", "demo", "hi"]).code, 0);
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "subscribe kept running");
        std::thread::sleep(Duration::from_millis(10));
    };
    stderr.read_to_end(&mut seen).unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(
        !String::from_utf8_lossy(&seen).contains("error"),
        "{}",
        String::from_utf8_lossy(&seen)
    );
}

// 3. Silent failures

#[test]
fn failures_and_undelivered_events_say_so_on_stderr_in_every_mode() {
    let hub = TestHub::start(&[]);
    for mode in ["human", "json", "raw"] {
        let out = frt_in(
            &hub,
            &["publish", "demo", "hi", "-o", mode, "--require-subscribers"],
        );
        assert_eq!(out.code, 3, "{mode}");
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{mode}: one line: {}", out.stderr);
        assert!(
            lines[0].starts_with("error: no subscriber on this channel key"),
            "{mode}: {}",
            out.stderr
        );
        if mode == "json" {
            let v: Value = serde_json::from_str(out.stdout.trim()).expect("the result");
            assert!(v["eventId"].is_null());
        } else {
            assert!(out.stdout.is_empty(), "{mode}: {:?}", out.stdout);
        }
    }
    // ID=$(frt publish nobody hi -o raw): empty stdout, exit 0, and a word on stderr.
    let out = frt_in(&hub, &["publish", "nobody", "hi", "-o", "raw"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr
            .starts_with("warning: no subscriber on this channel key"),
        "{}",
        out.stderr
    );
    // -q keeps the result and errors only.
    let out = frt_in(&hub, &["publish", "nobody", "hi", "-q"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let out = frt_in(
        &hub,
        &["publish", "nobody", "hi", "-q", "--require-subscribers"],
    );
    assert_eq!(out.code, 3);
    assert!(
        out.stderr.starts_with("error: no subscriber"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_subscribe_timeout_says_how_far_it_got() {
    let hub = TestHub::start(&[]);
    for mode in ["human", "json", "raw"] {
        let out = frt_in(
            &hub,
            &["subscribe", "x", "-c", "1", "-t", "200ms", "-o", mode, "-q"],
        );
        assert_eq!(out.code, 124, "{mode}");
        assert_eq!(
            out.stderr.trim(),
            "error: timed out after 200ms: 0 of 1 events",
            "{mode}"
        );
        assert!(out.stdout.is_empty());
    }
}

// 4. Exit codes

#[test]
fn a_missing_token_is_a_usage_error() {
    let hub = TestHub::start(&[]);
    let out = run_with_input(hub.frt().args(["inspect-token", "-"]), Some(b""));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("no token given"), "{}", out.stderr);
    // No argument: stdin is not read unless asked, even when it holds a token.
    let token = frt_in(&hub, &["sign-token", "demo"]).stdout;
    let out = run_with_input(hub.frt().arg("inspect-token"), Some(token.as_bytes()));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("'-' to read stdin"), "{}", out.stderr);
    let out = frt_in(&hub, &["inspect-token"]);
    assert_eq!(out.code, 2);
}

#[test]
fn serve_exits_130_on_ctrl_c_and_0_on_sigterm() {
    let mut hub = TestHub::start(&[]);
    let mut child = hub.child.take().expect("child");
    send_signal(child.id(), 2);
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(status.code(), Some(130));
    let mut hub = TestHub::start(&[]);
    assert_eq!(hub.stop().and_then(|s| s.code()), Some(0));
}

#[test]
fn ctrl_c_during_lines_reports_what_was_acknowledged() {
    let hub = TestHub::start(&[]);
    let _sub = subscriber(&hub, &["demo"]);
    let mut child = hub
        .frt()
        .args(["publish", "demo", "-", "--lines", "-o", "raw"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("frt");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"one\ntwo\nthree\n").unwrap();
    stdin.flush().unwrap();
    // Three acknowledgements arrive as three ids on stdout; then Ctrl-C with stdin open.
    let mut stdout = child.stdout.take().unwrap();
    let mut ids = Vec::new();
    let mut buf = [0u8; 512];
    while ids.iter().filter(|b| **b == b'\n').count() < 3 {
        let n = stdout.read(&mut buf).expect("stdout");
        assert!(n > 0, "publish ended early");
        ids.extend_from_slice(&buf[..n]);
    }
    send_signal(child.id(), 2);
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("publish --lines did not stop on Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(
        err.contains("lines: 3 published, 0 no subscriber, 0 invalid, 0 failed"),
        "{err}"
    );
    assert!(err.contains("interrupted: 3 events acknowledged"), "{err}");
    drop(stdin);
}

// 5. Wrong words

#[test]
fn an_expired_token_with_a_good_signature_says_both() {
    let hub = TestHub::start(&[]);
    let expired = sign_with_hub_key(
        &hub,
        "demo",
        "local",
        None,
        SystemTime::now() - Duration::from_secs(120),
        Duration::from_secs(60),
    );
    let key_file = hub.state_dir().join("signing-key.json");
    for how in [
        vec!["--verify"],
        vec!["--key-file", key_file.to_str().unwrap()],
    ] {
        let mut args = vec!["inspect-token", expired.as_str()];
        args.extend(&how);
        let out = frt_in(&hub, &args);
        assert_eq!(out.code, 4, "{how:?}");
        assert!(
            out.stdout.contains("signature    good"),
            "{how:?}: {}",
            out.stdout
        );
        assert!(!out.stdout.contains("BAD"), "{how:?}: {}", out.stdout);
        assert!(out.stdout.contains("TOKEN_EXPIRED"), "{}", out.stdout);
        args.extend(["-o", "json"]);
        let out = frt_in(&hub, &args);
        let v: Value = serde_json::from_str(out.stdout.trim()).expect("json");
        assert_eq!(v["status"], "expired");
        assert_eq!(v["verified"], true);
        assert!(
            out.stderr.contains("error: token rejected: TOKEN_EXPIRED"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn expires_soon_has_its_own_status_and_raw_prints_the_claims() {
    let hub = TestHub::start(&[]);
    let token = frt_in(
        &hub,
        &["sign-token", "demo", "--ttl", "5m", "--claim", "k=v"],
    )
    .stdout;
    let token = token.trim();
    let out = frt_in(
        &hub,
        &[
            "inspect-token",
            token,
            "--expires-within",
            "1h",
            "-o",
            "json",
        ],
    );
    assert_eq!(out.code, 4);
    let v: Value = serde_json::from_str(out.stdout.trim()).expect("json");
    assert_eq!(v["status"], "expires_soon");
    assert_eq!(v["code"], "EXPIRES_SOON");
    let out = frt_in(&hub, &["inspect-token", token, "-o", "raw"]);
    assert_eq!(out.code, 0);
    let claims: Value = serde_json::from_str(out.stdout.trim()).expect("raw is the payload");
    assert_eq!(claims["channel"]["name"], "demo", "{claims}");
    assert_eq!(claims["claims"]["k"], "v", "{claims}");
}

#[test]
fn rate_limit_errors_count_the_requests_made() {
    let hub = TestHub::start(&["--rate-limit", "1"]);
    // One operation a second: of a few quick publishes, one is refused.
    let out = (0..5)
        .map(|_| frt_in(&hub, &["publish", "demo", "x", "--retries", "0"]))
        .find(|out| out.code != 0)
        .expect("a rate-limited publish");
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(
        out.stderr.contains("gave up after 1 attempt;"),
        "{}",
        out.stderr
    );
}

#[test]
fn verbose_publishes_do_not_advise_running_with_verbose() {
    let hub = TestHub::start(&[]);
    let out = frt_in(&hub, &["publish", "nobody", "hi"]);
    assert!(out.stderr.contains("run with -v to see the key"));
    let out = frt_in(&hub, &["publish", "nobody", "hi", "-v"]);
    assert!(out.stderr.contains("channel key:"), "{}", out.stderr);
    assert!(!out.stderr.contains("run with -v"), "{}", out.stderr);
}

// 6. The --lines progress line (counting and rates: cli_publish.rs)

/// A pty whose input the test types slowly: `frt` reads lines typed at a terminal.
fn typed_slowly(hub: &TestHub, cmdline: &str, lines: &[&str], pause: Duration) -> String {
    let mut child = std::process::Command::new("script")
        .args(["-qec", cmdline, "/dev/null"])
        .env("FRT_STATE_DIR", hub.state_dir())
        .env("HOME", hub.home.path())
        .env("TERM", "xterm")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script(1)");
    let mut stdin = child.stdin.take().unwrap();
    for line in lines {
        std::thread::sleep(pause);
        stdin.write_all(format!("{line}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    std::thread::sleep(pause);
    stdin.write_all(b"\x04").unwrap();
    stdin.flush().unwrap();
    let mut screen = Vec::new();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let _ = stdout.read_to_end(&mut screen);
        screen
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "{cmdline} did not end");
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(stdin);
    String::from_utf8_lossy(&reader.join().unwrap()).into_owned()
}

#[test]
fn lines_typed_at_a_terminal_get_no_spinner() {
    let hub = TestHub::start(&[]);
    let screen = typed_slowly(
        &hub,
        &format!("'{BIN}' publish demo - --lines"),
        &["a", "b"],
        Duration::from_millis(700),
    );
    assert!(
        screen.contains("lines: 0 published, 2 no subscriber"),
        "{screen:?}"
    );
    assert!(!screen.contains("acknowledged:"), "{screen:?}");
}

// 7. Durations and numbers

#[test]
fn durations_everywhere_and_parse_errors_name_the_flag_and_the_form() {
    let hub = TestHub::start(&[]);
    let out = frt_in(&hub, &["subscribe", "x", "--count", "abc"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("'--count <N>'") && out.stderr.contains("write e.g. 10"),
        "{}",
        out.stderr
    );
    let out = frt_in(&hub, &["sign-token", "x", "--ttl", "-5m"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("durations are positive; write 5m, not -5m"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("-- -5"), "{}", out.stderr);
    // --replay takes a duration; --replay-seconds still works, with a duration too.
    assert_eq!(frt_in(&hub, &["publish", "x", "early"]).code, 0);
    let _sub = subscriber(&hub, &["x"]); // keeps the key live so events are held
    assert_eq!(frt_in(&hub, &["publish", "x", "held"]).code, 0);
    for flag in [
        ["--replay", "1h"],
        ["--replay-seconds", "1h"],
        ["--replay-seconds", "60"],
    ] {
        let out = frt_in(
            &hub,
            &[
                "subscribe",
                "x",
                flag[0],
                flag[1],
                "-c",
                "1",
                "-t",
                "5s",
                "-o",
                "raw",
            ],
        );
        assert_eq!(out.code, 0, "{flag:?}: {}", out.stderr);
        assert_eq!(out.stdout.trim(), "held", "{flag:?}");
    }
}

// 8. Colour and the usage line of argument errors

#[test]
fn argument_errors_obey_the_colour_choice() {
    let hub = TestHub::start(&[]);
    let bin = BIN;
    let coloured = under_tty(&hub, &format!("'{bin}' publish --bogus"), &[], None);
    assert!(
        coloured.contains('\u{1b}'),
        "auto colours a terminal: {coloured:?}"
    );
    for (cmd, env) in [
        (format!("'{bin}' publish --bogus --color never"), None),
        (format!("'{bin}' publish --color=never --bogus"), None),
        (
            format!("'{bin}' publish --bogus"),
            Some(("FRT_COLOR", "never")),
        ),
        (format!("'{bin}' publish --bogus"), Some(("NO_COLOR", "1"))),
    ] {
        let env: Vec<(&str, Option<&str>)> = env.iter().map(|(k, v)| (*k, Some(*v))).collect();
        let screen = under_tty(&hub, &cmd, &env, None);
        assert!(screen.contains("unexpected argument"), "{screen:?}");
        assert!(!screen.contains('\u{1b}'), "{cmd} {env:?}: {screen:?}");
    }
}

#[test]
fn the_usage_line_does_not_list_flags_from_the_environment() {
    let hub = TestHub::start(&[]);
    let out = frt_env(&hub, &[("FRT_TOKEN", "t")], &["publish"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("Usage: frt publish [OPTIONS] <CHANNEL> [PAYLOAD]"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("--state-dir <DIR>"), "{}", out.stderr);
    assert!(!out.stderr.contains("--token <TOKEN>"), "{}", out.stderr);
}

// 9. Help shows what each command honours

#[test]
fn help_shows_each_command_only_the_flags_it_honours() {
    let hub = TestHub::start(&[]);
    let help = |cmd: &str| frt_in(&hub, &[cmd, "--help"]).stdout;
    for cmd in ["serve", "completions", "man", "sdk-shim"] {
        let text = help(cmd);
        assert!(!text.contains("--output"), "{cmd}: {text}");
        assert!(!text.contains("--color"), "{cmd}: {text}");
    }
    for cmd in ["subscribe", "channels", "bench", "smoke", "inspect-token"] {
        let text = help(cmd);
        assert!(!text.contains("--forge-proxy"), "{cmd}: {text}");
        assert!(!text.contains("--invocation-id"), "{cmd}: {text}");
    }
    for cmd in ["publish", "publish-global", "sign-token"] {
        assert!(help(cmd).contains("--forge-proxy"), "{cmd}");
    }
    let text = help("publish");
    let global = text.find("Global options:").expect("a global heading");
    let quiet = text.find("--quiet").expect("-q");
    let lines = text.find("--lines").expect("--lines");
    assert!(lines < global && global < quiet, "{text}");
    // Given anyway, the proxy is refused rather than ignored.
    let out = frt_in(
        &hub,
        &["bench", "latency", "--forge-proxy", "http://127.0.0.1:9"],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("bench needs a frt hub"),
        "{}",
        out.stderr
    );
    // A mistyped --count on publish is steered to --count (publish has one), not
    // to --context.
    let out = frt_in(&hub, &["publish", "x", "y", "--coutn", "3"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("a similar argument exists: '--count'"),
        "{}",
        out.stderr
    );
}

// 10. Endpoints

#[test]
fn an_https_endpoint_on_a_plain_hub_is_named_as_such() {
    let hub = TestHub::start(&[]);
    let endpoint = format!("https://{}", hub.addr());
    let out = frt_in(
        &hub,
        &[
            "publish",
            "demo",
            "hi",
            "-e",
            &endpoint,
            "--api-key",
            &hub.api_key,
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("speaks plain HTTP, not HTTPS; use http://"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("no hub"), "{}", out.stderr);
}

#[test]
fn a_subscribed_name_with_glob_characters_gets_a_warning() {
    let hub = TestHub::start(&[]);
    let out = frt_in(&hub, &["subscribe", "dem*", "-t", "100ms"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr
            .contains("warning: 'dem*' is subscribed to as a literal name"),
        "{}",
        out.stderr
    );
    let out = frt_in(&hub, &["subscribe", "demo", "-t", "100ms"]);
    assert!(!out.stderr.contains("literal name"), "{}", out.stderr);
}

// 11. Input edge cases

#[test]
fn blank_lines_and_empty_payloads_are_not_published_unless_asked() {
    let hub = TestHub::start(&[]);
    let _sub = subscriber(&hub, &["demo"]);
    let out = run_with_input(
        hub.frt()
            .args(["publish", "demo", "-", "--lines", "-o", "raw"]),
        Some(b"a\n\n  \nb\n"),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
    assert!(out.stderr.contains("2 blank skipped"), "{}", out.stderr);
    let out = run_with_input(
        hub.frt().args([
            "publish",
            "demo",
            "-",
            "--lines",
            "--keep-empty",
            "-o",
            "raw",
        ]),
        Some(b"a\n\nb\n"),
    );
    assert_eq!(out.stdout.lines().count(), 3, "{}", out.stdout);
    let out = run_with_input(hub.frt().args(["publish", "demo", "-"]), Some(b""));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("the payload is empty"),
        "{}",
        out.stderr
    );
    let out = run_with_input(
        hub.frt()
            .args(["publish", "demo", "-", "--keep-empty", "-o", "raw"]),
        Some(b""),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn bench_refuses_two_output_formats() {
    let out = run({
        let home = tempfile::tempdir().unwrap();
        let mut c = clean_command(home.path());
        c.args(["bench", "latency", "--csv", "-o", "json"]);
        c
    });
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--csv and -o"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

#[test]
fn an_outage_keeps_being_reported_at_a_falling_rate() {
    let mut hub = TestHub::start(&[]);
    let mut cmd = hub.frt();
    cmd.args(["subscribe", "demo"]);
    let sub = SubProcess::spawn(cmd);
    hub.stop();
    sub.wait_stderr("(attempt 1)", Duration::from_secs(10));
    sub.wait_stderr("still reconnecting after", Duration::from_secs(10));
    sub.wait_stderr("(attempt 4,", Duration::from_secs(20));
    let text = sub.stderr_text();
    assert!(
        !text.contains("(attempt 3"),
        "attempt 3 is not reported: {text}"
    );
}

// 12. Install docs: completions (tests/generated_docs.rs has the man pages)

#[test]
fn tab_at_a_channel_or_payload_inserts_nothing_stray() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("frt.bash");
    std::fs::write(
        &script,
        frt::generation::completions(clap_complete::Shell::Bash),
    )
    .unwrap();
    let complete = |words: &str, cword: usize| {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source '{}'; COMP_WORDS=({words}); COMP_CWORD={cword}; _frt frt \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                script.display()
            ))
            .output()
            .expect("bash");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for (words, cword) in [
        ("frt publish ''", 2),
        ("frt publish demo ''", 3),
        ("frt sub ''", 2),
    ] {
        let got = complete(words, cword);
        assert!(!got.lines().any(|l| l.starts_with('-')), "{words}: {got:?}");
    }
    assert!(complete("frt publish --js", 2).contains("--json"));
    assert!(complete("frt pu", 1).contains("publish"));
}

// Conventions

#[test]
fn aliases_short_flags_and_parsed_json_in_subscribe_output() {
    let hub = TestHub::start(&[]);
    let sub = {
        let mut cmd = hub.frt();
        cmd.args(["sub", "demo", "-c", "2", "-t", "10s", "-o", "json"]);
        SubProcess::spawn(cmd)
    };
    let endpoint = hub.endpoint.clone();
    for payload in [r#"{"x":{"y":7}}"#, "plain text"] {
        let out = frt_in(
            &hub,
            &[
                "pub",
                "demo",
                payload,
                "-e",
                &endpoint,
                "--api-key",
                &hub.api_key,
            ],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    let lines = sub.take_lines(2, Duration::from_secs(10));
    let first: Value = serde_json::from_str(&lines[0]).expect("json");
    assert_eq!(
        first["payload"], r#"{"x":{"y":7}}"#,
        "the string as published"
    );
    assert_eq!(first["data"]["x"]["y"], 7, "and parsed");
    let second: Value = serde_json::from_str(&lines[1]).expect("json");
    assert_eq!(second["payload"], "plain text");
    assert!(second.get("data").is_none(), "no data for text: {second}");
    // -f reads the payload file.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.json");
    std::fs::write(&file, "{}").unwrap();
    let out = frt_in(&hub, &["pub", "nobody", "-f", file.to_str().unwrap(), "-q"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
}

#[test]
fn quiet_subscribe_prints_events_only() {
    let hub = TestHub::start(&[]);
    let mut cmd = hub.frt();
    cmd.args(["subscribe", "demo", "-q", "-c", "1", "-o", "raw"]);
    let sub = SubProcess::spawn_plain(cmd);
    // No "subscribed" line to wait for: publish until the subscription is live.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let out = frt_in(&hub, &["publish", "demo", "hi", "-o", "raw", "-q"]);
        if !out.stdout.trim().is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "never subscribed");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(sub.take_lines(1, Duration::from_secs(5)), vec!["hi"]);
    assert_eq!(sub.stderr_text(), "");
}

#[test]
fn inspect_token_asks_for_the_token_on_a_terminal() {
    let hub = TestHub::start(&[]);
    let token = frt_in(&hub, &["sign-token", "demo"]).stdout;
    let screen = under_tty(
        &hub,
        &format!("'{BIN}' inspect-token --color never"),
        &[],
        Some(("token", &format!("{}\n", token.trim()))),
    );
    assert!(screen.contains("channel      \"demo\""), "{screen:?}");
    let screen = under_tty(
        &hub,
        &format!("'{BIN}' inspect-token --no-input"),
        &[],
        None,
    );
    assert!(screen.contains("no token given"), "{screen:?}");
}
