//! Several hubs as one cluster over Redis (`frt serve --redis`).
//!
//! Each hub stays the fan-out for its own sockets; what they share lives in Redis, in
//! Redis's own primitives and nothing else:
//! - **presence**: a sorted set per channel key, one member per hub holding a
//!   subscriber there, scored with an expiry that a heartbeat pushes forward, so a hub
//!   that died without a word drops out within [`PRESENCE_TTL`];
//! - **events**: one Lua script per publish checks presence (the null result),
//!   numbers the event from a cluster-wide counter, appends it to the key's stream
//!   (trimmed to the replay window) and publishes it on the key's pub/sub channel, to
//!   which only the hubs holding that key listen;
//! - **limits and keys**: the rate budget per installation, the API key and signing
//!   key, and the epoch that tags event ids.
//!
//! A hub registers a key (listening, then presence) before it confirms a subscription,
//! so a publish anywhere that follows a confirmation finds it. The layout of keys in
//! Redis and the failure modes are in docs/cluster.md.

pub mod scripts;
pub mod view;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use anyhow::{Context, Result};
use axum::http::StatusCode;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{IntoConnectionInfo, ProtocolVersion, PushInfo, PushKind, Value};
use tokio::sync::watch;

use crate::channel::ChannelKey;
use crate::hub::Hub;
use crate::hub::broker::{Backlog, Replay};
use crate::hub::error::ApiError;
use crate::hub::outbox::Wakes;
use crate::protocol::EventId;
use crate::state::HubSecrets;
use crate::token::SigningKey;

/// How long a hub's presence on a key, and its record, outlive its last heartbeat.
pub const PRESENCE_TTL: Duration = Duration::from_secs(30);
/// How often presence and the hub's record are refreshed.
pub const HEARTBEAT: Duration = Duration::from_secs(10);
/// How often Redis is checked (and how soon a hub notices it is back).
const PULSE: Duration = Duration::from_secs(1);
/// Longest wait for one Redis answer before the hub counts Redis as unreachable.
const REDIS_TIMEOUT: Duration = Duration::from_secs(2);
/// Presence keys refreshed per script call.
const PRESENCE_BATCH: usize = 500;

/// Whether this hub can reach the cluster's Redis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    Up,
    /// Unreachable, with the reason.
    Down(String),
}

/// A hub's membership in a cluster.
pub struct Cluster {
    conn: ConnectionManager,
    /// `redis://host:port/db` with any password taken out, for messages.
    pub redacted_url: String,
    pub hub_id: String,
    started_ms: u64,
    replay_window: Duration,
    replay_max_events: usize,
    /// Keys this hub listens for, by digest (the pub/sub channel names them so).
    watched: Mutex<HashMap<String, Arc<ChannelKey>>>,
    /// Serialises registering and withdrawing keys.
    control: tokio::sync::Mutex<()>,
    health: watch::Sender<Health>,
    /// The connection dropped: events may have been missed and must be backfilled.
    lost_connection: AtomicBool,
    /// This hub listens on the tap channel (a tap is attached here).
    tapping: AtomicBool,
    /// Set when presence or the record should be refreshed soon.
    dirty: tokio::sync::Notify,
    view_cache: Mutex<Option<(std::time::Instant, Arc<view::ClusterView>)>>,
    hub: OnceLock<Weak<Hub>>,
    /// Where clients reach this hub, for the views.
    pub endpoint: OnceLock<String>,
}

/// Redis key names, all under one prefix. Fixed names are constants: the events
/// prefix and the tap channel are compared on every pushed message.
pub(crate) mod keys {
    macro_rules! frt_key {
        ($name:literal) => {
            concat!("frt:", $name)
        };
    }
    pub const EPOCH: &str = frt_key!("epoch");
    pub const SEQ: &str = frt_key!("seq");
    pub const SECRETS: &str = frt_key!("secrets");
    pub const SETTINGS: &str = frt_key!("settings");
    pub const STATS: &str = frt_key!("stats");
    pub const HUBS: &str = frt_key!("hubs");
    /// Followed by a hub's id: its record.
    pub const HUB_PREFIX: &str = frt_key!("hub:");
    /// Followed by a key's digest: its pub/sub channel of events.
    pub const EVENTS_PREFIX: &str = frt_key!("e:");
    /// Hubs with a tap attached (a sorted set scored with expiries, like presence).
    pub const TAPPING: &str = frt_key!("tapping");
    /// Where publishes are told while some hub taps.
    pub const TAP_CHANNEL: &str = frt_key!("tap");

    pub fn presence(digest: &str) -> String {
        format!(frt_key!("p:{}"), digest)
    }
    pub fn stream(digest: &str) -> String {
        format!(frt_key!("s:{}"), digest)
    }
    pub fn events(digest: &str) -> String {
        format!("{EVENTS_PREFIX}{digest}")
    }
    pub fn hub(id: &str) -> String {
        format!("{HUB_PREFIX}{id}")
    }
    pub fn rate(installation: &str) -> String {
        format!(frt_key!("rl:{}"), installation)
    }
    pub fn misses(installation: &str) -> String {
        format!(frt_key!("miss:{}"), installation)
    }
}

