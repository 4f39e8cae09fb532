//! A cluster treats what Redis says as input: a Redis that lost its state (FLUSHALL),
//! damaged or hostile keys, an evicting Redis; every event reaches each subscription
//! once, even when a resume's read of the stream overtakes the live push of the same
//! event; every member's key files sign what every member accepts; every cluster
//! metric moves. Each test starts its own `redis-server` on a free loopback port.

mod common;

use std::time::{Duration, Instant};

use common::*;
use frt::client::{Publish, StreamItem};
use frt::hub::engine::redis::formats::keys;

fn cluster(redis: &TestRedis, n: usize) -> Vec<TestHub> {
    let url = redis.url();
    (0..n)
        .map(|_| TestHub::start(&["--redis", url.as_str()]))
        .collect()
}

fn publish(channel: &str, payload: &str) -> Publish {
    Publish::new(channel, payload, ctx("i1", "m", &[]))
}

fn stream_digest(channel: &str) -> String {
    let key = frt::channel::ChannelKey::scoped(channel, &ctx("i1", "m", &[]), None, None).unwrap();
    frt::hub::engine::redis::formats::digest(&key)
}

/// The RESP answer's integer or bulk text, trimmed.
fn resp_value(answer: &str) -> String {
    answer
        .lines()
        .find(|l| !l.starts_with('$') && !l.starts_with('*'))
        .unwrap_or_default()
        .trim_start_matches([':', '+'])
        .to_string()
}

