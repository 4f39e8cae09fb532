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

/// Reads one payload of at most `max` bytes (the hub's `--max-payload`; the
/// `publish --max-payload` flag). File and stdin contents are taken as they are,
/// except that one trailing newline is dropped (what `echo` and editors add).
///
/// A payload over `max` is refused as a usage error (exit 2) naming its size, the
/// limit and the fix, before anything is sent: at most `max` + 3 bytes are read
/// (room for the `\r\n` that is dropped), so a gigabyte on stdin or in a file costs
/// no more memory than the limit, and a regular file is refused by its size alone.
pub fn read_one(source: &Source, no_input: bool, max: usize) -> Result<String, Error> {
    let text = match source {
        Source::Argument(p) => {
            if p.len() > max {
                return Err(too_large("", Ok(p.len() as u64), max));
            }
            return Ok(p.clone());
        }
        Source::File(path) => {
            let shown = path.display();
            let cannot =
                |e: std::io::Error| Error::Usage(format!("cannot read payload file {shown}: {e}"));
            let file = std::fs::File::open(path).map_err(cannot)?;
            let meta = file.metadata().map_err(cannot)?;
            // A regular file says its size; a pipe (`<(cmd)`) or a device is read up
            // to the limit instead.
            if meta.is_file() && meta.len() > max as u64 + 2 {
                return Err(too_large(&format!(" file {shown}"), Ok(meta.len()), max));
            }
            let bytes = read_capped(file, max)
                .map_err(cannot)?
                .map_err(|read| too_large(&format!(" file {shown}"), Err(read), max))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Error::Usage(format!("payload file {shown} is not UTF-8 text")))?;
            strip_one_newline(text)
        }
        Source::Stdin => {
            let bytes = read_capped(std::io::stdin().lock(), max)
                .map_err(|e| Error::Usage(format!("cannot read stdin: {e}")))?
                .map_err(|read| too_large(" on stdin", Err(read), max))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Error::Usage("stdin is not UTF-8 text".into()))?;
            strip_one_newline(text)
        }
        Source::Missing => prompt(no_input)?,
    };
    if text.len() > max {
        return Err(too_large("", Ok(text.len() as u64), max));
    }
    Ok(text)
}

/// Reads at most `max` + 3 bytes: the payload, or `Err(bytes read)` when there is
/// more than a payload of `max` bytes and one `\r\n` could be.
fn read_capped(reader: impl Read, max: usize) -> std::io::Result<Result<Vec<u8>, usize>> {
    let cap = max.saturating_add(3);
    let mut bytes = Vec::new();
    reader.take(cap as u64).read_to_end(&mut bytes)?;
    let stripped = bytes.len()
        - match bytes.as_slice() {
            [.., b'\r', b'\n'] => 2,
            [.., b'\n'] => 1,
            _ => 0,
        };
    if bytes.len() >= cap || stripped > max {
        return Ok(Err(bytes.len()));
    }
    Ok(Ok(bytes))
}

/// The refusal of a payload over `max`: what it is (`subject`, e.g. "file big.json"),
/// how big (`Some(size)`) or how much of it was read before stopping (`Err(read)`),
/// the limit, and how to get past it.
fn too_large(subject: &str, size: Result<u64, usize>, max: usize) -> Error {
    let limit = size_words(max as u64);
    let how_big = match size {
        Ok(n) => format!("is {}; the limit is {limit}", size_words(n)),
        Err(read) => {
            format!("is over the limit of {limit} (frt stopped reading after {read} bytes)")
        }
    };
    Error::Usage(format!(
        "the payload{subject} {how_big}: a hub refuses anything larger with 413 PAYLOAD_TOO_LARGE; publish less, or, for a hub started with a larger 'frt serve --max-payload', give the same --max-payload here (or FRT_MAX_PAYLOAD)"
    ))
}

/// A size for people: whole KiB, MiB or GiB when it is one, else bytes.
pub fn size_words(bytes: u64) -> String {
    const KIB: u64 = 1024;
    match bytes {
        b if b >= KIB * KIB * KIB && b.is_multiple_of(KIB * KIB * KIB) => {
            format!("{} GiB", b / (KIB * KIB * KIB))
        }
        b if b >= KIB * KIB && b.is_multiple_of(KIB * KIB) => format!("{} MiB", b / (KIB * KIB)),
        b if b >= KIB && b.is_multiple_of(KIB) => format!("{} KiB", b / KIB),
        1 => "1 byte".into(),
        b => format!("{b} bytes"),
    }
}

/// One line of `--lines` input, read by [`BoundedLines`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// The line without its newline (nor a `\r` before it).
    Text(Vec<u8>),
    /// A line over the limit, with its length (without its newline). Only the first
    /// `max` + 1 bytes of it were ever held; the rest was read and dropped.
    TooLong { len: u64 },
}

/// Reads lines of at most `max` bytes from an async reader: a longer line is
/// reported as [`Line::TooLong`] and skipped to its end without being buffered, so a
/// gigabyte without a newline costs no more memory than one allowed line.
///
/// `next_line` is cancel-safe (it can wait in a `select!`): its only await is the
/// reader's `fill_buf`, and what it has taken is kept here between calls.
#[derive(Debug)]
pub struct BoundedLines {
    max: usize,
    buf: Vec<u8>,
    /// In a line over the limit: its length so far, and whether its last byte was `\r`.
    over: Option<(u64, bool)>,
}

