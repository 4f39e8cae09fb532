//! The broker's publish paths in isolation, with and without near-miss hints in play.
//!
//!     cargo bench --bench broker
//!
//! Prints nanoseconds per publish for: a key with a subscriber (the hot path), the
//! same with 1,000 other live keys of the same name in the hint index, a publish that
//! finds nobody (hints computed) with no near keys, and with 1,000 near keys. The hot
//! path must not change with the index; hints are only paid for by misses.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use frt::channel::{ChannelKey, ModuleContext};
use frt::hub::broker::{
    Broker, BrokerConfig, BufferLimits, Joining, Numbering, PublishTarget, Replay,
};
use frt::hub::metrics::Metrics;
use frt::hub::outbox::{OutFrame, Outbox, Wakes};

fn broker() -> Arc<Broker> {
    Arc::new(Broker::new(
        BrokerConfig {
            limits: BufferLimits {
                replay_window: Duration::from_secs(300),
                replay_max_events: 1024,
                replay_max_bytes: 64 << 20,
                grace: Duration::ZERO,
            },
            clock: Arc::new(frt::hub::clock::SystemClock),
            numbering: Numbering::Local,
        },
        1,
        Arc::new(Metrics::default()),
    ))
}

fn key(issue: usize) -> ChannelKey {
    let ctx = ModuleContext {
        installation_id: "bench".into(),
        module_key: "jira:issuePanel".into(),
        extension: [("issue".to_string(), issue.to_string())]
            .into_iter()
            .collect(),
    };
    ChannelKey::scoped("orders", &ctx, None, None).expect("key")
}

/// Subscribes on `key` with an outbox that is drained now and then.
fn subscribe(b: &Arc<Broker>, k: ChannelKey) -> Arc<Outbox> {
    let outbox = Arc::new(Outbox::new(1 << 20, usize::MAX));
    let reservation = b.reserve(k);
    b.join(
        reservation,
        Joining {
            outbox: outbox.clone(),
            id: "s".into(),
            replay: Replay::default(),
            backlog: None,
        },
    );
    outbox
}

fn time(label: &str, n: u32, mut f: impl FnMut()) {
    for _ in 0..n / 10 {
        f();
    }
    let started = Instant::now();
    for _ in 0..n {
        f();
    }
    let ns = started.elapsed().as_nanos() as f64 / f64::from(n);
    println!("{label:<58} {ns:>8.0} ns/publish");
}

/// Times publishes to a key with one subscriber, among `near` other live keys.
fn hot_path(label: &str, n: u32, near: usize, payload: &str) {
    let b = broker();
    let k0 = Arc::new(key(0));
    let outbox = subscribe(&b, key(0));
    let _near: Vec<Arc<Outbox>> = (1..=near).map(|j| subscribe(&b, key(j))).collect();
    let mut drained = std::collections::VecDeque::<OutFrame>::new();
    let mut i = 0u32;
    time(label, n, || {
        let mut wakes = Wakes::default();
        // A fresh target each time: the key is looked up, as for an HTTP publish.
        let mut target = PublishTarget::new(k0.clone());
        black_box(b.publish(&mut target, payload, &mut wakes));
        i += 1;
        if i.is_multiple_of(512) {
            outbox.take(&mut drained);
            drained.clear();
        }
    });
}

/// Times publishes that find nobody, hints included, among `near` live keys.
fn miss_path(label: &str, n: u32, near: usize, payload: &str) {
    let b = broker();
    let k0 = Arc::new(key(0));
    let _near: Vec<Arc<Outbox>> = (1..=near).map(|j| subscribe(&b, key(j))).collect();
    time(label, n, || {
        let mut wakes = Wakes::default();
        let mut target = PublishTarget::new(k0.clone());
        if b.publish(&mut target, payload, &mut wakes).is_none() {
            black_box(b.publish_hints(&k0));
        }
    });
}

fn main() {
    let payload = "x".repeat(100);
    let n = 200_000;
    hot_path("publish, 1 subscriber, no other keys", n, 0, &payload);
    hot_path(
        "publish, 1 subscriber, 1,000 near keys indexed",
        n,
        1000,
        &payload,
    );
    miss_path("miss + hints, no near keys", n, 0, &payload);
    miss_path("miss + hints, 10 near keys", n, 10, &payload);
    miss_path("miss + hints, 1,000 near keys", n / 20, 1000, &payload);
}
