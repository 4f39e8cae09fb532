//! Channel state on this hub: who is subscribed to each key, the replay buffer,
//! fan-out, and the grace period that keeps a dropped subscriber counted until it
//! resumes. Both engines keep their subscribers here; the Redis engine feeds it the
//! cluster's events.
//!
//! Every subscription has a position from the moment it is confirmed (the key's
//! position then, or the last event of its replay), sent in its `subscribed` frame:
//! a resume with `since` = that position gets everything after it, and no path ever
//! queues a subscription an event at or below its position.
//!
//! Locking: the key map is held only to find or insert a channel; each channel has
//! its own lock, held while an event is numbered, buffered and queued to every
//! subscriber (which gives per-key ordering). When both are needed, the map is taken
//! first. Nothing here awaits.

mod channel;
mod index;
mod replay;
#[cfg(test)]
mod tests;
mod types;

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

pub use channel::{BufferLimits, Channel};
use channel::{LiveSub, Stored};
pub use types::*;

use crate::channel::ChannelKey;
use crate::hub::clock::Clock;
use crate::hub::hints::{self, HINT_WINDOW, Hint, MissMemory};
use crate::hub::metrics::Metrics;
use crate::hub::outbox::{OutFrame, Wakes};
use crate::hub::tap::{Routed, Taps};
use crate::protocol::{EventId, ServerFrame, event_tail, format_epoch_tag};
use index::Channels;

/// A channel state held for a subscription on its way in ([`Broker::reserve`]).
pub struct Reservation {
    broker: Arc<Broker>,
    channel: Arc<Channel>,
    /// Set by [`Broker::join`], which takes the reservation's place.
    joined: bool,
}

impl Reservation {
    pub fn key(&self) -> &Arc<ChannelKey> {
        &self.channel.key
    }

    pub fn channel(&self) -> &Arc<Channel> {
        &self.channel
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if self.joined {
            return;
        }
        let empty = {
            let mut st = self.channel.lock();
            st.pending -= 1;
            st.is_empty()
        };
        if empty {
            self.broker.remove_if_empty(&self.channel);
        }
    }
}

pub struct Broker {
    channels: Mutex<Channels>,
    misses: Mutex<MissMemory>,
    limits: BufferLimits,
    numbering: Numbering,
    /// The hub run's tag in event ids; a cluster's, shared by its hubs, can change
    /// when Redis loses its data.
    epoch: AtomicU32,
    /// Told of every key whose channel state went away (a cluster hub then stops
    /// listening for it in Redis).
    removals: OnceLock<tokio::sync::mpsc::UnboundedSender<Arc<ChannelKey>>>,
    seq: AtomicU64,
    serial: AtomicU64,
    metrics: Arc<Metrics>,
    clock: Arc<dyn Clock>,
    pub taps: Taps,
}

impl Broker {
    pub fn new(config: BrokerConfig, epoch: u32, metrics: Arc<Metrics>) -> Broker {
        Broker {
            channels: Mutex::new(Channels::default()),
            misses: Mutex::new(MissMemory::default()),
            limits: config.limits,
            numbering: config.numbering,
            clock: config.clock,
            epoch: AtomicU32::new(epoch),
            removals: OnceLock::new(),
            seq: AtomicU64::new(1),
            serial: AtomicU64::new(1),
            metrics,
            taps: Taps::default(),
        }
    }

    pub fn epoch(&self) -> u32 {
        self.epoch.load(Ordering::Relaxed)
    }

