//! The tools, each a thin layer over the client core: read the arguments, resolve the
//! caller and the key as the matching command does, call, and say what happened in a
//! line or two beside the structured result.

use std::sync::Arc;
use std::time::SystemTime;

use rmcp::handler::server::common::schema_for_output;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, JsonObject};
use rmcp::{ErrorData, ServerHandler, tool, tool_handler, tool_router};
use serde_json::Value;

use crate::Error;
use crate::channel::{ModuleContext, validate_channel_name};
use crate::client::{ChannelFilter, Publish, SignRequest, SubscribeOptions};
use crate::commands::inspect_token::{self, Checks, Report, Signature};
use crate::commands::mcp::collect::{Wanted, collect};
use crate::commands::mcp::outputs::*;
use crate::commands::mcp::params::*;
use crate::commands::mcp::{FrtServer, payload_text, structured, usage};
use crate::commands::{prevalidate, resolve_key};
use crate::printer::terminal_safe;
use crate::timefmt::format_epoch;
use crate::token::{self, Permission};

type Outcome = Result<(String, Value), Error>;

/// A result's schema, without the `format`s schemars gives integers (`uint64`): JSON
/// Schema does not define them, and clients' validators warn about each one.
fn output_schema<T: rmcp::schemars::JsonSchema + 'static>() -> Arc<JsonObject> {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                if map
                    .get("format")
                    .and_then(Value::as_str)
                    .is_some_and(|f| f.starts_with("int") || f.starts_with("uint"))
                {
                    map.remove("format");
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut schema = Value::Object((*schema_for_output::<T>()).clone());
    strip(&mut schema);
    match schema {
        Value::Object(map) => Arc::new(map),
        _ => schema_for_output::<T>(),
    }
}

/// One publish, on either plane.
struct PublishCall {
    channel: String,
    payload: Value,
    caller: Caller,
    overrides: Option<Vec<String>>,
    token: Option<String>,
    global: bool,
}

#[tool_router]
impl FrtServer {
    #[tool(
        description = "Publish an event to a scoped channel (the plane @forge/bridge realtime.subscribe listens on). \
It reaches subscribers whose channel key is equal: same installation, name, module and context (or the same context overrides), and token claims. \
Says whether anyone received it and, when nobody did, which live keys differ in one component.",
        output_schema = output_schema::<PublishOutput>()
    )]
    async fn publish(
        &self,
        Parameters(p): Parameters<PublishParams>,
    ) -> Result<CallToolResult, ErrorData> {
        let call = PublishCall {
            channel: p.channel,
            payload: p.payload,
            caller: p.caller,
            overrides: p.context_overrides,
            token: p.token,
            global: false,
        };
        Ok(self.respond(self.publish_one(call).await))
    }

    #[tool(
        description = "Publish an event to a global channel (no module or context scope; subscribeGlobal listens there). \
It reaches subscribers of the same installation, name and token claims.",
        output_schema = output_schema::<PublishOutput>()
    )]
    async fn publish_global(
        &self,
        Parameters(p): Parameters<PublishGlobalParams>,
    ) -> Result<CallToolResult, ErrorData> {
        let call = PublishCall {
            channel: p.channel,
            payload: p.payload,
            caller: p.caller,
            overrides: None,
            token: p.token,
            global: true,
        };
        Ok(self.respond(self.publish_one(call).await))
    }

    #[tool(
        description = "Listen on one or more channels and return the events that arrive, after maxEvents events or waitSeconds seconds, whichever comes first (both bounded by the server). \
With replaySeconds it first returns what the hub still holds from that recent past. Long payloads are cut, and say so.",
        output_schema = output_schema::<SubscribeOutput>(),
        annotations(read_only_hint = true)
    )]
    async fn subscribe(
        &self,
        Parameters(p): Parameters<SubscribeParams>,
    ) -> Result<CallToolResult, ErrorData> {
        Ok(self.respond(self.subscribe_for_a_while(p).await))
    }

    #[tool(
        description = "Sign a channel token: its claims become part of the channel key, and it can be limited to publish or subscribe. Returns the token and its expiry.",
        output_schema = output_schema::<SignTokenOutput>()
    )]
    async fn sign_token(
        &self,
        Parameters(p): Parameters<SignTokenParams>,
    ) -> Result<CallToolResult, ErrorData> {
        Ok(self.respond(self.sign(p).await))
    }

    #[tool(
        description = "Decode a channel token: its channel, installation, permissions, claims and expiry, and whether it would be accepted (status valid, expires_soon, expired or invalid, with the platform's code). \
Checks the signature with the hub unless verify is false.",
        output_schema = output_schema::<Report>(),
        annotations(read_only_hint = true)
    )]
    async fn inspect_token(
        &self,
        Parameters(p): Parameters<InspectTokenParams>,
    ) -> Result<CallToolResult, ErrorData> {
        Ok(self.respond(self.inspect(p).await))
    }

    #[tool(
        description = "List the hub's live channel keys (who is subscribed where): installation, plane, name, scope, a digest of token claims, and subscriber and event counts.",
        output_schema = output_schema::<ChannelsOutput>(),
        annotations(read_only_hint = true)
    )]
    async fn list_channels(
        &self,
        Parameters(p): Parameters<ListChannelsParams>,
    ) -> Result<CallToolResult, ErrorData> {
        Ok(self.respond(self.channels(p).await))
    }

    #[tool(
        description = "Explain why an event published to a channel reached nobody (eventId null): whether anyone is subscribed on exactly that key now, \
and the hub's hints, the live keys that differ in one component (name case, plane, module, context, overrides or token claims). Publishes nothing.",
        output_schema = output_schema::<ExplainOutput>(),
        annotations(read_only_hint = true)
    )]
    async fn explain_undelivered(
        &self,
        Parameters(p): Parameters<ExplainParams>,
    ) -> Result<CallToolResult, ErrorData> {
        Ok(self.respond(self.explain(p).await))
    }
}

