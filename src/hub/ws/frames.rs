//! What a connection's client frames do: subscribe and unsubscribe, the tap, hints
//! and publishes, on behalf of what let the socket in (the API key or a browser
//! session). Handling never waits: an answer that needs the rate budget or Redis is
//! handed back as a [`Step::Wait`] for the connection to keep aside while it goes on
//! writing, pinging and watching for shutdown; what the wait yields comes back in
//! [`Frames::resume`]. Frames after a waiting one are not read until it is done, so
//! their order holds.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ws::Utf8Bytes;

use super::stream::PublishStream;
use crate::channel::ModuleContext;
use crate::hub::broker::{Joining, Replay, SubscriptionHandle};
use crate::hub::clock::ClockExt;
use crate::hub::credentials::{Authority, Ended};
use crate::hub::engine::{Health, Outcome};
use crate::hub::error::ApiError;
use crate::hub::facade::{Hub, PublishCall, unclaimed_key};
use crate::hub::key_filter::KeyFilter;
use crate::hub::outbox::{OutFrame, Outbox, Wakes};
use crate::hub::tap::TapFilter;
use crate::protocol::{ClientFrame, EventId, PublishFrame, ServerFrame, SubscribeFrame};
use crate::token::Permission;

/// A wait kept aside by the connection.
pub type Waiting = crate::hub::engine::outcome::Pending<Resumed>;

/// What handling a frame came to.
pub enum Step {
    Done,
    Wait(Waiting),
}

/// What a wait yields.
pub enum Resumed {
    /// Handle this frame again: its budget is taken (`true`), or its wait for the
    /// budget is over (`false`).
    Again { text: Utf8Bytes, budget_taken: bool },
    /// A frame for the peer (an acknowledgement, an error, hints).
    Reply(String),
    Subscribed {
        id: String,
        result: Result<SubscriptionHandle, ApiError>,
        token: Option<TokenHold>,
    },
    Tapping {
        id: String,
        result: Result<u64, ApiError>,
    },
}

/// Who an answer goes to: a subscription or tap id, or a publish's `ref`.
#[derive(Clone)]
pub enum ReplyTo {
    Id(String),
    Ref(u64),
}

impl ReplyTo {
    pub fn error(&self, e: ApiError) -> String {
        let (id, reference) = match self {
            ReplyTo::Id(id) => (Some(id.clone()), None),
            ReplyTo::Ref(r) => (None, Some(*r)),
        };
        error_frame(id, reference, e)
    }
}

pub fn error_frame(id: Option<String>, reference: Option<u64>, e: ApiError) -> String {
    serde_json::to_string(&ServerFrame::Error {
        id,
        reference,
        code: e.code,
        message: e.message,
        retry_after_ms: e.retry_after.map(|d| d.as_millis().max(1) as u64),
    })
    .unwrap_or_default()
}

/// A subscription's token: when it expires, and which signing key verified it.
pub struct TokenHold {
    pub expires: Option<Instant>,
    pub kid: String,
}

struct ActiveSub {
    handle: SubscriptionHandle,
    token: Option<TokenHold>,
}

/// How a connection ends, and what its subscriptions become.
#[derive(Clone, Copy)]
pub enum Exit {
    /// The hub is shutting down, or what let the socket in ended: subscriptions end
    /// for good.
    Shutdown,
    /// The peer went away: subscriptions are held for the grace period.
    Lost,
    /// The peer fell too far behind: held like `Lost`, and told why once its socket
    /// drains enough to take the close frame.
    Slow,
}

pub struct Frames {
    hub: Arc<Hub>,
    pub outbox: Arc<Outbox>,
    authority: Authority,
    default_context: Option<ModuleContext>,
    subs: HashMap<String, ActiveSub>,
    /// Taps attached on this connection: their ids and the serials that detach them.
    taps: HashMap<String, u64>,
    /// The publish stream's resolved target (boxed: most connections never publish).
    stream: Option<Box<PublishStream>>,
    /// Subscribers to wake once the frames read in one batch are handled.
    pub wakes: Wakes,
    /// The earliest token or session expiry, kept current as subscriptions change.
    next_deadline: Option<Instant>,
    /// Set once the subscriptions have been given back.
    released: bool,
}

