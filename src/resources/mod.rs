//! The resource types, one module each, behind one small trait.
//!
//! A resource sees only [`Value`]s shaped by its own [`Schema`] and the configured AWS client;
//! the protocol choreography (planning rules, apply dispatch, cancellation, "return the state
//! even on failure") is written once in [`crate::plugin`].

pub mod checks;
pub mod gateway_response;
pub mod integration;
pub mod integration_response;
pub mod method;
pub mod method_response;
pub mod resource;
pub mod rest_api;

use async_trait::async_trait;

use crate::aws::Aws;
use crate::diag::{Diagnostic, Diagnostics};
use crate::schema::Schema;
use crate::tfvalue::{Path, Value};

/// One Terraform resource type.
#[async_trait]
pub trait Resource: Send + Sync + std::fmt::Debug {
    /// The type name, e.g. `apigateway_rest_api`.
    fn type_name(&self) -> &'static str;

    /// The schema (built once per process by the registry).
    fn schema(&self) -> Schema;

    /// Checks that go across attributes. The configuration may hold unknown values; never
    /// reject those. Per-attribute checks belong in the schema's validators.
    fn validate(&self, _config: &Value, _diags: &mut Diagnostics) {}

    /// Adjusts the generic plan (for example to mark values that a change recomputes).
    /// `prior` is null for a create.
    fn modify_plan(
        &self,
        _prior: &Value,
        _config: &Value,
        _planned: &mut Value,
        _diags: &mut Diagnostics,
    ) {
    }

    /// Creates the object; returns the new state.
    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics>;

    /// Reads the object; `None` when it no longer exists.
    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics>;

    /// Updates the object in place; returns the new state.
    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value)
    -> Result<Value, Diagnostics>;

    /// Deletes the object. An object already gone is not an error.
    async fn delete(&self, aws: &Aws, state: &Value) -> Result<(), Diagnostics>;

    /// Turns an import ID into a partial state that [`Resource::read`] can complete.
    fn import(&self, id: &str) -> Result<Value, Diagnostics>;
}

/// Every resource type this provider serves.
pub fn all() -> Vec<Box<dyn Resource>> {
    vec![
        Box::new(rest_api::RestApi),
        Box::new(resource::ApiResource),
        Box::new(method::Method),
        Box::new(method_response::MethodResponse),
        Box::new(integration::Integration),
        Box::new(integration_response::IntegrationResponse),
        Box::new(gateway_response::GatewayResponse),
    ]
}

/// The string at attribute `name` of `value`, or an error diagnostic (a provider bug or a
/// corrupted state, since the schema makes the attribute required).
pub fn required_str<'a>(value: &'a Value, name: &str) -> Result<&'a str, Diagnostics> {
    value.get(name).as_str().ok_or_else(|| {
        Diagnostic::error(
            "Missing attribute value",
            format!("The attribute `{name}` has no known value where one is needed."),
        )
        .at(Path::attr(name))
        .into()
    })
}

/// An import ID diagnostic showing the expected format and an example.
pub fn bad_import_id(type_name: &str, id: &str, format: &str, example: &str) -> Diagnostics {
    Diagnostic::error(
        "Invalid import ID",
        format!(
            "The import ID {id:?} is not valid for {type_name}. Expected the format {format}, \
             for example: terraform import {type_name}.example {example}"
        ),
    )
    .into()
}

/// Splits an import ID into exactly `N` non-empty `/`-separated parts, or explains the
/// expected format with an example.
pub fn import_parts<'a, const N: usize>(
    type_name: &str,
    id: &'a str,
    format: &str,
    example: &str,
) -> Result<[&'a str; N], Diagnostics> {
    let parts: Vec<&str> = id.split('/').collect();
    match <[&str; N]>::try_from(parts) {
        Ok(parts)
            if parts
                .iter()
                .all(|p| !p.is_empty() && !p.chars().any(char::is_whitespace)) =>
        {
            Ok(parts)
        }
        _ => Err(bad_import_id(type_name, id, format, example)),
    }
}

