use std::collections::VecDeque;
use std::time::Duration;

use super::*;
use crate::channel::ModuleContext;
use crate::hub::clock::SystemClock;
use crate::hub::outbox::Outbox;

fn broker_with(grace_ms: u64, numbering: Numbering) -> Arc<Broker> {
    Arc::new(Broker::new(
        BrokerConfig {
            limits: BufferLimits {
                replay_window: Duration::from_secs(300),
                replay_max_events: 3,
                replay_max_bytes: 1 << 20,
                grace: Duration::from_millis(grace_ms),
            },
            clock: Arc::new(SystemClock),
            numbering,
        },
        7,
        Arc::new(Metrics::default()),
    ))
}

fn broker(grace_ms: u64) -> Arc<Broker> {
    broker_with(grace_ms, Numbering::Local)
}

fn key() -> ChannelKey {
    ChannelKey::scoped("c", &ModuleContext::new("i", "m"), None, None).unwrap()
}

fn target() -> PublishTarget {
    PublishTarget::new(Arc::new(key()))
}

fn outbox() -> Arc<Outbox> {
    Arc::new(Outbox::new(100, 1 << 20))
}

fn subscribe(b: &Arc<Broker>, out: &Arc<Outbox>, replay: Replay) -> SubscriptionHandle {
    let reservation = b.reserve(key());
    b.join(
        reservation,
        Joining {
            outbox: out.clone(),
            id: "s".into(),
            replay,
            backlog: None,
        },
    )
}

fn drain(outbox: &Outbox) -> Vec<String> {
    let mut q = VecDeque::new();
    outbox.take(&mut q);
    q.into_iter().map(OutFrame::into_text).collect()
}

fn payloads(frames: &[String]) -> Vec<String> {
    frames
        .iter()
        .filter_map(|f| serde_json::from_str::<ServerFrame>(f).ok())
        .filter_map(|f| match f {
            ServerFrame::Event { payload, .. } => Some(payload),
            _ => None,
        })
        .collect()
}

