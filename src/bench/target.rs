//! The hub under test: an embedded one on its own runtime (threads named `frt-hub`,
//! so their CPU time can be told apart from the load generator's), or one already
//! running elsewhere.

use std::time::Duration;

use crate::Error;
use crate::client::{Client, ConnectOptions};
use crate::hub::{self, EphemeralHub};
use crate::process::{pin_current_thread, raise_fd_limit, thread_cpu};

/// The hub under test.
pub struct Target {
    pub endpoint: String,
    pub api_key: String,
    pub client: Client,
    embedded: Option<Embedded>,
}

pub(super) struct Embedded {
    running: Option<EphemeralHub>,
    runtime: tokio::runtime::Runtime,
}

impl Target {
    /// Starts an embedded hub (rate limit off) on two `frt-hub` worker threads.
    pub fn embedded(queue_limit: usize) -> Result<Target, Error> {
        raise_fd_limit();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("frt-hub")
            .enable_all()
            .build()
            .map_err(|e| Error::Other(format!("cannot start the hub runtime: {e}")))?;
        let running = runtime
            .block_on(hub::start_ephemeral(|c| c.queue_limit = queue_limit))
            .map_err(|e| Error::Other(format!("{e:#}")))?;
        let endpoint = running.endpoint();
        let api_key = running.api_key().to_string();
        let client = bench_client(&endpoint, &api_key)?;
        Ok(Target {
            endpoint,
            api_key,
            client,
            embedded: Some(Embedded {
                running: Some(running),
                runtime,
            }),
        })
    }

    /// A hub that is already running.
    pub fn external(client: Client) -> Target {
        raise_fd_limit();
        Target {
            endpoint: client.endpoint().to_string(),
            api_key: client.api_key().to_string(),
            client,
            embedded: None,
        }
    }

    pub fn is_embedded(&self) -> bool {
        self.embedded.is_some()
    }

    /// Pins the embedded hub's event-loop thread to `cpu` (or lets it run anywhere
    /// again with `None`). Returns false when there is no embedded hub or pinning
    /// is not possible here.
    pub fn pin_hub(&self, cpu: Option<usize>) -> bool {
        let Some(e) = &self.embedded else {
            return false;
        };
        e.runtime
            .block_on(async { tokio::spawn(async move { pin_current_thread(cpu) }).await })
            .unwrap_or(false)
    }

    pub(super) fn addr(&self) -> String {
        self.endpoint.trim_start_matches("http://").to_string()
    }

    /// Hub CPU time so far: the `frt-hub` threads of this process when embedded, else
    /// the hub process's own figure from `/metrics`.
    pub async fn hub_cpu(&self) -> Option<Duration> {
        if self.is_embedded() {
            return thread_cpu("frt-hub");
        }
        let text = self.client.get_text("/metrics").await.ok()?;
        metric(&text, "frt_process_cpu_seconds_total").map(Duration::from_secs_f64)
    }

    /// Hub resident memory, from `/metrics`.
    pub async fn hub_rss(&self) -> Option<u64> {
        let text = self.client.get_text("/metrics").await.ok()?;
        metric(&text, "frt_process_resident_memory_bytes").map(|v| v as u64)
    }

    pub fn shutdown(mut self) {
        if let Some(mut e) = self.embedded.take()
            && let Some(running) = e.running.take()
        {
            let _ = e.runtime.block_on(running.shutdown());
            e.runtime.shutdown_timeout(Duration::from_secs(1));
        }
    }
}

pub(super) fn bench_client(endpoint: &str, api_key: &str) -> Result<Client, Error> {
    Client::new(
        endpoint.to_string(),
        api_key.to_string(),
        &ConnectOptions {
            retries: Some(0),
            request_timeout: Some(Duration::from_secs(30)),
            ..Default::default()
        },
    )
}

pub(super) fn metric(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

pub(super) fn cpu_delta(before: Option<Duration>, after: Option<Duration>) -> Option<Duration> {
    Some(after?.saturating_sub(before?))
}
