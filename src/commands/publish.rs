//! `frt publish` and `frt publish-global`.

use std::collections::VecDeque;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use colored::Colorize;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

use crate::Error;
use crate::cli::{ConnectionArgs, ContextArgs, PayloadArgs, TokenArgs};
use crate::client::publisher::{StreamPublisher, StreamTarget};
use crate::client::{Client, Publish};
use crate::commands::{
    HintReader, Invocation, connect_options, in_cli_words, in_container, module_context,
    prevalidate, read_token, resolve_key, usage, warn_unsent_context,
};
use crate::exit::ExitStatus;
use crate::payload::{Source, check_json, read_one};
use crate::printer::{Render, paint};
use crate::protocol::PublishResult;
use crate::timefmt::format_timestamp_ms;
use crate::token::Permission;

/// Events sent ahead of their acknowledgements on a `--lines` stream.
const WINDOW: u64 = 1024;

pub struct PublishCommand<'a> {
    pub payload: &'a PayloadArgs,
    pub overrides: Option<Vec<String>>,
    pub context: &'a ContextArgs,
    pub token: &'a TokenArgs,
    pub conn: &'a ConnectionArgs,
    pub global: bool,
}

pub async fn run(cmd: PublishCommand<'_>, inv: &Invocation) -> Result<ExitStatus, Error> {
    let args = cmd.payload;
    let context = module_context(cmd.context)?;
    let token = read_token(cmd.token)?;
    if in_container(cmd.conn) {
        // The platform resolves the key from the caller it knows and judges the
        // override list itself; the local context is not sent, so it decides nothing.
        crate::channel::validate_channel_name(&args.channel).map_err(usage)?;
        warn_unsent_context(cmd.context, inv);
        if inv.verbose > 0 {
            eprintln!("channel key: resolved by the platform (inside a Forge container)");
        }
    } else {
        let key = resolve_key(
            &args.channel,
            cmd.global,
            &context,
            cmd.overrides.as_deref(),
            token.as_deref(),
        )?;
        if inv.verbose > 0 {
            eprintln!("channel key: {key}");
        }
    }
    if let Some(t) = &token {
        prevalidate(t, &args.channel, Permission::Publish)?;
    }
    let source = Source::from_args(args.payload.as_deref(), args.file.as_deref());
    if args.lines {
        let client = Client::from_options(&connect_options(cmd.conn, inv))?;
        if client.is_forge_proxy() {
            let template = Publish::new(args.channel.clone(), String::new(), context)
                .global(cmd.global)
                .overrides(cmd.overrides)
                .token(token);
            return publish_lines_over_http(&client, template, &source, args, inv).await;
        }
        let target = StreamTarget {
            channel: args.channel.clone(),
            global: cmd.global,
            context,
            overrides: cmd.overrides,
            token,
        };
        return publish_lines(&client, target, &source, args, inv).await;
    }
    let payload = read_one(&source, inv.no_input)?;
    if args.json {
        check_json(&payload).map_err(Error::Usage)?;
    }
    let client = Client::from_options(&connect_options(cmd.conn, inv))?;
    let mut result = client
        .publish(
            &Publish::new(args.channel.clone(), payload, context)
                .global(cmd.global)
                .overrides(cmd.overrides)
                .token(token),
        )
        .await?;
    for hint in &mut result.hints {
        hint.message = in_cli_words(hint, HintReader::Publisher, cmd.global);
    }
    print_result(&result, &args.channel, inv);
    if result.event_id.is_none() && args.require_subscribers {
        return Ok(ExitStatus::NoSubscriber);
    }
    Ok(ExitStatus::Ok)
}

fn print_result(result: &PublishResult, channel: &str, inv: &Invocation) {
    inv.printer.print(&Published { result, channel });
    if inv.printer.is_human() && result.event_id.is_none() {
        for h in &result.hints {
            inv.printer.hint(&h.message);
        }
    }
}

/// The answer to one publish.
struct Published<'a> {
    result: &'a PublishResult,
    channel: &'a str,
}

impl Render for Published<'_> {
    fn json(&self) -> Value {
        serde_json::to_value(self.result).unwrap_or_default()
    }

    /// The event id alone; nothing when nobody received it.
    fn raw(&self) -> Option<String> {
        self.result.event_id.clone()
    }

    fn human(&self, color: bool) -> Option<String> {
        Some(
            match (&self.result.event_id, &self.result.event_timestamp) {
                (Some(id), Some(ts)) => format!(
                    "{} {} to \"{}\" at {}",
                    paint(color, "published", |s| s.green().bold()),
                    id,
                    self.channel,
                    format_timestamp_ms(ts)
                ),
                _ => format!(
                    "{} on this channel key: the event was not delivered (eventId null); run with -v to see the key",
                    paint(color, "no subscriber", |s| s.yellow().bold())
                ),
            },
        )
    }
}

/// The answer to one line of `--lines`: one output line per input line, so ids line
/// up with the input (an empty raw line for a line nobody received).
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

#[derive(Default)]
struct Tally {
    published: u64,
    no_subscriber: u64,
    failed: u64,
}

