//! `frt publish` and `frt publish-global`.

mod lines;

use colored::Colorize;
use serde_json::Value;

use crate::Error;
use crate::cli::{ConnectionArgs, ContextArgs, PayloadArgs, TokenArgs};
use crate::client::publisher::StreamTarget;
use crate::client::{Client, Publish};
use crate::commands::{
    HintReader, Invocation, connect_options, in_cli_words, in_container, module_context,
    prevalidate, read_token, resolve_key, usage, warn_unsent_context,
};
use crate::exit::ExitStatus;
use crate::payload::{Source, check_json, read_one};
use crate::printer::{Render, paint, terminal_safe};
use crate::protocol::PublishResult;
use crate::template::Template;
use crate::timefmt::format_timestamp_ms;
use crate::token::Permission;

pub struct PublishCommand<'a> {
    pub payload: &'a PayloadArgs,
    pub overrides: Option<Vec<String>>,
    pub context: &'a ContextArgs,
    pub token: &'a TokenArgs,
    pub conn: &'a ConnectionArgs,
    pub global: bool,
}

pub async fn run(cmd: PublishCommand<'_>, inv: &Invocation) -> Result<ExitStatus, Error> {
    let args = cmd.payload;
    let context = module_context(cmd.context)?;
    let token = read_token(cmd.token)?;
    if in_container(cmd.conn) {
        // The platform resolves the key from the caller it knows and judges the
        // override list itself; the local context is not sent, so it decides nothing.
        crate::channel::validate_channel_name(&args.channel).map_err(usage)?;
        warn_unsent_context(cmd.context, inv);
        if inv.verbose > 0 {
            eprintln!("channel key: resolved by the platform (inside a Forge container)");
        }
    } else {
        let key = resolve_key(
            &args.channel,
            cmd.global,
            &context,
            cmd.overrides.as_deref(),
            token.as_deref(),
        )?;
        if inv.verbose > 0 {
            eprintln!("channel key: {key}");
        }
    }
    if let Some(t) = &token {
        prevalidate(t, &args.channel, Permission::Publish)?;
    }
    let source = Source::from_args(args.payload.as_deref(), args.file.as_deref());
    let repeat = args.count.filter(|n| *n > 1);
    if args.lines || repeat.is_some() {
        let input = match repeat {
            Some(count) => lines::Input::Repeat {
                template: Template::parse(&read_one(&source, inv.no_input, args.max_payload)?)
                    .map_err(usage)?,
                count,
                interval: args.interval,
            },
            None => lines::Input::Lines(source),
        };
        let client = Client::from_options(&connect_options(cmd.conn, inv))?;
        if client.is_forge_proxy() {
            let template = Publish::new(args.channel.clone(), String::new(), context)
                .global(cmd.global)
                .overrides(cmd.overrides)
                .token(token);
            return lines::publish_lines_over_http(&client, template, input, args, inv).await;
        }
        let target = StreamTarget {
            channel: args.channel.clone(),
            global: cmd.global,
            context,
            overrides: cmd.overrides,
            token,
        };
        return lines::publish_lines(&client, target, input, args, inv).await;
    }
    let mut payload = read_one(&source, inv.no_input, args.max_payload)?;
    if args.template {
        payload = Template::parse(&payload).map_err(usage)?.render(1);
    }
    if payload.is_empty() && !args.keep_empty {
        return Err(usage(
            "the payload is empty; give the event's text, or --keep-empty to publish an empty event",
        ));
    }
    if args.json {
        check_json(&payload).map_err(Error::Usage)?;
    }
    let client = Client::from_options(&connect_options(cmd.conn, inv))?;
    let mut result = client
        .publish(
            &Publish::new(args.channel.clone(), payload, context)
                .global(cmd.global)
                .overrides(cmd.overrides)
                .token(token),
        )
        .await?;
    for hint in &mut result.hints {
        hint.message = in_cli_words(hint, HintReader::Publisher, cmd.global);
    }
    inv.printer.print(&Published {
        result: &result,
        channel: &args.channel,
    });
    if result.event_id.is_some() {
        return Ok(ExitStatus::Ok);
    }
    // Whatever the output mode, stdout holds only the result; why nothing was
    // delivered is a diagnostic, on stderr.
    let advice = if inv.verbose > 0 || in_container(cmd.conn) {
        ""
    } else {
        "; run with -v to see the key"
    };
    let message = format!(
        "no subscriber on this channel key: the event was not delivered (eventId null){advice}"
    );
    if args.require_subscribers {
        inv.printer.failure(&message);
    } else {
        inv.printer.warn(&message);
    }
    for h in &result.hints {
        inv.printer.hint(&h.message);
    }
    if args.require_subscribers {
        return Ok(ExitStatus::NoSubscriber);
    }
    Ok(ExitStatus::Ok)
}

/// The answer to one publish.
struct Published<'a> {
    result: &'a PublishResult,
    channel: &'a str,
}

impl Render for Published<'_> {
    fn json(&self) -> Value {
        serde_json::to_value(self.result).unwrap_or_default()
    }

    /// The event id alone; nothing when nobody received it.
    fn raw(&self) -> Option<String> {
        self.result.event_id.clone()
    }

    /// The delivery; nothing when nobody received it (stderr says so).
    fn human(&self, color: bool) -> Option<String> {
        match (&self.result.event_id, &self.result.event_timestamp) {
            // The id and time come from the hub: escaped, like the name.
            (Some(id), Some(ts)) => Some(format!(
                "{} {} to \"{}\" at {}",
                paint(color, "published", |s| s.green().bold()),
                terminal_safe(id),
                terminal_safe(self.channel),
                terminal_safe(&format_timestamp_ms(ts))
            )),
            _ => None,
        }
    }
}
