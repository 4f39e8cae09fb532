//! The command line: clap definitions and the argument groups the subcommands share.
//! Help, completions and man pages are all generated from these definitions.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::BoolishValueParser;
use clap::{Args, FromArgMatches, Parser, Subcommand, ValueEnum};

mod examples;
mod parse;
mod values;

pub use examples::{ROOT_EXAMPLES, examples_for};
pub use parse::{color_for_clap, command, parse_from};
pub use values::{RateLimitSetting, parse_duration, parse_size};

use examples::*;
use values::{
    duration_text, parse_key_value, parse_positive_duration, parse_rate_limit, positive_number,
    rate_limit_text, size_text, whole_number,
};

use crate::channel::CONTEXT_PROPERTIES;
use crate::hub::HubConfig;
use crate::token::Permission;

#[derive(Debug, Parser)]
#[command(
    name = "frt",
    version,
    about = "Realtime channels from the terminal: publish, subscribe, sign and inspect tokens, and a local hub",
    long_about = "frt publishes events to Forge-style realtime channels, streams them to the terminal, signs and \
inspects channel tokens, and runs a local hub (frt serve) that emulates the realtime service, so all of it \
works on a laptop or a CI runner with no cloud account.",
    after_help = root_after_help(),
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

// Options every command takes, listed under their own heading in each command's help.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// More detail on stderr: the resolved channel key, requests (API key redacted), hub logs
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Only results and errors: no status lines, progress, warnings or hints
    #[arg(short, long, global = true, env = "FRT_QUIET", value_parser = BoolishValueParser::new())]
    pub quiet: bool,

    /// Never prompt; a missing value is an error instead
    #[arg(long, global = true, env = "FRT_NO_INPUT", value_parser = BoolishValueParser::new())]
    pub no_input: bool,

    /// Use this profile (frt profile list) instead of the current one
    #[arg(long, global = true, env = "FRT_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
}

// How results are shown: only on the commands that print results.
#[derive(Debug, Clone, Copy, Args)]
#[command(next_help_heading = "Output options")]
pub struct OutputArgs {
    /// Output format of results on stdout
    #[arg(short = 'o', long, value_enum, default_value_t = OutputMode::Human, env = "FRT_OUTPUT")]
    pub output: OutputMode,

    /// When to colour output (NO_COLOR in the environment also turns colour off)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, env = "FRT_COLOR")]
    pub color: ColorChoice,
}

