//! Test harness: a real `frt serve` on 127.0.0.1 port 0 with a temporary state
//! directory, the real binary for commands, and helpers to drive the client core.
//! Everything started here is stopped on drop; nothing touches the user's home.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use frt::channel::ModuleContext;
use frt::client::{
    Client, ConnectOptions, ReceivedEvent, StreamItem, SubscribeOptions, Subscription,
};

pub const BIN: &str = env!("CARGO_BIN_EXE_frt");

/// A hub process. Stopped (SIGTERM, then kill) on drop.
pub struct TestHub {
    pub child: Option<Child>,
    pub endpoint: String,
    pub api_key: String,
    pub state: Arc<tempfile::TempDir>,
    pub stderr: Arc<Mutex<String>>,
    pub home: tempfile::TempDir,
}

impl TestHub {
    /// Starts `frt serve` with extra arguments (rate limit off unless given).
    pub fn start(extra: &[&str]) -> TestHub {
        let state = Arc::new(tempfile::tempdir().expect("tempdir"));
        TestHub::start_in(state, extra)
    }

    /// Starts a hub on an existing state directory (to test restarts). `extra` may
    /// give its own `--addr` (on loopback) and `--rate-limit`.
    pub fn start_in(state: Arc<tempfile::TempDir>, extra: &[&str]) -> TestHub {
        let home = tempfile::tempdir().expect("tempdir");
        let mut args: Vec<&str> = vec!["serve", "--state-dir"];
        let dir = state.path().to_str().expect("utf8 path").to_string();
        args.push(&dir);
        if !extra.contains(&"--addr") {
            args.extend(["--addr", "127.0.0.1:0"]);
        }
        if !extra.contains(&"--rate-limit") {
            args.extend(["--rate-limit", "off"]);
        }
        args.extend(extra);
        let mut child = clean_command(home.path())
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn frt serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().expect("a first line").expect("read");
        let endpoint = first
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_string();
        std::thread::spawn(move || for _ in lines {});
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let err = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let hub_json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(state.path().join("hub.json")).expect("hub.json"),
        )
        .expect("hub.json is JSON");
        let api_key = hub_json["apiKey"].as_str().expect("apiKey").to_string();
        TestHub {
            child: Some(child),
            endpoint,
            api_key,
            state,
            stderr,
            home,
        }
    }

    pub fn state_dir(&self) -> &Path {
        self.state.path()
    }

    pub fn addr(&self) -> String {
        self.endpoint
            .trim_start_matches("http://")
            .trim_start_matches("https://")
            .to_string()
    }

    /// A client-core client for this hub (no retries, so failures show at once).
    pub fn client(&self) -> Client {
        Client::new(
            self.endpoint.clone(),
            self.api_key.clone(),
            &ConnectOptions {
                retries: Some(0),
                request_timeout: Some(Duration::from_secs(5)),
                ..Default::default()
            },
        )
        .expect("client")
    }

    /// The real binary, pointed at this hub through FRT_STATE_DIR (hub.json).
    pub fn frt(&self) -> Command {
        let mut cmd = clean_command(self.home.path());
        cmd.env("FRT_STATE_DIR", self.state.path());
        cmd
    }

    /// Sends SIGTERM and waits for the process to exit.
    pub fn stop(&mut self) -> Option<std::process::ExitStatus> {
        let mut child = self.child.take()?;
        terminate(&mut child, Duration::from_secs(10))
    }

    pub fn stderr_text(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The hub's /metrics text.
    pub async fn metrics(&self) -> String {
        self.client().get_text("/metrics").await.expect("metrics")
    }
}

impl Drop for TestHub {
    fn drop(&mut self) {
        self.stop();
    }
}

/// SIGTERM, wait up to `grace`, then SIGKILL.
pub fn terminate(child: &mut Child, grace: Duration) -> Option<std::process::ExitStatus> {
    send_signal(child.id(), 15);
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    child.wait().ok()
}

