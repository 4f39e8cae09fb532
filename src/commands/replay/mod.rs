//! `frt replay FILE`: publishes a capture again, each event to the key it was received
//! on (or where the flags say), in order, over the ordered stream `--lines` uses, with
//! the capture's timing between events scaled by `--speed`.

mod capture;

use std::io::Read;
use std::time::Duration;

use tokio::time::Instant;

use crate::Error;
use crate::channel::{canonical_json, claims_digest};
use crate::cli::ReplayArgs;
use crate::client::Client;
use crate::commands::stream::{EventSource, Outgoing, Run, send_all};
use crate::commands::tally::Tally;
use crate::commands::{
    Invocation, connect_options, overrides_arg, prevalidate, read_token, refuse_forge_proxy, usage,
};
use crate::exit::ExitStatus;
use crate::token::{self, Permission};

use capture::{Captured, Retarget};

/// Most bytes of capture read (a replay holds the whole capture, checked, before it
/// sends anything).
const MAX_CAPTURE: u64 = 1 << 30;

pub async fn run(args: &ReplayArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    refuse_forge_proxy("replay", &args.conn)?;
    let flags = retarget(args)?;
    let (name, text) = read_capture(args)?;
    let events = capture::parse(&text, &name, &flags)?;
    let Some(first) = events.first() else {
        return Err(usage(format!(
            "{name} holds no events; capture some with 'frt subscribe CHANNEL -o json > {name}'"
        )));
    };
    warn_about_origin(&events, flags.token.as_deref(), inv);
    if let Some(t) = &flags.token {
        let mut checked = std::collections::HashSet::new();
        for e in &events {
            if checked.insert(e.target.channel.as_str()) {
                prevalidate(t, &e.target.channel, Permission::Publish)?;
            }
        }
    }
    let client = Client::from_options(&connect_options(&args.conn, inv))?;
    let target = first.target.clone();
    let source = CaptureSource {
        events: events.into(),
        speed: args.speed,
        verbose: inv.verbose > 0,
        started: None,
        next_due: None,
        offset_ms: 0,
        first_at: None,
        last_key: None,
    };
    let run = Run {
        unit: "events",
        typed: false,
        require_subscribers: args.require_subscribers,
    };
    send_all(&client, target, source, run, inv).await
}

/// The flags that change where every event goes.
fn retarget(args: &ReplayArgs) -> Result<Retarget, Error> {
    let overrides = overrides_arg(&args.overrides.context_override);
    if args.global && overrides.is_some() {
        return Err(usage(
            "--context-override does not apply to --global: global channels have no scope",
        ));
    }
    if let Some(c) = &args.channel {
        crate::channel::validate_channel_name(c).map_err(usage)?;
    }
    for (flag, value) in [
        ("--installation", &args.context.installation),
        ("--module", &args.context.module),
    ] {
        if let Some(v) = value {
            crate::channel::check_context_text(flag, v)
                .map_err(|e| usage(format!("{flag}: {e}")))?;
        }
    }
    Ok(Retarget {
        channel: args.channel.clone(),
        global: match (args.global, args.scoped) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        installation: args.context.installation.clone(),
        module: args.context.module.clone(),
        context: (!args.context.context.is_empty()).then(|| args.context.context.clone()),
        overrides,
        token: read_token(&args.token)?,
    })
}

/// The capture's name for messages, and its bytes.
fn read_capture(args: &ReplayArgs) -> Result<(String, Vec<u8>), Error> {
    let mut text = Vec::new();
    let name = if args.file.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_CAPTURE + 1)
            .read_to_end(&mut text)
            .map_err(|e| usage(format!("cannot read stdin: {e}")))?;
        "stdin".to_string()
    } else {
        let path = &args.file;
        let file = std::fs::File::open(path)
            .map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?;
        file.take(MAX_CAPTURE + 1)
            .read_to_end(&mut text)
            .map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?;
        path.display().to_string()
    };
    if text.len() as u64 > MAX_CAPTURE {
        return Err(usage(format!(
            "{name} is over 1 GiB; replay a part of it (split -l)"
        )));
    }
    Ok((name, text))
}

