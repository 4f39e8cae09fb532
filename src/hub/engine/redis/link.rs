//! A hub's connection to the cluster's Redis, whatever the deployment: one server, the
//! primary the sentinels name (followed through failovers), or a Redis Cluster (each
//! command routed to its key's shard). One multiplexed connection carries commands and
//! pub/sub pushes (RESP3) and reconnects by itself; every call is bounded in time; the
//! health that callers and sockets read lives here.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::{Context, Result};
use axum::http::StatusCode;
use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig};
use redis::cluster_async::ClusterConnection;
use redis::{
    Cmd, ConnectionAddr, ConnectionInfo, IntoConnectionInfo, Pipeline, ProtocolVersion, PushInfo,
    RedisFuture, RedisResult, TlsCertificates, Value,
};
use tokio::sync::watch;

use crate::hub::config::RedisUrl;
use crate::hub::engine::health::Health;
use crate::hub::error::ApiError;
use crate::hub::redis_target::{Auth, RedisTarget};

/// Longest wait for one Redis answer before the hub counts Redis as unreachable.
pub const REDIS_TIMEOUT: Duration = Duration::from_secs(2);

/// Where pushed messages go.
pub type OnPush = Arc<dyn Fn(PushInfo) + Send + Sync>;

/// A connection to the cluster's Redis.
#[derive(Clone)]
pub enum Conn {
    /// One server, or the primary the sentinels named last.
    Direct(ConnectionManager),
    Cluster(ClusterConnection),
}

impl ConnectionLike for Conn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Conn::Direct(c) => c.req_packed_command(cmd),
            Conn::Cluster(c) => c.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        cmd: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Conn::Direct(c) => c.req_packed_commands(cmd, offset, count),
            Conn::Cluster(c) => c.req_packed_commands(cmd, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Conn::Direct(c) => c.get_db(),
            Conn::Cluster(c) => c.get_db(),
        }
    }
}

impl Conn {
    /// Listens on a key's events channel: a shard channel under Redis Cluster, so
    /// its events travel only to that shard's nodes.
    pub async fn subscribe_key(&mut self, channel: &str) -> RedisResult<()> {
        match self {
            Conn::Direct(c) => c.subscribe(channel).await,
            Conn::Cluster(c) => c.ssubscribe(channel).await,
        }
    }

    pub async fn unsubscribe_key(&mut self, channel: &str) -> RedisResult<()> {
        match self {
            Conn::Direct(c) => c.unsubscribe(channel).await,
            Conn::Cluster(c) => c.sunsubscribe(channel).await,
        }
    }

    /// Listens on a cluster-wide channel (the tap).
    pub async fn subscribe(&mut self, channel: &str) -> RedisResult<()> {
        match self {
            Conn::Direct(c) => c.subscribe(channel).await,
            Conn::Cluster(c) => c.subscribe(channel).await,
        }
    }

    pub async fn unsubscribe(&mut self, channel: &str) -> RedisResult<()> {
        match self {
            Conn::Direct(c) => c.unsubscribe(channel).await,
            Conn::Cluster(c) => c.unsubscribe(channel).await,
        }
    }
}

pub struct Link {
    conn: RwLock<Conn>,
    target: RedisTarget,
    /// What a new connection is made with (a failover's new primary).
    settings: Settings,
    /// Where the primary is now, under Sentinel.
    primary: RwLock<Option<(String, u16)>>,
    /// `redis://host:port/db` with any password taken out, for messages.
    pub redacted_url: String,
    health: watch::Sender<Health>,
    /// The connection dropped: events may have been missed and must be backfilled.
    lost_connection: AtomicBool,
    /// A new connection replaced the old one (a failover): its subscriptions must be
    /// made again.
    replaced: AtomicBool,
    /// A script found Redis without the cluster's state, or a replica where the
    /// primary was: the pulse checks at once.
    pub state_suspect: tokio::sync::Notify,
}

/// What every connection is made with.
struct Settings {
    on_push: OnPush,
    certificates: Option<TlsCertificates>,
}

/// The 503 every refused cluster operation answers.
pub fn unavailable(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "CLUSTER_UNAVAILABLE",
        format!(
            "the hub cannot reach the cluster's Redis ({e}); retry when GET /healthz answers ok, or on another hub"
        ),
    )
}

