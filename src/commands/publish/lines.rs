//! `frt publish --lines` and `--count`: many events over one acknowledged stream, one
//! per input line or one per expansion of a template, with a progress line on a
//! terminal and a summary on stderr.

use std::io::IsTerminal;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

use crate::Error;
use crate::cli::PayloadArgs;
use crate::client::publisher::StreamTarget;
use crate::client::{Client, Publish};
use crate::commands::Invocation;
use crate::commands::stream::{EventSource, Outgoing, Run, send_all};
use crate::commands::tally::Tally;
use crate::exit::ExitStatus;
use crate::payload::{Source, check_json};
use crate::template::Template;

/// Where the events come from.
pub(super) enum Input {
    /// One event per line of stdin, a file or the argument.
    Lines(Source),
    /// `count` expansions of a template, `interval` apart.
    Repeat {
        template: Template,
        count: u64,
        interval: Option<Duration>,
    },
}

impl Input {
    /// The word the summary counts in.
    fn unit(&self) -> &'static str {
        match self {
            Input::Lines(_) => "lines",
            Input::Repeat { .. } => "events",
        }
    }
}

/// The next event's text, read or generated; cancel-safe, so it can wait in a
/// `select!` beside the acknowledgements.
enum Feed {
    Reader {
        reader: BufReader<Box<dyn AsyncRead + Unpin + Send>>,
        buf: Vec<u8>,
    },
    Generator {
        template: Template,
        count: u64,
        made: u64,
        interval: Option<Duration>,
        next_at: tokio::time::Instant,
    },
}

impl Feed {
    /// The next event's bytes (without its newline), or `None` at the end.
    async fn next(&mut self) -> Result<Option<Vec<u8>>, Error> {
        match self {
            Feed::Reader { reader, buf } => {
                let n = reader
                    .read_until(b'\n', buf)
                    .await
                    .map_err(|e| Error::Usage(format!("cannot read input: {e}")))?;
                if n == 0 {
                    return Ok(None);
                }
                if buf.last() == Some(&b'\n') {
                    buf.pop();
                    if buf.last() == Some(&b'\r') {
                        buf.pop();
                    }
                }
                Ok(Some(std::mem::take(buf)))
            }
            Feed::Generator {
                template,
                count,
                made,
                interval,
                next_at,
            } => {
                if *made >= *count {
                    return Ok(None);
                }
                tokio::time::sleep_until(*next_at).await;
                *made += 1;
                if let Some(every) = interval {
                    *next_at += *every;
                }
                Ok(Some(template.render(*made).into_bytes()))
            }
        }
    }

    /// Whether input is waiting to be taken without blocking (else flush first).
    fn has_buffered(&self) -> bool {
        match self {
            Feed::Reader { reader, .. } => !reader.buffer().is_empty(),
            Feed::Generator { interval, .. } => interval.is_none(),
        }
    }
}

/// Checks one input line: `Some(text)` to publish, `None` when it was skipped or
/// refused (and said so).
fn accept(tally: &mut Tally, line_no: u64, bytes: Vec<u8>, args: &PayloadArgs) -> Option<String> {
    let Ok(line) = String::from_utf8(bytes) else {
        tally.invalid += 1;
        eprintln!("line {line_no}: not UTF-8 text; not published");
        return None;
    };
    if line.trim().is_empty() && !args.keep_empty {
        tally.blank += 1;
        return None;
    }
    if args.json
        && let Err(e) = check_json(&line)
    {
        tally.invalid += 1;
        eprintln!("line {line_no}: {e}; not published");
        return None;
    }
    Some(line)
}

fn missing_input() -> Error {
    Error::Usage("--lines reads stdin ('-') or --file PATH; give one of them".into())
}

/// Opens the input: lines typed at a terminal are `typed` (no progress line then).
async fn open_feed(input: Input) -> Result<(Feed, bool), Error> {
    let (reader, typed): (Box<dyn AsyncRead + Unpin + Send>, bool) = match input {
        Input::Repeat {
            template,
            count,
            interval,
        } => {
            let feed = Feed::Generator {
                template,
                count,
                made: 0,
                interval,
                next_at: tokio::time::Instant::now(),
            };
            return Ok((feed, false));
        }
        Input::Lines(Source::Stdin) => {
            (Box::new(tokio::io::stdin()), std::io::stdin().is_terminal())
        }
        Input::Lines(Source::File(path)) => (
            Box::new(
                tokio::fs::File::open(&path)
                    .await
                    .map_err(|e| Error::Usage(format!("cannot read {}: {e}", path.display())))?,
            ),
            false,
        ),
        Input::Lines(Source::Argument(text)) => {
            (Box::new(std::io::Cursor::new(text.into_bytes())), false)
        }
        Input::Lines(Source::Missing) => return Err(missing_input()),
    };
    let feed = Feed::Reader {
        reader: BufReader::with_capacity(256 * 1024, reader),
        buf: Vec::with_capacity(1024),
    };
    Ok((feed, typed))
}

/// The input lines (or expansions), each checked, as a stream's source.
struct LineSource<'a> {
    feed: Feed,
    args: &'a PayloadArgs,
    line_no: u64,
}

impl EventSource for LineSource<'_> {
    async fn next(&mut self, tally: &mut Tally) -> Result<Option<Outgoing>, Error> {
        loop {
            let Some(bytes) = self.feed.next().await? else {
                return Ok(None);
            };
            self.line_no += 1;
            if let Some(payload) = accept(tally, self.line_no, bytes, self.args) {
                return Ok(Some(Outgoing {
                    line: self.line_no,
                    payload,
                    target: None,
                }));
            }
        }
    }

    fn has_buffered(&self) -> bool {
        self.feed.has_buffered()
    }
}

pub(super) async fn publish_lines(
    client: &Client,
    target: StreamTarget,
    input: Input,
    args: &PayloadArgs,
    inv: &Invocation,
) -> Result<ExitStatus, Error> {
    let unit = input.unit();
    let (feed, typed) = open_feed(input).await?;
    let source = LineSource {
        feed,
        args,
        line_no: 0,
    };
    let run = Run {
        unit,
        typed,
        require_subscribers: args.require_subscribers,
    };
    send_all(client, target, source, run, inv).await
}

/// `--lines` through the Forge egress proxy, which has no stream: one POST per line,
/// in order.
pub(super) async fn publish_lines_over_http(
    client: &Client,
    template: Publish,
    input: Input,
    args: &PayloadArgs,
    inv: &Invocation,
) -> Result<ExitStatus, Error> {
    let unit = input.unit();
    let (mut feed, _) = open_feed(input).await?;
    let mut tally = Tally::default();
    let mut line_no = 0;
    while let Some(bytes) = feed.next().await? {
        line_no += 1;
        let Some(line) = accept(&mut tally, line_no, bytes, args) else {
            continue;
        };
        let mut p = template.clone();
        p.payload = line;
        let result = client.publish(&p).await;
        tally.record(line_no, result, inv);
    }
    eprintln!("{}", tally.summary(unit, None));
    Ok(tally.exit_status(args.require_subscribers))
}
