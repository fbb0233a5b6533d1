//! `apigateway_rest_api`: a REST API, the container of resources, methods and responses.
//!
//! Calls: CreateRestApi, GetRestApi, UpdateRestApi (patch operations), DeleteRestApi.
//! State `id` and import ID: the REST API id.

use async_trait::async_trait;
use aws_sdk_apigateway::types::{
    ApiKeySourceType, EndpointConfiguration, EndpointType, PatchOperation,
};
use aws_smithy_types::date_time::Format;

use crate::aws::{Aws, AwsError, not_found_as_none, patch, retry};
use crate::diag::{Diagnostic, Diagnostics};
use crate::schema::validators::{one_of, string_check};
use crate::schema::{Attribute, Block, NestedBlock, Schema, Validator};
use crate::tfvalue::{Path, Type, Value};

use super::{Resource, bad_import_id, required_str};

const OBJECT: &str = "REST API";
const ENDPOINT_TYPES: &[&str] = &["EDGE", "REGIONAL", "PRIVATE"];

/// The `apigateway_rest_api` resource type.
#[derive(Debug)]
pub struct RestApi;

#[async_trait]
impl Resource for RestApi {
    fn type_name(&self) -> &'static str {
        "apigateway_rest_api"
    }

    fn schema(&self) -> Schema {
        let endpoint = Block::new("Which kind of endpoint serves the API.")
            .attribute(
                Attribute::new(
                    "types",
                    Type::list(Type::String),
                    "Exactly one of `EDGE`, `REGIONAL` or `PRIVATE`. Changing it updates the \
                        API in place.",
                )
                .required()
                .validator(EndpointTypes),
            )
            .attribute(
                Attribute::new(
                    "vpc_endpoint_ids",
                    Type::set(Type::String),
                    "VPC endpoint ids, for `PRIVATE` APIs.",
                )
                .optional_computed()
                .use_state_for_unknown(),
            );
        Schema::new(
            Block::new("A REST API in Amazon API Gateway.")
                .attribute(
                    Attribute::string("id", "The REST API id.")
                        .computed()
                        .use_state_for_unknown(),
                )
                .attribute(Attribute::string("name", "Name of the REST API.").required())
                .attribute(Attribute::string(
                    "description",
                    "Description of the REST API.",
                ))
                .attribute(
                    Attribute::string(
                        "api_key_source",
                        "Where API keys for usage plans are read from: `HEADER` or `AUTHORIZER`. \
                        AWS defaults it to `HEADER`.",
                    )
                    .optional_computed()
                    .use_state_for_unknown()
                    .validator(one_of(&["HEADER", "AUTHORIZER"])),
                )
                .attribute(
                    Attribute::new(
                        "binary_media_types",
                        Type::list(Type::String),
                        "Media types API Gateway treats as binary, e.g. `image/png` or `*/*`.",
                    )
                    .optional_computed()
                    .use_state_for_unknown(),
                )
                .attribute(
                    Attribute::string(
                        "minimum_compression_size",
                        "Smallest payload, in bytes, that is compressed: an integer from `-1` to \
                            `10485760`; empty or `-1` disables compression. A string, as in the \
                            official provider, so it can be unset.",
                    )
                    .optional_computed()
                    .use_state_for_unknown()
                    .validator(string_check(
                        "an integer from -1 to 10485760, or empty",
                        check_compression_size,
                    )),
                )
                .attribute(
                    Attribute::bool(
                        "disable_execute_api_endpoint",
                        "Whether clients may only call the API through a custom domain name. AWS \
                            defaults it to `false`.",
                    )
                    .optional_computed()
                    .use_state_for_unknown(),
                )
                .attribute(
                    Attribute::string(
                        "root_resource_id",
                        "Id of the API's root resource (`/`), the parent of top-level \
                        `apigateway_resource`s.",
                    )
                    .computed()
                    .use_state_for_unknown(),
                )
                .attribute(
                    Attribute::string(
                        "arn",
                        "ARN of the REST API, `arn:aws:apigateway:REGION::/restapis/ID`.",
                    )
                    .computed()
                    .use_state_for_unknown(),
                )
                .attribute(
                    Attribute::string("created_date", "When the API was created (RFC 3339).")
                        .computed()
                        .use_state_for_unknown(),
                )
                .block(NestedBlock::list("endpoint_configuration", 1, endpoint)),
        )
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let name = required_str(planned, "name")?;
        let mut req = aws
            .client
            .create_rest_api()
            .name(name)
            .set_description(planned.get("description").as_str().map(str::to_owned))
            .set_api_key_source(
                planned
                    .get("api_key_source")
                    .as_str()
                    .map(ApiKeySourceType::from),
            )
            .set_binary_media_types(planned.get("binary_media_types").to_string_vec())
            .set_minimum_compression_size(compression_size(planned.get("minimum_compression_size")))
            .set_disable_execute_api_endpoint(
                planned.get("disable_execute_api_endpoint").as_bool(),
            );
        if let Some(ec) = endpoint_configuration(planned) {
            req = req.endpoint_configuration(ec);
        }
        let out = retry::on_conflict(aws, || async {
            req.clone().send().await.map_err(AwsError::from)
        })
        .await
        .map_err(|e| e.diagnostic("Creating", OBJECT, name))?;
        let fields = fields!(out);
        let fields = self.with_root_resource(aws, fields).await?;
        Ok(fields.into_state(aws, planned))
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let id = required_str(state, "id")?;
        let result = aws
            .client
            .get_rest_api()
            .rest_api_id(id)
            .send()
            .await
            .map_err(AwsError::from);
        let Some(out) =
            not_found_as_none(result).map_err(|e| e.diagnostic("Reading", OBJECT, id))?
        else {
            return Ok(None);
        };
        let fields = self.with_root_resource(aws, fields!(out)).await?;
        Ok(Some(fields.into_state(aws, state)))
    }

    async fn update(
        &self,
        aws: &Aws,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        let id = required_str(prior, "id")?;
        let ops = patch_operations(prior, planned);
        if ops.is_empty() {
            return Ok(planned.clone());
        }
        let out = retry::on_conflict(aws, || async {
            aws.client
                .update_rest_api()
                .rest_api_id(id)
                .set_patch_operations(Some(ops.clone()))
                .send()
                .await
                .map_err(AwsError::from)
        })
        .await
        .map_err(|e| e.diagnostic("Updating", OBJECT, id))?;
        let mut fields = fields!(out);
        // An endpoint-type change AWS accepted but did not make would otherwise surface as
        // Terraform's opaque "inconsistent result after apply".
        let planned_types = planned
            .get("endpoint_configuration")
            .as_elements()
            .and_then(|e| e.first())
            .and_then(|b| b.get("types").to_string_vec());
        if let Some(wanted) = planned_types
            && !fields.endpoint_types.is_empty()
            && fields.endpoint_types != wanted
        {
            return Err(Diagnostic::error(
                "Endpoint type not changed",
                format!(
                    "Updating API Gateway {OBJECT} ({id}): the update was accepted but the endpoint type is still {:?}, not {wanted:?}.",
                    fields.endpoint_types
                ),
            )
            .at(Path::attr("endpoint_configuration").with_index(0).with_attr("types"))
            .into());
        }
        // The root resource never changes; the update answer may omit it.
        fields.root_resource_id = fields
            .root_resource_id
            .or_else(|| prior.get("root_resource_id").as_str().map(str::to_owned));
        Ok(fields.into_state(aws, planned))
    }

    async fn delete(&self, aws: &Aws, state: &Value) -> Result<(), Diagnostics> {
        let id = required_str(state, "id")?;
        // Already gone is what a delete wants.
        retry::delete(aws, OBJECT, id, || async {
            aws.client
                .delete_rest_api()
                .rest_api_id(id)
                .send()
                .await
                .map_err(AwsError::from)
        })
        .await?;
        Ok(())
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        if id.is_empty() || id.contains('/') || id.chars().any(char::is_whitespace) {
            return Err(bad_import_id(
                self.type_name(),
                id,
                None,
                "REST-API-ID",
                "a1b2c3d4e5",
            ));
        }
        Ok(Value::object([("id", Value::from(id))]))
    }
}

