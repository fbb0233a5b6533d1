//! The derivations that need no SDK types: a field's state from AWS's answer by its
//! [`Policy`], the patch operations between two states, and which planned values an update's
//! answer does not show.

use std::collections::BTreeMap;

use aws_sdk_apigateway::types::PatchOperation;

use crate::aws::patch;
use crate::tfvalue::Value;

use super::super::{map_state, string_set_state, string_state};
use super::{Patch, Policy, Spec, Ty};

/// The state of one field from AWS's value `aws` (null when AWS has none) and the
/// `reference` value (the plan on a write, the prior state on a read).
pub fn apply(spec: &Spec, aws: Value, reference: &Value) -> Value {
    match spec.policy {
        Policy::AsAnswered => match aws {
            Value::Null if reference.as_str() == Some("") => Value::from(""),
            Value::List(items) if spec.ty == Ty::StrSet => Value::Set(items),
            v => v,
        },
        Policy::EmptyIsUnset => string_state(aws.as_str().map(str::to_owned), reference),
        // AWS has no empty value for these: `""` is silence too.
        Policy::AwsDefault(d) => match aws {
            Value::Null => d.value(),
            Value::String(s) if s.is_empty() => d.value(),
            v => v,
        },
        Policy::KeepWhenSilent(d) => match aws {
            Value::Null => keep(reference, d),
            Value::String(s) if s.is_empty() => keep(reference, d),
            v => v,
        },
        Policy::MapAsWritten => map_state(aws.as_entries(), reference),
        Policy::SetAsWritten => {
            string_set_state(aws.to_string_vec().unwrap_or_default(), reference)
        }
        Policy::JsonAsWritten => match (aws.as_str(), reference.as_str()) {
            (Some(a), Some(r)) if same_json(a, r) => reference.clone(),
            _ => aws,
        },
        Policy::PolicyAsWritten => {
            match (aws.as_str().filter(|a| !a.is_empty()), reference.as_str()) {
                (None, Some("")) => Value::from(""),
                (None, _) => Value::Null,
                (Some(a), Some(r)) if same_policy(a, r) => reference.clone(),
                (Some(a), _) => Value::from(unescape_policy(a)),
            }
        }
        Policy::Custom => Value::Null,
    }
}

/// Whether two texts are the same JSON document (whitespace and key order aside); texts that
/// are not JSON are compared as they are.
pub fn same_json(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<serde_json::Value>(a),
        serde_json::from_str::<serde_json::Value>(b),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// A policy as API Gateway answers it (`{\"Version\":…}`, its quotes escaped) as the JSON
/// text itself; any other text as it is.
pub fn unescape_policy(s: &str) -> String {
    if serde_json::from_str::<serde_json::Value>(s).is_ok() {
        return s.to_owned();
    }
    match serde_json::from_str::<String>(&format!("\"{s}\"")) {
        Ok(text) if serde_json::from_str::<serde_json::Value>(&text).is_ok() => text,
        _ => s.to_owned(),
    }
}

/// Whether two texts are the same IAM policy as API Gateway stores it: escaping, whitespace
/// and key order aside; a list of one is its element and lists of strings are sets (IAM reads
/// them so, and AWS rewrites them); `arn:PARTITION:execute-api:REGION:ACCOUNT:API-ID/REST`
/// (how AWS answers a resource) is the `execute-api:/REST` a configuration writes.
pub fn same_policy(a: &str, b: &str) -> bool {
    let parse = |s: &str| serde_json::from_str::<serde_json::Value>(&unescape_policy(s)).ok();
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => canonical_policy(x) == canonical_policy(y),
        _ => a == b,
    }
}

fn canonical_policy(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::String(s) => J::String(short_execute_api(&s)),
        J::Array(items) => {
            let mut items: Vec<J> = items.into_iter().map(canonical_policy).collect();
            if items.len() == 1 {
                return items.remove(0);
            }
            if items.iter().all(J::is_string) {
                items.sort_by(|x, y| x.as_str().cmp(&y.as_str()));
            }
            J::Array(items)
        }
        J::Object(map) => J::Object(
            map.into_iter()
                .map(|(k, v)| (k, canonical_policy(v)))
                .collect(),
        ),
        other => other,
    }
}

