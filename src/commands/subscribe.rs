//! `frt subscribe`: stream one or more channels' events to stdout until `--count`,
//! `--timeout` or Ctrl-C, reconnecting and resuming after a lost connection.

use std::time::SystemTime;

use colored::Colorize;
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::Error;
use crate::channel::{ChannelKey, ModuleContext, claims_digest};
use crate::cli::SubscribeArgs;
use crate::client::{Client, ReceivedEvent, StreamItem, SubscribeOptions};
use crate::commands::{
    HintReader, Invocation, connect_options, in_cli_words, module_context, overrides_arg,
    prevalidate, read_token, resolve_key, timed_out, usage,
};
use crate::exit::ExitStatus;
use crate::jq::JqRunner;
use crate::printer::{Render, paint, terminal_safe, terminal_safe_lines};
use crate::timefmt::{epoch_millis, format_timestamp_ms};
use crate::token::Permission;

pub async fn run(args: &SubscribeArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    if args.conn.forge_proxy.is_some() {
        return Err(usage(
            "the platform has no subscribe API outside the UI bridge (@forge/bridge realtime.subscribe in the browser); \
             to watch a channel, run 'frt serve' locally and unset FORGE_EGRESS_PROXY_URL",
        ));
    }
    let mut jq = match args.jq.as_deref() {
        Some(code) => Some(JqRunner::start(code).await?),
        None => None,
    };
    let context = module_context(&args.context)?;
    let token = read_token(&args.token)?;
    let overrides = overrides_arg(&args.overrides.context_override);
    if args.global && overrides.is_some() {
        return Err(usage(
            "--context-override does not apply to --global: global channels have no scope",
        ));
    }
    let mut channels: Vec<String> = Vec::new();
    for name in &args.channels {
        if !channels.contains(name) {
            channels.push(name.clone());
        }
    }
    let mut keys = Vec::new();
    for channel in &channels {
        if channel.contains(['*', '?', '[']) {
            inv.printer.warn(&format!(
                "'{}' is subscribed to as a literal name: channel names have no wildcards ('frt channels --name' takes a glob)",
                terminal_safe(channel)
            ));
        }
        keys.push(resolve_key(
            channel,
            args.global,
            &context,
            overrides.as_deref(),
            token.as_deref(),
        )?);
        if let Some(t) = &token {
            prevalidate(t, channel, Permission::Subscribe)?;
        }
    }
    let origin = Origin::new(&context, args.global, overrides.as_deref(), keys.first());
    let client = Client::from_options(&connect_options(&args.conn, inv))?;
    let stop_at_deadline = crate::commands::deadline(args.timeout);
    tokio::pin!(stop_at_deadline);
    let opts = SubscribeOptions {
        channels: channels.clone(),
        global: args.global,
        context,
        overrides,
        token,
        replay_seconds: args.replay.map(whole_seconds_up),
        reconnect: !args.no_reconnect,
        since: args.since.clone(),
    };
    let mut received = 0u64;
    let mut sub = tokio::select! {
        s = client.subscribe(opts) => s?,
        _ = &mut stop_at_deadline => return Ok(timed_out(args.timeout, args.count, received, inv)),
        _ = tokio::signal::ctrl_c() => return Ok(ExitStatus::Interrupted),
    };
    // When the connection is down: since when, to say how long at a falling rate.
    let mut down_since: Option<Instant> = None;
    let on = inv.printer.palette.stderr;
    let labelled = channels.len() > 1;
    // Which channel a status line is about, when there are several.
    let which = |channel: &str| {
        if labelled {
            format!(" \"{}\"", terminal_safe(channel))
        } else {
            String::new()
        }
    };
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
                return Ok(timed_out(args.timeout, args.count, received, inv));
            }
            _ = tokio::signal::ctrl_c() => {
                sub.unsubscribe().await;
                return Ok(ExitStatus::Interrupted);
            }
        };
        match item? {
            StreamItem::Subscribed {
                channel,
                epoch,
                recovered,
                resumed,
            } => {
                down_since = None;
                let key = channels
                    .iter()
                    .position(|c| *c == channel)
                    .and_then(|i| keys.get(i));
                if !resumed {
                    inv.printer.status(&format!(
                        "{} to {}",
                        paint(on, "subscribed", |s| s.green().bold()),
                        key.map(ToString::to_string).unwrap_or_default()
                    ));
                    if inv.verbose > 0 {
                        eprintln!("hub epoch {epoch}");
                    }
                    if let Some(since) = &args.since {
                        report_resume(inv, &channel, since, recovered);
                    }
                } else if recovered {
                    inv.printer.status(&format!(
                        "{}{} resumed after event {} with nothing lost",
                        paint(on, "reconnected:", |s| s.green()),
                        which(&channel),
                        sub.last_event_id(&channel).unwrap_or("-")
                    ));
                } else {
                    inv.printer.warn(&format!(
                        "{} resubscribed, but the hub could not replay everything since the last event (it restarted, or the events left its buffer): some events may be missing",
                        which(&channel).trim_start()
                    ));
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
                let shown = Delivered {
                    event: &event,
                    origin: &origin,
                    received_at: SystemTime::now(),
                    timestamps: args.timestamps,
                    labelled,
                };
                let printed = match &mut jq {
                    None => Some(inv.printer.print(&shown)),
                    // The filter runs in its worker: --timeout and Ctrl-C still end
                    // the subscription while it runs.
                    Some(filter) => tokio::select! {
                        printed = print_filtered(filter, &shown, inv) => printed,
                        _ = &mut stop_at_deadline => {
                            sub.unsubscribe().await;
                            return Ok(timed_out(args.timeout, args.count, received, inv));
                        }
                        _ = tokio::signal::ctrl_c() => {
                            sub.unsubscribe().await;
                            return Ok(ExitStatus::Interrupted);
                        }
                    },
                };
                match printed {
                    // Dropped by --jq: not counted.
                    None => continue,
                    Some(false) => {
                        sub.unsubscribe().await;
                        return Ok(ExitStatus::Ok);
                    }
                    Some(true) => received += 1,
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
            StreamItem::Notice { code, message } => {
                crate::commands::hub_notice(inv, &code, &message)
            }
            StreamItem::Unsubscribed => return Ok(ExitStatus::Ok),
        }
    }
}

/// Runs `--jq` on the event's JSON form and prints each output: `None` when the
/// filter dropped the event (or failed on it, said on stderr), else whether stdout
/// is still there.
async fn print_filtered(
    filter: &mut JqRunner,
    event: &Delivered<'_>,
    inv: &Invocation,
) -> Option<bool> {
    let mut open = true;
    let printed = filter
        .run(&event.json(), |v| {
            open = inv.printer.print(&JqOutput(&v));
            open
        })
        .await;
    let handed = match printed {
        Ok(n) => n,
        Err((n, e)) => {
            inv.printer.warn(&format!(
                "--jq failed on event {}: {}{}",
                terminal_safe(&event.event.event_id),
                terminal_safe(&e),
                if n == 0 { "; the event is dropped" } else { "" }
            ));
            n
        }
    };
    match (handed, open) {
        (0, true) => None,
        (_, open) => Some(open),
    }
}

/// One output of `--jq`: compact JSON, a bare string in raw mode, pretty for people.
struct JqOutput<'a>(&'a Value);

