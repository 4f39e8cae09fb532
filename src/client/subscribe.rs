//! A live subscription to one or more channels over one WebSocket: subscribes, yields
//! events, and on a lost connection reconnects with backoff and resumes each channel
//! with `since`, so nothing the hub still holds is lost or duplicated.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::Error;
use crate::channel::ModuleContext;
use crate::client::Client;
use crate::protocol::{CONTEXT_HEADER, ClientFrame, SUBSCRIBE_PATH, ServerFrame};
use crate::token::{TokenError, TokenErrorCode};

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// What to subscribe to, and how to behave when the connection drops.
#[derive(Debug, Clone)]
pub struct SubscribeOptions {
    /// The channels, all on the same plane and with the same context and token.
    pub channels: Vec<String>,
    pub global: bool,
    pub context: ModuleContext,
    pub overrides: Option<Vec<String>>,
    pub token: Option<String>,
    /// Whole seconds, as the platform's `replaySeconds` counts them.
    pub replay_seconds: Option<u64>,
    /// Reconnect and resume after a lost connection (else a loss is an error).
    pub reconnect: bool,
    /// Resume after this event id instead of starting live (every channel).
    pub since: Option<String>,
}

/// One event as delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedEvent {
    /// The channel it came on (one subscription may hold several).
    pub channel: String,
    pub event_id: String,
    pub event_timestamp: String,
    pub payload: String,
}

/// What a subscription yields.
#[derive(Debug, Clone)]
pub enum StreamItem {
    /// The hub confirmed the subscription. `resumed` is true after a reconnect;
    /// `recovered` false means events may have been lost in the gap.
    Subscribed {
        channel: String,
        epoch: String,
        recovered: bool,
        resumed: bool,
    },
    Event(ReceivedEvent),
    /// The connection dropped; the next call waits `delay` and reconnects.
    Reconnecting {
        attempt: u32,
        delay: Duration,
        reason: String,
    },
    /// The subscription ended at our request (every channel).
    Unsubscribed,
    /// Near-miss hints, answering [`Subscription::request_hints`].
    Hints(Vec<crate::protocol::Hint>),
    /// The hub's news about the connection (e.g. its cluster lost Redis); the
    /// subscriptions carry on.
    Notice {
        code: String,
        message: String,
    },
}

/// No frame (not even a ping) for this long means the hub is gone.
pub const IDLE_LIMIT: Duration = Duration::from_secs(65);
const MAX_RECONNECT_DELAY: Duration = Duration::from_secs(10);

pub struct Subscription {
    client: Client,
    opts: SubscribeOptions,
    socket: Option<Socket>,
    /// One per channel, in the order given; the wire id is `s{index+1}`.
    channels: Vec<ChannelState>,
    attempt: u32,
    /// Delays between reconnect attempts; started afresh once the hub confirms.
    backoff: backon::ExponentialBackoff,
    pending_delay: Option<Duration>,
}

/// Where one channel of a subscription stands: its resume point and hub run.
struct ChannelState {
    name: String,
    last_event_id: Option<String>,
    epoch: Option<String>,
    confirmed_once: bool,
    unsubscribed: bool,
}

fn wire_id(index: usize) -> String {
    format!("s{}", index + 1)
}

fn index_of(id: &str) -> Option<usize> {
    id.strip_prefix('s')?.parse::<usize>().ok()?.checked_sub(1)
}

/// Reconnect delays: 200 ms doubling to 10 s, with jitter so that clients cut off
/// together do not come back together; never gives up (Ctrl-C or --timeout ends it).
pub fn reconnect_backoff() -> backon::ExponentialBackoff {
    use backon::BackoffBuilder;
    backon::ExponentialBuilder::default()
        .with_min_delay(Duration::from_millis(200))
        .with_max_delay(MAX_RECONNECT_DELAY)
        .with_jitter()
        .without_max_times()
        .build()
}

impl Client {
    /// Opens a subscription and waits for the hub's confirmation (the first item).
    pub async fn subscribe(&self, opts: SubscribeOptions) -> Result<Subscription, Error> {
        if opts.channels.is_empty() {
            return Err(Error::Usage("subscribe to at least one channel".into()));
        }
        let channels = opts
            .channels
            .iter()
            .map(|name| ChannelState {
                name: name.clone(),
                last_event_id: opts.since.clone(),
                epoch: None,
                confirmed_once: false,
                unsubscribed: false,
            })
            .collect();
        let mut sub = Subscription {
            client: self.clone(),
            opts,
            socket: None,
            channels,
            attempt: 0,
            backoff: reconnect_backoff(),
            pending_delay: None,
        };
        let socket = self
            .with_retries(|| async { connect(&sub.client, &sub.opts.context).await })
            .await?;
        sub.socket = Some(socket);
        sub.send_subscribe().await?;
        Ok(sub)
    }

