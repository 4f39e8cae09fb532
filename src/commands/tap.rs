//! `frt tap`: every event the hub routes, with its full key and where it went: the
//! view an API-key holder needs when the subscriber side is unknown.

use std::cell::Cell;
use std::time::Duration;

use colored::Colorize;
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

use crate::Error;
use crate::channel::ModuleContext;
use crate::cli::{DEFAULT_INSTALLATION, DEFAULT_MODULE, TapArgs};
use crate::client::Client;
use crate::client::subscribe::{IDLE_LIMIT, reconnect_backoff};
use crate::commands::{Invocation, connect_options, refuse_forge_proxy, timed_out};
use crate::exit::ExitStatus;
use crate::printer::{Render, paint, terminal_safe, terminal_safe_lines};
use crate::protocol::{ClientFrame, ServerFrame, TappedEvent};
use crate::timefmt::format_timestamp_ms;

pub async fn run(args: &TapArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    refuse_forge_proxy("tap", &args.conn)?;
    let client = Client::from_options(&connect_options(&args.conn, inv))?;
    let stop_at_deadline = crate::commands::deadline(args.timeout);
    tokio::pin!(stop_at_deadline);
    let seen = Cell::new(0u64);
    // Set when a connection's tap is attached: a later loss starts the backoff anew.
    let attached = Cell::new(false);
    let ever_attached = Cell::new(false);
    let mut backoff = reconnect_backoff();
    let mut attempt = 0u32;
    loop {
        let outcome = tokio::select! {
            outcome = tap_once(&client, args, inv, &seen, &attached, &ever_attached) => outcome,
            _ = &mut stop_at_deadline => return Ok(timed_out(args.timeout, args.count, seen.get(), inv)),
            _ = tokio::signal::ctrl_c() => return Ok(ExitStatus::Interrupted),
        };
        let lost = match outcome {
            Ok(Session::Done(status)) => return Ok(status),
            Ok(Session::Lost(why)) => why,
            Err(e) => return Err(e),
        };
        if args.no_reconnect {
            return Err(Error::ConnectionLost(lost));
        }
        // The next endpoint of a failover list may be up; a tap replays nothing, so
        // what is routed meanwhile is not shown.
        client.fail_over();
        if attached.replace(false) {
            attempt = 0;
            backoff = reconnect_backoff();
        }
        attempt += 1;
        let delay = backoff.next().unwrap_or(Duration::from_secs(10));
        if attempt.is_power_of_two() {
            inv.printer.warn(&format!(
                "{}; reconnecting in {} ms (attempt {attempt}); events routed meanwhile are not shown",
                terminal_safe(&lost),
                delay.as_millis()
            ));
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = &mut stop_at_deadline => return Ok(timed_out(args.timeout, args.count, seen.get(), inv)),
            _ = tokio::signal::ctrl_c() => return Ok(ExitStatus::Interrupted),
        }
    }
}

/// How one connection's tap ended.
enum Session {
    /// For good: the count was reached or stdout went away.
    Done(ExitStatus),
    /// The connection was lost (or the hub could not serve the tap), with the reason.
    Lost(String),
}