impl Render for JqOutput<'_> {
    fn json(&self) -> Value {
        self.0.clone()
    }

    fn raw(&self) -> Option<String> {
        Some(match self.0 {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }

    fn human(&self, _color: bool) -> Option<String> {
        let text = serde_json::to_string_pretty(self.0).unwrap_or_default();
        Some(terminal_safe_lines(&text).into_owned())
    }
}

/// What `--since` came to: resumed with nothing missed, or not.
fn report_resume(inv: &Invocation, channel: &str, since: &str, recovered: bool) {
    let channel = terminal_safe(channel);
    if recovered {
        inv.printer.status(&format!(
            "\"{channel}\" resumed after event {since}: nothing missed (recovered)"
        ));
    } else {
        inv.printer.warn(&format!(
            "\"{channel}\" could not resume after event {since} (not recovered): the id is from another hub run, or events after it have left the hub's buffer; what it still holds follows"
        ));
    }
}

/// `replaySeconds` counts whole seconds: a part second asks for the whole one.
fn whole_seconds_up(d: std::time::Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// Where a subscription's events were received: the plane and the caller (never the
/// token, only its claims' digest), so a capture can be replayed to the same key.
struct Origin {
    fields: serde_json::Map<String, Value>,
}

impl Origin {
    fn new(
        context: &ModuleContext,
        global: bool,
        overrides: Option<&[String]>,
        key: Option<&ChannelKey>,
    ) -> Origin {
        let mut fields = serde_json::Map::new();
        fields.insert(
            "plane".into(),
            json!(if global { "global" } else { "scoped" }),
        );
        fields.insert("installation".into(), json!(context.installation_id));
        fields.insert("module".into(), json!(context.module_key));
        fields.insert("context".into(), json!(context.extension));
        if let Some(list) = overrides {
            fields.insert("contextOverrides".into(), json!(list));
        }
        if let Some(claims) = key.and_then(|k| k.claims.as_deref()) {
            fields.insert("claimsDigest".into(), json!(claims_digest(claims)));
        }
        Origin { fields }
    }
}

/// One event as received.
struct Delivered<'a> {
    event: &'a ReceivedEvent,
    origin: &'a Origin,
    received_at: SystemTime,
    /// `--timestamps`: show arrival and latency in human output.
    timestamps: bool,
    /// Several channels: raw output says which one each payload came on.
    labelled: bool,
}

impl Delivered<'_> {
    /// Milliseconds from `eventTimestamp` to arrival (negative when clocks disagree).
    fn latency_ms(&self) -> Option<i64> {
        let sent: i64 = self.event.event_timestamp.parse().ok()?;
        Some(epoch_millis(self.received_at) as i64 - sent)
    }
}

