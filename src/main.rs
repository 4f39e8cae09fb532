//! The `frt` binary: parse, dispatch, and map errors to exit codes in one place.

use std::process::ExitCode;

use clap::Parser;

use frt::Error;
use frt::cli::{Cli, Command};
use frt::commands::{self, Invocation, publish::PublishCommand};
use frt::exit::ExitStatus;
use frt::printer::{Palette, Printer, error_prefix};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let palette = Palette::new(cli.global.color);
    let inv = Invocation {
        printer: Printer::new(cli.global.output, palette),
        verbose: cli.global.verbose,
        no_input: cli.global.no_input,
    };
    let result = run(cli.command, &inv);
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

fn run(command: Command, inv: &Invocation) -> Result<ExitStatus, Error> {
    match &command {
        Command::Completions(a) => {
            frt::generation::completions(a.shell, &mut std::io::stdout());
            return Ok(ExitStatus::Ok);
        }
        Command::Bench(a) => return commands::bench::run(a, inv),
        Command::SdkShim => {
            print!("{}", frt::assets::SDK_SHIM);
            return Ok(ExitStatus::Ok);
        }
        Command::Man(a) => {
            let written = frt::generation::write_man_pages(&a.out_dir).map_err(|e| {
                Error::Other(format!(
                    "cannot write man pages to {}: {e}",
                    a.out_dir.display()
                ))
            })?;
            eprintln!("wrote {} pages to {}", written.len(), a.out_dir.display());
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
    runtime.block_on(async {
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
            // Answered before any runtime was built.
            Command::Completions(_) | Command::Man(_) | Command::SdkShim | Command::Bench(_) => {
                Ok(ExitStatus::Ok)
            }
        }
    })
}

/// Errors are one line: newlines from nested causes are folded, and control
/// characters (a hub's message may quote anything) are shown escaped.
fn one_line(s: &str) -> String {
    let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
    frt::printer::terminal_safe(&folded).into_owned()
}
