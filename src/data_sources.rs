//! Data sources: read-only lookups of what already exists in API Gateway, for configurations
//! that build on APIs made elsewhere. Each has a schema (the arguments it is looked up by, and
//! the attributes it answers), plan-time checks, and a read; the plugin core serves them
//! through ValidateDataResourceConfig and ReadDataSource.
//!
//! Names and attributes are those of the hashicorp/aws provider's `aws_api_gateway_*` data
//! sources.

use std::fmt;

use async_trait::async_trait;
use aws_sdk_apigateway::types::{EndpointConfiguration, RestApi};

use crate::aws::cache::all_pages;
use crate::aws::{Aws, AwsError};
use crate::diag::{Diagnostic, Diagnostics};
use crate::resources::decl::policy::unescape_policy;
use crate::schema::{Attribute, Block, Schema};
use crate::tfvalue::{Path, Type, Value};

/// One Terraform data source.
#[async_trait]
pub trait DataSource: Send + Sync + fmt::Debug {
    /// The type name, e.g. `apigateway_rest_api`.
    fn type_name(&self) -> &'static str;

    /// The schema (built once per process by the registry).
    fn schema(&self) -> Schema;

    /// Checks across arguments (per-argument ones are the schema's validators).
    fn validate(&self, _config: &Value, _diags: &mut Diagnostics) {}

    /// Looks the object up: the configuration with every computed attribute filled in.
    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics>;
}

pub mod access;

/// Every data source this provider serves.
pub fn all() -> Vec<Box<dyn DataSource>> {
    vec![
        Box::new(RestApiLookup),
        Box::new(ResourceLookup),
        Box::new(AuthorizerLookup),
        Box::new(AuthorizersLookup),
        Box::new(ExportLookup),
        Box::new(access::ApiKeyLookup),
        Box::new(access::ApiKeysLookup),
        Box::new(access::VpcLinkLookup),
        Box::new(access::DomainNameLookup),
        Box::new(access::SdkLookup),
    ]
}

/// The string argument `name` of a configuration (required by the schema).
fn argument<'a>(config: &'a Value, name: &str) -> Result<&'a str, Diagnostics> {
    config.get(name).as_str().ok_or_else(|| {
        Diagnostic::error(
            "Missing argument",
            format!("The argument `{name}` has no known value."),
        )
        .at(Path::attr(name))
        .into()
    })
}

fn reading(what: &str, name: &str) -> impl Fn(AwsError) -> Diagnostics {
    AwsError::failed("Reading", what, name)
}

/// The one of `items` (all of the `what`s of `region`) named `name`; none or several is an
/// error at `name` that says how many (and which, by `id_of`).
pub(crate) fn unique_by_name<T>(
    what: &str,
    region: &str,
    items: Vec<T>,
    name: &str,
    name_of: impl Fn(&T) -> Option<&str>,
    id_of: impl Fn(&T) -> Option<&str>,
) -> Result<T, Diagnostics> {
    let seen = items.len();
    let mut found: Vec<T> = items
        .into_iter()
        .filter(|i| name_of(i) == Some(name))
        .collect();
    if found.len() == 1 {
        return Ok(found.remove(0));
    }
    let d = if found.is_empty() {
        Diagnostic::error(
            format!("No {what} with this name"),
            format!("None of the {seen} {what}s of region {region} is named {name:?}."),
        )
    } else {
        let ids: Vec<&str> = found.iter().filter_map(&id_of).collect();
        Diagnostic::error(
            format!("Several {what}s have this name"),
            format!(
                "{} {what}s of region {region} are named {name:?} ({}); the name must find \
                 exactly one.",
                found.len(),
                ids.join(", ")
            ),
        )
    };
    Err(d.at(Path::attr("name")).into())
}

/// `apigateway_rest_api`: a REST API by its name.
#[derive(Debug)]
pub struct RestApiLookup;

const PAGE: i32 = 500;

