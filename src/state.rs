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

/// The largest key file frt reads (a signing key, an API key, `hub.json`): each is a
/// few hundred bytes at most, so anything larger is the wrong file.
pub const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// The largest profiles file frt reads: thousands of profiles.
pub const MAX_PROFILES_FILE_BYTES: u64 = 1024 * 1024;

/// Why a small private file could not be read.
#[derive(Debug)]
enum Unreadable {
    Io(std::io::Error),
    /// A symbolic link where the file belongs (ELOOP under `O_NOFOLLOW`).
    Link,
    /// A FIFO, a device, a directory or a socket: the kind, in words.
    NotRegular(&'static str),
    /// Larger than the limit: its size (or, if it grew while read, what was read).
    TooLarge {
        len: u64,
        max: u64,
    },
}

impl Unreadable {
    fn not_found(&self) -> bool {
        matches!(self, Unreadable::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }

    /// One line naming the file, what is wrong and the fix; `link_fix` says what to
    /// do about a link.
    fn describe(&self, path: &Path, link_fix: &str) -> String {
        let p = path.display();
        match self {
            Unreadable::Io(e) => format!("cannot read {p}: {e}"),
            Unreadable::Link => format!("{p} is a symbolic link; {link_fix}"),
            Unreadable::NotRegular(kind) => {
                format!("{p} is {kind}, not a regular file; give the path of the file itself")
            }
            Unreadable::TooLarge { len, max } => format!(
                "{p} is {len} bytes; a file frt reads here is at most {max} bytes, so this is not the right file"
            ),
        }
    }
}

impl From<std::io::Error> for Unreadable {
    fn from(e: std::io::Error) -> Unreadable {
        Unreadable::Io(e)
    }
}

/// Opens a small file for reading, refusing what is not one before reading a byte:
/// a symbolic link in its place (never followed), and anything that is not a regular
/// file. The open never blocks (`O_NONBLOCK`), so a FIFO planted or given where a key
/// belongs is refused at once instead of waiting for a writer forever.
#[cfg(unix)]
fn open_regular(path: &Path) -> Result<(fs::File, fs::Metadata), Unreadable> {
    use rustix::fs::{Mode, OFlags};
    use std::os::unix::fs::FileTypeExt;
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY;
    let fd = rustix::fs::open(path, flags | OFlags::CLOEXEC, Mode::empty()).map_err(|e| {
        if e == rustix::io::Errno::LOOP {
            Unreadable::Link
        } else {
            Unreadable::Io(e.into())
        }
    })?;
    let file = fs::File::from(fd);
    let meta = file.metadata()?;
    let kind = meta.file_type();
    let what = if kind.is_file() {
        return Ok((file, meta));
    } else if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a file"
    };
    Err(Unreadable::NotRegular(what))
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> Result<(fs::File, fs::Metadata), Unreadable> {
    let meta = fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Err(Unreadable::Link);
    }
    if !meta.is_file() {
        return Err(Unreadable::NotRegular("not a regular file"));
    }
    let file = fs::File::open(path)?;
    let meta = file.metadata()?;
    Ok((file, meta))
}

/// Reads an opened file of at most `max` bytes: refused by its size first, and never
/// more than `max + 1` bytes read (a file that grows meanwhile is refused too).
fn read_bounded(mut file: fs::File, meta: &fs::Metadata, max: u64) -> Result<String, Unreadable> {
    use std::io::Read;
    if meta.len() > max {
        return Err(Unreadable::TooLarge {
            len: meta.len(),
            max,
        });
    }
    let mut bytes = Vec::new();
    (&mut file).take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(Unreadable::TooLarge {
            len: bytes.len() as u64,
            max,
        });
    }
    String::from_utf8(bytes).map_err(|_| {
        Unreadable::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it is not UTF-8 text",
        ))
    })
}

