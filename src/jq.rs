//! `frt subscribe --jq`: a jq filter over each event's JSON form, run by the jaq
//! crates (a jq implementation in Rust), so frt has no jq language of its own.
//!
//! A filter is code from the command line run on data from the network, and jq
//! can loop forever (`def f: f; f`, `last(range(1e12))`), recurse without end
//! (`def f: [f]; f` overflows the stack, and Rust aborts the whole process on a
//! stack overflow rather than unwinding), make outputs without end (`repeat(.)`),
//! or build values of any size (`[range(1e9)]`). jaq bounds none of these, and no
//! thread of frt's own could stop or survive them, so filters run in a worker
//! process: the same binary started as `frt __jq-worker` ([`worker_main`]), one per
//! `frt subscribe`, fed one event per line on its stdin.
//!
//! - Each event has [`TIME_PER_EVENT`]; a filter still running then is stopped
//!   (the worker is killed and started again for the next event). The subscriber
//!   only ever awaits the worker, so `--timeout` and Ctrl-C end it at any moment.
//! - Each event may make [`MAX_OUTPUTS`] outputs and [`MAX_OUTPUT_BYTES`] of them;
//!   the worker stops the filter at either bound.
//! - The worker's memory is bounded by `RLIMIT_DATA` ([`MEMORY_LIMIT`] and its
//!   stack), and the filter runs on a thread with a [`STACK_BYTES`] stack: deep
//!   recursion, or a value too large, ends the worker alone, and the subscriber
//!   says which it was.
//!
//! Whatever stops a filter on an event is one line on stderr naming the bound and
//! the fix; the event counts as dropped by the filter unless outputs were printed
//! before the stop (README, "Filter and shape with --jq").

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data};
use jaq_json::Val;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use crate::Error;

type Data = data::JustLut<Val>;

/// The first argument that makes `frt` a filter worker instead of a command.
pub const WORKER_ARG: &str = "__jq-worker";

/// How long a filter may run on one event.
pub const TIME_PER_EVENT: Duration = Duration::from_secs(2);

/// How many outputs a filter may make for one event.
pub const MAX_OUTPUTS: usize = 10_000;

/// How many bytes of output (compact JSON) a filter may make for one event.
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;

/// How much memory a filter may use, besides its stack.
pub const MEMORY_LIMIT: u64 = 256 * 1024 * 1024;

/// The stack of the thread a filter runs on: room for deep but finite recursion.
pub const STACK_BYTES: usize = 64 * 1024 * 1024;

/// A compiled filter.
pub struct JqFilter {
    filter: jaq_core::compile::Filter<jaq_core::Native<Data>>,
}

impl std::fmt::Debug for JqFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JqFilter")
    }
}

impl JqFilter {
    /// Compiles `code`; the error is jaq's own message with where it was found, for
    /// a usage error.
    pub fn compile(code: &str) -> Result<JqFilter, String> {
        let defs = jaq_core::defs()
            .chain(jaq_std::defs())
            .chain(jaq_json::defs());
        let funs = jaq_core::funs()
            .chain(jaq_std::funs())
            .chain(jaq_json::funs());
        let arena = Arena::default();
        let modules = Loader::new(defs)
            .load(&arena, File { code, path: () })
            .map_err(|errors| {
                let text: Vec<String> = errors
                    .into_iter()
                    .flat_map(|(_, e)| load_error_text(code, e))
                    .collect();
                format!("--jq {code:?}: {}", text.join("; "))
            })?;
        let filter = Compiler::default()
            .with_funs(funs)
            .compile(modules)
            .map_err(|errors| {
                let text: Vec<String> = errors
                    .into_iter()
                    .flat_map(|(_, undefined)| {
                        undefined
                            .into_iter()
                            .map(|(name, kind)| format!("undefined {} {name}", kind.as_str()))
                    })
                    .collect();
                format!("--jq {code:?}: {}", text.join("; "))
            })?;
        Ok(JqFilter { filter })
    }

