//! Goals 3, 4 and 5 (and goal 1's peak RSS) with real Terraform: the `examples/bench-300`
//! module applied to LocalStack through `tools/apigw-proxy`, which enforces API Gateway's
//! control-plane quota (10 requests/s, burst 40, 429 TooManyRequestsException beyond it)
//! and counts every call by operation and status.
//!
//! Sequence (each phase through a fresh proxy, so every phase starts with a full bucket and
//! zeroed counters):
//! 1. apply at -parallelism=10: calls per create, wall time against the quota bound
//! 2. plan (refresh) of the applied module: calls and wall time; plan -refresh=false as the
//!    floor of Terraform's own work
//! 3. apply with a changed `operation_prefix`: one UpdateMethod per method, nothing else
//! 4. destroy: one Delete per object
//! 5. apply at -parallelism=30 (destroyed afterwards straight against LocalStack)
//! 6. the baseline: both applies again with the provider's own limiter off
//!    (`APIGW_RATE_LIMIT=off`), leaving throttling to the SDK's retries
//!
//! Every provider process logs its peak RSS and AWS call count when it shuts down
//! (`src/plugin/serve.rs`); Terraform writes them to `TF_LOG_PATH` with
//! `TF_LOG_PROVIDER=debug`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value as Json;

use super::report::{Report, Row, Verdict, mb, secs};
use crate::{Options, repo};

/// API Gateway's quota, as the proxy enforces it.
const RATE: f64 = 10.0;
const BURST: f64 = 40.0;
/// Goal 5's bounds.
const GOAL_RATIO: f64 = 1.15;
const GOAL_429_SHARE: f64 = 0.05;
/// Goal 4's bounds.
const GOAL_PLAN_CALLS: u64 = 10;
const GOAL_PLAN_WALL: Duration = Duration::from_secs(5);
/// Goal 1's memory bound, bytes.
const GOAL_RSS: u64 = 20_000_000;
/// No Terraform command of the benchmark should come near this; a hung one is killed.
const COMMAND_LIMIT: Duration = Duration::from_secs(900);
const MACHINE_TERRAFORM: &str = "/usr/local/bin/terraform";

/// The module's size: `collections` paths with 4 methods × 4 objects each, plus the API,
/// the paths, the gateway responses, a deployment, a stage and its method settings (see
/// examples/bench-300/main.tf).
#[derive(Debug, Clone, Copy)]
struct Size {
    collections: u64,
    gateway_responses: u64,
}

impl Size {
    fn objects(self) -> u64 {
        1 + self.collections + 16 * self.collections + self.gateway_responses + PUBLISHING
    }
    fn methods(self) -> u64 {
        4 * self.collections
    }
}

/// The deployment, the stage and its method settings.
const PUBLISHING: u64 = 3;
/// The writes of one redeploy: CreateDeployment, UpdateStage (the stage moves) and
/// DeleteDeployment (the one it left).
const REDEPLOY: [&str; 3] = ["CreateDeployment", "UpdateStage", "DeleteDeployment"];

/// The full module: 300 objects that define the API, plus the deployment and the stage.
const FULL: Size = Size {
    collections: 17,
    gateway_responses: 10,
};
/// The smoke module: 23 objects (20 that define the API, a deployment, a stage and its method settings), inside the burst.
const SMOKE: Size = Size {
    collections: 1,
    gateway_responses: 2,
};

/// Whether the provider's own token bucket is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limiter {
    Quota,
    Off,
}

// ---------------------------------------------------------------------------------------
// LocalStack and the proxy.

/// Runs a script from `scripts/`; the last line of its stdout.
fn script(name: &str, args: &[&str], envs: &[(&str, &str)]) -> Result<String, String> {
    let out = Command::new("bash")
        .arg(repo().join("scripts").join(name))
        .args(args)
        .envs(envs.iter().copied())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {name}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{name} {args:?} failed ({})", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_owned())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_or(4566, |a| a.port())
}

/// A LocalStack started for this run, stopped when dropped.
#[derive(Debug)]
struct LocalStack {
    endpoint: String,
    port: String,
}

impl LocalStack {
    fn start() -> Result<Self, String> {
        let port = free_port().to_string();
        let endpoint = script("localstack.sh", &["start"], &[("LOCALSTACK_PORT", &port)])?;
        Ok(Self { endpoint, port })
    }

    fn version(&self) -> String {
        let addr = self.endpoint.trim_start_matches("http://");
        http_get(addr, "/_localstack/health")
            .ok()
            .and_then(|b| serde_json::from_str::<Json>(&b).ok())
            .and_then(|j| j["version"].as_str().map(str::to_owned))
            .unwrap_or_else(|| "unknown".to_owned())
    }
}