impl RestApi {
    /// Fills the root resource id when the answer lacks it (older APIs, some emulators).
    async fn with_root_resource(
        &self,
        aws: &Aws,
        mut fields: Fields,
    ) -> Result<Fields, Diagnostics> {
        if fields.root_resource_id.is_some() {
            return Ok(fields);
        }
        let out = aws
            .client
            .get_resources()
            .rest_api_id(&fields.id)
            .limit(500)
            .send()
            .await
            .map_err(|e| {
                AwsError::from(e).diagnostic("Reading", "REST API root resource", &fields.id)
            })?;
        fields.root_resource_id = out
            .items()
            .iter()
            .find(|r| r.path() == Some("/"))
            .and_then(|r| r.id())
            .map(str::to_owned);
        Ok(fields)
    }
}

/// The attributes of a REST API as AWS answers them (Create, Get and Update answer alike).
#[derive(Debug, Default)]
struct Fields {
    id: String,
    name: Option<String>,
    description: Option<String>,
    api_key_source: Option<String>,
    binary_media_types: Vec<String>,
    minimum_compression_size: Option<i32>,
    disable_execute_api_endpoint: bool,
    root_resource_id: Option<String>,
    created_date: Option<String>,
    endpoint_types: Vec<String>,
    vpc_endpoint_ids: Vec<String>,
}