impl Default for OutputArgs {
    fn default() -> OutputArgs {
        OutputArgs {
            output: OutputMode::Human,
            color: ColorChoice::Auto,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputMode {
    /// Readable lines, coloured on a terminal
    Human,
    /// JSON: one object per result (NDJSON for streams)
    Json,
    /// The bare value: an event id, a token, a payload
    Raw,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The subcommands. Their definitions are built only when used (clap's
/// `Command::defer`): a one-shot `frt publish` builds one subcommand's arguments, not
/// all of them, which the profile of one-shot processes showed as a quarter of their
/// start-up page faults. `SUBCOMMANDS` says what each is and how its arguments are
/// added.
#[derive(Debug)]
pub enum Command {
    Publish(PublishArgs),
    PublishGlobal(PublishGlobalArgs),
    SignToken(SignTokenArgs),
    InspectToken(InspectTokenArgs),
    Subscribe(SubscribeArgs),
    Serve(ServeArgs),
    Channels(ChannelsArgs),
    Tap(TapArgs),
    Bench(BenchArgs),
    Smoke(SmokeArgs),
    SdkShim,
    Completions(CompletionsArgs),
    Man(ManArgs),
    BrowserSession(BrowserSessionArgs),
    Ui(UiArgs),
    Profile(ProfileArgs),
}

/// One subcommand: its name, one-line description, visible alias, examples, and the
/// function that adds its arguments when it is built.
struct SubcommandSpec {
    name: &'static str,
    about: &'static str,
    alias: Option<&'static str>,
    examples: &'static str,
    args: fn(clap::Command) -> clap::Command,
    /// Its arguments, read back from the matches.
    parse: fn(&clap::ArgMatches) -> Result<Command, clap::Error>,
}

/// Commands that refuse the Forge egress proxy accept its flags only to say so, and
/// do not list them.
fn hide_proxy(cmd: clap::Command) -> clap::Command {
    cmd.mut_arg("forge_proxy", |a| a.hide(true))
        .mut_arg("invocation_id", |a| a.hide(true))
}

const SUBCOMMANDS: [SubcommandSpec; 16] = [
    SubcommandSpec {
        name: "publish",
        about: "Publish an event to a scoped channel",
        alias: Some("pub"),
        examples: PUBLISH_EXAMPLES,
        args: PublishArgs::augment_args,
        parse: |m| Ok(Command::Publish(PublishArgs::from_arg_matches(m)?)),
    },
    SubcommandSpec {
        name: "publish-global",
        about: "Publish an event to a global channel (no module scope)",
        alias: None,
        examples: PUBLISH_GLOBAL_EXAMPLES,
        args: PublishGlobalArgs::augment_args,
        parse: |m| {
            Ok(Command::PublishGlobal(PublishGlobalArgs::from_arg_matches(
                m,
            )?))
        },
    },
    SubcommandSpec {
        name: "sign-token",
        about: "Sign a channel token; prints the token alone on stdout",
        alias: None,
        examples: SIGN_EXAMPLES,
        args: SignTokenArgs::augment_args,
        parse: |m| Ok(Command::SignToken(SignTokenArgs::from_arg_matches(m)?)),
    },
    SubcommandSpec {
        name: "inspect-token",
        about: "Decode a token and say when it expires and whether it would be accepted",
        alias: None,
        examples: INSPECT_EXAMPLES,
        args: |c| hide_proxy(InspectTokenArgs::augment_args(c)),
        parse: |m| {
            Ok(Command::InspectToken(InspectTokenArgs::from_arg_matches(
                m,
            )?))
        },
    },
    SubcommandSpec {
        name: "subscribe",
        about: "Stream a channel's events to stdout",
        alias: Some("sub"),
        examples: SUBSCRIBE_EXAMPLES,
        args: |c| hide_proxy(SubscribeArgs::augment_args(c)),
        parse: |m| Ok(Command::Subscribe(SubscribeArgs::from_arg_matches(m)?)),
    },
    SubcommandSpec {
        name: "serve",
        about: "Run the local hub that emulates the realtime service",
        alias: None,
        examples: SERVE_EXAMPLES,
        args: ServeArgs::augment_args,
        parse: |m| Ok(Command::Serve(ServeArgs::from_arg_matches(m)?)),
    },
    SubcommandSpec {
        name: "channels",
        about: "List the hub's live channel keys: who is subscribed where",
        alias: None,
        examples: CHANNELS_EXAMPLES,
        args: |c| hide_proxy(ChannelsArgs::augment_args(c)),
        parse: |m| Ok(Command::Channels(ChannelsArgs::from_arg_matches(m)?)),
    },
    SubcommandSpec {
        name: "tap",
        about: "Watch every event the hub routes, whatever its key, and where it went",
        alias: None,
        examples: TAP_EXAMPLES,
        args: |c| hide_proxy(TapArgs::augment_args(c)),
        parse: |m| Ok(Command::Tap(TapArgs::from_arg_matches(m)?)),
    },
    SubcommandSpec {
        name: "bench",
        about: "Measure a hub: latency, throughput, fan-out, memory per connection",
        alias: None,
        examples: BENCH_EXAMPLES,
        args: |c| hide_proxy(BenchArgs::augment_args(c)),
        parse: |m| Ok(Command::Bench(BenchArgs::from_arg_matches(m)?)),
    },
    SubcommandSpec {
        name: "smoke",
        about: "Check the whole system end to end (an embedded hub unless --endpoint is given)",
        alias: None,
        examples: SMOKE_EXAMPLES,
        args: |c| hide_proxy(SmokeArgs::augment_args(c)),
        parse: |m| Ok(Command::Smoke(SmokeArgs::from_arg_matches(m)?)),
    },
    SubcommandSpec {
        name: "sdk-shim",
        about: "Print the Node shim that points unmodified @forge/realtime code at a frt hub",
        alias: None,
        examples: SDK_SHIM_EXAMPLES,
        args: |c| c,
        parse: |_| Ok(Command::SdkShim),
    },
    SubcommandSpec {
        name: "completions",
        about: "Print a shell completion script",
        alias: None,
        examples: COMPLETIONS_EXAMPLES,
        args: CompletionsArgs::augment_args,
        parse: |m| Ok(Command::Completions(CompletionsArgs::from_arg_matches(m)?)),
    },
    SubcommandSpec {
        name: "man",
        about: "Write the man pages into a directory",
        alias: None,
        examples: MAN_EXAMPLES,
        args: ManArgs::augment_args,
        parse: |m| Ok(Command::Man(ManArgs::from_arg_matches(m)?)),
    },
    SubcommandSpec {
        name: "browser-session",
        about: "Mint a browser session for @forge/bridge code or the inspector: the page never holds the API key",
        alias: None,
        examples: BROWSER_SESSION_EXAMPLES,
        args: |c| hide_proxy(BrowserSessionArgs::augment_args(c)),
        parse: |m| {
            Ok(Command::BrowserSession(
                BrowserSessionArgs::from_arg_matches(m)?,
            ))
        },
    },
    SubcommandSpec {
        name: "ui",
        about: "Open the hub's live inspector in a browser (prints its URL)",
        alias: None,
        examples: UI_EXAMPLES,
        args: |c| hide_proxy(UiArgs::augment_args(c)),
        parse: |m| Ok(Command::Ui(UiArgs::from_arg_matches(m)?)),
    },
    SubcommandSpec {
        name: "profile",
        about: "Named hubs and callers: add, list, use, show, remove",
        alias: None,
        examples: PROFILE_EXAMPLES,
        args: ProfileArgs::augment_args,
        parse: |m| Ok(Command::Profile(ProfileArgs::from_arg_matches(m)?)),
    },
];

impl clap::Subcommand for Command {
    fn augment_subcommands(mut cmd: clap::Command) -> clap::Command {
        for spec in &SUBCOMMANDS {
            let mut sub = clap::Command::new(spec.name)
                .about(spec.about)
                .after_help(spec.examples)
                .defer(spec.args);
            if let Some(alias) = spec.alias {
                sub = sub.visible_alias(alias);
            }
            cmd = cmd.subcommand(sub);
        }
        cmd.subcommand_required(true).arg_required_else_help(true)
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        SUBCOMMANDS.iter().any(|s| s.name == name)
    }
}

impl clap::FromArgMatches for Command {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let Some((name, sub)) = matches.subcommand() else {
            return Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand));
        };
        match SUBCOMMANDS.iter().find(|spec| spec.name == name) {
            Some(spec) => (spec.parse)(sub),
            None => Err(clap::Error::raw(
                clap::error::ErrorKind::InvalidSubcommand,
                format!("unknown command {name}"),
            )),
        }
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Command {
    /// How this command shows results; `None` for commands whose output is fixed
    /// (the hub's log, a script, man pages).
    pub fn output_args(&self) -> Option<OutputArgs> {
        Some(match self {
            Command::Publish(a) => a.out,
            Command::PublishGlobal(a) => a.out,
            Command::SignToken(a) => a.out,
            Command::InspectToken(a) => a.out,
            Command::Subscribe(a) => a.out,
            Command::Channels(a) => a.out,
            Command::Tap(a) => a.out,
            Command::Bench(a) => a.out,
            Command::Smoke(a) => a.out,
            Command::Profile(a) => a.out,
            Command::BrowserSession(a) => a.out,
            Command::Ui(a) => a.out,
            Command::Serve(_) | Command::SdkShim | Command::Completions(_) | Command::Man(_) => {
                return None;
            }
        })
    }

    /// The flags a profile can fill in: where the hub is, and who is calling.
    pub fn caller_args(&mut self) -> (Option<&mut ConnectionArgs>, Option<&mut ContextArgs>) {
        match self {
            Command::Publish(a) => (Some(&mut a.conn), Some(&mut a.context)),
            Command::PublishGlobal(a) => (Some(&mut a.conn), Some(&mut a.context)),
            Command::SignToken(a) => (Some(&mut a.conn), Some(&mut a.context)),
            Command::InspectToken(a) => (Some(&mut a.conn), Some(&mut a.context)),
            Command::Subscribe(a) => (Some(&mut a.conn), Some(&mut a.context)),
            Command::Channels(a) => (Some(&mut a.conn), None),
            Command::Tap(a) => (Some(&mut a.conn), None),
            Command::BrowserSession(a) => (Some(&mut a.conn), Some(&mut a.context)),
            Command::Ui(a) => (Some(&mut a.conn), None),
            Command::Bench(a) => (Some(&mut a.conn), None),
            Command::Smoke(a) => (Some(&mut a.conn), None),
            Command::Serve(_)
            | Command::SdkShim
            | Command::Completions(_)
            | Command::Man(_)
            | Command::Profile(_) => (None, None),
        }
    }
}

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
    /// one channel space, with presence, replay, rate limits and keys shared there
    #[arg(long, env = "FRT_REDIS_URL", value_name = "URL")]
    pub redis: Option<String>,

    /// With --redis: write a fresh API key and signing key for the whole cluster;
    /// every hub adopts them within a heartbeat (10 s), and tokens signed before stop
    /// verifying
    #[arg(long, env = "FRT_ROTATE_KEYS", requires = "redis", value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::SetTrue)]
    pub rotate_keys: bool,
}

/// A Redis URL: redis:// or unix://, checked before the hub starts. Checked here
/// rather than by clap, whose error would repeat the value, password and all.
pub fn check_redis_url(text: &str) -> Result<(), String> {
    let scheme = text.split_once("://").map(|(s, _)| s);
    match scheme {
        Some("redis" | "redis+unix" | "unix") => Ok(()),
        Some("rediss") => Err(
            "--redis: TLS to Redis (rediss://) is not supported; reach Redis over a private network or a TLS tunnel and give its redis:// address".into(),
        ),
        _ => Err(format!(
            "--redis {:?} is not a Redis URL; expected redis://HOST:PORT/DB",
            crate::hub::cluster::redact_url(text)
        )),
    }
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

    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
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

#[derive(Debug, Args)]
pub struct BrowserSessionArgs {
    /// Only the global plane (subscribeGlobal, publishGlobal)
    #[arg(long)]
    pub global_only: bool,

    /// Let the page publish too (realtime.publish); by default it only subscribes
    #[arg(long)]
    pub allow_publish: bool,

    /// Lifetime, e.g. 30m, 8h (at most 24h)
    #[arg(long, default_value = "1h", value_parser = parse_positive_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub ttl: Duration,

    /// Print the bridge-shim script URL carrying the session, ready for a <script> tag
    #[arg(long)]
    pub url: bool,

    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct UiArgs {
    /// Print the URL only; do not start a browser
    #[arg(long)]
    pub no_open: bool,

    /// How long the inspector's admin session lasts, e.g. 8h (at most 24h)
    #[arg(long, default_value = "8h", value_parser = parse_positive_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub ttl: Duration,

    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub action: ProfileAction,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Subcommand)]
pub enum ProfileAction {
    /// Add a profile, or replace one with --force
    Add(ProfileAddArgs),
    /// List the profiles; the current one is marked
    List,
    /// Make a profile the current one, used when no --profile is given
    Use {
        /// The profile's name
        name: String,
    },
    /// Show a profile (the current one by default); never prints a key
    Show {
        /// The profile's name
        name: Option<String>,
    },
    /// Remove a profile
    Remove {
        /// The profile's name
        name: String,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("key_source").args(["api_key_file", "api_key_env"])))]
pub struct ProfileAddArgs {
    /// The profile's name
    pub name: String,

    /// The hub's base URL
    #[arg(short, long, value_name = "URL")]
    pub endpoint: Option<String>,

    /// A file holding the hub's API key (mode 0600); the key itself is never stored
    #[arg(long, value_name = "PATH")]
    pub api_key_file: Option<PathBuf>,

    /// An environment variable holding the hub's API key
    #[arg(long, value_name = "VAR")]
    pub api_key_env: Option<String>,

    /// Default installation for calls through this profile
    #[arg(long, value_name = "ID")]
    pub installation: Option<String>,

    /// Default module key
    #[arg(long, value_name = "KEY")]
    pub module: Option<String>,

    /// Default context property, KEY=VALUE (repeatable)
    #[arg(long = "context", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub context: Vec<(String, String)>,

    /// Publish and sign through this Forge egress proxy instead of a hub
    #[arg(long, value_name = "URL", conflicts_with_all = ["endpoint", "key_source"])]
    pub forge_proxy: Option<String>,

    /// Replace a profile of the same name
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Directory to write frt.1 and one page per subcommand into
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_without_flags_is_the_hub_default() {
        let cli = Cli::try_parse_from(["frt", "serve", "--state-dir", "/nonexistent"]).unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("not serve")
        };
        let from_flags = args.hub_config("/nonexistent".into());
        let default = HubConfig::new(from_flags.addr, "/nonexistent".into());
        assert_eq!(format!("{from_flags:?}"), format!("{default:?}"));
        assert_eq!(from_flags.addr.to_string(), HubConfig::DEFAULT_ADDR);
    }
}
