//! A hub's connection to the cluster's Redis: one multiplexed connection (commands and
//! pub/sub pushes, RESP3) that reconnects by itself, every call bounded in time, and
//! the health that callers and sockets read from it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use axum::http::StatusCode;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{IntoConnectionInfo, ProtocolVersion, PushInfo};
use tokio::sync::watch;

use crate::hub::config::RedisUrl;
use crate::hub::engine::health::Health;
use crate::hub::error::ApiError;

/// Longest wait for one Redis answer before the hub counts Redis as unreachable.
pub const REDIS_TIMEOUT: Duration = Duration::from_secs(2);

pub struct Link {
    conn: ConnectionManager,
    /// `redis://host:port/db` with any password taken out, for messages.
    pub redacted_url: String,
    health: watch::Sender<Health>,
    /// The connection dropped: events may have been missed and must be backfilled.
    lost_connection: AtomicBool,
    /// A script found Redis without the cluster's state: the pulse checks at once.
    pub state_suspect: tokio::sync::Notify,
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
        Some("READONLY") => "it is a read-only replica; point --redis at the primary".to_string(),
        _ => e.to_string(),
    };
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "CLUSTER_UNAVAILABLE",
        format!("the cluster's Redis refused the operation: {why}; nothing was done, retry"),
    )
}

impl Link {
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

    /// Connects, handing every pushed message to `on_push`.
    pub async fn connect(
        url: &RedisUrl,
        on_push: impl Fn(PushInfo) + Send + Sync + 'static,
    ) -> Result<Link> {
        let redacted_url = url.redacted();
        RedisUrl::check(url).map_err(|m| anyhow::anyhow!(m))?;
        let info = (&**url).into_connection_info().with_context(|| {
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
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(REDIS_TIMEOUT))
            .set_response_timeout(Some(REDIS_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(2))
            .set_automatic_resubscription()
            .set_push_sender(move |info: PushInfo| {
                on_push(info);
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
        Ok(Link {
            conn,
            redacted_url,
            health: watch::channel(Health::Up).0,
            lost_connection: AtomicBool::new(false),
            state_suspect: tokio::sync::Notify::new(),
        })
    }

    pub fn conn(&self) -> ConnectionManager {
        self.conn.clone()
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
        unavailable(why)
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