impl BoundedLines {
    pub fn new(max: usize) -> BoundedLines {
        BoundedLines {
            max,
            buf: Vec::new(),
            over: None,
        }
    }

    /// The largest line this reader takes, in bytes.
    pub fn max(&self) -> usize {
        self.max
    }

    /// The next line, or `None` at the end of the input. A last line without a
    /// newline is still a line.
    pub async fn next_line<R: tokio::io::AsyncBufRead + Unpin>(
        &mut self,
        reader: &mut R,
    ) -> std::io::Result<Option<Line>> {
        use tokio::io::AsyncBufReadExt;
        loop {
            let chunk = reader.fill_buf().await?;
            if chunk.is_empty() {
                if self.buf.is_empty() && self.over.is_none() {
                    return Ok(None);
                }
                return Ok(Some(self.end_line()));
            }
            let newline = chunk.iter().position(|&b| b == b'\n');
            let piece = &chunk[..newline.unwrap_or(chunk.len())];
            match &mut self.over {
                Some((len, last_cr)) => {
                    *len += piece.len() as u64;
                    if let Some(&last) = piece.last() {
                        *last_cr = last == b'\r';
                    }
                }
                // Room for the limit and a `\r` that is dropped at the line's end.
                None if self.buf.len() + piece.len() > self.max.saturating_add(1) => {
                    let len = (self.buf.len() + piece.len()) as u64;
                    self.over = Some((len, piece.last().or(self.buf.last()) == Some(&b'\r')));
                    self.buf = Vec::new();
                }
                None => self.buf.extend_from_slice(piece),
            }
            let used = newline.map_or(chunk.len(), |at| at + 1);
            reader.consume(used);
            if newline.is_some() {
                return Ok(Some(self.end_line()));
            }
        }
    }

    fn end_line(&mut self) -> Line {
        if let Some((len, last_cr)) = self.over.take() {
            return Line::TooLong {
                len: len - u64::from(last_cr),
            };
        }
        let mut line = std::mem::take(&mut self.buf);
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        if line.len() > self.max {
            return Line::TooLong {
                len: line.len() as u64,
            };
        }
        Line::Text(line)
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
    fn a_payload_is_read_up_to_its_limit_and_refused_past_it() {
        let bytes = |n: usize| vec![b'x'; n];
        assert_eq!(read_capped(&bytes(10)[..], 10).unwrap(), Ok(bytes(10)));
        // One trailing newline (or \r\n) does not count: it is dropped.
        let mut nl = bytes(10);
        nl.extend_from_slice(b"\r\n");
        assert!(read_capped(&nl[..], 10).unwrap().is_ok());
        assert_eq!(read_capped(&bytes(11)[..], 10).unwrap(), Err(11));
        // A gigabyte is read no further than the limit and three bytes.
        let endless = std::io::repeat(b'x');
        assert_eq!(read_capped(endless, 64 * 1024).unwrap(), Err(64 * 1024 + 3));
        let e = read_one(&Source::Argument("x".repeat(11)), true, 10).unwrap_err();
        assert!(
            e.to_string().contains("is 11 bytes; the limit is 10 bytes"),
            "{e}"
        );
        assert!(e.to_string().contains("--max-payload"), "{e}");
        assert_eq!(size_words(64 * 1024), "64 KiB");
        assert_eq!(size_words(1 << 30), "1 GiB");
    }

    /// Reads every line through a reader that hands over `chunk` bytes at a time.
    async fn lines(input: &[u8], max: usize, chunk: usize) -> Vec<Line> {
        let mut reader = tokio::io::BufReader::with_capacity(chunk, input);
        let mut lines = BoundedLines::new(max);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line(&mut reader).await.unwrap() {
            out.push(line);
        }
        out
    }

    #[tokio::test]
    async fn long_lines_are_skipped_to_their_end_and_reported_with_their_length() {
        let text = |s: &str| Line::Text(s.as_bytes().to_vec());
        for chunk in [1, 2, 3, 7, 64, 8192] {
            let got = lines(b"abc\nabcdef\r\n\nabcde\r\nabcdefgh\nend", 5, chunk).await;
            assert_eq!(
                got,
                vec![
                    text("abc"),
                    Line::TooLong { len: 6 },
                    text(""),
                    text("abcde"),
                    Line::TooLong { len: 8 },
                    text("end"),
                ],
                "chunks of {chunk}"
            );
            assert_eq!(
                lines(b"abcdefgh", 5, chunk).await,
                vec![Line::TooLong { len: 8 }]
            );
            assert!(lines(b"", 5, chunk).await.is_empty());
        }
    }

    #[tokio::test]
    async fn a_line_without_end_is_never_held_past_the_limit() {
        // 64 MiB of one line, generated: read and dropped, never buffered.
        let mut reader = tokio::io::BufReader::new(tokio::io::AsyncReadExt::take(
            tokio::io::repeat(b'x'),
            64 << 20,
        ));
        let mut lines = BoundedLines::new(1024);
        let line = lines.next_line(&mut reader).await.unwrap();
        assert_eq!(line, Some(Line::TooLong { len: 64 << 20 }));
        assert!(lines.buf.capacity() <= 2048, "{}", lines.buf.capacity());
        assert_eq!(lines.next_line(&mut reader).await.unwrap(), None);
    }

    #[test]
    fn only_one_trailing_newline_is_dropped() {
        assert_eq!(strip_one_newline("a\n\n".into()), "a\n");
        assert_eq!(strip_one_newline("a\r\n".into()), "a");
        assert_eq!(strip_one_newline("a".into()), "a");
    }
}
