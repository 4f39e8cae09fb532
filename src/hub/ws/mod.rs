//! The subscribe WebSocket: one task per connection that reads client frames, writes
//! the connection's outbox in batches, pings, expires tokens and closes with a reason.
//! What each client frame does (subscribe, publish, tap, hints) is in `frames.rs`;
//! this file is the connection's life: upgrade, the read/write/ping loop, release.

mod frames;

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::extract::State;
use axum::extract::ws::{
    CloseFrame, Message, WebSocket, WebSocketUpgrade, rejection::WebSocketUpgradeRejection,
};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use futures_util::{FutureExt, SinkExt};
use tokio::time::Instant;

use crate::channel::ChannelKey;
use crate::channel::ModuleContext;
use crate::hub::broker::{Channel, Published};
use crate::hub::broker::{Replay, SubscriptionHandle, event_prefix};
use crate::hub::error::ApiError;
use crate::hub::metrics::Metrics;
use crate::hub::outbox::{OutFrame, Outbox, Wakes};
use crate::hub::session::Session;
use crate::hub::{Hub, PublishCall};
use crate::protocol::{
    ClientFrame, EventId, PublishFrame, ServerFrame, format_epoch_tag, write_published,
};
use crate::timefmt::epoch_seconds_f64;
use crate::token::Permission;

/// Close codes the hub uses.
const CLOSE_GOING_AWAY: u16 = 1001;
const CLOSE_POLICY: u16 = 1008;
const CLOSE_TOO_BIG: u16 = 1009;

/// Initial read buffer per connection: small, because most connections are idle
/// subscribers that only ever send one frame; tungstenite grows it for big frames.
const READ_BUFFER: usize = 1024;

/// Frames are gathered up to this many bytes before a write; `flush` writes the rest.
/// (Zero would mean one syscall per frame.)
const WRITE_BATCH: usize = 64 * 1024;

/// `?session=`: a browser's credential (a page cannot set headers on a WebSocket).
#[derive(serde::Deserialize)]
pub struct UpgradeQuery {
    session: Option<String>,
}

pub async fn upgrade(
    State(hub): State<Arc<Hub>>,
    headers: HeaderMap,
    query: Result<axum::extract::Query<UpgradeQuery>, axum::extract::rejection::QueryRejection>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    // A scoped browser session pins the caller; the API key or an admin session may
    // act as any caller.
    let query = match query {
        Ok(q) => q.0,
        Err(e) => {
            return ApiError::bad_request("INVALID_REQUEST", format!("bad query: {e}"))
                .into_response();
        }
    };
    let session = match query.session {
        Some(text) => match hub.session(&text) {
            Ok(s) => Some(s),
            // A page cannot read an upgrade's status (it sees 1006), so a WebSocket
            // with an expired or invalid session is refused inside the socket.
            Err(e) => {
                return match ws {
                    Ok(upgrade) => refuse_in_band(upgrade, e),
                    Err(_) => e.into_response(),
                };
            }
        },
        None => {
            if let Err(e) = hub.authorize(&headers) {
                return e.into_response();
            }
            None
        }
    };
    let context = match session.as_ref().and_then(|s| s.context.clone()) {
        Some(pinned) => Some(pinned),
        None => match hub.context_from_headers(&headers) {
            Ok(c) => c,
            Err(e) => return e.into_response(),
        },
    };
    let session = session.filter(|s| !s.admin);
    let ws = match ws {
        Ok(ws) => ws,
        Err(_) => {
            return ApiError::bad_request(
                "INVALID_REQUEST",
                "this endpoint is a WebSocket; connect with a WebSocket client (e.g. 'frt subscribe')",
            )
            .into_response();
        }
    };
    let max_frame = hub.config.max_request_bytes();
    ws.read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BATCH)
        .max_message_size(max_frame)
        .max_frame_size(max_frame)
        .on_upgrade(move |socket| Connection::new(hub, context, session).run(socket))
}

/// Longest close reason a close frame carries (125 bytes of payload, less the code).
const MAX_CLOSE_REASON: usize = 123;

