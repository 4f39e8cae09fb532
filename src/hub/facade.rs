//! `Hub`: what every interface shares, so REST, GraphQL and WebSocket calls behave the
//! same: who the caller is (the API key, a session), their context, the rate budget,
//! tokens and the channel key, then the engine for publishing and signing.

use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode};
use tokio::sync::watch;

use crate::channel::{ChannelKey, ModuleContext, parse_overrides};
use crate::hub::body::BodyLimit;
use crate::hub::broker::{PublishTarget, Published};
use crate::hub::clock::{Clock, ClockExt};
use crate::hub::config::HubConfig;
use crate::hub::credentials::{Authority, Credentials};
use crate::hub::engine::{Budget, Engine, Outcome};
use crate::hub::error::ApiError;
use crate::hub::hints::Hint;
use crate::hub::metrics::Metrics;
use crate::hub::outbox::Wakes;
use crate::hub::session::{self, Session};
use crate::protocol::{
    CONTEXT_HEADER, PublishResult, SessionRequest, SessionResponse, TokenRequest, TokenResponse,
    VerifyResponse,
};
use crate::token::{self, Permission, TokenError, TokenErrorCode};

/// The shared state of one running hub.
pub struct Hub {
    pub config: HubConfig,
    pub engine: Arc<Engine>,
    pub credentials: Arc<Credentials>,
    pub metrics: Arc<Metrics>,
    pub clock: Arc<dyn Clock>,
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
    pub fn new(
        config: HubConfig,
        engine: Arc<Engine>,
        credentials: Arc<Credentials>,
        metrics: Arc<Metrics>,
    ) -> Hub {
        Hub {
            clock: config.clock.clone(),
            config,
            engine,
            credentials,
            metrics,
            shutdown: watch::channel(false).0,
        }
    }

    /// Admits the API key, or an admin browser session (the inspector); a scoped
    /// session is refused here, for every endpoint but the subscribe socket.
    pub fn authorize(&self, headers: &HeaderMap) -> Result<Authority, ApiError> {
        let authority = self.credentials.bearer(headers, self.clock.system_time())?;
        if !authority.is_unrestricted() {
            return Err(Session::key_only("this endpoint"));
        }
        Ok(authority)
    }

    /// Admits the API key only (minting sessions).
    pub fn authorize_key(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        match self.credentials.bearer(headers, self.clock.system_time())? {
            Authority::ApiKey(_) => Ok(()),
            Authority::Session(session, _) => Err(session.mint_refused()),
        }
    }

    /// Verifies a browser session.
    pub fn session(&self, text: &str) -> Result<Authority, ApiError> {
        self.credentials.session(text, self.clock.system_time())
    }

