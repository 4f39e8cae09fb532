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
/// The hub's API key, kept across restarts. `hub.json` repeats it for clients while
/// the hub runs, and goes away when the hub stops.
pub const API_KEY_FILE: &str = "api-key";

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

/// Opens a file for reading, refusing a symbolic link in its place (ELOOP).
fn open_no_follow(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Reads a file without following a symbolic link: a link planted where a key or
/// `hub.json` belongs is refused, not read through.
fn read_no_follow(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = open_no_follow(path)?;
    // A key file that others can read is made private again (on the open file, so
    // no link is followed).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if file.metadata()?.permissions().mode() & 0o077 != 0 {
            file.set_permissions(fs::Permissions::from_mode(0o600))?;
        }
    }
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    Ok(text)
}

/// Reads a secret file the user named (a signing key, a profile), refusing one that
/// others can read or that is a symbolic link, with the fix: unlike the hub's own
/// state, frt does not change the user's file behind their back.
pub fn read_private_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let file = open_no_follow(path).map_err(|e| {
        if e.raw_os_error() == Some(libc::ELOOP) {
            format!(
                "{} is a symbolic link; give the file itself",
                path.display()
            )
        } else {
            format!("cannot read {}: {e}", path.display())
        }
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file
            .metadata()
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(format!(
                "{} is readable by others (mode {:o}); make it private with: chmod 600 {}",
                path.display(),
                mode & 0o777,
                path.display()
            ));
        }
    }
    let mut text = String::new();
    file.take(1 << 20)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text)
}

/// A signing key file (the hub's `signing-key.json`, or a copy of it).
pub fn read_signing_key(path: &Path) -> Result<SigningKey, String> {
    let text = read_private_file(path)?;
    SigningKey::from_json(&text)
        .map_err(|e| format!("{} is not a frt signing key: {e}", path.display()))
}

/// Says what is wrong with a file frt refused to read, and how to fix it.
fn unreadable(path: &Path, e: std::io::Error) -> anyhow::Error {
    if e.raw_os_error() == Some(libc::ELOOP) {
        anyhow::anyhow!(
            "{} is a symbolic link; frt never follows links for its key files: remove it",
            path.display()
        )
    } else {
        anyhow::anyhow!("cannot read {}: {e}", path.display())
    }
}

/// Reads `hub.json`; `Ok(None)` when there is none.
pub fn read_hub_json(dir: &Path) -> Result<Option<HubJson>> {
    let path = dir.join(HUB_JSON);
    match read_no_follow(&path) {
        Ok(text) => serde_json::from_str(&text).map(Some).with_context(|| {
            format!(
                "{} is not a frt hub.json; delete it and restart 'frt serve'",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(unreadable(&path, e)),
    }
}

/// Writes a file readable by its owner only (0600), atomically: a temporary file
/// created exclusively in the same directory (never through a link), then renamed
/// over the target (which replaces a link rather than writing through it).
pub fn write_private(path: &Path, contents: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".frt-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write a temporary file in {}", dir.display()))?;
    tmp.write_all(contents.as_bytes())?;
    tmp.as_file().sync_all().ok();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot set mode 0600 on {}", tmp.path().display()))?;
    }
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Creates a private directory (mode 0700) for the hub's state or the user's
/// profiles if needed, and refuses one that another user owns or that others can
/// write to: whoever can write there can plant an API key the hub would adopt, or a
/// link it would write a key or a profile through.
pub fn ensure_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        // A directory made here is private from the start (the umask would leave
        // it 0755): it holds the hub's keys, or a user's profiles.
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .with_context(|| format!("cannot create directory {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let meta = fs::metadata(dir)
            .with_context(|| format!("cannot read directory {}", dir.display()))?;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            anyhow::bail!(
                "directory {} belongs to user id {}, not to you ({me}); use a directory of your own (--state-dir, or XDG_CONFIG_HOME for profiles)",
                dir.display(),
                meta.uid()
            );
        }
        if meta.mode() & 0o022 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).with_context(|| {
                format!(
                    "directory {} is writable by others and cannot be made private; run 'chmod 700 {}'",
                    dir.display(),
                    dir.display()
                )
            })?;
        }
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
    let signing = match read_no_follow(&key_path) {
        Ok(text) => {
            SigningKey::from_json(&text).with_context(|| {
                format!("{} is damaged; delete it to make a new key (tokens signed with the old one will stop verifying)", key_path.display())
            })?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = SigningKey::generate()?;
            write_private(&key_path, &key.to_json())?;
            key
        }
        Err(e) => return Err(unreadable(&key_path, e)),
    };
    let key_file = dir.join(API_KEY_FILE);
    let api_key = match read_no_follow(&key_file) {
        Ok(text) if text.trim().len() >= 16 => text.trim().to_string(),
        Ok(_) => anyhow::bail!(
            "{} is damaged; delete it to make a new API key",
            key_file.display()
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A state directory from before the key had its own file keeps its key.
            let key = match read_hub_json(dir)? {
                Some(hub) if hub.api_key.len() >= 16 => hub.api_key,
                _ => new_api_key()?,
            };
            write_private(&key_file, &key)?;
            key
        }
        Err(e) => return Err(unreadable(&key_file, e)),
    };
    Ok(HubSecrets { api_key, signing })
}

/// Writes `secrets` as the state directory's keys (a hub that adopted a cluster's):
/// `sign-token --key-file` on this directory then signs what every member accepts.
pub fn store_secrets(dir: &Path, secrets: &HubSecrets) -> Result<()> {
    write_private(&dir.join(SIGNING_KEY_FILE), &secrets.signing.to_json())?;
    write_private(&dir.join(API_KEY_FILE), &secrets.api_key)
}

pub fn new_api_key() -> Result<String> {
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

/// Withdraws `hub.json` when it still announces `endpoint` (a hub that stops takes its
/// announcement with it, so clients are told no hub runs rather than sent to a dead
/// address).
pub fn withdraw_hub_json(dir: &Path, endpoint: &str) -> Result<()> {
    if let Some(hub) = read_hub_json(dir)?
        && hub.endpoint == endpoint
    {
        fs::remove_file(dir.join(HUB_JSON))
            .with_context(|| format!("cannot remove {}", dir.join(HUB_JSON).display()))?;
    }
    Ok(())
}
