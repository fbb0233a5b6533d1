//! `apigateway_integration`: the backend a method sends its requests to (an HTTP endpoint, an
//! AWS service action, a Lambda function or a mock) and how the request is mapped on the way.
//!
//! Calls: PutIntegration (create), GetIntegration (read; during a refresh the API's read
//! snapshot, see [`crate::aws::cache`]), UpdateIntegration (patch operations, for every
//! in-place change), DeleteIntegration. State `id`: `agi-REST-API-ID-RESOURCE-ID-
//! HTTP-METHOD`; import ID `REST-API-ID/RESOURCE-ID/HTTP-METHOD`.
//!
//! An existing integration is never Put again: PutIntegration replaces the whole integration
//! and AWS deletes its integration responses with it (the `aws_api_gateway_integration`
//! users' long-standing complaint: responses vanish until a second apply). Every attribute
//! that UpdateIntegration can change is changed with patch operations, which leave the
//! integration responses alone; only the identity attributes and `type` (which
//! UpdateIntegration does not accept) replace the integration.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::get_integration::GetIntegrationOutput;
use aws_sdk_apigateway::operation::put_integration::PutIntegrationOutput;
use aws_sdk_apigateway::operation::put_integration::builders::PutIntegrationFluentBuilder;
use aws_sdk_apigateway::operation::update_integration::UpdateIntegrationOutput;
use aws_sdk_apigateway::types::{
    ConnectionType, ContentHandlingStrategy, Integration as Item, IntegrationType, PatchOperation,
    ResponseTransferMode, TlsConfig,
};

use crate::aws::{Aws, AwsError, patch};
use crate::diag::{Diagnostic, Diagnostics};
use crate::schema::validators::{IntBetween, OneOf, int_between, one_of};
use crate::schema::{Attribute, Block as SchemaBlock, Validator};
use crate::tfvalue::{Path, Value};

use super::checks::{
    self, CONNECTION_TYPES, CONTENT_HANDLING, HTTP_METHODS, INTEGRATION_TYPES,
    PASSTHROUGH_BEHAVIORS,
};
use super::decl::{
    Answer, Block, Decl, Declared, Field, Identity, Input, Lit, Num, Policy, Sdk, Seen, Str,
    StrMap, StrSet, Update, aws, fields, policy, set,
};
use super::keys::{MethodKey, WithKey};

/// Integration types that call an HTTP endpoint.
const HTTP_TYPES: &[&str] = &["HTTP", "HTTP_PROXY"];
/// Integration types that call an AWS service (or Lambda) by ARN.
const AWS_TYPES: &[&str] = &["AWS", "AWS_PROXY"];
/// The one attribute of the `tls_config` block.
const SKIP_VERIFICATION: &str = "insecure_skip_verification";

const TYPE_VALUES: OneOf = one_of(INTEGRATION_TYPES);
const VERBS: OneOf = one_of(HTTP_METHODS);
const PASSTHROUGH_VALUES: OneOf = one_of(PASSTHROUGH_BEHAVIORS);
const CONNECTION_VALUES: OneOf = one_of(CONNECTION_TYPES);
const CONTENT_HANDLING_VALUES: OneOf = one_of(CONTENT_HANDLING);
const TIMEOUT_RANGE: IntBetween = int_between(50, 300_000);
const TRANSFER_MODES: OneOf = one_of(ResponseTransferMode::values());

/// The `apigateway_integration` resource type.
#[derive(Debug)]
pub struct Integration;

impl Sdk for Integration {
    type Create = PutIntegrationFluentBuilder;
    type Created = PutIntegrationOutput;
    type Got = GetIntegrationOutput;
    type Updated = UpdateIntegrationOutput;
    type Item = Item;
}

