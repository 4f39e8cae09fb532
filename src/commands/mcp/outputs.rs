//! What each tool returns as structured content; the doc comments become the output
//! schema's descriptions.

use rmcp::schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

/// A near miss: a live key that differs from the one asked about in one component.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct HintOut {
    /// What differs: name, plane, module, context, overrides, scope or claims
    pub component: String,
    /// Subscribers on the other key
    pub count: u64,
    /// What differs, in words
    pub message: String,
}

impl From<crate::protocol::Hint> for HintOut {
    fn from(h: crate::protocol::Hint) -> HintOut {
        HintOut {
            component: h.component,
            count: h.count,
            message: h.message,
        }
    }
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct PublishOutput {
    /// Whether at least one subscriber received the event
    pub delivered: bool,
    /// The event's id; null when nobody was subscribed
    pub event_id: Option<String>,
    /// Epoch milliseconds, as a string; null when nobody was subscribed
    pub event_timestamp: Option<String>,
    /// The channel key the publish resolved to
    pub channel_key: String,
    /// When nobody received it: live keys that differ in one component
    pub hints: Vec<HintOut>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct EventOut {
    pub channel: String,
    pub event_id: String,
    /// Epoch milliseconds, as a string
    pub event_timestamp: String,
    /// The payload as published (cut when `truncated`)
    pub payload: String,
    /// The payload parsed, when it is JSON and was not cut
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// The payload was longer than the server shows; `payloadBytes` says how long
    pub truncated: bool,
    /// The payload's length in bytes
    pub payload_bytes: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct SubscribeOutput {
    /// The channel keys listened on
    pub subscribed_to: Vec<String>,
    /// The events, in the order they arrived
    pub events: Vec<EventOut>,
    /// "maxEvents" (enough events came) or "timeout" (the wait ran out)
    pub stopped_because: String,
    /// Limits that applied: a lower cap than asked, payloads cut
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct SignTokenOutput {
    /// The channel token
    pub token: String,
    /// Epoch seconds
    pub expires_at: i64,
    /// The lifetime granted, in seconds, when the hub says
    pub ttl_seconds: Option<u64>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct ChannelOut {
    pub installation: String,
    /// scoped or global
    pub plane: String,
    pub name: String,
    /// The scope part of the key: the module and context, or the overrides
    pub scope: String,
    /// A digest of the token claims in the key (never the claims)
    pub claims_digest: Option<String>,
    /// Live subscriptions
    pub subscribers: u64,
    /// Subscriptions whose connection dropped, held for their resume
    pub held: u64,
    pub published: u64,
    pub delivered: u64,
    /// Epoch milliseconds of the last event
    pub last_event_ms: Option<u64>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct ChannelsOutput {
    pub channels: Vec<ChannelOut>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct ExplainOutput {
    /// The channel key such a publish resolves to
    pub channel_key: String,
    /// Subscribers on exactly that key now (held ones included)
    pub subscribers_now: u64,
    /// Live keys that differ in one component, most subscribed first
    pub hints: Vec<HintOut>,
    /// The explanation, in words
    pub verdict: String,
}
