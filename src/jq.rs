//! `frt subscribe --jq`: a jq filter over each event's JSON form, run by the jaq
//! crates (a jq implementation in Rust), so frt has no jq language of its own.

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data, unwrap_valr};
use jaq_json::Val;
use serde_json::Value;

type Data = data::JustLut<Val>;

/// A compiled filter.
pub struct JqFilter {
    filter: jaq_core::compile::Filter<jaq_core::Native<Data>>,
}

impl std::fmt::Debug for JqFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JqFilter")
    }
}

impl JqFilter {
    /// Compiles `code`; the error is jaq's own message with where it was found, for
    /// a usage error.
    pub fn compile(code: &str) -> Result<JqFilter, String> {
        let defs = jaq_core::defs()
            .chain(jaq_std::defs())
            .chain(jaq_json::defs());
        let funs = jaq_core::funs()
            .chain(jaq_std::funs())
            .chain(jaq_json::funs());
        let arena = Arena::default();
        let modules = Loader::new(defs)
            .load(&arena, File { code, path: () })
            .map_err(|errors| {
                let text: Vec<String> = errors
                    .into_iter()
                    .flat_map(|(_, e)| load_error_text(code, e))
                    .collect();
                format!("--jq {code:?}: {}", text.join("; "))
            })?;
        let filter = Compiler::default()
            .with_funs(funs)
            .compile(modules)
            .map_err(|errors| {
                let text: Vec<String> = errors
                    .into_iter()
                    .flat_map(|(_, undefined)| {
                        undefined
                            .into_iter()
                            .map(|(name, kind)| format!("undefined {} {name}", kind.as_str()))
                    })
                    .collect();
                format!("--jq {code:?}: {}", text.join("; "))
            })?;
        Ok(JqFilter { filter })
    }

    /// Runs the filter on one input and hands each output to `each` as it is made
    /// (never collected, so a filter that makes millions of outputs, or never stops,
    /// uses no more memory than one); `each` returns false to stop. Returns how many
    /// outputs were handed over, or the run-time error that ended the run after them.
    pub fn run(
        &self,
        input: &Value,
        mut each: impl FnMut(Value) -> bool,
    ) -> Result<usize, (usize, String)> {
        let input = jaq_json::read::parse_single(input.to_string().as_bytes())
            .map_err(|e| (0, format!("cannot hand the event to jq: {e}")))?;
        let ctx = Ctx::<Data>::new(&self.filter.lut, Vars::new([]));
        let mut handed = 0;
        for out in self.filter.id.run((ctx, input)).map(unwrap_valr) {
            let val = out.map_err(|e| (handed, e.to_string()))?;
            let text = val.to_string();
            handed += 1;
            if !each(serde_json::from_str(&text).unwrap_or(Value::String(text))) {
                break;
            }
        }
        Ok(handed)
    }
}

/// Where in `code` a slice of it starts, as a 1-based column.
fn column(code: &str, at: &str) -> usize {
    let offset = (at.as_ptr() as usize).saturating_sub(code.as_ptr() as usize);
    offset.min(code.len()) + 1
}

fn expected(code: &str, what: &str, at: &str) -> String {
    format!("expected {what} at column {}", column(code, at))
}

fn load_error_text(code: &str, e: jaq_core::load::Error<&str>) -> Vec<String> {
    use jaq_core::load::Error;
    match e {
        Error::Io(list) => list.into_iter().map(|(_, msg)| msg).collect(),
        Error::Lex(list) => list
            .into_iter()
            .map(|(expect, at)| expected(code, expect.as_str(), at))
            .collect(),
        Error::Parse(list) => list
            .into_iter()
            .map(|(expect, at)| expected(code, expect.as_str(), at))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filters_select_and_shape() {
        let f = JqFilter::compile("select(.data.n > 1) | {n: .data.n, c: .channel}").unwrap();
        let collect = |v: Value| {
            let mut out = Vec::new();
            f.run(&v, |o| {
                out.push(o);
                true
            })
            .unwrap();
            out
        };
        assert_eq!(
            collect(json!({"channel": "a", "data": {"n": 2}})),
            vec![json!({"n": 2, "c": "a"})]
        );
        assert!(collect(json!({"channel": "a", "data": {"n": 0}})).is_empty());
    }

    #[test]
    fn endless_output_is_taken_one_value_at_a_time_and_can_be_stopped() {
        let endless = JqFilter::compile("repeat(1)").unwrap();
        let mut seen = 0;
        let handed = endless.run(&json!(null), |_| {
            seen += 1;
            seen < 1000
        });
        assert_eq!(handed, Ok(1000));
    }

    #[test]
    fn bad_expressions_say_what_and_where() {
        let e = JqFilter::compile(".data | ").unwrap_err();
        assert!(e.contains("expected"), "{e}");
        let e = JqFilter::compile("nosuchfn(1)").unwrap_err();
        assert!(e.contains("undefined") && e.contains("nosuchfn"), "{e}");
    }
}