impl Drop for LocalStack {
    fn drop(&mut self) {
        let envs = [
            ("LOCALSTACK_PORT", self.port.as_str()),
            ("LOCALSTACK_KEEP_LOG", "0"),
        ];
        if let Err(e) = script("localstack.sh", &["stop"], &envs) {
            eprintln!("perf: stopping LocalStack failed: {e}");
        }
    }
}

/// `GET path` over HTTP/1.0 (no chunked encoding to undo); the body.
fn http_get(addr: &str, path: &str) -> Result<String, String> {
    let mut s = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").map_err(|e| e.to_string())?;
    let mut text = String::new();
    s.read_to_string(&mut text).map_err(|e| e.to_string())?;
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("malformed answer from {addr}{path}"))?;
    if !head.starts_with("HTTP/1.1 200") && !head.starts_with("HTTP/1.0 200") {
        return Err(format!(
            "{addr}{path}: {}",
            head.lines().next().unwrap_or_default()
        ));
    }
    Ok(body.to_owned())
}

/// The quota proxy in front of LocalStack, killed when dropped.
#[derive(Debug)]
struct Proxy {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    /// Kept open: the proxy may print more, and a closed pipe would kill it.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Proxy {
    fn start(bin: &Path, upstream: &str, log: &Path) -> Result<Self, String> {
        let log = File::create(log).map_err(|e| e.to_string())?;
        let mut child = Command::new(bin)
            .args(["--listen", "127.0.0.1:0", "--upstream", upstream])
            .args(["--rate", &RATE.to_string(), "--burst", &BURST.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut line = String::new();
        let _ = stdout.read_line(&mut line);
        let Some(addr) = line.trim().strip_prefix("listening on http://") else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "apigw-proxy printed {line:?} instead of its address"
            ));
        };
        Ok(Self {
            addr: addr.to_owned(),
            child,
            _stdout: stdout,
        })
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn stats(&self) -> Result<Stats, String> {
        let body = http_get(&self.addr, "/_proxy/stats")?;
        Stats::parse(&body)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The proxy's counters for one phase.
#[derive(Debug, Default, Clone)]
struct Stats {
    /// Every request received.
    requests: u64,
    /// 429s, whoever answered them.
    answered_429: u64,
    /// Requests by operation, then by status code.
    by_operation: BTreeMap<String, BTreeMap<String, u64>>,
}

impl Stats {
    fn parse(body: &str) -> Result<Self, String> {
        let j: Json = serde_json::from_str(body).map_err(|e| format!("proxy stats: {e}"))?;
        let mut by_operation = BTreeMap::new();
        if let Some(ops) = j["operation_status"].as_object() {
            for (op, codes) in ops {
                let codes = codes
                    .as_object()
                    .map(|c| {
                        c.iter()
                            .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
                            .collect()
                    })
                    .unwrap_or_default();
                by_operation.insert(op.clone(), codes);
            }
        }
        Ok(Self {
            requests: j["requests"].as_u64().unwrap_or(0),
            answered_429: j["status"]["429"].as_u64().unwrap_or(0),
            by_operation,
        })
    }

    /// Calls of `op` that were not throttled.
    fn admitted_of(&self, op: &str) -> u64 {
        self.by_operation.get(op).map_or(0, |codes| {
            codes
                .iter()
                .filter(|(c, _)| c.as_str() != "429")
                .map(|(_, n)| n)
                .sum()
        })
    }

    /// Calls that were not throttled: the ones that cost quota.
    fn admitted(&self) -> u64 {
        self.requests - self.answered_429
    }

    /// Admitted calls of the operations whose name starts with one of `prefixes`.
    fn admitted_where(&self, prefixes: &[&str]) -> u64 {
        self.by_operation
            .keys()
            .filter(|op| prefixes.iter().any(|p| op.starts_with(p)))
            .map(|op| self.admitted_of(op))
            .sum()
    }

    /// Throttled (429) attempts of the operations whose name starts with one of `prefixes`.
    fn throttled_where(&self, prefixes: &[&str]) -> u64 {
        self.by_operation
            .iter()
            .filter(|(op, _)| prefixes.iter().any(|p| op.starts_with(p)))
            .filter_map(|(_, codes)| codes.get("429"))
            .sum()
    }

    /// Seconds the quota needs at least for the admitted calls: the burst is free, the rest
    /// comes at the steady rate.
    fn bound(&self) -> Duration {
        Duration::from_secs_f64((self.admitted() as f64 - BURST).max(0.0) / RATE)
    }

    fn share_429(&self) -> f64 {
        self.answered_429 as f64 / self.requests.max(1) as f64
    }
}

// ---------------------------------------------------------------------------------------
// Terraform.

/// The Terraform binary and its version: the machine's (1.11.x) when present, else the
/// project's 1.0.3.
fn terraform() -> Result<(PathBuf, String), String> {
    let version_of = |path: &Path| {
        let out = Command::new(path)
            .arg("version")
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .output()
            .ok()?;
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()?
            .strip_prefix("Terraform v")
            .map(str::to_owned)
    };
    let machine = PathBuf::from(MACHINE_TERRAFORM);
    if let Some(v) = version_of(&machine) {
        return Ok((machine, v));
    }
    let path = PathBuf::from(script("install-terraform.sh", &[], &[])?);
    let v = version_of(&path).ok_or_else(|| format!("{} does not run", path.display()))?;
    Ok((path, v))
}

/// One terraform command's outcome.
#[derive(Debug)]
struct Run {
    code: i32,
    wall: Duration,
    stdout: String,
    stderr: String,
}

impl Run {
    /// `N` in "Resources: N added" (apply) or "Resources: N destroyed" (destroy).
    fn resources(&self, what: &str) -> Option<u64> {
        let text = self.stdout.rsplit("Resources: ").next()?;
        let end = text.find(&format!(" {what}"))?;
        let start = text[..end]
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        text[start..end].parse().ok()
    }

    /// How many errors Terraform reported.
    fn errors(&self) -> usize {
        self.stderr.matches("Error: ").count()
    }

    /// The first error, for a failure message.
    fn first_error(&self) -> String {
        self.stderr
            .lines()
            .skip_while(|l| !l.contains("Error: "))
            .take(6)
            .map(|l| l.trim_start_matches(['│', ' ']))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What the provider processes of one command logged when they shut down.
#[derive(Debug, Default, Clone, Copy)]
struct ProviderLog {
    processes: u64,
    peak_rss_kb: u64,
    aws_calls: u64,
}

impl ProviderLog {
    fn parse(path: &Path) -> Self {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut out = Self::default();
        let number = |line: &str, key: &str| -> Option<u64> {
            let rest = &line[line.find(key)? + key.len()..];
            let digits: String = rest
                .trim_start_matches('"')
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        };
        for line in text.lines().filter(|l| l.contains("peak_rss_kb")) {
            out.processes += 1;
            out.peak_rss_kb = out
                .peak_rss_kb
                .max(number(line, "peak_rss_kb=").unwrap_or(0));
            out.aws_calls += number(line, "aws_calls_total=").unwrap_or(0);
        }
        out
    }
}

/// One phase: the command, the proxy's counters (when it went through the proxy) and the
/// provider processes' log.
#[derive(Debug)]
struct Phase {
    name: String,
    parallelism: u32,
    limiter: Limiter,
    run: Run,
    stats: Option<Stats>,
    log: ProviderLog,
}

/// Where the phases run.
struct Bench<'a> {
    tf: PathBuf,
    plugin_dir: PathBuf,
    proxy_bin: PathBuf,
    localstack: &'a LocalStack,
    scratch: PathBuf,
    size: Size,
    seq: u32,
}

/// A working directory holding a copy of the module and a CLI config with dev_overrides.
#[derive(Debug)]
struct Workdir {
    dir: PathBuf,
    name: String,
}

impl Bench<'_> {
    fn workdir(&self, name: &str) -> Result<Workdir, String> {
        let dir = self.scratch.join(format!("tf-{name}"));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let module = repo().join("examples/bench-300");
        for entry in std::fs::read_dir(&module).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.extension().is_some_and(|e| e == "tf") {
                std::fs::copy(&path, dir.join(path.file_name().expect("file name")))
                    .map_err(|e| e.to_string())?;
            }
        }
        std::fs::write(
            dir.join("cli.tfrc"),
            format!(
                "provider_installation {{\n  dev_overrides {{\n    \"registry.terraform.io/seed/apigateway\" = \"{}\"\n  }}\n  direct {{}}\n}}\n",
                self.plugin_dir.display()
            ),
        )
        .map_err(|e| e.to_string())?;
        Ok(Workdir {
            dir,
            name: format!("bench-{name}-{}", std::process::id()),
        })
    }

    /// Runs `terraform args` in `wd` against `endpoint`.
    fn terraform(
        &mut self,
        wd: &Workdir,
        args: &[&str],
        endpoint: &str,
        limiter: Limiter,
        extra_vars: &[String],
    ) -> Result<(Run, ProviderLog), String> {
        self.seq += 1;
        let log = self.scratch.join(format!("terraform-{:02}.log", self.seq));
        let out = self.scratch.join(format!("terraform-{:02}.out", self.seq));
        let err = self.scratch.join(format!("terraform-{:02}.err", self.seq));
        let tmp = self.scratch.join("tmp");
        std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
        let mut cmd = Command::new(&self.tf);
        cmd.current_dir(&wd.dir)
            .args(args)
            .args(["-no-color", "-input=false"])
            .arg(format!("-var=name={}", wd.name))
            .arg(format!("-var=endpoint={endpoint}"))
            .args(["-var=access_key=test", "-var=secret_key=test"])
            .arg(format!("-var=collections={}", self.size.collections))
            .arg(format!(
                "-var=gateway_responses={}",
                self.size.gateway_responses
            ))
            .args(extra_vars)
            .env("TF_CLI_CONFIG_FILE", wd.dir.join("cli.tfrc"))
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_LOG_PROVIDER", "debug")
            .env("TF_LOG_PATH", &log)
            .env("TMPDIR", &tmp)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env_remove("TF_LOG")
            .stdin(Stdio::null())
            .stdout(File::create(&out).map_err(|e| e.to_string())?)
            .stderr(File::create(&err).map_err(|e| e.to_string())?);
        match limiter {
            Limiter::Quota => cmd.env_remove("APIGW_RATE_LIMIT"),
            Limiter::Off => cmd.env("APIGW_RATE_LIMIT", "off"),
        };
        let started = Instant::now();
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", self.tf.display()))?;
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                break status;
            }
            if started.elapsed() > COMMAND_LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "terraform {} did not finish in {}",
                    args.join(" "),
                    secs(COMMAND_LIMIT)
                ));
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let wall = started.elapsed();
        let run = Run {
            code: status.code().unwrap_or(-1),
            wall,
            stdout: std::fs::read_to_string(&out).unwrap_or_default(),
            stderr: std::fs::read_to_string(&err).unwrap_or_default(),
        };
        Ok((run, ProviderLog::parse(&log)))
    }

    /// Runs a phase through a fresh proxy.
    fn phase(
        &mut self,
        name: &str,
        wd: &Workdir,
        args: &[&str],
        parallelism: u32,
        limiter: Limiter,
        extra_vars: &[String],
    ) -> Result<Phase, String> {
        eprintln!("perf:   {name}");
        let proxy_log = self.scratch.join(format!("proxy-{}.log", self.seq + 1));
        let proxy = Proxy::start(&self.proxy_bin, &self.localstack.endpoint, &proxy_log)?;
        let mut args = args.to_vec();
        let p = format!("-parallelism={parallelism}");
        args.push(&p);
        let (run, log) = self.terraform(wd, &args, &proxy.url(), limiter, extra_vars)?;
        let stats = proxy.stats()?;
        Ok(Phase {
            name: name.to_owned(),
            parallelism,
            limiter,
            run,
            stats: Some(stats),
            log,
        })
    }

    /// Destroys straight against LocalStack without refreshing: cleanup, not measured.
    fn cleanup(&mut self, wd: &Workdir) -> Result<(), String> {
        let endpoint = self.localstack.endpoint.clone();
        let (run, _) = self.terraform(
            wd,
            &[
                "destroy",
                "-auto-approve",
                "-refresh=false",
                "-parallelism=30",
            ],
            &endpoint,
            Limiter::Off,
            &[],
        )?;
        if run.code == 0 {
            Ok(())
        } else {
            Err(format!("cleanup destroy failed: {}", run.first_error()))
        }
    }
}

