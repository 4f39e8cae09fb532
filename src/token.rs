//! Channel tokens: signing, verification, unverified decoding and the pre-validation
//! the platform SDK runs before a request, plus the expiry wording shown to users.
//!
//! A token is an HS256 JWT whose payload carries `exp`, `iat`, `channel.name`,
//! `installationId`, `claims` and optionally `permissions` (docs/semantics.md, "Tokens").

use std::collections::HashSet;
use std::fmt;
use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::channel::canonical_json;
use crate::timefmt::{epoch_seconds, epoch_seconds_f64, format_duration_short, format_epoch};

/// Tokens longer than this are refused before any decoding work.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// What a token may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Permission {
    Subscribe,
    Publish,
}

impl Permission {
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Subscribe => "subscribe",
            Permission::Publish => "publish",
        }
    }

    pub fn parse(s: &str) -> Option<Permission> {
        match s {
            "subscribe" => Some(Permission::Subscribe),
            "publish" => Some(Permission::Publish),
            _ => None,
        }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The platform's token error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TokenErrorCode {
    #[serde(rename = "INVALID_TOKEN")]
    InvalidToken,
    #[serde(rename = "TOKEN_EXPIRED")]
    TokenExpired,
    #[serde(rename = "CHANNEL_NAME_MISMATCH")]
    ChannelNameMismatch,
    #[serde(rename = "MISSING_PERMISSION")]
    MissingPermission,
}

impl TokenErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenErrorCode::InvalidToken => "INVALID_TOKEN",
            TokenErrorCode::TokenExpired => "TOKEN_EXPIRED",
            TokenErrorCode::ChannelNameMismatch => "CHANNEL_NAME_MISMATCH",
            TokenErrorCode::MissingPermission => "MISSING_PERMISSION",
        }
    }

    pub fn parse(s: &str) -> Option<TokenErrorCode> {
        Some(match s {
            "INVALID_TOKEN" => TokenErrorCode::InvalidToken,
            "TOKEN_EXPIRED" => TokenErrorCode::TokenExpired,
            "CHANNEL_NAME_MISMATCH" => TokenErrorCode::ChannelNameMismatch,
            "MISSING_PERMISSION" => TokenErrorCode::MissingPermission,
            _ => return None,
        })
    }
}

impl fmt::Display for TokenErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refused token: the platform's code and a sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct TokenError {
    pub code: TokenErrorCode,
    pub message: String,
}

impl TokenError {
    pub fn new(code: TokenErrorCode, message: impl Into<String>) -> TokenError {
        TokenError {
            code,
            message: message.into(),
        }
    }

    fn invalid(message: impl Into<String>) -> TokenError {
        TokenError::new(TokenErrorCode::InvalidToken, message)
    }
}

