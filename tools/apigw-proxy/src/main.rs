//! The `apigw-proxy` binary: parses flags, runs the proxy until SIGINT/SIGTERM, and
//! prints the final stats. See `apigw-proxy --help` and the crate README.

use std::io::Write;
use std::process::ExitCode;

use apigw_proxy::cli::{self, Command};

#[tokio::main]
async fn main() -> ExitCode {
    let config = match cli::parse(std::env::args().skip(1)) {
        Ok(Command::Run(config)) => config,
        Ok(Command::Help) => {
            return print_line(cli::USAGE);
        }
        Err(e) => {
            eprintln!("apigw-proxy: {e}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    let (upstream, rate, burst) = (config.upstream.url(), config.rate, config.burst);

    let proxy = match apigw_proxy::serve(config).await {
        Ok(proxy) => proxy,
        Err(e) => {
            eprintln!("apigw-proxy: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Scripts read the port from this first stdout line.
    let started = print_line(&format!("listening on {}", proxy.url()));
    if started != ExitCode::SUCCESS {
        let _ = proxy.shutdown().await;
        return started;
    }
    let throttling = if rate > 0.0 {
        format!("rate {rate}/s, burst {burst}")
    } else {
        "throttling off".to_owned()
    };
    let faults = proxy.faults();
    // The seed goes to stderr so a run with random faults can be replayed.
    eprintln!(
        "apigw-proxy: forwarding to {upstream}; {throttling}; fault seed {}",
        faults.seed.unwrap_or_default()
    );

    if let Err(e) = wait_for_signal().await {
        eprintln!("apigw-proxy: cannot wait for signals: {e}");
    }
    let stats = proxy.shutdown().await;
    match serde_json::to_string(&stats) {
        Ok(json) => print_line(&json),
        Err(e) => {
            eprintln!("apigw-proxy: cannot serialise stats: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes one line to stdout and flushes it at once: stdout is usually a pipe read
/// by a script waiting for the line.
#[allow(
    clippy::print_stdout,
    reason = "stdout is this binary's output channel"
)]
fn print_line(line: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{line}").and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("apigw-proxy: cannot write to stdout: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(unix)]
async fn wait_for_signal() -> std::io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
    Ok(())
}

#[cfg(not(unix))]
async fn wait_for_signal() -> std::io::Result<()> {
    tokio::signal::ctrl_c().await
}
