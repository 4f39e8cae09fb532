//! The bare client the timed paths use: raw HTTP/1.1 publishes (one request builder),
//! WebSocket frames read straight off blocking sockets, kernel receive timestamps,
//! and idle subscriptions that hold no buffers. An async client's wake-ups would
//! otherwise be part of every figure.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

use super::scenarios::{Budget, context};
use super::target::Target;
use crate::Error;
use crate::client::subscribe::Socket;
use crate::protocol::{CONTEXT_HEADER, ClientFrame, PUBLISH_PATH, SUBSCRIBE_PATH};

/// A raw HTTP/1.1 publish request: the fixed head is built once, and each request
/// appends its length and body.
pub(super) struct RawPublish {
    head: String,
}

impl RawPublish {
    pub(super) fn new(addr: &str, api_key: &str) -> RawPublish {
        let ctx = context().to_header_value();
        RawPublish {
            head: format!(
                "POST {PUBLISH_PATH} HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {api_key}\r\n{CONTEXT_HEADER}: {ctx}\r\ncontent-type: application/json\r\n"
            ),
        }
    }

    /// Appends one publish of `payload` on `channel` to `out`.
    pub(super) fn write(&self, out: &mut Vec<u8>, channel: &str, payload: &str) {
        let body = serde_json::json!({"name": channel, "payload": payload}).to_string();
        out.extend_from_slice(self.head.as_bytes());
        out.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
        out.extend_from_slice(body.as_bytes());
    }

    /// One publish as its own buffer.
    pub(super) fn request(&self, channel: &str, payload: &str) -> Vec<u8> {
        let mut out = Vec::new();
        self.write(&mut out, channel, payload);
        out
    }
}

/// Opens a WebSocket subscription and waits for the hub's confirmation.
pub(super) async fn subscriber(target: &Target, channel: &str) -> Result<Socket, Error> {
    let mut socket =
        crate::client::subscribe::connect_with_buffer(&target.client, &context(), 4096).await?;
    let frame = ClientFrame::Subscribe(crate::protocol::SubscribeFrame {
        id: "b".into(),
        channel: channel.into(),
        global: false,
        context: None,
        context_overrides: None,
        token: None,
        replay_seconds: None,
        since: None,
    });
    let text = serde_json::to_string(&frame).map_err(|e| Error::Other(e.to_string()))?;
    socket
        .send(Message::Text(text.into()))
        .await
        .map_err(|e| Error::ConnectionLost(e.to_string()))?;
    loop {
        match socket.next().await {
            Some(Ok(Message::Text(t))) if t.as_str().contains("\"subscribed\"") => {
                return Ok(socket);
            }
            Some(Ok(Message::Text(t))) if t.as_str().contains("\"error\"") => {
                return Err(Error::Protocol(format!(
                    "subscribe refused: {}",
                    t.as_str()
                )));
            }
            Some(Ok(_)) => {}
            _ => {
                return Err(Error::ConnectionLost("subscription socket closed".into()));
            }
        }
    }
}

pub(super) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Reads one WebSocket frame sent by the hub (unmasked). `buf` carries bytes read
/// past the frame over to the next call. One `recv` per frame in the common case:
/// syscalls are expensive on virtual machines, and the timed path should hold as
/// few as the shared kit's client does.
pub(super) fn read_server_frame(
    s: &mut std::net::TcpStream,
    buf: &mut Vec<u8>,
) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::ConnectionLost(e.to_string());
    loop {
        if let Some(total) = frame_len(buf)
            && buf.len() >= total
        {
            buf.drain(..total);
            return Ok(());
        }
        // Read straight into the buffer's tail: no scratch buffer to clear each time.
        let filled = buf.len();
        buf.resize(filled + 4096, 0);
        let n = s.read(&mut buf[filled..]).map_err(io)?;
        buf.truncate(filled + n);
        if n == 0 {
            return Err(Error::ConnectionLost(
                "the hub closed the subscription".into(),
            ));
        }
    }
}

