//! An ordered, acknowledged publish stream over one WebSocket: what `--lines` uses to
//! send many events without paying an HTTP round trip for each. Frames are written
//! back to back and acknowledged in order by `published` or `error` frames.

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

use crate::channel::ModuleContext;
use crate::client::subscribe::{Socket, connect};
use crate::client::{Client, ClientError};
use crate::protocol::{ClientFrame, PublishResult, ServerFrame};

/// What every event of a stream shares.
#[derive(Debug, Clone)]
pub struct StreamTarget {
    pub channel: String,
    pub global: bool,
    pub context: ModuleContext,
    pub overrides: Option<Vec<String>>,
    pub token: Option<String>,
}

pub struct StreamPublisher {
    socket: Socket,
    target: StreamTarget,
    next_ref: u64,
    in_flight: u64,
}

/// The outcome of one streamed event.
pub struct Ack {
    pub reference: u64,
    pub result: Result<PublishResult, ClientError>,
}

impl StreamPublisher {
    pub async fn open(
        client: &Client,
        target: StreamTarget,
    ) -> Result<StreamPublisher, ClientError> {
        let socket = client
            .with_retries(|| async { connect(client, &target.context).await })
            .await?;
        Ok(StreamPublisher {
            socket,
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
    pub async fn feed(&mut self, payload: String) -> Result<u64, ClientError> {
        let reference = self.next_ref;
        self.next_ref += 1;
        let frame = ClientFrame::Publish {
            reference,
            channel: self.target.channel.clone(),
            global: self.target.global,
            payload,
            context: None,
            context_overrides: self.target.overrides.clone(),
            token: self.target.token.clone(),
        };
        let text = serde_json::to_string(&frame).map_err(|e| ClientError::Other(e.to_string()))?;
        self.socket
            .feed(Message::Text(text.into()))
            .await
            .map_err(|e| ClientError::ConnectionLost(e.to_string()))?;
        self.in_flight += 1;
        Ok(reference)
    }

    pub async fn flush(&mut self) -> Result<(), ClientError> {
        self.socket
            .flush()
            .await
            .map_err(|e| ClientError::ConnectionLost(e.to_string()))
    }

    /// Waits for the next acknowledgement.
    pub async fn next_ack(&mut self) -> Result<Ack, ClientError> {
        loop {
            let msg = match self.socket.next().await {
                Some(Ok(m)) => m,
                Some(Err(e)) => return Err(ClientError::ConnectionLost(e.to_string())),
                None => {
                    return Err(ClientError::ConnectionLost(
                        "the hub closed the connection".into(),
                    ));
                }
            };
            let text = match msg {
                Message::Text(t) => t,
                Message::Close(f) => {
                    let reason = f.map(|f| f.reason.to_string()).unwrap_or_default();
                    return Err(ClientError::ConnectionLost(format!(
                        "the hub closed the connection {reason}"
                    )));
                }
                _ => continue,
            };
            let frame: ServerFrame = serde_json::from_str(text.as_str()).map_err(|e| {
                ClientError::Protocol(format!("unexpected frame from the hub: {e}"))
            })?;
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
                        result: Err(ClientError::from_response(
                            status,
                            code,
                            message,
                            retry_after_ms.map(std::time::Duration::from_millis),
                        )),
                    });
                }
                ServerFrame::Error { code, message, .. } => {
                    return Err(ClientError::Protocol(format!(
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
