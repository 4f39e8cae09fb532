//! Wire types shared by the hub and the client (the wire interfaces in docs/ARCHITECTURE.md), and event ids.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const PUBLISH_PATH: &str = "/forge/realtime/v1/publish";
pub const PUBLISH_GLOBAL_PATH: &str = "/forge/realtime/v1/publish/global";
pub const TOKEN_PATH: &str = "/forge/realtime/v1/token";
pub const SUBSCRIBE_PATH: &str = "/forge/realtime/v1/subscribe";
pub const VERIFY_PATH: &str = "/forge/realtime/v1/token/verify";
pub const CHANNELS_PATH: &str = "/forge/realtime/v1/channels";
pub const SESSION_PATH: &str = "/forge/realtime/v1/session";
pub const CONTEXT_HEADER: &str = "x-forge-context-token";

/// Body of `POST /publish` and `/publish/global` (the container API's shape).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishRequest {
    pub name: String,
    pub payload: String,
    #[serde(default)]
    pub options: PublishOptions,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_overrides: Option<Vec<String>>,
}

/// What a publish returns: both ids are `null` when nobody was subscribed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishResult {
    pub event_id: Option<String>,
    pub event_timestamp: Option<String>,
    /// frt extension: when nobody was subscribed, live keys that differ from the
    /// published one in exactly one component. Absent otherwise, so the result keeps
    /// the platform's shape.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<Hint>,
}

/// A near miss: a live key that differs from the caller's in one component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hint {
    /// Which component differs: name, plane, module, context, overrides, scope, claims.
    pub component: String,
    /// Subscribers on the other key, or recent publishes to it (subscriber hints).
    pub count: u64,
    pub message: String,
}

/// One entry of an error response's `errors` list.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApiErrorItem {
    pub message: String,
    #[serde(default)]
    pub code: String,
}

/// Body of every error response.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub event_id: Option<String>,
    pub event_timestamp: Option<String>,
    pub errors: Vec<ApiErrorItem>,
}

/// Body of `POST /token`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TokenRequest {
    pub channel_name: String,
    #[serde(default)]
    pub claims: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
    /// frt extension: the lifetime asked for; the hub caps it at its own maximum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_seconds: Option<u64>,
}

/// Body of `POST /forge/realtime/v1/session` (frt extension): a browser session, pinned
/// to one caller, for pages that must never hold the API key. `admin` sessions (for
/// the inspector, `frt ui`) can do what the API key can.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionRequest {
    #[serde(default)]
    pub admin: bool,
    /// The caller the session is pinned to (required unless `admin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    #[serde(default)]
    pub global_only: bool,
    #[serde(default)]
    pub allow_publish: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_seconds: Option<u64>,
}

/// Answer of `POST /session`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionResponse {
    pub session: String,
    /// Epoch seconds.
    pub expires_at: i64,
}

/// Answer of `POST /token`. `expiresAt` is epoch seconds, like the JWT `exp`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenResponse {
    pub token: String,
    pub expires_at: i64,
    /// frt extension: the lifetime granted, so a client can say when it was capped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_seconds: Option<u64>,
}

/// Body of the hub's verify endpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    pub token: String,
}

/// The hub's verdict on a token's signature.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyResponse {
    pub valid: bool,
    pub code: Option<String>,
    pub message: Option<String>,
}

/// One live channel key, as listed by `GET /channels` (`frt channels`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelInfo {
    pub installation: String,
    pub plane: String,
    pub name: String,
    pub scope: crate::channel::Scope,
    /// Present when a token's claims are part of the key.
    pub claims: Option<ClaimsInfo>,
    pub subscribers: u64,
    /// Subscriptions whose socket dropped, held for the grace period.
    pub held: u64,
    pub published: u64,
    pub delivered: u64,
    /// Epoch milliseconds of the last event, if any.
    pub last_event_ms: Option<u64>,
}

