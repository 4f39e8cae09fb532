//! The cluster's views: every hub's record (its keys and figures, refreshed each
//! heartbeat) merged into one listing, one set of gauges and one source of hints.
//! The hub answering always puts its own figures in fresh.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};

use super::formats::keys;
use super::link::Link;
use super::scripts;
use crate::channel::ChannelKey;
use crate::hub::broker::{Broker, ChannelStats};
use crate::hub::error::ApiError;
use crate::hub::hints::{self, Hint};

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
    /// This hub's record, fresh.
    pub fn of(broker: &Broker, id: &str, endpoint: &str, started_ms: u64) -> HubRecord {
        let metrics = broker.metrics();
        let gauge = |g: &std::sync::atomic::AtomicI64| g.load(Ordering::Relaxed).max(0) as u64;
        HubRecord {
            hub: id.to_string(),
            endpoint: endpoint.to_string(),
            started_ms,
            connections: gauge(&metrics.connections),
            subscriptions: gauge(&metrics.subscriptions),
            held: gauge(&metrics.detached_subscriptions),
            channels: broker
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

/// Reads every live hub's record, with `own` (this hub's, fresh) in place of the one
/// in Redis, and the cluster's counters.
pub async fn read(link: &Link, own: HubRecord, ahead_ms: u64) -> Result<ClusterView, ApiError> {
    let mut conn = link.conn();
    let records: Vec<String> = link
        .call(
            scripts::HUBS
                .key(keys::HUBS)
                .arg(keys::HUB_PREFIX)
                .arg(ahead_ms)
                .invoke_async(&mut conn),
        )
        .await?;
    // Damaged counters (not frt's type) read as zero: they cost the figure, not the
    // listing.
    let stats: BTreeMap<String, String> = link
        .call(
            redis::cmd("HGETALL")
                .arg(keys::STATS)
                .query_async(&mut conn),
        )
        .await
        .unwrap_or_default();
    let count = |text: Option<&String>| text.and_then(|t| t.parse::<u64>().ok()).unwrap_or(0);
    let mut hubs: Vec<HubRecord> = records
        .iter()
        .filter_map(|r| serde_json::from_str::<HubRecord>(r).ok())
        .filter(|r| r.hub != own.hub)
        .collect();
    hubs.push(own);
    hubs.sort_by(|a, b| a.hub.cmp(&b.hub));
    Ok(ClusterView {
        hubs,
        published: count(stats.get("published")),
        no_subscriber: count(stats.get("noSubscriber")),
    })
}

/// Hints for a publish that found no subscriber anywhere: live keys near it on any
/// hub.
pub fn publish_hints(view: &ClusterView, key: &ChannelKey) -> Vec<Hint> {
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

/// Hints for a subscription getting nothing: near keys that got events since
/// `cutoff_ms` on any hub, and near keys whose publishes found nobody (kept in Redis
/// for the hint window).
pub async fn subscription_hints(
    link: &Link,
    view: Option<&ClusterView>,
    key: &ChannelKey,
    cutoff_ms: u64,
) -> Vec<Hint> {
    let slot = hints::name_slot(key);
    let mut recent: Vec<(u64, Arc<ChannelKey>)> = Vec::new();
    if let Some(view) = view {
        recent.extend(
            view.channels()
                .into_iter()
                .filter(|c| hints::name_slot(&c.key) == slot)
                .filter(|c| c.last_event_ms.is_some_and(|t| t >= cutoff_ms))
                .map(|c| (c.published, c.key)),
        );
    }
    let mut conn = link.conn();
    let misses: BTreeMap<String, String> = link
        .call(
            redis::cmd("HGETALL")
                .arg(keys::misses(&key.installation))
                .query_async(&mut conn),
        )
        .await
        .unwrap_or_default();
    recent.extend(misses.into_iter().filter_map(|(json, count)| {
        let missed = serde_json::from_str::<ChannelKey>(&json).ok()?;
        let count = count.parse().ok()?;
        (hints::name_slot(&missed) == slot).then(|| (count, Arc::new(missed)))
    }));
    hints::ranked_subscription_hints(key, recent)
}
