//! The keys this hub holds in the cluster: it listens on each one's pub/sub channel
//! and is present in its presence set, registered before a subscription is confirmed
//! (so a publish anywhere that follows finds it) and withdrawn once the hub holds the
//! key no more. The tap's channel is held the same way while a tap is attached here.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::formats::{keys, parse_stream_id};
use super::link::{Conn, Link, REDIS_TIMEOUT};
use super::scripts;
use crate::channel::ChannelKey;
use crate::hub::error::ApiError;

/// How long a hub's presence on a key, and its record, outlive its last heartbeat.
pub const PRESENCE_TTL: Duration = Duration::from_secs(30);
/// Presence keys refreshed per script call.
const PRESENCE_BATCH: usize = 250;

pub struct Registry {
    pub hub_id: String,
    /// Keys this hub listens for, by digest (the pub/sub channel names them so).
    watched: Mutex<HashMap<String, Arc<ChannelKey>>>,
    /// Serialises registering and withdrawing keys.
    control: tokio::sync::Mutex<()>,
    /// This hub listens on the tap channel (a tap is attached here).
    tapping: AtomicBool,
    /// Set when presence or the record should be refreshed soon.
    pub dirty: tokio::sync::Notify,
    /// How long a key's stream outlives its last event or heartbeat.
    stream_ttl_ms: u64,
    /// Keys live on several shards (Redis Cluster): a script touches one key's slot.
    sharded: bool,
    /// Some hub has a tap attached, as last read (Redis Cluster: publishes then tell
    /// the tap themselves).
    others_tap: AtomicBool,
}

impl Registry {
    pub fn new(hub_id: String, replay_window: Duration, sharded: bool) -> Registry {
        Registry {
            hub_id,
            watched: Mutex::new(HashMap::new()),
            control: tokio::sync::Mutex::new(()),
            tapping: AtomicBool::new(false),
            dirty: tokio::sync::Notify::new(),
            stream_ttl_ms: (replay_window + PRESENCE_TTL).as_millis() as u64,
            sharded,
            others_tap: AtomicBool::new(false),
        }
    }

    pub fn sharded(&self) -> bool {
        self.sharded
    }

    pub fn someone_taps(&self) -> bool {
        self.others_tap.load(Ordering::Relaxed)
    }

    /// Reads whether some hub has a tap attached (under Redis Cluster, where a
    /// publish cannot look itself).
    pub async fn read_tapping(&self, link: &Link, now_ms: u64) -> Result<(), ApiError> {
        if !self.sharded {
            return Ok(());
        }
        let mut conn = link.conn();
        let count: i64 = link
            .call(
                redis::cmd("ZCOUNT")
                    .arg(keys::TAPPING)
                    .arg(format!("({now_ms}"))
                    .arg("+inf")
                    .query_async(&mut conn),
            )
            .await
            .unwrap_or(0);
        self.others_tap.store(count > 0, Ordering::Relaxed);
        Ok(())
    }

    fn watched(&self) -> MutexGuard<'_, HashMap<String, Arc<ChannelKey>>> {
        self.watched.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn stream_ttl_ms(&self) -> u64 {
        self.stream_ttl_ms
    }

    /// The key a pushed message's digest names, if this hub listens for it.
    pub fn key_of(&self, digest: &str) -> Option<Arc<ChannelKey>> {
        self.watched().get(digest).cloned()
    }

    pub fn holds(&self, digest: &str) -> bool {
        self.watched().contains_key(digest)
    }

    pub fn digests(&self) -> Vec<String> {
        self.watched().keys().cloned().collect()
    }

    /// Listens for `key`'s events and marks this hub present on it, answering the
    /// key's position in its stream. A key already held is registered again only when
    /// `position_needed` (its channel state does not know its position).
    pub async fn register(
        &self,
        link: &Link,
        key: &Arc<ChannelKey>,
        digest: &str,
        position_needed: bool,
        ahead_ms: u64,
    ) -> Result<Option<(u64, u64)>, ApiError> {
        let _control = self.control.lock().await;
        let held = self.holds(digest);
        if held && !position_needed {
            return Ok(None);
        }
        if !held {
            // Listed first: events may arrive as soon as the subscription is in place.
            self.watched().insert(digest.to_string(), key.clone());
        }
        let mut conn = link.conn();
        let registered = async {
            if !held {
                link.call(conn.subscribe_key(&keys::events(digest))).await?;
            }
            link.call(
                self.register_script(digest, ahead_ms)
                    .invoke_async::<String>(&mut link.conn()),
            )
            .await
        }
        .await;
        let top = match registered {
            Ok(top) => top,
            Err(e) => {
                if !held {
                    self.watched().remove(digest);
                    let _ = conn.unsubscribe_key(&keys::events(digest)).await;
                }
                return Err(e);
            }
        };
        self.dirty.notify_one();
        parse_stream_id(&top).map(Some).ok_or_else(|| {
            super::link::unavailable(format!(
                "the key's stream in Redis has an id frt cannot read ({top:?})"
            ))
        })
    }

    /// Listens again on every key this hub holds, and the tap channel (a new
    /// connection after a failover has none of the old one's subscriptions).
    pub async fn subscribe_all_again(&self, link: &Link) -> Result<(), ApiError> {
        let _control = self.control.lock().await;
        let mut conn = link.conn();
        for digest in self.digests() {
            link.call(conn.subscribe_key(&keys::events(&digest)))
                .await?;
        }
        if self.tapping.load(Ordering::SeqCst) {
            link.call(conn.subscribe(keys::TAP_CHANNEL)).await?;
        }
        Ok(())
    }

