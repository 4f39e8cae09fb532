//! `frt inspect-token`: decode a token without a key and say, at a glance, what it is
//! for, when it expires and whether it would be accepted.

use std::io::{IsTerminal, Read};
use std::time::{Duration, SystemTime};

use colored::Colorize;
use rmcp::schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::Error;
use crate::cli::InspectTokenArgs;
use crate::client::Client;
use crate::commands::{Invocation, connect_options, module_context, usage};
use crate::exit::ExitStatus;
use crate::printer::{Render, paint, terminal_safe};
use crate::protocol::{VERIFY_PATH, VerifyRequest, VerifyResponse};
use crate::timefmt::{epoch_seconds_f64, format_epoch};
use crate::token::{self, DecodedToken, Permission, TokenError, TokenErrorCode, describe_expiry};

/// Most input read as a token; more is certainly not one.
const MAX_INPUT: u64 = 1024 * 1024;

/// How the signature was (or was not) checked.
pub enum Signature {
    NotChecked,
    Good(String),
    Bad(TokenError),
}

pub async fn run(args: &InspectTokenArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    let text = read_input(args, inv)?;
    if text.trim().is_empty() {
        return Err(usage(
            "no token given (the input is empty): pass it as an argument, '-' to read stdin, or --file PATH",
        ));
    }
    let now = SystemTime::now();
    let decoded = match token::decode_unverified(&text) {
        Ok(d) => d,
        Err(e) => {
            report_malformed(&e, inv);
            return Ok(ExitStatus::TokenRejected);
        }
    };
    let signature = if args.verify || args.key_file.is_some() {
        check_signature(&text, args, inv).await?
    } else {
        Signature::NotChecked
    };
    let checks = Checks {
        channel: args.channel.clone(),
        permission: args.permission,
        expires_within: args.expires_within,
    };
    let verdict = verdict(&decoded, &signature, &checks, now);
    render(&decoded, &signature, &verdict, inv, now);
    match &verdict {
        Ok(()) => Ok(ExitStatus::Ok),
        Err((code, message)) => {
            // The human report says it on stdout; every other mode keeps stdout to
            // the result and says it here.
            if !inv.printer.is_human() {
                inv.printer.failure(&format!(
                    "token rejected: {code}: {}",
                    terminal_safe(message)
                ));
            }
            Ok(ExitStatus::TokenRejected)
        }
    }
}

fn read_input(args: &InspectTokenArgs, inv: &Invocation) -> Result<String, Error> {
    if let Some(t) = args.token.as_deref().filter(|t| *t != "-") {
        return Ok(t.to_string());
    }
    let mut buf = Vec::new();
    if let Some(path) = &args.file {
        let file = std::fs::File::open(path)
            .map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?;
        file.take(MAX_INPUT + 1)
            .read_to_end(&mut buf)
            .map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?;
    } else if args.token.is_none() {
        // Stdin only when asked ('-'); a terminal is asked for the token.
        let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        if inv.no_input || !interactive {
            return Err(usage(
                "no token given: pass it as an argument, '-' to read stdin, or --file PATH",
            ));
        }
        return dialoguer::Input::<String>::new()
            .with_prompt("token")
            .allow_empty(true)
            .interact_text()
            .map_err(|e| usage(format!("no token read from the prompt: {e}")));
    } else {
        std::io::stdin()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut buf)
            .map_err(|e| usage(format!("cannot read stdin: {e}")))?;
    }
    if buf.len() as u64 > MAX_INPUT {
        return Err(Error::Token(TokenError::new(
            TokenErrorCode::InvalidToken,
            "the input is over 1 MiB; that is not a token",
        )));
    }
    String::from_utf8(buf).map_err(|_| {
        Error::Token(TokenError::new(
            TokenErrorCode::InvalidToken,
            "the input is not text; a token is base64url and dots",
        ))
    })
}

async fn check_signature(
    text: &str,
    args: &InspectTokenArgs,
    inv: &Invocation,
) -> Result<Signature, Error> {
    if let Some(path) = &args.key_file {
        let key = crate::state::read_signing_key(path).map_err(usage)?;
        let how = format!("with key file {}", path.display());
        return Ok(match token::verify(text, &key) {
            Ok(_) => Signature::Good(how),
            // Expiry is judged after the signature: the signature is good, and the
            // verdict below says the token expired.
            Err(e) if e.code == TokenErrorCode::TokenExpired => Signature::Good(how),
            Err(e) => Signature::Bad(e),
        });
    }
    let client = Client::from_options(&connect_options(&args.conn, inv))?;
    if client.is_forge_proxy() {
        return Err(usage(
            "--verify asks a frt hub; the Forge egress proxy has no verify endpoint (use --key-file, or unset FORGE_EGRESS_PROXY_URL)",
        ));
    }
    ask_hub(&client, &module_context(&args.context)?, text).await
}

