//! `frt mcp` driven by the official MCP TypeScript client (`@modelcontextprotocol/sdk`)
//! over stdio, as an editor drives it, with `frt subscribe` and `frt publish` on the
//! other side of the hub. Installs the client from the npm registry into
//! tests/mcp/node_modules (ignored) on first run; a failed install fails this test
//! with the reason, never skips it.

mod common;

use std::path::Path;

use common::*;

#[test]
fn an_mcp_client_publishes_subscribes_signs_and_is_refused_through_frt_mcp() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp");
    npm_ci(&dir, &["@modelcontextprotocol/sdk"]);
    let hub = TestHub::start(&[]);
    let stdout = node_harness(&dir, &hub, &[], 9);
    assert!(stdout.contains("all MCP checks passed"), "{stdout}");
    println!("{stdout}");
}
