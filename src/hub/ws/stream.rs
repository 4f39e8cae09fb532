//! Publishing over the socket. A stream (`frt publish --lines`, `--count`) names the
//! connection's caller: frames that name the same target are resolved once, and each
//! is parsed and acknowledged on a path of its own. A frame may instead name its own
//! caller (pages, `frt replay`), which takes the general path. The rate budget shapes a stream instead of
//! refusing it: a frame over the budget waits (aside, while the connection goes on
//! writing), so the order holds and nothing is lost.

use std::sync::Arc;

use axum::extract::ws::Utf8Bytes;

use super::step::{ReplyTo, Resumed, Step, error_frame, no_context};
use crate::channel::ModuleContext;
use crate::hub::broker::PublishTarget;
use crate::hub::clock::ClockExt;
use crate::hub::engine::Outcome;
use crate::hub::error::ApiError;
use crate::hub::facade::{Hub, PublishCall, unclaimed_key};
use crate::hub::outbox::{OutFrame, Outbox, Wakes};
use crate::hub::session::Session;
use crate::protocol::{PublishFrame, PublishResult, ServerFrame, write_published};
use crate::token::Permission;

/// The stream's resolved target, reused while the frames keep naming the same
/// channel, plane, overrides and token (and the token has not expired, nor the key
/// that verified it been rotated).
struct StreamTarget {
    channel: String,
    global: bool,
    overrides: Option<Vec<String>>,
    token: Option<String>,
    token_exp: Option<f64>,
    kid: String,
    target: PublishTarget,
}

impl StreamTarget {
    fn serves(&self, f: &PublishFrame<'_>, hub: &Hub) -> bool {
        self.channel == *f.channel
            && self.global == f.global
            && self.overrides == f.context_overrides
            && self.token.as_deref() == f.token.as_deref()
            && self
                .token_exp
                .is_none_or(|exp| (hub.clock.now_ms() as f64) < exp * 1000.0)
            && (self.token.is_none() || hub.credentials.current().signing.kid == self.kid)
    }
}

#[derive(Default)]
pub struct PublishStream {
    cache: Option<StreamTarget>,
}

/// Takes one operation of the installation's budget for a publish that waits:
/// `None` when taken; else the wait, after which the frame is handled again.
pub fn wait_for_budget(
    hub: &Arc<Hub>,
    installation: &str,
    text: &Utf8Bytes,
    to: &ReplyTo,
) -> Option<Step> {
    let again = |budget_taken| Resumed::Again {
        text: text.clone(),
        budget_taken,
    };
    match hub.stream_budget(installation) {
        Outcome::Ready(Ok(Ok(()))) => None,
        Outcome::Ready(Ok(Err(wait))) => {
            let sleep = hub.clock.sleep(wait);
            let resumed = again(false);
            Some(Step::Wait(Box::pin(async move {
                sleep.await;
                resumed
            })))
        }
        Outcome::Ready(Err(e)) => {
            let reply = Resumed::Reply(to.error(e));
            Some(Step::Wait(Box::pin(async move { reply })))
        }
        Outcome::Pending(budget) => {
            let (taken, waited) = (again(true), again(false));
            let (to, clock) = (to.clone(), hub.clock.clone());
            Some(Step::Wait(Box::pin(async move {
                match budget.await {
                    Ok(Ok(())) => taken,
                    Ok(Err(wait)) => {
                        clock.sleep(wait).await;
                        waited
                    }
                    Err(e) => Resumed::Reply(to.error(e)),
                }
            })))
        }
    }
}

