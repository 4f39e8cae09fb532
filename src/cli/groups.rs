//! Flag groups several subcommands flatten: where the hub is, the caller's context, a
//! token, overrides, a payload, and which keys a listing or a tap is about.

use super::*;

// Where the hub is and how to authenticate.
#[derive(Debug, Clone, Args)]
pub struct ConnectionArgs {
    /// Hub base URL (default: the one in the state directory's hub.json); several,
    /// comma-separated, are tried in order when one cannot be reached
    #[arg(short, long, env = "FRT_ENDPOINT", value_name = "URL")]
    pub endpoint: Option<String>,

    /// API key for the hub (default: from hub.json); never printed
    #[arg(long, env = "FRT_API_KEY", hide_env_values = true, value_name = "KEY")]
    pub api_key: Option<String>,

    /// Directory holding hub.json (default: $XDG_STATE_HOME/frt)
    #[arg(long, env = "FRT_STATE_DIR", value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// Time limit for each request, e.g. 500ms, 10s
    #[arg(long, env = "FRT_REQUEST_TIMEOUT", value_parser = parse_positive_duration, default_value = "10s", value_name = "DUR", allow_hyphen_values = true)]
    pub request_timeout: Duration,

    /// Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)
    #[arg(long, env = "FRT_RETRIES", default_value_t = 4, value_parser = whole_number::<u32>, value_name = "N")]
    pub retries: u32,

    /// Also trust the certificate authorities in this PEM file (for an https:// hub
    /// whose certificate the system does not know)
    #[arg(long, env = "FRT_CACERT", value_name = "FILE")]
    pub cacert: Option<PathBuf>,

    /// Do not check the hub's certificate at all (warns every time; for a throwaway
    /// self-signed hub only)
    #[arg(long, env = "FRT_INSECURE", value_parser = BoolishValueParser::new())]
    pub insecure: bool,

    /// Inside a Forge container: publish and sign through the platform's egress proxy instead of a hub
    ///
    /// There the platform knows the caller, so --installation, --module and --context are
    /// not sent (frt warns when they are given). --context-override, --token, --lines,
    /// --json and --require-subscribers apply as usual; the platform judges the override
    /// list. subscribe, channels and inspect-token --verify need a frt hub.
    #[arg(long, env = "FORGE_EGRESS_PROXY_URL", value_name = "URL")]
    pub forge_proxy: Option<String>,

    /// The Forge invocation id the egress proxy authorizes
    #[arg(long, env = "FORGE_INVOCATION_ID", value_name = "ID")]
    pub invocation_id: Option<String>,
}

/// The caller a hub sees when no flag says otherwise (the SDK shim uses the same).
pub const DEFAULT_INSTALLATION: &str = "local";
pub const DEFAULT_MODULE: &str = "frt-cli";

// Who is calling: installation, module and its context.
#[derive(Debug, Clone, Args)]
pub struct ContextArgs {
    /// Installation the call belongs to [default: local, or the profile's]
    #[arg(long, env = "FRT_INSTALLATION", value_name = "ID")]
    pub installation: Option<String>,

    /// Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile's]
    #[arg(long, env = "FRT_MODULE", value_name = "KEY")]
    pub module: Option<String>,

    /// A context property of the caller, e.g. issue=10001 (repeatable)
    #[arg(long = "context", env = "FRT_CONTEXT", value_delimiter = ',', value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub context: Vec<(String, String)>,
}

// Token for the call.
#[derive(Debug, Clone, Args)]
pub struct TokenArgs {
    /// Channel token from sign-token (its claims become part of the channel key)
    #[arg(
        long,
        env = "FRT_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN",
        conflicts_with = "token_file"
    )]
    pub token: Option<String>,

    /// Read the token from a file
    #[arg(long, env = "FRT_TOKEN_FILE", value_name = "PATH")]
    pub token_file: Option<PathBuf>,
}

// Context overrides (scoped plane only).
#[derive(Debug, Clone, Args)]
pub struct OverrideArgs {
    /// Scope the channel by this context property only, instead of the whole module context (repeatable)
    #[arg(long = "context-override", env = "FRT_CONTEXT_OVERRIDE", value_delimiter = ',', value_name = "PROP",
          value_parser = clap::builder::PossibleValuesParser::new(CONTEXT_PROPERTIES))]
    pub context_override: Vec<String>,
}

// What to publish and how.
#[derive(Debug, Clone, Args)]
pub struct PayloadArgs {
    /// The channel name (exact, case-sensitive)
    pub channel: String,

    /// The payload; '-' reads stdin. Omitted: prompted for on a terminal
    #[arg(conflicts_with = "file")]
    pub payload: Option<String>,

    /// Read the payload from a file
    #[arg(short, long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Publish each line of stdin or of --file as its own event, in order (blank lines
    /// are skipped unless --keep-empty)
    #[arg(long)]
    pub lines: bool,

    /// Publish an empty payload, and blank lines under --lines, instead of refusing or
    /// skipping them
    #[arg(long)]
    pub keep_empty: bool,

    /// Refuse a payload that is not valid JSON
    #[arg(long)]
    pub json: bool,

    /// Exit 3 when no subscriber received the event
    #[arg(long, env = "FRT_REQUIRE_SUBSCRIBERS", value_parser = BoolishValueParser::new())]
    pub require_subscribers: bool,

    /// Refuse a payload over SIZE before sending it (exit 2); the hub's own
    /// --max-payload, e.g. 1MiB for a hub started with it
    #[arg(long, env = "FRT_MAX_PAYLOAD", default_value = size_text(HubConfig::DEFAULT_MAX_PAYLOAD), value_parser = parse_size, value_name = "SIZE")]
    pub max_payload: usize,

    /// Publish N events over one connection; the payload is a template (see
    /// --template)
    #[arg(short = 'c', long, value_parser = positive_number::<u64>, value_name = "N", conflicts_with = "lines")]
    pub count: Option<u64>,

    /// Pause between the events of --count, e.g. 100ms (default: as fast as the hub
    /// acknowledges)
    #[arg(long, value_parser = parse_duration, value_name = "DUR", requires = "count", allow_hyphen_values = true)]
    pub interval: Option<Duration>,

    /// Expand placeholders in the payload: {{seq}}, {{time}}, {{unix_ms}}, {{uuid}},
    /// {{random}} (implied by --count above 1)
    #[arg(long, conflicts_with = "lines")]
    pub template: bool,
}

// Which channel keys `channels` lists and `tap` watches.
#[derive(Debug, Clone, Args)]
pub struct KeyFilterArgs {
    /// Only keys of this installation
    #[arg(long, value_name = "ID")]
    pub installation: Option<String>,

    /// Only names matching this exact name or glob (e.g. 'order*')
    #[arg(long, value_name = "PATTERN")]
    pub name: Option<String>,

    /// Only the global plane
    #[arg(short, long)]
    pub global: bool,

    /// Only the scoped plane
    #[arg(long, conflicts_with = "global")]
    pub scoped: bool,
}

impl KeyFilterArgs {
    /// The plane asked for: `Some(true)` global, `Some(false)` scoped, `None` both.
    pub fn plane(&self) -> Option<bool> {
        match (self.global, self.scoped) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}
