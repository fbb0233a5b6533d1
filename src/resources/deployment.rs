//! `apigateway_deployment`: the snapshot of a REST API that a stage serves.
//!
//! Calls: CreateDeployment (create, and every redeploy), GetDeployment, UpdateDeployment (a new
//! description alone), DeleteDeployment. State `id`: the deployment id AWS assigns; import ID
//! `REST-API-ID/DEPLOYMENT-ID`.
//!
//! **Publishing changes.** A deployment is immutable, so a changed API is served only after a
//! new one. Here a redeploy is an in-place update of this resource that makes a new deployment
//! (a new `id`), never a replacement: the stage that references `id` is then updated to the
//! new deployment, and it deletes the old one (see `apigateway_stage`). A redeploy is planned
//! when `triggers` or `variables` change, or when an object of the same REST API that this
//! deployment depends on (by reference or `depends_on`) has a planned change in the same run
//! (see [`crate::resources::publish`]); the plan says which, in a warning.
//!
//! **Changes made outside Terraform.** Before each CreateDeployment, the provider takes the
//! fingerprint of the API's resources, methods, integrations and responses (see
//! [`publish::fingerprint`]) and keeps it in the deployment's private state. A refresh takes
//! the fingerprint again (from the read snapshot the refresh loads anyway); when it differs,
//! the API changed since this deployment was made and is not served as it is, and the plan
//! redeploys, saying so. The fingerprint is taken before the create, so a change racing with
//! it costs at worst one more redeploy, never a missed one.

use async_trait::async_trait;
use aws_sdk_apigateway::operation::create_deployment::CreateDeploymentOutput;
use aws_sdk_apigateway::operation::create_deployment::builders::CreateDeploymentFluentBuilder;
use aws_sdk_apigateway::operation::get_deployment::GetDeploymentOutput;
use aws_sdk_apigateway::operation::update_deployment::UpdateDeploymentOutput;
use aws_sdk_apigateway::types::PatchOperation;

use crate::aws::{Aws, AwsError};
use crate::diag::{Diagnostic, Diagnostics};
use crate::tfvalue::Value;

use super::decl::{
    Answer, Decl, Declared, Field, Identity, Input, Policy, Sdk, Str, StrMap, Update, aws, fields,
    set,
};
use super::keys::{ApiChild, ApiId, Ident, ImportForm};
use super::publish;

/// The `apigateway_deployment` resource type.
#[derive(Debug)]
pub struct Deployment;

impl Sdk for Deployment {
    type Create = CreateDeploymentFluentBuilder;
    type Created = CreateDeploymentOutput;
    type Got = GetDeploymentOutput;
    type Updated = UpdateDeploymentOutput;
    type Item = GetDeploymentOutput;
}

fields! { Deployment;
    ID: Str = Field::new(
        "id",
        "The deployment id, which AWS assigns. A redeploy makes a new deployment, so the id \
         changes; reference it from `apigateway_stage.deployment_id`.",
    )
    .computed()
    .keep_prior()
    .read(aws!(id)),
    DESCRIPTION: Str = Field::new("description", "Description of the deployment. Changed in place.")
        .aws(aws!(description), set!(set_description))
        .patch("/description"),
    // AWS does not answer these two: the state keeps what was planned (`quirks`).
    VARIABLES: StrMap = Field::new(
        "variables",
        "Stage variables sent with the deployment, as in the hashicorp/aws provider. A change \
         makes a new deployment.",
    )
    .policy(Policy::Custom)
    .send(set!(set_variables))
    .manual(),
    TRIGGERS: StrMap = Field::new(
        "triggers",
        "Arbitrary values; a change makes a new deployment, as in the hashicorp/aws provider. \
         Not needed to publish changes of the API's own objects (see the page's notes).",
    )
    .policy(Policy::Custom)
    .manual(),
    CREATED_DATE: Str = Field::new("created_date", "When the deployment was created (RFC 3339).")
        .computed()
        .keep_prior()
        .read(aws!(created_date)),
    // Needs the account id (`complete`).
    EXECUTION_ARN: Str = Field::new(
        "execution_arn",
        "The deployment's execution ARN prefix, `arn:aws:execute-api:REGION:ACCOUNT:REST-API-ID/`, \
         as in the hashicorp/aws provider; add the stage name.",
    )
    .computed()
    .keep_prior()
    .policy(Policy::Custom),
    // AWS does not answer it; made from the API id and the region (`complete`).
    INVOKE_URL: Str = Field::new(
        "invoke_url",
        "The URL that invokes the API's stages, \
         `https://REST-API-ID.execute-api.REGION.amazonaws.com/`; add the stage name.",
    )
    .computed()
    .keep_prior()
    .policy(Policy::Custom),
}

