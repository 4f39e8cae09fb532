//! The cluster's engine (`frt serve --redis`): several hubs as one channel space over
//! Redis. Each hub stays the fan-out for its own sockets (its [`Broker`]); what they
//! share lives in Redis, in Redis's own primitives and nothing else:
//! - **presence**: a sorted set per channel key, one member per hub holding a
//!   subscriber there, scored with an expiry that a heartbeat pushes forward;
//! - **events**: one Lua script per publish checks presence (the null result),
//!   numbers the event from a cluster-wide counter, appends it to the key's stream and
//!   publishes it on the key's pub/sub channel, to which only the hubs holding that
//!   key listen;
//! - **limits and keys**: the rate budget per installation, the API key and signing
//!   key, and the epoch that tags event ids.
//!
//! The parts: [`link`] (the connection and health), [`join`] (shared secrets, epoch,
//! settings), [`registry`] (the keys this hub holds), [`pushes`] (what Redis sends),
//! [`pulse`] (heartbeat and recovery), [`view`] (the cluster's listings, metrics and
//! hints), [`formats`] and [`scripts`]. The layout in Redis and the failure modes are
//! in docs/cluster.md.

pub mod formats;
pub mod join;
pub mod link;
pub mod pulse;
pub mod pushes;
pub mod registry;
pub mod scripts;
pub mod view;

use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::channel::ChannelKey;
use crate::hub::broker::{
    Backlog, Broker, BrokerConfig, ChannelStats, Joining, Numbering, Published, Replay,
    SubscriptionHandle,
};
use crate::hub::clock::Clock;
use crate::hub::config::{HubConfig, RedisUrl};
use crate::hub::credentials::Credentials;
use crate::hub::error::ApiError;
use crate::hub::hints::{HINT_WINDOW, Hint};
use crate::hub::metrics::Metrics;
use crate::protocol::EventId;
use formats::{digest_of, framed, key_json, keys, stream_position};
use link::Link;
use pushes::Pushes;
use registry::{PRESENCE_TTL, Registry};
use view::{ClusterView, HubRecord};

/// How long a view read for hints is reused (a stream of missed publishes must not
/// read every hub's record each time).
const HINT_VIEW_AGE: Duration = Duration::from_secs(1);

pub struct RedisEngine {
    link: Arc<Link>,
    registry: Arc<Registry>,
    pub broker: Arc<Broker>,
    credentials: Arc<Credentials>,
    clock: Arc<dyn Clock>,
    rate_limit: Option<u32>,
    replay_window: Duration,
    replay_max_events: usize,
    backfill_budget: usize,
    /// Replicas that must have a publish before it is acknowledged.
    wait_replicas: u32,
    started_ms: u64,
    /// Where clients reach this hub, for the views; set when it listens.
    endpoint: OnceLock<String>,
    view_cache: Mutex<Option<(Instant, Arc<ClusterView>)>>,
    /// Kept alive here; Redis's push callback holds it weakly.
    _pushes: Arc<Pushes>,
}

impl RedisEngine {
    /// Connects to Redis and joins the cluster: adopts (or, first of all, writes) the
    /// shared secrets into `credentials` and takes the cluster's epoch.
    pub async fn join(
        url: &RedisUrl,
        config: &HubConfig,
        credentials: Arc<Credentials>,
        metrics: Arc<Metrics>,
    ) -> Result<Arc<RedisEngine>> {
        let cell: Arc<OnceLock<Weak<Pushes>>> = Arc::new(OnceLock::new());
        let route = cell.clone();
        let link = Arc::new(
            Link::connect(
                url,
                config.redis_cacert.as_deref(),
                Arc::new(move |info| {
                    if let Some(pushes) = route.get().and_then(Weak::upgrade) {
                        pushes.on_push(info);
                    }
                }),
            )
            .await?,
        );
        let sharded = link.target().sharded();
        join::check_version(&link).await?;
        join::adopt_secrets(&link, &credentials, config.rotate_keys).await?;
        let epoch = join::epoch(&link).await?;
        join::compare_settings(&link, config).await;
        let broker = Arc::new(Broker::new(
            BrokerConfig {
                limits: config.buffer_limits(),
                clock: config.clock.clone(),
                numbering: Numbering::Cluster,
            },
            epoch,
            metrics,
        ));
        let registry = Arc::new(Registry::new(
            format!("hub-{}", random_hex(6)?),
            config.replay_window,
            sharded,
        ));
        let pushes = Arc::new(Pushes {
            registry: registry.clone(),
            broker: broker.clone(),
            link: link.clone(),
        });
        let _ = cell.set(Arc::downgrade(&pushes));
        Ok(Arc::new(RedisEngine {
            link,
            registry,
            broker,
            credentials,
            clock: config.clock.clone(),
            rate_limit: config.rate_limit.filter(|n| *n > 0),
            replay_window: config.replay_window,
            replay_max_events: config.replay_max_events.max(1),
            backfill_budget: config.replay_max_bytes(),
            wait_replicas: config.redis_wait_replicas,
            started_ms: config.clock.now_ms(),
            endpoint: OnceLock::new(),
            view_cache: Mutex::new(None),
            _pushes: pushes,
        }))
    }

