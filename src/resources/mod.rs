//! The resource types, one module each, behind one small trait.
//!
//! A resource sees only [`Value`]s shaped by its own [`Schema`] and the configured AWS client;
//! the protocol choreography (planning rules, apply dispatch, cancellation, "return the state
//! even on failure") is written once in [`crate::plugin`].

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
    vec![Box::new(rest_api::RestApi), Box::new(resource::ApiResource)]
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
