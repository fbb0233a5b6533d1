//! Building `Update*` patch operations.
//!
//! API Gateway updates take JSON-Patch-like operations whose `path` is a JSON pointer; keys
//! inside a path (a content type such as `application/json`, a parameter name) are escaped
//! per RFC 6901: `~` becomes `~0`, `/` becomes `~1`.

use std::collections::BTreeMap;

use aws_sdk_apigateway::types::{Op, PatchOperation};

/// Escapes one JSON-pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// `replace` of `path` with `value`; a `None` value clears the field (AWS wants no value,
/// not an empty string, to clear e.g. `requestValidatorId`).
pub fn replace(path: &str, value: Option<&str>) -> PatchOperation {
    PatchOperation::builder()
        .op(Op::Replace)
        .path(path)
        .set_value(value.map(str::to_owned))
        .build()
}

/// `add` of `path` with an optional value.
pub fn add(path: &str, value: Option<&str>) -> PatchOperation {
    PatchOperation::builder()
        .op(Op::Add)
        .path(path)
        .set_value(value.map(str::to_owned))
        .build()
}

/// `remove` of `path`.
pub fn remove(path: &str) -> PatchOperation {
    PatchOperation::builder().op(Op::Remove).path(path).build()
}

/// `remove` of one `value` from the list at `path`, where the elements are values, not path
/// segments (e.g. `/authorizationScopes`, `/endpointConfiguration/vpcEndpointIds`).
pub fn remove_value(path: &str, value: &str) -> PatchOperation {
    PatchOperation::builder()
        .op(Op::Remove)
        .path(path)
        .value(value)
        .build()
}

/// Operations turning map `old` into map `new` under `prefix` (e.g. `/requestParameters`):
/// `remove` for dropped keys, `add` for new keys, `replace` for changed values.
pub fn map_diff(
    prefix: &str,
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> Vec<PatchOperation> {
    let mut ops = Vec::new();
    for key in old.keys().filter(|k| !new.contains_key(*k)) {
        ops.push(remove(&format!("{prefix}/{}", escape(key))));
    }
    for (key, value) in new {
        let path = format!("{prefix}/{}", escape(key));
        match old.get(key) {
            None => ops.push(add(&path, Some(value))),
            Some(v) if v != value => ops.push(replace(&path, Some(value))),
            Some(_) => {}
        }
    }
    ops
}

/// Operations turning set `old` into set `new` where each element is a path segment
/// (e.g. `/binaryMediaTypes/image~1png`): `remove` then `add`.
pub fn set_diff(prefix: &str, old: &[String], new: &[String]) -> Vec<PatchOperation> {
    let removed = old
        .iter()
        .filter(|o| !new.contains(o))
        .map(|o| remove(&format!("{prefix}/{}", escape(o))));
    let added = new
        .iter()
        .filter(|n| !old.contains(n))
        .map(|n| add(&format!("{prefix}/{}", escape(n)), None));
    removed.chain(added).collect()
}

/// The operations as "OP PATH VALUE" lines (`-` for no value), for test assertions.
#[cfg(test)]
pub(crate) fn show(ops: &[PatchOperation]) -> Vec<String> {
    ops.iter()
        .map(|o| {
            format!(
                "{} {} {}",
                o.op().map_or("?", Op::as_str),
                o.path().unwrap_or(""),
                o.value().unwrap_or("-")
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_rfc_6901() {
        assert_eq!(escape("application/json"), "application~1json");
        assert_eq!(escape("a~b/c"), "a~0b~1c");
        assert_eq!(
            escape("method.request.querystring.page"),
            "method.request.querystring.page"
        );
    }

    #[test]
    fn map_diff_removes_adds_and_replaces() {
        let old = BTreeMap::from([
            ("a/b".to_owned(), "1".to_owned()),
            ("keep".into(), "k".into()),
            ("chg".into(), "x".into()),
        ]);
        let new = BTreeMap::from([
            ("keep".to_owned(), "k".to_owned()),
            ("chg".into(), "y".into()),
            ("n~".into(), "2".into()),
        ]);
        assert_eq!(
            show(&map_diff("/responseModels", &old, &new)),
            [
                "remove /responseModels/a~1b -",
                "replace /responseModels/chg y",
                "add /responseModels/n~0 2"
            ]
        );
    }

    #[test]
    fn set_diff_removes_then_adds() {
        let ops = set_diff(
            "/binaryMediaTypes",
            &["image/png".into(), "a".into()],
            &["a".into(), "*/*".into()],
        );
        assert_eq!(
            show(&ops),
            [
                "remove /binaryMediaTypes/image~1png -",
                "add /binaryMediaTypes/*~1* -"
            ]
        );
    }
}