/// FLUSHALL while both hubs hold subscribers and a publisher alternates between
/// them: no publish is answered null, every acknowledged event reaches both
/// subscribers, the hubs converge on one new epoch (a resume on either recovers) and
/// say so in their notices and `/healthz`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_that_lost_its_state_is_noticed_and_the_hubs_start_over_together() {
    let redis = TestRedis::start();
    let hubs = cluster(&redis, 2);
    let clients: Vec<_> = hubs.iter().map(|h| h.client()).collect();
    let mut subs = Vec::new();
    for c in &clients {
        subs.push(subscribed(c, sub_opts("flush", ctx("i1", "m", &[]))).await);
    }
    let mut acked = Vec::new();
    let mut refused = 0;
    let mut flushed_at = None;
    for n in 0..4000 {
        if n == 50 {
            redis.command(&["FLUSHALL"]);
            flushed_at = Some(acked.len());
        }
        let client = &clients[n % 2];
        match client.publish(&publish("flush", &n.to_string())).await {
            Ok(r) => {
                let id = r
                    .event_id
                    .unwrap_or_else(|| panic!("publish {n} answered null"));
                acked.push((n.to_string(), id));
            }
            Err(e) => {
                assert!(
                    e.to_string().contains("CLUSTER_UNAVAILABLE") || e.to_string().contains("503"),
                    "{e}"
                );
                refused += 1;
            }
        }
        if flushed_at.is_some_and(|f| acked.len() >= f + 100) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(
        acked.len() >= 150,
        "publishes came back after the flush: {refused} refused"
    );
    let want: Vec<String> = acked.iter().map(|(p, _)| p.clone()).collect();
    for sub in &mut subs {
        let mut got = Vec::new();
        let mut notices = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while got.len() < want.len() && Instant::now() < deadline {
            match tokio::time::timeout(Duration::from_secs(5), sub.next()).await {
                Ok(Ok(StreamItem::Event(e))) => got.push(e.payload),
                Ok(Ok(StreamItem::Notice { code, .. })) => notices.push(code),
                Ok(Ok(_)) => {}
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(got, want, "each acknowledged event once, in order");
        assert!(
            notices.iter().any(|c| c == "CLUSTER_STATE_LOST"),
            "{notices:?}"
        );
    }
    // One epoch for both: the last id resumes on either hub, recovered.
    let last = &acked.last().unwrap().1;
    for c in &clients {
        let mut opts = sub_opts("flush", ctx("i1", "m", &[]));
        opts.since = Some(last.clone());
        let mut resumed = c.subscribe(opts).await.expect("resume");
        match tokio::time::timeout(Duration::from_secs(5), resumed.next()).await {
            Ok(Ok(StreamItem::Subscribed { recovered, .. })) => assert!(recovered),
            other => panic!("{other:?}"),
        }
    }
    for hub in &hubs {
        let health = hub.client().get_text("/healthz").await.unwrap_or_default();
        assert!(health.contains("lost and registered again"), "{health}");
        assert!(
            hub.stderr_text().contains("lost the cluster's state"),
            "{}",
            hub.stderr_text()
        );
    }
}

/// Values in Redis that are not frt's are refused before anything is done, with a
/// message naming the key: an epoch that is not a 32-bit number, an empty API key;
/// damaged statistics or tap sets cost their feature, not publishing or listing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_keys_in_redis_are_refused_and_never_acknowledged() {
    let redis = TestRedis::start();
    let hubs = cluster(&redis, 2);
    let (a, b) = (hubs[0].client(), hubs[1].client());
    let mut sub = subscribed(&b, sub_opts("hostile", ctx("i1", "m", &[]))).await;
    let stream = keys::stream(&stream_digest("hostile"));
    for bad in ["4294967296", "-1", "1e300", "abc"] {
        redis.command(&["SET", keys::EPOCH, bad]);
        let before = resp_value(&redis.command(&["XINFO", "STREAM", &stream, "FULL"]));
        let err = a
            .publish(&publish("hostile", bad))
            .await
            .expect_err("refused");
        assert!(err.to_string().contains(keys::EPOCH), "{bad}: {err}");
        assert_eq!(
            resp_value(&redis.command(&["XINFO", "STREAM", &stream, "FULL"])),
            before,
            "nothing stored for {bad}"
        );
    }
    // The operator's fix: delete it, and the hubs write a fresh one.
    redis.command(&["DEL", keys::EPOCH]);
    let deadline = Instant::now() + Duration::from_secs(10);
    let id = loop {
        match a.publish(&publish("hostile", "after")).await {
            Ok(r) if r.event_id.is_some() => break r.event_id,
            _ if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(100)).await,
            other => panic!("{other:?}"),
        }
    };
    assert!(id.is_some());
    assert_eq!(
        next_event(&mut sub, Duration::from_secs(5))
            .await
            .map(|e| e.payload),
        Some("after".into()),
        "the first event the subscriber sees is the first one acknowledged"
    );
    // Damaged counters: publishes and listings go on.
    redis.command(&["SET", keys::STATS, "not a hash"]);
    redis.command(&["SET", keys::TAPPING, "not a set"]);
    let r = a
        .publish(&publish("hostile", "still"))
        .await
        .expect("publish");
    assert!(r.event_id.is_some());
    assert!(
        a.channels(&Default::default()).await.is_ok(),
        "listing still answers"
    );
    // An empty API key in Redis is never adopted: a hub joining refuses to start.
    redis.command(&[
        "SET",
        keys::SECRETS,
        "{\"apiKey\":\"\",\"signingKey\":\"{}\"}",
    ]);
    let state = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = run({
        let mut cmd = clean_command(home.path());
        cmd.args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--redis",
            &redis.url(),
            "--state-dir",
        ])
        .arg(state.path());
        cmd
    });
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("API key shorter"), "{}", out.stderr);
}

/// A Redis that evicts keys when full would drop presence (false nulls): a hub
/// refuses to join it, naming the fix.
#[test]
fn an_evicting_redis_is_refused_with_the_fix() {
    let redis = TestRedis::start();
    redis.command(&["CONFIG", "SET", "maxmemory", "100mb"]);
    redis.command(&["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"]);
    let state = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut cmd = clean_command(home.path());
    cmd.args([
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--redis",
        &redis.url(),
        "--state-dir",
    ])
    .arg(state.path());
    let out = run(cmd);
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("maxmemory-policy allkeys-lru"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("noeviction"), "{}", out.stderr);
}

