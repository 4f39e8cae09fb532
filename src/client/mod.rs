//! The shared client core: where the hub is, how to authenticate, and the calls every
//! subcommand makes (publish, publish_global, sign_token, subscribe), with bounded
//! retries and the platform's error codes.

pub mod publisher;
pub mod subscribe;

use std::path::PathBuf;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, RETRY_AFTER};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Error;
pub use subscribe::{ReceivedEvent, StreamItem, SubscribeOptions, Subscription};

use crate::channel::ModuleContext;
use crate::protocol::{
    CONTEXT_HEADER, ErrorBody, PUBLISH_GLOBAL_PATH, PUBLISH_PATH, PublishOptions, PublishRequest,
    PublishResult, TOKEN_PATH, TokenRequest, TokenResponse,
};
use crate::state;

/// How to reach a hub, before resolution.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    pub endpoint: Option<String>,
    pub api_key: Option<String>,
    pub state_dir: Option<PathBuf>,
    pub request_timeout: Option<Duration>,
    /// Attempts after the first, for retryable failures.
    pub retries: Option<u32>,
    /// Log each request (API key redacted) to stderr.
    pub verbose: bool,
    /// Inside a Forge container: the platform's egress proxy, used instead of a hub.
    pub forge_proxy: Option<String>,
    /// The Forge invocation id the proxy authorizes (`FORGE_INVOCATION_ID`).
    pub invocation_id: Option<String>,
    /// How an https:// hub's certificate is checked.
    pub trust: crate::tls::Trust,
}

/// A resolved hub: where it is and the key to use.
#[derive(Clone)]
pub struct Client {
    /// The hub, or several (`--endpoint a,b`): tried in order, moving on when one
    /// cannot be reached (shared, so every clone of this client moves together).
    endpoints: std::sync::Arc<Vec<String>>,
    current: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    api_key: String,
    http: reqwest::Client,
    /// For wss:// subscriptions: the same trust as the HTTP calls (https only).
    tls: Option<std::sync::Arc<rustls::ClientConfig>>,
    request_timeout: Duration,
    retries: u32,
    verbose: bool,
    /// Set when talking to the Forge egress proxy rather than a hub.
    forge_invocation: Option<String>,
    /// Set when the hub was found through `hub.json`: a restarted hub may announce a
    /// new address there, so a long-lived client looks again before reconnecting.
    discovered_from: Option<ConnectOptions>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint())
            .field("api_key", &"<redacted>")
            .finish()
    }
}

/// One publish.
#[derive(Debug, Clone)]
pub struct Publish {
    pub channel: String,
    pub payload: String,
    pub global: bool,
    pub context: ModuleContext,
    pub overrides: Option<Vec<String>>,
    pub token: Option<String>,
}

impl Publish {
    /// A publish on the scoped plane, with no overrides and no token.
    pub fn new(
        channel: impl Into<String>,
        payload: impl Into<String>,
        context: ModuleContext,
    ) -> Publish {
        Publish {
            channel: channel.into(),
            payload: payload.into(),
            global: false,
            context,
            overrides: None,
            token: None,
        }
    }

    /// On the global plane instead (`publish-global`).
    pub fn global(mut self, global: bool) -> Publish {
        self.global = global;
        self
    }

    pub fn overrides(mut self, overrides: Option<Vec<String>>) -> Publish {
        self.overrides = overrides;
        self
    }

    pub fn token(mut self, token: Option<String>) -> Publish {
        self.token = token;
        self
    }
}

/// Filters for [`Client::channels`].
#[derive(Debug, Clone, Default)]
pub struct ChannelFilter {
    pub installation: Option<String>,
    pub name: Option<String>,
    pub global: Option<bool>,
    pub show_claims: bool,
    /// Only the keys of the hub asked (a cluster answers for every hub otherwise).
    pub this_hub: bool,
}

/// Percent-encodes a query value (everything but unreserved characters).
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One token to sign.
#[derive(Debug, Clone)]
pub struct SignRequest {
    pub channel: String,
    pub claims: serde_json::Value,
    pub permissions: Option<Vec<crate::token::Permission>>,
    pub ttl: Option<Duration>,
    pub context: ModuleContext,
}

impl SignRequest {
    /// The body of `POST /token`.
    pub fn to_wire(&self) -> TokenRequest {
        TokenRequest {
            channel_name: self.channel.clone(),
            claims: self.claims.clone(),
            permissions: self
                .permissions
                .as_ref()
                .map(|ps| ps.iter().map(|p| p.as_str().to_string()).collect()),
            ttl_seconds: self.ttl.map(|d| d.as_secs().max(1)),
        }
    }
}