    /// Runs the filter, in this thread, on one input given as JSON text, and hands
    /// each output to `each` as compact JSON on one line, as it is made (never
    /// collected); `each` returns false to stop. At most [`MAX_OUTPUTS`] outputs and
    /// [`MAX_OUTPUT_BYTES`] are handed over; past either the run ends with an error
    /// naming the bound. Returns how many outputs were handed over, or the error that
    /// ended the run after them.
    ///
    /// Time, stack and memory are not bounded here: that is the worker's process.
    pub fn run_text(
        &self,
        input: &[u8],
        mut each: impl FnMut(String) -> bool,
    ) -> Result<usize, (usize, String)> {
        let input = jaq_json::read::parse_single(input)
            .map_err(|e| (0, format!("cannot hand the event to jq: {e}")))?;
        let ctx = Ctx::<Data>::new(&self.filter.lut, Vars::new([]));
        let mut handed = 0;
        let mut bytes = 0usize;
        for out in self.filter.id.run((ctx, input)) {
            let val = match out {
                Ok(val) => val,
                Err(exn) => return Err((handed, exception_text(exn))),
            };
            if handed == MAX_OUTPUTS {
                return Err((
                    handed,
                    format!(
                        "it made more than {MAX_OUTPUTS} outputs for one event, the most frt prints; the rest were dropped (bound them with limit(N; …) or first(…))"
                    ),
                ));
            }
            let line = compact(&val);
            bytes = bytes.saturating_add(line.len());
            if bytes > MAX_OUTPUT_BYTES {
                return Err((
                    handed,
                    "its outputs for one event passed 1 MiB, the most frt prints; the rest were dropped (select less, e.g. .data.id, or bound them with limit(N; …))".into(),
                ));
            }
            handed += 1;
            if !each(line) {
                break;
            }
        }
        Ok(handed)
    }

    /// [`JqFilter::run_text`] on a JSON value, with each output parsed back.
    pub fn run(
        &self,
        input: &Value,
        mut each: impl FnMut(Value) -> bool,
    ) -> Result<usize, (usize, String)> {
        self.run_text(input.to_string().as_bytes(), |line| {
            each(serde_json::from_str(&line).unwrap_or(Value::String(line)))
        })
    }
}

/// An output as compact JSON on one line: jaq's text when it is JSON serde can
/// read, else that text as a JSON string (jaq also prints NaN, and nesting deeper
/// than serde reads).
fn compact(val: &Val) -> String {
    let text = val.to_string();
    match serde_json::from_str::<Value>(&text) {
        Ok(v) => v.to_string(),
        Err(_) => Value::String(text).to_string(),
    }
}

/// What a filter's exception says. `halt` would end frt itself with the filter's
/// status (jaq calls `process::exit`), so it is an error here instead.
fn exception_text(exn: jaq_core::Exn<'_, Val>) -> String {
    match exn.get_err() {
        Ok(e) => e.to_string(),
        Err(exn) => match exn.get_halt() {
            Ok(code) => format!(
                "it called halt ({code}), which frt does not obey: a filter drops events with select(…) or empty, and --count or --timeout end the subscription"
            ),
            Err(_) => "it ended with an internal jaq exception".into(),
        },
    }
}

/// Where in `code` a slice of it starts, as a 1-based column.
fn column(code: &str, at: &str) -> usize {
    let offset = (at.as_ptr() as usize).saturating_sub(code.as_ptr() as usize);
    offset.min(code.len()) + 1
}

fn expected(code: &str, what: &str, at: &str) -> String {
    format!("expected {what} at column {}", column(code, at))
}

fn load_error_text(code: &str, e: jaq_core::load::Error<&str>) -> Vec<String> {
    use jaq_core::load::Error;
    match e {
        Error::Io(list) => list.into_iter().map(|(_, msg)| msg).collect(),
        Error::Lex(list) => list
            .into_iter()
            .map(|(expect, at)| expected(code, expect.as_str(), at))
            .collect(),
        Error::Parse(list) => list
            .into_iter()
            .map(|(expect, at)| expected(code, expect.as_str(), at))
            .collect(),
    }
}

// The subscriber's side.

/// A filter run in a worker process, event by event (see the module's comment).
pub struct JqRunner {
    code: String,
    exe: PathBuf,
    worker: Option<Worker>,
}

