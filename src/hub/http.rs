//! The hub's HTTP front: one router for every interface (REST, GraphQL, WebSocket,
//! static files, health, metrics). Each interface is a sibling module that never
//! imports another, nor this one.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::hub::error::ApiError;
use crate::hub::facade::Hub;
use crate::hub::{graphql, rest, ws};
use crate::protocol::{
    CHANNELS_PATH, PUBLISH_GLOBAL_PATH, PUBLISH_PATH, SESSION_PATH, SUBSCRIBE_PATH, TOKEN_PATH,
    VERIFY_PATH,
};

pub fn router(hub: Arc<Hub>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route(PUBLISH_PATH, post(rest::publish_scoped))
        .route(PUBLISH_GLOBAL_PATH, post(rest::publish_global))
        .route(TOKEN_PATH, post(rest::sign_token))
        .route(VERIFY_PATH, post(rest::verify_token))
        .route(CHANNELS_PATH, get(rest::list_channels))
        .route("/graphql", post(graphql::handle))
        .route(SESSION_PATH, post(rest::mint_session))
        .route("/sdk-shim.js", get(sdk_shim))
        .route("/bridge-shim.js", get(bridge_shim))
        .route("/favicon.ico", get(favicon))
        .route("/ui", get(inspector_index))
        .route("/ui/{file}", get(inspector))
        .route(SUBSCRIBE_PATH, get(ws::upgrade))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(limit_headers))
        .with_state(hub)
}

/// Most bytes of request headers (names and values) accepted: room for a token, a
/// context and the usual headers, far below what a flood of large headers would hold.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// Refuses requests whose headers are over [`MAX_HEADER_BYTES`] with 431.
async fn limit_headers(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let total: usize = request
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len())
        .sum();
    if total > MAX_HEADER_BYTES {
        return ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "HEADERS_TOO_LARGE",
            format!(
                "the request headers are {total} bytes; this hub accepts up to {MAX_HEADER_BYTES}"
            ),
        )
        .into_response();
    }
    next.run(request).await
}

/// `ok`; a cluster hub adds its id and Redis, and answers 503 `degraded` while it
/// cannot reach Redis (a load balancer then sends clients to another hub).
async fn healthz(State(hub): State<Arc<Hub>>) -> Response {
    let (status, body) = hub.engine.health_report();
    let mut text = body.to_string();
    text.push('\n');
    (status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
}

async fn metrics(State(hub): State<Arc<Hub>>, headers: HeaderMap) -> Response {
    if let Err(e) = hub.authorize(&headers) {
        return e.into_response();
    }
    let text = hub.engine.metrics_text().await;
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response()
}

/// The Node shim needs no API key: it holds no secret.
async fn sdk_shim() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/javascript; charset=utf-8",
        )],
        crate::assets::SDK_SHIM,
    )
        .into_response()
}

/// Where the shim's text says the hub's payload limit; filled in when served.
const MAX_PAYLOAD_PLACEHOLDER: &str = "__FRT_MAX_PAYLOAD__";

/// The bridge shim, told this hub's payload limit so it refuses an oversized publish
/// before sending it.
async fn bridge_shim(State(hub): State<Arc<Hub>>) -> Response {
    let text = crate::assets::BRIDGE_SHIM.replacen(
        MAX_PAYLOAD_PLACEHOLDER,
        &hub.config.max_payload.to_string(),
        1,
    );
    (
        [
            (
                header::CONTENT_TYPE,
                "application/javascript; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        text,
    )
        .into_response()
}

async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/x-icon"),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        crate::assets::FAVICON,
    )
        .into_response()
}

/// The inspector's page and files: no inline script, a policy that allows only this
/// hub, and no framing. The page holds no secret; the session is in the fragment.
async fn inspector(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let (kind, body) = match file.as_str() {
        "" | "index.html" => ("text/html; charset=utf-8", crate::assets::INSPECTOR_HTML),
        "inspector.js" => (
            "application/javascript; charset=utf-8",
            crate::assets::INSPECTOR_JS,
        ),
        "inspector.css" => ("text/css; charset=utf-8", crate::assets::INSPECTOR_CSS),
        _ => return not_found().await,
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

async fn inspector_index() -> Response {
    inspector(axum::extract::Path(String::new())).await
}

async fn method_not_allowed() -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "this endpoint does not take that method; see 'frt serve --help' for the hub's endpoints",
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