/// Finds the endpoint and API key: flag, then environment (clap fills both into
/// `opts`), then the state directory's `hub.json`.
pub fn resolve(opts: &ConnectOptions) -> Result<(String, String), Error> {
    let dir = opts.state_dir.clone().or_else(state::default_state_dir);
    let hub_json = match &dir {
        Some(d) => state::read_hub_json(d).map_err(|e| Error::Config(format!("{e:#}")))?,
        None => None,
    };
    let endpoint = match (&opts.endpoint, &hub_json) {
        (Some(e), _) => e.trim_end_matches('/').to_string(),
        (None, Some(h)) => h.endpoint.trim_end_matches('/').to_string(),
        (None, None) => {
            let where_ = dir
                .as_deref()
                .map(|d| d.join(state::HUB_JSON).display().to_string())
                .unwrap_or_else(|| "the state directory".into());
            return Err(Error::Config(format!(
                "no hub configured — start one with 'frt serve' (it writes {where_}) or set FRT_ENDPOINT and FRT_API_KEY"
            )));
        }
    };
    // Several endpoints (failover) are comma-separated; each must be a URL.
    for one in endpoint.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        if !(one.starts_with("http://") || one.starts_with("https://")) {
            return Err(Error::Usage(format!(
                "endpoint \"{one}\" must start with http:// or https://"
            )));
        }
    }
    // hub.json's key goes with its hub: to it, or to a failover list that names it
    // (hubs listed together share a key, as a cluster's do).
    let listed = |hub: &str| {
        endpoint
            .split(',')
            .any(|e| e.trim().trim_end_matches('/') == hub.trim_end_matches('/'))
    };
    let api_key = match (&opts.api_key, &hub_json) {
        (Some(k), _) => k.clone(),
        (None, Some(h)) if listed(&h.endpoint) => h.api_key.clone(),
        _ => {
            return Err(Error::Config(format!(
                "no API key for {endpoint} — pass --api-key or set FRT_API_KEY (a local hub's key is in its hub.json)"
            )));
        }
    };
    Ok((endpoint, api_key))
}

impl Client {
    /// Resolves the hub and builds a client. Cheap: no network, and no TLS roots are
    /// loaded for an `http://` endpoint.
    pub fn from_options(opts: &ConnectOptions) -> Result<Client, Error> {
        if let Some(proxy) = &opts.forge_proxy {
            let invocation = opts.invocation_id.clone().filter(|i| !i.is_empty()).ok_or_else(|| {
                Error::Usage(
                    "the Forge egress proxy needs the invocation id: set FORGE_INVOCATION_ID or pass --invocation-id".into(),
                )
            })?;
            if !(proxy.starts_with("http://") || proxy.starts_with("https://")) {
                return Err(Error::Usage(format!(
                    "Forge egress proxy \"{proxy}\" must start with http:// or https://"
                )));
            }
            let mut client = Client::new(proxy.clone(), String::new(), opts)?;
            client.forge_invocation = Some(invocation);
            return Ok(client);
        }
        let (endpoint, api_key) = resolve(opts)?;
        let mut client = Client::new(endpoint, api_key, opts)?;
        if opts.endpoint.is_none() {
            client.discovered_from = Some(opts.clone());
        }
        Ok(client)
    }

    /// The hub `hub.json` names now, when this client found its hub there and the
    /// announcement has changed (a restart on another port); `None` otherwise.
    pub fn rediscovered(&self) -> Option<Client> {
        let opts = self.discovered_from.as_ref()?;
        let (endpoint, api_key) = resolve(opts).ok()?;
        if endpoint == self.endpoint() && api_key == self.api_key {
            return None;
        }
        let mut client = Client::new(endpoint, api_key, opts).ok()?;
        client.discovered_from = Some(opts.clone());
        Some(client)
    }

    /// The TLS configuration of an https:// hub.
    pub fn tls_config(&self) -> Option<&std::sync::Arc<rustls::ClientConfig>> {
        self.tls.as_ref()
    }

    /// Whether calls go to the Forge egress proxy (no hub-only features there).
    pub fn is_forge_proxy(&self) -> bool {
        self.forge_invocation.is_some()
    }

