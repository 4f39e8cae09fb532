//! The client under bad input: names that hide or reorder text, output
//! that reaches a terminal, key files that are not files or far too large, state
//! directories others can write to, oversized payloads, and `--jq` filters that
//! never end, recurse forever or grow without bound. Real binary, real hubs on
//! loopback, temporary directories; no fixed sleeps.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

fn frt_with(hub: &TestHub, args: &[&str], input: Option<&[u8]>) -> Output {
    let mut cmd = hub.frt();
    cmd.args(args);
    run_with_input(&mut cmd, input)
}

fn spawn(hub: &TestHub, args: &[&str]) -> SubProcess {
    let mut cmd = hub.frt();
    cmd.args(args);
    SubProcess::spawn(cmd)
}

fn private_file(dir: &tempfile::TempDir, name: &str, contents: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    path
}

fn mkfifo(path: &std::path::Path) {
    let status = Command::new("mkfifo")
        .arg("-m")
        .arg("600")
        .arg(path)
        .status()
        .expect("mkfifo (coreutils)");
    assert!(status.success());
}

// Names

#[tokio::test]
async fn names_that_hide_or_reorder_text_are_refused_by_the_client_and_the_hub() {
    let hub = TestHub::start(&[]);
    for (args, what) in [
        (
            vec!["publish", "invoice\u{202e}fdp.exe", "x"],
            "bidirectional control U+202E at byte 7",
        ),
        (
            vec!["publish", "ord\u{200b}ers", "x"],
            "zero-width character U+200B at byte 3",
        ),
        (
            vec!["subscribe", "\u{feff}orders", "-c", "1"],
            "zero-width character U+FEFF at byte 0",
        ),
        (
            vec!["publish", "orders", "x", "--module", "jira:\u{2067}panel"],
            "bidirectional control U+2067",
        ),
        (
            vec!["publish", "orders", "x", "--context", "issue=1\u{ad}0"],
            "invisible format character U+00AD",
        ),
        (vec!["publish", "a\u{9b}b", "x"], "control character U+009B"),
    ] {
        let out = frt_with(&hub, &args, None);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains(what) && out.stderr.contains("remove it"),
            "{args:?}: {}",
            out.stderr
        );
        // The message quotes nothing raw.
        assert!(
            !out.stderr
                .contains(['\u{202e}', '\u{200b}', '\u{feff}', '\u{2067}', '\u{9b}']),
            "{:?}",
            out.stderr
        );
    }
    // The hub refuses them too, whoever sends them.
    let resp = reqwest::Client::new()
        .post(format!("{}/forge/realtime/v1/publish/global", hub.endpoint))
        .bearer_auth(&hub.api_key)
        .header(
            "x-forge-context-token",
            ctx("local", "frt-cli", &[]).to_header_value(),
        )
        .json(&serde_json::json!({"name": "ord\u{200d}ers", "payload": "x"}))
        .send()
        .await
        .expect("hub");
    assert_eq!(resp.status().as_u16(), 400);
    let body = resp.text().await.expect("body");
    assert!(
        body.contains("INVALID_CHANNEL_NAME") && body.contains("U+200D"),
        "{body}"
    );
    let resp = reqwest::Client::new()
        .post(format!("{}/forge/realtime/v1/publish", hub.endpoint))
        .bearer_auth(&hub.api_key)
        .header(
            "x-forge-context-token",
            ctx("local", "jira:\u{202e}panel", &[]).to_header_value(),
        )
        .json(&serde_json::json!({"name": "orders", "payload": "x"}))
        .send()
        .await
        .expect("hub");
    assert_eq!(resp.status().as_u16(), 400);
    assert!(resp.text().await.expect("body").contains("INVALID_CONTEXT"));
}

// Output that reaches a terminal

