//! Each subcommand's own arguments, by kind of command.

mod client;
mod hub;
mod mcp;
mod tools;

pub use client::*;
pub use hub::*;
pub use mcp::*;
pub use tools::*;