    fn hub_only(&self, what: &str) -> Result<(), Error> {
        if self.is_forge_proxy() {
            return Err(Error::needs_hub(what));
        }
        Ok(())
    }

    pub fn new(endpoint: String, api_key: String, opts: &ConnectOptions) -> Result<Client, Error> {
        let endpoints: Vec<String> = endpoint
            .split(',')
            .map(|e| e.trim().trim_end_matches('/').to_string())
            .filter(|e| !e.is_empty())
            .collect();
        if endpoints.is_empty() {
            return Err(Error::Usage(
                "the endpoint is empty; give a hub URL such as http://127.0.0.1:7878".into(),
            ));
        }
        let request_timeout = opts.request_timeout.unwrap_or(Duration::from_secs(10));
        let mut builder = reqwest::Client::builder()
            .connect_timeout(request_timeout)
            .timeout(request_timeout)
            .tcp_nodelay(true)
            .pool_idle_timeout(Duration::from_secs(30));
        if endpoints.iter().all(|e| is_loopback(e)) {
            // A proxy from the environment must never capture traffic to a local hub.
            builder = builder.no_proxy();
        }
        // Trust is set up only for https: a plain loopback call loads no roots.
        let tls = if endpoints.iter().any(|e| e.starts_with("https://")) {
            let config = crate::tls::client_config(&opts.trust).map_err(Error::Usage)?;
            builder = builder.use_preconfigured_tls((*config).clone());
            Some(config)
        } else {
            None
        };
        let http = builder
            .build()
            .map_err(|e| Error::Other(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            endpoints: std::sync::Arc::new(endpoints),
            current: Default::default(),
            api_key,
            http,
            tls,
            request_timeout,
            retries: opts.retries.unwrap_or(4),
            verbose: opts.verbose,
            forge_invocation: None,
            discovered_from: None,
        })
    }

    /// The hub in use now.
    pub fn endpoint(&self) -> &str {
        let at = self.current.load(std::sync::atomic::Ordering::Relaxed);
        &self.endpoints[at % self.endpoints.len()]
    }

    /// Moves on to the next of several endpoints (after one could not be reached).
    pub fn fail_over(&self) {
        if self.endpoints.len() < 2 {
            return;
        }
        let next = self
            .current
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        if self.verbose {
            eprintln!(
                "trying the next endpoint: {}",
                self.endpoints[next % self.endpoints.len()]
            );
        }
    }