/// A map attribute's state from AWS's answer, keeping the user's spelling of "empty": when AWS
/// has no entries, a configured `{}` stays `{}` and an unset attribute stays null, so a second
/// plan never shows a phantom change.
pub fn string_map_state<'a>(
    aws: Option<impl IntoIterator<Item = (&'a String, &'a String)>>,
    reference: &Value,
) -> Value {
    let entries: std::collections::BTreeMap<String, Value> = aws
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    empty_as_reference(entries, reference)
}

/// Like [`string_map_state`] for maps of bools.
pub fn bool_map_state<'a>(
    aws: Option<impl IntoIterator<Item = (&'a String, &'a bool)>>,
    reference: &Value,
) -> Value {
    let entries: std::collections::BTreeMap<String, Value> = aws
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), Value::Bool(*v)))
        .collect();
    empty_as_reference(entries, reference)
}

fn empty_as_reference(
    entries: std::collections::BTreeMap<String, Value>,
    reference: &Value,
) -> Value {
    if !entries.is_empty() {
        return Value::Map(entries);
    }
    match reference {
        Value::Map(m) if m.is_empty() => Value::Map(entries),
        _ => Value::Null,
    }
}

/// Whether every attribute value known in `planned` equals the one in `actual` (used to
/// adopt an object an interrupted apply already created).
pub fn matches_plan(planned: &Value, actual: &Value) -> bool {
    match (planned, actual) {
        (Value::Object(p), Value::Object(a)) => p.iter().all(|(k, pv)| {
            !pv.is_wholly_known()
                || a.get(k).is_some_and(|av| av == pv)
                || (pv.is_null() && a.get(k).is_none())
        }),
        _ => false,
    }
}

/// An idempotent create found the object already there: adopt it if it already is what the
/// plan wants (an interrupted apply being re-run), otherwise tell the user how to import it.
pub fn adopt_existing(
    type_name: &str,
    import_id: &str,
    planned: &Value,
    existing: Value,
) -> Result<Value, Diagnostics> {
    if matches_plan(planned, &existing) {
        tracing::info!(
            import_id,
            "adopting an existing object that already matches the plan"
        );
        return Ok(existing);
    }
    Err(Diagnostic::error(
        "Object already exists",
        format!(
            "{type_name} {import_id} already exists in API Gateway with different settings. To manage it \
             with Terraform, import it first:\n\n  terraform import {type_name}.<name> {import_id}"
        ),
    )
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn empty_maps_keep_the_users_spelling() {
        let none: Option<&HashMap<String, String>> = None;
        let empty = HashMap::new();
        assert_eq!(string_map_state(none, &Value::Null), Value::Null);
        assert_eq!(
            string_map_state(Some(&empty), &Value::Map(Default::default())),
            Value::Map(Default::default())
        );
        assert_eq!(string_map_state(Some(&empty), &Value::Null), Value::Null);
        let full = HashMap::from([("a".to_owned(), "b".to_owned())]);
        assert_eq!(
            string_map_state(Some(&full), &Value::Null)
                .to_string_map()
                .unwrap()["a"],
            "b"
        );
    }

    #[test]
    fn import_parts_checks_count_and_emptiness() {
        let ok: [&str; 3] = import_parts("t", "a/b/GET", "A/B/C", "x/y/GET").unwrap();
        assert_eq!(ok, ["a", "b", "GET"]);
        assert!(import_parts::<3>("t", "a/b", "A/B/C", "x").is_err());
        assert!(import_parts::<2>("t", "a//", "A/B", "x").is_err());
        let d = import_parts::<2>("apigateway_x", "a", "A/B", "x/y")
            .unwrap_err()
            .into_vec();
        assert!(
            d[0].detail
                .contains("terraform import apigateway_x.example x/y")
        );
    }

    #[test]
    fn adoption_requires_every_known_planned_value_to_match() {
        let planned = Value::object([("a", "1".into()), ("id", Value::Unknown)]);
        let same = Value::object([("a", "1".into()), ("id", "x".into())]);
        let other = Value::object([("a", "2".into()), ("id", "x".into())]);
        assert!(adopt_existing("t", "i", &planned, same).is_ok());
        let d = adopt_existing("t", "i", &planned, other)
            .unwrap_err()
            .into_vec();
        assert!(d[0].detail.contains("terraform import t.<name> i"));
    }
}