/// Copies the common fields out of any of the three answer types.
macro_rules! fields {
    ($out:expr) => {{
        let out = &$out;
        let ec = out.endpoint_configuration();
        Fields {
            id: out.id().unwrap_or_default().to_owned(),
            name: out.name().map(str::to_owned),
            description: out.description().map(str::to_owned),
            api_key_source: out.api_key_source().map(|s| s.as_str().to_owned()),
            binary_media_types: out.binary_media_types().to_vec(),
            minimum_compression_size: out.minimum_compression_size(),
            disable_execute_api_endpoint: out.disable_execute_api_endpoint(),
            root_resource_id: out.root_resource_id().map(str::to_owned),
            created_date: out
                .created_date()
                .and_then(|d| d.fmt(Format::DateTime).ok()),
            endpoint_types: ec
                .map(|e| e.types().iter().map(|t| t.as_str().to_owned()).collect())
                .unwrap_or_default(),
            vpc_endpoint_ids: ec
                .map(|e| e.vpc_endpoint_ids().to_vec())
                .unwrap_or_default(),
        }
    }};
}
use fields;

impl Fields {
    /// The Terraform state. `reference` (the plan or prior state) decides the shapes AWS
    /// cannot: an endpoint configuration the user never wrote stays absent, and an empty
    /// description stays as the user wrote it.
    fn into_state(self, aws: &Aws, reference: &Value) -> Value {
        let description = match (self.description, reference.get("description")) {
            (None, Value::String(s)) if s.is_empty() => Value::from(""),
            (d, _) => Value::opt_string(d),
        };
        let compression = match (
            self.minimum_compression_size,
            reference.get("minimum_compression_size").as_str(),
        ) {
            (None, Some(s @ ("" | "-1"))) => Value::from(s),
            (None, _) => Value::from(""),
            (Some(n), _) => Value::from(n.to_string()),
        };
        let endpoint = match reference.get("endpoint_configuration").as_elements() {
            Some([_, ..]) => Value::List(vec![Value::object([
                (
                    "types",
                    Value::List(self.endpoint_types.into_iter().map(Value::from).collect()),
                ),
                (
                    "vpc_endpoint_ids",
                    Value::Set(self.vpc_endpoint_ids.into_iter().map(Value::from).collect()),
                ),
            ])]),
            _ => Value::List(Vec::new()),
        };
        Value::object([
            (
                "arn",
                Value::from(format!(
                    "arn:aws:apigateway:{}::/restapis/{}",
                    aws.region, self.id
                )),
            ),
            ("id", Value::from(self.id)),
            ("name", Value::opt_string(self.name)),
            ("description", description),
            (
                "api_key_source",
                Value::from(self.api_key_source.unwrap_or_else(|| "HEADER".to_owned())),
            ),
            (
                "binary_media_types",
                Value::List(
                    self.binary_media_types
                        .into_iter()
                        .map(Value::from)
                        .collect(),
                ),
            ),
            ("minimum_compression_size", compression),
            (
                "disable_execute_api_endpoint",
                Value::Bool(self.disable_execute_api_endpoint),
            ),
            ("root_resource_id", Value::opt_string(self.root_resource_id)),
            ("created_date", Value::opt_string(self.created_date)),
            ("endpoint_configuration", endpoint),
        ])
    }
}

