//! Payload templates for `frt publish --count`: `{{seq}}` and friends, expanded
//! afresh for every event. Unknown placeholders are refused up front, so a typo
//! never goes out as literal text.

use std::time::SystemTime;

/// The placeholders, with what each becomes (for help and error messages).
pub const PLACEHOLDERS: [(&str, &str); 5] = [
    ("seq", "the event's number, from 1"),
    ("time", "the time, RFC 3339 with milliseconds"),
    ("unix_ms", "the time, milliseconds since the epoch"),
    ("uuid", "a fresh random UUID"),
    ("random", "a random integer from 0 to 2^32-1"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Seq,
    Time,
    UnixMs,
    Uuid,
    Random,
}

/// A payload with placeholders, parsed once.
#[derive(Debug, Clone)]
pub struct Template {
    parts: Vec<Part>,
}

impl Template {
    /// Parses `{{name}}` placeholders (spaces inside the braces are allowed); any other
    /// text, JSON braces included, is kept as it is.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            let Some(close) = rest[open + 2..].find("}}") else {
                break;
            };
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let name = rest[open + 2..open + 2 + close].trim();
            parts.push(match name {
                "seq" => Part::Seq,
                "time" => Part::Time,
                "unix_ms" => Part::UnixMs,
                "uuid" => Part::Uuid,
                "random" => Part::Random,
                other => {
                    let known: Vec<String> =
                        PLACEHOLDERS.iter().map(|(n, _)| format!("{{{{{n}}}}}")).collect();
                    return Err(format!(
                        "unknown placeholder {{{{{other}}}}} in the payload; the placeholders are {}",
                        known.join(", ")
                    ));
                }
            });
            rest = &rest[open + 2 + close + 2..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        Ok(Template { parts })
    }

    /// The payload of event number `seq` (from 1).
    pub fn render(&self, seq: u64) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Seq => out.push_str(&seq.to_string()),
                Part::Time => {
                    out.push_str(&humantime::format_rfc3339_millis(SystemTime::now()).to_string())
                }
                Part::UnixMs => {
                    out.push_str(&crate::timefmt::epoch_millis(SystemTime::now()).to_string())
                }
                Part::Uuid => out.push_str(&uuid::Uuid::new_v4().to_string()),
                Part::Random => {
                    let mut bytes = [0u8; 4];
                    // Without system randomness the number is 0: a template value,
                    // not a secret.
                    let _ = getrandom::fill(&mut bytes);
                    out.push_str(&u32::from_le_bytes(bytes).to_string());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_expand_and_json_braces_stay() {
        let t = Template::parse(r#"{"n":{{seq}},"id":"{{ uuid }}","t":{{unix_ms}}}"#).unwrap();
        let out = t.render(7);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["n"], 7);
        assert_eq!(v["id"].as_str().unwrap().len(), 36);
        assert!(v["t"].as_u64().unwrap() > 1_700_000_000_000);
        assert_eq!(Template::parse("a}}b{{").unwrap().render(1), "a}}b{{");
    }

    #[test]
    fn unknown_placeholders_are_named() {
        let e = Template::parse("x {{sequence}}").unwrap_err();
        assert!(e.contains("{{sequence}}") && e.contains("{{seq}}"), "{e}");
    }
}