/// Accepts the socket only to say why it is refused: one `error` frame with the
/// code, then close 1008 with a reason that starts with the code.
fn refuse_in_band(upgrade: WebSocketUpgrade, e: ApiError) -> Response {
    tracing::debug!(code = %e.code, "a WebSocket's browser session was refused");
    upgrade
        .read_buffer_size(READ_BUFFER)
        .max_message_size(READ_BUFFER)
        .max_frame_size(READ_BUFFER)
        .on_upgrade(move |mut socket| async move {
            let frame = ServerFrame::Error {
                id: None,
                reference: None,
                code: e.code.clone(),
                message: e.message.clone(),
                retry_after_ms: None,
            };
            if let Ok(text) = serde_json::to_string(&frame) {
                let send = socket.send(Message::Text(text.into()));
                let _ = tokio::time::timeout(Duration::from_secs(1), send).await;
            }
            let mut reason = format!("{}: {}", e.code, e.message);
            if reason.len() > MAX_CLOSE_REASON {
                let mut end = MAX_CLOSE_REASON;
                while !reason.is_char_boundary(end) {
                    end -= 1;
                }
                reason.truncate(end);
            }
            close(&mut socket, CLOSE_POLICY, &reason).await;
        })
}

struct ActiveSub {
    handle: SubscriptionHandle,
    expires: Option<Instant>,
}

#[derive(Clone, Copy)]
enum Exit {
    /// The hub is shutting down: subscriptions end for good.
    Shutdown,
    /// The peer went away: subscriptions are held for the grace period.
    Lost,
    /// The peer fell too far behind: held like `Lost`, and told why once its socket
    /// drains enough to take the close frame.
    Slow,
}

struct Connection {
    hub: Arc<Hub>,
    outbox: Arc<Outbox>,
    subs: HashMap<String, ActiveSub>,
    /// Taps attached on this connection: their ids and the serials that detach them.
    taps: HashMap<String, u64>,
    /// A scoped browser session's limits (none for the API key or an admin session).
    session: Option<Session>,
    default_context: Option<ModuleContext>,
    /// Subscribers to wake once the frames read in one batch are handled.
    wakes: Wakes,
    /// What the last streamed publish resolved to (boxed: most connections never publish).
    stream: Option<Box<StreamCache>>,
    /// Set once the subscriptions and the connection gauge have been given back.
    released: bool,
}

impl Drop for Connection {
    /// However the task ends (a return, a panic, the hub's runtime stopping), its
    /// subscriptions are held for the grace period like a lost connection's and the
    /// connection is no longer counted: no ghost subscribers.
    fn drop(&mut self) {
        self.release(Exit::Lost);
    }
}

/// A publish stream's resolved target, reused while the frames keep naming the same
/// channel, plane, overrides and token (and the token has not expired).
struct StreamCache {
    channel: String,
    global: bool,
    overrides: Option<Vec<String>>,
    token: Option<String>,
    token_exp: Option<f64>,
    key: ChannelKey,
    state: Option<Arc<Channel>>,
}

impl StreamCache {
    fn serves(&self, f: &PublishFrame<'_>) -> bool {
        self.channel == *f.channel
            && self.global == f.global
            && self.overrides == f.context_overrides
            && self.token.as_deref() == f.token.as_deref()
            && self
                .token_exp
                .is_none_or(|exp| epoch_seconds_f64(SystemTime::now()) < exp)
    }
}

/// Longest a write to a peer may take before the peer is taken for one that does
/// not read. A batch is at most the connection's byte budget (a few MiB).
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// Frames handled per read batch before pending writes get their turn.
const READ_BATCH: usize = 256;

impl Connection {
    fn new(
        hub: Arc<Hub>,
        default_context: Option<ModuleContext>,
        session: Option<Session>,
    ) -> Connection {
        let outbox = Arc::new(Outbox::new(
            hub.config.queue_limit,
            hub.config.connection_byte_budget(),
        ));
        Metrics::gauge(&hub.metrics.connections, 1);
        Connection {
            hub,
            outbox,
            subs: HashMap::new(),
            taps: HashMap::new(),
            session,
            default_context,
            wakes: Wakes::default(),
            stream: None,
            released: false,
        }
    }

    /// Ends every subscription (for good at shutdown, else held for the grace period)
    /// and uncounts the connection. Runs once.
    fn release(&mut self, exit: Exit) {
        if std::mem::replace(&mut self.released, true) {
            return;
        }
        self.outbox.close();
        for (_, serial) in self.taps.drain() {
            self.hub.broker.taps.detach(serial);
        }
        for (_, sub) in self.subs.drain() {
            match exit {
                Exit::Shutdown => self
                    .hub
                    .broker
                    .unsubscribe(&sub.handle.channel, sub.handle.serial),
                Exit::Lost | Exit::Slow => self
                    .hub
                    .broker
                    .detach(&sub.handle.channel, sub.handle.serial),
            }
        }
        Metrics::gauge(&self.hub.metrics.connections, -1);
    }

