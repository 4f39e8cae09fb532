//! Joining a cluster and staying on its shared state: Redis's version, the shared API
//! key and signing key (written by the first hub, adopted by the rest, rotated on
//! request), the epoch that tags event ids, and the limits every hub must share.

use anyhow::{Context, Result};

use super::formats::keys;
use super::link::Link;
use crate::hub::config::HubConfig;
use crate::hub::credentials::Credentials;
use crate::state::HubSecrets;
use crate::token::SigningKey;

/// The shortest API key adopted from Redis (frt makes 36-character ones).
const MIN_API_KEY: usize = 16;

/// The shared secrets as stored in Redis.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredSecrets {
    api_key: String,
    signing_key: String,
}

/// The scripts need Redis 7 (a stream's largest deleted id, `XSETID MAXDELETEDID`,
/// `PEXPIRE … GT`, sharded pub/sub): an older server is refused at the start, not
/// mid-publish. Under Redis Cluster every node answers, and every node is checked.
pub async fn check_version(link: &Link) -> Result<()> {
    let mut conn = link.conn();
    let info: redis::Value = redis::cmd("INFO")
        .arg("server")
        .query_async(&mut conn)
        .await?;
    let mut texts = Vec::new();
    collect_texts(&info, &mut texts);
    let versions: Vec<String> = texts
        .iter()
        .flat_map(|t| t.lines())
        .filter_map(|l| l.strip_prefix("redis_version:"))
        .map(|v| v.trim().to_string())
        .collect();
    if versions.is_empty() {
        anyhow::bail!(
            "Redis at {} did not say its version (INFO server)",
            link.redacted_url
        );
    }
    for version in versions {
        let major: u32 = version
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(0);
        if major < 7 {
            anyhow::bail!(
                "Redis at {} is version {version}; a frt cluster needs Redis 7.0 or later (Debian 12 and later package it)",
                link.redacted_url
            );
        }
    }
    check_eviction(link).await
}

/// Every text in an answer, however nested (a Redis Cluster answers per node).
fn collect_texts(value: &redis::Value, into: &mut Vec<String>) {
    match value {
        redis::Value::BulkString(b) => into.push(String::from_utf8_lossy(b).into_owned()),
        redis::Value::SimpleString(s) => into.push(s.clone()),
        redis::Value::VerbatimString { text, .. } => into.push(text.clone()),
        redis::Value::Array(items) | redis::Value::Set(items) => {
            items.iter().for_each(|i| collect_texts(i, into))
        }
        redis::Value::Map(pairs) => pairs.iter().for_each(|(k, v)| {
            collect_texts(k, into);
            collect_texts(v, into);
        }),
        _ => {}
    }
}

/// A Redis that evicts keys under memory pressure would drop presence (publishes then
/// answer a false null), secrets or the epoch: with a memory limit, only `noeviction`
/// is safe (frt's presence and streams carry expiries, so `volatile-*` reaches them
/// too). A server that does not let `CONFIG GET` be asked is let through with a
/// warning.
async fn check_eviction(link: &Link) -> Result<()> {
    let mut conn = link.conn();
    let asked: redis::RedisResult<redis::Value> = redis::cmd("CONFIG")
        .arg("GET")
        .arg("maxmemory*")
        .query_async(&mut conn)
        .await;
    let Ok(answer) = asked else {
        tracing::warn!(
            "cannot read Redis's maxmemory-policy at {} (CONFIG GET is not allowed); a frt cluster needs noeviction, or no memory limit",
            link.redacted_url
        );
        return Ok(());
    };
    // Name, value, name, value…, once per node under Redis Cluster.
    let mut texts = Vec::new();
    collect_texts(&answer, &mut texts);
    let (mut limited, mut policies) = (false, Vec::new());
    for pair in texts.windows(2) {
        match pair[0].as_str() {
            "maxmemory" => limited |= pair[1].parse::<u64>().unwrap_or(0) > 0,
            "maxmemory-policy" => policies.push(pair[1].clone()),
            _ => {}
        }
    }
    if let Some(policy) = policies.iter().find(|p| *p != "noeviction")
        && limited
    {
        anyhow::bail!(
            "Redis at {} evicts keys when full (maxmemory-policy {policy}): it would drop the cluster's presence, epoch and keys, and publishes would answer a false null; run 'redis-cli CONFIG SET maxmemory-policy noeviction' (and set it in redis.conf), or give this cluster a Redis without a memory limit",
            link.redacted_url
        );
    }
    Ok(())
}

