//! How a cluster names things in Redis and the text formats its scripts write: key
//! names, a channel key's digest, pushed event messages, tap records and stream ids.
//! Whatever Redis hands back is input: each parser refuses what it cannot place.

use std::sync::Arc;

use crate::channel::ChannelKey;
use crate::protocol::{EventId, event_tail};

/// Redis key names, all under one prefix. A channel key's own keys share a hash tag
/// (its digest), so under Redis Cluster they live in one slot and one script can
/// touch them all; what the cluster shares lives in the `{shared}` slot.
pub mod keys {
    macro_rules! shared_key {
        ($name:literal) => {
            concat!("frt:{shared}:", $name)
        };
    }
    /// Where the cluster's shared keys start.
    const SHARED: &str = shared_key!("");
    pub const EPOCH: &str = shared_key!("epoch");
    /// The cluster-wide event sequence, with one Redis (under Redis Cluster each key
    /// has its own, [`sequence`]).
    pub const SEQ: &str = shared_key!("seq");
    pub const SECRETS: &str = shared_key!("secrets");
    pub const SETTINGS: &str = shared_key!("settings");
    /// Counters: events published, publishes with no subscriber.
    pub const STATS: &str = shared_key!("stats");
    pub const HUBS: &str = shared_key!("hubs");
    /// Followed by a hub's id: its record.
    pub const HUB_PREFIX: &str = shared_key!("hub:");
    /// Hubs with a tap attached (a sorted set scored with expiries, like presence).
    pub const TAPPING: &str = shared_key!("tapping");
    /// Where publishes are told while some hub taps.
    pub const TAP_CHANNEL: &str = shared_key!("tap");
    /// Set for a few seconds while the hubs register again after Redis lost its
    /// state: a publish that finds nobody then is refused rather than called null.
    pub const RESET: &str = shared_key!("reset");

    fn of_key(digest: &str, what: &str) -> String {
        format!("frt:{{{digest}}}:{what}")
    }
    /// Hubs holding a subscriber on the key (a sorted set scored with expiries).
    pub fn presence(digest: &str) -> String {
        of_key(digest, "p")
    }
    /// The key's events.
    pub fn stream(digest: &str) -> String {
        of_key(digest, "s")
    }
    /// The key's event counter.
    pub fn sequence(digest: &str) -> String {
        of_key(digest, "q")
    }
    /// The key's pub/sub channel of live events.
    pub fn events(digest: &str) -> String {
        of_key(digest, "e")
    }
    /// The digest a pushed message's channel names, if it is a key's events channel.
    pub fn digest_of_events(channel: &str) -> Option<&str> {
        channel.strip_prefix("frt:{")?.strip_suffix("}:e")
    }
    pub fn hub(id: &str) -> String {
        format!("{HUB_PREFIX}{id}")
    }
    pub fn rate(installation: &str) -> String {
        format!("{SHARED}rl:{installation}")
    }
    pub fn misses(installation: &str) -> String {
        format!("{SHARED}miss:{installation}")
    }
}

/// A channel key's name in Redis: a digest of its canonical JSON (claims can be
/// large, and a key's parts must not be able to spell another key's name).
pub fn digest(key: &ChannelKey) -> String {
    digest_of(&key_json(key))
}

/// [`digest`] of a key whose canonical JSON is at hand.
pub fn digest_of(json: &str) -> String {
    let d = ring::digest::digest(&ring::digest::SHA256, json.as_bytes());
    d.as_ref()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The canonical JSON of a key: fields in declaration order, maps sorted.
pub fn key_json(key: &ChannelKey) -> String {
    serde_json::to_string(key).unwrap_or_default()
}

/// An event id's position in its key's stream: the stream entry id is `ms-seq`.
pub fn stream_position(id: EventId) -> (u64, u64) {
    (id.timestamp_ms(), id.sequence())
}

/// A stream id, `ms-seq`.
pub fn parse_stream_id(text: &str) -> Option<(u64, u64)> {
    let (ms, seq) = text.split_once('-')?;
    Some((ms.parse().ok()?, seq.parse().ok()?))
}

/// The exclusive start of a stream read after `id`.
pub fn after(id: EventId) -> String {
    let (ms, seq) = stream_position(id);
    format!("({ms}-{seq}")
}

/// A pub/sub message: `epoch ms seq\npayload`.
pub fn parse_message(message: &[u8]) -> Option<(EventId, u64, &str)> {
    let newline = message.iter().position(|b| *b == b'\n')?;
    let head = std::str::from_utf8(&message[..newline]).ok()?;
    let payload = std::str::from_utf8(&message[newline + 1..]).ok()?;
    let mut parts = head.split(' ');
    let epoch: u32 = parts.next()?.parse().ok()?;
    let ms: u64 = parts.next()?.parse().ok()?;
    let seq: u64 = parts.next()?.parse().ok()?;
    Some((EventId::new(ms, seq, epoch), ms, payload))
}

/// One stream entry as Redis answers it: its id and its fields and values in turn.
pub type StreamEntry = (String, Vec<Vec<u8>>);

/// What a read of a key's stream found.
pub struct StreamRead {
    /// Oldest first.
    pub events: Vec<(EventId, String)>,
    /// The largest position trimmed from the stream; `None` when it does not exist.
    pub deleted: Option<(u64, u64)>,
    /// The byte budget left older events out.
    pub cut: bool,
}

/// Stream entries (newest first, as the backlog script answers) as events, oldest
/// first; entries that are not frt's are left out.
pub fn stream_events(entries: Vec<StreamEntry>, epoch: u32) -> Vec<(EventId, String)> {
    entries
        .into_iter()
        .rev()
        .filter_map(|(id, mut fields)| {
            let (ms, seq) = parse_stream_id(&id)?;
            let payload = String::from_utf8(fields.pop()?).ok()?;
            Some((EventId::new(ms, seq, epoch), payload))
        })
        .collect()
}

/// A publish as told on the tap channel.
pub struct Told<'a> {
    pub key: ChannelKey,
    pub event: Option<(EventId, u64)>,
    pub hubs: u64,
    pub routed_at: u64,
    pub payload: &'a str,
}

