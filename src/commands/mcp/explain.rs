//! The explain_undelivered tool: why a publish to a key reaches nobody. It asks the
//! hub which keys are live, then ranks the near misses with the hub's own hint rules
//! (`hub::hints`), so the answer is the one a publish that found nobody gets, without
//! publishing anything.

use std::sync::Arc;

use crate::Error;
use crate::channel::{ChannelKey, canonical_json};
use crate::client::{ChannelFilter, Client};
use crate::commands::mcp::outputs::{ExplainOutput, HintOut};
use crate::hub::hints;

pub async fn explain(client: &Client, key: ChannelKey) -> Result<ExplainOutput, Error> {
    // Claims are fetched only to compare keys; none leaves this function.
    let list = client
        .channels(&ChannelFilter {
            installation: Some(key.installation.clone()),
            show_claims: true,
            ..ChannelFilter::default()
        })
        .await?;
    let mut subscribers_now = 0;
    let mut near = Vec::new();
    for info in list.channels {
        let other = ChannelKey {
            installation: info.installation,
            name: info.name,
            scope: info.scope,
            claims: info
                .claims
                .and_then(|c| c.value)
                .map(|v| canonical_json(&v)),
        };
        let count = info.subscribers + info.held;
        if other == key {
            subscribers_now += count;
        } else if hints::difference(&key, &other).is_some() {
            near.push((count, Arc::new(other)));
        }
    }
    let hints: Vec<HintOut> = hints::ranked_publish_hints(&key, near)
        .into_iter()
        .map(HintOut::from)
        .collect();
    let verdict = verdict(&key, subscribers_now, &hints);
    Ok(ExplainOutput {
        channel_key: key.to_string(),
        subscribers_now,
        hints,
        verdict,
    })
}

fn verdict(key: &ChannelKey, subscribers: u64, hints: &[HintOut]) -> String {
    if subscribers > 0 {
        return format!(
            "{subscribers} subscription(s) are on exactly this key now, so an event published now reaches them; one that reached nobody earlier was published before they subscribed (the hub keeps nothing for a key nobody listens to)"
        );
    }
    if hints.is_empty() {
        return format!(
            "nobody is subscribed on this key, and no live key of installation {} has a name like \"{}\": the subscriber is not connected (yet), or uses another hub or installation",
            key.installation, key.name
        );
    }
    let mut text = String::from(
        "nobody is subscribed on this key; live keys differ from it in one component:",
    );
    for h in hints {
        text.push_str("\n- ");
        text.push_str(&h.message);
    }
    text
}