#[async_trait]
impl DataSource for RestApiLookup {
    fn type_name(&self) -> &'static str {
        "apigateway_rest_api"
    }

    fn schema(&self) -> Schema {
        let endpoint = Type::list(Type::object([
            ("types", Type::list(Type::String)),
            ("vpc_endpoint_ids", Type::set(Type::String)),
        ]));
        Schema::new(
            Block::new(
                "A REST API found by its name. Exactly one API of the region must have the \
                 name; none or several is an error that says how many.",
            )
            .attribute(Attribute::string("name", "Name of the REST API to find.").required())
            .attribute(Attribute::string("id", "The REST API id.").computed())
            .attribute(Attribute::string("description", "Description of the REST API.").computed())
            .attribute(
                Attribute::string(
                    "api_key_source",
                    "Where API keys come from: `HEADER` or `AUTHORIZER`.",
                )
                .computed(),
            )
            .attribute(
                Attribute::new(
                    "binary_media_types",
                    Type::list(Type::String),
                    "Media types served as binary.",
                )
                .computed(),
            )
            .attribute(
                Attribute::new(
                    "endpoint_configuration",
                    endpoint,
                    "The endpoint type and, for PRIVATE APIs, the VPC endpoint ids.",
                )
                .computed(),
            )
            .attribute(
                Attribute::string(
                    "minimum_compression_size",
                    "Smallest body, in bytes, that is compressed; `\"\"` when compression is off.",
                )
                .computed(),
            )
            .attribute(
                Attribute::string("policy", "The resource policy (JSON), if any.").computed(),
            )
            .attribute(
                Attribute::string("root_resource_id", "Id of the API's root resource (`/`).")
                    .computed(),
            )
            .attribute(Attribute::string("arn", "ARN of the REST API.").computed())
            .attribute(
                Attribute::string(
                    "execution_arn",
                    "Execution ARN prefix of the API, for IAM policies and Lambda permissions.",
                )
                .computed(),
            )
            .attribute(Attribute::string_map("tags", "Tags of the REST API.").computed()),
        )
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let name = argument(config, "name")?;
        let apis = all_pages(|position| async move {
            let out = aws
                .client
                .get_rest_apis()
                .limit(PAGE)
                .set_position(position)
                .send()
                .await
                .map_err(AwsError::from)?;
            Ok((out.items, out.position))
        })
        .await
        .map_err(reading("REST APIs", name))?;
        let api = unique_by_name(
            "REST API",
            &aws.region,
            apis,
            name,
            RestApi::name,
            RestApi::id,
        )?;
        let id = api.id().unwrap_or_default().to_owned();
        let root = match api.root_resource_id() {
            Some(root) => root.to_owned(),
            None => {
                let all = aws
                    .cache
                    .resources(&aws.client, &id)
                    .await
                    .map_err(reading("REST API root resource", &id))?;
                all.iter()
                    .find(|r| r.path() == Some("/"))
                    .and_then(|r| r.id())
                    .unwrap_or_default()
                    .to_owned()
            }
        };
        aws.account_id()
            .await
            .map_err(reading("account id (STS)", &id))?;
        let strings =
            |items: &[String]| Value::List(items.iter().map(|s| Value::from(s.as_str())).collect());
        Ok(Value::object([
            ("name", Value::from(name)),
            ("id", Value::from(id.as_str())),
            (
                "description",
                Value::from(api.description().unwrap_or_default()),
            ),
            (
                "api_key_source",
                Value::opt_string(api.api_key_source().map(|s| s.as_str())),
            ),
            ("binary_media_types", strings(api.binary_media_types())),
            (
                "endpoint_configuration",
                endpoint_value(api.endpoint_configuration()),
            ),
            (
                "minimum_compression_size",
                Value::from(
                    api.minimum_compression_size()
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                ),
            ),
            (
                "policy",
                Value::from(
                    api.policy()
                        .filter(|p| !p.is_empty())
                        .map(unescape_policy)
                        .unwrap_or_default(),
                ),
            ),
            ("root_resource_id", Value::from(root)),
            (
                "arn",
                Value::from(format!("arn:aws:apigateway:{}::/restapis/{id}", aws.region)),
            ),
            (
                "execution_arn",
                Value::opt_string(aws.execution_arn(&id, "")),
            ),
            (
                "tags",
                Value::string_map(Some(
                    api.tags()
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| (k.as_str(), v.as_str())),
                )),
            ),
        ]))
    }
}

/// The endpoint configuration as the data source's list of one object.
fn endpoint_value(ec: Option<&EndpointConfiguration>) -> Value {
    let Some(ec) = ec else {
        return Value::List(Vec::new());
    };
    Value::List(vec![Value::object([
        (
            "types",
            Value::List(ec.types().iter().map(|t| Value::from(t.as_str())).collect()),
        ),
        (
            "vpc_endpoint_ids",
            Value::Set(
                ec.vpc_endpoint_ids()
                    .iter()
                    .map(|i| Value::from(i.as_str()))
                    .collect(),
            ),
        ),
    ])])
}

