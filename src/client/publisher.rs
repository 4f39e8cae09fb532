//! An ordered, acknowledged publish stream over one WebSocket: what `--lines` uses to
//! send many events without paying an HTTP round trip for each. Frames are written
//! back to back and acknowledged in order by `published` or `error` frames.

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

use crate::Error;
use crate::channel::ModuleContext;
use crate::client::Client;
use crate::client::subscribe::{Socket, connect};
use crate::protocol::{PublishResult, PublishedAck, ServerFrame};

/// Where an event of a stream goes: what every event of a `--lines` stream shares, and
/// what a replay may change from one event to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamTarget {
    pub channel: String,
    pub global: bool,
    pub context: ModuleContext,
    pub overrides: Option<Vec<String>>,
    pub token: Option<String>,
}

pub struct StreamPublisher {
    socket: Socket,
    /// The caller the connection was opened as; a frame for another caller names its
    /// own context.
    connection_context: ModuleContext,
    /// The target `middle` was built for.
    target: StreamTarget,
    /// Everything a publish frame holds between `ref` and `payload`, serialized once
    /// per target.
    middle: String,
    next_ref: u64,
    in_flight: u64,
}

/// The outcome of one streamed event.
pub struct Ack {
    pub reference: u64,
    pub result: Result<PublishResult, Error>,
}

/// The fields of a publish frame between `ref` and `payload`. `own_context` is set
/// when the event's caller is not the connection's.
fn middle_for(target: &StreamTarget, own_context: Option<&ModuleContext>) -> Result<String, Error> {
    let mut middle = String::from(",\"channel\":");
    crate::protocol::push_json_string(&mut middle, &target.channel);
    middle.push_str(if target.global {
        ",\"global\":true"
    } else {
        ",\"global\":false"
    });
    if let Some(context) = own_context {
        middle.push_str(",\"context\":");
        middle.push_str(&serde_json::to_string(context).map_err(|e| Error::Other(e.to_string()))?);
    }
    if let Some(o) = &target.overrides {
        middle.push_str(",\"contextOverrides\":");
        middle.push_str(&serde_json::to_string(o).map_err(|e| Error::Other(e.to_string()))?);
    }
    if let Some(t) = &target.token {
        middle.push_str(",\"token\":");
        crate::protocol::push_json_string(&mut middle, t);
    }
    middle.push_str(",\"payload\":");
    Ok(middle)
}

impl StreamPublisher {
    pub async fn open(client: &Client, target: StreamTarget) -> Result<StreamPublisher, Error> {
        let socket = client
            .with_retries(|| async { connect(client, &target.context).await })
            .await?;
        Ok(StreamPublisher {
            socket,
            connection_context: target.context.clone(),
            middle: middle_for(&target, None)?,
            target,
            next_ref: 1,
            in_flight: 0,
        })
    }

    /// Events sent and not yet acknowledged.
    pub fn in_flight(&self) -> u64 {
        self.in_flight
    }

    /// Queues one event (not yet flushed); returns its reference.
    pub async fn feed(&mut self, payload: String) -> Result<u64, Error> {
        let reference = self.next_ref;
        self.next_ref += 1;
        // The same text serde would write for a ClientFrame::Publish, built directly.
        let mut text = String::with_capacity(payload.len() + self.middle.len() + 48);
        text.push_str("{\"type\":\"publish\",\"ref\":");
        text.push_str(itoa::Buffer::new().format(reference));
        text.push_str(&self.middle);
        crate::protocol::push_json_string(&mut text, &payload);
        text.push('}');
        self.socket
            .feed(Message::Text(text.into()))
            .await
            .map_err(|e| Error::ConnectionLost(e.to_string()))?;
        self.in_flight += 1;
        Ok(reference)
    }

    /// Queues one event for `target`, which may differ from the previous event's (a
    /// replay crosses channels, planes and callers on one ordered stream).
    pub async fn feed_to(&mut self, target: &StreamTarget, payload: String) -> Result<u64, Error> {
        if *target != self.target {
            let own_context =
                (target.context != self.connection_context).then_some(&target.context);
            self.middle = middle_for(target, own_context)?;
            self.target = target.clone();
        }
        self.feed(payload).await
    }

    pub async fn flush(&mut self) -> Result<(), Error> {
        self.socket
            .flush()
            .await
            .map_err(|e| Error::ConnectionLost(e.to_string()))
    }

    /// Waits for the next acknowledgement.
    pub async fn next_ack(&mut self) -> Result<Ack, Error> {
        loop {
            let msg = match self.socket.next().await {
                Some(Ok(m)) => m,
                Some(Err(e)) => return Err(Error::ConnectionLost(e.to_string())),
                None => {
                    return Err(Error::ConnectionLost(
                        "the hub closed the connection".into(),
                    ));
                }
            };
            let text = match msg {
                Message::Text(t) => t,
                Message::Close(f) => {
                    let reason = f.map(|f| f.reason.to_string()).unwrap_or_default();
                    return Err(Error::ConnectionLost(format!(
                        "the hub closed the connection {reason}"
                    )));
                }
                _ => continue,
            };
            if let Some(ack) = PublishedAck::parse(text.as_str()) {
                self.in_flight = self.in_flight.saturating_sub(1);
                return Ok(Ack {
                    reference: ack.reference,
                    result: Ok(PublishResult {
                        event_id: ack.event_id.map(String::from),
                        event_timestamp: ack.event_timestamp.map(String::from),
                        hints: Vec::new(),
                    }),
                });
            }
            let frame: ServerFrame = serde_json::from_str(text.as_str())
                .map_err(|e| Error::Protocol(format!("unexpected frame from the hub: {e}")))?;
            match frame {
                ServerFrame::Published {
                    reference,
                    event_id,
                    event_timestamp,
                } => {
                    self.in_flight = self.in_flight.saturating_sub(1);
                    return Ok(Ack {
                        reference,
                        result: Ok(PublishResult {
                            event_id,
                            event_timestamp,
                            hints: Vec::new(),
                        }),
                    });
                }
                ServerFrame::Error {
                    reference: Some(reference),
                    code,
                    message,
                    retry_after_ms,
                    ..
                } => {
                    self.in_flight = self.in_flight.saturating_sub(1);
                    let status = match code.as_str() {
                        "PAYLOAD_TOO_LARGE" => 413,
                        "RATE_LIMIT_EXCEEDED" => 429,
                        c if crate::token::TokenErrorCode::parse(c).is_some() => 403,
                        _ => 400,
                    };
                    return Ok(Ack {
                        reference,
                        result: Err(Error::from_response(
                            status,
                            code,
                            message,
                            retry_after_ms.map(std::time::Duration::from_millis),
                        )),
                    });
                }
                ServerFrame::Error { code, message, .. } => {
                    return Err(Error::Protocol(format!(
                        "the hub refused the stream: {code}: {message}"
                    )));
                }
                _ => continue,
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }
}
