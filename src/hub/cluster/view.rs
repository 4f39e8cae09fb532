//! The cluster's views: every hub's record (its keys and figures, refreshed each
//! heartbeat) merged into one listing, one set of gauges and one source of hints.
//! The hub answering always puts its own figures in fresh.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{Cluster, keys, scripts};
use crate::channel::ChannelKey;
use crate::hub::Hub;
use crate::hub::broker::ChannelStats;
use crate::hub::error::ApiError;
use crate::hub::hints::{self, HINT_WINDOW, Hint};

/// How long a view read for hints is reused (a stream of missed publishes must not
/// read every hub's record each time).
const HINT_VIEW_AGE: Duration = Duration::from_secs(1);

/// One hub as the others see it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HubRecord {
    pub hub: String,
    pub endpoint: String,
    pub started_ms: u64,
    pub connections: u64,
    pub subscriptions: u64,
    pub held: u64,
    pub channels: Vec<ChannelRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelRecord {
    pub key: ChannelKey,
    pub subscribers: u64,
    pub held: u64,
    pub published: u64,
    pub delivered: u64,
    pub last_event_ms: Option<u64>,
}

impl HubRecord {
    pub fn of(hub: &Hub, id: &str, started_ms: u64) -> HubRecord {
        let gauge = |g: &std::sync::atomic::AtomicI64| g.load(Ordering::Relaxed).max(0) as u64;
        HubRecord {
            hub: id.to_string(),
            endpoint: hub
                .cluster
                .as_ref()
                .and_then(|c| c.endpoint.get().cloned())
                .unwrap_or_default(),
            started_ms,
            connections: gauge(&hub.metrics.connections),
            subscriptions: gauge(&hub.metrics.subscriptions),
            held: gauge(&hub.metrics.detached_subscriptions),
            channels: hub
                .broker
                .stats()
                .into_iter()
                .map(|s| ChannelRecord {
                    key: (*s.key).clone(),
                    subscribers: s.subscribers as u64,
                    held: s.detached as u64,
                    published: s.published,
                    delivered: s.delivered,
                    last_event_ms: s.last_event_ms,
                })
                .collect(),
        }
    }
}

/// Every live hub's record, and the cluster's own counters.
pub struct ClusterView {
    pub hubs: Vec<HubRecord>,
    pub published: u64,
    pub no_subscriber: u64,
}

impl ClusterView {
    /// Each live key once: subscribers and deliveries summed over hubs; published
    /// is the largest count any hub saw (each sees every event while it holds the key).
    pub fn channels(&self) -> Vec<ChannelStats> {
        let mut merged: BTreeMap<ChannelKey, ChannelStats> = BTreeMap::new();
        for record in &self.hubs {
            for c in &record.channels {
                let entry = merged.entry(c.key.clone()).or_insert_with(|| ChannelStats {
                    key: Arc::new(c.key.clone()),
                    subscribers: 0,
                    detached: 0,
                    published: 0,
                    delivered: 0,
                    last_event_ms: None,
                });
                entry.subscribers += c.subscribers as usize;
                entry.detached += c.held as usize;
                entry.published = entry.published.max(c.published);
                entry.delivered += c.delivered;
                entry.last_event_ms = entry.last_event_ms.max(c.last_event_ms);
            }
        }
        merged.into_values().collect()
    }

