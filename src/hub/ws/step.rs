//! What handling a client frame comes to, shared by the frame handlers: done at once,
//! or a wait the connection keeps aside, and what that wait yields.

use axum::extract::ws::Utf8Bytes;

use crate::hub::broker::SubscriptionHandle;
use crate::hub::error::ApiError;
use crate::protocol::ServerFrame;

/// A wait kept aside by the connection.
pub type Waiting = crate::hub::engine::outcome::Pending<Resumed>;

/// What handling a frame came to.
pub enum Step {
    Done,
    /// Done, with this frame for the peer.
    Reply(String),
    Wait(Waiting),
}

/// What a wait yields.
pub enum Resumed {
    /// Handle this frame again: its budget is taken (`true`), or its wait for the
    /// budget is over (`false`).
    Again { text: Utf8Bytes, budget_taken: bool },
    /// A frame for the peer (an acknowledgement, an error, hints).
    Reply(String),
    Subscribed {
        id: String,
        result: Result<SubscriptionHandle, ApiError>,
        token: Option<super::holdings::TokenHold>,
    },
    Tapping {
        id: String,
        result: Result<u64, ApiError>,
    },
}

/// Who an answer goes to: a subscription or tap id, or a publish's `ref`.
#[derive(Clone)]
pub enum ReplyTo {
    Id(String),
    Ref(u64),
}

impl ReplyTo {
    pub fn error(&self, e: ApiError) -> String {
        let (id, reference) = match self {
            ReplyTo::Id(id) => (Some(id.clone()), None),
            ReplyTo::Ref(r) => (None, Some(*r)),
        };
        error_frame(id, reference, e)
    }
}

pub fn error_frame(id: Option<String>, reference: Option<u64>, e: ApiError) -> String {
    serde_json::to_string(&ServerFrame::Error {
        id,
        reference,
        code: e.code,
        message: e.message,
        retry_after_ms: e.retry_after.map(|d| d.as_millis().max(1) as u64),
    })
    .unwrap_or_default()
}

pub fn no_context() -> ApiError {
    ApiError::bad_request(
        "INVALID_CONTEXT",
        "no context: put \"context\" in the frame or send the x-forge-context-token header when connecting",
    )
}
