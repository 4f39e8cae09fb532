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
    let client = Client::from_options(&connect_options(&args.conn, inv))?;
    let resp = client
        .sign_token(&SignRequest {
            channel: args.channel.clone(),
            claims,
            permissions,
            ttl: args.ttl,
            context,
        })
        .await?;
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
