//! The resource types, one module each, behind one small trait.
//!
//! A resource sees only [`Value`]s shaped by its own [`Schema`] and the configured AWS client;
//! the protocol choreography (planning rules, apply dispatch, cancellation, "return the state
//! even on failure") is written once in [`crate::plugin`].
//!
//! Every type is a declaration (see [`decl`]): its attributes, calls and quirks; the generic
//! code there derives the `Resource` implementation. What the declarations share lives here
//! and in [`keys`] (the identities, declared once per kind of key): reading identity
//! attributes and import IDs, the spellings of "empty" the policies keep, and adopting an
//! object a create found already there.

pub mod account;
pub mod api_key;
pub mod authorizer;
pub mod base_path_mapping;
pub mod checks;
pub mod client_certificate;
pub mod decl;
pub mod deployment;
pub mod documentation_part;
pub mod documentation_version;
pub mod domain_name;
pub mod domain_name_access_association;
pub mod gateway_response;
pub mod integration;
pub mod integration_response;
pub mod keys;
pub mod list;
pub mod method;
pub mod method_response;
pub mod method_settings;
pub mod model;
pub mod publish;
pub mod request_validator;
pub mod resource;
pub mod rest_api;
pub mod rest_api_policy;
pub mod rest_api_put;
pub mod stage;
#[cfg(test)]
pub(crate) mod testing;
pub mod timeouts;
pub mod usage_plan;
pub mod usage_plan_key;
pub mod vpc_link;

use std::collections::{BTreeMap, BTreeSet};

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

    /// Called with every planned change (`prior` null for a create, `planned` null for a
    /// destroy), so what a REST API serves can be republished (see [`publish`]).
    fn note_change(&self, _prior: &Value, _planned: &Value) {}

    /// Plans `tags_all` of a taggable type from the configuration and the provider's
    /// `default_tags`.
    fn plan_tags(
        &self,
        _config: &Value,
        _planned: &mut Value,
        _defaults: &BTreeMap<String, String>,
    ) {
    }

    /// Private data Terraform keeps with the object's state (users never see it), after a
    /// read that found `state`: from what was stored before. Default: unchanged.
    async fn private_after_read(
        &self,
        _aws: &Aws,
        _state: &Value,
        private: Vec<u8>,
    ) -> Result<Vec<u8>, Diagnostics> {
        Ok(private)
    }

    /// Adjusts a plan by the prior private data (default: nothing).
    fn plan_private(
        &self,
        _prior: &Value,
        _private: &[u8],
        _planned: &mut Value,
        _diags: &mut Diagnostics,
    ) {
    }

    /// Private data after an apply that produced `state` (default: the planned private data).
    fn private_after_apply(&self, _state: &Value, planned_private: Vec<u8>) -> Vec<u8> {
        planned_private
    }

    /// Nested blocks the provider fills when the configuration leaves them out (AWS's own
    /// setting is read back and kept), as the official provider's optional+computed blocks.
    /// Terraform's protocol has no computed blocks: a type with any is served with the legacy
    /// type system flag, under which Terraform tolerates a planned or applied block the
    /// configuration does not show (the provider's own checks still apply).
    fn computed_blocks(&self) -> Vec<&'static str> {
        Vec::new()
    }

    /// Whether plans and applies of this type are served with the legacy type system flag:
    /// by default when it has computed blocks.
    fn legacy_type_system(&self) -> bool {
        !self.computed_blocks().is_empty()
    }

    /// Whether `element` of the computed block `name` is what AWS sets by itself.
    fn is_aws_default_block(&self, _name: &str, _element: &Value) -> bool {
        false
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

    /// The attributes of the type's resource identity (Terraform >= 1.12): what names one
    /// object, as strings. See [`identity_of`].
    fn identity_attributes(&self) -> Vec<IdentityAttribute>;

    /// Like [`Resource::import`], from identity data (`import { identity = { ... } }`).
    fn import_identity(&self, identity: &Value) -> Result<Value, Diagnostics>;
}

