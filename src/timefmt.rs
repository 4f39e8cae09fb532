//! Time as people and the wire read it: epoch seconds, RFC 3339, and short durations
//! such as `59m 58s`. A leaf module: the hub, the client and the commands all use it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch (0 for times before it).
pub fn epoch_seconds(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub fn epoch_seconds_f64(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// RFC 3339 in UTC, to the second: `2026-11-27T19:00:00Z`.
pub fn format_epoch(secs: f64) -> String {
    if !secs.is_finite() || !(0.0..=253_402_300_799.0).contains(&secs) {
        return format!("{secs} (out of range)");
    }
    let t = UNIX_EPOCH + Duration::from_secs(secs.floor() as u64);
    humantime::format_rfc3339_seconds(t).to_string()
}

/// A duration for people: `59m 58s`, `3h 2m`, `12s`. Whole seconds.
pub fn format_duration_short(secs: f64) -> String {
    let total = secs.abs().floor() as u64;
    let (d, h, m, s) = (
        total / 86_400,
        total / 3600 % 24,
        total / 60 % 60,
        total % 60,
    );
    let parts: Vec<String> = [(d, "d"), (h, "h"), (m, "m"), (s, "s")]
        .iter()
        .filter(|(v, _)| *v > 0)
        .take(2)
        .map(|(v, u)| format!("{v}{u}"))
        .collect();
    if parts.is_empty() {
        "0s".to_string()
    } else {
        parts.join(" ")
    }
}

/// Formats an epoch-milliseconds timestamp string as RFC 3339 UTC with milliseconds;
/// anything else is shown as it is.
pub fn format_timestamp_ms(ts: &str) -> String {
    match ts.parse::<u64>() {
        Ok(ms) => {
            let t = UNIX_EPOCH + Duration::from_millis(ms);
            humantime::format_rfc3339_millis(t).to_string()
        }
        Err(_) => ts.to_string(),
    }
}

/// Milliseconds since the Unix epoch.
/// When an epoch time (a token's or a session's `exp`, in seconds) comes, on the
/// monotonic clock that timers use; `None` for a time too far off to matter within
/// this process's life (an `exp` of 9e18, say).
pub fn instant_of_epoch(epoch_secs: f64) -> Option<tokio::time::Instant> {
    let left = (epoch_secs - epoch_seconds_f64(SystemTime::now())).max(0.0);
    std::time::Duration::try_from_secs_f64(left)
        .ok()
        .and_then(|d| tokio::time::Instant::now().checked_add(d))
}

pub fn epoch_millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> u64 {
    epoch_millis(SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(format_duration_short(3598.0), "59m 58s");
        assert_eq!(format_duration_short(59.0), "59s");
        assert_eq!(format_duration_short(90061.0), "1d 1h");
        assert_eq!(format_epoch(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(format_timestamp_ms("0"), "1970-01-01T00:00:00.000Z");
    }
}