/// One event as a tap saw it: its full resolved key, and where it went.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct TappedEvent {
    /// The tap's id on its connection.
    pub id: String,
    pub installation: String,
    pub plane: String,
    pub name: String,
    pub scope: crate::channel::Scope,
    /// Present when a token's claims are part of the key.
    pub claims_digest: Option<String>,
    /// `null` when no subscription was on the key.
    pub event_id: Option<String>,
    pub event_timestamp: Option<String>,
    /// Subscriptions the event was queued for; in a cluster, the hubs it reached
    /// (`hubs` is then set too).
    pub receivers: u64,
    /// Set in a cluster, where a publish knows how many hubs it reached, not how many
    /// subscriptions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hubs: Option<u64>,
    /// When the hub routed it, epoch milliseconds (also for events nobody received).
    pub routed_at: u64,
    pub payload: String,
}

/// Claims in a listing: a short digest, and the claims themselves only on request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimsInfo {
    pub digest: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// Answer of `GET /channels`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChannelList {
    pub channels: Vec<ChannelInfo>,
}

/// A `subscribe` frame's fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribeFrame {
    pub id: String,
    pub channel: String,
    #[serde(default)]
    pub global: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_overrides: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replay_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
}

/// Frames a client sends on the subscribe WebSocket.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ClientFrame {
    Subscribe(SubscribeFrame),
    Unsubscribe {
        id: String,
    },
    /// frt extension: asks for near-miss hints for an idle subscription.
    Hints {
        id: String,
    },
    /// frt extension: a tap, every routed event that passes the filters (`frt tap`).
    /// Answered by `tapping`, then a `tapped` frame per event; `unsubscribe` ends it.
    Tap {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        installation: Option<String>,
        /// A glob on the channel name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        global: Option<bool>,
        #[serde(default)]
        undelivered: bool,
    },
    /// frt extension: an ordered, acknowledged publish over the socket, for streams of
    /// events (`frt publish --lines`). Answered by `published` or `error` with the same
    /// `ref`, in order.
    #[serde(rename_all = "camelCase")]
    Publish {
        #[serde(rename = "ref")]
        reference: u64,
        channel: String,
        #[serde(default)]
        global: bool,
        payload: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        context: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        context_overrides: Option<Vec<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<String>,
    },
}

/// Frames the hub sends.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ServerFrame {
    Subscribed {
        id: String,
        epoch: String,
        recovered: bool,
        /// The key's position when the subscription was confirmed: the newest event id
        /// the hub holds for it, else the point before which it holds nothing. A
        /// resume with `since` = this delivers everything published after the
        /// confirmation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        position: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Event {
        id: String,
        event_id: String,
        event_timestamp: String,
        payload: String,
    },
    Unsubscribed {
        id: String,
    },
    Hints {
        id: String,
        hints: Vec<Hint>,
    },
    /// The tap is attached.
    Tapping {
        id: String,
    },
    Tapped(Box<TappedEvent>),
    /// News about the connection as a whole, not one subscription (a cluster hub
    /// lost or regained its Redis). Subscriptions carry on.
    Notice {
        code: String,
        message: String,
    },
    #[serde(rename_all = "camelCase")]
    Published {
        #[serde(rename = "ref")]
        reference: u64,
        event_id: Option<String>,
        event_timestamp: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Error {
        #[serde(default)]
        id: Option<String>,
        #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
        reference: Option<u64>,
        code: String,
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_ms: Option<u64>,
    },
}

/// An event id: a UUIDv7 whose bits after the timestamp are a per-hub sequence number
/// (so ids on one channel sort in publish order) and the hub run's epoch tag (so a
/// `since` from another run is recognised). Layout, most significant first:
/// 48-bit ms timestamp · version 7 · 12 bits of sequence · variant · 30 bits of
/// sequence · 32-bit epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventId(u128);

const SEQ_BITS: u32 = 42;

impl EventId {
    pub fn new(timestamp_ms: u64, seq: u64, epoch: u32) -> EventId {
        let seq = u128::from(seq & ((1 << SEQ_BITS) - 1));
        let ts = u128::from(timestamp_ms & 0xffff_ffff_ffff);
        let v = (ts << 80)
            | (0x7 << 76)
            | ((seq >> 30) << 64)
            | (0b10 << 62)
            | ((seq & 0x3fff_ffff) << 32)
            | u128::from(epoch);
        EventId(v)
    }

    pub fn timestamp_ms(self) -> u64 {
        (self.0 >> 80) as u64
    }

    pub fn epoch(self) -> u32 {
        self.0 as u32
    }