/// `ts seq epoch hubs routedAt\nkey JSON\npayload` (ids `-` for a null result).
pub fn parse_tapped(message: &[u8]) -> Option<Told<'_>> {
    let text = std::str::from_utf8(message).ok()?;
    let (head, rest) = text.split_once('\n')?;
    let (key_json, payload) = rest.split_once('\n')?;
    let fields: Vec<&str> = head.split(' ').collect();
    let [ts, seq, epoch, hubs, routed_at] = fields.as_slice() else {
        return None;
    };
    let event = match (ts.parse::<u64>(), seq.parse::<u64>(), epoch.parse::<u32>()) {
        (Ok(ts), Ok(seq), Ok(epoch)) => Some((EventId::new(ts, seq, epoch), ts)),
        _ if *ts == "-" => None,
        _ => return None,
    };
    Some(Told {
        key: serde_json::from_str(key_json).ok()?,
        event,
        hubs: hubs.parse().ok()?,
        routed_at: routed_at.parse().ok()?,
        payload,
    })
}

/// Stream entries as event frame tails, built once for every subscriber.
pub fn framed(events: Vec<(EventId, String)>) -> Vec<(EventId, Arc<str>)> {
    events
        .into_iter()
        .map(|(id, payload)| (id, event_tail(id, id.timestamp_ms(), &payload)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tap_records_parse_and_malformed_ones_are_refused() {
        let key = r#"{"installation":"i","name":"n","scope":{"kind":"global"},"claims":null}"#;
        let record = format!("5 6 7 2 9\n{key}\nline\nbreak");
        let told = parse_tapped(record.as_bytes()).unwrap();
        assert_eq!(told.key.name, "n");
        assert_eq!(told.event.map(|(id, ts)| (id.sequence(), ts)), Some((6, 5)));
        assert_eq!(
            (told.hubs, told.routed_at, told.payload),
            (2, 9, "line\nbreak")
        );
        let record = format!("- - - 0 9\n{key}\nx");
        let null = parse_tapped(record.as_bytes()).unwrap();
        assert!(null.event.is_none());
        assert!(parse_tapped(b"5 6 7 2 9\nnot json\nx").is_none());
        assert!(parse_tapped(b"5 6\n{}\nx").is_none());
        assert!(parse_tapped(format!("x 6 7 2 9\n{key}\nx").as_bytes()).is_none());
    }

    #[test]
    fn messages_parse_and_malformed_ones_are_refused() {
        let (id, ms, payload) = parse_message(b"7 1700000000000 42\n{\"a\":\"b\nc\"}").unwrap();
        assert_eq!((ms, payload), (1_700_000_000_000, "{\"a\":\"b\nc\"}"));
        assert_eq!((id.epoch(), id.sequence()), (7, 42));
        assert!(parse_message(b"no newline").is_none());
        assert!(parse_message(b"x y z\npayload").is_none());
        assert!(
            parse_message(b"4294967296 1 1\npayload").is_none(),
            "an epoch over 32 bits"
        );
    }

    #[test]
    fn a_key_s_names_share_its_hash_tag() {
        assert_eq!(keys::events("ab12"), "frt:{ab12}:e");
        assert_eq!(keys::digest_of_events("frt:{ab12}:e"), Some("ab12"));
        assert_eq!(keys::digest_of_events(keys::TAP_CHANNEL), None);
        assert!(keys::rate("i1").starts_with("frt:{shared}:"));
    }

    #[test]
    fn stream_ids_parse() {
        assert_eq!(parse_stream_id("17-4"), Some((17, 4)));
        assert_eq!(parse_stream_id("17"), None);
        assert_eq!(after(EventId::new(17, 4, 1)), "(17-4");
    }
}