    /// Registers this hub again on every key it holds (Redis lost its state): answers
    /// each key with its new position.
    pub async fn register_all_again(
        &self,
        link: &Link,
        ahead_ms: u64,
    ) -> Result<Vec<(Arc<ChannelKey>, (u64, u64))>, ApiError> {
        let _control = self.control.lock().await;
        let held: Vec<(String, Arc<ChannelKey>)> = self
            .watched()
            .iter()
            .map(|(d, k)| (d.clone(), k.clone()))
            .collect();
        let mut tops = Vec::with_capacity(held.len());
        for (digest, key) in held {
            let top: String = link
                .call(
                    self.register_script(&digest, ahead_ms)
                        .invoke_async(&mut link.conn()),
                )
                .await?;
            if let Some(top) = parse_stream_id(&top) {
                tops.push((key, top));
            }
        }
        if self.tapping.load(Ordering::SeqCst) {
            link.call(self.mark_tapping(&mut link.conn(), ahead_ms))
                .await?;
        }
        Ok(tops)
    }

    /// The counter that numbers a key's events: the cluster's, or under Redis Cluster
    /// the key's own.
    pub fn sequence(&self, digest: &str) -> String {
        if self.sharded {
            keys::sequence(digest)
        } else {
            keys::SEQ.to_string()
        }
    }

    fn register_script(&self, digest: &str, ahead_ms: u64) -> redis::ScriptInvocation<'static> {
        let mut invocation = scripts::REGISTER.prepare_invoke();
        invocation
            .key(keys::presence(digest))
            .key(keys::stream(digest))
            .key(self.sequence(digest))
            .arg(&self.hub_id)
            .arg(PRESENCE_TTL.as_millis() as u64)
            .arg(self.stream_ttl_ms)
            .arg(ahead_ms);
        invocation
    }

    /// Stops listening for the key of `digest` and withdraws this hub's presence on
    /// it, unless `still_held` says a subscription came back meanwhile.
    pub async fn withdraw(&self, link: &Link, digest: &str, still_held: impl Fn() -> bool) {
        let _control = self.control.lock().await;
        if still_held() || !self.holds(digest) {
            return;
        }
        self.watched().remove(digest);
        let mut conn = link.conn();
        // A failure here costs little: presence expires, and stray events are dropped.
        let _ = tokio::time::timeout(REDIS_TIMEOUT, async {
            let _ = conn.unsubscribe_key(&keys::events(digest)).await;
            let _: redis::RedisResult<i64> = redis::cmd("ZREM")
                .arg(keys::presence(digest))
                .arg(&self.hub_id)
                .query_async(&mut conn)
                .await;
        })
        .await;
        self.dirty.notify_one();
    }

    /// Before a tap attaches here: listen on the tap channel and mark this hub as
    /// tapping, so every hub's publishes are told there.
    pub async fn watch_taps(&self, link: &Link, ahead_ms: u64) -> Result<(), ApiError> {
        let _control = self.control.lock().await;
        if self.tapping.load(Ordering::SeqCst) {
            return Ok(());
        }
        let mut conn = link.conn();
        link.call(conn.subscribe(keys::TAP_CHANNEL)).await?;
        link.call(self.mark_tapping(&mut link.conn(), ahead_ms))
            .await?;
        self.tapping.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn mark_tapping(&self, conn: &mut Conn, ahead_ms: u64) -> redis::RedisResult<i64> {
        scripts::PRESENCE
            .key(keys::TAPPING)
            .arg(&self.hub_id)
            .arg(PRESENCE_TTL.as_millis() as u64)
            .arg(self.stream_ttl_ms)
            .arg(ahead_ms)
            .arg(1)
            .invoke_async(conn)
            .await
    }

    /// Keeps this hub marked as tapping while a tap is attached; withdraws it when
    /// none is.
    pub async fn refresh_taps(
        &self,
        link: &Link,
        taps_idle: bool,
        ahead_ms: u64,
    ) -> redis::RedisResult<()> {
        let _control = self.control.lock().await;
        if !self.tapping.load(Ordering::SeqCst) {
            return Ok(());
        }
        let mut conn = link.conn();
        if taps_idle {
            let _: i64 = redis::cmd("ZREM")
                .arg(keys::TAPPING)
                .arg(&self.hub_id)
                .query_async(&mut conn)
                .await?;
            conn.unsubscribe(keys::TAP_CHANNEL).await?;
            self.tapping.store(false, Ordering::SeqCst);
        } else {
            self.mark_tapping(&mut conn, ahead_ms).await?;
        }
        Ok(())
    }

    /// Refreshes this hub's presence on every key it holds (and keeps their streams
    /// alive). Returns how many presence entries Redis had lost.
    pub async fn refresh_presence(&self, link: &Link, ahead_ms: u64) -> redis::RedisResult<i64> {
        let digests = self.digests();
        let mut conn = link.conn();
        let mut lost = 0;
        // Under Redis Cluster a script touches one slot: one key per call (and its
        // sequence, which lives as long as its stream).
        let batch = if self.sharded { 1 } else { PRESENCE_BATCH };
        for chunk in digests.chunks(batch) {
            let mut invocation = scripts::PRESENCE.prepare_invoke();
            for d in chunk {
                invocation.key(keys::presence(d)).key(keys::stream(d));
                if self.sharded {
                    invocation.key(keys::sequence(d));
                }
            }
            invocation
                .arg(&self.hub_id)
                .arg(PRESENCE_TTL.as_millis() as u64)
                .arg(self.stream_ttl_ms)
                .arg(ahead_ms)
                .arg(if self.sharded { 3 } else { 2 });
            lost += invocation.invoke_async::<i64>(&mut conn).await?;
        }
        Ok(lost)
    }
}
