//! The subscribe WebSocket. `mod.rs` lets a socket in (the API key, or a browser
//! session in `?session=`), `connection.rs` is its life (reading, writing, pings,
//! deadlines, closing with a reason), `frames.rs` what each client frame does, and
//! `stream.rs` the publish stream's fast path.

mod connection;
mod frames;
mod holdings;
mod step;
mod stream;

use std::sync::Arc;

use axum::extract::State;
use axum::extract::ws::{WebSocketUpgrade, rejection::WebSocketUpgradeRejection};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use crate::hub::error::ApiError;
use crate::hub::facade::Hub;
use connection::{Connection, READ_BUFFER, WRITE_BATCH};

/// `?session=`: a browser's credential (a page cannot set headers on a WebSocket).
#[derive(serde::Deserialize)]
pub struct UpgradeQuery {
    session: Option<String>,
}

pub async fn upgrade(
    State(hub): State<Arc<Hub>>,
    headers: HeaderMap,
    query: Result<axum::extract::Query<UpgradeQuery>, axum::extract::rejection::QueryRejection>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let query = match query {
        Ok(q) => q.0,
        Err(e) => {
            return ApiError::bad_request("INVALID_REQUEST", format!("bad query: {e}"))
                .into_response();
        }
    };
    let authority = match query.session {
        Some(text) => match hub.session(&text) {
            Ok(authority) => authority,
            // A page cannot read an upgrade's status (it sees 1006), so a WebSocket
            // with an expired or invalid session is refused inside the socket.
            Err(e) => {
                return match ws {
                    Ok(upgrade) => connection::refuse_in_band(upgrade, e),
                    Err(_) => e.into_response(),
                };
            }
        },
        None => match hub.authorize(&headers) {
            Ok(authority) => authority,
            Err(e) => return e.into_response(),
        },
    };
    // A scoped browser session pins the caller; the API key or an admin session may
    // act as any caller, by default the one in the context header.
    let context = match authority.session().and_then(|s| s.context.clone()) {
        Some(pinned) => Some(pinned),
        None => match hub.context_from_headers(&headers) {
            Ok(c) => c,
            Err(e) => return e.into_response(),
        },
    };
    let Ok(ws) = ws else {
        return ApiError::bad_request(
            "INVALID_REQUEST",
            "this endpoint is a WebSocket; connect with a WebSocket client (e.g. 'frt subscribe')",
        )
        .into_response();
    };
    let max_frame = hub.config.max_request_bytes();
    ws.read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BATCH)
        .max_message_size(max_frame)
        .max_frame_size(max_frame)
        .on_upgrade(move |socket| Connection::new(hub, authority, context).run(socket))
}
