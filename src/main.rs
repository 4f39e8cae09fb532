//! The `frt` binary: parse, dispatch, and map errors to exit codes in one place.

use std::ffi::OsString;
use std::process::ExitCode;

use frt::Error;
use frt::cli::Command;
use frt::commands::{self, Invocation, publish::PublishCommand};
use frt::exit::ExitStatus;
use frt::printer::{Palette, Printer, error_prefix, print_document};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    // `frt subscribe --jq` runs its filter in a copy of frt (src/jq.rs).
    if args.get(1).is_some_and(|a| a == frt::jq::WORKER_ARG) {
        return frt::jq::worker_main();
    }
    let mut cli = match frt::cli::parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => return clap_message(&e, &args),
    };
    let out = cli.command.output_args().unwrap_or_default();
    let palette = Palette::new(out.color);
    let inv = Invocation {
        printer: Printer::new(out.output, palette, cli.global.quiet),
        verbose: cli.global.verbose,
        no_input: cli.global.no_input,
        profile: cli.global.profile.clone(),
    };
    let result = apply_profile(&mut cli.command, &inv).and_then(|()| run(cli.command, &inv));
    match result {
        Ok(status) => status.into(),
        Err(e) => {
            eprintln!(
                "{} {}",
                error_prefix(palette.stderr),
                one_line(&e.to_string())
            );
            e.exit_status().into()
        }
    }
}

/// Fills what the command line left unset from the chosen profile (flag, then
/// variable, then profile, then hub.json).
fn apply_profile(command: &mut Command, inv: &Invocation) -> Result<(), Error> {
    // An offline inspection must not fail on a key source it will not use.
    let key_needed = !matches!(command, Command::InspectToken(a) if !a.verify);
    let (conn, context) = command.caller_args();
    if conn.is_none() && context.is_none() {
        return Ok(());
    }
    let Some(dir) = frt::profile::config_dir() else {
        return Ok(());
    };
    let profiles = frt::profile::Profiles::load(&dir).map_err(Error::Usage)?;
    if let Some((name, profile)) = profiles
        .select(inv.profile.as_deref())
        .map_err(Error::Usage)?
    {
        profile
            .fill(&name, conn, context, key_needed)
            .map_err(Error::Usage)?;
        if inv.verbose > 0 {
            eprintln!("profile: {name}");
        }
    }
    Ok(())
}

/// clap's help, version or usage error, coloured as `--color`/`FRT_COLOR` say.
fn clap_message(e: &clap::Error, args: &[OsString]) -> ExitCode {
    let to_stdout = !e.use_stderr();
    let styled = e.render();
    let text = if frt::cli::color_for_clap(args, to_stdout) {
        styled.ansi().to_string()
    } else {
        styled.to_string()
    };
    if to_stdout {
        print_document(&text);
    } else {
        eprint!("{text}");
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(ExitStatus::Usage.code()))
}

fn run(command: Command, inv: &Invocation) -> Result<ExitStatus, Error> {
    match &command {
        Command::Completions(a) => {
            print_document(&String::from_utf8_lossy(&frt::generation::completions(
                a.shell,
            )));
            return Ok(ExitStatus::Ok);
        }
        Command::Bench(a) => return commands::bench::run(a, inv),
        Command::SdkShim => {
            print_document(frt::assets::SDK_SHIM);
            return Ok(ExitStatus::Ok);
        }
        Command::Man(a) => {
            let written = frt::generation::write_man_pages(&a.out_dir).map_err(|e| {
                Error::Other(format!(
                    "cannot write man pages to {}: {e}",
                    a.out_dir.display()
                ))
            })?;
            inv.printer.status(&format!(
                "wrote {} pages to {}",
                written.len(),
                a.out_dir.display()
            ));
            return Ok(ExitStatus::Ok);
        }
        _ => {}
    }
    // The hub runs --workers event-loop threads; a one-shot client starts faster on
    // the current thread.
    let runtime = match &command {
        Command::Serve(a) => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(a.workers.max(1))
            .thread_name("frt-hub")
            .enable_all()
            .build(),
        Command::Smoke(_) => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build(),
        _ => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
    }
    .map_err(|e| Error::Other(format!("cannot start the async runtime: {e}")))?;
    let result = runtime.block_on(async {
        match &command {
            Command::Publish(a) => {
                commands::publish::run(
                    PublishCommand {
                        payload: &a.payload,
                        overrides: commands::overrides_arg(&a.overrides.context_override),
                        context: &a.context,
                        token: &a.token,
                        conn: &a.conn,
                        global: false,
                    },
                    inv,
                )
                .await
            }
            Command::PublishGlobal(a) => {
                if !a.context_override.is_empty() {
                    return Err(Error::Usage(
                        "publish-global does not take --context-override: global channels have no scope (the platform ignores overrides there); use 'frt publish' for a scoped channel".into(),
                    ));
                }
                commands::publish::run(
                    PublishCommand {
                        payload: &a.payload,
                        overrides: None,
                        context: &a.context,
                        token: &a.token,
                        conn: &a.conn,
                        global: true,
                    },
                    inv,
                )
                .await
            }
            Command::SignToken(a) => commands::sign_token::run(a, inv).await,
            Command::InspectToken(a) => commands::inspect_token::run(a, inv).await,
            Command::Subscribe(a) => commands::subscribe::run(a, inv).await,
            Command::Serve(a) => commands::serve::run(a, inv).await,
            Command::Smoke(a) => commands::smoke::run(a, inv).await,
            Command::Channels(a) => commands::channels::run(a, inv).await,
            Command::Tap(a) => commands::tap::run(a, inv).await,
            Command::Profile(a) => commands::profile::run(a, inv),
            Command::BrowserSession(a) => commands::browser::session(a, inv).await,
            Command::Ui(a) => commands::browser::ui(a, inv).await,
            Command::Replay(a) => commands::replay::run(a, inv).await,
            Command::Mcp(a) => commands::mcp::run(a, inv).await,
            // Answered before any runtime was built.
            Command::Completions(_) | Command::Man(_) | Command::SdkShim | Command::Bench(_) => {
                Ok(ExitStatus::Ok)
            }
        }
    });
    // A read of stdin may still be blocked in the runtime's thread pool (Ctrl-C during
    // --lines); it must not keep the process from exiting.
    runtime.shutdown_background();
    result
}

/// Errors are one line: newlines from nested causes are folded, and control
/// characters (a hub's message may quote anything) are shown escaped.
fn one_line(s: &str) -> String {
    let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
    frt::printer::terminal_safe(&folded).into_owned()
}
