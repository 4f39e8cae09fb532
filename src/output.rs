//! Terminal presentation: colour decisions per stream, and small formatting helpers.
//! Results go to stdout; everything else (status, progress, diagnostics) to stderr.

use std::io::IsTerminal;

use colored::{ColoredString, Colorize};

use crate::cli::ColorChoice;

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
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        // We decide per stream ourselves; tell the colour crate to obey.
        colored::control::set_override(true);
        Palette {
            stdout: decide(std::io::stdout().is_terminal()),
            stderr: decide(std::io::stderr().is_terminal()),
        }
    }
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
