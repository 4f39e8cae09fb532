//! Whether a hub can do its work: always, for a single hub; while it reaches Redis,
//! for a cluster's.

/// Whether this hub reaches what its engine needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    Up,
    /// Unreachable, with the reason.
    Down(String),
    /// Up, after the cluster's Redis lost its state (with what happened): events from
    /// before cannot be replayed.
    Reset(String),
}
