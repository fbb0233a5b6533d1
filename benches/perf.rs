//! The performance benchmark behind `docs/PERFORMANCE.md`: every goal of the performance
//! issue measured side by side with its baseline in one run, printed as a table and
//! optionally written as markdown.
//!
//! 1. Start-up (exec → handshake line) of the provider binary against Terraform's null
//!    provider v2.1.2 (a Go SDK provider), binary size, peak RSS: [`startup`] and the
//!    provider's own shutdown log line (see [`terraform`]).
//! 2. Per-RPC overhead (protobuf decode, msgpack decode, provider logic, the AWS call through
//!    the client `Aws::connect` builds — SDK, retry and timeout settings, `transport::Governed`
//!    — against an instant in-process responder, encode) of PlanResourceChange,
//!    ApplyResourceChange and ReadResource (loading and reading the API's read snapshot), and
//!    the create/read/update/delete choreography of every resource type with its AWS calls
//!    counted: [`rpc`].
//! 3. to 5. Calls per operation, refresh cost and apply at the quota, with real Terraform
//!    against LocalStack behind the quota proxy (`tools/apigw-proxy`): [`terraform`].
//!
//! Run it with `scripts/bench.sh` (installs the tools, builds release, writes the doc), or
//! `cargo bench --bench perf -- [--smoke] [--write PATH] [--only startup,rpc,terraform]`.
//! `--smoke` uses tiny iteration counts and a 20-object module so every code path runs once
//! in well under two minutes; it judges no timing, and fails only when something breaks.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used
)]

mod perf {
    pub mod report;
    pub mod rpc;
    pub mod startup;
    pub mod terraform;
}

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use perf::report::{Machine, Report};
use perf::{rpc, startup, terraform};

/// What the command line asks for.
#[derive(Debug)]
pub struct Options {
    /// Tiny counts, judge no timing.
    pub smoke: bool,
    /// Where to write the markdown report.
    pub write: Option<PathBuf>,
    /// Sections to run (all when empty).
    pub only: Vec<String>,
}

impl Options {
    fn parse() -> Result<Self, String> {
        let mut opts = Options {
            smoke: false,
            write: None,
            only: Vec::new(),
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--smoke" => opts.smoke = true,
                "--write" => {
                    opts.write = Some(args.next().ok_or("--write needs a path")?.into());
                }
                "--only" => {
                    let list = args.next().ok_or("--only needs a list")?;
                    opts.only = list.split(',').map(str::to_owned).collect();
                }
                // cargo passes --bench to harness=false benches (and libtest flags may follow
                // under `cargo test`); they mean nothing here.
                a if a.starts_with("--") => {}
                a => return Err(format!("unexpected argument {a:?}")),
            }
        }
        Ok(opts)
    }

    /// Whether section `name` runs.
    pub fn runs(&self, name: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|s| s == name)
    }
}

/// The provider binary cargo built for this benchmark (release under `cargo bench`).
pub fn provider_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-apigateway"))
}

/// The repository (scripts and examples live there).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A private scratch directory, removed when dropped. Every process the benchmark starts
/// gets it as TMPDIR, so plugin sockets left by killed processes go with it.
#[derive(Debug)]
pub struct Scratch(pub PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Self> {
        let dir = std::env::temp_dir().join(format!("apigw-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(Self(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A private copy of the provider binary: other builds may replace the one in `target/`
/// while the benchmark runs, and Terraform's dev_overrides needs a directory holding it.
fn private_copy(bin: &Path, scratch: &Path) -> std::io::Result<PathBuf> {
    let dir = scratch.join("plugins");
    std::fs::create_dir_all(&dir)?;
    let dest = dir.join("terraform-provider-apigateway");
    std::fs::copy(bin, &dest)?;
    Ok(dest)
}

fn main() -> ExitCode {
    let opts = match Options::parse() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("perf: {e}");
            return ExitCode::from(2);
        }
    };
    let scratch = match Scratch::new() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("perf: cannot create a scratch directory: {e}");
            return ExitCode::FAILURE;
        }
    };
    let built = provider_binary();
    let bin = match private_copy(&built, &scratch.0) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("perf: cannot copy {}: {e}", built.display());
            return ExitCode::FAILURE;
        }
    };

    let mut report = Report::new(opts.smoke, Machine::probe(cfg!(debug_assertions)));
    eprintln!(
        "perf: {} run, provider {} ({} build), load average {}",
        if opts.smoke { "smoke" } else { "full" },
        built.display(),
        report.machine.profile,
        report.machine.load_start
    );

    if opts.runs("startup") {
        startup::run(&opts, &bin, &scratch.0, &mut report);
    }
    if opts.runs("rpc") {
        rpc::run(&opts, &mut report);
    }
    if opts.runs("terraform") {
        terraform::run(&opts, &bin, &scratch.0, &mut report);
    }

    report.finish();
    println!("{}", report.text());
    // Rendered on every run, so a smoke run without --write still exercises it.
    let markdown = report.markdown();
    if let Some(path) = &opts.write {
        match std::fs::write(path, markdown) {
            Ok(()) => eprintln!("perf: wrote {}", path.display()),
            Err(e) => {
                eprintln!("perf: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("perf: {} failure(s):", report.failures.len());
        for f in &report.failures {
            eprintln!("  - {f}");
        }
        ExitCode::FAILURE
    }
}
