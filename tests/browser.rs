//! The browser half, in a real Chromium: the published @forge/bridge, unmodified and
//! bundled with esbuild, runs after frt's bridge shim against `frt serve`, with
//! @forge/realtime resolver code publishing through the SDK shim. The page's link to
//! the hub is cut and restored (a TCP proxy in the harness): subscriptions resume with
//! nothing lost or doubled, calls made meanwhile settle; an expired session and an
//! oversized publish are named. Then the inspector gets a DOM check and a screenshot. npm installs the harness (tests/browser) on
//! first run; Chromium comes from the system (.ci/run installs Debian's). A missing
//! piece fails this test with the reason, never skips it.

mod common;

use std::path::{Path, PathBuf};

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
    let stdout = node_harness(
        &dir,
        &hub,
        &[
            ("CHROMIUM", browser.as_os_str()),
            ("SCREENSHOT", screenshot.as_os_str()),
        ],
        15,
    );
    assert!(stdout.contains("all browser checks passed"), "{stdout}");
    let png = std::fs::read(&screenshot).expect("the inspector's screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(
        png.len() > 20_000,
        "a screenshot with content: {} bytes",
        png.len()
    );
}
