//! Starting and stopping a hub: its secrets, its engine (a single hub's, or a
//! cluster's once it has joined), the listener, `hub.json`, and a shutdown that
//! answers what is in flight and closes every socket with a reason.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use tokio::task::JoinHandle;

use crate::hub::config::HubConfig;
use crate::hub::credentials::Credentials;
use crate::hub::engine::Engine;
use crate::hub::engine::local::LocalEngine;
use crate::hub::engine::redis::RedisEngine;
use crate::hub::facade::Hub;
use crate::hub::metrics::Metrics;
use crate::hub::{http, listener};
use crate::state;

/// A hub serving on its own tasks. Dropping it does not stop it; call
/// [`RunningHub::shutdown`].
pub struct RunningHub {
    pub addr: SocketAddr,
    pub hub: Arc<Hub>,
    server: JoinHandle<std::io::Result<()>>,
    /// The sweeper, and a cluster's pulse and key withdrawal.
    background: Vec<JoinHandle<()>>,
}

impl RunningHub {
    /// The base URL clients use, e.g. `http://127.0.0.1:7878`.
    pub fn endpoint(&self) -> String {
        endpoint_for(self.addr, self.hub.config.tls.is_some())
    }

    pub fn api_key(&self) -> String {
        self.hub.credentials.current().api_key.clone()
    }

    /// Stops accepting, answers requests in flight, closes every WebSocket with 1001
    /// and a reason, and waits (a few seconds at most) for connections to finish.
    pub async fn shutdown(self) -> Result<()> {
        if self.hub.config.announce
            && let Err(e) = state::withdraw_hub_json(&self.hub.config.state_dir, &self.endpoint())
        {
            tracing::warn!("{e:#}");
        }
        self.hub.begin_shutdown();
        let server = tokio::time::timeout(Duration::from_secs(10), self.server).await;
        for task in &self.background {
            task.abort();
        }
        self.hub.engine.leave().await;
        self.hub.connections_closed(Duration::from_secs(5)).await;
        match server {
            Ok(Ok(Ok(()))) => Ok(()),
            Ok(Ok(Err(e))) => Err(e.into()),
            Ok(Err(e)) => Err(anyhow::anyhow!("hub server task failed: {e}")),
            Err(_) => Err(anyhow::anyhow!("hub did not stop within 10 s")),
        }
    }
}

/// The client-facing URL for a bound address (an unspecified address becomes loopback).
pub fn endpoint_for(addr: SocketAddr, tls: bool) -> String {
    let ip = if addr.ip().is_unspecified() {
        match addr {
            SocketAddr::V4(_) => "127.0.0.1".to_string(),
            SocketAddr::V6(_) => "[::1]".to_string(),
        }
    } else if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    let scheme = if tls { "https" } else { "http" };
    format!("{scheme}://{ip}:{}", addr.port())
}

/// A throwaway hub for `frt smoke`, `frt bench` and tests: loopback port 0, a
/// temporary state directory that goes away with it, no `hub.json`, and no rate limit
/// unless `tune` sets one.
pub struct EphemeralHub {
    pub running: RunningHub,
    _state: tempfile::TempDir,
}

impl EphemeralHub {
    pub fn endpoint(&self) -> String {
        self.running.endpoint()
    }

    pub fn api_key(&self) -> String {
        self.running.api_key()
    }

    /// Stops the hub as [`RunningHub::shutdown`] does, then removes its state.
    pub async fn shutdown(self) -> Result<()> {
        self.running.shutdown().await
    }
}

/// Starts an [`EphemeralHub`] on the current tokio runtime; `tune` adjusts the
/// configuration before it starts.
pub async fn start_ephemeral(tune: impl FnOnce(&mut HubConfig)) -> Result<EphemeralHub> {
    let state = tempfile::tempdir().context("cannot make a temporary state directory")?;
    let mut config = HubConfig::new(([127, 0, 0, 1], 0).into(), state.path().to_path_buf());
    config.announce = false;
    config.rate_limit = None;
    tune(&mut config);
    let running = start(config)
        .await
        .context("cannot start the embedded hub")?;
    Ok(EphemeralHub {
        running,
        _state: state,
    })
}

/// Binds and starts a hub on the current tokio runtime.
pub async fn start(config: HubConfig) -> Result<RunningHub> {
    let credentials = Arc::new(Credentials::new(
        state::load_or_create_secrets(&config.state_dir)?,
        config.state_dir.clone(),
    ));
    let metrics = Arc::new(Metrics::default());
    let engine = Arc::new(match &config.redis {
        Some(url) => Engine::Redis(
            RedisEngine::join(url, &config, credentials.clone(), metrics.clone()).await?,
        ),
        None => Engine::Local(LocalEngine::new(&config, random_epoch()?, metrics.clone())),
    });
    let tls = match &config.tls {
        Some(files) => Some(
            crate::tls::server_config(&files.cert, &files.key).map_err(|e| anyhow::anyhow!(e))?,
        ),
        None => None,
    };
    let listener = listener::bind(config.addr).with_context(|| {
        format!(
            "cannot listen on {}; pick another address with --addr (port 0 picks a free port)",
            config.addr
        )
    })?;
    let addr = listener.local_addr()?;
    let endpoint = endpoint_for(addr, tls.is_some());
    if config.announce {
        credentials.announce(endpoint.clone())?;
    }
    let hub = Arc::new(Hub::new(config, engine.clone(), credentials, metrics));
    let background = engine.start(endpoint);
    let server = tokio::spawn(listener::serve(
        listener,
        http::router(hub.clone()),
        hub.shutdown_signal(),
        hub.config.max_pending,
        hub.config.header_timeout,
        tls,
    ));
    tracing::info!(%addr, epoch = %crate::protocol::format_epoch_tag(engine.epoch()), "hub listening");
    Ok(RunningHub {
        addr,
        hub,
        server,
        background,
    })
}

/// A single hub's epoch: random per run, so a `since` from another run is recognised.
fn random_epoch() -> Result<u32> {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
    Ok(u32::from_le_bytes(bytes))
}