#[tool_handler(
    name = "frt",
    instructions = "Realtime channels (Forge Realtime style) on a frt hub. An event reaches a subscriber only when both resolve to the same channel key: \
installation, plane (publish vs publish_global), exact name, scope (module and context, or context overrides) and token claims. \
When an event reaches nobody, call explain_undelivered with the same arguments."
)]
impl ServerHandler for FrtServer {}

impl FrtServer {
    async fn publish_one(&self, call: PublishCall) -> Outcome {
        let context = self.caller(&call.caller)?;
        let key = resolve_key(
            &call.channel,
            call.global,
            &context,
            call.overrides.as_deref(),
            call.token.as_deref(),
        )?;
        if let Some(t) = &call.token {
            prevalidate(t, &call.channel, Permission::Publish)?;
        }
        let result = self
            .client()?
            .publish(
                &Publish::new(call.channel.clone(), payload_text(call.payload), context)
                    .global(call.global)
                    .overrides(call.overrides)
                    .token(call.token),
            )
            .await?;
        let summary = match &result.event_id {
            Some(id) => format!(
                "published to \"{}\": event {id}",
                terminal_safe(&call.channel)
            ),
            None => {
                let mut text = format!(
                    "nobody is subscribed on {key}, so the event reached nobody (eventId null)"
                );
                for h in &result.hints {
                    text.push_str(&format!("\nhint: {}", h.message));
                }
                text
            }
        };
        let output = PublishOutput {
            delivered: result.event_id.is_some(),
            event_id: result.event_id,
            event_timestamp: result.event_timestamp,
            channel_key: key.to_string(),
            hints: result.hints.into_iter().map(HintOut::from).collect(),
        };
        structured(summary, &output)
    }

    async fn subscribe_for_a_while(&self, p: SubscribeParams) -> Outcome {
        if p.channels.is_empty() {
            return Err(usage("give at least one channel"));
        }
        if p.global && p.context_overrides.is_some() {
            return Err(usage(
                "contextOverrides do not apply to the global plane: global channels have no scope",
            ));
        }
        let context = self.caller(&p.caller)?;
        let mut channels: Vec<String> = Vec::new();
        let mut keys = Vec::new();
        for name in p.channels {
            if channels.contains(&name) {
                continue;
            }
            keys.push(
                resolve_key(
                    &name,
                    p.global,
                    &context,
                    p.context_overrides.as_deref(),
                    p.token.as_deref(),
                )?
                .to_string(),
            );
            if let Some(t) = &p.token {
                prevalidate(t, &name, Permission::Subscribe)?;
            }
            channels.push(name);
        }
        let opts = SubscribeOptions {
            channels: channels.clone(),
            global: p.global,
            context,
            overrides: p.context_overrides,
            token: p.token,
            replay_seconds: p.replay_seconds,
            reconnect: true,
            since: None,
        };
        let wanted = Wanted {
            max_events: p.max_events,
            wait_seconds: p.wait_seconds,
        };
        let got = collect(&self.client()?, opts, wanted, self.bounds()).await?;
        let names = channels
            .iter()
            .map(|c| format!("\"{}\"", terminal_safe(c)))
            .collect::<Vec<_>>()
            .join(", ");
        let took = humantime::format_duration(std::time::Duration::from_millis(
            got.waited.as_millis() as u64,
        ));
        let mut summary = match got.events.len() {
            0 => format!("no events on {names} within {took}"),
            n => format!(
                "{n} event{} on {names} in {took}{}",
                if n == 1 { "" } else { "s" },
                if got.stopped_by_count {
                    " (maxEvents reached)"
                } else {
                    ""
                }
            ),
        };
        for note in &got.notes {
            summary.push_str(&format!("\nnote: {note}"));
        }
        let output = SubscribeOutput {
            subscribed_to: keys,
            events: got.events,
            stopped_because: if got.stopped_by_count {
                "maxEvents"
            } else {
                "timeout"
            }
            .into(),
            notes: got.notes,
        };
        structured(summary, &output)
    }

