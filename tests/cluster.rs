//! Several hubs as one cluster over a real Redis (each test starts its own
//! `redis-server` on a free loopback port, without persistence, and stops it).

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::*;
use frt::client::{Publish, SignRequest, StreamItem, Subscription};

/// `n` hubs joined to `redis`, sharing its keys.
fn cluster(redis: &TestRedis, n: usize, extra: &[&str]) -> Vec<TestHub> {
    let url = redis.url();
    let hubs: Vec<TestHub> = (0..n)
        .map(|_| {
            let mut args = vec!["--redis", url.as_str()];
            args.extend(extra);
            TestHub::start(&args)
        })
        .collect();
    for hub in &hubs[1..] {
        assert_eq!(
            hub.api_key, hubs[0].api_key,
            "every hub takes the cluster's API key"
        );
    }
    hubs
}

fn publish(channel: &str, payload: &str) -> Publish {
    Publish::new(channel, payload, ctx("i1", "m", &[]))
}

/// Collects events from `sub` until `n` arrived or `limit` passed.
async fn collect(sub: &mut Subscription, n: usize, limit: Duration) -> Vec<String> {
    let deadline = Instant::now() + limit;
    let mut out = Vec::new();
    while out.len() < n {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match next_event(sub, left).await {
            Some(e) => out.push(e.payload),
            None => break,
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_event_reaches_every_hub_once_and_in_publisher_order() {
    let redis = TestRedis::start();
    let hubs = cluster(&redis, 3, &[]);
    // Two subscribers on each hub.
    let mut subs = Vec::new();
    for hub in &hubs {
        for _ in 0..2 {
            subs.push(subscribed(&hub.client(), sub_opts("spread", ctx("i1", "m", &[]))).await);
        }
    }
    // A publisher on each hub, all at once.
    const EACH: usize = 40;
    let publishers: Vec<_> = hubs
        .iter()
        .enumerate()
        .map(|(h, hub)| {
            let client = hub.client();
            tokio::spawn(async move {
                for i in 0..EACH {
                    let r = client
                        .publish(&publish("spread", &format!("{h}:{i}")))
                        .await
                        .expect("publish");
                    assert!(r.event_id.is_some(), "a subscriber is on the key");
                }
            })
        })
        .collect();
    for p in publishers {
        p.await.expect("publisher");
    }
    for (n, sub) in subs.iter_mut().enumerate() {
        let got = collect(sub, 3 * EACH, Duration::from_secs(10)).await;
        assert_eq!(got.len(), 3 * EACH, "subscriber {n} got {got:?}");
        let mut next: HashMap<&str, usize> = HashMap::new();
        for payload in &got {
            let (publisher, i) = payload.split_once(':').expect("h:i");
            let expected = next.entry(publisher).or_insert(0);
            assert_eq!(
                i.parse::<usize>().unwrap(),
                *expected,
                "subscriber {n}: publisher {publisher}'s events out of order or repeated: {got:?}"
            );
            *expected += 1;
        }
        // Nothing more: exactly once.
        assert!(next_event(sub, Duration::from_millis(200)).await.is_none());
    }
}

#[tokio::test]
async fn the_null_result_means_no_subscriber_on_any_hub() {
    let redis = TestRedis::start();
    let hubs = cluster(&redis, 2, &[]);
    let (a, b) = (hubs[0].client(), hubs[1].client());
    let nobody = a.publish(&publish("null", "x")).await.expect("publish");
    assert!(nobody.event_id.is_none(), "{nobody:?}");

    // A subscriber on the other hub: the publish that follows its confirmation finds it.
    let mut sub = subscribed(&b, sub_opts("null", ctx("i1", "m", &[]))).await;
    let found = a.publish(&publish("null", "y")).await.expect("publish");
    assert!(found.event_id.is_some(), "{found:?}");
    assert_eq!(
        collect(&mut sub, 1, Duration::from_secs(5)).await,
        vec!["y"]
    );
    // A key differing in its module is another key, cluster-wide too.
    let other = a
        .publish(&Publish::new("null", "z", ctx("i1", "other", &[])))
        .await
        .expect("publish");
    assert!(other.event_id.is_none());

    // Only the hub holding the key listens for its events: a hub without a subscriber
    // there gets no traffic for it.
    let key = frt::channel::ChannelKey::scoped("null", &ctx("i1", "m", &[]), None, None).unwrap();
    let channel = frt::hub::engine::redis::formats::keys::events(
        &frt::hub::engine::redis::formats::digest(&key),
    );
    assert!(
        redis
            .command(&["PUBSUB", "NUMSUB", &channel])
            .ends_with(":1\r\n"),
        "{}",
        redis.command(&["PUBSUB", "NUMSUB", &channel])
    );
    // A near miss anywhere in the cluster is hinted: the subscriber on b is on "null",
    // the publisher on a says "Null".
    // (Hub b's keys reach the other hubs' views within about a second.)
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let missed = a.publish(&publish("Null", "v")).await.expect("publish");
        assert!(missed.event_id.is_none());
        if missed
            .hints
            .iter()
            .any(|h| h.component == "name" && h.count == 1)
        {
            break;
        }
        assert!(Instant::now() < deadline, "no hint: {:?}", missed.hints);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // And the subscriber on b, asking why nothing comes, hears of the misses on a.
    sub.request_hints().await.expect("ask for hints");
    let hints = loop {
        match tokio::time::timeout(Duration::from_secs(5), sub.next()).await {
            Ok(Ok(StreamItem::Hints(h))) => break h,
            Ok(Ok(StreamItem::Event(_))) => continue,
            other => panic!("expected hints, got {other:?}"),
        }
    };
    assert!(
        hints
            .iter()
            .any(|h| h.component == "name" && h.message.contains("Null")),
        "{hints:?}"
    );

    // The subscriber leaves cleanly: null again (once its hub has withdrawn).
    sub.unsubscribe().await;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let r = a.publish(&publish("null", "w")).await.expect("publish");
        if r.event_id.is_none() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still counted after leaving: {r:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn replay_and_since_on_another_hub_come_from_redis() {
    let redis = TestRedis::start();
    let hubs = cluster(&redis, 2, &[]);
    let (a, b) = (hubs[0].client(), hubs[1].client());
    // A subscriber on a keeps the key live, so its events are kept.
    let _anchor = subscribed(&a, sub_opts("rp", ctx("i1", "m", &[]))).await;
    let mut ids = Vec::new();
    for p in ["1", "2", "3"] {
        let r = a.publish(&publish("rp", p)).await.expect("publish");
        ids.push(r.event_id.expect("an id"));
    }
    // replaySeconds on b: everything a published, then live events.
    let mut opts = sub_opts("rp", ctx("i1", "m", &[]));
    opts.replay_seconds = Some(60);
    let mut replayed = b.subscribe(opts).await.expect("subscribe");
    assert!(recovered(&mut replayed).await);
    assert_eq!(
        collect(&mut replayed, 3, Duration::from_secs(5)).await,
        ["1", "2", "3"]
    );
    // since on b: what came after, recovered.
    let mut opts = sub_opts("rp", ctx("i1", "m", &[]));
    opts.since = Some(ids[0].clone());
    let mut resumed = b.subscribe(opts).await.expect("subscribe");
    assert!(
        recovered(&mut resumed).await,
        "nothing after the id was trimmed"
    );
    assert_eq!(
        collect(&mut resumed, 2, Duration::from_secs(5)).await,
        ["2", "3"]
    );
    a.publish(&publish("rp", "4")).await.expect("publish");
    assert_eq!(
        collect(&mut resumed, 1, Duration::from_secs(5)).await,
        ["4"]
    );
    assert_eq!(
        collect(&mut replayed, 1, Duration::from_secs(5)).await,
        ["4"]
    );
    // A since from before the key's first stored event: what came between is unknown.
    let first: frt::protocol::EventId = ids[0].parse().expect("an event id");
    let earlier = frt::protocol::EventId::new(first.timestamp_ms() - 1000, 1, first.epoch());
    let mut opts = sub_opts("rp", ctx("i1", "m", &[]));
    opts.since = Some(earlier.to_string());
    let mut before = b.subscribe(opts).await.expect("subscribe");
    assert!(!recovered(&mut before).await);
    assert_eq!(
        collect(&mut before, 4, Duration::from_secs(5)).await,
        ["1", "2", "3", "4"],
        "it still gets everything the stream holds"
    );
    // A since from another cluster lifetime (or a single hub) is not recovered.
    let mut opts = sub_opts("rp", ctx("i1", "m", &[]));
    opts.since = Some("01a22268-c452-7000-8000-000100000001".into());
    let mut foreign = b.subscribe(opts).await.expect("subscribe");
    assert!(!recovered(&mut foreign).await);
}

#[test]
fn a_subscriber_whose_hub_dies_resumes_on_another_with_nothing_lost() {
    let redis = TestRedis::start();
    let mut hubs = cluster(&redis, 2, &[]);
    let both = format!("{},{}", hubs[0].endpoint, hubs[1].endpoint);
    let key = hubs[0].api_key.clone();
    let home = tempfile::tempdir().unwrap();
    let frt = |args: &[&str]| {
        let mut c = clean_command(home.path());
        c.args(args).args(["-e", &both, "--api-key", &key]);
        c
    };
    // On the first hub (first in the list).
    let sub = SubProcess::spawn(frt(&["subscribe", "resume", "-o", "raw"]));
    let second_endpoint = hubs[1].endpoint.clone();
    let on_second = |payload: &str| {
        let mut c = clean_command(home.path());
        c.args(["publish", "resume", payload, "-o", "raw"]).args([
            "-e",
            &second_endpoint,
            "--api-key",
            &key,
        ]);
        let out = run(c);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(out.stdout.trim().len(), 36, "an event id: {}", out.stdout);
    };
    for p in ["1", "2", "3"] {
        on_second(p);
    }
    assert_eq!(
        sub.take_lines(3, Duration::from_secs(10)),
        vec!["1", "2", "3"]
    );

    // Both hubs are in the cluster's view.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let second = hubs[1].client();
    let hubs_listed = |n: usize| {
        let metrics = rt.block_on(second.get_text("/metrics")).expect("metrics");
        (
            metrics.contains(&format!("\nfrt_cluster_hubs {n}\n")),
            metrics,
        )
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    while !hubs_listed(2).0 {
        assert!(Instant::now() < deadline, "{}", hubs_listed(2).1);
        std::thread::sleep(Duration::from_millis(100));
    }

    // The first hub dies without a word; events keep coming on the second.
    if let Some(child) = hubs[0].child.as_mut() {
        send_signal(child.id(), 9);
        let _ = child.wait();
    }
    hubs[0].child = None;
    for p in ["4", "5", "6"] {
        on_second(p);
    }
    sub.wait_stderr("reconnected", Duration::from_secs(20));
    assert_eq!(
        sub.take_lines(3, Duration::from_secs(10)),
        vec!["4", "5", "6"],
        "stderr: {}",
        sub.stderr_text()
    );
    assert!(
        !sub.stderr_text().contains("could not replay everything"),
        "the resume recovered everything: {}",
        sub.stderr_text()
    );
    on_second("7");
    assert_eq!(sub.take_lines(1, Duration::from_secs(10)), vec!["7"]);
    assert!(
        sub.take_lines(1, Duration::from_millis(300)).is_empty(),
        "no duplicate"
    );

    // The dead hub leaves the cluster's view once its heartbeat lapses (30 s).
    let deadline = Instant::now() + Duration::from_secs(45);
    loop {
        let (gone, metrics) = hubs_listed(1);
        if gone {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the dead hub is still listed:\n{metrics}"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[tokio::test]
async fn a_token_from_one_hub_is_good_on_another_and_views_are_cluster_wide() {
    let redis = TestRedis::start();
    let hubs = cluster(&redis, 2, &[]);
    let (a, b) = (hubs[0].client(), hubs[1].client());
    let signed = a
        .sign_token(&SignRequest {
            channel: "secret-room".into(),
            claims: serde_json::json!({"room": 7}),
            permissions: None,
            ttl: None,
            context: ctx("i1", "m", &[]),
        })
        .await
        .expect("sign on a");
    let mut opts = sub_opts("secret-room", ctx("i1", "m", &[]));
    opts.token = Some(signed.token.clone());
    let mut sub = subscribed(&b, opts).await;
    let mut p = publish("secret-room", "hello");
    p.token = Some(signed.token);
    let r = a.publish(&p).await.expect("publish with the token on a");
    assert!(r.event_id.is_some());
    assert_eq!(
        collect(&mut sub, 1, Duration::from_secs(5)).await,
        vec!["hello"]
    );

    // Hub a lists the key held on hub b; asked for its own keys only, it has none.
    // (Hub b's record is refreshed a moment after its keys change.)
    let deadline = Instant::now() + Duration::from_secs(5);
    let out = loop {
        let out = frt_in(&hubs[0], &["channels", "-o", "json"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        if out.stdout.contains("secret-room") || Instant::now() > deadline {
            break out;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(out.stdout.contains("secret-room"), "{}", out.stdout);
    assert!(
        out.stdout.contains("\"subscribers\": 1") || out.stdout.contains("\"subscribers\":1"),
        "{}",
        out.stdout
    );
    let own = frt_in(&hubs[0], &["channels", "--this-hub", "-o", "json"]);
    assert!(!own.stdout.contains("secret-room"), "{}", own.stdout);
    let metrics = a.get_text("/metrics").await.expect("metrics");
    assert!(metrics.contains("\nfrt_cluster_hubs 2\n"), "{metrics}");
    assert!(
        metrics.contains("\nfrt_cluster_subscriptions 1\n")
            && metrics.contains("\nfrt_cluster_channel_keys 1\n"),
        "the subscription on b is counted once, on one key: {metrics}"
    );
    // The hub's own figures stay: a holds no subscription itself.
    assert!(metrics.contains("\nfrt_subscriptions 0\n"), "{metrics}");
}

#[tokio::test]
async fn the_rate_limit_holds_cluster_wide() {
    let redis = TestRedis::start();
    // Two operations a second for the installation: a refill every 500 ms, slow enough
    // that nothing below depends on timing.
    let hubs = cluster(&redis, 2, &["--rate-limit", "2"]);
    let (a, b) = (hubs[0].client(), hubs[1].client());
    let mut admitted_on_a = 0;
    let refusal = loop {
        match a.publish(&publish("rl", "x")).await {
            Ok(_) => admitted_on_a += 1,
            Err(e) => break e,
        }
        assert!(admitted_on_a <= 3, "hub a never refused");
    };
    assert!(refusal.to_string().contains("rate limited"), "{refusal}");
    assert!(
        admitted_on_a >= 2,
        "the burst is the limit: {admitted_on_a}"
    );
    // Hub b has had no request at all, yet the installation's budget is spent there
    // too (with a budget per hub it would admit this).
    let on_b = b.publish(&publish("rl", "x")).await;
    assert!(
        matches!(on_b, Err(frt::Error::RateLimited { .. })),
        "one budget across hubs: {on_b:?}"
    );
    // Another installation has its own budget.
    let other = b
        .publish(&Publish::new("rl", "x", ctx("i2", "m", &[])))
        .await;
    assert!(other.is_ok(), "{other:?}");
}

#[test]
fn redis_lost_and_back_under_load() {
    let mut redis = TestRedis::start();
    let hubs = cluster(&redis, 2, &[]);
    let home = tempfile::tempdir().unwrap();
    let mut c = clean_command(home.path());
    c.args(["subscribe", "load", "-o", "raw"])
        .args(["--installation", "i1", "--module", "m"])
        .args(["-e", &hubs[1].endpoint, "--api-key", &hubs[1].api_key]);
    let sub = SubProcess::spawn(c);

    // A publisher on the other hub, every 10 ms, recording what was acknowledged.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let publisher = hubs[0].client();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = {
        let stop = stop.clone();
        rt.spawn(async move {
            let mut acknowledged = Vec::new();
            let mut refused = Vec::new();
            for i in 0..3000u32 {
                if stop.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                match publisher.publish(&publish("load", &i.to_string())).await {
                    Ok(r) if r.event_id.is_some() => acknowledged.push((i, Instant::now())),
                    Ok(_) => {}
                    Err(e) => refused.push(e.to_string()),
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            (acknowledged, refused)
        })
    };
    std::thread::sleep(Duration::from_millis(500));
    let killed_at = Instant::now();
    redis.stop();

    // Degraded health, clear refusals, and the subscriber is told.
    let health = |hub: &TestHub| healthz(&hub.addr());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, body) = health(&hubs[0]);
        if status == 503 {
            assert!(body.contains("\"degraded\""), "{body}");
            break;
        }
        assert!(Instant::now() < deadline, "still healthy: {body}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let refusal = rt
        .block_on(hubs[0].client().publish(&publish("load", "during")))
        .expect_err("no publish while Redis is down");
    assert!(
        refusal.to_string().contains("CLUSTER_UNAVAILABLE"),
        "{refusal}"
    );
    sub.wait_stderr("CLUSTER_DEGRADED", Duration::from_secs(10));

    // A subscriber arriving during the outage (on a key its hub must register) waits
    // and retries rather than failing.
    let mut late = clean_command(home.path());
    late.args(["subscribe", "late", "-o", "raw"])
        .args(["--installation", "i1", "--module", "m"])
        .args(["-e", &hubs[1].endpoint, "--api-key", &hubs[1].api_key]);
    let late = SubProcess::spawn_plain(late);
    late.wait_stderr("cannot serve it now", Duration::from_secs(10));

    std::thread::sleep(Duration::from_secs(1));
    redis.start_again();
    let deadline = Instant::now() + Duration::from_secs(15);
    while health(&hubs[0]).0 != 200 || health(&hubs[1]).0 != 200 {
        assert!(
            Instant::now() < deadline,
            "not healthy again: {:?}",
            health(&hubs[0])
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Redis came back empty (no persistence): the notice says the state was lost.
    sub.wait_stderr("CLUSTER_STATE_LOST", Duration::from_secs(10));
    // Publishes reach the subscriber again once its hub has registered anew.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let r = rt
            .block_on(hubs[0].client().publish(&publish("load", "after")))
            .expect("publish after recovery");
        if r.event_id.is_some() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the subscriber's key was never registered again\nhub a: {}\nhub b: {}",
            hubs[0].stderr_text(),
            hubs[1].stderr_text()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let (acknowledged, refused) = rt.block_on(load).expect("load");
    assert!(!refused.is_empty(), "some publishes met the outage");
    assert!(
        refused
            .iter()
            .all(|e| e.contains("CLUSTER_UNAVAILABLE") || e.contains("503")),
        "{refused:?}"
    );
    // Every acknowledged event reached the subscriber: no false acknowledgement. (An
    // event acknowledged in the moment before Redis was killed may still have sat in
    // Redis's output buffer to the other hub, and a Redis without persistence loses
    // it: docs/cluster.md says so. Those are left out.)
    let acknowledged: Vec<u32> = acknowledged
        .into_iter()
        .filter(|(_, at)| *at + Duration::from_millis(100) < killed_at || *at > killed_at)
        .map(|(i, _)| i)
        .collect();
    let mut wanted: Vec<String> = acknowledged.iter().map(|i| i.to_string()).collect();
    wanted.push("after".into());
    let mut got: Vec<String> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(15);
    while !wanted.iter().all(|w| got.contains(w)) && Instant::now() < deadline {
        got.extend(sub.take_lines(1, Duration::from_millis(200)));
    }
    for i in &acknowledged {
        assert!(
            got.contains(&i.to_string()),
            "acknowledged {i} never arrived; got {got:?}\nsubscriber: {}",
            sub.stderr_text()
        );
    }
    assert!(got.contains(&"after".to_string()));
    late.wait_stderr("subscribed", Duration::from_secs(15));
    let last = rt
        .block_on(
            hubs[0]
                .client()
                .publish(&publish("late", "for the late one")),
        )
        .expect("publish");
    assert!(last.event_id.is_some());
    assert_eq!(
        late.take_lines(1, Duration::from_secs(10)),
        vec!["for the late one"],
        "{}",
        late.stderr_text()
    );
}

#[test]
fn smoke_passes_against_a_cluster() {
    let redis = TestRedis::start();
    let hubs = cluster(&redis, 2, &[]);
    let both = format!("{},{}", hubs[0].endpoint, hubs[1].endpoint);
    let out = frt_in(
        &hubs[0],
        &["smoke", "--endpoint", &both, "--api-key", &hubs[0].api_key],
    );
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
}

#[test]
fn a_tap_on_one_hub_sees_every_hub_s_publishes() {
    let redis = TestRedis::start();
    let hubs = cluster(&redis, 2, &[]);
    let mut cmd = hubs[0].frt();
    cmd.args(["tap", "-o", "json", "-c", "2"]);
    let tap = SubProcess::spawn_plain(cmd);
    tap.wait_stderr("tapping", Duration::from_secs(10));
    // A subscriber on a, a publisher on b; and a publish that finds nobody.
    let mut sub = hubs[0].frt();
    sub.args(["subscribe", "seen", "-o", "raw"]);
    let sub = SubProcess::spawn(sub);
    for args in [
        &["publish", "seen", "one"][..],
        &["publish", "unseen", "two"],
    ] {
        let out = frt_in(&hubs[1], args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    }
    assert_eq!(sub.take_lines(1, Duration::from_secs(10)), vec!["one"]);
    let seen: Vec<serde_json::Value> = tap
        .take_lines(2, Duration::from_secs(10))
        .iter()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(seen.len(), 2, "{}", tap.stderr_text());
    assert_eq!(seen[0]["name"], "seen");
    assert!(seen[0]["eventId"].is_string());
    assert_eq!(seen[0]["receivers"], 1, "one hub received it");
    assert_eq!(seen[0]["hubs"], 1, "and the record says its unit");
    assert_eq!(seen[1]["name"], "unseen");
    assert!(seen[1]["eventId"].is_null());
    assert_eq!(seen[1]["payload"], "two");
}

#[test]
fn a_tap_moves_to_the_next_hub_when_its_hub_dies() {
    let redis = TestRedis::start();
    let mut hubs = cluster(&redis, 2, &[]);
    let both = format!("{},{}", hubs[0].endpoint, hubs[1].endpoint);
    let mut cmd = hubs[1].frt();
    cmd.args(["tap", "-o", "raw", "-e", &both]);
    let tap = SubProcess::spawn_plain(cmd);
    tap.wait_stderr("tapping", Duration::from_secs(10));
    assert_eq!(frt_in(&hubs[1], &["publish", "t", "before"]).code, 0);
    assert_eq!(tap.take_lines(1, Duration::from_secs(10)), vec!["before"]);
    if let Some(child) = hubs[0].child.as_mut() {
        send_signal(child.id(), 9);
        let _ = child.wait();
    }
    hubs[0].child = None;
    tap.wait_stderr("reconnecting", Duration::from_secs(10));
    let second = format!("tapping every event the hub at {}", hubs[1].endpoint);
    tap.wait_stderr(&second, Duration::from_secs(10));
    assert_eq!(frt_in(&hubs[1], &["publish", "t", "after"]).code, 0);
    assert_eq!(
        tap.take_lines(1, Duration::from_secs(10)),
        vec!["after"],
        "{}",
        tap.stderr_text()
    );
}

#[test]
fn a_hub_told_other_limits_than_the_cluster_says_so() {
    let redis = TestRedis::start();
    let hubs = cluster(&redis, 1, &[]);
    let url = redis.url();
    let odd = TestHub::start(&["--redis", &url, "--rate-limit", "5"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !odd
        .stderr_text()
        .contains("--rate-limit (5) differs from the cluster's (off")
    {
        assert!(Instant::now() < deadline, "{}", odd.stderr_text());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!hubs[0].stderr_text().contains("differs"));
}

#[test]
fn rotated_keys_reach_every_hub() {
    let redis = TestRedis::start();
    let hubs = cluster(&redis, 2, &[]);
    let old_key = hubs[0].api_key.clone();
    let url = redis.url();
    let rotator = TestHub::start(&["--redis", &url, "--rotate-keys"]);
    assert_ne!(rotator.api_key, old_key);
    // Every hub adopts the new keys within a heartbeat and announces them.
    let deadline = Instant::now() + Duration::from_secs(20);
    for hub in &hubs {
        loop {
            let json: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(hub.state_dir().join("hub.json")).expect("hub.json"),
            )
            .expect("json");
            if json["apiKey"] == rotator.api_key.as_str() {
                break;
            }
            assert!(Instant::now() < deadline, "not adopted: {json}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    let out = frt_in(
        &hubs[0],
        &[
            "publish",
            "k",
            "v",
            "--api-key",
            &old_key,
            "-e",
            &hubs[0].endpoint,
        ],
    );
    assert_eq!(out.code, 1, "the old key is refused: {}", out.stderr);
    assert!(out.stderr.contains("wrong API key"), "{}", out.stderr);
}

/// `GET /healthz`: the status code and body.
fn healthz(addr: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(b"GET /healthz HTTP/1.0\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// Waits for a subscription's confirmation; its `recovered`.
async fn recovered(sub: &mut Subscription) -> bool {
    match tokio::time::timeout(Duration::from_secs(5), sub.next()).await {
        Ok(Ok(StreamItem::Subscribed { recovered, .. })) => recovered,
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

#[test]
fn a_redis_url_is_checked_and_its_password_never_shown() {
    let home = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let serve = |url: &str| {
        let mut c = clean_command(home.path());
        c.args(["serve", "--addr", "127.0.0.1:0", "--state-dir"])
            .arg(state.path())
            .args(["--redis", url]);
        run(c)
    };
    // Nothing listens there: the hub does not start, and says where it looked.
    let port = unused_port();
    let out = serve(&format!("redis://:hunter2secret@127.0.0.1:{port}/0"));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("cannot reach Redis at redis://***@127.0.0.1"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("hunter2secret") && !out.stdout.contains("hunter2secret"));
    for url in [
        format!("rediss://:hunter2secret@127.0.0.1:{port}/0"),
        format!("redis+sentinel://:hunter2secret@127.0.0.1:{port}/primary"),
        format!("redis+cluster://:hunter2secret@127.0.0.1:{port}"),
    ] {
        let out = serve(&url);
        assert_eq!(out.code, 1, "{url}: {}", out.stderr);
        assert!(out.stderr.contains("cannot reach"), "{}", out.stderr);
        assert!(!out.stderr.contains("hunter2secret"), "{}", out.stderr);
    }
    let out = serve("redis+cluster://:hunter2secret@127.0.0.1:6379/3");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(!out.stderr.contains("hunter2secret"), "{}", out.stderr);
    let out = serve("http://127.0.0.1:6379");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("expected redis://HOST:PORT/DB"),
        "{}",
        out.stderr
    );
}
