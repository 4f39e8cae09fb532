//! The soak: one `frt serve` under everything at once for `SOAK_S` seconds (600 by
//! default), then a verdict. Run it with `benches/soak.sh`; RELIABILITY.md records a
//! full run and what each limit it meets is for.
//!
//! At once, against one hub on loopback:
//! - tracked subscribers (the only ones whose deliveries are checked), some straight
//!   to the hub and some through a proxy that cuts their links every few seconds;
//! - a few thousand churning subscribers that come and go;
//! - slow and silent readers that the hub must cut;
//! - subscribers whose tokens expire mid-stream, and sign again;
//! - publishers at the rate limit over REST, GraphQL and the publish stream;
//! - one kill -9 of the hub halfway through, and a restart on the same port.
//!
//! Every publish the hub acknowledged (an event id) must reach every tracked
//! subscriber on its key exactly once, except events acknowledged around the kill -9
//! (the hub keeps no disk log, so a killed hub's buffer is gone by design). The hub's
//! resident memory is sampled every second.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use frt::channel::ModuleContext;
use frt::client::publisher::{StreamPublisher, StreamTarget};
use frt::client::{Client, ConnectOptions, Publish, SignRequest, StreamItem, SubscribeOptions};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

const CHANNEL: &str = "soak";
/// Installations that publish (one per interface), each with tracked subscribers.
const PUBLISHERS: [&str; 3] = ["rest", "graphql", "stream"];
const TRACKED_PER_INSTALLATION: usize = 6;
const CHURNERS: usize = 2000;
const SILENT_PER_INSTALLATION: usize = 3;
const EXPIRING: usize = 10;

#[derive(Default)]
struct Tally {
    /// Event ids the hub acknowledged, with when, per installation.
    acked: Mutex<HashMap<String, Vec<(String, Instant)>>>,
    publish_failures: AtomicU64,
    churn_cycles: AtomicU64,
    silent_cut: AtomicU64,
    tokens_expired: AtomicU64,
    crashes: AtomicU64,
}

/// What one tracked subscriber saw.
struct Tracked {
    installation: String,
    /// From when it was confirmed (events acknowledged before do not count).
    ready: Instant,
    received: HashMap<String, u32>,
    /// When it last received an event.
    last_event: Instant,
    /// Gaps it reported: from its last event before, to a resubscribe that did not
    /// recover everything.
    gaps: Vec<(Instant, Instant)>,
}

struct Hub {
    bin: PathBuf,
    state: PathBuf,
    port: u16,
    child: Mutex<Option<Child>>,
    endpoint: String,
    api_key: String,
}

impl Hub {
    fn start(bin: &Path, state: &Path, port: u16) -> Child {
        let log = std::fs::File::create(state.join("hub.log")).expect("hub log");
        let mut child = Command::new(bin)
            .args([
                "serve",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--state-dir",
            ])
            .arg(state)
            .args([
                "--rate-limit",
                "50",
                "--grace",
                "30s",
                "--replay-window",
                "120s",
            ])
            .args(std::env::var_os("SOAK_DEBUG").map(|_| "-v"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("start frt serve");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
            .expect("the hub's first line");
        assert!(line.starts_with("listening on"), "{line}");
        child
    }

    fn pid(&self) -> Option<u32> {
        self.child.lock().unwrap().as_ref().map(Child::id)
    }

    fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()?)).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    fn kill9_and_restart(&self) {
        if let Some(mut c) = self.child.lock().unwrap().take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        // The port was just released by a killed process: it is free again.
        let child = Hub::start(&self.bin, &self.state, self.port);
        *self.child.lock().unwrap() = Some(child);
    }

    /// Restarts the hub if it exited on its own, counting a crash.
    fn watch(&self, tally: &Tally) {
        let mut guard = self.child.lock().unwrap();
        if let Some(c) = guard.as_mut()
            && let Ok(Some(status)) = c.try_wait()
        {
            eprintln!("soak: the hub exited on its own: {status}");
            tally.crashes.fetch_add(1, Ordering::Relaxed);
            *guard = Some(Hub::start(&self.bin, &self.state, self.port));
        }
    }

    fn client(&self, endpoint: &str) -> Client {
        Client::new(
            endpoint.to_string(),
            self.api_key.clone(),
            &ConnectOptions {
                retries: Some(3),
                request_timeout: Some(Duration::from_secs(10)),
                ..Default::default()
            },
        )
        .expect("client")
    }
}

