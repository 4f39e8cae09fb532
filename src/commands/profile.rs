//! `frt profile`: add, list, use, show and remove named hubs and callers. Keys are
//! never stored or shown: a profile names a file or a variable that holds one.

use colored::Colorize;
use serde_json::{Value, json};

use crate::Error;
use crate::cli::{ProfileAction, ProfileAddArgs, ProfileArgs};
use crate::commands::{Invocation, usage};
use crate::exit::ExitStatus;
use crate::printer::{Render, paint, terminal_safe};
use crate::profile::{Profile, Profiles, config_dir};

pub fn run(args: &ProfileArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    let dir = config_dir().ok_or_else(|| {
        Error::Config("no configuration directory: set XDG_CONFIG_HOME or HOME".into())
    })?;
    let mut profiles = Profiles::load(&dir).map_err(usage)?;
    match &args.action {
        ProfileAction::Add(add) => {
            if profiles.profiles.contains_key(&add.name) && !add.force {
                return Err(usage(format!(
                    "a profile named {:?} exists; add --force to replace it",
                    add.name
                )));
            }
            let profile = new_profile(add)?;
            profiles.profiles.insert(add.name.clone(), profile);
            let first = profiles.current.is_none();
            if first {
                profiles.current = Some(add.name.clone());
            }
            profiles.save(&dir).map_err(Error::Other)?;
            inv.printer.status(&format!(
                "added profile {:?}{}",
                add.name,
                if first { " (now the current one)" } else { "" }
            ));
        }
        ProfileAction::List => {
            inv.printer.print(&Listing(&profiles));
        }
        ProfileAction::Use { name } => {
            if !profiles.profiles.contains_key(name) {
                return Err(usage(profiles.unknown(name)));
            }
            profiles.current = Some(name.clone());
            profiles.save(&dir).map_err(Error::Other)?;
            inv.printer
                .status(&format!("profile {name:?} is now the current one"));
        }
        ProfileAction::Show { name } => {
            let chosen = name.as_deref().or(inv.profile.as_deref());
            let Some((name, profile)) = profiles.select(chosen).map_err(usage)? else {
                return Err(usage(
                    "no current profile: name one, or choose one with 'frt profile use NAME'",
                ));
            };
            inv.printer.print(&Shown {
                name: &name,
                profile: &profile,
                current: profiles.current.as_deref() == Some(name.as_str()),
            });
        }
        ProfileAction::Remove { name } => {
            if profiles.profiles.remove(name).is_none() {
                return Err(usage(profiles.unknown(name)));
            }
            if profiles.current.as_deref() == Some(name.as_str()) {
                profiles.current = None;
            }
            profiles.save(&dir).map_err(Error::Other)?;
            inv.printer.status(&format!("removed profile {name:?}"));
        }
    }
    Ok(ExitStatus::Ok)
}

fn new_profile(add: &ProfileAddArgs) -> Result<Profile, Error> {
    if add.name.is_empty() || add.name.chars().any(|c| c.is_control() || c == '/') {
        return Err(usage(
            "a profile name is a non-empty word without '/' or control characters",
        ));
    }
    // An endpoint may list several hubs (failover), comma-separated.
    let urls = add
        .endpoint
        .iter()
        .flat_map(|e| e.split(','))
        .chain(add.forge_proxy.as_deref())
        .map(str::trim);
    for url in urls {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(usage(format!(
                "{url:?} must start with http:// or https://"
            )));
        }
    }
    if add.endpoint.is_some() && add.api_key_file.is_none() && add.api_key_env.is_none() {
        return Err(usage(
            "a profile with --endpoint needs the hub's key: give --api-key-file FILE or --api-key-env VAR",
        ));
    }
    let api_key_file = match &add.api_key_file {
        Some(path) => {
            let path =
                std::path::absolute(path).map_err(|e| usage(format!("{}: {e}", path.display())))?;
            // Refused now, not at the first publish: a missing or readable-by-others file.
            crate::state::read_private_file(&path).map_err(usage)?;
            Some(path)
        }
        None => None,
    };
    Ok(Profile {
        endpoint: add.endpoint.clone(),
        api_key_file,
        api_key_env: add.api_key_env.clone(),
        installation: add.installation.clone(),
        module: add.module.clone(),
        context: add.context.iter().cloned().collect(),
        forge_proxy: add.forge_proxy.clone(),
    })
}

