//! From the process's arguments and environment to a [`Cli`]: the clap command as this
//! invocation sees it, and clap's own messages (help, usage errors) shown the way frt
//! shows everything else.

use std::ffi::OsString;
use std::io::IsTerminal;

use clap::error::{ContextKind, ContextValue};
use clap::{CommandFactory, FromArgMatches};

use super::{Cli, ColorChoice};

/// The command definition that drives parsing, help, completions and man pages.
pub fn command() -> clap::Command {
    Cli::command()
}

/// [`command`] for parsing: an environment variable that is set but empty counts as
/// unset, as CI templates that expand to nothing expect.
fn command_for_this_environment() -> clap::Command {
    // Rewriting every argument costs a one-shot command a measurable share of its
    // run: do it only when some variable is actually set and empty.
    let any_empty = std::env::vars_os().any(|(name, value)| {
        value.is_empty()
            && name
                .to_str()
                .is_some_and(|n| n.starts_with("FRT_") || n.starts_with("FORGE_"))
    });
    if !any_empty {
        return command();
    }
    // Every subcommand's arguments must exist to be rewritten.
    let mut cmd = command();
    cmd.build();
    let empty_is_unset = |arg: clap::Arg| {
        let empty = arg
            .get_env()
            .and_then(std::env::var_os)
            .is_some_and(|v| v.is_empty());
        if empty { arg.env(None) } else { arg }
    };
    cmd.mut_args(empty_is_unset)
        .mut_subcommands(move |sub| sub.mut_args(empty_is_unset))
}

/// Parses `args`; on failure, the clap error ready to show, with the usage line of the
/// subcommand as written (clap's own lists flags that came from the environment).
pub fn parse_from(args: &[OsString]) -> Result<Cli, clap::Error> {
    let mut cmd = command_for_this_environment();
    let matches = match cmd.try_get_matches_from_mut(args) {
        Ok(m) => m,
        Err(mut e) => {
            if e.get(ContextKind::Usage).is_some() {
                let usage = subcommand_named(args, &cmd)
                    .and_then(|name| cmd.find_subcommand_mut(&name).map(|s| s.render_usage()))
                    .unwrap_or_else(|| cmd.render_usage());
                e.insert(ContextKind::Usage, ContextValue::StyledStr(usage));
            }
            return Err(e);
        }
    };
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}

/// The first argument naming a subcommand (or its alias): global options before it
/// take no values.
fn subcommand_named(args: &[OsString], cmd: &clap::Command) -> Option<String> {
    args.iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| !a.starts_with('-'))
        .and_then(|a| cmd.find_subcommand(a))
        .map(|s| s.get_name().to_string())
}

/// Whether clap's message (help on stdout, an error on stderr) gets colour: the
/// `--color` flag as written, else `FRT_COLOR`, else a terminal without `NO_COLOR`.
pub fn color_for_clap(args: &[OsString], to_stdout: bool) -> bool {
    let written = args.iter().enumerate().find_map(|(i, a)| {
        let a = a.to_str()?;
        if let Some(v) = a.strip_prefix("--color=") {
            return Some(v.to_string());
        }
        (a == "--color")
            .then(|| args.get(i + 1)?.to_str().map(str::to_string))
            .flatten()
    });
    let choice = written
        .or_else(|| std::env::var("FRT_COLOR").ok().filter(|v| !v.is_empty()))
        .and_then(|v| <ColorChoice as clap::ValueEnum>::from_str(&v, true).ok())
        .unwrap_or(ColorChoice::Auto);
    let tty = if to_stdout {
        std::io::stdout().is_terminal()
    } else {
        std::io::stderr().is_terminal()
    };
    crate::printer::Palette::decide(choice, tty)
}
