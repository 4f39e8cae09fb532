//! Token checks by the hub, with the platform's codes, on publish and on subscribe.

mod common;

use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::*;
use frt::Error;
use frt::client::{Publish, SignRequest};
use frt::token::{Permission, SigningKey, TokenErrorCode, TokenSpec};

fn publish_with(token: &str, channel: &str, installation: &str) -> Publish {
    Publish::new(channel, "p", ctx(installation, "m", &[])).token(Some(token.into()))
}

fn code_of(e: Error) -> String {
    match &e {
        Error::Token(t) => t.code.as_str().to_string(),
        other => panic!("expected a token error, got {other}"),
    }
}

#[tokio::test]
async fn each_bad_token_is_refused_with_its_code() {
    let hub = TestHub::start(&[]);
    let c = hub.client();
    let now = SystemTime::now();

    let expired = sign_with_hub_key(
        &hub,
        "ch",
        "i1",
        None,
        now - Duration::from_secs(120),
        Duration::from_secs(60),
    );
    let wrong_channel = sign_with_hub_key(&hub, "other", "i1", None, now, Duration::from_secs(60));
    let subscribe_only = sign_with_hub_key(
        &hub,
        "ch",
        "i1",
        Some(&[Permission::Subscribe]),
        now,
        Duration::from_secs(60),
    );
    let other_installation =
        sign_with_hub_key(&hub, "ch", "i2", None, now, Duration::from_secs(60));
    let foreign_key = {
        let key = SigningKey::generate().expect("key");
        let claims = serde_json::json!({});
        let spec = TokenSpec {
            channel: "ch",
            installation: "i1",
            claims: &claims,
            permissions: None,
            ttl: Duration::from_secs(60),
        };
        frt::token::sign(&key, &spec, now).expect("sign").0
    };
    let alg_none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(
            serde_json::json!({"exp": 9_999_999_999u64, "iat": 1, "channel": {"name": "ch"}, "installationId": "i1", "claims": {}})
                .to_string()
        )
    );
    let hs512 = {
        // Same payload, signed with HS512 by the hub's own secret: still refused.
        let key_json =
            std::fs::read_to_string(hub.state_dir().join("signing-key.json")).expect("key");
        let v: serde_json::Value = serde_json::from_str(&key_json).expect("json");
        let secret = URL_SAFE_NO_PAD
            .decode(v["secret"].as_str().expect("secret"))
            .expect("b64");
        let header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS512);
        let claims = serde_json::json!({"exp": 9_999_999_999u64, "iat": 1, "channel": {"name": "ch"}, "installationId": "i1", "claims": {}});
        jsonwebtoken::encode(
            &header,
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(&secret),
        )
        .expect("encode")
    };

    let cases = [
        (expired.as_str(), "TOKEN_EXPIRED"),
        (wrong_channel.as_str(), "CHANNEL_NAME_MISMATCH"),
        (subscribe_only.as_str(), "MISSING_PERMISSION"),
        (other_installation.as_str(), "INVALID_TOKEN"),
        (foreign_key.as_str(), "INVALID_TOKEN"),
        (alg_none.as_str(), "INVALID_TOKEN"),
        (hs512.as_str(), "INVALID_TOKEN"),
        ("not-a-token", "INVALID_TOKEN"),
    ];
    for (token, want) in cases {
        let err = c
            .publish(&publish_with(token, "ch", "i1"))
            .await
            .expect_err(want);
        assert_eq!(err.exit_status().code(), 4, "token errors exit 4");
        assert_eq!(code_of(err), want, "publish with a token expecting {want}");
    }

    // The same checks on subscribe, except the permission (subscribe is granted).
    for (token, want) in [
        (expired.as_str(), "TOKEN_EXPIRED"),
        (wrong_channel.as_str(), "CHANNEL_NAME_MISMATCH"),
        (foreign_key.as_str(), "INVALID_TOKEN"),
        (alg_none.as_str(), "INVALID_TOKEN"),
        (other_installation.as_str(), "INVALID_TOKEN"),
    ] {
        let mut opts = sub_opts("ch", ctx("i1", "m", &[]));
        opts.token = Some(token.into());
        let mut sub = c.subscribe(opts).await.expect("connect");
        let err = sub.next().await.expect_err(want);
        assert_eq!(
            code_of(err),
            want,
            "subscribe with a token expecting {want}"
        );
    }
    let publish_only = sign_with_hub_key(
        &hub,
        "ch",
        "i1",
        Some(&[Permission::Publish]),
        now,
        Duration::from_secs(60),
    );
    let mut opts = sub_opts("ch", ctx("i1", "m", &[]));
    opts.token = Some(publish_only);
    let mut sub = c.subscribe(opts).await.expect("connect");
    assert_eq!(
        code_of(sub.next().await.expect_err("perm")),
        "MISSING_PERMISSION"
    );
    let metrics = hub.metrics().await;
    assert!(
        metrics.contains("frt_tokens_rejected_total 14"),
        "{metrics}"
    );
}