#[test]
fn subscribe_escapes_del_c1_and_invisible_characters_inside_pretty_json() {
    let hub = TestHub::start(&[]);
    let sub = spawn(&hub, &["subscribe", "t", "--color", "never", "-c", "2"]);
    // U+009B is a one-byte CSI: "\u{9b}2J" clears many a screen.
    let payload = "{\"a\":\"x\u{9b}2J\u{7f}y\",\"b\":[\"\u{202e}gnp.exe\",\"z\u{200b}\"]}";
    assert_eq!(frt_with(&hub, &["publish", "t", payload], None).code, 0);
    assert_eq!(
        frt_with(&hub, &["publish", "t", "plain \u{1b}[31m\u{9b}text"], None).code,
        0
    );
    let lines = sub.take_lines(1 + 8 + 2, Duration::from_secs(10));
    let shown = lines.join("\n");
    for raw in ['\u{9b}', '\u{7f}', '\u{202e}', '\u{200b}', '\u{1b}'] {
        assert!(
            !shown.contains(raw),
            "U+{:04X} raw in {shown:?}",
            raw as u32
        );
    }
    for escaped in [
        "x\\u{9b}2J\\u{7f}y",
        "\\u{202e}gnp.exe",
        "z\\u{200b}",
        "plain \\u{1b}[31m\\u{9b}text",
    ] {
        assert!(shown.contains(escaped), "{escaped} in {shown}");
    }
    // Scripts still get the payload byte for byte.
    let raw = spawn(&hub, &["subscribe", "t", "-o", "raw", "-c", "1"]);
    assert_eq!(frt_with(&hub, &["publish", "t", payload], None).code, 0);
    assert_eq!(raw.take_lines(1, Duration::from_secs(10)), vec![payload]);
}

/// A hub stand-in that answers every publish with `body` (a real hub only ever makes
/// UUIDs, so what a hostile or broken one says needs a stand-in).
fn canned_hub(body: &'static str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(stream) = stream else { continue };
            let mut reader = BufReader::new(stream);
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                if line == "\r\n" {
                    break;
                }
            }
            let mut body_in = vec![0u8; length];
            let _ = reader.read_exact(&mut body_in);
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}")
}