impl Frames {
    pub fn new(hub: Arc<Hub>, authority: Authority, default_context: Option<ModuleContext>) -> Frames {
        let outbox = Arc::new(Outbox::new(
            hub.config.queue_limit,
            hub.config.connection_byte_budget(),
        ));
        let mut frames = Frames {
            hub,
            outbox,
            authority,
            default_context,
            subs: HashMap::new(),
            taps: HashMap::new(),
            stream: None,
            wakes: Wakes::default(),
            next_deadline: None,
            released: false,
        };
        frames.recompute_deadline();
        frames
    }

    fn send(&self, text: String) {
        self.outbox.push_reply([OutFrame::Text(text)]);
    }

    fn send_frame(&self, frame: &ServerFrame) {
        if let Ok(text) = serde_json::to_string(frame) {
            self.send(text);
        }
    }

    fn refuse(&self, to: &ReplyTo, e: ApiError) {
        self.send(to.error(e));
    }

    /// Handles one text frame.
    pub fn handle(&mut self, text: Utf8Bytes, budget_taken: bool) -> Step {
        if let Some(frame) = PublishFrame::parse(text.as_str()) {
            let stream = self.stream.get_or_insert_with(Default::default);
            return stream.publish(
                &self.hub,
                &self.outbox,
                self.authority.session(),
                self.default_context.as_ref(),
                (&frame, &text, budget_taken),
                &mut self.wakes,
            );
        }
        let frame: ClientFrame = match serde_json::from_str(text.as_str()) {
            Ok(f) => f,
            Err(e) => {
                let id = serde_json::from_str::<serde_json::Value>(text.as_str())
                    .ok()
                    .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(String::from));
                self.send(error_frame(
                    id,
                    None,
                    ApiError::bad_request(
                        "INVALID_FRAME",
                        format!(
                            "malformed frame: {e}; expected {{\"type\":\"subscribe\"|\"unsubscribe\"|\"publish\",…}}"
                        ),
                    ),
                ));
                return Step::Done;
            }
        };
        match frame {
            ClientFrame::Subscribe(request) => {
                let to = ReplyTo::Id(request.id.clone());
                match self.subscribe(request, &text, budget_taken) {
                    Ok(step) => step,
                    Err(e) => {
                        self.refuse(&to, e);
                        Step::Done
                    }
                }
            }
            ClientFrame::Tap {
                id,
                installation,
                name,
                global,
                undelivered,
            } => self.tap(id, installation, name, global, undelivered),
            ClientFrame::Unsubscribe { id } => {
                self.unsubscribe(id);
                Step::Done
            }
            ClientFrame::Hints { id } => self.hints(id),
            ClientFrame::Publish {
                reference,
                channel,
                global,
                payload,
                context,
                context_overrides,
                token,
            } => {
                let to = ReplyTo::Ref(reference);
                let call = (channel, global, payload, context, context_overrides, token);
                match self.publish(reference, call, &text, budget_taken) {
                    Ok(step) => step,
                    Err(e) => {
                        self.refuse(&to, e);
                        Step::Done
                    }
                }
            }
        }
    }

    /// Takes up what a wait yielded.
    pub fn resume(&mut self, resumed: Resumed) -> Step {
        match resumed {
            Resumed::Again { text, budget_taken } => self.handle(text, budget_taken),
            Resumed::Reply(text) => {
                self.send(text);
                Step::Done
            }
            Resumed::Subscribed { id, result, token } => {
                match result {
                    Ok(handle) => self.joined(id, handle, token),
                    Err(e) => self.refuse(&ReplyTo::Id(id), e),
                }
                Step::Done
            }
            Resumed::Tapping { id, result } => {
                match result {
                    Ok(serial) => self.tapping(id, serial),
                    Err(e) => self.refuse(&ReplyTo::Id(id), e),
                }
                Step::Done
            }
        }
    }

    /// The caller for a frame: a browser session's pinned one, the frame's own, or the
    /// connection's.
    fn context(&self, given: Option<serde_json::Value>) -> Result<ModuleContext, ApiError> {
        if let Some(session) = self.authority.session()
            && let Some(pinned) = session.context_for(given.as_ref())?
        {
            return Ok(pinned);
        }
        match given {
            Some(v) => ModuleContext::from_json(&v).map_err(ApiError::from),
            None => self.default_context.clone().ok_or_else(no_context),
        }
    }

    fn subscribe(
        &mut self,
        req: SubscribeFrame,
        text: &Utf8Bytes,
        budget_taken: bool,
    ) -> Result<Step, ApiError> {
        let id = req.id.clone();
        if self.subs.contains_key(&id) || self.taps.contains_key(&id) {
            return Err(ApiError::bad_request(
                "DUPLICATE_SUBSCRIPTION",
                "a subscription with this id is already active on this connection; pick another id",
            ));
        }
        self.check_room()?;
        let context = self.context(req.context)?;
        if let Some(session) = self.authority.session() {
            session.check_subscribe(req.global)?;
        }
        let key = unclaimed_key(
            &context,
            &req.channel,
            req.global,
            req.context_overrides.as_deref(),
        )?;
        let since = match req.since.as_deref() {
            Some(s) => Some(
                s.parse::<EventId>()
                    .map_err(|m| ApiError::bad_request("INVALID_REQUEST", format!("since: {m}")))?,
            ),
            None => None,
        };
        if !budget_taken {
            let to = ReplyTo::Id(id.clone());
            match self.hub.engine.take_budget(&context.installation_id, 1, 0) {
                Outcome::Ready(budget) => budget?.map_err(|wait| self.rate_refusal(wait))?,
                Outcome::Pending(budget) => {
                    return Ok(Step::Wait(self.then_again(budget, text, to)));
                }
            }
        }
        let (key, verified) = self
            .hub
            .claim_key(key, req.token.as_deref(), Permission::Subscribe)?;
        let token = verified.map(|v| TokenHold {
            expires: self.hub.clock.deadline_of_epoch(v.exp),
            kid: self.hub.credentials.current().signing.kid.clone(),
        });
        let joining = Joining {
            outbox: self.outbox.clone(),
            id: id.clone(),
            replay: Replay {
                since,
                replay_seconds: req.replay_seconds,
            },
            backlog: None,
        };
        Ok(match self.hub.engine.subscribe(key, joining) {
            Outcome::Ready(result) => {
                self.joined(id, result?, token);
                Step::Done
            }
            Outcome::Pending(joined) => Step::Wait(Box::pin(async move {
                Resumed::Subscribed {
                    id,
                    result: joined.await,
                    token,
                }
            })),
        })
    }

    fn rate_refusal(&self, wait: Duration) -> ApiError {
        crate::hub::metrics::Metrics::inc(&self.hub.metrics.rate_limited);
        ApiError::rate_limited(wait, self.hub.config.rate_limit.unwrap_or(0))
    }

    /// Waits for a budget that Redis answers: the frame is handled again once it is
    /// taken; refused, the peer is told.
    fn then_again(
        &self,
        budget: crate::hub::engine::outcome::Pending<crate::hub::engine::Budget>,
        text: &Utf8Bytes,
        to: ReplyTo,
    ) -> Waiting {
        let text = text.clone();
        let hub = self.hub.clone();
        Box::pin(async move {
            match budget.await {
                Ok(Ok(())) => Resumed::Again {
                    text,
                    budget_taken: true,
                },
                Ok(Err(wait)) => {
                    crate::hub::metrics::Metrics::inc(&hub.metrics.rate_limited);
                    let limit = hub.config.rate_limit.unwrap_or(0);
                    Resumed::Reply(to.error(ApiError::rate_limited(wait, limit)))
                }
                Err(e) => Resumed::Reply(to.error(e)),
            }
        })
    }

    /// Subscriptions and taps share `--max-subscriptions`.
    fn check_room(&self) -> Result<(), ApiError> {
        let most = self.hub.config.max_subscriptions;
        if self.subs.len() + self.taps.len() >= most {
            return Err(ApiError::bad_request(
                "TOO_MANY_SUBSCRIPTIONS",
                format!(
                    "at most {most} subscriptions and taps per connection (frt serve --max-subscriptions); open another connection"
                ),
            ));
        }
        Ok(())
    }

    fn joined(&mut self, id: String, handle: SubscriptionHandle, token: Option<TokenHold>) {
        if self.released {
            self.hub.engine.unsubscribe(&handle);
            return;
        }
        self.subs.insert(id, ActiveSub { handle, token });
        self.recompute_deadline();
    }

    fn unsubscribe(&mut self, id: String) {
        if let Some(serial) = self.taps.remove(&id) {
            self.hub.engine.detach_tap(serial);
        } else if let Some(sub) = self.subs.remove(&id) {
            self.hub.engine.unsubscribe(&sub.handle);
            self.recompute_deadline();
        } else {
            return self.send(error_frame(
                Some(id),
                None,
                ApiError::bad_request(
                    "UNKNOWN_SUBSCRIPTION",
                    "no subscription with this id on this connection",
                ),
            ));
        }
        self.send_frame(&ServerFrame::Unsubscribed { id });
    }

    /// Attaches a tap (the connection holds the API key or an admin session).
    fn tap(
        &mut self,
        id: String,
        installation: Option<String>,
        name: Option<String>,
        global: Option<bool>,
        undelivered: bool,
    ) -> Step {
        let to = ReplyTo::Id(id.clone());
        let checked = (|| {
            if !self.authority.is_unrestricted() {
                return Err(crate::hub::session::Session::key_only("the tap"));
            }
            if self.taps.contains_key(&id) || self.subs.contains_key(&id) {
                return Err(ApiError::bad_request(
                    "DUPLICATE_ID",
                    "this id is already in use on this connection",
                ));
            }
            self.check_room()?;
            KeyFilter::new(installation, name.as_deref(), global)
        })();
        let keys = match checked {
            Ok(k) => k,
            Err(e) => {
                self.refuse(&to, e);
                return Step::Done;
            }
        };
        let filter = TapFilter { keys, undelivered };
        match self.hub.engine.attach_tap(id.clone(), filter, &self.outbox) {
            Outcome::Ready(Ok(serial)) => self.tapping(id, serial),
            Outcome::Ready(Err(e)) => self.refuse(&to, e),
            Outcome::Pending(attached) => {
                return Step::Wait(Box::pin(async move {
                    Resumed::Tapping {
                        id,
                        result: attached.await,
                    }
                }));
            }
        }
        Step::Done
    }

    fn tapping(&mut self, id: String, serial: u64) {
        if self.released {
            self.hub.engine.detach_tap(serial);
            return;
        }
        self.taps.insert(id.clone(), serial);
        self.send_frame(&ServerFrame::Tapping { id });
    }

    fn hints(&mut self, id: String) -> Step {
        let Some(sub) = self.subs.get(&id) else {
            self.send(error_frame(
                Some(id),
                None,
                ApiError::bad_request(
                    "UNKNOWN_SUBSCRIPTION",
                    "no subscription with this id on this connection",
                ),
            ));
            return Step::Done;
        };
        let key = sub.handle.channel.key.clone();
        let reply = move |hints| {
            serde_json::to_string(&ServerFrame::Hints { id, hints }).unwrap_or_default()
        };
        match self.hub.engine.subscription_hints(&key) {
            Outcome::Ready(hints) => {
                self.send(reply(hints));
                Step::Done
            }
            Outcome::Pending(hints) => {
                Step::Wait(Box::pin(async move { Resumed::Reply(reply(hints.await)) }))
            }
        }
    }

    /// A publish frame naming its own caller, plane and token (the general path; frt's
    /// streams take [`PublishStream`]). It waits for the budget rather than being
    /// refused, so a stream's order holds and nothing is lost.
    #[allow(clippy::type_complexity)]
    fn publish(
        &mut self,
        reference: u64,
        (channel, global, payload, context, overrides, token): (
            String,
            bool,
            String,
            Option<serde_json::Value>,
            Option<Vec<String>>,
            Option<String>,
        ),
        text: &Utf8Bytes,
        budget_taken: bool,
    ) -> Result<Step, ApiError> {
        if let Some(session) = self.authority.session() {
            session.check_publish(global)?;
        }
        let context = self.context(context)?;
        let to = ReplyTo::Ref(reference);
        if !budget_taken {
            if let Some(step) =
                super::stream::wait_for_budget(&self.hub, &context.installation_id, text, &to)
            {
                return Ok(step);
            }
        }
        let call = PublishCall {
            context: &context,
            name: &channel,
            payload: &payload,
            global,
            overrides: overrides.as_deref(),
            token: token.as_deref(),
        };
        let (key, _) = self.hub.publish_key(&call)?;
        let mut target = crate::hub::broker::PublishTarget::new(Arc::new(key));
        let ack = move |result: crate::protocol::PublishResult| {
            serde_json::to_string(&ServerFrame::Published {
                reference,
                event_id: result.event_id,
                event_timestamp: result.event_timestamp,
            })
            .unwrap_or_default()
        };
        Ok(match self.hub.publish_to(&mut target, &payload, &mut self.wakes) {
            Outcome::Ready(result) => {
                self.send(ack(result?));
                Step::Done
            }
            Outcome::Pending(result) => Step::Wait(Box::pin(async move {
                Resumed::Reply(match result.await {
                    Ok(r) => ack(r),
                    Err(e) => to.error(e),
                })
            })),
        })
    }

    /// Tells the peer its hub lost or regained what its engine needs.
    pub fn tell_health(&self, health: Health) {
        let (code, message) = match health {
            Health::Down(why) => (
                "CLUSTER_DEGRADED",
                format!(
                    "this hub lost the cluster's Redis ({why}); subscriptions stay, events from other hubs pause and publishes fail until it is back"
                ),
            ),
            Health::Up => (
                "CLUSTER_RECOVERED",
                "this hub reaches the cluster's Redis again; events flow".to_string(),
            ),
        };
        self.send_frame(&ServerFrame::Notice {
            code: code.into(),
            message,
        });
    }

    /// The earliest token or session expiry on this connection.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.next_deadline
    }

    fn recompute_deadline(&mut self) {
        let session = self
            .authority
            .expires_at()
            .and_then(|exp| self.hub.clock.deadline_of_epoch(exp));
        let tokens = self
            .subs
            .values()
            .filter_map(|s| s.token.as_ref().and_then(|t| t.expires));
        self.next_deadline = tokens.chain(session).min();
    }

    /// Ends what expired by now: subscriptions whose token expired, or everything when
    /// what let the socket in did. `Some` when the connection must close.
    pub fn expire(&mut self) -> Option<Ended> {
        if let Some(ended) = self.authority_ended() {
            return Some(ended);
        }
        let now = self.hub.clock.now();
        let expired: Vec<String> = self
            .subs
            .iter()
            .filter(|(_, s)| s.token.as_ref().and_then(|t| t.expires).is_some_and(|e| e <= now))
            .map(|(id, _)| id.clone())
            .collect();
        self.end_subscriptions(
            expired,
            "TOKEN_EXPIRED",
            "the subscription's token expired; sign a new token and subscribe again",
        );
        None
    }

    /// The hub's keys changed: what they no longer back ends. `Some` when the
    /// connection must close.
    pub fn credentials_changed(&mut self) -> Option<Ended> {
        if let Some(ended) = self.authority_ended() {
            return Some(ended);
        }
        let kid = self.hub.credentials.current().signing.kid.clone();
        let stale: Vec<String> = self
            .subs
            .iter()
            .filter(|(_, s)| s.token.as_ref().is_some_and(|t| t.kid != kid))
            .map(|(id, _)| id.clone())
            .collect();
        self.end_subscriptions(
            stale,
            "INVALID_TOKEN",
            "the hub's signing key was rotated, so the subscription's token no longer verifies; sign a new token and subscribe again",
        );
        self.stream = None;
        None
    }

    /// Ends every subscription, telling the peer why, when what let the socket in
    /// ended.
    fn authority_ended(&mut self) -> Option<Ended> {
        let ended = self
            .authority
            .ended(&self.hub.credentials.current(), self.hub.clock.now_ms())?;
        let ids: Vec<String> = self.subs.keys().cloned().collect();
        self.end_subscriptions(ids, ended.code, &ended.message);
        Some(ended)
    }

    /// Ends these subscriptions for good, telling the peer why with `code`.
    fn end_subscriptions(&mut self, ids: Vec<String>, code: &str, message: &str) {
        for id in ids {
            if let Some(sub) = self.subs.remove(&id) {
                self.hub.engine.unsubscribe(&sub.handle);
                self.send(error_frame(
                    Some(id),
                    None,
                    ApiError::bad_request(code, message),
                ));
            }
        }
        self.recompute_deadline();
    }

    /// Ends every subscription (for good at shutdown, else held for the grace period)
    /// and every tap. Runs once.
    pub fn release(&mut self, exit: Exit) {
        if std::mem::replace(&mut self.released, true) {
            return;
        }
        self.outbox.close();
        for (_, serial) in self.taps.drain() {
            self.hub.engine.detach_tap(serial);
        }
        for (_, sub) in self.subs.drain() {
            match exit {
                Exit::Shutdown => self.hub.engine.unsubscribe(&sub.handle),
                Exit::Lost | Exit::Slow => self.hub.engine.detach(&sub.handle),
            }
        }
    }
}

impl Drop for Frames {
    /// However the task ends (a return, a panic, the hub's runtime stopping), its
    /// subscriptions are held for the grace period like a lost connection's: no ghost
    /// subscribers.
    fn drop(&mut self) {
        self.release(Exit::Lost);
    }
}

pub fn no_context() -> ApiError {
    ApiError::bad_request(
        "INVALID_CONTEXT",
        "no context: put \"context\" in the frame or send the x-forge-context-token header when connecting",
    )
}
