//! `frt bench`: a load generator against any frt hub, in the manner of `nats bench`.
//! By default it starts an embedded hub in-process on its own runtime threads (named
//! `frt-hub`, so their CPU time can be told apart from the load generator's).
//!
//! Scenarios: `latency` (publish → delivered, one subscriber), `throughput` (ordered
//! stream publish to one subscriber), `fanout` (one publisher, S subscribers) and
//! `connections` (hub memory per idle subscription).

use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use tokio_tungstenite::tungstenite::Message;

use crate::channel::ModuleContext;
use crate::client::publisher::{StreamPublisher, StreamTarget};
use crate::client::subscribe::Socket;
use crate::client::{Client, ClientError, ConnectOptions};
use crate::hub::{self, HubConfig, RunningHub, encode_context_token};
use crate::protocol::{CONTEXT_HEADER, ClientFrame, PUBLISH_PATH, SUBSCRIBE_PATH};

/// The hub under test.
pub struct Target {
    pub endpoint: String,
    pub api_key: String,
    pub client: Client,
    embedded: Option<Embedded>,
}

struct Embedded {
    running: Option<RunningHub>,
    runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

impl Target {
    /// Starts an embedded hub (rate limit off) on two `frt-hub` worker threads.
    pub fn embedded(queue_limit: usize) -> Result<Target, ClientError> {
        raise_fd_limit();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("frt-hub")
            .enable_all()
            .build()
            .map_err(|e| ClientError::Other(format!("cannot start the hub runtime: {e}")))?;
        let dir = tempfile::tempdir()
            .map_err(|e| ClientError::Other(format!("no temporary directory: {e}")))?;
        let mut config = HubConfig::new(([127, 0, 0, 1], 0).into(), dir.path().to_path_buf());
        config.announce = false;
        config.rate_limit = None;
        config.queue_limit = queue_limit;
        let running = runtime
            .block_on(hub::start(config))
            .map_err(|e| ClientError::Other(format!("cannot start the embedded hub: {e:#}")))?;
        let endpoint = running.endpoint();
        let api_key = running.api_key().to_string();
        let client = bench_client(&endpoint, &api_key)?;
        Ok(Target {
            endpoint,
            api_key,
            client,
            embedded: Some(Embedded {
                running: Some(running),
                runtime,
                _dir: dir,
            }),
        })
    }

    /// A hub that is already running.
    pub fn external(client: Client) -> Target {
        raise_fd_limit();
        Target {
            endpoint: client.endpoint().to_string(),
            api_key: client.api_key().to_string(),
            client,
            embedded: None,
        }
    }

    pub fn is_embedded(&self) -> bool {
        self.embedded.is_some()
    }

    /// Pins the embedded hub's event-loop thread to `cpu` (or lets it run anywhere
    /// again with `None`). Returns false when there is no embedded hub or pinning
    /// is not possible here.
    pub fn pin_hub(&self, cpu: Option<usize>) -> bool {
        let Some(e) = &self.embedded else {
            return false;
        };
        e.runtime
            .block_on(async { tokio::spawn(async move { pin_current_thread(cpu) }).await })
            .unwrap_or(false)
    }

    fn addr(&self) -> String {
        self.endpoint.trim_start_matches("http://").to_string()
    }

    /// Hub CPU time so far: the `frt-hub` threads of this process when embedded, else
    /// the hub process's own figure from `/metrics`.
    pub async fn hub_cpu(&self) -> Option<Duration> {
        if self.is_embedded() {
            return thread_cpu("frt-hub");
        }
        let text = self.client.get_text("/metrics").await.ok()?;
        metric(&text, "frt_process_cpu_seconds_total").map(Duration::from_secs_f64)
    }

    /// Hub resident memory, from `/metrics`.
    pub async fn hub_rss(&self) -> Option<u64> {
        let text = self.client.get_text("/metrics").await.ok()?;
        metric(&text, "frt_process_resident_memory_bytes").map(|v| v as u64)
    }