/// Where a profile's key comes from, in words; never the key.
fn key_source(p: &Profile) -> String {
    match (&p.api_key_file, &p.api_key_env) {
        (Some(path), _) => format!("file {}", path.display()),
        (None, Some(var)) => format!(
            "${var} ({})",
            if std::env::var_os(var).is_some_and(|v| !v.is_empty()) {
                "set"
            } else {
                "not set"
            }
        ),
        (None, None) => "none (hub.json, or --api-key)".into(),
    }
}

fn profile_json(p: &Profile) -> Value {
    json!({
        "endpoint": p.endpoint,
        "apiKeyFile": p.api_key_file,
        "apiKeyEnv": p.api_key_env,
        "installation": p.installation,
        "module": p.module,
        "context": p.context,
        "forgeProxy": p.forge_proxy,
    })
}

struct Listing<'a>(&'a Profiles);

impl Render for Listing<'_> {
    fn json(&self) -> Value {
        let list: Vec<Value> = self
            .0
            .profiles
            .iter()
            .map(|(name, p)| {
                let mut v = profile_json(p);
                v["name"] = json!(name);
                v["current"] = json!(self.0.current.as_deref() == Some(name.as_str()));
                v
            })
            .collect();
        json!(list)
    }

    /// The names, one per line.
    fn raw(&self) -> Option<String> {
        Some(
            self.0
                .profiles
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }

    fn human(&self, color: bool) -> Option<String> {
        if self.0.profiles.is_empty() {
            return Some(
                "no profiles (frt profile add NAME --endpoint URL --api-key-file FILE)".into(),
            );
        }
        let lines: Vec<String> = self
            .0
            .profiles
            .iter()
            .map(|(name, p)| {
                let current = self.0.current.as_deref() == Some(name.as_str());
                let target = p
                    .forge_proxy
                    .as_deref()
                    .map(|u| format!("Forge egress proxy {u}"))
                    .or_else(|| p.endpoint.clone())
                    .unwrap_or_else(|| "hub from hub.json".into());
                format!(
                    "{} {:<16} {}",
                    if current { "*" } else { " " },
                    paint(color && current, &terminal_safe(name), |s| s.green().bold()),
                    terminal_safe(&target)
                )
            })
            .collect();
        Some(lines.join("\n"))
    }
}

struct Shown<'a> {
    name: &'a str,
    profile: &'a Profile,
    current: bool,
}

impl Render for Shown<'_> {
    fn json(&self) -> Value {
        let mut v = profile_json(self.profile);
        v["name"] = json!(self.name);
        v["current"] = json!(self.current);
        v
    }

    fn human(&self, color: bool) -> Option<String> {
        let p = self.profile;
        let label = |s: &str| paint(color, &format!("{s:<13}"), |t| t.bold());
        let or_default = |v: &Option<String>, d: &str| v.clone().unwrap_or_else(|| d.to_string());
        let context = if p.context.is_empty() {
            "(none)".to_string()
        } else {
            p.context
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let lines = [
            format!(
                "{}{}{}",
                label("profile"),
                terminal_safe(self.name),
                if self.current { " (current)" } else { "" }
            ),
            match &p.forge_proxy {
                Some(proxy) => format!("{}Forge egress proxy {proxy}", label("target")),
                None => format!(
                    "{}{}",
                    label("endpoint"),
                    or_default(&p.endpoint, "(from hub.json)")
                ),
            },
            format!("{}{}", label("api key"), key_source(p)),
            format!(
                "{}{}",
                label("installation"),
                or_default(&p.installation, "(default: local)")
            ),
            format!(
                "{}{}",
                label("module"),
                or_default(&p.module, "(default: frt-cli)")
            ),
            format!("{}{}", label("context"), context),
        ];
        Some(lines.map(|l| terminal_safe(&l).into_owned()).join("\n"))
    }
}