/// Reads one of the hub's own files (a key, `hub.json`) without following a link: a
/// link planted where a key or `hub.json` belongs is refused, not read through.
fn read_no_follow(path: &Path) -> Result<String, Unreadable> {
    let (file, meta) = open_regular(path)?;
    // A key file that others can read is made private again (on the open file, so
    // no link is followed).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            file.set_permissions(fs::Permissions::from_mode(0o600))?;
        }
    }
    read_bounded(file, &meta, MAX_KEY_FILE_BYTES)
}

/// Reads a secret file the user named (a signing key, an API key), refusing one that
/// others can read, that is a symbolic link, that is not a regular file (a FIFO would
/// block), or that is over [`MAX_KEY_FILE_BYTES`], with the fix: unlike the hub's own
/// state, frt does not change the user's file behind their back.
pub fn read_private_file(path: &Path) -> Result<String, String> {
    read_private_file_up_to(path, MAX_KEY_FILE_BYTES)
}

/// [`read_private_file`] with another size limit (the profiles file).
pub fn read_private_file_up_to(path: &Path, max: u64) -> Result<String, String> {
    let fail = |e: Unreadable| e.describe(path, "give the file itself");
    let (file, meta) = open_regular(path).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(format!(
                "{} is readable by others (mode {:o}); make it private with: chmod 600 {}",
                path.display(),
                mode & 0o777,
                path.display()
            ));
        }
    }
    read_bounded(file, &meta, max).map_err(fail)
}

/// A signing key file (the hub's `signing-key.json`, or a copy of it).
pub fn read_signing_key(path: &Path) -> Result<SigningKey, String> {
    let text = read_private_file(path)?;
    SigningKey::from_json(&text)
        .map_err(|e| format!("{} is not a frt signing key: {e}", path.display()))
}

/// Says what is wrong with a file frt refused to read, and how to fix it.
fn unreadable(path: &Path, e: Unreadable) -> anyhow::Error {
    anyhow::anyhow!(e.describe(path, "frt never follows links for its key files: remove it"))
}

/// Reads `hub.json`; `Ok(None)` when there is none.
///
/// The directory is checked first: a `hub.json` in a directory others can write to
/// could have been planted there, to send this client's events (and tokens) to
/// another hub.
pub fn read_hub_json(dir: &Path) -> Result<Option<HubJson>> {
    match fs::metadata(dir) {
        Ok(meta) => check_private_dir(dir, &meta)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => anyhow::bail!("cannot read directory {}: {e}", dir.display()),
    }
    let path = dir.join(HUB_JSON);
    match read_no_follow(&path) {
        Ok(text) => serde_json::from_str(&text).map(Some).with_context(|| {
            format!(
                "{} is not a frt hub.json; delete it and restart 'frt serve'",
                path.display()
            )
        }),
        Err(e) if e.not_found() => Ok(None),
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
/// link it would write a key or a profile through. Such a directory is refused with
/// the fix, never made private behind the user's back (as ssh refuses a key others
/// can write to): what was planted there before would still be trusted.
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
    let meta =
        fs::metadata(dir).with_context(|| format!("cannot read directory {}", dir.display()))?;
    check_private_dir(dir, &meta)
}

/// Refuses a directory another user owns, or that its group or others can write to.
#[cfg(unix)]
fn check_private_dir(dir: &Path, meta: &fs::Metadata) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        anyhow::bail!(
            "directory {} belongs to user id {}, not to you ({me}); use a directory of your own (--state-dir, or XDG_CONFIG_HOME for profiles)",
            dir.display(),
            meta.uid()
        );
    }
    let mode = meta.mode() & 0o7777;
    if mode & 0o022 != 0 {
        anyhow::bail!(
            "directory {d} is writable by {who} (mode {mode:o}), so a key or a link planted there would be trusted; check what is in it, then make it private with 'chmod 700 {d}', or use another directory (--state-dir, or XDG_CONFIG_HOME for profiles)",
            d = dir.display(),
            who = if mode & 0o002 != 0 {
                "others"
            } else {
                "its group"
            },
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private_dir(_dir: &Path, _meta: &fs::Metadata) -> Result<()> {
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
        Err(e) if e.not_found() => {
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
        Err(e) if e.not_found() => {
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
