//! Replays the fuzzing corpus (fuzz/corpus/, grown by scripts/fuzz.sh) through the same
//! checks as the fuzz targets, without libFuzzer, so every input that ever reached a new
//! code path keeps being exercised by the ordinary test command.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use arbitrary::{Arbitrary, Unstructured};
use terraform_provider_apigateway::aws::patch;
use terraform_provider_apigateway::provider::{self, Registry};
use terraform_provider_apigateway::tfvalue::{Type, json, msgpack};

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut inputs: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    inputs.sort();
    assert!(
        inputs.len() > 50,
        "the {target} corpus is in the repository"
    );
    inputs
}

fn all_types() -> Vec<Type> {
    let mut types: Vec<Type> = Registry::new()
        .iter()
        .map(|(_, e)| e.ty.as_ref().clone())
        .collect();
    types.push(provider::schema().value_type());
    types.push(Type::Dynamic);
    types
}

#[test]
fn msgpack_corpus_decodes_or_errors_and_round_trips() {
    let types = all_types();
    let mut decoded = 0;
    for input in corpus("msgpack_decode") {
        for ty in &types {
            if let Ok(value) = msgpack::decode(&input, ty) {
                decoded += 1;
                let bytes = msgpack::encode(&value, ty).unwrap();
                assert_eq!(msgpack::decode(&bytes, ty).unwrap(), value);
            }
        }
    }
    assert!(decoded > 0, "some corpus inputs are valid values");
}

#[test]
fn json_corpus_decodes_or_errors() {
    let types: Vec<Type> = Registry::new()
        .iter()
        .map(|(_, e)| e.ty.as_ref().clone())
        .collect();
    let mut decoded = 0;
    for input in corpus("json_decode") {
        for ty in &types {
            if let Ok(value) = json::decode(&input, ty) {
                decoded += 1;
                // What UpgradeResourceState does next: encode for the wire. A value decoded
                // against a type must encode under it, and decode back to itself.
                let bytes = msgpack::encode(&value, ty)
                    .unwrap_or_else(|e| panic!("{value:?} does not encode: {e:?}"));
                assert_eq!(msgpack::decode(&bytes, ty).unwrap(), value);
            }
        }
    }
    assert!(decoded > 0, "some corpus inputs are valid stored states");
}

#[test]
fn import_id_corpus_gives_states_or_diagnostics() {
    let registry = Registry::new();
    let mut imported = 0;
    for input in corpus("import_id") {
        let Ok(id) = std::str::from_utf8(&input) else {
            continue;
        };
        for (_, entry) in registry.iter() {
            match entry.resource.import(id) {
                Ok(state) => {
                    imported += 1;
                    msgpack::encode(&state, &entry.ty).unwrap();
                }
                Err(diags) => assert!(!diags.is_empty()),
            }
        }
    }
    assert!(imported > 0, "some corpus inputs are valid import IDs");
}

#[derive(Debug, Arbitrary)]
struct MapPair {
    old: BTreeMap<String, String>,
    new: BTreeMap<String, String>,
}

#[test]
fn patch_corpus_diffs_apply_back_to_the_new_map() {
    let mut pairs = 0;
    for input in corpus("patch_ops") {
        let Ok(pair) = MapPair::arbitrary_take_rest(Unstructured::new(&input)) else {
            continue;
        };
        pairs += 1;
        let mut map = pair.old.clone();
        for op in patch::map_diff("/p", &pair.old, &pair.new) {
            let key = op
                .path()
                .unwrap()
                .strip_prefix("/p/")
                .unwrap()
                .replace("~1", "/")
                .replace("~0", "~");
            match op.op().unwrap().as_str() {
                "remove" => assert!(map.remove(&key).is_some()),
                _ => {
                    map.insert(key, op.value().unwrap().to_owned());
                }
            }
        }
        assert_eq!(map, pair.new);
    }
    assert!(pairs > 0, "some corpus inputs are map pairs");
}