impl std::fmt::Debug for JqRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JqRunner")
            .field("code", &self.code)
            .finish()
    }
}

struct Worker {
    child: tokio::process::Child,
    stdin: tokio::process::ChildStdin,
    stdout: BufReader<tokio::process::ChildStdout>,
}

/// How a worker's answer to one event ended.
enum Answer {
    Done,
    Failed(String),
    /// `each` asked to stop: whoever reads frt's stdout went away.
    Stopped,
}

impl JqRunner {
    /// Compiles `code` here, so a bad expression is a usage error at once, and starts
    /// the worker. Needs a tokio runtime.
    pub async fn start(code: &str) -> Result<JqRunner, Error> {
        JqFilter::compile(code).map_err(Error::Usage)?;
        let exe = std::env::current_exe().map_err(|e| {
            Error::Other(format!(
                "--jq runs filters in a copy of frt, but frt cannot find its own binary: {e}"
            ))
        })?;
        let mut runner = JqRunner {
            code: code.to_string(),
            exe,
            worker: None,
        };
        runner.worker().await.map_err(Error::Other)?;
        Ok(runner)
    }

    /// The running worker, started if there is none (first use, or after one was
    /// stopped).
    async fn worker(&mut self) -> Result<&mut Worker, String> {
        if self.worker.is_none() {
            self.worker = Some(self.spawn().await.map_err(|e| {
                format!(
                    "cannot start the --jq worker ({} {WORKER_ARG}): {e}",
                    self.exe.display()
                )
            })?);
        }
        self.worker
            .as_mut()
            .ok_or_else(|| "the --jq worker is gone".to_string())
    }