/// `apigateway_resource`: a resource (a path) of a REST API.
#[derive(Debug)]
pub struct ResourceLookup;

#[async_trait]
impl DataSource for ResourceLookup {
    fn type_name(&self) -> &'static str {
        "apigateway_resource"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new("A resource (a path) of a REST API, found by its full path.")
                .attribute(Attribute::string("rest_api_id", "Id of the REST API.").required())
                .attribute(
                    Attribute::string(
                        "path",
                        "The full path, e.g. `/pets/{id}` (`/` is the root).",
                    )
                    .required()
                    .validator(&PATH_CHECK),
                )
                .attribute(Attribute::string("id", "The resource id.").computed())
                .attribute(
                    Attribute::string(
                        "parent_id",
                        "Id of the parent resource (empty for the root).",
                    )
                    .computed(),
                )
                .attribute(
                    Attribute::string(
                        "path_part",
                        "The last segment of the path (empty for the root).",
                    )
                    .computed(),
                ),
        )
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let api = argument(config, "rest_api_id")?;
        let path = argument(config, "path")?;
        let all = aws
            .cache
            .resources(&aws.client, api)
            .await
            .map_err(reading("REST API resources", api))?;
        let Some(found) = all.iter().find(|r| r.path() == Some(path)) else {
            return Err(Diagnostic::error(
                "No resource with this path",
                format!(
                    "REST API {api} has no resource {path:?} (it has {} paths).",
                    all.len()
                ),
            )
            .at(Path::attr("path"))
            .into());
        };
        Ok(Value::object([
            ("rest_api_id", Value::from(api)),
            ("path", Value::from(path)),
            ("id", Value::from(found.id().unwrap_or_default())),
            (
                "parent_id",
                Value::from(found.parent_id().unwrap_or_default()),
            ),
            (
                "path_part",
                Value::from(found.path_part().unwrap_or_default()),
            ),
        ]))
    }
}

const PATH_CHECK: crate::schema::validators::StringCheck = crate::schema::validators::string_check(
    "a full path starting with `/`, e.g. `/pets/{id}`",
    |s| {
        if s.starts_with('/') && !s.chars().any(char::is_whitespace) {
            Ok(())
        } else {
            Err("it must start with `/` and contain no whitespace".to_owned())
        }
    },
);

/// `apigateway_authorizer`: one authorizer of a REST API, by id.
#[derive(Debug)]
pub struct AuthorizerLookup;

