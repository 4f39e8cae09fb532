//! `frt publish --lines` and `--count`: many events over one acknowledged stream, one
//! per input line or one per expansion of a template, with a progress line on a
//! terminal and a summary on stderr.

use std::collections::VecDeque;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

use crate::Error;
use crate::cli::PayloadArgs;
use crate::client::publisher::{StreamPublisher, StreamTarget};
use crate::client::{Client, Publish};
use crate::commands::Invocation;
use crate::exit::ExitStatus;
use crate::payload::{Source, check_json};
use crate::printer::Render;
use crate::protocol::PublishResult;
use crate::template::Template;

/// Events sent ahead of their acknowledgements on a `--lines` stream.
const WINDOW: u64 = 1024;

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

/// The answer to one line: one output line per published input line, so ids line up
/// with the input (an empty raw line for a line nobody received).
struct LineResult<'a>(&'a PublishResult);

impl Render for LineResult<'_> {
    fn json(&self) -> Value {
        serde_json::to_value(self.0).unwrap_or_default()
    }

    fn raw(&self) -> Option<String> {
        Some(self.0.event_id.clone().unwrap_or_default())
    }

    /// A human run shows the progress line and the summary instead.
    fn human(&self, _color: bool) -> Option<String> {
        None
    }
}

/// What became of the input lines.
#[derive(Default)]
struct Tally {
    /// Acknowledged and received by at least one subscriber.
    published: u64,
    /// Acknowledged, but nobody was subscribed (`eventId` null).
    no_subscriber: u64,
    /// Not sent: not UTF-8, or not JSON under `--json` (bad input: exit 2).
    invalid: u64,
    /// Sent, but refused or lost (exit 1).
    failed: u64,
    /// Blank lines skipped (no `--keep-empty`).
    blank: u64,
}

impl Tally {
    fn acknowledged(&self) -> u64 {
        self.published + self.no_subscriber
    }

    fn record(&mut self, line: u64, result: Result<PublishResult, Error>, inv: &Invocation) {
        match result {
            Ok(r) => {
                if r.event_id.is_some() {
                    self.published += 1;
                } else {
                    self.no_subscriber += 1;
                }
                inv.printer.print(&LineResult(&r));
            }
            Err(e) => {
                self.failed += 1;
                eprintln!("line {line}: {e}");
            }
        }
    }

    /// Checks one input line: `Some(text)` to publish, `None` when it was skipped or
    /// refused (and said so).
    fn accept(&mut self, line_no: u64, bytes: Vec<u8>, args: &PayloadArgs) -> Option<String> {
        let Ok(line) = String::from_utf8(bytes) else {
            self.invalid += 1;
            eprintln!("line {line_no}: not UTF-8 text; not published");
            return None;
        };
        if line.trim().is_empty() && !args.keep_empty {
            self.blank += 1;
            return None;
        }
        if args.json
            && let Err(e) = check_json(&line)
        {
            self.invalid += 1;
            eprintln!("line {line_no}: {e}; not published");
            return None;
        }
        Some(line)
    }

    fn summary(&self, unit: &str, elapsed: Option<Duration>) -> String {
        let mut text = format!(
            "{unit}: {} published, {} no subscriber, {} invalid, {} failed",
            self.published, self.no_subscriber, self.invalid, self.failed
        );
        if self.blank > 0 {
            text.push_str(&format!(", {} blank skipped", self.blank));
        }
        if let Some(elapsed) = elapsed {
            text.push_str(&format!(
                " ({} events/s)",
                per_second(self.acknowledged(), elapsed)
            ));
        }
        text
    }

    /// A failed publish outranks bad input, which outranks a line nobody received.
    fn exit_status(&self, require_subscribers: bool) -> ExitStatus {
        if self.failed > 0 {
            ExitStatus::Failure
        } else if self.invalid > 0 {
            ExitStatus::Usage
        } else if require_subscribers && self.no_subscriber > 0 {
            ExitStatus::NoSubscriber
        } else {
            ExitStatus::Ok
        }
    }
}

