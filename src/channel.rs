//! Channel identity: names, module context, context overrides and the channel key.
//!
//! An event reaches a subscription only when both resolve to the same [`ChannelKey`]
//! (docs/semantics.md, "Channel key"). Everything that decides whether a publisher and a subscriber meet
//! lives here, so the hub, the client and the hint engine agree by construction.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The extension properties a module context may carry, and the only valid values of a
/// context override, in the order the platform documents them.
pub const CONTEXT_PROPERTIES: [&str; 7] = [
    "board",
    "issue",
    "project",
    "content",
    "space",
    "repository",
    "pullRequest",
];

/// Longest channel name in bytes (a decision recorded in docs/semantics.md).
pub const MAX_CHANNEL_NAME_BYTES: usize = 255;

/// Why a name, a context or an override list was refused. Each message names the fault
/// and the fix, so it can be shown to a user as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChannelError {
    #[error("invalid channel name: {0}")]
    Name(String),
    #[error("invalid context: {0}")]
    Context(String),
    #[error("invalid context override: {0}")]
    Override(String),
}

impl ChannelError {
    /// The error code the hub reports for this fault.
    pub fn code(&self) -> &'static str {
        match self {
            ChannelError::Name(_) => "INVALID_CHANNEL_NAME",
            ChannelError::Context(_) => "INVALID_CONTEXT",
            ChannelError::Override(_) => "INVALID_CONTEXT_OVERRIDE",
        }
    }
}

/// Checks the channel-name rule: 1–255 bytes of UTF-8 with no control characters and
/// no invisible formatting characters (bidirectional controls, zero-width characters,
/// the rest of Unicode's format characters; see `text.rs`).
pub fn validate_channel_name(name: &str) -> Result<(), ChannelError> {
    match bounded_text_fault(name, MAX_CHANNEL_NAME_BYTES) {
        None => Ok(()),
        Some(TextFault::Empty) => Err(ChannelError::Name(
            "the name is empty; give a channel name of 1 to 255 bytes".into(),
        )),
        Some(fault) => Err(ChannelError::Name(format!("the name {fault}"))),
    }
}

/// What is wrong with a text that must be 1 to `max` bytes with no control or
/// invisible formatting characters.
enum TextFault {
    Empty,
    TooLong {
        len: usize,
        max: usize,
    },
    Hidden {
        pos: usize,
        c: char,
        kind: &'static str,
    },
}

impl fmt::Display for TextFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextFault::Empty => write!(f, "is empty"),
            TextFault::TooLong { len, max } => {
                write!(f, "is {len} bytes long; the limit is {max}")
            }
            TextFault::Hidden { pos, c, kind } => write!(
                f,
                "has {kind} U+{:04X} at byte {pos}; remove it (names and context values may not hold control or invisible formatting characters)",
                *c as u32
            ),
        }
    }
}

fn bounded_text_fault(value: &str, max: usize) -> Option<TextFault> {
    if value.is_empty() {
        return Some(TextFault::Empty);
    }
    if value.len() > max {
        return Some(TextFault::TooLong {
            len: value.len(),
            max,
        });
    }
    value.char_indices().find_map(|(pos, c)| {
        crate::text::hidden_kind(c).map(|kind| TextFault::Hidden { pos, c, kind })
    })
}

/// Returns whether `prop` is one of the seven context properties.
pub fn is_context_property(prop: &str) -> bool {
    CONTEXT_PROPERTIES.contains(&prop)
}

/// The list of valid properties, for error messages.
pub fn context_property_list() -> String {
    CONTEXT_PROPERTIES.join(", ")
}

/// The caller's module context: which installation, which module, and the product
/// entities (issue, project, …) the module is showing.
///
/// On the wire it is `{"installationId":"…","moduleKey":"…","extension":{"issue":"10001"}}`,
/// base64url-encoded in the `x-forge-context-token` header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ModuleContext {
    pub installation_id: String,
    pub module_key: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extension: BTreeMap<String, String>,
}

