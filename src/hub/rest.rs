//! The hub's HTTP interface: publish, publish/global, token, health and metrics.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;

use crate::hub::error::ApiError;
use crate::hub::{Hub, PublishCall, ws};
use crate::protocol::{
    CHANNELS_PATH, ChannelInfo, ChannelList, ClaimsInfo, PUBLISH_GLOBAL_PATH, PUBLISH_PATH,
    PublishRequest, SUBSCRIBE_PATH, TOKEN_PATH, TokenRequest, VERIFY_PATH, VerifyRequest,
    VerifyResponse,
};

pub fn router(hub: Arc<Hub>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route(PUBLISH_PATH, post(publish_scoped))
        .route(PUBLISH_GLOBAL_PATH, post(publish_global))
        .route(TOKEN_PATH, post(sign_token))
        .route(VERIFY_PATH, post(verify_token))
        .route(CHANNELS_PATH, get(list_channels))
        .route("/graphql", post(crate::hub::graphql::handle))
        .route("/sdk-shim.js", get(sdk_shim))
        .route(SUBSCRIBE_PATH, get(ws::upgrade))
        .fallback(not_found)
        .with_state(hub)
}

/// Largest request body: the payload limit, room for JSON escaping, and the envelope.
fn body_limit(hub: &Hub) -> usize {
    hub.config
        .max_payload
        .saturating_mul(6)
        .saturating_add(64 * 1024)
}

/// Reads and parses a JSON body with the hub's size limit, so an oversized body is a
/// 413 and malformed JSON a 400 naming line and column, both in the error shape.
pub async fn read_json<T: DeserializeOwned>(hub: &Hub, body: Body) -> Result<T, ApiError> {
    use futures_util::StreamExt;
    let limit = body_limit(hub);
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::bad_request(
                "INVALID_REQUEST",
                format!("cannot read the request body: {e}"),
            )
        })?;
        total = total.saturating_add(chunk.len());
        if total <= limit {
            bytes.extend_from_slice(&chunk);
        } else if total > DRAIN_LIMIT {
            // Past this, stop reading: the client gets the answer or a reset.
            break;
        }
    }
    if total > limit {
        return Err(ApiError::too_large(format!(
            "request body is over {limit} bytes; payloads are limited to {} bytes (frt serve --max-payload)",
            hub.config.max_payload
        )));
    }
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::bad_request("INVALID_REQUEST", format!("malformed JSON body: {e}")))
}

/// An oversized body is read (and dropped) up to this size before the 413 is sent, so
/// an ordinary client sees the answer rather than a connection reset.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

async fn healthz() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        "{\"status\":\"ok\"}\n",
    )
        .into_response()
}

async fn metrics(State(hub): State<Arc<Hub>>, headers: HeaderMap) -> Response {
    if let Err(e) = hub.authorize(&headers) {
        return e.into_response();
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        hub.metrics.render(hub.broker.channel_count()),
    )
        .into_response()
}

/// The Node shim that points `@forge/realtime` at this hub. Static code with no
/// secret in it (it reads the key from hub.json), so it needs no API key.
pub const SDK_SHIM: &str = include_str!("sdk-shim.js");

async fn sdk_shim() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/javascript; charset=utf-8",
        )],
        SDK_SHIM,
    )
        .into_response()
}

async fn not_found() -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        "no such endpoint; see 'frt serve --help' for the hub's endpoints",
    )
    .into_response()
}

async fn publish_scoped(State(hub): State<Arc<Hub>>, headers: HeaderMap, body: Body) -> Response {
    respond(publish(&hub, &headers, body, false).await)
}

async fn publish_global(State(hub): State<Arc<Hub>>, headers: HeaderMap, body: Body) -> Response {
    respond(publish(&hub, &headers, body, true).await)
}

async fn publish(
    hub: &Hub,
    headers: &HeaderMap,
    body: Body,
    global: bool,
) -> Result<crate::protocol::PublishResult, ApiError> {
    hub.authorize(headers)?;
    let context = hub.require_context(headers)?;
    let req: PublishRequest = read_json(hub, body).await?;
    hub.rate(&context.installation_id)?;
    let mut wakes = crate::hub::outbox::Wakes::default();
    hub.publish(
        &PublishCall {
            context: &context,
            name: &req.name,
            payload: &req.payload,
            global,
            overrides: req.options.context_overrides.as_deref(),
            token: req.options.token.as_deref(),
        },
        &mut wakes,
    )
}