/// The 503 of a command Redis answered but refused: it is up, so say what it said.
fn refused(e: &redis::RedisError) -> ApiError {
    let why = match e.code() {
        Some("OOM") => {
            "it is out of memory (maxmemory); free memory or raise maxmemory".to_string()
        }
        Some("READONLY") => {
            "it is a replica now (a failover); the hub is finding the new primary".to_string()
        }
        _ => e.to_string(),
    };
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "CLUSTER_UNAVAILABLE",
        format!("the cluster's Redis refused the operation: {why}; nothing was done, retry"),
    )
}

impl Link {
    /// Connects, handing every pushed message to `on_push`.
    pub async fn connect(
        url: &RedisUrl,
        cacert: Option<&std::path::Path>,
        on_push: OnPush,
    ) -> Result<Link> {
        let redacted_url = url.redacted();
        let target = url.target().map_err(|m| anyhow::anyhow!(m))?;
        let certificates =
            match cacert {
                Some(path) => Some(TlsCertificates {
                    client_tls: None,
                    root_cert: Some(std::fs::read(path).with_context(|| {
                        format!("cannot read --redis-cacert {}", path.display())
                    })?),
                }),
                None => None,
            };
        let settings = Settings {
            on_push,
            certificates,
        };
        let (conn, primary) =
            tokio::time::timeout(REDIS_TIMEOUT * 3, open(&target, &settings, None))
                .await
                .map_err(|_| anyhow::anyhow!("no answer within {:?}", REDIS_TIMEOUT * 3))
                .and_then(|r| r)
                .with_context(|| {
                    format!(
                        "cannot reach {} at {redacted_url}; start it or fix --redis",
                        target.kind()
                    )
                })?;
        Ok(Link {
            conn: RwLock::new(conn),
            target,
            settings,
            primary: RwLock::new(primary),
            redacted_url,
            health: watch::channel(Health::Up).0,
            lost_connection: AtomicBool::new(false),
            replaced: AtomicBool::new(false),
            state_suspect: tokio::sync::Notify::new(),
        })
    }

    pub fn conn(&self) -> Conn {
        self.conn.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn target(&self) -> &RedisTarget {
        &self.target
    }

    /// Under Sentinel: asks the sentinels where the primary is, and when it moved,
    /// connects there. `Ok(true)` when the connection was replaced (its events since
    /// the last one must be backfilled, and its subscriptions made again).
    pub async fn follow_primary(&self) -> Result<bool> {
        if !matches!(self.target, RedisTarget::Sentinel { .. }) {
            return Ok(false);
        }
        let now = self
            .primary
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let asked = tokio::time::timeout(REDIS_TIMEOUT * 2, primary_of(&self.target)).await;
        let found = match asked {
            Ok(Ok(found)) => found,
            Ok(Err(e)) => return Err(e),
            Err(_) => anyhow::bail!("no sentinel answered within {:?}", REDIS_TIMEOUT * 2),
        };
        if now.as_ref() == Some(&found) {
            return Ok(false);
        }
        let opened = tokio::time::timeout(
            REDIS_TIMEOUT * 3,
            open(&self.target, &self.settings, Some(found.clone())),
        )
        .await
        .map_err(|_| {
            anyhow::anyhow!(
                "the new primary did not answer within {:?}",
                REDIS_TIMEOUT * 3
            )
        })??;
        tracing::warn!(
            "the sentinels name a new primary, {}:{}; this hub follows it",
            found.0,
            found.1
        );
        *self.conn.write().unwrap_or_else(|p| p.into_inner()) = opened.0;
        *self.primary.write().unwrap_or_else(|p| p.into_inner()) = Some(found);
        self.lost_connection.store(true, Ordering::SeqCst);
        self.replaced.store(true, Ordering::SeqCst);
        Ok(true)
    }

    /// Whether the connection was replaced since the last call (and forgets it).
    pub fn take_replaced(&self) -> bool {
        self.replaced.swap(false, Ordering::SeqCst)
    }

    pub fn health(&self) -> Health {
        self.health.borrow().clone()
    }

    pub fn health_changes(&self) -> watch::Receiver<Health> {
        self.health.subscribe()
    }

    /// Records the health; connections are told only when it flips between up and
    /// down, or state was lost (a new reason for the same outage is kept, not
    /// announced; a lost state is remembered until the next outage).
    pub fn set_health(&self, health: Health) {
        self.health.send_if_modified(|current| {
            if *current == health {
                return false;
            }
            match (&*current, &health) {
                (Health::Down(_), Health::Down(_)) => {
                    *current = health;
                    return false;
                }
                (Health::Reset(_), Health::Up) => return false,
                _ => {}
            }
            match &health {
                Health::Up => tracing::info!("Redis at {} is reachable again", self.redacted_url),
                Health::Down(why) => {
                    tracing::warn!("Redis at {} is unreachable: {why}", self.redacted_url)
                }
                Health::Reset(why) => tracing::warn!(
                    "Redis at {} lost the cluster's state ({why}); this hub registered its keys again under a new epoch",
                    self.redacted_url
                ),
            }
            *current = health;
            true
        });
    }

    /// The connection dropped: pushes were missed until it is back.
    pub fn mark_lost(&self) {
        self.lost_connection.store(true, Ordering::SeqCst);
        self.set_health(Health::Down("the connection to Redis closed".into()));
    }

    /// Whether pushes were missed since the last call (and forgets it).
    pub fn take_lost(&self) -> bool {
        self.lost_connection.swap(false, Ordering::SeqCst)
    }

    pub fn is_lost(&self) -> bool {
        self.lost_connection.load(Ordering::SeqCst)
    }

    /// Notes a failed Redis call and turns it into the caller's 503.
    fn failed(&self, e: impl std::fmt::Display) -> ApiError {
        let why = e.to_string();
        self.set_health(Health::Down(why.clone()));
        // Under Sentinel, the primary may have moved.
        self.state_suspect.notify_one();
        unavailable(why)
    }

    /// A script's refusal for the cluster's shared state: lost (the pulse is told, and
    /// registers again), being registered again, or damaged (an operator must fix it).
    fn state_refusal(&self, e: &redis::RedisError) -> ApiError {
        let code = e.code().unwrap_or_default();
        let message = match code {
            "FRT_NOSTATE" => {
                self.state_suspect.notify_one();
                "the cluster's Redis lost its state (a flush, or a restart without persistence); the hubs are registering again: retry in a moment".to_string()
            }
            "FRT_RESETTING" => "the hubs are registering again after the cluster's Redis lost its state, so whether anyone is subscribed cannot be told yet: retry in a moment".to_string(),
            _ => {
                let detail = e.detail().unwrap_or_default();
                tracing::error!("the cluster's state in Redis is damaged: {detail}");
                format!(
                    "the cluster's state in Redis is damaged ({detail}); an operator must delete the key named (redis-cli DEL KEY), and the hubs write a fresh one"
                )
            }
        };
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "CLUSTER_UNAVAILABLE",
            message,
        )
    }

