//! Replay and resume: no gap, no duplicate; `since` after a cut connection; and an
//! honest `recovered: false` across a hub restart.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use frt::client::{Client, ConnectOptions, Publish, StreamItem, Subscription};

fn p(channel: &str, payload: String) -> Publish {
    Publish::new(channel, payload, ctx("i1", "m", &[]))
}

#[tokio::test]
async fn replay_then_live_without_gap_or_duplicate() {
    let hub = TestHub::start(&[]);
    let c = hub.client();
    // An anchor subscriber keeps the key alive so events are kept for replay.
    let mut anchor = subscribed(&c, sub_opts("r", ctx("i1", "m", &[]))).await;
    let publisher = {
        let c = c.clone();
        tokio::spawn(async move {
            for i in 0..400 {
                c.publish(&p("r", i.to_string())).await.expect("publish");
                if i % 50 == 0 {
                    tokio::task::yield_now().await;
                }
            }
        })
    };
    // Subscribe with replay while the publisher is running.
    tokio::time::sleep(Duration::from_millis(20)).await;
    let mut opts = sub_opts("r", ctx("i1", "m", &[]));
    opts.replay_seconds = Some(60);
    let mut late = subscribed(&c, opts).await;
    publisher.await.expect("publisher");
    let mut got = Vec::new();
    while let Some(e) = next_event(&mut late, Duration::from_millis(500)).await {
        got.push(e.payload.parse::<u32>().expect("number"));
    }
    let want: Vec<u32> = (0..400).collect();
    assert_eq!(got, want, "replayed and live events, in order, each once");
    for i in 0..400 {
        let e = next_event(&mut anchor, Duration::from_secs(5))
            .await
            .expect("anchor event");
        assert_eq!(e.payload, i.to_string());
    }
}

#[tokio::test]
async fn replay_seconds_limits_how_far_back() {
    let hub = InProcessHub::start(|_| {}).await;
    let c = hub.client();
    let _anchor = subscribed(&c, sub_opts("w", ctx("i1", "m", &[]))).await;
    c.publish(&p("w", "old".into())).await.expect("publish");
    hub.advance(Duration::from_millis(2100));
    c.publish(&p("w", "new".into())).await.expect("publish");
    let mut opts = sub_opts("w", ctx("i1", "m", &[]));
    opts.replay_seconds = Some(1);
    let mut sub = subscribed(&c, opts).await;
    let e = next_event(&mut sub, Duration::from_secs(2))
        .await
        .expect("the recent event");
    assert_eq!(e.payload, "new");
    // The next event is a live one: "old" was not replayed after "new" either.
    c.publish(&p("w", "live".into())).await.expect("publish");
    let e = next_event(&mut sub, Duration::from_secs(2))
        .await
        .expect("the live event");
    assert_eq!(e.payload, "live");
}

fn proxied_client(proxy: &CutProxy, hub: &TestHub) -> Client {
    Client::new(
        proxy.endpoint(),
        hub.api_key.clone(),
        &ConnectOptions {
            retries: Some(0),
            request_timeout: Some(Duration::from_secs(5)),
            ..Default::default()
        },
    )
    .expect("client")
}

async fn next_item(sub: &mut Subscription) -> StreamItem {
    tokio::time::timeout(Duration::from_secs(10), sub.next())
        .await
        .expect("an item in time")
        .expect("no error")
}