#[async_trait]
impl DataSource for AuthorizerLookup {
    fn type_name(&self) -> &'static str {
        "apigateway_authorizer"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new("An authorizer of a REST API, by its id.")
                .attribute(Attribute::string("rest_api_id", "Id of the REST API.").required())
                .attribute(Attribute::string("authorizer_id", "Id of the authorizer.").required())
                .attribute(Attribute::string("id", "The authorizer id.").computed())
                .attribute(Attribute::string("name", "Name of the authorizer.").computed())
                .attribute(
                    Attribute::string("type", "`TOKEN`, `REQUEST` or `COGNITO_USER_POOLS`.")
                        .computed(),
                )
                .attribute(Attribute::string("arn", "ARN of the authorizer.").computed())
                .attribute(
                    Attribute::string(
                        "authorizer_uri",
                        "The Lambda invocation URI, for TOKEN and REQUEST authorizers.",
                    )
                    .computed(),
                )
                .attribute(
                    Attribute::string(
                        "authorizer_credentials",
                        "The IAM role API Gateway assumes to call the authorizer.",
                    )
                    .computed(),
                )
                .attribute(
                    Attribute::number(
                        "authorizer_result_ttl_in_seconds",
                        "How long a result is cached, in seconds.",
                    )
                    .computed(),
                )
                .attribute(
                    Attribute::string(
                        "identity_source",
                        "Where the caller's identity is read from.",
                    )
                    .computed(),
                )
                .attribute(
                    Attribute::string(
                        "identity_validation_expression",
                        "Regular expression a TOKEN must match.",
                    )
                    .computed(),
                )
                .attribute(
                    Attribute::new(
                        "provider_arns",
                        Type::list(Type::String),
                        "Cognito user pool ARNs, for COGNITO_USER_POOLS.",
                    )
                    .computed(),
                ),
        )
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let api = argument(config, "rest_api_id")?;
        let id = argument(config, "authorizer_id")?;
        let a = aws
            .client
            .get_authorizer()
            .rest_api_id(api)
            .authorizer_id(id)
            .send()
            .await
            .map_err(|e| reading("Authorizer", &format!("{api}/{id}"))(AwsError::from(e)))?;
        Ok(Value::object([
            ("rest_api_id", Value::from(api)),
            ("authorizer_id", Value::from(id)),
            ("id", Value::from(id)),
            ("name", Value::from(a.name().unwrap_or_default())),
            ("type", Value::opt_string(a.r#type().map(|t| t.as_str()))),
            (
                "arn",
                Value::from(format!(
                    "arn:aws:apigateway:{}::/restapis/{api}/authorizers/{id}",
                    aws.region
                )),
            ),
            (
                "authorizer_uri",
                Value::from(a.authorizer_uri().unwrap_or_default()),
            ),
            (
                "authorizer_credentials",
                Value::from(a.authorizer_credentials().unwrap_or_default()),
            ),
            (
                "authorizer_result_ttl_in_seconds",
                Value::from(i64::from(
                    a.authorizer_result_ttl_in_seconds().unwrap_or(300),
                )),
            ),
            (
                "identity_source",
                Value::from(a.identity_source().unwrap_or_default()),
            ),
            (
                "identity_validation_expression",
                Value::from(a.identity_validation_expression().unwrap_or_default()),
            ),
            (
                "provider_arns",
                Value::List(
                    a.provider_arns()
                        .iter()
                        .map(|p| Value::from(p.as_str()))
                        .collect(),
                ),
            ),
        ]))
    }
}

/// `apigateway_authorizers`: the ids of every authorizer of a REST API.
#[derive(Debug)]
pub struct AuthorizersLookup;

#[async_trait]
impl DataSource for AuthorizersLookup {
    fn type_name(&self) -> &'static str {
        "apigateway_authorizers"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new("The ids of every authorizer of a REST API (GetAuthorizers, every page).")
                .attribute(Attribute::string("rest_api_id", "Id of the REST API.").required())
                .attribute(Attribute::string("id", "The REST API id.").computed())
                .attribute(
                    Attribute::new("ids", Type::list(Type::String), "The authorizer ids.")
                        .computed(),
                ),
        )
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let api = argument(config, "rest_api_id")?;
        let all = aws
            .cache
            .authorizers(&aws.client, api)
            .await
            .map_err(reading("Authorizers", api))?;
        let ids = all.iter().filter_map(|a| a.id()).map(Value::from).collect();
        Ok(Value::object([
            ("rest_api_id", Value::from(api)),
            ("id", Value::from(api)),
            ("ids", Value::List(ids)),
        ]))
    }
}

/// `apigateway_export`: the OpenAPI (or Swagger) definition of a deployed stage.
#[derive(Debug)]
pub struct ExportLookup;

const EXPORT_TYPES: crate::schema::validators::OneOf =
    crate::schema::validators::one_of(&["oas30", "swagger"]);
const ACCEPTS: crate::schema::validators::OneOf =
    crate::schema::validators::one_of(&["application/json", "application/yaml"]);

