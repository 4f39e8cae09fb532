//! Hubs over the Redis deployments users run in production, with real servers on
//! free loopback ports and no persistence: a Redis Cluster of three primaries (made
//! with `redis-cli --cluster create`), whose keys spread over every primary and whose
//! slots can move while hubs publish; and a primary with a replica behind three
//! sentinels (`redis-server --sentinel`), whose primary is killed under load.

mod common;

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use frt::client::Publish;

/// One `redis-server` of the test's own (a node, a replica or a sentinel).
struct Server {
    port: u16,
    child: Option<Child>,
}

impl Server {
    fn start(dir: &std::path::Path, args: &[&str]) -> Server {
        let port = unused_port();
        let child = Command::new("redis-server")
            .args(args)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .arg("--dir")
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server must be installed (Debian: apt-get install redis-server)");
        let server = Server {
            port,
            child: Some(child),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !server.answers() {
            assert!(
                Instant::now() < deadline,
                "redis-server on {port} did not answer"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    fn answers(&self) -> bool {
        self.cli(&["PING"]).contains("PONG")
    }

    fn cli(&self, args: &[&str]) -> String {
        Command::new("redis-cli")
            .args(["-p", &self.port.to_string()])
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    }

    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "{what} within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Three primaries in one Redis Cluster.
struct RedisCluster {
    nodes: Vec<Server>,
    _dirs: Vec<tempfile::TempDir>,
}

impl RedisCluster {
    fn start() -> RedisCluster {
        let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
        let nodes: Vec<Server> = dirs
            .iter()
            .map(|d| {
                Server::start(
                    d.path(),
                    &[
                        "--cluster-enabled",
                        "yes",
                        "--cluster-config-file",
                        "nodes.conf",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                    ],
                )
            })
            .collect();
        let mut create = Command::new("redis-cli");
        create.arg("--cluster").arg("create");
        for n in &nodes {
            create.arg(n.addr());
        }
        let out = create
            .args(["--cluster-replicas", "0", "--cluster-yes"])
            .output()
            .expect("redis-cli");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        wait_until(
            "the Redis Cluster agrees it is ok",
            Duration::from_secs(20),
            || {
                nodes
                    .iter()
                    .all(|n| n.cli(&["CLUSTER", "INFO"]).contains("cluster_state:ok"))
            },
        );
        RedisCluster { nodes, _dirs: dirs }
    }

    fn url(&self) -> String {
        let hosts: Vec<String> = self.nodes.iter().map(Server::addr).collect();
        format!("redis+cluster://{}", hosts.join(","))
    }
}

/// A primary, two replicas, and three sentinels watching them as `m1` (after a
/// failover one replica is the primary and the other replicates it).
struct Sentinels {
    primary: Server,
    _replicas: Vec<Server>,
    sentinels: Vec<Server>,
    _dir: tempfile::TempDir,
}

impl Sentinels {
    fn start() -> Sentinels {
        let dir = tempfile::tempdir().unwrap();
        let plain = ["--save", "", "--appendonly", "no"];
        let primary = Server::start(dir.path(), &plain);
        let port = primary.port.to_string();
        let mut replica_args = plain.to_vec();
        replica_args.extend(["--replicaof", "127.0.0.1", &port]);
        let replicas: Vec<Server> = (0..2)
            .map(|_| Server::start(dir.path(), &replica_args))
            .collect();
        wait_until("the replicas in sync", Duration::from_secs(20), || {
            replicas.iter().all(|r| {
                r.cli(&["INFO", "replication"])
                    .contains("master_link_status:up")
            })
        });
        let sentinels = (0..3)
            .map(|i| {
                let conf = dir.path().join(format!("sentinel-{i}.conf"));
                std::fs::write(
                    &conf,
                    format!(
                        "sentinel monitor m1 127.0.0.1 {port} 2\nsentinel down-after-milliseconds m1 1000\nsentinel failover-timeout m1 5000\n"
                    ),
                )
                .unwrap();
                Server::start(dir.path(), &[conf.to_str().unwrap(), "--sentinel"])
            })
            .collect::<Vec<_>>();
        wait_until(
            "the sentinels know the replica",
            Duration::from_secs(20),
            || {
                sentinels
                    .iter()
                    .all(|s| s.cli(&["SENTINEL", "REPLICAS", "m1"]).contains("127.0.0.1"))
            },
        );
        Sentinels {
            primary,
            _replicas: replicas,
            sentinels,
            _dir: dir,
        }
    }

    fn url(&self) -> String {
        let hosts: Vec<String> = self.sentinels.iter().map(Server::addr).collect();
        format!("redis+sentinel://{}/m1", hosts.join(","))
    }
}

fn hubs_over(url: &str, n: usize, extra: &[&str]) -> Vec<TestHub> {
    (0..n)
        .map(|_| {
            let mut args = vec!["--redis", url];
            args.extend(extra);
            TestHub::start(&args)
        })
        .collect()
}

fn publish(channel: &str, payload: &str) -> Publish {
    Publish::new(channel, payload, ctx("i1", "m", &[]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hubs_over_a_redis_cluster_deliver_in_order_with_keys_on_every_primary() {
    let cluster = RedisCluster::start();
    let hubs = hubs_over(&cluster.url(), 2, &[]);
    let (a, b) = (hubs[0].client(), hubs[1].client());
    let channels: Vec<String> = (0..12).map(|i| format!("shard-{i}")).collect();
    let mut subs = Vec::new();
    for c in &channels {
        subs.push(subscribed(&b, sub_opts(c, ctx("i1", "m", &[]))).await);
    }
    for n in 0..5 {
        for c in &channels {
            let r = a
                .publish(&publish(c, &n.to_string()))
                .await
                .expect("publish");
            assert!(r.event_id.is_some(), "{c}: {r:?}");
        }
    }
    for (c, sub) in channels.iter().zip(subs.iter_mut()) {
        let mut got = Vec::new();
        while got.len() < 5 {
            match next_event(sub, Duration::from_secs(10)).await {
                Some(e) => got.push(e.payload),
                None => panic!("{c}: only {got:?}"),
            }
        }
        assert_eq!(got, ["0", "1", "2", "3", "4"], "{c}");
    }
    for node in &cluster.nodes {
        let keys = node.cli(&["DBSIZE"]);
        assert!(
            keys.trim().parse::<u64>().unwrap_or(0) > 0,
            "node {} holds no key",
            node.port
        );
    }
    let nobody = a
        .publish(&publish("nobody-here", "x"))
        .await
        .expect("publish");
    assert!(nobody.event_id.is_none(), "the null result: {nobody:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slots_moving_while_hubs_publish_lose_and_repeat_nothing() {
    let cluster = RedisCluster::start();
    let hubs = hubs_over(&cluster.url(), 2, &[]);
    let (a, b) = (hubs[0].client(), hubs[1].client());
    let channels: Vec<String> = (0..6).map(|i| format!("move-{i}")).collect();
    let mut subs = Vec::new();
    for c in &channels {
        subs.push(subscribed(&b, sub_opts(c, ctx("i1", "m", &[]))).await);
    }
    let from = cluster.nodes[0]
        .cli(&["CLUSTER", "MYID"])
        .trim()
        .to_string();
    let to = cluster.nodes[1]
        .cli(&["CLUSTER", "MYID"])
        .trim()
        .to_string();
    let entry = cluster.nodes[0].addr();
    let reshard = std::thread::spawn(move || {
        Command::new("redis-cli")
            .args(["--cluster", "reshard", &entry, "--cluster-from", &from])
            .args([
                "--cluster-to",
                &to,
                "--cluster-slots",
                "3000",
                "--cluster-yes",
            ])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    });
    let mut acked: HashMap<String, Vec<String>> = HashMap::new();
    let mut n = 0;
    while !reshard.is_finished() || n < 300 {
        let c = &channels[n % channels.len()];
        if let Ok(r) = a.publish(&publish(c, &n.to_string())).await {
            assert!(r.event_id.is_some(), "{c}: {r:?}");
            acked.entry(c.clone()).or_default().push(n.to_string());
        }
        n += 1;
        assert!(n < 20_000, "the reshard did not finish");
    }
    assert!(
        reshard.join().unwrap(),
        "redis-cli --cluster reshard failed"
    );
    for (c, sub) in channels.iter().zip(subs.iter_mut()) {
        let want = acked.remove(c).unwrap_or_default();
        let mut got = Vec::new();
        while got.len() < want.len() {
            match next_event(sub, Duration::from_secs(10)).await {
                Some(e) => got.push(e.payload),
                None => break,
            }
        }
        assert_eq!(got, want, "{c}: every acknowledged event once, in order");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hubs_over_sentinel_carry_on_after_the_primary_is_killed() {
    let mut deployment = Sentinels::start();
    // Each publish waits for the replica, so a failover loses none of them.
    let hubs = hubs_over(&deployment.url(), 2, &["--redis-wait-replicas", "1"]);
    let (a, b) = (hubs[0].client(), hubs[1].client());
    let mut sub = subscribed(&b, sub_opts("failover", ctx("i1", "m", &[]))).await;
    let mut acked = Vec::new();
    for n in 0..20 {
        a.publish(&publish("failover", &format!("before-{n}")))
            .await
            .expect("publish before the failover");
        acked.push(format!("before-{n}"));
    }
    deployment.primary.kill();
    let killed = Instant::now();
    let mut n = 0;
    let back = loop {
        match a.publish(&publish("failover", &format!("after-{n}"))).await {
            Ok(r) => {
                assert!(r.event_id.is_some(), "{r:?}");
                acked.push(format!("after-{n}"));
                break killed.elapsed();
            }
            Err(e) => assert!(
                e.to_string().contains("503") || e.to_string().contains("CLUSTER_UNAVAILABLE"),
                "{e}"
            ),
        }
        n += 1;
        assert!(
            killed.elapsed() < Duration::from_secs(20),
            "no publish succeeded within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    for m in 0..20 {
        a.publish(&publish("failover", &format!("later-{m}")))
            .await
            .expect("publish after the failover");
        acked.push(format!("later-{m}"));
    }
    let mut got = Vec::new();
    let last = acked.last().cloned();
    while got.last() != last.as_ref() {
        match next_event(&mut sub, Duration::from_secs(15)).await {
            Some(e) => got.push(e.payload),
            None => break,
        }
    }
    assert_eq!(
        got, acked,
        "every acknowledged event once, in order (back after {back:?})"
    );
}