    pub(crate) fn api_key(&self) -> &str {
        &self.api_key
    }

    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
    }

    pub fn verbose(&self) -> bool {
        self.verbose
    }

    /// Publishes to the scoped or the global plane.
    pub async fn publish(&self, p: &Publish) -> Result<PublishResult, Error> {
        let path = if p.global {
            PUBLISH_GLOBAL_PATH
        } else {
            PUBLISH_PATH
        };
        let body = PublishRequest {
            name: p.channel.clone(),
            payload: p.payload.clone(),
            options: PublishOptions {
                token: p.token.clone(),
                context_overrides: p.overrides.clone(),
            },
        };
        self.post(path, &body, &p.context).await
    }

    /// Signs a channel token.
    pub async fn sign_token(&self, r: &SignRequest) -> Result<TokenResponse, Error> {
        self.post(TOKEN_PATH, &r.to_wire(), &r.context).await
    }

    /// Mints a browser session (frt extension; the API key only).
    pub async fn mint_session(
        &self,
        req: &crate::protocol::SessionRequest,
    ) -> Result<crate::protocol::SessionResponse, Error> {
        self.hub_only("a browser session")?;
        let context =
            ModuleContext::new(crate::cli::DEFAULT_INSTALLATION, crate::cli::DEFAULT_MODULE);
        self.post(crate::protocol::SESSION_PATH, req, &context)
            .await
    }

    /// Lists the hub's live channel keys.
    pub async fn channels(
        &self,
        filter: &ChannelFilter,
    ) -> Result<crate::protocol::ChannelList, Error> {
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(i) = &filter.installation {
            query.push(("installation", i.clone()));
        }
        if let Some(n) = &filter.name {
            query.push(("name", n.clone()));
        }
        if let Some(g) = filter.global {
            query.push(("global", g.to_string()));
        }
        if filter.show_claims {
            query.push(("showClaims", "true".into()));
        }
        if filter.this_hub {
            query.push(("thisHub", "true".into()));
        }
        let encoded = query
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let path = if encoded.is_empty() {
            crate::protocol::CHANNELS_PATH.to_string()
        } else {
            format!("{}?{encoded}", crate::protocol::CHANNELS_PATH)
        };
        let text = self.get_text(&path).await?;
        serde_json::from_str(&text).map_err(|e| {
            Error::Protocol(format!(
                "the hub's channel list is not what frt expects: {e}"
            ))
        })
    }

    /// GET with the API key, returning the body text.
    pub async fn get_text(&self, path: &str) -> Result<String, Error> {
        self.hub_only(path)?;
        let call = || async {
            // Built per attempt: a retry may go to the next of several endpoints.
            let url = format!("{}{path}", self.endpoint());
            let resp = self
                .http
                .get(&url)
                .header(AUTHORIZATION, self.bearer())
                .send()
                .await;
            let resp = match resp {
                Ok(r) => r,
                Err(e) => return Err(self.send_error(e).await),
            };
            let status = resp.status().as_u16();
            let retry_after = parse_retry_after(resp.headers());
            let text = resp.text().await.map_err(|e| self.transport_error(e))?;
            if status == 200 {
                Ok(text)
            } else {
                Err(error_from_body(status, &text, retry_after))
            }
        };
        self.with_retries(call).await
    }

    /// POSTs JSON with auth and context headers, retrying what is safe to retry.
    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        context: &ModuleContext,
    ) -> Result<T, Error> {
        let url = format!("{}{path}", self.endpoint());
        let body = serde_json::to_vec(body).map_err(|e| Error::Other(e.to_string()))?;
        let context = context.to_header_value();
        if self.verbose {
            eprintln!(
                "> POST {url}\n> authorization: Bearer <redacted>\n> {CONTEXT_HEADER}: {context}\n> {}",
                redacted_body(&body)
            );
        }
        let call = || async {
            // Built per attempt: a retry may go to the next of several endpoints.
            let url = format!("{}{path}", self.endpoint());
            let request = self
                .http
                .post(&url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.clone());
            let request = match &self.forge_invocation {
                // The container egress API: the platform knows the caller's context.
                Some(id) => {
                    request.header("forge-proxy-authorization", format!("Forge as=app,id={id}"))
                }
                None => request
                    .header(AUTHORIZATION, self.bearer())
                    .header(CONTEXT_HEADER, context.as_str()),
            };
            let resp = match request.send().await {
                Ok(r) => r,
                Err(e) => return Err(self.send_error(e).await),
            };
            let status = resp.status().as_u16();
            let retry_after = parse_retry_after(resp.headers());
            let bytes = resp.bytes().await.map_err(|e| self.transport_error(e))?;
            if self.verbose {
                // A signed token comes back in the answer: redacted like the request's.
                eprintln!("< {status} {}", redacted_body(&bytes));
            }
            if status == 200 {
                serde_json::from_slice(&bytes).map_err(|e| {
                    Error::Protocol(format!("the hub's answer is not what frt expects: {e}"))
                })
            } else {
                let refused =
                    error_from_body(status, &String::from_utf8_lossy(&bytes), retry_after);
                Err(if self.is_forge_proxy() {
                    refused.refused_by_proxy()
                } else {
                    refused
                })
            }
        };
        self.with_retries(call).await
    }

    /// Runs `call` with exponential backoff and jitter on retryable errors, honouring
    /// the hub's Retry-After. A 429 that outlasts the retries becomes `RateLimited`.
    pub async fn with_retries<T, F, Fut>(&self, call: F) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, Error>>,
    {
        // Requests sent: the first, plus one per retry actually made.
        let mut attempts = 1u32;
        let policy = ExponentialBuilder::default()
            .with_min_delay(Duration::from_millis(50))
            .with_max_delay(Duration::from_secs(5))
            .with_max_times(self.retries as usize)
            .with_jitter();
        let verbose = self.verbose;
        let result = call
            .retry(policy)
            .sleep(tokio::time::sleep)
            .when(|e: &Error| e.is_retryable())
            .adjust(|e: &Error, delay| {
                if delay.is_some() {
                    attempts += 1;
                }
                match (e.retry_after(), delay) {
                    (_, None) => None,
                    (Some(after), Some(_)) => Some(after.min(Duration::from_secs(30))),
                    (None, d) => d,
                }
            })
            .notify(|e: &Error, delay| {
                if verbose {
                    eprintln!("retrying in {} ms: {e}", delay.as_millis());
                }
                // A hub that cannot be reached, or that says it cannot serve (a
                // cluster hub without its Redis): the next endpoint may.
                if matches!(
                    e,
                    Error::Unreachable { .. } | Error::Rejected { status: 503, .. }
                ) {
                    self.fail_over();
                }
            })
            .await;
        result.map_err(|e| match e {
            Error::Rejected {
                status: 429,
                message,
                ..
            } => Error::RateLimited { message, attempts },
            other => other,
        })
    }

    fn bearer(&self) -> HeaderValue {
        let mut v = HeaderValue::from_str(&format!("Bearer {}", self.api_key))
            .unwrap_or_else(|_| HeaderValue::from_static("Bearer invalid"));
        v.set_sensitive(true);
        v
    }

    /// A request that could not be sent. When a TLS handshake with an `https://`
    /// endpoint fails, one plain-HTTP probe tells a hub that speaks plain HTTP (name
    /// the mismatch) from one that is not there.
    async fn send_error(&self, e: reqwest::Error) -> Error {
        if e.is_connect()
            && let Some(plain) = self.endpoint().strip_prefix("https://")
        {
            let cause = root_cause(&e).to_ascii_lowercase();
            let tls_failed = ["handshake", "invalidcontenttype", "corrupt message"]
                .iter()
                .any(|s| cause.contains(s));
            let probe = reqwest::Client::builder()
                .no_proxy()
                .timeout(Duration::from_secs(1))
                .build();
            if tls_failed
                && let Ok(probe) = probe
                && probe
                    .get(format!("http://{plain}/healthz"))
                    .send()
                    .await
                    .is_ok()
            {
                return Error::Config(format!(
                    "the hub at {} speaks plain HTTP, not HTTPS; use http://{plain}",
                    self.endpoint()
                ));
            }
        }
        self.transport_error(e)
    }

    fn transport_error(&self, e: reqwest::Error) -> Error {
        if e.is_timeout() {
            Error::Timeout {
                endpoint: self.endpoint().to_string(),
                after: self.request_timeout,
            }
        } else if e.is_connect() {
            Error::Unreachable {
                endpoint: self.endpoint().to_string(),
                detail: root_cause(&e),
            }
        } else {
            scheme_mismatch(self.endpoint(), &root_cause(&e))
                .unwrap_or_else(|| Error::ConnectionLost(root_cause(&e)))
        }
    }
}

