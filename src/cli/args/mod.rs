//! Each subcommand's own arguments, by kind of command.

mod client;
mod hub;
mod tools;

pub use client::*;
pub use hub::*;
pub use tools::*;
