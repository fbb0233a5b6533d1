#![no_main]
//! Any bytes as stored state (`raw_state.json`) for every resource type: an upgraded value
//! or an error, never a panic or a hang.

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use terraform_provider_apigateway::provider::Registry;
use terraform_provider_apigateway::tfvalue::{Type, json, msgpack};

static TYPES: LazyLock<Vec<Type>> = LazyLock::new(|| {
    Registry::new()
        .iter()
        .map(|(_, e)| e.ty.as_ref().clone())
        .collect()
});

fuzz_target!(|data: &[u8]| {
    for ty in TYPES.iter() {
        if let Ok(value) = json::decode(data, ty) {
            // What UpgradeResourceState does next: encode for the wire. A value decoded
            // against a type must encode under it and decode back to itself.
            let bytes = msgpack::encode(&value, ty).expect("a decoded value encodes");
            assert_eq!(msgpack::decode(&bytes, ty).expect("it decodes back"), value);
        }
    }
});
