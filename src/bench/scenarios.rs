//! What each scenario sends and measures.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde::Serialize;
use tokio_tungstenite::tungstenite::Message;

use super::stats::{Percentiles, percentiles};
use super::target::{Target, cpu_delta};
use super::wire::{
    RawPublish, enable_rx_timestamps, http_pipeline, raw_idle_subscription, read_http_reply,
    read_server_frame, recv_with_timestamp, subscriber,
};
use crate::Error;
use crate::channel::ModuleContext;
use crate::cli::Via;
use crate::client::publisher::{StreamPublisher, StreamTarget};
use crate::process::{current_cpu, pin_current_thread};

pub(super) fn context() -> ModuleContext {
    ModuleContext::new("bench", "frt-bench")
}

/// A payload of `size` bytes that starts with the send time (ns since `origin`).
pub(super) fn stamped_payload(origin: Instant, size: usize) -> String {
    let mut p = format!("{:020}", origin.elapsed().as_nanos());
    while p.len() < size {
        p.push('x');
    }
    p
}

/// The send time carried by a delivered event frame, if any.
pub(super) fn stamp_of(frame: &str) -> Option<u64> {
    let at = frame.find("\"payload\":\"")? + 11;
    frame.get(at..at + 20)?.parse().ok()
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
) -> Result<LatencyResult, Error> {
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

pub(super) fn latency_blocking(
    addr: &str,
    api_key: &str,
    samples: usize,
    duration: Option<Duration>,
    size: usize,
    progress: Progress,
) -> Result<LatencyResult, Error> {
    let io = |e: std::io::Error| Error::ConnectionLost(e.to_string());
    let channel = "bench-latency";
    let ctx = context().to_header_value();
    let mut sub = raw_idle_subscription(addr, api_key, &ctx, channel)?;
    sub.set_nodelay(true).map_err(io)?;
    sub.set_read_timeout(None).map_err(io)?;
    let mut publisher = std::net::TcpStream::connect(addr).map_err(|e| Error::Unreachable {
        endpoint: addr.into(),
        detail: e.to_string(),
    })?;
    publisher.set_nodelay(true).map_err(io)?;
    let request = RawPublish::new(addr, api_key).request(channel, &"x".repeat(size));
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
        publisher.write_all(&request).map_err(io)?;
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
) -> Result<ThroughputResult, Error> {
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
    let (got, last) = reader.await.map_err(|e| Error::Other(e.to_string()))?;
    if got < msgs {
        return Err(Error::Other(format!(
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

/// Publishes the whole budget on `channel` the chosen way; returns how many were sent.
pub(super) async fn publish_all(
    target: &Target,
    channel: &str,
    via: Via,
    budget: Budget,
    payload: impl FnMut(u64) -> String,
) -> Result<u64, Error> {
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

/// How much a scenario sends: a message count, and optionally a time limit.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub msgs: u64,
    pub duration: Option<Duration>,
}

/// Sends events over the stream with at most a window unacknowledged, until the
/// budget is spent; returns how many were sent.
pub(super) async fn stream_publish(
    publisher: &mut StreamPublisher,
    budget: Budget,
    mut payload: impl FnMut(u64) -> String,
) -> Result<u64, Error> {
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
) -> Result<FanoutResult, Error> {
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
        let (got, l, mut s) = r.await.map_err(|e| Error::Other(e.to_string()))?;
        delivered += got;
        last = last.max(l);
        lat.append(&mut s);
    }
    let cpu = cpu_delta(cpu_before, target.hub_cpu().await);
    let expected = msgs * subs as u64;
    if delivered < expected {
        return Err(Error::Other(format!(
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
) -> Result<FanoutOnceResult, Error> {
    let addr = target.addr();
    let api_key = target.api_key.clone();
    tokio::task::spawn_blocking(move || -> Result<FanoutOnceResult, Error> {
        let io = |e: std::io::Error| Error::ConnectionLost(e.to_string());
        let ctx = context().to_header_value();
        let channel = "bench-once";
        let mut socks = Vec::with_capacity(subs);
        for _ in 0..subs {
            let s = raw_idle_subscription(&addr, &api_key, &ctx, channel)?;
            if !enable_rx_timestamps(&s) {
                return Err(Error::Other(
                    "the kernel refused SO_TIMESTAMPNS on a socket".into(),
                ));
            }
            socks.push(s);
        }
        std::thread::sleep(Duration::from_millis(200));
        let mut publisher = std::net::TcpStream::connect(&addr).map_err(io)?;
        publisher.set_nodelay(true).map_err(io)?;
        let request = RawPublish::new(&addr, &api_key).request(channel, &"x".repeat(size));
        let started = std::time::SystemTime::now();
        publisher.write_all(&request).map_err(io)?;
        let mut reply = Vec::new();
        read_http_reply(&mut publisher, &mut reply)?;
        std::thread::sleep(Duration::from_millis(100));
        let mut micros = Vec::with_capacity(subs);
        let mut buf = vec![0u8; 4096];
        for s in &socks {
            let arrived = recv_with_timestamp(s, &mut buf)?;
            let us = arrived
                .duration_since(started)
                .map(|d| d.as_secs_f64() * 1e6)
                .unwrap_or(0.0);
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
    .map_err(|e| Error::Other(e.to_string()))?
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
) -> Result<ConnectionsResult, Error> {
    let before = target.hub_rss().await;
    let addr = target.addr();
    let api_key = target.api_key.clone();
    let ctx = context().to_header_value();
    let started = Instant::now();
    let held = tokio::task::spawn_blocking(move || -> Result<Vec<std::net::TcpStream>, Error> {
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
    .map_err(|e| Error::Other(e.to_string()))??;
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

#[cfg(test)]
mod tests {
    use super::*;

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
