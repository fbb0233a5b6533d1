//! `apigateway_stage`: a named, callable version of a REST API (`prod`, `test`) that serves
//! one deployment.
//!
//! Calls: CreateStage, GetStage, UpdateStage (patch operations, one call for any change),
//! DeleteStage. When an update moves the stage off a deployment that a redeploy of
//! `apigateway_deployment` replaced in the same apply, the stage deletes that deployment (one
//! DeleteDeployment): AWS refuses to delete a deployment a stage serves, so this is the first
//! moment it can go, and old deployments do not pile up. State `id`:
//! `ags-REST-API-ID-STAGE-NAME`; import ID `REST-API-ID/STAGE-NAME`.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_stage::CreateStageOutput;
use aws_sdk_apigateway::operation::create_stage::builders::CreateStageFluentBuilder;
use aws_sdk_apigateway::operation::get_stage::GetStageOutput;
use aws_sdk_apigateway::operation::update_stage::UpdateStageOutput;
use aws_sdk_apigateway::types::{CacheClusterSize, PatchOperation};

use crate::aws::{Aws, AwsError, not_found_as_none};
use crate::diag::Diagnostics;
use crate::schema::validators::{OneOf, one_of};
use crate::tfvalue::Value;

use super::decl::{
    Bool, Decl, Declared, Field, Identity, Input, Lit, Policy, Sdk, Str, StrMap, Update, aws,
    fields, set,
};
use super::keys::{Ident, StageKey};
use super::publish;

/// AWS's cache cluster sizes, in GB.
const CACHE_SIZES: OneOf = one_of(&["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]);

/// The `apigateway_stage` resource type.
#[derive(Debug)]
pub struct Stage;

impl Sdk for Stage {
    type Create = CreateStageFluentBuilder;
    type Created = CreateStageOutput;
    type Got = GetStageOutput;
    type Updated = UpdateStageOutput;
    type Item = GetStageOutput;
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

    async fn call_create(
        &self,
        aws: &Aws,
        key: &StageKey,
        input: Input<'_, Self>,
    ) -> Result<CreateStageOutput, AwsError> {
        let call = aws.client.create_stage().rest_api_id(&key.rest_api_id);
        Ok(input.fill(call.stage_name(&key.stage_name)).send().await?)
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

    async fn call_delete(&self, aws: &Aws, key: &StageKey) -> Result<(), AwsError> {
        let call = aws.client.delete_stage().rest_api_id(&key.rest_api_id);
        call.stage_name(&key.stage_name).send().await?;
        Ok(())
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
        if old == new || !publish::take_superseded(key.rest_api_id(), old) {
            return Ok(());
        }
        let call = aws
            .client
            .delete_deployment()
            .rest_api_id(&key.rest_api_id)
            .deployment_id(old);
        match not_found_as_none(call.send().await.map_err(AwsError::from)) {
            Ok(_) => tracing::info!(
                deployment_id = old,
                "deleted the deployment this stage no longer serves"
            ),
            // Another stage still serves it ("Active stages pointing to this deployment"): it stays.
            Err(e) => {
                tracing::info!(deployment_id = old, error = %e.message, "kept the previous deployment")
            }
        }
        Ok(())
    }
}
