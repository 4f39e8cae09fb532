//! Counters and gauges, rendered as Prometheus text at `/metrics`.

use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

#[derive(Default)]
pub struct Metrics {
    pub connections: AtomicI64,
    pub subscriptions: AtomicI64,
    pub detached_subscriptions: AtomicI64,
    pub events_published: AtomicU64,
    pub events_delivered: AtomicU64,
    pub publishes_no_subscriber: AtomicU64,
    pub subscribers_dropped_slow: AtomicU64,
    pub rate_limited: AtomicU64,
    pub tokens_signed: AtomicU64,
    pub tokens_rejected: AtomicU64,
}

impl Metrics {
    pub fn inc(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub fn gauge(gauge: &AtomicI64, delta: i64) {
        gauge.fetch_add(delta, Ordering::Relaxed);
    }

    /// Prometheus text exposition format, version 0.0.4.
    pub fn render(&self, channel_keys: usize) -> String {
        let mut out = String::with_capacity(2048);
        let g = |v: &AtomicI64| v.load(Ordering::Relaxed).max(0) as u64;
        let c = |v: &AtomicU64| v.load(Ordering::Relaxed);
        let rows: [(&str, &str, &str, u64); 12] = [
            (
                "frt_connections",
                "gauge",
                "Open WebSocket connections.",
                g(&self.connections),
            ),
            (
                "frt_subscriptions",
                "gauge",
                "Live subscriptions.",
                g(&self.subscriptions),
            ),
            (
                "frt_subscriptions_detached",
                "gauge",
                "Subscriptions whose socket closed, held for the resume grace period.",
                g(&self.detached_subscriptions),
            ),
            (
                "frt_channel_keys",
                "gauge",
                "Live channel keys.",
                channel_keys as u64,
            ),
            (
                "frt_events_published_total",
                "counter",
                "Events accepted for at least one subscriber.",
                c(&self.events_published),
            ),
            (
                "frt_events_delivered_total",
                "counter",
                "Event frames written to subscriber sockets.",
                c(&self.events_delivered),
            ),
            (
                "frt_publishes_no_subscriber_total",
                "counter",
                "Publishes that found no subscriber (null result).",
                c(&self.publishes_no_subscriber),
            ),
            (
                "frt_subscribers_dropped_slow_total",
                "counter",
                "Connections cut because their outbound queue overflowed.",
                c(&self.subscribers_dropped_slow),
            ),
            (
                "frt_rate_limited_total",
                "counter",
                "Operations refused or delayed by the rate limit.",
                c(&self.rate_limited),
            ),
            (
                "frt_tokens_signed_total",
                "counter",
                "Tokens signed.",
                c(&self.tokens_signed),
            ),
            (
                "frt_tokens_rejected_total",
                "counter",
                "Requests refused for their token.",
                c(&self.tokens_rejected),
            ),
            (
                "frt_process_resident_memory_bytes",
                "gauge",
                "Resident set size of the hub process.",
                crate::process::resident_bytes(),
            ),
        ];
        for (name, kind, help, value) in rows {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
        let _ = writeln!(
            out,
            "# HELP frt_process_cpu_seconds_total User and system CPU time of the hub process.\n# TYPE frt_process_cpu_seconds_total counter\nfrt_process_cpu_seconds_total {:.2}",
            crate::process::process_cpu().as_secs_f64()
        );
        out
    }
}
