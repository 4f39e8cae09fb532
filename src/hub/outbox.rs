//! The per-connection outbound queue.
//!
//! Publishers push into it under their channel's lock and never wait on a socket: the
//! queue is bounded in frames and in bytes, and a connection over either limit is
//! marked as a slow consumer and cut by its own task. Bytes count from the moment a
//! frame is queued until its write has completed, so frames being written (and the
//! socket's buffer of them) are inside the budget too. Replies (acknowledgements,
//! errors) and replayed events count like live events; the broker trims a replay to
//! [`Outbox::replay_room`] so a large backlog cannot exceed the budget on its own.
//! The connection task drains the whole queue at each wake-up and writes it with one
//! flush, so bursts coalesce into few syscalls.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;

/// One outbound text frame.
pub enum OutFrame {
    /// An event for one subscription: that subscription's frame prefix
    /// (`{"type":"event","id":"s1",`) and the event's shared, serialized-once tail.
    Event { prefix: Arc<str>, tail: Arc<str> },
    /// Any other complete text frame (acknowledgements, errors).
    Text(String),
}

impl OutFrame {
    /// The complete frame text.
    pub fn into_text(self) -> String {
        match self {
            OutFrame::Event { prefix, tail } => {
                let mut s = String::with_capacity(prefix.len() + tail.len());
                s.push_str(&prefix);
                s.push_str(&tail);
                s
            }
            OutFrame::Text(s) => s,
        }
    }

    pub fn is_event(&self) -> bool {
        matches!(self, OutFrame::Event { .. })
    }

