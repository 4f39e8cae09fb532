//! This process and the machine it runs on: open-file limits, CPU pinning, and the
//! CPU and memory figures that `/metrics` and `frt bench` report. Page size and clock
//! ticks are read from the system (sysconf), not assumed.

use std::time::Duration;

/// Lifts the soft open-file limit to the hard one, for thousands of sockets.
pub fn raise_fd_limit() {
    if let Ok((_, hard)) = rlimit::Resource::NOFILE.get() {
        // Root may raise the hard limit too; anyone may raise the soft one to it.
        let want = hard.max(262_144);
        if rlimit::Resource::NOFILE.set(want, want).is_err() {
            let _ = rlimit::Resource::NOFILE.set(hard, hard);
        }
    }
}

/// Pins the calling thread to one CPU, or to all of them with `None`.
pub fn pin_current_thread(cpu: Option<usize>) -> bool {
    let mut set = rustix::thread::CpuSet::new();
    match cpu {
        Some(c) => set.set(c),
        None => {
            let n = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1);
            for c in 0..n.min(rustix::thread::CpuSet::MAX_CPU) {
                set.set(c);
            }
        }
    }
    rustix::thread::sched_setaffinity(None, &set).is_ok()
}

/// The CPU the calling thread is running on.
pub fn current_cpu() -> usize {
    rustix::thread::sched_getcpu()
}

/// Bytes per memory page, from the system.
fn page_size() -> u64 {
    rustix::param::page_size() as u64
}

/// Clock ticks per second, the unit of CPU times in `/proc/*/stat`.
fn ticks_per_second() -> u64 {
    // SAFETY: sysconf has no preconditions; it only reads a system constant.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if hz > 0 { hz as u64 } else { 100 }
}

fn ticks_to_duration(ticks: u64) -> Duration {
    let hz = ticks_per_second();
    Duration::from_secs(ticks / hz) + Duration::from_nanos((ticks % hz) * 1_000_000_000 / hz)
}

/// User plus system clock ticks in the text of a `/proc/.../stat` file.
fn stat_cpu_ticks(stat: &str) -> Option<u64> {
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    let (_, rest) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the command name: state is field 0, utime 11, stime 12.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// The command name in the text of a `/proc/.../stat` file.
fn stat_comm(stat: &str) -> Option<&str> {
    let start = stat.find('(')? + 1;
    let end = stat.rfind(')')?;
    stat.get(start..end)
}

/// Resident memory of this process (0 where there is no /proc).
pub fn resident_bytes() -> u64 {
    let Ok(statm) = std::fs::read_to_string("/proc/self/statm") else {
        return 0;
    };
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    pages * page_size()
}

/// User plus system CPU time of this process (zero without /proc).
pub fn process_cpu() -> Duration {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| stat_cpu_ticks(&s))
        .map(ticks_to_duration)
        .unwrap_or_default()
}

/// User plus system CPU of this process's threads whose name starts with `prefix`.
pub fn thread_cpu(prefix: &str) -> Option<Duration> {
    let mut ticks = 0u64;
    for entry in std::fs::read_dir("/proc/self/task").ok()? {
        let stat = std::fs::read_to_string(entry.ok()?.path().join("stat")).ok()?;
        if stat_comm(&stat).is_some_and(|c| c.starts_with(prefix)) {
            ticks += stat_cpu_ticks(&stat)?;
        }
    }
    Some(ticks_to_duration(ticks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_lines_with_odd_command_names_parse() {
        let stat = "42 (frt-hub (x) y) S 1 2 3 4 5 6 7 8 9 10 150 25 0 0";
        assert_eq!(stat_comm(stat), Some("frt-hub (x) y"));
        assert_eq!(stat_cpu_ticks(stat), Some(175));
    }

    #[test]
    fn this_process_has_memory_and_a_page_size() {
        assert!(page_size() >= 4096);
        assert!(ticks_per_second() > 0);
        if std::path::Path::new("/proc/self/statm").exists() {
            assert!(resident_bytes() > 0);
        }
    }
}
