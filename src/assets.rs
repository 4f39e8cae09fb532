//! Static files the binary carries.

/// The Node shim that points `@forge/realtime` at a frt hub. Printed by
/// `frt sdk-shim` and served by the hub at `/sdk-shim.js`; it holds no secret (it
/// reads the API key from hub.json at run time).
pub const SDK_SHIM: &str = include_str!("assets/sdk-shim.js");
