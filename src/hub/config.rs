//! What a hub can be told, and the one home of its defaults: `frt serve`'s flags show
//! these constants as their defaults, and embedded hubs (smoke, bench, tests) start
//! from them.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::hub::clock::{Clock, SystemClock};
use crate::hub::redis_target::{RedisTarget, redact};

/// The hub's certificate chain and private key, as PEM files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// What a key's channel state keeps for replay, and how long it holds a dropped
/// subscription's place.
#[derive(Debug, Clone)]
pub struct BufferLimits {
    pub replay_window: Duration,
    pub replay_max_events: usize,
    pub replay_max_bytes: usize,
    pub grace: Duration,
}

/// Everything `frt serve` can be told.
#[derive(Debug, Clone)]
pub struct HubConfig {
    pub addr: SocketAddr,
    pub state_dir: PathBuf,
    /// Operations per second per installation; `None` is off.
    pub rate_limit: Option<u32>,
    pub max_payload: usize,
    pub replay_window: Duration,
    pub replay_max_events: usize,
    pub grace: Duration,
    /// Default and maximum token lifetime.
    pub token_ttl: Duration,
    /// Frames queued per connection before it is cut as a slow consumer.
    pub queue_limit: usize,
    /// Bytes queued or being written per connection before it is cut.
    pub queue_bytes: usize,
    /// Subscriptions one connection may hold.
    pub max_subscriptions: usize,
    /// Connections open without having sent a request; past it the oldest is closed.
    pub max_pending: usize,
    /// Time allowed for a request's headers, also between keep-alive requests.
    pub header_timeout: Duration,
    pub ping_interval: Duration,
    /// Write `hub.json` so clients find this hub (off for throwaway embedded hubs).
    pub announce: bool,
    /// Serve HTTPS and WSS with this certificate and key (PEM files).
    pub tls: Option<TlsFiles>,
    /// What channel state reads the time from: the system, or a test's clock.
    pub clock: Arc<dyn Clock>,
    /// Join the cluster whose state lives in this Redis (`--redis`).
    pub redis: Option<RedisUrl>,
    /// Write fresh cluster secrets for every hub to adopt (`--rotate-keys`).
    pub rotate_keys: bool,
    /// A CA certificate (PEM) that Redis's TLS certificates chain to, beside the
    /// system's (`--redis-cacert`).
    pub redis_cacert: Option<PathBuf>,
    /// Replicas that must have each publish before it is acknowledged (`WAIT`), under
    /// Redis Sentinel (`--redis-wait-replicas`); 0 acknowledges once the primary has it.
    pub redis_wait_replicas: u32,
}

/// A Redis URL, which may hold a password: shown only with the password taken out.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisUrl(pub String);

impl std::ops::Deref for RedisUrl {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for RedisUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl RedisUrl {
    /// Checks a `--redis` URL before anything connects, in words that never repeat
    /// its password (clap's own error would echo the value whole).
    pub fn check(text: &str) -> Result<(), String> {
        RedisTarget::parse(text).map(|_| ())
    }

    /// The URL with any password taken out, so it can be shown.
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }

    pub fn target(&self) -> Result<RedisTarget, String> {
        RedisTarget::parse(&self.0)
    }
}

impl HubConfig {
    pub const DEFAULT_ADDR: &str = "127.0.0.1:7878";
    pub const DEFAULT_RATE_LIMIT: Option<u32> = Some(50);
    pub const DEFAULT_MAX_PAYLOAD: usize = 64 * 1024;
    pub const DEFAULT_REPLAY_WINDOW: Duration = Duration::from_secs(300);
    pub const DEFAULT_REPLAY_MAX_EVENTS: usize = 100_000;
    pub const DEFAULT_GRACE: Duration = Duration::from_secs(30);
    pub const DEFAULT_TOKEN_TTL: Duration = Duration::from_secs(3600);
    pub const DEFAULT_QUEUE_LIMIT: usize = 4096;
    pub const DEFAULT_QUEUE_BYTES: usize = 4 << 20;
    pub const DEFAULT_MAX_SUBSCRIPTIONS: usize = 1024;
    pub const DEFAULT_MAX_PENDING: usize = 1024;
    pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
    pub const DEFAULT_PING_INTERVAL: Duration = Duration::from_secs(20);

    /// The documented defaults, on the given address and state directory.
    pub fn new(addr: SocketAddr, state_dir: PathBuf) -> HubConfig {
        HubConfig {
            addr,
            state_dir,
            rate_limit: Self::DEFAULT_RATE_LIMIT,
            max_payload: Self::DEFAULT_MAX_PAYLOAD,
            replay_window: Self::DEFAULT_REPLAY_WINDOW,
            replay_max_events: Self::DEFAULT_REPLAY_MAX_EVENTS,
            grace: Self::DEFAULT_GRACE,
            token_ttl: Self::DEFAULT_TOKEN_TTL,
            queue_limit: Self::DEFAULT_QUEUE_LIMIT,
            queue_bytes: Self::DEFAULT_QUEUE_BYTES,
            max_subscriptions: Self::DEFAULT_MAX_SUBSCRIPTIONS,
            max_pending: Self::DEFAULT_MAX_PENDING,
            header_timeout: Self::DEFAULT_HEADER_TIMEOUT,
            ping_interval: Self::DEFAULT_PING_INTERVAL,
            announce: true,
            tls: None,
            clock: Arc::new(SystemClock),
            redis: None,
            rotate_keys: false,
            redis_cacert: None,
            redis_wait_replicas: 0,
        }
    }

    /// Largest request body or WebSocket message: the payload limit, room for JSON
    /// escaping (a control byte becomes six), and the envelope around it.
    pub fn max_request_bytes(&self) -> usize {
        self.max_payload.saturating_mul(6).saturating_add(64 * 1024)
    }

    /// A connection's byte budget: `--queue-bytes`, but never less than room for two
    /// of the largest events, so one maximal event always fits.
    pub fn connection_byte_budget(&self) -> usize {
        self.queue_bytes
            .max(self.max_payload.saturating_mul(12).saturating_add(4096))
    }

    /// Bytes of events held per key for replay: room for the event count at typical
    /// sizes, and for a few maximal ones.
    pub fn replay_max_bytes(&self) -> usize {
        self.max_payload.saturating_mul(16).max(64 << 20)
    }

    /// What a key's channel state keeps, and for how long a dropped subscription.
    pub fn buffer_limits(&self) -> BufferLimits {
        BufferLimits {
            replay_window: self.replay_window,
            replay_max_events: self.replay_max_events,
            replay_max_bytes: self.replay_max_bytes(),
            grace: self.grace,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_password() {
        let shown = |u: &str| RedisUrl(u.into()).redacted();
        assert_eq!(shown("redis://:hunter2@db:6379/0"), "redis://***@db:6379/0");
        assert_eq!(shown("redis://db:6379"), "redis://db:6379");
        let refused = RedisUrl::check("http://:hunter2@db").unwrap_err();
        assert!(!refused.contains("hunter2"), "{refused}");
        assert!(
            RedisUrl::check("rediss://db:6380/0").is_ok(),
            "TLS is taken"
        );
    }
}
