//! The hub subcommands: serve, and bench and smoke, which measure and check one.

use crate::cli::*;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port
    #[arg(
        long,
        env = "FRT_ADDR",
        default_value = HubConfig::DEFAULT_ADDR,
        value_name = "ADDR"
    )]
    pub addr: SocketAddr,

    /// Where keys and hub.json live (default: $XDG_STATE_HOME/frt)
    #[arg(long, env = "FRT_STATE_DIR", value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// Operations per second per installation, or 'off'
    #[arg(long, env = "FRT_RATE_LIMIT", default_value = rate_limit_text(HubConfig::DEFAULT_RATE_LIMIT), value_parser = parse_rate_limit, value_name = "N|off")]
    pub rate_limit: RateLimitSetting,

    /// Largest payload accepted, e.g. 64KiB, 1MiB
    #[arg(long, env = "FRT_MAX_PAYLOAD", default_value = size_text(HubConfig::DEFAULT_MAX_PAYLOAD), value_parser = parse_size, value_name = "SIZE")]
    pub max_payload: usize,

    /// How far back replay and resume can reach
    #[arg(long, env = "FRT_REPLAY_WINDOW", default_value = duration_text(HubConfig::DEFAULT_REPLAY_WINDOW), value_parser = parse_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub replay_window: Duration,

    /// Most events held per channel key for replay and resume
    #[arg(long, env = "FRT_REPLAY_MAX_EVENTS", default_value_t = HubConfig::DEFAULT_REPLAY_MAX_EVENTS, value_parser = whole_number::<usize>, value_name = "N")]
    pub replay_max_events: usize,

    /// How long a dropped subscriber stays counted and buffered for, awaiting its resume
    #[arg(long, env = "FRT_GRACE", default_value = duration_text(HubConfig::DEFAULT_GRACE), value_parser = parse_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub grace: Duration,

    /// Default and maximum token lifetime
    #[arg(long, env = "FRT_TOKEN_TTL", default_value = duration_text(HubConfig::DEFAULT_TOKEN_TTL), value_parser = parse_positive_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub token_ttl: Duration,

    /// Frames queued per connection before it is cut as a slow consumer
    #[arg(long, env = "FRT_QUEUE_LIMIT", default_value_t = HubConfig::DEFAULT_QUEUE_LIMIT, value_parser = whole_number::<usize>, value_name = "N")]
    pub queue_limit: usize,

    /// Bytes queued per connection (live events, replay and replies) before it is cut as
    /// a slow consumer, e.g. 4MiB
    #[arg(long, env = "FRT_QUEUE_BYTES", default_value = size_text(HubConfig::DEFAULT_QUEUE_BYTES), value_parser = parse_size, value_name = "SIZE")]
    pub queue_bytes: usize,

    /// Subscriptions one connection may hold
    #[arg(long, env = "FRT_MAX_SUBSCRIPTIONS", default_value_t = HubConfig::DEFAULT_MAX_SUBSCRIPTIONS, value_parser = whole_number::<usize>, value_name = "N")]
    pub max_subscriptions: usize,

    /// Connections open without having sent a request; past it, the oldest is closed
    #[arg(long, env = "FRT_MAX_PENDING", default_value_t = HubConfig::DEFAULT_MAX_PENDING, value_parser = whole_number::<usize>, value_name = "N")]
    pub max_pending: usize,

    /// Time a client has to send a request's headers, also between keep-alive requests
    #[arg(long, env = "FRT_HEADER_TIMEOUT", default_value = duration_text(HubConfig::DEFAULT_HEADER_TIMEOUT), value_parser = parse_positive_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub header_timeout: Duration,

    /// Serve HTTPS and WSS with this certificate chain (PEM, leaf first); needs
    /// --tls-key. hub.json then records the https:// endpoint
    #[arg(long, env = "FRT_TLS_CERT", value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The certificate's private key (PEM)
    #[arg(long, env = "FRT_TLS_KEY", value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Threads running the hub's event loop. One is fastest on small machines (no
    /// cross-thread wake-ups); more spread heavy fan-out over more cores
    #[arg(long, env = "FRT_WORKERS", default_value_t = 1, value_parser = positive_number::<usize>, value_name = "N")]
    pub workers: usize,

    /// Interval of WebSocket pings to idle connections
    #[arg(long, default_value = duration_text(HubConfig::DEFAULT_PING_INTERVAL), value_parser = parse_positive_duration, value_name = "DUR", hide = true)]
    pub ping_interval: Duration,

    /// Join the cluster of every hub given this Redis, e.g. redis://127.0.0.1:6379/0:
    /// one channel space, with presence, replay, rate limits and keys shared there.
    /// Also redis+sentinel://HOST:PORT[,HOST:PORT...]/PRIMARY[/DB] (followed through
    /// failovers) and redis+cluster://HOST:PORT[,HOST:PORT...] (keys sharded by
    /// channel); rediss... for TLS
    #[arg(long, env = "FRT_REDIS_URL", value_name = "URL")]
    pub redis: Option<String>,

    /// With --redis over TLS: a CA certificate (PEM) Redis's certificates chain to,
    /// besides the system's
    #[arg(
        long,
        env = "FRT_REDIS_CACERT",
        requires = "redis",
        value_name = "FILE"
    )]
    pub redis_cacert: Option<PathBuf>,

    /// With --redis: acknowledge a publish only once N replicas have it (WAIT), so a
    /// failover cannot lose it; costs a replica round trip per publish
    #[arg(
        long,
        env = "FRT_REDIS_WAIT_REPLICAS",
        requires = "redis",
        default_value_t = 0,
        value_name = "N"
    )]
    pub redis_wait_replicas: u32,

    /// With --redis: write a fresh API key and signing key for the whole cluster;
    /// every hub adopts them within a heartbeat (10 s), and tokens signed before stop
    /// verifying
    #[arg(long, env = "FRT_ROTATE_KEYS", requires = "redis", value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::SetTrue)]
    pub rotate_keys: bool,
}