    /// Runs a Redis call with the cluster's timeout.
    pub async fn call<T>(
        &self,
        fut: impl std::future::Future<Output = redis::RedisResult<T>>,
    ) -> Result<T, ApiError> {
        match tokio::time::timeout(REDIS_TIMEOUT, fut).await {
            Ok(Ok(v)) => Ok(v),
            // A script found the cluster's shared state missing or damaged.
            Ok(Err(e)) if e.code().is_some_and(|c| c.starts_with("FRT_")) => {
                Err(self.state_refusal(&e))
            }
            // Redis answered, but refused (out of memory, say): it is not down.
            Ok(Err(e)) if !(e.is_io_error() || e.is_connection_dropped() || e.is_timeout()) => {
                tracing::warn!("Redis refused a command: {e}");
                if e.code() == Some("READONLY") {
                    self.state_suspect.notify_one();
                }
                Err(refused(&e))
            }
            Ok(Err(e)) => Err(self.failed(e)),
            // The call may still have run: a retried publish can then arrive twice.
            Err(_) => Err(self.failed(format!(
                "no answer within {REDIS_TIMEOUT:?}, so it may or may not have been done"
            ))),
        }
    }
}

/// The primary's address, as the sentinels name it now.
async fn primary_of(target: &RedisTarget) -> Result<(String, u16)> {
    let RedisTarget::Sentinel {
        sentinels, master, ..
    } = target
    else {
        anyhow::bail!("not a Sentinel deployment");
    };
    let mut last = None;
    for (host, port) in sentinels {
        let info = ConnectionAddr::Tcp(host.clone(), *port).into_connection_info()?;
        let asked = async {
            let client = redis::Client::open(info)?;
            let mut conn = client.get_multiplexed_async_connection().await?;
            redis::cmd("SENTINEL")
                .arg("get-master-addr-by-name")
                .arg(master)
                .query_async::<Option<(String, String)>>(&mut conn)
                .await
        };
        match tokio::time::timeout(REDIS_TIMEOUT, asked).await {
            Ok(Ok(Some((h, p)))) => {
                if let Ok(p) = p.parse() {
                    return Ok((h, p));
                }
            }
            Ok(Ok(None)) => {
                last = Some(format!(
                    "sentinel {host}:{port} knows no primary named {master:?}"
                ))
            }
            Ok(Err(e)) => last = Some(format!("sentinel {host}:{port}: {e}")),
            Err(_) => last = Some(format!("sentinel {host}:{port} did not answer")),
        }
    }
    anyhow::bail!(
        "no sentinel named the primary: {}",
        last.unwrap_or_else(|| "none was given".into())
    )
}