fields! { Integration;
    // UpdateIntegration cannot change the type.
    TYPE: Str = Field::new(
        "type",
        "The kind of backend: `HTTP` (an HTTP endpoint, with request and response mapping), \
         `HTTP_PROXY` (an HTTP endpoint, request and response passed through), `AWS` (an AWS \
         service action, with mapping), `AWS_PROXY` (a Lambda function, request passed through) \
         or `MOCK` (API Gateway answers by itself). Changing it replaces the integration: \
         UpdateIntegration cannot change the type.",
    )
    .required()
    .replace()
    .policy(Policy::KeepWhenSilent(None))
    .validators(&[&TYPE_VALUES])
    .aws(aws!(|o| o.r#type().map(IntegrationType::as_str)), set!(set_type)),
    INTEGRATION_HTTP_METHOD: Str = Field::new(
        "integration_http_method",
        "The HTTP verb API Gateway uses to call the backend. Required for `HTTP`, `HTTP_PROXY`, \
         `AWS` and `AWS_PROXY`; must be `POST` for `AWS_PROXY` (Lambda functions are invoked \
         with POST). Not used by `MOCK` (a warning says so). Changed in place.",
    )
    .validators(&[&VERBS])
    .aws(aws!(http_method), set!(set_integration_http_method))
    .patch("/httpMethod"),
    URI: Str = Field::new(
        "uri",
        "The backend. For `HTTP` and `HTTP_PROXY`, a full `http://` or `https://` URL, which may \
         contain `{name}` placeholders filled by `request_parameters` \
         (`integration.request.path.name`) and stage variables. For `AWS` and `AWS_PROXY`, an \
         API Gateway service ARN `arn:aws:apigateway:REGION:SERVICE:path/...` or \
         `...:action/...`; for Lambda, the function's `invoke_arn`. Required for every type but \
         `MOCK`; not used by `MOCK` (a warning says so). Changed in place.",
    )
    .aws(aws!(uri), set!(set_uri))
    .patch("/uri"),
    CREDENTIALS: Str = Field::new(
        "credentials",
        "The ARN of the IAM role API Gateway assumes to call the backend, or \
         `arn:aws:iam::*:user/*` to call it with the caller's own identity. Unset uses \
         resource-based permissions (for Lambda, an `aws_lambda_permission`). Changed in place; \
         removing it clears it.",
    )
    .aws(aws!(credentials), set!(set_credentials))
    .patch("/credentials"),
    PASSTHROUGH_BEHAVIOR: Str = Field::new(
        "passthrough_behavior",
        "What happens to a request body whose content type has no template in \
         `request_templates`: `WHEN_NO_MATCH` (pass it through), `WHEN_NO_TEMPLATES` (pass it \
         through only if no templates are defined at all, otherwise answer 415) or `NEVER` \
         (answer 415). When unset, AWS uses `WHEN_NO_MATCH` and the state shows it. Changed in \
         place.",
    )
    .optional_computed()
    .keep_prior()
    .policy(Policy::KeepWhenSilent(None))
    .validators(&[&PASSTHROUGH_VALUES])
    .aws(aws!(passthrough_behavior), set!(set_passthrough_behavior))
    .patch("/passthroughBehavior"),
    // The connection type before the id: a switch to VPC_LINK sets both, a switch back to
    // INTERNET clears the id.
    CONNECTION_TYPE: Str = Field::new(
        "connection_type",
        "`INTERNET` (a public endpoint) or `VPC_LINK` (a private integration through a VPC link \
         to a network load balancer; `HTTP` and `HTTP_PROXY` only). Changed in place.",
    )
    .default(Lit::Str("INTERNET"))
    .policy(Policy::AwsDefault(Lit::Str("INTERNET")))
    .validators(&[&CONNECTION_VALUES])
    .aws(aws!(|o| o.connection_type().map(ConnectionType::as_str)), set!(set_connection_type))
    .patch("/connectionType"),
    CONNECTION_ID: Str = Field::new(
        "connection_id",
        "Id of the VPC link, or a stage variable such as `${stageVariables.vpcLinkId}`. Required \
         when `connection_type` is `VPC_LINK`, not allowed otherwise. Changed in place.",
    )
    .aws(aws!(connection_id), set!(set_connection_id))
    .patch("/connectionId"),
    INTEGRATION_TARGET: Str = Field::new(
        "integration_target",
        "ARN of the Application Load Balancer a private integration (`connection_type = \
         \"VPC_LINK\"` with a VPC link v2) sends requests to. Changed in place.",
    )
    .aws(aws!(integration_target), set!(set_integration_target))
    .patch("/integrationTarget"),
    RESPONSE_TRANSFER_MODE: Str = Field::new(
        "response_transfer_mode",
        "`BUFFERED` (the whole response, then to the client) or `STREAM` (response streaming). \
         AWS chooses (`BUFFERED`) when left out. Changed in place.",
    )
    .optional_computed()
    .keep_prior()
    .validators(&[&TRANSFER_MODES])
    .aws(
        aws!(|o| o.response_transfer_mode().map(ResponseTransferMode::as_str)),
        set!(set_response_transfer_mode)
    )
    .patch("/responseTransferMode"),
    CONTENT_HANDLING_FIELD: Str = Field::new(
        "content_handling",
        "How the request body is converted: `CONVERT_TO_BINARY` (base64-encoded text to binary) \
         or `CONVERT_TO_TEXT` (binary to base64-encoded text). Unset passes it through unchanged. \
         Changed in place; removing it clears it.",
    )
    .validators(&[&CONTENT_HANDLING_VALUES])
    .aws(aws!(|o| o.content_handling().map(ContentHandlingStrategy::as_str)), set!(set_content_handling))
    .patch("/contentHandling"),
    CACHE_KEY_PARAMETERS: StrSet = Field::new(
        "cache_key_parameters",
        "Request parameters whose values are part of the cache key, e.g. \
         `[\"method.request.path.petId\"]` or `[\"integration.request.header.Host\"]`. \
         Changed in place, parameter by parameter.",
    )
    .validators(&[&CacheKeyParameters])
    .aws(aws!(cache_key_parameters), set!(set_cache_key_parameters))
    .patch("/cacheKeyParameters"),
    CACHE_NAMESPACE: Str = Field::new(
        "cache_namespace",
        "The group of cached responses this integration shares with others; integrations with \
         the same namespace share cached answers. When unset, AWS uses the resource id and the \
         state shows it. Changed in place.",
    )
    .optional_computed()
    .keep_prior()
    .policy(Policy::KeepWhenSilent(None))
    .aws(aws!(cache_namespace), set!(set_cache_namespace))
    .patch("/cacheNamespace"),
    REQUEST_PARAMETERS: StrMap = Field::new(
        "request_parameters",
        "Integration request parameters and where their values come from, e.g. `{ \
         \"integration.request.path.id\" = \"method.request.path.petId\" }`. Changed in place, \
         key by key.",
    )
    .validators(&[&checks::INTEGRATION_REQUEST_PARAMETER_KEYS, &checks::INTEGRATION_REQUEST_PARAMETER_VALUES])
    .aws(aws!(request_parameters), set!(set_request_parameters))
    .patch("/requestParameters"),
    REQUEST_TEMPLATES: StrMap = Field::new(
        "request_templates",
        "Velocity mapping templates for the request body, by content type. An empty template \
         `\"\"` is allowed and kept as written. Changed in place, key by key.",
    )
    .validators(&[&checks::CONTENT_TYPE_KEYS])
    .aws(aws!(request_templates), set!(set_request_templates))
    .patch("/requestTemplates"),
    // AWS answers 0 when the integration has no timeout of its own: its default applies.
    TIMEOUT_MILLISECONDS: Num = Field::new(
        "timeout_milliseconds",
        "How long API Gateway waits for the backend, in milliseconds. Above 29000 needs a raised \
         account quota (regional and private APIs). Changed in place.",
    )
    .default(Lit::Int(29_000))
    .policy(Policy::KeepWhenSilent(Some(Lit::Int(29_000))))
    .validators(&[&TIMEOUT_RANGE])
    .aws(aws!(|o| Some(o.timeout_in_millis()).filter(|ms| *ms != 0)), set!(set_timeout_in_millis))
    .patch("/timeoutInMillis"),
    TLS_CONFIG: Block = Field::new(
        "tls_config",
        "TLS settings for calls to the backend; `HTTP` and `HTTP_PROXY` only. Changed in place.",
    )
        .nested(tls_schema)
        .send(send_tls)
        .patch_with(tls_patch),
}

#[async_trait]
impl Declared for Integration {
    const TYPE_NAME: &'static str = "apigateway_integration";
    const OBJECT: &'static str = "Integration";
    const DESCRIPTION: &'static str = "The integration of an API Gateway REST API method: which \
        backend a request is sent to and how it is mapped on the way. Changes are applied in \
        place with UpdateIntegration, so the method's integration responses are kept.";
    type Key = MethodKey;
    type Parent = MethodKey;
    const IDENTITY: Identity<MethodKey> = Identity::Named {
        id: MethodKey::integration_id,
        doc: "`agi-REST-API-ID-RESOURCE-ID-HTTP-METHOD`, the official provider's format. It is \
              derived from the arguments, so it is known at plan time whenever they are.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    // Never a second Put: it would delete the integration responses.
    const UPDATE: Update = Update::Patch;
    const PUBLISHED: bool = true;
    // Real AWS overwrites an existing integration rather than answering 409; a 409 that is not
    // a concurrent modification still means the object is there (an interrupted apply).
    const ADOPT: bool = true;
    // AWS: "Invalid Method identifier specified" (or resource, API), which does not say what to do.
    const MISSING_PARENT_HINT: &'static str = " An integration needs its method to exist first. \
        Take `http_method` from the `apigateway_method` resource (e.g. \
        `apigateway_method.NAME.http_method`) or add `depends_on` so Terraform creates the method \
        before the integration.";

    async fn call_create(
        &self,
        aws: &Aws,
        key: &MethodKey,
        input: Input<'_, Self>,
    ) -> Result<PutIntegrationOutput, AwsError> {
        Ok(input
            .fill(aws.client.put_integration().key(key))
            .send()
            .await?)
    }

    async fn call_get(&self, aws: &Aws, key: &MethodKey) -> Result<GetIntegrationOutput, AwsError> {
        Ok(aws.client.get_integration().key(key).send().await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &MethodKey,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateIntegrationOutput, AwsError> {
        Ok(aws
            .client
            .update_integration()
            .key(key)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &MethodKey) -> Result<(), AwsError> {
        aws.client.delete_integration().key(key).send().await?;
        Ok(())
    }

    // LocalStack leaves the VPC link id out of GetResources: such an item is incomplete, and
    // GetIntegration has the id.
    async fn snapshot(&self, aws: &Aws, key: &MethodKey) -> Result<Seen<Item>, AwsError> {
        let found = key
            .snapshot_method(aws)
            .await?
            .and_then(|m| m.method_integration);
        Ok(match found {
            Some(i)
                if i.connection_type() == Some(&ConnectionType::VpcLink)
                    && i.connection_id().is_none_or(str::is_empty) =>
            {
                Seen::Ask
            }
            other => Seen::from(other),
        })
    }

    // AWS rejects these combinations at apply; say so at plan time.
    fn check(&self, config: &Value, diags: &mut Diagnostics) {
        if let Some(ty) = TYPE.get(config) {
            validate_for_type(ty, config, diags);
        }
        validate_connection(config, diags);
    }

    fn quirks(&self, answer: &Answer<'_, Self>, reference: &Value, state: &mut Value) {
        // AWS drops `uri` and the integration HTTP method of a MOCK integration (it never calls
        // anything); what the configuration says about them is kept as written.
        if TYPE.get(state) == Some("MOCK") {
            for field in [&URI, &INTEGRATION_HTTP_METHOD] {
                if field.raw(state).is_null() {
                    field.put(state, known_or_null(field.raw(reference)));
                }
            }
        }
        // `false` and "no TLS settings" mean the same to API Gateway: a block the user did not
        // write appears only when it matters (drift to `true`).
        let skip =
            aws!(for Self, |o| o.tls_config().map(|t| t.insecure_skip_verification()))(answer)
                .as_bool();
        let written = TLS_CONFIG.get(reference).is_some_and(|b| !b.is_empty());
        let block = if written || skip == Some(true) {
            vec![Value::object([(
                SKIP_VERIFICATION,
                Value::Bool(skip.unwrap_or(false)),
            )])]
        } else {
            Vec::new()
        };
        TLS_CONFIG.put(state, Value::List(block));
    }

    // A MOCK integration has no uri or backend verb in AWS (and AWS documents replacing them as
    // unsupported for MOCK); changes to them only change the state.
    fn patch_quirks(
        &self,
        _prior: &Value,
        planned: &Value,
        derived: Vec<PatchOperation>,
    ) -> Vec<PatchOperation> {
        if TYPE.get(planned) != Some("MOCK") {
            return derived;
        }
        derived
            .into_iter()
            .filter(|op| !matches!(op.path(), Some("/uri" | "/httpMethod")))
            .collect()
    }

    // The answer is the integration as stored; if it does not show a change, saying so here
    // beats Terraform's "inconsistent result after apply" (which blames the provider).
    fn check_update(
        &self,
        key: &MethodKey,
        planned: &Value,
        state: &Value,
    ) -> Result<(), Diagnostics> {
        let unapplied = policy::unapplied(planned, state);
        if unapplied.is_empty() {
            return Ok(());
        }
        Err(Diagnostic::error(
            "Updating API Gateway Integration failed",
            format!(
                "Updating API Gateway Integration ({key}): API Gateway accepted the update but its \
                 answer does not show the change of {}. Run `terraform apply` again; if this \
                 persists, the API Gateway endpoint does not support changing these attributes in \
                 place.",
                unapplied.join(", ")
            ),
        )
        .into())
    }
}

/// The `tls_config` block.
fn tls_schema() -> SchemaBlock {
    SchemaBlock::default().attribute(
        Attribute::bool(
            SKIP_VERIFICATION,
            "Whether API Gateway accepts a backend certificate that is not issued by a supported \
             certificate authority (self-signed, private CA). API Gateway still checks the expiry \
             date, the host name and that a root CA is present. Not recommended for public \
             endpoints. Removing the block is the same as `false`.",
        )
        .default_value(Value::Bool(false)),
    )
}

/// The planned `tls_config` for PutIntegration.
fn send_tls(builder: PutIntegrationFluentBuilder, block: &Value) -> PutIntegrationFluentBuilder {
    let skip = block
        .as_elements()
        .and_then(|b| b.first())
        .and_then(|b| b.get(SKIP_VERIFICATION).as_bool());
    builder.set_tls_config(skip.map(|s| TlsConfig::builder().insecure_skip_verification(s).build()))
}

/// The TLS operation: only when the effective value (no block = `false`) changes.
fn tls_patch(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    match (tls_skip(prior).or(Some(false)), tls_skip_planned(planned)) {
        (Some(old), Some(new)) if old != new => {
            vec![patch::replace(
                "/tlsConfig/insecureSkipVerification",
                Some(if new { "true" } else { "false" }),
            )]
        }
        _ => Vec::new(),
    }
}

/// `tls_config[0].insecure_skip_verification` when there is a block with a known value.
fn tls_skip(value: &Value) -> Option<bool> {
    TLS_CONFIG
        .get(value)?
        .first()?
        .get(SKIP_VERIFICATION)
        .as_bool()
}

/// The planned TLS setting: no block means `false`; `None` while unknown.
fn tls_skip_planned(planned: &Value) -> Option<bool> {
    match TLS_CONFIG.raw(planned) {
        Value::List(blocks) if blocks.is_empty() => Some(false),
        Value::Null => Some(false),
        _ => tls_skip(planned),
    }
}

/// Checks that depend on the integration type (known here).
fn validate_for_type(ty: &str, config: &Value, diags: &mut Diagnostics) {
    let uri = URI.raw(config);
    let method = INTEGRATION_HTTP_METHOD.raw(config);
    let calls_backend = HTTP_TYPES.contains(&ty) || AWS_TYPES.contains(&ty);
    if calls_backend && uri.is_null() {
        diags.attr_error(
            &URI.path(),
            "Missing uri",
            format!(
                "type = {ty:?} needs uri: the backend's {} (AWS rejects the integration otherwise).",
                if HTTP_TYPES.contains(&ty) {
                    "http:// or https:// URL"
                } else {
                    "API Gateway service ARN, e.g. a Lambda function's invoke_arn"
                }
            ),
        );
    }
    if calls_backend && method.is_null() {
        // AWS: "Enumeration value for HttpMethod must be non-empty"
        diags.attr_error(
            &INTEGRATION_HTTP_METHOD.path(),
            "Missing integration_http_method",
            format!(
                "type = {ty:?} needs integration_http_method: the HTTP verb API Gateway uses to \
                 call the backend{}.",
                if ty == "AWS_PROXY" {
                    " (`POST` for Lambda)"
                } else {
                    ""
                }
            ),
        );
    }
    if ty == "AWS_PROXY"
        && let Some(m) = method.as_str()
        && m != "POST"
    {
        // Lambda functions are only ever invoked with POST; any other verb makes every call
        // of the method fail at run time.
        diags.attr_error(
            &INTEGRATION_HTTP_METHOD.path(),
            "Invalid integration_http_method",
            format!(
                "integration_http_method is {m:?}; an AWS_PROXY (Lambda proxy) integration must \
                 call the function with `POST`."
            ),
        );
    }
    if let Some(u) = uri.as_str() {
        let problem = if HTTP_TYPES.contains(&ty) {
            // AWS: "Invalid HTTP endpoint specified for URI"
            check_http_uri(u).err()
        } else if AWS_TYPES.contains(&ty) {
            // AWS: "Invalid ARN specified in the request", "AWS ARN for integration must
            // contain path or action"
            check_aws_uri(u).err()
        } else {
            None
        };
        if let Some(reason) = problem {
            diags.attr_error(
                &URI.path(),
                "Invalid uri",
                format!("uri is {u:?}: {reason}."),
            );
        }
    }
    if ty == "MOCK" {
        for field in [&URI, &INTEGRATION_HTTP_METHOD] {
            let name = field.name();
            if !field.raw(config).is_null() {
                diags.push(
                    Diagnostic::warning(
                        format!("{name} is ignored for MOCK integrations"),
                        format!(
                            "A MOCK integration calls no backend; API Gateway does not store \
                             {name} for it. The value is kept in the state as written but has \
                             no effect; consider removing it."
                        ),
                    )
                    .at(field.path()),
                );
            }
        }
    }
    if !HTTP_TYPES.contains(&ty) && TLS_CONFIG.get(config).is_some_and(|b| !b.is_empty()) {
        diags.attr_error(
            &TLS_CONFIG.path(),
            "tls_config not supported",
            format!(
                "tls_config is only supported for HTTP and HTTP_PROXY integrations; type is {ty:?}. \
                 Remove the tls_config block."
            ),
        );
    }
    if !HTTP_TYPES.contains(&ty) && CONNECTION_TYPE.get(config) == Some("VPC_LINK") {
        diags.attr_error(
            &CONNECTION_TYPE.path(),
            "VPC_LINK not supported",
            format!(
                "connection_type = \"VPC_LINK\" (a private integration) is only possible for \
                 HTTP and HTTP_PROXY integrations; type is {ty:?}."
            ),
        );
    }
}

/// `connection_type` and `connection_id` go together.
fn validate_connection(config: &Value, diags: &mut Diagnostics) {
    let connection_type = CONNECTION_TYPE.raw(config);
    let connection_id = CONNECTION_ID.raw(config);
    // Null means the default, INTERNET.
    let internet = connection_type.is_null() || connection_type.as_str() == Some("INTERNET");
    if connection_type.as_str() == Some("VPC_LINK") && connection_id.is_null() {
        diags.attr_error(
            &CONNECTION_ID.path(),
            "Missing connection_id",
            "connection_type = \"VPC_LINK\" needs connection_id: the id of the VPC link (or a \
             stage variable such as \"${stageVariables.vpcLinkId}\").",
        );
    }
    if internet && connection_id.as_str().is_some() {
        diags.attr_error(
            &CONNECTION_ID.path(),
            "connection_id not used",
            "connection_id is only used with connection_type = \"VPC_LINK\"; connection_type is \
             INTERNET. Remove connection_id or set connection_type = \"VPC_LINK\".",
        );
    }
}

/// `http://` or `https://` followed by a host.
fn check_http_uri(uri: &str) -> Result<(), String> {
    let lower = uri.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or("an HTTP or HTTP_PROXY integration needs a full http:// or https:// URL")?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err("the URL has no host".to_owned());
    }
    if uri.chars().any(char::is_whitespace) {
        return Err("the URL contains whitespace".to_owned());
    }
    Ok(())
}

/// `arn:PARTITION:apigateway:REGION:SERVICE:{path|action}/...`
fn check_aws_uri(uri: &str) -> Result<(), String> {
    const SHAPE: &str = "an AWS or AWS_PROXY integration needs an API Gateway service ARN \
                         `arn:aws:apigateway:REGION:SERVICE:path/...` or `...:action/...`, \
                         e.g. a Lambda function's invoke_arn";
    let parts: Vec<&str> = uri.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, "apigateway", _, service, resource]
            if !service.is_empty()
                && (resource.starts_with("path/") || resource.starts_with("action/")) =>
        {
            Ok(())
        }
        ["arn", _, "apigateway", ..] => Err(format!(
            "the ARN must contain `path/` or `action/` after the service; {SHAPE}"
        )),
        _ => Err(SHAPE.to_owned()),
    }
}

/// `cache_key_parameters`: every element a method or integration request parameter (see
/// [`checks::check_cache_key_parameter`] for where the rule comes from).
#[derive(Debug)]
struct CacheKeyParameters;

impl Validator for CacheKeyParameters {
    fn description(&self) -> String {
        "request parameters `method.request.LOCATION.NAME` or \
         `integration.request.LOCATION.NAME`, LOCATION one of querystring, path, header, \
         multivalueheader, multivaluequerystring"
            .to_owned()
    }

    fn validate(&self, value: &Value, path: &Path, diags: &mut Diagnostics) {
        for item in value.as_elements().unwrap_or(&[]) {
            if let Some(s) = item.as_str()
                && let Err(reason) = checks::check_cache_key_parameter(s)
            {
                diags.attr_error(
                    path,
                    "Invalid set element",
                    format!(
                        "{path} has the element {s:?}: {reason}. Allowed: {}.",
                        self.description()
                    ),
                );
            }
        }
    }
}

/// The value if it is known, else null (a state must be wholly known).
fn known_or_null(v: &Value) -> Value {
    if v.is_wholly_known() {
        v.clone()
    } else {
        Value::Null
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use super::*;
    use crate::resources::decl::policy::unapplied;
    use crate::resources::testing::{
        Answer, CONCURRENT_MODIFICATION, api, api_with_snapshots, assert_one_snapshot_load,
        requests,
    };
    use crate::resources::{Resource, decl};

    /// An integration as AWS answers it.
    #[derive(Debug, Default, Clone)]
    struct Fields {
        integration_type: Option<String>,
        integration_http_method: Option<String>,
        uri: Option<String>,
        credentials: Option<String>,
        passthrough_behavior: Option<String>,
        connection_type: Option<String>,
        connection_id: Option<String>,
        content_handling: Option<String>,
        timeout_in_millis: i32,
        cache_namespace: Option<String>,
        cache_key_parameters: Vec<String>,
        request_parameters: Option<HashMap<String, String>>,
        request_templates: Option<HashMap<String, String>>,
        /// `tlsConfig.insecureSkipVerification`; `None` when AWS has no TLS settings.
        tls_skip: Option<bool>,
    }

    impl Fields {
        /// The state from this answer, with `reference` deciding the spelling of "empty".
        fn into_state(self, key: &MethodKey, reference: &Value) -> Value {
            let item = Item::builder()
                .set_type(self.integration_type.as_deref().map(IntegrationType::from))
                .set_http_method(self.integration_http_method)
                .set_uri(self.uri)
                .set_credentials(self.credentials)
                .set_passthrough_behavior(self.passthrough_behavior)
                .set_connection_type(self.connection_type.as_deref().map(ConnectionType::from))
                .set_connection_id(self.connection_id)
                .set_content_handling(
                    self.content_handling
                        .as_deref()
                        .map(ContentHandlingStrategy::from),
                )
                .timeout_in_millis(self.timeout_in_millis)
                .set_cache_namespace(self.cache_namespace)
                .set_cache_key_parameters(Some(self.cache_key_parameters))
                .set_request_parameters(self.request_parameters)
                .set_request_templates(self.request_templates)
                .set_tls_config(
                    self.tls_skip
                        .map(|s| TlsConfig::builder().insecure_skip_verification(s).build()),
                )
                .build();
            let mut reference = reference.clone();
            for (name, value) in crate::resources::keys::Key::identity(key) {
                reference.set(name, value);
            }
            decl::state(&Integration, &decl::Answer::Item(&item), &reference)
        }
    }

    fn patch_operations(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
        decl::patch(&Integration, prior, planned)
    }

    fn key() -> MethodKey {
        MethodKey {
            rest_api_id: "api1".into(),
            resource_id: "res1".into(),
            http_method: "GET".into(),
        }
    }

    /// A full planned/prior state of an HTTP integration.
    fn state() -> Value {
        Value::object([
            ("id", "agi-api1-res1-GET".into()),
            ("rest_api_id", "api1".into()),
            ("resource_id", "res1".into()),
            ("http_method", "GET".into()),
            ("type", "HTTP".into()),
            ("integration_http_method", "GET".into()),
            ("uri", "https://example.com/a".into()),
            ("credentials", Value::Null),
            ("passthrough_behavior", "WHEN_NO_MATCH".into()),
            ("connection_type", "INTERNET".into()),
            ("connection_id", Value::Null),
            ("content_handling", Value::Null),
            ("cache_key_parameters", Value::Null),
            ("cache_namespace", "res1".into()),
            ("request_parameters", Value::Null),
            (
                "request_templates",
                Value::Map([("application/json".to_owned(), Value::from(""))].into()),
            ),
            ("timeout_milliseconds", Value::from(29_000)),
            ("tls_config", Value::List(Vec::new())),
            ("integration_target", Value::Null),
            ("response_transfer_mode", Value::Null),
        ])
    }

    /// The AWS answer matching [`state`].
    fn answer() -> Fields {
        Fields {
            integration_type: Some("HTTP".into()),
            integration_http_method: Some("GET".into()),
            uri: Some("https://example.com/a".into()),
            passthrough_behavior: Some("WHEN_NO_MATCH".into()),
            connection_type: Some("INTERNET".into()),
            timeout_in_millis: 29_000,
            cache_namespace: Some("res1".into()),
            request_templates: Some(HashMap::from([(
                "application/json".to_owned(),
                String::new(),
            )])),
            ..Fields::default()
        }
    }

    fn validate(config: &Value) -> Vec<(String, String)> {
        let mut d = Diagnostics::new();
        Integration.validate(config, &mut d);
        d.into_vec()
            .into_iter()
            .map(|d| {
                (
                    d.path.map(|p| p.to_string()).unwrap_or_default(),
                    format!("{:?}: {}", d.severity, d.detail),
                )
            })
            .collect()
    }

    #[test]
    fn import_id_has_three_parts_and_a_verb() {
        let v = Integration.import("api1/res1/GET").unwrap();
        assert_eq!(v.get("id").as_str(), Some("agi-api1-res1-GET"));
        assert_eq!(v.get("rest_api_id").as_str(), Some("api1"));
        assert_eq!(v.get("resource_id").as_str(), Some("res1"));
        assert_eq!(v.get("http_method").as_str(), Some("GET"));
        for bad in [
            "api1/res1",
            "api1/res1/GET/200",
            "api1//GET",
            "",
            "a/b/get",
            "a/b/FETCH",
        ] {
            let d = Integration.import(bad).unwrap_err().into_vec();
            assert!(
                d[0].detail.contains("REST-API-ID/RESOURCE-ID/HTTP-METHOD"),
                "{bad}"
            );
            assert!(
                d[0].detail.contains(
                    "terraform import apigateway_integration.example a1b2c3d4e5/x1y2z3/GET"
                ),
                "{bad}: {}",
                d[0].detail
            );
        }
    }

    #[test]
    fn state_from_the_answer_matches_the_plan() {
        let s = answer().into_state(&key(), &state());
        assert_eq!(s, state());
        assert!(unapplied(&state(), &s).is_empty());
    }

    #[test]
    fn empty_collections_keep_the_users_spelling() {
        let mut planned = state();
        planned.set("request_parameters", Value::Map(BTreeMap::new()));
        planned.set("cache_key_parameters", Value::Set(Vec::new()));
        let s = answer().into_state(&key(), &planned);
        assert_eq!(s.get("request_parameters"), &Value::Map(BTreeMap::new()));
        assert_eq!(s.get("cache_key_parameters"), &Value::Set(Vec::new()));
        let s = answer().into_state(&key(), &state());
        assert_eq!(s.get("request_parameters"), &Value::Null);
        assert_eq!(s.get("cache_key_parameters"), &Value::Null);
    }

    #[test]
    fn sets_follow_the_reference_order() {
        let mut planned = state();
        planned.set(
            "cache_key_parameters",
            Value::Set(vec![
                "method.request.path.b".into(),
                "method.request.path.a".into(),
            ]),
        );
        let mut aws = answer();
        aws.cache_key_parameters = vec![
            "method.request.path.a".into(),
            "method.request.path.b".into(),
        ];
        let s = aws.into_state(&key(), &planned);
        assert_eq!(
            s.get("cache_key_parameters"),
            planned.get("cache_key_parameters")
        );
    }

    #[test]
    fn cleared_strings_and_defaults() {
        let mut aws = answer();
        // An emulator answers "" for a cleared field; AWS leaves it out.
        aws.credentials = Some(String::new());
        aws.content_handling = Some(String::new());
        // AWS answers no connection type for MOCK and AWS integrations.
        aws.connection_type = None;
        aws.timeout_in_millis = 0;
        let s = aws.into_state(&key(), &state());
        assert_eq!(s.get("credentials"), &Value::Null);
        assert_eq!(s.get("content_handling"), &Value::Null);
        assert_eq!(s.get("connection_type"), &Value::from("INTERNET"));
        assert_eq!(s.get("timeout_milliseconds"), &Value::from(29_000));
    }

    #[test]
    fn mock_keeps_what_aws_drops() {
        let mut planned = state();
        planned.set("type", "MOCK".into());
        let mut aws = answer();
        aws.integration_type = Some("MOCK".into());
        aws.uri = None;
        aws.integration_http_method = None;
        let s = aws.clone().into_state(&key(), &planned);
        assert_eq!(s.get("uri"), planned.get("uri"));
        assert_eq!(
            s.get("integration_http_method"),
            planned.get("integration_http_method")
        );
        // Unknown in the plan: the state must still be known.
        planned.set("uri", Value::Unknown);
        assert_eq!(aws.into_state(&key(), &planned).get("uri"), &Value::Null);
    }

    #[test]
    fn tls_block_appears_when_written_or_when_it_matters() {
        let mut aws = answer();
        aws.tls_skip = Some(false);
        assert_eq!(
            aws.clone().into_state(&key(), &state()).get("tls_config"),
            &Value::List(Vec::new())
        );
        let mut planned = state();
        let block = Value::List(vec![Value::object([(
            "insecure_skip_verification",
            Value::Bool(false),
        )])]);
        planned.set("tls_config", block.clone());
        assert_eq!(
            aws.clone().into_state(&key(), &planned).get("tls_config"),
            &block
        );
        // Never set in AWS but written as `false`: the same thing.
        aws.tls_skip = None;
        assert_eq!(
            aws.clone().into_state(&key(), &planned).get("tls_config"),
            &block
        );
        // Drift to `true` shows even when the user wrote no block.
        aws.tls_skip = Some(true);
        let s = aws.into_state(&key(), &state());
        assert_eq!(tls_skip(&s), Some(true));
    }

    #[test]
    fn update_patches_only_what_changed_with_escaped_paths() {
        let prior = state();
        let mut planned = prior.clone();
        planned.set("uri", "https://example.com/b".into());
        planned.set("passthrough_behavior", "NEVER".into());
        planned.set("timeout_milliseconds", Value::from(5_000));
        planned.set(
            "request_templates",
            Value::Map(
                [
                    ("application/json".to_owned(), Value::from("{}")),
                    ("text/plain".to_owned(), Value::from("")),
                ]
                .into(),
            ),
        );
        planned.set(
            "request_parameters",
            Value::Map(
                [(
                    "integration.request.header.X".to_owned(),
                    Value::from("'a'"),
                )]
                .into(),
            ),
        );
        planned.set(
            "cache_key_parameters",
            Value::Set(vec!["method.request.path.id".into()]),
        );
        assert_eq!(
            patch::show(&patch_operations(&prior, &planned)),
            [
                "replace /uri https://example.com/b",
                "replace /passthroughBehavior NEVER",
                "replace /timeoutInMillis 5000",
                "add /cacheKeyParameters/method.request.path.id -",
                "add /requestParameters/integration.request.header.X 'a'",
                "replace /requestTemplates/application~1json {}",
                "add /requestTemplates/text~1plain ",
            ]
        );
        assert!(patch_operations(&prior, &prior).is_empty());
    }

    #[test]
    fn clearing_sends_no_value_and_removes_entries() {
        let mut prior = state();
        prior.set("credentials", "arn:aws:iam::1:role/r".into());
        prior.set("content_handling", "CONVERT_TO_TEXT".into());
        prior.set("connection_type", "VPC_LINK".into());
        prior.set("connection_id", "vl1".into());
        prior.set(
            "cache_key_parameters",
            Value::Set(vec!["method.request.path.id".into()]),
        );
        let mut planned = state();
        planned.set("request_templates", Value::Null);
        assert_eq!(
            patch::show(&patch_operations(&prior, &planned)),
            [
                "replace /credentials -",
                "replace /connectionType INTERNET",
                "replace /connectionId -",
                "replace /contentHandling -",
                "remove /cacheKeyParameters/method.request.path.id -",
                "remove /requestTemplates/application~1json -",
            ]
        );
    }

    #[test]
    fn tls_patch_follows_the_effective_value() {
        let prior = state();
        let mut planned = prior.clone();
        let block = |skip: bool| {
            Value::List(vec![Value::object([(
                "insecure_skip_verification",
                Value::Bool(skip),
            )])])
        };
        planned.set("tls_config", block(false));
        assert!(
            patch_operations(&prior, &planned).is_empty(),
            "false = no block"
        );
        planned.set("tls_config", block(true));
        assert_eq!(
            patch::show(&patch_operations(&prior, &planned)),
            ["replace /tlsConfig/insecureSkipVerification true"]
        );
        assert_eq!(
            patch::show(&patch_operations(&planned, &prior)),
            ["replace /tlsConfig/insecureSkipVerification false"]
        );
    }

    #[test]
    fn mock_uri_changes_only_the_state() {
        let mut prior = state();
        prior.set("type", "MOCK".into());
        let mut planned = prior.clone();
        planned.set("uri", "https://example.com/other".into());
        planned.set("integration_http_method", "POST".into());
        assert!(patch_operations(&prior, &planned).is_empty());
    }

    #[test]
    fn unapplied_names_what_the_answer_lacks() {
        let planned = {
            let mut p = state();
            p.set("passthrough_behavior", "NEVER".into());
            p
        };
        let got = unapplied(&planned, &answer().into_state(&key(), &planned));
        assert_eq!(
            got,
            ["passthrough_behavior (planned \"NEVER\", API Gateway has \"WHEN_NO_MATCH\")"]
        );
    }

    fn config(pairs: &[(&str, Value)]) -> Value {
        let mut c = Value::object([
            ("rest_api_id", "api1".into()),
            ("resource_id", "res1".into()),
            ("http_method", "GET".into()),
            ("tls_config", Value::List(Vec::new())),
        ]);
        for (k, v) in pairs {
            c.set(k, v.clone());
        }
        c
    }

    #[test]
    fn backend_types_need_uri_and_method() {
        let d = validate(&config(&[("type", "HTTP".into())]));
        let paths: Vec<&str> = d.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["uri", "integration_http_method"]);
        // Unknown values are never rejected.
        let d = validate(&config(&[
            ("type", "AWS_PROXY".into()),
            ("uri", Value::Unknown),
            ("integration_http_method", Value::Unknown),
        ]));
        assert!(d.is_empty(), "{d:?}");
        assert!(validate(&config(&[("type", Value::Unknown)])).is_empty());
        let d = validate(&config(&[
            ("type", "AWS_PROXY".into()),
            (
                "uri",
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations"
                    .into(),
            ),
            ("integration_http_method", "GET".into()),
        ]));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, "integration_http_method");
        assert!(d[0].1.contains("POST"));
    }

    #[test]
    fn uri_shapes() {
        for ok in [
            "https://example.com",
            "http://x.y/z?q=1",
            "HTTPS://${stageVariables.host}/a",
        ] {
            assert!(check_http_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "example.com",
            "https://",
            "ftp://x",
            "https:///path",
            "https://a b",
        ] {
            assert!(check_http_uri(bad).is_err(), "{bad}");
        }
        for ok in [
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations",
            "arn:aws-cn:apigateway:cn-north-1:s3:action/GetObject&Bucket=b&Key=k",
        ] {
            assert!(check_aws_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "not-an-arn",
            "arn:aws:iam::0000000000:role/service-role/x",
            "arn:aws:apigateway:us-east-1:s3:bucket/key",
        ] {
            assert!(check_aws_uri(bad).is_err(), "{bad}");
        }
        let d = validate(&config(&[
            ("type", "HTTP".into()),
            ("uri", "example.com".into()),
            ("integration_http_method", "GET".into()),
        ]));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, "uri");
    }

    #[test]
    fn connection_rules() {
        let d = validate(&config(&[
            ("type", "MOCK".into()),
            ("connection_type", "VPC_LINK".into()),
        ]));
        let paths: Vec<&str> = d.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["connection_type", "connection_id"]);
        let d = validate(&config(&[("connection_id", "vl1".into())]));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, "connection_id");
        assert!(validate(&config(&[("connection_id", Value::Unknown)])).is_empty());
        assert!(
            validate(&config(&[
                ("connection_type", "VPC_LINK".into()),
                ("connection_id", Value::Unknown)
            ]))
            .is_empty()
        );
    }

    #[test]
    fn tls_only_for_http_and_mock_warnings() {
        let block = Value::List(vec![Value::object([(
            "insecure_skip_verification",
            Value::Bool(true),
        )])]);
        let d = validate(&config(&[
            ("type", "MOCK".into()),
            ("tls_config", block.clone()),
        ]));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, "tls_config");
        let d = validate(&config(&[
            ("type", "HTTP_PROXY".into()),
            ("uri", "https://example.com".into()),
            ("integration_http_method", "ANY".into()),
            ("tls_config", block),
        ]));
        assert!(d.is_empty(), "{d:?}");
        let d = validate(&config(&[
            ("type", "MOCK".into()),
            ("uri", "https://x.y".into()),
        ]));
        assert_eq!(d.len(), 1);
        assert!(d[0].1.starts_with("Warning"), "{d:?}");
    }

    #[test]
    fn cache_key_parameters_take_what_aws_and_the_official_tests_use() {
        let mut d = Diagnostics::new();
        CacheKeyParameters.validate(
            &Value::Set(vec![
                "method.request.path.id".into(),
                "integration.request.path.proxy".into(),
                "integration.request.header.Host".into(),
                "integration.request.querystring.*".into(),
                Value::Unknown,
            ]),
            &Path::attr("cache_key_parameters"),
            &mut d,
        );
        assert!(d.into_vec().is_empty());
        let mut d = Diagnostics::new();
        CacheKeyParameters.validate(
            &Value::Set(vec![
                "request.path.id".into(),
                "integration.request.body.x".into(),
                "method.request.header.".into(),
            ]),
            &Path::attr("cache_key_parameters"),
            &mut d,
        );
        let d = d.into_vec();
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d[0].detail.contains("request.path.id"), "{}", d[0].detail);
    }

    #[test]
    fn the_planned_id_is_known_from_the_identity() {
        let mut planned = state();
        planned.set("id", Value::Unknown);
        Integration.modify_plan(
            &Value::Null,
            &Value::Null,
            &mut planned,
            &mut Diagnostics::new(),
        );
        assert_eq!(planned.get("id").as_str(), Some("agi-api1-res1-GET"));
    }

    const PATH: &str = "/restapis/api1/resources/res1/methods/GET/integration";
    /// AWS's answer for [`state`]: the empty template comes back as JSON `null`.
    const ANSWER: &str = r#"{"type":"HTTP","httpMethod":"GET","uri":"https://example.com/a","connectionType":"INTERNET","passthroughBehavior":"WHEN_NO_MATCH","timeoutInMillis":29000,"cacheNamespace":"res1","cacheKeyParameters":[],"requestTemplates":{"application/json":null}}"#;
    const GONE: Answer = (
        404,
        Some("NotFoundException"),
        r#"{"message":"Invalid Integration identifier specified"}"#,
    );
    const EXISTS: Answer = (
        409,
        Some("ConflictException"),
        r#"{"message":"Integration already exists"}"#,
    );

    #[tokio::test]
    async fn create_is_one_put_and_the_answer_is_the_state() {
        let (aws, log) = api(vec![(201, None, ANSWER)]).await;
        let mut planned = state();
        planned.set("passthrough_behavior", Value::Unknown);
        planned.set("cache_namespace", Value::Unknown);
        let created = Integration.create(&aws, &planned).await.unwrap();
        assert_eq!(created, state());
        let log = requests(&log);
        assert_eq!(log.len(), 1, "{log:?}");
        assert!(log[0].starts_with(&format!("PUT {PATH} ")), "{log:?}");
        // Unknown optional+computed values are left to AWS; the empty template is sent.
        assert!(!log[0].contains("passthroughBehavior"), "{log:?}");
        assert!(
            log[0].contains(r#""requestTemplates":{"application/json":""}"#),
            "{log:?}"
        );
    }

    /// `response_transfer_mode` and `integration_target` are sent by the create, read from
    /// the answer, changed in place, and a mode outside AWS's is refused.
    #[tokio::test]
    async fn streaming_and_the_load_balancer_target_are_sent_read_and_patched() {
        const TARGET: &str =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lb/1";
        let answer = r#"{"type":"HTTP","httpMethod":"GET","uri":"https://example.com/a","connectionType":"INTERNET","passthroughBehavior":"WHEN_NO_MATCH","timeoutInMillis":29000,"cacheNamespace":"res1","requestTemplates":{"application/json":""},"responseTransferMode":"STREAM","integrationTarget":"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lb/1"}"#;
        let (aws, log) = api(vec![(201, None, answer)]).await;
        let mut planned = state();
        planned.set("response_transfer_mode", "STREAM".into());
        planned.set("integration_target", TARGET.into());
        let created = Integration.create(&aws, &planned).await.unwrap();
        assert_eq!(created, planned);
        let log = requests(&log);
        assert!(
            log[0].contains(r#""responseTransferMode":"STREAM""#),
            "{log:?}"
        );
        assert!(
            log[0].contains(&format!(r#""integrationTarget":"{TARGET}""#)),
            "{log:?}"
        );

        let mut buffered = planned.clone();
        buffered.set("response_transfer_mode", "BUFFERED".into());
        buffered.set("integration_target", Value::Null);
        assert_eq!(
            patch::show(&patch_operations(&planned, &buffered)),
            [
                "replace /integrationTarget -",
                "replace /responseTransferMode BUFFERED"
            ]
        );
        let mut diags = Diagnostics::new();
        Validator::validate(
            &TRANSFER_MODES,
            &Value::from("CHUNKED"),
            &Path::attr("response_transfer_mode"),
            &mut diags,
        );
        assert!(diags.has_errors());
    }

    #[tokio::test]
    async fn a_create_before_the_method_says_what_to_do() {
        let (aws, _) = api(vec![(
            404,
            Some("NotFoundException"),
            r#"{"message":"Invalid Method identifier specified"}"#,
        )])
        .await;
        let d = Integration
            .create(&aws, &state())
            .await
            .unwrap_err()
            .into_vec();
        assert!(
            d[0].detail.contains("Invalid Method identifier specified"),
            "{d:?}"
        );
        assert!(d[0].detail.contains("depends_on"), "{d:?}");
    }

    #[tokio::test]
    async fn create_adopts_an_identical_integration_after_a_409() {
        let (aws, log) = api(vec![EXISTS, (200, None, ANSWER)]).await;
        assert_eq!(Integration.create(&aws, &state()).await.unwrap(), state());
        assert_eq!(requests(&log).len(), 2);

        let (aws, _) = api(vec![EXISTS, (200, None, ANSWER)]).await;
        let mut other = state();
        other.set("uri", "https://example.com/other".into());
        let d = Integration
            .create(&aws, &other)
            .await
            .unwrap_err()
            .into_vec();
        assert!(
            d[0].detail
                .contains("terraform import apigateway_integration.<name> api1/res1/GET"),
            "{d:?}"
        );
    }

    #[tokio::test]
    async fn update_is_one_patch_retried_on_concurrent_modification() {
        let answer = r#"{"type":"HTTP","httpMethod":"GET","uri":"https://example.com/b","connectionType":"INTERNET","passthroughBehavior":"WHEN_NO_MATCH","timeoutInMillis":29000,"cacheNamespace":"res1","requestTemplates":{"application/json":null}}"#;
        let (aws, log) = api(vec![CONCURRENT_MODIFICATION, (200, None, answer)]).await;
        let mut planned = state();
        planned.set("uri", "https://example.com/b".into());
        assert_eq!(
            Integration.update(&aws, &state(), &planned).await.unwrap(),
            planned
        );
        let log = requests(&log);
        assert_eq!(log.len(), 2, "{log:?}");
        assert_eq!(
            log[1],
            format!(
                r#"PATCH {PATH} {{"patchOperations":[{{"op":"replace","path":"/uri","value":"https://example.com/b"}}]}}"#
            )
        );
        // Nothing to change: no call at all.
        let (aws, log) = api(vec![]).await;
        assert_eq!(
            Integration.update(&aws, &state(), &state()).await.unwrap(),
            state()
        );
        assert!(requests(&log).is_empty());
    }

    #[tokio::test]
    async fn an_update_the_answer_does_not_show_is_an_error_naming_it() {
        let (aws, _) = api(vec![(200, None, ANSWER)]).await;
        let mut planned = state();
        planned.set("passthrough_behavior", "NEVER".into());
        let d = Integration
            .update(&aws, &state(), &planned)
            .await
            .unwrap_err()
            .into_vec();
        assert!(d[0].detail.contains("api1/res1/GET"), "{d:?}");
        assert!(
            d[0].detail.contains(
                r#"passthrough_behavior (planned "NEVER", API Gateway has "WHEN_NO_MATCH")"#
            ),
            "{d:?}"
        );
    }

    #[tokio::test]
    async fn a_vanished_integration_reads_as_none_and_deletes_as_done() {
        let (aws, log) = api(vec![GONE, GONE]).await;
        assert_eq!(Integration.read(&aws, &state()).await.unwrap(), None);
        Integration.delete(&aws, &state()).await.unwrap();
        assert_eq!(
            requests(&log),
            [format!("GET {PATH}"), format!("DELETE {PATH}")]
        );
    }

    #[tokio::test]
    async fn a_read_completes_an_imported_state() {
        let (aws, _) = api(vec![(200, None, ANSWER)]).await;
        let imported = Integration.import("api1/res1/GET").unwrap();
        // Every attribute comes from the answer (the import holds only the identity).
        assert_eq!(
            Integration.read(&aws, &imported).await.unwrap(),
            Some(state())
        );
    }

    #[tokio::test]
    async fn a_refresh_reads_every_integration_of_the_api_with_one_call() {
        let resources = format!(
            r#"{{"item":[{{"id":"res1","path":"/items","resourceMethods":{{"GET":{{"httpMethod":"GET","authorizationType":"NONE","methodIntegration":{ANSWER}}},"POST":{{"httpMethod":"POST","authorizationType":"NONE"}}}}}}]}}"#
        );
        let resources: &'static str = Box::leak(resources.into_boxed_str());
        let (aws, log) = api_with_snapshots(vec![(200, None, resources)]).await;
        assert_eq!(
            Integration.read(&aws, &state()).await.unwrap(),
            Some(state())
        );
        // A method without an integration, and a method that does not exist: gone.
        for method in ["POST", "PUT"] {
            let mut missing = state();
            missing.set("http_method", method.into());
            assert_eq!(
                Integration.read(&aws, &missing).await.unwrap(),
                None,
                "{method}"
            );
        }
        assert_one_snapshot_load(&log, "api1");
    }

    #[tokio::test]
    async fn a_snapshot_without_the_vpc_link_id_falls_back_to_get_integration() {
        let vpc = r#"{"type":"HTTP","httpMethod":"GET","uri":"https://example.com/a","connectionType":"VPC_LINK","connectionId":"vl1","passthroughBehavior":"WHEN_NO_MATCH","timeoutInMillis":29000,"cacheNamespace":"res1","requestTemplates":{"application/json":null}}"#;
        let resources = r#"{"item":[{"id":"res1","resourceMethods":{"GET":{"httpMethod":"GET","methodIntegration":{"type":"HTTP","httpMethod":"GET","uri":"https://example.com/a","connectionType":"VPC_LINK","passthroughBehavior":"WHEN_NO_MATCH","timeoutInMillis":29000,"cacheNamespace":"res1","requestTemplates":{"application/json":null}}}}}]}"#;
        let (aws, log) = api_with_snapshots(vec![(200, None, resources), (200, None, vpc)]).await;
        let mut expected = state();
        expected.set("connection_type", "VPC_LINK".into());
        expected.set("connection_id", "vl1".into());
        assert_eq!(
            Integration.read(&aws, &expected).await.unwrap(),
            Some(expected.clone())
        );
        let log = requests(&log);
        assert_eq!(log.len(), 2, "{log:?}");
        assert_eq!(log[1], format!("GET {PATH}"));
    }
}