/// Says, once each, what the capture could not carry: where an older capture was
/// received, and the token its events were received under (captures never hold
/// tokens, only their claims' digest).
fn warn_about_origin(events: &[Captured], token: Option<&str>, inv: &Invocation) {
    if let Some(e) = events.iter().find(|e| e.placed_by_default) {
        inv.printer.warn(&format!(
            "line {} does not say where it was received (a capture by an older frt): sent on the scoped plane as the flags or the defaults say",
            e.line
        ));
    }
    let Some(e) = events.iter().find(|e| e.claims_digest.is_some()) else {
        return;
    };
    let captured = e.claims_digest.as_deref().unwrap_or_default();
    let given = token
        .and_then(|t| token::decode_unverified(t).ok())
        .map(|d| claims_digest(&canonical_json(d.claims())));
    match given {
        None => inv.printer.warn(&format!(
            "line {} was received under a token (claims {captured}); without --token its events go to the key without claims",
            e.line
        )),
        Some(d) if d != captured => inv.printer.warn(&format!(
            "--token's claims ({d}) differ from those line {} was received under ({captured})",
            e.line
        )),
        Some(_) => {}
    }
}

/// The capture's events, each when its time comes.
struct CaptureSource {
    events: std::collections::VecDeque<Captured>,
    speed: f64,
    verbose: bool,
    /// When the first event was taken: the schedule counts from there.
    started: Option<Instant>,
    /// When the front event is due, once its wait has been worked out.
    next_due: Option<Instant>,
    /// The front event's place in the capture's timeline, from the first timestamp.
    offset_ms: u64,
    first_at: Option<u64>,
    /// The key the previous event went to (`-v` says when it changes).
    last_key: Option<String>,
}

impl CaptureSource {
    /// When the front event is due: its distance from the capture's first event,
    /// divided by the speed. Timestamps that go backwards (several channels, a
    /// replayed backlog) do not wait.
    fn schedule(&mut self) -> Option<Instant> {
        let event = self.events.front()?;
        let started = *self.started.get_or_insert_with(Instant::now);
        let previous = self.offset_ms;
        if let Some(at) = event.at_ms {
            let first = *self.first_at.get_or_insert(at);
            self.offset_ms = self.offset_ms.max(at.saturating_sub(first));
        }
        let gap = self.offset_ms - previous;
        if self.speed == 0.0 {
            return Some(Instant::now());
        }
        let scaled = |ms: u64| Duration::from_secs_f64(ms as f64 / 1000.0 / self.speed);
        if self.verbose && gap > 0 {
            eprintln!(
                "line {}: waiting {} ms ({gap} ms captured, --speed {})",
                event.line,
                scaled(gap).as_millis(),
                self.speed
            );
        }
        Some(started + scaled(self.offset_ms))
    }
}

impl EventSource for CaptureSource {
    async fn next(&mut self, _tally: &mut Tally) -> Result<Option<Outgoing>, Error> {
        let due = match self.next_due {
            Some(due) => due,
            None => match self.schedule() {
                Some(due) => *self.next_due.insert(due),
                None => return Ok(None),
            },
        };
        tokio::time::sleep_until(due).await;
        self.next_due = None;
        let Some(event) = self.events.pop_front() else {
            return Ok(None);
        };
        if self.verbose {
            let key = event.key.to_string();
            if self.last_key.as_deref() != Some(key.as_str()) {
                eprintln!("line {}: to {key}", event.line);
                self.last_key = Some(key);
            }
        }
        Ok(Some(Outgoing {
            line: event.line,
            payload: event.payload,
            target: Some(event.target),
        }))
    }

    fn has_buffered(&self) -> bool {
        !self.events.is_empty()
            && (self.speed == 0.0 || self.next_due.is_some_and(|due| due <= Instant::now()))
    }
}