/// The hub's word on a token's signature (`--verify`, and the MCP server's
/// `inspect_token`).
pub async fn ask_hub(
    client: &Client,
    context: &crate::channel::ModuleContext,
    text: &str,
) -> Result<Signature, Error> {
    let resp: VerifyResponse = client
        .post(
            VERIFY_PATH,
            &VerifyRequest {
                token: text.trim().to_string(),
            },
            context,
        )
        .await?;
    let code = resp
        .code
        .as_deref()
        .and_then(TokenErrorCode::parse)
        .unwrap_or(TokenErrorCode::InvalidToken);
    let how = format!("by the hub at {}", client.endpoint());
    Ok(if resp.valid || code == TokenErrorCode::TokenExpired {
        // The hub checks expiry after the signature, as the key-file path does.
        Signature::Good(how)
    } else {
        Signature::Bad(TokenError::new(code, resp.message.unwrap_or_default()))
    })
}

/// What a token must satisfy besides its signature and expiry.
#[derive(Debug, Default)]
pub struct Checks {
    pub channel: Option<String>,
    pub permission: Option<Permission>,
    pub expires_within: Option<Duration>,
}

/// The first reason the token would be refused, or Ok.
pub fn verdict(
    decoded: &DecodedToken,
    signature: &Signature,
    args: &Checks,
    now: SystemTime,
) -> Result<(), (String, String)> {
    if let Signature::Bad(e) = signature {
        return Err((e.code.as_str().into(), e.message.clone()));
    }
    decoded
        .check(args.channel.as_deref(), args.permission, now)
        .map_err(|e| (e.code.as_str().to_string(), e.message))?;
    if let Some(window) = args.expires_within {
        let exp = decoded
            .exp()
            .map_err(|e| (e.code.as_str().to_string(), e.message))?;
        let left = exp - epoch_seconds_f64(now);
        if left <= window.as_secs_f64() {
            return Err((
                "EXPIRES_SOON".into(),
                format!(
                    "the token {} — within the {} window",
                    describe_expiry(exp, now),
                    humantime::format_duration(Duration::from_secs(window.as_secs()))
                ),
            ));
        }
    }
    Ok(())
}

fn report_malformed(e: &TokenError, inv: &Invocation) {
    inv.printer.print(&Malformed(e));
}

/// What `-o json` prints about a token (and the MCP server's `inspect_token` returns).
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct Report {
    /// The JOSE header, as decoded (null when the token could not be decoded)
    pub header: Value,
    /// The claims as signed: channel, installation, permissions, exp, iat and the
    /// caller's own claims (null when the token could not be decoded)
    pub payload: Value,
    /// valid, expires_soon, expired or invalid
    pub status: String,
    /// The platform's code when not valid, e.g. TOKEN_EXPIRED
    pub code: Option<String>,
    /// Why, when not valid
    pub message: Option<String>,
    /// When it expires, RFC 3339
    pub expires_at: Option<String>,
    /// Seconds until it expires (negative once expired)
    pub expires_in_seconds: Option<i64>,
    /// Whether the signature was checked and is good
    pub verified: bool,
}

impl Report {
    /// A token that could not even be decoded.
    pub fn malformed(e: &TokenError) -> Report {
        Report {
            header: Value::Null,
            payload: Value::Null,
            status: "invalid".into(),
            code: Some(e.code.as_str().into()),
            message: Some(e.message.clone()),
            expires_at: None,
            expires_in_seconds: None,
            verified: false,
        }
    }

    pub fn new(
        decoded: &DecodedToken,
        signature: &Signature,
        verdict: &Result<(), (String, String)>,
        now: SystemTime,
    ) -> Report {
        let exp = decoded.exp().ok();
        let (status, code, message) = match verdict {
            Ok(()) => ("valid", None, None),
            Err((c, m)) => (status_word(c), Some(c.clone()), Some(m.clone())),
        };
        Report {
            header: decoded.header.clone(),
            payload: decoded.payload.clone(),
            status: status.into(),
            code,
            message,
            expires_at: exp.map(format_epoch),
            expires_in_seconds: exp.map(|e| (e - epoch_seconds_f64(now)).floor() as i64),
            verified: matches!(signature, Signature::Good(_)),
        }
    }
}

/// A token that could not even be decoded.
struct Malformed<'a>(&'a TokenError);

impl Render for Malformed<'_> {
    fn json(&self) -> Value {
        serde_json::to_value(Report::malformed(self.0)).unwrap_or_default()
    }

    /// Nothing: there is no payload to show, and stderr says why.
    fn raw(&self) -> Option<String> {
        None
    }

    fn human(&self, color: bool) -> Option<String> {
        Some(format!(
            "{} {}: {}",
            paint(color, "status:", |s| s.bold()),
            paint(color, self.0.code.as_str(), |s| s.red().bold()),
            self.0.message
        ))
    }
}