/// A channel key's name in Redis: a digest of its canonical JSON (claims can be
/// large, and a key's parts must not be able to spell another key's name).
pub fn digest(key: &ChannelKey) -> String {
    digest_of(&key_json(key))
}

/// [`digest`] of a key whose canonical JSON is at hand.
fn digest_of(json: &str) -> String {
    let d = ring::digest::digest(&ring::digest::SHA256, json.as_bytes());
    d.as_ref()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The canonical JSON of a key: fields in declaration order, maps sorted.
pub fn key_json(key: &ChannelKey) -> String {
    serde_json::to_string(key).unwrap_or_default()
}

/// The shared secrets as stored in Redis.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredSecrets {
    api_key: String,
    signing_key: String,
}

/// Checks a `--redis` URL's scheme before anything connects, in words that never
/// repeat its password (clap's own error would echo the value whole).
pub fn check_url(text: &str) -> Result<(), String> {
    match text.split_once("://").map(|(scheme, _)| scheme) {
        Some("redis" | "redis+unix" | "unix") => Ok(()),
        Some("rediss") => Err(
            "--redis: TLS to Redis (rediss://) is not supported; reach Redis over a private network or a TLS tunnel (stunnel, spiped) and give its redis:// address".into(),
        ),
        _ => Err(format!(
            "--redis {:?} is not a Redis URL; expected redis://HOST:PORT/DB",
            redact_url(text)
        )),
    }
}

/// Takes a password out of a Redis URL, so it can be shown.
pub fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((_, host)) => format!("{scheme}://***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

fn unavailable(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "CLUSTER_UNAVAILABLE",
        format!(
            "the hub cannot reach the cluster's Redis ({e}); retry when GET /healthz answers ok, or on another hub"
        ),
    )
}

