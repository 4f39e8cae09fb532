//! Where a cluster's Redis is (`--redis`): one server, a primary found through Redis
//! Sentinel, or a Redis Cluster. Parsed here once, with messages that never repeat a
//! password.
//!
//! ```text
//! redis://[[USER]:PASSWORD@]HOST:PORT[/DB]             rediss:// for TLS
//! redis+sentinel://[[USER]:PASSWORD@]HOST:PORT[,HOST:PORT…]/MASTER[/DB]
//! redis+cluster://[[USER]:PASSWORD@]HOST:PORT[,HOST:PORT…]
//! ```
//!
//! (`rediss+sentinel://`, `rediss+cluster://` for TLS.) The password is Redis's (the
//! primary's and replicas', or the cluster nodes'); sentinels are asked without one.

/// The kind of deployment, with what each needs.
#[derive(Clone, PartialEq, Eq)]
pub enum RedisTarget {
    /// One server (the URL as the Redis client reads it).
    Single { url: String },
    /// A primary that the sentinels name, followed through failovers.
    Sentinel {
        sentinels: Hosts,
        master: String,
        db: i64,
        auth: Auth,
        tls: bool,
    },
    /// A Redis Cluster: the nodes to start from; the rest are discovered.
    Cluster { nodes: Hosts, auth: Auth, tls: bool },
}

/// A user and password, kept out of every message.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Auth {
    pub username: Option<String>,
    pub password: Option<String>,
}

const EXPECTED: &str = "expected redis://HOST:PORT/DB, redis+sentinel://HOST:PORT[,HOST:PORT…]/MASTER[/DB] or redis+cluster://HOST:PORT[,HOST:PORT…] (rediss… for TLS)";

/// The URL with any password taken out, so it can be shown.
pub fn redact(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((_, host)) => format!("{scheme}://***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

impl RedisTarget {
    pub fn parse(text: &str) -> Result<RedisTarget, String> {
        let shown = redact(text);
        let Some((scheme, rest)) = text.split_once("://") else {
            return Err(format!("--redis {shown:?} is not a Redis URL; {EXPECTED}"));
        };
        match scheme {
            "redis" | "rediss" | "redis+unix" | "unix" => Ok(RedisTarget::Single {
                url: text.to_string(),
            }),
            "redis+sentinel" | "rediss+sentinel" => {
                let (auth, hosts, path) = split_authority(rest, &shown)?;
                let mut parts = path.split('/').filter(|p| !p.is_empty());
                let master = parts.next().ok_or_else(|| {
                    format!("--redis {shown:?} names no primary: give its name after the sentinels, redis+sentinel://HOST:PORT/MASTER")
                })?;
                let db = match parts.next() {
                    Some(d) => d.parse().map_err(|_| {
                        format!("--redis {shown:?}: the database {d:?} is not a number")
                    })?,
                    None => 0,
                };
                Ok(RedisTarget::Sentinel {
                    sentinels: hosts,
                    master: master.to_string(),
                    db,
                    auth,
                    tls: scheme.starts_with("rediss"),
                })
            }
            "redis+cluster" | "rediss+cluster" => {
                let (auth, nodes, path) = split_authority(rest, &shown)?;
                if !path.trim_matches('/').is_empty() {
                    return Err(format!(
                        "--redis {shown:?}: a Redis Cluster has one database, so the URL takes no /DB"
                    ));
                }
                Ok(RedisTarget::Cluster {
                    nodes,
                    auth,
                    tls: scheme.starts_with("rediss"),
                })
            }
            _ => Err(format!("--redis {shown:?} is not a Redis URL; {EXPECTED}")),
        }
    }

    /// What kind of deployment, in words.
    pub fn kind(&self) -> &'static str {
        match self {
            RedisTarget::Single { .. } => "Redis",
            RedisTarget::Sentinel { .. } => "Redis Sentinel",
            RedisTarget::Cluster { .. } => "Redis Cluster",
        }
    }

    /// Whether keys are spread over shards, so a script may only touch one key's slot.
    pub fn sharded(&self) -> bool {
        matches!(self, RedisTarget::Cluster { .. })
    }
}

/// Hosts and ports, in the order given.
type Hosts = Vec<(String, u16)>;

/// `[[USER]:PASSWORD@]HOST:PORT[,HOST:PORT…][/PATH]`.
fn split_authority(rest: &str, shown: &str) -> Result<(Auth, Hosts, String), String> {
    let (authority, path) = match rest.find('/') {
        Some(at) => (&rest[..at], rest[at..].to_string()),
        None => (rest, String::new()),
    };
    let (auth, hosts) = match authority.rsplit_once('@') {
        Some((creds, hosts)) => {
            let (user, password) = creds.split_once(':').unwrap_or(("", creds));
            let decode = |s: &str| percent_decode(s);
            (
                Auth {
                    username: (!user.is_empty()).then(|| decode(user)),
                    password: (!password.is_empty()).then(|| decode(password)),
                },
                hosts,
            )
        }
        None => (Auth::default(), authority),
    };
    let mut parsed = Vec::new();
    for host in hosts.split(',').filter(|h| !h.is_empty()) {
        let (name, port) = host
            .rsplit_once(':')
            .ok_or_else(|| format!("--redis {shown:?}: {host:?} has no port; write HOST:PORT"))?;
        let port = port
            .parse()
            .map_err(|_| format!("--redis {shown:?}: the port of {host:?} is not a number"))?;
        let name = name.trim_start_matches('[').trim_end_matches(']');
        parsed.push((name.to_string(), port));
    }
    if parsed.is_empty() {
        return Err(format!("--redis {shown:?} names no HOST:PORT"));
    }
    Ok((auth, parsed, path))
}

/// `%XX` escapes in a user or password (a password may hold `@` or `:` written so).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_kinds_parse_and_passwords_never_show() {
        assert!(matches!(
            RedisTarget::parse("redis://127.0.0.1:6379/1"),
            Ok(RedisTarget::Single { .. })
        ));
        match RedisTarget::parse("rediss+sentinel://:s%40cret@a:26379,b:26380/mymaster/2") {
            Ok(RedisTarget::Sentinel {
                sentinels,
                master,
                db,
                auth,
                tls,
            }) => {
                assert_eq!(sentinels, [("a".into(), 26379), ("b".into(), 26380)]);
                assert_eq!((master.as_str(), db, tls), ("mymaster", 2, true));
                assert_eq!(auth.password.as_deref(), Some("s@cret"));
            }
            _ => panic!("a sentinel URL"),
        }
        assert!(matches!(
            RedisTarget::parse("redis+cluster://n1:7000,n2:7001"),
            Ok(RedisTarget::Cluster { .. })
        ));
        for bad in [
            "http://:hunter2@db:1",
            "redis+sentinel://:hunter2@a:1",
            "redis+cluster://:hunter2@a",
            "redis+cluster://:hunter2@a:1/3",
        ] {
            let e = RedisTarget::parse(bad).err().unwrap_or_default();
            assert!(!e.is_empty() && !e.contains("hunter2"), "{bad}: {e}");
        }
        assert_eq!(
            redact("redis://:hunter2@db:6379/0"),
            "redis://***@db:6379/0"
        );
    }
}