/// Sends a signal with the `kill` command (no libc dependency in tests).
pub fn send_signal(pid: u32, signal: i32) {
    let _ = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// A command for the binary with no FRT_* variables from the environment, HOME and
/// XDG dirs in a temporary directory, and colour decisions left to the test.
pub fn clean_command(home: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    for (k, _) in std::env::vars_os() {
        if let Some(k) = k.to_str()
            && (k.starts_with("FRT_")
                || k.starts_with("FORGE_")
                || k == "NO_COLOR"
                || k.starts_with("XDG_")
                || k.ends_with("_PROXY")
                || k.ends_with("_proxy"))
        {
            cmd.env_remove(k);
        }
    }
    cmd.env("HOME", home);
    cmd.env("XDG_STATE_HOME", home.join("state"));
    cmd
}

/// Output of a finished command.
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary against this hub with `args` and collects what it printed.
pub fn frt_in(hub: &TestHub, args: &[&str]) -> Output {
    let mut cmd = hub.frt();
    cmd.args(args);
    run(cmd)
}

pub fn run(mut cmd: Command) -> Output {
    run_with_input(&mut cmd, None)
}

pub fn run_with_input(cmd: &mut Command, input: Option<&[u8]>) -> Output {
    cmd.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn frt");
    if let Some(data) = input {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        let data = data.to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&data);
        });
    }
    wait_with_timeout(child, Duration::from_secs(60))
}

fn wait_with_timeout(mut child: Child, limit: Duration) -> Output {
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out_t = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Ok(Some(s)) = child.try_wait() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("frt did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out_t.join().unwrap_or_default()).into_owned(),
        stderr: String::from_utf8_lossy(&err_t.join().unwrap_or_default()).into_owned(),
    }
}

/// A running `frt subscribe` whose output is collected line by line.
pub struct SubProcess {
    pub child: Option<Child>,
    pub lines: mpsc::Receiver<String>,
    pub stderr: Arc<Mutex<String>>,
}

impl SubProcess {
    /// Spawns the command and waits until it prints its `subscribed` line on stderr.
    pub fn spawn(cmd: Command) -> SubProcess {
        let sub = SubProcess::spawn_plain(cmd);
        sub.wait_stderr("subscribed", Duration::from_secs(10));
        sub
    }

    /// Spawns the command, collecting its output, without waiting for anything.
    pub fn spawn_plain(mut cmd: Command) -> SubProcess {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn frt subscribe");
        let stdout: ChildStdout = child.stdout.take().expect("stdout");
        let stderr: ChildStderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let text = Arc::new(Mutex::new(String::new()));
        let sink = text.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        SubProcess {
            child: Some(child),
            lines: rx,
            stderr: text,
        }
    }

    /// Waits until stderr contains `needle`; panics with what it has otherwise.
    pub fn wait_stderr(&self, needle: &str, limit: Duration) {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if self.stderr.lock().unwrap().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!(
            "no {needle:?} on stderr within {limit:?}; stderr was:\n{}",
            self.stderr_text()
        );
    }

