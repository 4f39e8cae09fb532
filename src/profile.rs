//! Profiles: named hubs and callers, as `nats context` keeps servers. A profile
//! holds where a hub is, where its API key comes from (a file or a variable, never
//! the key itself), and the caller's default installation, module and context, or a
//! Forge egress proxy target. They live in `$XDG_CONFIG_HOME/frt/profiles.json`,
//! private to the user.
//!
//! Precedence, for each setting: the flag, then its environment variable, then the
//! profile, then `hub.json` (endpoint and key) or frt's default (the caller).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const PROFILES_FILE: &str = "profiles.json";

/// One named profile.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// A file holding the API key (mode 0600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_file: Option<PathBuf>,
    /// An environment variable holding the API key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, String>,
    /// A Forge container's egress proxy, instead of a hub.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forge_proxy: Option<String>,
}

impl Profile {
    /// The API key, read from where the profile says; `None` when it names no source.
    pub fn api_key(&self, name: &str) -> Result<Option<String>, String> {
        if let Some(path) = &self.api_key_file {
            let text = crate::state::read_private_file(path)
                .map_err(|e| format!("profile {name:?}: {e}"))?;
            return Ok(Some(text.trim().to_string()));
        }
        if let Some(var) = &self.api_key_env {
            return match std::env::var(var) {
                Ok(v) if !v.is_empty() => Ok(Some(v)),
                _ => Err(format!(
                    "profile {name:?} takes its API key from ${var}, which is not set"
                )),
            };
        }
        Ok(None)
    }
}

/// The profiles file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profiles {
    /// The profile commands use when none is named (`frt profile use`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// `$XDG_CONFIG_HOME/frt`, else `~/.config/frt`.
pub fn config_dir() -> Option<PathBuf> {
    dirs::config_dir()
        .or_else(|| dirs::home_dir().map(|h| h.join(".config")))
        .map(|d| d.join("frt"))
}

impl Profiles {
    /// Reads the file; none yet is an empty set. A file others can read is refused.
    pub fn load(dir: &Path) -> Result<Profiles, String> {
        let path = dir.join(PROFILES_FILE);
        if !path.exists() {
            return Ok(Profiles::default());
        }
        let text =
            crate::state::read_private_file_up_to(&path, crate::state::MAX_PROFILES_FILE_BYTES)?;
        serde_json::from_str(&text).map_err(|e| {
            format!(
                "{} is damaged ({e}); fix it, or remove it and add the profiles again",
                path.display()
            )
        })
    }

    /// Writes the file privately (0600 in a 0700 directory), atomically.
    pub fn save(&self, dir: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        crate::state::ensure_dir(dir)
            .and_then(|_| crate::state::write_private(&dir.join(PROFILES_FILE), &text))
            .map_err(|e| format!("{e:#}"))
    }

    /// The profile to use: the one named (flag or `FRT_PROFILE`), else the current one.
    pub fn select(&self, named: Option<&str>) -> Result<Option<(String, Profile)>, String> {
        let Some(name) = named.or(self.current.as_deref()) else {
            return Ok(None);
        };
        match self.profiles.get(name) {
            Some(p) => Ok(Some((name.to_string(), p.clone()))),
            None => Err(self.unknown(name)),
        }
    }

    pub fn unknown(&self, name: &str) -> String {
        if self.profiles.is_empty() {
            format!(
                "no profile named {name:?}: there are none yet; add one with 'frt profile add {name} --endpoint URL --api-key-file FILE'"
            )
        } else {
            let names: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
            format!(
                "no profile named {name:?}; the profiles are {} ('frt profile list')",
                names.join(", ")
            )
        }
    }
}

impl Profile {
    /// Fills in what the command line left unset (flag and variable both absent) from
    /// this profile: the hub, its key, and the caller. `key_needed` is false for
    /// commands that may not call a hub, so a key source that is not there yet only
    /// matters when it is used.
    pub fn fill(
        &self,
        name: &str,
        conn: Option<&mut crate::cli::ConnectionArgs>,
        context: Option<&mut crate::cli::ContextArgs>,
        key_needed: bool,
    ) -> Result<(), String> {
        if let Some(conn) = conn {
            if conn.endpoint.is_none() && conn.forge_proxy.is_none() {
                conn.forge_proxy = self.forge_proxy.clone();
            }
            if conn.endpoint.is_none() {
                conn.endpoint = self.endpoint.clone();
            }
            if conn.api_key.is_none() && key_needed {
                conn.api_key = self.api_key(name)?;
            }
        }
        if let Some(context) = context {
            if context.installation.is_none() {
                context.installation = self.installation.clone();
            }
            if context.module.is_none() {
                context.module = self.module.clone();
            }
            if context.context.is_empty() {
                context.context = self
                    .context
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
            }
        }
        Ok(())
    }
}