// ---------------------------------------------------------------------------------------
// The run.

pub fn run(opts: &Options, bin: &Path, scratch: &Path, report: &mut Report) {
    eprintln!("perf: Terraform through the quota proxy");
    if let Err(e) = run_inner(opts, bin, scratch, report) {
        report.fail(format!("Terraform benchmark: {e}"));
    }
}

fn run_inner(
    opts: &Options,
    bin: &Path,
    scratch: &Path,
    report: &mut Report,
) -> Result<(), String> {
    let size = if opts.smoke { SMOKE } else { FULL };
    let (tf, tf_version) = terraform()?;
    report.tool("Terraform", format!("{tf_version} ({})", tf.display()));
    let proxy_bin = std::env::var_os("APIGW_PROXY_BIN").map_or_else(
        || crate::provider_binary().with_file_name("apigw-proxy"),
        PathBuf::from,
    );
    if !proxy_bin.is_file() {
        return Err(format!(
            "{} is missing: build it with `cargo build --release -p apigw-proxy` \
             (scripts/bench.sh does), or set APIGW_PROXY_BIN",
            proxy_bin.display()
        ));
    }
    let localstack = LocalStack::start()?;
    report.tool("LocalStack", localstack.version());
    report.tool(
        "quota proxy",
        format!("tools/apigw-proxy, {RATE} requests/s, burst {BURST}, 429 beyond"),
    );
    let mut b = Bench {
        tf,
        plugin_dir: bin.parent().expect("binary dir").to_path_buf(),
        proxy_bin,
        localstack: &localstack,
        scratch: scratch.to_path_buf(),
        size,
        seq: 0,
    };
    let objects = size.objects();
    let apply = ["apply", "-auto-approve"];

    // 1-4 on one working directory.
    let wd = b.workdir("p10")?;
    let created = b.phase(
        "apply, -parallelism=10",
        &wd,
        &apply,
        10,
        Limiter::Quota,
        &[],
    )?;
    expect_ok(report, &created, objects, "added");
    let plan = b.phase(
        "plan (refresh)",
        &wd,
        &["plan", "-detailed-exitcode"],
        10,
        Limiter::Quota,
        &[],
    )?;
    if plan.run.code != 0 {
        report.fail(format!(
            "plan after apply: exit {} (0 = no changes expected): {}",
            plan.run.code,
            if plan.run.code == 2 {
                "the plan shows changes".to_owned()
            } else {
                plan.run.first_error()
            }
        ));
    }
    let floor = b.phase(
        "plan -refresh=false",
        &wd,
        &["plan", "-refresh=false"],
        10,
        Limiter::Quota,
        &[],
    )?;
    let updated = b.phase(
        "apply (update every method)",
        &wd,
        &apply,
        10,
        Limiter::Quota,
        &["-var=operation_prefix=V2".to_owned()],
    )?;
    // The methods, and the deployment and stage that publish them.
    expect_ok(report, &updated, size.methods() + 2, "changed");
    let destroyed = b.phase(
        "destroy",
        &wd,
        &["destroy", "-auto-approve"],
        10,
        Limiter::Quota,
        &["-var=operation_prefix=V2".to_owned()],
    )?;
    expect_ok(report, &destroyed, objects, "destroyed");

    // 5 and 6: the other applies, each on a fresh API, cleaned up directly.
    let mut applies = vec![created];
    for (parallelism, limiter) in [(30, Limiter::Quota), (10, Limiter::Off), (30, Limiter::Off)] {
        let name = format!(
            "p{parallelism}{}",
            if limiter == Limiter::Off { "-off" } else { "" }
        );
        let wd = b.workdir(&name)?;
        let label = format!(
            "apply, -parallelism={parallelism}{}",
            if limiter == Limiter::Off {
                ", APIGW_RATE_LIMIT=off"
            } else {
                ""
            }
        );
        let phase = b.phase(&label, &wd, &apply, parallelism, limiter, &[])?;
        if limiter == Limiter::Quota {
            expect_ok(report, &phase, objects, "added");
        }
        applies.push(phase);
        if let Err(e) = b.cleanup(&wd) {
            report.note(format!("{label}: {e}"));
        }
    }
    drop(localstack);

    report_goal3(report, size, &applies[0], &updated, &destroyed);
    report_limited_429s(report, &[&plan, &updated, &destroyed]);
    report_goal4(report, objects, &plan, &floor);
    report_goal5(report, objects, &applies);
    report_rss(report, &applies);
    report_details(report, &applies, &plan, &floor, &updated, &destroyed);
    Ok(())
}

