//! A cluster hub's heartbeat: Redis is checked every second; presence on the keys the
//! hub holds and its record (for the cluster's views) are refreshed every
//! [`HEARTBEAT`] and soon after its keys change; rotated secrets are adopted; and when
//! Redis comes back, the hub registers again, adopts the epoch and backfills what its
//! subscribers missed from the streams.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;

use super::formats::{self, after, digest, keys};
use super::join;
use super::link::Link;
use super::registry::{PRESENCE_TTL, Registry};
use super::scripts;
use super::view::HubRecord;
use crate::hub::broker::Broker;
use crate::hub::clock::Clock;
use crate::hub::credentials::Credentials;
use crate::hub::engine::health::Health;
use crate::hub::error::ApiError;

/// How often presence and the hub's record are refreshed.
pub const HEARTBEAT: Duration = Duration::from_secs(10);
/// How often Redis is checked (and how soon a hub notices it is back, or that it
/// lost the cluster's state).
const PULSE: Duration = Duration::from_secs(1);
/// How long, after Redis lost the cluster's state, a publish that finds nobody is
/// refused rather than called null: every hub notices within a pulse and registers
/// again.
const RESET_WINDOW: Duration = Duration::from_secs(3);

/// What the heartbeat works on.
pub struct Pulse {
    pub link: Arc<Link>,
    pub registry: Arc<Registry>,
    pub broker: Arc<Broker>,
    pub credentials: Arc<Credentials>,
    pub clock: Arc<dyn Clock>,
    pub endpoint: String,
    pub started_ms: u64,
    pub replay_window: Duration,
    /// Most bytes one key's backfill reads.
    pub backfill_budget: usize,
}

impl Pulse {
    pub fn record(&self) -> HubRecord {
        HubRecord::of(
            &self.broker,
            &self.registry.hub_id,
            &self.endpoint,
            self.started_ms,
        )
    }

    pub async fn run(self) {
        let mut last_beat = self.clock.now();
        let mut beat_due = true;
        loop {
            tokio::select! {
                _ = tokio::time::sleep(PULSE) => {}
                _ = self.link.state_suspect.notified() => {}
                _ = self.registry.dirty.notified() => {
                    // Let a burst of subscribes settle into one refresh.
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    beat_due = true;
                }
            }
            if !matches!(self.link.health(), Health::Up | Health::Reset(_)) || self.link.is_lost() {
                self.follow_primary().await;
            }
            let mut conn = self.link.conn();
            let ping: Result<String, ApiError> = self
                .link
                .call(redis::cmd("PING").query_async(&mut conn))
                .await;
            if ping.is_err() {
                self.follow_primary().await;
                continue;
            }
            let was_down = matches!(self.link.health(), Health::Down(_));
            if was_down || self.link.is_lost() {
                if let Err(e) = self.recover().await {
                    self.link.set_health(Health::Down(format!("{e:#}")));
                    continue;
                }
                beat_due = true;
            }
            match self.check_state().await {
                Ok(true) => beat_due = true,
                Ok(false) => {}
                Err(e) => {
                    self.link.set_health(Health::Down(format!("{e:#}")));
                    continue;
                }
            }
            self.link.set_health(Health::Up);
            let _ = self
                .registry
                .read_tapping(&self.link, self.clock.now_ms())
                .await;
            let now = self.clock.now();
            if beat_due || now.saturating_duration_since(last_beat) >= HEARTBEAT {
                if let Err(e) = self.heartbeat().await {
                    tracing::warn!("cluster heartbeat failed: {e:#}");
                    continue;
                }
                last_beat = now;
                beat_due = false;
            }
        }
    }

    /// Under Sentinel, moves to the primary the sentinels name, if it moved; its
    /// subscriptions are made again on the new connection (the backfill follows in
    /// `recover`).
    async fn follow_primary(&self) {
        match self.link.follow_primary().await {
            Ok(true) => {
                if let Err(e) = self.registry.subscribe_all_again(&self.link).await {
                    tracing::warn!("cannot listen again after the failover: {}", e.message);
                    self.link.mark_lost();
                }
            }
            Ok(false) => {}
            Err(e) => tracing::debug!("sentinels: {e:#}"),
        }
    }

