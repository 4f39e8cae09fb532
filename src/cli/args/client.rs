//! The client subcommands: publish, publish-global, sign-token, inspect-token,
//! subscribe, channels, tap and replay.

use crate::cli::*;

#[derive(Debug, Args)]
pub struct PublishArgs {
    #[command(flatten)]
    pub payload: PayloadArgs,
    #[command(flatten)]
    pub overrides: OverrideArgs,
    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub token: TokenArgs,
    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct PublishGlobalArgs {
    #[command(flatten)]
    pub payload: PayloadArgs,
    /// Not accepted: global channels have no scope (kept to explain that)
    #[arg(long = "context-override", hide = true, value_name = "PROP")]
    pub context_override: Vec<String>,
    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub token: TokenArgs,
    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SignTokenArgs {
    /// The channel the token is for
    pub channel: String,

    /// Claims as JSON; publisher and subscriber claims must match exactly
    #[arg(long, value_name = "JSON", conflicts_with = "claims_file")]
    pub claims: Option<String>,

    /// Read the claims JSON from a file
    #[arg(long, value_name = "PATH")]
    pub claims_file: Option<PathBuf>,

    /// One claim, key=value; the value is JSON when it parses as JSON, else a string (repeatable)
    #[arg(long = "claim", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub claim: Vec<(String, String)>,

    /// Limit the token to an operation (repeatable; default both)
    #[arg(long = "permission", value_enum, value_name = "OP")]
    pub permission: Vec<Permission>,

    /// Sign offline with this signing-key file (a hub's signing-key.json): no hub
    /// needed, the same token the hub would sign
    #[arg(long, value_name = "PATH", env = "FRT_KEY_FILE")]
    pub key_file: Option<PathBuf>,

    /// Lifetime, e.g. 10m, 1h; the hub caps it at its maximum
    #[arg(long, env = "FRT_TTL", value_parser = parse_positive_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub ttl: Option<Duration>,

    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct InspectTokenArgs {
    /// The token; '-' reads stdin. Omitted: prompted for on a terminal
    pub token: Option<String>,

    /// Read the token from a file
    #[arg(short, long, value_name = "PATH", conflicts_with = "token")]
    pub file: Option<PathBuf>,

    /// Check the signature, against the hub (or --key-file)
    #[arg(long)]
    pub verify: bool,

    /// Verify against this signing-key file instead of asking the hub
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,

    /// Fail unless the token is for this channel
    #[arg(long, value_name = "NAME")]
    pub channel: Option<String>,

    /// Fail unless the token grants this operation
    #[arg(long, value_enum, value_name = "OP")]
    pub permission: Option<Permission>,

    /// Fail when the token expires within this long, e.g. 1h
    #[arg(long, value_parser = parse_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub expires_within: Option<Duration>,

    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SubscribeArgs {
    /// The channel names (exact, case-sensitive), all on one connection
    #[arg(required = true, num_args = 1.., value_name = "CHANNEL")]
    pub channels: Vec<String>,

    /// Subscribe to the global plane (events from publish-global)
    #[arg(short, long)]
    pub global: bool,

    /// Exit 0 after this many events
    #[arg(short, long, env = "FRT_COUNT", value_parser = positive_number::<u64>, value_name = "N")]
    pub count: Option<u64>,

    /// Stop after this long; exit 124 if --count was not reached
    #[arg(short, long, env = "FRT_TIMEOUT", value_parser = parse_positive_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub timeout: Option<Duration>,

    /// First deliver the events of this recent past that the hub still holds, e.g. 30s,
    /// 5m (whole seconds; a bare number is seconds)
    #[arg(long = "replay", alias = "replay-seconds", env = "FRT_REPLAY", value_parser = parse_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub replay: Option<Duration>,

    /// Resume after this event id (from an earlier run's output) instead of starting
    /// live; says whether the hub still held everything since
    #[arg(long, value_name = "EVENT_ID", conflicts_with = "replay")]
    pub since: Option<String>,

    /// Filter and shape each event with jq, run on the object -o json prints (the
    /// parsed payload under .data); events the filter drops do not count for --count
    #[arg(long, value_name = "EXPR")]
    pub jq: Option<String>,

    /// Show when each event arrived and how long after its eventTimestamp (-o json
    /// always has receivedAt and latencyMs)
    #[arg(long, env = "FRT_TIMESTAMPS", value_parser = BoolishValueParser::new())]
    pub timestamps: bool,

    /// Treat a lost connection as an error (exit 1) instead of reconnecting
    #[arg(long, env = "FRT_NO_RECONNECT", value_parser = BoolishValueParser::new())]
    pub no_reconnect: bool,

    /// With -v: ask the hub for near misses after this long without an event
    #[arg(long, default_value = "10s", value_parser = parse_positive_duration, value_name = "DUR", hide = true)]
    pub hint_after: Duration,

    #[command(flatten)]
    pub overrides: OverrideArgs,
    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub token: TokenArgs,
    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ChannelsArgs {
    #[command(flatten)]
    pub keys: KeyFilterArgs,

    /// Show token claims in full, not just their digest
    #[arg(long)]
    pub show_claims: bool,

    /// On a cluster, only the keys of the hub asked (by default, every hub's, merged)
    #[arg(long)]
    pub this_hub: bool,

    /// Refresh every DUR (default 2s): in place on a terminal, else one JSON line each time
    #[arg(long, value_name = "DUR", num_args = 0..=1, default_missing_value = "2s", value_parser = parse_positive_duration)]
    pub watch: Option<Duration>,

    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

// `frt tap`: an API-key holder's firehose (a frt extension of the hub).
#[derive(Debug, Args)]
pub struct TapArgs {
    #[command(flatten)]
    pub keys: KeyFilterArgs,

    /// Only events no subscriber received (eventId null)
    #[arg(long)]
    pub undelivered: bool,

    /// Exit 0 after this many events
    #[arg(short, long, value_parser = positive_number::<u64>, value_name = "N")]
    pub count: Option<u64>,

    /// Stop after this long; exit 124 if --count was not reached
    #[arg(short, long, value_parser = parse_positive_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub timeout: Option<Duration>,

    /// Treat a lost connection as an error (exit 1) instead of reconnecting (to the
    /// next endpoint of a failover list); a tap replays nothing it missed
    #[arg(long, env = "FRT_NO_RECONNECT", value_parser = BoolishValueParser::new())]
    pub no_reconnect: bool,

    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

// `frt replay`: a capture published again, event by event.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// A capture written by 'frt subscribe -o json' or 'frt tap -o json'; '-' reads
    /// stdin
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The capture's timing between events, scaled: 1 as captured, 2 twice as fast,
    /// 0.5 half as fast, 0 as fast as the hub accepts
    #[arg(long, default_value = "1", value_parser = parse_speed, value_name = "FACTOR", allow_hyphen_values = true)]
    pub speed: f64,

    /// Send every event to this channel instead of the one it was captured on
    #[arg(long, value_name = "NAME")]
    pub channel: Option<String>,

    /// Send every event on the global plane
    #[arg(short, long)]
    pub global: bool,

    /// Send every event on the scoped plane
    #[arg(long, conflicts_with = "global")]
    pub scoped: bool,

    /// Exit 3 when an event reached nobody
    #[arg(long, env = "FRT_REQUIRE_SUBSCRIBERS", value_parser = BoolishValueParser::new())]
    pub require_subscribers: bool,

    #[command(flatten)]
    pub overrides: OverrideArgs,
    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub token: TokenArgs,
    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}
