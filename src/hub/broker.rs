//! Channel state: who is subscribed to each key, the replay buffer, fan-out, and the
//! grace period that keeps a dropped subscriber counted until it resumes.
//!
//! Locking: the key map is held only to find or insert a channel; each channel has
//! its own lock, held while an event is numbered, buffered and queued to every
//! subscriber (which gives per-key ordering). When both are needed, the map is taken
//! first. Nothing here awaits.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use crate::channel::ChannelKey;
use crate::hub::clock::Clock;
use crate::hub::hints::{self, HINT_WINDOW, Hint, MissMemory, name_slot};
use crate::hub::metrics::Metrics;
use crate::hub::outbox::{OutFrame, Outbox, Wakes};
use crate::hub::tap::{Routed, Taps};
use crate::protocol::EventId;

/// Limits of the replay buffer and of the resume grace period.
#[derive(Debug, Clone)]
pub struct BrokerConfig {
    pub replay_window: Duration,
    pub replay_max_events: usize,
    pub replay_max_bytes: usize,
    pub grace: Duration,
    pub clock: Arc<dyn Clock>,
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
    /// Subscriptions the event was queued for.
    pub receivers: u64,
}

/// A channel state that was removed since it was looked up.
#[derive(Debug)]
pub struct Gone;

/// A channel state held for a subscription on its way in ([`Broker::reserve`]).
pub struct Reservation<'a> {
    broker: &'a Broker,
    channel: Arc<Channel>,
    /// Set by [`Broker::join`], which takes the reservation's place.
    joined: bool,
}

impl Reservation<'_> {
    pub fn key(&self) -> &Arc<ChannelKey> {
        &self.channel.key
    }
}

impl Drop for Reservation<'_> {
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

/// A subscription's handle, kept by its connection.
pub struct SubscriptionHandle {
    pub channel: Arc<Channel>,
    pub serial: u64,
    pub recovered: bool,
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

pub struct Channel {
    pub key: Arc<ChannelKey>,
    state: Mutex<ChannelState>,
}

struct LiveSub {
    serial: u64,
    outbox: Arc<Outbox>,
    prefix: Arc<str>,
}

struct Stored {
    id: EventId,
    tail: Arc<str>,
}

struct ChannelState {
    live: Vec<LiveSub>,
    /// Subscriptions on their way in (a cluster hub registering the key in Redis);
    /// they keep the channel state alive like a live subscription.
    pending: usize,
    /// The newest event this state has taken in: cluster deliveries at or below it are
    /// duplicates (a resync overlapping live traffic).
    newest: EventId,
    /// While a cluster hub resyncs after losing its Redis connection, events from
    /// Redis wait here, so the backfill goes out first and the order holds.
    held: Option<Vec<Stored>>,
    /// Grace deadlines of subscriptions whose socket went away, oldest first (the
    /// grace period is fixed, so pushing at the back keeps them sorted).
    detached: VecDeque<Instant>,
    /// Where each live subscription sits in `live`, so leaving is O(1) however many
    /// subscribers a key has.
    positions: HashMap<u64, usize>,
    buffer: VecDeque<Stored>,
    buffer_bytes: usize,
    /// Every event id at or below this one is not in the buffer (evicted, or published
    /// before this channel state existed).
    floor: EventId,
    last_ts: u64,
    published: u64,
    delivered: u64,
    removed: bool,
}

impl ChannelState {
    fn is_empty(&self) -> bool {
        self.live.is_empty() && self.detached.is_empty() && self.pending == 0
    }