    /// The WebSocket URL of the subscribe endpoint.
    pub fn ws_url(&self) -> Result<String, Error> {
        let base = self.endpoint();
        if let Some(rest) = base.strip_prefix("http://") {
            Ok(format!("ws://{rest}{SUBSCRIBE_PATH}"))
        } else if let Some(rest) = base.strip_prefix("https://") {
            Ok(format!("wss://{rest}{SUBSCRIBE_PATH}"))
        } else {
            Err(Error::Usage(format!(
                "endpoint {base} must start with http:// or https://"
            )))
        }
    }
}

/// Opens the WebSocket with auth and context headers.
pub async fn connect(client: &Client, context: &ModuleContext) -> Result<Socket, Error> {
    connect_with_buffer(client, context, 64 * 1024).await
}

/// [`connect`] with a chosen initial read buffer (load generators open thousands).
pub async fn connect_with_buffer(
    client: &Client,
    context: &ModuleContext,
    read_buffer: usize,
) -> Result<Socket, Error> {
    let url = client.ws_url()?;
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| Error::Usage(format!("bad endpoint URL {url}: {e}")))?;
    let headers = request.headers_mut();
    let mut bearer = HeaderValue::from_str(&format!("Bearer {}", client.api_key()))
        .map_err(|_| Error::Usage("the API key has characters a header cannot carry".into()))?;
    bearer.set_sensitive(true);
    headers.insert("authorization", bearer);
    if let Ok(v) = HeaderValue::from_str(&context.to_header_value()) {
        headers.insert(CONTEXT_HEADER, v);
    }
    if client.verbose() {
        eprintln!("> GET {url} (WebSocket)\n> authorization: Bearer <redacted>");
    }
    let config = WebSocketConfig::default()
        .read_buffer_size(read_buffer)
        .max_message_size(Some(64 << 20));
    let connector = client
        .tls_config()
        .map(|c| tokio_tungstenite::Connector::Rustls(c.clone()));
    let connecting =
        tokio_tungstenite::connect_async_tls_with_config(request, Some(config), true, connector);
    match tokio::time::timeout(client.request_timeout(), connecting).await {
        Err(_) => Err(Error::Timeout {
            endpoint: client.endpoint().to_string(),
            after: client.request_timeout(),
        }),
        Ok(Ok((socket, _))) => Ok(socket),
        Ok(Err(tungstenite::Error::Http(resp))) => {
            let status = resp.status().as_u16();
            let body = resp
                .body()
                .as_ref()
                .map(|b| String::from_utf8_lossy(b).to_string())
                .unwrap_or_default();
            Err(crate::client::error_from_body(status, &body, None))
        }
        Ok(Err(tungstenite::Error::Io(e))) => Err(Error::Unreachable {
            endpoint: client.endpoint().to_string(),
            detail: e.to_string(),
        }),
        Ok(Err(e)) => Err(
            crate::client::scheme_mismatch(client.endpoint(), &e.to_string())
                .unwrap_or_else(|| Error::ConnectionLost(e.to_string())),
        ),
    }
}

impl Subscription {
    /// Subscribes every channel, each resuming after its own last event.
    async fn send_subscribe(&mut self) -> Result<(), Error> {
        let socket = self
            .socket
            .as_mut()
            .ok_or_else(|| Error::ConnectionLost("not connected".into()))?;
        for (index, channel) in self.channels.iter().enumerate() {
            let frame = ClientFrame::Subscribe(crate::protocol::SubscribeFrame {
                id: wire_id(index),
                channel: channel.name.clone(),
                global: self.opts.global,
                context: Some(serde_json::to_value(&self.opts.context).unwrap_or_default()),
                context_overrides: self.opts.overrides.clone(),
                token: self.opts.token.clone(),
                replay_seconds: if channel.last_event_id.is_some() {
                    None
                } else {
                    self.opts.replay_seconds
                },
                since: channel.last_event_id.clone(),
            });
            let text = serde_json::to_string(&frame).map_err(|e| Error::Other(e.to_string()))?;
            socket
                .feed(Message::Text(text.into()))
                .await
                .map_err(|e| Error::ConnectionLost(e.to_string()))?;
        }
        socket
            .flush()
            .await
            .map_err(|e| Error::ConnectionLost(e.to_string()))
    }

    /// Asks the hub why this subscription might be getting nothing: the answer comes
    /// back as a [`StreamItem::Hints`]. Does nothing while reconnecting.
    pub async fn request_hints(&mut self) -> Result<(), Error> {
        let Some(socket) = self.socket.as_mut() else {
            return Ok(());
        };
        for index in 0..self.channels.len() {
            let text = serde_json::to_string(&ClientFrame::Hints { id: wire_id(index) })
                .map_err(|e| Error::Other(e.to_string()))?;
            socket
                .feed(Message::Text(text.into()))
                .await
                .map_err(|e| Error::ConnectionLost(e.to_string()))?;
        }
        socket
            .flush()
            .await
            .map_err(|e| Error::ConnectionLost(e.to_string()))
    }