/// `endpoint_configuration.types`: exactly one element, an endpoint type.
#[derive(Debug)]
struct EndpointTypes;

impl Validator for EndpointTypes {
    fn description(&self) -> String {
        "exactly one of `EDGE`, `REGIONAL` or `PRIVATE`".to_owned()
    }

    fn validate(&self, value: &Value, path: &Path, diags: &mut Diagnostics) {
        let Some(items) = value.as_elements() else {
            return;
        };
        if items.len() != 1 {
            diags.attr_error(
                path,
                "Invalid attribute value",
                format!(
                    "{path} must hold {}; it has {} elements.",
                    self.description(),
                    items.len()
                ),
            );
        }
        for (i, item) in items.iter().enumerate() {
            one_of(ENDPOINT_TYPES).validate(item, &path.with_index(i), diags);
        }
    }
}

fn check_compression_size(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    match s.parse::<i64>() {
        Ok(n) if (-1..=10_485_760).contains(&n) => Ok(()),
        Ok(_) => Err("out of range".to_owned()),
        Err(_) => Err("not an integer".to_owned()),
    }
}

fn compression_size(v: &Value) -> Option<i32> {
    v.as_str()
        .and_then(|s| s.parse::<i32>().ok())
        .filter(|n| *n >= 0)
}

fn endpoint_configuration(planned: &Value) -> Option<EndpointConfiguration> {
    let block = planned
        .get("endpoint_configuration")
        .as_elements()?
        .first()?;
    let types = block.get("types").to_string_vec()?;
    Some(
        EndpointConfiguration::builder()
            .set_types(Some(
                types
                    .iter()
                    .map(|t| EndpointType::from(t.as_str()))
                    .collect(),
            ))
            .set_vpc_endpoint_ids(block.get("vpc_endpoint_ids").to_string_vec())
            .build(),
    )
}

