//! The seam between the hub and where its channel space lives, as Centrifugo's
//! `Broker` separates node and engine: [`local`] keeps it in this process, [`redis`]
//! shares it with every hub of a cluster. The interfaces (REST, GraphQL, the
//! WebSocket, the tap) call [`Engine`] and never ask which one runs; this file is
//! the only place that does.
//!
//! Every call that may need Redis answers an [`Outcome`]: the local engine's is always
//! ready, so a single hub's paths never allocate a future or switch tasks for it.

pub mod health;
pub mod local;
pub mod outcome;
pub mod redis;

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use tokio::sync::watch;

use crate::channel::ChannelKey;
use crate::hub::broker::{
    Broker, ChannelStats, Joining, PublishTarget, Published, SubscriptionHandle,
};
use crate::hub::error::ApiError;
use crate::hub::hints::Hint;
use crate::hub::outbox::{Outbox, Wakes};
use crate::hub::tap::TapFilter;
pub use health::Health;
use local::LocalEngine;
pub use outcome::Outcome;
use redis::RedisEngine;

pub enum Engine {
    Local(LocalEngine),
    Redis(Arc<RedisEngine>),
}

/// A rate budget's answer: taken, or how long until it would be there.
pub type Budget = Result<Result<(), Duration>, ApiError>;

impl Engine {
    /// This hub's channel state (both engines keep their subscribers in it).
    fn broker(&self) -> &Arc<Broker> {
        match self {
            Engine::Local(l) => &l.broker,
            Engine::Redis(r) => &r.broker,
        }
    }

    /// The tag of event ids now.
    pub fn epoch(&self) -> u32 {
        self.broker().epoch()
    }

    /// Takes `n` operations from the installation's budget (the cluster's, under
    /// Redis), leaving `reserve` for others, or says how long until they are there.
    pub fn take_budget(&self, installation: &str, n: u32, reserve: u32) -> Outcome<Budget> {
        match self {
            Engine::Local(l) => Outcome::Ready(Ok(l.take_budget(installation, n, reserve))),
            Engine::Redis(r) => Outcome::Pending(Box::pin(r.clone().take_budget(
                installation.to_string(),
                n,
                reserve,
            ))),
        }
    }

    /// Publishes to every subscription on the target's key, anywhere: `None` (the null
    /// result) when there is none.
    pub fn publish(
        &self,
        target: &mut PublishTarget,
        payload: &str,
        wakes: &mut Wakes,
    ) -> Outcome<Result<Option<Published>, ApiError>> {
        match self {
            Engine::Local(l) => Outcome::Ready(Ok(l.publish(target, payload, wakes))),
            Engine::Redis(r) => Outcome::Pending(Box::pin(
                r.clone().publish(target.key.clone(), payload.to_string()),
            )),
        }
    }

    /// Near keys for a publish that found nobody.
    pub fn publish_hints(&self, key: &Arc<ChannelKey>) -> Outcome<Vec<Hint>> {
        match self {
            Engine::Local(l) => Outcome::Ready(l.publish_hints(key)),
            Engine::Redis(r) => Outcome::Pending(Box::pin(r.clone().publish_hints(key.clone()))),
        }
    }

    /// Confirms a subscription: its `subscribed` frame and replay are queued on its
    /// outbox, and from then on a publish anywhere finds it.
    pub fn subscribe(
        &self,
        key: ChannelKey,
        joining: Joining,
    ) -> Outcome<Result<SubscriptionHandle, ApiError>> {
        match self {
            Engine::Local(l) => Outcome::Ready(Ok(l.subscribe(key, joining))),
            Engine::Redis(r) => Outcome::Pending(Box::pin(r.clone().subscribe(key, joining))),
        }
    }

    /// Ends a subscription for good.
    pub fn unsubscribe(&self, handle: &SubscriptionHandle) {
        self.broker().unsubscribe(handle);
    }

    /// Ends a subscription whose socket went away, holding its place for the grace
    /// period.
    pub fn detach(&self, handle: &SubscriptionHandle) {
        self.broker().detach(handle);
    }

    /// Near keys with recent events, for a subscription that gets nothing.
    pub fn subscription_hints(&self, key: &Arc<ChannelKey>) -> Outcome<Vec<Hint>> {
        match self {
            Engine::Local(l) => Outcome::Ready(l.subscription_hints(key)),
            Engine::Redis(r) => {
                Outcome::Pending(Box::pin(r.clone().subscription_hints(key.clone())))
            }
        }
    }

