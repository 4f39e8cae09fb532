//! Shell completions and man pages, generated from the clap definitions so they can
//! never drift from the real command line. `completions/` and `man/` in the
//! repository hold the output, and a test fails when they are stale.

use std::path::Path;

use clap_complete::Shell;
use roff::{Roff, bold, italic, roman};

use crate::cli;
use crate::exit::ExitStatus;

/// The shells completions are generated for, and their file names.
pub const SHELLS: [(Shell, &str); 5] = [
    (Shell::Bash, "frt.bash"),
    (Shell::Zsh, "_frt"),
    (Shell::Fish, "frt.fish"),
    (Shell::PowerShell, "_frt.ps1"),
    (Shell::Elvish, "frt.elv"),
];

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut cmd = cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "frt", &mut out);
    if shell == Shell::Bash {
        return flags_only_after_a_dash(&String::from_utf8_lossy(&out)).into_bytes();
    }
    out
}

/// clap's bash script offers every flag at a channel or payload position, so Tab
/// there inserts their common prefix, a stray `-`. Where a command's only candidates
/// are flags, offer them only once a `-` is typed (bash then falls back to file names).
fn flags_only_after_a_dash(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    let mut only_flags = false;
    let mut after_esac = false;
    for line in script.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if let Some(opts) = trimmed
            .strip_prefix("opts=\"")
            .and_then(|r| r.strip_suffix('"'))
        {
            only_flags = opts.split_whitespace().all(|w| w.starts_with('-'));
        }
        let rewritten =
            if only_flags && trimmed.starts_with("if [[ ${cur} == -* || ${COMP_CWORD} -eq") {
                format!("{indent}if [[ ${{cur}} == -* ]] ; then")
            } else if only_flags
                && after_esac
                && trimmed == "COMPREPLY=( $(compgen -W \"${opts}\" -- \"${cur}\") )"
            {
                format!("{indent}[[ ${{cur}} == -* ]] && {trimmed}")
            } else {
                line.to_string()
            };
        after_esac = trimmed == "esac";
        out.push_str(&rewritten);
        out.push('\n');
    }
    out
}

/// The man pages: `frt.1` and one per subcommand, as (file name, contents).
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut root = cli::command().disable_help_subcommand(true);
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
    let mut synopsis = Roff::new();
    synopsis_section(&mut synopsis, &cmd, root);
    synopsis.to_writer(&mut out)?;
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
        cmd.get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(|s| format!("frt-{}(1)", s.get_name()))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        "frt(1)".to_string()
    })]);
    roff.control("SH", ["VERSION"]);
    roff.text([roman(format!("frt {version}"))]);
    roff.to_writer(&mut out)?;
    Ok(out)
}

/// Every flag with its value placeholder (`[-f|--file PATH]`), then the arguments:
/// clap_mangen's own synopsis leaves the placeholders out.
fn synopsis_section(roff: &mut Roff, cmd: &clap::Command, root: bool) {
    roff.control("SH", ["SYNOPSIS"]);
    let name = if root {
        "frt".to_string()
    } else {
        format!("frt {}", cmd.get_name())
    };
    let mut parts = vec![bold(name)];
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        parts.push(roman(" "));
        let placeholder = arg
            .get_value_names()
            .and_then(|v| v.first())
            .map(|v| v.to_string())
            .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
        if arg.is_positional() {
            let required = arg.is_required_set();
            parts.push(roman(if required { "<" } else { "[" }));
            parts.push(italic(placeholder));
            parts.push(roman(if required { ">" } else { "]" }));
            continue;
        }
        parts.push(roman("["));
        let mut names = Vec::new();
        if let Some(short) = arg.get_short() {
            names.push(format!("-{short}"));
        }
        if let Some(long) = arg.get_long() {
            names.push(format!("--{long}"));
        }
        parts.push(bold(names.join("|")));
        if arg.get_action().takes_values() {
            parts.push(roman(" "));
            parts.push(italic(placeholder));
        }
        parts.push(roman("]"));
        if matches!(
            arg.get_action(),
            clap::ArgAction::Append | clap::ArgAction::Count
        ) {
            parts.push(roman("..."));
        }
    }
    if root {
        parts.push(roman(" "));
        parts.push(italic("COMMAND"));
    }
    roff.text(parts);
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