async fn publish_lines(
    client: &Client,
    target: StreamTarget,
    source: &Source,
    args: &PayloadArgs,
    inv: &Invocation,
) -> Result<ExitStatus, Error> {
    let input: Box<dyn AsyncRead + Unpin + Send> = match source {
        Source::Stdin => Box::new(tokio::io::stdin()),
        Source::File(path) => Box::new(
            tokio::fs::File::open(path)
                .await
                .map_err(|e| Error::Usage(format!("cannot read {}: {e}", path.display())))?,
        ),
        Source::Argument(text) => Box::new(std::io::Cursor::new(text.clone().into_bytes())),
        Source::Missing => {
            return Err(Error::Usage(
                "--lines reads stdin ('-') or --file PATH; give one of them".into(),
            ));
        }
    };
    let mut reader = BufReader::with_capacity(256 * 1024, input);
    let mut publisher = StreamPublisher::open(client, target).await?;
    let started = Instant::now();
    let progress = Progress::new();
    let mut tally = Tally::default();
    let mut pending: VecDeque<u64> = VecDeque::new();
    let mut line_no = 0u64;
    let mut eof = false;
    let mut buf = Vec::with_capacity(1024);
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
            if in_flight > 0 && (!can_read || reader.buffer().is_empty()) {
                publisher.flush().await?;
            }
            tokio::select! {
                biased;
                read = reader.read_until(b'\n', &mut buf), if can_read => {
                    let n = read.map_err(|e| Error::Usage(format!("cannot read input: {e}")))?;
                    if n == 0 {
                        eof = true;
                        continue;
                    }
                    line_no += 1;
                    if buf.last() == Some(&b'\n') {
                        buf.pop();
                        if buf.last() == Some(&b'\r') {
                            buf.pop();
                        }
                    }
                    let line = match String::from_utf8(std::mem::take(&mut buf)) {
                        Ok(l) => l,
                        Err(_) => {
                            tally.failed += 1;
                            eprintln!("line {line_no}: not UTF-8 text; not published");
                            continue;
                        }
                    };
                    if args.json
                        && let Err(e) = check_json(&line)
                    {
                        tally.failed += 1;
                        eprintln!("line {line_no}: {e}; not published");
                        continue;
                    }
                    publisher.feed(line).await?;
                    pending.push_back(line_no);
                }
                ack = publisher.next_ack(), if in_flight > 0 => {
                    let ack = ack?;
                    let line = pending.pop_front().unwrap_or(0);
                    record(&mut tally, line, ack.result, inv);
                    progress.tick(tally.published + tally.no_subscriber + tally.failed);
                }
            }
        }
    }
    .await;
    progress.finish();
    publisher.close().await;
    let lost = pending.len() as u64;
    if result.is_err() {
        tally.failed += lost;
    }
    let elapsed = started.elapsed().as_secs_f64().max(1e-9);
    let total = tally.published + tally.no_subscriber;
    eprintln!(
        "lines: {} published, {} no subscriber, {} failed ({:.0} events/s)",
        tally.published,
        tally.no_subscriber,
        tally.failed,
        total as f64 / elapsed
    );
    result?;
    if tally.failed > 0 {
        return Ok(ExitStatus::Failure);
    }
    if args.require_subscribers && tally.no_subscriber > 0 {
        return Ok(ExitStatus::NoSubscriber);
    }
    Ok(ExitStatus::Ok)
}

/// `--lines` through the Forge egress proxy, which has no stream: one POST per line,
/// in order.
async fn publish_lines_over_http(
    client: &Client,
    template: Publish,
    source: &Source,
    args: &PayloadArgs,
    inv: &Invocation,
) -> Result<ExitStatus, Error> {
    let text = match source {
        Source::Missing => {
            return Err(Error::Usage(
                "--lines reads stdin ('-') or --file PATH; give one of them".into(),
            ));
        }
        other => crate::payload::read_one(other, true)?,
    };
    let mut tally = Tally::default();
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        if args.json
            && let Err(e) = check_json(line)
        {
            tally.failed += 1;
            eprintln!("line {line_no}: {e}; not published");
            continue;
        }
        let mut p = template.clone();
        p.payload = line.to_string();
        let result = client.publish(&p).await;
        record(&mut tally, line_no, result, inv);
    }
    eprintln!(
        "lines: {} published, {} no subscriber, {} failed",
        tally.published, tally.no_subscriber, tally.failed
    );
    if tally.failed > 0 {
        return Ok(ExitStatus::Failure);
    }
    if args.require_subscribers && tally.no_subscriber > 0 {
        return Ok(ExitStatus::NoSubscriber);
    }
    Ok(ExitStatus::Ok)
}

fn record(tally: &mut Tally, line: u64, result: Result<PublishResult, Error>, inv: &Invocation) {
    match result {
        Ok(r) => {
            if r.event_id.is_some() {
                tally.published += 1;
            } else {
                tally.no_subscriber += 1;
            }
            inv.printer.print(&LineResult(&r));
        }
        Err(e) => {
            tally.failed += 1;
            eprintln!("line {line}: {e}");
        }
    }
}

/// A progress line on stderr, only on a terminal and only once the run has lasted a
/// second (so quick runs and pipes stay quiet). It redraws on a timer, so it also
/// moves while the input is slow.
struct Progress {
    bar: indicatif::ProgressBar,
    reveal: Option<tokio::task::JoinHandle<()>>,
}

impl Progress {
    fn new() -> Progress {
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} events published ({per_sec})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        let reveal = std::io::stderr().is_terminal().then(|| {
            let bar = bar.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(1)).await;
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                bar.enable_steady_tick(Duration::from_millis(200));
            })
        });
        Progress { bar, reveal }
    }

    fn tick(&self, done: u64) {
        self.bar.set_position(done);
    }

    fn finish(&self) {
        if let Some(task) = &self.reveal {
            task.abort();
        }
        self.bar.finish_and_clear();
    }
}