impl ServeArgs {
    /// The hub's configuration: the flags resolved once, every field named, so a new
    /// tuning flag cannot be forgotten here.
    pub fn hub_config(&self, state_dir: PathBuf) -> HubConfig {
        HubConfig {
            addr: self.addr,
            state_dir,
            rate_limit: self.rate_limit.0,
            max_payload: self.max_payload,
            replay_window: self.replay_window,
            replay_max_events: self.replay_max_events,
            grace: self.grace,
            token_ttl: self.token_ttl,
            queue_limit: self.queue_limit,
            queue_bytes: self.queue_bytes,
            max_subscriptions: self.max_subscriptions,
            max_pending: self.max_pending,
            header_timeout: self.header_timeout,
            ping_interval: self.ping_interval,
            announce: true,
            redis: self.redis.clone().map(crate::hub::config::RedisUrl),
            rotate_keys: self.rotate_keys,
            redis_cacert: self.redis_cacert.clone(),
            redis_wait_replicas: self.redis_wait_replicas,
            tls: match (&self.tls_cert, &self.tls_key) {
                (Some(cert), Some(key)) => Some(crate::hub::config::TlsFiles {
                    cert: cert.clone(),
                    key: key.clone(),
                }),
                _ => None,
            },
            clock: std::sync::Arc::new(crate::hub::clock::SystemClock),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchScenario {
    /// Publish to a waiting subscriber, one at a time: p50, p90, p99, max
    Latency,
    /// Ordered stream publish to one subscriber: events per second
    Throughput,
    /// One publisher to --subs subscribers: deliveries per second, p99 delivery latency
    Fanout,
    /// --conns idle subscriptions: hub memory per subscription
    Connections,
}

/// How the bench load generator publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Via {
    /// The ordered, acknowledged WebSocket stream `frt publish --lines` uses
    Stream,
    /// HTTP POSTs pipelined on one keep-alive connection, as the shared kit's
    /// fanout.py sends them
    Http,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// What to measure
    #[arg(value_enum)]
    pub scenario: BenchScenario,

    /// Messages (latency: samples) [default: latency 1000, throughput 200000, fanout 20000]
    #[arg(long, value_parser = positive_number::<u64>, value_name = "N")]
    pub msgs: Option<u64>,

    /// Payload size in bytes
    #[arg(long, default_value_t = 100, value_parser = whole_number::<usize>, value_name = "BYTES")]
    pub size: usize,

    /// Subscribers for fanout
    #[arg(long, default_value_t = 100, value_parser = positive_number::<usize>, value_name = "N")]
    pub subs: usize,

    /// Idle connections for connections
    #[arg(long, default_value_t = 2000, value_parser = positive_number::<usize>, value_name = "N")]
    pub conns: usize,

    /// Stop sending after this long, even if --msgs are not all sent
    #[arg(long, value_parser = parse_positive_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub duration: Option<Duration>,

    /// Write the result as CSV (a header line and a row)
    #[arg(long)]
    pub csv: bool,

    /// How to publish: stream (what --lines uses; throughput's default) or http
    /// (pipelined POSTs, as the shared kit sends them; fanout's default)
    #[arg(long, value_enum, value_name = "HOW")]
    pub via: Option<Via>,

    /// latency: let the OS place the embedded hub and the client (by default both are
    /// pinned to one core, which takes cross-core wake-ups out of the figure)
    #[arg(long)]
    pub spread: bool,

    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SmokeArgs {
    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}