impl ModuleContext {
    /// A context with no extension properties.
    pub fn new(installation_id: impl Into<String>, module_key: impl Into<String>) -> ModuleContext {
        ModuleContext {
            installation_id: installation_id.into(),
            module_key: module_key.into(),
            extension: BTreeMap::new(),
        }
    }

    /// Adds extension properties as given, unchecked: the hub checks every context it
    /// receives, so tests and the load generator may also build invalid ones.
    pub fn with_extension(mut self, properties: &[(&str, &str)]) -> ModuleContext {
        for (k, v) in properties {
            self.extension.insert(k.to_string(), v.to_string());
        }
        self
    }

    /// Encodes the context for the `x-forge-context-token` header: base64url JSON.
    pub fn to_header_value(&self) -> String {
        use base64::Engine;
        let json = serde_json::to_vec(self).unwrap_or_default();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    }

    /// Decodes an `x-forge-context-token` value (base64url, padded or not), checking
    /// every field as [`ModuleContext::from_json`] does.
    pub fn from_header_value(text: &str) -> Result<ModuleContext, ChannelError> {
        use crate::protocol::CONTEXT_HEADER;
        use base64::Engine;
        use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
        let text = text.trim();
        let bytes = URL_SAFE_NO_PAD
            .decode(text)
            .or_else(|_| URL_SAFE.decode(text))
            .map_err(|e| {
                ChannelError::Context(format!("{CONTEXT_HEADER} is not base64url: {e}"))
            })?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
            ChannelError::Context(format!(
                "{CONTEXT_HEADER} is not base64url-encoded JSON: {e}"
            ))
        })?;
        ModuleContext::from_json(&value)
    }

    /// Builds a context from loose JSON, checking every field, so that a malformed
    /// context header is a clear 400 rather than a silent mismatch.
    pub fn from_json(value: &Value) -> Result<ModuleContext, ChannelError> {
        let obj = value.as_object().ok_or_else(|| {
            ChannelError::Context(
                "expected a JSON object {\"installationId\",\"moduleKey\",\"extension\"}".into(),
            )
        })?;
        let text = |field: &str| -> Result<String, ChannelError> {
            match obj.get(field) {
                Some(Value::String(s)) => check_context_text(field, s).map(|_| s.clone()),
                Some(_) => Err(ChannelError::Context(format!(
                    "\"{field}\" must be a string"
                ))),
                None => Err(ChannelError::Context(format!("\"{field}\" is missing"))),
            }
        };
        let installation_id = text("installationId")?;
        let module_key = text("moduleKey")?;
        let mut extension = BTreeMap::new();
        match obj.get("extension") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (k, v) in map {
                    let value = context_value(k, v)?;
                    extension.insert(k.clone(), value);
                }
            }
            Some(_) => {
                return Err(ChannelError::Context(
                    "\"extension\" must be an object such as {\"issue\":\"10001\"}".into(),
                ));
            }
        }
        if let Some(unknown) = obj
            .keys()
            .find(|k| !matches!(k.as_str(), "installationId" | "moduleKey" | "extension"))
        {
            return Err(ChannelError::Context(format!(
                "unknown field \"{unknown}\"; expected installationId, moduleKey, extension"
            )));
        }
        Ok(ModuleContext {
            installation_id,
            module_key,
            extension,
        })
    }

    /// Adds one extension property, checking the name and value.
    pub fn set_property(&mut self, key: &str, value: &str) -> Result<(), ChannelError> {
        let value = context_value(key, &Value::String(value.to_string()))?;
        self.extension.insert(key.to_string(), value);
        Ok(())
    }
}

fn context_value(key: &str, value: &Value) -> Result<String, ChannelError> {
    if !is_context_property(key) {
        return Err(ChannelError::Context(format!(
            "unknown extension property \"{key}\"; valid properties are {}",
            context_property_list()
        )));
    }
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => {
            return Err(ChannelError::Context(format!(
                "extension property \"{key}\" must be a non-empty string or a number"
            )));
        }
    };
    check_context_text(&format!("extension.{key}"), &text)?;
    Ok(text)
}

