//! Typed client errors. Each carries what the user needs to fix it and maps to one of
//! the exit codes of DESIGN.md §3.

use std::time::Duration;

use crate::token::TokenError;

/// Exit statuses (DESIGN.md §3).
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const NO_SUBSCRIBER: u8 = 3;
    pub const TOKEN: u8 = 4;
    pub const RATE_LIMITED: u8 = 5;
    pub const TIMEOUT: u8 = 124;
    pub const INTERRUPTED: u8 = 130;
}

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Bad input or flags, found before anything was sent.
    #[error("{0}")]
    Usage(String),
    /// Nothing says where the hub is, or how to authenticate.
    #[error("{0}")]
    Config(String),
    #[error("no hub at {endpoint} — start one with 'frt serve' or set FRT_ENDPOINT ({detail})")]
    Unreachable { endpoint: String, detail: String },
    /// A token refused, by pre-validation or by the hub.
    #[error("token rejected: {0}")]
    Token(TokenError),
    #[error("rate limited: {message} (gave up after {attempts} attempts)")]
    RateLimited { message: String, attempts: u32 },
    /// Any other refusal by the hub, with its status and code.
    #[error("the hub refused the request ({status} {code}): {message}")]
    Rejected {
        status: u16,
        code: String,
        message: String,
        retry_after: Option<Duration>,
    },
    #[error(
        "request to {endpoint} timed out after {after:?}; raise --request-timeout or check the hub"
    )]
    Timeout { endpoint: String, after: Duration },
    #[error("connection lost: {0}")]
    ConnectionLost(String),
    #[error("{0}")]
    Protocol(String),
    #[error("{0}")]
    Other(String),
}

impl ClientError {
    /// The exit status this error ends the program with.
    pub fn exit_code(&self) -> u8 {
        match self {
            ClientError::Usage(_) => exit::USAGE,
            ClientError::Token(_) => exit::TOKEN,
            ClientError::RateLimited { .. } => exit::RATE_LIMITED,
            ClientError::Rejected { status, code, .. } => match status {
                400 | 413 => exit::USAGE,
                403 if crate::token::TokenErrorCode::parse(code).is_some() => exit::TOKEN,
                429 => exit::RATE_LIMITED,
                _ => exit::FAILURE,
            },
            _ => exit::FAILURE,
        }
    }

    /// The platform error code, when there is one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Token(t) => Some(t.code.as_str()),
            ClientError::RateLimited { .. } => Some("RATE_LIMIT_EXCEEDED"),
            ClientError::Rejected { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Worth another attempt: refused connections, 429 and 5xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            ClientError::Unreachable { .. } => true,
            ClientError::Rejected { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ClientError::Rejected { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Builds the error for a hub's error answer.
    pub fn from_response(
        status: u16,
        code: String,
        message: String,
        retry_after: Option<Duration>,
    ) -> ClientError {
        if status == 403
            && let Some(token_code) = crate::token::TokenErrorCode::parse(&code)
        {
            return ClientError::Token(TokenError::new(token_code, message));
        }
        ClientError::Rejected {
            status,
            code,
            message,
            retry_after,
        }
    }
}

impl From<TokenError> for ClientError {
    fn from(e: TokenError) -> ClientError {
        ClientError::Token(e)
    }
}
