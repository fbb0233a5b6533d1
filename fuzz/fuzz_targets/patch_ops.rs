#![no_main]
//! The patch-operation builder: for any two maps, applying the operations `map_diff` builds
//! (with RFC 6901 unescaping, as API Gateway does) to the old map yields the new map.

use std::collections::BTreeMap;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use terraform_provider_apigateway::aws::patch;

#[derive(Debug, Arbitrary)]
struct Input {
    old: BTreeMap<String, String>,
    new: BTreeMap<String, String>,
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fuzz_target!(|input: Input| {
    const PREFIX: &str = "/requestTemplates";
    let ops = patch::map_diff(PREFIX, &input.old, &input.new);
    let mut map = input.old.clone();
    for op in &ops {
        let path = op.path().expect("every operation has a path");
        let key = unescape(
            path.strip_prefix(&format!("{PREFIX}/"))
                .expect("path under the prefix"),
        );
        match op.op().map(|o| o.as_str()) {
            Some("remove") => {
                assert!(
                    map.remove(&key).is_some(),
                    "remove of a key that is not there: {key:?}"
                );
            }
            Some("add") => {
                assert!(
                    !map.contains_key(&key),
                    "add of a key already there: {key:?}"
                );
                map.insert(key, op.value().expect("add carries the value").to_owned());
            }
            Some("replace") => {
                assert!(map.contains_key(&key), "replace of a missing key: {key:?}");
                map.insert(
                    key,
                    op.value().expect("replace carries the value").to_owned(),
                );
            }
            other => panic!("unexpected operation {other:?}"),
        }
    }
    assert_eq!(map, input.new);
});