/// A phase that must succeed with `n` resources `what` ("added", "changed", "destroyed").
fn expect_ok(report: &mut Report, phase: &Phase, n: u64, what: &str) {
    if phase.run.code != 0 {
        report.fail(format!(
            "{}: terraform exited {}: {}",
            phase.name,
            phase.run.code,
            phase.run.first_error()
        ));
    } else if phase.run.resources(what) != Some(n) {
        report.fail(format!(
            "{}: expected {n} {what}, Terraform says {:?}",
            phase.name,
            phase.run.resources(what)
        ));
    }
}

const CREATES: &[&str] = &["Create", "Put"];
const DELETES: &[&str] = &["Delete"];
const WRITES: &[&str] = &["Create", "Put", "Update", "Delete"];

fn report_goal3(
    report: &mut Report,
    size: Size,
    created: &Phase,
    updated: &Phase,
    destroyed: &Phase,
) {
    let objects = size.objects();
    let methods = size.methods();
    let stats = |p: &Phase| p.stats.clone().unwrap_or_default();
    let (c, u, d) = (stats(created), stats(updated), stats(destroyed));

    // Method settings are part of their stage: their create and delete are an UpdateStage.
    let creates = c.admitted_where(CREATES) + c.admitted_of("UpdateStage");
    let others = c.admitted() - c.admitted_where(WRITES);
    report.row(
        Row::count(
            "3 calls/op",
            format!(
                "apply of {objects} objects: Create*/Put* calls (and the method settings' \
                 UpdateStage)"
            ),
        )
        .measured(format!(
            "{creates} ({:.2} per object; {others} other calls){}",
            creates as f64 / objects as f64,
            retried(c.throttled_where(CREATES))
        ))
        .baseline(format!("{objects} objects created"))
        .target("exactly 1 per create", Verdict::of(creates == objects)),
    );
    let updates = u.admitted_of("UpdateMethod");
    let redeploy: Vec<u64> = REDEPLOY.iter().map(|op| u.admitted_of(op)).collect();
    let other_writes = u.admitted_where(WRITES) - updates - redeploy.iter().sum::<u64>();
    report.row(
        Row::count(
            "3 calls/op",
            format!(
                "update of {methods} methods (operation_name): UpdateMethod calls, and the \
                 redeploy that publishes them"
            ),
        )
        .measured(format!(
            "{updates} ({:.2} per method; redeploy: {} CreateDeployment, {} UpdateStage, {} \
             DeleteDeployment; {other_writes} other writes){}",
            updates as f64 / methods as f64,
            redeploy[0],
            redeploy[1],
            redeploy[2],
            retried(u.throttled_where(WRITES))
        ))
        .baseline(format!("{methods} methods changed"))
        .target(
            "exactly 1 per update, one redeploy",
            Verdict::of(updates == methods && redeploy == [1, 1, 1] && other_writes == 0),
        ),
    );
    let deletes = d.admitted_where(DELETES) + d.admitted_of("UpdateStage");
    report.row(
        Row::count(
            "3 calls/op",
            format!(
                "destroy of {objects} objects: Delete* calls (and the method settings' \
                 UpdateStage)"
            ),
        )
        .measured(format!(
            "{deletes} ({:.2} per object){}",
            deletes as f64 / objects as f64,
            retried(d.throttled_where(DELETES))
        ))
        .baseline(format!("{objects} objects destroyed"))
        .target("exactly 1 per delete", Verdict::of(deletes == objects)),
    );
    if creates != objects
        || updates != methods
        || redeploy != [1, 1, 1]
        || other_writes != 0
        || deletes != objects
    {
        report.note(format!(
            "Calls per operation through the proxy: {creates} creates for {objects} objects, \
             {updates} UpdateMethod (+{other_writes} other writes) for {methods} methods, \
             {deletes} deletes for {objects} objects. Throttled (429) attempts are not counted; \
             see \"Calls by operation\" for what else was called."
        ));
    }
}