    /// The cluster's gauges and counters, after the hub's own in `/metrics`.
    pub fn render_metrics(&self, redis_up: bool, out: &mut String) {
        let channels = self.channels();
        let sum = |f: fn(&HubRecord) -> u64| self.hubs.iter().map(f).sum::<u64>();
        let rows: [(&str, &str, &str, u64); 7] = [
            (
                "frt_cluster_redis_up",
                "gauge",
                "1 when this hub reaches the cluster's Redis.",
                u64::from(redis_up),
            ),
            (
                "frt_cluster_hubs",
                "gauge",
                "Live hubs in the cluster.",
                self.hubs.len() as u64,
            ),
            (
                "frt_cluster_connections",
                "gauge",
                "Open WebSocket connections on every hub.",
                sum(|h| h.connections),
            ),
            (
                "frt_cluster_subscriptions",
                "gauge",
                "Live subscriptions on every hub.",
                sum(|h| h.subscriptions),
            ),
            (
                "frt_cluster_channel_keys",
                "gauge",
                "Live channel keys in the cluster.",
                channels.len() as u64,
            ),
            (
                "frt_cluster_events_published_total",
                "counter",
                "Events accepted for at least one subscriber, cluster-wide.",
                self.published,
            ),
            (
                "frt_cluster_publishes_no_subscriber_total",
                "counter",
                "Publishes that found no subscriber anywhere (null result).",
                self.no_subscriber,
            ),
        ];
        for (name, kind, help, value) in rows {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
    }
}

impl Cluster {
    /// Reads every live hub's record, with this hub's own figures fresh.
    pub async fn view(&self, hub: &Hub) -> Result<Arc<ClusterView>, ApiError> {
        let mut conn = self.conn();
        let records: Vec<String> = self
            .call(
                scripts::HUBS
                    .key(keys::HUBS)
                    .arg(keys::HUB_PREFIX)
                    .invoke_async(&mut conn),
            )
            .await?;
        let stats: BTreeMap<String, u64> = self
            .call(
                redis::cmd("HGETALL")
                    .arg(keys::STATS)
                    .query_async(&mut conn),
            )
            .await?;
        let mut hubs: Vec<HubRecord> = records
            .iter()
            .filter_map(|r| serde_json::from_str::<HubRecord>(r).ok())
            .filter(|r| r.hub != self.hub_id)
            .collect();
        hubs.push(HubRecord::of(hub, &self.hub_id, self.started_ms));
        hubs.sort_by(|a, b| a.hub.cmp(&b.hub));
        let view = Arc::new(ClusterView {
            hubs,
            published: stats.get("published").copied().unwrap_or(0),
            no_subscriber: stats.get("noSubscriber").copied().unwrap_or(0),
        });
        *self.view_cache.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((Instant::now(), view.clone()));
        Ok(view)
    }

    /// A view no older than [`HINT_VIEW_AGE`].
    async fn recent_view(&self, hub: &Hub) -> Result<Arc<ClusterView>, ApiError> {
        if let Some((at, view)) = self
            .view_cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            && at.elapsed() < HINT_VIEW_AGE
        {
            return Ok(view.clone());
        }
        self.view(hub).await
    }

    /// Hints for a publish that found no subscriber anywhere: live keys near it on
    /// any hub.
    pub async fn publish_hints(&self, hub: &Hub, key: &ChannelKey) -> Vec<Hint> {
        let Ok(view) = self.recent_view(hub).await else {
            return Vec::new();
        };
        let slot = hints::name_slot(key);
        let near = view
            .channels()
            .into_iter()
            .filter(|c| hints::name_slot(&c.key) == slot)
            // A stale view can still list the key itself.
            .filter(|c| hints::difference(key, &c.key).is_some())
            .map(|c| ((c.subscribers + c.detached) as u64, c.key))
            .collect();
        hints::ranked_publish_hints(key, near)
    }

    /// Hints for a subscription getting nothing: near keys that got events lately on
    /// any hub, and near keys whose publishes found nobody (kept in Redis for the
    /// hint window).
    pub async fn subscription_hints(&self, hub: &Hub, key: &ChannelKey) -> Vec<Hint> {
        let cutoff = crate::timefmt::now_ms().saturating_sub(HINT_WINDOW.as_millis() as u64);
        let slot = hints::name_slot(key);
        let mut recent: Vec<(u64, Arc<ChannelKey>)> = Vec::new();
        if let Ok(view) = self.recent_view(hub).await {
            recent.extend(
                view.channels()
                    .into_iter()
                    .filter(|c| hints::name_slot(&c.key) == slot)
                    .filter(|c| c.last_event_ms.is_some_and(|t| t >= cutoff))
                    .map(|c| (c.published, c.key)),
            );
        }
        let mut conn = self.conn();
        let misses: BTreeMap<String, u64> = self
            .call(
                redis::cmd("HGETALL")
                    .arg(keys::misses(&key.installation))
                    .query_async(&mut conn),
            )
            .await
            .unwrap_or_default();
        recent.extend(misses.into_iter().filter_map(|(json, count)| {
            let missed = serde_json::from_str::<ChannelKey>(&json).ok()?;
            (hints::name_slot(&missed) == slot).then(|| (count, Arc::new(missed)))
        }));
        hints::ranked_subscription_hints(key, recent)
    }
}