    /// The sequence number (42 bits, around the version and variant bits).
    pub fn sequence(self) -> u64 {
        let high = ((self.0 >> 64) & 0xfff) as u64;
        let low = ((self.0 >> 32) & 0x3fff_ffff) as u64;
        (high << 30) | low
    }
}

impl EventId {
    /// The UUID text, without allocating: 36 ASCII bytes.
    pub fn to_ascii(self) -> [u8; 36] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [b'-'; 36];
        let mut nibble = 0;
        for (i, slot) in out.iter_mut().enumerate() {
            if matches!(i, 8 | 13 | 18 | 23) {
                continue;
            }
            let shift = 124 - 4 * nibble;
            *slot = HEX[((self.0 >> shift) & 0xf) as usize];
            nibble += 1;
        }
        out
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ascii = self.to_ascii();
        f.write_str(std::str::from_utf8(&ascii).unwrap_or_default())
    }
}

impl FromStr for EventId {
    type Err = String;

    fn from_str(s: &str) -> Result<EventId, String> {
        let bytes = s.as_bytes();
        let dashes_ok = bytes.len() == 36 && [8, 13, 18, 23].iter().all(|&i| bytes[i] == b'-');
        if !dashes_ok {
            return Err(format!("\"{s}\" is not an event id (a UUID)"));
        }
        let hex: String = s.chars().filter(|c| *c != '-').collect();
        u128::from_str_radix(&hex, 16)
            .map(EventId)
            .map_err(|_| format!("\"{s}\" is not an event id (a UUID)"))
    }
}

/// A `publish` frame borrowed from the text it was read from: the hot path of an
/// event stream, parsed without building the general [`ClientFrame`].
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishFrame<'a> {
    #[serde(rename = "type")]
    pub kind: &'a str,
    #[serde(rename = "ref")]
    pub reference: u64,
    #[serde(borrow)]
    pub channel: std::borrow::Cow<'a, str>,
    #[serde(default)]
    pub global: bool,
    #[serde(borrow)]
    pub payload: std::borrow::Cow<'a, str>,
    #[serde(default)]
    pub context_overrides: Option<Vec<String>>,
    #[serde(default, borrow)]
    pub token: Option<std::borrow::Cow<'a, str>>,
}

impl<'a> PublishFrame<'a> {
    /// Parses `text` when it is a publish frame without its own `context` (the common
    /// shape, as frt sends it); `None` means "use the general parser".
    pub fn parse(text: &'a str) -> Option<PublishFrame<'a>> {
        if !text.starts_with("{\"type\":\"publish\"") {
            return None;
        }
        serde_json::from_str(text).ok()
    }
}

/// Appends `text` as a JSON string literal.
pub fn push_json_string(out: &mut String, text: &str) {
    let plain = text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\');
    if plain {
        out.push('"');
        out.push_str(text);
        out.push('"');
    } else {
        // Escaping a &str cannot fail.
        out.push_str(&serde_json::to_string(text).unwrap_or_default());
    }
}

/// The shared tail of an event frame: `"eventId":"…","eventTimestamp":"…","payload":"…"}`.
/// Built once per event and shared by every subscriber; the fast twin of
/// [`ServerFrame::Event`].
pub fn event_tail(id: EventId, timestamp_ms: u64, payload: &str) -> std::sync::Arc<str> {
    let mut s = String::with_capacity(payload.len() + 96);
    s.push_str("\"eventId\":\"");
    s.push_str(std::str::from_utf8(&id.to_ascii()).unwrap_or_default());
    s.push_str("\",\"eventTimestamp\":\"");
    s.push_str(itoa::Buffer::new().format(timestamp_ms));
    s.push_str("\",\"payload\":");
    push_json_string(&mut s, payload);
    s.push('}');
    std::sync::Arc::from(s)
}

/// The per-subscription head of an event frame: `{"type":"event","id":"s1",`.
pub fn event_prefix(subscription_id: &str) -> std::sync::Arc<str> {
    let mut s = String::with_capacity(subscription_id.len() + 28);
    s.push_str("{\"type\":\"event\",\"id\":");
    push_json_string(&mut s, subscription_id);
    s.push(',');
    std::sync::Arc::from(s)
}

/// Writes a `published` acknowledgement without going through serde.
pub fn write_published(out: &mut String, reference: u64, id: Option<(EventId, u64)>) {
    let mut num = itoa::Buffer::new();
    out.push_str("{\"type\":\"published\",\"ref\":");
    out.push_str(num.format(reference));
    match id {
        Some((id, ts)) => {
            out.push_str(",\"eventId\":\"");
            out.push_str(std::str::from_utf8(&id.to_ascii()).unwrap_or_default());
            out.push_str("\",\"eventTimestamp\":\"");
            out.push_str(num.format(ts));
            out.push_str("\"}");
        }
        None => out.push_str(",\"eventId\":null,\"eventTimestamp\":null}"),
    }
}

/// A `published` acknowledgement borrowed from its text (the client's hot path).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishedAck<'a> {
    #[serde(rename = "type")]
    pub kind: &'a str,
    #[serde(rename = "ref")]
    pub reference: u64,
    #[serde(borrow)]
    pub event_id: Option<&'a str>,
    #[serde(borrow)]
    pub event_timestamp: Option<&'a str>,
}

