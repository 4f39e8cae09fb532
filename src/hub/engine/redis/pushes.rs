//! What Redis pushes to this hub: events on the keys it holds go into its channel
//! state, publishes told on the tap channel go to its taps, and a dropped connection
//! holds new events back until the missed ones are backfilled. Runs on the Redis
//! connection's own task, with no queue in between.

use std::sync::Arc;

use redis::{PushInfo, PushKind, Value};

use super::formats::{keys, parse_message, parse_tapped};
use super::link::Link;
use super::registry::Registry;
use crate::hub::broker::Broker;
use crate::hub::outbox::Wakes;
use crate::hub::tap::Routed;

pub struct Pushes {
    pub registry: Arc<Registry>,
    pub broker: Arc<Broker>,
    pub link: Arc<Link>,
}

impl Pushes {
    pub fn on_push(&self, info: PushInfo) {
        match info.kind {
            PushKind::Message | PushKind::SMessage => {
                let [channel, message] = info.data.as_slice() else {
                    return;
                };
                let (Value::BulkString(channel), Value::BulkString(message)) = (channel, message)
                else {
                    return;
                };
                let Ok(channel) = std::str::from_utf8(channel) else {
                    return;
                };
                if channel == keys::TAP_CHANNEL {
                    return self.on_tapped(message);
                }
                if let Some(digest) = keys::digest_of_events(channel) {
                    self.on_event(digest, message);
                }
            }
            PushKind::Disconnection => {
                // Events published while this hub's connection is down reach it only
                // through the streams: hold new ones until the backfill is in.
                self.broker.hold_all();
                self.link.mark_lost();
            }
            _ => {}
        }
    }

    fn on_event(&self, digest: &str, message: &[u8]) {
        let Some(key) = self.registry.key_of(digest) else {
            return;
        };
        let Some((id, ts, payload)) = parse_message(message) else {
            tracing::warn!("ignoring a malformed event from Redis on {digest}");
            return;
        };
        let mut wakes = Wakes::default();
        self.broker.deliver(&key, id, ts, payload, &mut wakes);
    }

    /// Shows a publish told on the tap channel (from any hub) to this hub's taps.
    fn on_tapped(&self, message: &[u8]) {
        if self.broker.taps.is_idle() {
            return;
        }
        let Some(told) = parse_tapped(message) else {
            tracing::warn!("ignoring a malformed tap record from Redis");
            return;
        };
        let mut wakes = Wakes::default();
        self.broker.taps.observe(
            Routed {
                key: &told.key,
                payload: told.payload,
                event: told.event.map(|(id, ts)| (id.to_string(), ts)),
                receivers: told.hubs,
                receivers_are_hubs: true,
                routed_at: told.routed_at,
            },
            &mut wakes,
        );
    }
}
