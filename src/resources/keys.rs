//! The identities of the objects that hang off a method: a [`MethodKey`] names a method and
//! its integration, a [`ResponseKey`] one of the method's responses and the integration
//! response for the same status code.
//!
//! A key is read from a plan or state, parsed from an import ID, shown as that import ID in
//! messages (`Display`), and builds the state `id` in the format of the hashicorp/aws
//! provider's resource for the same object.

use std::fmt;

use aws_sdk_apigateway::types::Method;

use crate::aws::{Aws, AwsError};
use crate::diag::Diagnostics;
use crate::tfvalue::Value;

use super::checks::{HTTP_METHODS, check_status_code};
use super::{bad_import_id, import_parts, required_str};

/// What identifies a method, and so its integration: its API, resource and verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodKey {
    /// The REST API id.
    pub rest_api_id: String,
    /// The resource id.
    pub resource_id: String,
    /// The HTTP verb.
    pub http_method: String,
}

impl MethodKey {
    /// The import ID format (the `Display` form).
    pub const IMPORT_FORMAT: &'static str = "REST-API-ID/RESOURCE-ID/HTTP-METHOD";
    /// An import ID for messages.
    const IMPORT_EXAMPLE: &'static str = "a1b2c3d4e5/x1y2z3/GET";

    /// The key from a state or plan; an error when any part is not a known string.
    pub fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self {
            rest_api_id: required_str(value, "rest_api_id")?.to_owned(),
            resource_id: required_str(value, "resource_id")?.to_owned(),
            http_method: required_str(value, "http_method")?.to_owned(),
        })
    }

    /// The key from an import ID of resource type `type_name`; an error that shows the format
    /// when the ID is malformed or names a verb API Gateway does not know (`get`, `FETCH`),
    /// so a typo fails the import instead of importing something the configuration would
    /// then have to replace.
    pub fn from_import_id(type_name: &str, id: &str) -> Result<Self, Diagnostics> {
        let [api, resource, verb] =
            import_parts::<3>(type_name, id, Self::IMPORT_FORMAT, Self::IMPORT_EXAMPLE)?;
        let key = Self::parts(api, resource, verb);
        if let Some(problem) = key.import_problem() {
            return Err(bad_import_id(
                type_name,
                id,
                Some(&problem),
                Self::IMPORT_FORMAT,
                Self::IMPORT_EXAMPLE,
            ));
        }
        Ok(key)
    }

    fn parts(rest_api_id: &str, resource_id: &str, http_method: &str) -> Self {
        Self {
            rest_api_id: rest_api_id.to_owned(),
            resource_id: resource_id.to_owned(),
            http_method: http_method.to_owned(),
        }
    }

    /// What makes the key impossible in API Gateway, if anything.
    fn import_problem(&self) -> Option<String> {
        let verb = &self.http_method;
        (!HTTP_METHODS.contains(&verb.as_str())).then(|| {
            format!(
                "{verb:?} is not an HTTP method API Gateway knows ({})",
                HTTP_METHODS.join(", ")
            )
        })
    }

    /// The state `id` of a method, as the `aws_api_gateway_method` resource has it.
    pub fn method_id(&self) -> String {
        format!("agm-{}", self.dashed())
    }

    /// The state `id` of an integration, as the `aws_api_gateway_integration` resource has it.
    pub fn integration_id(&self) -> String {
        format!("agi-{}", self.dashed())
    }

    fn dashed(&self) -> String {
        format!(
            "{}-{}-{}",
            self.rest_api_id, self.resource_id, self.http_method
        )
    }

    /// The method from the API's read snapshot (see [`crate::aws::cache`]), with its method
    /// responses, integration and integration responses; `None` when the method, its
    /// resource or its API does not exist.
    pub async fn snapshot_method(&self, aws: &Aws) -> Result<Option<Method>, AwsError> {
        aws.cache
            .method(
                &aws.client,
                &self.rest_api_id,
                &self.resource_id,
                &self.http_method,
            )
            .await
    }

    /// The state attributes `id` (given) and the identity: all an import knows, and how
    /// every state of a method or integration begins.
    pub fn attributes(&self, id: String) -> Vec<(&'static str, Value)> {
        vec![
            ("id", Value::from(id)),
            ("rest_api_id", Value::from(self.rest_api_id.as_str())),
            ("resource_id", Value::from(self.resource_id.as_str())),
            ("http_method", Value::from(self.http_method.as_str())),
        ]
    }
}

/// The import ID `REST-API-ID/RESOURCE-ID/HTTP-METHOD`, also how messages name the object.
impl fmt::Display for MethodKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}",
            self.rest_api_id, self.resource_id, self.http_method
        )
    }
}

