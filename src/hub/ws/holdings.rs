//! What a connection holds: its subscriptions (with the token that let each in) and
//! its taps, by the ids the peer gave them, and the earliest token expiry among them.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use crate::channel::ChannelKey;
use crate::hub::broker::SubscriptionHandle;

/// A subscription's token: when it expires, and which signing key verified it.
pub struct TokenHold {
    pub expires: Option<Instant>,
    pub kid: String,
}

struct ActiveSub {
    handle: SubscriptionHandle,
    token: Option<TokenHold>,
}

/// What an id named.
pub enum Held {
    Subscription(SubscriptionHandle),
    Tap(u64),
}

#[derive(Default)]
pub struct Holdings {
    subs: HashMap<String, ActiveSub>,
    /// Taps: their serials, which detach them.
    taps: HashMap<String, u64>,
    /// The earliest token expiry, kept current as subscriptions come and go.
    token_deadline: Option<Instant>,
}

impl Holdings {
    pub fn in_use(&self, id: &str) -> bool {
        self.subs.contains_key(id) || self.taps.contains_key(id)
    }

    /// Subscriptions and taps together (they share one limit).
    pub fn count(&self) -> usize {
        self.subs.len() + self.taps.len()
    }

    pub fn add_subscription(
        &mut self,
        id: String,
        handle: SubscriptionHandle,
        token: Option<TokenHold>,
    ) {
        if let Some(at) = token.as_ref().and_then(|t| t.expires) {
            self.token_deadline = Some(self.token_deadline.map_or(at, |d| d.min(at)));
        }
        self.subs.insert(id, ActiveSub { handle, token });
    }

    pub fn add_tap(&mut self, id: String, serial: u64) {
        self.taps.insert(id, serial);
    }

    pub fn remove(&mut self, id: &str) -> Option<Held> {
        if let Some(serial) = self.taps.remove(id) {
            return Some(Held::Tap(serial));
        }
        let sub = self.subs.remove(id)?;
        self.recompute();
        Some(Held::Subscription(sub.handle))
    }

    /// The key of subscription `id`.
    pub fn key_of(&self, id: &str) -> Option<Arc<ChannelKey>> {
        self.subs.get(id).map(|s| s.handle.channel.key.clone())
    }

    pub fn subscription_ids(&self) -> Vec<String> {
        self.subs.keys().cloned().collect()
    }

    /// Subscriptions whose token expired by `now`.
    pub fn expired(&self, now: Instant) -> Vec<String> {
        self.with_token(|t| t.expires.is_some_and(|e| e <= now))
    }

    /// Subscriptions whose token another signing key than `kid` verified.
    pub fn signed_by_other_than(&self, kid: &str) -> Vec<String> {
        self.with_token(|t| t.kid != kid)
    }

    fn with_token(&self, pick: impl Fn(&TokenHold) -> bool) -> Vec<String> {
        self.subs
            .iter()
            .filter(|(_, s)| s.token.as_ref().is_some_and(&pick))
            .map(|(id, _)| id.clone())
            .collect()
    }

    pub fn token_deadline(&self) -> Option<Instant> {
        self.token_deadline
    }

    fn recompute(&mut self) {
        self.token_deadline = self
            .subs
            .values()
            .filter_map(|s| s.token.as_ref().and_then(|t| t.expires))
            .min();
    }

    /// Everything, to be given back.
    pub fn drain(&mut self) -> (Vec<SubscriptionHandle>, Vec<u64>) {
        let subs = self.subs.drain().map(|(_, s)| s.handle).collect();
        let taps = self.taps.drain().map(|(_, serial)| serial).collect();
        self.token_deadline = None;
        (subs, taps)
    }
}
