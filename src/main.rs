//! `terraform-provider-apigateway`: started by Terraform as a plugin (or by a person with
//! `--debug` or `--version`).

use std::process::ExitCode;

use terraform_provider_apigateway::plugin::core::{Core, panic_is_caught};
use terraform_provider_apigateway::plugin::serve::{
    self, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, Mode,
};
use terraform_provider_apigateway::provider::Registry;
use terraform_provider_apigateway::{logging, plugin};

/// What `--help` prints.
const USAGE: &str = "\
terraform-provider-apigateway: a Terraform provider (seed/apigateway) for Amazon API Gateway
REST APIs. Terraform starts this binary itself; you do not run it directly.

Usage:
  terraform-provider-apigateway             serve as a plugin (only when started by Terraform)
  terraform-provider-apigateway --debug     serve without Terraform and print the
                                            TF_REATTACH_PROVIDERS value to export in another
                                            terminal (for attaching a debugger); Ctrl-C stops
  terraform-provider-apigateway --version   print the version
  terraform-provider-apigateway --help      print this help

Using it from Terraform: put this binary alone in a directory and point a dev_overrides
block of your Terraform CLI configuration (~/.terraformrc or $TF_CLI_CONFIG_FILE) at it:

  provider_installation {
    dev_overrides {
      \"registry.terraform.io/seed/apigateway\" = \"/path/to/that/directory\"
    }
    direct {}
  }

then declare `apigateway = { source = \"seed/apigateway\" }` in required_providers and run
terraform plan / apply. TF_LOG_PROVIDER=debug shows the provider's log.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.first().map(String::as_str) {
        Some("--version" | "-v") => {
            println_stdout(&format!(
                "terraform-provider-apigateway {}",
                env!("CARGO_PKG_VERSION")
            ));
            return ExitCode::SUCCESS;
        }
        Some("--debug") => Mode::Debug,
        Some("--help" | "-h") => {
            println_stdout(USAGE);
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("terraform-provider-apigateway: unknown argument {other:?}\n\n{USAGE}");
            return ExitCode::from(2);
        }
        None => Mode::Plugin,
    };
    if mode == Mode::Plugin && std::env::var(MAGIC_COOKIE_KEY).as_deref() != Ok(MAGIC_COOKIE_VALUE)
    {
        eprintln!("{}", serve::RUN_BY_HAND);
        return ExitCode::from(1);
    }
    // First, so that the TLS set-up (on its own thread) overlaps everything else.
    let startup = match serve::Startup::begin(mode) {
        Ok(startup) => startup,
        Err(message) => {
            eprintln!("terraform-provider-apigateway: {message}");
            return ExitCode::from(1);
        }
    };
    let level = match mode {
        Mode::Plugin => logging::level_from_env(),
        Mode::Debug => logging::level_from_env().or(Some(tracing::Level::INFO)),
    };
    logging::init(level);
    install_panic_hook();

    // One thread: the provider's work is waiting on Terraform and AWS, and each RPC costs
    // microseconds of CPU. Worker threads would only add to start-up, which Terraform pays
    // 3-4 times per command.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("terraform-provider-apigateway: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let code = runtime.block_on(serve::serve(startup, || Core::new(Registry::new())));
    // Do not wait for idle blocking threads (e.g. a credentials file read): exit promptly.
    runtime.shutdown_background();
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// Writes to stdout; only ever used outside plugin mode.
#[allow(clippy::print_stdout)]
fn println_stdout(text: &str) {
    println!("{text}");
}

/// A panic inside an RPC handler is caught and becomes a diagnostic; it is logged here. Any
/// other panic is a crash: print it the way Go does (`panic: ...`), which Terraform recognises
/// and shows as the provider's crash report.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = plugin::core::panic_message(info.payload());
        let location = info.location().map(ToString::to_string).unwrap_or_default();
        if panic_is_caught() {
            tracing::error!(location = %location, "panic in a request handler: {message}");
        } else {
            let backtrace = std::backtrace::Backtrace::force_capture();
            eprintln!("panic: {message}\n\ngoroutine 1 [running]:\n{location}\n{backtrace}");
        }
    }));
}