/// `arn:P:execute-api:R:A:API/REST` as `execute-api:/REST`; anything else as it is.
fn short_execute_api(s: &str) -> String {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    if let ["arn", _, "execute-api", _, _, rest] = parts.as_slice()
        && let Some((_, path)) = rest.split_once('/')
    {
        return format!("execute-api:/{path}");
    }
    s.to_owned()
}

/// The known reference value, else the default, else null.
fn keep(reference: &Value, default: Option<super::Lit>) -> Value {
    if reference.is_wholly_known() && !reference.is_null() {
        reference.clone()
    } else {
        default.map_or(Value::Null, super::Lit::value)
    }
}

/// The value as the patch sees it: the spellings the policy calls the same become one.
pub fn effective(spec: &Spec, v: &Value) -> Value {
    match (spec.policy, v) {
        (Policy::EmptyIsUnset, Value::String(s)) if s.is_empty() => Value::Null,
        (Policy::AwsDefault(d) | Policy::KeepWhenSilent(Some(d)), Value::Null) => d.value(),
        _ => v.clone(),
    }
}

/// A scalar as API Gateway's patch operations spell it: strings as they are, booleans as
/// `"true"`/`"false"`, numbers in decimal; null is no value.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(
            n.as_i64()
                .map_or_else(|| n.as_f64().to_string(), |i| i.to_string()),
        ),
        _ => None,
    }
}

/// A map's entries as strings (booleans spelled as patches want them); empty when unset.
fn entries(v: &Value) -> BTreeMap<String, String> {
    v.as_entries()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), scalar(v)?)))
        .collect()
}

/// The patch operations that turn `prior` into `planned` over `specs`: first the scalars,
/// then the sets and lists, then the maps, each in declaration order. A map key or set
/// element is an escaped path segment (RFC 6901: `~` → `~0`, `/` → `~1`). Fields that are
/// unknown in the plan, replace the object, or have no path are left out.
pub fn patch<'s>(
    specs: impl Iterator<Item = &'s Spec> + Clone,
    prior: &Value,
    planned: &Value,
) -> Vec<PatchOperation> {
    let mut ops = Vec::new();
    let updatable = specs.filter(|s| !s.replace && !planned.get(s.name).is_unknown());
    let scalars = updatable
        .clone()
        .filter(|s| !s.ty.is_map() && !s.ty.is_collection());
    for spec in scalars {
        match spec.patch {
            Patch::Path(path) => {
                let old = effective(spec, prior.get(spec.name));
                let new = effective(spec, planned.get(spec.name));
                let same = match (spec.policy, old.as_str(), new.as_str()) {
                    (Policy::JsonAsWritten, Some(o), Some(n)) => same_json(o, n),
                    (Policy::PolicyAsWritten, Some(o), Some(n)) => same_policy(o, n),
                    _ => old == new,
                };
                if !same {
                    ops.push(patch::replace(path, scalar(&new).as_deref()));
                }
            }
            Patch::With(f) => ops.extend(f(prior, planned)),
            Patch::None | Patch::Manual => {}
        }
    }
    for spec in updatable.clone().filter(|s| s.ty.is_collection()) {
        if let Patch::Path(path) = spec.patch {
            let list = |v: &Value| v.to_string_vec().unwrap_or_default();
            ops.extend(patch::set_diff(
                path,
                &list(prior.get(spec.name)),
                &list(planned.get(spec.name)),
            ));
        }
    }
    for spec in updatable.filter(|s| s.ty.is_map()) {
        if let Patch::Path(path) = spec.patch {
            ops.extend(patch::map_diff(
                path,
                &entries(prior.get(spec.name)),
                &entries(planned.get(spec.name)),
            ));
        }
    }
    ops
}

/// Attributes whose known planned value the state from AWS's answer does not show.
pub fn unapplied(planned: &Value, state: &Value) -> Vec<String> {
    mismatches(planned, state)
        .into_iter()
        .map(|(name, planned, actual)| {
            format!("{name} (planned {planned}, API Gateway has {actual})")
        })
        .collect()
}