#[test]
fn publish_escapes_the_event_id_the_hub_answers() {
    let endpoint = canned_hub(
        r#"{"eventId":"\u001b]0;owned\u0007\u009b2J\u202e","eventTimestamp":"1700000000000"}"#,
    );
    let home = tempfile::tempdir().expect("tmp");
    let out = run({
        let mut c = clean_command(home.path());
        c.args([
            "publish",
            "demo",
            "hi",
            "-e",
            &endpoint,
            "--api-key",
            "k",
            "--retries",
            "0",
            "--color",
            "never",
        ]);
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line = out.stdout.trim_end();
    assert!(line.starts_with("published "), "{line:?}");
    assert!(
        line.contains("\\u{1b}]0;owned\\u{7}\\u{9b}2J\\u{202e} to \"demo\""),
        "{line:?}"
    );
    assert!(
        !line.contains(['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}']),
        "{line:?}"
    );
}

// Key files

#[test]
fn a_key_file_that_is_a_fifo_or_a_directory_is_refused_at_once() {
    let hub = TestHub::start(&[]);
    let dir = tempfile::tempdir().expect("tmp");
    let fifo = dir.path().join("key.fifo");
    mkfifo(&fifo);
    let fifo = fifo.to_str().expect("utf8");
    let folder = dir.path().to_str().expect("utf8");
    let signed = frt_with(&hub, &["sign-token", "demo", "-o", "raw"], None);
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    let token = signed.stdout.trim();
    // Nobody ever writes to the FIFO: an open that waited for a writer would hang
    // (run() gives up after 60 s and fails the test).
    for (args, kind) in [
        (
            vec!["sign-token", "demo", "--key-file", fifo],
            "is a FIFO (named pipe), not a regular file",
        ),
        (
            vec!["inspect-token", token, "--verify", "--key-file", fifo],
            "is a FIFO (named pipe), not a regular file",
        ),
        (
            vec![
                "profile",
                "add",
                "p",
                "-e",
                "http://127.0.0.1:9",
                "--api-key-file",
                fifo,
            ],
            "is a FIFO (named pipe), not a regular file",
        ),
        (
            vec!["sign-token", "demo", "--key-file", folder],
            "is a directory, not a regular file",
        ),
    ] {
        let out = frt_with(&hub, &args, None);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(kind), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn a_key_file_over_64_kib_is_refused_by_its_size_before_it_is_parsed() {
    let hub = TestHub::start(&[]);
    let dir = tempfile::tempdir().expect("tmp");
    // 2 MiB, sparse: no disk is spent on it.
    let big = private_file(&dir, "big.json", b"");
    std::fs::File::options()
        .write(true)
        .open(&big)
        .and_then(|f| f.set_len(2 << 20))
        .expect("sparse file");
    let big = big.to_str().expect("utf8");
    for args in [
        vec!["sign-token", "demo", "--key-file", big],
        vec![
            "profile",
            "add",
            "p",
            "-e",
            "http://127.0.0.1:9",
            "--api-key-file",
            big,
        ],
    ] {
        let out = frt_with(&hub, &args, None);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("is 2097152 bytes")
                && out.stderr.contains("at most 65536 bytes")
                && !out.stderr.contains("column"),
            "{args:?}: {}",
            out.stderr
        );
    }
    // The hub's own key, copied, is well under the limit.
    let key = std::fs::read(hub.state_dir().join("signing-key.json")).expect("key");
    let copy = private_file(&dir, "copy.json", &key);
    let out = frt_with(
        &hub,
        &[
            "sign-token",
            "demo",
            "--key-file",
            copy.to_str().expect("utf8"),
        ],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

// State directories

#[test]
fn a_client_refuses_a_state_directory_others_can_write_to() {
    let hub = TestHub::start(&[]);
    // A hub.json planted in a directory others can write to would send this client's
    // events, and its tokens, wherever the planter likes.
    let open_dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(
        hub.state_dir().join("hub.json"),
        open_dir.path().join("hub.json"),
    )
    .expect("copy");
    std::fs::set_permissions(open_dir.path(), std::fs::Permissions::from_mode(0o777))
        .expect("chmod");
    let home = tempfile::tempdir().expect("tmp");
    let out = run({
        let mut c = clean_command(home.path());
        c.env("FRT_STATE_DIR", open_dir.path())
            .args(["publish", "demo", "x"]);
        c
    });
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("writable by others")
            && out
                .stderr
                .contains(&format!("chmod 700 {}", open_dir.path().display())),
        "{}",
        out.stderr
    );
    let mode = std::fs::metadata(open_dir.path())
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o777, "not changed behind the user's back");
}

// Payload size

#[test]
fn a_one_gigabyte_payload_file_is_refused_by_its_size() {
    let hub = TestHub::start(&[]);
    let dir = tempfile::tempdir().expect("tmp");
    // 1 GiB, sparse: no disk and no memory are spent on it.
    let big = dir.path().join("big.json");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(1 << 30))
        .expect("sparse file");
    let out = frt_with(
        &hub,
        &["publish", "demo", "-f", big.to_str().unwrap()],
        None,
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("is 1 GiB; the limit is 64 KiB")
            && out.stderr.contains("--max-payload"),
        "{}",
        out.stderr
    );
    // An argument over the limit, the same way.
    let long = "x".repeat(70_000);
    let out = frt_with(&hub, &["publish", "demo", &long], None);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("is 70000 bytes"), "{}", out.stderr);
}

#[test]
fn an_endless_payload_on_stdin_is_refused_after_the_limit_is_read() {
    let hub = TestHub::start(&[]);
    let mut child = hub
        .frt()
        .args(["publish", "demo", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("frt");
    // A generator: up to 150 MB, until frt stops reading (EPIPE).
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'x'; 64 * 1024];
        let mut written = 0usize;
        while written < 150_000_000 {
            match stdin.write(&chunk) {
                Ok(n) => written += n,
                Err(_) => break,
            }
        }
        written
    });
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read");
    let status = child.wait().expect("exit");
    let written = writer.join().expect("writer");
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the payload on stdin is over the limit of 64 KiB (frt stopped reading after 65539 bytes)"),
        "{stderr}"
    );
    // frt took the limit and stopped: the generator got no further than that and
    // the pipe's buffer (frt cannot hold what it never read).
    assert!(
        written < 8 << 20,
        "{written} bytes were taken from the generator"
    );
}

