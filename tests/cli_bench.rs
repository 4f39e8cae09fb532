//! `frt bench` runs each scenario and reports parseable results. (Figures are never
//! asserted here: benchmarks are not timed tests. See BENCHMARKS.md.)

mod common;

use common::*;
use serde_json::Value;

fn bench(args: &[&str]) -> Value {
    let home = tempfile::tempdir().expect("tmp");
    let out = run({
        let mut c = clean_command(home.path());
        c.arg("bench").args(args).args(["-o", "json"]);
        c
    });
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    assert!(
        out.stderr.contains("embedded hub") && out.stderr.contains("rate limit off"),
        "{}",
        out.stderr
    );
    serde_json::from_str(out.stdout.trim()).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

#[test]
fn every_scenario_runs_on_the_embedded_hub() {
    let v = bench(&["latency", "--msgs", "50"]);
    assert_eq!(v["scenario"], "latency");
    assert_eq!(v["result"]["samples"], 50);
    for k in ["p50_us", "p90_us", "p99_us", "max_us"] {
        assert!(v["result"][k].as_f64().is_some_and(|x| x > 0.0), "{k}: {v}");
    }
    let v = bench(&["throughput", "--msgs", "3000"]);
    assert_eq!(v["result"]["msgs"], 3000);
    assert!(
        v["result"]["events_per_s"]
            .as_f64()
            .is_some_and(|x| x > 0.0)
    );
    let v = bench(&["fanout", "--subs", "5", "--msgs", "300"]);
    assert_eq!(
        v["result"]["delivered"], 1500,
        "every delivery arrived: {v}"
    );
    assert!(v["result"]["delivery_latency"]["p99_us"].as_f64().is_some());
    let v = bench(&["connections", "--conns", "50"]);
    assert_eq!(v["result"]["conns"], 50);
    assert!(v["result"]["hub_bytes_per_subscription"].is_number(), "{v}");
}

#[test]
fn csv_output_has_a_header_and_a_row() {
    let home = tempfile::tempdir().expect("tmp");
    let out = run({
        let mut c = clean_command(home.path());
        c.args(["bench", "fanout", "--subs", "2", "--msgs", "100", "--csv"]);
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    let header: Vec<&str> = lines[0].split(',').collect();
    let row: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(header.len(), row.len());
    assert_eq!(header[0], "scenario");
    assert_eq!(row[0], "fanout");
    let at = header
        .iter()
        .position(|h| *h == "delivered")
        .expect("delivered column");
    assert_eq!(row[at], "200");
}

#[test]
fn a_duration_bounds_a_run() {
    let v = bench(&["throughput", "--duration", "300ms"]);
    assert!(v["result"]["msgs"].as_u64().is_some_and(|n| n > 0));
    assert!(v["result"]["elapsed_s"].as_f64().is_some_and(|s| s < 30.0));
}