    pub fn hub_id(&self) -> &str {
        &self.registry.hub_id
    }

    pub fn redacted_url(&self) -> &str {
        &self.link.redacted_url
    }

    pub fn link(&self) -> &Link {
        &self.link
    }

    /// Starts the background work: the pulse, and withdrawing keys the hub no longer
    /// holds.
    pub fn start(self: &Arc<Self>, endpoint: String) -> Vec<tokio::task::JoinHandle<()>> {
        let _ = self.endpoint.set(endpoint.clone());
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Arc<ChannelKey>>();
        self.broker.notify_removals(tx);
        let withdraw = {
            let engine = self.clone();
            tokio::spawn(async move {
                while let Some(key) = rx.recv().await {
                    let digest = formats::digest(&key);
                    let broker = engine.broker.clone();
                    engine
                        .registry
                        .withdraw(&engine.link, &digest, || broker.lookup(&key).is_some())
                        .await;
                }
            })
        };
        let pulse = pulse::Pulse {
            link: self.link.clone(),
            registry: self.registry.clone(),
            broker: self.broker.clone(),
            credentials: self.credentials.clone(),
            clock: self.clock.clone(),
            endpoint,
            started_ms: self.started_ms,
            replay_window: self.replay_window,
            backfill_budget: self.backfill_budget,
        };
        vec![withdraw, tokio::spawn(pulse.run())]
    }

    /// Takes `n` operations from the installation's cluster-wide budget, or says how
    /// long until they are there.
    pub async fn take_budget(
        self: Arc<Self>,
        installation: String,
        n: u32,
        reserve: u32,
    ) -> Result<Result<(), Duration>, ApiError> {
        let Some(per_second) = self.rate_limit else {
            return Ok(Ok(()));
        };
        let wait_us: u64 = self
            .link
            .call(
                scripts::RATE
                    .key(keys::rate(&installation))
                    .arg(per_second)
                    .arg(n)
                    .arg(reserve)
                    .arg(self.clock.ahead_ms())
                    .invoke_async(&mut self.link.conn()),
            )
            .await?;
        Ok(match wait_us {
            0 => Ok(()),
            us => Err(Duration::from_micros(us)),
        })
    }

    /// Publishes on `key` for the whole cluster: `None` when no hub holds a
    /// subscriber on it. Acknowledged only once Redis has stored and routed it (and,
    /// with `--redis-wait-replicas`, once that many replicas have it).
    pub async fn publish(
        self: Arc<Self>,
        key: Arc<ChannelKey>,
        payload: String,
    ) -> Result<Option<Published>, ApiError> {
        // Serialized once: the digest names the key, and the JSON goes along for
        // misses and taps.
        let json = key_json(&key);
        let digest = digest_of(&json);
        let sharded = self.registry.sharded();
        let result = self.run_publish(&key, &digest, &json, &payload).await?;
        let metrics = self.broker.metrics();
        let Some((ts, seq, epoch, hubs)) = result else {
            if sharded {
                self.after_null(&key, &json, &payload).await?;
            }
            Metrics::inc(&metrics.publishes_no_subscriber);
            return Ok(None);
        };
        let epoch = epoch as u32;
        if self.broker.epoch() != epoch {
            // Another hub started the cluster over: so does this one, at once.
            self.link.state_suspect.notify_one();
        }
        let id = EventId::new(ts, seq, epoch);
        if sharded {
            self.after_stored(&key, &json, &payload, id, hubs);
        }
        Metrics::inc(&metrics.events_published);
        Ok(Some(Published {
            id,
            timestamp_ms: ts,
            receivers: hubs,
        }))
    }