/// A rate as a whole number with thousands separators: `1,393,334`.
fn per_second(count: u64, elapsed: Duration) -> String {
    let rate = (count as f64 / elapsed.as_secs_f64().max(1e-9)).round() as u64;
    let digits = rate.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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

pub(super) async fn publish_lines(
    client: &Client,
    target: StreamTarget,
    input: Input,
    args: &PayloadArgs,
    inv: &Invocation,
) -> Result<ExitStatus, Error> {
    let unit = input.unit();
    let (mut feed, typed) = open_feed(input).await?;
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .map_err(|e| Error::Other(format!("cannot watch for Ctrl-C: {e}")))?;
    let mut publisher = StreamPublisher::open(client, target).await?;
    let started = Instant::now();
    // Lines typed at a terminal would mix with a redrawn line: no progress then.
    let progress = Progress::new(!typed && !inv.printer.quiet);
    let mut tally = Tally::default();
    let mut pending: VecDeque<u64> = VecDeque::new();
    let mut line_no = 0u64;
    let mut eof = false;
    let mut interrupted = false;
    // Read lines and acknowledgements concurrently: input is sent as it comes (flushed
    // whenever the reader would wait), results are reported as they come back, and at
    // most WINDOW events are unacknowledged. A full window drains to half before
    // reading resumes, so writes stay batched.
    let mut draining = false;
    let result: Result<(), Error> = async {
        loop {
            let in_flight = publisher.in_flight();
            if eof && in_flight == 0 {
                return Ok(());
            }
            if in_flight >= WINDOW {
                draining = true;
            } else if in_flight <= WINDOW / 2 {
                draining = false;
            }
            let can_read = !eof && !draining;
            if in_flight > 0 && (!can_read || !feed.has_buffered()) {
                publisher.flush().await?;
            }
            tokio::select! {
                biased;
                _ = interrupt.recv() => {
                    interrupted = true;
                    return Ok(());
                }
                next = feed.next(), if can_read => {
                    let Some(bytes) = next? else {
                        eof = true;
                        continue;
                    };
                    line_no += 1;
                    if let Some(line) = tally.accept(line_no, bytes, args) {
                        publisher.feed(line).await?;
                        pending.push_back(line_no);
                    }
                }
                ack = publisher.next_ack(), if in_flight > 0 => {
                    let ack = ack?;
                    let line = pending.pop_front().unwrap_or(0);
                    tally.record(line, ack.result, inv);
                    progress.update(&tally, started);
                }
            }
        }
    }
    .await;
    progress.finish();
    if !interrupted {
        publisher.close().await;
    }
    let unacknowledged = pending.len() as u64;
    if result.is_err() {
        tally.failed += unacknowledged;
    }
    eprintln!("{}", tally.summary(unit, Some(started.elapsed())));
    if interrupted {
        eprintln!(
            "interrupted: {} events acknowledged; {unacknowledged} sent but not acknowledged may or may not have been published",
            tally.acknowledged()
        );
        return Ok(ExitStatus::Interrupted);
    }
    result?;
    Ok(tally.exit_status(args.require_subscribers))
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
        let Some(line) = tally.accept(line_no, bytes, args) else {
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

/// A progress line on stderr, only on a terminal and only once the run has lasted a
/// second (so quick runs and pipes stay quiet). It redraws on a timer, so it also
/// moves while the input is slow.
struct Progress {
    bar: indicatif::ProgressBar,
    reveal: Option<tokio::task::JoinHandle<()>>,
    last_update: std::cell::Cell<Option<Instant>>,
}

impl Progress {
    fn new(wanted: bool) -> Progress {
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        let reveal = (wanted && std::io::stderr().is_terminal()).then(|| {
            let bar = bar.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(1)).await;
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                bar.enable_steady_tick(Duration::from_millis(200));
            })
        });
        Progress {
            bar,
            reveal,
            last_update: std::cell::Cell::new(None),
        }
    }

    /// Refreshes the message at most ten times a second (acks come far faster).
    fn update(&self, tally: &Tally, started: Instant) {
        if self.reveal.is_none() {
            return;
        }
        let now = Instant::now();
        if self
            .last_update
            .get()
            .is_some_and(|t| now.duration_since(t) < Duration::from_millis(100))
        {
            return;
        }
        self.last_update.set(Some(now));
        self.bar.set_message(format!(
            "{} acknowledged: {} published, {} no subscriber ({} events/s)",
            tally.acknowledged(),
            tally.published,
            tally.no_subscriber,
            per_second(tally.acknowledged(), started.elapsed())
        ));
    }

    fn finish(&self) {
        if let Some(task) = &self.reveal {
            task.abort();
        }
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_whole_numbers_with_separators() {
        assert_eq!(per_second(11, Duration::from_millis(940)), "12");
        assert_eq!(per_second(1_393_334, Duration::from_secs(1)), "1,393,334");
        assert_eq!(per_second(0, Duration::ZERO), "0");
    }
}
