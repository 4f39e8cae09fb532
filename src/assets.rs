//! Static files the binary carries.

/// The Node shim that points `@forge/realtime` at a frt hub. Printed by
/// `frt sdk-shim` and served by the hub at `/sdk-shim.js`; it holds no secret (it
/// reads the API key from hub.json at run time).
pub const SDK_SHIM: &str = include_str!("assets/sdk-shim.js");

/// Loaded by a page before its `@forge/bridge` bundle: defines the bridge's realtime
/// calls over one WebSocket to the hub, with a browser session from the script's own
/// URL (`/bridge-shim.js?session=…`). Served at `/bridge-shim.js`; holds no secret.
pub const BRIDGE_SHIM: &str = include_str!("assets/bridge-shim.js");

/// The live inspector at `/ui`: a page, its script and its style, with no build step.
pub const INSPECTOR_HTML: &str = include_str!("assets/inspector.html");
pub const INSPECTOR_JS: &str = include_str!("assets/inspector.js");
pub const INSPECTOR_CSS: &str = include_str!("assets/inspector.css");

/// The hub's icon (32×32, a PNG inside an ICO), at `/favicon.ico` for every page the
/// hub serves, so a browser's console shows no 404 for it.
pub const FAVICON: &[u8] = include_bytes!("assets/favicon.ico");