/// The hub's HS256 signing key and its id (the JWT `kid`).
#[derive(Clone, Serialize, Deserialize)]
pub struct SigningKey {
    pub kid: String,
    /// base64url of the secret bytes.
    #[serde(rename = "secret")]
    secret_b64: String,
    #[serde(skip)]
    secret: Vec<u8>,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl SigningKey {
    /// Makes a new random 256-bit key.
    pub fn generate() -> anyhow::Result<SigningKey> {
        let mut secret = vec![0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
        let mut kid = [0u8; 6];
        getrandom::fill(&mut kid).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
        Ok(SigningKey {
            kid: format!("frt-{}", hex(&kid)),
            secret_b64: URL_SAFE_NO_PAD.encode(&secret),
            secret,
        })
    }

    /// Reads a key file written by the hub (`signing-key.json`).
    pub fn from_json(text: &str) -> anyhow::Result<SigningKey> {
        let mut key: SigningKey = serde_json::from_str(text)
            .map_err(|e| anyhow::anyhow!("not a frt signing-key file: {e}"))?;
        key.secret = URL_SAFE_NO_PAD
            .decode(key.secret_b64.trim_end_matches('='))
            .map_err(|e| anyhow::anyhow!("signing key secret is not base64url: {e}"))?;
        if key.secret.len() < 16 {
            anyhow::bail!("signing key secret is shorter than 16 bytes");
        }
        Ok(key)
    }

    pub fn to_json(&self) -> String {
        json!({"kid": self.kid, "secret": self.secret_b64}).to_string()
    }
}

/// What a signed token says, once its signature is known to be good.
#[derive(Debug, Clone)]
pub struct VerifiedToken {
    pub channel: String,
    pub installation: String,
    pub claims_canonical: String,
    pub permissions: Option<Vec<Permission>>,
    pub exp: f64,
}

/// The parameters of a token to sign.
pub struct TokenSpec<'a> {
    pub channel: &'a str,
    pub installation: &'a str,
    pub claims: &'a Value,
    pub permissions: Option<&'a [Permission]>,
    pub ttl: Duration,
}

/// Why a token request was not signed.
#[derive(Debug)]
pub enum SignRefusal {
    /// The request is wrong, with the platform-style code to report.
    Invalid { code: &'static str, message: String },
    /// Signing itself failed.
    Internal(String),
}

/// Signs what a `POST /token` asks for, as the hub does and as `sign-token
/// --key-file` does offline, so both make the same token: permissions checked and
/// de-duplicated, the lifetime capped at `max_ttl`, claims an object, and the size
/// bounded. The channel name is the caller's to check.
pub fn sign_request(
    key: &SigningKey,
    installation: &str,
    req: &crate::protocol::TokenRequest,
    max_ttl: Duration,
    now: SystemTime,
) -> Result<crate::protocol::TokenResponse, SignRefusal> {
    let invalid = |code, message: String| SignRefusal::Invalid { code, message };
    let permissions = match &req.permissions {
        None => None,
        Some(list) if list.is_empty() => {
            return Err(invalid(
                "INVALID_PERMISSIONS",
                "permissions is empty; give a non-empty subset of [\"subscribe\",\"publish\"] or omit it for both".into(),
            ));
        }
        Some(list) => {
            let mut perms = Vec::new();
            for p in list {
                let perm = Permission::parse(p).ok_or_else(|| {
                    invalid(
                        "INVALID_PERMISSIONS",
                        format!("unknown permission \"{p}\"; valid values are subscribe, publish"),
                    )
                })?;
                if !perms.contains(&perm) {
                    perms.push(perm);
                }
            }
            Some(perms)
        }
    };
    let ttl = req
        .ttl_seconds
        .map(|s| Duration::from_secs(s.max(1)).min(max_ttl))
        .unwrap_or(max_ttl);
    let claims = match &req.claims {
        Value::Null => Value::Object(Default::default()),
        Value::Object(_) => req.claims.clone(),
        other => {
            return Err(invalid(
                "INVALID_CLAIMS",
                format!("claims must be a JSON object such as {{\"team\":\"red\"}}, not {other}"),
            ));
        }
    };
    let spec = TokenSpec {
        channel: &req.channel_name,
        installation,
        claims: &claims,
        permissions: permissions.as_deref(),
        ttl,
    };
    let (token, exp) = sign(key, &spec, now).map_err(|e| SignRefusal::Internal(e.to_string()))?;
    if token.len() > MAX_TOKEN_BYTES {
        return Err(invalid(
            "INVALID_CLAIMS",
            format!(
                "the token would be {} bytes, over the {} KiB every token is held to; send smaller claims",
                token.len(),
                MAX_TOKEN_BYTES / 1024
            ),
        ));
    }
    Ok(crate::protocol::TokenResponse {
        token,
        expires_at: exp,
        ttl_seconds: Some(ttl.as_secs()),
    })
}

/// Signs a token; returns it with its `exp` (epoch seconds).
pub fn sign(
    key: &SigningKey,
    spec: &TokenSpec<'_>,
    now: SystemTime,
) -> anyhow::Result<(String, i64)> {
    let iat = epoch_seconds(now);
    let exp = iat + spec.ttl.as_secs().max(1) as i64;
    let mut payload = json!({
        "exp": exp,
        "iat": iat,
        "channel": {"name": spec.channel},
        "installationId": spec.installation,
        "claims": spec.claims,
    });
    if let Some(perms) = spec.permissions {
        payload["permissions"] = json!(perms);
    }
    Ok((sign_payload(key, &payload)?, exp))
}

/// Signs any payload with the hub's key (HS256, with its `kid`): channel tokens, and
/// the hub's browser sessions, which a `typ` claim tells apart.
pub fn sign_payload(key: &SigningKey, payload: &Value) -> anyhow::Result<String> {
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(key.kid.clone());
    Ok(jsonwebtoken::encode(
        &header,
        payload,
        &EncodingKey::from_secret(&key.secret),
    )?)
}

/// Verifies the signature and algorithm, then reads the payload. Expiry, channel and
/// permission are checked separately by [`DecodedToken::check`], which the client runs
/// too, so both sides give the same code for the same fault.
pub fn verify(token: &str, key: &SigningKey) -> Result<DecodedToken, TokenError> {
    let decoded = decode_unverified(token)?;
    let alg = decoded
        .header
        .get("alg")
        .and_then(Value::as_str)
        .unwrap_or("");
    if alg != "HS256" {
        return Err(TokenError::invalid(format!(
            "algorithm \"{alg}\" is not accepted; tokens must be HS256 from this hub"
        )));
    }
    match decoded.header.get("kid").and_then(Value::as_str) {
        Some(kid) if kid == key.kid => {}
        Some(kid) => {
            return Err(TokenError::invalid(format!(
                "unknown key id \"{kid}\": the token was not signed by this hub's key"
            )));
        }
        None => {
            return Err(TokenError::invalid(
                "the token names no key id (kid); tokens must come from this hub",
            ));
        }
    }
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.leeway = 0;
    validation.required_spec_claims = HashSet::new();
    jsonwebtoken::decode::<Value>(token, &DecodingKey::from_secret(&key.secret), &validation)
        .map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => {
                TokenError::invalid("bad signature: the token was not signed by this hub's key")
            }
            _ => TokenError::invalid(format!("token rejected: {e}")),
        })?;
    Ok(decoded)
}

