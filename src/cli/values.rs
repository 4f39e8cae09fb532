//! Flag values the human way (durations, sizes, rate limits, key=value pairs): their
//! parsers, and how a default is written back in help.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitSetting(pub Option<u32>);

pub fn parse_rate_limit(s: &str) -> Result<RateLimitSetting, String> {
    if s.eq_ignore_ascii_case("off") {
        return Ok(RateLimitSetting(None));
    }
    match s.parse::<u32>() {
        Ok(0) => Ok(RateLimitSetting(None)),
        Ok(n) => Ok(RateLimitSetting(Some(n))),
        Err(_) => Err(format!(
            "'{s}' is not a number of operations per second or 'off'"
        )),
    }
}

/// Durations the human way: 500ms, 10s, 2m, 1h; a bare number is seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    if let Some(rest) = s.strip_prefix('-') {
        // Duration flags accept values that start with '-' so that this can be said
        // instead of clap's advice to write `-- -5m`.
        return Err(if parse_duration(rest).is_ok() {
            format!("durations are positive; write {rest}, not {s}")
        } else {
            format!(
                "'{s}' is not a duration (a flag where the value belongs?); write e.g. 500ms, 10s, 2m, 1h"
            )
        });
    }
    let d = match s.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => humantime::parse_duration(s)
            .map_err(|e| format!("'{s}' is not a duration ({e}); write e.g. 500ms, 10s, 2m, 1h"))?,
    };
    // Every duration is added to a clock somewhere; past this, the sum overflows.
    if d > MAX_DURATION {
        return Err(format!("'{s}' is too long; the most is 100 years"));
    }
    Ok(d)
}

/// The longest duration any flag takes.
const MAX_DURATION: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// A duration that must be more than zero (a period, a timeout).
pub fn parse_positive_duration(s: &str) -> Result<Duration, String> {
    match parse_duration(s)? {
        d if d.is_zero() => Err(format!(
            "'{s}' is zero; give a positive duration such as 1s"
        )),
        d => Ok(d),
    }
}

/// A count or limit that may be zero.
pub fn whole_number<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.trim()
        .parse::<T>()
        .map_err(|_| format!("'{s}' is not a whole number; write e.g. 10"))
}

/// A count that must be at least one.
pub fn positive_number<T: std::str::FromStr + PartialEq + Default>(s: &str) -> Result<T, String> {
    let n: T = s
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a positive whole number; write e.g. 10"))?;
    if n == T::default() {
        return Err("must be at least 1".into());
    }
    Ok(n)
}

/// A replay's speed: how much faster than captured (`2`, `0.5`, `2x`); 0 does not
/// wait between events at all.
pub fn parse_speed(s: &str) -> Result<f64, String> {
    let number = s.trim().strip_suffix(['x', 'X']).unwrap_or(s.trim());
    match number.parse::<f64>() {
        Ok(f) if f.is_finite() && f >= 0.0 => Ok(f),
        _ => Err(format!(
            "'{s}' is not a speed; write a factor such as 1 (as captured), 2 (twice as fast), 0.5, or 0 (no waiting)"
        )),
    }
}

/// Sizes: 65536, 64KiB, 64KB, 1MiB.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: usize = num
        .parse()
        .map_err(|_| format!("'{s}' is not a size; write e.g. 65536, 64KiB, 1MiB"))?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        _ => return Err(format!("'{s}' has an unknown unit; use B, KiB or MiB")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("'{s}' is too large"))
}

/// A duration as its flag's default reads: `300s`, `30s`, `1h`.
pub fn duration_text(d: Duration) -> String {
    let secs = d.as_secs();
    if secs > 0 && secs.is_multiple_of(3600) {
        format!("{}h", secs / 3600)
    } else {
        format!("{secs}s")
    }
}

/// A size as its flag's default reads: `64KiB`, `1MiB`.
pub fn size_text(bytes: usize) -> String {
    match bytes {
        b if b > 0 && b.is_multiple_of(1 << 20) => format!("{}MiB", b >> 20),
        b if b > 0 && b.is_multiple_of(1024) => format!("{}KiB", b >> 10),
        b => b.to_string(),
    }
}

pub fn rate_limit_text(limit: Option<u32>) -> String {
    limit.map_or_else(|| "off".to_string(), |n| n.to_string())
}

pub fn parse_key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("'{s}' is not KEY=VALUE")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_parse_the_human_way() {
        assert_eq!(parse_size("64KiB").unwrap(), 65536);
        assert_eq!(parse_size("1MiB").unwrap(), 1 << 20);
        assert!(parse_size("lots").is_err());
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("30").unwrap(), Duration::from_secs(30));
    }

    #[test]
    fn negative_durations_and_bad_numbers_say_what_is_expected() {
        assert_eq!(
            parse_duration("-5m").unwrap_err(),
            "durations are positive; write 5m, not -5m"
        );
        assert!(parse_duration("--count").unwrap_err().contains("flag"));
        assert!(
            whole_number::<u64>("abc")
                .unwrap_err()
                .contains("whole number")
        );
        assert_eq!(
            positive_number::<u64>("0").unwrap_err(),
            "must be at least 1"
        );
        assert_eq!(positive_number::<u64>("3").unwrap(), 3);
    }

    #[test]
    fn durations_are_bounded() {
        assert!(
            parse_duration("500000000000y")
                .unwrap_err()
                .contains("too long")
        );
        assert!(parse_positive_duration("0s").unwrap_err().contains("zero"));
        assert!(parse_positive_duration("20s").is_ok());
    }

    #[test]
    fn defaults_are_written_back_the_way_they_parse() {
        for d in [Duration::from_secs(300), Duration::from_secs(3600)] {
            assert_eq!(parse_duration(&duration_text(d)).unwrap(), d);
        }
        for n in [65536, 1 << 20, 1000] {
            assert_eq!(parse_size(&size_text(n)).unwrap(), n);
        }
        assert_eq!(
            parse_rate_limit(&rate_limit_text(None)).unwrap(),
            RateLimitSetting(None)
        );
    }
}
