//! Reading a capture: the NDJSON that `frt subscribe -o json` and `frt tap -o json`
//! write, one event per line, into the events `replay` sends: where each goes, its
//! payload, and when it was published. Every line is checked before anything is sent,
//! so a bad capture is refused whole, naming the line.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::Error;
use crate::channel::{ChannelKey, ModuleContext, Scope};
use crate::cli::{DEFAULT_INSTALLATION, DEFAULT_MODULE};
use crate::client::publisher::StreamTarget;
use crate::commands::resolve_key;

/// One captured event, ready to send.
#[derive(Debug, Clone)]
pub struct Captured {
    /// Its line in the capture.
    pub line: u64,
    pub target: StreamTarget,
    /// The key `target` resolves to, for `-v`.
    pub key: ChannelKey,
    pub payload: String,
    /// When it was published (or routed, for a tap record nobody received), epoch
    /// milliseconds: the timing between events comes from these.
    pub at_ms: Option<u64>,
    /// The digest of the claims of the token it was received under, if any.
    pub claims_digest: Option<String>,
    /// The line did not say where it was received (a capture by an older frt), so the
    /// defaults stood in.
    pub placed_by_default: bool,
}

/// What the flags change about every event; `None` keeps the captured value.
#[derive(Debug, Default)]
pub struct Retarget {
    pub channel: Option<String>,
    pub global: Option<bool>,
    pub installation: Option<String>,
    pub module: Option<String>,
    /// Replaces the captured context as a whole.
    pub context: Option<Vec<(String, String)>>,
    pub overrides: Option<Vec<String>>,
    pub token: Option<String>,
}

/// What a line of `frt subscribe -o json` holds that a replay needs.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubscribeRecord {
    channel: String,
    payload: String,
    #[serde(default)]
    event_timestamp: Option<String>,
    #[serde(default)]
    plane: Option<String>,
    #[serde(default)]
    installation: Option<String>,
    #[serde(default)]
    module: Option<String>,
    #[serde(default)]
    context: Option<BTreeMap<String, String>>,
    #[serde(default)]
    context_overrides: Option<Vec<String>>,
    #[serde(default)]
    claims_digest: Option<String>,
}

/// What a line of `frt tap -o json` holds that a replay needs.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TapRecord {
    name: String,
    payload: String,
    plane: String,
    installation: String,
    scope: Scope,
    #[serde(default)]
    claims_digest: Option<String>,
    #[serde(default)]
    event_timestamp: Option<String>,
    #[serde(default)]
    routed_at: Option<u64>,
}

/// Where an event was received, before the flags apply.
struct Place {
    channel: String,
    global: bool,
    context: ModuleContext,
    overrides: Option<Vec<String>>,
    by_default: bool,
}

const WHAT_A_CAPTURE_IS: &str = "a capture is the NDJSON 'frt subscribe -o json' or 'frt tap -o json' writes, one event per line";

/// Reads every line of `text` (`name` is the capture's name in messages).
pub fn parse(text: &[u8], name: &str, flags: &Retarget) -> Result<Vec<Captured>, Error> {
    let mut events = Vec::new();
    for (index, bytes) in text.split(|b| *b == b'\n').enumerate() {
        let line = index as u64 + 1;
        let at = |problem: String| Error::Usage(format!("{name} line {line}: {problem}"));
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(at(format!("not UTF-8 text; {WHAT_A_CAPTURE_IS}")));
        };
        if text.trim().is_empty() {
            continue;
        }
        events.push(parse_line(line, text, flags).map_err(at)?);
    }
    Ok(events)
}

fn parse_line(line: u64, text: &str, flags: &Retarget) -> Result<Captured, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!("not JSON ({e}); {WHAT_A_CAPTURE_IS} (human output cannot be replayed)")
    })?;
    let record = |e: serde_json::Error| format!("not a capture record: {e}; {WHAT_A_CAPTURE_IS}");
    let (place, payload, at_ms, claims_digest) = if value.get("scope").is_some() {
        let r: TapRecord = serde_json::from_value(value).map_err(record)?;
        let at = r
            .event_timestamp
            .as_deref()
            .and_then(millis)
            .or(r.routed_at);
        (tap_place(&r)?, r.payload, at, r.claims_digest)
    } else if value.get("channel").is_some() {
        let r: SubscribeRecord = serde_json::from_value(value).map_err(record)?;
        let at = r.event_timestamp.as_deref().and_then(millis);
        let digest = r.claims_digest.clone();
        let payload = r.payload.clone();
        (subscribe_place(r)?, payload, at, digest)
    } else {
        return Err(format!(
            "neither an event of 'frt subscribe -o json' (channel, payload) nor a record of 'frt tap -o json' (name, scope, payload); {WHAT_A_CAPTURE_IS}"
        ));
    };
    let by_default = place.by_default;
    let target = retarget(place, flags)?;
    let key = resolve_key(
        &target.channel,
        target.global,
        &target.context,
        target.overrides.as_deref(),
        target.token.as_deref(),
    )
    .map_err(|e| e.to_string())?;
    Ok(Captured {
        line,
        target,
        key,
        payload,
        at_ms,
        claims_digest,
        placed_by_default: by_default,
    })
}

/// Epoch milliseconds written as a decimal string, as `eventTimestamp` is.
fn millis(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}

fn plane_is_global(plane: &str) -> Result<bool, String> {
    match plane {
        "global" => Ok(true),
        "scoped" => Ok(false),
        other => Err(format!(
            "the plane is \"{other}\"; it must be \"scoped\" or \"global\""
        )),
    }
}

