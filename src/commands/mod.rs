//! One file per subcommand; this module holds what they share: the run environment,
//! and turning context and token flags into the client core's types.

pub mod bench;
pub mod browser;
pub mod channels;
pub mod inspect_token;
pub mod mcp;
pub mod profile;
pub mod publish;
pub mod replay;
pub mod serve;
pub mod sign_token;
pub mod smoke;
pub(crate) mod stream;
pub mod subscribe;
pub(crate) mod tally;
pub mod tap;

use std::time::SystemTime;

use crate::Error;
use crate::channel::{ChannelKey, ModuleContext, canonical_json, parse_overrides};
use crate::cli::{ConnectionArgs, ContextArgs, DEFAULT_INSTALLATION, DEFAULT_MODULE, TokenArgs};
use crate::client::ConnectOptions;
use crate::printer::Printer;
use crate::protocol::Hint;
use crate::token::{self, Permission};

/// How frt was invoked, beyond the subcommand's own flags: where and how results
/// are shown, how talkative to be, and whether prompting is allowed.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub printer: Printer,
    pub verbose: u8,
    pub no_input: bool,
    /// `--profile` / `FRT_PROFILE`, as given.
    pub profile: Option<String>,
}

/// The caller's module context from `--installation`, `--module` and `--context`.
pub fn module_context(args: &ContextArgs) -> Result<ModuleContext, Error> {
    let mut context = ModuleContext::new(
        args.installation.as_deref().unwrap_or(DEFAULT_INSTALLATION),
        args.module.as_deref().unwrap_or(DEFAULT_MODULE),
    );
    for (flag, value) in [
        ("--installation", &context.installation_id),
        ("--module", &context.module_key),
    ] {
        crate::channel::check_context_text(flag, value)
            .map_err(|e| Error::Usage(format!("{flag}: {e}")))?;
    }
    for (k, v) in &args.context {
        context
            .set_property(k, v)
            .map_err(|e| Error::Usage(format!("--context {k}={v}: {e}")))?;
    }
    Ok(context)
}

/// Whether calls go to the platform's egress proxy (inside a Forge container)
/// rather than to a hub.
pub fn in_container(conn: &ConnectionArgs) -> bool {
    conn.forge_proxy.is_some()
}

/// For commands that need a frt hub: the egress proxy's flags (or its variable, set
/// in every Forge container) are refused with the reason, not silently ignored.
pub fn refuse_forge_proxy(command: &str, conn: &ConnectionArgs) -> Result<(), Error> {
    if in_container(conn) {
        return Err(Error::needs_hub(command));
    }
    Ok(())
}

/// Inside a Forge container the platform knows the caller: says which of the flags
/// that describe a caller to a hub were given, since they are not sent.
pub fn warn_unsent_context(args: &ContextArgs, inv: &Invocation) {
    let mut unsent = Vec::new();
    if args.installation.is_some() {
        unsent.push("--installation");
    }
    if args.module.is_some() {
        unsent.push("--module");
    }
    if !args.context.is_empty() {
        unsent.push("--context");
    }
    if !unsent.is_empty() {
        inv.printer.warn(&format!(
            "{} {} not sent inside a Forge container: the platform knows the caller's context",
            unsent.join(", "),
            if unsent.len() == 1 { "is" } else { "are" }
        ));
    }
}

/// The token from `--token` or `--token-file`.
pub fn read_token(args: &TokenArgs) -> Result<Option<String>, Error> {
    if let Some(t) = &args.token {
        return Ok(Some(t.trim().to_string()));
    }
    if let Some(path) = &args.token_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Usage(format!("cannot read token file {}: {e}", path.display())))?;
        return Ok(Some(text.trim().to_string()));
    }
    Ok(None)
}

