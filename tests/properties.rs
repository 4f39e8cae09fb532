//! Property tests: everything that parses input from the network or the user returns
//! an error on bad input and never panics. Failing cases are kept by proptest in
//! `proptest-regressions/` and replayed first on every run.

use frt::channel::{ModuleContext, validate_channel_name};
use frt::protocol::{ClientFrame, PublishFrame};
use proptest::prelude::*;

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// JSON-looking text: brackets, quotes, keys the parsers look for, and noise.
fn jsonish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("{".to_string()),
            Just("}".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("\"".to_string()),
            Just(":".to_string()),
            Just(",".to_string()),
            Just("\"type\":\"publish\"".to_string()),
            Just("\"type\":\"subscribe\"".to_string()),
            Just("\"channel\"".to_string()),
            Just("\"installationId\"".to_string()),
            Just("\"extension\"".to_string()),
            Just("\\u0000".to_string()),
            Just("1e999".to_string()),
            any::<String>(),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

/// GraphQL-looking text.
fn graphqlish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("mutation ".to_string()),
            Just("{".to_string()),
            Just("}".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("...A ".to_string()),
            Just("...B ".to_string()),
            Just("fragment A on Mutation ".to_string()),
            Just("fragment B on Mutation ".to_string()),
            Just("ecosystem ".to_string()),
            Just("publishRealtimeChannel(name: \"x\") ".to_string()),
            Just("\"\"\"".to_string()),
            Just("\"".to_string()),
            Just("#".to_string()),
            Just("$v ".to_string()),
            "[a-z]{1,4} ",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn tokens_never_panic(text in any::<String>(), parts in prop::collection::vec(jsonish(), 0..4)) {
        let _ = frt::token::decode_unverified(&text);
        let crafted = parts.iter().map(|p| b64(p.as_bytes())).collect::<Vec<_>>().join(".");
        if let Ok(d) = frt::token::decode_unverified(&crafted) {
            let _ = d.check(Some("c"), None, std::time::SystemTime::now());
            let _ = d.exp();
            let _ = d.permissions();
            let _ = d.clone().into_verified();
        }
        let key = frt::token::SigningKey::generate().expect("key");
        let _ = frt::token::verify(&crafted, &key);
    }

    #[test]
    fn context_headers_never_panic(text in any::<String>(), json in jsonish()) {
        let _ = ModuleContext::from_header_value(&text);
        let _ = ModuleContext::from_header_value(&b64(json.as_bytes()));
    }

    #[test]
    fn channel_names_never_panic(name in any::<String>()) {
        let ok = validate_channel_name(&name).is_ok();
        prop_assert_eq!(
            ok,
            !name.is_empty() && name.len() <= 255 && !name.chars().any(char::is_control)
        );
    }

    #[test]
    fn graphql_documents_never_panic(query in graphqlish()) {
        let _ = frt::hub::graphql::parse_checked(&query);
    }

    #[test]
    fn client_frames_never_panic(text in jsonish()) {
        let _ = PublishFrame::parse(&text);
        let _ = serde_json::from_str::<ClientFrame>(&text);
    }
}