/// The attributes whose known planned value differs from the state's (sets compared as sets),
/// each with both values as a message shows them: (name, planned, actual).
pub fn mismatches(planned: &Value, state: &Value) -> Vec<(String, String, String)> {
    let (Value::Object(p), Value::Object(s)) = (planned, state) else {
        return Vec::new();
    };
    p.iter()
        .filter(|(_, pv)| pv.is_wholly_known())
        .filter(|(name, pv)| !same(pv, s.get(*name).unwrap_or(&Value::Null)))
        .map(|(name, pv)| {
            let actual = s.get(name).unwrap_or(&Value::Null);
            (name.clone(), show(pv), show(actual))
        })
        .collect()
}

/// Equality with sets compared as sets, at any depth (a set of blocks holding sets).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Set(x), Value::Set(y)) => {
            let mut unmatched: Vec<&Value> = y.iter().collect();
            x.len() == y.len()
                && x.iter().all(|item| {
                    let found = unmatched.iter().position(|other| same(item, other));
                    found.map(|i| unmatched.swap_remove(i)).is_some()
                })
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// A long text cut to 300 characters.
fn brief(text: String) -> String {
    if text.chars().count() > 300 {
        format!("{}…", text.chars().take(300).collect::<String>())
    } else {
        text
    }
}