/// Adopts the cluster's secrets (writing this hub's own when Redis has none), or
/// writes fresh ones for every hub to adopt (`rotate`).
pub async fn adopt_secrets(link: &Link, credentials: &Credentials, rotate: bool) -> Result<()> {
    if rotate {
        let fresh = HubSecrets {
            api_key: crate::state::new_api_key()?,
            signing: SigningKey::generate()?,
        };
        write_secrets(link, &fresh, true).await?;
        credentials.replace(fresh);
        return Ok(());
    }
    write_secrets(link, &credentials.current(), false).await?;
    let shared = read_secrets(link)
        .await?
        .context("the cluster's secrets vanished from Redis while joining; start the hub again")?;
    if differ(&shared, &credentials.current()) {
        credentials.replace(shared);
    }
    Ok(())
}

/// Keeps this hub on the cluster's secrets: adopts rotated ones, and writes its own
/// back when Redis has none (it lost its data).
pub async fn share_secrets(link: &Link, credentials: &Credentials) -> Result<()> {
    let current = credentials.current();
    match read_secrets(link).await? {
        Some(shared) if differ(&shared, &current) => {
            tracing::info!("adopting the cluster's rotated API key and signing key");
            credentials.replace(shared);
        }
        Some(_) => {}
        None => write_secrets(link, &current, false).await?,
    }
    Ok(())
}

fn differ(a: &HubSecrets, b: &HubSecrets) -> bool {
    a.api_key != b.api_key || a.signing.to_json() != b.signing.to_json()
}

async fn read_secrets(link: &Link) -> Result<Option<HubSecrets>> {
    let mut conn = link.conn();
    let text: Option<String> = redis::cmd("GET")
        .arg(keys::SECRETS)
        .query_async(&mut conn)
        .await?;
    let Some(text) = text else {
        return Ok(None);
    };
    let damaged = || {
        format!(
            "{} in Redis is not frt's; delete it (redis-cli DEL {}) to have the hubs write theirs",
            keys::SECRETS,
            keys::SECRETS
        )
    };
    let stored: StoredSecrets = serde_json::from_str(&text).with_context(damaged)?;
    if stored.api_key.trim().len() < MIN_API_KEY {
        anyhow::bail!(
            "{} in Redis holds an API key shorter than {MIN_API_KEY} characters, which would let anyone in; delete it (redis-cli DEL {}) to have the hubs write theirs",
            keys::SECRETS,
            keys::SECRETS
        );
    }
    let signing = SigningKey::from_json(&stored.signing_key).with_context(damaged)?;
    Ok(Some(HubSecrets {
        api_key: stored.api_key,
        signing,
    }))
}

/// Writes `secrets` as the cluster's: only when Redis has none, or always for a
/// rotation.
async fn write_secrets(link: &Link, secrets: &HubSecrets, overwrite: bool) -> Result<()> {
    let stored = StoredSecrets {
        api_key: secrets.api_key.clone(),
        signing_key: secrets.signing.to_json(),
    };
    let mut cmd = redis::cmd("SET");
    cmd.arg(keys::SECRETS).arg(serde_json::to_string(&stored)?);
    if !overwrite {
        cmd.arg("NX");
    }
    let mut conn = link.conn();
    let _: Option<String> = cmd.query_async(&mut conn).await?;
    Ok(())
}