    /// The publish script, and the replicas' acknowledgement when one is asked for.
    async fn run_publish(
        &self,
        key: &ChannelKey,
        digest: &str,
        json: &str,
        payload: &str,
    ) -> Result<Option<(u64, u64, u64, u64)>, ApiError> {
        let window = self.replay_window.as_millis() as u64;
        let sharded = self.registry.sharded();
        let mut invocation = scripts::PUBLISH.prepare_invoke();
        invocation
            .key(keys::presence(digest))
            .key(keys::stream(digest))
            .key(self.registry.sequence(digest));
        if !sharded {
            invocation
                .key(keys::EPOCH)
                .key(keys::STATS)
                .key(keys::misses(&key.installation))
                .key(keys::TAPPING)
                .key(keys::RESET);
        }
        invocation
            .arg(payload)
            .arg(window.max(1))
            .arg(self.replay_max_events)
            .arg(keys::events(digest))
            .arg(self.registry.stream_ttl_ms())
            .arg(json)
            .arg(HINT_WINDOW.as_millis() as u64)
            .arg(keys::TAP_CHANNEL)
            .arg(self.clock.ahead_ms())
            .arg(if sharded { "SPUBLISH" } else { "PUBLISH" })
            .arg(if sharded { "sharded" } else { "shared" })
            .arg(self.broker.epoch())
            .arg(u8::from(self.someone_taps()));
        let mut conn = self.link.conn();
        let result: Option<(u64, u64, u64, u64)> =
            self.link.call(invocation.invoke_async(&mut conn)).await?;
        if self.wait_replicas > 0 && result.is_some() {
            self.await_replicas(&mut conn).await?;
        }
        Ok(result)
    }

    /// `WAIT`s for `--redis-wait-replicas` replicas to have what was just written.
    async fn await_replicas(&self, conn: &mut link::Conn) -> Result<(), ApiError> {
        let timeout_ms = (link::REDIS_TIMEOUT.as_millis() / 2) as u64;
        let acked: i64 = self
            .link
            .call(
                redis::cmd("WAIT")
                    .arg(self.wait_replicas)
                    .arg(timeout_ms)
                    .query_async(conn),
            )
            .await?;
        if acked < i64::from(self.wait_replicas) {
            return Err(link::unavailable(format!(
                "only {acked} of {} replicas took the event within {timeout_ms} ms (--redis-wait-replicas); it is stored on the primary and may be delivered",
                self.wait_replicas
            )));
        }
        Ok(())
    }

    /// Under Redis Cluster the publish script sees only its key's slot: before a null
    /// is answered, the cluster's shared state is checked (a null while the hubs
    /// register again after a lost state could be false), then the miss is counted
    /// and told to taps.
    async fn after_null(
        &self,
        key: &ChannelKey,
        json: &str,
        payload: &str,
    ) -> Result<(), ApiError> {
        let mut conn = self.link.conn();
        let (epoch, resetting): (Option<String>, bool) = self
            .link
            .call(
                redis::pipe()
                    .cmd("GET")
                    .arg(keys::EPOCH)
                    .cmd("EXISTS")
                    .arg(keys::RESET)
                    .query_async(&mut conn),
            )
            .await?;
        if epoch.is_none() || resetting {
            self.link.state_suspect.notify_one();
            return Err(link::unavailable(
                "the hubs are registering again after the cluster's Redis lost its state; retry in a moment",
            ));
        }
        let (link, key, json, payload) = (
            self.link.clone(),
            key.installation.clone(),
            json.to_string(),
            payload.to_string(),
        );
        let taps = self.someone_taps();
        let now = self.clock.now_ms();
        tokio::spawn(async move {
            let mut conn = link.conn();
            let mut pipe = redis::pipe();
            pipe.cmd("HINCRBY")
                .arg(keys::STATS)
                .arg("noSubscriber")
                .arg(1)
                .ignore()
                .cmd("HINCRBY")
                .arg(keys::misses(&key))
                .arg(&json)
                .arg(1)
                .ignore()
                .cmd("PEXPIRE")
                .arg(keys::misses(&key))
                .arg(HINT_WINDOW.as_millis() as u64)
                .ignore();
            if taps {
                pipe.cmd("PUBLISH")
                    .arg(keys::TAP_CHANNEL)
                    .arg(format!("- - - 0 {now}\n{json}\n{payload}"))
                    .ignore();
            }
            let _ = link.call(pipe.query_async::<()>(&mut conn)).await;
        });
        Ok(())
    }