/// Longest installation id, module key or context value, in bytes. Every one of
/// them is kept in the hub's indexes, so each is bounded.
pub const MAX_CONTEXT_TEXT_BYTES: usize = 255;

/// A context text is 1 to 255 bytes with no control or invisible formatting
/// characters (they would reach other users' terminals through `frt channels` and
/// hints, and make two different names look the same).
pub fn check_context_text(field: &str, value: &str) -> Result<(), ChannelError> {
    match bounded_text_fault(value, MAX_CONTEXT_TEXT_BYTES) {
        None => Ok(()),
        Some(fault) => Err(ChannelError::Context(format!("\"{field}\" {fault}"))),
    }
}

/// Parses and checks a context-override list. The result is a set: order and
/// duplicates do not matter (docs/semantics.md, "Channel key").
pub fn parse_overrides<S: AsRef<str>>(list: &[S]) -> Result<BTreeSet<String>, ChannelError> {
    let mut set = BTreeSet::new();
    for item in list {
        let item = item.as_ref();
        if !is_context_property(item) {
            return Err(ChannelError::Override(format!(
                "\"{item}\" is not a context property; valid values are {}",
                context_property_list()
            )));
        }
        set.insert(item.to_string());
    }
    Ok(set)
}

/// The scope part of a channel key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Scope {
    /// Default scope: the whole module context.
    Module {
        module: String,
        context: BTreeMap<String, String>,
    },
    /// Context overrides: only the listed properties' values; the module drops out.
    Overrides { values: BTreeMap<String, String> },
    /// Global plane: no scope at all.
    Global,
}

/// The full identity of a channel. Two parties meet exactly when their keys are equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelKey {
    pub installation: String,
    pub name: String,
    pub scope: Scope,
    /// Canonical JSON of the token's claims, or `None` when no token was used.
    pub claims: Option<String>,
}

impl ChannelKey {
    /// Resolves the key for a scoped (publish / subscribe) call.
    ///
    /// `overrides` is `None` when the caller gave no override list, and `Some(empty)`
    /// when it gave an empty one (which means "no context at all").
    pub fn scoped(
        name: &str,
        context: &ModuleContext,
        overrides: Option<&BTreeSet<String>>,
        claims: Option<String>,
    ) -> Result<ChannelKey, ChannelError> {
        validate_channel_name(name)?;
        let scope = match overrides {
            None => Scope::Module {
                module: context.module_key.clone(),
                context: context.extension.clone(),
            },
            Some(props) => {
                let mut values = BTreeMap::new();
                for prop in props {
                    let value = context.extension.get(prop).ok_or_else(|| {
                        ChannelError::Override(format!(
                            "\"{prop}\" is listed as an override but the caller's context has no \"{prop}\"; add it to the context or drop the override"
                        ))
                    })?;
                    values.insert(prop.clone(), value.clone());
                }
                Scope::Overrides { values }
            }
        };
        Ok(ChannelKey {
            installation: context.installation_id.clone(),
            name: name.to_string(),
            scope,
            claims,
        })
    }

    /// Resolves the key for a global-plane call.
    pub fn global(
        name: &str,
        installation: &str,
        claims: Option<String>,
    ) -> Result<ChannelKey, ChannelError> {
        validate_channel_name(name)?;
        Ok(ChannelKey {
            installation: installation.to_string(),
            name: name.to_string(),
            scope: Scope::Global,
            claims,
        })
    }

    pub fn is_global(&self) -> bool {
        matches!(self.scope, Scope::Global)
    }

    pub fn plane(&self) -> &'static str {
        if self.is_global() { "global" } else { "scoped" }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Module { module, context } => {
                write!(f, "module {module}")?;
                for (k, v) in context {
                    write!(f, " {k}={v}")?;
                }
                Ok(())
            }
            Scope::Overrides { values } if values.is_empty() => {
                write!(f, "overrides [] (no context)")
            }
            Scope::Overrides { values } => {
                let props: Vec<String> = values.iter().map(|(k, v)| format!("{k}={v}")).collect();
                write!(f, "overrides [{}]", props.join(", "))
            }
            Scope::Global => write!(f, "no scope"),
        }
    }
}