/// Redis settings every connection shares: RESP3 (pushes), the deployment's auth and
/// database.
fn redis_settings(info: &ConnectionInfo, auth: Option<&Auth>, db: Option<i64>) -> ConnectionInfo {
    let mut settings = info
        .redis_settings()
        .clone()
        .set_protocol(ProtocolVersion::RESP3);
    if let Some(auth) = auth {
        if let Some(user) = &auth.username {
            settings = settings.set_username(user.clone());
        }
        if let Some(password) = &auth.password {
            settings = settings.set_password(password.clone());
        }
    }
    if let Some(db) = db {
        settings = settings.set_db(db);
    }
    // Every publish is a request and an answer on this connection: no Nagle delay.
    let tcp = info.tcp_settings().clone().set_nodelay(true);
    info.clone()
        .set_redis_settings(settings)
        .set_tcp_settings(tcp)
}

fn addr(host: &str, port: u16, tls: bool) -> ConnectionAddr {
    if tls {
        ConnectionAddr::TcpTls {
            host: host.to_string(),
            port,
            insecure: false,
            tls_params: None,
        }
    } else {
        ConnectionAddr::Tcp(host.to_string(), port)
    }
}

/// Opens a connection to the target (under Sentinel, to `primary`, else to the one the
/// sentinels name now).
async fn open(
    target: &RedisTarget,
    settings: &Settings,
    primary: Option<(String, u16)>,
) -> Result<(Conn, Option<(String, u16)>)> {
    let push = settings.on_push.clone();
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(REDIS_TIMEOUT))
        .set_response_timeout(Some(REDIS_TIMEOUT))
        .set_number_of_retries(1)
        .set_max_delay(Duration::from_secs(2))
        .set_automatic_resubscription()
        .set_push_sender(move |info: PushInfo| {
            push(info);
            Ok::<(), ()>(())
        });
    let client = |info: ConnectionInfo| -> Result<redis::Client> {
        Ok(match &settings.certificates {
            Some(certs) => redis::Client::build_with_tls(info, certs.clone())?,
            None => redis::Client::open(info)?,
        })
    };
    match target {
        RedisTarget::Single { url } => {
            let info = url.as_str().into_connection_info()?;
            let manager = ConnectionManager::new_with_config(
                client(redis_settings(&info, None, None))?,
                config,
            )
            .await?;
            Ok((Conn::Direct(manager), None))
        }
        RedisTarget::Sentinel { db, auth, tls, .. } => {
            let (host, port) = match primary {
                Some(p) => p,
                None => primary_of(target).await?,
            };
            let info = addr(&host, port, *tls).into_connection_info()?;
            let manager = ConnectionManager::new_with_config(
                client(redis_settings(&info, Some(auth), Some(*db)))?,
                config,
            )
            .await?;
            Ok((Conn::Direct(manager), Some((host, port))))
        }
        RedisTarget::Cluster { nodes, auth, tls } => {
            let infos = nodes
                .iter()
                .map(|(h, p)| {
                    let info = addr(h, *p, *tls).into_connection_info()?;
                    Ok(redis_settings(&info, Some(auth), None))
                })
                .collect::<RedisResult<Vec<ConnectionInfo>>>()?;
            let push = settings.on_push.clone();
            let mut builder = redis::cluster::ClusterClientBuilder::new(infos)
                .use_protocol(ProtocolVersion::RESP3)
                .connection_timeout(REDIS_TIMEOUT)
                .response_timeout(REDIS_TIMEOUT)
                .push_sender(move |info: PushInfo| {
                    push(info);
                    Ok::<(), ()>(())
                });
            if let Some(certs) = &settings.certificates {
                builder = builder.certs(certs.clone());
            }
            let conn = builder.build()?.get_async_connection().await?;
            Ok((Conn::Cluster(conn), None))
        }
    }
}
