//! The broker's vocabulary: what goes in (configuration, replays, publishes,
//! subscriptions on their way in) and what comes out (handles, statistics).

use std::sync::Arc;

use super::channel::{BufferLimits, Channel};
use crate::channel::ChannelKey;
use crate::hub::clock::Clock;
use crate::hub::outbox::Outbox;
use crate::protocol::EventId;

/// Who numbers the events of this hub's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// This hub (a single hub): a key's position starts where the hub's counter is.
    Local,
    /// A cluster, in Redis: a key's position is learnt from Redis when it is
    /// registered ([`Broker::settle`]).
    Cluster,
}

#[derive(Debug, Clone)]
pub struct BrokerConfig {
    pub limits: BufferLimits,
    pub clock: Arc<dyn Clock>,
    pub numbering: Numbering,
}

/// What a new subscription asks to receive before live events.
#[derive(Debug, Clone, Copy, Default)]
pub struct Replay {
    pub since: Option<EventId>,
    pub replay_seconds: Option<u64>,
}

impl Replay {
    pub fn wanted(&self) -> bool {
        self.since.is_some() || self.replay_seconds.is_some()
    }
}

/// Events a cluster read from Redis for a replay or resume, oldest first, already cut
/// to what the subscription asked for, and whether they are everything it asked for.
pub struct Backlog {
    pub events: Vec<(EventId, Arc<str>)>,
    pub recovered: bool,
}

/// A published event's identity.
#[derive(Debug, Clone, Copy)]
pub struct Published {
    pub id: EventId,
    pub timestamp_ms: u64,
    /// Subscriptions the event was queued for (in a cluster: hubs it reached).
    pub receivers: u64,
}

/// Where a publish goes: its key, and the channel state found for it, which a stream
/// keeps between events so it does not hash its key each time.
pub struct PublishTarget {
    pub key: Arc<ChannelKey>,
    pub(super) channel: Option<Arc<Channel>>,
}

impl PublishTarget {
    pub fn new(key: Arc<ChannelKey>) -> PublishTarget {
        PublishTarget { key, channel: None }
    }
}

/// A channel state that was removed since it was looked up.
#[derive(Debug)]
pub struct Gone;

/// A subscription on its way in: where its frames go and what it asked for.
pub struct Joining {
    pub outbox: Arc<Outbox>,
    /// The subscription's id on its connection.
    pub id: String,
    pub replay: Replay,
    /// What a cluster read from Redis for the replay; the channel's buffer continues it.
    pub backlog: Option<Backlog>,
}

/// A subscription's handle, kept by its connection.
pub struct SubscriptionHandle {
    pub channel: Arc<Channel>,
    pub serial: u64,
    pub recovered: bool,
    pub position: EventId,
}

/// Statistics of one channel key, for listings.
#[derive(Debug, Clone)]
pub struct ChannelStats {
    pub key: Arc<ChannelKey>,
    pub subscribers: usize,
    pub detached: usize,
    pub published: u64,
    pub delivered: u64,
    pub last_event_ms: Option<u64>,
}
