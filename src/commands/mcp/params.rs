//! What each tool takes. The doc comments become the JSON schema's descriptions, which
//! is all an assistant reads before calling: they say what a value means and what is
//! assumed when it is left out.

use std::collections::BTreeMap;

use rmcp::schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

/// Who is calling: the parts of the channel key that come from the caller.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct Caller {
    /// Installation the call belongs to; installations never mix. Default: the one
    /// frt mcp was started with, else "local"
    #[serde(default)]
    pub installation: Option<String>,
    /// Module key of the caller, e.g. "jira:issuePanel" (scoped plane only). Default:
    /// the one frt mcp was started with, else "frt-cli"
    #[serde(default)]
    pub module: Option<String>,
    /// Context properties of the caller, e.g. {"issue": "10001"}. Allowed properties:
    /// board, issue, project, content, space, repository, pullRequest. Default: the
    /// context frt mcp was started with (none unless given)
    #[serde(default)]
    pub context: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct PublishParams {
    /// The channel name: exact and case-sensitive, 1 to 255 bytes
    pub channel: String,
    /// The event. A string is sent exactly as given; any other JSON value is sent as
    /// its JSON text
    pub payload: Value,
    #[serde(flatten)]
    pub caller: Caller,
    /// Scope the channel by only these context properties instead of the caller's
    /// module and whole context; the subscriber must list the same set
    #[serde(default)]
    pub context_overrides: Option<Vec<String>>,
    /// A channel token from sign_token; its claims become part of the channel key
    #[serde(default)]
    pub token: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct PublishGlobalParams {
    /// The channel name: exact and case-sensitive, 1 to 255 bytes
    pub channel: String,
    /// The event. A string is sent exactly as given; any other JSON value is sent as
    /// its JSON text
    pub payload: Value,
    #[serde(flatten)]
    pub caller: Caller,
    /// A channel token from sign_token; its claims become part of the channel key
    #[serde(default)]
    pub token: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct SubscribeParams {
    /// The channel names to listen on (exact, case-sensitive), all with the same plane,
    /// caller and token
    pub channels: Vec<String>,
    /// Listen on the global plane (events from publish_global) instead of the scoped one
    #[serde(default)]
    pub global: bool,
    #[serde(flatten)]
    pub caller: Caller,
    /// Scope the channels by only these context properties (as the publisher did)
    #[serde(default)]
    pub context_overrides: Option<Vec<String>>,
    /// A channel token from sign_token; its claims become part of the channel key
    #[serde(default)]
    pub token: Option<String>,
    /// Return after this many events. Default and maximum: the server's --max-events
    #[serde(default)]
    pub max_events: Option<u64>,
    /// Return after this many seconds even if fewer events came. Default and maximum:
    /// the server's --max-wait
    #[serde(default)]
    pub wait_seconds: Option<f64>,
    /// First collect the events of this many recent seconds that the hub still holds
    /// (its history); without it only events published during the call are collected
    #[serde(default)]
    pub replay_seconds: Option<u64>,
}

/// An operation a token can be limited to.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(crate = "rmcp::schemars")]
pub enum Operation {
    Publish,
    Subscribe,
}

impl From<Operation> for crate::token::Permission {
    fn from(op: Operation) -> crate::token::Permission {
        match op {
            Operation::Publish => crate::token::Permission::Publish,
            Operation::Subscribe => crate::token::Permission::Subscribe,
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct SignTokenParams {
    /// The channel the token is for
    pub channel: String,
    /// Claims, a JSON object; publisher and subscriber claims must be equal for them to
    /// meet. Default: {}
    #[serde(default)]
    pub claims: Option<serde_json::Map<String, Value>>,
    /// Limit the token to these operations. Default: both
    #[serde(default)]
    pub permissions: Option<Vec<Operation>>,
    /// Lifetime in seconds; the hub caps it at its maximum (1 hour by default)
    #[serde(default)]
    pub ttl_seconds: Option<u64>,
    #[serde(flatten)]
    pub caller: Caller,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct InspectTokenParams {
    /// The token (a JWT)
    pub token: String,
    /// Ask the hub whether the signature is good. Default: true
    #[serde(default)]
    pub verify: Option<bool>,
    /// Refuse the token unless it is for this channel
    #[serde(default)]
    pub channel: Option<String>,
    /// Refuse the token unless it grants this operation
    #[serde(default)]
    pub permission: Option<Operation>,
}

/// A plane.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(crate = "rmcp::schemars")]
pub enum Plane {
    Scoped,
    Global,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct ListChannelsParams {
    /// Only keys of this installation
    #[serde(default)]
    pub installation: Option<String>,
    /// Only names matching this exact name or glob, e.g. "order*"
    #[serde(default)]
    pub name: Option<String>,
    /// Only this plane
    #[serde(default)]
    pub plane: Option<Plane>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(crate = "rmcp::schemars")]
pub struct ExplainParams {
    /// The channel the event was published to
    pub channel: String,
    /// It was published on the global plane (publish_global)
    #[serde(default)]
    pub global: bool,
    #[serde(flatten)]
    pub caller: Caller,
    /// The context overrides the publish used
    #[serde(default)]
    pub context_overrides: Option<Vec<String>>,
    /// The token the publish used, if any
    #[serde(default)]
    pub token: Option<String>,
}
