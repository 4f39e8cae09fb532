//! The tap: an API-key holder's firehose of every event the hub routes, whatever its
//! key, with where it went (`frt tap`, like `redis-cli MONITOR`). A frt extension, not
//! part of the platform. With no tap attached, a publish pays one atomic load.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::channel::{ChannelKey, claims_digest};
use crate::hub::key_filter::KeyFilter;
use crate::hub::outbox::{OutFrame, Outbox, Wakes};
use crate::protocol::TappedEvent;

/// Which routed events a tap wants.
#[derive(Debug, Clone, Default)]
pub struct TapFilter {
    pub keys: KeyFilter,
    /// Only events no subscriber received.
    pub undelivered: bool,
}

impl TapFilter {
    fn wants(&self, key: &ChannelKey, receivers: u64) -> bool {
        self.keys.matches(key) && (!self.undelivered || receivers == 0)
    }
}

struct Sink {
    serial: u64,
    /// The tap's id on its connection, echoed in each frame.
    id: String,
    filter: TapFilter,
    outbox: Arc<Outbox>,
}

/// Every attached tap.
#[derive(Default)]
pub struct Taps {
    /// How many are attached: the only cost to a publish when it is zero.
    attached: AtomicUsize,
    sinks: Mutex<Vec<Sink>>,
    serial: AtomicU64,
}

/// What one publish came to, as a tap reports it.
pub struct Routed<'a> {
    pub key: &'a ChannelKey,
    pub payload: &'a str,
    /// `(eventId, eventTimestamp ms)`; `None` when nobody was subscribed.
    pub event: Option<(String, u64)>,
    pub receivers: u64,
    /// `receivers` counts hubs (a cluster), not subscriptions.
    pub receivers_are_hubs: bool,
    pub routed_at: u64,
}

impl Taps {
    fn sinks(&self) -> std::sync::MutexGuard<'_, Vec<Sink>> {
        self.sinks.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Attaches a tap writing to `outbox`; returns the serial that detaches it.
    pub fn attach(&self, id: String, filter: TapFilter, outbox: &Arc<Outbox>) -> u64 {
        let serial = self.serial.fetch_add(1, Ordering::Relaxed);
        let mut sinks = self.sinks();
        sinks.push(Sink {
            serial,
            id,
            filter,
            outbox: outbox.clone(),
        });
        self.attached.store(sinks.len(), Ordering::Release);
        serial
    }

    pub fn detach(&self, serial: u64) {
        let mut sinks = self.sinks();
        sinks.retain(|s| s.serial != serial);
        self.attached.store(sinks.len(), Ordering::Release);
    }

    pub fn is_idle(&self) -> bool {
        self.attached.load(Ordering::Acquire) == 0
    }

    /// Reports a routed event to every tap that wants it. A tap that cannot keep up
    /// overflows its own outbox and is cut as a slow consumer, like any subscriber.
    pub fn observe(&self, routed: Routed<'_>, wakes: &mut Wakes) {
        if self.is_idle() {
            return;
        }
        let sinks = self.sinks();
        let mut record: Option<TappedEvent> = None;
        for sink in sinks.iter() {
            if !sink.filter.wants(routed.key, routed.receivers) {
                continue;
            }
            let record = record.get_or_insert_with(|| tapped(&routed));
            record.id = sink.id.clone();
            if let Ok(text) = serde_json::to_string(&crate::protocol::ServerFrame::Tapped(
                Box::new(record.clone()),
            )) {
                sink.outbox.push_deferred(OutFrame::Text(text), wakes);
            }
        }
    }
}

fn tapped(routed: &Routed<'_>) -> TappedEvent {
    let key = routed.key;
    TappedEvent {
        id: String::new(),
        installation: key.installation.clone(),
        plane: key.plane().to_string(),
        name: key.name.clone(),
        scope: key.scope.clone(),
        claims_digest: key.claims.as_deref().map(claims_digest),
        event_id: routed.event.as_ref().map(|(id, _)| id.clone()),
        event_timestamp: routed.event.as_ref().map(|(_, ts)| ts.to_string()),
        receivers: routed.receivers,
        hubs: routed.receivers_are_hubs.then_some(routed.receivers),
        routed_at: routed.routed_at,
        payload: routed.payload.to_string(),
    }
}