    /// Under Redis Cluster: counts a stored event cluster-wide and tells taps, off the
    /// publisher's path.
    fn after_stored(&self, _key: &ChannelKey, json: &str, payload: &str, id: EventId, hubs: u64) {
        let (link, json, payload) = (self.link.clone(), json.to_string(), payload.to_string());
        let taps = self.someone_taps();
        let now = self.clock.now_ms();
        tokio::spawn(async move {
            let mut conn = link.conn();
            let mut pipe = redis::pipe();
            pipe.cmd("HINCRBY")
                .arg(keys::STATS)
                .arg("published")
                .arg(1)
                .ignore();
            if taps {
                let (ms, seq) = stream_position(id);
                pipe.cmd("PUBLISH")
                    .arg(keys::TAP_CHANNEL)
                    .arg(format!(
                        "{ms} {seq} {} {hubs} {now}\n{json}\n{payload}",
                        id.epoch()
                    ))
                    .ignore();
            }
            let _ = link.call(pipe.query_async::<()>(&mut conn)).await;
        });
    }

    /// Whether some hub has a tap attached, as the last heartbeat saw it (Redis
    /// Cluster; with one Redis the script looks itself).
    fn someone_taps(&self) -> bool {
        self.registry.someone_taps()
    }

    /// A subscription: the key registered in Redis (so a publish anywhere that
    /// follows the confirmation finds it) with its position learnt, the replay read
    /// from the key's stream, then joined to this hub's channel state.
    pub async fn subscribe(
        self: Arc<Self>,
        key: ChannelKey,
        mut joining: Joining,
    ) -> Result<SubscriptionHandle, ApiError> {
        let reservation = self.broker.reserve(key);
        let key = reservation.key().clone();
        let digest = formats::digest(&key);
        let needed = !reservation.channel().has_position();
        let top = self
            .registry
            .register(&self.link, &key, &digest, needed, self.clock.ahead_ms())
            .await?;
        let epoch = self.broker.epoch();
        if let Some((ms, seq)) = top {
            self.broker
                .settle(&reservation, EventId::new(ms, seq, epoch));
        }
        if joining.replay.wanted() {
            let room = joining.outbox.replay_room();
            joining.backlog = Some(self.backlog(&digest, joining.replay, epoch, room).await?);
        }
        Ok(self.broker.join(reservation, joining))
    }

    /// What a replay or resume on the key of `digest` gets from Redis: the events it
    /// asked for that the key's stream holds, and whether that is all of them. At
    /// most about `budget` bytes are read.
    async fn backlog(
        &self,
        digest: &str,
        replay: Replay,
        epoch: u32,
        budget: usize,
    ) -> Result<Backlog, ApiError> {
        let now_ms = self.clock.now_ms();
        let window_ms = self.replay_window.as_millis() as u64;
        // A since from this cluster's lifetime resumes after it. One from another
        // lifetime (or a single hub) cannot be placed: it is never recovered, and only
        // the replay asked for, if any, applies.
        let resume = replay.since.filter(|s| s.epoch() == epoch);
        let start = match (resume, replay.replay_seconds) {
            (Some(since), _) => formats::after(since),
            (None, Some(secs)) => {
                let from = now_ms.saturating_sub(secs.min(window_ms / 1000) * 1000);
                format!("{from}-0")
            }
            (None, None) => {
                return Ok(Backlog {
                    events: Vec::new(),
                    recovered: replay.since.is_none(),
                });
            }
        };
        let read = self.read_stream(digest, &start, epoch, budget).await?;
        let mut events = framed(read.events);
        let recovered = match (replay.since, resume) {
            (Some(_), None) => false,
            (Some(since), Some(_)) => {
                // Entries past the window would have left a single hub's buffer.
                let cutoff = now_ms.saturating_sub(window_ms);
                let before = events.len();
                events.retain(|(id, _)| id.timestamp_ms() >= cutoff);
                !read.cut
                    && events.len() == before
                    && read
                        .deleted
                        .is_some_and(|deleted| deleted <= stream_position(since))
            }
            (None, _) => !read.cut,
        };
        Ok(Backlog { events, recovered })
    }

