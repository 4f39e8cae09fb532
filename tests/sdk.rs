//! The published `@forge/realtime` package, unmodified, against `frt serve`.
//! Installs the package from the npm registry into tests/sdk/node_modules (ignored)
//! on first run; a failed install fails this test with the reason, never skips it.

mod common;

use std::path::Path;

use common::*;

#[test]
fn the_forge_sdk_runs_unmodified_against_the_hub() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk");
    npm_ci(&dir, &["@forge/realtime", "@forge/api"]);
    let hub = TestHub::start(&["--rate-limit", "50"]);
    let stdout = node_harness(&dir, &hub, &[], 10);
    assert!(stdout.contains("all SDK checks passed"), "{stdout}");
    println!("{stdout}");
}
