//! Limits checked before a GraphQL document costs anything: nesting depth (before
//! parsing, since the parser recurses), fragments that are undefined or spread in a
//! cycle, and the number of selections the document expands to. Expansion is counted
//! with memoization over the fragment graph, so a document that would expand
//! exponentially is measured in linear time and refused.

use std::collections::HashMap;

use graphql_parser::query::{
    Definition, Document, FragmentDefinition, OperationDefinition, Selection, SelectionSet,
};

/// Deepest nesting of `{`, `(` and `[` accepted in a query.
pub const MAX_DEPTH: usize = 32;
/// Most selections (fields, spreads, inline fragments) a document may expand to.
pub const MAX_SELECTIONS: u64 = 1000;

/// Refuses a query text nested deeper than [`MAX_DEPTH`], ignoring brackets inside
/// strings and comments. Runs before the parser, which recurses once per level.
pub fn check_depth(query: &str) -> Result<(), String> {
    let bytes = query.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 2;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
                if deepest > MAX_DEPTH {
                    return Err(format!(
                        "the query nests deeper than {MAX_DEPTH} levels; flatten it"
                    ));
                }
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Fragments by name: `'a` borrows the document, whose text lives for `'d`.
type Fragments<'a, 'd> = HashMap<&'d str, &'a FragmentDefinition<'d, &'d str>>;

/// Checks every fragment spread of the document: each names a defined fragment, no
/// fragment reaches itself, and every operation expands to at most
/// [`MAX_SELECTIONS`]. Each fragment is walked once for the whole document.
pub fn check_document<'d>(doc: &Document<'d, &'d str>) -> Result<(), String> {
    let fragments: Fragments<'_, 'd> = doc
        .definitions
        .iter()
        .filter_map(|d| match d {
            Definition::Fragment(f) => Some((f.name, f)),
            _ => None,
        })
        .collect();
    let mut state = HashMap::new();
    let mut trail = Vec::new();
    // In document order, so the same document always names the same cycle.
    for def in &doc.definitions {
        if let Definition::Fragment(f) = def {
            visit(f.name, &fragments, &mut state, &mut trail)?;
        }
    }
    let mut memo = HashMap::new();
    for def in &doc.definitions {
        let Definition::Operation(op) = def else {
            continue;
        };
        let set = match op {
            OperationDefinition::Mutation(m) => &m.selection_set,
            OperationDefinition::Query(q) => &q.selection_set,
            OperationDefinition::Subscription(s) => &s.selection_set,
            OperationDefinition::SelectionSet(s) => s,
        };
        if cost(set, &fragments, &mut memo)? > MAX_SELECTIONS {
            return Err(format!(
                "the document expands to more than {MAX_SELECTIONS} selections (fragments included); send fewer operations per request"
            ));
        }
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum Visit {
    InProgress,
    Done,
}

/// Depth-first walk of the fragment graph, naming the first cycle found.
fn visit<'d>(
    name: &'d str,
    fragments: &Fragments<'_, 'd>,
    state: &mut HashMap<&'d str, Visit>,
    trail: &mut Vec<&'d str>,
) -> Result<(), String> {
    match state.get(name) {
        Some(Visit::Done) => return Ok(()),
        Some(Visit::InProgress) => {
            let start = trail.iter().position(|n| *n == name).unwrap_or(0);
            let mut cycle: Vec<&str> = trail[start..].to_vec();
            cycle.push(name);
            return Err(format!(
                "fragment cycle: {}; a fragment may not spread itself",
                cycle.join(" → ")
            ));
        }
        None => {}
    }
    let Some(fragment) = fragments.get(name) else {
        return Err(format!("unknown fragment \"{name}\""));
    };
    state.insert(name, Visit::InProgress);
    trail.push(name);
    let mut spreads = Vec::new();
    spreads_in(&fragment.selection_set, &mut spreads);
    for s in spreads {
        visit(s, fragments, state, trail)?;
    }
    trail.pop();
    state.insert(name, Visit::Done);
    Ok(())
}

fn spreads_in<'d>(set: &SelectionSet<'d, &'d str>, out: &mut Vec<&'d str>) {
    for item in &set.items {
        match item {
            Selection::Field(f) => spreads_in(&f.selection_set, out),
            Selection::InlineFragment(f) => spreads_in(&f.selection_set, out),
            Selection::FragmentSpread(s) => out.push(s.fragment_name),
        }
    }
}

/// Selections a selection set expands to; each fragment is measured once (memoized).
/// The fragment graph has no cycles when this runs.
fn cost<'d>(
    set: &SelectionSet<'d, &'d str>,
    fragments: &Fragments<'_, 'd>,
    memo: &mut HashMap<&'d str, u64>,
) -> Result<u64, String> {
    let mut total = 0u64;
    for item in &set.items {
        let n = match item {
            Selection::Field(f) => 1 + cost(&f.selection_set, fragments, memo)?,
            Selection::InlineFragment(f) => 1 + cost(&f.selection_set, fragments, memo)?,
            Selection::FragmentSpread(s) => {
                1 + match memo.get(s.fragment_name) {
                    Some(n) => *n,
                    None => {
                        let fragment = fragments
                            .get(s.fragment_name)
                            .ok_or_else(|| format!("unknown fragment \"{}\"", s.fragment_name))?;
                        let n = cost(&fragment.selection_set, fragments, memo)?;
                        memo.insert(s.fragment_name, n);
                        n
                    }
                }
            }
        };
        total = total.saturating_add(n);
        if total > MAX_SELECTIONS {
            // Stop early: the answer is already "too many".
            return Ok(total);
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str) -> Result<(), String> {
        check_depth(query)?;
        let doc = graphql_parser::parse_query::<&str>(query).map_err(|e| e.to_string())?;
        check_document(&doc)
    }

    #[test]
    fn cycles_are_named() {
        let e = check("mutation { ...A } fragment A on Mutation { ...A }").unwrap_err();
        assert!(e.contains("fragment cycle: A → A"), "{e}");
        let e = check(
            "mutation { ...A } fragment A on Mutation { ...B } fragment B on Mutation { x ...A }",
        )
        .unwrap_err();
        assert!(e.contains("A → B → A"), "{e}");
    }

    #[test]
    fn undefined_fragments_are_refused() {
        let e = check("mutation { ...Undefined }").unwrap_err();
        assert!(e.contains("unknown fragment \"Undefined\""), "{e}");
    }

    #[test]
    fn exponential_expansion_is_measured_cheaply_and_refused() {
        let mut q = String::from("mutation { ...F0 }\n");
        for i in 0..40 {
            q.push_str(&format!(
                "fragment F{i} on Mutation {{ ...F{} ...F{} }}\n",
                i + 1,
                i + 1
            ));
        }
        q.push_str("fragment F40 on Mutation { __typename }\n");
        let e = check(&q).unwrap_err();
        assert!(e.contains("more than 1000 selections"), "{e}");
        assert!(check("mutation { a: __typename b: __typename ...F } fragment F on Mutation { c: __typename }").is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let q = format!("mutation {}{}", "{ a ".repeat(100_000), "}".repeat(100_000));
        assert!(check_depth(&q).unwrap_err().contains("deeper than"));
        let ok = "mutation { e { p(s: \"{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\") } } # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[";
        assert!(check_depth(ok).is_ok());
    }
}
