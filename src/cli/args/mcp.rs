//! `frt mcp`: the Model Context Protocol server an assistant in an editor starts.

use crate::cli::*;

#[derive(Debug, Args)]
pub struct McpArgs {
    /// Longest a subscribe tool call collects events for (a call may ask for less)
    #[arg(long, default_value = "60s", value_parser = parse_positive_duration, value_name = "DUR", allow_hyphen_values = true)]
    pub max_wait: Duration,

    /// Most events a subscribe tool call returns (a call may ask for fewer)
    #[arg(long, default_value_t = 100, value_parser = positive_number::<usize>, value_name = "N")]
    pub max_events: usize,

    /// Payloads longer than this are cut in tool results, with a note saying so
    #[arg(long, default_value = "4KiB", value_parser = parse_size, value_name = "SIZE")]
    pub truncate_at: usize,

    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub conn: ConnectionArgs,
}
