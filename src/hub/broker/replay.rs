//! What a subscription on its way in gets before live events: a cluster's backlog
//! from Redis continued by this hub's buffer, or a single hub's buffer alone, trimmed
//! to what the connection's budget can take.

use std::sync::Arc;

use super::channel::{BufferLimits, ChannelState};
use super::types::{Backlog, Replay};
use crate::protocol::EventId;

/// What a single hub's buffer holds for a subscription.
pub struct Found {
    pub events: Vec<(EventId, Arc<str>)>,
    /// Everything asked for is there.
    pub recovered: bool,
    /// A `since` from this hub run that the buffer still reaches: a resume.
    pub resumed: bool,
}

/// The oldest timestamp a `replaySeconds` reaches (capped at the window).
pub fn cutoff(limits: &BufferLimits, replay: Replay, now_ms: u64) -> u64 {
    let window = limits.replay_window.as_secs();
    let secs = replay.replay_seconds.unwrap_or(window).min(window);
    now_ms.saturating_sub(secs * 1000)
}

/// A cluster's replay: what Redis held, continued by what this hub received since.
pub fn after_backlog(
    st: &ChannelState,
    replay: Replay,
    from_redis: Backlog,
    cutoff_ms: u64,
) -> (Vec<(EventId, Arc<str>)>, bool) {
    let mut after = replay.since;
    let mut events = Vec::with_capacity(from_redis.events.len());
    for (id, tail) in from_redis.events {
        if after.is_none_or(|a| id > a) {
            after = Some(id);
            events.push((id, tail));
        }
    }
    if replay.wanted() {
        match after {
            Some(a) => events.extend(st.buffered_after(a)),
            None => events.extend(st.buffered_since_ms(cutoff_ms)),
        }
    }
    (events, from_redis.recovered)
}

/// A single hub's replay, from the key's buffer.
pub fn from_buffer(st: &ChannelState, replay: Replay, epoch: u32, cutoff_ms: u64) -> Found {
    let found = |events, recovered, resumed| Found {
        events,
        recovered,
        resumed,
    };
    if let Some(since) = replay.since {
        if since.epoch() == epoch && since >= st.floor {
            return found(st.buffered_after(since).collect(), true, true);
        }
        if replay.replay_seconds.is_none() {
            return found(Vec::new(), false, false);
        }
        return found(st.buffered_since_ms(cutoff_ms).collect(), false, false);
    }
    if replay.replay_seconds.is_some() {
        return found(st.buffered_since_ms(cutoff_ms).collect(), true, false);
    }
    found(Vec::new(), true, false)
}

/// How many of the oldest `events` must be left out for the rest to fit `room` bytes:
/// a replay keeps the newest events, so the stream runs on into live events without
/// a gap.
pub fn fitting(events: &[(EventId, Arc<str>)], prefix: &str, room: usize) -> usize {
    let mut bytes = 0usize;
    let mut fits = events.len();
    while fits > 0 {
        let len = prefix.len() + events[fits - 1].1.len();
        if bytes + len > room {
            break;
        }
        bytes += len;
        fits -= 1;
    }
    fits
}
