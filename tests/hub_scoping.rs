//! Channel identity against a real hub: who meets whom (docs/semantics.md, "Channel key").

mod common;

use std::time::Duration;

use common::*;
use frt::channel::ModuleContext;
use frt::client::{Client, Publish, SignRequest, SubscribeOptions, Subscription};
use frt::token::Permission;

fn publish(channel: &str, context: ModuleContext) -> Publish {
    Publish::new(channel, "p", context)
}

fn ov(list: &[&str]) -> Option<Vec<String>> {
    Some(list.iter().map(|s| s.to_string()).collect())
}

/// A subscription and a publish that certainly reaches it (its own key), to prove
/// that something else did not: events to one subscription arrive in publish order,
/// so if the home event is the next one, nothing published before it got through.
struct Watched {
    sub: Subscription,
    home: Publish,
}

async fn watch(client: &Client, opts: SubscribeOptions) -> Watched {
    let home = Publish::new(opts.channels[0].clone(), "home", opts.context.clone())
        .global(opts.global)
        .overrides(opts.overrides.clone())
        .token(opts.token.clone());
    Watched {
        sub: subscribed(client, opts).await,
        home,
    }
}

/// Asserts that nothing published so far reached `w` that it has not yet read.
async fn nothing_arrived(client: &Client, w: &mut Watched) {
    let r = client.publish(&w.home).await.expect("publish home");
    let e = next_event(&mut w.sub, Duration::from_secs(5))
        .await
        .expect("the home event");
    assert_eq!(
        Some(&e.event_id),
        r.event_id.as_ref(),
        "an event arrived before the home event: {e:?}"
    );
}

/// Publishes and reports whether the subscriber got it. A null result and a silent
/// subscriber must agree.
async fn meets(client: &Client, w: &mut Watched, p: Publish) -> bool {
    let result = client.publish(&p).await.expect("publish");
    match &result.event_id {
        Some(id) => {
            let e = next_event(&mut w.sub, Duration::from_secs(5))
                .await
                .unwrap_or_else(|| panic!("publish result {result:?} but no delivery"));
            assert_eq!(&e.event_id, id);
            true
        }
        None => {
            nothing_arrived(client, w).await;
            false
        }
    }
}

#[tokio::test]
async fn module_context_scoping() {
    let hub = TestHub::start(&[]);
    let c = hub.client();
    let panel_1 = ctx("i1", "jira:issuePanel", &[("issue", "10001")]);
    let mut sub = watch(&c, sub_opts("orders", panel_1.clone())).await;

    assert!(
        meets(&c, &mut sub, publish("orders", panel_1.clone())).await,
        "same module, same issue"
    );
    assert!(
        !meets(
            &c,
            &mut sub,
            publish(
                "orders",
                ctx("i1", "jira:issuePanel", &[("issue", "10002")])
            )
        )
        .await,
        "another issue"
    );
    assert!(
        !meets(
            &c,
            &mut sub,
            publish(
                "orders",
                ctx("i1", "jira:issueContext", &[("issue", "10001")])
            )
        )
        .await,
        "another module"
    );
    assert!(
        !meets(&c, &mut sub, publish("Orders", panel_1.clone())).await,
        "names are case-sensitive"
    );
    assert!(
        !meets(
            &c,
            &mut sub,
            publish(
                "orders",
                ctx("i2", "jira:issuePanel", &[("issue", "10001")])
            )
        )
        .await,
        "installations never mix"
    );
}

#[tokio::test]
async fn overrides_meet_across_modules_as_a_set() {
    let hub = TestHub::start(&[]);
    let c = hub.client();
    let panel = ctx("i1", "jira:issuePanel", &[("issue", "1"), ("project", "P")]);
    let other = ctx(
        "i1",
        "jira:issueContext",
        &[("issue", "2"), ("project", "P")],
    );
    let mut opts = sub_opts("c", panel.clone());
    opts.overrides = ov(&["project"]);
    let mut sub = watch(&c, opts).await;

    let mut p = publish("c", other.clone());
    p.overrides = ov(&["project"]);
    assert!(
        meets(&c, &mut sub, p).await,
        "[project] meets across modules and issues"
    );

    let mut p = publish("c", other.clone());
    p.overrides = ov(&["project", "issue"]);
    assert!(
        !meets(&c, &mut sub, p).await,
        "[project] vs [project, issue]"
    );

    let mut p = publish("c", panel.clone());
    assert!(
        !meets(&c, &mut sub, p.clone()).await,
        "no overrides vs [project]"
    );
    p.overrides = ov(&["project", "project"]);
    assert!(meets(&c, &mut sub, p).await, "duplicates do not matter");

    let mut opts = sub_opts("c", panel.clone());
    opts.overrides = ov(&["issue", "project"]);
    let mut sub2 = watch(&c, opts).await;
    let mut p = publish(
        "c",
        ctx(
            "i1",
            "jira:issueGlance",
            &[("issue", "1"), ("project", "P")],
        ),
    );
    p.overrides = ov(&["project", "issue"]);
    assert!(
        meets(&c, &mut sub2, p).await,
        "[issue, project] meets [project, issue]"
    );

    let mut opts = sub_opts("c", panel.clone());
    opts.overrides = ov(&[]);
    let mut none = watch(&c, opts).await;
    let mut p = publish("c", ctx("i1", "confluence:macro", &[("space", "S")]));
    p.overrides = ov(&[]);
    assert!(
        meets(&c, &mut none, p).await,
        "an empty override list means no context at all"
    );
}

