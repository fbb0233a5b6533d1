#![no_main]
//! Any bytes as a DynamicValue for every resource type and the provider block: decoding
//! returns a value or an error with a path, never panics or hangs; a decoded value encodes
//! again under the same type and decodes to itself.

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use terraform_provider_apigateway::provider::{self, Registry};
use terraform_provider_apigateway::tfvalue::{Type, msgpack};

static TYPES: LazyLock<Vec<Type>> = LazyLock::new(|| {
    let registry = Registry::new();
    let mut types: Vec<Type> = registry
        .iter()
        .map(|(_, e)| e.ty.as_ref().clone())
        .collect();
    types.push(provider::schema().value_type());
    types.push(Type::Dynamic);
    types
});

fuzz_target!(|data: &[u8]| {
    for ty in TYPES.iter() {
        if let Ok(value) = msgpack::decode(data, ty) {
            let bytes = msgpack::encode(&value, ty).expect("a decoded value encodes");
            assert_eq!(msgpack::decode(&bytes, ty).expect("re-decodes"), value);
        }
    }
});
