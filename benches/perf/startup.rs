//! Goal 1, start-up: the time from exec to the go-plugin handshake line on stdout, which is
//! what Terraform waits for before every command phase (it starts 3–4 provider processes per
//! `terraform apply`). Measured for the provider and, interleaved in the same loop, for
//! Terraform's null provider v2.1.2, a Go SDK provider; both get the environment Terraform
//! gives a plugin, including a P-521 client certificate, so both pay for the TLS setup
//! Terraform triggers. Also the binary sizes and the resident memory at the handshake.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};

use super::report::{Report, Row, Samples, Verdict, mb, ms};
use crate::{Options, repo};

/// go-plugin's magic cookie, the same for every Terraform provider.
const COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/// Start-ups per provider in a full run (after the warm-up).
const RUNS: usize = 100;
const SMOKE_RUNS: usize = 3;
/// Discarded first runs: they pay for loading the binaries into the page cache.
const WARMUP: usize = 5;

/// Goal: median exec → handshake.
const GOAL_MEDIAN: Duration = Duration::from_millis(2);
/// Goal: how many times faster than the Go provider.
const GOAL_RATIO: f64 = 10.0;
/// Goal: binary size, bytes.
const GOAL_SIZE: u64 = 20_000_000;

/// One start-up: how long until the handshake line, and the peak RSS then.
#[derive(Debug)]
struct Start {
    took: Duration,
    rss_kb: Option<u64>,
}

/// Starts `bin` as Terraform does and waits for its handshake line.
fn start_once(bin: &Path, protocols: &str, cert_pem: &str, tmp: &Path) -> Result<Start, String> {
    let mut cmd = Command::new(bin);
    // A clean, identical environment for both providers (Terraform passes its own
    // environment plus these variables; nothing else here affects either provider).
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::var_os("HOME").unwrap_or_default())
        .env("TMPDIR", tmp)
        .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", protocols)
        .env("PLUGIN_MIN_PORT", "10000")
        .env("PLUGIN_MAX_PORT", "25000")
        .env("PLUGIN_CLIENT_CERT", cert_pem)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let started = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let mut line = String::new();
    let read = BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line);
    let took = started.elapsed();
    let rss_kb = peak_rss_kb(child.id());
    // SIGKILL: nothing of the process matters any more, and its socket lives in `tmp`,
    // which the benchmark removes.
    let _ = child.kill();
    let _ = child.wait();
    read.map_err(|e| format!("reading the handshake of {}: {e}", bin.display()))?;
    let fields: Vec<&str> = line.trim_end().split('|').collect();
    // With a client certificate offered, the sixth field is the server's certificate.
    if fields.len() != 6 || fields[0] != "1" || fields[5].is_empty() {
        return Err(format!(
            "{} printed an unexpected handshake line {line:?}",
            bin.display()
        ));
    }
    Ok(Start { took, rss_kb })
}

/// The floor under the handshake time: exec of the same binary with `--version`, which
/// prints one line and exits without building the server, TLS or the runtime.
fn version_once(bin: &Path) -> Result<Duration, String> {
    let started = Instant::now();
    let mut child = Command::new(bin)
        .arg("--version")
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let mut line = String::new();
    let read = BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line);
    let took = started.elapsed();
    let _ = child.wait();
    read.map_err(|e| e.to_string())?;
    Ok(took)
}

/// VmHWM of a live process, in KiB.
pub fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A client certificate shaped like the one go-plugin makes for Terraform: ECDSA
/// P-521/SHA-512, CA:TRUE, SAN localhost (see tests/common).
fn terraform_like_cert() -> String {
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512).expect("P-521 key");
    let mut params = CertificateParams::new(vec!["localhost".to_owned()]).expect("params");
    params
        .distinguished_name
        .push(DnType::OrganizationName, "HashiCorp");
    params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
        KeyUsagePurpose::KeyCertSign,
    ];
    params.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ClientAuth,
        ExtendedKeyUsagePurpose::ServerAuth,
    ];
    params.self_signed(&key).expect("self-signed").pem()
}

/// The null provider's path from scripts/install-null-provider.sh (idempotent; fast when
/// installed), or why it is not there.
fn null_provider() -> Result<std::path::PathBuf, String> {
    let out = Command::new("bash")
        .arg(repo().join("scripts/install-null-provider.sh"))
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run install-null-provider.sh: {e}"))?;
    if !out.status.success() {
        return Err(format!("install-null-provider.sh failed ({})", out.status));
    }
    let path = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_owned();
    Ok(path.into())
}

/// Median of the RSS readings, in bytes.
fn median_rss(v: &mut [u64]) -> Option<u64> {
    v.sort_unstable();
    v.get(v.len() / 2).map(|kb| kb * 1024)
}

