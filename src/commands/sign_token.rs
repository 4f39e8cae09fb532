//! `frt sign-token`: the token alone on stdout, its expiry on stderr.

use std::io::IsTerminal;
use std::time::SystemTime;

use serde_json::{Map, Value, json};

use crate::Error;
use crate::cli::SignTokenArgs;
use crate::client::{Client, SignRequest};
use crate::commands::{
    Invocation, connect_options, in_container, module_context, usage, warn_unsent_context,
};
use crate::exit::ExitStatus;
use crate::printer::Render;
use crate::protocol::TokenResponse;
use crate::timefmt::{epoch_seconds_f64, format_duration_short, format_epoch};

pub async fn run(args: &SignTokenArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    crate::channel::validate_channel_name(&args.channel).map_err(usage)?;
    let context = module_context(&args.context)?;
    if in_container(&args.conn) {
        warn_unsent_context(&args.context, inv);
    }
    let claims = build_claims(args)?;
    let permissions = (!args.permission.is_empty()).then(|| {
        let mut p = args.permission.clone();
        p.dedup();
        p
    });
    let request = SignRequest {
        channel: args.channel.clone(),
        claims,
        permissions,
        ttl: args.ttl,
        context,
    };
    let resp = match &args.key_file {
        Some(path) => sign_offline(path, &request, args)?,
        None => {
            Client::from_options(&connect_options(&args.conn, inv))?
                .sign_token(&request)
                .await?
        }
    };
    if let (Some(asked), Some(granted)) = (args.ttl, resp.ttl_seconds)
        && asked.as_secs() > granted
    {
        inv.printer.warn(&format!(
            "the hub capped the lifetime at {} (asked for {})",
            format_duration_short(granted as f64),
            format_duration_short(asked.as_secs() as f64)
        ));
    }
    inv.printer.print(&Signed(&resp));
    if inv.printer.is_human() && std::io::stderr().is_terminal() {
        let exp = resp.expires_at as f64;
        let left = exp - epoch_seconds_f64(SystemTime::now());
        inv.printer.status(&format!(
            "expires {} (in {})",
            format_epoch(exp),
            format_duration_short(left)
        ));
    }
    Ok(ExitStatus::Ok)
}

/// A signed token: the token alone is the result, so it can be captured with `$(…)`.
struct Signed<'a>(&'a TokenResponse);

impl Render for Signed<'_> {
    fn json(&self) -> Value {
        json!({"token": self.0.token, "expiresAt": self.0.expires_at})
    }

    fn raw(&self) -> Option<String> {
        Some(self.0.token.clone())
    }

    fn human(&self, _color: bool) -> Option<String> {
        self.raw()
    }
}

/// Claims from `--claims`/`--claims-file`, then each `--claim key=value` on top.
/// Signs with a key file, through the hub's own signing path. The lifetime is what
/// was asked (default: the hub's default maximum); a hub with a lower --token-ttl
/// would have capped it, which offline signing cannot know.
fn sign_offline(
    path: &std::path::Path,
    request: &SignRequest,
    args: &SignTokenArgs,
) -> Result<TokenResponse, Error> {
    if in_container(&args.conn) {
        return Err(usage(
            "--key-file signs offline; inside a Forge container the platform signs (drop --key-file, or unset FORGE_EGRESS_PROXY_URL)",
        ));
    }
    let key = crate::state::read_signing_key(path).map_err(usage)?;
    let wire = request.to_wire();
    let max_ttl = args.ttl.unwrap_or(crate::hub::HubConfig::DEFAULT_TOKEN_TTL);
    crate::token::sign_request(
        &key,
        &request.context.installation_id,
        &wire,
        max_ttl,
        SystemTime::now(),
    )
    .map_err(|refusal| match refusal {
        crate::token::SignRefusal::Invalid { message, .. } => usage(message),
        crate::token::SignRefusal::Internal(message) => Error::Other(message),
    })
}

fn build_claims(args: &SignTokenArgs) -> Result<Value, Error> {
    let mut claims = match (&args.claims, &args.claims_file) {
        (Some(text), _) => serde_json::from_str(text)
            .map_err(|e| usage(format!("--claims is not valid JSON: {e}")))?,
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?;
            serde_json::from_str(&text)
                .map_err(|e| usage(format!("{} is not valid JSON: {e}", path.display())))?
        }
        (None, None) => Value::Object(Map::new()),
    };
    if !args.claim.is_empty() {
        let obj = claims.as_object_mut().ok_or_else(|| {
            usage("--claim adds keys to an object, but --claims is not a JSON object")
        })?;
        for (k, v) in &args.claim {
            let value = serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.clone()));
            obj.insert(k.clone(), value);
        }
    }
    Ok(claims)
}
