//! A WebSocket connection's life: one task that reads client frames, writes the
//! connection's outbox in batches, pings, ends what expires and closes with a reason.
//!
//! Nothing a frame waits for holds the connection back: a frame that needs the rate
//! budget or Redis hands its wait to the loop, which keeps it aside and goes on
//! flushing, pinging and watching for shutdown, and reads the next frame once the
//! wait is over (so order holds). Frames already read are handled together and their
//! subscribers woken once, so a pipelined burst is still written in few syscalls;
//! a wait wakes them first.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use futures_util::{FutureExt, SinkExt};

use super::frames::{Exit, Frames};
use super::step::{Resumed, Step, Waiting, error_frame};
use crate::hub::clock::{ClockExt, Sleep};
use crate::hub::credentials::{Authority, Ended};
use crate::hub::error::ApiError;
use crate::hub::facade::Hub;
use crate::hub::metrics::Metrics;
use crate::hub::outbox::{OutFrame, Outbox};

/// Close codes the hub uses.
const CLOSE_GOING_AWAY: u16 = 1001;
const CLOSE_POLICY: u16 = 1008;
const CLOSE_TOO_BIG: u16 = 1009;

/// Initial read buffer per connection: small, because most connections are idle
/// subscribers that only ever send one frame; tungstenite grows it for big frames.
pub const READ_BUFFER: usize = 1024;

/// Frames are gathered up to this many bytes before a write; `flush` writes the rest.
/// (Zero would mean one syscall per frame.)
pub const WRITE_BATCH: usize = 64 * 1024;

/// Longest a write to a peer may take before the peer is taken for one that does
/// not read. A batch is at most the connection's byte budget (a few MiB). Like the
/// HTTP server's own I/O timeouts, this is about the peer in real time.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// Frames handled per read batch before pending writes get their turn.
const READ_BATCH: usize = 256;

/// How long a cut slow consumer has to drain its socket and read why it was cut.
const SLOW_CLOSE_WAIT: Duration = Duration::from_secs(10);

/// Longest close reason a close frame carries (125 bytes of payload, less the code).
const MAX_CLOSE_REASON: usize = 123;

pub struct Connection {
    hub: Arc<Hub>,
    frames: Frames,
    /// A frame's wait, kept aside while the connection goes on.
    waiting: Option<Waiting>,
}

/// Why a write stopped.
enum Cut {
    Slow,
    Gone,
}

/// What ended the loop.
enum End {
    Exit(Exit),
    /// What let the socket in ended: told in a close frame.
    Ended(Ended),
}

impl Connection {
    pub fn new(
        hub: Arc<Hub>,
        authority: Authority,
        default_context: Option<crate::channel::ModuleContext>,
    ) -> Connection {
        Metrics::gauge(&hub.metrics.connections, 1);
        Connection {
            frames: Frames::new(hub.clone(), authority, default_context),
            hub,
            waiting: None,
        }
    }

