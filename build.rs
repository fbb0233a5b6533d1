//! Compiles the wire contracts in `proto/` at build time with protox (pure Rust), so no
//! system `protoc` is needed and no generated code is committed.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    let fds = protox::compile(["tfplugin6.proto", "grpc_controller.proto"], ["proto"])?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_transport(false)
        .build_server(true)
        .generate_default_stubs(true)
        .compile_fds(fds)?;
    Ok(())
}
