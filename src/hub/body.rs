//! Request bodies and answers shared by the HTTP interfaces (REST and GraphQL): a JSON
//! body read with the hub's size limit, and a result turned into a response, so the
//! interfaces never import the router or each other.

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::hub::error::ApiError;

/// An oversized body is read (and dropped) up to this size before the 413 is sent, so
/// an ordinary client sees the answer rather than a connection reset.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// How large a body may be, and the payload limit it derives from (for the message).
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit {
    pub max_request_bytes: usize,
    pub max_payload: usize,
}

/// Reads and parses a JSON body within `limit`, so an oversized body is a 413 and
/// malformed JSON a 400 naming line and column, both in the error shape.
pub async fn read_json<T: DeserializeOwned>(limit: BodyLimit, body: Body) -> Result<T, ApiError> {
    use futures_util::StreamExt;
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
        if total <= limit.max_request_bytes {
            bytes.extend_from_slice(&chunk);
        } else if total > DRAIN_LIMIT {
            // Past this, stop reading: the client gets the answer or a reset.
            break;
        }
    }
    if total > limit.max_request_bytes {
        return Err(ApiError::too_large(format!(
            "request body is over {} bytes; payloads are limited to {} bytes (frt serve --max-payload)",
            limit.max_request_bytes, limit.max_payload
        )));
    }
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::bad_request("INVALID_REQUEST", format!("malformed JSON body: {e}")))
}

/// A result as JSON, or the error shape with its status.
pub fn respond<T: serde::Serialize>(result: Result<T, ApiError>) -> Response {
    match result {
        Ok(value) => axum::Json(value).into_response(),
        Err(e) => {
            tracing::debug!(code = %e.code, status = %e.status, "request refused: {}", e.message);
            e.into_response()
        }
    }
}
