//! Shell completions and man pages, generated from the clap definitions so they can
//! never drift from the real command line. `completions/` and `man/` in the
//! repository hold the output, and a test fails when they are stale.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;
use roff::{Roff, bold, roman};

use crate::cli::{self, Cli};
use crate::exit::ExitStatus;

/// The shells completions are generated for, and their file names.
pub const SHELLS: [(Shell, &str); 5] = [
    (Shell::Bash, "frt.bash"),
    (Shell::Zsh, "_frt"),
    (Shell::Fish, "frt.fish"),
    (Shell::PowerShell, "_frt.ps1"),
    (Shell::Elvish, "frt.elv"),
];

/// Writes the completion script for `shell`.
pub fn completions(shell: Shell, out: &mut dyn Write) {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "frt", out);
}

/// The man pages: `frt.1` and one per subcommand, as (file name, contents).
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let version = root.get_version().unwrap_or_default().to_string();
    let mut pages = Vec::new();
    pages.push((
        "frt.1".to_string(),
        render_page(&root, &version, cli::ROOT_EXAMPLES, true)?,
    ));
    for sub in root.get_subcommands() {
        if sub.is_hide_set() {
            continue;
        }
        let name = format!("frt-{}.1", sub.get_name());
        let examples = cli::examples_for(sub.get_name());
        pages.push((name, render_page(sub, &version, examples, false)?));
    }
    Ok(pages)
}

/// Writes every man page into `dir`.
pub fn write_man_pages(dir: &Path) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, body) in man_pages()? {
        std::fs::write(dir.join(&name), body)?;
        written.push(name);
    }
    Ok(written)
}

fn render_page(
    cmd: &clap::Command,
    version: &str,
    examples: &str,
    root: bool,
) -> std::io::Result<Vec<u8>> {
    // Examples get a section of their own below, not clap's generic EXTRA.
    let cmd = cmd.clone().after_help("").after_long_help("");
    let man = clap_mangen::Man::new(cmd.clone())
        .source(format!("frt {version}"))
        .manual("frt manual");
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out)?;
    }
    if root {
        man.render_subcommands_section(&mut out)?;
    }
    let mut roff = Roff::new();
    exit_status(&mut roff);
    environment(&mut roff, &cmd, root);
    files(&mut roff);
    examples_section(&mut roff, examples);
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(if root {
        "frt-publish(1), frt-publish-global(1), frt-subscribe(1), frt-sign-token(1), frt-inspect-token(1), frt-channels(1), frt-serve(1), frt-smoke(1)"
    } else {
        "frt(1)"
    })]);
    roff.control("SH", ["VERSION"]);
    roff.text([roman(format!("frt {version}"))]);
    roff.to_writer(&mut out)?;
    Ok(out)
}

fn exit_status(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    for status in ExitStatus::ALL {
        roff.control("TP", []);
        roff.text([bold(status.code().to_string())]);
        roff.text([roman(status.meaning())]);
    }
}

fn environment(roff: &mut Roff, cmd: &clap::Command, root: bool) {
    roff.control("SH", ["ENVIRONMENT"]);
    let mut vars: Vec<(String, String)> = Vec::new();
    let mut collect = |c: &clap::Command| {
        for arg in c.get_arguments().filter(|a| !a.is_hide_set()) {
            if let Some(env) = arg.get_env() {
                let name = env.to_string_lossy().to_string();
                if !vars.iter().any(|(n, _)| *n == name) {
                    let flag = arg.get_long().map(|l| format!("--{l}")).unwrap_or_default();
                    vars.push((name, flag));
                }
            }
        }
    };
    collect(cmd);
    if root {
        for sub in cmd.get_subcommands() {
            collect(sub);
        }
    }
    vars.sort();
    for (name, flag) in vars {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(format!("Same as {flag}."))]);
    }
    roff.control("TP", []);
    roff.text([bold("NO_COLOR")]);
    roff.text([roman(
        "When set to a non-empty value, no colour is used (unless --color always).",
    )]);
}

fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    roff.control("TP", []);
    roff.text([bold("$XDG_STATE_HOME/frt/hub.json")]);
    roff.text([roman(
        "Written by frt serve (mode 0600) while it runs, and removed when it stops: the hub's endpoint and API key. Read by every other command when no --endpoint is given. The directory is --state-dir or FRT_STATE_DIR when set, else ~/.local/state/frt.",
    )]);
    roff.control("TP", []);
    roff.text([bold("$XDG_STATE_HOME/frt/api-key")]);
    roff.text([roman(
        "The hub's API key (mode 0600), kept across restarts; hub.json repeats it while the hub runs.",
    )]);
    roff.control("TP", []);
    roff.text([bold("$XDG_STATE_HOME/frt/signing-key.json")]);
    roff.text([roman(
        "The hub's HS256 token signing key (mode 0600), kept across restarts so tokens stay valid; inspect-token --key-file can verify with it.",
    )]);
}

fn examples_section(roff: &mut Roff, examples: &str) {
    roff.control("SH", ["EXAMPLES"]);
    let body: Vec<&str> = examples
        .lines()
        .skip_while(|l| l.trim() == "Examples:" || l.trim().is_empty())
        .collect();
    roff.control("nf", []);
    for line in body {
        roff.text([roman(line.trim_start())]);
    }
    roff.control("fi", []);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_the_required_sections() {
        for (name, body) in man_pages().unwrap() {
            let text = String::from_utf8(body).unwrap();
            for section in [
                "NAME",
                "SYNOPSIS",
                "DESCRIPTION",
                "OPTIONS",
                "EXIT STATUS",
                "ENVIRONMENT",
                "FILES",
                "EXAMPLES",
            ] {
                assert!(
                    text.contains(&format!(".SH {section}"))
                        || text.contains(&format!(".SH \"{section}\"")),
                    "{name} lacks {section}"
                );
            }
        }
    }
}
