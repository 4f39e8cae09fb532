//! frt: realtime channels from the terminal, and a local hub that emulates the
//! Forge Realtime service. The binary is a thin layer over this library; the map of
//! modules and the data path are in docs/ARCHITECTURE.md.

pub mod assets;
pub mod bench;
pub mod channel;
pub mod cli;
pub mod client;
pub mod commands;
pub mod error;
pub mod exit;
pub mod generation;
pub mod hub;
pub mod jq;
pub mod payload;
pub mod printer;
pub mod process;
pub mod profile;
pub mod protocol;
pub mod state;
pub mod template;
pub mod text;
pub mod timefmt;
pub mod tls;
pub mod token;

pub use error::Error;