#[tokio::test]
async fn planes_never_mix() {
    let hub = TestHub::start(&[]);
    let c = hub.client();
    let cx = ctx("i1", "m", &[]);
    let mut scoped = watch(&c, sub_opts("news", cx.clone())).await;
    let mut gopts = sub_opts("news", ctx("i1", "other-module", &[("issue", "9")]));
    gopts.global = true;
    let mut global = watch(&c, gopts).await;

    let mut g = publish("news", cx.clone());
    g.global = true;
    assert!(
        meets(&c, &mut global, g.clone()).await,
        "global reaches global from any module"
    );
    // a global publish never reaches a scoped subscription
    nothing_arrived(&c, &mut scoped).await;
    let s = publish("news", cx.clone());
    assert!(meets(&c, &mut scoped, s).await);
    // a scoped publish never reaches a global subscription
    nothing_arrived(&c, &mut global).await;

    let mut other_inst = g.clone();
    other_inst.context = ctx("i2", "m", &[]);
    assert!(
        !meets(&c, &mut global, other_inst).await,
        "the global plane is still per installation"
    );
}

async fn token(
    c: &Client,
    channel: &str,
    claims: serde_json::Value,
    perms: Option<Vec<Permission>>,
) -> String {
    c.sign_token(&SignRequest {
        channel: channel.into(),
        claims,
        permissions: perms,
        ttl: None,
        context: ctx("i1", "m", &[]),
    })
    .await
    .expect("sign")
    .token
}

#[tokio::test]
async fn token_claims_are_part_of_the_key() {
    let hub = TestHub::start(&[]);
    let c = hub.client();
    let cx = ctx("i1", "m", &[]);
    let t_sub = token(
        &c,
        "room",
        serde_json::json!({"team": "red", "users": ["a", "b"]}),
        None,
    )
    .await;
    let t_same = token(
        &c,
        "room",
        serde_json::json!({"users": ["a", "b"], "team": "red"}),
        None,
    )
    .await;
    let t_other = token(
        &c,
        "room",
        serde_json::json!({"team": "blue", "users": ["a", "b"]}),
        None,
    )
    .await;
    let mut opts = sub_opts("room", cx.clone());
    opts.token = Some(t_sub);
    let mut sub = watch(&c, opts).await;

    let mut p = publish("room", cx.clone());
    p.token = Some(t_same);
    assert!(
        meets(&c, &mut sub, p).await,
        "equal claims meet, key order does not matter"
    );
    let mut p = publish("room", cx.clone());
    p.token = Some(t_other);
    assert!(
        !meets(&c, &mut sub, p).await,
        "different claims do not meet"
    );
    assert!(
        !meets(&c, &mut sub, publish("room", cx.clone())).await,
        "no token does not meet a token"
    );
}

#[tokio::test]
async fn no_subscriber_gives_null_ids_and_counts_in_metrics() {
    let hub = TestHub::start(&[]);
    let c = hub.client();
    let r = c
        .publish(&publish("empty", ctx("i1", "m", &[])))
        .await
        .expect("publish");
    assert_eq!(r.event_id, None);
    assert_eq!(r.event_timestamp, None);
    let mut sub = subscribed(&c, sub_opts("full", ctx("i1", "m", &[]))).await;
    let r = c
        .publish(&publish("full", ctx("i1", "m", &[])))
        .await
        .expect("publish");
    let id = r.event_id.expect("an id");
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "7", "event ids are UUIDv7");
    let ts: u64 = r.event_timestamp.expect("ts").parse().expect("epoch ms");
    assert!(ts > 1_700_000_000_000);
    assert!(next_event(&mut sub, Duration::from_secs(5)).await.is_some());
    let metrics = hub.metrics().await;
    assert!(
        metrics.contains("frt_publishes_no_subscriber_total 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("frt_events_published_total 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("frt_events_delivered_total 1"),
        "{metrics}"
    );
    assert!(metrics.contains("frt_subscriptions 1"), "{metrics}");
    assert!(metrics.contains("frt_channel_keys 1"), "{metrics}");
}

#[tokio::test]
async fn order_is_kept_per_key() {
    let hub = TestHub::start(&[]);
    let c = hub.client();
    let cx = ctx("i1", "m", &[]);
    let mut sub = subscribed(&c, sub_opts("seq", cx.clone())).await;
    for i in 0..200 {
        let mut p = publish("seq", cx.clone());
        p.payload = i.to_string();
        c.publish(&p).await.expect("publish");
    }
    let mut last_id = String::new();
    for i in 0..200 {
        let e = next_event(&mut sub, Duration::from_secs(5))
            .await
            .expect("event");
        assert_eq!(e.payload, i.to_string());
        assert!(e.event_id > last_id, "event ids sort in publish order");
        last_id = e.event_id;
    }
}