impl Render for Delivered<'_> {
    /// The event as the platform delivers it (`payload` is the string that was
    /// published), plus `data`: the payload parsed, when it is JSON; when it arrived;
    /// and where (`frt replay` reads these back).
    fn json(&self) -> Value {
        let mut object = json!({
            "channel": self.event.channel,
            "eventId": self.event.event_id,
            "eventTimestamp": self.event.event_timestamp,
            "payload": self.event.payload,
        });
        if let Ok(data) = serde_json::from_str::<Value>(&self.event.payload) {
            object["data"] = data;
        }
        object["receivedAt"] =
            json!(humantime::format_rfc3339_millis(self.received_at).to_string());
        object["latencyMs"] = json!(self.latency_ms());
        if let Some(o) = object.as_object_mut() {
            o.extend(self.origin.fields.clone());
        }
        object
    }

    /// The payload exactly as published; with several channels, `CHANNEL<tab>` first.
    fn raw(&self) -> Option<String> {
        Some(if self.labelled {
            format!("{}\t{}", self.event.channel, self.event.payload)
        } else {
            self.event.payload.clone()
        })
    }

    /// A dimmed head line, then the payload (JSON objects and arrays pretty-printed).
    fn human(&self, color: bool) -> Option<String> {
        let event = self.event;
        // Everything came over the network: escaped.
        let mut head = format!(
            "{} {} {}",
            paint(
                color,
                &terminal_safe(&format_timestamp_ms(&event.event_timestamp)),
                |s| s.dimmed()
            ),
            paint(color, &terminal_safe(&event.channel), |s| s.cyan().bold()),
            paint(color, &terminal_safe(&event.event_id), |s| s.dimmed()),
        );
        if self.timestamps {
            let arrival = format!(
                "received {} ({} ms)",
                humantime::format_rfc3339_millis(self.received_at),
                self.latency_ms()
                    .map_or_else(|| "?".to_string(), |ms| ms.to_string())
            );
            head.push(' ');
            head.push_str(&paint(color, &arrival, |s| s.dimmed()));
        }
        let body = match serde_json::from_str::<Value>(&event.payload) {
            // serde escapes C0 controls inside strings, not DEL, C1 or formatting
            // characters: the pretty text is escaped like any other.
            Ok(v @ (Value::Object(_) | Value::Array(_))) => terminal_safe_lines(
                &serde_json::to_string_pretty(&v).unwrap_or_else(|_| event.payload.clone()),
            )
            .into_owned(),
            _ => terminal_safe_lines(&event.payload).into_owned(),
        };
        Some(format!("{head}\n{body}"))
    }
}