/// What identifies a method response, and so the integration response for the same status
/// code: the method and the status code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseKey {
    /// The method the response belongs to.
    pub method: MethodKey,
    /// The HTTP status code, e.g. `200`.
    pub status_code: String,
}

impl ResponseKey {
    /// The import ID format (the `Display` form).
    pub const IMPORT_FORMAT: &'static str = "REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE";
    /// An import ID for messages.
    const IMPORT_EXAMPLE: &'static str = "a1b2c3d4e5/x1y2z3/GET/200";

    /// The key from a state or plan; an error when any part is not a known string.
    pub fn from_state(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Self {
            method: MethodKey::from_state(value)?,
            status_code: required_str(value, "status_code")?.to_owned(),
        })
    }

    /// The key from an import ID of resource type `type_name`; like
    /// [`MethodKey::from_import_id`], and the status code must be one (`200`, not `20`).
    pub fn from_import_id(type_name: &str, id: &str) -> Result<Self, Diagnostics> {
        let [api, resource, verb, status] =
            import_parts::<4>(type_name, id, Self::IMPORT_FORMAT, Self::IMPORT_EXAMPLE)?;
        let key = Self {
            method: MethodKey::parts(api, resource, verb),
            status_code: status.to_owned(),
        };
        let problem = key.method.import_problem().or_else(|| {
            check_status_code(status)
                .err()
                .map(|reason| format!("{status:?} is {reason}"))
        });
        if let Some(problem) = problem {
            return Err(bad_import_id(
                type_name,
                id,
                Some(&problem),
                Self::IMPORT_FORMAT,
                Self::IMPORT_EXAMPLE,
            ));
        }
        Ok(key)
    }

    /// The state `id` of a method response, as the `aws_api_gateway_method_response`
    /// resource has it.
    pub fn method_response_id(&self) -> String {
        format!("agmr-{}-{}", self.method.dashed(), self.status_code)
    }

    /// The state `id` of an integration response, as the
    /// `aws_api_gateway_integration_response` resource has it.
    pub fn integration_response_id(&self) -> String {
        format!("agir-{}-{}", self.method.dashed(), self.status_code)
    }

    /// The state attributes `id` (given) and the identity (see [`MethodKey::attributes`]).
    pub fn attributes(&self, id: String) -> Vec<(&'static str, Value)> {
        let mut attributes = self.method.attributes(id);
        attributes.push(("status_code", Value::from(self.status_code.as_str())));
        attributes
    }
}

/// The import ID `REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE`, also how messages name
/// the object.
impl fmt::Display for ResponseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.method, self.status_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response_key() -> ResponseKey {
        ResponseKey {
            method: MethodKey::parts("api1", "res1", "GET"),
            status_code: "200".into(),
        }
    }

    #[test]
    fn ids_use_the_official_formats() {
        let key = response_key();
        assert_eq!(key.method.method_id(), "agm-api1-res1-GET");
        assert_eq!(key.method.integration_id(), "agi-api1-res1-GET");
        assert_eq!(key.method_response_id(), "agmr-api1-res1-GET-200");
        assert_eq!(key.integration_response_id(), "agir-api1-res1-GET-200");
        assert_eq!(key.method.to_string(), "api1/res1/GET");
        assert_eq!(key.to_string(), "api1/res1/GET/200");
    }

    #[test]
    fn import_ids_round_trip_and_name_the_problem() {
        let key = response_key();
        assert_eq!(
            ResponseKey::from_import_id("t", &key.to_string()).unwrap(),
            key
        );
        assert_eq!(
            MethodKey::from_import_id("t", &key.method.to_string()).unwrap(),
            key.method
        );
        let state = Value::object(key.attributes(key.method_response_id()));
        assert_eq!(ResponseKey::from_state(&state).unwrap(), key);
        let d = ResponseKey::from_import_id("apigateway_x", "a/r/GET/20")
            .unwrap_err()
            .into_vec();
        assert_eq!(d.len(), 1);
        assert!(d[0].detail.contains("\"20\" is not a status code"), "{d:?}");
        assert!(d[0].detail.contains(ResponseKey::IMPORT_FORMAT), "{d:?}");
        let d = MethodKey::from_import_id("apigateway_x", "a/r/get")
            .unwrap_err()
            .into_vec();
        assert!(
            d[0].detail.contains("\"get\" is not an HTTP method"),
            "{d:?}"
        );
        assert!(
            d[0].detail
                .contains("terraform import apigateway_x.example a1b2c3d4e5/x1y2z3/GET"),
            "{d:?}"
        );
    }
}