#[test]
fn max_payload_follows_a_hub_with_a_larger_limit() {
    let hub = TestHub::start(&["--max-payload", "1MiB"]);
    let sub = spawn(&hub, &["subscribe", "big", "-o", "raw", "-c", "1"]);
    let payload = vec![b'y'; 100 * 1024];
    // The default is the hub's default: refused before sending.
    let out = frt_with(&hub, &["publish", "big", "-"], Some(&payload));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("over the limit of 64 KiB"),
        "{}",
        out.stderr
    );
    let out = frt_with(
        &hub,
        &["publish", "big", "-", "--max-payload", "1MiB"],
        Some(&payload),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        sub.take_lines(1, Duration::from_secs(10))[0].len(),
        100 * 1024
    );
    // FRT_MAX_PAYLOAD, the variable serve takes, sets both sides.
    let out = run_with_input(
        hub.frt()
            .env("FRT_MAX_PAYLOAD", "1MiB")
            .args(["publish", "big", "-"]),
        Some(&payload),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Exactly the limit, and the newline stdin adds, passes.
    let mut exact = vec![b'z'; 64 * 1024];
    exact.extend_from_slice(b"\r\n");
    let small = TestHub::start(&[]);
    let out = frt_with(&small, &["publish", "big", "-"], Some(&exact));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

// --jq

/// The `frt __jq-worker` process a subscriber runs its filter in, if any.
fn jq_worker_of(parent: u32) -> Option<u32> {
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let ppid: u32 = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            (ppid == parent && String::from_utf8_lossy(&cmdline).contains("__jq-worker"))
                .then_some(pid)
        })
}

/// A process's CPU time so far, in clock ticks (utime + stime).
fn cpu_ticks(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let fields: Vec<u64> = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .skip(11)
                .take(2)
                .filter_map(|f| f.parse().ok())
                .collect();
            Some(fields.iter().sum())
        })
        .unwrap_or(0)
}

/// Whether a process is gone (or a zombie nobody will run again).
fn gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + limit;
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "{what} within {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .expect("VmHWM")
}

#[test]
fn jq_recursion_without_end_is_stopped_and_the_subscriber_goes_on() {
    let hub = TestHub::start(&[]);
    let sub = spawn(
        &hub,
        &[
            "subscribe",
            "deep",
            "--jq",
            "if .data.deep then (def f: [f]; f) else .data.n end",
            "-o",
            "raw",
            "-c",
            "1",
        ],
    );
    for payload in [r#"{"deep":true}"#, r#"{"n":7}"#] {
        assert_eq!(frt_with(&hub, &["publish", "deep", payload], None).code, 0);
    }
    assert_eq!(sub.take_lines(1, Duration::from_secs(30)), vec!["7"]);
    let mut sub = sub;
    assert_eq!(
        sub.wait(Duration::from_secs(10)),
        0,
        "{}",
        sub.stderr_text()
    );
    let stderr = sub.stderr_text();
    assert!(
        stderr.contains("it recursed too deeply (past its 64 MiB stack) and was stopped: give the recursion a base case; the event is dropped"),
        "{stderr}"
    );
}

#[test]
fn jq_that_never_ends_is_stopped_per_event_and_leaves_timeout_and_ctrl_c_working() {
    let hub = TestHub::start(&[]);
    // The per-event limit: the spinning event is dropped, the next one printed.
    let mut sub = spawn(
        &hub,
        &[
            "subscribe",
            "spin",
            "--jq",
            "if .data.spin then last(range(1e12)) else .data.n end",
            "-o",
            "raw",
            "-c",
            "1",
        ],
    );
    for payload in [r#"{"spin":true}"#, r#"{"n":3}"#] {
        assert_eq!(frt_with(&hub, &["publish", "spin", payload], None).code, 0);
    }
    assert_eq!(sub.take_lines(1, Duration::from_secs(30)), vec!["3"]);
    assert_eq!(sub.wait(Duration::from_secs(10)), 0);
    assert!(
        sub.stderr_text().contains(
            "it was still running after 2s, the most one event may take, and was stopped"
        ),
        "{}",
        sub.stderr_text()
    );

    // --timeout while a filter runs: an event the hub holds (a holder keeps the key
    // live) is replayed at once into a filter that never ends.
    let _holder = spawn(&hub, &["subscribe", "held"]);
    assert_eq!(frt_with(&hub, &["publish", "held", "x"], None).code, 0);
    let out = frt_with(
        &hub,
        &[
            "subscribe",
            "held",
            "--replay",
            "60s",
            "--jq",
            "last(range(1e12))",
            "--timeout",
            "1s",
            "-c",
            "1",
        ],
        None,
    );
    assert_eq!(out.code, 124, "{}", out.stderr);
    assert!(out.stderr.contains("timed out after 1s"), "{}", out.stderr);

    // Ctrl-C while a filter runs: seen busy (it has used CPU), then interrupted.
    let mut sub = spawn(&hub, &["subscribe", "forever", "--jq", "def f: f; f"]);
    let pid = sub.child.as_ref().expect("running").id();
    let mut busy = None;
    let mut stopped = 0;
    assert_eq!(frt_with(&hub, &["publish", "forever", "x"], None).code, 0);
    wait_until("a busy --jq worker", Duration::from_secs(30), || {
        if let Some(worker) = jq_worker_of(pid).filter(|w| cpu_ticks(*w) >= 10) {
            busy = Some(worker);
            return true;
        }
        // Each event spins for at most 2 s: after one is stopped unseen, another.
        let now = sub.stderr_text().matches("still running").count();
        if now > stopped {
            stopped = now;
            assert_eq!(frt_with(&hub, &["publish", "forever", "x"], None).code, 0);
        }
        false
    });
    sub.signal(2);
    assert_eq!(
        sub.wait(Duration::from_secs(10)),
        130,
        "{}",
        sub.stderr_text()
    );
    let worker = busy.expect("a worker");
    wait_until("the worker ends with frt", Duration::from_secs(10), || {
        gone(worker)
    });
}

