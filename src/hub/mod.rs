//! The local hub (`frt serve`): a faithful emulator of the realtime service.
//!
//! `rest` and `ws` are the wire interfaces; `broker` holds channel state; the checks
//! every interface shares (auth, context, rate limit, token, channel key) live here so
//! that REST, WebSocket and GraphQL calls behave the same.

pub mod broker;
pub mod clock;
pub mod cluster;
pub mod config;
pub mod error;
pub mod graphql;
pub mod hints;
pub mod http;
pub mod listener;
pub mod metrics;
pub mod outbox;
pub mod ratelimit;
pub mod rest;
pub mod session;
pub mod tap;
pub mod ws;

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use axum::http::HeaderMap;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::channel::{ChannelKey, ModuleContext, parse_overrides};
use crate::protocol::{CONTEXT_HEADER, PublishResult, TokenRequest, TokenResponse};
use crate::state::{self, HubJson, HubSecrets};
use crate::token::{self, Permission};
use broker::{Broker, BrokerConfig};
pub use config::HubConfig;
use error::ApiError;
use metrics::Metrics;
use outbox::Wakes;
use ratelimit::RateLimiter;

/// The shared state of one running hub.
pub struct Hub {
    pub config: HubConfig,
    pub broker: Broker,
    pub limiter: RateLimiter,
    pub metrics: Arc<Metrics>,
    /// The API key and signing key; a cluster can rotate them while the hub runs.
    secrets: RwLock<Arc<HubSecrets>>,
    /// Set when the hub is one of a cluster's (`--redis`).
    pub cluster: Option<Arc<cluster::Cluster>>,
    /// The endpoint `hub.json` announces, once it is known.
    announced: std::sync::OnceLock<String>,
    shutdown: watch::Sender<bool>,
}

/// One publish, from any interface.
pub struct PublishCall<'a> {
    pub context: &'a ModuleContext,
    pub name: &'a str,
    pub payload: &'a str,
    pub global: bool,
    pub overrides: Option<&'a [String]>,
    pub token: Option<&'a str>,
}

impl Hub {
    pub fn secrets(&self) -> Arc<HubSecrets> {
        self.secrets
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Adopts new keys (a cluster's rotation) and announces the new API key.
    pub fn replace_secrets(&self, secrets: HubSecrets) {
        let api_key = secrets.api_key.clone();
        *self.secrets.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(secrets);
        if let Some(endpoint) = self.announced.get()
            && let Err(e) = state::write_hub_json(
                &self.config.state_dir,
                &HubJson {
                    endpoint: endpoint.clone(),
                    api_key,
                },
            )
        {
            tracing::warn!("{e:#}");
        }
    }

    /// Checks `Authorization: Bearer <api key>` in constant time.
    /// Admits the API key, or an admin browser session (the inspector); a scoped
    /// session is refused here, for every endpoint but the subscribe socket.
    pub fn authorize(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        match self.bearer(headers)? {
            Bearer::Key => Ok(()),
            Bearer::Session(s) if s.admin => Ok(()),
            Bearer::Session(_) => Err(session::Session::key_only("this endpoint")),
        }
    }

    /// Admits the API key only (minting sessions).
    pub fn authorize_key(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        match self.bearer(headers)? {
            Bearer::Key => Ok(()),
            Bearer::Session(_) => Err(session::Session::key_only("minting a session")),
        }
    }

    /// What the `Authorization: Bearer` header holds: the API key or a valid session.
    fn bearer(&self, headers: &HeaderMap) -> Result<Bearer, ApiError> {
        let Some(value) = headers.get(axum::http::header::AUTHORIZATION) else {
            return Err(ApiError::unauthorized(
                "missing Authorization header; send 'Authorization: Bearer <api key>' (the key is in the hub's hub.json)",
            ));
        };
        // The scheme is case-insensitive (RFC 7235).
        let given = value
            .to_str()
            .ok()
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, key)| key.trim())
            .unwrap_or("");
        if constant_time_eq(given.as_bytes(), self.secrets().api_key.as_bytes()) {
            return Ok(Bearer::Key);
        }
        if given.matches('.').count() == 2 {
            return self.session(given).map(Bearer::Session);
        }
        Err(ApiError::unauthorized(
            "wrong API key; use the apiKey from the hub's hub.json (or FRT_API_KEY)",
        ))
    }

    /// Verifies a browser session.
    pub fn session(&self, text: &str) -> Result<session::Session, ApiError> {
        session::verify(&self.secrets().signing, text, SystemTime::now())
    }

    /// Mints a browser session (the caller holds the API key).
    pub fn mint_session(
        &self,
        req: &crate::protocol::SessionRequest,
    ) -> Result<crate::protocol::SessionResponse, ApiError> {
        session::mint(&self.secrets().signing, req, SystemTime::now())
    }

