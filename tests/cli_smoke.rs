//! `frt smoke`, the generated completions and man pages, and the README's promises.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::Value;

const CHECKS: usize = 9;

#[test]
fn smoke_passes_on_the_embedded_hub() {
    let home = tempfile::tempdir().expect("tmp");
    let out = run({
        let mut c = clean_command(home.path());
        c.arg("smoke");
        c
    });
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("embedded hub on http://127.0.0.1:"),
        "{}",
        out.stderr
    );
    let ticks = out
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with('✓'))
        .count();
    assert_eq!(ticks, CHECKS, "{}", out.stdout);
    assert!(out.stdout.lines().all(|l| !l.contains('✗')));
    assert!(
        out.stdout
            .contains(&format!("{CHECKS} of {CHECKS} checks passed"))
    );
    assert!(
        out.stdout
            .lines()
            .filter(|l| l.contains('✓'))
            .all(|l| l.contains(" ms")),
        "a time per check"
    );
    // nothing was written to the user's state directory
    assert!(!home.path().join("state").exists());
}

#[test]
fn smoke_passes_against_a_separate_hub_with_the_platform_rate_limit() {
    let hub = TestHub::start(&["--rate-limit", "50"]);
    let out = run({
        let mut c = hub.frt();
        c.args(["smoke", "-o", "json", "--endpoint", &hub.endpoint]);
        c
    });
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let v: Value = serde_json::from_str(out.stdout.trim()).expect("one JSON report");
    assert_eq!(v["passed"], true);
    let checks = v["checks"].as_array().expect("checks");
    assert_eq!(checks.len(), CHECKS);
    for c in checks {
        assert_eq!(c["ok"], true, "{c}");
        assert!(c["name"].is_string() && c["ms"].is_number());
    }
    assert!(v["hub"].as_str().is_some_and(|h| h.contains(&hub.endpoint)));
}

#[test]
fn smoke_fails_clearly_against_a_hub_that_is_down() {
    let home = tempfile::tempdir().expect("tmp");
    let port = unused_port();
    let out = run({
        let mut c = clean_command(home.path());
        c.args(["smoke", "--retries", "0", "--api-key", "k", "--endpoint"])
            .arg(format!("http://127.0.0.1:{port}"));
        c
    });
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("no hub at") && out.stderr.contains("frt serve"),
        "{}",
        out.stderr
    );
}

fn same_files(generated: &Path, committed: &Path, what: &str) {
    let mut names: Vec<String> = std::fs::read_dir(generated)
        .expect("read generated")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut have: Vec<String> = std::fs::read_dir(committed)
        .unwrap_or_else(|_| {
            panic!(
                "{} is missing; run the regeneration command in CONTRIBUTING.md",
                committed.display()
            )
        })
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    have.sort();
    assert_eq!(
        names, have,
        "{what}: the set of files differs; regenerate them (see CONTRIBUTING.md)"
    );
    for n in names {
        let a = std::fs::read(generated.join(&n)).expect("read");
        let b = std::fs::read(committed.join(&n)).expect("read");
        assert!(
            a == b,
            "{what}/{n} is stale; regenerate it (see CONTRIBUTING.md)"
        );
    }
}

#[test]
fn committed_completions_and_man_pages_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tmp");
    let comp = dir.path().join("completions");
    std::fs::create_dir_all(&comp).expect("mkdir");
    for (shell, file) in [
        ("bash", "frt.bash"),
        ("zsh", "_frt"),
        ("fish", "frt.fish"),
        ("powershell", "_frt.ps1"),
        ("elvish", "frt.elv"),
    ] {
        let out = Command::new(BIN)
            .args(["completions", shell])
            .output()
            .expect("completions");
        assert!(out.status.success());
        std::fs::write(comp.join(file), out.stdout).expect("write");
    }
    same_files(&comp, &root.join("completions"), "completions");
    let man = dir.path().join("man");
    let out = Command::new(BIN)
        .args(["man", "--out-dir"])
        .arg(&man)
        .output()
        .expect("man");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    same_files(&man, &root.join("man"), "man");
}

#[test]
fn man_pages_render_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("man")).expect("man/") {
        let path = entry.expect("entry").path();
        let out = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&path)
            .output()
            .expect("groff is needed to check man pages (.ci/run installs groff-base)");
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let out = Command::new("man")
            .arg("-l")
            .arg(&path)
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .output()
            .expect("man (man-db)");
        assert!(
            out.status.success(),
            "man -l {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        for section in [
            "NAME",
            "SYNOPSIS",
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "EXAMPLES",
        ] {
            assert!(text.contains(section), "{} lacks {section}", path.display());
        }
    }
}

#[test]
fn the_readme_commands_are_the_ones_ci_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let ci = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    let first_cmd = readme
        .lines()
        .find(|l| l.starts_with("    ") && !l.trim().is_empty())
        .expect("a command block")
        .trim();
    assert_eq!(
        first_cmd, "cargo run --release -- smoke",
        "the README's first command"
    );
    let test_section = readme
        .split("## Running the tests")
        .nth(1)
        .expect("a 'Running the tests' section");
    let test_cmd = test_section
        .lines()
        .find(|l| l.starts_with("    ") && !l.trim().is_empty())
        .expect("the test command")
        .trim();
    assert!(
        ci.lines().any(|l| l.trim() == test_cmd),
        ".ci/run must run exactly the README's test command {test_cmd:?}"
    );
}
