//! `frt serve`: run the hub until SIGINT or SIGTERM.

use std::io::Write;

use crate::Error;
use crate::cli::ServeArgs;
use crate::commands::Invocation;
use crate::exit::ExitStatus;
use crate::hub;
use crate::state;

pub async fn run(args: &ServeArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    let state_dir = args
        .state_dir
        .clone()
        .or_else(state::default_state_dir)
        .ok_or_else(|| {
            Error::Usage("no state directory: pass --state-dir or set FRT_STATE_DIR".into())
        })?;
    if let Some(url) = &args.redis {
        hub::config::RedisUrl::check(url).map_err(Error::Usage)?;
    }
    init_logging(inv.verbose, inv.printer.palette.stderr);
    refuse_if_running(&state_dir).await?;
    // Thousands of subscribers need thousands of sockets.
    crate::process::raise_fd_limit();
    // Before the address is announced: a supervisor (or a test) that sends SIGTERM as
    // soon as it reads "listening on" must get a graceful stop, not the default action.
    let mut signals = StopSignals::install()
        .map_err(|e| Error::Other(format!("cannot install signal handlers: {e}")))?;
    let config = args.hub_config(state_dir.clone());
    let running = hub::start(config)
        .await
        .map_err(|e| Error::Other(format!("{e:#}")))?;
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on {}", running.endpoint());
        let _ = out.flush();
    }
    inv.printer.status(&format!(
        "state in {} (hub.json holds the API key); rate limit {}; Ctrl-C stops",
        state_dir.display(),
        match args.rate_limit.0 {
            Some(n) => format!("{n}/s per installation"),
            None => "off".into(),
        }
    ));
    if let Some(membership) = running.hub.engine.describe() {
        inv.printer.status(&membership);
    }
    let stopped_by = signals.recv().await;
    tracing::info!("shutting down");
    running
        .shutdown()
        .await
        .map_err(|e| Error::Other(format!("{e:#}")))?;
    // Ctrl-C is an interruption (130) like any command's; SIGTERM is how supervisors
    // ask for a normal stop (0).
    Ok(match stopped_by {
        Stop::Interrupt => ExitStatus::Interrupted,
        Stop::Terminate => ExitStatus::Ok,
    })
}

/// Which signal asked the hub to stop.
enum Stop {
    Interrupt,
    Terminate,
}

fn init_logging(verbose: u8, color: bool) {
    let level = match verbose {
        0 => tracing::Level::INFO,
        1 => tracing::Level::DEBUG,
        _ => tracing::Level::TRACE,
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false)
        .with_ansi(color)
        .try_init();
}

/// SIGINT and SIGTERM, registered the moment they are installed.
struct StopSignals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn install() -> std::io::Result<StopSignals> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(StopSignals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    async fn recv(&mut self) -> Stop {
        tokio::select! {
            _ = self.interrupt.recv() => Stop::Interrupt,
            _ = self.terminate.recv() => Stop::Terminate,
        }
    }
}

/// A second hub on the same state directory would take over `hub.json` and send new
/// clients away from the first: refuse while the hub it names still answers.
async fn refuse_if_running(state_dir: &std::path::Path) -> Result<(), Error> {
    let Ok(Some(hub)) = state::read_hub_json(state_dir) else {
        return Ok(());
    };
    let Ok(http) = reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(1))
        .build()
    else {
        return Ok(());
    };
    let answers = http
        .get(format!("{}/healthz", hub.endpoint))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success());
    if answers {
        return Err(Error::Other(format!(
            "a hub is already running on {} at {}; stop it first, or run a second hub with its own --state-dir",
            state_dir.display(),
            hub.endpoint
        )));
    }
    Ok(())
}