impl<'a> PublishedAck<'a> {
    pub fn parse(text: &'a str) -> Option<PublishedAck<'a>> {
        if !text.starts_with("{\"type\":\"published\"") {
            return None;
        }
        serde_json::from_str(text).ok()
    }
}

/// Formats an epoch tag the way the `subscribed` frame carries it.
pub fn format_epoch_tag(epoch: u32) -> String {
    format!("{epoch:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_round_trip_and_sort_by_time_then_sequence() {
        let a = EventId::new(1_700_000_000_000, 5, 0xdead_beef);
        let b = EventId::new(1_700_000_000_000, 6, 0x0000_0001);
        let c = EventId::new(1_700_000_000_001, 1, 0xdead_beef);
        assert!(a < b && b < c);
        let s = a.to_string();
        assert_eq!(s.len(), 36);
        assert_eq!(&s[14..15], "7");
        assert_eq!(s.parse::<EventId>().unwrap(), a);
        assert_eq!(a.epoch(), 0xdead_beef);
        assert_eq!(a.timestamp_ms(), 1_700_000_000_000);
        assert!("nope".parse::<EventId>().is_err());
        assert!(
            "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"
                .parse::<EventId>()
                .is_err()
        );
    }

    #[test]
    fn the_fast_paths_agree_with_serde() {
        let id = EventId::new(1_700_000_000_123, 77, 0xabcd_ef01);
        let mut ack = String::new();
        write_published(&mut ack, 9, Some((id, 1_700_000_000_123)));
        match serde_json::from_str::<ServerFrame>(&ack).unwrap() {
            ServerFrame::Published {
                reference,
                event_id,
                event_timestamp,
            } => {
                assert_eq!(reference, 9);
                assert_eq!(event_id.unwrap(), id.to_string());
                assert_eq!(event_timestamp.unwrap(), "1700000000123");
            }
            other => panic!("{other:?}"),
        }
        let text = serde_json::to_string(&ClientFrame::Publish {
            reference: 3,
            channel: "c\"h".into(),
            global: true,
            payload: "p\n".into(),
            context: None,
            context_overrides: None,
            token: Some("t".into()),
        })
        .unwrap();
        let f = PublishFrame::parse(&text).expect("fast path");
        assert_eq!(
            (f.reference, &*f.channel, f.global, &*f.payload),
            (3, "c\"h", true, "p\n")
        );
        assert!(PublishFrame::parse("{\"type\":\"subscribe\"}").is_none());
        let mut event = event_prefix("s\"1").to_string();
        event.push_str(&event_tail(id, 1_700_000_000_123, "a\u{1}\"b"));
        match serde_json::from_str::<ServerFrame>(&event).unwrap() {
            ServerFrame::Event {
                id: sub,
                event_id,
                event_timestamp,
                payload,
            } => {
                assert_eq!(sub, "s\"1");
                assert_eq!(event_id, id.to_string());
                assert_eq!(event_timestamp, "1700000000123");
                assert_eq!(payload, "a\u{1}\"b");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn large_sequences_keep_order() {
        let a = EventId::new(1, (1 << 30) - 1, 0);
        let b = EventId::new(1, 1 << 30, 0);
        assert!(a < b);
    }
}
