//! The remaining subcommands: browser sessions, the inspector, profiles, completions
//! and man pages.

use crate::cli::*;

#[derive(Debug, Args)]
pub struct BrowserSessionArgs {
    /// Only the global plane (subscribeGlobal, publishGlobal)
    #[arg(long)]
    pub global_only: bool,

    /// Let the page publish too (realtime.publish); by default it only subscribes
    #[arg(long)]
    pub allow_publish: bool,

    /// Lifetime, e.g. 30m, 8h (at most 24h)
    #[arg(long, default_value = "1h", value_parser = parse_positive_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub ttl: Duration,

    /// Print the bridge-shim script URL carrying the session, ready for a <script> tag
    #[arg(long)]
    pub url: bool,

    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct UiArgs {
    /// Print the URL only; do not start a browser
    #[arg(long)]
    pub no_open: bool,

    /// How long the inspector's admin session lasts, e.g. 8h (at most 24h)
    #[arg(long, default_value = "8h", value_parser = parse_positive_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub ttl: Duration,

    #[command(flatten)]
    pub conn: ConnectionArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub action: ProfileAction,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Subcommand)]
pub enum ProfileAction {
    /// Add a profile, or replace one with --force
    Add(ProfileAddArgs),
    /// List the profiles; the current one is marked
    List,
    /// Make a profile the current one, used when no --profile is given
    Use {
        /// The profile's name
        name: String,
    },
    /// Show a profile (the current one by default); never prints a key
    Show {
        /// The profile's name
        name: Option<String>,
    },
    /// Remove a profile
    Remove {
        /// The profile's name
        name: String,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("key_source").args(["api_key_file", "api_key_env"])))]
pub struct ProfileAddArgs {
    /// The profile's name
    pub name: String,

    /// The hub's base URL
    #[arg(short, long, value_name = "URL")]
    pub endpoint: Option<String>,

    /// A file holding the hub's API key (mode 0600); the key itself is never stored
    #[arg(long, value_name = "PATH")]
    pub api_key_file: Option<PathBuf>,

    /// An environment variable holding the hub's API key
    #[arg(long, value_name = "VAR")]
    pub api_key_env: Option<String>,

    /// Default installation for calls through this profile
    #[arg(long, value_name = "ID")]
    pub installation: Option<String>,

    /// Default module key
    #[arg(long, value_name = "KEY")]
    pub module: Option<String>,

    /// Default context property, KEY=VALUE (repeatable)
    #[arg(long = "context", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub context: Vec<(String, String)>,

    /// Publish and sign through this Forge egress proxy instead of a hub
    #[arg(long, value_name = "URL", conflicts_with_all = ["endpoint", "key_source"])]
    pub forge_proxy: Option<String>,

    /// Replace a profile of the same name
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Directory to write frt.1 and one page per subcommand into
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
}