/// A value for a message: strings quoted, collections in brief.
fn show(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::String(s) => format!("{s:?}"),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n
            .as_i64()
            .map_or_else(|| n.as_f64().to_string(), |i| i.to_string()),
        Value::Set(items) | Value::List(items) => match v.to_string_vec() {
            Some(items) => format!("[{}]", items.join(", ")),
            None => brief(format!(
                "[{}]",
                items.iter().map(show).collect::<Vec<_>>().join(", ")
            )),
        },
        Value::Object(attrs) => brief(format!(
            "{{{}}}",
            attrs
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k} = {}", show(v)))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Value::Map(m) => match v.to_string_map() {
            Some(entries) => {
                let text: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{k} = {v:?}"))
                    .collect();
                let text = format!("{{{}}}", text.join(", "));
                if text.chars().count() > 300 {
                    format!("{} entries", m.len())
                } else {
                    text
                }
            }
            None => format!("{} entries", m.len()),
        },
        _ => "another value".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sets of blocks holding sets are the same in any order; a changed element is reported
    /// with both values shown.
    #[test]
    fn sets_of_blocks_compare_in_any_order() {
        let block = |stage: &str, paths: &[&str]| {
            Value::object([
                ("stage", Value::from(stage)),
                (
                    "throttle",
                    Value::Set(
                        paths
                            .iter()
                            .map(|p| Value::object([("path", Value::from(*p))]))
                            .collect(),
                    ),
                ),
            ])
        };
        let a = Value::object([(
            "api_stages",
            Value::Set(vec![block("test", &["/a", "/b"]), block("foo", &[])]),
        )]);
        let b = Value::object([(
            "api_stages",
            Value::Set(vec![block("foo", &[]), block("test", &["/b", "/a"])]),
        )]);
        assert!(mismatches(&a, &b).is_empty());
        let c = Value::object([(
            "api_stages",
            Value::Set(vec![block("foo", &[]), block("test", &["/b"])]),
        )]);
        let m = mismatches(&a, &c);
        assert_eq!(m.len(), 1);
        assert!(m[0].2.contains("stage = \"test\""), "{}", m[0].2);
    }
    use crate::aws::patch::show;
    use crate::resources::decl::Lit;
    use crate::schema::Presence;

    const fn spec(name: &'static str, ty: Ty, policy: Policy, patch: Patch) -> Spec {
        Spec {
            name,
            description: "",
            ty,
            presence: Presence::Optional,
            sensitive: false,
            replace: false,
            keep_prior: false,
            default: None,
            validators: &[],
            policy,
            patch,
            nested: None,
            nested_set: false,
            aws_default_block: None,
            deprecated: None,
        }
    }

    const S: Spec = spec("s", Ty::Str, Policy::EmptyIsUnset, Patch::Path("/s"));
    const B: Spec = spec(
        "b",
        Ty::Bool,
        Policy::AwsDefault(Lit::Bool(false)),
        Patch::Path("/b"),
    );
    const M: Spec = spec("m", Ty::BoolMap, Policy::MapAsWritten, Patch::Path("/m"));
    const T: Spec = spec("t", Ty::StrSet, Policy::SetAsWritten, Patch::Path("/t"));

    #[test]
    fn policies_keep_the_users_spelling_of_empty() {
        assert_eq!(
            apply(&S, Value::from(""), &Value::from("")),
            Value::from("")
        );
        assert_eq!(apply(&S, Value::Null, &Value::Null), Value::Null);
        assert_eq!(apply(&B, Value::Null, &Value::Null), Value::Bool(false));
        let empty = Value::Map(BTreeMap::new());
        assert_eq!(apply(&M, Value::Null, &empty), empty);
        assert_eq!(
            apply(&M, Value::Map(BTreeMap::new()), &Value::Null),
            Value::Null
        );
        let silent = spec(
            "k",
            Ty::Str,
            Policy::KeepWhenSilent(Some(Lit::Str("d"))),
            Patch::None,
        );
        assert_eq!(
            apply(&silent, Value::Null, &Value::from("x")),
            Value::from("x")
        );
        assert_eq!(
            apply(&silent, Value::Null, &Value::Unknown),
            Value::from("d")
        );
        assert_eq!(
            apply(&T, Value::List(vec![]), &Value::Set(vec![])),
            Value::Set(vec![])
        );
    }

    #[test]
    fn json_documents_compare_by_meaning() {
        assert!(same_json(
            r#"{"a": 1, "b": [1, 2]}"#,
            r#"{"b":[1,2],"a":1}"#
        ));
        assert!(!same_json(r#"{"a": 1}"#, r#"{"a": 2}"#));
        assert!(
            !same_json(r#"{"b":[1,2]}"#, r#"{"b":[2,1]}"#),
            "arrays keep their order"
        );
        assert!(same_json("not json", "not json"));
        let json = spec("j", Ty::Str, Policy::JsonAsWritten, Patch::Path("/j"));
        let written = Value::from("{ \"type\": \"object\" }");
        assert_eq!(
            apply(&json, Value::from(r#"{"type":"object"}"#), &written),
            written
        );
        assert_eq!(
            apply(&json, Value::from(r#"{"type":"array"}"#), &written),
            Value::from(r#"{"type":"array"}"#)
        );
    }

    #[test]
    fn the_same_value_in_another_spelling_is_no_operation() {
        let specs = [S, B, M, T];
        let a = Value::object([
            ("s", Value::Null),
            ("b", Value::Null),
            ("m", Value::Null),
            ("t", Value::Null),
        ]);
        let b = Value::object([
            ("s", Value::from("")),
            ("b", Value::Bool(false)),
            ("m", Value::Map(BTreeMap::new())),
            ("t", Value::Set(vec![])),
        ]);
        assert!(patch(specs.iter(), &a, &b).is_empty());
        assert!(patch(specs.iter(), &b, &a).is_empty());
    }

    #[test]
    fn operations_come_scalars_then_sets_then_maps_with_escaped_segments() {
        let specs = [M, T, B, S];
        let prior = Value::object([
            ("s", Value::from("x")),
            ("b", Value::Bool(false)),
            (
                "m",
                Value::Map(BTreeMap::from([("a/b".to_owned(), Value::Bool(true))])),
            ),
            ("t", Value::Set(vec![Value::from("p~q")])),
        ]);
        let planned = Value::object([
            ("s", Value::Null),
            ("b", Value::Bool(true)),
            (
                "m",
                Value::Map(BTreeMap::from([("a/b".to_owned(), Value::Bool(false))])),
            ),
            ("t", Value::Set(vec![Value::from("r")])),
        ]);
        assert_eq!(
            show(&patch(specs.iter(), &prior, &planned)),
            [
                "replace /b true",
                "replace /s -",
                "remove /t/p~0q -",
                "add /t/r -",
                "replace /m/a~1b false"
            ]
        );
        let mut unknown = planned.clone();
        unknown.set("s", Value::Unknown);
        unknown.set("m", Value::Unknown);
        assert_eq!(
            show(&patch(specs.iter(), &prior, &unknown)),
            ["replace /b true", "remove /t/p~0q -", "add /t/r -"]
        );
    }
}