    async fn spawn(&self) -> std::io::Result<Worker> {
        use std::process::Stdio;
        let mut cmd = tokio::process::Command::new(&self.exe);
        cmd.arg(WORKER_ARG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        // Its own process group: Ctrl-C at the terminal goes to frt, which ends it.
        #[cfg(unix)]
        cmd.process_group(0);
        let mut child = cmd.spawn()?;
        let missing = || std::io::Error::other("no pipe to the worker");
        let mut stdin = child.stdin.take().ok_or_else(missing)?;
        let stdout = BufReader::new(child.stdout.take().ok_or_else(missing)?);
        let mut first = Value::String(self.code.clone()).to_string();
        first.push('\n');
        stdin.write_all(first.as_bytes()).await?;
        Ok(Worker {
            child,
            stdin,
            stdout,
        })
    }

    /// Runs the filter on one event and hands each output to `each` as it arrives;
    /// `each` returns false to stop. Returns how many outputs were handed over, or
    /// the error that ended the run after them: the filter's own, a bound it
    /// reached, or the worker's end (stopped after [`TIME_PER_EVENT`], a stack
    /// overflow, out of memory). A worker that ended is started again for the next
    /// event. Cancel-safe in the sense that matters: dropping the future (Ctrl-C,
    /// `--timeout`) leaves a worker that the runner's drop kills.
    pub async fn run(
        &mut self,
        input: &Value,
        mut each: impl FnMut(Value) -> bool,
    ) -> Result<usize, (usize, String)> {
        let mut handed = 0;
        let answer = {
            let worker = self.worker().await.map_err(|e| (0, e))?;
            tokio::time::timeout(
                TIME_PER_EVENT,
                worker.exchange(input, &mut each, &mut handed),
            )
            .await
        };
        match answer {
            Ok(Ok(Answer::Done)) => Ok(handed),
            Ok(Ok(Answer::Failed(message))) => Err((handed, message)),
            Ok(Ok(Answer::Stopped)) => {
                self.stop();
                Ok(handed)
            }
            Ok(Err(_)) => Err((handed, self.post_mortem().await)),
            Err(_) => {
                self.stop();
                Err((
                    handed,
                    format!(
                        "it was still running after {}s, the most one event may take, and was stopped (a filter that never ends, such as 'def f: f; f' or 'last(range(1e12))'? bound it with limit(N; …) or first(…))",
                        TIME_PER_EVENT.as_secs()
                    ),
                ))
            }
        }
    }

    /// Ends the worker (killed: it may be running a filter that never ends).
    fn stop(&mut self) {
        if let Some(mut worker) = self.worker.take() {
            let _ = worker.child.start_kill();
        }
    }

    /// Why the worker ended: its last words on stderr (a stack overflow, a failed
    /// allocation) or its status.
    async fn post_mortem(&mut self) -> String {
        let Some(mut worker) = self.worker.take() else {
            return "its worker process is gone".into();
        };
        let _ = worker.child.start_kill();
        let status = worker.child.wait().await;
        let mut last_words = Vec::new();
        if let Some(stderr) = worker.child.stderr.take() {
            let _ = stderr.take(16 * 1024).read_to_end(&mut last_words).await;
        }
        let last_words = String::from_utf8_lossy(&last_words);
        if last_words.contains("overflowed its stack") {
            return format!(
                "it recursed too deeply (past its {} MiB stack) and was stopped: give the recursion a base case",
                STACK_BYTES >> 20
            );
        }
        if last_words.contains("memory allocation of") || last_words.contains("capacity overflow") {
            return format!(
                "it needed more than {} MiB of memory and was stopped: build smaller values (not, say, [range(1e9)])",
                MEMORY_LIMIT >> 20
            );
        }
        match status {
            Ok(status) => format!("its worker process ended ({status})"),
            Err(e) => format!("its worker process ended ({e})"),
        }
    }
}

impl Worker {
    /// Sends one event and reads the worker's answer to it: `o JSON` per output,
    /// then `d` (done) or `e "message"` (failed).
    async fn exchange(
        &mut self,
        input: &Value,
        each: &mut impl FnMut(Value) -> bool,
        handed: &mut usize,
    ) -> std::io::Result<Answer> {
        let mut line = serde_json::to_vec(input)?;
        line.push(b'\n');
        self.stdin.write_all(&line).await?;
        self.stdin.flush().await?;
        let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let limit = MAX_OUTPUT_BYTES as u64 + 16;
            (&mut self.stdout)
                .take(limit)
                .read_until(b'\n', &mut buf)
                .await?;
            if buf.pop() != Some(b'\n') {
                return Err(bad("the worker's answer ended early"));
            }
            match buf.split_first() {
                Some((b'o', rest)) => {
                    let value = serde_json::from_slice(rest)?;
                    *handed += 1;
                    if !each(value) {
                        return Ok(Answer::Stopped);
                    }
                }
                Some((b'e', rest)) => return Ok(Answer::Failed(serde_json::from_slice(rest)?)),
                Some((b'd', _)) => return Ok(Answer::Done),
                _ => return Err(bad("the worker's answer is garbled")),
            }
        }
    }
}

// The worker's side.

/// `frt __jq-worker`: bounds its own memory, reads the filter (a JSON string on the
/// first line of stdin), then runs it on each following line (an event), answering
/// on stdout. The filter runs on a thread of its own with a [`STACK_BYTES`] stack
/// while this thread reads stdin: when frt goes away (stdin closes), the worker
/// exits at once, even in the middle of a filter that never ends.
pub fn worker_main() -> ExitCode {
    use std::io::BufRead;
    bound_memory();
    let mut input = std::io::stdin().lock();
    let mut first = String::new();
    let code = match input.read_line(&mut first) {
        Ok(n) if n > 0 => serde_json::from_str::<String>(&first).ok(),
        _ => None,
    };
    let Some(code) = code else {
        eprintln!("frt {WORKER_ARG} is started by 'frt subscribe --jq'; it is not a command");
        return ExitCode::from(2);
    };
    let (events, inbox) = std::sync::mpsc::channel::<Vec<u8>>();
    let filter = std::thread::Builder::new()
        .name("jq".into())
        .stack_size(STACK_BYTES)
        .spawn(move || run_events(&code, &inbox));
    if let Err(e) = filter {
        eprintln!("cannot start the filter thread: {e}");
        return ExitCode::FAILURE;
    }
    loop {
        let mut line = Vec::new();
        match input.read_until(b'\n', &mut line) {
            Ok(n) if n > 0 && events.send(line).is_ok() => {}
            // frt closed the pipe (it ended), or the filter thread is gone.
            _ => std::process::exit(0),
        }
    }
}