    /// Adopts the cluster's epoch.
    pub fn set_epoch(&self, epoch: u32) {
        self.epoch.store(epoch, Ordering::Relaxed);
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// How often grace periods are checked: a few times per grace period, within
    /// reason.
    pub fn grace_sweep_interval(&self) -> std::time::Duration {
        use std::time::Duration;
        (self.limits.grace / 4).clamp(Duration::from_millis(50), Duration::from_secs(1))
    }

    /// Sends every key whose channel state goes away to `tx`.
    pub fn notify_removals(&self, tx: tokio::sync::mpsc::UnboundedSender<Arc<ChannelKey>>) {
        let _ = self.removals.set(tx);
    }

    fn map(&self) -> MutexGuard<'_, Channels> {
        self.channels.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn channel_count(&self) -> usize {
        self.map().len()
    }

    /// The live channel state of `key`, if anyone holds it.
    pub fn lookup(&self, key: &ChannelKey) -> Option<Arc<Channel>> {
        self.map().get(key).cloned()
    }

    /// Publishes to every subscription on the target's key. `None` when there is none
    /// (the event is then not stored at all). Connections to wake are added to `wakes`.
    pub fn publish(
        &self,
        target: &mut PublishTarget,
        payload: &str,
        wakes: &mut Wakes,
    ) -> Option<Published> {
        let result = loop {
            let channel = match &target.channel {
                Some(c) => c.clone(),
                None => {
                    let Some(found) = self.lookup(&target.key) else {
                        Metrics::inc(&self.metrics.publishes_no_subscriber);
                        break None;
                    };
                    target.channel = Some(found.clone());
                    found
                }
            };
            match self.publish_to(&channel, payload, wakes) {
                Ok(result) => break result,
                Err(Gone) => target.channel = None,
            }
        };
        self.tap(&target.key, payload, result, false, wakes);
        result
    }

    /// Shows a routed event to the taps (nothing to do when none is attached).
    pub fn tap(
        &self,
        key: &ChannelKey,
        payload: &str,
        result: Option<Published>,
        receivers_are_hubs: bool,
        wakes: &mut Wakes,
    ) {
        if self.taps.is_idle() {
            return;
        }
        let routed = Routed {
            key,
            payload,
            event: result.map(|p| (p.id.to_string(), p.timestamp_ms)),
            receivers: result.map_or(0, |p| p.receivers),
            receivers_are_hubs,
            routed_at: result.map_or_else(|| self.clock.now_ms(), |p| p.timestamp_ms),
        };
        self.taps.observe(routed, wakes);
    }

    /// Publishes on a channel state found earlier. `Err(Gone)` when that state has
    /// been removed: look the key up again.
    fn publish_to(
        &self,
        channel: &Arc<Channel>,
        payload: &str,
        wakes: &mut Wakes,
    ) -> Result<Option<Published>, Gone> {
        let mut st = channel.lock();
        if st.removed {
            return Err(Gone);
        }
        st.prune_detached(self.clock.now(), &self.metrics);
        if st.is_empty() {
            drop(st);
            Metrics::inc(&self.metrics.publishes_no_subscriber);
            return Ok(None);
        }
        let ts = self.clock.now_ms().max(st.last_ts);
        st.last_ts = ts;
        let id = EventId::new(ts, self.seq.fetch_add(1, Ordering::Relaxed), self.epoch());
        let tail = event_tail(id, ts, payload);
        let queued = st.take_in(&self.limits, id, tail, wakes);
        drop(st);
        Metrics::inc(&self.metrics.events_published);
        Ok(Some(Published {
            id,
            timestamp_ms: ts,
            receivers: queued,
        }))
    }

    /// Holds `key`'s channel state for a subscription on its way in: events arriving
    /// meanwhile are kept for it, and the state cannot go away. Dropping the
    /// reservation unused gives it back.
    pub fn reserve(self: &Arc<Self>, key: ChannelKey) -> Reservation {
        let key = Arc::new(key);
        loop {
            let channel = {
                let mut map = self.map();
                match map.get(&key) {
                    Some(existing) => existing.clone(),
                    None => {
                        let channel = Arc::new(Channel::new(key.clone(), self.start_position()));
                        map.insert(channel.clone());
                        channel
                    }
                }
            };
            let mut st = channel.lock();
            if st.removed {
                continue;
            }
            st.pending += 1;
            drop(st);
            return Reservation {
                broker: self.clone(),
                channel,
                joined: false,
            };
        }
    }

    /// Where a new channel state starts: below every event this hub will number (a
    /// single hub); unknown until registered (a cluster).
    fn start_position(&self) -> Option<EventId> {
        match self.numbering {
            Numbering::Local => {
                let next = self.seq.load(Ordering::Relaxed);
                Some(EventId::new(
                    self.clock.now_ms(),
                    next.saturating_sub(1),
                    self.epoch(),
                ))
            }
            Numbering::Cluster => None,
        }
    }

    /// Tells a reserved channel state the key's position in the cluster (the top of
    /// its stream when this hub registered it): events at or below it that arrive
    /// later are not taken in again.
    pub fn settle(&self, reservation: &Reservation, top: EventId) {
        let mut st = reservation.channel.lock();
        st.newest = Some(st.newest.map_or(top, |n| n.max(top)));
    }

    /// Tells the channel state of `key` its position in the cluster, learnt again
    /// after Redis lost its state.
    pub fn settle_key(&self, key: &ChannelKey, top: EventId) {
        if let Some(channel) = self.lookup(key) {
            let mut st = channel.lock();
            st.newest = Some(st.newest.map_or(top, |n| n.max(top)));
        }
    }

    /// The cluster's Redis lost its state: events are numbered afresh under `epoch`,
    /// so every key's position is to be learnt again ([`Broker::settle_key`]), and
    /// every subscription starts over from there (none has seen an event of the new
    /// epoch).
    pub fn restart_positions(&self, epoch: u32) {
        self.set_epoch(epoch);
        for channel in self.map().all() {
            let mut st = channel.lock();
            st.newest = None;
            for sub in st.live.iter_mut() {
                sub.after = EventId::new(0, 0, 0);
            }
        }
    }

    /// Turns a reservation into a live subscription. Under the channel's lock it
    /// queues the confirmation frame (with `recovered` and the subscription's
    /// position), then the replayed backlog, then joins the live list with that
    /// position, so there is no gap and no duplicate between replayed and live events.
    pub fn join(&self, mut reservation: Reservation, joining: Joining) -> SubscriptionHandle {
        reservation.joined = true;
        let channel = reservation.channel.clone();
        let mut st = channel.lock();
        st.pending -= 1;
        st.prune_detached(self.clock.now(), &self.metrics);
        let now_ms = self.clock.now_ms();
        st.evict(&self.limits, now_ms);
        let Joining {
            outbox,
            id,
            replay,
            backlog,
        } = joining;
        let cutoff = replay::cutoff(&self.limits, replay, now_ms);
        let (mut events, mut recovered) = match backlog {
            Some(from_redis) => replay::after_backlog(&st, replay, from_redis, cutoff),
            None => {
                let found = replay::from_buffer(&st, replay, self.epoch(), cutoff);
                // The resume of a dropped subscription takes back one of the places
                // held for the grace period.
                if found.resumed && st.detached.pop_back().is_some() {
                    Metrics::gauge(&self.metrics.detached_subscriptions, -1);
                }
                (found.events, found.recovered)
            }
        };
        let prefix = crate::protocol::event_prefix(&id);
        let fits = replay::fitting(&events, &prefix, outbox.replay_room());
        if fits > 0 {
            recovered = false;
        }
        let position = events
            .last()
            .map_or(st.position(), |(last, _)| st.position().max(*last));
        let confirmation = serde_json::to_string(&ServerFrame::Subscribed {
            id,
            epoch: format_epoch_tag(self.epoch()),
            recovered,
            position: Some(position.to_string()),
        })
        .unwrap_or_default();
        let frames = std::iter::once(OutFrame::Text(confirmation)).chain(events.drain(fits..).map(
            |(_, tail)| OutFrame::Event {
                prefix: prefix.clone(),
                tail,
            },
        ));
        outbox.push_reply(frames);
        let serial = self.serial.fetch_add(1, Ordering::Relaxed);
        let at = st.live.len();
        st.positions.insert(serial, at);
        st.live.push(LiveSub {
            serial,
            outbox,
            prefix,
            after: position,
        });
        drop(st);
        Metrics::gauge(&self.metrics.subscriptions, 1);
        SubscriptionHandle {
            channel,
            serial,
            recovered,
            position,
        }
    }

    /// Takes in an event a cluster hub received from Redis: queued to every live
    /// subscription past whose position it lies and kept for replay, once however
    /// often it arrives.
    pub fn deliver(
        &self,
        key: &ChannelKey,
        id: EventId,
        timestamp_ms: u64,
        payload: &str,
        wakes: &mut Wakes,
    ) {
        let Some(channel) = self.lookup(key) else {
            return;
        };
        let mut st = channel.lock();
        if st.removed || st.newest.is_some_and(|n| id <= n) {
            return;
        }
        let tail = event_tail(id, timestamp_ms, payload);
        st.last_ts = st.last_ts.max(timestamp_ms);
        if let Some(held) = st.held.as_mut() {
            if held.len() < self.limits.replay_max_events {
                held.push(Stored { id, tail });
            }
            return;
        }
        st.take_in(&self.limits, id, tail, wakes);
    }

    /// Holds events from Redis on every channel until [`Broker::release`]: a
    /// cluster hub lost its Redis connection and must backfill what it missed first.
    /// Returns each key with its position, where the backfill starts (`None`: not
    /// known yet, from the start of the window).
    pub fn hold_all(&self) -> Vec<(Arc<ChannelKey>, Option<EventId>)> {
        let channels = self.map().all();
        channels
            .into_iter()
            .map(|c| {
                let mut st = c.lock();
                if st.held.is_none() {
                    st.held = Some(Vec::new());
                }
                (c.key.clone(), st.newest)
            })
            .collect()
    }

    /// Ends a hold on `key`: the backfill read from Redis goes out first, then what
    /// arrived meanwhile, each event once.
    pub fn release(&self, key: &ChannelKey, backfill: Vec<(EventId, String)>) {
        let Some(channel) = self.lookup(key) else {
            return;
        };
        let mut wakes = Wakes::default();
        let mut st = channel.lock();
        let held = st.held.take().unwrap_or_default();
        let backfill = backfill.into_iter().map(|(id, payload)| Stored {
            id,
            tail: event_tail(id, id.timestamp_ms(), &payload),
        });
        for e in backfill.chain(held) {
            if st.newest.is_none_or(|n| e.id > n) {
                st.take_in(&self.limits, e.id, e.tail, &mut wakes);
            }
        }
    }

    fn remove_live(&self, channel: &Arc<Channel>, serial: u64, hold: bool) {
        let mut st = channel.lock();
        // Delivery order among subscriptions does not matter, so swap_remove keeps
        // this cheap when thousands leave a key at once.
        let Some(at) = st.positions.remove(&serial) else {
            return;
        };
        st.live.swap_remove(at);
        if let Some(moved) = st.live.get(at).map(|s| s.serial) {
            st.positions.insert(moved, at);
        }
        Metrics::gauge(&self.metrics.subscriptions, -1);
        if hold && !self.limits.grace.is_zero() {
            st.detached.push_back(self.clock.now() + self.limits.grace);
            Metrics::gauge(&self.metrics.detached_subscriptions, 1);
        }
        let empty = st.is_empty();
        drop(st);
        if empty {
            self.remove_if_empty(channel);
        }
    }

    /// Ends a subscription for good (unsubscribe, expired token, hub shutdown).
    pub fn unsubscribe(&self, handle: &SubscriptionHandle) {
        self.remove_live(&handle.channel, handle.serial, false);
    }

    /// Ends a subscription whose socket went away, holding its place for the grace
    /// period so a resume with `since` loses nothing.
    pub fn detach(&self, handle: &SubscriptionHandle) {
        self.remove_live(&handle.channel, handle.serial, true);
    }

    fn remove_if_empty(&self, channel: &Arc<Channel>) {
        let mut map = self.map();
        let mut st = channel.lock();
        st.prune_detached(self.clock.now(), &self.metrics);
        if st.removed || !st.is_empty() {
            return;
        }
        st.removed = true;
        if let Some(tx) = self.removals.get() {
            let _ = tx.send(channel.key.clone());
        }
        map.remove(channel);
    }

    /// Hints for a publish that found no subscriber on `key`; also remembers the miss
    /// for hints to idle subscribers. Only ever looks within `key`'s installation.
    /// Messages are written only for the few hints returned.
    pub fn publish_hints(&self, key: &ChannelKey) -> Vec<Hint> {
        let now = self.clock.now_ms();
        self.misses
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remember(key, now);
        let near = self.map().near(key);
        let near = near
            .into_iter()
            .map(|c| {
                let st = c.lock();
                ((st.live.len() + st.detached.len()) as u64, c.key.clone())
            })
            .collect();
        hints::ranked_publish_hints(key, near)
    }

    /// Hints for a subscription on `key` that is getting nothing: near keys that got
    /// publishes within [`HINT_WINDOW`], delivered or not.
    pub fn subscription_hints(&self, key: &ChannelKey) -> Vec<Hint> {
        let cutoff = self
            .clock
            .now_ms()
            .saturating_sub(HINT_WINDOW.as_millis() as u64);
        let near = self.map().near(key);
        let mut recent: Vec<(u64, Arc<ChannelKey>)> = near
            .into_iter()
            .map(|c| (c.lock().recent(cutoff) as u64, c.key.clone()))
            .collect();
        let misses = self.misses.lock().unwrap_or_else(|p| p.into_inner());
        recent.extend(misses.near(key, cutoff).map(|m| (m.count, m.key.clone())));
        drop(misses);
        hints::ranked_subscription_hints(key, recent)
    }

    /// Expires grace periods, trims replay buffers by age and removes channels nobody
    /// holds any more. Run periodically.
    pub fn sweep(&self) {
        let channels = self.map().all();
        let now = self.clock.now();
        let now_ms = self.clock.now_ms();
        for channel in channels {
            let mut st = channel.lock();
            st.prune_detached(now, &self.metrics);
            st.evict(&self.limits, now_ms);
            let empty = st.is_empty();
            drop(st);
            if empty {
                self.remove_if_empty(&channel);
            }
        }
    }

    /// A snapshot of every live key, for listings and hints.
    pub fn stats(&self) -> Vec<ChannelStats> {
        let channels = self.map().all();
        channels
            .into_iter()
            .map(|c| {
                let st = c.lock();
                ChannelStats {
                    key: c.key.clone(),
                    subscribers: st.live.len(),
                    detached: st.detached.len(),
                    published: st.published,
                    delivered: st.delivered,
                    last_event_ms: (st.last_ts > 0 && st.published > 0).then_some(st.last_ts),
                }
            })
            .collect()
    }
}