pub fn run(opts: &Options, bin: &Path, scratch: &Path, report: &mut Report) {
    eprintln!("perf: start-up");
    let runs = if opts.smoke { SMOKE_RUNS } else { RUNS };
    let warmup = if opts.smoke { 1 } else { WARMUP };
    let tmp = scratch.join("startup");
    let _ = std::fs::create_dir_all(&tmp);
    let cert = terraform_like_cert();

    let null = match null_provider() {
        Ok(p) => Some(p),
        Err(e) => {
            report.fail(format!("start-up baseline: {e}"));
            None
        }
    };
    if null.is_some() {
        report.tool(
            "null provider (baseline)",
            "terraform-provider-null v2.1.2 (Go, plugin protocol 5)",
        );
    }

    let mut ours = Vec::new();
    let mut floor = Vec::new();
    let mut theirs = Vec::new();
    let mut ours_rss = Vec::new();
    let mut theirs_rss = Vec::new();
    // Interleaved, so both see the same machine load over the run.
    for i in 0..warmup + runs {
        // Terraform offers both versions it speaks; the null provider speaks only 5.
        match start_once(bin, "5,6", &cert, &tmp) {
            Ok(s) if i >= warmup => {
                ours.push(s.took);
                ours_rss.extend(s.rss_kb);
            }
            Ok(_) => {}
            Err(e) => {
                report.fail(format!("start-up: {e}"));
                return;
            }
        }
        match version_once(bin) {
            Ok(t) if i >= warmup => floor.push(t),
            Ok(_) => {}
            Err(e) => {
                report.fail(format!("start-up floor: {e}"));
                return;
            }
        }
        if let Some(null) = &null {
            match start_once(null, "5", &cert, &tmp) {
                Ok(s) if i >= warmup => {
                    theirs.push(s.took);
                    theirs_rss.extend(s.rss_kb);
                }
                Ok(_) => {}
                Err(e) => {
                    report.fail(format!("start-up baseline: {e}"));
                    return;
                }
            }
        }
    }
    let ours = Samples::new(ours);
    let floor = Samples::new(floor);
    let theirs = (!theirs.is_empty()).then(|| Samples::new(theirs));

    let median = ours.median();
    let mut row = Row::timing("1 start-up", format!("exec → handshake, median of {runs}"))
        .measured(ms(median))
        .target(
            format!("≤ {}, ≥ {GOAL_RATIO:.0}× faster", ms(GOAL_MEDIAN)),
            Verdict::of(median <= GOAL_MEDIAN),
        );
    if let Some(t) = &theirs {
        let ratio = t.median().as_secs_f64() / median.as_secs_f64().max(1e-9);
        row = row
            .baseline(format!("null v2.1.2: {}", ms(t.median())))
            .ratio(format!("{ratio:.1}× faster"));
        row.verdict = Verdict::of(median <= GOAL_MEDIAN && ratio >= GOAL_RATIO);
        if (median > GOAL_MEDIAN || ratio < GOAL_RATIO) && !report.smoke {
            report.note(format!(
                "Start-up: median {} (goal ≤ {}), {ratio:.1}× the null provider's {} (goal ≥ \
                 {GOAL_RATIO:.0}×). Exec of the same binary with `--version` (one line, no \
                 server) takes {} median here, so {} of the start-up is the provider's own \
                 work. Both providers were measured interleaved; load average {} at the start \
                 of the run.",
                ms(median),
                ms(GOAL_MEDIAN),
                ms(t.median()),
                ms(floor.median()),
                ms(median.saturating_sub(floor.median())),
                report.machine.load_start
            ));
        }
    }
    report.row(row);
    let mut p90 = Row::timing("1 start-up", "exec → handshake, p90").measured(ms(ours.pct(90.0)));
    if let Some(t) = &theirs {
        p90 = p90
            .baseline(format!("null v2.1.2: {}", ms(t.pct(90.0))))
            .ratio(format!(
                "{:.1}× faster",
                t.pct(90.0).as_secs_f64() / ours.pct(90.0).as_secs_f64().max(1e-9)
            ));
    }
    report.row(p90);
    report.row(
        Row::timing("1 start-up", "floor: exec → `--version` line, median")
            .measured(ms(floor.median())),
    );

    let size = std::fs::metadata(bin).map(|m| m.len()).unwrap_or(0);
    let mut size_row = Row::count(
        "1 start-up",
        format!("binary size ({} build)", report.machine.profile),
    )
    .measured(mb(size))
    .target("≤ 20.0 MB", Verdict::of(size <= GOAL_SIZE));
    if report.smoke && report.machine.profile == "debug" {
        // A debug binary says nothing about the release size.
        size_row.verdict = Verdict::NotJudged;
    }
    if let Some(null) = &null {
        let theirs = std::fs::metadata(null).map(|m| m.len()).unwrap_or(0);
        size_row = size_row
            .baseline(format!("null v2.1.2: {}", mb(theirs)))
            .ratio(format!("{:.2}×", size as f64 / theirs.max(1) as f64));
    }
    report.row(size_row);

    if let Some(ours_rss) = median_rss(&mut ours_rss) {
        let mut r = Row::count("1 start-up", "RSS at the handshake, median").measured(mb(ours_rss));
        if let Some(t) = median_rss(&mut theirs_rss) {
            r = r
                .baseline(format!("null v2.1.2: {}", mb(t)))
                .ratio(format!("{:.2}×", ours_rss as f64 / t.max(1) as f64));
        }
        report.row(r);
    }

    let mut detail = String::from(
        "Each sample: spawn with Terraform's plugin environment (magic cookie, \
         `PLUGIN_PROTOCOL_VERSIONS`, a P-521 `PLUGIN_CLIENT_CERT`) until the handshake line is \
         read from the pipe, then SIGKILL. The two providers alternate, after warm-up runs.\n\n\
         | provider | runs | min | median | p90 | max |\n|---|---|---|---|---|---|\n",
    );
    let mut line = |name: &str, s: &Samples| {
        detail.push_str(&format!(
            "| {name} | {} | {} | {} | {} | {} |\n",
            s.len(),
            ms(s.pct(0.0)),
            ms(s.median()),
            ms(s.pct(90.0)),
            ms(s.pct(100.0))
        ));
    };
    line("terraform-provider-apigateway", &ours);
    line(
        "terraform-provider-apigateway --version (exec floor)",
        &floor,
    );
    if let Some(t) = &theirs {
        line("terraform-provider-null v2.1.2", t);
    }
    report.section("Start-up", detail);
}
