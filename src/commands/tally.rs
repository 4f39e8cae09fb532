//! What became of the events of an ordered publish stream (`--lines`, `--count`,
//! `replay`): the counts, the line each result is printed as, the progress line on a
//! terminal and the summary on stderr.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::Error;
use crate::commands::Invocation;
use crate::exit::ExitStatus;
use crate::printer::Render;
use crate::protocol::PublishResult;

/// The answer to one event: one output line per published event, so ids line up with
/// the input (an empty raw line for an event nobody received).
pub(crate) struct AckLine<'a>(pub &'a PublishResult);

impl Render for AckLine<'_> {
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

/// What became of the input.
#[derive(Default)]
pub(crate) struct Tally {
    /// Acknowledged and received by at least one subscriber.
    pub published: u64,
    /// Acknowledged, but nobody was subscribed (`eventId` null).
    pub no_subscriber: u64,
    /// Not sent: bad input (exit 2).
    pub invalid: u64,
    /// Sent, but refused or lost (exit 1).
    pub failed: u64,
    /// Blank lines skipped (no `--keep-empty`).
    pub blank: u64,
}

impl Tally {
    pub fn acknowledged(&self) -> u64 {
        self.published + self.no_subscriber
    }

    /// Counts one acknowledgement and prints its result; a refusal is said on stderr
    /// with the input line it came from.
    pub fn record(&mut self, line: u64, result: Result<PublishResult, Error>, inv: &Invocation) {
        match result {
            Ok(r) => {
                if r.event_id.is_some() {
                    self.published += 1;
                } else {
                    self.no_subscriber += 1;
                }
                inv.printer.print(&AckLine(&r));
            }
            Err(e) => {
                self.failed += 1;
                eprintln!("line {line}: {e}");
            }
        }
    }

    pub fn summary(&self, unit: &str, elapsed: Option<Duration>) -> String {
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

    /// A failed publish outranks bad input, which outranks an event nobody received.
    pub fn exit_status(&self, require_subscribers: bool) -> ExitStatus {
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
pub(crate) fn per_second(count: u64, elapsed: Duration) -> String {
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

/// A progress line on stderr, only on a terminal and only once the run has lasted a
/// second (so quick runs and pipes stay quiet). It redraws on a timer, so it also
/// moves while the input is slow.
pub(crate) struct Progress {
    bar: indicatif::ProgressBar,
    reveal: Option<tokio::task::JoinHandle<()>>,
    last_update: std::cell::Cell<Option<Instant>>,
}

impl Progress {
    pub fn new(wanted: bool) -> Progress {
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
    pub fn update(&self, tally: &Tally, started: Instant) {
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

    pub fn finish(&self) {
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