/// The throttled attempts a count leaves out, when there were any.
fn retried(throttled: u64) -> String {
    if throttled == 0 {
        String::new()
    } else {
        let s = if throttled == 1 { "" } else { "s" };
        format!(", plus {throttled} attempt{s} answered 429 and retried")
    }
}

/// Throttling the provider's limiter did not prevent, outside the create applies (which
/// goal 5 judges).
fn report_limited_429s(report: &mut Report, phases: &[&Phase]) {
    for p in phases.iter().filter(|p| p.limiter == Limiter::Quota) {
        let Some(s) = &p.stats else { continue };
        if s.answered_429 == 0 {
            continue;
        }
        report.note(format!(
            "{}: {} of {} calls were answered 429 although the provider's own limiter was on. \
             Terraform runs the refresh (plan phase) and the changes (apply phase) in separate \
             provider processes; each process starts with a full 40-call burst of its own, \
             while the account's bucket (here the proxy's) still lacks the calls the previous \
             process spent. The SDK retried them ({}).",
            p.name,
            s.answered_429,
            s.requests,
            if p.run.code == 0 {
                "the command succeeded".to_owned()
            } else {
                format!("yet the command failed: {}", p.run.first_error())
            }
        ));
    }
}

fn report_goal4(report: &mut Report, objects: u64, plan: &Phase, floor: &Phase) {
    let s = plan.stats.clone().unwrap_or_default();
    let naive = Duration::from_secs_f64((objects as f64 - BURST).max(0.0) / RATE);
    report.row(
        Row::count(
            "4 refresh",
            format!("terraform plan of {objects} objects: management calls"),
        )
        .measured(s.requests.to_string())
        .baseline(format!("one call per object: {objects} (computed)"))
        .ratio(format!("{:.3}×", s.requests as f64 / objects as f64))
        .target(
            format!("≤ {GOAL_PLAN_CALLS}"),
            Verdict::of(s.requests <= GOAL_PLAN_CALLS),
        ),
    );
    report.row(
        Row::timing(
            "4 refresh",
            "terraform plan through the quota proxy: wall time",
        )
        .measured(secs(plan.run.wall))
        .baseline(format!(
            "plan -refresh=false: {} (measured); one call per object ≥ {} at the quota (computed)",
            secs(floor.run.wall),
            secs(naive)
        ))
        .ratio(format!(
            "{:.2}× the no-refresh floor",
            plan.run.wall.as_secs_f64() / floor.run.wall.as_secs_f64().max(1e-9)
        ))
        .target(
            format!("≤ {}", secs(GOAL_PLAN_WALL)),
            Verdict::of(plan.run.wall <= GOAL_PLAN_WALL),
        ),
    );
    if s.requests > GOAL_PLAN_CALLS {
        let ops: Vec<String> = s
            .by_operation
            .iter()
            .map(|(op, codes)| format!("{op} {}", codes.values().sum::<u64>()))
            .collect();
        report.note(format!(
            "Refresh: the plan made {} management calls (goal ≤ {GOAL_PLAN_CALLS}): {}. \
             Every resource type whose read does not use the read snapshots of \
             src/aws/cache.rs pays one Get per object.",
            s.requests,
            ops.join(", ")
        ));
    }
    if plan.run.wall > GOAL_PLAN_WALL && !report.smoke {
        report.note(format!(
            "Refresh wall time {} (goal ≤ {}); Terraform's own work without refresh took {}.",
            secs(plan.run.wall),
            secs(GOAL_PLAN_WALL),
            secs(floor.run.wall)
        ));
    }
}

