//! Near-miss hints: "why did nobody get my event". Given the key a call resolved to
//! and a live key with the same installation and (case-insensitively) the same name,
//! say whether they differ in exactly one component, and how. The hub answers the CLI
//! and the Node SDK alike, so it says what differs, not which flag to type: each
//! client adds advice in its own words. Claims are never shown, only that they differ.
//!
//! The hub also remembers recent publishes that found nobody ([`MissMemory`]), so an
//! idle subscriber can be told where publishes are going.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use crate::channel::{ChannelKey, Scope};
pub use crate::protocol::Hint;

/// The one component in which two keys differ, when there is exactly one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    NameCase,
    Plane,
    Module,
    Context,
    Overrides,
    Scope,
    Claims,
}

impl Difference {
    pub fn component(&self) -> &'static str {
        match self {
            Difference::NameCase => "name",
            Difference::Plane => "plane",
            Difference::Module => "module",
            Difference::Context => "context",
            Difference::Overrides => "overrides",
            Difference::Scope => "scope",
            Difference::Claims => "claims",
        }
    }
}

/// Compares `mine` (the caller's key) with `other`. `None` when they are equal, in
/// different installations, or differ in more than one component.
pub fn difference(mine: &ChannelKey, other: &ChannelKey) -> Option<Difference> {
    if mine.installation != other.installation || mine == other {
        return None;
    }
    let name_same = mine.name == other.name;
    let name_case = !name_same
        && mine
            .name
            .chars()
            .flat_map(char::to_lowercase)
            .eq(other.name.chars().flat_map(char::to_lowercase));
    if !name_same && !name_case {
        return None;
    }
    let plane_same = mine.is_global() == other.is_global();
    let scope_same = mine.scope == other.scope;
    let claims_same = mine.claims == other.claims;
    // The plane carries the scope with it: a global key has none.
    let differing = [
        !name_same,
        !plane_same,
        plane_same && !scope_same,
        !claims_same,
    ];
    if differing.iter().filter(|d| **d).count() != 1 {
        return None;
    }
    if name_case {
        return Some(Difference::NameCase);
    }
    if !plane_same {
        return Some(Difference::Plane);
    }
    if !claims_same {
        return Some(Difference::Claims);
    }
    Some(match (&mine.scope, &other.scope) {
        (
            Scope::Module {
                module: m1,
                context: c1,
            },
            Scope::Module {
                module: m2,
                context: c2,
            },
        ) => {
            if m1 != m2 && c1 == c2 {
                Difference::Module
            } else if m1 == m2 {
                Difference::Context
            } else {
                Difference::Scope
            }
        }
        (Scope::Overrides { values: v1 }, Scope::Overrides { values: v2 })
            if v1.keys().eq(v2.keys()) =>
        {
            Difference::Context
        }
        _ => Difference::Overrides,
    })
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn context_text(values: &BTreeMap<String, String>) -> String {
    values
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn overrides_text(scope: &Scope) -> String {
    match scope {
        Scope::Overrides { values } => {
            let props: Vec<&str> = values.keys().map(String::as_str).collect();
            format!("overrides [{}]", props.join(", "))
        }
        _ => "no overrides".into(),
    }
}

fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::Module { module, context } if context.is_empty() => format!("module {module}"),
        Scope::Module { module, context } => format!("module {module} {}", context_text(context)),
        Scope::Overrides { values } if values.is_empty() => "overrides [] (no context)".into(),
        Scope::Overrides { values } => format!("overrides [{}]", context_text(values)),
        Scope::Global => "no scope".into(),
    }
}

fn module_of(scope: &Scope) -> &str {
    match scope {
        Scope::Module { module, .. } => module,
        _ => "-",
    }
}

/// Only the context values of `mine` that differ from `other`'s.
fn differing_values(mine: &Scope, other: &Scope) -> String {
    let (a, b) = match (mine, other) {
        (Scope::Module { context: a, .. }, Scope::Module { context: b, .. }) => (a, b),
        (Scope::Overrides { values: a }, Scope::Overrides { values: b }) => (a, b),
        _ => return scope_text(mine),
    };
    let mut parts = Vec::new();
    for (k, v) in a {
        if b.get(k) != Some(v) {
            parts.push(format!("{k}={v}"));
        }
    }
    for k in b.keys() {
        if !a.contains_key(k) {
            parts.push(format!("no {k}"));
        }
    }
    parts.join(" ")
}

/// Who is being told: a publisher that found nobody, or an idle subscriber.
struct Voice<'a> {
    /// What the other key has, e.g. `2 subscribers on "orders"`.
    lead: String,
    /// "published" or "subscribed".
    did: &'a str,
}

