//! The browser half, in a real Chromium: the published @forge/bridge, unmodified and
//! bundled with esbuild, runs after frt's bridge shim against `frt serve`, with
//! @forge/realtime resolver code publishing through the SDK shim; then the inspector
//! gets a DOM check and a screenshot. npm installs the harness (tests/browser) on
//! first run; Chromium comes from the system (.ci/run installs Debian's). A missing
//! piece fails this test with the reason, never skips it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// `CHROMIUM`, else Debian's `chromium` on PATH.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    for dir in std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
    {
        for name in ["chromium", "chromium-browser"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "no Chromium found: install Debian's (apt-get install chromium, as .ci/run does) or set CHROMIUM to a Chromium binary"
    );
}

#[test]
fn forge_bridge_code_and_the_inspector_run_in_a_real_browser() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    npm_ci(
        &dir,
        &[
            "@forge/bridge",
            "@forge/realtime",
            "@forge/api",
            "esbuild",
            "puppeteer-core",
        ],
    );
    let browser = chromium();
    let hub = TestHub::start(&[]);
    let shots = tempfile::tempdir().unwrap();
    let screenshot = shots.path().join("inspector.png");
    let out = Command::new("node")
        .arg(dir.join("harness.js"))
        .current_dir(&dir)
        .env("FRT_BIN", BIN)
        .env("FRT_STATE_DIR", hub.state_dir())
        .env("HOME", hub.home.path())
        .env("XDG_CONFIG_HOME", hub.home.path().join("config"))
        .env("CHROMIUM", &browser)
        .env("SCREENSHOT", &screenshot)
        .env_remove("FRT_ENDPOINT")
        .env_remove("FRT_API_KEY")
        .env_remove("FRT_PROFILE")
        .output()
        .expect("node is required for the browser harness");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser harness failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("all browser checks passed"), "{stdout}");
    assert_eq!(
        stdout.matches("ok - ").count(),
        9,
        "every check ran:\n{stdout}"
    );
    let png = std::fs::read(&screenshot).expect("the inspector's screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(
        png.len() > 20_000,
        "a screenshot with content: {} bytes",
        png.len()
    );
}