#[test]
fn jq_outputs_without_end_are_bounded_per_event() {
    let hub = TestHub::start(&[]);
    // The finding: `repeat(.)` with -c 1 never ended. Each output is the whole event
    // (hundreds of bytes), so the 1 MiB bound stops it.
    let mut whole = spawn(
        &hub,
        &[
            "subscribe",
            "rep",
            "--jq",
            "repeat(.)",
            "-o",
            "json",
            "-c",
            "1",
        ],
    );
    let mut count = spawn(
        &hub,
        &[
            "subscribe",
            "rep",
            "--jq",
            ".data | repeat(.)",
            "-o",
            "raw",
            "-c",
            "1",
        ],
    );
    assert_eq!(frt_with(&hub, &["publish", "rep", "1"], None).code, 0);
    assert_eq!(
        whole.wait(Duration::from_secs(30)),
        0,
        "{}",
        whole.stderr_text()
    );
    assert!(
        whole
            .stderr_text()
            .contains("passed 1 MiB, the most frt prints"),
        "{}",
        whole.stderr_text()
    );
    let lines = count.take_lines(10_001, Duration::from_secs(30));
    assert_eq!(lines.len(), 10_000);
    assert_eq!(
        count.wait(Duration::from_secs(10)),
        0,
        "{}",
        count.stderr_text()
    );
    assert!(
        count
            .stderr_text()
            .contains("it made more than 10000 outputs for one event"),
        "{}",
        count.stderr_text()
    );
}

#[test]
fn jq_values_without_bound_end_the_worker_not_frt() {
    let hub = TestHub::start(&[]);
    let sub = spawn(
        &hub,
        &[
            "subscribe",
            "grow",
            "--jq",
            "if .data.huge then (\"x\" * 1000000000 | length) elif .data.range then [range(1e9)] else .data.n end",
            "-o",
            "raw",
            "-c",
            "2",
        ],
    );
    for payload in [r#"{"huge":true}"#, r#"{"n":1}"#, r#"{"range":true}"#] {
        assert_eq!(frt_with(&hub, &["publish", "grow", payload], None).code, 0);
    }
    assert_eq!(sub.take_lines(1, Duration::from_secs(30)), vec!["1"]);
    let pid = sub.child.as_ref().expect("running").id();
    wait_until(
        "the second event's verdict",
        Duration::from_secs(30),
        || sub.stderr_text().matches("--jq failed").count() == 2,
    );
    let stderr = sub.stderr_text();
    // A gigabyte of string at once: the allocation fails in the worker.
    assert!(
        stderr.contains("it needed more than 256 MiB of memory and was stopped"),
        "{stderr}"
    );
    // [range(1e9)] reaches the memory bound or the time bound first, by the machine.
    let second = stderr
        .lines()
        .filter(|l| l.contains("--jq failed"))
        .nth(1)
        .unwrap_or_default();
    assert!(
        second.contains("256 MiB of memory") || second.contains("still running after 2s"),
        "{stderr}"
    );
    // frt itself never held any of it (a sanity bound, far above what it uses).
    let peak = peak_rss_kib(pid);
    assert!(peak < 200 * 1024, "frt subscribe peaked at {peak} KiB");
    assert_eq!(
        frt_with(&hub, &["publish", "grow", r#"{"n":2}"#], None).code,
        0
    );
    let mut sub = sub;
    assert_eq!(sub.take_lines(1, Duration::from_secs(30)), vec!["2"]);
    assert_eq!(sub.wait(Duration::from_secs(10)), 0);
}
