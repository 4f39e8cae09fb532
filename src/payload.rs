//! Reading payloads: from the argument, a file, or stdin when asked with `-`, one
//! payload or one per line. Stdin is never touched unless asked for.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use crate::Error;

/// Where the payload comes from.
#[derive(Debug, Clone)]
pub enum Source {
    Argument(String),
    File(PathBuf),
    Stdin,
    /// Nothing given: prompt on a terminal, else a usage error.
    Missing,
}

impl Source {
    pub fn from_args(payload: Option<&str>, file: Option<&Path>) -> Source {
        match (payload, file) {
            (_, Some(f)) => Source::File(f.to_path_buf()),
            (Some("-"), None) => Source::Stdin,
            (Some(p), None) => Source::Argument(p.to_string()),
            (None, None) => Source::Missing,
        }
    }
}

/// Reads one payload. File and stdin contents are taken as they are, except that one
/// trailing newline is dropped (what `echo` and editors add).
pub fn read_one(source: &Source, no_input: bool) -> Result<String, Error> {
    match source {
        Source::Argument(p) => Ok(p.clone()),
        Source::File(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                Error::Usage(format!("cannot read payload file {}: {e}", path.display()))
            })?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Error::Usage(format!("payload file {} is not UTF-8 text", path.display()))
            })?;
            Ok(strip_one_newline(text))
        }
        Source::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Error::Usage(format!("cannot read stdin: {e}")))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Error::Usage("stdin is not UTF-8 text".into()))?;
            Ok(strip_one_newline(text))
        }
        Source::Missing => prompt(no_input),
    }
}

fn prompt(no_input: bool) -> Result<String, Error> {
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if no_input || !interactive {
        return Err(Error::Usage(
            "no payload: give it as an argument, with --file PATH, or '-' to read stdin".into(),
        ));
    }
    dialoguer::Input::<String>::new()
        .with_prompt("payload")
        .allow_empty(true)
        .interact_text()
        .map_err(|e| Error::Usage(format!("no payload read from the prompt: {e}")))
}

fn strip_one_newline(mut text: String) -> String {
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    text
}

/// Checks that a payload is JSON, naming line and column of the fault.
pub fn check_json(payload: &str) -> Result<(), String> {
    serde_json::from_str::<serde::de::IgnoredAny>(payload)
        .map(|_| ())
        .map_err(|e| format!("payload is not valid JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_name_the_position() {
        let err = check_json("{\"a\":\n  tru}").unwrap_err();
        assert!(err.contains("line 2 column"), "{err}");
        assert!(check_json("{\"a\":[1,2]}").is_ok());
    }

    #[test]
    fn only_one_trailing_newline_is_dropped() {
        assert_eq!(strip_one_newline("a\n\n".into()), "a\n");
        assert_eq!(strip_one_newline("a\r\n".into()), "a");
        assert_eq!(strip_one_newline("a".into()), "a");
    }
}
