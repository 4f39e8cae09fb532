//! The platform's REST interface: publish, publish/global, token, token/verify, and
//! frt's channel listing and browser sessions. Routing is in `http.rs`, body reading
//! in `body.rs`.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use crate::hub::body::{read_json, respond};
use crate::hub::error::ApiError;
use crate::hub::facade::{Hub, PublishCall};
use crate::hub::key_filter::KeyFilter;
use crate::protocol::{
    ChannelInfo, ChannelList, ClaimsInfo, PublishRequest, TokenRequest, VerifyRequest,
};

pub async fn publish_scoped(
    State(hub): State<Arc<Hub>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    respond(publish(&hub, &headers, body, false).await)
}

pub async fn publish_global(
    State(hub): State<Arc<Hub>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
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
    let req: PublishRequest = read_json(hub.body_limit(), body).await?;
    hub.rate(&context.installation_id).await?;
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
    .await
}

pub async fn sign_token(State(hub): State<Arc<Hub>>, headers: HeaderMap, body: Body) -> Response {
    let result = async {
        hub.authorize(&headers)?;
        let context = hub.require_context(&headers)?;
        let req: TokenRequest = read_json(hub.body_limit(), body).await?;
        hub.rate(&context.installation_id).await?;
        hub.sign_token(&context, &req)
    }
    .await;
    respond(result)
}

/// Mints a browser session (frt extension); the API key only.
pub async fn mint_session(State(hub): State<Arc<Hub>>, headers: HeaderMap, body: Body) -> Response {
    let result = async {
        hub.authorize_key(&headers)?;
        let req: crate::protocol::SessionRequest = read_json(hub.body_limit(), body).await?;
        hub.mint_session(&req)
    }
    .await;
    respond(result)
}

/// Checks a token's signature (and, when the caller sends a context, its
/// installation) and expiry, for `frt inspect-token --verify`. Not rate limited: it
/// is a diagnostic, not a platform operation.
pub async fn verify_token(State(hub): State<Arc<Hub>>, headers: HeaderMap, body: Body) -> Response {
    let result = async {
        hub.authorize(&headers)?;
        let context = hub.context_from_headers(&headers)?;
        let req: VerifyRequest = read_json(hub.body_limit(), body).await?;
        Ok::<_, ApiError>(hub.verify_token(&req.token, context.as_ref()))
    }
    .await;
    respond(result)
}

/// Filters of `GET /channels`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChannelQuery {
    installation: Option<String>,
    /// Exact name, or a glob (`*`, `?`, `[...]`).
    name: Option<String>,
    global: Option<bool>,
    #[serde(default)]
    show_claims: bool,
    /// A cluster hub's own keys only (the default is the whole cluster's).
    #[serde(default)]
    this_hub: bool,
}

/// Lists live channel keys for `frt channels`. Claims appear as a digest unless asked
/// for; the endpoint needs the API key like every other.
pub async fn list_channels(
    State(hub): State<Arc<Hub>>,
    headers: HeaderMap,
    query: Result<axum::extract::Query<ChannelQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let result = async {
        hub.authorize(&headers)?;
        let axum::extract::Query(q) = query.map_err(|e| {
            ApiError::bad_request(
                "INVALID_REQUEST",
                format!(
                    "bad query: {e}; filters are installation, name, global, showClaims, thisHub"
                ),
            )
        })?;
        let filter = KeyFilter::new(q.installation.clone(), q.name.as_deref(), q.global)?;
        let stats = hub.engine.channels(q.this_hub).await?;
        let mut channels: Vec<ChannelInfo> = stats
            .into_iter()
            .filter(|s| filter.matches(&s.key))
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
    }
    .await;
    respond(result)
}
