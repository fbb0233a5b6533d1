//! `apigateway_stage`: a named, callable version of a REST API (`prod`, `test`) that serves
//! one deployment.
//!
//! Calls: CreateStage, GetStage, UpdateStage (patch operations, one call for any change),
//! DeleteStage. CreateStage takes no access log settings and no client certificate: when the
//! configuration has either, the create is followed by one UpdateStage that sets them (the
//! hashicorp/aws provider does the same). When an update moves the stage off a deployment that a redeploy of
//! `apigateway_deployment` replaced in the same apply, the stage deletes that deployment (one
//! DeleteDeployment): AWS refuses to delete a deployment a stage serves, so this is the first
//! moment it can go, and old deployments do not pile up. State `id`:
//! `ags-REST-API-ID-STAGE-NAME`; import ID `REST-API-ID/STAGE-NAME`.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_stage::CreateStageOutput;
use aws_sdk_apigateway::operation::create_stage::builders::CreateStageFluentBuilder;
use aws_sdk_apigateway::operation::get_stage::GetStageOutput;
use aws_sdk_apigateway::operation::update_stage::UpdateStageOutput;
use aws_sdk_apigateway::types::{
    AccessLogSettings, CacheClusterSize, CanarySettings, PatchOperation,
};

use crate::aws::{Aws, AwsError, not_found_as_none, patch};
use crate::diag::Diagnostics;
use crate::schema::validators::{
    NumBetween, OneOf, StringCheck, num_between, one_of, string_check,
};
use crate::schema::{Attribute, Block as SchemaBlock};
use crate::tfvalue::{Number, Type, Value};

use super::decl::tags;
use super::decl::{
    Answer, Block, Bool, Decl, Declared, Field, Identity, Input, Lit, Policy, Sdk, Seen, Str,
    StrMap, Update, aws, fields, set,
};
use super::keys::{Ident, StageKey};
use super::publish;

