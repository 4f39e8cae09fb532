//! `frt bench`: runs one scenario and reports it as a table, JSON or CSV.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::Error;
use crate::bench::{self, Budget, Target};
use crate::cli::{BenchArgs, BenchScenario};
use crate::client::Client;
use crate::commands::{Invocation, connect_options, refuse_forge_proxy};
use crate::exit::ExitStatus;
use crate::printer::{Render, print_line};

pub fn run(args: &BenchArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    if args.csv && !inv.printer.is_human() {
        return Err(Error::Usage(
            "--csv and -o are two output formats; give one of them".into(),
        ));
    }
    refuse_forge_proxy("bench", &args.conn)?;
    // The load generator runs on this thread; an embedded hub gets its own threads.
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("cannot start the async runtime: {e}")))?;
    let target = match &args.conn.endpoint {
        Some(_) => Target::external(Client::from_options(&connect_options(&args.conn, inv))?),
        None => Target::embedded(16_384)?,
    };
    let hub_label = if target.is_embedded() {
        format!("embedded hub on {} (rate limit off)", target.endpoint)
    } else {
        format!(
            "hub at {} (its own rate limit applies: run it with --rate-limit off for meaningful figures)",
            target.endpoint
        )
    };
    inv.printer.status(&format!(
        "frt bench {} — {hub_label}",
        scenario_name(args.scenario)
    ));
    let total = match args.scenario {
        BenchScenario::Latency => args.msgs.unwrap_or(1000),
        BenchScenario::Throughput => args.msgs.unwrap_or(200_000),
        BenchScenario::Fanout => args.msgs.unwrap_or(20_000) * args.subs as u64,
        BenchScenario::Connections => args.conns as u64,
    };
    let progress: bench::Progress = Arc::new(AtomicU64::new(0));
    let bar = progress_bar(total, inv);
    // A plain thread moves the bar: the latency scenario runs with no async runtime.
    let ticker = bar.clone().map(|bar| {
        let progress = progress.clone();
        std::thread::spawn(move || {
            while !bar.is_finished() {
                bar.set_position(progress.load(Ordering::Relaxed));
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    });
    let budget = |default: u64| Budget {
        msgs: args.msgs.unwrap_or(if args.duration.is_some() {
            u64::MAX
        } else {
            default
        }),
        duration: args.duration,
    };
    let result: Result<Value, Error> = match args.scenario {
        // Blocking sockets on this thread, with no async runtime around them: the
        // way the shared kit's latency.py measures, so the two agree.
        BenchScenario::Latency => bench::latency(
            &target,
            budget(1000).msgs.min(usize::MAX as u64) as usize,
            args.duration,
            args.size,
            !args.spread,
            progress.clone(),
        )
        .map(|r| json!(r)),
        BenchScenario::Throughput => client_rt
            .block_on(bench::throughput(
                &target,
                args.via.unwrap_or(crate::cli::Via::Stream),
                budget(200_000),
                args.size,
                progress.clone(),
            ))
            .map(|r| json!(r)),
        // One publish to all: bare sockets and kernel receive timestamps, so the load
        // side stays light even with ten thousand subscribers.
        BenchScenario::Fanout if args.msgs == Some(1) && args.duration.is_none() => client_rt
            .block_on(bench::fanout_once(
                &target,
                args.subs,
                args.size,
                progress.clone(),
            ))
            .map(|r| json!(r)),
        BenchScenario::Fanout => client_rt
            .block_on(bench::fanout(
                &target,
                args.via.unwrap_or(crate::cli::Via::Http),
                args.subs,
                budget(20_000),
                args.size,
                progress.clone(),
            ))
            .map(|r| json!(r)),
        BenchScenario::Connections => client_rt
            .block_on(bench::connections(&target, args.conns, progress.clone()))
            .map(|r| json!(r)),
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if let Some(t) = ticker {
        let _ = t.join();
    }
    let embedded = target.is_embedded();
    target.shutdown();
    let result = result?;
    report(args, inv, &result, embedded);
    Ok(ExitStatus::Ok)
}

fn scenario_name(s: BenchScenario) -> &'static str {
    match s {
        BenchScenario::Latency => "latency",
        BenchScenario::Throughput => "throughput",
        BenchScenario::Fanout => "fanout",
        BenchScenario::Connections => "connections",
    }
}

fn progress_bar(total: u64, inv: &Invocation) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || !inv.printer.is_human() || inv.printer.quiet {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(100));
    Some(bar)
}

/// Flattens nested objects into `a_b` keys, for tables and CSV.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}_{k}")
                };
                flatten(&key, v, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone())),
    }
}

fn cell(v: &Value) -> String {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => {
                if f >= 1000.0 {
                    format!("{f:.0}")
                } else {
                    format!("{f:.2}")
                }
            }
            _ => n.to_string(),
        },
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn report(args: &BenchArgs, inv: &Invocation, result: &Value, embedded: bool) {
    let scenario = scenario_name(args.scenario);
    let mut rows = Vec::new();
    flatten("", result, &mut rows);
    if args.csv {
        let header: Vec<String> = std::iter::once("scenario".to_string())
            .chain(rows.iter().map(|(k, _)| k.clone()))
            .collect();
        let values: Vec<String> = std::iter::once(scenario.to_string())
            .chain(rows.iter().map(|(_, v)| cell(v)))
            .collect();
        print_line(&header.join(","));
        print_line(&values.join(","));
        return;
    }
    inv.printer.print(&Report {
        scenario,
        embedded,
        result,
        rows,
    });
}

/// One scenario's figures.
struct Report<'a> {
    scenario: &'a str,
    embedded: bool,
    result: &'a Value,
    /// The result flattened into `a_b` keys, for the table.
    rows: Vec<(String, Value)>,
}

impl Render for Report<'_> {
    fn json(&self) -> Value {
        let mut out = Map::new();
        out.insert("scenario".into(), json!(self.scenario));
        out.insert(
            "hub".into(),
            json!(if self.embedded {
                "embedded"
            } else {
                "external"
            }),
        );
        out.insert(
            "rateLimit".into(),
            json!(if self.embedded {
                "off (embedded hub)"
            } else {
                "as configured on the hub"
            }),
        );
        out.insert("result".into(), self.result.clone());
        Value::Object(out)
    }

    fn human(&self, _color: bool) -> Option<String> {
        let width = self.rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        let lines: Vec<String> = self
            .rows
            .iter()
            .map(|(k, v)| format!("  {k:<width$}  {}", cell(v)))
            .collect();
        Some(lines.join("\n"))
    }
}
