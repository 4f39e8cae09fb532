//! `frt subscribe`: stream a channel's events to stdout until `--count`, `--timeout`
//! or Ctrl-C, reconnecting and resuming after a lost connection.

use colored::Colorize;
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::Error;
use crate::cli::SubscribeArgs;
use crate::client::{Client, ReceivedEvent, StreamItem, SubscribeOptions};
use crate::commands::{
    HintReader, Invocation, connect_options, in_cli_words, module_context, overrides_arg,
    prevalidate, read_token, resolve_key, usage,
};
use crate::exit::ExitStatus;
use crate::printer::{Render, paint, terminal_safe, terminal_safe_lines};
use crate::timefmt::format_timestamp_ms;
use crate::token::Permission;

pub async fn run(args: &SubscribeArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    if args.conn.forge_proxy.is_some() {
        return Err(usage(
            "the platform has no subscribe API outside the UI bridge (@forge/bridge realtime.subscribe in the browser); \
             to watch a channel, run 'frt serve' locally and unset FORGE_EGRESS_PROXY_URL",
        ));
    }
    let context = module_context(&args.context)?;
    let token = read_token(&args.token)?;
    let overrides = overrides_arg(&args.overrides.context_override);
    if args.global && overrides.is_some() {
        return Err(usage(
            "--context-override does not apply to --global: global channels have no scope",
        ));
    }
    if args.channel.contains(['*', '?', '[']) {
        inv.printer.warn(&format!(
            "'{}' is subscribed to as a literal name: channel names have no wildcards ('frt channels --name' takes a glob)",
            terminal_safe(&args.channel)
        ));
    }
    let key = resolve_key(
        &args.channel,
        args.global,
        &context,
        overrides.as_deref(),
        token.as_deref(),
    )?;
    if let Some(t) = &token {
        prevalidate(t, &args.channel, Permission::Subscribe)?;
    }
    let client = Client::from_options(&connect_options(&args.conn, inv))?;
    let deadline = args.timeout.map(|t| Instant::now() + t);
    let stop_at_deadline = async {
        match deadline {
            Some(d) => tokio::time::sleep_until(d).await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(stop_at_deadline);
    let opts = SubscribeOptions {
        channel: args.channel.clone(),
        global: args.global,
        context,
        overrides,
        token,
        replay_seconds: args.replay.map(whole_seconds_up),
        reconnect: !args.no_reconnect,
    };
    let mut received = 0u64;
    let mut sub = tokio::select! {
        s = client.subscribe(opts) => s?,
        _ = &mut stop_at_deadline => return Ok(timed_out(args, received, inv)),
        _ = tokio::signal::ctrl_c() => return Ok(ExitStatus::Interrupted),
    };
    // When the connection is down: since when, to say how long at a falling rate.
    let mut down_since: Option<Instant> = None;
    let on = inv.printer.palette.stderr;
    // With -v, a subscription that has received nothing for a while asks the hub for
    // near misses: keys that differ in one component and are getting publishes.
    let hint_after = args.hint_after;
    let idle = tokio::time::sleep(hint_after);
    tokio::pin!(idle);
    let mut shown_hints = std::collections::HashSet::new();
    loop {
        let item = tokio::select! {
            item = sub.next() => item,
            _ = &mut idle, if inv.verbose > 0 => {
                sub.request_hints().await?;
                idle.as_mut().reset(Instant::now() + hint_after);
                continue;
            }
            _ = &mut stop_at_deadline => {
                sub.unsubscribe().await;
                return Ok(timed_out(args, received, inv));
            }
            _ = tokio::signal::ctrl_c() => {
                sub.unsubscribe().await;
                return Ok(ExitStatus::Interrupted);
            }
        };
        match item? {
            StreamItem::Subscribed {
                epoch,
                recovered,
                resumed,
            } => {
                down_since = None;
                if !resumed {
                    inv.printer.status(&format!(
                        "{} to {key}",
                        paint(on, "subscribed", |s| s.green().bold())
                    ));
                    if inv.verbose > 0 {
                        eprintln!("hub epoch {epoch}");
                    }
                } else if recovered {
                    inv.printer.status(&format!(
                        "{} resumed after event {} with nothing lost",
                        paint(on, "reconnected:", |s| s.green()),
                        sub.last_event_id().unwrap_or("-")
                    ));
                } else {
                    inv.printer.warn(
                        "resubscribed, but the hub could not replay everything since the last event (it restarted, or the events left its buffer): some events may be missing",
                    );
                }
            }
            StreamItem::Hints(hints) => {
                for h in hints {
                    let text = in_cli_words(&h, HintReader::Subscriber, args.global);
                    if shown_hints.insert(text.clone()) {
                        inv.printer.hint(&text);
                    }
                }
            }
            StreamItem::Event(event) => {
                idle.as_mut().reset(Instant::now() + hint_after);
                received += 1;
                if !print_event(&event, &args.channel, inv) {
                    sub.unsubscribe().await;
                    return Ok(ExitStatus::Ok);
                }
                if args.count.is_some_and(|n| received >= n) {
                    sub.unsubscribe().await;
                    return Ok(ExitStatus::Ok);
                }
            }
            StreamItem::Reconnecting {
                attempt,
                delay,
                reason,
            } => {
                let since = *down_since.get_or_insert_with(Instant::now);
                // Attempts 1, 2, 4, 8, …: an outage keeps being reported, less often
                // the longer it lasts.
                if attempt.is_power_of_two() {
                    let down = since.elapsed();
                    inv.printer.warn(&if attempt == 1 {
                        format!(
                            "{}; reconnecting in {} ms (attempt 1)",
                            terminal_safe(&reason),
                            delay.as_millis()
                        )
                    } else {
                        format!(
                            "still reconnecting after {}s (attempt {attempt}, next in {:.1}s): {}",
                            down.as_secs(),
                            delay.as_secs_f64(),
                            terminal_safe(&reason)
                        )
                    });
                }
            }
            StreamItem::Unsubscribed => return Ok(ExitStatus::Ok),
        }
    }
}

/// `--timeout` reached: a failure when `--count` was not, said in one line either way.
fn timed_out(args: &SubscribeArgs, received: u64, inv: &Invocation) -> ExitStatus {
    let after = humantime::format_duration(args.timeout.unwrap_or_default());
    match args.count {
        Some(n) => {
            inv.printer.failure(&format!(
                "timed out after {after}: {received} of {n} events"
            ));
            ExitStatus::Timeout
        }
        None => {
            inv.printer.status(&format!(
                "stopped after {after} (--timeout): {received} events"
            ));
            ExitStatus::Ok
        }
    }
}

/// `replaySeconds` counts whole seconds: a part second asks for the whole one.
fn whole_seconds_up(d: std::time::Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// Prints one event; false when stdout is gone.
fn print_event(event: &ReceivedEvent, channel: &str, inv: &Invocation) -> bool {
    inv.printer.print(&Delivered { event, channel })
}

/// One event as received.
struct Delivered<'a> {
    event: &'a ReceivedEvent,
    channel: &'a str,
}

impl Render for Delivered<'_> {
    /// The event as the platform delivers it (`payload` is the string that was
    /// published), plus `data`: the payload parsed, when it is JSON.
    fn json(&self) -> Value {
        let mut object = json!({
            "channel": self.channel,
            "eventId": self.event.event_id,
            "eventTimestamp": self.event.event_timestamp,
            "payload": self.event.payload,
        });
        if let Ok(data) = serde_json::from_str::<Value>(&self.event.payload) {
            object["data"] = data;
        }
        object
    }

    /// The payload exactly as published.
    fn raw(&self) -> Option<String> {
        Some(self.event.payload.clone())
    }

    /// A dimmed head line, then the payload (JSON objects and arrays pretty-printed).
    fn human(&self, color: bool) -> Option<String> {
        let event = self.event;
        // Everything but the channel name came over the network: escaped.
        let head = format!(
            "{} {} {}",
            paint(
                color,
                &terminal_safe(&format_timestamp_ms(&event.event_timestamp)),
                |s| s.dimmed()
            ),
            paint(color, &terminal_safe(self.channel), |s| s.cyan().bold()),
            paint(color, &terminal_safe(&event.event_id), |s| s.dimmed()),
        );
        let body = match serde_json::from_str::<Value>(&event.payload) {
            Ok(v @ (Value::Object(_) | Value::Array(_))) => {
                serde_json::to_string_pretty(&v).unwrap_or_else(|_| event.payload.clone())
            }
            _ => terminal_safe_lines(&event.payload).into_owned(),
        };
        Some(format!("{head}\n{body}"))
    }
}