#[async_trait]
impl Declared for Deployment {
    const TYPE_NAME: &'static str = "apigateway_deployment";
    const OBJECT: &'static str = "Deployment";
    const DESCRIPTION: &'static str = "A deployment of an API Gateway REST API: the snapshot a \
        stage serves. Changes to the API's methods, integrations and responses that this \
        deployment depends on are published by a new deployment in the same apply.";
    type Key = ApiChild;
    type Parent = ApiId;
    const IDENTITY: Identity<ApiChild> = Identity::Assigned;
    const IMPORT: ImportForm = ImportForm {
        format: "REST-API-ID/DEPLOYMENT-ID",
        example: "a1b2c3d4e5/d1e2f3",
    };
    const FIELDS: &'static [&'static Decl<Self>] = FIELDS;
    const UPDATE: Update = Update::Patch;
    const NEEDS_ACCOUNT: bool = true;

    async fn call_create(
        &self,
        aws: &Aws,
        api: &ApiId,
        input: Input<'_, Self>,
    ) -> Result<CreateDeploymentOutput, AwsError> {
        let made_from = live_fingerprint(aws, &api.0).await;
        let call = aws.client.create_deployment().rest_api_id(&api.0);
        let created = input.fill(call).send().await?;
        if let (Some(id), Some(fp)) = (created.id(), made_from) {
            publish::made_from(id, fp);
        }
        Ok(created)
    }

    async fn call_get(&self, aws: &Aws, key: &ApiChild) -> Result<GetDeploymentOutput, AwsError> {
        let call = aws.client.get_deployment().rest_api_id(&key.rest_api_id);
        Ok(call.deployment_id(&key.id).send().await?)
    }

    async fn call_update(
        &self,
        aws: &Aws,
        key: &ApiChild,
        ops: Vec<PatchOperation>,
    ) -> Result<UpdateDeploymentOutput, AwsError> {
        let call = aws.client.update_deployment().rest_api_id(&key.rest_api_id);
        Ok(call
            .deployment_id(&key.id)
            .set_patch_operations(Some(ops))
            .send()
            .await?)
    }

    async fn call_delete(&self, aws: &Aws, key: &ApiChild) -> Result<(), AwsError> {
        let call = aws.client.delete_deployment().rest_api_id(&key.rest_api_id);
        call.deployment_id(&key.id).send().await?;
        Ok(())
    }

    // AWS: 400 "No integration defined for method" when the deployment was made before a
    // method's integration (it does not say which method, nor what to do).
    fn write_hint(&self, e: &AwsError) -> &'static str {
        if e.message.contains("No integration defined for method") {
            " A method of this REST API has no integration yet. Make the deployment depend on \
             every method and integration of the API (`depends_on = [apigateway_integration.NAME, \
             ...]`, or `depends_on = [module.api]`) so Terraform creates them first."
        } else {
            ""
        }
    }

    // A deployment is planned before nothing it depends on: a change of those objects, of
    // `triggers` or of `variables` is a redeploy, which the plan shows as a new id.
    fn adjust_plan(
        &self,
        prior: &Value,
        _config: &Value,
        planned: &mut Value,
        diags: &mut Diagnostics,
    ) {
        if prior.is_null() {
            return;
        }
        let Ok(api) = ApiId::from_state(planned) else {
            return;
        };
        let mut reasons = publish::pending(api.rest_api_id());
        for field in [&VARIABLES, &TRIGGERS] {
            if field.raw(planned).is_unknown() || field.raw(planned) != field.raw(prior) {
                reasons.push(format!("`{}` changed", field.name()));
            }
        }
        if reasons.is_empty() {
            return;
        }
        for field in [&ID, &CREATED_DATE] {
            field.put(planned, Value::Unknown);
        }
        diags.push(
            Diagnostic::warning(
                format!("REST API {api} will be redeployed"),
                format!(
                    "A new deployment replaces {} because: {}.",
                    ID.get(prior).unwrap_or("the current one"),
                    reasons.join("; ")
                ),
            )
            .at(ID.path()),
        );
    }

    async fn private_after_read(
        &self,
        aws: &Aws,
        state: &Value,
        private: Vec<u8>,
    ) -> Result<Vec<u8>, Diagnostics> {
        let Ok(api) = ApiId::from_state(state) else {
            return Ok(private);
        };
        let Some(live) = live_fingerprint(aws, &api.0).await else {
            return Ok(private);
        };
        // No fingerprint yet (imported, or made before fingerprints): the API as it is now is
        // taken as what this deployment serves.
        let stored = Fingerprints::parse(&private);
        Ok(Fingerprints {
            made_from: Some(stored.made_from.unwrap_or_else(|| live.clone())),
            live: Some(live),
        }
        .bytes())
    }

    // The API changed since this deployment was made (the refresh found another fingerprint).
    fn plan_private(
        &self,
        prior: &Value,
        private: &[u8],
        planned: &mut Value,
        diags: &mut Diagnostics,
    ) {
        let seen = Fingerprints::parse(private);
        let (Some(made), Some(live)) = (&seen.made_from, &seen.live) else {
            return;
        };
        if made == live || ID.is_unknown(planned) {
            return;
        }
        let Ok(api) = ApiId::from_state(planned) else {
            return;
        };
        for field in [&ID, &CREATED_DATE] {
            field.put(planned, Value::Unknown);
        }
        diags.push(
            Diagnostic::warning(
                format!("REST API {api} will be redeployed"),
                format!(
                    "A new deployment replaces {} because the API's resources, methods, \
                     integrations or responses changed since it was made (outside this \
                     configuration's plan, or after the deployment in an earlier apply), so \
                     the stages serving it do not serve the API as it is.",
                    ID.get(prior).unwrap_or("the current one"),
                ),
            )
            .at(ID.path()),
        );
    }

    // A new deployment keeps the fingerprint of the API it was made from.
    fn private_after_apply(&self, state: &Value, planned_private: Vec<u8>) -> Vec<u8> {
        match ID.get(state).and_then(publish::take_made_from) {
            Some(fp) => Fingerprints {
                made_from: Some(fp),
                live: None,
            }
            .bytes(),
            None => planned_private,
        }
    }

    // A redeploy (a new id in the plan) is a new CreateDeployment, not patch operations.
    fn update_by_create(&self, _prior: &Value, planned: &Value) -> bool {
        ID.is_unknown(planned)
    }

    // The stage moving off the old deployment deletes it (it cannot be deleted while served).
    async fn after_update(
        &self,
        _aws: &Aws,
        prior: &Value,
        state: &Value,
    ) -> Result<(), Diagnostics> {
        if let (Some(old), Some(new)) = (ID.get(prior), ID.get(state))
            && old != new
            && let Ok(api) = ApiId::from_state(state)
        {
            publish::supersede(api.rest_api_id(), old);
        }
        Ok(())
    }

    fn quirks(&self, _answer: &Answer<'_, Self>, reference: &Value, state: &mut Value) {
        for field in [&VARIABLES, &TRIGGERS] {
            let written = field.raw(reference);
            field.put(
                state,
                if written.is_wholly_known() {
                    written.clone()
                } else {
                    Value::Null
                },
            );
        }
    }

    async fn complete(
        &self,
        aws: &Aws,
        reference: &Value,
        state: &mut Value,
    ) -> Result<(), Diagnostics> {
        let api = ApiId::from_state(state)?;
        let url = format!("https://{api}.execute-api.{}.amazonaws.com/", aws.region);
        INVOKE_URL.put(state, Value::from(url));
        // The account never changes: the reference's ARN, else STS (once per process).
        let arn = match EXECUTION_ARN.get(reference) {
            Some(known) => Some(known.to_owned()),
            None => {
                aws.account_id()
                    .await
                    .map_err(|e| e.diagnostic("Reading", "account id (STS)", &api.0))?;
                aws.execution_arn(&api.0, "/")
            }
        };
        EXECUTION_ARN.put(state, Value::opt_string(arn));
        Ok(())
    }
}

