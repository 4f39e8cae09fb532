//! Load behaviour and shutdown: a slow subscriber is cut without stalling anyone, and
//! a stopping hub closes every socket with a reason.

mod common;

use std::time::Duration;

use common::*;
use frt::client::Publish;
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn raw_subscriber(hub: &TestHub, channel: &str) -> Ws {
    let url = format!("ws://{}/forge/realtime/v1/subscribe", hub.addr());
    let mut req = url.into_client_request().expect("req");
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {}", hub.api_key).parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(req)
        .await
        .expect("connect");
    let frame = json!({"type": "subscribe", "id": "s", "channel": channel,
                       "context": {"installationId": "i1", "moduleKey": "m"}});
    ws.send(Message::Text(frame.to_string().into()))
        .await
        .expect("send");
    loop {
        let msg = ws.next().await.expect("open").expect("frame");
        if let Message::Text(t) = msg {
            assert!(t.as_str().contains("\"subscribed\""), "{t}");
            return ws;
        }
    }
}

/// Reads until the close frame, returning its code and reason.
async fn read_until_close(ws: &mut Ws) -> Option<(CloseCode, String)> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Err(_) => return None,
            Ok(None) | Ok(Some(Err(_))) => return None,
            Ok(Some(Ok(Message::Close(Some(f))))) => return Some((f.code, f.reason.to_string())),
            Ok(Some(Ok(Message::Close(None)))) => return None,
            Ok(Some(Ok(_))) => {}
        }
    }
}

#[tokio::test]
async fn a_slow_subscriber_is_cut_while_a_fast_one_gets_everything() {
    let hub = TestHub::start(&["--queue-limit", "64"]);
    let c = hub.client();
    let mut slow = raw_subscriber(&hub, "load").await;
    let mut fast = subscribed(&c, sub_opts("load", ctx("i1", "m", &[]))).await;
    let payload = "x".repeat(8 * 1024);
    const N: usize = 1500;
    let reader = tokio::spawn(async move {
        let mut n = 0;
        while n < N {
            match next_event(&mut fast, Duration::from_secs(20)).await {
                Some(e) => {
                    assert!(e.payload.starts_with(&n.to_string()), "in order");
                    n += 1;
                }
                None => break,
            }
        }
        n
    });
    // Once the hub reports the cut, drain the slow socket to read why it was cut.
    let watcher = {
        let client = hub.client();
        tokio::spawn(async move {
            for _ in 0..2000 {
                let m = client.get_text("/metrics").await.expect("metrics");
                if m.contains("frt_subscribers_dropped_slow_total 1") {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            read_until_close(&mut slow).await
        })
    };
    let started = std::time::Instant::now();
    for i in 0..N {
        let r = c
            .publish(&Publish::new(
                "load",
                format!("{i}:{payload}"),
                ctx("i1", "m", &[]),
            ))
            .await
            .expect("publish never fails because of a slow reader");
        assert!(r.event_id.is_some());
    }
    let publish_time = started.elapsed();
    assert_eq!(
        reader.await.expect("reader"),
        N,
        "the fast subscriber got every event"
    );
    let metrics = hub.metrics().await;
    assert!(
        metrics.contains("frt_subscribers_dropped_slow_total 1"),
        "{metrics}\npublishing took {publish_time:?}"
    );
    let (code, reason) = watcher
        .await
        .expect("watcher")
        .expect("a close frame with a reason");
    assert_eq!(code, CloseCode::Policy);
    assert!(reason.contains("slow consumer"), "{reason}");
}

#[tokio::test]
async fn shutdown_closes_sockets_with_1001_and_a_reason() {
    let mut hub = TestHub::start(&[]);
    let mut ws = raw_subscriber(&hub, "bye").await;
    let status = hub.stop().expect("hub exited");
    assert!(status.success(), "a clean shutdown exits 0: {status:?}");
    let (code, reason) = read_until_close(&mut ws).await.expect("a close frame");
    assert_eq!(code, CloseCode::Away);
    assert!(reason.contains("shutting down"), "{reason}");
}

#[tokio::test]
async fn one_publish_reaches_every_subscription_on_the_key() {
    let hub = TestHub::start(&[]);
    let c = hub.client();
    let mut subs = Vec::new();
    for _ in 0..50 {
        subs.push(subscribed(&c, sub_opts("many", ctx("i1", "m", &[]))).await);
    }
    let r = c
        .publish(&Publish::new("many", "all", ctx("i1", "m", &[])))
        .await
        .expect("publish");
    for s in subs.iter_mut() {
        let e = next_event(s, Duration::from_secs(5))
            .await
            .expect("each one gets it");
        assert_eq!(Some(e.event_id), r.event_id);
    }
    assert!(
        hub.metrics()
            .await
            .contains("frt_events_delivered_total 50")
    );
}

#[tokio::test]
async fn a_request_in_flight_at_shutdown_is_answered() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut hub = TestHub::start(&[]);
    let body = json!({"name": "c", "payload": "in flight"}).to_string();
    // `Expect: 100-continue`: the hub's "100 Continue" says its handler has started
    // reading this body, so the request is certainly in flight.
    let head = format!(
        "POST /forge/realtime/v1/publish HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {}\r\nx-forge-context-token: {}\r\ncontent-type: application/json\r\nexpect: 100-continue\r\ncontent-length: {}\r\n\r\n",
        hub.api_key,
        ctx("i1", "m", &[]).to_header_value(),
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(hub.addr())
        .await
        .expect("connect");
    stream.write_all(head.as_bytes()).await.expect("head");
    let mut seen = Vec::new();
    while !seen.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut byte))
            .await
            .expect("an interim answer within 5 s")
            .expect("read");
        assert_eq!(n, 1, "the hub closed: {:?}", String::from_utf8_lossy(&seen));
        seen.push(byte[0]);
    }
    assert!(
        seen.starts_with(b"HTTP/1.1 100"),
        "{:?}",
        String::from_utf8_lossy(&seen)
    );
    // Half the body; the hub is told to stop and says so; then the rest.
    let (first, rest) = body.split_at(body.len() / 2);
    stream
        .write_all(first.as_bytes())
        .await
        .expect("first half");
    let pid = hub.child.as_ref().expect("running").id();
    send_signal(pid, 15);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !hub.stderr_text().contains("shutting down") {
        assert!(
            std::time::Instant::now() < deadline,
            "the hub did not start shutting down: {}",
            hub.stderr_text()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    stream
        .write_all(rest.as_bytes())
        .await
        .expect("second half");
    let mut answer = String::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_string(&mut answer)).await;
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "the request in flight was answered: {answer:?}"
    );
    assert!(answer.contains("\"eventId\":null"), "{answer}");
    let status = hub.stop().expect("hub exited");
    assert!(status.success(), "{status:?}");
}