/// A token split into its parts and decoded without checking the signature.
#[derive(Debug, Clone)]
pub struct DecodedToken {
    pub header: Value,
    pub payload: Value,
}

/// Decodes a token without a key. Every structural fault is an `INVALID_TOKEN` with a
/// message naming it; nothing here panics on hostile input.
pub fn decode_unverified(token: &str) -> Result<DecodedToken, TokenError> {
    let token = token.trim();
    if token.is_empty() {
        return Err(TokenError::invalid("the token is empty"));
    }
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::invalid(format!(
            "the token is {} bytes; tokens over {} KiB are refused",
            token.len(),
            MAX_TOKEN_BYTES / 1024
        )));
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(TokenError::invalid(format!(
            "a JWT has three dot-separated parts; this has {}",
            parts.len()
        )));
    }
    let header = decode_part(parts[0], "header")?;
    let payload = decode_part(parts[1], "payload")?;
    if !header.is_object() {
        return Err(TokenError::invalid("the header is not a JSON object"));
    }
    if !payload.is_object() {
        return Err(TokenError::invalid("the payload is not a JSON object"));
    }
    Ok(DecodedToken { header, payload })
}

fn decode_part(part: &str, what: &str) -> Result<Value, TokenError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .or_else(|_| URL_SAFE.decode(part))
        .map_err(|e| TokenError::invalid(format!("the {what} is not base64url: {e}")))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| TokenError::invalid(format!("the {what} is not JSON: {e}")))
}

impl DecodedToken {
    /// `exp` in epoch seconds, or why it is unusable.
    pub fn exp(&self) -> Result<f64, TokenError> {
        match self.payload.get("exp") {
            Some(Value::Number(n)) => n
                .as_f64()
                .ok_or_else(|| TokenError::invalid("\"exp\" is not a usable number")),
            Some(_) => Err(TokenError::invalid("\"exp\" is not a number")),
            None => Err(TokenError::invalid("the token has no \"exp\"")),
        }
    }

    pub fn iat(&self) -> Option<f64> {
        self.payload.get("iat").and_then(Value::as_f64)
    }

    pub fn channel(&self) -> Result<&str, TokenError> {
        self.payload
            .get("channel")
            .and_then(|c| c.get("name"))
            .and_then(Value::as_str)
            .ok_or_else(|| TokenError::invalid("the token has no \"channel.name\""))
    }

    pub fn installation(&self) -> Option<&str> {
        self.payload.get("installationId").and_then(Value::as_str)
    }

    pub fn claims(&self) -> &Value {
        self.payload.get("claims").unwrap_or(&Value::Null)
    }

