//! `frt bench`: a load generator against any frt hub, in the manner of `nats bench`.
//! By default it starts an embedded hub in-process on its own runtime threads (named
//! `frt-hub`, so their CPU time can be told apart from the load generator's).
//!
//! Scenarios: `latency` (publish → delivered, one subscriber), `throughput` (ordered
//! stream publish to one subscriber), `fanout` (one publisher, S subscribers) and
//! `connections` (hub memory per idle subscription).
//!
//! - `target.rs`: the hub under test (embedded or external) and its CPU accounting;
//! - `scenarios.rs`: what each scenario sends and measures;
//! - `wire.rs`: the bare HTTP and WebSocket client the timed paths use;
//! - `stats.rs`: percentiles.

mod scenarios;
mod stats;
mod target;
mod wire;

pub use scenarios::{
    Budget, ConnectionsResult, FanoutOnceResult, FanoutResult, LatencyResult, Progress,
    ThroughputResult, connections, fanout, fanout_once, latency, throughput,
};
pub use stats::{Percentiles, percentiles};
pub use target::Target;