/// What the deployment's private state holds: the fingerprint of the API it was made from,
/// and the one the last refresh found.
#[derive(Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Fingerprints {
    #[serde(skip_serializing_if = "Option::is_none")]
    made_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    live: Option<String>,
}

impl Fingerprints {
    /// Private data this provider did not write (or none) holds no fingerprints.
    fn parse(private: &[u8]) -> Self {
        serde_json::from_slice(private).unwrap_or_default()
    }

    fn bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// The API's fingerprint now (from the read snapshot when one is loaded); `None` when it
/// cannot be read, which only skips the check.
async fn live_fingerprint(aws: &Aws, rest_api_id: &str) -> Option<String> {
    // Without snapshots every read is a call of its own.
    if !aws.cache.enabled() {
        aws.cache.invalidate(rest_api_id);
    }
    match aws.cache.resources(&aws.client, rest_api_id).await {
        Ok(resources) => Some(publish::fingerprint(&resources)),
        Err(e) => {
            tracing::debug!(rest_api_id, error = %e.message, "no fingerprint of the API");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;
    use crate::resources::testing::{api, object, requests};

    fn planned() -> Value {
        object(&Deployment, &[("rest_api_id", "a".into())])
    }

    /// GetResources?embed=methods of an API with a root and `GET /pets` (MOCK).
    const RESOURCES: crate::resources::testing::Answer = (
        200,
        None,
        r#"{"item":[{"id":"r0","path":"/"},{"id":"r1","path":"/pets","resourceMethods":{"GET":
            {"httpMethod":"GET","authorizationType":"NONE","methodIntegration":{"type":"MOCK",
            "requestTemplates":{"application/json":"{\"statusCode\": 200}"},
            "integrationResponses":{"200":{"statusCode":"200","responseTemplates":
            {"application/json":"{\"v\": 1}"}}}}}}}]}"#,
    );

    #[tokio::test]
    async fn a_deployment_before_its_integrations_says_what_to_add() {
        let early = (
            400,
            Some("BadRequestException"),
            r#"{"message":"No integration defined for method"}"#,
        );
        let (aws, calls) = api(vec![RESOURCES, early]).await;
        let d = Deployment
            .create(&aws, &planned())
            .await
            .unwrap_err()
            .into_vec();
        assert!(
            d[0].detail.contains("No integration defined for method"),
            "{}",
            d[0].detail
        );
        assert!(d[0].detail.contains("depends_on"), "{}", d[0].detail);
        assert_eq!(requests(&calls).len(), 2);
    }

    #[tokio::test]
    async fn a_create_reads_the_fingerprint_then_deploys_once_and_the_state_has_the_urls() {
        let answer = r#"{"id":"d1","createdDate":1700000000}"#;
        let (aws, calls) = api(vec![RESOURCES, (201, None, answer)]).await;
        let state = Deployment.create(&aws, &planned()).await.unwrap();
        assert_eq!(ID.get(&state), Some("d1"));
        assert_eq!(
            INVOKE_URL.get(&state),
            Some("https://a.execute-api.us-east-1.amazonaws.com/")
        );
        assert!(
            CREATED_DATE
                .get(&state)
                .is_some_and(|d| d.starts_with("2023-11-14"))
        );
        let log = requests(&calls);
        assert_eq!(log.len(), 2, "{log:?}");
        assert!(log[0].starts_with("GET /restapis/a/resources"), "{log:?}");
        assert!(
            log[1].starts_with("POST /restapis/a/deployments"),
            "{log:?}"
        );
        // Terraform keeps the fingerprint of what was deployed with the state.
        let private = Resource::private_after_apply(&Deployment, &state, Vec::new());
        assert!(Fingerprints::parse(&private).made_from.is_some());
    }

    #[test]
    fn a_redeploy_is_planned_for_pending_changes_and_trigger_changes_only() {
        let mut prior = planned();
        ID.put(&mut prior, "d1".into());
        prior.set("rest_api_id", "deployment-test-api".into());
        let mut next = prior.clone();
        let mut diags = Diagnostics::new();
        Deployment.adjust_plan(&prior, &next.clone(), &mut next, &mut diags);
        assert_eq!(
            ID.get(&next),
            Some("d1"),
            "nothing changed, nothing deployed"
        );
        assert!(diags.into_vec().is_empty());

        publish::note(
            "deployment-test-api",
            "apigateway_method x/y/GET updated".to_owned(),
        );
        let mut diags = Diagnostics::new();
        Deployment.adjust_plan(&prior, &next.clone(), &mut next, &mut diags);
        assert!(ID.is_unknown(&next));
        let d = diags.into_vec();
        assert!(
            d[0].detail.contains("apigateway_method x/y/GET updated"),
            "{}",
            d[0].detail
        );
        assert!(Deployment.update_by_create(&prior, &next));

        let mut triggered = planned();
        ID.put(&mut triggered, "d1".into());
        let mut with_trigger = triggered.clone();
        TRIGGERS.put(
            &mut with_trigger,
            Value::string_map(Some([("release", "2")])),
        );
        let mut diags = Diagnostics::new();
        Deployment.adjust_plan(
            &triggered,
            &with_trigger.clone(),
            &mut with_trigger,
            &mut diags,
        );
        assert!(ID.is_unknown(&with_trigger));
        assert!(diags.into_vec()[0].detail.contains("`triggers` changed"));
    }

    #[tokio::test]
    async fn an_api_changed_since_the_deployment_is_planned_for_a_redeploy_saying_why() {
        let changed = (200, None, r#"{"item":[{"id":"r0","path":"/"}]}"#);
        let (aws, _) = api(vec![RESOURCES, changed, RESOURCES]).await;
        let mut prior = planned();
        ID.put(&mut prior, "d1".into());
        // The deployment was made from the API as RESOURCES shows it.
        let made = live_fingerprint(&aws, "a").await.unwrap();
        let stored = Fingerprints {
            made_from: Some(made.clone()),
            ..Fingerprints::default()
        }
        .bytes();

        // A refresh finds the API changed: the plan redeploys and says why.
        let after = Resource::private_after_read(&Deployment, &aws, &prior, stored.clone())
            .await
            .unwrap();
        let seen = Fingerprints::parse(&after);
        assert_eq!(seen.made_from.as_deref(), Some(made.as_str()));
        assert_ne!(seen.live.as_deref(), Some(made.as_str()));
        let mut next = prior.clone();
        let mut diags = Diagnostics::new();
        Resource::plan_private(&Deployment, &prior, &after, &mut next, &mut diags);
        assert!(ID.is_unknown(&next));
        assert!(Deployment.update_by_create(&prior, &next));
        let d = diags.into_vec();
        assert!(
            d[0].detail.contains("changed since it was made"),
            "{}",
            d[0].detail
        );

        // The API as deployed: nothing to do.
        let after = Resource::private_after_read(&Deployment, &aws, &prior, stored)
            .await
            .unwrap();
        let mut next = prior.clone();
        let mut diags = Diagnostics::new();
        Resource::plan_private(&Deployment, &prior, &after, &mut next, &mut diags);
        assert_eq!(ID.get(&next), Some("d1"));
        assert!(diags.into_vec().is_empty());

        // Private data from elsewhere (or none) is no fingerprint, and no redeploy.
        let mut next = prior.clone();
        Resource::plan_private(
            &Deployment,
            &prior,
            b"not json",
            &mut next,
            &mut Diagnostics::new(),
        );
        assert_eq!(ID.get(&next), Some("d1"));
    }
}