/// One connection: attach the tap and print what it sends until it ends.
async fn tap_once(
    client: &Client,
    args: &TapArgs,
    inv: &Invocation,
    seen: &Cell<u64>,
    attached: &Cell<bool>,
    ever_attached: &Cell<bool>,
) -> Result<Session, Error> {
    let context = ModuleContext::new(DEFAULT_INSTALLATION, DEFAULT_MODULE);
    let connect = || crate::client::subscribe::connect(client, &context);
    // The first connection gets the usual retries (and endpoints) and then fails, as
    // `frt subscribe`'s does: a wrong endpoint should not look like a quiet channel.
    let mut socket = if ever_attached.get() {
        match connect().await {
            Ok(s) => s,
            Err(e @ Error::Unreachable { .. }) | Err(e @ Error::ConnectionLost(_)) => {
                return Ok(Session::Lost(e.to_string()));
            }
            Err(e) => return Err(e),
        }
    } else {
        client.with_retries(connect).await?
    };
    let frame = ClientFrame::Tap {
        id: "t1".into(),
        installation: args.keys.installation.clone(),
        name: args.keys.name.clone(),
        global: args.keys.plane(),
        undelivered: args.undelivered,
    };
    let text = serde_json::to_string(&frame).map_err(|e| Error::Other(e.to_string()))?;
    if let Err(e) = socket.send(Message::Text(text.into())).await {
        return Ok(Session::Lost(e.to_string()));
    }
    loop {
        let text = match tokio::time::timeout(IDLE_LIMIT, socket.next()).await {
            Err(_) => {
                return Ok(Session::Lost(format!(
                    "no traffic from the hub for {} s",
                    IDLE_LIMIT.as_secs()
                )));
            }
            Ok(None) => return Ok(Session::Lost("the hub closed the connection".into())),
            Ok(Some(Err(e))) => return Ok(Session::Lost(e.to_string())),
            Ok(Some(Ok(Message::Text(t)))) => t,
            Ok(Some(Ok(Message::Close(f)))) => {
                return Ok(Session::Lost(
                    f.map(|f| f.reason.to_string())
                        .unwrap_or_else(|| "the hub closed the connection".into()),
                ));
            }
            Ok(Some(Ok(_))) => continue,
        };
        let frame: ServerFrame = serde_json::from_str(text.as_str())
            .map_err(|e| Error::Protocol(format!("unexpected frame from the hub: {e}")))?;
        match frame {
            ServerFrame::Tapping { .. } => {
                attached.set(true);
                ever_attached.set(true);
                inv.printer.status(&format!(
                    "{} every event the hub at {} routes{}",
                    paint(inv.printer.palette.stderr, "tapping", |s| s.green().bold()),
                    client.endpoint(),
                    filters_text(args)
                ))
            }
            ServerFrame::Tapped(event) => {
                if !inv.printer.print(&Tapped(&event)) {
                    return Ok(Session::Done(ExitStatus::Ok));
                }
                seen.set(seen.get() + 1);
                if args.count.is_some_and(|n| seen.get() >= n) {
                    return Ok(Session::Done(ExitStatus::Ok));
                }
            }
            ServerFrame::Notice { code, message } => {
                crate::commands::hub_notice(inv, &code, &message)
            }
            ServerFrame::Error { code, message, .. } if code == "CLUSTER_UNAVAILABLE" => {
                return Ok(Session::Lost(format!(
                    "the hub cannot serve the tap now: {message}"
                )));
            }
            ServerFrame::Error { code, message, .. } => {
                return Err(Error::from_response(400, code, message, None));
            }
            _ => {}
        }
    }
}

fn filters_text(args: &TapArgs) -> String {
    let mut parts = Vec::new();
    let keys = &args.keys;
    if let Some(i) = &keys.installation {
        parts.push(format!("installation {i}"));
    }
    if let Some(n) = &keys.name {
        parts.push(format!("names matching {n}"));
    }
    match keys.plane() {
        Some(true) => parts.push("global plane".into()),
        Some(false) => parts.push("scoped plane".into()),
        None => {}
    }
    if args.undelivered {
        parts.push("undelivered only".into());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// One routed event.
struct Tapped<'a>(&'a TappedEvent);

impl Render for Tapped<'_> {
    /// The record as the hub sent it, less the tap's id, plus `data` for JSON payloads.
    fn json(&self) -> Value {
        let mut v = serde_json::to_value(self.0).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.shift_remove("id");
            if let Ok(data) = serde_json::from_str::<Value>(&self.0.payload) {
                o.insert("data".into(), data);
            }
        }
        v
    }

    fn raw(&self) -> Option<String> {
        Some(self.0.payload.clone())
    }

    fn human(&self, color: bool) -> Option<String> {
        let e = self.0;
        let when = format_timestamp_ms(&e.routed_at.to_string());
        let key = format!(
            "installation {} · {} · \"{}\" · {} · {}",
            e.installation,
            e.plane,
            e.name,
            e.scope,
            e.claims_digest
                .as_deref()
                .map_or_else(|| "no token".to_string(), |d| format!("token claims {d}"))
        );
        let unit = if e.hubs.is_some() {
            "hub"
        } else {
            "subscriber"
        };
        let outcome = match e.receivers {
            0 => paint(color, "no subscriber", |s| s.yellow().bold()),
            1 => paint(color, &format!("→ 1 {unit}"), |s| s.green()),
            n => paint(color, &format!("→ {n} {unit}s"), |s| s.green()),
        };
        Some(format!(
            "{} {} {}\n{}",
            paint(color, &terminal_safe(&when), |s| s.dimmed()),
            paint(color, &terminal_safe(&key), |s| s.cyan()),
            outcome,
            terminal_safe_lines(&e.payload)
        ))
    }
}