    /// Bytes of the complete frame text.
    pub fn len(&self) -> usize {
        match self {
            OutFrame::Event { prefix, tail } => prefix.len() + tail.len(),
            OutFrame::Text(s) => s.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

struct Inner {
    queue: VecDeque<OutFrame>,
    /// Bytes queued or being written.
    bytes: usize,
    overflowed: bool,
    closed: bool,
}

pub struct Outbox {
    inner: Mutex<Inner>,
    /// Wakes the connection task when the queue goes from empty to non-empty.
    ready: Notify,
    /// Wakes the connection task, even mid-write, when the queue overflows.
    overflow: Notify,
    limit: usize,
    byte_limit: usize,
}

impl Outbox {
    /// At most `limit` frames and `byte_limit` bytes queued or being written.
    pub fn new(limit: usize, byte_limit: usize) -> Outbox {
        Outbox {
            inner: Mutex::new(Inner {
                queue: VecDeque::new(),
                bytes: 0,
                overflowed: false,
                closed: false,
            }),
            ready: Notify::new(),
            overflow: Notify::new(),
            limit: limit.max(1),
            byte_limit: byte_limit.max(1),
        }
    }

    /// Marks the consumer as overflowed and drops what it had queued.
    fn overflow(&self, mut inner: MutexGuard<'_, Inner>) {
        inner.overflowed = true;
        inner.queue.clear();
        drop(inner);
        self.overflow.notify_one();
        self.ready.notify_one();
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A poisoned queue only means a panic elsewhere; the data is still a queue.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues a live frame and leaves waking the connection to `wakes`, so a batch of
    /// publishes wakes each connection once. Returns false when the frame was not
    /// queued (slow consumer, or the connection is closing).
    pub fn push_deferred(self: &Arc<Self>, frame: OutFrame, wakes: &mut Wakes) -> bool {
        let mut inner = self.lock();
        if inner.overflowed || inner.closed {
            return false;
        }
        let len = frame.len();
        if inner.queue.len() >= self.limit || inner.bytes + len > self.byte_limit {
            self.overflow(inner);
            return false;
        }
        let was_empty = inner.queue.is_empty();
        inner.bytes += len;
        inner.queue.push_back(frame);
        drop(inner);
        if was_empty {
            wakes.0.push(self.clone());
        }
        true
    }

    /// Queues replies and a subscription's confirmation with its replayed backlog.
    /// They are not subject to the frame count (a replay may be long), but their bytes
    /// count: a peer that never reads its replies is cut like a slow reader.
    pub fn push_reply(&self, frames: impl IntoIterator<Item = OutFrame>) {
        let mut inner = self.lock();
        if inner.overflowed || inner.closed {
            return;
        }
        let was_empty = inner.queue.is_empty();
        for frame in frames {
            inner.bytes += frame.len();
            inner.queue.push_back(frame);
        }
        if inner.bytes > self.byte_limit {
            self.overflow(inner);
            return;
        }
        let now_empty = inner.queue.is_empty();
        drop(inner);
        if was_empty && !now_empty {
            self.ready.notify_one();
        }
    }

    /// Bytes a replayed backlog may take now: half of what is left of the budget, so
    /// live events still fit behind it.
    pub fn replay_room(&self) -> usize {
        let inner = self.lock();
        self.byte_limit.saturating_sub(inner.bytes) / 2
    }

    /// Frees the bytes of frames whose write has completed.
    pub fn written(&self, bytes: usize) {
        let mut inner = self.lock();
        inner.bytes = inner.bytes.saturating_sub(bytes);
    }

    /// Moves everything queued into `into`. Returns true when the consumer overflowed.
    pub fn take(&self, into: &mut VecDeque<OutFrame>) -> bool {
        let mut inner = self.lock();
        if inner.overflowed {
            return true;
        }
        if into.is_empty() {
            std::mem::swap(&mut inner.queue, into);
        } else {
            into.extend(inner.queue.drain(..));
        }
        false
    }

    /// Refuses every later push; used when the connection ends.
    pub fn close(&self) {
        let mut inner = self.lock();
        inner.closed = true;
        inner.queue.clear();
        inner.bytes = 0;
    }

    pub async fn ready(&self) {
        self.ready.notified().await
    }

    pub async fn overflowed(&self) {
        self.overflow.notified().await
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    pub fn byte_limit(&self) -> usize {
        self.byte_limit
    }
}

/// Connections to wake once a batch of publishes is queued. Dropping it wakes them,
/// so a wake is never lost.
#[derive(Default)]
pub struct Wakes(Vec<Arc<Outbox>>);

impl Wakes {
    pub fn wake_all(&mut self) {
        for outbox in self.0.drain(..) {
            outbox.ready.notify_one();
        }
    }
}

impl Drop for Wakes {
    fn drop(&mut self) {
        self.wake_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_drops_the_queue_and_refuses_more() {
        let o = Arc::new(Outbox::new(2, 1 << 20));
        let mut wakes = Wakes::default();
        assert!(o.push_deferred(OutFrame::Text("a".into()), &mut wakes));
        assert!(o.push_deferred(OutFrame::Text("b".into()), &mut wakes));
        assert!(!o.push_deferred(OutFrame::Text("c".into()), &mut wakes));
        assert!(!o.push_deferred(OutFrame::Text("d".into()), &mut wakes));
        assert_eq!(
            wakes.0.len(),
            1,
            "one wake for the empty-to-queued transition"
        );
        let mut q = VecDeque::new();
        assert!(o.take(&mut q));
        assert!(q.is_empty());
    }

    #[test]
    fn bytes_count_until_written_and_overflow_past_the_budget() {
        let o = Arc::new(Outbox::new(1000, 10));
        let mut wakes = Wakes::default();
        assert!(o.push_deferred(OutFrame::Text("12345".into()), &mut wakes));
        let mut q = VecDeque::new();
        assert!(!o.take(&mut q));
        // Taken for writing, not yet written: still counted.
        assert!(o.push_deferred(OutFrame::Text("12345".into()), &mut wakes));
        o.written(5);
        assert!(o.push_deferred(OutFrame::Text("123".into()), &mut wakes));
        assert!(!o.push_deferred(OutFrame::Text("123".into()), &mut wakes));
        assert!(o.take(&mut q), "over the byte budget: a slow consumer");
    }

    #[test]
    fn unread_replies_count_too() {
        let o = Outbox::new(1000, 10);
        o.push_reply([OutFrame::Text("123456".into())]);
        assert_eq!(o.replay_room(), 2);
        o.push_reply([OutFrame::Text("123456".into())]);
        let mut q = VecDeque::new();
        assert!(o.take(&mut q));
    }

    #[test]
    fn take_keeps_order() {
        let o = Arc::new(Outbox::new(10, 1 << 20));
        let mut wakes = Wakes::default();
        for s in ["1", "2", "3"] {
            o.push_deferred(OutFrame::Text(s.into()), &mut wakes);
        }
        let mut q = VecDeque::new();
        assert!(!o.take(&mut q));
        let texts: Vec<String> = q.into_iter().map(OutFrame::into_text).collect();
        assert_eq!(texts, ["1", "2", "3"]);
    }
}