    pub fn shutdown(mut self) {
        if let Some(mut e) = self.embedded.take()
            && let Some(running) = e.running.take()
        {
            let _ = e.runtime.block_on(running.shutdown());
            e.runtime.shutdown_timeout(Duration::from_secs(1));
        }
    }
}

fn bench_client(endpoint: &str, api_key: &str) -> Result<Client, ClientError> {
    Client::new(
        endpoint.to_string(),
        api_key.to_string(),
        &ConnectOptions {
            retries: Some(0),
            request_timeout: Some(Duration::from_secs(30)),
            ..Default::default()
        },
    )
}

fn metric(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

/// User plus system CPU of this process's threads whose name starts with `prefix`.
fn thread_cpu(prefix: &str) -> Option<Duration> {
    let mut ticks = 0u64;
    for entry in std::fs::read_dir("/proc/self/task").ok()? {
        let path = entry.ok()?.path();
        let stat = std::fs::read_to_string(path.join("stat")).ok()?;
        let (head, rest) = stat.split_once(") ")?;
        let comm = head.split_once('(').map(|(_, c)| c).unwrap_or("");
        if !comm.starts_with(prefix) {
            continue;
        }
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let utime: u64 = fields.get(11)?.parse().ok()?;
        let stime: u64 = fields.get(12)?.parse().ok()?;
        ticks += utime + stime;
    }
    Some(Duration::from_millis(ticks * 10))
}

/// Lifts the soft open-file limit to the hard one, for thousands of sockets.
pub fn raise_fd_limit() {
    if let Ok((_, hard)) = rlimit::Resource::NOFILE.get() {
        // Root may raise the hard limit too; anyone may raise the soft one to it.
        let want = hard.max(262_144);
        if rlimit::Resource::NOFILE.set(want, want).is_err() {
            let _ = rlimit::Resource::NOFILE.set(hard, hard);
        }
    }
}

/// Pins the calling thread to one CPU, or to all of them with `None`.
pub fn pin_current_thread(cpu: Option<usize>) -> bool {
    let mut set = rustix::thread::CpuSet::new();
    match cpu {
        Some(c) => set.set(c),
        None => {
            let n = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1);
            for c in 0..n.min(rustix::thread::CpuSet::MAX_CPU) {
                set.set(c);
            }
        }
    }
    rustix::thread::sched_setaffinity(None, &set).is_ok()
}

/// The CPU the calling thread is running on.
pub fn current_cpu() -> usize {
    rustix::thread::sched_getcpu()
}

fn context() -> ModuleContext {
    ModuleContext {
        installation_id: "bench".into(),
        module_key: "frt-bench".into(),
        extension: Default::default(),
    }
}

/// Opens a WebSocket subscription and waits for the hub's confirmation.
async fn subscriber(target: &Target, channel: &str) -> Result<Socket, ClientError> {
    let mut socket =
        crate::client::subscribe::connect_with_buffer(&target.client, &context(), 4096).await?;
    let frame = ClientFrame::Subscribe {
        id: "b".into(),
        channel: channel.into(),
        global: false,
        context: None,
        context_overrides: None,
        token: None,
        replay_seconds: None,
        since: None,
    };
    let text = serde_json::to_string(&frame).map_err(|e| ClientError::Other(e.to_string()))?;
    socket
        .send(Message::Text(text.into()))
        .await
        .map_err(|e| ClientError::ConnectionLost(e.to_string()))?;
    loop {
        match socket.next().await {
            Some(Ok(Message::Text(t))) if t.as_str().contains("\"subscribed\"") => {
                return Ok(socket);
            }
            Some(Ok(Message::Text(t))) if t.as_str().contains("\"error\"") => {
                return Err(ClientError::Protocol(format!(
                    "subscribe refused: {}",
                    t.as_str()
                )));
            }
            Some(Ok(_)) => {}
            _ => {
                return Err(ClientError::ConnectionLost(
                    "subscription socket closed".into(),
                ));
            }
        }
    }
}

/// A payload of `size` bytes that starts with the send time (ns since `origin`).
fn stamped_payload(origin: Instant, size: usize) -> String {
    let mut p = format!("{:020}", origin.elapsed().as_nanos());
    while p.len() < size {
        p.push('x');
    }
    p
}

/// The send time carried by a delivered event frame, if any.
fn stamp_of(frame: &str) -> Option<u64> {
    let at = frame.find("\"payload\":\"")? + 11;
    frame.get(at..at + 20)?.parse().ok()
}

/// Percentiles of a sample, in microseconds.
#[derive(Debug, Clone, Serialize)]
pub struct Percentiles {
    pub samples: usize,
    pub p50_us: f64,
    pub p90_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
    pub mean_us: f64,
}

pub fn percentiles(mut micros: Vec<f64>) -> Percentiles {
    micros.sort_by(|a, b| a.total_cmp(b));
    let n = micros.len().max(1);
    let at = |q: f64| {
        micros
            .get(
                ((q * n as f64).ceil() as usize)
                    .saturating_sub(1)
                    .min(n - 1),
            )
            .copied()
            .unwrap_or(0.0)
    };
    Percentiles {
        samples: micros.len(),
        p50_us: at(0.50),
        p90_us: at(0.90),
        p99_us: at(0.99),
        max_us: micros.last().copied().unwrap_or(0.0),
        mean_us: micros.iter().sum::<f64>() / n as f64,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Progress reporting: the count done so far, read by a progress bar.
pub type Progress = Arc<AtomicU64>;

#[derive(Debug, Clone, Serialize)]
pub struct LatencyResult {
    #[serde(flatten)]
    pub percentiles: Percentiles,
    pub size: usize,
    /// Where the hub and the client ran: "same core" (pinned together) or "os".
    pub placement: String,
}

/// `latency`: one publish at a time (HTTP, keep-alive) to one waiting subscriber.
/// Blocking sockets on one thread, like the shared kit's `latency.py`, so the figure
/// is the hub's and not an async client's wake-ups: take the time, write one publish,
/// read until the subscriber has the whole event, take the time, then read the
/// publisher's reply outside the timed part.
///
/// With an embedded hub and `same_core`, the hub's thread and this thread are pinned
/// to one CPU for the run: on a small virtual machine a wake-up across cores costs
/// far more than the hub's own work (see BENCHMARKS.md), and the OS places the two
/// either way from run to run.
pub fn latency(
    target: &Target,
    samples: usize,
    duration: Option<Duration>,
    size: usize,
    same_core: bool,
    progress: Progress,
) -> Result<LatencyResult, ClientError> {
    let pinned = same_core && {
        let cpu = current_cpu();
        target.pin_hub(Some(cpu)) && pin_current_thread(Some(cpu))
    };
    let result = latency_blocking(
        &target.addr(),
        &target.api_key,
        samples,
        duration,
        size,
        progress,
    );
    if pinned {
        pin_current_thread(None);
        target.pin_hub(None);
    }
    let mut r = result?;
    r.placement = if pinned {
        "same core".into()
    } else {
        "os".into()
    };
    Ok(r)
}

fn latency_blocking(
    addr: &str,
    api_key: &str,
    samples: usize,
    duration: Option<Duration>,
    size: usize,
    progress: Progress,
) -> Result<LatencyResult, ClientError> {
    let io = |e: std::io::Error| ClientError::ConnectionLost(e.to_string());
    let channel = "bench-latency";
    let ctx = encode_context_token(&context());
    let mut sub = raw_idle_subscription(addr, api_key, &ctx, channel)?;
    sub.set_nodelay(true).map_err(io)?;
    sub.set_read_timeout(None).map_err(io)?;
    let mut publisher =
        std::net::TcpStream::connect(addr).map_err(|e| ClientError::Unreachable {
            endpoint: addr.into(),
            detail: e.to_string(),
        })?;
    publisher.set_nodelay(true).map_err(io)?;
    let body = serde_json::json!({"name": channel, "payload": "x".repeat(size)}).to_string();
    let request = format!(
        "POST {PUBLISH_PATH} HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {api_key}\r\n{CONTEXT_HEADER}: {ctx}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut reply = Vec::with_capacity(1024);
    let mut frame = Vec::with_capacity(1024);
    let warmup = (samples / 10).clamp(10, 200);
    let mut micros = Vec::with_capacity(samples.min(10_000_000));
    let began = Instant::now();
    for i in 0..warmup.saturating_add(samples) {
        if i >= warmup && duration.is_some_and(|d| began.elapsed() >= d) {
            break;
        }
        let started = Instant::now();
        publisher.write_all(request.as_bytes()).map_err(io)?;
        read_server_frame(&mut sub, &mut frame)?;
        let took = started.elapsed();
        read_http_reply(&mut publisher, &mut reply)?;
        if i >= warmup {
            micros.push(took.as_secs_f64() * 1e6);
            progress.fetch_add(1, Ordering::Relaxed);
        }
    }
    Ok(LatencyResult {
        percentiles: percentiles(micros),
        size,
        placement: String::new(),
    })
}

/// Reads one WebSocket frame sent by the hub (unmasked). `buf` carries bytes read
/// past the frame over to the next call. One `recv` per frame in the common case:
/// syscalls are expensive on virtual machines, and the timed path should hold as
/// few as the shared kit's client does.
fn read_server_frame(s: &mut std::net::TcpStream, buf: &mut Vec<u8>) -> Result<(), ClientError> {
    let io = |e: std::io::Error| ClientError::ConnectionLost(e.to_string());
    loop {
        if let Some(total) = frame_len(buf)
            && buf.len() >= total
        {
            buf.drain(..total);
            return Ok(());
        }
        // Read straight into the buffer's tail: no scratch buffer to clear each time.
        let filled = buf.len();
        buf.resize(filled + 4096, 0);
        let n = s.read(&mut buf[filled..]).map_err(io)?;
        buf.truncate(filled + n);
        if n == 0 {
            return Err(ClientError::ConnectionLost(
                "the hub closed the subscription".into(),
            ));
        }
    }
}

/// Asks the kernel to timestamp every packet this socket receives.
fn enable_rx_timestamps(s: &std::net::TcpStream) -> bool {
    use std::os::fd::AsRawFd;
    let one: libc::c_int = 1;
    // SAFETY: a valid socket descriptor and a correctly sized int option value.
    let rc = unsafe {
        libc::setsockopt(
            s.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_TIMESTAMPNS,
            (&one as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    rc == 0
}

/// Reads what the socket holds (blocking until something does) and returns the
/// kernel's receive time of that data.
fn recv_with_timestamp(
    s: &std::net::TcpStream,
    buf: &mut [u8],
) -> Result<std::time::SystemTime, ClientError> {
    use std::os::fd::AsRawFd;
    let mut control = [0u64; 16];
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    // SAFETY: msghdr is plain data; every pointer in it points into live buffers of
    // the stated lengths for the duration of the call.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.as_mut_ptr().cast();
    msg.msg_controllen = std::mem::size_of_val(&control) as _;
    // SAFETY: see above; the descriptor is a connected socket we own.
    let n = unsafe { libc::recvmsg(s.as_raw_fd(), &mut msg, 0) };
    if n <= 0 {
        return Err(ClientError::ConnectionLost(format!(
            "reading a subscription: {}",
            std::io::Error::last_os_error()
        )));
    }
    // SAFETY: CMSG_* walk the control buffer the kernel just filled, within
    // msg_controllen; the timestamp is read unaligned.
    unsafe {
        let mut cmsg = libc::CMSG_FIRSTHDR(&msg);
        while !cmsg.is_null() {
            if (*cmsg).cmsg_level == libc::SOL_SOCKET && (*cmsg).cmsg_type == libc::SCM_TIMESTAMPNS
            {
                let ts: libc::timespec = std::ptr::read_unaligned(libc::CMSG_DATA(cmsg).cast());
                return Ok(
                    std::time::UNIX_EPOCH + Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
                );
            }
            cmsg = libc::CMSG_NXTHDR(&msg, cmsg);
        }
    }
    Err(ClientError::Other(
        "no receive timestamp came with the event".into(),
    ))
}

/// The length of the server frame at the start of `buf`, once its header is there.
fn frame_len(buf: &[u8]) -> Option<usize> {
    let short = usize::from(*buf.get(1)? & 0x7f);
    match short {
        126 => Some(4 + usize::from(u16::from_be_bytes([*buf.get(2)?, *buf.get(3)?]))),
        127 => {
            let mut b = [0u8; 8];
            b.copy_from_slice(buf.get(2..10)?);
            Some(10 + u64::from_be_bytes(b) as usize)
        }
        n => Some(2 + n),
    }
}

/// Reads one HTTP/1.1 response with a Content-Length body; errors unless it is a 200.
fn read_http_reply(s: &mut std::net::TcpStream, buf: &mut Vec<u8>) -> Result<(), ClientError> {
    let io = |e: std::io::Error| ClientError::ConnectionLost(e.to_string());
    buf.clear();
    let mut chunk = [0u8; 2048];
    loop {
        if let Some(end) = find(buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            let len: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap_or(0))
                })
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let n = s.read(&mut chunk).map_err(io)?;
                if n == 0 {
                    return Err(ClientError::ConnectionLost(
                        "the hub closed the publish connection".into(),
                    ));
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            if !head.starts_with("HTTP/1.1 200") {
                return Err(ClientError::Protocol(format!(
                    "publish refused: {} {}",
                    head.lines().next().unwrap_or(""),
                    String::from_utf8_lossy(&buf[end + 4..end + 4 + len])
                )));
            }
            return Ok(());
        }
        let n = s.read(&mut chunk).map_err(io)?;
        if n == 0 {
            return Err(ClientError::ConnectionLost(
                "the hub closed the publish connection".into(),
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ThroughputResult {
    pub msgs: u64,
    pub size: usize,
    pub events_per_s: f64,
    pub elapsed_s: f64,
    pub hub_cpu_us_per_event: Option<f64>,
}

/// `throughput`: an ordered, acknowledged stream (what `--lines` uses) to one
/// subscriber; events per second from first send to last delivery.
pub async fn throughput(
    target: &Target,
    via: Via,
    budget: Budget,
    size: usize,
    progress: Progress,
) -> Result<ThroughputResult, ClientError> {
    let channel = "bench-throughput";
    let mut sub = subscriber(target, channel).await?;
    let (expected_tx, mut expected) = tokio::sync::watch::channel(budget.msgs);
    let reader = tokio::spawn({
        let progress = progress.clone();
        async move {
            let mut got = 0u64;
            let mut last = Instant::now();
            while got < *expected.borrow_and_update() {
                tokio::select! {
                    msg = sub.next() => match msg {
                        Some(Ok(Message::Text(_))) => {
                            got += 1;
                            last = Instant::now();
                            progress.fetch_add(1, Ordering::Relaxed);
                        }
                        Some(Ok(_)) => {}
                        _ => break,
                    },
                    _ = expected.changed() => {}
                }
            }
            (got, last)
        }
    });
    let cpu_before = target.hub_cpu().await;
    let payload = "x".repeat(size);
    let started = Instant::now();
    let msgs = publish_all(target, channel, via, budget, |_| payload.clone()).await?;
    let _ = expected_tx.send(msgs);
    let (got, last) = reader
        .await
        .map_err(|e| ClientError::Other(e.to_string()))?;
    if got < msgs {
        return Err(ClientError::Other(format!(
            "the subscriber received {got} of {msgs} events"
        )));
    }
    let elapsed = last.duration_since(started).as_secs_f64();
    let cpu = cpu_delta(cpu_before, target.hub_cpu().await);
    Ok(ThroughputResult {
        msgs,
        size,
        events_per_s: msgs as f64 / elapsed,
        elapsed_s: elapsed,
        hub_cpu_us_per_event: cpu.map(|c| c.as_secs_f64() * 1e6 / msgs as f64),
    })
}

fn cpu_delta(before: Option<Duration>, after: Option<Duration>) -> Option<Duration> {
    Some(after?.saturating_sub(before?))
}

/// How the load generator publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Via {
    /// The ordered, acknowledged WebSocket stream `frt publish --lines` uses
    Stream,
    /// HTTP POSTs pipelined on one keep-alive connection, as the shared kit's
    /// fanout.py sends them
    Http,
}

/// Publishes the whole budget on `channel` the chosen way; returns how many were sent.
async fn publish_all(
    target: &Target,
    channel: &str,
    via: Via,
    budget: Budget,
    payload: impl FnMut(u64) -> String,
) -> Result<u64, ClientError> {
    match via {
        Via::Stream => {
            let mut publisher = StreamPublisher::open(
                &target.client,
                StreamTarget {
                    channel: channel.into(),
                    global: false,
                    context: context(),
                    overrides: None,
                    token: None,
                },
            )
            .await?;
            let sent = stream_publish(&mut publisher, budget, payload).await;
            publisher.close().await;
            sent
        }
        Via::Http => http_pipeline(target, channel, budget, payload).await,
    }
}

/// Pipelined HTTP/1.1 publishes on one connection, at most a window unanswered.
async fn http_pipeline(
    target: &Target,
    channel: &str,
    budget: Budget,
    mut payload: impl FnMut(u64) -> String,
) -> Result<u64, ClientError> {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
    const WINDOW: u64 = 2000;
    let io = |e: std::io::Error| ClientError::ConnectionLost(e.to_string());
    let stream = tokio::net::TcpStream::connect(target.addr())
        .await
        .map_err(|e| ClientError::Unreachable {
            endpoint: target.endpoint.clone(),
            detail: e.to_string(),
        })?;
    stream.set_nodelay(true).map_err(io)?;
    let (read_half, write_half) = stream.into_split();
    let (acked_tx, mut acked_rx) = tokio::sync::watch::channel(0u64);
    let reader = tokio::spawn(async move {
        let mut r = tokio::io::BufReader::with_capacity(64 * 1024, read_half);
        let mut line = String::new();
        let mut acked = 0u64;
        loop {
            let mut status_ok = false;
            let mut length = 0usize;
            let mut first = true;
            loop {
                line.clear();
                if r.read_line(&mut line).await? == 0 {
                    return Ok::<u64, std::io::Error>(acked);
                }
                if first {
                    status_ok = line.starts_with("HTTP/1.1 200");
                    first = false;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0u8; length];
            r.read_exact(&mut body).await?;
            if !status_ok {
                return Err(std::io::Error::other(format!(
                    "publish refused: {}",
                    String::from_utf8_lossy(&body)
                )));
            }
            acked += 1;
            let _ = acked_tx.send(acked);
        }
    });
    let mut w = tokio::io::BufWriter::with_capacity(256 * 1024, write_half);
    let head = format!(
        "POST {PUBLISH_PATH} HTTP/1.1\r\nhost: {}\r\nauthorization: Bearer {}\r\n{CONTEXT_HEADER}: {}\r\ncontent-type: application/json\r\n",
        target.addr(),
        target.api_key,
        encode_context_token(&context())
    );
    let started = Instant::now();
    let mut msgs = budget.msgs;
    let mut sent = 0u64;
    while sent < msgs {
        if budget.duration.is_some_and(|d| started.elapsed() >= d) {
            msgs = sent;
            break;
        }
        if sent - *acked_rx.borrow() >= WINDOW {
            w.flush().await.map_err(io)?;
            while sent - *acked_rx.borrow_and_update() >= WINDOW / 2 {
                if acked_rx.changed().await.is_err() {
                    break;
                }
            }
        }
        let body = serde_json::json!({"name": channel, "payload": payload(sent)}).to_string();
        w.write_all(head.as_bytes()).await.map_err(io)?;
        w.write_all(format!("content-length: {}\r\n\r\n", body.len()).as_bytes())
            .await
            .map_err(io)?;
        w.write_all(body.as_bytes()).await.map_err(io)?;
        sent += 1;
    }
    w.flush().await.map_err(io)?;
    while *acked_rx.borrow_and_update() < msgs {
        if acked_rx.changed().await.is_err() {
            break;
        }
    }
    drop(w);
    let acked = *acked_rx.borrow();
    reader.abort();
    if acked < msgs {
        return Err(ClientError::ConnectionLost(format!(
            "{acked} of {msgs} publishes were answered"
        )));
    }
    Ok(msgs)
}

/// How much a scenario sends: a message count, and optionally a time limit.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub msgs: u64,
    pub duration: Option<Duration>,
}

/// Sends events over the stream with at most a window unacknowledged, until the
/// budget is spent; returns how many were sent.
async fn stream_publish(
    publisher: &mut StreamPublisher,
    budget: Budget,
    mut payload: impl FnMut(u64) -> String,
) -> Result<u64, ClientError> {
    const WINDOW: u64 = 2048;
    let started = Instant::now();
    let mut msgs = budget.msgs;
    let mut sent = 0u64;
    while sent < msgs || publisher.in_flight() > 0 {
        if budget.duration.is_some_and(|d| started.elapsed() >= d) {
            msgs = sent;
        }
        while sent < msgs && publisher.in_flight() < WINDOW {
            publisher.feed(payload(sent)).await?;
            sent += 1;
        }
        publisher.flush().await?;
        let low = if sent < msgs { WINDOW / 2 } else { 0 };
        while publisher.in_flight() > low {
            let ack = publisher.next_ack().await?;
            ack.result?;
        }
    }
    Ok(sent)
}

#[derive(Debug, Clone, Serialize)]
pub struct FanoutResult {
    pub subs: usize,
    pub msgs: u64,
    pub size: usize,
    pub delivered: u64,
    pub deliveries_per_s: f64,
    pub elapsed_s: f64,
    pub delivery_latency: Percentiles,
    pub hub_cpu_us_per_delivery: Option<f64>,
}

/// `fanout`: one publisher, `subs` subscribers on one key.
pub async fn fanout(
    target: &Target,
    via: Via,
    subs: usize,
    budget: Budget,
    size: usize,
    progress: Progress,
) -> Result<FanoutResult, ClientError> {
    let channel = "bench-fanout";
    let origin = Instant::now();
    let (expected_tx, expected) = tokio::sync::watch::channel(budget.msgs);
    let mut readers = Vec::with_capacity(subs);
    for i in 0..subs {
        let mut sub = subscriber(target, channel).await?;
        let progress = progress.clone();
        // Sample latencies on enough subscribers for ~200,000 samples at most, so
        // recording stays cheap and a single publish to many is still measured.
        let every =
            (subs as u64 * budget.msgs.min(1 << 32) / 200_000).clamp(1, subs as u64 / 10 + 1);
        let sample = (i as u64).is_multiple_of(every);
        let mut expected = expected.clone();
        readers.push(tokio::spawn(async move {
            let mut got = 0u64;
            let mut lat = Vec::new();
            let mut last = Instant::now();
            while got < *expected.borrow_and_update() {
                tokio::select! {
                    msg = sub.next() => match msg {
                        Some(Ok(Message::Text(t))) => {
                            got += 1;
                            progress.fetch_add(1, Ordering::Relaxed);
                            last = Instant::now();
                            if sample && let Some(sent) = stamp_of(t.as_str()) {
                                let now = origin.elapsed().as_nanos() as u64;
                                lat.push(now.saturating_sub(sent) as f64 / 1000.0);
                            }
                        }
                        Some(Ok(_)) => {}
                        _ => break,
                    },
                    _ = expected.changed() => {}
                }
            }
            (got, last, lat)
        }));
    }
    let cpu_before = target.hub_cpu().await;
    let started = Instant::now();
    let msgs = publish_all(target, channel, via, budget, |_| {
        stamped_payload(origin, size.max(20))
    })
    .await?;
    let _ = expected_tx.send(msgs);
    let mut delivered = 0u64;
    let mut last = started;
    let mut lat = Vec::new();
    for r in readers {
        let (got, l, mut s) = r.await.map_err(|e| ClientError::Other(e.to_string()))?;
        delivered += got;
        last = last.max(l);
        lat.append(&mut s);
    }
    let cpu = cpu_delta(cpu_before, target.hub_cpu().await);
    let expected = msgs * subs as u64;
    if delivered < expected {
        return Err(ClientError::Other(format!(
            "{delivered} of {expected} deliveries arrived"
        )));
    }
    let elapsed = last.duration_since(started).as_secs_f64();
    Ok(FanoutResult {
        subs,
        msgs,
        size,
        delivered,
        deliveries_per_s: delivered as f64 / elapsed,
        elapsed_s: elapsed,
        delivery_latency: percentiles(lat),
        hub_cpu_us_per_delivery: cpu.map(|c| c.as_secs_f64() * 1e6 / delivered as f64),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct FanoutOnceResult {
    pub subs: usize,
    pub msgs: u64,
    pub size: usize,
    pub delivered: u64,
    /// Time from the publish until each subscriber had the event.
    pub delivery_latency: Percentiles,
}

/// `fanout --msgs 1`: `subs` subscriptions, each on its own bare socket, and one
/// publish to all of them. Nobody waits on the sockets while the hub delivers (on
/// loopback the sender pays for every receiver it wakes, which would measure this
/// client, not the hub): once the hub has answered the publish, each socket is read
/// and the kernel's receive timestamp (SO_TIMESTAMPNS) says when the event arrived.
pub async fn fanout_once(
    target: &Target,
    subs: usize,
    size: usize,
    progress: Progress,
) -> Result<FanoutOnceResult, ClientError> {
    let addr = target.addr();
    let api_key = target.api_key.clone();
    tokio::task::spawn_blocking(move || -> Result<FanoutOnceResult, ClientError> {
        let io = |e: std::io::Error| ClientError::ConnectionLost(e.to_string());
        let ctx = encode_context_token(&context());
        let channel = "bench-once";
        let mut socks = Vec::with_capacity(subs);
        for _ in 0..subs {
            let s = raw_idle_subscription(&addr, &api_key, &ctx, channel)?;
            if !enable_rx_timestamps(&s) {
                return Err(ClientError::Other("the kernel refused SO_TIMESTAMPNS on a socket".into()));
            }
            socks.push(s);
        }
        std::thread::sleep(Duration::from_millis(200));
        let mut publisher = std::net::TcpStream::connect(&addr).map_err(io)?;
        publisher.set_nodelay(true).map_err(io)?;
        let body = serde_json::json!({"name": channel, "payload": "x".repeat(size)}).to_string();
        let request = format!(
            "POST {PUBLISH_PATH} HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {api_key}\r\n{CONTEXT_HEADER}: {ctx}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        let started = std::time::SystemTime::now();
        publisher.write_all(request.as_bytes()).map_err(io)?;
        let mut reply = Vec::new();
        read_http_reply(&mut publisher, &mut reply)?;
        std::thread::sleep(Duration::from_millis(100));
        let mut micros = Vec::with_capacity(subs);
        let mut buf = vec![0u8; 4096];
        for s in &socks {
            let arrived = recv_with_timestamp(s, &mut buf)?;
            let us = arrived.duration_since(started).map(|d| d.as_secs_f64() * 1e6).unwrap_or(0.0);
            micros.push(us);
            progress.fetch_add(1, Ordering::Relaxed);
        }
        Ok(FanoutOnceResult {
            subs,
            msgs: 1,
            size,
            delivered: micros.len() as u64,
            delivery_latency: percentiles(micros),
        })
    })
    .await
    .map_err(|e| ClientError::Other(e.to_string()))?
}

#[derive(Debug, Clone, Serialize)]
pub struct ConnectionsResult {
    pub conns: usize,
    pub hub_bytes_per_subscription: Option<f64>,
    pub subscribes_per_s: f64,
}

/// `connections`: `conns` idle subscriptions, each its own connection and key; hub
/// memory per subscription from the hub's resident size. The load side holds bare
/// sockets (no buffers), so in-process figures are the hub's.
pub async fn connections(
    target: &Target,
    conns: usize,
    progress: Progress,
) -> Result<ConnectionsResult, ClientError> {
    let before = target.hub_rss().await;
    let addr = target.addr();
    let api_key = target.api_key.clone();
    let ctx = encode_context_token(&context());
    let started = Instant::now();
    let held =
        tokio::task::spawn_blocking(move || -> Result<Vec<std::net::TcpStream>, ClientError> {
            let mut held = Vec::with_capacity(conns);
            for i in 0..conns {
                held.push(raw_idle_subscription(
                    &addr,
                    &api_key,
                    &ctx,
                    &format!("idle-{i}"),
                )?);
                progress.fetch_add(1, Ordering::Relaxed);
            }
            Ok(held)
        })
        .await
        .map_err(|e| ClientError::Other(e.to_string()))??;
    let rate = conns as f64 / started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = target.hub_rss().await;
    drop(held);
    Ok(ConnectionsResult {
        conns,
        hub_bytes_per_subscription: match (before, after) {
            (Some(b), Some(a)) => Some(a.saturating_sub(b) as f64 / conns as f64),
            _ => None,
        },
        subscribes_per_s: rate,
    })
}

/// A subscription on a bare blocking socket: handshake, one masked subscribe frame,
/// wait for the confirmation, then nothing.
fn raw_idle_subscription(
    addr: &str,
    api_key: &str,
    ctx: &str,
    channel: &str,
) -> Result<std::net::TcpStream, ClientError> {
    let mut s = std::net::TcpStream::connect(addr).map_err(|e| ClientError::Unreachable {
        endpoint: addr.into(),
        detail: e.to_string(),
    })?;
    let io = |e: std::io::Error| ClientError::ConnectionLost(e.to_string());
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(io)?;
    let req = format!(
        "GET {SUBSCRIBE_PATH} HTTP/1.1\r\nhost: {addr}\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-version: 13\r\nsec-websocket-key: ZnJ0LWJlbmNoLWtleS0wMQ==\r\nauthorization: Bearer {api_key}\r\n{CONTEXT_HEADER}: {ctx}\r\n\r\n"
    );
    s.write_all(req.as_bytes()).map_err(io)?;
    let mut seen = Vec::new();
    let mut chunk = [0u8; 1024];
    // Like a browser: wait for the upgrade before speaking WebSocket.
    while find(&seen, b"\r\n\r\n").is_none() {
        let n = s.read(&mut chunk).map_err(io)?;
        if n == 0 {
            return Err(ClientError::ConnectionLost(format!(
                "the hub refused the WebSocket upgrade: {}",
                String::from_utf8_lossy(&seen)
            )));
        }
        seen.extend_from_slice(&chunk[..n]);
    }
    if !seen.starts_with(b"HTTP/1.1 101") {
        return Err(ClientError::Protocol(format!(
            "the hub refused the WebSocket upgrade: {}",
            String::from_utf8_lossy(&seen).lines().next().unwrap_or("")
        )));
    }
    let text = serde_json::json!({"type": "subscribe", "id": "i", "channel": channel}).to_string();
    s.write_all(&masked_text_frame(text.as_bytes()))
        .map_err(io)?;
    while find(&seen, b"\"subscribed\"").is_none() {
        let n = s.read(&mut chunk).map_err(io)?;
        if n == 0 {
            return Err(ClientError::ConnectionLost(format!(
                "hub closed an idle subscription: {}",
                String::from_utf8_lossy(&seen)
            )));
        }
        seen.extend_from_slice(&chunk[..n]);
    }
    Ok(s)
}

/// A client text frame (client frames must be masked; the mask here is fixed).
fn masked_text_frame(payload: &[u8]) -> Vec<u8> {
    let mask = [0x37u8, 0xfa, 0x21, 0x3d];
    let mut f = vec![0x81u8];
    match payload.len() {
        n if n < 126 => f.push(0x80 | n as u8),
        n if n < 65536 => {
            f.push(0x80 | 126);
            f.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            f.push(0x80 | 127);
            f.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    f.extend_from_slice(&mask);
    f.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_the_right_ranks() {
        let p = percentiles((1..=100).map(f64::from).collect());
        assert_eq!(
            (p.p50_us, p.p90_us, p.p99_us, p.max_us),
            (50.0, 90.0, 99.0, 100.0)
        );
    }

    #[test]
    fn stamps_round_trip() {
        let origin = Instant::now();
        let p = stamped_payload(origin, 100);
        assert_eq!(p.len(), 100);
        let frame = format!(
            "{{\"type\":\"event\",\"id\":\"b\",\"eventId\":\"x\",\"eventTimestamp\":\"1\",\"payload\":\"{p}\"}}"
        );
        assert!(stamp_of(&frame).is_some());
    }
}