    /// Queues an event to every live subscription and keeps it for replay; returns
    /// how many subscriptions took it.
    fn take_in(
        &mut self,
        config: &BrokerConfig,
        id: EventId,
        tail: Arc<str>,
        wakes: &mut Wakes,
    ) -> u64 {
        let mut queued = 0u64;
        for sub in &self.live {
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
        self.newest = self.newest.max(id);
        self.buffer_bytes += tail.len();
        self.buffer.push_back(Stored { id, tail });
        self.evict(config, id.timestamp_ms());
        queued
    }

    fn prune_detached(&mut self, now: Instant, metrics: &Metrics) {
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

    fn evict(&mut self, config: &BrokerConfig, now_ms: u64) {
        let cutoff = now_ms.saturating_sub(config.replay_window.as_millis() as u64);
        while let Some(front) = self.buffer.front() {
            let too_many = self.buffer.len() > config.replay_max_events;
            let too_big = self.buffer_bytes > config.replay_max_bytes;
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
}

impl Channel {
    fn lock(&self) -> MutexGuard<'_, ChannelState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Live channels, by key and, for near-miss hints, by installation and lower-cased
/// name (so a publish that found nobody looks at a handful of keys, not all of them).
#[derive(Default)]
struct Channels {
    by_key: HashMap<Arc<ChannelKey>, Arc<Channel>>,
    by_name: HashMap<(String, String), Vec<Arc<Channel>>>,
}

/// Most near keys a hint computation looks at.
const MAX_NEAR_SCAN: usize = 256;

pub struct Broker {
    channels: Mutex<Channels>,
    misses: Mutex<MissMemory>,
    config: BrokerConfig,
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

/// The shared tail of an event frame: `"eventId":"…","eventTimestamp":"…","payload":"…"}`.
/// Built once per event and shared by every subscriber.
pub fn event_tail(id: EventId, timestamp_ms: u64, payload: &str) -> Arc<str> {
    let mut s = String::with_capacity(payload.len() + 96);
    s.push_str("\"eventId\":\"");
    s.push_str(std::str::from_utf8(&id.to_ascii()).unwrap_or_default());
    s.push_str("\",\"eventTimestamp\":\"");
    s.push_str(itoa::Buffer::new().format(timestamp_ms));
    s.push_str("\",\"payload\":");
    crate::protocol::push_json_string(&mut s, payload);
    s.push('}');
    Arc::from(s)
}

/// The per-subscription head of an event frame: `{"type":"event","id":"s1",`.
pub fn event_prefix(subscription_id: &str) -> Arc<str> {
    let id = serde_json::to_string(subscription_id).unwrap_or_default();
    Arc::from(format!("{{\"type\":\"event\",\"id\":{id},"))
}

impl Broker {
    pub fn new(config: BrokerConfig, epoch: u32, metrics: Arc<Metrics>) -> Broker {
        Broker {
            channels: Mutex::new(Channels::default()),
            misses: Mutex::new(MissMemory::default()),
            clock: config.clock.clone(),
            config,
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

    /// Sends every key whose channel state goes away to `tx`.
    pub fn notify_removals(&self, tx: tokio::sync::mpsc::UnboundedSender<Arc<ChannelKey>>) {
        let _ = self.removals.set(tx);
    }

    fn map(&self) -> MutexGuard<'_, Channels> {
        self.channels.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn channel_count(&self) -> usize {
        self.map().by_key.len()
    }

    /// The live channel state of `key`, if anyone holds it.
    pub fn lookup(&self, key: &ChannelKey) -> Option<Arc<Channel>> {
        self.map().by_key.get(key).cloned()
    }

    /// Publishes to every subscription on `key`. `None` when there is none (the event
    /// is then not stored at all). Connections to wake are added to `wakes`.
    pub fn publish(&self, key: &ChannelKey, payload: &str, wakes: &mut Wakes) -> Option<Published> {
        let result = loop {
            let Some(channel) = self.lookup(key) else {
                Metrics::inc(&self.metrics.publishes_no_subscriber);
                break None;
            };
            if let Ok(result) = self.publish_to(&channel, payload, wakes) {
                break result;
            }
        };
        self.tap(key, payload, result, wakes);
        result
    }

    /// Shows a routed event to the taps (nothing to do when none is attached).
    pub fn tap(
        &self,
        key: &ChannelKey,
        payload: &str,
        result: Option<Published>,
        wakes: &mut Wakes,
    ) {
        if self.taps.is_idle() {
            return;
        }
        let routed = Routed {
            key,
            payload,
            event: result.map(|p| {
                let id = p.id.to_ascii();
                (String::from_utf8_lossy(&id).into_owned(), p.timestamp_ms)
            }),
            receivers: result.map_or(0, |p| p.receivers),
            receivers_are_hubs: false,
            routed_at: result.map_or_else(|| self.clock.now_ms(), |p| p.timestamp_ms),
        };
        self.taps.observe(routed, wakes);
    }

    /// Publishes on `key`, reusing (and refreshing) the channel state a stream found
    /// for an earlier event, so a stream does not hash its key for every event.
    pub fn publish_cached(
        &self,
        key: &ChannelKey,
        state: &mut Option<Arc<Channel>>,
        payload: &str,
        wakes: &mut Wakes,
    ) -> Option<Published> {
        let result = loop {
            let channel = match state {
                Some(c) => c.clone(),
                None => {
                    let Some(found) = self.lookup(key) else {
                        Metrics::inc(&self.metrics.publishes_no_subscriber);
                        break None;
                    };
                    *state = Some(found.clone());
                    found
                }
            };
            match self.publish_to(&channel, payload, wakes) {
                Ok(result) => break result,
                Err(Gone) => *state = None,
            }
        };
        self.tap(key, payload, result, wakes);
        result
    }

    /// Publishes on a channel state found earlier (streams keep it between events).
    /// `Err(Gone)` when that state has been removed: look the key up again.
    pub fn publish_to(
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
        let queued = st.take_in(&self.config, id, tail, wakes);
        drop(st);
        Metrics::inc(&self.metrics.events_published);
        Ok(Some(Published {
            id,
            timestamp_ms: ts,
            receivers: queued,
        }))
    }

    /// Registers a subscription at once (the single hub). See [`Broker::join`].
    pub fn subscribe(
        &self,
        key: ChannelKey,
        outbox: &Arc<Outbox>,
        prefix: Arc<str>,
        replay: Replay,
        confirmation: impl Fn(bool) -> String,
    ) -> SubscriptionHandle {
        let reservation = self.reserve(key);
        self.join(reservation, outbox, prefix, replay, None, |recovered, _| {
            confirmation(recovered)
        })
    }

    /// Holds `key`'s channel state for a subscription on its way in: events arriving
    /// meanwhile are kept for it, and the state cannot go away. Dropping the
    /// reservation unused gives it back.
    pub fn reserve(&self, key: ChannelKey) -> Reservation<'_> {
        let key = Arc::new(key);
        loop {
            let channel = {
                let mut map = self.map();
                if let Some(existing) = map.by_key.get(&key) {
                    existing.clone()
                } else {
                    let floor = EventId::new(
                        self.clock.now_ms(),
                        self.seq.load(Ordering::Relaxed),
                        self.epoch(),
                    );
                    let channel = Arc::new(Channel {
                        key: key.clone(),
                        state: Mutex::new(ChannelState {
                            live: Vec::new(),
                            pending: 0,
                            newest: EventId::new(0, 0, 0),
                            held: None,
                            detached: VecDeque::new(),
                            positions: HashMap::new(),
                            buffer: VecDeque::new(),
                            buffer_bytes: 0,
                            floor,
                            last_ts: 0,
                            published: 0,
                            delivered: 0,
                            removed: false,
                        }),
                    });
                    map.by_key.insert(key.clone(), channel.clone());
                    map.by_name
                        .entry(name_slot(&key))
                        .or_default()
                        .push(channel.clone());
                    channel
                }
            };
            let mut st = channel.lock();
            if st.removed {
                continue;
            }
            st.pending += 1;
            drop(st);
            return Reservation {
                broker: self,
                channel,
                joined: false,
            };
        }
    }

    /// Turns a reservation into a live subscription. Under the channel's lock it
    /// queues the confirmation frame (built by `confirmation` from the `recovered`
    /// flag and the key's position), then the replayed backlog, then joins the live
    /// list, so there is no gap and no duplicate between replayed and live events.
    /// `backlog` is what a cluster read from Redis; the channel's own buffer
    /// continues it.
    pub fn join(
        &self,
        mut reservation: Reservation<'_>,
        outbox: &Arc<Outbox>,
        prefix: Arc<str>,
        replay: Replay,
        backlog: Option<Backlog>,
        confirmation: impl Fn(bool, EventId) -> String,
    ) -> SubscriptionHandle {
        reservation.joined = true;
        let channel = reservation.channel.clone();
        let mut st = channel.lock();
        st.pending -= 1;
        let now = self.clock.now();
        st.prune_detached(now, &self.metrics);
        let now_ms = self.clock.now_ms();
        st.evict(&self.config, now_ms);
        let cutoff = replay.replay_seconds.map(|secs| {
            let window = self.config.replay_window.as_secs();
            now_ms.saturating_sub(secs.min(window) * 1000)
        });
        let mut recovered = true;
        let mut events: Vec<(EventId, Arc<str>)> = Vec::new();
        match backlog {
            Some(from_redis) => {
                recovered = from_redis.recovered;
                let mut after = replay.since;
                for (id, tail) in from_redis.events {
                    if after.is_none_or(|a| id > a) {
                        after = Some(id);
                        events.push((id, tail));
                    }
                }
                if replay.wanted() {
                    let first = match after {
                        Some(a) => st.buffer.partition_point(|e| e.id <= a),
                        None => st
                            .buffer
                            .partition_point(|e| e.id.timestamp_ms() < cutoff.unwrap_or(0)),
                    };
                    events.extend(st.buffer.range(first..).map(|e| (e.id, e.tail.clone())));
                }
            }
            None => {
                let mut start: Option<usize> = None;
                if let Some(since) = replay.since {
                    if since.epoch() == self.epoch() && since >= st.floor {
                        start = Some(st.buffer.partition_point(|e| e.id <= since));
                        // This is the resume of a dropped subscription: it takes back
                        // one of the places held for the grace period.
                        if st.detached.pop_back().is_some() {
                            Metrics::gauge(&self.metrics.detached_subscriptions, -1);
                        }
                    } else {
                        recovered = false;
                    }
                }
                if start.is_none()
                    && let Some(cutoff) = cutoff
                {
                    start = Some(st.buffer.partition_point(|e| e.id.timestamp_ms() < cutoff));
                }
                if let Some(first) = start {
                    events.extend(st.buffer.range(first..).map(|e| (e.id, e.tail.clone())));
                }
            }
        }
        // The replay must fit the connection's byte budget: keep the newest events
        // that fit, so the stream runs on into live events without a gap, and say
        // that not everything was recovered.
        let room = outbox.replay_room();
        let mut bytes = 0usize;
        let mut fits = events.len();
        while fits > 0 {
            let len = prefix.len() + events[fits - 1].1.len();
            if bytes + len > room {
                break;
            }
            bytes += len;
            fits -= 1;
        }
        if fits > 0 {
            recovered = false;
        }
        // The key's position at the confirmation: the newest event held (replayed or
        // not), else the floor. A resume after it misses nothing published later.
        let position = events
            .iter()
            .map(|(id, _)| *id)
            .fold(st.newest.max(st.floor), EventId::max);
        let confirmation = OutFrame::Text(confirmation(recovered, position));
        let frames = std::iter::once(confirmation).chain(events.drain(fits..).map(|(_, tail)| {
            OutFrame::Event {
                prefix: prefix.clone(),
                tail,
            }
        }));
        outbox.push_reply(frames);
        let serial = self.serial.fetch_add(1, Ordering::Relaxed);
        let at = st.live.len();
        st.positions.insert(serial, at);
        st.live.push(LiveSub {
            serial,
            outbox: outbox.clone(),
            prefix,
        });
        drop(st);
        Metrics::gauge(&self.metrics.subscriptions, 1);
        SubscriptionHandle {
            channel,
            serial,
            recovered,
        }
    }

    /// Takes in an event a cluster hub received from Redis: queued to every live
    /// subscription here and kept for replay, once however often it arrives.
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
        if st.removed || id <= st.newest {
            return;
        }
        let tail = event_tail(id, timestamp_ms, payload);
        st.last_ts = st.last_ts.max(timestamp_ms);
        if let Some(held) = st.held.as_mut() {
            if held.len() < self.config.replay_max_events {
                held.push(Stored { id, tail });
            }
            return;
        }
        st.take_in(&self.config, id, tail, wakes);
    }

    /// Holds events from Redis on every channel until [`Broker::release`]: a
    /// cluster hub lost its Redis connection and must backfill what it missed first.
    /// Returns each key with the newest event it has, where the backfill starts.
    pub fn hold_all(&self) -> Vec<(Arc<ChannelKey>, EventId)> {
        let channels: Vec<Arc<Channel>> = self.map().by_key.values().cloned().collect();
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
        for (id, payload) in backfill {
            if id > st.newest {
                let tail = event_tail(id, id.timestamp_ms(), &payload);
                st.take_in(&self.config, id, tail, &mut wakes);
            }
        }
        for e in held {
            if e.id > st.newest {
                st.take_in(&self.config, e.id, e.tail, &mut wakes);
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
        if hold && !self.config.grace.is_zero() {
            st.detached.push_back(self.clock.now() + self.config.grace);
            Metrics::gauge(&self.metrics.detached_subscriptions, 1);
        }
        let empty = st.is_empty();
        drop(st);
        if empty {
            self.remove_if_empty(channel);
        }
    }

    /// Ends a subscription for good (unsubscribe, expired token, hub shutdown).
    pub fn unsubscribe(&self, channel: &Arc<Channel>, serial: u64) {
        self.remove_live(channel, serial, false);
    }

    /// Ends a subscription whose socket went away, holding its place for the grace
    /// period so a resume with `since` loses nothing.
    pub fn detach(&self, channel: &Arc<Channel>, serial: u64) {
        self.remove_live(channel, serial, true);
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
        if map
            .by_key
            .get(&channel.key)
            .is_some_and(|current| Arc::ptr_eq(current, channel))
        {
            map.by_key.remove(&channel.key);
            let slot = name_slot(&channel.key);
            if let Some(list) = map.by_name.get_mut(&slot) {
                list.retain(|c| !Arc::ptr_eq(c, channel));
                if list.is_empty() {
                    map.by_name.remove(&slot);
                }
            }
        }
    }

    /// Live keys near `key` (same installation, same name ignoring case) that differ
    /// from it in exactly one component. Comparing keys allocates nothing; at most
    /// [`MAX_NEAR_SCAN`] keys are looked at, so a miss stays cheap however many keys
    /// share a name.
    fn near_channels(&self, key: &ChannelKey) -> Vec<Arc<Channel>> {
        self.map()
            .by_name
            .get(&name_slot(key))
            .map(|list| {
                list.iter()
                    .take(MAX_NEAR_SCAN)
                    .filter(|c| hints::difference(key, &c.key).is_some())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Hints for a publish that found no subscriber on `key`; also remembers the miss
    /// for hints to idle subscribers. Only ever looks within `key`'s installation.
    /// Messages are written only for the few hints returned.
    pub fn publish_hints(&self, key: &ChannelKey) -> Vec<Hint> {
        self.remember_miss(key);
        let near = self
            .near_channels(key)
            .into_iter()
            .map(|c| {
                let st = c.lock();
                let count = (st.live.len() + st.detached.len()) as u64;
                drop(st);
                (count, c.key.clone())
            })
            .collect();
        hints::ranked_publish_hints(key, near)
    }

    fn remember_miss(&self, key: &ChannelKey) {
        let now = self.clock.now_ms();
        self.misses
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remember(key, now);
    }

    /// Hints for a subscription on `key` that is getting nothing: near keys that got
    /// publishes within [`HINT_WINDOW`], delivered or not.
    pub fn subscription_hints(&self, key: &ChannelKey) -> Vec<Hint> {
        let cutoff = self
            .clock
            .now_ms()
            .saturating_sub(HINT_WINDOW.as_millis() as u64);
        let mut recent: Vec<(u64, Arc<ChannelKey>)> = self
            .near_channels(key)
            .into_iter()
            .map(|c| {
                let st = c.lock();
                let count =
                    st.buffer.len() - st.buffer.partition_point(|e| e.id.timestamp_ms() < cutoff);
                drop(st);
                (count as u64, c.key.clone())
            })
            .collect();
        let misses = self.misses.lock().unwrap_or_else(|p| p.into_inner());
        recent.extend(misses.near(key, cutoff).map(|m| (m.count, m.key.clone())));
        drop(misses);
        hints::ranked_subscription_hints(key, recent)
    }

    /// Expires grace periods, trims replay buffers by age and removes channels nobody
    /// holds any more. Run periodically.
    pub fn sweep(&self) {
        let channels: Vec<Arc<Channel>> = self.map().by_key.values().cloned().collect();
        let now = self.clock.now();
        let now_ms = self.clock.now_ms();
        for channel in channels {
            let mut st = channel.lock();
            st.prune_detached(now, &self.metrics);
            st.evict(&self.config, now_ms);
            let empty = st.is_empty();
            drop(st);
            if empty {
                self.remove_if_empty(&channel);
            }
        }
    }

    /// A snapshot of every live key, for listings and hints.
    pub fn stats(&self) -> Vec<ChannelStats> {
        let channels: Vec<Arc<Channel>> = self.map().by_key.values().cloned().collect();
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
                    last_event_ms: (st.last_ts > 0).then_some(st.last_ts),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::{ChannelKey, ModuleContext};

    fn broker(grace_ms: u64) -> Broker {
        Broker::new(
            BrokerConfig {
                replay_window: Duration::from_secs(300),
                replay_max_events: 3,
                replay_max_bytes: 1 << 20,
                grace: Duration::from_millis(grace_ms),
                clock: Arc::new(crate::hub::clock::SystemClock),
            },
            7,
            Arc::new(Metrics::default()),
        )
    }

    fn key() -> ChannelKey {
        ChannelKey::scoped("c", &ModuleContext::new("i", "m"), None, None).unwrap()
    }

    fn drain(outbox: &Outbox) -> Vec<String> {
        let mut q = VecDeque::new();
        outbox.take(&mut q);
        q.into_iter().map(OutFrame::into_text).collect()
    }

    #[test]
    fn no_subscriber_means_no_event_and_empty_channels_go_away() {
        let b = broker(0);
        assert!(b.publish(&key(), "x", &mut Wakes::default()).is_none());
        let out = Arc::new(Outbox::new(100, 1 << 20));
        let h = b.subscribe(key(), &out, event_prefix("s"), Replay::default(), |_| {
            "ok".into()
        });
        assert!(b.publish(&key(), "x", &mut Wakes::default()).is_some());
        b.unsubscribe(&h.channel, h.serial);
        assert_eq!(b.channel_count(), 0);
        assert!(b.publish(&key(), "x", &mut Wakes::default()).is_none());
    }

    #[test]
    fn cluster_deliveries_arrive_once_and_a_backfill_goes_out_before_held_events() {
        let b = broker(0);
        let out = Arc::new(Outbox::new(100, 1 << 20));
        let h = b.subscribe(key(), &out, event_prefix("s"), Replay::default(), |_| {
            "ok".into()
        });
        let id = |seq| EventId::new(1_000 + seq, seq, 7);
        let mut wakes = Wakes::default();
        b.deliver(&key(), id(1), 1_001, "1", &mut wakes);
        b.deliver(&key(), id(1), 1_001, "1", &mut wakes);
        // The connection to Redis dropped: 2 and 3 were missed, 4 arrives after it.
        let from = b.hold_all();
        assert_eq!(from.len(), 1);
        assert_eq!(
            from[0].1,
            id(1),
            "the backfill starts after the newest event"
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
        let payloads: Vec<String> = drain(&out)
            .into_iter()
            .skip(1)
            .map(|f| {
                f.rsplit("\"payload\":")
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        assert_eq!(payloads, ["\"1\"}", "\"2\"}", "\"3\"}", "\"4\"}", "\"5\"}"]);
        b.unsubscribe(&h.channel, h.serial);
    }

    #[test]
    fn a_reservation_keeps_its_key_and_gives_it_back_unused() {
        let b = broker(0);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        b.notify_removals(tx);
        let reservation = b.reserve(key());
        b.sweep();
        assert_eq!(b.channel_count(), 1, "a sweep leaves a reserved key alone");
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
        let out = Arc::new(Outbox::new(100, 1 << 20));
        let h = b.subscribe(key(), &out, event_prefix("s"), Replay::default(), |_| {
            "ok".into()
        });
        let first = b.publish(&key(), "1", &mut Wakes::default()).unwrap();
        drain(&out);
        b.detach(&h.channel, h.serial);
        // still counted as a subscriber while in grace
        b.publish(&key(), "2", &mut Wakes::default()).unwrap();
        b.publish(&key(), "3", &mut Wakes::default()).unwrap();
        let out2 = Arc::new(Outbox::new(100, 1 << 20));
        let replay = Replay {
            since: Some(first.id),
            replay_seconds: None,
        };
        let h2 = b.subscribe(key(), &out2, event_prefix("s"), replay, |r| {
            format!("rec={r}")
        });
        assert!(h2.recovered);
        let frames = drain(&out2);
        assert_eq!(frames.len(), 3, "{frames:?}");
        assert_eq!(frames[0], "rec=true");
        assert!(frames[1].ends_with("\"payload\":\"2\"}"));
        assert!(frames[2].ends_with("\"payload\":\"3\"}"));
        // three more events push "1".."3" out of a 3-event buffer
        for p in ["4", "5", "6"] {
            b.publish(&key(), p, &mut Wakes::default()).unwrap();
        }
        let out3 = Arc::new(Outbox::new(100, 1 << 20));
        let replay = Replay {
            since: Some(first.id),
            replay_seconds: None,
        };
        let h3 = b.subscribe(key(), &out3, event_prefix("t"), replay, |r| {
            format!("rec={r}")
        });
        assert!(!h3.recovered);
    }
}