fn subscribe_place(r: SubscribeRecord) -> Result<Place, String> {
    let by_default = r.plane.is_none() && r.installation.is_none();
    let global = match r.plane.as_deref() {
        Some(p) => plane_is_global(p)?,
        None => false,
    };
    let mut context = ModuleContext::new(
        r.installation.as_deref().unwrap_or(DEFAULT_INSTALLATION),
        r.module.as_deref().unwrap_or(DEFAULT_MODULE),
    );
    for (k, v) in r.context.unwrap_or_default() {
        context.set_property(&k, &v).map_err(|e| e.to_string())?;
    }
    Ok(Place {
        channel: r.channel,
        global,
        context,
        overrides: r.context_overrides,
        by_default,
    })
}

/// A tapped key names its scope, not the caller: an overrides scope keeps only the
/// listed properties (the module drops out of such a key), so they become the
/// caller's context.
fn tap_place(r: &TapRecord) -> Result<Place, String> {
    let global = plane_is_global(&r.plane)?;
    let (module, properties, overrides) = match &r.scope {
        Scope::Global => (DEFAULT_MODULE.to_string(), BTreeMap::new(), None),
        Scope::Module { module, context } => (module.clone(), context.clone(), None),
        Scope::Overrides { values } => (
            DEFAULT_MODULE.to_string(),
            values.clone(),
            Some(values.keys().cloned().collect()),
        ),
    };
    let mut context = ModuleContext::new(r.installation.clone(), module);
    for (k, v) in &properties {
        context.set_property(k, v).map_err(|e| e.to_string())?;
    }
    Ok(Place {
        channel: r.name.clone(),
        global,
        context,
        overrides,
        by_default: false,
    })
}

/// The captured place with the flags applied.
fn retarget(place: Place, flags: &Retarget) -> Result<StreamTarget, String> {
    let global = flags.global.unwrap_or(place.global);
    let mut context = place.context;
    if let Some(i) = &flags.installation {
        context.installation_id = i.clone();
    }
    if let Some(m) = &flags.module {
        context.module_key = m.clone();
    }
    if let Some(list) = &flags.context {
        context.extension.clear();
        for (k, v) in list {
            context.set_property(k, v).map_err(|e| e.to_string())?;
        }
    }
    // The global plane has no scope: captured overrides do not go there.
    let overrides = match (&flags.overrides, global) {
        (Some(list), _) => Some(list.clone()),
        (None, true) => None,
        (None, false) => place.overrides,
    };
    Ok(StreamTarget {
        channel: flags.channel.clone().unwrap_or(place.channel),
        global,
        context,
        overrides,
        token: flags.token.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, flags: &Retarget) -> Result<Captured, Error> {
        parse(text.as_bytes(), "c", flags).map(|mut v| v.remove(0))
    }

    #[test]
    fn subscribe_and_tap_records_say_where_an_event_goes() {
        let sub = r#"{"channel":"orders","eventId":"x","eventTimestamp":"1000","payload":"hi","plane":"scoped","installation":"i-1","module":"jira:issuePanel","context":{"issue":"10001"},"contextOverrides":["issue"]}"#;
        let e = one(sub, &Retarget::default()).unwrap();
        assert_eq!(e.target.channel, "orders");
        assert!(!e.target.global);
        assert_eq!(e.target.context.installation_id, "i-1");
        assert_eq!(e.target.overrides, Some(vec!["issue".to_string()]));
        assert_eq!(e.at_ms, Some(1000));
        let tap = r#"{"installation":"i-2","plane":"scoped","name":"n","scope":{"kind":"overrides","values":{"project":"P1"}},"claimsDigest":null,"eventId":null,"eventTimestamp":null,"receivers":0,"routedAt":2000,"payload":"p"}"#;
        let e = one(tap, &Retarget::default()).unwrap();
        assert_eq!(e.target.context.extension.get("project").unwrap(), "P1");
        assert_eq!(e.target.overrides, Some(vec!["project".to_string()]));
        assert_eq!(e.at_ms, Some(2000));
    }

    #[test]
    fn flags_replace_what_was_captured() {
        let sub = r#"{"channel":"a","payload":"p","plane":"scoped","installation":"i","module":"m","context":{"issue":"1"},"contextOverrides":["issue"]}"#;
        let flags = Retarget {
            channel: Some("b".into()),
            global: Some(true),
            installation: Some("j".into()),
            ..Retarget::default()
        };
        let e = one(sub, &flags).unwrap();
        assert_eq!((e.target.channel.as_str(), e.target.global), ("b", true));
        assert_eq!(e.target.context.installation_id, "j");
        assert_eq!(e.target.overrides, None, "no overrides on the global plane");
    }

    #[test]
    fn bad_lines_are_named_with_the_fix() {
        let flags = Retarget::default();
        let text = "{\"channel\":\"a\",\"payload\":\"p\"}\n\nnot json\n";
        let e = parse(text.as_bytes(), "cap.ndjson", &flags).unwrap_err();
        let message = e.to_string();
        assert!(
            message.starts_with("cap.ndjson line 3: not JSON"),
            "{message}"
        );
        assert!(message.contains("frt subscribe -o json"), "{message}");
        let e = one("{\"channel\":\"a\"}", &flags).unwrap_err().to_string();
        assert!(e.contains("missing field `payload`"), "{e}");
        let e = one(
            "{\"channel\":\"a\",\"payload\":\"p\",\"plane\":\"up\"}",
            &flags,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("\"scoped\" or \"global\""), "{e}");
        let e = one("[1]", &flags).unwrap_err().to_string();
        assert!(e.contains("neither"), "{e}");
    }
}