    async fn run(mut self, mut socket: WebSocket) {
        let metrics = self.hub.metrics.clone();
        let mut shutdown = self.hub.shutdown_signal();
        let ping_every = self.hub.config.ping_interval;
        let ping_every = ping_every.max(Duration::from_millis(10));
        let mut ping = tokio::time::interval_at(Instant::now() + ping_every, ping_every);
        let mut batch = VecDeque::new();
        let mut unanswered_pings = 0u32;
        let session_ends = self.session.as_ref().and_then(Session::deadline);
        let mut cluster_health = self.hub.cluster.as_ref().map(|c| c.health_changes());
        let exit = loop {
            let next_expiry = self.subs.values().filter_map(|s| s.expires).min();
            tokio::select! {
                _ = async { let _ = shutdown.wait_for(|v| *v).await; } => {
                    close(&mut socket, CLOSE_GOING_AWAY, "hub shutting down").await;
                    break Exit::Shutdown;
                }
                _ = self.outbox.ready() => {
                    // Let the publisher that woke us finish the batch it is reading
                    // (pipelined HTTP publishes wake every subscriber per request), so
                    // one write carries more events.
                    tokio::task::yield_now().await;
                    match self.flush(&mut socket, &mut batch).await {
                        Ok(()) => {}
                        Err(Cut::Slow) => {
                            Metrics::inc(&metrics.subscribers_dropped_slow);
                            tracing::info!("cutting a slow subscriber connection");
                            break Exit::Slow;
                        }
                        Err(Cut::Gone) => break Exit::Lost,
                    }
                }
                msg = socket.recv() => {
                    // Anything from the peer shows it is alive.
                    unanswered_pings = 0;
                    // Handle everything already read before writing or waking anyone:
                    // a burst of publishes then wakes each subscriber once.
                    let mut msg = msg;
                    let mut handled = 0;
                    let mut ended = None;
                    loop {
                        if let Some(exit) = self.on_message(msg, &mut socket).await {
                            ended = Some(exit);
                            break;
                        }
                        handled += 1;
                        if handled >= READ_BATCH {
                            break;
                        }
                        match socket.recv().now_or_never() {
                            Some(next) => msg = next,
                            None => break,
                        }
                    }
                    self.wakes.wake_all();
                    if let Some(exit) = ended {
                        break exit;
                    }
                }
                _ = sleep_until_opt(next_expiry) => self.expire_tokens(),
                Some(health) = health_change(&mut cluster_health) => self.tell_cluster_health(health),
                _ = sleep_until_opt(session_ends) => {
                    self.end_session();
                    let _ = self.flush(&mut socket, &mut batch).await;
                    close(&mut socket, CLOSE_POLICY, "session expired").await;
                    break Exit::Shutdown;
                }
                _ = ping.tick() => {
                    // Two pings with no word back: the peer is gone, whatever TCP says.
                    if unanswered_pings >= 2 {
                        tracing::debug!("closing a connection that answered no ping");
                        close(&mut socket, CLOSE_GOING_AWAY, "no answer to pings").await;
                        break Exit::Lost;
                    }
                    unanswered_pings += 1;
                    let send = socket.send(Message::Ping(Default::default()));
                    if !matches!(tokio::time::timeout(WRITE_TIMEOUT, send).await, Ok(Ok(()))) {
                        break Exit::Lost;
                    }
                }
            }
        };
        let slow = matches!(exit, Exit::Slow);
        self.release(exit);
        if slow {
            let reason = format!(
                "slow consumer: more than {} frames or {} bytes queued; reconnect and resume with since",
                self.outbox.limit(),
                self.outbox.byte_limit()
            );
            close_within(&mut socket, CLOSE_POLICY, &reason, SLOW_CLOSE_WAIT).await;
        }
    }