fn context(installation: &str) -> ModuleContext {
    ModuleContext::new(installation, "soak")
}

/// A loopback proxy whose live links are cut every `every`.
async fn cutting_proxy(target: String, every: Duration, until: Instant) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind proxy");
    let addr = listener.local_addr().expect("addr");
    let links: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>> = Arc::default();
    let cut = links.clone();
    tokio::spawn(async move {
        while Instant::now() < until {
            tokio::time::sleep(every).await;
            for link in cut.lock().unwrap().drain(..) {
                link.abort();
            }
        }
    });
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            let target = target.clone();
            let link = tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
            links.lock().unwrap().push(link);
        }
    });
    format!("http://{addr}")
}

async fn tracked_subscriber(client: Client, installation: String, until: Instant) -> Tracked {
    let mut seen = Tracked {
        installation: installation.clone(),
        ready: Instant::now() + Duration::from_secs(3600),
        received: HashMap::new(),
        last_event: Instant::now(),
        gaps: Vec::new(),
    };
    while Instant::now() < until {
        let opts = SubscribeOptions {
            channels: vec![CHANNEL.to_string()],
            global: false,
            context: context(&installation),
            overrides: None,
            token: None,
            replay_seconds: None,
            reconnect: true,
            since: None,
        };
        let Ok(mut sub) = client.subscribe(opts).await else {
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        };
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, sub.next()).await {
                Err(_) => return seen,
                Ok(Ok(StreamItem::Event(e))) => {
                    seen.last_event = Instant::now();
                    *seen.received.entry(e.event_id).or_default() += 1;
                }
                Ok(Ok(StreamItem::Subscribed {
                    recovered, resumed, ..
                })) => {
                    if !resumed && seen.ready > Instant::now() {
                        seen.ready = Instant::now();
                    } else if !recovered || !resumed {
                        seen.gaps.push((seen.last_event, Instant::now()));
                    }
                }
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    // Not retryable (a refused resubscribe): start over, and say so.
                    eprintln!("soak: a tracked subscription ended: {e}");
                    seen.gaps.push((seen.last_event, Instant::now()));
                    break;
                }
            }
        }
    }
    seen
}

fn record(tally: &Tally, installation: &str, id: String) {
    tally
        .acked
        .lock()
        .unwrap()
        .entry(installation.to_string())
        .or_default()
        .push((id, Instant::now()));
}