#[async_trait]
impl DataSource for ExportLookup {
    fn type_name(&self) -> &'static str {
        "apigateway_export"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new("The OpenAPI 3 or Swagger 2 definition of a deployed stage (GetExport).")
                .attribute(Attribute::string("rest_api_id", "Id of the REST API.").required())
                .attribute(Attribute::string("stage_name", "The stage to export.").required())
                .attribute(
                    Attribute::string("export_type", "`oas30` or `swagger`.")
                        .required()
                        .validator(&EXPORT_TYPES),
                )
                .attribute(
                    Attribute::string(
                        "accepts",
                        "`application/json` (default) or `application/yaml`.",
                    )
                    .validator(&ACCEPTS),
                )
                .attribute(Attribute::string_map(
                    "parameters",
                    "Export options, e.g. `{ extensions = \"apigateway\" }` for API Gateway's \
                     extensions or `\"postman\"`.",
                ))
                .attribute(Attribute::string("id", "`REST-API-ID:STAGE-NAME`.").computed())
                .attribute(Attribute::string("body", "The definition.").computed())
                .attribute(Attribute::string("content_type", "Its content type.").computed())
                .attribute(
                    Attribute::string("content_disposition", "Its content disposition.").computed(),
                ),
        )
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let api = argument(config, "rest_api_id")?;
        let stage = argument(config, "stage_name")?;
        let kind = argument(config, "export_type")?;
        let accepts = config.get("accepts").as_str().filter(|a| !a.is_empty());
        let parameters = config
            .get("parameters")
            .to_string_map()
            .map(|m| m.into_iter().collect());
        let out = aws
            .client
            .get_export()
            .rest_api_id(api)
            .stage_name(stage)
            .export_type(kind)
            .set_accepts(Some(accepts.unwrap_or("application/json").to_owned()))
            .set_parameters(parameters)
            .send()
            .await
            .map_err(|e| reading("Export", &format!("{api}/{stage}"))(AwsError::from(e)))?;
        let body = out
            .body()
            .map(|b| String::from_utf8_lossy(b.as_ref()).into_owned())
            .unwrap_or_default();
        let mut state = config.clone();
        state.set("id", Value::from(format!("{api}:{stage}")));
        state.set("body", Value::from(body));
        state.set(
            "content_type",
            Value::from(out.content_type().unwrap_or_default()),
        );
        state.set(
            "content_disposition",
            Value::from(out.content_disposition().unwrap_or_default()),
        );
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::testing::{api, requests};

    #[tokio::test]
    async fn a_rest_api_is_found_by_a_unique_name_and_several_are_an_error() {
        let page = r#"{"item":[{"id":"a1","name":"pets","rootResourceId":"r0",
            "endpointConfiguration":{"types":["REGIONAL"]},"tags":{"team":"api"}},
            {"id":"b2","name":"other"},{"id":"c3","name":"twice"},{"id":"d4","name":"twice"}]}"#;
        let (aws, calls) = api(vec![
            (200, None, page),
            (200, None, page),
            (200, None, page),
        ])
        .await;
        let config = |name: &str| Value::object([("name", Value::from(name))]);
        let found = RestApiLookup.read(&aws, &config("pets")).await.unwrap();
        assert_eq!(found.get("id").as_str(), Some("a1"));
        assert_eq!(found.get("root_resource_id").as_str(), Some("r0"));
        assert_eq!(
            found.get("execution_arn").as_str(),
            Some("arn:aws:execute-api:us-east-1:123456789012:a1")
        );
        assert_eq!(
            found.get("endpoint_configuration").as_elements().unwrap()[0]
                .get("types")
                .to_string_vec(),
            Some(vec!["REGIONAL".to_owned()])
        );
        let twice = RestApiLookup
            .read(&aws, &config("twice"))
            .await
            .unwrap_err()
            .into_vec();
        assert!(
            twice[0].detail.contains("2 REST APIs"),
            "{}",
            twice[0].detail
        );
        assert!(twice[0].detail.contains("c3, d4"), "{}", twice[0].detail);
        let none = RestApiLookup
            .read(&aws, &config("nope"))
            .await
            .unwrap_err()
            .into_vec();
        assert!(
            none[0].detail.contains("None of the 4 REST APIs"),
            "{}",
            none[0].detail
        );
        assert_eq!(requests(&calls).len(), 3, "one GetRestApis page each");
    }

    #[tokio::test]
    async fn a_resource_is_found_by_its_path() {
        let items = r#"{"item":[{"id":"r0","path":"/"},{"id":"r1","parentId":"r0","path":"/pets","pathPart":"pets"}]}"#;
        let (aws, _) = api(vec![(200, None, items), (200, None, items)]).await;
        let config = |path: &str| {
            Value::object([
                ("rest_api_id", Value::from("a1")),
                ("path", Value::from(path)),
            ])
        };
        let found = ResourceLookup.read(&aws, &config("/pets")).await.unwrap();
        assert_eq!(found.get("id").as_str(), Some("r1"));
        assert_eq!(found.get("parent_id").as_str(), Some("r0"));
        aws.cache.invalidate("a1");
        let missing = ResourceLookup
            .read(&aws, &config("/cats"))
            .await
            .unwrap_err()
            .into_vec();
        assert!(
            missing[0].detail.contains("has no resource \"/cats\""),
            "{}",
            missing[0].detail
        );
    }
}