    /// Reads a stream from `start`, the newest events within `budget` bytes.
    async fn read_stream(
        &self,
        digest: &str,
        start: &str,
        epoch: u32,
        budget: usize,
    ) -> Result<formats::StreamRead, ApiError> {
        let (deleted, cut, entries): (String, u8, Vec<formats::StreamEntry>) = self
            .link
            .call(
                scripts::BACKLOG
                    .key(keys::stream(digest))
                    .arg(start)
                    .arg(budget)
                    .invoke_async(&mut self.link.conn()),
            )
            .await?;
        Ok(formats::StreamRead {
            events: formats::stream_events(entries, epoch),
            deleted: formats::parse_stream_id(&deleted),
            cut: cut == 1,
        })
    }

    /// Has every hub's publishes told to this hub's taps.
    pub async fn watch_taps(self: Arc<Self>) -> Result<(), ApiError> {
        self.registry
            .watch_taps(&self.link, self.clock.ahead_ms())
            .await
    }

    /// This hub's record, fresh.
    fn record(&self) -> HubRecord {
        HubRecord::of(
            &self.broker,
            self.hub_id(),
            self.endpoint.get().map_or("", String::as_str),
            self.started_ms,
        )
    }

    /// Every live hub's record, with this hub's own figures fresh.
    pub async fn view(&self) -> Result<Arc<ClusterView>, ApiError> {
        let view = Arc::new(view::read(&self.link, self.record(), self.clock.ahead_ms()).await?);
        *self.view_cache.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((Instant::now(), view.clone()));
        Ok(view)
    }

    /// A view no older than [`HINT_VIEW_AGE`].
    async fn recent_view(&self) -> Result<Arc<ClusterView>, ApiError> {
        if let Some((at, view)) = self
            .view_cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            && at.elapsed() < HINT_VIEW_AGE
        {
            return Ok(view.clone());
        }
        self.view().await
    }

    pub async fn channels(self: Arc<Self>) -> Result<Vec<ChannelStats>, ApiError> {
        Ok(self.view().await?.channels())
    }

    pub async fn publish_hints(self: Arc<Self>, key: Arc<ChannelKey>) -> Vec<Hint> {
        match self.recent_view().await {
            Ok(view) => view::publish_hints(&view, &key),
            Err(_) => Vec::new(),
        }
    }

    pub async fn subscription_hints(self: Arc<Self>, key: Arc<ChannelKey>) -> Vec<Hint> {
        let cutoff = self
            .clock
            .now_ms()
            .saturating_sub(HINT_WINDOW.as_millis() as u64);
        let view = self.recent_view().await.ok();
        view::subscription_hints(&self.link, view.as_deref(), &key, cutoff).await
    }

    /// The cluster's figures after this hub's own in `/metrics`, or only the Redis
    /// gauge when Redis cannot be read.
    pub async fn render_metrics(self: Arc<Self>, mut text: String) -> String {
        match self.view().await {
            Ok(view) => view.render_metrics(true, &mut text),
            Err(_) => text.push_str(
                "# HELP frt_cluster_redis_up 1 when this hub reaches the cluster's Redis.\n# TYPE frt_cluster_redis_up gauge\nfrt_cluster_redis_up 0\n",
            ),
        }
        text
    }

    /// Leaves the cluster's views at shutdown. Presence is left to expire, so
    /// publishes keep being stored for subscribers resuming on another hub.
    pub async fn leave(&self) {
        let mut conn = self.link.conn();
        let _ = tokio::time::timeout(link::REDIS_TIMEOUT, async {
            let _: redis::RedisResult<i64> = redis::cmd("ZREM")
                .arg(keys::HUBS)
                .arg(self.hub_id())
                .query_async(&mut conn)
                .await;
            let _: redis::RedisResult<i64> = redis::cmd("DEL")
                .arg(keys::hub(self.hub_id()))
                .query_async(&mut conn)
                .await;
        })
        .await;
    }

    /// How long presence outlives a dead hub (the cluster's grace period).
    pub fn presence_ttl(&self) -> Duration {
        PRESENCE_TTL
    }
}

fn random_hex(bytes: usize) -> Result<String> {
    let mut b = vec![0u8; bytes];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}