fn report_goal5(report: &mut Report, objects: u64, applies: &[Phase]) {
    for p in applies.iter().filter(|p| p.limiter == Limiter::Quota) {
        let s = p.stats.clone().unwrap_or_default();
        let base = applies
            .iter()
            .find(|b| b.limiter == Limiter::Off && b.parallelism == p.parallelism);
        let bound = s.bound();
        let ratio = p.run.wall.as_secs_f64() / bound.as_secs_f64();
        let ratio_text = if bound.is_zero() {
            "— (no bound: within the burst)".to_owned()
        } else {
            format!("{ratio:.2}×")
        };
        let mut row = Row::timing(
            "5 apply at quota",
            format!(
                "apply of {objects} objects, -parallelism={}: wall vs quota bound",
                p.parallelism
            ),
        )
        // The bound is arithmetic on the counted calls, not a measurement: marked as such.
        .measured(format!(
            "{}; bound for {} calls: {} (computed)",
            secs(p.run.wall),
            s.admitted(),
            secs(bound)
        ))
        .ratio(ratio_text)
        .target(
            format!("≤ {GOAL_RATIO}× bound"),
            Verdict::of(!bound.is_zero() && ratio <= GOAL_RATIO),
        );
        let failures = if p.run.code == 0 {
            0
        } else {
            p.run.errors().max(1)
        };
        let ok = failures == 0 && s.share_429() < GOAL_429_SHARE;
        let mut row2 = Row::count(
            "5 apply at quota",
            format!(
                "apply of {objects} objects, -parallelism={}: failures, 429s",
                p.parallelism
            ),
        )
        .measured(format!(
            "{failures} failures, {} of {} calls 429 ({:.1}%)",
            s.answered_429,
            s.requests,
            100.0 * s.share_429()
        ))
        .target(
            format!("0 failures, < {:.0}% 429", 100.0 * GOAL_429_SHARE),
            Verdict::of(ok),
        );
        if let Some(b) = base {
            let bs = b.stats.clone().unwrap_or_default();
            let bfail = if b.run.code == 0 {
                0
            } else {
                b.run.errors().max(1)
            };
            row = row.baseline(format!(
                "limiter off: {}{}",
                secs(b.run.wall),
                if b.run.code == 0 { "" } else { " (failed)" }
            ));
            row2 = row2.baseline(format!(
                "limiter off: {bfail} failures, {} of {} calls 429 ({:.1}%)",
                bs.answered_429,
                bs.requests,
                100.0 * bs.share_429()
            ));
        }
        report.row(row);
        report.row(row2);
        if !bound.is_zero() && ratio > GOAL_RATIO && !report.smoke {
            report.note(format!(
                "Apply at -parallelism={}: {} against a quota bound of {} (computed; \
                 {:.2}×, goal ≤ {GOAL_RATIO}×). The bound counts only the time the quota \
                 forces; Terraform's own plan phase, its provider start-ups and the dependency \
                 chain (API → resources → methods → responses/integrations → integration \
                 responses) come on top, and they need CPU: load average {} at the start of the \
                 run.",
                p.parallelism,
                secs(p.run.wall),
                secs(bound),
                ratio,
                report.machine.load_start
            ));
        }
        if !ok {
            report.note(format!(
                "Apply at -parallelism={}: {failures} failures, {:.1}% of calls answered 429.{}",
                p.parallelism,
                100.0 * s.share_429(),
                if p.run.code == 0 {
                    String::new()
                } else {
                    format!(" First error: {}", p.run.first_error())
                }
            ));
        }
    }
}