/// Asks the kernel to timestamp every packet this socket receives.
pub(super) fn enable_rx_timestamps(s: &std::net::TcpStream) -> bool {
    use std::os::fd::AsRawFd;
    let one: libc::c_int = 1;
    // SAFETY: a valid socket descriptor and a correctly sized int option value.
    let rc = unsafe {
        libc::setsockopt(
            s.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_TIMESTAMPNS,
            (&one as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    rc == 0
}

/// Reads what the socket holds (blocking until something does) and returns the
/// kernel's receive time of that data.
pub(super) fn recv_with_timestamp(
    s: &std::net::TcpStream,
    buf: &mut [u8],
) -> Result<std::time::SystemTime, Error> {
    use std::os::fd::AsRawFd;
    let mut control = [0u64; 16];
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    // SAFETY: msghdr is plain data; every pointer in it points into live buffers of
    // the stated lengths for the duration of the call.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.as_mut_ptr().cast();
    msg.msg_controllen = std::mem::size_of_val(&control) as _;
    // SAFETY: see above; the descriptor is a connected socket we own.
    let n = unsafe { libc::recvmsg(s.as_raw_fd(), &mut msg, 0) };
    if n <= 0 {
        return Err(Error::ConnectionLost(format!(
            "reading a subscription: {}",
            std::io::Error::last_os_error()
        )));
    }
    // SAFETY: CMSG_* walk the control buffer the kernel just filled, within
    // msg_controllen; the timestamp is read unaligned.
    unsafe {
        let mut cmsg = libc::CMSG_FIRSTHDR(&msg);
        while !cmsg.is_null() {
            if (*cmsg).cmsg_level == libc::SOL_SOCKET && (*cmsg).cmsg_type == libc::SCM_TIMESTAMPNS
            {
                let ts: libc::timespec = std::ptr::read_unaligned(libc::CMSG_DATA(cmsg).cast());
                return Ok(
                    std::time::UNIX_EPOCH + Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
                );
            }
            cmsg = libc::CMSG_NXTHDR(&msg, cmsg);
        }
    }
    Err(Error::Other(
        "no receive timestamp came with the event".into(),
    ))
}

/// The length of the server frame at the start of `buf`, once its header is there.
pub(super) fn frame_len(buf: &[u8]) -> Option<usize> {
    let short = usize::from(*buf.get(1)? & 0x7f);
    match short {
        126 => Some(4 + usize::from(u16::from_be_bytes([*buf.get(2)?, *buf.get(3)?]))),
        127 => {
            let mut b = [0u8; 8];
            b.copy_from_slice(buf.get(2..10)?);
            Some(10 + u64::from_be_bytes(b) as usize)
        }
        n => Some(2 + n),
    }
}

/// Reads one HTTP/1.1 response with a Content-Length body; errors unless it is a 200.
pub(super) fn read_http_reply(s: &mut std::net::TcpStream, buf: &mut Vec<u8>) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::ConnectionLost(e.to_string());
    buf.clear();
    let mut chunk = [0u8; 2048];
    loop {
        if let Some(end) = find(buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            let len: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap_or(0))
                })
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let n = s.read(&mut chunk).map_err(io)?;
                if n == 0 {
                    return Err(Error::ConnectionLost(
                        "the hub closed the publish connection".into(),
                    ));
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            if !head.starts_with("HTTP/1.1 200") {
                return Err(Error::Protocol(format!(
                    "publish refused: {} {}",
                    head.lines().next().unwrap_or(""),
                    String::from_utf8_lossy(&buf[end + 4..end + 4 + len])
                )));
            }
            return Ok(());
        }
        let n = s.read(&mut chunk).map_err(io)?;
        if n == 0 {
            return Err(Error::ConnectionLost(
                "the hub closed the publish connection".into(),
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Pipelined HTTP/1.1 publishes on one connection, at most a window unanswered.
pub(super) async fn http_pipeline(
    target: &Target,
    channel: &str,
    budget: Budget,
    mut payload: impl FnMut(u64) -> String,
) -> Result<u64, Error> {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
    const WINDOW: u64 = 2000;
    let io = |e: std::io::Error| Error::ConnectionLost(e.to_string());
    let stream = tokio::net::TcpStream::connect(target.addr())
        .await
        .map_err(|e| Error::Unreachable {
            endpoint: target.endpoint.clone(),
            detail: e.to_string(),
        })?;
    stream.set_nodelay(true).map_err(io)?;
    let (read_half, write_half) = stream.into_split();
    let (acked_tx, mut acked_rx) = tokio::sync::watch::channel(0u64);
    let reader = tokio::spawn(async move {
        let mut r = tokio::io::BufReader::with_capacity(64 * 1024, read_half);
        let mut line = String::new();
        let mut acked = 0u64;
        loop {
            let mut status_ok = false;
            let mut length = 0usize;
            let mut first = true;
            loop {
                line.clear();
                if r.read_line(&mut line).await? == 0 {
                    return Ok::<u64, std::io::Error>(acked);
                }
                if first {
                    status_ok = line.starts_with("HTTP/1.1 200");
                    first = false;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0u8; length];
            r.read_exact(&mut body).await?;
            if !status_ok {
                return Err(std::io::Error::other(format!(
                    "publish refused: {}",
                    String::from_utf8_lossy(&body)
                )));
            }
            acked += 1;
            let _ = acked_tx.send(acked);
        }
    });
    let mut w = tokio::io::BufWriter::with_capacity(256 * 1024, write_half);
    let raw = RawPublish::new(&target.addr(), &target.api_key);
    let mut request = Vec::with_capacity(1024);
    let started = Instant::now();
    let mut msgs = budget.msgs;
    let mut sent = 0u64;
    while sent < msgs {
        if budget.duration.is_some_and(|d| started.elapsed() >= d) {
            msgs = sent;
            break;
        }
        if sent - *acked_rx.borrow() >= WINDOW {
            w.flush().await.map_err(io)?;
            while sent - *acked_rx.borrow_and_update() >= WINDOW / 2 {
                if acked_rx.changed().await.is_err() {
                    break;
                }
            }
        }
        request.clear();
        raw.write(&mut request, channel, &payload(sent));
        w.write_all(&request).await.map_err(io)?;
        sent += 1;
    }
    w.flush().await.map_err(io)?;
    while *acked_rx.borrow_and_update() < msgs {
        if acked_rx.changed().await.is_err() {
            break;
        }
    }
    drop(w);
    let acked = *acked_rx.borrow();
    reader.abort();
    if acked < msgs {
        return Err(Error::ConnectionLost(format!(
            "{acked} of {msgs} publishes were answered"
        )));
    }
    Ok(msgs)
}

/// A subscription on a bare blocking socket: handshake, one masked subscribe frame,
/// wait for the confirmation, then nothing.
pub(super) fn raw_idle_subscription(
    addr: &str,
    api_key: &str,
    ctx: &str,
    channel: &str,
) -> Result<std::net::TcpStream, Error> {
    let mut s = std::net::TcpStream::connect(addr).map_err(|e| Error::Unreachable {
        endpoint: addr.into(),
        detail: e.to_string(),
    })?;
    let io = |e: std::io::Error| Error::ConnectionLost(e.to_string());
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(io)?;
    let req = format!(
        "GET {SUBSCRIBE_PATH} HTTP/1.1\r\nhost: {addr}\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-version: 13\r\nsec-websocket-key: ZnJ0LWJlbmNoLWtleS0wMQ==\r\nauthorization: Bearer {api_key}\r\n{CONTEXT_HEADER}: {ctx}\r\n\r\n"
    );
    s.write_all(req.as_bytes()).map_err(io)?;
    let mut seen = Vec::new();
    let mut chunk = [0u8; 1024];
    // Like a browser: wait for the upgrade before speaking WebSocket.
    while find(&seen, b"\r\n\r\n").is_none() {
        let n = s.read(&mut chunk).map_err(io)?;
        if n == 0 {
            return Err(Error::ConnectionLost(format!(
                "the hub refused the WebSocket upgrade: {}",
                String::from_utf8_lossy(&seen)
            )));
        }
        seen.extend_from_slice(&chunk[..n]);
    }
    if !seen.starts_with(b"HTTP/1.1 101") {
        return Err(Error::Protocol(format!(
            "the hub refused the WebSocket upgrade: {}",
            String::from_utf8_lossy(&seen).lines().next().unwrap_or("")
        )));
    }
    let text = serde_json::json!({"type": "subscribe", "id": "i", "channel": channel}).to_string();
    s.write_all(&masked_text_frame(text.as_bytes()))
        .map_err(io)?;
    while find(&seen, b"\"subscribed\"").is_none() {
        let n = s.read(&mut chunk).map_err(io)?;
        if n == 0 {
            return Err(Error::ConnectionLost(format!(
                "hub closed an idle subscription: {}",
                String::from_utf8_lossy(&seen)
            )));
        }
        seen.extend_from_slice(&chunk[..n]);
    }
    Ok(s)
}

/// A client text frame (client frames must be masked; the mask here is fixed).
pub(super) fn masked_text_frame(payload: &[u8]) -> Vec<u8> {
    let mask = [0x37u8, 0xfa, 0x21, 0x3d];
    let mut f = vec![0x81u8];
    match payload.len() {
        n if n < 126 => f.push(0x80 | n as u8),
        n if n < 65536 => {
            f.push(0x80 | 126);
            f.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            f.push(0x80 | 127);
            f.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    f.extend_from_slice(&mask);
    f.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    f
}
