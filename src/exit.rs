//! Exit statuses: the one list that drives `main`'s mapping, the help text and the
//! man pages' EXIT STATUS section.

/// How `frt` ends. Scripts branch on these numbers, so they never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Ok,
    Failure,
    Usage,
    NoSubscriber,
    TokenRejected,
    RateLimited,
    Timeout,
    Interrupted,
}

impl ExitStatus {
    pub const ALL: [ExitStatus; 8] = [
        ExitStatus::Ok,
        ExitStatus::Failure,
        ExitStatus::Usage,
        ExitStatus::NoSubscriber,
        ExitStatus::TokenRejected,
        ExitStatus::RateLimited,
        ExitStatus::Timeout,
        ExitStatus::Interrupted,
    ];

    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Ok => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Usage => 2,
            ExitStatus::NoSubscriber => 3,
            ExitStatus::TokenRejected => 4,
            ExitStatus::RateLimited => 5,
            ExitStatus::Timeout => 124,
            ExitStatus::Interrupted => 130,
        }
    }

    /// A few words, for the one-screen summary in `frt --help`.
    pub fn label(self) -> &'static str {
        match self {
            ExitStatus::Ok => "ok",
            ExitStatus::Failure => "failure",
            ExitStatus::Usage => "usage or bad input",
            ExitStatus::NoSubscriber => "no subscriber (--require-subscribers)",
            ExitStatus::TokenRejected => "token rejected",
            ExitStatus::RateLimited => "rate limited",
            ExitStatus::Timeout => "--timeout before --count",
            ExitStatus::Interrupted => "interrupted",
        }
    }

    /// A sentence, for the man pages.
    pub fn meaning(self) -> &'static str {
        match self {
            ExitStatus::Ok => "Success.",
            ExitStatus::Failure => "Failure: network, hub, or a check that did not pass.",
            ExitStatus::Usage => "Usage error or bad input.",
            ExitStatus::NoSubscriber => {
                "Published, but no subscriber received it (only with --require-subscribers)."
            }
            ExitStatus::TokenRejected => {
                "Token rejected: INVALID_TOKEN, TOKEN_EXPIRED, CHANNEL_NAME_MISMATCH, MISSING_PERMISSION, or EXPIRES_SOON."
            }
            ExitStatus::RateLimited => "Rate limited after retries.",
            ExitStatus::Timeout => "subscribe --timeout reached before --count events.",
            ExitStatus::Interrupted => "Interrupted (Ctrl-C).",
        }
    }

    /// The summary under `frt --help`: every status on two lines.
    pub fn help_summary() -> String {
        let item = |s: &ExitStatus| format!("{} {}", s.code(), s.label());
        let (first, second) = ExitStatus::ALL.split_at(4);
        let join = |list: &[ExitStatus]| list.iter().map(item).collect::<Vec<_>>().join(" · ");
        format!(
            "Exit status: {}\n             {}",
            join(first),
            join(second)
        )
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> std::process::ExitCode {
        std::process::ExitCode::from(status.code())
    }
}
