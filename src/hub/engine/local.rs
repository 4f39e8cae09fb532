//! The single hub's engine: everything in this process's memory, every answer at
//! once. The hub numbers events itself, under a random epoch per run.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::health::Health;
use crate::channel::ChannelKey;
use crate::hub::broker::{
    Broker, BrokerConfig, Joining, Numbering, PublishTarget, Published, SubscriptionHandle,
};
use crate::hub::config::HubConfig;
use crate::hub::hints::Hint;
use crate::hub::metrics::Metrics;
use crate::hub::outbox::Wakes;
use crate::hub::ratelimit::RateLimiter;

pub struct LocalEngine {
    pub broker: Arc<Broker>,
    pub limiter: RateLimiter,
    /// Never changes: a single hub is always up.
    health: watch::Sender<Health>,
}

impl LocalEngine {
    pub fn new(config: &HubConfig, epoch: u32, metrics: Arc<Metrics>) -> LocalEngine {
        let broker = Broker::new(
            BrokerConfig {
                limits: config.buffer_limits(),
                clock: config.clock.clone(),
                numbering: Numbering::Local,
            },
            epoch,
            metrics,
        );
        LocalEngine {
            broker: Arc::new(broker),
            limiter: RateLimiter::new(config.rate_limit, config.clock.clone()),
            health: watch::channel(Health::Up).0,
        }
    }

    pub fn take_budget(&self, installation: &str, n: u32, reserve: u32) -> Result<(), Duration> {
        self.limiter.check_leaving(installation, n, reserve)
    }

    pub fn publish(
        &self,
        target: &mut PublishTarget,
        payload: &str,
        wakes: &mut Wakes,
    ) -> Option<Published> {
        self.broker.publish(target, payload, wakes)
    }

    pub fn subscribe(&self, key: ChannelKey, joining: Joining) -> SubscriptionHandle {
        let reservation = self.broker.reserve(key);
        self.broker.join(reservation, joining)
    }

    pub fn publish_hints(&self, key: &ChannelKey) -> Vec<Hint> {
        self.broker.publish_hints(key)
    }

    pub fn subscription_hints(&self, key: &ChannelKey) -> Vec<Hint> {
        self.broker.subscription_hints(key)
    }

    pub fn health_changes(&self) -> watch::Receiver<Health> {
        self.health.subscribe()
    }

    /// Expires grace periods and trims buffers and budgets.
    pub fn sweep(&self) {
        self.broker.sweep();
        self.limiter.sweep();
    }
}