fn describe(diff: &Difference, mine: &ChannelKey, other: &ChannelKey, v: &Voice<'_>) -> String {
    let Voice { lead: on, did, .. } = v;
    match diff {
        Difference::NameCase => format!("{on} (case differs)"),
        Difference::Plane if other.is_global() => format!("{on} in the global plane"),
        Difference::Plane => format!("{on} in the scoped plane"),
        Difference::Module => format!(
            "{on} with module {} (you {did} with module {})",
            module_of(&other.scope),
            module_of(&mine.scope)
        ),
        Difference::Scope => format!(
            "{on} with {} (you {did} with {})",
            scope_text(&other.scope),
            scope_text(&mine.scope)
        ),
        Difference::Context => format!(
            "{on} with {} (you {did} with {})",
            scope_text(&other.scope),
            differing_values(&mine.scope, &other.scope)
        ),
        Difference::Overrides => format!(
            "{on} with {} (you {did} with {})",
            overrides_text(&other.scope),
            overrides_text(&mine.scope)
        ),
        Difference::Claims => match (&mine.claims, &other.claims) {
            (Some(_), Some(_)) => format!("{on} with different token claims"),
            (None, Some(_)) => format!("{on} with a token (you {did} without one)"),
            _ => format!("{on} without a token (you {did} with one)"),
        },
    }
}

/// The hint for a publish that found nobody, about `count` subscribers on `other`.
pub fn publish_hint(mine: &ChannelKey, other: &ChannelKey, count: u64) -> Option<Hint> {
    let diff = difference(mine, other)?;
    let voice = Voice {
        lead: format!(
            "{} on \"{}\"",
            plural(count, "subscriber", "subscribers"),
            other.name
        ),
        did: "published",
    };
    Some(Hint {
        component: diff.component().into(),
        count,
        message: describe(&diff, mine, other, &voice),
    })
}

/// The hint for an idle subscription, about `count` recent publishes to `other`.
pub fn subscription_hint(
    mine: &ChannelKey,
    other: &ChannelKey,
    count: u64,
    window: &str,
) -> Option<Hint> {
    let diff = difference(mine, other)?;
    let voice = Voice {
        lead: format!(
            "{} in the last {window} to \"{}\"",
            plural(count, "publish", "publishes"),
            other.name
        ),
        did: "subscribed",
    };
    Some(Hint {
        component: diff.component().into(),
        count,
        message: describe(&diff, mine, other, &voice),
    })
}

/// How far back hints for an idle subscription look.
pub const HINT_WINDOW: Duration = Duration::from_secs(60);
/// Most hints in one answer.
pub const MAX_HINTS: usize = 8;

/// The hints for a publish that found nobody, from near keys and their subscriber
/// counts (a single hub's channels, or a cluster's view): the most subscribed
/// first, at most [`MAX_HINTS`], and messages written only for those.
pub fn ranked_publish_hints(mine: &ChannelKey, near: Vec<(u64, Arc<ChannelKey>)>) -> Vec<Hint> {
    let mut near: Vec<(u64, Arc<ChannelKey>)> =
        near.into_iter().filter(|(count, _)| *count > 0).collect();
    near.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    near.truncate(MAX_HINTS);
    near.into_iter()
        .filter_map(|(count, other)| publish_hint(mine, &other, count))
        .collect()
}

/// The hints for an idle subscription, from near keys and their publishes within
/// [`HINT_WINDOW`] (delivered, or found nobody): the busiest first, each message
/// once, at most [`MAX_HINTS`].
pub fn ranked_subscription_hints(
    mine: &ChannelKey,
    recent: impl IntoIterator<Item = (u64, Arc<ChannelKey>)>,
) -> Vec<Hint> {
    let window = crate::timefmt::format_duration_short(HINT_WINDOW.as_secs_f64());
    let mut out: Vec<Hint> = recent
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .filter_map(|(count, other)| subscription_hint(mine, &other, count, &window))
        .collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.message.cmp(&b.message))
    });
    out.dedup_by(|a, b| a.message == b.message);
    out.truncate(MAX_HINTS);
    out
}
/// Most unanswered keys remembered for hints.
const MAX_MISSES: usize = 4096;

/// Keys that recently got publishes with no subscriber, by installation and
/// lower-cased name: bounded in count and age.
#[derive(Default)]
pub struct MissMemory {
    by_name: HashMap<(String, String), Vec<Miss>>,
    total: usize,
}

/// Publishes to one key that found nobody.
pub struct Miss {
    pub key: Arc<ChannelKey>,
    /// Within the window ending at `last_ms`.
    pub count: u64,
    pub last_ms: u64,
}

