//! `frt inspect-token`: readable dumps, verification, and every failure mode.

mod common;

use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::*;
use frt::token::{Permission, SigningKey, TokenSpec};
use serde_json::{Value, json};

fn sign(hub: &TestHub, args: &[&str]) -> String {
    let mut all = vec!["sign-token"];
    all.extend(args);
    let out = frt_in(hub, &all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout.trim().to_string()
}

fn handmade(header: &Value, payload: &Value) -> String {
    format!(
        "{}.{}.c2ln",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    )
}

#[test]
fn shows_channel_claims_and_expiry_at_a_glance() {
    let hub = TestHub::start(&[]);
    let token = sign(
        &hub,
        &[
            "demo",
            "--ttl",
            "1m",
            "--claim",
            "user=42",
            "--permission",
            "publish",
        ],
    );
    let out = frt_in(&hub, &["inspect-token", &token]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = out.stdout;
    assert!(text.contains("alg HS256 · kid frt-"), "{text}");
    assert!(text.contains("channel      \"demo\""), "{text}");
    assert!(text.contains("installation local"), "{text}");
    assert!(text.contains("permissions  publish only"), "{text}");
    assert!(text.contains("\"user\": 42"), "{text}");
    assert!(
        text.contains("(expires in 59s)") || text.contains("(expires in 58s)"),
        "{text}"
    );
    assert!(
        text.contains("NOT CHECKED"),
        "says plainly the signature was not checked: {text}"
    );
    assert!(
        text.contains("status       valid (signature not checked)"),
        "{text}"
    );

    let both = sign(&hub, &["demo"]);
    let out = frt_in(&hub, &["inspect-token", &both]);
    assert!(
        out.stdout.contains("permissions  publish and subscribe"),
        "{}",
        out.stdout
    );

    // stdin and --file work too
    let out = run_with_input(
        hub.frt().args(["inspect-token", "-"]),
        Some(format!("{token}\n").as_bytes()),
    );
    assert_eq!(out.code, 0);
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("t"), &token).expect("write");
    let out = run({
        let mut c = hub.frt();
        c.args(["inspect-token", "--file"])
            .arg(dir.path().join("t"));
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn verify_against_the_hub_and_a_key_file() {
    let hub = TestHub::start(&[]);
    let token = sign(&hub, &["demo"]);
    let out = frt_in(&hub, &["inspect-token", &token, "--verify"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("good, verified by the hub"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("status       valid"), "{}", out.stdout);

    let key_file = hub.state_dir().join("signing-key.json");
    let out = run({
        let mut c = hub.frt();
        c.args(["inspect-token", &token, "--key-file"])
            .arg(&key_file);
        c
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("verified with key file"),
        "{}",
        out.stdout
    );

    // a token from another key: bad signature, INVALID_TOKEN, exit 4
    let other = SigningKey::generate().expect("key");
    let claims = json!({});
    let foreign = frt::token::sign(
        &other,
        &TokenSpec {
            channel: "demo",
            installation: "local",
            claims: &claims,
            permissions: None,
            ttl: Duration::from_secs(600),
        },
        SystemTime::now(),
    )
    .expect("sign")
    .0;
    for extra in [
        vec!["--verify"],
        vec!["--key-file", key_file.to_str().unwrap()],
    ] {
        let mut args = vec!["inspect-token", foreign.as_str()];
        args.extend(extra);
        let out = frt_in(&hub, &args);
        assert_eq!(out.code, 4, "{}", out.stdout);
        assert!(
            out.stdout.contains("INVALID_TOKEN") && out.stdout.contains("BAD"),
            "{}",
            out.stdout
        );
    }
    // unverified, the same token decodes fine and says so
    let out = frt_in(&hub, &["inspect-token", &foreign]);
    assert_eq!(out.code, 0);

    // alg none is rejected when verifying
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(json!({"exp": 9_999_999_999u64, "channel": {"name": "demo"}, "installationId": "local", "claims": {}}).to_string())
    );
    let out = frt_in(&hub, &["inspect-token", &none, "--verify"]);
    assert_eq!(out.code, 4);
    assert!(out.stdout.contains("INVALID_TOKEN"), "{}", out.stdout);
}

#[test]
fn channel_permission_and_expiry_checks_exit_4_with_the_code() {
    let hub = TestHub::start(&[]);
    let token = sign(&hub, &["demo", "--permission", "subscribe", "--ttl", "10m"]);
    for (extra, code) in [
        (vec!["--channel", "other"], "CHANNEL_NAME_MISMATCH"),
        (vec!["--permission", "publish"], "MISSING_PERMISSION"),
        (vec!["--expires-within", "1h"], "EXPIRES_SOON"),
    ] {
        let mut args = vec!["inspect-token", token.as_str()];
        args.extend(&extra);
        let out = frt_in(&hub, &args);
        assert_eq!(out.code, 4, "{extra:?}");
        assert!(out.stdout.contains(code), "{extra:?}: {}", out.stdout);
    }
    let out = frt_in(
        &hub,
        &[
            "inspect-token",
            &token,
            "--channel",
            "demo",
            "--permission",
            "subscribe",
            "--expires-within",
            "5m",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);

    let key = SigningKey::from_json(
        &std::fs::read_to_string(hub.state_dir().join("signing-key.json")).unwrap(),
    )
    .unwrap();
    let claims = json!({});
    let expired = frt::token::sign(
        &key,
        &TokenSpec {
            channel: "demo",
            installation: "local",
            claims: &claims,
            permissions: Some(&[Permission::Publish]),
            ttl: Duration::from_secs(60),
        },
        SystemTime::now() - Duration::from_secs(252),
    )
    .unwrap()
    .0;
    let out = frt_in(&hub, &["inspect-token", &expired]);
    assert_eq!(out.code, 4);
    assert!(
        out.stdout.contains("expired 3m 12s ago") || out.stdout.contains("expired 3m 13s ago"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("TOKEN_EXPIRED"), "{}", out.stdout);
    // expired tokens still decode fully: the claims and channel are shown
    assert!(out.stdout.contains("channel      \"demo\""));
}

#[test]
fn json_output_has_the_documented_fields() {
    let hub = TestHub::start(&[]);
    let token = sign(&hub, &["demo", "--claim", "k=v"]);
    let out = frt_in(&hub, &["inspect-token", &token, "--verify", "-o", "json"]);
    assert_eq!(out.code, 0);
    let v: Value = serde_json::from_str(out.stdout.trim()).expect("one JSON object");
    for field in [
        "header",
        "payload",
        "status",
        "code",
        "expiresAt",
        "expiresInSeconds",
        "verified",
    ] {
        assert!(v.get(field).is_some(), "missing {field}: {v}");
    }
    assert_eq!(v["status"], "valid");
    assert_eq!(v["code"], Value::Null);
    assert_eq!(v["verified"], true);
    assert_eq!(v["payload"]["claims"]["k"], "v");
    assert!(
        v["expiresInSeconds"]
            .as_i64()
            .is_some_and(|s| s > 3500 && s <= 3600)
    );
    assert!(v["expiresAt"].as_str().is_some_and(|s| s.ends_with('Z')));

    let out = frt_in(&hub, &["inspect-token", "a.b", "-o", "json"]);
    assert_eq!(out.code, 4);
    let v: Value = serde_json::from_str(out.stdout.trim()).expect("json even for garbage");
    assert_eq!(v["status"], "invalid");
    assert_eq!(v["code"], "INVALID_TOKEN");
}

#[test]
fn malformed_input_gets_a_clear_message_and_never_a_panic() {
    let hub = TestHub::start(&[]);
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let cases: Vec<(String, &str)> = vec![
        ("onlyonepart".into(), "three dot-separated parts"),
        ("a.b.c.d".into(), "three dot-separated parts"),
        ("!!!.@@@.###".into(), "not base64url"),
        (
            format!(
                "{}.{}.x",
                URL_SAFE_NO_PAD.encode("{\"alg\":\"HS256\"}"),
                URL_SAFE_NO_PAD.encode("not json")
            ),
            "payload is not JSON",
        ),
        (
            handmade(&header, &json!({"channel": {"name": "demo"}})),
            "no \"exp\"",
        ),
        (
            handmade(
                &header,
                &json!({"exp": "tomorrow", "channel": {"name": "demo"}}),
            ),
            "\"exp\" is not a number",
        ),
        (
            handmade(&header, &json!({"exp": 9_999_999_999u64})),
            "no \"channel.name\"",
        ),
        (
            handmade(&header, &json!([1, 2])),
            "payload is not a JSON object",
        ),
    ];
    for (token, needle) in cases {
        let out = frt_in(&hub, &["inspect-token", &token]);
        assert_eq!(out.code, 4, "{token}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stdout.contains("INVALID_TOKEN"),
            "{token}: {}",
            out.stdout
        );
        assert!(
            out.stdout.contains(needle),
            "{token}: wanted {needle:?} in {}",
            out.stdout
        );
        assert!(!out.stderr.contains("panicked"));
    }
    let megabytes = "x".repeat(3 * 1024 * 1024);
    let out = run_with_input(
        hub.frt().args(["inspect-token", "-"]),
        Some(megabytes.as_bytes()),
    );
    assert_eq!(out.code, 4);
    assert!(out.stderr.contains("over 1 MiB"), "{}", out.stderr);
    let big_arg = "y".repeat(100 * 1024);
    let out = frt_in(&hub, &["inspect-token", &big_arg]);
    assert_eq!(out.code, 4);
    assert!(out.stdout.contains("over 64 KiB"), "{}", out.stdout);
    let out = run_with_input(
        hub.frt().args(["inspect-token", "-"]),
        Some(&[0xff, 0xfe, 0x00]),
    );
    assert_eq!(out.code, 4);
    assert!(out.stderr.contains("not text"), "{}", out.stderr);
}

#[test]
fn a_token_without_a_channel_is_invalid_for_publish_not_a_crash() {
    let hub = TestHub::start(&[]);
    let token = handmade(
        &json!({"alg": "HS256"}),
        &json!({"exp": 9_999_999_999u64, "claims": {}}),
    );
    let out = frt_in(&hub, &["publish", "demo", "x", "--token", &token]);
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(
        out.stderr.contains("INVALID_TOKEN") && out.stderr.contains("channel.name"),
        "{}",
        out.stderr
    );
}
