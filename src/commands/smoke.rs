//! `frt smoke`: checks the whole system end to end, on an embedded hub by default or
//! on a live one with `--endpoint`, and prints a checklist with a time per check.

use std::future::Future;
use std::time::{Duration, Instant};

use colored::Colorize;
use serde_json::{Value, json};

use crate::Error;
use crate::channel::ModuleContext;
use crate::cli::SmokeArgs;
use crate::client::{
    Client, ConnectOptions, Publish, ReceivedEvent, SignRequest, StreamItem, SubscribeOptions,
    Subscription,
};
use crate::commands::{Invocation, refuse_forge_proxy};
use crate::exit::ExitStatus;
use crate::hub;
use crate::printer::{Render, paint, print_line};
use crate::token::Permission;

/// How long a check waits for an event that should arrive, and listens for one that
/// should not.
const ARRIVE: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(200);

struct CheckResult {
    name: &'static str,
    elapsed: Duration,
    outcome: Result<String, String>,
}

pub async fn run(args: &SmokeArgs, inv: &Invocation) -> Result<ExitStatus, Error> {
    refuse_forge_proxy("smoke", &args.conn)?;
    let mut embedded = None;
    let client = match &args.conn.endpoint {
        Some(_) => Client::from_options(&crate::commands::connect_options(&args.conn, inv))?,
        None => {
            let running = hub::start_ephemeral(|_| {})
                .await
                .map_err(|e| Error::Other(format!("{e:#}")))?;
            let client = Client::new(
                running.endpoint(),
                running.api_key().to_string(),
                &ConnectOptions {
                    request_timeout: Some(args.conn.request_timeout),
                    retries: Some(2),
                    ..Default::default()
                },
            )?;
            embedded = Some(running);
            client
        }
    };
    let where_ = if embedded.is_some() {
        format!("embedded hub on {}", client.endpoint())
    } else {
        format!("hub at {}", client.endpoint())
    };
    // A live hub must answer before anything else, or every check would fail alike.
    if let Err(e) = client.get_text("/metrics").await {
        return Err(match e {
            Error::Unreachable { .. } | Error::Timeout { .. } => e,
            other => Error::Other(format!(
                "the hub at {} refused the smoke test: {other}",
                client.endpoint()
            )),
        });
    }
    if inv.printer.is_human() {
        inv.printer.status(&format!("frt smoke — {where_}"));
    }
    let smoke = Smoke::new(client);
    let started = Instant::now();
    let mut results = Vec::new();
    macro_rules! check {
        ($name:expr, $f:expr) => {{
            let r = timed($name, $f).await;
            if inv.printer.is_human() {
                print_line(&check_line(&r, inv.printer.palette.stdout));
            }
            results.push(r);
        }};
    }
    check!("scoped round trip", smoke.scoped_round_trip());
    check!("global round trip", smoke.global_round_trip());
    check!("planes do not mix", smoke.planes_do_not_mix());
    check!("context scoping (two issues)", smoke.context_scoping());
    check!("context overrides", smoke.overrides());
    check!("token claims matching", smoke.claims_matching());
    check!("token rejection codes", smoke.rejection_codes());
    check!("replay", smoke.replay());
    check!("null result with no subscriber", smoke.null_result());
    let passed = results.iter().filter(|r| r.outcome.is_ok()).count();
    let all = passed == results.len();
    if let Some(running) = embedded {
        let _ = running.shutdown().await;
    }
    inv.printer.print(&Report {
        hub: &where_,
        results: &results,
        elapsed: started.elapsed(),
    });
    Ok(if all {
        ExitStatus::Ok
    } else {
        ExitStatus::Failure
    })
}

async fn timed(name: &'static str, f: impl Future<Output = Result<String, String>>) -> CheckResult {
    let started = Instant::now();
    let outcome = tokio::time::timeout(Duration::from_secs(20), f)
        .await
        .unwrap_or_else(|_| Err("timed out after 20 s".into()));
    CheckResult {
        name,
        elapsed: started.elapsed(),
        outcome,
    }
}

/// Every check's outcome, with the total time.
struct Report<'a> {
    hub: &'a str,
    results: &'a [CheckResult],
    elapsed: Duration,
}

impl Report<'_> {
    fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.outcome.is_ok()).count()
    }
}