/// The race behind duplicates after a resume, forced: an event is in the key's stream
/// but its live push has not reached the hub when a subscription resumes and reads
/// the stream; the push comes after. The resumed subscription gets the event once
/// (from the stream), the one already there gets it once (live).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_read_from_the_stream_is_not_delivered_again_by_its_late_push() {
    let redis = TestRedis::start();
    let hubs = cluster(&redis, 1);
    let client = hubs[0].client();
    let mut earlier = subscribed(&client, sub_opts("race", ctx("i1", "m", &[]))).await;
    let first = client.publish(&publish("race", "first")).await.unwrap();
    assert_eq!(
        next_event(&mut earlier, Duration::from_secs(5))
            .await
            .map(|e| e.payload),
        Some("first".into())
    );
    // An event stored the way the publish script stores it, its push held back.
    let digest = stream_digest("race");
    let epoch = resp_value(&redis.command(&["GET", keys::EPOCH]));
    let seq = resp_value(&redis.command(&["INCR", keys::SEQ]));
    let ms = frt::timefmt::now_ms().to_string();
    let id = format!("{ms}-{seq}");
    redis.command(&["XADD", &keys::stream(&digest), &id, "p", "late"]);
    let mut opts = sub_opts("race", ctx("i1", "m", &[]));
    opts.since = first.event_id.clone();
    let mut resumed = subscribed(&client, opts).await;
    assert_eq!(
        next_event(&mut resumed, Duration::from_secs(5))
            .await
            .map(|e| e.payload),
        Some("late".into()),
        "read from the stream"
    );
    // Now the push arrives.
    let message = format!("{epoch} {ms} {seq}\nlate");
    redis.command(&["PUBLISH", &keys::events(&digest), &message]);
    assert_eq!(
        next_event(&mut earlier, Duration::from_secs(5))
            .await
            .map(|e| e.payload),
        Some("late".into()),
        "live, to the subscription that had not seen it"
    );
    client.publish(&publish("race", "after")).await.unwrap();
    assert_eq!(
        next_event(&mut resumed, Duration::from_secs(5))
            .await
            .map(|e| e.payload),
        Some("after".into()),
        "not \"late\" a second time"
    );
}

/// A hub that joined a cluster keeps the cluster's keys in its own key files, so
/// `sign-token --key-file` on any member's state directory makes a token every
/// member accepts.
#[test]
fn a_token_signed_offline_with_any_member_s_key_file_is_accepted_by_every_member() {
    let redis = TestRedis::start();
    let hubs = cluster(&redis, 2);
    for signer in &hubs {
        let key_file = signer.state_dir().join("signing-key.json");
        let signed = run({
            let mut cmd = signer.frt();
            cmd.args([
                "sign-token",
                "offline",
                "--installation",
                "local",
                "--key-file",
            ])
            .arg(&key_file);
            cmd
        });
        assert_eq!(signed.code, 0, "{}", signed.stderr);
        let token = signed.stdout.trim().to_string();
        for hub in &hubs {
            let out = frt_in(hub, &["publish", "offline", "x", "--token", &token]);
            assert_eq!(out.code, 0, "{}: {}", hub.endpoint, out.stderr);
        }
    }
}

fn metric(text: &str, name: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in:\n{text}"))
}

/// Every `frt_cluster_*` metric moves with what it counts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_cluster_metric_moves() {
    let redis = TestRedis::start();
    let hubs = cluster(&redis, 2);
    let (a, b) = (hubs[0].client(), hubs[1].client());
    let before = hubs[0].metrics().await;
    assert_eq!(metric(&before, "frt_cluster_redis_up"), 1);
    let mut sub = subscribed(&b, sub_opts("metric", ctx("i1", "m", &[]))).await;
    for n in 0..4 {
        a.publish(&publish("metric", &n.to_string())).await.unwrap();
    }
    a.publish(&publish("nobody", "x")).await.unwrap();
    let _ = next_event(&mut sub, Duration::from_secs(5)).await;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let now = hubs[0].metrics().await;
        let moved = metric(&now, "frt_cluster_hubs") == 2
            && metric(&now, "frt_cluster_connections") > metric(&before, "frt_cluster_connections")
            && metric(&now, "frt_cluster_subscriptions")
                > metric(&before, "frt_cluster_subscriptions")
            && metric(&now, "frt_cluster_channel_keys")
                > metric(&before, "frt_cluster_channel_keys")
            && metric(&now, "frt_cluster_events_published_total")
                >= metric(&before, "frt_cluster_events_published_total") + 4
            && metric(&now, "frt_cluster_publishes_no_subscriber_total")
                > metric(&before, "frt_cluster_publishes_no_subscriber_total");
        if moved {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not every metric moved:\n{before}\n---\n{now}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(redis);
    let deadline = Instant::now() + Duration::from_secs(10);
    while metric(&hubs[0].metrics().await, "frt_cluster_redis_up") != 0 {
        assert!(Instant::now() < deadline, "redis_up stays 1 without Redis");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