    /// Reads the caller's module context from the `x-forge-context-token` header.
    pub fn context_from_headers(
        &self,
        headers: &HeaderMap,
    ) -> Result<Option<ModuleContext>, ApiError> {
        let Some(value) = headers.get(CONTEXT_HEADER) else {
            return Ok(None);
        };
        let text = value.to_str().map_err(|_| {
            ApiError::bad_request("INVALID_CONTEXT", format!("{CONTEXT_HEADER} is not ASCII"))
        })?;
        ModuleContext::from_header_value(text)
            .map(Some)
            .map_err(|e| ApiError::bad_request("INVALID_CONTEXT", e.to_string()))
    }

    /// Like [`Hub::context_from_headers`], but a missing header is an error.
    pub fn require_context(&self, headers: &HeaderMap) -> Result<ModuleContext, ApiError> {
        self.context_from_headers(headers)?.ok_or_else(|| {
            ApiError::bad_request(
                "INVALID_CONTEXT",
                format!(
                    "missing {CONTEXT_HEADER} header; send base64url JSON {{\"installationId\",\"moduleKey\",\"extension\"}}"
                ),
            )
        })
    }

    /// Takes one operation from the installation's budget.
    pub async fn rate(&self, installation: &str) -> Result<(), ApiError> {
        self.rate_n(installation, 1).await
    }

    /// Takes `n` operations from the installation's budget (the cluster's, under
    /// `--redis`), or says how long until they are there. `reserve` operations must
    /// stay available for others.
    pub async fn take_budget(
        &self,
        installation: &str,
        n: u32,
        reserve: u32,
    ) -> Result<Result<(), Duration>, ApiError> {
        match (&self.cluster, self.limiter.limit()) {
            (_, None) => Ok(Ok(())),
            (Some(cluster), Some(limit)) => cluster.rate(installation, n, reserve, limit).await,
            (None, Some(_)) => Ok(self.limiter.check_leaving(installation, n, reserve)),
        }
    }

    /// Waits for one operation of the installation's budget (publish streams are
    /// shaped rather than refused). A tenth of the budget is left for the
    /// installation's other operations, so a stream at full speed does not get a
    /// subscribe of the same installation refused.
    pub async fn wait_for_budget(&self, installation: &str) -> Result<(), ApiError> {
        let reserve = self.limiter.limit().map_or(0, |l| (l / 10).max(1));
        while let Err(wait) = self.take_budget(installation, 1, reserve).await? {
            Metrics::inc(&self.metrics.rate_limited);
            tokio::time::sleep(wait).await;
        }
        Ok(())
    }

    /// Takes `n` operations from the installation's budget, all or none, so a batch is
    /// either run whole or refused whole.
    pub async fn rate_n(&self, installation: &str, n: u32) -> Result<(), ApiError> {
        if let Some(limit) = self.limiter.limit()
            && n > limit
        {
            return Err(ApiError::bad_request(
                "RATE_LIMIT_EXCEEDED",
                format!(
                    "the request holds {n} operations; this hub admits at most {limit} per second per installation, so it could never run: split it"
                ),
            ));
        }
        self.take_budget(installation, n, 0).await?.map_err(|wait| {
            Metrics::inc(&self.metrics.rate_limited);
            ApiError::rate_limited(wait, self.limiter.limit().unwrap_or(0))
        })
    }

    /// Verifies a token for an operation on a channel by an installation, with the
    /// platform's codes, and returns its canonical claims (part of the channel key).
    pub fn check_token(
        &self,
        token: &str,
        channel: &str,
        installation: &str,
        op: Permission,
    ) -> Result<token::VerifiedToken, ApiError> {
        let result = token::verify(token, &self.secrets().signing).and_then(|decoded| {
            if decoded.installation() != Some(installation) {
                return Err(token::TokenError::new(
                    token::TokenErrorCode::InvalidToken,
                    "the token belongs to another installation",
                ));
            }
            decoded.check(Some(channel), Some(op), SystemTime::now())?;
            decoded.into_verified()
        });
        result.map_err(|e| {
            Metrics::inc(&self.metrics.tokens_rejected);
            ApiError::from(e)
        })
    }

    /// Resolves the channel key of a call, checking name, overrides and token.
    pub fn resolve_key(
        &self,
        context: &ModuleContext,
        name: &str,
        global: bool,
        overrides: Option<&[String]>,
        token: Option<&str>,
        op: Permission,
    ) -> Result<(ChannelKey, Option<token::VerifiedToken>), ApiError> {
        let key = unclaimed_key(context, name, global, overrides)?;
        self.claim_key(key, token, op)
    }