impl Render for Report<'_> {
    fn json(&self) -> Value {
        let checks: Vec<Value> = self
            .results
            .iter()
            .map(|r| {
                let (ok, text) = match &r.outcome {
                    Ok(d) => (true, d.clone()),
                    Err(e) => (false, e.clone()),
                };
                json!({"name": r.name, "ok": ok, "ms": r.elapsed.as_secs_f64() * 1000.0,
                       if ok { "detail" } else { "error" }: text})
            })
            .collect();
        json!({"hub": self.hub, "passed": self.passed() == self.results.len(), "checks": checks,
               "ms": self.elapsed.as_secs_f64() * 1000.0})
    }

    /// The summary; each check was printed as it finished.
    fn human(&self, on: bool) -> Option<String> {
        let passed = self.passed();
        let summary = format!(
            "{passed} of {} checks passed in {} ms",
            self.results.len(),
            self.elapsed.as_millis()
        );
        Some(if passed == self.results.len() {
            paint(on, &summary, |s| s.green().bold())
        } else {
            paint(on, &summary, |s| s.red().bold())
        })
    }
}

/// One check's line in the checklist.
fn check_line(r: &CheckResult, on: bool) -> String {
    let ms = format!("{:>6.1} ms", r.elapsed.as_secs_f64() * 1000.0);
    match &r.outcome {
        Ok(detail) => format!(
            "  {} {:<32} {}  {}",
            paint(on, "✓", |s| s.green().bold()),
            r.name,
            paint(on, &ms, |s| s.dimmed()),
            paint(on, detail, |s| s.dimmed())
        ),
        Err(e) => format!(
            "  {} {:<32} {}  {}",
            paint(on, "✗", |s| s.red().bold()),
            r.name,
            paint(on, &ms, |s| s.dimmed()),
            paint(on, e, |s| s.red())
        ),
    }
}

/// The checks. Channel names carry a random prefix and the installation is the
/// smoke test's own, so a run on a live hub never meets real traffic.
struct Smoke {
    client: Client,
    prefix: String,
    installation: String,
}

impl Smoke {
    fn new(client: Client) -> Smoke {
        let mut b = [0u8; 6];
        let _ = getrandom::fill(&mut b);
        let tag: String = b.iter().map(|x| format!("{x:02x}")).collect();
        Smoke {
            client,
            prefix: format!("frt-smoke-{tag}-"),
            installation: format!("frt-smoke-{tag}"),
        }
    }

    fn ctx(&self, module: &str, ext: &[(&str, &str)]) -> ModuleContext {
        ModuleContext::new(&self.installation, module).with_extension(ext)
    }

