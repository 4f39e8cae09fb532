//! frt: realtime channels from the terminal, and a local hub that emulates the
//! Forge Realtime service. The binary is a thin layer over this library.

pub mod bench;
pub mod channel;
pub mod cli;
pub mod client;
pub mod commands;
pub mod generation;
pub mod hub;
pub mod output;
pub mod payload;
pub mod protocol;
pub mod state;
pub mod token;
