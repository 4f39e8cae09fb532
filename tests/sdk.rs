//! The published `@forge/realtime` package, unmodified, against `frt serve`.
//! Installs the package from the npm registry into tests/sdk/node_modules (ignored)
//! on first run; a failed install fails this test with the reason, never skips it.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

#[test]
fn the_forge_sdk_runs_unmodified_against_the_hub() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk");
    npm_ci(&dir, &["@forge/realtime", "@forge/api"]);
    let hub = TestHub::start(&["--rate-limit", "50"]);
    let out = Command::new("node")
        .arg(dir.join("harness.js"))
        .current_dir(&dir)
        .env("FRT_BIN", BIN)
        .env("FRT_STATE_DIR", hub.state_dir())
        .env("HOME", hub.home.path())
        .env_remove("FRT_ENDPOINT")
        .env_remove("FRT_API_KEY")
        .output()
        .expect("node is required for the SDK harness");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "SDK harness failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("all SDK checks passed"), "{stdout}");
    assert!(!stdout.contains("not ok"), "{stdout}");
    assert_eq!(
        stdout.matches("ok - ").count(),
        10,
        "every check ran:\n{stdout}"
    );
    println!("{stdout}");
}
