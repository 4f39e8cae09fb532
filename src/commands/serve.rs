//! `frt serve`: run the hub until SIGINT or SIGTERM.

use std::io::Write;

use crate::cli::ServeArgs;
use crate::client::{ClientError, exit};
use crate::commands::Env;
use crate::hub::{self, HubConfig};
use crate::state;

pub async fn run(args: &ServeArgs, env: &Env) -> Result<u8, ClientError> {
    let state_dir = args
        .state_dir
        .clone()
        .or_else(state::default_state_dir)
        .ok_or_else(|| {
            ClientError::Usage("no state directory: pass --state-dir or set FRT_STATE_DIR".into())
        })?;
    init_logging(env.verbose, env.palette.stderr);
    // Thousands of subscribers need thousands of sockets.
    crate::bench::raise_fd_limit();
    let mut config = HubConfig::new(args.addr, state_dir.clone());
    config.rate_limit = args.rate_limit.0;
    config.max_payload = args.max_payload;
    config.replay_window = args.replay_window;
    config.replay_max_events = args.replay_max_events;
    config.grace = args.grace;
    config.token_ttl = args.token_ttl;
    config.queue_limit = args.queue_limit;
    config.ping_interval = args.ping_interval;
    let running = hub::start(config)
        .await
        .map_err(|e| ClientError::Other(format!("{e:#}")))?;
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on {}", running.endpoint());
        let _ = out.flush();
    }
    eprintln!(
        "state in {} (hub.json holds the API key); rate limit {}; Ctrl-C stops",
        state_dir.display(),
        match args.rate_limit.0 {
            Some(n) => format!("{n}/s per installation"),
            None => "off".into(),
        }
    );
    wait_for_signal().await;
    tracing::info!("shutting down");
    running
        .shutdown()
        .await
        .map_err(|e| ClientError::Other(format!("{e:#}")))?;
    Ok(exit::OK)
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

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
