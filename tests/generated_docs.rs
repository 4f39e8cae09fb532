//! The files generated from the command line definition (completions/, man/) are
//! committed; these tests fail when they are stale, when a man page does not render,
//! or when the README's test command is not what CI runs.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_frt");

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

#[test]
fn man_synopses_show_value_placeholders_and_see_also_names_every_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let show = |page: &str| {
        let out = Command::new("man")
            .arg("-l")
            .arg(root.join("man").join(page))
            .env("MANWIDTH", "200")
            .env("MANPAGER", "cat")
            .output()
            .expect("man (man-db)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let publish = show("frt-publish.1");
    let synopsis = publish
        .split("SYNOPSIS")
        .nth(1)
        .and_then(|s| s.split("DESCRIPTION").next())
        .expect("a synopsis")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for part in [
        "[-f|--file PATH]",
        "[-e|--endpoint URL]",
        "<CHANNEL>",
        "[--context KEY=VALUE]...",
    ] {
        assert!(synopsis.contains(part), "{part} in {synopsis}");
    }
    let source = std::fs::read_to_string(root.join("man/frt.1")).expect("frt.1");
    let see_also = source
        .split("SEE ALSO")
        .nth(1)
        .expect("SEE ALSO")
        .replace('\\', "");
    for page in std::fs::read_dir(root.join("man")).expect("man/") {
        let name = page
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(sub) = name.strip_suffix(".1").filter(|n| *n != "frt") {
            assert!(
                see_also.contains(&format!("{sub}(1)")),
                "SEE ALSO lacks {sub}"
            );
        }
    }
}