    async fn sign(&self, p: SignTokenParams) -> Outcome {
        validate_channel_name(&p.channel).map_err(usage)?;
        let request = SignRequest {
            channel: p.channel.clone(),
            claims: Value::Object(p.claims.unwrap_or_default()),
            permissions: p
                .permissions
                .map(|ops| ops.into_iter().map(Permission::from).collect()),
            ttl: p.ttl_seconds.map(std::time::Duration::from_secs),
            context: self.caller(&p.caller)?,
        };
        let resp = self.client()?.sign_token(&request).await?;
        let mut summary = format!(
            "signed a token for \"{}\", expiring {}",
            terminal_safe(&p.channel),
            format_epoch(resp.expires_at as f64)
        );
        if let (Some(asked), Some(granted)) = (p.ttl_seconds, resp.ttl_seconds)
            && asked > granted
        {
            summary.push_str(&format!(" (the hub capped the lifetime at {granted} s)"));
        }
        let output = SignTokenOutput {
            token: resp.token,
            expires_at: resp.expires_at,
            ttl_seconds: resp.ttl_seconds,
        };
        structured(summary, &output)
    }

    async fn inspect(&self, p: InspectTokenParams) -> Outcome {
        let now = SystemTime::now();
        let decoded = match token::decode_unverified(&p.token) {
            Ok(d) => d,
            Err(e) => {
                let summary = format!("invalid: {}: {}", e.code.as_str(), e.message);
                return structured(summary, &Report::malformed(&e));
            }
        };
        let signature = if p.verify.unwrap_or(true) {
            inspect_token::ask_hub(&self.client()?, &self.shared.defaults, &p.token)
                .await
                .map_err(|e| {
                    Error::Other(format!(
                        "{e} (verify: false decodes the token without asking the hub)"
                    ))
                })?
        } else {
            Signature::NotChecked
        };
        let checks = Checks {
            channel: p.channel,
            permission: p.permission.map(Permission::from),
            expires_within: None,
        };
        let verdict = inspect_token::verdict(&decoded, &signature, &checks, now);
        let report = Report::new(&decoded, &signature, &verdict, now);
        let channel = decoded.channel().map(|c| c.to_string()).unwrap_or_default();
        let summary = match (&verdict, &signature) {
            (Ok(()), Signature::Good(_)) => format!(
                "valid token for \"{}\", signature verified, expires {}",
                terminal_safe(&channel),
                report.expires_at.as_deref().unwrap_or("?")
            ),
            (Ok(()), _) => format!(
                "valid token for \"{}\" (signature not checked), expires {}",
                terminal_safe(&channel),
                report.expires_at.as_deref().unwrap_or("?")
            ),
            (Err((code, message)), _) => format!("{code}: {message}"),
        };
        structured(summary, &report)
    }

    async fn channels(&self, p: ListChannelsParams) -> Outcome {
        let filter = ChannelFilter {
            installation: p.installation,
            name: p.name,
            global: p.plane.map(|plane| matches!(plane, Plane::Global)),
            ..ChannelFilter::default()
        };
        let list = self.client()?.channels(&filter).await?;
        let channels: Vec<ChannelOut> = list
            .channels
            .into_iter()
            .map(|c| ChannelOut {
                scope: c.scope.to_string(),
                claims_digest: c.claims.map(|info| info.digest),
                installation: c.installation,
                plane: c.plane,
                name: c.name,
                subscribers: c.subscribers,
                held: c.held,
                published: c.published,
                delivered: c.delivered,
                last_event_ms: c.last_event_ms,
            })
            .collect();
        let mut summary = match channels.len() {
            0 => "no live channel keys (nobody is subscribed)".to_string(),
            1 => "1 live channel key:".to_string(),
            n => format!("{n} live channel keys:"),
        };
        const SHOWN: usize = 20;
        for c in channels.iter().take(SHOWN) {
            summary.push_str(&format!(
                "\n- installation {} · {} · \"{}\" · {}: {} subscriber(s)",
                terminal_safe(&c.installation),
                c.plane,
                terminal_safe(&c.name),
                terminal_safe(&c.scope),
                c.subscribers
            ));
        }
        if channels.len() > SHOWN {
            summary.push_str(&format!("\n… and {} more", channels.len() - SHOWN));
        }
        structured(summary, &ChannelsOutput { channels })
    }

    async fn explain(&self, p: ExplainParams) -> Outcome {
        if p.global && p.context_overrides.is_some() {
            return Err(usage(
                "contextOverrides do not apply to the global plane: global channels have no scope",
            ));
        }
        let context: ModuleContext = self.caller(&p.caller)?;
        let key = resolve_key(
            &p.channel,
            p.global,
            &context,
            p.context_overrides.as_deref(),
            p.token.as_deref(),
        )?;
        let output = super::explain::explain(&self.client()?, key).await?;
        structured(output.verdict.clone(), &output)
    }
}
