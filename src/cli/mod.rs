//! The command line: the top-level parser, the global and output flags, and the table of
//! subcommands (built lazily). Each subcommand's arguments are in `args/`, the flag
//! groups they share in `groups.rs`. Help, completions and man pages are all generated
//! from these definitions.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::BoolishValueParser;
use clap::{Args, FromArgMatches, Parser, Subcommand, ValueEnum};

mod args;
mod examples;
mod groups;
mod parse;
mod values;

pub use args::*;
pub use groups::*;

pub use examples::{ROOT_EXAMPLES, examples_for};
pub use parse::{color_for_clap, command, parse_from};
pub use values::{RateLimitSetting, parse_duration, parse_size};

use examples::*;
use values::{
    duration_text, parse_key_value, parse_positive_duration, parse_rate_limit, parse_speed,
    positive_number, rate_limit_text, size_text, whole_number,
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
    Replay(ReplayArgs),
    Mcp(McpArgs),
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

const SUBCOMMANDS: [SubcommandSpec; 18] = [
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
        name: "replay",
        about: "Publish a captured stream again (frt subscribe -o json, frt tap -o json), in order, with its timing",
        alias: None,
        examples: REPLAY_EXAMPLES,
        args: |c| {
            hide_proxy(ReplayArgs::augment_args(c))
                .mut_arg("installation", |a| {
                    a.help("Send every event as this installation [default: the captured one]")
                })
                .mut_arg("module", |a| {
                    a.help("Send every event as this module [default: the captured one]")
                })
                .mut_arg("context", |a| {
                    a.help("Send every event with this context instead of the captured one, e.g. issue=10001 (repeatable)")
                })
                .mut_arg("context_override", |a| {
                    a.help("Scope every event by these context properties instead of the captured overrides (repeatable)")
                })
        },
        parse: |m| Ok(Command::Replay(ReplayArgs::from_arg_matches(m)?)),
    },
    SubcommandSpec {
        name: "mcp",
        about: "Serve the Model Context Protocol on stdio: an assistant publishes, subscribes, signs and explains",
        alias: None,
        examples: MCP_EXAMPLES,
        args: |c| {
            hide_proxy(McpArgs::augment_args(c))
                .mut_arg("installation", |a| {
                    a.help("Installation of tool calls that name none [default: local, or the profile's]")
                })
                .mut_arg("module", |a| {
                    a.help("Module of tool calls that name none [default: frt-cli, or the profile's]")
                })
                .mut_arg("context", |a| {
                    a.help("Context of tool calls that name none, e.g. issue=10001 (repeatable)")
                })
        },
        parse: |m| Ok(Command::Mcp(McpArgs::from_arg_matches(m)?)),
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
            Command::Replay(a) => a.out,
            // stdout carries the protocol.
            Command::Mcp(_) => return None,
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
            // The caller of each event is the captured one, unless a flag says otherwise.
            Command::Replay(a) => (Some(&mut a.conn), None),
            Command::Mcp(a) => (Some(&mut a.conn), Some(&mut a.context)),
            Command::Serve(_)
            | Command::SdkShim
            | Command::Completions(_)
            | Command::Man(_)
            | Command::Profile(_) => (None, None),
        }
    }
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
