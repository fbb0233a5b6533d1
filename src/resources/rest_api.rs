//! `apigateway_rest_api`: a REST API, the container of resources, methods and responses.
//!
//! Calls: CreateRestApi, GetRestApi, UpdateRestApi (patch operations), DeleteRestApi; and
//! GetResources when an answer lacks the root resource id. State `id` and import ID: the REST
//! API id.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_rest_api::CreateRestApiOutput;
use aws_sdk_apigateway::operation::create_rest_api::builders::CreateRestApiFluentBuilder;
use aws_sdk_apigateway::operation::get_rest_api::GetRestApiOutput;
use aws_sdk_apigateway::operation::put_rest_api::PutRestApiOutput;
use aws_sdk_apigateway::operation::update_rest_api::UpdateRestApiOutput;
use aws_sdk_apigateway::primitives::Blob;
use aws_sdk_apigateway::types::{
    ApiKeySourceType, ApiStatus, EndpointAccessMode, EndpointConfiguration, EndpointType,
    PatchOperation, PutMode, SecurityPolicy,
};

use crate::aws::{Aws, AwsError, patch};
use crate::diag::{Diagnostic, Diagnostics};
use crate::schema::validators::{OneOf, StringCheck, one_of, string_check};
use crate::schema::{Attribute, Block as SchemaBlock, Validator};
use crate::tfvalue::{Path, Type, Value};

use super::checks;
use super::decl::tags;
use super::decl::{
    Answer, Block, Bool, Decl, Declared, Field, Identity, Input, Lit, Policy, Sdk, Str, StrList,
    StrMap, Update, aws, fields, set,
};
use super::keys::{NoParent, RestApiKey};
use super::timeouts::{self, Step};

const ENDPOINT_TYPES: &[&str] = &["EDGE", "REGIONAL", "PRIVATE"];
/// The attributes of the `endpoint_configuration` block.
const TYPES: &str = "types";
const VPC_ENDPOINT_IDS: &str = "vpc_endpoint_ids";
const KEY_SOURCES: OneOf = one_of(&["HEADER", "AUTHORIZER"]);
const PUT_MODES: OneOf = one_of(&["overwrite", "merge"]);
const SECURITY_POLICIES: OneOf = one_of(SecurityPolicy::values());
const ACCESS_MODES: OneOf = one_of(EndpointAccessMode::values());
/// `body`: see [`checks::OPENAPI_BODY`].
const BODY_DOC: &str = "An OpenAPI 3 or Swagger 2 definition (JSON or YAML) imported into the API with \
     PutRestApi on create and whenever it or `parameters` changes; the API keeps its id. Arguments \
     set in this resource win over the body's values (one UpdateRestApi after the import); those \
     left out take the body's. Not read back from AWS.";
const COMPRESSION_SIZE: StringCheck = string_check(
    "an integer from -1 to 10485760, or empty",
    check_compression_size,
);

/// The `apigateway_rest_api` resource type.
#[derive(Debug)]
pub struct RestApi;

impl Sdk for RestApi {
    type Create = CreateRestApiFluentBuilder;
    type Created = CreateRestApiOutput;
    type Got = GetRestApiOutput;
    type Updated = UpdateRestApiOutput;
    type Item = GetRestApiOutput;
}

