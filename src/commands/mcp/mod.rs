//! `frt mcp`: a Model Context Protocol server on stdio, built on the official Rust SDK
//! (`rmcp`), so that an assistant in an editor can publish, subscribe, sign and inspect
//! tokens, list live channels and ask why an event reached nobody. Every tool goes
//! through the client core as the matching command does; the hub is resolved for each
//! call as every command resolves it (flags given to `frt mcp`, environment, profile,
//! `hub.json`), so a hub started after the editor is found.

mod collect;
mod explain;
mod outputs;
mod params;
mod tools;

use std::sync::Arc;
use std::time::Duration;

use rmcp::ServiceExt;
use rmcp::model::{CallToolResult, ContentBlock};
use serde::Serialize;
use serde_json::Value;

use crate::Error;
use crate::channel::ModuleContext;
use crate::cli::McpArgs;
use crate::client::{Client, ConnectOptions};
use crate::commands::{Invocation, connect_options, module_context, refuse_forge_proxy};
use crate::exit::ExitStatus;

use params::Caller;

/// How much one tool call may take and show.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Longest a subscribe call collects for.
    pub max_wait: Duration,
    /// Most events a subscribe call returns.
    pub max_events: u64,
    /// Payload bytes shown per event; longer ones are cut, with a note.
    pub truncate_at: usize,
}

/// The server: how to reach the hub, and the caller a tool call names only in part.
#[derive(Clone)]
pub struct FrtServer {
    shared: Arc<Shared>,
}

struct Shared {
    connect: ConnectOptions,
    /// The client of the last call: its connections are kept between calls.
    client: std::sync::Mutex<Option<Client>>,
    defaults: ModuleContext,
    bounds: Bounds,
}

pub async fn run(args: &McpArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    refuse_forge_proxy("mcp", &args.conn)?;
    let server = FrtServer {
        shared: Arc::new(Shared {
            connect: connect_options(&args.conn, inv),
            client: std::sync::Mutex::new(None),
            defaults: module_context(&args.context)?,
            bounds: Bounds {
                max_wait: args.max_wait,
                max_events: args.max_events as u64,
                truncate_at: args.truncate_at,
            },
        }),
    };
    // Said on stderr (the editor's log), not refused: a hub started later is found
    // when a tool is called.
    if let Err(e) = server.client() {
        inv.printer
            .warn(&format!("{e}; tools will fail until a hub is there"));
    }
    let running = server
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| Error::Other(format!("the MCP client did not initialize: {e}")))?;
    tokio::select! {
        ended = running.waiting() => {
            ended.map_err(|e| Error::Other(format!("the MCP server stopped: {e}")))?;
            Ok(ExitStatus::Ok)
        }
        _ = tokio::signal::ctrl_c() => Ok(ExitStatus::Interrupted),
    }
}

impl FrtServer {
    /// The hub: the last call's, unless `hub.json` now names another (a restarted
    /// hub), or resolved afresh when no call found one yet.
    fn client(&self) -> Result<Client, Error> {
        let mut cached = self
            .shared
            .client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let current = match cached.as_ref() {
            Some(c) => c.rediscovered().unwrap_or_else(|| c.clone()),
            None => Client::from_options(&self.shared.connect)?,
        };
        *cached = Some(current.clone());
        Ok(current)
    }

    fn bounds(&self) -> Bounds {
        self.shared.bounds
    }

    /// The API key in use, to keep out of every result.
    fn secret(&self) -> Option<String> {
        let used = self
            .shared
            .client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .as_ref()
            .map(|c| c.api_key().to_string());
        used.or_else(|| {
            crate::client::resolve(&self.shared.connect)
                .ok()
                .map(|(_, key)| key)
        })
        .filter(|k| !k.is_empty())
    }

    /// The call's caller: what it names, over what `frt mcp` was started with.
    fn caller(&self, given: &Caller) -> Result<ModuleContext, Error> {
        let mut context = self.shared.defaults.clone();
        if let Some(i) = &given.installation {
            crate::channel::check_context_text("installation", i).map_err(usage)?;
            context.installation_id = i.clone();
        }
        if let Some(m) = &given.module {
            crate::channel::check_context_text("module", m).map_err(usage)?;
            context.module_key = m.clone();
        }
        if let Some(properties) = &given.context {
            context.extension.clear();
            for (k, v) in properties {
                context
                    .set_property(k, v)
                    .map_err(|e| Error::Usage(format!("context {k}={v}: {e}")))?;
            }
        }
        Ok(context)
    }

    /// A tool's outcome as MCP sees it: the structured result with a short summary, or
    /// a tool error the assistant can read. Neither ever holds the API key.
    fn respond(&self, outcome: Result<(String, Value), Error>) -> CallToolResult {
        let secret = self.secret();
        let scrub = |text: &str| match &secret {
            Some(key) => text.replace(key.as_str(), "<redacted>"),
            None => text.to_string(),
        };
        match outcome {
            Ok((summary, mut value)) => {
                if let Some(key) = &secret {
                    redact(&mut value, key);
                }
                let mut result = CallToolResult::success(vec![ContentBlock::text(scrub(&summary))]);
                result.structured_content = Some(value);
                result
            }
            Err(e) => {
                let text = match e.code() {
                    Some(code) => format!("{code}: {e}"),
                    None => e.to_string(),
                };
                CallToolResult::error(vec![ContentBlock::text(scrub(&text))])
            }
        }
    }
}

fn usage(e: impl std::fmt::Display) -> Error {
    Error::Usage(e.to_string())
}

/// The structured part of a result, with the tool's summary.
fn structured<T: Serialize>(summary: String, output: &T) -> Result<(String, Value), Error> {
    let value = serde_json::to_value(output).map_err(|e| Error::Other(e.to_string()))?;
    Ok((summary, value))
}

/// Replaces `secret` wherever it appears in a string of `value`.
fn redact(value: &mut Value, secret: &str) {
    match value {
        Value::String(s) if s.contains(secret) => *s = s.replace(secret, "<redacted>"),
        Value::Array(items) => items.iter_mut().for_each(|v| redact(v, secret)),
        Value::Object(map) => map.values_mut().for_each(|v| redact(v, secret)),
        _ => {}
    }
}

/// A tool's payload argument as the text published: a string as it is, any other
/// JSON as its text.
fn payload_text(payload: Value) -> String {
    match payload {
        Value::String(s) => s,
        other => other.to_string(),
    }
}