/// One attribute of a resource identity (always a string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityAttribute {
    /// Its name, the same as the resource attribute it is read from.
    pub name: &'static str,
    /// Whether `import { identity = ... }` must give it (else it is optional there).
    pub required: bool,
    /// Markdown description.
    pub description: String,
}

/// The identity data of an object: each identity attribute's value in its state (null where
/// the state has none, e.g. the root base path).
pub fn identity_of(attributes: &[IdentityAttribute], state: &Value) -> Value {
    Value::object(
        attributes
            .iter()
            .map(|a| (a.name, state.get(a.name).clone())),
    )
}

/// The type of a resource type's identity data.
pub fn identity_type(attributes: &[IdentityAttribute]) -> crate::tfvalue::Type {
    crate::tfvalue::Type::object(
        attributes
            .iter()
            .map(|a| (a.name.to_owned(), crate::tfvalue::Type::String)),
    )
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
        Box::new(request_validator::RequestValidator),
        Box::new(deployment::Deployment),
        Box::new(stage::Stage),
        Box::new(method_settings::MethodSettings),
        Box::new(model::Model),
        Box::new(authorizer::Authorizer),
        Box::new(rest_api_policy::RestApiPolicy),
        Box::new(rest_api_put::RestApiPut),
        Box::new(documentation_version::DocumentationVersion),
        Box::new(documentation_part::DocumentationPart),
        Box::new(api_key::ApiKey),
        Box::new(usage_plan::UsagePlan),
        Box::new(usage_plan_key::UsagePlanKey),
        Box::new(client_certificate::ClientCertificate),
        Box::new(vpc_link::VpcLink),
        Box::new(account::Account),
        Box::new(domain_name::DomainName),
        Box::new(base_path_mapping::BasePathMapping),
        Box::new(domain_name_access_association::DomainNameAccessAssociation),
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

/// An import ID diagnostic showing the expected format and an example; `problem` says what is
/// wrong beyond the format, when there is more to say.
pub fn bad_import_id(
    type_name: &str,
    id: &str,
    problem: Option<&str>,
    format: &str,
    example: &str,
) -> Diagnostics {
    let problem = problem.map_or_else(String::new, |p| format!(": {p}"));
    Diagnostic::error(
        "Invalid import ID",
        format!(
            "The import ID {id:?} is not valid for {type_name}{problem}. Expected the format \
             {format}, for example: terraform import {type_name}.example {example}"
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
        _ => Err(bad_import_id(type_name, id, None, format, example)),
    }
}

/// A map attribute's state from AWS's answer, keeping the user's spelling of "empty": when AWS
/// has no entries, a configured `{}` stays `{}` and an unset attribute stays null, so a second
/// plan never shows a phantom change.
pub fn map_state<'a, V: Clone + Into<Value> + 'a>(
    aws: Option<impl IntoIterator<Item = (&'a String, &'a V)>>,
    reference: &Value,
) -> Value {
    let entries: BTreeMap<String, Value> = aws
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.clone().into()))
        .collect();
    if !entries.is_empty() {
        return Value::Map(entries);
    }
    match reference {
        Value::Map(m) if m.is_empty() => Value::Map(entries),
        _ => Value::Null,
    }
}

/// An optional string attribute's state from AWS's answer. AWS has no empty value for these
/// (a cleared one reads back as absent, or as `""` from an emulator), so both become null,
/// unless the user wrote `""`, which is kept.
pub fn string_state(aws: Option<String>, reference: &Value) -> Value {
    match aws.filter(|s| !s.is_empty()) {
        Some(s) => Value::String(s),
        None if reference.as_str() == Some("") => Value::from(""),
        None => Value::Null,
    }
}