    /// The next event within `limit`, skipping confirmations, reconnects and hints;
    /// `Ok(None)` when none came in time.
    pub async fn next_event(&mut self, limit: Duration) -> Result<Option<ReceivedEvent>, Error> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            match tokio::time::timeout_at(deadline, self.next()).await {
                Ok(Ok(StreamItem::Event(e))) => return Ok(Some(e)),
                Ok(Ok(_)) => continue,
                Ok(Err(e)) => return Err(e),
                Err(_) => return Ok(None),
            }
        }
    }

    /// The id of the last event received on `channel`, its resume point.
    pub fn last_event_id(&self, channel: &str) -> Option<&str> {
        self.channels
            .iter()
            .find(|c| c.name == channel)
            .and_then(|c| c.last_event_id.as_deref())
    }

    /// The next thing that happens on this subscription.
    pub async fn next(&mut self) -> Result<StreamItem, Error> {
        loop {
            if self.socket.is_none() {
                if let Some(failed) = self.reconnect().await? {
                    return Ok(failed);
                }
                continue;
            }
            let Some(socket) = self.socket.as_mut() else {
                continue;
            };
            let frame = match tokio::time::timeout(IDLE_LIMIT, socket.next()).await {
                Err(_) => Err(format!(
                    "no traffic from the hub for {} s",
                    IDLE_LIMIT.as_secs()
                )),
                Ok(None) => Err("the hub closed the connection".to_string()),
                Ok(Some(Err(e))) => Err(e.to_string()),
                Ok(Some(Ok(msg))) => Ok(msg),
            };
            let msg = match frame {
                Ok(m) => m,
                Err(reason) => return self.lost(reason),
            };
            match msg {
                Message::Text(text) => {
                    if let Some(item) = self.handle_frame(text.as_str())? {
                        return Ok(item);
                    }
                }
                Message::Close(frame) => {
                    let reason = match frame {
                        Some(f) if f.code == CloseCode::Away => {
                            format!("hub going away: {}", f.reason)
                        }
                        Some(f) if !f.reason.is_empty() => f.reason.to_string(),
                        Some(f) => format!("closed with code {}", u16::from(f.code)),
                        None => "the hub closed the connection".into(),
                    };
                    return self.lost(reason);
                }
                _ => {}
            }
        }
    }

    fn handle_frame(&mut self, text: &str) -> Result<Option<StreamItem>, Error> {
        let frame: ServerFrame = serde_json::from_str(text)
            .map_err(|e| Error::Protocol(format!("unexpected frame from the hub: {e}")))?;
        let count = self.channels.len();
        let known = |id: &str| index_of(id).filter(|i| *i < count);
        match frame {
            ServerFrame::Subscribed {
                id,
                epoch,
                recovered,
                ..
            } if known(&id).is_some() => {
                let channel = &mut self.channels[known(&id).unwrap_or_default()];
                let resumed = channel.confirmed_once;
                let same_epoch = channel.epoch.as_deref().is_none_or(|e| e == epoch);
                channel.confirmed_once = true;
                channel.epoch = Some(epoch.clone());
                let name = channel.name.clone();
                self.attempt = 0;
                self.backoff = reconnect_backoff();
                Ok(Some(StreamItem::Subscribed {
                    channel: name,
                    epoch,
                    recovered: recovered && same_epoch,
                    resumed,
                }))
            }
            ServerFrame::Event {
                id,
                event_id,
                event_timestamp,
                payload,
            } if known(&id).is_some() => {
                let channel = &mut self.channels[known(&id).unwrap_or_default()];
                channel.last_event_id = Some(event_id.clone());
                Ok(Some(StreamItem::Event(ReceivedEvent {
                    channel: channel.name.clone(),
                    event_id,
                    event_timestamp,
                    payload,
                })))
            }
            ServerFrame::Unsubscribed { id } if known(&id).is_some() => {
                self.channels[known(&id).unwrap_or_default()].unsubscribed = true;
                Ok(self
                    .channels
                    .iter()
                    .all(|c| c.unsubscribed)
                    .then_some(StreamItem::Unsubscribed))
            }
            ServerFrame::Hints { id, hints } if known(&id).is_some() => {
                Ok(Some(StreamItem::Hints(hints)))
            }
            ServerFrame::Notice { code, message } => Ok(Some(StreamItem::Notice { code, message })),
            ServerFrame::Error {
                code,
                message,
                retry_after_ms,
                ..
            } => {
                if let Some(token_code) = TokenErrorCode::parse(&code) {
                    return Err(Error::Token(TokenError::new(token_code, message)));
                }
                if code == "RATE_LIMIT_EXCEEDED" && self.opts.reconnect {
                    // Subscribing again after the hub's wait is the same as a reconnect.
                    self.socket = None;
                    let delay = Duration::from_millis(retry_after_ms.unwrap_or(1000));
                    self.pending_delay = Some(delay);
                    self.attempt += 1;
                    return Ok(Some(StreamItem::Reconnecting {
                        attempt: self.attempt,
                        delay,
                        reason: format!("rate limited: {message}"),
                    }));
                }
                if code == "CLUSTER_UNAVAILABLE" && self.opts.reconnect {
                    // A cluster hub without its Redis: another hub (or this one, once
                    // Redis is back) can take the subscription; resume with since.
                    self.client.fail_over();
                    return self
                        .lost(format!("the hub cannot serve it now: {message}"))
                        .map(Some);
                }
                let status = if code == "CLUSTER_UNAVAILABLE" {
                    503
                } else if code == "RATE_LIMIT_EXCEEDED" {
                    429
                } else {
                    400
                };
                Err(Error::from_response(
                    status,
                    code,
                    message,
                    retry_after_ms.map(Duration::from_millis),
                ))
            }
            _ => Ok(None),
        }
    }

    fn lost(&mut self, reason: String) -> Result<StreamItem, Error> {
        self.socket = None;
        if !self.opts.reconnect {
            return Err(Error::ConnectionLost(reason));
        }
        let delay = self.schedule_retry();
        Ok(StreamItem::Reconnecting {
            attempt: self.attempt,
            delay,
            reason,
        })
    }

    /// One reconnect attempt; a failed one is reported, with the delay before the next.
    async fn reconnect(&mut self) -> Result<Option<StreamItem>, Error> {
        if let Some(delay) = self.pending_delay.take() {
            tokio::time::sleep(delay).await;
        }
        if let Some(moved) = self.client.rediscovered() {
            if self.client.verbose() {
                eprintln!("hub.json now names {}", moved.endpoint());
            }
            self.client = moved;
        }
        let failure = match connect(&self.client, &self.opts.context).await {
            Ok(socket) => {
                self.socket = Some(socket);
                match self.send_subscribe().await {
                    Ok(()) => return Ok(None),
                    Err(e) if self.opts.reconnect => {
                        self.socket = None;
                        e
                    }
                    Err(e) => return Err(e),
                }
            }
            Err(e)
                if e.is_retryable()
                    || matches!(e, Error::ConnectionLost(_) | Error::Timeout { .. }) =>
            {
                // With several endpoints, the next attempt goes to the next hub; the
                // resume (`since`) goes with it.
                if matches!(e, Error::Unreachable { .. } | Error::Timeout { .. }) {
                    self.client.fail_over();
                }
                e
            }
            Err(e) => return Err(e),
        };
        let delay = self.schedule_retry();
        Ok(Some(StreamItem::Reconnecting {
            attempt: self.attempt,
            delay,
            reason: failure.to_string(),
        }))
    }

    /// Counts an attempt and sets the delay before the next one.
    fn schedule_retry(&mut self) -> Duration {
        self.attempt += 1;
        let delay = self.backoff.next().unwrap_or(MAX_RECONNECT_DELAY);
        self.pending_delay = Some(delay);
        delay
    }

    /// Ends the subscription cleanly: unsubscribes, waits briefly for the hub's
    /// confirmation, and closes the socket, so the hub holds nothing for it.
    pub async fn unsubscribe(&mut self) {
        let Some(socket) = self.socket.as_mut() else {
            return;
        };
        let mut sent = true;
        for index in 0..self.channels.len() {
            let frame = ClientFrame::Unsubscribe { id: wire_id(index) };
            let Ok(text) = serde_json::to_string(&frame) else {
                return;
            };
            sent &= socket.feed(Message::Text(text.into())).await.is_ok();
        }
        if sent && socket.flush().await.is_ok() {
            let mut waiting = self.channels.len();
            let wait = async {
                while let Some(Ok(msg)) = socket.next().await {
                    if let Message::Text(t) = msg
                        && matches!(
                            serde_json::from_str::<ServerFrame>(t.as_str()),
                            Ok(ServerFrame::Unsubscribed { .. })
                        )
                    {
                        waiting -= 1;
                        if waiting == 0 {
                            break;
                        }
                    }
                }
            };
            let _ = tokio::time::timeout(Duration::from_secs(1), wait).await;
        }
        let _ = tokio::time::timeout(Duration::from_millis(500), socket.close(None)).await;
        self.socket = None;
    }
}