fn report_rss(report: &mut Report, applies: &[Phase]) {
    let peak = applies
        .iter()
        .filter(|p| p.limiter == Limiter::Quota)
        .map(|p| p.log.peak_rss_kb)
        .max()
        .unwrap_or(0)
        * 1024;
    let processes: u64 = applies
        .iter()
        .filter(|p| p.limiter == Limiter::Quota)
        .map(|p| p.log.processes)
        .sum();
    if processes == 0 {
        report.fail(
            "no provider process logged its peak RSS (the shutdown line of src/plugin/serve.rs \
             with TF_LOG_PROVIDER=debug)",
        );
        return;
    }
    report.row(
        Row::timing(
            "1 start-up",
            format!("peak RSS of a provider process through the applies ({processes} processes)"),
        )
        .measured(mb(peak))
        .target("≤ 20.0 MB", Verdict::of(peak <= GOAL_RSS)),
    );
    if peak > GOAL_RSS && !report.smoke {
        report.note(format!(
            "Peak RSS {} (goal ≤ 20.0 MB, MB = 10^6 bytes).",
            mb(peak)
        ));
    }
}

fn report_details(
    report: &mut Report,
    applies: &[Phase],
    plan: &Phase,
    floor: &Phase,
    updated: &Phase,
    destroyed: &Phase,
) {
    let mut t = String::from(
        "Each command ran through a fresh proxy (full bucket, zeroed counters). *calls*: \
         requests the proxy received; *429*: answered TooManyRequestsException; *bound \
         (computed)*: (calls not throttled − 40) / 10 s, the least time the quota allows, \
         arithmetic and not measured; *provider \
         calls*: the sum of `aws_calls_total` the provider processes logged (attempts the \
         SDK made, throttled ones included).\n\n\
         | command | exit | wall | calls | 429 | bound (computed) | wall / bound | provider processes | provider calls | peak RSS |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
    );
    let all: Vec<&Phase> = applies
        .iter()
        .take(1)
        .chain([plan, floor, updated, destroyed])
        .chain(applies.iter().skip(1))
        .collect();
    for p in &all {
        let s = p.stats.clone().unwrap_or_default();
        let bound = s.bound();
        t.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            p.name,
            p.run.code,
            secs(p.run.wall),
            s.requests,
            s.answered_429,
            secs(bound),
            if bound.is_zero() {
                "—".to_owned()
            } else {
                format!("{:.2}×", p.run.wall.as_secs_f64() / bound.as_secs_f64())
            },
            p.log.processes,
            p.log.aws_calls,
            mb(p.log.peak_rss_kb * 1024)
        ));
    }
    report.section("Terraform through the quota proxy", t);

    // Calls by operation for the main phases, side by side.
    let phases = [&applies[0], plan, updated, destroyed];
    let mut ops: Vec<String> = phases
        .iter()
        .filter_map(|p| p.stats.as_ref())
        .flat_map(|s| s.by_operation.keys().cloned())
        .collect();
    ops.sort();
    ops.dedup();
    let mut t = String::from(
        "Calls the proxy counted per API Gateway operation (429s in brackets).\n\n| operation |",
    );
    for p in phases {
        t.push_str(&format!(" {} |", p.name));
    }
    t.push_str("\n|---|");
    t.push_str(&"---|".repeat(phases.len()));
    t.push('\n');
    for op in &ops {
        t.push_str(&format!("| {op} |"));
        for p in phases {
            let codes = p.stats.as_ref().and_then(|s| s.by_operation.get(op));
            let total: u64 = codes.map_or(0, |c| c.values().sum());
            let throttled = codes.and_then(|c| c.get("429")).copied().unwrap_or(0);
            if throttled > 0 {
                t.push_str(&format!(" {total} ({throttled}) |"));
            } else {
                t.push_str(&format!(" {total} |"));
            }
        }
        t.push('\n');
    }
    report.section("Calls by operation", t);
}
