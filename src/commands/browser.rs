//! `frt browser-session` and `frt ui`: sessions for pages, so a browser never holds
//! the API key. A session is pinned to one caller; `frt ui`'s is an admin session for
//! the hub's own inspector.

use serde_json::{Value, json};

use crate::Error;
use crate::cli::{BrowserSessionArgs, UiArgs};
use crate::client::Client;
use crate::commands::{Invocation, connect_options, module_context, refuse_forge_proxy};
use crate::exit::ExitStatus;
use crate::printer::Render;
use crate::protocol::{SessionRequest, SessionResponse};
use crate::timefmt::format_epoch;

pub async fn session(args: &BrowserSessionArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    refuse_forge_proxy("browser-session", &args.conn)?;
    let context = module_context(&args.context)?;
    let client = Client::from_options(&connect_options(&args.conn, inv))?;
    let resp = client
        .mint_session(&SessionRequest {
            admin: false,
            context: Some(serde_json::to_value(&context).unwrap_or_default()),
            global_only: args.global_only,
            allow_publish: args.allow_publish,
            ttl_seconds: Some(args.ttl.as_secs().max(1)),
        })
        .await?;
    let url = args.url.then(|| {
        format!(
            "{}/bridge-shim.js?session={}",
            client.endpoint(),
            resp.session
        )
    });
    inv.printer.status(&format!(
        "session for installation {} · module {} expires {}{}{}",
        context.installation_id,
        context.module_key,
        format_epoch(resp.expires_at as f64),
        if args.global_only {
            " · global channels only"
        } else {
            ""
        },
        if args.allow_publish {
            " · may publish"
        } else {
            " · subscribe only"
        },
    ));
    inv.printer.print(&Minted { resp: &resp, url });
    Ok(ExitStatus::Ok)
}

pub async fn ui(args: &UiArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    refuse_forge_proxy("ui", &args.conn)?;
    let client = Client::from_options(&connect_options(&args.conn, inv))?;
    let resp = client
        .mint_session(&SessionRequest {
            admin: true,
            ttl_seconds: Some(args.ttl.as_secs().max(1)),
            ..Default::default()
        })
        .await?;
    // The session travels in the fragment, which browsers never send to a server.
    let url = format!("{}/ui#session={}", client.endpoint(), resp.session);
    inv.printer.print(&Minted {
        resp: &resp,
        url: Some(url.clone()),
    });
    if !args.no_open {
        match open_browser(&url) {
            Some(opener) => inv.printer.status(&format!("opened with {opener}")),
            None => inv
                .printer
                .status("no browser found here: open the URL above in one"),
        }
    }
    Ok(ExitStatus::Ok)
}

/// Starts the desktop's browser when there is a desktop; `None` when there is not.
fn open_browser(url: &str) -> Option<&'static str> {
    let desktop = std::env::var_os("DISPLAY").is_some_and(|v| !v.is_empty())
        || std::env::var_os("WAYLAND_DISPLAY").is_some_and(|v| !v.is_empty())
        || cfg!(target_os = "macos");
    if !desktop {
        return None;
    }
    for opener in ["xdg-open", "open"] {
        let started = std::process::Command::new(opener)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if started.is_ok() {
            return Some(opener);
        }
    }
    None
}

/// A minted session: the token (or the URL carrying it) alone on stdout.
struct Minted<'a> {
    resp: &'a SessionResponse,
    url: Option<String>,
}

impl Render for Minted<'_> {
    fn json(&self) -> Value {
        json!({"session": self.resp.session, "expiresAt": self.resp.expires_at, "url": self.url})
    }

    fn raw(&self) -> Option<String> {
        Some(
            self.url
                .clone()
                .unwrap_or_else(|| self.resp.session.clone()),
        )
    }

    fn human(&self, _color: bool) -> Option<String> {
        self.raw()
    }
}
