//! The local hub (`frt serve`): a faithful emulator of the realtime service.
//!
//! Layers, top to bottom (a module only uses those below it; docs/ARCHITECTURE.md
//! draws them): `start` (start and stop) and `http` (the router); the interfaces
//! `rest`, `graphql` and `ws`; `facade` (the `Hub` every interface shares); the
//! engines behind one seam (`engine`); channel state (`broker`, `tap`); leaves.

pub mod body;
pub mod broker;
pub mod clock;
pub mod config;
pub mod credentials;
pub mod engine;
pub mod error;
pub mod facade;
pub mod graphql;
pub mod hints;
pub mod http;
pub mod key_filter;
pub mod listener;
pub mod metrics;
pub mod outbox;
pub mod ratelimit;
pub mod redis_target;
pub mod rest;
pub mod session;
pub mod start;
pub mod tap;
pub mod ws;

pub use config::HubConfig;
pub use facade::{Hub, PublishCall};
pub use start::{EphemeralHub, RunningHub, endpoint_for, start, start_ephemeral};
