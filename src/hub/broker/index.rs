//! Live channel states, by key and, for near-miss hints, by installation and
//! lower-cased name (so a publish that found nobody looks at a handful of keys, not
//! all of them).

use std::collections::HashMap;
use std::sync::Arc;

use super::channel::Channel;
use crate::channel::ChannelKey;
use crate::hub::hints::{self, name_slot};

/// Most near keys a hint computation looks at.
const MAX_NEAR_SCAN: usize = 256;

#[derive(Default)]
pub(super) struct Channels {
    by_key: HashMap<Arc<ChannelKey>, Arc<Channel>>,
    by_name: HashMap<(String, String), Vec<Arc<Channel>>>,
}

impl Channels {
    pub fn get(&self, key: &ChannelKey) -> Option<&Arc<Channel>> {
        self.by_key.get(key)
    }

    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn all(&self) -> Vec<Arc<Channel>> {
        self.by_key.values().cloned().collect()
    }

    pub fn insert(&mut self, channel: Arc<Channel>) {
        self.by_name
            .entry(name_slot(&channel.key))
            .or_default()
            .push(channel.clone());
        self.by_key.insert(channel.key.clone(), channel);
    }

    /// Removes `channel` if it is still the state listed for its key.
    pub fn remove(&mut self, channel: &Arc<Channel>) {
        if !self
            .by_key
            .get(&channel.key)
            .is_some_and(|current| Arc::ptr_eq(current, channel))
        {
            return;
        }
        self.by_key.remove(&channel.key);
        let slot = name_slot(&channel.key);
        if let Some(list) = self.by_name.get_mut(&slot) {
            list.retain(|c| !Arc::ptr_eq(c, channel));
            if list.is_empty() {
                self.by_name.remove(&slot);
            }
        }
    }

    /// Live keys near `key` (same installation, same name ignoring case) that differ
    /// from it in exactly one component. Comparing keys allocates nothing; at most
    /// [`MAX_NEAR_SCAN`] keys are looked at, so a miss stays cheap however many keys
    /// share a name.
    pub fn near(&self, key: &ChannelKey) -> Vec<Arc<Channel>> {
        self.by_name
            .get(&name_slot(key))
            .map(|list| {
                list.iter()
                    .take(MAX_NEAR_SCAN)
                    .filter(|c| hints::difference(key, &c.key).is_some())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }
}