    /// `None` when absent (meaning both); an error when present but malformed.
    pub fn permissions(&self) -> Result<Option<Vec<Permission>>, TokenError> {
        match self.payload.get("permissions") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_str().and_then(Permission::parse).ok_or_else(|| {
                        TokenError::invalid(format!("unknown permission {v} in the token"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(TokenError::invalid("\"permissions\" is not a list")),
        }
    }

    /// The checks the platform SDK makes before a request, in its order: structure,
    /// expiry (`now >= exp`, no leeway), channel name, permission.
    pub fn check(
        &self,
        channel: Option<&str>,
        permission: Option<Permission>,
        now: SystemTime,
    ) -> Result<(), TokenError> {
        let exp = self.exp()?;
        let token_channel = self.channel()?;
        let perms = self.permissions()?;
        let now_s = epoch_seconds_f64(now);
        if now_s >= exp {
            return Err(TokenError::new(
                TokenErrorCode::TokenExpired,
                format!(
                    "the token expired {} ago ({}); sign a new one",
                    format_duration_short(now_s - exp),
                    format_epoch(exp)
                ),
            ));
        }
        if let Some(nbf) = self.payload.get("nbf") {
            let nbf = nbf
                .as_f64()
                .ok_or_else(|| TokenError::invalid("\"nbf\" is not a number of seconds"))?;
            if now_s < nbf {
                return Err(TokenError::invalid(format!(
                    "the token is not valid before {}",
                    format_epoch(nbf)
                )));
            }
        }
        if let Some(channel) = channel
            && token_channel != channel
        {
            return Err(TokenError::new(
                TokenErrorCode::ChannelNameMismatch,
                format!("the token is for channel \"{token_channel}\", not \"{channel}\""),
            ));
        }
        if let (Some(op), Some(perms)) = (permission, perms.as_ref())
            && !perms.contains(&op)
        {
            let granted: Vec<&str> = perms.iter().map(|p| p.as_str()).collect();
            return Err(TokenError::new(
                TokenErrorCode::MissingPermission,
                format!(
                    "the token does not grant \"{op}\" (it grants: {}); sign one with --permission {op}",
                    granted.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// Everything the hub needs from a token whose signature is already verified.
    pub fn into_verified(self) -> Result<VerifiedToken, TokenError> {
        Ok(VerifiedToken {
            channel: self.channel()?.to_string(),
            installation: self
                .installation()
                .ok_or_else(|| TokenError::invalid("the token has no \"installationId\""))?
                .to_string(),
            claims_canonical: canonical_json(self.claims()),
            permissions: self.permissions()?,
            exp: self.exp()?,
        })
    }
}

/// "expires in 59m 58s" or "expired 3m 12s ago".
pub fn describe_expiry(exp: f64, now: SystemTime) -> String {
    let left = exp - epoch_seconds_f64(now);
    if left > 0.0 {
        format!("expires in {}", format_duration_short(left))
    } else {
        format!("expired {} ago", format_duration_short(-left))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec<'a>(claims: &'a Value, perms: Option<&'a [Permission]>) -> TokenSpec<'a> {
        TokenSpec {
            channel: "demo",
            installation: "local",
            claims,
            permissions: perms,
            ttl: Duration::from_secs(60),
        }
    }

    #[test]
    fn signed_tokens_verify_and_other_keys_do_not() {
        let key = SigningKey::generate().unwrap();
        let other = SigningKey::generate().unwrap();
        let claims = json!({"b": 1, "a": 2});
        let (token, exp) = sign(&key, &spec(&claims, None), SystemTime::now()).unwrap();
        let v = verify(&token, &key).unwrap().into_verified().unwrap();
        assert_eq!(v.channel, "demo");
        assert_eq!(v.claims_canonical, r#"{"a":2,"b":1}"#);
        assert_eq!(v.exp as i64, exp);
        let err = verify(&token, &other).unwrap_err();
        assert_eq!(err.code, TokenErrorCode::InvalidToken);
    }

    #[test]
    fn alg_none_is_rejected() {
        let key = SigningKey::generate().unwrap();
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(
            br#"{"exp":9999999999,"channel":{"name":"demo"},"installationId":"local","claims":{}}"#,
        );
        let token = format!("{header}.{payload}.");
        let err = verify(&token, &key).unwrap_err();
        assert_eq!(err.code, TokenErrorCode::InvalidToken);
        assert!(err.message.contains("none"), "{}", err.message);
    }

    #[test]
    fn expiry_has_no_leeway() {
        let key = SigningKey::generate().unwrap();
        let claims = json!({});
        let now = SystemTime::now();
        let (token, exp) = sign(&key, &spec(&claims, None), now).unwrap();
        let d = decode_unverified(&token).unwrap();
        let at_exp = std::time::UNIX_EPOCH + Duration::from_secs(exp as u64);
        assert_eq!(
            d.check(Some("demo"), None, at_exp).unwrap_err().code,
            TokenErrorCode::TokenExpired
        );
        assert!(
            d.check(Some("demo"), None, at_exp - Duration::from_millis(1))
                .is_ok()
        );
    }

    #[test]
    fn channel_and_permission_checks() {
        let key = SigningKey::generate().unwrap();
        let claims = json!({});
        let perms = [Permission::Subscribe];
        let (token, _) = sign(&key, &spec(&claims, Some(&perms)), SystemTime::now()).unwrap();
        let d = decode_unverified(&token).unwrap();
        let now = SystemTime::now();
        assert_eq!(
            d.check(Some("other"), None, now).unwrap_err().code,
            TokenErrorCode::ChannelNameMismatch
        );
        assert_eq!(
            d.check(Some("demo"), Some(Permission::Publish), now)
                .unwrap_err()
                .code,
            TokenErrorCode::MissingPermission
        );
        assert!(
            d.check(Some("demo"), Some(Permission::Subscribe), now)
                .is_ok()
        );
    }

    #[test]
    fn malformed_tokens_are_invalid_not_panics() {
        for bad in [
            "",
            "a.b",
            "a.b.c.d",
            "!!!.???.x",
            &"x".repeat(MAX_TOKEN_BYTES + 1),
            "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.x",
            "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOiJzb29uIn0.x",
        ] {
            let result =
                decode_unverified(bad).and_then(|d| d.check(None, None, SystemTime::now()));
            assert_eq!(
                result.unwrap_err().code,
                TokenErrorCode::InvalidToken,
                "{bad:.40}"
            );
        }
    }
}