    fn channel(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    async fn subscribe(&self, opts: SubscribeOptions) -> Result<Subscription, String> {
        let mut sub = self
            .client
            .subscribe(opts)
            .await
            .map_err(|e| e.to_string())?;
        match tokio::time::timeout(ARRIVE, sub.next()).await {
            Ok(Ok(StreamItem::Subscribed { .. })) => Ok(sub),
            Ok(Ok(other)) => Err(format!(
                "expected a subscription confirmation, got {other:?}"
            )),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err("no subscription confirmation within 5 s".into()),
        }
    }

    fn sub_opts(&self, channel: &str, context: ModuleContext) -> SubscribeOptions {
        SubscribeOptions {
            channels: vec![channel.to_string()],
            global: false,
            context,
            overrides: None,
            token: None,
            replay_seconds: None,
            reconnect: false,
            since: None,
        }
    }

    fn publish_of(&self, channel: &str, payload: &str, context: ModuleContext) -> Publish {
        Publish::new(channel, payload, context)
    }

    /// Publishes; Ok(true) when it found a subscriber.
    async fn publish(&self, p: &Publish) -> Result<bool, String> {
        let r = self.client.publish(p).await.map_err(|e| e.to_string())?;
        Ok(r.event_id.is_some())
    }

    async fn expect_event(sub: &mut Subscription, payload: &str) -> Result<ReceivedEvent, String> {
        match sub.next_event(ARRIVE).await.map_err(|e| e.to_string())? {
            Some(e) if e.payload == payload => Ok(e),
            Some(e) => Err(format!("received {:?}, expected {payload:?}", e.payload)),
            None => Err(format!("{payload:?} did not arrive within 5 s")),
        }
    }

    async fn expect_nothing(sub: &mut Subscription, what: &str) -> Result<(), String> {
        match sub.next_event(QUIET).await.map_err(|e| e.to_string())? {
            None => Ok(()),
            Some(e) => Err(format!("{what}: received {:?}", e.payload)),
        }
    }

    async fn scoped_round_trip(&self) -> Result<String, String> {
        let ch = self.channel("scoped");
        let cx = self.ctx("jira:issuePanel", &[("issue", "10001")]);
        let mut sub = self.subscribe(self.sub_opts(&ch, cx.clone())).await?;
        let payload = "{\"hello\":\"smoke\",\"ü\":\"\\\"q\\\"\"}";
        let r = self
            .client
            .publish(&self.publish_of(&ch, payload, cx))
            .await
            .map_err(|e| e.to_string())?;
        let id = r.event_id.ok_or("the publish found no subscriber")?;
        let e = Self::expect_event(&mut sub, payload).await?;
        if e.event_id != id {
            return Err(format!(
                "delivered id {} differs from the published id {id}",
                e.event_id
            ));
        }
        Ok("payload delivered byte for byte".into())
    }

    async fn global_round_trip(&self) -> Result<String, String> {
        let ch = self.channel("global");
        let mut opts = self.sub_opts(&ch, self.ctx("confluence:macro", &[("space", "S")]));
        opts.global = true;
        let mut sub = self.subscribe(opts).await?;
        let mut p = self.publish_of(&ch, "g", self.ctx("jira:issuePanel", &[("issue", "1")]));
        p.global = true;
        if !self.publish(&p).await? {
            return Err("the global publish found no subscriber".into());
        }
        Self::expect_event(&mut sub, "g").await?;
        Ok("across modules and products".into())
    }

    async fn planes_do_not_mix(&self) -> Result<String, String> {
        let ch = self.channel("planes");
        let cx = self.ctx("m", &[]);
        let mut scoped = self.subscribe(self.sub_opts(&ch, cx.clone())).await?;
        let mut g = self.publish_of(&ch, "to-global", cx.clone());
        g.global = true;
        if self.publish(&g).await? {
            return Err("a global publish found a scoped subscriber".into());
        }
        Self::expect_nothing(
            &mut scoped,
            "a global publish reached a scoped subscription",
        )
        .await?;
        scoped.unsubscribe().await;
        let mut gopts = self.sub_opts(&ch, cx.clone());
        gopts.global = true;
        let mut global = self.subscribe(gopts).await?;
        if self.publish(&self.publish_of(&ch, "to-scoped", cx)).await? {
            return Err("a scoped publish found a global subscriber".into());
        }
        Self::expect_nothing(
            &mut global,
            "a scoped publish reached a global subscription",
        )
        .await?;
        Ok("neither way".into())
    }

    async fn context_scoping(&self) -> Result<String, String> {
        let ch = self.channel("issues");
        let mut sub = self
            .subscribe(self.sub_opts(&ch, self.ctx("jira:issuePanel", &[("issue", "1")])))
            .await?;
        if self
            .publish(&self.publish_of(&ch, "wrong", self.ctx("jira:issuePanel", &[("issue", "2")])))
            .await?
        {
            return Err("a publish on issue 2 reached a subscriber on issue 1".into());
        }
        if !self
            .publish(&self.publish_of(&ch, "right", self.ctx("jira:issuePanel", &[("issue", "1")])))
            .await?
        {
            return Err("a publish on the same issue found no subscriber".into());
        }
        Self::expect_event(&mut sub, "right").await?;
        Ok("issue 2 does not reach issue 1".into())
    }

    async fn overrides(&self) -> Result<String, String> {
        let ch = self.channel("overrides");
        let mut opts = self.sub_opts(
            &ch,
            self.ctx("jira:issuePanel", &[("issue", "1"), ("project", "P")]),
        );
        opts.overrides = Some(vec!["project".into()]);
        let mut sub = self.subscribe(opts).await?;
        let mut p = self.publish_of(
            &ch,
            "o",
            self.ctx("jira:issueContext", &[("issue", "2"), ("project", "P")]),
        );
        if self.publish(&p).await? {
            return Err("a publish without overrides met an override subscription".into());
        }
        p.overrides = Some(vec!["project".into()]);
        if !self.publish(&p).await? {
            return Err("[project] did not meet [project] across modules".into());
        }
        Self::expect_event(&mut sub, "o").await?;
        Ok("[project] meets across modules".into())
    }

    async fn sign(
        &self,
        channel: &str,
        claims: Value,
        perms: Option<Vec<Permission>>,
        ttl: Option<Duration>,
    ) -> Result<String, String> {
        self.client
            .sign_token(&SignRequest {
                channel: channel.into(),
                claims,
                permissions: perms,
                ttl,
                context: self.ctx("m", &[]),
            })
            .await
            .map(|r| r.token)
            .map_err(|e| e.to_string())
    }

    async fn claims_matching(&self) -> Result<String, String> {
        let ch = self.channel("claims");
        let cx = self.ctx("m", &[]);
        let t1 = self
            .sign(&ch, json!({"team": "red", "n": 1}), None, None)
            .await?;
        let t2 = self
            .sign(&ch, json!({"n": 1, "team": "red"}), None, None)
            .await?;
        let t3 = self
            .sign(&ch, json!({"team": "blue", "n": 1}), None, None)
            .await?;
        let mut opts = self.sub_opts(&ch, cx.clone());
        opts.token = Some(t1);
        let mut sub = self.subscribe(opts).await?;
        let mut p = self.publish_of(&ch, "other", cx.clone());
        p.token = Some(t3);
        if self.publish(&p).await? {
            return Err("different claims met".into());
        }
        p.token = None;
        if self.publish(&p).await? {
            return Err("a publish without a token met a token subscription".into());
        }
        p.token = Some(t2);
        p.payload = "same".into();
        if !self.publish(&p).await? {
            return Err("equal claims (keys in another order) did not meet".into());
        }
        Self::expect_event(&mut sub, "same").await?;
        Ok("equal claims meet, others do not".into())
    }

    async fn rejection_codes(&self) -> Result<String, String> {
        let ch = self.channel("tokens");
        let cx = self.ctx("m", &[]);
        let other = self
            .sign(&self.channel("elsewhere"), json!({}), None, None)
            .await?;
        let sub_only = self
            .sign(&ch, json!({}), Some(vec![Permission::Subscribe]), None)
            .await?;
        let short = self
            .sign(&ch, json!({}), None, Some(Duration::from_secs(1)))
            .await?;
        let good = self.sign(&ch, json!({}), None, None).await?;
        let tampered = format!("{}x", good.trim_end_matches('='));
        let exp = crate::token::decode_unverified(&short)
            .and_then(|d| d.exp())
            .map_err(|e| e.to_string())?;
        let wait = exp - crate::timefmt::epoch_seconds_f64(std::time::SystemTime::now()) + 0.05;
        if wait > 0.0 {
            tokio::time::sleep(Duration::from_secs_f64(wait.min(2.0))).await;
        }
        let mut seen = Vec::new();
        for (token, want) in [
            (other, "CHANNEL_NAME_MISMATCH"),
            (sub_only, "MISSING_PERMISSION"),
            (short, "TOKEN_EXPIRED"),
            (tampered, "INVALID_TOKEN"),
        ] {
            let mut p = self.publish_of(&ch, "x", cx.clone());
            p.token = Some(token);
            match self.client.publish(&p).await {
                Err(Error::Token(t)) if t.code.as_str() == want => seen.push(want),
                Err(e) => return Err(format!("expected {want}, got {e}")),
                Ok(_) => return Err(format!("expected {want}, but the publish was accepted")),
            }
        }
        Ok(seen.join(", "))
    }

    async fn replay(&self) -> Result<String, String> {
        let ch = self.channel("replay");
        let cx = self.ctx("m", &[]);
        let _anchor = self.subscribe(self.sub_opts(&ch, cx.clone())).await?;
        for i in 1..=3 {
            self.publish(&self.publish_of(&ch, &format!("r{i}"), cx.clone()))
                .await?;
        }
        let mut opts = self.sub_opts(&ch, cx.clone());
        opts.replay_seconds = Some(60);
        let mut late = self.subscribe(opts).await?;
        for i in 1..=3 {
            Self::expect_event(&mut late, &format!("r{i}")).await?;
        }
        self.publish(&self.publish_of(&ch, "live", cx)).await?;
        Self::expect_event(&mut late, "live").await?;
        Self::expect_nothing(&mut late, "a duplicate after replay").await?;
        Ok("3 past events, then live, no duplicate".into())
    }

    async fn null_result(&self) -> Result<String, String> {
        let ch = self.channel("nobody");
        let r = self
            .client
            .publish(&self.publish_of(&ch, "x", self.ctx("m", &[])))
            .await
            .map_err(|e| e.to_string())?;
        match (r.event_id, r.event_timestamp) {
            (None, None) => Ok("eventId and eventTimestamp are null".into()),
            other => Err(format!("expected nulls, got {other:?}")),
        }
    }
}