/// The client's connection settings from the flags. `--insecure` is announced here,
/// every time and even with `-q`: an unchecked hub should never go unnoticed.
pub fn connect_options(conn: &ConnectionArgs, inv: &Invocation) -> ConnectOptions {
    if conn.insecure {
        inv.printer.security_warning(
            "--insecure: the hub's TLS certificate is not checked; anyone on the path can read and change this traffic",
        );
    }
    ConnectOptions {
        endpoint: conn.endpoint.clone(),
        api_key: conn.api_key.clone(),
        state_dir: conn.state_dir.clone(),
        request_timeout: Some(conn.request_timeout),
        retries: Some(conn.retries),
        verbose: inv.verbose > 0,
        forge_proxy: conn.forge_proxy.clone(),
        invocation_id: conn.invocation_id.clone(),
        trust: crate::tls::Trust {
            cacert: conn.cacert.clone(),
            insecure: conn.insecure,
        },
    }
}

/// The platform SDK's checks on a token, before any network call (exit 4 on failure,
/// so a doomed request never counts toward the rate limit).
pub fn prevalidate(token: &str, channel: &str, op: Permission) -> Result<(), Error> {
    let decoded = token::decode_unverified(token)?;
    decoded.check(Some(channel), Some(op), SystemTime::now())?;
    Ok(())
}

/// The channel key this call resolves to, computed client-side for `-v` and to refuse
/// a call the hub would refuse (a listed override missing from the context).
pub fn resolve_key(
    channel: &str,
    global: bool,
    context: &ModuleContext,
    overrides: Option<&[String]>,
    token: Option<&str>,
) -> Result<ChannelKey, Error> {
    let claims = match token {
        Some(t) => Some(canonical_json(token::decode_unverified(t)?.claims())),
        None => None,
    };
    let key = if global {
        ChannelKey::global(channel, &context.installation_id, claims)
    } else {
        let overrides = overrides.map(parse_overrides).transpose().map_err(usage)?;
        ChannelKey::scoped(channel, context, overrides.as_ref(), claims)
    };
    key.map_err(usage)
}

/// Overrides as the call sends them: `None` when no flag was given.
pub fn overrides_arg(list: &[String]) -> Option<Vec<String>> {
    (!list.is_empty()).then(|| list.to_vec())
}

/// Resolves at `--timeout` from now, or never without one: the stop a streaming
/// command selects on.
pub async fn deadline(timeout: Option<std::time::Duration>) {
    match timeout {
        Some(t) => tokio::time::sleep(t).await,
        None => std::future::pending().await,
    }
}

/// `--timeout` reached before `--count` (a failure, exit 124) or with no count to
/// reach (done); said in one line either way.
pub fn timed_out(
    timeout: Option<std::time::Duration>,
    count: Option<u64>,
    received: u64,
    inv: &Invocation,
) -> crate::exit::ExitStatus {
    let after = humantime::format_duration(timeout.unwrap_or_default());
    match count {
        Some(n) => {
            inv.printer.failure(&format!(
                "timed out after {after}: {received} of {n} events"
            ));
            crate::exit::ExitStatus::Timeout
        }
        None => {
            inv.printer.status(&format!(
                "stopped after {after} (--timeout): {received} events"
            ));
            crate::exit::ExitStatus::Ok
        }
    }
}

pub fn usage(e: impl std::fmt::Display) -> Error {
    Error::Usage(e.to_string())
}

/// Who is reading a near-miss hint.
#[derive(Debug, Clone, Copy)]
pub enum HintReader {
    Publisher,
    Subscriber,
}

/// The hub says what differs; frt adds which command or flag would have met the
/// other key. `global` is the plane the reader used.
pub fn in_cli_words(hint: &Hint, reader: HintReader, global: bool) -> String {
    if hint.component != "plane" {
        return hint.message.clone();
    }
    let advice = match (reader, global) {
        (HintReader::Publisher, false) => "did you mean publish-global?",
        (HintReader::Publisher, true) => "did you mean publish (not publish-global)?",
        (HintReader::Subscriber, false) => "did you mean --global?",
        (HintReader::Subscriber, true) => "drop --global?",
    };
    format!("{} — {advice}", hint.message)
}

/// A hub's notice about the connection (its cluster lost or regained Redis), as a
/// warning: the stream carries on.
pub fn hub_notice(inv: &Invocation, code: &str, message: &str) {
    inv.printer.warn(&format!(
        "the hub says {}: {}",
        crate::printer::terminal_safe(code),
        crate::printer::terminal_safe(message)
    ));
}