    /// Mints a browser session (the caller holds the API key).
    pub fn mint_session(&self, req: &SessionRequest) -> Result<SessionResponse, ApiError> {
        session::mint(
            &self.credentials.current().signing,
            req,
            self.clock.system_time(),
        )
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

    /// How large a request body may be.
    pub fn body_limit(&self) -> BodyLimit {
        BodyLimit {
            max_request_bytes: self.config.max_request_bytes(),
            max_payload: self.config.max_payload,
        }
    }

    /// Takes one operation from the installation's budget, or refuses with 429.
    pub async fn rate(&self, installation: &str) -> Result<(), ApiError> {
        self.rate_n(installation, 1).await
    }

    /// Takes `n` operations from the installation's budget, all or none, so a batch is
    /// either run whole or refused whole.
    pub async fn rate_n(&self, installation: &str, n: u32) -> Result<(), ApiError> {
        if let Some(limit) = self.config.rate_limit.filter(|l| *l > 0)
            && n > limit
        {
            return Err(ApiError::bad_request(
                "RATE_LIMIT_EXCEEDED",
                format!(
                    "the request holds {n} operations; this hub admits at most {limit} per second per installation, so it could never run: split it"
                ),
            ));
        }
        self.engine
            .take_budget(installation, n, 0)
            .await?
            .map_err(|wait| {
                Metrics::inc(&self.metrics.rate_limited);
                ApiError::rate_limited(wait, self.config.rate_limit.unwrap_or(0))
            })
    }

    /// One operation for a publisher that waits for its budget rather than being
    /// refused (a stream over the socket). A tenth of the budget is left for the
    /// installation's other operations, so a stream at full speed does not get a
    /// subscribe of the same installation refused. A wait is counted as rate-limited.
    pub fn stream_budget(&self, installation: &str) -> Outcome<Budget> {
        let reserve = self
            .config
            .rate_limit
            .filter(|l| *l > 0)
            .map_or(0, |l| (l / 10).max(1));
        let metrics = self.metrics.clone();
        self.engine
            .take_budget(installation, 1, reserve)
            .map(move |budget| {
                if matches!(budget, Ok(Err(_))) {
                    Metrics::inc(&metrics.rate_limited);
                }
                budget
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
        let signing = &self.credentials.current().signing;
        let result = token::verify(token, signing).and_then(|decoded| {
            if decoded.installation() != Some(installation) {
                return Err(TokenError::new(
                    TokenErrorCode::InvalidToken,
                    "the token belongs to another installation",
                ));
            }
            decoded.check(Some(channel), Some(op), self.clock.system_time())?;
            decoded.into_verified()
        });
        result.map_err(|e| {
            Metrics::inc(&self.metrics.tokens_rejected);
            ApiError::from(e)
        })
    }

    /// `POST /token/verify`: a token's signature, installation (when a context is
    /// given) and expiry, as a verdict rather than an error.
    pub fn verify_token(&self, token: &str, context: Option<&ModuleContext>) -> VerifyResponse {
        let signing = &self.credentials.current().signing;
        let verdict = token::verify(token, signing).and_then(|decoded| {
            if let Some(ctx) = context
                && decoded.installation() != Some(ctx.installation_id.as_str())
            {
                return Err(TokenError::new(
                    TokenErrorCode::InvalidToken,
                    "the token belongs to another installation",
                ));
            }
            decoded.check(None, None, self.clock.system_time())
        });
        match verdict {
            Ok(()) => VerifyResponse {
                valid: true,
                code: None,
                message: None,
            },
            Err(e) => VerifyResponse {
                valid: false,
                code: Some(e.code.as_str().to_string()),
                message: Some(e.message),
            },
        }
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

    /// The key a publish goes to, its name, payload and token checked (the name once,
    /// by the key; the payload before the token).
    pub fn publish_key(
        &self,
        call: &PublishCall<'_>,
    ) -> Result<(ChannelKey, Option<token::VerifiedToken>), ApiError> {
        let key = unclaimed_key(call.context, call.name, call.global, call.overrides)?;
        self.check_payload(call.payload)?;
        self.claim_key(key, call.token, Permission::Publish)
    }

    /// The shared publish path. The rate limit is applied by the caller, because REST
    /// refuses with 429 while the socket stream waits.
    pub async fn publish(
        &self,
        call: &PublishCall<'_>,
        wakes: &mut Wakes,
    ) -> Result<PublishResult, ApiError> {
        let (key, _) = self.publish_key(call)?;
        let mut target = PublishTarget::new(Arc::new(key));
        self.publish_to(&mut target, call.payload, wakes).await
    }

    /// Publishes on a resolved key and answers as the platform does, with hints when
    /// nobody was subscribed. Connections to wake are collected in `wakes`, so a batch
    /// of publishes wakes each subscriber once.
    pub fn publish_to(
        &self,
        target: &mut PublishTarget,
        payload: &str,
        wakes: &mut Wakes,
    ) -> Outcome<Result<PublishResult, ApiError>> {
        let engine = self.engine.clone();
        let key = target.key.clone();
        match self.engine.publish(target, payload, wakes) {
            Outcome::Ready(Ok(Some(p))) => Outcome::Ready(Ok(delivered(p))),
            Outcome::Ready(Ok(None)) => engine.publish_hints(&key).map(|h| Ok(nobody(h))),
            Outcome::Ready(Err(e)) => Outcome::Ready(Err(e)),
            Outcome::Pending(published) => Outcome::Pending(Box::pin(async move {
                Ok(match published.await? {
                    Some(p) => delivered(p),
                    None => nobody(engine.publish_hints(&key).await),
                })
            })),
        }
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
            &self.credentials.current().signing,
            &context.installation_id,
            req,
            self.config.token_ttl,
            self.clock.system_time(),
        )
        .map_err(|refusal| match refusal {
            token::SignRefusal::Invalid { code, message } => ApiError::bad_request(code, message),
            token::SignRefusal::Internal(message) => {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", message)
            }
        })?;
        Metrics::inc(&self.metrics.tokens_signed);
        Ok(signed)
    }

    /// A receiver that flips to `true` when the hub shuts down.
    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }

    /// Tells every connection the hub is shutting down.
    pub fn begin_shutdown(&self) {
        let _ = self.shutdown.send(true);
    }

    /// Waits (at most `limit`) until every connection let go of its shutdown signal.
    pub async fn connections_closed(&self, limit: std::time::Duration) {
        let _ = tokio::time::timeout(limit, self.shutdown.closed()).await;
    }
}

fn delivered(p: Published) -> PublishResult {
    PublishResult {
        event_id: Some(p.id.to_string()),
        event_timestamp: Some(p.timestamp_ms.to_string()),
        hints: Vec::new(),
    }
}

fn nobody(hints: Vec<Hint>) -> PublishResult {
    PublishResult {
        event_id: None,
        event_timestamp: None,
        hints,
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