/// The UpdateRestApi operations that turn `prior` into `planned`.
fn patch_operations(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    let mut ops = Vec::new();
    for (attr, path) in [
        ("name", "/name"),
        ("description", "/description"),
        ("api_key_source", "/apiKeySource"),
    ] {
        let new = planned.get(attr);
        if new != prior.get(attr) && !new.is_unknown() {
            ops.push(patch::replace(path, new.as_str()));
        }
    }
    let (old_c, new_c) = (
        prior.get("minimum_compression_size"),
        planned.get("minimum_compression_size"),
    );
    if old_c != new_c && !new_c.is_unknown() {
        let value = compression_size(new_c).map(|n| n.to_string());
        ops.push(patch::replace("/minimumCompressionSize", value.as_deref()));
    }
    if let (Some(old), Some(new)) = (
        prior.get("binary_media_types").to_string_vec(),
        planned.get("binary_media_types").to_string_vec(),
    ) {
        ops.extend(patch::set_diff("/binaryMediaTypes", &old, &new));
    }
    if let (Some(old), Some(new)) = (
        prior.get("disable_execute_api_endpoint").as_bool(),
        planned.get("disable_execute_api_endpoint").as_bool(),
    ) && old != new
    {
        ops.push(patch::replace(
            "/disableExecuteApiEndpoint",
            Some(if new { "true" } else { "false" }),
        ));
    }
    let types = |v: &Value| {
        v.get("endpoint_configuration")
            .as_elements()
            .and_then(|e| e.first())
            .and_then(|b| b.get("types").to_string_vec())
    };
    if let (Some(old), Some(new)) = (types(prior), types(planned))
        && let (Some(o), Some(n)) = (old.first(), new.first())
        && o != n
    {
        ops.push(patch::replace(
            &format!("/endpointConfiguration/types/{}", patch::escape(o)),
            Some(n),
        ));
    }
    // VPC endpoint ids are values of one path, added and removed one at a time (AWS takes
    // no element in the path there). Unknown (computed) ids change nothing.
    let vpc_ids = |v: &Value| {
        v.get("endpoint_configuration")
            .as_elements()
            .and_then(|e| e.first())
            .and_then(|b| b.get("vpc_endpoint_ids").to_string_vec())
    };
    if let (Some(old), Some(new)) = (vpc_ids(prior), vpc_ids(planned)) {
        const VPC_IDS: &str = "/endpointConfiguration/vpcEndpointIds";
        for id in old.iter().filter(|id| !new.contains(id)) {
            ops.push(patch::remove_value(VPC_IDS, id));
        }
        for id in new.iter().filter(|id| !old.contains(id)) {
            ops.push(patch::add(VPC_IDS, Some(id)));
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_patches_only_what_changed() {
        let prior = Value::object([
            ("name", "a".into()),
            ("description", Value::Null),
            ("binary_media_types", Value::List(vec!["image/png".into()])),
            ("disable_execute_api_endpoint", false.into()),
        ]);
        let mut planned = prior.clone();
        planned.set("description", "d".into());
        planned.set(
            "binary_media_types",
            Value::List(vec!["image/png".into(), "*/*".into()]),
        );
        let ops: Vec<String> = patch_operations(&prior, &planned)
            .iter()
            .map(|o| {
                format!(
                    "{} {} {}",
                    o.op().map_or("", |o| o.as_str()),
                    o.path().unwrap_or(""),
                    o.value().unwrap_or("-")
                )
            })
            .collect();
        assert_eq!(
            ops,
            ["replace /description d", "add /binaryMediaTypes/*~1* -"]
        );
    }

    #[test]
    fn vpc_endpoint_ids_are_added_and_removed_by_value() {
        let with_ids = |ids: &[&str]| {
            Value::object([(
                "endpoint_configuration",
                Value::List(vec![Value::object([
                    ("types", Value::List(vec!["PRIVATE".into()])),
                    (
                        "vpc_endpoint_ids",
                        Value::Set(ids.iter().map(|i| Value::from(*i)).collect()),
                    ),
                ])]),
            )])
        };
        let prior = with_ids(&["vpce-1", "vpce-2"]);
        let planned = with_ids(&["vpce-2", "vpce-3"]);
        assert_eq!(
            patch::show(&patch_operations(&prior, &planned)),
            [
                "remove /endpointConfiguration/vpcEndpointIds vpce-1",
                "add /endpointConfiguration/vpcEndpointIds vpce-3",
            ]
        );
        assert!(patch_operations(&prior, &prior).is_empty());
    }

    #[test]
    fn import_ids_are_checked() {
        assert!(RestApi.import("abc123").is_ok());
        let err = RestApi.import("abc/def").unwrap_err().into_vec();
        assert!(
            err[0]
                .detail
                .contains("terraform import apigateway_rest_api.example a1b2c3d4e5"),
            "{}",
            err[0].detail
        );
    }

    #[test]
    fn compression_size_check() {
        for ok in ["", "-1", "0", "10485760"] {
            assert!(check_compression_size(ok).is_ok(), "{ok}");
        }
        for bad in ["x", "-2", "10485761"] {
            assert!(check_compression_size(bad).is_err(), "{bad}");
        }
    }
}
