//! All presentation. Results go to stdout in the chosen output mode; status, progress
//! and diagnostics go to stderr. Commands describe a result once (the [`Render`]
//! trait) and the [`Printer`] decides how it is shown, so there is one place that
//! knows what `-o human|json|raw` mean.

use std::io::{IsTerminal, Write};

use colored::{ColoredString, Colorize};

use crate::cli::{ColorChoice, OutputMode};

/// Whether each stream gets colour.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub stdout: bool,
    pub stderr: bool,
}

impl Palette {
    /// Colour on a terminal only, unless forced; `NO_COLOR` (any value) turns it off
    /// in `auto` mode.
    pub fn new(choice: ColorChoice) -> Palette {
        // We decide per stream ourselves; tell the colour crate to obey.
        colored::control::set_override(true);
        Palette {
            stdout: Palette::decide(choice, std::io::stdout().is_terminal()),
            stderr: Palette::decide(choice, std::io::stderr().is_terminal()),
        }
    }

    /// Colour for one stream: forced either way, or on a terminal without `NO_COLOR`.
    pub fn decide(choice: ColorChoice, tty: bool) -> bool {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        }
    }
}

/// A result that can be shown in every output mode.
pub trait Render {
    /// The object `-o json` prints on one line.
    fn json(&self) -> serde_json::Value;

    /// What `-o raw` prints: the bare value; `None` prints nothing. By default the
    /// JSON line, for results that have no single bare value.
    fn raw(&self) -> Option<String> {
        Some(self.json().to_string())
    }

    /// The readable form, coloured when `color`; `None` prints nothing.
    fn human(&self, color: bool) -> Option<String>;
}

/// Shows results in the chosen output mode, with the chosen colours.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub mode: OutputMode,
    pub palette: Palette,
    /// `-q`: results and errors only.
    pub quiet: bool,
}

impl Printer {
    pub fn new(mode: OutputMode, palette: Palette, quiet: bool) -> Printer {
        Printer {
            mode,
            palette,
            quiet,
        }
    }

    pub fn is_human(&self) -> bool {
        self.mode == OutputMode::Human
    }

    /// Prints a result; false when stdout is gone (the reader went away).
    pub fn print(&self, result: &impl Render) -> bool {
        let text = match self.mode {
            OutputMode::Json => Some(result.json().to_string()),
            OutputMode::Raw => result.raw(),
            OutputMode::Human => result.human(self.palette.stdout),
        };
        text.is_none_or(|t| print_line(&t))
    }

    /// A status line on stderr (what happened, not the result); silenced by `-q`.
    pub fn status(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }

    /// A line on stderr saying why the run failed, when the failure is not an error
    /// value (a publish nobody received under --require-subscribers, a timeout);
    /// shown even with `-q`.
    pub fn failure(&self, message: &str) {
        eprintln!("{} {message}", error_prefix(self.palette.stderr));
    }

    /// A `warning:` line that `-q` does not silence: for choices that weaken security.
    pub fn security_warning(&self, message: &str) {
        eprintln!("{} {message}", warn_prefix(self.palette.stderr));
    }

    /// A `hint:` line on stderr (hints quote other callers' names and contexts).
    pub fn hint(&self, message: &str) {
        if self.quiet {
            return;
        }
        eprintln!(
            "{} {}",
            paint(self.palette.stderr, "hint:", |s| s.cyan().bold()),
            terminal_safe(message)
        );
    }

    /// A `warning:` line on stderr.
    pub fn warn(&self, message: &str) {
        if self.quiet {
            return;
        }
        eprintln!("{} {message}", warn_prefix(self.palette.stderr));
    }
}

/// Text from the network (or from a user, shown back) made safe for a terminal:
/// every control character (ESC, BEL, carriage return, newline, DEL, the C1 controls
/// such as U+009B, which starts an escape sequence on many terminals) and every
/// invisible formatting character (bidirectional controls such as U+202E, zero-width
/// characters, the rest of Unicode's format characters; `text.rs` has the list) is
/// shown escaped, as `\u{1b}`, so remote data can never move the cursor, retitle the
/// window, clear the screen, or make text read in another order than it is.
/// This is the one escaping function: every human output goes through it.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    escape_hidden(text, false)
}

/// Like [`terminal_safe`], but keeps newlines and tabs: for multi-line text such as a
/// payload shown in human mode, or JSON pretty-printed for people.
pub fn terminal_safe_lines(text: &str) -> std::borrow::Cow<'_, str> {
    escape_hidden(text, true)
}

fn escape_hidden(text: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    use std::fmt::Write as _;
    let unsafe_char =
        |c: char| crate::text::is_hidden(c) && !(keep_lines && matches!(c, '\n' | '\t'));
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Prints a line to stdout; a closed pipe (e.g. `| head -1`) is not an error worth a
/// message, and is reported as `false` so a stream can stop.
pub fn print_line(line: &str) -> bool {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").and_then(|_| out.flush()).is_ok()
}

/// Writes a whole document (a script, a shim) to stdout; a reader that went away
/// (`| head`, `| true`) ends it quietly, as it ends `cat`.
pub fn print_document(text: &str) -> bool {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .is_ok()
}

/// Paints `text` with `f` when `on`, else leaves it plain.
pub fn paint(on: bool, text: &str, f: impl Fn(&str) -> ColoredString) -> String {
    if on {
        f(text).to_string()
    } else {
        text.to_string()
    }
}

pub fn error_prefix(on: bool) -> String {
    paint(on, "error:", |s| s.red().bold())
}

pub fn warn_prefix(on: bool) -> String {
    paint(on, "warning:", |s| s.yellow().bold())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_from_the_network_are_shown_not_obeyed() {
        assert_eq!(terminal_safe("plain"), "plain");
        assert_eq!(terminal_safe("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(terminal_safe("a\nb"), "a\\u{a}b");
        assert_eq!(terminal_safe_lines("a\nb\tc\rd"), "a\nb\tc\\u{d}d");
    }

    #[test]
    fn del_c1_and_invisible_formatting_are_shown_not_obeyed() {
        assert_eq!(terminal_safe("a\u{7f}b\u{9b}31m"), "a\\u{7f}b\\u{9b}31m");
        assert_eq!(terminal_safe("txt\u{202e}exe.js"), "txt\\u{202e}exe.js");
        assert_eq!(terminal_safe("or\u{200b}ders"), "or\\u{200b}ders");
        assert_eq!(
            terminal_safe_lines("{\n  \"a\": \"\u{9b}2J\u{2066}\"\n}"),
            "{\n  \"a\": \"\\u{9b}2J\\u{2066}\"\n}"
        );
        assert_eq!(terminal_safe("ordinary: é 日 😀"), "ordinary: é 日 😀");
    }
}