    pub async fn run(mut self, mut socket: WebSocket) {
        let hub = self.hub.clone();
        let clock = hub.clock.clone();
        let mut shutdown = hub.shutdown_signal();
        let mut health = hub.engine.health_changes();
        let mut keys = hub.credentials.changes();
        let ping_every = hub.config.ping_interval.max(Duration::from_millis(10));
        let mut ping = clock.sleep(ping_every);
        let mut deadline: Option<(Instant, Sleep)> = None;
        let mut batch = VecDeque::new();
        let mut unanswered_pings = 0u32;
        let end = loop {
            let want = self.frames.next_deadline();
            if deadline.as_ref().map(|(at, _)| *at) != want {
                deadline = want.map(|at| (at, clock.sleep_until(at)));
            }
            let reading = self.waiting.is_none();
            tokio::select! {
                _ = async { let _ = shutdown.wait_for(|v| *v).await; } => {
                    close(&mut socket, CLOSE_GOING_AWAY, "hub shutting down").await;
                    break End::Exit(Exit::Shutdown);
                }
                _ = self.frames.outbox.ready() => {
                    // Let the publisher that woke us finish the batch it is reading
                    // (pipelined HTTP publishes wake every subscriber per request), so
                    // one write carries more events.
                    tokio::task::yield_now().await;
                    if let Err(cut) = flush(&self.frames.outbox, &hub.metrics, &mut socket, &mut batch).await {
                        break End::Exit(self.cut(cut));
                    }
                }
                resumed = wait_on(&mut self.waiting), if !reading => {
                    self.waiting = None;
                    let step = self.frames.resume(resumed);
                    self.step(step);
                    self.frames.wakes.wake_all();
                }
                msg = socket.recv(), if reading => {
                    // Anything from the peer shows it is alive.
                    unanswered_pings = 0;
                    if let Some(exit) = self.read_batch(msg, &mut socket).await {
                        break End::Exit(exit);
                    }
                }
                _ = sleep_opt(&mut deadline) => {
                    deadline = None;
                    if let Some(ended) = self.frames.expire() {
                        break End::Ended(ended);
                    }
                }
                Ok(()) = keys.changed() => {
                    if let Some(ended) = self.frames.credentials_changed() {
                        break End::Ended(ended);
                    }
                }
                Ok(()) = health.changed() => {
                    let now = health.borrow_and_update().clone();
                    self.frames.tell_health(now);
                }
                _ = &mut ping => {
                    // Two pings with no word back: the peer is gone, whatever TCP says.
                    if unanswered_pings >= 2 {
                        tracing::debug!("closing a connection that answered no ping");
                        close(&mut socket, CLOSE_GOING_AWAY, "no answer to pings").await;
                        break End::Exit(Exit::Lost);
                    }
                    unanswered_pings += 1;
                    let send = socket.send(Message::Ping(Default::default()));
                    if !matches!(tokio::time::timeout(WRITE_TIMEOUT, send).await, Ok(Ok(()))) {
                        break End::Exit(Exit::Lost);
                    }
                    ping = clock.sleep(ping_every);
                }
            }
        };
        self.finish(end, &mut socket, &mut batch).await;
    }

    /// Ends the connection as `end` says: subscriptions released, the peer told why.
    async fn finish(&mut self, end: End, socket: &mut WebSocket, batch: &mut VecDeque<OutFrame>) {
        match end {
            End::Exit(Exit::Slow) => {
                self.frames.release(Exit::Slow);
                let reason = format!(
                    "slow consumer: more than {} frames or {} bytes queued; reconnect and resume with since",
                    self.frames.outbox.limit(),
                    self.frames.outbox.byte_limit()
                );
                close_within(socket, CLOSE_POLICY, &reason, SLOW_CLOSE_WAIT).await;
            }
            End::Exit(exit) => self.frames.release(exit),
            End::Ended(ended) => {
                tracing::debug!(
                    code = ended.code,
                    "closing a connection whose credentials ended"
                );
                // The subscriptions' error frames go out before the close.
                let _ = flush(&self.frames.outbox, &self.hub.metrics, socket, batch).await;
                self.frames.release(Exit::Shutdown);
                close(
                    socket,
                    CLOSE_POLICY,
                    &close_reason(ended.code, &ended.message),
                )
                .await;
            }
        }
    }

    fn step(&mut self, step: Step) {
        match step {
            Step::Wait(waiting) => {
                // What was published before the wait goes out now, not after it.
                self.frames.wakes.wake_all();
                self.waiting = Some(waiting);
            }
            Step::Reply(text) => self.frames.outbox.push_reply([OutFrame::Text(text)]),
            Step::Done => {}
        }
    }

    /// Handles `first` and whatever else has already arrived, up to [`READ_BATCH`]
    /// frames or the first that must wait; then wakes the subscribers once.
    async fn read_batch(
        &mut self,
        first: Option<Result<Message, axum::Error>>,
        socket: &mut WebSocket,
    ) -> Option<Exit> {
        let mut msg = first;
        let mut handled = 0;
        let ended = loop {
            if let Some(exit) = self.on_message(msg, socket).await {
                break Some(exit);
            }
            handled += 1;
            if handled >= READ_BATCH || self.waiting.is_some() {
                break None;
            }
            match socket.recv().now_or_never() {
                Some(next) => msg = next,
                None => break None,
            }
        };
        self.frames.wakes.wake_all();
        ended
    }