    pub fn stderr_text(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Collects `n` stdout lines, or fewer if `limit` passes first.
    pub fn take_lines(&self, n: usize, limit: Duration) -> Vec<String> {
        let deadline = Instant::now() + limit;
        let mut out = Vec::new();
        while out.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) => out.push(l),
                Err(_) => break,
            }
        }
        out
    }

    /// Waits for the process to exit by itself.
    pub fn wait(&mut self, limit: Duration) -> i32 {
        let mut child = self.child.take().expect("running");
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(s)) = child.try_wait() {
                return s.code().unwrap_or(-1);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!(
                    "subscriber did not exit within {limit:?}; stderr:\n{}",
                    self.stderr_text()
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn signal(&self, sig: i32) {
        if let Some(c) = &self.child {
            send_signal(c.id(), sig);
        }
    }
}

impl Drop for SubProcess {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A loopback port nothing listens on (bound, then released).
pub fn unused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A module context.
pub fn ctx(installation: &str, module: &str, ext: &[(&str, &str)]) -> ModuleContext {
    ModuleContext::new(installation, module).with_extension(ext)
}

pub fn sub_opts(channel: &str, context: ModuleContext) -> SubscribeOptions {
    SubscribeOptions {
        channels: vec![channel.to_string()],
        global: false,
        context,
        overrides: None,
        token: None,
        replay_seconds: None,
        reconnect: false,
        since: None,
    }
}

/// Subscribes and waits for the hub's confirmation.
pub async fn subscribed(client: &Client, opts: SubscribeOptions) -> Subscription {
    let mut sub = client.subscribe(opts).await.expect("subscribe");
    match tokio::time::timeout(Duration::from_secs(5), sub.next()).await {
        Ok(Ok(StreamItem::Subscribed { .. })) => sub,
        other => panic!("expected a subscribed confirmation, got {other:?}"),
    }
}

/// The next event within `limit`, or None.
pub async fn next_event(sub: &mut Subscription, limit: Duration) -> Option<ReceivedEvent> {
    sub.next_event(limit)
        .await
        .unwrap_or_else(|e| panic!("subscription failed: {e}"))
}

pub fn temp_path(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

/// A loopback TCP proxy whose live connections can be cut, and whose target can be
/// changed (to follow a restarted hub), for connection-loss tests.
pub struct CutProxy {
    pub addr: std::net::SocketAddr,
    target: Arc<Mutex<String>>,
    conns: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>>,
    accept: tokio::task::JoinHandle<()>,
}

impl CutProxy {
    pub async fn start(target: &str) -> CutProxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let target = Arc::new(Mutex::new(target.to_string()));
        let conns: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>> = Arc::default();
        let (t, c) = (target.clone(), conns.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let to = t.lock().unwrap().clone();
                let task = tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(to).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                c.lock().unwrap().push(task);
            }
        });
        CutProxy {
            addr,
            target,
            conns,
            accept,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Drops every live connection (both directions), like a network cut.
    pub fn cut(&self) {
        for task in self.conns.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    pub fn retarget(&self, target: &str) {
        *self.target.lock().unwrap() = target.to_string();
    }
}

impl Drop for CutProxy {
    fn drop(&mut self) {
        self.cut();
        self.accept.abort();
    }
}

/// Signs a token with the hub's own key file, at any time, for expiry tests.
pub fn sign_with_hub_key(
    hub: &TestHub,
    channel: &str,
    installation: &str,
    perms: Option<&[frt::token::Permission]>,
    issued: std::time::SystemTime,
    ttl: Duration,
) -> String {
    let text = std::fs::read_to_string(hub.state_dir().join("signing-key.json")).expect("key file");
    let key = frt::token::SigningKey::from_json(&text).expect("key");
    let claims = serde_json::json!({});
    let spec = frt::token::TokenSpec {
        channel,
        installation,
        claims: &claims,
        permissions: perms,
        ttl,
    };
    frt::token::sign(&key, &spec, issued).expect("sign").0
}

/// Runs a shell command line under a pseudo-terminal (util-linux script(1)) with
/// this hub's state directory, and returns what the terminal showed. `env` sets
/// (`Some`) or removes (`None`) variables. With `typed = Some((prompt, text))`, `text`
/// is typed once `prompt` is on the screen, and the terminal's input is closed as
/// soon as the command has exited, so nothing waits on a timer.
pub fn under_tty(
    hub: &TestHub,
    cmdline: &str,
    env: &[(&str, Option<&str>)],
    typed: Option<(&str, &str)>,
) -> String {
    use std::io::Write;
    const EXITED: &str = "[tty-exited]";
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &format!("{cmdline}; echo '{EXITED}'"), "/dev/null"])
        .env("FRT_STATE_DIR", hub.state_dir())
        .env("HOME", hub.home.path())
        .env("TERM", "xterm")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .stdin(if typed.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let mut child = cmd.spawn().expect("script(1) from util-linux");
    let mut stdin = child.stdin.take();
    let mut stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut screen = Vec::new();
    let mut pending = typed;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(chunk) => screen.extend_from_slice(&chunk),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                panic!(
                    "{cmdline:?} did not finish under a terminal within 30 s; it showed {:?}",
                    String::from_utf8_lossy(&screen)
                );
            }
        }
        let text = String::from_utf8_lossy(&screen);
        if let Some((prompt, input)) = pending
            && text.contains(prompt)
        {
            if let Some(s) = stdin.as_mut() {
                let _ = s.write_all(input.as_bytes());
                let _ = s.flush();
            }
            pending = None;
        }
        if text.contains(EXITED) {
            // The command is done: end the terminal's input so script(1) exits.
            stdin = None;
        }
    }
    drop(stdin);
    let _ = child.wait();
    let text = String::from_utf8_lossy(&screen).into_owned();
    match text.find(EXITED) {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// A hub inside the test's own runtime (no process), for hub semantics, with a clock
/// the test moves: grace periods and replay windows pass without waiting. Its tasks
/// end with the test's runtime; its state directory is removed on drop.
pub struct InProcessHub {
    pub hub: frt::hub::EphemeralHub,
    pub clock: Arc<frt::hub::clock::ManualClock>,
}

impl InProcessHub {
    pub async fn start(tune: impl FnOnce(&mut frt::hub::HubConfig)) -> InProcessHub {
        let clock = Arc::new(frt::hub::clock::ManualClock::default());
        let shared = clock.clone();
        let hub = frt::hub::start_ephemeral(move |c| {
            c.clock = shared;
            tune(c);
        })
        .await
        .expect("an in-process hub");
        InProcessHub { hub, clock }
    }

    /// A client-core client for this hub (no retries).
    pub fn client(&self) -> Client {
        Client::new(
            self.hub.endpoint(),
            self.hub.api_key().to_string(),
            &ConnectOptions {
                retries: Some(0),
                request_timeout: Some(Duration::from_secs(5)),
                ..Default::default()
            },
        )
        .expect("client")
    }

    /// The hub's clock, in epoch milliseconds.
    pub fn clock_ms(&self) -> u64 {
        use frt::hub::clock::Clock;
        self.clock.now_ms()
    }

    /// Moves the hub's clock forward, then lets the hub act on it (grace expiry,
    /// buffer trimming) as its periodic sweep would.
    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
        self.hub.running.hub.engine.sweep();
    }

    pub fn metrics(&self) -> String {
        self.hub.running.hub.engine.own_metrics()
    }

    /// Waits (bounded) until the metrics show `line`: the hub has seen what the
    /// test did, e.g. a dropped connection.
    pub async fn await_metric(&self, line: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.metrics().lines().any(|l| l == line) {
            assert!(
                Instant::now() < deadline,
                "no {line:?} within 10 s:\n{}",
                self.metrics()
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

/// Installs a Node harness's packages from its lock file (`npm ci`) unless they are
/// there; a failed install fails the test with npm's words, never skips it.
pub fn npm_ci(dir: &Path, packages: &[&str]) {
    if packages.iter().all(|p| {
        dir.join("node_modules")
            .join(p)
            .join("package.json")
            .exists()
    }) {
        return;
    }
    let out = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run npm ({e}); Node.js and npm are required for this test")
        });
    assert!(
        out.status.success(),
        "npm could not install {packages:?} from the registry into {}:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs a Node harness (`dir/harness.js`) against this hub, with the frt binary and
/// the hub's state in its environment and nothing of the user's (no FRT_* or FORGE_*
/// variables, HOME and XDG dirs in the hub's temporary home). Checks that it passed
/// with exactly `checks` checks, and returns what it printed.
pub fn node_harness(
    dir: &Path,
    hub: &TestHub,
    env: &[(&str, &std::ffi::OsStr)],
    checks: usize,
) -> String {
    let mut cmd = Command::new("node");
    for (k, _) in std::env::vars_os() {
        if let Some(k) = k.to_str()
            && (k.starts_with("FRT_") || k.starts_with("FORGE_") || k.starts_with("XDG_"))
        {
            cmd.env_remove(k);
        }
    }
    cmd.arg(dir.join("harness.js"))
        .current_dir(dir)
        .env("FRT_BIN", BIN)
        .env("FRT_STATE_DIR", hub.state_dir())
        .env("HOME", hub.home.path())
        .env("XDG_CONFIG_HOME", hub.home.path().join("config"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("node is required for this harness");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "harness failed:\n{stdout}\n{stderr}");
    assert!(!stdout.contains("not ok"), "{stdout}");
    assert_eq!(
        stdout.matches("ok - ").count(),
        checks,
        "every check ran:\n{stdout}"
    );
    stdout
}

/// A `redis-server` of the test's own: a free loopback port, a temporary directory, no
/// persistence. Stopped on drop; `stop` and `start_again` (same port) simulate an
/// outage.
pub struct TestRedis {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl TestRedis {
    pub fn start() -> TestRedis {
        let mut redis = TestRedis {
            port: unused_port(),
            dir: tempfile::tempdir().expect("tempdir"),
            child: None,
        };
        redis.start_again();
        redis
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// Starts the server (again) on its port, and waits until it answers PING.
    pub fn start_again(&mut self) {
        assert!(self.child.is_none(), "already running");
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args([
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ])
            .arg("--dir")
            .arg(self.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server must be installed (Debian: apt-get install redis-server)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.ping() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("redis-server on port {} did not answer PING", self.port);
    }

    fn ping(&self) -> bool {
        use std::io::Write;
        let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
        if s.write_all(b"PING\r\n").is_err() {
            return false;
        }
        let mut buf = [0u8; 7];
        s.read_exact(&mut buf).is_ok() && &buf == b"+PONG\r\n"
    }

    /// Runs one command (arguments without spaces) and returns the raw RESP answer.
    pub fn command(&self, args: &[&str]) -> String {
        use std::io::Write;
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        let mut req = format!("*{}\r\n", args.len());
        for a in args {
            req.push_str(&format!("${}\r\n{a}\r\n", a.len()));
        }
        s.write_all(req.as_bytes()).expect("write");
        let mut buf = vec![0u8; 4096];
        let n = s.read(&mut buf).unwrap_or(0);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }

    /// Kills the server (its data goes with it: no persistence).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for TestRedis {
    fn drop(&mut self) {
        self.stop();
    }
}
