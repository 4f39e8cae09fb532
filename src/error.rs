//! The error every command can end with. Each variant carries what the user needs to
//! fix it, and maps to one exit status (see `exit.rs`); `main` prints it as one line.

use std::time::Duration;

use crate::exit::ExitStatus;
use crate::token::TokenError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
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
    #[error("rate limited: {message} (gave up after {attempts} {}; raise --retries to wait longer)", if *attempts == 1 { "attempt" } else { "attempts" })]
    RateLimited { message: String, attempts: u32 },
    /// Any other refusal, with its status and code; `by` says who refused (a hub, or
    /// the platform's egress proxy inside a Forge container).
    #[error("{by} refused the request ({status} {code}): {message}")]
    Rejected {
        by: &'static str,
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

impl Error {
    /// The exit status this error ends the program with.
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Error::Usage(_) => ExitStatus::Usage,
            Error::Token(_) => ExitStatus::TokenRejected,
            Error::RateLimited { .. } => ExitStatus::RateLimited,
            Error::Rejected { status, code, .. } => match status {
                400 | 413 => ExitStatus::Usage,
                403 if crate::token::TokenErrorCode::parse(code).is_some() => {
                    ExitStatus::TokenRejected
                }
                429 => ExitStatus::RateLimited,
                _ => ExitStatus::Failure,
            },
            _ => ExitStatus::Failure,
        }
    }

    /// The platform error code, when there is one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Token(t) => Some(t.code.as_str()),
            Error::RateLimited { .. } => Some("RATE_LIMIT_EXCEEDED"),
            Error::Rejected { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Worth another attempt: refused connections, 429 and 5xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Unreachable { .. } => true,
            Error::Rejected { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Rejected { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Builds the error for a hub's error answer.
    pub fn from_response(
        status: u16,
        code: String,
        message: String,
        retry_after: Option<Duration>,
    ) -> Error {
        if status == 403
            && let Some(token_code) = crate::token::TokenErrorCode::parse(&code)
        {
            return Error::Token(TokenError::new(token_code, message));
        }
        Error::Rejected {
            by: "the hub",
            status,
            code,
            message,
            retry_after,
        }
    }
}

impl Error {
    /// What needs a frt hub, refused when calls go to the Forge egress proxy.
    pub fn needs_hub(what: &str) -> Error {
        Error::Usage(format!(
            "{what} needs a frt hub; the Forge egress proxy only publishes and signs tokens (drop --forge-proxy, or unset FORGE_EGRESS_PROXY_URL)"
        ))
    }

    /// The same error, as refused by the Forge egress proxy rather than a hub.
    pub fn refused_by_proxy(self) -> Error {
        match self {
            Error::Rejected {
                status,
                code,
                message,
                retry_after,
                ..
            } => Error::Rejected {
                by: "the Forge egress proxy",
                status,
                code,
                message,
                retry_after,
            },
            other => other,
        }
    }
}

impl From<TokenError> for Error {
    fn from(e: TokenError) -> Error {
        Error::Token(e)
    }
}