    /// Attaches a tap writing to `outbox` (under Redis, once every hub's publishes are
    /// told here); answers the serial that detaches it.
    pub fn attach_tap(
        &self,
        id: String,
        filter: TapFilter,
        outbox: &Arc<Outbox>,
    ) -> Outcome<Result<u64, ApiError>> {
        let broker = self.broker().clone();
        let outbox = outbox.clone();
        match self {
            Engine::Local(_) => Outcome::Ready(Ok(broker.taps.attach(id, filter, &outbox))),
            Engine::Redis(r) => {
                let ready = r.clone().watch_taps();
                Outcome::Pending(Box::pin(async move {
                    ready.await?;
                    Ok(broker.taps.attach(id, filter, &outbox))
                }))
            }
        }
    }

    pub fn detach_tap(&self, serial: u64) {
        self.broker().taps.detach(serial);
    }

    /// Live keys: the whole channel space, or this hub's own (`this_hub`).
    pub fn channels(&self, this_hub: bool) -> Outcome<Result<Vec<ChannelStats>, ApiError>> {
        match self {
            Engine::Redis(r) if !this_hub => Outcome::Pending(Box::pin(r.clone().channels())),
            _ => Outcome::Ready(Ok(self.broker().stats())),
        }
    }

    /// This hub's own figures (its connections, subscriptions and keys).
    pub fn own_metrics(&self) -> String {
        let broker = self.broker();
        broker.metrics().render(broker.channel_count())
    }

    /// `/metrics`: this hub's figures, then the engine's.
    pub fn metrics_text(&self) -> Outcome<String> {
        let own = self.own_metrics();
        match self {
            Engine::Local(_) => Outcome::Ready(own),
            Engine::Redis(r) => Outcome::Pending(Box::pin(r.clone().render_metrics(own))),
        }
    }

    pub fn health(&self) -> Health {
        match self {
            Engine::Local(_) => Health::Up,
            Engine::Redis(r) => r.link().health(),
        }
    }

    /// Tells of every change of health (never, for a single hub).
    pub fn health_changes(&self) -> watch::Receiver<Health> {
        match self {
            Engine::Local(l) => l.health_changes(),
            Engine::Redis(r) => r.link().health_changes(),
        }
    }

    /// `/healthz`: its status and body.
    pub fn health_report(&self) -> (StatusCode, serde_json::Value) {
        match self {
            Engine::Local(_) => (StatusCode::OK, serde_json::json!({"status": "ok"})),
            Engine::Redis(r) => match r.link().health() {
                Health::Up => (
                    StatusCode::OK,
                    serde_json::json!({"status": "ok", "hub": r.hub_id(), "redis": "up"}),
                ),
                Health::Reset(why) => (
                    StatusCode::OK,
                    serde_json::json!({
                        "status": "ok",
                        "hub": r.hub_id(),
                        "redis": "up",
                        "state": format!("lost and registered again ({why}); events from before cannot be replayed"),
                    }),
                ),
                Health::Down(why) => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    serde_json::json!({
                        "status": "degraded",
                        "hub": r.hub_id(),
                        "redis": format!("unreachable: {why}"),
                        "message": "publishes fail with 503 until Redis answers again; subscribers stay connected",
                    }),
                ),
            },
        }
    }

    /// What `frt serve` says about where its channel space lives, beyond itself.
    pub fn describe(&self) -> Option<String> {
        match self {
            Engine::Local(_) => None,
            Engine::Redis(r) => Some(format!(
                "one of the cluster at {} (this hub: {}); keys, replay and rate budgets live there",
                r.redacted_url(),
                r.hub_id()
            )),
        }
    }

    /// Expires grace periods and trims buffers now (the sweeper does it periodically;
    /// a test that moved the clock calls it).
    pub fn sweep(&self) {
        match self {
            Engine::Local(l) => l.sweep(),
            Engine::Redis(r) => r.broker.sweep(),
        }
    }

    /// Starts the engine's background work for a hub reached at `endpoint`.
    pub fn start(self: &Arc<Self>, endpoint: String) -> Vec<tokio::task::JoinHandle<()>> {
        let mut tasks = match &**self {
            Engine::Local(_) => Vec::new(),
            Engine::Redis(r) => {
                let tasks = r.start(endpoint);
                tracing::info!(hub = %r.hub_id(), redis = %r.redacted_url(), "joined the cluster");
                tasks
            }
        };
        let engine = self.clone();
        let every = engine.broker().grace_sweep_interval();
        tasks.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                engine.sweep();
            }
        }));
        tasks
    }

    /// Leaves the cluster's views at shutdown (nothing to do for a single hub).
    pub async fn leave(&self) {
        if let Engine::Redis(r) = self {
            r.leave().await;
        }
    }
}