    /// Writes everything queued with one flush. A queue overflow, even while a slow
    /// socket keeps the write waiting, cuts the connection.
    async fn flush(
        &self,
        socket: &mut WebSocket,
        batch: &mut VecDeque<OutFrame>,
    ) -> Result<(), Cut> {
        if self.outbox.take(batch) {
            return Err(Cut::Slow);
        }
        if batch.is_empty() {
            return Ok(());
        }
        let mut events = 0u64;
        let mut bytes = 0usize;
        let result = {
            let write = async {
                while let Some(frame) = batch.pop_front() {
                    events += u64::from(frame.is_event());
                    bytes += frame.len();
                    socket.feed(Message::Text(frame.into_text().into())).await?;
                }
                socket.flush().await
            };
            tokio::pin!(write);
            // Nearly every write finishes at once (the socket has room): only one that has
            // to wait arms a timer. The fan-out profile showed tokio's `Timeout` at 3 % of
            // the hub's CPU when every flush armed one.
            match futures_util::FutureExt::now_or_never(write.as_mut()) {
                Some(r) => r.map_err(|_| Cut::Gone),
                // A write that makes no progress for WRITE_TIMEOUT means a peer that does
                // not read: cut it like a slow consumer rather than stop serving its
                // connection.
                None => tokio::select! {
                    r = tokio::time::timeout(WRITE_TIMEOUT, write) => match r {
                        Ok(r) => r.map_err(|_| Cut::Gone),
                        Err(_) => Err(Cut::Slow),
                    },
                    _ = self.outbox.overflowed() => Err(Cut::Slow),
                },
            }
        };
        batch.clear();
        if result.is_ok() {
            self.outbox.written(bytes);
        }
        Metrics::add(&self.hub.metrics.events_delivered, events);
        result
    }

    fn send(&self, frame: &ServerFrame) {
        if let Ok(text) = serde_json::to_string(frame) {
            self.outbox.push_reply([OutFrame::Text(text)]);
        }
    }

    fn send_error(&self, id: Option<String>, reference: Option<u64>, code: &str, message: &str) {
        self.send(&ServerFrame::Error {
            id,
            reference,
            code: code.to_string(),
            message: message.to_string(),
            retry_after_ms: None,
        });
    }

    fn send_api_error(&self, id: Option<String>, reference: Option<u64>, e: ApiError) {
        self.send(&ServerFrame::Error {
            id,
            reference,
            code: e.code,
            message: e.message,
            retry_after_ms: e.retry_after.map(|d| d.as_millis().max(1) as u64),
        });
    }

    /// Handles one read result; `Some` ends the connection.
    async fn on_message(
        &mut self,
        msg: Option<Result<Message, axum::Error>>,
        socket: &mut WebSocket,
    ) -> Option<Exit> {
        match msg {
            Some(Ok(Message::Text(text))) => self.handle_text(text.as_str()).await,
            Some(Ok(Message::Binary(_))) => self.send_error(
                None,
                None,
                "INVALID_FRAME",
                "binary frames are not understood; send JSON text frames",
            ),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
            Some(Ok(Message::Close(_))) | None => return Some(Exit::Lost),
            Some(Err(e)) => {
                let text = e.to_string();
                if text.contains("too long") || text.contains("too big") {
                    close(
                        socket,
                        CLOSE_TOO_BIG,
                        "frame over the hub's size limit (frt serve --max-payload)",
                    )
                    .await;
                }
                return Some(Exit::Lost);
            }
        }
        None
    }
}

enum Cut {
    Slow,
    Gone,
}

async fn close(socket: &mut WebSocket, code: u16, reason: &str) {
    close_within(socket, code, reason, Duration::from_secs(1)).await;
}

/// How long a cut slow consumer has to drain its socket and read why it was cut.
const SLOW_CLOSE_WAIT: Duration = Duration::from_secs(10);

async fn close_within(socket: &mut WebSocket, code: u16, reason: &str, wait: Duration) {
    let frame = CloseFrame {
        code,
        reason: reason.into(),
    };
    let _ = tokio::time::timeout(wait, socket.send(Message::Close(Some(frame)))).await;
}

async fn sleep_until_opt(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

/// The next change of a cluster hub's Redis health; never, on a single hub.
async fn health_change(
    rx: &mut Option<tokio::sync::watch::Receiver<crate::hub::cluster::Health>>,
) -> Option<crate::hub::cluster::Health> {
    match rx {
        Some(rx) => match rx.changed().await {
            Ok(()) => Some(rx.borrow_and_update().clone()),
            Err(_) => std::future::pending().await,
        },
        None => std::future::pending().await,
    }
}