/// AWS's cache cluster sizes, in GB.
const CACHE_SIZES: OneOf = one_of(&["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]);

/// The attributes of the `access_log_settings` block.
const DESTINATION_ARN: &str = "destination_arn";
const FORMAT: &str = "format";
/// The attributes of the `canary_settings` block.
const CANARY_DEPLOYMENT: &str = "deployment_id";
const PERCENT: &str = "percent_traffic";
const OVERRIDES: &str = "stage_variable_overrides";
const STAGE_CACHE: &str = "use_stage_cache";
const PERCENT_RANGE: NumBetween = num_between(0.0, 100.0);
const ARN_CHECK: StringCheck = string_check(
    "an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`)",
    check_arn,
);

/// The `apigateway_stage` resource type.
#[derive(Debug)]
pub struct Stage;

impl Sdk for Stage {
    type Create = CreateStageFluentBuilder;
    type Created = CreateStageOutput;
    type Got = GetStageOutput;
    type Updated = UpdateStageOutput;
    type Item = aws_sdk_apigateway::types::Stage;
}

fields! { Stage;
    DEPLOYMENT_ID: Str = Field::new(
        "deployment_id",
        "Id of the deployment the stage serves, e.g. `apigateway_deployment.NAME.id`. Changed in \
         place: the stage serves the new deployment from the moment the update returns.",
    )
    .required()
    .aws(aws!(deployment_id), set!(set_deployment_id))
    .patch("/deploymentId"),
    DESCRIPTION: Str = Field::new("description", "Description of the stage. Changed in place.")
        .aws(aws!(description), set!(set_description))
        .patch("/description"),
    CACHE_CLUSTER_ENABLED: Bool = Field::new(
        "cache_cluster_enabled",
        "Whether the stage has a cache cluster. Changed in place.",
    )
    .default(Lit::Bool(false))
    .policy(Policy::AwsDefault(Lit::Bool(false)))
    .aws(aws!(cache_cluster_enabled), set!(set_cache_cluster_enabled))
    .patch("/cacheClusterEnabled"),
    // AWS answers its default size once a cluster is enabled.
    CACHE_CLUSTER_SIZE: Str = Field::new(
        "cache_cluster_size",
        "Size of the cache cluster in GB. When unset, AWS's default (`0.5`) once the cache is \
         enabled, and the state shows it. Changed in place.",
    )
    .optional_computed()
    .keep_prior()
    .policy(Policy::KeepWhenSilent(None))
    .validators(&[&CACHE_SIZES])
    .aws(aws!(|o| o.cache_cluster_size().map(CacheClusterSize::as_str)), set!(set_cache_cluster_size))
    .patch("/cacheClusterSize"),
    DOCUMENTATION_VERSION: Str = Field::new(
        "documentation_version",
        "The documentation version of the API the stage shows. Changed in place.",
    )
    .aws(aws!(documentation_version), set!(set_documentation_version))
    .patch("/documentationVersion"),
    XRAY_TRACING_ENABLED: Bool = Field::new(
        "xray_tracing_enabled",
        "Whether AWS X-Ray traces the stage's requests. Changed in place.",
    )
    .default(Lit::Bool(false))
    .policy(Policy::AwsDefault(Lit::Bool(false)))
    .aws(aws!(tracing_enabled), set!(set_tracing_enabled))
    .patch("/tracingEnabled"),
    VARIABLES: StrMap = Field::new(
        "variables",
        "Stage variables, readable as `stageVariables.NAME` in integrations and templates. \
         Changed in place, key by key.",
    )
    .aws(aws!(variables), set!(set_variables))
    .patch("/variables"),
    ACCESS_LOG_SETTINGS: Block = Field::new(
        "access_log_settings",
        "Where and how the stage writes access logs. CreateStage takes none, so a stage created \
         with this block is created and then updated (two calls). Changed in place; removing \
         the block turns access logging off.",
    )
    .nested(access_log_schema)
    .policy(Policy::Custom)
    .manual(),
    CANARY_SETTINGS: Block = Field::new(
        "canary_settings",
        "A canary release on the stage: a share of the calls is served by another deployment. \
         Changed in place; removing the block ends the canary.",
    )
    .nested(canary_schema)
    .policy(Policy::Custom)
    .send(send_canary)
    .manual(),
    CLIENT_CERTIFICATE_ID: Str = Field::new(
        "client_certificate_id",
        "Id of the client certificate API Gateway presents to the integration endpoints. \
         CreateStage takes none, so a stage created with one is created and then updated (two \
         calls). Changed in place.",
    )
    .policy(Policy::EmptyIsUnset)
    .read(aws!(client_certificate_id))
    .manual(),
    TAGS: StrMap = Field::new(tags::TAGS, tags::TAGS_DOC)
        .policy(Policy::Custom)
        .manual(),
    TAGS_ALL: StrMap = Field::new(tags::TAGS_ALL, tags::TAGS_ALL_DOC)
        .computed()
        .aws(aws!(tags), set!(set_tags)),
    WEB_ACL_ARN: Str = Field::new(
        "web_acl_arn",
        "ARN of the AWS WAF web ACL associated with the stage, if any.",
    )
    .computed()
    .keep_prior()
    .read(aws!(web_acl_arn)),
    // AWS does not answer these: made from the region, the API and the name (`complete`).
    ARN: Str = Field::new(
        "arn",
        "ARN of the stage, `arn:aws:apigateway:REGION::/restapis/REST-API-ID/stages/STAGE-NAME`.",
    )
    .computed()
    .keep_prior()
    .policy(Policy::Custom),
    EXECUTION_ARN: Str = Field::new(
        "execution_arn",
        "The stage's execution ARN, `arn:aws:execute-api:REGION:ACCOUNT:REST-API-ID/STAGE-NAME`, \
         for IAM policies and `aws_lambda_permission.source_arn` (add `/VERB/PATH`).",
    )
    .computed()
    .keep_prior()
    .policy(Policy::Custom),
    INVOKE_URL: Str = Field::new(
        "invoke_url",
        "The URL that invokes the stage, \
         `https://REST-API-ID.execute-api.REGION.amazonaws.com/STAGE-NAME`.",
    )
    .computed()
    .keep_prior()
    .policy(Policy::Custom),
}

#[async_trait]
impl Declared for Stage {
    const TYPE_NAME: &'static str = "apigateway_stage";
    const OBJECT: &'static str = "Stage";
    const DESCRIPTION: &'static str = "A stage of an API Gateway REST API: a name under which \
        callers reach one deployment of the API.";
    type Key = StageKey;
    type Parent = StageKey;
    const IDENTITY: Identity<StageKey> = Identity::Named {
        id: StageKey::stage_id,
        doc: "The stage's id, `ags-REST-API-ID-STAGE-NAME` (the format of the hashicorp/aws \
              provider), known at plan time.",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const NEEDS_ACCOUNT: bool = true;
    const TAGGABLE: bool = true;

    async fn call_create(
        &self,
        aws: &Aws,
        key: &StageKey,
        input: Input<'_, Self>,
    ) -> Result<CreateStageOutput, AwsError> {
        let call = aws.client.create_stage().rest_api_id(&key.rest_api_id);
        let created = input.fill(call.stage_name(&key.stage_name)).send().await?;
        // What CreateStage cannot take is set by one update right after it.
        let late = late_patch(&Value::Null, input.planned());
        if late.is_empty() {
            return Ok(created);
        }
        let updated = self.call_update(aws, key, late).await?;
        Ok(as_created(updated))
    }

    async fn call_get(&self, aws: &Aws, key: &StageKey) -> Result<GetStageOutput, AwsError> {
        let call = aws.client.get_stage().rest_api_id(&key.rest_api_id);
        Ok(call.stage_name(&key.stage_name).send().await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &StageKey,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateStageOutput, AwsError> {
        let call = aws
            .client
            .update_stage()
            .rest_api_id(&key.rest_api_id)
            .stage_name(&key.stage_name);
        Ok(call.set_patch_operations(Some(ops)).send().await?)
    }

    // A refresh reads every stage of the API with one GetStages.
    async fn snapshot(
        &self,
        aws: &Aws,
        key: &StageKey,
    ) -> Result<Seen<aws_sdk_apigateway::types::Stage>, AwsError> {
        let all = not_found_as_none(aws.cache.stages(&aws.client, key.rest_api_id()).await)?;
        let named =
            |s: &&aws_sdk_apigateway::types::Stage| s.stage_name() == Some(key.stage_name.as_str());
        Ok(Seen::in_list(all, named))
    }

    async fn call_delete(&self, aws: &Aws, key: &StageKey) -> Result<(), AwsError> {
        let call = aws.client.delete_stage().rest_api_id(&key.rest_api_id);
        call.stage_name(&key.stage_name).send().await?;
        Ok(())
    }

    fn quirks(&self, answer: &Answer<'_, Self>, reference: &Value, state: &mut Value) {
        let logs = aws!(for Self, |o| access_log_value(o.access_log_settings()))(answer);
        ACCESS_LOG_SETTINGS.put(state, logs);
        let written = CANARY_SETTINGS.get(reference).and_then(<[Value]>::first);
        let canary = aws!(for Self, |o| canary_value(o.canary_settings(), written))(answer);
        CANARY_SETTINGS.put(state, canary);
    }

    fn patch_quirks(
        &self,
        prior: &Value,
        planned: &Value,
        mut derived: Vec<PatchOperation>,
    ) -> Vec<PatchOperation> {
        derived.extend(canary_patch(prior, planned));
        derived.extend(late_patch(prior, planned));
        derived
    }

    async fn complete(
        &self,
        aws: &Aws,
        reference: &Value,
        state: &mut Value,
    ) -> Result<(), Diagnostics> {
        let key = StageKey::from_state(state)?;
        let (api, stage, region) = (&key.rest_api_id, &key.stage_name, &aws.region);
        ARN.put(
            state,
            Value::from(format!(
                "arn:aws:apigateway:{region}::/restapis/{api}/stages/{stage}"
            )),
        );
        INVOKE_URL.put(
            state,
            Value::from(format!(
                "https://{api}.execute-api.{region}.amazonaws.com/{stage}"
            )),
        );
        // The account never changes: the reference's ARN, else STS (once per process).
        let arn = match EXECUTION_ARN.get(reference) {
            Some(known) => Some(known.to_owned()),
            None => {
                aws.account_id()
                    .await
                    .map_err(|e| e.diagnostic("Reading", "account id (STS)", &key.to_string()))?;
                aws.execution_arn(api, &format!("/{stage}"))
            }
        };
        EXECUTION_ARN.put(state, Value::opt_string(arn));
        Ok(())
    }

    // A deployment a redeploy replaced can be deleted only once no stage serves it: now.
    async fn after_update(
        &self,
        aws: &Aws,
        prior: &Value,
        state: &Value,
    ) -> Result<(), Diagnostics> {
        let (Some(old), Some(new)) = (DEPLOYMENT_ID.get(prior), DEPLOYMENT_ID.get(state)) else {
            return Ok(());
        };
        let key = StageKey::from_state(state)?;
        if old == new {
            return Ok(());
        }
        // Every replaced deployment of the API this process knows of: the one this stage just
        // left, and any an interrupted earlier run left behind.
        for id in publish::superseded(key.rest_api_id()) {
            if id == new {
                continue;
            }
            let call = aws
                .client
                .delete_deployment()
                .rest_api_id(&key.rest_api_id)
                .deployment_id(&id);
            match not_found_as_none(call.send().await.map_err(AwsError::from)) {
                Ok(_) => {
                    publish::forget_superseded(key.rest_api_id(), &id);
                    tracing::info!(deployment_id = id, "deleted a deployment no stage serves");
                }
                // Another stage still serves it ("Active stages pointing to this deployment"):
                // it stays until that stage moves.
                Err(e) => {
                    tracing::info!(deployment_id = id, error = %e.message, "kept a replaced deployment");
                }
            }
        }
        Ok(())
    }

    // Replaced deployments not deleted yet (the stage's update failed or was interrupted after
    // the redeploy) are remembered with the stage, so the next run deletes them.
    fn private_after_apply(&self, state: &Value, planned_private: Vec<u8>) -> Vec<u8> {
        let Ok(key) = StageKey::from_state(state) else {
            return planned_private;
        };
        let mut left = publish::superseded(key.rest_api_id());
        left.truncate(KEEP_SUPERSEDED);
        Pending { superseded: left }.bytes()
    }

    fn plan_private(
        &self,
        prior: &Value,
        private: &[u8],
        _planned: &mut Value,
        _diags: &mut Diagnostics,
    ) {
        if let Ok(key) = StageKey::from_state(prior) {
            for id in Pending::parse(private).superseded {
                publish::supersede(key.rest_api_id(), &id);
            }
        }
    }
}

/// How many replaced deployments a stage remembers.
const KEEP_SUPERSEDED: usize = 10;

/// What the stage's private state holds: replaced deployments of its API not deleted yet.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Pending {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    superseded: Vec<String>,
}

impl Pending {
    /// Private data this provider did not write (or none) holds nothing.
    fn parse(private: &[u8]) -> Self {
        serde_json::from_slice(private).unwrap_or_default()
    }

    fn bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// The `access_log_settings` block.
fn access_log_schema() -> SchemaBlock {
    SchemaBlock::default()
        .attribute(
            Attribute::string(
                DESTINATION_ARN,
                "ARN of the CloudWatch Logs log group or Kinesis Data Firehose stream (its name \
                 starts with `amazon-apigateway-`) that receives the logs.",
            )
            .required()
            .validator(ARN_CHECK),
        )
        .attribute(
            Attribute::string(
                FORMAT,
                "The log line, with `$context` variables, e.g. `$context.requestId`.",
            )
            .required(),
        )
}

/// The `canary_settings` block.
fn canary_schema() -> SchemaBlock {
    SchemaBlock::default()
        .attribute(
            Attribute::string(
                CANARY_DEPLOYMENT,
                "Id of the deployment the canary serves. When unset, the stage's deployment at \
                 the time the canary is added (as the hashicorp/aws provider does), and the state \
                 shows it.",
            )
            .optional_computed()
            .use_state_for_unknown(),
        )
        .attribute(
            Attribute::new(
                PERCENT,
                Type::Number,
                "Share of the calls, in percent (0 to 100), that the canary serves. Default `0`.",
            )
            .validator(PERCENT_RANGE),
        )
        .attribute(Attribute::new(
            OVERRIDES,
            Type::map(Type::String),
            "Stage variables whose values differ in the canary, and new ones it adds.",
        ))
        .attribute(Attribute::new(
            STAGE_CACHE,
            Type::Bool,
            "Whether the canary uses the stage's cache. Default `false`.",
        ))
}

fn check_arn(s: &str) -> Result<(), String> {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    if parts.len() < 6 || parts[0] != "arn" || parts[1].is_empty() || parts[2].is_empty() {
        return Err("it is not an ARN".to_owned());
    }
    Ok(())
}

/// AWS's access log settings as the block (empty when there are none).
fn access_log_value(logs: Option<&AccessLogSettings>) -> Value {
    let Some(logs) = logs.filter(|l| l.destination_arn().is_some_and(|a| !a.is_empty())) else {
        return Value::List(Vec::new());
    };
    Value::List(vec![Value::object([
        (DESTINATION_ARN, Value::opt_string(logs.destination_arn())),
        (FORMAT, Value::opt_string(logs.format())),
    ])])
}

/// AWS's canary settings as the block (empty when there is no canary). AWS answers `0`,
/// `false` and no overrides where the user wrote nothing: those stay unset, as written.
fn canary_value(canary: Option<&CanarySettings>, written: Option<&Value>) -> Value {
    let Some(c) = canary else {
        return Value::List(Vec::new());
    };
    let wrote = |name: &str| written.is_some_and(|w| !w.get(name).is_null());
    let percent = c.percent_traffic();
    let percent = if percent == 0.0 && !wrote(PERCENT) {
        Value::Null
    } else {
        match written.map(|w| w.get(PERCENT)) {
            // The user's spelling of the same number (`10` for `10.0`) is kept.
            Some(Value::Number(n)) if n.as_f64() == percent => Value::Number(n.clone()),
            _ => Value::Number(Number::Float(percent)),
        }
    };
    let overrides = match c.stage_variable_overrides().filter(|m| !m.is_empty()) {
        Some(m) => Value::Map(
            m.iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                .collect(),
        ),
        None if wrote(OVERRIDES) => Value::Map(Default::default()),
        None => Value::Null,
    };
    let cache = if !c.use_stage_cache() && !wrote(STAGE_CACHE) {
        Value::Null
    } else {
        Value::Bool(c.use_stage_cache())
    };
    Value::List(vec![Value::object([
        (CANARY_DEPLOYMENT, Value::opt_string(c.deployment_id())),
        (PERCENT, percent),
        (OVERRIDES, overrides),
        (STAGE_CACHE, cache),
    ])])
}

/// The block's element in a plan or state, if any.
fn element<'v>(field: &Field<Stage, Block>, v: &'v Value) -> Option<&'v Value> {
    field.get(v)?.first()
}

/// The canary for CreateStage; its deployment defaults to the stage's.
fn send_canary(builder: CreateStageFluentBuilder, block: &Value) -> CreateStageFluentBuilder {
    let Some(c) = block.as_elements().and_then(<[Value]>::first) else {
        return builder;
    };
    let deployment = match c.get(CANARY_DEPLOYMENT).as_str() {
        Some(d) => Some(d.to_owned()),
        None => builder.get_deployment_id().clone(),
    };
    let canary = CanarySettings::builder()
        .set_deployment_id(deployment)
        .percent_traffic(number(c.get(PERCENT)))
        .set_stage_variable_overrides(
            c.get(OVERRIDES)
                .to_string_map()
                .filter(|m| !m.is_empty())
                .map(|m| m.into_iter().collect()),
        )
        .use_stage_cache(c.get(STAGE_CACHE).as_bool().unwrap_or(false))
        .build();
    builder.canary_settings(canary)
}

/// A planned number (null is `0`).
fn number(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64(),
        _ => 0.0,
    }
}

/// The canary's operations: removing the block removes the canary; otherwise each value that
/// changed (a new canary starts from AWS's defaults, with the stage's deployment).
fn canary_patch(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    let old = element(&CANARY_SETTINGS, prior);
    let Some(new) = element(&CANARY_SETTINGS, planned) else {
        return if old.is_some() {
            vec![patch::remove("/canarySettings")]
        } else {
            Vec::new()
        };
    };
    let mut ops = Vec::new();
    let none = Value::Null;
    let was = |name: &str| old.map_or(&none, |o| o.get(name));
    let deployment = match new.get(CANARY_DEPLOYMENT) {
        Value::String(d) => Some(d.as_str()),
        // Unset: a new canary gets the stage's deployment.
        _ if old.is_none() => DEPLOYMENT_ID.get(planned),
        _ => None,
    };
    if let Some(d) = deployment
        && was(CANARY_DEPLOYMENT).as_str() != Some(d)
    {
        ops.push(patch::replace("/canarySettings/deploymentId", Some(d)));
    }
    let percent = number(new.get(PERCENT));
    if old.is_none() || number(was(PERCENT)) != percent {
        ops.push(patch::replace(
            "/canarySettings/percentTraffic",
            Some(&percent.to_string()),
        ));
    }
    let cache = new.get(STAGE_CACHE).as_bool().unwrap_or(false);
    if old.is_some_and(|_| was(STAGE_CACHE).as_bool().unwrap_or(false) != cache)
        || (old.is_none() && cache)
    {
        ops.push(patch::replace(
            "/canarySettings/useStageCache",
            Some(if cache { "true" } else { "false" }),
        ));
    }
    let (before, after) = (
        was(OVERRIDES).to_string_map().unwrap_or_default(),
        new.get(OVERRIDES).to_string_map().unwrap_or_default(),
    );
    const OVERRIDE_PATH: &str = "/canarySettings/stageVariableOverrides/";
    for k in before.keys().filter(|k| !after.contains_key(*k)) {
        ops.push(patch::remove(&format!(
            "{OVERRIDE_PATH}{}",
            patch::escape(k)
        )));
    }
    for (k, v) in after.iter().filter(|(k, v)| before.get(*k) != Some(v)) {
        ops.push(patch::replace(
            &format!("{OVERRIDE_PATH}{}", patch::escape(k)),
            Some(v),
        ));
    }
    ops
}

/// The operations of what CreateStage cannot take: access log settings and the client
/// certificate. From null `prior`, what a new stage needs right after its create.
fn late_patch(prior: &Value, planned: &Value) -> Vec<PatchOperation> {
    let mut ops = Vec::new();
    let (old, new) = (
        element(&ACCESS_LOG_SETTINGS, prior),
        element(&ACCESS_LOG_SETTINGS, planned),
    );
    match (old, new) {
        (Some(_), None) => ops.push(patch::remove("/accessLogSettings")),
        (_, Some(n)) => {
            for (name, path) in [
                (DESTINATION_ARN, "/accessLogSettings/destinationArn"),
                (FORMAT, "/accessLogSettings/format"),
            ] {
                let value = n.get(name).as_str();
                if old.is_none_or(|o| o.get(name).as_str() != value) {
                    ops.push(patch::replace(path, value));
                }
            }
        }
        (None, None) => {}
    }
    let (old, new) = (cert(prior), cert(planned));
    if old != new {
        ops.push(patch::replace(
            "/clientCertificateId",
            Some(new.unwrap_or("")),
        ));
    }
    ops
}

/// The configured client certificate id (`""` is none).
fn cert(v: &Value) -> Option<&str> {
    CLIENT_CERTIFICATE_ID.get(v).filter(|c| !c.is_empty())
}

/// UpdateStage's answer in CreateStage's shape (the same fields: both are a Stage).
fn as_created(u: UpdateStageOutput) -> CreateStageOutput {
    CreateStageOutput::builder()
        .set_deployment_id(u.deployment_id)
        .set_client_certificate_id(u.client_certificate_id)
        .set_stage_name(u.stage_name)
        .set_description(u.description)
        .set_cache_cluster_enabled(Some(u.cache_cluster_enabled))
        .set_cache_cluster_size(u.cache_cluster_size)
        .set_cache_cluster_status(u.cache_cluster_status)
        .set_method_settings(u.method_settings)
        .set_variables(u.variables)
        .set_documentation_version(u.documentation_version)
        .set_access_log_settings(u.access_log_settings)
        .set_canary_settings(u.canary_settings)
        .set_tracing_enabled(Some(u.tracing_enabled))
        .set_web_acl_arn(u.web_acl_arn)
        .set_tags(u.tags)
        .set_created_date(u.created_date)
        .set_last_updated_date(u.last_updated_date)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::patch::show;
    use crate::diag::Diagnostics;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests, strings};
    use crate::tfvalue::Path;

    fn planned(pairs: &[(&str, Value)]) -> Value {
        let mut base = vec![
            ("rest_api_id", Value::from("a")),
            ("stage_name", Value::from("prod")),
            ("deployment_id", Value::from("d1")),
            ("access_log_settings", Value::List(Vec::new())),
            ("canary_settings", Value::List(Vec::new())),
        ];
        base.extend(pairs.iter().cloned());
        object(&Stage, &base)
    }

    fn canary(pairs: &[(&str, Value)]) -> Value {
        let mut c = Value::object([
            (CANARY_DEPLOYMENT, Value::Null),
            (PERCENT, Value::Null),
            (OVERRIDES, Value::Null),
            (STAGE_CACHE, Value::Null),
        ]);
        for (k, v) in pairs {
            c.set(k, v.clone());
        }
        Value::List(vec![c])
    }

    fn logs(arn: &str, format: &str) -> Value {
        Value::List(vec![Value::object([
            (DESTINATION_ARN, Value::from(arn)),
            (FORMAT, Value::from(format)),
        ])])
    }

    const GROUP: &str = "arn:aws:logs:us-east-1:123456789012:log-group:api";

    #[tokio::test]
    async fn what_create_stage_cannot_take_is_set_by_one_update_right_after_it() {
        let created = r#"{"stageName":"prod","deploymentId":"d1"}"#;
        let updated = r#"{"stageName":"prod","deploymentId":"d1","clientCertificateId":"cc1",
            "accessLogSettings":{"destinationArn":"arn:aws:logs:us-east-1:123456789012:log-group:api","format":"$context.requestId"}}"#;
        let (aws, calls) = api(vec![(201, None, created), (200, None, updated)]).await;
        let plan = planned(&[
            ("access_log_settings", logs(GROUP, "$context.requestId")),
            ("client_certificate_id", "cc1".into()),
        ]);
        let state = Stage.create(&aws, &plan).await.unwrap();
        let log = requests(&calls);
        assert_eq!(log.len(), 2, "{log:?}");
        assert!(log[0].starts_with("POST /restapis/a/stages"), "{log:?}");
        assert!(!log[0].contains("accessLogSettings"), "{log:?}");
        assert!(
            log[1].starts_with("PATCH /restapis/a/stages/prod"),
            "{log:?}"
        );
        for part in [
            "/accessLogSettings/destinationArn",
            "/accessLogSettings/format",
            "/clientCertificateId",
        ] {
            assert!(log[1].contains(part), "{part}: {log:?}");
        }
        assert_eq!(
            ACCESS_LOG_SETTINGS.raw(&state),
            &logs(GROUP, "$context.requestId")
        );
        assert_eq!(CLIENT_CERTIFICATE_ID.get(&state), Some("cc1"));
    }

    #[tokio::test]
    async fn a_stage_without_them_is_one_call_and_a_canary_goes_with_the_create() {
        let created = r#"{"stageName":"prod","deploymentId":"d1",
            "canarySettings":{"deploymentId":"d1","percentTraffic":10.0}}"#;
        let (aws, calls) = api(vec![(201, None, created)]).await;
        let plan = planned(&[(
            "canary_settings",
            canary(&[
                (CANARY_DEPLOYMENT, Value::Unknown),
                (PERCENT, Value::from(10i64)),
            ]),
        )]);
        let state = Stage.create(&aws, &plan).await.unwrap();
        let log = requests(&calls);
        assert_eq!(log.len(), 1, "{log:?}");
        // The canary names no deployment: it gets the stage's.
        assert!(
            log[0].contains(r#""canarySettings":{"percentTraffic":10.0,"deploymentId":"d1"}"#),
            "{log:?}"
        );
        let c = &CANARY_SETTINGS.get(&state).unwrap()[0];
        assert_eq!(c.get(CANARY_DEPLOYMENT).as_str(), Some("d1"));
        assert_eq!(
            c.get(PERCENT).as_i64(),
            Some(10),
            "the user's spelling of 10 is kept"
        );
        assert!(
            c.get(OVERRIDES).is_null() && c.get(STAGE_CACHE).is_null(),
            "{c:?}"
        );
        assert!(ACCESS_LOG_SETTINGS.get(&state).unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_tag_change_is_untag_and_tag_and_nothing_else() {
        let (aws, calls) = api(vec![(204, None, ""), (204, None, "")]).await;
        let arn = "arn:aws:apigateway:us-east-1::/restapis/a/stages/prod";
        let prior = planned(&[
            ("arn", arn.into()),
            ("tags", strings(&[("old", "1"), ("keep", "1")])),
            ("tags_all", strings(&[("old", "1"), ("keep", "1")])),
        ]);
        let next = planned(&[
            ("arn", arn.into()),
            ("tags", strings(&[("keep", "2")])),
            ("tags_all", strings(&[("keep", "2")])),
        ]);
        let state = Stage.update(&aws, &prior, &next).await.unwrap();
        let log = requests(&calls);
        assert_eq!(log.len(), 2, "{log:?}");
        assert!(
            log[0].starts_with("DELETE /tags/") && log[0].contains("tagKeys=old"),
            "{log:?}"
        );
        assert!(
            log[1].starts_with("PUT /tags/") && log[1].contains(r#"{"tags":{"keep":"2"}}"#),
            "{log:?}"
        );
        assert_eq!(TAGS_ALL.raw(&state), &strings(&[("keep", "2")]));
    }

    #[tokio::test]
    async fn replaced_deployments_left_by_an_interrupted_run_are_deleted_by_the_next() {
        // Run 1: a redeploy replaced d1, and the stage's update never finished: the stage's
        // private state remembers d1.
        publish::supersede("keep-api", "keep-d1");
        let prior = planned(&[
            ("rest_api_id", "keep-api".into()),
            ("deployment_id", "keep-d1".into()),
        ]);
        let private = Resource::private_after_apply(&Stage, &prior, Vec::new());
        assert_eq!(Pending::parse(&private).superseded, ["keep-d1"]);

        // Run 2, another process: planning the stage brings d1 back; the update that moves the
        // stage deletes it, and nothing is left to remember.
        publish::forget_superseded("keep-api", "keep-d1");
        let mut next = prior.clone();
        DEPLOYMENT_ID.put(&mut next, "keep-d2".into());
        Resource::plan_private(&Stage, &prior, &private, &mut next, &mut Diagnostics::new());
        assert_eq!(publish::superseded("keep-api"), ["keep-d1"]);
        let moved = r#"{"stageName":"prod","deploymentId":"keep-d2"}"#;
        let (aws, calls) = api(vec![(200, None, moved), (202, None, "")]).await;
        Stage.update(&aws, &prior, &next).await.unwrap();
        let log = requests(&calls);
        assert_eq!(log.len(), 2, "{log:?}");
        assert!(
            log[0].starts_with("PATCH /restapis/keep-api/stages/prod"),
            "{log:?}"
        );
        assert_eq!(log[1], "DELETE /restapis/keep-api/deployments/keep-d1");
        let private = Resource::private_after_apply(&Stage, &next, private);
        assert!(Pending::parse(&private).superseded.is_empty());
    }

    #[test]
    fn canary_operations_add_change_and_remove() {
        let none = planned(&[]);
        let added = planned(&[(
            "canary_settings",
            canary(&[
                (PERCENT, Value::from(5i64)),
                (OVERRIDES, strings(&[("v", "1")])),
            ]),
        )]);
        assert_eq!(
            show(&Stage.patch_quirks(&none, &added, Vec::new())),
            [
                "replace /canarySettings/deploymentId d1",
                "replace /canarySettings/percentTraffic 5",
                "replace /canarySettings/stageVariableOverrides/v 1",
            ]
        );
        let prior = planned(&[(
            "canary_settings",
            canary(&[
                (CANARY_DEPLOYMENT, "d1".into()),
                (PERCENT, Value::from(5i64)),
                (OVERRIDES, strings(&[("v", "1"), ("old", "x")])),
            ]),
        )]);
        let changed = planned(&[(
            "canary_settings",
            canary(&[
                (CANARY_DEPLOYMENT, "d2".into()),
                (PERCENT, Value::Number(Number::Float(12.5))),
                (OVERRIDES, strings(&[("v", "2")])),
                (STAGE_CACHE, Value::Bool(true)),
            ]),
        )]);
        assert_eq!(
            show(&Stage.patch_quirks(&prior, &changed, Vec::new())),
            [
                "replace /canarySettings/deploymentId d2",
                "replace /canarySettings/percentTraffic 12.5",
                "replace /canarySettings/useStageCache true",
                "remove /canarySettings/stageVariableOverrides/old -",
                "replace /canarySettings/stageVariableOverrides/v 2",
            ]
        );
        assert!(Stage.patch_quirks(&prior, &prior, Vec::new()).is_empty());
        assert_eq!(
            show(&Stage.patch_quirks(&prior, &none, Vec::new())),
            ["remove /canarySettings -"]
        );
    }

    #[test]
    fn access_logs_and_the_certificate_change_in_place_and_go_away() {
        let prior = planned(&[
            ("access_log_settings", logs(GROUP, "a")),
            ("client_certificate_id", "cc1".into()),
        ]);
        let changed = planned(&[("access_log_settings", logs(GROUP, "b"))]);
        assert_eq!(
            show(&Stage.patch_quirks(&prior, &changed, Vec::new())),
            [
                "replace /accessLogSettings/format b",
                "replace /clientCertificateId "
            ]
        );
        assert_eq!(
            show(&Stage.patch_quirks(&changed, &planned(&[]), Vec::new())),
            ["remove /accessLogSettings -"]
        );
    }

    #[test]
    fn bad_percent_and_bad_log_destination_are_named_at_plan() {
        let schema = Stage.schema();
        let config = planned(&[
            ("canary_settings", canary(&[(PERCENT, Value::from(150i64))])),
            ("access_log_settings", logs("my-log-group", "x")),
        ]);
        let mut diags = Diagnostics::new();
        crate::schema::validate::validate_config(&schema.block, &config, &mut diags);
        let d = diags.into_vec();
        let text = format!("{d:?}");
        assert_eq!(d.len(), 2, "{text}");
        assert!(text.contains("a number from 0 to 100; got 150"), "{text}");
        assert!(text.contains("it is not an ARN"), "{text}");
        let at: Vec<_> = d.iter().filter_map(|d| d.path.clone()).collect();
        assert!(
            at.contains(
                &Path::attr("canary_settings")
                    .with_index(0)
                    .with_attr(PERCENT)
            ),
            "{at:?}"
        );
    }
}