fn render(
    decoded: &DecodedToken,
    signature: &Signature,
    verdict: &Result<(), (String, String)>,
    inv: &Invocation,
    now: SystemTime,
) {
    inv.printer.print(&Inspection {
        decoded,
        signature,
        verdict,
        now,
    });
}

/// What a token is, whether its signature was checked, and the verdict.
struct Inspection<'a> {
    decoded: &'a DecodedToken,
    signature: &'a Signature,
    verdict: &'a Result<(), (String, String)>,
    now: SystemTime,
}

impl Render for Inspection<'_> {
    fn json(&self) -> Value {
        serde_json::to_value(Report::new(
            self.decoded,
            self.signature,
            self.verdict,
            self.now,
        ))
        .unwrap_or_default()
    }

    /// The token's payload, the claims as signed, as one JSON line.
    fn raw(&self) -> Option<String> {
        Some(self.decoded.payload.to_string())
    }

    fn human(&self, on: bool) -> Option<String> {
        Some(self.lines(on).join("\n"))
    }
}

/// `status` in `-o json`: what a script branches on; `code` has the platform's code.
fn status_word(code: &str) -> &'static str {
    match code {
        "EXPIRES_SOON" => "expires_soon",
        "TOKEN_EXPIRED" => "expired",
        _ => "invalid",
    }
}

impl Inspection<'_> {
    /// The report, one labelled line per fact.
    fn lines(&self, on: bool) -> Vec<String> {
        let (decoded, signature, verdict, now) =
            (self.decoded, self.signature, self.verdict, self.now);
        let exp = decoded.exp().ok();
        let verified = matches!(signature, Signature::Good(_));
        let label = |s: &str| paint(on, &format!("{s:<13}"), |t| t.bold());
        let header_str = |k: &str| {
            decoded
                .header
                .get(k)
                .and_then(Value::as_str)
                .map(|v| terminal_safe(v).into_owned())
                .unwrap_or_else(|| "-".into())
        };
        let mut lines = vec![
            format!(
                "{}alg {} · kid {}",
                label("header"),
                header_str("alg"),
                header_str("kid")
            ),
            format!(
                "{}{}",
                label("channel"),
                decoded
                    .channel()
                    .map(|c| format!("\"{}\"", terminal_safe(c)))
                    .unwrap_or_else(|_| "(none)".into())
            ),
            format!(
                "{}{}",
                label("installation"),
                terminal_safe(decoded.installation().unwrap_or("(none)"))
            ),
            format!(
                "{}{}",
                label("permissions"),
                match decoded.permissions() {
                    Ok(None) => "publish and subscribe".to_string(),
                    Ok(Some(p)) =>
                        p.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ") + " only",
                    Err(e) => format!("(malformed: {})", e.message),
                }
            ),
        ];
        let claims = serde_json::to_string_pretty(decoded.claims()).unwrap_or_default();
        let mut claim_lines = claims.lines();
        lines.push(format!(
            "{}{}",
            label("claims"),
            claim_lines.next().unwrap_or("")
        ));
        lines.extend(claim_lines.map(|l| format!("{:13}{l}", "")));
        if let Some(iat) = decoded.iat() {
            let ago = epoch_seconds_f64(now) - iat;
            lines.push(format!(
                "{}{} ({} ago)",
                label("issued"),
                format_epoch(iat),
                crate::timefmt::format_duration_short(ago.max(0.0))
            ));
        }
        match exp {
            Some(e) => {
                let rel = describe_expiry(e, now);
                let rel = if e > epoch_seconds_f64(now) {
                    paint(on, &rel, |s| s.green())
                } else {
                    paint(on, &rel, |s| s.red().bold())
                };
                lines.push(format!("{}{} ({rel})", label("expires"), format_epoch(e)));
            }
            None => lines.push(format!("{}(no usable exp)", label("expires"))),
        }
        lines.push(format!(
            "{}{}",
            label("signature"),
            match signature {
                Signature::NotChecked =>
                    "NOT CHECKED — decoded without a key (add --verify to check it)".to_string(),
                Signature::Good(how) => format!("good, verified {how}"),
                Signature::Bad(e) => paint(on, &format!("BAD: {}", e.message), |s| s.red().bold()),
            }
        ));
        lines.push(format!(
            "{}{}",
            label("status"),
            match verdict {
                Ok(()) if verified => paint(on, "valid", |s| s.green().bold()),
                Ok(()) => paint(on, "valid (signature not checked)", |s| s.green()),
                Err((code, message)) =>
                    format!("{}: {message}", paint(on, code, |s| s.red().bold())),
            }
        ));
        lines
    }
}