#[tokio::test]
async fn expiry_is_exact_to_the_second_with_no_leeway() {
    let hub = TestHub::start(&[]);
    let c = hub.client();
    // exp = now (whole seconds, rounded down): already expired.
    let now = SystemTime::now();
    let at_exp = sign_with_hub_key(
        &hub,
        "ch",
        "i1",
        None,
        now - Duration::from_secs(1),
        Duration::from_secs(1),
    );
    let err = c
        .publish(&publish_with(&at_exp, "ch", "i1"))
        .await
        .expect_err("expired");
    assert_eq!(code_of(err), "TOKEN_EXPIRED");
}

#[tokio::test]
async fn a_subscription_ends_when_its_token_expires() {
    let hub = TestHub::start(&[]);
    let c = hub.client();
    let token = c
        .sign_token(&SignRequest {
            channel: "ch".into(),
            claims: serde_json::json!({}),
            permissions: None,
            ttl: Some(Duration::from_secs(2)),
            context: ctx("i1", "m", &[]),
        })
        .await
        .expect("sign");
    let mut opts = sub_opts("ch", ctx("i1", "m", &[]));
    opts.token = Some(token.token);
    let mut sub = subscribed(&c, opts).await;
    let err = tokio::time::timeout(Duration::from_secs(5), sub.next())
        .await
        .expect("ended within the token's life")
        .expect_err("ended with an error");
    assert_eq!(code_of(err), TokenErrorCode::TokenExpired.as_str());
}

#[tokio::test]
async fn tokens_survive_a_hub_restart_and_the_api_key_is_kept() {
    let state = std::sync::Arc::new(tempfile::tempdir().expect("tmp"));
    let mut first = TestHub::start_in(state.clone(), &[]);
    let token = first
        .client()
        .sign_token(&SignRequest {
            channel: "ch".into(),
            claims: serde_json::json!({"k": 1}),
            permissions: None,
            ttl: None,
            context: ctx("i1", "m", &[]),
        })
        .await
        .expect("sign");
    let key_before = first.api_key.clone();
    first.stop();
    let second = TestHub::start_in(state.clone(), &[]);
    assert_eq!(
        second.api_key, key_before,
        "the API key is kept across restarts"
    );
    let c = second.client();
    let mut opts = sub_opts("ch", ctx("i1", "m", &[]));
    opts.token = Some(token.token.clone());
    let mut sub = subscribed(&c, opts).await;
    let r = c
        .publish(&publish_with(&token.token, "ch", "i1"))
        .await
        .expect("publish");
    assert!(r.event_id.is_some());
    assert!(next_event(&mut sub, Duration::from_secs(5)).await.is_some());

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in ["hub.json", "signing-key.json"] {
            let mode = std::fs::metadata(state.path().join(f))
                .expect("meta")
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(mode, 0o600, "{f} is private");
        }
    }
}

#[tokio::test]
async fn the_hub_caps_token_lifetimes() {
    let hub = TestHub::start(&["--token-ttl", "10m"]);
    let resp = hub
        .client()
        .sign_token(&SignRequest {
            channel: "ch".into(),
            claims: serde_json::json!({}),
            permissions: Some(vec![Permission::Subscribe]),
            ttl: Some(Duration::from_secs(7200)),
            context: ctx("i1", "m", &[]),
        })
        .await
        .expect("sign");
    assert_eq!(resp.ttl_seconds, Some(600));
    let d = frt::token::decode_unverified(&resp.token).expect("decode");
    assert_eq!(d.header["alg"], "HS256");
    assert!(
        d.header["kid"].as_str().is_some_and(|k| !k.is_empty()),
        "kid is set"
    );
    let exp = d.exp().expect("exp") as i64;
    let iat = d.iat().expect("iat") as i64;
    assert_eq!(exp - iat, 600);
    assert_eq!(resp.expires_at, exp, "expiresAt is epoch seconds, like exp");
    assert_eq!(d.payload["permissions"], serde_json::json!(["subscribe"]));
    assert_eq!(d.payload["installationId"], "i1");
    assert_eq!(d.payload["channel"]["name"], "ch");
}