impl PublishStream {
    /// One stream frame: `(frame, its text, whether its budget is already taken)`.
    pub fn publish(
        &mut self,
        hub: &Arc<Hub>,
        outbox: &Outbox,
        session: Option<&Session>,
        context: Option<&ModuleContext>,
        (frame, text, budget_taken): (&PublishFrame<'_>, &Utf8Bytes, bool),
        wakes: &mut Wakes,
    ) -> Step {
        let reference = frame.reference;
        let to = ReplyTo::Ref(reference);
        let refuse = |e: ApiError| {
            outbox.push_reply([OutFrame::Text(error_frame(None, Some(reference), e))]);
            Step::Done
        };
        let Some(context) = context else {
            return refuse(no_context());
        };
        if let Some(session) = session
            && let Err(e) = session.check_publish(frame.global)
        {
            return refuse(e);
        }
        if !budget_taken
            && let Some(step) = wait_for_budget(hub, &context.installation_id, text, &to)
        {
            return step;
        }
        if let Err(e) = hub.check_payload(&frame.payload) {
            return refuse(e);
        }
        if !self.cache.as_ref().is_some_and(|c| c.serves(frame, hub)) {
            match resolve(hub, context, frame) {
                Ok(target) => self.cache = Some(target),
                Err(e) => return refuse(e),
            }
        }
        let Some(cache) = self.cache.as_mut() else {
            return Step::Done;
        };
        match hub.engine.publish(&mut cache.target, &frame.payload, wakes) {
            Outcome::Ready(Ok(published)) => {
                outbox.push_reply([OutFrame::Text(ack(reference, published))]);
                Step::Done
            }
            Outcome::Ready(Err(e)) => refuse(e),
            Outcome::Pending(published) => Step::Wait(Box::pin(async move {
                Resumed::Reply(match published.await {
                    Ok(p) => ack(reference, p),
                    Err(e) => to.error(e),
                })
            })),
        }
    }
}

fn resolve(
    hub: &Hub,
    context: &ModuleContext,
    f: &PublishFrame<'_>,
) -> Result<StreamTarget, ApiError> {
    let key = unclaimed_key(
        context,
        &f.channel,
        f.global,
        f.context_overrides.as_deref(),
    )?;
    let (key, verified) = hub.claim_key(key, f.token.as_deref(), Permission::Publish)?;
    Ok(StreamTarget {
        channel: f.channel.to_string(),
        global: f.global,
        overrides: f.context_overrides.clone(),
        token: f.token.as_deref().map(String::from),
        token_exp: verified.map(|v| v.exp),
        kid: hub.credentials.current().signing.kid.clone(),
        target: PublishTarget::new(Arc::new(key)),
    })
}

fn ack(reference: u64, published: Option<crate::hub::broker::Published>) -> String {
    let mut text = String::with_capacity(120);
    write_published(
        &mut text,
        reference,
        published.map(|p| (p.id, p.timestamp_ms)),
    );
    text
}

/// A publish frame that names its own caller, plane and token (the general path, as
/// pages and `frt replay` send it).
pub struct OwnCaller {
    pub reference: u64,
    pub channel: String,
    pub global: bool,
    pub payload: String,
    pub overrides: Option<Vec<String>>,
    pub token: Option<String>,
}

/// Publishes a frame with its own caller: it waits for the budget like the stream
/// does, and answers as the platform does.
pub fn publish_own_caller(
    hub: &Arc<Hub>,
    session: Option<&Session>,
    context: &ModuleContext,
    call: OwnCaller,
    (text, budget_taken): (&Utf8Bytes, bool),
    wakes: &mut Wakes,
) -> Result<Step, ApiError> {
    if let Some(session) = session {
        session.check_publish(call.global)?;
    }
    let reference = call.reference;
    let to = ReplyTo::Ref(reference);
    if !budget_taken && let Some(step) = wait_for_budget(hub, &context.installation_id, text, &to) {
        return Ok(step);
    }
    let (key, _) = hub.publish_key(&PublishCall {
        context,
        name: &call.channel,
        payload: &call.payload,
        global: call.global,
        overrides: call.overrides.as_deref(),
        token: call.token.as_deref(),
    })?;
    let mut target = PublishTarget::new(Arc::new(key));
    let ack = move |result: PublishResult| {
        serde_json::to_string(&ServerFrame::Published {
            reference,
            event_id: result.event_id,
            event_timestamp: result.event_timestamp,
        })
        .unwrap_or_default()
    };
    Ok(match hub.publish_to(&mut target, &call.payload, wakes) {
        Outcome::Ready(result) => Step::Reply(ack(result?)),
        Outcome::Pending(result) => Step::Wait(Box::pin(async move {
            Resumed::Reply(match result.await {
                Ok(r) => ack(r),
                Err(e) => to.error(e),
            })
        })),
    })
}