/// A set of strings from AWS's answer: in the reference's order as far as it has the
/// elements (so the state equals the plan value for value), the others after them, sorted;
/// an empty set is `[]` or null as the user wrote it.
pub fn string_set_state(aws: Vec<String>, reference: &Value) -> Value {
    if aws.is_empty() {
        return match reference.as_elements() {
            Some([]) => Value::Set(Vec::new()),
            _ => Value::Null,
        };
    }
    let order = reference.to_string_vec().unwrap_or_default();
    let position = |s: &String| order.iter().position(|o| o == s).unwrap_or(usize::MAX);
    let mut items: Vec<String> = aws
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    items.sort_by_key(|s| position(s));
    Value::Set(items.into_iter().map(Value::String).collect())
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

/// A create failed with `creating` because the object already exists, and `found` is what a
/// read then saw: adopt it when it already is what the plan wants (see [`adopt_existing`]);
/// otherwise the create's error, with the read's when that failed too.
pub fn adopt_found(
    type_name: &str,
    import_id: &str,
    planned: &Value,
    creating: Diagnostic,
    found: Result<Option<Value>, Diagnostics>,
) -> Result<Value, Diagnostics> {
    match found {
        Ok(Some(existing)) => adopt_existing(type_name, import_id, planned, existing),
        // Deleted between the create and the read: a retry of the apply creates it.
        Ok(None) => Err(creating.into()),
        Err(reading) => {
            let mut diags = Diagnostics::from(creating);
            diags.extend(reading);
            Err(diags)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn empty_maps_keep_the_users_spelling() {
        let none: Option<&HashMap<String, String>> = None;
        let empty: HashMap<String, String> = HashMap::new();
        assert_eq!(map_state(none, &Value::Null), Value::Null);
        assert_eq!(
            map_state(Some(&empty), &Value::Map(Default::default())),
            Value::Map(Default::default())
        );
        assert_eq!(map_state(Some(&empty), &Value::Null), Value::Null);
        let full = HashMap::from([("a".to_owned(), "b".to_owned())]);
        assert_eq!(
            map_state(Some(&full), &Value::Null)
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

    /// A refresh of a whole API: every resource, method, method response, integration and
    /// integration response is read from one GetResources, even when Terraform reads them all
    /// at once; gateway responses take one GetGatewayResponses.
    #[tokio::test]
    async fn a_refresh_of_an_api_costs_one_call_per_snapshot() {
        let resources = r#"{"item":[{"id":"root","path":"/"},{"id":"res1","parentId":"root","pathPart":"items","path":"/items","resourceMethods":{"GET":{"httpMethod":"GET","authorizationType":"NONE","apiKeyRequired":false,"methodResponses":{"200":{"statusCode":"200"}},"methodIntegration":{"type":"MOCK","timeoutInMillis":29000,"integrationResponses":{"200":{"statusCode":"200"}}}}}}]}"#;
        let gateway_responses =
            r#"{"item":[{"responseType":"THROTTLED","statusCode":"429","defaultResponse":false}]}"#;
        let (aws, log) = testing::api_with_snapshots(vec![
            (200, None, resources),
            (200, None, gateway_responses),
        ])
        .await;
        let objects: Vec<(Box<dyn Resource>, &str)> = vec![
            (Box::new(resource::ApiResource), "api1/res1"),
            (Box::new(method::Method), "api1/res1/GET"),
            (
                Box::new(method_response::MethodResponse),
                "api1/res1/GET/200",
            ),
            (Box::new(integration::Integration), "api1/res1/GET"),
            (
                Box::new(integration_response::IntegrationResponse),
                "api1/res1/GET/200",
            ),
        ];
        let reads = objects.iter().map(|(resource, id)| {
            let aws = &aws;
            async move {
                let imported = resource.import(id).unwrap();
                (resource.type_name(), resource.read(aws, &imported).await)
            }
        });
        for (type_name, read) in futures_util::future::join_all(reads).await {
            assert!(read.unwrap().is_some(), "{type_name}");
        }
        let throttled = gateway_response::GatewayResponse
            .import("api1/THROTTLED")
            .unwrap();
        let read = gateway_response::GatewayResponse
            .read(&aws, &throttled)
            .await;
        assert!(read.unwrap().is_some());
        let log = testing::requests(&log);
        assert_eq!(log.len(), 2, "{log:?}");
        assert!(
            log[0].starts_with("GET /restapis/api1/resources?"),
            "{log:?}"
        );
        assert!(
            log[1].starts_with("GET /restapis/api1/gatewayresponses"),
            "{log:?}"
        );
    }
}
