//! HTTPS and WSS end to end: a certificate authority and a hub certificate made at
//! run time (rcgen), `frt serve --tls-cert/--tls-key`, and the whole publish,
//! subscribe and token path through the real binary with `--cacert`.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair, SanType};

/// A CA, and a certificate for 127.0.0.1 and localhost that it signed, as PEM files.
struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    fn new() -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
        let leaf_key = KeyPair::generate().unwrap();
        let mut leaf = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
        leaf.subject_alt_names
            .push(SanType::IpAddress("127.0.0.1".parse().unwrap()));
        let cert = leaf.signed_by(&leaf_key, &ca).unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        };
        write("ca.pem", &ca.pem());
        write("hub.pem", &cert.pem());
        write("hub.key", &leaf_key.serialize_pem());
        write("other.key", &KeyPair::generate().unwrap().serialize_pem());
        Pki { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn arg(&self, name: &str) -> String {
        self.path(name).to_str().unwrap().to_string()
    }
}

fn tls_hub(pki: &Pki) -> TestHub {
    TestHub::start(&[
        "--tls-cert",
        &pki.arg("hub.pem"),
        "--tls-key",
        &pki.arg("hub.key"),
    ])
}

fn frt_with(hub: &TestHub, ca: &Path, args: &[&str]) -> Output {
    run({
        let mut c = hub.frt();
        c.args(args).env("FRT_CACERT", ca);
        c
    })
}

#[test]
fn publish_subscribe_and_tokens_run_over_tls() {
    let pki = Pki::new();
    let hub = tls_hub(&pki);
    assert!(
        hub.endpoint.starts_with("https://127.0.0.1:"),
        "{}",
        hub.endpoint
    );
    let hub_json = std::fs::read_to_string(hub.state_dir().join("hub.json")).unwrap();
    assert!(hub_json.contains("\"https://127.0.0.1:"), "{hub_json}");
    let ca = pki.path("ca.pem");

    let token = frt_with(&hub, &ca, &["sign-token", "orders", "--claim", "team=red"]);
    assert_eq!(token.code, 0, "{}", token.stderr);
    let token = token.stdout.trim().to_string();
    let verified = frt_with(&hub, &ca, &["inspect-token", &token, "--verify"]);
    assert_eq!(verified.code, 0, "{}", verified.stderr);
    assert!(
        verified
            .stdout
            .contains("good, verified by the hub at https://")
    );

    let sub = {
        let mut c = hub.frt();
        c.env("FRT_CACERT", &ca).args([
            "subscribe",
            "orders",
            "--token",
            &token,
            "-c",
            "1",
            "-o",
            "raw",
        ]);
        SubProcess::spawn(c)
    };
    let out = frt_with(
        &hub,
        &ca,
        &["publish", "orders", "over tls", "--token", &token],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(sub.take_lines(1, Duration::from_secs(10)), vec!["over tls"]);
    let out = frt_with(
        &hub,
        &ca,
        &["smoke", "-e", &hub.endpoint, "--api-key", &hub.api_key],
    );
    assert_eq!(out.code, 0, "smoke over TLS: {}{}", out.stdout, out.stderr);
}

#[test]
fn an_unknown_certificate_is_refused_unless_insecure_and_insecure_warns() {
    let pki = Pki::new();
    let hub = tls_hub(&pki);
    let out = frt_in(&hub, &["publish", "demo", "hi", "--retries", "0"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.to_lowercase().contains("certificate"),
        "names the certificate problem: {}",
        out.stderr
    );
    let out = frt_in(&hub, &["publish", "demo", "hi", "--insecure", "-q"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("warning: --insecure"),
        "warns even with -q: {}",
        out.stderr
    );
}

#[test]
fn plain_http_to_a_tls_hub_is_named_as_such() {
    let pki = Pki::new();
    let hub = tls_hub(&pki);
    let plain = hub.endpoint.replace("https://", "http://");
    for command in ["publish", "subscribe"] {
        let mut args = vec![command, "demo"];
        if command == "publish" {
            args.push("hi");
        }
        args.extend(["-e", &plain, "--api-key", &hub.api_key, "--retries", "0"]);
        let out = frt_in(&hub, &args);
        assert_eq!(out.code, 1, "{command}");
        assert!(
            out.stderr
                .contains("speaks HTTPS, not plain HTTP; use https://"),
            "{command}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_certificate_that_does_not_match_its_key_stops_serve() {
    let pki = Pki::new();
    let state = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = run({
        let mut c = clean_command(home.path());
        c.args(["serve", "--addr", "127.0.0.1:0", "--state-dir"])
            .arg(state.path())
            .args([
                "--tls-cert",
                &pki.arg("hub.pem"),
                "--tls-key",
                &pki.arg("other.key"),
            ]);
        c
    });
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("does not match the key"),
        "{}",
        out.stderr
    );
    let out = run({
        let mut c = clean_command(home.path());
        c.args(["serve", "--state-dir"])
            .arg(state.path())
            .args(["--tls-cert", &pki.arg("hub.pem")]);
        c
    });
    assert_eq!(out.code, 2, "a certificate needs its key: {}", out.stderr);
}

/// Waits (bounded) until the hub closes `stream`: a read answers end of stream or an
/// error.
async fn closed_by_hub(stream: &mut tokio::net::TcpStream, limit: Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 512];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

/// Connections still in their TLS handshake count against `--max-pending` like ones
/// that sent no request: a flood of silent sockets and partial ClientHellos has the
/// oldest closed, and real clients still get in.
#[tokio::test]
async fn unfinished_tls_handshakes_count_against_max_pending() {
    use tokio::io::AsyncWriteExt;
    let pki = Pki::new();
    let hub = TestHub::start(&[
        "--tls-cert",
        &pki.arg("hub.pem"),
        "--tls-key",
        &pki.arg("hub.key"),
        "--max-pending",
        "8",
        "--header-timeout",
        "60s",
    ]);
    let mut flood = Vec::new();
    for n in 0..64 {
        let mut s = tokio::net::TcpStream::connect(hub.addr()).await.unwrap();
        if n % 2 == 1 {
            // The first bytes of a ClientHello record, and nothing more.
            s.write_all(&[0x16, 0x03, 0x01, 0x02, 0x00, 0x01])
                .await
                .unwrap();
        }
        flood.push(s);
    }
    let mut closed = 0;
    for s in flood.iter_mut().take(56) {
        if closed_by_hub(s, Duration::from_secs(5)).await {
            closed += 1;
        }
    }
    assert_eq!(
        closed, 56,
        "every connection beyond the newest 8 was closed"
    );
    let out = frt_with(&hub, &pki.path("ca.pem"), &["publish", "tls", "still in"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}