    /// Whether Redis still holds the cluster's state: its epoch, the one this hub
    /// numbers under. Gone (a flush, a restart without persistence), or replaced by
    /// another hub that found it gone, the hub starts over: `Ok(true)`.
    async fn check_state(&self) -> Result<bool> {
        match join::read_epoch(&self.link).await? {
            Some(epoch) if epoch == self.broker.epoch() => Ok(false),
            Some(_) => {
                self.restart("another hub found the cluster's state gone and wrote a new epoch")
                    .await?;
                Ok(true)
            }
            None => {
                self.restart("the cluster's epoch is gone from Redis")
                    .await?;
                Ok(true)
            }
        }
    }

    /// Starts over after Redis lost the cluster's state: the secrets and epoch
    /// written back (or adopted, if another hub was first), then every key this hub
    /// holds registered again at once, its position learnt afresh. Meanwhile a publish
    /// that finds nobody is refused, not called null.
    async fn restart(&self, why: &str) -> Result<()> {
        join::mark_reset(&self.link, RESET_WINDOW).await?;
        join::share_secrets(&self.link, &self.credentials).await?;
        let epoch = join::epoch(&self.link).await?;
        self.broker.restart_positions(epoch);
        let tops = self
            .registry
            .register_all_again(&self.link, self.clock.ahead_ms())
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.message))?;
        for (key, (ms, seq)) in tops {
            self.broker
                .settle_key(&key, crate::protocol::EventId::new(ms, seq, epoch));
        }
        self.link.set_health(Health::Reset(format!(
            "{why}; new epoch {}",
            crate::protocol::format_epoch_tag(epoch)
        )));
        Ok(())
    }

    /// After Redis came back: the secrets and epoch (which a Redis that lost its data
    /// no longer has), presence, and the events missed while the connection was down.
    async fn recover(&self) -> Result<()> {
        join::share_secrets(&self.link, &self.credentials).await?;
        match join::read_epoch(&self.link).await? {
            Some(epoch) if epoch == self.broker.epoch() => {}
            _ => {
                self.restart("Redis came back without the cluster's state")
                    .await?
            }
        }
        let epoch = self.broker.epoch();
        if !self.link.take_lost() {
            return Ok(());
        }
        for (key, newest) in self.broker.hold_all() {
            let digest = digest(&key);
            if !self.registry.holds(&digest) {
                self.broker.release(&key, Vec::new());
                continue;
            }
            let start = match newest {
                Some(newest) if newest.epoch() == epoch => after(newest),
                // Nothing known yet (or Redis lost its data): the whole window.
                _ => {
                    let from = self
                        .clock
                        .now_ms()
                        .saturating_sub(self.replay_window.as_millis() as u64);
                    format!("{from}-0")
                }
            };
            let backfill = match self.read_stream(&digest, &start, epoch).await {
                Ok(events) => events,
                Err(e) => {
                    self.link.mark_lost();
                    return Err(anyhow::anyhow!("{}", e.message));
                }
            };
            self.broker.release(&key, backfill);
        }
        Ok(())
    }

    async fn read_stream(
        &self,
        digest: &str,
        start: &str,
        epoch: u32,
    ) -> Result<Vec<(crate::protocol::EventId, String)>, ApiError> {
        let (_, _, entries): (String, u8, Vec<formats::StreamEntry>) = self
            .link
            .call(
                scripts::BACKLOG
                    .key(keys::stream(digest))
                    .arg(start)
                    .arg(self.backfill_budget)
                    .invoke_async(&mut self.link.conn()),
            )
            .await?;
        Ok(formats::stream_events(entries, epoch))
    }

    /// Refreshes presence on every key this hub holds and its record (its figures
    /// and keys, for the cluster's views); adopts rotated secrets.
    async fn heartbeat(&self) -> Result<()> {
        let ahead = self.clock.ahead_ms();
        let lost = self.registry.refresh_presence(&self.link, ahead).await?;
        if lost > 0 {
            tracing::warn!(
                "Redis had lost this hub's presence on {lost} key(s) (a flush, a restart without persistence, or eviction); registered them again"
            );
        }
        self.registry
            .refresh_taps(&self.link, self.broker.taps.is_idle(), ahead)
            .await?;
        let record = self.record();
        let mut conn = self.link.conn();
        let _: i64 = scripts::ANNOUNCE
            .key(keys::HUBS)
            .key(keys::hub(&self.registry.hub_id))
            .arg(&self.registry.hub_id)
            .arg(PRESENCE_TTL.as_millis() as u64)
            .arg(serde_json::to_string(&record)?)
            .arg(ahead)
            .invoke_async(&mut conn)
            .await?;
        join::share_secrets(&self.link, &self.credentials).await?;
        Ok(())
    }
}