/// The slot near keys share: installation and lower-cased name.
pub fn name_slot(key: &ChannelKey) -> (String, String) {
    (key.installation.clone(), key.name.to_lowercase())
}

impl MissMemory {
    /// Counts a publish to `key` that found nobody, at `now_ms`.
    pub fn remember(&mut self, key: &ChannelKey, now_ms: u64) {
        let window = HINT_WINDOW.as_millis() as u64;
        if self.total >= MAX_MISSES {
            // Forget everything older than the window; if that is not enough, start over.
            self.by_name.retain(|_, list| {
                list.retain(|m| now_ms.saturating_sub(m.last_ms) < window);
                !list.is_empty()
            });
            self.total = self.by_name.values().map(Vec::len).sum();
            if self.total >= MAX_MISSES {
                self.by_name.clear();
                self.total = 0;
            }
        }
        let list = self.by_name.entry(name_slot(key)).or_default();
        match list.iter_mut().find(|m| *m.key == *key) {
            Some(m) => {
                if now_ms.saturating_sub(m.last_ms) >= window {
                    m.count = 0;
                }
                m.count += 1;
                m.last_ms = now_ms;
            }
            None => {
                list.push(Miss {
                    key: Arc::new(key.clone()),
                    count: 1,
                    last_ms: now_ms,
                });
                self.total += 1;
            }
        }
    }

    /// Misses near `key` (same slot) since `cutoff_ms`.
    pub fn near(&self, key: &ChannelKey, cutoff_ms: u64) -> impl Iterator<Item = &Miss> {
        self.by_name
            .get(&name_slot(key))
            .into_iter()
            .flatten()
            .filter(move |m| m.last_ms >= cutoff_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::{ModuleContext, parse_overrides};

    fn cx(inst: &str, module: &str, ext: &[(&str, &str)]) -> ModuleContext {
        ModuleContext::new(inst, module).with_extension(ext)
    }

    fn scoped(name: &str, c: &ModuleContext) -> ChannelKey {
        ChannelKey::scoped(name, c, None, None).unwrap()
    }

    #[test]
    fn each_kind_of_near_miss_is_named() {
        let panel1 = cx("i", "jira:issuePanel", &[("issue", "10001")]);
        let panel2 = cx("i", "jira:issuePanel", &[("issue", "10002")]);
        let ctx_mod = cx("i", "jira:issueContext", &[("issue", "10001")]);
        let mine = scoped("orders", &panel1);

        let h = publish_hint(&mine, &scoped("orders", &panel2), 1).unwrap();
        assert_eq!(
            h.message,
            "1 subscriber on \"orders\" with module jira:issuePanel issue=10002 (you published with issue=10001)"
        );
        let h = publish_hint(&mine, &scoped("orders", &ctx_mod), 1).unwrap();
        assert_eq!(h.component, "module");
        assert_eq!(
            h.message,
            "1 subscriber on \"orders\" with module jira:issueContext (you published with module jira:issuePanel)"
        );
        let h = publish_hint(&mine, &scoped("Orders", &panel1), 3).unwrap();
        assert_eq!(h.message, "3 subscribers on \"Orders\" (case differs)");
        let global = ChannelKey::global("orders", "i", None).unwrap();
        let h = publish_hint(&mine, &global, 2).unwrap();
        assert_eq!(h.message, "2 subscribers on \"orders\" in the global plane");
        let ov = parse_overrides(&["issue"]).unwrap();
        let with_ov = ChannelKey::scoped("orders", &panel1, Some(&ov), None).unwrap();
        let h = publish_hint(&mine, &with_ov, 1).unwrap();
        assert_eq!(
            h.message,
            "1 subscriber on \"orders\" with overrides [issue] (you published with no overrides)"
        );
        let mut claimed = mine.clone();
        claimed.claims = Some("{\"secret\":1}".into());
        let h = publish_hint(&mine, &claimed, 1).unwrap();
        assert_eq!(
            h.message,
            "1 subscriber on \"orders\" with a token (you published without one)"
        );
        assert!(!h.message.contains("secret"));
    }

    #[test]
    fn two_differences_or_another_installation_give_no_hint() {
        let a = scoped("orders", &cx("i", "m", &[("issue", "1")]));
        let b = scoped("Orders", &cx("i", "m", &[("issue", "2")]));
        assert_eq!(difference(&a, &b), None);
        let c = scoped("orders", &cx("other", "m", &[("issue", "1")]));
        assert_eq!(difference(&a, &c), None);
        let mut d = ChannelKey::global("orders", "i", None).unwrap();
        d.claims = Some("{}".into());
        assert_eq!(difference(&a, &d), None);
    }
}
