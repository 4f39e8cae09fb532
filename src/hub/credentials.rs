//! The hub's credentials and what each caller holds of them. The API key and signing
//! key can change while the hub runs (a cluster's rotation), so whatever they
//! authorised must be able to end: every socket keeps the [`Authority`] it was let in
//! with, and [`Credentials::changes`] tells it when the keys change, so it can check
//! that authority again and close with a reason when it no longer holds.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::SystemTime;

use axum::http::HeaderMap;
use subtle::ConstantTimeEq;
use tokio::sync::watch;

use crate::hub::error::ApiError;
use crate::hub::session::{self, Session};
use crate::state::{self, HubJson, HubSecrets};

/// The hub's current API key and signing key, and where they are written down.
pub struct Credentials {
    current: RwLock<Arc<HubSecrets>>,
    /// Counts replacements; sockets watch it.
    changes: watch::Sender<u64>,
    state_dir: PathBuf,
    /// The endpoint `hub.json` announces, once it is known (and announcing is on).
    announced: OnceLock<String>,
}

/// What let a request or a socket in.
#[derive(Clone)]
pub enum Authority {
    /// The API key, as it was when it was checked.
    ApiKey(Arc<HubSecrets>),
    /// A browser session, and the keys that verified it.
    Session(Session, Arc<HubSecrets>),
}

/// Why an authority ended: a code the peer is told, and why.
#[derive(Debug, Clone)]
pub struct Ended {
    pub code: &'static str,
    pub message: String,
}

impl Authority {
    pub fn session(&self) -> Option<&Session> {
        match self {
            Authority::ApiKey(_) => None,
            Authority::Session(s, _) => Some(s),
        }
    }

    /// May act as any caller (the API key, or an admin session).
    pub fn is_unrestricted(&self) -> bool {
        self.session().is_none_or(|s| s.admin)
    }

    /// The session's expiry, epoch seconds; the API key does not expire.
    pub fn expires_at(&self) -> Option<f64> {
        self.session().map(|s| s.exp)
    }

    /// `Some` once this authority no longer holds: the key it was checked against was
    /// rotated, or its session expired (`now_ms`, on the hub's clock).
    pub fn ended(&self, current: &HubSecrets, now_ms: u64) -> Option<Ended> {
        match self {
            Authority::ApiKey(then) if !same(&then.api_key, &current.api_key) => Some(Ended {
                code: "API_KEY_ROTATED",
                message: "the hub's API key was rotated; reconnect with the new key (hub.json, or FRT_API_KEY)".into(),
            }),
            Authority::ApiKey(_) => None,
            Authority::Session(_, then) if then.signing.kid != current.signing.kid => Some(Ended {
                code: "SESSION_INVALID",
                message: "the hub's signing key was rotated, which ends every browser session; mint a new one with 'frt browser-session' or 'frt ui'".into(),
            }),
            Authority::Session(s, _) if s.exp * 1000.0 <= now_ms as f64 => Some(Ended {
                code: "SESSION_EXPIRED",
                message: "the browser session expired; mint a new one with 'frt browser-session' or 'frt ui'".into(),
            }),
            Authority::Session(..) => None,
        }
    }
}

/// Compares two keys in constant time.
fn same(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

impl Credentials {
    pub fn new(secrets: HubSecrets, state_dir: PathBuf) -> Credentials {
        Credentials {
            current: RwLock::new(Arc::new(secrets)),
            changes: watch::channel(0).0,
            state_dir,
            announced: OnceLock::new(),
        }
    }

    pub fn current(&self) -> Arc<HubSecrets> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Tells of every replacement of the keys.
    pub fn changes(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Remembers where `hub.json` announces this hub, so a replacement rewrites it.
    pub fn announce(&self, endpoint: String) -> anyhow::Result<()> {
        state::write_hub_json(
            &self.state_dir,
            &HubJson {
                endpoint: endpoint.clone(),
                api_key: self.current().api_key.clone(),
            },
        )?;
        let _ = self.announced.set(endpoint);
        Ok(())
    }

    /// Adopts new keys (a cluster's, or its rotation): written to the state
    /// directory's key files and `hub.json`, so offline signing and local clients use
    /// them too, then every socket is told.
    pub fn replace(&self, secrets: HubSecrets) {
        if let Err(e) = state::store_secrets(&self.state_dir, &secrets) {
            tracing::warn!("{e:#}");
        }
        let api_key = secrets.api_key.clone();
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(secrets);
        if let Some(endpoint) = self.announced.get()
            && let Err(e) = state::write_hub_json(
                &self.state_dir,
                &HubJson {
                    endpoint: endpoint.clone(),
                    api_key,
                },
            )
        {
            tracing::warn!("{e:#}");
        }
        self.changes.send_modify(|n| *n += 1);
    }

    /// Who an `Authorization: Bearer` header holds: the API key or a valid session.
    pub fn bearer(&self, headers: &HeaderMap, now: SystemTime) -> Result<Authority, ApiError> {
        let Some(value) = headers.get(axum::http::header::AUTHORIZATION) else {
            return Err(ApiError::unauthorized(
                "missing Authorization header; send 'Authorization: Bearer <api key>' (the key is in the hub's hub.json)",
            ));
        };
        // The scheme is case-insensitive (RFC 7235).
        let given = value
            .to_str()
            .ok()
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, key)| key.trim())
            .unwrap_or("");
        let secrets = self.current();
        if !secrets.api_key.is_empty() && same(given, &secrets.api_key) {
            return Ok(Authority::ApiKey(secrets));
        }
        if given.matches('.').count() == 2 {
            return self.session(given, now);
        }
        Err(ApiError::unauthorized(
            "wrong API key; use the apiKey from the hub's hub.json (or FRT_API_KEY)",
        ))
    }

    /// Verifies a browser session with the current signing key.
    pub fn session(&self, text: &str, now: SystemTime) -> Result<Authority, ApiError> {
        let secrets = self.current();
        let session = session::verify(&secrets.signing, text, now)?;
        Ok(Authority::Session(session, secrets))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::SigningKey;

    fn secrets(api_key: &str) -> HubSecrets {
        HubSecrets {
            api_key: api_key.into(),
            signing: SigningKey::generate().unwrap(),
        }
    }

    #[test]
    fn an_api_key_ends_when_it_is_rotated() {
        let dir = tempfile::tempdir().unwrap();
        let creds = Credentials::new(secrets("frt_first_key_of_the_hub"), dir.path().into());
        let mut headers = HeaderMap::new();
        headers.insert(
            "authorization",
            "Bearer frt_first_key_of_the_hub".parse().unwrap(),
        );
        let authority = creds.bearer(&headers, SystemTime::now()).unwrap();
        let changes = creds.changes();
        assert!(authority.ended(&creds.current(), 0).is_none());
        creds.replace(secrets("frt_second_key_of_the_hub"));
        assert!(changes.has_changed().unwrap());
        let ended = authority.ended(&creds.current(), 0).unwrap();
        assert_eq!(ended.code, "API_KEY_ROTATED");
        assert!(creds.bearer(&headers, SystemTime::now()).is_err());
        let stored = state::load_or_create_secrets(dir.path()).unwrap();
        assert_eq!(stored.api_key, "frt_second_key_of_the_hub", "written down");
    }

    #[test]
    fn an_empty_key_admits_nobody() {
        let dir = tempfile::tempdir().unwrap();
        let creds = Credentials::new(secrets(""), dir.path().into());
        let mut headers = HeaderMap::new();
        headers.insert("authorization", "Bearer ".parse().unwrap());
        assert!(creds.bearer(&headers, SystemTime::now()).is_err());
    }
}
