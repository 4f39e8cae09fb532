//! `frt channels`: the hub's live channel keys, to see who is listening where.

use std::io::IsTerminal;
use std::time::{Duration, SystemTime};

use colored::Colorize;

use crate::Error;
use crate::channel::Scope;
use crate::cli::ChannelsArgs;
use crate::client::{ChannelFilter, Client};
use crate::commands::{Invocation, connect_options};
use crate::exit::ExitStatus;
use crate::printer::{Render, paint, print_line, terminal_safe};
use crate::protocol::{ChannelInfo, ChannelList};
use crate::timefmt::format_duration_short;

pub async fn run(args: &ChannelsArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    let client = Client::from_options(&connect_options(&args.conn, inv))?;
    let filter = ChannelFilter {
        installation: args.keys.installation.clone(),
        name: args.keys.name.clone(),
        global: args.keys.plane(),
        show_claims: args.show_claims,
        this_hub: args.this_hub,
    };
    let Some(every) = args.watch else {
        let list = client.channels(&filter).await?;
        show(&list, inv, false);
        return Ok(ExitStatus::Ok);
    };
    // Refresh in place on a terminal; elsewhere one JSON snapshot per interval.
    let in_place = std::io::stdout().is_terminal() && inv.printer.is_human();
    let mut tick = tokio::time::interval(every.max(Duration::from_millis(100)));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = tokio::signal::ctrl_c() => return Ok(ExitStatus::Interrupted),
        }
        let list = client.channels(&filter).await?;
        if in_place {
            print!("\x1b[H\x1b[2J");
            show(&list, inv, true);
        } else if !print_line(&serde_json::to_string(&list).unwrap_or_default()) {
            return Ok(ExitStatus::Ok);
        }
    }
}

fn show(list: &ChannelList, inv: &Invocation, watching: bool) {
    inv.printer.print(&Listing { list, watching });
}

/// The live keys: a table for people, the list as JSON otherwise.
struct Listing<'a> {
    list: &'a ChannelList,
    watching: bool,
}

impl Render for Listing<'_> {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self.list).unwrap_or_default()
    }

    fn human(&self, color: bool) -> Option<String> {
        let mut text = table(&self.list.channels, color);
        if self.watching {
            text.push('\n');
            text.push_str(&paint(color, "(refreshing; Ctrl-C stops)", |s| s.dimmed()));
        }
        Some(text)
    }
}

fn scope_cell(c: &ChannelInfo) -> String {
    match &c.scope {
        Scope::Global => "-".into(),
        Scope::Module { module, context } => {
            let mut s = module.clone();
            for (k, v) in context {
                s.push_str(&format!(" {k}={v}"));
            }
            s
        }
        Scope::Overrides { values } => {
            let inner: Vec<String> = values.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("overrides [{}]", inner.join(", "))
        }
    }
}

fn claims_cell(c: &ChannelInfo) -> String {
    match &c.claims {
        None => "-".into(),
        Some(info) => match &info.value {
            Some(v) => format!("{} {v}", info.digest),
            None => info.digest.clone(),
        },
    }
}

fn last_cell(c: &ChannelInfo) -> String {
    let Some(ms) = c.last_event_ms else {
        return "-".into();
    };
    let now = crate::timefmt::epoch_millis(SystemTime::now());
    format!(
        "{} ago",
        format_duration_short(now.saturating_sub(ms) as f64 / 1000.0)
    )
}

/// A plain aligned table; `no live channel keys` when empty.
pub fn table(channels: &[ChannelInfo], colour: bool) -> String {
    if channels.is_empty() {
        return "no live channel keys (nobody is subscribed)".into();
    }
    let header = [
        "INSTALLATION",
        "PLANE",
        "NAME",
        "SCOPE",
        "CLAIMS",
        "SUBS",
        "PUBLISHED",
        "DELIVERED",
        "LAST EVENT",
    ];
    let rows: Vec<[String; 9]> = channels
        .iter()
        .map(|c| {
            let subs = if c.held > 0 {
                format!("{} (+{} held)", c.subscribers, c.held)
            } else {
                c.subscribers.to_string()
            };
            // Every cell quotes other callers' data: escaped before it is shown.
            [
                c.installation.clone(),
                c.plane.clone(),
                format!("\"{}\"", c.name),
                scope_cell(c),
                claims_cell(c),
                subs,
                c.published.to_string(),
                c.delivered.to_string(),
                last_cell(c),
            ]
            .map(|cell| terminal_safe(&cell).into_owned())
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (i, cell) in r.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{}", " ".repeat(widths[i] - c.chars().count())))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = vec![paint(
        colour,
        &line(header.iter().map(|s| s.to_string()).collect()),
        |s| s.bold(),
    )];
    out.extend(rows.into_iter().map(|r| line(r.to_vec())));
    out.join("\n")
}
