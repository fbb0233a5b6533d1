#![no_main]
//! Any text as an import ID for every resource type: a partial state or a diagnostic that
//! shows the expected format, never a panic.

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use terraform_provider_apigateway::provider::Registry;
use terraform_provider_apigateway::tfvalue::msgpack;

static REGISTRY: LazyLock<Registry> = LazyLock::new(Registry::new);

fuzz_target!(|data: &[u8]| {
    let Ok(id) = std::str::from_utf8(data) else {
        return;
    };
    for (name, entry) in REGISTRY.iter() {
        match entry.resource.import(id) {
            // The partial state must be encodable as the resource's type (Terraform reads it).
            Ok(state) => {
                msgpack::encode(&state, &entry.ty).expect("imported state encodes");
            }
            Err(diags) => {
                let d = diags.into_vec();
                assert!(!d.is_empty(), "{name}: an error carries a diagnostic");
            }
        }
    }
});