/// The cluster's epoch: the one in Redis, or a new one when Redis has none (the
/// first hub, or Redis lost its state).
pub async fn epoch(link: &Link) -> Result<u32> {
    let mut fresh = [0u8; 4];
    getrandom::fill(&mut fresh).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
    let fresh = u32::from_le_bytes(fresh);
    let mut conn = link.conn();
    let _: Option<String> = redis::cmd("SET")
        .arg(keys::EPOCH)
        .arg(fresh)
        .arg("NX")
        .query_async(&mut conn)
        .await?;
    read_epoch(link)
        .await?
        .context("the cluster's epoch vanished from Redis while it was written; retrying")
}

/// The epoch Redis holds now (`None`: it lost its state), refusing one that is not a
/// 32-bit number.
pub async fn read_epoch(link: &Link) -> Result<Option<u32>> {
    let mut conn = link.conn();
    let text: Option<String> = redis::cmd("GET")
        .arg(keys::EPOCH)
        .query_async(&mut conn)
        .await?;
    text.map(|t| {
        t.parse::<u32>().map_err(|_| {
            anyhow::anyhow!(
                "{} in Redis holds {:?}, not a 32-bit number; delete it (redis-cli DEL {}) and the hubs write a fresh one",
                keys::EPOCH,
                t.chars().take(40).collect::<String>(),
                keys::EPOCH
            )
        })
    })
    .transpose()
}

/// Marks the cluster as registering again after a lost state, for `seconds`: a
/// publish that finds nobody meanwhile is refused, not called null.
pub async fn mark_reset(link: &Link, window: std::time::Duration) -> Result<()> {
    let mut conn = link.conn();
    let _: () = redis::cmd("SET")
        .arg(keys::RESET)
        .arg(1)
        .arg("PX")
        .arg(window.as_millis() as u64)
        .query_async(&mut conn)
        .await?;
    Ok(())
}

/// Hubs of one cluster share one rate budget, one stream per key and one replay
/// window, so they must be told the same limits. The first hub records its own;
/// a hub told otherwise says so at the start, naming the flag to fix.
pub async fn compare_settings(link: &Link, config: &HubConfig) {
    let mine = serde_json::json!({
        "rateLimit": config.rate_limit,
        "replayWindowMs": config.replay_window.as_millis() as u64,
        "replayMaxEvents": config.replay_max_events,
        "maxPayload": config.max_payload,
    });
    let mut conn = link.conn();
    let recorded: redis::RedisResult<Option<String>> = async {
        let _: Option<String> = redis::cmd("SET")
            .arg(keys::SETTINGS)
            .arg(mine.to_string())
            .arg("NX")
            .query_async(&mut conn)
            .await?;
        redis::cmd("GET")
            .arg(keys::SETTINGS)
            .query_async(&mut conn)
            .await
    }
    .await;
    let Ok(Some(text)) = recorded else { return };
    let Ok(theirs) = serde_json::from_str::<serde_json::Value>(&text) else {
        return;
    };
    for (field, flag) in [
        ("rateLimit", "--rate-limit"),
        ("replayWindowMs", "--replay-window"),
        ("replayMaxEvents", "--replay-max-events"),
        ("maxPayload", "--max-payload"),
    ] {
        if theirs.get(field) != mine.get(field) {
            let shown = |v: Option<&serde_json::Value>| match v {
                Some(serde_json::Value::Null) => "off".to_string(),
                Some(v) => v.to_string(),
                None => "unset".to_string(),
            };
            tracing::warn!(
                "this hub's {flag} ({}) differs from the cluster's ({}, from the first hub to join): the hubs would disagree on limits; start every hub with the same value (or delete {} in Redis when all of them change)",
                shown(mine.get(field)),
                shown(theirs.get(field)),
                keys::SETTINGS
            );
        }
    }
}