fn confirmation(frames: &[String]) -> (bool, EventId) {
    match serde_json::from_str::<ServerFrame>(&frames[0]).unwrap() {
        ServerFrame::Subscribed {
            recovered,
            position,
            ..
        } => (recovered, position.unwrap().parse().unwrap()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_subscriber_means_no_event_and_empty_channels_go_away() {
    let b = broker(0);
    assert!(
        b.publish(&mut target(), "x", &mut Wakes::default())
            .is_none()
    );
    let out = outbox();
    let h = subscribe(&b, &out, Replay::default());
    assert!(
        b.publish(&mut target(), "x", &mut Wakes::default())
            .is_some()
    );
    b.unsubscribe(&h);
    assert_eq!(b.channel_count(), 0);
    assert!(
        b.publish(&mut target(), "x", &mut Wakes::default())
            .is_none()
    );
}

#[test]
fn a_subscription_cut_before_its_first_event_resumes_from_its_position() {
    let b = broker(60_000);
    let out = outbox();
    let h = subscribe(&b, &out, Replay::default());
    let (recovered, position) = confirmation(&drain(&out));
    assert!(recovered);
    assert_eq!(position, h.position);
    b.detach(&h);
    let missed = b.publish(&mut target(), "missed", &mut Wakes::default());
    assert!(
        missed.is_some_and(|p| p.id > position),
        "held for the grace period"
    );
    let out2 = outbox();
    let replay = Replay {
        since: Some(position),
        replay_seconds: None,
    };
    let h2 = subscribe(&b, &out2, replay);
    let frames = drain(&out2);
    assert_eq!(confirmation(&frames), (true, missed.unwrap().id));
    assert_eq!(payloads(&frames), ["missed"]);
    b.unsubscribe(&h2);
}

#[test]
fn cluster_deliveries_arrive_once_and_a_backfill_goes_out_before_held_events() {
    let b = broker_with(0, Numbering::Cluster);
    let out = outbox();
    let reservation = b.reserve(key());
    let id = |seq| EventId::new(1_000 + seq, seq, 7);
    b.settle(&reservation, id(0));
    let h = b.join(
        reservation,
        Joining {
            outbox: out.clone(),
            id: "s".into(),
            replay: Replay::default(),
            backlog: None,
        },
    );
    let mut wakes = Wakes::default();
    b.deliver(&key(), id(1), 1_001, "1", &mut wakes);
    b.deliver(&key(), id(1), 1_001, "1", &mut wakes);
    // The connection to Redis dropped: 2 and 3 were missed, 4 arrives after it.
    let from = b.hold_all();
    assert_eq!(from.len(), 1);
    assert_eq!(
        from[0].1,
        Some(id(1)),
        "the backfill starts after the newest"
    );
    b.deliver(&key(), id(4), 1_004, "4", &mut wakes);
    b.release(
        &key(),
        vec![
            (id(2), "2".into()),
            (id(3), "3".into()),
            (id(4), "4".into()),
        ],
    );
    b.deliver(&key(), id(5), 1_005, "5", &mut wakes);
    assert_eq!(payloads(&drain(&out)), ["1", "2", "3", "4", "5"]);
    b.unsubscribe(&h);
}

/// A resume's backlog read from Redis can overtake the pushes of the same events:
/// the resumed subscription gets each once, the others get them live.
#[test]
fn an_event_replayed_from_a_backlog_is_not_delivered_again_when_its_push_arrives() {
    let b = broker_with(0, Numbering::Cluster);
    let id = |seq| EventId::new(2_000 + seq, seq, 7);
    let join = |out: &Arc<Outbox>, replay: Replay, backlog: Option<Backlog>| {
        let reservation = b.reserve(key());
        b.settle(&reservation, id(0));
        b.join(
            reservation,
            Joining {
                outbox: out.clone(),
                id: "s".into(),
                replay,
                backlog,
            },
        )
    };
    let earlier = outbox();
    let h1 = join(&earlier, Replay::default(), None);
    let resumed = outbox();
    let tail = |n: u64| event_tail(id(n), id(n).timestamp_ms(), &n.to_string());
    let backlog = Backlog {
        events: vec![(id(1), tail(1)), (id(2), tail(2))],
        recovered: true,
    };
    let since = Replay {
        since: Some(id(0)),
        replay_seconds: None,
    };
    let h2 = join(&resumed, since, Some(backlog));
    let mut wakes = Wakes::default();
    for n in 1..=3 {
        b.deliver(
            &key(),
            id(n),
            id(n).timestamp_ms(),
            &n.to_string(),
            &mut wakes,
        );
    }
    let frames = drain(&resumed);
    assert_eq!(confirmation(&frames), (true, id(2)));
    assert_eq!(payloads(&frames), ["1", "2", "3"]);
    assert_eq!(payloads(&drain(&earlier)), ["1", "2", "3"]);
    b.unsubscribe(&h1);
    b.unsubscribe(&h2);
}

#[test]
fn a_reservation_keeps_its_key_and_gives_it_back_unused() {
    let b = broker_with(0, Numbering::Cluster);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    b.notify_removals(tx);
    let reservation = b.reserve(key());
    b.sweep();
    assert_eq!(b.channel_count(), 1, "a sweep leaves a reserved key alone");
    b.settle(&reservation, EventId::new(4, 0, 7));
    // Events arriving meanwhile are kept for the subscription on its way in.
    b.deliver(
        &key(),
        EventId::new(5, 1, 7),
        5,
        "early",
        &mut Wakes::default(),
    );
    drop(reservation);
    assert_eq!(b.channel_count(), 0);
    assert_eq!(rx.try_recv().map(|k| k.name.clone()).ok(), Some("c".into()));
}

#[test]
fn resume_after_detach_is_exact_and_buffer_eviction_is_reported() {
    let b = broker(60_000);
    let out = outbox();
    let h = subscribe(&b, &out, Replay::default());
    let first = b
        .publish(&mut target(), "1", &mut Wakes::default())
        .unwrap();
    drain(&out);
    b.detach(&h);
    // still counted as a subscriber while in grace
    b.publish(&mut target(), "2", &mut Wakes::default())
        .unwrap();
    b.publish(&mut target(), "3", &mut Wakes::default())
        .unwrap();
    let since = Replay {
        since: Some(first.id),
        replay_seconds: None,
    };
    let out2 = outbox();
    let h2 = subscribe(&b, &out2, since);
    assert!(h2.recovered);
    let frames = drain(&out2);
    assert_eq!(payloads(&frames), ["2", "3"]);
    // three more events push "1".."3" out of a 3-event buffer
    for p in ["4", "5", "6"] {
        b.publish(&mut target(), p, &mut Wakes::default()).unwrap();
    }
    let out3 = outbox();
    let h3 = subscribe(&b, &out3, since);
    assert!(!h3.recovered);
}