    /// Checks the token (if any) for `op` on the key's channel and makes its claims
    /// part of the key.
    pub fn claim_key(
        &self,
        mut key: ChannelKey,
        token: Option<&str>,
        op: Permission,
    ) -> Result<(ChannelKey, Option<token::VerifiedToken>), ApiError> {
        let verified = match token {
            Some(t) => Some(self.check_token(t, &key.name, &key.installation, op)?),
            None => None,
        };
        key.claims = verified.as_ref().map(|v| v.claims_canonical.clone());
        Ok((key, verified))
    }

    /// The shared publish path. The rate limit is applied by the caller, because REST
    /// refuses with 429 while the socket stream waits.
    /// Connections to wake are collected in `wakes` (woken when it is dropped at the
    /// latest), so a batch of publishes wakes each subscriber once.
    pub async fn publish(
        &self,
        call: &PublishCall<'_>,
        wakes: &mut Wakes,
    ) -> Result<PublishResult, ApiError> {
        // The name is checked once, by the key; the payload before the token.
        let key = unclaimed_key(call.context, call.name, call.global, call.overrides)?;
        self.check_payload(call.payload)?;
        let (key, _) = self.claim_key(key, call.token, Permission::Publish)?;
        let published = match &self.cluster {
            Some(cluster) => self.publish_in_cluster(cluster, &key, call.payload).await?,
            None => self.broker.publish(&key, call.payload, wakes),
        };
        Ok(match published {
            Some(p) => PublishResult {
                event_id: Some(p.id.to_string()),
                event_timestamp: Some(p.timestamp_ms.to_string()),
                hints: Vec::new(),
            },
            None => PublishResult {
                event_id: None,
                event_timestamp: None,
                hints: match &self.cluster {
                    Some(cluster) => cluster.publish_hints(self, &key).await,
                    None => self.broker.publish_hints(&key),
                },
            },
        })
    }

    /// A publish through the cluster's Redis, which delivers it to this hub's
    /// subscribers too and tells every hub's taps.
    pub async fn publish_in_cluster(
        &self,
        cluster: &cluster::Cluster,
        key: &ChannelKey,
        payload: &str,
    ) -> Result<Option<broker::Published>, ApiError> {
        let published = cluster
            .publish(key, payload)
            .await?
            .map(|(id, timestamp_ms, hubs)| broker::Published {
                id,
                timestamp_ms,
                receivers: hubs,
            });
        match published {
            Some(_) => Metrics::inc(&self.metrics.events_published),
            None => Metrics::inc(&self.metrics.publishes_no_subscriber),
        }
        Ok(published)
    }

    /// Refuses a payload over the hub's limit (413).
    pub fn check_payload(&self, payload: &str) -> Result<(), ApiError> {
        if payload.len() > self.config.max_payload {
            return Err(ApiError::too_large(format!(
                "payload is {} bytes; this hub accepts up to {} (frt serve --max-payload)",
                payload.len(),
                self.config.max_payload
            )));
        }
        Ok(())
    }

    /// The shared token-signing path (rate limit applied by the caller).
    pub fn sign_token(
        &self,
        context: &ModuleContext,
        req: &TokenRequest,
    ) -> Result<TokenResponse, ApiError> {
        crate::channel::validate_channel_name(&req.channel_name)?;
        let signed = token::sign_request(
            &self.secrets().signing,
            &context.installation_id,
            req,
            self.config.token_ttl,
            SystemTime::now(),
        )
        .map_err(|refusal| match refusal {
            token::SignRefusal::Invalid { code, message } => ApiError::bad_request(code, message),
            token::SignRefusal::Internal(message) => ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL_ERROR",
                message,
            ),
        })?;
        Metrics::inc(&self.metrics.tokens_signed);
        Ok(signed)
    }

    /// A receiver that flips to `true` when the hub shuts down.
    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }
}

/// The channel key of a call before any token is checked: name, plane, scope and
/// overrides, each checked here and nowhere else.
pub fn unclaimed_key(
    context: &ModuleContext,
    name: &str,
    global: bool,
    overrides: Option<&[String]>,
) -> Result<ChannelKey, ApiError> {
    if global {
        if overrides.is_some() {
            return Err(ApiError::bad_request(
                "INVALID_CONTEXT_OVERRIDE",
                "context overrides do not apply to global channels; drop them",
            ));
        }
        return Ok(ChannelKey::global(name, &context.installation_id, None)?);
    }
    let overrides = overrides.map(parse_overrides).transpose()?;
    Ok(ChannelKey::scoped(name, context, overrides.as_ref(), None)?)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

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
        self.hub.secrets().api_key.clone()
    }

    /// Stops accepting, answers requests in flight, closes every WebSocket with 1001
    /// and a reason, and waits (a few seconds at most) for connections to finish.
    pub async fn shutdown(self) -> Result<()> {
        if self.hub.config.announce
            && let Err(e) = state::withdraw_hub_json(&self.hub.config.state_dir, &self.endpoint())
        {
            tracing::warn!("{e:#}");
        }
        let _ = self.hub.shutdown.send(true);
        let server = tokio::time::timeout(Duration::from_secs(10), self.server).await;
        for task in &self.background {
            task.abort();
        }
        if let Some(cluster) = &self.hub.cluster {
            cluster.leave().await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), self.hub.shutdown.closed()).await;
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