/// A plain-HTTP request answered with TLS bytes (the hub serves HTTPS): said so, with
/// the endpoint to use instead of a lost connection.
pub(crate) fn scheme_mismatch(endpoint: &str, detail: &str) -> Option<Error> {
    let rest = endpoint.strip_prefix("http://")?;
    let lower = detail.to_ascii_lowercase();
    (lower.contains("invalid http version") || lower.contains("httparse")).then(|| {
        Error::Config(format!(
            "the hub at {endpoint} speaks HTTPS, not plain HTTP; use https://{rest}"
        ))
    })
}

/// A request body for verbose logs, with any token replaced.
fn redacted_body(body: &[u8]) -> String {
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return String::from_utf8_lossy(body).into_owned();
    };
    for path in ["/token", "/options/token", "/session"] {
        if let Some(slot) = value.pointer_mut(path).filter(|v| v.is_string()) {
            *slot = serde_json::Value::String("<redacted>".into());
        }
    }
    value.to_string()
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    if let Some(ms) = headers
        .get("x-retry-after-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        return Some(Duration::from_millis(ms));
    }
    headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// Turns an error answer into a typed error, whatever its body looks like.
pub fn error_from_body(status: u16, body: &str, retry_after: Option<Duration>) -> Error {
    let (code, message) = match serde_json::from_str::<ErrorBody>(body) {
        Ok(b) if !b.errors.is_empty() => (b.errors[0].code.clone(), b.errors[0].message.clone()),
        _ => (
            format!("HTTP_{status}"),
            body.lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(200)
                .collect(),
        ),
    };
    Error::from_response(status, code, message, retry_after)
}

/// Whether an endpoint points at this machine.
pub fn is_loopback(endpoint: &str) -> bool {
    let rest = endpoint
        .strip_prefix("http://")
        .or_else(|| endpoint.strip_prefix("https://"))
        .unwrap_or(endpoint);
    let host = rest.split('/').next().unwrap_or("");
    let host = host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host);
    matches!(host, "localhost" | "[::1]") || host.starts_with("127.")
}