impl fmt::Display for ChannelKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "installation {} · {} · \"{}\" · {} · ",
            self.installation,
            self.plane(),
            self.name,
            self.scope
        )?;
        match &self.claims {
            Some(c) => write!(f, "token claims {}", claims_digest(c)),
            None => write!(f, "no token"),
        }
    }
}

/// A short, stable digest of canonical claims: enough to tell two claim sets apart
/// without showing them (FNV-1a, 64 bits; not a security boundary).
pub fn claims_digest(canonical: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in canonical.as_bytes() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("#{:08x}", (hash >> 32) as u32 ^ hash as u32)
}

/// Canonical JSON: object keys sorted, no whitespace. Two claim sets are equal exactly
/// when their canonical forms are (docs/semantics.md, "Channel key").
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx(module: &str, ext: &[(&str, &str)]) -> ModuleContext {
        ModuleContext::new("i1", module).with_extension(ext)
    }

    #[test]
    fn names_follow_the_rules() {
        assert!(validate_channel_name("orders").is_ok());
        assert!(validate_channel_name("").is_err());
        assert!(validate_channel_name(&"x".repeat(256)).is_err());
        assert!(validate_channel_name(&"é".repeat(127)).is_ok());
        assert!(validate_channel_name("a\nb").is_err());
    }

    #[test]
    fn invisible_and_reordering_characters_are_refused_by_name() {
        for (name, kind) in [
            (
                "pay\u{202e}txt.exe",
                "bidirectional control U+202E at byte 3",
            ),
            ("ord\u{200b}ers", "zero-width character U+200B at byte 3"),
            ("\u{feff}orders", "zero-width character U+FEFF at byte 0"),
            ("a\u{2066}b", "bidirectional control U+2066"),
            ("a\u{7f}b", "control character U+007F"),
            ("a\u{9b}b", "control character U+009B"),
            ("a\u{ad}b", "invisible format character U+00AD"),
        ] {
            let e = validate_channel_name(name).unwrap_err().to_string();
            assert!(e.contains(kind) && e.contains("remove it"), "{e}");
        }
        let e = check_context_text("moduleKey", "jira:\u{200d}panel").unwrap_err();
        assert!(e.to_string().contains("zero-width character U+200D"), "{e}");
        assert!(validate_channel_name("заказы-注文-طلبات").is_ok());
    }

    #[test]
    fn overrides_are_a_set_and_module_drops_out() {
        let a = ctx("jira:issuePanel", &[("issue", "1"), ("project", "P")]);
        let b = ctx("jira:issueContext", &[("issue", "2"), ("project", "P")]);
        let o1 = parse_overrides(&["project"]).unwrap();
        assert_eq!(
            ChannelKey::scoped("c", &a, Some(&o1), None).unwrap(),
            ChannelKey::scoped("c", &b, Some(&o1), None).unwrap()
        );
        let o2 = parse_overrides(&["issue", "project", "issue"]).unwrap();
        let o3 = parse_overrides(&["project", "issue"]).unwrap();
        assert_eq!(o2, o3);
        assert!(parse_overrides(&["Issue"]).is_err());
        let missing = parse_overrides(&["board"]).unwrap();
        assert!(ChannelKey::scoped("c", &a, Some(&missing), None).is_err());
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let a = json!({"b": [1, {"y": 1, "x": 2}], "a": "s"});
        assert_eq!(canonical_json(&a), r#"{"a":"s","b":[1,{"x":2,"y":1}]}"#);
    }

    #[test]
    fn context_rejects_unknown_properties() {
        let v = json!({"installationId": "i", "moduleKey": "m", "extension": {"ticket": "1"}});
        assert!(ModuleContext::from_json(&v).is_err());
        let v = json!({"installationId": "i", "moduleKey": "m", "extension": {"issue": 10001}});
        assert_eq!(
            ModuleContext::from_json(&v).unwrap().extension["issue"],
            "10001"
        );
    }
}
