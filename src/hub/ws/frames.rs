//! What each client frame does on a connection: subscribe and unsubscribe, publish
//! (the stream fast path and the general one), the tap and hints; the caller's
//! context for a frame (pinned by a browser session), and ending subscriptions
//! whose token or session expired.

use super::*;

impl Connection {
    /// Attaches a tap with the given filters (the connection already holds the API key).
    /// A cluster hub first has every hub's publishes told to it.
    async fn tap(
        &mut self,
        id: String,
        installation: Option<String>,
        name: Option<String>,
        global: Option<bool>,
        undelivered: bool,
    ) {
        if self.session.is_some() {
            return self.send_api_error(Some(id), None, Session::key_only("the tap"));
        }
        if self.taps.contains_key(&id) || self.subs.contains_key(&id) {
            return self.send_error(
                Some(id),
                None,
                "DUPLICATE_ID",
                "this id is already in use on this connection",
            );
        }
        let keys = match crate::hub::KeyFilter::new(installation, name.as_deref(), global) {
            Ok(k) => k,
            Err(e) => return self.send_api_error(Some(id), None, e),
        };
        if let Some(cluster) = &self.hub.cluster
            && let Err(e) = cluster.watch_taps().await
        {
            return self.send_api_error(Some(id), None, e);
        }
        let filter = crate::hub::tap::TapFilter { keys, undelivered };
        let serial = self
            .hub
            .broker
            .taps
            .attach(id.clone(), filter, &self.outbox);
        self.taps.insert(id.clone(), serial);
        self.send(&ServerFrame::Tapping { id });
    }