fields! { RestApi;
    ID: Str = Field::new("id", "The REST API id.").computed().keep_prior().read(aws!(id)),
    NAME: Str = Field::new("name", "Name of the REST API.")
        .required()
        .aws(aws!(name), set!(set_name))
        .patch("/name"),
    // Optional and computed, as in the official provider: a body may set it.
    DESCRIPTION: Str = Field::new(
        "description",
        "Description of the REST API. When left out, the state shows AWS's (a `body`'s \
         `info.description`).",
    )
        .optional_computed()
        .keep_prior()
        .policy(Policy::AsAnswered)
        .aws(aws!(description), set!(set_description))
        .patch("/description"),
    API_KEY_SOURCE: Str = Field::new(
        "api_key_source",
        "Where API keys for usage plans are read from: `HEADER` or `AUTHORIZER`. AWS defaults it \
         to `HEADER`.",
    )
    .optional_computed()
    .keep_prior()
    .policy(Policy::AwsDefault(Lit::Str("HEADER")))
    .validators(&[&KEY_SOURCES])
    .aws(aws!(|o| o.api_key_source().map(ApiKeySourceType::as_str)), set!(set_api_key_source))
    .patch("/apiKeySource"),
    BINARY_MEDIA_TYPES: StrList = Field::new(
        "binary_media_types",
        "Media types API Gateway treats as binary, e.g. `image/png` or `*/*`.",
    )
    .optional_computed()
    .keep_prior()
    .aws(aws!(binary_media_types), set!(set_binary_media_types))
    .patch("/binaryMediaTypes"),
    // A string, as in the official provider, so it can be unset: AWS answers no size when
    // compression is off, and `""` and `-1` both mean off.
    MINIMUM_COMPRESSION_SIZE: Str = Field::new(
        "minimum_compression_size",
        "Smallest payload, in bytes, that is compressed: an integer from `-1` to `10485760`; \
         empty or `-1` disables compression. A string, as in the official provider, so it can \
         be unset.",
    )
    .optional_computed()
    .keep_prior()
    .policy(Policy::Custom)
    .validators(&[&COMPRESSION_SIZE])
    .send(|b: CreateRestApiFluentBuilder, v| b.set_minimum_compression_size(compression_size(v)))
    .patch_with(compression_patch),
    DISABLE_EXECUTE_API_ENDPOINT: Bool = Field::new(
        "disable_execute_api_endpoint",
        "Whether clients may only call the API through a custom domain name. AWS defaults it to \
         `false`.",
    )
    .optional_computed()
    .keep_prior()
    .aws(aws!(disable_execute_api_endpoint), set!(set_disable_execute_api_endpoint))
    .patch("/disableExecuteApiEndpoint"),
    SECURITY_POLICY: Str = Field::new(
        "security_policy",
        "The TLS version and ciphers of the API's endpoint: `TLS_1_0`, `TLS_1_2` or one of AWS's \
         enhanced `SecurityPolicy_*` policies (regional and private APIs). AWS chooses when left \
         out. Changed in place.",
    )
    .optional_computed()
    .keep_prior()
    .validators(&[&SECURITY_POLICIES])
    .aws(aws!(|o| o.security_policy().map(SecurityPolicy::as_str)), set!(set_security_policy))
    .patch("/securityPolicy"),
    ENDPOINT_ACCESS_MODE: Str = Field::new(
        "endpoint_access_mode",
        "`BASIC` or `STRICT` (with an enhanced `SecurityPolicy_*` policy, STRICT also checks \
         the request's host and certificate names). AWS chooses when left out. Changed in \
         place.",
    )
    .optional_computed()
    .keep_prior()
    .validators(&[&ACCESS_MODES])
    .aws(
        aws!(|o| o.endpoint_access_mode().map(EndpointAccessMode::as_str)),
        set!(set_endpoint_access_mode)
    )
    .patch("/endpointAccessMode"),
    ROOT_RESOURCE_ID: Str = Field::new(
        "root_resource_id",
        "Id of the API's root resource (`/`), the parent of top-level `apigateway_resource`s.",
    )
    .computed()
    .keep_prior()
    .read(aws!(root_resource_id)),
    // AWS does not answer the ARN; it is made from the region and the id (`complete`).
    ARN: Str = Field::new("arn", "ARN of the REST API, `arn:aws:apigateway:REGION::/restapis/ID`.")
        .computed()
        .keep_prior()
        .policy(Policy::Custom),
    // Needs the account id (`complete`).
    EXECUTION_ARN: Str = Field::new(
        "execution_arn",
        "The API's execution ARN, `arn:aws:execute-api:REGION:ACCOUNT:REST-API-ID`, for IAM \
         policies and `aws_lambda_permission.source_arn` (add `/STAGE/VERB/PATH`).",
    )
    .computed()
    .keep_prior()
    .policy(Policy::Custom),
    CREATED_DATE: Str = Field::new("created_date", "When the API was created (RFC 3339).")
        .computed()
        .keep_prior()
        .read(aws!(created_date)),
    POLICY: Str = Field::new(
        "policy",
        "The REST API's resource policy: a JSON IAM policy document, e.g. `jsonencode({...})`, \
         where `execute-api:/*` stands for the API's own ARN. Compared as a policy, so AWS's \
         escaping, key order and ARN rewriting never show as a change. Changed in place. When \
         unset, the policy AWS holds is kept (manage it with `apigateway_rest_api_policy` \
         instead, never both).",
    )
    .optional_computed()
    .keep_prior()
    .policy(Policy::PolicyAsWritten)
    .validators(&[&checks::JSON_DOCUMENT])
    .aws(aws!(policy), set!(set_policy))
    .patch("/policy"),
    TAGS: StrMap = Field::new(tags::TAGS, tags::TAGS_DOC)
        .policy(Policy::Custom)
        .manual(),
    TAGS_ALL: StrMap = Field::new(tags::TAGS_ALL, tags::TAGS_ALL_DOC)
        .computed()
        .aws(aws!(tags), set!(set_tags)),
    // Optional and computed, as in the official provider: left out, the state shows AWS's
    // (EDGE by default); removed, AWS keeps what it has.
    BODY: Str = Field::new("body", BODY_DOC)
        .policy(Policy::Custom)
        .validators(&[&checks::OPENAPI_BODY])
        .manual(),
    PUT_REST_API_MODE: Str = Field::new(
        "put_rest_api_mode",
        "How `body` is imported: `overwrite` (default; the body replaces the API's definition) \
         or `merge` (the body is merged into it).",
    )
    .default(Lit::Str("overwrite"))
    .policy(Policy::Custom)
    .validators(&[&PUT_MODES])
    .manual(),
    FAIL_ON_WARNINGS: Bool = Field::new(
        "fail_on_warnings",
        "Whether AWS fails the import of `body` when it finds warnings (by default it imports \
         what it can and the warnings are logged).",
    )
    .policy(Policy::Custom)
    .manual(),
    PARAMETERS: StrMap = Field::new(
        "parameters",
        "Import settings sent with `body`, e.g. `{ basepath = \"prepend\" }` or \
         `{ ignore = \"documentation\" }`; a change imports the body again.",
    )
    .policy(Policy::Custom)
    .manual(),
    ENDPOINT_CONFIGURATION: Block = Field::new(
        "endpoint_configuration",
        "Which kind of endpoint serves the API. When left out, the state shows what AWS holds \
         (`EDGE` unless chosen); removing the block leaves the API's endpoint as it is.",
    )
        .computed_block(is_edge)
        .nested(endpoint_schema)
        .send(send_endpoint)
        .patch_with(endpoint_patch),
    TIMEOUTS: Block = Field::new(
        timeouts::TIMEOUTS,
        "How long to wait for AWS: `create` and `update` until the API's status is `AVAILABLE` \
         (AWS applies an enhanced security policy for a while), 60 minutes each by default; \
         `delete` bounds the delete call and its retries (no bound by default).",
    )
    .nested(timeouts::schema)
    .policy(Policy::Custom)
    .manual(),
}

#[async_trait]
impl Declared for RestApi {
    const TYPE_NAME: &'static str = "apigateway_rest_api";
    const OBJECT: &'static str = "REST API";
    const DESCRIPTION: &'static str = "A REST API in Amazon API Gateway.";
    type Key = RestApiKey;
    type Parent = NoParent;
    const IDENTITY: Identity<RestApiKey> = Identity::Assigned;
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const PUBLISHED: bool = true;
    const NEEDS_ACCOUNT: bool = true;
    const TAGGABLE: bool = true;

    async fn call_create(
        &self,
        aws: &Aws,
        _: &NoParent,
        input: Input<'_, Self>,
    ) -> Result<CreateRestApiOutput, AwsError> {
        Ok(input.fill(aws.client.create_rest_api()).send().await?)
    }