async fn rest_publisher(hub: Arc<Hub>, tally: Arc<Tally>, until: Instant) {
    let client = hub.client(&hub.endpoint);
    let mut n = 0u64;
    let mut tick = tokio::time::interval(Duration::from_millis(22));
    while Instant::now() < until {
        tick.tick().await;
        n += 1;
        match client
            .publish(&Publish::new(CHANNEL, format!("rest {n}"), context("rest")))
            .await
        {
            Ok(r) => {
                if let Some(id) = r.event_id {
                    record(&tally, "rest", id);
                }
            }
            Err(_) => {
                tally.publish_failures.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

async fn graphql_publisher(hub: Arc<Hub>, tally: Arc<Tally>, until: Instant) {
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("http");
    let mut n = 0u64;
    let mut tick = tokio::time::interval(Duration::from_millis(22));
    while Instant::now() < until {
        tick.tick().await;
        n += 1;
        let query = format!(
            "mutation {{ ecosystem {{ publishRealtimeChannel(installationId: \"graphql\", name: \"{CHANNEL}\", payload: \"graphql {n}\") {{ eventId }} }} }}"
        );
        let answer = http
            .post(format!("{}/graphql", hub.endpoint))
            .header("authorization", format!("Bearer {}", hub.api_key))
            .header(
                "x-forge-context-token",
                context("graphql").to_header_value(),
            )
            .json(&json!({ "query": query }))
            .send()
            .await;
        let id = match answer {
            Ok(r) if r.status().is_success() => r.json::<Value>().await.ok().and_then(|v| {
                v["data"]["ecosystem"]["publishRealtimeChannel"]["eventId"]
                    .as_str()
                    .map(String::from)
            }),
            _ => None,
        };
        match id {
            Some(id) => record(&tally, "graphql", id),
            None => {
                tally.publish_failures.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

async fn stream_publisher(hub: Arc<Hub>, tally: Arc<Tally>, until: Instant) {
    let client = hub.client(&hub.endpoint);
    let mut n = 0u64;
    while Instant::now() < until {
        let target = StreamTarget {
            channel: CHANNEL.into(),
            global: false,
            context: context("stream"),
            overrides: None,
            token: None,
        };
        let Ok(mut stream) = StreamPublisher::open(&client, target).await else {
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        };
        // 45 events a second, like the other publishers: a stream at the full limit
        // would take the whole installation's budget (it waits rather than being
        // refused), and its subscribers could not resubscribe after a cut.
        let mut tick = tokio::time::interval(Duration::from_millis(22));
        let ended = async {
            while Instant::now() < until {
                tick.tick().await;
                n += 1;
                stream.feed(format!("stream {n}")).await?;
                stream.flush().await?;
                while stream.in_flight() > 8 {
                    let ack = stream.next_ack().await?;
                    match ack.result {
                        Ok(r) => {
                            if let Some(id) = r.event_id {
                                record(&tally, "stream", id);
                            }
                        }
                        Err(_) => {
                            tally.publish_failures.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            }
            Ok::<(), frt::Error>(())
        }
        .await;
        if ended.is_err() {
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn raw_subscribe(hub: &Hub, frame: Value) -> Option<Ws> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut req = format!("ws://127.0.0.1:{}/forge/realtime/v1/subscribe", hub.port)
        .into_client_request()
        .ok()?;
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {}", hub.api_key).parse().ok()?,
    );
    let (mut ws, _) = tokio::time::timeout(
        Duration::from_secs(10),
        tokio_tungstenite::connect_async(req),
    )
    .await
    .ok()?
    .ok()?;
    ws.send(Message::Text(frame.to_string().into()))
        .await
        .ok()?;
    Some(ws)
}

async fn churner(hub: Arc<Hub>, tally: Arc<Tally>, i: usize, until: Instant) {
    let mut stay = 5 + (i as u64 * 7919) % 26;
    while Instant::now() < until {
        let frame = json!({"type": "subscribe", "id": "c", "channel": format!("churn-{}", i % 100),
                           "context": {"installationId": format!("churn-{}", i % 50), "moduleKey": "m"}});
        match raw_subscribe(&hub, frame).await {
            Some(mut ws) => {
                let until_leave = Instant::now() + Duration::from_secs(stay);
                while let Ok(Some(Ok(_))) = tokio::time::timeout(
                    until_leave.saturating_duration_since(Instant::now()),
                    ws.next(),
                )
                .await
                {}
                let _ = ws.close(None).await;
                tally.churn_cycles.fetch_add(1, Ordering::Relaxed);
            }
            None => tokio::time::sleep(Duration::from_secs(1)).await,
        }
        stay = 5 + (stay * 31) % 26;
    }
}

/// Subscribes and never reads; the hub must cut it once its budget is full.
async fn silent_reader(
    hub: Arc<Hub>,
    tally: Arc<Tally>,
    installation: &'static str,
    until: Instant,
) {
    while Instant::now() < until {
        let frame = json!({"type": "subscribe", "id": "s", "channel": CHANNEL,
                           "context": {"installationId": installation, "moduleKey": "silent"}});
        let Some(ws) = raw_subscribe(&hub, frame).await else {
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        };
        // Hold the socket unread past three ping periods (the hub closes a peer after
        // two unanswered pings), then see whether the hub has cut it. Reading now
        // answers pings, so nothing is read before.
        tokio::time::sleep(
            Duration::from_secs(70).min(until.saturating_duration_since(Instant::now())),
        )
        .await;
        let (_, mut read) = ws.split();
        let cut = loop {
            match tokio::time::timeout(Duration::from_secs(2), read.next()).await {
                Ok(Some(Ok(Message::Close(_)))) | Ok(None) | Ok(Some(Err(_))) => break true,
                Ok(Some(Ok(_))) => {}
                Err(_) => break false,
            }
        };
        if cut {
            tally.silent_cut.fetch_add(1, Ordering::Relaxed);
        } else if std::env::var_os("SOAK_DEBUG").is_some() {
            eprintln!("soak: a silent reader on {installation} was not cut");
        }
    }
}

async fn expiring_token_subscriber(hub: Arc<Hub>, tally: Arc<Tally>, until: Instant) {
    let client = hub.client(&hub.endpoint);
    while Instant::now() < until {
        let signed = client
            .sign_token(&SignRequest {
                channel: "expiring".into(),
                claims: json!({"who": "soak"}),
                permissions: None,
                ttl: Some(Duration::from_secs(3)),
                context: context("tok"),
            })
            .await;
        let Ok(signed) = signed else {
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        };
        let frame = json!({"type": "subscribe", "id": "t", "channel": "expiring", "token": signed.token,
                           "context": {"installationId": "tok", "moduleKey": "soak"}});
        let Some(mut ws) = raw_subscribe(&hub, frame).await else {
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        };
        while let Ok(Some(Ok(msg))) = tokio::time::timeout(Duration::from_secs(10), ws.next()).await
        {
            if let Message::Text(t) = msg
                && t.as_str().contains("TOKEN_EXPIRED")
            {
                tally.tokens_expired.fetch_add(1, Ordering::Relaxed);
                break;
            }
        }
        let _ = ws.close(None).await;
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn main() {
    let secs: u64 = std::env::var("SOAK_S")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(600);
    let bin =
        PathBuf::from(std::env::var("FRT_BIN").unwrap_or_else(|_| "target/release/frt".into()));
    frt::process::raise_fd_limit();
    let state = tempfile::tempdir().expect("state dir");
    if std::env::var_os("SOAK_DEBUG").is_some() {
        eprintln!("soak: state and hub.log in {}", state.path().display());
    }
    let port = free_port();
    let child = Hub::start(&bin, state.path(), port);
    let hub_json: Value = serde_json::from_str(
        &std::fs::read_to_string(state.path().join("hub.json")).expect("hub.json"),
    )
    .expect("json");
    let hub = Arc::new(Hub {
        bin,
        state: state.path().to_path_buf(),
        port,
        child: Mutex::new(Some(child)),
        endpoint: format!("http://127.0.0.1:{port}"),
        api_key: hub_json["apiKey"].as_str().expect("apiKey").to_string(),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let report = runtime.block_on(soak(hub.clone(), secs));
    if let Some(mut c) = hub.child.lock().unwrap().take() {
        let _ = c.kill();
        let _ = c.wait();
    }
    println!("{report}");
    if std::env::var_os("SOAK_DEBUG").is_some() {
        let _ = state.keep();
    }
    let v: Value = serde_json::from_str(&report).expect("report");
    let ok = v["lost"] == 0 && v["duplicated"] == 0 && v["crashes"] == 0;
    std::process::exit(if ok { 0 } else { 1 });
}

async fn soak(hub: Arc<Hub>, secs: u64) -> String {
    let tally = Arc::new(Tally::default());
    let started = Instant::now();
    let until = started + Duration::from_secs(secs);
    let rss_start = hub.rss_kib().unwrap_or(0);
    eprintln!(
        "soak: {secs} s against {} (RSS {rss_start} KiB)",
        hub.endpoint
    );

    let proxy = cutting_proxy(
        format!("127.0.0.1:{}", hub.port),
        Duration::from_secs(7),
        until,
    )
    .await;
    let mut tracked = Vec::new();
    for installation in PUBLISHERS {
        for i in 0..TRACKED_PER_INSTALLATION {
            let endpoint = if i % 2 == 0 { &hub.endpoint } else { &proxy };
            tracked.push(tokio::spawn(tracked_subscriber(
                hub.client(endpoint),
                installation.to_string(),
                until,
            )));
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut load = Vec::new();
    load.push(tokio::spawn(rest_publisher(
        hub.clone(),
        tally.clone(),
        until,
    )));
    load.push(tokio::spawn(graphql_publisher(
        hub.clone(),
        tally.clone(),
        until,
    )));
    load.push(tokio::spawn(stream_publisher(
        hub.clone(),
        tally.clone(),
        until,
    )));
    for i in 0..CHURNERS {
        load.push(tokio::spawn(churner(hub.clone(), tally.clone(), i, until)));
    }
    for installation in PUBLISHERS {
        for _ in 0..SILENT_PER_INSTALLATION {
            load.push(tokio::spawn(silent_reader(
                hub.clone(),
                tally.clone(),
                installation,
                until,
            )));
        }
    }
    for _ in 0..EXPIRING {
        load.push(tokio::spawn(expiring_token_subscriber(
            hub.clone(),
            tally.clone(),
            until,
        )));
    }

    // Sample memory every second; kill -9 halfway; watch for crashes.
    let mut rss_peak = rss_start;
    let mut rss_samples = Vec::new();
    let kill_at = started + Duration::from_secs(secs / 2);
    let mut killed: Option<(Instant, Instant)> = None;
    while Instant::now() < until {
        tokio::time::sleep(Duration::from_secs(1)).await;
        hub.watch(&tally);
        if let Some(rss) = hub.rss_kib() {
            rss_peak = rss_peak.max(rss);
            rss_samples.push((started.elapsed().as_secs(), rss));
        }
        if killed.is_none()
            && Instant::now() >= kill_at
            && std::env::var_os("SOAK_NO_KILL").is_none()
        {
            let at = Instant::now();
            eprintln!("soak: kill -9 at {} s", started.elapsed().as_secs());
            let hub = hub.clone();
            tokio::task::spawn_blocking(move || hub.kill9_and_restart())
                .await
                .expect("restart");
            killed = Some((at, Instant::now()));
        }
        if started.elapsed().as_secs().is_multiple_of(60) {
            eprintln!(
                "soak: {} s, RSS {} KiB, {} acknowledged",
                started.elapsed().as_secs(),
                rss_samples.last().map(|s| s.1).unwrap_or(0),
                tally
                    .acked
                    .lock()
                    .unwrap()
                    .values()
                    .map(Vec::len)
                    .sum::<usize>()
            );
        }
    }
    let rss_end = hub.rss_kib().unwrap_or(0);
    for task in load {
        let _ = tokio::time::timeout(Duration::from_secs(15), task).await;
    }
    let mut seen = Vec::new();
    for task in tracked {
        if let Ok(Ok(t)) = tokio::time::timeout(Duration::from_secs(15), task).await {
            seen.push(t);
        }
    }

    // A subscriber that came back without recovering everything reports a gap, from
    // its last event to that resubscribe. Events in a gap that closed around the
    // kill -9 (from 2 s before it until 30 s after the restart) are excused: the killed
    // hub's buffer is gone by design. Every other gap's events count as lost.
    let (kill_start, kill_end) = killed
        .map(|(at, back)| (at - Duration::from_secs(2), back + Duration::from_secs(30)))
        .unwrap_or((until, until));
    let around_kill = |t: Instant| t >= kill_start && t <= kill_end;
    let acked = tally.acked.lock().unwrap();
    let (mut checked, mut lost, mut duplicated, mut excused_events) = (0u64, 0u64, 0u64, 0u64);
    let settle = until - Duration::from_secs(5);
    let mut lost_by_installation: HashMap<String, u64> = HashMap::new();
    for s in &seen {
        duplicated += s
            .received
            .values()
            .filter(|n| **n > 1)
            .map(|n| u64::from(*n - 1))
            .sum::<u64>();
        for (id, at) in acked.get(&s.installation).into_iter().flatten() {
            if *at < s.ready + Duration::from_secs(1) || *at > settle {
                continue;
            }
            let excused = s
                .gaps
                .iter()
                .any(|(from, to)| around_kill(*to) && *at >= *from && *at <= *to);
            if excused {
                excused_events += 1;
                continue;
            }
            checked += 1;
            if !s.received.contains_key(id) {
                lost += 1;
                *lost_by_installation
                    .entry(s.installation.clone())
                    .or_insert(0u64) += 1;
            }
        }
    }
    let unrecovered_outside_kill: usize = seen
        .iter()
        .map(|s| s.gaps.iter().filter(|(_, to)| !around_kill(*to)).count())
        .sum();
    let acknowledged: usize = acked.values().map(Vec::len).sum();
    json!({
        "seconds": secs,
        "acknowledged": acknowledged,
        "tracked_subscribers": seen.len(),
        "deliveries_checked": checked,
        "lost": lost,
        "lost_by_installation": lost_by_installation,
        "duplicated": duplicated,
        "excused_around_kill": excused_events,
        "unrecovered_resubscribes_outside_kill": unrecovered_outside_kill,
        "publish_failures": tally.publish_failures.load(Ordering::Relaxed),
        "churn_cycles": tally.churn_cycles.load(Ordering::Relaxed),
        "silent_readers_cut": tally.silent_cut.load(Ordering::Relaxed),
        "tokens_expired": tally.tokens_expired.load(Ordering::Relaxed),
        "crashes": tally.crashes.load(Ordering::Relaxed),
        "rss_kib": {"start": rss_start, "peak": rss_peak, "end": rss_end},
        "rss_by_minute_kib": rss_samples.iter().filter(|(s, _)| s % 60 == 0).map(|(s, r)| json!([s, r])).collect::<Vec<_>>(),
    })
    .to_string()
}
