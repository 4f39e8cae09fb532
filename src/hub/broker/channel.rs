//! One channel key's state on this hub: its live subscriptions, the places held for
//! dropped ones, and the replay buffer. Every event taken in is queued to each live
//! subscription past whose position it lies, so no path (a publish here, a replay, a
//! cluster's pushed events or its backfill) can give a subscription an event twice.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use crate::channel::ChannelKey;
pub use crate::hub::config::BufferLimits;
use crate::hub::metrics::Metrics;
use crate::hub::outbox::{OutFrame, Outbox, Wakes};
use crate::protocol::EventId;

pub struct Channel {
    pub key: Arc<ChannelKey>,
    state: Mutex<ChannelState>,
}

pub(super) struct LiveSub {
    pub serial: u64,
    pub outbox: Arc<Outbox>,
    pub prefix: Arc<str>,
    /// The subscription's position: events at or below it were sent to it already (a
    /// replay) or predate it, and are never queued to it.
    pub after: EventId,
}

pub(super) struct Stored {
    pub id: EventId,
    pub tail: Arc<str>,
}

pub(super) struct ChannelState {
    pub live: Vec<LiveSub>,
    /// Subscriptions on their way in (a cluster hub registering the key in Redis);
    /// they keep the channel state alive like a live subscription.
    pub pending: usize,
    /// The key's position on this hub: the newest event taken in, else where the
    /// state started (nothing at or below it is owed to anyone here). `None` until a
    /// cluster hub has learnt the key's position in Redis.
    pub newest: Option<EventId>,
    /// While a cluster hub resyncs after losing its Redis connection, events from
    /// Redis wait here, so the backfill goes out first and the order holds.
    pub held: Option<Vec<Stored>>,
    /// Grace deadlines of subscriptions whose socket went away, oldest first (the
    /// grace period is fixed, so pushing at the back keeps them sorted).
    pub detached: VecDeque<Instant>,
    /// Where each live subscription sits in `live`, so leaving is O(1) however many
    /// subscribers a key has.
    pub positions: HashMap<u64, usize>,
    pub buffer: VecDeque<Stored>,
    pub buffer_bytes: usize,
    /// Every event id at or below this one is not in the buffer (evicted, or published
    /// before this channel state existed).
    pub floor: EventId,
    pub last_ts: u64,
    pub published: u64,
    pub delivered: u64,
    pub removed: bool,
}

impl Channel {
    /// A new state for `key` whose position is `start` (`None`: to be learnt).
    pub(super) fn new(key: Arc<ChannelKey>, start: Option<EventId>) -> Channel {
        let floor = start.unwrap_or(EventId::new(0, 0, 0));
        Channel {
            key,
            state: Mutex::new(ChannelState {
                live: Vec::new(),
                pending: 0,
                newest: start,
                held: None,
                detached: VecDeque::new(),
                positions: HashMap::new(),
                buffer: VecDeque::new(),
                buffer_bytes: 0,
                floor,
                last_ts: floor.timestamp_ms(),
                published: 0,
                delivered: 0,
                removed: false,
            }),
        }
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, ChannelState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether the key's position on this hub is known yet.
    pub fn has_position(&self) -> bool {
        self.lock().newest.is_some()
    }
}

impl ChannelState {
    pub fn is_empty(&self) -> bool {
        self.live.is_empty() && self.detached.is_empty() && self.pending == 0
    }

    /// The key's position, for a state whose position is known.
    pub fn position(&self) -> EventId {
        self.newest.unwrap_or(self.floor)
    }

    /// Queues an event to every live subscription past whose position it lies and
    /// keeps it for replay; returns how many subscriptions took it.
    pub fn take_in(
        &mut self,
        limits: &BufferLimits,
        id: EventId,
        tail: Arc<str>,
        wakes: &mut Wakes,
    ) -> u64 {
        let mut queued = 0u64;
        for sub in &self.live {
            if id <= sub.after {
                continue;
            }
            let frame = OutFrame::Event {
                prefix: sub.prefix.clone(),
                tail: tail.clone(),
            };
            if sub.outbox.push_deferred(frame, wakes) {
                queued += 1;
            }
        }
        self.published += 1;
        self.delivered += queued;
        self.newest = Some(self.newest.map_or(id, |n| n.max(id)));
        self.buffer_bytes += tail.len();
        self.buffer.push_back(Stored { id, tail });
        self.evict(limits, id.timestamp_ms());
        queued
    }

    pub fn prune_detached(&mut self, now: Instant, metrics: &Metrics) {
        let before = self.detached.len();
        while self
            .detached
            .front()
            .is_some_and(|deadline| *deadline <= now)
        {
            self.detached.pop_front();
        }
        let gone = before - self.detached.len();
        if gone > 0 {
            Metrics::gauge(&metrics.detached_subscriptions, -(gone as i64));
        }
    }

    pub fn evict(&mut self, limits: &BufferLimits, now_ms: u64) {
        let cutoff = now_ms.saturating_sub(limits.replay_window.as_millis() as u64);
        while let Some(front) = self.buffer.front() {
            let too_many = self.buffer.len() > limits.replay_max_events;
            let too_big = self.buffer_bytes > limits.replay_max_bytes;
            let too_old = front.id.timestamp_ms() < cutoff;
            if !(too_many || too_big || too_old) {
                break;
            }
            if let Some(old) = self.buffer.pop_front() {
                self.buffer_bytes -= old.tail.len();
                self.floor = old.id;
            }
        }
    }

    /// The buffered events after `id`, oldest first.
    pub fn buffered_after(&self, id: EventId) -> impl Iterator<Item = (EventId, Arc<str>)> + '_ {
        let first = self.buffer.partition_point(|e| e.id <= id);
        self.buffer.range(first..).map(|e| (e.id, e.tail.clone()))
    }

    /// The buffered events from `cutoff_ms` on, oldest first.
    pub fn buffered_since_ms(
        &self,
        cutoff_ms: u64,
    ) -> impl Iterator<Item = (EventId, Arc<str>)> + '_ {
        let first = self
            .buffer
            .partition_point(|e| e.id.timestamp_ms() < cutoff_ms);
        self.buffer.range(first..).map(|e| (e.id, e.tail.clone()))
    }

    /// Events published within `window_ms` of `now_ms`, for hints.
    pub fn recent(&self, cutoff_ms: u64) -> usize {
        self.buffer.len()
            - self
                .buffer
                .partition_point(|e| e.id.timestamp_ms() < cutoff_ms)
    }
}