/// Runs the filter on each event that arrives, answering each on stdout.
fn run_events(code: &str, inbox: &std::sync::mpsc::Receiver<Vec<u8>>) {
    use std::io::Write;
    let filter = JqFilter::compile(code);
    let stdout = std::io::stdout();
    for event in inbox {
        let mut out = std::io::BufWriter::new(stdout.lock());
        let result = match &filter {
            Ok(filter) => filter.run_text(&event, |line| {
                writeln!(out, "o {line}").and_then(|()| out.flush()).is_ok()
            }),
            Err(e) => Err((0, e.clone())),
        };
        let written = match result {
            Ok(_) => writeln!(out, "d"),
            Err((_, message)) => writeln!(out, "e {}", Value::String(message)),
        };
        if written.and_then(|()| out.flush()).is_err() {
            std::process::exit(0);
        }
    }
}

/// Caps the worker's writable memory (heap, and the filter thread's stack) with
/// `RLIMIT_DATA`, so a value that grows without bound ends the worker when the
/// allocation fails, and turns core dumps off (a worker that dies is expected).
fn bound_memory() {
    #[cfg(unix)]
    {
        use rlimit::Resource;
        let _ = Resource::CORE.set(0, 0);
        let want = MEMORY_LIMIT + STACK_BYTES as u64;
        if let Ok((_, hard)) = Resource::DATA.get() {
            let cap = want.min(hard);
            let _ = Resource::DATA.set(cap, cap);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn outputs(f: &JqFilter, v: Value) -> (Vec<Value>, Option<String>) {
        let mut out = Vec::new();
        let result = f.run(&v, |o| {
            out.push(o);
            true
        });
        (out, result.err().map(|(_, e)| e))
    }

    #[test]
    fn filters_select_and_shape() {
        let f = JqFilter::compile("select(.data.n > 1) | {n: .data.n, c: .channel}").unwrap();
        assert_eq!(
            outputs(&f, json!({"channel": "a", "data": {"n": 2}})),
            (vec![json!({"n": 2, "c": "a"})], None)
        );
        assert!(
            outputs(&f, json!({"channel": "a", "data": {"n": 0}}))
                .0
                .is_empty()
        );
    }

    #[test]
    fn endless_output_is_taken_one_value_at_a_time_and_can_be_stopped() {
        let endless = JqFilter::compile("repeat(1)").unwrap();
        let mut seen = 0;
        let handed = endless.run(&json!(null), |_| {
            seen += 1;
            seen < 1000
        });
        assert_eq!(handed, Ok(1000));
    }

    #[test]
    fn outputs_are_bounded_in_number_and_bytes_naming_the_bound() {
        let endless = JqFilter::compile("repeat(.)").unwrap();
        let (out, e) = outputs(&endless, json!(1));
        assert_eq!(out.len(), MAX_OUTPUTS);
        let e = e.expect("stopped");
        assert!(
            e.contains("more than 10000 outputs") && e.contains("limit(N; …)"),
            "{e}"
        );
        let big = JqFilter::compile("range(3) | [range(100000)]").unwrap();
        let (out, e) = outputs(&big, json!(null));
        assert_eq!(out.len(), 1, "one 600 KB array fits, the second does not");
        assert!(e.expect("stopped").contains("passed 1 MiB"));
    }

    #[test]
    fn halt_is_an_error_not_an_exit() {
        let f = JqFilter::compile("1, halt").unwrap();
        let (out, e) = outputs(&f, json!(null));
        assert_eq!(out, vec![json!(1)]);
        assert!(e.expect("error").contains("halt"));
        let f = JqFilter::compile("error(\"boom\")").unwrap();
        assert!(outputs(&f, json!(null)).1.expect("error").contains("boom"));
    }

    #[test]
    fn bad_expressions_say_what_and_where() {
        let e = JqFilter::compile(".data | ").unwrap_err();
        assert!(e.contains("expected"), "{e}");
        let e = JqFilter::compile("nosuchfn(1)").unwrap_err();
        assert!(e.contains("undefined") && e.contains("nosuchfn"), "{e}");
    }
}
