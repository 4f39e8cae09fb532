//! Accepting connections. axum's `serve` exposes none of the settings a hub facing
//! untrusted peers needs, so the hub drives hyper itself:
//!
//! - request headers must arrive within `--header-timeout` (10 s), on a new connection
//!   and between keep-alive requests alike, so trickled or idle sockets are closed;
//! - hyper reads at most [`MAX_HEADER_READ_BYTES`] of request headers (431); the
//!   router's tighter limit (`http::MAX_HEADER_BYTES`) answers in the error shape;
//! - at most `--max-pending` connections may be open without having sent a request;
//!   past that, the oldest of them is closed to make room, so a flood of idle sockets
//!   churns among itself while a real client, which sends its request at once, gets
//!   through;
//! - the listen backlog is [`BACKLOG`], since reconnect storms arrive all at once;
//! - shutdown stops accepting and lets every connection finish what it is answering;
//! - with TLS, the handshake must also finish within `--header-timeout`;
//! - a connection the hub lets go of is closed the lingering way ([`Lingering`]), so
//!   a peer still sending (an oversized WebSocket message) reads the hub's last
//!   words (a close frame saying why) instead of a reset.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::{oneshot, watch};
use tower::ServiceExt;

/// Most bytes of request line and headers hyper reads for one request: a ceiling on
/// parsing memory, above the router's own limit.
pub const MAX_HEADER_READ_BYTES: usize = 64 * 1024;
/// Connections the kernel queues before the hub accepts them.
pub const BACKLOG: u32 = 4096;

/// Binds with a deep backlog (the OS caps it at `somaxconn`).
pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// How long, and for how many bytes, a connection the hub let go of is still read
/// (and what arrives dropped) before its socket is closed.
const LINGER_TIME: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 16 << 20;

/// A connection's socket that closes the lingering way: when the hub drops it, it
/// sends its FIN at once, then reads and discards what the peer still sends, until
/// the peer closes, [`LINGER_TIME`] passes or [`LINGER_BYTES`] have come. Closing a
/// socket with unread data makes the kernel send a reset, and a peer that is still
/// writing (a browser sending a message over the hub's size limit) then loses what
/// the hub wrote last: the close frame with the reason. Memory stays one small
/// buffer per lingering socket.
struct Lingering {
    tcp: Option<tokio::net::TcpStream>,
}

impl Lingering {
    fn new(tcp: tokio::net::TcpStream) -> Lingering {
        Lingering { tcp: Some(tcp) }
    }

    fn tcp(&mut self) -> std::pin::Pin<&mut tokio::net::TcpStream> {
        std::pin::Pin::new(self.tcp.as_mut().expect("a socket until dropped"))
    }
}

impl Drop for Lingering {
    fn drop(&mut self) {
        let Some(mut tcp) = self.tcp.take() else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        runtime.spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let _ = tcp.shutdown().await;
            let deadline = tokio::time::Instant::now() + LINGER_TIME;
            let mut buf = [0u8; 8192];
            let mut read = 0usize;
            while read < LINGER_BYTES {
                match tokio::time::timeout_at(deadline, tcp.read(&mut buf)).await {
                    Ok(Ok(n)) if n > 0 => read += n,
                    _ => break,
                }
            }
        });
    }
}

impl tokio::io::AsyncRead for Lingering {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        self.tcp().poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Lingering {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.tcp().poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.tcp().poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        self.tcp().poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        self.tcp().poll_shutdown(cx)
    }
}

/// Connections that have not sent a request yet, oldest first (ids only grow), each
/// with the means to close it.
#[derive(Default)]
struct Pending {
    by_id: Mutex<BTreeMap<u64, oneshot::Sender<()>>>,
}

impl Pending {
    /// Registers a new connection; closes the oldest pending one when over `limit`.
    fn admit(&self, id: u64, close: oneshot::Sender<()>, limit: usize) {
        let mut by_id = self.by_id.lock().unwrap_or_else(|p| p.into_inner());
        while by_id.len() >= limit.max(1) {
            match by_id.pop_first() {
                Some((_, oldest)) => {
                    let _ = oldest.send(());
                }
                None => break,
            }
        }
        by_id.insert(id, close);
    }

