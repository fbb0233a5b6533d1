//! Compiles the wire contracts in `proto/` at build time with protox (pure Rust), so no
//! system `protoc` is needed and no generated code is committed. On Linux with glibc it also
//! sets two link options that cut the provider's start-up (see [`fast_start_linking`]).

use std::path::PathBuf;
use std::process::Command;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    fast_start_linking();
    let fds = protox::compile(["tfplugin6.proto", "grpc_controller.proto"], ["proto"])?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_transport(false)
        .build_server(true)
        .generate_default_stubs(true)
        .compile_fds(fds)?;
    Ok(())
}

/// Terraform starts 3-4 provider processes per command and waits for each one's handshake
/// line, so the work the dynamic loader does before `main` counts (docs/PERFORMANCE.md).
/// Two link options remove most of it, both measured with the start-up benchmark:
///
/// - `-no-pie`: a position-independent executable makes the loader apply ~35,000 relocations
///   to ~520 KB of read-only data at every start, touching (copying) every one of those pages.
///   A fixed-address executable has them resolved at link time. This is how Go builds
///   Terraform's own providers on Linux; the libraries, heap, stack and mmap areas are still
///   randomised.
/// - GCC's unwinder linked in statically (`libgcc_eh.a`, what `gcc -static-libgcc` does)
///   instead of loading `libgcc_s.so.1`: one shared library fewer to map and relocate, and its
///   load-time constructor, which runs a dozen `cpuid` instructions (slow under
///   virtualisation), no longer runs. Panics still unwind (they become diagnostics).
///
/// Both apply only when building for Linux/glibc on a Linux/glibc host with a GCC-compatible
/// `cc`; anywhere else the defaults stay (a slightly slower start, nothing else changes).
fn fast_start_linking() {
    println!("cargo:rerun-if-env-changed=CC");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
        || var("TARGET") != var("HOST")
    {
        return;
    }
    println!("cargo:rustc-link-arg-bins=-no-pie");
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let Ok(out) = Command::new(&cc)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
    else {
        return;
    };
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    // A compiler that does not know the file prints the bare name back.
    if !out.status.success() || !path.is_absolute() || !path.is_file() {
        return;
    }
    if let Some(dir) = path.parent() {
        println!("cargo:rustc-link-search=native={}", dir.display());
        // Static and resolved before std's `-lgcc_s`, which `--as-needed` then drops.
        println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");
    }
}
