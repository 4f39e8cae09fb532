//! Drives one ordered, acknowledged publish stream from a source of events: what
//! `publish --lines`, `publish --count` and `replay` share. Events are sent as they
//! come (flushed whenever the source would wait), results are reported as they come
//! back, and Ctrl-C ends the run with the summary of what was acknowledged.

use std::collections::VecDeque;
use std::time::Instant;

use crate::Error;
use crate::client::Client;
use crate::client::publisher::{StreamPublisher, StreamTarget};
use crate::commands::Invocation;
use crate::commands::tally::{Progress, Tally};
use crate::exit::ExitStatus;

/// Events sent ahead of their acknowledgements.
const WINDOW: u64 = 1024;

/// One event to send.
pub(crate) struct Outgoing {
    /// The input line it came from, for reports.
    pub line: u64,
    pub payload: String,
    /// Where it goes, when not where the stream was opened to.
    pub target: Option<StreamTarget>,
}

/// Where a stream's events come from.
pub(crate) trait EventSource {
    /// The next event, or `None` at the end. Input it skips or refuses is counted in
    /// `tally` (and said on stderr). Cancel-safe: it waits in a `select!` beside the
    /// acknowledgements, so its state lives in `self`.
    async fn next(&mut self, tally: &mut Tally) -> Result<Option<Outgoing>, Error>;

    /// Whether the next event can be had without waiting (else the stream flushes
    /// first).
    fn has_buffered(&self) -> bool;
}

/// How a run reports.
pub(crate) struct Run {
    /// The word the summary counts in: `lines`, `events`.
    pub unit: &'static str,
    /// The input is typed at a terminal: no progress line, which would mix with it.
    pub typed: bool,
    pub require_subscribers: bool,
}

/// Sends everything `source` yields over one stream opened to `target`.
pub(crate) async fn send_all(
    client: &Client,
    target: StreamTarget,
    mut source: impl EventSource,
    run: Run,
    inv: &Invocation,
) -> Result<ExitStatus, Error> {
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .map_err(|e| Error::Other(format!("cannot watch for Ctrl-C: {e}")))?;
    let mut publisher = StreamPublisher::open(client, target).await?;
    let started = Instant::now();
    let progress = Progress::new(!run.typed && !inv.printer.quiet);
    let mut tally = Tally::default();
    let mut pending: VecDeque<u64> = VecDeque::new();
    let mut eof = false;
    let mut interrupted = false;
    // At most WINDOW events are unacknowledged. A full window drains to half before
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
            if in_flight > 0 && (!can_read || !source.has_buffered()) {
                publisher.flush().await?;
            }
            tokio::select! {
                biased;
                _ = interrupt.recv() => {
                    interrupted = true;
                    return Ok(());
                }
                next = source.next(&mut tally), if can_read => {
                    let Some(event) = next? else {
                        eof = true;
                        continue;
                    };
                    match &event.target {
                        Some(target) => publisher.feed_to(target, event.payload).await?,
                        None => publisher.feed(event.payload).await?,
                    };
                    pending.push_back(event.line);
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
    eprintln!("{}", tally.summary(run.unit, Some(started.elapsed())));
    if interrupted {
        eprintln!(
            "interrupted: {} events acknowledged; {unacknowledged} sent but not acknowledged may or may not have been published",
            tally.acknowledged()
        );
        return Ok(ExitStatus::Interrupted);
    }
    result?;
    Ok(tally.exit_status(run.require_subscribers))
}