    /// The connection sent a request (or ended): it is no longer pending.
    fn settle(&self, id: u64) {
        self.by_id
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
    }
}

/// Serves one connection until it ends, is evicted while it has not spoken, or the
/// hub stops (then gracefully).
async fn drive<IO, S>(
    io: IO,
    service: S,
    header_timeout: Duration,
    close_rx: oneshot::Receiver<()>,
    mut stop: watch::Receiver<bool>,
) where
    IO: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    S: hyper::service::Service<
            hyper::Request<Incoming>,
            Response = axum::response::Response,
            Error = std::convert::Infallible,
        > + Send
        + 'static,
    S::Future: Send + 'static,
{
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .max_header_size(MAX_HEADER_READ_BYTES)
        // Answers to pipelined requests already read leave in one write, not one
        // each: the profile of pipelined publishes showed over half of the hub's
        // CPU in a writev per response.
        .pipeline_flush(true);
    let conn = builder
        .serve_connection(TokioIo::new(io), service)
        .with_upgrades();
    tokio::pin!(conn);
    let mut evicted = std::pin::pin!(close_rx);
    let mut may_evict = true;
    let mut stopping = false;
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::trace!("connection ended: {e}");
                }
                break;
            }
            r = &mut evicted, if may_evict && !stopping => {
                may_evict = false;
                // Ok: closed to make room for newer connections (it never
                // spoke). Err: it sent a request and left the pending list.
                if r.is_ok() {
                    break;
                }
            }
            _ = async { let _ = stop.wait_for(|v| *v).await; }, if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

/// Serves `app` on `listener` until `stop` turns true, then waits for open connections
/// to finish (the caller bounds that wait).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    mut stop: watch::Receiver<bool>,
    max_pending: usize,
    header_timeout: Duration,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> std::io::Result<()> {
    let tls = tls.map(tokio_rustls::TlsAcceptor::from);
    let pending = Arc::new(Pending::default());
    let ids = AtomicU64::new(0);
    // Every connection task holds a receiver; when all are gone, all have finished.
    let (open_tx, open_rx) = watch::channel(());
    loop {
        let (tcp, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    tracing::debug!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = async { let _ = stop.wait_for(|v| *v).await; } => break,
        };
        // Small frames must leave at once: without TCP_NODELAY, Nagle holds a frame
        // written right after another until the peer's delayed ACK.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("cannot set TCP_NODELAY: {e}");
        }
        let tcp = Lingering::new(tcp);
        let id = ids.fetch_add(1, Ordering::Relaxed);
        let (close_tx, close_rx) = oneshot::channel();
        pending.admit(id, close_tx, max_pending);
        let service = {
            let pending = pending.clone();
            let app = app.clone();
            // Only the first request settles the connection; later keep-alive
            // requests skip the shared lock.
            let spoke = std::sync::atomic::AtomicBool::new(false);
            hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                if !spoke.swap(true, Ordering::Relaxed) {
                    pending.settle(id);
                }
                app.clone().oneshot(req.map(axum::body::Body::new))
            })
        };
        let stop = stop.clone();
        let open = open_rx.clone();
        let pending = pending.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => drive(tcp, service, header_timeout, close_rx, stop).await,
                Some(acceptor) => {
                    // A connection still shaking hands is pending like one that has
                    // not sent a request: newer ones can evict it.
                    let mut evicted = close_rx;
                    let handshake = tokio::time::timeout(header_timeout, acceptor.accept(tcp));
                    let shaken = tokio::select! {
                        r = handshake => Some(r),
                        _ = &mut evicted => None,
                    };
                    match shaken {
                        Some(Ok(Ok(stream))) => {
                            drive(stream, service, header_timeout, evicted, stop).await
                        }
                        Some(Ok(Err(e))) => tracing::debug!("TLS handshake failed: {e}"),
                        Some(Err(_)) => tracing::debug!("TLS handshake timed out"),
                        None => tracing::debug!("evicted during the TLS handshake"),
                    }
                }
            }
            pending.settle(id);
            drop(open);
        });
    }
    drop(open_rx);
    drop(listener);
    open_tx.closed().await;
    Ok(())
}