    pub(super) async fn handle_text(&mut self, text: &str) {
        if let Some(frame) = PublishFrame::parse(text) {
            let reference = frame.reference;
            match self.stream_publish(&frame).await {
                Ok(published) => {
                    let mut ack = String::with_capacity(120);
                    write_published(
                        &mut ack,
                        reference,
                        published.map(|p| (p.id, p.timestamp_ms)),
                    );
                    self.outbox.push_reply([OutFrame::Text(ack)]);
                }
                Err(e) => self.send_api_error(None, Some(reference), e),
            }
            return;
        }
        let frame: ClientFrame = match serde_json::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                let id = serde_json::from_str::<serde_json::Value>(text)
                    .ok()
                    .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(String::from));
                return self.send_error(
                    id,
                    None,
                    "INVALID_FRAME",
                    &format!(
                        "malformed frame: {e}; expected {{\"type\":\"subscribe\"|\"unsubscribe\"|\"publish\",…}}"
                    ),
                );
            }
        };
        match frame {
            ClientFrame::Subscribe(request) => {
                let id = request.id.clone();
                if let Err(e) = self.subscribe(request).await {
                    self.send_api_error(Some(id), None, e);
                }
            }
            ClientFrame::Tap {
                id,
                installation,
                name,
                global,
                undelivered,
            } => self.tap(id, installation, name, global, undelivered).await,
            ClientFrame::Unsubscribe { id } if self.taps.contains_key(&id) => {
                if let Some(serial) = self.taps.remove(&id) {
                    self.hub.broker.taps.detach(serial);
                }
                self.send(&ServerFrame::Unsubscribed { id });
            }
            ClientFrame::Unsubscribe { id } => match self.subs.remove(&id) {
                Some(sub) => {
                    self.hub
                        .broker
                        .unsubscribe(&sub.handle.channel, sub.handle.serial);
                    self.send(&ServerFrame::Unsubscribed { id });
                }
                None => self.send_error(
                    Some(id),
                    None,
                    "UNKNOWN_SUBSCRIPTION",
                    "no subscription with this id on this connection",
                ),
            },
            ClientFrame::Hints { id } => match self.subs.get(&id) {
                Some(sub) => {
                    let key = sub.handle.channel.key.clone();
                    let hints = match &self.hub.cluster {
                        Some(cluster) => cluster.subscription_hints(&self.hub, &key).await,
                        None => self.hub.broker.subscription_hints(&key),
                    };
                    self.send(&ServerFrame::Hints { id, hints });
                }
                None => self.send_error(
                    Some(id),
                    None,
                    "UNKNOWN_SUBSCRIPTION",
                    "no subscription with this id on this connection",
                ),
            },
            ClientFrame::Publish {
                reference,
                channel,
                global,
                payload,
                context,
                context_overrides,
                token,
            } => {
                let result = self
                    .publish(
                        &channel,
                        global,
                        &payload,
                        context,
                        context_overrides,
                        token,
                    )
                    .await;
                match result {
                    Ok(r) => self.send(&ServerFrame::Published {
                        reference,
                        event_id: r.event_id,
                        event_timestamp: r.event_timestamp,
                    }),
                    Err(e) => self.send_api_error(None, Some(reference), e),
                }
            }
        }
    }

    fn context(&self, given: Option<serde_json::Value>) -> Result<ModuleContext, ApiError> {
        if let Some(session) = &self.session
            && let Some(pinned) = session.context_for(given.as_ref())?
        {
            return Ok(pinned);
        }
        match given {
            Some(v) => ModuleContext::from_json(&v).map_err(ApiError::from),
            None => self.default_context.clone().ok_or_else(|| {
                ApiError::bad_request(
                    "INVALID_CONTEXT",
                    "no context: put \"context\" in the frame or send the x-forge-context-token header when connecting",
                )
            }),
        }
    }

    async fn subscribe(&mut self, req: crate::protocol::SubscribeFrame) -> Result<(), ApiError> {
        let id = req.id.as_str();
        if self.subs.contains_key(id) {
            return Err(ApiError::bad_request(
                "DUPLICATE_SUBSCRIPTION",
                "a subscription with this id is already active on this connection; pick another id",
            ));
        }
        let most = self.hub.config.max_subscriptions;
        if self.subs.len() >= most {
            return Err(ApiError::bad_request(
                "TOO_MANY_SUBSCRIPTIONS",
                format!(
                    "at most {most} subscriptions per connection (frt serve --max-subscriptions); open another connection"
                ),
            ));
        }
        let context = self.context(req.context)?;
        if let Some(session) = &self.session {
            session.check_subscribe(req.global)?;
        }
        let key = crate::hub::unclaimed_key(
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
        self.hub.rate(&context.installation_id).await?;
        let (key, verified) =
            self.hub
                .claim_key(key, req.token.as_deref(), Permission::Subscribe)?;
        let expires = verified.and_then(|v| crate::timefmt::instant_of_epoch(v.exp));
        let replay = Replay {
            since,
            replay_seconds: req.replay_seconds,
        };
        let hub = self.hub.clone();
        let reservation = hub.broker.reserve(key);
        // A cluster hub registers the key in Redis before it confirms, and reads a
        // replay from the key's stream.
        let backlog = match &hub.cluster {
            Some(cluster) => {
                let key = reservation.key();
                cluster.watch(key).await?;
                match replay.wanted() {
                    true => Some(
                        cluster
                            .backlog(
                                key,
                                replay,
                                hub.broker.epoch(),
                                crate::timefmt::now_ms(),
                                self.outbox.replay_room(),
                            )
                            .await?,
                    ),
                    false => None,
                }
            }
            None => None,
        };
        let epoch = format_epoch_tag(hub.broker.epoch());
        let sub_id = id.to_string();
        let handle = hub.broker.join(
            reservation,
            &self.outbox,
            event_prefix(id),
            replay,
            backlog,
            |recovered, position| {
                serde_json::to_string(&ServerFrame::Subscribed {
                    id: sub_id.clone(),
                    epoch: epoch.clone(),
                    recovered,
                    position: Some(position.to_string()),
                })
                .unwrap_or_default()
            },
        );
        self.subs
            .insert(id.to_string(), ActiveSub { handle, expires });
        Ok(())
    }

    /// The stream fast path: one resolution per target, then straight to the channel.
    async fn stream_publish(
        &mut self,
        f: &PublishFrame<'_>,
    ) -> Result<Option<Published>, ApiError> {
        let Some(context) = self.default_context.as_ref() else {
            return Err(ApiError::bad_request(
                "INVALID_CONTEXT",
                "no context: put \"context\" in the frame or send the x-forge-context-token header when connecting",
            ));
        };
        if let Some(session) = &self.session {
            session.check_publish(f.global)?;
        }
        if self.hub.limiter.limit().is_some() {
            self.hub.wait_for_budget(&context.installation_id).await?;
        }
        self.hub.check_payload(&f.payload)?;
        if !self.stream.as_ref().is_some_and(|c| c.serves(f)) {
            let (key, verified) = self.hub.resolve_key(
                context,
                &f.channel,
                f.global,
                f.context_overrides.as_deref(),
                f.token.as_deref(),
                Permission::Publish,
            )?;
            self.stream = Some(Box::new(StreamCache {
                channel: f.channel.to_string(),
                global: f.global,
                overrides: f.context_overrides.clone(),
                token: f.token.as_deref().map(String::from),
                token_exp: verified.map(|v| v.exp),
                key,
                state: None,
            }));
        }
        let Connection {
            hub, stream, wakes, ..
        } = self;
        let Some(cache) = stream.as_mut() else {
            return Ok(None);
        };
        if let Some(cluster) = &hub.cluster {
            return hub
                .publish_in_cluster(cluster, &cache.key, &f.payload)
                .await;
        }
        Ok(hub
            .broker
            .publish_cached(&cache.key, &mut cache.state, &f.payload, wakes))
    }

    async fn publish(
        &mut self,
        channel: &str,
        global: bool,
        payload: &str,
        context: Option<serde_json::Value>,
        overrides: Option<Vec<String>>,
        token: Option<String>,
    ) -> Result<crate::protocol::PublishResult, ApiError> {
        if let Some(session) = &self.session {
            session.check_publish(global)?;
        }
        let context = self.context(context)?;
        // A stream is shaped rather than refused, so the order holds and nothing is
        // lost: the publish waits for the installation's budget.
        self.hub.wait_for_budget(&context.installation_id).await?;
        self.hub
            .publish(
                &PublishCall {
                    context: &context,
                    name: channel,
                    payload,
                    global,
                    overrides: overrides.as_deref(),
                    token: token.as_deref(),
                },
                &mut self.wakes,
            )
            .await
    }

    /// Tells the peer its hub lost or regained the cluster's Redis.
    pub(super) fn tell_cluster_health(&mut self, health: crate::hub::cluster::Health) {
        let (code, message) = match health {
            crate::hub::cluster::Health::Down(why) => (
                "CLUSTER_DEGRADED",
                format!(
                    "this hub lost the cluster's Redis ({why}); subscriptions stay, events from other hubs pause and publishes fail until it is back"
                ),
            ),
            crate::hub::cluster::Health::Up => (
                "CLUSTER_RECOVERED",
                "this hub reaches the cluster's Redis again; events flow".to_string(),
            ),
        };
        self.send(&ServerFrame::Notice {
            code: code.into(),
            message,
        });
    }

    /// The browser session expired: every subscription ends with SESSION_EXPIRED.
    pub(super) fn end_session(&mut self) {
        let ids: Vec<String> = self.subs.keys().cloned().collect();
        self.end_subscriptions(
            ids,
            "SESSION_EXPIRED",
            "the browser session expired; mint a new one and subscribe again",
        );
    }

    pub(super) fn expire_tokens(&mut self) {
        let now = Instant::now();
        let expired: Vec<String> = self
            .subs
            .iter()
            .filter(|(_, s)| s.expires.is_some_and(|e| e <= now))
            .map(|(id, _)| id.clone())
            .collect();
        self.end_subscriptions(
            expired,
            "TOKEN_EXPIRED",
            "the subscription's token expired; sign a new token and subscribe again",
        );
    }

    /// Ends these subscriptions for good, telling the peer why with `code`.
    fn end_subscriptions(&mut self, ids: Vec<String>, code: &str, message: &str) {
        for id in ids {
            if let Some(sub) = self.subs.remove(&id) {
                self.hub
                    .broker
                    .unsubscribe(&sub.handle.channel, sub.handle.serial);
                self.send_error(Some(id), None, code, message);
            }
        }
    }
}
