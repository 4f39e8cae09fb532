//! The subscribe tool: listen on channels for a bounded time and count, then hand back
//! what came, with long payloads cut so one event cannot flood an assistant's context.

use std::time::Duration;

use tokio::time::Instant;

use crate::Error;
use crate::client::{Client, ReceivedEvent, StreamItem, SubscribeOptions};
use crate::commands::mcp::Bounds;
use crate::commands::mcp::outputs::EventOut;

/// What a call asked for, before the server's bounds.
pub struct Wanted {
    pub max_events: Option<u64>,
    pub wait_seconds: Option<f64>,
}

/// What was collected.
pub struct Collected {
    pub events: Vec<EventOut>,
    pub stopped_by_count: bool,
    pub waited: Duration,
    pub notes: Vec<String>,
}

/// Subscribes, collects until enough events came or the wait ran out, and
/// unsubscribes. The wait counts from the start, so it also bounds the subscribing.
pub async fn collect(
    client: &Client,
    opts: SubscribeOptions,
    wanted: Wanted,
    bounds: Bounds,
) -> Result<Collected, Error> {
    let mut notes = Vec::new();
    let max_events = match wanted.max_events {
        Some(0) => return Err(Error::Usage("maxEvents must be at least 1".into())),
        Some(n) if n > bounds.max_events => {
            notes.push(format!(
                "maxEvents capped at {} (frt mcp --max-events)",
                bounds.max_events
            ));
            bounds.max_events
        }
        Some(n) => n,
        None => bounds.max_events,
    };
    let wait = match wanted.wait_seconds {
        Some(s) if !(s.is_finite() && s > 0.0) => {
            return Err(Error::Usage(
                "waitSeconds must be a positive number of seconds".into(),
            ));
        }
        Some(s) if Duration::from_secs_f64(s.min(1e9)) > bounds.max_wait => {
            notes.push(format!(
                "waitSeconds capped at {} (frt mcp --max-wait)",
                humantime::format_duration(bounds.max_wait)
            ));
            bounds.max_wait
        }
        Some(s) => Duration::from_secs_f64(s),
        None => bounds.max_wait,
    };
    let started = Instant::now();
    let deadline = started + wait;
    let mut sub = match tokio::time::timeout_at(deadline, client.subscribe(opts)).await {
        Ok(sub) => sub?,
        Err(_) => {
            return Err(Error::Other(format!(
                "the hub did not take the subscription within {}",
                humantime::format_duration(wait)
            )));
        }
    };
    let mut events = Vec::new();
    let mut stopped_by_count = false;
    loop {
        let item = match tokio::time::timeout_at(deadline, sub.next()).await {
            Err(_) => break,
            Ok(item) => item,
        };
        match item {
            Ok(StreamItem::Event(e)) => {
                events.push(shown(e, bounds.truncate_at, &mut notes));
                if events.len() as u64 >= max_events {
                    stopped_by_count = true;
                    break;
                }
            }
            Ok(StreamItem::Notice { code, message }) => {
                notes.push(format!("the hub says {code}: {message}"))
            }
            Ok(StreamItem::Unsubscribed) => break,
            Ok(_) => {}
            Err(e) => {
                sub.unsubscribe().await;
                return Err(e);
            }
        }
    }
    sub.unsubscribe().await;
    Ok(Collected {
        events,
        stopped_by_count,
        waited: started.elapsed(),
        notes,
    })
}

/// One event as a result shows it: the payload cut at `limit` bytes (on a character
/// boundary), with a note the first time.
fn shown(e: ReceivedEvent, limit: usize, notes: &mut Vec<String>) -> EventOut {
    let bytes = e.payload.len();
    let truncated = bytes > limit;
    let payload = if truncated {
        let mut end = limit;
        while !e.payload.is_char_boundary(end) {
            end -= 1;
        }
        if !notes.iter().any(|n| n.starts_with("payloads over")) {
            notes.push(format!(
                "payloads over {limit} bytes are cut (frt mcp --truncate-at); such events say truncated and their payloadBytes"
            ));
        }
        e.payload[..end].to_string()
    } else {
        e.payload
    };
    let data = if truncated {
        None
    } else {
        serde_json::from_str(&payload).ok()
    };
    EventOut {
        channel: e.channel,
        event_id: e.event_id,
        event_timestamp: e.event_timestamp,
        payload,
        data,
        truncated,
        payload_bytes: bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(payload: &str) -> ReceivedEvent {
        ReceivedEvent {
            channel: "c".into(),
            event_id: "id".into(),
            event_timestamp: "1".into(),
            payload: payload.into(),
        }
    }

    #[test]
    fn long_payloads_are_cut_on_a_character_boundary_with_one_note() {
        let mut notes = Vec::new();
        let out = shown(event("ééé"), 3, &mut notes);
        assert_eq!(
            (out.payload.as_str(), out.truncated, out.payload_bytes),
            ("é", true, 6)
        );
        assert!(out.data.is_none());
        shown(event("abcdef"), 3, &mut notes);
        assert_eq!(notes.len(), 1);
        let out = shown(event("{\"a\":1}"), 100, &mut notes);
        assert_eq!(out.data, Some(serde_json::json!({"a": 1})));
    }
}