async fn sign_token(State(hub): State<Arc<Hub>>, headers: HeaderMap, body: Body) -> Response {
    let result = async {
        hub.authorize(&headers)?;
        let context = hub.require_context(&headers)?;
        let req: TokenRequest = read_json(&hub, body).await?;
        hub.rate(&context.installation_id)?;
        hub.sign_token(&context, &req)
    }
    .await;
    respond(result)
}

/// Checks a token's signature (and, when the caller sends a context, its
/// installation) and expiry, for `frt inspect-token --verify`. Not rate limited: it
/// is a diagnostic, not a platform operation.
async fn verify_token(State(hub): State<Arc<Hub>>, headers: HeaderMap, body: Body) -> Response {
    let result = async {
        hub.authorize(&headers)?;
        let context = hub.context_from_headers(&headers)?;
        let req: VerifyRequest = read_json(&hub, body).await?;
        let verdict = crate::token::verify(&req.token, &hub.signing).and_then(|decoded| {
            if let Some(ctx) = &context
                && decoded.installation() != Some(ctx.installation_id.as_str())
            {
                return Err(crate::token::TokenError::new(
                    crate::token::TokenErrorCode::InvalidToken,
                    "the token belongs to another installation",
                ));
            }
            decoded.check(None, None, std::time::SystemTime::now())
        });
        Ok::<_, ApiError>(match verdict {
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
        })
    }
    .await;
    respond(result)
}

/// Filters of `GET /channels`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ChannelQuery {
    installation: Option<String>,
    /// Exact name, or a glob (`*`, `?`, `[...]`).
    name: Option<String>,
    global: Option<bool>,
    #[serde(default)]
    show_claims: bool,
}

/// Lists live channel keys for `frt channels`. Claims appear as a digest unless asked
/// for; the endpoint needs the API key like every other.
async fn list_channels(
    State(hub): State<Arc<Hub>>,
    headers: HeaderMap,
    query: Result<axum::extract::Query<ChannelQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let result = (|| {
        hub.authorize(&headers)?;
        let axum::extract::Query(q) = query.map_err(|e| {
            ApiError::bad_request(
                "INVALID_REQUEST",
                format!("bad query: {e}; filters are installation, name, global, showClaims"),
            )
        })?;
        let pattern = match q.name.as_deref() {
            Some(n) => Some(glob::Pattern::new(n).map_err(|e| {
                ApiError::bad_request(
                    "INVALID_REQUEST",
                    format!("name pattern {n:?} is not a valid glob: {e}"),
                )
            })?),
            None => None,
        };
        let mut channels: Vec<ChannelInfo> = hub
            .broker
            .stats()
            .into_iter()
            .filter(|s| {
                q.installation
                    .as_deref()
                    .is_none_or(|i| s.key.installation == i)
            })
            .filter(|s| q.global.is_none_or(|g| s.key.is_global() == g))
            .filter(|s| pattern.as_ref().is_none_or(|p| p.matches(&s.key.name)))
            .map(|s| ChannelInfo {
                installation: s.key.installation.clone(),
                plane: s.key.plane().to_string(),
                name: s.key.name.clone(),
                scope: s.key.scope.clone(),
                claims: s.key.claims.as_ref().map(|c| ClaimsInfo {
                    digest: crate::channel::claims_digest(c),
                    value: q
                        .show_claims
                        .then(|| serde_json::from_str(c).unwrap_or(serde_json::Value::Null)),
                }),
                subscribers: s.subscribers as u64,
                held: s.detached as u64,
                published: s.published,
                delivered: s.delivered,
                last_event_ms: s.last_event_ms,
            })
            .collect();
        channels.sort_by(|a, b| {
            (&a.installation, &a.name, &a.plane).cmp(&(&b.installation, &b.name, &b.plane))
        });
        Ok::<_, ApiError>(ChannelList { channels })
    })();
    respond(result)
}

fn respond<T: serde::Serialize>(result: Result<T, ApiError>) -> Response {
    match result {
        Ok(value) => axum::Json(value).into_response(),
        Err(e) => {
            tracing::debug!(code = %e.code, status = %e.status, "request refused: {}", e.message);
            e.into_response()
        }
    }
}