/// Which channel keys a listing (`frt channels`) or a tap (`frt tap`) is about: an
/// installation, a glob on the name, a plane. One definition, so both read their
/// filters the same way and refuse a bad glob with the same words.
#[derive(Debug, Clone, Default)]
pub struct KeyFilter {
    installation: Option<String>,
    name: Option<glob::Pattern>,
    /// `Some(true)`: the global plane only; `Some(false)`: the scoped plane only.
    global: Option<bool>,
}

impl KeyFilter {
    pub fn new(
        installation: Option<String>,
        name: Option<&str>,
        global: Option<bool>,
    ) -> Result<KeyFilter, ApiError> {
        let name = match name {
            Some(n) => Some(glob::Pattern::new(n).map_err(|e| {
                ApiError::bad_request(
                    "INVALID_REQUEST",
                    format!("name pattern {n:?} is not a valid glob: {e}"),
                )
            })?),
            None => None,
        };
        Ok(KeyFilter {
            installation,
            name,
            global,
        })
    }

    pub fn matches(&self, key: &ChannelKey) -> bool {
        self.installation
            .as_deref()
            .is_none_or(|i| key.installation == i)
            && self.name.as_ref().is_none_or(|p| p.matches(&key.name))
            && self.global.is_none_or(|g| key.is_global() == g)
    }
}

/// Who a request's bearer is.
enum Bearer {
    Key,
    Session(session::Session),
}

/// Binds and starts a hub on the current tokio runtime.
pub async fn start(config: HubConfig) -> Result<RunningHub> {
    let mut secrets = state::load_or_create_secrets(&config.state_dir)?;
    let mut joined = None;
    if let Some(url) = &config.redis {
        let (cluster, shared, epoch) = cluster::Cluster::join(
            url,
            secrets,
            config.rotate_keys,
            config.replay_window,
            config.replay_max_events,
        )
        .await?;
        secrets = shared;
        cluster.compare_settings(&config).await;
        joined = Some((cluster, epoch));
    }
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
    if config.announce {
        state::write_hub_json(
            &config.state_dir,
            &HubJson {
                endpoint: endpoint_for(addr, tls.is_some()),
                api_key: secrets.api_key.clone(),
            },
        )?;
    }
    let epoch = match &joined {
        Some((_, epoch)) => *epoch,
        None => {
            let mut epoch_bytes = [0u8; 4];
            getrandom::fill(&mut epoch_bytes)
                .map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
            u32::from_le_bytes(epoch_bytes)
        }
    };
    let metrics = Arc::new(Metrics::default());
    let broker = Broker::new(
        BrokerConfig {
            replay_window: config.replay_window,
            replay_max_events: config.replay_max_events,
            replay_max_bytes: config.replay_max_bytes(),
            grace: config.grace,
            clock: config.clock.clone(),
        },
        epoch,
        metrics.clone(),
    );
    let (shutdown, _) = watch::channel(false);
    let hub = Arc::new(Hub {
        limiter: RateLimiter::new(config.rate_limit),
        config,
        broker,
        metrics,
        secrets: RwLock::new(Arc::new(secrets)),
        cluster: joined.as_ref().map(|(c, _)| c.clone()),
        announced: std::sync::OnceLock::new(),
        shutdown,
    });
    if hub.config.announce {
        let _ = hub.announced.set(endpoint_for(addr, tls.is_some()));
    }

    let sweep_every =
        (hub.config.grace / 4).clamp(Duration::from_millis(50), Duration::from_secs(1));
    let sweeper = {
        let hub = hub.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(sweep_every);
            loop {
                tick.tick().await;
                hub.broker.sweep();
                hub.limiter.sweep();
            }
        })
    };
    let mut background = vec![sweeper];
    if let Some(cluster) = &hub.cluster {
        background.extend(cluster.start(&hub, endpoint_for(addr, tls.is_some())));
        tracing::info!(
            hub = %cluster.hub_id,
            redis = %cluster.redacted_url,
            "joined the cluster"
        );
    }

    let app = http::router(hub.clone());
    let server = tokio::spawn(listener::serve(
        listener,
        app,
        hub.shutdown_signal(),
        hub.config.max_pending,
        hub.config.header_timeout,
        tls,
    ));
    tracing::info!(%addr, epoch = %crate::protocol::format_epoch_tag(epoch), "hub listening");
    Ok(RunningHub {
        addr,
        hub,
        server,
        background,
    })
}