fn random_hex(bytes: usize) -> Result<String> {
    let mut b = vec![0u8; bytes];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

impl Cluster {
    /// Connects to Redis and joins the cluster: adopts (or, first of all, writes) the
    /// shared secrets and epoch. `rotate` writes fresh secrets for every hub to adopt.
    pub async fn join(
        url: &str,
        local: HubSecrets,
        rotate: bool,
        replay_window: Duration,
        replay_max_events: usize,
    ) -> Result<(Arc<Cluster>, HubSecrets, u32)> {
        let redacted_url = redact_url(url);
        check_url(url).map_err(|m| anyhow::anyhow!(m))?;
        let info = url.into_connection_info().with_context(|| {
            format!("--redis {redacted_url} is not a Redis URL; expected redis://HOST:PORT/DB")
        })?;
        let settings = info
            .redis_settings()
            .clone()
            .set_protocol(ProtocolVersion::RESP3);
        // Every publish is a request and an answer on this connection: no Nagle delay.
        let tcp = info.tcp_settings().clone().set_nodelay(true);
        let info = info.set_redis_settings(settings).set_tcp_settings(tcp);
        let client = redis::Client::open(info)
            .with_context(|| format!("--redis {redacted_url} is not usable"))?;
        let hub_cell: Arc<OnceLock<Weak<Cluster>>> = Arc::new(OnceLock::new());
        let cell = hub_cell.clone();
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(REDIS_TIMEOUT))
            .set_response_timeout(Some(REDIS_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(2))
            .set_automatic_resubscription()
            .set_push_sender(move |info: PushInfo| {
                if let Some(cluster) = cell.get().and_then(Weak::upgrade) {
                    cluster.on_push(info);
                }
                Ok::<(), ()>(())
            });
        let conn = tokio::time::timeout(
            REDIS_TIMEOUT * 3,
            client.get_connection_manager_with_config(config),
        )
        .await
        .map_err(|_| anyhow::anyhow!("no answer within {:?}", REDIS_TIMEOUT * 3))
        .and_then(|r| r.map_err(anyhow::Error::from))
        .with_context(|| {
            format!("cannot reach Redis at {redacted_url}; start redis-server or fix --redis")
        })?;
        let (health, _) = watch::channel(Health::Up);
        let cluster = Arc::new(Cluster {
            conn,
            redacted_url,
            hub_id: format!("hub-{}", random_hex(6)?),
            started_ms: crate::timefmt::now_ms(),
            replay_window,
            replay_max_events: replay_max_events.max(1),
            watched: Mutex::new(HashMap::new()),
            control: tokio::sync::Mutex::new(()),
            health,
            lost_connection: AtomicBool::new(false),
            tapping: AtomicBool::new(false),
            dirty: tokio::sync::Notify::new(),
            view_cache: Mutex::new(None),
            hub: OnceLock::new(),
            endpoint: OnceLock::new(),
        });
        let _ = hub_cell.set(Arc::downgrade(&cluster));
        cluster.check_version().await?;
        let secrets = if rotate {
            let fresh = HubSecrets {
                api_key: crate::state::new_api_key()?,
                signing: SigningKey::generate()?,
            };
            cluster.write_secrets(&fresh, true).await?;
            fresh
        } else {
            cluster.write_secrets(&local, false).await?;
            cluster.read_secrets().await?.context(
                "the cluster's secrets vanished from Redis while joining; start the hub again",
            )?
        };
        let epoch = cluster.epoch().await?;
        Ok((cluster, secrets, epoch))
    }

    /// The scripts need Redis 7 (a stream's largest deleted id, `XSETID
    /// MAXDELETEDID`): an older server is refused at the start, not mid-publish.
    async fn check_version(&self) -> Result<()> {
        let mut conn = self.conn();
        let info: String = redis::cmd("INFO")
            .arg("server")
            .query_async(&mut conn)
            .await?;
        let version = info
            .lines()
            .find_map(|l| l.strip_prefix("redis_version:"))
            .unwrap_or("unknown")
            .trim()
            .to_string();
        let major: u32 = version
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(0);
        if major < 7 {
            anyhow::bail!(
                "Redis at {} is version {version}; a frt cluster needs Redis 7.0 or later (Debian 12 and later package it)",
                self.redacted_url
            );
        }
        Ok(())
    }

    fn conn(&self) -> ConnectionManager {
        self.conn.clone()
    }

    fn lock_watched(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<ChannelKey>>> {
        self.watched.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts the cluster's background work for `hub`: the pulse (health, heartbeat,
    /// adopting rotated secrets, resync), and withdrawing keys the hub no longer holds.
    pub fn start(
        self: &Arc<Self>,
        hub: &Arc<Hub>,
        endpoint: String,
    ) -> Vec<tokio::task::JoinHandle<()>> {
        let _ = self.hub.set(Arc::downgrade(hub));
        let _ = self.endpoint.set(endpoint);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        hub.broker.notify_removals(tx);
        let withdraw = {
            let cluster = self.clone();
            tokio::spawn(async move {
                while let Some(key) = rx.recv().await {
                    cluster.unwatch(&key).await;
                }
            })
        };
        let pulse = {
            let cluster = self.clone();
            tokio::spawn(async move { cluster.pulse().await })
        };
        vec![withdraw, pulse]
    }

    fn hub(&self) -> Option<Arc<Hub>> {
        self.hub.get().and_then(Weak::upgrade)
    }

    pub fn health(&self) -> Health {
        self.health.borrow().clone()
    }

    pub fn health_changes(&self) -> watch::Receiver<Health> {
        self.health.subscribe()
    }

    /// Records the health; connections are told only when it flips between up and
    /// down (a new reason for the same outage is kept, not announced).
    fn set_health(&self, health: Health) {
        self.health.send_if_modified(|current| {
            if *current == health {
                return false;
            }
            if matches!((&*current, &health), (Health::Down(_), Health::Down(_))) {
                *current = health;
                return false;
            }
            match &health {
                Health::Up => tracing::info!("Redis at {} is reachable again", self.redacted_url),
                Health::Down(why) => {
                    tracing::warn!("Redis at {} is unreachable: {why}", self.redacted_url)
                }
            }
            *current = health;
            true
        });
    }

    /// Notes a failed Redis call and turns it into the caller's 503.
    fn failed(&self, e: impl std::fmt::Display) -> ApiError {
        let why = e.to_string();
        self.set_health(Health::Down(why.clone()));
        unavailable(why)
    }

    /// Runs a Redis call with the cluster's timeout.
    async fn call<T>(
        &self,
        fut: impl std::future::Future<Output = redis::RedisResult<T>>,
    ) -> Result<T, ApiError> {
        match tokio::time::timeout(REDIS_TIMEOUT, fut).await {
            Ok(Ok(v)) => Ok(v),
            // Redis answered, but refused (out of memory, say): it is not down.
            Ok(Err(e)) if !(e.is_io_error() || e.is_connection_dropped() || e.is_timeout()) => {
                tracing::warn!("Redis refused a command: {e}");
                Err(unavailable(format!("Redis refused the command: {e}")))
            }
            Ok(Err(e)) => Err(self.failed(e)),
            // The call may still have run: a retried publish can then arrive twice.
            Err(_) => Err(self.failed(format!(
                "no answer within {REDIS_TIMEOUT:?}, so it may or may not have been done"
            ))),
        }
    }

    /// The cluster's epoch: the one in Redis, or a new one when Redis has none (the
    /// first hub, or Redis lost its data).
    async fn epoch(&self) -> Result<u32> {
        let fresh = u32::from_str_radix(&random_hex(4)?, 16).unwrap_or(1);
        let mut conn = self.conn();
        let _: Option<String> = redis::cmd("SET")
            .arg(keys::EPOCH)
            .arg(fresh)
            .arg("NX")
            .query_async(&mut conn)
            .await?;
        let epoch: u64 = redis::cmd("GET")
            .arg(keys::EPOCH)
            .query_async(&mut conn)
            .await?;
        Ok(epoch as u32)
    }

    async fn read_secrets(&self) -> Result<Option<HubSecrets>> {
        let mut conn = self.conn();
        let text: Option<String> = redis::cmd("GET")
            .arg(keys::SECRETS)
            .query_async(&mut conn)
            .await?;
        let Some(text) = text else {
            return Ok(None);
        };
        let stored: StoredSecrets = serde_json::from_str(&text).with_context(|| {
            format!(
                "{} in Redis is not frt's; delete it (redis-cli DEL {}) to have the hubs write theirs",
                keys::SECRETS,
                keys::SECRETS
            )
        })?;
        let signing = SigningKey::from_json(&stored.signing_key)?;
        Ok(Some(HubSecrets {
            api_key: stored.api_key,
            signing,
        }))
    }

    /// Writes `secrets` as the cluster's: only when Redis has none, or always for a
    /// rotation.
    async fn write_secrets(&self, secrets: &HubSecrets, overwrite: bool) -> Result<()> {
        let stored = StoredSecrets {
            api_key: secrets.api_key.clone(),
            signing_key: secrets.signing.to_json(),
        };
        let mut cmd = redis::cmd("SET");
        cmd.arg(keys::SECRETS).arg(serde_json::to_string(&stored)?);
        if !overwrite {
            cmd.arg("NX");
        }
        let mut conn = self.conn();
        let _: Option<String> = cmd.query_async(&mut conn).await?;
        Ok(())
    }

    /// Hubs of one cluster share one rate budget, one stream per key and one replay
    /// window, so they must be told the same limits. The first hub records its own;
    /// a hub told otherwise says so at the start, naming the flag to fix.
    pub async fn compare_settings(&self, config: &crate::hub::HubConfig) {
        let mine = serde_json::json!({
            "rateLimit": config.rate_limit,
            "replayWindowMs": config.replay_window.as_millis() as u64,
            "replayMaxEvents": config.replay_max_events,
            "maxPayload": config.max_payload,
        });
        let mut conn = self.conn();
        let recorded: redis::RedisResult<Option<String>> = async {
            let _: Option<String> = redis::cmd("SET")
                .arg(keys::SETTINGS)
                .arg(mine.to_string())
                .arg("NX")
                .query_async(&mut conn)
                .await?;
            redis::cmd("GET")
                .arg(keys::SETTINGS)
                .query_async(&mut conn)
                .await
        }
        .await;
        let Ok(Some(text)) = recorded else { return };
        let Ok(theirs) = serde_json::from_str::<serde_json::Value>(&text) else {
            return;
        };
        for (field, flag) in [
            ("rateLimit", "--rate-limit"),
            ("replayWindowMs", "--replay-window"),
            ("replayMaxEvents", "--replay-max-events"),
            ("maxPayload", "--max-payload"),
        ] {
            if theirs.get(field) != mine.get(field) {
                let shown = |v: Option<&serde_json::Value>| match v {
                    Some(serde_json::Value::Null) => "off".to_string(),
                    Some(v) => v.to_string(),
                    None => "unset".to_string(),
                };
                tracing::warn!(
                    "this hub's {flag} ({}) differs from the cluster's ({}, from the first hub to join): the hubs would disagree on limits; start every hub with the same value (or delete {} in Redis when all of them change)",
                    shown(mine.get(field)),
                    shown(theirs.get(field)),
                    keys::SETTINGS
                );
            }
        }
    }

    /// Listens for `key`'s events and marks this hub present on it; a subscription is
    /// confirmed only after this, so a publish anywhere that follows finds it.
    pub async fn watch(&self, key: &Arc<ChannelKey>) -> Result<(), ApiError> {
        let digest = digest(key);
        let _control = self.control.lock().await;
        if self.lock_watched().contains_key(&digest) {
            return Ok(());
        }
        // Listed first: events may arrive as soon as the subscription is in place.
        self.lock_watched().insert(digest.clone(), key.clone());
        let mut conn = self.conn();
        let registered = async {
            self.call(conn.subscribe(keys::events(&digest))).await?;
            self.call(
                scripts::PRESENCE
                    .key(keys::presence(&digest))
                    .arg(&self.hub_id)
                    .arg(PRESENCE_TTL.as_millis() as u64)
                    .invoke_async::<i64>(&mut self.conn()),
            )
            .await
        }
        .await;
        if let Err(e) = registered {
            self.lock_watched().remove(&digest);
            let _ = conn.unsubscribe(keys::events(&digest)).await;
            return Err(e);
        }
        self.dirty.notify_one();
        Ok(())
    }

    /// Before a tap attaches here: listen on the tap channel and mark this hub as
    /// tapping, so every hub's publishes are told there. The heartbeat withdraws both
    /// once no tap is attached.
    pub async fn watch_taps(&self) -> Result<(), ApiError> {
        let _control = self.control.lock().await;
        if self.tapping.load(Ordering::SeqCst) {
            return Ok(());
        }
        let mut conn = self.conn();
        self.call(conn.subscribe(keys::TAP_CHANNEL)).await?;
        self.call(
            scripts::PRESENCE
                .key(keys::TAPPING)
                .arg(&self.hub_id)
                .arg(PRESENCE_TTL.as_millis() as u64)
                .invoke_async::<i64>(&mut self.conn()),
        )
        .await?;
        self.tapping.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// Keeps this hub marked as tapping while a tap is attached; withdraws it when
    /// none is.
    async fn refresh_taps(&self, hub: &Hub) -> redis::RedisResult<()> {
        let _control = self.control.lock().await;
        if !self.tapping.load(Ordering::SeqCst) {
            return Ok(());
        }
        let mut conn = self.conn();
        if hub.broker.taps.is_idle() {
            let _: i64 = redis::cmd("ZREM")
                .arg(keys::TAPPING)
                .arg(&self.hub_id)
                .query_async(&mut conn)
                .await?;
            conn.unsubscribe(keys::TAP_CHANNEL).await?;
            self.tapping.store(false, Ordering::SeqCst);
        } else {
            let _: i64 = scripts::PRESENCE
                .key(keys::TAPPING)
                .arg(&self.hub_id)
                .arg(PRESENCE_TTL.as_millis() as u64)
                .invoke_async(&mut conn)
                .await?;
        }
        Ok(())
    }

    /// Stops listening for `key` and withdraws this hub's presence on it, unless a
    /// subscription came back meanwhile.
    async fn unwatch(&self, key: &Arc<ChannelKey>) {
        let digest = digest(key);
        let _control = self.control.lock().await;
        let Some(hub) = self.hub() else { return };
        if hub.broker.lookup(key).is_some() || !self.lock_watched().contains_key(&digest) {
            return;
        }
        self.lock_watched().remove(&digest);
        let mut conn = self.conn();
        // A failure here costs little: presence expires, and stray events are dropped.
        let _ = tokio::time::timeout(REDIS_TIMEOUT, async {
            let _ = conn.unsubscribe(keys::events(&digest)).await;
            let _: redis::RedisResult<i64> = redis::cmd("ZREM")
                .arg(keys::presence(&digest))
                .arg(&self.hub_id)
                .query_async(&mut conn)
                .await;
        })
        .await;
        self.dirty.notify_one();
    }

    /// Takes `n` operations from the installation's cluster-wide budget, or says how
    /// long until they are there.
    pub async fn rate(
        &self,
        installation: &str,
        n: u32,
        reserve: u32,
        per_second: u32,
    ) -> Result<Result<(), Duration>, ApiError> {
        let wait_us: u64 = self
            .call(
                scripts::RATE
                    .key(keys::rate(installation))
                    .arg(per_second)
                    .arg(n)
                    .arg(reserve)
                    .invoke_async(&mut self.conn()),
            )
            .await?;
        Ok(if wait_us == 0 {
            Ok(())
        } else {
            Err(Duration::from_micros(wait_us))
        })
    }

    /// Publishes on `key` for the whole cluster: `None` when no hub holds a
    /// subscriber on it. Acknowledged only once Redis has stored and routed it.
    pub async fn publish(
        &self,
        key: &ChannelKey,
        payload: &str,
    ) -> Result<Option<(EventId, u64, u64)>, ApiError> {
        // Serialized once: the digest names the key, and the JSON goes along for
        // misses and taps.
        let json = key_json(key);
        let digest = digest_of(&json);
        let window = self.replay_window.as_millis() as u64;
        let result: Option<(u64, u64, u64, u64)> = self
            .call(
                scripts::PUBLISH
                    .key(keys::presence(&digest))
                    .key(keys::stream(&digest))
                    .key(keys::EPOCH)
                    .key(keys::SEQ)
                    .key(keys::STATS)
                    .key(keys::misses(&key.installation))
                    .key(keys::TAPPING)
                    .arg(payload)
                    .arg(window.max(1))
                    .arg(self.replay_max_events)
                    .arg(keys::events(&digest))
                    .arg(window + PRESENCE_TTL.as_millis() as u64)
                    .arg(json)
                    .arg(crate::hub::hints::HINT_WINDOW.as_millis() as u64)
                    .arg(keys::TAP_CHANNEL)
                    .invoke_async(&mut self.conn()),
            )
            .await?;
        Ok(result.map(|(ts, seq, epoch, hubs)| {
            let epoch = epoch as u32;
            if let Some(hub) = self.hub()
                && hub.broker.epoch() != epoch
            {
                hub.broker.set_epoch(epoch);
            }
            (EventId::new(ts, seq, epoch), ts, hubs)
        }))
    }

    /// What a replay or resume on `key` gets from Redis: the events it asked for that
    /// the key's stream holds, and whether that is all of them.
    /// At most about `budget` bytes are read.
    pub async fn backlog(
        &self,
        key: &ChannelKey,
        replay: Replay,
        epoch: u32,
        now_ms: u64,
        budget: usize,
    ) -> Result<Backlog, ApiError> {
        let window_ms = self.replay_window.as_millis() as u64;
        // A since from this cluster's lifetime resumes after it. One from another
        // lifetime (or a single hub) cannot be placed: it is never recovered, and only
        // the replay asked for, if any, applies.
        let resume = replay.since.filter(|s| s.epoch() == epoch);
        let start = match (resume, replay.replay_seconds) {
            (Some(since), _) => {
                let (ms, seq) = stream_position(since);
                format!("({ms}-{seq}")
            }
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
        let read = self.read_backlog(key, &start, epoch, budget).await?;
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
    async fn read_backlog(
        &self,
        key: &ChannelKey,
        start: &str,
        epoch: u32,
        budget: usize,
    ) -> Result<StreamRead, ApiError> {
        let digest = digest(key);
        let (deleted, cut, entries): (String, u8, Vec<StreamEntry>) = self
            .call(
                scripts::BACKLOG
                    .key(keys::stream(&digest))
                    .arg(start)
                    .arg(budget)
                    .invoke_async(&mut self.conn()),
            )
            .await?;
        let events = entries
            .into_iter()
            .rev()
            .filter_map(|(id, mut fields)| {
                let (ms, seq) = parse_stream_id(&id)?;
                let payload = String::from_utf8(fields.pop()?).ok()?;
                Some((EventId::new(ms, seq, epoch), payload))
            })
            .collect();
        Ok(StreamRead {
            events,
            deleted: parse_stream_id(&deleted),
            cut: cut == 1,
        })
    }

    /// Routes what Redis pushes: events to the broker, a lost connection to a resync.
    fn on_push(&self, info: PushInfo) {
        match info.kind {
            PushKind::Message => {
                let [channel, message] = info.data.as_slice() else {
                    return;
                };
                let (Value::BulkString(channel), Value::BulkString(message)) = (channel, message)
                else {
                    return;
                };
                let Ok(channel) = std::str::from_utf8(channel) else {
                    return;
                };
                if channel == keys::TAP_CHANNEL {
                    return self.on_tapped(message);
                }
                let Some(digest) = channel.strip_prefix(keys::EVENTS_PREFIX) else {
                    return;
                };
                let Some(key) = self.lock_watched().get(digest).cloned() else {
                    return;
                };
                let Some((id, ts, payload)) = parse_message(message) else {
                    tracing::warn!("ignoring a malformed event from Redis on {digest}");
                    return;
                };
                if let Some(hub) = self.hub() {
                    let mut wakes = Wakes::default();
                    hub.broker.deliver(&key, id, ts, payload, &mut wakes);
                }
            }
            PushKind::Disconnection => {
                // Events published while this hub's connection is down reach it only
                // through the streams: hold new ones until the backfill is in.
                if let Some(hub) = self.hub() {
                    hub.broker.hold_all();
                }
                self.lost_connection.store(true, Ordering::SeqCst);
                self.set_health(Health::Down("the connection to Redis closed".into()));
            }
            _ => {}
        }
    }

    /// Shows a publish told on the tap channel (from any hub) to this hub's taps.
    fn on_tapped(&self, message: &[u8]) {
        let Some(hub) = self.hub() else { return };
        if hub.broker.taps.is_idle() {
            return;
        }
        let Some(told) = parse_tapped(message) else {
            tracing::warn!("ignoring a malformed tap record from Redis");
            return;
        };
        let mut wakes = Wakes::default();
        hub.broker.taps.observe(
            crate::hub::tap::Routed {
                key: &told.key,
                payload: told.payload,
                event: told.event.map(|(id, ts)| (id.to_string(), ts)),
                receivers: told.hubs,
                receivers_are_hubs: true,
                routed_at: told.routed_at,
            },
            &mut wakes,
        );
    }

    /// Checks Redis every second; refreshes presence and the hub's record every
    /// heartbeat (and soon after keys change); when Redis is back, registers again,
    /// adopts a new epoch or rotated secrets, and backfills what was missed.
    async fn pulse(self: Arc<Self>) {
        let mut last_beat = tokio::time::Instant::now();
        let mut beat_due = true;
        loop {
            tokio::select! {
                _ = tokio::time::sleep(PULSE) => {}
                _ = self.dirty.notified() => {
                    // Let a burst of subscribes settle into one refresh.
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    beat_due = true;
                }
            }
            let Some(hub) = self.hub() else { return };
            let mut conn = self.conn();
            let ping: Result<String, ApiError> =
                self.call(redis::cmd("PING").query_async(&mut conn)).await;
            if ping.is_err() {
                continue;
            }
            let was_down = matches!(self.health(), Health::Down(_));
            if was_down || self.lost_connection.load(Ordering::SeqCst) {
                if let Err(e) = self.recover(&hub).await {
                    self.set_health(Health::Down(format!("{e:#}")));
                    continue;
                }
                beat_due = true;
            }
            self.set_health(Health::Up);
            if beat_due || last_beat.elapsed() >= HEARTBEAT {
                if let Err(e) = self.heartbeat(&hub).await {
                    tracing::warn!("cluster heartbeat failed: {e:#}");
                    continue;
                }
                last_beat = tokio::time::Instant::now();
                beat_due = false;
            }
        }
    }

    /// After Redis came back: the secrets and epoch (which a Redis that lost its data
    /// no longer has), presence, and the events missed while the connection was down.
    async fn recover(&self, hub: &Arc<Hub>) -> Result<()> {
        self.share_secrets(hub).await?;
        let epoch = self.epoch().await?;
        hub.broker.set_epoch(epoch);
        if self.lost_connection.swap(false, Ordering::SeqCst) {
            for (key, newest) in hub.broker.hold_all() {
                let digest = digest(&key);
                if !self.lock_watched().contains_key(&digest) {
                    hub.broker.release(&key, Vec::new());
                    continue;
                }
                let start = if newest == EventId::new(0, 0, 0) || newest.epoch() != epoch {
                    // Nothing seen yet (or a lost Redis): from the start of the window.
                    let from = crate::timefmt::now_ms()
                        .saturating_sub(self.replay_window.as_millis() as u64);
                    format!("{from}-0")
                } else {
                    let (ms, seq) = stream_position(newest);
                    format!("({ms}-{seq}")
                };
                let budget = hub.config.replay_max_bytes();
                let backfill = match self.read_backlog(&key, &start, epoch, budget).await {
                    Ok(read) => read.events,
                    Err(e) => {
                        self.lost_connection.store(true, Ordering::SeqCst);
                        return Err(anyhow::anyhow!("{}", e.message));
                    }
                };
                hub.broker.release(&key, backfill);
            }
        }
        Ok(())
    }

    /// Keeps this hub on the cluster's secrets: adopts rotated ones, and writes its
    /// own back when Redis has none (it lost its data).
    async fn share_secrets(&self, hub: &Arc<Hub>) -> Result<()> {
        let current = hub.secrets();
        match self.read_secrets().await? {
            Some(shared) => {
                if shared.api_key != current.api_key
                    || shared.signing.to_json() != current.signing.to_json()
                {
                    tracing::info!("adopting the cluster's rotated API key and signing key");
                    hub.replace_secrets(shared);
                }
            }
            None => self.write_secrets(&current, false).await?,
        }
        Ok(())
    }

    /// Refreshes presence on every key this hub holds and its record (its figures
    /// and keys, for the cluster's views).
    async fn heartbeat(&self, hub: &Arc<Hub>) -> Result<()> {
        let digests: Vec<String> = self.lock_watched().keys().cloned().collect();
        let mut conn = self.conn();
        for chunk in digests.chunks(PRESENCE_BATCH) {
            let mut invocation = scripts::PRESENCE.prepare_invoke();
            for d in chunk {
                invocation.key(keys::presence(d));
            }
            invocation
                .arg(&self.hub_id)
                .arg(PRESENCE_TTL.as_millis() as u64);
            let _: i64 = invocation.invoke_async(&mut conn).await?;
        }
        self.refresh_taps(hub).await?;
        let record = view::HubRecord::of(hub, &self.hub_id, self.started_ms);
        let _: i64 = scripts::ANNOUNCE
            .key(keys::HUBS)
            .key(keys::hub(&self.hub_id))
            .arg(&self.hub_id)
            .arg(PRESENCE_TTL.as_millis() as u64)
            .arg(serde_json::to_string(&record)?)
            .invoke_async(&mut conn)
            .await?;
        self.share_secrets(hub).await?;
        Ok(())
    }

    /// Leaves the cluster's views at shutdown. Presence is left to expire, so
    /// publishes keep being stored for subscribers resuming on another hub.
    pub async fn leave(&self) {
        let mut conn = self.conn();
        let _ = tokio::time::timeout(REDIS_TIMEOUT, async {
            let _: redis::RedisResult<i64> = redis::cmd("ZREM")
                .arg(keys::HUBS)
                .arg(&self.hub_id)
                .query_async(&mut conn)
                .await;
            let _: redis::RedisResult<i64> = redis::cmd("DEL")
                .arg(keys::hub(&self.hub_id))
                .query_async(&mut conn)
                .await;
        })
        .await;
    }
}

/// An event id's position in its key's stream: the stream entry id is `ms-seq`.
fn stream_position(id: EventId) -> (u64, u64) {
    (id.timestamp_ms(), id.sequence())
}

fn parse_stream_id(text: &str) -> Option<(u64, u64)> {
    let (ms, seq) = text.split_once('-')?;
    Some((ms.parse().ok()?, seq.parse().ok()?))
}

/// A pub/sub message: `epoch ms seq\npayload`.
fn parse_message(message: &[u8]) -> Option<(EventId, u64, &str)> {
    let newline = message.iter().position(|b| *b == b'\n')?;
    let head = std::str::from_utf8(&message[..newline]).ok()?;
    let payload = std::str::from_utf8(&message[newline + 1..]).ok()?;
    let mut parts = head.split(' ');
    let epoch: u32 = parts.next()?.parse().ok()?;
    let ms: u64 = parts.next()?.parse().ok()?;
    let seq: u64 = parts.next()?.parse().ok()?;
    Some((EventId::new(ms, seq, epoch), ms, payload))
}

/// One stream entry as Redis answers it: its id and its fields and values in turn.
type StreamEntry = (String, Vec<Vec<u8>>);

/// What a read of a key's stream found.
struct StreamRead {
    /// Oldest first.
    events: Vec<(EventId, String)>,
    /// The largest position trimmed from the stream; `None` when it does not exist.
    deleted: Option<(u64, u64)>,
    /// The byte budget left older events out.
    cut: bool,
}

/// A publish as told on the tap channel.
struct Told<'a> {
    key: ChannelKey,
    event: Option<(EventId, u64)>,
    hubs: u64,
    routed_at: u64,
    payload: &'a str,
}

/// `ts seq epoch hubs routedAt\nkey JSON\npayload` (ids `-` for a null result).
fn parse_tapped(message: &[u8]) -> Option<Told<'_>> {
    let text = std::str::from_utf8(message).ok()?;
    let (head, rest) = text.split_once('\n')?;
    let (key_json, payload) = rest.split_once('\n')?;
    let fields: Vec<&str> = head.split(' ').collect();
    let [ts, seq, epoch, hubs, routed_at] = fields.as_slice() else {
        return None;
    };
    let event = match (ts.parse::<u64>(), seq.parse::<u64>(), epoch.parse::<u32>()) {
        (Ok(ts), Ok(seq), Ok(epoch)) => Some((EventId::new(ts, seq, epoch), ts)),
        _ if *ts == "-" => None,
        _ => return None,
    };
    Some(Told {
        key: serde_json::from_str(key_json).ok()?,
        event,
        hubs: hubs.parse().ok()?,
        routed_at: routed_at.parse().ok()?,
        payload,
    })
}

/// Stream entries as event frame tails, built once for every subscriber.
fn framed(events: Vec<(EventId, String)>) -> Vec<(EventId, Arc<str>)> {
    events
        .into_iter()
        .map(|(id, payload)| {
            let tail = crate::hub::broker::event_tail(id, id.timestamp_ms(), &payload);
            (id, tail)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_password() {
        assert_eq!(
            redact_url("redis://:hunter2@db:6379/0"),
            "redis://***@db:6379/0"
        );
        assert_eq!(redact_url("redis://db:6379"), "redis://db:6379");
    }

    #[test]
    fn tap_records_parse_and_malformed_ones_are_refused() {
        let key = r#"{"installation":"i","name":"n","scope":{"kind":"global"},"claims":null}"#;
        let record = format!("5 6 7 2 9\n{key}\nline\nbreak");
        let told = parse_tapped(record.as_bytes()).unwrap();
        assert_eq!(told.key.name, "n");
        assert_eq!(told.event.map(|(id, ts)| (id.sequence(), ts)), Some((6, 5)));
        assert_eq!(
            (told.hubs, told.routed_at, told.payload),
            (2, 9, "line\nbreak")
        );
        let record = format!("- - - 0 9\n{key}\nx");
        let null = parse_tapped(record.as_bytes()).unwrap();
        assert!(null.event.is_none());
        assert!(parse_tapped(b"5 6 7 2 9\nnot json\nx").is_none());
        assert!(parse_tapped(b"5 6\n{}\nx").is_none());
        assert!(parse_tapped(format!("x 6 7 2 9\n{key}\nx").as_bytes()).is_none());
    }

    #[test]
    fn messages_parse_and_malformed_ones_are_refused() {
        let (id, ms, payload) = parse_message(b"7 1700000000000 42\n{\"a\":\"b\nc\"}").unwrap();
        assert_eq!((ms, payload), (1_700_000_000_000, "{\"a\":\"b\nc\"}"));
        assert_eq!((id.epoch(), id.sequence()), (7, 42));
        assert!(parse_message(b"no newline").is_none());
        assert!(parse_message(b"x y z\npayload").is_none());
    }
}