#[tokio::test]
async fn since_after_a_cut_connection_delivers_what_was_missed_exactly_once() {
    let hub = TestHub::start(&["--grace", "10s"]);
    let direct = hub.client();
    let proxy = CutProxy::start(&hub.addr()).await;
    let c = proxied_client(&proxy, &hub);
    let mut opts = sub_opts("cut", ctx("i1", "m", &[]));
    opts.reconnect = true;
    let mut sub = subscribed(&c, opts).await;
    for i in 0..5 {
        direct
            .publish(&p("cut", i.to_string()))
            .await
            .expect("publish");
    }
    for i in 0..5 {
        assert_eq!(
            next_event(&mut sub, Duration::from_secs(5))
                .await
                .expect("event")
                .payload,
            i.to_string()
        );
    }
    proxy.cut();
    // Wait until the hub has noticed the loss (the subscription is held, detached).
    for _ in 0..200 {
        if hub.metrics().await.contains("frt_subscriptions_detached 1") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    for i in 5..10 {
        let r = direct
            .publish(&p("cut", i.to_string()))
            .await
            .expect("publish");
        assert!(
            r.event_id.is_some(),
            "a dropped subscriber still counts during the grace period"
        );
    }
    let mut payloads = Vec::new();
    let mut saw_reconnect = false;
    let mut recovered = None;
    while payloads.len() < 5 {
        match next_item(&mut sub).await {
            StreamItem::Reconnecting { .. } => saw_reconnect = true,
            StreamItem::Subscribed {
                recovered: r,
                resumed,
                ..
            } => {
                assert!(resumed);
                recovered = Some(r);
            }
            StreamItem::Event(e) => payloads.push(e.payload),
            other @ (StreamItem::Unsubscribed
            | StreamItem::Hints(_)
            | StreamItem::Notice { .. }) => {
                panic!("unexpected {other:?}")
            }
        }
    }
    assert!(saw_reconnect);
    assert_eq!(recovered, Some(true));
    assert_eq!(payloads, ["5", "6", "7", "8", "9"]);
    direct
        .publish(&p("cut", "10".into()))
        .await
        .expect("publish");
    assert_eq!(
        next_event(&mut sub, Duration::from_secs(5))
            .await
            .expect("live")
            .payload,
        "10"
    );
    assert!(
        next_event(&mut sub, Duration::from_millis(200))
            .await
            .is_none(),
        "no duplicates"
    );
}

#[tokio::test]
async fn a_resume_across_a_hub_restart_reports_not_recovered() {
    let state = Arc::new(tempfile::tempdir().expect("tmp"));
    let mut first = TestHub::start_in(state.clone(), &[]);
    let proxy = CutProxy::start(&first.addr()).await;
    let c = proxied_client(&proxy, &first);
    let mut opts = sub_opts("rs", ctx("i1", "m", &[]));
    opts.reconnect = true;
    let mut sub = subscribed(&c, opts).await;
    first
        .client()
        .publish(&p("rs", "before".into()))
        .await
        .expect("publish");
    assert_eq!(
        next_event(&mut sub, Duration::from_secs(5))
            .await
            .expect("event")
            .payload,
        "before"
    );
    first.stop();
    let second = TestHub::start_in(state.clone(), &[]);
    proxy.retarget(&second.addr());
    loop {
        match next_item(&mut sub).await {
            StreamItem::Subscribed {
                recovered, resumed, ..
            } => {
                assert!(resumed);
                assert!(!recovered, "another hub run cannot have kept the buffer");
                break;
            }
            StreamItem::Reconnecting { .. } => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    second
        .client()
        .publish(&p("rs", "after".into()))
        .await
        .expect("publish");
    assert_eq!(
        next_event(&mut sub, Duration::from_secs(5))
            .await
            .expect("event")
            .payload,
        "after"
    );
}

#[tokio::test]
async fn keys_are_removed_when_the_last_subscriber_and_grace_are_gone() {
    let hub = InProcessHub::start(|c| c.grace = Duration::from_secs(30)).await;
    let c = hub.client();
    let mut sub = subscribed(&c, sub_opts("gone", ctx("i1", "m", &[]))).await;
    assert!(hub.metrics().contains("frt_channel_keys 1"));
    sub.unsubscribe().await;
    // A clean unsubscribe ends at once: no grace, and the key is removed.
    let r = c.publish(&p("gone", "x".into())).await.expect("publish");
    assert_eq!(r.event_id, None);
    assert!(hub.metrics().contains("frt_channel_keys 0"));

    // A dropped connection holds the key for the grace period, then lets go.
    let sub = subscribed(&c, sub_opts("gone", ctx("i1", "m", &[]))).await;
    drop(sub);
    hub.await_metric("frt_subscriptions_detached 1").await;
    hub.advance(Duration::from_secs(29));
    assert!(
        c.publish(&p("gone", "x".into()))
            .await
            .expect("publish")
            .event_id
            .is_some(),
        "held within the grace period"
    );
    hub.advance(Duration::from_secs(2));
    assert_eq!(
        c.publish(&p("gone", "x".into()))
            .await
            .expect("publish")
            .event_id,
        None
    );
    let m = hub.metrics();
    assert!(
        m.contains("frt_channel_keys 0") && m.contains("frt_subscriptions_detached 0"),
        "{m}"
    );
}
