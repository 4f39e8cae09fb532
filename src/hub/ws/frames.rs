//! What a connection's client frames do: subscribe and unsubscribe, the tap, hints
//! and publishes, on behalf of what let the socket in (the API key or a browser
//! session). Handling never waits: an answer that needs the rate budget or Redis is
//! handed back as a [`Step::Wait`] for the connection to keep aside while it goes on
//! writing, pinging and watching for shutdown; what the wait yields comes back in
//! [`Frames::resume`]. Frames after a waiting one are not read until it is done, so
//! their order holds.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ws::Utf8Bytes;

use super::holdings::{Held, Holdings, TokenHold};
use super::step::{ReplyTo, Resumed, Step, Waiting, error_frame, no_context};
use super::stream::{OwnCaller, PublishStream};
use crate::channel::ModuleContext;
use crate::hub::broker::{Joining, Replay, SubscriptionHandle};
use crate::hub::clock::ClockExt;
use crate::hub::credentials::{Authority, Ended};
use crate::hub::engine::{Health, Outcome};
use crate::hub::error::ApiError;
use crate::hub::facade::{Hub, unclaimed_key};
use crate::hub::key_filter::KeyFilter;
use crate::hub::outbox::{OutFrame, Outbox, Wakes};
use crate::hub::tap::TapFilter;
use crate::protocol::{ClientFrame, EventId, PublishFrame, ServerFrame, SubscribeFrame};
use crate::token::Permission;

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
    held: Holdings,
    /// The publish stream's resolved target (boxed: most connections never publish).
    stream: Option<Box<PublishStream>>,
    /// Subscribers to wake once the frames read in one batch are handled.
    pub wakes: Wakes,
    /// When the session that let the socket in expires.
    session_deadline: Option<Instant>,
    /// Set once the subscriptions have been given back.
    released: bool,
}

impl Frames {
    pub fn new(
        hub: Arc<Hub>,
        authority: Authority,
        default_context: Option<ModuleContext>,
    ) -> Frames {
        let outbox = Arc::new(Outbox::new(
            hub.config.queue_limit,
            hub.config.connection_byte_budget(),
        ));
        let session_deadline = authority
            .expires_at()
            .and_then(|exp| hub.clock.deadline_of_epoch(exp));
        Frames {
            hub,
            outbox,
            authority,
            default_context,
            held: Holdings::default(),
            stream: None,
            wakes: Wakes::default(),
            session_deadline,
            released: false,
        }
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
                let call = OwnCaller {
                    reference,
                    channel,
                    global,
                    payload,
                    overrides: context_overrides,
                    token,
                };
                let published = self.context(context).and_then(|context| {
                    super::stream::publish_own_caller(
                        &self.hub,
                        self.authority.session(),
                        &context,
                        call,
                        (&text, budget_taken),
                        &mut self.wakes,
                    )
                });
                match published {
                    Ok(Step::Done) => Step::Done,
                    Ok(Step::Reply(text)) => {
                        self.send(text);
                        Step::Done
                    }
                    Ok(wait) => wait,
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
        if self.held.in_use(&id) {
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
        let (key, verified) =
            self.hub
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
        if self.held.count() >= most {
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
        self.held.add_subscription(id, handle, token);
    }

    fn unsubscribe(&mut self, id: String) {
        match self.held.remove(&id) {
            Some(Held::Tap(serial)) => self.hub.engine.detach_tap(serial),
            Some(Held::Subscription(handle)) => self.hub.engine.unsubscribe(&handle),
            None => {
                return self.send(error_frame(
                    Some(id),
                    None,
                    ApiError::bad_request(
                        "UNKNOWN_SUBSCRIPTION",
                        "no subscription with this id on this connection",
                    ),
                ));
            }
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
            if self.held.in_use(&id) {
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
        self.held.add_tap(id.clone(), serial);
        self.send_frame(&ServerFrame::Tapping { id });
    }

    fn hints(&mut self, id: String) -> Step {
        let Some(key) = self.held.key_of(&id) else {
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
            Health::Reset(why) => (
                "CLUSTER_STATE_LOST",
                format!(
                    "the cluster's Redis lost its state ({why}); subscriptions carry on under a new epoch, and events from before it cannot be replayed (a resume answers recovered: false)"
                ),
            ),
        };
        self.send_frame(&ServerFrame::Notice {
            code: code.into(),
            message,
        });
    }

    /// The earliest token or session expiry on this connection.
    pub fn next_deadline(&self) -> Option<Instant> {
        match (self.held.token_deadline(), self.session_deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Ends what expired by now: subscriptions whose token expired, or everything when
    /// what let the socket in did. `Some` when the connection must close.
    pub fn expire(&mut self) -> Option<Ended> {
        if let Some(ended) = self.authority_ended() {
            return Some(ended);
        }
        let now = self.hub.clock.now();
        let expired = self.held.expired(now);
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
        let stale = self.held.signed_by_other_than(&kid);
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
        let ids = self.held.subscription_ids();
        self.end_subscriptions(ids, ended.code, &ended.message);
        Some(ended)
    }

    /// Ends these subscriptions for good, telling the peer why with `code`.
    fn end_subscriptions(&mut self, ids: Vec<String>, code: &str, message: &str) {
        for id in ids {
            if let Some(Held::Subscription(handle)) = self.held.remove(&id) {
                self.hub.engine.unsubscribe(&handle);
                self.send(error_frame(
                    Some(id),
                    None,
                    ApiError::bad_request(code, message),
                ));
            }
        }
    }

    /// Ends every subscription (for good at shutdown, else held for the grace period)
    /// and every tap. Runs once.
    pub fn release(&mut self, exit: Exit) {
        if std::mem::replace(&mut self.released, true) {
            return;
        }
        self.outbox.close();
        let (subs, taps) = self.held.drain();
        for serial in taps {
            self.hub.engine.detach_tap(serial);
        }
        for handle in subs {
            match exit {
                Exit::Shutdown => self.hub.engine.unsubscribe(&handle),
                Exit::Lost | Exit::Slow => self.hub.engine.detach(&handle),
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
