//! Browser sessions (a frt extension): short-lived tokens an API-key holder mints so
//! a page can subscribe (and publish, if allowed) without ever holding the API key.
//! A session is pinned to one caller (installation, module, context); channel tokens
//! still apply on top. An admin session, for the inspector, can do what the key can.
//! Sessions are signed with the hub's signing key and told apart from channel tokens
//! by their `typ` claim, so neither is ever accepted as the other.

use std::time::{Duration, SystemTime};

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::channel::ModuleContext;
use crate::hub::error::ApiError;
use crate::protocol::{SessionRequest, SessionResponse};
use crate::timefmt::{epoch_seconds, epoch_seconds_f64};
use crate::token::SigningKey;

const SESSION_TYP: &str = "frt-session";

/// The longest session: a working day.
pub const MAX_SESSION_TTL: Duration = Duration::from_secs(24 * 3600);
const DEFAULT_SESSION_TTL: Duration = Duration::from_secs(3600);

/// What a verified session allows.
#[derive(Debug, Clone)]
pub struct Session {
    pub admin: bool,
    /// The caller it is pinned to (admin sessions: none).
    pub context: Option<ModuleContext>,
    pub global_only: bool,
    pub allow_publish: bool,
    /// Epoch seconds.
    pub exp: f64,
}

fn scope_error(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, "SESSION_SCOPE", message)
}

/// Signs a session for `req`.
pub fn mint(
    key: &SigningKey,
    req: &SessionRequest,
    now: SystemTime,
) -> Result<SessionResponse, ApiError> {
    let context = match (&req.context, req.admin) {
        (Some(v), _) => Some(ModuleContext::from_json(v).map_err(ApiError::from)?),
        (None, true) => None,
        (None, false) => {
            return Err(ApiError::bad_request(
                "INVALID_CONTEXT",
                "a browser session is pinned to a caller: give \"context\" (installationId, moduleKey, extension), or ask for an admin session",
            ));
        }
    };
    let ttl = req
        .ttl_seconds
        .map(|s| Duration::from_secs(s.max(1)))
        .unwrap_or(DEFAULT_SESSION_TTL)
        .min(MAX_SESSION_TTL);
    let iat = epoch_seconds(now);
    let exp = iat + ttl.as_secs() as i64;
    let payload = json!({
        "typ": SESSION_TYP,
        "iat": iat,
        "exp": exp,
        "admin": req.admin,
        "context": context,
        "globalOnly": req.global_only,
        "allowPublish": req.allow_publish || req.admin,
    });
    let session = crate::token::sign_payload(key, &payload).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            e.to_string(),
        )
    })?;
    Ok(SessionResponse {
        session,
        expires_at: exp,
    })
}

/// Checks a session's signature, kind and expiry.
pub fn verify(key: &SigningKey, text: &str, now: SystemTime) -> Result<Session, ApiError> {
    let invalid = |why: String| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "SESSION_INVALID",
            format!("{why}; mint a new one with 'frt browser-session' or 'frt ui'"),
        )
    };
    let decoded = crate::token::verify(text, key)
        .map_err(|e| invalid(format!("not a session of this hub: {}", e.message)))?;
    let p = &decoded.payload;
    if p.get("typ").and_then(Value::as_str) != Some(SESSION_TYP) {
        return Err(invalid(
            "this is not a browser session (a channel token?)".into(),
        ));
    }
    let exp = p
        .get("exp")
        .and_then(Value::as_f64)
        .ok_or_else(|| invalid("the session has no expiry".into()))?;
    if exp <= epoch_seconds_f64(now) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "SESSION_EXPIRED",
            "the browser session expired; mint a new one with 'frt browser-session' or 'frt ui'",
        ));
    }
    let context = match p.get("context") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            ModuleContext::from_json(v)
                .map_err(|e| invalid(format!("its context is unusable: {e}")))?,
        ),
    };
    let flag = |name: &str| p.get(name).and_then(Value::as_bool).unwrap_or(false);
    let admin = flag("admin");
    if !admin && context.is_none() {
        return Err(invalid("the session names no caller".into()));
    }
    Ok(Session {
        admin,
        context,
        global_only: flag("globalOnly"),
        allow_publish: flag("allowPublish"),
        exp,
    })
}

impl Session {
    /// The caller for a frame: the pinned one. A frame naming another is refused.
    pub fn context_for(&self, given: Option<&Value>) -> Result<Option<ModuleContext>, ApiError> {
        let Some(pinned) = &self.context else {
            return Ok(None);
        };
        if let Some(v) = given {
            let asked = ModuleContext::from_json(v).map_err(ApiError::from)?;
            if asked != *pinned {
                return Err(scope_error(format!(
                    "this browser session is pinned to {}; the frame asks for {}: a session acts only as the caller it was minted for (mint another with 'frt browser-session')",
                    caller_words(pinned, None),
                    caller_words(&asked, Some(pinned))
                )));
            }
        }
        Ok(Some(pinned.clone()))
    }

    pub fn check_subscribe(&self, global: bool) -> Result<(), ApiError> {
        if self.global_only && !global {
            return Err(scope_error(
                "this browser session is for global channels only (subscribeGlobal)",
            ));
        }
        Ok(())
    }

    pub fn check_publish(&self, global: bool) -> Result<(), ApiError> {
        if !self.allow_publish {
            return Err(scope_error(
                "this browser session may not publish; mint one with 'frt browser-session --allow-publish'",
            ));
        }
        self.check_subscribe(global)
    }

    /// Refusal for what only the API key (or an admin session) may do.
    pub fn key_only(what: &str) -> ApiError {
        scope_error(format!(
            "{what} needs the API key or an admin session (frt ui); a browser session only subscribes, and publishes if allowed, in its own context"
        ))
    }

    /// Refusal for a session asking to mint a session.
    pub fn mint_refused(&self) -> ApiError {
        scope_error(if self.admin {
            "minting a session needs the API key itself; an admin session (frt ui) does everything else the key does, but never mints sessions: run 'frt browser-session' where the API key is at hand (hub.json or FRT_API_KEY)"
        } else {
            "minting a session needs the API key itself; a browser session only subscribes, and publishes if allowed, in its own context"
        })
    }
}

/// A caller in words: all of it, or (against `than`) only what differs from it.
fn caller_words(caller: &ModuleContext, than: Option<&ModuleContext>) -> String {
    let context = || {
        let pairs: Vec<String> = caller
            .extension
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        format!("context {{{}}}", pairs.join(", "))
    };
    match than {
        Some(t) if t.installation_id != caller.installation_id => {
            format!("installation {}", caller.installation_id)
        }
        Some(t) if t.module_key != caller.module_key => format!("module {}", caller.module_key),
        Some(_) => context(),
        None => format!(
            "installation {}, module {}, {}",
            caller.installation_id,
            caller.module_key,
            context()
        ),
    }
}
