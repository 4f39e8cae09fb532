//! The state directory: where a hub keeps its keys and announces itself in `hub.json`,
//! and where a client looks when it was given no endpoint (docs/semantics.md, "Discovery and secrets").

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::token::SigningKey;

pub const HUB_JSON: &str = "hub.json";
pub const SIGNING_KEY_FILE: &str = "signing-key.json";

/// The user's default state directory: `$XDG_STATE_HOME/frt`, else `~/.local/state/frt`.
pub fn default_state_dir() -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(|| dirs::home_dir().map(|h| h.join(".local").join("state")))
        .map(|d| d.join("frt"))
}

/// Where a running hub can be reached, as written to `hub.json`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HubJson {
    pub endpoint: String,
    pub api_key: String,
}

impl std::fmt::Debug for HubJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubJson")
            .field("endpoint", &self.endpoint)
            .field("api_key", &"<redacted>")
            .finish()
    }
}

/// Reads `hub.json`; `Ok(None)` when there is none.
pub fn read_hub_json(dir: &Path) -> Result<Option<HubJson>> {
    let path = dir.join(HUB_JSON);
    match fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).map(Some).with_context(|| {
            format!(
                "{} is not a frt hub.json; delete it and restart 'frt serve'",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Writes a file readable by its owner only (0600), atomically (temp file + rename).
pub fn write_private(path: &Path, contents: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id()
    ));
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&tmp)
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    file.write_all(contents.as_bytes())?;
    file.sync_all().ok();
    drop(file);
    set_private(&tmp)?;
    fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn set_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot set mode 0600 on {}", path.display()))?;
    }
    Ok(())
}

/// Creates the state directory (mode 0700) if needed.
pub fn ensure_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)
        .with_context(|| format!("cannot create state directory {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

/// The hub's long-lived secrets.
pub struct HubSecrets {
    pub api_key: String,
    pub signing: SigningKey,
}

/// Loads the hub's API key and signing key from the state directory, making them on
/// first start. A restarted hub keeps both, so tokens it signed still verify.
pub fn load_or_create_secrets(dir: &Path) -> Result<HubSecrets> {
    ensure_dir(dir)?;
    let key_path = dir.join(SIGNING_KEY_FILE);
    let signing = match fs::read_to_string(&key_path) {
        Ok(text) => {
            set_private(&key_path)?;
            SigningKey::from_json(&text).with_context(|| {
                format!("{} is damaged; delete it to make a new key (tokens signed with the old one will stop verifying)", key_path.display())
            })?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = SigningKey::generate()?;
            write_private(&key_path, &key.to_json())?;
            key
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", key_path.display())),
    };
    let api_key = match read_hub_json(dir)? {
        Some(hub) if hub.api_key.len() >= 16 => hub.api_key,
        _ => new_api_key()?,
    };
    Ok(HubSecrets { api_key, signing })
}

fn new_api_key() -> Result<String> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
    use base64::Engine;
    Ok(format!(
        "frt_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    ))
}

/// Announces a running hub in `hub.json` (mode 0600).
pub fn write_hub_json(dir: &Path, hub: &HubJson) -> Result<()> {
    let text = serde_json::to_string_pretty(hub)?;
    write_private(&dir.join(HUB_JSON), &text)
}