    async fn call_get(&self, aws: &Aws, key: &RestApiKey) -> Result<GetRestApiOutput, AwsError> {
        Ok(aws.client.get_rest_api().rest_api_id(&key.0).send().await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &RestApiKey,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateRestApiOutput, AwsError> {
        Ok(aws
            .client
            .update_rest_api()
            .rest_api_id(&key.0)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &RestApiKey) -> Result<(), AwsError> {
        aws.client
            .delete_rest_api()
            .rest_api_id(&key.0)
            .send()
            .await?;
        Ok(())
    }

    // The id is not known before the create: messages name the API by its name.
    fn creating_id(&self, _: &NoParent, planned: &Value) -> String {
        NAME.get(planned).unwrap_or_default().to_owned()
    }

    // AWS applies some writes for a while (an enhanced security policy: `apiStatus` PENDING
    // or UPDATING): the write ends when the API is AVAILABLE.
    async fn after_write(
        &self,
        aws: &Aws,
        key: &RestApiKey,
        which: &'static str,
        answer: &Answer<'_, Self>,
        state: &Value,
    ) -> Result<(), String> {
        let (status, message) = match answer {
            Answer::Created(o) => (o.api_status(), o.api_status_message()),
            Answer::Got(o) | Answer::Item(o) => (o.api_status(), o.api_status_message()),
            Answer::Updated(o) => (o.api_status(), o.api_status_message()),
        };
        settled(
            aws,
            &key.0,
            status,
            message,
            timeouts::get(state, which, STATUS_WAIT),
        )
        .await
    }

    fn quirks(&self, answer: &Answer<'_, Self>, reference: &Value, state: &mut Value) {
        // AWS answers no size when compression is off; the user's spelling of "off" is kept.
        let size = aws!(for Self, minimum_compression_size)(answer);
        let compression = match (size.as_i64(), MINIMUM_COMPRESSION_SIZE.get(reference)) {
            (None, Some(s @ ("" | "-1"))) => Value::from(s),
            (None, _) => Value::from(""),
            (Some(n), _) => Value::from(n.to_string()),
        };
        MINIMUM_COMPRESSION_SIZE.put(state, compression);
        // Never read from AWS: as written.
        let as_written = |v: &Value| {
            if v.is_wholly_known() {
                v.clone()
            } else {
                Value::Null
            }
        };
        BODY.put(state, as_written(BODY.raw(reference)));
        PUT_REST_API_MODE.put(state, as_written(PUT_REST_API_MODE.raw(reference)));
        FAIL_ON_WARNINGS.put(state, as_written(FAIL_ON_WARNINGS.raw(reference)));
        PARAMETERS.put(state, as_written(PARAMETERS.raw(reference)));
        TIMEOUTS.put(state, timeouts::as_written(reference));
        if PUT_REST_API_MODE.get(state).is_none() {
            PUT_REST_API_MODE.put(state, Value::from("overwrite"));
        }
        // Always what AWS holds (EDGE unless chosen), also after an import or when the
        // configuration leaves the block out.
        let answered = aws!(for Self, |o| endpoint_value(o.endpoint_configuration()))(answer);
        let has_types = answered
            .get(TYPES)
            .as_elements()
            .is_some_and(|t| !t.is_empty());
        let block = if has_types {
            vec![answered]
        } else {
            Vec::new()
        };
        ENDPOINT_CONFIGURATION.put(state, Value::List(block));
    }

    // AWS does not answer the ARN, and some answers (older APIs, emulators) lack the root
    // resource id, which never changes: the reference's, else GetResources.
    async fn complete(
        &self,
        aws: &Aws,
        reference: &Value,
        state: &mut Value,
    ) -> Result<(), Diagnostics> {
        let id = ID.get(state).unwrap_or_default().to_owned();
        ARN.put(
            state,
            Value::from(format!("arn:aws:apigateway:{}::/restapis/{id}", aws.region)),
        );
        // The account never changes: the reference's ARN, else STS (once per process).
        let arn = match EXECUTION_ARN.get(reference) {
            Some(known) => Some(known.to_owned()),
            None => {
                aws.account_id()
                    .await
                    .map_err(|e| e.diagnostic("Reading", "account id (STS)", &id))?;
                aws.execution_arn(&id, "")
            }
        };
        EXECUTION_ARN.put(state, Value::opt_string(arn));
        if ROOT_RESOURCE_ID.get(state).is_some() {
            return Ok(());
        }
        if let Some(root) = ROOT_RESOURCE_ID.get(reference) {
            ROOT_RESOURCE_ID.put(state, Value::from(root));
            return Ok(());
        }
        let out = aws
            .client
            .get_resources()
            .rest_api_id(&id)
            .limit(500)
            .send()
            .await
            .map_err(|e| AwsError::from(e).diagnostic("Reading", "REST API root resource", &id))?;
        let root = out
            .items()
            .iter()
            .find(|r| r.path() == Some("/"))
            .and_then(|r| r.id());
        ROOT_RESOURCE_ID.put(state, Value::opt_string(root));
        Ok(())
    }

    // A body import rewrites what the configuration leaves out (and, on some services, the
    // resource tree with its root): those values are known after the apply.
    fn adjust_plan(
        &self,
        prior: &Value,
        config: &Value,
        planned: &mut Value,
        _diags: &mut Diagnostics,
    ) {
        if !imports_body(prior, planned) {
            return;
        }
        for field in [
            &DESCRIPTION,
            &API_KEY_SOURCE,
            &MINIMUM_COMPRESSION_SIZE,
            &POLICY,
        ] {
            if field.raw(config).is_null() {
                field.put(planned, Value::Unknown);
            }
        }
        if BINARY_MEDIA_TYPES.raw(config).is_null() {
            BINARY_MEDIA_TYPES.put(planned, Value::Unknown);
        }
        if DISABLE_EXECUTE_API_ENDPOINT.raw(config).is_null() {
            DISABLE_EXECUTE_API_ENDPOINT.put(planned, Value::Unknown);
        }
        ROOT_RESOURCE_ID.put(planned, Value::Unknown);
        if ENDPOINT_CONFIGURATION
            .get(config)
            .is_none_or(<[Value]>::is_empty)
        {
            ENDPOINT_CONFIGURATION.put(planned, Value::List(Vec::new()));
        }
    }

    fn rewrites(&self, prior: &Value, planned: &Value) -> bool {
        imports_body(prior, planned)
    }

    // PutRestApi, then one UpdateRestApi when the configuration's arguments differ from what
    // the import left (they win over the body).
    async fn rewrite(
        &self,
        aws: &Aws,
        key: &RestApiKey,
        planned: &Value,
    ) -> Result<UpdateRestApiOutput, Diagnostics> {
        let body = BODY.get(planned).unwrap_or_default();
        let mode = PUT_REST_API_MODE.get(planned).unwrap_or("overwrite");
        let parameters = PARAMETERS
            .raw(planned)
            .to_string_map()
            .filter(|m| !m.is_empty());
        let importing = |e: AwsError| {
            let mut d = e.diagnostic("Importing the body of", Self::OBJECT, &key.0);
            d.detail.push_str(" (PutRestApi; see `body`)");
            d.at(BODY.path())
        };
        let put = aws
            .client
            .put_rest_api()
            .rest_api_id(&key.0)
            .mode(PutMode::from(mode))
            .set_fail_on_warnings(FAIL_ON_WARNINGS.get(planned).filter(|f| *f))
            .set_parameters(parameters.map(|m| m.into_iter().collect()))
            .body(Blob::new(body.as_bytes()))
            .send()
            .await
            .map_err(|e| importing(AwsError::from(e)))?;
        for warning in put.warnings() {
            tracing::warn!(rest_api_id = %key.0, %warning, "AWS warned while importing the body");
        }
        let ops = overrides(planned, &put);
        if ops.is_empty() {
            return Ok(answered(put));
        }
        Ok(aws
            .client
            .update_rest_api()
            .rest_api_id(&key.0)
            .set_patch_operations(Some(ops))
            .send()
            .await
            .map_err(|e| {
                let mut d = AwsError::from(e).diagnostic("Updating", Self::OBJECT, &key.0);
                d.detail.push_str(
                    " (setting the configured arguments over what the body's import left)",
                );
                d
            })?)
    }

    // An endpoint-type change AWS accepted but did not make would otherwise surface as
    // Terraform's opaque "inconsistent result after apply".
    fn check_update(
        &self,
        key: &RestApiKey,
        planned: &Value,
        state: &Value,
    ) -> Result<(), Diagnostics> {
        let (Some(wanted), Some(actual)) = (endpoint_types(planned), endpoint_types(state)) else {
            return Ok(());
        };
        if actual.is_empty() || actual == wanted {
            return Ok(());
        }
        Err(Diagnostic::error(
            "Endpoint type not changed",
            format!(
                "Updating API Gateway {} ({key}): the update was accepted but the endpoint type is \
                 still {actual:?}, not {wanted:?}.",
                Self::OBJECT
            ),
        )
        .at(ENDPOINT_CONFIGURATION.path().with_index(0).with_attr(TYPES))
        .into())
    }
}

/// Whether this create or update imports `body`: a create with one, or a change of the body or
/// its `parameters` (a change of the mode or of `fail_on_warnings` alone imports nothing, as in
/// the official provider). Removing the body leaves the API as it is.
fn imports_body(prior: &Value, planned: &Value) -> bool {
    if BODY.raw(planned).is_null() {
        return false;
    }
    prior.is_null()
        || BODY.raw(prior) != BODY.raw(planned)
        || PARAMETERS.raw(prior) != PARAMETERS.raw(planned)
}

/// The operations that set the configured (known, planned) arguments over what the import
/// left; nothing for arguments left out, whose values the body sets.
fn overrides(planned: &Value, put: &PutRestApiOutput) -> Vec<PatchOperation> {
    let mut ops = Vec::new();
    let mut scalar = |path: &str, want: Option<String>, got: Option<String>| {
        if want.is_some() && want != got {
            ops.push(patch::replace(path, want.as_deref()));
        }
    };
    scalar(
        "/name",
        NAME.get(planned).map(str::to_owned),
        put.name().map(str::to_owned),
    );
    scalar(
        "/description",
        DESCRIPTION.get(planned).map(str::to_owned),
        put.description().map(str::to_owned),
    );
    scalar(
        "/apiKeySource",
        API_KEY_SOURCE.get(planned).map(str::to_owned),
        Some(
            put.api_key_source()
                .map_or("HEADER", ApiKeySourceType::as_str)
                .to_owned(),
        ),
    );
    scalar(
        "/disableExecuteApiEndpoint",
        DISABLE_EXECUTE_API_ENDPOINT
            .get(planned)
            .map(|b| b.to_string()),
        Some(put.disable_execute_api_endpoint().to_string()),
    );
    scalar(
        "/securityPolicy",
        SECURITY_POLICY.get(planned).map(str::to_owned),
        put.security_policy().map(|p| p.as_str().to_owned()),
    );
    scalar(
        "/endpointAccessMode",
        ENDPOINT_ACCESS_MODE.get(planned).map(str::to_owned),
        put.endpoint_access_mode().map(|m| m.as_str().to_owned()),
    );
    if let Some(size) = MINIMUM_COMPRESSION_SIZE.get(planned) {
        let want = compression_size(&Value::from(size));
        if want != put.minimum_compression_size() {
            let value = want.map(|n| n.to_string());
            ops.push(patch::replace("/minimumCompressionSize", value.as_deref()));
        }
    }
    if let Some(policy) = POLICY.get(planned)
        && !super::decl::policy::same_policy(policy, put.policy().unwrap_or_default())
    {
        ops.push(patch::replace("/policy", Some(policy)));
    }
    if let Some(want) = BINARY_MEDIA_TYPES.raw(planned).to_string_vec() {
        let got: Vec<String> = put.binary_media_types().to_vec();
        let (mut a, mut b) = (want.clone(), got.clone());
        a.sort();
        b.sort();
        if a != b {
            for t in &got {
                ops.push(patch::remove(&format!(
                    "/binaryMediaTypes/{}",
                    patch::escape(t)
                )));
            }
            for t in &want {
                ops.push(patch::add(
                    &format!("/binaryMediaTypes/{}", patch::escape(t)),
                    None,
                ));
            }
        }
    }
    // The endpoint block as configured, against what the import left.
    let left = Value::object([(
        ENDPOINT_CONFIGURATION.name(),
        Value::List(vec![endpoint_value(put.endpoint_configuration())]),
    )]);
    ops.extend(endpoint_patch(&left, planned));
    ops
}

/// PutRestApi's answer as an UpdateRestApi answer (the same REST API shape).
fn answered(put: PutRestApiOutput) -> UpdateRestApiOutput {
    UpdateRestApiOutput::builder()
        .set_id(put.id)
        .set_name(put.name)
        .set_description(put.description)
        .set_created_date(put.created_date)
        .set_version(put.version)
        .set_warnings(put.warnings)
        .set_binary_media_types(put.binary_media_types)
        .set_minimum_compression_size(put.minimum_compression_size)
        .set_api_key_source(put.api_key_source)
        .set_endpoint_configuration(put.endpoint_configuration)
        .set_policy(put.policy)
        .set_tags(put.tags)
        .set_disable_execute_api_endpoint(Some(put.disable_execute_api_endpoint))
        .set_root_resource_id(put.root_resource_id)
        .set_security_policy(put.security_policy)
        .set_endpoint_access_mode(put.endpoint_access_mode)
        .build()
}

/// The `endpoint_configuration` block.
fn endpoint_schema() -> SchemaBlock {
    SchemaBlock::default()
        .attribute(
            Attribute::new(
                TYPES,
                Type::list(Type::String),
                "Exactly one of `EDGE`, `REGIONAL` or `PRIVATE`. Changing it updates the API in place.",
            )
            .required()
            .validator(EndpointTypes),
        )
        .attribute(
            Attribute::new(VPC_ENDPOINT_IDS, Type::set(Type::String), "VPC endpoint ids, for `PRIVATE` APIs.")
                .optional_computed()
                .use_state_for_unknown(),
        )
}

/// AWS's own endpoint configuration: EDGE, no VPC endpoints.
fn is_edge(element: &Value) -> bool {
    element.get(TYPES).to_string_vec() == Some(vec!["EDGE".to_owned()])
        && element
            .get(VPC_ENDPOINT_IDS)
            .as_elements()
            .is_none_or(<[Value]>::is_empty)
}

/// AWS's endpoint configuration as the block's element.
fn endpoint_value(ec: Option<&EndpointConfiguration>) -> Value {
    let types = ec
        .map(|e| e.types().iter().map(|t| Value::from(t.as_str())).collect())
        .unwrap_or_default();
    let ids = ec
        .map(|e| {
            e.vpc_endpoint_ids()
                .iter()
                .map(|i| Value::from(i.as_str()))
                .collect()
        })
        .unwrap_or_default();
    Value::object([
        (TYPES, Value::List(types)),
        (VPC_ENDPOINT_IDS, Value::Set(ids)),
    ])
}

/// The block's element in a plan or state, if any.
fn endpoint_block(v: &Value) -> Option<&Value> {
    ENDPOINT_CONFIGURATION.get(v)?.first()
}

/// `endpoint_configuration[0].types`, when known.
fn endpoint_types(v: &Value) -> Option<Vec<String>> {
    endpoint_block(v)?.get(TYPES).to_string_vec()
}

/// The planned endpoint configuration for CreateRestApi.
fn send_endpoint(builder: CreateRestApiFluentBuilder, block: &Value) -> CreateRestApiFluentBuilder {
    let Some(block) = block.as_elements().and_then(<[Value]>::first) else {
        return builder;
    };
    let Some(types) = block.get(TYPES).to_string_vec() else {
        return builder;
    };
    builder.endpoint_configuration(
        EndpointConfiguration::builder()
            .set_types(Some(
                types
                    .iter()
                    .map(|t| EndpointType::from(t.as_str()))
                    .collect(),
            ))
            .set_vpc_endpoint_ids(block.get(VPC_ENDPOINT_IDS).to_string_vec())
            .build(),
    )
}

/// The endpoint operations: AWS names the old type in the path; VPC endpoint ids are values of
/// one path, added and removed one at a time (AWS takes no element in the path there). Unknown
/// (computed) ids change nothing.
fn endpoint_patch(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    let mut ops = Vec::new();
    if let (Some(old), Some(new)) = (endpoint_types(prior), endpoint_types(planned))
        && let (Some(o), Some(n)) = (old.first(), new.first())
        && o != n
    {
        ops.push(patch::replace(
            &format!("/endpointConfiguration/types/{}", patch::escape(o)),
            Some(n),
        ));
    }
    let ids = |v: &Value| endpoint_block(v)?.get(VPC_ENDPOINT_IDS).to_string_vec();
    if let (Some(old), Some(new)) = (ids(prior), ids(planned)) {
        const PATH: &str = "/endpointConfiguration/vpcEndpointIds";
        for id in old.iter().filter(|id| !new.contains(id)) {
            ops.push(patch::remove_value(PATH, id));
        }
        for id in new.iter().filter(|id| !old.contains(id)) {
            ops.push(patch::add(PATH, Some(id)));
        }
    }
    ops
}

/// The compression operation; `""` and `-1` are sent as no value (off).
fn compression_patch(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    let (old, new) = (
        MINIMUM_COMPRESSION_SIZE.raw(prior),
        MINIMUM_COMPRESSION_SIZE.raw(planned),
    );
    if old == new {
        return Vec::new();
    }
    let value = compression_size(new).map(|n| n.to_string());
    vec![patch::replace("/minimumCompressionSize", value.as_deref())]
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

/// How long a write waits for the API to be AVAILABLE unless the `timeouts` block says
/// otherwise (the official provider's wait for a domain name).
pub(crate) const STATUS_WAIT: Duration = Duration::from_secs(60 * 60);

/// Ok when a write's answer (`status`, `message`) shows the API settled: at once when it is
/// AVAILABLE (or AWS says nothing, as LocalStack), an error when it FAILED, else after
/// polling GetRestApi until it is AVAILABLE, for at most `limit`.
pub(crate) async fn settled(
    aws: &Aws,
    id: &str,
    status: Option<&ApiStatus>,
    message: Option<&str>,
    limit: Duration,
) -> Result<(), String> {
    let step = |status: Option<&ApiStatus>, message: Option<&str>| match status {
        Some(ApiStatus::Failed) => Err(format!(
            "AWS reports it FAILED: {}",
            message.unwrap_or("(no status message)")
        )),
        Some(s @ (ApiStatus::Pending | ApiStatus::Updating)) => {
            Ok(Step::Waiting(s.as_str().to_owned()))
        }
        _ => Ok(Step::Done(())),
    };
    if let Step::Done(()) = step(status, message)? {
        return Ok(());
    }
    let what = format!("REST API {id} to be AVAILABLE");
    timeouts::poll_until(aws, &what, limit, || async {
        let api = aws
            .client
            .get_rest_api()
            .rest_api_id(id)
            .send()
            .await
            .map_err(|e| format!("reading its status failed: {}", AwsError::from(e).message))?;
        step(api.api_status(), api.api_status_message())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::{Resource, decl};

    fn patch_operations(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
        decl::patch(&RestApi, prior, planned)
    }

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

    /// `security_policy` and `endpoint_access_mode`: AWS's values refused otherwise at plan,
    /// read from the answer, changed in place, and a body's import does not override them
    /// unless configured.
    #[test]
    fn tls_settings_are_checked_read_and_changed_in_place() {
        let mut diags = Diagnostics::new();
        for (check, bad) in [(&SECURITY_POLICIES, "TLS_9_9"), (&ACCESS_MODES, "LAX")] {
            Validator::validate(check, &Value::from(bad), &Path::attr("x"), &mut diags);
        }
        assert_eq!(diags.into_vec().len(), 2);

        let got = GetRestApiOutput::builder()
            .id("abc")
            .name("a")
            .security_policy(SecurityPolicy::from("SecurityPolicy_TLS13_1_3_2025_09"))
            .endpoint_access_mode(EndpointAccessMode::Strict)
            .build();
        let reference = crate::resources::testing::object(&RestApi, &[("name", "a".into())]);
        let state = decl::state(&RestApi, &Answer::Got(&got), &reference);
        assert_eq!(
            SECURITY_POLICY.get(&state),
            Some("SecurityPolicy_TLS13_1_3_2025_09")
        );
        assert_eq!(ENDPOINT_ACCESS_MODE.get(&state), Some("STRICT"));

        let mut planned = state.clone();
        planned.set("security_policy", "TLS_1_2".into());
        planned.set("endpoint_access_mode", "BASIC".into());
        assert_eq!(
            patch::show(&patch_operations(&state, &planned)),
            [
                "replace /securityPolicy TLS_1_2",
                "replace /endpointAccessMode BASIC"
            ]
        );

        let put = PutRestApiOutput::builder()
            .id("abc")
            .name("a")
            .security_policy(SecurityPolicy::from("TLS_1_0"))
            .build();
        assert_eq!(
            patch::show(&overrides(&planned, &put)),
            [
                "replace /securityPolicy TLS_1_2",
                "replace /endpointAccessMode BASIC"
            ]
        );
        assert!(overrides(&reference, &put).is_empty());
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

    /// Adding an `endpoint_configuration` block that says what AWS already has sends nothing,
    /// and reads the values the plan left unknown (`vpc_endpoint_ids`), so Terraform never
    /// gets an incomplete state.
    #[tokio::test]
    async fn adding_the_block_aws_already_matches_reads_what_the_plan_left_unknown() {
        let answer = r#"{"id":"abc","name":"shop","rootResourceId":"r","endpointConfiguration":{"types":["EDGE"]}}"#;
        let (aws, calls) = crate::resources::testing::api(vec![(200, None, answer)]).await;
        let prior = crate::resources::testing::object(
            &RestApi,
            &[
                ("id", "abc".into()),
                ("name", "shop".into()),
                ("root_resource_id", "r".into()),
            ],
        );
        let mut planned = prior.clone();
        let block = Value::object([
            (TYPES, Value::List(vec!["EDGE".into()])),
            (VPC_ENDPOINT_IDS, Value::Unknown),
        ]);
        planned.set("endpoint_configuration", Value::List(vec![block]));
        let state = RestApi.update(&aws, &prior, &planned).await.unwrap();
        assert!(state.is_wholly_known(), "{state:?}");
        assert_eq!(endpoint_types(&state), Some(vec!["EDGE".to_owned()]));
        let calls = crate::resources::testing::requests(&calls);
        assert_eq!(calls, ["GET /restapis/abc"]);
    }

    /// An import (no configuration, no prior block) and a configuration without the block
    /// both record AWS's endpoint configuration; removing the block plans to keep it.
    #[tokio::test]
    async fn the_endpoint_configuration_is_read_back_and_kept_when_left_out() {
        let answer = r#"{"id":"abc","name":"shop","rootResourceId":"r","endpointConfiguration":{"types":["PRIVATE"],"vpcEndpointIds":["vpce-1"]}}"#;
        let (aws, _) = crate::resources::testing::api(vec![(200, None, answer)]).await;
        let imported = RestApi.import("abc").unwrap();
        let mut reference = imported.clone();
        EXECUTION_ARN.put(&mut reference, "arn:aws:execute-api:us-east-1:1:abc".into());
        let state = RestApi.read(&aws, &reference).await.unwrap().unwrap();
        assert_eq!(endpoint_types(&state), Some(vec!["PRIVATE".to_owned()]));
        assert_eq!(
            endpoint_block(&state)
                .unwrap()
                .get(VPC_ENDPOINT_IDS)
                .to_string_vec(),
            Some(vec!["vpce-1".to_owned()])
        );

        assert_eq!(RestApi.computed_blocks(), ["endpoint_configuration"]);
        let config = crate::resources::testing::object(&RestApi, &[("name", "shop".into())]);
        let mut planned = config.clone();
        planned.set("endpoint_configuration", Value::List(Vec::new()));
        RestApi.modify_plan(&state, &config, &mut planned, &mut Diagnostics::new());
        assert_eq!(
            planned.get("endpoint_configuration"),
            state.get("endpoint_configuration"),
            "a block left out keeps what AWS holds"
        );
        let mut create = planned.clone();
        create.set("endpoint_configuration", Value::List(Vec::new()));
        RestApi.modify_plan(&Value::Null, &config, &mut create, &mut Diagnostics::new());
        assert_eq!(
            create.get("endpoint_configuration"),
            &Value::List(Vec::new()),
            "a create leaves it to AWS"
        );
    }

    /// The account id comes from one STS GetCallerIdentity per process, asked before the
    /// create (so a failure there never leaves an API unsaved) and reused by every state.
    #[tokio::test]
    async fn the_execution_arn_asks_sts_once_before_the_create() {
        let sts = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/u</Arn><UserId>AIDA</UserId><Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
        let created = r#"{"id":"abc","name":"shop","rootResourceId":"r"}"#;
        let (mut aws, calls) = crate::resources::testing::api(vec![
            (200, None, sts),
            (201, None, created),
            (200, None, created),
        ])
        .await;
        aws.account = std::sync::Arc::new(tokio::sync::OnceCell::new());
        let planned = crate::resources::testing::object(&RestApi, &[("name", "shop".into())]);
        let state = RestApi.create(&aws, &planned).await.unwrap();
        assert_eq!(
            EXECUTION_ARN.get(&state),
            Some("arn:aws:execute-api:us-east-1:111122223333:abc")
        );
        let read = RestApi.read(&aws, &state).await.unwrap().unwrap();
        assert_eq!(EXECUTION_ARN.get(&read), EXECUTION_ARN.get(&state));
        let calls = crate::resources::testing::requests(&calls);
        assert_eq!(calls.len(), 3, "{calls:?}");
        assert!(
            calls[0].starts_with("POST / ") && calls[0].contains("GetCallerIdentity"),
            "{calls:?}"
        );
        assert!(calls[1].starts_with("POST /restapis "), "{calls:?}");
        assert!(calls[2].starts_with("GET /restapis/abc"), "{calls:?}");
    }

    const BODY: &str = r#"{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{}}"#;

    /// A create with a body: CreateRestApi, PutRestApi in overwrite mode with the parameters,
    /// and nothing more when the import left what the configuration says; the state comes
    /// from the import's answer (no read).
    #[tokio::test]
    async fn a_create_with_a_body_is_create_then_put() {
        let created = r#"{"id":"abc","name":"shop","rootResourceId":"r1"}"#;
        let put = r#"{"id":"abc","name":"shop","description":"from body","rootResourceId":"r2","apiKeySource":"HEADER","endpointConfiguration":{"types":["EDGE"]}}"#;
        let (aws, calls) =
            crate::resources::testing::api(vec![(201, None, created), (200, None, put)]).await;
        let planned = crate::resources::testing::object(
            &RestApi,
            &[
                ("name", "shop".into()),
                ("body", BODY.into()),
                ("put_rest_api_mode", "overwrite".into()),
                (
                    "parameters",
                    crate::resources::testing::strings(&[("basepath", "prepend")]),
                ),
            ],
        );
        let state = RestApi.create(&aws, &planned).await.unwrap();
        let calls = crate::resources::testing::requests(&calls);
        assert_eq!(calls.len(), 2, "{calls:?}");
        assert!(calls[0].starts_with("POST /restapis "), "{calls:?}");
        assert!(calls[1].starts_with("PUT /restapis/abc?"), "{calls:?}");
        assert!(calls[1].contains("mode=overwrite"), "{calls:?}");
        assert!(calls[1].contains("basepath=prepend"), "{calls:?}");
        assert_eq!(DESCRIPTION.get(&state), Some("from body"));
        assert_eq!(ROOT_RESOURCE_ID.get(&state), Some("r2"));
        assert_eq!(super::BODY.get(&state), Some(BODY));
        assert!(state.is_wholly_known(), "{state:?}");
    }

    /// Arguments the configuration sets win over the body: one UpdateRestApi with exactly the
    /// differences; those left out are not touched.
    #[test]
    fn configured_arguments_override_the_body() {
        let put: PutRestApiOutput = PutRestApiOutput::builder()
            .id("abc")
            .name("title from body")
            .description("body's")
            .api_key_source(ApiKeySourceType::Authorizer)
            .binary_media_types("image/jpeg")
            .minimum_compression_size(5_242_880)
            .disable_execute_api_endpoint(false)
            .build();
        let planned = crate::resources::testing::object(
            &RestApi,
            &[
                ("name", "shop".into()),
                ("api_key_source", "HEADER".into()),
                (
                    "binary_media_types",
                    Value::List(vec!["application/octet".into()]),
                ),
                ("minimum_compression_size", "1".into()),
                ("disable_execute_api_endpoint", true.into()),
            ],
        );
        assert_eq!(
            patch::show(&overrides(&planned, &put)),
            [
                "replace /name shop",
                "replace /apiKeySource HEADER",
                "replace /disableExecuteApiEndpoint true",
                "replace /minimumCompressionSize 1",
                "remove /binaryMediaTypes/image~1jpeg -",
                "add /binaryMediaTypes/application~1octet -",
            ]
        );
        let left_out =
            crate::resources::testing::object(&RestApi, &[("name", "title from body".into())]);
        assert!(overrides(&left_out, &put).is_empty());
    }

    /// A body AWS refuses fails the create, names `body`, and deletes the new API again.
    #[tokio::test]
    async fn a_refused_body_deletes_the_new_api_again() {
        let created = r#"{"id":"abc","name":"shop","rootResourceId":"r1"}"#;
        let refused = (
            400,
            Some("BadRequestException"),
            r#"{"message":"Invalid OpenAPI input."}"#,
        );
        let (aws, calls) =
            crate::resources::testing::api(vec![(201, None, created), refused, (202, None, "")])
                .await;
        let planned = crate::resources::testing::object(
            &RestApi,
            &[("name", "shop".into()), ("body", BODY.into())],
        );
        let d = RestApi.create(&aws, &planned).await.unwrap_err().into_vec();
        assert!(
            d[0].detail.contains("Invalid OpenAPI input."),
            "{}",
            d[0].detail
        );
        assert!(d[0].detail.contains("was deleted again"), "{}", d[0].detail);
        assert_eq!(d[0].path, Some(super::BODY.path()));
        let calls = crate::resources::testing::requests(&calls);
        assert!(calls[2].starts_with("DELETE /restapis/abc"), "{calls:?}");
    }

    /// A change of the body alone is one PutRestApi (no read, no patch); a change of the mode
    /// alone imports nothing.
    #[tokio::test]
    async fn a_body_change_is_one_put() {
        let put = r#"{"id":"abc","name":"shop","rootResourceId":"r3","endpointConfiguration":{"types":["EDGE"]}}"#;
        let (aws, calls) = crate::resources::testing::api(vec![(200, None, put)]).await;
        let mut prior = crate::resources::testing::object(
            &RestApi,
            &[
                ("id", "abc".into()),
                ("name", "shop".into()),
                ("root_resource_id", "r2".into()),
                ("body", BODY.into()),
                ("put_rest_api_mode", "overwrite".into()),
            ],
        );
        EXECUTION_ARN.put(&mut prior, "arn:aws:execute-api:us-east-1:1:abc".into());
        let config = {
            let mut c = prior.clone();
            c.set("body", BODY.replace("\"1\"", "\"2\"").into());
            c.set("root_resource_id", Value::Null);
            c
        };
        let mut planned = config.clone();
        planned.set("root_resource_id", "r2".into());
        RestApi.modify_plan(&prior, &config, &mut planned, &mut Diagnostics::new());
        assert!(ROOT_RESOURCE_ID.is_unknown(&planned));
        assert!(RestApi.rewrites(&prior, &planned));
        let state = RestApi.update(&aws, &prior, &planned).await.unwrap();
        assert_eq!(ROOT_RESOURCE_ID.get(&state), Some("r3"));
        let calls = crate::resources::testing::requests(&calls);
        assert_eq!(calls.len(), 1, "{calls:?}");
        assert!(calls[0].starts_with("PUT /restapis/abc?"), "{calls:?}");

        let mut merge = prior.clone();
        merge.set("put_rest_api_mode", "merge".into());
        assert!(!RestApi.rewrites(&prior, &merge));
    }

    #[tokio::test]
    async fn a_failed_create_names_the_api_by_its_name() {
        let refused = (
            400,
            Some("BadRequestException"),
            r#"{"message":"Invalid name"}"#,
        );
        let (aws, _) = crate::resources::testing::api(vec![refused]).await;
        let planned = crate::resources::testing::object(&RestApi, &[("name", "shop".into())]);
        let d = RestApi.create(&aws, &planned).await.unwrap_err().into_vec();
        assert!(
            d[0].detail.contains("Creating API Gateway REST API (shop)"),
            "{}",
            d[0].detail
        );
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

    fn status(status: &str) -> &'static str {
        format!(r#"{{"id":"abc","name":"shop","rootResourceId":"r","apiStatus":"{status}","apiStatusMessage":"policy rejected"}}"#).leak()
    }

    /// A create AWS applies for a while (`apiStatus` UPDATING, then PENDING) ends when
    /// GetRestApi answers AVAILABLE; the `timeouts` block is kept as written.
    #[tokio::test]
    async fn a_create_waits_until_the_api_is_available() {
        let (aws, calls) = crate::resources::testing::api(vec![
            (201, None, status("UPDATING")),
            (200, None, status("PENDING")),
            (200, None, status("AVAILABLE")),
        ])
        .await;
        let mut planned = crate::resources::testing::object(&RestApi, &[("name", "shop".into())]);
        let block = Value::List(vec![Value::object([
            ("create", Value::from("1m")),
            ("update", Value::Null),
            ("delete", Value::Null),
        ])]);
        planned.set("timeouts", block.clone());
        let state = RestApi.create(&aws, &planned).await.unwrap();
        assert_eq!(state.get("timeouts"), &block);
        let calls = crate::resources::testing::requests(&calls);
        assert_eq!(calls.len(), 3, "{calls:?}");
        assert!(calls[0].starts_with("POST /restapis "), "{calls:?}");
        assert_eq!(calls[1..], ["GET /restapis/abc", "GET /restapis/abc"]);
    }

    /// FAILED is an error quoting AWS's message; the new API is deleted again.
    #[tokio::test]
    async fn a_failed_create_is_undone() {
        let (aws, calls) = crate::resources::testing::api(vec![
            (201, None, status("PENDING")),
            (200, None, status("FAILED")),
            (202, None, ""),
        ])
        .await;
        let planned = crate::resources::testing::object(&RestApi, &[("name", "shop".into())]);
        let d = RestApi.create(&aws, &planned).await.unwrap_err().into_vec();
        assert_eq!(
            d[0].detail,
            "Creating API Gateway REST API (abc): AWS reports it FAILED: policy rejected. The \
             new REST API (abc) was deleted again, so nothing is left behind."
        );
        let calls = crate::resources::testing::requests(&calls);
        assert_eq!(calls[2], "DELETE /restapis/abc");
    }

    /// The `timeouts` block's `delete` bounds the delete call: past it, the delete fails
    /// saying so (here at once: `0s`).
    #[tokio::test]
    async fn the_delete_timeout_bounds_the_delete() {
        let (aws, _) = crate::resources::testing::api(Vec::new()).await;
        let mut state = crate::resources::testing::object(
            &RestApi,
            &[("id", "abc".into()), ("name", "shop".into())],
        );
        state.set(
            "timeouts",
            Value::List(vec![Value::object([
                ("create", Value::Null),
                ("update", Value::Null),
                ("delete", Value::from("0s")),
            ])]),
        );
        let d = RestApi.delete(&aws, &state).await.unwrap_err().into_vec();
        assert_eq!(
            d[0].detail,
            "Deleting API Gateway REST API (abc): AWS did not finish it within 0s (the \
             `timeouts` block's `delete`)."
        );
    }
}