    /// Handles one read result; `Some` ends the connection.
    async fn on_message(
        &mut self,
        msg: Option<Result<Message, axum::Error>>,
        socket: &mut WebSocket,
    ) -> Option<Exit> {
        match msg {
            Some(Ok(Message::Text(text))) => {
                let step = self.frames.handle(text, false);
                self.step(step);
            }
            Some(Ok(Message::Binary(_))) => {
                self.frames.outbox.push_reply([OutFrame::Text(error_frame(
                    None,
                    None,
                    ApiError::bad_request(
                        "INVALID_FRAME",
                        "binary frames are not understood; send JSON text frames",
                    ),
                ))]);
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
            Some(Ok(Message::Close(_))) => {
                // Finish the closing handshake the peer started.
                let _ = tokio::time::timeout(Duration::from_secs(1), socket.flush()).await;
                return Some(Exit::Lost);
            }
            None => return Some(Exit::Lost),
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

    fn cut(&self, cut: Cut) -> Exit {
        match cut {
            Cut::Slow => {
                Metrics::inc(&self.hub.metrics.subscribers_dropped_slow);
                tracing::info!("cutting a slow subscriber connection");
                Exit::Slow
            }
            Cut::Gone => Exit::Lost,
        }
    }
}

/// Writes everything queued with one flush. A queue overflow, even while a slow
/// socket keeps the write waiting, cuts the connection.
async fn flush(
    outbox: &Outbox,
    metrics: &Metrics,
    socket: &mut WebSocket,
    batch: &mut VecDeque<OutFrame>,
) -> Result<(), Cut> {
    if outbox.take(batch) {
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
        // Nearly every write finishes at once (the socket has room): only one that
        // has to wait arms a timer. The fan-out profile showed tokio's `Timeout` at
        // 3 % of the hub's CPU when every flush armed one.
        match write.as_mut().now_or_never() {
            Some(r) => r.map_err(|_| Cut::Gone),
            // A write that makes no progress for WRITE_TIMEOUT means a peer that
            // does not read: cut it like a slow consumer rather than stop serving
            // its connection.
            None => tokio::select! {
                r = tokio::time::timeout(WRITE_TIMEOUT, write) => match r {
                    Ok(r) => r.map_err(|_| Cut::Gone),
                    Err(_) => Err(Cut::Slow),
                },
                _ = outbox.overflowed() => Err(Cut::Slow),
            },
        }
    };
    batch.clear();
    if result.is_ok() {
        outbox.written(bytes);
    }
    Metrics::add(&metrics.events_delivered, events);
    result
}

impl Drop for Connection {
    fn drop(&mut self) {
        Metrics::gauge(&self.hub.metrics.connections, -1);
    }
}

/// The wait kept aside, or never.
async fn wait_on(waiting: &mut Option<Waiting>) -> Resumed {
    match waiting {
        Some(w) => w.await,
        None => std::future::pending().await,
    }
}

async fn sleep_opt(deadline: &mut Option<(Instant, Sleep)>) {
    match deadline {
        Some((_, sleep)) => sleep.await,
        None => std::future::pending().await,
    }
}

/// A close reason that starts with the code, within a close frame's room.
fn close_reason(code: &str, message: &str) -> String {
    let mut reason = format!("{code}: {message}");
    if reason.len() > MAX_CLOSE_REASON {
        let mut end = MAX_CLOSE_REASON;
        while !reason.is_char_boundary(end) {
            end -= 1;
        }
        reason.truncate(end);
    }
    reason
}

async fn close(socket: &mut WebSocket, code: u16, reason: &str) {
    close_within(socket, code, reason, Duration::from_secs(1)).await;
}

async fn close_within(socket: &mut WebSocket, code: u16, reason: &str, wait: Duration) {
    let frame = CloseFrame {
        code,
        reason: reason.into(),
    };
    let _ = tokio::time::timeout(wait, socket.send(Message::Close(Some(frame)))).await;
}

/// Accepts the socket only to say why it is refused: one `error` frame with the
/// code, then close 1008 with a reason that starts with the code.
pub fn refuse_in_band(upgrade: WebSocketUpgrade, e: ApiError) -> Response {
    tracing::debug!(code = %e.code, "a WebSocket's browser session was refused");
    upgrade
        .read_buffer_size(READ_BUFFER)
        .max_message_size(READ_BUFFER)
        .max_frame_size(READ_BUFFER)
        .on_upgrade(move |mut socket| async move {
            let reason = close_reason(&e.code, &e.message);
            let send = socket.send(Message::Text(error_frame(None, None, e).into()));
            let _ = tokio::time::timeout(Duration::from_secs(1), send).await;
            close(&mut socket, CLOSE_POLICY, &reason).await;
        })
}
